/**
 * What the Samverka side of the benchmark runs against: a PostgreSQL (embedded in a temporary
 * directory, or BENCH_DATABASE_URL / TEST_DATABASE_URL), a fresh database migrated to the current
 * schema, a buyer group whose general thread the subscribers follow, and real sessions for them.
 *
 * Sessions are made by the server's own SessionService (a `session` row and the signed token the
 * server verifies in `connection_init`), many per user: 100 users of 20 member organisations, each
 * with up to 100 sessions, so every socket authenticates with a session of its own, as distinct
 * browsers would, and each instance resolves each session once (its cache starts cold).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { SessionService } from '../../../server/auth/session.service.js';
import { createDataSource, dropDatabase, ensureDatabase, withDatabase } from '../../../server/database.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../../server/embedded-postgres.js';
import type { EventBus } from '../../../server/events/bus.js';
import type { EventWriter } from '../../../server/events/event-log.js';
import { createLogger } from '../../../server/logger.js';
import { MembershipRole } from '../../../server/modules/groups/membership.entity.js';
import { Organisation, OrganisationKind, Country } from '../../../server/modules/organisations/organisation.entity.js';
import { Locale, OrganisationRole, User, UserStatus } from '../../../server/modules/users/user.entity.js';
import { Factories, norwegianOrgNumber } from '../../support/factories.js';
import { now, percentile, sleep } from './clock.js';
import { onCleanup, say } from './processes.js';

export const SESSION_SECRET = 'bench-secret-bench-secret-bench-secret';
const SESSION_TTL_HOURS = 24;
const ORGANISATIONS = 20;
const USERS_PER_ORGANISATION = 5;

export interface World {
  /** The bench database's URL. */
  url: string;
  /** DATA_DIR of the Samverka instances (mail written as files goes there), in the run's temporary directory. */
  dataDir: string;
  db: DataSource;
  /** The PostgreSQL postmaster's pid when it runs here (for its CPU time); undefined for an external one. */
  postmasterPid?: number;
  postgresVersion: string;
  embedded: boolean;
  groupId: string;
  threadId: string;
  /** The poster's session (the group's coordinator). */
  posterToken: string;
  /** One session per subscriber socket. */
  tokens: string[];
}

/** Starts (or joins) PostgreSQL and creates the bench database; everything is undone at shutdown. */
export async function openDatabase(): Promise<Omit<World, 'groupId' | 'threadId' | 'posterToken' | 'tokens'>> {
  const log = createLogger('warn');
  let serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  let postmasterPid: number | undefined;
  const dir = await mkdtemp(path.join(tmpdir(), 'samverka-bench-'));
  onCleanup('temporary directory', () => rm(dir, { recursive: true, force: true }));
  if (!serverUrl) {
    let pg: EmbeddedPostgres | undefined;
    // Settings as shipped (fsync and synchronous commit on): the write path is measured as it runs.
    const starting = startEmbeddedPostgres({ dataDir: dir, log, settings: { max_connections: '200' } }).then(
      (p) => (pg = p),
    );
    onCleanup(
      'embedded PostgreSQL',
      async () => {
        // Interrupted while it was starting: wait for pg_ctl, then stop what it started.
        await starting.catch(() => undefined);
        await pg?.stop();
      },
      () => pg?.stopNow(),
    );
    pg = await starting;
    serverUrl = pg.url('postgres');
    postmasterPid = Number(readFileSync(path.join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
  }
  const dbName = `samverka_bench_${randomBytes(4).toString('hex')}`;
  await ensureDatabase(serverUrl, dbName);
  const url = withDatabase(serverUrl, dbName);
  const db = createDataSource({ url, log, poolSize: 16 });
  onCleanup('bench database', async () => {
    if (db.isInitialized) await db.destroy();
    await dropDatabase(serverUrl, dbName);
  });
  await db.initialize();
  await db.runMigrations({ transaction: 'each' });
  const [{ server_version }] = (await db.query('SHOW server_version')) as { server_version: string }[];
  return {
    url,
    db,
    dataDir: path.join(dir, 'data'),
    postmasterPid,
    postgresVersion: server_version,
    embedded: postmasterPid !== undefined,
  };
}

/** Sessions made by the server's SessionService, without a running server (it needs no bus to create). */
function sessionMaker(db: DataSource) {
  const noBus = { onEvent: () => () => undefined } as unknown as EventBus;
  return new SessionService(db, SESSION_SECRET, SESSION_TTL_HOURS, {} as EventWriter, noBus);
}

/**
 * The group, its thread and `subscribers` sessions. `apiUrl` is a running Samverka instance: the
 * group is created through the API (as a coordinator would), members and users are written directly.
 */
export async function populate(
  base: Awaited<ReturnType<typeof openDatabase>>,
  apiUrl: string,
  subscribers: number,
): Promise<World> {
  const { db } = base;
  const sessions = sessionMaker(db);
  const origin = { ip: '127.0.0.1', userAgent: 'samverka-bench', method: 'password' };
  const factories = new Factories(db, apiUrl);
  const coordinator = await factories.user();
  const { createBuyerGroup } = await coordinator.client.ok<{
    createBuyerGroup: { id: string; generalThread: { id: string } };
  }>(`mutation { createBuyerGroup(input: { name: "Benk", focusArea: TRANSPORT }) { id generalThread { id } } }`);
  const group = { id: createBuyerGroup.id } as never;

  const organisations = await db.getRepository(Organisation).save(
    Array.from({ length: ORGANISATIONS }, (_, i) => ({
      name: `Benkkommune ${i + 1}`,
      kind: OrganisationKind.MUNICIPALITY,
      country: Country.NO,
      organisationNumber: norwegianOrgNumber(),
      municipalityCode: String(3000 + i),
      emailDomains: [`benk${i + 1}-${randomBytes(2).toString('hex')}.kommune.no`],
    })),
  );
  for (const o of organisations) await factories.membership(group, o, MembershipRole.MEMBER);
  const users = await db.getRepository(User).save(
    organisations.flatMap((o, i) =>
      Array.from({ length: USERS_PER_ORGANISATION }, (_, j) => ({
        email: `bench-${i}-${j}@${o.emailDomains[0]}`,
        displayName: `Benk ${i}-${j}`,
        organisationId: o.id,
        locale: Locale.nb,
        isAdmin: false,
        role: OrganisationRole.MEMBER,
        status: UserStatus.ACTIVE,
        emailVerifiedAt: new Date(),
        passwordHash: null,
      })),
    ),
    { chunk: 100 },
  );

  say(`creating ${subscribers} sessions for ${users.length} users`);
  const tokens: string[] = new Array(subscribers);
  let next = 0;
  await Promise.all(
    Array.from({ length: 12 }, async () => {
      while (next < subscribers) {
        const i = next++;
        tokens[i] = (await sessions.create(users[i % users.length].id, origin)).token;
      }
    }),
  );
  return {
    ...base,
    groupId: createBuyerGroup.id,
    threadId: createBuyerGroup.generalThread.id,
    posterToken: coordinator.token,
    tokens,
  };
}

export interface RoundTrips {
  /** Median time of `SELECT 1` on one connection, each right after the last (ms). */
  backToBackMs: number;
  /** The same, each after `idleMs` of nothing (the pace of a fan-out run's posts). */
  afterIdleMs: number;
  idleMs: number;
}

/**
 * What one round trip to PostgreSQL costs here, busy and after an idle spell. At a few messages a
 * second both sides of every round trip have gone to sleep, and waking them is part of its price:
 * the fixed part of each message that no socket sees until it is paid.
 */
export async function roundTrips(url: string, idleMs = 50): Promise<RoundTrips> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const time = async (count: number, gap: number) => {
      const out: number[] = [];
      for (let i = 0; i < count; i++) {
        if (gap) await sleep(gap);
        const t = now();
        await client.query('SELECT 1');
        out.push(now() - t);
      }
      return percentile(Float64Array.from(out).sort(), 50);
    };
    await time(20, 0);
    return { backToBackMs: await time(200, 0), afterIdleMs: await time(40, idleMs), idleMs };
  } finally {
    await client.end();
  }
}
