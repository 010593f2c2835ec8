import { Repeater } from '@repeaterjs/repeater';
import type { DataSource } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { AppError, ErrorCode, ForbiddenError, UserInputError } from '../errors.js';
import { guestPrincipal, type EventBus, type PublicScope, type Signal } from './bus.js';
import type { EventRecord } from './event.entity.js';
import { eventFromRow } from './event-log.js';

/** What a stream yields: an event, or the error that ends it (raised by the subscription resolver). */
export type StreamItem = EventRecord | { end: Error };

export const isStreamEnd = (item: StreamItem): item is { end: Error } => 'end' in item;

export interface StreamOptions {
  bus: EventBus;
  db: DataSource;
  /** Last event id the client has seen; replay starts after it. */
  after: string | null | undefined;
  organisationId: string;
  filter:
    | { groupId: string; scopeType?: 'thread' | 'need' | 'procurement'; scopeId?: string }
    | { userId: string }
    | { publicScopes: PublicScope[] };
  /** How far back a client may resume. */
  replayWindowDays: number;
}

/** Events a slow client may have pending before we end its stream (it resumes with `after`). */
const MAX_PENDING = 1000;

const resyncRequired = (message: string) =>
  new AppError(ErrorCode.RESYNC_REQUIRED, `${message} Refetch what you show, then subscribe again without \`after\`.`);

function parseAfter(after: string | null | undefined): number | null {
  if (after == null) return null;
  if (!/^\d{1,15}$/.test(after)) throw UserInputError.field('after', 'eventId', 'must be an event id from this API');
  return Number(after);
}

/**
 * A subscription's stream: the events after `after` from the log, then live events from the bus,
 * with no gap and no duplicate. The bus subscriber is registered first and buffers; the replay
 * then reads up to the bus's watermark at that same moment; buffered events above it follow.
 */
export async function eventStream(o: StreamOptions): Promise<AsyncIterable<StreamItem>> {
  const after = parseAfter(o.after);
  if (after !== null && after < o.bus.deliveredUpTo) {
    const [first] = (await o.db.query(`SELECT created_at FROM event WHERE id > $1 ORDER BY id LIMIT 1`, [after])) as {
      created_at: Date;
    }[];
    if (first && first.created_at.getTime() < Date.now() - o.replayWindowDays * 86_400_000) {
      throw resyncRequired(`Event ${after} is older than the ${o.replayWindowDays}-day replay window.`);
    }
  }

  return new Repeater<StreamItem>(async (push, stop) => {
    let pending = 0;
    let ended = false;
    let sent = after ?? 0;
    let replaying = true;
    const buffered: EventRecord[] = [];

    const send = (item: StreamItem) => {
      if (ended) return;
      pending += 1;
      if (pending > MAX_PENDING) {
        end(resyncRequired('This subscription fell too far behind.'));
        return;
      }
      void push(item).then(() => (pending -= 1));
    };
    const end = (error: Error) => {
      if (ended) return;
      ended = true;
      void push({ end: error });
      stop();
    };
    const deliver = (e: EventRecord) => {
      if (replaying) buffered.push(e);
      else if (e.id > sent) {
        sent = e.id;
        send(e);
      }
    };

    const unsubscribe = o.bus.subscribe({ ...o.filter, organisationId: o.organisationId, deliver, fail: end });
    // Read synchronously with the registration: everything above it reaches `deliver`.
    const upTo = o.bus.deliveredUpTo;
    if ('groupId' in o.filter && !o.bus.isActive(o.filter.groupId, o.organisationId)) {
      // Access was withdrawn between the subscriber's check and its registration.
      end(new ForbiddenError('Your organisation is not an active member of this group.'));
    }
    try {
      if (after !== null) {
        const [where, params] =
          'userId' in o.filter
            ? [`scope_type = 'user' AND scope_id = $3`, [o.filter.userId]]
            : 'publicScopes' in o.filter
              ? [
                  `public AND scope_type = ANY($3::text[]) AND scope_id = ANY($4::uuid[])`,
                  [o.filter.publicScopes.map((p) => p.scopeType), o.filter.publicScopes.map((p) => p.scopeId)],
                ]
              : o.filter.scopeId
                ? [
                    `group_id = $3 AND scope_type = $4 AND scope_id = $5`,
                    [o.filter.groupId, o.filter.scopeType, o.filter.scopeId],
                  ]
                : [`group_id = $3`, [o.filter.groupId]];
        for (let from = after; from < upTo && !ended;) {
          const rows = (
            (await o.db.query(`SELECT * FROM event WHERE id > $1 AND id <= $2 AND ${where} ORDER BY id LIMIT 500`, [
              from,
              upTo,
              ...params,
            ])) as unknown[]
          ).map(eventFromRow);
          for (const e of rows) {
            sent = e.id;
            send(e);
          }
          if (rows.length < 500) break;
          from = rows[rows.length - 1].id;
        }
      }
      sent = Math.max(sent, upTo);
      replaying = false;
      for (const e of buffered.splice(0)) deliver(e);
    } catch (err) {
      end(err as Error);
    }
    await stop;
    ended = true;
    unsubscribe();
  });
}

/**
 * The one way to open a subscription's stream: `open` authorises it (the module's own check, run
 * with the bus position taken first, so a membership event delivered meanwhile wins over what the
 * check read), registers the actor's access with the bus (a guest's ends with the grant), and
 * streams from the log and the bus. Streams end by the bus (access lost, RESYNC) or by the client.
 */
export class EventStreams {
  constructor(
    private readonly bus: EventBus,
    private readonly db: DataSource,
    private readonly replayWindowDays: number,
  ) {}

  /** The bus position to pass to `grant` when an access check runs before the grant. */
  position(): number {
    return this.bus.deliveredUpTo;
  }

  /** A stream of a group's events (or one scope of it), for an actor `authorize` has let in. */
  async inGroup(
    actor: Actor,
    after: string | null | undefined,
    authorize: () => Promise<{ groupId: string; scopeType?: 'thread' | 'need' | 'procurement'; scopeId?: string }>,
  ): Promise<AsyncIterable<StreamItem>> {
    const startedAt = this.bus.deliveredUpTo;
    const filter = await authorize();
    const principal = await this.grant(actor, filter.groupId, startedAt);
    return this.open(after, principal, filter);
  }

  /**
   * Ephemeral signals of a topic in a group (who is typing): no log, no replay; the actor's own
   * signals are not echoed back.
   */
  async signals(
    actor: Actor,
    topic: string,
    authorize: () => Promise<{ groupId: string }>,
  ): Promise<AsyncIterable<Signal | { end: Error }>> {
    const startedAt = this.bus.deliveredUpTo;
    const { groupId } = await authorize();
    const principal = await this.grant(actor, groupId, startedAt);
    return new Repeater<Signal | { end: Error }>(async (push, stop) => {
      const off = this.bus.subscribeSignals({
        topic,
        groupId,
        organisationId: principal,
        deliver: (s) => {
          if (s.data.userId !== actor.user.id) void push(s);
        },
        fail: (error) => {
          void push({ end: error });
          stop();
        },
      });
      await stop;
      off();
    });
  }

  /** A stream of one user's own events (notifications). */
  forUser(actor: Actor, after: string | null | undefined): Promise<AsyncIterable<StreamItem>> {
    return this.open(after, actor.organisation.id, { userId: actor.user.id });
  }

  /** A stream of public events, for suppliers (only events marked public reach them). */
  publicEvents(
    actor: Actor,
    after: string | null | undefined,
    scopes: PublicScope[],
  ): Promise<AsyncIterable<StreamItem>> {
    return this.open(after, actor.organisation.id, { publicScopes: scopes });
  }

  /**
   * Records with the bus that the actor may receive a group's events (from `startedAt` on) and
   * returns whose access that is: the organisation's, or for a guest the person's own.
   */
  async grant(actor: Actor, groupId: string, startedAt = this.bus.deliveredUpTo): Promise<string> {
    const membership = await actor.scope.membership(groupId);
    const principal = membership?.guest ? guestPrincipal(actor.user.id) : actor.organisation.id;
    this.bus.setAccess(groupId, principal, true, startedAt);
    if (membership?.guestUntil) this.bus.expireAt(groupId, principal, membership.guestUntil);
    return principal;
  }

  /** Whose access authorises the actor's deliveries in a group (see `grant`). */
  async principal(actor: Actor, groupId: string): Promise<string> {
    const membership = await actor.scope.membership(groupId);
    return membership?.guest ? guestPrincipal(actor.user.id) : actor.organisation.id;
  }

  private open(
    after: string | null | undefined,
    principal: string,
    filter: StreamOptions['filter'],
  ): Promise<AsyncIterable<StreamItem>> {
    return eventStream({
      bus: this.bus,
      db: this.db,
      after,
      organisationId: principal,
      filter,
      replayWindowDays: this.replayWindowDays,
    });
  }
}
