import type { EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor.js';
import { isFutureDate } from '../../common/dates.js';
import { clean } from '../../common/validation.js';
import { ConflictError, InvalidStateError, UserInputError } from '../../errors.js';
import { UUID } from '../../loaders.js';
import { Document, DocumentKind, DocumentParent } from '../documents/document.entity.js';
import {
  Lot,
  LotValue,
  MandateStatus,
  Milestone,
  MilestoneKind,
  Participant,
  type Procurement,
} from './procurement.entity.js';
import { procurementEvent } from './procurement.service.js';
import type { SignMandateInput, WithdrawMandateInput } from './procurement.inputs.js';
import { procurementPolicy, requireBeforeCompetition } from './procurement.policy.js';
import { cannotTakePart, takingPart } from './procurement.rows.js';
import type { ProcurementService } from './procurement.service.js';

/** The fields of a mandate as first requested (also when a withdrawn participant is asked back). */
const requestedMandate = () => ({
  mandateStatus: MandateStatus.REQUESTED,
  decisionReference: null,
  decisionDate: null,
  signedAt: null,
  signedByUserId: null,
  lotIds: [],
  mandateDocumentId: null,
  withdrawnAt: null,
  withdrawalReason: null,
});

/**
 * The authorities taking part in a procurement (the coordinators add and remove them) and their
 * mandates to the lead authority (each authority signs and withdraws its own).
 */
export class ParticipantService {
  constructor(private readonly procurements: ProcurementService) {}

  add(actor: Actor, procurementId: string, organisationId: string): Promise<Participant> {
    return this.procurements.change(
      actor,
      procurementId,
      async (em, record, { procurement }) => {
        requireBeforeCompetition(procurement, 'Participants');
        if (!(await takingPart(em, procurement.groupId)).has(organisationId)) {
          throw cannotTakePart('input.organisationId');
        }
        const repo = em.getRepository(Participant);
        const existing = await repo.findOneBy({ procurementId: procurement.id, organisationId });
        if (existing && existing.mandateStatus !== MandateStatus.WITHDRAWN) {
          throw new ConflictError('The organisation already participates.', { field: 'input.organisationId' });
        }
        // A withdrawn participant asked back gets a fresh mandate request.
        const saved = await repo.save(
          existing
            ? repo.merge(existing, requestedMandate())
            : repo.create({ procurementId: procurement.id, organisationId }),
        );
        await record(procurementEvent(procurement, actor, 'participant.added', { organisationId }));
        return saved;
      },
      { coordinatorsOnly: 'add participants' },
    );
  }

  /** Removes a participant that has not signed (a signed mandate is withdrawn by its authority instead). */
  remove(actor: Actor, procurementId: string, organisationId: string): Promise<Procurement> {
    return this.procurements.change(
      actor,
      procurementId,
      async (em, record, { procurement }) => {
        requireBeforeCompetition(procurement, 'Participants');
        const participant = UUID.test(organisationId)
          ? await em.getRepository(Participant).findOneBy({ procurementId: procurement.id, organisationId })
          : null;
        if (!participant) throw UserInputError.field('input.organisationId', 'participant', 'is not a participant');
        if (participant.mandateStatus === MandateStatus.SIGNED) {
          throw new InvalidStateError('This participant has signed its mandate; only it can withdraw.', [
            'mandate not signed',
          ]);
        }
        await em.getRepository(LotValue).delete({ procurementId: procurement.id, organisationId });
        await em.getRepository(Participant).delete({ id: participant.id });
        await record(procurementEvent(procurement, actor, 'participant.removed', { organisationId }));
        return procurement;
      },
      {
        authorize: (access) =>
          procurementPolicy.authorize(
            actor,
            'removeParticipant',
            { ...access, authorityId: organisationId },
            'remove participants',
          ),
      },
    );
  }

  // ---- mandates ----

  signMandate(actor: Actor, input: SignMandateInput): Promise<Participant> {
    return this.procurements.change(
      actor,
      input.procurementId,
      async (em, record, { procurement, participant }) => {
        const own = participant!;
        if (own.mandateStatus !== MandateStatus.REQUESTED) {
          throw new InvalidStateError(`The mandate is ${own.mandateStatus.toLowerCase()}.`, [
            'mandate status REQUESTED',
          ]);
        }
        requireBeforeCompetition(procurement, 'Mandates');
        if (isFutureDate(input.decisionDate)) {
          throw UserInputError.field('input.decisionDate', 'notFuture', 'must not be in the future');
        }
        const lotIds = await this.coveredLots(em, procurement, input.lotIds);
        if (input.documentId) await this.checkMandateDocument(em, procurement, input.documentId);
        Object.assign(own, {
          mandateStatus: MandateStatus.SIGNED,
          decisionReference: clean(input.decisionReference),
          decisionDate: input.decisionDate,
          signedAt: new Date(),
          signedByUserId: actor.user.id,
          lotIds,
          mandateDocumentId: input.documentId ?? null,
        });
        const saved = await em.getRepository(Participant).save(own);
        await record(
          procurementEvent(procurement, actor, 'mandate.signed', { organisationId: own.organisationId, lotIds }),
        );
        return saved;
      },
      { authorize: (access) => procurementPolicy.authorize(actor, 'signMandate', access, 'sign mandates') },
    );
  }

  /** The lots a mandate covers: those named, or every lot of the procurement. */
  private async coveredLots(em: EntityManager, procurement: Procurement, named: string[] | null | undefined) {
    const lots = await em.getRepository(Lot).findBy({ procurementId: procurement.id });
    let lotIds = lots.map((l) => l.id);
    if (named) {
      named.forEach((id, i) => {
        if (!lots.some((l) => l.id === id)) {
          throw UserInputError.field(`input.lotIds[${i}]`, 'exists', 'is not a lot of this procurement');
        }
      });
      lotIds = [...new Set(named)];
    }
    if (!lotIds.length) throw UserInputError.field('input.lotIds', 'notEmpty', 'the procurement has no lots to cover');
    return lotIds;
  }

  private async checkMandateDocument(em: EntityManager, procurement: Procurement, documentId: string) {
    const doc = UUID.test(documentId) ? await em.getRepository(Document).findOneBy({ id: documentId }) : null;
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

  /** A participant withdraws its own mandate, before the opt-out deadline (or, without one, before the competition). */
  withdrawMandate(actor: Actor, input: WithdrawMandateInput): Promise<Participant> {
    return this.procurements.change(
      actor,
      input.procurementId,
      async (em, record, { procurement, participant }) => {
        const own = participant!;
        if (own.mandateStatus === MandateStatus.WITHDRAWN) {
          throw new InvalidStateError('The mandate is already withdrawn.', ['mandate status REQUESTED or SIGNED']);
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
        Object.assign(own, {
          mandateStatus: MandateStatus.WITHDRAWN,
          withdrawnAt: new Date(),
          withdrawalReason: input.reason.trim(),
        });
        const saved = await em.getRepository(Participant).save(own);
        await record(procurementEvent(procurement, actor, 'mandate.withdrawn', { organisationId: own.organisationId }));
        return saved;
      },
      { authorize: (access) => procurementPolicy.authorize(actor, 'withdrawMandate', access, 'withdraw mandates') },
    );
  }
}
