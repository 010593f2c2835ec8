import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, UI_TIMEOUT } from './session.js';
import { ensureClientBuilt } from '../../client/build.js';
import { OrganisationRole } from '../../server/modules/users/user.entity.js';
import type { TestUser } from '../support/factories.js';
import {
  CREATE_DOC,
  CREATE_NEED,
  CREATE_PROCUREMENT,
  OPEN_DECISION,
  REGISTER,
  ASK,
  SET_INTEREST,
  hex,
  inDays,
  supplier,
} from '../support/procurement.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { expectAccessible, hasChromium, launchChromium, screenshot } from './browser.js';
import { watchPage } from './failure-report.js';

// app.test.ts says plainly when Chromium is missing; this file skips with it.

const suffix = hex();
const TITLE = `Felles trygghetsalarmer ${suffix}`;

/** Texts that exist for the buyers only: the supplier's page must never contain them. */
const SECRET = {
  buyersMessage: `Budsjettet vårt er stramt ${suffix}`,
  groupDocument: `Internt budsjettnotat ${suffix}`,
  competitorQuestion: `Konkurrentens ubesvarte spørsmål ${suffix}`,
  decisionReference: `KS-2026/${suffix}`,
};
/** The member's stated value (1 234 567 NOK); formatted it would read "1 234 567". */
const MEMBER_VALUE = '1234567';

/** A datetime-local field value `days` ahead, in the browser's (and this process's) time zone. */
const localInput = (days: number) => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setSeconds(0, 0);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

describe.skipIf(!hasChromium)('joint procurement and market dialogue in Chromium', () => {
  let s: TestServer;
  let browser: Browser;
  let origin: string;
  let coord: TestUser;
  let member: TestUser;
  let seller: TestUser;
  let rival: TestUser;
  let groupId: string;
  let procurementId: string;
  let contexts: BrowserContext[];
  let a: Page;
  let b: Page;
  let c: Page;

  beforeAll(async () => {
    await ensureClientBuilt();
    s = await startTestServer();
    origin = `http://127.0.0.1:${s.app.port}`;
    const f = s.factories;
    const orgA = await f.organisation({ name: `Malvik testkommune ${suffix}` });
    const orgB = await f.organisation({ name: `Selbu testkommune ${suffix}` });
    [coord, member, seller, rival] = await Promise.all([
      f.user({ organisation: orgA, displayName: 'Kari Koordinator' }),
      f.user({ organisation: orgB, displayName: 'Mats Medlem' }),
      supplier(s, `Trygg Teknologi ${suffix} AS`),
      supplier(s, `Konkurrent ${suffix} AS`),
    ]);
    const group = await f.group(orgA, { name: `Trygghet i Trøndelag ${suffix}` }, [{ organisation: orgB }]);
    groupId = group.id;

    // The need and both municipalities' interests, then the procurement, all through the API.
    const { createSharedNeed } = await coord.client.ok(CREATE_NEED, {
      input: { groupId, title: 'Trygghetsalarmer', problem: 'Eldre trenger trygghet hjemme.', cpvCodes: ['48000000'] },
    });
    await coord.client.ok(SET_INTEREST, {
      input: { needId: createSharedNeed.id, annualValue: '2000000', currency: 'NOK' },
    });
    await member.client.ok(SET_INTEREST, {
      input: { needId: createSharedNeed.id, annualValue: MEMBER_VALUE, currency: 'NOK' },
    });
    const { createJointProcurement } = await coord.client.ok(CREATE_PROCUREMENT, {
      input: {
        groupId,
        needIds: [createSharedNeed.id],
        title: TITLE,
        description: 'Felles anskaffelse av digitale trygghetsalarmer.',
        procedureType: 'COMP_DIAL',
        contractType: 'SUPPLIES',
        leadOrganisationId: orgA.id,
      },
    });
    procurementId = createJointProcurement.id;

    browser = await launchChromium();
    contexts = await Promise.all(
      [0, 1, 2].map(() => browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nb-NO' })),
    );
    [a, b, c] = await Promise.all(contexts.map((ctx) => ctx.newPage()));
    for (const [who, page] of [
      ['coordinator', a],
      ['member', b],
      ['supplier', c],
    ] as const) {
      page.on('pageerror', (err) => console.error(`[${who}'s page] ${err.message}`));
      watchPage(page, who);
    }
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  const procurementUrl = () => `${origin}/groups/${groupId}/procurements/${procurementId}`;

  it('the coordinator moves a phase and the other municipality sees it live; a closed move names what is missing', async () => {
    await Promise.all([signIn(a, origin, coord), signIn(b, origin, member)]);
    // The member finds the procurement through the group's tab.
    await b.getByRole('link', { name: `Trygghet i Trøndelag ${suffix}` }).click();
    await b.getByRole('link', { name: 'Anskaffelser' }).click();
    await b.getByRole('link', { name: TITLE }).click();
    await b.getByText('Fase: Forankring').waitFor({ timeout: UI_TIMEOUT });
    await a.goto(procurementUrl());
    await a.getByRole('heading', { level: 2, name: TITLE }).waitFor({ timeout: UI_TIMEOUT });

    await a.getByRole('button', { name: 'Gå videre til Behovsavklaring' }).click();
    // Confirmed in a dialog that says what the move opens and closes (test/e2e/confirmations.test.ts).
    await a
      .getByRole('dialog', { name: 'Starte fasen Behovsavklaring?' })
      .getByRole('button', { name: 'Gå videre til Behovsavklaring' })
      .click();
    // No reload on the member's side: the procurement's event stream brings the new phase.
    await b.getByText('Fase: Behovsavklaring').waitFor({ timeout: UI_TIMEOUT });
    await b.getByText('Anskaffelsen er nå i fasen Behovsavklaring.').waitFor({ timeout: UI_TIMEOUT });

    // The next move lacks a need description document: the button stays disabled, and the missing
    // item is named with a link to where it is done.
    const next = a.getByRole('button', { name: 'Gå videre til Markedsdialog' });
    await next.waitFor({ timeout: UI_TIMEOUT });
    expect(await next.isDisabled()).toBe(true);
    await a
      .locator('#phase')
      .getByRole('link', { name: 'Et behovsbeskrivelsesdokument' })
      .waitFor({ timeout: UI_TIMEOUT });
    await a.getByText('Fase: Behovsavklaring').waitFor();
    await screenshot(a, '20-procurement');
    await expectAccessible(a, 'procurement');
  }, 90_000);

  it("the coordinator sets a lot's contract period; both see the estimated value over the whole period, computed in Norwegian", async () => {
    const lots = a.locator('#lots');
    // Every section has its first answer: a section above still loading would move the click.
    await a.getByLabel('Laster …').first().waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    await lots.getByText('Kontraktsperiode for delkontrakt 1: Trygghetsalarmer').click();
    // A refused period is said beside its field before anything is sent.
    const optionCount = lots.getByLabel('Opsjoner på forlengelse');
    await optionCount.fill('2');
    await a.waitForFunction((el) => (el as HTMLInputElement | null)?.value === '2', await optionCount.elementHandle(), {
      timeout: UI_TIMEOUT,
    });
    await lots.getByRole('button', { name: 'Lagre kontraktsperiode' }).click();
    await lots.getByText('Opsjoner trenger varigheten de forlenger.').waitFor({ timeout: UI_TIMEOUT });
    // Four years and two one-year options, the values stated a year.
    await lots.getByLabel('Varighet i måneder').fill('48');
    await lots.getByLabel('Måneder per opsjon').fill('12');
    await lots.getByLabel('De oppgitte verdiene gjelder').selectOption('ANNUAL');
    await lots.getByLabel('Kontraktsstart').fill('2027-08-01');
    await lots.getByRole('button', { name: 'Lagre kontraktsperiode' }).click();
    await lots.getByText('Kontraktsperioden for delkontrakt 1 er lagret.').waitFor({ timeout: UI_TIMEOUT });

    // 2 000 000 + 1 234 567 a year over six years, in the member's page too without a reload.
    for (const page of [a, b]) {
      const section = page.locator('#lots');
      await section
        .getByText(/^3\s234\s567\skr per år fra 2 virksomheter × 6 år = 19\s407\s402\skr$/)
        .waitFor({ timeout: UI_TIMEOUT });
      await section.getByText('4 år + 2 opsjoner på 1 år hver (6 år i alt), fra 1. aug. 2027').waitFor();
      await section.getByText(/over EØS-terskelverdien for varekontrakter \(2\s484\s000\skr\)/).waitFor();
    }
    // The member states its own value a year now.
    await b.getByLabel('Delkontrakt 1: Trygghetsalarmer (per år)').waitFor({ timeout: UI_TIMEOUT });
    await screenshot(a, '20b-procurement-period');
    await expectAccessible(a, 'procurement with a contract period');
  }, 60_000);

  it('a member signs its mandate in the interface, and the coordinator sees it signed', async () => {
    const form = b.getByRole('region', { name: `Fullmakt fra Selbu testkommune ${suffix}` });
    await form.getByLabel('Vedtaksreferanse').fill(SECRET.decisionReference);
    await form.getByLabel('Vedtaksdato').fill(new Date().toISOString().slice(0, 10));
    await form.getByRole('button', { name: 'Signer fullmakt' }).click();
    await b.getByText('Fullmakten er signert.').waitFor({ timeout: UI_TIMEOUT });
    const row = a.getByRole('row').filter({ hasText: `Selbu testkommune ${suffix}` });
    await row.getByText('Signert', { exact: true }).waitFor({ timeout: UI_TIMEOUT });
    await row.getByText(SECRET.decisionReference).waitFor();
    expect(
      (
        await member.client.ok(
          `query($id: ID!) { jointProcurement(id: $id) { viewerParticipant { mandate { status } } } }`,
          {
            id: procurementId,
          },
        )
      ).jointProcurement.viewerParticipant.mandate.status,
    ).toBe('SIGNED');
  }, 60_000);

  it('the coordinator publishes the dialogue notice and a document; the buyers-only things stay inside', async () => {
    const { jointProcurement } = await coord.client.ok(
      `query($id: ID!) { jointProcurement(id: $id) { buyersThread { id } } }`,
      { id: procurementId },
    );
    await coord.client.ok(`mutation($input: PostMessageInput!) { postMessage(input: $input) { id } }`, {
      input: { threadId: jointProcurement.buyersThread.id, body: SECRET.buyersMessage, idempotencyKey: randomUUID() },
    });
    for (const title of [`Invitasjon til markedsdialog ${suffix}`, SECRET.groupDocument]) {
      await coord.client.ok(CREATE_DOC, {
        input: { groupId, procurementId, kind: 'OTHER', language: 'nb', title, text: `# ${title}\n\nInnhold.` },
      });
    }

    const dialogue = a.locator('#dialogue');
    await dialogue.getByLabel('Kunngjøring', { exact: true }).fill('Vi vil høre fra markedet om **trygghetsalarmer**.');
    await dialogue.getByLabel('Frist for spørsmål').fill(localInput(10));
    await dialogue.getByRole('button', { name: 'Publiser kunngjøring' }).click();
    await a.getByText('Kunngjøringen er publisert.').waitFor({ timeout: UI_TIMEOUT });

    const documents = a.locator('#documents');
    await documents
      .getByRole('button', { name: `Publiser Invitasjon til markedsdialog ${suffix} versjon 1 til leverandørene` })
      .click();
    const publishing = a.getByRole('dialog', {
      name: `Publisere «Invitasjon til markedsdialog ${suffix}» til leverandørene?`,
    });
    await publishing.getByText('Innhold.').waitFor({ timeout: UI_TIMEOUT });
    await publishing.getByRole('button', { name: 'Publiser denne versjonen' }).click();
    await documents.getByText('Publisert (versjon 1)').waitFor({ timeout: UI_TIMEOUT });
    await documents.getByRole('row').filter({ hasText: SECRET.groupDocument }).getByText('Bare innkjøperne').waitFor();

    // Meeting slots (through the API) and a rival supplier's question that stays unanswered.
    await coord.client.ok(`mutation($input: OpenSlotsInput!) { openDialogueSlots(input: $input) { id } }`, {
      input: { procurementId, startsAt: inDays(5), durationMinutes: 60, count: 2, location: 'Rådhuset, møterom 2' },
    });
    await rival.client.ok(REGISTER, { id: procurementId });
    await rival.client.ok(ASK, { input: { procurementId, text: SECRET.competitorQuestion } });
  }, 60_000);

  it('a supplier registers, sees the notice, the document and a live answer, asks and books, and sees nothing of the buyers', async () => {
    await signIn(c, origin, seller);
    // A supplier has no groups: home lists the market dialogues.
    await c.getByRole('heading', { level: 2, name: 'Markedsdialoger' }).waitFor();
    await c.getByRole('link', { name: TITLE }).click();
    await c.getByRole('heading', { level: 1, name: TITLE }).waitFor({ timeout: UI_TIMEOUT });
    await c.getByText('Vi vil høre fra markedet om').waitFor();
    await c.getByText(`Malvik testkommune ${suffix}`).first().waitFor();
    await c.getByRole('button', { name: 'Registrer dere for dialogen' }).click();

    await c
      .getByRole('link', { name: `Last ned Invitasjon til markedsdialog ${suffix} (versjon 1)` })
      .waitFor({ timeout: UI_TIMEOUT });
    await c.getByLabel('Deres spørsmål').fill('Kan løsningen bruke eksisterende sensorer?');
    await c.getByRole('button', { name: 'Send spørsmål' }).click();
    await c.getByText('Spørsmål 2 er sendt.').waitFor({ timeout: UI_TIMEOUT });
    await c
      .getByRole('listitem')
      .filter({ hasText: 'Kan løsningen bruke eksisterende sensorer?' })
      .getByText('Venter på svar')
      .waitFor();

    // The coordinator sees it live and answers it, rephrased, to every registered supplier.
    const pending = a.locator('#dialogue li').filter({ hasText: 'Kan løsningen bruke eksisterende sensorer?' });
    await pending.getByLabel('Spørsmål 2 slik det publiseres').fill('Kan eksisterende sensorer brukes?', {
      timeout: UI_TIMEOUT,
    });
    await pending.getByLabel('Svar på spørsmål 2').fill('Ja, løsningen skal kunne bruke sensorer som er i drift.');
    await pending.getByRole('button', { name: 'Publiser svar 2 til alle leverandører' }).click();
    await a
      .getByRole('dialog', { name: 'Publisere svaret på spørsmål 2 til alle leverandørene?' })
      .getByRole('button', { name: 'Publiser svar 2 til alle leverandører' })
      .click();
    await a.getByText('Svar 2 er publisert til alle registrerte leverandører.').waitFor({ timeout: UI_TIMEOUT });

    // The supplier's page follows without reload.
    const answers = c.locator('section').filter({ has: c.getByRole('heading', { name: 'Spørsmål og svar' }) });
    await answers.getByText('Ja, løsningen skal kunne bruke sensorer som er i drift.').waitFor({ timeout: UI_TIMEOUT });
    await answers.getByText('Kan eksisterende sensorer brukes?').waitFor();

    const book = c.getByRole('button', { name: /^Book / }).first();
    await book.click();
    await c.getByText('Booket av dere').waitFor({ timeout: UI_TIMEOUT });

    // What the buyers keep to themselves is not on the page, in any form.
    const text = await c.locator('body').innerText();
    for (const secret of Object.values(SECRET)) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/1\s234\s567/);
    expect(text).not.toContain('Fullmakt');
    expect(text).not.toContain('Beställarnas kanal');
    expect(text).not.toContain('Innkjøpernes kanal');
    await screenshot(c, '21-supplier-dialogue');
    await expectAccessible(c, 'supplier dialogue');
  }, 90_000);

  it('home lists the procurement tasks: a mandate to sign, a decision to vote on, a deadline', async () => {
    await coord.client.ok(OPEN_DECISION, {
      input: {
        procurementId,
        title: `Godkjenne behovsbeskrivelsen ${suffix}`,
        options: ['Godkjenn', 'Avvis'],
        quorum: 2,
        closesAt: inDays(3),
      },
    });
    await a.goto(`${origin}/`);
    const tasks = a.locator('section').filter({ has: a.getByRole('heading', { name: 'Mine oppgaver' }) });
    await tasks.getByRole('list', { name: 'Fullmakter å signere' }).getByRole('link', { name: TITLE }).waitFor({
      timeout: UI_TIMEOUT,
    });
    await tasks
      .getByRole('list', { name: 'Vedtak å stemme over' })
      .getByText(`Godkjenne behovsbeskrivelsen ${suffix}`)
      .waitFor();
    await tasks.getByRole('list', { name: 'Frister' }).getByText('Frist for spørsmål').waitFor();
    await screenshot(a, '22-home-tasks');
    await expectAccessible(a, 'home with procurement tasks');

    // The task leads to the vote; the member's page counts it live.
    await tasks.getByRole('list', { name: 'Vedtak å stemme over' }).getByRole('link', { name: TITLE }).click();
    const decision = a.getByRole('listitem').filter({ hasText: `Godkjenne behovsbeskrivelsen ${suffix}` });
    await decision.getByRole('button', { name: 'Stem: Godkjenn' }).click();
    const memberDecision = b.getByRole('listitem').filter({ hasText: `Godkjenne behovsbeskrivelsen ${suffix}` });
    await memberDecision
      .getByRole('row', { name: /Godkjenn/ })
      .getByText(`Malvik testkommune ${suffix}`)
      .waitFor({ timeout: UI_TIMEOUT });
  }, 60_000);

  it("the history and the organisation's activity say what happened in the user's language, from the events' kinds", async () => {
    // The coordinator's history: each line from the event's kind and its typed data.
    const history = a.locator('#history');
    await history.getByText(/^Vis \d+ hendelser$/).click();
    for (const line of [
      `Opprettet anskaffelsen «${TITLE}»`,
      'Gikk videre fra Forankring til Behovsavklaring',
      `Selbu testkommune ${suffix} signerte fullmakten sin`,
      'Åpnet 2 møtetider for dialogmøter',
      'Publiserte svaret på S2',
      'Publiserte versjon 1 av et dokument',
      `Malvik testkommune ${suffix} stemte`,
    ]) {
      await history.getByText(line).first().waitFor({ timeout: UI_TIMEOUT });
    }

    // An administrator of the member's municipality sees who acted for it, named by the kind's label.
    const admin = await s.factories.user({
      organisation: member.organisation,
      role: OrganisationRole.ADMIN,
      displayName: 'Siri Admin',
    });
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nb-NO' });
    contexts.push(ctx);
    const d = await ctx.newPage();
    watchPage(d, 'admin');
    await signIn(d, origin, admin);
    await d.goto(`${origin}/admin/organisation`);
    await d
      .locator('.activity-item')
      .filter({ hasText: 'Mats Medlem signerte en fullmakt' })
      .filter({ hasText: TITLE })
      .waitFor({ timeout: UI_TIMEOUT });
  }, 60_000);
});
