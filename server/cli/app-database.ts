import type { DataSource } from 'typeorm';
import type { Config } from '../config.js';
import { createDataSource, ensureDatabase, runMigrations, withDatabase } from '../database.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../embedded-postgres.js';
import type { Logger } from '../logger.js';
import { seedDemo } from './seed.js';

/** The embedded cluster's database, as `npm start` names it (server/main.ts). */
export const EMBEDDED_DATABASE = 'samverka';

export interface AppDatabase {
  db: DataSource;
  /** Where it is, for messages. */
  where: string;
  close(): Promise<void>;
}

/**
 * For tools that work on the application's own database, the one `npm start` uses: DATABASE_URL,
 * else the embedded PostgreSQL in DATA_DIR (joined when a running server already has it up, and
 * then left running for it: the last process using it stops it). Pending migrations are applied first, as at start; a new embedded database
 * gets the demo data, as `npm start` would have given it.
 */
export async function openAppDatabase(config: Config, log: Logger): Promise<AppDatabase> {
  let embedded: EmbeddedPostgres | undefined;
  let url = config.databaseUrl;
  let created = false;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, log });
    created = await ensureDatabase(embedded.url('postgres'), EMBEDDED_DATABASE);
    url = withDatabase(embedded.url('postgres'), EMBEDDED_DATABASE);
  }
  const stopEmbedded = async () => {
    await embedded?.stop();
  };
  const db = createDataSource({ url, log, poolSize: 2 });
  try {
    await db.initialize();
    await runMigrations(db, url, log);
    if (created) await seedDemo(db, config, log);
  } catch (err) {
    if (db.isInitialized) await db.destroy();
    await stopEmbedded();
    throw err;
  }
  return {
    db,
    where: embedded ? `the embedded PostgreSQL in ${config.dataDir}` : 'DATABASE_URL',
    async close() {
      await db.destroy();
      await stopEmbedded();
    },
  };
}
