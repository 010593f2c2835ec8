import { type DataSource, type EntityManager } from 'typeorm';
import { cpvDigits, normaliseCpvCodes } from '../../common/cpv.js';
import { containsPattern, loadPages, type Connection } from '../../common/pagination.js';
import { UserInputError, type FieldProblem } from '../../errors.js';
import { CpvCode } from './cpv.entity.js';
import type { CpvCodesArgs } from './cpv.inputs.js';

/** One row of an import: the code's 8 digits and its title. */
export interface CpvRow {
  code: string;
  title: string;
}

export interface CpvImportResult {
  inserted: number;
  /** Codes whose title changed. */
  updated: number;
  unchanged: number;
  /** Codes in the database that the file does not name; they are kept (things may refer to them). */
  notInFile: number;
}

export class CpvService {
  constructor(private readonly db: DataSource) {}

  /**
   * Checks codes given to the API: their format, and, once a CPV list has been imported, that each
   * is in it (while the list is empty, only the format). Throws BAD_USER_INPUT with one problem per
   * unknown code, named by its index in `codes` (`<field>[i]`). Returns the codes normalised to
   * 8 digits without duplicates. Pass the transaction's manager when inside one.
   */
  async assertKnown(db: DataSource | EntityManager, codes: readonly string[], field: string): Promise<string[]> {
    const normalised = normaliseCpvCodes(codes, field);
    if (!normalised.length) return normalised;
    const unknown = new Set(
      (
        (await db.query(
          `SELECT u.code FROM unnest($1::varchar[]) AS u(code)
            WHERE EXISTS (SELECT 1 FROM cpv_code)
              AND NOT EXISTS (SELECT 1 FROM cpv_code c WHERE c.code = u.code)`,
          [normalised],
        )) as { code: string }[]
      ).map((r) => r.code),
    );
    if (!unknown.size) return normalised;
    const problems: FieldProblem[] = [];
    codes.forEach((raw, i) => {
      if (unknown.has(cpvDigits(raw)!)) {
        problems.push({
          field: `${field}[${i}]`,
          rule: 'cpvCodeKnown',
          message: `"${raw.trim()}" is not in the CPV 2008 list`,
        });
      }
    });
    throw new UserInputError(problems);
  }

  search(args: CpvCodesArgs): Promise<Connection<CpvCode>> {
    const search = args.search?.trim() ?? '';
    const digits = /^\d{1,8}$/.test(search) ? search : cpvDigits(search);
    return loadPages({
      repo: this.db.getRepository(CpvCode),
      first: args.first,
      after: args.after,
      // The codes are hierarchical: in code order, a division comes before its groups and classes.
      sort: { expr: 't.code' },
      key: { expr: 't.code', of: (c) => c.code, pattern: /^\d{8}$/ },
      where: (qb) => {
        if (digits) qb.andWhere('t.code LIKE :prefix', { prefix: `${digits}%` });
        else {
          search
            .split(/\s+/)
            .filter(Boolean)
            .forEach((word, i) => qb.andWhere(`t.title ILIKE :word${i}`, { [`word${i}`]: containsPattern(word) }));
        }
      },
    }).then((pages) => pages.get('')!);
  }

  /**
   * Inserts new codes and changes titles that differ, in batches, in one transaction; codes the
   * rows do not name are kept. Each code must appear once in `rows`. `onBatch` is told how many rows are done after each batch.
   */
  async import(rows: readonly CpvRow[], onBatch?: (done: number) => void, batchSize = 500): Promise<CpvImportResult> {
    const named = new Set(rows.map((r) => r.code));
    if (named.size !== rows.length) throw new Error('CPV import: the rows name a code more than once');
    return this.db.transaction(async (em) => {
      // One import at a time (the counts below stay true); readers are not blocked.
      await em.query('LOCK TABLE cpv_code IN SHARE ROW EXCLUSIVE MODE');
      const existing = new Map(
        ((await em.query('SELECT code, title FROM cpv_code')) as CpvRow[]).map((r) => [r.code, r.title]),
      );
      const result: CpvImportResult = { inserted: 0, updated: 0, unchanged: 0, notInFile: 0 };
      for (let start = 0; start < rows.length; start += batchSize) {
        const batch = rows.slice(start, start + batchSize);
        const changed = batch.filter((r) => {
          const title = existing.get(r.code);
          if (title === undefined) result.inserted += 1;
          else if (title !== r.title) result.updated += 1;
          else result.unchanged += 1;
          return title !== r.title;
        });
        if (changed.length) {
          await em.query(
            `INSERT INTO cpv_code (code, title) SELECT * FROM unnest($1::varchar[], $2::text[])
             ON CONFLICT (code) DO UPDATE SET title = EXCLUDED.title`,
            [changed.map((r) => r.code), changed.map((r) => r.title)],
          );
        }
        onBatch?.(start + batch.length);
      }
      result.notInFile = [...existing.keys()].filter((code) => !named.has(code)).length;
      return result;
    });
  }
}
