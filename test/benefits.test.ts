import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestUser } from './support/factories.js';
import { type InputOf } from './support/graphql.js';
import { day } from './support/helpers.js';
import * as op from './support/operations.js';
import { driveTo, withProcurement as setup, type WithProcurement as Setup } from './support/procurement.js';
import { noStandstill } from './support/contracts.js';
import { startTestServer, type TestServer } from './support/server.js';

const BENEFITS = `query($id: ID!) {
  jointProcurement(id: $id) {
    id phase
    benefits {
      id name unit direction
      measurements { kind value measuredOn note organisation { id } }
      perAuthority { organisation { id } baseline latest change }
      total { baseline latest change }
    }
  }
}`;

let s: TestServer;

beforeAll(async () => {
  s = await startTestServer(noStandstill());
});
afterAll(() => s?.close());

const indicatorInput = (
  w: Setup,
  overrides: Partial<InputOf<typeof op.ADD_INDICATOR>> = {},
): InputOf<typeof op.ADD_INDICATOR> => ({
  procurementId: w.procurementId,
  name: 'Reisetid per elev',
  unit: 'minutter',
  direction: 'LOWER_IS_BETTER',
  ...overrides,
});

async function indicator(w: Setup): Promise<string> {
  return (await w.coord.client.ok(op.ADD_INDICATOR, { input: indicatorInput(w) })).addBenefitIndicator.id;
}

const measurement = (indicatorId: string, overrides: Partial<InputOf<typeof op.RECORD>> = {}) => ({
  input: { indicatorId, kind: 'BASELINE' as const, value: '42', measuredOn: day(-30), ...overrides },
});

async function benefits(w: Setup) {
  return (await w.coord.client.ok(BENEFITS, { id: w.procurementId })).jointProcurement;
}

describe('addBenefitIndicator', () => {
  it('refuses anonymous callers, outsiders (NOT_FOUND) and members who do not coordinate', async () => {
    const w = await setup(s);
    const sup = await s.factories.supplier();
    expect((await s.anon.fails(op.ADD_INDICATOR, { input: indicatorInput(w) })).code).toBe('UNAUTHENTICATED');
    expect((await w.outsider.client.fails(op.ADD_INDICATOR, { input: indicatorInput(w) })).code).toBe('NOT_FOUND');
    expect((await sup.client.fails(op.ADD_INDICATOR, { input: indicatorInput(w) })).code).toBe('NOT_FOUND');
    expect((await w.a.client.fails(op.ADD_INDICATOR, { input: indicatorInput(w) })).code).toBe('FORBIDDEN');
    expect((await benefits(w)).benefits).toEqual([]);
  });

  it('checks the input, then adds the indicator with no figures yet', async () => {
    const w = await setup(s);
    const blank = await w.coord.client.fails(op.ADD_INDICATOR, { input: indicatorInput(w, { name: '  ' }) });
    expect(blank).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'input.name' } });
    const noUnit = await w.coord.client.fails(op.ADD_INDICATOR, { input: indicatorInput(w, { unit: '' }) });
    expect(noUnit).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'input.unit' } });
    await indicator(w);
    const { benefits: list } = await benefits(w);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      name: 'Reisetid per elev',
      unit: 'minutter',
      direction: 'LOWER_IS_BETTER',
      measurements: [],
      total: { baseline: null, latest: null, change: null },
    });
    // One row per participating authority, none with figures.
    expect(list[0].perAuthority.map((r: { organisation: { id: string } }) => r.organisation.id).sort()).toEqual(
      [w.coord.organisation.id, w.a.organisation.id, w.b.organisation.id].sort(),
    );
    expect(list[0].perAuthority.every((r: { baseline: string | null }) => r.baseline === null)).toBe(true);
  });
});

describe('recordBenefitMeasurement', () => {
  it('refuses anonymous callers and outsiders (NOT_FOUND)', async () => {
    const w = await setup(s);
    const id = await indicator(w);
    expect((await s.anon.fails(op.RECORD, measurement(id))).code).toBe('UNAUTHENTICATED');
    expect((await w.outsider.client.fails(op.RECORD, measurement(id))).code).toBe('NOT_FOUND');
    const sup = await s.factories.supplier();
    expect((await sup.client.fails(op.RECORD, measurement(id))).code).toBe('NOT_FOUND');
    expect((await w.a.client.fails(op.RECORD, measurement('00000000-0000-4000-8000-000000000000'))).code).toBe(
      'NOT_FOUND',
    );
    expect((await benefits(w)).benefits[0].measurements).toEqual([]);
  });

  it('lets a participant record its own figures and a coordinator record another participant’s', async () => {
    const w = await setup(s);
    const id = await indicator(w);
    const own = (await w.a.client.ok(op.RECORD, measurement(id, { value: '12.5', note: 'Snitt over skoleåret' })))
      .recordBenefitMeasurement;
    expect(own).toMatchObject({ kind: 'BASELINE', value: '12.5', organisation: { id: w.a.organisation.id } });
    const forB = (
      await w.coord.client.ok(op.RECORD, measurement(id, { value: '7.125', organisationId: w.b.organisation.id }))
    ).recordBenefitMeasurement;
    expect(forB).toMatchObject({ value: '7.125', organisation: { id: w.b.organisation.id } });
    const rows = (await benefits(w)).benefits[0].perAuthority;
    expect(rows.find((r: any) => r.organisation.id === w.b.organisation.id).baseline).toBe('7.125');
  });

  it('refuses a member recording another authority’s figures, and authorities that do not take part', async () => {
    const w = await setup(s);
    const id = await indicator(w);
    const forB = await w.a.client.fails(op.RECORD, measurement(id, { organisationId: w.b.organisation.id }));
    expect(forB.code).toBe('FORBIDDEN');
    expect((await w.c.client.fails(op.RECORD, measurement(id))).code).toBe('FORBIDDEN');
    const coordForC = await w.coord.client.fails(op.RECORD, measurement(id, { organisationId: w.c.organisation.id }));
    expect(coordForC).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'input.organisationId' } });
    expect((await benefits(w)).benefits[0].measurements).toEqual([]);
  });

  it('refuses a follow-up before the contract (INVALID_STATE), a future date and too many decimals', async () => {
    const w = await setup(s);
    const id = await indicator(w);
    const early = await w.a.client.fails(op.RECORD, measurement(id, { kind: 'FOLLOW_UP' }));
    expect(early.code).toBe('INVALID_STATE');
    expect(early.extensions.missing).toEqual(['phase CONTRACT_FOLLOW_UP or later']);
    const future = await w.a.client.fails(op.RECORD, measurement(id, { measuredOn: day(2) }));
    expect(future).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'input.measuredOn' } });
    const precise = await w.a.client.fails(op.RECORD, measurement(id, { value: '1.2345' }));
    expect(precise).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'input.value' } });
    expect((await benefits(w)).benefits[0].measurements).toEqual([]);
    // Today is not the future.
    await w.a.client.ok(op.RECORD, measurement(id, { measuredOn: day(0) }));
  });

  it('replaces an authority’s baseline when it is recorded again', async () => {
    const w = await setup(s);
    const id = await indicator(w);
    await w.a.client.ok(op.RECORD, measurement(id, { value: '50', measuredOn: day(-60) }));
    await w.a.client.ok(op.RECORD, measurement(id, { value: '48.75', measuredOn: day(-40), note: 'Rettet' }));
    const [ind] = (await benefits(w)).benefits;
    expect(ind.measurements).toEqual([
      {
        kind: 'BASELINE',
        value: '48.75',
        measuredOn: day(-40),
        note: 'Rettet',
        organisation: { id: w.a.organisation.id },
      },
    ]);
    expect(ind.total.baseline).toBe('48.75');
  });
});

describe('figures per authority and in total', () => {
  it('shows baseline, latest follow-up (by date) and change per authority, and exact sums', async () => {
    const w = await setup(s);
    const id = await indicator(w);
    await w.a.client.ok(op.RECORD, measurement(id, { value: '12.5' }));
    await w.b.client.ok(op.RECORD, measurement(id, { value: '7.125' }));
    await driveTo(w, w.procurementId, 'CONTRACT_FOLLOW_UP');
    // Recorded out of date order: the latest is the most recent measurement date.
    await w.a.client.ok(op.RECORD, measurement(id, { kind: 'FOLLOW_UP', value: '9.1', measuredOn: day(-1) }));
    await w.a.client.ok(op.RECORD, measurement(id, { kind: 'FOLLOW_UP', value: '10.25', measuredOn: day(-10) }));
    await w.b.client.ok(op.RECORD, measurement(id, { kind: 'FOLLOW_UP', value: '6.875', measuredOn: day(0) }));
    // The lead authority has a follow-up but no baseline: no change for it.
    await w.coord.client.ok(op.RECORD, measurement(id, { kind: 'FOLLOW_UP', value: '3.3', measuredOn: day(0) }));

    const p = await benefits(w);
    expect(p.phase).toBe('CONTRACT_FOLLOW_UP');
    const ind = p.benefits.find((i: { id: string }) => i.id === id);
    const row = (u: TestUser) => {
      const r = ind.perAuthority.find((x: any) => x.organisation.id === u.organisation.id);
      return { baseline: r.baseline, latest: r.latest, change: r.change };
    };
    expect(row(w.a)).toEqual({ baseline: '12.5', latest: '9.1', change: '-3.4' });
    expect(row(w.b)).toEqual({ baseline: '7.125', latest: '6.875', change: '-0.25' });
    expect(row(w.coord)).toEqual({ baseline: null, latest: '3.3', change: null });
    // 9.1 + 6.875 + 3.3 in floating point is 19.275000000000002: the sums must be exact.
    expect(ind.total).toEqual({ baseline: '19.625', latest: '19.275', change: '-3.65' });
    expect(ind.measurements.filter((m: { kind: string }) => m.kind === 'FOLLOW_UP')).toHaveLength(4);
  });

  it('takes no more figures once the procurement is closed', async () => {
    const w = await setup(s);
    const id = await indicator(w);
    await driveTo(w, w.procurementId, 'CLOSED');
    const closed = await w.a.client.fails(op.RECORD, measurement(id, { kind: 'FOLLOW_UP', measuredOn: day(0) }));
    expect(closed.code).toBe('INVALID_STATE');
    const adding = await w.coord.client.fails(op.ADD_INDICATOR, { input: indicatorInput(w) });
    expect(adding.code).toBe('INVALID_STATE');
    expect((await benefits(w)).benefits).toHaveLength(1);
  });
});
