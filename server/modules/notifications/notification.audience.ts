import type { EntityManager } from 'typeorm';

/*
 * Who a notice goes to, read in the projector's (or the scheduler's) transaction. Every list is of
 * ACTIVE user accounts only, and is what the recipients may see at that moment: a buyer-side
 * audience is drawn from the group's active member organisations (and its live guests where the
 * kind is for everyone in the group); a supplier audience is the dialogue's registered users.
 */

const ids = async (em: EntityManager, sql: string, params: unknown[]): Promise<string[]> =>
  ((await em.query(sql, params)) as { id: string }[]).map((r) => r.id);

/** The active users of these organisations. */
export const usersOf = (em: EntityManager, organisationIds: string[]): Promise<string[]> =>
  organisationIds.length
    ? ids(em, `SELECT id FROM user_account WHERE organisation_id = ANY($1::uuid[]) AND status = 'ACTIVE' ORDER BY id`, [
        organisationIds,
      ])
    : Promise.resolve([]);

/** Everyone who reads the group: the users of its active member organisations (observers too) and its live guests. */
export const groupReaders = (em: EntityManager, groupId: string): Promise<string[]> =>
  ids(
    em,
    `SELECT u.id FROM user_account u JOIN membership m ON m.organisation_id = u.organisation_id
      WHERE m.group_id = $1 AND m.status = 'ACTIVE' AND u.status = 'ACTIVE'
     UNION
     SELECT u.id FROM user_account u JOIN group_guest g ON g.user_id = u.id
      WHERE g.group_id = $1 AND g.revoked_at IS NULL AND g.ends_at > now() AND u.status = 'ACTIVE'
     ORDER BY id`,
    [groupId],
  );

/** Of `userIds`, those who still read the group (a follower whose organisation left is not told). */
export async function stillReading(em: EntityManager, groupId: string, userIds: string[]): Promise<string[]> {
  if (!userIds.length) return [];
  const readers = new Set(await groupReaders(em, groupId));
  return userIds.filter((id) => readers.has(id));
}

/** The users of the group's active coordinating organisations. */
export const coordinators = (em: EntityManager, groupId: string): Promise<string[]> =>
  ids(
    em,
    `SELECT u.id FROM user_account u JOIN membership m ON m.organisation_id = u.organisation_id
      WHERE m.group_id = $1 AND m.status = 'ACTIVE' AND m.role = 'COORDINATOR' AND u.status = 'ACTIVE'
      ORDER BY u.id`,
    [groupId],
  );

/**
 * The users of the authorities taking part in a procurement (mandate not withdrawn) that are still
 * active members of its group; `unvoted` keeps only those whose authority has not voted on it.
 */
export const participants = (
  em: EntityManager,
  procurementId: string,
  o: { unvotedDecisionId?: string; organisationIds?: string[] } = {},
): Promise<string[]> =>
  ids(
    em,
    `SELECT u.id FROM user_account u
       JOIN procurement_participant pp ON pp.organisation_id = u.organisation_id
       JOIN procurement p ON p.id = pp.procurement_id
       JOIN membership m ON m.group_id = p.group_id AND m.organisation_id = pp.organisation_id
      WHERE pp.procurement_id = $1 AND pp.mandate_status <> 'WITHDRAWN' AND m.status = 'ACTIVE'
        AND u.status = 'ACTIVE'
        AND ($2::uuid IS NULL OR NOT EXISTS (
              SELECT 1 FROM decision_vote v WHERE v.decision_id = $2 AND v.organisation_id = pp.organisation_id))
        AND ($3::uuid[] IS NULL OR pp.organisation_id = ANY($3::uuid[]))
      ORDER BY u.id`,
    [procurementId, o.unvotedDecisionId ?? null, o.organisationIds ?? null],
  );

/** The people who run a procurement together: its group's coordinators and its participating authorities. */
export async function procurementTeam(em: EntityManager, procurementId: string, groupId: string): Promise<string[]> {
  const a = await coordinators(em, groupId);
  const b = await participants(em, procurementId);
  return [...new Set([...a, ...b])].sort();
}

/** The users registered for a procurement's market dialogue (of one supplier organisation, when named). */
export const registeredSuppliers = (
  em: EntityManager,
  procurementId: string,
  organisationId: string | null = null,
): Promise<string[]> =>
  ids(
    em,
    `SELECT u.id FROM user_account u JOIN dialogue_registration r ON r.user_id = u.id
      WHERE r.procurement_id = $1 AND u.status = 'ACTIVE' AND ($2::uuid IS NULL OR r.organisation_id = $2)
      ORDER BY u.id`,
    [procurementId, organisationId],
  );

/** The users following a document (explicitly, or as its authors and editors). */
export const followers = (em: EntityManager, documentId: string): Promise<string[]> =>
  ids(
    em,
    `SELECT f.user_id AS id FROM document_follow f JOIN user_account u ON u.id = f.user_id
      WHERE f.document_id = $1 AND f.following AND u.status = 'ACTIVE' ORDER BY f.user_id`,
    [documentId],
  );
