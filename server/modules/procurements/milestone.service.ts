import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor.js';
import { clean } from '../../common/validation.js';
import { NotFoundError, UserInputError } from '../../errors.js';
import type { RecordEvent } from '../../events/event-log.js';
import { UUID } from '../../loaders.js';
import { defaultMilestoneTitle, Milestone, MilestoneKind, type Procurement } from './procurement.entity.js';
import { procurementEvent } from './procurement.service.js';
import type { SetMilestoneInput } from './procurement.inputs.js';
import type { ProcurementService } from './procurement.service.js';

/** Sets the milestone of a kind (OTHER: adds one). Also the dialogue notice's question deadline. */
export async function upsertMilestone(
  em: EntityManager,
  procurement: Procurement,
  kind: MilestoneKind,
  title: string | null,
  dueAt: Date,
): Promise<Milestone> {
  if (Number.isNaN(dueAt.getTime())) throw UserInputError.field('input.dueAt', 'date', 'is not a valid time');
  const repo = em.getRepository(Milestone);
  const existing = kind === MilestoneKind.OTHER ? null : await repo.findOneBy({ procurementId: procurement.id, kind });
  const fields = { title: title ? clean(title) : defaultMilestoneTitle(kind), dueAt, completedAt: null };
  return repo.save(
    existing ? repo.merge(existing, fields) : repo.create({ ...fields, procurementId: procurement.id, kind }),
  );
}

type MilestoneChange<T> = (em: EntityManager, record: RecordEvent, procurement: Procurement) => Promise<T>;

/** A procurement's dated milestones: the coordinators' planning (the opt-out deadline binds the mandates). */
export class MilestoneService {
  constructor(
    private readonly db: DataSource,
    private readonly procurements: ProcurementService,
  ) {}

  private changeMilestones<T>(actor: Actor, procurementId: string, what: string, fn: MilestoneChange<T>) {
    return this.procurements.change(
      actor,
      procurementId,
      (em, record, { procurement }) => fn(em, record, procurement),
      {
        coordinatorsOnly: what,
      },
    );
  }

  private async milestoneOrFail(milestoneId: string): Promise<Milestone> {
    const milestone = UUID.test(milestoneId)
      ? await this.db.getRepository(Milestone).findOneBy({ id: milestoneId })
      : null;
    if (!milestone) throw new NotFoundError('Milestone', milestoneId);
    return milestone;
  }

  set(actor: Actor, input: SetMilestoneInput): Promise<Milestone> {
    return this.changeMilestones(actor, input.procurementId, 'set milestones', async (em, record, procurement) => {
      const milestone = await upsertMilestone(em, procurement, input.kind, input.title ?? null, input.dueAt);
      await record(
        procurementEvent(
          procurement,
          actor,
          'milestone.set',
          { milestoneId: milestone.id, kind: milestone.kind, dueAt: milestone.dueAt.toISOString() },
          // Suppliers follow the question deadline and the meetings; the rest is the buyers' planning.
          milestone.kind === MilestoneKind.QUESTION_DEADLINE,
        ),
      );
      return milestone;
    });
  }

  async complete(actor: Actor, milestoneId: string, completed: boolean): Promise<Milestone> {
    const milestone = await this.milestoneOrFail(milestoneId);
    return this.changeMilestones(actor, milestone.procurementId, 'complete milestones', async (em, record, p) => {
      milestone.completedAt = completed ? new Date() : null;
      await em.getRepository(Milestone).update({ id: milestone.id }, { completedAt: milestone.completedAt });
      await record(procurementEvent(p, actor, 'milestone.completed', { milestoneId, completed }));
      return milestone;
    });
  }

  async remove(actor: Actor, milestoneId: string): Promise<Procurement> {
    const milestone = await this.milestoneOrFail(milestoneId);
    return this.changeMilestones(actor, milestone.procurementId, 'remove milestones', async (em, record, p) => {
      await em.getRepository(Milestone).delete({ id: milestone.id });
      await record(procurementEvent(p, actor, 'milestone.removed', { milestoneId, kind: milestone.kind }));
      return p;
    });
  }
}
