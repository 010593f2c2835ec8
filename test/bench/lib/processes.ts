/**
 * The processes a benchmark run starts, and the guarantee that it stops all of them: on SIGINT,
 * SIGTERM or SIGHUP (to it, or to the npm that started it), on an error, and at the time limit,
 * every server and worker is stopped and
 * the embedded PostgreSQL (which runs in a session of its own, out of reach of Ctrl-C) is shut
 * down, in that order. A second signal while stopping kills what is left at once.
 *
 * Also the readings taken from /proc: CPU time (utime + stime) and RSS of a process, and the
 * machine's CPU time, to tell the servers' share from the rest.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildServer, bundle, serverBundle } from '../../../server/build.js';
import { now } from './clock.js';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const startedAt = now();

/** A progress line, with the time since the run started. */
export function say(msg: string): void {
  const s = Math.floor((now() - startedAt) / 1000);
  const stamp = `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  process.stdout.write(`[bench ${stamp}] ${msg}\n`);
}

const children = new Set<ChildProcess>();
const cleanups: { name: string; run: () => Promise<unknown>; force?: () => void }[] = [];
let stopping: Promise<never> | undefined;

/** Registers something to undo at the end (run last-registered first). */
export function onCleanup(name: string, run: () => Promise<unknown>, force?: () => void): void {
  cleanups.unshift({ name, run, force });
}

export function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

export const isStopping = () => stopping !== undefined;

/** Stops a child: SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
export function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Stops everything this run started, then exits with `code`. Safe to call more than once. */
export function shutdown(reason: string, code: number): Promise<never> {
  stopping ??= (async () => {
    if (code !== 0) say(`stopping everything: ${reason}`);
    await Promise.all([...children].map((c) => stopChild(c)));
    for (const c of cleanups) {
      await c.run().catch((err: unknown) => say(`cleanup "${c.name}" failed: ${(err as Error).message}`));
    }
    if (code !== 0) say('stopped: no server, worker or database of this run is left running');
    process.exit(code);
  })();
  return stopping;
}

let firstSignalAt = 0;
/** Signals, errors and the time limit all end in `shutdown`. */
export function installStopHandlers(timeLimitMinutes: number): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (!stopping) {
        firstSignalAt = now();
        void shutdown(`received ${signal}`, 130);
      } else if (now() - firstSignalAt > 1000) {
        // One Ctrl-C reaches npm and us both: only a later signal means "now".
        say('second signal: killing what is left');
        for (const c of children) c.kill('SIGKILL');
        for (const c of cleanups) c.force?.();
        process.exit(137);
      }
    });
  }
  process.on('uncaughtException', (err) => {
    console.error(err);
    void shutdown(`error: ${err.message}`, 1);
  });
  process.on('unhandledRejection', (err) => {
    console.error(err);
    void shutdown(`error: ${(err as Error)?.message ?? err}`, 1);
  });
  // `npm run bench` killed with SIGTERM exits without passing the signal on: we notice it gone.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void shutdown('the parent process (npm) is gone', 130);
  }, 500).unref();
  const limit = setTimeout(
    () => void shutdown(`time limit of ${timeLimitMinutes} minutes reached (BENCH_TIME_LIMIT_MINUTES)`, 124),
    timeLimitMinutes * 60_000,
  );
  limit.unref();
}

export interface Server {
  url: string;
  child: ChildProcess;
  pid: number;
}

/**
 * A server script compiled ahead of time, as it runs in production: Samverka's is the bundle
 * `npm start` runs (server/build.ts); the baseline and the floor are compiled the same way, so
 * neither side pays for transpiling at run time (tsx's loader thread and kept sources).
 */
const builds = new Map<string, Promise<string>>();
function compiled(script: string): Promise<string> {
  let built = builds.get(script);
  if (!built) builds.set(script, (built = compile(script)));
  return built;
}

/** Once per run and script: the instances of one side start together and share the file. */
async function compile(script: string): Promise<string> {
  if (script === 'server/main.ts') {
    await buildServer();
    return serverBundle;
  }
  const outfile = path.join(root, 'test/bench/results/build', path.basename(script).replace(/\.ts$/, '.mjs'));
  await bundle(path.join(root, script), outfile);
  return outfile;
}

/**
 * Starts a server script, compiled (one process, its pid is the server's), and resolves with its
 * URL once it prints "running at ...". With `profileDir` it runs under `--cpu-prof` and writes its
 * profile there when it exits.
 */
export async function spawnServer(
  script: string,
  env: Record<string, string>,
  o: { profileDir?: string } = {},
): Promise<Server> {
  const args: string[] = [];
  if (o.profileDir) args.push('--cpu-prof', `--cpu-prof-dir=${o.profileDir}`);
  const entry = await compiled(script);
  const child = track(
    spawn(process.execPath, [...args, entry], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  let out = '';
  return new Promise((resolve, reject) => {
    let up = false;
    const onData = (d: Buffer) => {
      out = (out + d.toString()).slice(-20_000);
      const m = /running at (http:\/\/\S+\/graphql)/.exec(out);
      if (m && !up) {
        up = true;
        resolve({ url: m[1].replace('localhost', '127.0.0.1'), child, pid: child.pid! });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code, signal) => {
      if (!up) reject(new Error(`${script} exited (${code ?? signal}) before it was up:\n${out}`));
      else if (!isStopping() && code !== 0 && signal !== 'SIGTERM') {
        say(`${script} (pid ${child.pid}) exited with ${code ?? signal}:\n${out.slice(-4000)}`);
      }
    });
  });
}

let tick: number | undefined;
/** Clock ticks per second of /proc's CPU times. */
function ticks(): number {
  if (tick === undefined) {
    try {
      tick = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
    } catch {
      tick = 100;
    }
  }
  return tick;
}

function statFields(pid: number): string[] | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "(comm)": the 3rd field (state) comes first.
    return s.slice(s.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** CPU time (user + system) of a process in ms; with `reaped`, also that of its exited children. */
export function cpuMs(pid: number, reaped = false): number {
  const f = statFields(pid);
  if (!f) return 0;
  const t = Number(f[11]) + Number(f[12]) + (reaped ? Number(f[13]) + Number(f[14]) : 0);
  return (t * 1000) / ticks();
}

/** Resident set size of a process in bytes (VmRSS). */
export function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

/** A PostgreSQL server's CPU: the postmaster, its exited backends (reaped) and its live ones. */
export function postgresCpuMs(postmasterPid: number | undefined): number {
  if (!postmasterPid) return NaN;
  let total = cpuMs(postmasterPid, true);
  let kids: string[] = [];
  try {
    kids = readFileSync(`/proc/${postmasterPid}/task/${postmasterPid}/children`, 'utf8').trim().split(/\s+/);
  } catch {
    kids = readdirSync('/proc').filter((p) => /^\d+$/.test(p) && statFields(Number(p))?.[1] === String(postmasterPid));
  }
  for (const k of kids) if (k) total += cpuMs(Number(k));
  return total;
}

/** The machine's busy CPU time in ms (all cores; idle and iowait excluded). */
export function machineBusyMs(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already in user)
  const busy = v[0] + v[1] + v[2] + v[5] + v[6] + v[7];
  return (busy * 1000) / ticks();
}
