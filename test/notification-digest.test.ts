import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { instantOf, localDateTime } from '../server/common/time-zones.js';
import type { TestUser } from './support/factories.js';
import { hex } from './support/helpers.js';
import { noticesOf, outboxDrained, setLocale, settled } from './support/notifications.js';
import { POST } from './support/operations.js';
import { advance } from './support/procurement.js';
import { s, useServer } from './support/server.js';
import { rawHeader, type ReceivedMail } from './support/smtp.js';
import { procurement, world } from './support/world.js';

/*
 * The daily digest (issue 13, item 3): one e-mail a day at each user's hour on their own clock,
 * grouped by group and procurement, none when there is nothing, in their language; exactly once per
 * user and day across instances. The injected clock crosses the day boundaries.
 */

useServer();

const SETTINGS = `query { notificationSettings { digestHour timeZone } }`;
const SET_HOUR = `mutation($h: Int!) { setDigestHour(hour: $h) { digestHour timeZone } }`;

/** A thread of the group, started by `by`. */
const thread = async (by: TestUser, groupId: string) =>
  (
    await by.client.ok(`mutation($input: CreateThreadInput!) { createThread(input: $input) { id } }`, {
      input: { groupId, title: 'Skyss' },
    })
  ).createThread.id as string;

const say = (by: TestUser, threadId: string, body: string, replyToId?: string) =>
  by.client.ok(POST, { input: { threadId, body, idempotencyKey: randomUUID(), ...(replyToId ? { replyToId } : {}) } });

/** A date some days from the test's own today, as wall-clock fields. */
const dayFromNow = (days: number) => {
  const d = new Date(Date.now() + days * 86_400_000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
};

/** Waits (polling the database, which is the condition) until `sql` returns a row with ok = true. */
async function waitFor(sql: string, params: unknown[] = []): Promise<void> {
  for (;;) {
    const [row] = (await s.db.query(sql, params)) as { ok: boolean }[];
    if (row?.ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the digest hour', () => {
  it('is the viewer’s own setting, 07:00 in their time zone by default, a whole hour of the day', async () => {
    const u = await s.factories.user();
    expect((await s.anon.fails(SETTINGS)).code).toBe('UNAUTHENTICATED');
    expect((await s.anon.fails(SET_HOUR, { h: 6 })).code).toBe('UNAUTHENTICATED');
    expect((await u.client.ok(SETTINGS)).notificationSettings).toEqual({ digestHour: 7, timeZone: 'Europe/Oslo' });
    for (const h of [-1, 24]) {
      expect((await u.client.fails(SET_HOUR, { h })).extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'hour',
      });
    }
    expect((await u.client.ok(SET_HOUR, { h: 18 })).setDigestHour.digestHour).toBe(18);
  });
});

describe('the daily digest', () => {
  it(
    'comes once a day per user at their hour in two time zones, across instances, and not when empty',
    { timeout: 120_000 },
    async () => {
      const w = await world(s, { members: { a: {}, b: {} } });
      const oslo = w.a;
      const helsinki = w.b;
      await setLocale(s, oslo, 'nb', 'Europe/Oslo');
      await setLocale(s, helsinki, 'sv', 'Europe/Helsinki');
      const t = await thread(w.coord, w.groupId);
      // Replies (digest by default) to each, and a phase change of a procurement (digest too).
      const { postMessage: qa } = await say(oslo, t, 'Spørsmål fra Oslo');
      const { postMessage: qh } = await say(helsinki, t, 'Fråga från Helsingfors');
      await say(w.coord, t, 'Svar 1', qa.id);
      await say(w.coord, t, 'Svar 2', qh.id);
      const title = `Skyss ${hex()}`;
      const p = await procurement(w, { title });
      await advance(w, p.id);
      await settled(s);
      expect(await noticesOf(oslo, 'REPLY')).toHaveLength(1);

      const other = await s.startInstance();
      const round = async () => {
        await Promise.all([s.app.digests.run(), other.app.digests.run(), s.app.digests.run()]);
        await outboxDrained(s);
      };
      const digests = (u: TestUser): ReceivedMail[] =>
        s.mail.to(u.user.email).filter((m) => /Samverka: \d+ (varsler|varsel|aviseringar|avisering)/.test(m.subject));
      const d1 = dayFromNow(2);
      const d2 = dayFromNow(3);
      try {
        // 06:30 in Oslo is 07:30 in Helsinki: Helsinki's digest only.
        s.clock.set(instantOf({ ...d1, hour: 7, minute: 30 }, 'Europe/Helsinki'));
        expect(localDateTime(s.clock.now(), 'Europe/Oslo')).toMatch(/ 06:30:00$/);
        await round();
        expect(digests(helsinki)).toHaveLength(1);
        expect(digests(oslo)).toHaveLength(0);
        // 07:10 in Oslo: Oslo's; Helsinki's day is taken.
        s.clock.set(instantOf({ ...d1, hour: 7, minute: 10 }, 'Europe/Oslo'));
        await round();
        await round();
        expect(digests(oslo)).toHaveLength(1);
        expect(digests(helsinki)).toHaveLength(1);

        // Something new the same day waits for tomorrow; at 23:30 in Oslo it is tomorrow in Helsinki, but before 07:00 there.
        await say(w.coord, t, 'Svar 3', qh.id);
        await say(w.coord, t, 'Svar 4', qa.id);
        await settled(s, other.app);
        s.clock.set(instantOf({ ...d1, hour: 23, minute: 30 }, 'Europe/Oslo'));
        expect(localDateTime(s.clock.now(), 'Europe/Helsinki')).toMatch(/ 00:30:00$/);
        await round();
        expect(digests(oslo)).toHaveLength(1);
        expect(digests(helsinki)).toHaveLength(1);
        // The next morning, each gets the next day's, once, though the mail server is down for a while.
        s.clock.set(instantOf({ ...d2, hour: 7, minute: 5 }, 'Europe/Oslo'));
        await s.mail.stop();
        try {
          await Promise.all([s.app.digests.run(), other.app.digests.run()]);
          await other.app.digests.run();
          await waitFor(
            `SELECT count(*) = 2 AS ok FROM mail_outbox WHERE kind = 'digest' AND to_address = ANY($1)
                AND sent_at IS NULL AND attempts > 0`,
            [[oslo.user.email, helsinki.user.email]],
          );
        } finally {
          await s.mail.start();
        }
        await outboxDrained(s);
        await round();
        expect(digests(oslo)).toHaveLength(2);
        expect(digests(helsinki)).toHaveLength(2);
        // A day with nothing new: no digest at all.
        s.clock.set(instantOf({ ...dayFromNow(4), hour: 9 }, 'Europe/Oslo'));
        await round();
        expect(digests(oslo)).toHaveLength(2);
        expect(digests(helsinki)).toHaveLength(2);
      } finally {
        s.clock.reset();
        await other.stop();
      }
      const days = await s.db.query(
        `SELECT user_id, local_date::text AS day, count FROM notification_digest WHERE user_id = ANY($1) ORDER BY user_id, day`,
        [[oslo.user.id, helsinki.user.id]],
      );
      expect(days).toHaveLength(4);
      const ids = s.mail.received.map((m) => m.messageId);
      expect(new Set(ids).size).toBe(ids.length);

      // The first: grouped by group and procurement, in the reader's language, each line with its link.
      const [first] = digests(oslo);
      const [{ name: groupName }] = await s.db.query(`SELECT name FROM buyer_group WHERE id = $1`, [w.groupId]);
      expect(first.subject).toBe('Samverka: 2 varsler siden i går');
      expect(first.html).toContain('lang="nb"');
      expect(first.text).toContain(`${groupName}\n- `);
      expect(first.text).toContain(`${groupName} · ${title}\n- `);
      expect(first.text).toContain('svarte på meldingen din i tråden «Skyss»');
      expect(first.text).toContain(`/groups/${w.groupId}/procurements/${p.id}#phase`);
      const [sv] = digests(helsinki);
      expect(sv.subject).toBe('Samverka: 2 aviseringar sedan i går');
      expect(sv.text).toContain('svarade på ditt meddelande i tråden ”Skyss”');
      expect(digests(helsinki)[1].subject).toBe('Samverka: 1 avisering sedan i går');
      expect(rawHeader(first, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    },
  );

  it('stops with its one click: the digest kinds stay in the app; a tampered link changes nothing', async () => {
    const w = await world(s, { members: { a: {} } });
    const t = await thread(w.coord, w.groupId);
    const { postMessage: q } = await say(w.a, t, 'Spørsmål');
    await say(w.coord, t, 'Svar', q.id);
    await settled(s);
    s.clock.set(instantOf({ ...dayFromNow(1), hour: 8 }, 'Europe/Oslo'));
    try {
      await s.app.digests.run();
    } finally {
      s.clock.reset();
    }
    await outboxDrained(s);
    const [mail] = s.mail.to(w.a.user.email);
    const url = rawHeader(mail, 'list-unsubscribe')!.slice(1, -1);
    const tampered = url.replace(/token=([\w-]+)\./, (_m, payload: string) => `token=${payload}x.`);
    expect((await fetch(tampered, { method: 'POST', body: 'List-Unsubscribe=One-Click' })).status).toBe(400);
    const kinds = async () =>
      Object.fromEntries(
        (
          await w.a.client.ok(`query { notificationSettings { kinds { kind delivery } } }`)
        ).notificationSettings.kinds.map((k: any) => [k.kind, k.delivery]),
      );
    expect((await kinds()).REPLY).toBe('DIGEST');
    const res = await fetch(url, { method: 'POST', body: 'List-Unsubscribe=One-Click' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('det daglige sammendraget');
    const after = await kinds();
    expect(after).toMatchObject({
      REPLY: 'IN_APP',
      PHASE_CHANGED: 'IN_APP',
      DOCUMENT_VERSION: 'IN_APP',
      MENTION: 'EMAIL_NOW',
    });
  });
});
