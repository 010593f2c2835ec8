import { Table, Textfield } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { DataTable } from '../components/DataTable';
import { LiveStatus, QueryState } from '../components/Feedback';
import { CollapsibleForm } from '../components/Form';
import { Section } from '../components/Section';
import { SelectField } from '../components/SelectField';
import { useForm, useStatus } from '../lib/form';
import { useFormat } from '../lib/format';
import { graphql, type ResultOf } from '../lib/graphql';
import { decimalInput, useProcurementRefetch } from '../lib/procurement';

const BenefitsQuery = graphql(`
  query ProcurementBenefits($id: ID!) {
    jointProcurement(id: $id) {
      id
      benefits {
        id
        name
        description
        unit
        direction
        perAuthority {
          organisation {
            id
            name
          }
          baseline
          latest
          change
        }
        total {
          baseline
          latest
          change
        }
      }
    }
  }
`);

const RecordMeasurement = graphql(`
  mutation RecordBenefitMeasurement($input: RecordMeasurementInput!) {
    recordBenefitMeasurement(input: $input) {
      id
    }
  }
`);

const AddIndicator = graphql(`
  mutation AddBenefitIndicator($input: AddIndicatorInput!) {
    addBenefitIndicator(input: $input) {
      id
    }
  }
`);

type Indicator = ResultOf<typeof BenefitsQuery>['jointProcurement']['benefits'][number];
type Direction = 'LOWER_IS_BETTER' | 'HIGHER_IS_BETTER';
type Report = (result: { error?: unknown }, text: string) => boolean;

/** A participant records its baseline or a follow-up measurement of one indicator. */
function MeasurementForm({ indicators, report }: { indicators: readonly Indicator[]; report: Report }) {
  const { t } = useTranslation();
  const [recorded, record] = useMutation(RecordMeasurement);
  const form = useForm({ indicatorId: '', kind: 'BASELINE' as 'BASELINE' | 'FOLLOW_UP', value: '', measuredOn: '' });
  const chosen = form.values.indicatorId || indicators[0]?.id;

  const submit = async () => {
    const { kind, measuredOn } = form.values;
    const value = decimalInput(form.values.value);
    const found = { value: !value && t('common.required'), ...form.missing('measuredOn') };
    if (!form.check(found) || !chosen) return;
    const r = await record({ input: { indicatorId: chosen, kind, value: value!, measuredOn } });
    if (report(r, t('benefits.recorded'))) form.reset('value');
  };

  return (
    <CollapsibleForm
      summary={t('benefits.record')}
      onSubmit={submit}
      result={recorded}
      submitLabel={t('benefits.recordSubmit')}
    >
      <div className="row">
        <SelectField
          label={t('benefits.indicator')}
          {...form.field('indicatorId')}
          value={chosen}
          options={indicators.map((i) => ({ value: i.id, label: i.name }))}
        />
        <SelectField
          label={t('benefits.kind')}
          {...form.field('kind')}
          options={[
            { value: 'BASELINE', label: t('benefits.baseline') },
            { value: 'FOLLOW_UP', label: t('benefits.followUp') },
          ]}
        />
        <Textfield label={t('benefits.value')} inputMode="decimal" {...form.field('value')} required />
        <Textfield label={t('benefits.measuredOn')} type="date" {...form.field('measuredOn')} required />
      </div>
    </CollapsibleForm>
  );
}

/** The coordinator adds an indicator the participants measure (its unit, which way is better). */
function IndicatorForm({ procurementId, report }: { procurementId: string; report: Report }) {
  const { t } = useTranslation();
  const [added, addIndicator] = useMutation(AddIndicator);
  const form = useForm({ name: '', unit: '', direction: 'LOWER_IS_BETTER' as Direction });

  const submit = async () => {
    if (!form.check(form.missing('name', 'unit'))) return;
    const { name, unit, direction } = form.values;
    const r = await addIndicator({ input: { procurementId, name: name.trim(), unit: unit.trim(), direction } });
    if (report(r, t('benefits.added'))) form.reset('name', 'unit');
  };

  return (
    <CollapsibleForm summary={t('benefits.add')} onSubmit={submit} result={added} submitLabel={t('benefits.addSubmit')}>
      <div className="row">
        <Textfield label={t('benefits.name')} {...form.field('name')} required />
        <Textfield label={t('benefits.unit')} description={t('benefits.unitHelp')} {...form.field('unit')} required />
        <SelectField
          label={t('benefits.direction')}
          {...form.field('direction')}
          options={[
            { value: 'LOWER_IS_BETTER', label: t('direction.LOWER_IS_BETTER') },
            { value: 'HIGHER_IS_BETTER', label: t('direction.HIGHER_IS_BETTER') },
          ]}
        />
      </div>
    </CollapsibleForm>
  );
}

/** Benefit indicators with each authority's baseline, latest value and change, and the totals. */
export function BenefitsSection({
  procurementId,
  isCoordinator,
  isParticipant,
}: {
  procurementId: string;
  isCoordinator: boolean;
  isParticipant: boolean;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [{ data, fetching, error }, refetch] = useQuery({ query: BenefitsQuery, variables: { id: procurementId } });
  const refresh = useProcurementRefetch(['benefits'], refetch);
  const { status, report } = useStatus(refresh);
  const indicators = data?.jointProcurement.benefits ?? [];
  const n = (v: string | null | undefined) => (v == null ? '–' : f.number(v));
  const row = (key: string, label: string, v: Indicator['total']) => (
    <Table.Row key={key}>
      <Table.HeaderCell scope="row">{label}</Table.HeaderCell>
      <Table.Cell className="num">{n(v.baseline)}</Table.Cell>
      <Table.Cell className="num">{n(v.latest)}</Table.Cell>
      <Table.Cell className="num">{n(v.change)}</Table.Cell>
    </Table.Row>
  );
  const columns = [
    t('members.organisation'),
    { label: t('benefits.baseline'), num: true },
    { label: t('benefits.latest'), num: true },
    { label: t('benefits.change'), num: true },
  ];

  return (
    <Section id="benefits" title={t('benefits.title')}>
      <LiveStatus>{status}</LiveStatus>
      <QueryState
        error={error}
        loading={!data && fetching}
        empty={data && indicators.length === 0 && t('benefits.none')}
      />
      {indicators.map((i) => (
        <DataTable
          key={i.id}
          caption={`${i.name} (${i.unit}, ${t(`direction.${i.direction}`)})`}
          showCaption
          columns={columns}
        >
          {i.perAuthority.map((a) => row(a.organisation.id, a.organisation.name, a))}
          {row('total', t('benefits.total'), i.total)}
        </DataTable>
      ))}
      {isParticipant && indicators.length > 0 && <MeasurementForm indicators={indicators} report={report} />}
      {isCoordinator && <IndicatorForm procurementId={procurementId} report={report} />}
    </Section>
  );
}
