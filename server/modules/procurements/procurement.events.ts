import { defineEvents, toBuyers, toPublic } from '../../events/define.js';

/** A joint procurement's own changes; its buyers (the group's members) see them. */
export const procurementEvents = defineEvents({
  'procurement.created': toBuyers('The joint procurement was started.', {
    procurementId: 'id',
    title: 'string',
    needIds: 'ids',
    participantOrganisationIds: 'ids',
  }),
  'procurement.updated': toBuyers('The procurement changed; `fields` names what.', {
    procurementId: 'id',
    fields: 'strings',
  }),
  'procurement.phase_changed': toPublic(
    'The procurement moved to another phase (CANCELLED with a reason).',
    { procurementId: 'id', from: 'string', to: 'string', reason: 'string?' },
    ['procurementId', 'from', 'to'],
  ),
  'participant.added': toBuyers('An authority joined the procurement.', { procurementId: 'id', organisationId: 'id' }),
  'participant.removed': toBuyers('An authority was removed from the procurement.', {
    procurementId: 'id',
    organisationId: 'id',
  }),
  'lot.added': toBuyers('A lot was added.', { procurementId: 'id', lotId: 'id', number: 'int' }),
  'lot.updated': toBuyers('A lot changed.', { procurementId: 'id', lotId: 'id' }),
  'lot.removed': toBuyers('A lot was removed.', { procurementId: 'id', lotId: 'id', number: 'int' }),
  'lot.value_set': toBuyers('An authority stated its value of a lot.', {
    procurementId: 'id',
    lotId: 'id',
    organisationId: 'id',
  }),
  'mandate.signed': toBuyers('An authority signed its mandate to the lead authority.', {
    procurementId: 'id',
    organisationId: 'id',
    lotIds: 'ids',
  }),
  'mandate.withdrawn': toBuyers('An authority withdrew its mandate.', { procurementId: 'id', organisationId: 'id' }),
  // Public so suppliers learn that the timetable moved; they get no field of it.
  'milestone.set': toPublic(
    'A milestone was set or moved.',
    { procurementId: 'id', milestoneId: 'id', kind: 'string', dueAt: 'datetime' },
    [],
  ),
  'milestone.completed': toBuyers('A milestone was completed or reopened.', {
    procurementId: 'id',
    milestoneId: 'id',
    completed: 'boolean',
  }),
  'milestone.removed': toBuyers('A milestone was removed.', { procurementId: 'id', milestoneId: 'id', kind: 'string' }),
});
