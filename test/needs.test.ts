import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuyerGroup } from '../server/modules/groups/group.entity.js';
import { GroupStatus, GroupVisibility } from '../server/modules/groups/group.entity.js';
import { MembershipRole, MembershipStatus } from '../server/modules/groups/membership.entity.js';
import { NeedInterest } from '../server/modules/needs/interest.entity.js';
import { SharedNeed } from '../server/modules/needs/need.entity.js';
import { OrganisationKind } from '../server/modules/organisations/organisation.entity.js';
import type { TestUser } from './support/factories.js';
import { startTestServer, type TestServer } from './support/server.js';

const NEED_FIELDS = `id title problem intendedEffects successCriteria cpvCodes status organisation { id } group { id }`;
const CREATE = `mutation($input: CreateSharedNeedInput!) { createSharedNeed(input: $input) { ${NEED_FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateSharedNeedInput!) { updateSharedNeed(id: $id, input: $input) { ${NEED_FIELDS} } }`;
const SET_STATUS = `mutation($id: ID!, $status: NeedStatus!) { setSharedNeedStatus(id: $id, status: $status) { id status } }`;
const NEED = `query($id: ID!) { sharedNeed(id: $id) { ${NEED_FIELDS} } }`;
const GROUP_NEEDS = `query($id: ID!, $first: Int, $after: String, $search: String, $status: [NeedStatus!]) {
  buyerGroup(id: $id) {
    id
    needs(first: $first, after: $after, search: $search, status: $status) {
      totalCount pageInfo { hasNextPage endCursor } nodes { id title status }
    }
  }
}`;
const INTEREST_FIELDS = `id quantity unit annualValue currency wantedStart priority comment organisation { id name }`;
const SET_INTEREST = `mutation($input: SetNeedInterestInput!) { setNeedInterest(input: $input) { ${INTEREST_FIELDS} } }`;
const REMOVE_INTEREST = `mutation($needId: ID!) { removeNeedInterest(needId: $needId) { id viewerInterest { id } } }`;
const DEMAND = `query($id: ID!) {
  sharedNeed(id: $id) {
    id
    viewerInterest { id quantity organisation { id } }
    demand { authorityCount byUnit { unit total authorities } byCurrency { currency total authorities } }
    interests(first: 100) { totalCount nodes { ${INTEREST_FIELDS} } }
  }
}`;

let s: TestServer;
/** Coordinator of `group`. */
let coord: TestUser;
/** Two users of one member organisation. */
let member: TestUser;
let member2: TestUser;
/** A second member organisation. */
let other: TestUser;
/** A third member organisation, for the demand. */
let fourth: TestUser;
let observer: TestUser;
/** An authority outside every group. */
let outsider: TestUser;
/** An organisation invited to `group`, not yet active. */
let invited: TestUser;
let group: BuyerGroup;
let unlisted: BuyerGroup;
let archived: BuyerGroup;

/** Matches a Decimal of exactly this value, written with or without trailing zeros ("7", "7.000"). */
const dec = (v: string) =>
  expect.stringMatching(new RegExp(`^${v.replace('.', '\\.')}${v.includes('.') ? '0*' : '(\\.0+)?'}$`));

const needCount = () => s.db.getRepository(SharedNeed).count();
const interestCount = (needId?: string) =>
  s.db.getRepository(NeedInterest).count(needId ? { where: { needId } } : undefined);

const needInput = (overrides: Record<string, unknown> = {}) => ({
  groupId: group.id,
  title: 'Digital tilsyn om natten',
  problem: 'Nattevakter bruker mye tid på fysiske tilsyn som forstyrrer søvnen.',
  ...overrides,
});

async function createNeed(u: TestUser, overrides: Record<string, unknown> = {}) {
  return (await u.client.ok(CREATE, { input: needInput(overrides) })).createSharedNeed as {
    id: string;
    title: string;
    status: string;
  };
}

beforeAll(async () => {
  s = await startTestServer();
  const f = s.factories;
  [coord, member, other, fourth, observer, outsider, invited] = await Promise.all([
    f.user(),
    f.user(),
    f.user(),
    f.user(),
    f.user(),
    f.user(),
    f.user(),
  ]);
  member2 = await f.user({ organisation: member.organisation });
  group = await f.group(coord.organisation, { name: 'Velferdsteknologi Trøndelag' }, [
    { organisation: member.organisation },
    { organisation: other.organisation },
    { organisation: fourth.organisation },
    { organisation: observer.organisation, role: MembershipRole.OBSERVER },
    { organisation: invited.organisation, status: MembershipStatus.INVITED },
  ]);
  unlisted = await f.group(coord.organisation, { visibility: GroupVisibility.UNLISTED });
  archived = await f.group(coord.organisation, { status: GroupStatus.ARCHIVED }, [
    { organisation: member.organisation },
  ]);
});
afterAll(() => s?.close());

describe('createSharedNeed', () => {
  it('refuses anonymous callers', async () => {
    const before = await needCount();
    expect((await s.anon.fails(CREATE, { input: needInput() })).code).toBe('UNAUTHENTICATED');
    // Authentication comes before input validation: an anonymous caller learns nothing of the rules.
    expect((await s.anon.fails(CREATE, { input: needInput({ title: ' ' }) })).code).toBe('UNAUTHENTICATED');
    expect(await needCount()).toBe(before);
  });

  it('refuses observers, outsiders and invited organisations, writing nothing', async () => {
    const before = await needCount();
    expect((await observer.client.fails(CREATE, { input: needInput() })).code).toBe('FORBIDDEN');
    expect(['FORBIDDEN', 'NOT_FOUND']).toContain((await outsider.client.fails(CREATE, { input: needInput() })).code);
    expect(['FORBIDDEN', 'NOT_FOUND']).toContain((await invited.client.fails(CREATE, { input: needInput() })).code);
    // An unlisted group the outsider is not in does not exist for it.
    expect((await outsider.client.fails(CREATE, { input: needInput({ groupId: unlisted.id }) })).code).toBe(
      'NOT_FOUND',
    );
    // An archived group takes no new needs.
    const err = await member.client.fails(CREATE, { input: needInput({ groupId: archived.id }) });
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
    const err = await member.client.fails(CREATE, { input: needInput(overrides) });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual(['BAD_USER_INPUT', field, rule]);
    expect(await needCount()).toBe(before);
  });

  it('refuses a CPV code too long to be one, naming the CPV field', async () => {
    const err = await member.client.fails(CREATE, { input: needInput({ cpvCodes: ['341210001234'] }) });
    expect(err.code).toBe('BAD_USER_INPUT');
    expect(String(err.extensions.field)).toMatch(/^input\.cpvCodes/);
  });

  it('never answers INTERNAL_SERVER_ERROR to text PostgreSQL cannot store (a NUL character)', async () => {
    const before = await needCount();
    const res = await member.client.request(CREATE, { input: needInput({ title: 'Nul\u0000tegn' }) });
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
    const err = await member.client.fails(CREATE, { input: needInput({ groupId }) });
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
    expect((await s.anon.fails(NEED, { id: need.id })).code).toBe('UNAUTHENTICATED');
    expect((await s.anon.fails(GROUP_NEEDS, { id: group.id })).code).toBe('UNAUTHENTICATED');
  });

  it('hides needs from a non-member of a listed group: NOT_FOUND for the need, FORBIDDEN for the list', async () => {
    expect((await outsider.client.fails(NEED, { id: need.id })).code).toBe('NOT_FOUND');
    const res = await outsider.client.request(GROUP_NEEDS, { id: group.id });
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(res.errors?.[0]?.path).toEqual(['buyerGroup', 'needs']);
    expect(JSON.stringify(res.data ?? null)).not.toContain('Synlighet');
  });

  it('hides needs from an invited organisation that has not joined yet', async () => {
    expect((await invited.client.fails(NEED, { id: need.id })).code).toBe('NOT_FOUND');
    const res = await invited.client.request(GROUP_NEEDS, { id: group.id });
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(res.data ?? null)).not.toContain('Synlighet');
  });

  it('shows needs to every active member, observers included', async () => {
    for (const u of [coord, member, other, observer]) {
      const { sharedNeed } = await u.client.ok(NEED, { id: need.id });
      expect(sharedNeed).toMatchObject({
        id: need.id,
        title: 'Synlighet',
        organisation: { id: other.organisation.id },
      });
      const { buyerGroup } = await u.client.ok(GROUP_NEEDS, { id: group.id, first: 100 });
      expect(buyerGroup.needs.nodes.map((n: { id: string }) => n.id)).toContain(need.id);
    }
  });

  it('answers NOT_FOUND for unknown and malformed ids', async () => {
    expect((await member.client.fails(NEED, { id: randomUUID() })).code).toBe('NOT_FOUND');
    expect((await member.client.fails(NEED, { id: 'nope' })).code).toBe('NOT_FOUND');
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
      const { buyerGroup } = await member.client.ok(GROUP_NEEDS, { id: listGroup.id, first: 100 });
      expect(buyerGroup.needs.totalCount).toBe(5);
      expect(buyerGroup.needs.nodes.map((n: { title: string }) => n.title)).toEqual([...titles].reverse());
    });

    it('searches titles case-insensitively, with wildcards taken literally', async () => {
      let { buyerGroup } = await member.client.ok(GROUP_NEEDS, { id: listGroup.id, search: 'TRANSPORT' });
      expect(buyerGroup.needs.nodes.map((n: { title: string }) => n.title)).toEqual([
        'Gamma transport',
        'Alfa transport',
      ]);
      expect(buyerGroup.needs.totalCount).toBe(2);
      ({ buyerGroup } = await member.client.ok(GROUP_NEEDS, { id: listGroup.id, search: '%' }));
      expect(buyerGroup.needs.nodes.map((n: { title: string }) => n.title)).toEqual(['Delta 100%']);
    });

    it('filters by status', async () => {
      let { buyerGroup } = await member.client.ok(GROUP_NEEDS, { id: listGroup.id, status: ['DRAFT'] });
      expect(buyerGroup.needs.nodes.map((n: { title: string }) => n.title)).toEqual(['Beta omsorg']);
      expect(buyerGroup.needs.totalCount).toBe(1);
      ({ buyerGroup } = await member.client.ok(GROUP_NEEDS, {
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
        const page: any = (await member.client.ok(GROUP_NEEDS, { id: listGroup.id, first: 2, after })).buyerGroup.needs;
        expect(page.totalCount).toBe(5);
        expect(page.nodes.length).toBeLessThanOrEqual(2);
        seen.push(...page.nodes.map((n: { id: string }) => n.id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen).toEqual([...ids].reverse());
    });

    it('refuses a page size out of range and a forged cursor', async () => {
      let res = await member.client.request(GROUP_NEEDS, { id: listGroup.id, first: 101 });
      expect([res.errors?.[0]?.extensions?.code, res.errors?.[0]?.extensions?.field]).toEqual([
        'BAD_USER_INPUT',
        'first',
      ]);
      res = await member.client.request(GROUP_NEEDS, { id: listGroup.id, after: 'bm90LWEtY3Vyc29y' });
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
    expect((await s.anon.fails(UPDATE, { id: need.id, input: { title: 'Anonym' } })).code).toBe('UNAUTHENTICATED');
    expect(await title()).toBe('Opprinnelig');
  });

  it('refuses other members, observers and outsiders', async () => {
    expect((await other.client.fails(UPDATE, { id: need.id, input: { title: 'Annen' } })).code).toBe('FORBIDDEN');
    expect((await observer.client.fails(UPDATE, { id: need.id, input: { title: 'Observatør' } })).code).toBe(
      'FORBIDDEN',
    );
    expect((await outsider.client.fails(UPDATE, { id: need.id, input: { title: 'Utenfor' } })).code).toBe('NOT_FOUND');
    expect(await title()).toBe('Opprinnelig');
  });

  it('lets the owner organisation (any of its users) and a coordinator change it', async () => {
    let { updateSharedNeed: n } = await member2.client.ok(UPDATE, {
      id: need.id,
      input: { title: ' Endret av eier ', cpvCodes: ['34121000-1'] },
    });
    expect(n).toMatchObject({ title: 'Endret av eier', cpvCodes: ['34121000'], status: 'OPEN' });
    ({ updateSharedNeed: n } = await coord.client.ok(UPDATE, { id: need.id, input: { successCriteria: 'Målt' } }));
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
    const err = await member.client.fails(UPDATE, { id: need.id, input });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual(['BAD_USER_INPUT', field, rule]);
    expect(await title()).toBe('Endret av eier');
  });

  it('answers NOT_FOUND for an unknown need', async () => {
    expect((await member.client.fails(UPDATE, { id: randomUUID(), input: { title: 'X' } })).code).toBe('NOT_FOUND');
  });

  it('refuses changes once the need is CONSOLIDATED (INVALID_STATE), even for a coordinator', async () => {
    await coord.client.ok(SET_STATUS, { id: need.id, status: 'CONSOLIDATED' });
    for (const u of [member, coord]) {
      const err = await u.client.fails(UPDATE, { id: need.id, input: { title: 'For sent' } });
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
    expect((await s.anon.fails(SET_STATUS, { id: need.id, status: 'OPEN' })).code).toBe('UNAUTHENTICATED');
    expect(await status()).toBe('DRAFT');
  });

  it('refuses other members, observers (FORBIDDEN) and outsiders (NOT_FOUND)', async () => {
    expect((await other.client.fails(SET_STATUS, { id: need.id, status: 'OPEN' })).code).toBe('FORBIDDEN');
    expect((await observer.client.fails(SET_STATUS, { id: need.id, status: 'OPEN' })).code).toBe('FORBIDDEN');
    expect((await outsider.client.fails(SET_STATUS, { id: need.id, status: 'OPEN' })).code).toBe('NOT_FOUND');
    expect(await status()).toBe('DRAFT');
  });

  it('lets the owner open its draft', async () => {
    const { setSharedNeedStatus } = await member.client.ok(SET_STATUS, { id: need.id, status: 'OPEN' });
    expect(setSharedNeedStatus.status).toBe('OPEN');
    expect(await status()).toBe('OPEN');
  });

  it('keeps consolidating for coordinators: the owner member is FORBIDDEN', async () => {
    expect((await member.client.fails(SET_STATUS, { id: need.id, status: 'CONSOLIDATED' })).code).toBe('FORBIDDEN');
    expect(await status()).toBe('OPEN');
    const { setSharedNeedStatus } = await coord.client.ok(SET_STATUS, { id: need.id, status: 'CONSOLIDATED' });
    expect(setSharedNeedStatus.status).toBe('CONSOLIDATED');
    expect(await status()).toBe('CONSOLIDATED');
  });

  it('keeps reopening for coordinators too', async () => {
    expect((await member.client.fails(SET_STATUS, { id: need.id, status: 'OPEN' })).code).toBe('FORBIDDEN');
    expect(await status()).toBe('CONSOLIDATED');
  });

  it('refuses an invalid transition with INVALID_STATE naming the allowed moves', async () => {
    const err = await coord.client.fails(SET_STATUS, { id: need.id, status: 'DRAFT' });
    expect(err.code).toBe('INVALID_STATE');
    expect(err.extensions.missing).toEqual(['one of: OPEN, CLOSED']);
    expect(await status()).toBe('CONSOLIDATED');
  });

  it('refuses an unknown status value and an unknown need', async () => {
    expect((await coord.client.fails(SET_STATUS, { id: need.id, status: 'DONE' })).code).toBe('BAD_USER_INPUT');
    expect((await coord.client.fails(SET_STATUS, { id: randomUUID(), status: 'OPEN' })).code).toBe('NOT_FOUND');
    expect(await status()).toBe('CONSOLIDATED');
  });
});

describe('setNeedInterest', () => {
  let need: { id: string };
  let draft: { id: string };
  const interests = () => s.db.getRepository(NeedInterest).findBy({ needId: need.id });

  beforeAll(async () => {
    need = await createNeed(coord, { title: 'Interesser' });
    draft = await createNeed(coord, { title: 'Utkast', status: 'DRAFT' });
  });

  it('refuses anonymous callers', async () => {
    const err = await s.anon.fails(SET_INTEREST, { input: { needId: need.id, quantity: '1', unit: 'stk' } });
    expect(err.code).toBe('UNAUTHENTICATED');
    expect(await interests()).toHaveLength(0);
  });

  it('refuses observers (FORBIDDEN), outsiders and invited organisations (NOT_FOUND)', async () => {
    const input = { needId: need.id, quantity: '1', unit: 'stk' };
    expect((await observer.client.fails(SET_INTEREST, { input })).code).toBe('FORBIDDEN');
    expect((await outsider.client.fails(SET_INTEREST, { input })).code).toBe('NOT_FOUND');
    expect((await invited.client.fails(SET_INTEREST, { input })).code).toBe('NOT_FOUND');
    expect(await interests()).toHaveLength(0);
  });

  it('refuses interests in a need that is not OPEN', async () => {
    const err = await member.client.fails(SET_INTEREST, { input: { needId: draft.id, quantity: '1', unit: 'stk' } });
    expect(err.code).toBe('INVALID_STATE');
    expect(err.extensions.missing).toEqual(['status OPEN']);
    expect(await interestCount(draft.id)).toBe(0);
  });

  it("sets the viewer's organisation's own interest", async () => {
    const { setNeedInterest } = await member.client.ok(SET_INTEREST, {
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
    const err = await other.client.fails(SET_INTEREST, {
      input: { needId: need.id, quantity: '1', unit: 'stk', organisationId: member.organisation.id },
    });
    expect(err.code).toBe('BAD_USER_INPUT');
    const rows = await interests();
    expect(rows.map((r) => [r.organisationId, r.quantity])).toEqual([[member.organisation.id, '120.500']]);
  });

  it("another organisation's interest is its own row and leaves the first untouched", async () => {
    const { setNeedInterest } = await other.client.ok(SET_INTEREST, {
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
    const { setNeedInterest } = await member2.client.ok(SET_INTEREST, {
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
      member.client.request(SET_INTEREST, { input: { needId: fresh.id, quantity: '1', unit: 'stk' } }),
      member2.client.request(SET_INTEREST, { input: { needId: fresh.id, quantity: '2', unit: 'stk' } }),
      member.client.request(SET_INTEREST, { input: { needId: fresh.id, quantity: '3', unit: 'stk' } }),
      member2.client.request(SET_INTEREST, { input: { needId: fresh.id, quantity: '4', unit: 'stk' } }),
    ]);
    for (const r of results) expect(r.errors).toBeUndefined();
    const rows = await s.db.getRepository(NeedInterest).findBy({ needId: fresh.id });
    expect(rows).toHaveLength(1);
    expect(rows[0].organisationId).toBe(member.organisation.id);
    expect(['1.000', '2.000', '3.000', '4.000']).toContain(rows[0].quantity);
  });

  it('accepts the largest values the columns hold, exactly', async () => {
    const { setNeedInterest } = await fourth.client.ok(SET_INTEREST, {
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
      const err = await member.client.fails(SET_INTEREST, { input: { needId: need.id, ...values } });
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
      const err = await member.client.fails(SET_INTEREST, { input: { needId: need.id, ...values } });
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
    const err = await member.client.fails(SET_INTEREST, {
      input: { needId: randomUUID(), quantity: '1', unit: 'stk' },
    });
    expect(err.code).toBe('NOT_FOUND');
    expect((await member.client.fails(SET_INTEREST, { input: { needId: 'nope' } })).code).toBe('NOT_FOUND');
  });
});

describe('removeNeedInterest', () => {
  let need: { id: string };

  beforeAll(async () => {
    need = await createNeed(coord, { title: 'Fjerning' });
    await member.client.ok(SET_INTEREST, { input: { needId: need.id, quantity: '1', unit: 'stk' } });
    await other.client.ok(SET_INTEREST, { input: { needId: need.id, quantity: '2', unit: 'stk' } });
  });

  it('refuses anonymous callers', async () => {
    expect((await s.anon.fails(REMOVE_INTEREST, { needId: need.id })).code).toBe('UNAUTHENTICATED');
    expect(await interestCount(need.id)).toBe(2);
  });

  it('refuses observers (FORBIDDEN) and outsiders (NOT_FOUND)', async () => {
    expect((await observer.client.fails(REMOVE_INTEREST, { needId: need.id })).code).toBe('FORBIDDEN');
    expect((await outsider.client.fails(REMOVE_INTEREST, { needId: need.id })).code).toBe('NOT_FOUND');
    expect(await interestCount(need.id)).toBe(2);
  });

  it("removes only the viewer's organisation's own interest", async () => {
    const { removeNeedInterest } = await member2.client.ok(REMOVE_INTEREST, { needId: need.id });
    expect(removeNeedInterest).toEqual({ id: need.id, viewerInterest: null });
    const rows = await s.db.getRepository(NeedInterest).findBy({ needId: need.id });
    expect(rows.map((r) => r.organisationId)).toEqual([other.organisation.id]);
  });

  it('answers NOT_FOUND when there is nothing to remove, and for an unknown need', async () => {
    expect((await member.client.fails(REMOVE_INTEREST, { needId: need.id })).code).toBe('NOT_FOUND');
    expect((await fourth.client.fails(REMOVE_INTEREST, { needId: need.id })).code).toBe('NOT_FOUND');
    expect((await member.client.fails(REMOVE_INTEREST, { needId: randomUUID() })).code).toBe('NOT_FOUND');
    expect(await interestCount(need.id)).toBe(1);
  });

  it('refuses once the need is no longer OPEN', async () => {
    await coord.client.ok(SET_STATUS, { id: need.id, status: 'CONSOLIDATED' });
    expect((await other.client.fails(REMOVE_INTEREST, { needId: need.id })).code).toBe('INVALID_STATE');
    expect(await interestCount(need.id)).toBe(1);
  });
});

describe('demand', () => {
  let need: { id: string };

  beforeAll(async () => {
    need = await createNeed(coord, { title: 'Etterspørsel' });
    const set = (u: TestUser, input: Record<string, unknown>) =>
      u.client.ok(SET_INTEREST, { input: { needId: need.id, ...input } });
    await set(coord, { quantity: '120', unit: 'brukere', annualValue: '1000000.50', currency: 'NOK' });
    await set(member, { quantity: '30.5', unit: 'Brukere', annualValue: '250000', currency: 'SEK' });
    await set(other, { quantity: '5', unit: 'enheter', annualValue: '499999.50', currency: 'NOK' });
    await set(fourth, { comment: 'Interessert, tall kommer.' });
  });

  it('refuses anonymous callers and outsiders', async () => {
    expect((await s.anon.fails(DEMAND, { id: need.id })).code).toBe('UNAUTHENTICATED');
    expect((await outsider.client.fails(DEMAND, { id: need.id })).code).toBe('NOT_FOUND');
  });

  it('sums per unit case-insensitively and per currency without converting, counting every authority', async () => {
    const { sharedNeed } = await observer.client.ok(DEMAND, { id: need.id });
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
    const { sharedNeed } = await member.client.ok(DEMAND, { id: need.id });
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
    await member.client.ok(SET_INTEREST, {
      input: { needId: exact.id, quantity: '0.1', unit: 'tonn', annualValue: '0.1', currency: 'DKK' },
    });
    await other.client.ok(SET_INTEREST, {
      input: { needId: exact.id, quantity: '0.2', unit: 'TONN', annualValue: '0.2', currency: 'DKK' },
    });
    const { sharedNeed } = await coord.client.ok(DEMAND, { id: exact.id });
    expect(sharedNeed.demand.byUnit.map((u: { total: string }) => u.total)).toEqual(['0.3']);
    expect(sharedNeed.demand.byCurrency).toEqual([{ currency: 'DKK', total: '0.3', authorities: 2 }]);
  });

  it('is empty for a need without interests', async () => {
    const empty = await createNeed(coord, { title: 'Tom' });
    const { sharedNeed } = await coord.client.ok(DEMAND, { id: empty.id });
    expect(sharedNeed.demand).toEqual({ authorityCount: 0, byUnit: [], byCurrency: [] });
    expect(sharedNeed.interests).toEqual({ totalCount: 0, nodes: [] });
  });

  it('a supplier never sees a buyer group need', async () => {
    const supplier = await s.factories.user({
      organisation: await s.factories.organisation({ kind: OrganisationKind.SUPPLIER }),
    });
    expect((await supplier.client.fails(DEMAND, { id: need.id })).code).toBe('NOT_FOUND');
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
      member.client.request(UPDATE, { id: need.id, input: { title: 'Etter' } }),
    );
    const row = await s.db.getRepository(SharedNeed).findOneByOrFail({ id: need.id });
    expect([row.status, row.title]).toEqual(['CONSOLIDATED', 'Før konsolidering']);
    expect(res.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
  });

  it('setNeedInterest does not add to the demand of a need consolidated while it was checking', async () => {
    const need = await createNeed(coord, { title: 'Fast etterspørsel' });
    const res = await whileConsolidating(need.id, () =>
      other.client.request(SET_INTEREST, { input: { needId: need.id, quantity: '10', unit: 'stk' } }),
    );
    expect(await interestCount(need.id)).toBe(0);
    expect(res.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
  });
});
