import Decimal from 'decimal.js';
import { UserInputError } from '../errors.js';

/**
 * Exact decimal arithmetic for money and measured values: one approach everywhere (decimal.js),
 * so sums and currency conversions never go through binary floating point. Enough precision for
 * any amount PostgreSQL `numeric` holds here; plain notation, never exponents.
 */
export const Exact = Decimal.clone({ precision: 50, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -50, toExpPos: 50 });
export type Exact = InstanceType<typeof Exact>;

/** The exact sum of decimal strings. */
export const exactSum = (values: (string | Exact)[]): Exact => values.reduce<Exact>((a, v) => a.plus(v), new Exact(0));

/** An amount with exactly `places` decimals (money: 2). */
export const fixed = (value: Exact, places: number): string => value.toFixed(places);

/** The shortest exact string: no trailing zeros (measurements). */
export const plain = (value: Exact): string => value.toString();

/**
 * A money amount as entered (PostgreSQL numeric(16,2)): not negative, at most 14 digits and 2
 * decimals. BAD_USER_INPUT naming `field` otherwise; the amount itself when it fits.
 */
export function checkMoney(field: string, amount: string): string {
  if (amount.trim().startsWith('-')) throw UserInputError.field(field, 'min', 'must not be negative');
  if (!/^\d{1,14}(\.\d{1,2})?$/.test(amount.trim())) {
    throw UserInputError.field(field, 'precision', 'must have at most 14 digits and 2 decimals');
  }
  return amount.trim();
}
