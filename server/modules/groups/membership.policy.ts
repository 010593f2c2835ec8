import type { Actor } from '../../auth/actor.js';
import { allow, definePolicy, forbid, Missing, refuseState, type Verdict } from '../../auth/policy.js';
import { isAuthority } from '../organisations/organisation.entity.js';
import { GroupVisibility } from './group.entity.js';
import { both, groupPolicy, isActiveMember, type GroupSubject } from './group.policy.js';
import { MembershipStatus, type Membership } from './membership.entity.js';

/** The organisation's own row: a guest's stand-in is one person's access, never the organisation's membership. */
const own = (m: Membership | null): Membership | null => (m?.guest ? null : m);

/** What only coordinators do to the group's membership and guests; refused in an archived group. */
const byCoordinator =
  (what: string) =>
  (actor: Actor, subject: GroupSubject): Verdict =>
    groupPolicy.check(actor, 'coordinate', subject, what);

/** An organisation's own move (`rule` sees its own row); refused in an archived group. */
const byOrganisation =
  (what: string, rule: (actor: Actor, own: Membership | null, subject: GroupSubject) => Verdict) =>
  (actor: Actor, subject: GroupSubject): Verdict =>
    both(rule(actor, own(subject.membership), subject), () => groupPolicy.check(actor, 'change', subject, what));

const invited = (_actor: Actor, m: Membership | null): Verdict =>
  m?.status === MembershipStatus.INVITED
    ? allow
    : refuseState('Your organisation has no open invitation to this group.', Missing.INVITATION);

/**
 * Who may change who belongs to a buyer group: organisations (invitations, join requests, roles,
 * leaving) and guests. `membership` is the actor's organisation's row (or a guest's stand-in, which
 * counts for no organisation here). Rules about the row acted on (an open request to approve, the
 * last coordinator) are the service's: they are the state of that row, not who the actor is.
 */
export const membershipPolicy = definePolicy({
  invite: byCoordinator('invite organisations'),
  acceptInvitation: byOrganisation('accept invitations', invited),
  declineInvitation: byOrganisation('decline invitations', invited),
  /** Public authorities ask to join listed groups (an unlisted group is by invitation only). */
  requestToJoin: byOrganisation('ask to join', (actor, _own, { group }) =>
    !isAuthority(actor.organisation.kind)
      ? forbid('Only public authorities can join buyer groups.', Missing.AUTHORITY)
      : group.visibility !== GroupVisibility.LISTED
        ? forbid('This group is by invitation only.', Missing.LISTED)
        : allow,
  ),
  approveJoinRequest: byCoordinator('approve join requests'),
  declineJoinRequest: byCoordinator('decline join requests'),
  changeRole: byCoordinator('change roles'),
  remove: byCoordinator('remove members'),
  /** An active member leaves, or an organisation withdraws its join request. */
  leave: byOrganisation('leave', (_actor, m) =>
    m?.status === MembershipStatus.ACTIVE || m?.status === MembershipStatus.REQUESTED
      ? allow
      : refuseState(
          m?.status === MembershipStatus.INVITED
            ? 'Decline the invitation instead.'
            : 'Your organisation is not in this group.',
          Missing.IN_GROUP,
        ),
  ),
  inviteGuest: byCoordinator('invite guests'),
  changeGuest: byCoordinator('change guests'),
  /** See the group's guests (a guest sees only their own entry: see readPending). */
  readGuests: (actor: Actor, subject: GroupSubject) => groupPolicy.check(actor, 'readAsMember', subject),
  /**
   * See invitations, join requests (with their notes), former members and the other guests: the
   * member organisations' business, not a guest's nor an outsider's (they see active memberships).
   */
  readPending: (_actor: Actor, { membership }: GroupSubject) =>
    !isActiveMember(membership)
      ? forbid("Only the group's active members see its invitations and requests.", Missing.MEMBERSHIP)
      : membership.guest
        ? forbid('Guests do not see invitations, requests or other guests.', Missing.ORGANISATION_MEMBER)
        : allow,
});
export type MembershipAction = keyof typeof membershipPolicy.rules;
