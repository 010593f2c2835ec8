import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Locale, User } from '../server/modules/users/user.entity.js';
import { REGISTER } from './support/accounts.js';
import { GraphQLClient } from './support/client.js';
import { PASSWORD, type TestUser } from './support/factories.js';
import { startTestServer, type TestServer } from './support/server.js';
import { linkIn } from './support/smtp.js';

const RESET = `mutation($e: String!) { requestPasswordReset(input: { email: $e }) { message } }`;

/** Waits (polling the database, which is the condition) until `sql` returns a row with ok = true. */
async function untilRow(s: TestServer, sql: string, params: unknown[] = []): Promise<void> {
  for (;;) {
    const [row] = (await s.db.query(sql, params)) as { ok: boolean }[];
    if (row?.ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the outbox with a real SMTP server', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({
      ACCOUNT_MAILS_PER_RECIPIENT_PER_HOUR: '100',
      REGISTRATIONS_PER_ADDRESS_PER_HOUR: '1000',
    });
  });
  afterAll(() => s?.close());

  const users = async (count: number, locale = Locale.nb): Promise<TestUser[]> => {
    const list: TestUser[] = [];
    for (let i = 0; i < count; i++) {
      const u = await s.factories.user();
      await s.db.getRepository(User).update({ id: u.user.id }, { locale });
      list.push(u);
    }
    return list;
  };

  it('a mail server that is down delays mail, and every message arrives exactly once when it returns', async () => {
    const people = await users(3);
    await s.mail.stop();
    for (const u of people) await s.anon.ok(RESET, { e: u.user.email });
    // Each was tried and failed, and waits for its next attempt.
    await untilRow(
      s,
      `SELECT count(*) = 3 AS ok FROM mail_outbox WHERE to_address = ANY($1) AND sent_at IS NULL AND attempts > 0 AND last_error IS NOT NULL`,
      [people.map((u) => u.user.email)],
    );
    await s.mail.start();
    for (const u of people) await s.mail.waitFor((m) => m.to.includes(u.user.email));
    await untilRow(s, `SELECT count(*) = 3 AS ok FROM mail_outbox WHERE to_address = ANY($1) AND sent_at IS NOT NULL`, [
      people.map((u) => u.user.email),
    ]);
    for (const u of people) expect(s.mail.to(u.user.email)).toHaveLength(1);
  });

  it('a temporary refusal (451) is retried; the message arrives once', async () => {
    const [u] = await users(1);
    s.mail.refuseNext = 2;
    await s.anon.ok(RESET, { e: u.user.email });
    await s.mail.waitFor((m) => m.to.includes(u.user.email));
    const [row] = await s.db.query(`SELECT attempts FROM mail_outbox WHERE to_address = $1`, [u.user.email]);
    expect(row.attempts).toBe(3);
    expect(s.mail.to(u.user.email)).toHaveLength(1);
  });

  it('two instances sending from one outbox never send a message twice', async () => {
    const other = await s.startInstance();
    const people = await users(12);
    const onOther = new GraphQLClient(other.url);
    await Promise.all(people.map((u, i) => (i % 2 ? s.anon : onOther).ok(RESET, { e: u.user.email })));
    for (const u of people) await s.mail.waitFor((m) => m.to.includes(u.user.email));
    await other.stop();
    const ids = s.mail.received.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const u of people) expect(s.mail.to(u.user.email)).toHaveLength(1);
  });

  it("writes in the recipient's language, as plain text and HTML", async () => {
    const [sv] = await users(1, Locale.sv);
    const [en] = await users(1, Locale.en);
    await s.anon.ok(RESET, { e: sv.user.email });
    await s.anon.ok(RESET, { e: en.user.email });
    const svMail = await s.mail.waitFor((m) => m.to.includes(sv.user.email));
    const enMail = await s.mail.waitFor((m) => m.to.includes(en.user.email));
    expect(svMail.subject).toBe('Välj ett nytt lösenord för Samverka');
    expect(enMail.subject).toBe('Choose a new password for Samverka');
    expect(svMail.html).toContain('lang="sv"');
    expect(linkIn(svMail, '/reset-password').searchParams.get('token')).toMatch(/^[\w-]{40,}$/);
    // Values are escaped in HTML.
    const evil = await s.factories.user({ displayName: '<script>alert(1)</script>' });
    await s.anon.ok(RESET, { e: evil.user.email });
    const evilMail = await s.mail.waitFor((m) => m.to.includes(evil.user.email));
    expect(evilMail.html).not.toContain('<script>');
    expect(evilMail.html).toContain('&lt;script&gt;');
  });
});

describe('without MAIL_URL (the embedded default)', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ MAIL_URL: '' });
  });
  afterAll(() => s?.close());

  it('writes mail as .eml files and lists it on /dev/outbox, links and all', async () => {
    const org = await s.factories.organisation({ emailDomains: ['fil.kommune.no'] });
    await s.anon.ok(REGISTER, {
      input: { email: 'ny@fil.kommune.no', password: PASSWORD, displayName: 'Ny', organisationId: org.id },
    });
    await untilRow(s, `SELECT file_name IS NOT NULL AS ok FROM mail_outbox WHERE to_address = 'ny@fil.kommune.no'`);
    const [row] = await s.db.query(`SELECT id, file_name FROM mail_outbox WHERE to_address = 'ny@fil.kommune.no'`);
    const eml = await readFile(path.join(s.config.dataDir, 'outbox', row.file_name), 'utf8');
    expect(eml).toMatch(/^Subject: Bekreft e-postadressen din for Samverka$/m);
    expect(eml).toContain('multipart/alternative');
    const base = `http://127.0.0.1:${s.app.port}`;
    const list = await (await fetch(`${base}/dev/outbox`)).text();
    expect(list).toContain('ny@fil.kommune.no');
    const detail = await (await fetch(`${base}/dev/outbox/${row.id}`)).text();
    expect(detail).toMatch(/<a href="http:\/\/localhost:\d+\/verify-email\?token=[\w-]+">/);
    expect((await fetch(`${base}/dev/outbox/999999`)).status).toBe(404);
    expect((await fetch(`${base}/dev/outbox/x'--`)).status).toBe(404);
  });

  it('has no /dev/outbox in production', async () => {
    const prod = await startTestServer({ MAIL_URL: '', NODE_ENV: 'production' });
    try {
      const res = await fetch(`http://127.0.0.1:${prod.app.port}/dev/outbox`);
      expect(await res.text()).not.toContain('Development outbox');
    } finally {
      await prod.close();
    }
  });
});
