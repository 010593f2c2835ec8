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
import { belongsTo } from '../../common/belongs-to.js';
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
import { discussionLoaders, type MessagePage, type ReactionSummary } from './discussion.loaders.js';
import { Message, MessageRevision } from './message.entity.js';
import { Thread, ThreadParent } from './thread.entity.js';

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
    return discussionLoaders(ctx.loaders).messages(thread, args);
  }

  @FieldResolver(() => Int, { description: "Messages by others after the viewer's read marker." })
  unreadCount(@Root() thread: Thread, @Ctx() ctx: Context): Promise<number> {
    return discussionLoaders(ctx.loaders).unreadCount(actorOf(ctx), 'thread', thread.id);
  }

  @FieldResolver(() => Int)
  viewerLastReadSeq(@Root() thread: Thread, @Ctx() ctx: Context): Promise<number> {
    return discussionLoaders(ctx.loaders).lastReadSeq(actorOf(ctx), thread.id);
  }
}

export const ThreadReferencesResolver = belongsTo(Thread, [
  { field: 'group', to: () => BuyerGroup, key: (t) => t.groupId },
  {
    field: 'need',
    to: () => SharedNeed,
    key: (t) => (t.parentType === ThreadParent.NEED ? t.parentId : null),
    nullable: true,
    description: 'The need this thread is attached to, if any.',
  },
]);

@Resolver(() => Message)
export class MessageResolver {
  @FieldResolver(() => String, { nullable: true, description: 'Markdown source; null once deleted.' })
  body(@Root() m: Message): string | null {
    return m.deletedAt ? null : m.body;
  }

  @FieldResolver(() => [User])
  async mentions(@Root() m: Message, @Ctx() ctx: Context): Promise<User[]> {
    if (m.deletedAt) return [];
    const users = await ctx.loaders.byId(User, 'User').loadMany(m.mentionUserIds);
    return users.filter((u): u is User => u instanceof User);
  }

  @FieldResolver(() => [ReactionCount])
  reactions(@Root() m: Message, @Ctx() ctx: Context): Promise<ReactionSummary[]> {
    return discussionLoaders(ctx.loaders).reactions(actorOf(ctx), m.id);
  }

  @FieldResolver(() => [MessageRevision], {
    description: 'Earlier texts, oldest first. Empty for deleted messages: deleting withdraws the text.',
  })
  async revisions(@Root() m: Message, @Ctx() ctx: Context): Promise<MessageRevision[]> {
    return m.deletedAt ? [] : discussionLoaders(ctx.loaders).revisions(m.id);
  }
}

export const MessageReferencesResolver = belongsTo(Message, [
  { field: 'author', to: () => User, key: (m) => m.authorUserId },
  { field: 'authorOrganisation', to: () => Organisation, key: (m) => m.authorOrganisationId },
  { field: 'thread', to: () => Thread, key: (m) => m.threadId },
  { field: 'replyTo', to: () => Message, key: (m) => m.replyToId, nullable: true },
]);

@Resolver(() => BuyerGroup)
export class GroupThreadsResolver {
  @FieldResolver(() => Thread, { description: "The group's general thread (active members)." })
  async generalThread(@Root() group: BuyerGroup, @Ctx() ctx: Context): Promise<Thread> {
    await ctx.services.discussions.assertReader(actorOf(ctx), group);
    return discussionLoaders(ctx.loaders).generalThread(group.id);
  }

  @FieldResolver(() => ThreadConnection, {
    description: "The group's threads (its needs' included), most recently active first.",
  })
  async threads(@Root() group: BuyerGroup, @Args(() => ThreadsArgs) args: ThreadsArgs, @Ctx() ctx: Context) {
    await ctx.services.discussions.assertReader(actorOf(ctx), group);
    return discussionLoaders(ctx.loaders).threads({ groupId: group.id }, args);
  }

  @FieldResolver(() => Int, { description: 'Unread messages across all threads of the group.' })
  async unreadCount(@Root() group: BuyerGroup, @Ctx() ctx: Context): Promise<number> {
    await ctx.services.discussions.assertReader(actorOf(ctx), group);
    return discussionLoaders(ctx.loaders).unreadCount(actorOf(ctx), 'group', group.id);
  }
}

@Resolver(() => SharedNeed)
export class NeedThreadsResolver {
  @FieldResolver(() => ThreadConnection, { description: 'Threads attached to this need.' })
  threads(@Root() need: SharedNeed, @Args(() => ThreadsArgs) args: ThreadsArgs, @Ctx() ctx: Context) {
    return discussionLoaders(ctx.loaders).threads({ needId: need.id }, args);
  }
}
