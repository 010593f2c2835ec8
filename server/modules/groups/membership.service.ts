import type { DataSource, EntityManager } from 'typeorm';
import type { EventWriter } from '../../events/event-log.js';
import type { Actor } from '../../auth/actor.js';
import { ConflictError, ForbiddenError, InvalidStateError, NotFoundError, UserInputError } from '../../errors.js';
import { UUID } from '../../loaders.js';
import { isAuthority, Organisation } from '../organisations/organisation.entity.js';
import { GroupVisibility, type BuyerGroup } from './group.entity.js';
import type {
  ApproveJoinRequestInput,
  ChangeMemberRoleInput,
  InviteOrganisationInput,
  MemberInput,
  RequestToJoinInput,
} from './group.inputs.js';
import { isCoordinator, requireWritable } from './group.policy.js';
import type { GroupAccess, GroupService } from './group.service.js';
import { Membership, MembershipRole, MembershipStatus } from './membership.entity.js';

type Change = (em: EntityManager, access: GroupAccess, viewer: Actor) => Promise<Membership>;

/**
 * Membership life cycle. Every change runs in a transaction that holds the group's row lock
 * (GroupService.lockForChange), so two concurrent changes cannot both pass a rule such as
 * "the last coordinator cannot leave".
 */
export class MembershipService {
  constructor(
    private readonly db: DataSource,
    private readonly groups: GroupService,
    private readonly events: EventWriter,
  ) {}

  /**
   * Runs one membership change under the group's lock and records it as a `membership.changed`
   * event, which also tells the event bus (in order) whom to stop delivering to.
   */
  private change(actor: Actor, groupId: string, what: string, fn: Change): Promise<Membership> {
    return this.events.transaction(async (em, record) => {
      const access = await this.groups.lockForChange(em, actor, groupId);
      // Membership changes concern the organisation's own row, never a person's guest access.
      if (access.membership?.guest) {
        access.membership = await em
          .getRepository(Membership)
          .findOneBy({ groupId: access.group.id, organisationId: actor.organisation.id });
      }
      requireWritable(access.group, 'its membership cannot change');
      const m = await fn(em, access, actor);
      await record({
        scopeType: 'group',
        scopeId: access.group.id,
        groupId: access.group.id,
        type: 'membership.changed',
        actor: { userId: actor.user.id, organisationId: actor.organisation.id },
        payload: { organisationId: m.organisationId, status: m.status, role: m.role, change: what },
      });
      return m;
    });
  }

  private requireCoordinator(access: GroupAccess, what: string): void {
    if (!isCoordinator(access.membership)) throw new ForbiddenError(`Only coordinators may ${what}.`);
  }

  private async membershipOf(em: EntityManager, group: BuyerGroup, organisationId: string, field: string) {
    const m = UUID.test(organisationId)
      ? await em.getRepository(Membership).findOneBy({ groupId: group.id, organisationId })
      : null;
    if (!m) throw new NotFoundError('Membership', `${field}=${organisationId}`);
    return m;
  }

  private async activeCoordinatorCount(em: EntityManager, groupId: string): Promise<number> {
    return em.getRepository(Membership).countBy({
      groupId,
      role: MembershipRole.COORDINATOR,
      status: MembershipStatus.ACTIVE,
    });
  }

  /** Refuses a change that would leave the group without an active coordinator. */
  private async keepACoordinator(em: EntityManager, m: Membership, message: string): Promise<void> {
    if (m.status === MembershipStatus.ACTIVE && m.role === MembershipRole.COORDINATOR) {
      if ((await this.activeCoordinatorCount(em, m.groupId)) <= 1) {
        throw new InvalidStateError(message, ['another active coordinator']);
      }
    }
  }

  invite(actor: Actor, input: InviteOrganisationInput): Promise<Membership> {
    return this.change(actor, input.groupId, 'invited', async (em, access, viewer) => {
      this.requireCoordinator(access, 'invite organisations');
      const org = UUID.test(input.organisationId)
        ? await em.getRepository(Organisation).findOneBy({ id: input.organisationId })
        : null;
      if (!org) throw UserInputError.field('input.organisationId', 'exists', 'is not a known organisation');
      if (!isAuthority(org.kind)) {
        throw UserInputError.field(
          'input.organisationId',
          'authority',
          'suppliers cannot be members of a buyer group; they take part through market dialogue',
        );
      }
      const repo = em.getRepository(Membership);
      const existing = await repo.findOneBy({ groupId: access.group.id, organisationId: org.id });
      if (existing?.status === MembershipStatus.ACTIVE) {
        throw new ConflictError(`${org.name} is already a member.`, { field: 'input.organisationId' });
      }
      if (existing?.status === MembershipStatus.INVITED) {
        throw new ConflictError(`${org.name} is already invited.`, { field: 'input.organisationId' });
      }
      // An organisation that asked to join is simply admitted when a coordinator invites it.
      const admitted = existing?.status === MembershipStatus.REQUESTED;
      const m = existing ?? repo.create({ groupId: access.group.id, organisationId: org.id, joinedAt: null });
      m.role = input.role;
      m.status = admitted ? MembershipStatus.ACTIVE : MembershipStatus.INVITED;
      m.message = input.message?.trim() || null;
      m.invitedByUserId = viewer.user.id;
      if (admitted) m.joinedAt = new Date();
      return repo.save(m);
    });
  }

  acceptInvitation(actor: Actor, groupId: string): Promise<Membership> {
    return this.change(actor, groupId, 'accepted', async (em, { membership }) => {
      if (membership?.status !== MembershipStatus.INVITED) {
        throw new InvalidStateError('Your organisation has no open invitation to this group.', ['an invitation']);
      }
      membership.status = MembershipStatus.ACTIVE;
      membership.joinedAt = new Date();
      return em.getRepository(Membership).save(membership);
    });
  }

  declineInvitation(actor: Actor, groupId: string): Promise<Membership> {
    return this.change(actor, groupId, 'declined', async (em, { membership }) => {
      if (membership?.status !== MembershipStatus.INVITED) {
        throw new InvalidStateError('Your organisation has no open invitation to this group.', ['an invitation']);
      }
      membership.status = MembershipStatus.LEFT;
      return em.getRepository(Membership).save(membership);
    });
  }

  requestToJoin(actor: Actor, input: RequestToJoinInput): Promise<Membership> {
    return this.change(actor, input.groupId, 'requested', async (em, { group, membership }, viewer) => {
      if (!isAuthority(viewer.organisation.kind)) {
        throw new ForbiddenError('Only public authorities can join buyer groups.');
      }
      if (group.visibility !== GroupVisibility.LISTED) {
        throw new ForbiddenError('This group is by invitation only.');
      }
      if (membership && membership.status !== MembershipStatus.LEFT) {
        throw new ConflictError(
          membership.status === MembershipStatus.INVITED
            ? 'Your organisation is already invited; accept the invitation instead.'
            : membership.status === MembershipStatus.REQUESTED
              ? 'Your organisation has already asked to join.'
              : 'Your organisation is already a member.',
        );
      }
      const repo = em.getRepository(Membership);
      const m =
        membership ?? repo.create({ groupId: group.id, organisationId: viewer.organisation.id, joinedAt: null });
      m.role = MembershipRole.MEMBER;
      m.status = MembershipStatus.REQUESTED;
      m.message = input.message?.trim() || null;
      m.invitedByUserId = null;
      return repo.save(m);
    });
  }

  approveJoinRequest(actor: Actor, input: ApproveJoinRequestInput): Promise<Membership> {
    return this.change(actor, input.groupId, 'approved', async (em, access) => {
      this.requireCoordinator(access, 'approve join requests');
      const m = await this.membershipOf(em, access.group, input.organisationId, 'organisationId');
      if (m.status !== MembershipStatus.REQUESTED) {
        throw new InvalidStateError('This organisation has no open request to join.', ['a join request']);
      }
      m.status = MembershipStatus.ACTIVE;
      m.role = input.role;
      m.joinedAt = new Date();
      return em.getRepository(Membership).save(m);
    });
  }

  declineJoinRequest(actor: Actor, input: MemberInput): Promise<Membership> {
    return this.change(actor, input.groupId, 'request-declined', async (em, access) => {
      this.requireCoordinator(access, 'decline join requests');
      const m = await this.membershipOf(em, access.group, input.organisationId, 'organisationId');
      if (m.status !== MembershipStatus.REQUESTED) {
        throw new InvalidStateError('This organisation has no open request to join.', ['a join request']);
      }
      m.status = MembershipStatus.LEFT;
      return em.getRepository(Membership).save(m);
    });
  }

  changeRole(actor: Actor, input: ChangeMemberRoleInput): Promise<Membership> {
    return this.change(actor, input.groupId, 'role-changed', async (em, access) => {
      this.requireCoordinator(access, 'change roles');
      const m = await this.membershipOf(em, access.group, input.organisationId, 'organisationId');
      if (m.status === MembershipStatus.LEFT) {
        throw new InvalidStateError('This organisation is no longer in the group.', ['an invitation or membership']);
      }
      if (m.role === input.role) return m;
      if (input.role !== MembershipRole.COORDINATOR) {
        await this.keepACoordinator(em, m, 'The group must keep at least one active coordinator.');
      }
      m.role = input.role;
      return em.getRepository(Membership).save(m);
    });
  }

  /** Removes a member, withdraws an invitation or declines a request (a coordinator's act). */
  remove(actor: Actor, input: MemberInput): Promise<Membership> {
    return this.change(actor, input.groupId, 'removed', async (em, access) => {
      this.requireCoordinator(access, 'remove members');
      const m = await this.membershipOf(em, access.group, input.organisationId, 'organisationId');
      if (m.status === MembershipStatus.LEFT) {
        throw new InvalidStateError('This organisation is no longer in the group.', ['an invitation or membership']);
      }
      await this.keepACoordinator(
        em,
        m,
        'The last coordinator cannot be removed; make another member coordinator first.',
      );
      m.status = MembershipStatus.LEFT;
      return em.getRepository(Membership).save(m);
    });
  }

  /** The viewer's organisation leaves (or withdraws its request). */
  leave(actor: Actor, groupId: string): Promise<Membership> {
    return this.change(actor, groupId, 'left', async (em, { membership }) => {
      if (
        !membership ||
        membership.status === MembershipStatus.LEFT ||
        membership.status === MembershipStatus.INVITED
      ) {
        throw new InvalidStateError(
          membership?.status === MembershipStatus.INVITED
            ? 'Decline the invitation instead.'
            : 'Your organisation is not in this group.',
          ['an active membership or a join request'],
        );
      }
      await this.keepACoordinator(
        em,
        membership,
        'The last coordinator cannot leave; make another member coordinator first.',
      );
      membership.status = MembershipStatus.LEFT;
      return em.getRepository(Membership).save(membership);
    });
  }
}
