import { randomBytes, randomUUID } from 'node:crypto';
import type { TestUser } from './factories.js';
import type { TestServer } from './server.js';

/** Small helpers the test files share: unique names, dates, counting rows, addressing the server. */

/** A random hex suffix for unique names (3 bytes unless told). */
export const hex = (bytes = 3) => randomBytes(bytes).toString('hex');

/** A fresh idempotency key for postMessage. */
export const key = () => `key-${randomUUID()}`;

/** A calendar date `days` from today (UTC, as the server compares dates). */
export const day = (days = 0) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** An instant `days` from now, as an ISO string. */
export const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

/** A whole hour `days` ahead, as a meeting slot start. */
export const slotStart = (days: number) => {
  const t = new Date(Date.now() + days * 86_400_000);
  t.setUTCMinutes(0, 0, 0);
  return t.toISOString();
};

/** `minutes` after the instant `iso`. */
export const plus = (iso: string, minutes: number) =>
  new Date(new Date(iso).getTime() + minutes * 60_000).toISOString();

/** The newest event id: subscribing `after` it cannot miss what the test does next. */
export const head = async (s: TestServer) =>
  String((await s.db.query(`SELECT coalesce(max(id), 0) AS id FROM event`))[0].id);

/** How many rows `SELECT count(*) FROM <from>` finds, e.g. `rows(s, 'message WHERE thread_id = $1', [id])`. */
export async function rows(s: TestServer, from: string, params: unknown[] = []): Promise<number> {
  const [{ n }] = await s.db.query(`SELECT count(*)::int AS n FROM ${from}`, params);
  return n;
}

/** The server's origin, for its plain HTTP routes (downloads, uploads, exports). */
export const origin = (s: { url: string }) => new URL(s.url).origin;

/** The WebSocket URL of a server. */
export const wsUrl = (s: { url: string }) => s.url.replace(/^http/, 'ws');

/** The Authorization header of a user's session. */
export const bearer = (u: TestUser) => ({ authorization: `Bearer ${u.token}` });
