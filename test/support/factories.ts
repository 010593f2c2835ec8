import { randomBytes, randomInt } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { hashPassword } from '../../server/auth/password.js';
import { BuyerGroup, FocusArea, GroupStatus, GroupVisibility } from '../../server/modules/groups/group.entity.js';
import { Membership, MembershipRole, MembershipStatus } from '../../server/modules/groups/membership.entity.js';
import { Country, Organisation, OrganisationKind } from '../../server/modules/organisations/organisation.entity.js';
import { Locale, OrganisationRole, User, UserStatus } from '../../server/modules/users/user.entity.js';
import { GraphQLClient } from './client.js';

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
    const { signIn } = await new GraphQLClient(this.url).ok<{ signIn: { token: string } }>(
      `mutation($input: SignInInput!) { signIn(input: $input) { token } }`,
      { input: { email, password: PASSWORD } },
    );
    return { user, organisation, token: signIn.token, client: new GraphQLClient(this.url, signIn.token) };
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
