import { describe, expect, it } from 'vitest';
import { Missing } from '../../server/auth/policy.js';
import { GroupStatus } from '../../server/modules/groups/group.entity.js';
import type { Membership } from '../../server/modules/groups/membership.entity.js';
import { NeedStatus, SharedNeed } from '../../server/modules/needs/need.entity.js';
import { needPolicy, type NeedAction } from '../../server/modules/needs/need.policy.js';
import { actor, outcome } from './actors.js';
import { F, group, only, PLACES, walkTable } from './group-subjects.js';

const a = actor();
/** A need described by the actor's own organisation, or by another one. */
const need = (own: boolean, status = NeedStatus.OPEN) =>
  Object.assign(new SharedNeed(), { id: 'n', status, organisationId: own ? a.organisation.id : 'org-other' });

/** Each role: the actor's place in the group, and whether the need is its own organisation's. */
const ROLES = {
  outsider: [PLACES.outsider, false],
  invited: [PLACES.invited, false],
  observer: [PLACES.observer, false],
  ownersObserver: [PLACES.observer, true],
  guest: [PLACES.guest, false],
  member: [PLACES.member, false],
  owner: [PLACES.member, true],
  coordinator: [PLACES.coordinator, false],
} as const;
type Role = keyof typeof ROLES;
const ALL = Object.keys(ROLES) as Role[];

const FOR_ORGANISATION: Record<Role, string> = {
  ...only(ALL, ['member', 'owner', 'coordinator'], F(Missing.CONTRIBUTOR)),
  outsider: F(Missing.MEMBERSHIP),
  invited: F(Missing.MEMBERSHIP),
  guest: F(Missing.ORGANISATION_MEMBER),
};
const OWNER_OR_COORDINATOR = only(ALL, ['owner', 'coordinator'], F(Missing.AUTHOR));

/** Each action's answer per role for an OPEN need (setStatus: back to DRAFT) in an active group. */
const TABLE: Record<NeedAction, Record<Role, string>> = {
  read: only(ALL, ['observer', 'ownersObserver', 'guest', 'member', 'owner', 'coordinator'], F(Missing.MEMBERSHIP)),
  create: FOR_ORGANISATION,
  update: OWNER_OR_COORDINATOR,
  setStatus: OWNER_OR_COORDINATOR,
  stateInterest: FOR_ORGANISATION,
  removeInterest: FOR_ORGANISATION,
};

describe('need policy', () => {
  walkTable({
    policy: needPolicy,
    actor: a,
    table: TABLE,
    subject: (role, status) => {
      const [membership, own] = ROLES[role];
      return { group: group(status), membership, need: need(own), status: NeedStatus.DRAFT };
    },
    openWhenArchived: ['read'],
  });

  it('leaves consolidating, closing and reopening to coordinators, even for the owner', () => {
    const moves: [NeedStatus, NeedStatus][] = [
      [NeedStatus.OPEN, NeedStatus.CONSOLIDATED],
      [NeedStatus.OPEN, NeedStatus.CLOSED],
      [NeedStatus.CONSOLIDATED, NeedStatus.OPEN],
      [NeedStatus.CLOSED, NeedStatus.OPEN],
    ];
    const move = (membership: Membership, from: NeedStatus, to: NeedStatus) =>
      outcome(
        needPolicy.check(a, 'setStatus', {
          group: group(GroupStatus.ACTIVE),
          membership,
          need: need(true, from),
          status: to,
        }),
      );
    for (const [from, to] of moves) {
      expect([from, to, move(PLACES.member, from, to)]).toEqual([from, to, F(Missing.COORDINATOR)]);
      expect([from, to, move(PLACES.coordinator, from, to)]).toEqual([from, to, 'ok']);
    }
  });

  it('words a guest’s refusal as the API tells it', () => {
    const verdict = needPolicy.check(a, 'stateInterest', {
      group: group(GroupStatus.ACTIVE),
      membership: PLACES.guest,
    });
    expect(verdict).toMatchObject({ message: 'Guests do not state interests: a guest acts for no organisation.' });
  });
});
