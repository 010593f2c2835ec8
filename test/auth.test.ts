import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Organisation } from '../server/modules/organisations/organisation.entity.js';
import { GraphQLClient } from './support/client.js';
import { PASSWORD, type TestUser } from './support/factories.js';
import { startTestServer, type TestServer } from './support/server.js';

const REGISTER = `mutation($input: RegisterInput!) {
  register(input: $input) { token expiresAt user { id email displayName locale isAdmin organisation { id name } } }
}`;
const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { token user { email } } }`;
const VIEWER = `{ viewer { email displayName locale organisation { name } } }`;

let s: TestServer;
let org: Organisation;

beforeAll(async () => {
  // Low limits so the throttle is reached in a few requests.
  s = await startTestServer({ SIGN_IN_MAX_FAILURES_PER_ACCOUNT: '3', SIGN_IN_MAX_FAILURES_PER_ADDRESS: '8' });
  org = await s.factories.organisation({ name: 'Frosta kommune', emailDomains: ['frosta.kommune.no'] });
});
afterAll(() => s?.close());

const registration = (overrides: Record<string, unknown> = {}) => ({
  input: {
    email: 'Marit.Aune@Frosta.Kommune.no',
    password: PASSWORD,
    displayName: '  Marit Aune ',
    organisationId: org.id,
    ...overrides,
  },
});

describe('register', () => {
  it('creates the account in the organisation and signs in, with the country language by default', async () => {
    const res = await s.anon.request(REGISTER, registration());
    expect(res.errors).toBeUndefined();
    const { user, token } = res.data!.register;
    expect(user).toMatchObject({
      email: 'marit.aune@frosta.kommune.no',
      displayName: 'Marit Aune',
      locale: 'nb',
      isAdmin: false,
      organisation: { name: 'Frosta kommune' },
    });
    expect(res.headers.get('set-cookie')).toMatch(/samverka_session=.+HttpOnly.*SameSite=Lax/i);
    const { viewer } = await new GraphQLClient(s.url, token).ok(VIEWER);
    expect(viewer.email).toBe('marit.aune@frosta.kommune.no');
  });

  it('refuses an e-mail address that differs only in case (CONFLICT)', async () => {
    const err = await s.anon.fails(REGISTER, registration({ email: 'MARIT.AUNE@frosta.kommune.no' }));
    expect([err.code, err.extensions.field]).toEqual(['CONFLICT', 'input.email']);
  });

  it("refuses an address outside the organisation's domains", async () => {
    const err = await s.anon.fails(REGISTER, registration({ email: 'someone@gmail.com' }));
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual([
      'BAD_USER_INPUT',
      'input.email',
      'organisationDomain',
    ]);
  });

  it('accepts a subdomain of an organisation domain', async () => {
    const { register } = await s.anon.ok(REGISTER, registration({ email: 'helse@omsorg.frosta.kommune.no' }));
    expect(register.user.email).toBe('helse@omsorg.frosta.kommune.no');
  });

  it('refuses organisations without e-mail domains, unknown organisations, short passwords and bad addresses', async () => {
    const closed = await s.factories.organisation({ emailDomains: [] });
    let err = await s.anon.fails(REGISTER, registration({ organisationId: closed.id, email: 'a@b.no' }));
    expect([err.code, err.extensions.rule]).toEqual(['BAD_USER_INPUT', 'registrationOpen']);
    err = await s.anon.fails(REGISTER, registration({ organisationId: '00000000-0000-4000-8000-000000000000' }));
    expect([err.code, err.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.organisationId']);
    err = await s.anon.fails(REGISTER, registration({ email: 'kort@frosta.kommune.no', password: 'short' }));
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual([
      'BAD_USER_INPUT',
      'input.password',
      'minLength',
    ]);
    err = await s.anon.fails(REGISTER, registration({ email: 'not-an-address' }));
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual(['BAD_USER_INPUT', 'input.email', 'isEmail']);
    err = await s.anon.fails(REGISTER, registration({ email: 'ny@frosta.kommune.no', displayName: ' ' }));
    expect([err.code, err.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.displayName']);
  });
});

describe('signIn, viewer, signOut', () => {
  let user: TestUser;
  beforeAll(async () => {
    user = await s.factories.user({ organisation: org });
  });

  it('viewer is null for anonymous callers and for a forged token', async () => {
    expect((await s.anon.ok(VIEWER)).viewer).toBeNull();
    expect((await new GraphQLClient(s.url, `${user.token}x`).ok(VIEWER)).viewer).toBeNull();
  });

  it('signs in case-insensitively and accepts the session as a bearer token and as a cookie', async () => {
    const res = await s.anon.request(SIGN_IN, { input: { email: user.user.email.toUpperCase(), password: PASSWORD } });
    expect(res.data?.signIn.user.email).toBe(user.user.email);
    const cookie = res.headers.get('set-cookie')!.split(';')[0];
    const viaCookie = await s.anon.request(VIEWER, {}, { cookie });
    expect(viaCookie.data?.viewer.email).toBe(user.user.email);
  });

  it('refuses a wrong password with one message for unknown and known accounts', async () => {
    const wrong = await s.anon.fails(SIGN_IN, { input: { email: user.user.email, password: 'wrong password!' } });
    const unknown = await s.anon.fails(SIGN_IN, { input: { email: 'nobody@frosta.kommune.no', password: 'whatever' } });
    expect(wrong.code).toBe('UNAUTHENTICATED');
    expect(unknown.message).toBe(wrong.message);
  });

  it('signOut ends the session for the token and clears the cookie', async () => {
    const { signIn } = await s.anon.ok(SIGN_IN, { input: { email: user.user.email, password: PASSWORD } });
    const client = new GraphQLClient(s.url, signIn.token);
    const res = await client.request('mutation { signOut }');
    expect(res.data?.signOut).toBe(true);
    expect(res.headers.get('set-cookie')).toMatch(/samverka_session=;/);
    expect((await client.ok(VIEWER)).viewer).toBeNull();
    expect((await client.fails('{ organisations { totalCount } }')).code).toBe('UNAUTHENTICATED');
    // Other sessions of the same user are untouched.
    expect((await user.client.ok(VIEWER)).viewer.email).toBe(user.user.email);
  });
});

describe('updateProfile and users', () => {
  it('refuses anonymous callers', async () => {
    expect((await s.anon.fails(`mutation { updateProfile(input: { locale: sv }) { locale } }`)).code).toBe(
      'UNAUTHENTICATED',
    );
    expect((await s.anon.fails(`{ users { totalCount } }`)).code).toBe('UNAUTHENTICATED');
  });

  it('changes the display name and language of the viewer only', async () => {
    const u = await s.factories.user({ organisation: org });
    const { updateProfile } = await u.client.ok(
      `mutation { updateProfile(input: { displayName: "Marit A.", locale: sv }) { displayName locale } }`,
    );
    expect(updateProfile).toEqual({ displayName: 'Marit A.', locale: 'sv' });
    const err = await u.client.fails(`mutation { updateProfile(input: { displayName: "" }) { locale } }`);
    expect([err.code, err.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.displayName']);
  });

  it("lists the users of the viewer's own organisation; others' only for admins", async () => {
    const other = await s.factories.organisation();
    const u = await s.factories.user({ organisation: org });
    const admin = await s.factories.user({ isAdmin: true });
    const own = await u.client.ok(`{ users(first: 100) { totalCount nodes { email } } }`);
    expect(own.users.nodes.every((n: { email: string }) => n.email.endsWith('frosta.kommune.no'))).toBe(true);
    const q = `query($id: ID) { users(organisationId: $id) { totalCount } }`;
    expect((await u.client.fails(q, { id: other.id })).code).toBe('FORBIDDEN');
    expect((await admin.client.ok(q, { id: org.id })).users.totalCount).toBe(own.users.totalCount);
  });
});

// Last: once the address is blocked, nothing in this file can sign in from 127.0.0.1 any more.
describe('sign-in throttling', () => {
  it('blocks an account after repeated failures, even with the right password, and says when to retry', async () => {
    const victim = await s.factories.user({ organisation: org });
    const attempt = (password: string) => s.anon.request(SIGN_IN, { input: { email: victim.user.email, password } });
    for (let i = 0; i < 3; i++)
      expect((await attempt('wrong password!')).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const blocked = await attempt(PASSWORD);
    expect(blocked.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
    expect(blocked.errors?.[0].extensions?.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('blocks an address that tries many accounts', async () => {
    // All test requests come from 127.0.0.1; earlier failures in this file count too, so the
    // address limit (8) is reached within these attempts.
    const codes: string[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await s.anon.request(SIGN_IN, { input: { email: `guess${i}@frosta.kommune.no`, password: 'x' } });
      codes.push(String(res.errors?.[0].extensions?.code));
    }
    expect(codes).toContain('RATE_LIMITED');
    expect(codes.at(-1)).toBe('RATE_LIMITED');
  });
});

describe('register without naming the organisation', () => {
  it('finds the one organisation whose e-mail domain admits the address (parent domains too)', async () => {
    const { register } = await s.anon.ok(
      REGISTER,
      registration({ email: 'pleie@helse.frosta.kommune.no', organisationId: null }),
    );
    expect(register.user.organisation).toEqual({ id: org.id, name: 'Frosta kommune' });
  });

  it('refuses an address no organisation admits, naming input.email', async () => {
    const err = await s.anon.fails(REGISTER, registration({ email: 'someone@example.invalid', organisationId: null }));
    expect(err).toMatchObject({
      code: 'BAD_USER_INPUT',
      extensions: { field: 'input.email', rule: 'organisationDomain' },
    });
  });

  it('asks for the organisation when several admit the domain', async () => {
    await s.factories.organisation({ name: 'Delt A', emailDomains: ['delt.example.no'] });
    await s.factories.organisation({ name: 'Delt B', emailDomains: ['delt.example.no'] });
    const err = await s.anon.fails(REGISTER, registration({ email: 'x@delt.example.no', organisationId: null }));
    expect(err).toMatchObject({
      code: 'BAD_USER_INPUT',
      extensions: { field: 'input.organisationId', rule: 'required' },
    });
    expect(err.message).toContain('Delt A');
  });
});
