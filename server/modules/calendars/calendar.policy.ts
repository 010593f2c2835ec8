import type { Actor } from '../../auth/actor.js';
import { allow, definePolicy, forbid, Missing } from '../../auth/policy.js';
import { isActiveMember } from '../groups/group.policy.js';
import type { Membership } from '../groups/membership.entity.js';
import { OrganisationKind } from '../organisations/organisation.entity.js';
import type { Procurement } from '../procurements/procurement.entity.js';

/**
 * Where a calendar's owner stands in one procurement: its group membership (or a guest's stand-in
 * row), and whether the owner's organisation is registered for its market dialogue.
 */
export interface CalendarSubject {
  procurement: Procurement;
  membership: Membership | null;
  registered: boolean;
}

/**
 * What of a procurement goes into whose calendar: the one table. Buyers (the group's active
 * members and guests, who read the procurement) get its milestones, decision closing times and
 * every booked dialogue meeting with who booked it. A supplier gets only what the dialogue shows
 * suppliers: the public question deadline of a published dialogue it registered for, and its own
 * organisation's bookings; never a buyer-only milestone or a decision. (Which dates are still worth
 * keeping, e.g. none of a cancelled procurement, is the reader's state rule, not this table's.)
 */
export const calendarPolicy = definePolicy({
  /** Milestones, decisions and every booked meeting (the buyers' side). */
  buyerItems: (_actor: Actor, s: CalendarSubject) =>
    isActiveMember(s.membership)
      ? allow
      : forbid("Only the group's active members see the procurement's dates.", Missing.MEMBERSHIP),
  /** The public question deadline and the organisation's own meetings (the supplier's side). */
  supplierItems: (actor: Actor, s: CalendarSubject) => {
    if (actor.organisation.kind !== OrganisationKind.SUPPLIER) {
      return forbid('Only suppliers take part in the market dialogue as suppliers.', Missing.SUPPLIER);
    }
    if (!s.registered || !s.procurement.dialoguePublishedAt) {
      return forbid('Register for the market dialogue to see its dates.', Missing.REGISTERED);
    }
    return allow;
  },
});
export type CalendarAction = keyof typeof calendarPolicy.rules;
