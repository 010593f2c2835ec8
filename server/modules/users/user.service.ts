import type { DataSource } from 'typeorm';
import { hashPassword, verifyAgainstDummy, verifyPassword } from '../../auth/password.js';
import { SESSION_COOKIE, type SessionService } from '../../auth/session.service.js';
import type { SignInThrottle } from '../../auth/throttle.js';
import { requireViewer } from '../../auth/auth-checker.js';
import { containsPattern, loadPages, type Connection } from '../../common/pagination.js';
import { clean } from '../../common/validation.js';
import type { Config } from '../../config.js';
import type { EventWriter } from '../../events/event-log.js';
import type { Context } from '../../context.js';
import {
  ConflictError,
  ForbiddenError,
  isUniqueViolation,
  UnauthenticatedError,
  UserInputError,
} from '../../errors.js';
import { Country, Organisation } from '../organisations/organisation.entity.js';
import { Locale, User } from './user.entity.js';
import type { RegisterInput, SignInInput, UpdateProfileInput, UsersArgs } from './user.inputs.js';

export interface AuthResult {
  token: string;
  expiresAt: Date;
  user: User;
}

const normaliseEmail = (email: string) => email.trim().toLowerCase();

const defaultLocale = (org: Organisation): Locale =>
  org.country === Country.NO ? Locale.nb : org.country === Country.SE ? Locale.sv : Locale.en;

/** The address's domain is one of the organisation's, or a subdomain of one. */
function domainAllowed(email: string, domains: string[]): boolean {
  const domain = email.slice(email.lastIndexOf('@') + 1);
  return domains.some((d) => domain === d || domain.endsWith(`.${d}`));
}

export class UserService {
  constructor(
    private readonly db: DataSource,
    private readonly sessions: SessionService,
    private readonly throttle: SignInThrottle,
    private readonly config: Config,
    private readonly events: EventWriter,
  ) {}

  async register(ctx: Context, input: RegisterInput): Promise<AuthResult> {
    const email = normaliseEmail(input.email);
    const org = input.organisationId
      ? await ctx.loaders.organisation.load(input.organisationId)
      : await this.organisationForEmail(email);
    if (!org) {
      throw UserInputError.field('input.organisationId', 'exists', 'is not a known organisation');
    }
    if (org.emailDomains.length === 0) {
      throw UserInputError.field(
        'input.organisationId',
        'registrationOpen',
        `${org.name} has no registered e-mail domains; ask a platform administrator to add one`,
      );
    }
    if (!domainAllowed(email, org.emailDomains)) {
      throw UserInputError.field(
        'input.email',
        'organisationDomain',
        `must be an address at ${org.emailDomains.join(' or ')} to join ${org.name}`,
      );
    }
    const repo = this.db.getRepository(User);
    let user: User;
    try {
      user = await repo.save(
        repo.create({
          email,
          displayName: clean(input.displayName),
          organisationId: org.id,
          locale: input.locale ?? defaultLocale(org),
          passwordHash: await hashPassword(input.password),
          isAdmin: false,
        }),
      );
    } catch (err) {
      if (!isUniqueViolation(err, 'uq_user_email')) throw err;
      throw new ConflictError('An account with this e-mail address already exists.', { field: 'input.email' });
    }
    return this.startSession(ctx, user);
  }

  /** The one organisation whose e-mail domains admit `email`; a clear error when none or several do. */
  private async organisationForEmail(email: string): Promise<Organisation> {
    const domain = email.slice(email.lastIndexOf('@') + 1);
    // The address's domain or any parent domain (a.b.kommune.no is admitted by b.kommune.no).
    const candidates = domain.split('.').map((_, i, parts) => parts.slice(i).join('.'));
    const orgs = (
      await this.db
        .getRepository(Organisation)
        .createQueryBuilder('o')
        .where('o.email_domains::text[] && :candidates::text[]', { candidates })
        .getMany()
    ).filter((o) => domainAllowed(email, o.emailDomains));
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

  async signIn(ctx: Context, input: SignInInput): Promise<AuthResult> {
    const email = normaliseEmail(input.email);
    await this.throttle.check(email, ctx.ip);
    const user = await this.db.getRepository(User).findOneBy({ email });
    const ok = user
      ? await verifyPassword(user.passwordHash, input.password)
      : await verifyAgainstDummy(input.password);
    if (!user || !ok) {
      await this.throttle.recordFailure(email, ctx.ip);
      throw new UnauthenticatedError('Wrong e-mail address or password.');
    }
    await this.throttle.recordSuccess(email);
    return this.startSession(ctx, user);
  }

  async signOut(ctx: Context): Promise<boolean> {
    if (ctx.viewer) await this.sessions.revoke(ctx.viewer.sessionId, ctx.viewer.user.id);
    ctx.http?.res.clearCookie(SESSION_COOKIE, { path: '/' });
    return true;
  }

  async updateProfile(ctx: Context, input: UpdateProfileInput): Promise<User> {
    const viewer = requireViewer(ctx);
    const user = viewer.user;
    if (input.displayName != null) user.displayName = clean(input.displayName);
    if (input.locale != null) user.locale = input.locale;
    // The event also makes every instance drop its cached copy of this user's sessions.
    return this.events.transaction(async (em, record) => {
      const saved = await em.getRepository(User).save(user);
      await record({ scopeType: 'user', scopeId: user.id, groupId: null, type: 'user.updated' });
      return saved;
    });
  }

  /** Users of an organisation: visible to its own users and to platform admins. */
  async list(ctx: Context, args: UsersArgs): Promise<Connection<User>> {
    const viewer = requireViewer(ctx);
    const organisationId = args.organisationId ?? viewer.organisation.id;
    if (organisationId !== viewer.organisation.id && !viewer.user.isAdmin) {
      throw new ForbiddenError('Only members of the organisation and platform admins may list its users.');
    }
    const pages = await loadPages({
      repo: this.db.getRepository(User),
      first: args.first,
      after: args.after,
      sort: { expr: 'lower(t.display_name)' },
      where: (qb) => {
        qb.andWhere('t.organisation_id = :organisationId', { organisationId });
        if (args.search?.trim()) {
          qb.andWhere('(t.display_name ILIKE :p OR t.email ILIKE :p)', { p: containsPattern(args.search) });
        }
      },
    });
    return pages.get('')!;
  }

  private async startSession(ctx: Context, user: User): Promise<AuthResult> {
    const { token, expiresAt } = await this.sessions.create(user.id);
    ctx.http?.res.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.cookieSecure,
      path: '/',
      expires: expiresAt,
    });
    return { token, expiresAt, user };
  }
}
