import type { DataSource, EntityManager } from 'typeorm';
import type { SessionService } from '../../auth/session.service.js';
import { TokenPurpose } from '../../auth/token.entity.js';
import { containsPattern, loadPages, type Connection } from '../../common/pagination.js';
import type { PublicUrl } from '../../common/public-url.js';
import { clean } from '../../common/validation.js';
import type { Actor } from '../../auth/actor.js';
import {
  eventActor,
  newEvent,
  type EventWriter,
  type NewEvent,
  type PayloadWithout,
  type RecordEvent,
} from '../../events/event-log.js';
import type { EventPayload, EventType } from '../../events/catalogue.js';
import { InvalidStateError, NotFoundError, UserInputError } from '../../errors.js';
import type { MailOutbox } from '../../mail/outbox.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { defaultLocale, defaultTimeZone, normaliseEmail, type AccountService } from './account.service.js';
import { OrganisationRole, User, UserStatus } from './user.entity.js';
import type { UpdateProfileInput, UsersArgs } from './user.inputs.js';
import { userPolicy, type UserAction } from './user.policy.js';

/**
 * People inside an organisation: profiles, lists, and what an organisation's admins (and the
 * operators) do with accounts: approve, decline, suspend, reinstate, make admin.
 */
export class UserService {
  constructor(
    private readonly db: DataSource,
    private readonly events: EventWriter,
    private readonly sessions: SessionService,
    private readonly accounts: AccountService,
    private readonly outbox: MailOutbox,
    private readonly urls: PublicUrl,
  ) {}

  async updateProfile(actor: Actor, input: UpdateProfileInput): Promise<User> {
    const user = actor.user;
    if (input.displayName != null) user.displayName = clean(input.displayName);
    if (input.locale != null) user.locale = input.locale;
    if (input.timeZone != null) user.timeZone = input.timeZone;
    // The event also makes every instance drop its cached copy of this user's sessions.
    return this.events.transaction(async (em, record) => {
      const saved = await em.getRepository(User).save(user);
      await record({ scopeType: 'user', scopeId: user.id, groupId: null, type: 'user.updated' });
      return saved;
    });
  }

  /**
   * Users of an organisation: its own users see their active colleagues; its admins and platform
   * admins also see pending and suspended people (the approval queue is `status: PENDING_APPROVAL`).
   * Platform admins may search every organisation by leaving out `organisationId` with `allOrganisations`.
   */
  async list(actor: Actor, args: UsersArgs): Promise<Connection<User>> {
    // `allOrganisations` leaves out the organisation (the operators search everyone).
    const organisationId = args.allOrganisations ? null : (args.organisationId ?? actor.organisation.id);
    const statuses = args.status?.length ? args.status : [UserStatus.ACTIVE];
    userPolicy.authorize(actor, 'list', { organisationId, statuses });
    const pages = await loadPages({
      repo: this.db.getRepository(User),
      first: args.first,
      after: args.after,
      sort: { expr: 'lower(t.display_name)' },
      where: (qb) => {
        if (organisationId !== null) qb.andWhere('t.organisation_id = :organisationId', { organisationId });
        qb.andWhere('t.status IN (:...statuses)', { statuses });
        if (args.search?.trim()) {
          qb.andWhere('(t.display_name ILIKE :p OR t.email ILIKE :p)', { p: containsPattern(args.search) });
        }
      },
    });
    return pages.get('')!;
  }

  async approve(actor: Actor, userId: string): Promise<User> {
    const user = await this.change(actor, 'approve', userId, [UserStatus.PENDING_APPROVAL], async (em, record, u) => {
      u.status = UserStatus.ACTIVE;
      u.approvedAt = new Date();
      u.approvedByUserId = actor.user.id;
      await record(this.userEvent(actor, u, 'user.approved', {}));
      await this.mail(em, u, 'accountApproved', this.urls.link('/sign-in'));
    });
    return user;
  }

  /** Declines a registration: the pending account is removed (it never could do anything). */
  async decline(actor: Actor, userId: string): Promise<boolean> {
    await this.change(
      actor,
      'decline',
      userId,
      [UserStatus.PENDING_APPROVAL, UserStatus.PENDING_VERIFICATION],
      async (em, record, u) => {
        await record(this.userEvent(actor, u, 'user.declined', { email: u.email }));
        if (u.emailVerifiedAt) await this.mail(em, u, 'accountRejected');
        await em.getRepository(User).delete({ id: u.id });
      },
      false,
    );
    return true;
  }

  /** Stops an account at once: every session ends and its open streams close. */
  async suspend(actor: Actor, userId: string): Promise<User> {
    return this.change(actor, 'suspend', userId, [UserStatus.ACTIVE], async (em, record, u) => {
      if (u.role === OrganisationRole.ADMIN) await this.assertOtherAdmin(em, u);
      u.status = UserStatus.SUSPENDED;
      u.suspendedAt = new Date();
      await record(this.userEvent(actor, u, 'user.suspended', {}));
      await this.sessions.revokeAll(em, record, u.id);
      await this.mail(em, u, 'accountSuspended');
    });
  }

  async reinstate(actor: Actor, userId: string): Promise<User> {
    return this.change(actor, 'reinstate', userId, [UserStatus.SUSPENDED], async (_em, record, u) => {
      u.status = UserStatus.ACTIVE;
      u.suspendedAt = null;
      await record(this.userEvent(actor, u, 'user.reinstated', {}));
    });
  }

  async setRole(actor: Actor, userId: string, role: OrganisationRole): Promise<User> {
    return this.change(
      actor,
      'setRole',
      userId,
      [UserStatus.ACTIVE, UserStatus.PENDING_APPROVAL, UserStatus.PENDING_VERIFICATION, UserStatus.SUSPENDED],
      async (em, record, u) => {
        if (u.role === role) return;
        if (u.role === OrganisationRole.ADMIN) await this.assertOtherAdmin(em, u);
        u.role = role;
        await record(this.userEvent(actor, u, 'user.role_changed', { role }));
      },
    );
  }

  /**
   * Makes a person an admin of an organisation (the operator's job): an existing user of it gets the
   * role; a new address gets an account and a mail with a link to choose a password, which also
   * proves the address (the operator vouches for the person, so no approval follows).
   */
  async addAdmin(
    em: EntityManager,
    record: RecordEvent,
    actor: Actor,
    org: Organisation,
    input: { email: string; displayName: string },
    field: string,
  ): Promise<User> {
    const email = normaliseEmail(input.email);
    const existing = await em.getRepository(User).findOneBy({ email });
    if (existing && existing.organisationId !== org.id) {
      throw UserInputError.field(
        `${field}.email`,
        'otherOrganisation',
        'already has an account in another organisation',
      );
    }
    let user = existing;
    if (!user) {
      user = await em.getRepository(User).save(
        em.getRepository(User).create({
          email,
          displayName: clean(input.displayName),
          organisationId: org.id,
          locale: defaultLocale(org),
          timeZone: defaultTimeZone(org),
          status: UserStatus.PENDING_VERIFICATION,
          role: OrganisationRole.ADMIN,
          isAdmin: false,
          passwordHash: null,
        }),
      );
      await this.sendFirstPassword(em, user, org);
    } else {
      if (user.role !== OrganisationRole.ADMIN) {
        user.role = OrganisationRole.ADMIN;
        await em.getRepository(User).save(user);
      }
      // Named again before choosing a password (the first link expired or was lost): a new link.
      if (user.status === UserStatus.PENDING_VERIFICATION && !user.passwordHash)
        await this.sendFirstPassword(em, user, org);
    }
    await record(this.userEvent(actor, user, 'user.role_changed', { role: OrganisationRole.ADMIN }));
    return user;
  }

  /** Mails an admin named by the operators a link to choose a password (which also proves the address). */
  private async sendFirstPassword(em: EntityManager, user: User, org: Organisation): Promise<void> {
    const token = await this.accounts.issueToken(em, user.id, TokenPurpose.SET_PASSWORD);
    await this.outbox.enqueue(em, {
      to: user.email,
      locale: user.locale,
      template: 'adminInvitation',
      values: { name: user.displayName, organisation: org.name },
      action: this.urls.link('/reset-password', { token, first: '1' }),
    });
  }

  /** Loads the target under a row lock, checks the policy and the state, runs the change, saves. */
  private async change(
    actor: Actor,
    action: Exclude<UserAction, 'view' | 'list'>,
    userId: string,
    from: UserStatus[],
    fn: (em: EntityManager, record: RecordEvent, user: User) => Promise<void>,
    save = true,
  ): Promise<User> {
    const user = await this.events.transaction(async (em, record) => {
      const u = await em.getRepository(User).findOne({
        where: { id: userId },
        lock: { mode: 'pessimistic_write' },
      });
      // Someone the actor may not see does not exist for them.
      if (!u || !userPolicy.can(actor, 'view', u)) throw new NotFoundError('User', userId);
      userPolicy.authorize(actor, action, u);
      // Admin changes in one organisation are serialised, so "the last admin" holds under concurrency.
      await em.query('SELECT 1 FROM organisation WHERE id = $1 FOR UPDATE', [u.organisationId]);
      if (!from.includes(u.status)) {
        throw new InvalidStateError(
          `The account is ${u.status}.`,
          from.map((s) => `status: ${s}`),
        );
      }
      await fn(em, record, u);
      if (save) await em.getRepository(User).save(u);
      return u;
    });
    this.outbox.wake();
    return user;
  }

  private async assertOtherAdmin(em: EntityManager, u: User): Promise<void> {
    const [{ n }] = (await em.query(
      `SELECT count(*)::int AS n FROM user_account WHERE organisation_id = $1 AND role = 'ADMIN' AND status = 'ACTIVE' AND id <> $2`,
      [u.organisationId, u.id],
    )) as { n: number }[];
    if (n === 0) {
      throw new InvalidStateError('An organisation must keep at least one active administrator.', [
        'another active administrator',
      ]);
    }
  }

  private userEvent<T extends EventType>(
    actor: Actor,
    u: User,
    type: T,
    payload: PayloadWithout<T, 'organisationId'>,
  ): NewEvent {
    return newEvent(type, { scopeType: 'user', scopeId: u.id, groupId: null, actor: eventActor(actor) }, {
      organisationId: u.organisationId,
      ...payload,
    } as unknown as EventPayload<T>);
  }

  private async mail(
    em: EntityManager,
    u: User,
    template: 'accountApproved' | 'accountRejected' | 'accountSuspended',
    action?: string,
  ) {
    const org = await em.getRepository(Organisation).findOneByOrFail({ id: u.organisationId });
    await this.outbox.enqueue(em, {
      to: u.email,
      locale: u.locale,
      template,
      values: { name: u.displayName, email: u.email, organisation: org.name },
      action,
    });
  }
}
