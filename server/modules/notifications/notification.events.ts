import { defineEvents } from '../../events/define.js';

export const notificationEvents = defineEvents({
  'notification.created': {
    audience: 'user',
    description: 'A notification for the user.',
    payload: { notificationId: 'id', kind: 'string' },
  },
  'notification.read': {
    audience: 'user',
    description: 'Notifications were marked read (`all`, or the listed ones).',
    payload: { notificationIds: 'ids?', all: 'boolean?' },
  },
});
