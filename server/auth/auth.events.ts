import { defineEvents } from '../events/define.js';

export const authEvents = defineEvents({
  'session.revoked': {
    audience: 'user',
    description: 'Sessions of the user ended (signed out elsewhere, password changed, suspended): their streams close.',
    payload: { sessionIds: 'ids' },
  },
});
