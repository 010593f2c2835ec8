import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Organisation } from '../server/modules/organisations/organisation.entity.js';
import { GraphQLClient } from './support/client.js';
import { PASSWORD, type TestUser } from './support/factories.js';
import { startTestServer, type TestServer } from './support/server.js';

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
