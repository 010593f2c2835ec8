import type { DataSource, EntityManager } from 'typeorm';
import { In } from 'typeorm';
import type { EventBus } from '../../events/bus.js';
import type { EventRecord } from '../../events/event.entity.js';
import { eventFromRow, type EventWriter } from '../../events/event-log.js';
import type { Logger } from '../../logger.js';
import { Message } from '../discussions/message.entity.js';
import { Membership, MembershipRole, MembershipStatus } from '../groups/membership.entity.js';
import { User } from '../users/user.entity.js';
import { NotificationKind, NotificationPreference } from './notification.entity.js';

const CONSUMER = 'notifications';
const BATCH = 200;
const DEBOUNCE_MS = 50;
const SOURCE_TYPES = ['message.posted', 'membership.changed'];

interface Draft {
  userId: string;
  kind: NotificationKind;
  event: EventRecord;
  threadId?: string | null;
  messageId?: string | null;
}

/**
 * Turns events into inbox entries. It reads the log in order up to what the bus has delivered
 * (so never past a gap) and stores its position in `event_consumer` in the same transaction as
 * the notifications it writes: each event is processed exactly once, whichever instance does it.
 * Several instances may run it; the row lock on the position lets one at a time proceed.
 */
export class NotificationProjector {
  private running = false;
  private pending?: NodeJS.Timeout;
  private again = false;
  private timer?: NodeJS.Timeout;
  private off?: () => void;

  constructor(
    private readonly db: DataSource,
    private readonly bus: EventBus,
    private readonly events: EventWriter,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.off = this.bus.onEvent((e) => {
      if (SOURCE_TYPES.includes(e.type)) this.schedule();
    });
    this.timer = setInterval(() => this.schedule(), 5000);
    this.timer.unref();
    this.schedule();
  }

  stop(): void {
    this.off?.();
    clearInterval(this.timer);
    clearTimeout(this.pending);
  }

  /** Runs until it has caught up with the bus; for tests. */
  async settle(): Promise<void> {
    clearTimeout(this.pending);
    this.pending = undefined;
    while (this.running) await new Promise((r) => setImmediate(r));
    await this.run();
  }

  /**
   * Runs soon rather than at once: under a stream of messages one transaction handles many events
   * instead of one transaction per event (notifications may trail by up to DEBOUNCE_MS).
   */
  private schedule(delay = DEBOUNCE_MS): void {
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      void this.run();
    }, delay);
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      do {
        this.again = false;
        let read: number | 'busy';
        while ((read = await this.step()) === BATCH);
        if (read === 'busy') {
          // Another instance holds the position and is doing this work; look again shortly.
          this.again = true;
          await new Promise((r) => setTimeout(r, DEBOUNCE_MS));
        }
      } while (this.again);
    } catch (err) {
      this.log.error({ err }, 'notification projector failed; it will retry');
    } finally {
      this.running = false;
    }
  }

  /** One batch in one transaction; returns how many source events it read, or 'busy'. */
  private async step(): Promise<number | 'busy'> {
    const upTo = this.bus.deliveredUpTo;
    return this.events.transaction(async (em, record) => {
      const [position] = (await em.query(
        `SELECT last_event_id FROM event_consumer WHERE name = $1 FOR UPDATE SKIP LOCKED`,
        [CONSUMER],
      )) as { last_event_id: number }[];
      if (!position) return 'busy' as const;
      const from = Number(position.last_event_id);
      if (from >= upTo) return 0;
      const rows = (
        (await em.query(
          `SELECT * FROM event WHERE id > $1 AND id <= $2 AND type = ANY($3) ORDER BY id LIMIT ${BATCH}`,
          [from, upTo, SOURCE_TYPES],
        )) as unknown[]
      ).map(eventFromRow);
      const drafts: Draft[] = [];
      for (const event of rows) drafts.push(...(await this.draftsFor(em, event)));
      for (const d of await this.allowed(em, drafts)) {
        const inserted = (await em.query(
          `INSERT INTO notification (user_id, kind, event_id, actor_user_id, group_id, thread_id, message_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT ON CONSTRAINT uq_notification_source DO NOTHING RETURNING id`,
          [d.userId, d.kind, d.event.id, d.event.actorUserId, d.event.groupId, d.threadId ?? null, d.messageId ?? null],
        )) as { id: string }[];
        if (!inserted.length) continue;
        await record({
          scopeType: 'user',
          scopeId: d.userId,
          groupId: null,
          type: 'notification.created',
          actor:
            d.event.actorUserId && d.event.actorOrganisationId
              ? { userId: d.event.actorUserId, organisationId: d.event.actorOrganisationId }
              : null,
          payload: { notificationId: inserted[0].id, kind: d.kind },
        });
      }
      const next = rows.length === BATCH ? rows[rows.length - 1].id : upTo;
      await em.query(`UPDATE event_consumer SET last_event_id = $2 WHERE name = $1`, [CONSUMER, next]);
      return rows.length;
    });
  }

  private async draftsFor(em: EntityManager, e: EventRecord): Promise<Draft[]> {
    const p = e.payload as Record<string, unknown>;
    if (e.type === 'message.posted') {
      const threadId = String(p.threadId);
      const messageId = String(p.messageId);
      const mentioned = ((p.mentionUserIds as string[]) ?? []).filter((id) => id !== e.actorUserId);
      const drafts: Draft[] = mentioned.map((userId) => ({
        userId,
        kind: NotificationKind.MENTION,
        event: e,
        threadId,
        messageId,
      }));
      if (typeof p.replyToId === 'string') {
        const parent = await em.getRepository(Message).findOneBy({ id: p.replyToId });
        if (parent && parent.authorUserId !== e.actorUserId && !mentioned.includes(parent.authorUserId)) {
          drafts.push({ userId: parent.authorUserId, kind: NotificationKind.REPLY, event: e, threadId, messageId });
        }
      }
      return drafts;
    }
    if (e.type === 'membership.changed' && e.groupId) {
      if (p.change === 'invited') {
        const users = await em.getRepository(User).findBy({ organisationId: String(p.organisationId) });
        return users.map((u) => ({ userId: u.id, kind: NotificationKind.INVITATION, event: e }));
      }
      if (p.change === 'requested') {
        const coordinators = await em.getRepository(Membership).findBy({
          groupId: e.groupId,
          role: MembershipRole.COORDINATOR,
          status: MembershipStatus.ACTIVE,
        });
        if (!coordinators.length) return [];
        const users = await em
          .getRepository(User)
          .findBy({ organisationId: In(coordinators.map((m) => m.organisationId)) });
        return users.map((u) => ({ userId: u.id, kind: NotificationKind.JOIN_REQUEST, event: e }));
      }
    }
    return [];
  }

  /** Drops drafts for kinds their users switched off. */
  private async allowed(em: EntityManager, drafts: Draft[]): Promise<Draft[]> {
    if (!drafts.length) return drafts;
    const off = await em.getRepository(NotificationPreference).findBy({
      userId: In([...new Set(drafts.map((d) => d.userId))]),
      enabled: false,
    });
    const disabled = new Set(off.map((o) => `${o.userId}|${o.kind}`));
    return drafts.filter((d) => !disabled.has(`${d.userId}|${d.kind}`));
  }
}
