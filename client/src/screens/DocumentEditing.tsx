import { Button, Dialog, Heading, Label, Paragraph, Tag, Textarea } from '@digdir/designsystemet-react';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { ErrorAlert, Loading } from '../components/Feedback';
import { graphql } from '../lib/graphql';
import { useViewer } from '../lib/session';
import { useStream } from '../lib/stream';

// Editing a document others work on too: who is here, how versions differ, and a save that conflicts.

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

/**
 * Shown when a save is refused because someone else saved first. Nothing was overwritten, and the
 * user's text stays in the editor and here; they choose how to go on with the other version in view.
 */
export function ConflictDialog({
  documentId,
  theirAuthor,
  draft,
  current,
  onSaveMine,
  onKeepEditing,
  onDiscard,
  busy,
}: {
  documentId: string;
  /** Who saved the version that came first. */
  theirAuthor: string;
  draft: Draft;
  current: number;
  onSaveMine(): void;
  onKeepEditing(): void;
  onDiscard(): void;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <Dialog open onClose={onKeepEditing} closeButton={t('common.close')} aria-labelledby={`${id}-title`}>
      <Dialog.Block>
        <Heading level={2} data-size="sm" id={`${id}-title`}>
          {t('documents.conflictTitle')}
        </Heading>
      </Dialog.Block>
      <Dialog.Block className="stack">
        <Paragraph>
          {t('documents.conflictText', {
            current,
            base: draft.base,
            name: theirAuthor,
          })}
        </Paragraph>
        <div className="field">
          <Label htmlFor={`${id}-mine`}>{t('documents.yourText')}</Label>
          <Textarea id={`${id}-mine`} readOnly rows={6} value={draft.text} />
        </div>
        {draft.base > 0 && (
          <>
            <Heading level={3} data-size="2xs">
              {t('documents.theirChanges', { base: draft.base, current })}
            </Heading>
            <DiffView documentId={documentId} from={draft.base} to={current} />
          </>
        )}
      </Dialog.Block>
      <Dialog.Block className="row">
        <Button onClick={onSaveMine} loading={busy}>
          {t('documents.saveMineAnyway', { next: current + 1 })}
        </Button>
        <Button variant="secondary" onClick={onKeepEditing}>
          {t('documents.keepEditing')}
        </Button>
        <Button variant="tertiary" data-color="danger" onClick={onDiscard}>
          {t('documents.discardMine')}
        </Button>
      </Dialog.Block>
    </Dialog>
  );
}
