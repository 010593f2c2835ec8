import pg from 'pg';
import { DataSource, type Logger as TypeOrmLogger, type Migration, type MigrationInterface } from 'typeorm';
import type { Logger } from './logger.js';
import { entities } from './entities.js';
import { migrations } from '../migrations/index.js';
import { requestScope } from './request-scope.js';

// DATE columns (e.g. a need's wanted start) stay 'YYYY-MM-DD' strings: the default parser turns
// them into midnight in the server's time zone, which shifts the day for clients elsewhere.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
// bigint counts (COUNT(*)) fit in a double for every count this product produces.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/** Counts statements per request (for the N+1 tests) and logs failures and slow queries. */
class SqlLogger implements TypeOrmLogger {
  constructor(private readonly logger: Logger) {}
  logQuery(): void {
    const scope = requestScope.getStore();
    if (scope) scope.sqlStatements += 1;
  }
  logQueryError(error: string | Error, query: string): void {
    this.logger.debug({ err: error, query }, 'query failed');
  }
  logQuerySlow(time: number, query: string): void {
    this.logger.warn({ ms: time, query }, 'slow query');
  }
  logSchemaBuild(message: string): void {
    this.logger.debug(message);
  }
  logMigration(message: string): void {
    this.logger.info(message);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn({ message }, 'typeorm');
    else this.logger.debug({ message }, 'typeorm');
  }
}

export interface DataSourceOptions {
  url: string;
  log: Logger;
  poolSize?: number;
  /** The migrations it knows; all of them unless a restore stops at an older backup's head. */
  migrations?: (new () => MigrationInterface)[];
}

/** The one DataSource definition, used by the app, the CLI scripts and the tests. */
export function createDataSource({
  url,
  log,
  poolSize = 10,
  migrations: known = migrations,
}: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations: known,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+; no extension to install.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    logging: true,
    logger: new SqlLogger(log),
    maxQueryExecutionTime: 500,
    poolSize,
    extra: { application_name: 'samverka' },
  });
}

/**
 * Taken on a connection of its own while migrations run, so that instances starting together on a
 * new database migrate one after the other: the first applies them, the next finds nothing to do.
 * TypeORM takes no lock of its own. ('Samv', 2; advisory locks are per database.)
 */
const MIGRATION_LOCK = [0x53616d76, 2] as const;

/** Applies pending migrations (each in its own transaction) under MIGRATION_LOCK. */
export async function runMigrations(db: DataSource, url: string, log: Logger): Promise<Migration[]> {
  const lock = new pg.Client({ connectionString: url, application_name: 'samverka-migrations' });
  await lock.connect();
  try {
    const { rows } = await lock.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [
      ...MIGRATION_LOCK,
    ]);
    if (!rows[0].ok) {
      log.info('another instance is migrating this database; waiting for it');
      await lock.query('SELECT pg_advisory_lock($1, $2)', [...MIGRATION_LOCK]);
    }
    const applied = await db.runMigrations({ transaction: 'each' });
    if (applied.length) log.info({ migrations: applied.map((m) => m.name) }, 'migrations applied');
    return applied;
  } finally {
    // Closing the session releases the lock too, also when the migrations failed.
    await lock.end().catch(() => undefined);
  }
}

/** The same server URL with another database name. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function adminQuery<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function databaseExists(url: string, name: string): Promise<boolean> {
  return adminQuery(url, async (client) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return !!rowCount;
  });
}

/** Creates the database unless it exists; true when it was created. */
export async function ensureDatabase(url: string, name: string, template?: string): Promise<boolean> {
  return adminQuery(url, async (client) => {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount) return false;
    const from = template ? ` TEMPLATE ${client.escapeIdentifier(template)}` : '';
    try {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}${from}`);
    } catch (err) {
      // Another process created it between the look and the CREATE (two instances starting at
      // once): 42P04 duplicate_database, or 23505 from the catalog's unique index.
      if (['42P04', '23505'].includes((err as { code?: string }).code ?? '')) return false;
      throw err;
    }
    return true;
  });
}

export async function dropDatabase(url: string, name: string): Promise<void> {
  await adminQuery(url, (client) =>
    client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`),
  );
}
