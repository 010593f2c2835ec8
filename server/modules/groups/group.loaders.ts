import DataLoader from 'dataloader';
import type { Actor } from '../../auth/actor.js';
import { containsPattern, loadPages, type Connection } from '../../common/pagination.js';
import { NotFoundError } from '../../errors.js';
import type { Loaders } from '../../loaders.js';
import { User } from '../users/user.entity.js';
import { BuyerGroup } from './group.entity.js';
import type { MembershipsArgs } from './group.inputs.js';
import { groupPolicy, type GroupSubject } from './group.policy.js';
import { Membership, MembershipStatus } from './membership.entity.js';
import { membershipPolicy } from './membership.policy.js';

/**
 * One page per parent, batched: the pages of every parent asked for in one tick with the same
 * `key` (which must name the page arguments) are read by one `load` (loadPages with `parent`).
 */
export function pagePerParent<T>(
  loaders: Loaders,
  key: string,
  load: (parentIds: readonly string[]) => Promise<Map<string, Connection<T>>>,
  parentId: string,
): Promise<Connection<T>> {
  return loaders
    .get(
      key,
      () =>
        new DataLoader<string, Connection<T>>(async (ids) => {
          const pages = await load(ids);
          return ids.map((id) => pages.get(id)!);
        }),
    )
    .load(parentId);
}

/** The group and the actor's place in it, for the rules below. */
async function subjectOf(actor: Actor, group: BuyerGroup): Promise<GroupSubject> {
  return { group, membership: await actor.scope.membership(group.id) };
}

/**
 * Per-request batched reads of buyer groups, for resolvers (services take an Actor and keep the
 * commands and single reads): each read of many groups, or many threads, is one or two statements.
 */
export function groupLoaders(loaders: Loaders) {
  const { db } = loaders;
  return {
    /** The group, if the actor may see it (groupPolicy's `read`); null for one it may not see or that is gone. */
    async visible(actor: Actor, groupId: string): Promise<BuyerGroup | null> {
      const group = await loaders.byId(BuyerGroup, 'BuyerGroup').load(groupId);
      return group && groupPolicy.can(actor, 'read', await subjectOf(actor, group)) ? group : null;
    },

    /**
     * A page of the group's memberships, in the order organisations were invited, asked or joined.
     * Invitations, requests and former members only for those the policy shows them (`readPending`);
     * everyone who sees the group sees its active members.
     */
    async memberships(actor: Actor, group: BuyerGroup, args: MembershipsArgs): Promise<Connection<Membership>> {
      const asked = args.status?.length ? args.status : [MembershipStatus.ACTIVE];
      const statuses = membershipPolicy.can(actor, 'readPending', await subjectOf(actor, group))
        ? asked
        : asked.filter((s) => s === MembershipStatus.ACTIVE);
      const key = `memberships:${JSON.stringify([[...statuses].sort(), args.first, args.after ?? null])}`;
      return pagePerParent(
        loaders,
        key,
        (groupIds) =>
          loadPages({
            repo: db.getRepository(Membership),
            first: args.first,
            after: args.after,
            parent: { column: 't.group_id', ids: groupIds, of: (m) => m.groupId },
            sort: { expr: 't.created_at' },
            where: (qb) => {
              if (statuses.length) qb.andWhere('t.status IN (:...statuses)', { statuses });
              else qb.andWhere('FALSE');
            },
          }),
        group.id,
      );
    },

    /**
     * People of the group's active member organisations and its guests, by name (whom to mention):
     * for the group's active members. The groups asked for at once are one statement, their people
     * one more (through the per-request User loader).
     */
    async people(actor: Actor, group: BuyerGroup, search: string | null | undefined, first: number): Promise<User[]> {
      const subject = await subjectOf(actor, group);
      if (!groupPolicy.can(actor, 'read', subject)) throw new NotFoundError('BuyerGroup', group.id);
      groupPolicy.authorize(actor, 'readAsMember', subject);
      const pattern = search?.trim() ? containsPattern(search) : null;
      const ids = await loaders
        .get(
          `people:${JSON.stringify([pattern, first])}`,
          () =>
            new DataLoader<string, string[]>(async (groupIds) => {
              const rows = (await db.query(
                `SELECT p.group_id, p.user_id FROM (
                   SELECT g.id AS group_id, u.id AS user_id,
                          row_number() OVER (PARTITION BY g.id ORDER BY lower(u.display_name), u.id) AS n
                     FROM unnest($1::uuid[]) AS g(id)
                     JOIN user_account u ON u.status = 'ACTIVE'
                      AND (EXISTS (SELECT 1 FROM membership m WHERE m.organisation_id = u.organisation_id
                                     AND m.group_id = g.id AND m.status = 'ACTIVE')
                        OR EXISTS (SELECT 1 FROM group_guest gg WHERE gg.user_id = u.id AND gg.group_id = g.id
                                     AND gg.revoked_at IS NULL AND gg.ends_at > now()))
                    WHERE $2::text IS NULL OR u.display_name ILIKE $2 OR u.email ILIKE $2
                 ) p
                 WHERE p.n <= $3 ORDER BY p.group_id, p.n`,
                [[...groupIds], pattern, first],
              )) as { group_id: string; user_id: string }[];
              return groupIds.map((id) => rows.filter((r) => r.group_id === id).map((r) => r.user_id));
            }),
        )
        .load(group.id);
      const users = await Promise.all(ids.map((id) => loaders.byId(User, 'User').load(id)));
      return users.filter((u): u is User => u !== null);
    },

    /** Whether the author of a message in this thread wrote as a guest of the thread's group. */
    authorGuest(threadId: string, userId: string): Promise<boolean> {
      return loaders
        .get(
          'messageAuthorGuest',
          () =>
            new DataLoader<string, boolean>(async (keys) => {
              const pairs = keys.map((k) => k.split('|'));
              // A guest of the thread's group whose organisation is no active member there.
              const rows = (await db.query(
                `SELECT DISTINCT t.id AS thread_id, g.user_id FROM thread t
                   JOIN group_guest g ON g.group_id = t.group_id
                   JOIN user_account u ON u.id = g.user_id
                  WHERE t.id = ANY($1::uuid[]) AND g.user_id = ANY($2::uuid[])
                    AND NOT EXISTS (SELECT 1 FROM membership ms WHERE ms.group_id = t.group_id
                                     AND ms.organisation_id = u.organisation_id AND ms.status = 'ACTIVE')`,
                [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
              )) as { thread_id: string; user_id: string }[];
              const found = new Set(rows.map((r) => `${r.thread_id}|${r.user_id}`));
              return keys.map((k) => found.has(k));
            }),
        )
        .load(`${threadId}|${userId}`);
    },
  };
}
