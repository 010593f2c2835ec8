import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureClientBuilt } from '../../client/build.js';
import { PASSWORD, type TestUser } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { procurement, world } from '../support/world.js';
import { expectAccessible, hasChromium, launchChromium, openPage, screenshot } from './browser.js';

// app.test.ts says plainly when Chromium is missing; this file skips with it.

const UI_TIMEOUT = 15_000;

describe.skipIf(!hasChromium)('calendar links in Chromium', () => {
  let s: TestServer;
  let browser: Browser;
  let origin: string;
  let coord: TestUser;
  let page: Page;
  let procurementPath: string;

  beforeAll(async () => {
    await ensureClientBuilt();
    s = await startTestServer();
    origin = `http://localhost:${s.app.port}`;
    const w = await world(s, { coordName: 'Kari Koordinator' });
    coord = w.coord;
    const p = await procurement(w, { title: 'Felles skoleskyss' });
    procurementPath = `/groups/${w.groupId}/procurements/${p.id}`;
    browser = await launchChromium();
    page = await openPage(browser, 'coordinator', { locale: 'nb-NO' });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('the profile makes a private calendar link, shows it once with copy, and revokes it', async () => {
    await page.goto(`${origin}/`);
    await page.getByLabel('E-postadresse').fill(coord.user.email);
    await page.getByLabel('Passord').fill(PASSWORD);
    await page.getByRole('button', { name: 'Logg inn' }).click();
    await page.getByRole('heading', { level: 1, name: 'Velkommen, Kari Koordinator' }).waitFor({ timeout: UI_TIMEOUT });
    await page.goto(`${origin}/profile#calendar`);
    const section = page.getByRole('region', { name: 'Kalender' });
    await section.getByRole('button', { name: 'Lag kalenderlenke' }).click();
    const field = section.getByLabel('Din private kalenderlenke');
    await field.waitFor({ timeout: UI_TIMEOUT });
    const url = await field.inputValue();
    expect(url).toMatch(/\/calendar\/[\w-]{43}\.ics$/);
    await section.getByText('Kopier den nå: den vises bare denne ene gangen.', { exact: false }).waitFor();
    expect(await section.getByRole('link', { name: 'Åpne i kalenderappen' }).getAttribute('href')).toBe(
      url.replace(/^http:/, 'webcal:'),
    );
    await section.getByRole('button', { name: 'Kopier lenken' }).click();
    // Copied, or (where the browser refuses the clipboard) selected for copying by hand.
    await section.getByText(/^(Lenken er kopiert\.|Kopier den merkede lenken\.)$/).waitFor({ timeout: UI_TIMEOUT });
    await section.getByText('ikke hentet av noen kalender ennå', { exact: false }).waitFor({ timeout: UI_TIMEOUT });
    const feed = await fetch(url.replace(origin, new URL(s.url).origin));
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    await expectAccessible(page, 'profile with a new calendar link');
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, 'calendars-01-profile-link');

    await section.getByRole('button', { name: 'Trekk tilbake lenken' }).click();
    await section.getByText('Kalenderlenken er trukket tilbake', { exact: false }).waitFor({ timeout: UI_TIMEOUT });
    await section.getByRole('button', { name: 'Lag kalenderlenke' }).waitFor();
    expect(await section.getByLabel('Din private kalenderlenke').count()).toBe(0);
    expect((await fetch(url.replace(origin, new URL(s.url).origin))).status).toBe(404);
  });

  it("the procurement page links its calendar and the profile's subscription", async () => {
    await page.goto(`${origin}${procurementPath}`);
    await page.getByRole('heading', { level: 2, name: 'Felles skoleskyss' }).waitFor({ timeout: UI_TIMEOUT });
    const download = page.getByRole('link', { name: 'Last ned (.ics)' });
    expect(await download.getAttribute('href')).toBe(
      `${origin}${procurementPath.replace(/^\/groups\/[^/]+/, '')}/calendar.ics`,
    );
    await page.getByRole('link', { name: 'Abonner på kalenderen' }).click();
    await page.getByRole('region', { name: 'Kalender' }).waitFor({ timeout: UI_TIMEOUT });
  });
});
