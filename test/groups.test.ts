import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FocusArea, GroupStatus, GroupVisibility, type BuyerGroup } from '../server/modules/groups/group.entity.js';
import { MembershipRole, MembershipStatus } from '../server/modules/groups/membership.entity.js';
import { OrganisationKind } from '../server/modules/organisations/organisation.entity.js';
import { GraphQLClient } from './support/client.js';
import { norwegianOrgNumber, type TestUser } from './support/factories.js';
import { startTestServer, type TestServer } from './support/server.js';
import { REGISTER as REGISTER_ACCOUNT, RESET, registerAndVerify, tokenFromMail } from './support/accounts.js';

const MEMBERSHIP = `id role status joinedAt message organisation { id name } group { id }`;

const CREATE = `mutation($input: CreateBuyerGroupInput!) {
  createBuyerGroup(input: $input) {
    id name description focusArea cpvCodes visibility status createdBy { id }
    viewerMembership { role status joinedAt organisation { id } }
    memberships { totalCount nodes { role status joinedAt organisation { id } } }
  }
}`;
const UPDATE = `mutation($id: ID!, $input: UpdateBuyerGroupInput!) {
  updateBuyerGroup(id: $id, input: $input) { id name description focusArea cpvCodes visibility status }
}`;
const GROUP = `query($id: ID!) {
  buyerGroup(id: $id) { id name visibility status viewerMembership { role status } }
}`;
const GROUPS = `query($scope: GroupScope, $search: String, $focusArea: FocusArea, $first: Int, $after: String) {
  buyerGroups(scope: $scope, search: $search, focusArea: $focusArea, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { id name viewerMembership { status } }
  }
}`;
const MEMBERSHIPS = `query($id: ID!, $status: [MembershipStatus!], $first: Int, $after: String) {
  buyerGroup(id: $id) {
    memberships(status: $status, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor }
      nodes { id role status organisation { id name kind } group { id name } }
    }
  }
}`;
const INVITE = `mutation($input: InviteOrganisationInput!) { inviteOrganisation(input: $input) { ${MEMBERSHIP} } }`;
const ACCEPT = `mutation($groupId: ID!) { acceptInvitation(groupId: $groupId) { ${MEMBERSHIP} } }`;
const DECLINE = `mutation($groupId: ID!) { declineInvitation(groupId: $groupId) { ${MEMBERSHIP} } }`;
const REQUEST = `mutation($input: RequestToJoinInput!) { requestToJoin(input: $input) { ${MEMBERSHIP} } }`;
const APPROVE = `mutation($input: ApproveJoinRequestInput!) { approveJoinRequest(input: $input) { ${MEMBERSHIP} } }`;
const DECLINE_REQUEST = `mutation($input: MemberInput!) { declineJoinRequest(input: $input) { ${MEMBERSHIP} } }`;
const CHANGE_ROLE = `mutation($input: ChangeMemberRoleInput!) { changeMemberRole(input: $input) { ${MEMBERSHIP} } }`;
const REMOVE = `mutation($input: MemberInput!) { removeMember(input: $input) { ${MEMBERSHIP} } }`;
const LEAVE = `mutation($groupId: ID!) { leaveGroup(groupId: $groupId) { ${MEMBERSHIP} } }`;
const CREATE_NEED = `mutation($input: CreateSharedNeedInput!) { createSharedNeed(input: $input) { id title status } }`;

const hex = () => randomBytes(3).toString('hex');
const ids = (nodes: { id: string }[]) => nodes.map((n) => n.id);

interface MembershipRow {
  role: MembershipRole;
  status: MembershipStatus;
  joined_at: Date | null;
}

let s: TestServer;

beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.close());

/** A user of a new municipality that coordinates a new group (LISTED and ACTIVE unless overridden). */
async function coordinatedGroup(overrides: Partial<BuyerGroup> = {}) {
  const coordinator = await s.factories.user();
  const group = await s.factories.group(coordinator.organisation, overrides);
  return { coordinator, group };
}

/** A user of a new municipality whose organisation has the given place in the group. */
async function memberOf(group: BuyerGroup, role = MembershipRole.MEMBER, status = MembershipStatus.ACTIVE) {
  const user = await s.factories.user();
  await s.factories.membership(group, user.organisation, role, status);
  return user;
}

async function supplierUser(): Promise<TestUser> {
  const organisation = await s.factories.organisation({
    kind: OrganisationKind.SUPPLIER,
    name: `Leverandør ${hex()} AS`,
  });
  return s.factories.user({ organisation });
}

/** The stored membership row (for checking what a refused or concurrent change left behind). */
async function membershipRow(groupId: string, organisationId: string): Promise<MembershipRow | undefined> {
  const rows: MembershipRow[] = await s.db.query(
    'SELECT role, status, joined_at FROM membership WHERE group_id = $1 AND organisation_id = $2',
    [groupId, organisationId],
  );
  return rows[0];
}

async function activeCoordinators(groupId: string): Promise<number> {
  const [{ n }] = await s.db.query(
    `SELECT count(*)::int AS n FROM membership WHERE group_id = $1 AND role = 'COORDINATOR' AND status = 'ACTIVE'`,
    [groupId],
  );
  return n;
}

describe('createBuyerGroup', () => {
  const input = (overrides: Record<string, unknown> = {}) => ({
    name: `Velferdsteknologi Trøndelag ${hex()}`,
    focusArea: 'WELFARE_TECHNOLOGY',
    ...overrides,
  });

  it('refuses anonymous callers', async () => {
    expect((await s.anon.fails(CREATE, { input: input() })).code).toBe('UNAUTHENTICATED');
  });

  it('refuses users of suppliers', async () => {
    const supplier = await supplierUser();
    const err = await supplier.client.fails(CREATE, { input: input() });
    expect(err.code).toBe('FORBIDDEN');
  });

  it("makes the creator's organisation its active coordinator, forming and unlisted by default", async () => {
    const creator = await s.factories.user();
    const { createBuyerGroup: group } = await creator.client.ok(CREATE, {
      input: input({ name: '  Utslippsfri transport  ', description: ' Felles behov. ', focusArea: 'TRANSPORT' }),
    });
    expect(group).toMatchObject({
      name: 'Utslippsfri transport',
      description: 'Felles behov.',
      focusArea: 'TRANSPORT',
      cpvCodes: [],
      visibility: 'UNLISTED',
      status: 'FORMING',
      createdBy: { id: creator.organisation.id },
      viewerMembership: { role: 'COORDINATOR', status: 'ACTIVE', organisation: { id: creator.organisation.id } },
    });
    expect(group.viewerMembership.joinedAt).toEqual(expect.any(String));
    expect(group.memberships.totalCount).toBe(1);
    expect(group.memberships.nodes).toEqual([group.viewerMembership]);

    const { buyerGroups } = await creator.client.ok(GROUPS, { scope: 'MINE' });
    expect(ids(buyerGroups.nodes)).toEqual([group.id]);
  });

  it('stores CPV codes as 8 digits, with or without the check digit, without duplicates', async () => {
    const creator = await s.factories.user();
    const { createBuyerGroup: group } = await creator.client.ok(CREATE, {
      input: input({ cpvCodes: ['34144900-7', ' 34144900 ', '48000000', '48000000-8', '33196200-2'] }),
    });
    expect(group.cpvCodes).toEqual(['34144900', '48000000', '33196200']);
  });

  it.each(['1234', '12345678-12', 'abcdefgh', '1234567-8', '123456789', '34144900-'])(
    'refuses the malformed CPV code %j, naming its index',
    async (code) => {
      const creator = await s.factories.user();
      const err = await creator.client.fails(CREATE, { input: input({ cpvCodes: ['34144900', code] }) });
      expect([err.code, err.extensions.field, err.extensions.rule]).toEqual([
        'BAD_USER_INPUT',
        'input.cpvCodes[1]',
        'cpvCode',
      ]);
    },
  );

  it.each([
    ['an empty', ''],
    ['a blank', ' \t '],
  ])('refuses %s name', async (_, name) => {
    const creator = await s.factories.user();
    const err = await creator.client.fails(CREATE, { input: input({ name }) });
    expect([err.code, err.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.name']);
  });

  it('refuses a name over 200 and a description over 20,000 characters, and accepts both limits', async () => {
    const creator = await s.factories.user();
    let err = await creator.client.fails(CREATE, { input: input({ name: 'n'.repeat(201) }) });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual([
      'BAD_USER_INPUT',
      'input.name',
      'maxLength',
    ]);
    err = await creator.client.fails(CREATE, { input: input({ description: 'd'.repeat(20001) }) });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual([
      'BAD_USER_INPUT',
      'input.description',
      'maxLength',
    ]);
    const { createBuyerGroup: group } = await creator.client.ok(CREATE, {
      input: input({ name: 'n'.repeat(200), description: 'd'.repeat(20000) }),
    });
    expect(group.name).toHaveLength(200);
  });

  it('writes nothing when it refuses', async () => {
    const creator = await s.factories.user();
    const supplier = await supplierUser();
    const name = `Refused ${hex()}`;
    await supplier.client.fails(CREATE, { input: input({ name }) });
    await creator.client.fails(CREATE, { input: input({ name, cpvCodes: ['34144900', 'x'] }) });
    await creator.client.fails(CREATE, { input: input({ name, description: 'd'.repeat(20001) }) });
    await creator.client.fails(CREATE, { input: input({ name: '   ' }) });

    for (const user of [creator, supplier]) {
      const { buyerGroups } = await user.client.ok(GROUPS, { scope: 'MINE' });
      expect(buyerGroups.totalCount).toBe(0);
    }
    const [groups] = await s.db.query('SELECT count(*)::int AS n FROM buyer_group WHERE name = $1', [name]);
    expect(groups.n).toBe(0);
    const [memberships] = await s.db.query(
      'SELECT count(*)::int AS n FROM membership WHERE organisation_id = ANY($1)',
      [[creator.organisation.id, supplier.organisation.id]],
    );
    expect(memberships.n).toBe(0);
  });
});

describe('updateBuyerGroup', () => {
  it('refuses anonymous callers', async () => {
    const { group } = await coordinatedGroup();
    expect((await s.anon.fails(UPDATE, { id: group.id, input: { name: 'X' } })).code).toBe('UNAUTHENTICATED');
  });

  it('refuses everyone but active coordinators', async () => {
    const { group } = await coordinatedGroup();
    const member = await memberOf(group);
    const observer = await memberOf(group, MembershipRole.OBSERVER);
    const invitedCoordinator = await memberOf(group, MembershipRole.COORDINATOR, MembershipStatus.INVITED);
    const outsider = await s.factories.user();
    for (const user of [member, observer, invitedCoordinator, outsider]) {
      const err = await user.client.fails(UPDATE, { id: group.id, input: { name: 'Kapret' } });
      expect(err.code).toBe('FORBIDDEN');
    }
    const { buyerGroup } = await member.client.ok(GROUP, { id: group.id });
    expect(buyerGroup.name).toBe(group.name);
  });

  it('lets a coordinator change the content, normalising CPV codes', async () => {
    const { coordinator, group } = await coordinatedGroup();
    const { updateBuyerGroup: updated } = await coordinator.client.ok(UPDATE, {
      id: group.id,
      input: {
        name: ' Helse og omsorg ',
        description: 'Nytt mandat',
        focusArea: 'HEALTH_AND_CARE',
        cpvCodes: ['33196200-2', '33196200'],
        visibility: 'UNLISTED',
      },
    });
    expect(updated).toMatchObject({
      name: 'Helse og omsorg',
      description: 'Nytt mandat',
      focusArea: 'HEALTH_AND_CARE',
      cpvCodes: ['33196200'],
      visibility: 'UNLISTED',
      status: 'ACTIVE',
    });
  });

  it('moves a forming group to ACTIVE, and refuses to move it back with what is missing', async () => {
    const { coordinator, group } = await coordinatedGroup({ status: GroupStatus.FORMING });
    const { updateBuyerGroup: active } = await coordinator.client.ok(UPDATE, {
      id: group.id,
      input: { status: 'ACTIVE' },
    });
    expect(active.status).toBe('ACTIVE');
    const err = await coordinator.client.fails(UPDATE, { id: group.id, input: { status: 'FORMING' } });
    expect(err.code).toBe('INVALID_STATE');
    expect(err.extensions.missing).toEqual([expect.any(String)]);
    expect((await coordinator.client.ok(GROUP, { id: group.id })).buyerGroup.status).toBe('ACTIVE');
  });

  it('refuses blank names and malformed CPV codes, changing nothing', async () => {
    const { coordinator, group } = await coordinatedGroup();
    let err = await coordinator.client.fails(UPDATE, { id: group.id, input: { name: ' ' } });
    expect([err.code, err.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.name']);
    err = await coordinator.client.fails(UPDATE, { id: group.id, input: { name: 'Ny', cpvCodes: ['3414490'] } });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual([
      'BAD_USER_INPUT',
      'input.cpvCodes[0]',
      'cpvCode',
    ]);
    err = await coordinator.client.fails(UPDATE, { id: group.id, input: { description: 'd'.repeat(20001) } });
    expect([err.code, err.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.description']);
    expect((await coordinator.client.ok(GROUP, { id: group.id })).buyerGroup.name).toBe(group.name);
  });

  it('answers NOT_FOUND for unknown and malformed ids', async () => {
    const { coordinator } = await coordinatedGroup();
    for (const id of [randomUUID(), 'not-a-uuid']) {
      expect((await coordinator.client.fails(UPDATE, { id, input: { name: 'X' } })).code).toBe('NOT_FOUND');
    }
  });
});

describe('archived groups', () => {
  let coordinator: TestUser;
  let member: TestUser;
  let invited: TestUser;
  let outsider: TestUser;
  let group: BuyerGroup;

  beforeAll(async () => {
    ({ coordinator, group } = await coordinatedGroup({ status: GroupStatus.ARCHIVED }));
    member = await memberOf(group);
    invited = await memberOf(group, MembershipRole.MEMBER, MembershipStatus.INVITED);
    outsider = await s.factories.user();
  });

  it('stay readable', async () => {
    const { buyerGroup } = await member.client.ok(GROUP, { id: group.id });
    expect(buyerGroup.status).toBe('ARCHIVED');
  });

  it.each([
    ['a content change', () => coordinator, UPDATE, () => ({ id: group.id, input: { name: 'Endret' } })],
    [
      'an invitation',
      () => coordinator,
      INVITE,
      () => ({ input: { groupId: group.id, organisationId: outsider.organisation.id } }),
    ],
    ['accepting an invitation', () => invited, ACCEPT, () => ({ groupId: group.id })],
    ['declining an invitation', () => invited, DECLINE, () => ({ groupId: group.id })],
    ['a join request', () => outsider, REQUEST, () => ({ input: { groupId: group.id } })],
    [
      'a role change',
      () => coordinator,
      CHANGE_ROLE,
      () => ({ input: { groupId: group.id, organisationId: member.organisation.id, role: 'OBSERVER' } }),
    ],
    [
      'a removal',
      () => coordinator,
      REMOVE,
      () => ({ input: { groupId: group.id, organisationId: member.organisation.id } }),
    ],
    ['leaving', () => member, LEAVE, () => ({ groupId: group.id })],
    [
      'a new need',
      () => member,
      CREATE_NEED,
      () => ({ input: { groupId: group.id, title: 'Behov', problem: 'Problem' } }),
    ],
  ])('refuse %s with INVALID_STATE', async (_, who, query, variables) => {
    const err = await who().client.fails(query, variables());
    expect(err.code).toBe('INVALID_STATE');
    // One rule, one key, whatever the change (group.policy's requireWritable).
    expect(err.extensions.missing).toEqual(['group status ACTIVE']);
  });

  it('changed nothing while archived', async () => {
    expect((await member.client.ok(GROUP, { id: group.id })).buyerGroup.name).toBe(group.name);
    expect(await membershipRow(group.id, member.organisation.id)).toMatchObject({ role: 'MEMBER', status: 'ACTIVE' });
    expect(await membershipRow(group.id, invited.organisation.id)).toMatchObject({ status: 'INVITED' });
    expect(await membershipRow(group.id, outsider.organisation.id)).toBeUndefined();
  });

  it('refuses reactivation by a member and any move but back to ACTIVE', async () => {
    expect((await member.client.fails(UPDATE, { id: group.id, input: { status: 'ACTIVE' } })).code).toBe('FORBIDDEN');
    const err = await coordinator.client.fails(UPDATE, { id: group.id, input: { status: 'FORMING' } });
    expect(err.code).toBe('INVALID_STATE');
  });

  it('can be reactivated by a coordinator, and then changes again', async () => {
    const { updateBuyerGroup } = await coordinator.client.ok(UPDATE, { id: group.id, input: { status: 'ACTIVE' } });
    expect(updateBuyerGroup.status).toBe('ACTIVE');
    const renamed = await coordinator.client.ok(UPDATE, { id: group.id, input: { name: 'Gjenopplivet' } });
    expect(renamed.updateBuyerGroup.name).toBe('Gjenopplivet');
    const { acceptInvitation } = await invited.client.ok(ACCEPT, { groupId: group.id });
    expect(acceptInvitation.status).toBe('ACTIVE');
  });
});

describe('buyerGroup and buyerGroups visibility', () => {
  const prefix = `Synlighet ${hex()}`;
  let coordinator: TestUser;
  let outsider: TestUser;
  let invited: TestUser;
  let former: TestUser;
  let supplier: TestUser;
  let listed: BuyerGroup;
  let unlisted: BuyerGroup;

  beforeAll(async () => {
    coordinator = await s.factories.user();
    listed = await s.factories.group(coordinator.organisation, {
      name: `${prefix} Listed`,
      visibility: GroupVisibility.LISTED,
    });
    unlisted = await s.factories.group(coordinator.organisation, {
      name: `${prefix} Unlisted`,
      visibility: GroupVisibility.UNLISTED,
      focusArea: FocusArea.ENERGY,
    });
    outsider = await s.factories.user();
    invited = await memberOf(unlisted, MembershipRole.MEMBER, MembershipStatus.INVITED);
    former = await memberOf(unlisted, MembershipRole.MEMBER, MembershipStatus.LEFT);
    supplier = await supplierUser();
  });

  const names = async (user: TestUser, variables: Record<string, unknown>) =>
    (await user.client.ok(GROUPS, { first: 100, ...variables })).buyerGroups.nodes.map((g: { name: string }) => g.name);

  it('refuses anonymous callers', async () => {
    expect((await s.anon.fails(GROUP, { id: listed.id })).code).toBe('UNAUTHENTICATED');
    expect((await s.anon.fails(GROUPS)).code).toBe('UNAUTHENTICATED');
  });

  it('hides every group from suppliers, listed ones included', async () => {
    expect((await supplier.client.fails(GROUP, { id: listed.id })).code).toBe('NOT_FOUND');
    for (const scope of ['VISIBLE', 'LISTED', 'MINE']) {
      expect(await names(supplier, { scope, search: prefix })).toEqual([]);
    }
  });

  it('shows listed groups to every authority', async () => {
    const { buyerGroup } = await outsider.client.ok(GROUP, { id: listed.id });
    expect(buyerGroup).toMatchObject({ id: listed.id, visibility: 'LISTED', viewerMembership: null });
    expect(await names(outsider, { scope: 'LISTED', search: prefix })).toEqual([listed.name]);
    expect(await names(outsider, { scope: 'VISIBLE', search: prefix })).toEqual([listed.name]);
    expect(await names(outsider, { scope: 'MINE', search: prefix })).toEqual([]);
  });

  it('hides unlisted groups from outsiders exactly like groups that do not exist', async () => {
    for (const user of [outsider, former, supplier]) {
      const hidden = await user.client.fails(GROUP, { id: unlisted.id });
      const missingId = randomUUID();
      const missing = await user.client.fails(GROUP, { id: missingId });
      expect(hidden.code).toBe('NOT_FOUND');
      expect(hidden.message).not.toContain(unlisted.name);
      expect(hidden.message.replace(unlisted.id, '<id>')).toBe(missing.message.replace(missingId, '<id>'));
      expect(hidden.extensions).toEqual(missing.extensions);
    }
  });

  it('keeps unlisted groups out of outsiders’ lists and searches', async () => {
    for (const user of [outsider, former]) {
      for (const scope of ['VISIBLE', 'LISTED', 'MINE']) {
        expect(await names(user, { scope, search: unlisted.name })).toEqual([]);
        expect(await names(user, { scope })).not.toContain(unlisted.name);
      }
    }
  });

  it('shows an unlisted group to the organisation invited to it', async () => {
    const { buyerGroup } = await invited.client.ok(GROUP, { id: unlisted.id });
    expect(buyerGroup.viewerMembership).toEqual({ role: 'MEMBER', status: 'INVITED' });
    expect(await names(invited, { scope: 'MINE', search: prefix })).toEqual([unlisted.name]);
    expect(await names(invited, { scope: 'VISIBLE', search: prefix })).toEqual([listed.name, unlisted.name]);
    expect(await names(invited, { scope: 'LISTED', search: prefix })).toEqual([listed.name]);
  });

  it('filters by scope for members', async () => {
    expect(await names(coordinator, { scope: 'MINE' })).toEqual([listed.name, unlisted.name]);
    expect(await names(coordinator, { scope: 'LISTED', search: prefix })).toEqual([listed.name]);
    expect(await names(coordinator, { scope: 'VISIBLE', search: prefix })).toEqual([listed.name, unlisted.name]);
  });

  it('searches names case-insensitively, taking wildcards literally, and filters by focus area', async () => {
    expect(await names(coordinator, { search: prefix.toUpperCase() })).toEqual([listed.name, unlisted.name]);
    expect(await names(coordinator, { search: ` ${prefix.toLowerCase()} unl` })).toEqual([unlisted.name]);
    expect(await names(coordinator, { search: `${prefix}%` })).toEqual([]);
    expect(await names(coordinator, { search: prefix.replace(' ', '_') })).toEqual([]);
    expect(await names(coordinator, { search: prefix, focusArea: 'ENERGY' })).toEqual([unlisted.name]);
  });

  it('answers NOT_FOUND for malformed ids', async () => {
    expect((await coordinator.client.fails(GROUP, { id: 'not-a-uuid' })).code).toBe('NOT_FOUND');
  });
});

describe('buyerGroups paging', () => {
  const prefix = `Paging ${hex()}`;
  let viewer: TestUser;

  beforeAll(async () => {
    viewer = await s.factories.user();
    const coordinator = await s.factories.organisation();
    for (const name of ['Åfjord', 'agder', 'Bodø', 'Ørland', 'Meldal', 'bærum', 'Oslo']) {
      await s.factories.group(coordinator, { name: `${prefix} ${name}` });
    }
  });

  it('pages by name with cursors, without gaps or repeats', async () => {
    const all = (await viewer.client.ok(GROUPS, { search: prefix, first: 100 })).buyerGroups;
    expect(all.totalCount).toBe(7);
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page: any = (await viewer.client.ok(GROUPS, { search: prefix, first: 2, after })).buyerGroups;
      expect(page.totalCount).toBe(7);
      expect(page.nodes.length).toBeLessThanOrEqual(2);
      seen.push(...ids(page.nodes));
      pages++;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBe(4);
    expect(seen).toEqual(ids(all.nodes));
  });

  it('pages without repeats or gaps when JavaScript and PostgreSQL lower-case a name differently', async () => {
    // JavaScript lower-cases the capital sigma ending 'ΟΔΟΣ' to the final form 'ς', PostgreSQL to 'σ';
    // the dotted capital 'İ' becomes 'i' + U+0307 in JavaScript, 'i' in PostgreSQL.
    const unusual = `Unicode ${hex()}`;
    const coordinator = await s.factories.organisation();
    for (const name of ['ΟΔΟΣ', 'ΟΔΟΣ Β', 'İzmir', 'İzmir B']) {
      await s.factories.group(coordinator, { name: `${unusual} ${name}` });
    }
    const all = (await viewer.client.ok(GROUPS, { search: unusual, first: 100 })).buyerGroups;
    expect(all.totalCount).toBe(4);
    const seen: string[] = [];
    let after: string | null = null;
    // Bounded: a cursor that does not move on would otherwise page forever.
    for (let pages = 0; pages < 8; pages++) {
      const page: any = (await viewer.client.ok(GROUPS, { search: unusual, first: 1, after })).buyerGroups;
      seen.push(...ids(page.nodes));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(ids(all.nodes));
  });

  it('refuses a page size out of range and a forged cursor', async () => {
    let err = await viewer.client.fails(GROUPS, { first: 0 });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual(['BAD_USER_INPUT', 'first', 'min']);
    err = await viewer.client.fails(GROUPS, { first: 101 });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual(['BAD_USER_INPUT', 'first', 'max']);
    err = await viewer.client.fails(GROUPS, { after: 'bm90LWEtY3Vyc29y' });
    expect([err.code, err.extensions.field]).toEqual(['BAD_USER_INPUT', 'after']);
  });
});

describe('outsiders and unlisted groups', () => {
  let coordinator: TestUser;
  let member: TestUser;
  let outsider: TestUser;
  let former: TestUser;
  let group: BuyerGroup;

  beforeAll(async () => {
    ({ coordinator, group } = await coordinatedGroup({
      name: `Hemmelig gruppe ${hex()}`,
      visibility: GroupVisibility.UNLISTED,
    }));
    member = await memberOf(group);
    outsider = await s.factories.user();
    former = await memberOf(group, MembershipRole.COORDINATOR, MembershipStatus.LEFT);
  });

  const operations: [string, string, (groupId: string, outsider: TestUser) => Record<string, unknown>][] = [
    ['buyerGroup', GROUP, (id) => ({ id })],
    ['updateBuyerGroup', UPDATE, (id) => ({ id, input: { name: 'Kapret' } })],
    ['inviteOrganisation', INVITE, (groupId, u) => ({ input: { groupId, organisationId: u.organisation.id } })],
    ['acceptInvitation', ACCEPT, (groupId) => ({ groupId })],
    ['declineInvitation', DECLINE, (groupId) => ({ groupId })],
    ['requestToJoin', REQUEST, (groupId) => ({ input: { groupId, message: 'Slipp oss inn' } })],
    ['approveJoinRequest', APPROVE, (groupId, u) => ({ input: { groupId, organisationId: u.organisation.id } })],
    [
      'declineJoinRequest',
      DECLINE_REQUEST,
      (groupId, u) => ({ input: { groupId, organisationId: u.organisation.id } }),
    ],
    [
      'changeMemberRole',
      CHANGE_ROLE,
      (groupId) => ({ input: { groupId, organisationId: member.organisation.id, role: 'COORDINATOR' } }),
    ],
    ['removeMember', REMOVE, (groupId) => ({ input: { groupId, organisationId: coordinator.organisation.id } })],
    ['leaveGroup', LEAVE, (groupId) => ({ groupId })],
    ['createSharedNeed', CREATE_NEED, (groupId) => ({ input: { groupId, title: 'Behov', problem: 'Et problem' } })],
  ];

  describe.each([
    ['an authority outside the group', () => outsider],
    ['a former member', () => former],
  ])('for %s', (_, who) => {
    it.each(operations)('%s answers NOT_FOUND, as for a group that does not exist', async (_, query, variables) => {
      const user = who();
      const err = await user.client.fails(query, variables(group.id, user));
      expect(err.code).toBe('NOT_FOUND');
      expect(err.message).not.toContain(group.name);
      const missingId = randomUUID();
      const missing = await user.client.fails(query, variables(missingId, user));
      expect(missing.code).toBe('NOT_FOUND');
      expect(err.message.replace(group.id, '<id>')).toBe(missing.message.replace(missingId, '<id>'));
    });
  });

  it('left the group as it was', async () => {
    const { buyerGroup } = await coordinator.client.ok(MEMBERSHIPS, {
      id: group.id,
      status: ['ACTIVE', 'INVITED', 'REQUESTED', 'LEFT'],
    });
    const byOrg = Object.fromEntries(
      buyerGroup.memberships.nodes.map((m: any) => [m.organisation.id, `${m.role}/${m.status}`]),
    );
    expect(byOrg).toEqual({
      [coordinator.organisation.id]: 'COORDINATOR/ACTIVE',
      [member.organisation.id]: 'MEMBER/ACTIVE',
      [former.organisation.id]: 'COORDINATOR/LEFT',
    });
    expect(buyerGroup.memberships.nodes.every((m: any) => m.group.name === group.name)).toBe(true);
    const [needs] = await s.db.query('SELECT count(*)::int AS n FROM shared_need WHERE group_id = $1', [group.id]);
    expect(needs.n).toBe(0);
  });
});

describe('inviteOrganisation', () => {
  it('refuses anonymous callers', async () => {
    const { group } = await coordinatedGroup();
    const invitee = await s.factories.organisation();
    const err = await s.anon.fails(INVITE, { input: { groupId: group.id, organisationId: invitee.id } });
    expect(err.code).toBe('UNAUTHENTICATED');
  });

  it('refuses members, observers and outsiders of a listed group', async () => {
    const { group } = await coordinatedGroup();
    const invitee = await s.factories.organisation();
    for (const user of [
      await memberOf(group),
      await memberOf(group, MembershipRole.OBSERVER),
      await s.factories.user(),
    ]) {
      const err = await user.client.fails(INVITE, { input: { groupId: group.id, organisationId: invitee.id } });
      expect(err.code).toBe('FORBIDDEN');
    }
    expect(await membershipRow(group.id, invitee.id)).toBeUndefined();
  });

  it('invites an authority, which then sees the unlisted group', async () => {
    const { coordinator, group } = await coordinatedGroup({ visibility: GroupVisibility.UNLISTED });
    const invitee = await s.factories.user();
    expect((await invitee.client.fails(GROUP, { id: group.id })).code).toBe('NOT_FOUND');

    const { inviteOrganisation: m } = await coordinator.client.ok(INVITE, {
      input: {
        groupId: group.id,
        organisationId: invitee.organisation.id,
        role: 'OBSERVER',
        message: '  Velkommen!  ',
      },
    });
    expect(m).toMatchObject({
      role: 'OBSERVER',
      status: 'INVITED',
      joinedAt: null,
      message: 'Velkommen!',
      organisation: { id: invitee.organisation.id, name: invitee.organisation.name },
      group: { id: group.id },
    });
    const { buyerGroup } = await invitee.client.ok(GROUP, { id: group.id });
    expect(buyerGroup.viewerMembership).toEqual({ role: 'OBSERVER', status: 'INVITED' });
  });

  it('invites as MEMBER by default', async () => {
    const { coordinator, group } = await coordinatedGroup();
    const invitee = await s.factories.organisation();
    const { inviteOrganisation } = await coordinator.client.ok(INVITE, {
      input: { groupId: group.id, organisationId: invitee.id },
    });
    expect(inviteOrganisation).toMatchObject({ role: 'MEMBER', status: 'INVITED', message: null });
  });

  it('admits an organisation that asked to join', async () => {
    const { coordinator, group } = await coordinatedGroup();
    const asker = await memberOf(group, MembershipRole.MEMBER, MembershipStatus.REQUESTED);
    const { inviteOrganisation } = await coordinator.client.ok(INVITE, {
      input: { groupId: group.id, organisationId: asker.organisation.id },
    });
    expect(inviteOrganisation).toMatchObject({ status: 'ACTIVE', joinedAt: expect.any(String) });
  });

  it('invites again an organisation that left, and it can accept', async () => {
    const { coordinator, group } = await coordinatedGroup({ visibility: GroupVisibility.UNLISTED });
    const former = await memberOf(group, MembershipRole.MEMBER, MembershipStatus.LEFT);
    const { inviteOrganisation } = await coordinator.client.ok(INVITE, {
      input: { groupId: group.id, organisationId: former.organisation.id },
    });
    expect(inviteOrganisation.status).toBe('INVITED');
    const { acceptInvitation } = await former.client.ok(ACCEPT, { groupId: group.id });
    expect(acceptInvitation).toMatchObject({ status: 'ACTIVE', joinedAt: expect.any(String) });
  });

  it('refuses suppliers and unknown organisations, naming input.organisationId', async () => {
    const { coordinator, group } = await coordinatedGroup();
    const supplier = await supplierUser();
    let err = await coordinator.client.fails(INVITE, {
      input: { groupId: group.id, organisationId: supplier.organisation.id },
    });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual([
      'BAD_USER_INPUT',
      'input.organisationId',
      'authority',
    ]);
    for (const organisationId of [randomUUID(), 'not-a-uuid']) {
      err = await coordinator.client.fails(INVITE, { input: { groupId: group.id, organisationId } });
      expect([err.code, err.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.organisationId']);
    }
    expect(await membershipRow(group.id, supplier.organisation.id)).toBeUndefined();
  });

  it('refuses a message over 1,000 characters', async () => {
    const { coordinator, group } = await coordinatedGroup();
    const invitee = await s.factories.organisation();
    const err = await coordinator.client.fails(INVITE, {
      input: { groupId: group.id, organisationId: invitee.id, message: 'm'.repeat(1001) },
    });
    expect([err.code, err.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.message']);
  });

  it('answers CONFLICT for organisations already active or already invited', async () => {
    const { coordinator, group } = await coordinatedGroup();
    const active = await memberOf(group);
    const invited = await memberOf(group, MembershipRole.OBSERVER, MembershipStatus.INVITED);
    for (const organisationId of [active.organisation.id, invited.organisation.id, coordinator.organisation.id]) {
      const err = await coordinator.client.fails(INVITE, {
        input: { groupId: group.id, organisationId, role: 'COORDINATOR' },
      });
      expect([err.code, err.extensions.field]).toEqual(['CONFLICT', 'input.organisationId']);
    }
    expect(await membershipRow(group.id, invited.organisation.id)).toMatchObject({
      role: 'OBSERVER',
      status: 'INVITED',
    });
    expect(await membershipRow(group.id, active.organisation.id)).toMatchObject({ role: 'MEMBER', status: 'ACTIVE' });
  });
});

describe('acceptInvitation', () => {
  it('refuses anonymous callers', async () => {
    const { group } = await coordinatedGroup();
    expect((await s.anon.fails(ACCEPT, { groupId: group.id })).code).toBe('UNAUTHENTICATED');
  });

  it('refuses organisations without an open invitation', async () => {
    const { coordinator, group } = await coordinatedGroup();
    const member = await memberOf(group);
    const asker = await memberOf(group, MembershipRole.MEMBER, MembershipStatus.REQUESTED);
    const outsider = await s.factories.user();
    for (const user of [coordinator, member, asker, outsider]) {
      const err = await user.client.fails(ACCEPT, { groupId: group.id });
      expect(err.code).toBe('INVALID_STATE');
      expect(err.extensions.missing).toEqual(['an invitation']);
    }
    expect(await membershipRow(group.id, asker.organisation.id)).toMatchObject({ status: 'REQUESTED' });
    expect(await membershipRow(group.id, outsider.organisation.id)).toBeUndefined();
  });

  it('makes the invited organisation an active member in the role it was invited to', async () => {
    const { group } = await coordinatedGroup({ visibility: GroupVisibility.UNLISTED });
    const invitee = await memberOf(group, MembershipRole.OBSERVER, MembershipStatus.INVITED);
    const { acceptInvitation } = await invitee.client.ok(ACCEPT, { groupId: group.id });
    expect(acceptInvitation).toMatchObject({
      role: 'OBSERVER',
      status: 'ACTIVE',
      joinedAt: expect.any(String),
      organisation: { id: invitee.organisation.id },
    });
    // Any user of the organisation acts for it; a second acceptance finds no invitation.
    const colleague = await s.factories.user({ organisation: invitee.organisation });
    expect((await colleague.client.fails(ACCEPT, { groupId: group.id })).code).toBe('INVALID_STATE');
  });

  it('answers NOT_FOUND for unknown and malformed group ids', async () => {
    const user = await s.factories.user();
    for (const groupId of [randomUUID(), 'not-a-uuid']) {
      expect((await user.client.fails(ACCEPT, { groupId })).code).toBe('NOT_FOUND');
    }
  });
});

describe('declineInvitation', () => {
  it('refuses anonymous callers', async () => {
    const { group } = await coordinatedGroup();
    expect((await s.anon.fails(DECLINE, { groupId: group.id })).code).toBe('UNAUTHENTICATED');
  });

  it('refuses organisations without an open invitation', async () => {
    const { coordinator, group } = await coordinatedGroup();
    const member = await memberOf(group);
    for (const user of [coordinator, member, await s.factories.user()]) {
      expect((await user.client.fails(DECLINE, { groupId: group.id })).code).toBe('INVALID_STATE');
    }
    expect(await membershipRow(group.id, member.organisation.id)).toMatchObject({ status: 'ACTIVE' });
  });

  it('marks the invitation LEFT, after which the unlisted group is hidden again', async () => {
    const { coordinator, group } = await coordinatedGroup({ visibility: GroupVisibility.UNLISTED });
    const invitee = await memberOf(group, MembershipRole.MEMBER, MembershipStatus.INVITED);
    const { declineInvitation } = await invitee.client.ok(DECLINE, { groupId: group.id });
    expect(declineInvitation).toMatchObject({ status: 'LEFT', joinedAt: null });
    expect((await invitee.client.fails(GROUP, { id: group.id })).code).toBe('NOT_FOUND');
    // The coordinator may invite it again.
    const again = await coordinator.client.ok(INVITE, {
      input: { groupId: group.id, organisationId: invitee.organisation.id },
    });
    expect(again.inviteOrganisation.status).toBe('INVITED');
  });

  it('answers NOT_FOUND for malformed group ids', async () => {
    const user = await s.factories.user();
    expect((await user.client.fails(DECLINE, { groupId: 'not-a-uuid' })).code).toBe('NOT_FOUND');
  });
});

describe('requestToJoin', () => {
  it('refuses anonymous callers', async () => {
    const { group } = await coordinatedGroup();
    expect((await s.anon.fails(REQUEST, { input: { groupId: group.id } })).code).toBe('UNAUTHENTICATED');
  });

  it('is NOT_FOUND for suppliers (who never see groups) and for unlisted groups', async () => {
    const { group: listed } = await coordinatedGroup();
    const { group: unlisted } = await coordinatedGroup({ visibility: GroupVisibility.UNLISTED });
    const supplier = await supplierUser();
    const outsider = await s.factories.user();
    expect((await supplier.client.fails(REQUEST, { input: { groupId: listed.id } })).code).toBe('NOT_FOUND');
    expect((await outsider.client.fails(REQUEST, { input: { groupId: unlisted.id } })).code).toBe('NOT_FOUND');
    expect(await membershipRow(listed.id, supplier.organisation.id)).toBeUndefined();
    expect(await membershipRow(unlisted.id, outsider.organisation.id)).toBeUndefined();
  });

  it('records a request to join a listed group, which its coordinators see', async () => {
    const { coordinator, group } = await coordinatedGroup();
    const asker = await s.factories.user();
    const { requestToJoin } = await asker.client.ok(REQUEST, {
      input: { groupId: group.id, message: ' Vi har samme behov. ' },
    });
    expect(requestToJoin).toMatchObject({
      role: 'MEMBER',
      status: 'REQUESTED',
      joinedAt: null,
      message: 'Vi har samme behov.',
      organisation: { id: asker.organisation.id },
    });
    const mine = await asker.client.ok(GROUPS, { scope: 'MINE' });
    expect(mine.buyerGroups.nodes).toEqual([
      { id: group.id, name: group.name, viewerMembership: { status: 'REQUESTED' } },
    ]);
    const { buyerGroup } = await coordinator.client.ok(MEMBERSHIPS, { id: group.id, status: ['REQUESTED'] });
    expect(buyerGroup.memberships.nodes.map((m: any) => m.organisation.id)).toEqual([asker.organisation.id]);
  });

  it('answers CONFLICT to organisations that asked already, are invited or are members', async () => {
    const { coordinator, group } = await coordinatedGroup();
    const asker = await s.factories.user();
    await asker.client.ok(REQUEST, { input: { groupId: group.id } });
    const invited = await memberOf(group, MembershipRole.MEMBER, MembershipStatus.INVITED);
    const member = await memberOf(group);
    for (const user of [asker, invited, member, coordinator]) {
      expect((await user.client.fails(REQUEST, { input: { groupId: group.id } })).code).toBe('CONFLICT');
    }
    expect(await membershipRow(group.id, invited.organisation.id)).toMatchObject({ status: 'INVITED' });
    expect(await membershipRow(group.id, coordinator.organisation.id)).toMatchObject({
      role: 'COORDINATOR',
      status: 'ACTIVE',
    });
  });

  it('can be withdrawn (leaveGroup) and asked again', async () => {
    const { group } = await coordinatedGroup();
    const asker = await s.factories.user();
    await asker.client.ok(REQUEST, { input: { groupId: group.id } });
    expect((await asker.client.ok(LEAVE, { groupId: group.id })).leaveGroup.status).toBe('LEFT');
    expect((await asker.client.ok(REQUEST, { input: { groupId: group.id } })).requestToJoin.status).toBe('REQUESTED');
  });

  it('refuses a message over 1,000 characters', async () => {
    const { group } = await coordinatedGroup();
    const asker = await s.factories.user();
    const err = await asker.client.fails(REQUEST, { input: { groupId: group.id, message: 'm'.repeat(1001) } });
    expect([err.code, err.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.message']);
    expect(await membershipRow(group.id, asker.organisation.id)).toBeUndefined();
  });
});

describe('approveJoinRequest and declineJoinRequest', () => {
  it('refuse anonymous callers', async () => {
    const { group } = await coordinatedGroup();
    const asker = await memberOf(group, MembershipRole.MEMBER, MembershipStatus.REQUESTED);
    const input = { groupId: group.id, organisationId: asker.organisation.id };
    expect((await s.anon.fails(APPROVE, { input })).code).toBe('UNAUTHENTICATED');
    expect((await s.anon.fails(DECLINE_REQUEST, { input })).code).toBe('UNAUTHENTICATED');
  });

  it('refuse members, observers and the asker itself', async () => {
    const { group } = await coordinatedGroup();
    const asker = await memberOf(group, MembershipRole.MEMBER, MembershipStatus.REQUESTED);
    const input = { groupId: group.id, organisationId: asker.organisation.id };
    for (const user of [await memberOf(group), await memberOf(group, MembershipRole.OBSERVER), asker]) {
      expect((await user.client.fails(APPROVE, { input })).code).toBe('FORBIDDEN');
      expect((await user.client.fails(DECLINE_REQUEST, { input })).code).toBe('FORBIDDEN');
    }
    expect(await membershipRow(group.id, asker.organisation.id)).toMatchObject({ status: 'REQUESTED' });
  });

  it('approve: makes the asker active in the given role', async () => {
    const { coordinator, group } = await coordinatedGroup();
    const asker = await s.factories.user();
    await asker.client.ok(REQUEST, { input: { groupId: group.id } });
    const { approveJoinRequest } = await coordinator.client.ok(APPROVE, {
      input: { groupId: group.id, organisationId: asker.organisation.id, role: 'OBSERVER' },
    });
    expect(approveJoinRequest).toMatchObject({ role: 'OBSERVER', status: 'ACTIVE', joinedAt: expect.any(String) });
    expect((await asker.client.ok(GROUP, { id: group.id })).buyerGroup.viewerMembership).toEqual({
      role: 'OBSERVER',
      status: 'ACTIVE',
    });
  });

  it('decline: marks the request LEFT', async () => {
    const { coordinator, group } = await coordinatedGroup();
    const asker = await s.factories.user();
    await asker.client.ok(REQUEST, { input: { groupId: group.id } });
    const { declineJoinRequest } = await coordinator.client.ok(DECLINE_REQUEST, {
      input: { groupId: group.id, organisationId: asker.organisation.id },
    });
    expect(declineJoinRequest).toMatchObject({ status: 'LEFT', joinedAt: null });
  });

  it('refuse organisations with no open request, and unknown organisations', async () => {
    const { coordinator, group } = await coordinatedGroup();
    const member = await memberOf(group);
    const invited = await memberOf(group, MembershipRole.MEMBER, MembershipStatus.INVITED);
    for (const query of [APPROVE, DECLINE_REQUEST]) {
      for (const organisationId of [member.organisation.id, invited.organisation.id]) {
        const err = await coordinator.client.fails(query, { input: { groupId: group.id, organisationId } });
        expect(err.code).toBe('INVALID_STATE');
      }
      for (const organisationId of [randomUUID(), 'not-a-uuid']) {
        const err = await coordinator.client.fails(query, { input: { groupId: group.id, organisationId } });
        expect(err.code).toBe('NOT_FOUND');
      }
    }
    expect(await membershipRow(group.id, invited.organisation.id)).toMatchObject({ status: 'INVITED' });
  });
});

describe('changeMemberRole', () => {
  it('refuses anonymous callers', async () => {
    const { group } = await coordinatedGroup();
    const member = await memberOf(group);
    const input = { groupId: group.id, organisationId: member.organisation.id, role: 'COORDINATOR' };
    expect((await s.anon.fails(CHANGE_ROLE, { input })).code).toBe('UNAUTHENTICATED');
  });

  it('refuses non-coordinators, including promoting themselves', async () => {
    const { group } = await coordinatedGroup();
    const member = await memberOf(group);
    const observer = await memberOf(group, MembershipRole.OBSERVER);
    for (const [user, target] of [
      [member, member],
      [observer, member],
      [member, observer],
    ]) {
      const err = await user.client.fails(CHANGE_ROLE, {
        input: { groupId: group.id, organisationId: target.organisation.id, role: 'COORDINATOR' },
      });
      expect(err.code).toBe('FORBIDDEN');
    }
    expect(await membershipRow(group.id, member.organisation.id)).toMatchObject({ role: 'MEMBER' });
  });

  it('promotes a member, who may then coordinate', async () => {
    const { coordinator, group } = await coordinatedGroup();
    const member = await memberOf(group);
    const { changeMemberRole } = await coordinator.client.ok(CHANGE_ROLE, {
      input: { groupId: group.id, organisationId: member.organisation.id, role: 'COORDINATOR' },
    });
    expect(changeMemberRole).toMatchObject({ role: 'COORDINATOR', status: 'ACTIVE' });
    const invitee = await s.factories.organisation();
    const { inviteOrganisation } = await member.client.ok(INVITE, {
      input: { groupId: group.id, organisationId: invitee.id },
    });
    expect(inviteOrganisation.status).toBe('INVITED');
  });

  it('changes the role of a pending invitation', async () => {
    const { coordinator, group } = await coordinatedGroup();
    const invited = await memberOf(group, MembershipRole.MEMBER, MembershipStatus.INVITED);
    const { changeMemberRole } = await coordinator.client.ok(CHANGE_ROLE, {
      input: { groupId: group.id, organisationId: invited.organisation.id, role: 'OBSERVER' },
    });
    expect(changeMemberRole).toMatchObject({ role: 'OBSERVER', status: 'INVITED' });
  });

  it('refuses former members and unknown organisations', async () => {
    const { coordinator, group } = await coordinatedGroup();
    const former = await memberOf(group, MembershipRole.MEMBER, MembershipStatus.LEFT);
    let err = await coordinator.client.fails(CHANGE_ROLE, {
      input: { groupId: group.id, organisationId: former.organisation.id, role: 'OBSERVER' },
    });
    expect(err.code).toBe('INVALID_STATE');
    for (const organisationId of [randomUUID(), 'not-a-uuid']) {
      err = await coordinator.client.fails(CHANGE_ROLE, {
        input: { groupId: group.id, organisationId, role: 'MEMBER' },
      });
      expect(err.code).toBe('NOT_FOUND');
    }
    err = await coordinator.client.fails(CHANGE_ROLE, {
      input: { groupId: group.id, organisationId: former.organisation.id, role: 'CHIEF' },
    });
    expect(err.code).toBe('BAD_USER_INPUT');
  });
});

describe('removeMember', () => {
  it('refuses anonymous callers', async () => {
    const { group } = await coordinatedGroup();
    const member = await memberOf(group);
    const input = { groupId: group.id, organisationId: member.organisation.id };
    expect((await s.anon.fails(REMOVE, { input })).code).toBe('UNAUTHENTICATED');
  });

  it('refuses non-coordinators', async () => {
    const { coordinator, group } = await coordinatedGroup();
    const member = await memberOf(group);
    const other = await memberOf(group);
    for (const target of [other, coordinator]) {
      const err = await member.client.fails(REMOVE, {
        input: { groupId: group.id, organisationId: target.organisation.id },
      });
      expect(err.code).toBe('FORBIDDEN');
    }
    expect(await membershipRow(group.id, other.organisation.id)).toMatchObject({ status: 'ACTIVE' });
  });

  it('removes a member, who then no longer sees the unlisted group', async () => {
    const { coordinator, group } = await coordinatedGroup({ visibility: GroupVisibility.UNLISTED });
    const member = await memberOf(group);
    const { removeMember } = await coordinator.client.ok(REMOVE, {
      input: { groupId: group.id, organisationId: member.organisation.id },
    });
    expect(removeMember.status).toBe('LEFT');
    expect((await member.client.fails(GROUP, { id: group.id })).code).toBe('NOT_FOUND');
  });

  it('withdraws an invitation', async () => {
    const { coordinator, group } = await coordinatedGroup();
    const invited = await memberOf(group, MembershipRole.MEMBER, MembershipStatus.INVITED);
    const { removeMember } = await coordinator.client.ok(REMOVE, {
      input: { groupId: group.id, organisationId: invited.organisation.id },
    });
    expect(removeMember.status).toBe('LEFT');
    expect((await invited.client.fails(ACCEPT, { groupId: group.id })).code).toBe('INVALID_STATE');
  });

  it('refuses former members and unknown organisations', async () => {
    const { coordinator, group } = await coordinatedGroup();
    const former = await memberOf(group, MembershipRole.MEMBER, MembershipStatus.LEFT);
    let err = await coordinator.client.fails(REMOVE, {
      input: { groupId: group.id, organisationId: former.organisation.id },
    });
    expect(err.code).toBe('INVALID_STATE');
    for (const organisationId of [randomUUID(), 'not-a-uuid']) {
      err = await coordinator.client.fails(REMOVE, { input: { groupId: group.id, organisationId } });
      expect(err.code).toBe('NOT_FOUND');
    }
  });
});

describe('leaveGroup', () => {
  it('refuses anonymous callers', async () => {
    const { group } = await coordinatedGroup();
    expect((await s.anon.fails(LEAVE, { groupId: group.id })).code).toBe('UNAUTHENTICATED');
  });

  it('refuses organisations that are not in the group, or only invited', async () => {
    const { group } = await coordinatedGroup();
    const invited = await memberOf(group, MembershipRole.MEMBER, MembershipStatus.INVITED);
    const former = await memberOf(group, MembershipRole.MEMBER, MembershipStatus.LEFT);
    for (const user of [invited, former, await s.factories.user()]) {
      const err = await user.client.fails(LEAVE, { groupId: group.id });
      expect(err.code).toBe('INVALID_STATE');
      expect(err.extensions.missing).toEqual([expect.any(String)]);
    }
    expect(await membershipRow(group.id, invited.organisation.id)).toMatchObject({ status: 'INVITED' });
  });

  it('lets a member leave', async () => {
    const { coordinator, group } = await coordinatedGroup();
    const member = await memberOf(group);
    const { leaveGroup } = await member.client.ok(LEAVE, { groupId: group.id });
    expect(leaveGroup).toMatchObject({ status: 'LEFT', organisation: { id: member.organisation.id } });
    const { buyerGroup } = await coordinator.client.ok(MEMBERSHIPS, { id: group.id });
    expect(buyerGroup.memberships.nodes.map((m: any) => m.organisation.id)).toEqual([coordinator.organisation.id]);
  });

  it('answers NOT_FOUND for malformed group ids', async () => {
    const user = await s.factories.user();
    expect((await user.client.fails(LEAVE, { groupId: 'not-a-uuid' })).code).toBe('NOT_FOUND');
  });
});

describe('the last coordinator', () => {
  it('cannot leave, be removed or be demoted', async () => {
    const { coordinator, group } = await coordinatedGroup();
    await memberOf(group);
    // An invited coordinator is not one yet.
    await memberOf(group, MembershipRole.COORDINATOR, MembershipStatus.INVITED);
    const self = { groupId: group.id, organisationId: coordinator.organisation.id };
    for (const [query, variables] of [
      [LEAVE, { groupId: group.id }],
      [REMOVE, { input: self }],
      [CHANGE_ROLE, { input: { ...self, role: 'MEMBER' } }],
      [CHANGE_ROLE, { input: { ...self, role: 'OBSERVER' } }],
    ] as const) {
      const err = await coordinator.client.fails(query, variables);
      expect(err.code).toBe('INVALID_STATE');
      expect(err.extensions.missing).toEqual(['another active coordinator']);
    }
    expect(await membershipRow(group.id, coordinator.organisation.id)).toMatchObject({
      role: 'COORDINATOR',
      status: 'ACTIVE',
    });
  });

  it('may leave when there is another coordinator, who is then the last', async () => {
    const { coordinator, group } = await coordinatedGroup();
    const second = await memberOf(group, MembershipRole.COORDINATOR);
    expect((await coordinator.client.ok(LEAVE, { groupId: group.id })).leaveGroup.status).toBe('LEFT');
    expect((await second.client.fails(LEAVE, { groupId: group.id })).code).toBe('INVALID_STATE');
    expect(await activeCoordinators(group.id)).toBe(1);
  });

  it('may be demoted or removed by another coordinator while one remains', async () => {
    const { coordinator, group } = await coordinatedGroup();
    const second = await memberOf(group, MembershipRole.COORDINATOR);
    const third = await memberOf(group, MembershipRole.COORDINATOR);
    const demoted = await second.client.ok(CHANGE_ROLE, {
      input: { groupId: group.id, organisationId: coordinator.organisation.id, role: 'MEMBER' },
    });
    expect(demoted.changeMemberRole.role).toBe('MEMBER');
    const removed = await third.client.ok(REMOVE, {
      input: { groupId: group.id, organisationId: second.organisation.id },
    });
    expect(removed.removeMember.status).toBe('LEFT');
    const err = await third.client.fails(CHANGE_ROLE, {
      input: { groupId: group.id, organisationId: third.organisation.id, role: 'MEMBER' },
    });
    expect(err.code).toBe('INVALID_STATE');
    expect(await activeCoordinators(group.id)).toBe(1);
  });

  describe('under concurrency', () => {
    type Call = [GraphQLClient, string, Record<string, unknown>];

    /** Runs two requests at once; exactly one must succeed and the other be refused with `code`. */
    async function race(a: Call, b: Call, code = 'INVALID_STATE') {
      const results = await Promise.all([a, b].map(([client, query, variables]) => client.request(query, variables)));
      const succeeded = results.filter((r) => !r.errors?.length);
      const refused = results.filter((r) => r.errors?.length);
      expect(succeeded).toHaveLength(1);
      expect(refused.map((r) => r.errors![0].extensions?.code)).toEqual([code]);
    }

    it.each([1, 2, 3])('lets exactly one of two coordinators leave when both leave at once (round %i)', async () => {
      const { coordinator, group } = await coordinatedGroup();
      const second = await memberOf(group, MembershipRole.COORDINATOR);
      await race([coordinator.client, LEAVE, { groupId: group.id }], [second.client, LEAVE, { groupId: group.id }]);
      expect(await activeCoordinators(group.id)).toBe(1);
    });

    it('lets exactly one of two coordinators remove the other when both try at once', async () => {
      const { coordinator, group } = await coordinatedGroup();
      const second = await memberOf(group, MembershipRole.COORDINATOR);
      // The slower one has been removed by then, so it is no longer a coordinator.
      await race(
        [coordinator.client, REMOVE, { input: { groupId: group.id, organisationId: second.organisation.id } }],
        [second.client, REMOVE, { input: { groupId: group.id, organisationId: coordinator.organisation.id } }],
        'FORBIDDEN',
      );
      expect(await activeCoordinators(group.id)).toBe(1);
    });

    it('lets exactly one of two coordinators step down when both demote themselves at once', async () => {
      const { coordinator, group } = await coordinatedGroup();
      const second = await memberOf(group, MembershipRole.COORDINATOR);
      const demote = (u: TestUser): Call => [
        u.client,
        CHANGE_ROLE,
        { input: { groupId: group.id, organisationId: u.organisation.id, role: 'MEMBER' } },
      ];
      await race(demote(coordinator), demote(second));
      expect(await activeCoordinators(group.id)).toBe(1);
    });
  });
});

describe('memberships', () => {
  let coordinator: TestUser;
  let member: TestUser;
  let observer: TestUser;
  let invited: TestUser;
  let asker: TestUser;
  let former: TestUser;
  let outsider: TestUser;
  let group: BuyerGroup;

  beforeAll(async () => {
    ({ coordinator, group } = await coordinatedGroup({ name: `Medlemskap ${hex()}` }));
    member = await memberOf(group);
    observer = await memberOf(group, MembershipRole.OBSERVER);
    invited = await memberOf(group, MembershipRole.MEMBER, MembershipStatus.INVITED);
    asker = await memberOf(group, MembershipRole.MEMBER, MembershipStatus.REQUESTED);
    former = await memberOf(group, MembershipRole.MEMBER, MembershipStatus.LEFT);
    outsider = await s.factories.user();
  });

  const orgIds = async (viewer: TestUser, status?: string[]) => {
    const { buyerGroup } = await viewer.client.ok(MEMBERSHIPS, { id: group.id, status, first: 100 });
    expect(buyerGroup.memberships.totalCount).toBe(buyerGroup.memberships.nodes.length);
    return buyerGroup.memberships.nodes.map((m: any) => m.organisation.id).sort();
  };
  const sorted = (...users: TestUser[]) => users.map((u) => u.organisation.id).sort();

  it('refuses anonymous callers', async () => {
    expect((await s.anon.fails(MEMBERSHIPS, { id: group.id })).code).toBe('UNAUTHENTICATED');
  });

  it('shows non-members of a listed group only active memberships, whatever they ask for', async () => {
    const active = sorted(coordinator, member, observer);
    for (const viewer of [outsider, invited, asker, former]) {
      expect(await orgIds(viewer)).toEqual(active);
      expect(await orgIds(viewer, ['INVITED', 'REQUESTED'])).toEqual([]);
      expect(await orgIds(viewer, ['ACTIVE', 'INVITED', 'REQUESTED', 'LEFT'])).toEqual(active);
    }
  });

  it('shows active members (observers too) invitations, requests and former members', async () => {
    for (const viewer of [coordinator, member, observer]) {
      expect(await orgIds(viewer)).toEqual(sorted(coordinator, member, observer));
      expect(await orgIds(viewer, ['INVITED', 'REQUESTED'])).toEqual(sorted(invited, asker));
      expect(await orgIds(viewer, ['LEFT'])).toEqual(sorted(former));
    }
  });

  it('resolves each membership’s organisation and group', async () => {
    const { buyerGroup } = await outsider.client.ok(MEMBERSHIPS, { id: group.id });
    const byOrg = new Map(buyerGroup.memberships.nodes.map((m: any) => [m.organisation.id, m]));
    expect(byOrg.get(coordinator.organisation.id)).toMatchObject({
      role: 'COORDINATOR',
      status: 'ACTIVE',
      organisation: { name: coordinator.organisation.name, kind: 'MUNICIPALITY' },
      group: { id: group.id, name: group.name },
    });
    expect(byOrg.get(observer.organisation.id)).toMatchObject({ role: 'OBSERVER' });
  });

  it('pages with cursors', async () => {
    const all = await orgIds(coordinator, ['ACTIVE', 'INVITED', 'REQUESTED', 'LEFT']);
    expect(all).toHaveLength(6);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const variables: Record<string, unknown> = {
        id: group.id,
        status: ['ACTIVE', 'INVITED', 'REQUESTED', 'LEFT'],
        first: 4,
        after,
      };
      const page: any = (await coordinator.client.ok(MEMBERSHIPS, variables)).buyerGroup.memberships;
      expect(page.totalCount).toBe(6);
      seen.push(...page.nodes.map((m: any) => m.organisation.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen.sort()).toEqual(all);
    expect(new Set(seen).size).toBe(6);
  });

  it('refuses a page size out of range and more than four statuses', async () => {
    let err = await coordinator.client.fails(MEMBERSHIPS, { id: group.id, first: 0 });
    expect([err.code, err.extensions.field]).toEqual(['BAD_USER_INPUT', 'first']);
    err = await coordinator.client.fails(MEMBERSHIPS, { id: group.id, status: Array(5).fill('ACTIVE') });
    expect([err.code, err.extensions.field]).toEqual(['BAD_USER_INPUT', 'status']);
  });
});

describe('acceptance: two municipalities form a group and state a joint demand', () => {
  const CREATE_ORG = `mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id name emailDomains } }`;
  const REGISTER = REGISTER_ACCOUNT;
  const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { token user { id email } } }`;
  const SET_INTEREST = `mutation($input: SetNeedInterestInput!) {
    setNeedInterest(input: $input) { quantity unit annualValue currency wantedStart priority organisation { id } }
  }`;
  const NEED = `query($id: ID!) {
    sharedNeed(id: $id) {
      id title status group { id } organisation { id }
      demand { authorityCount byUnit { unit total authorities } byCurrency { currency total authorities } }
    }
  }`;
  const password = 'et langt og hemmelig passord';

  it('works through the API alone, as new users would use it', async () => {
    const admin = await s.factories.user({ isAdmin: true });
    const domainA = `malvik-${hex()}.kommune.no`;
    const domainB = `melhus-${hex()}.kommune.no`;

    // A platform admin creates the two municipalities; Kari is Malvik's first admin. Melhus lets
    // its people in once their address is confirmed (no approval step).
    const { createOrganisation: orgA } = await admin.client.ok(CREATE_ORG, {
      input: {
        name: 'Malvik kommune',
        kind: 'MUNICIPALITY',
        country: 'NO',
        organisationNumber: norwegianOrgNumber(),
        municipalityCode: '5031',
        emailDomains: [domainA],
        admins: [{ email: `Kari.Nordmann@${domainA}`, displayName: 'Kari Nordmann' }],
      },
    });
    const { createOrganisation: orgB } = await admin.client.ok(CREATE_ORG, {
      input: {
        name: 'Melhus kommune',
        kind: 'MUNICIPALITY',
        country: 'NO',
        organisationNumber: norwegianOrgNumber(),
        municipalityCode: '5028',
        emailDomains: [domainB],
        requiresApproval: false,
      },
    });

    // Their people register with their work addresses.
    const register = (email: string, organisationId: string, displayName: string) => ({
      input: { email, password, displayName, organisationId },
    });
    let err = await s.anon.fails(REGISTER, register(`ola@${domainB}`, orgA.id, 'Ola'));
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual([
      'BAD_USER_INPUT',
      'input.email',
      'organisationDomain',
    ]);
    err = await s.anon.fails(REGISTER, register(`ola@evil${domainA}`, orgA.id, 'Ola'));
    expect([err.code, err.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.email']);

    // Kari chooses her password from the link in her mail; that also confirms her address.
    const kariToken = await tokenFromMail(s, `kari.nordmann@${domainA}`, '/reset-password');
    const { resetPassword: regA } = await s.anon.ok(RESET, { input: { token: kariToken, password } });
    expect(regA).toMatchObject({ status: 'ACTIVE', session: { user: { email: `kari.nordmann@${domainA}` } } });
    // Registering her address again answers as for anyone (and mails her that she has an account).
    const again = await s.anon.ok(REGISTER, register(`KARI.nordmann@${domainA.toUpperCase()}`, orgA.id, 'Kari N.'));
    expect(again.register.message).toMatch(/check your e-mail/i);
    // Per registers and confirms his address.
    const regB = await registerAndVerify(s, {
      email: `per.hansen@${domainB}`,
      organisationId: orgB.id,
      displayName: 'Per Hansen',
      password,
    });
    expect(regB).toMatchObject({ status: 'ACTIVE', session: { token: expect.any(String) } });

    // They sign in.
    const { signIn: sessionA } = await s.anon.ok(SIGN_IN, { input: { email: `KARI.NORDMANN@${domainA}`, password } });
    expect(sessionA.user.id).toBe(regA.session.user.id);
    const { signIn: sessionB } = await s.anon.ok(SIGN_IN, { input: { email: `per.hansen@${domainB}`, password } });
    const kari = s.as(sessionA.token);
    const per = s.as(sessionB.token);

    // Kari forms a group; being unlisted, Per cannot see it yet.
    const { createBuyerGroup: group } = await kari.ok(CREATE, {
      input: { name: 'Utslippsfrie kommunale kjøretøy', focusArea: 'TRANSPORT', cpvCodes: ['34144900-7'] },
    });
    expect(group).toMatchObject({ status: 'FORMING', visibility: 'UNLISTED', cpvCodes: ['34144900'] });
    expect((await per.fails(GROUP, { id: group.id })).code).toBe('NOT_FOUND');

    // Kari invites Melhus; Per finds the invitation and accepts it.
    await kari.ok(INVITE, { input: { groupId: group.id, organisationId: orgB.id, message: 'Bli med!' } });
    const mine = await per.ok(GROUPS, { scope: 'MINE' });
    expect(mine.buyerGroups.nodes).toEqual([
      { id: group.id, name: group.name, viewerMembership: { status: 'INVITED' } },
    ]);
    const { acceptInvitation } = await per.ok(ACCEPT, { groupId: group.id });
    expect(acceptInvitation).toMatchObject({ status: 'ACTIVE', role: 'MEMBER', joinedAt: expect.any(String) });
    await kari.ok(UPDATE, { id: group.id, input: { status: 'ACTIVE' } });

    // Kari describes the need; both state their own share.
    const { createSharedNeed: need } = await kari.ok(CREATE_NEED, {
      input: {
        groupId: group.id,
        title: 'Utslippsfrie servicebiler',
        problem: 'Hjemmetjenesten trenger transport uten utslipp.',
        cpvCodes: ['34144900'],
      },
    });
    expect(need.status).toBe('OPEN');
    const { setNeedInterest: interestA } = await kari.ok(SET_INTEREST, {
      input: {
        needId: need.id,
        quantity: '70',
        unit: 'vehicles',
        annualValue: '850000',
        currency: 'NOK',
        priority: 'HIGH',
      },
    });
    expect(interestA).toMatchObject({
      unit: 'vehicles',
      currency: 'NOK',
      priority: 'HIGH',
      organisation: { id: orgA.id },
    });
    expect([Number(interestA.quantity), Number(interestA.annualValue)]).toEqual([70, 850000]);
    await per.ok(SET_INTEREST, {
      input: {
        needId: need.id,
        quantity: 50,
        unit: ' vehicles ',
        annualValue: '600000.00',
        currency: 'NOK',
        wantedStart: '2027-01-01',
      },
    });

    // Both see the same joint demand.
    for (const client of [kari, per]) {
      const { sharedNeed } = await client.ok(NEED, { id: need.id });
      expect(sharedNeed).toMatchObject({ group: { id: group.id }, organisation: { id: orgA.id } });
      expect(sharedNeed.demand).toEqual({
        authorityCount: 2,
        byUnit: [{ unit: 'vehicles', total: '120', authorities: 2 }],
        byCurrency: [{ currency: 'NOK', total: '1450000', authorities: 2 }],
      });
    }
  });
});
