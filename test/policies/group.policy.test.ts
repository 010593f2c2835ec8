import { describe, expect, it } from 'vitest';
import { Missing } from '../../server/auth/policy.js';
import { BuyerGroup, GroupStatus, GroupVisibility } from '../../server/modules/groups/group.entity.js';
import { groupPolicy, type GroupAction } from '../../server/modules/groups/group.policy.js';
import { Membership, MembershipRole, MembershipStatus } from '../../server/modules/groups/membership.entity.js';
import { OrganisationKind } from '../../server/modules/organisations/organisation.entity.js';
import { actor, outcome } from './actors.js';

const group = (status: GroupStatus, visibility = GroupVisibility.UNLISTED) =>
  Object.assign(new BuyerGroup(), { id: 'g', status, visibility });
const row = (role: MembershipRole, over: Partial<Membership> = {}) =>
  Object.assign(new Membership(), { role, status: MembershipStatus.ACTIVE, guest: false }, over);

const ROLES = {
  outsider: null,
  invited: row(MembershipRole.MEMBER, { status: MembershipStatus.INVITED }),
  observer: row(MembershipRole.OBSERVER),
  guest: row(MembershipRole.MEMBER, { guest: true }),
  member: row(MembershipRole.MEMBER),
  coordinator: row(MembershipRole.COORDINATOR),
} as const;
type Role = keyof typeof ROLES;

const F = (missing: string) => `forbidden: ${missing}`;
const ARCHIVED = `state: ${Missing.GROUP_ACTIVE}`;

/** Each action's expected answer per role in an active group; in an archived group, changes become ARCHIVED. */
const TABLE: Record<GroupAction, Record<Role, string>> = {
  read: {
    outsider: F(Missing.MEMBERSHIP),
    invited: 'ok',
    observer: 'ok',
    guest: 'ok',
    member: 'ok',
    coordinator: 'ok',
  },
  readAsMember: {
    outsider: F(Missing.MEMBERSHIP),
    invited: F(Missing.MEMBERSHIP),
    observer: 'ok',
    guest: 'ok',
    member: 'ok',
    coordinator: 'ok',
  },
  readAsCoordinator: {
    outsider: F(Missing.COORDINATOR),
    invited: F(Missing.COORDINATOR),
    observer: F(Missing.COORDINATOR),
    guest: F(Missing.COORDINATOR),
    member: F(Missing.COORDINATOR),
    coordinator: 'ok',
  },
  contribute: {
    outsider: F(Missing.MEMBERSHIP),
    invited: F(Missing.MEMBERSHIP),
    observer: F(Missing.CONTRIBUTOR),
    guest: 'ok',
    member: 'ok',
    coordinator: 'ok',
  },
  actForOrganisation: {
    outsider: F(Missing.MEMBERSHIP),
    invited: F(Missing.MEMBERSHIP),
    observer: F(Missing.CONTRIBUTOR),
    guest: F(Missing.ORGANISATION_MEMBER),
    member: 'ok',
    coordinator: 'ok',
  },
  coordinate: {
    outsider: F(Missing.COORDINATOR),
    invited: F(Missing.COORDINATOR),
    observer: F(Missing.COORDINATOR),
    guest: F(Missing.COORDINATOR),
    member: F(Missing.COORDINATOR),
    coordinator: 'ok',
  },
  change: { outsider: 'ok', invited: 'ok', observer: 'ok', guest: 'ok', member: 'ok', coordinator: 'ok' },
};
const READS: GroupAction[] = ['read', 'readAsMember', 'readAsCoordinator'];

describe('group policy', () => {
  const a = actor();
  it('covers every action of the policy', () => {
    expect(Object.keys(TABLE).sort()).toEqual(Object.keys(groupPolicy.rules).sort());
  });

  for (const [action, byRole] of Object.entries(TABLE) as [GroupAction, Record<Role, string>][]) {
    it(`${action}: per role, in an active and an archived group`, () => {
      for (const [role, expected] of Object.entries(byRole) as [Role, string][]) {
        const membership = ROLES[role];
        expect([role, outcome(groupPolicy.check(a, action, { group: group(GroupStatus.ACTIVE), membership }))]).toEqual(
          [role, expected],
        );
        // Archiving closes every change to everyone the role rule let through; reads stay open.
        const archived = expected === 'ok' && !READS.includes(action) ? ARCHIVED : expected;
        expect([
          role,
          outcome(groupPolicy.check(a, action, { group: group(GroupStatus.ARCHIVED), membership })),
        ]).toEqual([role, archived]);
      }
    });
  }

  it('lets every public authority see a listed group, and no supplier', () => {
    const listed = group(GroupStatus.ACTIVE, GroupVisibility.LISTED);
    expect(groupPolicy.can(actor(OrganisationKind.COUNTY), 'read', { group: listed, membership: null })).toBe(true);
    expect(groupPolicy.can(actor(OrganisationKind.SUPPLIER), 'read', { group: listed, membership: null })).toBe(false);
  });

  it('refuses with the API error of its kind and the missing key', () => {
    const attempt = () =>
      groupPolicy.authorize(a, 'coordinate', { group: group(GroupStatus.ACTIVE), membership: ROLES.member }, 'invite');
    expect(attempt).toThrow(
      expect.objectContaining({ extensions: { code: 'FORBIDDEN', missing: [Missing.COORDINATOR] } }),
    );
  });
});
