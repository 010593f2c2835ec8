import { defineEvents, toBuyers } from '../../events/define.js';

/**
 * Tenders, awards and contracts: the buyers' alone. Which suppliers tendered, and at what price,
 * never reaches another supplier (public procurement law keeps tenders confidential), so none of
 * these is public; the OCDS export publishes an award and a contract once they are made.
 */
export const contractEvents = defineEvents({
  'tender.received': toBuyers('A tender for a lot was recorded.', {
    procurementId: 'id',
    lotId: 'id',
    tenderId: 'id',
    supplierId: 'id',
  }),
  'tender.assessed': toBuyers('A tender was admitted to the evaluation or rejected.', {
    procurementId: 'id',
    lotId: 'id',
    tenderId: 'id',
    status: 'string',
  }),
  'award.made': toBuyers('An approved award decision awarded a lot; the standstill period started.', {
    procurementId: 'id',
    lotId: 'id',
    awardId: 'id',
    decisionId: 'id',
    supplierIds: 'ids',
    standstillEndsAt: 'datetime',
  }),
  'award.notified': toBuyers('The tenderers were notified of the award; the standstill period runs from then.', {
    procurementId: 'id',
    lotId: 'id',
    awardId: 'id',
    standstillEndsAt: 'datetime',
  }),
  'contract.signed': toBuyers('A contract for a lot was signed with a supplier.', {
    procurementId: 'id',
    lotId: 'id',
    awardId: 'id',
    contractId: 'id',
    supplierId: 'id',
  }),
  'calloff.updated': toBuyers('An authority updated its own agreement or call-offs under a contract.', {
    procurementId: 'id',
    contractId: 'id',
    organisationId: 'id',
  }),
});
