import { findById } from '../../loaders.js';
import type { Loaders } from '../../loaders.js';
import DataLoader from 'dataloader';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { loadPages, type Connection } from '../../common/pagination.js';
import { clean } from '../../common/validation.js';
import type { Actor } from '../../auth/actor.js';
import { ConflictError, ForbiddenError, InvalidStateError, NotFoundError, UserInputError } from '../../errors.js';
import type { EventWriter, NewEvent, RecordEvent } from '../../events/event-log.js';
import type { EventBus, Signal } from '../../events/bus.js';
import type { EventStreams, StreamItem } from '../../events/stream.js';
import { UUID } from '../../loaders.js';
import { isCoordinator, requireWritable } from '../groups/group.policy.js';
import type { GroupAccess, GroupService } from '../groups/group.service.js';
import { Membership, MembershipStatus } from '../groups/membership.entity.js';
import { User } from '../users/user.entity.js';
import type {
  CreateThreadInput,
  EditMessageInput,
  MessagesArgs,
  PostMessageInput,
  SetReactionInput,
  ThreadsArgs,
} from './discussion.inputs.js';
import { canReadThread, canWriteInThread } from './discussion.policy.js';
import { Message, MessageRevision, Reaction, ReadMarker } from './message.entity.js';
import { Thread, ThreadKind, ThreadParent } from './thread.entity.js';

export interface ThreadAccess extends GroupAccess {
  thread: Thread;
}

export interface MessagePage {
  nodes: Message[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: number | null; endCursor: number | null };
}

export interface ReactionSummary {
  emoji: string;
  count: number;
  viewerReacted: boolean;
}

/**
 * An event on a thread's scope (visible to the group's active members; a procurement's public
 * dialogue channel also to its registered suppliers, who read what the buyers write there).
 */
const threadEvent = (thread: Thread, viewer: Actor, type: string, payload: Record<string, unknown>): NewEvent => ({
  scopeType: 'thread',
  scopeId: thread.id,
  groupId: thread.groupId,
  type,
  actor: { userId: viewer.user.id, organisationId: viewer.organisation.id },
  payload: { threadId: thread.id, ...payload },
  public: thread.kind === ThreadKind.PUBLIC_DIALOGUE,
});

/** Raised inside a transaction to roll it back when a concurrent retry already stored the message. */
class AlreadyPosted extends Error {}

export class DiscussionService {
  constructor(
    private readonly db: DataSource,
    private readonly events: EventWriter,
    private readonly groups: GroupService,
    private readonly streams: EventStreams,
    private readonly bus: EventBus,
  ) {}

  // ---- access ----

  /** A thread the viewer can read; NOT_FOUND otherwise (like its parent). */
  async access(actor: Actor, threadId: string): Promise<ThreadAccess> {
    const thread = await findById(this.db, Thread, threadId);
    if (!thread) throw new NotFoundError('Thread', threadId);
    const access = await this.groups.memberAccess(actor, thread.groupId, 'Thread', threadId);
    return { ...access, thread };
  }

  private async writable(actor: Actor, threadId: string): Promise<ThreadAccess> {
    const access = await this.access(actor, threadId);
    if (!canWriteInThread(access.membership))
      throw new ForbiddenError('Observers read threads but do not write in them.');
    requireWritable(access.group);
    return access;
  }

  private async messageAccess(actor: Actor, messageId: string): Promise<ThreadAccess & { message: Message }> {
    const message = await findById(this.db, Message, messageId);
    if (!message) throw new NotFoundError('Message', messageId);
    const access = await this.access(actor, message.threadId).catch((err: unknown) => {
      if (err instanceof NotFoundError) throw new NotFoundError('Message', messageId);
      throw err;
    });
    return { ...access, message };
  }

  /** Group-level discussion fields are for the group's active members. */
  async assertMember(actor: Actor, groupId: string): Promise<void> {
    const membership = await this.groups.viewerMembership(actor, groupId);
    if (!canReadThread(membership)) throw new ForbiddenError("Only the group's active members read its discussions.");
  }

  // ---- threads ----

  /** The group's general thread, made with the group (GroupService.create) and by the migration. */
  async generalThread(loaders: Loaders, groupId: string): Promise<Thread> {
    const thread = await loaders
      .get(
        'generalThread',
        () =>
          new DataLoader<string, Thread | null>(async (groupIds) => {
            const rows = await this.db
              .getRepository(Thread)
              .findBy({ groupId: In([...groupIds]), kind: ThreadKind.GENERAL });
            return groupIds.map((id) => rows.find((t) => t.groupId === id) ?? null);
          }),
      )
      .load(groupId);
    if (!thread) throw new NotFoundError('Thread', `general thread of ${groupId}`);
    return thread;
  }

  async createThread(actor: Actor, input: CreateThreadInput): Promise<Thread> {
    return this.events.transaction(async (em, record) => {
      const { group, membership, parent } = await this.groups.lockParent(em, actor, input.groupId, input.needId);
      if (!canWriteInThread(membership)) throw new ForbiddenError('Only members and coordinators start threads.');
      requireWritable(group);
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

  /** Threads of a group or of a need, most recently active first; one page per parent per request. */
  threads(
    loaders: Loaders,
    parent: { groupId: string } | { needId: string },
    args: ThreadsArgs,
  ): Promise<Connection<Thread>> {
    const [column, id] = 'groupId' in parent ? ['t.group_id', parent.groupId] : ['t.parent_id', parent.needId];
    return loaders
      .get(
        `threads:${column}:${JSON.stringify([args.first, args.after ?? null])}`,
        () =>
          new DataLoader<string, Connection<Thread>>(async (ids) => {
            const pages = await loadPages({
              repo: this.db.getRepository(Thread),
              first: args.first,
              after: args.after,
              parent: { column, ids, of: (t) => ('groupId' in parent ? t.groupId : t.parentId) },
              sort: { expr: 'coalesce(t.last_message_at, t.created_at)', direction: 'DESC' },
            });
            return ids.map((i) => pages.get(i)!);
          }),
      )
      .load(id);
  }

  // ---- messages ----

  /** A window of messages by sequence number: `first` after a point, or `last` before one (default: the newest 50). */
  async messages(thread: Thread, args: MessagesArgs): Promise<MessagePage> {
    const forward = args.first != null || args.after != null;
    const backward = args.last != null || args.before != null;
    if (forward && backward) {
      throw UserInputError.field(
        args.last != null ? 'last' : 'before',
        'exclusive',
        'use either first/after (forwards) or last/before (backwards)',
      );
    }
    const repo = this.db.getRepository(Message);
    let rows: Message[];
    let more: boolean;
    if (args.first != null || args.after != null) {
      const n = args.first ?? 50;
      const after = args.after ?? 0;
      rows = await repo
        .createQueryBuilder('m')
        .where('m.thread_id = :id AND m.seq > :after', { id: thread.id, after })
        .orderBy('m.seq', 'ASC')
        .limit(n + 1)
        .getMany();
      more = rows.length > n;
      rows = rows.slice(0, n);
      return {
        nodes: rows,
        pageInfo: {
          hasNextPage: more,
          hasPreviousPage: after > 0 && thread.lastSeq > 0,
          startCursor: rows[0]?.seq ?? null,
          endCursor: rows.at(-1)?.seq ?? null,
        },
      };
    }
    const n = args.last ?? 50;
    const before = args.before ?? thread.lastSeq + 1;
    rows = await repo
      .createQueryBuilder('m')
      .where('m.thread_id = :id AND m.seq < :before', { id: thread.id, before })
      .orderBy('m.seq', 'DESC')
      .limit(n + 1)
      .getMany();
    more = rows.length > n;
    rows = rows.slice(0, n).reverse();
    return {
      nodes: rows,
      pageInfo: {
        hasNextPage: before <= thread.lastSeq,
        hasPreviousPage: more,
        startCursor: rows[0]?.seq ?? null,
        endCursor: rows.at(-1)?.seq ?? null,
      },
    };
  }

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
    const guests = new Set((await this.groups.liveGuestGrants(em, unique, [groupId])).map((g) => g.userId));
    // Positions as sent, so the error points at the entry the client wrote.
    ids.forEach((id, i) => {
      const user = users.find((u) => u.id === id);
      if (!user || !(readers.has(user.organisationId) || guests.has(user.id))) {
        throw UserInputError.field(`${field}[${i}]`, 'canRead', 'mentions a user who cannot read this thread');
      }
    });
    return unique;
  }

  async postMessage(actor: Actor, input: PostMessageInput): Promise<Message> {
    const key = input.idempotencyKey.trim();
    const existing = async () => {
      const m = await this.db.getRepository(Message).findOneBy({ authorUserId: actor.user.id, idempotencyKey: key });
      if (m && m.threadId !== input.threadId) {
        throw new ConflictError('This idempotency key was already used for a message in another thread.', {
          field: 'input.idempotencyKey',
        });
      }
      return m;
    };
    const { thread } = await this.writable(actor, input.threadId);
    // The thread row changes (lastSeq): what this request cached of it is stale once we post.
    try {
      return await this.events.transaction(async (em, record) => {
        if (input.replyToId) {
          const parent = UUID.test(input.replyToId)
            ? await em.getRepository(Message).findOneBy({ id: input.replyToId })
            : null;
          if (!parent || parent.threadId !== thread.id) {
            throw UserInputError.field('input.replyToId', 'sameThread', 'is not a message of this thread');
          }
        }
        const mentions = await this.checkMentions(em, thread.groupId, input.mentionUserIds, 'input.mentionUserIds');
        // The thread row lock numbers messages one after the other, without gaps.
        const [[{ last_seq: seq }]] = (await em.query(
          `UPDATE thread SET last_seq = last_seq + 1, last_message_at = now() WHERE id = $1 RETURNING last_seq`,
          [thread.id],
        )) as [{ last_seq: number }[], number];
        const inserted = (await em.query(
          `INSERT INTO message (thread_id, seq, author_user_id, author_organisation_id, body, reply_to_id, mention_user_ids, idempotency_key)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT ON CONSTRAINT uq_message_idempotency DO NOTHING RETURNING id, created_at`,
          [thread.id, seq, actor.user.id, actor.organisation.id, input.body, input.replyToId ?? null, mentions, key],
        )) as { id: string; created_at: Date }[];
        // A retry of a message already stored (or racing this one): roll back our number, return that one.
        if (!inserted.length) throw new AlreadyPosted();
        const message = em.getRepository(Message).create({
          id: inserted[0].id,
          threadId: thread.id,
          seq,
          authorUserId: actor.user.id,
          authorOrganisationId: actor.organisation.id,
          body: input.body,
          replyToId: input.replyToId ?? null,
          mentionUserIds: mentions,
          idempotencyKey: key,
          editedAt: null,
          deletedAt: null,
          createdAt: inserted[0].created_at,
        });
        await record(
          threadEvent(thread, actor, 'message.posted', {
            messageId: message.id,
            seq,
            replyToId: message.replyToId,
            mentionUserIds: mentions,
          }),
        );
        return message;
      });
    } catch (err) {
      if (!(err instanceof AlreadyPosted)) throw err;
      return (await existing())!;
    }
  }

  private async changeMessage(
    actor: Actor,
    messageId: string,
    change: (em: EntityManager, a: ThreadAccess & { message: Message }, record: RecordEvent) => Promise<Message>,
  ): Promise<Message> {
    const access = await this.messageAccess(actor, messageId);
    requireWritable(access.group);
    return this.events.transaction(async (em, record) => {
      const message = await em
        .getRepository(Message)
        .createQueryBuilder('m')
        .setLock('pessimistic_write')
        .where('m.id = :id', { id: messageId })
        .getOneOrFail();
      if (message.deletedAt) throw new InvalidStateError('The message is deleted.');
      return change(em, { ...access, message }, record);
    });
  }

  editMessage(actor: Actor, input: EditMessageInput): Promise<Message> {
    return this.changeMessage(actor, input.messageId, async (em, { message, thread }, record) => {
      if (message.authorUserId !== actor.user.id) throw new ForbiddenError('Only the author edits a message.');
      const mentions =
        input.mentionUserIds != null
          ? await this.checkMentions(em, thread.groupId, input.mentionUserIds, 'input.mentionUserIds')
          : message.mentionUserIds;
      if (input.body === message.body && mentions.join() === message.mentionUserIds.join()) return message;
      await em.getRepository(MessageRevision).insert({
        messageId: message.id,
        body: message.body,
        change: 'EDITED',
        changedByUserId: actor.user.id,
      });
      message.body = input.body;
      message.mentionUserIds = mentions;
      message.editedAt = new Date();
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
    return this.changeMessage(actor, messageId, async (em, { message, thread, membership }, record) => {
      if (message.authorUserId !== actor.user.id && !isCoordinator(membership)) {
        throw new ForbiddenError('Only the author or a coordinator deletes a message.');
      }
      await em.getRepository(MessageRevision).insert({
        messageId: message.id,
        body: message.body,
        change: 'DELETED',
        changedByUserId: actor.user.id,
      });
      message.body = '';
      message.deletedAt = new Date();
      await em.getRepository(Message).save(message);
      await record(threadEvent(thread, actor, 'message.deleted', { messageId: message.id, seq: message.seq }));
      return message;
    });
  }

  async setReaction(actor: Actor, input: SetReactionInput): Promise<Message> {
    const { message, thread, group, membership } = await this.messageAccess(actor, input.messageId);
    if (!canWriteInThread(membership)) throw new ForbiddenError('Observers read threads but do not react.');
    requireWritable(group);
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
    const { thread } = await this.access(actor, threadId);
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
    const { thread } = await this.writable(actor, threadId);
    await this.bus.publishSignal({
      topic: `typing:${thread.id}`,
      groupId: thread.groupId,
      data: { threadId: thread.id, userId: actor.user.id, displayName: actor.user.displayName, typing },
    });
    return true;
  }

  // ---- per-request batch loads ----

  lastReadSeq(actor: Actor, loaders: Loaders, threadId: string): Promise<number> {
    return loaders
      .get(
        'lastReadSeq',
        () =>
          new DataLoader<string, number>(async (ids) => {
            const rows = await this.db
              .getRepository(ReadMarker)
              .findBy({ userId: actor.user.id, threadId: In([...ids]) });
            return ids.map((id) => rows.find((r) => r.threadId === id)?.lastReadSeq ?? 0);
          }),
      )
      .load(threadId);
  }

  /** Messages by others, not deleted, after the viewer's read marker: per thread, or summed per group. */
  unreadCount(actor: Actor, loaders: Loaders, by: 'thread' | 'group', id: string): Promise<number> {
    const column = by === 'thread' ? 't.id' : 't.group_id';
    return loaders
      .get(
        `unread:${by}`,
        () =>
          new DataLoader<string, number>(async (ids) => {
            const rows = (await this.db.query(
              `SELECT ${column} AS key, count(m.id)::int AS n
                 FROM thread t
                 LEFT JOIN read_marker r ON r.thread_id = t.id AND r.user_id = $2
                 JOIN message m ON m.thread_id = t.id AND m.seq > coalesce(r.last_read_seq, 0)
                  AND m.author_user_id <> $2 AND m.deleted_at IS NULL
                WHERE ${column} = ANY($1)
                GROUP BY ${column}`,
              [ids.filter((i) => UUID.test(i)), actor.user.id],
            )) as { key: string; n: number }[];
            return ids.map((i) => rows.find((r) => r.key === i)?.n ?? 0);
          }),
      )
      .load(id);
  }

  reactions(actor: Actor, loaders: Loaders, messageId: string): Promise<ReactionSummary[]> {
    return loaders
      .get(
        'reactions',
        () =>
          new DataLoader<string, ReactionSummary[]>(async (ids) => {
            const rows = (await this.db.query(
              `SELECT message_id, emoji, count(*)::int AS count, bool_or(user_id = $2) AS viewer_reacted, min(created_at) AS first
                 FROM reaction WHERE message_id = ANY($1) GROUP BY message_id, emoji ORDER BY first`,
              [ids, actor.user.id],
            )) as { message_id: string; emoji: string; count: number; viewer_reacted: boolean }[];
            return ids.map((id) =>
              rows
                .filter((r) => r.message_id === id)
                .map((r) => ({ emoji: r.emoji, count: r.count, viewerReacted: r.viewer_reacted })),
            );
          }),
      )
      .load(messageId);
  }

  revisions(loaders: Loaders, messageId: string): Promise<MessageRevision[]> {
    return loaders
      .get(
        'revisions',
        () =>
          new DataLoader<string, MessageRevision[]>(async (ids) => {
            const rows = await this.db
              .getRepository(MessageRevision)
              .find({ where: { messageId: In([...ids]) }, order: { createdAt: 'ASC' } });
            return ids.map((id) => rows.filter((r) => r.messageId === id));
          }),
      )
      .load(messageId);
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
