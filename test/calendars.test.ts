import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { User, UserStatus } from '../server/modules/users/user.entity.js';
import * as dialogue from './support/dialogue.js';
import type { TestUser } from './support/factories.js';
import { gql } from './support/graphql.js';
import { bearer, hex, origin } from './support/helpers.js';
import * as op from './support/operations.js';
import { noticesOf, outboxDrained, settled } from './support/notifications.js';
import { s, useServer } from './support/server.js';
import type { ReceivedMail } from './support/smtp.js';

useServer();

// ---- operations ----

const FEED = gql(`query { viewerCalendarFeed { createdAt lastFetchedAt } }`);
const CREATE = gql(`mutation { createCalendarFeed { url feed { createdAt lastFetchedAt } } }`);
const REVOKE = gql(`mutation { revokeCalendarFeed }`);
const CALENDAR_URL = gql(`query($id: ID!) { jointProcurement(id: $id) { id calendarUrl } }`);
const PROFILE = gql(`mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { id locale timeZone } }`);

// ---- reading calendars as a calendar app does (ical.js) ----

interface Parsed {
  method: string | null;
  /** TZIDs of the VTIMEZONE components. */
  zones: string[];
  events: ParsedEvent[];
}

interface ParsedEvent {
  uid: string;
  summary: string;
  url: string;
  description: string;
  location: string;
  sequence: number;
  status: string;
  /** The TZID parameter of DTSTART, or null (UTC or floating). */
  tzid: string | null;
  /** DTSTART as written, on the wall clock of its zone: `2030-01-15T09:00:00`. */
  local: string;
  /** The instant, through the calendar's own VTIMEZONE. */
  start: string;
  end: string | null;
  attendees: string[];
  organizer: string | null;
}

function parse(text: string): Parsed {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const zones = calendar.getAllSubcomponents('vtimezone');
  // The times are read through the calendar's own VTIMEZONE, as a calendar app does.
  for (const z of zones) ICAL.TimezoneService.register(new ICAL.Timezone(z));
  const str = (v: ICAL.Component, name: string) => String(v.getFirstPropertyValue(name) ?? '');
  return {
    method: (calendar.getFirstPropertyValue('method') as string | null) ?? null,
    zones: zones.map((z) => String(z.getFirstPropertyValue('tzid'))),
    events: calendar.getAllSubcomponents('vevent').map((v) => {
      const event = new ICAL.Event(v);
      const dtstart = v.getFirstProperty('dtstart')!;
      return {
        uid: event.uid,
        summary: event.summary,
        url: str(v, 'url'),
        description: str(v, 'description'),
        location: str(v, 'location'),
        sequence: Number(v.getFirstPropertyValue('sequence') ?? 0),
        status: str(v, 'status'),
        tzid: (dtstart.getParameter('tzid') as string | undefined) ?? null,
        local: event.startDate.toString(),
        start: event.startDate.toJSDate().toISOString(),
        end: v.hasProperty('dtend') ? event.endDate.toJSDate().toISOString() : null,
        attendees: v.getAllProperties('attendee').map((p) => String(p.getFirstValue()).toLowerCase()),
        organizer: v.hasProperty('organizer') ? String(v.getFirstPropertyValue('organizer')).toLowerCase() : null,
      };
    }),
  };
}

/** An absolute URL on the test server (the feed URLs are absolute, from PUBLIC_URL). */
const fetchUrl = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers });

async function feedOf(url: string): Promise<{ text: string; calendar: Parsed; res: Response }> {
  const res = await fetchUrl(url);
  const text = await res.text();
  expect(res.status, text).toBe(200);
  return { text, calendar: parse(text), res };
}

const create = async (u: TestUser) => (await u.client.ok(CREATE)).createCalendarFeed;

const setProfile = (u: TestUser, input: { locale?: 'nb' | 'sv' | 'en'; timeZone?: string }) =>
  u.client.ok(PROFILE, { input });

const byUid = (c: Parsed, uid: string) => c.events.find((e) => e.uid === uid);

/** The text/calendar part of an invitation mail. */
function invitation(mail: ReceivedMail) {
  const part = mail.attachments.find((a) => a.contentType === 'text/calendar');
  expect(part, `a text/calendar part in "${mail.subject}"`).toBeDefined();
  return { part: part!, calendar: parse(part!.content) };
}

// ---- the scenario ----

/** Fixed local times in 2030 (Europe/Oslo is UTC+1 in winter, UTC+2 in summer). */
const T = {
  /** 09:00 in Oslo in winter. */
  internal: '2030-01-15T08:00:00.000Z',
  /** 09:00 in Oslo in summer. */
  tender: '2030-06-17T07:00:00.000Z',
  /** 15:00 in Oslo. */
  decision: '2030-01-20T14:00:00.000Z',
  /** 12:00 in Oslo. */
  questions: '2030-02-01T11:00:00.000Z',
  /** 09:00 in Oslo: three slots of 30 minutes. */
  slots: '2030-03-04T08:00:00.000Z',
};

/**
 * A procurement with a buyer-only milestone and decision (their titles are markers no supplier may
 * see), a tender deadline, a published dialogue with a question deadline that suppliers A and B
 * registered for, and three slots: A books the first, B (whose name is a marker too) the second.
 */
async function scenario() {
  const w = await dialogue.world();
  const markers = {
    milestone: `zqinternal${hex(4)}`,
    decision: `zqdecision${hex(4)}`,
  };
  const [internal] = [
    (
      await w.coord.client.ok(op.SET_MILESTONE, {
        input: { procurementId: w.p.id, kind: 'OTHER', title: markers.milestone, dueAt: T.internal },
      })
    ).setProcurementMilestone,
  ];
  const tender = (
    await w.coord.client.ok(op.SET_MILESTONE, {
      input: { procurementId: w.p.id, kind: 'TENDER_DEADLINE', dueAt: T.tender },
    })
  ).setProcurementMilestone;
  const decision = (
    await w.coord.client.ok(op.OPEN_DECISION, {
      input: { procurementId: w.p.id, title: markers.decision, quorum: 1, closesAt: T.decision },
    })
  ).openDecision;
  await dialogue.publish(w, { questionDeadline: T.questions });
  await dialogue.register(w.a, w);
  await dialogue.register(w.b, w);
  const slots = await dialogue.openSlots(w, T.slots, 3, 30, 'Rådhuset, møterom 2');
  await w.a.client.ok(op.BOOK, { id: slots[0].id });
  await w.b.client.ok(op.BOOK, { id: slots[1].id });
  const [questionDeadline] = (await s.db.query(
    `SELECT id FROM procurement_milestone WHERE procurement_id = $1 AND kind = 'QUESTION_DEADLINE'`,
    [w.p.id],
  )) as { id: string }[];
  const host = new URL(s.url).hostname;
  const booked = (await s.db.query(`SELECT id, booked_at FROM dialogue_slot WHERE id = ANY($1) ORDER BY starts_at`, [
    [slots[0].id, slots[1].id],
  ])) as { id: string; booked_at: Date }[];
  const uids = {
    internal: `milestone-${internal.id}@${host}`,
    tender: `milestone-${tender.id}@${host}`,
    questions: `milestone-${questionDeadline.id}@${host}`,
    decision: `decision-${decision.id}@${host}`,
    meetingA: `meeting-${booked[0].id}-${booked[0].booked_at.getTime()}@${host}`,
    meetingB: `meeting-${booked[1].id}-${booked[1].booked_at.getTime()}@${host}`,
  };
  return { w, markers, slots, uids };
}

// ---- tests ----

describe('calendar feeds: who is refused', () => {
  it('anonymous callers and outsiders get nothing; a procurement calendar is its buyers’ alone', async () => {
    for (const q of [FEED, CREATE, REVOKE]) expect((await s.anon.fails(q)).code).toBe('UNAUTHENTICATED');
    const { w } = await scenario();
    const path = `/procurements/${w.p.id}/calendar.ics`;
    const anon = await fetch(`${origin(s)}${path}`);
    expect(anon.status).toBe(401);
    expect((await anon.json()).error.code).toBe('UNAUTHENTICATED');
    // To an authority outside the group and to a registered supplier the procurement does not exist.
    for (const u of [w.outsider, w.a]) {
      const res = await fetch(`${origin(s)}${path}`, { headers: bearer(u) });
      expect(res.status).toBe(404);
      expect((await res.json()).error.code).toBe('NOT_FOUND');
    }
  });

  it('an unknown, malformed or revoked token is a bare 404 that reveals nothing', async () => {
    const u = await s.factories.user();
    const { url } = await create(u);
    expect((await fetchUrl(url)).status).toBe(200);
    expect((await u.client.ok(REVOKE)).revokeCalendarFeed).toBe(true);
    expect((await u.client.ok(REVOKE)).revokeCalendarFeed).toBe(false);
    expect((await u.client.ok(FEED)).viewerCalendarFeed).toBeNull();

    const unknown = `${origin(s)}/calendar/${'A'.repeat(43)}.ics`;
    const malformed = `${origin(s)}/calendar/not-a-token.ics`;
    const answers = [];
    for (const link of [url, unknown, malformed]) {
      const res = await fetchUrl(link);
      answers.push({
        status: res.status,
        type: res.headers.get('content-type'),
        cache: res.headers.get('cache-control'),
        body: await res.text(),
      });
    }
    // Revoked, unknown and malformed are the same answer, word for word.
    expect(answers).toEqual(Array(3).fill(answers[0]));
    expect(answers[0]).toMatchObject({ status: 404, body: 'Not found.' });
    expect(answers[0].type).toMatch(/^text\/plain/);
    expect(answers[0].cache).toMatch(/private/);

    // A suspended person's feed stops too, the same way.
    const v = await s.factories.user();
    const live = await create(v);
    await s.db.getRepository(User).update({ id: v.user.id }, { status: UserStatus.SUSPENDED });
    const suspended = await fetchUrl(live.url);
    expect([suspended.status, await suspended.text()]).toEqual([404, 'Not found.']);
  });
});

describe('the private feed', () => {
  it('holds milestones, decision closing times and booked meetings, at their local times with TZID and VTIMEZONE, each with a UID and a link back', async () => {
    const { w, markers, uids } = await scenario();
    await setProfile(w.member, { locale: 'en', timeZone: 'Europe/Oslo' });
    expect((await w.member.client.ok(FEED)).viewerCalendarFeed).toBeNull();
    const made = await create(w.member);
    expect(made.url).toMatch(new RegExp(`^${origin(s)}/calendar/[\\w-]{43}\\.ics$`));
    expect(made.feed.lastFetchedAt).toBeNull();

    const { res, text, calendar } = await feedOf(made.url);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(res.headers.get('cache-control')).toMatch(/^private/);
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(calendar.method).toBeNull();
    expect(calendar.zones).toEqual(['Europe/Oslo']);
    expect(calendar.events.map((e) => e.uid).sort()).toEqual(
      [uids.internal, uids.tender, uids.questions, uids.decision, uids.meetingA, uids.meetingB].sort(),
    );
    for (const e of calendar.events) expect(e.tzid, e.summary).toBe('Europe/Oslo');

    const buyersPage = `${origin(s)}/groups/${w.groupId}/procurements/${w.p.id}`;
    // 09:00 on Oslo's clock in winter and in summer (the VTIMEZONE gives the right instant for both).
    expect(byUid(calendar, uids.internal)).toMatchObject({
      local: '2030-01-15T09:00:00',
      start: T.internal,
      summary: `${markers.milestone} – ${w.p.title}`,
      url: `${buyersPage}#milestones`,
    });
    expect(byUid(calendar, uids.tender)).toMatchObject({
      local: '2030-06-17T09:00:00',
      start: T.tender,
      summary: `Tender deadline – ${w.p.title}`,
    });
    expect(byUid(calendar, uids.decision)).toMatchObject({
      local: '2030-01-20T15:00:00',
      start: T.decision,
      summary: `Vote closes: ${markers.decision} – ${w.p.title}`,
      url: `${buyersPage}#decisions`,
    });
    expect(byUid(calendar, uids.questions)).toMatchObject({ local: '2030-02-01T12:00:00', start: T.questions });
    // The buyers see who booked each meeting.
    expect(byUid(calendar, uids.meetingB)).toMatchObject({
      local: '2030-03-04T09:30:00',
      start: '2030-03-04T08:30:00.000Z',
      end: '2030-03-04T09:00:00.000Z',
      location: 'Rådhuset, møterom 2',
      summary: `Dialogue meeting with ${w.b.organisation.name} – ${w.p.title}`,
      url: `${buyersPage}#dialogue`,
    });

    // The same UIDs on every fetch; the fetch is noted for the owner.
    expect((await feedOf(made.url)).calendar.events.map((e) => e.uid).sort()).toEqual(
      calendar.events.map((e) => e.uid).sort(),
    );
    const seen = (await w.member.client.ok(FEED)).viewerCalendarFeed!;
    expect(seen.createdAt).toBe(made.feed.createdAt);
    expect(seen.lastFetchedAt).not.toBeNull();
  });

  it("is written in its owner's time zone and language", async () => {
    const { w, uids } = await scenario();
    await setProfile(w.member, { locale: 'sv', timeZone: 'America/New_York' });
    const { calendar } = await feedOf((await create(w.member)).url);
    expect(calendar.zones).toEqual(['America/New_York']);
    // 09:00 in Oslo is 03:00 in New York, in winter and in summer alike.
    expect(byUid(calendar, uids.internal)).toMatchObject({
      tzid: 'America/New_York',
      local: '2030-01-15T03:00:00',
      start: T.internal,
    });
    expect(byUid(calendar, uids.tender)).toMatchObject({
      local: '2030-06-17T03:00:00',
      start: T.tender,
      summary: `Sista anbudsdag – ${w.p.title}`,
    });
  });

  it("a supplier's feed holds only what suppliers may see: the public question deadline and its own meeting", async () => {
    const { w, markers, uids } = await scenario();
    const { text, calendar } = await feedOf((await create(w.a)).url);
    expect(calendar.events.map((e) => e.uid).sort()).toEqual([uids.meetingA, uids.questions].sort());
    // No buyer-only title, no other supplier, no buyer's page.
    for (const secret of [markers.milestone, markers.decision, w.b.organisation.name, uids.meetingB, w.groupId]) {
      expect(text).not.toContain(secret);
    }
    const dialoguePage = `${origin(s)}/market-dialogues/${w.p.id}`;
    expect(byUid(calendar, uids.questions)).toMatchObject({
      local: '2030-02-01T12:00:00',
      summary: `Frist for spørsmål – ${w.p.title}`,
      url: dialoguePage,
    });
    expect(byUid(calendar, uids.meetingA)).toMatchObject({
      local: '2030-03-04T09:00:00',
      end: '2030-03-04T08:30:00.000Z',
      summary: `Dialogmøte – ${w.p.title}`,
      location: 'Rådhuset, møterom 2',
      url: dialoguePage,
    });
    // A supplier that never registered has an empty calendar.
    expect((await feedOf((await create(w.c)).url)).calendar.events).toEqual([]);
  });

  it('a new feed replaces the old one: the old URL is 404 at once', async () => {
    const u = await s.factories.user();
    const first = await create(u);
    const second = await create(u);
    expect(second.url).not.toBe(first.url);
    expect((await fetchUrl(first.url)).status).toBe(404);
    expect((await fetchUrl(second.url)).status).toBe(200);
    const [row] = await s.db.query(`SELECT count(*)::int AS n FROM calendar_feed WHERE user_id = $1`, [u.user.id]);
    expect(row.n).toBe(1);
    // Only the token's hash is kept.
    const token = new URL(second.url).pathname.slice('/calendar/'.length, -'.ics'.length);
    const [stored] = await s.db.query(`SELECT token_hash FROM calendar_feed WHERE user_id = $1`, [u.user.id]);
    expect(stored.token_hash).not.toContain(token);
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("a procurement's calendar", () => {
  it("is its buyers' (signed in), with the same items and UIDs, in the viewer's zone; its URL is on the procurement", async () => {
    const { w, uids, markers } = await scenario();
    const { jointProcurement } = await w.member.client.ok(CALENDAR_URL, { id: w.p.id });
    expect(jointProcurement?.calendarUrl).toBe(`${origin(s)}/procurements/${w.p.id}/calendar.ics`);
    const res = await fetch(jointProcurement!.calendarUrl, { headers: bearer(w.member) });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(res.headers.get('cache-control')).toMatch(/^private/);
    const calendar = parse(text);
    expect(calendar.events.map((e) => e.uid).sort()).toEqual(
      [uids.internal, uids.tender, uids.questions, uids.decision, uids.meetingA, uids.meetingB].sort(),
    );
    expect(byUid(calendar, uids.internal)).toMatchObject({ tzid: 'Europe/Oslo', local: '2030-01-15T09:00:00' });
    expect(text).toContain(markers.decision);
  });
});

describe('dialogue meeting invitations', () => {
  it('a booking sends the supplier and the coordinator who opened the slot a METHOD:REQUEST, and its cancellation a METHOD:CANCEL with the same UID', async () => {
    const w = await dialogue.withDialogue();
    await setProfile(w.a, { locale: 'sv', timeZone: 'Europe/Stockholm' });
    await setProfile(w.coord, { locale: 'en', timeZone: 'Europe/Oslo' });
    const [slot, other] = await dialogue.openSlots(w, T.slots, 2, 45, 'Teams');
    await w.a.client.ok(op.BOOK, { id: slot.id });
    const host = new URL(s.url).hostname;
    const [{ booked_at }] = await s.db.query(`SELECT booked_at FROM dialogue_slot WHERE id = $1`, [slot.id]);
    const uid = `meeting-${slot.id}-${(booked_at as Date).getTime()}@${host}`;

    // The invitations (a booking's notice stays in the app: the invitation already tells both sides).
    const invites = (m: ReceivedMail, to: string, method: string) =>
      m.to.includes(to) && m.attachments.some((a) => a.params.method === method);
    const toA = await s.mail.waitFor((m) => invites(m, w.a.user.email, 'REQUEST'));
    const toCoord = await s.mail.waitFor((m) => invites(m, w.coord.user.email, 'REQUEST'));
    expect(toA.subject).toBe(`Dialogmöte bokat: ${w.p.title}`);
    expect(toA.text).toContain('Var: Teams');
    expect(toA.text).toContain('(Europe/Stockholm)');
    expect(toCoord.subject).toBe(`${w.a.organisation.name} booked a dialogue meeting: ${w.p.title}`);

    const requestA = invitation(toA);
    expect(requestA.part.params.method).toBe('REQUEST');
    expect(requestA.calendar.method).toBe('REQUEST');
    expect(requestA.calendar.zones).toEqual(['Europe/Stockholm']);
    expect(requestA.calendar.events).toHaveLength(1);
    expect(requestA.calendar.events[0]).toMatchObject({
      uid,
      sequence: 0,
      status: 'CONFIRMED',
      tzid: 'Europe/Stockholm',
      local: '2030-03-04T09:00:00',
      start: T.slots,
      end: '2030-03-04T08:45:00.000Z',
      location: 'Teams',
      url: `${origin(s)}/market-dialogues/${w.p.id}`,
      attendees: [`mailto:${w.a.user.email}`],
    });
    // The supplier's invitation names no buyer.
    expect(requestA.part.content).not.toContain(w.coord.user.email);
    expect(requestA.calendar.events[0].organizer).toMatch(/^mailto:no-reply@/);

    const requestCoord = invitation(toCoord);
    expect(requestCoord.part.params.method).toBe('REQUEST');
    expect(requestCoord.calendar.events[0]).toMatchObject({
      uid,
      sequence: 0,
      tzid: 'Europe/Oslo',
      local: '2030-03-04T09:00:00',
      summary: `Dialogue meeting with ${w.a.organisation.name} – ${w.p.title}`,
      url: `${origin(s)}/groups/${w.groupId}/procurements/${w.p.id}#dialogue`,
      attendees: [`mailto:${w.coord.user.email}`],
    });

    // The supplier cancels: both get a CANCEL of the same meeting, a later SEQUENCE.
    await w.a.client.ok(op.CANCEL_BOOKING, { id: slot.id });
    const cancelA = await s.mail.waitFor((m) => invites(m, w.a.user.email, 'CANCEL'));
    const cancelCoord = await s.mail.waitFor((m) => invites(m, w.coord.user.email, 'CANCEL'));
    for (const mail of [cancelA, cancelCoord]) {
      const { part, calendar } = invitation(mail);
      expect(part.params.method).toBe('CANCEL');
      expect(calendar.method).toBe('CANCEL');
      expect(calendar.events[0]).toMatchObject({ uid, sequence: 1, status: 'CANCELLED', start: T.slots });
    }
    expect(cancelA.subject).toBe(`Dialogmöte inställt: ${w.p.title}`);

    // B books the other slot, and the coordinator removes it: B and the coordinator get the CANCEL.
    await w.b.client.ok(op.BOOK, { id: other.id });
    const toB = await s.mail.waitFor(
      (m) => m.to.includes(w.b.user.email) && m.attachments.some((a) => a.params.method === 'REQUEST'),
    );
    const bUid = invitation(toB).calendar.events[0].uid;
    expect(bUid).not.toBe(uid);
    await w.coord.client.ok(op.REMOVE_SLOT, { id: other.id });
    const removed = await s.mail.waitFor(
      (m) => m.to.includes(w.b.user.email) && m.attachments.some((a) => a.params.method === 'CANCEL'),
    );
    expect(invitation(removed).calendar.events[0]).toMatchObject({ uid: bUid, sequence: 1 });
    await s.mail.waitFor(
      (m) =>
        m.to.includes(w.coord.user.email) &&
        m.attachments.some((a) => a.params.method === 'CANCEL' && a.content.includes(bUid)),
    );
    // Each message exactly once.
    const ids = s.mail.received.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(s.mail.to(w.a.user.email).filter((m) => m.attachments.length)).toHaveLength(2);
  });
});

describe('a cancelled procurement', () => {
  it('cancels its meetings still to come: METHOD:CANCEL to each supplier and coordinator, the slots freed, the feeds without them', async () => {
    const w = await dialogue.withDialogue();
    await dialogue.register(w.c, w);
    await setProfile(w.b, { locale: 'en', timeZone: 'Europe/Stockholm' });
    const [slotA, slotB, held] = await dialogue.openSlots(w, T.slots, 3, 30, 'Rådhuset');
    await w.a.client.ok(op.BOOK, { id: slotA.id });
    await w.b.client.ok(op.BOOK, { id: slotB.id });
    await w.c.client.ok(op.BOOK, { id: held.id });
    // C's meeting took place last week (moved back in the database: a slot cannot be opened in the past).
    await s.db.query(
      `UPDATE dialogue_slot SET starts_at = now() - interval '7 days', ends_at = now() - interval '7 days' + interval '30 minutes' WHERE id = $1`,
      [held.id],
    );
    const host = new URL(s.url).hostname;
    const rows = (await s.db.query(`SELECT id, booked_at FROM dialogue_slot WHERE id = ANY($1)`, [
      [slotA.id, slotB.id, held.id],
    ])) as { id: string; booked_at: Date }[];
    const uidOf = (id: string) => `meeting-${id}-${rows.find((r) => r.id === id)!.booked_at.getTime()}@${host}`;
    const [uidA, uidB, uidHeld] = [uidOf(slotA.id), uidOf(slotB.id), uidOf(held.id)];
    const feeds = { coord: (await create(w.coord)).url, a: (await create(w.a)).url };
    expect(byUid((await feedOf(feeds.coord)).calendar, uidA)).toBeDefined();
    expect(byUid((await feedOf(feeds.a)).calendar, uidA)).toBeDefined();
    const invitations = s.mail.received.length;

    const { cancelJointProcurement } = await w.coord.client.ok(op.CANCEL, {
      input: { procurementId: w.p.id, reason: 'Behovet er dekket av en statlig avtale.' },
    });
    expect(cancelJointProcurement.phase).toBe('CANCELLED');

    const cancellation = (to: string, uid: string) =>
      s.mail.waitFor(
        (m) => m.to.includes(to) && m.attachments.some((a) => a.params.method === 'CANCEL' && a.content.includes(uid)),
      );
    const toA = await cancellation(w.a.user.email, uidA);
    const toB = await cancellation(w.b.user.email, uidB);
    const toCoordA = await cancellation(w.coord.user.email, uidA);
    const toCoordB = await cancellation(w.coord.user.email, uidB);
    expect(toA.subject).toBe(`Dialogmøte avlyst: ${w.p.title}`);
    expect(toB.subject).toBe(`Dialogue meeting cancelled: ${w.p.title}`);
    expect(toCoordB.subject).toBe(`Dialogmøte med ${w.b.organisation.name} avlyst: ${w.p.title}`);
    for (const [mail, uid, zone, local, start] of [
      [toA, uidA, 'Europe/Oslo', '2030-03-04T09:00:00', T.slots],
      [toB, uidB, 'Europe/Stockholm', '2030-03-04T09:30:00', '2030-03-04T08:30:00.000Z'],
      [toCoordA, uidA, 'Europe/Oslo', '2030-03-04T09:00:00', T.slots],
      [toCoordB, uidB, 'Europe/Oslo', '2030-03-04T09:30:00', '2030-03-04T08:30:00.000Z'],
    ] as const) {
      const { part, calendar } = invitation(mail);
      expect(part.params.method).toBe('CANCEL');
      expect(calendar.method).toBe('CANCEL');
      expect(calendar.zones).toEqual([zone]);
      expect(calendar.events).toHaveLength(1);
      // The same meeting as the invitation (UID), superseding it (SEQUENCE 1), at its local time.
      expect(calendar.events[0]).toMatchObject({ uid, sequence: 1, status: 'CANCELLED', tzid: zone, local, start });
    }
    // The supplier's cancellation names no buyer, as its invitation did not.
    expect(invitation(toA).part.content).not.toContain(w.coord.user.email);

    // The meetings to come are free and off every feed; the one already held stays as it was.
    const slots = (await dialogue.admin(w.coord, w)).slots;
    expect(slots.find((x: any) => x.id === slotA.id)).toMatchObject({ bookedAt: null, bookedByOrganisation: null });
    expect(slots.find((x: any) => x.id === slotB.id)).toMatchObject({ bookedAt: null, bookedByOrganisation: null });
    expect(slots.find((x: any) => x.id === held.id)).toMatchObject({
      bookedByOrganisation: { id: w.c.organisation.id },
    });
    for (const url of [feeds.coord, feeds.a]) {
      const uids = (await feedOf(url)).calendar.events.map((e) => e.uid);
      expect(uids).not.toContain(uidA);
      expect(uids).not.toContain(uidB);
      expect(uids).not.toContain(uidHeld);
    }
    // Each side hears of it in the app too (the calendar mail is the e-mail).
    await settled(s);
    expect((await noticesOf(w.a, 'SLOT_CANCELLED')).map((n) => n.details.at)).toEqual([T.slots]);
    expect((await noticesOf(w.c, 'SLOT_CANCELLED')).map((n) => n.details.at)).toEqual([]);

    // Exactly the four cancellations, each once: none for the meeting already held.
    await outboxDrained(s);
    const sent = s.mail.received
      .slice(invitations)
      .filter((m) => m.attachments.some((a) => a.params.method === 'CANCEL'));
    expect(sent).toHaveLength(4);
    expect(sent.some((m) => m.attachments.some((a) => a.content.includes(uidHeld)))).toBe(false);
    const ids = s.mail.received.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('the competition starting', () => {
  it('ends the market dialogue: its meetings still to come are cancelled (METHOD:CANCEL to the supplier and the coordinator) and freed', async () => {
    const w = await dialogue.withDialogue();
    const [slot] = await dialogue.openSlots(w, T.slots, 1, 30, 'Rådhuset');
    await w.a.client.ok(op.BOOK, { id: slot.id });
    const [row] = (await s.db.query(`SELECT booked_at FROM dialogue_slot WHERE id = $1`, [slot.id])) as {
      booked_at: Date;
    }[];
    const uid = `meeting-${slot.id}-${row.booked_at.getTime()}@${new URL(s.url).hostname}`;
    const cancellations = (to: string) =>
      s.mail.received.filter(
        (m) => m.to.includes(to) && m.attachments.some((a) => a.params.method === 'CANCEL' && a.content.includes(uid)),
      );
    // The phases before it leave the booking alone.
    await settled(s);
    await outboxDrained(s);
    expect(cancellations(w.a.user.email)).toHaveLength(0);

    await dialogue.toCompetition(w);
    for (const to of [w.a.user.email, w.coord.user.email]) {
      const mail = await s.mail.waitFor(
        (m) => m.to.includes(to) && m.attachments.some((a) => a.params.method === 'CANCEL' && a.content.includes(uid)),
      );
      expect(invitation(mail).calendar.events[0]).toMatchObject({ uid, sequence: 1, status: 'CANCELLED' });
    }
    const slots = (await dialogue.admin(w.coord, w)).slots;
    expect(slots.find((x: any) => x.id === slot.id)).toMatchObject({ bookedAt: null, bookedByOrganisation: null });
    await settled(s);
    expect((await noticesOf(w.a, 'SLOT_CANCELLED')).map((n) => n.details.at)).toEqual([T.slots]);
    // Each once.
    await outboxDrained(s);
    expect(cancellations(w.a.user.email)).toHaveLength(1);
    expect(cancellations(w.coord.user.email)).toHaveLength(1);
  });
});
