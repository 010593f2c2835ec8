import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { actorOf, type Context } from '../../context.js';
import { DeleteAccountInput } from './privacy.types.js';

/** The person's own data: the download is GET /me/data.zip (privacy.http.ts); deleting is here. */
@Resolver()
export class PrivacyResolver {
  @Authorized()
  @Mutation(() => Boolean, {
    description:
      "Deletes the signed-in person's account: every session ends; what they did for their authority (messages, document versions, votes, mandates, questions ...) stays as a record under their role and organisation instead of their name; the rest (sign-in, identities, inbox, preferences, reactions, calendar feed) is removed. Take out your data first (GET /me/data.zip). Refused while you are your organisation's only administrator.",
  })
  deleteAccount(
    @Arg('input', () => DeleteAccountInput) input: DeleteAccountInput,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    return ctx.services.privacy.deleteAccount(actorOf(ctx), input);
  }
}
