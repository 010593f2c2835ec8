import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApp, type RunningApp } from '../server/app.js';
import type { Manifest } from '../server/backup/backup.js';
import { findPgTools } from '../server/backup/pg-tools.js';
import { seedDemo } from '../server/cli/seed.js';
import { createDataSource, dropDatabase, ensureDatabase, withDatabase } from '../server/database.js';
import { createLogger } from '../server/logger.js';
import { GraphQLClient } from './support/client.js';
import { sha256 } from './support/files.js';
import { ADD_FILE, CREATE_DOC } from './support/operations.js';
import { killEveryProcess, runScript } from './support/processes.js';
import { startTestServer, type TestServer } from './support/server.js';

/**
 * `npm run db:backup` and `npm run db:restore` as an operator runs them (the real CLI in a process
 * of its own), against a database with the demo data, a document file of several chunks and files
 * in DATA_DIR; restored into a new database and a new DATA_DIR, where every row of every table and
 * every file is found again, and a server on the restored database serves the document's bytes.
 */
const log = createLogger('silent');
const serverUrl = inject('pgServerUrl');
let s: TestServer;
let sourceUrl: string;
let work: string;
const databases: string[] = [];
let documentId: string;
/** Where the document's file version is downloaded, relative to the server's origin. */
let downloadPath: string;
let fileBytes: Buffer;
/** The pg_dump of the test server's major version, when this machine has one. */
let pgDumpFound: boolean;

const script = (command: 'backup' | 'restore', args: string[], env: Record<string, string>) =>
  runScript('server/cli/backup.ts', [command, ...args], { LOG_LEVEL: 'warn', ...env });

async function newDatabase(): Promise<string> {
  const name = `samverka_restore_${randomBytes(4).toString('hex')}`;
  databases.push(name);
  await ensureDatabase(serverUrl, name);
  return withDatabase(serverUrl, name);
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/**
 * Every table's row count and an MD5 of all its rows in a fixed order, computed by PostgreSQL
 * itself (independent of the checksums the backup code computes), and every sequence's state.
 */
async function contents(url: string) {
  const tables = await query<{ name: string }>(
    url,
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
  );
  const result: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await query<{ n: number; md5: string }>(
      url,
      `SELECT count(*)::int AS n, md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')) AS md5
         FROM "${name}" x`,
    );
    result[name] = `${row.n} rows, ${row.md5}`;
  }
  const sequences = await query<{ name: string }>(url, `SELECT sequencename AS name FROM pg_sequences ORDER BY 1`);
  for (const { name } of sequences) {
    const [row] = await query<{ v: string; c: boolean }>(
      url,
      `SELECT last_value::text AS v, is_called AS c FROM "${name}"`,
    );
    result[`sequence ${name}`] = `${row.v} ${row.c}`;
  }
  return result;
}

/** Path and SHA-256 of every file under a directory. */
async function filesIn(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const full = path.join(e.parentPath, e.name);
    out[path.relative(dir, full)] = sha256(await readFile(full));
  }
  return out;
}

beforeAll(async () => {
  s = await startTestServer();
  sourceUrl = (s.db.options as { url: string }).url;
  work = await mkdtemp(path.join(tmpdir(), 'samverka-backup-'));
  await seedDemo(s.db, s.config, log);

  // A file of three 256 KB chunks and a bit, as a document's second version.
  const { signIn } = await s.anon.ok(
    `mutation { signIn(input: { email: "ingrid.lien@stjordal.kommune.no", password: "samverka-demo" }) { token } }`,
  );
  const ingrid = new GraphQLClient(s.url, signIn.token as string);
  const { buyerGroups } = await ingrid.ok(`{ buyerGroups(scope: MINE) { nodes { id } } }`);
  const { createDocument } = await ingrid.ok(CREATE_DOC, {
    input: {
      groupId: buyerGroups.nodes[0].id,
      title: 'Kravspesifikasjon',
      kind: 'REQUIREMENT_SPECIFICATION',
      language: 'nb',
    },
  });
  documentId = createDocument.id;
  fileBytes = Buffer.from(`${'Krav: universell utforming, æøå ÆØÅ.\n'.repeat(21_000)}`);
  const res = await fetch(`${new URL(s.url).origin}/uploads`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${signIn.token}`,
      'x-samverka-upload': '1',
      'x-file-name': 'krav.txt',
      'content-type': 'text/plain',
    },
    body: new Uint8Array(fileBytes),
  });
  expect(res.status).toBe(201);
  const { uploadId } = (await res.json()) as { uploadId: string };
  const { addFileVersion } = await ingrid.ok(ADD_FILE, {
    input: { documentId, baseVersion: createDocument.currentVersion, uploadId },
  });
  downloadPath = addFileVersion.downloadPath!;
  const [chunks] = await s.db.query(`SELECT count(*)::int AS n FROM file_chunk`);
  expect(chunks.n).toBeGreaterThanOrEqual(3);

  // DATA_DIR's own files: what the embedded default keeps there, and the outbox's mail.
  await writeFile(path.join(s.config.dataDir, 'session-secret'), 'a-secret\n', { mode: 0o600 });
  await mkdir(path.join(s.config.dataDir, 'outbox'), { recursive: true });
  await writeFile(
    path.join(s.config.dataDir, 'outbox', '2026-01-01-invitation.eml'),
    'Subject: Hei\r\n\r\nVelkommen\r\n',
  );

  const [{ major }] = await query<{ major: number }>(
    sourceUrl,
    `SELECT (current_setting('server_version_num')::int / 10000) AS major`,
  );
  pgDumpFound = !!(await findPgTools(major));
  // The server's own jobs (mail, notifications) write on their own time; with them stopped, the
  // source holds still, and what the restore finds can be compared with what the source holds.
  await s.app.stop();
}, 180_000);

afterAll(async () => {
  killEveryProcess();
  if (s) {
    await s.db.destroy();
    await dropDatabase(serverUrl, new URL(sourceUrl).pathname.slice(1));
    await s.mail.stop();
    await rm(s.config.dataDir, { recursive: true, force: true });
  }
  for (const name of databases) await dropDatabase(serverUrl, name).catch(() => undefined);
  if (work) await rm(work, { recursive: true, force: true });
});

/** A server on the restored database serves the document's bytes to the signed-in owner. */
async function servesTheFile(url: string): Promise<void> {
  const db = createDataSource({ url, log, poolSize: 2 });
  await db.initialize();
  let app: RunningApp | undefined;
  try {
    app = await startApp({ config: s.config, db, log, sessionSecret: s.config.sessionSecret! });
    const { signIn } = await new GraphQLClient(app.url).ok(
      `mutation { signIn(input: { email: "ingrid.lien@stjordal.kommune.no", password: "samverka-demo" }) { token } }`,
    );
    const res = await fetch(`${new URL(app.url).origin}${downloadPath}`, {
      headers: { authorization: `Bearer ${signIn.token}` },
    });
    expect(res.status).toBe(200);
    expect(sha256(Buffer.from(await res.arrayBuffer()))).toBe(sha256(fileBytes));
  } finally {
    await app?.stop();
    await db.destroy();
  }
}

describe('npm run db:backup and db:restore', { timeout: 180_000 }, () => {
  it('auto takes pg_dump when one of the server major version is found, else COPY in one snapshot', async () => {
    const out = path.join(work, 'auto');
    const run = await script('backup', ['--out', out], { DATABASE_URL: sourceUrl, DATA_DIR: s.config.dataDir });
    expect(run.output).toContain('Backed up');
    expect(run.code).toBe(0);
    const manifest = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.database.method).toBe(pgDumpFound ? 'pg_dump' : 'copy');
    expect(manifest.files.map((f) => f.path).sort()).toEqual(['outbox/2026-01-01-invitation.eml', 'session-secret']);
  });

  for (const method of ['copy', 'pg_dump'] as const) {
    it(`round trip with --method ${method}: every row, sequence and file comes back`, async (ctx) => {
      // pg_dump of the server's major version: the system PostgreSQL's on a machine that has one;
      // the embedded PostgreSQL 18 has none in any npm package that runs here (see the README).
      if (method === 'pg_dump' && !pgDumpFound) ctx.skip();
      const out = path.join(work, method);
      const backup = await script('backup', ['--out', out, '--method', method], {
        DATABASE_URL: sourceUrl,
        DATA_DIR: s.config.dataDir,
      });
      expect(backup.output).toContain(`, ${method}, PostgreSQL`);
      expect(backup.code).toBe(0);
      expect(existsSync(`${out}.partial`)).toBe(false);

      const targetUrl = await newDatabase();
      const targetDir = path.join(work, `${method}-data`);
      const restore = await script('restore', [out], { DATABASE_URL: targetUrl, DATA_DIR: targetDir });
      expect(restore.output).toContain('every table checked against the backup');
      expect(restore.code).toBe(0);

      const before = await contents(sourceUrl);
      const after = await contents(targetUrl);
      expect(Object.keys(before).length).toBeGreaterThan(40);
      expect(Number(before.event.split(' ')[0])).toBeGreaterThan(100);
      expect(after).toEqual(before);
      expect(await filesIn(targetDir)).toEqual(await filesIn(s.config.dataDir));

      // A second restore into the same database is refused, and changes nothing.
      const again = await script('restore', [out], { DATABASE_URL: targetUrl, DATA_DIR: targetDir });
      expect(again.output).toContain('not empty');
      expect(again.code).toBe(1);
      expect(await contents(targetUrl)).toEqual(before);

      // Last: a server on it writes (a session, its scheduler's notices).
      await servesTheFile(targetUrl);
    });
  }

  it('refuses a damaged backup before it writes anything', async () => {
    const out = path.join(work, 'damaged');
    const env = { DATABASE_URL: sourceUrl, DATA_DIR: s.config.dataDir };
    expect((await script('backup', ['--out', out, '--method', 'copy'], env)).code).toBe(0);
    const manifest = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8')) as Manifest;
    const event = manifest.database.tables.find((t) => t.name === 'event')!;
    await appendFile(path.join(out, event.file!), Buffer.from([0]));
    const targetUrl = await newDatabase();
    const restore = await script('restore', [out], {
      DATABASE_URL: targetUrl,
      DATA_DIR: path.join(work, 'damaged-data'),
    });
    expect(restore.output).toContain('is damaged');
    expect(restore.code).toBe(1);
    expect(await query(targetUrl, `SELECT 1 FROM pg_tables WHERE schemaname = 'public'`)).toEqual([]);
  });
});
