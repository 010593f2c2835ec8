import type { Locator, Page } from 'playwright-core';
import { Locale, User } from '../../server/modules/users/user.entity.js';
import { PASSWORD, type TestUser } from '../support/factories.js';
import type { TestServer } from '../support/server.js';

/** How long a browser test waits for what the interface shows (a reply, a live event). */
export const UI_TIMEOUT = 15_000;

/** The sign-in form and the home page's greeting, in each interface language. */
const SIGN_IN = {
  nb: { email: 'E-postadresse', password: 'Passord', submit: 'Logg inn', greeting: 'Velkommen' },
  sv: { email: 'E-postadress', password: 'Lösenord', submit: 'Logga in', greeting: 'Välkommen' },
  en: { email: 'E-mail address', password: 'Password', submit: 'Sign in', greeting: 'Welcome' },
} as const;

/** The browser locale that opens the interface in each language (before sign-in). */
export const BROWSER_LOCALE = { nb: 'nb-NO', sv: 'sv-SE', en: 'en-GB' } as const;

/** The person's chosen interface language, as their profile would have it. */
export async function setLocale(s: TestServer, user: TestUser, locale: keyof typeof SIGN_IN): Promise<void> {
  await s.db.getRepository(User).update({ id: user.user.id }, { locale: Locale[locale] });
}

/** Signs in through the form, in the language the page opened in, and waits for the greeting. */
export async function signIn(
  page: Page,
  origin: string,
  user: TestUser,
  locale: keyof typeof SIGN_IN = 'nb',
): Promise<void> {
  const words = SIGN_IN[locale];
  await page.goto(`${origin}/`);
  await page.getByLabel(words.email).fill(user.user.email);
  await page.getByLabel(words.password).fill(PASSWORD);
  await page.getByRole('button', { name: words.submit }).click();
  await page
    .getByRole('heading', { level: 1, name: `${words.greeting}, ${user.user.displayName}` })
    .waitFor({ timeout: UI_TIMEOUT });
}

/** Waits until no section of the page shows its spinner, so a click is not lost to one growing above. */
export async function settled(page: Page, loading = 'Laster …'): Promise<void> {
  await page.getByLabel(loading).first().waitFor({ state: 'detached', timeout: UI_TIMEOUT });
}

/** The collapsible form (Details) under its summary line, opened. */
export async function openForm(scope: Locator, summary: string): Promise<Locator> {
  const line = scope.page().locator('summary', { hasText: summary });
  const details = scope.locator('details').filter({ has: line });
  await details.locator('summary').first().click();
  return details;
}
