import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor.js';
import { clean } from '../../common/validation.js';
import { InvalidStateError, NotFoundError, UserInputError } from '../../errors.js';
import type { EventWriter, RecordEvent } from '../../events/event-log.js';
import type { Logger } from '../../logger.js';
import { UUID } from '../../loaders.js';
import { checkAwardProposal, makeAward } from '../contracts/award.rows.js';
import { PHASE_ORDER, Procurement, ProcurementPhase } from '../procurements/procurement.entity.js';
import type { Thresholds } from '../procurements/procurement.thresholds.js';
import { procurementEvent } from '../procurements/procurement.service.js';
import type { ProcurementService } from '../procurements/procurement.service.js';
import { Decision, DecisionOutcome, DecisionStatus } from './decision.entity.js';
import type { CastVoteInput, OpenDecisionInput } from './decision.inputs.js';
import { decisionPolicy } from './decision.policy.js';

/** The result of counting one decision's votes. */
export function tally(options: string[], quorum: number, votes: { option: number }[]) {
  const counts = options.map((_, i) => votes.filter((v) => v.option === i).length);
  if (votes.length < quorum) return { counts, outcome: DecisionOutcome.NO_QUORUM, winningOption: null };
  const best = Math.max(...counts);
  const winners = counts.flatMap((c, i) => (c === best ? [i] : []));
  return winners.length === 1
    ? { counts, outcome: DecisionOutcome.DECIDED, winningOption: winners[0] }
    : { counts, outcome: DecisionOutcome.TIED, winningOption: null };
}

/**
 * Decisions among a procurement's participating authorities: one vote per authority (the latest
 * counts), changeable until the decision closes, at its closing time or earlier by a coordinator.
 * The result is recorded on the row and as an event; phase gates read approved results.
 */
export class DecisionService {
  constructor(
    private readonly db: DataSource,
    private readonly events: EventWriter,
    private readonly procurements: ProcurementService,
    private readonly thresholds: Thresholds,
  ) {}

  private async decisionOrFail(id: string): Promise<Decision> {
    const d = UUID.test(id) ? await this.db.getRepository(Decision).findOneBy({ id }) : null;
    if (!d) throw new NotFoundError('Decision', id);
    return d;
  }

  /** A decision the viewer may read (an active member of the procurement's group). */
  async get(actor: Actor, id: string): Promise<Decision> {
    const decision = await this.decisionOrFail(id);
    await this.procurements.access(actor, decision.procurementId).catch((err: unknown) => {
      if (err instanceof NotFoundError) throw new NotFoundError('Decision', id);
      throw err;
    });
    return decision;
  }

  open(actor: Actor, input: OpenDecisionInput): Promise<Decision> {
    return this.procurements.change(
      actor,
      input.procurementId,
      async (em, record, { procurement }, viewer) => {
        const options = input.options.map((o) => clean(o));
        options.forEach((o, i) => {
          if (options.indexOf(o) !== i)
            throw UserInputError.field(`input.options[${i}]`, 'unique', 'repeats an option');
        });
        // Who can vote: participants that have not withdrawn and are still members (not observers) of the group.
        const [{ n: voters }] = (await em.query(
          `SELECT count(*)::int AS n FROM procurement_participant pp
           JOIN membership m ON m.organisation_id = pp.organisation_id AND m.group_id = $2
           WHERE pp.procurement_id = $1 AND pp.mandate_status <> 'WITHDRAWN'
             AND m.status = 'ACTIVE' AND m.role <> 'OBSERVER'`,
          [procurement.id, procurement.groupId],
        )) as { n: number }[];
        if (input.quorum > voters) {
          throw UserInputError.field(
            'input.quorum',
            'max',
            `cannot exceed the ${voters} participating authorities who may vote`,
          );
        }
        if (Number.isNaN(input.closesAt.getTime()) || input.closesAt.getTime() <= Date.now()) {
          throw UserInputError.field('input.closesAt', 'future', 'must be in the future');
        }
        if (input.gate && PHASE_ORDER.indexOf(input.gate) <= PHASE_ORDER.indexOf(procurement.phase)) {
          throw UserInputError.field('input.gate', 'laterPhase', `must be a phase after ${procurement.phase}`);
        }
        // An award decision is the gate to the contract phase, whatever else it says.
        if (input.award && input.gate && input.gate !== ProcurementPhase.CONTRACT_FOLLOW_UP) {
          throw UserInputError.field('input.gate', 'awardGate', 'must be CONTRACT_FOLLOW_UP (or none) for an award');
        }
        const award = input.award ? await checkAwardProposal(em, procurement, input.award) : null;
        const decision = await em.getRepository(Decision).save(
          em.getRepository(Decision).create({
            procurementId: procurement.id,
            title: clean(input.title),
            description: input.description.trim(),
            options,
            quorum: input.quorum,
            closesAt: input.closesAt,
            gate: award ? ProcurementPhase.CONTRACT_FOLLOW_UP : (input.gate ?? null),
            awardLotId: award?.lotId ?? null,
            awardSupplierIds: award?.supplierIds ?? [],
            status: DecisionStatus.OPEN,
            outcome: null,
            winningOption: null,
            closedAt: null,
            openedByUserId: viewer.user.id,
          }),
        );
        await record(
          procurementEvent(procurement, viewer, 'decision.opened', {
            decisionId: decision.id,
            closesAt: decision.closesAt.toISOString(),
          }),
        );
        return decision;
      },
      { authorize: (access) => decisionPolicy.authorize(actor, 'open', access, 'open decisions') },
    );
  }

  async vote(actor: Actor, input: CastVoteInput): Promise<Decision> {
    const found = await this.decisionOrFail(input.decisionId);
    // A cancelled or closed procurement (or an archived group) no longer changes, its decisions included.
    return this.procurements.change(
      actor,
      found.procurementId,
      async (em, record, { procurement }) => {
        const decision = await this.lockDecision(em, found.id);
        if (decision.status !== DecisionStatus.OPEN || decision.closesAt.getTime() <= Date.now()) {
          throw new InvalidStateError('The decision is closed.', ['an open decision']);
        }
        if (input.option >= decision.options.length) {
          throw UserInputError.field(
            'input.option',
            'max',
            `must be an index into the ${decision.options.length} options`,
          );
        }
        await em.query(
          `INSERT INTO decision_vote (decision_id, organisation_id, option, voted_by_user_id) VALUES ($1, $2, $3, $4)
           ON CONFLICT (decision_id, organisation_id) DO UPDATE
             SET option = EXCLUDED.option, voted_by_user_id = EXCLUDED.voted_by_user_id, updated_at = now()`,
          [decision.id, actor.organisation.id, input.option, actor.user.id],
        );
        await record(
          procurementEvent(procurement, actor, 'decision.voted', {
            decisionId: decision.id,
            organisationId: actor.organisation.id,
          }),
        );
        return decision;
      },
      { authorize: (access) => decisionPolicy.authorize(actor, 'vote', access, 'vote') },
    );
  }

  /** A coordinator closes a decision before its closing time; the result is recorded now. */
  async closeNow(actor: Actor, decisionId: string): Promise<Decision> {
    const found = await this.decisionOrFail(decisionId);
    return this.events.transaction(async (em, record) => {
      const access = await this.procurements.lock(em, actor, found.procurementId);
      decisionPolicy.authorize(actor, 'close', access, 'close decisions');
      const decision = await this.lockDecision(em, found.id);
      if (decision.status !== DecisionStatus.OPEN) {
        throw new InvalidStateError('The decision is already closed.', ['an open decision']);
      }
      return this.close(em, record, decision, { userId: actor.user.id, organisationId: actor.organisation.id });
    });
  }

  private lockDecision(em: EntityManager, id: string): Promise<Decision> {
    return em
      .getRepository(Decision)
      .createQueryBuilder('d')
      .setLock('pessimistic_write')
      .where('d.id = :id', { id })
      .getOneOrFail();
  }

  private async close(
    em: EntityManager,
    record: RecordEvent,
    decision: Decision,
    actor: { userId: string; organisationId: string } | null,
  ): Promise<Decision> {
    // Votes of authorities that withdrew meanwhile do not count.
    const votes = (await em.query(
      `SELECT v.option FROM decision_vote v
       JOIN decision d ON d.id = v.decision_id
       JOIN procurement_participant p ON p.procurement_id = d.procurement_id AND p.organisation_id = v.organisation_id
       WHERE v.decision_id = $1 AND p.mandate_status <> 'WITHDRAWN'`,
      [decision.id],
    )) as { option: number }[];
    const result = tally(decision.options, decision.quorum, votes);
    Object.assign(decision, {
      status: DecisionStatus.CLOSED,
      outcome: result.outcome,
      winningOption: result.winningOption,
      closedAt: new Date(),
    });
    await em.getRepository(Decision).update(
      { id: decision.id },
      {
        status: decision.status,
        outcome: decision.outcome,
        winningOption: decision.winningOption,
        closedAt: decision.closedAt,
      },
    );
    const procurement = await em.getRepository(Procurement).findOneByOrFail({ id: decision.procurementId });
    await record({
      ...procurementEvent(procurement, null, 'decision.closed', {
        decisionId: decision.id,
        // Set just above: a closed decision always has its outcome.
        outcome: decision.outcome!,
        winningOption: decision.winningOption,
        approved: decision.outcome === DecisionOutcome.DECIDED && decision.winningOption === 0,
        counts: result.counts,
      }),
      actor,
    });
    if (decision.outcome === DecisionOutcome.DECIDED && decision.winningOption === 0) {
      await makeAward(em, record, decision, procurement, this.thresholds);
    }
    return decision;
  }

  /** Closes every open decision whose closing time has passed; returns the time of the next one due. */
  async closeDue(): Promise<Date | null> {
    for (;;) {
      const closed = await this.events.transaction(async (em, record) => {
        const [due] = await em
          .getRepository(Decision)
          .createQueryBuilder('d')
          .setLock('pessimistic_write')
          .setOnLocked('skip_locked')
          .where(`d.status = 'OPEN' AND d.closes_at <= now()`)
          .orderBy('d.closes_at', 'ASC')
          .take(1)
          .getMany();
        if (!due) return false;
        await this.close(em, record, due, null);
        return true;
      });
      if (!closed) break;
    }
    const next = await this.db
      .getRepository(Decision)
      .createQueryBuilder('d')
      .where(`d.status = 'OPEN'`)
      .orderBy('d.closes_at', 'ASC')
      .getOne();
    return next?.closesAt ?? null;
  }
}

/**
 * Closes decisions at their closing time, on every instance (SKIP LOCKED makes each close happen
 * once). Sleeps until the next closing time, and rechecks when a decision is opened or a poll is due.
 */
export class DecisionCloser {
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private running = false;
  /** A wake came during a run, which may have read the next closing time before that decision existed. */
  private rerun = false;

  constructor(
    private readonly decisions: DecisionService,
    private readonly log: Logger,
    private readonly maxSleepMs = 30_000,
  ) {}

  start(): void {
    void this.run();
  }

  /** A decision was opened (or its time changed): look again now. */
  wake(): void {
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async run(): Promise<void> {
    if (this.stopped) return;
    if (this.running) {
      this.rerun = true;
      return;
    }
    this.running = true;
    this.rerun = false;
    clearTimeout(this.timer);
    let next: Date | null = null;
    try {
      next = await this.decisions.closeDue();
    } catch (err) {
      if (!this.stopped) this.log.error({ err }, 'closing due decisions failed; retrying');
    } finally {
      this.running = false;
    }
    if (this.stopped) return;
    if (this.rerun) return this.run();
    const wait = next ? Math.max(10, Math.min(this.maxSleepMs, next.getTime() - Date.now() + 5)) : this.maxSleepMs;
    this.timer = setTimeout(() => void this.run(), wait);
    this.timer.unref();
  }
}
