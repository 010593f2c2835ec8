import { describe, expect, it } from 'vitest';
import type { Actor } from '../../server/auth/actor.js';
import { Missing } from '../../server/auth/policy.js';
import { OrganisationKind } from '../../server/modules/organisations/organisation.entity.js';
import { OrganisationRole, UserStatus } from '../../server/modules/users/user.entity.js';
import { userPolicy, type PeopleSubject, type UserAction } from '../../server/modules/users/user.policy.js';
import { actor, outcome } from './actors.js';

const { MUNICIPALITY, COUNTY, STATE_AGENCY } = OrganisationKind;
/** The organisation of `member` and `admin` (see actors.ts: ids follow the kind). */
const OWN = `org-${MUNICIPALITY}`;
const ELSEWHERE = 'org-elsewhere';

const ACTORS = {
  member: actor(MUNICIPALITY, { role: OrganisationRole.MEMBER }),
  admin: actor(MUNICIPALITY, { role: OrganisationRole.ADMIN }),
  otherAdmin: actor(COUNTY, { role: OrganisationRole.ADMIN }),
  platformAdmin: actor(STATE_AGENCY, { role: OrganisationRole.MEMBER, isAdmin: true }),
} as const;
type Who = keyof typeof ACTORS;

/** The people an account rule is about, seen from the acting person. */
const PEOPLE: Record<string, (a: Actor) => PeopleSubject> = {
  colleague: () => ({ id: 'colleague', organisationId: OWN }),
  self: (a) => ({ id: a.user.id, organisationId: a.organisation.id }),
  stranger: () => ({ id: 'stranger', organisationId: ELSEWHERE }),
};
type Person = 'colleague' | 'self' | 'stranger';

/** Lists of people: of an organisation in some statuses, or of every organisation (null). */
const LISTS: Record<string, PeopleSubject> = {
  ownActive: { organisationId: OWN, statuses: [UserStatus.ACTIVE] },
  ownPending: { organisationId: OWN, statuses: [UserStatus.ACTIVE, UserStatus.PENDING_APPROVAL] },
  otherActive: { organisationId: ELSEWHERE, statuses: [UserStatus.ACTIVE] },
  everywhere: { organisationId: null, statuses: [UserStatus.SUSPENDED] },
};
type List = 'ownActive' | 'ownPending' | 'otherActive' | 'everywhere';

const F = (missing: string) => `forbidden: ${missing}`;
const ADMIN = F(Missing.ORGANISATION_ADMIN);
const SELF = F(Missing.NOT_SELF);
const USER = F(Missing.ORGANISATION_USER);

/** An admin's change to someone else's account: the same answer for each of these actions. */
const MANAGE: Record<Who, Record<Person, string>> = {
  member: { colleague: ADMIN, self: SELF, stranger: ADMIN },
  admin: { colleague: 'ok', self: SELF, stranger: ADMIN },
  otherAdmin: { colleague: ADMIN, self: SELF, stranger: ADMIN },
  platformAdmin: { colleague: 'ok', self: SELF, stranger: 'ok' },
};

const PERSON_TABLE: Record<Exclude<UserAction, 'list'>, Record<Who, Record<Person, string>>> = {
  view: {
    member: { colleague: 'ok', self: 'ok', stranger: USER },
    admin: { colleague: 'ok', self: 'ok', stranger: USER },
    otherAdmin: { colleague: USER, self: 'ok', stranger: USER },
    platformAdmin: { colleague: 'ok', self: 'ok', stranger: 'ok' },
  },
  approve: MANAGE,
  decline: MANAGE,
  suspend: MANAGE,
  reinstate: MANAGE,
  setRole: MANAGE,
};

const LIST_TABLE: Record<Who, Record<List, string>> = {
  member: { ownActive: 'ok', ownPending: ADMIN, otherActive: USER, everywhere: F(Missing.PLATFORM_ADMIN) },
  admin: { ownActive: 'ok', ownPending: 'ok', otherActive: USER, everywhere: F(Missing.PLATFORM_ADMIN) },
  otherAdmin: { ownActive: USER, ownPending: USER, otherActive: USER, everywhere: F(Missing.PLATFORM_ADMIN) },
  platformAdmin: { ownActive: 'ok', ownPending: 'ok', otherActive: 'ok', everywhere: 'ok' },
};

describe('user policy', () => {
  it('covers every action of the policy', () => {
    expect([...Object.keys(PERSON_TABLE), 'list'].sort()).toEqual(Object.keys(userPolicy.rules).sort());
  });

  for (const [action, byWho] of Object.entries(PERSON_TABLE) as [UserAction, Record<Who, Record<Person, string>>][]) {
    it(`${action}: per actor, on a colleague, on themselves and on someone of another organisation`, () => {
      for (const [who, byPerson] of Object.entries(byWho) as [Who, Record<Person, string>][]) {
        for (const [person, expected] of Object.entries(byPerson) as [Person, string][]) {
          const a = ACTORS[who];
          expect([who, person, outcome(userPolicy.check(a, action, PEOPLE[person](a)))]).toEqual([
            who,
            person,
            expected,
          ]);
        }
      }
    });
  }

  it('list: active colleagues for everyone in the organisation, the rest for its admins, everyone for the operators', () => {
    for (const [who, byList] of Object.entries(LIST_TABLE) as [Who, Record<List, string>][]) {
      for (const [list, expected] of Object.entries(byList) as [List, string][]) {
        expect([who, list, outcome(userPolicy.check(ACTORS[who], 'list', LISTS[list]))]).toEqual([who, list, expected]);
      }
    }
  });

  it('refuses with the API error of its kind and the missing key', () => {
    const attempt = () => userPolicy.authorize(ACTORS.admin, 'suspend', PEOPLE.self(ACTORS.admin));
    expect(attempt).toThrow(
      expect.objectContaining({ extensions: { code: 'FORBIDDEN', missing: [Missing.NOT_SELF] } }),
    );
  });
});
