import type { Loaders } from '../../loaders.js';
import { findById } from '../../loaders.js';
import DataLoader from 'dataloader';
import { type DataSource, type EntityManager } from 'typeorm';
import { normaliseCpvCodes } from '../../common/cpv.js';
import { containsPattern, loadPages, type Connection } from '../../common/pagination.js';
import { clean } from '../../common/validation.js';
import type { Actor } from '../../auth/actor.js';
import { ForbiddenError, InvalidStateError, NotFoundError, UserInputError } from '../../errors.js';
import type { EventWriter } from '../../events/event-log.js';
import type { EventStreams, StreamItem } from '../../events/stream.js';
import { UUID } from '../../loaders.js';
import type { CpvService } from '../cpv/cpv.service.js';
import { Thread, ThreadKind, ThreadParent } from '../discussions/thread.entity.js';
import { SharedNeed } from '../needs/need.entity.js';
import { User } from '../users/user.entity.js';
import { isAuthority } from '../organisations/organisation.entity.js';
import { BuyerGroup, GroupStatus, GroupVisibility } from './group.entity.js';
import {
  BuyerGroupsArgs,
  GroupScope,
  type CreateBuyerGroupInput,
  type MembershipsArgs,
  type UpdateBuyerGroupInput,
} from './group.inputs.js';
import {
  canSeeGroup,
  isActiveMember,
  isCoordinator,
  requireWritable,
  visibleMembershipStatuses,
} from './group.policy.js';
import { Membership, MembershipRole, MembershipStatus } from './membership.entity.js';
import { GroupGuest } from './guest.entity.js';
import { guestMembership, liveGuestGrants } from './membership.scope.js';

export interface GroupAccess {
  group: BuyerGroup;
  /** The viewer's organisation's membership, or null. */
  membership: Membership | null;
}

const SEEN_STATUSES = [MembershipStatus.ACTIVE, MembershipStatus.INVITED, MembershipStatus.REQUESTED];

/** Transitions of a group's status a coordinator may make. */
const GROUP_TRANSITIONS: Record<GroupStatus, GroupStatus[]> = {
  [GroupStatus.FORMING]: [GroupStatus.ACTIVE, GroupStatus.ARCHIVED],
  [GroupStatus.ACTIVE]: [GroupStatus.ARCHIVED],
  [GroupStatus.ARCHIVED]: [GroupStatus.ACTIVE],
};

export class GroupService {
  constructor(
    private readonly db: DataSource,
    private readonly events: EventWriter,
    private readonly streams: EventStreams,
    private readonly cpv: CpvService,
  ) {}

  /**
   * The viewer's organisation's membership per group, batched per request; where the organisation
   * is not an active member but the viewer is a guest of the group, the guest's stand-in.
   */
  viewerMembership(actor: Actor, groupId: string): Promise<Membership | null> {
    return actor.scope.membership(groupId);
  }

  /** Guest grants of these users in these groups that are live now (not revoked, not ended). */
  liveGuestGrants(em: EntityManager, userIds: string | string[], groupIds: string[]): Promise<GroupGuest[]> {
    return liveGuestGrants(em, userIds, groupIds);
  }

  /**
   * The group and the viewer's membership, if the viewer may see the group. A group the viewer may
   * not see is NOT_FOUND, exactly like one that does not exist: an unlisted group leaks nothing.
   */
  async access(actor: Actor, groupId: string): Promise<GroupAccess> {
    const [group, membership] = await Promise.all([
      findById(this.db, BuyerGroup, groupId),
      this.viewerMembership(actor, groupId),
    ]);
    if (!group || !canSeeGroup(actor.organisation, group, membership)) throw new NotFoundError('BuyerGroup', groupId);
    return { group, membership };
  }

  /**
   * For things that live inside a group (needs, threads, documents): the group and membership when
   * the viewer's organisation is an active member, else NOT_FOUND naming the thing itself, so
   * nothing reveals that it exists.
   */
  async memberAccess(actor: Actor, groupId: string, entity: string, id: string): Promise<GroupAccess> {
    const access = await this.access(actor, groupId).catch((err: unknown) => {
      if (err instanceof NotFoundError) return null;
      throw err;
    });
    if (!access || !isActiveMember(access.membership)) throw new NotFoundError(entity, id);
    return access;
  }

  /**
   * Locks the group for a change that adds something to it or to one of its needs, and resolves
   * that parent (`needId` must name a need of this group).
   */
  async lockParent(
    em: EntityManager,
    viewer: Actor,
    groupId: string,
    needId: string | null | undefined,
  ): Promise<GroupAccess & { parent: { type: 'GROUP' | 'NEED'; id: string } }> {
    const access = await this.lockForChange(em, viewer, groupId);
    if (!needId) return { ...access, parent: { type: 'GROUP', id: access.group.id } };
    const need = UUID.test(needId) ? await em.getRepository(SharedNeed).findOneBy({ id: needId }) : null;
    if (!need || need.groupId !== access.group.id) {
      throw UserInputError.field('input.needId', 'exists', 'is not a shared need of this group');
    }
    return { ...access, parent: { type: 'NEED', id: need.id } };
  }

  /** People of the group's active member organisations (e.g. whom to mention), for its active members. */
  async people(actor: Actor, groupId: string, search: string | null | undefined, first: number): Promise<User[]> {
    const { membership } = await this.access(actor, groupId);
    if (!isActiveMember(membership)) throw new ForbiddenError("Only the group's active members see its people.");
    // The people of active member organisations, and the group's guests.
    const qb = this.db
      .getRepository(User)
      .createQueryBuilder('u')
      .where(
        `u.status = 'ACTIVE' AND (EXISTS (SELECT 1 FROM membership m WHERE m.organisation_id = u.organisation_id AND m.group_id = :groupId AND m.status = 'ACTIVE')
          OR EXISTS (SELECT 1 FROM group_guest g WHERE g.user_id = u.id AND g.group_id = :groupId AND g.revoked_at IS NULL AND g.ends_at > now()))`,
        { groupId },
      )
      .orderBy('lower(u.display_name)', 'ASC')
      .addOrderBy('u.id', 'ASC')
      // limit, not take: take() pages through a DISTINCT subquery that cannot order by an expression.
      .limit(first);
    if (search?.trim()) {
      qb.andWhere('(u.display_name ILIKE :p OR u.email ILIKE :p)', { p: containsPattern(search) });
    }
    return qb.getMany();
  }

  async get(actor: Actor, groupId: string): Promise<BuyerGroup> {
    return (await this.access(actor, groupId)).group;
  }

  /**
   * Loads the group for a change inside `em`'s transaction, locking its row so that membership
   * changes of one group are serialised (the last-coordinator rule holds under concurrency).
   */
  async lockForChange(em: EntityManager, viewer: Actor, groupId: string): Promise<GroupAccess> {
    const group = UUID.test(groupId)
      ? await em
          .getRepository(BuyerGroup)
          .createQueryBuilder('g')
          .setLock('pessimistic_write')
          .where('g.id = :groupId', { groupId })
          .getOne()
      : null;
    let membership = group
      ? await em.getRepository(Membership).findOneBy({ groupId, organisationId: viewer.organisation.id })
      : null;
    if (group && membership?.status !== MembershipStatus.ACTIVE) {
      const [grant] = await this.liveGuestGrants(em, viewer.user.id, [group.id]);
      if (grant) membership = guestMembership(grant, viewer.organisation.id);
    }
    if (!group || !canSeeGroup(viewer.organisation, group, membership)) throw new NotFoundError('BuyerGroup', groupId);
    return { group, membership };
  }

  list(actor: Actor, args: BuyerGroupsArgs): Promise<Connection<BuyerGroup>> {
    const listed = isAuthority(actor.organisation.kind);
    return loadPages({
      repo: this.db.getRepository(BuyerGroup),
      first: args.first,
      after: args.after,
      sort: { expr: 'lower(t.name)' },
      where: (qb) => {
        const mine =
          '(EXISTS (SELECT 1 FROM membership m WHERE m.group_id = t.id AND m.organisation_id = :viewerOrg AND m.status IN (:...seen))' +
          ' OR EXISTS (SELECT 1 FROM group_guest gg WHERE gg.group_id = t.id AND gg.user_id = :viewerUser AND gg.revoked_at IS NULL AND gg.ends_at > now()))';
        const isListed = listed ? `t.visibility = '${GroupVisibility.LISTED}'` : 'FALSE';
        qb.setParameters({ viewerOrg: actor.organisation.id, viewerUser: actor.user.id, seen: SEEN_STATUSES });
        if (args.scope === GroupScope.MINE) qb.andWhere(mine);
        else if (args.scope === GroupScope.LISTED) qb.andWhere(isListed);
        else qb.andWhere(`(${isListed} OR ${mine})`);
        if (args.search?.trim()) qb.andWhere('t.name ILIKE :pattern', { pattern: containsPattern(args.search) });
        if (args.focusArea) qb.andWhere('t.focus_area = :focusArea', { focusArea: args.focusArea });
      },
    }).then((pages) => pages.get('')!);
  }

  async create(actor: Actor, input: CreateBuyerGroupInput): Promise<BuyerGroup> {
    if (!isAuthority(actor.organisation.kind)) {
      throw new ForbiddenError('Only public authorities can form buyer groups.');
    }
    const cpvCodes = normaliseCpvCodes(input.cpvCodes, 'input.cpvCodes');
    return this.events.transaction(async (em, record) => {
      await this.cpv.assertKnown(em, input.cpvCodes, 'input.cpvCodes');
      const group = await em.getRepository(BuyerGroup).save(
        em.getRepository(BuyerGroup).create({
          name: clean(input.name),
          description: input.description.trim(),
          focusArea: input.focusArea,
          cpvCodes,
          visibility: input.visibility,
          status: GroupStatus.FORMING,
          createdByOrganisationId: actor.organisation.id,
          createdByUserId: actor.user.id,
        }),
      );
      await em.getRepository(Membership).save(
        em.getRepository(Membership).create({
          groupId: group.id,
          organisationId: actor.organisation.id,
          role: MembershipRole.COORDINATOR,
          status: MembershipStatus.ACTIVE,
          invitedByUserId: null,
          message: null,
          joinedAt: new Date(),
        }),
      );
      await em.getRepository(Thread).insert({
        groupId: group.id,
        parentType: ThreadParent.GROUP,
        parentId: group.id,
        kind: ThreadKind.GENERAL,
        title: 'General',
        createdByUserId: actor.user.id,
      });
      const by = { userId: actor.user.id, organisationId: actor.organisation.id };
      await record({ scopeType: 'group', scopeId: group.id, groupId: group.id, type: 'group.created', actor: by });
      await record({
        scopeType: 'group',
        scopeId: group.id,
        groupId: group.id,
        type: 'membership.changed',
        actor: by,
        payload: {
          organisationId: actor.organisation.id,
          status: MembershipStatus.ACTIVE,
          role: MembershipRole.COORDINATOR,
          change: 'formed',
        },
      });
      return group;
    });
  }

  async update(actor: Actor, groupId: string, input: UpdateBuyerGroupInput): Promise<BuyerGroup> {
    const cpvCodes = input.cpvCodes != null ? normaliseCpvCodes(input.cpvCodes, 'input.cpvCodes') : null;
    return this.events.transaction(async (em, record) => {
      const { group, membership } = await this.lockForChange(em, actor, groupId);
      if (!isCoordinator(membership)) throw new ForbiddenError('Only coordinators may change the group.');
      const changesContent = Object.entries(input).some(([k, v]) => k !== 'status' && v != null);
      if (changesContent) requireWritable(group, 'reactivate it before changing it');
      if (input.status != null && input.status !== group.status) {
        if (!GROUP_TRANSITIONS[group.status].includes(input.status)) {
          throw new InvalidStateError(`A ${group.status} group cannot become ${input.status}.`, [
            `one of: ${GROUP_TRANSITIONS[group.status].join(', ')}`,
          ]);
        }
        group.status = input.status;
      }
      if (input.name != null) group.name = clean(input.name);
      if (input.description != null) group.description = input.description.trim();
      if (input.focusArea != null) group.focusArea = input.focusArea;
      if (cpvCodes) {
        await this.cpv.assertKnown(em, input.cpvCodes!, 'input.cpvCodes');
        group.cpvCodes = cpvCodes;
      }
      if (input.visibility != null) group.visibility = input.visibility;
      const saved = await em.getRepository(BuyerGroup).save(group);
      await record({
        scopeType: 'group',
        scopeId: group.id,
        groupId: group.id,
        type: 'group.updated',
        actor: { userId: actor.user.id, organisationId: actor.organisation.id },
        payload: { fields: Object.keys(input).filter((k) => input[k as keyof UpdateBuyerGroupInput] != null) },
      });
      return saved;
    });
  }

  /** Live events of a group (membership, needs, interests, threads, messages as unread hints): active members only. */
  async groupStream(
    actor: Actor,
    groupId: string,
    after: string | null | undefined,
  ): Promise<AsyncIterable<StreamItem>> {
    return this.streams.inGroup(actor, after, async () => {
      const { group, membership } = await this.access(actor, groupId);
      if (!isActiveMember(membership)) throw new ForbiddenError("Only the group's active members follow its events.");
      return { groupId: group.id };
    });
  }

  /** Memberships of a group, one page per group per request (batched across groups). */
  async memberships(
    actor: Actor,
    loaders: Loaders,
    groupId: string,
    args: MembershipsArgs,
  ): Promise<Connection<Membership>> {
    const membership = await this.viewerMembership(actor, groupId);
    const statuses = visibleMembershipStatuses(membership, args.status);
    const key = `memberships:${JSON.stringify([statuses.sort(), args.first, args.after ?? null])}`;
    return loaders
      .get(
        key,
        () =>
          new DataLoader<string, Connection<Membership>>(async (groupIds) => {
            const pages = await loadPages({
              repo: this.db.getRepository(Membership),
              first: args.first,
              after: args.after,
              parent: { column: 't.group_id', ids: groupIds, of: (m) => m.groupId },
              // In the order organisations were invited, asked or joined.
              sort: { expr: 't.created_at' },
              where: (qb) => {
                if (statuses.length) qb.andWhere('t.status IN (:...statuses)', { statuses });
                else qb.andWhere('FALSE');
              },
            });
            return groupIds.map((id) => pages.get(id)!);
          }),
      )
      .load(groupId);
  }
}
