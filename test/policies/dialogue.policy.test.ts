import { describe, expect, it } from 'vitest';
import type { Actor } from '../../server/auth/actor.js';
import { Missing } from '../../server/auth/policy.js';
import { dialoguePolicy, type DialogueAction } from '../../server/modules/dialogue/dialogue.policy.js';
import { MembershipRole, MembershipStatus } from '../../server/modules/groups/membership.entity.js';
import { OrganisationKind } from '../../server/modules/organisations/organisation.entity.js';
import { Procurement } from '../../server/modules/procurements/procurement.entity.js';
import { actor, outcome } from './actors.js';
import { F, row } from './group-subjects.js';

/**
 * Everyone who meets a market dialogue: suppliers (registered or not) and public authorities
 * outside the group from outside, the buyers (the group's active members, guests included) from
 * inside.
 */
const STANDINGS = {
  supplier: { kind: OrganisationKind.SUPPLIER, membership: null, registered: false },
  registered: { kind: OrganisationKind.SUPPLIER, membership: null, registered: true },
  authority: { kind: OrganisationKind.MUNICIPALITY, membership: null, registered: false },
  invited: {
    kind: OrganisationKind.MUNICIPALITY,
    membership: row(MembershipRole.MEMBER, { status: MembershipStatus.INVITED }),
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
type ByStanding = Record<Standing, string>;

const every = (expected: string): ByStanding => ({
  supplier: expected,
  registered: expected,
  authority: expected,
  invited: expected,
  observer: expected,
  guest: expected,
  member: expected,
  coordinator: expected,
});
/** Everyone outside the buyer group. */
const outside = (expected: string) => ({
  supplier: expected,
  registered: expected,
  authority: expected,
  invited: expected,
});
const SUPPLIERS_ONLY: ByStanding = { ...every(F(Missing.SUPPLIER)), supplier: 'ok', registered: 'ok' };
const REGISTERED_SUPPLIERS: ByStanding = { ...SUPPLIERS_ONLY, supplier: F(Missing.REGISTERED) };
const COORDINATORS: ByStanding = { ...every(F(Missing.COORDINATOR)), coordinator: 'ok' };

/**
 * Each action's expected answer per standing on a published dialogue, for a question or booking of
 * another organisation (`others`) and of the actor's own (`own`). Refusals the service answers with
 * NOT_FOUND instead (a dialogue, question or booking the actor may not know of) are refusals here.
 */
const TABLE: Record<DialogueAction, { others: ByStanding; own?: ByStanding }> = {
  readNotice: { others: every('ok') },
  readInside: { others: { ...every('ok'), ...outside(F(Missing.REGISTERED)), registered: 'ok' } },
  readAsBuyer: { others: { ...every('ok'), ...outside(F(Missing.MEMBERSHIP)) } },
  register: { others: SUPPLIERS_ONLY },
  ask: { others: REGISTERED_SUPPLIERS },
  book: { others: REGISTERED_SUPPLIERS },
  withdraw: { others: every(F(Missing.AUTHOR)), own: every('ok') },
  cancelBooking: { others: COORDINATORS, own: every('ok') },
  manage: { others: COORDINATORS, own: COORDINATORS },
};

function subject(a: Actor, standing: Standing, o: { published?: boolean; own?: boolean } = {}) {
  const { membership, registered } = STANDINGS[standing];
  const procurement = Object.assign(new Procurement(), {
    id: 'p',
    groupId: 'g',
    dialoguePublishedAt: o.published === false ? null : new Date('2026-01-01'),
  });
  return { procurement, membership, registered, owner: o.own ? a.organisation.id : 'another-org' };
}

describe('dialogue policy', () => {
  it('covers every action of the policy', () => {
    expect(Object.keys(TABLE).sort()).toEqual(Object.keys(dialoguePolicy.rules).sort());
  });

  for (const [action, { others, own }] of Object.entries(TABLE) as [DialogueAction, (typeof TABLE)['ask']][]) {
    it(`${action}: per standing, on another organisation's row and on the actor's own`, () => {
      for (const [mine, byStanding] of [
        [false, others],
        [true, own ?? others],
      ] as const) {
        for (const [standing, expected] of Object.entries(byStanding) as [Standing, string][]) {
          const a = actor(STANDINGS[standing].kind);
          const verdict = dialoguePolicy.check(a, action, subject(a, standing, { own: mine }));
          expect([standing, mine, outcome(verdict)]).toEqual([standing, mine, expected]);
        }
      }
    });
  }

  it('shows an unpublished dialogue to its buyers only', () => {
    for (const standing of Object.keys(STANDINGS) as Standing[]) {
      const a = actor(STANDINGS[standing].kind);
      const buyer = ['observer', 'guest', 'member', 'coordinator'].includes(standing);
      expect([
        standing,
        outcome(dialoguePolicy.check(a, 'readNotice', subject(a, standing, { published: false }))),
      ]).toEqual([standing, buyer ? 'ok' : F(Missing.MEMBERSHIP)]);
    }
  });

  it('refuses with the API error of its kind and the missing key', () => {
    const a = actor(OrganisationKind.SUPPLIER);
    expect(() => dialoguePolicy.authorize(a, 'ask', subject(a, 'supplier'))).toThrow(
      expect.objectContaining({ extensions: { code: 'FORBIDDEN', missing: [Missing.REGISTERED] } }),
    );
  });
});
