import { defineEvents } from '../../events/define.js';

export const needEvents = defineEvents({
  'need.created': {
    audience: 'group',
    description: 'A member described a new need.',
    payload: { needId: 'id', title: 'string', status: 'string' },
  },
  'need.updated': {
    audience: 'group',
    description: 'A need changed; `fields` names what.',
    payload: { needId: 'id', fields: 'strings' },
  },
  'need.status_changed': {
    audience: 'group',
    description: "A need's status moved.",
    payload: { needId: 'id', from: 'string', status: 'string' },
  },
  'interest.set': {
    audience: 'group',
    description: 'An authority stated or changed its interest in a need.',
    payload: { needId: 'id', interestId: 'id', organisationId: 'id' },
  },
  'interest.removed': {
    audience: 'group',
    description: 'An authority withdrew its interest in a need.',
    payload: { needId: 'id', organisationId: 'id' },
  },
});
