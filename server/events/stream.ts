import { Repeater } from '@repeaterjs/repeater';
import type { DataSource } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { AppError, ErrorCode, ForbiddenError, UserInputError } from '../errors.js';
import { guestPrincipal, type EventBus, type PublicScope, type Signal } from './bus.js';
import { EventFeed, type FeedFilter, type StreamItem } from './feed.js';

export type { StreamItem } from './feed.js';

export const isStreamEnd = (item: StreamItem): item is { end: Error } => 'end' in item;

export interface StreamOptions {
  bus: EventBus;
  db: DataSource;
  /** Last event id the client has seen; replay starts after it. */
  after: string | null | undefined;
  organisationId: string;
  filter: FeedFilter;
  /** How far back a client may resume. */
  replayWindowDays: number;
}

const resyncRequired = (message: string) =>
  new AppError(ErrorCode.RESYNC_REQUIRED, `${message} Refetch what you show, then subscribe again without \`after\`.`);

function parseAfter(after: string | null | undefined): number | null {
  if (after == null) return null;
  if (!/^\d{1,15}$/.test(after)) throw UserInputError.field('after', 'eventId', 'must be an event id from this API');
  return Number(after);
}

/**
 * A subscription's stream: the events after `after` from the log, then live events from the bus,
 * with no gap and no duplicate (EventFeed). It ends only by the client, by authorisation (the bus
 * ends it when access is lost), or with RESYNC_REQUIRED for an `after` older than the replay
 * window; never because the client or the server is slow (a subscriber that falls behind reads
 * from the log as it catches up).
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
  const feed = new EventFeed({ bus: o.bus, db: o.db, filter: o.filter, organisationId: o.organisationId, after });
  if ('groupId' in o.filter && !o.bus.isActive(o.filter.groupId, o.organisationId)) {
    // Access was withdrawn between the subscriber's check and its registration.
    feed.end(new ForbiddenError('Your organisation is not an active member of this group.'));
  }
  return feed;
}

/**
 * The one way to open a subscription's stream: `open` authorises it (the module's own check, run
 * with the bus position taken first, so a membership event delivered meanwhile wins over what the
 * check read), registers the actor's access with the bus (a guest's ends with the grant), and
 * streams from the log and the bus. Streams end by the bus (access lost) or by the client (see eventStream).
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
