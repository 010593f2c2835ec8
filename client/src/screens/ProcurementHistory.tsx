import { Paragraph } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { QueryState } from '../components/Feedback';
import { Collapsible } from '../components/Form';
import { Section } from '../components/Section';
import { kindOfType, type DataOf, type EventType } from '../lib/events';
import { useFormat } from '../lib/format';
import { graphql, type ResultOf } from '../lib/graphql';
import { useProcurementRefetch } from '../lib/procurement';
import type { ProcurementData } from './ProcurementData';
import { ExportLinks } from './ProcurementExports';

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
 * What the procurement history says of each kind it holds, fed the kind's data (typed from the
 * schema's `<Name>Data`) and the name of the organisation the entry is about. Keyed by the
 * EventType enum; a kind without its own words here has its label (`eventKind`), which every
 * kind must have.
 */
type HistoryTexts = { [K in EventType]?: (d: DataOf<K>, organisation: string) => string };

const capitalise = (s: string) => s.charAt(0).toLocaleUpperCase() + s.slice(1);

/**
 * A history entry in the interface language, from its kind and data; the server's English summary
 * only for types this client does not know (a newer server's, or a retired one).
 */
function useHistoryText() {
  const { t } = useTranslation();
  const f = useFormat();
  const phase = (v: string) => t(`phase.${v as 'ANCHORING'}`);
  const milestone = (v: string) => t(`milestoneKind.${v as 'OTHER'}`);
  const question = (number: number) => t('dialogue.questionNumber', { number });
  const texts: HistoryTexts = {
    PROCUREMENT_CREATED: (d) => t('history.events.procurement.created', { title: d.title }),
    PROCUREMENT_UPDATED: () => t('history.events.procurement.updated'),
    PROCUREMENT_PHASE_CHANGED: (d) =>
      d.to === 'CANCELLED'
        ? t('history.events.procurement.cancelled', { from: phase(d.from), reason: d.reason ?? '' })
        : t('history.events.procurement.phase_changed', { from: phase(d.from), to: phase(d.to) }),
    PARTICIPANT_ADDED: (_d, organisation) => t('history.events.participant.added', { organisation }),
    PARTICIPANT_REMOVED: (_d, organisation) => t('history.events.participant.removed', { organisation }),
    LOT_ADDED: (d) => t('history.events.lot.added', { number: d.number }),
    LOT_UPDATED: () => t('history.events.lot.updated'),
    LOT_REMOVED: (d) => t('history.events.lot.removed', { number: d.number }),
    LOT_VALUE_SET: (_d, organisation) => t('history.events.lot.value_set', { organisation }),
    MANDATE_SIGNED: (_d, organisation) => t('history.events.mandate.signed', { organisation }),
    MANDATE_WITHDRAWN: (_d, organisation) => t('history.events.mandate.withdrawn', { organisation }),
    MILESTONE_SET: (d) => t('history.events.milestone.set', { kind: milestone(d.kind), date: f.dateTime(d.dueAt) }),
    MILESTONE_COMPLETED: (d) =>
      d.completed ? t('history.events.milestone.completed') : t('history.events.milestone.reopened'),
    MILESTONE_REMOVED: (d) => t('history.events.milestone.removed', { kind: milestone(d.kind) }),
    DIALOGUE_PUBLISHED: (d) => t('history.events.dialogue.published', { date: f.dateTime(d.questionDeadline) }),
    DIALOGUE_NOTICE_UPDATED: () => t('history.events.dialogue.notice_updated'),
    DIALOGUE_REGISTERED: (_d, organisation) => t('history.events.dialogue.registered', { organisation }),
    QUESTION_ASKED: (d) => t('history.events.question.asked', { question: question(d.number) }),
    QUESTION_WITHDRAWN: () => t('history.events.question.withdrawn'),
    QUESTION_ANSWERED: (d) => t('history.events.question.answered', { question: question(d.number) }),
    ANSWER_REVISED: (d) => t('history.events.answer.revised', { question: question(d.number), revision: d.revision }),
    SLOTS_OPENED: (d) => t('history.events.slots.opened', { count: d.slotIds.length }),
    SLOT_REMOVED: () => t('history.events.slot.removed'),
    SLOT_BOOKED: () => t('history.events.slot.booked'),
    SLOT_FREED: () => t('history.events.slot.freed'),
    DECISION_OPENED: () => t('history.events.decision.opened'),
    DECISION_VOTED: (_d, organisation) => t('history.events.decision.voted', { organisation }),
    DECISION_CLOSED: (d) => {
      const outcome = t(`decisionOutcome.${d.outcome as 'DECIDED'}`);
      return d.approved
        ? t('history.events.decision.approved', { outcome })
        : t('history.events.decision.closed', { outcome });
    },
    BENEFIT_INDICATOR_ADDED: () => t('history.events.benefit.indicator_added'),
    BENEFIT_MEASURED: (d, organisation) =>
      d.kind === 'BASELINE'
        ? t('history.events.benefit.baseline', { organisation })
        : t('history.events.benefit.follow_up', { organisation }),
    DOCUMENT_CREATED: (d) => t('history.events.document.created', { title: d.title }),
    DOCUMENT_VERSION_ADDED: (d) => t('history.events.document.version_added', { number: d.number }),
    DOCUMENT_RENAMED: (d) => t('history.events.document.renamed', { title: d.title }),
    DOCUMENT_VISIBILITY_CHANGED: (d) =>
      d.visibility === 'PUBLISHED'
        ? t('history.events.document.published', { number: d.publishedVersion ?? '' })
        : t('history.events.document.unpublished'),
    DOCUMENT_UPDATED: () => t('history.events.document.updated'),
    DOCUMENT_DELETED: () => t('history.events.document.deleted'),
  };
  return (h: HistoryNode): string => {
    const kind = kindOfType(h.type);
    if (!kind) return h.summary;
    // The entry's payload is the data of its kind (the log refuses one that does not fit).
    const text = texts[kind] as ((d: unknown, organisation: string) => string) | undefined;
    return text ? text(h.payload, h.subjectOrganisationName ?? '') : capitalise(t(`eventKind.${kind}`));
  };
}

/** Everything that happened, oldest first (coordinators), with the spreadsheet downloads. */
export function HistorySection({
  procurementId,
  exports,
}: {
  procurementId: string;
  exports: ProcurementData['exports'];
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [{ data, fetching, error }, refetch] = useQuery({ query: HistoryQuery, variables: { id: procurementId } });
  const historyText = useHistoryText();
  useProcurementRefetch('all', refetch);
  const history = data?.jointProcurement.history;
  return (
    <Section id="history" title={t('history.title')}>
      <ExportLinks exports={exports} kind="HISTORY" />
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
