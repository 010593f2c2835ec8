import { Button, Details, Heading, Paragraph, Table, Tag, Textfield } from '@digdir/designsystemet-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { ErrorAlert, Loading } from '../components/Feedback';
import { Markdown } from '../components/Markdown';
import { SelectField } from '../components/SelectField';
import { MILESTONE_KINDS, PHASES } from '../lib/enums';
import { useFormat } from '../lib/format';
import { graphql, type ResultOf } from '../lib/graphql';
import { useCoalesced } from '../lib/live';
import { decimalInput, localToIso, useMilestoneTitle, useProcurementListener } from '../lib/procurement';

type MilestoneKind = (typeof MILESTONE_KINDS)[number];
type Phase = (typeof PHASES)[number];

/** Refetches `refetch` on the procurement's events whose type starts with one of `prefixes`. */
function useRefetchOn(prefixes: string[], refetch: (o: { requestPolicy: 'network-only' }) => void) {
  const refresh = useCoalesced(() => refetch({ requestPolicy: 'network-only' }));
  useProcurementListener((e) => {
    if (e.type === 'resync' || prefixes.some((p) => e.type.startsWith(p))) refresh();
  });
  return refresh;
}

// ---- milestones ----

const MilestonesQuery = graphql(`
  query ProcurementMilestones($id: ID!) {
    jointProcurement(id: $id) {
      id
      milestones {
        id
        kind
        title
        dueAt
        status
        completedAt
      }
    }
  }
`);
const SetMilestone = graphql(`
  mutation SetProcurementMilestone($input: SetMilestoneInput!) {
    setProcurementMilestone(input: $input) {
      id
    }
  }
`);
const CompleteMilestone = graphql(`
  mutation CompleteProcurementMilestone($id: ID!, $completed: Boolean!) {
    completeProcurementMilestone(id: $id, completed: $completed) {
      id
      status
      completedAt
    }
  }
`);

export function MilestonesSection({ procurementId, isCoordinator }: { procurementId: string; isCoordinator: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const milestoneTitle = useMilestoneTitle();
  const [{ data, fetching, error }, refetch] = useQuery({ query: MilestonesQuery, variables: { id: procurementId } });
  const refresh = useRefetchOn(['milestone.', 'dialogue.', 'procurement.'], refetch);
  const [saved, setMilestone] = useMutation(SetMilestone);
  const [completed, complete] = useMutation(CompleteMilestone);
  const [kind, setKind] = useState<MilestoneKind>('TENDER_DEADLINE');
  const [title, setTitle] = useState('');
  const [dueAt, setDueAt] = useState('');
  const [dueError, setDueError] = useState<string>();
  const [status, setStatus] = useState('');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const due = localToIso(dueAt);
    if (!due) return setDueError(t('common.required'));
    setDueError(undefined);
    const r = await setMilestone({ input: { procurementId, kind, dueAt: due, title: title.trim() || null } });
    if (!r.error) {
      setStatus(t('milestones.saved'));
      setTitle('');
      refresh();
    }
  };

  const milestones = data?.jointProcurement.milestones ?? [];
  return (
    <section aria-labelledby="milestones-heading" className="stack" id="milestones">
      <Heading level={2} data-size="md" id="milestones-heading">
        {t('milestones.title')}
      </Heading>
      <ErrorAlert error={error ?? completed.error} />
      {!data && fetching && <Loading />}
      {data && milestones.length === 0 && <Paragraph>{t('milestones.none')}</Paragraph>}
      {milestones.length > 0 && (
        <Table data-size="sm" zebra>
          <caption className="visually-hidden">{t('milestones.title')}</caption>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>{t('milestones.milestone')}</Table.HeaderCell>
              <Table.HeaderCell>{t('milestones.due')}</Table.HeaderCell>
              <Table.HeaderCell>{t('milestones.status')}</Table.HeaderCell>
              {isCoordinator && <Table.HeaderCell>{t('common.actions')}</Table.HeaderCell>}
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {milestones.map((m) => (
              <Table.Row key={m.id}>
                <Table.HeaderCell scope="row">
                  {milestoneTitle(m)}
                  {/* The kind under the title, unless the title already says it. */}
                  {milestoneTitle(m) !== t(`milestoneKind.${m.kind}`) && (
                    <div className="small muted">{t(`milestoneKind.${m.kind}`)}</div>
                  )}
                </Table.HeaderCell>
                <Table.Cell>{f.dateTime(m.dueAt)}</Table.Cell>
                <Table.Cell>
                  <Tag
                    data-size="sm"
                    data-color={m.status === 'OVERDUE' ? 'danger' : m.status === 'COMPLETED' ? 'success' : 'info'}
                  >
                    {t(`milestoneStatus.${m.status}`)}
                  </Tag>
                  {m.completedAt && <div className="small muted">{f.dateTime(m.completedAt)}</div>}
                </Table.Cell>
                {isCoordinator && (
                  <Table.Cell>
                    <Button
                      data-size="sm"
                      variant="secondary"
                      onClick={async () => {
                        await complete({ id: m.id, completed: m.status !== 'COMPLETED' });
                        refresh();
                      }}
                    >
                      {m.status === 'COMPLETED'
                        ? t('milestones.reopen', { title: milestoneTitle(m) })
                        : t('milestones.complete', { title: milestoneTitle(m) })}
                    </Button>
                  </Table.Cell>
                )}
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
      {isCoordinator && (
        <Details>
          <Details.Summary>{t('milestones.set')}</Details.Summary>
          <Details.Content>
            <form onSubmit={submit} className="stack" noValidate>
              <Paragraph data-size="sm">{t('milestones.setHelp')}</Paragraph>
              <ErrorAlert error={saved.error} />
              <div className="row">
                <SelectField
                  label={t('milestones.kind')}
                  value={kind}
                  onChange={(e) => setKind(e.target.value as MilestoneKind)}
                  options={MILESTONE_KINDS.map((k) => ({ value: k, label: t(`milestoneKind.${k}`) }))}
                />
                <Textfield
                  label={t('milestones.due')}
                  type="datetime-local"
                  value={dueAt}
                  onChange={(e) => setDueAt(e.target.value)}
                  error={dueError}
                  required
                />
              </div>
              <Textfield
                label={t('milestones.titleField')}
                description={t('milestones.titleHelp')}
                value={title}
                onChange={(e) => setTitle(e.target.value)}
              />
              <div role="status" aria-live="polite">
                {status}
              </div>
              <div>
                <Button type="submit" loading={saved.fetching}>
                  {t('milestones.save')}
                </Button>
              </div>
            </form>
          </Details.Content>
        </Details>
      )}
    </section>
  );
}

// ---- decisions ----

const DecisionsQuery = graphql(`
  query ProcurementDecisions($id: ID!) {
    jointProcurement(id: $id) {
      id
      decisions {
        id
        title
        description
        options
        quorum
        closesAt
        gate
        status
        outcome
        winningOptionLabel
        approved
        closedAt
        viewerVote
        counts {
          option
          votes
        }
        votes {
          option
          organisation {
            id
            name
          }
        }
      }
    }
  }
`);
const OpenDecision = graphql(`
  mutation OpenDecision($input: OpenDecisionInput!) {
    openDecision(input: $input) {
      id
    }
  }
`);
const CastVote = graphql(`
  mutation CastVote($input: CastVoteInput!) {
    castVote(input: $input) {
      id
      viewerVote
      counts {
        option
        votes
      }
    }
  }
`);
const CloseDecision = graphql(`
  mutation CloseDecision($id: ID!) {
    closeDecision(id: $id) {
      id
      status
      outcome
    }
  }
`);

export function DecisionsSection({
  procurementId,
  isCoordinator,
  canVote,
  participantCount,
}: {
  procurementId: string;
  isCoordinator: boolean;
  canVote: boolean;
  participantCount: number;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [{ data, fetching, error }, refetch] = useQuery({ query: DecisionsQuery, variables: { id: procurementId } });
  const refresh = useRefetchOn(['decision.'], refetch);
  const [opened, openDecision] = useMutation(OpenDecision);
  const [voted, castVote] = useMutation(CastVote);
  const [closed, closeDecision] = useMutation(CloseDecision);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [options, setOptions] = useState('');
  const [quorum, setQuorum] = useState(String(Math.max(1, Math.ceil(participantCount / 2))));
  const [closesAt, setClosesAt] = useState('');
  const [gate, setGate] = useState<Phase | ''>('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState('');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!title.trim()) local.title = t('common.required');
    const closes = localToIso(closesAt);
    if (!closes) local.closesAt = t('common.required');
    if (!/^\d+$/.test(quorum.trim())) local.quorum = t('decisions.quorumInvalid');
    setErrors(local);
    if (Object.keys(local).length) return;
    const list = options
      .split('\n')
      .map((o) => o.trim())
      .filter(Boolean);
    const r = await openDecision({
      input: {
        procurementId,
        title: title.trim(),
        description,
        quorum: Number(quorum.trim()),
        closesAt: closes!,
        gate: gate || null,
        ...(list.length >= 2 ? { options: list } : { options: [t('decisions.approve'), t('decisions.reject')] }),
      },
    });
    if (!r.error) {
      setStatus(t('decisions.opened'));
      setTitle('');
      setDescription('');
      setOptions('');
      refresh();
    }
  };

  const decisions = data?.jointProcurement.decisions ?? [];
  return (
    <section aria-labelledby="decisions-heading" className="stack" id="decisions">
      <Heading level={2} data-size="md" id="decisions-heading">
        {t('decisions.title')}
      </Heading>
      <ErrorAlert error={error ?? voted.error ?? closed.error} />
      <div role="status" aria-live="polite">
        {status}
      </div>
      {!data && fetching && <Loading />}
      {data && decisions.length === 0 && <Paragraph>{t('decisions.none')}</Paragraph>}
      <ul className="plain-list stack">
        {decisions.map((d) => {
          const total = d.votes.length;
          return (
            <li key={d.id} className="panel stack-sm" aria-labelledby={`decision-${d.id}`}>
              <Heading level={3} data-size="xs" id={`decision-${d.id}`}>
                {d.title}
              </Heading>
              <div className="row">
                <Tag data-size="sm" data-color={d.status === 'OPEN' ? 'info' : d.approved ? 'success' : 'neutral'}>
                  {d.status === 'OPEN'
                    ? t('decisions.openUntil', { date: f.dateTime(d.closesAt) })
                    : t(`decisionOutcome.${d.outcome ?? 'NO_QUORUM'}`)}
                </Tag>
                {d.gate && <span className="small muted">{t('decisions.gate', { phase: t(`phase.${d.gate}`) })}</span>}
                <span className="small muted">{t('decisions.quorum', { quorum: d.quorum, votes: total })}</span>
              </div>
              {d.description && <Markdown>{d.description}</Markdown>}
              <Table data-size="sm">
                <caption className="visually-hidden">{t('decisions.countsCaption', { title: d.title })}</caption>
                <Table.Head>
                  <Table.Row>
                    <Table.HeaderCell>{t('decisions.option')}</Table.HeaderCell>
                    <Table.HeaderCell className="num">{t('decisions.votes')}</Table.HeaderCell>
                    <Table.HeaderCell>{t('decisions.who')}</Table.HeaderCell>
                  </Table.Row>
                </Table.Head>
                <Table.Body>
                  {d.counts.map((c, i) => (
                    <Table.Row key={i}>
                      <Table.HeaderCell scope="row">
                        {c.option}
                        {d.viewerVote === i && (
                          <>
                            {' '}
                            <Tag data-size="sm" data-color="success">
                              {t('decisions.yourVote')}
                            </Tag>
                          </>
                        )}
                      </Table.HeaderCell>
                      <Table.Cell className="num">{f.number(c.votes)}</Table.Cell>
                      <Table.Cell>
                        {d.votes
                          .filter((v) => v.option === i)
                          .map((v) => v.organisation.name)
                          .join(', ')}
                      </Table.Cell>
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table>
              {d.status === 'CLOSED' && d.winningOptionLabel && (
                <Paragraph data-size="sm">{t('decisions.result', { option: d.winningOptionLabel })}</Paragraph>
              )}
              {d.status === 'OPEN' && (
                <div className="row">
                  {canVote &&
                    d.options.map((o, i) => (
                      <Button
                        key={i}
                        data-size="sm"
                        variant={d.viewerVote === i ? 'primary' : 'secondary'}
                        aria-pressed={d.viewerVote === i}
                        onClick={async () => {
                          const r = await castVote({ input: { decisionId: d.id, option: i } });
                          if (!r.error) setStatus(t('decisions.voted', { option: o, title: d.title }));
                          refresh();
                        }}
                      >
                        {t('decisions.voteFor', { option: o })}
                      </Button>
                    ))}
                  {isCoordinator && (
                    <Button
                      data-size="sm"
                      variant="tertiary"
                      onClick={async () => {
                        const r = await closeDecision({ id: d.id });
                        if (!r.error) setStatus(t('decisions.closedStatus', { title: d.title }));
                        refresh();
                      }}
                    >
                      {t('decisions.close', { title: d.title })}
                    </Button>
                  )}
                </div>
              )}
            </li>
          );
        })}
      </ul>
      {isCoordinator && (
        <Details>
          <Details.Summary>{t('decisions.openNew')}</Details.Summary>
          <Details.Content>
            <form onSubmit={submit} className="stack" noValidate>
              <ErrorAlert error={opened.error} />
              <Textfield
                label={t('decisions.titleField')}
                value={title}
                onChange={(e) => setTitle(e.target.value)}
                error={errors.title}
                required
              />
              <Textfield
                label={t('decisions.description')}
                description={t('common.markdownHelp')}
                multiline
                rows={3}
                value={description}
                onChange={(e) => setDescription(e.target.value)}
              />
              <Textfield
                label={t('decisions.options')}
                description={t('decisions.optionsHelp')}
                multiline
                rows={3}
                value={options}
                onChange={(e) => setOptions(e.target.value)}
              />
              <div className="row">
                <Textfield
                  label={t('decisions.quorumField')}
                  inputMode="numeric"
                  value={quorum}
                  onChange={(e) => setQuorum(e.target.value)}
                  error={errors.quorum}
                />
                <Textfield
                  label={t('decisions.closesAt')}
                  type="datetime-local"
                  value={closesAt}
                  onChange={(e) => setClosesAt(e.target.value)}
                  error={errors.closesAt}
                  required
                />
                <SelectField
                  label={t('decisions.gateField')}
                  value={gate}
                  onChange={(e) => setGate(e.target.value as Phase | '')}
                  options={[
                    { value: '', label: t('decisions.noGate') },
                    ...PHASES.filter((p) => p !== 'ANCHORING' && p !== 'CANCELLED').map((p) => ({
                      value: p,
                      label: t(`phase.${p}`),
                    })),
                  ]}
                />
              </div>
              <div>
                <Button type="submit" loading={opened.fetching}>
                  {t('decisions.openSubmit')}
                </Button>
              </div>
            </form>
          </Details.Content>
        </Details>
      )}
    </section>
  );
}

// ---- benefits ----

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
const AddIndicator = graphql(`
  mutation AddBenefitIndicator($input: AddIndicatorInput!) {
    addBenefitIndicator(input: $input) {
      id
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
  const refresh = useRefetchOn(['benefit.'], refetch);
  const [added, addIndicator] = useMutation(AddIndicator);
  const [recorded, record] = useMutation(RecordMeasurement);
  const [name, setName] = useState('');
  const [unit, setUnit] = useState('');
  const [direction, setDirection] = useState<'LOWER_IS_BETTER' | 'HIGHER_IS_BETTER'>('LOWER_IS_BETTER');
  const [indicatorId, setIndicatorId] = useState('');
  const [kind, setKind] = useState<'BASELINE' | 'FOLLOW_UP'>('BASELINE');
  const [value, setValue] = useState('');
  const [measuredOn, setMeasuredOn] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState('');
  const indicators = data?.jointProcurement.benefits ?? [];
  const n = (v: string | null | undefined) => (v == null ? '–' : f.number(v));

  const submitIndicator = async (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!name.trim()) local.name = t('common.required');
    if (!unit.trim()) local.unit = t('common.required');
    setErrors(local);
    if (Object.keys(local).length) return;
    const r = await addIndicator({ input: { procurementId, name: name.trim(), unit: unit.trim(), direction } });
    if (!r.error) {
      setStatus(t('benefits.added'));
      setName('');
      setUnit('');
      refresh();
    }
  };
  const submitMeasurement = async (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    const chosen = indicatorId || indicators[0]?.id;
    const v = decimalInput(value);
    if (!v) local.value = t('common.required');
    if (!measuredOn) local.measuredOn = t('common.required');
    setErrors(local);
    if (Object.keys(local).length || !chosen) return;
    const r = await record({ input: { indicatorId: chosen, kind, value: v!, measuredOn } });
    if (!r.error) {
      setStatus(t('benefits.recorded'));
      setValue('');
      refresh();
    }
  };

  return (
    <section aria-labelledby="benefits-heading" className="stack" id="benefits">
      <Heading level={2} data-size="md" id="benefits-heading">
        {t('benefits.title')}
      </Heading>
      <ErrorAlert error={error} />
      <div role="status" aria-live="polite">
        {status}
      </div>
      {!data && fetching && <Loading />}
      {data && indicators.length === 0 && <Paragraph>{t('benefits.none')}</Paragraph>}
      {indicators.map((i) => (
        <Table key={i.id} data-size="sm" zebra>
          <caption>
            {i.name} ({i.unit}, {t(`direction.${i.direction}`)})
          </caption>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>{t('members.organisation')}</Table.HeaderCell>
              <Table.HeaderCell className="num">{t('benefits.baseline')}</Table.HeaderCell>
              <Table.HeaderCell className="num">{t('benefits.latest')}</Table.HeaderCell>
              <Table.HeaderCell className="num">{t('benefits.change')}</Table.HeaderCell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {i.perAuthority.map((a) => (
              <Table.Row key={a.organisation.id}>
                <Table.HeaderCell scope="row">{a.organisation.name}</Table.HeaderCell>
                <Table.Cell className="num">{n(a.baseline)}</Table.Cell>
                <Table.Cell className="num">{n(a.latest)}</Table.Cell>
                <Table.Cell className="num">{n(a.change)}</Table.Cell>
              </Table.Row>
            ))}
            <Table.Row>
              <Table.HeaderCell scope="row">{t('benefits.total')}</Table.HeaderCell>
              <Table.Cell className="num">{n(i.total.baseline)}</Table.Cell>
              <Table.Cell className="num">{n(i.total.latest)}</Table.Cell>
              <Table.Cell className="num">{n(i.total.change)}</Table.Cell>
            </Table.Row>
          </Table.Body>
        </Table>
      ))}
      {isParticipant && indicators.length > 0 && (
        <Details>
          <Details.Summary>{t('benefits.record')}</Details.Summary>
          <Details.Content>
            <form onSubmit={submitMeasurement} className="stack" noValidate>
              <ErrorAlert error={recorded.error} />
              <div className="row">
                <SelectField
                  label={t('benefits.indicator')}
                  value={indicatorId || indicators[0]?.id}
                  onChange={(e) => setIndicatorId(e.target.value)}
                  options={indicators.map((i) => ({ value: i.id, label: i.name }))}
                />
                <SelectField
                  label={t('benefits.kind')}
                  value={kind}
                  onChange={(e) => setKind(e.target.value as 'BASELINE' | 'FOLLOW_UP')}
                  options={[
                    { value: 'BASELINE', label: t('benefits.baseline') },
                    { value: 'FOLLOW_UP', label: t('benefits.followUp') },
                  ]}
                />
                <Textfield
                  label={t('benefits.value')}
                  inputMode="decimal"
                  value={value}
                  onChange={(e) => setValue(e.target.value)}
                  error={errors.value}
                  required
                />
                <Textfield
                  label={t('benefits.measuredOn')}
                  type="date"
                  value={measuredOn}
                  onChange={(e) => setMeasuredOn(e.target.value)}
                  error={errors.measuredOn}
                  required
                />
              </div>
              <div>
                <Button type="submit" loading={recorded.fetching}>
                  {t('benefits.recordSubmit')}
                </Button>
              </div>
            </form>
          </Details.Content>
        </Details>
      )}
      {isCoordinator && (
        <Details>
          <Details.Summary>{t('benefits.add')}</Details.Summary>
          <Details.Content>
            <form onSubmit={submitIndicator} className="stack" noValidate>
              <ErrorAlert error={added.error} />
              <div className="row">
                <Textfield
                  label={t('benefits.name')}
                  value={name}
                  onChange={(e) => setName(e.target.value)}
                  error={errors.name}
                  required
                />
                <Textfield
                  label={t('benefits.unit')}
                  description={t('benefits.unitHelp')}
                  value={unit}
                  onChange={(e) => setUnit(e.target.value)}
                  error={errors.unit}
                  required
                />
                <SelectField
                  label={t('benefits.direction')}
                  value={direction}
                  onChange={(e) => setDirection(e.target.value as 'LOWER_IS_BETTER' | 'HIGHER_IS_BETTER')}
                  options={[
                    { value: 'LOWER_IS_BETTER', label: t('direction.LOWER_IS_BETTER') },
                    { value: 'HIGHER_IS_BETTER', label: t('direction.HIGHER_IS_BETTER') },
                  ]}
                />
              </div>
              <div>
                <Button type="submit" loading={added.fetching}>
                  {t('benefits.addSubmit')}
                </Button>
              </div>
            </form>
          </Details.Content>
        </Details>
      )}
    </section>
  );
}

// ---- history ----

const HistoryQuery = graphql(`
  query ProcurementHistory($id: ID!, $after: String) {
    jointProcurement(id: $id) {
      id
      history(first: 100, after: $after) {
        totalCount
        pageInfo {
          endCursor
          hasNextPage
        }
        nodes {
          id
          at
          type
          summary
          payload
          subjectOrganisationName
          actorName
          actorOrganisationName
        }
      }
    }
  }
`);

type HistoryNode = ResultOf<typeof HistoryQuery>['jointProcurement']['history']['nodes'][number];

/**
 * A history entry in the interface language, from its type and data; the server's English summary
 * only for types this client does not know yet.
 */
function useHistoryText() {
  const { t } = useTranslation();
  const f = useFormat();
  return (h: HistoryNode): string => {
    const p = h.payload as Record<string, unknown>;
    const organisation = h.subjectOrganisationName ?? '';
    const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
    const phase = (v: unknown) => (typeof v === 'string' ? t(`phase.${v as 'ANCHORING'}`) : '');
    const kind = (v: unknown) => (typeof v === 'string' ? t(`milestoneKind.${v as 'OTHER'}`) : '');
    const date = (v: unknown) => (typeof v === 'string' ? f.dateTime(v) : '');
    const question = t('dialogue.questionNumber', { number: str(p.number) });
    switch (h.type) {
      case 'procurement.created':
        return t('history.events.procurement.created', { title: str(p.title) });
      case 'procurement.updated':
        return t('history.events.procurement.updated');
      case 'procurement.phase_changed':
        return p.to === 'CANCELLED'
          ? t('history.events.procurement.cancelled', { from: phase(p.from), reason: str(p.reason) })
          : t('history.events.procurement.phase_changed', { from: phase(p.from), to: phase(p.to) });
      case 'participant.added':
        return t('history.events.participant.added', { organisation });
      case 'participant.removed':
        return t('history.events.participant.removed', { organisation });
      case 'lot.added':
        return t('history.events.lot.added', { number: str(p.number) });
      case 'lot.updated':
        return t('history.events.lot.updated');
      case 'lot.removed':
        return t('history.events.lot.removed', { number: str(p.number) });
      case 'lot.value_set':
        return t('history.events.lot.value_set', { organisation });
      case 'mandate.signed':
        return t('history.events.mandate.signed', { organisation });
      case 'mandate.withdrawn':
        return t('history.events.mandate.withdrawn', { organisation });
      case 'milestone.set':
        return t('history.events.milestone.set', { kind: kind(p.kind), date: date(p.dueAt) });
      case 'milestone.completed':
        return p.completed ? t('history.events.milestone.completed') : t('history.events.milestone.reopened');
      case 'milestone.removed':
        return t('history.events.milestone.removed', { kind: kind(p.kind) });
      case 'dialogue.published':
        return t('history.events.dialogue.published', { date: date(p.questionDeadline) });
      case 'dialogue.notice_updated':
        return t('history.events.dialogue.notice_updated');
      case 'dialogue.registered':
        return t('history.events.dialogue.registered', { organisation });
      case 'question.asked':
        return t('history.events.question.asked', { question });
      case 'question.withdrawn':
        return t('history.events.question.withdrawn');
      case 'question.answered':
        return t('history.events.question.answered', { question });
      case 'answer.revised':
        return t('history.events.answer.revised', { question, revision: str(p.revision) });
      case 'slots.opened':
        return t('history.events.slots.opened', { count: Array.isArray(p.slotIds) ? p.slotIds.length : 0 });
      case 'slot.removed':
        return t('history.events.slot.removed');
      case 'slot.booked':
        return t('history.events.slot.booked');
      case 'slot.freed':
        return t('history.events.slot.freed');
      case 'decision.opened':
        return t('history.events.decision.opened');
      case 'decision.voted':
        return t('history.events.decision.voted', { organisation });
      case 'decision.closed': {
        const outcome = typeof p.outcome === 'string' ? t(`decisionOutcome.${p.outcome as 'DECIDED'}`) : '';
        return p.approved
          ? t('history.events.decision.approved', { outcome })
          : t('history.events.decision.closed', { outcome });
      }
      case 'benefit.indicator_added':
        return t('history.events.benefit.indicator_added');
      case 'benefit.measured':
        return p.kind === 'BASELINE'
          ? t('history.events.benefit.baseline', { organisation })
          : t('history.events.benefit.follow_up', { organisation });
      case 'document.created':
        return t('history.events.document.created', { title: str(p.title) });
      case 'document.version_added':
        return t('history.events.document.version_added', { number: str(p.number) });
      case 'document.renamed':
        return t('history.events.document.renamed', { title: str(p.title) });
      case 'document.visibility_changed':
        return p.visibility === 'PUBLISHED'
          ? t('history.events.document.published', { number: str(p.publishedVersion) })
          : t('history.events.document.unpublished');
      case 'document.updated':
        return t('history.events.document.updated');
      case 'document.deleted':
        return t('history.events.document.deleted');
      default:
        return h.summary;
    }
  };
}

/** Everything that happened, oldest first (coordinators), with the CSV download. */
export function HistorySection({ procurementId, csvUrl }: { procurementId: string; csvUrl: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [{ data, fetching, error }, refetch] = useQuery({ query: HistoryQuery, variables: { id: procurementId } });
  const historyText = useHistoryText();
  useRefetchOn([''], refetch);
  const history = data?.jointProcurement.history;
  return (
    <section aria-labelledby="history-heading" className="stack" id="history">
      <Heading level={2} data-size="md" id="history-heading">
        {t('history.title')}
      </Heading>
      <Paragraph data-size="sm">
        <a href={csvUrl} download>
          {t('history.csv')}
        </a>
      </Paragraph>
      <ErrorAlert error={error} />
      {!data && fetching && <Loading />}
      {history && (
        <Details>
          <Details.Summary>{t('history.show', { count: history.totalCount })}</Details.Summary>
          <Details.Content>
            <ol className="plain-list stack-sm">
              {history.nodes.map((h) => (
                <li key={h.id}>
                  <span className="muted small">{f.dateTime(h.at)}</span> {historyText(h)}
                  {h.actorName && (
                    <span className="muted small">
                      {' '}
                      – {h.actorName}
                      {h.actorOrganisationName && `, ${h.actorOrganisationName}`}
                    </span>
                  )}
                </li>
              ))}
            </ol>
            {history.pageInfo.hasNextPage && <Paragraph data-size="sm">{t('history.more')}</Paragraph>}
          </Details.Content>
        </Details>
      )}
    </section>
  );
}
