import { Button, Heading, Paragraph, Table, Tag, Textfield } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { DataTable } from '../components/DataTable';
import { ErrorAlert, LiveStatus, QueryState } from '../components/Feedback';
import { CollapsibleForm, MarkdownField } from '../components/Form';
import { Markdown } from '../components/Markdown';
import { Section } from '../components/Section';
import { SelectField } from '../components/SelectField';
import { PHASES } from '../lib/enums';
import { useForm, useStatus } from '../lib/form';
import { useFormat } from '../lib/format';
import { graphql, type ResultOf } from '../lib/graphql';
import { isoToLocal, localToIso, useProcurementRefetch } from '../lib/procurement';

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
        award {
          lot {
            id
            number
            title
          }
          suppliers {
            id
            name
          }
        }
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

export const OpenDecision = graphql(`
  mutation OpenDecision($input: OpenDecisionInput!) {
    openDecision(input: $input) {
      id
    }
  }
`);

type Phase = (typeof PHASES)[number];
type Decision = ResultOf<typeof DecisionsQuery>['jointProcurement']['decisions'][number];
type Report = (result: { error?: unknown }, text: string) => boolean;

/** A week ahead at noon, in the browser's time zone: when a new decision closes unless changed. */
export function defaultClosing(now = new Date()): string {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 7, 12, 0);
  return isoToLocal(d.toISOString());
}

/** A whole number, as the count fields take it. */
const isCount = (v: string) => /^\d+$/.test(v.trim());

/** One decision: its state, the votes per option and who cast them, and the buttons to vote or close. */
function DecisionItem({
  d,
  canVote,
  isCoordinator,
  report,
}: {
  d: Decision;
  canVote: boolean;
  isCoordinator: boolean;
  report: Report;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [voted, castVote] = useMutation(CastVote);
  const [closed, closeDecision] = useMutation(CloseDecision);
  return (
    <li className="panel stack-sm" aria-labelledby={`decision-${d.id}`}>
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
        <span className="small muted">{t('decisions.quorum', { quorum: d.quorum, votes: d.votes.length })}</span>
      </div>
      {d.award && (
        <Paragraph data-size="sm">
          {t('decisions.awards', {
            number: d.award.lot.number,
            title: d.award.lot.title,
            suppliers: f.list(d.award.suppliers.map((s) => s.name)),
          })}
        </Paragraph>
      )}
      {d.description && <Markdown>{d.description}</Markdown>}
      <DataTable
        caption={t('decisions.countsCaption', { title: d.title })}
        columns={[t('decisions.option'), { label: t('decisions.votes'), num: true }, t('decisions.who')]}
        zebra={false}
      >
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
      </DataTable>
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
                // Several decisions may be open on the page: the name says which one the vote is for.
                aria-label={t('decisions.voteForIn', { option: o, title: d.title })}
                onClick={async () =>
                  report(
                    await castVote({ input: { decisionId: d.id, option: i } }),
                    t('decisions.voted', { option: o, title: d.title }),
                  )
                }
              >
                {t('decisions.voteFor', { option: o })}
              </Button>
            ))}
          {isCoordinator && (
            <Button
              data-size="sm"
              variant="tertiary"
              onClick={async () =>
                report(await closeDecision({ id: d.id }), t('decisions.closedStatus', { title: d.title }))
              }
            >
              {t('decisions.close', { title: d.title })}
            </Button>
          )}
        </div>
      )}
      <ErrorAlert error={voted.error ?? closed.error} />
    </li>
  );
}

/** The coordinator opens a decision for the participants to vote on (approve/reject, or options). */
function OpenDecisionForm({
  procurementId,
  participantCount,
  report,
}: {
  procurementId: string;
  participantCount: number;
  report: Report;
}) {
  const { t } = useTranslation();
  const [opened, openDecision] = useMutation(OpenDecision);
  const form = useForm(() => ({
    title: '',
    description: '',
    options: '',
    quorum: String(Math.max(1, Math.ceil(participantCount / 2))),
    closesAt: defaultClosing(),
    gate: '' as Phase | '',
  }));

  const submit = async () => {
    const { title, description, options, quorum, closesAt, gate } = form.values;
    const closes = localToIso(closesAt);
    const found = {
      ...form.missing('title'),
      closesAt: !closes && t('common.required'),
      quorum: !isCount(quorum) && t('decisions.quorumInvalid'),
    };
    if (!form.check(found)) return;
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
        options: list.length >= 2 ? list : [t('decisions.approve'), t('decisions.reject')],
      },
    });
    if (report(r, t('decisions.opened'))) form.reset('title', 'description', 'options');
  };

  const gates = PHASES.filter((p) => p !== 'ANCHORING' && p !== 'CANCELLED');
  return (
    <CollapsibleForm
      summary={t('decisions.openNew')}
      onSubmit={submit}
      result={opened}
      submitLabel={t('decisions.openSubmit')}
    >
      <Textfield label={t('decisions.titleField')} {...form.field('title')} required />
      <MarkdownField label={t('decisions.description')} {...form.field('description')} />
      <Textfield
        label={t('decisions.options')}
        description={t('decisions.optionsHelp')}
        multiline
        rows={3}
        {...form.field('options')}
      />
      <div className="row">
        <Textfield label={t('decisions.quorumField')} inputMode="numeric" {...form.field('quorum')} />
        <Textfield
          label={t('decisions.closesAt')}
          description={t('decisions.closesAtHelp')}
          type="datetime-local"
          {...form.field('closesAt')}
          required
        />
        <SelectField
          label={t('decisions.gateField')}
          {...form.field('gate')}
          options={[
            { value: '', label: t('decisions.noGate') },
            ...gates.map((p) => ({ value: p, label: t(`phase.${p}`) })),
          ]}
        />
      </div>
    </CollapsibleForm>
  );
}

/** Decisions the participants vote on (some of them gates for a phase), with their counts. */
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
  const [{ data, fetching, error }, refetch] = useQuery({ query: DecisionsQuery, variables: { id: procurementId } });
  const refresh = useProcurementRefetch(['decisions'], refetch);
  const { status, report } = useStatus(refresh);
  const decisions = data?.jointProcurement.decisions ?? [];
  return (
    <Section id="decisions" title={t('decisions.title')}>
      <LiveStatus>{status}</LiveStatus>
      <QueryState
        error={error}
        loading={!data && fetching}
        empty={data && decisions.length === 0 && t('decisions.none')}
      />
      <ul className="plain-list stack">
        {decisions.map((d) => (
          <DecisionItem key={d.id} d={d} canVote={canVote} isCoordinator={isCoordinator} report={report} />
        ))}
      </ul>
      {isCoordinator && (
        <OpenDecisionForm procurementId={procurementId} participantCount={participantCount} report={report} />
      )}
    </Section>
  );
}
