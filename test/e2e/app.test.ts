import { randomBytes, randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, UI_TIMEOUT } from './session.js';
import { ensureClientBuilt } from '../../client/build.js';
import type { TestUser } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { CHROMIUM, expectAccessible, hasChromium, launchChromium, screenshot } from './browser.js';
import { watchPage } from './failure-report.js';

if (!hasChromium) {
  // Said plainly, not a silent pass: CI installs Chromium (.ci/run), so it runs these there.
  console.warn(`SKIPPED the end-to-end browser tests: ${CHROMIUM} is not installed (apt-get install -y chromium).`);
}

const suffix = randomBytes(3).toString('hex');
const GROUP = `Velferdsteknologi ${suffix}`;

describe.skipIf(!hasChromium)('web client in Chromium, two municipalities', () => {
  let s: TestServer;
  let browser: Browser;
  let origin: string;
  let coord: TestUser;
  let member: TestUser;
  let groupId: string;
  let ctxA: BrowserContext;
  let ctxB: BrowserContext;
  let a: Page;
  let b: Page;
  /** The coordinator's and member's pages' WebSocket traffic, to cut it as a network failure would. */
  let outage = false;
  const sockets: { page: WebSocketRoute; server: WebSocketRoute }[] = [];

  beforeAll(async () => {
    await ensureClientBuilt();
    s = await startTestServer();
    origin = `http://127.0.0.1:${s.app.port}`;
    const orgA = await s.factories.organisation({ name: `Stjørdal testkommune ${suffix}` });
    const orgB = await s.factories.organisation({ name: `Meråker testkommune ${suffix}` });
    coord = await s.factories.user({ organisation: orgA, displayName: 'Kari Koordinator' });
    member = await s.factories.user({ organisation: orgB, displayName: 'Mats Medlem' });
    // Formed through the API, as the UI would: the group gets its general thread.
    const { createBuyerGroup } = await coord.client.ok(
      `mutation($input: CreateBuyerGroupInput!) { createBuyerGroup(input: $input) { id } }`,
      {
        input: {
          name: GROUP,
          focusArea: 'WELFARE_TECHNOLOGY',
          description: 'Felles innkjøp av **trygghetsteknologi**.',
        },
      },
    );
    groupId = createBuyerGroup.id;
    browser = await launchChromium();
    ctxA = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nb-NO' });
    ctxB = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nb-NO' });
    // The member's WebSocket goes through this route, so the test can drop it like a network would.
    await ctxB.routeWebSocket(/\/graphql$/, (ws) => {
      if (outage) return void ws.close({ code: 1012, reason: 'test: network down' });
      sockets.push({ page: ws, server: ws.connectToServer() });
    });
    a = await ctxA.newPage();
    b = await ctxB.newPage();
    // Script errors in the app fail loudly in the test output, not only as a missing element.
    for (const [who, page] of [
      ['coordinator', a],
      ['member', b],
    ] as const) {
      page.on('pageerror', (err) => console.error(`[${who}'s page] ${err.message}`));
      watchPage(page, who);
    }
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('signs in (the profile language, Norwegian, applies) and shows an empty home', async () => {
    await a.goto(`${origin}/`);
    await a.getByRole('heading', { level: 1, name: /Logg inn|Sign in|Logga in/ }).waitFor();
    await screenshot(a, '01-sign-in');
    await expectAccessible(a, 'sign in');
    await signIn(a, origin, coord);
    await signIn(b, origin, member);
    await b.getByText('Ingenting venter på deg.').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await screenshot(a, '02-home');
    await expectAccessible(a, 'home');
  }, 60_000);

  it('the coordinator invites the other municipality, which sees the invitation live and accepts', async () => {
    await a.getByRole('link', { name: GROUP }).click();
    await a.getByRole('heading', { level: 1, name: GROUP }).waitFor();
    await a.getByRole('searchbox', { name: 'Søk etter virksomhet med navn eller nummer' }).fill('Meråker testkommune');
    await a.getByRole('button', { name: `Inviter Meråker testkommune ${suffix}` }).click();
    await a.getByText(`Meråker testkommune ${suffix} er invitert som Medlem`).waitFor({ timeout: UI_TIMEOUT });

    // No reload: the invitation reaches the member's home through the viewer's event stream.
    const accept = b.getByRole('button', { name: `Godta invitasjonen til ${GROUP}` });
    await accept.waitFor({ timeout: UI_TIMEOUT });
    await screenshot(b, '03-home-invitation');
    await expectAccessible(b, 'home with an invitation');
    await accept.click();
    await b.getByText(`Dere er nå medlem av ${GROUP}.`).waitFor({ timeout: UI_TIMEOUT });
    await b.getByRole('link', { name: GROUP }).waitFor({ timeout: UI_TIMEOUT });

    // And the coordinator's member table follows, live as well.
    await a
      .getByRole('table')
      .getByRole('cell', { name: `Meråker testkommune ${suffix}`, exact: true })
      .waitFor({ timeout: UI_TIMEOUT });
    await screenshot(a, '04-group-members');
    await expectAccessible(a, 'group members');
  }, 60_000);

  it('a message typed by one appears for the other without reload, with typing, mention and reaction', async () => {
    await a.getByRole('link', { name: 'Diskusjoner' }).click();
    await b.getByRole('link', { name: GROUP }).click();
    await b.getByRole('link', { name: 'Diskusjoner' }).click();
    for (const page of [a, b]) await page.getByRole('heading', { level: 2, name: 'Generelt' }).waitFor();

    // The member writes; the coordinator sees the typing indicator, then the message, without reload.
    const boxB = b.getByRole('textbox', { name: 'Melding', exact: true });
    await boxB.click();
    await boxB.pressSequentially('Hei fra Meråker');
    await a.getByText('Mats Medlem skriver …').waitFor({ timeout: UI_TIMEOUT });
    await boxB.press('Enter');
    await a.getByRole('log', { name: 'Meldinger' }).getByText('Hei fra Meråker').waitFor({ timeout: UI_TIMEOUT });
    await a.getByText('Mats Medlem skriver …').waitFor({ state: 'detached', timeout: UI_TIMEOUT });

    // The coordinator answers with a mention picked from the autocomplete (keyboard only).
    const boxA = a.getByRole('textbox', { name: 'Melding', exact: true });
    await boxA.click();
    await boxA.pressSequentially('Hei @Ma');
    await a.getByRole('option', { name: 'Mats Medlem' }).waitFor({ timeout: UI_TIMEOUT });
    await screenshot(a, '05-mention-autocomplete');
    await boxA.press('Enter');
    await expect.poll(() => boxA.inputValue()).toBe('Hei @Mats Medlem ');
    await boxA.pressSequentially('velkommen til gruppa!');
    await boxA.press('Enter');

    const logB = b.getByRole('log', { name: 'Meldinger' });
    await logB.getByText('velkommen til gruppa!').waitFor({ timeout: UI_TIMEOUT });
    // The member watched it arrive: no "new messages" marker (that is for what came while away).
    expect(await logB.getByRole('separator', { name: 'Nye meldinger' }).count()).toBe(0);
    // The mention reached the member's notifications (the projector runs from the event log).
    await expect
      .poll(
        async () =>
          (await member.client.ok(`{ notifications(unreadOnly: true) { nodes { kind } } }`)).notifications.nodes,
        {
          timeout: UI_TIMEOUT,
        },
      )
      .toContainEqual({ kind: 'MENTION' });

    // A reaction travels back the same way.
    const coordMessage = logB.getByRole('article').filter({ hasText: 'velkommen til gruppa!' });
    await coordMessage.getByRole('button', { name: /^Handlinger for meldingen fra Kari Koordinator/ }).click();
    await coordMessage.getByRole('button', { name: 'Reager med 👍' }).click();
    await a.getByRole('log').getByRole('button', { name: '👍 1' }).waitFor({ timeout: UI_TIMEOUT });
    await screenshot(b, '06-discussion');
    await expectAccessible(b, 'discussion');
  }, 60_000);

  it('shows that it is reconnecting when the connection drops, then delivers what was missed', async () => {
    // The banner lies over the page: what the person was about to click stays where it was.
    const before = await b.getByRole('log').boundingBox();
    outage = true;
    for (const { page, server } of sockets.splice(0)) {
      page.close({ code: 1012, reason: 'test: network down' });
      server.close();
    }
    await b.getByText(/Forbindelsen ble brutt/).waitFor({ timeout: UI_TIMEOUT });
    expect(await b.getByRole('log').boundingBox()).toEqual(before);
    await screenshot(b, '07-reconnecting');
    // Posted while the member's browser is offline.
    await coord.client.ok(`mutation($input: PostMessageInput!) { postMessage(input: $input) { id } }`, {
      input: {
        threadId: (
          await coord.client.ok(`query($id: ID!) { buyerGroup(id: $id) { generalThread { id } } }`, { id: groupId })
        ).buyerGroup.generalThread.id,
        body: 'Skrevet mens du var frakoblet',
        idempotencyKey: randomUUID(),
      },
    });
    outage = false;
    // Resumed from the last event id the page saw: the missed message arrives, no reload.
    await b.getByRole('log').getByText('Skrevet mens du var frakoblet').waitFor({ timeout: 30_000 });
    await b.getByText(/Forbindelsen ble brutt/).waitFor({ state: 'detached', timeout: UI_TIMEOUT });
  }, 60_000);

  it('the member states an interest and the coordinator sees the joint demand change live', async () => {
    const { createSharedNeed } = await coord.client.ok(
      `mutation($input: CreateSharedNeedInput!) { createSharedNeed(input: $input) { id } }`,
      { input: { groupId, title: 'Digitalt tilsyn om natten', problem: 'Færre **unødige** nattlige tilsyn.' } },
    );
    await a.goto(`${origin}/needs/${createSharedNeed.id}`);
    await a.getByRole('heading', { level: 1, name: 'Digitalt tilsyn om natten' }).waitFor();
    await b.goto(`${origin}/needs/${createSharedNeed.id}`);
    await b.getByLabel('Anslått mengde').fill('120');
    await b.getByLabel('Enhet').fill('brukere');
    await b.getByLabel('Anslått årlig verdi').fill('1500000,50');
    await b.getByRole('button', { name: 'Meld interesse' }).click();
    await b.getByText('Interessen er lagret.').waitFor({ timeout: UI_TIMEOUT });

    // Norwegian number and currency formatting, from the coordinator's live view.
    const demand = a.getByRole('table', { name: 'Samlet etterspørsel for Digitalt tilsyn om natten' });
    await demand.getByRole('cell', { name: '120' }).waitFor({ timeout: UI_TIMEOUT });
    await demand.getByRole('cell', { name: /1\s500\s000,50\s*kr/ }).waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await screenshot(a, '08-need');
    await expectAccessible(a, 'need');

    await a.goto(`${origin}/groups/${groupId}/needs`);
    await a.getByRole('figure').first().waitFor();
    await screenshot(a, '09-group-needs');
    await expectAccessible(a, 'group needs');
  }, 60_000);

  it('merges the user’s text with a version saved meanwhile, dropping neither', async () => {
    await b.goto(`${origin}/groups/${groupId}/documents`);
    await b.getByText('Nytt dokument').click();
    await b.getByLabel('Tittel').fill('Behovsbeskrivelse');
    await b.getByLabel('Tekst (versjon 1)').fill('# Behov\n\nFørste utkast.');
    await b.getByRole('button', { name: 'Opprett dokument' }).click();
    await b.getByRole('heading', { level: 2, name: 'Behovsbeskrivelse' }).waitFor({ timeout: UI_TIMEOUT });
    const documentId = b.url().split('/').pop()!;

    await b.getByRole('button', { name: 'Rediger teksten' }).click();
    await b.getByLabel('Tekst', { exact: true }).fill('Mitt forslag til behovet.');
    // Meanwhile the coordinator saves version 2 on top of version 1.
    await coord.client.ok(`mutation($input: AddTextVersionInput!) { addTextVersion(input: $input) { number } }`, {
      input: { documentId, baseVersion: 1, text: '# Behov\n\nKoordinatorens versjon.' },
    });
    await b.getByRole('heading', { name: 'Versjon 2 ble lagret mens du redigerer' }).waitFor({ timeout: UI_TIMEOUT });
    await b.getByRole('button', { name: 'Lagre som ny versjon' }).click();
    const dialog = b.getByRole('dialog');
    await dialog
      .getByRole('heading', { name: 'Endringene dine og den nyere versjonen overlapper' })
      .waitFor({ timeout: UI_TIMEOUT });
    const conflict = dialog.getByRole('group', { name: /^Konflikt 1 av 1/ });
    await conflict.getByRole('region', { name: 'Din tekst' }).getByText('Mitt forslag til behovet.').waitFor();
    await conflict.getByText('Koordinatorens versjon.').waitFor({ timeout: UI_TIMEOUT });
    await screenshot(b, '10-document-conflict');
    await expectAccessible(b, 'document merge dialog');
    await conflict.getByLabel('Behold begge (min først)').check();
    await dialog.getByRole('button', { name: 'Lagre den flettede teksten som versjon 3' }).click();
    await b
      .getByText('Versjon 3 er lagret: endringene dine er flettet med versjon 2.')
      .waitFor({ timeout: UI_TIMEOUT });
    await b.getByText('Mitt forslag til behovet.').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await b.getByText('Koordinatorens versjon.').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await screenshot(b, '11-document');
    await expectAccessible(b, 'document');
  }, 60_000);

  it('searches what the user may read', async () => {
    await b.goto(`${origin}/search`);
    await b.getByRole('searchbox', { name: 'Søk i dokumenter, behov og meldinger' }).fill('velkommen');
    await b.getByRole('button', { name: 'Søk', exact: true }).click();
    await b.getByRole('link', { name: 'Generelt' }).first().waitFor({ timeout: UI_TIMEOUT });
    await screenshot(b, '12-search');
    await expectAccessible(b, 'search');
  }, 60_000);

  it('switches language, and the choice is kept in the profile', async () => {
    await b.getByLabel('Språk', { exact: true }).selectOption('en');
    await b.getByRole('heading', { level: 1, name: 'Search' }).waitFor({ timeout: UI_TIMEOUT });
    await expect
      .poll(async () => (await member.client.ok(`{ viewer { locale } }`)).viewer.locale, { timeout: UI_TIMEOUT })
      .toBe('en');
    await b.reload();
    await b.getByRole('heading', { level: 1, name: 'Search' }).waitFor({ timeout: UI_TIMEOUT });
    await b.getByLabel('Language', { exact: true }).selectOption('sv');
    await b.getByRole('heading', { level: 1, name: 'Sök' }).waitFor({ timeout: UI_TIMEOUT });
    await expectAccessible(b, 'search in Swedish');
  }, 60_000);
});
