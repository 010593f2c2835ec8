import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { NeedInterest } from '../server/modules/needs/interest.entity.js';
import { SharedNeed } from '../server/modules/needs/need.entity.js';
import { coord, fourth, invited, member, member2, observer, other, outsider } from './support/cast.js';
import type { TestUser } from './support/factories.js';
import { createNeed, dec, interestCount, useNeedsGroup } from './support/needs.js';
import * as op from './support/operations.js';
import { s } from './support/server.js';

useNeedsGroup();

describe('setNeedInterest', () => {
  let need: { id: string };
  let draft: { id: string };
  const interests = () => s.db.getRepository(NeedInterest).findBy({ needId: need.id });

  beforeAll(async () => {
    need = await createNeed(coord, { title: 'Interesser' });
    draft = await createNeed(coord, { title: 'Utkast', status: 'DRAFT' });
  });

  it('refuses anonymous callers', async () => {
    const err = await s.anon.fails(op.SET_INTEREST, { input: { needId: need.id, quantity: '1', unit: 'stk' } });
    expect(err.code).toBe('UNAUTHENTICATED');
    expect(await interests()).toHaveLength(0);
  });

  it('refuses observers (FORBIDDEN), outsiders and invited organisations (NOT_FOUND)', async () => {
    const input = { needId: need.id, quantity: '1', unit: 'stk' };
    expect((await observer.client.fails(op.SET_INTEREST, { input })).code).toBe('FORBIDDEN');
    expect((await outsider.client.fails(op.SET_INTEREST, { input })).code).toBe('NOT_FOUND');
    expect((await invited.client.fails(op.SET_INTEREST, { input })).code).toBe('NOT_FOUND');
    expect(await interests()).toHaveLength(0);
  });

  it('refuses interests in a need that is not OPEN', async () => {
    const err = await member.client.fails(op.SET_INTEREST, { input: { needId: draft.id, quantity: '1', unit: 'stk' } });
    expect(err.code).toBe('INVALID_STATE');
    expect(err.extensions.missing).toEqual(['status OPEN']);
    expect(await interestCount(draft.id)).toBe(0);
  });

  it("sets the viewer's organisation's own interest", async () => {
    const { setNeedInterest } = await member.client.ok(op.SET_INTEREST, {
      input: {
        needId: need.id,
        quantity: '120.5',
        unit: '  brukere  ',
        annualValue: '1000000.25',
        currency: 'NOK',
        wantedStart: '2027-01-01',
        priority: 'HIGH',
        comment: '  Gjerne fra januar. ',
      },
    });
    // Numbers come back exactly (with or without the column's trailing zeros).
    expect(setNeedInterest).toMatchObject({
      quantity: dec('120.5'),
      unit: 'brukere',
      annualValue: dec('1000000.25'),
      currency: 'NOK',
      wantedStart: '2027-01-01',
      priority: 'HIGH',
      comment: 'Gjerne fra januar.',
      organisation: { id: member.organisation.id },
    });
    const rows = await interests();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ organisationId: member.organisation.id, updatedByUserId: member.user.id });
  });

  it('cannot name another organisation: the input has no such field', async () => {
    const err = await other.client.fails(op.SET_INTEREST, {
      input: { needId: need.id, quantity: '1', unit: 'stk', organisationId: member.organisation.id },
    });
    expect(err.code).toBe('BAD_USER_INPUT');
    const rows = await interests();
    expect(rows.map((r) => [r.organisationId, r.quantity])).toEqual([[member.organisation.id, '120.500']]);
  });

  it("another organisation's interest is its own row and leaves the first untouched", async () => {
    const { setNeedInterest } = await other.client.ok(op.SET_INTEREST, {
      input: { needId: need.id, quantity: '3', unit: 'Brukere' },
    });
    expect(setNeedInterest.organisation.id).toBe(other.organisation.id);
    const rows = await interests();
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.organisationId === member.organisation.id)).toMatchObject({
      quantity: '120.500',
      unit: 'brukere',
    });
  });

  it('replaces on a second call: still one interest per organisation, fields not given are cleared', async () => {
    const first = (await interests()).find((r) => r.organisationId === member.organisation.id)!;
    const { setNeedInterest } = await member2.client.ok(op.SET_INTEREST, {
      input: { needId: need.id, quantity: '7', unit: 'lisenser' },
    });
    expect(setNeedInterest).toMatchObject({
      id: first.id,
      quantity: dec('7'),
      unit: 'lisenser',
      annualValue: null,
      currency: null,
      wantedStart: null,
      priority: 'MEDIUM',
      comment: null,
      organisation: { id: member.organisation.id },
    });
    const mine = (await interests()).filter((r) => r.organisationId === member.organisation.id);
    expect(mine).toHaveLength(1);
    expect(mine[0].updatedByUserId).toBe(member2.user.id);
  });

  it('leaves exactly one row when two users of one organisation save at the same time', async () => {
    const fresh = await createNeed(coord, { title: 'Samtidig' });
    const results = await Promise.all([
      member.client.request(op.SET_INTEREST, { input: { needId: fresh.id, quantity: '1', unit: 'stk' } }),
      member2.client.request(op.SET_INTEREST, { input: { needId: fresh.id, quantity: '2', unit: 'stk' } }),
      member.client.request(op.SET_INTEREST, { input: { needId: fresh.id, quantity: '3', unit: 'stk' } }),
      member2.client.request(op.SET_INTEREST, { input: { needId: fresh.id, quantity: '4', unit: 'stk' } }),
    ]);
    for (const r of results) expect(r.errors).toBeUndefined();
    const rows = await s.db.getRepository(NeedInterest).findBy({ needId: fresh.id });
    expect(rows).toHaveLength(1);
    expect(rows[0].organisationId).toBe(member.organisation.id);
    expect(['1.000', '2.000', '3.000', '4.000']).toContain(rows[0].quantity);
  });

  it('accepts the largest values the columns hold, exactly', async () => {
    const { setNeedInterest } = await fourth.client.ok(op.SET_INTEREST, {
      input: {
        needId: need.id,
        quantity: '99999999999.999',
        unit: 'stk',
        annualValue: '99999999999999.99',
        currency: 'EUR',
      },
    });
    expect(setNeedInterest).toMatchObject({ quantity: '99999999999.999', annualValue: '99999999999999.99' });
  });

  describe('bad input', () => {
    let snapshot: string;
    beforeAll(async () => {
      snapshot = JSON.stringify(
        (await interests()).map((r) => [r.id, r.quantity, r.unit, r.annualValue, r.currency, r.comment]).sort(),
      );
    });

    it.each([
      ['quantity without unit', { quantity: '5' }, 'input.unit', 'together'],
      ['unit without quantity', { unit: 'stk' }, 'input.quantity', 'together'],
      ['annual value without currency', { annualValue: '100' }, 'input.currency', 'together'],
      ['currency without annual value', { currency: 'SEK' }, 'input.annualValue', 'together'],
      ['negative quantity', { quantity: '-1', unit: 'stk' }, 'input.quantity', 'min'],
      ['negative annual value', { annualValue: '-0.01', currency: 'NOK' }, 'input.annualValue', 'min'],
      ['quantity with 4 decimals', { quantity: '1.2345', unit: 'stk' }, 'input.quantity', 'scale'],
      ['annual value with 3 decimals', { annualValue: '10.123', currency: 'NOK' }, 'input.annualValue', 'scale'],
      ['quantity with 12 integer digits', { quantity: '123456789012', unit: 'stk' }, 'input.quantity', 'max'],
      [
        'annual value with 15 integer digits',
        { annualValue: '123456789012345', currency: 'NOK' },
        'input.annualValue',
        'max',
      ],
      ['blank unit', { quantity: '1', unit: '   ' }, 'input.unit', 'matches'],
      ['unit over 40 characters', { quantity: '1', unit: 'x'.repeat(41) }, 'input.unit', 'maxLength'],
      ['comment over 2000 characters', { comment: 'x'.repeat(2001) }, 'input.comment', 'maxLength'],
    ])('refuses %s, naming the field and rule', async (_what, values, field, rule) => {
      const err = await member.client.fails(op.SET_INTEREST, { input: { needId: need.id, ...values } });
      expect([err.code, err.extensions.field, err.extensions.rule]).toEqual(['BAD_USER_INPUT', field, rule]);
    });

    it.each([
      ['quantity', { quantity: '12,5', unit: 'stk' }],
      ['quantity', { quantity: 'abc', unit: 'stk' }],
      ['quantity', { quantity: '1e3', unit: 'stk' }],
      ['annualValue', { annualValue: 'NaN', currency: 'NOK' }],
      ['wantedStart', { wantedStart: '2027-13-01' }],
      ['wantedStart', { wantedStart: '2027-02-29' }],
      ['wantedStart', { wantedStart: '0000-01-01' }],
      ['wantedStart', { wantedStart: '01.01.2027' }],
      ['currency', { annualValue: '1', currency: 'USD' }],
    ])('refuses an invalid %s value %j in variable coercion (BAD_USER_INPUT)', async (_field, values) => {
      const err = await member.client.fails(op.SET_INTEREST, { input: { needId: need.id, ...values } });
      expect(err.code).toBe('BAD_USER_INPUT');
    });

    it('wrote nothing while refusing', async () => {
      const now = JSON.stringify(
        (await interests()).map((r) => [r.id, r.quantity, r.unit, r.annualValue, r.currency, r.comment]).sort(),
      );
      expect(now).toBe(snapshot);
    });
  });

  it('answers NOT_FOUND for an unknown need', async () => {
    const err = await member.client.fails(op.SET_INTEREST, {
      input: { needId: randomUUID(), quantity: '1', unit: 'stk' },
    });
    expect(err.code).toBe('NOT_FOUND');
    expect((await member.client.fails(op.SET_INTEREST, { input: { needId: 'nope' } })).code).toBe('NOT_FOUND');
  });
});

describe('removeNeedInterest', () => {
  let need: { id: string };

  beforeAll(async () => {
    need = await createNeed(coord, { title: 'Fjerning' });
    await member.client.ok(op.SET_INTEREST, { input: { needId: need.id, quantity: '1', unit: 'stk' } });
    await other.client.ok(op.SET_INTEREST, { input: { needId: need.id, quantity: '2', unit: 'stk' } });
  });

  it('refuses anonymous callers', async () => {
    expect((await s.anon.fails(op.REMOVE_INTEREST, { needId: need.id })).code).toBe('UNAUTHENTICATED');
    expect(await interestCount(need.id)).toBe(2);
  });

  it('refuses observers (FORBIDDEN) and outsiders (NOT_FOUND)', async () => {
    expect((await observer.client.fails(op.REMOVE_INTEREST, { needId: need.id })).code).toBe('FORBIDDEN');
    expect((await outsider.client.fails(op.REMOVE_INTEREST, { needId: need.id })).code).toBe('NOT_FOUND');
    expect(await interestCount(need.id)).toBe(2);
  });

  it("removes only the viewer's organisation's own interest", async () => {
    const { removeNeedInterest } = await member2.client.ok(op.REMOVE_INTEREST, { needId: need.id });
    expect(removeNeedInterest).toEqual({ id: need.id, viewerInterest: null });
    const rows = await s.db.getRepository(NeedInterest).findBy({ needId: need.id });
    expect(rows.map((r) => r.organisationId)).toEqual([other.organisation.id]);
  });

  it('answers NOT_FOUND when there is nothing to remove, and for an unknown need', async () => {
    expect((await member.client.fails(op.REMOVE_INTEREST, { needId: need.id })).code).toBe('NOT_FOUND');
    expect((await fourth.client.fails(op.REMOVE_INTEREST, { needId: need.id })).code).toBe('NOT_FOUND');
    expect((await member.client.fails(op.REMOVE_INTEREST, { needId: randomUUID() })).code).toBe('NOT_FOUND');
    expect(await interestCount(need.id)).toBe(1);
  });

  it('refuses once the need is no longer OPEN', async () => {
    await coord.client.ok(op.SET_NEED_STATUS, { id: need.id, status: 'CONSOLIDATED' });
    expect((await other.client.fails(op.REMOVE_INTEREST, { needId: need.id })).code).toBe('INVALID_STATE');
    expect(await interestCount(need.id)).toBe(1);
  });
});

describe('demand', () => {
  let need: { id: string };

  beforeAll(async () => {
    need = await createNeed(coord, { title: 'Etterspørsel' });
    const set = (u: TestUser, input: Record<string, unknown>) =>
      u.client.ok(op.SET_INTEREST, { input: { needId: need.id, ...input } });
    await set(coord, { quantity: '120', unit: 'brukere', annualValue: '1000000.50', currency: 'NOK' });
    await set(member, { quantity: '30.5', unit: 'Brukere', annualValue: '250000', currency: 'SEK' });
    await set(other, { quantity: '5', unit: 'enheter', annualValue: '499999.50', currency: 'NOK' });
    await set(fourth, { comment: 'Interessert, tall kommer.' });
  });

  it('refuses anonymous callers and outsiders', async () => {
    expect((await s.anon.fails(op.DEMAND, { id: need.id })).code).toBe('UNAUTHENTICATED');
    expect((await outsider.client.fails(op.DEMAND, { id: need.id })).code).toBe('NOT_FOUND');
  });

  it('sums per unit case-insensitively and per currency without converting, counting every authority', async () => {
    const { sharedNeed } = await observer.client.ok(op.DEMAND, { id: need.id });
    expect(sharedNeed.viewerInterest).toBeNull();
    const { authorityCount, byUnit, byCurrency } = sharedNeed.demand;
    expect(authorityCount).toBe(4);
    expect(
      byUnit.map((u: { unit: string; total: string; authorities: number }) => [
        u.unit.toLowerCase(),
        u.total,
        u.authorities,
      ]),
    ).toEqual([
      ['brukere', '150.5', 2],
      ['enheter', '5', 1],
    ]);
    expect(byCurrency).toEqual([
      { currency: 'NOK', total: '1500000', authorities: 2 },
      { currency: 'SEK', total: '250000', authorities: 1 },
    ]);
  });

  it('lists the interests behind the demand with their organisations', async () => {
    const { sharedNeed } = await member.client.ok(op.DEMAND, { id: need.id });
    expect(sharedNeed.viewerInterest).toMatchObject({
      quantity: dec('30.5'),
      organisation: { id: member.organisation.id },
    });
    expect(sharedNeed.interests.totalCount).toBe(4);
    const byOrg = Object.fromEntries(
      sharedNeed.interests.nodes.map((i: { organisation: { id: string }; quantity: string | null }) => [
        i.organisation.id,
        i.quantity,
      ]),
    );
    expect(byOrg).toEqual({
      [coord.organisation.id]: dec('120'),
      [member.organisation.id]: dec('30.5'),
      [other.organisation.id]: dec('5'),
      [fourth.organisation.id]: null,
    });
    expect(sharedNeed.interests.nodes.map((i: { organisation: { name: string } }) => i.organisation.name)).toContain(
      fourth.organisation.name,
    );
  });

  it('adds decimals exactly: 0.1 + 0.2 = 0.3', async () => {
    const exact = await createNeed(coord, { title: 'Eksakt' });
    await member.client.ok(op.SET_INTEREST, {
      input: { needId: exact.id, quantity: '0.1', unit: 'tonn', annualValue: '0.1', currency: 'DKK' },
    });
    await other.client.ok(op.SET_INTEREST, {
      input: { needId: exact.id, quantity: '0.2', unit: 'TONN', annualValue: '0.2', currency: 'DKK' },
    });
    const { sharedNeed } = await coord.client.ok(op.DEMAND, { id: exact.id });
    expect(sharedNeed.demand.byUnit.map((u: { total: string }) => u.total)).toEqual(['0.3']);
    expect(sharedNeed.demand.byCurrency).toEqual([{ currency: 'DKK', total: '0.3', authorities: 2 }]);
  });

  it('is empty for a need without interests', async () => {
    const empty = await createNeed(coord, { title: 'Tom' });
    const { sharedNeed } = await coord.client.ok(op.DEMAND, { id: empty.id });
    expect(sharedNeed.demand).toEqual({ authorityCount: 0, byUnit: [], byCurrency: [] });
    expect(sharedNeed.interests).toEqual({ totalCount: 0, nodes: [] });
  });

  it('a supplier never sees a buyer group need', async () => {
    const supplier = await s.factories.supplier();
    expect((await supplier.client.fails(op.DEMAND, { id: need.id })).code).toBe('NOT_FOUND');
  });
});

/**
 * Check-then-act races. The test holds a row lock in its own transaction to fix the interleaving
 * (no sleeps): the request reads the need while it is still OPEN, the coordinator's change commits,
 * then the request writes. The rule "no edits / no interests once CONSOLIDATED" must still hold.
 */
describe('races with a concurrent consolidation', () => {
  /** Runs `request` while `need` is being consolidated by a transaction that commits once the request waits on it. */
  async function whileConsolidating<T>(needId: string, request: () => Promise<T>): Promise<T> {
    const qr = s.db.createQueryRunner();
    await qr.connect();
    try {
      await qr.startTransaction();
      // The request reads the need first, then the viewer's membership: holding the membership
      // table makes it wait between its read of the need (still OPEN) and its write.
      await qr.query('LOCK TABLE membership IN ACCESS EXCLUSIVE MODE');
      await qr.query(`UPDATE shared_need SET status = 'CONSOLIDATED' WHERE id = $1`, [needId]);
      const pid = (await qr.query('SELECT pg_backend_pid() AS pid'))[0].pid as number;
      let settled = false;
      const pending = request().finally(() => {
        settled = true;
      });
      // Wait (by polling the server, not the clock) until the request is blocked behind our lock, or done.
      let i = 0;
      for (; i < 5000 && !settled; i++) {
        const [{ n }] = await s.db.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND $1 = ANY(pg_blocking_pids(pid))`,
          [pid],
        );
        if (n > 0) break;
      }
      expect(settled).toBe(false);
      await qr.commitTransaction();
      return await pending;
    } finally {
      if (qr.isTransactionActive) await qr.rollbackTransaction();
      await qr.release();
    }
  }

  it('updateSharedNeed does not change a need consolidated while it was checking', async () => {
    const need = await createNeed(member, { title: 'Før konsolidering' });
    const res = await whileConsolidating(need.id, () =>
      member.client.request(op.UPDATE_NEED, { id: need.id, input: { title: 'Etter' } }),
    );
    const row = await s.db.getRepository(SharedNeed).findOneByOrFail({ id: need.id });
    expect([row.status, row.title]).toEqual(['CONSOLIDATED', 'Før konsolidering']);
    expect(res.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
  });

  it('setNeedInterest does not add to the demand of a need consolidated while it was checking', async () => {
    const need = await createNeed(coord, { title: 'Fast etterspørsel' });
    const res = await whileConsolidating(need.id, () =>
      other.client.request(op.SET_INTEREST, { input: { needId: need.id, quantity: '10', unit: 'stk' } }),
    );
    expect(await interestCount(need.id)).toBe(0);
    expect(res.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
  });
});
