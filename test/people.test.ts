import { describe, expect, it } from 'vitest';
import { GroupVisibility } from '../server/modules/groups/group.entity.js';
import { MembershipStatus } from '../server/modules/groups/membership.entity.js';
import { gql } from './support/graphql.js';
import { s, useServer } from './support/server.js';

const PEOPLE = gql(`query($id: ID!, $search: String, $first: Int) {
  buyerGroup(id: $id) { people(search: $search, first: $first) { id displayName organisation { id } } }
}`);

const f = useServer({}, async (s) => {
  const coord = await s.factories.user({ displayName: 'Astrid Koordinatør' });
  const member = await s.factories.user({ displayName: 'Bjørn Medlem' });
  const colleague = await s.factories.user({ organisation: member.organisation, displayName: 'Cecilie Kollega' });
  const invited = await s.factories.user({ displayName: 'Dag Invitert' });
  const outsider = await s.factories.user({ displayName: 'Eva Utenfor' });
  const group = await s.factories.group(coord.organisation, { visibility: GroupVisibility.LISTED }, [
    { organisation: member.organisation },
    { organisation: invited.organisation, status: MembershipStatus.INVITED },
  ]);
  return { coord, member, colleague, invited, outsider, groupId: group.id };
});

describe('buyerGroup.people', () => {
  it('is refused anonymously and to authorities that are not active members', async () => {
    expect((await s.anon.fails(PEOPLE, { id: f.groupId })).code).toBe('UNAUTHENTICATED');
    expect((await f.outsider.client.fails(PEOPLE, { id: f.groupId })).code).toBe('FORBIDDEN');
    expect((await f.invited.client.fails(PEOPLE, { id: f.groupId })).code).toBe('FORBIDDEN');
    const supplier = await s.factories.supplier();
    expect((await supplier.client.fails(PEOPLE, { id: f.groupId })).code).toBe('NOT_FOUND');
  });

  it("lists the active member organisations' people by name, other organisations included, and searches", async () => {
    const { buyerGroup } = await f.member.client.ok(PEOPLE, { id: f.groupId });
    expect(buyerGroup.people.map((p) => p.id)).toEqual([f.coord.user.id, f.member.user.id, f.colleague.user.id]);
    const found = await f.member.client.ok(PEOPLE, { id: f.groupId, search: 'koord' });
    expect(found.buyerGroup.people.map((p) => p.displayName)).toEqual(['Astrid Koordinatør']);
  });

  it('bounds the page size', async () => {
    const err = await f.member.client.fails(PEOPLE, { id: f.groupId, first: 0 });
    expect(err).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'first' } });
  });
});
