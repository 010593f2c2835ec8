import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../server/config.js';
import { Country } from '../server/modules/organisations/organisation.entity.js';
import {
  DEFAULT_THRESHOLDS_FILE,
  ratesDate,
  readThresholds,
  standstillDays,
} from '../server/modules/procurements/procurement.thresholds.js';
import { swedishOrgNumber } from './support/factories.js';
import type { InputOf } from './support/graphql.js';
import { rows } from './support/helpers.js';
import * as op from './support/operations.js';
import { driveTo, withProcurement } from './support/procurement.js';
import * as proc from './support/procurement-world.js';
import { type World } from './support/procurement-world.js';
import { s } from './support/server.js';

proc.useProcurementServer();

type LotInput = NonNullable<InputOf<typeof op.CREATE_P>['lots']>[number];
type LotChange = InputOf<typeof op.UPDATE_LOT>;

/** The example: four years and two option years, values stated a year. */
const FOUR_PLUS_TWO: Partial<LotInput> = { durationMonths: 48, optionCount: 2, optionMonths: 12, valueBasis: 'ANNUAL' };

/** A procurement of `w` with the coordinator's authority (lead), a and b, and the lots given. */
const withLots = (w: World, lots: LotInput[], overrides: Parameters<typeof proc.create>[1] = {}) =>
  proc.create(w, {
    participantOrganisationIds: [w.a.organisation.id, w.b.organisation.id],
    contractType: 'SUPPLIES',
    lots,
    ...overrides,
  });

/** Each of the three authorities states `amounts[i]` for the lot. */
async function stateAll(w: World, lotId: string, amounts: string[], currency = 'NOK') {
  for (const [i, u] of [w.coord, w.a, w.b].entries()) await proc.setValue(u, lotId, amounts[i], currency);
}

const updateLot = (w: World, id: string, input: LotChange) => w.coord.client.ok(op.UPDATE_LOT, { id, input });

// ---- the period on a lot ----

describe('the contract period of a lot', () => {
  it('only coordinators set it: anonymous callers, outsiders and members are refused', async () => {
    const w = await proc.world({ interests: false });
    const p = await withLots(w, [{ title: 'Skoleskyss' }]);
    const lot = p.lots[0].id;
    const input = { durationMonths: 48 };
    expect((await s.anon.fails(op.UPDATE_LOT, { id: lot, input })).code).toBe('UNAUTHENTICATED');
    expect((await proc.outsider.client.fails(op.UPDATE_LOT, { id: lot, input })).code).toBe('NOT_FOUND');
    expect((await proc.supplier.client.fails(op.UPDATE_LOT, { id: lot, input })).code).toBe('NOT_FOUND');
    expect((await w.a.client.fails(op.UPDATE_LOT, { id: lot, input })).code).toBe('FORBIDDEN');
    expect((await proc.read(w.coord, p.id)).lots[0].durationMonths).toBeNull();
  });

  it('is set at creation, added with a lot, changed and cleared; the maximum counts every option', async () => {
    const w = await proc.world({ interests: false });
    const p = await withLots(w, [
      { title: 'Skoleskyss', contractStart: '2027-08-01', ...FOUR_PLUS_TWO },
      { title: 'Utstyr' },
    ]);
    expect(p.lots[0]).toMatchObject({
      contractStart: '2027-08-01',
      durationMonths: 48,
      optionCount: 2,
      optionMonths: 12,
      maxDurationMonths: 72,
      valueBasis: 'ANNUAL',
      frameworkAgreement: false,
    });
    // What existing lots and values mean: no period, values for the whole period.
    expect(p.lots[1]).toMatchObject({
      contractStart: null,
      durationMonths: null,
      optionCount: 0,
      optionMonths: null,
      maxDurationMonths: null,
      valueBasis: 'TOTAL',
      frameworkAgreement: false,
    });

    const { addProcurementLot: added } = await w.coord.client.ok(op.ADD_LOT, {
      p: p.id,
      input: { title: 'Rammeavtale', durationMonths: 24, frameworkAgreement: true },
    });
    expect(added).toMatchObject({ number: 3, durationMonths: 24, maxDurationMonths: 24, frameworkAgreement: true });

    // Left out, a field stays; null clears it; no options clears their months.
    const { updateProcurementLot: changed } = await updateLot(w, p.lots[0].id, { optionCount: 0, durationMonths: 36 });
    expect(changed).toMatchObject({
      contractStart: '2027-08-01',
      durationMonths: 36,
      optionCount: 0,
      optionMonths: null,
      maxDurationMonths: 36,
      valueBasis: 'ANNUAL',
    });
    const { updateProcurementLot: cleared } = await updateLot(w, p.lots[0].id, {
      contractStart: null,
      valueBasis: 'TOTAL',
      durationMonths: null,
    });
    expect(cleared).toMatchObject({
      contractStart: null,
      durationMonths: null,
      maxDurationMonths: null,
      valueBasis: 'TOTAL',
    });
    // The longest allowed: 50 years in all.
    const { updateProcurementLot: longest } = await updateLot(w, p.lots[0].id, {
      durationMonths: 480,
      optionCount: 2,
      optionMonths: 60,
    });
    expect(longest.maxDurationMonths).toBe(600);
  });

  it('refuses each bad period naming the field and the rule, and writes nothing', async () => {
    const w = await proc.world({ interests: false });
    const p = await withLots(w, [{ title: 'Uten periode' }, { title: 'Årlig', ...FOUR_PLUS_TWO }]);
    const [bare, annual] = p.lots;
    const events = () => rows(s, `event WHERE scope_id = $1`, [p.id]);
    const before = await events();

    const refusals: [string, LotChange, string, string][] = [
      [bare.id, { durationMonths: 0 }, 'input.durationMonths', 'min'],
      [bare.id, { durationMonths: 601 }, 'input.durationMonths', 'max'],
      [bare.id, { durationMonths: 24, optionCount: 2 }, 'input.optionMonths', 'optionsNeedMonths'],
      [bare.id, { optionCount: 1, optionMonths: 12 }, 'input.durationMonths', 'optionsNeedDuration'],
      [bare.id, { durationMonths: 24, optionCount: 1, optionMonths: 0 }, 'input.optionMonths', 'min'],
      [bare.id, { durationMonths: 480, optionCount: 2, optionMonths: 61 }, 'input.optionMonths', 'maxDuration'],
      [bare.id, { durationMonths: 600, optionCount: 1, optionMonths: 1 }, 'input.optionMonths', 'maxDuration'],
      [bare.id, { optionCount: -1 }, 'input.optionCount', 'min'],
      [bare.id, { valueBasis: 'ANNUAL' }, 'input.valueBasis', 'annualNeedsDuration'],
      // The rules hold for the lot as it would be: options on the annual lot go past 50 years,
      // its duration cannot go while it has options, nor (without options) while its values are annual.
      [annual.id, { optionMonths: 277 }, 'input.optionMonths', 'maxDuration'],
      [annual.id, { durationMonths: 577 }, 'input.durationMonths', 'maxDuration'],
      [annual.id, { durationMonths: null }, 'input.durationMonths', 'optionsNeedDuration'],
      [annual.id, { optionMonths: null }, 'input.optionMonths', 'optionsNeedMonths'],
      [annual.id, { optionCount: 0, durationMonths: null }, 'input.durationMonths', 'annualNeedsDuration'],
    ];
    for (const [id, input, field, rule] of refusals) {
      const err = await w.coord.client.fails(op.UPDATE_LOT, { id, input });
      expect([JSON.stringify(input), err.code, err.extensions.field, err.extensions.rule]).toEqual([
        JSON.stringify(input),
        'BAD_USER_INPUT',
        field,
        rule,
      ]);
    }

    // Adding a lot and creating a procurement name the same rules, a created lot by its index.
    const add = await w.coord.client.fails(op.ADD_LOT, { p: p.id, input: { title: 'Ny', valueBasis: 'ANNUAL' } });
    expect([add.code, add.extensions.field, add.extensions.rule]).toEqual([
      'BAD_USER_INPUT',
      'input.valueBasis',
      'annualNeedsDuration',
    ]);
    const procurementsBefore = await proc.procurementRows();
    for (const [lots, field, rule] of [
      [[{ title: 'Del 1' }, { title: 'Del 2', durationMonths: 0 }], 'input.lots[1].durationMonths', 'min'],
      [[{ title: 'Del 1', optionCount: 3, durationMonths: 12 }], 'input.lots[0].optionMonths', 'optionsNeedMonths'],
      [[{ title: 'Del 1', valueBasis: 'ANNUAL' }], 'input.lots[0].valueBasis', 'annualNeedsDuration'],
    ] as [LotInput[], string, string][]) {
      const err = await w.coord.client.fails(op.CREATE_P, { input: proc.createInput(w, { lots }) });
      expect([err.code, err.extensions.field, err.extensions.rule]).toEqual(['BAD_USER_INPUT', field, rule]);
    }

    expect(await proc.procurementRows()).toBe(procurementsBefore);
    expect(await events()).toBe(before);
    const after = await proc.read(w.coord, p.id);
    expect(after.lots).toEqual(p.lots);
  });

  it('changes only before the competition', { timeout: 60_000 }, async () => {
    const w = await withProcurement(s);
    await driveTo(w, w.procurementId, 'COMPETITION');
    const [lot] = (await proc.read(w.coord, w.procurementId)).lots;
    const err = await w.coord.client.fails(op.UPDATE_LOT, { id: lot.id, input: { durationMonths: 48 } });
    expect(err.code).toBe('INVALID_STATE');
    expect(err.extensions.missing).toEqual(['phase before COMPETITION']);
    expect((await proc.read(w.coord, w.procurementId)).lots[0].durationMonths).toBeNull();
  });
});

// ---- the estimated value over the period ----

describe('the estimated value over the whole period', () => {
  it('NO: three authorities at 3,000,000 NOK a year for four years and two option years make 54,000,000 NOK, and the EU notice', async () => {
    const w = await proc.world({ interests: false });
    const p = await withLots(w, [{ title: 'Skoleskyss', ...FOUR_PLUS_TWO }]);
    const lot = p.lots[0].id;
    await stateAll(w, lot, ['3000000', '3000000', '3000000']);

    const ta = await proc.thresholds(w.a, p.id);
    expect(ta).toMatchObject({
      country: 'NO',
      estimatedValue: { amount: '54000000', currency: 'NOK' },
      euThreshold: { amount: '2484000', currency: 'NOK' },
      aboveEuThreshold: true,
      requiredNotices: [{ kind: 'EU', description: 'Doffin + TED (eForms)' }],
      convertedCurrencies: [],
      rates: [],
    });
    expect(ta.lots).toEqual([
      {
        lot: { id: lot, number: 1 },
        authorityCount: 3,
        basis: 'ANNUAL',
        statedValue: { amount: '9000000', currency: 'NOK' },
        statedValues: [{ amount: '9000000', currency: 'NOK', authorityCount: 3 }],
        amountPerAuthority: { amount: '3000000', currency: 'NOK' },
        months: 72,
        estimatedValue: { amount: '54000000', currency: 'NOK' },
        explanation: '3 authorities × 3,000,000 NOK a year × 6 years = 54,000,000 NOK',
      },
    ]);
    expect(ta.explanation).toBe(
      '3 authorities × 3,000,000 NOK a year × 6 years = 54,000,000 NOK, above the EU threshold for supplies (2,484,000 NOK).\n' +
        'Required notice: Doffin + TED (eForms).',
    );

    // The lot and the procurement say the same; the stated values stay as stated.
    const got = await proc.read(w.coord, p.id);
    expect(got.lots[0]).toMatchObject({
      maxDurationMonths: 72,
      statedValue: [{ amount: '9000000', currency: 'NOK', authorityCount: 3 }],
      estimatedValue: [{ amount: '54000000', currency: 'NOK', authorityCount: 3 }],
    });
    expect(got.estimatedValue).toEqual([{ amount: '54000000', currency: 'NOK', authorityCount: 3 }]);
    expect(proc.participant(got, w.a)!.statedValues).toEqual([{ lotId: lot, amount: '3000000', currency: 'NOK' }]);

    // A withdrawn authority counts for nothing.
    await w.b.client.ok(op.WITHDRAW, { input: { procurementId: p.id, reason: 'Eget behov dekket' } });
    const after = await proc.thresholds(w.a, p.id);
    expect(after.estimatedValue).toEqual({ amount: '36000000', currency: 'NOK' });
    expect(after.lots[0].explanation).toBe('2 authorities × 3,000,000 NOK a year × 6 years = 36,000,000 NOK');
  });

  it('SE: the same for a Swedish lead makes 54,000,000 SEK against the Swedish EU threshold', async () => {
    const w = await proc.world({
      interests: false,
      coordOrg: { country: Country.SE, organisationNumber: swedishOrgNumber(), municipalityCode: null },
    });
    const p = await withLots(w, [{ title: 'Skolskjuts', ...FOUR_PLUS_TWO }]);
    await stateAll(w, p.lots[0].id, ['3000000', '3000000', '3000000'], 'SEK');
    const ta = await proc.thresholds(w.a, p.id);
    expect(ta).toMatchObject({
      country: 'SE',
      estimatedValue: { amount: '54000000', currency: 'SEK' },
      euThreshold: { amount: '2376000', currency: 'SEK' },
      aboveEuThreshold: true,
      requiredNotices: [{ kind: 'EU', description: 'annonsdatabas → TED (eForms)' }],
    });
    expect(ta.explanation).toBe(
      '3 authorities × 3,000,000 SEK a year × 6 years = 54,000,000 SEK, above the EU threshold for supplies (2,376,000 SEK).\n' +
        'Required notice: annonsdatabas → TED (eForms).',
    );
  });

  it('says the sum when authorities state different amounts, and a line per lot with the total', async () => {
    const w = await proc.world({ interests: false });
    const p = await withLots(w, [{ title: 'Skoleskyss', ...FOUR_PLUS_TWO }]);
    await stateAll(w, p.lots[0].id, ['2000000', '3000000', '4000000']);
    const ta = await proc.thresholds(w.a, p.id);
    expect(ta.lots[0]).toMatchObject({ amountPerAuthority: null, statedValue: { amount: '9000000' } });
    expect(ta.explanation).toBe(
      '9,000,000 NOK a year from 3 authorities × 6 years = 54,000,000 NOK, above the EU threshold for supplies (2,484,000 NOK).\n' +
        'Required notice: Doffin + TED (eForms).',
    );

    const two = await withLots(
      w,
      [
        { title: 'Drift', durationMonths: 48, valueBasis: 'ANNUAL' },
        { title: 'Utstyr', durationMonths: 12 },
      ],
      { contractType: 'SERVICES' },
    );
    await proc.setValue(w.coord, two.lots[0].id, '1000000');
    await proc.setValue(w.a, two.lots[0].id, '1000000');
    await proc.setValue(w.b, two.lots[1].id, '500000');
    expect((await proc.thresholds(w.a, two.id)).explanation).toBe(
      [
        'Lot 1 (Drift): 2 authorities × 1,000,000 NOK a year × 4 years = 8,000,000 NOK.',
        'Lot 2 (Utstyr): 1 authority × 500,000 NOK for the whole period = 500,000 NOK.',
        'Total: 8,000,000 NOK + 500,000 NOK = 8,500,000 NOK, above the EU threshold for services (2,484,000 NOK).',
        'Required notice: Doffin + TED (eForms).',
      ].join('\n'),
    );
  });

  it('TOTAL values count as stated, whatever the period; switching the basis changes only the estimate', async () => {
    const w = await proc.world({ interests: false });
    const p = await withLots(w, [{ title: 'Skoleskyss', durationMonths: 48, optionCount: 2, optionMonths: 12 }]);
    const lot = p.lots[0].id;
    await stateAll(w, lot, ['700000', '700000', '700000']);
    const total = await proc.thresholds(w.a, p.id);
    expect(total).toMatchObject({
      estimatedValue: { amount: '2100000', currency: 'NOK' },
      aboveNationalThreshold: true,
      aboveEuThreshold: false,
      requiredNotices: [{ kind: 'NATIONAL', description: 'Doffin' }],
    });
    expect(total.lots[0]).toMatchObject({ basis: 'TOTAL', months: null });
    expect(total.explanation).toBe(
      '3 authorities × 700,000 NOK for the whole period = 2,100,000 NOK, above the national threshold (1,300,000 NOK), below the EU threshold for supplies (2,484,000 NOK).\n' +
        'Required notice: Doffin.',
    );

    await updateLot(w, lot, { valueBasis: 'ANNUAL' });
    expect((await proc.thresholds(w.a, p.id)).estimatedValue.amount).toBe('12600000');
    await updateLot(w, lot, { valueBasis: 'TOTAL' });
    const back = await proc.read(w.a, p.id);
    expect(back.estimatedValue).toEqual([{ amount: '2100000', currency: 'NOK', authorityCount: 3 }]);
    expect(back.lots[0].statedValue).toEqual([{ amount: '2100000', currency: 'NOK', authorityCount: 3 }]);
  });

  it('is exact: a part-year period and converted currencies, with the rates and their date', async () => {
    const w = await proc.world({ interests: false });
    // 1,000.01 a year for 30 months is 2,500.025: 2,500.03 (in floating point it would be 2,500.02).
    const part = await withLots(w, [{ title: 'Vedlikehold', durationMonths: 30, valueBasis: 'ANNUAL' }]);
    await proc.setValue(w.a, part.lots[0].id, '1000.01');
    const ta = await proc.thresholds(w.a, part.id);
    expect(ta.estimatedValue).toEqual({ amount: '2500.03', currency: 'NOK' });
    expect(ta.lots[0].explanation).toBe('1 authority × 1,000.01 NOK a year × 30 months = 2,500.03 NOK');

    // EUR 100,000.10 a year for 3 years is EUR 300,000.30, NOK 3,450,003.45 at 11.5; SEK 1,100,000
    // a year is SEK 3,300,000, EUR 300,000 at 11, NOK 3,450,000.
    const mixed = await withLots(w, [{ title: 'Drift', durationMonths: 36, valueBasis: 'ANNUAL' }]);
    await proc.setValue(w.a, mixed.lots[0].id, '100000.10', 'EUR');
    await proc.setValue(w.b, mixed.lots[0].id, '1100000', 'SEK');
    const m = await proc.thresholds(w.a, mixed.id);
    expect(m).toMatchObject({
      estimatedValue: { amount: '6900003.45', currency: 'NOK' },
      convertedCurrencies: ['EUR', 'SEK'],
      rates: [
        { currency: 'NOK', perEur: '11.5', date: '2025-08-31' },
        { currency: 'EUR', perEur: '1', date: '2025-08-31' },
        { currency: 'SEK', perEur: '11', date: '2025-08-31' },
      ],
    });
    expect(m.lots[0]).toMatchObject({
      authorityCount: 2,
      statedValue: { amount: '2300001.15', currency: 'NOK' },
      statedValues: [
        { amount: '100000.1', currency: 'EUR', authorityCount: 1 },
        { amount: '1100000', currency: 'SEK', authorityCount: 1 },
      ],
      amountPerAuthority: null,
      estimatedValue: { amount: '6900003.45', currency: 'NOK' },
    });
    expect(m.explanation).toBe(
      [
        '2,300,001.15 NOK a year from 2 authorities × 3 years = 6,900,003.45 NOK, above the EU threshold for supplies (2,484,000 NOK).',
        'Required notice: Doffin + TED (eForms).',
        'Converted at 11.5 NOK, 11 SEK per EUR (rates of 2025-08-31).',
      ].join('\n'),
    );
    // Unconverted, per currency.
    expect(proc.byCurrency((await proc.read(w.a, mixed.id)).estimatedValue)).toEqual([
      { amount: '300000.3', currency: 'EUR', authorityCount: 1 },
      { amount: '3300000', currency: 'SEK', authorityCount: 1 },
    ]);
  });
});

// ---- the thresholds file: rates' date and standstill ----

describe('THRESHOLDS_FILE: ratesDate and standstillDays', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'samverka-period-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function file(name: string, edit: (t: any) => void): Promise<string> {
    const t = JSON.parse(await readFile(DEFAULT_THRESHOLDS_FILE, 'utf8'));
    edit(t);
    const f = path.join(dir, name);
    await writeFile(f, JSON.stringify(t));
    return f;
  }

  it('the defaults: standstill 10 days in Norway, Sweden and Denmark, 14 in Finland; rates dated', () => {
    const { thresholds } = readThresholds(undefined);
    expect(['NO', 'SE', 'DK', 'FI'].map((c) => standstillDays(thresholds!, c as 'NO'))).toEqual([10, 10, 10, 14]);
    expect(ratesDate(thresholds!)).toBe('2025-08-31');
  });

  it('an older file without them still loads: 10 days, and the rates dated validFrom', async () => {
    const old = await file('old.json', (t) => {
      delete t.ratesDate;
      for (const c of Object.values(t.countries) as any[]) delete c.standstillDays;
    });
    const { thresholds, problems } = readThresholds(old);
    expect(problems).toEqual([]);
    expect(standstillDays(thresholds!, 'FI')).toBe(10);
    expect(ratesDate(thresholds!)).toBe('2026-01-01');
  });

  it('a negative or fractional standstill, or a rates date that is no date, stops the configuration naming the entry', async () => {
    const bad = await file('bad.json', (t) => {
      t.countries.SE.standstillDays = -1;
      t.countries.DK.standstillDays = 2.5;
      t.ratesDate = '31.08.2025';
    });
    let message = '';
    try {
      loadConfig({ THRESHOLDS_FILE: bad });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
    }
    expect(message).toContain('THRESHOLDS_FILE');
    expect(message).toContain('countries.SE.standstillDays');
    expect(message).toContain('countries.DK.standstillDays');
    expect(message).toContain('ratesDate');
  });
});
