import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { GroupVisibility, type BuyerGroup } from '../server/modules/groups/group.entity.js';
import { MembershipRole, MembershipStatus } from '../server/modules/groups/membership.entity.js';
import { REGISTER as REGISTER_ACCOUNT, registerAndVerify, RESET, tokenFromMail } from './support/accounts.js';
import { GraphQLClient } from './support/client.js';
import { norwegianOrgNumber, type TestUser } from './support/factories.js';
import type { Operation, VariablesOf } from './support/graphql.js';
import { activeCoordinators, coordinatedGroup, memberOf, membershipRow } from './support/groups.js';
import { hex } from './support/helpers.js';
import * as op from './support/operations.js';
import { s, useServer } from './support/server.js';

useServer();

describe('changeMemberRole', () => {
  it('refuses anonymous callers', async () => {
    const { group } = await coordinatedGroup();
    const member = await memberOf(group);
    const input = { groupId: group.id, organisationId: member.organisation.id, role: 'COORDINATOR' };
    expect((await s.anon.fails(op.CHANGE_ROLE, { input })).code).toBe('UNAUTHENTICATED');
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
      const err = await user.client.fails(op.CHANGE_ROLE, {
        input: { groupId: group.id, organisationId: target.organisation.id, role: 'COORDINATOR' },
      });
      expect(err.code).toBe('FORBIDDEN');
    }
    expect(await membershipRow(group.id, member.organisation.id)).toMatchObject({ role: 'MEMBER' });
  });

  it('promotes a member, who may then coordinate', async () => {
    const { coordinator, group } = await coordinatedGroup();
    const member = await memberOf(group);
    const { changeMemberRole } = await coordinator.client.ok(op.CHANGE_ROLE, {
      input: { groupId: group.id, organisationId: member.organisation.id, role: 'COORDINATOR' },
    });
    expect(changeMemberRole).toMatchObject({ role: 'COORDINATOR', status: 'ACTIVE' });
    const invitee = await s.factories.organisation();
    const { inviteOrganisation } = await member.client.ok(op.INVITE, {
      input: { groupId: group.id, organisationId: invitee.id },
    });
    expect(inviteOrganisation.status).toBe('INVITED');
  });

  it('changes the role of a pending invitation', async () => {
    const { coordinator, group } = await coordinatedGroup();
    const invited = await memberOf(group, MembershipRole.MEMBER, MembershipStatus.INVITED);
    const { changeMemberRole } = await coordinator.client.ok(op.CHANGE_ROLE, {
      input: { groupId: group.id, organisationId: invited.organisation.id, role: 'OBSERVER' },
    });
    expect(changeMemberRole).toMatchObject({ role: 'OBSERVER', status: 'INVITED' });
  });

  it('refuses former members and unknown organisations', async () => {
    const { coordinator, group } = await coordinatedGroup();
    const former = await memberOf(group, MembershipRole.MEMBER, MembershipStatus.LEFT);
    let err = await coordinator.client.fails(op.CHANGE_ROLE, {
      input: { groupId: group.id, organisationId: former.organisation.id, role: 'OBSERVER' },
    });
    expect(err.code).toBe('INVALID_STATE');
    for (const organisationId of [randomUUID(), 'not-a-uuid']) {
      err = await coordinator.client.fails(op.CHANGE_ROLE, {
        input: { groupId: group.id, organisationId, role: 'MEMBER' },
      });
      expect(err.code).toBe('NOT_FOUND');
    }
    err = await coordinator.client.fails(op.CHANGE_ROLE, {
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
    expect((await s.anon.fails(op.REMOVE_MEMBER, { input })).code).toBe('UNAUTHENTICATED');
  });

  it('refuses non-coordinators', async () => {
    const { coordinator, group } = await coordinatedGroup();
    const member = await memberOf(group);
    const other = await memberOf(group);
    for (const target of [other, coordinator]) {
      const err = await member.client.fails(op.REMOVE_MEMBER, {
        input: { groupId: group.id, organisationId: target.organisation.id },
      });
      expect(err.code).toBe('FORBIDDEN');
    }
    expect(await membershipRow(group.id, other.organisation.id)).toMatchObject({ status: 'ACTIVE' });
  });

  it('removes a member, who then no longer sees the unlisted group', async () => {
    const { coordinator, group } = await coordinatedGroup({ visibility: GroupVisibility.UNLISTED });
    const member = await memberOf(group);
    const { removeMember } = await coordinator.client.ok(op.REMOVE_MEMBER, {
      input: { groupId: group.id, organisationId: member.organisation.id },
    });
    expect(removeMember.status).toBe('LEFT');
    expect((await member.client.fails(op.GROUP, { id: group.id })).code).toBe('NOT_FOUND');
  });

  it('withdraws an invitation', async () => {
    const { coordinator, group } = await coordinatedGroup();
    const invited = await memberOf(group, MembershipRole.MEMBER, MembershipStatus.INVITED);
    const { removeMember } = await coordinator.client.ok(op.REMOVE_MEMBER, {
      input: { groupId: group.id, organisationId: invited.organisation.id },
    });
    expect(removeMember.status).toBe('LEFT');
    expect((await invited.client.fails(op.ACCEPT, { groupId: group.id })).code).toBe('INVALID_STATE');
  });

  it('refuses former members and unknown organisations', async () => {
    const { coordinator, group } = await coordinatedGroup();
    const former = await memberOf(group, MembershipRole.MEMBER, MembershipStatus.LEFT);
    let err = await coordinator.client.fails(op.REMOVE_MEMBER, {
      input: { groupId: group.id, organisationId: former.organisation.id },
    });
    expect(err.code).toBe('INVALID_STATE');
    for (const organisationId of [randomUUID(), 'not-a-uuid']) {
      err = await coordinator.client.fails(op.REMOVE_MEMBER, { input: { groupId: group.id, organisationId } });
      expect(err.code).toBe('NOT_FOUND');
    }
  });
});

describe('leaveGroup', () => {
  it('refuses anonymous callers', async () => {
    const { group } = await coordinatedGroup();
    expect((await s.anon.fails(op.LEAVE, { groupId: group.id })).code).toBe('UNAUTHENTICATED');
  });

  it('refuses organisations that are not in the group, or only invited', async () => {
    const { group } = await coordinatedGroup();
    const invited = await memberOf(group, MembershipRole.MEMBER, MembershipStatus.INVITED);
    const former = await memberOf(group, MembershipRole.MEMBER, MembershipStatus.LEFT);
    for (const user of [invited, former, await s.factories.user()]) {
      const err = await user.client.fails(op.LEAVE, { groupId: group.id });
      expect(err.code).toBe('INVALID_STATE');
      expect(err.extensions.missing).toEqual([expect.any(String)]);
    }
    expect(await membershipRow(group.id, invited.organisation.id)).toMatchObject({ status: 'INVITED' });
  });

  it('lets a member leave', async () => {
    const { coordinator, group } = await coordinatedGroup();
    const member = await memberOf(group);
    const { leaveGroup } = await member.client.ok(op.LEAVE, { groupId: group.id });
    expect(leaveGroup).toMatchObject({ status: 'LEFT', organisation: { id: member.organisation.id } });
    const { buyerGroup } = await coordinator.client.ok(op.MEMBERSHIPS, { id: group.id });
    expect(buyerGroup.memberships.nodes.map((m: any) => m.organisation.id)).toEqual([coordinator.organisation.id]);
  });

  it('answers NOT_FOUND for malformed group ids', async () => {
    const user = await s.factories.user();
    expect((await user.client.fails(op.LEAVE, { groupId: 'not-a-uuid' })).code).toBe('NOT_FOUND');
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
      [op.LEAVE, { groupId: group.id }],
      [op.REMOVE_MEMBER, { input: self }],
      [op.CHANGE_ROLE, { input: { ...self, role: 'MEMBER' } }],
      [op.CHANGE_ROLE, { input: { ...self, role: 'OBSERVER' } }],
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
    expect((await coordinator.client.ok(op.LEAVE, { groupId: group.id })).leaveGroup.status).toBe('LEFT');
    expect((await second.client.fails(op.LEAVE, { groupId: group.id })).code).toBe('INVALID_STATE');
    expect(await activeCoordinators(group.id)).toBe(1);
  });

  it('may be demoted or removed by another coordinator while one remains', async () => {
    const { coordinator, group } = await coordinatedGroup();
    const second = await memberOf(group, MembershipRole.COORDINATOR);
    const third = await memberOf(group, MembershipRole.COORDINATOR);
    const demoted = await second.client.ok(op.CHANGE_ROLE, {
      input: { groupId: group.id, organisationId: coordinator.organisation.id, role: 'MEMBER' },
    });
    expect(demoted.changeMemberRole.role).toBe('MEMBER');
    const removed = await third.client.ok(op.REMOVE_MEMBER, {
      input: { groupId: group.id, organisationId: second.organisation.id },
    });
    expect(removed.removeMember.status).toBe('LEFT');
    const err = await third.client.fails(op.CHANGE_ROLE, {
      input: { groupId: group.id, organisationId: third.organisation.id, role: 'MEMBER' },
    });
    expect(err.code).toBe('INVALID_STATE');
    expect(await activeCoordinators(group.id)).toBe(1);
  });

  describe('under concurrency', () => {
    type Call = [GraphQLClient, Operation, Record<string, unknown>];

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
      await race(
        [coordinator.client, op.LEAVE, { groupId: group.id }],
        [second.client, op.LEAVE, { groupId: group.id }],
      );
      expect(await activeCoordinators(group.id)).toBe(1);
    });

    it('lets exactly one of two coordinators remove the other when both try at once', async () => {
      const { coordinator, group } = await coordinatedGroup();
      const second = await memberOf(group, MembershipRole.COORDINATOR);
      // The slower one has been removed by then, so it is no longer a coordinator.
      await race(
        [
          coordinator.client,
          op.REMOVE_MEMBER,
          { input: { groupId: group.id, organisationId: second.organisation.id } },
        ],
        [
          second.client,
          op.REMOVE_MEMBER,
          { input: { groupId: group.id, organisationId: coordinator.organisation.id } },
        ],
        'FORBIDDEN',
      );
      expect(await activeCoordinators(group.id)).toBe(1);
    });

    it('lets exactly one of two coordinators step down when both demote themselves at once', async () => {
      const { coordinator, group } = await coordinatedGroup();
      const second = await memberOf(group, MembershipRole.COORDINATOR);
      const demote = (u: TestUser): Call => [
        u.client,
        op.CHANGE_ROLE,
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

  const orgIds = async (viewer: TestUser, status?: VariablesOf<typeof op.MEMBERSHIPS>['status']) => {
    const { buyerGroup } = await viewer.client.ok(op.MEMBERSHIPS, { id: group.id, status, first: 100 });
    expect(buyerGroup.memberships.totalCount).toBe(buyerGroup.memberships.nodes.length);
    return buyerGroup.memberships.nodes.map((m: any) => m.organisation.id).sort();
  };
  const sorted = (...users: TestUser[]) => users.map((u) => u.organisation.id).sort();

  it('refuses anonymous callers', async () => {
    expect((await s.anon.fails(op.MEMBERSHIPS, { id: group.id })).code).toBe('UNAUTHENTICATED');
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
    const { buyerGroup } = await outsider.client.ok(op.MEMBERSHIPS, { id: group.id });
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
      const variables: VariablesOf<typeof op.MEMBERSHIPS> = {
        id: group.id,
        status: ['ACTIVE', 'INVITED', 'REQUESTED', 'LEFT'],
        first: 4,
        after,
      };
      const page: any = (await coordinator.client.ok(op.MEMBERSHIPS, variables)).buyerGroup.memberships;
      expect(page.totalCount).toBe(6);
      seen.push(...page.nodes.map((m: any) => m.organisation.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen.sort()).toEqual(all);
    expect(new Set(seen).size).toBe(6);
  });

  it('refuses a page size out of range and more than four statuses', async () => {
    let err = await coordinator.client.fails(op.MEMBERSHIPS, { id: group.id, first: 0 });
    expect([err.code, err.extensions.field]).toEqual(['BAD_USER_INPUT', 'first']);
    err = await coordinator.client.fails(op.MEMBERSHIPS, { id: group.id, status: Array(5).fill('ACTIVE') });
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
    const { createBuyerGroup: group } = await kari.ok(op.CREATE_GROUP, {
      input: { name: 'Utslippsfrie kommunale kjøretøy', focusArea: 'TRANSPORT', cpvCodes: ['34144900-7'] },
    });
    expect(group).toMatchObject({ status: 'FORMING', visibility: 'UNLISTED', cpvCodes: ['34144900'] });
    expect((await per.fails(op.GROUP, { id: group.id })).code).toBe('NOT_FOUND');

    // Kari invites Melhus; Per finds the invitation and accepts it.
    await kari.ok(op.INVITE, { input: { groupId: group.id, organisationId: orgB.id, message: 'Bli med!' } });
    const mine = await per.ok(op.GROUPS, { scope: 'MINE' });
    expect(mine.buyerGroups.nodes).toEqual([
      { id: group.id, name: group.name, viewerMembership: { status: 'INVITED' } },
    ]);
    const { acceptInvitation } = await per.ok(op.ACCEPT, { groupId: group.id });
    expect(acceptInvitation).toMatchObject({ status: 'ACTIVE', role: 'MEMBER', joinedAt: expect.any(String) });
    await kari.ok(op.UPDATE_GROUP, { id: group.id, input: { status: 'ACTIVE' } });

    // Kari describes the need; both state their own share.
    const { createSharedNeed: need } = await kari.ok(op.CREATE_NEED, {
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
