import type { EventPayload, EventType } from '../../events/catalogue.js';
import type { CpvService } from '../cpv/cpv.service.js';
import { findById } from '../../loaders.js';
import { type DataSource, type EntityManager } from 'typeorm';
import { normaliseCpvCodes } from '../../common/cpv.js';
import { clean } from '../../common/validation.js';
import type { Actor } from '../../auth/actor.js';
import { InvalidStateError, NotFoundError, UserInputError } from '../../errors.js';
import {
  eventActor,
  newEvent,
  type EventWriter,
  type NewEvent,
  type PayloadWithout,
  type RecordEvent,
} from '../../events/event-log.js';
import type { GroupAccess, GroupService } from '../groups/group.service.js';
import { NeedInterest } from './interest.entity.js';
import type { CreateSharedNeedInput, SetNeedInterestInput, UpdateSharedNeedInput } from './need.inputs.js';
import { NeedStatus, SharedNeed } from './need.entity.js';
import { needPolicy, type NeedAction } from './need.policy.js';

type NeedAccess = GroupAccess & { need: SharedNeed };

const NEED_TRANSITIONS: Record<NeedStatus, NeedStatus[]> = {
  [NeedStatus.DRAFT]: [NeedStatus.OPEN, NeedStatus.CLOSED],
  [NeedStatus.OPEN]: [NeedStatus.CONSOLIDATED, NeedStatus.CLOSED, NeedStatus.DRAFT],
  [NeedStatus.CONSOLIDATED]: [NeedStatus.OPEN, NeedStatus.CLOSED],
  [NeedStatus.CLOSED]: [NeedStatus.OPEN],
};

/** Checks a decimal's size against its column (numeric(p, s)); we never round silently. */
function checkDecimal(value: string, field: string, integerDigits: number, scale: number): string {
  const [int, frac = ''] = value.replace(/^-/, '').split('.');
  if (value.startsWith('-')) throw UserInputError.field(field, 'min', 'must not be negative');
  if (int.replace(/^0+(?=\d)/, '').length > integerDigits) {
    throw UserInputError.field(field, 'max', `must have at most ${integerDigits} digits before the decimal point`);
  }
  if (frac.length > scale) throw UserInputError.field(field, 'scale', `must have at most ${scale} decimals`);
  return value;
}

export class NeedService {
  constructor(
    private readonly db: DataSource,
    private readonly groups: GroupService,
    private readonly events: EventWriter,
    private readonly cpv: CpvService,
  ) {}

  private static event<T extends EventType>(
    need: SharedNeed,
    viewer: Actor,
    type: T,
    payload: PayloadWithout<T, 'needId'>,
  ): NewEvent {
    return newEvent(type, { scopeType: 'need', scopeId: need.id, groupId: need.groupId, actor: eventActor(viewer) }, {
      needId: need.id,
      ...payload,
    } as unknown as EventPayload<T>);
  }

  /** A need and its group, for active members of the group only (others get NOT_FOUND). */
  async access(actor: Actor, needId: string): Promise<NeedAccess> {
    const need = await findById(this.db, SharedNeed, needId);
    if (!need) throw new NotFoundError('SharedNeed', needId);
    const access = await this.groups.memberAccess(actor, need.groupId, 'SharedNeed', needId);
    return { ...access, need };
  }

  async get(actor: Actor, needId: string): Promise<SharedNeed> {
    return (await this.access(actor, needId)).need;
  }

  async create(actor: Actor, input: CreateSharedNeedInput): Promise<SharedNeed> {
    if (input.status !== NeedStatus.DRAFT && input.status !== NeedStatus.OPEN) {
      throw UserInputError.field('input.status', 'initialStatus', 'a new need is DRAFT or OPEN');
    }
    const cpvCodes = normaliseCpvCodes(input.cpvCodes, 'input.cpvCodes');
    return this.events.transaction(async (em, record) => {
      const access = await this.groups.lockForChange(em, actor, input.groupId);
      needPolicy.authorize(actor, 'create', access);
      const { group } = access;
      await this.cpv.assertKnown(em, input.cpvCodes, 'input.cpvCodes');
      const repo = em.getRepository(SharedNeed);
      const need = await repo.save(
        repo.create({
          groupId: group.id,
          title: clean(input.title),
          problem: input.problem.trim(),
          intendedEffects: input.intendedEffects.trim(),
          successCriteria: input.successCriteria.trim(),
          cpvCodes,
          status: input.status,
          organisationId: actor.organisation.id,
          createdByUserId: actor.user.id,
        }),
      );
      await record(NeedService.event(need, actor, 'need.created', { title: need.title, status: need.status }));
      return need;
    });
  }

  /**
   * Runs a change to a need in a transaction holding the need's row lock, with the need as it is
   * now: status rules are checked against the committed state, not against what the request read
   * before (a consolidation committed meanwhile is never undone or ignored).
   * Interests take a share lock: they may be stated together, but not during a status change.
   * The policy is asked about the need as it is now, too (`status` is the one asked for, if any).
   */
  private async withLockedNeed<T>(
    actor: Actor,
    needId: string,
    {
      lock,
      action,
      status,
    }: { lock: 'pessimistic_write' | 'pessimistic_read'; action: NeedAction; status?: NeedStatus },
    fn: (em: EntityManager, access: NeedAccess, record: RecordEvent) => Promise<T>,
  ): Promise<T> {
    const access = await this.access(actor, needId);
    return this.events.transaction(async (em, record) => {
      const need = await em
        .getRepository(SharedNeed)
        .createQueryBuilder('n')
        .setLock(lock)
        .where('n.id = :id', { id: access.need.id })
        .getOne();
      if (!need) throw new NotFoundError('SharedNeed', needId);
      needPolicy.authorize(actor, action, { ...access, need, status });
      return fn(em, { ...access, need }, record);
    });
  }

  /** Content changes: by the organisation that described the need, or a coordinator; not once consolidated. */
  async update(actor: Actor, needId: string, input: UpdateSharedNeedInput): Promise<SharedNeed> {
    const cpvCodes = input.cpvCodes != null ? normaliseCpvCodes(input.cpvCodes, 'input.cpvCodes') : null;
    const how = { lock: 'pessimistic_write', action: 'update' } as const;
    return this.withLockedNeed(actor, needId, how, async (em, { need }, record) => {
      if (need.status !== NeedStatus.DRAFT && need.status !== NeedStatus.OPEN) {
        throw new InvalidStateError(`A ${need.status} need cannot be edited; reopen it first.`, [
          'status DRAFT or OPEN',
        ]);
      }
      const changes: Partial<SharedNeed> = {};
      if (input.title != null) changes.title = clean(input.title);
      if (input.problem != null) changes.problem = input.problem.trim();
      if (input.intendedEffects != null) changes.intendedEffects = input.intendedEffects.trim();
      if (input.successCriteria != null) changes.successCriteria = input.successCriteria.trim();
      if (cpvCodes) {
        await this.cpv.assertKnown(em, input.cpvCodes!, 'input.cpvCodes');
        changes.cpvCodes = cpvCodes;
      }
      // Only the fields this request names are written.
      if (Object.keys(changes).length) {
        await em.getRepository(SharedNeed).update({ id: need.id }, changes);
        await record(NeedService.event(need, actor, 'need.updated', { fields: Object.keys(changes) }));
      }
      return em.getRepository(SharedNeed).findOneByOrFail({ id: need.id });
    });
  }

  async setStatus(actor: Actor, needId: string, status: NeedStatus): Promise<SharedNeed> {
    const how = { lock: 'pessimistic_write', action: 'setStatus', status } as const;
    return this.withLockedNeed(actor, needId, how, async (em, { need }, record) => {
      if (status === need.status) return need;
      if (!NEED_TRANSITIONS[need.status].includes(status)) {
        throw new InvalidStateError(`A ${need.status} need cannot become ${status}.`, [
          `one of: ${NEED_TRANSITIONS[need.status].join(', ')}`,
        ]);
      }
      await em.getRepository(SharedNeed).update({ id: need.id }, { status });
      await record(NeedService.event(need, actor, 'need.status_changed', { from: need.status, status }));
      return em.getRepository(SharedNeed).findOneByOrFail({ id: need.id });
    });
  }

  /** Creates or replaces the viewer's organisation's interest. Interests are stated while the need is OPEN. */
  async setInterest(actor: Actor, input: SetNeedInterestInput): Promise<NeedInterest> {
    const hasQuantity = input.quantity != null;
    if (hasQuantity !== (input.unit != null)) {
      throw UserInputError.field(
        hasQuantity ? 'input.unit' : 'input.quantity',
        'together',
        'quantity and unit go together',
      );
    }
    if ((input.annualValue != null) !== (input.currency != null)) {
      throw UserInputError.field(
        input.annualValue != null ? 'input.currency' : 'input.annualValue',
        'together',
        'annual value and currency go together',
      );
    }
    const quantity = input.quantity != null ? checkDecimal(input.quantity, 'input.quantity', 11, 3) : null;
    const annualValue = input.annualValue != null ? checkDecimal(input.annualValue, 'input.annualValue', 14, 2) : null;
    if (input.wantedStart != null) {
      const year = Number(input.wantedStart.slice(0, 4));
      if (year < 1900 || year > 2200) {
        throw UserInputError.field('input.wantedStart', 'range', 'must be a date between 1900 and 2200');
      }
    }
    const how = { lock: 'pessimistic_read', action: 'stateInterest' } as const;
    return this.withLockedNeed(actor, input.needId, how, async (em, { need }, record) => {
      if (need.status !== NeedStatus.OPEN) {
        throw new InvalidStateError(`Interests are stated while a need is OPEN; this one is ${need.status}.`, [
          'status OPEN',
        ]);
      }
      const values = {
        needId: need.id,
        organisationId: actor.organisation.id,
        quantity,
        unit: input.unit ? input.unit.trim().replace(/\s+/g, ' ') : null,
        annualValue,
        currency: input.currency ?? null,
        wantedStart: input.wantedStart ?? null,
        priority: input.priority,
        comment: input.comment?.trim() || null,
        updatedByUserId: actor.user.id,
      };
      // One statement, so two users of the same organisation saving at once cannot create two rows.
      await em
        .getRepository(NeedInterest)
        .createQueryBuilder()
        .insert()
        .values(values)
        .orUpdate(
          [
            'quantity',
            'unit',
            'annual_value',
            'currency',
            'wanted_start',
            'priority',
            'comment',
            'updated_by_user_id',
            'updated_at',
          ],
          ['need_id', 'organisation_id'],
        )
        .execute();
      const interest = await em
        .getRepository(NeedInterest)
        .findOneByOrFail({ needId: need.id, organisationId: actor.organisation.id });
      await record(
        NeedService.event(need, actor, 'interest.set', {
          interestId: interest.id,
          organisationId: actor.organisation.id,
        }),
      );
      return interest;
    });
  }

  async removeInterest(actor: Actor, needId: string): Promise<SharedNeed> {
    const how = { lock: 'pessimistic_read', action: 'removeInterest' } as const;
    return this.withLockedNeed(actor, needId, how, async (em, { need }, record) => {
      if (need.status !== NeedStatus.OPEN) {
        throw new InvalidStateError(`Interests change while a need is OPEN; this one is ${need.status}.`, [
          'status OPEN',
        ]);
      }
      const result = await em.getRepository(NeedInterest).delete({ needId, organisationId: actor.organisation.id });
      if (!result.affected) throw new NotFoundError('NeedInterest', `needId=${needId}`);
      await record(NeedService.event(need, actor, 'interest.removed', { organisationId: actor.organisation.id }));
      return need;
    });
  }
}
