/**
 * IANA time zones: which names a user may choose, and what a moment reads as on a wall clock there.
 * The list is the runtime's own (ICU's canonical zones), so a zone we accept is one Intl can format
 * in; `UTC` is added because Intl lists only geographic zones and operators ask for it.
 */
export const TIME_ZONES: readonly string[] = [...Intl.supportedValuesOf('timeZone'), 'UTC'].sort();

const known = new Set(TIME_ZONES);

/** Whether `name` is a time zone a user may choose (canonical IANA spelling, e.g. Europe/Oslo). */
export const isTimeZone = (name: string): boolean => known.has(name);

/** The wall-clock fields of a moment in a zone. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

// One formatter per zone: building an Intl.DateTimeFormat costs far more than formatting with it.
const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterFor = (timeZone: string) => {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
};

/** What a clock in `timeZone` showed at `at` (daylight saving time included). */
export function wallClock(at: Date, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(at)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour,
    minute: parts.minute,
    second: parts.second,
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `YYYY-MM-DD HH:mm:ss` on a wall clock in `timeZone`: the form every spreadsheet reads as a date and time. */
export function localDateTime(at: Date, timeZone: string): string {
  const c = wallClock(at, timeZone);
  return `${pad(c.year, 4)}-${pad(c.month)}-${pad(c.day)} ${pad(c.hour)}:${pad(c.minute)}:${pad(c.second)}`;
}

/**
 * The wall-clock time in `timeZone` as if it were UTC: what a spreadsheet cell needs, since a
 * spreadsheet date has no zone and libraries write a Date's UTC fields (exceljs does).
 */
export function wallClockAsUtc(at: Date, timeZone: string): Date {
  const c = wallClock(at, timeZone);
  return new Date(Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second, at.getUTCMilliseconds()));
}

/**
 * The moment a wall clock in `timeZone` shows the given date and time (one of the two when daylight
 * saving time repeats an hour; the moment after the gap when it skips one).
 */
export function instantOf(
  wall: { year: number; month: number; day: number; hour: number; minute?: number },
  timeZone: string,
): Date {
  const target = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute ?? 0);
  let guess = target;
  // Two corrections: the zone's offset at the first guess, then at the corrected one (across a change).
  for (let i = 0; i < 2; i++) {
    const c = wallClock(new Date(guess), timeZone);
    const shown = Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second);
    guess += target - shown;
  }
  return new Date(guess);
}

/** The calendar date (YYYY-MM-DD) a wall clock in `timeZone` shows at `at`. */
export function localDate(at: Date, timeZone: string): string {
  const c = wallClock(at, timeZone);
  return `${pad(c.year, 4)}-${pad(c.month)}-${pad(c.day)}`;
}
