import { UserInputError } from '../errors.js';

const CPV = /^(\d{8})(?:-(\d))?$/;

/** The 8 digits of a CPV code written with or without its check digit (34121000 or 34121000-1), or null. */
export function cpvDigits(raw: string): string | null {
  return CPV.exec(raw.trim())?.[1] ?? null;
}

/**
 * Normalises CPV codes to their 8 digits (duplicates dropped). Only the format is checked here;
 * whether a code is in the imported CPV 2008 list is `CpvService.assertKnown`'s job, which needs
 * the database.
 */
export function normaliseCpvCodes(codes: readonly string[], field: string): string[] {
  const out: string[] = [];
  codes.forEach((raw, i) => {
    const digits = cpvDigits(raw);
    if (!digits) {
      throw UserInputError.field(
        `${field}[${i}]`,
        'cpvCode',
        `"${raw.length > 20 ? `${raw.slice(0, 20)}…` : raw}" is not a CPV code: expected 8 digits, optionally followed by -N (e.g. 34121000 or 34121000-1)`,
      );
    }
    if (!out.includes(digits)) out.push(digits);
  });
  return out;
}
