import {
  Alert,
  Button,
  Checkbox,
  Details,
  Fieldset,
  Heading,
  Paragraph,
  Table,
  Tag,
  Textfield,
} from '@digdir/designsystemet-react';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useParams } from 'react-router';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { ErrorAlert, Loading } from '../components/Feedback';
import { Markdown } from '../components/Markdown';
import { SelectField } from '../components/SelectField';
import { CHECKLIST_KEYS, CURRENCIES } from '../lib/enums';
import { errorCode, errorExtensions } from '../lib/errors';
import { useFormat } from '../lib/format';
import { graphql, type ResultOf } from '../lib/graphql';
import { useCoalesced, type LiveEvent } from '../lib/live';
import { decimalInput, ProcurementEventsContext } from '../lib/procurement';
import { useStream } from '../lib/stream';
import { usePageTitle } from '../lib/title';
import { DocumentList } from './Documents';
import { useGroup } from './GroupShell';
import { BenefitsSection, DecisionsSection, HistorySection, MilestonesSection } from './ProcurementSections';
import { DialogueAdminSection } from './ProcurementDialogue';

const ProcurementQuery = graphql(`
  query Procurement($id: ID!) {
    jointProcurement(id: $id) {
      id
      title
      description
      phase
      phaseChangedAt
      nextPhase
      canAdvance
      cancellationReason
      procedureType
      procedureCode
      contractType
      viewerIsCoordinator
      ocdsUrl
      historyCsvUrl
      leadAuthority {
        id
        name
      }
      needs {
        id
        title
      }
      timeline {
        phase
        status
        enteredAt
      }
      checklist {
        key
        label
        done
        opens
      }
      estimatedValue {
        amount
        currency
        authorityCount
      }
      thresholdAssessment {
        country
        authorityLevel
        aboveNationalThreshold
        aboveEuThreshold
        estimatedValue {
          amount
          currency
        }
        nationalThreshold {
          amount
          currency
        }
        euThreshold {
          amount
          currency
        }
        convertedCurrencies
        requiredNotices {
          kind
          description
        }
      }
      lots {
        id
        number
        title
        description
        cpvCodes
        estimatedValue {
          amount
          currency
          authorityCount
        }
      }
      participants {
        id
        isLead
        organisation {
          id
          name
        }
        statedValues {
          lotId
          amount
          currency
        }
        mandate {
          status
          decisionReference
          decisionDate
          signedAt
          signedBy {
            id
            displayName
          }
          withdrawnAt
          withdrawalReason
          lots {
            id
            number
          }
        }
      }
      viewerParticipant {
        id
        organisation {
          id
        }
      }
      buyersThread {
        id
      }
      publicThread {
        id
      }
    }
  }
`);

const ProcurementEventsSubscription = graphql(`
  subscription ProcurementEvents($procurementId: ID!, $after: ID) {
    procurementEvents(procurementId: $procurementId, after: $after) {
      id
      type
      scopeType
      scopeId
      groupId
      payload
    }
  }
`);

const AdvancePhase = graphql(`
  mutation AdvanceProcurementPhase($input: AdvancePhaseInput!) {
    advanceProcurementPhase(input: $input) {
      id
      phase
    }
  }
`);
const CancelProcurement = graphql(`
  mutation CancelJointProcurement($input: CancelProcurementInput!) {
    cancelJointProcurement(input: $input) {
      id
      phase
      cancellationReason
    }
  }
`);
const SignMandate = graphql(`
  mutation SignMandate($input: SignMandateInput!) {
    signMandate(input: $input) {
      id
      mandate {
        status
      }
    }
  }
`);
const WithdrawMandate = graphql(`
  mutation WithdrawMandate($input: WithdrawMandateInput!) {
    withdrawMandate(input: $input) {
      id
      mandate {
        status
      }
    }
  }
`);
const SetLotValue = graphql(`
  mutation SetLotValue($input: SetLotValueInput!) {
    setLotValue(input: $input) {
      lotId
      amount
      currency
    }
  }
`);

export type ProcurementData = ResultOf<typeof ProcurementQuery>['jointProcurement'];
type Currency = (typeof CURRENCIES)[number];
type ChecklistKey = (typeof CHECKLIST_KEYS)[number];

/** A checklist item in the interface language (the server's English label for a key we do not know). */
function useChecklistLabel() {
  const { t } = useTranslation();
  return (key: string, label?: string) =>
    (CHECKLIST_KEYS as readonly string[]).includes(key) ? t(`checklist.${key as ChecklistKey}`) : (label ?? key);
}

/** The phase timeline, what the next phase needs, and the coordinator's move forward or cancel. */
function PhaseSection({ p, onChange }: { p: ProcurementData; onChange: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const label = useChecklistLabel();
  const [advanced, advance] = useMutation(AdvancePhase);
  const [cancelled, cancel] = useMutation(CancelProcurement);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string>();
  const [status, setStatus] = useState('');
  const closed = p.phase === 'CLOSED' || p.phase === 'CANCELLED';

  const doAdvance = async () => {
    const r = await advance({ input: { procurementId: p.id, from: p.phase } });
    if (!r.error && r.data)
      setStatus(t('procurement.movedTo', { phase: t(`phase.${r.data.advanceProcurementPhase.phase}`) }));
    onChange();
  };
  const doCancel = async (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) return setReasonError(t('common.required'));
    setReasonError(undefined);
    const r = await cancel({ input: { procurementId: p.id, reason: reason.trim() } });
    if (!r.error) setStatus(t('procurement.cancelled'));
    onChange();
  };

  return (
    <section aria-labelledby="phase-heading" className="stack" id="phase">
      <Heading level={2} data-size="md" id="phase-heading">
        {t('procurement.phases')}
      </Heading>
      <ol className="timeline" aria-label={t('procurement.timeline')}>
        {p.timeline.map((s) => (
          <li key={s.phase} className={`timeline-step timeline-${s.status.toLowerCase()}`}>
            <span className="timeline-phase" aria-current={s.status === 'CURRENT' ? 'step' : undefined}>
              {t(`phase.${s.phase}`)}
            </span>
            <span className="small muted">
              {t(`phaseStepStatus.${s.status}`)}
              {s.enteredAt && ` · ${f.date(s.enteredAt)}`}
            </span>
          </li>
        ))}
      </ol>
      {p.phase === 'CANCELLED' && p.cancellationReason && (
        <Alert data-color="warning">
          <Paragraph>{t('procurement.cancelledBecause', { reason: p.cancellationReason })}</Paragraph>
        </Alert>
      )}
      {p.nextPhase && !closed && (
        <div className="panel stack-sm">
          <Heading level={3} data-size="xs" id="checklist-heading">
            {t('procurement.checklistFor', { phase: t(`phase.${p.nextPhase}`) })}
          </Heading>
          <ul className="plain-list checklist" aria-labelledby="checklist-heading">
            {p.checklist.map((c) => (
              <li key={c.key} className={c.done ? 'check-done' : 'check-missing'}>
                <span aria-hidden="true">{c.done ? '✓' : '✗'} </span>
                <span className="visually-hidden">{c.done ? t('procurement.done') : t('procurement.missing')}: </span>
                {label(c.key, c.label)}
              </li>
            ))}
          </ul>
          {!p.canAdvance && <Paragraph data-size="sm">{t('procurement.blocked')}</Paragraph>}
          {p.viewerIsCoordinator && (
            <div>
              <Button onClick={doAdvance} loading={advanced.fetching}>
                {t('procurement.advance', { phase: t(`phase.${p.nextPhase}`) })}
              </Button>
            </div>
          )}
          <AdvanceError error={advanced.error} />
        </div>
      )}
      <div role="status" aria-live="polite">
        {status}
      </div>
      {p.viewerIsCoordinator && !closed && (
        <Details>
          <Details.Summary>{t('procurement.cancel')}</Details.Summary>
          <Details.Content>
            <form onSubmit={doCancel} className="stack" noValidate>
              <ErrorAlert error={cancelled.error} />
              <Textfield
                label={t('procurement.cancelReason')}
                multiline
                rows={2}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                error={reasonError}
                required
              />
              <div>
                <Button type="submit" data-color="danger" variant="secondary" loading={cancelled.fetching}>
                  {t('procurement.cancelSubmit')}
                </Button>
              </div>
            </form>
          </Details.Content>
        </Details>
      )}
    </section>
  );
}

/** A refused move in words: what is missing (INVALID_STATE) or that someone else moved first (CONFLICT). */
function AdvanceError({ error }: { error: CombinedError | undefined }) {
  const { t } = useTranslation();
  const label = useChecklistLabel();
  const code = errorCode(error);
  if (code === 'INVALID_STATE') {
    const ext = errorExtensions(error);
    const items =
      (ext.missingItems as { key: string; label: string }[] | undefined) ??
      ((ext.missing as string[] | undefined) ?? []).map((key) => ({ key, label: key }));
    return (
      <Alert data-color="danger" role="alert">
        <Paragraph>{t('procurement.refusedMissing')}</Paragraph>
        <ul>
          {items.map((m) => (
            <li key={m.key}>{label(m.key, m.label)}</li>
          ))}
        </ul>
      </Alert>
    );
  }
  if (code === 'CONFLICT') {
    return (
      <Alert data-color="warning" role="alert">
        <Paragraph>{t('procurement.conflict')}</Paragraph>
      </Alert>
    );
  }
  return <ErrorAlert error={error} />;
}

/** The viewer's organisation signs its mandate (decision reference, date, lots) or withdraws it. */
function MandateForm({ p, onChange }: { p: ProcurementData; onChange: () => void }) {
  const { t } = useTranslation();
  const me = p.participants.find((x) => x.id === p.viewerParticipant?.id);
  const [reference, setReference] = useState('');
  const [date, setDate] = useState('');
  const [lotIds, setLotIds] = useState<string[]>(() => p.lots.map((l) => l.id));
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState('');
  const [signed, sign] = useMutation(SignMandate);
  const [withdrawn, withdraw] = useMutation(WithdrawMandate);
  const mandateStatus = me?.mandate.status;
  // A new mandate state starts with empty fields; the confirmation in the live region stays, since it
  // reports exactly that change (remounting the form on the new state used to drop it).
  useEffect(() => {
    setReference('');
    setDate('');
    setReason('');
    setErrors({});
  }, [mandateStatus]);
  if (!me) return null;
  const mandate = me.mandate;

  const submitSign = async (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!reference.trim()) local.reference = t('common.required');
    if (!date) local.date = t('common.required');
    if (p.lots.length > 0 && lotIds.length === 0) local.lots = t('mandate.chooseLots');
    setErrors(local);
    if (Object.keys(local).length) return;
    const r = await sign({
      input: {
        procurementId: p.id,
        decisionReference: reference.trim(),
        decisionDate: date,
        lotIds: p.lots.length ? lotIds : null,
      },
    });
    if (!r.error) setStatus(t('mandate.signedStatus'));
    onChange();
  };
  const submitWithdraw = async (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) return setErrors({ reason: t('common.required') });
    setErrors({});
    const r = await withdraw({ input: { procurementId: p.id, reason: reason.trim() } });
    if (!r.error) setStatus(t('mandate.withdrawnStatus'));
    onChange();
  };

  return (
    <div className="panel stack" aria-labelledby="my-mandate-heading" role="region">
      <Heading level={3} data-size="xs" id="my-mandate-heading">
        {t('mandate.mine', { organisation: me.organisation.name })}
      </Heading>
      <div role="status" aria-live="polite">
        {status}
      </div>
      {mandate.status === 'REQUESTED' && (
        <form onSubmit={submitSign} className="stack" noValidate>
          <Paragraph data-size="sm">{t('mandate.intro')}</Paragraph>
          <ErrorAlert error={signed.error} />
          <div className="row">
            <Textfield
              label={t('mandate.decisionReference')}
              description={t('mandate.decisionReferenceHelp')}
              value={reference}
              onChange={(e) => setReference(e.target.value)}
              error={errors.reference}
              required
            />
            <Textfield
              label={t('mandate.decisionDate')}
              type="date"
              value={date}
              onChange={(e) => setDate(e.target.value)}
              error={errors.date}
              required
            />
          </div>
          {p.lots.length > 0 && (
            <Fieldset>
              <Fieldset.Legend>{t('mandate.lots')}</Fieldset.Legend>
              {p.lots.map((l) => (
                <Checkbox
                  key={l.id}
                  label={t('lots.lotTitle', { number: l.number, title: l.title })}
                  checked={lotIds.includes(l.id)}
                  onChange={(e) =>
                    setLotIds((ids) => (e.target.checked ? [...ids, l.id] : ids.filter((id) => id !== l.id)))
                  }
                />
              ))}
              {errors.lots && (
                <Paragraph data-size="sm" className="error-text">
                  {errors.lots}
                </Paragraph>
              )}
            </Fieldset>
          )}
          <div>
            <Button type="submit" loading={signed.fetching}>
              {t('mandate.sign')}
            </Button>
          </div>
        </form>
      )}
      {mandate.status === 'SIGNED' && (
        <Paragraph data-size="sm">{t('mandate.signedInfo', { reference: mandate.decisionReference ?? '' })}</Paragraph>
      )}
      {mandate.status !== 'WITHDRAWN' && !me.isLead && (
        <Details>
          <Details.Summary>{t('mandate.withdraw')}</Details.Summary>
          <Details.Content>
            <form onSubmit={submitWithdraw} className="stack" noValidate>
              <ErrorAlert error={withdrawn.error} />
              <Textfield
                label={t('mandate.withdrawReason')}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                error={errors.reason}
                required
              />
              <div>
                <Button type="submit" variant="secondary" data-color="danger" loading={withdrawn.fetching}>
                  {t('mandate.withdrawSubmit')}
                </Button>
              </div>
            </form>
          </Details.Content>
        </Details>
      )}
    </div>
  );
}

/** The viewer's organisation's value per lot (its share of the estimated value, excluding VAT). */
function ValueForm({ p, onChange }: { p: ProcurementData; onChange: () => void }) {
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

  const submit = async (e: FormEvent) => {
    e.preventDefault();
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
    <form onSubmit={submit} className="panel stack" aria-labelledby="my-values-heading" noValidate>
      <Heading level={3} data-size="xs" id="my-values-heading">
        {t('values.mine')}
      </Heading>
      <Paragraph data-size="sm">{t('values.intro')}</Paragraph>
      <ErrorAlert error={saved.error} />
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
            label={t('values.forLot', { number: l.number, title: l.title })}
            inputMode="decimal"
            value={amounts[l.id] ?? ''}
            onChange={(e) => setAmounts((a) => ({ ...a, [l.id]: e.target.value }))}
          />
        ))}
      </div>
      <div role="status" aria-live="polite">
        {status}
      </div>
      <div>
        <Button type="submit" loading={saved.fetching}>
          {t('values.save')}
        </Button>
      </div>
    </form>
  );
}

function ParticipantsSection({
  p,
  actsForOrganisation,
  onChange,
}: {
  p: ProcurementData;
  /** Mandates and values are an authority's own: a guest or observer viewer is offered neither. */
  actsForOrganisation: boolean;
  onChange: () => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const open = !['COMPETITION', 'CONTRACT_FOLLOW_UP', 'BENEFITS_REALISATION', 'CLOSED', 'CANCELLED'].includes(p.phase);
  return (
    <section aria-labelledby="participants-heading" className="stack" id="participants">
      <Heading level={2} data-size="md" id="participants-heading">
        {t('participants.title')}
      </Heading>
      <Table data-size="sm" zebra>
        <caption className="visually-hidden">{t('participants.title')}</caption>
        <Table.Head>
          <Table.Row>
            <Table.HeaderCell>{t('members.organisation')}</Table.HeaderCell>
            <Table.HeaderCell>{t('participants.mandate')}</Table.HeaderCell>
            <Table.HeaderCell>{t('participants.decision')}</Table.HeaderCell>
            {p.lots.map((l) => (
              <Table.HeaderCell key={l.id} className="num">
                {t('lots.lotNumber', { number: l.number })}
              </Table.HeaderCell>
            ))}
          </Table.Row>
        </Table.Head>
        <Table.Body>
          {p.participants.map((x) => (
            <Table.Row key={x.id}>
              <Table.HeaderCell scope="row">
                {x.organisation.name}
                {x.isLead && (
                  <>
                    {' '}
                    <Tag data-size="sm">{t('participants.lead')}</Tag>
                  </>
                )}
              </Table.HeaderCell>
              <Table.Cell>
                <Tag
                  data-size="sm"
                  data-color={
                    x.mandate.status === 'SIGNED' ? 'success' : x.mandate.status === 'WITHDRAWN' ? 'danger' : 'warning'
                  }
                >
                  {t(`mandateStatus.${x.mandate.status}`)}
                </Tag>
                {x.mandate.status === 'SIGNED' && x.mandate.lots.length > 0 && (
                  <div className="small muted">
                    {t('participants.coversLots', { lots: x.mandate.lots.map((l) => l.number).join(', ') })}
                  </div>
                )}
                {x.mandate.status === 'WITHDRAWN' && x.mandate.withdrawalReason && (
                  <div className="small muted">{x.mandate.withdrawalReason}</div>
                )}
              </Table.Cell>
              <Table.Cell>
                {x.mandate.decisionReference
                  ? `${x.mandate.decisionReference}${x.mandate.decisionDate ? `, ${f.localDate(x.mandate.decisionDate)}` : ''}`
                  : '–'}
              </Table.Cell>
              {p.lots.map((l) => {
                const v = x.statedValues.find((s) => s.lotId === l.id);
                return (
                  <Table.Cell key={l.id} className="num">
                    {v ? f.currency(v.amount, v.currency) : '–'}
                  </Table.Cell>
                );
              })}
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
      {p.viewerParticipant && actsForOrganisation && p.phase !== 'CLOSED' && p.phase !== 'CANCELLED' && (
        <div className="stack">
          <MandateForm p={p} onChange={onChange} />
          {open && <ValueForm p={p} onChange={onChange} />}
        </div>
      )}
    </section>
  );
}

function LotsSection({ p }: { p: ProcurementData }) {
  const { t } = useTranslation();
  const f = useFormat();
  const ta = p.thresholdAssessment;
  const sums = (v: { amount: string; currency: string }[]) =>
    v.map((s) => f.currency(s.amount, s.currency)).join(', ') || '–';
  return (
    <section aria-labelledby="lots-heading" className="stack" id="lots">
      <Heading level={2} data-size="md" id="lots-heading">
        {t('lots.title')}
      </Heading>
      <Table data-size="sm" zebra>
        <caption className="visually-hidden">{t('lots.title')}</caption>
        <Table.Head>
          <Table.Row>
            <Table.HeaderCell>{t('lots.lot')}</Table.HeaderCell>
            <Table.HeaderCell>{t('lots.cpv')}</Table.HeaderCell>
            <Table.HeaderCell className="num">{t('lots.estimatedValue')}</Table.HeaderCell>
          </Table.Row>
        </Table.Head>
        <Table.Body>
          {p.lots.map((l) => (
            <Table.Row key={l.id}>
              <Table.HeaderCell scope="row">
                {t('lots.lotTitle', { number: l.number, title: l.title })}
                {l.description && <div className="small muted">{l.description}</div>}
              </Table.HeaderCell>
              <Table.Cell>{l.cpvCodes.join(', ') || '–'}</Table.Cell>
              <Table.Cell className="num">{sums(l.estimatedValue)}</Table.Cell>
            </Table.Row>
          ))}
          <Table.Row>
            <Table.HeaderCell scope="row">{t('lots.total')}</Table.HeaderCell>
            <Table.Cell />
            <Table.Cell className="num">{sums(p.estimatedValue)}</Table.Cell>
          </Table.Row>
        </Table.Body>
      </Table>
      <div className="panel stack-sm" role="region" aria-labelledby="threshold-heading">
        <Heading level={3} data-size="xs" id="threshold-heading">
          {t('threshold.title')}
        </Heading>
        <Paragraph data-size="sm">
          {t('threshold.summary', {
            value: f.currency(ta.estimatedValue.amount, ta.estimatedValue.currency),
            country: ta.country,
            national: f.currency(ta.nationalThreshold.amount, ta.nationalThreshold.currency),
            eu: f.currency(ta.euThreshold.amount, ta.euThreshold.currency),
          })}{' '}
          {t(`threshold.level.${ta.authorityLevel}`)}
        </Paragraph>
        {ta.convertedCurrencies.length > 0 && (
          <Paragraph data-size="sm">
            {t('threshold.converted', { currencies: ta.convertedCurrencies.join(', ') })}
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
    </section>
  );
}

/**
 * One joint procurement: phases and what blocks the next, participants and mandates, lots and
 * values, milestones, decisions, the market dialogue, documents, benefits and history, kept live
 * by the procurement's event stream.
 */
export function Procurement() {
  const { t } = useTranslation();
  const f = useFormat();
  const { group, actsForOrganisation } = useGroup();
  const { procurementId } = useParams<{ procurementId: string }>();
  const [{ data, fetching, error }, refetch] = useQuery({ query: ProcurementQuery, variables: { id: procurementId! } });
  const p = data?.jointProcurement;
  usePageTitle(p?.title);
  const [listeners] = useState(() => new Set<(e: LiveEvent) => void>());
  const [announcement, setAnnouncement] = useState('');
  const refresh = useCoalesced(() => refetch({ requestPolicy: 'network-only' }));
  useStream(ProcurementEventsSubscription, procurementId ? { procurementId } : null, {
    onData: (d) => {
      const e = d.procurementEvents;
      if (e.type === 'procurement.phase_changed' && typeof e.payload.to === 'string') {
        setAnnouncement(t('procurement.phaseNow', { phase: t(`phase.${e.payload.to as 'ANCHORING'}`) }));
      }
      refresh();
      for (const l of listeners) l({ ...e, groupId: e.groupId ?? null });
    },
    onResync: () => {
      refresh();
      for (const l of listeners) l({ id: '', type: 'resync', scopeType: '', scopeId: '', groupId: null, payload: {} });
    },
  });

  if (!p) return fetching ? <Loading /> : <ErrorAlert error={error} />;
  const sections = [
    ['phase', t('procurement.phases')],
    ['participants', t('participants.title')],
    ['lots', t('lots.title')],
    ['milestones', t('milestones.title')],
    ['decisions', t('decisions.title')],
    ['dialogue', t('dialogueAdmin.title')],
    ['documents', t('documents.title')],
    ['benefits', t('benefits.title')],
    ...(p.viewerIsCoordinator ? [['history', t('history.title')]] : []),
  ];

  return (
    <ProcurementEventsContext.Provider value={listeners}>
      <article className="stack-lg" aria-labelledby="procurement-heading">
        <div className="stack-sm">
          <Paragraph data-size="sm">
            <RouterLink to={`/groups/${group.id}/procurements`}>{t('procurement.all')}</RouterLink>
          </Paragraph>
          <Heading level={2} data-size="lg" id="procurement-heading">
            {p.title}
          </Heading>
          <div className="row">
            <Tag data-size="md" data-color={p.phase === 'CANCELLED' ? 'danger' : 'info'} aria-live="polite">
              {t('procurement.phaseLabel', { phase: t(`phase.${p.phase}`) })}
            </Tag>
            <span className="small muted">
              {t('procurement.since', { date: f.date(p.phaseChangedAt) })} · {t(`procedureType.${p.procedureType}`)} (
              {p.procedureCode}) · {t(`contractType.${p.contractType}`)} ·{' '}
              {t('procurement.leadIs', { organisation: p.leadAuthority.name })}
            </span>
          </div>
          <div role="status" aria-live="polite" className="small">
            {announcement}
          </div>
          {p.description && <Markdown>{p.description}</Markdown>}
          {p.needs.length > 0 && (
            <Paragraph data-size="sm">
              {t('procurement.fromNeeds')}{' '}
              {p.needs.map((n, i) => (
                <span key={n.id}>
                  {i > 0 && ', '}
                  <RouterLink to={`/needs/${n.id}`}>{n.title}</RouterLink>
                </span>
              ))}
            </Paragraph>
          )}
          <div className="row">
            <RouterLink to={`/groups/${group.id}/threads/${p.buyersThread.id}`}>
              {t('procurement.buyersChannel')}
            </RouterLink>
            <RouterLink to={`/groups/${group.id}/threads/${p.publicThread.id}`}>
              {t('procurement.publicChannel')}
            </RouterLink>
            <a href={p.ocdsUrl} download>
              {t('procurement.ocds')}
            </a>
          </div>
        </div>
        <nav aria-label={t('procurement.contents')}>
          <ul className="tab-nav">
            {sections.map(([id, label]) => (
              <li key={id}>
                <a href={`#${id}`}>{label}</a>
              </li>
            ))}
          </ul>
        </nav>
        <PhaseSection p={p} onChange={refresh} />
        <ParticipantsSection p={p} actsForOrganisation={actsForOrganisation} onChange={refresh} />
        <LotsSection p={p} />
        <MilestonesSection procurementId={p.id} isCoordinator={p.viewerIsCoordinator} />
        <DecisionsSection
          procurementId={p.id}
          isCoordinator={p.viewerIsCoordinator}
          canVote={!!p.viewerParticipant && actsForOrganisation}
          participantCount={p.participants.filter((x) => x.mandate.status !== 'WITHDRAWN').length}
        />
        <DialogueAdminSection procurementId={p.id} isCoordinator={p.viewerIsCoordinator} />
        <section id="documents" aria-labelledby="procurement-documents-heading">
          <DocumentList procurement={{ id: p.id, canPublish: p.viewerIsCoordinator }} />
        </section>
        <BenefitsSection
          procurementId={p.id}
          isCoordinator={p.viewerIsCoordinator}
          isParticipant={!!p.viewerParticipant && actsForOrganisation}
        />
        {p.viewerIsCoordinator && <HistorySection procurementId={p.id} csvUrl={p.historyCsvUrl} />}
      </article>
    </ProcurementEventsContext.Provider>
  );
}
