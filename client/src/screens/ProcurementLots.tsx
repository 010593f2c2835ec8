import { Heading, Paragraph, Table, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { DataTable } from '../components/DataTable';
import { Form } from '../components/Form';
import { Section } from '../components/Section';
import { SelectField } from '../components/SelectField';
import { CURRENCIES } from '../lib/enums';
import { useFormat } from '../lib/format';
import { graphql } from '../lib/graphql';
import { decimalInput } from '../lib/procurement';
import type { ProcurementData, ProcurementSectionProps } from './ProcurementData';
import { ExportLinks } from './ProcurementExports';
import { LotDetailsForm, NewLotForm } from './ProcurementLotEdit';
import { LotPeriodForm, useComputation, usePeriodText } from './ProcurementPeriod';
import { CpvCodes } from '../components/CpvCodes';

const SetLotValue = graphql(`
  mutation SetLotValue($input: SetLotValueInput!) {
    setLotValue(input: $input) {
      lotId
      amount
      currency
    }
  }
`);

type Currency = (typeof CURRENCIES)[number];

/** The viewer's organisation's value per lot (its share of the estimated value, excluding VAT). */
export function ValueForm({ p, onChange }: ProcurementSectionProps) {
  const { t } = useTranslation();
  const me = p.participants.find((x) => x.id === p.viewerParticipant?.id);
  const initial = (lotId: string) => me?.statedValues.find((v) => v.lotId === lotId);
  const [amounts, setAmounts] = useState<Record<string, string>>(() =>
    Object.fromEntries(p.lots.map((l) => [l.id, initial(l.id)?.amount ?? ''])),
  );
  const [currency, setCurrency] = useState<Currency>(
    (me?.statedValues[0]?.currency as Currency | undefined) ??
      (p.thresholdAssessment.estimatedValue.currency as Currency),
  );
  const [saved, setValue] = useMutation(SetLotValue);
  const [status, setStatus] = useState('');
  if (!me || me.mandate.status === 'WITHDRAWN' || p.lots.length === 0) return null;

  const submit = async () => {
    for (const l of p.lots) {
      const amount = decimalInput(amounts[l.id] ?? '');
      if (amount === null || amount === initial(l.id)?.amount) continue;
      const r = await setValue({ input: { lotId: l.id, amount, currency } });
      if (r.error) return;
    }
    setStatus(t('values.saved'));
    onChange();
  };

  return (
    <Form
      onSubmit={submit}
      className="panel stack"
      aria-labelledby="my-values-heading"
      result={saved}
      status={status}
      submitLabel={t('values.save')}
    >
      <Heading level={3} data-size="xs" id="my-values-heading">
        {t('values.mine')}
      </Heading>
      <Paragraph data-size="sm">
        {t('values.intro')}
        {p.lots.some((l) => l.valueBasis === 'ANNUAL') && ` ${t('values.introAnnual')}`}
      </Paragraph>
      <SelectField
        label={t('interest.currency')}
        value={currency}
        onChange={(e) => setCurrency(e.target.value as Currency)}
        options={CURRENCIES.map((c) => ({ value: c, label: c }))}
      />
      <div className="row">
        {p.lots.map((l) => (
          <Textfield
            key={l.id}
            label={t(l.valueBasis === 'ANNUAL' ? 'values.forLotAnnual' : 'values.forLot', {
              number: l.number,
              title: l.title,
            })}
            inputMode="decimal"
            value={amounts[l.id] ?? ''}
            onChange={(e) => setAmounts((a) => ({ ...a, [l.id]: e.target.value }))}
          />
        ))}
      </div>
    </Form>
  );
}

/** What the thresholds say about the estimated value: how it is computed, and which notices the procurement needs. */
function ThresholdPanel({ p }: { p: ProcurementData }) {
  const { t } = useTranslation();
  const f = useFormat();
  const computation = useComputation();
  const ta = p.thresholdAssessment;
  const money = (m: { amount: string; currency: string }) => f.money(m.amount, m.currency);
  const type = t(`threshold.forType.${p.contractType}`);
  const lotOf = (id: string) => p.lots.find((l) => l.id === id);
  const rates = ta.rates.filter((r) => r.currency !== 'EUR').map((r) => `${f.number(r.perEur)} ${r.currency}`);
  return (
    <div className="panel stack-sm" role="region" aria-labelledby="threshold-heading">
      <Heading level={3} data-size="xs" id="threshold-heading">
        {t('threshold.title')}
      </Heading>
      <Paragraph data-size="sm">{t('computation.title')}</Paragraph>
      <ul className="computation">
        {ta.lots.map((l) => {
          const lot = lotOf(l.lot.id);
          return (
            <li key={l.lot.id}>
              {lot && ta.lots.length > 1 && <>{t('lots.lotTitle', { number: lot.number, title: lot.title })}: </>}
              {computation(l)}
            </li>
          );
        })}
      </ul>
      <Paragraph data-size="sm">
        <strong>{t('computation.total', { value: money(ta.estimatedValue) })}</strong>{' '}
        {ta.aboveEuThreshold
          ? t('computation.aboveEu', { type, threshold: money(ta.euThreshold) })
          : ta.aboveNationalThreshold
            ? t('computation.aboveNational', { type, national: money(ta.nationalThreshold), eu: money(ta.euThreshold) })
            : t('computation.below', { national: money(ta.nationalThreshold) })}{' '}
        {t(`threshold.level.${ta.authorityLevel}`)}
      </Paragraph>
      {rates.length > 0 && (
        <Paragraph data-size="sm">
          {ta.rates[0].date
            ? t('computation.rates', { rates: rates.join(', '), date: f.localDate(ta.rates[0].date) })
            : t('computation.ratesUndated', { rates: rates.join(', ') })}
        </Paragraph>
      )}
      {ta.requiredNotices.length === 0 ? (
        <Paragraph data-size="sm">{t('threshold.noNotices')}</Paragraph>
      ) : (
        <>
          <Paragraph data-size="sm">{t('threshold.notices')}</Paragraph>
          <ul>
            {ta.requiredNotices.map((n) => (
              <li key={n.kind}>
                <strong>{t(`noticeKind.${n.kind}`)}</strong>: {n.description}
              </li>
            ))}
          </ul>
        </>
      )}
      <Paragraph data-size="xs" className="muted">
        {t('threshold.disclaimer')}
      </Paragraph>
    </div>
  );
}

/** Phases in which lots no longer change (the API's rule: before the competition only). */
const FIXED = ['COMPETITION', 'CONTRACT_FOLLOW_UP', 'BENEFITS_REALISATION', 'CLOSED', 'CANCELLED'];

/**
 * The lots with their contract periods, stated values and estimated values (over the whole period
 * with options), the threshold assessment; for coordinators, before the competition, each lot's
 * details and period, its removal, and a new lot.
 */
export function LotsSection({ p, onChange }: ProcurementSectionProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const periodText = usePeriodText();
  const sums = (v: { amount: string; currency: string }[]) =>
    v.map((s) => f.currency(s.amount, s.currency)).join(', ') || '–';
  return (
    <Section id="lots" title={t('lots.title')}>
      <DataTable
        caption={t('lots.title')}
        columns={[
          t('lots.lot'),
          t('lots.cpv'),
          t('lots.period'),
          { label: t('lots.stated'), num: true },
          { label: t('lots.estimatedValue'), num: true },
        ]}
      >
        {p.lots.map((l) => (
          <Table.Row key={l.id}>
            <Table.HeaderCell scope="row">
              {t('lots.lotTitle', { number: l.number, title: l.title })}
              {l.frameworkAgreement && <div className="small">{t('lots.framework')}</div>}
              {l.description && <div className="small muted">{l.description}</div>}
            </Table.HeaderCell>
            <Table.Cell>{l.cpv.length ? <CpvCodes cpv={l.cpv} /> : '–'}</Table.Cell>
            <Table.Cell>{periodText(l)}</Table.Cell>
            <Table.Cell className="num">
              {l.valueBasis === 'ANNUAL' && l.statedValue.length
                ? `${sums(l.statedValue)} ${t('valueBasis.ANNUAL')}`
                : sums(l.statedValue)}
            </Table.Cell>
            <Table.Cell className="num">{sums(l.estimatedValue)}</Table.Cell>
          </Table.Row>
        ))}
        <Table.Row>
          <Table.HeaderCell scope="row">{t('lots.total')}</Table.HeaderCell>
          <Table.Cell />
          <Table.Cell />
          <Table.Cell />
          <Table.Cell className="num">{sums(p.estimatedValue)}</Table.Cell>
        </Table.Row>
      </DataTable>
      <ExportLinks exports={p.exports} kind="VALUES" />
      <ThresholdPanel p={p} />
      {p.viewerIsCoordinator && !FIXED.includes(p.phase) && (
        <div className="stack-sm">
          {p.lots.map((l) => (
            <div key={l.id} className="stack-sm">
              <LotDetailsForm lot={l} onChange={onChange} />
              <LotPeriodForm lot={l} onChange={onChange} />
            </div>
          ))}
          <NewLotForm p={p} onChange={onChange} />
        </div>
      )}
    </Section>
  );
}
