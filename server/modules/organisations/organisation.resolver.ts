import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { Role } from '../../auth/auth-checker.js';
import { ConnectionType } from '../../common/pagination.js';
import type { Context } from '../../context.js';
import { Organisation } from './organisation.entity.js';
import { CreateOrganisationInput, OrganisationsArgs, UpdateOrganisationInput } from './organisation.inputs.js';

export const OrganisationConnection = ConnectionType('Organisation', Organisation);

@Resolver(() => Organisation)
export class OrganisationResolver {
  @Authorized()
  @Query(() => Organisation)
  organisation(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Organisation> {
    return ctx.services.organisations.get(ctx, id);
  }

  @Authorized()
  @Query(() => OrganisationConnection, { description: 'Authorities and suppliers, by name.' })
  organisations(@Args(() => OrganisationsArgs) args: OrganisationsArgs, @Ctx() ctx: Context) {
    return ctx.services.organisations.list(args);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => Organisation)
  createOrganisation(
    @Arg('input', () => CreateOrganisationInput) input: CreateOrganisationInput,
    @Ctx() ctx: Context,
  ): Promise<Organisation> {
    return ctx.services.organisations.create(input);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => Organisation)
  updateOrganisation(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateOrganisationInput) input: UpdateOrganisationInput,
    @Ctx() ctx: Context,
  ): Promise<Organisation> {
    return ctx.services.organisations.update(ctx, id, input);
  }
}
