import { createHash, randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { MembershipRole } from '../server/modules/groups/membership.entity.js';
import { coord, groupId, invited, member, member2, observer, other, outsider } from './support/cast.js';
import * as docs from './support/documents.js';
import { type Doc, type Version } from './support/documents.js';
import { pdf, png, sha256 } from './support/files.js';
import { bearer, head, rows } from './support/helpers.js';
import * as op from './support/operations.js';
import { s } from './support/server.js';
import { collect, wsClient } from './support/ws.js';

docs.useDocumentsGroup();

describe('createDocument', () => {
  it('refuses anonymous callers, writing nothing', async () => {
    const before = await docs.documentRows();
    expect((await s.anon.fails(op.CREATE_DOC, { input: docs.createInput() })).code).toBe('UNAUTHENTICATED');
    expect((await s.anon.fails(op.CREATE_DOC, { input: docs.createInput({ title: ' ' }) })).code).toBe(
      'UNAUTHENTICATED',
    );
    expect(await docs.documentRows()).toBe(before);
  });

  it('is NOT_FOUND for outsiders and FORBIDDEN for observers and invited organisations, writing nothing', async () => {
    const before = await docs.documentRows();
    expect((await outsider.client.fails(op.CREATE_DOC, { input: docs.createInput() })).code).toBe('NOT_FOUND');
    expect(
      (await outsider.client.fails(op.CREATE_DOC, { input: docs.createInput({ groupId: randomUUID() }) })).code,
    ).toBe('NOT_FOUND');
    expect((await observer.client.fails(op.CREATE_DOC, { input: docs.createInput() })).code).toBe('FORBIDDEN');
    expect((await invited.client.fails(op.CREATE_DOC, { input: docs.createInput() })).code).toBe('FORBIDDEN');
    expect(await docs.documentRows()).toBe(before);
  });

  it('creates an empty document (version 0) owned by the creator’s organisation', async () => {
    const d = await docs.createDoc(member, { title: '  Kravspesifikasjon skoleskyss  ' });
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
    expect(await docs.versionRows(d.id)).toBe(0);
    expect((await docs.readDoc(member, d.id)) as unknown).toMatchObject({ latestVersion: null, currentVersion: 0 });
  });

  it('creates version 1 from the initial text, with author, organisation, size in UTF-8 bytes and sha256', async () => {
    const text = '# Behovsbeskrivelse\n\nSkyss for elever – også på øyene 🚌\n';
    const d = await docs.createDoc(member2, { text, changeNote: ' Første utkast ', kind: 'NEED_DESCRIPTION' });
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
    const d = await docs.createDoc(other, { needId: docs.needId });
    expect(d).toMatchObject({ parentType: 'NEED', need: { id: docs.needId }, group: { id: groupId } });
  });

  it.each([
    ['need of another group', () => docs.foreignNeedId],
    ['need that does not exist', () => randomUUID()],
    ['need id that is not an id', () => 'not-a-uuid'],
  ])('refuses a %s (input.needId), writing nothing', async (_what, id) => {
    const before = await docs.documentRows();
    const err = await member.client.fails(op.CREATE_DOC, { input: docs.createInput({ needId: id() }) });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual(['BAD_USER_INPUT', 'input.needId', 'exists']);
    expect(await docs.documentRows()).toBe(before);
  });

  it.each([
    ['blank title', { title: '   ' }, 'input.title'],
    ['title over 200 characters', { title: 'x'.repeat(201) }, 'input.title'],
    ['change note over 500 characters', { text: 'Hei', changeNote: 'x'.repeat(501) }, 'input.changeNote'],
  ])('refuses a %s', async (_what, overrides, field) => {
    const before = await docs.documentRows();
    const err = await member.client.fails(op.CREATE_DOC, { input: docs.createInput(overrides) });
    expect([err.code, err.extensions.field]).toEqual(['BAD_USER_INPUT', field]);
    expect(await docs.documentRows()).toBe(before);
  });
});

describe('document(id) and lists', () => {
  let doc: Doc;
  beforeAll(async () => {
    doc = await docs.createDoc(member, { text: 'Innhold' });
  });

  it('refuses anonymous callers', async () => {
    expect((await s.anon.fails(op.DOC_Q, { id: doc.id })).code).toBe('UNAUTHENTICATED');
  });

  it('is NOT_FOUND for outsiders, invited organisations and unknown ids', async () => {
    for (const u of [outsider, invited]) {
      expect((await u.client.fails(op.DOC_Q, { id: doc.id })).code).toBe('NOT_FOUND');
    }
    expect((await member.client.fails(op.DOC_Q, { id: randomUUID() })).code).toBe('NOT_FOUND');
    expect((await member.client.fails(op.DOC_Q, { id: 'not-a-uuid' })).code).toBe('NOT_FOUND');
  });

  it('is readable by every active member, observers included', async () => {
    for (const u of [coord, member, member2, other, observer]) {
      const d = await docs.readDoc(u, doc.id);
      expect(d.id).toBe(doc.id);
      expect(d.versions.map((v) => v.text)).toEqual(['Innhold']);
    }
  });

  it('lists the group’s documents (needs’ included, recently changed first) and a need’s own', async () => {
    const gid = await docs.formGroup(coord);
    await s.factories.membership({ id: gid } as never, member.organisation);
    await s.factories.membership({ id: gid } as never, observer.organisation, MembershipRole.OBSERVER);
    const nid = await docs.createNeed(member, gid);
    const a = await docs.createDoc(member, { groupId: gid, title: 'A' });
    const b = await docs.createDoc(member, { groupId: gid, title: 'B', needId: nid });
    const c = await docs.createDoc(coord, { groupId: gid, title: 'C' });
    // A new version moves A to the top.
    await docs.addText(member, a.id, 0, 'Ny tekst');

    const { buyerGroup } = await observer.client.ok(op.GROUP_DOCS, { id: gid });
    expect(buyerGroup.documents.totalCount).toBe(3);
    expect(buyerGroup.documents.nodes).toEqual([
      { id: a.id, title: 'A', parentType: 'GROUP' },
      { id: c.id, title: 'C', parentType: 'GROUP' },
      { id: b.id, title: 'B', parentType: 'NEED' },
    ]);
    const { sharedNeed } = await member.client.ok(op.NEED_DOCS, { id: nid });
    expect(sharedNeed.documents).toEqual({ totalCount: 1, nodes: [{ id: b.id, title: 'B', parentType: 'NEED' }] });
    const searched = await member.client.ok(
      `query($id: ID!, $q: String) { buyerGroup(id: $id) { documents(search: $q) { totalCount nodes { id } } } }`,
      { id: gid, q: 'c' },
    );
    expect(searched.buyerGroup.documents).toEqual({ totalCount: 1, nodes: [{ id: c.id }] });

    expect((await s.anon.fails(op.GROUP_DOCS, { id: gid })).code).toBe('UNAUTHENTICATED');
    expect((await outsider.client.fails(op.GROUP_DOCS, { id: gid })).code).toBe('NOT_FOUND');
    expect((await outsider.client.fails(op.NEED_DOCS, { id: nid })).code).toBe('NOT_FOUND');
  });
});

describe('addTextVersion', () => {
  let doc: Doc;
  beforeAll(async () => {
    doc = await docs.createDoc(member, { text: 'v1' });
  });

  it('refuses anonymous callers, writing nothing', async () => {
    const input = { documentId: doc.id, baseVersion: 1, text: 'x' };
    expect((await s.anon.fails(op.ADD_TEXT, { input })).code).toBe('UNAUTHENTICATED');
    expect(await docs.versionRows(doc.id)).toBe(1);
  });

  it('is NOT_FOUND for outsiders, invited organisations and unknown documents, FORBIDDEN for observers', async () => {
    const input = { documentId: doc.id, baseVersion: 1, text: 'x' };
    for (const u of [outsider, invited]) expect((await u.client.fails(op.ADD_TEXT, { input })).code).toBe('NOT_FOUND');
    expect((await member.client.fails(op.ADD_TEXT, { input: { ...input, documentId: randomUUID() } })).code).toBe(
      'NOT_FOUND',
    );
    expect((await observer.client.fails(op.ADD_TEXT, { input })).code).toBe('FORBIDDEN');
    expect(await docs.versionRows(doc.id)).toBe(1);
    expect((await docs.readDoc(member, doc.id)).currentVersion).toBe(1);
  });

  it('numbers versions 1, 2, 3; each is immutable and records author, organisation, note, size and sha256', async () => {
    const d = await docs.createDoc(member);
    const texts = ['Første utkast\n', 'Andre utkast – med æøå\n', 'Tredje 🚌 utkast\n'];
    const v1 = await docs.addText(member, d.id, 0, texts[0], 'start');
    const v2 = await docs.addText(other, d.id, 1, texts[1], '  retting  ');
    const v3 = await docs.addText(member2, d.id, 2, texts[2]);
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

    const read = await docs.readDoc(other, d.id);
    expect(read.currentVersion).toBe(3);
    expect(read.versions).toEqual([v1, v2, v3]);
    expect((await other.client.ok(op.DOC_Q, { id: d.id })).document.latestVersion).toEqual({ number: 3 });
  });

  it('refuses a stale base version with CONFLICT and currentVersion, writing nothing', async () => {
    const d = await docs.createDoc(member, { text: 'a' });
    await docs.addText(member, d.id, 1, 'b');
    const before = await docs.readDoc(member, d.id);
    for (const baseVersion of [0, 1, 5]) {
      const err = await other.client.fails(op.ADD_TEXT, { input: { documentId: d.id, baseVersion, text: 'mitt' } });
      expect(err.code).toBe('CONFLICT');
      expect(err.extensions).toMatchObject({ currentVersion: 2, field: 'input.baseVersion' });
    }
    expect(await docs.versionRows(d.id)).toBe(2);
    expect(await docs.readDoc(member, d.id)).toEqual(before);
  });

  it.each([2, 10])(
    'lets exactly one of %i concurrent saves on the same base win; the rest get CONFLICT and nothing is lost',
    async (n) => {
      const d = await docs.createDoc(member, { text: 'Grunnlag\n' });
      await docs.addText(other, d.id, 1, 'Versjon 2\n');
      const before = await docs.readDoc(member, d.id);
      const writers = [member, other, member2, coord];
      const results = await Promise.all(
        Array.from({ length: n }, (_, i) =>
          writers[i % writers.length].client.request(op.ADD_TEXT, {
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

      expect(await docs.versionRows(d.id)).toBe(3);
      const after = await docs.readDoc(member, d.id);
      expect(after.currentVersion).toBe(3);
      // The earlier versions are exactly as they were; the winner's text is the one stored as 3.
      expect(after.versions.slice(0, 2)).toEqual(before.versions);
      expect(after.versions[2]).toEqual(won);
      // One version, one event.
      const added = await rows(s, `event WHERE type = 'document.version_added' AND payload->>'documentId' = $1`, [
        d.id,
      ]);
      expect(added).toBe(3);
    },
  );

  it.each([
    ['negative base version', { baseVersion: -1 }, 'input.baseVersion'],
    ['change note over 500 characters', { changeNote: 'x'.repeat(501) }, 'input.changeNote'],
  ])('refuses a %s', async (_what, overrides, field) => {
    const err = await member.client.fails(op.ADD_TEXT, {
      input: { documentId: doc.id, baseVersion: 1, text: 'x', ...overrides },
    });
    expect([err.code, err.extensions.field]).toEqual(['BAD_USER_INPUT', field]);
    expect(await docs.versionRows(doc.id)).toBe(1);
  });

  it('refuses text over 500,000 characters as BAD_USER_INPUT on input.text, writing nothing', async () => {
    const res = await docs.rawGraphQL(member.token, op.ADD_TEXT, {
      input: { documentId: doc.id, baseVersion: 1, text: 'x'.repeat(500_001) },
    });
    expect(await docs.versionRows(doc.id)).toBe(1);
    expect({ status: res.status, error: res.body.errors?.[0] }).toMatchObject({
      status: 200,
      error: { extensions: { code: 'BAD_USER_INPUT', field: 'input.text' } },
    });
  });

  it('accepts a text of exactly 500,000 characters (MAX_TEXT), non-ASCII included', async () => {
    const d = await docs.createDoc(member);
    const text = `${'Kravtekst æøå. '.repeat(33_333)}12345`;
    expect(text.length).toBe(500_000);
    const res = await docs.rawGraphQL(member.token, op.ADD_TEXT, { input: { documentId: d.id, baseVersion: 0, text } });
    expect({ status: res.status, errors: res.body.errors }).toEqual({ status: 200, errors: undefined });
    expect(res.body.data.addTextVersion).toMatchObject({
      number: 1,
      size: Buffer.byteLength(text, 'utf8'),
      sha256: sha256(Buffer.from(text, 'utf8')),
    });
    expect((await docs.readDoc(member, d.id)).versions[0].text).toBe(text);
  });
});

describe('documentDiff', () => {
  const lines = Array.from({ length: 30 }, (_, i) => `Linje ${i + 1}`);
  const v1 = `${lines.join('\n')}\n`;
  const v2Lines = lines.map((l, i) => (i === 14 ? 'Linje 15 endret' : l));
  const v2 = `${v2Lines.join('\n')}\n`;
  const v3Lines = ['Ny første linje', 'Ny andre linje', ...v2Lines.filter((l) => l !== 'Linje 25')];
  const v3 = `${v3Lines.join('\n')}\n`;
  /** The diff's unchanged lines "Linje from" to "Linje to". */
  const context = (from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => ({ kind: 'CONTEXT', text: `Linje ${from + i}` }));
  let doc: Doc;
  let withFile: Doc;

  beforeAll(async () => {
    doc = await docs.createDoc(member, { text: v1 });
    await docs.addText(member, doc.id, 1, v2);
    await docs.addText(member, doc.id, 2, v3);
    withFile = await docs.createDoc(member, { text: 'Tekst' });
    const up = await docs.uploadOk(member, pdf(), 'vedlegg.pdf', 'application/pdf');
    await member.client.ok(op.ADD_FILE, { input: { documentId: withFile.id, baseVersion: 1, uploadId: up.uploadId } });
  });

  it('refuses anonymous callers', async () => {
    expect((await s.anon.fails(op.DIFF, { d: doc.id, from: 1, to: 2 })).code).toBe('UNAUTHENTICATED');
  });

  it('is NOT_FOUND for outsiders and invited organisations', async () => {
    for (const u of [outsider, invited]) {
      expect((await u.client.fails(op.DIFF, { d: doc.id, from: 1, to: 2 })).code).toBe('NOT_FOUND');
    }
  });

  it('shows a changed line as REMOVED then ADDED, with three lines of context on each side', async () => {
    const { documentDiff } = await observer.client.ok(op.DIFF, { d: doc.id, from: 1, to: 2 });
    expect(documentDiff).toEqual([
      {
        oldStart: 12,
        oldLines: 7,
        newStart: 12,
        newLines: 7,
        lines: [
          ...context(12, 14),
          { kind: 'REMOVED', text: 'Linje 15' },
          { kind: 'ADDED', text: 'Linje 15 endret' },
          ...context(16, 18),
        ],
      },
    ]);
  });

  it('gives separate hunks with shifted new line numbers for insertions and removals far apart', async () => {
    const { documentDiff } = await member.client.ok(op.DIFF, { d: doc.id, from: 2, to: 3 });
    expect(documentDiff).toEqual([
      {
        oldStart: 1,
        oldLines: 3,
        newStart: 1,
        newLines: 5,
        lines: [
          { kind: 'ADDED', text: 'Ny første linje' },
          { kind: 'ADDED', text: 'Ny andre linje' },
          ...context(1, 3),
        ],
      },
      {
        oldStart: 22,
        oldLines: 7,
        newStart: 24,
        newLines: 6,
        lines: [...context(22, 24), { kind: 'REMOVED', text: 'Linje 25' }, ...context(26, 28)],
      },
    ]);
  });

  it('is empty between a version and itself, and works backwards', async () => {
    expect((await member.client.ok(op.DIFF, { d: doc.id, from: 2, to: 2 })).documentDiff).toEqual([]);
    const back = (await member.client.ok(op.DIFF, { d: doc.id, from: 2, to: 1 })).documentDiff;
    expect(back[0].lines.filter((l: { kind: string }) => l.kind !== 'CONTEXT')).toEqual([
      { kind: 'REMOVED', text: 'Linje 15 endret' },
      { kind: 'ADDED', text: 'Linje 15' },
    ]);
  });

  it('refuses to compare a file version (BAD_USER_INPUT naming the argument)', async () => {
    const to = await member.client.fails(op.DIFF, { d: withFile.id, from: 1, to: 2 });
    expect([to.code, to.extensions.field, to.extensions.rule]).toEqual(['BAD_USER_INPUT', 'to', 'textVersion']);
    const from = await member.client.fails(op.DIFF, { d: withFile.id, from: 2, to: 1 });
    expect([from.code, from.extensions.field]).toEqual(['BAD_USER_INPUT', 'from']);
  });

  it('is NOT_FOUND for a version that does not exist', async () => {
    expect((await member.client.fails(op.DIFF, { d: doc.id, from: 1, to: 4 })).code).toBe('NOT_FOUND');
    expect((await member.client.fails(op.DIFF, { d: doc.id, from: 0, to: 1 })).code).toBe('NOT_FOUND');
    expect((await member.client.fails(op.DIFF, { d: randomUUID(), from: 1, to: 2 })).code).toBe('NOT_FOUND');
  });
});
describe('updateDocument', () => {
  let doc: Doc;
  beforeAll(async () => {
    doc = await docs.createDoc(member, { title: 'Utkast' });
  });

  it('refuses anonymous callers', async () => {
    expect((await s.anon.fails(op.UPDATE_DOC, { id: doc.id, input: { title: 'Nytt' } })).code).toBe('UNAUTHENTICATED');
  });

  it('refuses outsiders (NOT_FOUND), observers and other member organisations (FORBIDDEN), changing nothing', async () => {
    const input = { title: 'Kapret' };
    for (const u of [outsider, invited]) {
      expect((await u.client.fails(op.UPDATE_DOC, { id: doc.id, input })).code).toBe('NOT_FOUND');
    }
    expect((await observer.client.fails(op.UPDATE_DOC, { id: doc.id, input })).code).toBe('FORBIDDEN');
    expect((await other.client.fails(op.UPDATE_DOC, { id: doc.id, input })).code).toBe('FORBIDDEN');
    // Publishing to suppliers is the coordinators' decision, even for the owning organisation.
    expect((await member.client.fails(op.UPDATE_DOC, { id: doc.id, input: { visibility: 'PUBLISHED' } })).code).toBe(
      'FORBIDDEN',
    );
    expect(await docs.readDoc(member, doc.id)).toMatchObject({ title: 'Utkast', visibility: 'GROUP' });
  });

  it('lets the owning organisation rename and re-kind it, and a coordinator rename and publish it', async () => {
    const { updateDocument } = await member2.client.ok(op.UPDATE_DOC, {
      id: doc.id,
      input: { title: '  Kravspesifikasjon v2  ', kind: 'CONTRACT' },
    });
    expect(updateDocument).toMatchObject({ title: 'Kravspesifikasjon v2', kind: 'CONTRACT', visibility: 'GROUP' });
    const published = (
      await coord.client.ok(op.UPDATE_DOC, { id: doc.id, input: { title: 'Endelig', visibility: 'PUBLISHED' } })
    ).updateDocument;
    expect(published).toMatchObject({
      title: 'Endelig',
      visibility: 'PUBLISHED',
      organisation: { id: member.organisation.id },
    });
    expect(await docs.readDoc(other, doc.id)).toMatchObject({ title: 'Endelig', visibility: 'PUBLISHED' });
  });

  it.each([
    ['blank title', { title: '  ' }],
    ['title over 200 characters', { title: 'x'.repeat(201) }],
  ])('refuses a %s (input.title)', async (_what, input) => {
    const before = await docs.readDoc(member, doc.id);
    const err = await member.client.fails(op.UPDATE_DOC, { id: doc.id, input });
    expect([err.code, err.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.title']);
    expect((await docs.readDoc(member, doc.id)).title).toBe(before.title);
  });
});

describe('deleteDocument', () => {
  it('refuses anonymous callers, outsiders (NOT_FOUND), observers and other organisations (FORBIDDEN)', async () => {
    const d = await docs.createDoc(member, { text: 'behold' });
    expect((await s.anon.fails(op.DELETE_DOC, { id: d.id })).code).toBe('UNAUTHENTICATED');
    expect((await outsider.client.fails(op.DELETE_DOC, { id: d.id })).code).toBe('NOT_FOUND');
    expect((await observer.client.fails(op.DELETE_DOC, { id: d.id })).code).toBe('FORBIDDEN');
    expect((await other.client.fails(op.DELETE_DOC, { id: d.id })).code).toBe('FORBIDDEN');
    expect((await docs.readDoc(member, d.id)).deletedAt).toBeNull();
  });

  it('hides the document from reads, lists, downloads and writes, keeping its versions for the audit trail', async () => {
    const d = await docs.createDoc(member, { text: 'Versjon 1', needId: docs.needId });
    await docs.addText(member, d.id, 1, 'Versjon 2');
    const { deleteDocument } = await member2.client.ok(op.DELETE_DOC, { id: d.id });
    expect(deleteDocument.id).toBe(d.id);
    expect(deleteDocument.deletedAt).not.toBeNull();

    expect((await member.client.fails(op.DOC_Q, { id: d.id })).code).toBe('NOT_FOUND');
    const { buyerGroup } = await member.client.ok(op.GROUP_DOCS, { id: groupId });
    expect(buyerGroup.documents.nodes.map((n: { id: string }) => n.id)).not.toContain(d.id);
    const { sharedNeed } = await member.client.ok(op.NEED_DOCS, { id: docs.needId });
    expect(sharedNeed.documents.nodes.map((n: { id: string }) => n.id)).not.toContain(d.id);
    expect((await docs.download(d.id, 1, bearer(member))).status).toBe(404);
    expect(
      (await member.client.fails(op.ADD_TEXT, { input: { documentId: d.id, baseVersion: 2, text: 'x' } })).code,
    ).toBe('NOT_FOUND');
    expect((await member.client.fails(op.DIFF, { d: d.id, from: 1, to: 2 })).code).toBe('NOT_FOUND');
    expect((await member.client.fails(op.UPDATE_DOC, { id: d.id, input: { title: 'Tilbake' } })).code).toBe(
      'NOT_FOUND',
    );
    expect((await coord.client.fails(op.DELETE_DOC, { id: d.id })).code).toBe('NOT_FOUND');

    const rows = await s.db.query(`SELECT number, text FROM document_version WHERE document_id = $1 ORDER BY number`, [
      d.id,
    ]);
    expect(rows).toEqual([
      { number: 1, text: 'Versjon 1' },
      { number: 2, text: 'Versjon 2' },
    ]);
  });

  it('lets a coordinator delete another organisation’s document', async () => {
    const d = await docs.createDoc(other);
    expect((await coord.client.ok(op.DELETE_DOC, { id: d.id })).deleteDocument.deletedAt).not.toBeNull();
  });
});

describe('archived groups', () => {
  it('keep their documents readable but refuse every change with INVALID_STATE', async () => {
    const gid = await docs.formGroup(coord);
    await s.factories.membership({ id: gid } as never, member.organisation);
    const d = await docs.createDoc(member, { groupId: gid, text: 'Arkivert tekst' });
    await coord.client.ok(`mutation($id: ID!) { updateBuyerGroup(id: $id, input: { status: ARCHIVED }) { id } }`, {
      id: gid,
    });
    const up = await docs.uploadOk(member, png(), 'kart.png', 'image/png');
    const refusals = [
      await member.client.fails(op.CREATE_DOC, { input: docs.createInput({ groupId: gid }) }),
      await member.client.fails(op.ADD_TEXT, { input: { documentId: d.id, baseVersion: 1, text: 'Ny' } }),
      await member.client.fails(op.ADD_FILE, { input: { documentId: d.id, baseVersion: 1, uploadId: up.uploadId } }),
      await member.client.fails(op.UPDATE_DOC, { id: d.id, input: { title: 'Nytt' } }),
      await member.client.fails(op.DELETE_DOC, { id: d.id }),
    ];
    expect(refusals.map((r) => r.code)).toEqual(Array(5).fill('INVALID_STATE'));
    expect(await docs.readDoc(member, d.id)).toMatchObject({ title: d.title, currentVersion: 1, deletedAt: null });
    const got = await docs.download(d.id, 1, bearer(member));
    expect([got.status, await got.text()]).toEqual([200, 'Arkivert tekst']);
  });
});

describe('live events', () => {
  it('a subscriber on another instance sees created, version_added, renamed, visibility_changed, deleted in order', async () => {
    const b = await s.startInstance();
    const onB = wsClient(b.wsUrl, other.token);
    const sub = collect(onB, op.GROUP_EVENTS, { groupId, after: await head(s) });
    const d = await docs.createDoc(coord, { text: 'Første' });
    await coord.client.ok(op.UPDATE_DOC, { id: d.id, input: { title: 'Nytt navn' } });
    await coord.client.ok(op.UPDATE_DOC, { id: d.id, input: { visibility: 'PUBLISHED' } });
    await coord.client.ok(op.DELETE_DOC, { id: d.id });
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
    const sub = collect(onB, op.GROUP_EVENTS, { groupId, after: await head(s) });
    const d = await docs.createDoc(member, { needId: docs.needId });
    await docs.addText(member, d.id, 0, 'Tekst');
    const mine = (x: { items: any[] }) => x.items.filter((e) => e.payload?.documentId === d.id);
    await sub.until((x) => mine(x).length >= 2);
    expect(mine(sub).map((e) => [e.type, e.scopeType])).toEqual([
      ['document.created', 'need'],
      ['document.version_added', 'need'],
    ]);
    await onB.dispose();
  });
});
