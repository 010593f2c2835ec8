import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { createDataSource, dropDatabase, ensureDatabase, runMigrations, withDatabase } from '../../server/database.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../server/embedded-postgres.js';
import { createLogger } from '../../server/logger.js';
import { ensureClientBuilt } from '../../client/build.js';
import { buildServer } from '../../server/build.js';
import { hasChromium } from '../e2e/chromium.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the PostgreSQL server the tests use (any database name). */
    pgServerUrl: string;
    /** A database migrated to the head, cloned for each test file. */
    pgTemplate: string;
  }
}

/**
 * One PostgreSQL server for the run: TEST_DATABASE_URL when set, else a throwaway embedded cluster.
 * Migrations run once into a template; each test file clones it (CREATE DATABASE ... TEMPLATE),
 * so files run in parallel on databases of their own.
 */
export default async function setup(project: TestProject) {
  const log = createLogger('warn');
  // The browser tests serve client/dist. Built here, once, before any test file starts: several
  // files building it at the same time (a fresh clone has none) empty each other's output.
  if (hasChromium) await ensureClientBuilt();
  // The tests that start real processes run what `npm start` runs: the built server.
  await buildServer();
  let embedded: EmbeddedPostgres | undefined;
  let dir: string | undefined;
  let serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    dir = await mkdtemp(path.join(tmpdir(), 'samverka-test-'));
    embedded = await startEmbeddedPostgres({
      dataDir: dir,
      log,
      // Throwaway data: durability buys nothing here.
      settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '300' },
    });
    serverUrl = embedded.url('postgres');
  }
  const template = `samverka_template_${randomBytes(4).toString('hex')}`;
  await ensureDatabase(serverUrl, template);
  const templateUrl = withDatabase(serverUrl, template);
  const db = createDataSource({ url: templateUrl, log });
  await db.initialize();
  await runMigrations(db, templateUrl, log);
  await db.destroy();

  project.provide('pgServerUrl', serverUrl);
  project.provide('pgTemplate', template);

  return async () => {
    await dropDatabase(serverUrl, template).catch(() => undefined);
    await embedded?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  };
}
