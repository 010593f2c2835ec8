import { Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { actorOf, type Context } from '../../context.js';
import { Procurement } from '../procurements/procurement.entity.js';
import { CalendarFeed } from './calendar.entity.js';
import { NewCalendarFeed } from './calendar.types.js';

/** The viewer's private calendar feed. */
@Resolver()
export class CalendarResolver {
  @Authorized()
  @Query(() => CalendarFeed, {
    nullable: true,
    description: "The viewer's private calendar feed, or null when they have none (or revoked it).",
  })
  viewerCalendarFeed(@Ctx() ctx: Context): Promise<CalendarFeed | null> {
    return ctx.services.calendars.feed(actorOf(ctx));
  }

  @Authorized()
  @Mutation(() => NewCalendarFeed, {
    description:
      "Creates the viewer's private calendar feed: milestones, decision closing times and booked dialogue meetings of everything they take part in, in their language and time zone. Replaces any earlier feed, whose URL stops working.",
  })
  createCalendarFeed(@Ctx() ctx: Context): Promise<NewCalendarFeed> {
    return ctx.services.calendars.createFeed(actorOf(ctx));
  }

  @Authorized()
  @Mutation(() => Boolean, {
    description:
      "Revokes the viewer's private calendar feed: its URL answers 404 from now on. False when there was none.",
  })
  revokeCalendarFeed(@Ctx() ctx: Context): Promise<boolean> {
    return ctx.services.calendars.revokeFeed(actorOf(ctx));
  }
}

/** Where a procurement's buyers subscribe to its calendar. */
@Resolver(() => Procurement)
export class ProcurementCalendarResolver {
  @FieldResolver(() => String, {
    description:
      "The procurement's calendar (iCalendar: milestones, decision closing times, booked dialogue meetings) for its buyers, in the viewer's language and time zone; fetched with the same sign-in as the API (token or cookie).",
  })
  calendarUrl(@Root() p: Procurement, @Ctx() ctx: Context): string {
    return ctx.services.calendars.procurementFeedUrl(p.id);
  }
}
