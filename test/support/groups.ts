import { BuyerGroup } from '../../server/modules/groups/group.entity.js';
import { MembershipRole, MembershipStatus } from '../../server/modules/groups/membership.entity.js';
import { rows } from './helpers.js';
import { s } from './server.js';

/**
 * What the buyer group test files (groups, group-invitations, group-members) share: the factories of
 * a coordinated group and its members, and what they read back from the database.
 */

// ---- factories ----

/** A user of a new municipality that coordinates a new group (LISTED and ACTIVE unless overridden). */
export async function coordinatedGroup(overrides: Partial<BuyerGroup> = {}) {
  const coordinator = await s.factories.user();
  const group = await s.factories.group(coordinator.organisation, overrides);
  return { coordinator, group };
}

/** A user of a new municipality whose organisation has the given place in the group. */
export async function memberOf(group: BuyerGroup, role = MembershipRole.MEMBER, status = MembershipStatus.ACTIVE) {
  const user = await s.factories.user();
  await s.factories.membership(group, user.organisation, role, status);
  return user;
}

// ---- reading what was stored ----

export interface MembershipRow {
  role: MembershipRole;
  status: MembershipStatus;
  joined_at: Date | null;
}

/** The stored membership row (for checking what a refused or concurrent change left behind). */
export async function membershipRow(groupId: string, organisationId: string): Promise<MembershipRow | undefined> {
  const found: MembershipRow[] = await s.db.query(
    'SELECT role, status, joined_at FROM membership WHERE group_id = $1 AND organisation_id = $2',
    [groupId, organisationId],
  );
  return found[0];
}

export const activeCoordinators = (groupId: string) =>
  rows(s, `membership WHERE group_id = $1 AND role = 'COORDINATOR' AND status = 'ACTIVE'`, [groupId]);

export const ids = (nodes: { id: string }[]) => nodes.map((n) => n.id);
