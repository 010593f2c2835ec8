import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { belongsTo } from '../../common/belongs-to.js';
import { actorOf, type Context } from '../../context.js';
import { Message } from '../discussions/message.entity.js';
import { User } from '../users/user.entity.js';
import { BuyerGroup } from './group.entity.js';
import { groupLoaders } from './group.loaders.js';
import { GroupGuest } from './guest.entity.js';
import { InviteGuestInput } from './guest.inputs.js';

export const GroupGuestReferencesResolver = belongsTo(GroupGuest, [
  { field: 'user', to: () => User, key: (g) => g.userId },
  { field: 'invitedBy', to: () => User, key: (g) => g.invitedByUserId, nullable: true },
]);

@Resolver(() => GroupGuest)
export class GroupGuestResolver {
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
    return ctx.services.guests.invite(actorOf(ctx), input);
  }

  @Authorized()
  @Mutation(() => GroupGuest, { description: "Coordinators move a guest's end date." })
  setGuestEndDate(@Arg('id', () => ID) id: string, @Arg('endsAt', () => Date) endsAt: Date, @Ctx() ctx: Context) {
    return ctx.services.guests.setEnd(actorOf(ctx), id, endsAt);
  }

  @Authorized()
  @Mutation(() => GroupGuest, { description: "Coordinators end a guest's access now; the guest's streams end." })
  revokeGuest(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.services.guests.revoke(actorOf(ctx), id);
  }
}

@Resolver(() => BuyerGroup)
export class GroupGuestsResolver {
  @FieldResolver(() => [GroupGuest], {
    description:
      "The group's guests, newest first, with ended and revoked ones (active members only; empty for others).",
  })
  guests(@Root() group: BuyerGroup, @Ctx() ctx: Context): Promise<GroupGuest[]> {
    return ctx.services.guests.list(actorOf(ctx), group);
  }
}

@Resolver(() => Message)
export class MessageGuestResolver {
  @FieldResolver(() => Boolean, {
    description: 'The author wrote as a guest of the group (a person, for no organisation).',
  })
  authorGuest(@Root() m: Message, @Ctx() ctx: Context): Promise<boolean> {
    return groupLoaders(ctx.loaders).authorGuest(m.threadId, m.authorUserId);
  }
}
