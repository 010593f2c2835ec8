import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import WebSocket from 'ws';
import { eventStream } from '../server/events/stream.js';
import { MembershipRole, MembershipStatus } from '../server/modules/groups/membership.entity.js';
import { GraphQLClient } from './support/client.js';
import type { TestUser } from './support/factories.js';
import { head, wsUrl } from './support/helpers.js';
import { startTestServer, type TestServer } from './support/server.js';
import { collect, wsClient } from './support/ws.js';

/**
 * Under load nothing is dropped: a stream ends only by the client, by authorisation or with
 * RESYNC_REQUIRED for a too old `after`, never because the server or the client is slow.
 */
const THREAD_EVENTS = `subscription($threadId: ID!, $after: ID) {
  threadEvents(threadId: $threadId, after: $after) { id type groupId payload message { id seq body } }
}`;
const POST = `mutation($input: PostMessageInput!) { postMessage(input: $input) { id seq } }`;

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.close());

interface Room {
  threadId: string;
  coordinator: TestUser;
  member: TestUser;
}

async function room(server: TestServer): Promise<Room> {
  const coordinator = await server.factories.user();
  const { createBuyerGroup } = await coordinator.client.ok(
    `mutation { createBuyerGroup(input: { name: "Skyss", focusArea: TRANSPORT }) { id generalThread { id } } }`,
  );
  const member = await server.factories.user();
  await server.factories.membership(
    { id: createBuyerGroup.id } as never,
    member.organisation,
    MembershipRole.MEMBER,
    MembershipStatus.ACTIVE,
  );
  return { threadId: createBuyerGroup.generalThread.id, coordinator, member };
}

const post = (client: GraphQLClient, threadId: string, body: string) =>
  client.ok(POST, { input: { threadId, body, idempotencyKey: randomUUID() } });
const seqs = (items: any[]) => items.filter((e) => e.type === 'message.posted').map((e) => e.payload.seq);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Holds the event loop for `ms` (as a long synchronous task on a busy server would). */
const hold = (ms: number) => {
  const until = Date.now() + ms;
  while (Date.now() < until);
};

describe('while other processes hold every core', () => {
  const spinners: ChildProcess[] = [];
  beforeAll(() => {
    for (let i = 0; i < availableParallelism(); i++) {
      spinners.push(spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
    }
  });
  afterAll(() => {
    for (const child of spinners) child.kill('SIGKILL');
  });

  it('delivers messages in order, with edits, deletes and reactions, and across instances', async () => {
    const r = await room(s);
    const other = await s.startInstance();
    onTestFinished(() => other.stop());
    const after = await head(s);
    const here = wsClient(wsUrl(s), r.member.token);
    const there = wsClient(other.wsUrl, r.coordinator.token);
    onTestFinished(() => Promise.all([here.dispose(), there.dispose()]).then(() => undefined));
    const sub = collect(here, THREAD_EVENTS, { threadId: r.threadId, after });
    const far = collect(there, THREAD_EVENTS, { threadId: r.threadId, after });
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
    await far.until((x) => x.items.length === 23);
    for (const x of [sub, far]) {
      expect(x.errors).toEqual([]);
      expect(seqs(x.items)).toEqual(range(1, 20));
      expect(x.items.slice(20).map((e) => e.type)).toEqual(['message.edited', 'reaction.changed', 'message.deleted']);
      const ids = x.items.map((e) => Number(e.id));
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
    }
    expect(sub.items[20].message.body).toBe('m1 (rettet)');
    expect(far.items.map((e) => e.id)).toEqual(sub.items.map((e) => e.id));
    expect(sub.completed || far.completed).toBe(false);
  });
});

describe('a slow consumer', () => {
  it('falls behind to the log and catches up, in order, instead of being ended', async () => {
    const u = await s.factories.user();
    const bus = s.app.services.bus;
    const stream = await eventStream({
      bus,
      db: s.db,
      after: null,
      organisationId: u.organisation.id,
      filter: { userId: u.user.id },
      replayWindowDays: 30,
    });
    const it = stream[Symbol.asyncIterator]();
    onTestFinished(() => it.return?.().then(() => undefined));
    // Far more than a subscriber may have waiting in memory, and nothing read meanwhile.
    const ids: number[] = [];
    for (let batch = 0; batch < 15; batch++) {
      await s.app.services.events.transaction(async (_em, record) => {
        for (let i = 0; i < 100; i++) {
          ids.push(
            await record({
              scopeType: 'user',
              scopeId: u.user.id,
              groupId: null,
              type: 'read.updated',
              payload: { threadId: randomUUID(), groupId: randomUUID(), lastReadSeq: batch * 100 + i },
            }),
          );
        }
      });
    }
    await new Promise<void>((resolve) => {
      const check = () => bus.deliveredUpTo >= ids[ids.length - 1];
      if (check()) return resolve();
      const off = bus.onEvent(() => check() && (off(), resolve()));
    });
    const got: number[] = [];
    while (got.length < ids.length) {
      const { value } = await it.next();
      expect(value && 'end' in value ? String(value.end) : null).toBeNull();
      got.push((value as { id: number }).id);
    }
    expect(got).toEqual(ids);
    // And live again.
    const [next] = await s.app.services.events.transaction(async (_em, record) => [
      await record({
        scopeType: 'user',
        scopeId: u.user.id,
        groupId: null,
        type: 'read.updated',
        payload: { threadId: randomUUID(), groupId: randomUUID(), lastReadSeq: 0 },
      }),
    ]);
    expect(((await it.next()).value as { id: number }).id).toBe(next);
  });
});

describe("graphql-ws's timeouts on a busy server", () => {
  /** A raw graphql-transport-ws socket that holds the (shared) event loop when `onPing` says so. */
  async function rawClient(server: TestServer, token: string, holdOnPing: number) {
    const socket = new WebSocket(wsUrl(server), 'graphql-transport-ws');
    onTestFinished(() => socket.terminate());
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    let pings = 0;
    const frames: any[] = [];
    socket.on('ping', () => {
      pings += 1;
      // ws has already answered (auto pong); the server's loop cannot read it while this runs.
      if (pings === 1) hold(holdOnPing);
    });
    socket.on('message', (data) => frames.push(JSON.parse(String(data))));
    await new Promise((resolve) => socket.on('open', resolve));
    return { socket, closed, frames, pings: () => pings };
  }

  it('keeps a socket whose pong came while the loop was held past the keep-alive', async () => {
    const quick = await startTestServer({ WS_KEEPALIVE_MS: '200' });
    onTestFinished(() => quick.close());
    const r = await room(quick);
    const c = await rawClient(quick, r.member.token, 700);
    let closedWith: number | null = null;
    void c.closed.then((code) => (closedWith = code));
    c.socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${r.member.token}` } }));
    while (!c.frames.some((f) => f.type === 'connection_ack') && closedWith === null) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const after = await head(quick);
    c.socket.send(
      JSON.stringify({
        id: '1',
        type: 'subscribe',
        payload: { query: THREAD_EVENTS, variables: { threadId: r.threadId, after } },
      }),
    );
    // Past the held ping and two more rounds: the socket lived through the late verdict.
    while (c.pings() < 3 && closedWith === null) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closedWith).toBeNull();
    await post(r.coordinator.client, r.threadId, 'fortsatt her');
    while (!c.frames.some((f) => f.type === 'next') && closedWith === null) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(closedWith).toBeNull();
    expect(c.frames.find((f) => f.type === 'next').payload.data.threadEvents.message.body).toBe('fortsatt her');
  });

  it('keeps a socket whose connection_init came while the loop was held past the init timeout', async () => {
    const quick = await startTestServer({ WS_CONNECTION_INIT_TIMEOUT_MS: '300' });
    onTestFinished(() => quick.close());
    const u = await quick.factories.user();
    const c = await rawClient(quick, u.token, 0);
    c.socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${u.token}` } }));
    hold(700);
    const outcome = await Promise.race([
      c.closed.then((code) => `closed ${code}`),
      new Promise<string>((resolve) => {
        const check = () =>
          c.frames.some((f) => f.type === 'connection_ack') ? resolve('ack') : setTimeout(check, 20);
        check();
      }),
    ]);
    expect(outcome).toBe('ack');
  });
});
