import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuyerGroup } from '../server/modules/groups/group.entity.js';
import { MembershipRole } from '../server/modules/groups/membership.entity.js';
import { NeedStatus, SharedNeed } from '../server/modules/needs/need.entity.js';
import type { TestUser } from './support/factories.js';
import { sharedPath } from './support/shared.js';
import { startTestServer, type TestServer } from './support/server.js';
import { hex } from './support/helpers.js';

/**
 * The CPV list: `npm run import:cpv` run as a child process against this file's own database, then
 * what the API makes of the list. The tests run in order: the list is empty until the import.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CPV_FILE = sharedPath('cpv', 'cpv-2008-en.csv');
/** The file's rows, read here independently of the importer, to say what the API should answer. */
const FILE_ROWS = (parse(readFileSync(CPV_FILE), { columns: true, bom: true }) as { code: string; title: string }[])
  // The file's one broken line (a check-digit code in the title column of "code 00000004").
  .filter((r) => !r.code.startsWith('00'));

const CPV_CODE = `query($code: String!) { cpvCode(code: $code) { code title } }`;
const CPV_CODES = `query($search: String, $first: Int, $after: String) {
  cpvCodes(search: $search, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { code title } edges { cursor node { code } }
  }
}`;
const CREATE_GROUP = `mutation($input: CreateBuyerGroupInput!) {
  createBuyerGroup(input: $input) { id cpvCodes cpv { code title } }
}`;
const UPDATE_GROUP = `mutation($id: ID!, $input: UpdateBuyerGroupInput!) {
  updateBuyerGroup(id: $id, input: $input) { id cpvCodes cpv { code title } }
}`;
const GROUP = `query($id: ID!) { buyerGroup(id: $id) { id cpvCodes cpv { code title } } }`;
const CREATE_NEED = `mutation($input: CreateSharedNeedInput!) {
  createSharedNeed(input: $input) { id cpvCodes cpv { code title } }
}`;
const UPDATE_NEED = `mutation($id: ID!, $input: UpdateSharedNeedInput!) {
  updateSharedNeed(id: $id, input: $input) { id cpvCodes cpv { code title } }
}`;
const NEED = `query($id: ID!) { sharedNeed(id: $id) { id cpvCodes cpv { code title } } }`;

let s: TestServer;
let coord: TestUser;
/** An active MEMBER (not coordinator) of `group`. */
let member: TestUser;
let observer: TestUser;
let group: BuyerGroup;
/** Created while the list was empty, with an unknown and a (later) known code. */
let earlyGroupId: string;
let tmp: string;

beforeAll(async () => {
  s = await startTestServer();
  coord = await s.factories.user();
  member = await s.factories.user();
  observer = await s.factories.user();
  group = await s.factories.group(coord.organisation, {}, [
    { organisation: member.organisation },
    { organisation: observer.organisation, role: MembershipRole.OBSERVER },
  ]);
  tmp = await mkdtemp(path.join(tmpdir(), 'samverka-cpv-'));
});
afterAll(async () => {
  await s?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run import:cpv -- <args>` as an operator runs it, on this file's database. */
function importCpv(...args: string[]): Promise<Run> {
  const url = (s.db.options as { url: string }).url;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'server/cli/import-cpv.ts', ...args],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' }, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

/** The summary's counts. */
function summary(stdout: string) {
  const count = (label: string) => {
    const m = new RegExp(`^\\s+${label}\\s+([\\d,]+)`, 'm').exec(stdout);
    if (!m) throw new Error(`no "${label}" in the summary:\n${stdout}`);
    return Number(m[1].replace(/,/g, ''));
  };
  return {
    inserted: count('inserted'),
    updated: count('updated'),
    unchanged: count('unchanged'),
    rejected: count('rejected'),
  };
}

async function csvFile(name: string, content: string): Promise<string> {
  const file = path.join(tmp, name);
  await writeFile(file, content);
  return file;
}

const listSize = async () => (await coord.client.ok(CPV_CODES, { first: 1 })).cpvCodes.totalCount as number;

const groupInput = (cpvCodes: string[]) => ({
  name: `CPV-gruppe ${hex()}`,
  focusArea: 'TRANSPORT',
  cpvCodes,
});
const needInput = (cpvCodes: string[]) => ({ groupId: group.id, title: 'Buss', problem: 'Problem', cpvCodes });

describe('anonymous callers', () => {
  it('are refused the CPV queries with UNAUTHENTICATED', async () => {
    for (const [query, variables, field] of [
      [CPV_CODE, { code: '34121000' }, 'cpvCode'],
      [CPV_CODES, { search: 'bus' }, 'cpvCodes'],
    ] as const) {
      const res = await s.anon.request(query, variables);
      expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(res.data?.[field] ?? null).toBeNull();
    }
  });
});

describe('before a CPV list is imported', () => {
  it('knows no codes', async () => {
    expect((await coord.client.ok(CPV_CODE, { code: '34121000' })).cpvCode).toBeNull();
    expect(await listSize()).toBe(0);
  });

  it('accepts any well-formed code, and shows it without a title', async () => {
    const { createBuyerGroup } = await coord.client.ok(CREATE_GROUP, {
      input: groupInput(['99999999-9', '34121000']),
    });
    earlyGroupId = createBuyerGroup.id;
    expect(createBuyerGroup).toMatchObject({
      cpvCodes: ['99999999', '34121000'],
      cpv: [
        { code: '99999999', title: null },
        { code: '34121000', title: null },
      ],
    });
    const { createSharedNeed } = await member.client.ok(CREATE_NEED, { input: needInput(['99999998']) });
    expect(createSharedNeed.cpv).toEqual([{ code: '99999998', title: null }]);
  });

  it('still checks the format', async () => {
    const err = await coord.client.fails(CREATE_GROUP, { input: groupInput(['34121000', '3412100']) });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual([
      'BAD_USER_INPUT',
      'input.cpvCodes[1]',
      'cpvCode',
    ]);
  });
});

// Each test runs the CLI as a child process (tsx compiles it first): seconds each, more on a busy machine.
describe('npm run import:cpv', { timeout: 120_000 }, () => {
  it('without a file prints the usage and exits 2', async () => {
    const run = await importCpv();
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/usage: npm run import:cpv -- <file\.csv>/);
  });

  it('refuses a missing file, exiting non-zero with a clear message', async () => {
    const missing = path.join(tmp, 'nope.csv');
    const run = await importCpv(missing);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(`${missing}: no such file`);
    expect(await listSize()).toBe(0);
  });

  it('refuses a file without the code and title columns', async () => {
    const run = await importCpv(await csvFile('header.csv', 'kode,tittel\r\n34121000,Buses and coaches\r\n'));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/line 1: expected a header line naming the columns code and title/);
    expect(await listSize()).toBe(0);
  });

  it('refuses a file with no valid rows, naming each line, and imports nothing', async () => {
    const file = await csvFile('invalid.csv', 'code,title\n3412100,Too short\n34121000,\n');
    const run = await importCpv(file);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(`${file} has no valid rows: nothing imported.`);
    expect(run.stdout).toMatch(/line 2: code "3412100" is not a CPV code/);
    expect(run.stdout).toMatch(/line 3: code 34121000 has an empty title/);
    expect(await listSize()).toBe(0);
  });

  it('loads the CPV 2008 list: 9,454 codes, and names the broken line it rejects', async () => {
    const run = await importCpv(CPV_FILE);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(summary(run.stdout)).toEqual({ inserted: 9454, updated: 0, unchanged: 0, rejected: 1 });
    expect(run.stdout).toMatch(/^ {4}line 3325: code "00000004" is not a CPV code: there is no division 00$/m);
    expect(await listSize()).toBe(9454);
    expect(FILE_ROWS).toHaveLength(9454);
  });

  it('changes nothing when run again', async () => {
    const run = await importCpv(CPV_FILE);
    expect(run.code).toBe(0);
    expect(summary(run.stdout)).toEqual({ inserted: 0, updated: 0, unchanged: 9454, rejected: 1 });
    expect(await listSize()).toBe(9454);
  });

  it('updates changed titles, keeps codes the file does not name, and rejects bad lines by line number', async () => {
    const file = await csvFile(
      'changed.csv',
      [
        'code,title',
        '34121000,"Buses and coaches, long-distance"', // 2: title changed
        '34121100-1,Public-service buses', // 3: unchanged, written with its check digit
        '', // 4: empty lines are skipped but counted
        '3412110,Too short', // 5
        '34121200,  ', // 6
        '34121100,Public-service buses', // 7: the same code as line 3
        '00000001,"Two', // 8: a record over two lines
        'lines"', // 9
        '34121400,Low-floor buses,extra', // 10
        '34121500,Coaches', // 11: unchanged
        '',
      ].join('\r\n'),
    );
    const run = await importCpv(file);
    expect(run.code).toBe(0);
    expect(summary(run.stdout)).toEqual({ inserted: 0, updated: 1, unchanged: 2, rejected: 5 });
    const rejected = run.stdout.split('\n').filter((l) => /^ {4}line /.test(l));
    expect(rejected).toEqual([
      '    line 5: code "3412110" is not a CPV code: expected 8 digits, optionally followed by -N',
      '    line 6: code 34121200 has an empty title',
      '    line 7: code 34121100 already appears on line 3',
      '    line 8: code "00000001" is not a CPV code: there is no division 00',
      '    line 10: expected 2 fields like the header, found 3',
    ]);
    expect(run.stdout).toMatch(/9,451 codes already in the database are not in this file; they are kept\./);
    expect(await listSize()).toBe(9454);
    expect((await coord.client.ok(CPV_CODE, { code: '34121000' })).cpvCode.title).toBe(
      'Buses and coaches, long-distance',
    );

    // The list itself puts the title back.
    const again = await importCpv(CPV_FILE);
    expect(summary(again.stdout)).toEqual({ inserted: 0, updated: 1, unchanged: 9453, rejected: 1 });
    expect((await coord.client.ok(CPV_CODE, { code: '34121000' })).cpvCode.title).toBe('Buses and coaches');
  });
});

describe('with the CPV list imported', () => {
  it('refuses a change by someone who may not make it with FORBIDDEN, whatever the codes', async () => {
    let err = await member.client.fails(UPDATE_GROUP, { id: group.id, input: { cpvCodes: ['99999999'] } });
    expect(err.code).toBe('FORBIDDEN');
    const need = await s.db.getRepository(SharedNeed).save(
      s.db.getRepository(SharedNeed).create({
        groupId: group.id,
        title: 'Medlemmets behov',
        problem: 'Problem',
        cpvCodes: [],
        status: NeedStatus.OPEN,
        organisationId: member.organisation.id,
        createdByUserId: member.user.id,
      }),
    );
    err = await observer.client.fails(UPDATE_NEED, { id: need.id, input: { cpvCodes: ['99999999'] } });
    expect(err.code).toBe('FORBIDDEN');
    err = await observer.client.fails(CREATE_NEED, { input: needInput(['99999999']) });
    expect(err.code).toBe('FORBIDDEN');
  });

  it('looks up a code, with or without its check digit; null when it is not in the list', async () => {
    expect((await coord.client.ok(CPV_CODE, { code: '34121000' })).cpvCode).toEqual({
      code: '34121000',
      title: 'Buses and coaches',
    });
    expect((await coord.client.ok(CPV_CODE, { code: ' 34121400-4 ' })).cpvCode).toEqual({
      code: '34121400',
      title: 'Low-floor buses',
    });
    expect((await coord.client.ok(CPV_CODE, { code: '99999999' })).cpvCode).toBeNull();
    expect((await coord.client.ok(CPV_CODE, { code: '00000004' })).cpvCode).toBeNull();
    const err = await coord.client.fails(CPV_CODE, { code: 'buses' });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual(['BAD_USER_INPUT', 'code', 'cpvCode']);
  });

  it('searches by code prefix, in code order', async () => {
    const { cpvCodes } = await coord.client.ok(CPV_CODES, { search: '3412', first: 100 });
    const expected = FILE_ROWS.filter((r) => r.code.startsWith('3412')).sort((a, b) => a.code.localeCompare(b.code));
    expect(expected.length).toBeGreaterThan(1);
    expect(cpvCodes.nodes).toEqual(expected);
    expect(cpvCodes.totalCount).toBe(expected.length);
    expect(cpvCodes.nodes[0]).toEqual({
      code: '34120000',
      title: 'Motor vehicles for the transport of 10 or more persons',
    });

    const one = await coord.client.ok(CPV_CODES, { search: '34121400-4' });
    expect(one.cpvCodes.nodes).toEqual([{ code: '34121400', title: 'Low-floor buses' }]);
    const division = await coord.client.ok(CPV_CODES, { search: '34', first: 1 });
    expect(division.cpvCodes.totalCount).toBe(FILE_ROWS.filter((r) => r.code.startsWith('34')).length);
  });

  it('searches by title words: every word, in any case, anywhere in the title', async () => {
    let { cpvCodes } = await coord.client.ok(CPV_CODES, { search: '  BUSES   low ' });
    expect(cpvCodes.nodes).toEqual([{ code: '34121400', title: 'Low-floor buses' }]);

    ({ cpvCodes } = await coord.client.ok(CPV_CODES, { search: 'Buses', first: 100 }));
    const buses = FILE_ROWS.filter((r) => r.title.toLowerCase().includes('buses'))
      .map((r) => r.code)
      .sort();
    expect(buses.length).toBeGreaterThan(5);
    expect(cpvCodes.nodes.map((n: { code: string }) => n.code)).toEqual(buses);
    expect(cpvCodes.totalCount).toBe(buses.length);

    // Wildcards are taken literally.
    ({ cpvCodes } = await coord.client.ok(CPV_CODES, { search: 'bus%' }));
    expect(cpvCodes.totalCount).toBe(0);
    ({ cpvCodes } = await coord.client.ok(CPV_CODES, { search: 'zzzz buses' }));
    expect(cpvCodes.totalCount).toBe(0);
  });

  it('pages with cursors, without gaps or repeats, totalCount on every page', async () => {
    const expected = FILE_ROWS.filter((r) => /vehicles/i.test(r.title) && /motor/i.test(r.title))
      .map((r) => r.code)
      .sort();
    expect(expected.length).toBeGreaterThan(6);
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 50; pages++) {
      const page: any = (await coord.client.ok(CPV_CODES, { search: 'motor vehicles', first: 3, after })).cpvCodes;
      expect(page.totalCount).toBe(expected.length);
      expect(page.nodes.length).toBeLessThanOrEqual(3);
      seen.push(...page.nodes.map((n: { code: string }) => n.code));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);

    // The whole list pages too (no search), from the first code on.
    const first = await coord.client.ok(CPV_CODES, { first: 2 });
    expect(first.cpvCodes.nodes.map((n: { code: string }) => n.code)).toEqual(['03000000', '03100000']);
    const next = await coord.client.ok(CPV_CODES, { first: 2, after: first.cpvCodes.pageInfo.endCursor });
    expect(next.cpvCodes.nodes.map((n: { code: string }) => n.code)).toEqual(['03110000', '03111000']);
  });

  it('refuses a page size out of range and a forged cursor', async () => {
    let res = await coord.client.request(CPV_CODES, { first: 101 });
    expect([res.errors?.[0]?.extensions?.code, res.errors?.[0]?.extensions?.field]).toEqual([
      'BAD_USER_INPUT',
      'first',
    ]);
    const forged = Buffer.from(JSON.stringify(['34121000', "34121000' OR 1=1"])).toString('base64url');
    res = await coord.client.request(CPV_CODES, { after: forged });
    expect([res.errors?.[0]?.extensions?.code, res.errors?.[0]?.extensions?.field]).toEqual([
      'BAD_USER_INPUT',
      'after',
    ]);
  });

  it('refuses a new group with a code not in the list, naming each such code by its index', async () => {
    const before = await s.db.getRepository(BuyerGroup).count();
    let err = await coord.client.fails(CREATE_GROUP, { input: groupInput(['34121000', '99999999-9']) });
    expect([err.code, err.extensions.field, err.extensions.rule, err.message]).toEqual([
      'BAD_USER_INPUT',
      'input.cpvCodes[1]',
      'cpvCodeKnown',
      'input.cpvCodes[1]: "99999999-9" is not in the CPV 2008 list',
    ]);
    err = await coord.client.fails(CREATE_GROUP, { input: groupInput(['99999999', '34121000', '00000004']) });
    expect(err.extensions.problems).toEqual([
      { field: 'input.cpvCodes[0]', rule: 'cpvCodeKnown', message: '"99999999" is not in the CPV 2008 list' },
      { field: 'input.cpvCodes[2]', rule: 'cpvCodeKnown', message: '"00000004" is not in the CPV 2008 list' },
    ]);
    expect(await s.db.getRepository(BuyerGroup).count()).toBe(before);
  });

  it('accepts a group with known codes and shows their titles', async () => {
    const { createBuyerGroup } = await coord.client.ok(CREATE_GROUP, {
      input: groupInput(['34121400-4', '34121000', '34121400']),
    });
    expect(createBuyerGroup).toMatchObject({
      cpvCodes: ['34121400', '34121000'],
      cpv: [
        { code: '34121400', title: 'Low-floor buses' },
        { code: '34121000', title: 'Buses and coaches' },
      ],
    });
  });

  it('checks the codes of a group update; a refused update changes nothing', async () => {
    const err = await coord.client.fails(UPDATE_GROUP, {
      id: group.id,
      input: { name: 'Nytt navn', cpvCodes: ['34121000', '34121500', '12345678'] },
    });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual([
      'BAD_USER_INPUT',
      'input.cpvCodes[2]',
      'cpvCodeKnown',
    ]);
    const stored = await s.db.getRepository(BuyerGroup).findOneByOrFail({ id: group.id });
    expect([stored.name, stored.cpvCodes]).toEqual([group.name, []]);

    const { updateBuyerGroup } = await coord.client.ok(UPDATE_GROUP, {
      id: group.id,
      input: { cpvCodes: ['34121500'] },
    });
    expect(updateBuyerGroup.cpv).toEqual([{ code: '34121500', title: 'Coaches' }]);
    // A change that does not name the codes does not re-check them.
    await coord.client.ok(UPDATE_GROUP, { id: group.id, input: { name: 'Annet navn' } });
  });

  it('checks the codes of a new need and of a need update', async () => {
    let err = await member.client.fails(CREATE_NEED, { input: needInput(['12345678']) });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual([
      'BAD_USER_INPUT',
      'input.cpvCodes[0]',
      'cpvCodeKnown',
    ]);
    const { createSharedNeed: need } = await member.client.ok(CREATE_NEED, { input: needInput(['34121300-0']) });
    expect(need).toMatchObject({ cpvCodes: ['34121300'], cpv: [{ code: '34121300', title: 'Double-decker buses' }] });

    err = await member.client.fails(UPDATE_NEED, {
      id: need.id,
      input: { title: 'Endret', cpvCodes: ['34121300', '99999999'] },
    });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual([
      'BAD_USER_INPUT',
      'input.cpvCodes[1]',
      'cpvCodeKnown',
    ]);
    const stored = await s.db.getRepository(SharedNeed).findOneByOrFail({ id: need.id });
    expect([stored.title, stored.cpvCodes]).toEqual(['Buss', ['34121300']]);

    const { updateSharedNeed } = await member.client.ok(UPDATE_NEED, {
      id: need.id,
      input: { cpvCodes: ['34121200', '34121300'] },
    });
    expect(updateSharedNeed.cpv).toEqual([
      { code: '34121200', title: 'Articulated buses' },
      { code: '34121300', title: 'Double-decker buses' },
    ]);
    expect((await coord.client.ok(NEED, { id: need.id })).sharedNeed.cpv).toHaveLength(2);
  });

  it('shows codes stored before the import with their titles now, and unknown ones without', async () => {
    const { buyerGroup } = await coord.client.ok(GROUP, { id: earlyGroupId });
    expect(buyerGroup.cpv).toEqual([
      { code: '99999999', title: null },
      { code: '34121000', title: 'Buses and coaches' },
    ]);
  });

  it('loads the titles of every group and need on a page in one statement, whatever their number', async () => {
    const prefix = `Tellegruppe ${hex()}`;
    const codes = FILE_ROWS.slice(0, 200).map((r) => r.code);
    const build = async (tag: string, count: number) => {
      for (let i = 0; i < count; i++) {
        const g = await s.factories.group(coord.organisation, {
          name: `${prefix} ${tag} ${i}`,
          cpvCodes: codes.slice(i * 3, i * 3 + 3),
        });
        await s.db.getRepository(SharedNeed).save(
          s.db.getRepository(SharedNeed).create({
            groupId: g.id,
            title: `Behov ${i}`,
            problem: 'Problem',
            cpvCodes: codes.slice(100 + i, 102 + i),
            status: NeedStatus.OPEN,
            organisationId: coord.organisation.id,
            createdByUserId: coord.user.id,
          }),
        );
      }
    };
    await build('få', 2);
    await build('mange', 20);
    const query = `query($search: String!) {
      buyerGroups(scope: MINE, search: $search, first: 50) {
        nodes { cpv { code title } needs(first: 10) { nodes { cpv { code title } } } }
      }
    }`;
    const count = async (search: string, groups: number) => {
      const res = await coord.client.request(query, { search });
      expect(res.errors).toBeUndefined();
      const nodes = res.data!.buyerGroups.nodes;
      expect(nodes).toHaveLength(groups);
      for (const g of nodes) {
        expect(g.cpv).toHaveLength(3);
        expect(g.cpv.every((c: { title: string | null }) => c.title)).toBe(true);
        expect(g.needs.nodes[0].cpv).toHaveLength(2);
        expect(g.needs.nodes[0].cpv.every((c: { title: string | null }) => c.title)).toBe(true);
      }
      return res.extensions!.sqlStatements!;
    };
    await coord.client.ok('{ viewer { id } }');
    const few = await count(`${prefix} få`, 2);
    const many = await count(`${prefix} mange`, 20);
    expect(many).toBe(few);
    // The titles are counted: one statement for the groups' codes, one for their needs' codes.
    const bare = await coord.client.request(query.replaceAll('cpv { code title }', 'id'), {
      search: `${prefix} mange`,
    });
    expect(bare.extensions!.sqlStatements).toBe(many - 2);
  });
});
