import type { Country } from './organisation.entity.js';

/**
 * National organisation identifiers. Each country's rule is the registry's own check:
 * - NO (Enhetsregisteret): 9 digits, mod-11 check digit with weights 3,2,7,6,5,4,3,2.
 * - SE (Bolagsverket): 10 digits (NNNNNN-NNNN), Luhn check digit.
 * - DK (CVR): 8 digits, weights 2,7,6,5,4,3,2,1 sum to a multiple of 11.
 * - FI (Y-tunnus): 7 digits and a mod-11 check digit with weights 7,9,10,5,8,4,2, written NNNNNNN-C.
 */
export interface OrgNumberResult {
  /** Canonical stored form: digits only for NO, SE and DK; NNNNNNN-C for FI. */
  normalised?: string;
  error?: string;
}

const digits = (s: string) => [...s].map(Number);

function mod11(values: number[], weights: number[]): number {
  return values.reduce((sum, d, i) => sum + d * weights[i], 0) % 11;
}

function luhnValid(s: string): boolean {
  let sum = 0;
  digits(s)
    .reverse()
    .forEach((d, i) => {
      const v = i % 2 === 1 ? d * 2 : d;
      sum += v > 9 ? v - 9 : v;
    });
  return sum % 10 === 0;
}

export function validateOrganisationNumber(country: Country, raw: string): OrgNumberResult {
  const input = raw.trim();
  switch (country) {
    case 'NO': {
      const s = input.replace(/[\s.]/g, '');
      if (!/^\d{9}$/.test(s)) return { error: 'must be 9 digits (Norwegian organisasjonsnummer)' };
      const r = mod11(digits(s.slice(0, 8)), [3, 2, 7, 6, 5, 4, 3, 2]);
      const check = r === 0 ? 0 : 11 - r;
      if (check === 10 || check !== Number(s[8])) return { error: 'has a wrong mod-11 check digit' };
      return { normalised: s };
    }
    case 'SE': {
      const s = input.replace(/[\s-]/g, '');
      if (!/^\d{10}$/.test(s)) return { error: 'must be 10 digits, NNNNNN-NNNN (Swedish organisationsnummer)' };
      if (!luhnValid(s)) return { error: 'has a wrong Luhn check digit' };
      return { normalised: s };
    }
    case 'DK': {
      const s = input.replace(/^DK/i, '').replace(/\s/g, '');
      if (!/^\d{8}$/.test(s) || s[0] === '0')
        return { error: 'must be 8 digits not starting with 0 (Danish CVR number)' };
      if (mod11(digits(s), [2, 7, 6, 5, 4, 3, 2, 1]) !== 0) return { error: 'has a wrong mod-11 check digit' };
      return { normalised: s };
    }
    case 'FI': {
      const m = /^(\d{6,7})-?(\d)$/.exec(input.replace(/\s/g, ''));
      if (!m) return { error: 'must be 7 digits and a check digit, NNNNNNN-C (Finnish Y-tunnus)' };
      const body = m[1].padStart(7, '0');
      const r = mod11(digits(body), [7, 9, 10, 5, 8, 4, 2]);
      if (r === 1 || (r === 0 ? 0 : 11 - r) !== Number(m[2])) return { error: 'has a wrong check digit' };
      return { normalised: `${body}-${m[2]}` };
    }
    default:
      return { error: `no rule for country ${String(country)}` };
  }
}

/** Official municipality numbers: NO and SE use 4 digits (kommunenummer, kommunkod), DK and FI 3. */
export function validateMunicipalityCode(country: Country, raw: string): string | undefined {
  const code = raw.trim();
  const len = country === 'NO' || country === 'SE' ? 4 : 3;
  if (!new RegExp(`^\\d{${len}}$`).test(code)) return `must be ${len} digits for ${country}`;
  return undefined;
}
