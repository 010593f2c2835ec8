import type { Actor } from '../../auth/actor.js';
import { definePolicy, forbid, Missing } from '../../auth/policy.js';
import { organisationAdmin, organisationUser, platformAdmin } from '../users/user.policy.js';

/**
 * What an organisation rule looks at: the organisation (`id` null for one being registered) and,
 * for a domain it is to have, its domains now and the one asked for.
 */
export interface OrganisationSubject {
  id: string | null;
  emailDomains?: readonly string[];
  domain?: string;
}

const ACCESS = "Only the organisation's administrators and platform admins may change this.";

/** A domain the organisation has, or a subdomain of one: narrowing how people join, not widening it. */
const within = (domains: readonly string[], domain: string) =>
  domains.some((d) => domain === d || domain.endsWith(`.${d}`));

/**
 * Who may do what with organisations: the registry facts (name, number, domains, first admins) are
 * the operators'; how people join (domains within the verified ones, subdomains, approval) and who
 * acted for the organisation are its admins' business too.
 */
export const organisationPolicy = definePolicy({
  /** Register an organisation with its first admins. */
  create: (actor: Actor, _subject: OrganisationSubject) => platformAdmin(actor),
  /** Change the registry facts (name, any e-mail domain). */
  update: (actor: Actor, _subject: OrganisationSubject) => platformAdmin(actor),
  /** Make a person an admin of the organisation (the operators vouch for them). */
  addAdmin: (actor: Actor, _subject: OrganisationSubject) => platformAdmin(actor),
  /** How people join: domains, subdomains, approval. */
  updateAccess: (actor: Actor, { id }: OrganisationSubject) => organisationAdmin(actor, id, ACCESS),
  /**
   * Give the organisation `domain` through its access settings. Its admins may keep a domain or add
   * a subdomain of one it has, but not claim a new domain: whose domain it is, the operators verify.
   */
  claimDomain: (actor: Actor, { id, emailDomains = [], domain = '' }: OrganisationSubject) => {
    const admin = organisationAdmin(actor, id, ACCESS);
    if (!admin.ok || actor.user.isAdmin || within(emailDomains, domain)) return admin;
    return forbid('Only the operators add a new domain to an organisation.', Missing.PLATFORM_ADMIN);
  },
  /** Who acted for the organisation (mandates, votes, answers to suppliers, phase moves). */
  readActivity: (actor: Actor, { id }: OrganisationSubject) =>
    organisationAdmin(actor, id, "Only the organisation's administrators and platform admins see its activity."),
  /** Its e-mail domains: for its own users and the operators. */
  readEmailDomains: (actor: Actor, { id }: OrganisationSubject) =>
    organisationUser(actor, id, "Only the organisation's users and platform admins see its e-mail domains."),
});
export type OrganisationAction = keyof typeof organisationPolicy.rules;
