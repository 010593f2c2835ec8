import { typedEventFields } from '../../events/event-data.js';
import {
  Arg,
  Args,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { Role } from '../../auth/auth-checker.js';
import { belongsTo } from '../../common/belongs-to.js';
import { ConnectionType } from '../../common/pagination.js';
import { actorOf, type Context } from '../../context.js';
import { User } from '../users/user.entity.js';
import { Organisation } from './organisation.entity.js';
import { organisationLoaders } from './organisation.loaders.js';
import { organisationPolicy } from './organisation.policy.js';
import {
  CreateOrganisationInput,
  OrganisationAccessInput,
  OrganisationAdminInput,
  OrganisationsArgs,
  UpdateOrganisationInput,
} from './organisation.inputs.js';
import type { ActivityRow } from './organisation.service.js';

export const OrganisationConnection = ConnectionType('Organisation', Organisation);

@ObjectType({ description: 'Something a person did on behalf of the organisation.' })
export class OrganisationActivity {
  @Field(() => ID, { description: 'The event id (pass as `before` for the next page).' })
  id!: string;

  @Field(() => String, { description: 'The event type, e.g. mandate.signed, decision.voted, question.answered.' })
  type!: string;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => ID, { nullable: true })
  groupId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The procurement it concerns, if any.' })
  procurementId!: string | null;

  @Field(() => String, { nullable: true })
  groupName!: string | null;

  @Field(() => String, { nullable: true })
  procurementTitle!: string | null;

  actorUserId!: string | null;
}

export const OrganisationActivityEventResolver = typedEventFields(OrganisationActivity, { data: false });

export const OrganisationActivityResolver = belongsTo(OrganisationActivity, [
  {
    field: 'actor',
    to: () => User,
    key: (a) => a.actorUserId,
    nullable: true,
    description: 'Who acted (null if the account was removed).',
  },
]);

@Resolver(() => Organisation)
export class OrganisationResolver {
  @Authorized()
  @Query(() => Organisation)
  organisation(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Organisation> {
    return organisationLoaders(ctx.loaders).get(id);
  }

  @Authorized()
  @Query(() => OrganisationConnection, { description: 'Authorities and suppliers, by name.' })
  organisations(@Args(() => OrganisationsArgs) args: OrganisationsArgs, @Ctx() ctx: Context) {
    return ctx.services.organisations.list(args);
  }

  @FieldResolver(() => [String], {
    nullable: true,
    description:
      'E-mail domains whose verified addresses may register as users of this organisation. Shown to its own users and platform admins only (null for others).',
  })
  emailDomains(@Root() org: Organisation, @Ctx() ctx: Context): string[] | null {
    return ctx.viewer && organisationPolicy.can(ctx.viewer, 'readEmailDomains', org) ? org.emailDomains : null;
  }

  @FieldResolver(() => Boolean, { description: 'Addresses at subdomains of the domains may register too.' })
  allowSubdomains(@Root() org: Organisation): boolean {
    return org.allowSubdomains;
  }

  @FieldResolver(() => Boolean, { description: 'New users wait for an admin of the organisation.' })
  requiresApproval(@Root() org: Organisation): boolean {
    return org.requiresApproval;
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => Organisation, { description: 'Platform admins: registers an organisation with its first admins.' })
  createOrganisation(
    @Arg('input', () => CreateOrganisationInput) input: CreateOrganisationInput,
    @Ctx() ctx: Context,
  ): Promise<Organisation> {
    return ctx.services.organisations.create(actorOf(ctx), input);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => Organisation, { description: 'Platform admins: the registry facts (name, any e-mail domains).' })
  updateOrganisation(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateOrganisationInput) input: UpdateOrganisationInput,
    @Ctx() ctx: Context,
  ): Promise<Organisation> {
    return ctx.services.organisations.update(actorOf(ctx), id, input);
  }

  @Authorized()
  @Mutation(() => Organisation, { description: "The organisation's admins: how people join it." })
  updateOrganisationAccess(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => OrganisationAccessInput) input: OrganisationAccessInput,
    @Ctx() ctx: Context,
  ): Promise<Organisation> {
    return ctx.services.organisations.updateAccess(actorOf(ctx), id, input);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => User, {
    description:
      'Platform admins: makes a person an admin of the organisation (a new address gets a mail to choose a password).',
  })
  addOrganisationAdmin(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => OrganisationAdminInput) input: OrganisationAdminInput,
    @Ctx() ctx: Context,
  ): Promise<User> {
    return ctx.services.organisations.addAdmin(actorOf(ctx), id, input);
  }

  @Authorized()
  @Query(() => [OrganisationActivity], {
    description:
      'Who acted for the organisation: mandates, votes, answers to suppliers, phase moves, newest first. Its admins and platform admins.',
  })
  async organisationActivity(
    @Arg('id', () => ID) id: string,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('before', () => ID, { nullable: true }) before: string | null,
    @Ctx() ctx: Context,
  ): Promise<OrganisationActivity[]> {
    const rows = await ctx.services.organisations.activity(
      actorOf(ctx),
      id,
      Math.min(Math.max(first, 1), 200),
      before && /^\d{1,18}$/.test(before) ? before : null,
    );
    return rows.map((r: ActivityRow) => ({
      id: r.id,
      type: r.type,
      createdAt: r.createdAt,
      groupId: r.groupId,
      procurementId: r.scopeType === 'procurement' ? r.scopeId : null,
      groupName: r.groupName,
      procurementTitle: r.scopeType === 'procurement' ? r.procurementTitle : null,
      actorUserId: r.actorUserId,
    }));
  }
}
