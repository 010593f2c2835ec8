import DataLoader from 'dataloader';
import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { requireViewer } from '../../auth/auth-checker.js';
import { actorOf, type Context } from '../../context.js';
import { Message } from '../discussions/message.entity.js';
import { User } from '../users/user.entity.js';
import { BuyerGroup } from './group.entity.js';
import { GroupGuest } from './guest.entity.js';
import { InviteGuestInput } from './guest.inputs.js';

@Resolver(() => GroupGuest)
export class GroupGuestResolver {
  @FieldResolver(() => User)
  async user(@Root() g: GroupGuest, @Ctx() ctx: Context): Promise<User> {
    return (await ctx.loaders.byId(User, 'User').load(g.userId))!;
  }

  @FieldResolver(() => User, { nullable: true })
  invitedBy(@Root() g: GroupGuest, @Ctx() ctx: Context): Promise<User | null> | null {
    return g.invitedByUserId ? ctx.loaders.byId(User, 'User').load(g.invitedByUserId) : null;
  }

  @FieldResolver(() => Boolean, { description: 'Not revoked and not yet ended.' })
  active(@Root() g: GroupGuest): boolean {
    return !g.revokedAt && g.endsAt.getTime() > Date.now();
  }

  @Authorized()
  @Mutation(() => GroupGuest, {
    description:
      'Coordinators invite a person as a guest of the group until an end date: they read and write there only and act for no organisation.',
  })
  inviteGuest(@Arg('input', () => InviteGuestInput) input: InviteGuestInput, @Ctx() ctx: Context) {
    return ctx.services.guests.invite(requireViewer(ctx), input);
  }

  @Authorized()
  @Mutation(() => GroupGuest, { description: "Coordinators move a guest's end date." })
  setGuestEndDate(@Arg('id', () => ID) id: string, @Arg('endsAt', () => Date) endsAt: Date, @Ctx() ctx: Context) {
    return ctx.services.guests.setEnd(requireViewer(ctx), id, endsAt);
  }

  @Authorized()
  @Mutation(() => GroupGuest, { description: "Coordinators end a guest's access now; the guest's streams end." })
  revokeGuest(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.services.guests.revoke(requireViewer(ctx), id);
  }
}

@Resolver(() => BuyerGroup)
export class GroupGuestsResolver {
  @FieldResolver(() => [GroupGuest], {
    description:
      "The group's guests, newest first, with ended and revoked ones (active members only; empty for others).",
  })
  guests(@Root() group: BuyerGroup, @Ctx() ctx: Context): Promise<GroupGuest[]> {
    return ctx.services.guests.list(actorOf(ctx), group.id);
  }
}

@Resolver(() => Message)
export class MessageGuestResolver {
  @FieldResolver(() => Boolean, {
    description: 'The author wrote as a guest of the group (a person, for no organisation).',
  })
  authorGuest(@Root() m: Message, @Ctx() ctx: Context): Promise<boolean> {
    return ctx.loaders
      .get(
        'messageAuthorGuest',
        () =>
          new DataLoader<string, boolean>(async (keys) => {
            const pairs = keys.map((k) => k.split('|'));
            // A guest of the thread's group whose organisation is no active member there.
            const rows = (await ctx.services.db.query(
              `SELECT DISTINCT t.id AS thread_id, g.user_id FROM thread t
                 JOIN group_guest g ON g.group_id = t.group_id
                 JOIN user_account u ON u.id = g.user_id
                WHERE t.id = ANY($1::uuid[]) AND g.user_id = ANY($2::uuid[])
                  AND NOT EXISTS (SELECT 1 FROM membership ms WHERE ms.group_id = t.group_id
                                   AND ms.organisation_id = u.organisation_id AND ms.status = 'ACTIVE')`,
              [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
            )) as { thread_id: string; user_id: string }[];
            const found = new Set(rows.map((r) => `${r.thread_id}|${r.user_id}`));
            return keys.map((k) => found.has(k));
          }),
      )
      .load(`${m.threadId}|${m.authorUserId}`);
  }
}
