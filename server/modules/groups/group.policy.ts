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

/** Members and coordinators write (needs, interests); observers only read. */
export const canContribute = (m: Membership | null): boolean => isActiveMember(m) && m.role !== MembershipRole.OBSERVER;

/** Invitations, requests and former members are the group's own business. */
export const visibleMembershipStatuses = (m: Membership | null, wanted: MembershipStatus[] | null | undefined) => {
  const asked = wanted?.length ? wanted : [MembershipStatus.ACTIVE];
  return isActiveMember(m) ? asked : asked.filter((s) => s === MembershipStatus.ACTIVE);
};

export const isWritable = (group: BuyerGroup): boolean => group.status !== GroupStatus.ARCHIVED;
