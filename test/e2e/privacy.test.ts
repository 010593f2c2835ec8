import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureClientBuilt } from '../../client/build.js';
import { PASSWORD, type TestUser } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { expectAccessible, hasChromium, launchChromium, openPage } from './browser.js';

const UI_TIMEOUT = 15_000;

describe.skipIf(!hasChromium)('personal data in Chromium: download and delete the account', () => {
  let s: TestServer;
  let browser: Browser;
  let person: TestUser;
  let page: Page;

  beforeAll(async () => {
    await ensureClientBuilt();
    s = await startTestServer();
    person = await s.factories.user({ displayName: 'Petra Personvern' });
    browser = await launchChromium();
    page = await openPage(browser, 'person', { locale: 'nb-NO' });
    await page.goto(new URL('/', s.url).href);
    await page.getByLabel('E-postadresse').fill(person.user.email);
    await page.getByLabel('Passord').fill(PASSWORD);
    await page.getByRole('button', { name: 'Logg inn' }).click();
    await page.getByRole('heading', { level: 1, name: 'Velkommen, Petra Personvern' }).waitFor({ timeout: UI_TIMEOUT });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('downloads the data as a zip from the profile', async () => {
    await page.goto(new URL('/profile', s.url).href);
    await page.getByRole('heading', { name: 'Dine data' }).waitFor({ timeout: UI_TIMEOUT });
    await expectAccessible(page, 'profile-privacy');
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: UI_TIMEOUT }),
      page.getByRole('link', { name: 'Last ned dataene mine' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^samverka-data-\d{4}-\d{2}-\d{2}\.zip$/);
    expect(await download.failure()).toBeNull();
  });

  it('refuses a wrong address without asking the server, then deletes the account and signs out', async () => {
    const section = page.getByRole('region', { name: 'Slett kontoen min' });
    await section.getByLabel(/Skriv e-postadressen din/).fill('feil@example.org');
    await section.getByLabel('Nåværende passord').fill(PASSWORD);
    await section.getByRole('button', { name: 'Slett kontoen min for godt' }).click();
    await section.getByText('Skriv e-postadressen til kontoen nøyaktig.').waitFor({ timeout: UI_TIMEOUT });

    await section.getByLabel(/Skriv e-postadressen din/).fill(person.user.email);
    await section.getByRole('button', { name: 'Slett kontoen min for godt' }).click();
    await page.getByText('Kontoen din er slettet. Takk for at du var med.').waitFor({ timeout: UI_TIMEOUT });
    const [{ status, display_name }] = (await s.db.query(
      'SELECT status, display_name FROM user_account WHERE id = $1',
      [person.user.id],
    )) as { status: string; display_name: string }[];
    expect(status).toBe('DELETED');
    expect(display_name).toBe(`Former member of staff, ${person.organisation.name}`);
  });
});
