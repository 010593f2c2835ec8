import type { EventPayload } from '../../events/catalogue.js';
import { IsNull, type DataSource } from 'typeorm';
import { loadPages, type Connection } from '../../common/pagination.js';
import type { Actor } from '../../auth/actor.js';
import { NotFoundError } from '../../errors.js';
import { type EventWriter } from '../../events/event-log.js';
import { isStreamEnd, type EventStreams, type StreamItem } from '../../events/stream.js';
import { findById } from '../../loaders.js';
import type { DialogueService } from '../dialogue/dialogue.service.js';
import type { Document } from '../documents/document.entity.js';
import type { DocumentService } from '../documents/document.service.js';
import type { GroupService } from '../groups/group.service.js';
import type { ProcurementService } from '../procurements/procurement.service.js';
import { UserInputError } from '../../errors.js';
import {
  DEFAULT_DELIVERY,
  DocumentFollow,
  Notification,
  NotificationDelivery,
  NotificationKind,
  NotificationMute,
  NotificationPreference,
} from './notification.entity.js';
import { notificationPolicy } from './notification.policy.js';
import type { UnsubscribeTopic } from './notification.unsubscribe.js';
import { deliveries, readersById, type Reader } from './notification.writer.js';

export interface PreferenceView {
  kind: NotificationKind;
  delivery: NotificationDelivery;
  defaultDelivery: NotificationDelivery;
  enabled: boolean;
}

export interface MuteView {
  scopeType: 'group' | 'procurement';
  scopeId: string;
  /** The group's name or the procurement's title (as the viewer may see it). */
  name: string;
}

/** What the viewer mutes: exactly one of a group and a procurement. */
export interface MuteInput {
  groupId?: string | null;
  procurementId?: string | null;
}

/** The viewer's inbox. Every read and change is scoped to the viewer's own rows (notification.policy). */
export class NotificationService {
  constructor(
    private readonly db: DataSource,
    private readonly events: EventWriter,
    private readonly streams: EventStreams,
    private readonly documents: DocumentService,
    private readonly groups: GroupService,
    private readonly procurements: ProcurementService,
    private readonly dialogue: DialogueService,
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
    kinds: NotificationKind[] | null = null,
  ): Promise<Connection<Notification>> {
    return loadPages({
      repo: this.db.getRepository(Notification),
      first,
      after,
      sort: { expr: 't.seq', direction: 'DESC' },
      where: (qb) => {
        qb.andWhere('t.user_id = :userId', { userId: actor.user.id });
        if (unreadOnly) qb.andWhere('t.read_at IS NULL');
        if (kinds?.length) qb.andWhere('t.kind IN (:...kinds)', { kinds });
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

  /** Every kind with how the viewer hears of it (their choice, or the default). */
  async preferences(actor: Actor): Promise<PreferenceView[]> {
    const deliveryOf = await deliveries(this.db.manager, [actor.user.id]);
    return Object.values(NotificationKind).map((kind) => {
      const delivery = deliveryOf(actor.user.id, kind);
      return {
        kind,
        delivery,
        defaultDelivery: DEFAULT_DELIVERY[kind],
        enabled: delivery !== NotificationDelivery.OFF,
      };
    });
  }

  async setPreference(actor: Actor, kind: NotificationKind, delivery: NotificationDelivery): Promise<PreferenceView[]> {
    await this.setDelivery(actor.user.id, [kind], delivery);
    return this.preferences(actor);
  }

  private async setDelivery(userId: string, kinds: NotificationKind[], delivery: NotificationDelivery): Promise<void> {
    if (!kinds.length) return;
    await this.db.getRepository(NotificationPreference).upsert(
      kinds.map((kind) => ({ userId, kind, delivery })),
      ['userId', 'kind'],
    );
  }

  /** The groups and procurements the viewer muted, with their names (a muted one the viewer no longer sees is left out). */
  async mutes(actor: Actor): Promise<MuteView[]> {
    const rows = await this.db
      .getRepository(NotificationMute)
      .find({ where: { userId: actor.user.id }, order: { createdAt: 'ASC' } });
    const views: MuteView[] = [];
    for (const r of rows) {
      const name = await this.scopeName(actor, r.scopeType, r.scopeId).catch((err: unknown) => {
        if (err instanceof NotFoundError) return null;
        throw err;
      });
      if (name !== null) views.push({ scopeType: r.scopeType, scopeId: r.scopeId, name });
    }
    return views;
  }

  /** The name of a group the viewer sees, or of a procurement they see as a buyer or as its dialogue; NOT_FOUND otherwise. */
  private async scopeName(actor: Actor, type: 'group' | 'procurement', id: string): Promise<string> {
    if (type === 'group') return (await this.groups.get(actor, id)).name;
    const asBuyer = await this.procurements.get(actor, id).catch((err: unknown) => {
      if (err instanceof NotFoundError) return null;
      throw err;
    });
    return asBuyer ? asBuyer.title : (await this.dialogue.get(actor, id)).procurement.title;
  }

  private scopeOf(input: MuteInput): { type: 'group' | 'procurement'; id: string } {
    const given = [input.groupId, input.procurementId].filter((x) => x != null);
    if (given.length !== 1) {
      throw UserInputError.field('groupId', 'exactlyOne', 'name exactly one of groupId and procurementId');
    }
    return input.groupId != null
      ? { type: 'group', id: input.groupId }
      : { type: 'procurement', id: input.procurementId! };
  }

  /** Mutes a group (and its procurements) or a procurement the viewer sees: no notices of it at all. */
  async mute(actor: Actor, input: MuteInput): Promise<MuteView[]> {
    const scope = this.scopeOf(input);
    await this.scopeName(actor, scope.type, scope.id);
    await this.db
      .getRepository(NotificationMute)
      .upsert({ userId: actor.user.id, scopeId: scope.id, scopeType: scope.type }, ['userId', 'scopeId']);
    return this.mutes(actor);
  }

  async unmute(actor: Actor, input: MuteInput): Promise<MuteView[]> {
    const scope = this.scopeOf(input);
    // Only the viewer's own rows: removing what is not there (or not theirs) changes nothing.
    await this.db.getRepository(NotificationMute).delete({ userId: actor.user.id, scopeId: scope.id });
    return this.mutes(actor);
  }

  /** The hour (0-23, on the viewer's own clock) of the daily digest. */
  async digestHour(actor: Actor): Promise<number> {
    const [row] = (await this.db.query(`SELECT digest_hour FROM user_account WHERE id = $1`, [actor.user.id])) as {
      digest_hour: number;
    }[];
    return row?.digest_hour ?? 7;
  }

  async setDigestHour(actor: Actor, hour: number): Promise<number> {
    if (!Number.isInteger(hour) || hour < 0 || hour > 23) {
      throw UserInputError.field('hour', 'hourOfDay', 'must be a whole hour from 0 to 23');
    }
    await this.db.query(`UPDATE user_account SET digest_hour = $2 WHERE id = $1`, [actor.user.id, hour]);
    return hour;
  }

  /** An active user as an unsubscribe page needs them, or null. */
  async recipient(userId: string): Promise<Reader | null> {
    return (await readersById(this.db.manager, [userId])).get(userId) ?? null;
  }

  /**
   * A one-click unsubscribe: a kind's e-mails stop (the kind is OFF); the digest stops (every kind
   * delivered by digest stays in the app only). No session: the signed link is the authority.
   */
  async unsubscribe(userId: string, topic: UnsubscribeTopic): Promise<void> {
    if (topic !== 'DIGEST') return this.setDelivery(userId, [topic], NotificationDelivery.OFF);
    const deliveryOf = await deliveries(this.db.manager, [userId]);
    const digested = Object.values(NotificationKind).filter(
      (k) => deliveryOf(userId, k) === NotificationDelivery.DIGEST,
    );
    await this.setDelivery(userId, digested, NotificationDelivery.IN_APP);
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
