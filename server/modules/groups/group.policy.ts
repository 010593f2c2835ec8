import { ForbiddenError, InvalidStateError } from '../../errors.js';
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

/** Invitations, requests and former members are the group's own business. */
export const visibleMembershipStatuses = (m: Membership | null, wanted: MembershipStatus[] | null | undefined) => {
  const asked = wanted?.length ? wanted : [MembershipStatus.ACTIVE];
  // Invitations and join requests (with their notes) are the member organisations' business, not a guest's.
  return isActiveMember(m) && !m.guest ? asked : asked.filter((s) => s === MembershipStatus.ACTIVE);
};

export const isWritable = (group: BuyerGroup): boolean => group.status !== GroupStatus.ARCHIVED;

/** Refuses observers and guests something only a member organisation does ("state values", "vote"). */
export function requireActsForOrganisation(m: Membership | null, what: string): void {
  if (actsForOrganisation(m)) return;
  throw new ForbiddenError(
    m?.guest ? `Guests do not ${what}: a guest acts for no organisation.` : `Observers do not ${what}.`,
  );
}

/** Refuses what only the group's coordinators do ("invite guests", "close decisions"). */
export function requireCoordinator(m: Membership | null, what: string): void {
  if (!isCoordinator(m)) throw new ForbiddenError(`Only the group's coordinators ${what}.`);
}

/**
 * Refuses a change in an archived group: one rule, one `missing` key, wherever it is written
 * (`detail` says what the change was, e.g. "its membership cannot change").
 */
export function requireWritable(group: BuyerGroup, detail?: string): void {
  if (isWritable(group)) return;
  throw new InvalidStateError(`The group is archived${detail ? `; ${detail}` : ''}.`, ['group status ACTIVE']);
}
