import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { OrganisationRole } from '../server/modules/users/user.entity.js';
import { GraphQLClient } from './support/client.js';
import { PASSWORD, type TestUser } from './support/factories.js';
import { startTestServer, type Instance, type TestServer } from './support/server.js';
import { collect, wsClient } from './support/ws.js';

const VIEWER_EVENTS = `subscription($after: ID) { viewerEvents(after: $after) { id type } }`;
const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { token } }`;

let s: TestServer;
let second: Instance;

beforeAll(async () => {
  s = await startTestServer();
  second = await s.startInstance();
});
afterAll(() => s?.close());

/** A socket on an instance with a live subscription, and a promise of the code it is closed with. */
async function liveSocket(wsUrl: string, token: string) {
  let closed!: (code: number) => void;
  const code = new Promise<number>((resolve) => (closed = resolve));
  const client = wsClient(wsUrl, token, (c) => closed(c));
  // From the log's head: an event written before the server registers the subscription is replayed.
  const [{ id }] = (await s.db.query(`SELECT coalesce(max(id), 0)::text AS id FROM event`)) as { id: string }[];
  const stream = collect(client, VIEWER_EVENTS, { after: id });
  return { client, stream, code };
}

const wsOf = (url: string) => url.replace(/^http/, 'ws');

async function signInAgain(u: TestUser): Promise<string> {
  return (await s.anon.ok(SIGN_IN, { input: { email: u.user.email, password: PASSWORD } })).signIn.token;
}

describe('sessions end everywhere', () => {
  it('sign-out over HTTP closes the open sockets of that session on both instances with 4403', async () => {
    const u = await s.factories.user();
    const token = await signInAgain(u);
    const one = await liveSocket(wsOf(s.url), token);
    const two = await liveSocket(second.wsUrl, token);
    // Another session of the same user stays open.
    const other = await liveSocket(wsOf(s.url), u.token);
    // Both sockets are authenticated and subscribed once a read marker event reaches them.
    await s.as(token).ok(`mutation { updateProfile(input: { locale: nb }) { id } }`);
    await Promise.all([one.stream.until((c) => c.items.length > 0), two.stream.until((c) => c.items.length > 0)]);
    const t0 = performance.now();
    const took = (p: Promise<number>) => p.then((code) => ({ code, ms: Math.round(performance.now() - t0) }));
    const [a, b] = [took(one.code), took(two.code)];
    await s.as(token).ok(`mutation { signOut }`);
    const [closedA, closedB] = await Promise.all([a, b]);
    expect([closedA.code, closedB.code]).toEqual([4403, 4403]);
    // Reported, not asserted (tests never assert wall-clock time).
    console.log(`sign-out to socket closed: ${closedA.ms} ms (this instance), ${closedB.ms} ms (other instance)`);
    // The other session's socket still delivers.
    await s.as(u.token).ok(`mutation { updateProfile(input: { locale: nb }) { id } }`);
    await other.stream.until((c) => c.items.length > 0);
    await other.client.dispose();
  });

  it('suspension and a password change close sockets; the session that changed the password stays', async () => {
    const org = await s.factories.organisation();
    const admin = await s.factories.user({ organisation: org, role: OrganisationRole.ADMIN });
    const u = await s.factories.user({ organisation: org });
    const keep = await signInAgain(u);
    const kept = await liveSocket(second.wsUrl, keep);
    const dropped = await liveSocket(second.wsUrl, u.token);
    await s.as(keep).ok(`mutation { updateProfile(input: { locale: nb }) { id } }`);
    await Promise.all([kept.stream.until((c) => c.items.length > 0), dropped.stream.until((c) => c.items.length > 0)]);
    await s.as(keep).ok(`mutation($input: ChangePasswordInput!) { changePassword(input: $input) }`, {
      input: { currentPassword: PASSWORD, newPassword: 'another long password' },
    });
    expect(await dropped.code).toBe(4403);
    await admin.client.ok(`mutation($id: ID!) { suspendUser(id: $id) { status } }`, { id: u.user.id });
    expect(await kept.code).toBe(4403);
    // A suspended account's token opens no new socket either.
    const again = await liveSocket(wsOf(s.url), keep);
    expect(await again.code).toBe(4403);
  });

  it('a role change reaches a session cached on another instance at once', async () => {
    const org = await s.factories.organisation();
    const boss = await s.factories.user({ organisation: org, role: OrganisationRole.ADMIN });
    const deputy = await s.factories.user({ organisation: org, role: OrganisationRole.ADMIN });
    const onSecond = new GraphQLClient(second.url, deputy.token);
    const QUEUE = `query($o: ID) { users(organisationId: $o, status: [PENDING_APPROVAL]) { totalCount } }`;
    await onSecond.ok(QUEUE, { o: org.id });
    const evicted = new Promise<void>((resolve) => {
      const off = second.app.services.bus.onEvent((e) => {
        if (e.type === 'user.role_changed' && e.scopeId === deputy.user.id) {
          off();
          resolve();
        }
      });
    });
    await boss.client.ok(`mutation($id: ID!) { setUserRole(id: $id, role: MEMBER) { role } }`, { id: deputy.user.id });
    await evicted;
    expect((await onSecond.fails(QUEUE, { o: org.id })).code).toBe('FORBIDDEN');
  });

  it('a session that expires closes its sockets', async () => {
    const u = await s.factories.user();
    const token = await signInAgain(u);
    await s.db.query(
      `UPDATE session SET expires_at = now() + interval '1 second' WHERE id = (SELECT id FROM session WHERE user_id = $1 ORDER BY created_at DESC LIMIT 1)`,
      [u.user.id],
    );
    const socket = await liveSocket(second.wsUrl, token);
    expect(await socket.code).toBe(4403);
  });
});

describe('WebSocket origins', () => {
  const handshake = (headers: Record<string, string>) =>
    new Promise<number>((resolve) => {
      const ws = new WebSocket(wsOf(s.url), 'graphql-transport-ws', { headers });
      ws.on('open', () => {
        ws.close();
        resolve(101);
      });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => undefined);
    });

  it("refuses a page from another origin with the session cookie, accepts Samverka's own and non-browser clients", async () => {
    const u = await s.factories.user();
    const cookie = `samverka_session=${u.token}`;
    expect(await handshake({ origin: 'https://evil.example', cookie })).toBe(403);
    expect(await handshake({ origin: `http://localhost:${s.app.port}`, cookie })).toBe(101);
    expect(await handshake({ origin: `http://127.0.0.1:${s.app.port}`, cookie })).toBe(101);
    expect(await handshake({ origin: `http://localhost:${s.app.port + 1}`, cookie })).toBe(403);
    expect(await handshake({ cookie })).toBe(101);
  });
});

describe('absolute URLs', () => {
  it('come from PUBLIC_URL, never from the Host header', async () => {
    const other = await startTestServer({
      PUBLIC_URL: 'https://samverka.example.no',
      ALLOWED_ORIGINS: 'https://app.example.no',
    });
    try {
      const before = other.mail.received.length;
      const res = await other.anon.request(
        `mutation { requestPasswordReset(input: { email: "x@example.org" }) { message } }`,
        {},
        { host: 'evil.example' },
      );
      expect(res.errors).toBeUndefined();
      const u = await other.factories.user();
      await other.anon.request(
        `mutation($e: String!) { requestPasswordReset(input: { email: $e }) { message } }`,
        { e: u.user.email },
        { host: 'evil.example' },
      );
      const mail = await other.mail.waitFor(
        (m) => other.mail.received.indexOf(m) >= before && m.to.includes(u.user.email),
      );
      expect(mail.text).toContain('https://samverka.example.no/reset-password?token=');
      expect(mail.text).not.toContain('evil.example');
    } finally {
      await other.close();
    }
  });
});
