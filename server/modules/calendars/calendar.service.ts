import { createHash, randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Actor } from '../../auth/actor.js';
import type { PublicUrl } from '../../common/public-url.js';
import { eventActor, type EventWriter } from '../../events/event-log.js';
import { actorFor } from '../groups/membership.scope.js';
import { Organisation } from '../organisations/organisation.entity.js';
import type { ProcurementService } from '../procurements/procurement.service.js';
import { User, UserStatus } from '../users/user.entity.js';
import { CalendarFeed } from './calendar.entity.js';
import { renderCalendar } from './calendar.ics.js';
import { CalendarItems } from './calendar.items.js';
import { calendarPolicy } from './calendar.policy.js';
import { calendarWords } from './calendar.words.js';

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

/** 32 random bytes, base64url: what `createFeed` hands out and the route accepts. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** How often a subscribing calendar app is asked to fetch again. */
const REFRESH_SECONDS = 3600;

/** A calendar file: its text, and the name a browser saves it as. */
export interface CalendarFile {
  ics: string;
  fileName: string;
}

/**
 * Calendar feeds: the private feed of a person (a secret URL a calendar app subscribes to without
 * signing in) and the feed of a procurement for its buyers (signed in, like the other downloads).
 * Both are in the reader's language and time zone; what goes in is calendar.items.ts under
 * calendar.policy.ts.
 */
export class CalendarService {
  private readonly items: CalendarItems;

  constructor(
    private readonly db: DataSource,
    private readonly events: EventWriter,
    private readonly procurements: ProcurementService,
    private readonly urls: PublicUrl,
  ) {
    this.items = new CalendarItems(db, urls);
  }

  /** The viewer's live private feed, or null. Its URL is not kept (only its hash is), so it is not here. */
  feed(actor: Actor): Promise<CalendarFeed | null> {
    return this.db.getRepository(CalendarFeed).findOneBy({ userId: actor.user.id });
  }

  /**
   * A new private feed for the viewer, replacing the one they had (whose URL stops working at once).
   * The URL is returned this once: only the token's hash is stored.
   */
  async createFeed(actor: Actor): Promise<{ url: string; feed: CalendarFeed }> {
    const token = randomBytes(32).toString('base64url');
    const feed = await this.events.transaction(async (em, record) => {
      const repo = em.getRepository(CalendarFeed);
      const { affected } = await repo.delete({ userId: actor.user.id });
      const saved = await repo.save(
        repo.create({ userId: actor.user.id, tokenHash: sha256(token), lastFetchedAt: null }),
      );
      await record({
        scopeType: 'user',
        scopeId: actor.user.id,
        groupId: null,
        actor: eventActor(actor),
        type: 'calendar.feed_created',
        payload: { replaced: !!affected },
      });
      return saved;
    });
    return { url: this.feedUrl(token), feed };
  }

  /** Ends the viewer's private feed: its URL answers 404 from now on. False when there was none. */
  revokeFeed(actor: Actor): Promise<boolean> {
    return this.events.transaction(async (em, record) => {
      const { affected } = await em.getRepository(CalendarFeed).delete({ userId: actor.user.id });
      if (!affected) return false;
      await record({
        scopeType: 'user',
        scopeId: actor.user.id,
        groupId: null,
        actor: eventActor(actor),
        type: 'calendar.feed_revoked',
      });
      return true;
    });
  }

  feedUrl(token: string): string {
    return this.urls.link(`/calendar/${token}.ics`);
  }

  /** Where a procurement's buyers fetch its calendar (signed in). */
  procurementFeedUrl(procurementId: string): string {
    return this.urls.link(`/procurements/${procurementId}/calendar.ics`);
  }

  /**
   * The private feed a token opens, as its owner may see it now; null for a token that is malformed,
   * unknown or revoked, or whose owner may no longer act (suspended): the route answers all alike.
   */
  async personalFeed(token: string): Promise<string | null> {
    if (!TOKEN.test(token)) return null;
    const feed = await this.db.getRepository(CalendarFeed).findOneBy({ tokenHash: sha256(token) });
    if (!feed) return null;
    const user = await this.db.getRepository(User).findOneBy({ id: feed.userId });
    if (!user || user.status !== UserStatus.ACTIVE) return null;
    const organisation = await this.db.getRepository(Organisation).findOneByOrFail({ id: user.organisationId });
    // The owner's rights as of now, as if they were signed in (a feed is no wider than the person).
    const actor = actorFor(this.db, user, organisation);
    const items = await this.items.forPerson(actor, user.locale);
    // Coarse on purpose: one write an hour at most, however often an app polls.
    await this.db.query(
      `UPDATE calendar_feed SET last_fetched_at = now()
        WHERE id = $1 AND (last_fetched_at IS NULL OR last_fetched_at < now() - interval '1 hour')`,
      [feed.id],
    );
    return renderCalendar(items, {
      name: calendarWords(user.locale).feedName,
      timeZone: user.timeZone,
      refreshSeconds: REFRESH_SECONDS,
    });
  }

  /** A procurement's calendar for its buyers; NOT_FOUND for anyone else (as the procurement itself). */
  async procurementFeed(actor: Actor, procurementId: string): Promise<CalendarFile> {
    const { procurement, membership } = await this.procurements.access(actor, procurementId);
    calendarPolicy.authorize(actor, 'buyerItems', { procurement, membership, registered: false });
    const words = calendarWords(actor.user.locale);
    const items = await this.items.forProcurement(procurement, actor.user.locale);
    return {
      ics: renderCalendar(items, {
        name: words.procurementFeed(procurement.title),
        timeZone: actor.user.timeZone,
        refreshSeconds: REFRESH_SECONDS,
      }),
      fileName: `${procurement.title}.ics`,
    };
  }
}
