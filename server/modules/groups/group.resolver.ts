import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { belongsTo } from '../../common/belongs-to.js';
import { ConnectionType } from '../../common/pagination.js';
import { actorOf, type Context } from '../../context.js';
import { UserInputError } from '../../errors.js';
import { User } from '../users/user.entity.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { BuyerGroup } from './group.entity.js';
import { groupLoaders } from './group.loaders.js';
import {
  ApproveJoinRequestInput,
  BuyerGroupsArgs,
  ChangeMemberRoleInput,
  CreateBuyerGroupInput,
  InviteOrganisationInput,
  MemberInput,
  MembershipsArgs,
  RequestToJoinInput,
  UpdateBuyerGroupInput,
} from './group.inputs.js';
import { Membership } from './membership.entity.js';

export const BuyerGroupConnection = ConnectionType('BuyerGroup', BuyerGroup);
export const MembershipConnection = ConnectionType('Membership', Membership);

@Resolver(() => BuyerGroup)
export class BuyerGroupResolver {
  @FieldResolver(() => [User], {
    description: "People of the group's active member organisations, by name (for mentions). Active members only.",
  })
  people(
    @Root() group: BuyerGroup,
    @Arg('search', () => String, { nullable: true }) search: string | null,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Ctx() ctx: Context,
  ): Promise<User[]> {
    if (!Number.isInteger(first) || first < 1 || first > 100) {
      throw UserInputError.field('first', 'range', 'must be from 1 to 100');
    }
    if (search != null && search.length > 200) throw UserInputError.field('search', 'maxLength', 'is too long');
    return groupLoaders(ctx.loaders).people(actorOf(ctx), group, search, first);
  }

  @Authorized()
  @Query(() => BuyerGroup, { description: 'A group the viewer may see; NOT_FOUND otherwise.' })
  buyerGroup(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<BuyerGroup> {
    return ctx.services.groups.get(actorOf(ctx), id);
  }

  @Authorized()
  @Query(() => BuyerGroupConnection)
  buyerGroups(@Args(() => BuyerGroupsArgs) args: BuyerGroupsArgs, @Ctx() ctx: Context) {
    return ctx.services.groups.list(actorOf(ctx), args);
  }

  @Authorized()
  @Mutation(() => BuyerGroup, { description: "Forms a group; the viewer's organisation becomes its coordinator." })
  createBuyerGroup(@Arg('input', () => CreateBuyerGroupInput) input: CreateBuyerGroupInput, @Ctx() ctx: Context) {
    return ctx.services.groups.create(actorOf(ctx), input);
  }

  @Authorized()
  @Mutation(() => BuyerGroup, { description: 'Coordinators only.' })
  updateBuyerGroup(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateBuyerGroupInput) input: UpdateBuyerGroupInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.groups.update(actorOf(ctx), id, input);
  }

  @FieldResolver(() => Membership, { nullable: true, description: "The viewer's organisation's membership." })
  viewerMembership(@Root() group: BuyerGroup, @Ctx() ctx: Context): Promise<Membership | null> {
    return actorOf(ctx).scope.membership(group.id);
  }

  @FieldResolver(() => MembershipConnection)
  memberships(@Root() group: BuyerGroup, @Args(() => MembershipsArgs) args: MembershipsArgs, @Ctx() ctx: Context) {
    return groupLoaders(ctx.loaders).memberships(actorOf(ctx), group, args);
  }
}

export const BuyerGroupReferencesResolver = belongsTo(BuyerGroup, [
  {
    field: 'createdBy',
    to: () => Organisation,
    key: (g) => g.createdByOrganisationId,
    description: 'The organisation that formed the group.',
  },
]);

export const MembershipReferencesResolver = belongsTo(Membership, [
  { field: 'organisation', to: () => Organisation, key: (m) => m.organisationId },
  { field: 'group', to: () => BuyerGroup, key: (m) => m.groupId },
]);

@Resolver(() => Membership)
export class MembershipResolver {
  @FieldResolver(() => Boolean, {
    description: "The viewer's place here is a guest's (a person until an end date, acting for no organisation).",
  })
  guest(@Root() m: Membership): boolean {
    return m.guest === true;
  }

  @FieldResolver(() => Date, { nullable: true, description: "When a guest's access ends (null for organisations)." })
  guestUntil(@Root() m: Membership): Date | null {
    return m.guestUntil ?? null;
  }

  @Authorized()
  @Mutation(() => Membership, { description: 'Coordinators invite an authority (as MEMBER, OBSERVER or COORDINATOR).' })
  inviteOrganisation(@Arg('input', () => InviteOrganisationInput) input: InviteOrganisationInput, @Ctx() ctx: Context) {
    return ctx.services.memberships.invite(actorOf(ctx), input);
  }

  @Authorized()
  @Mutation(() => Membership)
  acceptInvitation(@Arg('groupId', () => ID) groupId: string, @Ctx() ctx: Context) {
    return ctx.services.memberships.acceptInvitation(actorOf(ctx), groupId);
  }

  @Authorized()
  @Mutation(() => Membership)
  declineInvitation(@Arg('groupId', () => ID) groupId: string, @Ctx() ctx: Context) {
    return ctx.services.memberships.declineInvitation(actorOf(ctx), groupId);
  }

  @Authorized()
  @Mutation(() => Membership, { description: 'Ask to join a LISTED group.' })
  requestToJoin(@Arg('input', () => RequestToJoinInput) input: RequestToJoinInput, @Ctx() ctx: Context) {
    return ctx.services.memberships.requestToJoin(actorOf(ctx), input);
  }

  @Authorized()
  @Mutation(() => Membership)
  approveJoinRequest(@Arg('input', () => ApproveJoinRequestInput) input: ApproveJoinRequestInput, @Ctx() ctx: Context) {
    return ctx.services.memberships.approveJoinRequest(actorOf(ctx), input);
  }

  @Authorized()
  @Mutation(() => Membership)
  declineJoinRequest(@Arg('input', () => MemberInput) input: MemberInput, @Ctx() ctx: Context) {
    return ctx.services.memberships.declineJoinRequest(actorOf(ctx), input);
  }

  @Authorized()
  @Mutation(() => Membership)
  changeMemberRole(@Arg('input', () => ChangeMemberRoleInput) input: ChangeMemberRoleInput, @Ctx() ctx: Context) {
    return ctx.services.memberships.changeRole(actorOf(ctx), input);
  }

  @Authorized()
  @Mutation(() => Membership, {
    description: 'Removes a member or withdraws an invitation. The last coordinator cannot be removed.',
  })
  removeMember(@Arg('input', () => MemberInput) input: MemberInput, @Ctx() ctx: Context) {
    return ctx.services.memberships.remove(actorOf(ctx), input);
  }

  @Authorized()
  @Mutation(() => Membership, { description: "The viewer's organisation leaves, or withdraws its join request." })
  leaveGroup(@Arg('groupId', () => ID) groupId: string, @Ctx() ctx: Context) {
    return ctx.services.memberships.leave(actorOf(ctx), groupId);
  }
}
