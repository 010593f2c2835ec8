import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { TokenPurpose } from '../auth/token.entity.js';
import { validateInput } from '../common/validate-input.js';
import type { Config } from '../config.js';
import { EventBus } from '../events/bus.js';
import type { Logger } from '../logger.js';
import { actorFor } from '../modules/groups/membership.scope.js';
import { validateOrganisationNumber } from '../modules/organisations/organisation-number.js';
import { Organisation } from '../modules/organisations/organisation.entity.js';
import {
  CreateOrganisationInput,
  OrganisationAccessInput,
  OrganisationAdminInput,
} from '../modules/organisations/organisation.inputs.js';
import { defaultTimeZone } from '../modules/users/account.service.js';
import { OrganisationRole, User, UserStatus } from '../modules/users/user.entity.js';
import { createServices, type Services } from '../services.js';
import { DEMO_PASSWORD, demoPerson, NOTICE_DETAILS, OPERATOR, ORGANISATIONS, type OrgKey } from './seed-data.js';

type Registered = (typeof ORGANISATIONS)[number];

/**
 * An API input as the GraphQL boundary hands it to a service: an instance of its input class,
 * checked by the same rules (lengths, formats, list sizes), so the demo cannot say what a user could not.
 */
export async function input<T extends object>(type: new () => T, values: T): Promise<T> {
  const value = Object.assign(new type(), values);
  await validateInput(value, type);
  return value;
}

/** A day `n` days from now (negative: ago), and the same day as a calendar date (YYYY-MM-DD). */
export const day = (n: number) => new Date(Date.now() + n * 86_400_000);
export const date = (n: number) => day(n).toISOString().slice(0, 10);

/** Where the seed's requests "come from", for what the account service records of a sign-in. */
const SEED_CLIENT = { ip: '127.0.0.1', userAgent: 'samverka demo seed' };

/**
 * The services of a server instance, for the seed: the same rules, with nothing leaving the process.
 * The demo's addresses are at real organisations' domains, so its mails are never queued (with
 * MAIL_URL set they would be sent); its events are written to the log, where the server's bus
 * reads them, so this bus stays off.
 */
export function seedServices(db: DataSource, config: Config, log: Logger): Services {
  const bus = new EventBus({ db, url: '', log, enabled: false });
  // The seed signs no token that anyone uses: the sessions it starts are ended at once (choosePassword).
  const services = createServices(db, config, randomBytes(32).toString('hex'), bus, log);
  services.outbox.enqueue = () => Promise.resolve();
  services.outbox.wake = () => undefined;
  // The links of those mails, before the server listens (they go nowhere).
  services.urls.listening(config.port);
  return services;
}

/**
 * The demo's organisations and their people, acting through the services. Each organisation has
 * one person in the demo (see `demoPerson`), its admin; `as(key)` is that person acting.
 */
export class DemoWorld {
  private constructor(
    readonly s: Services,
    readonly orgs: Record<OrgKey, Organisation>,
    private readonly people: Record<OrgKey, User>,
  ) {}

  /** A fresh actor each time, so what it knows of its memberships is what they are now. */
  as(key: OrgKey): Actor {
    return actorFor(this.s.db, this.people[key], this.orgs[key]);
  }

  /**
   * The registry as the operators build it: the platform admin's own organisation and account are
   * the one bootstrap (nobody could create them through a service: that takes a platform admin);
   * the operator registers every other organisation with its first admin, and each admin chooses
   * the demo password from the link an admin's invitation carries.
   */
  static async build(s: Services): Promise<DemoWorld> {
    const { db } = s;
    const orgs = {} as Record<OrgKey, Organisation>;
    const people = {} as Record<OrgKey, User>;
    const operator = await bootstrapOperator(db);
    orgs[OPERATOR.org] = operator.organisation;
    people[OPERATOR.org] = await choosePassword(s, operator.user, operator.organisation);
    const asOperator = actorFor(db, people[OPERATOR.org], orgs[OPERATOR.org]);
    for (const o of ORGANISATIONS) {
      if (o.key === OPERATOR.org) continue;
      const admin = demoPerson(o.key);
      orgs[o.key] = await s.organisations.create(
        asOperator,
        await input(CreateOrganisationInput, {
          ...registryFacts(o),
          admins: [Object.assign(new OrganisationAdminInput(), { email: admin.email, displayName: admin.name })],
        }),
      );
      const user = await db.getRepository(User).findOneByOrFail({ email: admin.email });
      people[o.key] = await choosePassword(s, user, orgs[o.key]);
    }
    // Each authority's admin sets what its eForms notices name (a shared mailbox at its domain).
    for (const o of ORGANISATIONS) {
      const details = NOTICE_DETAILS[o.key];
      if (!details) continue;
      await s.organisations.updateAccess(
        actorFor(db, people[o.key], orgs[o.key]),
        orgs[o.key].id,
        await input(OrganisationAccessInput, { ...details, contactEmail: `postmottak@${o.domain}` }),
      );
    }
    return new DemoWorld(s, orgs, people);
  }

  /** A person invited by a service (a guest) chooses the demo password, as from their mail. */
  async choosePassword(email: string): Promise<User> {
    const user = await this.s.db.getRepository(User).findOneByOrFail({ email });
    const org = await this.s.db.getRepository(Organisation).findOneByOrFail({ id: user.organisationId });
    return choosePassword(this.s, user, org);
  }
}

const registryFacts = (o: Registered) => ({
  name: o.name,
  kind: o.kind,
  country: o.country,
  organisationNumber: o.number,
  municipalityCode: 'code' in o ? o.code : null,
  emailDomains: [o.domain],
});

/** The operators' organisation and the platform admin, written directly: the one bootstrap. */
async function bootstrapOperator(db: DataSource): Promise<{ organisation: Organisation; user: User }> {
  const o = ORGANISATIONS.find((x) => x.key === OPERATOR.org)!;
  const checked = validateOrganisationNumber(o.country, o.number);
  if (checked.error) throw new Error(`demo data: ${o.name} ${o.number} ${checked.error}`);
  return db.transaction(async (em) => {
    const facts = registryFacts(o);
    const organisation = await em.getRepository(Organisation).save(
      em.getRepository(Organisation).create({
        ...facts,
        organisationNumber: checked.normalised!,
        allowSubdomains: false,
        requiresApproval: true,
      }),
    );
    // As an admin named by the operators starts: the address is proven when the password is chosen.
    const user = await em.getRepository(User).save(
      em.getRepository(User).create({
        email: OPERATOR.email,
        displayName: OPERATOR.name,
        organisationId: organisation.id,
        locale: OPERATOR.locale,
        timeZone: defaultTimeZone(organisation),
        status: UserStatus.PENDING_VERIFICATION,
        role: OrganisationRole.ADMIN,
        isAdmin: true,
        passwordHash: null,
      }),
    );
    return { organisation, user };
  });
}

/**
 * The person opens a "choose your password" link (what an admin's or a guest's invitation mails)
 * and chooses the demo password, which also proves the address. Nobody holds the session that
 * starts, so it is ended: the person's list of sessions starts empty.
 */
async function choosePassword(s: Services, user: User, organisation: Organisation): Promise<User> {
  const token = await s.db.transaction((em) => s.accounts.issueToken(em, user.id, TokenPurpose.SET_PASSWORD));
  await s.accounts.resetPassword(token, DEMO_PASSWORD, SEED_CLIENT);
  const chosen = await s.db.getRepository(User).findOneByOrFail({ id: user.id });
  await s.accounts.signOutElsewhere(actorFor(s.db, chosen, organisation));
  return chosen;
}
