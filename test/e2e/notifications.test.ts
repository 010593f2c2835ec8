import { randomBytes, randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureClientBuilt } from '../../client/build.js';
import { PASSWORD, type TestUser } from '../support/factories.js';
import { inbox, outboxDrained, settled } from '../support/notifications.js';
import { ANSWER, ASK } from '../support/operations.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { dialogue, need, procurement, type Buyers, type Procurement } from '../support/world.js';
import { expectAccessible, hasChromium, launchChromium, openPage, screenshot } from './browser.js';

// app.test.ts says plainly when Chromium is missing; this file skips with it.

const suffix = randomBytes(3).toString('hex');
const GROUP = `Skoleskyss ${suffix}`;
const UI_TIMEOUT = 15_000;

describe.skipIf(!hasChromium)(
  "notifications in Chromium: the bell counts live; mentions stand out; muting and a kind turned off send nothing; a supplier's home lists its notices",
  () => {
    let s: TestServer;
    let browser: Browser;
    let origin: string;
    let coord: TestUser;
    let member: TestUser;
    let groupId: string;
    let threadId: string;
    let buyers: Buyers;
    /** A procurement of the group, with its buyers' channel. */
    let p: Procurement;
    /** The member's page, in Norwegian (the profile's language). */
    let m: Page;

    const mention = (body: string, thread = threadId) =>
      coord.client.ok(`mutation($input: PostMessageInput!) { postMessage(input: $input) { id } }`, {
        input: { threadId: thread, body, idempotencyKey: randomUUID(), mentionUserIds: [member.user.id] },
      });
    const mentionNotices = async () => (await inbox(member)).filter((n) => n.kind === 'MENTION');
    const bell = (count: number) =>
      m.getByRole('link', { name: `Varsler, ${count} ${count === 1 ? 'ulest' : 'uleste'}` });
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
      groupId = createBuyerGroup.id;
      threadId = createBuyerGroup.generalThread.id;
      await s.factories.membership({ id: createBuyerGroup.id } as never, member.organisation);
      buyers = { s, groupId, coord, needs: [await need(coord, groupId, { title: 'Skoleskyss' })] };
      p = await procurement(buyers, { title: `Felles skoleskyss ${suffix}` });
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
      // The thread is named from its kind, in the recipient's language.
      expect(mail.subject).toBe(`Kari Koordinator nevnte deg i «Generelt» (${GROUP})`);
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

    it("a message that mentions the reader stands out, in words as well as colour; others' mentions are marked", async () => {
      // Mona answers through the composer, mentioning Kari: picked from the list, sent.
      const composer = m.getByRole('textbox', { name: 'Melding', exact: true });
      await composer.click();
      await composer.pressSequentially('Takk @Kar');
      await m.getByRole('option', { name: 'Kari Koordinator' }).waitFor({ timeout: UI_TIMEOUT });
      await composer.press('Enter');
      await expect.poll(() => composer.inputValue()).toBe('Takk @Kari Koordinator ');
      await composer.pressSequentially('jeg ser på det.');
      await composer.press('Enter');
      const reply = m.getByRole('article').filter({ hasText: 'jeg ser på det.' });
      await reply.locator('.mention').waitFor({ timeout: UI_TIMEOUT });

      // Kari's message mentions Mona: the page's reader. Its article is named as such ("Nevner deg").
      const mine = m.getByRole('article', { name: /Nevner deg/ });
      await mine.waitFor({ timeout: UI_TIMEOUT });
      expect(await m.getByRole('article', { name: /Nevner deg/ }).count()).toBe(1);
      expect(await mine.innerText()).toContain('kan du se på rutene?');
      const you = mine.locator('mark.mention-you');
      expect(await you.count()).toBe(1);
      // "(deg)" is there for screen readers, which do not announce a highlight.
      expect(await you.textContent()).toBe('@Mona (deg)');
      // Not colour alone: bold and underlined as well.
      const look = await you.evaluate((el) => {
        const css = getComputedStyle(el);
        return { weight: Number(css.fontWeight), line: css.textDecorationLine };
      });
      expect(look.weight).toBeGreaterThanOrEqual(700);
      expect(look.line).toBe('underline');

      // Mona's own message mentions Kari: marked, but not as the reader's.
      expect(await reply.locator('.mention').textContent()).toBe('@Kari Koordinator');
      expect(await reply.locator('mark').count()).toBe(0);
      expect(await reply.getByText('Nevner deg').count()).toBe(0);
      await expectAccessible(m, 'a thread with mentions');
      await screenshot(m, 'notifications-03-mentions');
    }, 60_000);

    it('muted from the group page, the group sends nothing; unmuted, its notices come again; a procurement mutes on its own page', async () => {
      await m.goto(`${origin}/groups/${groupId}`);
      await m.getByRole('heading', { level: 1, name: GROUP }).waitFor({ timeout: UI_TIMEOUT });
      await bell(0).waitFor({ timeout: UI_TIMEOUT });
      await m.getByRole('button', { name: 'Demp varsler fra gruppen' }).click();
      await m.getByText(`${GROUP} er dempet.`).waitFor({ timeout: UI_TIMEOUT });
      await m.getByText('Dempet: du får ingen varsler om denne gruppen eller anskaffelsene dens.').waitFor();
      await expectAccessible(m, 'a muted group');
      await screenshot(m, 'notifications-04-group-muted');

      // Chatter of the muted group: no notice, no e-mail.
      const notices = (await mentionNotices()).length;
      const mails = mentionMails().length;
      const mailed = new Set(mentionMails().map((x) => x.messageId));
      await mention('@Mona dette hører du ikke om');
      await settled(s);
      await outboxDrained(s);
      expect(await mentionNotices()).toHaveLength(notices);
      expect(mentionMails()).toHaveLength(mails);
      await bell(0).waitFor();

      // The procurement page says it is silenced with its group (and kept after a reload).
      await m.goto(`${origin}/groups/${groupId}/procurements/${p.id}`);
      await m.getByText(`Dempet sammen med gruppen ${GROUP}`, { exact: false }).waitFor({ timeout: UI_TIMEOUT });
      await m.getByRole('button', { name: `Opphev demping av ${GROUP}` }).waitFor();

      // Unmuted from the group page: the next mention counts live and is mailed.
      await m.goto(`${origin}/groups/${groupId}`);
      await m.getByRole('button', { name: 'Slå på varsler fra gruppen igjen' }).click();
      await m.getByText(`${GROUP} er ikke lenger dempet.`).waitFor({ timeout: UI_TIMEOUT });
      await m.getByRole('button', { name: 'Demp varsler fra gruppen' }).waitFor();
      await mention('@Mona nå hører du det igjen');
      await bell(1).waitFor({ timeout: UI_TIMEOUT });
      await s.mail.waitFor(
        (x) => x.to.includes(member.user.email) && x.subject.includes('nevnte deg') && !mailed.has(x.messageId),
      );
      expect(await mentionNotices()).toHaveLength(notices + 1);

      // The procurement alone, muted on its page: its buyers' channel tells nothing; unmuted again.
      await m.goto(`${origin}/groups/${groupId}/procurements/${p.id}`);
      await m.getByRole('button', { name: 'Demp varsler fra anskaffelsen' }).click();
      await m.getByText('Dempet: du får ingen varsler om denne anskaffelsen.').waitFor({ timeout: UI_TIMEOUT });
      await screenshot(m, 'notifications-05-procurement-muted');
      await mention('@Mona om anskaffelsen', p.buyersThread.id);
      await settled(s);
      expect(await mentionNotices()).toHaveLength(notices + 1);
      await m.getByRole('button', { name: 'Slå på varsler fra anskaffelsen igjen' }).click();
      await m.getByRole('button', { name: 'Demp varsler fra anskaffelsen' }).waitFor({ timeout: UI_TIMEOUT });
      await member.client.ok(`mutation { markAllNotificationsRead }`);
      await bell(0).waitFor({ timeout: UI_TIMEOUT });
    }, 90_000);

    it('a mention turned off in the settings sends no e-mail and adds nothing to the bell', async () => {
      await m.goto(`${origin}/profile#notifications`);
      const settings = m.getByRole('region', { name: 'Varsler' });
      await settings.getByLabel('Nevnt').waitFor({ timeout: UI_TIMEOUT });
      expect(await settings.getByLabel('Nevnt').inputValue()).toBe('EMAIL_NOW');
      await settings.getByLabel('Nevnt').selectOption({ label: 'Av' });
      await settings.getByText('Nevnt: Av.').waitFor({ timeout: UI_TIMEOUT });
      await expectAccessible(m, 'the notification settings');
      await screenshot(m, 'notifications-06-settings');

      const mails = mentionMails().length;
      await mention('@Mona en gang til');
      await settled(s);
      await outboxDrained(s);
      expect(mentionMails()).toHaveLength(mails);
      // The page reloaded shows the setting kept and no new notice.
      await m.reload();
      await m.getByRole('region', { name: 'Varsler' }).getByLabel('Nevnt').waitFor({ timeout: UI_TIMEOUT });
      expect(await m.getByRole('region', { name: 'Varsler' }).getByLabel('Nevnt').inputValue()).toBe('OFF');
      await m.getByRole('link', { name: 'Varsler, 0 uleste' }).waitFor({ timeout: UI_TIMEOUT });
    }, 60_000);

    it("a supplier's home lists its notices among the tasks, live; nothing waits only once they are read", async () => {
      const supplier = await s.factories.supplier({ displayName: 'Siri Selger' });
      await dialogue(buyers, p.id, { suppliers: [supplier] });
      const { askDialogueQuestion: q } = await supplier.client.ok(ASK, {
        input: { procurementId: p.id, text: 'Hvor mange elever gjelder det?' },
      });
      const sp = await openPage(browser, 'supplier', { locale: 'nb-NO' });
      await sp.goto(`${origin}/`);
      await sp.getByLabel('E-postadresse').fill(supplier.user.email);
      await sp.getByLabel('Passord').fill(PASSWORD);
      await sp.getByRole('button', { name: 'Logg inn' }).click();
      await sp.getByRole('heading', { level: 1, name: 'Velkommen, Siri Selger' }).waitFor({ timeout: UI_TIMEOUT });
      await sp.getByText('Ingenting venter på deg.').waitFor({ timeout: UI_TIMEOUT });

      // The answer is published to every registered supplier: it joins the tasks without a reload.
      await coord.client.ok(ANSWER, { input: { questionId: q.id, answer: 'Omtrent 400 elever.' } });
      const tasks = sp.locator('section').filter({ has: sp.getByRole('heading', { name: 'Mine oppgaver' }) });
      const notices = tasks.getByRole('list', { name: 'Nye varsler' });
      const answer = notices.getByRole('listitem').filter({ hasText: 'Svar publisert' });
      await answer.waitFor({ timeout: UI_TIMEOUT });
      expect(await answer.innerText()).toContain(`Q${q.number}`);
      expect(await answer.innerText()).toContain(p.title);
      expect(await sp.getByText('Ingenting venter på deg.').count()).toBe(0);
      await expectAccessible(sp, "a supplier's home with a notice");
      await screenshot(sp, 'notifications-07-supplier-home');

      // It leads to the market dialogue, and is read: nothing waits any more.
      await answer.getByRole('link').click();
      await sp.waitForURL(new RegExp(`/market-dialogues/${p.id}$`), { timeout: UI_TIMEOUT });
      await sp.getByRole('heading', { level: 1, name: p.title }).waitFor({ timeout: UI_TIMEOUT });
      await sp.getByRole('button', { name: 'Demp varsler fra markedsdialogen' }).waitFor();
      await expect.poll(async () => (await inbox(supplier)).filter((n) => !n.readAt)).toEqual([]);
      await sp.goto(`${origin}/`);
      await sp.getByText('Ingenting venter på deg.').waitFor({ timeout: UI_TIMEOUT });
      expect(await tasks.getByRole('list', { name: 'Nye varsler' }).count()).toBe(0);
      await sp.context().close();
    }, 90_000);
  },
);
