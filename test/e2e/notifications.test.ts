import { randomBytes, randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureClientBuilt } from '../../client/build.js';
import { PASSWORD, type TestUser } from '../support/factories.js';
import { outboxDrained, settled } from '../support/notifications.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { expectAccessible, hasChromium, launchChromium, openPage, screenshot } from './browser.js';

// app.test.ts says plainly when Chromium is missing; this file skips with it.

const suffix = randomBytes(3).toString('hex');
const GROUP = `Skoleskyss ${suffix}`;
const UI_TIMEOUT = 15_000;

describe.skipIf(!hasChromium)(
  'notifications in Chromium: the bell counts live; a kind turned off sends no e-mail',
  () => {
    let s: TestServer;
    let browser: Browser;
    let origin: string;
    let coord: TestUser;
    let member: TestUser;
    let threadId: string;
    /** The member's page, in Norwegian (the profile's language). */
    let m: Page;

    const mention = (body: string) =>
      coord.client.ok(`mutation($input: PostMessageInput!) { postMessage(input: $input) { id } }`, {
        input: { threadId, body, idempotencyKey: randomUUID(), mentionUserIds: [member.user.id] },
      });
    const mentionMails = () => s.mail.to(member.user.email).filter((mail) => mail.subject.includes('nevnte deg'));

    beforeAll(async () => {
      await ensureClientBuilt();
      s = await startTestServer();
      origin = `http://localhost:${s.app.port}`;
      coord = await s.factories.user({ displayName: 'Kari Koordinator' });
      member = await s.factories.user({ displayName: 'Mona Medlem' });
      const { createBuyerGroup } = await coord.client.ok(
        `mutation($input: CreateBuyerGroupInput!) { createBuyerGroup(input: $input) { id generalThread { id } } }`,
        { input: { name: GROUP, focusArea: 'TRANSPORT', description: 'Felles skoleskyss.' } },
      );
      threadId = createBuyerGroup.generalThread.id;
      await s.factories.membership({ id: createBuyerGroup.id } as never, member.organisation);
      browser = await launchChromium();
      m = await openPage(browser, 'member', { locale: 'nb-NO' });
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await s?.close();
    });

    it('the bell counts a new mention live, and the inbox leads to it', async () => {
      await m.goto(`${origin}/`);
      await m.getByLabel('E-postadresse').fill(member.user.email);
      await m.getByLabel('Passord').fill(PASSWORD);
      await m.getByRole('button', { name: 'Logg inn' }).click();
      await m.getByRole('heading', { level: 1, name: 'Velkommen, Mona Medlem' }).waitFor({ timeout: UI_TIMEOUT });
      await m.getByRole('link', { name: 'Varsler, 0 uleste' }).waitFor({ timeout: UI_TIMEOUT });

      // Kari mentions Mona while Mona's page stays open: the count changes without a reload.
      await mention('@Mona kan du se på rutene?');
      await m.getByRole('link', { name: 'Varsler, 1 ulest' }).waitFor({ timeout: UI_TIMEOUT });
      const mail = await s.mail.waitFor((x) => x.to.includes(member.user.email));
      expect(mail.subject).toBe(`Kari Koordinator nevnte deg i «General» (${GROUP})`);
      await screenshot(m, 'notifications-01-bell');

      await m.getByRole('link', { name: 'Varsler, 1 ulest' }).click();
      await m.getByRole('heading', { level: 1, name: 'Varsler' }).waitFor({ timeout: UI_TIMEOUT });
      const list = m.getByRole('list', { name: 'Varsler' });
      await list.getByText('Nevnt', { exact: true }).waitFor({ timeout: UI_TIMEOUT });
      await list.getByText(GROUP, { exact: true }).waitFor();
      // Filtered to another kind, the mention is not listed.
      await m.getByLabel('Vis').selectOption({ label: 'Svar på meldingene dine' });
      await m.getByText('Ingen varsler her.').waitFor({ timeout: UI_TIMEOUT });
      await m.getByLabel('Vis').selectOption({ label: 'Nevnt' });
      await list.getByText('Nevnt', { exact: true }).waitFor({ timeout: UI_TIMEOUT });
      await expectAccessible(m, 'the inbox');
      await screenshot(m, 'notifications-02-inbox');

      await list.getByRole('link').first().click();
      await m.waitForURL(new RegExp(`/threads/${threadId}#message-1$`), { timeout: UI_TIMEOUT });
      await m.getByRole('link', { name: 'Varsler, 0 uleste' }).waitFor({ timeout: UI_TIMEOUT });
    }, 90_000);

    it('a mention turned off in the settings sends no e-mail and adds nothing to the bell', async () => {
      await m.goto(`${origin}/profile#notifications`);
      const settings = m.getByRole('region', { name: 'Varsler' });
      await settings.getByLabel('Nevnt').waitFor({ timeout: UI_TIMEOUT });
      expect(await settings.getByLabel('Nevnt').inputValue()).toBe('EMAIL_NOW');
      await settings.getByLabel('Nevnt').selectOption({ label: 'Av' });
      await settings.getByText('Nevnt: Av.').waitFor({ timeout: UI_TIMEOUT });
      await expectAccessible(m, 'the notification settings');
      await screenshot(m, 'notifications-03-settings');

      await mention('@Mona en gang til');
      await settled(s);
      await outboxDrained(s);
      expect(mentionMails()).toHaveLength(1);
      // The page reloaded shows the setting kept and no new notice.
      await m.reload();
      await m.getByRole('region', { name: 'Varsler' }).getByLabel('Nevnt').waitFor({ timeout: UI_TIMEOUT });
      expect(await m.getByRole('region', { name: 'Varsler' }).getByLabel('Nevnt').inputValue()).toBe('OFF');
      await m.getByRole('link', { name: 'Varsler, 0 uleste' }).waitFor({ timeout: UI_TIMEOUT });
    }, 60_000);
  },
);
