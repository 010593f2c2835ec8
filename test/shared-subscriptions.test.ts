import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import WebSocket from 'ws';
import { MembershipRole, MembershipStatus } from '../server/modules/groups/membership.entity.js';
import type { TestUser } from './support/factories.js';
import { head, wsUrl } from './support/helpers.js';
import { startTestServer, type TestServer } from './support/server.js';
import { collect, wsClient } from './support/ws.js';

/**
 * One execution per event for subscribers who asked the same thing (server/subscriptions.ts):
 * their results are the same object, serialised once; a selection that reads the viewer is
 * executed per subscriber. The counter samverka_subscription_executions_total{mode} shows which.
 */
const THREAD_EVENTS = `subscription($threadId: ID!, $after: ID) {
  threadEvents(threadId: $threadId, after: $after) { id type payload actor { id displayName } message { id seq body } }
}`;
const WITH_REACTIONS = `subscription($threadId: ID!, $after: ID) {
  threadEvents(threadId: $threadId, after: $after) { id type message { id reactions { emoji count viewerReacted } } }
}`;
const POST = `mutation($input: PostMessageInput!) { postMessage(input: $input) { id } }`;

let s: TestServer;
let coordinator: TestUser;
let members: TestUser[];
let threadId: string;

beforeAll(async () => {
  s = await startTestServer();
  coordinator = await s.factories.user();
  const { createBuyerGroup } = await coordinator.client.ok(
    `mutation { createBuyerGroup(input: { name: "Felles innkjøp", focusArea: TRANSPORT }) { id generalThread { id } } }`,
  );
  threadId = createBuyerGroup.generalThread.id;
  members = await s.factories.users(5);
  for (const m of members) {
    await s.factories.membership(
      { id: createBuyerGroup.id } as never,
      m.organisation,
      MembershipRole.MEMBER,
      MembershipStatus.ACTIVE,
    );
  }
});
afterAll(() => s?.close());

const executions = async (mode: 'shared' | 'single') => {
  const { values } = await s.app.metrics.events.executions.get();
  return values.find((v) => v.labels.mode === mode)?.value ?? 0;
};

const post = (body: string) => coordinator.client.ok(POST, { input: { threadId, body, idempotencyKey: randomUUID() } });

/** A raw graphql-transport-ws socket: every frame as received, so frames of two sockets can be compared byte for byte. */
async function rawSubscriber(user: TestUser, query: string, variables: Record<string, unknown>) {
  const socket = new WebSocket(wsUrl(s), 'graphql-transport-ws');
  onTestFinished(() => socket.close());
  const frames: string[] = [];
  const waiters: (() => void)[] = [];
  socket.on('message', (data, isBinary) => {
    expect(isBinary).toBe(false);
    const text = String(data);
    if (JSON.parse(text).type === 'next') frames.push(text);
    waiters.splice(0).forEach((wake) => wake());
  });
  await new Promise((resolve) => socket.on('open', resolve));
  socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${user.token}` } }));
  await new Promise<void>((resolve) =>
    socket.once('message', (data) => {
      expect(JSON.parse(String(data)).type).toBe('connection_ack');
      resolve();
    }),
  );
  socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables } }));
  return {
    frames,
    until: async (n: number) => {
      while (frames.length < n) await new Promise<void>((wake) => waiters.push(wake));
    },
  };
}

describe('one execution per event for subscribers of the same selection', () => {
  it('executes once per event, not once per subscriber, and sends every subscriber the same bytes', async () => {
    const after = await head(s);
    const viewers = [coordinator, ...members];
    const subscriptions = viewers.map((u) => {
      const client = wsClient(wsUrl(s), u.token);
      onTestFinished(() => client.dispose());
      return collect(client, THREAD_EVENTS, { threadId, after });
    });
    const raw = await Promise.all(members.slice(0, 2).map((u) => rawSubscriber(u, THREAD_EVENTS, { threadId, after })));
    // Every subscription is live once it has the first message (replayed or delivered).
    await post('første');
    await Promise.all(subscriptions.map((x) => x.until((c) => c.items.length === 1)));
    await Promise.all(raw.map((r) => r.until(1)));

    const [shared, single] = [await executions('shared'), await executions('single')];
    for (let i = 2; i <= 6; i++) await post(`melding ${i}`);
    await Promise.all(subscriptions.map((x) => x.until((c) => c.items.length === 6)));
    await Promise.all(raw.map((r) => r.until(6)));

    // 5 events, 8 subscribers of one group: 5 executions.
    expect(await executions('shared')).toBe(shared + 5);
    expect(await executions('single')).toBe(single);
    const results = subscriptions.map((x) => x.results.slice(1));
    for (const r of results) expect(r).toEqual(results[0]);
    expect(results[0].map((r: any) => r.data.threadEvents.message.body)).toEqual(
      ['melding 2', 'melding 3', 'melding 4', 'melding 5', 'melding 6'].map(String),
    );
    // The same subscription id on two sockets: the very same frames.
    expect(raw[0].frames.slice(1)).toEqual(raw[1].frames.slice(1));
    expect(JSON.parse(raw[0].frames[5]).payload).toEqual(results[0][4]);
  });

  it('executes a selection that reads the viewer for each subscriber, each with their own answer', async () => {
    const [a, b] = members;
    const after = await head(s);
    const subs = [a, b].map((u) => {
      const client = wsClient(wsUrl(s), u.token);
      onTestFinished(() => client.dispose());
      return collect(client, WITH_REACTIONS, { threadId, after });
    });
    const { postMessage } = await post('reager på meg');
    await Promise.all(subs.map((x) => x.until((c) => c.items.length === 1)));

    const [shared, single] = [await executions('shared'), await executions('single')];
    await a.client.ok(
      `mutation($id: ID!) { setReaction(input: { messageId: $id, emoji: "👍", reacted: true }) { id } }`,
      {
        id: postMessage.id,
      },
    );
    await Promise.all(subs.map((x) => x.until((c) => c.items.length === 2)));
    const reactionsOf = (i: number) => subs[i].items[1].message.reactions;
    expect(reactionsOf(0)).toEqual([{ emoji: '👍', count: 1, viewerReacted: true }]);
    expect(reactionsOf(1)).toEqual([{ emoji: '👍', count: 1, viewerReacted: false }]);
    expect(await executions('shared')).toBe(shared);
    expect(await executions('single')).toBe(single + 2);
  });

  it('keeps groups apart: another selection of the same events is executed once more, for its own group', async () => {
    const after = await head(s);
    const short = `subscription($threadId: ID!, $after: ID) { threadEvents(threadId: $threadId, after: $after) { id type } }`;
    const subs = members.slice(0, 4).map((u, i) => {
      const client = wsClient(wsUrl(s), u.token);
      onTestFinished(() => client.dispose());
      return collect(client, i % 2 ? short : THREAD_EVENTS, { threadId, after });
    });
    await post('to grupper');
    await Promise.all(subs.map((x) => x.until((c) => c.items.length === 1)));
    const shared = await executions('shared');
    await post('to grupper igjen');
    await Promise.all(subs.map((x) => x.until((c) => c.items.length === 2)));
    expect(await executions('shared')).toBe(shared + 2);
    expect(Object.keys(subs[1].items[1])).toEqual(['id', 'type']);
    expect(subs[0].items[1].message.body).toBe('to grupper igjen');
  });
});
