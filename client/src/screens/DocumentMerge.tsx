import {
  Alert,
  Button,
  Details,
  Dialog,
  Fieldset,
  Heading,
  Label,
  Paragraph,
  Radio,
  Textarea,
  ValidationMessage,
} from '@digdir/designsystemet-react';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { ErrorAlert, Loading } from '../components/Feedback';
import { errorCode } from '../lib/errors';
import { graphql, type ResultOf } from '../lib/graphql';
import type { Draft } from './DocumentEditing';

// Saving against an older version: the edit is merged with the version saved meanwhile (three-way,
// on the server: documentMerge), shown, and saved as a new version only once the editor has looked
// at it and chosen, for each place both changed, what the text says. Nothing of either side goes
// without the editor choosing it.

const MergeQuery = graphql(`
  query DocumentMerge($id: ID!, $base: Int!, $text: String!) {
    documentMerge(documentId: $id, baseVersion: $base, text: $text) {
      baseVersion
      conflicts
      text
      theirVersion {
        id
        number
        author {
          id
          displayName
        }
      }
      chunks {
        kind
        base
        mine
        theirs
        result
      }
    }
  }
`);

const SaveMerge = graphql(`
  mutation SaveMergedVersion($input: AddTextVersionInput!) {
    addTextVersion(input: $input) {
      id
      number
    }
  }
`);

type Merge = ResultOf<typeof MergeQuery>['documentMerge'];
type Chunk = Merge['chunks'][number];
type Choice = 'mine' | 'theirs' | 'both' | 'edit';
interface Resolution {
  choice?: Choice;
  edited: string;
}

/** Unchanged runs longer than this show their first and last lines only. */
const CONTEXT = 3;

/** The lines a conflict resolves to. */
function resolved(c: Chunk, r: Resolution | undefined): readonly string[] | null {
  switch (r?.choice) {
    case 'mine':
      return c.mine;
    case 'theirs':
      return c.theirs;
    case 'both':
      return [...c.mine, ...c.theirs];
    case 'edit':
      return r.edited.split('\n');
    default:
      return null;
  }
}

/** Lines in a box, each with its sign and, for screen readers, its word (not colour alone). */
function Lines({ lines, kind }: { lines: readonly string[]; kind: 'added' | 'removed' | 'context' }) {
  const { t } = useTranslation();
  const sign = kind === 'added' ? '+ ' : kind === 'removed' ? '− ' : '  ';
  const word = kind === 'added' ? t('documents.added') : kind === 'removed' ? t('documents.removed') : '';
  return (
    <>
      {lines.map((l, i) => (
        <div key={i} className={`diff-line diff-${kind}`}>
          {word && <span className="visually-hidden">{word} </span>}
          <span aria-hidden="true">{sign}</span>
          {l}
        </div>
      ))}
    </>
  );
}

/** An unchanged run, shortened in the middle when long. */
function Unchanged({ lines }: { lines: readonly string[] }) {
  const { t } = useTranslation();
  if (lines.length <= 2 * CONTEXT + 1) return <Lines lines={lines} kind="context" />;
  return (
    <>
      <Lines lines={lines.slice(0, CONTEXT)} kind="context" />
      <div className="diff-line muted">{t('merge.unchangedLines', { count: lines.length - 2 * CONTEXT })}</div>
      <Lines lines={lines.slice(-CONTEXT)} kind="context" />
    </>
  );
}

/** A change only one side (or both alike) made: whose it is, what it removed and what it added. */
function Change({ chunk, label }: { chunk: Chunk; label: string }) {
  return (
    <div className={`merge-change merge-${chunk.kind.toLowerCase()}`}>
      <div className="merge-label small">{label}</div>
      <pre>
        <Lines lines={chunk.base} kind="removed" />
        <Lines lines={chunk.result!} kind="added" />
      </pre>
    </div>
  );
}

/** A place both changed differently: the two side by side, and the editor's choice. */
function Conflict({
  chunk,
  index,
  count,
  theirName,
  theirNumber,
  baseNumber,
  resolution,
  onChange,
  showMissing,
}: {
  chunk: Chunk;
  index: number;
  count: number;
  theirName: string;
  theirNumber: number;
  baseNumber: number;
  resolution: Resolution | undefined;
  onChange: (r: Resolution) => void;
  showMissing: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  const edited = resolution?.edited ?? [...chunk.mine, ...chunk.theirs].join('\n');
  const pick = (choice: Choice) => onChange({ choice, edited });
  const missing = showMissing && !resolution?.choice;
  return (
    <Fieldset className="merge-conflict panel" aria-describedby={missing ? `${id}-missing` : undefined}>
      <Fieldset.Legend>{t('merge.conflictLegend', { index, count, name: theirName })}</Fieldset.Legend>
      <div className="merge-sides">
        <section aria-labelledby={`${id}-mine`}>
          <div className="merge-label small" id={`${id}-mine`}>
            {t('merge.yourText')}
          </div>
          <pre>
            <Lines lines={chunk.mine} kind="context" />
          </pre>
        </section>
        <section aria-labelledby={`${id}-theirs`}>
          <div className="merge-label small" id={`${id}-theirs`}>
            {t('merge.theirText', { number: theirNumber, name: theirName })}
          </div>
          <pre>
            <Lines lines={chunk.theirs} kind="context" />
          </pre>
        </section>
      </div>
      {chunk.base.length > 0 && (
        <Details>
          <Details.Summary>{t('merge.asItWas', { number: baseNumber })}</Details.Summary>
          <Details.Content>
            <pre className="merge-base">
              <Lines lines={chunk.base} kind="context" />
            </pre>
          </Details.Content>
        </Details>
      )}
      <div className="row">
        <Radio
          name={`${id}-choice`}
          label={t('merge.keepMine')}
          checked={resolution?.choice === 'mine'}
          onChange={() => pick('mine')}
        />
        <Radio
          name={`${id}-choice`}
          label={t('merge.keepTheirs', { name: theirName })}
          checked={resolution?.choice === 'theirs'}
          onChange={() => pick('theirs')}
        />
        <Radio
          name={`${id}-choice`}
          label={t('merge.keepBoth')}
          checked={resolution?.choice === 'both'}
          onChange={() => pick('both')}
        />
        <Radio
          name={`${id}-choice`}
          label={t('merge.writeOwn')}
          checked={resolution?.choice === 'edit'}
          onChange={() => pick('edit')}
        />
      </div>
      {resolution?.choice === 'edit' && (
        <div className="field">
          <Label htmlFor={`${id}-edit`}>{t('merge.editLabel', { index })}</Label>
          <Textarea
            id={`${id}-edit`}
            rows={Math.min(12, Math.max(3, edited.split('\n').length))}
            value={edited}
            onChange={(e) => onChange({ choice: 'edit', edited: e.target.value })}
          />
        </div>
      )}
      {missing && <ValidationMessage id={`${id}-missing`}>{t('merge.chooseOne')}</ValidationMessage>}
    </Fieldset>
  );
}

/** The merge, chunk by chunk, with the conflicts to resolve and the button that saves it. */
function MergeBody({
  merge,
  draft,
  busy,
  onSave,
}: {
  merge: Merge;
  draft: Draft;
  busy: boolean;
  onSave: (text: string, theirNumber: number) => void;
}) {
  const { t } = useTranslation();
  const [resolutions, setResolutions] = useState<Record<number, Resolution>>({});
  const [tried, setTried] = useState(false);
  const their = merge.theirVersion!;
  const name = their.author.displayName;
  const conflictIndex = new Map<number, number>();
  merge.chunks.forEach((c, i) => c.kind === 'CONFLICT' && conflictIndex.set(i, conflictIndex.size + 1));
  const parts = merge.chunks.map((c, i) => (c.kind === 'CONFLICT' ? resolved(c, resolutions[i]) : c.result!));
  const open = parts.filter((p) => p === null).length;
  const text = open ? null : parts.flatMap((p) => p!).join('\n');

  return (
    <>
      <Dialog.Block className="stack">
        <Paragraph>
          {t('merge.intro', { name, current: their.number, base: merge.baseVersion })}{' '}
          {merge.conflicts
            ? t('merge.introConflicts', { count: merge.conflicts, name })
            : t('merge.introClean', { next: their.number + 1 })}
        </Paragraph>
        <div className="merge" role="region" aria-label={t('merge.regionLabel')}>
          {merge.chunks.map((c, i) =>
            c.kind === 'UNCHANGED' ? (
              <pre key={i} className="merge-unchanged">
                <Unchanged lines={c.result!} />
              </pre>
            ) : c.kind === 'CONFLICT' ? (
              <Conflict
                key={i}
                chunk={c}
                index={conflictIndex.get(i)!}
                count={merge.conflicts}
                theirName={name}
                theirNumber={their.number}
                baseNumber={merge.baseVersion}
                resolution={resolutions[i]}
                onChange={(r) => setResolutions((all) => ({ ...all, [i]: r }))}
                showMissing={tried}
              />
            ) : (
              <Change
                key={i}
                chunk={c}
                label={
                  c.kind === 'MINE'
                    ? t('merge.yourChange')
                    : c.kind === 'THEIRS'
                      ? t('merge.theirChange', { number: their.number, name })
                      : t('merge.bothChange', { name })
                }
              />
            ),
          )}
        </div>
        {text !== null && (
          <Details>
            <Details.Summary>{t('merge.wholeText', { next: their.number + 1 })}</Details.Summary>
            <Details.Content>
              <pre className="merge-whole" data-testid="merged-text">
                {text}
              </pre>
            </Details.Content>
          </Details>
        )}
        {tried && open > 0 && (
          <Alert data-color="warning" role="alert">
            <Paragraph>{t('merge.stillOpen', { count: open })}</Paragraph>
          </Alert>
        )}
      </Dialog.Block>
      <Dialog.Block className="row">
        <Button
          loading={busy}
          onClick={() => {
            setTried(true);
            if (text !== null) onSave(text, their.number);
          }}
        >
          {t('merge.save', { next: their.number + 1 })}
        </Button>
        {draft.note && <span className="small muted">{t('merge.withNote', { note: draft.note })}</span>}
      </Dialog.Block>
    </>
  );
}

/**
 * Shown when a save was refused because another version came first (or when the editor asks to
 * merge now): the merge of their edit with the newest version, to check, resolve and save. After
 * yet another version comes first, the merged text is merged again with that one.
 */
export function MergeDialog({
  documentId,
  draft,
  onSaved,
  onKeepEditing,
  onDiscard,
}: {
  documentId: string;
  draft: Draft;
  onSaved: (number: number, mergedWith: number) => void;
  onKeepEditing: (draft: Draft) => void;
  onDiscard: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [work, setWork] = useState(draft);
  const [again, setAgain] = useState<number | null>(null);
  const [{ data, fetching, error }] = useQuery({
    query: MergeQuery,
    variables: { id: documentId, base: work.base, text: work.text },
    requestPolicy: 'network-only',
  });
  const [saved, save] = useMutation(SaveMerge);
  const merge = data?.documentMerge;
  const their = merge?.theirVersion;

  const onSave = async (text: string, theirNumber: number) => {
    const r = await save({
      input: {
        documentId,
        baseVersion: theirNumber,
        mergedFromVersion: work.base < theirNumber ? work.base : null,
        text,
        changeNote: work.note,
      },
    });
    if (errorCode(r.error) === 'CONFLICT') {
      // Yet another version: the merged text (based on theirNumber) is merged with it in turn.
      setWork({ ...work, base: theirNumber, text });
      setAgain(theirNumber);
      return;
    }
    if (r.data) onSaved(r.data.addTextVersion.number, theirNumber);
  };

  return (
    <Dialog
      open
      onClose={() => onKeepEditing(work)}
      closeButton={t('common.close')}
      aria-labelledby={`${id}-title`}
      className="merge-dialog"
    >
      <Dialog.Block>
        <Heading level={2} data-size="sm" id={`${id}-title`}>
          {merge && merge.conflicts > 0 ? t('merge.titleConflicts') : t('merge.title')}
        </Heading>
        {again !== null && (
          <Alert data-color="info" role="status">
            <Paragraph>{t('merge.mergedAgain', { base: again })}</Paragraph>
          </Alert>
        )}
      </Dialog.Block>
      {!merge || !their ? (
        <Dialog.Block>{fetching ? <Loading /> : <ErrorAlert error={error} />}</Dialog.Block>
      ) : (
        // A new merge (after yet another version) starts its choices afresh.
        <MergeBody
          key={`${merge.baseVersion}-${their.number}`}
          merge={merge}
          draft={work}
          busy={saved.fetching}
          onSave={(text, n) => void onSave(text, n)}
        />
      )}
      <Dialog.Block className="stack-sm">
        {errorCode(saved.error) !== 'CONFLICT' && <ErrorAlert error={saved.error} />}
        <div className="row">
          <Button variant="secondary" onClick={() => onKeepEditing(work)}>
            {t('merge.backToEditing')}
          </Button>
          <Button variant="tertiary" data-color="danger" onClick={onDiscard}>
            {t('documents.discardMine')}
          </Button>
        </div>
      </Dialog.Block>
    </Dialog>
  );
}

/**
 * While editing: a newer version has been saved (the document's live events refetch it). Says who
 * saved what, that the editor's text is kept, and offers to see their changes or merge now.
 */
export function NewerVersionBanner({
  current,
  base,
  name,
  onShowChanges,
  onMerge,
  showingChanges,
}: {
  current: number;
  base: number;
  name: string;
  onShowChanges: (() => void) | null;
  onMerge: () => void;
  showingChanges: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Alert data-color="warning" className="newer-version">
      <Heading level={3} data-size="2xs">
        {t('merge.bannerTitle', { current })}
      </Heading>
      <Paragraph data-size="sm">{t('merge.bannerText', { name, current, base })}</Paragraph>
      <div className="row">
        <Button data-size="sm" onClick={onMerge}>
          {t('merge.mergeNow', { current })}
        </Button>
        {onShowChanges && (
          <Button data-size="sm" variant="secondary" aria-expanded={showingChanges} onClick={onShowChanges}>
            {t('merge.showTheirChanges', { base, current })}
          </Button>
        )}
      </div>
    </Alert>
  );
}
