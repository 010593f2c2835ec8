import { defineEvents } from '../../events/define.js';

/** A joint procurement's own changes; its buyers (the group's members) see them. */
export const procurementEvents = defineEvents({
  'procurement.created': {
    audience: 'procurement',
    description: 'The joint procurement was started.',
    payload: { procurementId: 'id', title: 'string', needIds: 'ids', participantOrganisationIds: 'ids' },
  },
  'procurement.updated': {
    audience: 'procurement',
    description: 'The procurement changed; `fields` names what.',
    payload: { procurementId: 'id', fields: 'strings' },
  },
  'procurement.phase_changed': {
    audience: 'public',
    description: 'The procurement moved to another phase (CANCELLED with a reason).',
    payload: { procurementId: 'id', from: 'string', to: 'string', reason: 'string?' },
    supplier: ['procurementId', 'from', 'to'],
  },
  'participant.added': {
    audience: 'procurement',
    description: 'An authority joined the procurement.',
    payload: { procurementId: 'id', organisationId: 'id' },
  },
  'participant.removed': {
    audience: 'procurement',
    description: 'An authority was removed from the procurement.',
    payload: { procurementId: 'id', organisationId: 'id' },
  },
  'lot.added': {
    audience: 'procurement',
    description: 'A lot was added.',
    payload: { procurementId: 'id', lotId: 'id', number: 'int' },
  },
  'lot.updated': {
    audience: 'procurement',
    description: 'A lot changed.',
    payload: { procurementId: 'id', lotId: 'id' },
  },
  'lot.removed': {
    audience: 'procurement',
    description: 'A lot was removed.',
    payload: { procurementId: 'id', lotId: 'id', number: 'int' },
  },
  'lot.value_set': {
    audience: 'procurement',
    description: 'An authority stated its value of a lot.',
    payload: { procurementId: 'id', lotId: 'id', organisationId: 'id' },
  },
  'mandate.signed': {
    audience: 'procurement',
    description: 'An authority signed its mandate to the lead authority.',
    payload: { procurementId: 'id', organisationId: 'id', lotIds: 'ids' },
  },
  'mandate.withdrawn': {
    audience: 'procurement',
    description: 'An authority withdrew its mandate.',
    payload: { procurementId: 'id', organisationId: 'id' },
  },
  'milestone.set': {
    // Public so suppliers learn that the timetable moved; they get no field of it.
    audience: 'public',
    description: 'A milestone was set or moved.',
    payload: { procurementId: 'id', milestoneId: 'id', kind: 'string', dueAt: 'datetime' },
    supplier: [],
  },
  'milestone.completed': {
    audience: 'procurement',
    description: 'A milestone was completed or reopened.',
    payload: { procurementId: 'id', milestoneId: 'id', completed: 'boolean' },
  },
  'milestone.removed': {
    audience: 'procurement',
    description: 'A milestone was removed.',
    payload: { procurementId: 'id', milestoneId: 'id', kind: 'string' },
  },
});
