import { Heading, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { LiveStatus, QueryState } from '../components/Feedback';
import { CheckboxGroup, CollapsibleForm, MarkdownField } from '../components/Form';
import { Section } from '../components/Section';
import { SelectField } from '../components/SelectField';
import { timeLeft, useNow } from '../lib/clock';
import type { CURRENCIES } from '../lib/enums';
import { fieldProblems } from '../lib/errors';
import { useForm, useStatus } from '../lib/form';
import { useFormat } from '../lib/format';
import { graphql } from '../lib/graphql';
import { isoToLocal, localToIso, useProcurementRefetch } from '../lib/procurement';
import { AwardQuery, CONTRACT_PHASES, type AwardLot, type LotAward, type Report } from './ProcurementAwardData';
import type { ProcurementData } from './ProcurementData';
import { OpenDecision } from './ProcurementDecisions';
import { RecordTenderForm, TenderTable, useRefusedFields } from './ProcurementTenders';
import { ExportLinks } from './ProcurementExports';

const RecordNotification = graphql(`
  mutation RecordAwardNotification($input: RecordAwardNotificationInput!) {
    recordAwardNotification(input: $input) {
      id
      notifiedAt
      standstillEndsAt
    }
  }
`);

type Currency = (typeof CURRENCIES)[number];

/**
 * Days and hours (or hours and minutes) until the standstill period ends, counting down on the
 * page, then that it has ended. A timer role: screen readers read it when asked, not each minute.
 */
export function StandstillCountdown({ endsAt }: { endsAt: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const left = timeLeft(endsAt, useNow());
  const date = f.dateTime(endsAt);
  if (left.over) {
    return (
      <Paragraph data-size="sm" role="timer">
        <strong>{t('standstill.over', { date })}</strong>
      </Paragraph>
    );
  }
  const parts = [
    left.days > 0 && t('countdown.days', { count: left.days }),
    left.hours > 0 && t('countdown.hours', { count: left.hours }),
    left.days === 0 && left.minutes > 0 && t('countdown.minutes', { count: left.minutes }),
  ].filter((x): x is string => !!x);
  return (
    <Paragraph data-size="sm" role="timer">
      <strong>{t('standstill.left', { time: f.list(parts), date })}</strong>
    </Paragraph>
  );
}

/** A coordinator records when the tenderers were told of the award (later than it was made): the standstill runs from then. */
function NotificationForm({ award, report }: { award: LotAward; report: Report }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [saved, recordNotification] = useMutation(RecordNotification);
  const form = useForm({ notifiedAt: isoToLocal(award.notifiedAt) });
  const refused = useRefusedFields(saved.error);

  const submit = async () => {
    const notifiedAt = localToIso(form.values.notifiedAt);
    if (!form.check({ notifiedAt: !notifiedAt && t('common.required') })) return;
    const r = await recordNotification({ input: { awardId: award.id, notifiedAt: notifiedAt! } });
    const endsAt = r.data?.recordAwardNotification.standstillEndsAt;
    report(r, t('standstill.notified', { date: endsAt ? f.dateTime(endsAt) : '' }));
  };

  return (
    <CollapsibleForm
      summary={t('standstill.notify')}
      intro={t('standstill.notifyHelp')}
      onSubmit={submit}
      busy={saved.fetching}
      error={refused.notifiedAt ? undefined : saved.error}
      submitLabel={t('standstill.notifySubmit')}
    >
      <Textfield
        label={t('standstill.notifiedAt')}
        type="datetime-local"
        {...form.field('notifiedAt')}
        error={form.errors.notifiedAt ?? refused.notifiedAt}
        required
      />
    </CollapsibleForm>
  );
}

/** The award of a lot: its suppliers, the decision behind it, and the standstill period counting down. */
function AwardView({ award, canNotify, report }: { award: LotAward; canNotify: boolean; report: Report }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <div className="stack-sm">
      <Heading level={4} data-size="2xs">
        {t('award.heading')}
      </Heading>
      <Paragraph data-size="sm">
        {t('award.awardedTo', { suppliers: f.list(award.suppliers.map((s) => s.name)) })}
      </Paragraph>
      <dl className="facts small">
        <dt>{t('award.decision')}</dt>
        <dd>{award.decision.title}</dd>
        <dt>{t('award.awardedAt')}</dt>
        <dd>{f.dateTime(award.awardedAt)}</dd>
        <dt>{t('standstill.notifiedAt')}</dt>
        <dd>{f.dateTime(award.notifiedAt)}</dd>
        <dt>{t('standstill.period')}</dt>
        <dd>
          {t('standstill.until', {
            duration: t('countdown.days', { count: award.standstillDays }),
            date: f.dateTime(award.standstillEndsAt),
          })}
        </dd>
      </dl>
      <StandstillCountdown endsAt={award.standstillEndsAt} />
      {canNotify && <NotificationForm award={award} report={report} />}
    </div>
  );
}

/**
 * A coordinator proposes the award of a lot: an award decision the participating authorities vote
 * on like any other, naming admitted tenderers (several only for a framework agreement).
 * Approved, it makes the award and starts the standstill period.
 */
function ProposeAwardForm({
  lot,
  procurementId,
  participantCount,
  report,
}: {
  lot: AwardLot;
  procurementId: string;
  participantCount: number;
  report: Report;
}) {
  const { t } = useTranslation();
  const [opened, openDecision] = useMutation(OpenDecision);
  const admitted = lot.tenders.filter((x) => x.status === 'ADMITTED');
  const form = useForm({
    supplierId: '',
    title: t('award.decisionTitle', { number: lot.number, title: lot.title }),
    description: '',
    quorum: String(Math.max(1, Math.ceil(participantCount / 2))),
    closesAt: '',
  });
  const [chosen, setChosen] = useState<string[]>([]);
  const refused = useRefusedFields(opened.error);
  const refusedSuppliers = Object.entries(refused).find(([k]) => k.startsWith('award.supplierIds'))?.[1];

  const submit = async () => {
    const v = form.values;
    const supplierIds = lot.frameworkAgreement ? chosen : v.supplierId ? [v.supplierId] : [];
    const closesAt = localToIso(v.closesAt);
    const found = {
      ...form.missing('title'),
      supplierId: supplierIds.length === 0 && t('award.chooseOne'),
      closesAt: !closesAt && t('common.required'),
      quorum: !/^\d+$/.test(v.quorum.trim()) && t('decisions.quorumInvalid'),
    };
    if (!form.check(found)) return;
    const r = await openDecision({
      input: {
        procurementId,
        title: v.title.trim(),
        description: v.description,
        quorum: Number(v.quorum.trim()),
        closesAt: closesAt!,
        options: [t('decisions.approve'), t('decisions.reject')],
        award: { lotId: lot.id, supplierIds },
      },
    });
    if (report(r, t('award.proposed', { number: lot.number }))) {
      form.reset('supplierId', 'description', 'closesAt');
      setChosen([]);
    }
  };

  if (admitted.length === 0) return <Paragraph data-size="sm">{t('award.admitFirst')}</Paragraph>;
  const supplierOptions = admitted.map((x) => ({ value: x.supplier.id, label: x.supplier.name }));
  const supplierError = form.errors.supplierId ?? refusedSuppliers;
  return (
    <CollapsibleForm
      summary={t('award.propose', { number: lot.number })}
      intro={t(lot.frameworkAgreement ? 'award.proposeHelpFramework' : 'award.proposeHelp')}
      onSubmit={submit}
      busy={opened.fetching}
      error={fieldProblems(opened.error).length ? undefined : opened.error}
      submitLabel={t('award.proposeSubmit')}
    >
      {lot.frameworkAgreement ? (
        <CheckboxGroup
          legend={t('award.suppliers')}
          options={supplierOptions}
          chosen={chosen}
          onChange={setChosen}
          error={supplierError}
        />
      ) : (
        <SelectField
          label={t('award.supplier')}
          {...form.field('supplierId')}
          error={supplierError}
          options={[{ value: '', label: t('award.chooseSupplier') }, ...supplierOptions]}
        />
      )}
      <Textfield label={t('decisions.titleField')} {...form.field('title')} required />
      <MarkdownField label={t('decisions.description')} {...form.field('description')} />
      <div className="row">
        <Textfield label={t('decisions.quorumField')} inputMode="numeric" {...form.field('quorum')} />
        <Textfield label={t('decisions.closesAt')} type="datetime-local" {...form.field('closesAt')} required />
      </div>
    </CollapsibleForm>
  );
}

/** One lot: its tenders, and its award (or the award decision under way, or the form that proposes one). */
function LotAwardPanel({
  lot,
  p,
  openDecision,
  participantCount,
  report,
}: {
  lot: AwardLot;
  p: ProcurementData;
  openDecision: { title: string; closesAt: string; suppliers: string[] } | undefined;
  participantCount: number;
  report: Report;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const coordinator = p.viewerIsCoordinator;
  const competition = p.phase === 'COMPETITION';
  const award = lot.award;
  return (
    <Section
      headingId={`award-lot-${lot.id}`}
      title={t('lots.lotTitle', { number: lot.number, title: lot.title })}
      level={3}
      size="xs"
      className="panel stack"
    >
      {lot.frameworkAgreement && <Paragraph data-size="sm">{t('lots.framework')}</Paragraph>}
      <Heading level={4} data-size="2xs">
        {t('tenders.title')}
      </Heading>
      {lot.tenders.length === 0 ? (
        <Paragraph data-size="sm">{t('tenders.none')}</Paragraph>
      ) : (
        <TenderTable lot={lot} canAssess={coordinator && competition && !award} report={report} />
      )}
      {coordinator && competition && !award && (
        <RecordTenderForm
          lot={lot}
          defaultCurrency={p.thresholdAssessment.estimatedValue.currency as Currency}
          report={report}
        />
      )}
      {award ? (
        <AwardView
          award={award}
          canNotify={coordinator && CONTRACT_PHASES.includes(p.phase) && award.contracts.length === 0}
          report={report}
        />
      ) : openDecision ? (
        <Paragraph data-size="sm">
          {t('award.decisionOpen', {
            title: openDecision.title,
            suppliers: f.list(openDecision.suppliers),
            date: f.dateTime(openDecision.closesAt),
          })}{' '}
          <a href="#decisions">{t('award.toDecisions')}</a>
        </Paragraph>
      ) : (
        coordinator &&
        competition && (
          <ProposeAwardForm lot={lot} procurementId={p.id} participantCount={participantCount} report={report} />
        )
      )}
    </Section>
  );
}

/**
 * Tenders and award per lot, from the competition on: the tenders received, their assessment, the
 * award decision, the award and its standstill period. The buyers only: suppliers never see it.
 */
export function AwardSection({ p, participantCount }: { p: ProcurementData; participantCount: number }) {
  const { t } = useTranslation();
  const [{ data, fetching, error }, refetch] = useQuery({ query: AwardQuery, variables: { id: p.id } });
  const refresh = useProcurementRefetch(['contracts', 'decisions', 'lots'], refetch);
  const { status, report } = useStatus(refresh);
  const lots = data?.jointProcurement.lots ?? [];
  const decisions = data?.jointProcurement.decisions ?? [];
  const openFor = (lotId: string) => {
    const d = decisions.find((x) => x.status === 'OPEN' && x.award?.lot.id === lotId);
    return d && { title: d.title, closesAt: d.closesAt, suppliers: d.award!.suppliers.map((s) => s.name) };
  };
  return (
    <Section id="award" title={t('award.title')}>
      <Paragraph data-size="sm">{t('award.intro')}</Paragraph>
      <LiveStatus>{status}</LiveStatus>
      <QueryState error={error} loading={!data && fetching} empty={data && lots.length === 0 && t('award.noLots')} />
      <ExportLinks exports={p.exports} kind="TENDERS" />
      {lots.map((lot) => (
        <LotAwardPanel
          key={lot.id}
          lot={lot}
          p={p}
          openDecision={openFor(lot.id)}
          participantCount={participantCount}
          report={report}
        />
      ))}
    </Section>
  );
}
