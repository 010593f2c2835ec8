import type { Actor } from '../../auth/actor.js';
import { allow, definePolicy, forbid, Missing, type Verdict } from '../../auth/policy.js';
import { isActiveMember } from '../groups/group.policy.js';
import { MembershipStatus, type Membership } from '../groups/membership.entity.js';
import { isAuthority } from '../organisations/organisation.entity.js';

/**
 * The actor's organisation's place in the group a case belongs to (a guest's stand-in row, or null),
 * for the rules on records.
 */
export interface RecordSubject {
  membership: Membership | null;
}

/** Public records are an authority's duty: suppliers and guests keep none here. */
const authority = (actor: Actor): Verdict =>
  isAuthority(actor.organisation.kind)
    ? allow
    : forbid('Only public authorities keep records and journals.', Missing.AUTHORITY);

const notGuest = (m: Membership | null): Verdict =>
  m?.guest ? forbid('A guest acts for no authority and keeps no records for one.', Missing.ORGANISATION_MEMBER) : allow;

const both = (first: Verdict, second: () => Verdict): Verdict => (first.ok ? second() : first);

/**
 * Who may do what with an authority's records: the one table. Marking is the authority's own
 * registry act, so any of its people who read the subject may do it (observers too, in an archived
 * group or a closed procurement too: that is when archiving happens); guests and suppliers never.
 * Whether the subject is there for the actor at all (NOT_FOUND) is the service's.
 */
export const recordPolicy = definePolicy({
  /** Mark a message, document or decision as a record of the actor's authority, or change its classification. */
  mark: (actor: Actor, s: RecordSubject) =>
    both(authority(actor), () =>
      both(notGuest(s.membership), () =>
        isActiveMember(s.membership)
          ? allow
          : forbid("Only the group's active members mark its records.", Missing.MEMBERSHIP),
      ),
    ),
  /**
   * Read the case file and take out the archive package: an authority that is or was a member
   * (an authority that left keeps its duty to archive what it took part in).
   */
  readCase: (actor: Actor, s: RecordSubject) =>
    both(authority(actor), () =>
      both(notGuest(s.membership), () =>
        s.membership &&
        (s.membership.status === MembershipStatus.ACTIVE || s.membership.status === MembershipStatus.LEFT)
          ? allow
          : forbid('Only the authorities of the group read its case files.', Missing.MEMBERSHIP),
      ),
    ),
  /** Read the authority's own journal: any of its people. */
  readJournal: (actor: Actor) => authority(actor),
});
export type RecordAction = keyof typeof recordPolicy.rules;
