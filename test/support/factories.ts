import { randomBytes, randomInt } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { hashPassword } from '../../server/auth/password.js';
import { BuyerGroup, FocusArea, GroupStatus, GroupVisibility } from '../../server/modules/groups/group.entity.js';
import { Membership, MembershipRole, MembershipStatus } from '../../server/modules/groups/membership.entity.js';
import { Country, Organisation, OrganisationKind } from '../../server/modules/organisations/organisation.entity.js';
import { Locale, OrganisationRole, User, UserStatus } from '../../server/modules/users/user.entity.js';
import { GraphQLClient } from './client.js';
import { gql } from './graphql.js';

export const PASSWORD = 'correct horse battery staple';

/** A random valid Norwegian organisation number (mod-11). */
export function norwegianOrgNumber(): string {
  for (;;) {
    const digits = Array.from({ length: 8 }, (_, i) => (i === 0 ? 8 + randomInt(2) : randomInt(10)));
    const sum = digits.reduce((s, d, i) => s + d * [3, 2, 7, 6, 5, 4, 3, 2][i], 0);
    const check = (11 - (sum % 11)) % 11;
    if (check !== 10) return [...digits, check].join('');
  }
}

/** A random valid Swedish organisation number (Luhn). */
export function swedishOrgNumber(): string {
  const digits = [2, ...Array.from({ length: 8 }, () => randomInt(10))];
  const sum = digits.reduce((acc, d, i) => {
    const v = i % 2 === 0 ? d * 2 : d;
    return acc + (v > 9 ? v - 9 : v);
  }, 0);
  return [...digits, (10 - (sum % 10)) % 10].join('');
}

export const SIGN_IN = gql(`mutation($input: SignInInput!) { signIn(input: $input) { token } }`);

export interface TestUser {
  user: User;
  organisation: Organisation;
  token: string;
  client: GraphQLClient;
}

/**
 * Builds rows for a test's setup, with overrides. Organisations and memberships are written
 * directly (an admin's and a coordinator's job, covered by their own tests); users sign in
 * through the API, so every client holds a real session token.
 */
export class Factories {
  private passwordHash?: Promise<string>;

  constructor(
    private readonly db: DataSource,
    private readonly url: string,
  ) {}

  async organisation(overrides: Partial<Organisation> = {}): Promise<Organisation> {
    const suffix = randomBytes(3).toString('hex');
    const kind = overrides.kind ?? OrganisationKind.MUNICIPALITY;
    return this.db.getRepository(Organisation).save(
      this.db.getRepository(Organisation).create({
        name: `Testkommune ${suffix}`,
        kind,
        country: Country.NO,
        organisationNumber: norwegianOrgNumber(),
        municipalityCode: kind === OrganisationKind.MUNICIPALITY ? String(1000 + randomInt(8999)) : null,
        emailDomains: [`${suffix}.kommune.no`],
        ...overrides,
      }),
    );
  }

  async user(
    overrides: { organisation?: Organisation; isAdmin?: boolean; displayName?: string; role?: OrganisationRole } = {},
  ): Promise<TestUser> {
    const organisation = overrides.organisation ?? (await this.organisation());
    this.passwordHash ??= hashPassword(PASSWORD);
    const email = `user-${randomBytes(4).toString('hex')}@${organisation.emailDomains[0] ?? 'example.org'}`;
    const user = await this.db.getRepository(User).save(
      this.db.getRepository(User).create({
        email,
        displayName: overrides.displayName ?? `Test User ${email.slice(5, 13)}`,
        organisationId: organisation.id,
        locale: Locale.nb,
        isAdmin: overrides.isAdmin ?? false,
        role: overrides.role ?? OrganisationRole.MEMBER,
        status: UserStatus.ACTIVE,
        emailVerifiedAt: new Date(),
        passwordHash: await this.passwordHash,
      }),
    );
    const { signIn } = await new GraphQLClient(this.url).ok(SIGN_IN, { input: { email, password: PASSWORD } });
    return { user, organisation, token: signIn.token, client: new GraphQLClient(this.url, signIn.token) };
  }

  /** `n` users, each of a new municipality. */
  users(n: number): Promise<TestUser[]> {
    return Promise.all(Array.from({ length: n }, () => this.user()));
  }

  /** A user of a new supplier (a company: no municipality code, a domain of its own). */
  async supplier(
    o: { name?: string; displayName?: string; organisation?: Partial<Organisation> } = {},
  ): Promise<TestUser> {
    const suffix = randomBytes(3).toString('hex');
    const organisation = await this.organisation({
      kind: OrganisationKind.SUPPLIER,
      municipalityCode: null,
      name: o.name ?? `Leverandør ${suffix} AS`,
      emailDomains: [`${suffix}.example.no`],
      ...o.organisation,
    });
    return this.user({ organisation, displayName: o.displayName });
  }

  async group(
    coordinator: Organisation,
    overrides: Partial<BuyerGroup> = {},
    members: { organisation: Organisation; role?: MembershipRole; status?: MembershipStatus }[] = [],
  ): Promise<BuyerGroup> {
    const group = await this.db.getRepository(BuyerGroup).save(
      this.db.getRepository(BuyerGroup).create({
        name: `Innkjøpsgruppe ${randomBytes(3).toString('hex')}`,
        description: '',
        focusArea: FocusArea.WELFARE_TECHNOLOGY,
        cpvCodes: [],
        visibility: GroupVisibility.LISTED,
        status: GroupStatus.ACTIVE,
        createdByOrganisationId: coordinator.id,
        createdByUserId: '00000000-0000-4000-8000-000000000000',
        ...overrides,
      }),
    );
    await this.membership(group, coordinator, MembershipRole.COORDINATOR);
    for (const m of members) await this.membership(group, m.organisation, m.role, m.status);
    return group;
  }

  async membership(
    group: BuyerGroup,
    organisation: Organisation,
    role = MembershipRole.MEMBER,
    status = MembershipStatus.ACTIVE,
  ): Promise<Membership> {
    return this.db.getRepository(Membership).save(
      this.db.getRepository(Membership).create({
        groupId: group.id,
        organisationId: organisation.id,
        role,
        status,
        message: null,
        invitedByUserId: null,
        joinedAt: status === MembershipStatus.ACTIVE ? new Date() : null,
      }),
    );
  }
}
