import { Checkbox, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { CollapsibleForm } from '../components/Form';
import { SelectField } from '../components/SelectField';
import { useErrorText } from '../lib/error-text';
import { fieldProblems } from '../lib/errors';
import { useForm, useStatus, type Found } from '../lib/form';
import { useFormat } from '../lib/format';
import { graphql } from '../lib/graphql';
import type { ProcurementData } from './ProcurementData';

type Lot = ProcurementData['lots'][number];
type Assessment = ProcurementData['thresholdAssessment'];
type LotEstimate = Assessment['lots'][number];

/** The longest a contract may run with every option (the API's rule): 50 years. */
const MAX_MONTHS = 600;

const UpdateLotPeriod = graphql(`
  mutation UpdateLotPeriod($id: ID!, $input: UpdateLotInput!) {
    updateProcurementLot(id: $id, input: $input) {
      id
      contractStart
      durationMonths
      optionCount
      optionMonths
      maxDurationMonths
      valueBasis
      frameworkAgreement
    }
  }
`);

/** Months in words: whole years as years ("6 years"), else months ("30 months"). */
export function useDuration() {
  const { t } = useTranslation();
  return (months: number) =>
    months % 12 === 0 ? t('duration.years', { count: months / 12 }) : t('duration.months', { count: months });
}

/** A lot's contract period in a line: "4 years + 2 options of 1 year (6 years in all), from 1 Aug 2027". */
export function usePeriodText() {
  const { t } = useTranslation();
  const f = useFormat();
  const duration = useDuration();
  return (lot: Lot) => {
    if (lot.durationMonths == null)
      return lot.contractStart ? t('period.from', { date: f.localDate(lot.contractStart) }) : '–';
    const length =
      lot.optionCount > 0 && lot.optionMonths != null && lot.maxDurationMonths != null
        ? t('period.withOptions', {
            count: lot.optionCount,
            duration: duration(lot.durationMonths),
            each: duration(lot.optionMonths),
            max: duration(lot.maxDurationMonths),
          })
        : duration(lot.durationMonths);
    return lot.contractStart ? `${length}, ${t('period.from', { date: f.localDate(lot.contractStart) })}` : length;
  };
}

/**
 * One lot's estimated value as it is computed, in the interface language from the assessment's
 * fields: "3 authorities × 3,000,000 NOK a year × 6 years = 54,000,000 NOK".
 */
export function useComputation() {
  const { t } = useTranslation();
  const f = useFormat();
  const duration = useDuration();
  return (l: LotEstimate) => {
    const money = (m: { amount: string; currency: string }) => f.money(m.amount, m.currency);
    const count = l.authorityCount;
    if (count === 0) return t('computation.none');
    const value = money(l.estimatedValue);
    if (l.basis === 'ANNUAL' && l.months != null) {
      return l.amountPerAuthority
        ? t('computation.sameAnnual', {
            count,
            amount: money(l.amountPerAuthority),
            duration: duration(l.months),
            value,
          })
        : t('computation.sumAnnual', { count, amount: money(l.statedValue), duration: duration(l.months), value });
    }
    return l.amountPerAuthority
      ? t('computation.sameTotal', { count, amount: money(l.amountPerAuthority), value })
      : t('computation.sumTotal', { count, amount: money(l.statedValue), value });
  };
}

/** Whole months as typed, or null when empty; NaN when it is not a whole number. */
const wholeNumber = (v: string): number | null => (v.trim() === '' ? null : /^\d+$/.test(v.trim()) ? Number(v) : NaN);

/**
 * A coordinator sets a lot's contract period before the competition: start, duration, extension
 * options, whether the stated values are a year's or the whole period's, and the framework flag.
 * The rules are the API's, checked here first so each message stands beside its field.
 */
export function LotPeriodForm({ lot, onChange }: { lot: Lot; onChange: () => void }) {
  const { t } = useTranslation();
  const form = useForm({
    contractStart: lot.contractStart ?? '',
    durationMonths: lot.durationMonths == null ? '' : String(lot.durationMonths),
    optionCount: String(lot.optionCount),
    optionMonths: lot.optionMonths == null ? '' : String(lot.optionMonths),
    valueBasis: lot.valueBasis as string,
  });
  const [framework, setFramework] = useState(lot.frameworkAgreement);
  const [saved, update] = useMutation(UpdateLotPeriod);
  const { status, report } = useStatus(onChange);
  const rules = t('period.errors', { returnObjects: true }) as Record<string, string>;
  // A rule the API refused is said beside its field, in the interface language where it is known.
  const { problem } = useErrorText();
  const refused = Object.fromEntries(fieldProblems(saved.error).map((p) => [p.field, rules[p.rule] ?? problem(p)]));
  const field = (name: Parameters<typeof form.field>[0]) => ({
    ...form.field(name),
    error: form.errors[name] ?? refused[name],
  });

  const submit = async () => {
    const v = form.values;
    const duration = wholeNumber(v.durationMonths);
    const options = wholeNumber(v.optionCount) ?? 0;
    const each = wholeNumber(v.optionMonths);
    const bad = (n: number | null, min: number) => n !== null && (Number.isNaN(n) || n < min || n > MAX_MONTHS);
    const found: Found = {
      durationMonths: bad(duration, 1)
        ? t('period.errors.range')
        : options > 0 && duration === null
          ? rules.optionsNeedDuration
          : v.valueBasis === 'ANNUAL' && duration === null && rules.annualNeedsDuration,
      optionCount: bad(options, 0) && t('period.errors.count'),
      optionMonths: bad(each, 1)
        ? t('period.errors.range')
        : options > 0 && each === null
          ? rules.optionsNeedMonths
          : options > 0 &&
            duration !== null &&
            each !== null &&
            duration + options * each > MAX_MONTHS &&
            rules.maxDuration,
    };
    if (!form.check(found)) return;
    const r = await update({
      id: lot.id,
      input: {
        contractStart: v.contractStart || null,
        durationMonths: duration,
        optionCount: options,
        optionMonths: options > 0 ? each : null,
        valueBasis: v.valueBasis as Lot['valueBasis'],
        frameworkAgreement: framework,
      },
    });
    report(r, t('period.saved', { number: lot.number }));
  };

  return (
    <CollapsibleForm
      summary={t('period.edit', { number: lot.number, title: lot.title })}
      onSubmit={submit}
      intro={t('period.help')}
      result={saved}
      status={status}
      submitLabel={t('period.save')}
    >
      <div className="row">
        <Textfield label={t('period.start')} type="date" {...field('contractStart')} />
        <Textfield
          label={t('period.durationMonths')}
          description={t('period.durationHelp')}
          inputMode="numeric"
          {...field('durationMonths')}
        />
      </div>
      <div className="row">
        <Textfield label={t('period.optionCount')} inputMode="numeric" {...field('optionCount')} />
        <Textfield label={t('period.optionMonths')} inputMode="numeric" {...field('optionMonths')} />
      </div>
      <SelectField
        label={t('period.basis')}
        {...field('valueBasis')}
        options={(['TOTAL', 'ANNUAL'] as const).map((b) => ({ value: b, label: t(`valueBasis.${b}`) }))}
      />
      <Checkbox
        label={t('period.frameworkAgreement')}
        checked={framework}
        onChange={(e) => setFramework(e.target.checked)}
      />
    </CollapsibleForm>
  );
}
