import { Button, Table, Tag, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { DataTable } from '../components/DataTable';
import { ErrorAlert } from '../components/Feedback';
import { CollapsibleForm, Form } from '../components/Form';
import { SearchField } from '../components/Lists';
import { SelectField } from '../components/SelectField';
import { COUNTRIES, CURRENCIES } from '../lib/enums';
import { useErrorText } from '../lib/error-text';
import { fieldProblems } from '../lib/errors';
import { useForm } from '../lib/form';
import { useFormat } from '../lib/format';
import { graphql, type ResultOf } from '../lib/graphql';
import { decimalInput, localNow, localToIso } from '../lib/procurement';
import type { AwardLot, Report, Tender } from './ProcurementAwardData';

const RecordTender = graphql(`
  mutation RecordTender($input: RecordTenderInput!) {
    recordTender(input: $input) {
      id
    }
  }
`);

const AssessTender = graphql(`
  mutation AssessTender($input: AssessTenderInput!) {
    assessTender(input: $input) {
      id
      status
      rejectionReason
    }
  }
`);

const SupplierCandidates = graphql(`
  query SupplierCandidates($search: String!) {
    organisations(search: $search, kind: SUPPLIER, first: 10) {
      nodes {
        id
        name
        country
        organisationNumber
      }
    }
  }
`);

type Currency = (typeof CURRENCIES)[number];
type Country = (typeof COUNTRIES)[number];
type Candidate = ResultOf<typeof SupplierCandidates>['organisations']['nodes'][number];

/** An amount as the API takes it (up to two decimals), from what was typed; null when empty, false when not one. */
export function moneyInput(v: string): string | null | false {
  const amount = decimalInput(v);
  if (amount === null) return null;
  return /^\d{1,14}(\.\d{1,2})?$/.test(amount) ? amount : false;
}

/**
 * A rule the API refused on a field, in the interface language where the section knows the rule,
 * else in the common words for the rule: by field name without `input.` (e.g. `supplier.organisationNumber`).
 */
export function useRefusedFields(error: Parameters<typeof fieldProblems>[0]) {
  const { t } = useTranslation();
  const { problem } = useErrorText();
  const rules = t('contractErrors', { returnObjects: true }) as Record<string, string>;
  return Object.fromEntries(fieldProblems(error).map((p) => [p.field, rules[p.rule] ?? problem(p)]));
}

/** A tender's row: who, when, at what price, its assessment and (for coordinators) admit or reject. */
function TenderRow({ tender, canAssess, report }: { tender: Tender; canAssess: boolean; report: Report }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [assessed, assess] = useMutation(AssessTender);
  const [rejecting, setRejecting] = useState(false);
  const form = useForm({ reason: '' });
  const supplier = tender.supplier.name;
  const statusColor = tender.status === 'ADMITTED' ? 'success' : tender.status === 'REJECTED' ? 'danger' : 'neutral';

  const reject = async () => {
    if (!form.check(form.missing('reason'))) return;
    const r = await assess({ input: { tenderId: tender.id, status: 'REJECTED', reason: form.values.reason.trim() } });
    if (report(r, t('tenders.rejected', { supplier }))) {
      setRejecting(false);
      form.reset();
    }
  };

  return (
    <Table.Row>
      <Table.HeaderCell scope="row">
        {supplier}
        <div className="small muted">
          {tender.supplier.organisationNumber} ({t(`country.${tender.supplier.country}`)})
        </div>
      </Table.HeaderCell>
      <Table.Cell>{f.dateTime(tender.receivedAt)}</Table.Cell>
      <Table.Cell className="num">
        {tender.amount && tender.currency ? f.currency(tender.amount, tender.currency) : '–'}
      </Table.Cell>
      <Table.Cell>
        <Tag data-size="sm" data-color={statusColor}>
          {t(`tenderStatus.${tender.status}`)}
        </Tag>
      </Table.Cell>
      <Table.Cell>{tender.rejectionReason ?? ''}</Table.Cell>
      {canAssess && (
        <Table.Cell>
          {rejecting ? (
            <Form
              onSubmit={reject}
              result={assessed}
              submitLabel={t('tenders.rejectSubmit')}
              danger
              size="sm"
              className="stack-sm"
              onCancel={() => setRejecting(false)}
            >
              <Textfield
                label={t('tenders.reason', { supplier })}
                data-size="sm"
                multiline
                rows={2}
                autoFocus
                {...form.field('reason')}
              />
            </Form>
          ) : (
            <div className="row">
              {tender.status !== 'ADMITTED' && (
                <Button
                  data-size="sm"
                  variant="secondary"
                  loading={assessed.fetching}
                  onClick={async () =>
                    report(
                      await assess({ input: { tenderId: tender.id, status: 'ADMITTED' } }),
                      t('tenders.admitted', { supplier }),
                    )
                  }
                >
                  {t('tenders.admit', { supplier })}
                </Button>
              )}
              {tender.status !== 'REJECTED' && (
                <Button data-size="sm" variant="tertiary" onClick={() => setRejecting(true)}>
                  {t('tenders.reject', { supplier })}
                </Button>
              )}
            </div>
          )}
          {!rejecting && <ErrorAlert error={assessed.error} />}
        </Table.Cell>
      )}
    </Table.Row>
  );
}

/** The tenders received for a lot, as they arrived; coordinators admit or reject them during the competition. */
export function TenderTable({ lot, canAssess, report }: { lot: AwardLot; canAssess: boolean; report: Report }) {
  const { t } = useTranslation();
  return (
    <DataTable
      caption={t('tenders.caption', { number: lot.number, title: lot.title })}
      columns={[
        t('tenders.supplier'),
        t('tenders.receivedAt'),
        { label: t('tenders.price'), num: true },
        t('tenders.status'),
        t('tenders.reasonColumn'),
        canAssess && t('common.actions'),
      ]}
    >
      {lot.tenders.map((tender) => (
        <TenderRow key={tender.id} tender={tender} canAssess={canAssess} report={report} />
      ))}
    </DataTable>
  );
}

/**
 * A coordinator records a tender as it arrived in the lead's tender system: from a supplier on
 * Samverka, found by name or number, or from one that is not, by its organisation number (the API
 * finds it, or records it as a supplier organisation).
 */
export function RecordTenderForm({
  lot,
  defaultCurrency,
  report,
}: {
  lot: AwardLot;
  defaultCurrency: Currency;
  report: Report;
}) {
  const { t } = useTranslation();
  const [recorded, recordTender] = useMutation(RecordTender);
  const form = useForm(() => ({
    source: 'registered' as 'registered' | 'new',
    supplierId: '',
    name: '',
    country: 'NO' as Country,
    organisationNumber: '',
    receivedAt: localNow(),
    amount: '',
    currency: defaultCurrency as string,
  }));
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<Candidate | null>(null);
  const [{ data, fetching }] = useQuery({
    query: SupplierCandidates,
    variables: { search: search.trim() },
    pause: form.values.source !== 'registered' || search.trim().length < 2,
  });
  const tendered = new Set(lot.tenders.map((x) => x.supplier.id));
  const candidates = (data?.organisations.nodes ?? []).filter((o) => !tendered.has(o.id));
  const options = [...(chosen && !candidates.some((o) => o.id === chosen.id) ? [chosen] : []), ...candidates];
  const refused = useRefusedFields(recorded.error);
  const field = (name: Parameters<typeof form.field>[0], api: string = name) => ({
    ...form.field(name),
    error: form.errors[name] ?? refused[api],
  });
  const isNew = form.values.source === 'new';

  const submit = async () => {
    const v = form.values;
    const receivedAt = localToIso(v.receivedAt);
    const amount = moneyInput(v.amount);
    const found = {
      ...(isNew ? form.missing('name', 'organisationNumber') : { supplierId: !v.supplierId && t('common.required') }),
      receivedAt: !receivedAt
        ? t('common.required')
        : new Date(receivedAt).getTime() > Date.now() && t('contractErrors.past'),
      amount: amount === false && t('contractErrors.precision'),
    };
    if (!form.check(found)) return;
    const supplierName = isNew ? v.name.trim() : (options.find((o) => o.id === v.supplierId)?.name ?? '');
    const r = await recordTender({
      input: {
        lotId: lot.id,
        ...(isNew
          ? {
              supplier: {
                name: v.name.trim(),
                country: v.country as Country,
                organisationNumber: v.organisationNumber.trim(),
              },
            }
          : { supplierId: v.supplierId }),
        receivedAt: receivedAt!,
        amount: amount || null,
        currency: amount ? (v.currency as Currency) : null,
      },
    });
    if (report(r, t('tenders.recorded', { supplier: supplierName, number: lot.number }))) {
      form.reset('supplierId', 'name', 'organisationNumber', 'amount', 'receivedAt');
      setSearch('');
      setChosen(null);
    }
  };

  const problems = fieldProblems(recorded.error).length > 0;
  return (
    <CollapsibleForm
      summary={t('tenders.record', { number: lot.number })}
      onSubmit={submit}
      busy={recorded.fetching}
      error={problems ? undefined : recorded.error}
      submitLabel={t('tenders.recordSubmit')}
      intro={t('tenders.recordHelp')}
    >
      <SelectField
        label={t('tenders.source')}
        {...form.field('source')}
        options={[
          { value: 'registered', label: t('tenders.sourceRegistered') },
          { value: 'new', label: t('tenders.sourceNew') },
        ]}
      />
      {isNew ? (
        <>
          <Textfield label={t('tenders.supplierName')} {...field('name', 'supplier.name')} required />
          <div className="row">
            <SelectField
              label={t('tenders.country')}
              {...form.field('country')}
              options={COUNTRIES.map((c) => ({ value: c, label: t(`country.${c}`) }))}
            />
            <Textfield
              label={t('tenders.organisationNumber')}
              {...field('organisationNumber', 'supplier.organisationNumber')}
              required
            />
          </div>
        </>
      ) : (
        <div className="row">
          <SearchField label={t('tenders.searchSupplier')} value={search} onChange={setSearch} />
          <SelectField
            label={t('tenders.supplier')}
            {...field('supplierId')}
            onChange={(e) => {
              form.set('supplierId', e.target.value);
              setChosen(options.find((o) => o.id === e.target.value) ?? null);
            }}
            options={[
              {
                value: '',
                label:
                  search.trim().length < 2
                    ? t('tenders.searchFirst')
                    : fetching
                      ? t('common.loading')
                      : options.length
                        ? t('tenders.chooseSupplier')
                        : t('tenders.noCandidates'),
              },
              ...options.map((o) => ({ value: o.id, label: `${o.name} (${o.organisationNumber})` })),
            ]}
          />
        </div>
      )}
      <div className="row">
        <Textfield label={t('tenders.receivedAt')} type="datetime-local" {...field('receivedAt')} required />
        <Textfield
          label={t('tenders.amount')}
          description={t('tenders.amountHelp')}
          inputMode="decimal"
          {...field('amount')}
        />
        <SelectField
          label={t('interest.currency')}
          {...field('currency')}
          options={CURRENCIES.map((c) => ({ value: c, label: c }))}
        />
      </div>
    </CollapsibleForm>
  );
}
