import { Paragraph } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { QueryState } from '../components/Feedback';
import { Collapsible } from '../components/Form';
import { Section } from '../components/Section';
import { useFormat } from '../lib/format';
import { graphql, type ResultOf } from '../lib/graphql';
import { useProcurementRefetch } from '../lib/procurement';

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
  useProcurementRefetch([''], refetch);
  const history = data?.jointProcurement.history;
  return (
    <Section id="history" title={t('history.title')}>
      <Paragraph data-size="sm">
        <a href={csvUrl} download>
          {t('history.csv')}
        </a>
      </Paragraph>
      <QueryState error={error} loading={!data && fetching} />
      {history && (
        <Collapsible summary={t('history.show', { count: history.totalCount })}>
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
        </Collapsible>
      )}
    </Section>
  );
}
