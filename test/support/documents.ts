import http from 'node:http';
import { Readable } from 'node:stream';
import { expect } from 'vitest';
import { groupId, member, other, useCast } from './cast.js';
import type { TestUser } from './factories.js';
import { MB } from './files.js';
import { queryText, type InputOf, type Operation, type ResultOf } from './graphql.js';
import { hex, origin, rows } from './helpers.js';
import { ADD_TEXT, CREATE_DOC, CREATE_GROUP, DOC_Q, VERSION } from './operations.js';
import { s, type TestServer } from './server.js';
import { need } from './world.js';

/**
 * What the document test files (documents, document-files) share: the cast's group
 * (test/support/cast.ts) with a need, uploads and downloads.
 */

export const LIMIT = 48 * MB;
/** The limit of the second server, for the size tests. */
export const SMALL_LIMIT = 1 * MB;

// ---- types ----

export type Doc = ResultOf<typeof CREATE_DOC>['createDocument'];
export type Version = ResultOf<typeof VERSION>;

export interface Upload {
  uploadId: string;
  size: number;
  sha256: string;
  mediaType: string;
  fileName: string;
}

// ---- the file's group ----

/** A shared need of the cast's group. */
export let needId: string;
/** A need of another group (formed by `other`). */
export let foreignNeedId: string;

/**
 * Starts the file's server (uploads up to LIMIT) with the cast (test/support/cast.ts) in a group
 * formed through createBuyerGroup (UNLISTED: invisible to outsiders), and the two needs.
 */
export function useDocumentsGroup() {
  useCast({
    env: { MAX_UPLOAD_BYTES: String(LIMIT) },
    group: (_s, coord) => formGroup(coord),
    then: async () => {
      needId = await createNeed(member, groupId);
      foreignNeedId = await createNeed(other, await formGroup(other));
    },
  });
}

// ---- helpers ----

export async function formGroup(by: TestUser): Promise<string> {
  const { createBuyerGroup } = await by.client.ok(CREATE_GROUP, {
    input: { name: `Dokumentgruppe ${hex(4)}`, focusArea: 'TRANSPORT' },
  });
  return createBuyerGroup.id;
}

export const createNeed = async (by: TestUser, gid: string): Promise<string> =>
  (await need(by, gid, { title: `Behov ${hex(4)}` })).id;

/** A document of the group as a member would create it; overrides may be anything, for refusals. */
export const createInput = (overrides: Record<string, unknown> = {}) => ({
  groupId,
  title: `Dokument ${hex(4)}`,
  kind: 'REQUIREMENT_SPECIFICATION' as const,
  language: 'nb' as const,
  ...overrides,
});

export async function createDoc(
  by: TestUser = member,
  overrides: Partial<InputOf<typeof CREATE_DOC>> = {},
): Promise<Doc> {
  return (await by.client.ok(CREATE_DOC, { input: { ...createInput(), ...overrides } })).createDocument;
}

export async function readDoc(by: TestUser, id: string) {
  return (await by.client.ok(DOC_Q, { id })).document;
}

export async function addText(by: TestUser, documentId: string, baseVersion: number, text: string, changeNote = '') {
  return (await by.client.ok(ADD_TEXT, { input: { documentId, baseVersion, text, changeNote } })).addTextVersion;
}

/** A GraphQL POST whose answer may not be JSON (e.g. a body refused before GraphQL sees it). */
export async function rawGraphQL(token: string, query: Operation, variables: Record<string, unknown>) {
  const res = await fetch(s.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: queryText(query), variables }),
  });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) as { data?: any; errors?: any[] } };
  } catch {
    return { status: res.status, body: { errors: [{ message: text.slice(0, 200), extensions: {} }] } };
  }
}

export const versionRows = (documentId: string) => rows(s, 'document_version WHERE document_id = $1', [documentId]);
export const documentRows = () => rows(s, 'document');

export async function upload(
  token: string | null,
  body: Buffer | ReadableStream<Uint8Array> | null,
  o: { name?: string; type?: string; headers?: Record<string, string>; server?: TestServer } = {},
) {
  const res = await fetch(`${origin(o.server ?? s)}/uploads`, {
    method: 'POST',
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      'x-samverka-upload': '1',
      ...(o.name !== undefined ? { 'x-file-name': encodeURIComponent(o.name) } : {}),
      ...(o.type ? { 'content-type': o.type } : {}),
      ...o.headers,
    },
    body,
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json };
}

export async function uploadOk(u: TestUser, body: Buffer, name: string, type: string): Promise<Upload> {
  const res = await upload(u.token, body, { name, type });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return res.json as Upload;
}

export const download = (documentId: string, n: number, headers: Record<string, string> = {}, server: TestServer = s) =>
  fetch(`${origin(server)}/documents/${documentId}/versions/${n}/content`, { headers });

/**
 * POSTs a ReadableStream with node:http (chunked, no Content-Length). Not fetch: undici keeps every
 * chunk of a streamed request body reachable until the request ends (nodejs/undici#4058; measured
 * here: 40 MB held while sending 40 MB to a server that only drains), which would hide the server's
 * own behaviour.
 */
export function streamUpload(token: string, body: ReadableStream<Uint8Array>, name: string, type: string) {
  const url = new URL(`${origin(s)}/uploads`);
  return new Promise<{ status: number; json: any }>((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'x-samverka-upload': '1',
          'x-file-name': encodeURIComponent(name),
          'content-type': type,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, json: JSON.parse(text) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    Readable.fromWeb(body as never).pipe(req);
  });
}
