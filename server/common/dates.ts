/**
 * Calendar dates (a decision's date, a measurement's date) carry no time zone, so "not in the future"
 * cannot be judged against UTC alone: a Finnish officer at 00:30 local time is still on yesterday in UTC
 * and would be refused today's date. A date is in the future only once it is later than today
 * everywhere on earth, i.e. later than the date at UTC+14.
 */
const EARLIEST_ZONE_AHEAD_MS = 14 * 60 * 60 * 1000;

/** The latest calendar date (YYYY-MM-DD) that is today somewhere. */
export function latestToday(now: Date = new Date()): string {
  return new Date(now.getTime() + EARLIEST_ZONE_AHEAD_MS).toISOString().slice(0, 10);
}

/** Whether a YYYY-MM-DD date has not yet begun anywhere. */
export function isFutureDate(date: string, now: Date = new Date()): boolean {
  return date > latestToday(now);
}

/**
 * The calendar date `months` months after `date` (YYYY-MM-DD), the day clamped to the target month
 * (31 January + 1 month is 28 or 29 February, not 3 March as Date.UTC would carry it).
 */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const last = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + months, Math.min(d, last))).toISOString().slice(0, 10);
}

/** The last day of a period of `months` months from `start`: 2027-01-01 and 48 months end on 2030-12-31. */
export function periodEnd(start: string, months: number): string {
  const next = new Date(`${addMonths(start, months)}T00:00:00Z`);
  return new Date(next.getTime() - 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}
