import { defineEvents, toUser } from '../../events/define.js';

export const notificationEvents = defineEvents({
  'notification.created': toUser('A notification for the user.', { notificationId: 'id', kind: 'string' }),
  'notification.read': toUser('Notifications were marked read (`all`, or the listed ones).', {
    notificationIds: 'ids?',
    all: 'boolean?',
  }),
});
