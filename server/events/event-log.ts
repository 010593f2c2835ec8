import type { DataSource, EntityManager } from 'typeorm';
import type { EventRecord } from './event.entity.js';

export interface NewEvent {
  scopeType: 'group' | 'need' | 'thread' | 'user' | 'procurement';
  scopeId: string;
  /** The group whose active members may see it; null for a user's own events. */
  groupId: string | null;
  type: string;
  actor?: { userId: string; organisationId: string } | null;
  payload?: Record<string, unknown>;
  /** Also delivered to the registered suppliers of the procurement (see EventRecord.public). */
  public?: boolean;
}

/** Appends one event in the caller's transaction; the id is assigned by `record_event()`. */
export async function recordEvent(em: EntityManager, e: NewEvent): Promise<number> {
  const [row] = (await em.query('SELECT record_event($1, $2, $3, $4, $5, $6, $7, $8) AS id', [
    e.scopeType,
    e.scopeId,
    e.groupId,
    e.type,
    e.actor?.userId ?? null,
    e.actor?.organisationId ?? null,
    JSON.stringify(e.payload ?? {}),
    e.public ?? false,
  ])) as { id: number }[];
  return Number(row.id);
}

export type RecordEvent = (e: NewEvent) => Promise<number>;

/** Something to wake after a commit that wrote events (the bus). */
export interface Poke {
  poke(): void;
}

/**
 * Transactions that write events. The bus is poked after commit, never inside the transaction:
 * a NOTIFY in every write transaction would serialise all commits.
 */
export class EventWriter {
  constructor(
    private readonly db: DataSource,
    private readonly bus: Poke,
  ) {}

  async transaction<T>(fn: (em: EntityManager, record: RecordEvent) => Promise<T>): Promise<T> {
    let wrote = false;
    const result = await this.db.transaction((em) =>
      fn(em, (e) => {
        wrote = true;
        return recordEvent(em, e);
      }),
    );
    if (wrote) this.bus.poke();
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
