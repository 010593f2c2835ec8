import type { Actor } from '../../auth/actor.js';
import { allow, definePolicy, enforce, forbid, Missing, refuseState, type Verdict } from '../../auth/policy.js';
import { isAuthority, type Organisation } from '../organisations/organisation.entity.js';
import { GroupStatus, GroupVisibility, type BuyerGroup } from './group.entity.js';
import { MembershipRole, MembershipStatus, type Membership } from './membership.entity.js';

/**
 * Row-level rules for buyer groups. `membership` is always the viewer's organisation's row in
 * the group (or null). Suppliers never see buyer groups: they meet buyers only through a
 * procurement's published market dialogue.
 */
export const canSeeGroup = (org: Organisation, group: BuyerGroup, membership: Membership | null): boolean =>
  (group.visibility === GroupVisibility.LISTED && isAuthority(org.kind)) ||
  (membership !== null && membership.status !== MembershipStatus.LEFT);

export const isActiveMember = (m: Membership | null): m is Membership => m?.status === MembershipStatus.ACTIVE;

export const isCoordinator = (m: Membership | null): boolean =>
  isActiveMember(m) && m.role === MembershipRole.COORDINATOR;

/** Members, coordinators and guests write (messages, documents); observers only read. */
export const canContribute = (m: Membership | null): boolean => isActiveMember(m) && m.role !== MembershipRole.OBSERVER;

/**
 * Acting for an authority (a need of its own, its interest, a vote, a mandate, its benefits): what
 * a member organisation does, and never a guest, who is a person counting for no organisation.
 */
export const actsForOrganisation = (m: Membership | null): boolean => canContribute(m) && !m!.guest;

export const isWritable = (group: BuyerGroup): boolean => group.status !== GroupStatus.ARCHIVED;

/** The subject of every group rule: the group and the actor's organisation's row in it (or null). */
export interface GroupSubject {
  group: BuyerGroup;
  membership: Membership | null;
}

const notArchived = (group: BuyerGroup, what: string): Verdict =>
  isWritable(group) ? allow : refuseState(`The group is archived; ${what} is not possible.`, Missing.GROUP_ACTIVE);

const activeMember = (m: Membership | null): Verdict =>
  isActiveMember(m) ? allow : forbid('Only active members of the group may do this.', Missing.MEMBERSHIP);

const contributor = (m: Membership | null, what: string): Verdict =>
  !isActiveMember(m)
    ? activeMember(m)
    : canContribute(m)
      ? allow
      : forbid(`Observers do not ${what}.`, Missing.CONTRIBUTOR);

const forOrganisation = (m: Membership | null, what: string): Verdict =>
  !canContribute(m)
    ? contributor(m, what)
    : actsForOrganisation(m)
      ? allow
      : forbid(`Guests do not ${what}: a guest acts for no organisation.`, Missing.ORGANISATION_MEMBER);

const coordinator = (m: Membership | null, what: string): Verdict =>
  isCoordinator(m) ? allow : forbid(`Only the group's coordinators ${what}.`, Missing.COORDINATOR);

/** The first rule's refusal, or else the second's answer (who first, then the group's state). */
export const both = (first: Verdict, second: () => Verdict): Verdict => (first.ok ? second() : first);

/**
 * Who may do what in a buyer group: the one table. Changes are refused in an archived group
 * (one rule, one `missing` key); the role is checked first, so an outsider hears FORBIDDEN, not
 * that the group is archived.
 */
export const groupPolicy = definePolicy({
  /** Form a new group (`group` is the one being formed): public authorities only, never suppliers. */
  form: (actor: Actor, _subject: GroupSubject) =>
    isAuthority(actor.organisation.kind)
      ? allow
      : forbid('Only public authorities can form buyer groups.', Missing.AUTHORITY),
  /** See the group at all (listed groups are visible to every public authority). */
  read: (actor: Actor, { group, membership }: GroupSubject) =>
    canSeeGroup(actor.organisation, group, membership)
      ? allow
      : forbid('You cannot see this group.', Missing.MEMBERSHIP),
  /** Read what only members read (threads, documents, needs, procurements). */
  readAsMember: (_actor: Actor, { membership }: GroupSubject) => activeMember(membership),
  /** Read what only coordinators read (the full history, pending requests' notes). */
  readAsCoordinator: (_actor: Actor, { membership }: GroupSubject, what: string) => coordinator(membership, what),
  /** Write as a person (messages, documents, comments): members, coordinators and guests. */
  contribute: (_actor: Actor, { group, membership }: GroupSubject, what: string) =>
    both(contributor(membership, what), () => notArchived(group, what)),
  /** Act for an authority (a need, an interest, a vote, a mandate, benefits): never observers or guests. */
  actForOrganisation: (_actor: Actor, { group, membership }: GroupSubject, what: string) =>
    both(forOrganisation(membership, what), () => notArchived(group, what)),
  /** What only coordinators change (settings, invitations, phases, decisions). */
  coordinate: (_actor: Actor, { group, membership }: GroupSubject, what: string) =>
    both(coordinator(membership, what), () => notArchived(group, what)),
  /** Archive or reactivate the group: coordinators, in any state (reactivating is how an archived group reopens). */
  setStatus: (_actor: Actor, { membership }: GroupSubject, what: string) => coordinator(membership, what),
  /** Any change at all, once the caller's own role was checked elsewhere (leaving, answering an invitation). */
  change: (_actor: Actor, { group }: GroupSubject, what: string) => notArchived(group, what),
});
export type GroupAction = keyof typeof groupPolicy.rules;

/** Refuses observers and guests something only a member organisation does ("state values", "vote"). */
export function requireActsForOrganisation(m: Membership | null, what: string): void {
  enforce(forOrganisation(m, what));
}

/** Refuses what only the group's coordinators do ("invite guests", "close decisions"). */
export function requireCoordinator(m: Membership | null, what: string): void {
  enforce(coordinator(m, what));
}

/**
 * Refuses a change in an archived group: one rule, one `missing` key, wherever it is written
 * (`detail` says what the change was, e.g. "its membership cannot change").
 */
export function requireWritable(group: BuyerGroup, detail?: string): void {
  if (isWritable(group)) return;
  enforce(refuseState(`The group is archived${detail ? `; ${detail}` : ''}.`, Missing.GROUP_ACTIVE));
}
