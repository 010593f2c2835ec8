import type { DataSource, EntityManager } from 'typeorm';
import type { EventWriter } from '../../events/event-log.js';
import type { Actor } from '../../auth/actor.js';
import { ConflictError, InvalidStateError, NotFoundError, UserInputError } from '../../errors.js';
import { UUID } from '../../loaders.js';
import { isAuthority, Organisation } from '../organisations/organisation.entity.js';
import type { BuyerGroup } from './group.entity.js';
import type {
  ApproveJoinRequestInput,
  ChangeMemberRoleInput,
  InviteOrganisationInput,
  MemberInput,
  RequestToJoinInput,
} from './group.inputs.js';
import type { GroupAccess, GroupService } from './group.service.js';
import { Membership, MembershipRole, MembershipStatus } from './membership.entity.js';
import { membershipPolicy, type MembershipAction } from './membership.policy.js';

type Change = (em: EntityManager, access: GroupAccess, viewer: Actor) => Promise<Membership>;

/** Each change as the `change` of its `membership.changed` event. */
const CHANGES = {
  invite: 'invited',
  acceptInvitation: 'accepted',
  declineInvitation: 'declined',
  requestToJoin: 'requested',
  approveJoinRequest: 'approved',
  declineJoinRequest: 'request-declined',
  changeRole: 'role-changed',
  remove: 'removed',
  leave: 'left',
} as const satisfies Partial<Record<MembershipAction, string>>;

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
   * Runs one membership change under the group's lock, once the policy allows it, and records it
   * as a `membership.changed` event, which also tells the event bus (in order) whom to stop
   * delivering to.
   */
  private async change(actor: Actor, groupId: string, action: keyof typeof CHANGES, fn: Change): Promise<Membership> {
    // The actor's own membership may be what changes (accept, request, leave): what the actor's
    // scope read of this group earlier in the request is stale afterwards.
    try {
      return await this.events.transaction(async (em, record) => {
        const access = await this.groups.lockForChange(em, actor, groupId);
        // Membership changes concern the organisation's own row, never a person's guest access.
        if (access.membership?.guest) {
          access.membership = await em
            .getRepository(Membership)
            .findOneBy({ groupId: access.group.id, organisationId: actor.organisation.id });
        }
        membershipPolicy.authorize(actor, action, access);
        const m = await fn(em, access, actor);
        await record({
          scopeType: 'group',
          scopeId: access.group.id,
          groupId: access.group.id,
          type: 'membership.changed',
          actor: { userId: actor.user.id, organisationId: actor.organisation.id },
          payload: { organisationId: m.organisationId, status: m.status, role: m.role, change: CHANGES[action] },
        });
        return m;
      });
    } finally {
      actor.scope.forget(groupId);
    }
  }

  /** The row a coordinator acts on: an open join request, or any row but a former member's. */
  private async target(
    em: EntityManager,
    group: BuyerGroup,
    organisationId: string,
    wanted: 'request' | 'current',
  ): Promise<Membership> {
    const m = UUID.test(organisationId)
      ? await em.getRepository(Membership).findOneBy({ groupId: group.id, organisationId })
      : null;
    if (!m) throw new NotFoundError('Membership', `organisationId=${organisationId}`);
    if (wanted === 'request' && m.status !== MembershipStatus.REQUESTED) {
      throw new InvalidStateError('This organisation has no open request to join.', ['a join request']);
    }
    if (wanted === 'current' && m.status === MembershipStatus.LEFT) {
      throw new InvalidStateError('This organisation is no longer in the group.', ['an invitation or membership']);
    }
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
    return this.change(actor, input.groupId, 'invite', async (em, access, viewer) => {
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

  // The policy lets only an invited organisation answer an invitation, so its row is there.
  acceptInvitation(actor: Actor, groupId: string): Promise<Membership> {
    return this.change(actor, groupId, 'acceptInvitation', (em, { membership }) =>
      em
        .getRepository(Membership)
        .save(Object.assign(membership!, { status: MembershipStatus.ACTIVE, joinedAt: new Date() })),
    );
  }

  declineInvitation(actor: Actor, groupId: string): Promise<Membership> {
    return this.change(actor, groupId, 'declineInvitation', (em, { membership }) =>
      em.getRepository(Membership).save(Object.assign(membership!, { status: MembershipStatus.LEFT })),
    );
  }

  requestToJoin(actor: Actor, input: RequestToJoinInput): Promise<Membership> {
    return this.change(actor, input.groupId, 'requestToJoin', async (em, { group, membership }, viewer) => {
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
    return this.change(actor, input.groupId, 'approveJoinRequest', async (em, access) => {
      const m = await this.target(em, access.group, input.organisationId, 'request');
      m.status = MembershipStatus.ACTIVE;
      m.role = input.role;
      m.joinedAt = new Date();
      return em.getRepository(Membership).save(m);
    });
  }

  declineJoinRequest(actor: Actor, input: MemberInput): Promise<Membership> {
    return this.change(actor, input.groupId, 'declineJoinRequest', async (em, access) => {
      const m = await this.target(em, access.group, input.organisationId, 'request');
      m.status = MembershipStatus.LEFT;
      return em.getRepository(Membership).save(m);
    });
  }

  changeRole(actor: Actor, input: ChangeMemberRoleInput): Promise<Membership> {
    return this.change(actor, input.groupId, 'changeRole', async (em, access) => {
      const m = await this.target(em, access.group, input.organisationId, 'current');
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
    return this.change(actor, input.groupId, 'remove', async (em, access) => {
      const m = await this.target(em, access.group, input.organisationId, 'current');
      await this.keepACoordinator(
        em,
        m,
        'The last coordinator cannot be removed; make another member coordinator first.',
      );
      m.status = MembershipStatus.LEFT;
      return em.getRepository(Membership).save(m);
    });
  }

  /** The viewer's organisation leaves (or withdraws its request; the policy lets no one else through). */
  leave(actor: Actor, groupId: string): Promise<Membership> {
    return this.change(actor, groupId, 'leave', async (em, { membership }) => {
      const m = membership!;
      await this.keepACoordinator(em, m, 'The last coordinator cannot leave; make another member coordinator first.');
      m.status = MembershipStatus.LEFT;
      return em.getRepository(Membership).save(m);
    });
  }
}
