import { Paragraph, Textfield } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { LiveStatus, QueryState } from '../components/Feedback';
import { CollapsibleForm } from '../components/Form';
import { Section } from '../components/Section';
import { SelectField } from '../components/SelectField';
import { timeLeft, useNow } from '../lib/clock';
import { CURRENCIES } from '../lib/enums';
import { useForm, useStatus, type Found } from '../lib/form';
import { useFormat } from '../lib/format';
import { graphql, type ResultOf } from '../lib/graphql';
import { localToday, useProcurementRefetch } from '../lib/procurement';
import { CONTRACT_PHASES, type Report } from './ProcurementAwardData';
import { CallOffRights } from './ProcurementCallOffs';
import type { ProcurementData } from './ProcurementData';
import { useDuration } from './ProcurementPeriod';
import { moneyInput, useRefusedFields } from './ProcurementTenders';
import { useGroup } from './GroupShell';

const ContractsQuery = graphql(`
  query ProcurementContracts($id: ID!) {
    jointProcurement(id: $id) {
      id
      awards {
        id
        standstillEndsAt
        lot {
          id
          number
          title
          contractStart
          durationMonths
          optionCount
          optionMonths
        }
        suppliers {
          id
          name
        }
      }
      contracts {
        id
        amount
        currency
        startDate
        durationMonths
        optionCount
        optionMonths
        endsOn
        endsOnWithOptions
        maxDurationMonths
        signedOn
        reference
        supplier {
          id
          name
        }
        lot {
          id
          number
          title
        }
        award {
          id
        }
        document {
          id
          title
        }
        callOffRights {
          kind
          status
          reference
          startsOn
          note
          organisation {
            id
            name
          }
        }
      }
      documents(first: 100) {
        nodes {
          id
          title
          kind
        }
      }
    }
  }
`);

const RecordContract = graphql(`
  mutation RecordContract($input: RecordContractInput!) {
    recordContract(input: $input) {
      id
    }
  }
`);

type Data = ResultOf<typeof ContractsQuery>['jointProcurement'];
type Award = Data['awards'][number];
type Contract = Data['contracts'][number];
type Currency = (typeof CURRENCIES)[number];

/** The longest a contract may run with every option (the API's rule): 50 years. */
const MAX_MONTHS = 600;

/** Whole months as typed: null when empty, NaN when not a whole number. */
const wholeNumber = (v: string): number | null => (v.trim() === '' ? null : /^\d+$/.test(v.trim()) ? Number(v) : NaN);

/**
 * A coordinator records the contract signed with an awarded supplier once the standstill period
 * is over: its value, its period (the lot's unless changed), when it was signed, and the signed
 * document, a CONTRACT document of the procurement.
 */
function RecordContractForm({
  award,
  suppliers,
  documents,
  defaultCurrency,
  report,
}: {
  award: Award;
  suppliers: Award['suppliers'];
  documents: Data['documents']['nodes'];
  defaultCurrency: Currency;
  report: Report;
}) {
  const { t } = useTranslation();
  const lot = award.lot;
  const [recorded, recordContract] = useMutation(RecordContract);
  const form = useForm(() => ({
    supplierId: '',
    amount: '',
    currency: defaultCurrency as string,
    reference: '',
    startDate: lot.contractStart ?? '',
    durationMonths: lot.durationMonths == null ? '' : String(lot.durationMonths),
    optionCount: String(lot.optionCount),
    optionMonths: lot.optionMonths == null ? '' : String(lot.optionMonths),
    signedOn: localToday(),
    documentId: '',
  }));
  // The only supplier or document is the choice until another is made (the lists change live).
  const only = (list: readonly { id: string }[]) => (list.length === 1 ? list[0].id : '');
  const supplierId = form.values.supplierId || only(suppliers);
  const documentId = form.values.documentId || only(documents);
  const refused = useRefusedFields(recorded.error);
  const field = (name: Parameters<typeof form.field>[0]) => ({
    ...form.field(name),
    error: form.errors[name] ?? refused[name],
  });

  const submit = async () => {
    const v = form.values;
    const amount = moneyInput(v.amount);
    const duration = wholeNumber(v.durationMonths);
    const options = wholeNumber(v.optionCount) ?? 0;
    const each = wholeNumber(v.optionMonths);
    const months = (n: number | null) => n !== null && (Number.isNaN(n) || n < 1 || n > MAX_MONTHS);
    const found: Found = {
      ...form.missing('signedOn', 'startDate'),
      supplierId: !supplierId && t('common.required'),
      amount: amount === null ? t('common.required') : amount === false && t('contractErrors.precision'),
      durationMonths: duration === null ? t('common.required') : months(duration) && t('period.errors.range'),
      optionCount: (Number.isNaN(options) || options > MAX_MONTHS) && t('period.errors.count'),
      optionMonths:
        options > 0 &&
        (each === null ? t('period.errors.optionsNeedMonths') : months(each) && t('period.errors.range')),
      signedOn: !v.signedOn ? t('common.required') : v.signedOn > localToday() && t('contractErrors.past'),
      documentId: !documentId && t('contracts.chooseDocument'),
    };
    if (!form.check(found)) return;
    const supplier = suppliers.find((s) => s.id === supplierId)?.name ?? '';
    const r = await recordContract({
      input: {
        awardId: award.id,
        supplierId,
        amount: amount as string,
        currency: v.currency as Currency,
        reference: v.reference.trim() || null,
        startDate: v.startDate,
        durationMonths: duration,
        optionCount: options,
        optionMonths: options > 0 ? each : null,
        signedOn: v.signedOn,
        documentId,
      },
    });
    report(r, t('contracts.recorded', { supplier, number: lot.number }));
  };

  return (
    <CollapsibleForm
      summary={t('contracts.record', { number: lot.number })}
      intro={t('contracts.recordHelp')}
      onSubmit={submit}
      busy={recorded.fetching}
      error={Object.keys(refused).length ? undefined : recorded.error}
      submitLabel={t('contracts.recordSubmit')}
    >
      <div className="row">
        <SelectField
          label={t('contracts.supplier')}
          {...field('supplierId')}
          value={supplierId}
          options={[
            ...(supplierId ? [] : [{ value: '', label: t('award.chooseSupplier') }]),
            ...suppliers.map((s) => ({ value: s.id, label: s.name })),
          ]}
        />
        <Textfield label={t('contracts.reference')} {...field('reference')} />
      </div>
      <div className="row">
        <Textfield
          label={t('contracts.amount')}
          description={t('contracts.amountHelp')}
          inputMode="decimal"
          {...field('amount')}
          required
        />
        <SelectField
          label={t('interest.currency')}
          {...field('currency')}
          options={CURRENCIES.map((c) => ({ value: c, label: c }))}
        />
      </div>
      <div className="row">
        <Textfield label={t('period.start')} type="date" {...field('startDate')} required />
        <Textfield label={t('period.durationMonths')} inputMode="numeric" {...field('durationMonths')} required />
        <Textfield label={t('period.optionCount')} inputMode="numeric" {...field('optionCount')} />
        <Textfield label={t('period.optionMonths')} inputMode="numeric" {...field('optionMonths')} />
      </div>
      <div className="row">
        <Textfield label={t('contracts.signedOn')} type="date" {...field('signedOn')} required />
        {documents.length > 0 ? (
          <SelectField
            label={t('contracts.document')}
            {...field('documentId')}
            value={documentId}
            options={[
              ...(documentId ? [] : [{ value: '', label: t('contracts.chooseDocument') }]),
              ...documents.map((d) => ({ value: d.id, label: d.title })),
            ]}
          />
        ) : (
          <Paragraph data-size="sm" className={form.errors.documentId ? 'error-text' : undefined}>
            {t('contracts.noDocument')} <a href="#documents">{t('contracts.toDocuments')}</a>
          </Paragraph>
        )}
      </div>
    </CollapsibleForm>
  );
}

/** A contract: supplier, value, its period with and without options, when signed, its document and the call-off rights. */
function ContractView({
  contract,
  procurementId,
  myOrganisationId,
  report,
}: {
  contract: Contract;
  procurementId: string;
  myOrganisationId: string | null;
  report: Report;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const duration = useDuration();
  const { group } = useGroup();
  const c = contract;
  const backState = { backTo: `/groups/${group.id}/procurements/${procurementId}#contracts` };
  return (
    <div className="stack-sm">
      <dl className="facts">
        <dt>{t('contracts.supplier')}</dt>
        <dd>{c.supplier.name}</dd>
        <dt>{t('contracts.value')}</dt>
        <dd>{f.currency(c.amount, c.currency)}</dd>
        <dt>{t('contracts.period')}</dt>
        <dd>
          {t('contracts.periodText', {
            start: f.localDate(c.startDate),
            end: f.localDate(c.endsOn),
            duration: duration(c.durationMonths),
          })}
        </dd>
        {c.optionCount > 0 && c.optionMonths != null && (
          <>
            <dt>{t('contracts.withOptions')}</dt>
            <dd>
              {t('contracts.withOptionsText', {
                count: c.optionCount,
                each: duration(c.optionMonths),
                end: f.localDate(c.endsOnWithOptions),
                max: duration(c.maxDurationMonths),
              })}
            </dd>
          </>
        )}
        <dt>{t('contracts.signedOn')}</dt>
        <dd>{f.localDate(c.signedOn)}</dd>
        {c.reference && (
          <>
            <dt>{t('contracts.reference')}</dt>
            <dd>{c.reference}</dd>
          </>
        )}
        <dt>{t('contracts.document')}</dt>
        <dd>
          <RouterLink to={`/groups/${group.id}/documents/${c.document.id}`} state={backState}>
            {c.document.title}
          </RouterLink>
        </dd>
      </dl>
      <CallOffRights
        contractId={c.id}
        caption={t('callOff.caption', { supplier: c.supplier.name })}
        rights={c.callOffRights}
        myOrganisationId={myOrganisationId}
        report={report}
      />
    </div>
  );
}

/**
 * The contracts signed after each award's standstill period, with their periods and each
 * participating authority's call-off right; coordinators record them, each authority keeps its
 * own right up to date.
 */
export function ContractsSection({ p, myOrganisationId }: { p: ProcurementData; myOrganisationId: string | null }) {
  const { t } = useTranslation();
  const f = useFormat();
  const now = useNow();
  const [{ data, fetching, error }, refetch] = useQuery({ query: ContractsQuery, variables: { id: p.id } });
  const refresh = useProcurementRefetch(['contracts', 'documents'], refetch);
  const { status, report } = useStatus(refresh);
  const awards = [...(data?.jointProcurement.awards ?? [])].sort((a, b) => a.lot.number - b.lot.number);
  const contracts = data?.jointProcurement.contracts ?? [];
  const documents = (data?.jointProcurement.documents.nodes ?? []).filter((d) => d.kind === 'CONTRACT');
  const canRecord = p.viewerIsCoordinator && CONTRACT_PHASES.includes(p.phase);
  return (
    <Section id="contracts" title={t('contracts.title')}>
      <LiveStatus>{status}</LiveStatus>
      <QueryState
        error={error}
        loading={!data && fetching}
        empty={data && awards.length === 0 && t('contracts.noAwards')}
      />
      {awards.map((a) => {
        const signed = contracts.filter((c) => c.award.id === a.id);
        const unsigned = a.suppliers.filter((s) => !signed.some((c) => c.supplier.id === s.id));
        const inStandstill = !timeLeft(a.standstillEndsAt, now).over;
        return (
          <Section
            key={a.id}
            headingId={`contracts-lot-${a.lot.id}`}
            title={t('lots.lotTitle', { number: a.lot.number, title: a.lot.title })}
            level={3}
            size="xs"
            className="panel stack"
          >
            {signed.length === 0 && (
              <Paragraph data-size="sm">
                {inStandstill
                  ? t('contracts.afterStandstill', { date: f.dateTime(a.standstillEndsAt) })
                  : t('contracts.none')}
              </Paragraph>
            )}
            {signed.map((c) => (
              <ContractView
                key={c.id}
                contract={c}
                procurementId={p.id}
                myOrganisationId={myOrganisationId}
                report={report}
              />
            ))}
            {canRecord && !inStandstill && unsigned.length > 0 && (
              <RecordContractForm
                award={a}
                suppliers={unsigned}
                documents={documents}
                defaultCurrency={p.thresholdAssessment.estimatedValue.currency as Currency}
                report={report}
              />
            )}
          </Section>
        );
      })}
    </Section>
  );
}
