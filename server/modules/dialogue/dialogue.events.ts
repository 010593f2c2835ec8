import { defineEvents, toBuyers, toPublic } from '../../events/define.js';

/**
 * The market dialogue's events. What a registered supplier receives of a public event is the
 * payload fields named in `supplier`, and no other (DESIGN 3.2): a field added to the internal
 * payload (a `signedBy`, say) reaches suppliers only once it is listed there.
 */
export const dialogueEvents = defineEvents({
  'dialogue.published': toPublic(
    'The market dialogue notice was published.',
    { procurementId: 'id', questionDeadline: 'datetime' },
    ['procurementId', 'questionDeadline'],
  ),
  'dialogue.notice_updated': toPublic(
    'The market dialogue notice changed.',
    { procurementId: 'id', questionDeadline: 'datetime' },
    ['procurementId', 'questionDeadline'],
  ),
  // Buyers only: who takes part in the dialogue is not for the other suppliers.
  'dialogue.registered': toBuyers('A supplier registered for the market dialogue.', {
    procurementId: 'id',
    organisationId: 'id',
  }),
  'question.asked': toBuyers('A supplier asked a question (buyers only until answered).', {
    procurementId: 'id',
    questionId: 'id',
    number: 'int',
  }),
  'question.withdrawn': toBuyers('A supplier withdrew its question.', { procurementId: 'id', questionId: 'id' }),
  'question.answered': toPublic(
    'An answer was published to every registered supplier.',
    { procurementId: 'id', questionId: 'id', number: 'int', revision: 'int' },
    ['procurementId', 'questionId', 'number', 'revision'],
  ),
  'answer.revised': toPublic(
    'A published answer was revised.',
    { procurementId: 'id', questionId: 'id', number: 'int', revision: 'int' },
    ['procurementId', 'questionId', 'number', 'revision'],
  ),
  'slots.opened': toPublic('Dialogue meeting slots were opened.', { procurementId: 'id', slotIds: 'ids' }, [
    'procurementId',
    'slotIds',
  ]),
  'slot.removed': toPublic('A meeting slot was removed.', { procurementId: 'id', slotId: 'id' }, [
    'procurementId',
    'slotId',
  ]),
  'slot.booked': toPublic(
    'A meeting slot was booked (suppliers learn only that it is taken).',
    { procurementId: 'id', slotId: 'id' },
    ['procurementId', 'slotId'],
  ),
  'slot.freed': toPublic('A booking was cancelled; the slot is free again.', { procurementId: 'id', slotId: 'id' }, [
    'procurementId',
    'slotId',
  ]),
});
