import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OidcClients, OidcError, type OidcErrorReason, type OidcProviderConfig } from '../server/auth/oidc.js';
import { startOidcProvider, type TestAccount, type TestOidcProvider } from './support/oidc-provider.js';

/**
 * The OpenID Connect protocol layer (server/auth/oidc.ts) against a real provider (oidc-provider):
 * code flow with PKCE, state and nonce, and how each failure is reported.
 */

const TENANT = '3f2b6c1e-8d4a-4b7e-9c0f-5a1d2e3f4a5b';
const kari: TestAccount = {
  sub: 'kari-nordmann',
  email: 'kari@bergen.kommune.no',
  emailVerified: true,
  name: 'Kari Nordmann',
  claims: { tid: TENANT },
};

const redirectUri = (providerId: string) => `http://127.0.0.1:4000/auth/oidc/${providerId}/callback`;
const client = (providerId: string) => ({
  clientId: `samverka-${providerId}`,
  clientSecret: `secret-${providerId}-0123456789abcdef`,
  redirectUris: [redirectUri(providerId)],
});
const providerConfig = (id: string, issuer: string): OidcProviderConfig => ({
  id,
  name: id,
  issuer,
  ...client(id),
  scopes: ['openid', 'email', 'profile'],
});

let idp: TestOidcProvider;
/** Its codes live 1 s. */
let shortIdp: TestOidcProvider;
/** Started on the port of the "down" provider during a test. */
let revived: TestOidcProvider | undefined;
let downPort: number;
let clients: OidcClients;

beforeAll(async () => {
  [idp, shortIdp, downPort] = await Promise.all([
    startOidcProvider({ clients: [client('entra')], accounts: [kari] }),
    startOidcProvider({ clients: [client('short')], accounts: [kari], authorizationCodeTtlSeconds: 1 }),
    closedPort(),
  ]);
  clients = new OidcClients(
    [
      providerConfig('entra', idp.issuer),
      providerConfig('short', shortIdp.issuer),
      providerConfig('down', `http://127.0.0.1:${downPort}`),
    ],
    { redirectUri, allowInsecureHttp: true },
  );
});

afterAll(async () => {
  await Promise.all([idp?.stop(), shortIdp?.stop(), revived?.stop()]);
});

async function signIn(providerId: string, provider: TestOidcProvider, login = kari.sub) {
  const { url, flow } = await clients.begin(providerId);
  const callback = new URL(await provider.authorize(url, login));
  return { url: new URL(url), flow, callback };
}

async function rejection(promise: Promise<unknown>, reason: OidcErrorReason): Promise<OidcError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OidcError);
  expect((error as OidcError).reason, (error as Error).message).toBe(reason);
  return error as OidcError;
}

describe('OIDC sign-in protocol', () => {
  it('signs in with code, PKCE (S256), state and nonce, and returns the identity and custom claims', async () => {
    const { url, flow, callback } = await signIn('entra', idp, kari.email);

    expect(`${url.origin}${url.pathname}`).toBe(`${idp.issuer}/auth`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'samverka-entra',
      redirect_uri: redirectUri('entra'),
      scope: 'openid email profile',
      code_challenge_method: 'S256',
      state: flow.state,
      nonce: flow.nonce,
    });
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.has('code_verifier')).toBe(false);
    expect(`${callback.origin}${callback.pathname}`).toBe(redirectUri('entra'));
    expect(callback.searchParams.get('state')).toBe(flow.state);
    expect(callback.searchParams.get('code')).toBeTruthy();

    const identity = await clients.complete('entra', callback, flow);
    expect(identity).toMatchObject({
      providerId: 'entra',
      subject: kari.sub,
      email: kari.email,
      emailVerified: true,
      name: kari.name,
    });
    expect(identity.claims).toMatchObject({ iss: idp.issuer, aud: 'samverka-entra', nonce: flow.nonce, tid: TENANT });
  });

  it('refuses a callback whose state is not the pending flow’s', async () => {
    const { flow, callback } = await signIn('entra', idp);
    const forged = new URL(callback);
    forged.searchParams.set('state', 'forged-state');
    await rejection(clients.complete('entra', forged, flow), 'state_mismatch');
    // Nor is a response to one sign-in accepted for another one in the same browser.
    const other = await clients.begin('entra');
    await rejection(clients.complete('entra', callback, other.flow), 'state_mismatch');
  });

  it('refuses a code used twice', async () => {
    const { flow, callback } = await signIn('entra', idp);
    await clients.complete('entra', callback, flow);
    await rejection(clients.complete('entra', callback, flow), 'invalid_grant');
    expect(idp.tokenErrors.at(-1)).toMatch(/authorization code already consumed/);
  });

  it('refuses an expired code', async () => {
    const { flow, callback } = await signIn('short', shortIdp);
    const issuedBy = Date.now();
    // oidc-provider counts whole epoch seconds: exp = floor(issued / 1000) + ttl, expired once
    // floor(now / 1000) >= exp. With a 1 s TTL, the code is expired when the next second begins.
    await until((Math.floor(issuedBy / 1000) + 1) * 1000);
    await rejection(clients.complete('short', callback, flow), 'invalid_grant');
    expect(shortIdp.tokenErrors.at(-1)).toMatch(/authorization code is expired/);
  });

  it('enforces PKCE and the nonce', async () => {
    const first = await signIn('entra', idp);
    const wrongVerifier = { ...first.flow, codeVerifier: 'a'.repeat(43) };
    await rejection(clients.complete('entra', first.callback, wrongVerifier), 'invalid_grant');
    expect(idp.tokenErrors.at(-1)).toMatch(/code_verifier does not match code_challenge/);

    const second = await signIn('entra', idp);
    const wrongNonce = { ...second.flow, nonce: 'another-nonce' };
    await rejection(clients.complete('entra', second.callback, wrongNonce), 'invalid_response');
  });

  it('fails only the sign-ins of a provider that is down, and tries its discovery again later', async () => {
    const started = Date.now();
    const error = await rejection(clients.begin('down'), 'provider_unavailable');
    expect(error.message).toContain(`127.0.0.1:${downPort}`);
    expect(Date.now() - started).toBeLessThan(5_000);

    const { flow, callback } = await signIn('entra', idp);
    await expect(clients.complete('entra', callback, flow)).resolves.toMatchObject({ subject: kari.sub });

    // The failure was not cached: once the provider is up, its sign-in works.
    revived = await startOidcProvider({ clients: [client('down')], accounts: [kari], port: downPort });
    const again = await signIn('down', revived);
    await expect(clients.complete('down', again.callback, again.flow)).resolves.toMatchObject({ subject: kari.sub });
  });

  it('reports an error the provider redirected back with', async () => {
    const { url, flow } = await clients.begin('entra');
    // Cancel on the provider's login page: it redirects back with error=access_denied.
    const callback = new URL(await idp.deny(url));
    expect(callback.searchParams.get('error')).toBe('access_denied');
    const error = await rejection(clients.complete('entra', callback, flow), 'provider_error');
    expect(error.message).toContain('access_denied');
    expect(error.message).toContain('End-User aborted interaction');
  });

  it('refuses unknown providers and missing, foreign or stale flows', async () => {
    await rejection(clients.begin('nope'), 'unknown_provider');
    const { flow, callback } = await signIn('entra', idp);
    await rejection(clients.complete('nope', callback, flow), 'unknown_provider');
    await rejection(clients.complete('entra', callback, null), 'flow_missing');
    await rejection(clients.complete('short', callback, flow), 'flow_missing');
    const stale = { ...flow, createdAt: Date.now() - 11 * 60_000 };
    await rejection(clients.complete('entra', callback, stale), 'flow_expired');
  });

  it('tells the Node driver when a login does not exist', async () => {
    const { url } = await clients.begin('entra');
    await expect(idp.authorize(url, 'nobody')).rejects.toThrow(/No account/);
  });
});

/** A port nothing listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function until(epochMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, epochMs - Date.now())));
}
