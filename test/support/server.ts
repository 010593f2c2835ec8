import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, inject } from 'vitest';
import { startApp, type RunningApp } from '../../server/app.js';
import { loadConfig, type Config } from '../../server/config.js';
import { createDataSource, dropDatabase, ensureDatabase, withDatabase } from '../../server/database.js';
import { createLogger } from '../../server/logger.js';
import { GraphQLClient } from './client.js';
import { Factories } from './factories.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSmtpServer, type TestSmtpServer } from './smtp.js';
import type { Clock } from '../../server/common/clock.js';

/**
 * The clock a test server's notification scheduler and digests read: the real time until a test
 * sets it (`set`) or moves it on (`advance`). Every instance of one test server shares it.
 */
export class TestClock implements Clock {
  private offset = 0;

  now(): Date {
    return new Date(Date.now() + this.offset);
  }

  set(at: Date | string): void {
    this.offset = new Date(at).getTime() - Date.now();
  }

  advance(ms: number): void {
    this.offset += ms;
  }

  reset(): void {
    this.offset = 0;
  }
}

export interface TestServer {
  app: RunningApp;
  db: DataSource;
  config: Config;
  url: string;
  /** An anonymous client; `as(token)` gives an authenticated one. */
  anon: GraphQLClient;
  as(token: string): GraphQLClient;
  factories: Factories;
  /** The real SMTP server this server sends its mail to. */
  mail: TestSmtpServer;
  /** What the scheduler and the digests of every instance take for now. */
  clock: TestClock;
  /** Another server instance on the same database (as behind a load balancer), its config changed by `overrides`. */
  startInstance(overrides?: Partial<Config>): Promise<Instance>;
  close(): Promise<void>;
}

export interface Instance {
  app: RunningApp;
  url: string;
  wsUrl: string;
  /** Graceful stop. */
  stop(): Promise<void>;
  /** As if the process died: every TCP connection is cut without a close frame, then it stops. */
  crash(): Promise<void>;
}

async function instance(
  config: Config,
  db: DataSource,
  log: ReturnType<typeof createLogger>,
  clock: Clock,
): Promise<Instance> {
  const app = await startApp({ config, db, log, sessionSecret: config.sessionSecret!, clock });
  const sockets = new Set<import('node:net').Socket>();
  app.httpServer.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await app.stop();
  };
  return {
    app,
    url: app.url,
    wsUrl: app.url.replace(/^http/, 'ws'),
    stop,
    async crash() {
      for (const socket of sockets) socket.destroy();
      await stop();
    },
  };
}

/**
 * A real server on a free port, on a database of this test file's own (cloned from the migrated
 * template). Extra environment (e.g. throttle limits) goes through the same config loader as
 * production.
 */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const serverUrl = inject('pgServerUrl');
  const name = `samverka_test_${randomBytes(5).toString('hex')}`;
  // Cloning needs the template to have no other connections; retry briefly if a sibling is cloning.
  for (let attempt = 0; ; attempt++) {
    try {
      await ensureDatabase(serverUrl, name, inject('pgTemplate'));
      break;
    } catch (err) {
      if (attempt >= 20 || !/being accessed by other users/.test(String(err))) throw err;
      await new Promise((r) => setTimeout(r, 50 * (attempt + 1)));
    }
  }
  const mail = await startSmtpServer();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'samverka-test-data-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    MAIL_URL: mail.url,
    // Mail is sent at once after the commit that queues it; the poll and retries are the fallback.
    MAIL_POLL_MS: '500',
    MAIL_RETRY_BASE_MS: '200',
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    SESSION_SECRET: randomBytes(32).toString('hex'),
    EXPOSE_SQL_COUNT: '1',
    DB_POOL_SIZE: '5',
    ...env,
  });
  const log = createLogger(config.logLevel);
  const db = createDataSource({ url: withDatabase(serverUrl, name), log, poolSize: config.dbPoolSize });
  await db.initialize();
  const clock = new TestClock();
  const app = await startApp({ config, db, log, sessionSecret: config.sessionSecret!, clock });
  const anon = new GraphQLClient(app.url);
  const extra: Instance[] = [];
  return {
    app,
    db,
    config,
    url: app.url,
    anon,
    as: (token) => new GraphQLClient(app.url, token),
    factories: new Factories(db, app.url),
    mail,
    clock,
    async startInstance(overrides = {}) {
      // Its own pool, as a separate process would have.
      const otherDb = createDataSource({ url: withDatabase(serverUrl, name), log, poolSize: config.dbPoolSize });
      await otherDb.initialize();
      const i = await instance({ ...config, ...overrides }, otherDb, log, clock);
      const stop = i.stop;
      const wrapped = {
        ...i,
        stop: async () => {
          await stop();
          if (otherDb.isInitialized) await otherDb.destroy();
        },
        crash: async () => {
          await i.crash();
          if (otherDb.isInitialized) await otherDb.destroy();
        },
      };
      extra.push(wrapped);
      return wrapped;
    },
    async close() {
      for (const i of extra) await i.stop();
      await app.stop();
      await db.destroy();
      await dropDatabase(serverUrl, name);
      await mail.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The test file's server, once `useServer()` has started it (before the file's tests run). */
export let s: TestServer;

/**
 * Starts the test file's server (`s`) before its tests and closes it after them. `setup` runs once it
 * is up and makes what the file's tests share; what it returns fills the object returned here (empty
 * until then), e.g. `const f = useServer({}, async (s) => ({ coord: await s.factories.user() }))`.
 */
export function useServer<T extends object = Record<never, never>>(
  env: Record<string, string> = {},
  setup?: (s: TestServer) => Promise<T | void>,
): T {
  const fixture = {} as T;
  beforeAll(async () => {
    s = await startTestServer(env);
    const made = await setup?.(s);
    if (made) Object.assign(fixture, made);
  });
  afterAll(() => s?.close());
  return fixture;
}
