import {
  Arg,
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
  Subscription,
} from 'type-graphql';
import { belongsTo } from '../../common/belongs-to.js';
import { ConnectionType, PageArgs } from '../../common/pagination.js';
import { actorOf, type Context } from '../../context.js';
import { NotFoundError } from '../../errors.js';
import { LiveEvent } from '../../events/event.types.js';
import type { EventRecord } from '../../events/event.entity.js';
import { isStreamEnd, type StreamItem } from '../../events/stream.js';
import { Loaders } from '../../loaders.js';
import { DecisionOutcome } from '../decisions/decision.entity.js';
import { MarketDialogue } from '../dialogue/dialogue.types.js';
import { Message } from '../discussions/message.entity.js';
import { Thread, ThreadKind } from '../discussions/thread.entity.js';
import { Document } from '../documents/document.entity.js';
import { BuyerGroup } from '../groups/group.entity.js';
import { groupLoaders } from '../groups/group.loaders.js';
import { MilestoneKind, Procurement, ProcurementPhase } from '../procurements/procurement.entity.js';
import { User } from '../users/user.entity.js';
import { Notification, NotificationDelivery, NotificationKind } from './notification.entity.js';
import { followsLoader, mutedLoader } from './notification.loaders.js';
import { notificationPolicy } from './notification.policy.js';
import type { MuteView, PreferenceView } from './notification.service.js';

export const NotificationConnection = ConnectionType('Notification', Notification);

@ArgsType()
class NotificationsArgs extends PageArgs {
  @Field(() => Boolean, { defaultValue: false })
  unreadOnly!: boolean;

  @Field(() => [NotificationKind], { nullable: true, description: 'Only these kinds (the inbox filters).' })
  kinds?: NotificationKind[] | null;
}

@ObjectType({ description: 'How the viewer hears of one kind of notice.' })
export class NotificationSetting implements PreferenceView {
  @Field(() => NotificationKind)
  kind!: NotificationKind;

  @Field(() => NotificationDelivery, { description: "The viewer's choice, or the kind's default." })
  delivery!: NotificationDelivery;

  @Field(() => NotificationDelivery, { description: 'What the kind is until the viewer chooses.' })
  defaultDelivery!: NotificationDelivery;

  @Field(() => Boolean, { description: 'Anything but OFF.' })
  enabled!: boolean;
}

@ObjectType({
  description: 'A group or a procurement the viewer hears nothing of (a muted group covers its procurements).',
})
export class NotificationMute {
  @Field(() => ID, { nullable: true })
  groupId!: string | null;

  @Field(() => ID, { nullable: true })
  procurementId!: string | null;

  @Field(() => String, { description: "The group's name or the procurement's title." })
  name!: string;
}

@ObjectType({ description: "The viewer's notification settings: each kind's delivery and what is muted." })
export class NotificationSettings {
  @Field(() => [NotificationSetting])
  kinds!: PreferenceView[];

  @Field(() => [NotificationMute])
  mutes!: NotificationMute[];

  @Field(() => Int, {
    description: "The hour (0-23) on the viewer's own clock (`timeZone`) at which the daily digest is sent. Default 7.",
  })
  digestHour!: number;

  @Field(() => String, {
    description: "The viewer's time zone, in which the digest's hour and every time in e-mails are read.",
  })
  timeZone!: string;
}

const muteView = (m: MuteView): NotificationMute => ({
  groupId: m.scopeType === 'group' ? m.scopeId : null,
  procurementId: m.scopeType === 'procurement' ? m.scopeId : null,
  name: m.name,
});

@ArgsType()
class MuteArgs {
  @Field(() => ID, { nullable: true })
  groupId?: string | null;

  @Field(() => ID, { nullable: true })
  procurementId?: string | null;
}

@ObjectType({
  description:
    'What a notice names, as it was when it was made (a renamed group keeps its old name here). A notice to a supplier names only what suppliers see.',
})
export class NotificationDetails {
  @Field(() => String, { nullable: true })
  groupName?: string;

  @Field(() => String, { nullable: true })
  procurementTitle?: string;

  @Field(() => String, {
    nullable: true,
    description: "The thread's, document's, decision's or milestone's title, or a question's number (Q3).",
  })
  title?: string;

  @Field(() => ThreadKind, {
    nullable: true,
    description:
      "The thread's kind, for a notice about a message: the threads the server makes (GENERAL, BUYERS, PUBLIC_DIALOGUE) are shown by their kind's name in the reader's language; `title` keeps the stored (English) name.",
  })
  threadKind?: string;

  @Field(() => String, {
    nullable: true,
    description: 'The organisation it is about: the authority that signed, the supplier that booked, the winners.',
  })
  organisationName?: string;

  @Field(() => Date, {
    nullable: true,
    description: "A deadline, a decision's closing time, a meeting's start, a standstill period's end.",
  })
  at?: Date;

  @Field(() => ProcurementPhase, { nullable: true })
  phase?: string;

  @Field(() => ProcurementPhase, { nullable: true })
  fromPhase?: string;

  @Field(() => DecisionOutcome, { nullable: true })
  outcome?: string;

  @Field(() => Boolean, { nullable: true, description: 'A decision approved; a join request approved.' })
  approved?: boolean;

  @Field(() => Int, { nullable: true, description: "A document's version, a lot's number, an answer's revision." })
  number?: number;

  @Field(() => MilestoneKind, { nullable: true })
  milestoneKind?: string;
}

/** Resolves to null instead of failing when the viewer can no longer see the thing. */
const ifVisible = async <T>(load: () => Promise<T>): Promise<T | null> => {
  try {
    return await load();
  } catch (err) {
    if (err instanceof NotFoundError) return null;
    throw err;
  }
};

@Resolver(() => Notification)
export class NotificationResolver {
  @Authorized()
  @Query(() => NotificationConnection, { description: "The viewer's notifications, newest first." })
  notifications(@Args(() => NotificationsArgs) args: NotificationsArgs, @Ctx() ctx: Context) {
    return ctx.services.notifications.list(actorOf(ctx), args.first, args.after, args.unreadOnly, args.kinds);
  }

  @Authorized()
  @Query(() => Int)
  unreadNotificationCount(@Ctx() ctx: Context): Promise<number> {
    return ctx.services.notifications.unreadCount(actorOf(ctx));
  }

  @Authorized()
  @Query(() => [NotificationSetting], { description: 'Which kinds of notification the viewer receives.' })
  notificationPreferences(@Ctx() ctx: Context) {
    return ctx.services.notifications.preferences(actorOf(ctx));
  }

  @Authorized()
  @Query(() => NotificationSettings, { description: "The viewer's notification settings." })
  notificationSettings(@Ctx() ctx: Context): Promise<NotificationSettings> {
    return this.settings(ctx);
  }

  private async settings(ctx: Context): Promise<NotificationSettings> {
    const actor = actorOf(ctx);
    return {
      kinds: await ctx.services.notifications.preferences(actor),
      mutes: (await ctx.services.notifications.mutes(actor)).map(muteView),
      digestHour: await ctx.services.notifications.digestHour(actor),
      timeZone: actor.user.timeZone,
    };
  }

  @Authorized()
  @Mutation(() => NotificationSettings, {
    description: "The hour (0-23, on the viewer's own clock) at which the daily digest is sent.",
  })
  async setDigestHour(@Arg('hour', () => Int) hour: number, @Ctx() ctx: Context): Promise<NotificationSettings> {
    await ctx.services.notifications.setDigestHour(actorOf(ctx), hour);
    return this.settings(ctx);
  }

  @Authorized()
  @Mutation(() => [NotificationSetting], { description: 'How the viewer hears of one kind of notice from now on.' })
  setNotificationPreference(
    @Arg('kind', () => NotificationKind) kind: NotificationKind,
    @Arg('delivery', () => NotificationDelivery) delivery: NotificationDelivery,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.notifications.setPreference(actorOf(ctx), kind, delivery);
  }

  @Authorized()
  @Mutation(() => [NotificationMute], {
    description:
      'No notices at all of a group (and its procurements) or of a procurement the viewer sees: name exactly one.',
  })
  async muteNotifications(@Args(() => MuteArgs) args: MuteArgs, @Ctx() ctx: Context): Promise<NotificationMute[]> {
    return (await ctx.services.notifications.mute(actorOf(ctx), args)).map(muteView);
  }

  @Authorized()
  @Mutation(() => [NotificationMute], { description: 'Hears of the group or procurement again: name exactly one.' })
  async unmuteNotifications(@Args(() => MuteArgs) args: MuteArgs, @Ctx() ctx: Context): Promise<NotificationMute[]> {
    return (await ctx.services.notifications.unmute(actorOf(ctx), args)).map(muteView);
  }

  @Authorized()
  @Mutation(() => Notification)
  markNotificationRead(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.services.notifications.markRead(actorOf(ctx), id);
  }

  @Authorized()
  @Mutation(() => Int, { description: 'Marks all read; returns how many were unread.' })
  markAllNotificationsRead(@Ctx() ctx: Context): Promise<number> {
    return ctx.services.notifications.markAllRead(actorOf(ctx));
  }

  @Authorized()
  @Subscription(() => Notification, {
    description: "The viewer's new notifications, live. Pass the last event id seen as `after` to catch up.",
    subscribe: ({ args, context }) =>
      (context as Context).services.notifications.stream(
        actorOf(context as Context),
        (args as { after?: string }).after,
      ),
  })
  async notificationAdded(
    @Root() item: StreamItem,
    @Arg('after', () => ID, { nullable: true }) _after: string,
    @Ctx() ctx: Context,
  ): Promise<Notification> {
    if (isStreamEnd(item)) throw item.end;
    ctx.loaders = new Loaders(ctx.services.db);
    const id = String(item.payload.notificationId);
    const n = await ctx.loaders.byId(Notification, 'Notification').load(id);
    if (!n || !notificationPolicy.can(actorOf(ctx), 'read', n)) throw new NotFoundError('Notification', id);
    return n;
  }

  @FieldResolver(() => BuyerGroup, { nullable: true, description: 'Null once the viewer can no longer see the group.' })
  group(@Root() n: Notification, @Ctx() ctx: Context): Promise<BuyerGroup | null> | null {
    return n.groupId ? groupLoaders(ctx.loaders).visible(actorOf(ctx), n.groupId) : null;
  }

  @FieldResolver(() => NotificationDetails)
  details(@Root() n: Notification): NotificationDetails {
    const { at, ...rest } = n.data ?? {};
    return { ...rest, ...(at ? { at: new Date(at) } : {}) } as NotificationDetails;
  }

  @FieldResolver(() => String, { description: 'The absolute link (PUBLIC_URL and `path`), as in its e-mail.' })
  url(@Root() n: Notification, @Ctx() ctx: Context): string {
    return ctx.services.urls.link(n.path);
  }

  @FieldResolver(() => Procurement, {
    nullable: true,
    description: 'The procurement it concerns, for its buyers (null for a supplier, who sees it as `marketDialogue`).',
  })
  async procurement(@Root() n: Notification, @Ctx() ctx: Context): Promise<Procurement | null> {
    return n.procurementId ? ifVisible(() => ctx.services.procurements.get(actorOf(ctx), n.procurementId!)) : null;
  }

  @FieldResolver(() => MarketDialogue, {
    nullable: true,
    description: 'The market dialogue of the procurement it concerns, where the viewer may see it.',
  })
  async marketDialogue(@Root() n: Notification, @Ctx() ctx: Context): Promise<MarketDialogue | null> {
    return n.procurementId ? ifVisible(() => ctx.services.dialogue.get(actorOf(ctx), n.procurementId!)) : null;
  }

  @FieldResolver(() => Document, { nullable: true })
  async document(@Root() n: Notification, @Ctx() ctx: Context): Promise<Document | null> {
    return n.documentId
      ? ((await ifVisible(() => ctx.services.documents.access(actorOf(ctx), n.documentId!)))?.document ?? null)
      : null;
  }

  @FieldResolver(() => Thread, { nullable: true })
  async thread(@Root() n: Notification, @Ctx() ctx: Context): Promise<Thread | null> {
    return n.threadId
      ? ((await ifVisible(() => ctx.services.discussions.access(actorOf(ctx), n.threadId!)))?.thread ?? null)
      : null;
  }

  @FieldResolver(() => Message, { nullable: true })
  async message(@Root() n: Notification, @Ctx() ctx: Context): Promise<Message | null> {
    if (!n.messageId || !n.threadId) return null;
    const visible = await ifVisible(() => ctx.services.discussions.access(actorOf(ctx), n.threadId!));
    return visible ? ctx.loaders.byId(Message, 'Message').load(n.messageId) : null;
  }
}

export const NotificationReferencesResolver = belongsTo(Notification, [
  { field: 'actor', to: () => User, key: (n) => n.actorUserId, nullable: true, description: 'Who caused it.' },
]);

@Resolver(() => LiveEvent)
export class ViewerEventsResolver {
  @Authorized()
  @Subscription(() => LiveEvent, {
    description:
      "The viewer's own events: notifications created and read, read markers moved (to keep every open tab's counts right).",
    subscribe: ({ args, context }) =>
      (context as Context).services.streams.forUser(actorOf(context as Context), (args as { after?: string }).after),
  })
  viewerEvents(
    @Root() item: StreamItem,
    @Arg('after', () => ID, { nullable: true }) _after: string,
    @Ctx() ctx: Context,
  ): EventRecord {
    if (isStreamEnd(item)) throw item.end;
    ctx.loaders = new Loaders(ctx.services.db);
    return item;
  }
}

@Resolver(() => Document)
export class DocumentFollowResolver {
  @Authorized()
  @Mutation(() => Document, {
    description:
      "The viewer follows the document's new versions (authors and editors follow from their first version on).",
  })
  followDocument(@Arg('documentId', () => ID) documentId: string, @Ctx() ctx: Context): Promise<Document> {
    return ctx.services.notifications.follow(actorOf(ctx), documentId, true);
  }

  @Authorized()
  @Mutation(() => Document, { description: 'The viewer stops following the document (also as its author or editor).' })
  unfollowDocument(@Arg('documentId', () => ID) documentId: string, @Ctx() ctx: Context): Promise<Document> {
    return ctx.services.notifications.follow(actorOf(ctx), documentId, false);
  }

  @FieldResolver(() => Boolean, { description: 'Whether the viewer is told of its new versions.' })
  viewerFollows(@Root() d: Document, @Ctx() ctx: Context): Promise<boolean> {
    return followsLoader(ctx.loaders, actorOf(ctx)).load(d.id);
  }
}

/** Whether the viewer muted what a page shows (muteNotifications): the mute controls of the group, procurement and dialogue pages. */
@Resolver(() => BuyerGroup)
export class GroupMuteResolver {
  @FieldResolver(() => Boolean, {
    description: 'Whether the viewer hears nothing of the group and its procurements (muteNotifications).',
  })
  viewerMuted(@Root() g: BuyerGroup, @Ctx() ctx: Context): Promise<boolean> {
    return mutedLoader(ctx.loaders, actorOf(ctx)).load(g.id);
  }
}

@Resolver(() => Procurement)
export class ProcurementMuteResolver {
  @FieldResolver(() => Boolean, {
    description:
      "Whether the viewer muted this procurement itself (muteNotifications). A muted group silences its procurements too: see the group's `viewerMuted`.",
  })
  viewerMuted(@Root() p: Procurement, @Ctx() ctx: Context): Promise<boolean> {
    return mutedLoader(ctx.loaders, actorOf(ctx)).load(p.id);
  }
}

@Resolver(() => MarketDialogue)
export class DialogueMuteResolver {
  @FieldResolver(() => Boolean, {
    description:
      "Whether the viewer hears nothing of this market dialogue (muteNotifications with the procurement's id).",
  })
  viewerMuted(@Root() d: MarketDialogue, @Ctx() ctx: Context): Promise<boolean> {
    return mutedLoader(ctx.loaders, actorOf(ctx)).load(d.procurement.id);
  }
}
