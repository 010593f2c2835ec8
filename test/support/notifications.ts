import type { TestUser } from './factories.js';
import type { TestServer } from './server.js';

/** What the notification tests share: waiting for the projector, reading an inbox. */

/** Every running instance (the test's server and those it started), for `settled`. */
type Running = Pick<TestServer['app'], 'services' | 'projector'>;

/** Waits until the bus and the projector of each instance have processed everything committed so far. */
export async function settled(s: TestServer, ...others: Running[]): Promise<void> {
  for (const app of [s.app, ...others]) {
    await app.services.bus.settle();
    await app.projector.settle();
  }
}

export const INBOX = `query($first: Int) {
  unreadNotificationCount
  notifications(first: $first) {
    totalCount
    nodes {
      id kind path url readAt
      actor { id }
      group { id }
      procurement { id }
      marketDialogue { id }
      thread { id }
      document { id }
      details { groupName procurementTitle title organisationName at phase fromPhase outcome approved number milestoneKind }
    }
  }
}`;

export interface Notice {
  id: string;
  kind: string;
  path: string;
  url: string;
  readAt: string | null;
  actor: { id: string } | null;
  group: { id: string } | null;
  procurement: { id: string } | null;
  marketDialogue: { id: string } | null;
  thread: { id: string } | null;
  document: { id: string } | null;
  details: {
    groupName: string | null;
    procurementTitle: string | null;
    title: string | null;
    organisationName: string | null;
    at: string | null;
    phase: string | null;
    fromPhase: string | null;
    outcome: string | null;
    approved: boolean | null;
    number: number | null;
    milestoneKind: string | null;
  };
}

/** The user's notices, newest first. */
export async function inbox(u: TestUser): Promise<Notice[]> {
  const { notifications } = await u.client.ok<{ notifications: { nodes: Notice[] } }>(INBOX, { first: 100 });
  return notifications.nodes;
}

/** The user's notices of one kind, newest first. */
export const noticesOf = async (u: TestUser, kind: string) => (await inbox(u)).filter((n) => n.kind === kind);

/** The kinds in the user's inbox, oldest first. */
export const kindsOf = async (u: TestUser) => (await inbox(u)).map((n) => n.kind).reverse();

export const KINDS = [
  'MENTION',
  'REPLY',
  'INVITATION',
  'JOIN_REQUEST',
  'JOIN_REQUEST_DECIDED',
  'GUEST_INVITATION',
  'MANDATE_REQUESTED',
  'MANDATE_SIGNED',
  'MANDATE_WITHDRAWN',
  'PHASE_CHANGED',
  'DECISION_OPENED',
  'DECISION_CLOSING',
  'DECISION_CLOSED',
  'MILESTONE_DUE',
  'MILESTONE_OVERDUE',
  'DOCUMENT_VERSION',
  'QUESTION_RECEIVED',
  'ANSWER_PUBLISHED',
  'DOCUMENT_PUBLISHED',
  'SLOT_BOOKED',
  'SLOT_CANCELLED',
  'AWARD_MADE',
  'STANDSTILL_ENDED',
] as const;

export const SET_DELIVERY = `mutation($kind: NotificationKind!, $delivery: NotificationDelivery!) {
  setNotificationPreference(kind: $kind, delivery: $delivery) { kind delivery }
}`;

/** The user hears of every kind in one way (through the API, as the settings screen does). */
export async function deliverAll(u: TestUser, delivery: string): Promise<void> {
  for (const kind of KINDS) await u.client.ok(SET_DELIVERY, { kind, delivery });
}

/** The user's language, set directly (an account setting covered by its own tests). */
export async function setLocale(s: TestServer, u: TestUser, locale: 'nb' | 'sv' | 'en', timeZone?: string) {
  await s.db.query(`UPDATE user_account SET locale = $2, time_zone = coalesce($3, time_zone) WHERE id = $1`, [
    u.user.id,
    locale,
    timeZone ?? null,
  ]);
}

/** Waits until the outbox holds no unsent mail (each instance's sender has run). */
export async function outboxDrained(s: TestServer, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [{ n }] = await s.db.query(
      `SELECT count(*)::int AS n FROM mail_outbox WHERE sent_at IS NULL AND failed_at IS NULL`,
    );
    if (n === 0) return;
    if (Date.now() > deadline) throw new Error(`${n} mails still unsent`);
    s.app.services.outbox.wake();
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The notice kind of each queued mail (`notice:MENTION` …), by Message-ID. */
export async function mailKinds(s: TestServer): Promise<Map<string, string>> {
  const rows = (await s.db.query(`SELECT message_id, kind FROM mail_outbox`)) as { message_id: string; kind: string }[];
  return new Map(rows.map((r) => [r.message_id, r.kind]));
}
