import { liveGuestGrants } from '../groups/membership.scope.js';
import type { EventPayload, EventType } from '../../events/catalogue.js';
import { LRUCache } from 'lru-cache';
import { In, type DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor.js';
import { burstReader } from '../../common/burst.js';
import { EntityRows } from '../../common/entity-rows.js';
import { clean } from '../../common/validation.js';
import { ConflictError, InvalidStateError, isUniqueViolation, NotFoundError, UserInputError } from '../../errors.js';
import type { EventBus, Signal } from '../../events/bus.js';
import {
  checkEvent,
  eventActor,
  newEvent,
  recordedEvent,
  type EventWriter,
  type NewEvent,
  type PayloadWithout,
  type RecordEvent,
} from '../../events/event-log.js';
import type { EventStreams, StreamItem } from '../../events/stream.js';
import { findById, UUID } from '../../loaders.js';
import { BuyerGroup } from '../groups/group.entity.js';
import type { GroupAccess, GroupService } from '../groups/group.service.js';
import { Membership, MembershipStatus } from '../groups/membership.entity.js';
import { Procurement } from '../procurements/procurement.entity.js';
import { RecordSubject } from '../records/record.entity.js';
import { requireNotRecord } from '../records/record.lock.js';
import { User } from '../users/user.entity.js';
import type { CreateThreadInput, EditMessageInput, PostMessageInput, SetReactionInput } from './discussion.inputs.js';
import { discussionPolicy, type DiscussionAction } from './discussion.policy.js';
import { Message, MessageRevision, Reaction } from './message.entity.js';
import { Thread, ThreadKind, ThreadParent } from './thread.entity.js';

export interface ThreadAccess extends GroupAccess {
  thread: Thread;
  /** The procurement whose channel the thread is (its state decides whether the channel still changes). */
  procurement: Procurement | null;
}

/**
 * An event on a thread's scope (visible to the group's active members; a procurement's public
 * dialogue channel also to its registered suppliers, who read what the buyers write there).
 */
const threadEvent = <T extends EventType>(
  thread: Thread,
  viewer: Actor,
  type: T,
  payload: PayloadWithout<T, 'threadId'>,
): NewEvent =>
  newEvent(
    type,
    {
      scopeType: 'thread',
      scopeId: thread.id,
      groupId: thread.groupId,
      actor: eventActor(viewer),
      public: thread.kind === ThreadKind.PUBLIC_DIALOGUE,
    },
    { threadId: thread.id, ...payload } as unknown as EventPayload<T>,
  );

export class DiscussionService {
  constructor(
    private readonly db: DataSource,
    private readonly events: EventWriter,
    private readonly groups: GroupService,
    private readonly streams: EventStreams,
    private readonly bus: EventBus,
  ) {}

  private threadRows?: [EntityRows<Thread>, EntityRows<BuyerGroup>];
  /** Threads with their group, read together for the callers of the moment (see burstReader). */
  private readonly threadsWithGroup = burstReader<Thread>(async (ids) => {
    const [t, g] = (this.threadRows ??= [
      new EntityRows(this.db, Thread, 't'),
      new EntityRows(this.db, BuyerGroup, 'g'),
    ]);
    const rows = (await this.db.query(
      `SELECT ${t.select}, ${g.select} FROM ${t.table} JOIN ${g.table} ON g.id = t.group_id WHERE t.id = ANY($1::uuid[])`,
      [ids],
    )) as Record<string, unknown>[];
    return new Map(rows.map((row) => [String(row.t_id), Object.assign(t.from(row), { group: g.from(row) })]));
  });

  // ---- access ----

  /**
   * Where threads live: their group, and the procurement whose channel they are. A thread never
   * moves, so once one is known its membership and procurement are read at the same time as the
   * thread, not after it. At 20 posts a second a round trip here costs about 0.5 ms (both sides wake
   * up for it; 0.1 ms back to back), and reading the thread and then the membership was 1.9 ms of
   * the 5.4 ms postMessage spent in the server: posting was answered 0.7 ms sooner at the median.
   */
  private readonly threadHomes = new LRUCache<string, { groupId: string; procurementId: string | null }>({
    max: 10_000,
  });

  /** A thread the viewer can read; NOT_FOUND otherwise (like its parent). */
  async access(actor: Actor, threadId: string): Promise<ThreadAccess> {
    if (!UUID.test(threadId)) throw new NotFoundError('Thread', threadId);
    const home = this.threadHomes.get(threadId);
    // The membership is the actor's, cached per request: the read started here is the one
    // memberAccessIn asks for below. Their failures are reported there, not here.
    if (home) void actor.scope.membership(home.groupId).catch(() => undefined);
    const early = home?.procurementId ? findById(this.db, Procurement, home.procurementId) : undefined;
    early?.catch(() => undefined);
    // The thread with its group: one statement, shared by the callers of the moment.
    const thread = await this.threadsWithGroup(threadId);
    if (!thread?.group) throw new NotFoundError('Thread', threadId);
    const group = thread.group;
    delete thread.group;
    const procurementId = thread.parentType === ThreadParent.PROCUREMENT ? thread.parentId : null;
    this.threadHomes.set(thread.id, { groupId: thread.groupId, procurementId });
    const access = await this.groups.memberAccessIn(actor, group, 'Thread', threadId);
    // A procurement's channel follows its procurement's state (a closed one is read-only).
    const procurement = procurementId ? await (early ?? findById(this.db, Procurement, procurementId)) : null;
    return { ...access, thread, procurement };
  }

  /** A thread the viewer can read, once the discussion policy lets them do `action` in it. */
  private async accessFor(actor: Actor, threadId: string, action: DiscussionAction): Promise<ThreadAccess> {
    const access = await this.access(actor, threadId);
    discussionPolicy.authorize(actor, action, access);
    return access;
  }

  /** A message in a thread the viewer can read; NOT_FOUND naming the message otherwise. */
  private async messageAccess(actor: Actor, messageId: string): Promise<ThreadAccess & { message: Message }> {
    const message = await findById(this.db, Message, messageId);
    if (!message) throw new NotFoundError('Message', messageId);
    const access = await this.access(actor, message.threadId).catch((err: unknown) => {
      if (err instanceof NotFoundError) throw new NotFoundError('Message', messageId);
      throw err;
    });
    return { ...access, message };
  }

  /** Group-level discussion fields (threads, unread counts) are for the group's active members. */
  async assertReader(actor: Actor, group: BuyerGroup): Promise<void> {
    discussionPolicy.authorize(actor, 'read', { group, membership: await actor.scope.membership(group.id) });
  }

  // ---- threads ----

  async createThread(actor: Actor, input: CreateThreadInput): Promise<Thread> {
    return this.events.transaction(async (em, record) => {
      const { group, membership, parent } = await this.groups.lockParent(em, actor, input.groupId, input.needId);
      discussionPolicy.authorize(actor, 'startThread', { group, membership });
      const parentType = parent.type === 'NEED' ? ThreadParent.NEED : ThreadParent.GROUP;
      const parentId = parent.id;
      const thread = await em.getRepository(Thread).save(
        em.getRepository(Thread).create({
          groupId: group.id,
          parentType,
          parentId,
          kind: ThreadKind.TOPIC,
          title: clean(input.title),
          createdByUserId: actor.user.id,
          lastSeq: 0,
          lastMessageAt: null,
        }),
      );
      await record({
        scopeType: 'group',
        scopeId: group.id,
        groupId: group.id,
        type: 'thread.created',
        actor: { userId: actor.user.id, organisationId: actor.organisation.id },
        payload: { threadId: thread.id, parentType, parentId, title: thread.title },
      });
      return thread;
    });
  }

  // ---- messages ----

  /** Every mentioned user must be able to read the thread (an active member organisation's user, or a guest). */
  private async checkMentions(em: EntityManager, groupId: string, ids: string[], field: string): Promise<string[]> {
    const unique = [...new Set(ids)];
    if (!unique.length) return [];
    const users = await em.getRepository(User).findBy({ id: In(unique) });
    const active = await em.getRepository(Membership).findBy({
      groupId,
      status: MembershipStatus.ACTIVE,
      organisationId: In([...new Set(users.map((u) => u.organisationId))]),
    });
    const readers = new Set(active.map((m) => m.organisationId));
    const guests = new Set((await liveGuestGrants(em, unique, [groupId])).map((g) => g.userId));
    // Positions as sent, so the error points at the entry the client wrote.
    ids.forEach((id, i) => {
      const user = users.find((u) => u.id === id);
      if (!user || !(readers.has(user.organisationId) || guests.has(user.id))) {
        throw UserInputError.field(`${field}[${i}]`, 'canRead', 'mentions a user who cannot read this thread');
      }
    });
    return unique;
  }

  /**
   * Posts a message in one statement, without a transaction block: it numbers the message under
   * the thread's row lock, inserts it and records its event, and commits or fails as a whole (a
   * retry's key already taken fails the insert, so its number is never used). With the access read
   * (the thread with its group, and the membership) that is three statements in all; a reply adds
   * one and mentions three (their checks).
   */
  async postMessage(actor: Actor, input: PostMessageInput): Promise<Message> {
    const key = input.idempotencyKey.trim();
    const { thread } = await this.accessFor(actor, input.threadId, 'post');
    const read = this.db.manager;
    if (input.replyToId) {
      // Messages are never removed (a deletion leaves a tombstone): what is checked here stays true.
      const parent = UUID.test(input.replyToId)
        ? await read.getRepository(Message).findOneBy({ id: input.replyToId })
        : null;
      if (!parent || parent.threadId !== thread.id) {
        throw UserInputError.field('input.replyToId', 'sameThread', 'is not a message of this thread');
      }
    }
    const mentions = await this.checkMentions(read, thread.groupId, input.mentionUserIds, 'input.mentionUserIds');
    // The event as declared; the statement fills in the message's id and number.
    const event = threadEvent(thread, actor, 'message.posted', {
      messageId: thread.id,
      seq: 0,
      replyToId: input.replyToId ?? null,
      mentionUserIds: mentions,
    });
    checkEvent(event);
    try {
      return await this.events.statement(async (db) => {
        const [row] = (await db.query(
          `WITH t AS (
             UPDATE thread SET last_seq = last_seq + 1, last_message_at = now() WHERE id = $1 RETURNING id, last_seq
           ), m AS (
             INSERT INTO message (thread_id, seq, author_user_id, author_organisation_id, body, reply_to_id, mention_user_ids, idempotency_key)
             SELECT t.id, t.last_seq, $2, $3, $4, $5, $6, $7 FROM t
             RETURNING id, seq, created_at
           )
           SELECT m.id, m.seq, m.created_at, e.payload,
                  record_event('thread', $1, $8, 'message.posted', $2, $3, e.payload, $9) AS event_id,
                  now()::timestamptz(3) AS event_created_at
           FROM m CROSS JOIN LATERAL (SELECT $10::jsonb || jsonb_build_object('messageId', m.id, 'seq', m.seq) AS payload) e`,
          [
            thread.id,
            actor.user.id,
            actor.organisation.id,
            input.body,
            input.replyToId ?? null,
            mentions,
            key,
            thread.groupId,
            event.public ?? false,
            JSON.stringify(event.payload),
          ],
        )) as {
          id: string;
          seq: number;
          created_at: Date;
          payload: unknown;
          event_id: string;
          event_created_at: Date;
        }[];
        // The thread is gone (its group was deleted) since the access check.
        if (!row) throw new NotFoundError('Thread', thread.id);
        const message = this.db.getRepository(Message).create({
          id: row.id,
          threadId: thread.id,
          seq: row.seq,
          authorUserId: actor.user.id,
          authorOrganisationId: actor.organisation.id,
          body: input.body,
          replyToId: input.replyToId ?? null,
          mentionUserIds: mentions,
          idempotencyKey: key,
          editedAt: null,
          deletedAt: null,
          createdAt: row.created_at,
        });
        const recorded = recordedEvent(event, {
          id: row.event_id,
          payload: row.payload,
          created_at: row.event_created_at,
        });
        return { result: message, events: [recorded] };
      });
    } catch (err) {
      if (!isUniqueViolation(err, 'uq_message_idempotency')) throw err;
      // A retry of a message already stored (or racing this one): nothing of this attempt was kept.
      const existing = await this.db
        .getRepository(Message)
        .findOneBy({ authorUserId: actor.user.id, idempotencyKey: key });
      if (existing && existing.threadId !== input.threadId) {
        throw new ConflictError('This idempotency key was already used for a message in another thread.', {
          field: 'input.idempotencyKey',
        });
      }
      return existing!;
    }
  }

  /** Edits or deletes a message, as the policy allows, under its row lock: a deleted message changes no more. */
  private async changeMessage(
    actor: Actor,
    messageId: string,
    action: 'edit' | 'delete',
    change: (em: EntityManager, a: ThreadAccess & { message: Message }, record: RecordEvent) => Promise<Message>,
  ): Promise<Message> {
    const access = await this.messageAccess(actor, messageId);
    discussionPolicy.authorize(actor, action, { ...access, authorUserId: access.message.authorUserId });
    return this.events.transaction(async (em, record) => {
      const message = await em
        .getRepository(Message)
        .createQueryBuilder('m')
        .setLock('pessimistic_write')
        .where('m.id = :id', { id: messageId })
        .getOneOrFail();
      if (message.deletedAt) throw new InvalidStateError('The message is deleted.');
      await requireNotRecord(em, RecordSubject.MESSAGE, message.id, 'message');
      return change(em, { ...access, message }, record);
    });
  }

  /** Keeps the text a message had before an edit or its deletion (`revisions`). */
  private keepRevision(em: EntityManager, actor: Actor, message: Message, change: 'EDITED' | 'DELETED') {
    return em
      .getRepository(MessageRevision)
      .insert({ messageId: message.id, body: message.body, change, changedByUserId: actor.user.id });
  }

  editMessage(actor: Actor, input: EditMessageInput): Promise<Message> {
    return this.changeMessage(actor, input.messageId, 'edit', async (em, { message, thread }, record) => {
      const mentions =
        input.mentionUserIds != null
          ? await this.checkMentions(em, thread.groupId, input.mentionUserIds, 'input.mentionUserIds')
          : message.mentionUserIds;
      if (input.body === message.body && mentions.join() === message.mentionUserIds.join()) return message;
      await this.keepRevision(em, actor, message, 'EDITED');
      Object.assign(message, { body: input.body, mentionUserIds: mentions, editedAt: new Date() });
      await em.getRepository(Message).save(message);
      await record(
        threadEvent(thread, actor, 'message.edited', {
          messageId: message.id,
          seq: message.seq,
          mentionUserIds: mentions,
        }),
      );
      return message;
    });
  }

  /** Soft delete: the message stays as a tombstone at its place; its text moves to the revisions. */
  deleteMessage(actor: Actor, messageId: string): Promise<Message> {
    return this.changeMessage(actor, messageId, 'delete', async (em, { message, thread }, record) => {
      await this.keepRevision(em, actor, message, 'DELETED');
      Object.assign(message, { body: '', deletedAt: new Date() });
      await em.getRepository(Message).save(message);
      await record(threadEvent(thread, actor, 'message.deleted', { messageId: message.id, seq: message.seq }));
      return message;
    });
  }

  async setReaction(actor: Actor, input: SetReactionInput): Promise<Message> {
    const access = await this.messageAccess(actor, input.messageId);
    discussionPolicy.authorize(actor, 'react', access);
    const { message, thread } = access;
    if (message.deletedAt) throw new InvalidStateError('The message is deleted.');
    await this.events.transaction(async (em, record) => {
      const key = { messageId: message.id, userId: actor.user.id, emoji: input.emoji };
      const changed = input.reacted
        ? (
            (await em.query(
              `INSERT INTO reaction (message_id, user_id, emoji) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING emoji`,
              [key.messageId, key.userId, key.emoji],
            )) as unknown[]
          ).length > 0
        : ((await em.getRepository(Reaction).delete(key)).affected ?? 0) > 0;
      if (!changed) return;
      await record(
        threadEvent(thread, actor, 'reaction.changed', {
          messageId: message.id,
          seq: message.seq,
          emoji: input.emoji,
          reacted: input.reacted,
        }),
      );
    });
    return message;
  }

  /** Moves the viewer's read marker forward (never back) to `seq`, by default to the latest message. */
  async markRead(actor: Actor, threadId: string, seq: number | null | undefined): Promise<Thread> {
    const { thread } = await this.accessFor(actor, threadId, 'markRead');
    if (seq != null && (seq < 0 || seq > thread.lastSeq)) {
      throw UserInputError.field('seq', 'range', `must be between 0 and ${thread.lastSeq}`);
    }
    const target = seq ?? thread.lastSeq;
    await this.events.transaction(async (em, record) => {
      const [row] = (await em.query(
        `INSERT INTO read_marker (user_id, thread_id, last_read_seq) VALUES ($1, $2, $3)
         ON CONFLICT (user_id, thread_id) DO UPDATE
           SET last_read_seq = GREATEST(read_marker.last_read_seq, EXCLUDED.last_read_seq), updated_at = now()
           WHERE read_marker.last_read_seq < EXCLUDED.last_read_seq
         RETURNING last_read_seq`,
        [actor.user.id, thread.id, target],
      )) as { last_read_seq: number }[];
      if (!row) return;
      await record({
        scopeType: 'user',
        scopeId: actor.user.id,
        groupId: null,
        type: 'read.updated',
        actor: { userId: actor.user.id, organisationId: actor.organisation.id },
        payload: { threadId: thread.id, groupId: thread.groupId, lastReadSeq: row.last_read_seq },
      });
    });
    return thread;
  }

  async setTyping(actor: Actor, threadId: string, typing: boolean): Promise<boolean> {
    const { thread } = await this.accessFor(actor, threadId, 'type');
    await this.bus.publishSignal({
      topic: `typing:${thread.id}`,
      groupId: thread.groupId,
      data: { threadId: thread.id, userId: actor.user.id, displayName: actor.user.displayName, typing },
    });
    return true;
  }

  // ---- live ----

  async threadStream(
    actor: Actor,
    threadId: string,
    after: string | null | undefined,
  ): Promise<AsyncIterable<StreamItem>> {
    return this.streams.inGroup(actor, after, async () => {
      const { thread } = await this.access(actor, threadId);
      return { groupId: thread.groupId, scopeType: 'thread', scopeId: thread.id };
    });
  }

  /** Who starts and stops typing in a thread the actor may read (others than the actor). */
  typingStream(actor: Actor, threadId: string): Promise<AsyncIterable<Signal | { end: Error }>> {
    return this.streams.signals(actor, `typing:${threadId}`, async () => {
      const { thread } = await this.access(actor, threadId);
      return { groupId: thread.groupId };
    });
  }
}
