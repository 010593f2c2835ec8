import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { belongsTo } from '../../common/belongs-to.js';
import { ConnectionType, PageArgs } from '../../common/pagination.js';
import { actorOf, type Context } from '../../context.js';
import { BuyerGroup } from '../groups/group.entity.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { AggregatedDemand } from './demand.types.js';
import { NeedInterest } from './interest.entity.js';
import { CreateSharedNeedInput, SetNeedInterestInput, SharedNeedsArgs, UpdateSharedNeedInput } from './need.inputs.js';
import { NeedStatus, SharedNeed } from './need.entity.js';
import { needLoaders } from './need.loaders.js';

export const SharedNeedConnection = ConnectionType('SharedNeed', SharedNeed);
export const NeedInterestConnection = ConnectionType('NeedInterest', NeedInterest);

@Resolver(() => SharedNeed)
export class SharedNeedResolver {
  @Authorized()
  @Query(() => SharedNeed, { description: "A need of a group the viewer's organisation is an active member of." })
  sharedNeed(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<SharedNeed> {
    return ctx.services.needs.get(actorOf(ctx), id);
  }

  @Authorized()
  @Mutation(() => SharedNeed, { description: 'Members and coordinators describe a need in their group.' })
  createSharedNeed(@Arg('input', () => CreateSharedNeedInput) input: CreateSharedNeedInput, @Ctx() ctx: Context) {
    return ctx.services.needs.create(actorOf(ctx), input);
  }

  @Authorized()
  @Mutation(() => SharedNeed)
  updateSharedNeed(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateSharedNeedInput) input: UpdateSharedNeedInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.needs.update(actorOf(ctx), id, input);
  }

  @Authorized()
  @Mutation(() => SharedNeed, {
    description: 'DRAFT → OPEN → CONSOLIDATED → CLOSED; consolidating, closing and reopening are for coordinators.',
  })
  setSharedNeedStatus(
    @Arg('id', () => ID) id: string,
    @Arg('status', () => NeedStatus) status: NeedStatus,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.needs.setStatus(actorOf(ctx), id, status);
  }

  @Authorized()
  @Mutation(() => NeedInterest, { description: "States (or replaces) the viewer's organisation's own interest." })
  setNeedInterest(@Arg('input', () => SetNeedInterestInput) input: SetNeedInterestInput, @Ctx() ctx: Context) {
    return ctx.services.needs.setInterest(actorOf(ctx), input);
  }

  @Authorized()
  @Mutation(() => SharedNeed, { description: "Withdraws the viewer's organisation's interest." })
  removeNeedInterest(@Arg('needId', () => ID) needId: string, @Ctx() ctx: Context) {
    return ctx.services.needs.removeInterest(actorOf(ctx), needId);
  }

  @FieldResolver(() => NeedInterestConnection, { description: 'The interests behind the demand, one per authority.' })
  interests(@Root() need: SharedNeed, @Args(() => PageArgs) args: PageArgs, @Ctx() ctx: Context) {
    return needLoaders(ctx.loaders).interests(need.id, args.first, args.after);
  }

  @FieldResolver(() => NeedInterest, { nullable: true, description: "The viewer's organisation's interest." })
  viewerInterest(@Root() need: SharedNeed, @Ctx() ctx: Context) {
    return needLoaders(ctx.loaders).viewerInterest(actorOf(ctx), need.id);
  }

  @FieldResolver(() => AggregatedDemand)
  demand(@Root() need: SharedNeed, @Ctx() ctx: Context): Promise<AggregatedDemand> {
    return needLoaders(ctx.loaders).demand(need.id);
  }
}

export const SharedNeedReferencesResolver = belongsTo(SharedNeed, [
  { field: 'group', to: () => BuyerGroup, key: (n) => n.groupId },
  {
    field: 'organisation',
    to: () => Organisation,
    key: (n) => n.organisationId,
    description: 'The organisation that described the need.',
  },
]);

export const NeedInterestResolver = belongsTo(NeedInterest, [
  { field: 'organisation', to: () => Organisation, key: (i) => i.organisationId },
]);

@Resolver(() => BuyerGroup)
export class GroupNeedsResolver {
  @FieldResolver(() => SharedNeedConnection, { description: "The group's needs (active members only), newest first." })
  needs(@Root() group: BuyerGroup, @Args(() => SharedNeedsArgs) args: SharedNeedsArgs, @Ctx() ctx: Context) {
    return needLoaders(ctx.loaders).ofGroup(actorOf(ctx), group, args);
  }
}
