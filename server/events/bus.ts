import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { ForbiddenError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { EventMetrics } from '../metrics.js';
import { requestScope } from '../request-scope.js';
import type { EventRecord } from './event.entity.js';
import { decodeNotice, encodeNotices, noticeEnvelope } from './notify-payload.js';
import { EventSequencer } from './sequencer.js';
import { runAt } from '../common/timers.js';

const EVENTS_CHANNEL = 'samverka_events';
const SIGNAL_CHANNEL = 'samverka_signals';

const scopeKey = (s: { scopeType: string; scopeId: string }) => `${s.scopeType}|${s.scopeId}`;

/** The access principal of a guest: a person in one group, in place of an organisation. */
export const guestPrincipal = (userId: string) => `guest:${userId}`;

/**
 * An ephemeral signal (typing, presence): sent to every instance by NOTIFY, never stored.
 * `topic` names what it is about (e.g. `typing:<threadId>`); `groupId` authorises its delivery.
 */
export interface Signal {
  topic: string;
  groupId: string;
  data: Record<string, unknown>;
}

/** A scope whose public events a supplier follows (`procurement`/id, or a public channel's `thread`/id). */
export interface PublicScope {
  scopeType: string;
  scopeId: string;
}

/** A local listener of the bus. `groupId` subscribers see only what their organisation may see. */
export interface BusSubscriber {
  /** Events of one group (with `scopeId`: only that scope), of one user (`userId`), or the public events of some scopes. */
  groupId?: string;
  scopeType?: string;
  scopeId?: string;
  userId?: string;
  /**
   * Only events marked public, of these scopes: a registered supplier's view of a market dialogue.
   * Registration is never taken back, so these need no per-event access check.
   */
  publicScopes?: PublicScope[];
  /** Whose access authorises delivery: an organisation's id, or `guest:<userId>` for a guest (guestPrincipal). */
  organisationId: string;
  deliver(event: EventRecord): void;
  /** Ends the subscription with an error (e.g. FORBIDDEN when the organisation leaves the group). */
  fail(error: Error): void;
}

export interface SignalSubscriber {
  topic: string;
  groupId: string;
  organisationId: string;
  deliver(signal: Signal): void;
  fail(error: Error): void;
}

export interface BusOptions {
  db: DataSource;
  /** Connection URL for the LISTEN connection (the pool cannot hold a LISTEN). */
  url: string;
  log: Logger;
  /** Counters of log reads and deliveries (server/metrics.ts). */
  metrics?: EventMetrics;
  /** Poll interval for safety when a notification is missed. */
  pollIntervalMs?: number;
  /** How long a missing id may wait for its own notification before the log is read (default 20 ms). */
  gapWaitMs?: number;
  /** Least time between two NOTIFYs of this instance's events under a stream of writes (default 10 ms; see notifyOthers). */
  notifyGapMs?: number;
  /** false (benchmarks only): no LISTEN, NOTIFY, polling or delivery; events are still written. */
  enabled?: boolean;
}

/**
 * The event bus of one server instance (DESIGN 3.2).
 *
 * Delivery order is event id order, without gaps, on every instance (EventSequencer). Writers do
 * not NOTIFY inside their transactions (that serialises all commits). After commit the writing
 * instance hands the events it wrote to its bus (`publish`): they are delivered here from memory,
 * and one coalesced NOTIFY carries them to the other instances (as many as fit in PostgreSQL's
 * 8000-byte payload; larger ones by id, to be read from the log). The log is read only to close a
 * gap (an id whose notification is late, or a rolled-back one), for what a notification could not
 * carry, and by a slow poll that covers a lost notification.
 */
export class EventBus {
  private readonly db: DataSource;
  private readonly url: string;
  private readonly log: Logger;
  private readonly pollIntervalMs: number;
  private readonly notifyGapMs: number;
  private readonly enabled: boolean;
  private readonly metrics?: EventMetrics;
  private readonly sequencer: EventSequencer;
  /** Tells this instance's notifications apart from the others' (a listener hears its own too). */
  private readonly instanceId = randomUUID();
  private readonly ownEnvelope = noticeEnvelope(this.instanceId);
  private listener?: pg.Client;
  private stopped = false;
  private interval?: NodeJS.Timeout;
  private notifying = false;
  /** When the last NOTIFY went (performance.now()). */
  private notifiedAt = -Infinity;
  /** Events committed here and not yet announced to the other instances. */
  private outgoing: EventRecord[] = [];
  private readonly byGroup = new Map<string, Set<BusSubscriber>>();
  private readonly byUser = new Map<string, Set<BusSubscriber>>();
  private readonly byPublicScope = new Map<string, Set<BusSubscriber>>();
  private readonly signals = new Map<string, Set<SignalSubscriber>>();
  /**
   * Membership of (group, organisation): authorises each delivery. `at` is the event id the value
   * is known to be current at, so a database read that raced a newer membership event cannot
   * overwrite what that event said.
   */
  private readonly access = new Map<string, { active: boolean; at: number }>();
  /** Cancels of the end timers of guests' access, by `groupId|principal`. */
  private readonly expiries = new Map<string, () => void>();
  /** Listeners for every delivered event (in-process consumers such as the notification projector). */
  private readonly consumers = new Set<(e: EventRecord) => void>();

  constructor(o: BusOptions) {
    this.db = o.db;
    this.url = o.url;
    this.log = o.log.child({ component: 'event-bus' });
    this.pollIntervalMs = o.pollIntervalMs ?? 1000;
    this.notifyGapMs = o.notifyGapMs ?? 10;
    this.enabled = o.enabled ?? true;
    this.metrics = o.metrics;
    this.sequencer = new EventSequencer({
      db: o.db,
      log: this.log,
      gapWaitMs: o.gapWaitMs ?? 20,
      deliver: (event, source) => {
        this.metrics?.delivered.inc({ source });
        this.deliver(event);
      },
      onRead: (reason) => this.metrics?.logReads.inc({ reason }),
    });
  }

  get deliveredUpTo(): number {
    return this.sequencer.watermark;
  }

  async start(): Promise<void> {
    if (!this.enabled) return;
    await this.connectListener();
    this.sequencer.start(await this.initialWatermark());
    this.interval = setInterval(() => this.sequencer.poll(), this.pollIntervalMs);
    this.interval.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.interval);
    this.sequencer.stop();
    for (const cancel of this.expiries.values()) cancel();
    await this.listener?.end().catch(() => undefined);
  }

  /**
   * A transaction wrote these events and committed: deliver them here, and announce them to the
   * other instances. Neither is part of the writer's request: it goes on without waiting (and the
   * work is not counted as its own, see request-scope.ts).
   */
  publish(events: EventRecord[]): void {
    if (!this.enabled || !events.length) return;
    requestScope.exit(() => {
      this.outgoing.push(...events);
      void this.notifyOthers();
      setImmediate(() => this.sequencer.add(events, 'local'));
    });
  }

  /**
   * Events were committed that nobody handed to `publish` (a tool or test writing to the log
   * directly): read the log here now, and wake the other instances to read it too.
   */
  poke(): void {
    if (!this.enabled) return;
    requestScope.exit(() => {
      this.sequencer.wake(null);
      this.listener?.query(`NOTIFY ${EVENTS_CHANNEL}`).catch((err: unknown) => {
        this.log.warn({ err }, 'NOTIFY failed; other instances will catch up by polling');
      });
    });
  }

  /** Reads the log now and resolves once that read (and any it triggers) is done. For tests and tools. */
  settle(): Promise<void> {
    return this.sequencer.settle();
  }

  onEvent(consumer: (e: EventRecord) => void): () => void {
    this.consumers.add(consumer);
    return () => this.consumers.delete(consumer);
  }

  // ---- subscribers ----

  subscribe(sub: BusSubscriber): () => void {
    if (sub.publicScopes) {
      const removers = sub.publicScopes.map((scope) => this.add(this.byPublicScope, scopeKey(scope), sub));
      return () => removers.forEach((remove) => remove());
    }
    return sub.userId ? this.add(this.byUser, sub.userId, sub) : this.add(this.byGroup, sub.groupId!, sub);
  }

  private add(index: Map<string, Set<BusSubscriber>>, key: string, sub: BusSubscriber): () => void {
    let set = index.get(key);
    if (!set) index.set(key, (set = new Set()));
    set.add(sub);
    return () => {
      set!.delete(sub);
      if (set!.size === 0) index.delete(key);
    };
  }

  /**
   * Records membership read from the database when a subscription starts. `readStartedAt` is the
   * bus's `deliveredUpTo` taken before that read: a membership event delivered since wins.
   */
  setAccess(groupId: string, organisationId: string, active: boolean, readStartedAt: number): void {
    const key = `${groupId}|${organisationId}`;
    const known = this.access.get(key);
    if (known && known.at > readStartedAt) return;
    this.access.set(key, { active, at: readStartedAt });
  }

  isActive(groupId: string, organisationId: string): boolean {
    return this.access.get(`${groupId}|${organisationId}`)?.active === true;
  }

  subscribeSignals(sub: SignalSubscriber): () => void {
    let set = this.signals.get(sub.topic);
    if (!set) this.signals.set(sub.topic, (set = new Set()));
    set.add(sub);
    return () => {
      set!.delete(sub);
      if (set!.size === 0) this.signals.delete(sub.topic);
    };
  }

  /** Ephemeral: a NOTIFY to every instance (this one included), never a row. */
  async publishSignal(signal: Signal): Promise<void> {
    await this.listener?.query('SELECT pg_notify($1, $2)', [SIGNAL_CHANNEL, JSON.stringify(signal)]);
  }

  // ---- reading ----

  private async connectListener(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, application_name: 'samverka-bus' });
    client.on('notification', (n) => {
      if (n.channel === EVENTS_CHANNEL) this.received(n.payload);
      else if (n.channel === SIGNAL_CHANNEL && n.payload) this.fanOutSignal(n.payload);
    });
    client.on('error', (err) => {
      if (this.stopped) return;
      this.log.warn({ err }, 'event listener connection lost; reconnecting');
      this.listener = undefined;
      void this.reconnect();
    });
    await client.connect();
    await client.query(`LISTEN ${EVENTS_CHANNEL}; LISTEN ${SIGNAL_CHANNEL}`);
    this.listener = client;
  }

  private async reconnect(attempt = 0): Promise<void> {
    if (this.stopped) return;
    try {
      await this.connectListener();
      // Notifications sent while we were away are gone; the log is not.
      this.sequencer.wake(null);
    } catch {
      const delay = Math.min(5000, 100 * 2 ** attempt);
      setTimeout(() => void this.reconnect(attempt + 1), delay).unref();
    }
  }

  /**
   * Sends what was committed here since the last NOTIFY, in as few notifications as fit (one
   * statement). One NOTIFY is in flight at a time, and under a stream of writes they go at least
   * `notifyGapMs` apart, each carrying what committed meanwhile: every NOTIFY is a transaction that
   * wakes each listening backend and instance (this one too). With 16 clients posting to one
   * instance of two, four paired rounds measured 0.80x of off's rate with no gap (about two events a
   * NOTIFY) and 0.92x with 10 ms; 25 ms was no better. A write after a quiet spell goes at once, so
   * only instances under a stream of writes add up to 10 ms to what the others deliver.
   */
  private async notifyOthers(): Promise<void> {
    if (this.notifying) return;
    this.notifying = true;
    try {
      while (this.outgoing.length && !this.stopped) {
        const wait = this.notifiedAt + this.notifyGapMs - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        this.notifiedAt = performance.now();
        this.metrics?.notices.inc();
        const payloads = encodeNotices(this.instanceId, this.outgoing.splice(0));
        const calls = payloads.map((_, i) => `pg_notify($1, $${i + 2})`).join(', ');
        await this.listener?.query(`SELECT ${calls}`, [EVENTS_CHANNEL, ...payloads]);
      }
    } catch (err) {
      this.outgoing = [];
      this.log.warn({ err }, 'NOTIFY failed; other instances will catch up by polling');
    } finally {
      this.notifying = false;
    }
  }

  /** Another instance's events: delivered from the payload; what it could not carry is read from the log. */
  private received(payload: string | undefined): void {
    // Its own, heard back: known by the envelope's start, without parsing what it carries.
    if (payload?.startsWith(this.ownEnvelope)) return;
    const notice = decodeNotice(payload);
    if (notice.events.length) this.sequencer.add(notice.events, 'notification');
    if (notice.readLog) this.sequencer.wake(notice.readUpTo);
  }

  private async newXid(): Promise<number> {
    const [row] = (await this.db.query('SELECT pg_current_xact_id()::text::bigint AS x')) as { x: number }[];
    return Number(row.x);
  }

  /** Start live delivery after every transaction in flight at start-up has ended. */
  private async initialWatermark(): Promise<number> {
    const r = await this.newXid();
    for (let waited = 0; ; waited += 10) {
      const [row] = (await this.db.query(
        `SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin, coalesce(max(id), 0) AS max FROM event`,
      )) as { xmin: number; max: number }[];
      if (Number(row.xmin) >= r) return Number(row.max);
      if (waited === 5000) this.log.warn('a long transaction delays the start of live event delivery');
      await new Promise((res) => setTimeout(res, 10));
    }
  }

  // ---- fan-out ----

  private deliver(event: EventRecord): void {
    if (event.type === 'membership.changed' && event.groupId) this.applyMembership(event);
    if (event.type === 'guest.changed' && event.groupId) this.applyGuest(event);
    for (const consumer of this.consumers) {
      try {
        consumer(event);
      } catch (err) {
        this.log.error({ err, eventId: event.id }, 'event consumer failed');
      }
    }
    if (event.groupId) {
      for (const sub of this.byGroup.get(event.groupId) ?? []) {
        if (sub.scopeId && (sub.scopeId !== event.scopeId || sub.scopeType !== event.scopeType)) continue;
        if (this.isActive(event.groupId, sub.organisationId)) sub.deliver(event);
      }
    }
    if (event.scopeType === 'user') {
      for (const sub of this.byUser.get(event.scopeId) ?? []) sub.deliver(event);
    }
    if (event.public) {
      for (const sub of this.byPublicScope.get(scopeKey(event)) ?? []) sub.deliver(event);
    }
  }

  /** Keeps the access map in event order; ends the subscriptions of an organisation that lost access. */
  private applyMembership(event: EventRecord): void {
    const orgId = String(event.payload.organisationId);
    const active = event.payload.status === 'ACTIVE';
    this.access.set(`${event.groupId}|${orgId}`, { active, at: event.id });
    if (!active)
      this.endAccess(event.groupId!, orgId, 'Your organisation is no longer an active member of this group.');
  }

  /** A guest invited, given another end date, or revoked (`guest.changed`): the same, for one person. */
  private applyGuest(event: EventRecord): void {
    const principal = guestPrincipal(String(event.payload.userId));
    const endsAt = event.payload.endsAt ? new Date(String(event.payload.endsAt)) : null;
    const active = event.payload.active === true && !!endsAt && endsAt.getTime() > Date.now();
    this.access.set(`${event.groupId}|${principal}`, { active, at: event.id });
    if (active) this.expireAt(event.groupId!, principal, endsAt!);
    else this.endAccess(event.groupId!, principal, 'Your guest access to this group has ended.');
  }

  /**
   * A guest's access ends at a time, on every instance by its own clock (there is no event for it):
   * the access turns inactive and the guest's streams end.
   */
  expireAt(groupId: string, principal: string, endsAt: Date): void {
    const key = `${groupId}|${principal}`;
    this.expiries.get(key)?.();
    this.expiries.set(
      key,
      runAt(endsAt, () => {
        this.expiries.delete(key);
        const known = this.access.get(key);
        if (known) known.active = false;
        this.endAccess(groupId, principal, 'Your guest access to this group has ended.');
      }),
    );
  }

  private endAccess(groupId: string, principal: string, message: string): void {
    for (const sub of [...(this.byGroup.get(groupId) ?? [])]) {
      if (sub.organisationId === principal) sub.fail(new ForbiddenError(message));
    }
    for (const set of this.signals.values()) {
      for (const sub of [...set]) {
        if (sub.groupId === groupId && sub.organisationId === principal) sub.fail(new ForbiddenError(message));
      }
    }
  }

  private fanOutSignal(payload: string): void {
    let signal: Signal;
    try {
      signal = JSON.parse(payload) as Signal;
    } catch {
      return;
    }
    for (const sub of this.signals.get(signal.topic) ?? []) {
      if (this.isActive(sub.groupId, sub.organisationId)) sub.deliver(signal);
    }
  }
}
