import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureClientBuilt } from '../../client/build.js';
import { Organisation } from '../../server/modules/organisations/organisation.entity.js';
import { xsdErrors } from '../support/eforms.js';
import { PASSWORD } from '../support/factories.js';
import { OrganisationRole } from '../../server/modules/users/user.entity.js';
import { inDays } from '../support/helpers.js';
import { SET_MILESTONE } from '../support/operations.js';
import { driveTo } from '../support/procurement.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { procurement, world, type World } from '../support/world.js';
import { expectAccessible, hasChromium, launchChromium, openPage } from './browser.js';

const UI_TIMEOUT = 15_000;

describe.skipIf(!hasChromium)('eForms notice downloads in Chromium', () => {
  let s: TestServer;
  let browser: Browser;
  let w: World;
  let procurementId: string;

  beforeAll(async () => {
    await ensureClientBuilt();
    s = await startTestServer();
    w = await world(s);
    procurementId = (await procurement(w, { procedureType: 'OPEN', contractType: 'SERVICES' })).id;
    for (const u of [w.coord, w.a, w.b]) {
      await s.db.getRepository(Organisation).update(
        { id: u.organisation.id },
        {
          nutsCode: 'NO060',
          streetAddress: 'Postboks 2300 Torgarden',
          postcode: '7004',
          city: 'Trondheim',
          contactEmail: 'innkjop@example.no',
          contactPhone: '+47 72 54 00 00',
        },
      );
    }
    await w.coord.client.ok(SET_MILESTONE, {
      input: { procurementId, kind: 'TENDER_DEADLINE', dueAt: inDays(60) },
    });
    await driveTo(w, procurementId, 'MARKET_DIALOGUE');
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('a participating municipality downloads the prior information notice from the procurement page', async () => {
    const origin = `http://127.0.0.1:${s.app.port}`;
    const page = await openPage(browser, 'member', { locale: 'nb-NO' });
    await page.goto(`${origin}/`);
    await page.getByLabel('E-postadresse').fill(w.a.user.email);
    await page.getByLabel('Passord').fill(PASSWORD);
    await page.getByRole('button', { name: 'Logg inn' }).click();
    await page.getByRole('heading', { level: 1, name: /^Velkommen/ }).waitFor({ timeout: UI_TIMEOUT });
    await page.goto(`${origin}/groups/${w.groupId}/procurements/${procurementId}`);

    const pin = page.getByRole('link', { name: 'Last ned kunngjøring (eForms XML): veiledende kunngjøring' });
    await pin.waitFor({ timeout: UI_TIMEOUT });
    // The market dialogue offers the PIN and the E1, not yet the contract notice.
    await page
      .getByRole('link', { name: 'Last ned kunngjøring (eForms XML): forhåndskonsultasjon av markedet' })
      .waitFor();
    expect(await page.getByRole('link', { name: /kunngjøring av konkurranse/ }).count()).toBe(0);

    const [download] = await Promise.all([page.waitForEvent('download'), pin.click()]);
    expect(download.suggestedFilename()).toBe(`procurement-${procurementId}-pin-only-draft.xml`);
    const xml = await readFile((await download.path())!, 'utf8');
    expect(xml).toContain('<cbc:NoticeTypeCode listName="planning">pin-only</cbc:NoticeTypeCode>');
    expect(await xsdErrors(xml, 'PriorInformationNotice')).toEqual([]);
    await page.context().close();
  }, 90_000);

  it('an organisation admin sets the address and contact its notices name; a wrong NUTS code is shown on its field', async () => {
    const origin = `http://127.0.0.1:${s.app.port}`;
    const org = await s.factories.organisation({ name: 'Tydal testkommune' });
    const admin = await s.factories.user({ organisation: org, role: OrganisationRole.ADMIN, displayName: 'Ada Admin' });
    const page = await openPage(browser, 'admin', { locale: 'nb-NO' });
    await page.goto(`${origin}/`);
    await page.getByLabel('E-postadresse').fill(admin.user.email);
    await page.getByLabel('Passord').fill(PASSWORD);
    await page.getByRole('button', { name: 'Logg inn' }).click();
    await page.getByRole('heading', { level: 1, name: /^Velkommen/ }).waitFor({ timeout: UI_TIMEOUT });
    await page.goto(`${origin}/admin/organisation`);
    await page.getByRole('heading', { name: 'Adresse og kontakt for kunngjøringer' }).waitFor({ timeout: UI_TIMEOUT });
    await page.getByLabel('NUTS-region (nivå 3, f.eks. NO060)').fill('SE224');
    await page.getByLabel('Gateadresse eller postboks').fill('Tydalsvegen 1');
    await page.getByLabel('Postnummer').fill('7590');
    await page.getByLabel('Poststed').fill('Tydal');
    await page.getByLabel('E-post for kontakt').fill('postmottak@tydal.kommune.no');
    await page.getByLabel('Telefon for kontakt').fill('+47 73 81 59 00');
    await page.getByRole('button', { name: 'Lagre adresse og kontakt' }).click();
    await page
      .getByText('Skriv en NUTS-kode på nivå 3 i organisasjonens land, for eksempel NO060.')
      .waitFor({ timeout: UI_TIMEOUT });
    await page.getByLabel('NUTS-region (nivå 3, f.eks. NO060)').fill('NO060');
    await page.getByRole('button', { name: 'Lagre adresse og kontakt' }).click();
    await page.getByText('Adresse og kontakt er lagret.').waitFor({ timeout: UI_TIMEOUT });
    await expectAccessible(page, 'organisation notice details');
    const saved = await s.db.getRepository(Organisation).findOneByOrFail({ id: org.id });
    expect(saved).toMatchObject({ nutsCode: 'NO060', city: 'Tydal', contactPhone: '+47 73 81 59 00' });
    await page.context().close();
  }, 90_000);
});
