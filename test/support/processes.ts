import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { serverBundle } from '../../server/build.js';

/** The project root: where `npm start` and the CLI scripts run. */
export const root = path.resolve(import.meta.dirname, '../..');

/** A real `npm start` (the built server) in a process group of its own, as a person runs it. */
export interface ServerProcess {
  child: ChildProcess;
  /** The GraphQL URL from the banner. */
  url: string;
  /** Everything it printed so far (stdout and stderr). */
  output: () => string;
  /** The embedded PostgreSQL port from the banner (absent with DATABASE_URL). */
  pgPort?: number;
  /** From the banner: this process started the embedded PostgreSQL, or joined a running one. */
  pgRole?: 'started' | 'joined';
}

const everyChild: ChildProcess[] = [];

/** What `npm start` runs once prestart has built it (the tests' global setup builds it too). */
export const SERVER_ARGS = [serverBundle];

/** Starts the built server and resolves once its banner names its URL. */
export function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, SERVER_ARGS, {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', DATABASE_URL: '', ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  everyChild.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /running at (http:\/\/\S+\/graphql)/.exec(out);
      if (!m) return;
      const pg = /\(port (\d+), (joined|started by this process)/.exec(out);
      resolve({
        child,
        url: m[1],
        output: () => out,
        pgPort: pg ? Number(pg[1]) : undefined,
        pgRole: pg ? (pg[2] === 'joined' ? 'joined' : 'started') : undefined,
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`exited with ${code} before serving:\n${out}`)));
  });
}

/** Ctrl-C in its terminal: SIGINT to the whole process group; resolves with the exit code. */
export function ctrlC(p: { child: ChildProcess }): Promise<number | null> {
  if (p.child.exitCode !== null) return Promise.resolve(p.child.exitCode);
  const exited = new Promise<number | null>((resolve) => p.child.on('exit', (code) => resolve(code)));
  process.kill(-p.child.pid!, 'SIGINT');
  return exited;
}

/** For afterAll: whatever a test left running is killed. */
export function killEveryProcess(): void {
  for (const c of everyChild) if (c.exitCode === null && c.signalCode === null) process.kill(-c.pid!, 'SIGKILL');
}

/** Error-level (50 and up) JSON log lines in a process's output. */
export const errorLines = (output: string) => output.split('\n').filter((line) => /^\{.*"level":(5\d|6\d)/.test(line));

/** The embedded PostgreSQL's postmaster pid, or undefined when postmaster.pid is absent. */
export async function postmasterPid(dataDir: string): Promise<number | undefined> {
  const text = await readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').catch(() => undefined);
  return text ? Number(text.split('\n')[0]) : undefined;
}

/** Running, and not a zombie waiting for a reaper (containers often have no init that reaps). */
export async function alive(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return stat !== '' && !/^\d+ \(.*\) Z/.test(stat);
}

/** Runs a CLI script (`node --import tsx <script> ...args`) to its end: exit code and output. */
export function runScript(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'info', DATABASE_URL: '', ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  everyChild.push(child);
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}
