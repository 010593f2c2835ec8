import { defineEvents } from '../../events/define.js';

export const benefitEvents = defineEvents({
  'benefit.indicator_added': {
    audience: 'procurement',
    description: 'A benefit indicator was defined.',
    payload: { procurementId: 'id', indicatorId: 'id' },
  },
  'benefit.measured': {
    audience: 'procurement',
    description: "An authority's baseline or follow-up was recorded.",
    payload: { procurementId: 'id', indicatorId: 'id', organisationId: 'id', kind: 'string' },
  },
});
