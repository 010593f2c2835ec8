import {
  Arg,
  Args,
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
} from 'type-graphql';
import { ConnectionType } from '../../common/pagination.js';
import { actorOf, type Context } from '../../context.js';
import { BuyerGroup } from '../groups/group.entity.js';
import { SharedNeed } from '../needs/need.entity.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { User } from '../users/user.entity.js';
import {
  CreateThreadInput,
  EditMessageInput,
  MessagesArgs,
  PostMessageInput,
  SetReactionInput,
  ThreadsArgs,
} from './discussion.inputs.js';
import type { MessagePage, ReactionSummary } from './discussion.service.js';
import { Message, MessageRevision } from './message.entity.js';
import { Thread } from './thread.entity.js';

@ObjectType()
export class MessagePageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => Boolean)
  hasPreviousPage!: boolean;

  @Field(() => Int, {
    nullable: true,
    description: 'Sequence number of the first message: pass as `before` for older ones.',
  })
  startCursor!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Sequence number of the last message: pass as `after` for newer ones.',
  })
  endCursor!: number | null;
}

@ObjectType({ description: 'Messages in thread order (oldest first).' })
export class MessageConnection implements MessagePage {
  @Field(() => [Message])
  nodes!: Message[];

  @Field(() => MessagePageInfo)
  pageInfo!: MessagePageInfo;
}

@ObjectType()
export class ReactionCount implements ReactionSummary {
  @Field(() => String)
  emoji!: string;

  @Field(() => Int)
  count!: number;

  @Field(() => Boolean)
  viewerReacted!: boolean;
}

export const ThreadConnection = ConnectionType('Thread', Thread);

@Resolver(() => Thread)
export class ThreadResolver {
  @Authorized()
  @Query(() => Thread, { description: 'A thread the viewer can read (its parent is readable); NOT_FOUND otherwise.' })
  async thread(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Thread> {
    return (await ctx.services.discussions.access(actorOf(ctx), id)).thread;
  }

  @Authorized()
  @Mutation(() => Thread, { description: 'Starts a topic thread in a group, or on one of its shared needs.' })
  createThread(@Arg('input', () => CreateThreadInput) input: CreateThreadInput, @Ctx() ctx: Context) {
    return ctx.services.discussions.createThread(actorOf(ctx), input);
  }

  @Authorized()
  @Mutation(() => Message, {
    description: 'Posts a message. Retrying with the same idempotencyKey returns the same message, never a second one.',
  })
  postMessage(@Arg('input', () => PostMessageInput) input: PostMessageInput, @Ctx() ctx: Context) {
    return ctx.services.discussions.postMessage(actorOf(ctx), input);
  }

  @Authorized()
  @Mutation(() => Message, { description: 'The author changes the text; the earlier text is kept in `revisions`.' })
  editMessage(@Arg('input', () => EditMessageInput) input: EditMessageInput, @Ctx() ctx: Context) {
    return ctx.services.discussions.editMessage(actorOf(ctx), input);
  }

  @Authorized()
  @Mutation(() => Message, { description: 'Leaves a tombstone in place (author or coordinator).' })
  deleteMessage(@Arg('messageId', () => ID) messageId: string, @Ctx() ctx: Context) {
    return ctx.services.discussions.deleteMessage(actorOf(ctx), messageId);
  }

  @Authorized()
  @Mutation(() => Message, { description: "Adds or removes one of the viewer's emoji on a message." })
  setReaction(@Arg('input', () => SetReactionInput) input: SetReactionInput, @Ctx() ctx: Context) {
    return ctx.services.discussions.setReaction(actorOf(ctx), input);
  }

  @Authorized()
  @Mutation(() => Thread, { description: "Moves the viewer's read marker forward (to the latest message by default)." })
  markThreadRead(
    @Arg('threadId', () => ID) threadId: string,
    @Arg('seq', () => Int, { nullable: true }) seq: number | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.discussions.markRead(actorOf(ctx), threadId, seq);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Tells the thread the viewer is (or stopped) typing. Not stored.' })
  setTyping(
    @Arg('threadId', () => ID) threadId: string,
    @Arg('typing', () => Boolean) typing: boolean,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    return ctx.services.discussions.setTyping(actorOf(ctx), threadId, typing);
  }

  @FieldResolver(() => MessageConnection, {
    description:
      'By sequence number, both ways from any point: first/after (older to newer) or last/before. Default: the newest 50.',
  })
  messages(@Root() thread: Thread, @Args(() => MessagesArgs) args: MessagesArgs, @Ctx() ctx: Context) {
    return ctx.services.discussions.messages(thread, args);
  }

  @FieldResolver(() => Int, { description: "Messages by others after the viewer's read marker." })
  unreadCount(@Root() thread: Thread, @Ctx() ctx: Context): Promise<number> {
    return ctx.services.discussions.unreadCount(actorOf(ctx), ctx.loaders, 'thread', thread.id);
  }

  @FieldResolver(() => Int)
  viewerLastReadSeq(@Root() thread: Thread, @Ctx() ctx: Context): Promise<number> {
    return ctx.services.discussions.lastReadSeq(actorOf(ctx), ctx.loaders, thread.id);
  }

  @FieldResolver(() => BuyerGroup)
  async group(@Root() thread: Thread, @Ctx() ctx: Context): Promise<BuyerGroup> {
    return (await ctx.loaders.byId(BuyerGroup, 'BuyerGroup').load(thread.groupId))!;
  }

  @FieldResolver(() => SharedNeed, { nullable: true, description: 'The need this thread is attached to, if any.' })
  need(@Root() thread: Thread, @Ctx() ctx: Context): Promise<SharedNeed | null> | null {
    return thread.parentType === 'NEED' ? ctx.loaders.byId(SharedNeed, 'SharedNeed').load(thread.parentId) : null;
  }
}

@Resolver(() => Message)
export class MessageResolver {
  @FieldResolver(() => String, { nullable: true, description: 'Markdown source; null once deleted.' })
  body(@Root() m: Message): string | null {
    return m.deletedAt ? null : m.body;
  }

  @FieldResolver(() => User)
  async author(@Root() m: Message, @Ctx() ctx: Context): Promise<User> {
    return (await ctx.loaders.byId(User, 'User').load(m.authorUserId))!;
  }

  @FieldResolver(() => Organisation)
  async authorOrganisation(@Root() m: Message, @Ctx() ctx: Context): Promise<Organisation> {
    return (await ctx.loaders.organisation.load(m.authorOrganisationId))!;
  }

  @FieldResolver(() => Thread)
  async thread(@Root() m: Message, @Ctx() ctx: Context): Promise<Thread> {
    return (await ctx.loaders.byId(Thread, 'Thread').load(m.threadId))!;
  }

  @FieldResolver(() => Message, { nullable: true })
  replyTo(@Root() m: Message, @Ctx() ctx: Context): Promise<Message | null> | null {
    return m.replyToId ? ctx.loaders.byId(Message, 'Message').load(m.replyToId) : null;
  }

  @FieldResolver(() => [User])
  async mentions(@Root() m: Message, @Ctx() ctx: Context): Promise<User[]> {
    if (m.deletedAt) return [];
    const users = await ctx.loaders.byId(User, 'User').loadMany(m.mentionUserIds);
    return users.filter((u): u is User => u instanceof User);
  }

  @FieldResolver(() => [ReactionCount])
  reactions(@Root() m: Message, @Ctx() ctx: Context): Promise<ReactionSummary[]> {
    return ctx.services.discussions.reactions(actorOf(ctx), ctx.loaders, m.id);
  }

  @FieldResolver(() => [MessageRevision], {
    description: 'Earlier texts, oldest first. Empty for deleted messages: deleting withdraws the text.',
  })
  async revisions(@Root() m: Message, @Ctx() ctx: Context): Promise<MessageRevision[]> {
    return m.deletedAt ? [] : ctx.services.discussions.revisions(ctx.loaders, m.id);
  }
}

@Resolver(() => BuyerGroup)
export class GroupThreadsResolver {
  @FieldResolver(() => Thread, { description: "The group's general thread (active members)." })
  async generalThread(@Root() group: BuyerGroup, @Ctx() ctx: Context): Promise<Thread> {
    await ctx.services.discussions.assertMember(actorOf(ctx), group.id);
    return ctx.services.discussions.generalThread(ctx.loaders, group.id);
  }

  @FieldResolver(() => ThreadConnection, {
    description: "The group's threads (its needs' included), most recently active first.",
  })
  async threads(@Root() group: BuyerGroup, @Args(() => ThreadsArgs) args: ThreadsArgs, @Ctx() ctx: Context) {
    await ctx.services.discussions.assertMember(actorOf(ctx), group.id);
    return ctx.services.discussions.threads(ctx.loaders, { groupId: group.id }, args);
  }

  @FieldResolver(() => Int, { description: 'Unread messages across all threads of the group.' })
  async unreadCount(@Root() group: BuyerGroup, @Ctx() ctx: Context): Promise<number> {
    await ctx.services.discussions.assertMember(actorOf(ctx), group.id);
    return ctx.services.discussions.unreadCount(actorOf(ctx), ctx.loaders, 'group', group.id);
  }
}

@Resolver(() => SharedNeed)
export class NeedThreadsResolver {
  @FieldResolver(() => ThreadConnection, { description: 'Threads attached to this need.' })
  threads(@Root() need: SharedNeed, @Args(() => ThreadsArgs) args: ThreadsArgs, @Ctx() ctx: Context) {
    return ctx.services.discussions.threads(ctx.loaders, { needId: need.id }, args);
  }
}
