import { defineEvents, toBuyers } from '../../events/define.js';

export const benefitEvents = defineEvents({
  'benefit.indicator_added': toBuyers('A benefit indicator was defined.', { procurementId: 'id', indicatorId: 'id' }),
  'benefit.measured': toBuyers("An authority's baseline or follow-up was recorded.", {
    procurementId: 'id',
    indicatorId: 'id',
    organisationId: 'id',
    kind: 'string',
  }),
});
