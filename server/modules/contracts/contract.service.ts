import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor.js';
import { enforce, Missing, refuseState } from '../../auth/policy.js';
import { isFutureDate, periodEnd } from '../../common/dates.js';
import { checkMoney } from '../../common/money.js';
import { clean } from '../../common/validation.js';
import { NotFoundError, UserInputError } from '../../errors.js';
import type { EventWriter, RecordEvent } from '../../events/event-log.js';
import { UUID } from '../../loaders.js';
import { Document, DocumentKind, DocumentParent } from '../documents/document.entity.js';
import {
  Lot,
  MandateStatus,
  MilestoneKind,
  Participant,
  type Procurement,
} from '../procurements/procurement.entity.js';
import { procurementEvent, type ProcurementService } from '../procurements/procurement.service.js';
import { followMilestone, renotify } from './award.rows.js';
import { Award, CallOffKind, CallOffRight, CallOffStatus, Contract } from './contract.entity.js';
import type { RecordAwardNotificationInput, RecordContractInput, UpdateCallOffRightInput } from './contract.inputs.js';
import { checkContractPeriod } from './contract.period.js';
import { contractPolicy, requireContractPhase } from './contract.policy.js';

/**
 * What follows an award: the notification that starts the standstill period, the contracts signed
 * once it has ended (one per awarded supplier), and each participating authority's right under a
 * contract, which the authority itself administers for as long as the contract runs.
 */
export class ContractService {
  constructor(
    private readonly db: DataSource,
    private readonly events: EventWriter,
    private readonly procurements: ProcurementService,
  ) {}

  private async awardOrFail(awardId: string): Promise<Award> {
    const award = UUID.test(awardId) ? await this.db.getRepository(Award).findOneBy({ id: awardId }) : null;
    if (!award) throw new NotFoundError('Award', awardId);
    return award;
  }

  private async contractOrFail(contractId: string): Promise<Contract> {
    const contract = UUID.test(contractId) ? await this.db.getRepository(Contract).findOneBy({ id: contractId }) : null;
    if (!contract) throw new NotFoundError('Contract', contractId);
    return contract;
  }

  /** The tenderers were told of the award later than it was made: the standstill period runs from then. */
  async recordNotification(actor: Actor, input: RecordAwardNotificationInput): Promise<Award> {
    const award = await this.awardOrFail(input.awardId);
    return this.procurements.change(
      actor,
      award.procurementId,
      async (em, record, { procurement }) => {
        requireContractPhase(procurement, 'The notification of an award is recorded');
        const at = input.notifiedAt;
        if (Number.isNaN(at.getTime()) || at.getTime() > Date.now()) {
          throw UserInputError.field('input.notifiedAt', 'past', 'must not be in the future');
        }
        if (at.getTime() < award.awardedAt.getTime()) {
          throw UserInputError.field('input.notifiedAt', 'afterAward', 'must not be before the award was made');
        }
        if (await em.getRepository(Contract).existsBy({ awardId: award.id })) {
          enforce(
            refuseState('A contract was signed under the award; its standstill is over.', Missing.NO_CONTRACT_YET),
          );
        }
        return renotify(em, record, procurement, actor, award, at);
      },
      { authorize: (access) => contractPolicy.authorize(actor, 'manage', access, 'record award notifications') },
    );
  }

  /**
   * A contract signed with an awarded supplier after the standstill period: its value, its period
   * with options (by default the lot's), the signed document; every participating authority whose
   * mandate covers the lot gets its right under it.
   */
  async record(actor: Actor, input: RecordContractInput): Promise<Contract> {
    const award = await this.awardOrFail(input.awardId);
    return this.procurements.change(
      actor,
      award.procurementId,
      async (em, record, { procurement }) => {
        requireContractPhase(procurement, 'Contracts are recorded');
        if (!award.supplierIds.includes(input.supplierId)) {
          throw UserInputError.field('input.supplierId', 'awarded', 'is not a supplier the lot was awarded to');
        }
        const current = await em.getRepository(Award).findOneByOrFail({ id: award.id });
        if (current.standstillEndsAt.getTime() > Date.now()) {
          enforce(
            refuseState(
              `The standstill period runs until ${current.standstillEndsAt.toISOString()}; no contract may be signed before it ends.`,
              Missing.STANDSTILL_ENDED,
            ),
          );
        }
        if (await em.getRepository(Contract).existsBy({ awardId: award.id, supplierId: input.supplierId })) {
          enforce(
            refuseState('A contract with this supplier was recorded under the award already.', Missing.ONE_CONTRACT),
          );
        }
        if (isFutureDate(input.signedOn)) {
          throw UserInputError.field('input.signedOn', 'past', 'must not be in the future');
        }
        if (input.signedOn < current.standstillEndsAt.toISOString().slice(0, 10)) {
          throw UserInputError.field('input.signedOn', 'afterStandstill', 'must not be before the standstill ended');
        }
        const lot = await em.getRepository(Lot).findOneByOrFail({ id: award.lotId });
        const period = checkContractPeriod(input, lot);
        const amount = checkMoney('input.amount', input.amount);
        const document = UUID.test(input.documentId)
          ? await em.getRepository(Document).findOneBy({
              id: input.documentId,
              parentType: DocumentParent.PROCUREMENT,
              parentId: procurement.id,
            })
          : null;
        if (!document || document.deletedAt || document.kind !== DocumentKind.CONTRACT) {
          throw UserInputError.field(
            'input.documentId',
            'contractDocument',
            'is not a CONTRACT document of this procurement',
          );
        }
        const contract = await em.getRepository(Contract).save(
          em.getRepository(Contract).create({
            procurementId: procurement.id,
            awardId: award.id,
            lotId: award.lotId,
            supplierId: input.supplierId,
            reference: input.reference ? clean(input.reference) : null,
            amount,
            currency: input.currency,
            ...period,
            signedOn: input.signedOn,
            documentId: document.id,
            recordedByUserId: actor.user.id,
          }),
        );
        const holders = await em.getRepository(Participant).findBy({
          procurementId: procurement.id,
          mandateStatus: MandateStatus.SIGNED,
        });
        const kind = lot.frameworkAgreement ? CallOffKind.CALL_OFF : CallOffKind.OWN_AGREEMENT;
        const rights = holders.filter((p) => p.lotIds.includes(lot.id));
        if (rights.length) {
          await em.getRepository(CallOffRight).insert(
            rights.map((p) => ({
              contractId: contract.id,
              organisationId: p.organisationId,
              kind,
              status: CallOffStatus.NOT_STARTED,
              reference: null,
              startsOn: null,
              note: '',
              updatedByUserId: null,
            })),
          );
        }
        await this.followContractPeriod(em, record, procurement);
        await record(
          procurementEvent(procurement, actor, 'contract.signed', {
            lotId: award.lotId,
            awardId: award.id,
            contractId: contract.id,
            supplierId: input.supplierId,
          }),
        );
        return contract;
      },
      { authorize: (access) => contractPolicy.authorize(actor, 'manage', access, 'record contracts') },
    );
  }

  /**
   * The CONTRACT_START and CONTRACT_END milestones follow the signed contracts (the earliest start,
   * the latest end without options): from here on, the follow-up and benefits phases read the
   * contract period the contracts give, not a planned date.
   */
  private async followContractPeriod(em: EntityManager, record: RecordEvent, procurement: Procurement) {
    const contracts = await em.getRepository(Contract).findBy({ procurementId: procurement.id });
    if (!contracts.length) return;
    const start = contracts.map((c) => c.startDate).sort()[0];
    const end = contracts.map((c) => periodEnd(c.startDate, c.durationMonths)).sort()[contracts.length - 1];
    await followMilestone(em, record, procurement, MilestoneKind.CONTRACT_START, new Date(`${start}T00:00:00Z`));
    await followMilestone(em, record, procurement, MilestoneKind.CONTRACT_END, new Date(`${end}T00:00:00Z`));
  }

  /**
   * An authority keeps its own right under a contract up to date (its agreement's reference and
   * start, where it stands, notes), also after the joint procurement has closed: that is when the
   * contract runs. So it takes the procurement's lock but not its "open" rule.
   */
  async updateCallOffRight(actor: Actor, input: UpdateCallOffRightInput): Promise<CallOffRight> {
    const contract = await this.contractOrFail(input.contractId);
    const organisationId = input.organisationId ?? actor.organisation.id;
    return this.events.transaction(async (em, record) => {
      const access = await this.procurements.lock(em, actor, contract.procurementId);
      const participant = await em
        .getRepository(Participant)
        .findOneBy({ procurementId: contract.procurementId, organisationId: actor.organisation.id });
      contractPolicy.authorize(actor, 'administerCallOff', { ...access, participant }, 'administer call-off rights');
      const right = UUID.test(organisationId)
        ? await em.getRepository(CallOffRight).findOneBy({ contractId: contract.id, organisationId })
        : null;
      if (!right) {
        throw UserInputError.field('input.organisationId', 'holder', 'holds no right under this contract');
      }
      if (organisationId !== actor.organisation.id) {
        throw UserInputError.field('input.organisationId', 'own', 'an authority administers only its own right');
      }
      const changes: Partial<CallOffRight> = { updatedByUserId: actor.user.id };
      if (input.status != null) changes.status = input.status;
      if (input.reference !== undefined) changes.reference = input.reference ? clean(input.reference) : null;
      if (input.startsOn !== undefined) changes.startsOn = input.startsOn ?? null;
      if (input.note != null) changes.note = input.note.trim();
      await em.getRepository(CallOffRight).update({ contractId: contract.id, organisationId }, changes);
      await record(
        procurementEvent(access.procurement, actor, 'calloff.updated', { contractId: contract.id, organisationId }),
      );
      return em.getRepository(CallOffRight).findOneByOrFail({ contractId: contract.id, organisationId });
    });
  }

  /** The call-off rights of the actor's organisation, in every procurement it may read. */
  async mine(actor: Actor): Promise<CallOffRight[]> {
    return this.db
      .getRepository(CallOffRight)
      .createQueryBuilder('r')
      .innerJoin(Contract, 'c', 'c.id = r.contract_id')
      .innerJoin('procurement', 'p', 'p.id = c.procurement_id')
      .innerJoin(
        'membership',
        'm',
        `m.group_id = p.group_id AND m.organisation_id = r.organisation_id AND m.status = 'ACTIVE'`,
      )
      .where('r.organisation_id = :org', { org: actor.organisation.id })
      .orderBy('c.start_date', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .getMany();
  }
}
