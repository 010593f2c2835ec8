import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureClientBuilt } from '../../client/build.js';
import { BuyerGroup, GroupStatus } from '../../server/modules/groups/group.entity.js';
import { SET_NEED_STATUS } from '../support/operations.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { need, world, type Need, type World } from '../support/world.js';
import { expectAccessible, hasChromium, launchChromium, openPage, screenshot } from './browser.js';
import { BROWSER_LOCALE, openForm, setLocale, settled, signIn, UI_TIMEOUT } from './session.js';

// app.test.ts says plainly when Chromium is missing; this file skips with it.

/**
 * Editing a shared need (in Norwegian) and the coordinators' group settings (in Swedish): the main
 * path of each, who is not offered them, and refusals said in the reader's language.
 */
describe.skipIf(!hasChromium)('needs and group settings in Chromium', () => {
  let s: TestServer;
  let browser: Browser;
  let origin: string;
  let w: World;
  /** Described by member a, not by the coordinator. */
  let theirs: Need;

  beforeAll(async () => {
    await ensureClientBuilt();
    s = await startTestServer();
    origin = `http://127.0.0.1:${s.app.port}`;
    w = await world(s, { coordName: 'Kerstin Samordnare', interests: {} });
    theirs = await need(w.a, w.groupId, {
      title: 'Trygghetsalarmer',
      problem: 'Eldre vil bo hjemme lenger.',
      cpvCodes: ['48000000'],
    });
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('the authority that described a need rewrites it (a wrong CPV code refused in words); another member is not offered it; a consolidated need says it is fixed', async () => {
    const [author, other] = await Promise.all([
      openPage(browser, 'member a', { locale: 'nb-NO' }),
      openPage(browser, 'member b', { locale: 'nb-NO' }),
    ]);
    await Promise.all([signIn(author, origin, w.a), signIn(other, origin, w.b)]);
    const url = `${origin}/needs/${theirs.id}`;
    await Promise.all([author.goto(url), other.goto(url)]);
    await other.getByRole('heading', { level: 1, name: 'Trygghetsalarmer' }).waitFor({ timeout: UI_TIMEOUT });
    await settled(author);
    const form = await openForm(author.locator('main'), 'Rediger behovet');
    await form.getByLabel('Tittel').fill('Digitale trygghetsalarmer');
    await form.getByLabel('Ønskede effekter').fill('Færre akutte innleggelser.');
    await form.getByLabel('CPV-koder').fill('48000000, 3312');
    await form.getByRole('button', { name: 'Lagre behovet' }).click();
    await form
      .getByText('«3312» er ikke en CPV-kode: skriv 8 sifre, for eksempel 34121000 (eller 34121000-1).')
      .waitFor({ timeout: UI_TIMEOUT });
    await form.getByLabel('CPV-koder').fill('48000000, 33120000');
    await form.getByRole('button', { name: 'Lagre behovet' }).click();
    await form.getByText('Behovet er lagret.').waitFor({ timeout: UI_TIMEOUT });
    // Both pages show the new text; the other member's without a reload.
    for (const page of [author, other]) {
      await page.getByRole('heading', { level: 1, name: 'Digitale trygghetsalarmer' }).waitFor({ timeout: UI_TIMEOUT });
      await page.getByRole('paragraph').getByText('Færre akutte innleggelser.').waitFor({ timeout: UI_TIMEOUT });
      // The codes under their label, one per line (with the CPV list's title where there is one).
      const cpv = page.locator('.cpv-codes').filter({ hasText: 'CPV-koder:' });
      for (const code of ['48000000', '33120000']) {
        await cpv.getByRole('listitem').filter({ hasText: code }).waitFor({ timeout: UI_TIMEOUT });
      }
    }
    // Another member authority may state its interest, not rewrite the need.
    await settled(other);
    expect(await other.getByText('Rediger behovet').count()).toBe(0);
    await screenshot(author, 'screens-03-need-edit');
    await expectAccessible(author, 'a need with its edit form');

    // The coordinator consolidates the need while the author's form is open: the change is refused in words.
    await form.getByLabel('Suksesskriterier').fill('Halvparten av brukerne har digital alarm.');
    await w.coord.client.ok(SET_NEED_STATUS, { id: theirs.id, status: 'CONSOLIDATED' });
    // Sent before the page hears of it, the server refuses it; heard first, the form gives way to the
    // same words. Either way nothing is saved.
    await form
      .getByRole('button', { name: 'Lagre behovet' })
      .click({ timeout: 2_000 })
      .catch(() => undefined);
    await author
      .getByText('Et konsolidert eller lukket behov redigeres ikke lenger. En koordinator kan åpne det igjen først.')
      .waitFor({ timeout: UI_TIMEOUT });
    expect(await author.getByRole('paragraph').getByText('Halvparten av brukerne har digital alarm.').count()).toBe(0);
    await author.context().close();
    await other.context().close();
  }, 90_000);

  it('a coordinator marks a forming group active, changes its name, description, focus area and visibility in Swedish, and archives it after the dialog', async () => {
    await s.db.getRepository(BuyerGroup).update({ id: w.groupId }, { status: GroupStatus.FORMING });
    await setLocale(s, w.coord, 'sv');
    const [page, member] = await Promise.all([
      openPage(browser, 'coordinator', { locale: BROWSER_LOCALE.sv }),
      openPage(browser, 'member', { locale: 'nb-NO' }),
    ]);
    await Promise.all([signIn(page, origin, w.coord, 'sv'), signIn(member, origin, w.b)]);
    const name = (await s.db.getRepository(BuyerGroup).findOneByOrFail({ id: w.groupId })).name;
    await page.goto(`${origin}/groups/${w.groupId}`);
    await page.getByRole('link', { name: 'Inställningar' }).click();
    await page.getByRole('heading', { level: 2, name: 'Inställningar för gruppen' }).waitFor({ timeout: UI_TIMEOUT });

    // Forming: what it means and what marking it active changes.
    const status = page.getByRole('region', { name: 'Status' });
    await status.getByText('allt fungerar redan. Markera gruppen som aktiv', { exact: false }).waitFor();
    await status.getByRole('button', { name: 'Markera gruppen som aktiv' }).click();
    await status.getByText('Gruppen är aktiv.').waitFor({ timeout: UI_TIMEOUT });
    await status.getByText('gruppen är i gång.', { exact: false }).waitFor({ timeout: UI_TIMEOUT });

    const details = page.locator('form', {
      has: page.getByRole('heading', { name: 'Namn, beskrivning och synlighet' }),
    });
    await details.getByLabel('Namn').fill('Trygghet hemma i Mellannorrland');
    await details.getByLabel('Fokusområde').selectOption('HEALTH_AND_CARE');
    await details.getByLabel('Synlighet').selectOption('UNLISTED');
    await details.getByLabel('Beskrivning').fill('Vi samverkar om **trygghetslarm**.');
    await details.getByLabel('CPV-koder').fill('85000000 x');
    await details.getByRole('button', { name: 'Spara inställningarna' }).click();
    await details
      .getByText('”x” är inte en CPV-kod: skriv 8 siffror, till exempel 34121000 (eller 34121000-1).')
      .waitFor({ timeout: UI_TIMEOUT });
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await details.getByLabel('CPV-koder').fill('85000000');
    await details.getByRole('button', { name: 'Spara inställningarna' }).click();
    await details.getByText('Inställningarna är sparade.').waitFor({ timeout: UI_TIMEOUT });
    await page
      .getByRole('heading', { level: 1, name: 'Trygghet hemma i Mellannorrland' })
      .waitFor({ timeout: UI_TIMEOUT });
    // The member's page follows live, in Norwegian.
    await member.goto(`${origin}/groups/${w.groupId}`);
    await member.getByText('Vi samverkar om').waitFor({ timeout: UI_TIMEOUT });
    await member.getByRole('heading', { level: 1, name: 'Trygghet hemma i Mellannorrland' }).waitFor();
    await member.getByText('Helse og omsorg').first().waitFor();
    await screenshot(page, 'screens-04-group-settings-sv');
    await expectAccessible(page, 'group settings in Swedish');

    // A member is offered no settings, and the page says whose they are.
    expect(await member.getByRole('link', { name: 'Innstillinger' }).count()).toBe(0);
    await member.goto(`${origin}/groups/${w.groupId}/settings`);
    await member.getByText('Bare gruppens koordinatorer endrer innstillingene.').waitFor({ timeout: UI_TIMEOUT });

    // Archiving asks first; Cancel changes nothing.
    await status.getByRole('button', { name: 'Arkivera gruppen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Arkivera Trygghet hemma i Mellannorrland?' });
    await dialog.getByText('Då kan ingen ändra något i', { exact: false }).waitFor();
    await expectAccessible(page, 'the dialog before archiving a group');
    await dialog.getByRole('button', { name: 'Avbryt' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('Aktiv', { exact: true }).first().waitFor();
    expect(await page.getByText('Arkiverad', { exact: true }).count()).toBe(0);
    await status.getByRole('button', { name: 'Arkivera gruppen' }).click();
    await dialog.getByRole('button', { name: 'Arkivera gruppen' }).click();
    await status.getByText('Gruppen är arkiverad.').waitFor({ timeout: UI_TIMEOUT });
    await page.getByText('Gruppen är arkiverad: den kan läsas', { exact: false }).waitFor({ timeout: UI_TIMEOUT });
    expect(await details.count()).toBe(0);
    await status.getByRole('button', { name: 'Markera gruppen som aktiv' }).click();
    await status.getByText('Gruppen är aktiv.').waitFor({ timeout: UI_TIMEOUT });
    await page.getByRole('heading', { name: 'Namn, beskrivning och synlighet' }).waitFor({ timeout: UI_TIMEOUT });
    await page.context().close();
    await member.context().close();
  }, 120_000);
});
