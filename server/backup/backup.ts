import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { migrations } from '../../migrations/index.js';
import { createDataSource, runMigrations } from '../database.js';
import type { Logger } from '../logger.js';
import { backupFiles, checkFilesFit, restoreFiles, sha256File, type FileEntry } from './files.js';
import { connectionFor, findPgTools, runTool } from './pg-tools.js';
import {
  copyIn,
  copyOut,
  listTables,
  loadOrder,
  readSequences,
  sumTables,
  useStableText,
  writeSequences,
  type SequenceValue,
  type TableSum,
} from './tables.js';

/**
 * A backup is one directory:
 *   manifest.json      what is in it, with a row count and checksum per table and a SHA-256 per file
 *   database.pgdump    pg_dump's custom format (method "pg_dump"), or
 *   database/*.copy.gz each table's rows as COPY text (method "copy")
 *   files/             DATA_DIR's files (server/backup/files.ts)
 * It is written as `<dir>.partial` and renamed when complete, so a directory under the final name
 * is always a whole backup.
 */
export type BackupMethod = 'pg_dump' | 'copy';

export interface Manifest {
  format: 'samverka-backup';
  version: 1;
  createdAt: string;
  database: {
    method: BackupMethod;
    /** The server it was taken from: `server_version`, and its major version. */
    serverVersion: string;
    serverMajor: number;
    /** `pg_dump --version` (method "pg_dump"). */
    tool?: string;
    /** The dump file (method "pg_dump") and its SHA-256. */
    dump?: { file: string; sha256: string };
    /** The migrations the database had, in the order they ran. */
    migrations: string[];
    /** Per table: rows and checksum; with method "copy" also its file, that file's SHA-256 and its columns. */
    tables: { name: string; rows: number; checksum: string; file?: string; sha256?: string; columns?: string[] }[];
    sequences: SequenceValue[];
  };
  files: FileEntry[];
}

async function serverVersion(client: pg.Client): Promise<{ version: string; major: number }> {
  const { rows } = await client.query<{ v: string; n: string }>(
    `SELECT current_setting('server_version') AS v, current_setting('server_version_num') AS n`,
  );
  return { version: rows[0].v, major: Math.floor(Number(rows[0].n) / 10000) };
}

async function connect(url: string, name: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: name });
  await client.connect();
  await useStableText(client);
  return client;
}

export interface BackupOptions {
  /** The database to back up. */
  url: string;
  /** DATA_DIR, whose files go along; undefined for none. */
  dataDir: string | undefined;
  /** The backup directory to write; must not exist. */
  out: string;
  /** "auto": pg_dump when one of the server's major version is found, else COPY. */
  method: 'auto' | BackupMethod;
  log: Logger;
}

export async function createBackup(o: BackupOptions): Promise<Manifest> {
  const out = path.resolve(o.out);
  const partial = `${out}.partial`;
  if (existsSync(out)) throw new Error(`${out} already exists; name a new directory`);
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true, mode: 0o700 });

  const client = await connect(o.url, 'samverka-backup');
  try {
    const server = await serverVersion(client);
    const tools = o.method === 'copy' ? undefined : await findPgTools(server.major);
    if (o.method === 'pg_dump' && !tools) {
      throw new Error(
        `no pg_dump of PostgreSQL ${server.major} found (set PG_BIN_DIR to its directory), or use --method copy`,
      );
    }
    const method: BackupMethod = tools ? 'pg_dump' : 'copy';
    o.log.info({ method, server: server.version, tool: tools?.version }, 'backing up');

    // One snapshot for everything read: pg_dump imports it, so the checksums describe the dump.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const known = await client.query<{ name: string }>(`SELECT name FROM migrations ORDER BY id`).catch(() => {
      throw new Error('this database has no migrations table: it is not a Samverka database');
    });
    const tables = await listTables(client);
    const sequences = await readSequences(client);
    const manifestTables: Manifest['database']['tables'] = [];
    let dump: Manifest['database']['dump'];
    if (tools) {
      const { rows } = await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id');
      const { dbname, env } = connectionFor(o.url);
      const file = path.join(partial, 'database.pgdump');
      const dumping = runTool(
        tools.pgDump,
        ['--format=custom', `--snapshot=${rows[0].id}`, `--file=${file}`, `--dbname=${dbname}`],
        env,
      );
      // The exporting transaction must stay open while pg_dump starts; sum the tables meanwhile.
      const [sums] = await Promise.all([sumTables(client, tables), dumping]);
      for (const t of tables) manifestTables.push({ name: t.name, ...sums[t.name] });
      dump = { file: 'database.pgdump', sha256: await sha256File(file) };
    } else {
      await mkdir(path.join(partial, 'database'));
      for (const [i, t] of tables.entries()) {
        const file = `database/${String(i).padStart(3, '0')}-${t.name}.copy.gz`;
        const sum: TableSum = await copyOut(client, t, path.join(partial, file));
        const sha256 = await sha256File(path.join(partial, file));
        manifestTables.push({ name: t.name, ...sum, file, sha256, columns: t.columns });
      }
    }
    await client.query('COMMIT');

    const files = o.dataDir ? await backupFiles(o.dataDir, path.join(partial, 'files'), [out, partial]) : [];
    const manifest: Manifest = {
      format: 'samverka-backup',
      version: 1,
      createdAt: new Date().toISOString(),
      database: {
        method,
        serverVersion: server.version,
        serverMajor: server.major,
        ...(tools ? { tool: tools.version, dump } : {}),
        migrations: known.rows.map((r) => r.name),
        tables: manifestTables,
        sequences,
      },
      files,
    };
    await writeFile(path.join(partial, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    await rename(partial, out);
    return manifest;
  } catch (err) {
    await rm(partial, { recursive: true, force: true });
    throw err;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function readManifest(dir: string): Promise<Manifest> {
  const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
  if (manifest.format !== 'samverka-backup' || manifest.version !== 1) {
    throw new Error(`${dir} is not a Samverka backup (version 1)`);
  }
  return manifest;
}

async function assertEmpty(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
        AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')`,
  );
  if (rows[0].n) throw new Error('the target database is not empty: restore into a new, empty database');
}

/** Every table's rows as the manifest says; throws naming the tables that differ. */
async function verify(client: pg.Client, manifest: Manifest): Promise<void> {
  const sums = await sumTables(client, await listTables(client));
  const wrong = manifest.database.tables
    .filter((t) => sums[t.name]?.rows !== t.rows || sums[t.name]?.checksum !== t.checksum)
    .map((t) => `${t.name} (${sums[t.name]?.rows ?? 'missing'} rows, ${t.rows} in the backup)`);
  if (wrong.length) throw new Error(`the restored rows differ from the backup in: ${wrong.join(', ')}`);
}

export interface RestoreOptions {
  /** The backup directory. */
  from: string;
  /** An empty database to restore into. */
  url: string;
  /** DATA_DIR to put the files in; undefined to leave them out. */
  dataDir: string | undefined;
  log: Logger;
}

export async function restoreBackup(o: RestoreOptions): Promise<Manifest> {
  const from = path.resolve(o.from);
  const manifest = await readManifest(from);
  const db = manifest.database;
  if (o.dataDir) await checkFilesFit(manifest.files, path.join(from, 'files'), o.dataDir);

  const client = await connect(o.url, 'samverka-restore');
  try {
    await assertEmpty(client);
    const target = await serverVersion(client);
    if (db.method === 'pg_dump') {
      const dump = path.join(from, db.dump!.file);
      if ((await sha256File(dump)) !== db.dump!.sha256) throw new Error(`${dump} is damaged (checksum differs)`);
      const tools = await findPgTools(target.major);
      if (!tools || tools.major < db.serverMajor) {
        throw new Error(
          `restoring this pg_dump backup needs pg_restore of PostgreSQL ${target.major} (the target's version, ` +
            `at least ${db.serverMajor}); set PG_BIN_DIR, or take the backup with --method copy`,
        );
      }
      const { dbname, env } = connectionFor(o.url);
      // Owners and grants of the old server mean nothing here: the restoring user owns it all.
      await runTool(
        tools.pgRestore,
        ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${dbname}`, dump],
        env,
      );
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await verify(client, manifest);
      await client.query('COMMIT');
    } else {
      await restoreCopies(client, from, manifest, o);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
  if (o.dataDir) await restoreFiles(manifest.files, path.join(from, 'files'), o.dataDir);
  return manifest;
}

/**
 * The schema comes from this code's own migrations, up to the backup's last one (a newer Samverka
 * applies its later migrations at its next start, on the restored rows); then every table is
 * emptied of what the migrations put in, loaded, its sequences set, and checked, in one transaction.
 */
async function restoreCopies(client: pg.Client, from: string, manifest: Manifest, o: RestoreOptions): Promise<void> {
  const names = migrations.map((m) => m.name);
  const had = manifest.database.migrations;
  const unknown = had.filter((name, i) => names[i] !== name);
  if (unknown.length) {
    throw new Error(
      `this backup's database has migrations this version of Samverka does not have, or in another order ` +
        `(${unknown.slice(0, 3).join(', ')}): restore it with the version that took it`,
    );
  }
  // Checked before anything is written, so a damaged backup leaves the target as it was.
  for (const t of manifest.database.tables) {
    if ((await sha256File(path.join(from, t.file!))) !== t.sha256) {
      throw new Error(`${t.file} is damaged (checksum differs)`);
    }
  }
  const schema = createDataSource({ url: o.url, log: o.log, poolSize: 2, migrations: migrations.slice(0, had.length) });
  await schema.initialize();
  try {
    await runMigrations(schema, o.url, o.log);
  } finally {
    await schema.destroy();
  }

  const tables = await listTables(client);
  const byName = new Map(tables.map((t) => [t.name, t]));
  const missing = manifest.database.tables.filter((t) => !byName.has(t.name)).map((t) => t.name);
  if (missing.length) throw new Error(`the migrated schema has no table for: ${missing.join(', ')}`);
  await client.query('BEGIN');
  try {
    await client.query(`TRUNCATE ${tables.map((t) => client.escapeIdentifier(t.name)).join(', ')}`);
    const saved = new Map(manifest.database.tables.map((t) => [t.name, t]));
    for (const name of await loadOrder(client, [...saved.keys()])) {
      const t = saved.get(name)!;
      await copyIn(client, { name, columns: t.columns! }, path.join(from, t.file!));
    }
    await writeSequences(client, manifest.database.sequences);
    await verify(client, manifest);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
