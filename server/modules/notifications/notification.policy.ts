import type { Actor } from '../../auth/actor.js';
import { allow, definePolicy, forbid, Missing, type Verdict } from '../../auth/policy.js';
import type { Notification } from './notification.entity.js';

const recipient =
  (what: string) =>
  (actor: Actor, n: Notification): Verdict =>
    n.userId === actor.user.id ? allow : forbid(`Only its recipient ${what}.`, Missing.RECIPIENT);

/**
 * A notification is its recipient's alone: no one else reads it or marks it read (not even an
 * admin). The inbox's lists and counts are read by the recipient's own id, so these rules are
 * asked where a notification is reached by its id; a refusal is then told as NOT_FOUND, so nothing
 * reveals that another person's notification exists.
 */
export const notificationPolicy = definePolicy({
  read: recipient('reads a notification'),
  markRead: recipient('marks a notification read'),
});
export type NotificationAction = keyof typeof notificationPolicy.rules;
