import { describe, expect, it } from 'vitest';
import { Missing } from '../../server/auth/policy.js';
import { MembershipRole, MembershipStatus } from '../../server/modules/groups/membership.entity.js';
import { OrganisationKind } from '../../server/modules/organisations/organisation.entity.js';
import { recordPolicy, type RecordAction } from '../../server/modules/records/record.policy.js';
import { actor, outcome } from './actors.js';
import { F, row } from './group-subjects.js';

const PLACES = {
  outsider: null,
  invited: row(MembershipRole.MEMBER, { status: MembershipStatus.INVITED }),
  left: row(MembershipRole.MEMBER, { status: MembershipStatus.LEFT }),
  observer: row(MembershipRole.OBSERVER),
  guest: row(MembershipRole.MEMBER, { guest: true }),
  member: row(MembershipRole.MEMBER),
  coordinator: row(MembershipRole.COORDINATOR),
} as const;
type Place = keyof typeof PLACES;

const AUTHORITY = F(Missing.AUTHORITY);
const GUEST = F(Missing.ORGANISATION_MEMBER);
const MEMBER = F(Missing.MEMBERSHIP);

/**
 * Each action's answer per place in the group, for an authority's user and a supplier's: marking is
 * any active member authority's registry act (observers too), the case file is for every authority
 * that is or was a member, the journal for any authority's people; never guests or suppliers.
 */
const TABLE: Record<RecordAction, Record<'authority' | 'supplier', Record<Place, string>>> = {
  mark: {
    authority: {
      outsider: MEMBER,
      invited: MEMBER,
      left: MEMBER,
      observer: 'ok',
      guest: GUEST,
      member: 'ok',
      coordinator: 'ok',
    },
    supplier: {
      outsider: AUTHORITY,
      invited: AUTHORITY,
      left: AUTHORITY,
      observer: AUTHORITY,
      guest: AUTHORITY,
      member: AUTHORITY,
      coordinator: AUTHORITY,
    },
  },
  readCase: {
    authority: {
      outsider: MEMBER,
      invited: MEMBER,
      left: 'ok',
      observer: 'ok',
      guest: GUEST,
      member: 'ok',
      coordinator: 'ok',
    },
    supplier: {
      outsider: AUTHORITY,
      invited: AUTHORITY,
      left: AUTHORITY,
      observer: AUTHORITY,
      guest: AUTHORITY,
      member: AUTHORITY,
      coordinator: AUTHORITY,
    },
  },
  readJournal: {
    authority: {
      outsider: 'ok',
      invited: 'ok',
      left: 'ok',
      observer: 'ok',
      guest: 'ok',
      member: 'ok',
      coordinator: 'ok',
    },
    supplier: {
      outsider: AUTHORITY,
      invited: AUTHORITY,
      left: AUTHORITY,
      observer: AUTHORITY,
      guest: AUTHORITY,
      member: AUTHORITY,
      coordinator: AUTHORITY,
    },
  },
};

describe('record policy', () => {
  it('covers every action of the policy', () => {
    expect(Object.keys(TABLE).sort()).toEqual(Object.keys(recordPolicy.rules).sort());
  });
  for (const [action, byKind] of Object.entries(TABLE) as [RecordAction, (typeof TABLE)['mark']][]) {
    it(`${action}: per place in the group, for an authority and a supplier`, () => {
      for (const [kind, byPlace] of Object.entries(byKind) as ['authority' | 'supplier', Record<Place, string>][]) {
        const a = actor(kind === 'authority' ? OrganisationKind.MUNICIPALITY : OrganisationKind.SUPPLIER);
        for (const [place, expected] of Object.entries(byPlace) as [Place, string][]) {
          expect([kind, place, outcome(recordPolicy.check(a, action, { membership: PLACES[place] }))]).toEqual([
            kind,
            place,
            expected,
          ]);
        }
      }
    });
  }
});
