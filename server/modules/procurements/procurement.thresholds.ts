import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

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
