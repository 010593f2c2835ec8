import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureClientBuilt } from '../../client/build.js';
import { startOidcProvider, type TestOidcProvider } from '../support/oidc-provider.js';
import { freePort } from '../support/net.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { expectAccessible, hasChromium, launchChromium, openPage, screenshot } from './browser.js';

/** The UI waits on what the user would see; nothing here sleeps. */
const UI_TIMEOUT = 15_000;
const TENANT = '7d3c9a10-3333-4b7e-9c0f-5a1d2e3f4a5b';

describe.skipIf(!hasChromium)('single sign-on in Chromium', () => {
  let s: TestServer;
  let idp: TestOidcProvider;
  let browser: Browser;
  let origin: string;

  beforeAll(async () => {
    await ensureClientBuilt();
    // The server and the provider name each other's address, so both ports are chosen first.
    const [port, idpPort, downPort] = await Promise.all([freePort(), freePort(), freePort()]);
    origin = `http://127.0.0.1:${port}`;
    const providers = [
      {
        id: 'kommune-id',
        name: 'Kommune-ID',
        issuer: `http://127.0.0.1:${idpPort}`,
        clientId: 'samverka',
        clientSecret: 'kommune-id-secret-0123456789',
        organisation: { by: 'claim', claim: 'tid', values: { [TENANT]: 'NO:964338531' } },
      },
      {
        id: 'nede',
        name: 'Nede-ID',
        issuer: `http://127.0.0.1:${downPort}`,
        clientId: 'samverka',
        clientSecret: 'nede-secret-0123456789',
        organisation: { by: 'emailDomain' },
      },
    ];
    s = await startTestServer({ PORT: String(port), PUBLIC_URL: origin, OIDC_PROVIDERS: JSON.stringify(providers) });
    idp = await startOidcProvider({
      port: idpPort,
      clients: [
        {
          clientId: 'samverka',
          clientSecret: 'kommune-id-secret-0123456789',
          redirectUris: [`${origin}/auth/oidc/kommune-id/callback`],
        },
      ],
      accounts: [
        { sub: 'ingrid', email: 'ingrid@bergen.kommune.no', name: 'Ingrid Bergen', claims: { tid: TENANT } },
        { sub: 'fremmed', email: 'x@example.org', name: 'Fremmed', claims: { tid: 'ukjent-tenant' } },
      ],
    });
    await s.factories.organisation({
      name: 'Bergen kommune',
      organisationNumber: '964338531',
      emailDomains: ['bergen.kommune.no'],
      requiresApproval: false,
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await idp?.stop();
    await s?.close();
  });

  const newPage = (): Promise<Page> => openPage(browser, 'person', { locale: 'en-GB' });

  const startAt = async (page: Page, provider: string) => {
    await page.goto(`${origin}/sign-in`);
    await page.getByRole('link', { name: `Sign in with ${provider}` }).click({ timeout: UI_TIMEOUT });
  };

  it('signs in through the "Sign in with ..." button, and the first sign-in creates the account', async () => {
    const page = await newPage();
    await startAt(page, 'Kommune-ID');
    // The provider's own login page.
    await page.locator('input[name="login"]').fill('ingrid', { timeout: UI_TIMEOUT });
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Back in Samverka, signed in.
    await page.waitForURL((url) => url.origin === origin && !url.pathname.startsWith('/sign-in'), {
      timeout: UI_TIMEOUT,
    });
    await expect.poll(() => page.getByText('Ingrid Bergen').first().isVisible(), { timeout: UI_TIMEOUT }).toBe(true);
    const [row] = await s.db.query(
      `SELECT u.email, o.name FROM user_account u JOIN organisation o ON o.id = u.organisation_id WHERE u.email = 'ingrid@bergen.kommune.no'`,
    );
    expect(row).toEqual({ email: 'ingrid@bergen.kommune.no', name: 'Bergen kommune' });
    await screenshot(page, 'sso-signed-in');
    await page.context().close();
  });

  it('an unknown tenant and a provider that is down come back to the sign-in page with a message', async () => {
    const page = await newPage();
    await startAt(page, 'Kommune-ID');
    await page.locator('input[name="login"]').fill('fremmed', { timeout: UI_TIMEOUT });
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(
      (url) => url.pathname === '/sign-in' && url.searchParams.get('sso_error') === 'unknown_tenant',
      {
        timeout: UI_TIMEOUT,
      },
    );
    const alert = page.getByRole('alert').first();
    await expect.poll(() => alert.isVisible(), { timeout: UI_TIMEOUT }).toBe(true);
    const unknownTenant = await alert.innerText();
    await screenshot(page, 'sso-unknown-tenant');
    await expectAccessible(page, 'sign-in with a single sign-on error');

    await startAt(page, 'Nede-ID');
    await page.waitForURL((url) => url.searchParams.get('sso_error') === 'provider_unavailable', {
      timeout: UI_TIMEOUT,
    });
    await expect
      .poll(() => page.getByRole('alert').first().innerText(), { timeout: UI_TIMEOUT })
      .not.toBe(unknownTenant);
    // The other button still works.
    await expect(page.getByRole('link', { name: 'Sign in with Kommune-ID' }).isVisible()).resolves.toBe(true);
    await page.context().close();
  });
});
