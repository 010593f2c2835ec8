import { cpvLoaders } from '../cpv/cpv.loaders.js';
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
import { UserInputError } from '../../errors.js';
import { CpvCode } from '../cpv/cpv.entity.js';
import { Decision } from '../decisions/decision.entity.js';
import { ConnectionType, PageArgs } from '../../common/pagination.js';
import { actorOf, type Context } from '../../context.js';
import { LiveEvent } from '../../events/event.types.js';
import type { EventRecord } from '../../events/event.entity.js';
import { liveEvent } from '../../events/event.resolver.js';
import type { StreamItem } from '../../events/stream.js';
import { Thread, ThreadKind } from '../discussions/thread.entity.js';
import { Document } from '../documents/document.entity.js';
import { DocumentsArgs } from '../documents/document.inputs.js';
import { DocumentConnection } from '../documents/document.resolver.js';
import { BuyerGroup } from '../groups/group.entity.js';
import { SharedNeed } from '../needs/need.entity.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { User } from '../users/user.entity.js';
import { Lot, LotValue, Milestone, Participant, Procurement, ProcurementPhase } from './procurement.entity.js';
import { nextPhase } from './procurement.gates.js';
import {
  AdvancePhaseInput,
  CancelProcurementInput,
  CreateJointProcurementInput,
  LotInput,
  ParticipantInput,
  SetLotValueInput,
  SetMilestoneInput,
  SignMandateInput,
  UpdateJointProcurementInput,
  UpdateLotInput,
  WithdrawMandateInput,
} from './procurement.inputs.js';
import { GraphQLJSONObject } from 'graphql-scalars';
import {
  ChecklistItem,
  HistoryEntry,
  Mandate,
  MilestoneStatus,
  PhaseStep,
  ThresholdAssessment,
  ValueSum,
} from './procurement.types.js';

export const JointProcurementConnection = ConnectionType('JointProcurement', Procurement);
export const HistoryEntryConnection = ConnectionType('HistoryEntry', HistoryEntry);

@ObjectType({ description: "What waits for the viewer's organisation in its joint procurements." })
export class ProcurementTasks {
  @Field(() => [Participant], { description: 'Mandates requested from the viewer’s organisation, not yet signed.' })
  mandatesToSign!: Participant[];

  @Field(() => [Decision], { description: 'Open decisions the viewer’s organisation has not voted on.' })
  decisionsToVote!: Decision[];

  @Field(() => [Milestone], { description: 'Milestones overdue or due within `days`, soonest first.' })
  upcomingMilestones!: Milestone[];
}

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
  @Mutation(() => Participant, {
    description: 'Coordinators add a member organisation as a participant (before COMPETITION).',
  })
  addProcurementParticipant(
    @Arg('input', () => ParticipantInput) input: ParticipantInput,
    @Ctx() ctx: Context,
  ): Promise<Participant> {
    return ctx.services.procurements.addParticipant(actorOf(ctx), input.procurementId, input.organisationId);
  }

  @Authorized()
  @Mutation(() => Procurement, { description: 'Coordinators remove a participant that has not signed its mandate.' })
  removeProcurementParticipant(
    @Arg('input', () => ParticipantInput) input: ParticipantInput,
    @Ctx() ctx: Context,
  ): Promise<Procurement> {
    return ctx.services.procurements.removeParticipant(actorOf(ctx), input.procurementId, input.organisationId);
  }

  @Authorized()
  @Mutation(() => Lot)
  addProcurementLot(
    @Arg('procurementId', () => ID) procurementId: string,
    @Arg('input', () => LotInput) input: LotInput,
    @Ctx() ctx: Context,
  ): Promise<Lot> {
    return ctx.services.procurements.addLot(actorOf(ctx), procurementId, input);
  }

  @Authorized()
  @Mutation(() => Lot)
  updateProcurementLot(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateLotInput) input: UpdateLotInput,
    @Ctx() ctx: Context,
  ): Promise<Lot> {
    return ctx.services.procurements.updateLot(actorOf(ctx), id, input);
  }

  @Authorized()
  @Mutation(() => Procurement)
  removeProcurementLot(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Procurement> {
    return ctx.services.procurements.removeLot(actorOf(ctx), id);
  }

  @Authorized()
  @Mutation(() => LotValue, {
    description: "States (or replaces) a participant's value for a lot (before COMPETITION).",
  })
  setLotValue(@Arg('input', () => SetLotValueInput) input: SetLotValueInput, @Ctx() ctx: Context): Promise<LotValue> {
    return ctx.services.procurements.setLotValue(actorOf(ctx), input);
  }

  @Authorized()
  @Mutation(() => Participant, { description: "The viewer's organisation signs its requested mandate." })
  signMandate(
    @Arg('input', () => SignMandateInput) input: SignMandateInput,
    @Ctx() ctx: Context,
  ): Promise<Participant> {
    return ctx.services.procurements.signMandate(actorOf(ctx), input);
  }

  @Authorized()
  @Mutation(() => Participant, {
    description: "The viewer's organisation withdraws its mandate, before the opt-out deadline.",
  })
  withdrawMandate(
    @Arg('input', () => WithdrawMandateInput) input: WithdrawMandateInput,
    @Ctx() ctx: Context,
  ): Promise<Participant> {
    return ctx.services.procurements.withdrawMandate(actorOf(ctx), input);
  }

  @Authorized()
  @Mutation(() => Milestone)
  setProcurementMilestone(
    @Arg('input', () => SetMilestoneInput) input: SetMilestoneInput,
    @Ctx() ctx: Context,
  ): Promise<Milestone> {
    return ctx.services.procurements.setMilestone(actorOf(ctx), input);
  }

  @Authorized()
  @Mutation(() => Milestone)
  completeProcurementMilestone(
    @Arg('id', () => ID) id: string,
    @Arg('completed', () => Boolean, { defaultValue: true }) completed: boolean,
    @Ctx() ctx: Context,
  ): Promise<Milestone> {
    return ctx.services.procurements.completeMilestone(actorOf(ctx), id, completed);
  }

  @Authorized()
  @Mutation(() => Procurement)
  removeProcurementMilestone(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Procurement> {
    return ctx.services.procurements.removeMilestone(actorOf(ctx), id);
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

  @FieldResolver(() => BuyerGroup)
  async group(@Root() p: Procurement, @Ctx() ctx: Context): Promise<BuyerGroup> {
    return (await ctx.loaders.byId(BuyerGroup, 'BuyerGroup').load(p.groupId))!;
  }

  @FieldResolver(() => Organisation)
  async leadAuthority(@Root() p: Procurement, @Ctx() ctx: Context): Promise<Organisation> {
    return (await ctx.loaders.organisation.load(p.leadOrganisationId))!;
  }

  @FieldResolver(() => [SharedNeed])
  needs(@Root() p: Procurement, @Ctx() ctx: Context): Promise<SharedNeed[]> {
    return ctx.services.procurements.needsOf(ctx.loaders, p.id);
  }

  @FieldResolver(() => [Lot])
  lots(@Root() p: Procurement, @Ctx() ctx: Context): Promise<Lot[]> {
    return ctx.services.procurements.lotsOf(ctx.loaders, p.id);
  }

  @FieldResolver(() => [Participant], { description: 'Participating authorities, withdrawn ones included.' })
  participants(@Root() p: Procurement, @Ctx() ctx: Context): Promise<Participant[]> {
    return ctx.services.procurements.participantsOf(ctx.loaders, p.id);
  }

  @FieldResolver(() => Participant, { nullable: true, description: "The viewer's organisation as a participant." })
  async viewerParticipant(@Root() p: Procurement, @Ctx() ctx: Context): Promise<Participant | null> {
    const all = await ctx.services.procurements.participantsOf(ctx.loaders, p.id);
    return all.find((x) => x.organisationId === ctx.viewer?.organisation.id) ?? null;
  }

  @FieldResolver(() => Boolean)
  async viewerIsCoordinator(@Root() p: Procurement, @Ctx() ctx: Context): Promise<boolean> {
    const m = await ctx.services.groups.viewerMembership(actorOf(ctx), p.groupId);
    return m?.status === 'ACTIVE' && m.role === 'COORDINATOR';
  }

  @FieldResolver(() => [ValueSum], {
    description:
      "Sum of the participants' stated values over all lots, per currency (withdrawn participants excluded).",
  })
  estimatedValue(@Root() p: Procurement, @Ctx() ctx: Context): Promise<ValueSum[]> {
    return ctx.services.procurements.valueSums(ctx.loaders, p.id);
  }

  @FieldResolver(() => ThresholdAssessment)
  thresholdAssessment(@Root() p: Procurement, @Ctx() ctx: Context): Promise<ThresholdAssessment> {
    return ctx.services.procurements.thresholdAssessment(ctx.loaders, p);
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
    return ctx.services.procurements.timeline(ctx.loaders, p);
  }

  @FieldResolver(() => [Milestone], { description: 'By due date.' })
  milestones(@Root() p: Procurement, @Ctx() ctx: Context): Promise<Milestone[]> {
    return ctx.services.procurements.milestonesOf(ctx.loaders, p.id);
  }

  @FieldResolver(() => Thread, { description: "The buyers' channel: the group's members only." })
  buyersThread(@Root() p: Procurement, @Ctx() ctx: Context): Promise<Thread> {
    return ctx.services.procurements.threadOf(ctx.loaders, p.id, ThreadKind.BUYERS);
  }

  @FieldResolver(() => Thread, { description: 'The public dialogue channel: buyers write, registered suppliers read.' })
  publicThread(@Root() p: Procurement, @Ctx() ctx: Context): Promise<Thread> {
    return ctx.services.procurements.threadOf(ctx.loaders, p.id, ThreadKind.PUBLIC_DIALOGUE);
  }

  @FieldResolver(() => HistoryEntryConnection, {
    description: 'Everything that happened to the procurement, oldest first, from the event log (coordinators).',
  })
  history(@Root() p: Procurement, @Args(() => PageArgs) args: PageArgs, @Ctx() ctx: Context) {
    return ctx.services.procurements.history(actorOf(ctx), p.id, args);
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

  @FieldResolver(() => String, { description: 'Where coordinators download the history as CSV.' })
  historyCsvUrl(@Root() p: Procurement): string {
    return `/procurements/${p.id}/history.csv`;
  }

  @FieldResolver(() => DocumentConnection)
  documents(@Root() p: Procurement, @Args(() => DocumentsArgs) args: DocumentsArgs, @Ctx() ctx: Context) {
    return ctx.services.documents.documents(ctx.loaders, { procurementId: p.id }, args);
  }
}

/** `checklist` and `canAdvance` read the same facts: one query per procurement object. */
const checklists = new WeakMap<Procurement, Promise<ChecklistItem[]>>();
function checklistOf(ctx: Context, p: Procurement): Promise<ChecklistItem[]> {
  const cached = checklists.get(p);
  if (cached) return cached;
  const items = ctx.services.procurements.checklist(ctx.loaders, p);
  checklists.set(p, items);
  return items;
}

@Resolver(() => Lot)
export class LotResolver {
  @FieldResolver(() => [CpvCode], { description: 'The CPV codes with their titles (null until the list is imported).' })
  cpv(@Root() lot: Lot, @Ctx() ctx: Context) {
    return cpvLoaders(ctx.loaders).entries(lot.cpvCodes);
  }

  @FieldResolver(() => SharedNeed, { nullable: true })
  async need(@Root() lot: Lot, @Ctx() ctx: Context): Promise<SharedNeed | null> {
    return lot.needId ? ctx.loaders.byId(SharedNeed, 'SharedNeed').load(lot.needId) : null;
  }

  @FieldResolver(() => [ValueSum], {
    description: "Sum of the participants' stated values for this lot, per currency.",
  })
  estimatedValue(@Root() lot: Lot, @Ctx() ctx: Context): Promise<ValueSum[]> {
    return ctx.services.procurements.valueSums(ctx.loaders, lot.procurementId, lot.id);
  }

  @FieldResolver(() => [LotValue], { description: "Each participant's stated value for this lot." })
  async values(@Root() lot: Lot, @Ctx() ctx: Context): Promise<LotValue[]> {
    return (await ctx.services.procurements.lotValuesOf(ctx.loaders, lot.procurementId)).filter(
      (v) => v.lotId === lot.id,
    );
  }
}

@Resolver(() => LotValue)
export class LotValueResolver {
  @FieldResolver(() => Organisation)
  async organisation(@Root() v: LotValue, @Ctx() ctx: Context): Promise<Organisation> {
    return (await ctx.loaders.organisation.load(v.organisationId))!;
  }
}

@Resolver(() => Participant)
export class ParticipantResolver {
  @FieldResolver(() => Procurement)
  async procurement(@Root() p: Participant, @Ctx() ctx: Context): Promise<Procurement> {
    return (await ctx.loaders.byId(Procurement, 'Procurement').load(p.procurementId))!;
  }

  @FieldResolver(() => Organisation)
  async organisation(@Root() p: Participant, @Ctx() ctx: Context): Promise<Organisation> {
    return (await ctx.loaders.organisation.load(p.organisationId))!;
  }

  @FieldResolver(() => Boolean)
  async isLead(@Root() p: Participant, @Ctx() ctx: Context): Promise<boolean> {
    const procurement = await ctx.loaders.byId(Procurement, 'Procurement').load(p.procurementId);
    return procurement?.leadOrganisationId === p.organisationId;
  }

  @FieldResolver(() => Mandate)
  mandate(@Root() p: Participant): Mandate {
    return {
      status: p.mandateStatus,
      decisionReference: p.decisionReference,
      decisionDate: p.decisionDate,
      signedAt: p.signedAt,
      withdrawnAt: p.withdrawnAt,
      withdrawalReason: p.withdrawalReason,
      signedByUserId: p.signedByUserId,
      lotIds: p.lotIds,
      documentId: p.mandateDocumentId,
      procurementId: p.procurementId,
      organisationId: p.organisationId,
    };
  }

  @FieldResolver(() => [LotValue], { description: "This authority's stated values per lot." })
  async statedValues(@Root() p: Participant, @Ctx() ctx: Context): Promise<LotValue[]> {
    return (await ctx.services.procurements.lotValuesOf(ctx.loaders, p.procurementId)).filter(
      (v) => v.organisationId === p.organisationId,
    );
  }
}

@Resolver(() => Mandate)
export class MandateResolver {
  @FieldResolver(() => User, { nullable: true })
  signedBy(@Root() m: Mandate, @Ctx() ctx: Context): Promise<User | null> {
    return m.signedByUserId ? ctx.loaders.byId(User, 'User').load(m.signedByUserId) : Promise.resolve(null);
  }

  @FieldResolver(() => [Lot], { description: 'The lots the signed mandate covers.' })
  async lots(@Root() m: Mandate, @Ctx() ctx: Context): Promise<Lot[]> {
    return (await ctx.services.procurements.lotsOf(ctx.loaders, m.procurementId)).filter((l) =>
      m.lotIds.includes(l.id),
    );
  }

  @FieldResolver(() => Document, { nullable: true, description: 'The signed mandate document, if attached.' })
  async document(@Root() m: Mandate, @Ctx() ctx: Context): Promise<Document | null> {
    if (!m.documentId) return null;
    const d = await ctx.loaders.byId(Document, 'Document').load(m.documentId);
    return d && !d.deletedAt ? d : null;
  }
}

@Resolver(() => Milestone)
export class MilestoneResolver {
  @FieldResolver(() => Procurement)
  async procurement(@Root() m: Milestone, @Ctx() ctx: Context): Promise<Procurement> {
    return (await ctx.loaders.byId(Procurement, 'Procurement').load(m.procurementId))!;
  }

  @FieldResolver(() => MilestoneStatus)
  status(@Root() m: Milestone): MilestoneStatus {
    if (m.completedAt) return MilestoneStatus.COMPLETED;
    return m.dueAt.getTime() < Date.now() ? MilestoneStatus.OVERDUE : MilestoneStatus.UPCOMING;
  }
}

@Resolver(() => BuyerGroup)
export class GroupProcurementsResolver {
  @FieldResolver(() => JointProcurementConnection, { description: "The group's joint procurements, newest first." })
  async procurements(@Root() group: BuyerGroup, @Args(() => PageArgs) args: PageArgs, @Ctx() ctx: Context) {
    await ctx.services.discussions.assertMember(actorOf(ctx), group.id);
    return ctx.services.procurements.listForGroup(ctx.loaders, group.id, args);
  }
}
