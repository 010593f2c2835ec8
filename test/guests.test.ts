import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MembershipRole, MembershipStatus } from '../server/modules/groups/membership.entity.js';
import type { BuyerGroup } from '../server/modules/groups/group.entity.js';
import { RESET, tokenFromMail } from './support/accounts.js';
import { GraphQLClient } from './support/client.js';
import type { TestUser } from './support/factories.js';
import { startTestServer, type TestServer } from './support/server.js';
import { collect, wsClient } from './support/ws.js';
import { head, inDays, wsUrl } from './support/helpers.js';

const INVITE = `mutation($input: InviteGuestInput!) {
  inviteGuest(input: $input) { id endsAt active note user { id email displayName organisation { kind name } } }
}`;
const REVOKE = `mutation($id: ID!) { revokeGuest(id: $id) { id active revokedAt } }`;
const GROUP = `query($id: ID!) {
  buyerGroup(id: $id) { id name viewerMembership { guest role status } }
}`;
const POST = `mutation($input: PostMessageInput!) {
  postMessage(input: $input) { id authorGuest authorOrganisation { kind } }
}`;
const GROUP_EVENTS = `subscription($groupId: ID!, $after: ID) { groupEvents(groupId: $groupId, after: $after) { id type } }`;

let s: TestServer;
let coordinator: TestUser;
let member: TestUser;
let group: BuyerGroup;
let otherGroup: BuyerGroup;
let needId: string;
let threadId: string;

beforeAll(async () => {
  s = await startTestServer();
  coordinator = await s.factories.user();
  member = await s.factories.user();
  group = await s.factories.group(coordinator.organisation, { name: 'Skoleskyss Trøndelag' }, [
    { organisation: member.organisation, role: MembershipRole.MEMBER },
    { organisation: await s.factories.organisation(), status: MembershipStatus.INVITED },
  ]);
  otherGroup = await s.factories.group(coordinator.organisation, { name: 'En annen gruppe' });
  const { createSharedNeed } = await coordinator.client.ok(
    `mutation($input: CreateSharedNeedInput!) { createSharedNeed(input: $input) { id } }`,
    { input: { groupId: group.id, title: 'Skyss', problem: 'Elever må fram trygt.' } },
  );
  needId = createSharedNeed.id;
  const { createThread } = await coordinator.client.ok(
    `mutation($input: CreateThreadInput!) { createThread(input: $input) { id } }`,
    { input: { groupId: group.id, title: 'Generelt' } },
  );
  threadId = createThread.id;
});
afterAll(() => s?.close());

/** Invites a new address and lets the person choose a password from the mail; returns their client. */
async function newGuest(email: string, endsAt = inDays(30)) {
  const before = s.mail.received.length;
  const { inviteGuest } = await coordinator.client.ok(INVITE, {
    input: {
      groupId: group.id,
      email,
      displayName: 'Kari Konsulent',
      affiliation: 'Konsulenthuset AS',
      endsAt,
      note: 'Juridisk bistand',
    },
  });
  const token = await tokenFromMail(s, email, '/reset-password', before);
  const { resetPassword } = await s.anon.ok(RESET, { input: { token, password: 'a guest password here' } });
  expect(resetPassword.status).toBe('ACTIVE');
  return {
    grant: inviteGuest,
    client: s.as(resetPassword.session.token),
    token: resetPassword.session.token as string,
  };
}

const post = (client: GraphQLClient, threadId: string, body: string, mentionUserIds: string[] = []) =>
  client.request(POST, { input: { threadId, body, idempotencyKey: randomUUID(), mentionUserIds } });

describe('guests of a group', () => {
  it('only coordinators invite guests: anonymous, members and outsiders are refused', async () => {
    const input = { groupId: group.id, email: 'x@konsulent.no', displayName: 'X', endsAt: inDays(10) };
    expect((await s.anon.fails(INVITE, { input })).code).toBe('UNAUTHENTICATED');
    expect((await member.client.fails(INVITE, { input })).code).toBe('FORBIDDEN');
    // The group is listed, so an outsider authority sees it, but is no coordinator of it.
    const outsider = await s.factories.user();
    expect((await outsider.client.fails(INVITE, { input })).code).toBe('FORBIDDEN');
  });

  it('checks the end date and who is invited', async () => {
    const base = { groupId: group.id, email: 'y@konsulent.no', displayName: 'Y' };
    let err = await coordinator.client.fails(INVITE, { input: { ...base, endsAt: inDays(-1) } });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual(['BAD_USER_INPUT', 'input.endsAt', 'future']);
    err = await coordinator.client.fails(INVITE, { input: { ...base, endsAt: inDays(400) } });
    expect(err.extensions.rule).toBe('maxDays');
    err = await coordinator.client.fails(INVITE, { input: { ...base, email: member.user.email, endsAt: inDays(5) } });
    expect([err.extensions.field, err.extensions.rule]).toEqual(['input.email', 'alreadyMember']);
    // Equal treatment: no supplier reads the buyers' group as a guest.
    const supplier = await s.factories.supplier();
    err = await coordinator.client.fails(INVITE, { input: { ...base, email: supplier.user.email, endsAt: inDays(5) } });
    expect([err.extensions.field, err.extensions.rule]).toEqual(['input.email', 'supplier']);
    // Nor a new address at a supplier's domain.
    const domain = supplier.organisation.emailDomains[0];
    err = await coordinator.client.fails(INVITE, { input: { ...base, email: `ny@salg.${domain}`, endsAt: inDays(5) } });
    expect(err.extensions.rule).toBe('supplier');
  });

  it('a new guest chooses a password from the mail, reads and writes in that group only, and acts for no organisation', async () => {
    const { grant, client } = await newGuest('kari@konsulenthuset.no');
    expect(grant).toMatchObject({
      active: true,
      note: 'Juridisk bistand',
      user: { organisation: { kind: 'GUEST', name: 'Konsulenthuset AS' } },
    });
    const mail = s.mail.to('kari@konsulenthuset.no').at(-1)!;
    expect(mail.text).toContain('Skoleskyss Trøndelag');
    // The group is the guest's; no other.
    const { buyerGroup } = await client.ok(GROUP, { id: group.id });
    expect(buyerGroup.viewerMembership).toEqual({ guest: true, role: 'MEMBER', status: 'ACTIVE' });
    expect((await client.fails(GROUP, { id: otherGroup.id })).code).toBe('NOT_FOUND');
    const mine = await client.ok(`{ buyerGroups(first: 50) { nodes { id } } }`);
    expect(mine.buyerGroups.nodes).toEqual([{ id: group.id }]);
    // Writes: a message, shown as a guest's.
    const res = await post(client, threadId, 'Hei fra gjesten');
    expect(res.data?.postMessage).toMatchObject({ authorGuest: true, authorOrganisation: { kind: 'GUEST' } });
    // Members mention the guest; the guest is among the group's people and in its guest list.
    expect((await post(member.client, threadId, '@Kari se her', [grant.user.id])).errors).toBeUndefined();
    const { buyerGroup: seen } = await member.client.ok(
      `query($id: ID!) { buyerGroup(id: $id) { people(first: 50) { id } guests { user { id } active } } }`,
      { id: group.id },
    );
    expect(seen.people.map((p: { id: string }) => p.id)).toContain(grant.user.id);
    expect(seen.guests).toContainEqual({ user: { id: grant.user.id }, active: true });
    // A guest sees the members, but not invitations and requests, nor the other guests.
    const INSIDE = `query($id: ID!) { buyerGroup(id: $id) { viewerMembership { guestUntil } guests { user { id } } memberships(status: [ACTIVE, INVITED]) { nodes { status } } } }`;
    const asGuest = (await client.ok(INSIDE, { id: group.id })).buyerGroup;
    expect(asGuest.viewerMembership.guestUntil).toEqual(expect.any(String));
    expect(asGuest.guests).toEqual([{ user: { id: grant.user.id } }]);
    expect(asGuest.memberships.nodes.map((m: { status: string }) => m.status)).not.toContain('INVITED');
    const asMember = (await member.client.ok(INSIDE, { id: group.id })).buyerGroup;
    expect(asMember.memberships.nodes.map((m: { status: string }) => m.status)).toContain('INVITED');
    expect(asMember.viewerMembership.guestUntil).toBeNull();
    // Acting for an organisation is refused: an interest, a need.
    let err = await client.fails(`mutation($input: SetNeedInterestInput!) { setNeedInterest(input: $input) { id } }`, {
      input: { needId, quantity: '10', unit: 'elever' },
    });
    expect([err.code, err.message]).toEqual([
      'FORBIDDEN',
      'Guests do not state interests: a guest acts for no organisation.',
    ]);
    err = await client.fails(`mutation($input: CreateSharedNeedInput!) { createSharedNeed(input: $input) { id } }`, {
      input: { groupId: group.id, title: 'Gjestens behov', problem: 'x' },
    });
    expect(err.code).toBe('FORBIDDEN');
    // Nor can a guest change the group's membership or invite.
    expect(
      (await client.fails(`mutation($id: ID!) { leaveGroup(groupId: $id) { id } }`, { id: group.id })).code,
    ).not.toBe(undefined);
    expect(
      (
        await client.fails(INVITE, {
          input: { groupId: group.id, email: 'z@x.no', displayName: 'Z', endsAt: inDays(3) },
        })
      ).code,
    ).toBe('FORBIDDEN');
    // The placeholder is no organisation of the registry.
    const orgs = await member.client.ok(`{ organisations(first: 100, search: "Konsulenthuset") { totalCount } }`);
    expect(orgs.organisations.totalCount).toBe(0);
  });

  it('an existing account from another organisation becomes a guest too, shown as one, acting for nobody', async () => {
    const lawyer = await s.factories.user({ displayName: 'Advokat fra annet organ' });
    const { inviteGuest } = await coordinator.client.ok(INVITE, {
      input: { groupId: group.id, email: lawyer.user.email, displayName: 'ignored', endsAt: inDays(7) },
    });
    expect(inviteGuest.user.id).toBe(lawyer.user.id);
    await s.mail.waitFor((m) => m.to.includes(lawyer.user.email) && m.text.includes(`/groups/${group.id}`));
    const again = await coordinator.client.fails(INVITE, {
      input: { groupId: group.id, email: lawyer.user.email, displayName: 'x', endsAt: inDays(7) },
    });
    expect(again.code).toBe('CONFLICT');
    expect((await lawyer.client.ok(GROUP, { id: group.id })).buyerGroup.viewerMembership.guest).toBe(true);
    const res = await post(lawyer.client, threadId, 'Juridisk vurdering');
    expect(res.data?.postMessage).toMatchObject({ authorGuest: true, authorOrganisation: { kind: 'MUNICIPALITY' } });
    const err = await lawyer.client.fails(
      `mutation($input: SetNeedInterestInput!) { setNeedInterest(input: $input) { id } }`,
      { input: { needId, quantity: '1', unit: 'elever' } },
    );
    expect(err.code).toBe('FORBIDDEN');
  });

  it("revoking ends the guest's open stream at once and every later request", async () => {
    const { grant, client, token } = await newGuest('revoke@konsulenthuset.no');
    const after = await head(s);
    const ws = wsClient(wsUrl(s), token);
    const stream = collect(ws, GROUP_EVENTS, { groupId: group.id, after });
    // The stream runs: a member's change reaches it.
    await member.client.ok(`mutation($input: CreateThreadInput!) { createThread(input: $input) { id } }`, {
      input: { groupId: group.id, title: `Tråd ${randomUUID().slice(0, 6)}` },
    });
    await stream.until((c) => c.items.length > 0);
    await coordinator.client.ok(REVOKE, { id: grant.id });
    await stream.until((c) => c.completed).catch(() => undefined);
    expect(stream.completed).toBe(true);
    expect(stream.errors[0]?.extensions?.code ?? stream.errors[0]?.message).toMatch(/FORBIDDEN|guest access/);
    expect((await client.fails(GROUP, { id: group.id })).code).toBe('NOT_FOUND');
    await ws.dispose();
    // A revoked grant cannot be changed again.
    expect((await coordinator.client.fails(REVOKE, { id: grant.id })).code).toBe('INVALID_STATE');
  });

  it('at the end date the guest loses access and their stream ends', async () => {
    const { grant, client, token } = await newGuest('slutt@konsulenthuset.no');
    // The end is moved close (through the database: the API asks for at least a minute ahead).
    await s.db.query(`UPDATE group_guest SET ends_at = now() + interval '1500 milliseconds' WHERE id = $1`, [grant.id]);
    const ws = wsClient(wsUrl(s), token);
    const stream = collect(ws, GROUP_EVENTS, { groupId: group.id });
    await stream.until((c) => c.completed).catch(() => undefined);
    expect(stream.completed).toBe(true);
    expect((await client.fails(GROUP, { id: group.id })).code).toBe('NOT_FOUND');
    await ws.dispose();
    // A coordinator may let the guest back in with a new end date.
    const { setGuestEndDate } = await coordinator.client.ok(
      `mutation($id: ID!, $endsAt: DateTimeISO!) { setGuestEndDate(id: $id, endsAt: $endsAt) { active } }`,
      { id: grant.id, endsAt: inDays(2) },
    );
    expect(setGuestEndDate.active).toBe(true);
    expect((await client.ok(GROUP, { id: group.id })).buyerGroup.id).toBe(group.id);
  });
});
