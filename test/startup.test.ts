import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GraphQLClient } from './support/client.js';

/**
 * The quick start, as a person runs it: the real entry point on a fresh data directory, then
 * Ctrl-C (SIGINT to the whole process group, as a terminal sends it), then a second start.
 */
const root = path.resolve(import.meta.dirname, '..');
let dataDir: string;
const started: ChildProcess[] = [];

interface Running {
  child: ChildProcess;
  url: string;
  output: () => string;
}

function start(): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', DATABASE_URL: '' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /running at (http:\/\/\S+\/graphql)/.exec(out);
      if (m) resolve({ child, url: m[1], output: () => out });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`exited with ${code} before serving:\n${out}`)));
  });
}

async function ctrlC(r: Running): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => r.child.on('exit', (code) => resolve(code)));
  process.kill(-r.child.pid!, 'SIGINT');
  return exited;
}

const postmasterPid = async () =>
  Number((await readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0]);
/** Running, and not a zombie waiting for a reaper (containers often have no init that reaps). */
const alive = async (pid: number) => {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return stat !== '' && !/^\d+ \(.*\) Z/.test(stat);
};

afterAll(async () => {
  for (const c of started) if (c.exitCode === null) process.kill(-c.pid!, 'SIGKILL');
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

// Real processes: an embedded cluster is created and seeded; on a busy machine that takes a while.
describe('npm start on a fresh machine', { timeout: 120_000 }, () => {
  it('starts embedded PostgreSQL, seeds demo data, prints the demo sign-ins, and Ctrl-C leaves no process behind', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'samverka-start-'));
    const first = await start();
    expect(first.output()).toContain('Demo sign-ins');
    expect(first.output()).toContain('ingrid.lien@stjordal.kommune.no');

    const password = /password for all: (\S+)\)/.exec(first.output())![1];
    const anon = new GraphQLClient(first.url);
    const { signIn } = await anon.ok(
      `mutation($e: String!, $p: String!) { signIn(input: { email: $e, password: $p }) { token } }`,
      {
        e: 'ingrid.lien@stjordal.kommune.no',
        p: password,
      },
    );
    const ingrid = new GraphQLClient(first.url, signIn.token);
    const { buyerGroups } = await ingrid.ok(`{ buyerGroups(scope: MINE) { nodes { name needs { totalCount } } } }`);
    expect(buyerGroups.nodes.map((g: { name: string }) => g.name)).toContain('Velferdsteknologi i Værnesregionen');
    await ingrid.ok(`mutation { updateProfile(input: { displayName: "Ingrid L." }) { id } }`);

    const pgPid = await postmasterPid();
    expect(await alive(pgPid)).toBe(true);
    expect(await ctrlC(first)).toBe(0);
    expect(await alive(pgPid)).toBe(false);
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  });

  it('reuses the data on a second start (same session secret, same rows)', async () => {
    const second = await start();
    expect(second.output()).not.toContain('creating embedded PostgreSQL cluster');
    const { signIn } = await new GraphQLClient(second.url).ok(
      `mutation { signIn(input: { email: "ingrid.lien@stjordal.kommune.no", password: "samverka-demo" }) { user { displayName } } }`,
    );
    expect(signIn.user.displayName).toBe('Ingrid L.');
    expect(await ctrlC(second)).toBe(0);
  });
});
