import { defineEvents, toUser } from '../events/define.js';

export const authEvents = defineEvents({
  'session.revoked': toUser(
    'Sessions of the user ended (signed out elsewhere, password changed, suspended): their streams close.',
    { sessionIds: 'ids' },
  ),
});
