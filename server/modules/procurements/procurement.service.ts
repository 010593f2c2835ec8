import type { EventPayload, EventType } from '../../events/catalogue.js';
import { In, Not, type DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor.js';
import { clean } from '../../common/validation.js';
import type { Config } from '../../config.js';
import { AppError, ConflictError, ErrorCode, InvalidStateError, NotFoundError, UserInputError } from '../../errors.js';
import {
  eventActor,
  newEvent,
  type EventWriter,
  type NewEvent,
  type PayloadWithout,
  type RecordEvent,
} from '../../events/event-log.js';
import type { EventStreams, StreamItem } from '../../events/stream.js';
import { findById, UUID } from '../../loaders.js';
import type { CpvService } from '../cpv/cpv.service.js';
import { Decision } from '../decisions/decision.entity.js';
import { Thread, ThreadKind, ThreadParent } from '../discussions/thread.entity.js';
import { BuyerGroup } from '../groups/group.entity.js';
import { groupPolicy } from '../groups/group.policy.js';
import type { GroupService } from '../groups/group.service.js';
import { Membership } from '../groups/membership.entity.js';
import { membershipsIn } from '../groups/membership.scope.js';
import type { Currency } from '../needs/interest.entity.js';
import { SharedNeed } from '../needs/need.entity.js';
import { Lot, Milestone, Participant, Procurement, ProcurementNeed, ProcurementPhase } from './procurement.entity.js';
import { checklist, loadGateFacts, nextPhase } from './procurement.gates.js';
import type {
  AdvancePhaseInput,
  CancelProcurementInput,
  CreateJointProcurementInput,
  UpdateJointProcurementInput,
} from './procurement.inputs.js';
import { procurementPolicy, requireBeforeCompetition, requireOpen } from './procurement.policy.js';
import {
  activeParticipant,
  cannotTakePart,
  knownCpvCodes,
  notAParticipant,
  seedLotValues,
  takingPart,
} from './procurement.rows.js';
import { convertAtRates } from './procurement.thresholds.js';
import { changedPeriod, NO_PERIOD } from './procurement.value.js';

/**
 * An event of a procurement (its own, its dialogue's, decisions' and benefits'), scoped to it and
 * its group. `pub`: also for its registered suppliers, so the payload must name no buyer secret.
 */
export const procurementEvent = <T extends EventType>(
  p: Procurement,
  viewer: Actor | null,
  type: T,
  payload: PayloadWithout<T, 'procurementId'>,
  pub = false,
): NewEvent =>
  newEvent(
    type,
    { scopeType: 'procurement', scopeId: p.id, groupId: p.groupId, actor: eventActor(viewer), public: pub },
    { procurementId: p.id, ...payload } as unknown as EventPayload<T>,
  );

/** A procurement as the actor meets it: with its group, the actor's membership and participant row. */
export interface ProcurementAccess {
  procurement: Procurement;
  group: BuyerGroup;
  membership: Membership;
  /** The viewer's organisation as a participant, or null. */
  participant: Participant | null;
}

/** Who may make a change (`change`), checked before the state: someone who may not hears FORBIDDEN first. */
export interface ChangeOptions {
  /** Names what only the group's coordinators do (the policy's `coordinate` rule), e.g. "run the market dialogue". */
  coordinatorsOnly?: string;
  /** Any other rule: one of the procurement policy, or of a policy built on it (decisions, benefits). */
  authorize?: (access: ProcurementAccess) => void;
}

type Change<T> = (em: EntityManager, record: RecordEvent, access: ProcurementAccess, viewer: Actor) => Promise<T>;

/**
 * What ends with the market dialogue in other modules (its booked meetings still to come), run
 * when a procurement is cancelled and when it moves into COMPETITION (from then on buyers and
 * suppliers meet only through the competition). Registered where the services are wired
 * (services.ts): those modules depend on this one, not the other way round.
 */
export interface DialogueEndStep {
  /** In the cancellation's or the phase move's transaction, the procurement locked (and still in its old phase). */
  during(em: EntityManager, record: RecordEvent, procurement: Procurement, actor: Actor): Promise<void>;
  /** After the commit (to send at once what the step queued). */
  after?(): void;
}

/**
 * Joint procurements themselves: access, the row lock every change of a procurement takes (also
 * for its lots, participants, milestones, dialogue, decisions and benefits), creation, edits and
 * phases. Who may do what is procurement.policy.ts; batched reads are procurement.loaders.ts.
 */
export class ProcurementService {
  constructor(
    private readonly db: DataSource,
    private readonly events: EventWriter,
    private readonly groups: GroupService,
    private readonly config: Config,
    private readonly cpv: CpvService,
    private readonly streams: EventStreams,
  ) {}

  // ---- access ----

  /** The procurement, if the viewer's organisation is an active member of its group; NOT_FOUND otherwise. */
  async access(actor: Actor, procurementId: string): Promise<ProcurementAccess> {
    const procurement = await findById(this.db, Procurement, procurementId);
    if (!procurement) throw new NotFoundError('JointProcurement', procurementId);
    const { group, membership } = await this.groups.memberAccess(
      actor,
      procurement.groupId,
      'JointProcurement',
      procurementId,
    );
    const participant = await this.db
      .getRepository(Participant)
      .findOneBy({ procurementId: procurement.id, organisationId: actor.organisation.id });
    return { procurement, group, membership: membership!, participant };
  }

  async get(actor: Actor, procurementId: string): Promise<Procurement> {
    return (await this.access(actor, procurementId)).procurement;
  }

  /**
   * Locks the procurement row for a change (changes of one procurement are serialised: gates,
   * mandates and dialogue rules see a settled state); NOT_FOUND unless the actor may read it.
   */
  async lock(em: EntityManager, actor: Actor, procurementId: string): Promise<ProcurementAccess> {
    const procurement = UUID.test(procurementId)
      ? await em
          .getRepository(Procurement)
          .createQueryBuilder('p')
          .setLock('pessimistic_write')
          .where('p.id = :procurementId', { procurementId })
          .getOne()
      : null;
    if (!procurement) throw new NotFoundError('JointProcurement', procurementId);
    // Read in the transaction (not the actor's per-request scope): the row lock orders it after concurrent changes.
    const membership =
      (await membershipsIn(em, actor.user, actor.organisation, [procurement.groupId])).get(procurement.groupId) ?? null;
    const group = await em.getRepository(BuyerGroup).findOneByOrFail({ id: procurement.groupId });
    if (!membership || !procurementPolicy.can(actor, 'read', { procurement, group, membership, participant: null })) {
      throw new NotFoundError('JointProcurement', procurementId);
    }
    const participant = await em
      .getRepository(Participant)
      .findOneBy({ procurementId: procurement.id, organisationId: actor.organisation.id });
    return { procurement, group, membership, participant };
  }

  /**
   * Runs `fn` in a transaction holding the procurement's row lock, once the actor may make the
   * change (`o`), the group is not archived and the procurement is open.
   */
  change<T>(actor: Actor, procurementId: string, fn: Change<T>, o: ChangeOptions = {}): Promise<T> {
    return this.events.transaction(async (em, record) => {
      const access = await this.lock(em, actor, procurementId);
      if (o.coordinatorsOnly) procurementPolicy.authorize(actor, 'coordinate', access, o.coordinatorsOnly);
      o.authorize?.(access);
      procurementPolicy.authorize(actor, 'change', access);
      requireOpen(access.procurement);
      return fn(em, record, access, actor);
    });
  }

  // ---- create and edit ----

  async create(actor: Actor, input: CreateJointProcurementInput): Promise<Procurement> {
    return this.events.transaction(async (em, record) => {
      const access = await this.groups.lockForChange(em, actor, input.groupId);
      groupPolicy.authorize(actor, 'coordinate', access, 'broker joint procurements');
      const { group } = access;

      // Checked as sent, so an error names the index the client knows; duplicates are dropped after.
      const needs = await em.getRepository(SharedNeed).findBy({ id: In(input.needIds.filter((id) => UUID.test(id))) });
      input.needIds.forEach((id, i) => {
        if (!needs.some((n) => n.id === id && n.groupId === group.id)) {
          throw UserInputError.field(`input.needIds[${i}]`, 'exists', 'is not a shared need of this group');
        }
      });
      const needIds = [...new Set(input.needIds)];
      const participantIds = await this.participantsFor(em, group.id, input, needIds);
      const lots = await this.lotsFor(em, input, needs, needIds);

      const procurement = await em.getRepository(Procurement).save(
        em.getRepository(Procurement).create({
          groupId: group.id,
          title: clean(input.title),
          description: input.description.trim(),
          procedureType: input.procedureType,
          contractType: input.contractType,
          leadOrganisationId: input.leadOrganisationId,
          phase: ProcurementPhase.ANCHORING,
          cancellationReason: null,
          dialogueNotice: null,
          dialoguePublishedAt: null,
          maxBookingsPerSupplier: 1,
          createdByUserId: actor.user.id,
        }),
      );
      await em
        .getRepository(ProcurementNeed)
        .insert(needIds.map((needId) => ({ procurementId: procurement.id, needId })));
      await em
        .getRepository(Participant)
        .insert(participantIds.map((organisationId) => ({ procurementId: procurement.id, organisationId })));
      const savedLots = await em
        .getRepository(Lot)
        .save(lots.map((l, i) => em.getRepository(Lot).create({ ...l, procurementId: procurement.id, number: i + 1 })));
      for (const lot of savedLots) await seedLotValues(em, lot);
      const thread = (kind: ThreadKind, title: string) => ({
        groupId: group.id,
        parentType: ThreadParent.PROCUREMENT,
        parentId: procurement.id,
        kind,
        title,
        createdByUserId: actor.user.id,
      });
      await em
        .getRepository(Thread)
        .insert([thread(ThreadKind.BUYERS, 'Buyers'), thread(ThreadKind.PUBLIC_DIALOGUE, 'Market dialogue')]);
      await record(
        procurementEvent(procurement, actor, 'procurement.created', {
          title: procurement.title,
          needIds,
          participantOrganisationIds: participantIds,
        }),
      );
      return procurement;
    });
  }

  /** The lead and the participants named, or else the authorities that stated an interest in the needs. */
  private async participantsFor(
    em: EntityManager,
    groupId: string,
    input: CreateJointProcurementInput,
    needIds: string[],
  ): Promise<string[]> {
    const members = await takingPart(em, groupId);
    const lead = input.leadOrganisationId;
    if (!members.has(lead)) throw cannotTakePart('input.leadOrganisationId');
    let participantIds: string[];
    if (input.participantOrganisationIds) {
      input.participantOrganisationIds.forEach((id, i) => {
        if (!members.has(id)) throw cannotTakePart(`input.participantOrganisationIds[${i}]`);
      });
      participantIds = [...new Set(input.participantOrganisationIds)];
    } else {
      const rows = (await em.query(
        `SELECT DISTINCT organisation_id FROM need_interest WHERE need_id = ANY($1::uuid[]) ORDER BY organisation_id`,
        [needIds],
      )) as { organisation_id: string }[];
      participantIds = rows.map((r) => r.organisation_id).filter((id) => members.has(id));
    }
    if (!participantIds.includes(lead)) participantIds.unshift(lead);
    return participantIds;
  }

  /** The lots asked for, or one lot per need. */
  private async lotsFor(em: EntityManager, input: CreateJointProcurementInput, needs: SharedNeed[], needIds: string[]) {
    const lotInputs = input.lots?.length
      ? input.lots
      : needIds.map((id) => {
          const need = needs.find((n) => n.id === id)!;
          return { title: need.title, description: '', cpvCodes: need.cpvCodes, needId: need.id, optionCount: 0 };
        });
    const lots = [];
    for (const [i, l] of lotInputs.entries()) {
      if (l.needId && !needIds.includes(l.needId)) {
        throw UserInputError.field(`input.lots[${i}].needId`, 'procurementNeed', 'is not one of input.needIds');
      }
      const cpvCodes = await knownCpvCodes(this.cpv, em, l.cpvCodes, `input.lots[${i}].cpvCodes`);
      lots.push({
        title: clean(l.title),
        description: l.description.trim(),
        cpvCodes,
        needId: l.needId ?? null,
        ...changedPeriod(NO_PERIOD, l, `input.lots[${i}].`),
      });
    }
    return lots;
  }

  update(actor: Actor, procurementId: string, input: UpdateJointProcurementInput): Promise<Procurement> {
    return this.change(
      actor,
      procurementId,
      async (em, record, { procurement }) => {
        const changes: Partial<Procurement> = {};
        if (input.title != null) changes.title = clean(input.title);
        if (input.description != null) changes.description = input.description.trim();
        if (input.procedureType != null || input.contractType != null || input.leadOrganisationId != null) {
          requireBeforeCompetition(procurement, 'The procedure, contract type and lead authority');
        }
        if (input.procedureType != null) changes.procedureType = input.procedureType;
        if (input.contractType != null) changes.contractType = input.contractType;
        const lead = input.leadOrganisationId;
        if (lead != null && lead !== procurement.leadOrganisationId) {
          if (!(await activeParticipant(em, procurement.id, lead))) throw notAParticipant('input.leadOrganisationId');
          changes.leadOrganisationId = lead;
        }
        if (!Object.keys(changes).length) return procurement;
        await em.getRepository(Procurement).update({ id: procurement.id }, changes);
        await record(procurementEvent(procurement, actor, 'procurement.updated', { fields: Object.keys(changes) }));
        return em.getRepository(Procurement).findOneByOrFail({ id: procurement.id });
      },
      { coordinatorsOnly: 'edit a joint procurement' },
    );
  }

  // ---- phases ----

  async advance(actor: Actor, input: AdvancePhaseInput): Promise<Procurement> {
    const moved = await this.change(
      actor,
      input.procurementId,
      async (em, record, { procurement }) => {
        if (procurement.phase !== input.from) {
          throw new ConflictError(
            `The procurement is in ${procurement.phase}, not ${input.from}: someone moved it first. Reload and try again.`,
            { field: 'input.from', currentPhase: procurement.phase },
          );
        }
        const to = nextPhase(procurement.phase)!;
        const missing = checklist(to, await loadGateFacts(em, procurement)).filter((i) => !i.done);
        if (missing.length) {
          throw new AppError(
            ErrorCode.INVALID_STATE,
            `Cannot move to ${to}: missing ${missing.map((m) => m.label).join('; ')}.`,
            { missing: missing.map((m) => m.key), missingItems: missing.map((m) => ({ key: m.key, label: m.label })) },
          );
        }
        // The dialogue closes when the competition starts: its meetings still to come end with it.
        if (to === ProcurementPhase.COMPETITION) {
          for (const step of this.dialogueEndSteps) await step.during(em, record, procurement, actor);
        }
        // Suppliers learn the phase too.
        return this.movePhase(em, record, actor, procurement, to, {});
      },
      { coordinatorsOnly: 'move a procurement between phases' },
    );
    if (moved.phase === ProcurementPhase.COMPETITION) for (const step of this.dialogueEndSteps) step.after?.();
    return moved;
  }

  /**
   * Archiving a group (read-only from then on) would strand its procurements still running, with
   * mandates, deadlines and suppliers waiting: refused until each is closed or cancelled.
   */
  async assertNoneOpenIn(em: EntityManager, group: BuyerGroup): Promise<void> {
    const open = await em.getRepository(Procurement).find({
      select: { id: true, title: true },
      where: { groupId: group.id, phase: Not(In([ProcurementPhase.CLOSED, ProcurementPhase.CANCELLED])) },
      order: { createdAt: 'ASC' },
    });
    if (open.length) {
      throw new InvalidStateError(
        `The group has joint procurements still open (${open.map((p) => p.title).join('; ')}): close or cancel them before archiving the group.`,
        ['no open joint procurements'],
      );
    }
  }

  private readonly dialogueEndSteps: DialogueEndStep[] = [];

  /** Adds what else ends with the market dialogue, in the transaction that ends it (see DialogueEndStep). */
  onDialogueEnd(step: DialogueEndStep): void {
    this.dialogueEndSteps.push(step);
  }

  async cancel(actor: Actor, input: CancelProcurementInput): Promise<Procurement> {
    const cancelled = await this.change(
      actor,
      input.procurementId,
      async (em, record, { procurement }) => {
        const reason = input.reason.trim();
        for (const step of this.dialogueEndSteps) await step.during(em, record, procurement, actor);
        return this.movePhase(em, record, actor, procurement, ProcurementPhase.CANCELLED, { reason });
      },
      { coordinatorsOnly: 'cancel a procurement' },
    );
    for (const step of this.dialogueEndSteps) step.after?.();
    return cancelled;
  }

  /** Moves to `to`, told to suppliers as well (a cancellation records its reason on the row and in the event). */
  private async movePhase(
    em: EntityManager,
    record: RecordEvent,
    actor: Actor,
    procurement: Procurement,
    to: ProcurementPhase,
    extra: { reason?: string },
  ): Promise<Procurement> {
    const cancellation = extra.reason === undefined ? {} : { cancellationReason: extra.reason };
    await em
      .getRepository(Procurement)
      .update({ id: procurement.id }, { phase: to, phaseChangedAt: new Date(), ...cancellation });
    await record(
      procurementEvent(
        procurement,
        actor,
        'procurement.phase_changed',
        { from: procurement.phase, to, ...extra },
        true,
      ),
    );
    return em.getRepository(Procurement).findOneByOrFail({ id: procurement.id });
  }

  // ---- the viewer's tasks ----

  /**
   * What waits for the viewer's organisation across its groups: mandates to sign, open decisions it
   * has not voted on, and milestones due within `days` (or overdue) of open procurements.
   */
  async tasks(
    actor: Actor,
    days: number,
  ): Promise<{ mandates: Participant[]; decisions: Decision[]; milestones: Milestone[] }> {
    const org = actor.organisation.id;
    const member = `EXISTS (SELECT 1 FROM membership ms WHERE ms.group_id = p.group_id AND ms.organisation_id = :org AND ms.status = 'ACTIVE')`;
    const open = `p.phase NOT IN ('CLOSED', 'CANCELLED')`;
    const [mandates, decisions, milestones] = await Promise.all([
      this.db
        .getRepository(Participant)
        .createQueryBuilder('pp')
        .innerJoin(Procurement, 'p', 'p.id = pp.procurement_id')
        .where(
          `pp.organisation_id = :org AND pp.mandate_status = 'REQUESTED'
                 AND p.phase IN ('ANCHORING', 'NEED_ASSESSMENT', 'MARKET_DIALOGUE', 'PREPARATION')`,
        )
        .andWhere(member)
        .setParameter('org', org)
        .orderBy('pp.created_at', 'ASC')
        .getMany(),
      this.db
        .getRepository(Decision)
        .createQueryBuilder('d')
        .innerJoin(Procurement, 'p', 'p.id = d.procurement_id')
        .innerJoin(
          Participant,
          'pp',
          `pp.procurement_id = p.id AND pp.organisation_id = :org AND pp.mandate_status <> 'WITHDRAWN'`,
        )
        .where(`d.status = 'OPEN' AND d.closes_at > now() AND ${open}`)
        .andWhere(member)
        .andWhere(`NOT EXISTS (SELECT 1 FROM decision_vote v WHERE v.decision_id = d.id AND v.organisation_id = :org)`)
        .setParameter('org', org)
        .orderBy('d.closes_at', 'ASC')
        .getMany(),
      this.db
        .getRepository(Milestone)
        .createQueryBuilder('m')
        .innerJoin(Procurement, 'p', 'p.id = m.procurement_id')
        .where(`m.completed_at IS NULL AND m.due_at < now() + make_interval(days => :days) AND ${open}`)
        .andWhere(member)
        .setParameters({ org, days })
        .orderBy('m.due_at', 'ASC')
        .take(50)
        .getMany(),
    ]);
    return { mandates, decisions, milestones };
  }

  /** The sum of amounts in `currency`, other currencies converted exactly at the thresholds file's rates. */
  convert(sums: { amount: string; currency: Currency }[], currency: Currency): string {
    return convertAtRates(this.config.thresholds, sums, currency);
  }

  // ---- live ----

  async stream(
    actor: Actor,
    procurementId: string,
    after: string | null | undefined,
  ): Promise<AsyncIterable<StreamItem>> {
    return this.streams.inGroup(actor, after, async () => {
      const { procurement } = await this.access(actor, procurementId);
      return { groupId: procurement.groupId, scopeType: 'procurement', scopeId: procurement.id };
    });
  }
}
