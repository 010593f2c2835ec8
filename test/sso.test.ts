import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrganisationRole } from '../server/modules/users/user.entity.js';
import type { Organisation } from '../server/modules/organisations/organisation.entity.js';
import { GraphQLClient } from './support/client.js';
import { PASSWORD } from './support/factories.js';
import { startOidcProvider, type TestOidcProvider } from './support/oidc-provider.js';
import { freePort } from './support/net.js';
import { startTestServer, type TestServer } from './support/server.js';

/**
 * Single sign-on end to end through Samverka's HTTP routes against real OpenID providers
 * (oidc-provider on free ports): the redirects a browser would follow, with its cookies.
 */

const TENANT = '0b5a2c1e-1111-4b7e-9c0f-5a1d2e3f4a5b';
const OTHER_TENANT = '0b5a2c1e-2222-4b7e-9c0f-5a1d2e3f4a5b';

let s: TestServer;
let entra: TestOidcProvider;
let idporten: TestOidcProvider;
let base: string;
let bergen: Organisation;
let voss: Organisation;

/** Cookies as a browser keeps them (name → value), from Set-Cookie headers. */
class Jar {
  private readonly cookies = new Map<string, string>();
  take(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i);
      const value = pair.slice(i + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  get(name: string) {
    return this.cookies.get(name);
  }
}

async function get(url: string, jar: Jar): Promise<Response> {
  const res = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
  jar.take(res);
  return res;
}

/** Start -> provider login -> callback, as a browser; returns where Samverka sent the browser at the end. */
async function ssoFlow(provider: string, idp: TestOidcProvider, login: string, jar = new Jar(), query = '') {
  const start = await get(`${base}/auth/oidc/${provider}/start${query}`, jar);
  expect(start.status).toBe(302);
  const callback = await idp.authorize(start.headers.get('location')!, login);
  const done = await get(callback, jar);
  return { location: new URL(done.headers.get('location')!, base), jar, callback };
}

const viewer = (jar: Jar) =>
  new GraphQLClient(`${base}/graphql`).request(
    `{ viewer { email status organisation { id } } }`,
    {},
    { cookie: jar.header() },
  );

beforeAll(async () => {
  const [port, entraPort, idportenPort, downPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  base = `http://127.0.0.1:${port}`;
  const providers = [
    {
      id: 'entra',
      name: 'Microsoft Entra ID',
      issuer: `http://127.0.0.1:${entraPort}`,
      clientId: 'samverka',
      clientSecret: 'entra-secret-0123456789',
      organisation: { by: 'claim', claim: 'tid', values: { [TENANT]: 'NO:964338531', [OTHER_TENANT]: 'NO:976835735' } },
    },
    {
      id: 'idporten',
      name: 'ID-porten',
      issuer: `http://127.0.0.1:${idportenPort}`,
      clientId: 'samverka',
      clientSecret: 'idporten-secret-0123456789',
      organisation: { by: 'emailDomain' },
    },
    {
      id: 'down',
      name: 'Down',
      issuer: `http://127.0.0.1:${downPort}`,
      clientId: 'samverka',
      clientSecret: 'down-secret-0123456789',
      organisation: { by: 'emailDomain' },
    },
  ];
  s = await startTestServer({ PORT: String(port), PUBLIC_URL: base, OIDC_PROVIDERS: JSON.stringify(providers) });
  const client = (id: string, secret: string) => ({
    clientId: 'samverka',
    clientSecret: secret,
    redirectUris: [`${base}/auth/oidc/${id}/callback`],
  });
  entra = await startOidcProvider({ port: entraPort, clients: [client('entra', 'entra-secret-0123456789')] });
  idporten = await startOidcProvider({
    port: idportenPort,
    clients: [client('idporten', 'idporten-secret-0123456789')],
  });
  // Bergen lets its people in at once; Voss asks its admin to approve them.
  bergen = await s.factories.organisation({
    name: 'Bergen kommune',
    organisationNumber: '964338531',
    emailDomains: ['bergen.kommune.no'],
    requiresApproval: false,
  });
  voss = await s.factories.organisation({
    name: 'Voss herad',
    organisationNumber: '976835735',
    emailDomains: ['voss.kommune.no'],
    requiresApproval: true,
  });
});
afterAll(async () => {
  await Promise.all([entra?.stop(), idporten?.stop()]);
  await s?.close();
});

describe('single sign-on', () => {
  it('lists the providers for the sign-in page, to anyone', async () => {
    const { signInProviders } = await s.anon.ok(`{ signInProviders { id name startUrl } }`);
    expect(signInProviders.map((p: { id: string }) => p.id)).toEqual(['entra', 'idporten', 'down']);
    expect(signInProviders[0]).toEqual({ id: 'entra', name: 'Microsoft Entra ID', startUrl: '/auth/oidc/entra/start' });
  });

  it('a first sign-in provisions the person into the organisation of their tenant; the next finds them', async () => {
    entra.addAccount({
      sub: 'kari',
      email: 'Kari@bergen.kommune.no',
      emailVerified: false,
      name: 'Kari Nordmann',
      claims: { tid: TENANT },
    });
    const first = await ssoFlow('entra', entra, 'kari', new Jar(), '?returnTo=/groups');
    expect(first.location.toString()).toBe(`${base}/groups`);
    expect(first.jar.get('samverka_session')).toBeTruthy();
    const me = await viewer(first.jar);
    expect(me.data?.viewer).toEqual({
      email: 'kari@bergen.kommune.no',
      status: 'ACTIVE',
      organisation: { id: bergen.id },
    });
    const again = await ssoFlow('entra', entra, 'kari');
    expect((await viewer(again.jar)).data?.viewer.email).toBe('kari@bergen.kommune.no');
    const [{ n }] = await s.db.query(
      `SELECT count(*)::int AS n FROM user_account WHERE email = 'kari@bergen.kommune.no'`,
    );
    expect(n).toBe(1);
    // An unsafe returnTo goes home instead.
    const evil = await ssoFlow('entra', entra, 'kari', new Jar(), '?returnTo=//evil.example/x');
    expect(evil.location.toString()).toBe(`${base}/`);
  });

  it('waits for the admin where the organisation asks for approval', async () => {
    const admin = await s.factories.user({ organisation: voss, role: OrganisationRole.ADMIN });
    entra.addAccount({ sub: 'ola', email: 'ola@voss.kommune.no', name: 'Ola Voss', claims: { tid: OTHER_TENANT } });
    const first = await ssoFlow('entra', entra, 'ola');
    expect(first.location.pathname).toBe('/sign-in');
    expect(first.location.searchParams.get('sso_error')).toBe('awaiting_approval');
    expect(first.jar.get('samverka_session')).toBeUndefined();
    const { users } = await admin.client.ok(
      `query($o: ID) { users(organisationId: $o, status: [PENDING_APPROVAL]) { nodes { id email } } }`,
      { o: voss.id },
    );
    expect(users.nodes).toEqual([{ id: expect.any(String), email: 'ola@voss.kommune.no' }]);
    await admin.client.ok(`mutation($id: ID!) { approveUser(id: $id) { id } }`, { id: users.nodes[0].id });
    const second = await ssoFlow('entra', entra, 'ola');
    expect((await viewer(second.jar)).data?.viewer.organisation.id).toBe(voss.id);
    // Suspended, the provider's word is not enough.
    await admin.client.ok(`mutation($id: ID!) { suspendUser(id: $id) { id } }`, { id: users.nodes[0].id });
    expect((await ssoFlow('entra', entra, 'ola')).location.searchParams.get('sso_error')).toBe('suspended');
  });

  it('refuses an unknown tenant and an e-mail the provider has not verified, each with its reason', async () => {
    entra.addAccount({ sub: 'ukjent', email: 'x@example.org', claims: { tid: 'not-a-tenant-we-know' } });
    expect((await ssoFlow('entra', entra, 'ukjent')).location.searchParams.get('sso_error')).toBe('unknown_tenant');
    idporten.addAccount({ sub: 'uverifisert', email: 'per@bergen.kommune.no', emailVerified: false });
    expect((await ssoFlow('idporten', idporten, 'uverifisert')).location.searchParams.get('sso_error')).toBe(
      'email_unverified',
    );
    idporten.addAccount({ sub: 'verifisert', email: 'per@bergen.kommune.no', emailVerified: true, name: 'Per' });
    const ok = await ssoFlow('idporten', idporten, 'verifisert');
    expect((await viewer(ok.jar)).data?.viewer.organisation.id).toBe(bergen.id);
  });

  it('links a password account only when the person signs in with both', async () => {
    const u = await s.factories.user({ organisation: bergen });
    idporten.addAccount({ sub: 'eier', email: u.user.email, emailVerified: true });
    // The provider's matching address alone does not get into the account.
    const denied = await ssoFlow('idporten', idporten, 'eier');
    expect(denied.location.searchParams.get('sso_error')).toBe('link_required');
    expect(denied.jar.get('samverka_session')).toBeUndefined();
    // Signed in with the password, the person links the provider from the profile.
    const jar = new Jar();
    const signIn = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `mutation($i: SignInInput!) { signIn(input: $i) { token } }`,
        variables: { i: { email: u.user.email, password: PASSWORD } },
      }),
    });
    jar.take(signIn);
    const linked = await ssoFlow('idporten', idporten, 'eier', jar, '?link=1');
    expect(linked.location.pathname).toBe('/profile');
    expect(linked.location.searchParams.get('sso_linked')).toBe('idporten');
    const ids = await new GraphQLClient(`${base}/graphql`, u.token).ok(`{ viewerIdentities { provider email } }`);
    expect(ids.viewerIdentities).toEqual([{ provider: 'idporten', email: u.user.email }]);
    // From now on the provider signs in to that account.
    const later = await ssoFlow('idporten', idporten, 'eier');
    expect((await viewer(later.jar)).data?.viewer.email).toBe(u.user.email);
    // Unlinking is refused only when it would leave no way to sign in; here a password remains.
    expect((await u.client.ok(`mutation { unlinkIdentity(provider: "idporten") }`)).unlinkIdentity).toBe(true);
  });

  it('a replayed callback, a wrong state and a missing flow change nothing and say why', async () => {
    entra.addAccount({ sub: 'gjentatt', email: 'gjentatt@bergen.kommune.no', claims: { tid: TENANT } });
    const once = await ssoFlow('entra', entra, 'gjentatt');
    // The flow cookie is gone after the first use: the same callback again has no flow.
    const replay = await get(once.callback, once.jar);
    expect(new URL(replay.headers.get('location')!).searchParams.get('sso_error')).toBe('flow_missing');
    // A callback whose state is not the one this browser started with.
    const jar = new Jar();
    const start = await get(`${base}/auth/oidc/entra/start`, jar);
    const callback = new URL(await entra.authorize(start.headers.get('location')!, 'gjentatt'));
    callback.searchParams.set('state', 'forged-state');
    const forged = await get(callback.toString(), jar);
    expect(new URL(forged.headers.get('location')!).searchParams.get('sso_error')).toBe('state_mismatch');
    // A tampered flow cookie counts as none.
    const jar2 = new Jar();
    const start2 = await get(`${base}/auth/oidc/entra/start`, jar2);
    const cb2 = await entra.authorize(start2.headers.get('location')!, 'gjentatt');
    const tampered = await fetch(cb2, {
      redirect: 'manual',
      headers: { cookie: `samverka_oidc=${jar2.get('samverka_oidc')}x` },
    });
    expect(new URL(tampered.headers.get('location')!).searchParams.get('sso_error')).toBe('flow_missing');
  });

  it('a provider that is down fails only its own button', async () => {
    const jar = new Jar();
    const start = await get(`${base}/auth/oidc/down/start`, jar);
    expect(start.status).toBe(303);
    const to = new URL(start.headers.get('location')!);
    expect([to.pathname, to.searchParams.get('sso_error'), to.searchParams.get('provider')]).toEqual([
      '/sign-in',
      'provider_unavailable',
      'down',
    ]);
    const unknown = await get(`${base}/auth/oidc/nope/start`, jar);
    expect(new URL(unknown.headers.get('location')!).searchParams.get('sso_error')).toBe('unknown_provider');
    entra.addAccount({ sub: 'fortsatt', email: 'fortsatt@bergen.kommune.no', claims: { tid: TENANT } });
    expect((await viewer((await ssoFlow('entra', entra, 'fortsatt')).jar)).data?.viewer.email).toBe(
      'fortsatt@bergen.kommune.no',
    );
  });
});
