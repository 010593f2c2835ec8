import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureClientBuilt } from '../../client/build.js';
import { Locale, User } from '../../server/modules/users/user.entity.js';
import { noStandstill } from '../support/contracts.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { hasChromium, launchChromium, screenshot, severeViolations } from './browser.js';
import { englishIn, englishWords, pageText } from './english.js';
import {
  screensOf,
  screensWorld,
  signInContext,
  sticking,
  userOf,
  visit,
  type Persona,
  type ScreensWorld,
} from './screens.js';

// app.test.ts says plainly when Chromium is missing; this file skips with it.

/** The browser's language per persona (the profile's language applies once signed in). */
const LOCALE: Record<Persona, string> = { coordinator: 'nb-NO', 'member-sv': 'sv-SE', supplier: 'nb-NO' };
const PERSONAS = Object.keys(LOCALE) as Persona[];
/** A phone (iPhone 12-15) and the most common laptop screen. */
const WIDTHS = [
  { width: 390, height: 844 },
  { width: 1366, height: 768 },
];

describe.skipIf(!hasChromium)('every main screen on a phone and a laptop, for each kind of user', () => {
  let s: TestServer;
  let w: ScreensWorld;
  let browser: Browser;
  let origin: string;

  beforeAll(async () => {
    await ensureClientBuilt();
    // The procurement past its competition is driven there through the API: no standstill to wait.
    s = await startTestServer(noStandstill());
    origin = `http://127.0.0.1:${s.app.port}`;
    w = await screensWorld(s);
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  async function pageOf(persona: Persona, viewport: { width: number; height: number }) {
    const context = await browser.newContext({ viewport, locale: LOCALE[persona] });
    await signInContext(context, origin, userOf(w, persona));
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error(`[${persona}'s page] ${err.message}`));
    return page;
  }

  for (const persona of PERSONAS) {
    for (const viewport of WIDTHS) {
      it(`${persona} at ${viewport.width} px: no serious or critical axe violation, no screen wider than the window`, async () => {
        const page = await pageOf(persona, viewport);
        const problems: string[] = [];
        for (const screen of screensOf(w, persona)) {
          await visit(page, origin, screen);
          const scrollWidth = (await page.evaluate('document.documentElement.scrollWidth')) as number;
          if (scrollWidth > viewport.width) {
            const what = (await sticking(page, viewport.width)).join(', ');
            problems.push(`${screen.name}: ${scrollWidth} px wide in a ${viewport.width} px window: ${what}`);
          }
          for (const v of await severeViolations(page)) problems.push(`${screen.name}: ${v}`);
          await screenshot(page, `${persona}-${screen.name}-${viewport.width}`);
        }
        await page.context().close();
        expect(problems).toEqual([]);
      }, 300_000);
    }
  }

  for (const persona of PERSONAS) {
    it(`${persona} (${LOCALE[persona].slice(0, 2)}): no English word on any main screen`, async () => {
      const english = await englishWords();
      // A word list that lost its words would find nothing: it must hold the interface's own.
      for (const word of ['save', 'cancel', 'members', 'procurement', 'messages', 'search']) {
        expect(english.has(word), word).toBe(true);
      }
      const page = await pageOf(persona, WIDTHS[1]);
      const found: string[] = [];
      for (const screen of screensOf(w, persona)) {
        await visit(page, origin, screen);
        expect(await page.evaluate('document.documentElement.lang')).toBe(LOCALE[persona].slice(0, 2));
        for (const hit of englishIn(await pageText(page), english)) found.push(`${screen.name}: ${hit}`);
      }
      await page.context().close();
      expect(found).toEqual([]);
    }, 300_000);
  }

  it('the same check finds the English words on an English screen (it can fail)', async () => {
    const english = await englishWords();
    await s.db.getRepository(User).update(w.other.user.id, { locale: Locale.en });
    const context = await browser.newContext({ viewport: WIDTHS[1], locale: 'en-GB' });
    await signInContext(context, origin, w.other);
    const page = await context.newPage();
    await visit(page, origin, { name: 'group', path: `/groups/${w.groupId}` });
    const found = englishIn(await pageText(page), english);
    for (const word of ['members', 'procurements', 'documents']) {
      expect(
        found.some((hit) => hit.toLowerCase().startsWith(`"${word}"`)),
        word,
      ).toBe(true);
    }
    await context.close();
  }, 60_000);

  it('on a phone the header folds into a menu: the button opens it, Escape closes it, a link in it leads on and closes it', async () => {
    const page = await pageOf('coordinator', WIDTHS[0]);
    await visit(page, origin, { name: 'home', path: '/' });
    const button = page.getByRole('button', { name: 'Meny' });
    const nav = page.getByRole('navigation', { name: 'Hovedmeny' });
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    expect(await nav.isVisible()).toBe(false);
    // The bell stays in sight beside the button.
    await page.getByRole('link', { name: /^Varsler/ }).waitFor();

    await button.click();
    await nav.waitFor();
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    // Every link of the menu is on the screen, one a line.
    for (const link of await nav.getByRole('link').all()) {
      const box = (await link.boundingBox())!;
      expect(box.x + box.width, await link.innerText()).toBeLessThanOrEqual(WIDTHS[0].width);
    }
    await screenshot(page, 'coordinator-header-menu-390');
    expect(await severeViolations(page)).toEqual([]);

    await page.keyboard.press('Escape');
    await nav.waitFor({ state: 'hidden' });
    expect(await button.evaluate((b) => b === b.ownerDocument.activeElement)).toBe(true);

    await button.press('Enter');
    await nav.getByRole('link', { name: 'Søk' }).click();
    await page.getByRole('heading', { level: 1, name: 'Søk' }).waitFor();
    await nav.waitFor({ state: 'hidden' });
    await page.context().close();

    // On a laptop there is no menu button: the navigation is in the header's row.
    const wide = await pageOf('coordinator', WIDTHS[1]);
    await visit(wide, origin, { name: 'home', path: '/' });
    await wide.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('link', { name: 'Søk' }).waitFor();
    expect(await wide.getByRole('button', { name: 'Meny' }).isVisible()).toBe(false);
    await wide.context().close();
  }, 60_000);

  it('on a phone the chat is compact, with each message’s actions in its menu and the new-messages marker only for what came while away', async () => {
    const page = await pageOf('coordinator', WIDTHS[0]);
    const chat = `/groups/${w.groupId}/threads/${w.generalThreadId}`;
    await visit(page, origin, { name: 'chat', path: chat });
    const log = page.getByRole('log', { name: 'Meldinger' });
    await log.getByText('Selbu er med.', { exact: false }).waitFor();
    const post = (body: string) =>
      w.swede.client.ok(`mutation($input: PostMessageInput!) { postMessage(input: $input) { id } }`, {
        input: { threadId: w.generalThreadId, body, idempotencyKey: randomUUID() },
      });

    // Watched arriving: no marker above it.
    await post('Hej från Jämtland!');
    await log.getByText('Hej från Jämtland!').waitFor();
    const live = log.getByRole('article').filter({ hasText: 'Hej från Jämtland!' });
    expect(await log.locator('[role="separator"] + article').filter({ hasText: 'Hej från Jämtland!' }).count()).toBe(0);
    // One line of text with its byline stays a line or two high (it took about 200 px before).
    expect((await live.boundingBox())!.height).toBeLessThanOrEqual(64);
    // The actions are not a row of buttons on every message; the menu has them.
    expect(await log.getByRole('button', { name: 'Svar', exact: true }).count()).toBe(0);
    const menuButton = live.getByRole('button', { name: /^Handlinger for meldingen fra Sara Svensson/ });
    await menuButton.focus();
    await page.keyboard.press('Enter');
    await live.getByRole('button', { name: 'Reager med 👍' }).waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(WIDTHS[0].width);
    await screenshot(page, 'coordinator-chat-menu-390');
    expect(await severeViolations(page)).toEqual([]);
    await live.getByRole('button', { name: 'Svar', exact: true }).click();
    await page.getByText('Svarer Sara Svensson').waitFor();

    // Away on another tab of the group while a message comes: back, the marker stands above it.
    await page.getByRole('link', { name: 'Dokumenter', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Dokumenter' }).waitFor();
    await post('Skrivet medan du var borta.');
    await page.goBack();
    await log.getByText('Skrivet medan du var borta.').waitFor();
    await log
      .locator('[role="separator"] + article')
      .filter({ hasText: 'Skrivet medan du var borta.' })
      .waitFor({ timeout: 15_000 });
    expect(await log.getByRole('separator', { name: 'Nye meldinger' }).count()).toBe(1);

    // An empty conversation invites the first message instead of looking like a text box.
    const { createThread } = await w.coord.client.ok(
      `mutation($input: CreateThreadInput!) { createThread(input: $input) { id } }`,
      { input: { groupId: w.groupId, title: 'Ruteplan' } },
    );
    await visit(page, origin, { name: 'empty chat', path: `/groups/${w.groupId}/threads/${createThread.id}` });
    await page.getByRole('log', { name: 'Meldinger' }).getByText('Ingen meldinger ennå').waitFor();
    await screenshot(page, 'coordinator-chat-empty-390');
    expect(await severeViolations(page)).toEqual([]);
    await page.context().close();
  }, 90_000);

  it('a new decision closes a week ahead at 12:00 unless changed, and each vote button names its decision', async () => {
    const page = await pageOf('coordinator', WIDTHS[1]);
    await visit(page, origin, { name: 'procurement', path: `/groups/${w.groupId}/procurements/${w.dialogueId}` });
    const decisions = page.locator('#decisions');
    await decisions.getByText('Åpne et vedtak').click();
    const now = new Date();
    const weekAhead = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 7, 12, 0);
    const pad = (n: number) => String(n).padStart(2, '0');
    expect(await decisions.getByLabel('Avsluttes').inputValue()).toBe(
      `${weekAhead.getFullYear()}-${pad(weekAhead.getMonth() + 1)}-${pad(weekAhead.getDate())}T12:00`,
    );
    const votes = await decisions.getByRole('button', { name: /^Stem: Godkjenn/ }).all();
    const names = await Promise.all(votes.map((b) => b.getAttribute('aria-label')));
    expect(names.length).toBeGreaterThanOrEqual(2);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('Stem: Godkjenn i «Godkjenne behovsbeskrivelsen»');
    expect(names).toContain('Stem: Godkjenn i «Velge prosedyre»');
    await page.context().close();
  }, 60_000);

  it('a group being formed says what its status means; its coordinator makes it active', async () => {
    const member = await pageOf('member-sv', WIDTHS[0]);
    await visit(member, origin, { name: 'group', path: `/groups/${w.groupId}` });
    await member.getByText('Gruppen håller på att bildas medan medlemmarna samlas.', { exact: false }).waitFor();
    expect(await member.getByRole('button', { name: 'Markera gruppen som aktiv' }).count()).toBe(0);

    const coordinator = await pageOf('coordinator', WIDTHS[0]);
    await visit(coordinator, origin, { name: 'group', path: `/groups/${w.groupId}` });
    await coordinator.getByText('Gruppa er under etablering mens medlemmene samles.', { exact: false }).waitFor();
    await coordinator.getByRole('button', { name: 'Marker gruppa som aktiv' }).click();
    await coordinator.getByText('Gruppa er nå aktiv.').waitFor({ timeout: 15_000 });
    // The member's page follows live: the explanation goes, the status says active.
    await member
      .getByText('Gruppen håller på att bildas', { exact: false })
      .waitFor({ state: 'detached', timeout: 15_000 });
    await member.getByText('Aktiv', { exact: true }).first().waitFor();
    await member.context().close();
    await coordinator.context().close();
  }, 60_000);
});
