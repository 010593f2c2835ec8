import { In, type EntityManager } from 'typeorm';
import type { PublicUrl } from '../../common/public-url.js';
import type { MailOutbox } from '../../mail/outbox.js';
import type { MailTemplate } from '../../mail/mail.templates.js';
import type { DialogueSlot } from '../dialogue/dialogue.entity.js';
import { Organisation } from '../organisations/organisation.entity.js';
import type { Procurement } from '../procurements/procurement.entity.js';
import { User, UserStatus } from '../users/user.entity.js';
import { renderCalendar } from './calendar.ics.js';
import { buyerLink, meetingUid, supplierLink } from './calendar.items.js';
import { calendarWords, meetingTime } from './calendar.words.js';

/** A booking as it stands (booked) or stood (cancelled): the slot with who booked it and when. */
export type Booking = Pick<
  DialogueSlot,
  'id' | 'startsAt' | 'endsAt' | 'location' | 'openedByUserId' | 'bookedByOrganisationId' | 'bookedByUserId'
> & { bookedAt: Date };

/** The address part of a From header ("Samverka <no-reply@host>" gives no-reply@host). */
const addressOf = (from: string) => /<([^>]+)>/.exec(from)?.[1] ?? from;

/**
 * Calendar invitations for booked dialogue meetings (RFC 5546 over mail, RFC 6047): the supplier
 * person who booked and the coordinator who opened the slot each get a `METHOD:REQUEST` when the
 * slot is booked, and a `METHOD:CANCEL` with the same UID and a higher SEQUENCE when the booking is
 * cancelled or the slot removed. Each mail is in its recipient's language, its times in the
 * recipient's zone. They are queued in the outbox in the booking's own transaction, so a mail exists
 * exactly when the booking (or its cancellation) committed, and the outbox retries until sent.
 *
 * The supplier's invitation names no buyer: its organizer is Samverka's sending address and its one
 * attendee the supplier person; the coordinator's names the supplier, as the buyers' view does.
 */
export class MeetingInvitations {
  constructor(
    private readonly outbox: MailOutbox,
    private readonly urls: PublicUrl,
  ) {}

  booked(em: EntityManager, procurement: Procurement, booking: Booking): Promise<void> {
    return this.send(em, procurement, booking, 'REQUEST');
  }

  cancelled(em: EntityManager, procurement: Procurement, booking: Booking): Promise<void> {
    return this.send(em, procurement, booking, 'CANCEL');
  }

  /** After the commit: sends what was queued at once (the outbox's poll is the fallback). */
  wake(): void {
    this.outbox.wake();
  }

  private async send(
    em: EntityManager,
    procurement: Procurement,
    booking: Booking,
    method: 'REQUEST' | 'CANCEL',
  ): Promise<void> {
    const ids = [booking.bookedByUserId, booking.openedByUserId].filter((id): id is string => !!id);
    const people = ids.length ? await em.getRepository(User).findBy({ id: In(ids) }) : [];
    const supplier = booking.bookedByOrganisationId
      ? await em.getRepository(Organisation).findOneBy({ id: booking.bookedByOrganisationId })
      : null;
    const cancel = method === 'CANCEL';
    for (const person of people) {
      // A suspended or not yet approved account gets no mail; nor does anyone without an address.
      if (person.status !== UserStatus.ACTIVE) continue;
      const buyer = person.id !== booking.bookedByUserId;
      const words = calendarWords(person.locale);
      const url = buyer ? buyerLink(this.urls, procurement, 'dialogue') : supplierLink(this.urls, procurement.id);
      const summary = words.of(buyer ? words.meetingWith(supplier?.name ?? '') : words.meeting, procurement.title);
      const content = renderCalendar(
        [
          {
            uid: meetingUid(booking.id, booking.bookedAt, this.urls.hostname),
            // The cancellation supersedes the invitation (RFC 5546: a higher SEQUENCE).
            sequence: cancel ? 1 : 0,
            cancelled: cancel,
            start: booking.startsAt,
            end: booking.endsAt,
            summary,
            location: booking.location,
            url,
            stamp: new Date(),
          },
        ],
        {
          name: words.feedName,
          timeZone: person.timeZone,
          method,
          organizer: { name: 'Samverka', email: addressOf(this.outbox.from) },
          attendee: { name: person.displayName, email: person.email },
        },
      );
      const template: MailTemplate = buyer
        ? cancel
          ? 'meetingCancelledBuyer'
          : 'meetingBookedBuyer'
        : cancel
          ? 'meetingCancelled'
          : 'meetingBooked';
      await this.outbox.enqueue(em, {
        to: person.email,
        locale: person.locale,
        template,
        values: {
          name: person.displayName,
          procurement: procurement.title,
          time: meetingTime(booking.startsAt, booking.endsAt, person.locale, person.timeZone),
          location: booking.location,
          supplier: supplier?.name ?? '',
        },
        action: url,
        calendar: { method, content },
      });
    }
  }
}
