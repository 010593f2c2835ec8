import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrganisationRole } from '../server/modules/users/user.entity.js';
import { Organisation } from '../server/modules/organisations/organisation.entity.js';
import { APPROVE, REGISTER, RESET, registerAndVerify, tokenFromMail, VERIFY } from './support/accounts.js';
import { GraphQLClient } from './support/client.js';
import { norwegianOrgNumber, PASSWORD, type TestUser } from './support/factories.js';
import { startTestServer, type TestServer } from './support/server.js';

const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { token user { id email } } }`;
const VIEWER = `{ viewer { id email status role } }`;
const QUEUE = `query($org: ID) { users(organisationId: $org, status: [PENDING_APPROVAL]) { nodes { id email status } } }`;

let s: TestServer;
let org: Organisation;
let admin: TestUser;
let n = 0;
/** A fresh client address per test (TRUST_PROXY=1 believes the last X-Forwarded-For hop from loopback). */
const nextAddress = () => `198.51.100.${++n}`;
const from = (address: string, token?: string) => ({
  request: (q: string, v: Record<string, unknown> = {}) =>
    new GraphQLClient(s.url, token).request(q, v, { 'x-forwarded-for': address }),
});
const ask = (email: string, input: Record<string, unknown> = {}, address = nextAddress()) =>
  from(address).request(REGISTER, {
    input: { email, password: PASSWORD, displayName: 'Ny Person', organisationId: org.id, ...input },
  });

beforeAll(async () => {
  s = await startTestServer({ TRUST_PROXY: '1', REGISTRATIONS_PER_ADDRESS_PER_HOUR: '5' });
  org = await s.factories.organisation({ name: 'Frosta kommune', emailDomains: ['frosta.kommune.no'] });
  admin = await s.factories.user({ organisation: org, role: OrganisationRole.ADMIN, displayName: 'Frosta Admin' });
});
afterAll(() => s?.close());

describe('registration proves control of the address', () => {
  it('a new account can do nothing until its address is confirmed, then waits for an admin', async () => {
    const email = 'marit.aune@frosta.kommune.no';
    const res = await ask('Marit.Aune@Frosta.Kommune.no');
    expect(res.data?.register.message).toMatch(/check your e-mail/i);
    expect(res.headers.get('set-cookie')).toBeNull();
    // The right password does not sign in yet, and says why.
    let err = await s.anon.fails(SIGN_IN, { input: { email, password: PASSWORD } });
    expect([err.code, err.extensions.reason]).toEqual(['UNAUTHENTICATED', 'EMAIL_NOT_VERIFIED']);
    // The link from the mail, with the wrong password, changes nothing.
    const token = await tokenFromMail(s, email, '/verify-email');
    const mail = s.mail.to(email).at(-1)!;
    expect(mail.subject).toContain('Bekreft');
    expect(mail.html).toContain('href="http://localhost:');
    err = await s.anon.fails(VERIFY, { input: { token, password: 'not the password at all' } });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual([
      'BAD_USER_INPUT',
      'input.password',
      'matches',
    ]);
    // With it, the address is confirmed; a public body's admin must still approve.
    const { verifyEmail } = await s.anon.ok(VERIFY, { input: { token, password: PASSWORD } });
    expect(verifyEmail).toEqual({
      status: 'PENDING_APPROVAL',
      email,
      organisationName: 'Frosta kommune',
      session: null,
    });
    err = await s.anon.fails(SIGN_IN, { input: { email, password: PASSWORD } });
    expect(err.extensions.reason).toBe('AWAITING_APPROVAL');
    // The admin got a mail and sees the queue; a plain member sees no queue.
    await s.mail.waitFor(
      (m) => m.to.includes(admin.user.email) && m.subject.includes('Marit') === false && m.text.includes(email),
    );
    const { users } = await admin.client.ok(QUEUE, { org: org.id });
    const pending = users.nodes.find((u: { email: string }) => u.email === email);
    expect(pending.status).toBe('PENDING_APPROVAL');
    const member = await s.factories.user({ organisation: org });
    expect((await member.client.fails(QUEUE, { org: org.id })).code).toBe('FORBIDDEN');
    expect((await member.client.fails(APPROVE, { id: pending.id })).code).toBe('FORBIDDEN');
    expect((await s.anon.fails(APPROVE, { id: pending.id })).code).toBe('UNAUTHENTICATED');
    // Approved, Marit signs in and gets a mail saying so.
    expect((await admin.client.ok(APPROVE, { id: pending.id })).approveUser.status).toBe('ACTIVE');
    const { signIn } = await s.anon.ok(SIGN_IN, { input: { email, password: PASSWORD } });
    expect((await s.as(signIn.token).ok(VIEWER)).viewer).toMatchObject({ email, status: 'ACTIVE', role: 'MEMBER' });
    await s.mail.waitFor((m) => m.to.includes(email) && /klar/.test(m.subject));
    // The link worked once.
    err = await s.anon.fails(VERIFY, { input: { token, password: PASSWORD } });
    expect([err.code, err.extensions.rule]).toEqual(['BAD_USER_INPUT', 'used']);
  });

  it('tampered and expired links get a clear error and change nothing', async () => {
    const email = 'utlopt@frosta.kommune.no';
    await ask(email);
    const token = await tokenFromMail(s, email, '/verify-email');
    let err = await s.anon.fails(VERIFY, { input: { token: `${token.slice(0, -2)}xx`, password: PASSWORD } });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual(['BAD_USER_INPUT', 'input.token', 'invalid']);
    err = await s.anon.fails(VERIFY, { input: { token: 'short', password: PASSWORD } });
    expect(err.extensions.rule).toBe('invalid');
    await s.db.query(`UPDATE user_token SET expires_at = now() - interval '1 second' WHERE used_at IS NULL`);
    err = await s.anon.fails(VERIFY, { input: { token, password: PASSWORD } });
    expect([err.code, err.extensions.rule]).toEqual(['BAD_USER_INPUT', 'expired']);
    err = await s.anon.fails(SIGN_IN, { input: { email, password: PASSWORD } });
    expect(err.extensions.reason).toBe('EMAIL_NOT_VERIFIED');
  });

  it('answers the same for an address with an account, and mails its owner a reset link instead', async () => {
    const before = s.mail.received.length;
    const res = await ask(admin.user.email, { password: 'an attacker password' });
    expect(res.data?.register.message).toBe((await ask('someone.new@frosta.kommune.no')).data?.register.message);
    const mail = await s.mail.waitFor((m) => s.mail.received.indexOf(m) >= before && m.to.includes(admin.user.email));
    expect(mail.text).toContain('/reset-password?token=');
    // The account is untouched: the old password still works, the attacker's does not.
    expect(
      (await s.anon.request(SIGN_IN, { input: { email: admin.user.email, password: 'an attacker password' } }))
        .errors?.[0].extensions?.code,
    ).toBe('UNAUTHENTICATED');
    await s.anon.ok(SIGN_IN, { input: { email: admin.user.email, password: PASSWORD } });
  });

  it("someone who registers another person's address cannot have that person confirm it for them", async () => {
    const email = 'kapret@frosta.kommune.no';
    await ask(email, { password: 'the attacker chose this' });
    const attackersLink = await tokenFromMail(s, email, '/verify-email');
    // The owner (who never chose that password) cannot confirm with it, and registering again
    // replaces the pending details and the link.
    const before = s.mail.received.length;
    await ask(email, { password: 'the real owner chose this' });
    const ownersLink = await tokenFromMail(s, email, '/verify-email', before);
    expect(
      (await s.anon.fails(VERIFY, { input: { token: attackersLink, password: 'the attacker chose this' } })).extensions
        .rule,
    ).toBe('used');
    expect(
      (await s.anon.fails(VERIFY, { input: { token: ownersLink, password: 'the attacker chose this' } })).extensions
        .rule,
    ).toBe('matches');
    const { verifyEmail } = await s.anon.ok(VERIFY, {
      input: { token: ownersLink, password: 'the real owner chose this' },
    });
    expect(verifyEmail.status).toBe('PENDING_APPROVAL');
  });

  it('admits exact domains only; subdomains when the organisation allows them', async () => {
    let res = await ask('x@helse.frosta.kommune.no');
    expect(res.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.email',
      rule: 'organisationDomain',
    });
    res = await ask('x@evilfrosta.kommune.no', { organisationId: null });
    expect(res.errors?.[0].extensions).toMatchObject({ field: 'input.email', rule: 'organisationDomain' });
    const ACCESS = `mutation($id: ID!, $input: OrganisationAccessInput!) {
      updateOrganisationAccess(id: $id, input: $input) { allowSubdomains requiresApproval emailDomains }
    }`;
    const member = await s.factories.user({ organisation: org });
    expect((await member.client.fails(ACCESS, { id: org.id, input: { allowSubdomains: true } })).code).toBe(
      'FORBIDDEN',
    );
    const { updateOrganisationAccess } = await admin.client.ok(ACCESS, {
      id: org.id,
      input: { allowSubdomains: true },
    });
    expect(updateOrganisationAccess).toMatchObject({ allowSubdomains: true, emailDomains: ['frosta.kommune.no'] });
    res = await ask('pleie@helse.frosta.kommune.no', { organisationId: null });
    expect(res.errors).toBeUndefined();
    await admin.client.ok(ACCESS, { id: org.id, input: { allowSubdomains: false } });
    // An organisation admin cannot claim a new domain (the operators verify those), only narrow or add subdomains.
    const err = await admin.client.fails(ACCESS, {
      id: org.id,
      input: { emailDomains: ['frosta.kommune.no', 'gmail.com'] },
    });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual([
      'BAD_USER_INPUT',
      'input.emailDomains[1]',
      'verifiedDomain',
    ]);
    await admin.client.ok(ACCESS, {
      id: org.id,
      input: { emailDomains: ['frosta.kommune.no', 'skole.frosta.kommune.no'] },
    });
    // Nobody outside the organisation reads its domains.
    const outsider = await s.factories.user();
    const q = `query($id: ID!) { organisation(id: $id) { emailDomains } }`;
    expect((await outsider.client.ok(q, { id: org.id })).organisation.emailDomains).toBeNull();
    expect((await member.client.ok(q, { id: org.id })).organisation.emailDomains).toContain('skole.frosta.kommune.no');
  });

  it('refuses a NUL or a lone surrogate in an address with BAD_USER_INPUT', async () => {
    for (const email of ['a\u0000b@frosta.kommune.no', 'a\ud800b@frosta.kommune.no']) {
      const res = await ask(email);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.email' });
    }
  });

  it('throttles registration per client address', async () => {
    const address = nextAddress();
    const codes: unknown[] = [];
    for (let i = 0; i < 7; i++)
      codes.push((await ask(`flom${i}@frosta.kommune.no`, {}, address)).errors?.[0]?.extensions?.code ?? 'OK');
    expect(codes.slice(0, 5)).toEqual(['OK', 'OK', 'OK', 'OK', 'OK']);
    expect(codes.slice(5)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
    // Another address is not affected.
    expect((await ask('flom-annen@frosta.kommune.no')).errors).toBeUndefined();
  });
});

describe('password reset', () => {
  it('mails a link that sets a new password once and ends every session; unknown addresses get the same answer', async () => {
    const u = await s.factories.user({ organisation: org });
    const REQUEST = `mutation($input: EmailInput!) { requestPasswordReset(input: $input) { message } }`;
    const unknown = await from(nextAddress()).request(REQUEST, { input: { email: 'ingen@frosta.kommune.no' } });
    const known = await from(nextAddress()).request(REQUEST, { input: { email: u.user.email } });
    expect(unknown.data?.requestPasswordReset.message).toBe(known.data?.requestPasswordReset.message);
    const token = await tokenFromMail(s, u.user.email, '/reset-password');
    let err = await s.anon.fails(RESET, { input: { token, password: 'short' } });
    expect([err.code, err.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.password']);
    const { resetPassword } = await s.anon.ok(RESET, { input: { token, password: 'a brand new password' } });
    expect(resetPassword.status).toBe('ACTIVE');
    // The old session is gone; the new password works; the old does not; the link is used.
    expect((await u.client.ok(VIEWER)).viewer).toBeNull();
    await s.anon.ok(SIGN_IN, { input: { email: u.user.email, password: 'a brand new password' } });
    expect(
      (await s.anon.request(SIGN_IN, { input: { email: u.user.email, password: PASSWORD } })).errors?.[0].extensions
        ?.code,
    ).toBe('UNAUTHENTICATED');
    err = await s.anon.fails(RESET, { input: { token, password: 'another new password' } });
    expect(err.extensions.rule).toBe('used');
    await s.mail.waitFor((m) => m.to.includes(u.user.email) && /endret/.test(m.subject));
    expect(s.mail.to('ingen@frosta.kommune.no')).toEqual([]);
  });
});

describe('sign-in that resists guessing', () => {
  it('200 parallel guesses from one address evaluate at most the limit; the owner elsewhere still signs in', async () => {
    const victim = await s.factories.user({ organisation: org });
    const attacker = nextAddress();
    const guesses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        from(attacker).request(SIGN_IN, { input: { email: victim.user.email, password: `guess number ${i}` } }),
      ),
    );
    const codes = guesses.map((g) => g.errors?.[0].extensions?.code);
    // Only the first 5 (SIGN_IN_MAX_FAILURES_PER_ACCOUNT) were checked against the password.
    expect(codes.filter((c) => c === 'UNAUTHENTICATED')).toHaveLength(5);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(195);
    // The right password from the attacker's address is refused too.
    const right = await from(attacker).request(SIGN_IN, { input: { email: victim.user.email, password: PASSWORD } });
    expect(right.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
    // The owner, at another address, is not locked out.
    const owner = await from(nextAddress()).request(SIGN_IN, {
      input: { email: victim.user.email, password: PASSWORD },
    });
    expect(owner.errors).toBeUndefined();
  });

  it('believes only the last X-Forwarded-For hop: a made-up leftmost entry does not dodge the limit', async () => {
    const victim = await s.factories.user({ organisation: org });
    const real = nextAddress();
    const codes: unknown[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await from(`10.${i}.0.1, ${real}`).request(SIGN_IN, {
        input: { email: victim.user.email, password: 'nope' },
      });
      codes.push(res.errors?.[0].extensions?.code);
    }
    expect(codes.slice(5)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
  });
});

describe('organisation administration', () => {
  it('suspends a user (sessions end at once) and keeps at least one admin', async () => {
    const u = await s.factories.user({ organisation: org });
    const SUSPEND = `mutation($id: ID!) { suspendUser(id: $id) { status } }`;
    const REINSTATE = `mutation($id: ID!) { reinstateUser(id: $id) { status } }`;
    expect((await s.anon.fails(SUSPEND, { id: u.user.id })).code).toBe('UNAUTHENTICATED');
    const colleague = await s.factories.user({ organisation: org });
    expect((await colleague.client.fails(SUSPEND, { id: u.user.id })).code).toBe('FORBIDDEN');
    const outsiderAdmin = await s.factories.user({ role: OrganisationRole.ADMIN });
    expect((await outsiderAdmin.client.fails(SUSPEND, { id: u.user.id })).code).toBe('NOT_FOUND');
    expect((await admin.client.ok(SUSPEND, { id: u.user.id })).suspendUser.status).toBe('SUSPENDED');
    expect((await u.client.ok(VIEWER)).viewer).toBeNull();
    const err = await s.anon.fails(SIGN_IN, { input: { email: u.user.email, password: PASSWORD } });
    expect(err.extensions.reason).toBe('SUSPENDED');
    expect((await admin.client.ok(REINSTATE, { id: u.user.id })).reinstateUser.status).toBe('ACTIVE');
    await s.anon.ok(SIGN_IN, { input: { email: u.user.email, password: PASSWORD } });
    // The last admin cannot be demoted, and nobody changes their own account this way.
    const ROLE = `mutation($id: ID!, $role: OrganisationRole!) { setUserRole(id: $id, role: $role) { role } }`;
    expect((await admin.client.fails(ROLE, { id: admin.user.id, role: 'MEMBER' })).code).toBe('FORBIDDEN');
    const platform = await s.factories.user({ isAdmin: true });
    const e2 = await platform.client.fails(ROLE, { id: admin.user.id, role: 'MEMBER' });
    expect([e2.code, e2.extensions.missing]).toEqual(['INVALID_STATE', ['another active administrator']]);
    expect((await admin.client.ok(ROLE, { id: u.user.id, role: 'ADMIN' })).setUserRole.role).toBe('ADMIN');
    expect((await platform.client.ok(ROLE, { id: admin.user.id, role: 'MEMBER' })).setUserRole.role).toBe('MEMBER');
    expect((await platform.client.ok(ROLE, { id: admin.user.id, role: 'ADMIN' })).setUserRole.role).toBe('ADMIN');
  });

  it('declines a pending registration (the account is removed and told)', async () => {
    const email = 'avslatt@frosta.kommune.no';
    const outcome = await registerAndVerify(s, { email, organisationId: org.id });
    expect(outcome.status).toBe('PENDING_APPROVAL');
    const { users } = await admin.client.ok(QUEUE, { org: org.id });
    const id = users.nodes.find((u: { email: string }) => u.email === email).id;
    expect((await admin.client.ok(`mutation($id: ID!) { declineUser(id: $id) }`, { id })).declineUser).toBe(true);
    await s.mail.waitFor((m) => m.to.includes(email) && /avslått/.test(m.subject));
    const err = await s.anon.fails(SIGN_IN, { input: { email, password: PASSWORD } });
    expect(err.extensions.reason).toBeUndefined();
  });

  it('the operator creates an organisation with its first admin, who chooses a password from the mail', async () => {
    const platform = await s.factories.user({ isAdmin: true });
    const CREATE = `mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id requiresApproval } }`;
    const input = {
      name: 'Tydal kommune',
      kind: 'MUNICIPALITY',
      country: 'NO',
      organisationNumber: norwegianOrgNumber(),
      municipalityCode: '5033',
      emailDomains: ['tydal.kommune.no'],
      admins: [{ email: 'sjef@tydal.kommune.no', displayName: 'Tydal Sjef' }],
    };
    expect((await admin.client.fails(CREATE, { input })).code).toBe('FORBIDDEN');
    const taken = await platform.client.fails(CREATE, { input: { ...input, emailDomains: ['frosta.kommune.no'] } });
    expect([taken.code, taken.extensions.rule]).toEqual(['BAD_USER_INPUT', 'domainTaken']);
    const { createOrganisation } = await platform.client.ok(CREATE, { input });
    expect(createOrganisation.requiresApproval).toBe(true);
    const lost = await tokenFromMail(s, 'sjef@tydal.kommune.no', '/reset-password');
    // The first link is lost; naming the admin again mails a new one and retires the old.
    const before = s.mail.received.length;
    await platform.client.ok(
      `mutation($id: ID!, $input: OrganisationAdminInput!) { addOrganisationAdmin(id: $id, input: $input) { role status } }`,
      { id: createOrganisation.id, input: { email: 'sjef@tydal.kommune.no', displayName: 'Tydal Sjef' } },
    );
    const token = await tokenFromMail(s, 'sjef@tydal.kommune.no', '/reset-password', before);
    expect(token).not.toBe(lost);
    expect(
      (await s.anon.fails(RESET, { input: { token: lost, password: 'tydal sitt passord' } })).extensions.rule,
    ).toBe('used');
    const { resetPassword } = await s.anon.ok(RESET, { input: { token, password: 'tydal sitt passord' } });
    expect(resetPassword).toMatchObject({ status: 'ACTIVE', organisationName: 'Tydal kommune' });
    const sjef = s.as(resetPassword.session.token);
    expect((await sjef.ok(VIEWER)).viewer).toMatchObject({ role: 'ADMIN', status: 'ACTIVE' });
    const pw = `query($id: ID!) { viewer { hasPassword } organisation(id: $id) { id } users(organisationId: $id) { nodes { hasPassword } } }`;
    const seen = await sjef.ok(pw, { id: createOrganisation.id });
    expect(seen.viewer.hasPassword).toBe(true);
    // Nobody learns whether another account has a password.
    expect((await platform.client.ok(pw, { id: createOrganisation.id })).users.nodes).toEqual([{ hasPassword: null }]);
    // The operators find people across organisations.
    const found = await platform.client.ok(
      `{ users(allOrganisations: true, search: "sjef@tydal") { nodes { email } } }`,
    );
    expect(found.users.nodes).toEqual([{ email: 'sjef@tydal.kommune.no' }]);
    expect((await sjef.fails(`{ users(allOrganisations: true) { totalCount } }`)).code).toBe('FORBIDDEN');
  });

  it('shows its admins who acted for the organisation', async () => {
    const actor = await s.factories.user({ organisation: org, displayName: 'Handlende Person' });
    const { createBuyerGroup: group } = await actor.client.ok(
      `mutation { createBuyerGroup(input: { name: "Aktivitetsgruppe", focusArea: TRANSPORT }) { id } }`,
    );
    const other = await s.factories.organisation();
    await actor.client.ok(
      `mutation($g: ID!, $o: ID!) { inviteOrganisation(input: { groupId: $g, organisationId: $o }) { id } }`,
      {
        g: group.id,
        o: other.id,
      },
    );
    const q = `query($id: ID!) { organisationActivity(id: $id) { type groupId groupName actor { displayName } } }`;
    expect((await actor.client.fails(q, { id: org.id })).code).toBe('FORBIDDEN');
    const { organisationActivity } = await admin.client.ok(q, { id: org.id });
    expect(organisationActivity).toContainEqual({
      type: 'membership.changed',
      groupId: group.id,
      groupName: 'Aktivitetsgruppe',
      actor: { displayName: 'Handlende Person' },
    });
  });
});

describe('sessions', () => {
  it('lists the viewer’s sessions and signs out the others', async () => {
    const u = await s.factories.user({ organisation: org });
    const second = await from(nextAddress()).request(SIGN_IN, { input: { email: u.user.email, password: PASSWORD } });
    const other = s.as(second.data!.signIn.token);
    const { viewerSessions } = await u.client.ok(`{ viewerSessions { id current ip method } }`);
    expect(viewerSessions).toHaveLength(2);
    expect(viewerSessions.filter((x: { current: boolean }) => x.current)).toHaveLength(1);
    expect(viewerSessions.map((x: { ip: string }) => x.ip)).toContain(`198.51.100.${n}`);
    expect((await u.client.ok(`mutation { signOutOtherSessions }`)).signOutOtherSessions).toBe(1);
    expect((await other.ok(VIEWER)).viewer).toBeNull();
    expect((await u.client.ok(VIEWER)).viewer.id).toBe(u.user.id);
    expect((await s.anon.fails(`{ viewerSessions { id } }`)).code).toBe('UNAUTHENTICATED');
  });
});
