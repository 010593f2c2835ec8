import DataLoader from 'dataloader';
import { In, IsNull, type DataSource } from 'typeorm';
import { requireViewer } from '../../auth/auth-checker.js';
import { loadPages, type Connection } from '../../common/pagination.js';
import type { Context } from '../../context.js';
import { NotFoundError } from '../../errors.js';
import type { EventWriter } from '../../events/event-log.js';
import { isStreamEnd, streamFor, type StreamItem } from '../../events/stream.js';
import { UUID } from '../../loaders.js';
import { Notification, NotificationKind, NotificationPreference } from './notification.entity.js';

export interface PreferenceView {
  kind: NotificationKind;
  enabled: boolean;
}

/** The viewer's inbox. Every read and change is scoped to the viewer's own rows. */
export class NotificationService {
  constructor(
    private readonly db: DataSource,
    private readonly events: EventWriter,
  ) {}

  list(
    ctx: Context,
    first: number,
    after: string | null | undefined,
    unreadOnly: boolean,
  ): Promise<Connection<Notification>> {
    const viewer = requireViewer(ctx);
    return loadPages({
      repo: this.db.getRepository(Notification),
      first,
      after,
      sort: { expr: 't.created_at', direction: 'DESC' },
      where: (qb) => {
        qb.andWhere('t.user_id = :userId', { userId: viewer.user.id });
        if (unreadOnly) qb.andWhere('t.read_at IS NULL');
      },
    }).then((pages) => pages.get('')!);
  }

  unreadCount(ctx: Context): Promise<number> {
    const viewer = requireViewer(ctx);
    return this.db.getRepository(Notification).countBy({ userId: viewer.user.id, readAt: IsNull() });
  }

  async markRead(ctx: Context, id: string): Promise<Notification> {
    const viewer = requireViewer(ctx);
    const repo = this.db.getRepository(Notification);
    const n = UUID.test(id) ? await repo.findOneBy({ id, userId: viewer.user.id }) : null;
    if (!n) throw new NotFoundError('Notification', id);
    if (!n.readAt) {
      n.readAt = new Date();
      await repo.update({ id: n.id, readAt: IsNull() }, { readAt: n.readAt });
      await this.announce(viewer.user.id, { notificationIds: [n.id] });
    }
    return n;
  }

  /** Marks every unread notification read; returns how many were unread. */
  async markAllRead(ctx: Context): Promise<number> {
    const viewer = requireViewer(ctx);
    const result = await this.db
      .getRepository(Notification)
      .update({ userId: viewer.user.id, readAt: IsNull() }, { readAt: new Date() });
    if (result.affected) await this.announce(viewer.user.id, { all: true });
    return result.affected ?? 0;
  }

  /** Tells the user's other sessions (tabs, devices) that the unread count changed. */
  private announce(userId: string, payload: Record<string, unknown>): Promise<void> {
    return this.events.transaction(async (_em, record) => {
      await record({ scopeType: 'user', scopeId: userId, groupId: null, type: 'notification.read', payload });
    });
  }

  async preferences(ctx: Context): Promise<PreferenceView[]> {
    const viewer = requireViewer(ctx);
    const rows = await this.db.getRepository(NotificationPreference).findBy({ userId: viewer.user.id });
    return Object.values(NotificationKind).map((kind) => ({
      kind,
      enabled: rows.find((r) => r.kind === kind)?.enabled ?? true,
    }));
  }

  async setPreference(ctx: Context, kind: NotificationKind, enabled: boolean): Promise<PreferenceView[]> {
    const viewer = requireViewer(ctx);
    await this.db
      .getRepository(NotificationPreference)
      .upsert({ userId: viewer.user.id, kind, enabled }, ['userId', 'kind']);
    return this.preferences(ctx);
  }

  byId(ctx: Context, id: string): Promise<Notification | null> {
    return ctx.loaders
      .get(
        'notification',
        () =>
          new DataLoader<string, Notification | null>(async (ids) => {
            const rows = await this.db.getRepository(Notification).findBy({ id: In(ids.filter((i) => UUID.test(i))) });
            return ids.map((i) => rows.find((r) => r.id === i) ?? null);
          }),
      )
      .load(id);
  }

  /** New notifications of the viewer, live (with replay from `after`). */
  async stream(ctx: Context, after: string | null | undefined): Promise<AsyncIterable<StreamItem>> {
    const viewer = requireViewer(ctx);
    const source = await streamFor(ctx, after, { userId: viewer.user.id });
    return {
      async *[Symbol.asyncIterator]() {
        for await (const item of source) {
          if (isStreamEnd(item) || item.type === 'notification.created') yield item;
        }
      },
    };
  }
}
