import ical, {
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  ICalEventStatus,
  type ICalCalendar,
} from 'ical-generator';
import { DateTime } from 'luxon';
import { tzlib_get_ical_block } from 'timezones-ical-library';

/** One dated thing in a calendar: a deadline (no end) or a meeting. */
export interface CalendarItem {
  /** Stable across fetches and across the invitation and the feed (RFC 5545 UID). */
  uid: string;
  start: Date;
  end?: Date | null;
  summary: string;
  description?: string;
  location?: string;
  /** Back to the place in Samverka. */
  url: string;
  /** When the item last changed (DTSTAMP of a published feed); a fixed stamp lets feeds be cached by ETag. */
  stamp: Date;
  sequence?: number;
  cancelled?: boolean;
}

/** A person named in an invitation (RFC 5546): the mail's recipient, or the organizer. */
export interface Person {
  name: string;
  email: string;
}

export interface CalendarOptions {
  name: string;
  /** The IANA zone times are written in (TZID with a VTIMEZONE); UTC times when the zone has no VTIMEZONE. */
  timeZone: string;
  /** REQUEST or CANCEL for an invitation; none for a feed. */
  method?: 'REQUEST' | 'CANCEL';
  organizer?: Person;
  attendee?: Person;
  /** How often a subscribing app should fetch the feed again. */
  refreshSeconds?: number;
}

const vtimezones = new Map<string, string | null>();

/**
 * The VTIMEZONE of an IANA zone, from timezones-ical-library (current tzdb rules), or null when it
 * has none. The library answers a linked zone (Europe/Oslo, Europe/Stockholm, Europe/Copenhagen)
 * with the zone it links to (Europe/Berlin): the rules are the same, but the TZID must be the name
 * the events use, so it is renamed.
 */
export function vtimezone(zone: string): string | null {
  if (!vtimezones.has(zone)) {
    let block: string | null = null;
    if (zone !== 'UTC') {
      const found = tzlib_get_ical_block(zone);
      const text = Array.isArray(found) ? found[0] : '';
      if (text?.startsWith('BEGIN:VTIMEZONE')) {
        block = text
          .replace(/^TZID:[^\r\n]*/m, `TZID:${zone}`)
          .replace(/^X-LIC-LOCATION:[^\r\n]*/m, `X-LIC-LOCATION:${zone}`);
      }
    }
    vtimezones.set(zone, block);
  }
  return vtimezones.get(zone)!;
}

/** A time as ical-generator writes it in a zone: a luxon DateTime (a plain Date would use the server's own zone). */
const at = (d: Date, zone: string | null) => (zone ? DateTime.fromJSDate(d, { zone }) : DateTime.fromJSDate(d).toUTC());

/**
 * An RFC 5545 calendar of `items`, every time with its TZID and the zone's VTIMEZONE (or in UTC
 * where the zone has none), every event with its UID and URL.
 */
export function renderCalendar(items: readonly CalendarItem[], o: CalendarOptions): string {
  const zone = vtimezone(o.timeZone) ? o.timeZone : null;
  const cal: ICalCalendar = ical({
    name: o.name,
    prodId: { company: 'Samverka', product: 'Samverka', language: 'EN' },
    ...(o.method ? { method: o.method === 'REQUEST' ? ICalCalendarMethod.REQUEST : ICalCalendarMethod.CANCEL } : {}),
    ...(o.refreshSeconds ? { ttl: o.refreshSeconds } : {}),
    // Only the generator: a calendar-wide zone would make ical-generator write DTSTAMP without its Z.
    timezone: { name: null, generator: (tz: string) => vtimezone(tz) },
  });
  if (zone) cal.x('X-WR-TIMEZONE', zone);
  for (const item of items) {
    cal.createEvent({
      id: item.uid,
      sequence: item.sequence ?? 0,
      stamp: at(item.stamp, null),
      start: at(item.start, zone),
      end: item.end ? at(item.end, zone) : null,
      timezone: zone,
      summary: item.summary,
      description: item.description ?? null,
      location: item.location || null,
      url: item.url,
      status: item.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      organizer: o.organizer ? { name: o.organizer.name, email: o.organizer.email } : null,
      attendees: o.attendee
        ? [
            {
              name: o.attendee.name,
              email: o.attendee.email,
              role: ICalAttendeeRole.REQ,
              // The supplier booked it and the coordinator opened it: both have said yes already.
              status: ICalAttendeeStatus.ACCEPTED,
              rsvp: false,
            },
          ]
        : [],
    });
  }
  return cal.toString();
}
