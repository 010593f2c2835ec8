import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invited, member, member2, observer, other, outsider } from './support/cast.js';
import * as docs from './support/documents.js';
import { type Doc } from './support/documents.js';
import { PASSWORD, SIGN_IN, type TestUser } from './support/factories.js';
import { binary, exe, jpeg, MB, memorySampler, pdf, png, sha256, textStream } from './support/files.js';
import { bearer, origin, rows } from './support/helpers.js';
import * as op from './support/operations.js';
import { s, startTestServer, type TestServer } from './support/server.js';

docs.useDocumentsGroup();

describe('POST /uploads', () => {
  let small: TestServer;
  let smallUser: TestUser;
  beforeAll(async () => {
    small = await startTestServer({ MAX_UPLOAD_BYTES: String(docs.SMALL_LIMIT) });
    smallUser = await small.factories.user();
  });
  afterAll(() => small?.close());

  const blobRows = (server: TestServer = s) => rows(server, 'file_blob');
  const chunkRows = (server: TestServer = s) => rows(server, 'file_chunk');

  it('refuses anonymous callers with 401, storing nothing', async () => {
    const before = await blobRows();
    const res = await docs.upload(null, pdf(), { name: 'a.pdf', type: 'application/pdf' });
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe('UNAUTHENTICATED');
    const forged = await docs.upload(`${member.token}x`, pdf(), { name: 'a.pdf', type: 'application/pdf' });
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
      const res = await docs.upload(member.token, body, { name, type });
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
    const res = await docs.upload(member.token, bytes(), { name, type });
    expect(res.status).toBe(415);
    expect(res.json.error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'file', rule });
    expect([await blobRows(), await chunkRows()]).toEqual([blobs, chunks]);
  });

  it('refuses an empty body with 400', async () => {
    const before = await blobRows();
    const res = await docs.upload(member.token, Buffer.alloc(0), { name: 'tom.txt', type: 'text/plain' });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'notEmpty' });
    expect(await blobRows()).toBe(before);
  });

  it('accepts a file of exactly the limit', async () => {
    const body = Buffer.alloc(docs.SMALL_LIMIT, 'Akkurat nok.\n');
    const res = await docs.upload(smallUser.token, body, { name: 'grense.txt', type: 'text/plain', server: small });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(res.json).toMatchObject({ size: docs.SMALL_LIMIT, sha256: sha256(body) });
  });

  it('refuses a file over the limit with a declared Content-Length with 413, storing nothing', async () => {
    const [blobs, chunks] = [await blobRows(small), await chunkRows(small)];
    const res = await docs.upload(smallUser.token, Buffer.alloc(docs.SMALL_LIMIT + 1, 'For mye.\n'), {
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
      docs
        .upload(smallUser.token, textStream(3 * docs.SMALL_LIMIT), {
          name: 'strøm.txt',
          type: 'text/plain',
          server: small,
        })
        .catch(failed);
    // Twice in a row, then a small file: the client reuses its keep-alive connection each time.
    const first = await attempt();
    const second = await attempt();
    expect([await blobRows(small), await chunkRows(small)]).toEqual([blobs, chunks]);
    const after = await docs
      .upload(smallUser.token, Buffer.from('Hei\n'), {
        name: 'a.txt',
        type: 'text/plain',
        server: small,
      })
      .catch(failed);
    expect([first, second, after].map((r) => [r.status, r.json.error?.rule ?? r.json.error ?? 'ok'])).toEqual([
      [413, 'maxSize'],
      [413, 'maxSize'],
      [201, 'ok'],
    ]);
  });
});

describe('addFileVersion', () => {
  it('attaches the caller’s upload as the next version, with its name, type, size and sha256', async () => {
    const d = await docs.createDoc(member, { text: 'Tekst først' });
    const body = pdf('Vedlegg');
    const up = await docs.uploadOk(member2, body, 'Avtale.pdf', 'application/pdf');
    const { addFileVersion } = await member2.client.ok(op.ADD_FILE, {
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
    const d = await docs.createDoc(member);
    const up = await docs.uploadOk(observer, png(), 'kart.png', 'image/png');
    const input = { documentId: d.id, baseVersion: 0, uploadId: up.uploadId };
    expect((await s.anon.fails(op.ADD_FILE, { input })).code).toBe('UNAUTHENTICATED');
    const mine = await docs.uploadOk(outsider, png(), 'kart.png', 'image/png');
    expect((await outsider.client.fails(op.ADD_FILE, { input: { ...input, uploadId: mine.uploadId } })).code).toBe(
      'NOT_FOUND',
    );
    expect((await observer.client.fails(op.ADD_FILE, { input })).code).toBe('FORBIDDEN');
    expect(await docs.versionRows(d.id)).toBe(0);
  });

  it('refuses someone else’s upload, an unknown one and a stale base version', async () => {
    const d = await docs.createDoc(member);
    const theirs = await docs.uploadOk(other, png(), 'kart.png', 'image/png');
    for (const uploadId of [theirs.uploadId, randomUUID(), 'not-a-uuid']) {
      const err = await member.client.fails(op.ADD_FILE, { input: { documentId: d.id, baseVersion: 0, uploadId } });
      expect([err.code, err.extensions.field, err.extensions.rule]).toEqual([
        'BAD_USER_INPUT',
        'input.uploadId',
        'exists',
      ]);
    }
    const mine = await docs.uploadOk(member, png(), 'kart.png', 'image/png');
    const stale = await member.client.fails(op.ADD_FILE, {
      input: { documentId: d.id, baseVersion: 3, uploadId: mine.uploadId },
    });
    expect(stale.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 0 });
    expect(await docs.versionRows(d.id)).toBe(0);
  });

  it('refuses an upload that is already attached to a version', async () => {
    const d = await docs.createDoc(member);
    const up = await docs.uploadOk(member, png(), 'kart.png', 'image/png');
    await member.client.ok(op.ADD_FILE, { input: { documentId: d.id, baseVersion: 0, uploadId: up.uploadId } });
    const again = await member.client.fails(op.ADD_FILE, {
      input: { documentId: d.id, baseVersion: 1, uploadId: up.uploadId },
    });
    expect([again.code, again.extensions.field, again.extensions.rule]).toEqual([
      'BAD_USER_INPUT',
      'input.uploadId',
      'unused',
    ]);
    const elsewhere = await docs.createDoc(member);
    const other2 = await member.client.fails(op.ADD_FILE, {
      input: { documentId: elsewhere.id, baseVersion: 0, uploadId: up.uploadId },
    });
    expect([other2.code, other2.extensions.rule]).toEqual(['BAD_USER_INPUT', 'unused']);
    expect(await docs.versionRows(d.id)).toBe(1);
    expect(await docs.versionRows(elsewhere.id)).toBe(0);
  });

  it('attaches one upload to one version only, even when it is attached to several documents at once', async () => {
    const targets = await Promise.all(Array.from({ length: 5 }, () => docs.createDoc(member)));
    const up = await docs.uploadOk(member, png(), 'kart.png', 'image/png');
    const results = await Promise.all(
      targets.map((d) =>
        member.client.request(op.ADD_FILE, { input: { documentId: d.id, baseVersion: 0, uploadId: up.uploadId } }),
      ),
    );
    const attached = await rows(s, 'document_version WHERE blob_id = $1', [up.uploadId]);
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
    const d = await docs.createDoc(member);
    const sampler = await memorySampler();
    let mem: ReturnType<typeof sampler.stop>;
    let res: { status: number; json: any };
    try {
      res = await docs.streamUpload(member.token, textStream(total, hash), 'stort-vedlegg.txt', 'text/plain');
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

    const { addFileVersion } = await member.client.ok(op.ADD_FILE, {
      input: { documentId: d.id, baseVersion: 0, uploadId: res.json.uploadId },
    });
    expect(addFileVersion).toMatchObject({ size: total, sha256: digest, mediaType: 'text/plain' });

    // And it comes back byte for byte.
    const got = await docs.download(d.id, 1, bearer(member));
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
    doc = await docs.createDoc(member, { title: 'Møtereferat', text: markdown });
    const a = await docs.uploadOk(member, pdfBytes, nonAscii, 'application/pdf');
    await member.client.ok(op.ADD_FILE, { input: { documentId: doc.id, baseVersion: 1, uploadId: a.uploadId } });
    const b = await docs.uploadOk(member, pngBytes, 'kart.png', 'image/png');
    await member.client.ok(op.ADD_FILE, { input: { documentId: doc.id, baseVersion: 2, uploadId: b.uploadId } });
  });

  it('refuses anonymous callers with 401', async () => {
    const res = await docs.download(doc.id, 1);
    expect(res.status).toBe(401);
    expect(((await res.json()) as any).error.code).toBe('UNAUTHENTICATED');
  });

  it('is 404 for outsiders, invited organisations, unknown documents and versions', async () => {
    for (const u of [outsider, invited]) expect((await docs.download(doc.id, 1, bearer(u))).status).toBe(404);
    expect((await docs.download(randomUUID(), 1, bearer(member))).status).toBe(404);
    expect((await docs.download('not-a-uuid', 1, bearer(member))).status).toBe(404);
    expect((await docs.download(doc.id, 9, bearer(member))).status).toBe(404);
    expect((await docs.download(doc.id, 0, bearer(member))).status).toBe(404);
  });

  it('gives a text version as markdown, exact bytes, as an attachment named after the title', async () => {
    const res = await docs.download(doc.id, 1, bearer(observer));
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
    const res = await docs.download(doc.id, 2, bearer(other));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await res.arrayBuffer()).equals(pdfBytes)).toBe(true);
    const cd = res.headers.get('content-disposition')!;
    expect(cd).toMatch(/^attachment;/);
    // An ASCII fallback for old clients, and the exact name in RFC 5987 form.
    expect(cd).toMatch(/filename="[\x20-\x7e]+"/);
    expect(decodeURIComponent(/filename\*=UTF-8''([^;\s]+)/.exec(cd)![1])).toBe(nonAscii);

    const img = await docs.download(doc.id, 3, bearer(member));
    expect(img.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await img.arrayBuffer()).equals(pngBytes)).toBe(true);
  });

  it('percent-encodes everything RFC 8187 does not allow in filename* (apostrophe, parentheses)', async () => {
    const name = "Avtale (signert) – O'Neil.pdf";
    const d = await docs.createDoc(member);
    const up = await docs.uploadOk(member, pdf(), name, 'application/pdf');
    await member.client.ok(op.ADD_FILE, { input: { documentId: d.id, baseVersion: 0, uploadId: up.uploadId } });
    const cd = (await docs.download(d.id, 1, bearer(member))).headers.get('content-disposition')!;
    const value = /filename\*=UTF-8''([^;\s]+)/.exec(cd)![1];
    expect(decodeURIComponent(value)).toBe(name);
    // attr-char (RFC 8187 3.2.1) or %XX; an unencoded ' would end the charset'language' prefix early.
    expect(value).toMatch(/^(?:[A-Za-z0-9!#$&+\-.^_`|~]|%[0-9A-F]{2})+$/);
  });

  it('accepts the session cookie as well as the bearer token', async () => {
    const res = await s.anon.request(SIGN_IN, { input: { email: member2.user.email, password: PASSWORD } });
    const cookie = res.headers.get('set-cookie')!.split(';')[0];
    const got = await docs.download(doc.id, 2, { cookie });
    expect(got.status).toBe(200);
    expect(Buffer.from(await got.arrayBuffer()).equals(pdfBytes)).toBe(true);
    // Uploads too (with the CSRF header).
    const up = await docs.upload(null, png(), { name: 'kart.png', type: 'image/png', headers: { cookie } });
    expect(up.status).toBe(201);
  });
});
