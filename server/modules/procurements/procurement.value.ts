import type { EntityManager } from 'typeorm';
import { Exact, fixed } from '../../common/money.js';
import { UserInputError } from '../../errors.js';
import type { Currency } from '../needs/interest.entity.js';
import type { Country } from '../organisations/organisation.entity.js';
import {
  ContractType,
  Lot,
  LotValue,
  MandateStatus,
  MAX_CONTRACT_MONTHS,
  Participant,
  ValueBasis,
  type Procurement,
} from './procurement.entity.js';
import { convertExact, ratesOf, type RateUsed, type Thresholds } from './procurement.thresholds.js';

/*
 * The estimated value of a joint procurement: the one place that says what it is. Both the
 * Norwegian and the Swedish rules (and the directive's art. 5) count the total over the maximum
 * duration with every option, so a value stated a year (ANNUAL) is multiplied over the lot's
 * maximum duration; a value stated for the whole period (TOTAL) counts as stated. Per participant,
 * summed; withdrawn participants count for nothing. Exact decimals throughout (decimal.js): a
 * lot's estimate is rounded to cents once, in each currency and in the lead's currency, and the
 * total is the sum of the lots' rounded estimates, so the computation shown adds up.
 *
 * Everything that states an estimated value (the GraphQL fields, the threshold assessment, the
 * OCDS export, eForms notices) takes it from `estimatedValues`.
 */

// ---- the contract period ----

/** What decides a lot's maximum duration and how its stated values count. */
export interface LotPeriod {
  durationMonths: number | null;
  optionCount: number;
  optionMonths: number | null;
  valueBasis: ValueBasis;
}

/** The contract period of a lot with every option used; null while the lot has no duration. */
export const maxDurationMonths = (lot: LotPeriod): number | null =>
  lot.durationMonths == null ? null : lot.durationMonths + lot.optionCount * (lot.optionMonths ?? 0);

/** A lot's period fields as a create or an update gives them: undefined leaves a field as it is, null clears it. */
export interface PeriodInput {
  contractStart?: string | null;
  durationMonths?: number | null;
  optionCount?: number | null;
  optionMonths?: number | null;
  valueBasis?: ValueBasis | null;
  frameworkAgreement?: boolean | null;
}

export type PeriodFields = LotPeriod & { contractStart: string | null; frameworkAgreement: boolean };

/** A new lot's period: none, values for the whole period (what values stated before periods existed mean). */
export const NO_PERIOD: PeriodFields = {
  contractStart: null,
  durationMonths: null,
  optionCount: 0,
  optionMonths: null,
  valueBasis: ValueBasis.TOTAL,
  frameworkAgreement: false,
};

/**
 * `current` changed by `input`, or BAD_USER_INPUT naming the field (under `prefix`, e.g.
 * `input.` or `input.lots[2].`) and the rule it breaks. The ranges of single fields are the input
 * classes' rules; these are the rules between fields, checked on the lot as it would be.
 */
export function changedPeriod(current: PeriodFields, input: PeriodInput, prefix: string): PeriodFields {
  const next: PeriodFields = { ...current };
  if (input.contractStart !== undefined) next.contractStart = input.contractStart;
  if (input.durationMonths !== undefined) next.durationMonths = input.durationMonths;
  if (input.optionCount !== undefined) next.optionCount = input.optionCount ?? 0;
  if (input.optionMonths !== undefined) next.optionMonths = input.optionMonths;
  if (input.valueBasis != null) next.valueBasis = input.valueBasis;
  if (input.frameworkAgreement != null) next.frameworkAgreement = input.frameworkAgreement;
  // Of the fields a rule is about, the error names one the caller sent (else the first).
  const field = (...names: (keyof PeriodInput)[]) => prefix + (names.find((n) => input[n] !== undefined) ?? names[0]);

  if (next.optionCount > 0 && next.optionMonths == null) {
    throw UserInputError.field(`${prefix}optionMonths`, 'optionsNeedMonths', 'options need the months each adds');
  }
  if (next.optionCount > 0 && next.durationMonths == null) {
    throw UserInputError.field(
      `${prefix}durationMonths`,
      'optionsNeedDuration',
      'options need the contract duration they extend',
    );
  }
  if (next.optionCount === 0) next.optionMonths = null;
  const max = maxDurationMonths(next);
  if (max != null && max > MAX_CONTRACT_MONTHS) {
    throw UserInputError.field(
      field('optionMonths', 'optionCount', 'durationMonths'),
      'maxDuration',
      `the duration with every option must be at most ${MAX_CONTRACT_MONTHS} months (50 years); it would be ${max}`,
    );
  }
  if (next.valueBasis === ValueBasis.ANNUAL && next.durationMonths == null) {
    throw UserInputError.field(
      field('valueBasis', 'durationMonths'),
      'annualNeedsDuration',
      'annual values need the contract duration (the estimate counts a year’s value over the whole period)',
    );
  }
  return next;
}

// ---- the estimate ----

/** Sums in one currency, and how many authorities stated them. */
export interface CurrencySum {
  amount: string;
  currency: Currency;
  authorityCount: number;
}

/** One lot's estimated value and how it came about. */
export interface LotEstimate {
  lot: Lot;
  maxDurationMonths: number | null;
  /** The participants (not withdrawn) that stated a value for the lot. */
  authorityCount: number;
  /** The stated values summed per currency, as stated (a year's when ANNUAL). */
  stated: CurrencySum[];
  /** The estimate per currency, over the maximum duration (2 decimals). */
  estimated: CurrencySum[];
  /** The stated values summed in the lead's currency (2 decimals). */
  statedTotal: string;
  /** What each authority stated, in the lead's currency, when all stated the same; else null. */
  perAuthority: string | null;
  /** The lot's estimated value in the lead's currency (2 decimals). */
  value: string;
}

/** A procurement's estimated value per lot and in total. */
export interface ValueEstimate {
  /** The lead authority's country's currency, which the totals are in. */
  currency: Currency;
  lots: LotEstimate[];
  /** Per currency over every lot (unconverted; 2 decimals). */
  estimated: CurrencySum[];
  /** The estimated value in `currency`: the sum of the lots' values (2 decimals). */
  total: string;
  /** The currencies converted into `currency`. */
  converted: Currency[];
  /** The rates used, `currency`'s first; empty when nothing was converted. */
  rates: RateUsed[];
}

/** What an estimate is computed from: a procurement's lots, stated values and participants. */
export interface EstimateFacts {
  lots: Lot[];
  values: LotValue[];
  participants: Pick<Participant, 'organisationId' | 'mandateStatus'>[];
}

/** What a year's (ANNUAL) or the whole period's (TOTAL) stated value is multiplied by. */
function periodFactor(lot: LotPeriod): Exact {
  const months = maxDurationMonths(lot);
  // A lot cannot be ANNUAL without a duration (changedPeriod); a row that somehow is counts as stated.
  return lot.valueBasis === ValueBasis.ANNUAL && months != null ? new Exact(months).div(12) : new Exact(1);
}

const byCurrency = (a: { currency: string }, b: { currency: string }) => a.currency.localeCompare(b.currency);

/**
 * The estimated value of each lot and in total, in `currency` (the lead authority's), other
 * currencies converted exactly at the thresholds file's rates.
 */
export function estimatedValues(facts: EstimateFacts, thresholds: Thresholds, currency: Currency): ValueEstimate {
  const counted = new Set(
    facts.participants.filter((p) => p.mandateStatus !== MandateStatus.WITHDRAWN).map((p) => p.organisationId),
  );
  const converted = new Set<Currency>();
  const all = new Map<Currency, { amount: Exact; orgs: Set<string> }>();

  const lots = [...facts.lots]
    .sort((a, b) => a.number - b.number)
    .map((lot): LotEstimate => {
      const values = facts.values.filter((v) => v.lotId === lot.id && counted.has(v.organisationId));
      const factor = periodFactor(lot);
      const perCurrency = new Map<Currency, { stated: Exact; estimated: Exact; orgs: Set<string> }>();
      for (const v of values) {
        const s = perCurrency.get(v.currency) ?? { stated: new Exact(0), estimated: new Exact(0), orgs: new Set() };
        s.stated = s.stated.plus(v.amount);
        // Per participant, then summed: each authority's share of the lot over the period.
        s.estimated = s.estimated.plus(new Exact(v.amount).times(factor));
        s.orgs.add(v.organisationId);
        perCurrency.set(v.currency, s);
      }
      const sums = [...perCurrency.entries()].sort(([a], [b]) => a.localeCompare(b));
      let statedTotal = new Exact(0);
      let value = new Exact(0);
      for (const [c, s] of sums) {
        if (c !== currency) converted.add(c);
        statedTotal = statedTotal.plus(convertExact(thresholds, s.stated, c, currency));
        value = value.plus(convertExact(thresholds, s.estimated, c, currency));
        const a = all.get(c) ?? { amount: new Exact(0), orgs: new Set<string>() };
        a.amount = a.amount.plus(fixed(s.estimated, 2));
        s.orgs.forEach((o) => a.orgs.add(o));
        all.set(c, a);
      }
      const inLeadCurrency = values.map((v) => fixed(convertExact(thresholds, v.amount, v.currency, currency), 2));
      return {
        lot,
        maxDurationMonths: maxDurationMonths(lot),
        authorityCount: new Set(values.map((v) => v.organisationId)).size,
        stated: sums.map(([c, s]) => ({ currency: c, amount: fixed(s.stated, 2), authorityCount: s.orgs.size })),
        estimated: sums.map(([c, s]) => ({ currency: c, amount: fixed(s.estimated, 2), authorityCount: s.orgs.size })),
        statedTotal: fixed(statedTotal, 2),
        perAuthority:
          inLeadCurrency.length && inLeadCurrency.every((a) => a === inLeadCurrency[0]) ? inLeadCurrency[0] : null,
        value: fixed(value, 2),
      };
    });

  const rates = ratesOf(thresholds);
  return {
    currency,
    lots,
    estimated: [...all.entries()]
      .map(([c, a]) => ({ currency: c, amount: fixed(a.amount, 2), authorityCount: a.orgs.size }))
      .sort(byCurrency),
    total: fixed(
      lots.reduce((t, l) => t.plus(l.value), new Exact(0)),
      2,
    ),
    converted: [...converted].sort(),
    rates: converted.size ? [currency, ...[...converted].sort()].map((c) => rates.get(c)!) : [],
  };
}

/** A procurement's estimate read inside a transaction (services; resolvers use the loaders' batched one). */
export async function readEstimatedValues(
  em: EntityManager,
  procurement: Procurement,
  thresholds: Thresholds,
  leadCountry: Country,
): Promise<ValueEstimate> {
  const [lots, values, participants] = await Promise.all([
    em.getRepository(Lot).findBy({ procurementId: procurement.id }),
    em.getRepository(LotValue).findBy({ procurementId: procurement.id }),
    em.getRepository(Participant).findBy({ procurementId: procurement.id }),
  ]);
  return estimatedValues({ lots, values, participants }, thresholds, leadCurrency(thresholds, leadCountry));
}

/** The currency of the lead authority's country, which estimates and thresholds are in. */
export const leadCurrency = (thresholds: Thresholds, country: Country): Currency =>
  thresholds.countries[country].currency as Currency;

// ---- the computation in words ----

/** An amount in English digits: 3,000,000 or 1,234.50. */
export function englishAmount(amount: string | Exact): string {
  const d = new Exact(amount);
  const [int, dec] = fixed(d.abs(), d.isInteger() ? 0 : 2).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${d.isNegative() ? '-' : ''}${grouped}${dec ? `.${dec}` : ''}`;
}

const money = (amount: string | Exact, currency: Currency) => `${englishAmount(amount)} ${currency}`;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The maximum duration in words: whole years as years, else months. */
const duration = (months: number) =>
  months % 12 === 0 ? plural(months / 12, 'year', 'years') : plural(months, 'month', 'months');

/** "3 authorities × 3,000,000 NOK a year × 6 years = 54,000,000 NOK" for one lot. */
export function lotComputation(l: LotEstimate, currency: Currency): string {
  if (l.authorityCount === 0) return `no stated values = ${money('0', currency)}`;
  const annual = l.lot.valueBasis === ValueBasis.ANNUAL && l.maxDurationMonths != null;
  const basis = annual ? ' a year' : ' for the whole period';
  const stated =
    l.perAuthority != null
      ? `${plural(l.authorityCount, 'authority', 'authorities')} × ${money(l.perAuthority, currency)}${basis}`
      : `${money(l.statedTotal, currency)}${basis} from ${plural(l.authorityCount, 'authority', 'authorities')}`;
  return `${stated}${annual ? ` × ${duration(l.maxDurationMonths!)}` : ''} = ${money(l.value, currency)}`;
}

// ---- against the thresholds ----

/** Where an estimate stands against the thresholds of the lead authority's country. */
export interface ThresholdFacts {
  estimate: ValueEstimate;
  country: Country;
  /** A state agency takes part: the lower (central government) EU threshold. */
  central: boolean;
  contractType: ContractType;
  thresholds: Thresholds;
}

export interface ThresholdPosition {
  national: string;
  eu: string;
  aboveNational: boolean;
  aboveEu: boolean;
  notices: { kind: 'NATIONAL' | 'EU'; description: string }[];
  /** The computation in English (the API's and exports' words; clients compose their own). */
  explanation: string;
}

/** The thresholds that apply and which the estimate reaches (at or above counts as above), with the computation. */
export function thresholdPosition({
  estimate,
  country,
  central,
  contractType,
  thresholds,
}: ThresholdFacts): ThresholdPosition {
  const c = thresholds.countries[country];
  const { currency, total } = estimate;
  const national = String(c.national[contractType]);
  const eu = String(c.eu[central ? 'central' : 'subCentral'][contractType]);
  const t = new Exact(total);
  const aboveEu = t.gte(eu);
  const aboveNational = t.gte(national);
  const notices = aboveEu
    ? [{ kind: 'EU' as const, description: c.notices.eu }]
    : aboveNational
      ? [{ kind: 'NATIONAL' as const, description: c.notices.national }]
      : [];

  const euWords = `the EU threshold for ${contractType} (${money(eu, currency)})`;
  const nationalWords = `the national threshold (${money(national, currency)})`;
  const position = aboveEu
    ? `${t.eq(eu) ? 'at' : 'above'} ${euWords}`
    : aboveNational
      ? `${t.eq(national) ? 'at' : 'above'} ${nationalWords}, below ${euWords}`
      : `below ${nationalWords}`;
  const valued = estimate.lots.filter((l) => l.authorityCount > 0);
  const lines =
    estimate.lots.length === 1
      ? [`${lotComputation(estimate.lots[0], currency)}, ${position}.`]
      : [
          ...estimate.lots.map((l) => `Lot ${l.lot.number} (${l.lot.title}): ${lotComputation(l, currency)}.`),
          `Total: ${
            valued.length > 1 ? `${valued.map((l) => money(l.value, currency)).join(' + ')} = ` : ''
          }${money(total, currency)}, ${position}.`,
        ];
  if (notices.length) lines.push(`Required notice: ${notices.map((n) => n.description).join(', ')}.`);
  if (estimate.rates.length) {
    const date = estimate.rates[0].date;
    const rates = estimate.rates.filter((r) => r.currency !== 'EUR').map((r) => `${r.perEur} ${r.currency}`);
    lines.push(`Converted at ${rates.join(', ')} per EUR${date ? ` (rates of ${date})` : ''}.`);
  }
  return { national, eu, aboveNational, aboveEu, notices, explanation: lines.join('\n') };
}
