import type { Actor } from '../../auth/actor.js';
import { OrganisationRole, type User } from './user.entity.js';

/**
 * Who may administer people. An organisation's admins vouch for its users: they approve and
 * suspend them and manage how people join. Platform admins (the operator) may do so for any
 * organisation. Nobody administers their own account through these rules.
 */
export const canAdministerOrganisation = (actor: Actor, organisationId: string): boolean =>
  actor.user.isAdmin || (actor.user.role === OrganisationRole.ADMIN && actor.organisation.id === organisationId);

export const canManageUser = (actor: Actor, target: Pick<User, 'id' | 'organisationId'>): boolean =>
  target.id !== actor.user.id && canAdministerOrganisation(actor, target.organisationId);

/** Colleagues see each other; admins of the organisation and platform admins see pending and suspended people too. */
export const canListUsers = (actor: Actor, organisationId: string): boolean =>
  actor.user.isAdmin || actor.organisation.id === organisationId;

/**
 * An organisation admin may narrow how people join (remove a domain, add a subdomain of one it has)
 * but not claim a new domain: which domains belong to an authority is the operator's to verify.
 */
export const canClaimDomain = (actor: Actor, current: string[], domain: string): boolean =>
  actor.user.isAdmin || current.some((d) => domain === d || domain.endsWith(`.${d}`));
