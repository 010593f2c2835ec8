import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../server/config.js';
import { Country, OrganisationKind } from '../server/modules/organisations/organisation.entity.js';
import { swedishOrgNumber } from './support/factories.js';
import type { Operation } from './support/graphql.js';
import * as op from './support/operations.js';
import { SERVER_ARGS } from './support/processes.js';
import * as proc from './support/procurement-world.js';
import { type World } from './support/procurement-world.js';
import { s, startTestServer } from './support/server.js';

proc.useProcurementServer();

// ---- values ----

describe('estimated value and setLotValue', () => {
  it('refuses anonymous callers, outsiders and unknown lots', async () => {
    const w = await proc.world({ interests: false });
    const p = await proc.create(w, { participantOrganisationIds: [w.a.organisation.id] });
    const lot = p.lots[0].id;
    expect((await s.anon.fails(op.SET_VALUE, { input: { lotId: lot, amount: '1', currency: 'NOK' } })).code).toBe(
      'UNAUTHENTICATED',
    );
    expect(
      (await proc.outsider.client.fails(op.SET_VALUE, { input: { lotId: lot, amount: '1', currency: 'NOK' } })).code,
    ).toBe('NOT_FOUND');
    expect(
      (await proc.supplier.client.fails(op.SET_VALUE, { input: { lotId: lot, amount: '1', currency: 'NOK' } })).code,
    ).toBe('NOT_FOUND');
    const unknown = await w.a.client.fails(op.SET_VALUE, {
      input: { lotId: randomUUID(), amount: '1', currency: 'NOK' },
    });
    expect([unknown.code, unknown.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.lotId']);
    expect((await proc.read(w.a, p.id)).estimatedValue).toEqual([]);
  });

  it('lets a participant state its own value and a coordinator state another participant’s; members and non-participants are refused', async () => {
    const w = await proc.world({ interests: false });
    const p = await proc.create(w, { participantOrganisationIds: [w.a.organisation.id, w.b.organisation.id] });
    const lot = p.lots[0].id;

    const own = await proc.setValue(w.a, lot, '0.10');
    expect(own.setLotValue).toEqual({
      lotId: lot,
      amount: '0.1',
      currency: 'NOK',
      organisation: { id: w.a.organisation.id },
    });
    const forB = await proc.setValue(w.coord, lot, '0.20', 'NOK', w.b.organisation.id);
    expect(forB.setLotValue.organisation.id).toBe(w.b.organisation.id);

    // A member may not state another authority's value.
    expect(
      (
        await w.a.client.fails(op.SET_VALUE, {
          input: { lotId: lot, amount: '5', currency: 'NOK', organisationId: w.b.organisation.id },
        })
      ).code,
    ).toBe('FORBIDDEN');
    // A member whose organisation does not participate has no value to state.
    expect((await w.c.client.fails(op.SET_VALUE, { input: { lotId: lot, amount: '5', currency: 'NOK' } })).code).toBe(
      'FORBIDDEN',
    );
    expect(
      (await w.observer.client.fails(op.SET_VALUE, { input: { lotId: lot, amount: '5', currency: 'NOK' } })).code,
    ).toBe('FORBIDDEN');
    // A coordinator cannot state a value for an organisation that does not participate.
    const notParticipant = await w.coord.client.fails(op.SET_VALUE, {
      input: { lotId: lot, amount: '5', currency: 'NOK', organisationId: w.c.organisation.id },
    });
    expect([notParticipant.code, notParticipant.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.organisationId']);

    const got = await proc.read(w.c, p.id);
    // Exact decimals: 0.10 + 0.20 is 0.3, not 0.30000000000000004 (trailing zeros are not sent).
    expect(got.lots[0].estimatedValue).toEqual([{ amount: '0.3', currency: 'NOK', authorityCount: 2 }]);
    expect(got.estimatedValue).toEqual([{ amount: '0.3', currency: 'NOK', authorityCount: 2 }]);

    // Stating again replaces the value (also its currency).
    await proc.setValue(w.a, lot, '2500', 'EUR');
    const again = await proc.read(w.c, p.id);
    expect(proc.byCurrency(again.lots[0].estimatedValue)).toEqual([
      { amount: '2500', currency: 'EUR', authorityCount: 1 },
      { amount: '0.2', currency: 'NOK', authorityCount: 1 },
    ]);
    expect(proc.participant(again, w.a)!.statedValues).toEqual([{ lotId: lot, amount: '2500', currency: 'EUR' }]);
  });

  it('sums per currency and per lot, exactly, at the largest amounts', async () => {
    const w = await proc.world({ interests: false });
    const p = await proc.create(w, { participantOrganisationIds: [w.a.organisation.id, w.b.organisation.id] });
    const [lot1, lot2] = p.lots.map((l) => l.id);
    await proc.setValue(w.a, lot1, '12345678901234.56');
    await proc.setValue(w.b, lot1, '0.45');
    await proc.setValue(w.coord, lot1, '99999999999999.99', 'SEK');
    await proc.setValue(w.a, lot2, '10', 'SEK');
    await proc.setValue(w.b, lot2, '0.01', 'NOK');
    const got = await proc.read(w.a, p.id);
    expect(proc.byCurrency(got.lots[0].estimatedValue)).toEqual([
      { amount: '12345678901235.01', currency: 'NOK', authorityCount: 2 },
      { amount: '99999999999999.99', currency: 'SEK', authorityCount: 1 },
    ]);
    expect(proc.byCurrency(got.lots[1].estimatedValue)).toEqual([
      { amount: '0.01', currency: 'NOK', authorityCount: 1 },
      { amount: '10', currency: 'SEK', authorityCount: 1 },
    ]);
    expect(proc.byCurrency(got.estimatedValue)).toEqual([
      { amount: '12345678901235.02', currency: 'NOK', authorityCount: 2 },
      { amount: '100000000000009.99', currency: 'SEK', authorityCount: 2 },
    ]);
  });

  it('refuses negative and too precise amounts naming input.amount, changing nothing', async () => {
    const w = await proc.world({ interests: false });
    const p = await proc.create(w, { participantOrganisationIds: [w.a.organisation.id] });
    const lot = p.lots[0].id;
    await proc.setValue(w.a, lot, '100');
    for (const amount of ['-5', '-0.01', '1.234', '123456789012345', '0.001']) {
      const err = await w.a.client.fails(op.SET_VALUE, { input: { lotId: lot, amount, currency: 'NOK' } });
      expect([amount, err.code, err.extensions.field]).toEqual([amount, 'BAD_USER_INPUT', 'input.amount']);
    }
    expect((await w.a.client.fails(op.SET_VALUE, { input: { lotId: lot, amount: 'mye', currency: 'NOK' } })).code).toBe(
      'BAD_USER_INPUT',
    );
    expect((await proc.read(w.a, p.id)).estimatedValue).toEqual([
      { amount: '100', currency: 'NOK', authorityCount: 1 },
    ]);
  });
});

// ---- thresholds ----

describe('thresholdAssessment', () => {
  /** A procurement of `w` with the lead and a, a stating `nok` NOK on lot 1. */
  async function valued(w: World, nok: string, overrides: Record<string, unknown> = {}) {
    const p = await proc.create(w, { participantOrganisationIds: [w.a.organisation.id], ...overrides });
    await proc.setValue(w.a, p.lots[0].id, nok);
    return p;
  }

  it('below the national threshold: no notice', async () => {
    const w = await proc.world({ interests: false });
    const p = await valued(w, '1299999.99');
    expect(await proc.thresholds(w.a, p.id)).toEqual({
      country: 'NO',
      authorityLevel: 'SUB_CENTRAL',
      estimatedValue: { amount: '1299999.99', currency: 'NOK' },
      convertedCurrencies: [],
      nationalThreshold: { amount: '1300000', currency: 'NOK' },
      euThreshold: { amount: '2484000', currency: 'NOK' },
      aboveNationalThreshold: false,
      aboveEuThreshold: false,
      requiredNotices: [],
      thresholdsValidFrom: '2026-01-01',
      // Lot 1 alone has a value; the lots have no period, so the values count as stated (TOTAL).
      lots: [
        {
          lot: { id: p.lots[0].id, number: 1 },
          authorityCount: 1,
          basis: 'TOTAL',
          statedValue: { amount: '1299999.99', currency: 'NOK' },
          statedValues: [{ amount: '1299999.99', currency: 'NOK', authorityCount: 1 }],
          amountPerAuthority: { amount: '1299999.99', currency: 'NOK' },
          months: null,
          estimatedValue: { amount: '1299999.99', currency: 'NOK' },
          explanation: '1 authority × 1,299,999.99 NOK for the whole period = 1,299,999.99 NOK',
        },
        {
          lot: { id: p.lots[1].id, number: 2 },
          authorityCount: 0,
          basis: 'TOTAL',
          statedValue: { amount: '0', currency: 'NOK' },
          statedValues: [],
          amountPerAuthority: null,
          months: null,
          estimatedValue: { amount: '0', currency: 'NOK' },
          explanation: 'no stated values = 0 NOK',
        },
      ],
      rates: [],
      explanation: [
        `Lot 1 (${p.lots[0].title}): 1 authority × 1,299,999.99 NOK for the whole period = 1,299,999.99 NOK.`,
        `Lot 2 (${p.lots[1].title}): no stated values = 0 NOK.`,
        'Total: 1,299,999.99 NOK, below the national threshold (1,300,000 NOK).',
      ].join('\n'),
    });
  });

  it('from the national threshold: a national notice', async () => {
    const w = await proc.world({ interests: false });
    const atLimit = await proc.thresholds(w.a, (await valued(w, '1300000')).id);
    expect(atLimit).toMatchObject({ aboveNationalThreshold: true, aboveEuThreshold: false });
    expect(atLimit.requiredNotices).toEqual([{ kind: 'NATIONAL', description: 'Doffin' }]);
    const above = await proc.thresholds(w.a, (await valued(w, '1500000')).id);
    expect(above.requiredNotices.map((n: { kind: string }) => n.kind)).toEqual(['NATIONAL']);
  });

  it('above the EU threshold: the EU notice', async () => {
    const w = await proc.world({ interests: false });
    const p = await valued(w, '1000000');
    // A second participant's value counts too.
    await proc.setValue(w.coord, p.lots[1].id, '1500000');
    const a = await proc.thresholds(w.a, p.id);
    expect(a).toMatchObject({
      estimatedValue: { amount: '2500000', currency: 'NOK' },
      aboveNationalThreshold: true,
      aboveEuThreshold: true,
      requiredNotices: [{ kind: 'EU', description: 'Doffin + TED (eForms)' }],
    });
  });

  it('depends on the contract type: works have a far higher EU threshold', async () => {
    const w = await proc.world({ interests: false });
    const a = await proc.thresholds(w.a, (await valued(w, '3000000', { contractType: 'WORKS' })).id);
    expect(a).toMatchObject({
      euThreshold: { amount: '62146000', currency: 'NOK' },
      aboveEuThreshold: false,
      requiredNotices: [{ kind: 'NATIONAL' }],
    });
  });

  it('a state agency taking part makes the procurement CENTRAL, with the lower EU threshold', async () => {
    const w = await proc.world({ interests: false, memberKind: OrganisationKind.STATE_AGENCY });
    const sub = await proc.world({ interests: false });
    const central = await proc.thresholds(w.a, (await valued(w, '2000000')).id);
    const subCentral = await proc.thresholds(sub.a, (await valued(sub, '2000000')).id);
    expect(subCentral).toMatchObject({ authorityLevel: 'SUB_CENTRAL', aboveEuThreshold: false });
    expect(central).toMatchObject({
      authorityLevel: 'CENTRAL',
      euThreshold: { amount: '1610000', currency: 'NOK' },
      aboveEuThreshold: true,
      requiredNotices: [{ kind: 'EU' }],
    });
  });

  it('a state agency that withdrew no longer makes it CENTRAL', async () => {
    const w = await proc.world({ interests: false, memberKind: OrganisationKind.STATE_AGENCY });
    const p = await proc.create(w, { participantOrganisationIds: [w.a.organisation.id] });
    await proc.setValue(w.coord, p.lots[0].id, '2000000');
    expect(await proc.thresholds(w.coord, p.id)).toMatchObject({ authorityLevel: 'CENTRAL', aboveEuThreshold: true });
    await w.a.client.ok(op.WITHDRAW, { input: { procurementId: p.id, reason: 'Staten trekker seg' } });
    expect(await proc.thresholds(w.coord, p.id)).toMatchObject({
      authorityLevel: 'SUB_CENTRAL',
      estimatedValue: { amount: '2000000', currency: 'NOK' },
      euThreshold: { amount: '2484000', currency: 'NOK' },
      aboveEuThreshold: false,
      requiredNotices: [{ kind: 'NATIONAL' }],
    });
  });

  it('converts other currencies at the configured rates and says which it converted', async () => {
    const w = await proc.world({ interests: false });
    const p = await proc.create(w, { participantOrganisationIds: [w.a.organisation.id, w.b.organisation.id] });
    await proc.setValue(w.a, p.lots[0].id, '100000', 'EUR'); // 1 150 000 NOK at 11.5
    await proc.setValue(w.b, p.lots[0].id, '1100000', 'SEK'); // 100 000 EUR, 1 150 000 NOK
    await proc.setValue(w.b, p.lots[1].id, '100000', 'NOK');
    expect(await proc.thresholds(w.a, p.id)).toMatchObject({
      estimatedValue: { amount: '2400000', currency: 'NOK' },
      convertedCurrencies: ['EUR', 'SEK'],
      aboveNationalThreshold: true,
      aboveEuThreshold: false,
    });
  });

  it('uses the thresholds of the lead authority’s country', async () => {
    const w = await proc.world({
      interests: false,
      coordOrg: { country: Country.SE, organisationNumber: swedishOrgNumber(), municipalityCode: null },
    });
    const p = await proc.create(w, { participantOrganisationIds: [w.a.organisation.id] });
    await proc.setValue(w.a, p.lots[0].id, '800000', 'SEK');
    expect(await proc.thresholds(w.a, p.id)).toMatchObject({
      country: 'SE',
      estimatedValue: { amount: '800000', currency: 'SEK' },
      convertedCurrencies: [],
      nationalThreshold: { amount: '700000', currency: 'SEK' },
      requiredNotices: [{ kind: 'NATIONAL', description: 'annonsdatabas' }],
    });
  });

  it('leaves out withdrawn participants', async () => {
    const w = await proc.world({ interests: false });
    const p = await proc.create(w, { participantOrganisationIds: [w.a.organisation.id, w.b.organisation.id] });
    await proc.setValue(w.a, p.lots[0].id, '1000000');
    await proc.setValue(w.b, p.lots[0].id, '1000000');
    expect((await proc.thresholds(w.a, p.id)).requiredNotices).toEqual([
      { kind: 'NATIONAL', description: expect.any(String) },
    ]);
    await w.b.client.ok(op.WITHDRAW, { input: { procurementId: p.id, reason: 'Eget behov dekket' } });
    const after = await proc.thresholds(w.a, p.id);
    expect(after).toMatchObject({
      estimatedValue: { amount: '1000000' },
      aboveNationalThreshold: false,
      requiredNotices: [],
    });
  });
});

// One test starts the server as a process (tsx compiles it first): give it time on a busy machine.
describe('THRESHOLDS_FILE', { timeout: 120_000 }, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'samverka-thresholds-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function thresholdsFile(name: string, edit: (t: any) => void): Promise<string> {
    const defaults = JSON.parse(
      await readFile(
        path.resolve(import.meta.dirname, '../server/modules/procurements/thresholds.default.json'),
        'utf8',
      ),
    );
    edit(defaults);
    const file = path.join(dir, name);
    await writeFile(file, JSON.stringify(defaults));
    return file;
  }

  it('an operator’s file changes the assessment', async () => {
    const file = await thresholdsFile('custom.json', (t) => {
      t.validFrom = '2027-07-01';
      t.countries.NO.national = { supplies: 1000, services: 1000, works: 1000 };
      t.countries.NO.eu.subCentral = { supplies: 5000, services: 5000, works: 5000 };
      t.countries.NO.notices.national = 'Nasjonal kunngjøring';
    });
    const custom = await startTestServer({ THRESHOLDS_FILE: file });
    try {
      const w = await proc.world({ interests: false, server: custom });
      const p = await proc.create(w, { participantOrganisationIds: [w.a.organisation.id] });
      await proc.setValue(w.a, p.lots[0].id, '2000');
      expect(await proc.thresholds(w.a, p.id)).toMatchObject({
        nationalThreshold: { amount: '1000', currency: 'NOK' },
        euThreshold: { amount: '5000', currency: 'NOK' },
        aboveNationalThreshold: true,
        requiredNotices: [{ kind: 'NATIONAL', description: 'Nasjonal kunngjøring' }],
        thresholdsValidFrom: '2027-07-01',
      });
      await proc.setValue(w.coord, p.lots[1].id, '3000');
      expect((await proc.thresholds(w.a, p.id)).requiredNotices.map((n: { kind: string }) => n.kind)).toEqual(['EU']);

      // The same values under the defaults need no notice.
      const d = await proc.world({ interests: false });
      const q = await proc.create(d, { participantOrganisationIds: [d.a.organisation.id] });
      await proc.setValue(d.a, q.lots[0].id, '2000');
      expect((await proc.thresholds(d.a, q.id)).requiredNotices).toEqual([]);
    } finally {
      await custom.close();
    }
  });

  it('a broken file stops the configuration naming THRESHOLDS_FILE', async () => {
    const notJson = path.join(dir, 'broken.json');
    await writeFile(notJson, '{ "countries": ');
    const negative = await thresholdsFile('negative.json', (t) => {
      t.countries.NO.national.supplies = -1;
      delete t.countries.FI;
    });
    const message = (file: string) => {
      try {
        loadConfig({ THRESHOLDS_FILE: file });
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        return (err as Error).message;
      }
      throw new Error('expected a ConfigError');
    };
    expect(message(notJson)).toContain('THRESHOLDS_FILE');
    expect(message(path.join(dir, 'missing.json'))).toContain('THRESHOLDS_FILE');
    const bad = message(negative);
    expect(bad).toContain('THRESHOLDS_FILE');
    expect(bad).toContain('countries.NO.national.supplies');
    expect(bad).toContain('countries.FI');
  });

  it('the server refuses to start with a broken file, naming THRESHOLDS_FILE', async () => {
    const file = path.join(dir, 'broken-start.json');
    await writeFile(file, 'not json at all');
    const dataDir = await mkdtemp(path.join(tmpdir(), 'samverka-thresholds-start-'));
    const child = spawn(process.execPath, SERVER_ARGS, {
      cwd: path.resolve(import.meta.dirname, '..'),
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: '', THRESHOLDS_FILE: file },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    try {
      const code = await new Promise<number | null>((resolve) => {
        child.on('exit', (c) => resolve(c));
        // A server that started anyway is a failure, not a hang.
        child.stdout!.on('data', () => {
          if (/running at/.test(out)) resolve(-1);
        });
      });
      expect(out).toContain('THRESHOLDS_FILE');
      expect(out).not.toMatch(/running at/);
      expect(code).toBe(1);
    } finally {
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
// ---- lots ----

describe('lots', () => {
  it('only coordinators add, change and remove lots', async () => {
    const w = await proc.world();
    const p = await proc.create(w);
    const lot = p.lots[0].id;
    expect((await s.anon.fails(op.ADD_LOT, { p: p.id, input: { title: 'Del' } })).code).toBe('UNAUTHENTICATED');
    expect((await proc.outsider.client.fails(op.ADD_LOT, { p: p.id, input: { title: 'Del' } })).code).toBe('NOT_FOUND');
    expect((await proc.outsider.client.fails(op.UPDATE_LOT, { id: lot, input: { title: 'Del' } })).code).toBe(
      'NOT_FOUND',
    );
    expect((await w.a.client.fails(op.ADD_LOT, { p: p.id, input: { title: 'Del' } })).code).toBe('FORBIDDEN');
    expect((await w.a.client.fails(op.UPDATE_LOT, { id: lot, input: { title: 'Del' } })).code).toBe('FORBIDDEN');
    expect((await w.a.client.fails(op.REMOVE_LOT, { id: lot })).code).toBe('FORBIDDEN');
    expect((await w.coord.client.fails(op.REMOVE_LOT, { id: randomUUID() })).code).toBe('NOT_FOUND');
    expect((await proc.read(w.a, p.id)).lots).toEqual(p.lots);
  });

  it('adds numbered lots, edits them, names bad fields', async () => {
    const w = await proc.world();
    const other = await proc.world();
    const p = await proc.create(w, { needIds: [w.needs[0].id] });
    expect(p.lots.map((l) => l.number)).toEqual([1]);
    const { addProcurementLot: added } = await w.coord.client.ok(op.ADD_LOT, {
      p: p.id,
      input: {
        title: ' Drift ',
        description: 'Drift og vedlikehold',
        cpvCodes: ['50000000-5', '50000000'],
        needId: w.needs[0].id,
      },
    });
    expect(added).toMatchObject({
      number: 2,
      title: 'Drift',
      description: 'Drift og vedlikehold',
      cpvCodes: ['50000000'],
      need: { id: w.needs[0].id },
    });
    // Tied to a need, the lot takes the participants' stated values from their interests, as at creation.
    expect(proc.byCurrency(added.estimatedValue)).toEqual([
      { amount: '2000', currency: 'EUR', authorityCount: 1 },
      { amount: '100000.5', currency: 'NOK', authorityCount: 1 },
    ]);
    const { addProcurementLot: plain } = await w.coord.client.ok(op.ADD_LOT, {
      p: p.id,
      input: { title: 'Uten behov' },
    });
    expect(plain).toMatchObject({ number: 3, cpvCodes: [], need: null, estimatedValue: [] });
    const field = async (q: Operation, vars: Record<string, unknown>) => {
      const err = await w.coord.client.fails(q, vars);
      expect(err.code, JSON.stringify(err)).toBe('BAD_USER_INPUT');
      return err.extensions.field;
    };
    expect(await field(op.ADD_LOT, { p: p.id, input: { title: 'X', needId: other.needs[0].id } })).toBe('input.needId');
    // A need of the group that the procurement was not brokered from.
    expect(await field(op.ADD_LOT, { p: p.id, input: { title: 'X', needId: w.needs[1].id } })).toBe('input.needId');
    expect(await field(op.ADD_LOT, { p: p.id, input: { title: 'X', cpvCodes: ['50000000', 'abc'] } })).toBe(
      'input.cpvCodes[1]',
    );
    expect(await field(op.ADD_LOT, { p: p.id, input: { title: ' ' } })).toBe('input.title');
    expect(await field(op.UPDATE_LOT, { id: added.id, input: { cpvCodes: ['1'] } })).toBe('input.cpvCodes[0]');
    expect(await field(op.UPDATE_LOT, { id: added.id, input: { title: '' } })).toBe('input.title');

    const { updateProcurementLot: updated } = await w.coord.client.ok(op.UPDATE_LOT, {
      id: added.id,
      input: { title: 'Drift og service', cpvCodes: ['50000000', '72000000-5'] },
    });
    expect(updated).toMatchObject({
      id: added.id,
      number: 2,
      title: 'Drift og service',
      description: 'Drift og vedlikehold',
      cpvCodes: ['50000000', '72000000'],
    });
    expect((await proc.read(w.a, p.id)).lots.map((l) => [l.number, l.title])).toEqual([
      [1, p.lots[0].title],
      [2, 'Drift og service'],
      [3, 'Uten behov'],
    ]);
  });

  it('removing a lot drops it from signed mandates and its values from the estimate; a new lot is numbered after the highest left', async () => {
    const w = await proc.world();
    const p = await proc.create(w);
    const [lot1, lot2] = p.lots.map((l) => l.id);
    await proc.sign(w.b, p.id);
    await proc.sign(w.a, p.id, { lotIds: [lot2] });
    const { removeProcurementLot } = await w.coord.client.ok(op.REMOVE_LOT, { id: lot2 });
    expect(removeProcurementLot.lots).toEqual([{ id: lot1, number: 1 }]);
    const got = await proc.read(w.c, p.id);
    expect(proc.participant(got, w.b)!.mandate.lots).toEqual([{ id: lot1 }]);
    expect(proc.participant(got, w.a)!.mandate.lots).toEqual([]);
    expect(proc.participant(got, w.b)!.statedValues.map((v) => v.lotId)).toEqual([lot1]);
    // b's NOK 300 was on lot 2.
    expect(proc.byCurrency(got.estimatedValue)).toEqual([
      { amount: '2000', currency: 'EUR', authorityCount: 1 },
      { amount: '100000.5', currency: 'NOK', authorityCount: 1 },
    ]);
    expect((await w.coord.client.fails(op.UPDATE_LOT, { id: lot2, input: { title: 'Borte' } })).code).toBe('NOT_FOUND');
    const { addProcurementLot } = await w.coord.client.ok(op.ADD_LOT, { p: p.id, input: { title: 'Ny del' } });
    expect(addProcurementLot.number).toBe(2);
  });
});
