import type { DataSource } from 'typeorm';
import type { Logger } from '../logger.js';
import type { EventRecord } from './event.entity.js';
import { eventFromRow } from './event-log.js';

const BATCH = 500;
/** How soon a read looks again at a gap it could not yet resolve (a transaction still open). */
const RECHECK_MS = 20;
/** Events held above a gap; beyond this they are dropped and read from the log once the gap closes. */
const MAX_HELD = 10_000;

export type ReadReason = 'start' | 'gap' | 'wake' | 'poll' | 'settle';
export type Source = 'local' | 'notification' | 'log';

export interface SequencerOptions {
  db: DataSource;
  log: Logger;
  /** Receives every committed event once, in id order. */
  deliver(event: EventRecord, source: Source): void;
  /** Counts a read of the log. */
  onRead(reason: ReadReason): void;
  /** How long a gap may wait for the missing id's own notification before the log is read. */
  gapWaitMs: number;
}

/**
 * Puts the committed events of every instance in id order, without gaps and without re-reading
 * what it was told (DESIGN 3.2).
 *
 * Events come from three places: this instance's own commits (`add`, source `local`), other
 * instances' notifications (`add`, source `notification`), and the log. An event is delivered when
 * every id below it is delivered or known to be rolled back; events above a missing id wait in
 * `held`. The log is read only when an id is missing for longer than the missing id's own
 * notification should take (`gapWaitMs`), when a notification could not carry its events, or by
 * the slow safety poll.
 *
 * Ids are taken when an event is written but become visible at commit, so id 101 can commit
 * before id 100, and an id whose transaction rolls back never commits. A missing id is never
 * skipped on a guess: when a read finds it absent, the reader takes a fresh transaction id R
 * (greater than the xid of every transaction that already holds an event id below one it has seen,
 * because `record_event()` takes the xid before the id) and treats the id as rolled back only once
 * a snapshot's xmin has passed R and the id is still absent. Until then it waits, so a late commit
 * is delivered in its place.
 */
export class EventSequencer {
  /** Highest id delivered: every id at or below it is delivered or known to be rolled back. */
  watermark = 0;
  /** Highest id known to be committed (delivered, held, or announced without its event). */
  private heard = 0;
  private readonly held = new Map<number, { event: EventRecord; source: Source }>();
  private gap: { at: number; xid: number | null } | null = null;
  private reading = false;
  private readAgain: ReadReason | null = null;
  /** A delayed read asked for while a read ran. */
  private laterMs: number | null = null;
  /** The highest id heard of (notifications) while a read ran: it may be missing from that read's snapshot. */
  private heardLate = 0;
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(private readonly o: SequencerOptions) {}

  start(watermark: number): void {
    this.watermark = watermark;
    this.heard = watermark;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** Committed events this instance was told about (its own commits, or another instance's notification). */
  add(events: EventRecord[], source: Source): void {
    for (const event of events) {
      if (event.id > this.heard) this.heard = event.id;
      if (this.reading && event.id > this.heardLate) this.heardLate = event.id;
      if (event.id <= this.watermark || this.held.has(event.id)) continue;
      // Bounded: what is dropped is read from the log once the gap below it closes (`heard`).
      if (this.held.size < MAX_HELD) this.held.set(event.id, { event, source });
    }
    this.drain();
  }

  /** Events were committed that nobody carried (up to `upTo` when known): read the log now. */
  wake(upTo: number | null): void {
    if (upTo !== null && upTo > this.heard) this.heard = upTo;
    if (upTo !== null && this.reading && upTo > this.heardLate) this.heardLate = upTo;
    this.schedule('wake', 0);
  }

  poll(): void {
    this.schedule('poll', 0);
  }

  /** Reads the log now and resolves once that read (and any it triggers at once) is done. */
  async settle(): Promise<void> {
    while (this.reading) await new Promise((r) => setImmediate(r));
    await this.read('settle');
  }

  /** Delivers the held events that follow the watermark; a gap left waits for its notification, then a read. */
  private drain(): void {
    this.deliverContiguous();
    if (this.watermark < this.heard) this.schedule('gap', this.o.gapWaitMs);
  }

  private deliverContiguous(): void {
    for (let next = this.held.get(this.watermark + 1); next; next = this.held.get(this.watermark + 1)) {
      this.held.delete(next.event.id);
      this.watermark = next.event.id;
      this.o.deliver(next.event, next.source);
    }
    if (this.gap && this.gap.at <= this.watermark) this.gap = null;
  }

  private schedule(reason: ReadReason, delayMs: number): void {
    if (this.stopped) return;
    if (this.reading) {
      // Asked while a read runs: at once after it, or (a gap that may still close by itself) later.
      if (delayMs === 0) this.readAgain = reason;
      else this.laterMs = Math.min(this.laterMs ?? delayMs, delayMs);
      return;
    }
    if (this.timer) {
      if (delayMs > 0) return;
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // One read at a time (`settle` may have started one meanwhile): this one then follows it.
      if (this.reading) this.readAgain = reason;
      else void this.read(reason);
    }, delayMs);
  }

  private async read(first: ReadReason): Promise<void> {
    this.reading = true;
    this.laterMs = null;
    this.heardLate = 0;
    let reason: ReadReason | null = first;
    let recheck = false;
    let failed = false;
    try {
      while (reason && !this.stopped) {
        this.readAgain = null;
        // A gap closed by a notification meanwhile needs no read.
        const outcome = reason !== 'gap' || this.watermark < this.heard ? await this.readBatch(reason) : 'done';
        if (outcome === 'more') continue;
        if (outcome === 'recheck') recheck = true;
        reason = this.readAgain;
      }
    } catch (err) {
      if (!this.stopped) this.o.log.error({ err }, 'reading the event log failed; retrying');
      failed = true;
    } finally {
      this.reading = false;
    }
    if (failed) this.schedule('wake', 200);
    if (recheck) this.schedule('gap', RECHECK_MS);
    if (this.laterMs !== null) this.schedule('gap', this.laterMs);
  }

  /**
   * Reads the next batch and delivers what it can: `more` when there is more to read at once,
   * `recheck` when a missing id may still commit (look again shortly).
   */
  private async readBatch(reason: ReadReason): Promise<'done' | 'more' | 'recheck'> {
    this.o.onRead(reason);
    // One statement, one snapshot: the rows and the xmin agree.
    const rows = (await this.o.db.query(
      `WITH s AS (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS snapshot_xmin)
       SELECT s.snapshot_xmin, e.* FROM s
       LEFT JOIN LATERAL (SELECT * FROM event WHERE id > $1 ORDER BY id LIMIT ${BATCH}) e ON TRUE`,
      [this.watermark],
    )) as ({ snapshot_xmin: number; id: number | null } & Record<string, unknown>)[];
    const xmin = Number(rows[0].snapshot_xmin);
    const events = rows.filter((r) => r.id !== null).map(eventFromRow);
    for (const event of events) {
      if (event.id > this.heard) this.heard = event.id;
      if (event.id > this.watermark && !this.held.has(event.id)) this.held.set(event.id, { event, source: 'log' });
    }
    // Every id up to `seenUpTo` that committed before the snapshot is held (or delivered) now.
    const seenUpTo = events.length === BATCH ? events[events.length - 1].id : Infinity;
    for (;;) {
      this.deliverContiguous();
      if (!this.held.size) {
        if (seenUpTo !== Infinity) return 'more';
        // Nothing more is visible: what was heard of before this read is delivered (what was
        // heard of during it may have committed after the snapshot, and is read next).
        this.heard = Math.max(this.watermark, this.heardLate);
        return 'done';
      }
      const next = Math.min(...this.held.keys());
      if (next > seenUpTo) return 'more';
      const at = this.watermark + 1;
      if (this.gap?.at === at && this.gap.xid !== null && xmin >= this.gap.xid) {
        // Every transaction that could hold the missing ids has ended without committing them.
        this.o.log.debug({ from: at, to: next - 1 }, 'skipping ids of rolled-back transactions');
        this.watermark = next - 1;
        this.gap = null;
        continue;
      }
      if (this.gap?.at !== at) {
        const gap: { at: number; xid: number | null } = { at, xid: null };
        this.gap = gap;
        gap.xid = await this.newXid();
      }
      return 'recheck';
    }
  }

  private async newXid(): Promise<number> {
    const [row] = (await this.o.db.query('SELECT pg_current_xact_id()::text::bigint AS x')) as { x: number }[];
    return Number(row.x);
  }
}
