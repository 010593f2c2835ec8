import { UserInputError } from '../../errors.js';
import { MAX_CONTRACT_MONTHS, type Lot } from '../procurements/procurement.entity.js';

/** A contract's period as entered, each part defaulting to the lot's planned period. */
export interface PeriodInput {
  startDate?: string | null;
  durationMonths?: number | null;
  optionCount?: number | null;
  optionMonths?: number | null;
}

export interface ContractPeriod {
  startDate: string;
  durationMonths: number;
  optionCount: number;
  optionMonths: number | null;
}

const months = (field: string, value: number, most: number) => {
  if (!Number.isInteger(value) || value < 1) throw UserInputError.field(field, 'min', 'must be at least 1 month');
  if (value > most) throw UserInputError.field(field, 'max', `must be at most ${most} months (50 years in all)`);
};

/**
 * The period of a contract: given, or else the lot's. A duration of 1 to 600 months; options need
 * their months, and the whole with every option is at most 50 years. BAD_USER_INPUT names the field.
 */
export function checkContractPeriod(input: PeriodInput, lot: Lot): ContractPeriod {
  const startDate = input.startDate ?? lot.contractStart;
  if (!startDate)
    throw UserInputError.field('input.startDate', 'required', 'is required: the lot has no planned start');
  const durationMonths = input.durationMonths ?? lot.durationMonths;
  if (durationMonths == null) {
    throw UserInputError.field('input.durationMonths', 'required', 'is required: the lot has no planned duration');
  }
  months('input.durationMonths', durationMonths, MAX_CONTRACT_MONTHS);
  const optionCount = input.optionCount ?? lot.optionCount;
  if (!Number.isInteger(optionCount) || optionCount < 0) {
    throw UserInputError.field('input.optionCount', 'min', 'must not be negative');
  }
  if (optionCount === 0) return { startDate, durationMonths, optionCount, optionMonths: null };
  const optionMonths = input.optionMonths ?? lot.optionMonths;
  if (optionMonths == null) {
    throw UserInputError.field('input.optionMonths', 'required', 'is required with extension options');
  }
  months('input.optionMonths', optionMonths, MAX_CONTRACT_MONTHS);
  if (durationMonths + optionCount * optionMonths > MAX_CONTRACT_MONTHS) {
    throw UserInputError.field(
      'input.optionMonths',
      'maxTotal',
      `makes the contract with every option longer than ${MAX_CONTRACT_MONTHS} months (50 years)`,
    );
  }
  return { startDate, durationMonths, optionCount, optionMonths };
}
