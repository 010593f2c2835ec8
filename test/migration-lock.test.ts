import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { migrations } from '../migrations/index.js';
import { dropDatabase, ensureDatabase, withDatabase } from '../server/database.js';
import { GraphQLClient } from './support/client.js';
import { ctrlC, errorLines, killEveryProcess, startServerProcess } from './support/processes.js';

/**
 * Two servers started at once on a new, empty database (DATABASE_URL), as real processes: the
 * migrations run once, under a PostgreSQL advisory lock, and both come up.
 */
const name = `samverka_migrate_${randomBytes(4).toString('hex')}`;
const url = withDatabase(inject('pgServerUrl'), name);
const dirs: string[] = [];

afterAll(async () => {
  killEveryProcess();
  await dropDatabase(inject('pgServerUrl'), name).catch(() => undefined);
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('migrations at start', { timeout: 300_000 }, () => {
  it('two instances started at once on a new database: one migrates, the other waits, both serve', async () => {
    await ensureDatabase(inject('pgServerUrl'), name);
    // The test holds the migration lock first: neither instance may touch the schema until it lets go.
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    await holder.query('SELECT pg_advisory_lock($1, $2)', [0x53616d76, 2]);

    const start = async () => {
      const dataDir = await mkdtemp(path.join(tmpdir(), 'samverka-migrate-'));
      dirs.push(dataDir);
      return startServerProcess({ DATABASE_URL: url, DATA_DIR: dataDir, SESSION_SECRET: 'x'.repeat(32) });
    };
    const both = Promise.all([start(), start()]);

    const waiting = await until('both instances to wait for the migration lock', async () => {
      const { rows } = await holder.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = $1 AND application_name = 'samverka-migrations'
            AND wait_event_type = 'Lock' AND wait_event = 'advisory'`,
        [name],
      );
      return rows[0].n === 2 ? rows[0].n : undefined;
    });
    expect(waiting).toBe(2);
    const { rows: before } = await holder.query<{ table: string | null }>(`SELECT to_regclass('migrations') AS table`);
    expect(before[0].table).toBeNull();

    await holder.query('SELECT pg_advisory_unlock($1, $2)', [0x53616d76, 2]);
    const servers = await both;

    const { rows } = await holder.query<{ name: string; times: number }>(
      `SELECT name, count(*)::int AS times FROM migrations GROUP BY name`,
    );
    expect(rows.map((r) => r.name).sort()).toEqual(migrations.map((m) => m.name).sort());
    expect(rows.every((r) => r.times === 1)).toBe(true);
    await holder.end();

    for (const s of servers) {
      expect(errorLines(s.output())).toEqual([]);
      const { signInProviders } = await new GraphQLClient(s.url).ok(`{ signInProviders { id } }`);
      expect(signInProviders).toEqual([]);
    }
    // One applied them all; the other found nothing left to apply.
    const applied = servers.map((s) => s.output().includes('"msg":"migrations applied"'));
    expect(applied.sort()).toEqual([false, true]);
    for (const s of servers) expect(await ctrlC(s)).toBe(0);
  });
});
