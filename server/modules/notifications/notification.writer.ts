import { In, type EntityManager } from 'typeorm';
import type { PublicUrl } from '../../common/public-url.js';
import type { RecordEvent } from '../../events/event-log.js';
import type { MailOutbox } from '../../mail/outbox.js';
import type { Locale } from '../users/user.entity.js';
import {
  DEFAULT_DELIVERY,
  NotificationDelivery,
  NotificationPreference,
  type NotificationKind,
} from './notification.entity.js';
import type { Draft } from './notification.sources.js';
import type { UnsubscribeLinks } from './notification.unsubscribe.js';
import { notificationWords, say } from './notification.say.js';

/** Where the web client shows the notification settings (the profile). */
export const SETTINGS_PATH = '/profile#notifications';

/** A recipient as their mail needs them. */
export interface Reader {
  id: string;
  email: string;
  displayName: string;
  locale: Locale;
  timeZone: string;
}

export const readersById = async (em: EntityManager, ids: string[]): Promise<Map<string, Reader>> => {
  if (!ids.length) return new Map();
  const rows = (await em.query(
    `SELECT id, email, display_name AS "displayName", locale, time_zone AS "timeZone"
       FROM user_account WHERE id = ANY($1::uuid[]) AND status = 'ACTIVE'`,
    [ids],
  )) as Reader[];
  return new Map(rows.map((r) => [r.id, r]));
};

/** The delivery of each kind for each of these users: their choice, or the kind's default. */
export async function deliveries(
  em: EntityManager,
  userIds: string[],
): Promise<(userId: string, kind: NotificationKind) => NotificationDelivery> {
  const rows = userIds.length ? await em.getRepository(NotificationPreference).findBy({ userId: In(userIds) }) : [];
  const chosen = new Map(rows.map((r) => [`${r.userId}|${r.kind}`, r.delivery]));
  return (userId, kind) => chosen.get(`${userId}|${kind}`) ?? DEFAULT_DELIVERY[kind];
}

/**
 * Writes drafts as notifications in the caller's transaction (the projector's or the scheduler's):
 * one row per recipient, never to the person who caused it, never twice (a unique key per event and
 * kind, or per subject and occasion, makes a second attempt a no-op), each announced to its
 * recipient's open sessions by a `notification.created` event. Each recipient's preference decides:
 * OFF or a muted group or procurement writes nothing; EMAIL_NOW also queues the e-mail in this same
 * transaction (so it exists exactly when the notification does); DIGEST leaves it to the digest.
 */
export class NotificationWriter {
  constructor(
    private readonly outbox: MailOutbox,
    private readonly urls: PublicUrl,
    private readonly links: UnsubscribeLinks,
  ) {}

  /** Returns how many notifications it wrote and how many e-mails it queued. */
  async write(em: EntityManager, record: RecordEvent, drafts: Draft[]): Promise<{ written: number; mailed: number }> {
    const wanted = drafts.map((d) => ({
      draft: d,
      recipients: [...new Set(d.recipients)].filter((id) => id !== d.exclude),
    }));
    const everyone = [...new Set(wanted.flatMap((w) => w.recipients))];
    if (!everyone.length) return { written: 0, mailed: 0 };
    const deliveryOf = await deliveries(em, everyone);
    const scopes = [...new Set(drafts.flatMap((d) => [d.groupId, d.procurementId]).filter((x): x is string => !!x))];
    const mutes = scopes.length
      ? ((await em.query(
          `SELECT user_id, scope_id FROM notification_mute WHERE user_id = ANY($1::uuid[]) AND scope_id = ANY($2::uuid[])`,
          [everyone, scopes],
        )) as { user_id: string; scope_id: string }[])
      : [];
    const muted = new Set(mutes.map((m) => `${m.user_id}|${m.scope_id}`));
    const readers = await readersById(em, everyone);
    const actorIds = [...new Set(drafts.map((d) => d.actor?.userId).filter((x): x is string => !!x))];
    const actorNames = new Map(
      actorIds.length
        ? (
            (await em.query(`SELECT id, display_name FROM user_account WHERE id = ANY($1::uuid[])`, [actorIds])) as {
              id: string;
              display_name: string;
            }[]
          ).map((r) => [r.id, r.display_name])
        : [],
    );

    let written = 0;
    let mailed = 0;
    // Each row gets its own moment (clock_timestamp, not the transaction's now()); the inbox lists them by `seq`, the order they were made.
    for (const { draft: d, recipients } of wanted) {
      for (const userId of recipients) {
        const delivery = deliveryOf(userId, d.kind);
        if (delivery === NotificationDelivery.OFF) continue;
        if (
          (d.groupId && muted.has(`${userId}|${d.groupId}`)) ||
          (d.procurementId && muted.has(`${userId}|${d.procurementId}`))
        ) {
          continue;
        }
        const inserted = (await em.query(
          `INSERT INTO notification (user_id, kind, event_id, subject_id, occasion, actor_user_id, group_id,
                                     procurement_id, thread_id, message_id, document_id, path, data, delivery, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, clock_timestamp())
           ON CONFLICT DO NOTHING RETURNING id`,
          [
            userId,
            d.kind,
            d.eventId ?? null,
            d.subjectId ?? null,
            d.occasion ?? null,
            d.actor?.userId ?? null,
            d.groupId,
            d.procurementId ?? null,
            d.threadId ?? null,
            d.messageId ?? null,
            d.documentId ?? null,
            d.path,
            JSON.stringify(d.data),
            delivery,
          ],
        )) as { id: string }[];
        if (!inserted.length) continue;
        written++;
        await record({
          scopeType: 'user',
          scopeId: userId,
          groupId: null,
          type: 'notification.created',
          actor: d.actor ?? null,
          payload: { notificationId: inserted[0].id, kind: d.kind },
        });
        const reader = readers.get(userId);
        if (delivery === NotificationDelivery.EMAIL_NOW && reader) {
          await this.mail(em, reader, d, d.actor ? (actorNames.get(d.actor.userId) ?? null) : null);
          mailed++;
        }
      }
    }
    return { written, mailed };
  }

  /** The notice's own e-mail, in the reader's language and time zone, with its one-click unsubscribe. */
  private async mail(em: EntityManager, reader: Reader, d: Draft, actorName: string | null): Promise<void> {
    const w = notificationWords(reader.locale);
    const notice = w.notice[d.kind](say(d.data, actorName, reader));
    await this.outbox.enqueueContent(em, {
      to: reader.email,
      locale: reader.locale,
      kind: `notice:${d.kind}`,
      content: {
        subject: notice.subject,
        paragraphs: [w.hello(reader.displayName), notice.line],
        action: { label: w.open, url: this.urls.link(d.path) },
        notes: [w.because(w.kind[d.kind])],
        links: [
          { label: w.stop, url: this.links.url(reader.id, d.kind) },
          { label: w.settings, url: this.urls.link(SETTINGS_PATH) },
        ],
      },
      headers: this.links.headers(reader.id, d.kind),
    });
  }
}
