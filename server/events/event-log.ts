import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { EVENTS, type EventPayload, type EventType } from './catalogue.js';
import { payloadProblems } from './define.js';
import type { EventRecord } from './event.entity.js';

export interface EventBase {
  scopeType: 'group' | 'need' | 'thread' | 'user' | 'procurement';
  scopeId: string;
  /** The group whose active members may see it; null for a user's own events. */
  groupId: string | null;
  actor?: { userId: string; organisationId: string } | null;
  /** Also delivered to the registered suppliers of the procurement (see EventRecord.public). */
  public?: boolean;
}

/**
 * An event to append: its `type` is one the modules declare, and its payload has that
 * declaration's shape (server/events/catalogue.ts), so a service cannot write an event the schema,
 * the history and the client do not know.
 */
export type NewEvent = {
  // An event whose payload has no required field may leave `payload` out.
  [T in EventType]: EventBase & { type: T } & (Record<string, never> extends EventPayload<T>
      ? { payload?: EventPayload<T> }
      : { payload: EventPayload<T> });
}[EventType];

/** The actor columns of an event written by `actor` (null for the system). */
export const eventActor = (actor: Actor | null): EventBase['actor'] =>
  actor ? { userId: actor.user.id, organisationId: actor.organisation.id } : null;

/** The payload of event `T` without the fields a scope's helper fills in itself (`procurementId` ...). */
export type PayloadWithout<T extends EventType, K extends string> = Omit<EventPayload<T>, K>;

/**
 * A typed event from a scope helper (procurementEvent, threadEvent ...): the caller's literal
 * `type` picks the payload shape it must give. The cast is the one place where a generic type
 * meets the union of all events.
 */
export function newEvent<T extends EventType>(type: T, base: EventBase, payload: EventPayload<T>): NewEvent {
  return { ...base, type, payload } as unknown as NewEvent;
}

/** The payload problems of an event (its declaration's shape), as one error: nothing undeclared is written. */
export function checkEvent(e: NewEvent): void {
  // The types keep services to the declarations; this keeps a cast or a spread from slipping past
  // them: an event the schema could not serve (`Event.data`) is never written.
  const problems = payloadProblems(EVENTS[e.type], e.payload ?? {});
  if (problems.length) throw new Error(`Event ${e.type}: ${problems.join('; ')}.`);
}

/**
 * The event as it will read from the log once committed, from what `record_event()` and the
 * statement that called it returned: the id, the transaction's timestamp (the row's `created_at`,
 * at its precision) and the payload as PostgreSQL stored it (jsonb orders keys its own way).
 */
export function recordedEvent(e: NewEvent, row: { id: number | string; created_at: Date; payload: unknown }) {
  return eventFromRow({
    id: row.id,
    scope_type: e.scopeType,
    scope_id: e.scopeId,
    group_id: e.groupId,
    type: e.type,
    public: e.public ?? false,
    actor_user_id: e.actor?.userId ?? null,
    actor_organisation_id: e.actor?.organisationId ?? null,
    payload: row.payload,
    created_at: row.created_at,
  });
}

/** Appends one event in the caller's transaction; the id is assigned by `record_event()`. */
export async function recordEvent(em: EntityManager, e: NewEvent): Promise<EventRecord> {
  checkEvent(e);
  const [row] = (await em.query(
    `SELECT record_event($1, $2, $3, $4, $5, $6, $7, $8) AS id, $7::jsonb AS payload, now()::timestamptz(3) AS created_at`,
    [
      e.scopeType,
      e.scopeId,
      e.groupId,
      e.type,
      e.actor?.userId ?? null,
      e.actor?.organisationId ?? null,
      JSON.stringify(e.payload ?? {}),
      e.public ?? false,
    ],
  )) as { id: number; payload: unknown; created_at: Date }[];
  return recordedEvent(e, row);
}

export type RecordEvent = (e: NewEvent) => Promise<number>;

/** Where committed events go (the bus): delivered here from memory and announced to other instances. */
export interface Publish {
  publish(events: EventRecord[]): void;
}

/**
 * Transactions that write events. The events are handed to the bus after commit, never inside the
 * transaction: a NOTIFY in every write transaction would serialise all commits.
 */
export class EventWriter {
  constructor(
    private readonly db: DataSource,
    private readonly bus: Publish,
  ) {}

  async transaction<T>(fn: (em: EntityManager, record: RecordEvent) => Promise<T>): Promise<T> {
    const written: EventRecord[] = [];
    const result = await this.db.transaction((em) =>
      fn(em, async (e) => {
        const event = await recordEvent(em, e);
        written.push(event);
        return event.id;
      }),
    );
    this.bus.publish(written);
    return result;
  }

  /**
   * One statement that writes and records its events itself (it calls `record_event()`; build the
   * events with `checkEvent` and `recordedEvent`), run without a transaction block: a single
   * statement commits or fails as a whole on its own, and BEGIN and COMMIT are two round trips
   * saved. `run` returns its result and the events it committed.
   */
  async statement<T>(run: (db: DataSource) => Promise<{ result: T; events: EventRecord[] }>): Promise<T> {
    const { result, events } = await run(this.db);
    this.bus.publish(events);
    return result;
  }
}

/** Maps a raw `event` row (snake_case) to the entity shape. */
export function eventFromRow(r: any): EventRecord {
  return {
    id: Number(r.id),
    scopeType: r.scope_type,
    scopeId: r.scope_id,
    groupId: r.group_id,
    type: r.type,
    public: r.public === true,
    actorUserId: r.actor_user_id,
    actorOrganisationId: r.actor_organisation_id,
    payload: r.payload ?? {},
    createdAt: r.created_at instanceof Date ? r.created_at : new Date(r.created_at),
  };
}
