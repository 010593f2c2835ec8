import { defineEvents, toUser } from '../../events/define.js';

/** A person's account: written to the person's own stream and the organisation's activity. */
export const userEvents = defineEvents({
  'user.activated': toUser('The account can be used (address verified, or first single sign-on).', {
    organisationId: 'id',
    provider: 'string?',
  }),
  'user.approval_requested': toUser("The account waits for an organisation admin's approval.", {
    organisationId: 'id',
    provider: 'string?',
  }),
  'user.approved': toUser('An admin approved the account.', { organisationId: 'id' }),
  'user.declined': toUser('An admin declined the account request.', { organisationId: 'id', email: 'string' }),
  'user.suspended': toUser('An admin suspended the account; its sessions ended.', { organisationId: 'id' }),
  'user.reinstated': toUser('An admin reinstated the account.', { organisationId: 'id' }),
  'user.role_changed': toUser("The person's role in the organisation changed.", {
    organisationId: 'id',
    role: 'string',
  }),
  'user.updated': toUser('The person changed their profile.', {}),
  'user.deleted': toUser('The person deleted their account; their records stay under their role and organisation.', {
    organisationId: 'id',
  }),
  'user.identity_linked': toUser('A single sign-on identity was linked to the account.', { provider: 'string?' }),
  'user.identity_unlinked': toUser('A single sign-on identity was unlinked from the account.', { provider: 'string?' }),
});
