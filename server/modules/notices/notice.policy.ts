import type { Actor } from '../../auth/actor.js';
import { definePolicy } from '../../auth/policy.js';
import { procurementPolicy, type ProcurementSubject } from '../procurements/procurement.policy.js';

/**
 * Who may draft a procurement's eForms notices: its buyers, that is the group's coordinators and
 * the participating authorities that have not withdrawn (for their organisation: no observer, no
 * guest). Suppliers never reach the procurement at all (NOT_FOUND before this rule). Built from the
 * procurement policy's own rules, which has none for "coordinator or participant".
 */
export const noticePolicy = definePolicy({
  download: (actor: Actor, s: ProcurementSubject, what: string) => {
    const coordinator = procurementPolicy.check(actor, 'readAsCoordinator', s, what);
    return coordinator.ok ? coordinator : procurementPolicy.check(actor, 'actAsParticipant', s, what);
  },
});
export type NoticeAction = keyof typeof noticePolicy.rules;
