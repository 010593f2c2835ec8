import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GroupVisibility } from '../server/modules/groups/group.entity.js';
import { MembershipRole, MembershipStatus } from '../server/modules/groups/membership.entity.js';
import { coordinatedGroup, memberOf, membershipRow } from './support/groups.js';
import * as op from './support/operations.js';
import { s, useServer } from './support/server.js';

useServer();

describe('inviteOrganisation', () => {
  it('refuses anonymous callers', async () => {
    const { group } = await coordinatedGroup();
    const invitee = await s.factories.organisation();
    const err = await s.anon.fails(op.INVITE, { input: { groupId: group.id, organisationId: invitee.id } });
    expect(err.code).toBe('UNAUTHENTICATED');
  });

  it('refuses members, observers and outsiders of a listed group', async () => {
    const { group } = await coordinatedGroup();
    const invitee = await s.factories.organisation();
    for (const user of [
      await memberOf(group),
      await memberOf(group, MembershipRole.OBSERVER),
      await s.factories.user(),
    ]) {
      const err = await user.client.fails(op.INVITE, { input: { groupId: group.id, organisationId: invitee.id } });
      expect(err.code).toBe('FORBIDDEN');
    }
    expect(await membershipRow(group.id, invitee.id)).toBeUndefined();
  });

  it('invites an authority, which then sees the unlisted group', async () => {
    const { coordinator, group } = await coordinatedGroup({ visibility: GroupVisibility.UNLISTED });
    const invitee = await s.factories.user();
    expect((await invitee.client.fails(op.GROUP, { id: group.id })).code).toBe('NOT_FOUND');

    const { inviteOrganisation: m } = await coordinator.client.ok(op.INVITE, {
      input: {
        groupId: group.id,
        organisationId: invitee.organisation.id,
        role: 'OBSERVER',
        message: '  Velkommen!  ',
      },
    });
    expect(m).toMatchObject({
      role: 'OBSERVER',
      status: 'INVITED',
      joinedAt: null,
      message: 'Velkommen!',
      organisation: { id: invitee.organisation.id, name: invitee.organisation.name },
      group: { id: group.id },
    });
    const { buyerGroup } = await invitee.client.ok(op.GROUP, { id: group.id });
    expect(buyerGroup.viewerMembership).toEqual({ role: 'OBSERVER', status: 'INVITED' });
  });

  it('invites as MEMBER by default', async () => {
    const { coordinator, group } = await coordinatedGroup();
    const invitee = await s.factories.organisation();
    const { inviteOrganisation } = await coordinator.client.ok(op.INVITE, {
      input: { groupId: group.id, organisationId: invitee.id },
    });
    expect(inviteOrganisation).toMatchObject({ role: 'MEMBER', status: 'INVITED', message: null });
  });

  it('admits an organisation that asked to join', async () => {
    const { coordinator, group } = await coordinatedGroup();
    const asker = await memberOf(group, MembershipRole.MEMBER, MembershipStatus.REQUESTED);
    const { inviteOrganisation } = await coordinator.client.ok(op.INVITE, {
      input: { groupId: group.id, organisationId: asker.organisation.id },
    });
    expect(inviteOrganisation).toMatchObject({ status: 'ACTIVE', joinedAt: expect.any(String) });
  });

  it('invites again an organisation that left, and it can accept', async () => {
    const { coordinator, group } = await coordinatedGroup({ visibility: GroupVisibility.UNLISTED });
    const former = await memberOf(group, MembershipRole.MEMBER, MembershipStatus.LEFT);
    const { inviteOrganisation } = await coordinator.client.ok(op.INVITE, {
      input: { groupId: group.id, organisationId: former.organisation.id },
    });
    expect(inviteOrganisation.status).toBe('INVITED');
    const { acceptInvitation } = await former.client.ok(op.ACCEPT, { groupId: group.id });
    expect(acceptInvitation).toMatchObject({ status: 'ACTIVE', joinedAt: expect.any(String) });
  });

  it('refuses suppliers and unknown organisations, naming input.organisationId', async () => {
    const { coordinator, group } = await coordinatedGroup();
    const supplier = await s.factories.supplier();
    let err = await coordinator.client.fails(op.INVITE, {
      input: { groupId: group.id, organisationId: supplier.organisation.id },
    });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual([
      'BAD_USER_INPUT',
      'input.organisationId',
      'authority',
    ]);
    for (const organisationId of [randomUUID(), 'not-a-uuid']) {
      err = await coordinator.client.fails(op.INVITE, { input: { groupId: group.id, organisationId } });
      expect([err.code, err.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.organisationId']);
    }
    expect(await membershipRow(group.id, supplier.organisation.id)).toBeUndefined();
  });

  it('refuses a message over 1,000 characters', async () => {
    const { coordinator, group } = await coordinatedGroup();
    const invitee = await s.factories.organisation();
    const err = await coordinator.client.fails(op.INVITE, {
      input: { groupId: group.id, organisationId: invitee.id, message: 'm'.repeat(1001) },
    });
    expect([err.code, err.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.message']);
  });

  it('answers CONFLICT for organisations already active or already invited', async () => {
    const { coordinator, group } = await coordinatedGroup();
    const active = await memberOf(group);
    const invited = await memberOf(group, MembershipRole.OBSERVER, MembershipStatus.INVITED);
    for (const organisationId of [active.organisation.id, invited.organisation.id, coordinator.organisation.id]) {
      const err = await coordinator.client.fails(op.INVITE, {
        input: { groupId: group.id, organisationId, role: 'COORDINATOR' },
      });
      expect([err.code, err.extensions.field]).toEqual(['CONFLICT', 'input.organisationId']);
    }
    expect(await membershipRow(group.id, invited.organisation.id)).toMatchObject({
      role: 'OBSERVER',
      status: 'INVITED',
    });
    expect(await membershipRow(group.id, active.organisation.id)).toMatchObject({ role: 'MEMBER', status: 'ACTIVE' });
  });
});

describe('acceptInvitation', () => {
  it('refuses anonymous callers', async () => {
    const { group } = await coordinatedGroup();
    expect((await s.anon.fails(op.ACCEPT, { groupId: group.id })).code).toBe('UNAUTHENTICATED');
  });

  it('refuses organisations without an open invitation', async () => {
    const { coordinator, group } = await coordinatedGroup();
    const member = await memberOf(group);
    const asker = await memberOf(group, MembershipRole.MEMBER, MembershipStatus.REQUESTED);
    const outsider = await s.factories.user();
    for (const user of [coordinator, member, asker, outsider]) {
      const err = await user.client.fails(op.ACCEPT, { groupId: group.id });
      expect(err.code).toBe('INVALID_STATE');
      expect(err.extensions.missing).toEqual(['an invitation']);
    }
    expect(await membershipRow(group.id, asker.organisation.id)).toMatchObject({ status: 'REQUESTED' });
    expect(await membershipRow(group.id, outsider.organisation.id)).toBeUndefined();
  });

  it('makes the invited organisation an active member in the role it was invited to', async () => {
    const { group } = await coordinatedGroup({ visibility: GroupVisibility.UNLISTED });
    const invitee = await memberOf(group, MembershipRole.OBSERVER, MembershipStatus.INVITED);
    const { acceptInvitation } = await invitee.client.ok(op.ACCEPT, { groupId: group.id });
    expect(acceptInvitation).toMatchObject({
      role: 'OBSERVER',
      status: 'ACTIVE',
      joinedAt: expect.any(String),
      organisation: { id: invitee.organisation.id },
    });
    // Any user of the organisation acts for it; a second acceptance finds no invitation.
    const colleague = await s.factories.user({ organisation: invitee.organisation });
    expect((await colleague.client.fails(op.ACCEPT, { groupId: group.id })).code).toBe('INVALID_STATE');
  });

  it('answers NOT_FOUND for unknown and malformed group ids', async () => {
    const user = await s.factories.user();
    for (const groupId of [randomUUID(), 'not-a-uuid']) {
      expect((await user.client.fails(op.ACCEPT, { groupId })).code).toBe('NOT_FOUND');
    }
  });
});

describe('declineInvitation', () => {
  it('refuses anonymous callers', async () => {
    const { group } = await coordinatedGroup();
    expect((await s.anon.fails(op.DECLINE, { groupId: group.id })).code).toBe('UNAUTHENTICATED');
  });

  it('refuses organisations without an open invitation', async () => {
    const { coordinator, group } = await coordinatedGroup();
    const member = await memberOf(group);
    for (const user of [coordinator, member, await s.factories.user()]) {
      expect((await user.client.fails(op.DECLINE, { groupId: group.id })).code).toBe('INVALID_STATE');
    }
    expect(await membershipRow(group.id, member.organisation.id)).toMatchObject({ status: 'ACTIVE' });
  });

  it('marks the invitation LEFT, after which the unlisted group is hidden again', async () => {
    const { coordinator, group } = await coordinatedGroup({ visibility: GroupVisibility.UNLISTED });
    const invitee = await memberOf(group, MembershipRole.MEMBER, MembershipStatus.INVITED);
    const { declineInvitation } = await invitee.client.ok(op.DECLINE, { groupId: group.id });
    expect(declineInvitation).toMatchObject({ status: 'LEFT', joinedAt: null });
    expect((await invitee.client.fails(op.GROUP, { id: group.id })).code).toBe('NOT_FOUND');
    // The coordinator may invite it again.
    const again = await coordinator.client.ok(op.INVITE, {
      input: { groupId: group.id, organisationId: invitee.organisation.id },
    });
    expect(again.inviteOrganisation.status).toBe('INVITED');
  });

  it('answers NOT_FOUND for malformed group ids', async () => {
    const user = await s.factories.user();
    expect((await user.client.fails(op.DECLINE, { groupId: 'not-a-uuid' })).code).toBe('NOT_FOUND');
  });
});

describe('requestToJoin', () => {
  it('refuses anonymous callers', async () => {
    const { group } = await coordinatedGroup();
    expect((await s.anon.fails(op.REQUEST, { input: { groupId: group.id } })).code).toBe('UNAUTHENTICATED');
  });

  it('is NOT_FOUND for suppliers (who never see groups) and for unlisted groups', async () => {
    const { group: listed } = await coordinatedGroup();
    const { group: unlisted } = await coordinatedGroup({ visibility: GroupVisibility.UNLISTED });
    const supplier = await s.factories.supplier();
    const outsider = await s.factories.user();
    expect((await supplier.client.fails(op.REQUEST, { input: { groupId: listed.id } })).code).toBe('NOT_FOUND');
    expect((await outsider.client.fails(op.REQUEST, { input: { groupId: unlisted.id } })).code).toBe('NOT_FOUND');
    expect(await membershipRow(listed.id, supplier.organisation.id)).toBeUndefined();
    expect(await membershipRow(unlisted.id, outsider.organisation.id)).toBeUndefined();
  });

  it('records a request to join a listed group, which its coordinators see', async () => {
    const { coordinator, group } = await coordinatedGroup();
    const asker = await s.factories.user();
    const { requestToJoin } = await asker.client.ok(op.REQUEST, {
      input: { groupId: group.id, message: ' Vi har samme behov. ' },
    });
    expect(requestToJoin).toMatchObject({
      role: 'MEMBER',
      status: 'REQUESTED',
      joinedAt: null,
      message: 'Vi har samme behov.',
      organisation: { id: asker.organisation.id },
    });
    const mine = await asker.client.ok(op.GROUPS, { scope: 'MINE' });
    expect(mine.buyerGroups.nodes).toEqual([
      { id: group.id, name: group.name, viewerMembership: { status: 'REQUESTED' } },
    ]);
    const { buyerGroup } = await coordinator.client.ok(op.MEMBERSHIPS, { id: group.id, status: ['REQUESTED'] });
    expect(buyerGroup.memberships.nodes.map((m: any) => m.organisation.id)).toEqual([asker.organisation.id]);
  });

  it('answers CONFLICT to organisations that asked already, are invited or are members', async () => {
    const { coordinator, group } = await coordinatedGroup();
    const asker = await s.factories.user();
    await asker.client.ok(op.REQUEST, { input: { groupId: group.id } });
    const invited = await memberOf(group, MembershipRole.MEMBER, MembershipStatus.INVITED);
    const member = await memberOf(group);
    for (const user of [asker, invited, member, coordinator]) {
      expect((await user.client.fails(op.REQUEST, { input: { groupId: group.id } })).code).toBe('CONFLICT');
    }
    expect(await membershipRow(group.id, invited.organisation.id)).toMatchObject({ status: 'INVITED' });
    expect(await membershipRow(group.id, coordinator.organisation.id)).toMatchObject({
      role: 'COORDINATOR',
      status: 'ACTIVE',
    });
  });

  it('can be withdrawn (leaveGroup) and asked again', async () => {
    const { group } = await coordinatedGroup();
    const asker = await s.factories.user();
    await asker.client.ok(op.REQUEST, { input: { groupId: group.id } });
    expect((await asker.client.ok(op.LEAVE, { groupId: group.id })).leaveGroup.status).toBe('LEFT');
    expect((await asker.client.ok(op.REQUEST, { input: { groupId: group.id } })).requestToJoin.status).toBe(
      'REQUESTED',
    );
  });

  it('refuses a message over 1,000 characters', async () => {
    const { group } = await coordinatedGroup();
    const asker = await s.factories.user();
    const err = await asker.client.fails(op.REQUEST, { input: { groupId: group.id, message: 'm'.repeat(1001) } });
    expect([err.code, err.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.message']);
    expect(await membershipRow(group.id, asker.organisation.id)).toBeUndefined();
  });
});

describe('approveJoinRequest and declineJoinRequest', () => {
  it('refuse anonymous callers', async () => {
    const { group } = await coordinatedGroup();
    const asker = await memberOf(group, MembershipRole.MEMBER, MembershipStatus.REQUESTED);
    const input = { groupId: group.id, organisationId: asker.organisation.id };
    expect((await s.anon.fails(op.APPROVE, { input })).code).toBe('UNAUTHENTICATED');
    expect((await s.anon.fails(op.DECLINE_REQUEST, { input })).code).toBe('UNAUTHENTICATED');
  });

  it('refuse members, observers and the asker itself', async () => {
    const { group } = await coordinatedGroup();
    const asker = await memberOf(group, MembershipRole.MEMBER, MembershipStatus.REQUESTED);
    const input = { groupId: group.id, organisationId: asker.organisation.id };
    for (const user of [await memberOf(group), await memberOf(group, MembershipRole.OBSERVER), asker]) {
      expect((await user.client.fails(op.APPROVE, { input })).code).toBe('FORBIDDEN');
      expect((await user.client.fails(op.DECLINE_REQUEST, { input })).code).toBe('FORBIDDEN');
    }
    expect(await membershipRow(group.id, asker.organisation.id)).toMatchObject({ status: 'REQUESTED' });
  });

  it('approve: makes the asker active in the given role', async () => {
    const { coordinator, group } = await coordinatedGroup();
    const asker = await s.factories.user();
    await asker.client.ok(op.REQUEST, { input: { groupId: group.id } });
    const { approveJoinRequest } = await coordinator.client.ok(op.APPROVE, {
      input: { groupId: group.id, organisationId: asker.organisation.id, role: 'OBSERVER' },
    });
    expect(approveJoinRequest).toMatchObject({ role: 'OBSERVER', status: 'ACTIVE', joinedAt: expect.any(String) });
    expect((await asker.client.ok(op.GROUP, { id: group.id })).buyerGroup.viewerMembership).toEqual({
      role: 'OBSERVER',
      status: 'ACTIVE',
    });
  });

  it('decline: marks the request LEFT', async () => {
    const { coordinator, group } = await coordinatedGroup();
    const asker = await s.factories.user();
    await asker.client.ok(op.REQUEST, { input: { groupId: group.id } });
    const { declineJoinRequest } = await coordinator.client.ok(op.DECLINE_REQUEST, {
      input: { groupId: group.id, organisationId: asker.organisation.id },
    });
    expect(declineJoinRequest).toMatchObject({ status: 'LEFT', joinedAt: null });
  });

  it('refuse organisations with no open request, and unknown organisations', async () => {
    const { coordinator, group } = await coordinatedGroup();
    const member = await memberOf(group);
    const invited = await memberOf(group, MembershipRole.MEMBER, MembershipStatus.INVITED);
    for (const query of [op.APPROVE, op.DECLINE_REQUEST]) {
      for (const organisationId of [member.organisation.id, invited.organisation.id]) {
        const err = await coordinator.client.fails(query, { input: { groupId: group.id, organisationId } });
        expect(err.code).toBe('INVALID_STATE');
      }
      for (const organisationId of [randomUUID(), 'not-a-uuid']) {
        const err = await coordinator.client.fails(query, { input: { groupId: group.id, organisationId } });
        expect(err.code).toBe('NOT_FOUND');
      }
    }
    expect(await membershipRow(group.id, invited.organisation.id)).toMatchObject({ status: 'INVITED' });
  });
});
