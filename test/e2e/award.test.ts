import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureClientBuilt } from '../../client/build.js';
import { awardEveryLot, contractDocument, noStandstill } from '../support/contracts.js';
import { norwegianOrgNumber, PASSWORD, type TestUser } from '../support/factories.js';
import { driveTo, hex, supplier } from '../support/procurement.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { NEEDS, procurement, world, type World } from '../support/world.js';
import { expectAccessible, hasChromium, launchChromium, openPage, screenshot } from './browser.js';

// app.test.ts says plainly when Chromium is missing; this file skips with it.

const UI_TIMEOUT = 15_000;

/** A datetime-local field value `days` ahead, in the browser's (and this process's) time zone. */
const localInput = (days: number) => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setSeconds(0, 0);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

/**
 * A buyer group of three municipalities (the coordinator's leads) with one shared need, its
 * procurement driven through the API into the competition: member a has signed its mandate.
 */
async function competition(s: TestServer) {
  const w = await world(s, { needs: [NEEDS[0]], interests: { a: ['1500000'], b: ['900000'] } });
  const p = await procurement(w, { title: `Skoleskyss i fjordane ${hex()}` });
  await driveTo(w, p.id, 'COMPETITION');
  const { jointProcurement } = await w.coord.client.ok(
    `query($id: ID!) { jointProcurement(id: $id) { lots { title } } }`,
    {
      id: p.id,
    },
  );
  const lotTitle: string = jointProcurement.lots[0].title;
  return { w, procurementId: p.id, lotTitle, lotName: `Delkontrakt 1: ${lotTitle}` };
}

/**
 * Waits until every section of the page has its first answer (no spinner left), so a click is not
 * lost to a section above that grows while it loads.
 */
async function loaded(page: Page) {
  await page.getByRole('heading', { level: 2, name: 'Kontrakter og avropsrett' }).waitFor({ timeout: UI_TIMEOUT });
  await page.getByLabel('Laster …').first().waitFor({ state: 'detached', timeout: UI_TIMEOUT });
}

async function signIn(page: Page, origin: string, user: TestUser) {
  await page.goto(`${origin}/`);
  await page.getByLabel('E-postadresse').fill(user.user.email);
  await page.getByLabel('Passord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Logg inn' }).click();
  await page
    .getByRole('heading', { level: 1, name: `Velkommen, ${user.user.displayName}` })
    .waitFor({ timeout: UI_TIMEOUT });
}

describe.skipIf(!hasChromium)('tenders, award, standstill and contract in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    await ensureClientBuilt();
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
  });

  describe('with the standstill period of the thresholds file (10 days in Norway)', () => {
    let s: TestServer;
    let w: World;
    let procurementId: string;
    let lotName: string;
    let winnerNumber: string;
    let lotTitle: string;
    let decisionTitle: string;
    let coordPage: Page;
    let memberPage: Page;
    let url: string;
    const winner = `Fjordbuss ${hex()} AS`;
    const late = `Seint Selskap ${hex()} AS`;

    beforeAll(async () => {
      s = await startTestServer();
      const c = await competition(s);
      ({ w, procurementId, lotName } = c);
      lotTitle = c.lotTitle;
      decisionTitle = `Tildeling av delkontrakt 1: ${lotTitle}`;
      winnerNumber = (await supplier(s, winner)).organisation.organisationNumber;
      const origin = `http://127.0.0.1:${s.app.port}`;
      url = `${origin}/groups/${w.groupId}/procurements/${procurementId}`;
      [coordPage, memberPage] = await Promise.all([
        openPage(browser, 'coordinator', { locale: 'nb-NO' }),
        openPage(browser, 'member', { locale: 'nb-NO' }),
      ]);
      await Promise.all([signIn(coordPage, origin, w.coord), signIn(memberPage, origin, w.a)]);
      await Promise.all([coordPage.goto(url), memberPage.goto(url)]);
      await Promise.all([loaded(coordPage), loaded(memberPage)]);
    }, 180_000);

    afterAll(async () => {
      await s?.close();
    });

    const lotPanel = (page: Page) => page.locator('#award').getByRole('region', { name: lotName });

    it('the coordinator records a tender from a supplier on Samverka and admits it; the member sees it live', async () => {
      const panel = lotPanel(coordPage);
      await panel.getByText('Ingen tilbud registrert for delkontrakten.').waitFor({ timeout: UI_TIMEOUT });
      await panel.getByText('Registrer et tilbud på delkontrakt 1').click();
      await panel.getByLabel('Søk etter leverandør med navn eller organisasjonsnummer').fill(winner.slice(0, 14));
      await panel.getByLabel('Leverandør', { exact: true }).selectOption({ label: `${winner} (${winnerNumber})` });
      await panel.getByLabel('Tilbudt pris').fill('2 450 000');
      await panel.getByRole('button', { name: 'Registrer tilbud' }).click();
      await coordPage
        .getByText(`Tilbudet fra ${winner} på delkontrakt 1 er registrert.`)
        .waitFor({ timeout: UI_TIMEOUT });

      const row = panel.getByRole('row').filter({ hasText: winner });
      await row.getByText('Mottatt', { exact: true }).waitFor();
      await row.getByText(/^2\s450\s000,00\skr$/).waitFor();
      await row.getByRole('button', { name: `Ta med tilbudet fra ${winner} i evalueringen` }).click();
      await row.getByText('Med i evalueringen').waitFor({ timeout: UI_TIMEOUT });

      // No reload on the member's side: the procurement's event stream brings the tender.
      await lotPanel(memberPage)
        .getByRole('row')
        .filter({ hasText: winner })
        .getByText('Med i evalueringen')
        .waitFor({ timeout: UI_TIMEOUT });
      // Members read the tenders; only coordinators record or assess them.
      expect(await lotPanel(memberPage).getByText('Registrer et tilbud på delkontrakt 1').count()).toBe(0);
    }, 60_000);

    it('a tender from a supplier not on Samverka is recorded by its organisation number and rejected with a reason', async () => {
      const panel = lotPanel(coordPage);
      await panel.getByLabel('Leverandøren er').selectOption('new');
      await panel.getByLabel('Leverandørens navn').fill(late);
      // A wrong organisation number is refused beside its field, in Norwegian.
      await panel.getByLabel('Organisasjonsnummer').fill('123456789');
      await panel.getByRole('button', { name: 'Registrer tilbud' }).click();
      await panel.getByText('Ikke et gyldig organisasjonsnummer for landet.').waitFor({ timeout: UI_TIMEOUT });
      await panel.getByLabel('Organisasjonsnummer').fill(norwegianOrgNumber());
      await panel.getByRole('button', { name: 'Registrer tilbud' }).click();
      const row = panel.getByRole('row').filter({ hasText: late });
      await row.getByText('Mottatt', { exact: true }).waitFor({ timeout: UI_TIMEOUT });

      await row.getByRole('button', { name: `Avvis tilbudet fra ${late}` }).click();
      await row.getByRole('button', { name: 'Avvis tilbudet', exact: true }).click();
      await row.getByText('Må fylles ut').waitFor();
      await row.getByLabel(`Hvorfor tilbudet fra ${late} avvises`).fill('Kom etter tilbudsfristen.');
      await row.getByRole('button', { name: 'Avvis tilbudet', exact: true }).click();
      await row.getByText('Avvist', { exact: true }).waitFor({ timeout: UI_TIMEOUT });
      await row.getByText('Kom etter tilbudsfristen.').waitFor();
    }, 60_000);

    it('the coordinator proposes the award, the member votes, the coordinator closes it: both see the award and the standstill counting down', async () => {
      const panel = lotPanel(coordPage);
      await panel.getByText('Foreslå tildeling av delkontrakt 1').click();
      // Only admitted tenderers can be chosen.
      const choice = panel.getByLabel('Vinnende leverandør');
      expect(await choice.locator('option').allTextContents()).toEqual(['Velg en leverandør', winner]);
      await choice.selectOption({ label: winner });
      await panel.getByLabel('Avsluttes').fill(localInput(3));
      await panel.getByRole('button', { name: 'Åpne tildelingsvedtak' }).click();
      await coordPage
        .getByText('Tildelingsvedtaket for delkontrakt 1 er åpent for stemmer under Vedtak.')
        .waitFor({ timeout: UI_TIMEOUT });
      await panel
        .getByText(`Tildelingsvedtaket «${decisionTitle}» til ${winner} er åpent til`, { exact: false })
        .waitFor();

      // The member votes in the decisions section, which names the lot and the supplier.
      const title = decisionTitle;
      const memberDecision = memberPage.locator('#decisions li').filter({ hasText: title });
      await memberDecision
        .getByText(`Tildeler delkontrakt 1 (${lotTitle}) til ${winner}.`)
        .waitFor({ timeout: UI_TIMEOUT });
      await memberDecision.getByRole('button', { name: 'Stem: Godkjenn' }).click();
      await memberPage.getByText(`Dere stemte Godkjenn i ${title}.`).waitFor({ timeout: UI_TIMEOUT });

      const decision = coordPage.locator('#decisions li').filter({ hasText: title });
      await decision.getByRole('button', { name: 'Stem: Godkjenn' }).click();
      await decision.getByText('Beslutningsdyktig ved 2, 2 har stemt').waitFor({ timeout: UI_TIMEOUT });
      await decision.getByRole('button', { name: `Avslutt ${title} nå` }).click();
      await decision.getByText('Resultat: Godkjenn').waitFor({ timeout: UI_TIMEOUT });

      // The award, and its standstill counting down, on both pages (the member's without reload).
      for (const page of [coordPage, memberPage]) {
        const award = lotPanel(page);
        await award.getByText(`Tildelt ${winner}.`).waitFor({ timeout: UI_TIMEOUT });
        await award.getByText(/^10 dager, til /).waitFor();
        await award
          .getByRole('timer')
          .getByText(/^Karenstid: (10 dager|9 dager og 23 timer) igjen \(slutter .+\)\.$/)
          .waitFor({ timeout: UI_TIMEOUT });
        await page
          .locator('#contracts')
          .getByText(/^Kontrakten kan registreres når karenstiden er over/)
          .waitFor({ timeout: UI_TIMEOUT });
      }
      // Tenders are closed to changes once awarded; the coordinator may record a later notification.
      expect(await panel.getByText('Registrer et tilbud på delkontrakt 1').count()).toBe(0);
      expect(await panel.getByRole('button', { name: /^(Avvis tilbudet|Ta med tilbudet)/ }).count()).toBe(0);
      await panel.getByText('Registrer når leverandørene ble varslet').waitFor();
      await screenshot(coordPage, '30-award-standstill');
      await expectAccessible(coordPage, 'procurement with tenders and an award');
    }, 90_000);
  });

  describe('with no standstill period: the contract and the call-off rights', () => {
    let s: TestServer;
    let coordPage: Page;
    let memberPage: Page;
    let memberOrg: string;
    const winner = `Kystskyss ${hex()} AS`;

    beforeAll(async () => {
      s = await startTestServer(noStandstill());
      const { w, procurementId } = await competition(s);
      memberOrg = w.a.organisation.name;
      const seller = await supplier(s, winner);
      await awardEveryLot(w, procurementId, seller.organisation.id);
      const origin = `http://127.0.0.1:${s.app.port}`;
      const url = `${origin}/groups/${w.groupId}/procurements/${procurementId}`;
      [coordPage, memberPage] = await Promise.all([
        openPage(browser, 'coordinator', { locale: 'nb-NO' }),
        openPage(browser, 'member', { locale: 'nb-NO' }),
      ]);
      await Promise.all([signIn(coordPage, origin, w.coord), signIn(memberPage, origin, w.a)]);
      await Promise.all([coordPage.goto(url), memberPage.goto(url)]);
      await Promise.all([loaded(coordPage), loaded(memberPage)]);
      // The signed contract is a document the coordinator adds while the page is open.
      const contracts = coordPage.locator('#contracts');
      await contracts.getByText('Registrer kontrakten for delkontrakt 1').click();
      await contracts.getByText(/^Anskaffelsen har ikke noe kontraktsdokument/).waitFor({ timeout: UI_TIMEOUT });
      await contractDocument(w, procurementId);
    }, 180_000);

    afterAll(async () => {
      await s?.close();
    });

    it('the coordinator records the contract with its period; the member updates its own call-off right and the coordinator sees it live', async () => {
      await coordPage
        .locator('#award')
        .getByRole('timer')
        .getByText(/^Karenstiden er over/)
        .waitFor({
          timeout: UI_TIMEOUT,
        });
      const contracts = coordPage.locator('#contracts');
      await contracts.getByLabel('Signert kontrakt (dokument)').waitFor({ timeout: UI_TIMEOUT });
      await contracts.getByLabel('Kontraktsverdi').fill('12 000 000');
      await contracts.getByLabel('Kontraktsstart').fill('2027-09-01');
      await contracts.getByLabel('Varighet i måneder').fill('48');
      await contracts.getByLabel('Opsjoner på forlengelse').fill('2');
      await contracts.getByLabel('Måneder per opsjon').fill('12');
      await contracts.getByRole('button', { name: 'Registrer kontrakt' }).click();
      await coordPage
        .getByText(`Kontrakten med ${winner} for delkontrakt 1 er registrert.`)
        .waitFor({ timeout: UI_TIMEOUT });
      await contracts.getByText(/^12\s000\s000,00\skr$/).waitFor();
      await contracts.getByText('1. sep. 2027 – 31. aug. 2031 (4 år)').waitFor();
      await contracts.getByText('til 31. aug. 2033 med 2 opsjoner på 1 år hver (6 år i alt)').waitFor();
      const right = (page: Page) => page.locator('#contracts').getByRole('row').filter({ hasText: memberOrg });
      await right(coordPage).getByText('Egen avtale').waitFor();
      await right(coordPage).getByText('Ikke startet').waitFor();
      // The coordinator's authority holds no right here (it signed no mandate): no form for it.
      expect(await contracts.getByText(/^Oppdater avropsretten/).count()).toBe(0);

      // The member's page has the contract without reload, and the form for its own right.
      const mine = memberPage.locator('#contracts');
      await mine.getByText(`Oppdater avropsretten til ${memberOrg}`).click({ timeout: UI_TIMEOUT });
      await mine.getByLabel('Status', { exact: true }).selectOption('ACTIVE');
      await mine.getByLabel('Egen referanse').fill('AVT-2027-14');
      await mine.getByLabel('Starter').fill('2027-10-01');
      await mine.getByRole('button', { name: 'Lagre avropsrett' }).click();
      await memberPage.getByText(`Avropsretten til ${memberOrg} er lagret.`).waitFor({ timeout: UI_TIMEOUT });

      await right(coordPage).getByText('Aktiv').waitFor({ timeout: UI_TIMEOUT });
      await right(coordPage).getByText('AVT-2027-14').waitFor();
      await right(coordPage).getByText('1. okt. 2027').waitFor();
      await screenshot(coordPage, '31-contract-call-off');
      await expectAccessible(memberPage, 'procurement with a contract and call-off rights');
    }, 90_000);
  });
});
