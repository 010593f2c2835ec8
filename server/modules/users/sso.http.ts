import { Router, type Request, type Response } from 'express';
import { createSigner, createVerifier } from 'fast-jwt';
import { OIDC_FLOW_MAX_AGE_MS, OidcError, type PendingFlow } from '../../auth/oidc.js';
import { setSessionCookie } from '../../auth/session.service.js';
import { parse as parseCookies } from 'cookie';
import type { TokenOf } from '../../common/http.js';
import type { Services } from '../../services.js';
import { SsoError } from './sso.service.js';

const FLOW_COOKIE = 'samverka_oidc';
const FLOW_PATH = '/auth/oidc';

/** A path on this site to return to; anything else (another host, `//x`, `\\x`) becomes `/`. */
const safeReturn = (v: unknown): string =>
  typeof v === 'string' && /^\/(?![/\\])[^\s\\]*$/.test(v) && v.length < 500 ? v : '/';

interface FlowCookie {
  flow: PendingFlow;
  returnTo: string;
  /** Set when a signed-in user links the provider to their account. */
  linkUserId: string | null;
}

/**
 * Single sign-on over plain HTTP redirects (the browser leaves Samverka for the provider and comes
 * back): GET /auth/oidc/<provider>/start and /callback. Between the two, the state, nonce and PKCE
 * verifier live in a signed, HttpOnly cookie of 10 minutes that only the callback path receives;
 * the callback clears it, so a replayed callback finds no flow. Every failure returns to the sign-in
 * page (or the profile, when linking) with `sso_error=<reason>`, which the page explains.
 */
export function ssoRoutes(services: Services, sessionSecret: string, tokenOf: TokenOf): Router {
  const router = Router();
  const key = `${sessionSecret}:oidc-flow`;
  const sign = createSigner({ key, algorithm: 'HS256', expiresIn: OIDC_FLOW_MAX_AGE_MS });
  const verify = createVerifier({ key, algorithms: ['HS256'], cache: false });
  const cookieOptions = {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: services.config.cookieSecure,
    path: FLOW_PATH,
  };

  const fail = (req: Request, res: Response, providerId: string, reason: string, linking: boolean, err?: unknown) => {
    req.log.warn({ err, provider: providerId, reason }, 'single sign-on failed');
    const page = linking ? '/profile' : '/sign-in';
    res.redirect(303, services.urls.link(page, { sso_error: reason, provider: providerId }));
  };

  router.get('/auth/oidc/:provider/start', async (req, res) => {
    const providerId = String(req.params.provider);
    const linking = req.query.link === '1';
    try {
      let linkUserId: string | null = null;
      if (linking) {
        const session = await services.sessions.resolve(tokenOf(req));
        if (!session) return fail(req, res, providerId, 'not_signed_in', false);
        linkUserId = session.user.id;
      }
      const { url, flow } = await services.sso.begin(providerId);
      const value: FlowCookie = { flow, returnTo: safeReturn(req.query.returnTo), linkUserId };
      const jwt = sign({ ...value });
      res.cookie(FLOW_COOKIE, jwt, { ...cookieOptions, maxAge: OIDC_FLOW_MAX_AGE_MS });
      res.redirect(302, url);
    } catch (err) {
      fail(req, res, providerId, err instanceof OidcError ? err.reason : 'unexpected', linking, err);
    }
  });

  router.get('/auth/oidc/:provider/callback', async (req, res) => {
    const providerId = String(req.params.provider);
    let cookie: FlowCookie | null = null;
    const raw = req.headers.cookie ? parseCookies(req.headers.cookie)[FLOW_COOKIE] : undefined;
    if (raw) {
      try {
        cookie = verify(raw) as FlowCookie;
      } catch {
        cookie = null;
      }
    }
    res.clearCookie(FLOW_COOKIE, cookieOptions);
    const linking = !!cookie?.linkUserId;
    try {
      const linkTo = cookie?.linkUserId ? ((await services.sessions.resolve(tokenOf(req)))?.user ?? null) : null;
      if (cookie?.linkUserId && linkTo?.id !== cookie.linkUserId)
        return fail(req, res, providerId, 'not_signed_in', true);
      // The URL the provider sent the browser to: only its query matters (the path is ours).
      const callbackUrl = new URL(req.originalUrl, services.urls.origin);
      const outcome = await services.sso.complete(
        providerId,
        callbackUrl,
        cookie?.flow ?? null,
        { ip: req.ip ?? 'unknown', userAgent: req.headers['user-agent'] ?? null },
        linkTo,
      );
      if (outcome.kind === 'linked') {
        res.redirect(303, services.urls.link('/profile', { sso_linked: providerId }));
        return;
      }
      setSessionCookie(res, outcome.auth, services.config.cookieSecure);
      res.redirect(303, services.urls.link(cookie?.returnTo ?? '/'));
    } catch (err) {
      const reason = err instanceof OidcError || err instanceof SsoError ? err.reason : 'unexpected';
      fail(req, res, providerId, reason, linking, err);
    }
  });
  return router;
}
