import { defineEvents, toGroup } from '../../events/define.js';

export const groupEvents = defineEvents({
  'group.created': toGroup('The group was formed.', {}),
  'group.updated': toGroup("The group's settings changed; `fields` names them.", { fields: 'strings' }),
  'membership.changed': toGroup(
    "An organisation's membership changed: `change` says how (invited, joined, left, role ...).",
    { organisationId: 'id', status: 'string', role: 'string', change: 'string' },
  ),
  'guest.changed': toGroup("A guest's access was granted, changed or ended.", {
    guestId: 'id',
    userId: 'id',
    active: 'boolean',
    endsAt: 'datetime',
    change: 'string',
  }),
});
