import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuyerGroup, FocusArea, GroupStatus, GroupVisibility } from '../server/modules/groups/group.entity.js';
import { Membership, MembershipRole, MembershipStatus } from '../server/modules/groups/membership.entity.js';
import { Currency, NeedInterest, Priority } from '../server/modules/needs/interest.entity.js';
import { NeedStatus, SharedNeed } from '../server/modules/needs/need.entity.js';
import { Country, Organisation, OrganisationKind } from '../server/modules/organisations/organisation.entity.js';
import { norwegianOrgNumber, type TestUser } from './support/factories.js';
import { startTestServer, type TestServer } from './support/server.js';

/**
 * The requirement: a group page query runs a number of SQL statements that does not grow
 * with list sizes. The server reports the statements a request ran in `extensions.sqlStatements`
 * (EXPOSE_SQL_COUNT, on in tests). Setup rows are written in bulk, straight to the database.
 */

/** The group page query, page sizes written in the query. */
const GROUP_PAGE = `query($id: ID!) {
  buyerGroup(id: $id) {
    name
    memberships(first: 100) { totalCount nodes { role organisation { name } } }
    needs(first: 100) {
      totalCount
      nodes {
        title
        organisation { name }
        demand { authorityCount byUnit { unit total } byCurrency { currency total } }
        interests(first: 100) { totalCount nodes { quantity organisation { name } } }
      }
    }
  }
}`;

/** The same query with the page sizes as variables (graphql-armor's cost estimate does not multiply these). */
const GROUP_PAGE_VARS = `query($id: ID!, $members: Int!, $needs: Int!, $interests: Int!) {
  buyerGroup(id: $id) {
    name
    memberships(first: $members) { totalCount nodes { role organisation { name } } }
    needs(first: $needs) {
      totalCount
      nodes {
        title
        organisation { name }
        demand { authorityCount byUnit { unit total } byCurrency { currency total } }
        interests(first: $interests) { totalCount nodes { quantity organisation { name } } }
      }
    }
  }
}`;
const PAGE_SIZES = { members: 100, needs: 100, interests: 100 };

const GROUP_LIST = `query($search: String) {
  buyerGroups(first: 50, search: $search) {
    totalCount
    nodes {
      name
      createdBy { name }
      viewerMembership { role status }
      memberships(first: 100) { totalCount nodes { role organisation { name } } }
      needs(first: 10) { totalCount nodes { title demand { authorityCount } } }
    }
  }
}`;

const GROUP_LIST_VARS = `query($search: String, $groups: Int!, $members: Int!, $needs: Int!) {
  buyerGroups(first: $groups, search: $search) {
    totalCount
    nodes {
      name
      createdBy { name }
      viewerMembership { role status }
      memberships(first: $members) { totalCount nodes { role organisation { name } } }
      needs(first: $needs) { totalCount nodes { title demand { authorityCount } } }
    }
  }
}`;
const LIST_SIZES = { groups: 50, members: 100, needs: 10 };

let s: TestServer;
let viewer: TestUser;
const UNITS = ['brukere', 'Brukere', 'enheter'];
const CURRENCIES = [Currency.NOK, Currency.SEK];

/** `n` authorities, inserted in one statement. */
async function organisations(n: number, prefix: string): Promise<Organisation[]> {
  const repo = s.db.getRepository(Organisation);
  return repo.save(
    Array.from({ length: n }, (_, i) =>
      repo.create({
        name: `${prefix} ${i} ${randomBytes(2).toString('hex')}`,
        kind: OrganisationKind.COUNTY,
        country: Country.NO,
        organisationNumber: norwegianOrgNumber(),
        municipalityCode: null,
        emailDomains: [],
      }),
    ),
    { chunk: 500 },
  );
}

interface Built {
  groups: BuyerGroup[];
  members: Organisation[];
}

/**
 * `groupCount` groups named `<prefix> <i>`, each with `memberCount` active memberships (the viewer's
 * organisation first, as coordinator), `needCount` OPEN needs and, per need, interests from the
 * first `interestsPerNeed` members.
 */
async function build(
  prefix: string,
  groupCount: number,
  memberCount: number,
  needCount: number,
  interestsPerNeed: number,
): Promise<Built> {
  const members = [viewer.organisation, ...(await organisations(memberCount - 1, `${prefix} medlem`))];
  const groupRepo = s.db.getRepository(BuyerGroup);
  const groups = await groupRepo.save(
    Array.from({ length: groupCount }, (_, i) =>
      groupRepo.create({
        name: `${prefix} ${String(i).padStart(3, '0')}`,
        description: '',
        focusArea: FocusArea.TRANSPORT,
        cpvCodes: [],
        visibility: GroupVisibility.LISTED,
        status: GroupStatus.ACTIVE,
        createdByOrganisationId: members[1 % members.length].id,
        createdByUserId: viewer.user.id,
      }),
    ),
    { chunk: 500 },
  );
  const membershipRepo = s.db.getRepository(Membership);
  await membershipRepo.save(
    groups.flatMap((g) =>
      members.map((org, i) =>
        membershipRepo.create({
          groupId: g.id,
          organisationId: org.id,
          role: i === 0 ? MembershipRole.COORDINATOR : i % 7 === 3 ? MembershipRole.OBSERVER : MembershipRole.MEMBER,
          status: MembershipStatus.ACTIVE,
          message: null,
          invitedByUserId: null,
          joinedAt: new Date(),
        }),
      ),
    ),
    { chunk: 500 },
  );
  const needRepo = s.db.getRepository(SharedNeed);
  const needs = await needRepo.save(
    groups.flatMap((g) =>
      Array.from({ length: needCount }, (_, i) =>
        needRepo.create({
          groupId: g.id,
          title: `${g.name} behov ${i}`,
          problem: 'Problem',
          intendedEffects: '',
          successCriteria: '',
          cpvCodes: [],
          status: NeedStatus.OPEN,
          organisationId: members[i % members.length].id,
          createdByUserId: viewer.user.id,
        }),
      ),
    ),
    { chunk: 500 },
  );
  const interestRepo = s.db.getRepository(NeedInterest);
  await interestRepo.save(
    needs.flatMap((need) =>
      members.slice(0, interestsPerNeed).map((org, i) =>
        interestRepo.create({
          needId: need.id,
          organisationId: org.id,
          quantity: `${i + 1}.5`,
          unit: UNITS[i % UNITS.length],
          annualValue: `${(i + 1) * 1000}.25`,
          currency: CURRENCIES[i % CURRENCIES.length],
          wantedStart: null,
          priority: Priority.MEDIUM,
          comment: null,
          updatedByUserId: viewer.user.id,
        }),
      ),
    ),
    { chunk: 500 },
  );
  return { groups, members };
}

let small: Built;
let large: Built;
let smallList: Built;
let largeList: Built;

beforeAll(async () => {
  s = await startTestServer();
  viewer = await s.factories.user();
  small = await build('Liten', 1, 5, 5, 5);
  large = await build('Stor', 1, 50, 50, 8);
  smallList = await build('Listefå', 5, 3, 2, 2);
  largeList = await build('Listemange', 50, 12, 2, 3);
  // The first request of a session resolves it from the database; later ones use the session
  // cache. Warm it so every measured request counts the same way.
  await viewer.client.ok('{ viewer { id } }');
});
afterAll(() => s?.close());

async function statements(query: string, variables: Record<string, unknown>) {
  const res = await viewer.client.request(query, variables);
  expect(res.errors).toBeUndefined();
  const count = res.extensions?.sqlStatements;
  expect(typeof count).toBe('number');
  expect(count).toBeGreaterThan(0);
  return { data: res.data!, count: count! };
}

/** Statement counts measured, for the report. */
const measured: Record<string, number> = {};
afterAll(() => {
  if (Object.keys(measured).length) console.info('SQL statements per request:', JSON.stringify(measured));
});

function checkGroupPage(small5: any, large50: any) {
  // The data is really there, so equal counts mean something.
  const g5 = small5.buyerGroup;
  expect(g5.memberships.totalCount).toBe(5);
  expect(g5.memberships.nodes).toHaveLength(5);
  expect(g5.needs.totalCount).toBe(5);
  expect(g5.needs.nodes).toHaveLength(5);
  for (const n of g5.needs.nodes) {
    expect(n.interests.totalCount).toBe(5);
    expect(n.interests.nodes).toHaveLength(5);
    expect(n.interests.nodes.every((i: { organisation: { name: string } | null }) => i.organisation?.name)).toBe(true);
    expect(n.demand.authorityCount).toBe(5);
    // brukere + Brukere sum together; enheter apart.
    expect(n.demand.byUnit).toHaveLength(2);
    expect(n.demand.byCurrency).toHaveLength(2);
    expect(n.organisation.name).toBeTruthy();
  }
  const g50 = large50.buyerGroup;
  expect(g50.memberships.totalCount).toBe(50);
  expect(g50.memberships.nodes).toHaveLength(50);
  expect(g50.memberships.nodes.every((m: { organisation: { name: string } | null }) => m.organisation?.name)).toBe(
    true,
  );
  expect(g50.needs.totalCount).toBe(50);
  expect(g50.needs.nodes).toHaveLength(50);
  for (const n of g50.needs.nodes) {
    expect(n.interests.totalCount).toBe(8);
    expect(n.interests.nodes).toHaveLength(8);
    expect(n.interests.nodes.every((i: { organisation: { name: string } | null }) => i.organisation?.name)).toBe(true);
    expect(n.demand.authorityCount).toBe(8);
    expect(n.organisation.name).toBeTruthy();
  }
}

function checkGroupList(few: any, many: any) {
  expect(few.buyerGroups.totalCount).toBe(5);
  expect(few.buyerGroups.nodes.map((g: { name: string }) => g.name)).toEqual(smallList.groups.map((g) => g.name));
  for (const g of few.buyerGroups.nodes) {
    expect(g.memberships.nodes).toHaveLength(3);
    expect(g.needs.totalCount).toBe(2);
    expect(g.viewerMembership).toEqual({ role: 'COORDINATOR', status: 'ACTIVE' });
  }
  expect(many.buyerGroups.totalCount).toBe(50);
  expect(many.buyerGroups.nodes.map((g: { name: string }) => g.name)).toEqual(largeList.groups.map((g) => g.name));
  for (const g of many.buyerGroups.nodes) {
    expect(g.memberships.totalCount).toBe(12);
    expect(g.memberships.nodes).toHaveLength(12);
    expect(g.memberships.nodes.every((m: { organisation: { name: string } | null }) => m.organisation?.name)).toBe(
      true,
    );
    expect(g.createdBy.name).toBeTruthy();
    expect(g.viewerMembership).toEqual({ role: 'COORDINATOR', status: 'ACTIVE' });
    expect(g.needs.nodes).toHaveLength(2);
    expect(g.needs.nodes.every((n: { demand: { authorityCount: number } }) => n.demand.authorityCount === 3)).toBe(
      true,
    );
  }
}

describe('SQL statements per request do not grow with list sizes', () => {
  it('group page: group -> memberships -> organisation; needs -> demand, interests -> organisation', async () => {
    const a = await statements(GROUP_PAGE_VARS, { id: small.groups[0].id, ...PAGE_SIZES });
    const b = await statements(GROUP_PAGE_VARS, { id: large.groups[0].id, ...PAGE_SIZES });
    checkGroupPage(a.data, b.data);
    measured.groupPage5 = a.count;
    measured.groupPage50 = b.count;
    expect({ small: a.count, large: b.count }).toEqual({ small: a.count, large: a.count });
    // The statements of batched loaders are counted too (the count is not vacuous): memberships,
    // needs and interests are two each (page and total), the demand three.
    const bare = await statements(`query($id: ID!) { buyerGroup(id: $id) { name } }`, { id: large.groups[0].id });
    expect(a.count - bare.count).toBeGreaterThanOrEqual(9);
  });

  it('counts the same every time (batching does not depend on timing)', async () => {
    const page = new Set<number>();
    const list = new Set<number>();
    for (let i = 0; i < 5; i++) {
      page.add((await statements(GROUP_PAGE_VARS, { id: small.groups[0].id, ...PAGE_SIZES })).count);
      page.add((await statements(GROUP_PAGE_VARS, { id: large.groups[0].id, ...PAGE_SIZES })).count);
      list.add((await statements(GROUP_LIST_VARS, { search: 'Listefå', ...LIST_SIZES })).count);
      list.add((await statements(GROUP_LIST_VARS, { search: 'Listemange', ...LIST_SIZES })).count);
    }
    expect({ page: [...page], list: [...list] }).toEqual({ page: [measured.groupPage5], list: [[...list][0]] });
  });

  it('group list: buyerGroups(first: 50) with memberships, organisations and needs of every group', async () => {
    const a = await statements(GROUP_LIST_VARS, { search: 'Listefå', ...LIST_SIZES });
    const b = await statements(GROUP_LIST_VARS, { search: 'Listemange', ...LIST_SIZES });
    checkGroupList(a.data, b.data);
    measured.groupList5 = a.count;
    measured.groupList50 = b.count;
    expect({ few: a.count, many: b.count }).toEqual({ few: a.count, many: a.count });
  });

  // The query as written, with literal page sizes: the API must accept it.
  it('accepts the group page query with literal page sizes (first: 100), with the same statement count', async () => {
    const a = await statements(GROUP_PAGE, { id: small.groups[0].id });
    const b = await statements(GROUP_PAGE, { id: large.groups[0].id });
    checkGroupPage(a.data, b.data);
    expect({ small: a.count, large: b.count }).toEqual({ small: a.count, large: a.count });
  });

  it('accepts buyerGroups(first: 50) with literal page sizes, with the same statement count', async () => {
    const a = await statements(GROUP_LIST, { search: 'Listefå' });
    const b = await statements(GROUP_LIST, { search: 'Listemange' });
    checkGroupList(a.data, b.data);
    expect({ few: a.count, many: b.count }).toEqual({ few: a.count, many: a.count });
  });
});
