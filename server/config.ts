import { z } from 'zod';
import { readThresholds, type Thresholds } from './modules/procurements/procurement.thresholds.js';

const bool = (fallback: boolean) =>
  z
    .enum(['1', '0', 'true', 'false', 'yes', 'no'], {
      error: 'must be one of 1, 0, true, false, yes, no',
    })
    .optional()
    .transform((v) => (v === undefined ? fallback : ['1', 'true', 'yes'].includes(v)));

const int = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `must be an integer from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });

const postgresUrl = z
  .string()
  .optional()
  .refine((v) => v === undefined || v === '' || /^postgres(ql)?:\/\/.+/.test(v), {
    message: 'must be a postgres:// or postgresql:// URL',
  })
  .transform((v) => (v ? v : undefined));

const envSchema = z.object({
  NODE_ENV: z
    .enum(['development', 'production', 'test'], {
      error: 'must be development, production or test',
    })
    .default('development'),
  PORT: int(4000, 0, 65535),
  HOST: z.string().optional(),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'must be fatal, error, warn, info, debug, trace or silent',
    })
    .default('info'),
  DATABASE_URL: postgresUrl,
  DB_POOL_SIZE: int(10, 1, 200),
  DATA_DIR: z.string().min(1).default('.data'),
  SEED_DEMO: bool(false),
  SESSION_SECRET: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
  SESSION_TTL_HOURS: int(24 * 14, 1, 24 * 365),
  COOKIE_SECURE: z.enum(['1', '0', 'true', 'false', 'yes', 'no']).optional(),
  TRUST_PROXY: bool(false),
  GRAPHQL_INTROSPECTION: z.enum(['1', '0', 'true', 'false', 'yes', 'no']).optional(),
  // Test-only diagnostics: report how many SQL statements a request ran (used by the N+1 tests).
  EXPOSE_SQL_COUNT: bool(false),
  SIGN_IN_MAX_FAILURES_PER_ACCOUNT: int(5, 1, 1000),
  SIGN_IN_MAX_FAILURES_PER_ADDRESS: int(50, 1, 100000),
  SIGN_IN_THROTTLE_MINUTES: int(15, 1, 24 * 60),
  EVENT_REPLAY_DAYS: int(30, 1, 3650),
  MAX_UPLOAD_BYTES: int(25 * 1024 * 1024, 1, 2 * 1024 * 1024 * 1024),
  // Benchmarks only: 0 keeps writing the event log but runs no bus (no LISTEN, NOTIFY or delivery).
  LIVE_DELIVERY: bool(true),
  WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: int(100, 1, 10000),
  WS_MAX_CONNECTIONS_PER_USER: int(20, 1, 10000),
  WS_CONNECTION_INIT_TIMEOUT_MS: int(10_000, 100, 600_000),
  WS_KEEPALIVE_MS: int(30_000, 100, 600_000),
  THRESHOLDS_FILE: z.string().min(1).optional(),
  OCDS_PREFIX: z
    .string()
    .regex(/^ocds-[a-z0-9]{6}$/, { message: 'must be an OCDS prefix: "ocds-" and 6 lowercase letters or digits' })
    .default('ocds-svrk00'),
});

const truthy = (v: string | undefined, fallback: boolean) =>
  v === undefined ? fallback : ['1', 'true', 'yes'].includes(v);

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** External PostgreSQL; when absent the embedded one in `dataDir` is used. */
  databaseUrl: string | undefined;
  dbPoolSize: number;
  dataDir: string;
  seedDemo: boolean;
  /** Absent only in the embedded default, where main.ts generates one and keeps it in dataDir. */
  sessionSecret: string | undefined;
  sessionTtlHours: number;
  cookieSecure: boolean;
  trustProxy: boolean;
  introspection: boolean;
  exposeSqlCount: boolean;
  signInThrottle: { perAccount: number; perAddress: number; minutes: number };
  /** How far back a subscription may resume with `after`. */
  eventReplayDays: number;
  liveDelivery: boolean;
  /** Largest file a document version may hold. */
  maxUploadBytes: number;
  /** National and EU thresholds per country (THRESHOLDS_FILE or the documented defaults). */
  thresholds: Thresholds;
  /** Prefix of OCDS ocids (register one with the Open Contracting Partnership for production). */
  ocdsPrefix: string;
  ws: {
    maxSubscriptionsPerConnection: number;
    maxConnectionsPerUser: number;
    connectionInitTimeoutMs: number;
    keepaliveMs: number;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads the environment once, validates it and returns a typed, frozen config. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(environment)'}: ${i.message}`));
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production && !e.SESSION_SECRET) {
    throw new ConfigError(['SESSION_SECRET: is required when NODE_ENV=production']);
  }
  const { thresholds, problems } = readThresholds(e.THRESHOLDS_FILE);
  if (!thresholds) throw new ConfigError(problems);
  return Object.freeze({
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST || undefined,
    logLevel: e.LOG_LEVEL,
    databaseUrl: e.DATABASE_URL,
    dbPoolSize: e.DB_POOL_SIZE,
    dataDir: e.DATA_DIR,
    seedDemo: e.SEED_DEMO,
    sessionSecret: e.SESSION_SECRET,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    cookieSecure: truthy(e.COOKIE_SECURE, production),
    trustProxy: e.TRUST_PROXY,
    introspection: truthy(e.GRAPHQL_INTROSPECTION, !production),
    exposeSqlCount: e.EXPOSE_SQL_COUNT,
    signInThrottle: {
      perAccount: e.SIGN_IN_MAX_FAILURES_PER_ACCOUNT,
      perAddress: e.SIGN_IN_MAX_FAILURES_PER_ADDRESS,
      minutes: e.SIGN_IN_THROTTLE_MINUTES,
    },
    eventReplayDays: e.EVENT_REPLAY_DAYS,
    liveDelivery: e.LIVE_DELIVERY,
    maxUploadBytes: e.MAX_UPLOAD_BYTES,
    thresholds,
    ocdsPrefix: e.OCDS_PREFIX,
    ws: {
      maxSubscriptionsPerConnection: e.WS_MAX_SUBSCRIPTIONS_PER_CONNECTION,
      maxConnectionsPerUser: e.WS_MAX_CONNECTIONS_PER_USER,
      connectionInitTimeoutMs: e.WS_CONNECTION_INIT_TIMEOUT_MS,
      keepaliveMs: e.WS_KEEPALIVE_MS,
    },
  });
}
