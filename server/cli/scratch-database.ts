import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dropDatabase, ensureDatabase, withDatabase } from '../database.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../embedded-postgres.js';
import type { Logger } from '../logger.js';

/**
 * A throwaway database for tools (migration generation and drift checks): on the server named by
 * TEST_DATABASE_URL when set, else on a temporary embedded cluster.
 */
export async function withScratchDatabase<T>(log: Logger, fn: (url: string) => Promise<T>): Promise<T> {
  let embedded: EmbeddedPostgres | undefined;
  let dir: string | undefined;
  let serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    dir = await mkdtemp(path.join(tmpdir(), 'samverka-scratch-'));
    embedded = await startEmbeddedPostgres({ dataDir: dir, log, settings: { fsync: 'off' } });
    serverUrl = embedded.url('postgres');
  }
  const name = `samverka_scratch_${randomBytes(4).toString('hex')}`;
  await ensureDatabase(serverUrl, name);
  try {
    return await fn(withDatabase(serverUrl, name));
  } finally {
    await dropDatabase(serverUrl, name).catch(() => undefined);
    await embedded?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}
