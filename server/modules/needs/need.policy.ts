import type { Actor } from '../../auth/actor.js';
import { allow, definePolicy, forbid, Missing, type Verdict } from '../../auth/policy.js';
import {
  actsForOrganisation,
  both,
  groupPolicy,
  isActiveMember,
  isCoordinator,
  type GroupSubject,
} from '../groups/group.policy.js';
import { NeedStatus, type SharedNeed } from './need.entity.js';

/** The group, the actor's place in it, and the need (absent for a need not described yet). */
export interface NeedSubject extends GroupSubject {
  need?: SharedNeed;
  /** For `setStatus`: the status asked for. */
  status?: NeedStatus;
}

/** Fixing the demand, closing and reopening are the coordinators' calls. */
const coordinatorStatus = (s: NeedStatus | undefined): boolean =>
  s === NeedStatus.CONSOLIDATED || s === NeedStatus.CLOSED;

/** The organisation that described the need, acting for itself (not through an observer or a guest). */
const describedBy = (actor: Actor, { membership, need }: NeedSubject): boolean =>
  actsForOrganisation(membership) && need?.organisationId === actor.organisation.id;

/** A change to an existing need: `who` first, then the group's state (no changes in an archived group). */
const change =
  (what: string, who: (actor: Actor, subject: NeedSubject) => Verdict) =>
  (actor: Actor, subject: NeedSubject): Verdict =>
    both(who(actor, subject), () => groupPolicy.check(actor, 'change', subject, what));

/** What an authority does for itself in the group (a need, its interest): never observers or guests. */
const forOrganisation = (what: string) => (actor: Actor, subject: NeedSubject) =>
  groupPolicy.check(actor, 'actForOrganisation', subject, what);

/**
 * Who may do what with a group's shared needs. Reads are the group's active members'; a need is
 * changed by the authority that described it or by a coordinator; each authority states only its
 * own interest. Whether the need's status allows a change (OPEN for interests, DRAFT or OPEN for
 * edits) is the service's state machine, not a question of who.
 */
export const needPolicy = definePolicy({
  read: (_actor: Actor, { membership }: NeedSubject) =>
    isActiveMember(membership) ? allow : forbid("Only the group's members see its needs.", Missing.MEMBERSHIP),
  create: forOrganisation('add needs'),
  update: change('change needs', (actor, subject) =>
    describedBy(actor, subject) || isCoordinator(subject.membership)
      ? allow
      : forbid('Only the organisation that described the need, or a coordinator, may change it.', Missing.AUTHOR),
  ),
  /** DRAFT and OPEN are the describing authority's to move between; to or from CONSOLIDATED and CLOSED, coordinators'. */
  setStatus: change('change needs', (actor, subject) => {
    if (isCoordinator(subject.membership)) return allow;
    if (coordinatorStatus(subject.status) || coordinatorStatus(subject.need?.status))
      return forbid('Only coordinators consolidate, close or reopen needs.', Missing.COORDINATOR);
    return describedBy(actor, subject)
      ? allow
      : forbid('Only the owner or a coordinator may change this need.', Missing.AUTHOR);
  }),
  stateInterest: forOrganisation('state interests'),
  removeInterest: forOrganisation('remove interests'),
});
export type NeedAction = keyof typeof needPolicy.rules;
