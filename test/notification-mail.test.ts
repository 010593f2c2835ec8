import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Locale } from '../server/modules/users/user.entity.js';
import { NotificationKind } from '../server/modules/notifications/notification.entity.js';
import { notificationWords, say } from '../server/modules/notifications/notification.say.js';
import { admittedTender, award, noStandstill, stage } from './support/contracts.js';
import { GraphQLClient } from './support/client.js';
import type { TestUser } from './support/factories.js';
import { hex, inDays, slotStart } from './support/helpers.js';
import {
  deliverAll,
  KINDS,
  mailKinds,
  noticesOf,
  outboxDrained,
  SET_DELIVERY,
  setLocale,
  settled,
} from './support/notifications.js';
import {
  ADD_TEXT,
  ANSWER,
  APPROVE,
  ASK,
  BOOK,
  CANCEL_BOOKING,
  CAST_VOTE,
  CLOSE_DECISION,
  CREATE_DOC,
  INVITE,
  OPEN_DECISION,
  OPEN_SLOTS,
  POST,
  REQUEST,
  SET_MILESTONE,
  UPDATE_DOC,
  WITHDRAW,
} from './support/operations.js';
import { advance, driveTo, signMandate } from './support/procurement.js';
import { s, useServer } from './support/server.js';
import { rawHeader } from './support/smtp.js';
import { dialogue, procurement, world } from './support/world.js';

/*
 * Preferences per kind (in the app, e-mail at once, digest, off), mutes, and each kind's e-mail in
 * its recipient's language through a real SMTP server (issue 13, items 1 and 2).
 */

useServer(noStandstill());

const SETTINGS = `query { notificationSettings { kinds { kind delivery defaultDelivery enabled } mutes { groupId procurementId name } } }`;
const MUTE = `mutation($g: ID, $p: ID) { muteNotifications(groupId: $g, procurementId: $p) { groupId procurementId name } }`;
const UNMUTE = `mutation($g: ID, $p: ID) { unmuteNotifications(groupId: $g, procurementId: $p) { groupId procurementId name } }`;

const mention = (by: TestUser, threadId: string, who: TestUser[], body = `Hei ${hex()}`) =>
  by.client.ok(POST, {
    input: { threadId, body, idempotencyKey: randomUUID(), mentionUserIds: who.map((u) => u.user.id) },
  });

/** A thread of the group called "Skyss", started by its coordinator. */
const general = async (w: { coord: TestUser; groupId: string }) =>
  (
    await w.coord.client.ok(`mutation($input: CreateThreadInput!) { createThread(input: $input) { id } }`, {
      input: { groupId: w.groupId, title: 'Skyss' },
    })
  ).createThread.id as string;

describe('notification settings', () => {
  it('are refused to anonymous callers', async () => {
    for (const [op, vars] of [
      [SETTINGS, {}],
      [SET_DELIVERY, { kind: 'MENTION', delivery: 'OFF' }],
      [MUTE, { g: randomUUID() }],
      [UNMUTE, { g: randomUUID() }],
    ] as const) {
      expect((await s.anon.fails(op, vars)).code).toBe('UNAUTHENTICATED');
    }
  });

  it('start from the defaults: deadlines and mandates by e-mail at once, chatter in the digest', async () => {
    const u = await s.factories.user();
    const { notificationSettings } = await u.client.ok(SETTINGS);
    const byKind = Object.fromEntries(notificationSettings.kinds.map((k: any) => [k.kind, k.delivery]));
    expect(Object.keys(byKind).sort()).toEqual([...KINDS].sort());
    expect(byKind).toMatchObject({
      MANDATE_REQUESTED: 'EMAIL_NOW',
      MILESTONE_DUE: 'EMAIL_NOW',
      MILESTONE_OVERDUE: 'EMAIL_NOW',
      DECISION_CLOSING: 'EMAIL_NOW',
      MENTION: 'EMAIL_NOW',
      REPLY: 'DIGEST',
      PHASE_CHANGED: 'DIGEST',
      DOCUMENT_VERSION: 'DIGEST',
      GUEST_INVITATION: 'IN_APP',
    });
    expect(notificationSettings.mutes).toEqual([]);
    const { setNotificationPreference } = await u.client.ok(SET_DELIVERY, { kind: 'REPLY', delivery: 'EMAIL_NOW' });
    expect(setNotificationPreference).toContainEqual({ kind: 'REPLY', delivery: 'EMAIL_NOW' });
    expect((await u.client.fails(SET_DELIVERY, { kind: 'REPLY', delivery: 'LOUD' })).code).toBe('BAD_USER_INPUT');
  });

  it('mute exactly one group or procurement the viewer sees', async () => {
    const w = await world(s);
    const p = await procurement(w);
    const outsider = await s.factories.user();
    expect((await w.a.client.fails(MUTE, {})).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'groupId' });
    expect((await w.a.client.fails(MUTE, { g: w.groupId, p: p.id })).code).toBe('BAD_USER_INPUT');
    // A procurement (or an unlisted group) one cannot see is not there.
    expect((await outsider.client.fails(MUTE, { p: p.id })).code).toBe('NOT_FOUND');
    expect((await outsider.client.fails(MUTE, { g: randomUUID() })).code).toBe('NOT_FOUND');
    expect((await outsider.client.fails(MUTE, { p: 'nope' })).code).toBe('NOT_FOUND');
    const { muteNotifications } = await w.a.client.ok(MUTE, { p: p.id });
    expect(muteNotifications).toEqual([{ groupId: null, procurementId: p.id, name: p.title }]);
    // Unmuting what one never muted changes nothing and reveals nothing.
    expect((await outsider.client.ok(UNMUTE, { p: p.id })).unmuteNotifications).toEqual([]);
    expect((await w.a.client.ok(SETTINGS)).notificationSettings.mutes).toHaveLength(1);
  });

  it("show on the group, the procurement and the dialogue what the viewer muted (the pages' mute controls)", async () => {
    const w = await world(s);
    const p = await procurement(w);
    const supplier = await s.factories.supplier();
    await dialogue(w, p.id, { suppliers: [supplier] });
    const BUYER = `query($g: ID!, $p: ID!) { buyerGroup(id: $g) { viewerMuted } jointProcurement(id: $p) { viewerMuted } }`;
    const DIALOGUE = `query($p: ID!) { marketDialogue(procurementId: $p) { viewerMuted } }`;
    const state = async (u: TestUser) => {
      const r = await u.client.ok(BUYER, { g: w.groupId, p: p.id });
      return [r.buyerGroup.viewerMuted, r.jointProcurement.viewerMuted];
    };
    expect((await s.anon.fails(DIALOGUE, { p: p.id })).code).toBe('UNAUTHENTICATED');
    expect(await state(w.a)).toEqual([false, false]);

    await w.a.client.ok(MUTE, { p: p.id });
    expect(await state(w.a)).toEqual([false, true]);
    // The viewer's own: a colleague of another authority has muted nothing.
    expect(await state(w.b)).toEqual([false, false]);
    await w.a.client.ok(MUTE, { g: w.groupId });
    expect(await state(w.a)).toEqual([true, true]);
    await w.a.client.ok(UNMUTE, { p: p.id });
    // The procurement is silenced with its group, but not muted by itself.
    expect(await state(w.a)).toEqual([true, false]);
    await w.a.client.ok(UNMUTE, { g: w.groupId });
    expect(await state(w.a)).toEqual([false, false]);

    // A supplier mutes the market dialogue (the procurement's id), as only it sees it.
    expect((await supplier.client.ok(DIALOGUE, { p: p.id })).marketDialogue.viewerMuted).toBe(false);
    await supplier.client.ok(MUTE, { p: p.id });
    expect((await supplier.client.ok(DIALOGUE, { p: p.id })).marketDialogue.viewerMuted).toBe(true);
    expect((await w.coord.client.ok(DIALOGUE, { p: p.id })).marketDialogue.viewerMuted).toBe(false);
  });
});

describe('delivery', () => {
  it('e-mails at once, in the app only, or not at all, as each recipient chose; a mute silences a group', async () => {
    const w = await world(s, { members: { a: {}, b: {}, c: {} } });
    const thread = await general(w);
    await setLocale(s, w.a, 'sv', 'Europe/Stockholm');
    await w.b.client.ok(SET_DELIVERY, { kind: 'MENTION', delivery: 'IN_APP' });
    await w.c.client.ok(SET_DELIVERY, { kind: 'MENTION', delivery: 'OFF' });
    const body = `Hej alla ${hex()}`;
    await mention(w.coord, thread, [w.a, w.b, w.c], body);
    await settled(s);
    const mail = await s.mail.waitFor((m) => m.to.includes(w.a.user.email) && m.text.includes('nämnde dig'));
    expect(mail.subject).toMatch(/nämnde dig i ”Skyss” \(/);
    expect(mail.html).toContain('lang="sv"');
    expect(mail.text).toContain(`/groups/${w.groupId}/threads/${thread}#message-`);
    expect(String(rawHeader(mail, 'list-unsubscribe'))).toMatch(
      /^<http:\/\/localhost:\d+\/unsubscribe\?token=[\w-]+\.[\w-]+>$/,
    );
    expect(rawHeader(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    await outboxDrained(s);
    expect(s.mail.to(w.b.user.email)).toEqual([]);
    expect(await noticesOf(w.b, 'MENTION')).toHaveLength(1);
    expect(await noticesOf(w.c, 'MENTION')).toEqual([]);
    // The e-mail was queued in the transaction that made the notification: one each, with its delivery.
    const rows = await s.db.query(`SELECT delivery FROM notification WHERE user_id = $1 AND kind = 'MENTION'`, [
      w.a.user.id,
    ]);
    expect(rows).toEqual([{ delivery: 'EMAIL_NOW' }]);

    await w.a.client.ok(MUTE, { g: w.groupId });
    await mention(w.coord, thread, [w.a]);
    await settled(s);
    await outboxDrained(s);
    expect(await noticesOf(w.a, 'MENTION')).toHaveLength(1);
    expect(s.mail.to(w.a.user.email)).toHaveLength(1);
  });

  it(
    'sends every kind’s e-mail in its recipient’s language and time zone, each once',
    { timeout: 120_000 },
    async () => {
      const w = await world(s, { members: { a: {}, b: {} } });
      const sup = await s.factories.supplier();
      const mate = await s.factories.user({ organisation: sup.organisation });
      const invited = await s.factories.user();
      const asking = await s.factories.user();
      const guest = await s.factories.user();
      const people: [TestUser, Locale, string][] = [
        [w.coord, Locale.nb, 'Europe/Oslo'],
        [w.a, Locale.sv, 'Europe/Stockholm'],
        [w.b, Locale.en, 'Europe/London'],
        [sup, Locale.en, 'Europe/Helsinki'],
        [mate, Locale.sv, 'Europe/Stockholm'],
        [invited, Locale.sv, 'Europe/Stockholm'],
        [asking, Locale.en, 'Europe/Oslo'],
        [guest, Locale.nb, 'Europe/Oslo'],
      ];
      for (const [u, locale, zone] of people) {
        await setLocale(s, u, locale, zone);
        await deliverAll(u, 'EMAIL_NOW');
      }
      const thread = await general(w);

      // The group: chatter, an invitation, a request decided, a guest.
      const { postMessage: first } = await mention(w.coord, thread, [w.a]);
      await w.b.client.ok(POST, {
        input: { threadId: thread, body: 'Svar', idempotencyKey: randomUUID(), replyToId: first.id },
      });
      await w.coord.client.ok(INVITE, {
        input: { groupId: w.groupId, organisationId: invited.organisation.id, role: 'MEMBER' },
      });
      await asking.client.ok(REQUEST, { input: { groupId: w.groupId } });
      await w.coord.client.ok(APPROVE, {
        input: { groupId: w.groupId, organisationId: asking.organisation.id, role: 'MEMBER' },
      });
      await w.coord.client.ok(`mutation($input: InviteGuestInput!) { inviteGuest(input: $input) { id } }`, {
        input: { groupId: w.groupId, email: guest.user.email, displayName: 'Gjest', endsAt: inDays(30) },
      });

      // A procurement: mandates, a phase, decisions, a deadline, a document, the market dialogue.
      const p = await procurement(w, { title: `Skyss ${hex()}` });
      await signMandate(w.a, p.id);
      await w.b.client.ok(WITHDRAW, { input: { procurementId: p.id, reason: 'Ikke budsjett' } });
      const { openDecision: shut } = await w.coord.client.ok(OPEN_DECISION, {
        input: { procurementId: p.id, title: 'Prosedyre', quorum: 1, closesAt: inDays(3) },
      });
      await w.a.client.ok(CAST_VOTE, { input: { decisionId: shut.id, option: 0 } });
      await w.coord.client.ok(CLOSE_DECISION, { id: shut.id });
      await w.coord.client.ok(OPEN_DECISION, {
        input: {
          procurementId: p.id,
          title: 'Frist snart',
          quorum: 1,
          closesAt: new Date(Date.now() + 20 * 3600_000).toISOString(),
        },
      });
      await w.coord.client.ok(SET_MILESTONE, {
        input: { procurementId: p.id, kind: 'OPT_OUT_DEADLINE', dueAt: inDays(2) },
      });
      const { createDocument: doc } = await w.a.client.ok(CREATE_DOC, {
        input: {
          groupId: w.groupId,
          procurementId: p.id,
          title: 'Kravspesifikasjon',
          kind: 'OTHER',
          language: 'nb',
          text: 'v1',
        },
      });
      await w.coord.client.ok(ADD_TEXT, { input: { documentId: doc.id, baseVersion: 1, text: 'v2' } });
      await dialogue(w, p.id, { suppliers: [sup, mate] });
      const { askDialogueQuestion: q } = await sup.client.ok(ASK, {
        input: { procurementId: p.id, text: 'Hvor mange?' },
      });
      await w.coord.client.ok(ANSWER, { input: { questionId: q.id, answer: 'Mange.' } });
      await w.coord.client.ok(UPDATE_DOC, { id: doc.id, input: { visibility: 'PUBLISHED' } });
      const { openDialogueSlots: slots } = await w.coord.client.ok(OPEN_SLOTS, {
        input: { procurementId: p.id, startsAt: slotStart(4), durationMinutes: 30, count: 1, location: 'Teams' },
      });
      await sup.client.ok(BOOK, { id: slots[0].id });
      await sup.client.ok(CANCEL_BOOKING, { id: slots[0].id });
      await advance(w, p.id);

      // Another procurement taken to its award (no standstill on this server).
      const p2 = await procurement(w, { title: `Tildelt ${hex()}` });
      await driveTo(w, p2.id, 'COMPETITION');
      const [lot] = (await stage(w.coord, p2.id)).lots;
      await admittedTender(w, lot.id, sup.organisation.id);
      await award(w, p2.id, lot.id, [sup.organisation.id]);

      // Time passes: the decision closes within a day, the deadline comes and goes.
      await settled(s);
      s.clock.set(new Date(Date.now() + 3600_000));
      await s.app.scheduler.run();
      s.clock.set(new Date(Date.now() + 2 * 86_400_000 + 3600_000));
      await s.app.scheduler.run();
      s.clock.reset();
      await settled(s);
      await outboxDrained(s);

      const kinds = await mailKinds(s);
      const mailed = new Set<string>();
      for (const [u, locale, timeZone] of people) {
        const notices = (await s.db.query(
          `SELECT n.kind, n.data, n.delivery, a.display_name AS actor FROM notification n
           LEFT JOIN user_account a ON a.id = n.actor_user_id WHERE n.user_id = $1 ORDER BY n.created_at`,
          [u.user.id],
        )) as { kind: NotificationKind; data: any; delivery: string; actor: string | null }[];
        const mails = s.mail.to(u.user.email).filter((m) => kinds.get(m.messageId)?.startsWith('notice:'));
        // One e-mail per notification, no more.
        expect(mails.map((m) => kinds.get(m.messageId)).sort(), u.user.email).toEqual(
          notices.map((n) => `notice:${n.kind}`).sort(),
        );
        const words = notificationWords(locale);
        for (const n of notices) {
          const expected = words.notice[n.kind](say(n.data, n.actor, { locale, timeZone }));
          const mail = mails.find(
            (m) => kinds.get(m.messageId) === `notice:${n.kind}` && m.subject === expected.subject,
          );
          expect(mail, `${n.kind} to ${locale}: ${expected.subject}`).toBeDefined();
          expect(mail!.html).toContain(`lang="${locale}"`);
          expect(mail!.text).toContain(words.hello(u.user.displayName));
          mailed.add(n.kind);
        }
      }
      expect([...mailed].sort()).toEqual([...KINDS].sort());

      // The words themselves, for a few: the recipient's language, names, and moments on their clock.
      const subjectsOf = (u: TestUser, kind: string) =>
        s.mail
          .to(u.user.email)
          .filter((m) => kinds.get(m.messageId) === `notice:${kind}`)
          .map((m) => m.subject);
      expect(subjectsOf(w.a, 'MENTION')[0]).toMatch(/nämnde dig i ”Skyss”/);
      expect(subjectsOf(w.coord, 'MANDATE_SIGNED')).toContain(
        `${w.a.organisation.name} signerte fullmakten for «${p.title}»`,
      );
      expect(subjectsOf(w.b, 'MANDATE_REQUESTED')).toContain(`Your mandate is requested for “${p.title}”`);
      expect(subjectsOf(sup, 'ANSWER_PUBLISHED')).toEqual([`Answer published: Q${q.number} (${p.title})`]);
      expect(subjectsOf(w.a, 'STANDSTILL_ENDED')[0]).toMatch(/^Avtalsspärren har löpt ut: delområde 1 i ”Tildelt/);
      expect(subjectsOf(w.coord, 'MILESTONE_DUE')[0]).toMatch(
        /^Frist nærmer seg: .+, \d{1,2}\. \p{L}+ \d{4} kl\. \d\d:\d\d \(Skyss/u,
      );
    },
  );
});

/** Waits (polling the database, which is the condition) until `sql` returns a row with ok = true. */
async function untilRow(sql: string, params: unknown[] = []): Promise<void> {
  for (;;) {
    const [row] = (await s.db.query(sql, params)) as { ok: boolean }[];
    if (row?.ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('one-click unsubscribe', () => {
  it('turns the kind off without signing in; a tampered link changes nothing and says so', async () => {
    const w = await world(s, { members: { a: {}, b: {} } });
    const thread = await general(w);
    await mention(w.coord, thread, [w.a]);
    await settled(s);
    const mail = await s.mail.waitFor((m) => m.to.includes(w.a.user.email));
    const link = new URL(rawHeader(mail, 'list-unsubscribe')!.slice(1, -1));
    expect(mail.text).toContain(link.toString());
    const token = link.searchParams.get('token')!;
    const at = (t: string) => `${link.origin}/unsubscribe?token=${encodeURIComponent(t)}`;
    const delivery = async () =>
      (
        await s.db.query(`SELECT delivery FROM notification_preference WHERE user_id = $1 AND kind = 'MENTION'`, [
          w.a.user.id,
        ])
      )[0]?.delivery ?? 'default';

    // Opening the link (as a mail scanner would) asks, and changes nothing.
    const page = await fetch(at(token));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post">');
    expect(await delivery()).toBe('default');

    // Tampered: another signature, another kind under the same signature, another user's id, garbage.
    const [payload, mac] = token.split('.');
    const otherKind = Buffer.from(`${w.a.user.id}:REPLY`).toString('base64url');
    const otherUser = Buffer.from(`${w.b.user.id}:MENTION`).toString('base64url');
    for (const bad of [`${payload}.${mac.slice(0, -2)}AA`, `${otherKind}.${mac}`, `${otherUser}.${mac}`, 'x', '']) {
      const res = await fetch(at(bad), { method: 'POST', body: 'List-Unsubscribe=One-Click' });
      expect(res.status).toBe(400);
      const text = await res.text();
      expect(text).toContain('This unsubscribe link is not valid. Nothing was changed.');
      expect(text).not.toContain(w.a.user.email);
      expect(text).not.toContain(w.b.user.displayName);
    }
    expect(await delivery()).toBe('default');

    // The one click, as RFC 8058 has a mail client send it: no cookie, no session.
    const res = await fetch(at(token), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Ferdig: du får ikke flere e-poster om «Nevnt».');
    expect(await delivery()).toBe('OFF');
    await mention(w.coord, thread, [w.a]);
    await settled(s);
    await outboxDrained(s);
    expect(s.mail.to(w.a.user.email)).toHaveLength(1);
    expect(await noticesOf(w.a, 'MENTION')).toHaveLength(1);
  });
});

describe('with failures and several instances', () => {
  it('delays notices while the mail server is down and delivers each exactly once when it returns', async () => {
    const w = await world(s, { members: { a: {}, b: {} } });
    const thread = await general(w);
    await s.mail.stop();
    try {
      await mention(w.coord, thread, [w.a, w.b]);
      await w.coord.client.ok(OPEN_DECISION, {
        input: {
          procurementId: (await procurement(w)).id,
          title: 'Mens e-posten er nede',
          quorum: 1,
          closesAt: inDays(2),
        },
      });
      await settled(s);
      await untilRow(
        `SELECT count(*) >= 4 AS ok FROM mail_outbox WHERE to_address = ANY($1) AND kind LIKE 'notice:%'
            AND sent_at IS NULL AND attempts > 0 AND last_error IS NOT NULL`,
        [[w.a.user.email, w.b.user.email]],
      );
    } finally {
      await s.mail.start();
    }
    await outboxDrained(s);
    const kinds = await mailKinds(s);
    for (const u of [w.a, w.b]) {
      const got = s.mail.to(u.user.email).map((m) => kinds.get(m.messageId));
      const [{ n }] = await s.db.query(
        `SELECT count(*)::int AS n FROM notification WHERE user_id = $1 AND delivery = 'EMAIL_NOW'`,
        [u.user.id],
      );
      expect(got).toHaveLength(n);
      expect(got.sort()).toEqual(['notice:DECISION_OPENED', 'notice:MANDATE_REQUESTED', 'notice:MENTION']);
    }
  });

  it('never sends one notice twice when two instances project, schedule and send', async () => {
    const w = await world(s, { members: { a: {}, b: {} } });
    const thread = await general(w);
    const other = await s.startInstance();
    try {
      const there = { ...w.coord, client: new GraphQLClient(other.url, w.coord.token) };
      for (let i = 0; i < 6; i++) await mention(i % 2 ? there : w.coord, thread, [w.a, w.b], `Nr ${i}`);
      const p = await procurement(w);
      await w.coord.client.ok(SET_MILESTONE, {
        input: { procurementId: p.id, kind: 'TENDER_DEADLINE', dueAt: inDays(1) },
      });
      await settled(s, other.app);
      await Promise.all([
        s.app.scheduler.run(),
        other.app.scheduler.run(),
        s.app.scheduler.run(),
        other.app.scheduler.run(),
      ]);
      await settled(s, other.app);
      await outboxDrained(s);
    } finally {
      await other.stop();
    }
    const ids = s.mail.received.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const u of [w.a, w.b]) {
      const subjects = s.mail.to(u.user.email).map((m) => m.subject);
      expect(subjects.filter((x) => x.includes('nevnte deg'))).toHaveLength(6);
      expect(subjects.filter((x) => x.startsWith('Frist nærmer seg'))).toHaveLength(1);
      expect(new Set(subjects).size).toBe(subjects.length - 5);
    }
  });
});
