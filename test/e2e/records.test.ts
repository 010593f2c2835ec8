import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureClientBuilt } from '../../client/build.js';
import { Country } from '../../server/modules/organisations/organisation.entity.js';
import { checksumProblems, noarkErrors, noarkStated, unzip } from '../support/archives.js';
import { PASSWORD, swedishOrgNumber } from '../support/factories.js';
import { key } from '../support/helpers.js';
import { POST } from '../support/operations.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { procurement, world, type World } from '../support/world.js';
import { expectAccessible, hasChromium, launchChromium, openPage } from './browser.js';

const UI_TIMEOUT = 15_000;

/*
 * Public records in the browser: the Norwegian coordinator marks a Swedish authority's message for
 * its journal as exempt (the form asks for the legal basis first), downloads its authority's Noark 5
 * archive package with the progress shown, and finds the entry in its journal.
 */
describe.skipIf(!hasChromium)('the case file, marking and the archive package in Chromium', () => {
  let s: TestServer;
  let browser: Browser;
  let w: World<'a'>;
  let procurementId: string;
  const text = 'Hej från Höör: vi är med på skolskjutsen.';

  beforeAll(async () => {
    await ensureClientBuilt();
    s = await startTestServer();
    w = await world(s, {
      members: {
        a: { organisation: { name: 'Höörs kommun', country: Country.SE, organisationNumber: swedishOrgNumber() } },
      },
    });
    const p = await procurement(w);
    procurementId = p.id;
    await w.a.client.ok(POST, {
      input: { threadId: p.buyersThread.id, body: text, idempotencyKey: key(), mentionUserIds: [] },
    });
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('marks a received message as exempt, downloads the archive package with its progress, and shows the journal', async () => {
    const origin = `http://127.0.0.1:${s.app.port}`;
    const page = await openPage(browser, 'coordinator', { locale: 'nb-NO' });
    await page.goto(`${origin}/`);
    await page.getByLabel('E-postadresse').fill(w.coord.user.email);
    await page.getByLabel('Passord').fill(PASSWORD);
    await page.getByRole('button', { name: 'Logg inn' }).click();
    await page.getByRole('heading', { level: 1, name: /^Velkommen/ }).waitFor({ timeout: UI_TIMEOUT });
    await page.goto(`${origin}/groups/${w.groupId}/procurements/${procurementId}#records`);

    const section = page.getByRole('region', { name: 'Saksmappe og arkiv' });
    const row = section.locator('tr', { hasText: text });
    await row.waitFor({ timeout: UI_TIMEOUT });
    await row.getByText('Inngående').waitFor();
    await row.getByText('Journalfør', { exact: true }).first().click();
    await row.getByLabel('Tilgang').selectOption('EXEMPT');
    await row.getByRole('button', { name: 'Journalfør' }).click();
    await row.getByText('Unntak fra innsyn krever en hjemmel.').waitFor({ timeout: UI_TIMEOUT });
    await row.getByLabel('Hjemmel for unntak').selectOption('offl-23-3');
    await row.getByRole('button', { name: 'Journalfør' }).click();
    const year = new Date().getFullYear();
    await row.getByText(`Journalført som ${year}/1.`).waitFor({ timeout: UI_TIMEOUT });
    await row.getByText(`${year}/1 · Unntatt offentlighet (Offl. § 23 tredje ledd)`).waitFor({ timeout: UI_TIMEOUT });
    await expectAccessible(page, 'procurement case file');

    await section.getByText('Arkivuttrekk', { exact: true }).click();
    const button = section.getByRole('button', { name: 'Last ned arkivuttrekket' });
    await button.waitFor({ timeout: UI_TIMEOUT });
    await section.getByText(/^Noark 5-arkivuttrekk · \d+ filer/).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: UI_TIMEOUT }), button.click()]);
    await section.getByText(/^Lastet ned Noark 5 - /).waitFor({ timeout: UI_TIMEOUT });
    expect(await section.locator('progress').evaluate((p: HTMLProgressElement) => p.value === p.max)).toBe(true);
    const { files } = await unzip(await readFile((await download.path())!));
    expect(await noarkErrors(files)).toEqual([]);
    expect(checksumProblems(files, noarkStated(files))).toEqual([]);

    await page.getByRole('link', { name: 'Journal' }).click();
    await page.getByRole('heading', { level: 1, name: 'Journal' }).waitFor({ timeout: UI_TIMEOUT });
    const entry = page.locator('tr', { hasText: `${year}/1` });
    await entry.getByText('Inngående').waitFor({ timeout: UI_TIMEOUT });
    await entry.getByText('Höörs kommun').waitFor();
    await page.getByRole('link', { name: 'Last ned som CSV' }).waitFor();
    await expectAccessible(page, 'journal');
    await page.context().close();
  }, 120_000);
});
