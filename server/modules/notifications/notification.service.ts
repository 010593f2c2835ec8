import type { EventPayload } from '../../events/catalogue.js';
import { IsNull, type DataSource } from 'typeorm';
import { loadPages, type Connection } from '../../common/pagination.js';
import type { Actor } from '../../auth/actor.js';
import { NotFoundError } from '../../errors.js';
import { type EventWriter } from '../../events/event-log.js';
import { isStreamEnd, type EventStreams, type StreamItem } from '../../events/stream.js';
import { findById } from '../../loaders.js';
import type { Document } from '../documents/document.entity.js';
import type { DocumentService } from '../documents/document.service.js';
import { DocumentFollow, Notification, NotificationKind, NotificationPreference } from './notification.entity.js';
import { notificationPolicy } from './notification.policy.js';

export interface PreferenceView {
  kind: NotificationKind;
  enabled: boolean;
}

/** The viewer's inbox. Every read and change is scoped to the viewer's own rows (notification.policy). */
export class NotificationService {
  constructor(
    private readonly db: DataSource,
    private readonly events: EventWriter,
    private readonly streams: EventStreams,
    private readonly documents: DocumentService,
  ) {}

  /** Follows a document the viewer reads, or stops (an explicit unfollow also holds against later versions of theirs). */
  async follow(actor: Actor, documentId: string, following: boolean): Promise<Document> {
    const { document } = await this.documents.access(actor, documentId);
    await this.db
      .getRepository(DocumentFollow)
      .upsert({ userId: actor.user.id, documentId: document.id, following }, ['userId', 'documentId']);
    return document;
  }

  list(
    actor: Actor,
    first: number,
    after: string | null | undefined,
    unreadOnly: boolean,
  ): Promise<Connection<Notification>> {
    return loadPages({
      repo: this.db.getRepository(Notification),
      first,
      after,
      sort: { expr: 't.created_at', direction: 'DESC' },
      where: (qb) => {
        qb.andWhere('t.user_id = :userId', { userId: actor.user.id });
        if (unreadOnly) qb.andWhere('t.read_at IS NULL');
      },
    }).then((pages) => pages.get('')!);
  }

  unreadCount(actor: Actor): Promise<number> {
    return this.db.getRepository(Notification).countBy({ userId: actor.user.id, readAt: IsNull() });
  }

  async markRead(actor: Actor, id: string): Promise<Notification> {
    const n = await findById(this.db, Notification, id);
    if (!n || !notificationPolicy.can(actor, 'markRead', n)) throw new NotFoundError('Notification', id);
    if (!n.readAt) {
      n.readAt = new Date();
      await this.db.getRepository(Notification).update({ id: n.id, readAt: IsNull() }, { readAt: n.readAt });
      await this.announce(actor.user.id, { notificationIds: [n.id] });
    }
    return n;
  }

  /** Marks every unread notification read; returns how many were unread. */
  async markAllRead(actor: Actor): Promise<number> {
    const result = await this.db
      .getRepository(Notification)
      .update({ userId: actor.user.id, readAt: IsNull() }, { readAt: new Date() });
    if (result.affected) await this.announce(actor.user.id, { all: true });
    return result.affected ?? 0;
  }

  /** Tells the user's other sessions (tabs, devices) that the unread count changed. */
  private announce(userId: string, payload: EventPayload<'notification.read'>): Promise<void> {
    return this.events.transaction(async (_em, record) => {
      await record({ scopeType: 'user', scopeId: userId, groupId: null, type: 'notification.read', payload });
    });
  }

  async preferences(actor: Actor): Promise<PreferenceView[]> {
    const rows = await this.db.getRepository(NotificationPreference).findBy({ userId: actor.user.id });
    return Object.values(NotificationKind).map((kind) => ({
      kind,
      enabled: rows.find((r) => r.kind === kind)?.enabled ?? true,
    }));
  }

  async setPreference(actor: Actor, kind: NotificationKind, enabled: boolean): Promise<PreferenceView[]> {
    await this.db
      .getRepository(NotificationPreference)
      .upsert({ userId: actor.user.id, kind, enabled }, ['userId', 'kind']);
    return this.preferences(actor);
  }

  /** New notifications of the viewer, live (with replay from `after`). */
  async stream(actor: Actor, after: string | null | undefined): Promise<AsyncIterable<StreamItem>> {
    const source = await this.streams.forUser(actor, after);
    return {
      async *[Symbol.asyncIterator]() {
        for await (const item of source) {
          if (isStreamEnd(item) || item.type === 'notification.created') yield item;
        }
      },
    };
  }
}
