import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import WebSocket from 'ws';
import { MembershipRole, MembershipStatus } from '../server/modules/groups/membership.entity.js';
import { GraphQLClient } from './support/client.js';
import type { TestUser } from './support/factories.js';
import { startTestServer, type TestServer } from './support/server.js';
import { collect, wsClient } from './support/ws.js';
import { head, wsUrl } from './support/helpers.js';

const THREAD_EVENTS = `subscription($threadId: ID!, $after: ID) {
  threadEvents(threadId: $threadId, after: $after) { id type groupId payload message { id seq body } }
}`;
const GROUP_EVENTS = `subscription($groupId: ID!, $after: ID) {
  groupEvents(groupId: $groupId, after: $after) { id type groupId scopeType payload }
}`;
const TYPING = `subscription($threadId: ID!) { typing(threadId: $threadId) { userId displayName typing } }`;
const POST = `mutation($input: PostMessageInput!) { postMessage(input: $input) { id seq } }`;

let s: TestServer;

interface Room {
  groupId: string;
  threadId: string;
  coordinator: TestUser;
  member: TestUser;
}

/** A group formed through the API (so it has its general thread), with a second active member. */
async function room(): Promise<Room> {
  const coordinator = await s.factories.user();
  const { createBuyerGroup } = await coordinator.client.ok(
    `mutation { createBuyerGroup(input: { name: "Skyss", focusArea: TRANSPORT }) { id generalThread { id } } }`,
  );
  const member = await s.factories.user();
  const group = { id: createBuyerGroup.id } as never;
  await s.factories.membership(group, member.organisation, MembershipRole.MEMBER, MembershipStatus.ACTIVE);
  return { groupId: createBuyerGroup.id, threadId: createBuyerGroup.generalThread.id, coordinator, member };
}

const post = (client: GraphQLClient, threadId: string, body: string) =>
  client.ok(POST, { input: { threadId, body, idempotencyKey: randomUUID() } });

const seqs = (items: any[]) => items.filter((e) => e.type === 'message.posted').map((e) => e.payload.seq);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

beforeAll(async () => {
  s = await startTestServer({
    WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: '3',
    WS_MAX_CONNECTIONS_PER_USER: '3',
  });
});
afterAll(() => s?.close());

describe('thread subscriptions', () => {
  it('refuses outsiders (NOT_FOUND, as over HTTP) and lets observers follow', async () => {
    const r = await room();
    const outsider = await s.factories.user();
    const c = wsClient(wsUrl(s), outsider.token);
    const sub = collect(c, THREAD_EVENTS, { threadId: r.threadId, after: await head(s) });
    await sub.until((x) => x.completed);
    expect(sub.errors[0].extensions.code).toBe('NOT_FOUND');
    await c.dispose();

    const observer = await s.factories.user();
    await s.factories.membership({ id: r.groupId } as never, observer.organisation, MembershipRole.OBSERVER);
    const oc = wsClient(wsUrl(s), observer.token);
    const watching = collect(oc, THREAD_EVENTS, { threadId: r.threadId, after: await head(s) });
    await post(r.member.client, r.threadId, 'Hei');
    await watching.until((x) => x.items.length === 1);
    expect(watching.items[0].message.body).toBe('Hei');
    await oc.dispose();
  });

  it('delivers messages in order, with edits, deletes and reactions', async () => {
    const r = await room();
    const c = wsClient(wsUrl(s), r.member.token);
    const sub = collect(c, THREAD_EVENTS, { threadId: r.threadId, after: await head(s) });
    const posted = [];
    for (let i = 1; i <= 20; i++) posted.push((await post(r.coordinator.client, r.threadId, `m${i}`)).postMessage);
    await r.coordinator.client.ok(
      `mutation($id: ID!) { editMessage(input: { messageId: $id, body: "m1 (rettet)" }) { id } }`,
      {
        id: posted[0].id,
      },
    );
    await r.member.client.ok(
      `mutation($id: ID!) { setReaction(input: { messageId: $id, emoji: "👍", reacted: true }) { id } }`,
      {
        id: posted[1].id,
      },
    );
    await r.coordinator.client.ok(`mutation($id: ID!) { deleteMessage(messageId: $id) { id } }`, { id: posted[2].id });
    await sub.until((x) => x.items.length === 23);
    expect(seqs(sub.items)).toEqual(range(1, 20));
    expect(sub.items.slice(20).map((e) => e.type)).toEqual(['message.edited', 'reaction.changed', 'message.deleted']);
    expect(sub.items[20].message.body).toBe('m1 (rettet)');
    expect(sub.items[22].message).toMatchObject({ seq: 3, body: null });
    const ids = sub.items.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    await c.dispose();
  });

  it('resumes after the socket is killed mid-stream: every message exactly once, in order', async () => {
    const r = await room();
    const url = wsUrl(s);
    const first = wsClient(url, r.member.token);
    const sub = collect(first, THREAD_EVENTS, { threadId: r.threadId, after: await head(s) });
    for (let i = 1; i <= 10; i++) await post(r.coordinator.client, r.threadId, `før ${i}`);
    await sub.until((x) => x.items.length >= 5);
    first.terminate();
    const seen = [...sub.items];
    // Posting goes on while the client is away.
    for (let i = 11; i <= 30; i++) await post(r.coordinator.client, r.threadId, `under ${i}`);
    const again = wsClient(url, r.member.token);
    const resumed = collect(again, THREAD_EVENTS, { threadId: r.threadId, after: seen.at(-1).id });
    for (let i = 31; i <= 35; i++) await post(r.coordinator.client, r.threadId, `etter ${i}`);
    await resumed.until((x) => seqs([...seen, ...x.items]).length === 35);
    expect(seqs([...seen, ...resumed.items])).toEqual(range(1, 35));
    await again.dispose();
  });

  it('rejects an `after` that is not an event id, and one older than the replay window', async () => {
    const r = await room();
    const { postMessage } = await post(r.coordinator.client, r.threadId, 'gammel');
    const [{ id }] = await s.db.query(`SELECT max(id) AS id FROM event WHERE scope_id = $1`, [r.threadId]);
    await s.db.query(`UPDATE event SET created_at = now() - interval '400 days' WHERE id = $1`, [id]);
    const c = wsClient(wsUrl(s), r.member.token);
    const bad = collect(c, THREAD_EVENTS, { threadId: r.threadId, after: 'abc' });
    await bad.until((x) => x.completed);
    expect(bad.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    const old = collect(c, THREAD_EVENTS, { threadId: r.threadId, after: String(Number(id) - 1) });
    await old.until((x) => x.completed);
    expect(old.errors[0].extensions.code).toBe('RESYNC_REQUIRED');
    expect(old.errors[0].message).toMatch(/Refetch/);
    expect(postMessage.seq).toBe(1);
    await c.dispose();
  });
});

describe('two instances', () => {
  it('delivers an event committed on instance A to subscribers on instance B, typing included', async () => {
    const r = await room();
    const a = await s.startInstance();
    const b = await s.startInstance();
    const onB = wsClient(b.wsUrl, r.member.token);
    const events = collect(onB, THREAD_EVENTS, { threadId: r.threadId, after: await head(s) });
    const typing = collect(onB, TYPING, { threadId: r.threadId });
    const aClient = new GraphQLClient(a.url, r.coordinator.token);
    await post(aClient, r.threadId, 'fra A');
    await events.until((x) => x.items.length === 1);
    expect(events.items[0].message.body).toBe('fra A');

    const eventsBefore = (await s.db.query(`SELECT count(*)::int AS n FROM event`))[0].n;
    // Typing may race the subscription's registration on B; repeat until it is seen (no sleeps).
    const signal = () => aClient.ok(`mutation($t: ID!) { setTyping(threadId: $t, typing: true) }`, { t: r.threadId });
    await signal();
    const seen = typing.until((x) => x.items.length > 0);
    const resend = setInterval(() => void signal(), 50);
    await seen.finally(() => clearInterval(resend));
    expect(typing.items[0]).toMatchObject({ userId: r.coordinator.user.id, typing: true });
    // Typing is never stored.
    expect((await s.db.query(`SELECT count(*)::int AS n FROM event`))[0].n).toBe(eventsBefore);
    await onB.dispose();
  });

  it('a sign-out on one instance ends the session on another that had it cached', async () => {
    const u = await s.factories.user();
    const a = await s.startInstance();
    const b = await s.startInstance();
    const onA = new GraphQLClient(a.url, u.token);
    expect((await onA.ok('{ viewer { id } }')).viewer.id).toBe(u.user.id);
    const revoked = new Promise<void>((resolve) => {
      const off = a.app.services.bus.onEvent((e) => {
        if (e.type === 'session.revoked' && e.scopeId === u.user.id) {
          off();
          resolve();
        }
      });
    });
    await new GraphQLClient(b.url, u.token).ok('mutation { signOut }');
    await revoked;
    expect((await onA.ok('{ viewer { id } }')).viewer).toBeNull();
  });

  it('clients of an instance that dies reconnect to another and miss nothing', async () => {
    const r = await room();
    const a = await s.startInstance();
    const b = await s.startInstance();
    const writer = new GraphQLClient(b.url, r.coordinator.token);
    const subscribers = await Promise.all(
      [r.member, r.coordinator].map(async (u) => {
        const client = wsClient(a.wsUrl, u.token);
        return { u, client, sub: collect(client, THREAD_EVENTS, { threadId: r.threadId, after: await head(s) }) };
      }),
    );
    for (let i = 1; i <= 10; i++) await post(writer, r.threadId, `før krasj ${i}`);
    await Promise.all(subscribers.map(({ sub }) => sub.until((x) => x.items.length >= 3)));
    await a.crash();
    for (let i = 11; i <= 25; i++) await post(writer, r.threadId, `etter krasj ${i}`);
    for (const { u, sub } of subscribers) {
      const seen = [...sub.items];
      const client = wsClient(b.wsUrl, u.token);
      const resumed = collect(client, THREAD_EVENTS, { threadId: r.threadId, after: seen.at(-1)?.id ?? null });
      await resumed.until((x) => seqs([...seen, ...x.items]).length === 25);
      expect(seqs([...seen, ...resumed.items])).toEqual(range(1, 25));
      await client.dispose();
    }
  });
});

describe('authorisation per event', () => {
  it('ends the subscriptions of an organisation removed from the group with FORBIDDEN, at once', async () => {
    const r = await room();
    const c = wsClient(wsUrl(s), r.member.token);
    const thread = collect(c, THREAD_EVENTS, { threadId: r.threadId, after: await head(s) });
    const group = collect(c, GROUP_EVENTS, { groupId: r.groupId, after: await head(s) });
    const typing = collect(c, TYPING, { threadId: r.threadId });
    await post(r.coordinator.client, r.threadId, 'før');
    // Both streams are live (a subscribe processed after the removal would rightly get NOT_FOUND).
    await thread.until((x) => x.items.length === 1);
    await group.until((x) => x.items.some((e) => e.type === 'message.posted'));
    const signal = () =>
      r.coordinator.client.ok(`mutation($t: ID!) { setTyping(threadId: $t, typing: true) }`, { t: r.threadId });
    await signal();
    const resend = setInterval(() => void signal(), 50);
    await typing.until((x) => x.items.length > 0).finally(() => clearInterval(resend));
    await r.coordinator.client.ok(
      `mutation($g: ID!, $o: ID!) { removeMember(input: { groupId: $g, organisationId: $o }) { status } }`,
      { g: r.groupId, o: r.member.organisation.id },
    );
    await thread.until((x) => x.completed);
    await group.until((x) => x.completed);
    await typing.until((x) => x.completed);
    expect(thread.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(group.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(typing.errors[0].extensions.code).toBe('FORBIDDEN');
    await post(r.coordinator.client, r.threadId, 'etter');
    expect(thread.items.map((e) => e.message?.body)).toEqual(['før']);
    // And it cannot subscribe again.
    const again = collect(c, THREAD_EVENTS, { threadId: r.threadId, after: await head(s) });
    await again.until((x) => x.completed);
    expect(again.errors[0].extensions.code).toBe('NOT_FOUND');
    await c.dispose();
  });

  it('never delivers another group’s events, with many groups and subscribers at once', async () => {
    const rooms = await Promise.all(Array.from({ length: 6 }, room));
    const h = await head(s);
    const subs = rooms.flatMap((r) =>
      [r.member, r.coordinator].map((u) => {
        const client = wsClient(wsUrl(s), u.token);
        return { r, client, group: collect(client, GROUP_EVENTS, { groupId: r.groupId, after: h }) };
      }),
    );
    await Promise.all(rooms.map((r, i) => post(r.coordinator.client, r.threadId, `gruppe ${i}`)));
    await Promise.all(
      rooms.map((r) =>
        r.coordinator.client.ok(
          `mutation($g: ID!) { createSharedNeed(input: { groupId: $g, title: "Behov", problem: "Noe" }) { id } }`,
          { g: r.groupId },
        ),
      ),
    );
    for (const { r, group } of subs) {
      await group.until((x) => x.items.filter((e) => e.type === 'need.created').length === 1);
      await group.until((x) => x.items.some((e) => e.type === 'message.posted'));
      expect(group.items.every((e) => e.groupId === r.groupId)).toBe(true);
    }
    await Promise.all(subs.map((x) => x.client.dispose()));
  });

  it('group events carry membership, need and interest changes', async () => {
    const r = await room();
    const c = wsClient(wsUrl(s), r.member.token);
    const group = collect(c, GROUP_EVENTS, { groupId: r.groupId, after: await head(s) });
    const other = await s.factories.organisation();
    await r.coordinator.client.ok(
      `mutation($g: ID!, $o: ID!) { inviteOrganisation(input: { groupId: $g, organisationId: $o }) { status } }`,
      { g: r.groupId, o: other.id },
    );
    const { createSharedNeed } = await r.coordinator.client.ok(
      `mutation($g: ID!) { createSharedNeed(input: { groupId: $g, title: "Skoleskyss", problem: "Elever" }) { id } }`,
      { g: r.groupId },
    );
    await r.member.client.ok(
      `mutation($n: ID!) { setNeedInterest(input: { needId: $n, quantity: "4", unit: "busser" }) { id } }`,
      { n: createSharedNeed.id },
    );
    await group.until((x) => x.items.length === 3);
    expect(group.items.map((e) => e.type)).toEqual(['membership.changed', 'need.created', 'interest.set']);
    expect(group.items[0].payload).toMatchObject({ organisationId: other.id, status: 'INVITED', change: 'invited' });
    await c.dispose();
  });
});

describe('WebSocket limits and parity with HTTP', () => {
  it('validates input as HTTP does', async () => {
    const r = await room();
    const c = wsClient(wsUrl(s), r.member.token);
    const res = collect(c, POST, { input: { threadId: r.threadId, body: ' ', idempotencyKey: 'k' } });
    await res.until((x) => x.completed);
    expect(res.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.body' });
    const http = await r.member.client.fails(POST, { input: { threadId: r.threadId, body: ' ', idempotencyKey: 'k' } });
    expect(http.extensions.field).toBe('input.body');
    await c.dispose();
  });

  it('limits operations per connection', async () => {
    const r = await room();
    const c = wsClient(wsUrl(s), r.member.token);
    const h = await head(s);
    const open = [1, 2, 3].map(() => collect(c, THREAD_EVENTS, { threadId: r.threadId, after: h }));
    const fourth = collect(c, THREAD_EVENTS, { threadId: r.threadId, after: await head(s) });
    await fourth.until((x) => x.completed);
    expect(fourth.errors[0].extensions.code).toBe('RATE_LIMITED');
    open[0].stop();
    // The freed slot can be used again.
    const again = collect(c, `{ viewer { id } }`);
    await again.until((x) => x.completed);
    expect(again.errors).toEqual([]);
    expect(open.slice(1).every((x) => !x.completed)).toBe(true);
    await c.dispose();
  });

  it('limits connections per user (close code 4429)', async () => {
    const u = await s.factories.user();
    const codes: number[] = [];
    const clients = [];
    for (let i = 0; i < 3; i++) {
      const c = wsClient(wsUrl(s), u.token);
      clients.push(c);
      await collect(c, `{ viewer { id } }`).until((x) => x.completed);
    }
    const closed = new Promise<number>((resolve) => {
      const c = wsClient(wsUrl(s), u.token, resolve);
      clients.push(c);
      collect(c, `{ viewer { id } }`);
    });
    codes.push(await closed);
    expect(codes).toEqual([4429]);
    await Promise.all(clients.map((c) => c.dispose()));
  });

  it('closes a socket that sends no connection_init in time (4408) and one that stops answering pings', async () => {
    // Short timeouts on a server of its own: on the shared one they would end live sockets of a busy machine.
    const quick = await startTestServer({ WS_CONNECTION_INIT_TIMEOUT_MS: '300', WS_KEEPALIVE_MS: '200' });
    onTestFinished(() => quick.close());
    const url = quick.url.replace(/^http/, 'ws');
    const silent = new WebSocket(url, 'graphql-transport-ws');
    const code = await new Promise<number>((resolve) => silent.on('close', (c) => resolve(c)));
    expect(code).toBe(4408);

    const u = await quick.factories.user();
    const dead = new WebSocket(url, 'graphql-transport-ws', { autoPong: false });
    await new Promise((resolve) => dead.on('open', resolve));
    dead.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${u.token}` } }));
    const ended = await new Promise<number>((resolve) => dead.on('close', (c) => resolve(c)));
    expect(ended).toBe(1006);
  });
});
