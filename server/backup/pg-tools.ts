import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { embeddedBinDir } from '../embedded-postgres.js';

const execFileAsync = promisify(execFile);

/** A pg_dump and pg_restore of one PostgreSQL version, in one directory. */
export interface PgTools {
  dir: string;
  /** `pg_dump --version`, e.g. "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)". */
  version: string;
  major: number;
  pgDump: string;
  pgRestore: string;
}

/**
 * Where pg_dump and pg_restore may be, in the order they are tried: PG_BIN_DIR when set, the
 * embedded PostgreSQL's own programs (the `embedded-postgres` packages ship only initdb, pg_ctl and
 * postgres today, but a later one may ship more), PATH, then the usual places of each packaging.
 */
async function candidateDirs(major: number): Promise<string[]> {
  const dirs = [
    process.env.PG_BIN_DIR,
    await embeddedBinDir().catch(() => undefined),
    ...(process.env.PATH ?? '').split(path.delimiter),
    `/usr/lib/postgresql/${major}/bin`,
    `/usr/pgsql-${major}/bin`,
    `/opt/homebrew/opt/postgresql@${major}/bin`,
    `/usr/local/opt/postgresql@${major}/bin`,
  ];
  return [...new Set(dirs.filter((d): d is string => !!d))];
}

async function toolsIn(dir: string): Promise<PgTools | undefined> {
  const pgDump = path.join(dir, 'pg_dump');
  const pgRestore = path.join(dir, 'pg_restore');
  if (!existsSync(pgDump) || !existsSync(pgRestore)) return undefined;
  const version = await execFileAsync(pgDump, ['--version']).then(
    (r) => r.stdout.trim(),
    () => '',
  );
  const m = /\(PostgreSQL\) (\d+)/.exec(version);
  return m ? { dir, version, major: Number(m[1]), pgDump, pgRestore } : undefined;
}

/**
 * pg_dump and pg_restore of exactly this major version: a dump is read back by a pg_restore at
 * least as new as the pg_dump that wrote it, and pg_dump refuses a server newer than itself.
 */
export async function findPgTools(major: number): Promise<PgTools | undefined> {
  for (const dir of await candidateDirs(major)) {
    const tools = await toolsIn(dir);
    if (tools?.major === major) return tools;
  }
  return undefined;
}

/**
 * The arguments and environment that point a PostgreSQL program at a database URL: the password
 * goes in PGPASSWORD, not on the command line, where every user of the machine could read it.
 */
export function connectionFor(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { dbname: u.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

/** Runs a PostgreSQL program to its end; rejects with what it wrote to stderr. */
export function runTool(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(cmd)} exited with ${code}: ${err.trim()}`)),
    );
  });
}
