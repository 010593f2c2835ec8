import type { Actor } from '../../auth/actor.js';
import { definePolicy, enforce, Missing, refuseState } from '../../auth/policy.js';
import { ProcurementPhase, type Procurement } from '../procurements/procurement.entity.js';
import { procurementPolicy, requireOpen, type ProcurementSubject } from '../procurements/procurement.policy.js';

/**
 * Who may do what with tenders, awards and contracts. Built on the procurement's rules: the
 * buyers read them (suppliers never: no supplier learns of another's tender), the coordinators
 * record them, and each participating authority administers its own right under a contract.
 */
export const contractPolicy = definePolicy({
  /** Tenders, awards, contracts and every authority's call-off rights: the procurement's readers (its buyers). */
  read: (actor: Actor, s: ProcurementSubject) => procurementPolicy.check(actor, 'read', s),
  /** Record tenders and their assessment, the award's notification, contracts: the coordinators. */
  manage: (actor: Actor, s: ProcurementSubject, what: string) => procurementPolicy.check(actor, 'coordinate', s, what),
  /**
   * An authority administers its own agreement or call-offs (the subject's participant is the
   * right's authority): a person acting for it, not a coordinator for it, not an observer or guest.
   */
  administerCallOff: (actor: Actor, s: ProcurementSubject, what: string) =>
    procurementPolicy.check(actor, 'actAsParticipant', s, what),
});
export type ContractAction = keyof typeof contractPolicy.rules;

/** Tenders are received, and awards decided, while the competition runs. */
export function requireCompetition(p: Procurement, what: string): void {
  requireOpen(p);
  if (p.phase !== ProcurementPhase.COMPETITION) {
    enforce(refuseState(`${what} only while the competition runs (phase COMPETITION).`, Missing.COMPETITION));
  }
}

/** Contracts are signed at the end of the competition, or later under a framework with several suppliers. */
export function requireContractPhase(p: Procurement, what: string): void {
  requireOpen(p);
  if (p.phase !== ProcurementPhase.COMPETITION && p.phase !== ProcurementPhase.CONTRACT_FOLLOW_UP) {
    enforce(refuseState(`${what} only in the phases COMPETITION and CONTRACT_FOLLOW_UP.`, Missing.CONTRACT_PHASE));
  }
}
