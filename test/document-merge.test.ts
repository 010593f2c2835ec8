import { diff3Merge } from 'node-diff3';
import { describe, expect, it } from 'vitest';
import { linesOf, mergeTexts } from '../server/modules/documents/document.merge.js';
import { coord, invited, member, member2, observer, other, outsider } from './support/cast.js';
import * as docs from './support/documents.js';
import { png } from './support/files.js';
import { gql } from './support/graphql.js';
import { rows } from './support/helpers.js';
import * as op from './support/operations.js';
import { s } from './support/server.js';

docs.useDocumentsGroup();

const MERGE = gql(`query($d: ID!, $base: Int!, $text: String!) {
  documentMerge(documentId: $d, baseVersion: $base, text: $text) {
    baseVersion conflicts text theirVersion { number author { id } }
    chunks { kind base mine theirs result }
  }
}`);
const SAVE = gql(`mutation($input: AddTextVersionInput!) {
  addTextVersion(input: $input) { number text mergedFromVersion author { id } }
}`);
const VERSIONS = gql(
  `query($id: ID!) { document(id: $id) { currentVersion versions { number text mergedFromVersion } } }`,
);

const BASE = '# Behovsbeskrivelse\n\nElever skal ha skyss.\n\nSkyssen skal være trygg.\n';
/** The colleague adds a paragraph at the end. */
const THEIRS = `${BASE}\nTillegg fra Stjørdal: også på øyene.\n`;
/** The editor rewrites the first paragraph. */
const MINE = '# Behovsbeskrivelse\n\nElever i hele regionen skal ha skyss.\n\nSkyssen skal være trygg.\n';

const events = (documentId: string) => rows(s, `event WHERE payload->>'documentId' = $1`, [documentId]);

/** A document at version 2: BASE as version 1, THEIRS (by `other`) as version 2. */
async function twoVersions(second = THEIRS) {
  const d = await docs.createDoc(member, { text: BASE });
  await docs.addText(other, d.id, 1, second);
  return d;
}

describe('documentMerge', () => {
  it('refuses anonymous callers, outsiders and invited organisations (NOT_FOUND) and observers (FORBIDDEN)', async () => {
    const d = await twoVersions();
    const vars = { d: d.id, base: 1, text: MINE };
    expect((await s.anon.fails(MERGE, vars)).code).toBe('UNAUTHENTICATED');
    for (const u of [outsider, invited]) expect((await u.client.fails(MERGE, vars)).code).toBe('NOT_FOUND');
    expect((await observer.client.fails(MERGE, vars)).code).toBe('FORBIDDEN');
  });

  it('refuses a base version the document does not have, or a negative one (BAD_USER_INPUT)', async () => {
    const d = await twoVersions();
    const later = await member.client.fails(MERGE, { d: d.id, base: 3, text: MINE });
    expect([later.code, later.extensions.field, later.extensions.rule]).toEqual([
      'BAD_USER_INPUT',
      'baseVersion',
      'exists',
    ]);
    const negative = await member.client.fails(MERGE, { d: d.id, base: -1, text: MINE });
    expect([negative.code, negative.extensions.field]).toEqual(['BAD_USER_INPUT', 'baseVersion']);
  });

  it('refuses to merge with a file version (INVALID_STATE), and from a file version (BAD_USER_INPUT)', async () => {
    const d = await docs.createDoc(member, { text: BASE });
    const up = await docs.uploadOk(member, png(), 'kart.png', 'image/png');
    await member.client.ok(op.ADD_FILE, { input: { documentId: d.id, baseVersion: 1, uploadId: up.uploadId } });
    expect((await member.client.fails(MERGE, { d: d.id, base: 1, text: MINE })).code).toBe('INVALID_STATE');
    await docs.addText(member, d.id, 2, THEIRS);
    const fromFile = await member.client.fails(MERGE, { d: d.id, base: 2, text: MINE });
    expect([fromFile.code, fromFile.extensions.rule]).toEqual(['BAD_USER_INPUT', 'textVersion']);
  });

  it('merges a change and a colleague’s addition cleanly, keeping both, and writes nothing', async () => {
    const d = await twoVersions();
    const before = [await docs.versionRows(d.id), await events(d.id)];
    const { documentMerge: m } = await member2.client.ok(MERGE, { d: d.id, base: 1, text: MINE });
    expect(m).toMatchObject({
      baseVersion: 1,
      conflicts: 0,
      theirVersion: { number: 2, author: { id: other.user.id } },
    });
    expect(m.text).toBe(`${MINE}\nTillegg fra Stjørdal: også på øyene.\n`);
    // Each change is told by whose it is, with the lines it replaced.
    expect(m.chunks.filter((c) => c.kind !== 'UNCHANGED')).toEqual([
      {
        kind: 'MINE',
        base: ['Elever skal ha skyss.'],
        mine: ['Elever i hele regionen skal ha skyss.'],
        theirs: ['Elever skal ha skyss.'],
        result: ['Elever i hele regionen skal ha skyss.'],
      },
      {
        kind: 'THEIRS',
        base: [],
        mine: [],
        theirs: ['Tillegg fra Stjørdal: også på øyene.', ''],
        result: ['Tillegg fra Stjørdal: også på øyene.', ''],
      },
    ]);
    expect(m.chunks.flatMap((c) => c.result!).join('\n')).toBe(m.text);
    expect([await docs.versionRows(d.id), await events(d.id)]).toEqual(before);
  });

  it('reports a true conflict with both sides and the base, and no merged text', async () => {
    const d = await twoVersions(BASE.replace('Elever skal ha skyss.', 'Alle elever skal ha gratis skyss.'));
    const { documentMerge: m } = await member.client.ok(MERGE, { d: d.id, base: 1, text: MINE });
    expect(m.conflicts).toBe(1);
    expect(m.text).toBeNull();
    expect(m.chunks.find((c) => c.kind === 'CONFLICT')).toEqual({
      kind: 'CONFLICT',
      base: ['Elever skal ha skyss.'],
      mine: ['Elever i hele regionen skal ha skyss.'],
      theirs: ['Alle elever skal ha gratis skyss.'],
      result: null,
    });
  });

  it('shows what a colleague deleted, and the same change on both sides once', async () => {
    const d = await twoVersions(BASE.replace('\nSkyssen skal være trygg.\n', ''));
    const mine = BASE.replace('# Behovsbeskrivelse', '# Behov');
    const theirsToo = await member.client.ok(MERGE, { d: d.id, base: 1, text: mine });
    expect(theirsToo.documentMerge.chunks.find((c) => c.kind === 'THEIRS')).toMatchObject({
      base: ['Skyssen skal være trygg.', ''],
      result: [],
    });
    const same = await member.client.ok(MERGE, {
      d: d.id,
      base: 1,
      text: BASE.replace('\nSkyssen skal være trygg.\n', ''),
    });
    expect(same.documentMerge).toMatchObject({ conflicts: 0 });
    expect(same.documentMerge.chunks.map((c) => c.kind)).toEqual(['UNCHANGED', 'BOTH']);
  });

  it('merges an edit of the current version as the edit itself', async () => {
    const d = await twoVersions();
    const { documentMerge: m } = await member.client.ok(MERGE, { d: d.id, base: 2, text: 'Nytt' });
    expect(m).toMatchObject({ baseVersion: 2, conflicts: 0, text: 'Nytt', theirVersion: { number: 2 } });
  });
});

describe('saving a merge', () => {
  it('saves the merged text on top of the current version, recording which version the edit started from', async () => {
    const d = await twoVersions();
    const { documentMerge: m } = await member.client.ok(MERGE, { d: d.id, base: 1, text: MINE });
    const { addTextVersion: v } = await member.client.ok(SAVE, {
      input: { documentId: d.id, baseVersion: m.theirVersion!.number, mergedFromVersion: 1, text: m.text! },
    });
    expect(v).toMatchObject({ number: 3, mergedFromVersion: 1, author: { id: member.user.id } });
    const read = (await member.client.ok(VERSIONS, { id: d.id })).document;
    expect(read.versions.map((x) => [x.number, x.mergedFromVersion])).toEqual([
      [1, null],
      [2, null],
      [3, 1],
    ]);
    // Both contributions are in the new version, and the colleague's version is untouched.
    expect(read.versions[2].text).toContain('Elever i hele regionen');
    expect(read.versions[2].text).toContain('Tillegg fra Stjørdal');
    expect(read.versions[1].text).toBe(THEIRS);
  });

  it('is refused with CONFLICT when yet another version came first, writing nothing', async () => {
    const d = await twoVersions();
    const { documentMerge: m } = await member.client.ok(MERGE, { d: d.id, base: 1, text: MINE });
    await docs.addText(coord, d.id, 2, `${THEIRS}\nKoordinatoren var her.\n`);
    const before = await docs.readDoc(member, d.id);
    const err = await member.client.fails(SAVE, {
      input: { documentId: d.id, baseVersion: 2, mergedFromVersion: 1, text: m.text! },
    });
    expect(err.code).toBe('CONFLICT');
    expect(err.extensions).toMatchObject({ currentVersion: 3, field: 'input.baseVersion' });
    expect(await docs.readDoc(member, d.id)).toEqual(before);
    // Merged again from the first merge's result (based on 2): both earlier contributions stay.
    const again = (await member.client.ok(MERGE, { d: d.id, base: 2, text: m.text! })).documentMerge;
    expect(again.conflicts).toBe(0);
    for (const kept of ['Elever i hele regionen', 'Tillegg fra Stjørdal', 'Koordinatoren var her.']) {
      expect(again.text).toContain(kept);
    }
  });

  it.each([2, 3])(
    'refuses mergedFromVersion %i, not before the base version 2 (BAD_USER_INPUT), writing nothing',
    async (from) => {
      const d = await twoVersions();
      const err = await member.client.fails(SAVE, {
        input: { documentId: d.id, baseVersion: 2, mergedFromVersion: from, text: MINE },
      });
      expect([err.code, err.extensions.field, err.extensions.rule]).toEqual([
        'BAD_USER_INPUT',
        'input.mergedFromVersion',
        'beforeBase',
      ]);
      expect(await docs.versionRows(d.id)).toBe(2);
    },
  );
});

describe('publishing the version the coordinator looked at', () => {
  it('publishes when expectedVersion is still the current version', async () => {
    const d = await twoVersions();
    const { updateDocument } = await coord.client.ok(op.UPDATE_DOC, {
      id: d.id,
      input: { visibility: 'PUBLISHED', expectedVersion: 2 },
    });
    expect(updateDocument).toMatchObject({ visibility: 'PUBLISHED', publishedVersion: 2 });
  });

  it('is refused with CONFLICT when a version was saved since, publishing nothing', async () => {
    const d = await twoVersions();
    const before = [await docs.readDoc(member, d.id), await events(d.id)];
    const err = await coord.client.fails(op.UPDATE_DOC, {
      id: d.id,
      input: { visibility: 'PUBLISHED', expectedVersion: 1 },
    });
    expect(err.code).toBe('CONFLICT');
    expect(err.extensions).toMatchObject({ currentVersion: 2, field: 'input.expectedVersion' });
    expect([await docs.readDoc(member, d.id), await events(d.id)]).toEqual(before);
  });

  it('refuses expectedVersion without publishing (BAD_USER_INPUT), and is FORBIDDEN for members', async () => {
    const d = await twoVersions();
    const err = await coord.client.fails(op.UPDATE_DOC, { id: d.id, input: { title: 'Nytt', expectedVersion: 2 } });
    expect([err.code, err.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.expectedVersion']);
    const refused = await other.client.fails(op.UPDATE_DOC, {
      id: d.id,
      input: { visibility: 'PUBLISHED', expectedVersion: 2 },
    });
    expect(refused.code).toBe('FORBIDDEN');
    expect((await docs.readDoc(coord, d.id)).visibility).toBe('GROUP');
  });
});

/** A small deterministic generator, so a failing case can be run again. */
function random(seed: number) {
  let x = seed;
  return (n: number) => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x % n;
  };
}

/** Random line edits of `lines`: replace, insert or delete a few lines from a small vocabulary. */
function edit(lines: string[], next: (n: number) => number, tag: string): string[] {
  const out = [...lines];
  for (let k = next(4); k >= 0; k--) {
    const at = next(out.length + 1);
    const what = next(3);
    if (what === 0) out.splice(at, 0, `${tag}${next(1000)}`);
    else if (what === 1 && out.length > 1) out.splice(Math.min(at, out.length - 1), 1);
    else out[Math.min(at, out.length - 1)] = `${tag}${next(1000)}`;
  }
  return out;
}

describe('the merge itself (node-diff3)', () => {
  it('gives node-diff3’s merge, and the same number of conflicts, for 500 random pairs of edits', () => {
    const next = random(16);
    for (let round = 0; round < 500; round++) {
      const base = Array.from({ length: 3 + next(12) }, (_, i) => `linje ${i % 5}`);
      const mine = edit(base, next, 'mine');
      const theirs = edit(base, next, 'theirs');
      const ours = mergeTexts(base.join('\n'), mine.join('\n'), theirs.join('\n'));
      const theirsLib = diff3Merge(mine, base, theirs);
      const libConflicts = theirsLib.filter((r) => r.conflict).length;
      expect(ours.conflicts, `round ${round}`).toBe(libConflicts);
      if (!libConflicts) expect(ours.text, `round ${round}`).toBe(theirsLib.flatMap((r) => r.ok!).join('\n'));
      // Nothing is lost: each side's own chunks give back that side's text exactly.
      expect(ours.chunks.flatMap((c) => c.mine).join('\n')).toBe(mine.join('\n'));
      expect(ours.chunks.flatMap((c) => c.theirs).join('\n')).toBe(theirs.join('\n'));
      expect(ours.chunks.flatMap((c) => c.base).join('\n')).toBe(base.join('\n'));
    }
  });

  it('keeps a text’s line endings exactly', () => {
    expect(linesOf('a\n').join('\n')).toBe('a\n');
    expect(mergeTexts('a\r\nb\r\n', 'A\r\nb\r\n', 'a\r\nb\r\nc\r\n').text).toBe('A\r\nb\r\nc\r\n');
    expect(mergeTexts('', 'ny', '').text).toBe('ny');
  });
});
