import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { exactSum, Exact, fixed } from '../../common/money.js';
import { fromRoot } from '../../project-root.js';
import type { Currency } from '../needs/interest.entity.js';

/** The data file beside this module. */
export const DEFAULT_THRESHOLDS_FILE = fromRoot('server', 'modules', 'procurements', 'thresholds.default.json');

/** The standstill period (avtalsspärr, karenstid) where a thresholds file names none. */
export const DEFAULT_STANDSTILL_DAYS = 10;

const amount = z.number().nonnegative();
const perContract = z.object({ supplies: amount, services: amount, works: amount });
const countryThresholds = z.object({
  currency: z.enum(['NOK', 'SEK', 'DKK', 'EUR']),
  rateFromEur: z.number().positive(),
  national: perContract,
  eu: z.object({ central: perContract, subCentral: perContract }),
  notices: z.object({ national: z.string().min(1), eu: z.string().min(1) }),
  // Optional so that operators' files from before it still load.
  standstillDays: z.number().int().nonnegative().default(DEFAULT_STANDSTILL_DAYS),
});
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD');
const thresholdsSchema = z.object({
  validFrom: z.string().optional(),
  ratesDate: localDate.optional(),
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

/** A currency's rate as the thresholds file states it: units per euro, and the date of the rate. */
export interface RateUsed {
  currency: Currency;
  /** The file's decimal as written (String of a parsed JSON number is its shortest form). */
  perEur: string;
  /** `ratesDate`, else `validFrom` when that is a date; null when the file dates neither. */
  date: string | null;
}

const isDate = (s: string | undefined): s is string => !!s && /^\d{4}-\d{2}-\d{2}$/.test(s);

/** The date the file's exchange rates are of. */
export const ratesDate = (thresholds: Thresholds): string | null =>
  thresholds.ratesDate ?? (isDate(thresholds.validFrom) ? thresholds.validFrom : null);

/** Each currency's rate from the file (the countries' currencies; EUR is Finland's, at 1). */
export function ratesOf(thresholds: Thresholds): Map<Currency, RateUsed> {
  const date = ratesDate(thresholds);
  return new Map(
    Object.values(thresholds.countries).map((c) => [
      c.currency as Currency,
      { currency: c.currency as Currency, perEur: String(c.rateFromEur), date },
    ]),
  );
}

/** `amount` in `from` converted exactly to `to` through the euro at the file's rates (not rounded). */
export function convertExact(thresholds: Thresholds, amount: string | Exact, from: Currency, to: Currency): Exact {
  if (from === to) return new Exact(amount);
  const rates = ratesOf(thresholds);
  return new Exact(amount).div(rates.get(from)!.perEur).times(rates.get(to)!.perEur);
}

/** The sum of amounts in `currency`, other currencies converted exactly at the file's rates (2 decimals). */
export function convertAtRates(
  thresholds: Thresholds,
  sums: { amount: string; currency: Currency }[],
  currency: Currency,
): string {
  return fixed(exactSum(sums.map((s) => convertExact(thresholds, s.amount, s.currency, currency))), 2);
}

/**
 * The standstill period (avtalsspärr, karenstid) of a country in days: after an award decision is
 * sent, the contract may not be concluded before it ends. From the thresholds file, 10 by default.
 */
export const standstillDays = (thresholds: Thresholds, country: keyof Thresholds['countries']): number =>
  thresholds.countries[country].standstillDays;
