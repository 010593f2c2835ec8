import type { Actor } from '../../auth/actor.js';
import { definePolicy } from '../../auth/policy.js';
import { procurementPolicy, type ProcurementSubject } from '../procurements/procurement.policy.js';

/**
 * Who may do what with a procurement's benefit realisation: the coordinators define what to
 * follow up; each participating authority records its own figures, and a coordinator may record
 * them for any participant (`authorityId`). Built on the procurement's rules.
 */
export const benefitPolicy = definePolicy({
  defineIndicator: (actor: Actor, s: ProcurementSubject, what: string) =>
    procurementPolicy.check(actor, 'coordinate', s, what),
  record: (actor: Actor, s: ProcurementSubject, what: string) => procurementPolicy.check(actor, 'actFor', s, what),
});
export type BenefitAction = keyof typeof benefitPolicy.rules;
