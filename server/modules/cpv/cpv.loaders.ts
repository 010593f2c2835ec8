import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { cpvDigits } from '../../common/cpv.js';
import { UserInputError } from '../../errors.js';
import type { Loaders } from '../../loaders.js';
import { CpvCode, type CpvEntry } from './cpv.entity.js';

/**
 * Per-request batched reads of the CPV list, for resolvers: every title asked for in one tick is
 * read in one statement. (Services take an Actor and no loaders; reads that batch live here.)
 */
export function cpvLoaders(loaders: Loaders) {
  const titles = loaders.get(
    'cpvTitle',
    () =>
      new DataLoader<string, string | null>(async (codes) => {
        const rows = await loaders.db.getRepository(CpvCode).findBy({ code: In([...codes]) });
        const byCode = new Map(rows.map((r) => [r.code, r.title]));
        return codes.map((c) => byCode.get(c) ?? null);
      }),
  );
  return {
    /** Stored codes (8 digits) with their titles, in their order; a code not in the list has no title. */
    async entries(codes: readonly string[]): Promise<CpvEntry[]> {
      const found = await Promise.all(codes.map((code) => titles.load(code)));
      return codes.map((code, i) => ({ code, title: found[i] }));
    },

    /** The code with its title, or null when it is not in the list. */
    async get(raw: string): Promise<CpvEntry | null> {
      const code = cpvDigits(raw);
      if (!code) {
        throw UserInputError.field(
          'code',
          'cpvCode',
          'is not a CPV code: expected 8 digits, optionally followed by -N',
        );
      }
      const title = await titles.load(code);
      return title == null ? null : { code, title };
    },
  };
}
