import DataLoader from 'dataloader';
import { In, type DataSource, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { Organisation } from './modules/organisations/organisation.entity.js';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Per-request DataLoaders. Modules ask for their own batch loaders by key (`get`), so this file
 * does not need to know every feature; `byId` covers the common "load rows by primary key".
 */
export class Loaders {
  private readonly cache = new Map<string, DataLoader<unknown, unknown>>();

  constructor(readonly db: DataSource) {}

  get<K, V>(key: string, create: () => DataLoader<K, V>): DataLoader<K, V> {
    let loader = this.cache.get(key);
    if (!loader) {
      loader = create() as DataLoader<unknown, unknown>;
      this.cache.set(key, loader);
    }
    return loader as DataLoader<K, V>;
  }

  byId<T extends ObjectLiteral & { id: string }>(entity: EntityTarget<T>, name: string): DataLoader<string, T | null> {
    return this.get(
      `byId:${name}`,
      () =>
        new DataLoader<string, T | null>(async (ids) => {
          // Ids that are not UUIDs cannot exist; asking PostgreSQL would be a type error.
          const valid = ids.filter((id) => UUID.test(id));
          const rows = valid.length ? await this.db.getRepository(entity).findBy({ id: In(valid) } as never) : [];
          const byId = new Map(rows.map((r) => [r.id, r]));
          return ids.map((id) => byId.get(id) ?? null);
        }),
    );
  }

  /**
   * The rows of one parent, batched with the other parents asked for in the same tick: `load`
   * reads the rows of all of them in one statement, `parentOf` tells which parent a row is of.
   */
  children<T>(
    name: string,
    parentOf: (row: T) => string,
    load: (parentIds: string[]) => Promise<T[]>,
    parentId: string,
  ): Promise<T[]> {
    return this.get(
      `children:${name}`,
      () =>
        new DataLoader<string, T[]>(async (ids) => {
          const rows = await load([...ids]);
          return ids.map((id) => rows.filter((r) => parentOf(r) === id));
        }),
    ).load(parentId);
  }

  get organisation(): DataLoader<string, Organisation | null> {
    return this.byId(Organisation, 'Organisation');
  }
}

/** One row by primary key, or null (also for an id that is not a UUID, which cannot exist). */
export async function findById<T extends ObjectLiteral & { id: string }>(
  db: DataSource | EntityManager,
  entity: EntityTarget<T>,
  id: string,
): Promise<T | null> {
  return UUID.test(id) ? db.getRepository(entity).findOneBy({ id } as never) : null;
}
