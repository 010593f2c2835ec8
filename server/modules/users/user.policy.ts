import type { Actor } from '../../auth/actor.js';
import { allow, definePolicy, forbid, Missing, type Verdict } from '../../auth/policy.js';
import { OrganisationRole, UserStatus } from './user.entity.js';

/**
 * Who may see and administer people. An organisation's admins vouch for its users: they approve
 * and suspend them and manage how people join. Platform admins (the operator) may do so for any
 * organisation. Nobody administers their own account through these rules. `organisationId` null
 * stands for every organisation at once: the operators' alone.
 */
export const administers = (actor: Actor, organisationId: string | null): boolean =>
  actor.user.isAdmin || (actor.user.role === OrganisationRole.ADMIN && actor.organisation.id === organisationId);

/** Colleagues see each other; platform admins see everyone. */
const seesPeopleOf = (actor: Actor, organisationId: string | null): boolean =>
  actor.user.isAdmin || actor.organisation.id === organisationId;

/** What only the operators do (also what `@Authorized(Role.ADMIN)` asks for). */
export const platformAdmin = (actor: Actor, message = 'Only platform administrators may do this.'): Verdict =>
  actor.user.isAdmin ? allow : forbid(message, Missing.PLATFORM_ADMIN);

/** The organisation's administrators, or the operators. */
export const organisationAdmin = (actor: Actor, organisationId: string | null, message: string): Verdict =>
  administers(actor, organisationId) ? allow : forbid(message, Missing.ORGANISATION_ADMIN);

/** A user of the organisation, or the operators. */
export const organisationUser = (actor: Actor, organisationId: string | null, message: string): Verdict =>
  seesPeopleOf(actor, organisationId) ? allow : forbid(message, Missing.ORGANISATION_USER);

/**
 * What a people rule is about: one person (`id` and the organisation that vouches for them), or the
 * people of an organisation in some `statuses` (`organisationId` null: of every organisation).
 */
export interface PeopleSubject {
  organisationId: string | null;
  id?: string;
  statuses?: readonly UserStatus[];
}

/** An admin's change to someone else's account (approve, decline, suspend, reinstate, role). */
const manage = (actor: Actor, { id, organisationId }: PeopleSubject): Verdict =>
  id === actor.user.id
    ? forbid('You cannot change your own account this way; ask another administrator.', Missing.NOT_SELF)
    : organisationAdmin(
        actor,
        organisationId,
        "Only the organisation's administrators and platform admins may do this.",
      );

/** Seeing people: active colleagues for everyone in the organisation; pending and suspended ones for its admins. */
const list = (actor: Actor, { organisationId, statuses = [] }: PeopleSubject): Verdict => {
  if (organisationId === null) return platformAdmin(actor, 'Only platform administrators search all organisations.');
  const member = organisationUser(
    actor,
    organisationId,
    'Only members of the organisation and platform admins may list its users.',
  );
  if (!member.ok || statuses.every((s) => s === UserStatus.ACTIVE)) return member;
  return organisationAdmin(
    actor,
    organisationId,
    "Only the organisation's administrators see pending and suspended accounts.",
  );
};

/** The one table of who may do what with people's accounts. */
export const userPolicy = definePolicy({
  /** See one person at all (others are NOT_FOUND): colleagues and the operators. */
  view: (actor: Actor, { organisationId }: PeopleSubject) =>
    organisationUser(actor, organisationId, 'Only members of the organisation and platform admins see its users.'),
  list,
  approve: manage,
  decline: manage,
  suspend: manage,
  reinstate: manage,
  setRole: manage,
});
export type UserAction = keyof typeof userPolicy.rules;
