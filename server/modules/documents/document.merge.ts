import { diffIndices } from 'node-diff3';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DocumentVersion } from './document.entity.js';

/**
 * Three-way merge of a text edited from an older version ("mine") with the version saved meanwhile
 * ("theirs"), line by line against the version both started from ("base").
 *
 * The line differences are node-diff3's (`diffIndices`, the diff its diff3 is built on); the regions
 * follow its `diff3MergeRegions` (hunks of either side that touch or overlap form one region, and a
 * region both sides changed differently is a conflict). They are grouped here rather than taken from
 * `diff3MergeRegions` because that drops a one-sided deletion without a trace and does not say which
 * base lines a one-sided change replaced: the person merging must see what each side removed, since
 * nothing of either side may disappear unseen. test/document-merge.test.ts checks that the merged
 * text is the same as node-diff3's own merge.
 */

export enum MergeChunkKind {
  UNCHANGED = 'UNCHANGED',
  MINE = 'MINE',
  THEIRS = 'THEIRS',
  BOTH = 'BOTH',
  CONFLICT = 'CONFLICT',
}
registerEnumType(MergeChunkKind, {
  name: 'MergeChunkKind',
  description:
    'UNCHANGED: neither side changed these lines. MINE / THEIRS: only the edit being saved / only the newer version changed them. BOTH: both made the same change. CONFLICT: both changed them differently; the person saving chooses.',
});

@ObjectType({
  description:
    'A run of lines of a three-way merge. Joining the chosen lines of every chunk with "\\n" gives the text.',
})
export class MergeChunk {
  @Field(() => MergeChunkKind)
  kind!: MergeChunkKind;

  @Field(() => [String], { description: 'The lines as they were in the base version.' })
  base!: string[];

  @Field(() => [String], { description: 'The lines in the text being saved.' })
  mine!: string[];

  @Field(() => [String], { description: 'The lines in the newer version.' })
  theirs!: string[];

  @Field(() => [String], {
    nullable: true,
    description: 'The merged lines; null for a CONFLICT, which someone must resolve.',
  })
  result!: string[] | null;
}

@ObjectType({ description: 'A text edited from an older version, merged with the version saved since.' })
export class DocumentMerge {
  @Field(() => Int, { description: 'The version the text was edited from.' })
  baseVersion!: number;

  @Field(() => DocumentVersion, {
    nullable: true,
    description:
      'The current version it is merged with (null for a document without versions). Save the merge with this as baseVersion.',
  })
  theirVersion!: DocumentVersion | null;

  @Field(() => Int, { description: 'How many chunks are CONFLICTs.' })
  conflicts!: number;

  @Field(() => String, { nullable: true, description: 'The merged text when there is no conflict.' })
  text!: string | null;

  @Field(() => [MergeChunk])
  chunks!: MergeChunk[];
}

type Side = 'mine' | 'theirs';

interface Hunk {
  side: Side;
  oStart: number;
  oEnd: number;
  sStart: number;
  sEnd: number;
}

const hunksOf = (side: Side, o: string[], s: string[]): Hunk[] =>
  diffIndices(o, s).map((h) => ({
    side,
    oStart: h.buffer1[0],
    oEnd: h.buffer1[0] + h.buffer1[1],
    sStart: h.buffer2[0],
    sEnd: h.buffer2[0] + h.buffer2[1],
  }));

const sameLines = (x: string[], y: string[]) => x.length === y.length && x.every((l, i) => l === y[i]);

/** Lines as the merge compares them; `join('\n')` gives the text back exactly. */
export const linesOf = (text: string): string[] => text.split('\n');

export function mergeTexts(
  baseText: string,
  mineText: string,
  theirsText: string,
): Pick<DocumentMerge, 'chunks' | 'conflicts' | 'text'> {
  const o = linesOf(baseText);
  const a = linesOf(mineText);
  const b = linesOf(theirsText);
  const hunks = [...hunksOf('mine', o, a), ...hunksOf('theirs', o, b)].sort((x, y) => x.oStart - y.oStart);
  const chunks: MergeChunk[] = [];
  const unchanged = (lines: string[]) =>
    chunks.push({ kind: MergeChunkKind.UNCHANGED, base: lines, mine: lines, theirs: lines, result: lines });

  let done = 0;
  for (let i = 0; i < hunks.length;) {
    const start = hunks[i].oStart;
    let end = hunks[i].oEnd;
    const region = [hunks[i++]];
    // Hunks that overlap or touch the region belong to it (as in diff3MergeRegions).
    while (i < hunks.length && hunks[i].oStart <= end) {
      end = Math.max(end, hunks[i].oEnd);
      region.push(hunks[i++]);
    }
    if (start > done) unchanged(o.slice(done, start));
    const base = o.slice(start, end);
    // A side's lines for the whole region: its own changes plus the base lines it left alone.
    const linesFor = (side: Side, s: string[]): string[] => {
      const own = region.filter((h) => h.side === side);
      if (own.length === 0) return base;
      const sStart = Math.min(...own.map((h) => h.sStart)) + (start - Math.min(...own.map((h) => h.oStart)));
      const sEnd = Math.max(...own.map((h) => h.sEnd)) + (end - Math.max(...own.map((h) => h.oEnd)));
      return s.slice(sStart, sEnd);
    };
    const mine = linesFor('mine', a);
    const theirs = linesFor('theirs', b);
    const changedMine = region.some((h) => h.side === 'mine');
    const changedTheirs = region.some((h) => h.side === 'theirs');
    const [kind, result] =
      changedMine && changedTheirs
        ? sameLines(mine, theirs)
          ? [MergeChunkKind.BOTH, mine]
          : [MergeChunkKind.CONFLICT, null]
        : changedMine
          ? [MergeChunkKind.MINE, mine]
          : [MergeChunkKind.THEIRS, theirs];
    chunks.push({ kind, base, mine, theirs, result });
    done = end;
  }
  if (done < o.length) unchanged(o.slice(done));

  const conflicts = chunks.filter((c) => c.kind === MergeChunkKind.CONFLICT).length;
  return {
    chunks,
    conflicts,
    text: conflicts ? null : chunks.flatMap((c) => c.result!).join('\n'),
  };
}
