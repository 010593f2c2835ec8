import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { migrations } from '../migrations/index.js';
import { GraphQLClient } from './support/client.js';
import {
  alive,
  ctrlC,
  errorLines,
  killEveryProcess,
  postmasterPid,
  runScript,
  startServerProcess,
  type ServerProcess,
} from './support/processes.js';

/**
 * Several `npm start` on one DATA_DIR, as real processes: they share the embedded PostgreSQL, and
 * it stops with the last of them, whichever started it.
 */
let dataDir: string;
let restoredDir: string;
let backupDir: string;
const start = (dir = dataDir) => startServerProcess({ DATA_DIR: dir });

afterAll(async () => {
  killEveryProcess();
  for (const dir of [dataDir, restoredDir, backupDir]) if (dir) await rm(dir, { recursive: true, force: true });
});

async function embeddedQuery<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const port = Number((await readFile(path.join(dataDir, 'pg-port'), 'utf8')).trim());
  const password = (await readFile(path.join(dataDir, 'pg-password'), 'utf8')).trim();
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'samverka', password, database: 'samverka' });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

const signIn = async (p: ServerProcess) => {
  const { signIn } = await new GraphQLClient(p.url).ok(
    `mutation { signIn(input: { email: "ingrid.lien@stjordal.kommune.no", password: "samverka-demo" }) { token } }`,
  );
  return new GraphQLClient(p.url, signIn.token as string);
};

/** A read and a write through GraphQL: the instance serves with its database. */
async function readsAndWrites(p: ServerProcess, displayName: string) {
  const ingrid = await signIn(p);
  await ingrid.ok(`mutation($n: String!) { updateProfile(input: { displayName: $n }) { id } }`, { n: displayName });
  const { viewer } = await ingrid.ok(`{ viewer { displayName } }`);
  expect(viewer.displayName).toBe(displayName);
  const { buyerGroups } = await ingrid.ok(`{ buyerGroups(scope: MINE) { totalCount } }`);
  expect(buyerGroups.totalCount).toBeGreaterThan(0);
}

// Real processes, each compiling the server and some creating or starting a cluster: slow on a busy machine.
describe('several npm start on one DATA_DIR', { timeout: 300_000 }, () => {
  let starter: ServerProcess;
  let joiner: ServerProcess;
  let port: number;

  it('two started at once on a new DATA_DIR: one cluster, one database, each migration applied once, both serve', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'samverka-instances-'));
    const both = await Promise.all([start(), start()]);
    expect(both.map((p) => p.pgRole).sort()).toEqual(['joined', 'started']);
    [starter, joiner] = both[0].pgRole === 'started' ? both : [both[1], both[0]];
    port = starter.pgPort!;
    expect(joiner.pgPort).toBe(port);
    expect(Number((await readFile(path.join(dataDir, 'pg-port'), 'utf8')).trim())).toBe(port);

    const rows = await embeddedQuery<{ name: string; times: number }>(
      `SELECT name, count(*)::int AS times FROM migrations GROUP BY name`,
    );
    expect(rows).toHaveLength(migrations.length);
    expect(rows.every((r) => r.times === 1)).toBe(true);
    for (const p of both) expect(errorLines(p.output())).toEqual([]);
    await readsAndWrites(starter, 'Ingrid A');
    await readsAndWrites(joiner, 'Ingrid B');
  });

  it('the one that started PostgreSQL stops: the one that joined keeps reading and writing', async () => {
    const pgPid = (await postmasterPid(dataDir))!;
    expect(await ctrlC(starter)).toBe(0);
    expect(starter.output()).toContain('left embedded PostgreSQL running for the other Samverka processes');
    expect(await alive(pgPid)).toBe(true);
    await readsAndWrites(joiner, 'Ingrid C');
  });

  it('npm run db:backup joins the running PostgreSQL and leaves it running', async () => {
    backupDir = await mkdtemp(path.join(tmpdir(), 'samverka-backups-'));
    const pgPid = (await postmasterPid(dataDir))!;
    const run = await runScript('server/cli/backup.ts', ['backup', '--out', path.join(backupDir, 'b')], {
      DATA_DIR: dataDir,
    });
    expect(run.output).toContain('Backed up');
    expect(run.code).toBe(0);
    expect(await alive(pgPid)).toBe(true);
    await readsAndWrites(joiner, 'Ingrid C, after the backup');
  });

  it('a third joins and leaves; the last one out stops PostgreSQL', async () => {
    const third = await start();
    expect(third.pgRole).toBe('joined');
    expect(third.pgPort).toBe(port);
    await readsAndWrites(third, 'Ingrid D');
    expect(await ctrlC(third)).toBe(0);
    await readsAndWrites(joiner, 'Ingrid E');

    const pgPid = (await postmasterPid(dataDir))!;
    expect(await ctrlC(joiner)).toBe(0);
    expect(joiner.output()).toContain('embedded PostgreSQL stopped');
    expect(await alive(pgPid)).toBe(false);
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  });

  it('a restart starts the same cluster on the same port, with the data', async () => {
    const again = await start();
    expect(again.pgRole).toBe('started');
    expect(again.pgPort).toBe(port);
    expect(again.output()).not.toContain('creating embedded PostgreSQL cluster');
    const ingrid = await signIn(again);
    expect((await ingrid.ok(`{ viewer { displayName } }`)).viewer.displayName).toBe('Ingrid E');
    expect(await ctrlC(again)).toBe(0);
  });

  it('npm run db:restore into a new DATA_DIR: a server started there has the data as it was backed up', async () => {
    restoredDir = await mkdtemp(path.join(tmpdir(), 'samverka-restored-'));
    const run = await runScript('server/cli/backup.ts', ['restore', path.join(backupDir, 'b')], {
      DATA_DIR: restoredDir,
    });
    expect(run.output).toContain('every table checked against the backup');
    expect(run.code).toBe(0);
    // The restore started the new cluster and, the only one using it, stopped it again.
    expect(await postmasterPid(restoredDir)).toBeUndefined();
    expect(await readFile(path.join(restoredDir, 'session-secret'), 'utf8')).toBe(
      await readFile(path.join(dataDir, 'session-secret'), 'utf8'),
    );

    const restored = await start(restoredDir);
    expect(restored.pgRole).toBe('started');
    const ingrid = await signIn(restored);
    expect((await ingrid.ok(`{ viewer { displayName } }`)).viewer.displayName).toBe('Ingrid C');
    expect(await ctrlC(restored)).toBe(0);
  });
});
