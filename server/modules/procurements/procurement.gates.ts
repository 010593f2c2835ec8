import type { EntityManager } from 'typeorm';
import { PHASE_ORDER, ProcurementPhase, type Procurement } from './procurement.entity.js';
import type { ChecklistItem } from './procurement.types.js';

/** What the checklists are computed from, read in one statement. */
export interface GateFacts {
  activeParticipants: number;
  leadParticipates: boolean;
  hasDescription: boolean;
  lots: number;
  lotsWithCpv: number;
  lotsWithValue: number;
  /** Document kinds with at least one version, attached to the procurement (or, for need descriptions, its needs). */
  documentKinds: string[];
  signedMandates: number;
  dialoguePublished: boolean;
  milestoneKinds: string[];
  /** Phases for which an approving decision was recorded. */
  approvedGates: string[];
  /** Phases for which a decision is open for votes (an item it settles is pending, not missing). */
  openGates: string[];
  /** Award decisions open for votes. */
  openAwards: number;
  /** Lots with an award (made by an approved award decision), and awarded lots with a signed contract. */
  awardedLots: number;
  contractedLots: number;
  indicators: number;
  indicatorsWithBaseline: number;
  indicatorsWithFollowUp: number;
}

export async function loadGateFacts(em: EntityManager, p: Procurement): Promise<GateFacts> {
  return (await loadGateFactsMany(em, [p]))[0];
}

/** The facts of several procurements in one statement (a list of procurements with their checklists). */
export async function loadGateFactsMany(em: EntityManager, ps: readonly Procurement[]): Promise<GateFacts[]> {
  const rows = (await em.query(
    `SELECT x.id AS procurement_id,
       (SELECT count(*) FROM procurement_participant WHERE procurement_id = x.id AND mandate_status <> 'WITHDRAWN')::int AS active_participants,
       EXISTS (SELECT 1 FROM procurement_participant WHERE procurement_id = x.id AND organisation_id = x.lead AND mandate_status <> 'WITHDRAWN') AS lead_participates,
       (SELECT count(*) FROM procurement_lot WHERE procurement_id = x.id)::int AS lots,
       (SELECT count(*) FROM procurement_lot WHERE procurement_id = x.id AND cardinality(cpv_codes) > 0)::int AS lots_with_cpv,
       (SELECT count(DISTINCT v.lot_id) FROM procurement_lot_value v
          JOIN procurement_participant pp ON pp.procurement_id = v.procurement_id AND pp.organisation_id = v.organisation_id
          WHERE v.procurement_id = x.id AND pp.mandate_status <> 'WITHDRAWN')::int AS lots_with_value,
       ARRAY(SELECT DISTINCT d.kind::text FROM document d
          WHERE d.deleted_at IS NULL AND d.current_version > 0
            AND ((d.parent_type = 'PROCUREMENT' AND d.parent_id = x.id)
              OR (d.kind = 'NEED_DESCRIPTION' AND d.parent_type = 'NEED'
                  AND d.parent_id IN (SELECT need_id FROM procurement_need WHERE procurement_id = x.id)))) AS document_kinds,
       (SELECT count(*) FROM procurement_participant WHERE procurement_id = x.id AND mandate_status = 'SIGNED')::int AS signed_mandates,
       ARRAY(SELECT kind::text FROM procurement_milestone WHERE procurement_id = x.id) AS milestone_kinds,
       ARRAY(SELECT DISTINCT gate::text FROM decision
          WHERE procurement_id = x.id AND gate IS NOT NULL AND status = 'CLOSED' AND outcome = 'DECIDED' AND winning_option = 0) AS approved_gates,
       ARRAY(SELECT DISTINCT gate::text FROM decision
          WHERE procurement_id = x.id AND gate IS NOT NULL AND status = 'OPEN') AS open_gates,
       (SELECT count(*) FROM decision
          WHERE procurement_id = x.id AND award_lot_id IS NOT NULL AND status = 'OPEN')::int AS open_awards,
       (SELECT count(*) FROM procurement_award WHERE procurement_id = x.id)::int AS awarded_lots,
       (SELECT count(DISTINCT lot_id) FROM procurement_contract WHERE procurement_id = x.id)::int AS contracted_lots,
       (SELECT count(*) FROM benefit_indicator WHERE procurement_id = x.id)::int AS indicators,
       (SELECT count(*) FROM benefit_indicator i WHERE i.procurement_id = x.id
          AND EXISTS (SELECT 1 FROM benefit_measurement m WHERE m.indicator_id = i.id AND m.kind = 'BASELINE'))::int AS with_baseline,
       (SELECT count(*) FROM benefit_indicator i WHERE i.procurement_id = x.id
          AND EXISTS (SELECT 1 FROM benefit_measurement m WHERE m.indicator_id = i.id AND m.kind = 'FOLLOW_UP'))::int AS with_follow_up
     FROM unnest($1::uuid[], $2::uuid[]) AS x(id, lead)`,
    [ps.map((p) => p.id), ps.map((p) => p.leadOrganisationId)],
  )) as Record<string, any>[];
  return ps.map((p) => {
    const row = rows.find((r) => r.procurement_id === p.id)!;
    return {
      activeParticipants: row.active_participants,
      leadParticipates: row.lead_participates,
      hasDescription: p.description.trim().length > 0,
      lots: row.lots,
      lotsWithCpv: row.lots_with_cpv,
      lotsWithValue: row.lots_with_value,
      documentKinds: row.document_kinds,
      signedMandates: row.signed_mandates,
      dialoguePublished: p.dialoguePublishedAt !== null,
      milestoneKinds: row.milestone_kinds,
      approvedGates: row.approved_gates,
      openGates: row.open_gates,
      openAwards: row.open_awards,
      awardedLots: row.awarded_lots,
      contractedLots: row.contracted_lots,
      indicators: row.indicators,
      indicatorsWithBaseline: row.with_baseline,
      indicatorsWithFollowUp: row.with_follow_up,
    };
  });
}

/** An item of a phase's checklist; `pending` when it is not done but a vote that settles it is open. */
type Rule = { key: string; label: string; done: (f: GateFacts) => boolean; pending?: (f: GateFacts) => boolean };

/**
 * The artefacts each phase needs before the procurement moves on (keyed by the phase they open).
 * They follow the innovative-procurement method: the need is described before the market is met,
 * the market is met before the requirements are written, and nothing is tendered without signed
 * mandates and an approved specification.
 */
const RULES: Partial<Record<ProcurementPhase, Rule[]>> = {
  [ProcurementPhase.NEED_ASSESSMENT]: [
    {
      key: 'PARTICIPANTS',
      label: 'at least two participating authorities (a joint procurement)',
      done: (f) => f.activeParticipants >= 2,
    },
    { key: 'LEAD_AUTHORITY', label: 'the lead authority takes part', done: (f) => f.leadParticipates },
    { key: 'DESCRIPTION', label: 'a description of the procurement', done: (f) => f.hasDescription },
  ],
  [ProcurementPhase.MARKET_DIALOGUE]: [
    {
      key: 'NEED_DESCRIPTION',
      label: 'a need description document',
      done: (f) => f.documentKinds.includes('NEED_DESCRIPTION'),
    },
    {
      key: 'LOTS',
      label: 'at least one lot, each with a CPV code',
      done: (f) => f.lots > 0 && f.lotsWithCpv === f.lots,
    },
    {
      key: 'ESTIMATED_VALUE',
      label: 'a stated value for every lot (the estimated value)',
      done: (f) => f.lots > 0 && f.lotsWithValue === f.lots,
    },
  ],
  [ProcurementPhase.PREPARATION]: [
    { key: 'DIALOGUE_NOTICE', label: 'a published market dialogue notice', done: (f) => f.dialoguePublished },
    {
      key: 'MARKET_DIALOGUE_SUMMARY',
      label: 'a market dialogue summary document',
      done: (f) => f.documentKinds.includes('MARKET_DIALOGUE_SUMMARY'),
    },
  ],
  [ProcurementPhase.COMPETITION]: [
    {
      key: 'REQUIREMENT_SPECIFICATION',
      label: 'a requirement specification document',
      done: (f) => f.documentKinds.includes('REQUIREMENT_SPECIFICATION'),
    },
    { key: 'SIGNED_MANDATE', label: 'at least one signed mandate', done: (f) => f.signedMandates > 0 },
    {
      key: 'SPECIFICATION_APPROVED',
      label: 'an approved decision opening the competition (approving the specification)',
      done: (f) => f.approvedGates.includes(ProcurementPhase.COMPETITION),
      pending: (f) => f.openGates.includes(ProcurementPhase.COMPETITION),
    },
    {
      key: 'TENDER_DEADLINE',
      label: 'a tender deadline milestone',
      done: (f) => f.milestoneKinds.includes('TENDER_DEADLINE'),
    },
  ],
  [ProcurementPhase.CONTRACT_FOLLOW_UP]: [
    {
      key: 'AWARD_DECISION',
      label: 'every lot awarded by an approved award decision',
      done: (f) => f.lots > 0 && f.awardedLots === f.lots,
      pending: (f) => f.openAwards > 0,
    },
    {
      key: 'CONTRACT',
      label: 'a signed contract, with its document, for every awarded lot (after its standstill period)',
      done: (f) => f.awardedLots > 0 && f.contractedLots === f.awardedLots,
    },
  ],
  [ProcurementPhase.BENEFITS_REALISATION]: [
    {
      key: 'BENEFIT_BASELINES',
      label: 'at least one benefit indicator, each with a baseline',
      done: (f) => f.indicators > 0 && f.indicatorsWithBaseline === f.indicators,
    },
  ],
  [ProcurementPhase.CLOSED]: [
    {
      key: 'BENEFIT_FOLLOW_UP',
      label: 'a follow-up measurement for every benefit indicator',
      done: (f) => f.indicators > 0 && f.indicatorsWithFollowUp === f.indicators,
    },
  ],
};

/** The phase after `phase` in the method, or null when it is the last (or the procurement was cancelled). */
export function nextPhase(phase: ProcurementPhase): ProcurementPhase | null {
  const i = PHASE_ORDER.indexOf(phase);
  return i < 0 || i === PHASE_ORDER.length - 1 ? null : PHASE_ORDER[i + 1];
}

/** The checklist for entering `opens`. */
export function checklist(opens: ProcurementPhase, facts: GateFacts): ChecklistItem[] {
  return (RULES[opens] ?? []).map((r) => {
    const done = r.done(facts);
    return { key: r.key, label: r.label, done, pending: !done && (r.pending?.(facts) ?? false), opens };
  });
}
