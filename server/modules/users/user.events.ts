import { defineEvents } from '../../events/define.js';

/** A person's account: written to the person's own stream and the organisation's activity. */
export const userEvents = defineEvents({
  'user.activated': {
    audience: 'user',
    description: 'The account can be used (address verified, or first single sign-on).',
    payload: { organisationId: 'id', provider: 'string?' },
  },
  'user.approval_requested': {
    audience: 'user',
    description: "The account waits for an organisation admin's approval.",
    payload: { organisationId: 'id', provider: 'string?' },
  },
  'user.approved': {
    audience: 'user',
    description: 'An admin approved the account.',
    payload: { organisationId: 'id' },
  },
  'user.declined': {
    audience: 'user',
    description: 'An admin declined the account request.',
    payload: { organisationId: 'id', email: 'string' },
  },
  'user.suspended': {
    audience: 'user',
    description: 'An admin suspended the account; its sessions ended.',
    payload: { organisationId: 'id' },
  },
  'user.reinstated': {
    audience: 'user',
    description: 'An admin reinstated the account.',
    payload: { organisationId: 'id' },
  },
  'user.role_changed': {
    audience: 'user',
    description: "The person's role in the organisation changed.",
    payload: { organisationId: 'id', role: 'string' },
  },
  'user.updated': { audience: 'user', description: 'The person changed their profile.', payload: {} },
  'user.identity_linked': {
    audience: 'user',
    description: 'A single sign-on identity was linked to the account.',
    payload: { provider: 'string' },
  },
  'user.identity_unlinked': {
    audience: 'user',
    description: 'A single sign-on identity was unlinked from the account.',
    payload: { provider: 'string' },
  },
});
