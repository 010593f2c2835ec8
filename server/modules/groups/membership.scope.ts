import DataLoader from 'dataloader';
import { In, type DataSource, type EntityManager } from 'typeorm';
import type { Actor, ActorScope } from '../../auth/actor.js';
import { burstReader } from '../../common/burst.js';
import { EntityRows } from '../../common/entity-rows.js';
import { UUID } from '../../loaders.js';
import type { Organisation } from '../organisations/organisation.entity.js';
import type { User } from '../users/user.entity.js';
import { GroupGuest } from './guest.entity.js';
import { Membership, MembershipRole, MembershipStatus } from './membership.entity.js';

/** Guest grants of these users in these groups that are live now (not revoked, not ended). */
export function liveGuestGrants(
  em: EntityManager,
  userIds: string | string[],
  groupIds: string[],
): Promise<GroupGuest[]> {
  const users = typeof userIds === 'string' ? [userIds] : userIds;
  if (!groupIds.length || !users.length) return Promise.resolve([]);
  return em
    .getRepository(GroupGuest)
    .createQueryBuilder('g')
    .where('g.user_id IN (:...users) AND g.group_id IN (:...groupIds)', { users, groupIds })
    .andWhere('g.revoked_at IS NULL AND g.ends_at > now()')
    .getMany();
}

/**
 * The stand-in membership a live guest grant gives its person: it reads and writes like a member
 * (role MEMBER) but is marked `guest`, so it acts for no organisation (see group.policy).
 */
export function guestMembership(grant: GroupGuest, organisationId: string): Membership {
  return Object.assign(new Membership(), {
    id: grant.id,
    groupId: grant.groupId,
    organisationId,
    role: MembershipRole.MEMBER,
    status: MembershipStatus.ACTIVE,
    message: grant.note,
    invitedByUserId: grant.invitedByUserId,
    joinedAt: grant.createdAt,
    createdAt: grant.createdAt,
    updatedAt: grant.createdAt,
    guest: true,
    guestUntil: grant.endsAt,
  });
}

/**
 * The organisation's membership per group, or the user's live guest grant's stand-in where the
 * organisation is not an active member. Pass the transaction's manager when inside one.
 */
export async function membershipsIn(
  em: EntityManager,
  user: User,
  organisation: Organisation,
  groupIds: readonly string[],
  /** How the organisation's membership rows are read (by default, one statement here). */
  readRows: (groupIds: string[]) => Promise<Membership[]> = (valid) =>
    em.getRepository(Membership).findBy({ organisationId: organisation.id, groupId: In(valid) }),
): Promise<Map<string, Membership>> {
  const valid = groupIds.filter((id) => UUID.test(id));
  const rows = valid.length ? await readRows(valid) : [];
  const byGroup = new Map<string, Membership>(rows.map((m) => [m.groupId, m]));
  const rest = valid.filter((id) => byGroup.get(id)?.status !== MembershipStatus.ACTIVE);
  for (const grant of await liveGuestGrants(em, user.id, rest)) {
    byGroup.set(grant.groupId, guestMembership(grant, organisation.id));
  }
  return byGroup;
}

/**
 * Memberships by `organisationId:groupId`, read for all actors at once (see burstReader): each
 * subscription checks its actor's membership, and many sockets subscribe together.
 */
const membershipReaders = new WeakMap<DataSource, (key: string) => Promise<Membership | null>>();

function membershipReader(db: DataSource) {
  let reader = membershipReaders.get(db);
  if (!reader) {
    const m = new EntityRows(db, Membership, 'm');
    reader = burstReader<Membership>(async (keys) => {
      const pairs = keys.map((k) => k.split(':'));
      const rows = (await db.query(
        `SELECT ${m.select} FROM ${m.table}
          WHERE (m.organisation_id, m.group_id) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[]))`,
        [pairs.map(([o]) => o), pairs.map(([, g]) => g)],
      )) as Record<string, unknown>[];
      return new Map(rows.map((row) => m.from(row)).map((r) => [`${r.organisationId}:${r.groupId}`, r]));
    });
    membershipReaders.set(db, reader);
  }
  return reader;
}

/** The memberships of one user's organisation, with the user's live guest grants where it has none. */
export function membershipScope(db: DataSource, user: User, organisation: Organisation): ActorScope {
  const read = membershipReader(db);
  const loader = new DataLoader<string, Membership | null>(async (groupIds) => {
    const byGroup = await membershipsIn(db.manager, user, organisation, groupIds, async (valid) =>
      (await Promise.all(valid.map((g) => read(`${organisation.id}:${g}`)))).filter((m): m is Membership => !!m),
    );
    return groupIds.map((id) => byGroup.get(id) ?? null);
  });
  return {
    membership: (groupId) => loader.load(groupId),
    forget: (groupId) => void loader.clear(groupId),
  };
}

/** An actor for a user outside any request (the demo seed, command-line tools): no session. */
export function actorFor(
  db: DataSource,
  user: User,
  organisation: Organisation,
  sessionId: string | null = null,
): Actor {
  return { user, organisation, sessionId, scope: membershipScope(db, user, organisation) };
}
