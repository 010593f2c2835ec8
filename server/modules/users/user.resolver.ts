import {
  Arg,
  Args,
  Authorized,
  Ctx,
  FieldResolver,
  Mutation,
  ObjectType,
  Field,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { ConnectionType } from '../../common/pagination.js';
import type { Context } from '../../context.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { User } from './user.entity.js';
import { RegisterInput, SignInInput, UpdateProfileInput, UsersArgs } from './user.inputs.js';

@ObjectType({ description: 'A new session. The token is also set as an HttpOnly cookie.' })
export class AuthPayload {
  @Field(() => String, {
    description: 'Send as `Authorization: Bearer <token>` (HTTP) or in `connection_init` (WebSocket).',
  })
  token!: string;

  @Field(() => Date)
  expiresAt!: Date;

  @Field(() => User)
  user!: User;
}

export const UserConnection = ConnectionType('User', User);

@Resolver(() => User)
export class UserResolver {
  @Query(() => User, { nullable: true, description: 'The signed-in user, or null.' })
  viewer(@Ctx() ctx: Context): User | null {
    return ctx.viewer?.user ?? null;
  }

  @Authorized()
  @Query(() => UserConnection, { description: "Users of an organisation (the viewer's own unless admin)." })
  users(@Args(() => UsersArgs) args: UsersArgs, @Ctx() ctx: Context) {
    return ctx.services.users.list(ctx, args);
  }

  @Mutation(() => AuthPayload, { description: 'Create an account in an existing organisation and sign in.' })
  register(@Arg('input', () => RegisterInput) input: RegisterInput, @Ctx() ctx: Context) {
    return ctx.services.users.register(ctx, input);
  }

  @Mutation(() => AuthPayload)
  signIn(@Arg('input', () => SignInInput) input: SignInInput, @Ctx() ctx: Context) {
    return ctx.services.users.signIn(ctx, input);
  }

  @Mutation(() => Boolean, { description: 'Ends the current session (token and cookie).' })
  signOut(@Ctx() ctx: Context): Promise<boolean> {
    return ctx.services.users.signOut(ctx);
  }

  @Authorized()
  @Mutation(() => User)
  updateProfile(@Arg('input', () => UpdateProfileInput) input: UpdateProfileInput, @Ctx() ctx: Context) {
    return ctx.services.users.updateProfile(ctx, input);
  }

  @FieldResolver(() => Organisation)
  async organisation(@Root() user: User, @Ctx() ctx: Context): Promise<Organisation> {
    return (await ctx.loaders.organisation.load(user.organisationId))!;
  }
}
