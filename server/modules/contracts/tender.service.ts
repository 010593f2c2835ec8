import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor.js';
import { enforce, Missing, refuseState } from '../../auth/policy.js';
import { checkMoney } from '../../common/money.js';
import { clean } from '../../common/validation.js';
import { NotFoundError, UserInputError } from '../../errors.js';
import { UUID } from '../../loaders.js';
import { validateOrganisationNumber } from '../organisations/organisation-number.js';
import { Organisation, OrganisationKind } from '../organisations/organisation.entity.js';
import { Lot } from '../procurements/procurement.entity.js';
import { procurementEvent, type ProcurementService } from '../procurements/procurement.service.js';
import { tenderInAward } from './award.rows.js';
import { Tender, TenderStatus } from './contract.entity.js';
import type { AssessTenderInput, NewSupplierInput, RecordTenderInput } from './contract.inputs.js';
import { contractPolicy, requireCompetition } from './contract.policy.js';

/**
 * The tenders received for a procurement's lots, as the coordinators record them from the lead's
 * tender system while the competition runs: who tendered, when, at what price, and whether the
 * tender was admitted to the evaluation. Buyers only (contract.policy.ts).
 */
export class TenderService {
  constructor(
    private readonly db: DataSource,
    private readonly procurements: ProcurementService,
  ) {}

  private async tenderOrFail(tenderId: string): Promise<Tender> {
    const tender = UUID.test(tenderId) ? await this.db.getRepository(Tender).findOneBy({ id: tenderId }) : null;
    if (!tender) throw new NotFoundError('Tender', tenderId);
    return tender;
  }

  async record(actor: Actor, input: RecordTenderInput): Promise<Tender> {
    const lot = UUID.test(input.lotId) ? await this.db.getRepository(Lot).findOneBy({ id: input.lotId }) : null;
    if (!lot) throw UserInputError.field('input.lotId', 'exists', 'is not a lot');
    return this.procurements.change(
      actor,
      lot.procurementId,
      async (em, record, { procurement }) => {
        requireCompetition(procurement, 'Tenders are recorded');
        if (Number.isNaN(input.receivedAt.getTime()) || input.receivedAt.getTime() > Date.now()) {
          throw UserInputError.field('input.receivedAt', 'past', 'must not be in the future');
        }
        if ((input.amount == null) !== (input.currency == null)) {
          throw UserInputError.field(
            input.amount == null ? 'input.amount' : 'input.currency',
            'together',
            'amount and currency go together',
          );
        }
        const amount = input.amount == null ? null : checkMoney('input.amount', input.amount);
        const supplier = await this.supplierFor(em, input);
        if (await em.getRepository(Tender).existsBy({ lotId: lot.id, supplierId: supplier.id })) {
          throw UserInputError.field(
            input.supplierId ? 'input.supplierId' : 'input.supplier',
            'unique',
            'has a tender for this lot already',
          );
        }
        const tender = await em.getRepository(Tender).save(
          em.getRepository(Tender).create({
            procurementId: procurement.id,
            lotId: lot.id,
            supplierId: supplier.id,
            receivedAt: input.receivedAt,
            amount,
            currency: input.currency ?? null,
            status: TenderStatus.RECEIVED,
            rejectionReason: null,
            recordedByUserId: actor.user.id,
          }),
        );
        await record(
          procurementEvent(procurement, actor, 'tender.received', {
            lotId: lot.id,
            tenderId: tender.id,
            supplierId: supplier.id,
          }),
        );
        return tender;
      },
      { authorize: (access) => contractPolicy.authorize(actor, 'manage', access, 'record tenders') },
    );
  }

  /** The supplier named by id (a SUPPLIER organisation), or by organisation number (found, else recorded). */
  private async supplierFor(em: EntityManager, input: RecordTenderInput): Promise<Organisation> {
    if ((input.supplierId == null) === (input.supplier == null)) {
      throw UserInputError.field('input.supplierId', 'oneOf', 'give either supplierId or supplier');
    }
    if (input.supplierId) {
      const org = UUID.test(input.supplierId)
        ? await em.getRepository(Organisation).findOneBy({ id: input.supplierId })
        : null;
      if (!org || org.kind !== OrganisationKind.SUPPLIER) {
        throw UserInputError.field('input.supplierId', 'supplier', 'is not a supplier organisation');
      }
      return org;
    }
    return this.findOrRecordSupplier(em, input.supplier!);
  }

  private async findOrRecordSupplier(em: EntityManager, s: NewSupplierInput): Promise<Organisation> {
    const number = validateOrganisationNumber(s.country, s.organisationNumber);
    if (number.error)
      throw UserInputError.field('input.supplier.organisationNumber', 'organisationNumber', number.error);
    const repo = em.getRepository(Organisation);
    const existing = await repo.findOneBy({ country: s.country, organisationNumber: number.normalised! });
    if (existing) {
      if (existing.kind !== OrganisationKind.SUPPLIER) {
        throw UserInputError.field('input.supplier.organisationNumber', 'supplier', 'belongs to a public authority');
      }
      return existing;
    }
    // A supplier that is not on Samverka: recorded with no domains, so nobody can register into it
    // until the operators give it one (its people then find its tenders' history in place).
    return repo.save(
      repo.create({
        name: clean(s.name),
        kind: OrganisationKind.SUPPLIER,
        country: s.country,
        organisationNumber: number.normalised!,
        municipalityCode: null,
        emailDomains: [],
        allowSubdomains: false,
        requiresApproval: true,
      }),
    );
  }

  /** Admits a tender to the evaluation, rejects it with a reason, or takes the assessment back. */
  async assess(actor: Actor, input: AssessTenderInput): Promise<Tender> {
    const tender = await this.tenderOrFail(input.tenderId);
    return this.procurements.change(
      actor,
      tender.procurementId,
      async (em, record, { procurement }) => {
        requireCompetition(procurement, 'Tenders are assessed');
        const reason = input.reason?.trim() || null;
        if (input.status === TenderStatus.REJECTED && !reason) {
          throw UserInputError.field('input.reason', 'required', 'is required to reject a tender');
        }
        const current = await em.getRepository(Tender).findOneByOrFail({ id: tender.id });
        if (current.status !== input.status && (await tenderInAward(em, current))) {
          enforce(
            refuseState(
              'The tender is named in an award or an open award decision; its assessment is fixed.',
              Missing.UNDECIDED_TENDER,
            ),
          );
        }
        const rejectionReason = input.status === TenderStatus.REJECTED ? reason : null;
        await em.getRepository(Tender).update({ id: tender.id }, { status: input.status, rejectionReason });
        await record(
          procurementEvent(procurement, actor, 'tender.assessed', {
            lotId: tender.lotId,
            tenderId: tender.id,
            status: input.status,
          }),
        );
        return em.getRepository(Tender).findOneByOrFail({ id: tender.id });
      },
      { authorize: (access) => contractPolicy.authorize(actor, 'manage', access, 'assess tenders') },
    );
  }

  /** A tender the actor may read (the procurement's buyers). */
  async get(actor: Actor, tenderId: string): Promise<Tender> {
    const tender = await this.tenderOrFail(tenderId);
    const access = await this.procurements.access(actor, tender.procurementId);
    if (!contractPolicy.can(actor, 'read', access)) throw new NotFoundError('Tender', tenderId);
    return tender;
  }
}
