import { In, type EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor.js';
import { enforce, Missing, refuseState } from '../../auth/policy.js';
import { UserInputError } from '../../errors.js';
import type { RecordEvent } from '../../events/event-log.js';
import { UUID } from '../../loaders.js';
import type { Decision } from '../decisions/decision.entity.js';
import type { Organisation } from '../organisations/organisation.entity.js';
import { upsertMilestone } from '../procurements/milestone.service.js';
import {
  Lot,
  Milestone,
  MilestoneKind,
  ProcurementPhase,
  type Procurement,
} from '../procurements/procurement.entity.js';
import { procurementEvent } from '../procurements/procurement.service.js';
import { standstillDays, type Thresholds } from '../procurements/procurement.thresholds.js';
import { Award, Tender, TenderStatus } from './contract.entity.js';
import { requireCompetition } from './contract.policy.js';

/*
 * An award is made by an award decision: a decision that names a lot and its winning suppliers
 * (OpenDecisionInput.award). These are the rows behind it, used by the decision service when such a
 * decision opens and when it closes approved, in the decision's own transaction.
 */

export interface AwardProposal {
  lotId: string;
  supplierIds: string[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The lot is still open to an award: none made, no other award decision open for it. */
async function requireUnawarded(em: EntityManager, lotId: string, exceptDecisionId?: string): Promise<void> {
  if (await em.getRepository(Award).existsBy({ lotId })) {
    enforce(refuseState('The lot has been awarded already.', Missing.UNAWARDED));
  }
  const [{ open }] = (await em.query(
    `SELECT EXISTS (SELECT 1 FROM decision WHERE award_lot_id = $1 AND status = 'OPEN' AND id IS DISTINCT FROM $2) AS open`,
    [lotId, exceptDecisionId ?? null],
  )) as { open: boolean }[];
  if (open) enforce(refuseState('An award decision for the lot is open already.', Missing.NO_OPEN_AWARD));
}

/**
 * Checks an award decision before it opens: the competition runs, the lot is this procurement's and
 * not awarded, each supplier has an admitted tender for it, several suppliers only for a framework.
 * Returns the proposal as it is stored (suppliers once each, in the order given).
 */
export async function checkAwardProposal(
  em: EntityManager,
  procurement: Procurement,
  proposal: AwardProposal,
): Promise<AwardProposal> {
  requireCompetition(procurement, 'Awards are decided');
  const lot = UUID.test(proposal.lotId)
    ? await em.getRepository(Lot).findOneBy({ id: proposal.lotId, procurementId: procurement.id })
    : null;
  if (!lot) throw UserInputError.field('input.award.lotId', 'exists', 'is not a lot of this procurement');
  const supplierIds = [...new Set(proposal.supplierIds)];
  const admitted = await em.getRepository(Tender).findBy({ lotId: lot.id, status: TenderStatus.ADMITTED });
  proposal.supplierIds.forEach((id, i) => {
    if (!admitted.some((t) => t.supplierId === id)) {
      throw UserInputError.field(
        `input.award.supplierIds[${i}]`,
        'tendered',
        'has no admitted tender for the lot: only a supplier that tendered can be awarded',
      );
    }
  });
  if (supplierIds.length > 1 && !lot.frameworkAgreement) {
    throw UserInputError.field(
      'input.award.supplierIds',
      'framework',
      'names several suppliers, but the lot is not a framework agreement (one supplier wins a contract)',
    );
  }
  await requireUnawarded(em, lot.id);
  return { lotId: lot.id, supplierIds };
}

/** The standstill period, by the lead authority's country (the thresholds file). */
async function standstillFor(em: EntityManager, procurement: Procurement, thresholds: Thresholds): Promise<number> {
  const [{ country }] = (await em.query(`SELECT country FROM organisation WHERE id = $1`, [
    procurement.leadOrganisationId,
  ])) as Pick<Organisation, 'country'>[];
  return standstillDays(thresholds, country);
}

/** Sets a milestone the awards and contracts decide, unless it is already at `dueAt`. */
export async function followMilestone(
  em: EntityManager,
  record: RecordEvent,
  procurement: Procurement,
  kind: MilestoneKind,
  dueAt: Date,
): Promise<void> {
  const current = await em.getRepository(Milestone).findOneBy({ procurementId: procurement.id, kind });
  if (current?.dueAt.getTime() === dueAt.getTime()) return;
  const milestone = await upsertMilestone(em, procurement, kind, null, dueAt);
  await record(
    procurementEvent(
      procurement,
      null,
      'milestone.set',
      { milestoneId: milestone.id, kind: milestone.kind, dueAt: milestone.dueAt.toISOString() },
      true,
    ),
  );
}

/**
 * An award decision closed approved: the lot is awarded to its suppliers now, the tenderers are
 * taken as notified now (the coordinators record a later notification), and the standstill period
 * starts. Nothing is awarded if the lot was awarded meanwhile or a named tender is no longer admitted.
 */
export async function makeAward(
  em: EntityManager,
  record: RecordEvent,
  decision: Decision,
  procurement: Procurement,
  thresholds: Thresholds,
): Promise<Award | null> {
  if (!decision.awardLotId || procurement.phase !== ProcurementPhase.COMPETITION) return null;
  if (await em.getRepository(Award).existsBy({ lotId: decision.awardLotId })) return null;
  const admitted = await em.getRepository(Tender).countBy({
    lotId: decision.awardLotId,
    supplierId: In(decision.awardSupplierIds),
    status: TenderStatus.ADMITTED,
  });
  if (admitted !== decision.awardSupplierIds.length) return null;
  const days = await standstillFor(em, procurement, thresholds);
  const at = decision.closedAt ?? new Date();
  const award = await em.getRepository(Award).save(
    em.getRepository(Award).create({
      procurementId: procurement.id,
      lotId: decision.awardLotId,
      decisionId: decision.id,
      supplierIds: decision.awardSupplierIds,
      awardedAt: at,
      notifiedAt: at,
      standstillDays: days,
      standstillEndsAt: new Date(at.getTime() + days * DAY_MS),
    }),
  );
  await record(
    procurementEvent(procurement, null, 'award.made', {
      lotId: award.lotId,
      awardId: award.id,
      decisionId: decision.id,
      supplierIds: award.supplierIds,
      standstillEndsAt: award.standstillEndsAt.toISOString(),
    }),
  );
  await syncStandstillMilestone(em, record, procurement);
  return award;
}

/** The procurement's STANDSTILL_END milestone follows the latest standstill of its awards. */
async function syncStandstillMilestone(em: EntityManager, record: RecordEvent, procurement: Procurement) {
  const [{ ends }] = (await em.query(
    `SELECT max(standstill_ends_at) AS ends FROM procurement_award WHERE procurement_id = $1`,
    [procurement.id],
  )) as { ends: Date | null }[];
  if (ends) await followMilestone(em, record, procurement, MilestoneKind.STANDSTILL_END, ends);
}

/** The tenderers were notified later than the award: the standstill period runs from then. */
export async function renotify(
  em: EntityManager,
  record: RecordEvent,
  procurement: Procurement,
  actor: Actor,
  award: Award,
  notifiedAt: Date,
): Promise<Award> {
  award.notifiedAt = notifiedAt;
  award.standstillEndsAt = new Date(notifiedAt.getTime() + award.standstillDays * DAY_MS);
  await em
    .getRepository(Award)
    .update({ id: award.id }, { notifiedAt: award.notifiedAt, standstillEndsAt: award.standstillEndsAt });
  await record(
    procurementEvent(procurement, actor, 'award.notified', {
      lotId: award.lotId,
      awardId: award.id,
      standstillEndsAt: award.standstillEndsAt.toISOString(),
    }),
  );
  await syncStandstillMilestone(em, record, procurement);
  return award;
}

/** Whether a tender is named by an award or an open award decision (then its assessment is fixed). */
export async function tenderInAward(em: EntityManager, tender: Tender): Promise<boolean> {
  const [{ named }] = (await em.query(
    `SELECT EXISTS (SELECT 1 FROM procurement_award WHERE lot_id = $1 AND $2 = ANY(supplier_ids))
         OR EXISTS (SELECT 1 FROM decision WHERE award_lot_id = $1 AND status = 'OPEN' AND $2 = ANY(award_supplier_ids)) AS named`,
    [tender.lotId, tender.supplierId],
  )) as { named: boolean }[];
  return named;
}
