import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { belongsTo } from '../../common/belongs-to.js';
import { actorOf, type Context } from '../../context.js';
import { Milestone, Procurement } from './procurement.entity.js';
import { SetMilestoneInput } from './procurement.inputs.js';
import { MilestoneStatus } from './procurement.types.js';

/** A procurement's dated milestones. */
@Resolver(() => Milestone)
export class MilestoneResolver {
  @Authorized()
  @Mutation(() => Milestone)
  setProcurementMilestone(
    @Arg('input', () => SetMilestoneInput) input: SetMilestoneInput,
    @Ctx() ctx: Context,
  ): Promise<Milestone> {
    return ctx.services.milestones.set(actorOf(ctx), input);
  }

  @Authorized()
  @Mutation(() => Milestone)
  completeProcurementMilestone(
    @Arg('id', () => ID) id: string,
    @Arg('completed', () => Boolean, { defaultValue: true }) completed: boolean,
    @Ctx() ctx: Context,
  ): Promise<Milestone> {
    return ctx.services.milestones.complete(actorOf(ctx), id, completed);
  }

  @Authorized()
  @Mutation(() => Procurement)
  removeProcurementMilestone(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Procurement> {
    return ctx.services.milestones.remove(actorOf(ctx), id);
  }

  @FieldResolver(() => MilestoneStatus)
  status(@Root() m: Milestone): MilestoneStatus {
    if (m.completedAt) return MilestoneStatus.COMPLETED;
    return m.dueAt.getTime() < Date.now() ? MilestoneStatus.OVERDUE : MilestoneStatus.UPCOMING;
  }
}

export const MilestoneReferencesResolver = belongsTo(Milestone, [
  { field: 'procurement', to: () => Procurement, key: (m) => m.procurementId },
]);
