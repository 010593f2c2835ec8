/**
 * What a registered supplier receives of each public event (DESIGN 3.2): the payload fields named
 * here, and no other. A field added to an event's internal payload (a `signedBy`, say) reaches
 * suppliers only once it is listed here; an event type not listed reaches them with no payload.
 */
export const SUPPLIER_EVENT_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'dialogue.published': ['procurementId', 'questionDeadline'],
  'dialogue.notice_updated': ['procurementId', 'questionDeadline'],
  'question.answered': ['procurementId', 'questionId', 'number', 'revision'],
  'answer.revised': ['procurementId', 'questionId', 'number', 'revision'],
  'slots.opened': ['procurementId', 'slotIds'],
  'slot.removed': ['procurementId', 'slotId'],
  'slot.booked': ['procurementId', 'slotId'],
  'slot.freed': ['procurementId', 'slotId'],
  'procurement.phase_changed': ['procurementId', 'from', 'to'],
  'document.visibility_changed': ['documentId', 'visibility', 'publishedVersion'],
  // Messages of the public dialogue channel: never who wrote them or whom they mention.
  'message.posted': ['threadId', 'messageId', 'seq', 'replyToId'],
  'message.edited': ['threadId', 'messageId', 'seq'],
  'message.deleted': ['threadId', 'messageId', 'seq'],
  'reaction.changed': ['threadId', 'messageId', 'seq', 'emoji', 'reacted'],
};

/** The supplier's projection of a public event's payload. */
export function supplierPayload(type: string, payload: Record<string, unknown>): Record<string, unknown> {
  const fields = SUPPLIER_EVENT_FIELDS[type] ?? [];
  return Object.fromEntries(fields.filter((f) => f in payload).map((f) => [f, payload[f]]));
}
