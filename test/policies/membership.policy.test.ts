import { describe, expect, it } from 'vitest';
import { Missing } from '../../server/auth/policy.js';
import { GroupStatus, GroupVisibility } from '../../server/modules/groups/group.entity.js';
import { membershipPolicy, type MembershipAction } from '../../server/modules/groups/membership.policy.js';
import { OrganisationKind } from '../../server/modules/organisations/organisation.entity.js';
import { actor, outcome } from './actors.js';
import { F, group, only, PLACES, S, walkTable, type Place } from './group-subjects.js';

const ALL = Object.keys(PLACES) as Place[];
const COORDINATORS = only(ALL, ['coordinator'], F(Missing.COORDINATOR));
const INVITED = only(ALL, ['invited'], S(Missing.INVITATION));

/** Each action's answer per place in an active, listed group; in an archived group, changes become ARCHIVED. */
const TABLE: Record<MembershipAction, Record<Place, string>> = {
  invite: COORDINATORS,
  acceptInvitation: INVITED,
  declineInvitation: INVITED,
  // Whether the organisation asked, is invited or is a member already is the service's CONFLICT.
  requestToJoin: only(ALL, ALL, 'never'),
  approveJoinRequest: COORDINATORS,
  declineJoinRequest: COORDINATORS,
  changeRole: COORDINATORS,
  remove: COORDINATORS,
  // A guest's stand-in is no membership of the organisation's: there is nothing to leave.
  leave: only(ALL, ['requested', 'observer', 'member', 'coordinator'], S(Missing.IN_GROUP)),
  inviteGuest: COORDINATORS,
  changeGuest: COORDINATORS,
  readGuests: only(ALL, ['observer', 'guest', 'member', 'coordinator'], F(Missing.MEMBERSHIP)),
  readPending: {
    ...only(ALL, ['observer', 'member', 'coordinator'], F(Missing.MEMBERSHIP)),
    guest: F(Missing.ORGANISATION_MEMBER),
  },
};

describe('membership policy', () => {
  const a = actor();
  const listed = (status = GroupStatus.ACTIVE) => group(status, GroupVisibility.LISTED);
  walkTable({
    policy: membershipPolicy,
    actor: a,
    table: TABLE,
    subject: (place, status) => ({ group: listed(status), membership: PLACES[place] }),
    openWhenArchived: ['readGuests', 'readPending'],
  });

  it('lets only public authorities ask to join, and only listed groups', () => {
    const unlisted = { group: group(GroupStatus.ACTIVE), membership: null };
    const subject = { group: listed(), membership: null };
    expect(outcome(membershipPolicy.check(actor(OrganisationKind.COUNTY), 'requestToJoin', subject))).toBe('ok');
    for (const kind of [OrganisationKind.SUPPLIER, OrganisationKind.GUEST]) {
      expect(outcome(membershipPolicy.check(actor(kind), 'requestToJoin', subject))).toBe(F(Missing.AUTHORITY));
    }
    expect(outcome(membershipPolicy.check(a, 'requestToJoin', unlisted))).toBe(F(Missing.LISTED));
  });

  it('tells an invited organisation that leaves to decline instead', () => {
    const verdict = membershipPolicy.check(a, 'leave', { group: listed(), membership: PLACES.invited });
    expect(verdict).toMatchObject({ ok: false, message: 'Decline the invitation instead.' });
  });

  it('refuses an answer without an invitation as INVALID_STATE, with the missing key', () => {
    const attempt = () => membershipPolicy.authorize(a, 'acceptInvitation', { group: listed(), membership: null });
    expect(attempt).toThrow(
      expect.objectContaining({ extensions: { code: 'INVALID_STATE', missing: [Missing.INVITATION] } }),
    );
  });
});
