import { describe, expect, it } from 'vitest';
import { Missing } from '../../server/auth/policy.js';
import { calendarPolicy, type CalendarAction } from '../../server/modules/calendars/calendar.policy.js';
import { MembershipRole, MembershipStatus } from '../../server/modules/groups/membership.entity.js';
import { OrganisationKind } from '../../server/modules/organisations/organisation.entity.js';
import { Procurement } from '../../server/modules/procurements/procurement.entity.js';
import { actor, outcome } from './actors.js';
import { F, row } from './group-subjects.js';

/** Everyone whose calendar a procurement may reach: buyers from inside, suppliers and other authorities from outside. */
const STANDINGS = {
  supplier: { kind: OrganisationKind.SUPPLIER, membership: null, registered: false },
  registered: { kind: OrganisationKind.SUPPLIER, membership: null, registered: true },
  authority: { kind: OrganisationKind.MUNICIPALITY, membership: null, registered: false },
  invited: {
    kind: OrganisationKind.MUNICIPALITY,
    membership: row(MembershipRole.MEMBER, { status: MembershipStatus.INVITED }),
    registered: false,
  },
  left: {
    kind: OrganisationKind.MUNICIPALITY,
    membership: row(MembershipRole.MEMBER, { status: MembershipStatus.LEFT }),
    registered: false,
  },
  observer: { kind: OrganisationKind.MUNICIPALITY, membership: row(MembershipRole.OBSERVER), registered: false },
  guest: {
    kind: OrganisationKind.MUNICIPALITY,
    membership: row(MembershipRole.MEMBER, { guest: true }),
    registered: false,
  },
  member: { kind: OrganisationKind.MUNICIPALITY, membership: row(MembershipRole.MEMBER), registered: false },
  coordinator: { kind: OrganisationKind.COUNTY, membership: row(MembershipRole.COORDINATOR), registered: false },
} as const;
type Standing = keyof typeof STANDINGS;

const BUYERS = ['observer', 'guest', 'member', 'coordinator'];

/** Each action's answer per standing, on a published dialogue. */
const TABLE: Record<CalendarAction, Record<Standing, string>> = {
  buyerItems: Object.fromEntries(
    Object.keys(STANDINGS).map((s) => [s, BUYERS.includes(s) ? 'ok' : F(Missing.MEMBERSHIP)]),
  ) as Record<Standing, string>,
  supplierItems: Object.fromEntries(
    Object.keys(STANDINGS).map((s) => [
      s,
      s === 'registered' ? 'ok' : s === 'supplier' ? F(Missing.REGISTERED) : F(Missing.SUPPLIER),
    ]),
  ) as Record<Standing, string>,
};

const subject = (standing: Standing, published = true) => ({
  procurement: Object.assign(new Procurement(), {
    id: 'p',
    groupId: 'g',
    dialoguePublishedAt: published ? new Date('2026-01-01') : null,
  }),
  membership: STANDINGS[standing].membership,
  registered: STANDINGS[standing].registered,
});

describe('calendar policy', () => {
  it('covers every action of the policy', () => {
    expect(Object.keys(TABLE).sort()).toEqual(Object.keys(calendarPolicy.rules).sort());
  });

  for (const [action, byStanding] of Object.entries(TABLE) as [CalendarAction, Record<Standing, string>][]) {
    it(`${action}: per standing`, () => {
      for (const [standing, expected] of Object.entries(byStanding) as [Standing, string][]) {
        const verdict = calendarPolicy.check(actor(STANDINGS[standing].kind), action, subject(standing));
        expect([standing, outcome(verdict)]).toEqual([standing, expected]);
      }
    });
  }

  it('gives a registered supplier nothing of an unpublished dialogue', () => {
    const verdict = calendarPolicy.check(
      actor(OrganisationKind.SUPPLIER),
      'supplierItems',
      subject('registered', false),
    );
    expect(outcome(verdict)).toBe(F(Missing.REGISTERED));
  });
});
