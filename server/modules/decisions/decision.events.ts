import { defineEvents } from '../../events/define.js';

export const decisionEvents = defineEvents({
  'decision.opened': {
    audience: 'procurement',
    description: 'A decision was put to the participating authorities.',
    payload: { procurementId: 'id', decisionId: 'id', closesAt: 'datetime' },
  },
  'decision.voted': {
    audience: 'procurement',
    description: 'An authority voted (or changed its vote).',
    payload: { procurementId: 'id', decisionId: 'id', organisationId: 'id' },
  },
  'decision.closed': {
    audience: 'procurement',
    description: 'A decision closed with its outcome and the votes per option.',
    payload: {
      procurementId: 'id',
      decisionId: 'id',
      outcome: 'string',
      winningOption: 'int?',
      approved: 'boolean',
      counts: 'ints',
    },
  },
});
