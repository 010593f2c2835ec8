import 'reflect-metadata';
import path from 'node:path';
import { startApp, type RunningApp } from './app.js';
import { demoLogins, DEMO_PASSWORD, hasDemoData, seedDemo } from './cli/seed.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createDataSource, ensureDatabase, runMigrations, withDatabase } from './database.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.js';
import { createLogger, type Logger } from './logger.js';
import { readOrCreateSecret } from './secrets.js';

const DATABASE = 'samverka';

async function main(config: Config, log: Logger): Promise<void> {
  let embedded: EmbeddedPostgres | undefined;
  let app: RunningApp | undefined;
  let db: ReturnType<typeof createDataSource> | undefined;
  let stopping: Promise<void> | undefined;

  const shutdown = (reason: string, code = 0) => {
    stopping ??= (async () => {
      log.info({ reason }, 'shutting down');
      await app?.stop().catch((err: unknown) => log.error({ err }, 'stopping HTTP failed'));
      await db?.destroy().catch((err: unknown) => log.error({ err }, 'closing the pool failed'));
      await embedded?.stop().catch((err: unknown) => log.error({ err }, 'stopping PostgreSQL failed'));
      log.info('stopped');
      process.exit(code);
    })();
    return stopping;
  };
  // Ctrl-C reaches every process of the terminal's group, and wrappers (npm, tsx) relay it too,
  // so one keypress can arrive as several signals: only a signal well after the first forces exit.
  let firstSignalAt = 0;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (!stopping) {
        firstSignalAt = Date.now();
        void shutdown(signal);
      } else if (Date.now() - firstSignalAt > 1000) {
        log.warn('second signal: exiting now');
        embedded?.stopNow();
        process.exit(1);
      }
    });
  }

  try {
    let url = config.databaseUrl;
    let seed = config.seedDemo;
    if (!url) {
      embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, log });
      const created = await ensureDatabase(embedded.url('postgres'), DATABASE);
      url = withDatabase(embedded.url('postgres'), DATABASE);
      // The embedded default is for trying Samverka out: a new database gets the demo data.
      seed ||= created;
    }
    const sessionSecret =
      config.sessionSecret ?? (await readOrCreateSecret(path.resolve(config.dataDir), 'session-secret'));

    db = createDataSource({ url, log, poolSize: config.dbPoolSize });
    await db.initialize();
    await runMigrations(db, url, log);
    if (seed) await seedDemo(db, config, log);
    const demo = await hasDemoData(db);

    app = await startApp({ config, db, log, sessionSecret }).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') {
        throw new Error(`PORT: ${config.port} is already in use; set PORT to a free port.`);
      }
      throw err;
    });

    const lines = [
      '',
      `  Open the web app: ${app.services.urls.link('/')}  (sign in with a demo user below)`,
      `  Samverka is running at ${app.url}  (GraphQL over HTTP and WebSocket)`,
      `  Health: http://localhost:${app.port}/healthz   Readiness: /readyz   Metrics: /metrics`,
      `  Database: ${
        embedded
          ? `embedded PostgreSQL in ${path.resolve(config.dataDir)} (port ${embedded.port}, ${embedded.joined ? 'joined: another process had it running' : 'started by this process'})`
          : 'DATABASE_URL'
      }`,
      app.services.outbox.directory
        ? `  Mail: not sent (no MAIL_URL); written to ${app.services.outbox.directory}, read it at ${app.services.urls.link('/dev/outbox')}`
        : `  Mail: sent through MAIL_URL`,
    ];
    if (demo) {
      lines.push('', `  Demo sign-ins (password for all: ${DEMO_PASSWORD}):`);
      for (const login of demoLogins()) lines.push(`    ${login.email.padEnd(36)} ${login.who}`);
    }
    lines.push(
      '',
      embedded
        ? '  Ctrl-C stops this server; the embedded database stops with the last Samverka process using it.'
        : '  Ctrl-C stops the server.',
      '',
    );
    process.stdout.write(`${lines.join('\n')}\n`);
  } catch (err) {
    log.error({ err }, (err as Error).message);
    await shutdown('start-up failed', 1);
  }
}

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
void main(config, createLogger(config.logLevel));
