import { Paragraph, Tag } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { ErrorAlert, Loading } from '../components/Feedback';
import { graphql } from '../lib/graphql';
import { useViewer } from '../lib/session';
import { useStream } from '../lib/stream';

// Editing a document others work on too: who is here and how versions differ (DocumentMerge.tsx
// merges a save that came after another).

const DiffQuery = graphql(`
  query DocumentDiff($id: ID!, $from: Int!, $to: Int!) {
    documentDiff(documentId: $id, from: $from, to: $to) {
      oldStart
      oldLines
      newStart
      newLines
      lines {
        kind
        text
      }
    }
  }
`);

const PresenceSubscription = graphql(`
  subscription DocumentPresence($documentId: ID!) {
    documentPresence(documentId: $documentId) {
      documentId
      present {
        userId
        displayName
        editing
      }
    }
  }
`);

/** Line differences between two versions, marked by sign and word as well as by colour. */
export function DiffView({ documentId, from, to }: { documentId: string; from: number; to: number }) {
  const { t } = useTranslation();
  const [{ data, fetching, error }] = useQuery({ query: DiffQuery, variables: { id: documentId, from, to } });
  if (!data) return fetching ? <Loading /> : <ErrorAlert error={error} />;
  if (data.documentDiff.length === 0) return <Paragraph>{t('documents.noDifferences')}</Paragraph>;
  return (
    <div className="diff" aria-label={t('documents.diffLabel', { from, to })} role="region">
      {data.documentDiff.map((h, i) => (
        <div key={i} className="diff-hunk">
          <div className="diff-hunk-head muted small">
            {t('documents.hunk', { oldStart: h.oldStart, newStart: h.newStart })}
          </div>
          <pre>
            {h.lines.map((l, j) => (
              <div key={j} className={`diff-line diff-${l.kind.toLowerCase()}`}>
                <span className="visually-hidden">
                  {l.kind === 'ADDED' ? t('documents.added') : l.kind === 'REMOVED' ? t('documents.removed') : ''}
                </span>
                <span aria-hidden="true">{l.kind === 'ADDED' ? '+ ' : l.kind === 'REMOVED' ? '− ' : '  '}</span>
                {l.text}
              </div>
            ))}
          </pre>
        </div>
      ))}
    </div>
  );
}

/** Who has the document open right now, and who is editing (never stored). */
export function Presence({ documentId }: { documentId: string }) {
  const { t } = useTranslation();
  const viewer = useViewer();
  const [present, setPresent] = useState<readonly { userId: string; displayName: string; editing: boolean }[]>([]);
  useStream(
    PresenceSubscription,
    { documentId },
    { onData: (d) => setPresent(d.documentPresence.present) },
    { resumable: false },
  );
  const others = present.filter((p) => p.userId !== viewer?.id);
  return (
    <div className="presence row" aria-live="polite">
      <span className="small">{t('documents.presentNow')}</span>
      {others.length === 0 ? (
        <span className="muted small">{t('documents.onlyYou')}</span>
      ) : (
        others.map((p) => (
          <Tag key={p.userId} data-size="sm" data-color={p.editing ? 'warning' : 'neutral'}>
            {p.editing ? t('documents.personEditing', { name: p.displayName }) : p.displayName}
          </Tag>
        ))
      )}
    </div>
  );
}

export interface Draft {
  base: number;
  text: string;
  note: string;
}
