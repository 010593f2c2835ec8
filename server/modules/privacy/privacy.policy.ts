import type { Actor } from '../../auth/actor.js';
import { allow, definePolicy, forbid, Missing } from '../../auth/policy.js';

/** Whose personal data: one person's. */
export interface PrivacySubject {
  userId: string;
}

const self = (actor: Actor, s: PrivacySubject) =>
  actor.user.id === s.userId
    ? allow
    : forbid('Only the person themselves may take out or delete their own data.', Missing.SELF);

/**
 * A person's own data is theirs alone: no admin, platform operator or colleague downloads it or
 * deletes the account in their place (an admin suspends instead).
 */
export const privacyPolicy = definePolicy({
  export: self,
  delete: self,
});
