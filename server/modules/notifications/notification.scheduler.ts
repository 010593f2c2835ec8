import type { EntityManager } from 'typeorm';
import type { Clock } from '../../common/clock.js';
import { Rounds } from '../../common/timers.js';
import type { EventWriter } from '../../events/event-log.js';
import type { Logger } from '../../logger.js';
import { participants, procurementTeam } from './notification.audience.js';
import { NotificationKind } from './notification.entity.js';
import { Lookup, paths } from './notification.lookup.js';
import type { Draft } from './notification.sources.js';
import type { NotificationWriter } from './notification.writer.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
/** A deadline that passed longer ago than this is not announced any more (e.g. after a long outage or on first start). */
const LOOK_BACK_MS = 7 * DAY;
/** Milestones that are moments rather than tasks: not "due" and never "overdue" (a standstill end has its own notice). */
const NOT_TASKS = ['STANDSTILL_END', 'CONTRACT_START', 'CONTRACT_END'];

export interface SchedulerOptions {
  /** How many days before a milestone its participants hear that it is due. */
  milestoneDays: number;
  /** How often each instance looks (the deadlines themselves are in the database). */
  intervalMs: number;
}

/**
 * Notices made by the passing of time rather than by an event: a decision closing within 24 hours
 * (to the authorities that have not voted), a milestone due within a few days or overdue, the end of
 * a standstill period. Every instance runs it; each notice is written once per recipient and
 * occasion (the unique `uq_notification_occasion`: the deadline's time is the occasion, so a moved
 * deadline is a new one), and a row lock on its `event_consumer` row lets one instance at a time do
 * the work. Time is read from the injected clock, so tests move it across a deadline.
 */
export class NotificationScheduler {
  private readonly rounds: Rounds;

  constructor(
    private readonly events: EventWriter,
    private readonly clock: Clock,
    log: Logger,
    private readonly options: SchedulerOptions,
    private readonly writer: NotificationWriter,
    /** Called after a run that queued e-mails (they wait in the outbox). */
    private readonly mailed: () => void = () => {},
  ) {
    this.rounds = new Rounds('notification scheduler', options.intervalMs, log, () => this.once());
  }

  start(): void {
    this.rounds.start();
  }

  /** Stops looking, and waits for a look under way (its transaction needs the pool). */
  async stop(): Promise<void> {
    await this.rounds.stop();
  }

  /** One look now (or joins the one under way); returns how many notices it wrote. For tests too. */
  run(): Promise<number> {
    return this.rounds.run();
  }

  private async once(): Promise<number> {
    const now = this.clock.now();
    const written = await this.events.transaction(async (em, record) => {
      await em.query(`INSERT INTO event_consumer (name) VALUES ('notification-scheduler') ON CONFLICT DO NOTHING`);
      const [lock] = (await em.query(
        `SELECT name FROM event_consumer WHERE name = 'notification-scheduler' FOR UPDATE SKIP LOCKED`,
      )) as unknown[];
      // Another instance is looking right now; the unique occasions would make our work a no-op anyway.
      if (!lock) return { written: 0, mailed: 0 };
      const lookup = new Lookup(em);
      const drafts = [
        ...(await this.closingDecisions(em, lookup, now)),
        ...(await this.milestones(em, lookup, now)),
        ...(await this.standstills(em, lookup, now)),
      ];
      return this.writer.write(em, record, drafts);
    });
    if (written.mailed) this.mailed();
    return written.written;
  }

  private async closingDecisions(em: EntityManager, l: Lookup, now: Date): Promise<Draft[]> {
    const rows = (await em.query(
      `SELECT d.id, d.title, d.closes_at, d.procurement_id FROM decision d
        WHERE d.status = 'OPEN' AND d.closes_at > $1 AND d.closes_at <= $2 ORDER BY d.id`,
      [now, new Date(now.getTime() + DAY)],
    )) as { id: string; title: string; closes_at: Date; procurement_id: string }[];
    const drafts: Draft[] = [];
    for (const d of rows) {
      const p = await l.procurement(d.procurement_id);
      if (!p) continue;
      drafts.push({
        kind: NotificationKind.DECISION_CLOSING,
        recipients: await participants(em, p.id, { unvotedDecisionId: d.id }),
        subjectId: d.id,
        occasion: d.closes_at.toISOString(),
        groupId: p.groupId,
        procurementId: p.id,
        path: paths.procurement(p.groupId, p.id, `decision-${d.id}`),
        data: { ...(await l.buyersData(p)), title: d.title, at: d.closes_at.toISOString() },
      });
    }
    return drafts;
  }

  private async milestones(em: EntityManager, l: Lookup, now: Date): Promise<Draft[]> {
    const rows = (await em.query(
      `SELECT m.id, m.kind, m.title, m.due_at, m.procurement_id FROM procurement_milestone m
         JOIN procurement p ON p.id = m.procurement_id
        WHERE m.completed_at IS NULL AND p.phase NOT IN ('CLOSED', 'CANCELLED') AND NOT (m.kind::text = ANY($3))
          AND m.due_at > $1 AND m.due_at <= $2
        ORDER BY m.id`,
      [new Date(now.getTime() - LOOK_BACK_MS), new Date(now.getTime() + this.options.milestoneDays * DAY), NOT_TASKS],
    )) as { id: string; kind: string; title: string; due_at: Date; procurement_id: string }[];
    const drafts: Draft[] = [];
    for (const m of rows) {
      const p = await l.procurement(m.procurement_id);
      if (!p) continue;
      drafts.push({
        kind: m.due_at > now ? NotificationKind.MILESTONE_DUE : NotificationKind.MILESTONE_OVERDUE,
        recipients: await procurementTeam(em, p.id, p.groupId),
        subjectId: m.id,
        occasion: m.due_at.toISOString(),
        groupId: p.groupId,
        procurementId: p.id,
        path: paths.procurement(p.groupId, p.id, 'milestones'),
        data: { ...(await l.buyersData(p)), title: m.title, milestoneKind: m.kind, at: m.due_at.toISOString() },
      });
    }
    return drafts;
  }

  private async standstills(em: EntityManager, l: Lookup, now: Date): Promise<Draft[]> {
    const rows = (await em.query(
      `SELECT a.id, a.standstill_ends_at, a.procurement_id, lot.number FROM procurement_award a
         JOIN procurement p ON p.id = a.procurement_id
         JOIN procurement_lot lot ON lot.id = a.lot_id
        WHERE p.phase NOT IN ('CLOSED', 'CANCELLED') AND a.standstill_ends_at > $1 AND a.standstill_ends_at <= $2
        ORDER BY a.id`,
      [new Date(now.getTime() - LOOK_BACK_MS), now],
    )) as { id: string; standstill_ends_at: Date; procurement_id: string; number: number }[];
    const drafts: Draft[] = [];
    for (const a of rows) {
      const p = await l.procurement(a.procurement_id);
      if (!p) continue;
      drafts.push({
        kind: NotificationKind.STANDSTILL_ENDED,
        recipients: await procurementTeam(em, p.id, p.groupId),
        subjectId: a.id,
        occasion: a.standstill_ends_at.toISOString(),
        groupId: p.groupId,
        procurementId: p.id,
        path: paths.procurement(p.groupId, p.id, 'award'),
        data: { ...(await l.buyersData(p)), number: a.number, at: a.standstill_ends_at.toISOString() },
      });
    }
    return drafts;
  }
}
