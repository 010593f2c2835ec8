/**
 * Where a person's data lives, found by the schema's naming rule: a uuid column named `user_id` or
 * `<role>_user_id` refers to a person (`user_account.id`). The export walks every such column, so a
 * table added tomorrow is exported without a change here; what this file decides is only what is
 * *not* the person's own (left out of their export) and what an erasure removes rather than keeps.
 * test/privacy.test.ts checks that every `user_id` column of the schema is classified below.
 */

/** Columns that name the person but whose rows are someone else's (another person's account or inbox). */
export const NOT_THEIRS = new Set([
  // Accounts the person approved as an admin: the other people's own data.
  'user_account.approved_by_user_id',
  // Notices in other people's inboxes about something the person did.
  'notification.actor_user_id',
  // Only digests of single-use links: nothing a person can read.
  'user_token.user_id',
]);

/**
 * Tables whose `user_id` rows are the person's own working state, not a record of what they did for
 * their authority: an erasure deletes them. (Sessions are ended first, so sockets close everywhere.)
 */
export const ERASED = [
  'session',
  'user_identity',
  'user_token',
  'reaction',
  'read_marker',
  'notification',
  'notification_preference',
  'notification_mute',
  'notification_digest',
  'document_follow',
  'calendar_feed',
] as const;

/**
 * Tables whose `user_id` rows are records of the person's organisation (a supplier's registration
 * for a market dialogue, a guest's access to a group): kept, pointing to the anonymised account.
 */
export const KEPT = ['dialogue_registration', 'group_guest'] as const;

/** Column values never exported: secrets and derived search data. */
export const hiddenColumn = (name: string): boolean => /hash|secret|token$|search_vector/.test(name);

/**
 * Tables whose text is never rewritten when a person is erased: reference data that cannot hold a
 * person's name (CPV, codelists), the blob store (bytes), and the migration bookkeeping.
 */
export const NOT_SCRUBBED = new Set(['migrations', 'blob', 'organisation']);
export const notScrubbed = (table: string): boolean => NOT_SCRUBBED.has(table) || table.startsWith('cpv');
