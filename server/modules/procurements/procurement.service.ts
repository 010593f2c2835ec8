import type { CpvService } from '../cpv/cpv.service.js';
import { findById } from '../../loaders.js';
import type { Loaders } from '../../loaders.js';
import DataLoader from 'dataloader';
import { isFutureDate } from '../../common/dates.js';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { exactSum, Exact, fixed } from '../../common/money.js';
import { normaliseCpvCodes } from '../../common/cpv.js';
import { loadPages, type Connection, type PageArgs } from '../../common/pagination.js';
import { clean } from '../../common/validation.js';
import type { Config } from '../../config.js';
import type { Actor } from '../../auth/actor.js';
import {
  AppError,
  ConflictError,
  ErrorCode,
  ForbiddenError,
  InvalidStateError,
  NotFoundError,
  UserInputError,
} from '../../errors.js';
import type { EventWriter, NewEvent, RecordEvent } from '../../events/event-log.js';
import type { EventStreams, StreamItem } from '../../events/stream.js';
import { UUID } from '../../loaders.js';
import { Decision } from '../decisions/decision.entity.js';
import { Thread, ThreadKind, ThreadParent } from '../discussions/thread.entity.js';
import { Document, DocumentKind, DocumentParent } from '../documents/document.entity.js';
import { BuyerGroup } from '../groups/group.entity.js';
import {
  canContribute,
  isActiveMember,
  requireWritable,
  requireActsForOrganisation,
  requireCoordinator,
} from '../groups/group.policy.js';
import type { GroupService } from '../groups/group.service.js';
import { guestMembership } from '../groups/membership.scope.js';
import { Membership, MembershipStatus } from '../groups/membership.entity.js';
import type { Currency } from '../needs/interest.entity.js';
import { SharedNeed } from '../needs/need.entity.js';
import { Organisation, OrganisationKind } from '../organisations/organisation.entity.js';
import { stringify } from 'csv-stringify/sync';
import { checklist, loadGateFacts, loadGateFactsMany, nextPhase, type GateFacts } from './procurement.gates.js';
import { loadHistory } from './procurement.history.js';
import {
  defaultMilestoneTitle,
  isFinished,
  Lot,
  LotValue,
  MandateStatus,
  Milestone,
  MilestoneKind,
  Participant,
  PHASE_ORDER,
  phaseAtLeast,
  Procurement,
  ProcurementNeed,
  ProcurementPhase,
} from './procurement.entity.js';
import type {
  AdvancePhaseInput,
  CancelProcurementInput,
  CreateJointProcurementInput,
  LotInput,
  SetLotValueInput,
  SetMilestoneInput,
  SignMandateInput,
  UpdateJointProcurementInput,
  UpdateLotInput,
  WithdrawMandateInput,
} from './procurement.inputs.js';
import {
  AuthorityLevel,
  NoticeKind,
  PhaseStepStatus,
  type ChecklistItem,
  type HistoryEntry,
  type PhaseStep,
  type ThresholdAssessment,
  type ValueSum,
} from './procurement.types.js';

export interface ProcurementAccess {
  procurement: Procurement;
  group: BuyerGroup;
  membership: Membership;
  /** The viewer's organisation as a participant, or null. */
  participant: Participant | null;
}

/** An event of a procurement. `pub`: also for its registered suppliers, so the payload must name no buyer secret. */
export const procurementEvent = (
  p: Procurement,
  viewer: Actor | null,
  type: string,
  payload: Record<string, unknown> = {},
  pub = false,
): NewEvent => ({
  scopeType: 'procurement',
  scopeId: p.id,
  groupId: p.groupId,
  type,
  actor: viewer ? { userId: viewer.user.id, organisationId: viewer.organisation.id } : null,
  payload: { procurementId: p.id, ...payload },
  public: pub,
});

export const requireOpen = (p: Procurement) => {
  if (isFinished(p.phase)) {
    throw new InvalidStateError(`The procurement is ${p.phase.toLowerCase()}; it can no longer change.`, [
      'an open procurement',
    ]);
  }
};

/** Lots, participants, values and the procedure are fixed once the competition has started. */
const requireBeforeCompetition = (p: Procurement, what: string) => {
  requireOpen(p);
  if (phaseAtLeast(p.phase, ProcurementPhase.COMPETITION)) {
    throw new InvalidStateError(`${what} cannot change once the competition has started.`, [
      'phase before COMPETITION',
    ]);
  }
};

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
   * mandates and dialogue rules see a settled state) and checks the viewer is an active member.
   */
  async lock(em: EntityManager, viewer: Actor, procurementId: string): Promise<ProcurementAccess> {
    const procurement = UUID.test(procurementId)
      ? await em
          .getRepository(Procurement)
          .createQueryBuilder('p')
          .setLock('pessimistic_write')
          .where('p.id = :procurementId', { procurementId })
          .getOne()
      : null;
    if (!procurement) throw new NotFoundError('JointProcurement', procurementId);
    let membership = await em
      .getRepository(Membership)
      .findOneBy({ groupId: procurement.groupId, organisationId: viewer.organisation.id });
    if (!isActiveMember(membership)) {
      const [grant] = await this.groups.liveGuestGrants(em, viewer.user.id, [procurement.groupId]);
      membership = grant ? guestMembership(grant, viewer.organisation.id) : null;
    }
    if (!isActiveMember(membership)) throw new NotFoundError('JointProcurement', procurementId);
    const group = await em.getRepository(BuyerGroup).findOneByOrFail({ id: procurement.groupId });
    const participant = await em
      .getRepository(Participant)
      .findOneBy({ procurementId: procurement.id, organisationId: viewer.organisation.id });
    return { procurement, group, membership, participant };
  }

  /**
   * Runs `fn` in a transaction holding the procurement's row lock, for a writer of an open
   * procurement of a writable group (also for the dialogue, decision and benefit services).
   */
  change<T>(
    actor: Actor,
    procurementId: string,
    fn: (em: EntityManager, record: RecordEvent, access: ProcurementAccess, viewer: Actor) => Promise<T>,
    o: { coordinatorsOnly?: string } = {},
  ): Promise<T> {
    return this.events.transaction(async (em, record) => {
      const access = await this.lock(em, actor, procurementId);
      // `coordinatorsOnly` names what only coordinators do; it is checked before the state.
      if (o.coordinatorsOnly) requireCoordinator(access.membership, o.coordinatorsOnly);
      requireWritable(access.group);
      requireOpen(access.procurement);
      return fn(em, record, access, actor);
    });
  }

  // ---- create and edit ----

  async create(actor: Actor, input: CreateJointProcurementInput): Promise<Procurement> {
    return this.events.transaction(async (em, record) => {
      const { group, membership } = await this.groups.lockForChange(em, actor, input.groupId);
      requireCoordinator(membership, 'broker joint procurements');
      requireWritable(group);

      // Checked as sent, so an error names the index the client knows; duplicates are dropped after.
      const needs = await em.getRepository(SharedNeed).findBy({ id: In(input.needIds.filter((id) => UUID.test(id))) });
      input.needIds.forEach((id, i) => {
        if (!needs.some((n) => n.id === id && n.groupId === group.id)) {
          throw UserInputError.field(`input.needIds[${i}]`, 'exists', 'is not a shared need of this group');
        }
      });
      const needIds = [...new Set(input.needIds)];

      const members = await this.activeMemberOrganisations(em, group.id);
      const lead = input.leadOrganisationId;
      if (!members.has(lead)) {
        throw UserInputError.field(
          'input.leadOrganisationId',
          'activeMember',
          'is not an active member (or coordinator) of this group; observers do not take part',
        );
      }
      let participantIds: string[];
      if (input.participantOrganisationIds) {
        input.participantOrganisationIds.forEach((id, i) => {
          if (!members.has(id)) {
            throw UserInputError.field(
              `input.participantOrganisationIds[${i}]`,
              'activeMember',
              'is not an active member (or coordinator) of this group; observers do not take part',
            );
          }
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

      const lotInputs: LotInput[] = input.lots?.length
        ? input.lots
        : needIds.map((id) => {
            const need = needs.find((n) => n.id === id)!;
            return { title: need.title, description: '', cpvCodes: need.cpvCodes, needId: need.id };
          });
      const lots = [];
      for (const [i, l] of lotInputs.entries()) {
        if (l.needId && !needIds.includes(l.needId)) {
          throw UserInputError.field(`input.lots[${i}].needId`, 'procurementNeed', 'is not one of input.needIds');
        }
        const cpvCodes = normaliseCpvCodes(l.cpvCodes, `input.lots[${i}].cpvCodes`);
        await this.cpv.assertKnown(em, cpvCodes, `input.lots[${i}].cpvCodes`);
        lots.push({ title: clean(l.title), description: l.description.trim(), cpvCodes, needId: l.needId ?? null });
      }

      const procurement = await em.getRepository(Procurement).save(
        em.getRepository(Procurement).create({
          groupId: group.id,
          title: clean(input.title),
          description: input.description.trim(),
          procedureType: input.procedureType,
          contractType: input.contractType,
          leadOrganisationId: lead,
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
      const savedLots = await em
        .getRepository(Lot)
        .save(lots.map((l, i) => em.getRepository(Lot).create({ ...l, procurementId: procurement.id, number: i + 1 })));
      await em
        .getRepository(Participant)
        .insert(participantIds.map((organisationId) => ({ procurementId: procurement.id, organisationId })));
      // Each participant's share of a lot starts as its stated annual value for the lot's need.
      for (const lot of savedLots.filter((l) => l.needId)) {
        await em.query(
          `INSERT INTO procurement_lot_value (lot_id, organisation_id, procurement_id, amount, currency, updated_by_user_id)
           SELECT $1, i.organisation_id, $2, i.annual_value, i.currency, i.updated_by_user_id
           FROM need_interest i
           WHERE i.need_id = $3 AND i.annual_value IS NOT NULL AND i.currency IS NOT NULL AND i.organisation_id = ANY($4::uuid[])`,
          [lot.id, procurement.id, lot.needId, participantIds],
        );
      }
      await em.getRepository(Thread).insert([
        {
          groupId: group.id,
          parentType: ThreadParent.PROCUREMENT,
          parentId: procurement.id,
          kind: ThreadKind.BUYERS,
          title: 'Buyers',
          createdByUserId: actor.user.id,
        },
        {
          groupId: group.id,
          parentType: ThreadParent.PROCUREMENT,
          parentId: procurement.id,
          kind: ThreadKind.PUBLIC_DIALOGUE,
          title: 'Market dialogue',
          createdByUserId: actor.user.id,
        },
      ]);
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

  update(actor: Actor, procurementId: string, input: UpdateJointProcurementInput): Promise<Procurement> {
    return this.change(actor, procurementId, async (em, record, { procurement, membership }, viewer) => {
      requireCoordinator(membership, 'edit a joint procurement');
      const changes: Partial<Procurement> = {};
      if (input.title != null) changes.title = clean(input.title);
      if (input.description != null) changes.description = input.description.trim();
      if (input.procedureType != null || input.contractType != null || input.leadOrganisationId != null) {
        requireBeforeCompetition(procurement, 'The procedure, contract type and lead authority');
      }
      if (input.procedureType != null) changes.procedureType = input.procedureType;
      if (input.contractType != null) changes.contractType = input.contractType;
      if (input.leadOrganisationId != null && input.leadOrganisationId !== procurement.leadOrganisationId) {
        const participant = UUID.test(input.leadOrganisationId)
          ? await em
              .getRepository(Participant)
              .findOneBy({ procurementId: procurement.id, organisationId: input.leadOrganisationId })
          : null;
        if (!participant || participant.mandateStatus === MandateStatus.WITHDRAWN) {
          throw UserInputError.field(
            'input.leadOrganisationId',
            'participant',
            'is not a participant of this procurement',
          );
        }
        changes.leadOrganisationId = input.leadOrganisationId;
      }
      if (!Object.keys(changes).length) return procurement;
      await em.getRepository(Procurement).update({ id: procurement.id }, changes);
      await record(procurementEvent(procurement, viewer, 'procurement.updated', { fields: Object.keys(changes) }));
      return em.getRepository(Procurement).findOneByOrFail({ id: procurement.id });
    });
  }

  /** Organisations that may take part: active members and coordinators (observers only read, and cannot sign). */
  private async activeMemberOrganisations(em: EntityManager, groupId: string): Promise<Set<string>> {
    const rows = await em.getRepository(Membership).findBy({ groupId, status: MembershipStatus.ACTIVE });
    return new Set(rows.filter(canContribute).map((m) => m.organisationId));
  }

  // ---- participants ----

  addParticipant(actor: Actor, procurementId: string, organisationId: string): Promise<Participant> {
    return this.change(actor, procurementId, async (em, record, { procurement, membership }, viewer) => {
      requireCoordinator(membership, 'add participants');
      requireBeforeCompetition(procurement, 'Participants');
      const members = await this.activeMemberOrganisations(em, procurement.groupId);
      if (!members.has(organisationId)) {
        throw UserInputError.field(
          'input.organisationId',
          'activeMember',
          'is not an active member (or coordinator) of this group; observers do not take part',
        );
      }
      const repo = em.getRepository(Participant);
      const existing = await repo.findOneBy({ procurementId: procurement.id, organisationId });
      if (existing && existing.mandateStatus !== MandateStatus.WITHDRAWN) {
        throw new ConflictError('The organisation already participates.', { field: 'input.organisationId' });
      }
      // A withdrawn participant asked back gets a fresh mandate request.
      const participant = existing
        ? repo.merge(existing, {
            mandateStatus: MandateStatus.REQUESTED,
            decisionReference: null,
            decisionDate: null,
            signedAt: null,
            signedByUserId: null,
            lotIds: [],
            mandateDocumentId: null,
            withdrawnAt: null,
            withdrawalReason: null,
          })
        : repo.create({ procurementId: procurement.id, organisationId });
      const saved = await repo.save(participant);
      await record(procurementEvent(procurement, viewer, 'participant.added', { organisationId }));
      return saved;
    });
  }

  /** Removes a participant that has not signed (a signed mandate is withdrawn by its authority instead). */
  removeParticipant(actor: Actor, procurementId: string, organisationId: string): Promise<Procurement> {
    return this.change(actor, procurementId, async (em, record, { procurement, membership }, viewer) => {
      requireCoordinator(membership, 'remove participants');
      requireBeforeCompetition(procurement, 'Participants');
      const participant = UUID.test(organisationId)
        ? await em.getRepository(Participant).findOneBy({ procurementId: procurement.id, organisationId })
        : null;
      if (!participant) throw UserInputError.field('input.organisationId', 'participant', 'is not a participant');
      if (organisationId === procurement.leadOrganisationId) {
        throw new InvalidStateError('The lead authority cannot be removed; choose another lead first.', [
          'another lead authority',
        ]);
      }
      if (participant.mandateStatus === MandateStatus.SIGNED) {
        throw new InvalidStateError('This participant has signed its mandate; only it can withdraw.', [
          'mandate not signed',
        ]);
      }
      await em.getRepository(LotValue).delete({ procurementId: procurement.id, organisationId });
      await em.getRepository(Participant).delete({ id: participant.id });
      await record(procurementEvent(procurement, viewer, 'participant.removed', { organisationId }));
      return procurement;
    });
  }

  // ---- lots and values ----

  addLot(actor: Actor, procurementId: string, input: LotInput): Promise<Lot> {
    return this.change(actor, procurementId, async (em, record, { procurement, membership }, viewer) => {
      requireCoordinator(membership, 'change lots');
      requireBeforeCompetition(procurement, 'Lots');
      if (input.needId) {
        const linked = UUID.test(input.needId)
          ? await em.getRepository(ProcurementNeed).existsBy({ procurementId: procurement.id, needId: input.needId })
          : false;
        if (!linked) throw UserInputError.field('input.needId', 'procurementNeed', 'is not a need of this procurement');
      }
      const cpvCodes = normaliseCpvCodes(input.cpvCodes, 'input.cpvCodes');
      await this.cpv.assertKnown(em, cpvCodes, 'input.cpvCodes');
      const [{ n }] = (await em.query(
        `SELECT coalesce(max(number), 0) + 1 AS n FROM procurement_lot WHERE procurement_id = $1`,
        [procurement.id],
      )) as { n: number }[];
      const lot = await em.getRepository(Lot).save(
        em.getRepository(Lot).create({
          procurementId: procurement.id,
          number: Number(n),
          title: clean(input.title),
          description: input.description.trim(),
          cpvCodes,
          needId: input.needId ?? null,
        }),
      );
      if (lot.needId) {
        // As at creation: each participant's share starts as its stated annual value for the need.
        await em.query(
          `INSERT INTO procurement_lot_value (lot_id, organisation_id, procurement_id, amount, currency, updated_by_user_id)
           SELECT $1, i.organisation_id, $2, i.annual_value, i.currency, i.updated_by_user_id
           FROM need_interest i
           JOIN procurement_participant pp ON pp.procurement_id = $2 AND pp.organisation_id = i.organisation_id
           WHERE i.need_id = $3 AND i.annual_value IS NOT NULL AND i.currency IS NOT NULL
             AND pp.mandate_status <> 'WITHDRAWN'`,
          [lot.id, procurement.id, lot.needId],
        );
      }
      await record(procurementEvent(procurement, viewer, 'lot.added', { lotId: lot.id, number: lot.number }));
      return lot;
    });
  }

  async updateLot(actor: Actor, lotId: string, input: UpdateLotInput): Promise<Lot> {
    const lot = await this.lotOrFail(lotId);
    return this.change(actor, lot.procurementId, async (em, record, { procurement, membership }, viewer) => {
      requireCoordinator(membership, 'change lots');
      requireBeforeCompetition(procurement, 'Lots');
      const changes: Partial<Lot> = {};
      if (input.title != null) changes.title = clean(input.title);
      if (input.description != null) changes.description = input.description.trim();
      if (input.cpvCodes != null) {
        changes.cpvCodes = normaliseCpvCodes(input.cpvCodes, 'input.cpvCodes');
        await this.cpv.assertKnown(em, changes.cpvCodes, 'input.cpvCodes');
      }
      if (!Object.keys(changes).length) return lot;
      await em.getRepository(Lot).update({ id: lot.id }, changes);
      await record(procurementEvent(procurement, viewer, 'lot.updated', { lotId: lot.id }));
      return em.getRepository(Lot).findOneByOrFail({ id: lot.id });
    });
  }

  async removeLot(actor: Actor, lotId: string): Promise<Procurement> {
    const lot = await this.lotOrFail(lotId);
    return this.change(actor, lot.procurementId, async (em, record, { procurement, membership }, viewer) => {
      requireCoordinator(membership, 'change lots');
      requireBeforeCompetition(procurement, 'Lots');
      await em.getRepository(Lot).delete({ id: lot.id });
      // Mandates name the lots they cover; a removed lot is no longer covered by anything.
      await em.query(
        `UPDATE procurement_participant SET lot_ids = array_remove(lot_ids, $2::uuid) WHERE procurement_id = $1`,
        [procurement.id, lot.id],
      );
      await record(procurementEvent(procurement, viewer, 'lot.removed', { lotId: lot.id, number: lot.number }));
      return procurement;
    });
  }

  private async lotOrFail(lotId: string): Promise<Lot> {
    const lot = UUID.test(lotId) ? await this.db.getRepository(Lot).findOneBy({ id: lotId }) : null;
    if (!lot) throw new NotFoundError('Lot', lotId);
    return lot;
  }

  async setLotValue(actor: Actor, input: SetLotValueInput): Promise<LotValue> {
    const lot = await this.lotOrFail(input.lotId).catch(() => {
      throw UserInputError.field('input.lotId', 'exists', 'is not a lot');
    });
    return this.change(actor, lot.procurementId, async (em, record, { procurement, membership }, viewer) => {
      requireBeforeCompetition(procurement, 'Stated values');
      const organisationId = input.organisationId ?? viewer.organisation.id;
      if (organisationId !== viewer.organisation.id) {
        requireCoordinator(membership, "state another authority's value");
      } else {
        requireActsForOrganisation(membership, 'state values');
      }
      const participant = UUID.test(organisationId)
        ? await em.getRepository(Participant).findOneBy({ procurementId: procurement.id, organisationId })
        : null;
      if (!participant || participant.mandateStatus === MandateStatus.WITHDRAWN) {
        throw organisationId === viewer.organisation.id
          ? new ForbiddenError('Your organisation does not participate in this procurement.')
          : UserInputError.field('input.organisationId', 'participant', 'is not a participant of this procurement');
      }
      if (Number(input.amount) < 0) throw UserInputError.field('input.amount', 'min', 'must not be negative');
      if (!/^\d{1,14}(\.\d{1,2})?$/.test(input.amount.replace(/^-/, ''))) {
        throw UserInputError.field('input.amount', 'precision', 'must have at most 14 digits and 2 decimals');
      }
      await em.query(
        `INSERT INTO procurement_lot_value (lot_id, organisation_id, procurement_id, amount, currency, updated_by_user_id)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (lot_id, organisation_id) DO UPDATE
           SET amount = EXCLUDED.amount, currency = EXCLUDED.currency, updated_by_user_id = EXCLUDED.updated_by_user_id, updated_at = now()`,
        [lot.id, organisationId, procurement.id, input.amount, input.currency, viewer.user.id],
      );
      await record(procurementEvent(procurement, viewer, 'lot.value_set', { lotId: lot.id, organisationId }));
      return em.getRepository(LotValue).findOneByOrFail({ lotId: lot.id, organisationId });
    });
  }

  // ---- mandates ----

  signMandate(actor: Actor, input: SignMandateInput): Promise<Participant> {
    return this.change(
      actor,
      input.procurementId,
      async (em, record, { procurement, membership, participant }, viewer) => {
        if (!participant) throw new ForbiddenError('Your organisation does not participate in this procurement.');
        requireActsForOrganisation(membership, 'sign mandates');
        if (participant.mandateStatus !== MandateStatus.REQUESTED) {
          throw new InvalidStateError(`The mandate is ${participant.mandateStatus.toLowerCase()}.`, [
            'mandate status REQUESTED',
          ]);
        }
        requireBeforeCompetition(procurement, 'Mandates');
        if (isFutureDate(input.decisionDate)) {
          throw UserInputError.field('input.decisionDate', 'notFuture', 'must not be in the future');
        }
        const lots = await em.getRepository(Lot).findBy({ procurementId: procurement.id });
        let lotIds = lots.map((l) => l.id);
        if (input.lotIds) {
          input.lotIds.forEach((id, i) => {
            if (!lots.some((l) => l.id === id)) {
              throw UserInputError.field(`input.lotIds[${i}]`, 'exists', 'is not a lot of this procurement');
            }
          });
          lotIds = [...new Set(input.lotIds)];
        }
        if (!lotIds.length)
          throw UserInputError.field('input.lotIds', 'notEmpty', 'the procurement has no lots to cover');
        if (input.documentId) {
          const doc = UUID.test(input.documentId)
            ? await em.getRepository(Document).findOneBy({ id: input.documentId })
            : null;
          if (
            !doc ||
            doc.deletedAt ||
            doc.parentType !== DocumentParent.PROCUREMENT ||
            doc.parentId !== procurement.id ||
            doc.kind !== DocumentKind.MANDATE
          ) {
            throw UserInputError.field(
              'input.documentId',
              'mandateDocument',
              'is not a MANDATE document of this procurement',
            );
          }
        }
        Object.assign(participant, {
          mandateStatus: MandateStatus.SIGNED,
          decisionReference: clean(input.decisionReference),
          decisionDate: input.decisionDate,
          signedAt: new Date(),
          signedByUserId: viewer.user.id,
          lotIds,
          mandateDocumentId: input.documentId ?? null,
        });
        const saved = await em.getRepository(Participant).save(participant);
        await record(
          procurementEvent(procurement, viewer, 'mandate.signed', {
            organisationId: participant.organisationId,
            lotIds,
          }),
        );
        return saved;
      },
    );
  }

  /** A participant withdraws its own mandate, before the opt-out deadline (or, without one, before the competition). */
  withdrawMandate(actor: Actor, input: WithdrawMandateInput): Promise<Participant> {
    return this.change(
      actor,
      input.procurementId,
      async (em, record, { procurement, membership, participant }, viewer) => {
        if (!participant) throw new ForbiddenError('Your organisation does not participate in this procurement.');
        requireActsForOrganisation(membership, 'withdraw mandates');
        if (participant.mandateStatus === MandateStatus.WITHDRAWN) {
          throw new InvalidStateError('The mandate is already withdrawn.', ['mandate status REQUESTED or SIGNED']);
        }
        if (participant.organisationId === procurement.leadOrganisationId) {
          throw new InvalidStateError(
            'The lead authority cannot withdraw; the coordinators choose another lead first.',
            ['another lead authority'],
          );
        }
        const optOut = await em
          .getRepository(Milestone)
          .findOneBy({ procurementId: procurement.id, kind: MilestoneKind.OPT_OUT_DEADLINE });
        if (optOut && optOut.dueAt.getTime() <= Date.now()) {
          throw new InvalidStateError(`The opt-out deadline passed on ${optOut.dueAt.toISOString()}.`, [
            'before the opt-out deadline',
          ]);
        }
        if (!optOut) requireBeforeCompetition(procurement, 'Mandates');
        Object.assign(participant, {
          mandateStatus: MandateStatus.WITHDRAWN,
          withdrawnAt: new Date(),
          withdrawalReason: input.reason.trim(),
        });
        const saved = await em.getRepository(Participant).save(participant);
        await record(
          procurementEvent(procurement, viewer, 'mandate.withdrawn', { organisationId: participant.organisationId }),
        );
        return saved;
      },
    );
  }

  // ---- milestones ----

  setMilestone(actor: Actor, input: SetMilestoneInput): Promise<Milestone> {
    return this.change(actor, input.procurementId, async (em, record, { procurement, membership }, viewer) => {
      requireCoordinator(membership, 'set milestones');
      const milestone = await this.upsertMilestone(em, procurement, input.kind, input.title ?? null, input.dueAt);
      await record(
        procurementEvent(
          procurement,
          viewer,
          'milestone.set',
          { milestoneId: milestone.id, kind: milestone.kind, dueAt: milestone.dueAt.toISOString() },
          // Suppliers follow the question deadline and the meetings; the rest is the buyers' planning.
          milestone.kind === MilestoneKind.QUESTION_DEADLINE,
        ),
      );
      return milestone;
    });
  }

  /** Sets the milestone of a kind (OTHER: adds one). Used by the dialogue notice for the question deadline. */
  async upsertMilestone(
    em: EntityManager,
    procurement: Procurement,
    kind: MilestoneKind,
    title: string | null,
    dueAt: Date,
  ): Promise<Milestone> {
    if (Number.isNaN(dueAt.getTime())) throw UserInputError.field('input.dueAt', 'date', 'is not a valid time');
    const repo = em.getRepository(Milestone);
    const existing =
      kind === MilestoneKind.OTHER ? null : await repo.findOneBy({ procurementId: procurement.id, kind });
    const fields = { title: title ? clean(title) : defaultMilestoneTitle(kind), dueAt, completedAt: null };
    return repo.save(
      existing ? repo.merge(existing, fields) : repo.create({ ...fields, procurementId: procurement.id, kind }),
    );
  }

  async completeMilestone(actor: Actor, milestoneId: string, completed: boolean): Promise<Milestone> {
    const milestone = UUID.test(milestoneId)
      ? await this.db.getRepository(Milestone).findOneBy({ id: milestoneId })
      : null;
    if (!milestone) throw new NotFoundError('Milestone', milestoneId);
    return this.change(actor, milestone.procurementId, async (em, record, { procurement, membership }, viewer) => {
      requireCoordinator(membership, 'complete milestones');
      milestone.completedAt = completed ? new Date() : null;
      await em.getRepository(Milestone).update({ id: milestone.id }, { completedAt: milestone.completedAt });
      await record(procurementEvent(procurement, viewer, 'milestone.completed', { milestoneId, completed }));
      return milestone;
    });
  }

  async removeMilestone(actor: Actor, milestoneId: string): Promise<Procurement> {
    const milestone = UUID.test(milestoneId)
      ? await this.db.getRepository(Milestone).findOneBy({ id: milestoneId })
      : null;
    if (!milestone) throw new NotFoundError('Milestone', milestoneId);
    return this.change(actor, milestone.procurementId, async (em, record, { procurement, membership }, viewer) => {
      requireCoordinator(membership, 'remove milestones');
      await em.getRepository(Milestone).delete({ id: milestone.id });
      await record(procurementEvent(procurement, viewer, 'milestone.removed', { milestoneId, kind: milestone.kind }));
      return procurement;
    });
  }

  // ---- phases ----

  advance(actor: Actor, input: AdvancePhaseInput): Promise<Procurement> {
    return this.change(actor, input.procurementId, async (em, record, { procurement, membership }, viewer) => {
      requireCoordinator(membership, 'move a procurement between phases');
      if (procurement.phase !== input.from) {
        throw new ConflictError(
          `The procurement is in ${procurement.phase}, not ${input.from}: someone moved it first. Reload and try again.`,
          { field: 'input.from', currentPhase: procurement.phase },
        );
      }
      const to = nextPhase(procurement.phase)!;
      const items = checklist(to, await loadGateFacts(em, procurement));
      const missing = items.filter((i) => !i.done);
      if (missing.length) {
        throw new AppError(
          ErrorCode.INVALID_STATE,
          `Cannot move to ${to}: missing ${missing.map((m) => m.label).join('; ')}.`,
          { missing: missing.map((m) => m.key), missingItems: missing.map((m) => ({ key: m.key, label: m.label })) },
        );
      }
      await em.getRepository(Procurement).update({ id: procurement.id }, { phase: to, phaseChangedAt: new Date() });
      // Suppliers learn the phase too: the dialogue closes when the competition starts.
      await record(
        procurementEvent(procurement, viewer, 'procurement.phase_changed', { from: procurement.phase, to }, true),
      );
      return em.getRepository(Procurement).findOneByOrFail({ id: procurement.id });
    });
  }

  cancel(actor: Actor, input: CancelProcurementInput): Promise<Procurement> {
    return this.change(actor, input.procurementId, async (em, record, { procurement, membership }, viewer) => {
      requireCoordinator(membership, 'cancel a procurement');
      const reason = input.reason.trim();
      await em
        .getRepository(Procurement)
        .update(
          { id: procurement.id },
          { phase: ProcurementPhase.CANCELLED, phaseChangedAt: new Date(), cancellationReason: reason },
        );
      await record(
        procurementEvent(
          procurement,
          viewer,
          'procurement.phase_changed',
          { from: procurement.phase, to: ProcurementPhase.CANCELLED, reason },
          true,
        ),
      );
      return em.getRepository(Procurement).findOneByOrFail({ id: procurement.id });
    });
  }

  // ---- reading ----

  listForGroup(loaders: Loaders, groupId: string, args: PageArgs): Promise<Connection<Procurement>> {
    return loaders
      .get(
        `procurements:${JSON.stringify([args.first, args.after ?? null])}`,
        () =>
          new DataLoader<string, Connection<Procurement>>(async (ids) => {
            const pages = await loadPages({
              repo: this.db.getRepository(Procurement),
              first: args.first,
              after: args.after,
              parent: { column: 't.group_id', ids, of: (p) => p.groupId },
              sort: { expr: 't.created_at', direction: 'DESC' },
            });
            return ids.map((id) => pages.get(id)!);
          }),
      )
      .load(groupId);
  }

  participantsOf(loaders: Loaders, procurementId: string): Promise<Participant[]> {
    return loaders.children(
      'procurementParticipants',
      (r) => r.procurementId,
      (ids) =>
        this.db.getRepository(Participant).find({ where: { procurementId: In(ids) }, order: { createdAt: 'ASC' } }),
      procurementId,
    );
  }

  lotsOf(loaders: Loaders, procurementId: string): Promise<Lot[]> {
    return loaders.children(
      'procurementLots',
      (r) => r.procurementId,
      (ids) => this.db.getRepository(Lot).find({ where: { procurementId: In(ids) }, order: { number: 'ASC' } }),
      procurementId,
    );
  }

  milestonesOf(loaders: Loaders, procurementId: string): Promise<Milestone[]> {
    return loaders.children(
      'procurementMilestones',
      (r) => r.procurementId,
      (ids) =>
        this.db
          .getRepository(Milestone)
          .find({ where: { procurementId: In(ids) }, order: { dueAt: 'ASC', id: 'ASC' } }),
      procurementId,
    );
  }

  lotValuesOf(loaders: Loaders, procurementId: string): Promise<LotValue[]> {
    return loaders.children(
      'procurementLotValues',
      (r) => r.procurementId,
      (ids) =>
        this.db.getRepository(LotValue).find({ where: { procurementId: In(ids) }, order: { organisationId: 'ASC' } }),
      procurementId,
    );
  }

  async needsOf(loaders: Loaders, procurementId: string): Promise<SharedNeed[]> {
    const links = await loaders.children<ProcurementNeed>(
      'procurementNeeds',
      (r) => r.procurementId,
      (ids) => this.db.getRepository(ProcurementNeed).findBy({ procurementId: In(ids) }),
      procurementId,
    );
    const needs = await loaders.byId(SharedNeed, 'SharedNeed').loadMany(links.map((l) => l.needId));
    return needs.filter((n): n is SharedNeed => n instanceof SharedNeed);
  }

  async threadOf(loaders: Loaders, procurementId: string, kind: ThreadKind): Promise<Thread> {
    const threads = await loaders
      .get(
        'procurementThreads',
        () =>
          new DataLoader<string, Thread[]>(async (ids) => {
            const rows = await this.db
              .getRepository(Thread)
              .findBy({ parentType: ThreadParent.PROCUREMENT, parentId: In([...ids]) });
            return ids.map((id) => rows.filter((t) => t.parentId === id));
          }),
      )
      .load(procurementId);
    return threads.find((t) => t.kind === kind)!;
  }

  /** Sums of stated values (participants that have not withdrawn) per currency, for one lot or the whole procurement. */
  async valueSums(loaders: Loaders, procurementId: string, lotId?: string): Promise<ValueSum[]> {
    const [values, participants] = await Promise.all([
      this.lotValuesOf(loaders, procurementId),
      this.participantsOf(loaders, procurementId),
    ]);
    const counted = new Set(
      participants.filter((p) => p.mandateStatus !== MandateStatus.WITHDRAWN).map((p) => p.organisationId),
    );
    const sums = new Map<Currency, { total: Exact; orgs: Set<string> }>();
    for (const v of values) {
      if (!counted.has(v.organisationId) || (lotId && v.lotId !== lotId)) continue;
      const s = sums.get(v.currency) ?? { total: new Exact(0), orgs: new Set<string>() };
      s.total = s.total.plus(v.amount);
      s.orgs.add(v.organisationId);
      sums.set(v.currency, s);
    }
    return [...sums.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, s]) => ({ currency, amount: fixed(s.total, 2), authorityCount: s.orgs.size }));
  }

  async thresholdAssessment(loaders: Loaders, procurement: Procurement): Promise<ThresholdAssessment> {
    const [lead, participants, sums] = await Promise.all([
      loaders.organisation.load(procurement.leadOrganisationId),
      this.participantsOf(loaders, procurement.id),
      this.valueSums(loaders, procurement.id),
    ]);
    const country = this.config.thresholds.countries[lead!.country as keyof typeof this.config.thresholds.countries];
    const orgs = await loaders.organisation.loadMany(
      participants.filter((p) => p.mandateStatus !== MandateStatus.WITHDRAWN).map((p) => p.organisationId),
    );
    const central = orgs.some((o) => o instanceof Organisation && o.kind === OrganisationKind.STATE_AGENCY);
    const total = Number(this.convert(sums, country.currency as Currency));
    const converted = sums.map((s) => s.currency).filter((c) => c !== country.currency);
    const national = country.national[procurement.contractType];
    const eu = country.eu[central ? 'central' : 'subCentral'][procurement.contractType];
    const aboveEu = total >= eu;
    const aboveNational = total >= national;
    return {
      country: lead!.country,
      authorityLevel: central ? AuthorityLevel.CENTRAL : AuthorityLevel.SUB_CENTRAL,
      estimatedValue: { amount: total.toFixed(2), currency: country.currency as Currency },
      convertedCurrencies: converted,
      nationalThreshold: { amount: String(national), currency: country.currency as Currency },
      euThreshold: { amount: String(eu), currency: country.currency as Currency },
      aboveNationalThreshold: aboveNational,
      aboveEuThreshold: aboveEu,
      requiredNotices: aboveEu
        ? [{ kind: NoticeKind.EU, description: country.notices.eu }]
        : aboveNational
          ? [{ kind: NoticeKind.NATIONAL, description: country.notices.national }]
          : [],
      thresholdsValidFrom: this.config.thresholds.validFrom ?? null,
    };
  }

  /** The sum of amounts in `currency`, other currencies converted exactly at the thresholds file's rates (2 decimals). */
  convert(sums: { amount: string; currency: Currency }[], currency: Currency): string {
    // A rate is the file's decimal as written (String of the parsed number is its shortest form).
    const rates = Object.fromEntries(
      Object.values(this.config.thresholds.countries).map((c) => [c.currency, new Exact(String(c.rateFromEur))]),
    ) as Record<string, Exact>;
    const total = exactSum(
      sums.map((s) =>
        s.currency === currency
          ? new Exact(s.amount)
          : new Exact(s.amount).div(rates[s.currency]).times(rates[currency]),
      ),
    );
    return fixed(total, 2);
  }

  /** What entering the next phase needs, and whether each item is there. */
  async checklist(loaders: Loaders, procurement: Procurement): Promise<ChecklistItem[]> {
    const to = isFinished(procurement.phase) ? null : nextPhase(procurement.phase);
    if (!to) return [];
    // Batched: a list of procurements reads all their facts in one statement.
    const facts = await loaders
      .get(
        'procurementGateFacts',
        () =>
          new DataLoader<Procurement, GateFacts, string>((ps) => loadGateFactsMany(this.db.manager, ps), {
            cacheKeyFn: (p) => `${p.id}:${p.updatedAt.getTime()}`,
          }),
      )
      .load(procurement);
    return checklist(to, facts);
  }

  async timeline(loaders: Loaders, procurement: Procurement): Promise<PhaseStep[]> {
    // When each phase was entered, for every procurement of the request in one statement.
    const rows = await loaders
      .get(
        'procurementPhaseEntries',
        () =>
          new DataLoader<string, { phase: string; at: Date }[]>(async (ids) => {
            const all = (await this.db.query(
              `SELECT scope_id, payload->>'to' AS phase, max(created_at) AS at FROM event
               WHERE scope_type = 'procurement' AND scope_id = ANY($1::uuid[]) AND type = 'procurement.phase_changed'
               GROUP BY 1, 2`,
              [[...ids]],
            )) as { scope_id: string; phase: string; at: Date }[];
            return ids.map((id) => all.filter((r) => r.scope_id === id));
          }),
      )
      .load(procurement.id);
    const entered = new Map(rows.map((r) => [r.phase, r.at]));
    entered.set(ProcurementPhase.ANCHORING, procurement.createdAt);
    const current = procurement.phase;
    const reached = current === ProcurementPhase.CANCELLED ? null : PHASE_ORDER.indexOf(current);
    const steps: PhaseStep[] = PHASE_ORDER.map((phase, i) => {
      const at = entered.get(phase) ?? null;
      let status: PhaseStepStatus;
      if (reached === null) status = at ? PhaseStepStatus.DONE : PhaseStepStatus.SKIPPED;
      else
        status =
          i < reached ? PhaseStepStatus.DONE : i === reached ? PhaseStepStatus.CURRENT : PhaseStepStatus.UPCOMING;
      return { phase, status, enteredAt: at };
    });
    if (current === ProcurementPhase.CANCELLED) {
      steps.push({
        phase: ProcurementPhase.CANCELLED,
        status: PhaseStepStatus.CURRENT,
        enteredAt: entered.get(ProcurementPhase.CANCELLED) ?? procurement.phaseChangedAt,
      });
    }
    return steps;
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

  // ---- exports ----

  /** The full history from the event log, oldest first (coordinators). */
  async history(actor: Actor, procurementId: string, args: PageArgs): Promise<Connection<HistoryEntry>> {
    const { membership } = await this.access(actor, procurementId);
    requireCoordinator(membership, "read a procurement's full history");
    if (args.after != null && !/^\d{1,15}$/.test(args.after)) {
      throw UserInputError.field('after', 'cursor', 'is not a cursor of this list');
    }
    const { entries, total } = await loadHistory(this.db, procurementId, Number(args.after ?? 0), args.first + 1);
    const nodes = entries.slice(0, args.first);
    return {
      edges: nodes.map((node) => ({ cursor: node.id, node })),
      nodes,
      pageInfo: { hasNextPage: entries.length > args.first, endCursor: nodes.at(-1)?.id ?? null },
      totalCount: total,
    };
  }

  async historyCsv(actor: Actor, procurementId: string): Promise<string> {
    const { membership } = await this.access(actor, procurementId);
    requireCoordinator(membership, "export a procurement's history");
    const { entries } = await loadHistory(this.db, procurementId, 0, null);
    return stringify(
      entries.map((e) => [
        e.id,
        e.at.toISOString(),
        spreadsheetSafe(e.actorName ?? ''),
        spreadsheetSafe(e.actorOrganisationName ?? ''),
        e.type,
        spreadsheetSafe(e.summary),
      ]),
      { header: true, columns: ['event', 'time', 'who', 'organisation', 'type', 'what'] },
    );
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

/**
 * A spreadsheet runs a cell that starts with =, +, - or @ as a formula (CSV injection, OWASP): such
 * text from users gets a leading apostrophe, which spreadsheets show as plain text.
 */
const spreadsheetSafe = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);
