import { generateKeyPair, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real OpenID provider (oidc-provider v9) for tests: authorization code flow with PKCE (S256
 * required), a one-field login form a browser can fill in, and `authorize()` that drives the same
 * form from Node without a browser. Consent is granted automatically.
 *
 * oidc-provider ships no type declarations (and @types/oidc-provider is not installed), so the few
 * members used here are typed by hand below.
 */

export interface TestOidcClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

export interface TestAccount {
  /** The subject; the login form accepts it or the email address. */
  sub: string;
  email?: string;
  emailVerified?: boolean;
  name?: string;
  /** Extra claims such as `tid` (Entra ID tenant) or `orgnr`; see `extraClaims` for when they are released. */
  claims?: Record<string, unknown>;
}

export interface TestOidcProviderOptions {
  clients: TestOidcClient[];
  accounts?: TestAccount[];
  /**
   * Scope → names of extra account claims that scope releases, in the ID token and from userinfo.
   * The default releases `tid` and `orgnr` with `openid`, that is always, as Entra ID does with `tid`.
   */
  extraClaims?: Record<string, string[]>;
  /** Lifetime of authorization codes; oidc-provider's default is 60 s. A test of code expiry sets 1. */
  authorizationCodeTtlSeconds?: number;
  /** 0 (the default) picks a free port; a fixed one lets a test bring up a provider that was down. */
  port?: number;
}

export interface TestOidcProvider {
  /** `http://127.0.0.1:<port>`, without a trailing slash (as in the ID token's `iss`). */
  issuer: string;
  addAccount(account: TestAccount): void;
  /**
   * Why token requests failed, oldest first: oidc-provider's detail (such as "authorization code is
   * expired"), which the client only sees as `invalid_grant` "grant request is invalid".
   */
  readonly tokenErrors: string[];
  /**
   * Signs `login` (a subject or email) in through the login form with a fresh cookie jar, following
   * the provider's redirects, and returns the URL it finally redirects to on the client's side
   * (the redirect_uri with `code`, `state` and `iss`, or with `error`). That URL is not fetched.
   */
  authorize(authorizationUrl: string, login: string): Promise<string>;
  /** As `authorize`, but presses Cancel on the login form: the client gets `error=access_denied`. */
  deny(authorizationUrl: string): Promise<string>;
  stop(): Promise<void>;
}

interface Interaction {
  uid: string;
  prompt: { name: string; details: Record<string, unknown> };
  params: Record<string, unknown>;
  session?: { accountId?: string };
  grantId?: string;
}

interface ProviderError extends Error {
  error?: string;
  error_detail?: string;
}

interface GrantInstance {
  accountId: string;
  clientId: string;
  addOIDCScope(scope: string): void;
  addOIDCClaims(claims: string[]): void;
  save(): Promise<string>;
}

interface GrantModel {
  new (init: { accountId: string | undefined; clientId: string }): GrantInstance;
  find(id: string): Promise<GrantInstance | undefined>;
}

interface ProviderInstance {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
  interactionFinished(
    req: IncomingMessage,
    res: ServerResponse,
    result: Record<string, unknown>,
    options?: { mergeWithLastSubmission?: boolean },
  ): Promise<void>;
  on(event: 'server_error' | 'grant.error', listener: (ctx: unknown, error: ProviderError) => void): void;
  Grant: GrantModel;
}

type ProviderConstructor = new (issuer: string, configuration: Record<string, unknown>) => ProviderInstance;

/** The slice of oidc-provider's Koa context that the configuration callbacks below read. */
interface ProviderContext {
  oidc: {
    provider: ProviderInstance;
    client: { clientId: string };
    session: { accountId?: string; grantIdFor(clientId: string): string | undefined };
    result?: { consent?: { grantId?: string } };
    requestParamOIDCScopes: Set<string>;
    requestParamClaims: Set<string>;
  };
  type: string;
  body: unknown;
}

const DEFAULT_EXTRA_CLAIMS: Record<string, string[]> = { openid: ['tid', 'orgnr'] };
const MAX_HOPS = 20;
/** The models revoked together when a grant is (for example when a code is used twice). */
const GRANT_MEMBERS = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
]);

export async function startOidcProvider(options: TestOidcProviderOptions): Promise<TestOidcProvider> {
  const Provider = await loadProvider();
  const accounts = new Map<string, TestAccount>();
  const addAccount = (account: TestAccount) => void accounts.set(account.sub, account);
  for (const account of options.accounts ?? []) addAccount(account);
  const findByLogin = (login: string): TestAccount | undefined => {
    const wanted = login.trim();
    if (accounts.has(wanted)) return accounts.get(wanted);
    for (const account of accounts.values()) {
      if (account.email && account.email.toLowerCase() === wanted.toLowerCase()) return account;
    }
    return undefined;
  };

  // The issuer names the port, so listen first and hand requests to the provider once it exists.
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const server = createServer((req, res) => handle(req, res));
  await listen(server, options.port ?? 0);
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;

  const extraClaims = options.extraClaims ?? DEFAULT_EXTRA_CLAIMS;
  const claims: Record<string, string[]> = {
    email: ['email', 'email_verified'],
    profile: ['name'],
    ...extraClaims,
    openid: ['sub', ...(extraClaims.openid ?? [])],
  };

  const provider = new Provider(issuer, {
    adapter: memoryAdapter(),
    clients: options.clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: c.redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
    })),
    jwks: { keys: [await signingKey()] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims,
    // Scope-released claims (email, tid, ...) go into the ID token too, not only to userinfo.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx: unknown, sub: string) => {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return { accountId: account.sub, claims: async () => accountClaims(account) };
    },
    loadExistingGrant,
    // Explicit values, also to keep oidc-provider from printing a notice about each default.
    ttl: {
      AccessToken: 600,
      AuthorizationCode: options.authorizationCodeTtlSeconds ?? 60,
      BackchannelAuthenticationRequest: 600,
      ClientCredentials: 600,
      DeviceCode: 600,
      Grant: 3600,
      IdToken: 600,
      Interaction: 600,
      PreAuthorizedCode: 600,
      RefreshToken: 3600,
      Session: 3600,
    },
    clientBasedCORS: () => false,
    renderError: async (ctx: ProviderContext, out: Record<string, string>) => {
      ctx.type = 'html';
      ctx.body = page('Error', `<h1>Error</h1><pre id="error">${escapeHtml(JSON.stringify(out, null, 2))}</pre>`);
    },
  });
  // oidc-provider turns its own failures into a bare 500 page; say what went wrong.
  provider.on('server_error', (_ctx, error) => console.error('test OpenID provider:', error));
  const tokenErrors: string[] = [];
  provider.on('grant.error', (_ctx, error) => {
    const cause = error.cause instanceof Error ? error.cause.message : undefined;
    tokenErrors.push(`${error.error ?? error.name}: ${error.error_detail ?? cause ?? error.message}`);
  });

  const providerCallback = provider.callback();
  handle = (req, res) => {
    const path = new URL(req.url ?? '/', issuer).pathname;
    const match = /^\/interaction\/([\w-]+)(?:\/(login|abort))?$/.exec(path);
    if (!match) return providerCallback(req, res);
    interaction(provider, req, res, match[2], findByLogin).catch((error: unknown) => {
      if (!res.headersSent) {
        res.statusCode = 400;
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.end(page('Error', `<h1>Error</h1><p id="error">${escapeHtml(String(error))}</p>`));
      } else res.end();
    });
  };

  return {
    issuer,
    addAccount,
    tokenErrors,
    authorize: (authorizationUrl, login) => drive(issuer, authorizationUrl, { action: 'login', login }),
    deny: (authorizationUrl) => drive(issuer, authorizationUrl, { action: 'abort' }),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive connections (from fetch) would hold close() open.
        server.closeAllConnections();
      }),
  };
}

async function loadProvider(): Promise<ProviderConstructor> {
  // oidc-provider 9 warns on import that it wants Node 22; it works on the Node 20 this project runs.
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith('oidc-provider WARNING: Unsupported runtime')) return;
    warn(...args);
  };
  try {
    // @ts-expect-error -- no type declarations; see the hand-written types above.
    const module = (await import('oidc-provider')) as { Provider: ProviderConstructor };
    return module.Provider;
  } finally {
    console.warn = warn;
  }
}

function accountClaims(account: TestAccount): Record<string, unknown> {
  return {
    ...account.claims,
    sub: account.sub,
    ...(account.email !== undefined && { email: account.email, email_verified: account.emailVerified ?? false }),
    ...(account.name !== undefined && { name: account.name }),
  };
}

/**
 * Consent without a prompt: the grant (new, or the one this session already has) is widened to
 * whatever this request asks for, so oidc-provider's consent checks find nothing missing.
 */
async function loadExistingGrant(ctx: ProviderContext): Promise<GrantInstance> {
  const { oidc } = ctx;
  const grantId = oidc.result?.consent?.grantId ?? oidc.session.grantIdFor(oidc.client.clientId);
  const grant =
    (grantId ? await oidc.provider.Grant.find(grantId) : undefined) ??
    new oidc.provider.Grant({ accountId: oidc.session.accountId, clientId: oidc.client.clientId });
  grant.addOIDCScope([...oidc.requestParamOIDCScopes].join(' '));
  if (oidc.requestParamClaims.size) grant.addOIDCClaims([...oidc.requestParamClaims]);
  await grant.save();
  return grant;
}

/** The interaction routes: the login form, its submission, and Cancel (access_denied). */
async function interaction(
  provider: ProviderInstance,
  req: IncomingMessage,
  res: ServerResponse,
  action: string | undefined,
  findByLogin: (login: string) => TestAccount | undefined,
): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  const base = `/interaction/${details.uid}`;
  res.setHeader('cache-control', 'no-store');

  if (action === 'abort' && req.method === 'POST') {
    const result = { error: 'access_denied', error_description: 'End-User aborted interaction' };
    return provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
  }

  if (details.prompt.name === 'consent') {
    // Only reached if loadExistingGrant did not cover the request: grant what is missing and go on.
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: details.session?.accountId, clientId: String(details.params.client_id) });
    if (!grant) throw new Error('grant not found');
    const missingScope = details.prompt.details.missingOIDCScope;
    const missingClaims = details.prompt.details.missingOIDCClaims;
    if (Array.isArray(missingScope)) grant.addOIDCScope(missingScope.join(' '));
    if (Array.isArray(missingClaims)) grant.addOIDCClaims(missingClaims.map(String));
    const result = { consent: { grantId: await grant.save() } };
    return provider.interactionFinished(req, res, result, { mergeWithLastSubmission: true });
  }
  if (details.prompt.name !== 'login') throw new Error(`unsupported prompt ${details.prompt.name}`);

  let error: string | undefined;
  if (action === 'login' && req.method === 'POST') {
    const login = new URLSearchParams(await readBody(req)).get('login') ?? '';
    const account = findByLogin(login);
    if (account) {
      return provider.interactionFinished(
        req,
        res,
        { login: { accountId: account.sub } },
        { mergeWithLastSubmission: false },
      );
    }
    error = `No account “${login}”.`;
  }

  res.statusCode = error ? 401 : 200;
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.end(
    page(
      'Sign in',
      `<h1>Sign in to the test provider</h1>
${error ? `<p id="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="${base}/login">
  <label>Subject or email <input name="login" autocomplete="username" autofocus required></label>
  <button type="submit">Sign in</button>
</form>
<form method="post" action="${base}/abort"><button type="submit">Cancel</button></form>`,
    ),
  );
}

/** Follows the provider's redirects with its own cookies and submits the login form's `choice` once. */
async function drive(
  issuer: string,
  authorizationUrl: string,
  choice: { action: 'login'; login: string } | { action: 'abort' },
): Promise<string> {
  const origin = new URL(issuer).origin;
  const redirectUri = new URL(authorizationUrl).searchParams.get('redirect_uri');
  const jar = new CookieJar();
  let url = new URL(authorizationUrl);
  let form: URLSearchParams | undefined;
  let submitted = false;

  for (let hop = 0; hop < MAX_HOPS; hop++) {
    if (url.origin !== origin || `${url.origin}${url.pathname}` === redirectUri) return url.href;
    const headers: Record<string, string> = { cookie: jar.header(url) };
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(url, { method: form ? 'POST' : 'GET', body: form, headers, redirect: 'manual' });
    jar.store(url, response.headers.getSetCookie());
    form = undefined;

    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      url = new URL(location, url);
      continue;
    }
    const html = await response.text();
    const action = new RegExp(`<form[^>]*\\baction="([^"]+/${choice.action})"`).exec(html)?.[1];
    if (response.status === 200 && action && !submitted) {
      url = new URL(action, url);
      form = new URLSearchParams(choice.action === 'login' ? { login: choice.login } : {});
      submitted = true;
      continue;
    }
    const reason = /id="error"[^>]*>([\s\S]*?)<\//.exec(html)?.[1] ?? html.slice(0, 300);
    throw new Error(`test OpenID provider: ${response.status} at ${url.pathname}: ${reason.trim()}`);
  }
  throw new Error(`test OpenID provider: more than ${MAX_HOPS} redirects`);
}

/** Just enough of a cookie jar for one origin: names, paths and deletion. */
class CookieJar {
  private readonly cookies = new Map<string, { name: string; value: string; path: string }>();

  store(url: URL, setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let path = url.pathname.replace(/\/[^/]*$/, '') || '/';
      let expired = false;
      for (const attribute of attributes) {
        const [key = '', val = ''] = attribute.split('=');
        const lower = key.toLowerCase();
        if (lower === 'path' && val.startsWith('/')) path = val;
        if (lower === 'max-age' && Number(val) <= 0) expired = true;
        if (lower === 'expires' && Date.parse(val) <= Date.now()) expired = true;
      }
      const key = `${name};${path}`;
      if (expired) this.cookies.delete(key);
      else this.cookies.set(key, { name, value, path });
    }
  }

  header(url: URL): string {
    return [...this.cookies.values()]
      .filter((c) => url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
      .sort((a, b) => b.path.length - a.path.length)
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }
}

/**
 * A per-provider in-memory store. oidc-provider's own memory adapter is shared by every instance in
 * the process and prints a warning; this one keeps providers in one test file apart.
 */
function memoryAdapter() {
  const store = new Map<string, { payload: Record<string, unknown>; expiresAt: number }>();
  const grants = new Map<string, Set<string>>();
  const get = (key: string | undefined) => {
    if (key === undefined) return undefined;
    const entry = store.get(key);
    if (entry && entry.expiresAt <= Date.now()) {
      store.delete(key);
      return undefined;
    }
    return entry?.payload;
  };
  // Kept a little past expiry (as oidc-provider's memory adapter does, by its clock tolerance) so the
  // provider itself finds an artefact expired, and says so, rather than not finding it at all.
  const set = (key: string, payload: Record<string, unknown>, expiresIn: number | undefined) =>
    store.set(key, { payload, expiresAt: expiresIn === undefined ? Infinity : Date.now() + (expiresIn + 15) * 1000 });

  return class Adapter {
    constructor(private readonly model: string) {}

    private key(id: string) {
      return `${this.model}:${id}`;
    }

    async upsert(id: string, payload: Record<string, unknown>, expiresIn?: number): Promise<void> {
      set(this.key(id), payload, expiresIn);
      if (this.model === 'Session' && typeof payload.uid === 'string') set(`uid:${payload.uid}`, { id }, expiresIn);
      if (typeof payload.userCode === 'string') set(`userCode:${payload.userCode}`, { id }, expiresIn);
      if (GRANT_MEMBERS.has(this.model) && typeof payload.grantId === 'string') {
        const members = grants.get(payload.grantId) ?? new Set<string>();
        grants.set(payload.grantId, members.add(this.key(id)));
      }
    }

    async find(id: string) {
      return get(this.key(id));
    }

    async findByUid(uid: string) {
      const ref = get(`uid:${uid}`);
      return ref ? this.find(String(ref.id)) : undefined;
    }

    async findByUserCode(userCode: string) {
      const ref = get(`userCode:${userCode}`);
      return ref ? this.find(String(ref.id)) : undefined;
    }

    async consume(id: string): Promise<void> {
      const payload = get(this.key(id));
      if (payload) payload.consumed = Math.floor(Date.now() / 1000);
    }

    async destroy(id: string): Promise<void> {
      store.delete(this.key(id));
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      for (const key of grants.get(grantId) ?? []) store.delete(key);
      grants.delete(grantId);
    }
  };
}

let keyPromise: Promise<Record<string, unknown>> | undefined;

/** One RS256 key per process (RS256 is the default ID token algorithm); generating it takes ~50 ms. */
function signingKey(): Promise<Record<string, unknown>> {
  keyPromise ??= new Promise((resolve, reject) =>
    generateKeyPair('rsa', { modulusLength: 2048 }, (error, _publicKey, privateKey) => {
      if (error) return reject(error);
      const kid = randomBytes(8).toString('hex');
      resolve({ ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' });
    }),
  );
  return keyPromise;
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 64 * 1024) throw new Error('request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body>${body}</body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}
