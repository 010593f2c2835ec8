import type { DataSource } from 'typeorm';
import type { Clock } from '../../common/clock.js';
import { Rounds } from '../../common/timers.js';
import type { PublicUrl } from '../../common/public-url.js';
import { instantOf, localDate, wallClock } from '../../common/time-zones.js';
import type { Logger } from '../../logger.js';
import type { MailOutbox } from '../../mail/outbox.js';
import type { Locale } from '../users/user.entity.js';
import { NotificationDelivery, type NotificationData, type NotificationKind } from './notification.entity.js';
import type { UnsubscribeLinks } from './notification.unsubscribe.js';
import { notificationWords, say } from './notification.say.js';
import { deliveries, SETTINGS_PATH } from './notification.writer.js';

/** A digest lists at most this many notices (the rest are in the inbox, which it links to). */
const MAX_LINES = 200;

interface Pending {
  id: string;
  kind: NotificationKind;
  data: NotificationData;
  path: string;
  groupId: string | null;
  procurementId: string | null;
  actor: string | null;
}

interface DigestReader {
  id: string;
  email: string;
  displayName: string;
  locale: Locale;
  timeZone: string;
  digestHour: number;
}

/**
 * The daily digest: once a day, at the hour each user chose on their own clock (their time zone),
 * one e-mail with the notices delivered by DIGEST since the last one, grouped by group and
 * procurement, in their language; none when there is nothing. A digest for day D tells of the
 * notices made before D at that hour; one made later waits for the next day's.
 *
 * Every instance runs it. Exactly once per user and day: the transaction that marks the notices and
 * queues the e-mail first claims the unique (user, local date) row, so a second instance (or a
 * second round) finds the day taken and does nothing. The clock is injected (tests cross days).
 */
export class NotificationDigests {
  private readonly rounds: Rounds;

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly outbox: MailOutbox,
    private readonly urls: PublicUrl,
    private readonly links: UnsubscribeLinks,
    private readonly log: Logger,
    intervalMs: number,
  ) {
    this.rounds = new Rounds('notification digests', intervalMs, log, () => this.round());
  }

  start(): void {
    this.rounds.start();
  }

  async stop(): Promise<void> {
    await this.rounds.stop();
  }

  /** One round now (or joins the one under way); returns how many digests it queued. For tests too. */
  run(): Promise<number> {
    return this.rounds.run();
  }

  private async round(): Promise<number> {
    const now = this.clock.now();
    const readers = (await this.db.query(
      `SELECT u.id, u.email, u.display_name AS "displayName", u.locale, u.time_zone AS "timeZone",
              u.digest_hour AS "digestHour"
         FROM user_account u
        WHERE u.status = 'ACTIVE'
          AND EXISTS (SELECT 1 FROM notification n
                       WHERE n.user_id = u.id AND n.delivery = 'DIGEST' AND n.digest_id IS NULL)
        ORDER BY u.id`,
    )) as DigestReader[];
    let sent = 0;
    for (const reader of readers) {
      if (this.rounds.stopped) break;
      const day = localDate(now, reader.timeZone);
      const c = wallClock(now, reader.timeZone);
      const due = instantOf({ year: c.year, month: c.month, day: c.day, hour: reader.digestHour }, reader.timeZone);
      if (now < due) continue;
      try {
        if (await this.send(reader, day, due)) sent++;
      } catch (err) {
        this.log.error({ err, userId: reader.id }, 'a digest failed; it is tried again next round');
      }
    }
    if (sent) this.outbox.wake();
    return sent;
  }

  /** The reader's digest for `day` (notices made before `cutoff`), if there is one to send and the day is not taken. */
  private async send(reader: DigestReader, day: string, cutoff: Date): Promise<boolean> {
    return this.db.transaction(async (em) => {
      const pending = (await em.query(
        `SELECT n.id, n.kind, n.data, n.path, n.group_id AS "groupId", n.procurement_id AS "procurementId",
                a.display_name AS actor
           FROM notification n LEFT JOIN user_account a ON a.id = n.actor_user_id
          WHERE n.user_id = $1 AND n.delivery = 'DIGEST' AND n.digest_id IS NULL AND n.created_at < $2
          ORDER BY n.seq`,
        [reader.id, cutoff],
      )) as Pending[];
      if (!pending.length) return false;
      const [claim] = (await em.query(
        `INSERT INTO notification_digest (user_id, local_date, count) VALUES ($1, $2, 0)
         ON CONFLICT ON CONSTRAINT uq_notification_digest_day DO NOTHING RETURNING id`,
        [reader.id, day],
      )) as { id: string }[];
      // Another instance (or an earlier round) sent this day's digest: what is left waits for tomorrow's.
      if (!claim) return false;
      // What the reader has since turned off or muted is left out (and not kept for another day).
      const deliveryOf = await deliveries(em, [reader.id]);
      const mutes = new Set(
        (
          (await em.query(`SELECT scope_id FROM notification_mute WHERE user_id = $1`, [reader.id])) as {
            scope_id: string;
          }[]
        ).map((m) => m.scope_id),
      );
      const told = pending.filter(
        (n) =>
          deliveryOf(reader.id, n.kind) !== NotificationDelivery.OFF &&
          !(n.groupId && mutes.has(n.groupId)) &&
          !(n.procurementId && mutes.has(n.procurementId)),
      );
      await em.query(`UPDATE notification SET digest_id = $1 WHERE id = ANY($2::uuid[])`, [
        claim.id,
        pending.map((n) => n.id),
      ]);
      await em.query(`UPDATE notification_digest SET count = $2 WHERE id = $1`, [claim.id, told.length]);
      if (!told.length) return false;
      await this.mail(em, reader, told);
      return true;
    });
  }

  private async mail(em: import('typeorm').EntityManager, reader: DigestReader, told: Pending[]): Promise<void> {
    const w = notificationWords(reader.locale);
    // Grouped by group and procurement, in the order their first notice came.
    const sections = new Map<string, { heading: string; items: { text: string; url: string }[] }>();
    for (const n of told.slice(0, MAX_LINES)) {
      const d = n.data;
      const heading = [d.groupName, d.procurementTitle].filter(Boolean).join(' · ') || w.digest.other;
      let section = sections.get(heading);
      if (!section) sections.set(heading, (section = { heading, items: [] }));
      section.items.push({
        text: w.notice[n.kind](say(d, n.actor, reader)).line,
        url: this.urls.link(n.path),
      });
    }
    await this.outbox.enqueueContent(em, {
      to: reader.email,
      locale: reader.locale,
      kind: 'digest',
      content: {
        subject: w.digest.subject(told.length),
        paragraphs: [w.hello(reader.displayName), w.digest.intro(told.length)],
        sections: [...sections.values()],
        action: { label: w.open, url: this.urls.link('/') },
        notes: [w.digest.because],
        links: [
          { label: w.digest.stop, url: this.links.url(reader.id, 'DIGEST') },
          { label: w.settings, url: this.urls.link(SETTINGS_PATH) },
        ],
      },
      headers: this.links.headers(reader.id, 'DIGEST'),
    });
  }
}
