import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { RunningApp } from '../server/app.js';
import type { EventRecord } from '../server/events/event.entity.js';
import { eventFromRow } from '../server/events/event-log.js';
import { decodeNotice, encodeNotices, MAX_PAYLOAD_BYTES } from '../server/events/notify-payload.js';
import type { EventMetrics } from '../server/metrics.js';
import { GraphQLClient } from './support/client.js';
import type { TestUser } from './support/factories.js';
import { startTestServer, type Instance, type TestServer } from './support/server.js';

/**
 * Delivery without re-reading what was just written: the instance that commits delivers its events
 * from memory and carries them to the others in the NOTIFY payload; the log is read only to close
 * a gap (a late or lost notification, a rolled-back id) or for what a payload could not carry. The
 * counters of server/metrics.ts show which path each instance took.
 */
let s: TestServer;
let author: TestUser;
let threadId: string;

beforeAll(async () => {
  s = await startTestServer();
  author = await s.factories.user();
  const { createBuyerGroup } = await author.client.ok(
    `mutation { createBuyerGroup(input: { name: "Skyss", focusArea: TRANSPORT }) { id generalThread { id } } }`,
  );
  threadId = createBuyerGroup.generalThread.id;
});
afterAll(() => s?.close());

const total = async (app: RunningApp, metric: keyof EventMetrics, labels: Record<string, string> = {}) => {
  const { values } = await app.metrics.events[metric].get();
  return values
    .filter((v) => Object.entries(labels).every(([k, x]) => (v.labels as Record<string, unknown>)[k] === x))
    .reduce((n, v) => n + v.value, 0);
};

/** The events an instance delivers from now on, and a wait for a condition on them (no sleeps). */
function watch(i: Instance) {
  const seen: EventRecord[] = [];
  const waiters: { check: () => boolean; resolve: () => void }[] = [];
  const off = i.app.services.bus.onEvent((e) => {
    seen.push(e);
    for (const w of [...waiters]) {
      if (!w.check()) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  });
  onTestFinished(off);
  return {
    seen,
    until: (check: () => boolean) =>
      check() ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ check, resolve })),
  };
}

const started = async (overrides: Parameters<TestServer['startInstance']>[0]) => {
  const i = await s.startInstance(overrides);
  onTestFinished(() => i.stop());
  return i;
};

const post = (client: GraphQLClient, body: string) =>
  client.ok(`mutation($input: PostMessageInput!) { postMessage(input: $input) { id } }`, {
    input: { threadId, body, idempotencyKey: randomUUID() },
  });

/** The events as the log has them, for comparison with what was delivered from memory. */
const fromLog = async (ids: number[]) =>
  ((await s.db.query(`SELECT * FROM event WHERE id = ANY($1) ORDER BY id`, [ids])) as unknown[]).map(eventFromRow);

/** An event committed straight to the log, as if its writer's notification were lost (a type nothing projects). */
async function commitUnannounced(type: string): Promise<number> {
  const c = new pg.Client({ connectionString: (s.db.options as { url: string }).url });
  await c.connect();
  try {
    const { rows } = await c.query(`SELECT record_event('thread', $1, NULL, $2, NULL, NULL, '{}') AS id`, [
      threadId,
      type,
    ]);
    return Number(rows[0].id);
  } finally {
    await c.end();
  }
}

describe('delivery from memory', () => {
  it('delivers on the writing instance and on another one without reading the log', async () => {
    // No poll, and a gap would wait a minute for its notification: a log read cannot hide here.
    const quiet = { eventPollMs: 600_000, eventGapWaitMs: 60_000 };
    const a = await started(quiet);
    const b = await started(quiet);
    const onA = watch(a);
    const onB = watch(b);
    const readsBefore = [await total(a.app, 'logReads'), await total(b.app, 'logReads')];
    const fromPayloadBefore = await total(b.app, 'delivered', { source: 'notification' });
    const writer = new GraphQLClient(a.url, author.token);
    for (let i = 1; i <= 10; i++) await post(writer, `melding ${i}`);
    const posted = (x: { seen: EventRecord[] }) => x.seen.filter((e) => e.type === 'message.posted');
    await onB.until(() => posted(onB).length === 10);
    await onA.until(() => posted(onA).length === 10);

    expect([await total(a.app, 'logReads'), await total(b.app, 'logReads')]).toEqual(readsBefore);
    expect(await total(b.app, 'delivered', { source: 'notification' })).toBeGreaterThanOrEqual(fromPayloadBefore + 10);
    // What came from memory and from the payload is what the log holds, field for field.
    const logged = await fromLog(posted(onB).map((e) => e.id));
    expect(posted(onB)).toEqual(logged);
    expect(posted(onA)).toEqual(logged);
    const ids = onB.seen.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
  });

  it('under a stream of writes, announces them in NOTIFYs spaced by EVENT_NOTIFY_GAP_MS, and the other instance misses none', async () => {
    const quiet = { eventPollMs: 600_000, eventGapWaitMs: 60_000 };
    // A wide spacing, so that posts back to back come faster than it even on a loaded machine.
    const a = await started({ ...quiet, eventNotifyGapMs: 200 });
    const b = await started(quiet);
    const onB = watch(b);
    const noticesBefore = await total(a.app, 'notices');
    const writer = new GraphQLClient(a.url, author.token);
    const startedAt = performance.now();
    // Back to back, each after the last answered: without the spacing, each would be a NOTIFY of its own.
    for (let i = 1; i <= 12; i++) await post(writer, `strøm ${i}`);
    const posted = () => onB.seen.filter((e) => e.type === 'message.posted');
    await onB.until(() => posted().length === 12);
    const spanMs = performance.now() - startedAt;
    const notices = (await total(a.app, 'notices')) - noticesBefore;
    // n NOTIFYs sent within the span lie at least 200 ms apart.
    expect(notices).toBeGreaterThan(0);
    expect(notices).toBeLessThanOrEqual(Math.floor(spanMs / 200) + 1);
    expect(posted().map((e) => Number(e.payload.seq))).toEqual(
      Array.from({ length: 12 }, (_, i) => Number(posted()[0].payload.seq) + i),
    );
    expect(await total(b.app, 'logReads')).toBe(0);
  });

  it('reads the log for an event too large for a notification, and only for it', async () => {
    const quiet = { eventPollMs: 600_000, eventGapWaitMs: 60_000 };
    const a = await started(quiet);
    const b = await started(quiet);
    const onB = watch(b);
    const wakeReads = await total(b.app, 'logReads', { reason: 'wake' });
    // A real case: a document version's event carries its text (up to 500,000 characters).
    const title = 'Skoleskyss '.repeat(1000);
    const id = await a.app.services.events.transaction((_em, record) =>
      record({
        scopeType: 'group',
        scopeId: threadId,
        groupId: null,
        type: 'document.renamed',
        payload: { documentId: randomUUID(), title },
      }),
    );
    await onB.until(() => onB.seen.some((e) => e.id === id));
    expect(onB.seen.find((e) => e.id === id)).toEqual((await fromLog([id]))[0]);
    expect(await total(b.app, 'logReads', { reason: 'wake' })).toBeGreaterThan(wakeReads);
  });
});

describe('gaps and lost notifications are closed by reading the log', () => {
  it('an id whose notification never comes is read once a later event shows the gap', async () => {
    const c = await started({ eventPollMs: 600_000 });
    const onC = watch(c);
    const gapReads = await total(c.app, 'logReads', { reason: 'gap' });
    const lost = await commitUnannounced('test.lost');
    await post(new GraphQLClient(c.url, author.token), 'etter hullet');
    await onC.until(() => onC.seen.some((e) => e.id > lost && e.type === 'message.posted'));
    const ids = onC.seen.map((e) => e.id);
    expect(ids).toContain(lost);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(await total(c.app, 'logReads', { reason: 'gap' })).toBeGreaterThan(gapReads);
    expect(await total(c.app, 'logReads', { reason: 'poll' })).toBe(0);
  });

  it('an event nobody announced, with nothing after it, is delivered by the slow poll', async () => {
    const d = await started({ eventPollMs: 100 });
    const onD = watch(d);
    const lost = await commitUnannounced('test.lost');
    await onD.until(() => onD.seen.some((e) => e.id === lost));
    expect(await total(d.app, 'delivered', { source: 'log' })).toBeGreaterThanOrEqual(1);
    expect(await total(d.app, 'logReads', { reason: 'poll' })).toBeGreaterThanOrEqual(1);
  });
});

describe('notification payloads', () => {
  const event = (id: number, size: number): EventRecord => ({
    id,
    scopeType: 'thread',
    scopeId: randomUUID(),
    groupId: randomUUID(),
    type: 'message.posted',
    public: id % 2 === 0,
    actorUserId: randomUUID(),
    actorOrganisationId: null,
    payload: { text: 'æøå'.repeat(size) },
    createdAt: new Date(1_800_000_000_000 + id),
  });

  it('carries every event under the size limit, split over as many payloads as needed', () => {
    const events = Array.from({ length: 60 }, (_, i) => event(i + 1, 40));
    const payloads = encodeNotices('me', events);
    expect(payloads.length).toBeGreaterThan(1);
    for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    const decoded = payloads.map((p) => decodeNotice(p));
    expect(decoded.flatMap((d) => d.events)).toEqual(events);
    expect(decoded.every((d) => d.from === 'me' && !d.readLog)).toBe(true);
  });

  it('names an event too large for any payload by its id, to be read from the log', () => {
    const payloads = encodeNotices('me', [event(7, 10), event(8, 4000), event(9, 10)]);
    const decoded = payloads.map((p) => decodeNotice(p));
    expect(decoded.flatMap((d) => d.events).map((e) => e.id)).toEqual([7, 9]);
    expect(decoded.at(-1)).toMatchObject({ readLog: true, readUpTo: 8 });
  });

  it('takes an empty or foreign payload for a bare wake-up', () => {
    expect(decodeNotice('')).toMatchObject({ from: null, events: [], readLog: true, readUpTo: null });
    expect(decodeNotice('not json')).toMatchObject({ readLog: true });
  });
});
