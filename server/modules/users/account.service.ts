import { createHash, randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { hashPassword, verifyAgainstDummy, verifyPassword } from '../../auth/password.js';
import type { SessionService } from '../../auth/session.service.js';
import type { AccountMailThrottle, SignInThrottle } from '../../auth/throttle.js';
import { TokenPurpose, UserToken } from '../../auth/token.entity.js';
import type { PublicUrl } from '../../common/public-url.js';
import { clean } from '../../common/validation.js';
import type { Actor } from '../../auth/actor.js';
import type { EventWriter, RecordEvent } from '../../events/event-log.js';
import { AppError, ErrorCode, UnauthenticatedError, UserInputError } from '../../errors.js';
import type { MailOutbox } from '../../mail/outbox.js';
import { Country, Organisation } from '../organisations/organisation.entity.js';
import { domainAllowed, domainOf, organisationsAdmitting } from '../organisations/organisation.domains.js';
import { DEFAULT_TIME_ZONE, Locale, OrganisationRole, User, UserStatus } from './user.entity.js';
import type { RegisterInput, SignInInput } from './user.inputs.js';

export interface AuthResult {
  token: string;
  expiresAt: Date;
  user: User;
}

/** Where a request came from: throttles and the session list use it. */
export interface ClientInfo {
  ip: string;
  userAgent: string | null;
}

/** What a link or sign-in led to: a session only when the account is ACTIVE. */
export interface AccountOutcome {
  status: UserStatus;
  email: string;
  organisationName: string;
  session: AuthResult | null;
}

const HOUR = 3600_000;
const LIFETIME: Record<TokenPurpose, number> = {
  [TokenPurpose.VERIFY_EMAIL]: 24 * HOUR,
  [TokenPurpose.RESET_PASSWORD]: HOUR,
  [TokenPurpose.SET_PASSWORD]: 7 * 24 * HOUR,
};

/** The one answer to register, resend and reset, whether or not the address has an account. */
export const CHECK_EMAIL = 'If the address can be used on Samverka, we have sent a message to it. Check your e-mail.';

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export const defaultLocale = (org: Organisation): Locale =>
  org.country === Country.NO ? Locale.nb : org.country === Country.SE ? Locale.sv : Locale.en;

/** The zone of each country's capital: each country here has one time zone (mainland; Svalbard and Åland agree). */
const COUNTRY_TIME_ZONES: Record<Country, string> = {
  [Country.NO]: 'Europe/Oslo',
  [Country.SE]: 'Europe/Stockholm',
  [Country.DK]: 'Europe/Copenhagen',
  [Country.FI]: 'Europe/Helsinki',
};

/** A new user's time zone: their organisation's country's (they change it in their profile). */
export const defaultTimeZone = (org: Organisation): string => COUNTRY_TIME_ZONES[org.country] ?? DEFAULT_TIME_ZONE;

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

const notActive: Record<Exclude<UserStatus, UserStatus.ACTIVE>, [string, string]> = {
  [UserStatus.PENDING_VERIFICATION]: [
    'EMAIL_NOT_VERIFIED',
    'Confirm your e-mail address first: open the link we sent you, or ask for a new one.',
  ],
  [UserStatus.PENDING_APPROVAL]: [
    'AWAITING_APPROVAL',
    'Your address is confirmed. An administrator of your organisation must approve your account before you can sign in.',
  ],
  [UserStatus.SUSPENDED]: ['SUSPENDED', 'This account is suspended. Contact an administrator of your organisation.'],
  // Its address was replaced when it was deleted, so sign-in cannot find it; kept for completeness.
  [UserStatus.DELETED]: ['DELETED', 'This account was deleted.'],
};

/**
 * Accounts from the outside in: registration that proves control of the address, links from mails
 * (verification, password reset, an admin's first password), sign-in, password changes and
 * sessions. An account is worth what its address is worth: until the address is verified it can do
 * nothing, and where the organisation asks for it, an admin of the organisation approves it.
 */
export class AccountService {
  constructor(
    private readonly db: DataSource,
    private readonly sessions: SessionService,
    private readonly signInThrottle: SignInThrottle,
    private readonly mailThrottle: AccountMailThrottle,
    private readonly outbox: MailOutbox,
    private readonly urls: PublicUrl,
    private readonly events: EventWriter,
  ) {}

  /**
   * Registers a pending account and mails a verification link. The answer is the same whether the
   * address has an account or not; the owner of an existing account gets a mail that says so.
   */
  async register(input: RegisterInput, client: ClientInfo): Promise<string> {
    const email = normaliseEmail(input.email);
    await this.mailThrottle.spend(email, client.ip);
    const org = input.organisationId
      ? await this.db.getRepository(Organisation).findOneBy({ id: input.organisationId })
      : await this.organisationForEmail(email);
    if (!org) throw UserInputError.field('input.organisationId', 'exists', 'is not a known organisation');
    if (org.emailDomains.length === 0) {
      throw UserInputError.field(
        'input.organisationId',
        'registrationOpen',
        `${org.name} has no registered e-mail domains; ask a platform administrator to add one`,
      );
    }
    if (!domainAllowed(email, org)) {
      throw UserInputError.field(
        'input.email',
        'organisationDomain',
        `must be an address at a domain of ${org.name} to join it`,
      );
    }
    // Hashed whether or not it is used, so the time taken does not tell whether the address has an account.
    const passwordHash = await hashPassword(input.password);
    await this.db.transaction(async (em) => {
      // One registration of an address at a time (two racing ones would both see "no account").
      await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`register:${email}`]);
      const existing = await em.getRepository(User).findOneBy({ email });
      if (existing && existing.status !== UserStatus.PENDING_VERIFICATION) {
        const token = await this.issueToken(em, existing.id, TokenPurpose.RESET_PASSWORD);
        await this.outbox.enqueue(em, {
          to: email,
          locale: existing.locale,
          template: 'accountExists',
          values: { email },
          action: this.urls.link('/reset-password', { token }),
          ignoreNote: true,
        });
        return;
      }
      // New, or still pending: whoever confirms the address from its mailbox, with this password, gets it.
      const fields = {
        displayName: clean(input.displayName),
        organisationId: org.id,
        locale: input.locale ?? defaultLocale(org),
        timeZone: defaultTimeZone(org),
        passwordHash,
      };
      const user = existing
        ? await em.getRepository(User).save(Object.assign(existing, fields))
        : await em.getRepository(User).save(
            em.getRepository(User).create({
              ...fields,
              email,
              status: UserStatus.PENDING_VERIFICATION,
              role: OrganisationRole.MEMBER,
              isAdmin: false,
            }),
          );
      await this.sendVerification(em, user, org);
    });
    this.outbox.wake();
    return CHECK_EMAIL;
  }

  /** A new verification link for a pending account; the same answer for any address. */
  resendVerification(rawEmail: string, client: ClientInfo): Promise<string> {
    return this.neutralMail(rawEmail, client, async (em, email) => {
      const user = await em.getRepository(User).findOne({ where: { email }, relations: { organisation: true } });
      if (user?.status === UserStatus.PENDING_VERIFICATION) await this.sendVerification(em, user, user.organisation!);
    });
  }

  /** Mails a password-reset link when the address has an account; the same answer either way. */
  requestPasswordReset(rawEmail: string, client: ClientInfo): Promise<string> {
    return this.neutralMail(rawEmail, client, async (em, email) => {
      const user = await em.getRepository(User).findOneBy({ email });
      if (!user) return;
      const token = await this.issueToken(em, user.id, TokenPurpose.RESET_PASSWORD);
      await this.outbox.enqueue(em, {
        to: email,
        locale: user.locale,
        template: 'passwordReset',
        values: { name: user.displayName, email },
        action: this.urls.link('/reset-password', { token }),
        ignoreNote: true,
      });
    });
  }

  /**
   * A request that may mail the address: throttled, run in a transaction (the mail is queued with
   * whatever it writes), and answered with the same sentence whatever happened.
   */
  private async neutralMail(
    rawEmail: string,
    client: ClientInfo,
    fn: (em: EntityManager, email: string) => Promise<void>,
  ): Promise<string> {
    const email = normaliseEmail(rawEmail);
    await this.mailThrottle.spend(email, client.ip);
    await this.db.transaction((em) => fn(em, email));
    this.outbox.wake();
    return CHECK_EMAIL;
  }

  /**
   * Confirms the address with the link's token and the password chosen at registration: someone
   * who registered another person's address cannot have that person confirm it for them.
   */
  async verifyEmail(token: string, password: string, client: ClientInfo): Promise<AccountOutcome> {
    const found = await this.usableToken(this.db.manager, token, [TokenPurpose.VERIFY_EMAIL]);
    const user = await this.db.getRepository(User).findOneByOrFail({ id: found.userId });
    const attempt = await this.signInThrottle.attempt(user.email, client.ip, false);
    if (!user.passwordHash || !(await verifyPassword(user.passwordHash, password))) {
      throw UserInputError.field('input.password', 'matches', 'is not the password chosen when registering');
    }
    await attempt.succeeded();
    const status = await this.events.transaction(async (em, record) => {
      const row = await this.usableToken(em, token, [TokenPurpose.VERIFY_EMAIL], true);
      const locked = await em.getRepository(User).findOne({
        where: { id: row.userId },
        relations: { organisation: true },
        lock: { mode: 'pessimistic_write', tables: ['user_account'] },
      });
      await em.getRepository(UserToken).update({ id: row.id }, { usedAt: new Date() });
      if (locked!.status !== UserStatus.PENDING_VERIFICATION) return locked!.status;
      return this.confirmAddress(em, record, locked!, false);
    });
    this.outbox.wake();
    return this.outcome(user.id, status, client);
  }

  /** Sets a new password from a reset (or first-password) link; it also proves the address. */
  async resetPassword(token: string, password: string, client: ClientInfo): Promise<AccountOutcome> {
    const purposes = [TokenPurpose.RESET_PASSWORD, TokenPurpose.SET_PASSWORD];
    // The link first (a cheap lookup): a made-up token must not cost a password hash.
    await this.usableToken(this.db.manager, token, purposes);
    const passwordHash = await hashPassword(password);
    const { userId, status } = await this.events.transaction(async (em, record) => {
      const row = await this.usableToken(em, token, purposes, true);
      const user = (await em.getRepository(User).findOne({
        where: { id: row.userId },
        relations: { organisation: true },
        lock: { mode: 'pessimistic_write', tables: ['user_account'] },
      }))!;
      // Every other link for the same purpose dies with this one.
      await em.query(
        `UPDATE user_token SET used_at = now() WHERE user_id = $1 AND used_at IS NULL AND purpose IN ('RESET_PASSWORD', 'SET_PASSWORD')`,
        [user.id],
      );
      user.passwordHash = passwordHash;
      await em.getRepository(User).save(user);
      let status = user.status;
      if (status === UserStatus.PENDING_VERIFICATION) {
        // An admin (named by the operators, or made one by an admin) is vouched for already, also when
        // the first-password link was lost and a reset used instead; anyone else goes through approval.
        const vouched = row.purpose === TokenPurpose.SET_PASSWORD || user.role === OrganisationRole.ADMIN;
        status = await this.confirmAddress(em, record, user, vouched);
      }
      await this.sessions.revokeAll(em, record, user.id);
      await this.mailPasswordChanged(em, user);
      return { userId: user.id, status };
    });
    this.outbox.wake();
    return this.outcome(userId, status, client);
  }

  async signIn(input: SignInInput, client: ClientInfo): Promise<AuthResult> {
    const email = normaliseEmail(input.email);
    const user = await this.db.getRepository(User).findOneBy({ email });
    const known = user ? await this.sessions.knownAddress(user.id, client.ip) : false;
    // Spent before the password is checked, so parallel guesses cannot outrun the count.
    const attempt = await this.signInThrottle.attempt(email, client.ip, known);
    const ok = user?.passwordHash
      ? await verifyPassword(user.passwordHash, input.password)
      : await verifyAgainstDummy(input.password);
    if (!user || !ok) throw new UnauthenticatedError('Wrong e-mail address or password.');
    await attempt.succeeded();
    // Only someone who knows the password learns the account's state.
    if (user.status !== UserStatus.ACTIVE) {
      const [reason, message] = notActive[user.status];
      throw new AppError(ErrorCode.UNAUTHENTICATED, message, { reason });
    }
    return this.startSession(user, client, 'password');
  }

  /** Changes the viewer's password and signs out every other session. */
  async changePassword(actor: Actor, current: string, next: string, client: ClientInfo): Promise<boolean> {
    const user = await this.db.getRepository(User).findOneByOrFail({ id: actor.user.id });
    const attempt = await this.signInThrottle.attempt(user.email, client.ip, true);
    if (!user.passwordHash || !(await verifyPassword(user.passwordHash, current))) {
      throw UserInputError.field('input.currentPassword', 'matches', 'is not your current password');
    }
    await attempt.succeeded();
    const passwordHash = await hashPassword(next);
    await this.events.transaction(async (em, record) => {
      await em.getRepository(User).update({ id: user.id }, { passwordHash });
      await this.sessions.revokeAll(em, record, user.id, actor.sessionId ?? undefined);
      await this.mailPasswordChanged(em, user);
    });
    this.outbox.wake();
    return true;
  }

  /** Ends every other session of the actor ("sign out elsewhere"); returns how many ended. */
  async signOutElsewhere(actor: Actor): Promise<number> {
    const ended = await this.events.transaction((em, record) =>
      this.sessions.revokeAll(em, record, actor.user.id, actor.sessionId ?? undefined),
    );
    return ended.length;
  }

  async startSession(user: User, client: ClientInfo, method: string): Promise<AuthResult> {
    const { token, expiresAt } = await this.sessions.create(user.id, {
      ip: client.ip,
      userAgent: client.userAgent,
      method,
    });
    return { token, expiresAt, user };
  }

  /** Tells the owner, so a change they did not make does not go unnoticed. */
  private mailPasswordChanged(em: EntityManager, user: User): Promise<void> {
    return this.outbox.enqueue(em, {
      to: user.email,
      locale: user.locale,
      template: 'passwordChanged',
      values: { name: user.displayName, email: user.email },
      action: this.urls.link('/sign-in'),
    });
  }

  /** Mails a fresh verification link; earlier ones stop working. */
  private async sendVerification(em: EntityManager, user: User, org: Organisation): Promise<void> {
    const token = await this.issueToken(em, user.id, TokenPurpose.VERIFY_EMAIL);
    await this.outbox.enqueue(em, {
      to: user.email,
      locale: user.locale,
      template: 'verifyEmail',
      values: { name: user.displayName, email: user.email, organisation: org.name },
      action: this.urls.link('/verify-email', { token }),
      ignoreNote: true,
    });
  }

  /** A new single-use link for a purpose; earlier unused ones for the same purpose are retired. */
  async issueToken(em: EntityManager, userId: string, purpose: TokenPurpose): Promise<string> {
    await em.query(`UPDATE user_token SET used_at = now() WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL`, [
      userId,
      purpose,
    ]);
    const token = randomBytes(32).toString('base64url');
    await em.getRepository(UserToken).insert({
      userId,
      purpose,
      tokenHash: sha256(token),
      expiresAt: new Date(Date.now() + LIFETIME[purpose]),
      usedAt: null,
    });
    return token;
  }

  /** The token's row if it can be used now; a clear BAD_USER_INPUT naming why not otherwise. */
  private async usableToken(
    em: EntityManager,
    token: string,
    purposes: TokenPurpose[],
    lock = false,
  ): Promise<UserToken> {
    const row = /^[A-Za-z0-9_-]{20,100}$/.test(token)
      ? await em.getRepository(UserToken).findOne({
          where: { tokenHash: sha256(token) },
          ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
        })
      : null;
    if (!row || !purposes.includes(row.purpose)) {
      throw UserInputError.field(
        'input.token',
        'invalid',
        'This link is not valid. Check that it was copied whole, or ask for a new one.',
      );
    }
    if (row.usedAt)
      throw UserInputError.field('input.token', 'used', 'This link has already been used or replaced by a newer one.');
    if (row.expiresAt.getTime() <= Date.now()) {
      throw UserInputError.field('input.token', 'expired', 'This link has expired. Ask for a new one.');
    }
    return row;
  }

  /**
   * The address is proven: the account is active, or waits for an admin of its organisation (whom
   * we tell; the operators when the organisation has no admin yet).
   */
  private async confirmAddress(
    em: EntityManager,
    record: RecordEvent,
    user: User,
    vouched: boolean,
  ): Promise<UserStatus> {
    const org =
      user.organisation ?? (await em.getRepository(Organisation).findOneByOrFail({ id: user.organisationId }));
    user.emailVerifiedAt = new Date();
    user.status = org.requiresApproval && !vouched ? UserStatus.PENDING_APPROVAL : UserStatus.ACTIVE;
    if (user.status === UserStatus.ACTIVE) user.approvedAt = new Date();
    await em.getRepository(User).save(user);
    await record({
      scopeType: 'user',
      scopeId: user.id,
      groupId: null,
      type: user.status === UserStatus.ACTIVE ? 'user.activated' : 'user.approval_requested',
      payload: { organisationId: org.id },
    });
    if (user.status === UserStatus.PENDING_APPROVAL) await this.notifyApprovers(em, user, org);
    return user.status;
  }

  /** Tells the organisation's admins (the operators when it has none yet) that someone waits for approval. */
  async notifyApprovers(em: EntityManager, user: User, org: Organisation): Promise<void> {
    let admins = await em.getRepository(User).find({
      where: { organisationId: org.id, role: OrganisationRole.ADMIN, status: UserStatus.ACTIVE },
    });
    if (!admins.length)
      admins = await em.getRepository(User).find({ where: { isAdmin: true, status: UserStatus.ACTIVE } });
    for (const admin of admins) {
      await this.outbox.enqueue(em, {
        to: admin.email,
        locale: admin.locale,
        template: 'approvalRequested',
        values: { name: user.displayName, email: user.email, organisation: org.name },
        action: this.urls.link('/admin/organisation', { organisation: org.id }),
      });
    }
  }

  private async outcome(userId: string, status: UserStatus, client: ClientInfo): Promise<AccountOutcome> {
    const user = await this.db
      .getRepository(User)
      .findOneOrFail({ where: { id: userId }, relations: { organisation: true } });
    const session = status === UserStatus.ACTIVE ? await this.startSession(user, client, 'password') : null;
    return { status, email: user.email, organisationName: user.organisation!.name, session };
  }

  /** The one organisation whose e-mail domains admit `email`; a clear error when none or several do. */
  private async organisationForEmail(email: string): Promise<Organisation> {
    const domain = domainOf(email);
    const orgs = await organisationsAdmitting(this.db.manager, email);
    if (orgs.length === 0) {
      throw UserInputError.field(
        'input.email',
        'organisationDomain',
        `no organisation on Samverka admits addresses at ${domain}; ask your organisation's administrator`,
      );
    }
    if (orgs.length > 1) {
      throw UserInputError.field(
        'input.organisationId',
        'required',
        `several organisations admit addresses at ${domain} (${orgs.map((o) => o.name).join(', ')}); choose one`,
      );
    }
    return orgs[0];
  }
}
