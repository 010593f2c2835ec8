import type { introspection_types } from '../graphql-env.d.ts';

/** The API's notification kinds and deliveries, from the generated schema types. */
export type NotificationKind = introspection_types['NotificationKind']['enumValues'];
export type NotificationDelivery = introspection_types['NotificationDelivery']['enumValues'];

/** Every kind, in the order the settings list them: the conversation, the group, the procurement, the dialogue. */
export const NOTIFICATION_KINDS = [
  'MENTION',
  'REPLY',
  'INVITATION',
  'JOIN_REQUEST',
  'JOIN_REQUEST_DECIDED',
  'GUEST_INVITATION',
  'MANDATE_REQUESTED',
  'MANDATE_SIGNED',
  'MANDATE_WITHDRAWN',
  'PHASE_CHANGED',
  'DECISION_OPENED',
  'DECISION_CLOSING',
  'DECISION_CLOSED',
  'MILESTONE_DUE',
  'MILESTONE_OVERDUE',
  'DOCUMENT_VERSION',
  'QUESTION_RECEIVED',
  'ANSWER_PUBLISHED',
  'DOCUMENT_PUBLISHED',
  'SLOT_BOOKED',
  'SLOT_CANCELLED',
  'AWARD_MADE',
  'STANDSTILL_ENDED',
] as const satisfies readonly NotificationKind[];

export const NOTIFICATION_DELIVERIES = [
  'EMAIL_NOW',
  'DIGEST',
  'IN_APP',
  'OFF',
] as const satisfies readonly NotificationDelivery[];
