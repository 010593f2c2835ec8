import { UserInputError } from '../errors.js';

const CPV = /^(\d{8})(?:-(\d))?$/;

/**
 * Normalises CPV codes to their 8 digits. The format is checked here; whether a code exists in the
 * CPV 2008 list is a later concern (the list is imported by the procurement feature).
 */
export function normaliseCpvCodes(codes: string[], field: string): string[] {
  const out: string[] = [];
  codes.forEach((raw, i) => {
    const m = CPV.exec(raw.trim());
    if (!m) {
      throw UserInputError.field(
        `${field}[${i}]`,
        'cpvCode',
        `"${raw.length > 20 ? `${raw.slice(0, 20)}…` : raw}" is not a CPV code: expected 8 digits, optionally followed by -N (e.g. 34121000 or 34121000-1)`,
      );
    }
    if (!out.includes(m[1])) out.push(m[1]);
  });
  return out;
}
