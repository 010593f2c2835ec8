import { createHash, randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { Readable } from 'node:stream';
import v8 from 'node:v8';
import vm from 'node:vm';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MembershipRole, MembershipStatus } from '../server/modules/groups/membership.entity.js';
import { PASSWORD, type TestUser } from './support/factories.js';
import { startTestServer, type TestServer } from './support/server.js';
import { collect, wsClient } from './support/ws.js';
import { head as eventHead } from './support/procurement.js';

const MB = 1024 * 1024;
const LIMIT = 48 * MB;
/** The limit of the second server, for the size tests. */
const SMALL_LIMIT = 1 * MB;

const VERSION = `id number content text fileName mediaType size sha256 changeNote createdAt downloadPath
  author { id } authorOrganisation { id }`;
const DOC = `id title kind language visibility parentType currentVersion deletedAt
  group { id } need { id } organisation { id }`;
const CREATE = `mutation($input: CreateDocumentInput!) { createDocument(input: $input) { ${DOC} versions { ${VERSION} } } }`;
const DOC_Q = `query($id: ID!) { document(id: $id) { ${DOC} latestVersion { number } versions { ${VERSION} } } }`;
const ADD_TEXT = `mutation($input: AddTextVersionInput!) { addTextVersion(input: $input) { ${VERSION} } }`;
const ADD_FILE = `mutation($input: AddFileVersionInput!) { addFileVersion(input: $input) { ${VERSION} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateDocumentInput!) { updateDocument(id: $id, input: $input) { ${DOC} } }`;
const DELETE = `mutation($id: ID!) { deleteDocument(id: $id) { id deletedAt } }`;
const DIFF = `query($d: ID!, $from: Int!, $to: Int!) {
  documentDiff(documentId: $d, from: $from, to: $to) { oldStart oldLines newStart newLines lines { kind text } }
}`;
const GROUP_DOCS = `query($id: ID!) { buyerGroup(id: $id) { id documents(first: 100) { totalCount nodes { id title parentType } } } }`;
const NEED_DOCS = `query($id: ID!) { sharedNeed(id: $id) { id documents(first: 100) { totalCount nodes { id title parentType } } } }`;
const CREATE_GROUP = `mutation($input: CreateBuyerGroupInput!) { createBuyerGroup(input: $input) { id } }`;
const CREATE_NEED = `mutation($input: CreateSharedNeedInput!) { createSharedNeed(input: $input) { id } }`;
const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { token } }`;
const GROUP_EVENTS = `subscription($groupId: ID!, $after: ID) {
  groupEvents(groupId: $groupId, after: $after) { id type groupId scopeType payload }
}`;

interface Version {
  id: string;
  number: number;
  content: 'TEXT' | 'FILE';
  text: string | null;
  fileName: string | null;
  mediaType: string;
  size: number;
  sha256: string;
  changeNote: string;
  createdAt: string;
  downloadPath: string;
  author: { id: string };
  authorOrganisation: { id: string };
}

interface Doc {
  id: string;
  title: string;
  visibility: string;
  parentType: string;
  currentVersion: number;
  deletedAt: string | null;
  group: { id: string };
  need: { id: string } | null;
  organisation: { id: string };
  versions: Version[];
}

interface Upload {
  uploadId: string;
  size: number;
  sha256: string;
  mediaType: string;
  fileName: string;
}

const hex = () => randomBytes(4).toString('hex');
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const origin = (server: { url: string }) => new URL(server.url).origin;

// ---- file fixtures ----

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A real 2x2 RGB PNG. */
function png(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const rows = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(rows)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

const pdf = (words = 'Kravspesifikasjon') =>
  Buffer.from(
    `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% ${words}\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
    'latin1',
  );

const jpeg = () =>
  Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
    Buffer.from('JFIF\0', 'latin1'),
    Buffer.from([0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]),
    randomBytes(64),
    Buffer.from([0xff, 0xd9]),
  ]);

const exe = () =>
  Buffer.concat([Buffer.from('MZ', 'latin1'), Buffer.from([0x90, 0, 3, 0, 0, 0, 4, 0]), randomBytes(512)]);

/** Bytes no detector knows and that are not text (a NUL early on). */
const binary = () => Buffer.concat([Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00, 0x13]), randomBytes(2048)]);

/** A ReadableStream of `total` text bytes in 64 KB chunks made as they are pulled; `hash` sees every byte. */
function textStream(total: number, hash?: ReturnType<typeof createHash>): ReadableStream<Uint8Array> {
  let sent = 0;
  let n = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) {
        controller.close();
        return;
      }
      const size = Math.min(64 * 1024, total - sent);
      const line = `Linje ${n++} av et stort vedlegg, æøå.\n`;
      const chunk = Buffer.alloc(size, line, 'utf8');
      // Never cut a multi-byte character at the end of a chunk: pad the tail with ASCII.
      chunk.fill('.', Math.max(0, size - 8));
      chunk[size - 1] = 0x0a;
      hash?.update(chunk);
      sent += size;
      controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    },
  });
}

// ---- state ----

let s: TestServer;
let coord: TestUser;
/** Two users of one member organisation. */
let member: TestUser;
let member2: TestUser;
/** A user of a second member organisation. */
let other: TestUser;
let observer: TestUser;
let invited: TestUser;
let outsider: TestUser;
/** Formed through createBuyerGroup by `coord` (UNLISTED: invisible to outsiders). */
let groupId: string;
/** A shared need of `groupId`. */
let needId: string;
/** A need of another group (formed by `other`). */
let foreignNeedId: string;

async function formGroup(by: TestUser): Promise<string> {
  const { createBuyerGroup } = await by.client.ok(CREATE_GROUP, {
    input: { name: `Dokumentgruppe ${hex()}`, focusArea: 'TRANSPORT' },
  });
  return createBuyerGroup.id;
}

async function createNeed(by: TestUser, gid: string): Promise<string> {
  const { createSharedNeed } = await by.client.ok(CREATE_NEED, {
    input: { groupId: gid, title: `Behov ${hex()}`, problem: 'Elever trenger skyss.' },
  });
  return createSharedNeed.id;
}

const createInput = (overrides: Record<string, unknown> = {}) => ({
  groupId,
  title: `Dokument ${hex()}`,
  kind: 'REQUIREMENT_SPECIFICATION',
  language: 'nb',
  ...overrides,
});

async function createDoc(by: TestUser = member, overrides: Record<string, unknown> = {}): Promise<Doc> {
  return (await by.client.ok(CREATE, { input: createInput(overrides) })).createDocument as Doc;
}

async function readDoc(by: TestUser, id: string): Promise<Doc> {
  return (await by.client.ok(DOC_Q, { id })).document as Doc;
}

async function addText(by: TestUser, documentId: string, baseVersion: number, text: string, changeNote = '') {
  return (await by.client.ok(ADD_TEXT, { input: { documentId, baseVersion, text, changeNote } }))
    .addTextVersion as Version;
}

/** A GraphQL POST whose answer may not be JSON (e.g. a body refused before GraphQL sees it). */
async function rawGraphQL(token: string, query: string, variables: Record<string, unknown>) {
  const res = await fetch(s.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) as { data?: any; errors?: any[] } };
  } catch {
    return { status: res.status, body: { errors: [{ message: text.slice(0, 200), extensions: {} }] } };
  }
}

async function count(sql: string, params: unknown[] = [], server: TestServer = s): Promise<number> {
  const [{ n }] = await server.db.query(`SELECT count(*)::int AS n FROM ${sql}`, params);
  return n;
}

const versionRows = (documentId: string) => count('document_version WHERE document_id = $1', [documentId]);
const documentRows = () => count('document');

async function upload(
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

async function uploadOk(u: TestUser, body: Buffer, name: string, type: string): Promise<Upload> {
  const res = await upload(u.token, body, { name, type });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return res.json as Upload;
}

const download = (documentId: string, n: number, headers: Record<string, string> = {}, server: TestServer = s) =>
  fetch(`${origin(server)}/documents/${documentId}/versions/${n}/content`, { headers });

const bearer = (u: TestUser) => ({ authorization: `Bearer ${u.token}` });

/** The newest event id: subscribing `after` it cannot miss what the test does next. */
const head = () => eventHead(s);

/** V8's collector, exposed at run time (the server runs in this process, so this sees its memory too). */
function collector(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

/**
 * Samples `process.memoryUsage().arrayBuffers` every 2 ms. Node Buffers are ArrayBuffers, and V8
 * frees dead ones only when it collects, which it may put off until tens of MB of garbage have
 * piled up (measured: 30-47 MB while merely draining a 40 MB request). So a full collection runs
 * every 25 ms and the samples taken right after one give the bytes actually held (`livePeak`);
 * `rawPeak` is reported for information.
 */
async function memorySampler() {
  const gc = collector();
  // Dead buffers are released by a background sweeper shortly after a collection: settle first,
  // and take the lowest reading as the baseline (the conservative choice).
  let baseline = Infinity;
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 5));
    baseline = Math.min(baseline, process.memoryUsage().arrayBuffers);
  }
  let rawPeak = baseline;
  let livePeak = baseline;
  let lastGc = performance.now();
  let collections = 0;
  let swept = false;
  const timer = setInterval(() => {
    const raw = process.memoryUsage().arrayBuffers;
    if (raw > rawPeak) rawPeak = raw;
    // The first sample after a collection (one tick later, once the sweeper has released what died).
    if (swept && raw > livePeak) livePeak = raw;
    swept = false;
    if (performance.now() - lastGc >= 25) {
      gc();
      collections++;
      lastGc = performance.now();
      swept = true;
    }
  }, 2);
  return {
    stop() {
      clearInterval(timer);
      return { baseline, rawGrowth: rawPeak - baseline, liveGrowth: livePeak - baseline, collections };
    },
  };
}

/**
 * POSTs a ReadableStream with node:http (chunked, no Content-Length). Not fetch: undici keeps every
 * chunk of a streamed request body reachable until the request ends (nodejs/undici#4058; measured
 * here: 40 MB held while sending 40 MB to a server that only drains), which would hide the server's
 * own behaviour.
 */
function streamUpload(token: string, body: ReadableStream<Uint8Array>, name: string, type: string) {
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

beforeAll(async () => {
  s = await startTestServer({ MAX_UPLOAD_BYTES: String(LIMIT) });
  const f = s.factories;
  [coord, member, other, observer, invited, outsider] = await Promise.all([
    f.user(),
    f.user(),
    f.user(),
    f.user(),
    f.user(),
    f.user(),
  ]);
  member2 = await f.user({ organisation: member.organisation });
  groupId = await formGroup(coord);
  const g = { id: groupId } as never;
  await f.membership(g, member.organisation, MembershipRole.MEMBER, MembershipStatus.ACTIVE);
  await f.membership(g, other.organisation, MembershipRole.MEMBER, MembershipStatus.ACTIVE);
  await f.membership(g, observer.organisation, MembershipRole.OBSERVER, MembershipStatus.ACTIVE);
  await f.membership(g, invited.organisation, MembershipRole.MEMBER, MembershipStatus.INVITED);
  needId = await createNeed(member, groupId);
  foreignNeedId = await createNeed(other, await formGroup(other));
});
afterAll(() => s?.close());

describe('createDocument', () => {
  it('refuses anonymous callers, writing nothing', async () => {
    const before = await documentRows();
    expect((await s.anon.fails(CREATE, { input: createInput() })).code).toBe('UNAUTHENTICATED');
    expect((await s.anon.fails(CREATE, { input: createInput({ title: ' ' }) })).code).toBe('UNAUTHENTICATED');
    expect(await documentRows()).toBe(before);
  });

  it('is NOT_FOUND for outsiders and FORBIDDEN for observers and invited organisations, writing nothing', async () => {
    const before = await documentRows();
    expect((await outsider.client.fails(CREATE, { input: createInput() })).code).toBe('NOT_FOUND');
    expect((await outsider.client.fails(CREATE, { input: createInput({ groupId: randomUUID() }) })).code).toBe(
      'NOT_FOUND',
    );
    expect((await observer.client.fails(CREATE, { input: createInput() })).code).toBe('FORBIDDEN');
    expect((await invited.client.fails(CREATE, { input: createInput() })).code).toBe('FORBIDDEN');
    expect(await documentRows()).toBe(before);
  });

  it('creates an empty document (version 0) owned by the creator’s organisation', async () => {
    const d = await createDoc(member, { title: '  Kravspesifikasjon skoleskyss  ' });
    expect(d).toMatchObject({
      title: 'Kravspesifikasjon skoleskyss',
      kind: 'REQUIREMENT_SPECIFICATION',
      language: 'nb',
      visibility: 'GROUP',
      parentType: 'GROUP',
      currentVersion: 0,
      deletedAt: null,
      group: { id: groupId },
      need: null,
      organisation: { id: member.organisation.id },
      versions: [],
    });
    expect(await versionRows(d.id)).toBe(0);
    expect((await readDoc(member, d.id)) as unknown).toMatchObject({ latestVersion: null, currentVersion: 0 });
  });

  it('creates version 1 from the initial text, with author, organisation, size in UTF-8 bytes and sha256', async () => {
    const text = '# Behovsbeskrivelse\n\nSkyss for elever – også på øyene 🚌\n';
    const d = await createDoc(member2, { text, changeNote: ' Første utkast ', kind: 'NEED_DESCRIPTION' });
    expect(d.currentVersion).toBe(1);
    expect(d.versions).toHaveLength(1);
    expect(d.versions[0]).toMatchObject({
      number: 1,
      content: 'TEXT',
      text,
      fileName: null,
      mediaType: 'text/markdown',
      size: Buffer.byteLength(text, 'utf8'),
      sha256: sha256(Buffer.from(text, 'utf8')),
      changeNote: 'Første utkast',
      author: { id: member2.user.id },
      authorOrganisation: { id: member.organisation.id },
      downloadPath: `/documents/${d.id}/versions/1/content`,
    });
    expect(d.versions[0].size).toBeGreaterThan(text.length);
  });

  it('attaches a document to a shared need of the group', async () => {
    const d = await createDoc(other, { needId });
    expect(d).toMatchObject({ parentType: 'NEED', need: { id: needId }, group: { id: groupId } });
  });

  it.each([
    ['need of another group', () => foreignNeedId],
    ['need that does not exist', () => randomUUID()],
    ['need id that is not an id', () => 'not-a-uuid'],
  ])('refuses a %s (input.needId), writing nothing', async (_what, id) => {
    const before = await documentRows();
    const err = await member.client.fails(CREATE, { input: createInput({ needId: id() }) });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual(['BAD_USER_INPUT', 'input.needId', 'exists']);
    expect(await documentRows()).toBe(before);
  });

  it.each([
    ['blank title', { title: '   ' }, 'input.title'],
    ['title over 200 characters', { title: 'x'.repeat(201) }, 'input.title'],
    ['change note over 500 characters', { text: 'Hei', changeNote: 'x'.repeat(501) }, 'input.changeNote'],
  ])('refuses a %s', async (_what, overrides, field) => {
    const before = await documentRows();
    const err = await member.client.fails(CREATE, { input: createInput(overrides) });
    expect([err.code, err.extensions.field]).toEqual(['BAD_USER_INPUT', field]);
    expect(await documentRows()).toBe(before);
  });
});

describe('document(id) and lists', () => {
  let doc: Doc;
  beforeAll(async () => {
    doc = await createDoc(member, { text: 'Innhold' });
  });

  it('refuses anonymous callers', async () => {
    expect((await s.anon.fails(DOC_Q, { id: doc.id })).code).toBe('UNAUTHENTICATED');
  });

  it('is NOT_FOUND for outsiders, invited organisations and unknown ids', async () => {
    for (const u of [outsider, invited]) {
      expect((await u.client.fails(DOC_Q, { id: doc.id })).code).toBe('NOT_FOUND');
    }
    expect((await member.client.fails(DOC_Q, { id: randomUUID() })).code).toBe('NOT_FOUND');
    expect((await member.client.fails(DOC_Q, { id: 'not-a-uuid' })).code).toBe('NOT_FOUND');
  });

  it('is readable by every active member, observers included', async () => {
    for (const u of [coord, member, member2, other, observer]) {
      const d = await readDoc(u, doc.id);
      expect(d.id).toBe(doc.id);
      expect(d.versions.map((v) => v.text)).toEqual(['Innhold']);
    }
  });

  it('lists the group’s documents (needs’ included, recently changed first) and a need’s own', async () => {
    const gid = await formGroup(coord);
    await s.factories.membership({ id: gid } as never, member.organisation);
    await s.factories.membership({ id: gid } as never, observer.organisation, MembershipRole.OBSERVER);
    const nid = await createNeed(member, gid);
    const a = await createDoc(member, { groupId: gid, title: 'A' });
    const b = await createDoc(member, { groupId: gid, title: 'B', needId: nid });
    const c = await createDoc(coord, { groupId: gid, title: 'C' });
    // A new version moves A to the top.
    await addText(member, a.id, 0, 'Ny tekst');

    const { buyerGroup } = await observer.client.ok(GROUP_DOCS, { id: gid });
    expect(buyerGroup.documents.totalCount).toBe(3);
    expect(buyerGroup.documents.nodes).toEqual([
      { id: a.id, title: 'A', parentType: 'GROUP' },
      { id: c.id, title: 'C', parentType: 'GROUP' },
      { id: b.id, title: 'B', parentType: 'NEED' },
    ]);
    const { sharedNeed } = await member.client.ok(NEED_DOCS, { id: nid });
    expect(sharedNeed.documents).toEqual({ totalCount: 1, nodes: [{ id: b.id, title: 'B', parentType: 'NEED' }] });
    const searched = await member.client.ok(
      `query($id: ID!, $q: String) { buyerGroup(id: $id) { documents(search: $q) { totalCount nodes { id } } } }`,
      { id: gid, q: 'c' },
    );
    expect(searched.buyerGroup.documents).toEqual({ totalCount: 1, nodes: [{ id: c.id }] });

    expect((await s.anon.fails(GROUP_DOCS, { id: gid })).code).toBe('UNAUTHENTICATED');
    expect((await outsider.client.fails(GROUP_DOCS, { id: gid })).code).toBe('NOT_FOUND');
    expect((await outsider.client.fails(NEED_DOCS, { id: nid })).code).toBe('NOT_FOUND');
  });
});

describe('addTextVersion', () => {
  let doc: Doc;
  beforeAll(async () => {
    doc = await createDoc(member, { text: 'v1' });
  });

  it('refuses anonymous callers, writing nothing', async () => {
    const input = { documentId: doc.id, baseVersion: 1, text: 'x' };
    expect((await s.anon.fails(ADD_TEXT, { input })).code).toBe('UNAUTHENTICATED');
    expect(await versionRows(doc.id)).toBe(1);
  });

  it('is NOT_FOUND for outsiders, invited organisations and unknown documents, FORBIDDEN for observers', async () => {
    const input = { documentId: doc.id, baseVersion: 1, text: 'x' };
    for (const u of [outsider, invited]) expect((await u.client.fails(ADD_TEXT, { input })).code).toBe('NOT_FOUND');
    expect((await member.client.fails(ADD_TEXT, { input: { ...input, documentId: randomUUID() } })).code).toBe(
      'NOT_FOUND',
    );
    expect((await observer.client.fails(ADD_TEXT, { input })).code).toBe('FORBIDDEN');
    expect(await versionRows(doc.id)).toBe(1);
    expect((await readDoc(member, doc.id)).currentVersion).toBe(1);
  });

  it('numbers versions 1, 2, 3; each is immutable and records author, organisation, note, size and sha256', async () => {
    const d = await createDoc(member);
    const texts = ['Første utkast\n', 'Andre utkast – med æøå\n', 'Tredje 🚌 utkast\n'];
    const v1 = await addText(member, d.id, 0, texts[0], 'start');
    const v2 = await addText(other, d.id, 1, texts[1], '  retting  ');
    const v3 = await addText(member2, d.id, 2, texts[2]);
    expect([v1.number, v2.number, v3.number]).toEqual([1, 2, 3]);
    for (const [i, v] of [v1, v2, v3].entries()) {
      expect(v).toMatchObject({
        content: 'TEXT',
        text: texts[i],
        mediaType: 'text/markdown',
        size: Buffer.byteLength(texts[i], 'utf8'),
        sha256: createHash('sha256').update(texts[i], 'utf8').digest('hex'),
      });
    }
    expect(v1).toMatchObject({ author: { id: member.user.id }, authorOrganisation: { id: member.organisation.id } });
    expect(v2).toMatchObject({
      changeNote: 'retting',
      author: { id: other.user.id },
      authorOrganisation: { id: other.organisation.id },
    });
    expect(v3).toMatchObject({ changeNote: '', author: { id: member2.user.id } });
    expect(new Date(v1.createdAt).getTime()).toBeLessThanOrEqual(new Date(v3.createdAt).getTime());

    const read = await readDoc(other, d.id);
    expect(read.currentVersion).toBe(3);
    expect(read.versions).toEqual([v1, v2, v3]);
    expect((await other.client.ok(DOC_Q, { id: d.id })).document.latestVersion).toEqual({ number: 3 });
  });

  it('refuses a stale base version with CONFLICT and currentVersion, writing nothing', async () => {
    const d = await createDoc(member, { text: 'a' });
    await addText(member, d.id, 1, 'b');
    const before = await readDoc(member, d.id);
    for (const baseVersion of [0, 1, 5]) {
      const err = await other.client.fails(ADD_TEXT, { input: { documentId: d.id, baseVersion, text: 'mitt' } });
      expect(err.code).toBe('CONFLICT');
      expect(err.extensions).toMatchObject({ currentVersion: 2, field: 'input.baseVersion' });
    }
    expect(await versionRows(d.id)).toBe(2);
    expect(await readDoc(member, d.id)).toEqual(before);
  });

  it.each([2, 10])(
    'lets exactly one of %i concurrent saves on the same base win; the rest get CONFLICT and nothing is lost',
    async (n) => {
      const d = await createDoc(member, { text: 'Grunnlag\n' });
      await addText(other, d.id, 1, 'Versjon 2\n');
      const before = await readDoc(member, d.id);
      const writers = [member, other, member2, coord];
      const results = await Promise.all(
        Array.from({ length: n }, (_, i) =>
          writers[i % writers.length].client.request(ADD_TEXT, {
            input: { documentId: d.id, baseVersion: 2, text: `Samtidig endring ${i}\n` },
          }),
        ),
      );
      const winners = results.filter((r) => !r.errors && r.data?.addTextVersion);
      const losers = results.filter((r) => r.errors);
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(n - 1);
      for (const l of losers) {
        expect(l.errors![0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 3 });
      }
      const won = winners[0].data!.addTextVersion as Version;
      expect(won.number).toBe(3);

      expect(await versionRows(d.id)).toBe(3);
      const after = await readDoc(member, d.id);
      expect(after.currentVersion).toBe(3);
      // The earlier versions are exactly as they were; the winner's text is the one stored as 3.
      expect(after.versions.slice(0, 2)).toEqual(before.versions);
      expect(after.versions[2]).toEqual(won);
      // One version, one event.
      const added = await count(`event WHERE type = 'document.version_added' AND payload->>'documentId' = $1`, [d.id]);
      expect(added).toBe(3);
    },
  );

  it.each([
    ['negative base version', { baseVersion: -1 }, 'input.baseVersion'],
    ['change note over 500 characters', { changeNote: 'x'.repeat(501) }, 'input.changeNote'],
  ])('refuses a %s', async (_what, overrides, field) => {
    const err = await member.client.fails(ADD_TEXT, {
      input: { documentId: doc.id, baseVersion: 1, text: 'x', ...overrides },
    });
    expect([err.code, err.extensions.field]).toEqual(['BAD_USER_INPUT', field]);
    expect(await versionRows(doc.id)).toBe(1);
  });

  it('refuses text over 500,000 characters as BAD_USER_INPUT on input.text, writing nothing', async () => {
    const res = await rawGraphQL(member.token, ADD_TEXT, {
      input: { documentId: doc.id, baseVersion: 1, text: 'x'.repeat(500_001) },
    });
    expect(await versionRows(doc.id)).toBe(1);
    expect({ status: res.status, error: res.body.errors?.[0] }).toMatchObject({
      status: 200,
      error: { extensions: { code: 'BAD_USER_INPUT', field: 'input.text' } },
    });
  });

  it('accepts a text of exactly 500,000 characters (MAX_TEXT), non-ASCII included', async () => {
    const d = await createDoc(member);
    const text = `${'Kravtekst æøå. '.repeat(33_333)}12345`;
    expect(text.length).toBe(500_000);
    const res = await rawGraphQL(member.token, ADD_TEXT, { input: { documentId: d.id, baseVersion: 0, text } });
    expect({ status: res.status, errors: res.body.errors }).toEqual({ status: 200, errors: undefined });
    expect(res.body.data.addTextVersion).toMatchObject({
      number: 1,
      size: Buffer.byteLength(text, 'utf8'),
      sha256: sha256(Buffer.from(text, 'utf8')),
    });
    expect((await readDoc(member, d.id)).versions[0].text).toBe(text);
  });
});

describe('documentDiff', () => {
  const lines = Array.from({ length: 30 }, (_, i) => `Linje ${i + 1}`);
  const v1 = `${lines.join('\n')}\n`;
  const v2Lines = lines.map((l, i) => (i === 14 ? 'Linje 15 endret' : l));
  const v2 = `${v2Lines.join('\n')}\n`;
  const v3Lines = ['Ny første linje', 'Ny andre linje', ...v2Lines.filter((l) => l !== 'Linje 25')];
  const v3 = `${v3Lines.join('\n')}\n`;
  let doc: Doc;
  let withFile: Doc;

  beforeAll(async () => {
    doc = await createDoc(member, { text: v1 });
    await addText(member, doc.id, 1, v2);
    await addText(member, doc.id, 2, v3);
    withFile = await createDoc(member, { text: 'Tekst' });
    const up = await uploadOk(member, pdf(), 'vedlegg.pdf', 'application/pdf');
    await member.client.ok(ADD_FILE, { input: { documentId: withFile.id, baseVersion: 1, uploadId: up.uploadId } });
  });

  it('refuses anonymous callers', async () => {
    expect((await s.anon.fails(DIFF, { d: doc.id, from: 1, to: 2 })).code).toBe('UNAUTHENTICATED');
  });

  it('is NOT_FOUND for outsiders and invited organisations', async () => {
    for (const u of [outsider, invited]) {
      expect((await u.client.fails(DIFF, { d: doc.id, from: 1, to: 2 })).code).toBe('NOT_FOUND');
    }
  });

  it('shows a changed line as REMOVED then ADDED, with three lines of context on each side', async () => {
    const { documentDiff } = await observer.client.ok(DIFF, { d: doc.id, from: 1, to: 2 });
    expect(documentDiff).toEqual([
      {
        oldStart: 12,
        oldLines: 7,
        newStart: 12,
        newLines: 7,
        lines: [
          { kind: 'CONTEXT', text: 'Linje 12' },
          { kind: 'CONTEXT', text: 'Linje 13' },
          { kind: 'CONTEXT', text: 'Linje 14' },
          { kind: 'REMOVED', text: 'Linje 15' },
          { kind: 'ADDED', text: 'Linje 15 endret' },
          { kind: 'CONTEXT', text: 'Linje 16' },
          { kind: 'CONTEXT', text: 'Linje 17' },
          { kind: 'CONTEXT', text: 'Linje 18' },
        ],
      },
    ]);
  });

  it('gives separate hunks with shifted new line numbers for insertions and removals far apart', async () => {
    const { documentDiff } = await member.client.ok(DIFF, { d: doc.id, from: 2, to: 3 });
    expect(documentDiff).toEqual([
      {
        oldStart: 1,
        oldLines: 3,
        newStart: 1,
        newLines: 5,
        lines: [
          { kind: 'ADDED', text: 'Ny første linje' },
          { kind: 'ADDED', text: 'Ny andre linje' },
          { kind: 'CONTEXT', text: 'Linje 1' },
          { kind: 'CONTEXT', text: 'Linje 2' },
          { kind: 'CONTEXT', text: 'Linje 3' },
        ],
      },
      {
        oldStart: 22,
        oldLines: 7,
        newStart: 24,
        newLines: 6,
        lines: [
          { kind: 'CONTEXT', text: 'Linje 22' },
          { kind: 'CONTEXT', text: 'Linje 23' },
          { kind: 'CONTEXT', text: 'Linje 24' },
          { kind: 'REMOVED', text: 'Linje 25' },
          { kind: 'CONTEXT', text: 'Linje 26' },
          { kind: 'CONTEXT', text: 'Linje 27' },
          { kind: 'CONTEXT', text: 'Linje 28' },
        ],
      },
    ]);
  });

  it('is empty between a version and itself, and works backwards', async () => {
    expect((await member.client.ok(DIFF, { d: doc.id, from: 2, to: 2 })).documentDiff).toEqual([]);
    const back = (await member.client.ok(DIFF, { d: doc.id, from: 2, to: 1 })).documentDiff;
    expect(back[0].lines.filter((l: { kind: string }) => l.kind !== 'CONTEXT')).toEqual([
      { kind: 'REMOVED', text: 'Linje 15 endret' },
      { kind: 'ADDED', text: 'Linje 15' },
    ]);
  });

  it('refuses to compare a file version (BAD_USER_INPUT naming the argument)', async () => {
    const to = await member.client.fails(DIFF, { d: withFile.id, from: 1, to: 2 });
    expect([to.code, to.extensions.field, to.extensions.rule]).toEqual(['BAD_USER_INPUT', 'to', 'textVersion']);
    const from = await member.client.fails(DIFF, { d: withFile.id, from: 2, to: 1 });
    expect([from.code, from.extensions.field]).toEqual(['BAD_USER_INPUT', 'from']);
  });

  it('is NOT_FOUND for a version that does not exist', async () => {
    expect((await member.client.fails(DIFF, { d: doc.id, from: 1, to: 4 })).code).toBe('NOT_FOUND');
    expect((await member.client.fails(DIFF, { d: doc.id, from: 0, to: 1 })).code).toBe('NOT_FOUND');
    expect((await member.client.fails(DIFF, { d: randomUUID(), from: 1, to: 2 })).code).toBe('NOT_FOUND');
  });
});

describe('POST /uploads', () => {
  let small: TestServer;
  let smallUser: TestUser;
  beforeAll(async () => {
    small = await startTestServer({ MAX_UPLOAD_BYTES: String(SMALL_LIMIT) });
    smallUser = await small.factories.user();
  });
  afterAll(() => small?.close());

  const blobRows = (server: TestServer = s) => count('file_blob', [], server);
  const chunkRows = (server: TestServer = s) => count('file_chunk', [], server);

  it('refuses anonymous callers with 401, storing nothing', async () => {
    const before = await blobRows();
    const res = await upload(null, pdf(), { name: 'a.pdf', type: 'application/pdf' });
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe('UNAUTHENTICATED');
    const forged = await upload(`${member.token}x`, pdf(), { name: 'a.pdf', type: 'application/pdf' });
    expect(forged.status).toBe(401);
    expect(await blobRows()).toBe(before);
  });

  it('refuses an upload without the X-Samverka-Upload header with 400 (CSRF protection)', async () => {
    const before = await blobRows();
    const res = await fetch(`${origin(s)}/uploads`, {
      method: 'POST',
      headers: { ...bearer(member), 'content-type': 'application/pdf', 'x-file-name': 'a.pdf' },
      body: pdf(),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.code).toBe('BAD_USER_INPUT');
    expect(await blobRows()).toBe(before);
  });

  it.each([
    ['a PDF', () => pdf(), 'Anbud.pdf', 'application/pdf', 'application/pdf'],
    ['a PNG', () => png(), 'kart.png', 'image/png', 'image/png'],
    ['a JPEG', () => jpeg(), 'foto.jpg', 'image/jpeg', 'image/jpeg'],
    ['a JPEG sent as octet-stream', () => jpeg(), 'foto.jpeg', 'application/octet-stream', 'image/jpeg'],
    [
      'UTF-8 plain text',
      () => Buffer.from('Referat fra markedsdialog – Tromsø\nÆ Ø Å\n', 'utf8'),
      'referat.txt',
      'text/plain; charset=utf-8',
      'text/plain',
    ],
  ])(
    'accepts %s with the type detected from its bytes, size and sha256',
    async (_what, bytes, name, type, detected) => {
      const body = bytes();
      const res = await upload(member.token, body, { name, type });
      expect(res.status, JSON.stringify(res.json)).toBe(201);
      expect(res.json).toMatchObject({ size: body.length, sha256: sha256(body), mediaType: detected, fileName: name });
      const [row] = await s.db.query(
        `SELECT status, size::int AS size, sha256, media_type FROM file_blob WHERE id = $1`,
        [res.json.uploadId],
      );
      expect(row).toEqual({ status: 'READY', size: body.length, sha256: sha256(body), media_type: detected });
    },
  );

  it.each([
    ['an EXE', () => exe(), 'setup.exe', 'application/octet-stream', 'fileType'],
    ['an EXE named like a PDF', () => exe(), 'faktura.pdf', 'application/pdf', 'fileType'],
    ['random binary', () => binary(), 'data.bin', 'application/octet-stream', 'fileType'],
    ['PNG bytes sent as application/pdf', () => png(), 'kart.png', 'application/pdf', 'typeMismatch'],
    ['PNG bytes named report.pdf', () => png(), 'report.pdf', 'image/png', 'typeMismatch'],
    [
      'PNG bytes named report.pdf, sent as octet-stream',
      () => png(),
      'report.pdf',
      'application/octet-stream',
      'typeMismatch',
    ],
  ])('refuses %s with 415 naming the rule, storing nothing', async (_what, bytes, name, type, rule) => {
    const [blobs, chunks] = [await blobRows(), await chunkRows()];
    const res = await upload(member.token, bytes(), { name, type });
    expect(res.status).toBe(415);
    expect(res.json.error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'file', rule });
    expect([await blobRows(), await chunkRows()]).toEqual([blobs, chunks]);
  });

  it('refuses an empty body with 400', async () => {
    const before = await blobRows();
    const res = await upload(member.token, Buffer.alloc(0), { name: 'tom.txt', type: 'text/plain' });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'notEmpty' });
    expect(await blobRows()).toBe(before);
  });

  it('accepts a file of exactly the limit', async () => {
    const body = Buffer.alloc(SMALL_LIMIT, 'Akkurat nok.\n');
    const res = await upload(smallUser.token, body, { name: 'grense.txt', type: 'text/plain', server: small });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(res.json).toMatchObject({ size: SMALL_LIMIT, sha256: sha256(body) });
  });

  it('refuses a file over the limit with a declared Content-Length with 413, storing nothing', async () => {
    const [blobs, chunks] = [await blobRows(small), await chunkRows(small)];
    const res = await upload(smallUser.token, Buffer.alloc(SMALL_LIMIT + 1, 'For mye.\n'), {
      name: 'stor.txt',
      type: 'text/plain',
      server: small,
    });
    expect(res.status).toBe(413);
    expect(res.json.error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'file', rule: 'maxSize' });
    expect([await blobRows(small), await chunkRows(small)]).toEqual([blobs, chunks]);
  });

  it('refuses files over the limit streamed without Content-Length with 413, storing nothing, and keeps serving the connection', async () => {
    const [blobs, chunks] = [await blobRows(small), await chunkRows(small)];
    const failed = (err: Error) => ({ status: 0, json: { error: `${err.message}: ${String(err.cause)}` } });
    const attempt = () =>
      upload(smallUser.token, textStream(3 * SMALL_LIMIT), {
        name: 'strøm.txt',
        type: 'text/plain',
        server: small,
      }).catch(failed);
    // Twice in a row, then a small file: the client reuses its keep-alive connection each time.
    const first = await attempt();
    const second = await attempt();
    expect([await blobRows(small), await chunkRows(small)]).toEqual([blobs, chunks]);
    const after = await upload(smallUser.token, Buffer.from('Hei\n'), {
      name: 'a.txt',
      type: 'text/plain',
      server: small,
    }).catch(failed);
    expect([first, second, after].map((r) => [r.status, r.json.error?.rule ?? r.json.error ?? 'ok'])).toEqual([
      [413, 'maxSize'],
      [413, 'maxSize'],
      [201, 'ok'],
    ]);
  });
});

describe('addFileVersion', () => {
  it('attaches the caller’s upload as the next version, with its name, type, size and sha256', async () => {
    const d = await createDoc(member, { text: 'Tekst først' });
    const body = pdf('Vedlegg');
    const up = await uploadOk(member2, body, 'Avtale.pdf', 'application/pdf');
    const { addFileVersion } = await member2.client.ok(ADD_FILE, {
      input: { documentId: d.id, baseVersion: 1, uploadId: up.uploadId, changeNote: 'Signert' },
    });
    expect(addFileVersion).toMatchObject({
      number: 2,
      content: 'FILE',
      text: null,
      fileName: 'Avtale.pdf',
      mediaType: 'application/pdf',
      size: body.length,
      sha256: sha256(body),
      changeNote: 'Signert',
      author: { id: member2.user.id },
      authorOrganisation: { id: member.organisation.id },
    });
  });

  it('refuses anonymous callers, outsiders (NOT_FOUND) and observers (FORBIDDEN)', async () => {
    const d = await createDoc(member);
    const up = await uploadOk(observer, png(), 'kart.png', 'image/png');
    const input = { documentId: d.id, baseVersion: 0, uploadId: up.uploadId };
    expect((await s.anon.fails(ADD_FILE, { input })).code).toBe('UNAUTHENTICATED');
    const mine = await uploadOk(outsider, png(), 'kart.png', 'image/png');
    expect((await outsider.client.fails(ADD_FILE, { input: { ...input, uploadId: mine.uploadId } })).code).toBe(
      'NOT_FOUND',
    );
    expect((await observer.client.fails(ADD_FILE, { input })).code).toBe('FORBIDDEN');
    expect(await versionRows(d.id)).toBe(0);
  });

  it('refuses someone else’s upload, an unknown one and a stale base version', async () => {
    const d = await createDoc(member);
    const theirs = await uploadOk(other, png(), 'kart.png', 'image/png');
    for (const uploadId of [theirs.uploadId, randomUUID(), 'not-a-uuid']) {
      const err = await member.client.fails(ADD_FILE, { input: { documentId: d.id, baseVersion: 0, uploadId } });
      expect([err.code, err.extensions.field, err.extensions.rule]).toEqual([
        'BAD_USER_INPUT',
        'input.uploadId',
        'exists',
      ]);
    }
    const mine = await uploadOk(member, png(), 'kart.png', 'image/png');
    const stale = await member.client.fails(ADD_FILE, {
      input: { documentId: d.id, baseVersion: 3, uploadId: mine.uploadId },
    });
    expect(stale.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 0 });
    expect(await versionRows(d.id)).toBe(0);
  });

  it('refuses an upload that is already attached to a version', async () => {
    const d = await createDoc(member);
    const up = await uploadOk(member, png(), 'kart.png', 'image/png');
    await member.client.ok(ADD_FILE, { input: { documentId: d.id, baseVersion: 0, uploadId: up.uploadId } });
    const again = await member.client.fails(ADD_FILE, {
      input: { documentId: d.id, baseVersion: 1, uploadId: up.uploadId },
    });
    expect([again.code, again.extensions.field, again.extensions.rule]).toEqual([
      'BAD_USER_INPUT',
      'input.uploadId',
      'unused',
    ]);
    const elsewhere = await createDoc(member);
    const other2 = await member.client.fails(ADD_FILE, {
      input: { documentId: elsewhere.id, baseVersion: 0, uploadId: up.uploadId },
    });
    expect([other2.code, other2.extensions.rule]).toEqual(['BAD_USER_INPUT', 'unused']);
    expect(await versionRows(d.id)).toBe(1);
    expect(await versionRows(elsewhere.id)).toBe(0);
  });

  it('attaches one upload to one version only, even when it is attached to several documents at once', async () => {
    const docs = await Promise.all(Array.from({ length: 5 }, () => createDoc(member)));
    const up = await uploadOk(member, png(), 'kart.png', 'image/png');
    const results = await Promise.all(
      docs.map((d) =>
        member.client.request(ADD_FILE, { input: { documentId: d.id, baseVersion: 0, uploadId: up.uploadId } }),
      ),
    );
    const attached = await count('document_version WHERE blob_id = $1', [up.uploadId]);
    expect(attached).toBe(1);
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    for (const r of results.filter((x) => x.errors)) {
      expect(r.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.uploadId' });
    }
  });
});

describe('a large upload', () => {
  it('streams ~40 MB without Content-Length into a 48 MB limit without holding it in memory', async () => {
    const total = 40 * MB;
    const hash = createHash('sha256');
    const d = await createDoc(member);
    const sampler = await memorySampler();
    let mem: ReturnType<typeof sampler.stop>;
    let res: { status: number; json: any };
    try {
      res = await streamUpload(member.token, textStream(total, hash), 'stort-vedlegg.txt', 'text/plain');
    } finally {
      mem = sampler.stop();
    }
    const digest = hash.digest('hex');
    console.log(
      `large upload of ${total / MB} MB: arrayBuffers held at most ${(mem.liveGrowth / MB).toFixed(1)} MB above the baseline ` +
        `(${mem.collections} collections); uncollected peak ${(mem.rawGrowth / MB).toFixed(1)} MB`,
    );
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(res.json).toMatchObject({ size: total, sha256: digest, mediaType: 'text/plain' });
    expect(mem.collections).toBeGreaterThan(5);
    expect(mem.liveGrowth).toBeLessThan(16 * MB);
    const [stored] = await s.db.query(
      `SELECT coalesce(sum(length(data)), 0)::bigint AS bytes FROM file_chunk WHERE blob_id = $1`,
      [res.json.uploadId],
    );
    expect(Number(stored.bytes)).toBe(total);

    const { addFileVersion } = await member.client.ok(ADD_FILE, {
      input: { documentId: d.id, baseVersion: 0, uploadId: res.json.uploadId },
    });
    expect(addFileVersion).toMatchObject({ size: total, sha256: digest, mediaType: 'text/plain' });

    // And it comes back byte for byte.
    const got = await download(d.id, 1, bearer(member));
    expect(got.status).toBe(200);
    expect(got.headers.get('content-length')).toBe(String(total));
    const back = createHash('sha256');
    let bytes = 0;
    for await (const chunk of got.body as unknown as AsyncIterable<Uint8Array>) {
      back.update(chunk);
      bytes += chunk.length;
    }
    expect(bytes).toBe(total);
    expect(back.digest('hex')).toBe(digest);
  }, 180_000);
});

describe('GET /documents/:id/versions/:n/content', () => {
  const nonAscii = 'Kravspesifikasjon – skoleskyss.pdf';
  const markdown = '# Referat\n\nMøte i Tromsø – «viktig»\n';
  const pdfBytes = pdf('Nedlasting');
  const pngBytes = png();
  let doc: Doc;

  beforeAll(async () => {
    doc = await createDoc(member, { title: 'Møtereferat', text: markdown });
    const a = await uploadOk(member, pdfBytes, nonAscii, 'application/pdf');
    await member.client.ok(ADD_FILE, { input: { documentId: doc.id, baseVersion: 1, uploadId: a.uploadId } });
    const b = await uploadOk(member, pngBytes, 'kart.png', 'image/png');
    await member.client.ok(ADD_FILE, { input: { documentId: doc.id, baseVersion: 2, uploadId: b.uploadId } });
  });

  it('refuses anonymous callers with 401', async () => {
    const res = await download(doc.id, 1);
    expect(res.status).toBe(401);
    expect(((await res.json()) as any).error.code).toBe('UNAUTHENTICATED');
  });

  it('is 404 for outsiders, invited organisations, unknown documents and versions', async () => {
    for (const u of [outsider, invited]) expect((await download(doc.id, 1, bearer(u))).status).toBe(404);
    expect((await download(randomUUID(), 1, bearer(member))).status).toBe(404);
    expect((await download('not-a-uuid', 1, bearer(member))).status).toBe(404);
    expect((await download(doc.id, 9, bearer(member))).status).toBe(404);
    expect((await download(doc.id, 0, bearer(member))).status).toBe(404);
  });

  it('gives a text version as markdown, exact bytes, as an attachment named after the title', async () => {
    const res = await download(doc.id, 1, bearer(observer));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength(markdown, 'utf8')));
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(markdown, 'utf8'))).toBe(true);
    const cd = res.headers.get('content-disposition')!;
    expect(cd).toMatch(/^attachment;/);
    expect(decodeURIComponent(/filename\*=UTF-8''([^;]+)/i.exec(cd)![1])).toBe('Møtereferat.md');
  });

  it('gives a file version with its detected type, exact bytes and its non-ASCII name (filename*)', async () => {
    const res = await download(doc.id, 2, bearer(other));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await res.arrayBuffer()).equals(pdfBytes)).toBe(true);
    const cd = res.headers.get('content-disposition')!;
    expect(cd).toMatch(/^attachment;/);
    // An ASCII fallback for old clients, and the exact name in RFC 5987 form.
    expect(cd).toMatch(/filename="[\x20-\x7e]+"/);
    expect(decodeURIComponent(/filename\*=UTF-8''([^;\s]+)/.exec(cd)![1])).toBe(nonAscii);

    const img = await download(doc.id, 3, bearer(member));
    expect(img.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await img.arrayBuffer()).equals(pngBytes)).toBe(true);
  });

  it('percent-encodes everything RFC 8187 does not allow in filename* (apostrophe, parentheses)', async () => {
    const name = "Avtale (signert) – O'Neil.pdf";
    const d = await createDoc(member);
    const up = await uploadOk(member, pdf(), name, 'application/pdf');
    await member.client.ok(ADD_FILE, { input: { documentId: d.id, baseVersion: 0, uploadId: up.uploadId } });
    const cd = (await download(d.id, 1, bearer(member))).headers.get('content-disposition')!;
    const value = /filename\*=UTF-8''([^;\s]+)/.exec(cd)![1];
    expect(decodeURIComponent(value)).toBe(name);
    // attr-char (RFC 8187 3.2.1) or %XX; an unencoded ' would end the charset'language' prefix early.
    expect(value).toMatch(/^(?:[A-Za-z0-9!#$&+\-.^_`|~]|%[0-9A-F]{2})+$/);
  });

  it('accepts the session cookie as well as the bearer token', async () => {
    const res = await s.anon.request(SIGN_IN, { input: { email: member2.user.email, password: PASSWORD } });
    const cookie = res.headers.get('set-cookie')!.split(';')[0];
    const got = await download(doc.id, 2, { cookie });
    expect(got.status).toBe(200);
    expect(Buffer.from(await got.arrayBuffer()).equals(pdfBytes)).toBe(true);
    // Uploads too (with the CSRF header).
    const up = await upload(null, png(), { name: 'kart.png', type: 'image/png', headers: { cookie } });
    expect(up.status).toBe(201);
  });
});

describe('updateDocument', () => {
  let doc: Doc;
  beforeAll(async () => {
    doc = await createDoc(member, { title: 'Utkast' });
  });

  it('refuses anonymous callers', async () => {
    expect((await s.anon.fails(UPDATE, { id: doc.id, input: { title: 'Nytt' } })).code).toBe('UNAUTHENTICATED');
  });

  it('refuses outsiders (NOT_FOUND), observers and other member organisations (FORBIDDEN), changing nothing', async () => {
    const input = { title: 'Kapret' };
    for (const u of [outsider, invited]) {
      expect((await u.client.fails(UPDATE, { id: doc.id, input })).code).toBe('NOT_FOUND');
    }
    expect((await observer.client.fails(UPDATE, { id: doc.id, input })).code).toBe('FORBIDDEN');
    expect((await other.client.fails(UPDATE, { id: doc.id, input })).code).toBe('FORBIDDEN');
    // Publishing to suppliers is the coordinators' decision, even for the owning organisation.
    expect((await member.client.fails(UPDATE, { id: doc.id, input: { visibility: 'PUBLISHED' } })).code).toBe(
      'FORBIDDEN',
    );
    expect(await readDoc(member, doc.id)).toMatchObject({ title: 'Utkast', visibility: 'GROUP' });
  });

  it('lets the owning organisation rename and re-kind it, and a coordinator rename and publish it', async () => {
    const { updateDocument } = await member2.client.ok(UPDATE, {
      id: doc.id,
      input: { title: '  Kravspesifikasjon v2  ', kind: 'CONTRACT' },
    });
    expect(updateDocument).toMatchObject({ title: 'Kravspesifikasjon v2', kind: 'CONTRACT', visibility: 'GROUP' });
    const published = (
      await coord.client.ok(UPDATE, { id: doc.id, input: { title: 'Endelig', visibility: 'PUBLISHED' } })
    ).updateDocument;
    expect(published).toMatchObject({
      title: 'Endelig',
      visibility: 'PUBLISHED',
      organisation: { id: member.organisation.id },
    });
    expect(await readDoc(other, doc.id)).toMatchObject({ title: 'Endelig', visibility: 'PUBLISHED' });
  });

  it.each([
    ['blank title', { title: '  ' }],
    ['title over 200 characters', { title: 'x'.repeat(201) }],
  ])('refuses a %s (input.title)', async (_what, input) => {
    const before = await readDoc(member, doc.id);
    const err = await member.client.fails(UPDATE, { id: doc.id, input });
    expect([err.code, err.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.title']);
    expect((await readDoc(member, doc.id)).title).toBe(before.title);
  });
});

describe('deleteDocument', () => {
  it('refuses anonymous callers, outsiders (NOT_FOUND), observers and other organisations (FORBIDDEN)', async () => {
    const d = await createDoc(member, { text: 'behold' });
    expect((await s.anon.fails(DELETE, { id: d.id })).code).toBe('UNAUTHENTICATED');
    expect((await outsider.client.fails(DELETE, { id: d.id })).code).toBe('NOT_FOUND');
    expect((await observer.client.fails(DELETE, { id: d.id })).code).toBe('FORBIDDEN');
    expect((await other.client.fails(DELETE, { id: d.id })).code).toBe('FORBIDDEN');
    expect((await readDoc(member, d.id)).deletedAt).toBeNull();
  });

  it('hides the document from reads, lists, downloads and writes, keeping its versions for the audit trail', async () => {
    const d = await createDoc(member, { text: 'Versjon 1', needId });
    await addText(member, d.id, 1, 'Versjon 2');
    const { deleteDocument } = await member2.client.ok(DELETE, { id: d.id });
    expect(deleteDocument.id).toBe(d.id);
    expect(deleteDocument.deletedAt).not.toBeNull();

    expect((await member.client.fails(DOC_Q, { id: d.id })).code).toBe('NOT_FOUND');
    const { buyerGroup } = await member.client.ok(GROUP_DOCS, { id: groupId });
    expect(buyerGroup.documents.nodes.map((n: { id: string }) => n.id)).not.toContain(d.id);
    const { sharedNeed } = await member.client.ok(NEED_DOCS, { id: needId });
    expect(sharedNeed.documents.nodes.map((n: { id: string }) => n.id)).not.toContain(d.id);
    expect((await download(d.id, 1, bearer(member))).status).toBe(404);
    expect((await member.client.fails(ADD_TEXT, { input: { documentId: d.id, baseVersion: 2, text: 'x' } })).code).toBe(
      'NOT_FOUND',
    );
    expect((await member.client.fails(DIFF, { d: d.id, from: 1, to: 2 })).code).toBe('NOT_FOUND');
    expect((await member.client.fails(UPDATE, { id: d.id, input: { title: 'Tilbake' } })).code).toBe('NOT_FOUND');
    expect((await coord.client.fails(DELETE, { id: d.id })).code).toBe('NOT_FOUND');

    const rows = await s.db.query(`SELECT number, text FROM document_version WHERE document_id = $1 ORDER BY number`, [
      d.id,
    ]);
    expect(rows).toEqual([
      { number: 1, text: 'Versjon 1' },
      { number: 2, text: 'Versjon 2' },
    ]);
  });

  it('lets a coordinator delete another organisation’s document', async () => {
    const d = await createDoc(other);
    expect((await coord.client.ok(DELETE, { id: d.id })).deleteDocument.deletedAt).not.toBeNull();
  });
});

describe('archived groups', () => {
  it('keep their documents readable but refuse every change with INVALID_STATE', async () => {
    const gid = await formGroup(coord);
    await s.factories.membership({ id: gid } as never, member.organisation);
    const d = await createDoc(member, { groupId: gid, text: 'Arkivert tekst' });
    await coord.client.ok(`mutation($id: ID!) { updateBuyerGroup(id: $id, input: { status: ARCHIVED }) { id } }`, {
      id: gid,
    });
    const up = await uploadOk(member, png(), 'kart.png', 'image/png');
    const refusals = [
      await member.client.fails(CREATE, { input: createInput({ groupId: gid }) }),
      await member.client.fails(ADD_TEXT, { input: { documentId: d.id, baseVersion: 1, text: 'Ny' } }),
      await member.client.fails(ADD_FILE, { input: { documentId: d.id, baseVersion: 1, uploadId: up.uploadId } }),
      await member.client.fails(UPDATE, { id: d.id, input: { title: 'Nytt' } }),
      await member.client.fails(DELETE, { id: d.id }),
    ];
    expect(refusals.map((r) => r.code)).toEqual(Array(5).fill('INVALID_STATE'));
    expect(await readDoc(member, d.id)).toMatchObject({ title: d.title, currentVersion: 1, deletedAt: null });
    const got = await download(d.id, 1, bearer(member));
    expect([got.status, await got.text()]).toEqual([200, 'Arkivert tekst']);
  });
});

describe('live events', () => {
  it('a subscriber on another instance sees created, version_added, renamed, visibility_changed, deleted in order', async () => {
    const b = await s.startInstance();
    const onB = wsClient(b.wsUrl, other.token);
    const sub = collect(onB, GROUP_EVENTS, { groupId, after: await head() });
    const d = await createDoc(coord, { text: 'Første' });
    await coord.client.ok(UPDATE, { id: d.id, input: { title: 'Nytt navn' } });
    await coord.client.ok(UPDATE, { id: d.id, input: { visibility: 'PUBLISHED' } });
    await coord.client.ok(DELETE, { id: d.id });
    const mine = (x: { items: any[] }) => x.items.filter((e) => e.payload?.documentId === d.id);
    await sub.until((x) => mine(x).length >= 5);
    expect(sub.errors).toEqual([]);
    expect(mine(sub).map((e) => e.type)).toEqual([
      'document.created',
      'document.version_added',
      'document.renamed',
      'document.visibility_changed',
      'document.deleted',
    ]);
    expect(mine(sub).map((e) => e.payload)).toEqual([
      { documentId: d.id, title: d.title },
      { documentId: d.id, number: 1, content: 'TEXT' },
      { documentId: d.id, title: 'Nytt navn' },
      { documentId: d.id, visibility: 'PUBLISHED', publishedVersion: 1 },
      { documentId: d.id },
    ]);
    expect(mine(sub).every((e) => e.groupId === groupId && e.scopeType === 'group')).toBe(true);
    const ids = sub.items.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    await onB.dispose();
  });

  it('events of a need’s documents reach the group’s subscribers, scoped to the need', async () => {
    const b = await s.startInstance();
    const onB = wsClient(b.wsUrl, observer.token);
    const sub = collect(onB, GROUP_EVENTS, { groupId, after: await head() });
    const d = await createDoc(member, { needId });
    await addText(member, d.id, 0, 'Tekst');
    const mine = (x: { items: any[] }) => x.items.filter((e) => e.payload?.documentId === d.id);
    await sub.until((x) => mine(x).length >= 2);
    expect(mine(sub).map((e) => [e.type, e.scopeType])).toEqual([
      ['document.created', 'need'],
      ['document.version_added', 'need'],
    ]);
    await onB.dispose();
  });
});
