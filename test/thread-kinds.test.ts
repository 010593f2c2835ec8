import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { NotificationThreadKinds1796536200000 } from '../migrations/1796536200000-notification-thread-kinds.js';
import { outboxDrained, SET_DELIVERY, setLocale, settled } from './support/notifications.js';
import type { TestUser } from './support/factories.js';
import { s, useServer } from './support/server.js';
import { need, procurement } from './support/world.js';

/*
 * The threads the server makes ("General", "Buyers", "Market dialogue") are stored with a kind, so
 * that each reader sees them named in their own language; a thread a member starts keeps its name.
 */

useServer();

/** A group made through the API (which makes its General thread), with members `a` and `b`. */
async function group() {
  const coord = await s.factories.user();
  const { createBuyerGroup } = await coord.client.ok(
    `mutation { createBuyerGroup(input: { name: "Vinterdrift Innlandet", focusArea: TRANSPORT }) { id } }`,
  );
  const groupId = createBuyerGroup.id as string;
  const [a, b]: TestUser[] = [await s.factories.user(), await s.factories.user()];
  for (const u of [a, b]) await s.factories.membership({ id: groupId } as never, u.organisation);
  return { s, groupId, coord, a, b, needs: [] as Awaited<ReturnType<typeof need>>[] };
}

const THREADS = `query($g: ID!) {
  buyerGroup(id: $g) { generalThread { id kind title } threads(first: 50) { nodes { id kind title } } }
}`;
const CHANNELS = `query($p: ID!) {
  jointProcurement(id: $p) { buyersThread { id kind title } publicThread { id kind title } }
}`;
const CREATE_THREAD = `mutation($g: ID!, $t: String!) { createThread(input: { groupId: $g, title: $t }) { id kind title } }`;
const POST = `mutation($i: PostMessageInput!) { postMessage(input: $i) { id } }`;
const DETAILS = `query { notifications(first: 20) { nodes { kind thread { id } details { title threadKind } } } }`;

describe('thread kinds', () => {
  it('are not shown to anonymous callers or to organisations outside the group', async () => {
    const w = await group();
    expect((await s.anon.fails(THREADS, { g: w.groupId })).code).toBe('UNAUTHENTICATED');
    // A new group is unlisted: to others it is NOT_FOUND, as if it did not exist.
    const outsider = await s.factories.user();
    expect((await outsider.client.fails(THREADS, { g: w.groupId })).code).toBe('NOT_FOUND');
  });

  it('name what the server makes (a group General thread, a procurement BUYERS and PUBLIC_DIALOGUE channel) and leave topics their names', async () => {
    const w = await group();
    w.needs.push(await need(w.coord, w.groupId));
    const { createThread } = await w.a.client.ok(CREATE_THREAD, { g: w.groupId, t: 'Vinterdrift' });
    expect(createThread).toMatchObject({ kind: 'TOPIC', title: 'Vinterdrift' });
    const { buyerGroup } = await w.a.client.ok(THREADS, { g: w.groupId });
    // The stored titles stay English for API users; clients name these threads by their kind.
    expect(buyerGroup.generalThread).toMatchObject({ kind: 'GENERAL', title: 'General' });
    const p = await procurement(w);
    const { jointProcurement } = await w.coord.client.ok(CHANNELS, { p: p.id });
    expect([jointProcurement.buyersThread.kind, jointProcurement.publicThread.kind]).toEqual([
      'BUYERS',
      'PUBLIC_DIALOGUE',
    ]);
    const kinds = (await w.a.client.ok(THREADS, { g: w.groupId })).buyerGroup.threads.nodes
      .map((t: { kind: string; title: string }) => `${t.kind}:${t.title}`)
      .sort();
    expect(kinds).toEqual(['BUYERS:Buyers', 'GENERAL:General', 'PUBLIC_DIALOGUE:Market dialogue', 'TOPIC:Vinterdrift']);
  });

  it("reach notices: a mention in the General thread names it by kind, and its e-mail says the kind's name in the reader's language", async () => {
    const w = await group();
    await setLocale(s, w.a, 'nb');
    await setLocale(s, w.b, 'sv');
    for (const u of [w.a, w.b]) await u.client.ok(SET_DELIVERY, { kind: 'MENTION', delivery: 'EMAIL_NOW' });
    const general = (await w.coord.client.ok(THREADS, { g: w.groupId })).buyerGroup.generalThread.id as string;
    const topic = (await w.coord.client.ok(CREATE_THREAD, { g: w.groupId, t: 'Vinterdrift' })).createThread.id;
    for (const threadId of [general, topic]) {
      await w.coord.client.ok(POST, {
        i: { threadId, body: 'Se på dette', idempotencyKey: randomUUID(), mentionUserIds: [w.a.user.id, w.b.user.id] },
      });
    }
    await settled(s);
    const details = (await w.a.client.ok(DETAILS)).notifications.nodes
      .filter((n: { kind: string }) => n.kind === 'MENTION')
      .map((n: { thread: { id: string }; details: unknown }) => [n.thread.id, n.details]);
    expect(details).toEqual(
      expect.arrayContaining([
        [general, { title: 'General', threadKind: 'GENERAL' }],
        [topic, { title: 'Vinterdrift', threadKind: 'TOPIC' }],
      ]),
    );
    await outboxDrained(s);
    const subjects = async (to: string) =>
      (
        (await s.db.query(`SELECT subject FROM mail_outbox WHERE to_address = $1 AND kind = 'notice:MENTION'`, [
          to,
        ])) as {
          subject: string;
        }[]
      ).map((r) => r.subject);
    const nb = await subjects(w.a.user.email);
    expect(nb.some((x) => x.includes('«Generelt»'))).toBe(true);
    expect(nb.some((x) => x.includes('«Vinterdrift»'))).toBe(true);
    expect(nb.join(' ')).not.toContain('General»');
    const sv = await subjects(w.b.user.email);
    expect(sv.some((x) => x.includes('Allmänt'))).toBe(true);
  });

  it('are set on the notices made before they were stored, by the migration', async () => {
    const w = await group();
    const general = (await w.coord.client.ok(THREADS, { g: w.groupId })).buyerGroup.generalThread.id as string;
    await w.coord.client.ok(POST, {
      i: { threadId: general, body: 'Hei', idempotencyKey: randomUUID(), mentionUserIds: [w.a.user.id] },
    });
    await settled(s);
    // As a notice made before this change looks: the title only.
    await s.db.query(`UPDATE notification SET data = data - 'threadKind' WHERE user_id = $1`, [w.a.user.id]);
    const before = (await w.a.client.ok(DETAILS)).notifications.nodes[0].details;
    expect(before).toEqual({ title: 'General', threadKind: null });
    const runner = s.db.createQueryRunner();
    try {
      await new NotificationThreadKinds1796536200000().up(runner);
    } finally {
      await runner.release();
    }
    const after = (await w.a.client.ok(DETAILS)).notifications.nodes[0].details;
    expect(after).toEqual({ title: 'General', threadKind: 'GENERAL' });
  });
});
