import { authEvents } from '../auth/auth.events.js';
import { benefitEvents } from '../modules/benefits/benefit.events.js';
import { calendarEvents } from '../modules/calendars/calendar.events.js';
import { contractEvents } from '../modules/contracts/contract.events.js';
import { decisionEvents } from '../modules/decisions/decision.events.js';
import { dialogueEvents } from '../modules/dialogue/dialogue.events.js';
import { discussionEvents } from '../modules/discussions/discussion.events.js';
import { documentEvents } from '../modules/documents/document.events.js';
import { groupEvents } from '../modules/groups/group.events.js';
import { needEvents } from '../modules/needs/need.events.js';
import { notificationEvents } from '../modules/notifications/notification.events.js';
import { organisationEvents } from '../modules/organisations/organisation.events.js';
import { procurementEvents } from '../modules/procurements/procurement.events.js';
import { recordEvents } from '../modules/records/record.events.js';
import { userEvents } from '../modules/users/user.events.js';
import type { EventSpec, PayloadOf } from './define.js';

const sets = [
  authEvents,
  userEvents,
  organisationEvents,
  groupEvents,
  needEvents,
  discussionEvents,
  notificationEvents,
  documentEvents,
  procurementEvents,
  dialogueEvents,
  decisionEvents,
  benefitEvents,
  contractEvents,
  calendarEvents,
  recordEvents,
] as const;

/** Every event the log holds, from the modules' declarations (one list of modules, no strings elsewhere). */
export const EVENTS = {
  ...authEvents,
  ...userEvents,
  ...organisationEvents,
  ...groupEvents,
  ...needEvents,
  ...discussionEvents,
  ...notificationEvents,
  ...documentEvents,
  ...procurementEvents,
  ...dialogueEvents,
  ...decisionEvents,
  ...benefitEvents,
  ...contractEvents,
  ...calendarEvents,
  ...recordEvents,
} as const;

if (sets.reduce((n, s) => n + Object.keys(s).length, 0) !== Object.keys(EVENTS).length) {
  throw new Error('Two modules declare the same event type.');
}

/*
 * A field name means one thing in every event: a client selects the data of many event types in one
 * query, and GraphQL refuses a selection where `provider` is String in one type and String! in
 * another. (So identity events' `provider` is optional, like user.activated's.)
 */
const kinds = new Map<string, string>();
for (const [type, spec] of Object.entries(EVENTS)) {
  for (const [field, kind] of Object.entries(spec.payload)) {
    const seen = kinds.get(field);
    if (seen && seen !== kind) throw new Error(`${type}.${field} is ${kind}, but ${seen} in another event.`);
    kinds.set(field, kind);
  }
}

export type EventType = keyof typeof EVENTS;
export type EventPayload<T extends EventType> = PayloadOf<(typeof EVENTS)[T]>;
/** The event types of one module's declarations, e.g. `TypesOf<typeof procurementEvents>`. */
export type TypesOf<S extends Record<string, EventSpec>> = keyof S & EventType;

export const EVENT_TYPES = Object.keys(EVENTS) as EventType[];

export const isEventType = (type: string): type is EventType => Object.hasOwn(EVENTS, type);

/** The spec of a stored event's type (rows written before a type was retired have none). */
export const specOf = (type: string): EventSpec | undefined => (isEventType(type) ? EVENTS[type] : undefined);

/**
 * What a registered supplier receives of a public event's payload: the fields its declaration
 * names in `supplier`, and no other. A field added to the payload reaches suppliers only once it is
 * declared for them; an event without a supplier list reaches them with an empty payload.
 */
export function supplierPayload(type: string, payload: Record<string, unknown>): Record<string, unknown> {
  const fields = specOf(type)?.supplier ?? [];
  return Object.fromEntries(fields.filter((f) => f in payload).map((f) => [f, payload[f]]));
}
