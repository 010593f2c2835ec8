import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor.js';
import { clean } from '../../common/validation.js';
import { NotFoundError, UserInputError } from '../../errors.js';
import type { RecordEvent } from '../../events/event-log.js';
import { UUID } from '../../loaders.js';
import type { CpvService } from '../cpv/cpv.service.js';
import { Lot, LotValue, Procurement, ProcurementNeed } from './procurement.entity.js';
import { procurementEvent } from './procurement.service.js';
import type { LotInput, SetLotValueInput, UpdateLotInput } from './procurement.inputs.js';
import { procurementPolicy, requireBeforeCompetition } from './procurement.policy.js';
import { activeParticipant, knownCpvCodes, notAParticipant, seedLotValues } from './procurement.rows.js';
import { changedPeriod, NO_PERIOD, type PeriodFields } from './procurement.value.js';
import type { ProcurementService } from './procurement.service.js';

type LotChange<T> = (em: EntityManager, record: RecordEvent, procurement: Procurement) => Promise<T>;

/** A procurement's lots (coordinators) and each participating authority's stated value per lot. */
export class LotService {
  constructor(
    private readonly db: DataSource,
    private readonly procurements: ProcurementService,
    private readonly cpv: CpvService,
  ) {}

  /** Lots are the coordinators' to change, and only before the competition. */
  private changeLots<T>(actor: Actor, procurementId: string, fn: LotChange<T>): Promise<T> {
    return this.procurements.change(
      actor,
      procurementId,
      (em, record, { procurement }) => {
        requireBeforeCompetition(procurement, 'Lots');
        return fn(em, record, procurement);
      },
      { coordinatorsOnly: 'change lots' },
    );
  }

  private async lotOrFail(lotId: string): Promise<Lot> {
    const lot = UUID.test(lotId) ? await this.db.getRepository(Lot).findOneBy({ id: lotId }) : null;
    if (!lot) throw new NotFoundError('Lot', lotId);
    return lot;
  }

  add(actor: Actor, procurementId: string, input: LotInput): Promise<Lot> {
    return this.changeLots(actor, procurementId, async (em, record, procurement) => {
      if (input.needId) {
        const linked = UUID.test(input.needId)
          ? await em.getRepository(ProcurementNeed).existsBy({ procurementId: procurement.id, needId: input.needId })
          : false;
        if (!linked) throw UserInputError.field('input.needId', 'procurementNeed', 'is not a need of this procurement');
      }
      const cpvCodes = await knownCpvCodes(this.cpv, em, input.cpvCodes, 'input.cpvCodes');
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
          ...changedPeriod(NO_PERIOD, input, 'input.'),
        }),
      );
      await seedLotValues(em, lot);
      await record(procurementEvent(procurement, actor, 'lot.added', { lotId: lot.id, number: lot.number }));
      return lot;
    });
  }

  async update(actor: Actor, lotId: string, input: UpdateLotInput): Promise<Lot> {
    const lot = await this.lotOrFail(lotId);
    return this.changeLots(actor, lot.procurementId, async (em, record, procurement) => {
      const changes: Partial<Lot> = {};
      if (input.title != null) changes.title = clean(input.title);
      if (input.description != null) changes.description = input.description.trim();
      if (input.cpvCodes != null)
        changes.cpvCodes = await knownCpvCodes(this.cpv, em, input.cpvCodes, 'input.cpvCodes');
      // Read again under the procurement's lock: the period rules hold for the lot as it is now.
      const current = await em.getRepository(Lot).findOneByOrFail({ id: lot.id });
      const period = changedPeriod(current, input, 'input.');
      for (const key of Object.keys(period) as (keyof PeriodFields)[]) {
        if (period[key] !== current[key]) Object.assign(changes, { [key]: period[key] });
      }
      if (!Object.keys(changes).length) return lot;
      await em.getRepository(Lot).update({ id: lot.id }, changes);
      await record(procurementEvent(procurement, actor, 'lot.updated', { lotId: lot.id }));
      return em.getRepository(Lot).findOneByOrFail({ id: lot.id });
    });
  }

  async remove(actor: Actor, lotId: string): Promise<Procurement> {
    const lot = await this.lotOrFail(lotId);
    return this.changeLots(actor, lot.procurementId, async (em, record, procurement) => {
      await em.getRepository(Lot).delete({ id: lot.id });
      // Mandates name the lots they cover; a removed lot is no longer covered by anything.
      await em.query(
        `UPDATE procurement_participant SET lot_ids = array_remove(lot_ids, $2::uuid) WHERE procurement_id = $1`,
        [procurement.id, lot.id],
      );
      await record(procurementEvent(procurement, actor, 'lot.removed', { lotId: lot.id, number: lot.number }));
      return procurement;
    });
  }

  /** An authority states its own value for a lot; a coordinator may state any participant's. */
  async setValue(actor: Actor, input: SetLotValueInput): Promise<LotValue> {
    const lot = await this.lotOrFail(input.lotId).catch(() => {
      throw UserInputError.field('input.lotId', 'exists', 'is not a lot');
    });
    const organisationId = input.organisationId ?? actor.organisation.id;
    return this.procurements.change(
      actor,
      lot.procurementId,
      async (em, record, { procurement }) => {
        requireBeforeCompetition(procurement, 'Stated values');
        // The policy let the authority itself through only as a participant; another must be one too.
        if (
          organisationId !== actor.organisation.id &&
          !(await activeParticipant(em, procurement.id, organisationId))
        ) {
          throw notAParticipant('input.organisationId');
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
          [lot.id, organisationId, procurement.id, input.amount, input.currency, actor.user.id],
        );
        await record(procurementEvent(procurement, actor, 'lot.value_set', { lotId: lot.id, organisationId }));
        return em.getRepository(LotValue).findOneByOrFail({ lotId: lot.id, organisationId });
      },
      {
        authorize: (access) =>
          procurementPolicy.authorize(actor, 'actFor', { ...access, authorityId: organisationId }, 'state values'),
      },
    );
  }
}
