import { Max, MaxLength, Min } from 'class-validator';
import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import type { ObjectLiteral, Repository, SelectQueryBuilder } from 'typeorm';
import { UserInputError } from '../errors.js';

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 20, description: 'Page size, 1 to 100.' })
  @Min(1)
  @Max(100)
  first!: number;

  @Field(() => String, { nullable: true, description: 'The `endCursor` of the previous page.' })
  @MaxLength(500)
  after?: string | null;
}

@ObjectType()
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** Builds `<Name>Connection` and `<Name>Edge` object types for a node type. */
export function ConnectionType<T extends object>(name: string, node: ClassType<T>) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => String)
    cursor!: string;

    @Field(() => node)
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} items.` })
  class ConnectionClass implements Connection<T> {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => [node], { description: 'The nodes of `edges`, for clients that need no cursors.' })
    nodes!: T[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'Number of items across all pages.' })
    totalCount!: number;
  }
  return ConnectionClass;
}

type SortValue = string | number;

export interface KeysetSpec {
  /**
   * SQL expression over alias `t` to sort by; ties are broken by `t.id`. Cursors carry the value
   * PostgreSQL computed, never one recomputed in JavaScript (whose lower-casing differs for some
   * scripts, which would skip or repeat rows).
   */
  expr: string;
  direction?: 'ASC' | 'DESC';
}

export interface PageQuery<T extends ObjectLiteral> {
  repo: Repository<T>;
  /** Restrictions on alias `t` (visibility, filters, search). */
  where?: (qb: SelectQueryBuilder<T>) => void;
  sort: KeysetSpec;
  first: number;
  after?: string | null;
  /** For one page per parent in one round trip (DataLoader batches): the parent column of `t`. */
  parent?: { column: string; ids: readonly string[]; of: (row: T) => string };
  /**
   * The row's unique key: breaks ties in the sort and ends every cursor. Defaults to the uuid
   * `t.id`; tables keyed otherwise (reference data such as CPV codes) name their own.
   */
  key?: PageKey<T>;
}

export interface PageKey<T> {
  /** SQL expression over alias `t`. */
  expr: string;
  of: (row: T) => string;
  /** What a key in a cursor must look like; anything else is a forged cursor. */
  pattern: RegExp;
}

const UUID_KEY: PageKey<ObjectLiteral> = {
  expr: 't.id',
  of: (row) => row.id as string,
  pattern: /^[0-9a-f-]{36}$/i,
};

function encodeCursor(value: SortValue, id: string): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

function decodeCursor(cursor: string, keyPattern: RegExp): [SortValue, string] {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      (typeof v[0] === 'string' || typeof v[0] === 'number') &&
      typeof v[1] === 'string' &&
      keyPattern.test(v[1])
    ) {
      return [v[0], v[1]];
    }
  } catch {
    // fall through
  }
  throw UserInputError.field('after', 'cursor', 'is not a cursor returned by this list');
}

export function toConnection<T>(
  rows: T[],
  first: number,
  totalCount: number,
  cursorOf: (row: T) => string,
): Connection<T> {
  const nodes = rows.slice(0, first);
  const edges = nodes.map((node) => ({ node, cursor: cursorOf(node) }));
  return {
    edges,
    nodes,
    pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount,
  };
}

/**
 * Keyset pagination in two statements whatever the number of parents: one for the rows of every
 * parent's page (a window function ranks rows per parent), one for the totals.
 */
export async function loadPages<T extends ObjectLiteral>(q: PageQuery<T>): Promise<Map<string, Connection<T>>> {
  const dir = q.sort.direction ?? 'ASC';
  const rowKey = q.key ?? (UUID_KEY as PageKey<T>);
  const base = q.repo.createQueryBuilder('t');
  if (q.parent) base.where(`${q.parent.column} IN (:...__parents)`, { __parents: q.parent.ids });
  else base.where('TRUE');
  q.where?.(base);

  const counts = base
    .clone()
    .select(q.parent ? q.parent.column : "''", 'parent')
    .addSelect('COUNT(*)', 'count');
  if (q.parent) counts.groupBy(q.parent.column);

  const paged = base.clone();
  if (q.after) {
    const [value, id] = decodeCursor(q.after, rowKey.pattern);
    paged.andWhere(`(${q.sort.expr}, ${rowKey.expr}) ${dir === 'ASC' ? '>' : '<'} (:__sortValue, :__afterId)`, {
      __sortValue: value,
      __afterId: id,
    });
  }
  const partition = q.parent ? `PARTITION BY ${q.parent.column} ` : '';
  const ranked = paged
    .select(rowKey.expr, 'id')
    .addSelect(`ROW_NUMBER() OVER (${partition}ORDER BY ${q.sort.expr} ${dir}, ${rowKey.expr} ${dir})`, 'rn');
  const rowsQb = q.repo
    .createQueryBuilder('t')
    .where(`${rowKey.expr} IN (SELECT r.id FROM (${ranked.getQuery()}) r WHERE r.rn <= :__limit)`)
    .setParameters({ ...ranked.getParameters(), __limit: q.first + 1 })
    // In parentheses: TypeORM would take a bare `t.<column>` for the entity's own column and select
    // it under this alias only, leaving the entity without it.
    .addSelect(`(${q.sort.expr})`, '__sort')
    .orderBy(q.sort.expr, dir)
    .addOrderBy(rowKey.expr, dir);

  const [{ entities: rows, raw }, totals] = await Promise.all([
    rowsQb.getRawAndEntities<{ __sort: unknown }>(),
    counts.getRawMany<{ parent: string; count: number | string }>(),
  ]);

  // Without joins, raw rows and entities correspond one to one, in order.
  const sortValues = new Map<string, SortValue>();
  rows.forEach((row, i) => {
    const v = raw[i].__sort;
    sortValues.set(rowKey.of(row), v instanceof Date ? v.toISOString() : typeof v === 'number' ? v : String(v));
  });
  const byParent = new Map<string, T[]>();
  for (const row of rows) {
    const key = q.parent ? q.parent.of(row) : '';
    const list = byParent.get(key) ?? [];
    list.push(row);
    byParent.set(key, list);
  }
  const totalBy = new Map(totals.map((t) => [String(t.parent), Number(t.count)]));
  const cursorOf = (row: T) => encodeCursor(sortValues.get(rowKey.of(row))!, rowKey.of(row));
  const result = new Map<string, Connection<T>>();
  for (const key of q.parent ? q.parent.ids : ['']) {
    result.set(key, toConnection(byParent.get(key) ?? [], q.first, totalBy.get(key) ?? 0, cursorOf));
  }
  return result;
}

/** `ILIKE` pattern for a user's search text, with the wildcards in it taken literally. */
export function containsPattern(search: string): string {
  return `%${search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
