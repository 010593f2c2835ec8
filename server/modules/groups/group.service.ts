import { type DataSource, type EntityManager } from 'typeorm';
import { normaliseCpvCodes } from '../../common/cpv.js';
import { containsPattern, loadPages, type Connection } from '../../common/pagination.js';
import { clean } from '../../common/validation.js';
import type { Actor } from '../../auth/actor.js';
import { InvalidStateError, NotFoundError, UserInputError } from '../../errors.js';
import type { EventWriter } from '../../events/event-log.js';
import type { EventStreams, StreamItem } from '../../events/stream.js';
import { findById, UUID } from '../../loaders.js';
import type { CpvService } from '../cpv/cpv.service.js';
import { Thread, ThreadKind, ThreadParent } from '../discussions/thread.entity.js';
import { SharedNeed } from '../needs/need.entity.js';
import { isAuthority } from '../organisations/organisation.entity.js';
import { BuyerGroup, GroupStatus, GroupVisibility } from './group.entity.js';
import { BuyerGroupsArgs, GroupScope, type CreateBuyerGroupInput, type UpdateBuyerGroupInput } from './group.inputs.js';
import { groupPolicy, type GroupSubject } from './group.policy.js';
import { Membership, MembershipRole, MembershipStatus } from './membership.entity.js';
import { membershipsIn } from './membership.scope.js';

/** The group and the viewer's organisation's membership in it (or a guest's stand-in, or null). */
export type GroupAccess = GroupSubject;

const SEEN_STATUSES = [MembershipStatus.ACTIVE, MembershipStatus.INVITED, MembershipStatus.REQUESTED];

/** Transitions of a group's status a coordinator may make. */
const GROUP_TRANSITIONS: Record<GroupStatus, GroupStatus[]> = {
  [GroupStatus.FORMING]: [GroupStatus.ACTIVE, GroupStatus.ARCHIVED],
  [GroupStatus.ACTIVE]: [GroupStatus.ARCHIVED],
  [GroupStatus.ARCHIVED]: [GroupStatus.ACTIVE],
};

/**
 * A rule of another module that archiving a group must keep (open joint procurements block it),
 * registered where the services are wired (services.ts): those modules depend on this one.
 * Throws to refuse, in the archiving transaction with the group locked.
 */
export type ArchiveGuard = (em: EntityManager, group: BuyerGroup) => Promise<void>;

export class GroupService {
  private readonly archiveGuards: ArchiveGuard[] = [];

  constructor(
    private readonly db: DataSource,
    private readonly events: EventWriter,
    private readonly streams: EventStreams,
    private readonly cpv: CpvService,
  ) {}

  /** Adds a rule archiving must keep (see ArchiveGuard). */
  beforeArchive(guard: ArchiveGuard): void {
    this.archiveGuards.push(guard);
  }

  /**
   * The group and the viewer's membership, if the viewer may see the group. A group the viewer may
   * not see is NOT_FOUND, exactly like one that does not exist: an unlisted group leaks nothing.
   */
  async access(actor: Actor, groupId: string): Promise<GroupAccess> {
    const [group, membership] = await Promise.all([
      findById(this.db, BuyerGroup, groupId),
      actor.scope.membership(groupId),
    ]);
    if (!group || !groupPolicy.can(actor, 'read', { group, membership })) {
      throw new NotFoundError('BuyerGroup', groupId);
    }
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
    if (!access || !groupPolicy.can(actor, 'readAsMember', access)) throw new NotFoundError(entity, id);
    return access;
  }

  /**
   * `memberAccess` for a group the caller read together with the thing inside it (one statement
   * instead of two): the same rules, on the group as given.
   */
  async memberAccessIn(actor: Actor, group: BuyerGroup, entity: string, id: string): Promise<GroupAccess> {
    const membership = await actor.scope.membership(group.id);
    const access = { group, membership };
    if (!groupPolicy.can(actor, 'read', access) || !groupPolicy.can(actor, 'readAsMember', access)) {
      throw new NotFoundError(entity, id);
    }
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
    if (!group) throw new NotFoundError('BuyerGroup', groupId);
    const membership = (await membershipsIn(em, viewer.user, viewer.organisation, [group.id])).get(group.id) ?? null;
    if (!groupPolicy.can(viewer, 'read', { group, membership })) throw new NotFoundError('BuyerGroup', groupId);
    return { group, membership };
  }

  /** The groups the viewer may see (groupPolicy's `read`, in SQL): listed ones and its own. */
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
    const draft = this.db.getRepository(BuyerGroup).create({
      visibility: input.visibility,
      status: GroupStatus.FORMING,
      createdByOrganisationId: actor.organisation.id,
      createdByUserId: actor.user.id,
    });
    groupPolicy.authorize(actor, 'form', { group: draft, membership: null });
    const cpvCodes = normaliseCpvCodes(input.cpvCodes, 'input.cpvCodes');
    return this.events.transaction(async (em, record) => {
      await this.cpv.assertKnown(em, input.cpvCodes, 'input.cpvCodes');
      const group = await em.getRepository(BuyerGroup).save(
        Object.assign(draft, {
          name: clean(input.name),
          description: input.description.trim(),
          focusArea: input.focusArea,
          cpvCodes,
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
      const access = await this.lockForChange(em, actor, groupId);
      const { group } = access;
      // Archiving and reactivating are open in any state; anything else waits for reactivation.
      const changesContent = Object.entries(input).some(([k, v]) => k !== 'status' && v != null);
      groupPolicy.authorize(actor, changesContent ? 'coordinate' : 'setStatus', access, 'change the group');
      if (input.status != null && input.status !== group.status) {
        if (!GROUP_TRANSITIONS[group.status].includes(input.status)) {
          throw new InvalidStateError(`A ${group.status} group cannot become ${input.status}.`, [
            `one of: ${GROUP_TRANSITIONS[group.status].join(', ')}`,
          ]);
        }
        if (input.status === GroupStatus.ARCHIVED) for (const guard of this.archiveGuards) await guard(em, group);
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
      const access = await this.access(actor, groupId);
      groupPolicy.authorize(actor, 'readAsMember', access);
      return { groupId: access.group.id };
    });
  }
}
