import proxyaddr from 'proxy-addr';
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

/** How a person signing in with a provider is tied to an organisation (README: Single sign-on). */
const organisationMapping = z.discriminatedUnion('by', [
  // A tenant claim (Entra ID's `tid`) whose values name organisations as "<country>:<organisation number>".
  z.object({
    by: z.literal('claim'),
    claim: z.string().min(1),
    values: z.record(
      z.string(),
      z.string().regex(/^(NO|SE|DK|FI):[0-9-]{6,20}$/, 'must be "<country>:<organisation number>"'),
    ),
  }),
  // A claim that holds the organisation number itself.
  z.object({
    by: z.literal('organisationNumber'),
    claim: z.string().min(1),
    country: z.enum(['NO', 'SE', 'DK', 'FI']),
  }),
  // The e-mail address's domain, only when the provider says the address is verified.
  z.object({ by: z.literal('emailDomain') }),
]);

const oidcProvider = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/, 'must be 1 to 40 lowercase letters, digits or dashes'),
  name: z.string().min(1).max(80),
  issuer: z.string().url(),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  scopes: z.array(z.string().min(1)).default(['openid', 'email', 'profile']),
  organisation: organisationMapping,
});
export type OidcProviderSetting = z.infer<typeof oidcProvider>;

const oidcProviders = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (!v?.trim()) return [];
    let json: unknown;
    try {
      json = JSON.parse(v);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON array of providers (see the README)' });
      return z.NEVER;
    }
    const parsed = z.array(oidcProvider).safeParse(json);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        ctx.addIssue({ code: 'custom', message: `[${issue.path.join('.')}] ${issue.message}` });
      }
      return z.NEVER;
    }
    const ids = parsed.data.map((p) => p.id);
    const twice = ids.find((id, i) => ids.indexOf(id) !== i);
    if (twice) {
      ctx.addIssue({ code: 'custom', message: `provider id "${twice}" is used twice` });
      return z.NEVER;
    }
    return parsed.data;
  });

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
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const parsed = parseTrustProxy(v);
      if (typeof parsed === 'string') {
        ctx.addIssue({ code: 'custom', message: parsed });
        return z.NEVER;
      }
      return parsed;
    }),
  PUBLIC_URL: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return undefined;
      const url = originOf(v);
      if (!url) {
        ctx.addIssue({
          code: 'custom',
          message: 'must be an http:// or https:// URL such as https://samverka.example.no',
        });
        return z.NEVER;
      }
      return url;
    }),
  ALLOWED_ORIGINS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const list = (v ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const origins = list.map(originOf);
      const bad = list.filter((_, i) => !origins[i]);
      if (bad.length) {
        ctx.addIssue({ code: 'custom', message: `not an http(s) origin: ${bad.join(', ')}` });
        return z.NEVER;
      }
      return origins as string[];
    }),
  MAIL_URL: z
    .string()
    .optional()
    .refine((v) => !v || /^smtps?:\/\/.+/.test(v), { message: 'must be an smtp:// or smtps:// URL' })
    .transform((v) => v || undefined),
  MAIL_FROM: z.string().min(3).optional(),
  OIDC_PROVIDERS: oidcProviders,
  MAIL_POLL_MS: int(5_000, 10, 600_000),
  MAIL_RETRY_BASE_MS: int(10_000, 10, 3_600_000),
  MILESTONE_NOTICE_DAYS: int(3, 1, 60),
  NOTIFICATION_SCHEDULE_MS: int(60_000, 100, 3_600_000),
  REGISTRATIONS_PER_ADDRESS_PER_HOUR: int(20, 1, 100_000),
  REGISTRATIONS_PER_DOMAIN_PER_HOUR: int(200, 1, 1_000_000),
  ACCOUNT_MAILS_PER_RECIPIENT_PER_HOUR: int(5, 1, 1000),
  SIGN_IN_MAX_FAILURES_PER_ACCOUNT_UNKNOWN_ADDRESSES: int(20, 1, 100000),
  GRAPHQL_INTROSPECTION: z.enum(['1', '0', 'true', 'false', 'yes', 'no']).optional(),
  // Test-only diagnostics: report how many SQL statements a request ran (used by the N+1 tests).
  EXPOSE_SQL_COUNT: bool(false),
  // Per account and client address: a guesser at one address is stopped, the owner elsewhere is not.
  SIGN_IN_MAX_FAILURES_PER_ACCOUNT: int(5, 1, 1000),
  SIGN_IN_MAX_FAILURES_PER_ADDRESS: int(50, 1, 100000),
  SIGN_IN_THROTTLE_MINUTES: int(15, 1, 24 * 60),
  EVENT_REPLAY_DAYS: int(30, 1, 3650),
  // The slow read of the event log that covers a lost notification (deliveries come from memory).
  EVENT_POLL_MS: int(1000, 50, 600_000),
  // How long a missing event id may wait for its own notification before the log is read for it.
  EVENT_GAP_WAIT_MS: int(20, 0, 60_000),
  // Least time between two NOTIFYs that announce this instance's events to the others under a stream of writes.
  EVENT_NOTIFY_GAP_MS: int(10, 0, 10_000),
  MAX_UPLOAD_BYTES: int(25 * 1024 * 1024, 1, 2 * 1024 * 1024 * 1024),
  // Benchmarks only: 0 keeps writing the event log but runs no bus (no LISTEN, NOTIFY or delivery).
  LIVE_DELIVERY: bool(true),
  WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: int(100, 1, 10000),
  WS_MAX_CONNECTIONS_PER_USER: int(20, 1, 10000),
  WS_CONNECTION_INIT_TIMEOUT_MS: int(10_000, 100, 600_000),
  WS_KEEPALIVE_MS: int(30_000, 100, 600_000),
  THRESHOLDS_FILE: z.string().min(1).optional(),
  ARCHIVE_SCHEMAS_DIR: z.string().min(1).optional(),
  OCDS_PREFIX: z
    .string()
    .regex(/^ocds-[a-z0-9]{6}$/, { message: 'must be an OCDS prefix: "ocds-" and 6 lowercase letters or digits' })
    .default('ocds-svrk00'),
});

/** TRUST_PROXY: unset/0/false = no proxy; a hop count; or a comma list of proxy addresses/subnets. */
function parseTrustProxy(v: string | undefined): TrustProxy | string {
  const value = (v ?? '').trim();
  if (value === '' || ['0', 'false', 'no'].includes(value)) return false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return hops <= 20 ? hops : 'must be a hop count from 0 to 20 or a list of proxy addresses';
  }
  if (['1', 'true', 'yes'].includes(value)) return 1;
  const list = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  try {
    proxyaddr.compile(list);
  } catch (err) {
    return `must be a hop count or a comma list of proxy addresses or subnets (${(err as Error).message})`;
  }
  return list;
}

/** The origin (scheme://host[:port]) of an http(s) URL, or null. */
function originOf(v: string): string | null {
  try {
    const url = new URL(v);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.origin;
  } catch {
    return null;
  }
}

const truthy = (v: string | undefined, fallback: boolean) =>
  v === undefined ? fallback : ['1', 'true', 'yes'].includes(v);

export type TrustProxy = false | number | string[];

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
  /** Which X-Forwarded-For entries to believe: none, the last N hops, or the named proxies. */
  trustProxy: TrustProxy;
  /** Where users reach Samverka; every absolute URL the server writes starts here. Default: http://localhost:<port>. */
  publicUrl: string | undefined;
  /** Further origins allowed to open WebSockets with the session cookie (besides PUBLIC_URL's). */
  allowedOrigins: string[];
  /** SMTP server (smtp:// or smtps://); unset: mail is written as .eml files under dataDir/outbox. */
  mailUrl: string | undefined;
  mailFrom: string | undefined;
  /** Single sign-on providers (OpenID Connect), in the order of their buttons. */
  oidcProviders: OidcProviderSetting[];
  mailPollMs: number;
  mailRetryBaseMs: number;
  /** Time-driven notices and digests: how many days ahead a milestone is "due", how often each instance looks. */
  notifications: { milestoneDays: number; intervalMs: number };
  accountThrottle: { registrationsPerAddress: number; registrationsPerDomain: number; mailsPerRecipient: number };
  introspection: boolean;
  exposeSqlCount: boolean;
  signInThrottle: { perAccount: number; perAddress: number; perAccountUnknownAddresses: number; minutes: number };
  /** How far back a subscription may resume with `after`. */
  eventReplayDays: number;
  /** Interval of the event bus's safety read of the log (a lost notification). */
  eventPollMs: number;
  /** How long the bus waits for a missing id's notification before it reads the log. */
  eventGapWaitMs: number;
  /** Least time between two NOTIFYs of this instance's events (see EventBus.notifyOthers). */
  eventNotifyGapMs: number;
  liveDelivery: boolean;
  /** Largest file a document version may hold. */
  maxUploadBytes: number;
  /** National and EU thresholds per country (THRESHOLDS_FILE or the documented defaults). */
  thresholds: Thresholds;
  /** Prefix of OCDS ocids (register one with the Open Contracting Partnership for production). */
  ocdsPrefix: string;
  /** The shared folder with the Noark 5 and E-ARK schemas the archive packages carry; unset: found beside the repository. */
  archiveSchemasDir: string | undefined;
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
    publicUrl: e.PUBLIC_URL,
    allowedOrigins: e.ALLOWED_ORIGINS,
    mailUrl: e.MAIL_URL,
    mailFrom: e.MAIL_FROM,
    oidcProviders: e.OIDC_PROVIDERS,
    mailPollMs: e.MAIL_POLL_MS,
    mailRetryBaseMs: e.MAIL_RETRY_BASE_MS,
    notifications: { milestoneDays: e.MILESTONE_NOTICE_DAYS, intervalMs: e.NOTIFICATION_SCHEDULE_MS },
    accountThrottle: {
      registrationsPerAddress: e.REGISTRATIONS_PER_ADDRESS_PER_HOUR,
      registrationsPerDomain: e.REGISTRATIONS_PER_DOMAIN_PER_HOUR,
      mailsPerRecipient: e.ACCOUNT_MAILS_PER_RECIPIENT_PER_HOUR,
    },
    introspection: truthy(e.GRAPHQL_INTROSPECTION, !production),
    exposeSqlCount: e.EXPOSE_SQL_COUNT,
    signInThrottle: {
      perAccount: e.SIGN_IN_MAX_FAILURES_PER_ACCOUNT,
      perAddress: e.SIGN_IN_MAX_FAILURES_PER_ADDRESS,
      perAccountUnknownAddresses: e.SIGN_IN_MAX_FAILURES_PER_ACCOUNT_UNKNOWN_ADDRESSES,
      minutes: e.SIGN_IN_THROTTLE_MINUTES,
    },
    eventReplayDays: e.EVENT_REPLAY_DAYS,
    eventPollMs: e.EVENT_POLL_MS,
    eventGapWaitMs: e.EVENT_GAP_WAIT_MS,
    eventNotifyGapMs: e.EVENT_NOTIFY_GAP_MS,
    liveDelivery: e.LIVE_DELIVERY,
    maxUploadBytes: e.MAX_UPLOAD_BYTES,
    thresholds,
    ocdsPrefix: e.OCDS_PREFIX,
    archiveSchemasDir: e.ARCHIVE_SCHEMAS_DIR,
    ws: {
      maxSubscriptionsPerConnection: e.WS_MAX_SUBSCRIPTIONS_PER_CONNECTION,
      maxConnectionsPerUser: e.WS_MAX_CONNECTIONS_PER_USER,
      connectionInitTimeoutMs: e.WS_CONNECTION_INIT_TIMEOUT_MS,
      keepaliveMs: e.WS_KEEPALIVE_MS,
    },
  });
}
