import {
  allowInsecureRequests,
  authorizationCodeGrant,
  AuthorizationResponseError,
  buildAuthorizationUrl,
  calculatePKCECodeChallenge,
  ClientError,
  ClientSecretBasic,
  ClientSecretPost,
  discovery,
  fetchUserInfo,
  randomNonce,
  randomPKCECodeVerifier,
  randomState,
  ResponseBodyError,
  WWWAuthenticateChallengeError,
  type ClientAuth,
  type Configuration,
} from 'openid-client';

/** A sign-in that has not come back yet older than this is refused (the user starts again). */
export const OIDC_FLOW_MAX_AGE_MS = 10 * 60_000;
/** Discovery, token and userinfo requests give up after this; a provider that is down fails fast. */
const DEFAULT_TIMEOUT_SECONDS = 5;

export interface OidcProviderConfig {
  /** Stable id, used in the callback path and stored with linked identities. */
  id: string;
  /** Shown on the sign-in button. */
  name: string;
  /** Issuer identifier; discovery reads `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** `openid` is added if missing. */
  scopes: string[];
}

export interface OidcClientsOptions {
  /** The registered redirect URI for a provider; the same value goes to the authorization and token requests. */
  redirectUri: (providerId: string) => string;
  /** Allows http:// issuers: tests and local development only. */
  allowInsecureHttp: boolean;
  timeoutSeconds?: number;
}

/** What the caller keeps (in a signed, HttpOnly cookie) between `begin` and `complete`. */
export interface PendingFlow {
  providerId: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  /** Epoch milliseconds. */
  createdAt: number;
}

export interface OidcIdentity {
  providerId: string;
  /** The ID token's `sub`: with `providerId`, the stable key of the identity. */
  subject: string;
  email: string | null;
  /** True only when the provider says so (`email_verified`); Entra ID, for one, never does. */
  emailVerified: boolean;
  name: string | null;
  /** The validated ID token claims over the userinfo response (the ID token wins on conflicts). */
  claims: Record<string, unknown>;
}

export type OidcErrorReason =
  | 'unknown_provider'
  | 'provider_unavailable'
  | 'state_mismatch'
  | 'flow_missing'
  | 'flow_expired'
  | 'provider_error'
  | 'invalid_grant'
  | 'invalid_response';

/** Every failure of `begin` and `complete`; `reason` is for the user-facing message, `message` for the log. */
export class OidcError extends Error {
  constructor(
    readonly reason: OidcErrorReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OidcError';
  }
}

/**
 * The relying party for the configured OpenID providers: authorization code flow with PKCE (S256),
 * state and nonce. Discovery runs on a provider's first use and is cached; a failed one is retried
 * on the next sign-in, so a provider that is down fails only its own sign-ins, never the start.
 * Cookies, sessions and user linking are the caller's business.
 */
export class OidcClients {
  private readonly providers = new Map<string, OidcProviderConfig>();
  private readonly configurations = new Map<string, Promise<Configuration>>();
  private readonly timeoutSeconds: number;

  constructor(
    providers: OidcProviderConfig[],
    private readonly opts: OidcClientsOptions,
  ) {
    this.timeoutSeconds = opts.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
    for (const provider of providers) {
      // Configuration mistakes are reported at start; only reachability is left to sign-in time.
      if (this.providers.has(provider.id)) throw new TypeError(`OIDC provider "${provider.id}" is configured twice`);
      const issuer = URL.parse(provider.issuer);
      if (!issuer || !['https:', 'http:'].includes(issuer.protocol)) {
        throw new TypeError(`OIDC provider "${provider.id}": issuer ${provider.issuer} is not an http(s) URL`);
      }
      if (issuer.protocol === 'http:' && !opts.allowInsecureHttp) {
        throw new TypeError(`OIDC provider "${provider.id}": issuer ${provider.issuer} must use https`);
      }
      this.providers.set(provider.id, provider);
    }
  }

  /** The configured providers, in order, for the sign-in page. */
  list(): { id: string; name: string }[] {
    return [...this.providers.values()].map(({ id, name }) => ({ id, name }));
  }

  async begin(providerId: string): Promise<{ url: string; flow: PendingFlow }> {
    const provider = this.provider(providerId);
    const config = await this.configuration(provider);
    const flow: PendingFlow = {
      providerId,
      state: randomState(),
      nonce: randomNonce(),
      codeVerifier: randomPKCECodeVerifier(),
      createdAt: Date.now(),
    };
    const scopes = new Set(['openid', ...provider.scopes]);
    const url = buildAuthorizationUrl(config, {
      response_type: 'code',
      redirect_uri: this.opts.redirectUri(providerId),
      scope: [...scopes].join(' '),
      code_challenge: await calculatePKCECodeChallenge(flow.codeVerifier),
      code_challenge_method: 'S256',
      state: flow.state,
      nonce: flow.nonce,
    });
    return { url: url.href, flow };
  }

  /**
   * Finishes a sign-in from the URL the provider redirected the browser to. `flow` is what `begin`
   * returned (null when the cookie is missing or did not verify); it must not be used twice.
   */
  async complete(providerId: string, callbackUrl: URL, flow: PendingFlow | null): Promise<OidcIdentity> {
    const provider = this.provider(providerId);
    if (!isFlow(flow) || flow.providerId !== providerId) {
      throw new OidcError('flow_missing', `no pending sign-in with ${providerId} in this browser`);
    }
    const age = Date.now() - flow.createdAt;
    if (age > OIDC_FLOW_MAX_AGE_MS || age < -60_000) {
      throw new OidcError('flow_expired', `the sign-in with ${providerId} was started ${Math.round(age / 1000)} s ago`);
    }
    const params = callbackUrl.searchParams;
    // State first: an error response is only believed when it answers this browser's request.
    if (params.get('state') !== flow.state) {
      throw new OidcError('state_mismatch', `the response from ${providerId} does not answer this browser's request`);
    }
    const error = params.get('error');
    if (error !== null) throw providerError(providerId, error, params.get('error_description'));

    const config = await this.configuration(provider);
    // The token request repeats the redirect_uri from the authorization request. Rebuilt from the
    // configured value, it stays exact whatever proxies did to the URL the callback arrived on.
    const currentUrl = new URL(this.opts.redirectUri(providerId));
    currentUrl.search = callbackUrl.search;

    let claims: Record<string, unknown>;
    let subject: string;
    try {
      const tokens = await authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: flow.codeVerifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      const idToken = tokens.claims();
      if (!idToken) throw new OidcError('invalid_response', `${providerId} returned no ID token`);
      subject = idToken.sub;
      let userinfo: Record<string, unknown> = {};
      if (config.serverMetadata().userinfo_endpoint && tokens.access_token) {
        // Checks that userinfo describes the same subject as the ID token.
        userinfo = await fetchUserInfo(config, tokens.access_token, subject);
      }
      claims = { ...userinfo, ...idToken };
    } catch (cause) {
      throw toOidcError(providerId, cause);
    }

    return {
      providerId,
      subject,
      email: typeof claims.email === 'string' && claims.email !== '' ? claims.email : null,
      // Some providers send the string "true".
      emailVerified: claims.email_verified === true || claims.email_verified === 'true',
      name: typeof claims.name === 'string' && claims.name !== '' ? claims.name : null,
      claims,
    };
  }

  private provider(providerId: string): OidcProviderConfig {
    const provider = this.providers.get(providerId);
    if (!provider) throw new OidcError('unknown_provider', `no OIDC provider "${providerId}" is configured`);
    return provider;
  }

  private configuration(provider: OidcProviderConfig): Promise<Configuration> {
    let pending = this.configurations.get(provider.id);
    if (!pending) {
      pending = this.discover(provider);
      this.configurations.set(provider.id, pending);
      // Forget a failure, so the next sign-in tries again: the provider may be back by then.
      const failed = pending;
      failed.catch(() => {
        if (this.configurations.get(provider.id) === failed) this.configurations.delete(provider.id);
      });
    }
    return pending;
  }

  private async discover(provider: OidcProviderConfig): Promise<Configuration> {
    try {
      return await discovery(
        new URL(provider.issuer),
        provider.clientId,
        undefined,
        clientAuth(provider.clientSecret),
        {
          timeout: this.timeoutSeconds,
          execute: this.opts.allowInsecureHttp ? [allowInsecureRequests] : [],
        },
      );
    } catch (cause) {
      throw new OidcError(
        'provider_unavailable',
        `discovery of ${provider.id} at ${provider.issuer} failed: ${describe(cause)}`,
        { cause },
      );
    }
  }
}

/**
 * client_secret_basic where the provider supports it (the OAuth default when it says nothing),
 * otherwise client_secret_post. Chosen per request from the discovered metadata, which the
 * client authentication has to be given before discovery has run.
 */
function clientAuth(secret: string): ClientAuth {
  const basic = ClientSecretBasic(secret);
  const post = ClientSecretPost(secret);
  return (as, client, body, headers) => {
    const supported = as.token_endpoint_auth_methods_supported;
    const usePost = supported !== undefined && !supported.includes('client_secret_basic');
    return (usePost ? post : basic)(as, client, body, headers);
  };
}

function isFlow(flow: PendingFlow | null): flow is PendingFlow {
  return (
    flow !== null &&
    typeof flow === 'object' &&
    typeof flow.providerId === 'string' &&
    typeof flow.state === 'string' &&
    typeof flow.nonce === 'string' &&
    typeof flow.codeVerifier === 'string' &&
    typeof flow.createdAt === 'number'
  );
}

function providerError(
  providerId: string,
  error: string,
  description: string | null | undefined,
  cause?: unknown,
): OidcError {
  return new OidcError('provider_error', `${providerId} answered ${error}${description ? `: ${description}` : ''}`, {
    cause,
  });
}

/** Maps openid-client's errors (from the token and userinfo requests) onto the reasons. */
function toOidcError(providerId: string, error: unknown): OidcError {
  if (error instanceof OidcError) return error;
  // An OAuth error from the token endpoint; invalid_grant is a code that expired, was used
  // already, or whose PKCE verifier does not match.
  let oauthError: string | undefined;
  let description: string | undefined;
  if (error instanceof ResponseBodyError) {
    oauthError = error.error;
    description = error.error_description;
  } else if (error instanceof WWWAuthenticateChallengeError) {
    const challenge = error.cause.find((c) => c.parameters.error);
    oauthError = challenge?.parameters.error ?? `HTTP ${error.status}`;
    description = challenge?.parameters.error_description;
  } else if (error instanceof AuthorizationResponseError) {
    oauthError = error.error;
    description = error.error_description;
  }
  if (oauthError !== undefined) {
    if (oauthError === 'invalid_grant') {
      return new OidcError('invalid_grant', `${providerId} refused the code: ${description ?? oauthError}`, {
        cause: error,
      });
    }
    return providerError(providerId, oauthError, description, error);
  }
  if (isUnreachable(error)) {
    return new OidcError('provider_unavailable', `${providerId} did not answer: ${describe(error)}`, { cause: error });
  }
  return new OidcError('invalid_response', `unexpected response from ${providerId}: ${describe(error)}`, {
    cause: error,
  });
}

/** Network failures, timeouts and 5xx answers: the provider is down, not wrong. */
function isUnreachable(error: unknown): boolean {
  // fetch() rejects with a plain TypeError ("fetch failed"); openid-client's own TypeErrors carry a code.
  if (error instanceof TypeError) return !('code' in error);
  if (!(error instanceof ClientError)) return false;
  if (error.code === 'OAUTH_TIMEOUT' || error.code === 'OAUTH_ABORT') return true;
  return error.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' && error.cause instanceof Response && error.cause.status >= 500;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`;
}
