import { defineEvents, toGroup } from '../../events/define.js';

export const needEvents = defineEvents({
  'need.created': toGroup('A member described a new need.', { needId: 'id', title: 'string', status: 'string' }),
  'need.updated': toGroup('A need changed; `fields` names what.', { needId: 'id', fields: 'strings' }),
  'need.status_changed': toGroup("A need's status moved.", { needId: 'id', from: 'string', status: 'string' }),
  'interest.set': toGroup('An authority stated or changed its interest in a need.', {
    needId: 'id',
    interestId: 'id',
    organisationId: 'id',
  }),
  'interest.removed': toGroup('An authority withdrew its interest in a need.', { needId: 'id', organisationId: 'id' }),
});
