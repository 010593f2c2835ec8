import { describe, expect, it } from 'vitest';
import { Missing } from '../../server/auth/policy.js';
import { GroupStatus, GroupVisibility } from '../../server/modules/groups/group.entity.js';
import { groupPolicy, type GroupAction } from '../../server/modules/groups/group.policy.js';
import { OrganisationKind } from '../../server/modules/organisations/organisation.entity.js';
import { actor, outcome } from './actors.js';
import { F, group, only, PLACES, walkTable } from './group-subjects.js';

const { outsider, invited, observer, guest, member, coordinator } = PLACES;
const ROLES = { outsider, invited, observer, guest, member, coordinator };
type Role = keyof typeof ROLES;
const COORDINATORS = only(Object.keys(ROLES) as Role[], ['coordinator'], F(Missing.COORDINATOR));

/** Each action's expected answer per role in an active group; in an archived group, changes become ARCHIVED. */
const TABLE: Record<GroupAction, Record<Role, string>> = {
  form: { outsider: 'ok', invited: 'ok', observer: 'ok', guest: 'ok', member: 'ok', coordinator: 'ok' },
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
  readAsCoordinator: COORDINATORS,
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
  coordinate: COORDINATORS,
  setStatus: COORDINATORS,
  change: { outsider: 'ok', invited: 'ok', observer: 'ok', guest: 'ok', member: 'ok', coordinator: 'ok' },
};

describe('group policy', () => {
  const a = actor();
  walkTable({
    policy: groupPolicy,
    actor: a,
    table: TABLE,
    subject: (role, status) => ({ group: group(status), membership: ROLES[role] }),
    // Reads stay open in an archived group; so do forming a new group and reactivating this one.
    openWhenArchived: ['read', 'readAsMember', 'readAsCoordinator', 'form', 'setStatus'],
  });

  it('lets every public authority see a listed group, and no supplier', () => {
    const listed = group(GroupStatus.ACTIVE, GroupVisibility.LISTED);
    expect(groupPolicy.can(actor(OrganisationKind.COUNTY), 'read', { group: listed, membership: null })).toBe(true);
    expect(groupPolicy.can(actor(OrganisationKind.SUPPLIER), 'read', { group: listed, membership: null })).toBe(false);
  });

  it('lets public authorities form groups, and no supplier', () => {
    const forming = { group: group(GroupStatus.FORMING), membership: null };
    expect(outcome(groupPolicy.check(actor(OrganisationKind.STATE_AGENCY), 'form', forming))).toBe('ok');
    expect(outcome(groupPolicy.check(actor(OrganisationKind.SUPPLIER), 'form', forming))).toBe(F(Missing.AUTHORITY));
  });

  it('refuses with the API error of its kind and the missing key', () => {
    const attempt = () =>
      groupPolicy.authorize(a, 'coordinate', { group: group(GroupStatus.ACTIVE), membership: member }, 'invite');
    expect(attempt).toThrow(
      expect.objectContaining({ extensions: { code: 'FORBIDDEN', missing: [Missing.COORDINATOR] } }),
    );
  });
});
