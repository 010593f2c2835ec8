import type { Actor } from '../../auth/actor.js';
import { allow, definePolicy, enforce, forbid, Missing, refuseState, type Verdict } from '../../auth/policy.js';
import type { BuyerGroup } from '../groups/group.entity.js';
import { canContribute, groupPolicy } from '../groups/group.policy.js';
import type { Membership } from '../groups/membership.entity.js';
import {
  isFinished,
  MandateStatus,
  phaseAtLeast,
  ProcurementPhase,
  type Participant,
  type Procurement,
} from './procurement.entity.js';

/**
 * The subject of every procurement rule (and of the decision and benefit rules built on them):
 * the procurement, its group, the actor's organisation's membership in the group (a guest's
 * stand-in row, or null) and its participant row (or null).
 */
export interface ProcurementSubject {
  procurement: Procurement;
  group: BuyerGroup;
  membership: Membership | null;
  participant: Participant | null;
  /** The authority the action concerns (a value or figure stated for it, a participant removed); else the actor's own. */
  authorityId?: string | null;
}

/** Which organisations may take part: active members and coordinators (observers only read, and cannot sign). */
export const canTakePart = (m: Membership): boolean => canContribute(m);

const both = (first: Verdict, second: () => Verdict): Verdict => (first.ok ? second() : first);

/** The actor's organisation has a participant row, whatever its mandate's status (that is the mandate's own state). */
const participates = (p: Participant | null, what: string): Verdict =>
  p ? allow : forbid(`Only participating authorities ${what}.`, Missing.PARTICIPANT);

/** ... and has not withdrawn: a withdrawn authority no longer counts (values, votes, figures). */
const takesPart = (p: Participant | null, what: string): Verdict =>
  p && p.mandateStatus !== MandateStatus.WITHDRAWN ? allow : participates(null, what);

/** The lead authority stays until the coordinators choose another: it neither withdraws nor is removed. */
const notLead = (p: Procurement, organisationId: string, message: string): Verdict =>
  organisationId === p.leadOrganisationId ? refuseState(message, Missing.OTHER_LEAD) : allow;

const authorityOf = (actor: Actor, s: ProcurementSubject) => s.authorityId ?? actor.organisation.id;

/** Acting as a participating authority: it takes part, and the actor acts for it (no observer, no guest). */
const asParticipant = (actor: Actor, s: ProcurementSubject, what: string): Verdict =>
  both(takesPart(s.participant, what), () => groupPolicy.check(actor, 'actForOrganisation', s, what));

/**
 * Who may do what to a joint procurement: the one table (decisions and benefits build on it).
 * The role is checked before the group's state, so someone who may not act hears FORBIDDEN, not
 * that the group is archived. The procurement's own state (open, before COMPETITION) is checked by
 * the guards below, after the rule.
 */
export const procurementPolicy = definePolicy({
  /** See the procurement: its group's active members and guests (to anyone else it does not exist). */
  read: (actor: Actor, s: ProcurementSubject) => groupPolicy.check(actor, 'readAsMember', s),
  /** Read what only coordinators read (the full history), whatever the group's state. */
  readAsCoordinator: (actor: Actor, s: ProcurementSubject, what: string) =>
    groupPolicy.check(actor, 'readAsCoordinator', s, what),
  /** Any change, once the caller's own role was checked by another rule: not in an archived group. */
  change: (actor: Actor, s: ProcurementSubject) => groupPolicy.check(actor, 'change', s, 'changing its procurements'),
  /** What only the group's coordinators do: the procurement, its lots, participants, milestones, phases, dialogue. */
  coordinate: (actor: Actor, s: ProcurementSubject, what: string) => groupPolicy.check(actor, 'coordinate', s, what),
  /** A coordinator removes a participant (`authorityId`), never the lead authority. */
  removeParticipant: (actor: Actor, s: ProcurementSubject, what: string) =>
    both(groupPolicy.check(actor, 'coordinate', s, what), () =>
      notLead(s.procurement, authorityOf(actor, s), 'The lead authority cannot be removed; choose another lead first.'),
    ),
  /** A participant signs its own mandate (a withdrawn one is refused by the mandate's state). */
  signMandate: (actor: Actor, s: ProcurementSubject, what: string) =>
    both(participates(s.participant, what), () => groupPolicy.check(actor, 'actForOrganisation', s, what)),
  /** A participant withdraws its own mandate; the lead authority does not. */
  withdrawMandate: (actor: Actor, s: ProcurementSubject, what: string) =>
    both(participates(s.participant, what), () =>
      both(groupPolicy.check(actor, 'actForOrganisation', s, what), () =>
        notLead(
          s.procurement,
          s.participant!.organisationId,
          'The lead authority cannot withdraw; the coordinators choose another lead first.',
        ),
      ),
    ),
  /** Act as a participating authority that has not withdrawn (vote), for its organisation. */
  actAsParticipant: asParticipant,
  /**
   * Act for an authority (`authorityId`: its stated values, its benefit figures): the authority
   * itself as a participant, or a coordinator for another (whether that one takes part is an input
   * check of the service, answered with the field).
   */
  actFor: (actor: Actor, s: ProcurementSubject, what: string) =>
    authorityOf(actor, s) === actor.organisation.id
      ? asParticipant(actor, s, what)
      : groupPolicy.check(actor, 'coordinate', s, `${what} for another authority`),
});
export type ProcurementAction = keyof typeof procurementPolicy.rules;

/** A closed or cancelled procurement no longer changes (nor do its dialogue, documents and decisions). */
export const openProcurement = (p: Procurement): Verdict =>
  isFinished(p.phase)
    ? refuseState(`The procurement is ${p.phase.toLowerCase()}; it can no longer change.`, Missing.OPEN_PROCUREMENT)
    : allow;

export const requireOpen = (p: Procurement): void => enforce(openProcurement(p));

/** Lots, participants, values, mandates and the procedure are fixed once the competition has started. */
export function requireBeforeCompetition(p: Procurement, what: string): void {
  requireOpen(p);
  if (phaseAtLeast(p.phase, ProcurementPhase.COMPETITION)) {
    enforce(refuseState(`${what} cannot change once the competition has started.`, Missing.BEFORE_COMPETITION));
  }
}
