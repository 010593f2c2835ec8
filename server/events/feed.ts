import type { DataSource } from 'typeorm';
import type { EventBus, PublicScope } from './bus.js';
import type { EventRecord } from './event.entity.js';
import { eventFromRow } from './event-log.js';

/** What a stream yields: an event, or the error that ends it (raised by the subscription resolver). */
export type StreamItem = EventRecord | { end: Error };

export type FeedFilter =
  | { groupId: string; scopeType?: 'thread' | 'need' | 'procurement'; scopeId?: string }
  | { userId: string }
  | { publicScopes: PublicScope[] };

/** Live events a subscriber may have waiting; past this it reads the rest from the log when it gets to them. */
const QUEUED = 1000;
const PAGE = 500;

/** The WHERE clause (from $3 on) and parameters that select a filter's events in the log. */
function whereOf(filter: FeedFilter): [string, unknown[]] {
  if ('userId' in filter) return [`scope_type = 'user' AND scope_id = $3`, [filter.userId]];
  if ('publicScopes' in filter) {
    return [
      `public AND scope_type = ANY($3::text[]) AND scope_id = ANY($4::uuid[])`,
      [filter.publicScopes.map((p) => p.scopeType), filter.publicScopes.map((p) => p.scopeId)],
    ];
  }
  if (filter.scopeId) {
    return [`group_id = $3 AND scope_type = $4 AND scope_id = $5`, [filter.groupId, filter.scopeType, filter.scopeId]];
  }
  return [`group_id = $3`, [filter.groupId]];
}

export interface FeedOptions {
  bus: EventBus;
  db: DataSource;
  filter: FeedFilter;
  /** Whose access authorises delivery (see BusSubscriber). */
  organisationId: string;
  /** Replay from after this id; null: live from now. */
  after: number | null;
}

/**
 * One subscriber's events in id order, with no gap and no duplicate, that a slow consumer cannot
 * make the server end: live events wait in a bounded queue, and past its bound (a client that
 * reads slowly, a busy server) the subscriber falls behind to the log, which it reads a page at a
 * time as it consumes, until it has caught up with the bus and goes live again.
 *
 * It ends only when the consumer stops (`return`), or with the error the bus gives it (access lost)
 * or a failed read, which it yields last.
 *
 * The bus subscriber is registered first. Live: an event above `sent` is queued. Behind: events
 * from the bus are left to the log. Reading: the read covers (`sent`, the bus's watermark taken as
 * it starts]; what the bus delivers meanwhile is above that watermark and is kept, to follow the
 * read (or, if too much came, left to the next read).
 */
export class EventFeed implements AsyncIterableIterator<StreamItem> {
  private readonly queue: StreamItem[] = [];
  private sent: number;
  private mode: 'live' | 'behind' | 'reading';
  private buffered: EventRecord[] = [];
  private overflowed = false;
  /** No more items are added: the end is queued, or the consumer stopped. */
  private ended = false;
  private wake?: () => void;
  private readonly unsubscribe: () => void;

  constructor(private readonly o: FeedOptions) {
    this.unsubscribe = o.bus.subscribe({
      ...o.filter,
      organisationId: o.organisationId,
      deliver: (e) => this.deliver(e),
      fail: (error) => this.end(error),
    });
    // Taken with the registration, synchronously: every event above it reaches `deliver`.
    const upTo = o.bus.deliveredUpTo;
    if (o.after === null || o.after >= upTo) {
      this.sent = Math.max(o.after ?? 0, upTo);
      this.mode = 'live';
    } else {
      this.sent = o.after;
      this.mode = 'behind';
    }
  }

  /** Ends the feed with `error` after what is already queued. */
  end(error: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.queue.push({ end: error });
    this.unsubscribe();
    this.wake?.();
  }

  async next(): Promise<IteratorResult<StreamItem>> {
    for (;;) {
      const item = this.queue.shift();
      if (item) {
        if ('end' in item) this.queue.length = 0;
        return { value: item, done: false };
      }
      if (this.ended) return { value: undefined, done: true };
      if (this.mode === 'behind') await this.read();
      else await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  async return(): Promise<IteratorResult<StreamItem>> {
    this.ended = true;
    this.queue.length = 0;
    this.unsubscribe();
    this.wake?.();
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private deliver(e: EventRecord): void {
    if (this.ended || e.id <= this.sent) return;
    if (this.mode === 'reading') {
      if (this.buffered.length < QUEUED) this.buffered.push(e);
      else this.overflowed = true;
    } else if (this.mode === 'live') {
      if (this.queue.length >= QUEUED) {
        // The consumer is far behind: it reads this and what follows from the log instead.
        this.mode = 'behind';
        return;
      }
      this.sent = e.id;
      this.queue.push(e);
      this.wake?.();
    }
  }

  /** The next page from the log, and live again once it reaches the bus. */
  private async read(): Promise<void> {
    this.mode = 'reading';
    this.buffered = [];
    this.overflowed = false;
    const upTo = this.o.bus.deliveredUpTo;
    const [where, params] = whereOf(this.o.filter);
    let rows: EventRecord[];
    try {
      rows = (
        (await this.o.db.query(
          `SELECT * FROM event WHERE id > $1 AND id <= $2 AND ${where} ORDER BY id LIMIT ${PAGE}`,
          [this.sent, upTo, ...params],
        )) as unknown[]
      ).map(eventFromRow);
    } catch (err) {
      this.end(err as Error);
      return;
    }
    if (this.ended) return;
    for (const e of rows) this.queue.push(e);
    if (rows.length === PAGE) {
      // More before `upTo`; what the bus delivered meanwhile is above it: the next read has it.
      this.sent = rows[rows.length - 1].id;
      this.mode = 'behind';
      return;
    }
    this.sent = upTo;
    this.mode = this.overflowed ? 'behind' : 'live';
    if (this.mode === 'live') {
      for (const e of this.buffered) {
        if (e.id <= this.sent) continue;
        this.sent = e.id;
        this.queue.push(e);
      }
    }
    this.buffered = [];
  }
}
