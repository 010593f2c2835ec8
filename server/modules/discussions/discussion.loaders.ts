import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { Actor } from '../../auth/actor.js';
import { loadPages, type Connection } from '../../common/pagination.js';
import { NotFoundError, UserInputError } from '../../errors.js';
import { UUID, type Loaders } from '../../loaders.js';
import type { MessagesArgs, ThreadsArgs } from './discussion.inputs.js';
import { Message, MessageRevision, ReadMarker } from './message.entity.js';
import { Thread, ThreadKind } from './thread.entity.js';

export interface MessagePage {
  nodes: Message[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: number | null; endCursor: number | null };
}

export interface ReactionSummary {
  emoji: string;
  count: number;
  viewerReacted: boolean;
}

/** One window of a thread's messages: `forward` from just after `bound`, or backward from just before it. */
interface Window {
  forward: boolean;
  size: number;
  /** The sequence number the window starts after (forward) or ends before (backward), per thread. */
  bound: (thread: Thread) => number;
}

/** Reads `args` as a window: `first` after a point, or `last` before one (default: the newest 50). */
function windowOf(args: MessagesArgs): Window {
  const forward = args.first != null || args.after != null;
  if (forward && (args.last != null || args.before != null)) {
    throw UserInputError.field(
      args.last != null ? 'last' : 'before',
      'exclusive',
      'use either first/after (forwards) or last/before (backwards)',
    );
  }
  return forward
    ? { forward, size: args.first ?? 50, bound: () => args.after ?? 0 }
    : { forward, size: args.last ?? 50, bound: (t) => args.before ?? t.lastSeq + 1 };
}

/** The page of one thread from the window's rows (one more than the window when there are more). */
function pageOf(thread: Thread, w: Window, rows: Message[]): MessagePage {
  const more = rows.length > w.size;
  const bound = w.bound(thread);
  const nodes = w.forward ? rows.slice(0, w.size) : rows.slice(0, w.size).reverse();
  return {
    nodes,
    pageInfo: {
      hasNextPage: w.forward ? more : bound <= thread.lastSeq,
      hasPreviousPage: w.forward ? bound > 0 && thread.lastSeq > 0 : more,
      startCursor: nodes[0]?.seq ?? null,
      endCursor: nodes.at(-1)?.seq ?? null,
    },
  };
}

/**
 * Per-request batched reads of discussions, for resolvers: every thread, page, marker, count or
 * reaction list asked for in one tick is read in one statement. (Services take an Actor and no
 * loaders; reads that batch live here.)
 */
export function discussionLoaders(loaders: Loaders) {
  const { db } = loaders;
  return {
    /** The group's general thread, made with the group (GroupService.create) and by the migration. */
    async generalThread(groupId: string): Promise<Thread> {
      const thread = await loaders
        .get(
          'generalThread',
          () =>
            new DataLoader<string, Thread | null>(async (groupIds) => {
              const rows = await db
                .getRepository(Thread)
                .findBy({ groupId: In([...groupIds]), kind: ThreadKind.GENERAL });
              return groupIds.map((id) => rows.find((t) => t.groupId === id) ?? null);
            }),
        )
        .load(groupId);
      if (!thread) throw new NotFoundError('Thread', `general thread of ${groupId}`);
      return thread;
    },

    /** Threads of a group or of a need, most recently active first; one page per parent per request. */
    threads(parent: { groupId: string } | { needId: string }, args: ThreadsArgs): Promise<Connection<Thread>> {
      const [column, id] = 'groupId' in parent ? ['t.group_id', parent.groupId] : ['t.parent_id', parent.needId];
      return loaders
        .get(
          `threads:${column}:${JSON.stringify([args.first, args.after ?? null])}`,
          () =>
            new DataLoader<string, Connection<Thread>>(async (ids) => {
              const pages = await loadPages({
                repo: db.getRepository(Thread),
                first: args.first,
                after: args.after,
                parent: { column, ids, of: (t) => ('groupId' in parent ? t.groupId : t.parentId) },
                sort: { expr: 'coalesce(t.last_message_at, t.created_at)', direction: 'DESC' },
              });
              return ids.map((i) => pages.get(i)!);
            }),
        )
        .load(id);
    },

    /** A window of a thread's messages by sequence number; the same window of several threads is one statement. */
    messages(thread: Thread, args: MessagesArgs): Promise<MessagePage> {
      const w = windowOf(args);
      const key = `messages:${JSON.stringify([w.forward, w.size, args.after ?? null, args.before ?? null])}`;
      return loaders
        .get(
          key,
          () =>
            new DataLoader<Thread, MessagePage, string>(
              async (threads) => {
                const [dir, op] = w.forward ? ['ASC', '>'] : ['DESC', '<'];
                // Each thread's window ranked on its own, so a busy thread does not crowd out a quiet one.
                const rows = await db
                  .getRepository(Message)
                  .createQueryBuilder('m')
                  .where(
                    `m.id IN (SELECT r.id FROM (
                       SELECT x.id, ROW_NUMBER() OVER (PARTITION BY x.thread_id ORDER BY x.seq ${dir}) AS rn
                         FROM message x JOIN unnest(CAST(:ids AS uuid[]), CAST(:bounds AS int[])) AS b(thread_id, bound)
                           ON x.thread_id = b.thread_id AND x.seq ${op} b.bound) r
                     WHERE r.rn <= :limit)`,
                    { ids: threads.map((t) => t.id), bounds: threads.map((t) => w.bound(t)), limit: w.size + 1 },
                  )
                  .orderBy('m.seq', dir as 'ASC' | 'DESC')
                  .getMany();
                return threads.map((t) =>
                  pageOf(
                    t,
                    w,
                    rows.filter((m) => m.threadId === t.id),
                  ),
                );
              },
              { cacheKeyFn: (t) => t.id },
            ),
        )
        .load(thread);
    },

    /** How far the viewer has read each thread (0 before their first read). */
    lastReadSeq(viewer: Actor, threadId: string): Promise<number> {
      return loaders
        .get(
          `lastReadSeq:${viewer.user.id}`,
          () =>
            new DataLoader<string, number>(async (ids) => {
              const rows = await db
                .getRepository(ReadMarker)
                .findBy({ userId: viewer.user.id, threadId: In([...ids]) });
              return ids.map((id) => rows.find((r) => r.threadId === id)?.lastReadSeq ?? 0);
            }),
        )
        .load(threadId);
    },

    /** Messages by others, not deleted, after the viewer's read marker: per thread, or summed per group. */
    unreadCount(viewer: Actor, by: 'thread' | 'group', id: string): Promise<number> {
      const column = by === 'thread' ? 't.id' : 't.group_id';
      return loaders
        .get(
          `unread:${by}:${viewer.user.id}`,
          () =>
            new DataLoader<string, number>(async (ids) => {
              const rows = (await db.query(
                `SELECT ${column} AS key, count(m.id)::int AS n
                   FROM thread t
                   LEFT JOIN read_marker r ON r.thread_id = t.id AND r.user_id = $2
                   JOIN message m ON m.thread_id = t.id AND m.seq > coalesce(r.last_read_seq, 0)
                    AND m.author_user_id <> $2 AND m.deleted_at IS NULL
                  WHERE ${column} = ANY($1)
                  GROUP BY ${column}`,
                [ids.filter((i) => UUID.test(i)), viewer.user.id],
              )) as { key: string; n: number }[];
              return ids.map((i) => rows.find((r) => r.key === i)?.n ?? 0);
            }),
        )
        .load(id);
    },

    /** Each emoji on a message with its count and whether the viewer is among them, first used first. */
    reactions(viewer: Actor, messageId: string): Promise<ReactionSummary[]> {
      return loaders
        .get(
          `reactions:${viewer.user.id}`,
          () =>
            new DataLoader<string, ReactionSummary[]>(async (ids) => {
              const rows = (await db.query(
                `SELECT message_id, emoji, count(*)::int AS count, bool_or(user_id = $2) AS viewer_reacted, min(created_at) AS first
                   FROM reaction WHERE message_id = ANY($1) GROUP BY message_id, emoji ORDER BY first`,
                [ids, viewer.user.id],
              )) as { message_id: string; emoji: string; count: number; viewer_reacted: boolean }[];
              return ids.map((id) =>
                rows
                  .filter((r) => r.message_id === id)
                  .map((r) => ({ emoji: r.emoji, count: r.count, viewerReacted: r.viewer_reacted })),
              );
            }),
        )
        .load(messageId);
    },

    /** A message's earlier texts, oldest first. */
    revisions(messageId: string): Promise<MessageRevision[]> {
      return loaders.children(
        'messageRevisions',
        (r) => r.messageId,
        (ids) => db.getRepository(MessageRevision).find({ where: { messageId: In(ids) }, order: { createdAt: 'ASC' } }),
        messageId,
      );
    },
  };
}
