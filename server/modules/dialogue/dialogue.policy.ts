import type { Actor } from '../../auth/actor.js';
import { allow, definePolicy, forbid, Missing, type Verdict } from '../../auth/policy.js';
import { isActiveMember, isCoordinator } from '../groups/group.policy.js';
import type { Membership } from '../groups/membership.entity.js';
import { OrganisationKind } from '../organisations/organisation.entity.js';
import type { Procurement } from '../procurements/procurement.entity.js';

/**
 * Where the actor stands in one procurement's market dialogue. Buyers are the active members of
 * the procurement's group (guests included); everyone else meets the dialogue from outside: a
 * supplier registered for it, a supplier not (yet) registered, or a public authority outside the
 * group, who reads the published notice like anyone signed in.
 */
export interface DialogueSubject {
  procurement: Procurement;
  /** The actor's organisation's membership in the procurement's group (or a guest's stand-in row), or null. */
  membership: Membership | null;
  /** Whether the actor's organisation is registered for the dialogue. */
  registered: boolean;
  /** The organisation that asked the question, or booked the slot, acted on (withdraw, cancel). */
  owner?: string | null;
}

const buyer = (s: DialogueSubject) => isActiveMember(s.membership);

const coordinator = (s: DialogueSubject, what: string): Verdict =>
  isCoordinator(s.membership) ? allow : forbid(`Only the group's coordinators ${what}.`, Missing.COORDINATOR);

/** Suppliers take part (register, ask, book); buyers and other authorities answer or watch. */
const supplier = (actor: Actor): Verdict =>
  actor.organisation.kind === OrganisationKind.SUPPLIER
    ? allow
    : forbid('Only suppliers take part in the market dialogue as suppliers.', Missing.SUPPLIER);

const registeredSupplier = (actor: Actor, s: DialogueSubject, before: string): Verdict => {
  const kind = supplier(actor);
  if (!kind.ok) return kind;
  return s.registered ? allow : forbid(`Register for the market dialogue before ${before}.`, Missing.REGISTERED);
};

const ownerOf = (actor: Actor, s: DialogueSubject) => s.owner != null && s.owner === actor.organisation.id;

/**
 * Who may do what in a market dialogue (equal treatment of suppliers, DESIGN 2): the one table.
 * State rules (published, before COMPETITION, the question deadline, the booking limit) stay with
 * the service; these are about who. A refused read of something the actor may not know of is
 * answered NOT_FOUND by the service (`readNotice`, `withdraw`, and `cancelBooking` to non-buyers).
 */
export const dialoguePolicy = definePolicy({
  /** The notice: public to every signed-in user once published; before that, a preview for the buyers. */
  readNotice: (_actor: Actor, s: DialogueSubject) =>
    buyer(s) || s.procurement.dialoguePublishedAt !== null
      ? allow
      : forbid('The market dialogue has not been published.', Missing.MEMBERSHIP),
  /** Beyond the notice (documents, answers, slots, the public channel, live updates): buyers and registered suppliers. */
  readInside: (_actor: Actor, s: DialogueSubject, what: string) =>
    buyer(s) || s.registered ? allow : forbid(`Register for the market dialogue to see ${what}.`, Missing.REGISTERED),
  /** The buyers' side: who registered, who asked, who booked. */
  readAsBuyer: (_actor: Actor, s: DialogueSubject) =>
    buyer(s) ? allow : forbid("Only the group's active members see who takes part.", Missing.MEMBERSHIP),
  /** Register the actor's supplier organisation. */
  register: (actor: Actor) => supplier(actor),
  ask: (actor: Actor, s: DialogueSubject) => registeredSupplier(actor, s, 'asking'),
  book: (actor: Actor, s: DialogueSubject) => registeredSupplier(actor, s, 'booking a meeting'),
  /** Withdraw a pending question: the asking organisation's own. */
  withdraw: (actor: Actor, s: DialogueSubject) =>
    ownerOf(actor, s) ? allow : forbid('Only the asking organisation withdraws its question.', Missing.AUTHOR),
  /** Free a booked slot: the booking organisation, or a coordinator for anyone's. */
  cancelBooking: (actor: Actor, s: DialogueSubject) =>
    ownerOf(actor, s) ? allow : coordinator(s, "cancel another organisation's booking"),
  /** Publish the notice, answer questions, open and remove slots. */
  manage: (_actor: Actor, s: DialogueSubject) => coordinator(s, 'run the market dialogue'),
});
export type DialogueAction = keyof typeof dialoguePolicy.rules;
