/**
 * Groups where the viewer was a guest, remembered for this tab: once the access ends the server
 * answers NOT_FOUND for the group (exactly as for a group that never existed), and only this
 * memory lets the page say "your guest access ended" instead of "not found".
 */
const STORAGE_KEY = 'samverka.guestGroups';

/** A copy in memory: session storage can be disabled, and the page still works within this visit. */
const memory = new Set<string>();

function load(): Set<string> {
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? '[]') as unknown;
    if (Array.isArray(saved)) for (const k of saved) if (typeof k === 'string') memory.add(k);
  } catch {
    // Unreadable or disabled: the memory alone answers.
  }
  return memory;
}

function save(keys: Set<string>): void {
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify([...keys]));
  } catch {
    // Not kept across a reload; the memory still answers until then.
  }
}

const key = (userId: string, groupId: string) => `${userId}|${groupId}`;

export function rememberGuestAccess(userId: string, groupId: string): void {
  const keys = load();
  if (keys.has(key(userId, groupId))) return;
  keys.add(key(userId, groupId));
  save(keys);
}

/** The viewer is (again) a member there, not a guest: a later NOT_FOUND means something else. */
export function forgetGuestAccess(userId: string, groupId: string): void {
  const keys = load();
  if (!keys.delete(key(userId, groupId))) return;
  save(keys);
}

export function wasGuestOf(userId: string, groupId: string): boolean {
  return load().has(key(userId, groupId));
}

/** The refusals with which a group's live stream ends when the viewer's access to it ends. */
export const isAccessRefusal = (code: string) => code === 'FORBIDDEN' || code === 'NOT_FOUND';

/** The server refuses an end more than 366 days ahead; the last whole day within that is a year less one. */
export const MAX_GUEST_DAYS = 365;
export const DEFAULT_GUEST_DAYS = 90;
const DAY = 86_400_000;

/**
 * An end date chosen as a calendar day means "access through that day": the end of the day in
 * the browser's time zone, as the API's instant (kept inside the server's 366 days, which a
 * change to summer time could otherwise overstep by an hour on the last day).
 */
export function guestEndsAt(ymd: string): string {
  const [y, m, d] = ymd.split('-').map(Number);
  const end = new Date(y, m - 1, d, 23, 59, 0, 0).getTime();
  return new Date(Math.min(end, Date.now() + 366 * DAY - 5 * 60_000)).toISOString();
}

/** The calendar day of an instant in the browser's time zone, as YYYY-MM-DD (what a date input takes). */
export function localDay(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The day `days` from today, in the browser's time zone, as YYYY-MM-DD. */
export function dayFromToday(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return localDay(d.toISOString());
}
