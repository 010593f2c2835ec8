import { Arg, Authorized, Ctx, FieldResolver, ID, Resolver, Root, Subscription } from 'type-graphql';
import { actorOf, type Context } from '../context.js';
import { Loaders } from '../loaders.js';
import { Message } from '../modules/discussions/message.entity.js';
import { Organisation } from '../modules/organisations/organisation.entity.js';
import { User } from '../modules/users/user.entity.js';
import { EventData, EventTypeEnum, eventData } from './event-data.js';
import type { EventRecord } from './event.entity.js';
import { LiveEvent, TypingEvent } from './event.types.js';
import { isStreamEnd, type StreamItem } from './stream.js';
import type { Signal } from './bus.js';

type Args = { threadId?: string; groupId?: string; after?: string | null };

/**
 * The event of a stream item (an end item ends the subscription with its error). Each event
 * resolves with fresh DataLoaders: a subscription's context outlives any one event.
 */
export function liveEvent(item: StreamItem, ctx: Context): EventRecord {
  if (isStreamEnd(item)) throw item.end;
  ctx.loaders = new Loaders(ctx.services.db);
  return item;
}

@Resolver(() => LiveEvent)
export class EventResolver {
  @Authorized()
  @Subscription(() => LiveEvent, {
    description:
      "A group's events: membership, needs and interests, new threads, and messages in its threads (for unread counts). Active members only.",
    subscribe: ({ args, context }) =>
      (context as Context).services.groups.groupStream(
        actorOf(context as Context),
        (args as Args).groupId!,
        (args as Args).after,
      ),
  })
  groupEvents(
    @Root() item: StreamItem,
    @Arg('groupId', () => ID) _groupId: string,
    @Arg('after', () => ID, { nullable: true, description: 'Last event id seen: replay from there.' }) _after: string,
    @Ctx() ctx: Context,
  ): EventRecord {
    return liveEvent(item, ctx);
  }

  @Authorized()
  @Subscription(() => LiveEvent, {
    description: "A thread's events: messages posted, edited and deleted, reactions.",
    subscribe: ({ args, context }) =>
      (context as Context).services.discussions.threadStream(
        actorOf(context as Context),
        (args as Args).threadId!,
        (args as Args).after,
      ),
  })
  threadEvents(
    @Root() item: StreamItem,
    @Arg('threadId', () => ID) _threadId: string,
    @Arg('after', () => ID, { nullable: true, description: 'Last event id seen: replay from there.' }) _after: string,
    @Ctx() ctx: Context,
  ): EventRecord {
    return liveEvent(item, ctx);
  }

  @Authorized()
  @Subscription(() => TypingEvent, {
    description: 'Who starts and stops typing in a thread (ephemeral: no replay).',
    subscribe: ({ args, context }) =>
      (context as Context).services.discussions.typingStream(actorOf(context as Context), (args as Args).threadId!),
  })
  typing(@Root() signal: Signal | { end: Error }, @Arg('threadId', () => ID) _threadId: string): TypingEvent {
    if ('end' in signal) throw signal.end;
    return signal.data as unknown as TypingEvent;
  }

  @FieldResolver(() => ID)
  id(@Root() e: EventRecord): string {
    return String(e.id);
  }

  @FieldResolver(() => User, { nullable: true })
  actor(@Root() e: EventRecord, @Ctx() ctx: Context): Promise<User | null> | null {
    return e.actorUserId ? ctx.loaders.byId(User, 'User').load(e.actorUserId) : null;
  }

  @FieldResolver(() => Organisation, { nullable: true })
  actorOrganisation(@Root() e: EventRecord, @Ctx() ctx: Context): Promise<Organisation | null> | null {
    return e.actorOrganisationId ? ctx.loaders.organisation.load(e.actorOrganisationId) : null;
  }

  @FieldResolver(() => EventTypeEnum, { description: 'What happened, as an enum: `data` has its type.' })
  kind(@Root() e: EventRecord): string {
    return e.type;
  }

  @FieldResolver(() => EventData, { description: 'The typed facts of the event (the same as `payload`).' })
  data(@Root() e: EventRecord): Record<string, unknown> {
    const data = eventData(e.type, e.payload);
    if (!data) throw new Error(`Event ${e.id} has the undeclared type ${e.type}.`);
    return data;
  }

  @FieldResolver(() => Message, { nullable: true, description: 'The message a message or reaction event is about.' })
  message(@Root() e: EventRecord, @Ctx() ctx: Context): Promise<Message | null> | null {
    const id = e.payload.messageId;
    return typeof id === 'string' ? ctx.loaders.byId(Message, 'Message').load(id) : null;
  }
}
