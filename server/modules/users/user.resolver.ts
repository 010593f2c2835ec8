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
import { SESSION_COOKIE, setSessionCookie } from '../../auth/session.service.js';
import { belongsTo } from '../../common/belongs-to.js';
import { ConnectionType } from '../../common/pagination.js';
import { TIME_ZONES } from '../../common/time-zones.js';
import { actorOf, type Context } from '../../context.js';
import { Organisation } from '../organisations/organisation.entity.js';
import type { AuthResult, ClientInfo } from './account.service.js';
import { OrganisationRole, User, UserStatus } from './user.entity.js';
import {
  ChangePasswordInput,
  EmailInput,
  NewPasswordInput,
  RegisterInput,
  SignInInput,
  TokenPasswordInput,
  UpdateProfileInput,
  UsersArgs,
} from './user.inputs.js';

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

@ObjectType({
  description:
    'The answer to register, a new verification link and a password reset: the same whether or not the address has an account.',
})
export class CheckEmailPayload {
  @Field(() => String)
  message!: string;
}

@ObjectType({ description: 'What a link from a mail led to. `session` is set when the account is ACTIVE.' })
export class AccountOutcomePayload {
  @Field(() => UserStatus)
  status!: UserStatus;

  @Field(() => String)
  email!: string;

  @Field(() => String, { description: 'The organisation the account belongs to (whose admins approve it).' })
  organisationName!: string;

  @Field(() => AuthPayload, { nullable: true })
  session!: AuthPayload | null;
}

@ObjectType({ description: 'A signed-in session of the viewer.' })
export class SessionView {
  @Field(() => ID)
  id!: string;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  expiresAt!: Date;

  @Field(() => String, { nullable: true, description: 'Client address at sign-in.' })
  ip!: string | null;

  @Field(() => String, { nullable: true })
  userAgent!: string | null;

  @Field(() => String, { description: "'password', or 'oidc:<provider>'." })
  method!: string;

  @Field(() => Boolean, { description: 'The session of this request.' })
  current!: boolean;
}

@ObjectType({ description: 'A single sign-on provider the operator configured (a "Sign in with ..." button).' })
export class SignInProvider {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, {
    description: 'Where the button leads (a plain link: the browser leaves for the provider and comes back).',
  })
  startUrl!: string;
}

@ObjectType({ description: "A provider identity linked to the viewer's account." })
export class LinkedIdentity {
  @Field(() => ID)
  provider!: string;

  @Field(() => String, { nullable: true })
  email!: string | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  lastSignInAt!: Date | null;
}

export const UserConnection = ConnectionType('User', User);

export const clientOf = (ctx: Context): ClientInfo => ({
  ip: ctx.ip,
  userAgent: (ctx.http?.req.headers['user-agent'] as string | undefined) ?? null,
});

/** Sets the HttpOnly session cookie on HTTP requests (a WebSocket operation cannot). */
export function withCookie(ctx: Context, auth: AuthResult): AuthResult {
  if (ctx.http) setSessionCookie(ctx.http.res, auth, ctx.services.config.cookieSecure);
  return auth;
}

@Resolver(() => User)
export class UserResolver {
  @Query(() => User, { nullable: true, description: 'The signed-in user, or null.' })
  viewer(@Ctx() ctx: Context): User | null {
    return ctx.viewer?.user ?? null;
  }

  @Authorized()
  @Query(() => UserConnection, { description: "Users of an organisation (the viewer's own unless admin)." })
  users(@Args(() => UsersArgs) args: UsersArgs, @Ctx() ctx: Context) {
    return ctx.services.users.list(actorOf(ctx), args);
  }

  @Mutation(() => CheckEmailPayload, {
    description:
      'Registers a pending account and mails a link to confirm the address. The account can do nothing until the address is confirmed (and, where the organisation asks for it, an admin approves it).',
  })
  async register(@Arg('input', () => RegisterInput) input: RegisterInput, @Ctx() ctx: Context) {
    return { message: await ctx.services.accounts.register(input, clientOf(ctx)) };
  }

  @Mutation(() => CheckEmailPayload, { description: 'A new confirmation link for a pending account.' })
  async resendVerificationEmail(@Arg('input', () => EmailInput) input: EmailInput, @Ctx() ctx: Context) {
    return { message: await ctx.services.accounts.resendVerification(input.email, clientOf(ctx)) };
  }

  @Mutation(() => CheckEmailPayload, { description: 'Mails a link to choose a new password.' })
  async requestPasswordReset(@Arg('input', () => EmailInput) input: EmailInput, @Ctx() ctx: Context) {
    return { message: await ctx.services.accounts.requestPasswordReset(input.email, clientOf(ctx)) };
  }

  @Mutation(() => AccountOutcomePayload, {
    description: 'Confirms the address with the token from the mail and the password chosen when registering.',
  })
  async verifyEmail(@Arg('input', () => TokenPasswordInput) input: TokenPasswordInput, @Ctx() ctx: Context) {
    const outcome = await ctx.services.accounts.verifyEmail(input.token, input.password, clientOf(ctx));
    if (outcome.session) withCookie(ctx, outcome.session);
    return outcome;
  }

  @Mutation(() => AccountOutcomePayload, {
    description: 'Sets a new password with the token from a reset (or first-password) mail; every session ends.',
  })
  async resetPassword(@Arg('input', () => NewPasswordInput) input: NewPasswordInput, @Ctx() ctx: Context) {
    const outcome = await ctx.services.accounts.resetPassword(input.token, input.password, clientOf(ctx));
    if (outcome.session) withCookie(ctx, outcome.session);
    return outcome;
  }

  @Mutation(() => AuthPayload)
  async signIn(@Arg('input', () => SignInInput) input: SignInInput, @Ctx() ctx: Context) {
    return withCookie(ctx, await ctx.services.accounts.signIn(input, clientOf(ctx)));
  }

  @Mutation(() => Boolean, { description: 'Ends the current session (token and cookie) and closes its streams.' })
  async signOut(@Ctx() ctx: Context): Promise<boolean> {
    if (ctx.viewer?.sessionId) await ctx.services.sessions.revoke(ctx.viewer.sessionId, ctx.viewer.user.id);
    ctx.http?.res.clearCookie(SESSION_COOKIE, { path: '/' });
    return true;
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Changes the password; every other session ends.' })
  changePassword(@Arg('input', () => ChangePasswordInput) input: ChangePasswordInput, @Ctx() ctx: Context) {
    return ctx.services.accounts.changePassword(actorOf(ctx), input.currentPassword, input.newPassword, clientOf(ctx));
  }

  @Query(() => [SignInProvider], { description: 'The single sign-on providers, for the sign-in page.' })
  signInProviders(@Ctx() ctx: Context): SignInProvider[] {
    return ctx.services.sso.list().map((p) => ({ ...p, startUrl: `/auth/oidc/${p.id}/start` }));
  }

  @Authorized()
  @Query(() => [LinkedIdentity], { description: "Single sign-on identities linked to the viewer's account." })
  async viewerIdentities(@Ctx() ctx: Context): Promise<LinkedIdentity[]> {
    const rows = await ctx.services.sso.identities(actorOf(ctx).user.id);
    return rows.map((r) => ({
      provider: r.provider,
      email: r.email,
      createdAt: r.createdAt,
      lastSignInAt: r.lastSignInAt,
    }));
  }

  @Authorized()
  @Mutation(() => Boolean, {
    description: 'Unlinks a provider from the viewer. Refused when it is the only way left to sign in (no password).',
  })
  unlinkIdentity(@Arg('provider', () => ID) provider: string, @Ctx() ctx: Context): Promise<boolean> {
    return ctx.services.sso.unlink(actorOf(ctx), provider);
  }

  @Authorized()
  @Query(() => [SessionView], { description: "The viewer's signed-in sessions, newest first." })
  async viewerSessions(@Ctx() ctx: Context): Promise<SessionView[]> {
    const viewer = actorOf(ctx);
    const rows = await ctx.services.sessions.list(viewer.user.id);
    return rows.map((s) => ({
      id: s.id,
      createdAt: s.createdAt,
      expiresAt: s.expiresAt,
      ip: s.ip,
      userAgent: s.userAgent,
      method: s.method,
      current: s.id === viewer.sessionId,
    }));
  }

  @Authorized()
  @Mutation(() => Boolean, { description: "Ends one of the viewer's sessions; false when it had ended already." })
  revokeSession(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<boolean> {
    return ctx.services.sessions.revoke(id, actorOf(ctx).user.id);
  }

  @Authorized()
  @Mutation(() => Int, { description: 'Signs out every other session of the viewer; returns how many ended.' })
  signOutOtherSessions(@Ctx() ctx: Context): Promise<number> {
    return ctx.services.accounts.signOutElsewhere(actorOf(ctx));
  }

  @Authorized()
  @Query(() => [String], {
    description: 'The IANA time zones a user may choose (`updateProfile(input: { timeZone })`), sorted.',
  })
  timeZones(): readonly string[] {
    return TIME_ZONES;
  }

  @Authorized()
  @Mutation(() => User)
  updateProfile(@Arg('input', () => UpdateProfileInput) input: UpdateProfileInput, @Ctx() ctx: Context) {
    return ctx.services.users.updateProfile(actorOf(ctx), input);
  }

  @Authorized()
  @Mutation(() => User, { description: 'An organisation admin lets a confirmed person act for the organisation.' })
  approveUser(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.services.users.approve(actorOf(ctx), id);
  }

  @Authorized()
  @Mutation(() => Boolean, {
    description: 'An organisation admin declines a pending registration (the account is removed).',
  })
  declineUser(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.services.users.decline(actorOf(ctx), id);
  }

  @Authorized()
  @Mutation(() => User, { description: 'Stops an account: its sessions end everywhere at once.' })
  suspendUser(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.services.users.suspend(actorOf(ctx), id);
  }

  @Authorized()
  @Mutation(() => User)
  reinstateUser(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.services.users.reinstate(actorOf(ctx), id);
  }

  @Authorized()
  @Mutation(() => User, { description: 'An organisation always keeps at least one active admin.' })
  setUserRole(
    @Arg('id', () => ID) id: string,
    @Arg('role', () => OrganisationRole) role: OrganisationRole,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.users.setRole(actorOf(ctx), id, role);
  }

  @FieldResolver(() => Boolean, {
    nullable: true,
    description:
      "Whether the account has a password (or signs in by single sign-on only). The viewer's own only; null for others.",
  })
  hasPassword(@Root() user: User, @Ctx() ctx: Context): boolean | null {
    return ctx.viewer?.user.id === user.id ? user.passwordHash !== null : null;
  }
}

export const UserReferencesResolver = belongsTo(User, [
  { field: 'organisation', to: () => Organisation, key: (u) => u.organisationId },
]);
