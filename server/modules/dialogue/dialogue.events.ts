import { defineEvents } from '../../events/define.js';

/**
 * The market dialogue's events. What a registered supplier receives of a public event is the
 * payload fields named in `supplier`, and no other (DESIGN 3.2): a field added to the internal
 * payload (a `signedBy`, say) reaches suppliers only once it is listed there.
 */
export const dialogueEvents = defineEvents({
  'dialogue.published': {
    audience: 'public',
    description: 'The market dialogue notice was published.',
    payload: { procurementId: 'id', questionDeadline: 'datetime' },
    supplier: ['procurementId', 'questionDeadline'],
  },
  'dialogue.notice_updated': {
    audience: 'public',
    description: 'The market dialogue notice changed.',
    payload: { procurementId: 'id', questionDeadline: 'datetime' },
    supplier: ['procurementId', 'questionDeadline'],
  },
  'dialogue.registered': {
    // Buyers only: who takes part in the dialogue is not for the other suppliers.
    audience: 'procurement',
    description: 'A supplier registered for the market dialogue.',
    payload: { procurementId: 'id', organisationId: 'id' },
  },
  'question.asked': {
    audience: 'procurement',
    description: 'A supplier asked a question (buyers only until answered).',
    payload: { procurementId: 'id', questionId: 'id', number: 'int' },
  },
  'question.withdrawn': {
    audience: 'procurement',
    description: 'A supplier withdrew its question.',
    payload: { procurementId: 'id', questionId: 'id' },
  },
  'question.answered': {
    audience: 'public',
    description: 'An answer was published to every registered supplier.',
    payload: { procurementId: 'id', questionId: 'id', number: 'int', revision: 'int' },
    supplier: ['procurementId', 'questionId', 'number', 'revision'],
  },
  'answer.revised': {
    audience: 'public',
    description: 'A published answer was revised.',
    payload: { procurementId: 'id', questionId: 'id', number: 'int', revision: 'int' },
    supplier: ['procurementId', 'questionId', 'number', 'revision'],
  },
  'slots.opened': {
    audience: 'public',
    description: 'Dialogue meeting slots were opened.',
    payload: { procurementId: 'id', slotIds: 'ids' },
    supplier: ['procurementId', 'slotIds'],
  },
  'slot.removed': {
    audience: 'public',
    description: 'A meeting slot was removed.',
    payload: { procurementId: 'id', slotId: 'id' },
    supplier: ['procurementId', 'slotId'],
  },
  'slot.booked': {
    audience: 'public',
    description: 'A meeting slot was booked (suppliers learn only that it is taken).',
    payload: { procurementId: 'id', slotId: 'id' },
    supplier: ['procurementId', 'slotId'],
  },
  'slot.freed': {
    audience: 'public',
    description: 'A booking was cancelled; the slot is free again.',
    payload: { procurementId: 'id', slotId: 'id' },
    supplier: ['procurementId', 'slotId'],
  },
});
