import { GraphQLJSONObject } from 'graphql-scalars';
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
  Subscription,
} from 'type-graphql';
import { belongsTo } from '../../common/belongs-to.js';
import { ConnectionType, PageArgs } from '../../common/pagination.js';
import { actorOf, type Context } from '../../context.js';
import { UserInputError } from '../../errors.js';
import { typedEventFields } from '../../events/event-data.js';
import type { EventRecord } from '../../events/event.entity.js';
import { liveEvent } from '../../events/event.resolver.js';
import { LiveEvent } from '../../events/event.types.js';
import type { StreamItem } from '../../events/stream.js';
import { Decision } from '../decisions/decision.entity.js';
import { Thread, ThreadKind } from '../discussions/thread.entity.js';
import { DocumentsArgs } from '../documents/document.inputs.js';
import { documentLoaders } from '../documents/document.loaders.js';
import { DocumentConnection } from '../documents/document.resolver.js';
import { BuyerGroup } from '../groups/group.entity.js';
import { groupPolicy } from '../groups/group.policy.js';
import { SharedNeed } from '../needs/need.entity.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { ExportFormat, ExportKind, exportUrl } from './export.types.js';
import { Lot, Milestone, Participant, Procurement, ProcurementPhase } from './procurement.entity.js';
import { nextPhase } from './procurement.gates.js';
import {
  AdvancePhaseInput,
  CancelProcurementInput,
  CreateJointProcurementInput,
  UpdateJointProcurementInput,
} from './procurement.inputs.js';
import { procurementLoaders } from './procurement.loaders.js';
import { procurementPolicy } from './procurement.policy.js';
import { ChecklistItem, HistoryEntry, PhaseStep, ThresholdAssessment, ValueSum } from './procurement.types.js';

export const JointProcurementConnection = ConnectionType('JointProcurement', Procurement);
export const HistoryEntryConnection = ConnectionType('HistoryEntry', HistoryEntry);

export const HistoryEntryEventResolver = typedEventFields(HistoryEntry, { data: true });

@ObjectType({ description: "What waits for the viewer's organisation in its joint procurements." })
export class ProcurementTasks {
  @Field(() => [Participant], { description: 'Mandates requested from the viewer’s organisation, not yet signed.' })
  mandatesToSign!: Participant[];

  @Field(() => [Decision], { description: 'Open decisions the viewer’s organisation has not voted on.' })
  decisionsToVote!: Decision[];

  @Field(() => [Milestone], { description: 'Milestones overdue or due within `days`, soonest first.' })
  upcomingMilestones!: Milestone[];
}

/** `checklist` and `canAdvance` read the same facts: one query per procurement object. */
const checklists = new WeakMap<Procurement, Promise<ChecklistItem[]>>();
function checklistOf(ctx: Context, p: Procurement): Promise<ChecklistItem[]> {
  const cached = checklists.get(p);
  if (cached) return cached;
  const items = procurementLoaders(ctx.loaders).checklist(p);
  checklists.set(p, items);
  return items;
}

/** A joint procurement itself: reading it, creating and editing it, its phases, its live events. */
@Resolver(() => Procurement)
export class ProcurementResolver {
  @Authorized()
  @Query(() => ProcurementTasks)
  async procurementTasks(
    @Arg('days', () => Int, { defaultValue: 14 }) days: number,
    @Ctx() ctx: Context,
  ): Promise<ProcurementTasks> {
    if (!Number.isInteger(days) || days < 0 || days > 366) {
      throw UserInputError.field('days', 'range', 'must be from 0 to 366');
    }
    const t = await ctx.services.procurements.tasks(actorOf(ctx), days);
    return { mandatesToSign: t.mandates, decisionsToVote: t.decisions, upcomingMilestones: t.milestones };
  }

  @Authorized()
  @Query(() => Procurement, {
    description: "A joint procurement of a group the viewer's organisation is an active member of.",
  })
  jointProcurement(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Procurement> {
    return ctx.services.procurements.get(actorOf(ctx), id);
  }

  @Authorized()
  @Mutation(() => Procurement, {
    description:
      'A coordinator brokers a joint procurement from shared needs of the group. Mandates are requested from every participant; a buyers-only and a public dialogue channel are opened.',
  })
  createJointProcurement(
    @Arg('input', () => CreateJointProcurementInput) input: CreateJointProcurementInput,
    @Ctx() ctx: Context,
  ): Promise<Procurement> {
    return ctx.services.procurements.create(actorOf(ctx), input);
  }

  @Authorized()
  @Mutation(() => Procurement)
  updateJointProcurement(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateJointProcurementInput) input: UpdateJointProcurementInput,
    @Ctx() ctx: Context,
  ): Promise<Procurement> {
    return ctx.services.procurements.update(actorOf(ctx), id, input);
  }

  @Authorized()
  @Mutation(() => Procurement, {
    description:
      'Moves to the next phase. Refused with INVALID_STATE, `extensions.missing` naming every missing checklist item, while any is missing.',
  })
  advanceProcurementPhase(
    @Arg('input', () => AdvancePhaseInput) input: AdvancePhaseInput,
    @Ctx() ctx: Context,
  ): Promise<Procurement> {
    return ctx.services.procurements.advance(actorOf(ctx), input);
  }

  @Authorized()
  @Mutation(() => Procurement, { description: 'Cancels the procurement from any open phase, with a reason.' })
  cancelJointProcurement(
    @Arg('input', () => CancelProcurementInput) input: CancelProcurementInput,
    @Ctx() ctx: Context,
  ): Promise<Procurement> {
    return ctx.services.procurements.cancel(actorOf(ctx), input);
  }

  @Authorized()
  @Subscription(() => LiveEvent, {
    description:
      'Changes of one procurement (phases, mandates, lots, values, milestones, dialogue, decisions) for its group.',
    subscribe: ({ args, context }) =>
      (context as Context).services.procurements.stream(
        actorOf(context as Context),
        (args as { procurementId: string }).procurementId,
        (args as { after?: string | null }).after,
      ),
  })
  procurementEvents(
    @Root() item: StreamItem,
    @Arg('procurementId', () => ID) _procurementId: string,
    @Arg('after', () => ID, { nullable: true }) _after: string | null,
    @Ctx() ctx: Context,
  ): EventRecord {
    return liveEvent(item, ctx);
  }

  // ---- fields ----

  @FieldResolver(() => String, { description: 'The eForms procedure code, e.g. neg-w-call.' })
  procedureCode(@Root() p: Procurement): string {
    return p.procedureType;
  }

  @FieldResolver(() => [SharedNeed])
  needs(@Root() p: Procurement, @Ctx() ctx: Context): Promise<SharedNeed[]> {
    return procurementLoaders(ctx.loaders).needsOf(p.id);
  }

  @FieldResolver(() => [Lot])
  lots(@Root() p: Procurement, @Ctx() ctx: Context): Promise<Lot[]> {
    return procurementLoaders(ctx.loaders).lotsOf(p.id);
  }

  @FieldResolver(() => [Participant], { description: 'Participating authorities, withdrawn ones included.' })
  participants(@Root() p: Procurement, @Ctx() ctx: Context): Promise<Participant[]> {
    return procurementLoaders(ctx.loaders).participantsOf(p.id);
  }

  @FieldResolver(() => Participant, { nullable: true, description: "The viewer's organisation as a participant." })
  async viewerParticipant(@Root() p: Procurement, @Ctx() ctx: Context): Promise<Participant | null> {
    const all = await procurementLoaders(ctx.loaders).participantsOf(p.id);
    return all.find((x) => x.organisationId === actorOf(ctx).organisation.id) ?? null;
  }

  @FieldResolver(() => Boolean)
  async viewerIsCoordinator(@Root() p: Procurement, @Ctx() ctx: Context): Promise<boolean> {
    const subject = await procurementLoaders(ctx.loaders).subject(actorOf(ctx), p);
    return procurementPolicy.can(actorOf(ctx), 'readAsCoordinator', subject);
  }

  @FieldResolver(() => [ValueSum], {
    description:
      "The estimated value over all lots per currency: each lot's over its maximum duration with every option (see Lot.estimatedValue; withdrawn participants excluded). thresholdAssessment gives it converted into one currency.",
  })
  async estimatedValue(@Root() p: Procurement, @Ctx() ctx: Context): Promise<ValueSum[]> {
    return (await procurementLoaders(ctx.loaders).estimate(p.id, ctx.services.config.thresholds)).estimated;
  }

  @FieldResolver(() => ThresholdAssessment)
  thresholdAssessment(@Root() p: Procurement, @Ctx() ctx: Context): Promise<ThresholdAssessment> {
    return procurementLoaders(ctx.loaders).thresholdAssessment(p, ctx.services.config.thresholds);
  }

  @FieldResolver(() => ProcurementPhase, { nullable: true, description: 'The phase a move forward leads to.' })
  nextPhase(@Root() p: Procurement): ProcurementPhase | null {
    return p.phase === ProcurementPhase.CANCELLED ? null : nextPhase(p.phase);
  }

  @FieldResolver(() => [ChecklistItem], {
    description: 'What entering the next phase needs; the missing items block the move.',
  })
  checklist(@Root() p: Procurement, @Ctx() ctx: Context): Promise<ChecklistItem[]> {
    return checklistOf(ctx, p);
  }

  @FieldResolver(() => Boolean, { description: 'True when every checklist item for the next phase is there.' })
  async canAdvance(@Root() p: Procurement, @Ctx() ctx: Context): Promise<boolean> {
    const items = await checklistOf(ctx, p);
    return p.phase !== ProcurementPhase.CANCELLED && nextPhase(p.phase) !== null && items.every((i) => i.done);
  }

  @FieldResolver(() => [PhaseStep])
  timeline(@Root() p: Procurement, @Ctx() ctx: Context): Promise<PhaseStep[]> {
    return procurementLoaders(ctx.loaders).timeline(p);
  }

  @FieldResolver(() => [Milestone], { description: 'By due date.' })
  milestones(@Root() p: Procurement, @Ctx() ctx: Context): Promise<Milestone[]> {
    return procurementLoaders(ctx.loaders).milestonesOf(p.id);
  }

  @FieldResolver(() => Thread, { description: "The buyers' channel: the group's members only." })
  buyersThread(@Root() p: Procurement, @Ctx() ctx: Context): Promise<Thread> {
    return procurementLoaders(ctx.loaders).threadOf(p.id, ThreadKind.BUYERS);
  }

  @FieldResolver(() => Thread, { description: 'The public dialogue channel: buyers write, registered suppliers read.' })
  publicThread(@Root() p: Procurement, @Ctx() ctx: Context): Promise<Thread> {
    return procurementLoaders(ctx.loaders).threadOf(p.id, ThreadKind.PUBLIC_DIALOGUE);
  }

  @FieldResolver(() => HistoryEntryConnection, {
    description: 'Everything that happened to the procurement, oldest first, from the event log (coordinators).',
  })
  history(@Root() p: Procurement, @Args(() => PageArgs) args: PageArgs, @Ctx() ctx: Context) {
    return ctx.services.procurementHistory.page(actorOf(ctx), p.id, args);
  }

  @FieldResolver(() => GraphQLJSONObject, {
    description: 'The OCDS 1.1 release package (also GET /ocds/<id>). For the buyers: it names registered suppliers.',
  })
  ocdsReleasePackage(@Root() p: Procurement, @Ctx() ctx: Context) {
    return ctx.services.ocds.releasePackage(actorOf(ctx), ctx.loaders, p.id, ctx.services.urls.origin);
  }

  @FieldResolver(() => String, { description: 'Where to download the OCDS release package.' })
  ocdsUrl(@Root() p: Procurement): string {
    return `/ocds/${p.id}`;
  }

  @FieldResolver(() => String, {
    description: 'Where coordinators download the history as CSV.',
    deprecationReason: 'Use `exports` (kind HISTORY, format CSV or XLSX).',
  })
  historyCsvUrl(@Root() p: Procurement): string {
    return exportUrl(p.id, ExportKind.HISTORY, ExportFormat.CSV);
  }

  @FieldResolver(() => DocumentConnection)
  documents(@Root() p: Procurement, @Args(() => DocumentsArgs) args: DocumentsArgs, @Ctx() ctx: Context) {
    return documentLoaders(ctx.loaders).documents({ procurementId: p.id }, args);
  }
}

export const ProcurementReferencesResolver = belongsTo(Procurement, [
  { field: 'group', to: () => BuyerGroup, key: (p) => p.groupId },
  { field: 'leadAuthority', to: () => Organisation, key: (p) => p.leadOrganisationId },
]);

@Resolver(() => BuyerGroup)
export class GroupProcurementsResolver {
  @FieldResolver(() => JointProcurementConnection, { description: "The group's joint procurements, newest first." })
  async procurements(@Root() group: BuyerGroup, @Args(() => PageArgs) args: PageArgs, @Ctx() ctx: Context) {
    const actor = actorOf(ctx);
    groupPolicy.authorize(actor, 'readAsMember', { group, membership: await actor.scope.membership(group.id) });
    return procurementLoaders(ctx.loaders).listForGroup(group.id, args);
  }
}
