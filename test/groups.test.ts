import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { FocusArea, GroupStatus, GroupVisibility, type BuyerGroup } from '../server/modules/groups/group.entity.js';
import { MembershipRole, MembershipStatus } from '../server/modules/groups/membership.entity.js';
import type { TestUser } from './support/factories.js';
import type { InputOf, Operation } from './support/graphql.js';
import { coordinatedGroup, ids, memberOf, membershipRow } from './support/groups.js';
import { hex } from './support/helpers.js';
import * as op from './support/operations.js';
import { s, useServer } from './support/server.js';

useServer();

describe('createBuyerGroup', () => {
  const input = (overrides: Partial<InputOf<typeof op.CREATE_GROUP>> = {}): InputOf<typeof op.CREATE_GROUP> => ({
    name: `Velferdsteknologi Trøndelag ${hex()}`,
    focusArea: 'WELFARE_TECHNOLOGY',
    ...overrides,
  });

  it('refuses anonymous callers', async () => {
    expect((await s.anon.fails(op.CREATE_GROUP, { input: input() })).code).toBe('UNAUTHENTICATED');
  });

  it('refuses users of suppliers', async () => {
    const supplier = await s.factories.supplier();
    const err = await supplier.client.fails(op.CREATE_GROUP, { input: input() });
    expect(err.code).toBe('FORBIDDEN');
  });

  it("makes the creator's organisation its active coordinator, forming and unlisted by default", async () => {
    const creator = await s.factories.user();
    const { createBuyerGroup: group } = await creator.client.ok(op.CREATE_GROUP, {
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
    expect(group.viewerMembership!.joinedAt).toEqual(expect.any(String));
    expect(group.memberships.totalCount).toBe(1);
    expect(group.memberships.nodes).toEqual([group.viewerMembership]);

    const { buyerGroups } = await creator.client.ok(op.GROUPS, { scope: 'MINE' });
    expect(ids(buyerGroups.nodes)).toEqual([group.id]);
  });

  it('stores CPV codes as 8 digits, with or without the check digit, without duplicates', async () => {
    const creator = await s.factories.user();
    const { createBuyerGroup: group } = await creator.client.ok(op.CREATE_GROUP, {
      input: input({ cpvCodes: ['34144900-7', ' 34144900 ', '48000000', '48000000-8', '33196200-2'] }),
    });
    expect(group.cpvCodes).toEqual(['34144900', '48000000', '33196200']);
  });

  it.each(['1234', '12345678-12', 'abcdefgh', '1234567-8', '123456789', '34144900-'])(
    'refuses the malformed CPV code %j, naming its index',
    async (code) => {
      const creator = await s.factories.user();
      const err = await creator.client.fails(op.CREATE_GROUP, { input: input({ cpvCodes: ['34144900', code] }) });
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
    const err = await creator.client.fails(op.CREATE_GROUP, { input: input({ name }) });
    expect([err.code, err.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.name']);
  });

  it('refuses a name over 200 and a description over 20,000 characters, and accepts both limits', async () => {
    const creator = await s.factories.user();
    let err = await creator.client.fails(op.CREATE_GROUP, { input: input({ name: 'n'.repeat(201) }) });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual([
      'BAD_USER_INPUT',
      'input.name',
      'maxLength',
    ]);
    err = await creator.client.fails(op.CREATE_GROUP, { input: input({ description: 'd'.repeat(20001) }) });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual([
      'BAD_USER_INPUT',
      'input.description',
      'maxLength',
    ]);
    const { createBuyerGroup: group } = await creator.client.ok(op.CREATE_GROUP, {
      input: input({ name: 'n'.repeat(200), description: 'd'.repeat(20000) }),
    });
    expect(group.name).toHaveLength(200);
  });

  it('writes nothing when it refuses', async () => {
    const creator = await s.factories.user();
    const supplier = await s.factories.supplier();
    const name = `Refused ${hex()}`;
    await supplier.client.fails(op.CREATE_GROUP, { input: input({ name }) });
    await creator.client.fails(op.CREATE_GROUP, { input: input({ name, cpvCodes: ['34144900', 'x'] }) });
    await creator.client.fails(op.CREATE_GROUP, { input: input({ name, description: 'd'.repeat(20001) }) });
    await creator.client.fails(op.CREATE_GROUP, { input: input({ name: '   ' }) });

    for (const user of [creator, supplier]) {
      const { buyerGroups } = await user.client.ok(op.GROUPS, { scope: 'MINE' });
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
    expect((await s.anon.fails(op.UPDATE_GROUP, { id: group.id, input: { name: 'X' } })).code).toBe('UNAUTHENTICATED');
  });

  it('refuses everyone but active coordinators', async () => {
    const { group } = await coordinatedGroup();
    const member = await memberOf(group);
    const observer = await memberOf(group, MembershipRole.OBSERVER);
    const invitedCoordinator = await memberOf(group, MembershipRole.COORDINATOR, MembershipStatus.INVITED);
    const outsider = await s.factories.user();
    for (const user of [member, observer, invitedCoordinator, outsider]) {
      const err = await user.client.fails(op.UPDATE_GROUP, { id: group.id, input: { name: 'Kapret' } });
      expect(err.code).toBe('FORBIDDEN');
    }
    const { buyerGroup } = await member.client.ok(op.GROUP, { id: group.id });
    expect(buyerGroup.name).toBe(group.name);
  });

  it('lets a coordinator change the content, normalising CPV codes', async () => {
    const { coordinator, group } = await coordinatedGroup();
    const { updateBuyerGroup: updated } = await coordinator.client.ok(op.UPDATE_GROUP, {
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
    const { updateBuyerGroup: active } = await coordinator.client.ok(op.UPDATE_GROUP, {
      id: group.id,
      input: { status: 'ACTIVE' },
    });
    expect(active.status).toBe('ACTIVE');
    const err = await coordinator.client.fails(op.UPDATE_GROUP, { id: group.id, input: { status: 'FORMING' } });
    expect(err.code).toBe('INVALID_STATE');
    expect(err.extensions.missing).toEqual([expect.any(String)]);
    expect((await coordinator.client.ok(op.GROUP, { id: group.id })).buyerGroup.status).toBe('ACTIVE');
  });

  it('refuses blank names and malformed CPV codes, changing nothing', async () => {
    const { coordinator, group } = await coordinatedGroup();
    let err = await coordinator.client.fails(op.UPDATE_GROUP, { id: group.id, input: { name: ' ' } });
    expect([err.code, err.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.name']);
    err = await coordinator.client.fails(op.UPDATE_GROUP, {
      id: group.id,
      input: { name: 'Ny', cpvCodes: ['3414490'] },
    });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual([
      'BAD_USER_INPUT',
      'input.cpvCodes[0]',
      'cpvCode',
    ]);
    err = await coordinator.client.fails(op.UPDATE_GROUP, { id: group.id, input: { description: 'd'.repeat(20001) } });
    expect([err.code, err.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.description']);
    expect((await coordinator.client.ok(op.GROUP, { id: group.id })).buyerGroup.name).toBe(group.name);
  });

  it('answers NOT_FOUND for unknown and malformed ids', async () => {
    const { coordinator } = await coordinatedGroup();
    for (const id of [randomUUID(), 'not-a-uuid']) {
      expect((await coordinator.client.fails(op.UPDATE_GROUP, { id, input: { name: 'X' } })).code).toBe('NOT_FOUND');
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
    const { buyerGroup } = await member.client.ok(op.GROUP, { id: group.id });
    expect(buyerGroup.status).toBe('ARCHIVED');
  });

  it.each([
    ['a content change', () => coordinator, op.UPDATE_GROUP, () => ({ id: group.id, input: { name: 'Endret' } })],
    [
      'an invitation',
      () => coordinator,
      op.INVITE,
      () => ({ input: { groupId: group.id, organisationId: outsider.organisation.id } }),
    ],
    ['accepting an invitation', () => invited, op.ACCEPT, () => ({ groupId: group.id })],
    ['declining an invitation', () => invited, op.DECLINE, () => ({ groupId: group.id })],
    ['a join request', () => outsider, op.REQUEST, () => ({ input: { groupId: group.id } })],
    [
      'a role change',
      () => coordinator,
      op.CHANGE_ROLE,
      () => ({ input: { groupId: group.id, organisationId: member.organisation.id, role: 'OBSERVER' } }),
    ],
    [
      'a removal',
      () => coordinator,
      op.REMOVE_MEMBER,
      () => ({ input: { groupId: group.id, organisationId: member.organisation.id } }),
    ],
    ['leaving', () => member, op.LEAVE, () => ({ groupId: group.id })],
    [
      'a new need',
      () => member,
      op.CREATE_NEED,
      () => ({ input: { groupId: group.id, title: 'Behov', problem: 'Problem' } }),
    ],
  ])('refuse %s with INVALID_STATE', async (_, who, query, variables) => {
    const err = await who().client.fails(query, variables());
    expect(err.code).toBe('INVALID_STATE');
    // One rule, one key, whatever the change (group.policy's requireWritable).
    expect(err.extensions.missing).toEqual(['group status ACTIVE']);
  });

  it('changed nothing while archived', async () => {
    expect((await member.client.ok(op.GROUP, { id: group.id })).buyerGroup.name).toBe(group.name);
    expect(await membershipRow(group.id, member.organisation.id)).toMatchObject({ role: 'MEMBER', status: 'ACTIVE' });
    expect(await membershipRow(group.id, invited.organisation.id)).toMatchObject({ status: 'INVITED' });
    expect(await membershipRow(group.id, outsider.organisation.id)).toBeUndefined();
  });

  it('refuses reactivation by a member and any move but back to ACTIVE', async () => {
    expect((await member.client.fails(op.UPDATE_GROUP, { id: group.id, input: { status: 'ACTIVE' } })).code).toBe(
      'FORBIDDEN',
    );
    const err = await coordinator.client.fails(op.UPDATE_GROUP, { id: group.id, input: { status: 'FORMING' } });
    expect(err.code).toBe('INVALID_STATE');
  });

  it('can be reactivated by a coordinator, and then changes again', async () => {
    const { updateBuyerGroup } = await coordinator.client.ok(op.UPDATE_GROUP, {
      id: group.id,
      input: { status: 'ACTIVE' },
    });
    expect(updateBuyerGroup.status).toBe('ACTIVE');
    const renamed = await coordinator.client.ok(op.UPDATE_GROUP, { id: group.id, input: { name: 'Gjenopplivet' } });
    expect(renamed.updateBuyerGroup.name).toBe('Gjenopplivet');
    const { acceptInvitation } = await invited.client.ok(op.ACCEPT, { groupId: group.id });
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
    supplier = await s.factories.supplier();
  });

  const names = async (user: TestUser, variables: Record<string, unknown>) =>
    (await user.client.ok(op.GROUPS, { first: 100, ...variables })).buyerGroups.nodes.map(
      (g: { name: string }) => g.name,
    );

  it('refuses anonymous callers', async () => {
    expect((await s.anon.fails(op.GROUP, { id: listed.id })).code).toBe('UNAUTHENTICATED');
    expect((await s.anon.fails(op.GROUPS)).code).toBe('UNAUTHENTICATED');
  });

  it('hides every group from suppliers, listed ones included', async () => {
    expect((await supplier.client.fails(op.GROUP, { id: listed.id })).code).toBe('NOT_FOUND');
    for (const scope of ['VISIBLE', 'LISTED', 'MINE']) {
      expect(await names(supplier, { scope, search: prefix })).toEqual([]);
    }
  });

  it('shows listed groups to every authority', async () => {
    const { buyerGroup } = await outsider.client.ok(op.GROUP, { id: listed.id });
    expect(buyerGroup).toMatchObject({ id: listed.id, visibility: 'LISTED', viewerMembership: null });
    expect(await names(outsider, { scope: 'LISTED', search: prefix })).toEqual([listed.name]);
    expect(await names(outsider, { scope: 'VISIBLE', search: prefix })).toEqual([listed.name]);
    expect(await names(outsider, { scope: 'MINE', search: prefix })).toEqual([]);
  });

  it('hides unlisted groups from outsiders exactly like groups that do not exist', async () => {
    for (const user of [outsider, former, supplier]) {
      const hidden = await user.client.fails(op.GROUP, { id: unlisted.id });
      const missingId = randomUUID();
      const missing = await user.client.fails(op.GROUP, { id: missingId });
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
    const { buyerGroup } = await invited.client.ok(op.GROUP, { id: unlisted.id });
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
    expect((await coordinator.client.fails(op.GROUP, { id: 'not-a-uuid' })).code).toBe('NOT_FOUND');
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
    const all = (await viewer.client.ok(op.GROUPS, { search: prefix, first: 100 })).buyerGroups;
    expect(all.totalCount).toBe(7);
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page: any = (await viewer.client.ok(op.GROUPS, { search: prefix, first: 2, after })).buyerGroups;
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
    const all = (await viewer.client.ok(op.GROUPS, { search: unusual, first: 100 })).buyerGroups;
    expect(all.totalCount).toBe(4);
    const seen: string[] = [];
    let after: string | null = null;
    // Bounded: a cursor that does not move on would otherwise page forever.
    for (let pages = 0; pages < 8; pages++) {
      const page: any = (await viewer.client.ok(op.GROUPS, { search: unusual, first: 1, after })).buyerGroups;
      seen.push(...ids(page.nodes));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(ids(all.nodes));
  });

  it('refuses a page size out of range and a forged cursor', async () => {
    let err = await viewer.client.fails(op.GROUPS, { first: 0 });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual(['BAD_USER_INPUT', 'first', 'min']);
    err = await viewer.client.fails(op.GROUPS, { first: 101 });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual(['BAD_USER_INPUT', 'first', 'max']);
    err = await viewer.client.fails(op.GROUPS, { after: 'bm90LWEtY3Vyc29y' });
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

  const operations: [string, Operation, (groupId: string, outsider: TestUser) => Record<string, unknown>][] = [
    ['buyerGroup', op.GROUP, (id) => ({ id })],
    ['updateBuyerGroup', op.UPDATE_GROUP, (id) => ({ id, input: { name: 'Kapret' } })],
    ['inviteOrganisation', op.INVITE, (groupId, u) => ({ input: { groupId, organisationId: u.organisation.id } })],
    ['acceptInvitation', op.ACCEPT, (groupId) => ({ groupId })],
    ['declineInvitation', op.DECLINE, (groupId) => ({ groupId })],
    ['requestToJoin', op.REQUEST, (groupId) => ({ input: { groupId, message: 'Slipp oss inn' } })],
    ['approveJoinRequest', op.APPROVE, (groupId, u) => ({ input: { groupId, organisationId: u.organisation.id } })],
    [
      'declineJoinRequest',
      op.DECLINE_REQUEST,
      (groupId, u) => ({ input: { groupId, organisationId: u.organisation.id } }),
    ],
    [
      'changeMemberRole',
      op.CHANGE_ROLE,
      (groupId) => ({ input: { groupId, organisationId: member.organisation.id, role: 'COORDINATOR' } }),
    ],
    [
      'removeMember',
      op.REMOVE_MEMBER,
      (groupId) => ({ input: { groupId, organisationId: coordinator.organisation.id } }),
    ],
    ['leaveGroup', op.LEAVE, (groupId) => ({ groupId })],
    ['createSharedNeed', op.CREATE_NEED, (groupId) => ({ input: { groupId, title: 'Behov', problem: 'Et problem' } })],
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
    const { buyerGroup } = await coordinator.client.ok(op.MEMBERSHIPS, {
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
