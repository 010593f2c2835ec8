import type { DataSource, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';

/**
 * Entities read with SQL written once, for the few reads that run for every socket that connects
 * (its session, the thread it subscribes to with its group, the membership): a query builder
 * builds its SQL again on every call and hydrates through a general transformer, and with
 * thousands of sockets connecting at once that was a fifth of the server's CPU (the benchmark's
 * profile). The columns and their conversions are TypeORM's own metadata, as the query builder
 * would use them: what an entity declares is what these read.
 */
export class EntityRows<T extends ObjectLiteral> {
  private known?: { metadata: EntityMetadata; columns: ColumnMetadata[]; select: string };

  constructor(
    private readonly db: DataSource,
    private readonly target: EntityTarget<T>,
    /** The table's alias in the SQL, and the prefix of its columns in the rows. */
    readonly alias: string,
  ) {}

  /** Taken from the DataSource on first use (its metadata is built when it initialises). */
  private get meta() {
    if (this.known) return this.known;
    const metadata = this.db.getMetadata(this.target);
    // The columns a query builder would select (not relation-only, virtual or `select: false` ones).
    const columns = metadata.columns.filter((c) => !c.isVirtual && !c.isVirtualProperty && c.isSelect);
    const select = columns.map((c) => `"${this.alias}"."${c.databaseName}" AS "${this.key(c)}"`).join(', ');
    return (this.known = { metadata, columns, select });
  }

  /** `<table> <alias>`, for FROM and JOIN. */
  get table(): string {
    return `"${this.meta.metadata.tablePath}" "${this.alias}"`;
  }

  /** The select list: each column as `<alias>_<column>`. */
  get select(): string {
    return this.meta.select;
  }

  /** The entity in a row read with `select`, converted as TypeORM converts what it reads. */
  from(row: Record<string, unknown>): T {
    const { metadata, columns } = this.meta;
    const entity = metadata.create(undefined, { fromDeserializer: true }) as T;
    for (const c of columns) {
      const value = row[this.key(c)];
      if (value !== undefined) c.setEntityValue(entity, this.db.driver.prepareHydratedValue(value, c));
    }
    return entity;
  }

  private key(c: ColumnMetadata): string {
    return `${this.alias}_${c.databaseName}`;
  }
}
