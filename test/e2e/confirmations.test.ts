import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, UI_TIMEOUT } from './session.js';
import { ensureClientBuilt } from '../../client/build.js';
import type { TestUser } from '../support/factories.js';
import { hex } from '../support/helpers.js';
import {
  ASK,
  CREATE_DOC,
  CREATE_NEED,
  CREATE_PROCUREMENT,
  REGISTER,
  SET_INTEREST,
  supplier,
} from '../support/procurement.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { noticeInput } from '../support/world.js';
import { PUBLISH_NOTICE } from '../support/operations.js';
import { expectAccessible, hasChromium, launchChromium, openPage, screenshot } from './browser.js';

// app.test.ts says plainly when Chromium is missing; this file skips with it.

const suffix = hex();
const TITLE = `Felles skoleskyss ${suffix}`;
const DOCUMENT = `Invitasjon til dialog ${suffix}`;

describe.skipIf(!hasChromium)('audiences and confirmations before irreversible acts, in Chromium', () => {
  let s: TestServer;
  let browser: Browser;
  let origin: string;
  let coord: TestUser;
  let member: TestUser;
  let seller: TestUser;
  let groupId: string;
  let procurementId: string;
  let publicThreadId: string;
  let buyersThreadId: string;
  let documentId: string;
  let a: Page;

  beforeAll(async () => {
    await ensureClientBuilt();
    s = await startTestServer();
    origin = `http://127.0.0.1:${s.app.port}`;
    const f = s.factories;
    const orgA = await f.organisation({ name: `Stjørdal testkommune ${suffix}` });
    const orgB = await f.organisation({ name: `Meråker testkommune ${suffix}` });
    const orgC = await f.organisation({ name: `Tydal testkommune ${suffix}` });
    coord = await f.user({ organisation: orgA, displayName: 'Kari Koordinator' });
    member = await f.user({ organisation: orgB, displayName: 'Mats Medlem' });
    seller = await supplier(s, `Skyss og Buss ${suffix} AS`);
    groupId = (
      await f.group(orgA, { name: `Skyss i Trøndelag ${suffix}` }, [{ organisation: orgB }, { organisation: orgC }])
    ).id;
    const { createSharedNeed } = await coord.client.ok(CREATE_NEED, {
      input: { groupId, title: 'Skoleskyss', problem: 'Elever trenger skyss.', cpvCodes: ['60130000'] },
    });
    // Two authorities with an interest take part: the first phase gate asks for that.
    for (const u of [coord, member]) {
      await u.client.ok(SET_INTEREST, {
        input: { needId: createSharedNeed.id, annualValue: '1000000', currency: 'NOK' },
      });
    }
    const { createJointProcurement: p } = await coord.client.ok(CREATE_PROCUREMENT, {
      input: {
        groupId,
        needIds: [createSharedNeed.id],
        title: TITLE,
        description: 'Felles skoleskyss for kommunene.',
        procedureType: 'OPEN',
        contractType: 'SERVICES',
        leadOrganisationId: orgA.id,
      },
    });
    procurementId = p.id;
    publicThreadId = p.publicThread.id;
    buyersThreadId = p.buyersThread.id;
    await coord.client.ok(PUBLISH_NOTICE, { input: noticeInput(procurementId) });
    await seller.client.ok(REGISTER, { id: procurementId });
    await seller.client.ok(ASK, { input: { procurementId, text: 'Hvor mange busser trengs om morgenen?' } });
    documentId = (
      await coord.client.ok(CREATE_DOC, {
        input: {
          groupId,
          procurementId,
          kind: 'OTHER',
          language: 'nb',
          title: DOCUMENT,
          text: '# Invitasjon\n\nVersjon én.',
        },
      })
    ).createDocument.id;

    browser = await launchChromium();
    a = await openPage(browser, 'coordinator', { locale: 'nb-NO' });
    await signIn(a, origin, coord);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  const api = <T>(query: string, variables: Record<string, unknown> = {}) => coord.client.ok<T>(query, variables);
  const messageCount = async (threadId: string) =>
    (
      await api<{ thread: { messages: { nodes: unknown[] } } }>(
        `query($id: ID!) { thread(id: $id) { messages(last: 100) { nodes { id } } } }`,
        { id: threadId },
      )
    ).thread.messages.nodes.length;
  const procurement = async () =>
    (
      await api<{ jointProcurement: { phase: string; dialogue: { questions: { status: string }[] } } }>(
        `query($id: ID!) { jointProcurement(id: $id) { phase dialogue { questions { status } } } }`,
        { id: procurementId },
      )
    ).jointProcurement;
  const membership = async (organisation: string) =>
    (
      await api<{
        buyerGroup: { memberships: { nodes: { role: string; status: string; organisation: { name: string } }[] } };
      }>(
        `query($id: ID!) { buyerGroup(id: $id) { memberships(first: 100, status: [ACTIVE, LEFT]) {
          nodes { role status organisation { name } } } } }`,
        { id: groupId },
      )
    ).buyerGroup.memberships.nodes.find((m) => m.organisation.name === organisation)!;
  const documentState = async () =>
    (
      await api<{ document: { visibility: string; publishedVersion: number | null } }>(
        `query($id: ID!) { document(id: $id) { visibility publishedVersion } }`,
        { id: documentId },
      )
    ).document;

  /** The open confirmation, once its fade-in is over. */
  const dialogNamed = async (page: Page, title: string): Promise<Locator> => {
    const dialog = page.getByRole('dialog', { name: title });
    await dialog.waitFor({ timeout: UI_TIMEOUT });
    return dialog;
  };
  const cancel = async (dialog: Locator) => {
    await dialog.getByRole('button', { name: 'Avbryt' }).click();
    await dialog.waitFor({ state: 'hidden' });
  };

  it('marks the public channel and its composer as visible to every supplier, and asks before a buyer’s first message', async () => {
    await a.goto(`${origin}/groups/${groupId}/threads/${publicThreadId}`);
    await a.getByRole('heading', { level: 2, name: /^Offentlig dialogkanal/ }).waitFor({ timeout: UI_TIMEOUT });
    // Over the channel and over its text box, in words; a dashed frame and an icon, not colour alone.
    const marks = a.getByTestId('audience-PUBLIC');
    await expect.poll(() => marks.count(), { timeout: UI_TIMEOUT }).toBe(2);
    for (const mark of await marks.all()) {
      expect(await mark.innerText()).toContain('SYNLIG FOR ALLE REGISTRERTE LEVERANDØRER.');
      expect(await mark.evaluate((el) => getComputedStyle(el).borderTopStyle)).toBe('dashed');
      expect(await mark.locator('svg').count()).toBe(1);
    }
    const box = a.getByRole('textbox', { name: 'Melding til alle registrerte leverandører' });
    // The mark is read out with the text box.
    const describedBy = (await box.getAttribute('aria-describedby'))!.split(' ');
    const description = await a.locator(`[id="${describedBy[0]}"]`).innerText();
    expect(description.toLowerCase()).toContain('synlig for alle registrerte leverandører');
    // The thread list tells the two channels apart as well.
    await a.getByRole('link', { name: /Offentlig dialogkanal.*Leverandører ser dette/ }).waitFor();
    await a.getByRole('link', { name: /Innkjøpernes kanal.*Bare innkjøperne/ }).waitFor();
    await screenshot(a, '40-public-channel');
    await expectAccessible(a, 'public channel');

    // The first message asks first, showing it as the suppliers will read it; Cancel sends nothing.
    const first = 'Vi inviterer til **dialogmøter** i mars.';
    await box.fill(first);
    await a.getByRole('button', { name: 'Send til alle leverandørene' }).click();
    let dialog = await dialogNamed(a, 'Sende til alle registrerte leverandører?');
    const preview = dialog.getByRole('figure', { name: 'Dette ser leverandørene' });
    await preview.getByText(`Kari Koordinator, Stjørdal testkommune ${suffix}`).waitFor();
    expect(await preview.locator('strong').filter({ hasText: 'dialogmøter' }).count()).toBe(1);
    await screenshot(a, '41-public-channel-confirm');
    await expectAccessible(a, 'public channel confirmation');
    await cancel(dialog);
    expect(await box.inputValue()).toBe(first);
    expect(await messageCount(publicThreadId)).toBe(0);

    // Asked again (nothing was confirmed), then sent.
    await a.getByRole('button', { name: 'Send til alle leverandørene' }).click();
    dialog = await dialogNamed(a, 'Sende til alle registrerte leverandører?');
    await dialog.getByRole('button', { name: 'Send til alle leverandørene' }).click();
    await a.getByRole('log').getByText('dialogmøter').first().waitFor({ timeout: UI_TIMEOUT });
    expect(await messageCount(publicThreadId)).toBe(1);

    // Later messages in the same session go straight out.
    await box.fill('Påmelding innen fredag.');
    await a.getByRole('button', { name: 'Send til alle leverandørene' }).click();
    await a.getByRole('log').getByText('Påmelding innen fredag.').waitFor({ timeout: UI_TIMEOUT });
    expect(await a.getByRole('dialog').count()).toBe(0);
    expect(await messageCount(publicThreadId)).toBe(2);

    // The buyers' channel: marked as buyers only (solid frame), and no question before sending.
    await a.getByRole('link', { name: 'Gå til innkjøpernes kanal' }).click();
    await a.getByRole('heading', { level: 2, name: /^Innkjøpernes kanal/ }).waitFor({ timeout: UI_TIMEOUT });
    const buyers = a.getByTestId('audience-BUYERS').first();
    expect(await buyers.innerText()).toContain('BARE INNKJØPERNE.');
    expect(await buyers.evaluate((el) => getComputedStyle(el).borderTopStyle)).toBe('solid');
    await a.getByRole('textbox', { name: 'Melding', exact: true }).fill('Budsjettet er internt.');
    await a.getByRole('button', { name: 'Send', exact: true }).click();
    await a.getByRole('log').getByText('Budsjettet er internt.').waitFor({ timeout: UI_TIMEOUT });
    expect(await a.getByRole('dialog').count()).toBe(0);
    expect(await messageCount(buyersThreadId)).toBe(1);
    await screenshot(a, '42-buyers-channel');
  }, 90_000);

  it('publishing an answer previews what the suppliers will see; Cancel publishes nothing', async () => {
    await a.goto(`${origin}/groups/${groupId}/procurements/${procurementId}`);
    const pending = a.locator('#dialogue li').filter({ hasText: 'Hvor mange busser trengs om morgenen?' });
    await pending.getByLabel('Spørsmål 1 slik det publiseres').fill('Hvor mange busser trengs?', {
      timeout: UI_TIMEOUT,
    });
    await pending.getByLabel('Svar på spørsmål 1').fill('Omtrent **tolv** busser.');
    await pending.getByRole('button', { name: 'Publiser svar 1 til alle leverandører' }).click();
    const dialog = await dialogNamed(a, 'Publisere svaret på spørsmål 1 til alle leverandørene?');
    await dialog.getByText('Svaret går straks til den 1 registrerte leverandøren').waitFor();
    const preview = dialog.getByRole('figure', { name: 'Dette ser leverandørene' });
    await preview.getByText('Hvor mange busser trengs?').waitFor();
    expect(await preview.locator('strong').filter({ hasText: 'tolv' }).count()).toBe(1);
    // The asker is not in what suppliers see.
    expect(await preview.innerText()).not.toContain('Skyss og Buss');
    await screenshot(a, '43-answer-confirm');
    await expectAccessible(a, 'answer confirmation');
    await cancel(dialog);
    expect((await procurement()).dialogue.questions.map((q) => q.status)).toEqual(['PENDING']);

    await pending.getByRole('button', { name: 'Publiser svar 1 til alle leverandører' }).click();
    const again = await dialogNamed(a, 'Publisere svaret på spørsmål 1 til alle leverandørene?');
    await again.getByRole('button', { name: 'Publiser svar 1 til alle leverandører' }).click();
    await a.getByText('Svar 1 er publisert til alle registrerte leverandører.').waitFor({ timeout: UI_TIMEOUT });
    expect((await procurement()).dialogue.questions.map((q) => q.status)).toEqual(['ANSWERED']);
  }, 60_000);

  it('publishing a document previews the version the suppliers will read, and never a newer one unseen', async () => {
    const documents = a.locator('#documents');
    const publish = documents.getByRole('button', { name: `Publiser ${DOCUMENT} versjon 1 til leverandørene` });
    await publish.click();
    let dialog = await dialogNamed(a, `Publisere «${DOCUMENT}» til leverandørene?`);
    const preview = dialog.getByRole('figure', { name: 'Dette ser leverandørene' });
    await preview.getByText('Versjon én.').waitFor({ timeout: UI_TIMEOUT });
    await preview.getByText('Versjon 1').waitFor();
    await screenshot(a, '44-document-publish-confirm');
    await expectAccessible(a, 'document publishing confirmation');
    await cancel(dialog);
    expect(await documentState()).toEqual({ visibility: 'GROUP', publishedVersion: null });

    // A version saved while the preview is open is not published unseen: refused, then shown.
    await publish.click();
    dialog = await dialogNamed(a, `Publisere «${DOCUMENT}» til leverandørene?`);
    await dialog.getByText('Versjon én.').waitFor({ timeout: UI_TIMEOUT });
    await member.client.ok(`mutation($input: AddTextVersionInput!) { addTextVersion(input: $input) { number } }`, {
      input: { documentId, baseVersion: 1, text: '# Invitasjon\n\nVersjon to, med budsjett.' },
    });
    await dialog.getByRole('button', { name: 'Publiser denne versjonen' }).click();
    await dialog
      .getByText('En nyere versjon ble lagret i mellomtiden; ingenting ble publisert.', { exact: false })
      .waitFor({
        timeout: UI_TIMEOUT,
      });
    expect(await documentState()).toEqual({ visibility: 'GROUP', publishedVersion: null });
    await dialog.getByText('Versjon to, med budsjett.').waitFor({ timeout: UI_TIMEOUT });
    await dialog.getByRole('button', { name: 'Publiser denne versjonen' }).click();
    await documents.getByText('Publisert (versjon 2)').waitFor({ timeout: UI_TIMEOUT });
    expect(await documentState()).toEqual({ visibility: 'PUBLISHED', publishedVersion: 2 });
  }, 60_000);

  it('moving a phase says which phase starts and what it opens and closes; Cancel leaves the phase', async () => {
    await a.getByRole('button', { name: 'Gå videre til Behovsavklaring' }).click();
    const dialog = await dialogNamed(a, 'Starte fasen Behovsavklaring?');
    await dialog.getByText(`${TITLE} går fra Forankring til Behovsavklaring.`).waitFor();
    await dialog.getByRole('heading', { name: 'Dette åpner og lukker flyttingen' }).waitFor();
    await dialog.getByText('Deltakerne beskriver behovet og sine egne volumer', { exact: false }).waitFor();
    await dialog.getByText('En anskaffelse kan ikke flyttes tilbake', { exact: false }).waitFor();
    await screenshot(a, '45-phase-confirm');
    await expectAccessible(a, 'phase confirmation');
    await cancel(dialog);
    expect((await procurement()).phase).toBe('ANCHORING');
    await a.getByText('Fase: Forankring').waitFor();

    await a.getByRole('button', { name: 'Gå videre til Behovsavklaring' }).click();
    const again = await dialogNamed(a, 'Starte fasen Behovsavklaring?');
    await again.getByRole('button', { name: 'Gå videre til Behovsavklaring' }).click();
    await a.getByText('Fase: Behovsavklaring').waitFor({ timeout: UI_TIMEOUT });
    expect((await procurement()).phase).toBe('NEED_ASSESSMENT');
  }, 60_000);

  it('removing a member organisation names who is removed; Cancel keeps it', async () => {
    const tydal = `Tydal testkommune ${suffix}`;
    await a.goto(`${origin}/groups/${groupId}`);
    await a.getByRole('button', { name: `Fjern ${tydal}` }).click({ timeout: UI_TIMEOUT });
    const dialog = await dialogNamed(a, `Fjerne ${tydal} fra gruppen?`);
    const facts = dialog.locator('dl');
    expect(await facts.innerText()).toMatch(new RegExp(`Organisasjon\\s+${tydal}\\s+Rolle\\s+Medlem`));
    await dialog.getByText(`${tydal} forlater Skyss i Trøndelag ${suffix} med en gang`, { exact: false }).waitFor();
    await screenshot(a, '46-remove-member-confirm');
    await expectAccessible(a, 'member removal confirmation');
    await cancel(dialog);
    expect(await membership(tydal)).toMatchObject({ status: 'ACTIVE', role: 'MEMBER' });

    await a.getByRole('button', { name: `Fjern ${tydal}` }).click();
    const again = await dialogNamed(a, `Fjerne ${tydal} fra gruppen?`);
    await again.getByRole('button', { name: `Fjern ${tydal}` }).click();
    await a
      .getByRole('table')
      .getByRole('cell', { name: tydal, exact: true })
      .waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    expect(await membership(tydal)).toMatchObject({ status: 'LEFT' });
  }, 60_000);

  it('changing a role says from what to what; Cancel keeps the role', async () => {
    const meraker = `Meråker testkommune ${suffix}`;
    const select = a.getByLabel(`Rollen til ${meraker}`);
    await select.selectOption('COORDINATOR');
    const dialog = await dialogNamed(a, `Endre rollen til ${meraker}?`);
    await dialog.getByText(`${meraker} går fra Medlem til Koordinator.`).waitFor();
    await dialog.getByText('En koordinator tar opp og fjerner medlemmer', { exact: false }).waitFor();
    await screenshot(a, '47-role-confirm');
    await expectAccessible(a, 'role change confirmation');
    await cancel(dialog);
    // The select shows the role the organisation still has.
    expect(await select.inputValue()).toBe('MEMBER');
    expect(await membership(meraker)).toMatchObject({ role: 'MEMBER' });

    await select.selectOption('OBSERVER');
    const again = await dialogNamed(a, `Endre rollen til ${meraker}?`);
    await again.getByText(`${meraker} går fra Medlem til Observatør.`).waitFor();
    await again.getByRole('button', { name: 'Endre rollen til Observatør' }).click();
    await expect.poll(async () => (await membership(meraker)).role, { timeout: UI_TIMEOUT }).toBe('OBSERVER');
    await expect.poll(() => select.inputValue(), { timeout: UI_TIMEOUT }).toBe('OBSERVER');
  }, 60_000);
});
