import type { Actor } from '../../auth/actor.js';
import { definePolicy } from '../../auth/policy.js';
import { procurementPolicy, type ProcurementSubject } from '../procurements/procurement.policy.js';

/**
 * Who may do what with a procurement's decisions: the coordinators open and close them, the
 * participating authorities vote (one vote each, by a person acting for the authority). Built on
 * the procurement's rules; whether a decision is still open is the decision's own state.
 */
export const decisionPolicy = definePolicy({
  open: (actor: Actor, s: ProcurementSubject, what: string) => procurementPolicy.check(actor, 'coordinate', s, what),
  /** Authorities that take part and have not withdrawn; never observers or guests. */
  vote: (actor: Actor, s: ProcurementSubject, what: string) =>
    procurementPolicy.check(actor, 'actAsParticipant', s, what),
  /**
   * Closing early records now the result the closing time would record anyway, so it needs the
   * coordinator's role and nothing of the group's or the procurement's state.
   */
  close: (actor: Actor, s: ProcurementSubject, what: string) =>
    procurementPolicy.check(actor, 'readAsCoordinator', s, what),
});
export type DecisionAction = keyof typeof decisionPolicy.rules;
