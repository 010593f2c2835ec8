import { defineEvents, toUser } from '../../events/define.js';

/** A person's private calendar feed: the audit trail of a secret URL (never the token itself). */
export const calendarEvents = defineEvents({
  'calendar.feed_created': toUser('The person created a private calendar feed URL (any earlier one stopped working).', {
    replaced: 'boolean',
  }),
  'calendar.feed_revoked': toUser('The person revoked their private calendar feed URL.', {}),
});
