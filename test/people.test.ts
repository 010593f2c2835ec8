import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GroupVisibility } from '../server/modules/groups/group.entity.js';
import { MembershipStatus } from '../server/modules/groups/membership.entity.js';
import { OrganisationKind } from '../server/modules/organisations/organisation.entity.js';
import type { TestUser } from './support/factories.js';
import { startTestServer, type TestServer } from './support/server.js';

const PEOPLE = `query($id: ID!, $search: String, $first: Int) {
  buyerGroup(id: $id) { people(search: $search, first: $first) { id displayName organisation { id } } }
}`;

let s: TestServer;
let coord: TestUser;
let member: TestUser;
let colleague: TestUser;
let invited: TestUser;
let outsider: TestUser;
let groupId: string;

beforeAll(async () => {
  s = await startTestServer();
  coord = await s.factories.user({ displayName: 'Astrid Koordinatør' });
  member = await s.factories.user({ displayName: 'Bjørn Medlem' });
  colleague = await s.factories.user({ organisation: member.organisation, displayName: 'Cecilie Kollega' });
  invited = await s.factories.user({ displayName: 'Dag Invitert' });
  outsider = await s.factories.user({ displayName: 'Eva Utenfor' });
  const group = await s.factories.group(coord.organisation, { visibility: GroupVisibility.LISTED }, [
    { organisation: member.organisation },
    { organisation: invited.organisation, status: MembershipStatus.INVITED },
  ]);
  groupId = group.id;
});
afterAll(() => s?.close());

describe('buyerGroup.people', () => {
  it('is refused anonymously and to authorities that are not active members', async () => {
    expect((await s.anon.fails(PEOPLE, { id: groupId })).code).toBe('UNAUTHENTICATED');
    expect((await outsider.client.fails(PEOPLE, { id: groupId })).code).toBe('FORBIDDEN');
    expect((await invited.client.fails(PEOPLE, { id: groupId })).code).toBe('FORBIDDEN');
    const supplier = await s.factories.user({
      organisation: await s.factories.organisation({ kind: OrganisationKind.SUPPLIER }),
    });
    expect((await supplier.client.fails(PEOPLE, { id: groupId })).code).toBe('NOT_FOUND');
  });

  it("lists the active member organisations' people by name, other organisations included, and searches", async () => {
    const { buyerGroup } = await member.client.ok<{ buyerGroup: { people: { id: string }[] } }>(PEOPLE, {
      id: groupId,
    });
    expect(buyerGroup.people.map((p) => p.id)).toEqual([coord.user.id, member.user.id, colleague.user.id]);
    const found = await member.client.ok<{ buyerGroup: { people: { displayName: string }[] } }>(PEOPLE, {
      id: groupId,
      search: 'koord',
    });
    expect(found.buyerGroup.people.map((p) => p.displayName)).toEqual(['Astrid Koordinatør']);
  });

  it('bounds the page size', async () => {
    const err = await member.client.fails(PEOPLE, { id: groupId, first: 0 });
    expect(err).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'first' } });
  });
});
