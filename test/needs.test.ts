import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BuyerGroup } from '../server/modules/groups/group.entity.js';
import { SharedNeed } from '../server/modules/needs/need.entity.js';
import { coord, invited, member, member2, observer, other, outsider } from './support/cast.js';
import { archived, createNeed, group, needCount, needInput, unlisted, useNeedsGroup } from './support/needs.js';
import * as op from './support/operations.js';
import { s } from './support/server.js';

useNeedsGroup();

describe('createSharedNeed', () => {
  it('refuses anonymous callers', async () => {
    const before = await needCount();
    expect((await s.anon.fails(op.CREATE_NEED, { input: needInput() })).code).toBe('UNAUTHENTICATED');
    // Authentication comes before input validation: an anonymous caller learns nothing of the rules.
    expect((await s.anon.fails(op.CREATE_NEED, { input: needInput({ title: ' ' }) })).code).toBe('UNAUTHENTICATED');
    expect(await needCount()).toBe(before);
  });

  it('refuses observers, outsiders and invited organisations, writing nothing', async () => {
    const before = await needCount();
    expect((await observer.client.fails(op.CREATE_NEED, { input: needInput() })).code).toBe('FORBIDDEN');
    expect(['FORBIDDEN', 'NOT_FOUND']).toContain(
      (await outsider.client.fails(op.CREATE_NEED, { input: needInput() })).code,
    );
    expect(['FORBIDDEN', 'NOT_FOUND']).toContain(
      (await invited.client.fails(op.CREATE_NEED, { input: needInput() })).code,
    );
    // An unlisted group the outsider is not in does not exist for it.
    expect((await outsider.client.fails(op.CREATE_NEED, { input: needInput({ groupId: unlisted.id }) })).code).toBe(
      'NOT_FOUND',
    );
    // An archived group takes no new needs.
    const err = await member.client.fails(op.CREATE_NEED, { input: needInput({ groupId: archived.id }) });
    expect(err.code).toBe('INVALID_STATE');
    expect(await needCount()).toBe(before);
  });

  it('lets a member describe a need: trimmed, CPV codes normalised, OPEN by default, owned by its organisation', async () => {
    const need = await createNeed(member, {
      title: '  Digitalt nattilsyn  ',
      problem: '  Problemet.  ',
      intendedEffects: ' Bedre søvn ',
      successCriteria: ' Færre fall ',
      cpvCodes: ['33196200-2', ' 48000000 ', '33196200'],
    });
    expect(need).toMatchObject({
      title: 'Digitalt nattilsyn',
      problem: 'Problemet.',
      intendedEffects: 'Bedre søvn',
      successCriteria: 'Færre fall',
      cpvCodes: ['33196200', '48000000'],
      status: 'OPEN',
      organisation: { id: member.organisation.id },
      group: { id: group.id },
    });
    const row = await s.db.getRepository(SharedNeed).findOneByOrFail({ id: need.id });
    expect(row.createdByUserId).toBe(member.user.id);
  });

  it('lets a coordinator describe a need, as a DRAFT when asked', async () => {
    const need = await createNeed(coord, { status: 'DRAFT' });
    expect(need).toMatchObject({ status: 'DRAFT', organisation: { id: coord.organisation.id } });
  });

  it.each([
    ['blank title', { title: '   ' }, 'input.title', 'matches'],
    ['title over 200 characters', { title: 'x'.repeat(201) }, 'input.title', 'maxLength'],
    ['blank problem', { problem: ' \n ' }, 'input.problem', 'matches'],
    ['problem over 20000 characters', { problem: 'x'.repeat(20001) }, 'input.problem', 'maxLength'],
    [
      'intended effects over 20000 characters',
      { intendedEffects: 'x'.repeat(20001) },
      'input.intendedEffects',
      'maxLength',
    ],
    ['malformed CPV code', { cpvCodes: ['3419'] }, 'input.cpvCodes[0]', 'cpvCode'],
    ['malformed second CPV code', { cpvCodes: ['34121000', '3412100X'] }, 'input.cpvCodes[1]', 'cpvCode'],
    ['CONSOLIDATED at creation', { status: 'CONSOLIDATED' }, 'input.status', 'initialStatus'],
    ['CLOSED at creation', { status: 'CLOSED' }, 'input.status', 'initialStatus'],
  ])('refuses a %s, naming the field and rule, and writes nothing', async (_what, overrides, field, rule) => {
    const before = await needCount();
    const err = await member.client.fails(op.CREATE_NEED, { input: needInput(overrides) });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual(['BAD_USER_INPUT', field, rule]);
    expect(await needCount()).toBe(before);
  });

  it('refuses a CPV code too long to be one, naming the CPV field', async () => {
    const err = await member.client.fails(op.CREATE_NEED, { input: needInput({ cpvCodes: ['341210001234'] }) });
    expect(err.code).toBe('BAD_USER_INPUT');
    expect(String(err.extensions.field)).toMatch(/^input\.cpvCodes/);
  });

  it('never answers INTERNAL_SERVER_ERROR to text PostgreSQL cannot store (a NUL character)', async () => {
    const before = await needCount();
    const res = await member.client.request(op.CREATE_NEED, { input: needInput({ title: 'Nul\u0000tegn' }) });
    if (res.errors?.length) {
      expect([res.errors[0].extensions?.code, res.errors[0].extensions?.field]).toEqual([
        'BAD_USER_INPUT',
        'input.title',
      ]);
      expect(await needCount()).toBe(before);
    } else {
      expect(res.data?.createSharedNeed.title).not.toContain('\u0000');
    }
  });

  it('accepts a title of exactly 200 characters', async () => {
    const need = await createNeed(member, { title: 'y'.repeat(200) });
    expect(need.title).toHaveLength(200);
  });

  it.each([randomUUID(), 'nope'])('answers NOT_FOUND for an unknown group %s and writes nothing', async (groupId) => {
    const before = await needCount();
    const err = await member.client.fails(op.CREATE_NEED, { input: needInput({ groupId }) });
    expect(err.code).toBe('NOT_FOUND');
    expect(await needCount()).toBe(before);
  });
});

describe('sharedNeed and BuyerGroup.needs', () => {
  let need: { id: string };

  beforeAll(async () => {
    need = await createNeed(other, { title: 'Synlighet' });
  });

  it('refuses anonymous callers', async () => {
    expect((await s.anon.fails(op.NEED_Q, { id: need.id })).code).toBe('UNAUTHENTICATED');
    expect((await s.anon.fails(op.GROUP_NEEDS, { id: group.id })).code).toBe('UNAUTHENTICATED');
  });

  it('hides needs from a non-member of a listed group: NOT_FOUND for the need, FORBIDDEN for the list', async () => {
    expect((await outsider.client.fails(op.NEED_Q, { id: need.id })).code).toBe('NOT_FOUND');
    const res = await outsider.client.request(op.GROUP_NEEDS, { id: group.id });
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(res.errors?.[0]?.path).toEqual(['buyerGroup', 'needs']);
    expect(JSON.stringify(res.data ?? null)).not.toContain('Synlighet');
  });

  it('hides needs from an invited organisation that has not joined yet', async () => {
    expect((await invited.client.fails(op.NEED_Q, { id: need.id })).code).toBe('NOT_FOUND');
    const res = await invited.client.request(op.GROUP_NEEDS, { id: group.id });
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(res.data ?? null)).not.toContain('Synlighet');
  });

  it('shows needs to every active member, observers included', async () => {
    for (const u of [coord, member, other, observer]) {
      const { sharedNeed } = await u.client.ok(op.NEED_Q, { id: need.id });
      expect(sharedNeed).toMatchObject({
        id: need.id,
        title: 'Synlighet',
        organisation: { id: other.organisation.id },
      });
      const { buyerGroup } = await u.client.ok(op.GROUP_NEEDS, { id: group.id, first: 100 });
      expect(buyerGroup.needs.nodes.map((n: { id: string }) => n.id)).toContain(need.id);
    }
  });

  it('answers NOT_FOUND for unknown and malformed ids', async () => {
    expect((await member.client.fails(op.NEED_Q, { id: randomUUID() })).code).toBe('NOT_FOUND');
    expect((await member.client.fails(op.NEED_Q, { id: 'nope' })).code).toBe('NOT_FOUND');
  });

  describe('listing', () => {
    let listGroup: BuyerGroup;
    const titles = ['Alfa transport', 'Beta omsorg', 'Gamma transport', 'Delta 100%', 'Epsilon skole'];
    const ids: string[] = [];

    beforeAll(async () => {
      listGroup = await s.factories.group(coord.organisation, {}, [{ organisation: member.organisation }]);
      for (const [i, title] of titles.entries()) {
        const n = await createNeed(i % 2 ? coord : member, {
          groupId: listGroup.id,
          title,
          status: i === 1 ? 'DRAFT' : 'OPEN',
        });
        ids.push(n.id);
      }
    });

    it('lists newest first', async () => {
      const { buyerGroup } = await member.client.ok(op.GROUP_NEEDS, { id: listGroup.id, first: 100 });
      expect(buyerGroup.needs.totalCount).toBe(5);
      expect(buyerGroup.needs.nodes.map((n: { title: string }) => n.title)).toEqual([...titles].reverse());
    });

    it('searches titles case-insensitively, with wildcards taken literally', async () => {
      let { buyerGroup } = await member.client.ok(op.GROUP_NEEDS, { id: listGroup.id, search: 'TRANSPORT' });
      expect(buyerGroup.needs.nodes.map((n: { title: string }) => n.title)).toEqual([
        'Gamma transport',
        'Alfa transport',
      ]);
      expect(buyerGroup.needs.totalCount).toBe(2);
      ({ buyerGroup } = await member.client.ok(op.GROUP_NEEDS, { id: listGroup.id, search: '%' }));
      expect(buyerGroup.needs.nodes.map((n: { title: string }) => n.title)).toEqual(['Delta 100%']);
    });

    it('filters by status', async () => {
      let { buyerGroup } = await member.client.ok(op.GROUP_NEEDS, { id: listGroup.id, status: ['DRAFT'] });
      expect(buyerGroup.needs.nodes.map((n: { title: string }) => n.title)).toEqual(['Beta omsorg']);
      expect(buyerGroup.needs.totalCount).toBe(1);
      ({ buyerGroup } = await member.client.ok(op.GROUP_NEEDS, {
        id: listGroup.id,
        status: ['OPEN'],
        search: 'transport',
      }));
      expect(buyerGroup.needs.totalCount).toBe(2);
    });

    it('pages with cursors, without gaps or repeats, totalCount on every page', async () => {
      const seen: string[] = [];
      let after: string | null = null;
      for (let pages = 0; pages < 10; pages++) {
        const page: any = (await member.client.ok(op.GROUP_NEEDS, { id: listGroup.id, first: 2, after })).buyerGroup
          .needs;
        expect(page.totalCount).toBe(5);
        expect(page.nodes.length).toBeLessThanOrEqual(2);
        seen.push(...page.nodes.map((n: { id: string }) => n.id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen).toEqual([...ids].reverse());
    });

    it('refuses a page size out of range and a forged cursor', async () => {
      let res = await member.client.request(op.GROUP_NEEDS, { id: listGroup.id, first: 101 });
      expect([res.errors?.[0]?.extensions?.code, res.errors?.[0]?.extensions?.field]).toEqual([
        'BAD_USER_INPUT',
        'first',
      ]);
      res = await member.client.request(op.GROUP_NEEDS, { id: listGroup.id, after: 'bm90LWEtY3Vyc29y' });
      expect([res.errors?.[0]?.extensions?.code, res.errors?.[0]?.extensions?.field]).toEqual([
        'BAD_USER_INPUT',
        'after',
      ]);
    });
  });
});

describe('updateSharedNeed', () => {
  let need: { id: string };

  beforeAll(async () => {
    need = await createNeed(member, { title: 'Opprinnelig' });
  });

  const title = async () => (await s.db.getRepository(SharedNeed).findOneByOrFail({ id: need.id })).title;

  it('refuses anonymous callers', async () => {
    expect((await s.anon.fails(op.UPDATE_NEED, { id: need.id, input: { title: 'Anonym' } })).code).toBe(
      'UNAUTHENTICATED',
    );
    expect(await title()).toBe('Opprinnelig');
  });

  it('refuses other members, observers and outsiders', async () => {
    expect((await other.client.fails(op.UPDATE_NEED, { id: need.id, input: { title: 'Annen' } })).code).toBe(
      'FORBIDDEN',
    );
    expect((await observer.client.fails(op.UPDATE_NEED, { id: need.id, input: { title: 'Observatør' } })).code).toBe(
      'FORBIDDEN',
    );
    expect((await outsider.client.fails(op.UPDATE_NEED, { id: need.id, input: { title: 'Utenfor' } })).code).toBe(
      'NOT_FOUND',
    );
    expect(await title()).toBe('Opprinnelig');
  });

  it('lets the owner organisation (any of its users) and a coordinator change it', async () => {
    let { updateSharedNeed: n } = await member2.client.ok(op.UPDATE_NEED, {
      id: need.id,
      input: { title: ' Endret av eier ', cpvCodes: ['34121000-1'] },
    });
    expect(n).toMatchObject({ title: 'Endret av eier', cpvCodes: ['34121000'], status: 'OPEN' });
    ({ updateSharedNeed: n } = await coord.client.ok(op.UPDATE_NEED, {
      id: need.id,
      input: { successCriteria: 'Målt' },
    }));
    expect(n).toMatchObject({
      title: 'Endret av eier',
      successCriteria: 'Målt',
      organisation: { id: member.organisation.id },
    });
  });

  it.each([
    [{ title: '  ' }, 'input.title', 'matches'],
    [{ title: 'x'.repeat(201) }, 'input.title', 'maxLength'],
    [{ problem: '' }, 'input.problem', 'matches'],
    [{ cpvCodes: ['abc'] }, 'input.cpvCodes[0]', 'cpvCode'],
  ])('refuses bad input %j, changing nothing', async (input, field, rule) => {
    const err = await member.client.fails(op.UPDATE_NEED, { id: need.id, input });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual(['BAD_USER_INPUT', field, rule]);
    expect(await title()).toBe('Endret av eier');
  });

  it('answers NOT_FOUND for an unknown need', async () => {
    expect((await member.client.fails(op.UPDATE_NEED, { id: randomUUID(), input: { title: 'X' } })).code).toBe(
      'NOT_FOUND',
    );
  });

  it('refuses changes once the need is CONSOLIDATED (INVALID_STATE), even for a coordinator', async () => {
    await coord.client.ok(op.SET_NEED_STATUS, { id: need.id, status: 'CONSOLIDATED' });
    for (const u of [member, coord]) {
      const err = await u.client.fails(op.UPDATE_NEED, { id: need.id, input: { title: 'For sent' } });
      expect(err.code).toBe('INVALID_STATE');
      expect(err.extensions.missing).toEqual(expect.arrayContaining([expect.any(String)]));
    }
    expect(await title()).toBe('Endret av eier');
    const row = await s.db.getRepository(SharedNeed).findOneByOrFail({ id: need.id });
    expect(row.status).toBe('CONSOLIDATED');
  });
});

describe('setSharedNeedStatus', () => {
  let need: { id: string };
  const status = async () => (await s.db.getRepository(SharedNeed).findOneByOrFail({ id: need.id })).status;

  beforeAll(async () => {
    need = await createNeed(member, { status: 'DRAFT' });
  });

  it('refuses anonymous callers', async () => {
    expect((await s.anon.fails(op.SET_NEED_STATUS, { id: need.id, status: 'OPEN' })).code).toBe('UNAUTHENTICATED');
    expect(await status()).toBe('DRAFT');
  });

  it('refuses other members, observers (FORBIDDEN) and outsiders (NOT_FOUND)', async () => {
    expect((await other.client.fails(op.SET_NEED_STATUS, { id: need.id, status: 'OPEN' })).code).toBe('FORBIDDEN');
    expect((await observer.client.fails(op.SET_NEED_STATUS, { id: need.id, status: 'OPEN' })).code).toBe('FORBIDDEN');
    expect((await outsider.client.fails(op.SET_NEED_STATUS, { id: need.id, status: 'OPEN' })).code).toBe('NOT_FOUND');
    expect(await status()).toBe('DRAFT');
  });

  it('lets the owner open its draft', async () => {
    const { setSharedNeedStatus } = await member.client.ok(op.SET_NEED_STATUS, { id: need.id, status: 'OPEN' });
    expect(setSharedNeedStatus.status).toBe('OPEN');
    expect(await status()).toBe('OPEN');
  });

  it('keeps consolidating for coordinators: the owner member is FORBIDDEN', async () => {
    expect((await member.client.fails(op.SET_NEED_STATUS, { id: need.id, status: 'CONSOLIDATED' })).code).toBe(
      'FORBIDDEN',
    );
    expect(await status()).toBe('OPEN');
    const { setSharedNeedStatus } = await coord.client.ok(op.SET_NEED_STATUS, { id: need.id, status: 'CONSOLIDATED' });
    expect(setSharedNeedStatus.status).toBe('CONSOLIDATED');
    expect(await status()).toBe('CONSOLIDATED');
  });

  it('keeps reopening for coordinators too', async () => {
    expect((await member.client.fails(op.SET_NEED_STATUS, { id: need.id, status: 'OPEN' })).code).toBe('FORBIDDEN');
    expect(await status()).toBe('CONSOLIDATED');
  });

  it('refuses an invalid transition with INVALID_STATE naming the allowed moves', async () => {
    const err = await coord.client.fails(op.SET_NEED_STATUS, { id: need.id, status: 'DRAFT' });
    expect(err.code).toBe('INVALID_STATE');
    expect(err.extensions.missing).toEqual(['one of: OPEN, CLOSED']);
    expect(await status()).toBe('CONSOLIDATED');
  });

  it('refuses an unknown status value and an unknown need', async () => {
    expect((await coord.client.fails(op.SET_NEED_STATUS, { id: need.id, status: 'DONE' })).code).toBe('BAD_USER_INPUT');
    expect((await coord.client.fails(op.SET_NEED_STATUS, { id: randomUUID(), status: 'OPEN' })).code).toBe('NOT_FOUND');
    expect(await status()).toBe('CONSOLIDATED');
  });
});
