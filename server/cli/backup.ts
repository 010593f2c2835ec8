/**
 * Backs the application's data up, and restores it into a new database and DATA_DIR:
 *   npm run db:backup  -- [--out <dir>] [--method auto|pg_dump|copy]
 *   npm run db:restore -- <dir>
 * The database is the application's: DATABASE_URL, else the embedded PostgreSQL in DATA_DIR (joined
 * when a server has it running, and left running for it; started and stopped again otherwise).
 * What a backup holds and how each method works: server/backup/backup.ts and the README.
 */
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createBackup, restoreBackup, type BackupMethod } from '../backup/backup.js';
import { databaseExists, ensureDatabase, withDatabase } from '../database.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../embedded-postgres.js';
import { createLogger } from '../logger.js';
import { EMBEDDED_DATABASE } from './app-database.js';

const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
const usage = `usage: backup.ts backup [--out <dir>] [--method auto|pg_dump|copy]
       backup.ts restore <dir>`;

class UsageError extends Error {}

/** DATABASE_URL and DATA_DIR as the server reads them (server/config.ts), without the server's other settings. */
function environment() {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\/.+/.test(databaseUrl)) {
    throw new UsageError('DATABASE_URL: must be a postgres:// or postgresql:// URL');
  }
  return { databaseUrl, dataDir: path.resolve(process.env.DATA_DIR || '.data') };
}

/** The application's database URL; `create` makes it when missing (a restore's target). */
async function database(create: boolean): Promise<{ url: string; embedded?: EmbeddedPostgres }> {
  const { databaseUrl, dataDir } = environment();
  if (databaseUrl) {
    if (create) {
      const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
      // Needs the right to create databases; without it, the database must already exist.
      await ensureDatabase(databaseUrl, name).catch((err: Error) =>
        log.warn({ err: err.message }, 'could not make sure the target database exists; trying it as it is'),
      );
    }
    return { url: databaseUrl };
  }
  const nothing = new UsageError(`there is no Samverka database in ${dataDir} to back up`);
  if (!create && !existsSync(path.join(dataDir, 'pg', 'PG_VERSION'))) throw nothing;
  const embedded = await startEmbeddedPostgres({ dataDir, log });
  try {
    if (create) await ensureDatabase(embedded.url('postgres'), EMBEDDED_DATABASE);
    else if (!(await databaseExists(embedded.url('postgres'), EMBEDDED_DATABASE))) throw nothing;
  } catch (err) {
    await embedded.stop();
    throw err;
  }
  return { url: withDatabase(embedded.url('postgres'), EMBEDDED_DATABASE), embedded };
}

const stamp = () => new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);

async function backup(args: string[]) {
  const { values } = parseArgs({ args, options: { out: { type: 'string' }, method: { type: 'string' } } });
  const method = (values.method ?? 'auto') as 'auto' | BackupMethod;
  if (!['auto', 'pg_dump', 'copy'].includes(method)) throw new UsageError('--method: auto, pg_dump or copy');
  const out = path.resolve(values.out ?? path.join('backups', `samverka-${stamp()}`));
  const { dataDir } = environment();
  const { url, embedded } = await database(false);
  try {
    const manifest = await createBackup({ url, dataDir, out, method, log });
    const rows = manifest.database.tables.reduce((n, t) => n + t.rows, 0);
    console.log(
      `Backed up ${manifest.database.tables.length} tables (${rows} rows, ${manifest.database.method}, ` +
        `PostgreSQL ${manifest.database.serverVersion}) and ${manifest.files.length} files to ${out}`,
    );
  } finally {
    await embedded?.stop();
  }
}

async function restore(args: string[]) {
  const { positionals } = parseArgs({ args, allowPositionals: true });
  if (positionals.length !== 1) throw new UsageError(usage);
  const from = path.resolve(positionals[0]);
  const { dataDir } = environment();
  const { url, embedded } = await database(true);
  try {
    const manifest = await restoreBackup({ from, url, dataDir, log });
    const rows = manifest.database.tables.reduce((n, t) => n + t.rows, 0);
    console.log(
      `Restored ${manifest.database.tables.length} tables (${rows} rows, every table checked against the backup) ` +
        `and ${manifest.files.length} files into ${embedded ? `the embedded PostgreSQL in ${dataDir}` : 'DATABASE_URL'}` +
        ` and ${dataDir}. The next start applies any newer migrations.`,
    );
  } finally {
    await embedded?.stop();
  }
}

const [command, ...rest] = process.argv.slice(2);
const commands: Record<string, (args: string[]) => Promise<void>> = { backup, restore };
if (!commands[command]) {
  console.error(usage);
  process.exit(2);
}
commands[command](rest).catch((err: Error) => {
  console.error(err instanceof UsageError ? err.message : `${command} failed: ${err.message}`);
  process.exit(err instanceof UsageError ? 2 : 1);
});
