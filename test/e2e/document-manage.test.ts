import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureClientBuilt } from '../../client/build.js';
import type { TestUser } from '../support/factories.js';
import { CREATE_DOC } from '../support/operations.js';
import { addDocument, hex, supplier } from '../support/procurement.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { dialogue, procurement, world, type World } from '../support/world.js';
import { expectAccessible, hasChromium, launchChromium, openPage, screenshot } from './browser.js';
import { openForm, settled, signIn, UI_TIMEOUT } from './session.js';

// app.test.ts says plainly when Chromium is missing; this file skips with it.

/**
 * Renaming, taking back from the suppliers and deleting documents, in Norwegian: by the document's
 * own organisation or a coordinator, each irreversible act after its dialog, refusals in words.
 */
describe.skipIf(!hasChromium)('managing documents in Chromium', () => {
  let s: TestServer;
  let browser: Browser;
  let origin: string;
  let w: World;
  let seller: TestUser;
  let procurementId: string;
  let owner: Page;

  const documentUrl = (id: string) => `${origin}/groups/${w.groupId}/documents/${id}`;
  /** A document page, loaded. */
  const open = async (page: Page, id: string) => {
    await page.goto(documentUrl(id));
    await page.getByRole('heading', { level: 3, name: 'Versjoner' }).waitFor({ timeout: UI_TIMEOUT });
    await settled(page);
  };

  beforeAll(async () => {
    await ensureClientBuilt();
    s = await startTestServer();
    origin = `http://127.0.0.1:${s.app.port}`;
    w = await world(s, { coordName: 'Kari Koordinator' });
    seller = await supplier(s, `Skyss og Buss ${hex()} AS`);
    procurementId = (await procurement(w, { title: 'Felles skoleskyss' })).id;
    await dialogue(w, procurementId, { suppliers: [seller] });
    browser = await launchChromium();
    owner = await openPage(browser, 'member a', { locale: 'nb-NO' });
    await signIn(owner, origin, w.a);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('the owning organisation renames a document and changes its kind; a title too long is refused in words; another member is not offered it', async () => {
    const doc = await addDocument(w, procurementId, 'OTHER', { by: w.a, title: 'Utkast til krav' });
    await open(owner, doc.id);
    const form = await openForm(owner.locator('main'), 'Gi nytt navn eller endre type');
    // Sent from the keyboard (Enter in the field): the page may still shift as its live parts
    // (who is present, the version list) render, and a click can land beside a moving button.
    await form.getByLabel('Tittel').fill(' ');
    await form.getByLabel('Tittel').press('Enter');
    await form.getByText('Må fylles ut').waitFor({ timeout: UI_TIMEOUT });
    // The server's own limit (200 characters), said beside the field in Norwegian.
    await form.getByLabel('Tittel').fill('Krav '.repeat(50));
    await form.getByLabel('Tittel').press('Enter');
    await form.getByText('Teksten er for lang.').waitFor({ timeout: UI_TIMEOUT });
    await owner.getByRole('heading', { level: 2, name: 'Utkast til krav' }).waitFor();

    await form.getByLabel('Tittel').fill('Kravspesifikasjon for skoleskyss');
    await form.getByLabel('Type').selectOption({ label: 'Kravspesifikasjon' });
    await form.getByLabel('Tittel').press('Enter');
    await owner
      .getByRole('heading', { level: 2, name: 'Kravspesifikasjon for skoleskyss' })
      .waitFor({ timeout: UI_TIMEOUT });
    // The page has read the document again: the form keeps saying it saved (it stays mounted), and
    // its fields hold the new title and kind.
    await owner.getByText('Dokumentet er lagret.').waitFor({ timeout: UI_TIMEOUT });
    expect(await form.getByLabel('Tittel').inputValue()).toBe('Kravspesifikasjon for skoleskyss');
    expect(await form.getByLabel('Type').inputValue()).toBe('REQUIREMENT_SPECIFICATION');
    await owner.getByText('Kravspesifikasjon', { exact: true }).first().waitFor();
    await screenshot(owner, 'screens-07-document-manage');
    await expectAccessible(owner, 'a document with its rename form');

    // Another member authority reads it, and is offered neither renaming nor deleting.
    const other = await openPage(browser, 'member b', { locale: 'nb-NO' });
    await signIn(other, origin, w.b);
    await open(other, doc.id);
    await other.getByRole('heading', { level: 2, name: 'Kravspesifikasjon for skoleskyss' }).waitFor();
    expect(await other.getByText('Gi nytt navn eller endre type').count()).toBe(0);
    expect(await other.getByRole('button', { name: 'Slett dokumentet' }).count()).toBe(0);
    await other.context().close();
  }, 90_000);

  it('a coordinator takes a published document back from the suppliers after the dialog; Cancel leaves it published', async () => {
    const title = `Invitasjon til dialog ${hex()}`;
    await addDocument(w, procurementId, 'OTHER', { title, publish: true });
    const [coord, vendor] = await Promise.all([
      openPage(browser, 'coordinator', { locale: 'nb-NO' }),
      openPage(browser, 'supplier', { locale: 'nb-NO' }),
    ]);
    await Promise.all([signIn(coord, origin, w.coord), signIn(vendor, origin, seller)]);
    const dialogueUrl = `${origin}/market-dialogues/${procurementId}`;
    await vendor.goto(dialogueUrl);
    await vendor.getByRole('link', { name: `Last ned ${title} (versjon 1)` }).waitFor({ timeout: UI_TIMEOUT });

    await coord.goto(`${origin}/groups/${w.groupId}/procurements/${procurementId}#documents`);
    const documents = coord.locator('#documents');
    const row = documents.getByRole('row').filter({ hasText: title });
    await row.getByText('Publisert (versjon 1)').waitFor({ timeout: UI_TIMEOUT });
    await settled(coord);
    await row.getByRole('button', { name: `Trekk ${title} tilbake fra leverandørene` }).click();
    const dialog = coord.getByRole('dialog', { name: `Trekke «${title}» tilbake fra leverandørene?` });
    await dialog.getByText('Versjon 1').waitFor();
    await expectAccessible(coord, 'the dialog before taking a document back from the suppliers');
    await dialog.getByRole('button', { name: 'Avbryt' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await row.getByText('Publisert (versjon 1)').waitFor();
    await vendor.reload();
    await vendor.getByRole('link', { name: `Last ned ${title} (versjon 1)` }).waitFor({ timeout: UI_TIMEOUT });

    await row.getByRole('button', { name: `Trekk ${title} tilbake fra leverandørene` }).click();
    await dialog.getByRole('button', { name: 'Trekk tilbake fra leverandørene' }).click();
    await documents.getByText(`${title} er bare for innkjøperne igjen.`).waitFor({ timeout: UI_TIMEOUT });
    await row.getByText('Bare innkjøperne').waitFor({ timeout: UI_TIMEOUT });
    await vendor.reload();
    await vendor.getByRole('heading', { name: 'Publiserte dokumenter' }).waitFor({ timeout: UI_TIMEOUT });
    await settled(vendor);
    expect(await vendor.getByText(title).count()).toBe(0);
    await coord.context().close();
    await vendor.context().close();
  }, 90_000);

  it('the owning organisation deletes a document after the dialog; a reader with it open is told it is gone', async () => {
    const title = `Notat fra møtet ${hex()}`;
    const { createDocument } = await w.a.client.ok(CREATE_DOC, {
      input: { groupId: w.groupId, kind: 'OTHER', language: 'nb', title, text: 'Referat.' },
    });
    const reader = await openPage(browser, 'coordinator reading', { locale: 'nb-NO' });
    await signIn(reader, origin, w.coord);
    await Promise.all([open(owner, createDocument.id), open(reader, createDocument.id)]);

    await owner.getByRole('button', { name: 'Slett dokumentet' }).click();
    const dialog = owner.getByRole('dialog', { name: `Slette «${title}»?` });
    await dialog.getByText('Dokumentet forsvinner for alle i gruppen.', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Avbryt' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await owner.getByRole('heading', { level: 2, name: title }).waitFor();

    await owner.getByRole('button', { name: 'Slett dokumentet' }).click();
    await dialog.getByRole('button', { name: 'Slett dokumentet' }).click();
    await owner.getByText(`«${title}» er slettet.`).waitFor({ timeout: UI_TIMEOUT });
    // The reader's page hears of it: the document is gone, the way back stays.
    await reader.getByText('Fant ikke dette, eller du har ikke tilgang.').waitFor({ timeout: UI_TIMEOUT });
    await reader.getByRole('link', { name: '← Alle dokumenter' }).click();
    await reader.getByRole('heading', { level: 2, name: 'Dokumenter' }).first().waitFor({ timeout: UI_TIMEOUT });
    await settled(reader);
    expect(await reader.getByRole('link', { name: title }).count()).toBe(0);
    await reader.context().close();
  }, 90_000);
});
