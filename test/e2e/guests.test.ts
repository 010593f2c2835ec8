import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureClientBuilt } from '../../client/build.js';
import { PASSWORD, type TestUser } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';
import {
  expectAccessible,
  expectNoSidewaysScroll,
  hasChromium,
  launchChromium,
  openPage,
  PHONE,
  screenshot,
} from './browser.js';

// app.test.ts says plainly when Chromium is missing; this file skips with it.

const suffix = randomBytes(3).toString('hex');
const GROUP = `Helseteknologi ${suffix}`;
const NEED = `Digital legemiddelhåndtering ${suffix}`;
const GUEST = 'Gina Gjest';
const AFFILIATION = `Advokatfirmaet Nord ${suffix}`;
const GUEST_PASSWORD = 'a long and private guest passphrase';
const UI_TIMEOUT = 15_000;

/** A date field's value `days` ahead, in the browser's (and this process's) time zone. */
function dayAhead(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

describe.skipIf(!hasChromium)('guests of a group in Chromium: invited by mail, a guest for a while, then not', () => {
  let s: TestServer;
  let browser: Browser;
  /** The server's public URL: the links in its mails point here. */
  let origin: string;
  let coord: TestUser;
  let groupId: string;
  let needId: string;
  let guestEmail: string;
  /** The coordinator's page, in Norwegian (the profile's language). */
  let a: Page;
  /** The guest's page, on a phone; Norwegian, the language the new guest account got. */
  let g: Page;

  beforeAll(async () => {
    await ensureClientBuilt();
    // No SMTP server: mail is written to files and listed at /dev/outbox, as in development.
    s = await startTestServer({ MAIL_URL: '' });
    // Without PUBLIC_URL the server calls itself http://localhost:<port>, in its mails too.
    origin = `http://localhost:${s.app.port}`;
    const organisation = await s.factories.organisation({ name: `Levanger testkommune ${suffix}` });
    coord = await s.factories.user({ organisation, displayName: 'Kari Koordinator' });
    // Formed through the API, as the UI would: the group gets its general thread.
    const { createBuyerGroup } = await coord.client.ok(
      `mutation($input: CreateBuyerGroupInput!) { createBuyerGroup(input: $input) { id } }`,
      { input: { name: GROUP, focusArea: 'HEALTH_AND_CARE', description: 'Felles innkjøp av helseteknologi.' } },
    );
    groupId = createBuyerGroup.id;
    const { createSharedNeed } = await coord.client.ok(
      `mutation($input: CreateSharedNeedInput!) { createSharedNeed(input: $input) { id } }`,
      { input: { groupId, title: NEED, problem: 'Færre feil i legemiddelhåndteringen.' } },
    );
    needId = createSharedNeed.id;
    guestEmail = `gina-${suffix}@advokatnord-${suffix}.no`;
    browser = await launchChromium();
    a = await openPage(browser, 'coordinator', { locale: 'nb-NO' });
    g = await openPage(browser, 'guest', { viewport: PHONE, locale: 'nb-NO' });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('the coordinator signs in and invites a guest with an end date from the members screen', async () => {
    await a.goto(`${origin}/`);
    await a.getByLabel('E-postadresse').fill(coord.user.email);
    await a.getByLabel('Passord').fill(PASSWORD);
    await a.getByRole('button', { name: 'Logg inn' }).click();
    await a.getByRole('heading', { level: 1, name: 'Velkommen, Kari Koordinator' }).waitFor({ timeout: UI_TIMEOUT });
    await a.getByRole('link', { name: GROUP }).click();
    await a.getByRole('heading', { level: 1, name: GROUP }).waitFor({ timeout: UI_TIMEOUT });

    const guests = a.getByRole('region', { name: '0 gjester' });
    await guests.getByText('Ingen gjester akkurat nå.').waitFor({ timeout: UI_TIMEOUT });
    const form = a.getByRole('region', { name: 'Inviter en gjest' });
    // The end date starts 90 days ahead; the coordinator makes it 30.
    expect(await form.getByLabel('Tilgang til og med').inputValue()).toBe(dayAhead(90));
    await form.getByLabel('E-postadresse').fill(guestEmail);
    await form.getByLabel('Navn', { exact: true }).fill(GUEST);
    await form.getByLabel('Fra (valgfritt)').fill(AFFILIATION);
    await form.getByLabel('Tilgang til og med').fill(dayAhead(30));
    await form.getByLabel('Hvorfor gjesten inviteres (valgfritt)').fill('Juridisk bistand i behovsfasen.');
    await form.getByRole('button', { name: 'Inviter gjest' }).click();
    await form.getByText(new RegExp(`^${GUEST} er invitert som gjest til `)).waitFor({ timeout: UI_TIMEOUT });

    const item = a
      .getByRole('region', { name: '1 gjest' })
      .getByRole('list', { name: 'Gjester med tilgang' })
      .getByRole('listitem')
      .filter({ hasText: GUEST });
    await item.getByText('Har tilgang').waitFor({ timeout: UI_TIMEOUT });
    await item.getByText(`Fra ${AFFILIATION} (ingen organisasjon i Samverka)`).waitFor();
    await item.getByText('Invitert av Kari Koordinator', { exact: false }).waitFor();
    await item.getByText('“Juridisk bistand i behovsfasen.”').waitFor();

    // The same person again: the refusal is said beside the e-mail field.
    await form.getByLabel('E-postadresse').fill(guestEmail);
    await form.getByLabel('Navn', { exact: true }).fill(GUEST);
    await form.getByRole('button', { name: 'Inviter gjest' }).click();
    await form.getByText('Denne personen er allerede gjest i gruppen.', { exact: false }).waitFor({
      timeout: UI_TIMEOUT,
    });
    await expect.poll(() => form.getByLabel('E-postadresse').getAttribute('aria-invalid')).toBe('true');
    await a.getByRole('region', { name: '1 gjest' }).scrollIntoViewIfNeeded();
    await screenshot(a, 'guests-01-guests-section');
    await expectAccessible(a, 'guests section with a field error');
  }, 60_000);

  it('the guest opens the mail, chooses a password and lands in the group as a guest', async () => {
    await g.goto(`${origin}/dev/outbox`);
    // Newest first: the first mail to the address is the invitation.
    await g
      .getByRole('row')
      .filter({ hasText: guestEmail })
      .first()
      .getByRole('link', { name: `Du er invitert som gjest i ${GROUP} i Samverka` })
      .click();
    const link = g.getByRole('link', { name: /\/reset-password\?token=.*first=1/ });
    await link.waitFor({ timeout: UI_TIMEOUT });
    expect((await link.getAttribute('href'))!.startsWith(`${origin}/reset-password?token=`)).toBe(true);
    await link.click();

    await g.getByRole('heading', { level: 1, name: 'Velg passordet ditt' }).waitFor({ timeout: UI_TIMEOUT });
    await g.getByLabel('Nytt passord').fill(GUEST_PASSWORD);
    await g.getByRole('button', { name: 'Lagre passordet' }).click();

    // Signed in, and taken straight to the one group the guest was invited to.
    await g.getByRole('heading', { level: 1, name: GROUP }).waitFor({ timeout: UI_TIMEOUT });
    expect(new URL(g.url()).pathname).toBe(`/groups/${groupId}`);
    expect((await g.context().cookies()).map((c) => c.name)).toContain('samverka_session');
    await g
      .getByText(/^Du er gjest i denne gruppen til .+; du handler ikke på vegne av noen organisasjon\.$/)
      .waitFor({ timeout: UI_TIMEOUT });
    // The header says it too, beside the name (on the phone, in the header's menu).
    await g.getByRole('button', { name: 'Meny' }).click();
    await g.getByRole('banner').getByText('Gjest', { exact: true }).waitFor();
    await g.getByRole('button', { name: 'Meny' }).click();
    // A guest leaves with the end date, not by "leaving the group" (that is the organisation's).
    expect(await g.getByRole('button', { name: 'Forlat gruppen' }).count()).toBe(0);
    await screenshot(g, 'guests-02-guest-group');
    await expectAccessible(g, "the guest's group page");
    await expectNoSidewaysScroll(g, "the guest's group page");
  }, 60_000);

  it('the guest writes in the general thread and the coordinator sees it live, marked as a guest', async () => {
    await a.getByRole('link', { name: 'Diskusjoner' }).click();
    await g.getByRole('link', { name: 'Diskusjoner' }).click();
    for (const page of [a, g]) {
      await page.getByRole('heading', { level: 2, name: 'Generelt' }).waitFor({ timeout: UI_TIMEOUT });
    }
    const box = g.getByRole('textbox', { name: 'Melding', exact: true });
    await box.click();
    await box.fill('Hei, jeg ser på avtaleutkastet.');
    await box.press('Enter');

    const message = a
      .getByRole('log', { name: 'Meldinger' })
      .getByRole('article')
      .filter({ hasText: 'Hei, jeg ser på avtaleutkastet.' });
    await message.waitFor({ timeout: UI_TIMEOUT });
    await message.getByText(GUEST, { exact: true }).waitFor();
    await message.getByText('Gjest', { exact: true }).waitFor();
    await screenshot(a, 'guests-03-guest-message');
    await expectAccessible(a, 'discussion with a guest');
    await expectNoSidewaysScroll(g, "the guest's discussion");
  }, 60_000);

  it('the guest is offered no interest to state, nor a need to describe', async () => {
    await g.getByRole('link', { name: 'Behov' }).click();
    await g.getByRole('link', { name: NEED }).waitFor({ timeout: UI_TIMEOUT });
    expect(await g.getByText('Beskriv et nytt behov').count()).toBe(0);
    await g.getByRole('link', { name: NEED }).click();
    await g.getByRole('heading', { level: 1, name: NEED }).waitFor({ timeout: UI_TIMEOUT });
    expect(new URL(g.url()).pathname).toBe(`/needs/${needId}`);
    await g.getByText('Som gjest handler du ikke på vegne av noen organisasjon', { exact: false }).waitFor();
    expect(await g.getByRole('button', { name: 'Meld interesse' }).count()).toBe(0);
    expect(await g.getByLabel('Anslått mengde').count()).toBe(0);
    await screenshot(g, 'guests-04-need-as-guest');
    await expectAccessible(g, 'a need seen by a guest');

    // The profile: a guest account, with a password of its own and no colleagues to invite.
    // On the phone the header's links are in its menu.
    await g.getByRole('button', { name: 'Meny' }).click();
    await g.getByRole('link', { name: 'Profil' }).click();
    await g.getByRole('heading', { level: 1, name: 'Profil' }).waitFor({ timeout: UI_TIMEOUT });
    await g.getByText('Du har en gjestekonto', { exact: false }).waitFor();
    await g.getByRole('button', { name: 'Bytt passord' }).waitFor({ timeout: UI_TIMEOUT });
    expect(await g.getByRole('heading', { name: 'Inviter kolleger' }).count()).toBe(0);
    await expectNoSidewaysScroll(g, "the guest's profile");
  }, 60_000);

  it('the coordinator moves the end date, and the notice of the guest follows live', async () => {
    await g.goto(`${origin}/groups/${groupId}/threads`);
    await g.getByRole('heading', { level: 2, name: 'Generelt' }).waitFor({ timeout: UI_TIMEOUT });
    const notice = g.getByText(/^Du er gjest i denne gruppen til /);
    const before = await notice.innerText();

    await a.getByRole('link', { name: 'Oversikt og medlemmer' }).click();
    const item = a.getByRole('list', { name: 'Gjester med tilgang' }).getByRole('listitem').filter({ hasText: GUEST });
    await item.getByRole('button', { name: `Endre sluttdato for ${GUEST}` }).click();
    // More than a year ahead: refused beside the field before anything is sent.
    await item.getByLabel(`Ny sluttdato for ${GUEST}`).fill(dayAhead(400));
    await item.getByRole('button', { name: 'Lagre sluttdato' }).click();
    await item.getByText('Velg en dag høyst ett år fram i tid.').waitFor({ timeout: UI_TIMEOUT });
    await item.getByLabel(`Ny sluttdato for ${GUEST}`).fill(dayAhead(60));
    await item.getByRole('button', { name: 'Lagre sluttdato' }).click();
    await item.getByText(new RegExp(`^${GUEST} har nå tilgang til `)).waitFor({ timeout: UI_TIMEOUT });

    await expect.poll(() => notice.innerText(), { timeout: UI_TIMEOUT }).not.toBe(before);
    expect(await notice.innerText()).toMatch(/^Du er gjest i denne gruppen til .+; du handler ikke/);
  }, 60_000);

  it('the coordinator ends the access, and the open group page of the guest says so at once', async () => {
    // The guest stays in the discussion, which was open since the previous step.
    await g.getByRole('textbox', { name: 'Melding', exact: true }).waitFor();
    const item = a.getByRole('list', { name: 'Gjester med tilgang' }).getByRole('listitem').filter({ hasText: GUEST });
    await item.getByRole('button', { name: `Avslutt tilgangen for ${GUEST} nå` }).click();
    await item.getByText(`${GUEST} mister tilgangen til gruppen med en gang`, { exact: false }).waitFor();
    await expectAccessible(a, 'confirming the end of a guest access');
    await item.getByRole('button', { name: `Ja, avslutt tilgangen for ${GUEST}` }).click();
    await a.getByRole('region', { name: '0 gjester' }).waitFor({ timeout: UI_TIMEOUT });
    await a.getByText('1 tidligere gjest').click();
    await a
      .getByRole('list', { name: 'Tidligere gjester' })
      .getByRole('listitem')
      .filter({ hasText: GUEST })
      .getByText('Tilgangen avsluttet tidlig')
      .waitFor({ timeout: UI_TIMEOUT });
    await screenshot(a, 'guests-05-guest-ended');

    // No reload: the guest's group stream ended with FORBIDDEN, and the page says why.
    await g
      .getByRole('heading', { level: 1, name: 'Gjestetilgangen din er avsluttet' })
      .waitFor({ timeout: UI_TIMEOUT });
    await g.getByRole('alert').getByText(`Gjestetilgangen din til ${GROUP} er avsluttet.`, { exact: false }).waitFor();
    expect(await g.getByRole('textbox', { name: 'Melding', exact: true }).count()).toBe(0);
    await screenshot(g, 'guests-06-access-ended');
    await expectAccessible(g, 'guest access ended');
    await expectNoSidewaysScroll(g, 'guest access ended');

    // Opened again (the server now answers NOT_FOUND): still said plainly, not "not found".
    await g.goto(`${origin}/groups/${groupId}`);
    await g
      .getByRole('heading', { level: 1, name: 'Gjestetilgangen din er avsluttet' })
      .waitFor({ timeout: UI_TIMEOUT });
    // And the group is gone from the guest's home.
    await g.getByRole('link', { name: 'Gå til forsiden' }).click();
    await g.getByText('Du er ikke gjest i noen gruppe akkurat nå.').waitFor({ timeout: UI_TIMEOUT });
  }, 60_000);
});
