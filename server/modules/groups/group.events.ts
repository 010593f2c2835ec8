import { defineEvents } from '../../events/define.js';

export const groupEvents = defineEvents({
  'group.created': { audience: 'group', description: 'The group was formed.', payload: {} },
  'group.updated': {
    audience: 'group',
    description: "The group's settings changed; `fields` names them.",
    payload: { fields: 'strings' },
  },
  'membership.changed': {
    audience: 'group',
    description: "An organisation's membership changed: `change` says how (invited, joined, left, role ...).",
    payload: { organisationId: 'id', status: 'string', role: 'string', change: 'string' },
  },
  'guest.changed': {
    audience: 'group',
    description: "A guest's access was granted, changed or ended.",
    payload: { guestId: 'id', userId: 'id', active: 'boolean', endsAt: 'datetime', change: 'string' },
  },
});
