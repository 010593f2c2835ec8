import type { DataSource } from 'typeorm';
import { UserIdentity } from '../../auth/identity.entity.js';
import { OidcClients, type OidcError, type OidcIdentity, type PendingFlow } from '../../auth/oidc.js';
import type { PublicUrl } from '../../common/public-url.js';
import type { OidcProviderSetting } from '../../config.js';
import type { EventWriter } from '../../events/event-log.js';
import type { MailOutbox } from '../../mail/outbox.js';
import type { Actor } from '../../auth/actor.js';
import { InvalidStateError } from '../../errors.js';
import { Country, Organisation } from '../organisations/organisation.entity.js';
import { validateOrganisationNumber } from '../organisations/organisation-number.js';
import { domainOf, organisationsAdmitting } from '../organisations/organisation.domains.js';
import {
  defaultLocale,
  defaultTimeZone,
  normaliseEmail,
  type AccountService,
  type AuthResult,
  type ClientInfo,
} from './account.service.js';
import { OrganisationRole, User, UserStatus } from './user.entity.js';

/**
 * Why a single sign-on did not end in a session; the sign-in page shows each in the user's
 * language. The protocol's own reasons come from OidcError.
 */
export type SsoFailure =
  | OidcError['reason']
  | 'unknown_tenant'
  | 'unknown_organisation'
  | 'email_unverified'
  | 'email_missing'
  | 'link_required'
  | 'other_organisation'
  | 'identity_taken'
  | 'awaiting_approval'
  | 'suspended';

export class SsoError extends Error {
  constructor(
    readonly reason: SsoFailure,
    message: string,
  ) {
    super(message);
    this.name = 'SsoError';
  }
}

export type SsoOutcome = { kind: 'session'; auth: AuthResult } | { kind: 'linked' };

/**
 * Single sign-on with OpenID Connect: who the provider says a person is, and which organisation
 * that makes them speak for. The first sign-in provisions the person into the mapped organisation
 * (subject to its approval rule); an existing password account is linked only from a session of
 * that account (the person proves both), never by a matching address alone.
 */
export class SsoService {
  private readonly clients: OidcClients;
  private readonly byId: Map<string, OidcProviderSetting>;

  constructor(
    private readonly db: DataSource,
    private readonly providers: OidcProviderSetting[],
    private readonly accounts: AccountService,
    private readonly events: EventWriter,
    private readonly outbox: MailOutbox,
    urls: PublicUrl,
    allowInsecureHttp: boolean,
  ) {
    this.byId = new Map(providers.map((p) => [p.id, p]));
    this.clients = new OidcClients(providers, {
      redirectUri: (id) => urls.link(`/auth/oidc/${id}/callback`),
      allowInsecureHttp,
    });
  }

  list(): { id: string; name: string }[] {
    return this.providers.map((p) => ({ id: p.id, name: p.name }));
  }

  identities(userId: string): Promise<UserIdentity[]> {
    return this.db.getRepository(UserIdentity).find({ where: { userId }, order: { createdAt: 'ASC' } });
  }

  async unlink(actor: Actor, provider: string): Promise<boolean> {
    return this.events.transaction(async (em, record) => {
      const user = await em
        .getRepository(User)
        .findOne({ where: { id: actor.user.id }, lock: { mode: 'pessimistic_write' } });
      const identities = await em.getRepository(UserIdentity).findBy({ userId: actor.user.id });
      if (!identities.some((i) => i.provider === provider)) return false;
      if (!user?.passwordHash && identities.length === 1) {
        throw new InvalidStateError('This is your only way to sign in; choose a password first.', ['a password']);
      }
      await em.getRepository(UserIdentity).delete({ userId: actor.user.id, provider });
      await record({
        scopeType: 'user',
        scopeId: actor.user.id,
        groupId: null,
        type: 'user.identity_unlinked',
        actor: { userId: actor.user.id, organisationId: actor.organisation.id },
        payload: { provider },
      });
      return true;
    });
  }

  begin(providerId: string): Promise<{ url: string; flow: PendingFlow }> {
    return this.clients.begin(providerId);
  }

  /**
   * Completes a sign-in (or, with `linkTo`, links the identity to that signed-in user). Throws
   * OidcError or SsoError; nothing is written unless the outcome is a session or a link.
   */
  async complete(
    providerId: string,
    callbackUrl: URL,
    flow: PendingFlow | null,
    client: ClientInfo,
    linkTo: User | null,
  ): Promise<SsoOutcome> {
    const identity = await this.clients.complete(providerId, callbackUrl, flow);
    const provider = this.byId.get(providerId)!;
    if (linkTo) {
      await this.link(provider, identity, linkTo);
      return { kind: 'linked' };
    }
    const user = await this.provision(provider, identity);
    if (user.status === UserStatus.PENDING_APPROVAL) {
      throw new SsoError('awaiting_approval', 'waiting for an administrator of the organisation');
    }
    if (user.status === UserStatus.SUSPENDED) throw new SsoError('suspended', 'the account is suspended');
    await this.db
      .getRepository(UserIdentity)
      .update({ provider: provider.id, subject: identity.subject }, { lastSignInAt: new Date() });
    return { kind: 'session', auth: await this.accounts.startSession(user, client, `oidc:${provider.id}`) };
  }

  /** The user an identity belongs to: linked before, or provisioned now into the mapped organisation. */
  private async provision(provider: OidcProviderSetting, identity: OidcIdentity): Promise<User> {
    const linked = await this.db.getRepository(UserIdentity).findOne({
      where: { provider: provider.id, subject: identity.subject },
      relations: { user: true },
    });
    if (linked?.user) return linked.user;

    const org = await this.organisationOf(provider, identity);
    if (!identity.email) throw new SsoError('email_missing', 'the provider gave no e-mail address');
    const email = normaliseEmail(identity.email);
    const user = await this.events.transaction(async (em, record) => {
      await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`register:${email}`]);
      const existing = await em.getRepository(User).findOneBy({ email });
      if (existing) {
        // Someone has this address already: only they, signed in, may link the provider to it.
        throw new SsoError('link_required', 'an account with this address exists; sign in and link the provider');
      }
      const created = await em.getRepository(User).save(
        em.getRepository(User).create({
          email,
          displayName: (identity.name ?? email).slice(0, 120),
          organisationId: org.id,
          locale: defaultLocale(org),
          timeZone: defaultTimeZone(org),
          // The provider vouches for the address: verified by its claim, or by the organisation's own tenant.
          emailVerifiedAt: new Date(),
          status: org.requiresApproval ? UserStatus.PENDING_APPROVAL : UserStatus.ACTIVE,
          approvedAt: org.requiresApproval ? null : new Date(),
          role: OrganisationRole.MEMBER,
          isAdmin: false,
          passwordHash: null,
        }),
      );
      await em.getRepository(UserIdentity).insert({
        userId: created.id,
        provider: provider.id,
        subject: identity.subject,
        email,
        lastSignInAt: null,
      });
      await record({
        scopeType: 'user',
        scopeId: created.id,
        groupId: null,
        type: created.status === UserStatus.ACTIVE ? 'user.activated' : 'user.approval_requested',
        payload: { organisationId: org.id, provider: provider.id },
      });
      if (created.status === UserStatus.PENDING_APPROVAL) await this.accounts.notifyApprovers(em, created, org);
      return created;
    });
    this.outbox.wake();
    return user;
  }

  /** Links a provider identity to the signed-in user, if it maps to the user's own organisation. */
  private async link(provider: OidcProviderSetting, identity: OidcIdentity, user: User): Promise<void> {
    const org = await this.organisationOf(provider, identity).catch(() => null);
    if (!org || org.id !== user.organisationId) {
      throw new SsoError('other_organisation', "the provider's account does not belong to your organisation");
    }
    await this.events.transaction(async (em, record) => {
      const taken = await em
        .getRepository(UserIdentity)
        .findOneBy({ provider: provider.id, subject: identity.subject });
      if (taken && taken.userId !== user.id) {
        throw new SsoError('identity_taken', 'this provider account is linked to another Samverka account');
      }
      if (!taken) {
        await em.getRepository(UserIdentity).insert({
          userId: user.id,
          provider: provider.id,
          subject: identity.subject,
          email: identity.email ? normaliseEmail(identity.email) : null,
          lastSignInAt: null,
        });
        await record({
          scopeType: 'user',
          scopeId: user.id,
          groupId: null,
          type: 'user.identity_linked',
          actor: { userId: user.id, organisationId: user.organisationId },
          payload: { provider: provider.id },
        });
      }
    });
  }

  /** The organisation the provider's claims tie the person to, by the provider's configured rule. */
  private async organisationOf(provider: OidcProviderSetting, identity: OidcIdentity): Promise<Organisation> {
    const repo = this.db.getRepository(Organisation);
    const m = provider.organisation;
    if (m.by === 'claim') {
      const value = identity.claims[m.claim];
      const target = typeof value === 'string' ? m.values[value] : undefined;
      if (!target)
        throw new SsoError('unknown_tenant', `no organisation is configured for ${m.claim}=${String(value)}`);
      const [country, number] = target.split(':');
      const canonical = validateOrganisationNumber(country as Country, number).normalised;
      const org = canonical
        ? await repo.findOneBy({ country: country as Country, organisationNumber: canonical })
        : null;
      if (!org) throw new SsoError('unknown_tenant', `${target} is not an organisation on Samverka`);
      return org;
    }
    if (m.by === 'organisationNumber') {
      const value = identity.claims[m.claim];
      const number = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
      const canonical = validateOrganisationNumber(m.country as Country, number).normalised;
      const org = canonical
        ? await repo.findOneBy({ country: m.country as Country, organisationNumber: canonical })
        : null;
      if (!org)
        throw new SsoError('unknown_organisation', `no organisation on Samverka has number ${number || '(none)'}`);
      return org;
    }
    if (!identity.email) throw new SsoError('email_missing', 'the provider gave no e-mail address');
    if (!identity.emailVerified) throw new SsoError('email_unverified', 'the provider has not verified the address');
    const email = normaliseEmail(identity.email);
    const orgs = await organisationsAdmitting(this.db.manager, email);
    if (orgs.length !== 1) {
      throw new SsoError('unknown_organisation', `no single organisation admits addresses at ${domainOf(email)}`);
    }
    return orgs[0];
  }
}
