import { In, type EntityManager } from 'typeorm';
import type { RecordEvent } from '../../events/event-log.js';
import { NotificationPreference } from './notification.entity.js';
import type { Draft } from './notification.sources.js';

/**
 * Writes drafts as notifications in the caller's transaction (the projector's or the scheduler's):
 * one row per recipient, never to the person who caused it, never twice (a unique key per event and
 * kind, or per subject and occasion, makes a second attempt a no-op), each announced to its
 * recipient's open sessions by a `notification.created` event. Returns how many were written.
 */
export async function writeNotifications(em: EntityManager, record: RecordEvent, drafts: Draft[]): Promise<number> {
  const wanted = drafts.map((d) => ({
    draft: d,
    recipients: [...new Set(d.recipients)].filter((id) => id !== d.exclude),
  }));
  const everyone = [...new Set(wanted.flatMap((w) => w.recipients))];
  if (!everyone.length) return 0;
  const off = await em.getRepository(NotificationPreference).findBy({ userId: In(everyone), enabled: false });
  const disabled = new Set(off.map((o) => `${o.userId}|${o.kind}`));
  let written = 0;
  // Each row gets its own moment (clock_timestamp, not the transaction's now()): the inbox lists them in the order they were made.
  for (const { draft: d, recipients } of wanted) {
    for (const userId of recipients) {
      if (disabled.has(`${userId}|${d.kind}`)) continue;
      const inserted = (await em.query(
        `INSERT INTO notification (user_id, kind, event_id, subject_id, occasion, actor_user_id, group_id,
                                   procurement_id, thread_id, message_id, document_id, path, data, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, clock_timestamp())
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
    }
  }
  return written;
}
