import { describe, expect, it } from 'vitest';
import { Missing } from '../../server/auth/policy.js';
import { OrganisationKind } from '../../server/modules/organisations/organisation.entity.js';
import {
  organisationPolicy,
  type OrganisationAction,
  type OrganisationSubject,
} from '../../server/modules/organisations/organisation.policy.js';
import { OrganisationRole } from '../../server/modules/users/user.entity.js';
import { actor, outcome } from './actors.js';

const { MUNICIPALITY, COUNTY, STATE_AGENCY } = OrganisationKind;
/** The organisation of `member` and `admin` (see actors.ts: ids follow the kind). */
const OWN = { id: `org-${MUNICIPALITY}`, emailDomains: ['stjordal.kommune.no'] };

const ACTORS = {
  member: actor(MUNICIPALITY, { role: OrganisationRole.MEMBER }),
  admin: actor(MUNICIPALITY, { role: OrganisationRole.ADMIN }),
  otherAdmin: actor(COUNTY, { role: OrganisationRole.ADMIN }),
  platformAdmin: actor(STATE_AGENCY, { role: OrganisationRole.MEMBER, isAdmin: true }),
} as const;
type Who = keyof typeof ACTORS;

/** The organisation acted on: the actor's own, or (for create) none yet. */
const SUBJECTS: Record<string, OrganisationSubject> = {
  own: OWN,
  none: { id: null },
  // For claimDomain: a domain the organisation has, a subdomain of one, and a new domain.
  kept: { ...OWN, domain: 'stjordal.kommune.no' },
  subdomain: { ...OWN, domain: 'helse.stjordal.kommune.no' },
  newDomain: { ...OWN, domain: 'stjordal.no' },
};

const F = (missing: string) => `forbidden: ${missing}`;
const ADMIN = F(Missing.ORGANISATION_ADMIN);
const OPERATOR = F(Missing.PLATFORM_ADMIN);
const everyone = (answer: string) => ({ member: answer, admin: answer, otherAdmin: answer, platformAdmin: answer });
const operatorsOnly = { ...everyone(OPERATOR), platformAdmin: 'ok' };
const itsAdmins = { member: ADMIN, admin: 'ok', otherAdmin: ADMIN, platformAdmin: 'ok' };

/** Each action's answer per actor, per subject. */
const TABLE: Record<OrganisationAction, Record<string, Record<Who, string>>> = {
  create: { none: operatorsOnly },
  update: { own: operatorsOnly },
  addAdmin: { own: operatorsOnly },
  updateAccess: { own: itsAdmins },
  claimDomain: {
    kept: itsAdmins,
    subdomain: itsAdmins,
    newDomain: { ...itsAdmins, admin: OPERATOR },
  },
  readActivity: { own: itsAdmins },
  readEmailDomains: {
    own: { member: 'ok', admin: 'ok', otherAdmin: F(Missing.ORGANISATION_USER), platformAdmin: 'ok' },
  },
};

describe('organisation policy', () => {
  it('covers every action of the policy', () => {
    expect(Object.keys(TABLE).sort()).toEqual(Object.keys(organisationPolicy.rules).sort());
  });

  for (const [action, bySubject] of Object.entries(TABLE) as [
    OrganisationAction,
    Record<string, Record<Who, string>>,
  ][]) {
    it(`${action}: per actor`, () => {
      for (const [subject, byWho] of Object.entries(bySubject)) {
        for (const [who, expected] of Object.entries(byWho) as [Who, string][]) {
          expect([subject, who, outcome(organisationPolicy.check(ACTORS[who], action, SUBJECTS[subject]))]).toEqual([
            subject,
            who,
            expected,
          ]);
        }
      }
    });
  }

  it('refuses with the API error of its kind and the missing key', () => {
    const attempt = () => organisationPolicy.authorize(ACTORS.admin, 'readActivity', { id: 'org-elsewhere' });
    expect(attempt).toThrow(
      expect.objectContaining({ extensions: { code: 'FORBIDDEN', missing: [Missing.ORGANISATION_ADMIN] } }),
    );
  });
});
