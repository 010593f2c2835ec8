import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, UI_TIMEOUT } from './session.js';
import { ensureClientBuilt } from '../../client/build.js';
import type { TestUser } from '../support/factories.js';
import { hex } from '../support/helpers.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { expectAccessible, hasChromium, launchChromium, openPage, screenshot } from './browser.js';

// app.test.ts says plainly when Chromium is missing; this file skips with it.

const suffix = hex();

const CREATE = `mutation($input: CreateDocumentInput!) { createDocument(input: $input) { id } }`;
const READ = `query($id: ID!) { document(id: $id) { currentVersion versions { number text changeNote mergedFromVersion } } }`;

interface Read {
  document: {
    currentVersion: number;
    versions: { number: number; text: string; changeNote: string; mergedFromVersion: number | null }[];
  };
}

describe.skipIf(!hasChromium)('two people edit one document at once, in Chromium', () => {
  let s: TestServer;
  let browser: Browser;
  let origin: string;
  let coord: TestUser;
  let member: TestUser;
  let groupId: string;
  let a: Page;
  let b: Page;

  beforeAll(async () => {
    await ensureClientBuilt();
    s = await startTestServer();
    origin = `http://127.0.0.1:${s.app.port}`;
    const f = s.factories;
    const orgA = await f.organisation({ name: `Stjørdal testkommune ${suffix}` });
    const orgB = await f.organisation({ name: `Meråker testkommune ${suffix}` });
    coord = await f.user({ organisation: orgA, displayName: 'Kari Koordinator' });
    member = await f.user({ organisation: orgB, displayName: 'Mats Medlem' });
    groupId = (await f.group(orgA, { name: `Skoleskyss ${suffix}` }, [{ organisation: orgB }])).id;
    browser = await launchChromium();
    // Two browser contexts: two people, each with their own session.
    a = await openPage(browser, 'coordinator', { locale: 'nb-NO' });
    b = await openPage(browser, 'member', { locale: 'nb-NO' });
    await Promise.all([signIn(a, origin, coord), signIn(b, origin, member)]);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  async function newDocument(title: string, text: string): Promise<string> {
    const { createDocument } = await coord.client.ok<{ createDocument: { id: string } }>(CREATE, {
      input: { groupId, title, kind: 'NEED_DESCRIPTION', language: 'nb', text },
    });
    return createDocument.id;
  }

  /** Both open the document and start editing version 1. */
  async function bothEdit(documentId: string, title: string) {
    for (const page of [a, b]) {
      await page.goto(`${origin}/groups/${groupId}/documents/${documentId}`);
      await page.getByRole('heading', { level: 2, name: title }).waitFor({ timeout: UI_TIMEOUT });
      await page.getByRole('button', { name: 'Rediger teksten' }).click();
      await page.getByText('Du redigerer versjon 1.').waitFor();
    }
  }

  const read = async (documentId: string) => (await coord.client.ok<Read>(READ, { id: documentId })).document;

  it('merges a colleague’s addition with my change, keeping both, after I have seen the result', async () => {
    const title = `Behovsbeskrivelse ${suffix}`;
    const base = '# Behov\n\nElever skal ha skyss.\n\nSkyssen skal være trygg.\n';
    const documentId = await newDocument(title, base);
    await bothEdit(documentId, title);

    // The coordinator adds a paragraph at the end and saves version 2.
    await a.getByLabel('Tekst', { exact: true }).fill(`${base}\nTillegg fra Stjørdal: også på øyene.\n`);
    await a.getByRole('button', { name: 'Lagre som ny versjon' }).click();
    await a.getByText('Versjon 2 er lagret.').waitFor({ timeout: UI_TIMEOUT });

    // The member, still editing version 1, learns of it live, without a reload or a save.
    const banner = b.getByRole('heading', { name: 'Versjon 2 ble lagret mens du redigerer' });
    await banner.waitFor({ timeout: UI_TIMEOUT });
    await b
      .getByText('Kari Koordinator lagret versjon 2; du redigerer versjon 1. Teksten din beholdes.', {
        exact: false,
      })
      .waitFor();
    await b.getByRole('button', { name: 'Vis endringene fra versjon 1 til 2' }).click();
    await b
      .getByRole('region', { name: 'Forskjeller mellom versjon 1 og 2' })
      .getByText('Tillegg fra Stjørdal')
      .waitFor({
        timeout: UI_TIMEOUT,
      });
    await screenshot(b, '30-document-newer-version-banner');
    await expectAccessible(b, 'document with the newer-version banner');

    // The member rewrites the first paragraph and saves: refused by the server, merged, shown.
    await b
      .getByLabel('Tekst', { exact: true })
      .fill(base.replace('Elever skal ha skyss.', 'Alle elever i regionen skal ha skyss.'));
    // The editing form's change note (the upload form below has one too).
    await b.getByLabel('Endringsnotat').first().fill('Hele regionen');
    await b.getByRole('button', { name: 'Lagre som ny versjon' }).click();
    const dialog = b.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Endringene dine flettet med den nyere versjonen' }).waitFor({
      timeout: UI_TIMEOUT,
    });
    // Each change with whose it is: the member's own and the coordinator's addition.
    const merged = dialog.getByRole('region', { name: 'Den flettede teksten, endring for endring' });
    await merged.getByText('Din endring').waitFor();
    await merged.getByText('Alle elever i regionen skal ha skyss.').waitFor();
    await merged.getByText('Endring i versjon 2 av Kari Koordinator').waitFor();
    await merged.getByText('Tillegg fra Stjørdal: også på øyene.').waitFor();
    // The old dialog's button that saved "my text" over the colleague's addition is gone.
    expect(await dialog.getByRole('button', { name: /Lagre teksten min/ }).count()).toBe(0);
    // Nothing is saved until the member confirms.
    expect((await read(documentId)).currentVersion).toBe(2);
    await screenshot(b, '31-document-merge-clean');
    await expectAccessible(b, 'clean merge dialog');

    await dialog.getByRole('button', { name: 'Lagre den flettede teksten som versjon 3' }).click();
    await b
      .getByText('Versjon 3 er lagret: endringene dine er flettet med versjon 2.')
      .waitFor({ timeout: UI_TIMEOUT });

    const doc = await read(documentId);
    expect(doc.currentVersion).toBe(3);
    expect(doc.versions[2]).toEqual({
      number: 3,
      mergedFromVersion: 1,
      changeNote: 'Hele regionen',
      text: '# Behov\n\nAlle elever i regionen skal ha skyss.\n\nSkyssen skal være trygg.\n\nTillegg fra Stjørdal: også på øyene.\n',
    });
    // Both people's pages show both contributions in version 3 (the coordinator's live).
    for (const page of [a, b]) {
      await page.getByText('Alle elever i regionen skal ha skyss.').waitFor({ timeout: UI_TIMEOUT });
      await page.getByText('Tillegg fra Stjørdal: også på øyene.').waitFor({ timeout: UI_TIMEOUT });
    }
    await b.getByText('Flettet: en endring av versjon 1 med versjon 2').waitFor();
  }, 90_000);

  it('resolves a true conflict place by place: mine, theirs, both, or written anew, and saves only when each is chosen', async () => {
    const title = `Kravspesifikasjon ${suffix}`;
    const paragraphs = ['Avsnitt én.', 'Avsnitt to.', 'Avsnitt tre.', 'Avsnitt fire.'];
    const documentId = await newDocument(title, `${paragraphs.join('\n\n')}\n`);
    await bothEdit(documentId, title);
    const by = (who: string) => `${paragraphs.map((p) => p.replace('.', `, fra ${who}.`)).join('\n\n')}\n`;

    await a.getByLabel('Tekst', { exact: true }).fill(by('Stjørdal'));
    await a.getByRole('button', { name: 'Lagre som ny versjon' }).click();
    await a.getByText('Versjon 2 er lagret.').waitFor({ timeout: UI_TIMEOUT });

    await b.getByLabel('Tekst', { exact: true }).fill(by('Meråker'));
    await b.getByRole('button', { name: 'Lagre som ny versjon' }).click();
    const dialog = b.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Endringene dine og den nyere versjonen overlapper' }).waitFor({
      timeout: UI_TIMEOUT,
    });
    const conflict = (n: number) =>
      dialog.getByRole('group', { name: `Konflikt ${n} av 4: du og Kari Koordinator endret de samme linjene` });
    // Side by side: the member's lines and the coordinator's, and the base on request.
    await conflict(1).getByRole('region', { name: 'Din tekst' }).getByText('Avsnitt én, fra Meråker.').waitFor();
    await conflict(1)
      .getByRole('region', { name: 'Versjon 2 (Kari Koordinator)' })
      .getByText('Avsnitt én, fra Stjørdal.')
      .waitFor();
    await screenshot(b, '32-document-merge-conflicts');
    await expectAccessible(b, 'merge dialog with conflicts');

    // Saving with conflicts still open saves nothing and says how many are left.
    const save = dialog.getByRole('button', { name: 'Lagre den flettede teksten som versjon 3' });
    await conflict(1).getByLabel('Behold min').check();
    await save.click();
    await dialog.getByText('Velg for de 3 konfliktene som gjenstår før du lagrer.').waitFor();
    expect((await read(documentId)).currentVersion).toBe(2);

    await conflict(2).getByLabel('Behold teksten til Kari Koordinator').check();
    await conflict(3).getByLabel('Behold begge (min først)').check();
    await conflict(4).getByLabel('Skriv den selv').check();
    await conflict(4).getByLabel('Tekst for konflikt 4').fill('Avsnitt fire, skrevet sammen.');
    await save.click();
    await b
      .getByText('Versjon 3 er lagret: endringene dine er flettet med versjon 2.')
      .waitFor({ timeout: UI_TIMEOUT });

    const doc = await read(documentId);
    expect(doc.versions.map((v) => v.number)).toEqual([1, 2, 3]);
    expect(doc.versions[2]).toEqual({
      number: 3,
      mergedFromVersion: 1,
      changeNote: '',
      text:
        'Avsnitt én, fra Meråker.\n\nAvsnitt to, fra Stjørdal.\n\n' +
        'Avsnitt tre, fra Meråker.\nAvsnitt tre, fra Stjørdal.\n\nAvsnitt fire, skrevet sammen.\n',
    });
    // The coordinator's version is untouched.
    expect(doc.versions[1].text).toBe(by('Stjørdal'));
  }, 90_000);

  it('leaves the editor’s text as it was when they go back to editing from the merge', async () => {
    const title = `Notat ${suffix}`;
    const documentId = await newDocument(title, 'Linje én.\n');
    await bothEdit(documentId, title);
    await a.getByLabel('Tekst', { exact: true }).fill('Linje én, endret.\n');
    await a.getByRole('button', { name: 'Lagre som ny versjon' }).click();
    await a.getByText('Versjon 2 er lagret.').waitFor({ timeout: UI_TIMEOUT });

    await b.getByRole('heading', { name: 'Versjon 2 ble lagret mens du redigerer' }).waitFor({ timeout: UI_TIMEOUT });
    await b.getByLabel('Tekst', { exact: true }).fill('Linje én, min versjon.\n');
    await b.getByRole('button', { name: 'Flett med versjon 2 nå' }).click();
    const dialog = b.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Endringene dine og den nyere versjonen overlapper' }).waitFor({
      timeout: UI_TIMEOUT,
    });
    await dialog.getByRole('button', { name: 'Tilbake til redigeringen' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await b.getByLabel('Tekst', { exact: true }).inputValue()).toBe('Linje én, min versjon.\n');
    expect((await read(documentId)).currentVersion).toBe(2);
  }, 60_000);
});
