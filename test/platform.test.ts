import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { TestUser } from './support/factories.js';
import { startTestServer, type TestServer } from './support/server.js';
import { wsUrl } from './support/helpers.js';

let s: TestServer;
let user: TestUser;
const base = () => s.url.replace(/\/graphql$/, '');

beforeAll(async () => {
  s = await startTestServer();
  user = await s.factories.user();
});
afterAll(() => s?.close());

describe('operations endpoints', () => {
  it('/healthz answers while the process is up', async () => {
    const res = await fetch(`${base()}/healthz`);
    expect([res.status, await res.json()]).toEqual([200, { status: 'ok' }]);
  });

  it('/readyz answers ready when the database is reachable and migrated', async () => {
    const res = await fetch(`${base()}/readyz`);
    expect([res.status, await res.json()]).toEqual([200, { status: 'ready' }]);
  });

  it('/metrics counts requests and latencies by operation name in Prometheus format', async () => {
    await user.client.request('query OrganisationPicker { organisations(first: 1) { totalCount } }');
    await user.client.request('query OrganisationPicker { organisations(first: 1) { totalCount } }');
    const text = await (await fetch(`${base()}/metrics`)).text();
    expect(text).toMatch(/graphql_requests_total\{operation="OrganisationPicker",type="query",outcome="ok"\} 2/);
    expect(text).toMatch(/graphql_request_duration_seconds_count\{operation="OrganisationPicker",type="query"\} 2/);
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('gives every response a request id, and keeps a well-formed one the client sent', async () => {
    const res = await s.anon.request('{ viewer { id } }');
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const mine = await s.anon.request('{ viewer { id } }', {}, { 'x-request-id': 'trace-abc-12345' });
    expect(mine.headers.get('x-request-id')).toBe('trace-abc-12345');
  });
});

describe('GraphQL limits', () => {
  it('refuses queries nested too deep', async () => {
    let q = 'id';
    for (let i = 0; i < 4; i++) q = `memberships { nodes { group { ${q} } } }`;
    const res = await user.client.request(`{ buyerGroups { nodes { ${q} } } }`);
    expect(res.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors?.[0].message).toMatch(/depth/i);
  });

  it('refuses too many aliases', async () => {
    const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: viewer { id }`).join(' ');
    const res = await user.client.request(`{ ${aliases} }`);
    expect(res.errors?.[0].message).toMatch(/alias/i);
    expect(res.data ?? null).toBeNull();
  });

  it('refuses documents with too many tokens and bodies that are too large', async () => {
    const fields = Array.from({ length: 5000 }, () => 'id').join(' ');
    const res = await user.client.request(`{ viewer { ${fields} } }`);
    expect(res.errors?.[0].message).toMatch(/token/i);
    const huge = await fetch(s.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ viewer { id } } # ${'x'.repeat(5_000_000)}` }),
    });
    expect(huge.status).toBe(413);
    // A JSON error in the API's shape, not an HTML page.
    expect(await huge.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT', rule: 'maxSize' } }] });
  });

  it('refuses queries above the complexity limit, counting page sizes given as variables too', async () => {
    const q = `query($n: Int!) {
      buyerGroups(first: $n) { nodes { memberships(first: $n) { nodes { group { needs(first: $n) { nodes { id title } } } } } } }
    }`;
    const big = await user.client.request(q, { n: 100 });
    expect(big.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(big.errors?.[0].message).toMatch(/too complex/);
    expect(big.errors?.[0].extensions?.cost).toBeGreaterThan(Number(big.errors?.[0].extensions?.maxCost));
    const small = await user.client.request(q, { n: 10 });
    expect(small.errors).toBeUndefined();
  });

  it('does not suggest field names and never sends stack traces', async () => {
    const res = await user.client.request('{ viewr { id } }');
    expect(res.errors?.[0].message).not.toMatch(/did you mean/i);
    expect(JSON.stringify(res)).not.toMatch(/stacktrace|\.ts:\d+/);
  });

  it('allows introspection by default outside production', async () => {
    const res = await user.client.request('{ __schema { queryType { name } } }');
    expect(res.data?.__schema.queryType.name).toBe('Query');
  });
});

describe('WebSocket on /graphql', () => {
  const connect = (connectionParams: Record<string, unknown>, closed?: (code: number) => void): Client =>
    createClient({
      url: wsUrl(s),
      webSocketImpl: WebSocket,
      connectionParams,
      retryAttempts: 0,
      lazy: true,
      on: { closed: (e) => closed?.((e as { code: number }).code) },
    });
  const run = (client: Client, query: string) =>
    new Promise<any>((resolve, reject) => {
      let result: unknown;
      client.subscribe({ query }, { next: (r) => (result = r), error: reject, complete: () => resolve(result) });
    });

  it('closes the socket with 4403 when connection_init has no valid session', async () => {
    let code = 0;
    const client = connect({}, (c) => (code = c));
    await expect(run(client, '{ viewer { id } }')).rejects.toBeTruthy();
    expect(code).toBe(4403);
    await client.dispose();
  });

  it('authenticates connection_init with the same session token as HTTP', async () => {
    const client = connect({ authorization: `Bearer ${user.token}` });
    const result = await run(client, '{ viewer { email } }');
    expect(result.data.viewer.email).toBe(user.user.email);
    await client.dispose();
  });

  it('applies the same limits as HTTP', async () => {
    const client = connect({ authorization: `Bearer ${user.token}` });
    const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: viewer { id }`).join(' ');
    await expect(run(client, `{ ${aliases} }`)).rejects.toSatisfy((errors: any) =>
      JSON.stringify(errors).toLowerCase().includes('alias'),
    );
    const complex = await run(
      client,
      `{ buyerGroups(first: 100) { nodes { memberships(first: 100) { nodes { group { needs(first: 100) { nodes { id } } } } } } } }`,
    );
    expect(complex.errors[0].message).toMatch(/too complex/);
    await client.dispose();
  });
});

describe('when the database is gone', () => {
  it('masks the failure (no internals), and readiness reports it', async () => {
    const t = await startTestServer();
    const u = await t.factories.user();
    await t.db.destroy();
    const res = await u.client.request('{ organisations { totalCount } }');
    const text = JSON.stringify(res);
    expect(text).toContain('INTERNAL_SERVER_ERROR');
    expect(text).not.toMatch(/driver|typeorm|select|connect/i);
    const ready = await fetch(`${t.url.replace(/\/graphql$/, '')}/readyz`);
    expect(ready.status).toBe(503);
    await t.db.initialize();
    await t.close();
  });
});
