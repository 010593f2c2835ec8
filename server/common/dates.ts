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
