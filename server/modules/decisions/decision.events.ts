import { defineEvents, toBuyers } from '../../events/define.js';

export const decisionEvents = defineEvents({
  'decision.opened': toBuyers('A decision was put to the participating authorities.', {
    procurementId: 'id',
    decisionId: 'id',
    closesAt: 'datetime',
  }),
  'decision.voted': toBuyers('An authority voted (or changed its vote).', {
    procurementId: 'id',
    decisionId: 'id',
    organisationId: 'id',
  }),
  'decision.closed': toBuyers('A decision closed with its outcome and the votes per option.', {
    procurementId: 'id',
    decisionId: 'id',
    outcome: 'string',
    winningOption: 'int?',
    approved: 'boolean',
    counts: 'ints',
  }),
});
