import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureClientBuilt } from '../../client/build.js';
import type { TestUser } from '../support/factories.js';
import { CREATE_THREAD, DELETE_MESSAGE, EDIT_MESSAGE, POST } from '../support/operations.js';
import { supplier } from '../support/procurement.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { dialogue, procurement, world, type World } from '../support/world.js';
import { expectAccessible, hasChromium, launchChromium, openPage, screenshot } from './browser.js';
import { BROWSER_LOCALE, setLocale, signIn, UI_TIMEOUT } from './session.js';

// app.test.ts says plainly when Chromium is missing; this file skips with it.

/** `by` posts `body` in a thread through the API. */
const post = async (by: TestUser, threadId: string, body: string) =>
  (await by.client.ok(POST, { input: { threadId, body, idempotencyKey: randomUUID() } })).postMessage;

/**
 * A message's edit history (in English) and a registered supplier reading the public channel
 * beyond its latest 50 messages (in Norwegian).
 */
describe.skipIf(!hasChromium)('message history and the public channel’s older messages in Chromium', () => {
  let s: TestServer;
  let browser: Browser;
  let origin: string;
  let w: World;

  beforeAll(async () => {
    await ensureClientBuilt();
    s = await startTestServer();
    origin = `http://127.0.0.1:${s.app.port}`;
    w = await world(s, { coordName: 'Kari Coordinator' });
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('a reader opens an edited message’s earlier versions, which follow a further edit live; deleting withdraws them all', async () => {
    const { createThread } = await w.coord.client.ok(CREATE_THREAD, {
      input: { groupId: w.groupId, title: 'Kick-off' },
    });
    const threadId = createThread.id;
    const message = await post(w.coord, threadId, 'The kick-off is on **Monday**.');
    const edit = (body: string) => w.coord.client.ok(EDIT_MESSAGE, { input: { messageId: message.id, body } });
    await edit('The kick-off is on **Tuesday**.');
    await edit('The kick-off is on **Wednesday** at 10.');

    await setLocale(s, w.a, 'en');
    const page = await openPage(browser, 'member a', { locale: BROWSER_LOCALE.en });
    await signIn(page, origin, w.a, 'en');
    await page.goto(`${origin}/groups/${w.groupId}/threads/${threadId}`);
    const article = page.locator(`#message-${message.seq}`);
    await article.getByText('at 10.').waitFor({ timeout: UI_TIMEOUT });
    await article.locator('summary', { hasText: /^Edited .*: earlier versions$/ }).click();
    const versions = article.getByRole('list', { name: 'Earlier versions, oldest first' });
    await versions.getByRole('listitem').nth(1).waitFor({ timeout: UI_TIMEOUT });
    expect(await versions.getByRole('listitem').allInnerTexts()).toEqual([
      expect.stringMatching(/^Version 1, replaced .+\n+The kick-off is on Monday\.$/),
      expect.stringMatching(/^Version 2, replaced .+\n+The kick-off is on Tuesday\.$/),
    ]);
    await screenshot(page, 'screens-05-message-history');
    await expectAccessible(page, 'a thread with a message’s edit history open');

    // Edited again while the history is open: the text and the list follow without a reload.
    await edit('The kick-off is on **Thursday**.');
    await article.getByText('The kick-off is on').getByText('Thursday').waitFor({ timeout: UI_TIMEOUT });
    await versions.getByRole('listitem').nth(2).getByText('Wednesday').waitFor({ timeout: UI_TIMEOUT });

    // Deleting withdraws the text and every earlier one: none is left on the page.
    await w.coord.client.ok(DELETE_MESSAGE, { id: message.id });
    await article.getByText('This message was deleted.').waitFor({ timeout: UI_TIMEOUT });
    for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday']) {
      expect(await page.getByText(day).count()).toBe(0);
    }
    expect(await article.locator('summary', { hasText: 'earlier versions' }).count()).toBe(0);
    await page.context().close();
  }, 90_000);

  it('a registered supplier loads the public channel’s older messages, and newer ones still arrive with no gap', async () => {
    const seller = await supplier(s, 'Skyss og Buss AS');
    const p = await procurement(w, { title: 'Felles skoleskyss' });
    await dialogue(w, p.id, { suppliers: [seller] });
    const text = (n: number) => `Oppdatering nr. ${n} til alle leverandører.`;
    const posted = [];
    for (let n = 1; n <= 55; n++) posted.push(await post(w.coord, p.publicThread.id, text(n)));
    // An older message deleted: it stays in its place, its text withdrawn.
    await w.coord.client.ok(DELETE_MESSAGE, { id: posted[2].id });

    const page = await openPage(browser, 'supplier', { locale: 'nb-NO' });
    await signIn(page, origin, seller);
    await page.goto(`${origin}/market-dialogues/${p.id}`);
    const channel = page.getByRole('region', { name: 'Meldinger fra innkjøperne' });
    const messages = channel.getByRole('listitem');
    await channel.getByText(text(55), { exact: true }).waitFor({ timeout: UI_TIMEOUT });
    // The latest 50: the sixth to the 55th.
    expect(await messages.count()).toBe(50);
    await messages.first().getByText(text(6), { exact: true }).waitFor();
    expect(await channel.getByText(text(5), { exact: true }).count()).toBe(0);

    await channel.getByRole('button', { name: 'Vis eldre meldinger' }).click();
    await channel.getByText('5 eldre meldinger vises over.').waitFor({ timeout: UI_TIMEOUT });
    expect(await messages.count()).toBe(55);
    await messages.first().getByText(text(1), { exact: true }).waitFor();
    await messages.nth(2).getByText('Slettet.').waitFor();
    expect(await channel.getByText(text(3), { exact: true }).count()).toBe(0);
    // The first message is shown: there is nothing older to load.
    expect(await channel.getByRole('button', { name: 'Vis eldre meldinger' }).count()).toBe(0);
    await expectAccessible(page, 'the public channel with its older messages');

    // A new message arrives live; the latest 50 move on, and what was shown stays.
    await post(w.coord, p.publicThread.id, text(56));
    await channel.getByText(text(56), { exact: true }).waitFor({ timeout: UI_TIMEOUT });
    expect(await messages.count()).toBe(56);
    await messages.first().getByText(text(1), { exact: true }).waitFor();
    await screenshot(page, 'screens-06-public-channel-older');
    await page.context().close();
  }, 120_000);
});
