import { randomUUID } from 'node:crypto';
import { auditServer } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestUser } from './support/factories.js';
import { startTestServer, type TestServer } from './support/server.js';
import { wsClient } from './support/ws.js';
import { wsUrl } from './support/helpers.js';

/** The HTTP boundary: a client's mistake is a 4xx (or the 200 the GraphQL-over-HTTP spec asks for), never a 5xx. */
let s: TestServer;
let u: TestUser;

beforeAll(async () => {
  s = await startTestServer();
  u = await s.factories.user();
});
afterAll(() => s?.close());

const JSON_TYPE = 'application/json';
const GQL_TYPE = 'application/graphql-response+json';

async function post(body: unknown, accept = JSON_TYPE, token?: string) {
  const res = await fetch(s.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { errors?: { extensions?: Record<string, unknown> }[] };
  return { status: res.status, type: res.headers.get('content-type') ?? '', errors: json.errors ?? [] };
}

describe('the GraphQL-over-HTTP boundary', () => {
  it('passes the graphql-http audit with no warning', async () => {
    const results = await auditServer({ url: s.url });
    const problems = results.flatMap((r) =>
      r.status === 'error' || r.status === 'warn' ? [`${r.id} ${r.name}: ${r.reason}`] : [],
    );
    expect(problems).toEqual([]);
  });

  const hostile: [string, unknown][] = [
    ['a syntax error', { query: '{ viewer { id ' }],
    ['over the token limit', { query: `{ ${'viewer { id } '.repeat(1400)} }` }],
    [
      'too deep',
      {
        query: `{ viewer { ${'organisation { '.repeat(2)}id } } }`.replace(
          'organisation { organisation',
          'organisation { id } viewer',
        ),
      },
    ],
    ['too many aliases', { query: `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: viewer { id }`).join(' ')} }` }],
    ['an unknown field', { query: '{ nope }' }],
    [
      'a variable of the wrong type',
      { query: 'query($n: Int) { organisations(first: $n) { totalCount } }', variables: { n: 'x' } },
    ],
    ['too complex', { query: '{ organisations(first: 100000) { nodes { id } } }' }],
  ];

  it.each(hostile)(
    '%s: 200 with errors for application/json, 400 for application/graphql-response+json',
    async (_what, body) => {
      const asJson = await post(body, JSON_TYPE, u.token);
      expect(asJson.status).toBe(200);
      expect(asJson.type).toMatch(/^application\/json/);
      expect(asJson.errors.length).toBeGreaterThan(0);
      expect(asJson.errors[0].extensions?.code).toEqual(expect.any(String));
      const asGql = await post(body, GQL_TYPE, u.token);
      expect(asGql.status).toBe(400);
      expect(asGql.type).toMatch(/^application\/graphql-response\+json/);
    },
  );

  it('refuses a lone surrogate or NUL in any string argument, variable or literal, naming it', async () => {
    const q = 'query($s: String) { organisations(search: $s) { totalCount } }';
    for (const bad of ['x\ud800y', 'x\u0000y']) {
      const res = await post({ query: q, variables: { s: bad } }, JSON_TYPE, u.token);
      expect(res.status).toBe(200);
      expect(res.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 's' });
    }
    const literal = await post({ query: '{ organisations(search: "a\\u0000b") { totalCount } }' }, JSON_TYPE, u.token);
    expect(literal.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'search', rule: 'noNul' });
    // A lone surrogate escape written into the document is refused by graphql-js's lexer itself.
    const surrogate = await post(
      { query: '{ organisations(search: "a\\ud800b") { totalCount } }' },
      JSON_TYPE,
      u.token,
    );
    expect([surrogate.status, surrogate.errors[0].extensions?.code]).toEqual([200, 'GRAPHQL_PARSE_FAILED']);
  });

  it('checks WebSocket operations the same way', async () => {
    const client = wsClient(wsUrl(s), u.token);
    const errors = await new Promise<unknown[]>((resolve) => {
      client.subscribe(
        { query: 'query($s: String) { organisations(search: $s) { totalCount } }', variables: { s: 'x\ud800' } },
        {
          next: (r) => resolve([...(r.errors ?? [])]),
          error: (e) => resolve(Array.isArray(e) ? e : [e]),
          complete: () => undefined,
        },
      );
    });
    expect(errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 's' } });
    const tooLong = await new Promise<unknown[]>((resolve) => {
      client.subscribe(
        { query: `{ ${'viewer { id } '.repeat(1400)} }` },
        {
          next: (r) => resolve([...(r.errors ?? [])]),
          error: (e) => resolve(Array.isArray(e) ? e : [e]),
          complete: () => undefined,
        },
      );
    });
    expect(tooLong[0]).toMatchObject({ extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
    await client.dispose();
  });

  it('refuses a NUL in X-File-Name, and answers 404 for a version number no version can have', async () => {
    const upload = await fetch(s.url.replace('/graphql', '/uploads'), {
      method: 'POST',
      headers: {
        authorization: `Bearer ${u.token}`,
        'x-samverka-upload': '1',
        'x-file-name': 'a%00b.txt',
        'content-type': 'text/plain',
      },
      body: 'hello',
    });
    expect(upload.status).toBe(400);
    expect(await upload.json()).toMatchObject({
      error: { code: 'BAD_USER_INPUT', field: 'X-File-Name', rule: 'noNul' },
    });
    const far = await fetch(s.url.replace('/graphql', `/documents/${randomUUID()}/versions/99999999999/content`), {
      headers: { authorization: `Bearer ${u.token}` },
    });
    expect(far.status).toBe(404);
  });
});
