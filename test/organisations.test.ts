import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/server.js';
import type { TestUser } from './support/factories.js';

const CREATE = `mutation($input: CreateOrganisationInput!) {
  createOrganisation(input: $input) { id name kind country organisationNumber municipalityCode emailDomains }
}`;
const LIST = `query($search: String, $kind: OrganisationKind, $country: Country, $first: Int, $after: String) {
  organisations(search: $search, kind: $kind, country: $country, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { id name organisationNumber }
  }
}`;

const stjordal = {
  name: 'Stjørdal kommune',
  kind: 'MUNICIPALITY',
  country: 'NO',
  organisationNumber: '939 958 851',
  municipalityCode: '5035',
  emailDomains: ['Stjordal.Kommune.no'],
};

let s: TestServer;
let admin: TestUser;
let member: TestUser;

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.factories.user({ isAdmin: true });
  member = await s.factories.user();
});
afterAll(() => s?.close());

describe('createOrganisation', () => {
  it('refuses anonymous callers', async () => {
    expect((await s.anon.fails(CREATE, { input: stjordal })).code).toBe('UNAUTHENTICATED');
  });

  it('refuses users who are not platform admins', async () => {
    expect((await member.client.fails(CREATE, { input: stjordal })).code).toBe('FORBIDDEN');
  });

  it('creates an organisation with its number in canonical form', async () => {
    const { createOrganisation: org } = await admin.client.ok(CREATE, { input: stjordal });
    expect(org).toMatchObject({
      name: 'Stjørdal kommune',
      organisationNumber: '939958851',
      municipalityCode: '5035',
      emailDomains: ['stjordal.kommune.no'],
    });
  });

  it('refuses a second organisation with the same number in the same country', async () => {
    const err = await admin.client.fails(CREATE, { input: { ...stjordal, name: 'Kopi' } });
    expect(err.code).toBe('CONFLICT');
    expect(err.extensions.field).toBe('input.organisationNumber');
  });

  it.each([
    ['NO', '939958852', 'mod-11'],
    ['NO', '12345678', '9 digits'],
    ['SE', '232100-0017', 'Luhn'],
    ['SE', '23210000', '10 digits'],
    ['DK', '55133019', 'mod-11'],
    ['FI', '0201256-7', 'check digit'],
    ['FI', 'abc', 'Y-tunnus'],
  ])('refuses an invalid %s organisation number %s', async (country, number, rule) => {
    const err = await admin.client.fails(CREATE, {
      input: { name: 'X', kind: 'COUNTY', country, organisationNumber: number },
    });
    expect(err.code).toBe('BAD_USER_INPUT');
    expect(err.extensions.field).toBe('input.organisationNumber');
    expect(err.message).toContain(rule);
  });

  it.each([
    ['SE', '232100-0016', 'COUNTY', null, '2321000016'],
    ['DK', '55133018', 'MUNICIPALITY', '751', '55133018'],
    ['FI', '0201256-6', 'MUNICIPALITY', '091', '0201256-6'],
  ])('accepts a valid %s number %s', async (country, number, kind, municipalityCode, canonical) => {
    const { createOrganisation: org } = await admin.client.ok(CREATE, {
      input: { name: `Org ${country}`, kind, country, organisationNumber: number, municipalityCode },
    });
    expect(org.organisationNumber).toBe(canonical);
  });

  it('needs a municipality code for municipalities, in the country format, and only for them', async () => {
    const base = { name: 'Y', country: 'NO', organisationNumber: '944482253' };
    let err = await admin.client.fails(CREATE, { input: { ...base, kind: 'MUNICIPALITY' } });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual([
      'BAD_USER_INPUT',
      'input.municipalityCode',
      'required',
    ]);
    err = await admin.client.fails(CREATE, { input: { ...base, kind: 'MUNICIPALITY', municipalityCode: '503' } });
    expect([err.code, err.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.municipalityCode']);
    err = await admin.client.fails(CREATE, { input: { ...base, kind: 'SUPPLIER', municipalityCode: '5036' } });
    expect([err.code, err.extensions.rule]).toEqual(['BAD_USER_INPUT', 'onlyMunicipalities']);
  });

  it('refuses empty names, oversized names and malformed domains, naming the field and rule', async () => {
    let err = await admin.client.fails(CREATE, {
      input: { ...stjordal, name: '   ', organisationNumber: '944482253' },
    });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual(['BAD_USER_INPUT', 'input.name', 'matches']);
    err = await admin.client.fails(CREATE, {
      input: { ...stjordal, name: 'x'.repeat(201), organisationNumber: '944482253' },
    });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual([
      'BAD_USER_INPUT',
      'input.name',
      'maxLength',
    ]);
    err = await admin.client.fails(CREATE, {
      input: { ...stjordal, emailDomains: ['not a domain'], organisationNumber: '944482253' },
    });
    expect([err.code, err.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.emailDomains']);
  });

  it('writes nothing when it refuses', async () => {
    const { organisations } = await admin.client.ok(LIST, { search: '944482253' });
    expect(organisations.totalCount).toBe(0);
  });
});

describe('organisations', () => {
  it('refuses anonymous callers', async () => {
    expect((await s.anon.fails(LIST)).code).toBe('UNAUTHENTICATED');
  });

  it('lets any signed-in user search by name (case-insensitive, Nordic letters) and by number', async () => {
    const byName = await member.client.ok(LIST, { search: 'STJØR' });
    expect(byName.organisations.nodes.map((o: { name: string }) => o.name)).toEqual(['Stjørdal kommune']);
    const byNumber = await member.client.ok(LIST, { search: '939 958 851' });
    expect(byNumber.organisations.totalCount).toBe(1);
    const literal = await member.client.ok(LIST, { search: '%' });
    expect(literal.organisations.totalCount).toBe(0);
  });

  it('pages by name with cursors, without gaps or repeats', async () => {
    for (const name of ['Åfjord', 'Agdenes', 'Bodø', 'Ørland', 'Meldal']) {
      await s.factories.organisation({ name: `${name} kommune` });
    }
    const all = await member.client.ok(LIST, { first: 100 });
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = (await member.client.ok(LIST, { first: 2, after })).organisations;
      expect(page.totalCount).toBe(all.organisations.totalCount);
      seen.push(...page.nodes.map((o: { id: string }) => o.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(all.organisations.nodes.map((o: { id: string }) => o.id));
  });

  it('filters by kind and country', async () => {
    const { organisations } = await member.client.ok(LIST, { kind: 'COUNTY', country: 'SE', first: 100 });
    expect(organisations.nodes.map((o: { organisationNumber: string }) => o.organisationNumber)).toEqual([
      '2321000016',
    ]);
  });

  it('refuses a page size out of range and a forged cursor', async () => {
    let err = await member.client.fails(LIST, { first: 1000 });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual(['BAD_USER_INPUT', 'first', 'max']);
    err = await member.client.fails(LIST, { after: 'bm90LWEtY3Vyc29y' });
    expect([err.code, err.extensions.field]).toEqual(['BAD_USER_INPUT', 'after']);
  });

  it('answers NOT_FOUND for unknown and malformed ids', async () => {
    const q = `query($id: ID!) { organisation(id: $id) { id } }`;
    expect((await member.client.fails(q, { id: '00000000-0000-4000-8000-000000000000' })).code).toBe('NOT_FOUND');
    expect((await member.client.fails(q, { id: 'not-a-uuid' })).code).toBe('NOT_FOUND');
  });
});
