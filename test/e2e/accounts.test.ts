import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureClientBuilt } from '../../client/build.js';
import { OrganisationRole } from '../../server/modules/users/user.entity.js';
import { PASSWORD, norwegianOrgNumber, type TestUser } from '../support/factories.js';
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
import { watchPage } from './failure-report.js';

// app.test.ts says plainly when Chromium is missing; this file skips with it.

const suffix = randomBytes(3).toString('hex');
const UI_TIMEOUT = 15_000;
const PERSON = 'Pia Person';
const PERSON_PASSWORD = 'a long and private passphrase';

describe.skipIf(!hasChromium)('accounts in Chromium: register, confirm by mail, approval, sign-in', () => {
  let s: TestServer;
  let browser: Browser;
  /** The server's public URL: the links in its mails point here. */
  let origin: string;
  let admin: TestUser;
  let platformAdmin: TestUser;
  let email: string;
  let verifyLink: string;
  /** The organisation admin's page, in Norwegian (the profile's language). */
  let a: Page;
  /** The newcomer's page, on a phone, in English (the browser's language). */
  let p: Page;

  beforeAll(async () => {
    await ensureClientBuilt();
    // No SMTP server: mail is written to files and listed at /dev/outbox, as in development.
    s = await startTestServer({ MAIL_URL: '' });
    // Without PUBLIC_URL the server calls itself http://localhost:<port>, in its mails too.
    origin = `http://localhost:${s.app.port}`;
    const organisation = await s.factories.organisation({
      name: `Hamar testkommune ${suffix}`,
      requiresApproval: true,
    });
    admin = await s.factories.user({ organisation, role: OrganisationRole.ADMIN, displayName: 'Anne Admin' });
    platformAdmin = await s.factories.user({ isAdmin: true, displayName: 'Oda Operatør' });
    email = `pia-${suffix}@${organisation.emailDomains[0]}`;
    browser = await launchChromium();
    a = await openPage(browser, 'admin', { locale: 'nb-NO' });
    p = await openPage(browser, 'newcomer', { viewport: PHONE, locale: 'en-GB' });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('registers and is asked to check the e-mail, with a way to get a new link', async () => {
    await p.goto(`${origin}/register`);
    await p.getByRole('heading', { level: 1, name: 'Register' }).waitFor({ timeout: UI_TIMEOUT });
    await p.getByLabel('Your name').fill(PERSON);
    await p.getByLabel('Work e-mail address').fill(email);
    await p.getByLabel('Password', { exact: true }).fill(PERSON_PASSWORD);
    await screenshot(p, 'accounts-01-register');
    await expectAccessible(p, 'register');
    await p.getByRole('button', { name: 'Create account' }).click();

    await p.getByRole('heading', { level: 1, name: 'Check your e-mail' }).waitFor({ timeout: UI_TIMEOUT });
    await p.getByText(`If ${email} can be used on Samverka, we have sent a message to it.`).waitFor();
    // No session: the account waits for its address to be confirmed.
    expect((await p.context().cookies()).map((c) => c.name)).not.toContain('samverka_session');
    expect(await p.getByLabel('E-mail address').inputValue()).toBe(email);
    await screenshot(p, 'accounts-02-check-email');
    await expectAccessible(p, 'check your e-mail');
    await expectNoSidewaysScroll(p, 'check your e-mail');
  }, 60_000);

  it('opens the link from the outbox, gives the password and waits for approval', async () => {
    await p.goto(`${origin}/dev/outbox`);
    // Newest first: the first mail to the address is the one just sent.
    await p
      .getByRole('row')
      .filter({ hasText: email })
      .first()
      .getByRole('link', { name: 'Confirm your e-mail address for Samverka' })
      .click();
    const link = p.getByRole('link', { name: /\/verify-email\?token=/ });
    await link.waitFor({ timeout: UI_TIMEOUT });
    verifyLink = (await link.getAttribute('href'))!;
    expect(verifyLink.startsWith(`${origin}/verify-email?token=`)).toBe(true);
    await link.click();

    await p.getByRole('heading', { level: 1, name: 'Confirm your e-mail address' }).waitFor({ timeout: UI_TIMEOUT });
    await screenshot(p, 'accounts-03-verify-email');
    await expectAccessible(p, 'verify e-mail');
    await expectNoSidewaysScroll(p, 'verify e-mail');

    // Someone else's password does not confirm it; the field says so.
    await p.getByLabel('Password').fill('not the one chosen at all');
    await p.getByRole('button', { name: 'Confirm address' }).click();
    await p.getByText('This is not the password you chose when you registered.').waitFor({ timeout: UI_TIMEOUT });

    await p.getByLabel('Password').fill(PERSON_PASSWORD);
    await p.getByRole('button', { name: 'Confirm address' }).click();
    await p.getByRole('heading', { level: 1, name: 'Waiting for approval' }).waitFor({ timeout: UI_TIMEOUT });
    await p.getByText(`Your e-mail address ${email} is confirmed.`, { exact: false }).waitFor();
    await screenshot(p, 'accounts-04-waiting-for-approval');
    await expectAccessible(p, 'waiting for approval');
    await expectNoSidewaysScroll(p, 'waiting for approval');

    // Signing in says the same, and only after the right password.
    await p.goto(`${origin}/sign-in`);
    await p.getByLabel('E-mail address').fill(email);
    await p.getByLabel('Password').fill(PERSON_PASSWORD);
    await p.getByRole('button', { name: 'Sign in', exact: true }).click();
    await p
      .getByRole('alert')
      .getByText(/an administrator of your organisation must approve your account/)
      .waitFor({ timeout: UI_TIMEOUT });
  }, 60_000);

  it('the organisation admin approves the newcomer from the queue', async () => {
    await a.goto(`${origin}/`);
    await a.getByLabel('E-postadresse').fill(admin.user.email);
    await a.getByLabel('Passord').fill(PASSWORD);
    await a.getByRole('button', { name: 'Logg inn' }).click();
    await a.getByRole('heading', { level: 1, name: 'Velkommen, Anne Admin' }).waitFor({ timeout: UI_TIMEOUT });

    await a.getByRole('navigation').getByRole('link', { name: 'Administrasjon' }).click();
    await a.getByRole('heading', { level: 1, name: `Hamar testkommune ${suffix}` }).waitFor({ timeout: UI_TIMEOUT });
    const queue = a.getByRole('region', { name: /Venter på godkjenning/ });
    await queue.getByText(email).waitFor({ timeout: UI_TIMEOUT });
    await screenshot(a, 'accounts-05-approval-queue');
    await expectAccessible(a, 'organisation administration');

    await queue.getByRole('button', { name: `Godkjenn ${PERSON}` }).click();
    await a.getByText(`${PERSON} er godkjent og kan logge inn.`).waitFor({ timeout: UI_TIMEOUT });
    await queue.getByText('Ingen venter på godkjenning.').waitFor({ timeout: UI_TIMEOUT });
    // Now among the organisation's people, as an active member.
    const person = a.getByRole('region', { name: 'Personer' }).getByRole('listitem').filter({ hasText: email });
    await person.getByText('Aktiv', { exact: true }).waitFor({ timeout: UI_TIMEOUT });
    await person.getByRole('button', { name: `Gjør ${PERSON} til administrator` }).waitFor();
    await screenshot(a, 'accounts-06-approved');
  }, 60_000);

  it('the approved person signs in and sees the home page', async () => {
    await p.goto(`${origin}/sign-in`);
    await p.getByLabel('E-mail address').fill(email);
    await p.getByLabel('Password').fill(PERSON_PASSWORD);
    await p.getByRole('button', { name: 'Sign in', exact: true }).click();
    await p.getByRole('heading', { level: 1, name: `Welcome, ${PERSON}` }).waitFor({ timeout: UI_TIMEOUT });
    await screenshot(p, 'accounts-07-home');

    // The profile lists this browser's session among the places the person is signed in.
    await p.goto(`${origin}/profile`);
    const sessions = p.getByRole('region', { name: 'Where you are signed in' });
    await sessions.getByText('This browser').waitFor({ timeout: UI_TIMEOUT });
    await screenshot(p, 'accounts-08-profile');
    await expectAccessible(p, 'profile with password and sessions');
    await expectNoSidewaysScroll(p, 'profile');
  }, 60_000);

  it('a used or a wrong link says so clearly and offers a new one', async () => {
    await p.goto(verifyLink);
    await p.getByLabel('Password').fill(PERSON_PASSWORD);
    await p.getByRole('button', { name: 'Confirm address' }).click();
    await p
      .getByRole('heading', { level: 1, name: 'This link has already been used' })
      .waitFor({ timeout: UI_TIMEOUT });
    await p.getByRole('button', { name: 'Send a new link' }).waitFor();
    await screenshot(p, 'accounts-09-link-used');
    await expectAccessible(p, 'used link');
    await expectNoSidewaysScroll(p, 'used link');

    await p.goto(`${origin}/verify-email?token=${'x'.repeat(43)}`);
    await p.getByLabel('Password').fill(PERSON_PASSWORD);
    await p.getByRole('button', { name: 'Confirm address' }).click();
    await p.getByRole('heading', { level: 1, name: 'This link does not work' }).waitFor({ timeout: UI_TIMEOUT });
    await p.getByLabel('E-mail address').fill(email);
    await p.getByRole('button', { name: 'Send a new link' }).click();
    await p.getByText(`If ${email} is waiting to be confirmed, a new link is on its way.`).waitFor({
      timeout: UI_TIMEOUT,
    });
    await screenshot(p, 'accounts-10-link-invalid');
    await expectAccessible(p, 'invalid link');

    // The password pages: a forgotten password, and a reset link that does not work.
    await p.goto(`${origin}/forgot-password`);
    await p.getByRole('heading', { level: 1, name: 'Forgot your password?' }).waitFor({ timeout: UI_TIMEOUT });
    await expectAccessible(p, 'forgot password');
    await p.goto(`${origin}/reset-password?token=${'y'.repeat(43)}&first=1`);
    await p.getByRole('heading', { level: 1, name: 'Choose your password' }).waitFor({ timeout: UI_TIMEOUT });
    await p.getByLabel('New password').fill(PERSON_PASSWORD);
    await p.getByRole('button', { name: 'Save password' }).click();
    await p.getByRole('heading', { level: 1, name: 'This link does not work' }).waitFor({ timeout: UI_TIMEOUT });
    await expectAccessible(p, 'invalid reset link');
  }, 60_000);

  it('a platform admin registers an organisation, with a refused number shown on its field', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nb-NO' });
    const o = await ctx.newPage();
    watchPage(o, 'platform admin');
    try {
      await o.goto(`${origin}/`);
      await o.getByLabel('E-postadresse').fill(platformAdmin.user.email);
      await o.getByLabel('Passord').fill(PASSWORD);
      await o.getByRole('button', { name: 'Logg inn' }).click();
      await o.getByRole('navigation').getByRole('link', { name: 'Plattform' }).click();
      await o.getByRole('heading', { level: 1, name: 'Plattformadministrasjon' }).waitFor({ timeout: UI_TIMEOUT });

      const form = o.getByRole('region', { name: 'Registrer en organisasjon' });
      await form.getByLabel('Navn', { exact: true }).fill(`Løten testkommune ${suffix}`);
      await form.getByLabel('Organisasjonsnummer').fill('123456789');
      await form.getByLabel('Kommunenummer').fill('3412');
      await form.getByLabel('E-postdomener').fill(`loten-${suffix}.kommune.no`);
      await form.getByLabel('Navn på administrator 1').fill('Live Løten');
      await form.getByLabel('E-post til administrator 1').fill(`live@loten-${suffix}.kommune.no`);
      await form.getByRole('button', { name: 'Registrer organisasjonen' }).click();
      await form.getByText('Dette er ikke et gyldig organisasjonsnummer i Norge.').waitFor({ timeout: UI_TIMEOUT });
      await expect.poll(() => form.getByLabel('Organisasjonsnummer').getAttribute('aria-invalid')).toBe('true');
      await screenshot(o, 'accounts-11-platform-refused-number');
      await expectAccessible(o, 'platform administration with a field error');

      await form.getByLabel('Organisasjonsnummer').fill(norwegianOrgNumber());
      await form.getByRole('button', { name: 'Registrer organisasjonen' }).click();
      await o
        .getByText(`Løten testkommune ${suffix} er registrert.`, { exact: false })
        .waitFor({ timeout: UI_TIMEOUT });
      // The first admin's mail to choose a password is in the outbox.
      await o
        .getByRole('link', { name: `Administrer Løten testkommune ${suffix}` })
        .first()
        .click();
      await o.getByRole('heading', { level: 1, name: `Løten testkommune ${suffix}` }).waitFor({ timeout: UI_TIMEOUT });
      await o
        .getByRole('region', { name: 'Personer' })
        .getByRole('combobox', { name: 'Vis' })
        .selectOption('PENDING_VERIFICATION');
      await o.getByText(`live@loten-${suffix}.kommune.no`).waitFor({ timeout: UI_TIMEOUT });
      await screenshot(o, 'accounts-12-new-organisation');
      await expectAccessible(o, 'administration of a new organisation');
    } finally {
      await ctx.close();
    }
  }, 60_000);
});
