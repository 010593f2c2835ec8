import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GraphQLClient } from './support/client.js';
import { alive, ctrlC, killEveryProcess, postmasterPid, startServerProcess } from './support/processes.js';

/**
 * The quick start, as a person runs it: the real entry point on a fresh data directory, then
 * Ctrl-C (SIGINT to the whole process group, as a terminal sends it), then a second start.
 */
let dataDir: string;
const start = () => startServerProcess({ DATA_DIR: dataDir });

afterAll(async () => {
  killEveryProcess();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

// Real processes: an embedded cluster is created and seeded; on a busy machine that takes a while.
describe('npm start on a fresh machine', { timeout: 120_000 }, () => {
  it('starts embedded PostgreSQL, seeds demo data, prints the demo sign-ins, and Ctrl-C leaves no process behind', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'samverka-start-'));
    const first = await start();
    expect(first.output()).toContain('Demo sign-ins');
    expect(first.output()).toContain('ingrid.lien@stjordal.kommune.no');
    expect(first.pgRole).toBe('started');

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

    const pgPid = (await postmasterPid(dataDir))!;
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
