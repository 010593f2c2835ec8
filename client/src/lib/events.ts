import type { introspection_types } from '../graphql-env.d.ts';

/**
 * What happened, as the API's `EventType` enum names it (NEED_CREATED for need.created), from the
 * types `npm run client:types` generates from the schema. The tables below and the `eventKind`
 * labels in the locale files are mapped over it, so an event type the client has not been taught
 * fails the type check.
 */
export type EventType = introspection_types['EventType']['enumValues'];

/** The parts of the interface an event may change; a screen refetches on the topics it shows. */
export type Topic =
  | 'group'
  | 'memberships'
  | 'guests'
  | 'needs'
  | 'threads'
  | 'messages'
  | 'reactions'
  | 'reads'
  | 'notifications'
  | 'documents'
  | 'procurement'
  | 'participants'
  | 'lots'
  | 'mandates'
  | 'milestones'
  | 'dialogue'
  | 'questions'
  | 'slots'
  | 'decisions'
  | 'benefits'
  | 'contracts'
  | 'organisation'
  | 'users'
  | 'sessions'
  | 'records';

/** What each kind of event changes: one entry per value of the enum (a missing one fails the type check). */
export const EVENT_TOPIC = {
  ANSWER_REVISED: 'questions',
  AWARD_MADE: 'contracts',
  AWARD_NOTIFIED: 'contracts',
  CALLOFF_UPDATED: 'contracts',
  CONTRACT_SIGNED: 'contracts',
  // A person's own calendar feed: as private as their sessions.
  CALENDAR_FEED_CREATED: 'sessions',
  CALENDAR_FEED_REVOKED: 'sessions',
  BENEFIT_INDICATOR_ADDED: 'benefits',
  BENEFIT_MEASURED: 'benefits',
  DECISION_CLOSED: 'decisions',
  DECISION_OPENED: 'decisions',
  DECISION_VOTED: 'decisions',
  DIALOGUE_NOTICE_UPDATED: 'dialogue',
  DIALOGUE_PUBLISHED: 'dialogue',
  DIALOGUE_REGISTERED: 'dialogue',
  DOCUMENT_CREATED: 'documents',
  DOCUMENT_DELETED: 'documents',
  DOCUMENT_RENAMED: 'documents',
  DOCUMENT_UPDATED: 'documents',
  DOCUMENT_VERSION_ADDED: 'documents',
  DOCUMENT_VISIBILITY_CHANGED: 'documents',
  GROUP_CREATED: 'group',
  GROUP_UPDATED: 'group',
  GUEST_CHANGED: 'guests',
  // An authority's interest is part of the need it is in.
  INTEREST_REMOVED: 'needs',
  INTEREST_SET: 'needs',
  LOT_ADDED: 'lots',
  TENDER_ASSESSED: 'contracts',
  TENDER_RECEIVED: 'contracts',
  LOT_REMOVED: 'lots',
  LOT_UPDATED: 'lots',
  LOT_VALUE_SET: 'lots',
  MANDATE_SIGNED: 'mandates',
  MANDATE_WITHDRAWN: 'mandates',
  MEMBERSHIP_CHANGED: 'memberships',
  MESSAGE_DELETED: 'messages',
  MESSAGE_EDITED: 'messages',
  MESSAGE_POSTED: 'messages',
  MILESTONE_COMPLETED: 'milestones',
  MILESTONE_REMOVED: 'milestones',
  MILESTONE_SET: 'milestones',
  NEED_CREATED: 'needs',
  NEED_STATUS_CHANGED: 'needs',
  NEED_UPDATED: 'needs',
  NOTIFICATION_CREATED: 'notifications',
  NOTIFICATION_READ: 'notifications',
  ORGANISATION_ACCESS_CHANGED: 'organisation',
  ORGANISATION_DETAILS_CHANGED: 'organisation',
  PARTICIPANT_ADDED: 'participants',
  PARTICIPANT_REMOVED: 'participants',
  PROCUREMENT_CREATED: 'procurement',
  PROCUREMENT_PHASE_CHANGED: 'procurement',
  PROCUREMENT_UPDATED: 'procurement',
  QUESTION_ANSWERED: 'questions',
  QUESTION_ASKED: 'questions',
  QUESTION_WITHDRAWN: 'questions',
  REACTION_CHANGED: 'reactions',
  READ_UPDATED: 'reads',
  RECORD_CHANGED: 'records',
  RECORD_MARKED: 'records',
  SESSION_REVOKED: 'sessions',
  SLOTS_OPENED: 'slots',
  SLOT_BOOKED: 'slots',
  SLOT_FREED: 'slots',
  SLOT_REMOVED: 'slots',
  THREAD_CREATED: 'threads',
  USER_ACTIVATED: 'users',
  USER_APPROVAL_REQUESTED: 'users',
  USER_APPROVED: 'users',
  USER_DECLINED: 'users',
  USER_IDENTITY_LINKED: 'users',
  USER_IDENTITY_UNLINKED: 'users',
  USER_REINSTATED: 'users',
  USER_ROLE_CHANGED: 'users',
  USER_DELETED: 'users',
  USER_SUSPENDED: 'users',
  USER_UPDATED: 'users',
} as const satisfies Record<EventType, Topic>;

/** Whether a string is an event kind this client knows (one the server added since may not be). */
export const isEventType = (v: string): v is EventType => Object.hasOwn(EVENT_TOPIC, v);

/**
 * The kind of a log entry that names only its dotted type (procurement.phase_changed →
 * PROCUREMENT_PHASE_CHANGED, the server's rule for the enum); null for a type this client does not
 * know (a newer server's, or a retired one).
 */
export function kindOfType(type: string): EventType | null {
  const kind = type.replace('.', '_').toUpperCase();
  return isEventType(kind) ? kind : null;
}

type Pascal<S extends string> = S extends `${infer H}_${infer T}`
  ? `${Capitalize<Lowercase<H>>}${Pascal<T>}`
  : Capitalize<Lowercase<S>>;

/** The GraphQL type of a kind's data: NEED_STATUS_CHANGED → NeedStatusChangedData. */
export type DataTypename<K extends EventType> = `${Pascal<K>}Data`;

const dataTypename = <K extends EventType>(kind: K) =>
  (kind.toLowerCase().replace(/(?:^|_)([a-z])/g, (_, c: string) => c.toUpperCase()) + 'Data') as DataTypename<K>;

/**
 * An event's data as the kind says it is, or null for an event of another kind: the selection's
 * `data { __typename ... on XData { … } }` narrowed to the one type (checked by its __typename).
 */
export function dataOf<D extends { __typename: string }, K extends EventType>(
  e: { kind: string; data: D | null },
  kind: K,
): Extract<D, { __typename: DataTypename<K> }> | null {
  return e.kind === kind && e.data?.__typename === dataTypename(kind)
    ? (e.data as Extract<D, { __typename: DataTypename<K> }>)
    : null;
}

// A kind's data read from a log entry's JSON payload (the history has no `data` field): the fields
// of the schema's `<Name>Data` type, typed from the generated introspection.
type Types = introspection_types;
type Scalar<N> = N extends 'Int' | 'Float' ? number : N extends 'Boolean' ? boolean : string;
type Field<T> = T extends { kind: 'NON_NULL'; ofType: infer O } ? Value<O> : Value<T> | null | undefined;
type Value<T> = T extends { kind: 'LIST'; ofType: infer O }
  ? Field<O>[]
  : T extends { kind: 'SCALAR' | 'ENUM'; name: infer N }
    ? Scalar<N>
    : unknown;
type Fields<N> = N extends keyof Types ? (Types[N] extends { fields: infer F } ? F : never) : never;

/** The facts of an event of kind K, as its payload holds them (`type` is the data's own, not the payload's). */
export type DataOf<K extends EventType> = {
  [F in Exclude<keyof Fields<DataTypename<K>>, 'type'>]: Fields<DataTypename<K>>[F] extends { type: infer T }
    ? Field<T>
    : never;
};
