import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { exactSum, Exact, fixed } from '../../common/money.js';
import type { Currency } from '../needs/interest.entity.js';

export const DEFAULT_THRESHOLDS_FILE = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'thresholds.default.json',
);

const amount = z.number().nonnegative();
const perContract = z.object({ supplies: amount, services: amount, works: amount });
const countryThresholds = z.object({
  currency: z.enum(['NOK', 'SEK', 'DKK', 'EUR']),
  rateFromEur: z.number().positive(),
  national: perContract,
  eu: z.object({ central: perContract, subCentral: perContract }),
  notices: z.object({ national: z.string().min(1), eu: z.string().min(1) }),
});
const thresholdsSchema = z.object({
  validFrom: z.string().optional(),
  countries: z.object({ NO: countryThresholds, SE: countryThresholds, DK: countryThresholds, FI: countryThresholds }),
});

export type Thresholds = z.infer<typeof thresholdsSchema>;
export type CountryThresholds = z.infer<typeof countryThresholds>;

/**
 * Reads and checks a thresholds file (THRESHOLDS_FILE, else the documented defaults). Problems are
 * returned as `path: message` lines, so a bad file stops the server naming what is wrong in it.
 */
export function readThresholds(file: string | undefined): { thresholds?: Thresholds; problems: string[] } {
  const name = file ?? DEFAULT_THRESHOLDS_FILE;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(name, 'utf8'));
  } catch (err) {
    return { problems: [`THRESHOLDS_FILE: cannot read ${name} as JSON (${(err as Error).message})`] };
  }
  const parsed = thresholdsSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((i) => `THRESHOLDS_FILE ${name}: ${i.path.join('.')}: ${i.message}`),
    };
  }
  return { thresholds: parsed.data, problems: [] };
}

/** The sum of amounts in `currency`, other currencies converted exactly at the file's rates (2 decimals). */
export function convertAtRates(
  thresholds: Thresholds,
  sums: { amount: string; currency: Currency }[],
  currency: Currency,
): string {
  // A rate is the file's decimal as written (String of the parsed number is its shortest form).
  const rates = Object.fromEntries(
    Object.values(thresholds.countries).map((c) => [c.currency, new Exact(String(c.rateFromEur))]),
  ) as Record<string, Exact>;
  const total = exactSum(
    sums.map((s) =>
      s.currency === currency ? new Exact(s.amount) : new Exact(s.amount).div(rates[s.currency]).times(rates[currency]),
    ),
  );
  return fixed(total, 2);
}
