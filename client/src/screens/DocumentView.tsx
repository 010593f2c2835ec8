import {
  Alert,
  Button,
  Dialog,
  Heading,
  Label,
  Paragraph,
  Table,
  Tag,
  Textarea,
  Textfield,
} from '@digdir/designsystemet-react';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useLocation, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { ErrorAlert, Loading } from '../components/Feedback';
import { GuestTag, isGuestOrganisation } from '../components/Guest';
import { Markdown } from '../components/Markdown';
import { SelectField } from '../components/SelectField';
import { errorCode, errorExtensions } from '../lib/errors';
import { useFormat } from '../lib/format';
import { graphql, type ResultOf } from '../lib/graphql';
import { useCoalesced } from '../lib/live';
import { useViewer } from '../lib/session';
import { useStream } from '../lib/stream';
import { usePageTitle } from '../lib/title';
import { uploadFile, UploadFailed } from '../lib/upload';
import { useGroupListener } from './GroupShell';

const DocumentQuery = graphql(`
  query DocumentView($id: ID!) {
    document(id: $id) {
      id
      title
      kind
      language
      visibility
      currentVersion
      createdAt
      updatedAt
      need {
        id
        title
      }
      organisation {
        id
        name
        kind
      }
      versions {
        id
        number
        content
        changeNote
        createdAt
        size
        fileName
        mediaType
        downloadPath
        author {
          id
          displayName
        }
        authorOrganisation {
          id
          name
          kind
        }
      }
      latestVersion {
        id
        number
        content
        text
      }
    }
  }
`);

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

const AddTextVersion = graphql(`
  mutation AddTextVersion($input: AddTextVersionInput!) {
    addTextVersion(input: $input) {
      id
      number
    }
  }
`);
const AddFileVersion = graphql(`
  mutation AddFileVersion($input: AddFileVersionInput!) {
    addFileVersion(input: $input) {
      id
      number
    }
  }
`);
const SetEditing = graphql(`
  mutation SetDocumentEditing($documentId: ID!, $editing: Boolean!) {
    setDocumentEditing(documentId: $documentId, editing: $editing)
  }
`);

type Doc = ResultOf<typeof DocumentQuery>['document'];

const formatSize = (bytes: number, n: (v: number) => string) =>
  bytes < 1024 ? `${n(bytes)} B` : bytes < 1024 ** 2 ? `${n(bytes / 1024)} kB` : `${n(bytes / 1024 ** 2)} MB`;

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
function Presence({ documentId }: { documentId: string }) {
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

interface Draft {
  base: number;
  text: string;
  note: string;
}

/**
 * Shown when a save is refused because someone else saved first. Nothing was overwritten, and the
 * user's text stays in the editor and here; they choose how to go on with the other version in view.
 */
function ConflictDialog({
  doc,
  draft,
  current,
  onSaveMine,
  onKeepEditing,
  onDiscard,
  busy,
}: {
  doc: Doc;
  draft: Draft;
  current: number;
  onSaveMine(): void;
  onKeepEditing(): void;
  onDiscard(): void;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  const theirs = doc.versions.find((v) => v.number === current);
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
            name: theirs?.author.displayName ?? '?',
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
            <DiffView documentId={doc.id} from={draft.base} to={current} />
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

export function DocumentView() {
  const { t } = useTranslation();
  const f = useFormat();
  const { documentId, groupId } = useParams<{ documentId: string; groupId: string }>();
  // Opened from a procurement (DocumentList passes where it came from): the way back leads there.
  const backTo = (useLocation().state as { backTo?: string } | null)?.backTo;
  const [{ data, fetching, error }, refetch] = useQuery({ query: DocumentQuery, variables: { id: documentId! } });
  const doc = data?.document;
  usePageTitle(doc?.title);
  const refresh = useCoalesced(() => refetch({ requestPolicy: 'network-only' }));
  useGroupListener((e) => {
    if (e.scopeId === documentId || (e.type.startsWith('document.') && e.payload.documentId === documentId)) refresh();
    else if (e.type === 'resync') refresh();
  });
  const [saved, addTextVersion] = useMutation(AddTextVersion);
  const [fileSaved, addFileVersion] = useMutation(AddFileVersion);
  const [, setEditing] = useMutation(SetEditing);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [conflict, setConflict] = useState<number | null>(null);
  const [status, setStatus] = useState('');
  const [diff, setDiff] = useState<{ from: number; to: number } | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [fileNote, setFileNote] = useState('');
  const [uploadError, setUploadError] = useState('');
  const [uploading, setUploading] = useState(false);

  const editing = draft !== null;
  useEffect(() => {
    if (!editing) return;
    void setEditing({ documentId: documentId!, editing: true });
    return () => void setEditing({ documentId: documentId!, editing: false });
  }, [editing, documentId, setEditing]);

  if (!doc) return fetching ? <Loading /> : <ErrorAlert error={error} />;
  const textVersions = doc.versions.filter((v) => v.content === 'TEXT');

  const save = async (d: Draft) => {
    const r = await addTextVersion({
      input: { documentId: doc.id, baseVersion: d.base, text: d.text, changeNote: d.note },
    });
    if (errorCode(r.error) === 'CONFLICT') {
      setConflict(Number(errorExtensions(r.error).currentVersion));
      refresh();
      return;
    }
    if (r.data) {
      setConflict(null);
      setDraft(null);
      setStatus(t('documents.savedVersion', { number: r.data.addTextVersion.number }));
      refresh();
    }
  };

  const submitDraft = (e: FormEvent) => {
    e.preventDefault();
    if (draft) void save(draft);
  };

  const submitFile = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return setUploadError(t('documents.chooseFile'));
    setUploadError('');
    setUploading(true);
    try {
      const up = await uploadFile(file);
      const r = await addFileVersion({
        input: { documentId: doc.id, baseVersion: doc.currentVersion, uploadId: up.uploadId, changeNote: fileNote },
      });
      if (errorCode(r.error) === 'CONFLICT') setUploadError(t('documents.fileConflict'));
      else if (r.data) {
        setStatus(t('documents.savedVersion', { number: r.data.addFileVersion.number }));
        setFile(null);
        setFileNote('');
        refresh();
      }
    } catch (err) {
      setUploadError(
        err instanceof UploadFailed && err.status === 413
          ? t('documents.fileTooLarge')
          : err instanceof UploadFailed && err.status === 415
            ? t('documents.fileTypeRefused')
            : t('documents.uploadFailed'),
      );
    } finally {
      setUploading(false);
    }
  };

  return (
    <div className="stack-lg">
      <div>
        <Paragraph data-size="sm">
          {backTo ? (
            <RouterLink to={backTo}>{t('documents.backToProcurement')}</RouterLink>
          ) : (
            <RouterLink to={`/groups/${groupId}/documents`}>{t('documents.back')}</RouterLink>
          )}
        </Paragraph>
        <Heading level={2} data-size="md">
          {doc.title}
        </Heading>
        <div className="row">
          <Tag data-size="sm">{t(`documentKind.${doc.kind}`)}</Tag>
          <Tag data-size="sm" data-color="neutral">
            {t(`documentLanguage.${doc.language}`)}
          </Tag>
          <span className="muted small">
            {t('documents.versionOf', { number: doc.currentVersion })} · {doc.organisation.name}
          </span>
          {isGuestOrganisation(doc.organisation) && <GuestTag />}
        </div>
        <Presence documentId={doc.id} />
      </div>
      <div role="status" aria-live="polite">
        {status && (
          <Alert data-color="success" data-size="sm">
            <Paragraph data-size="sm">{status}</Paragraph>
          </Alert>
        )}
      </div>

      {draft ? (
        <form onSubmit={submitDraft} className="stack panel">
          <Paragraph data-size="sm">{t('documents.editingFrom', { base: draft.base })}</Paragraph>
          <Textfield
            label={t('documents.text')}
            description={t('common.markdownHelp')}
            multiline
            rows={14}
            value={draft.text}
            onChange={(e) => setDraft({ ...draft, text: e.target.value })}
          />
          <Textfield
            label={t('documents.changeNote')}
            value={draft.note}
            onChange={(e) => setDraft({ ...draft, note: e.target.value })}
          />
          {errorCode(saved.error) !== 'CONFLICT' && <ErrorAlert error={saved.error} />}
          <div className="row">
            <Button type="submit" loading={saved.fetching}>
              {t('documents.saveVersion')}
            </Button>
            <Button variant="secondary" onClick={() => setDraft(null)}>
              {t('common.cancel')}
            </Button>
          </div>
        </form>
      ) : (
        <section className="stack" aria-labelledby="doc-content-heading">
          <Heading level={3} data-size="xs" id="doc-content-heading">
            {t('documents.content')}
          </Heading>
          {doc.latestVersion?.content === 'TEXT' || !doc.latestVersion ? (
            <>
              {doc.latestVersion?.text ? (
                <Markdown className="document-text">{doc.latestVersion.text}</Markdown>
              ) : (
                <Paragraph className="muted">{t('documents.empty')}</Paragraph>
              )}
              <div>
                <Button
                  onClick={() => setDraft({ base: doc.currentVersion, text: doc.latestVersion?.text ?? '', note: '' })}
                >
                  {t('documents.edit')}
                </Button>
              </div>
            </>
          ) : (
            <Paragraph>{t('documents.fileLatest')}</Paragraph>
          )}
        </section>
      )}

      {draft && conflict !== null && (
        <ConflictDialog
          doc={doc}
          draft={draft}
          current={conflict}
          busy={saved.fetching}
          onSaveMine={() => {
            const next = { ...draft, base: conflict };
            setDraft(next);
            void save(next);
          }}
          onKeepEditing={() => {
            // Further saves build on the newer version; the user's text stays as it is.
            setDraft({ ...draft, base: conflict });
            setConflict(null);
          }}
          onDiscard={() => {
            setConflict(null);
            setDraft(null);
          }}
        />
      )}

      <section className="stack" aria-labelledby="versions-heading">
        <Heading level={3} data-size="xs" id="versions-heading">
          {t('documents.versions')}
        </Heading>
        <Table data-size="sm" zebra>
          <caption className="visually-hidden">{t('documents.versions')}</caption>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell className="num">{t('documents.version')}</Table.HeaderCell>
              <Table.HeaderCell>{t('documents.author')}</Table.HeaderCell>
              <Table.HeaderCell>{t('documents.changeNote')}</Table.HeaderCell>
              <Table.HeaderCell>{t('documents.contentColumn')}</Table.HeaderCell>
              <Table.HeaderCell>{t('common.actions')}</Table.HeaderCell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {[...doc.versions].reverse().map((v) => {
              const previousText = textVersions.filter((p) => p.number < v.number).at(-1);
              return (
                <Table.Row key={v.id}>
                  <Table.Cell className="num">{v.number}</Table.Cell>
                  <Table.Cell>
                    {v.author.displayName}
                    {isGuestOrganisation(v.authorOrganisation) && (
                      <>
                        {' '}
                        <GuestTag />
                      </>
                    )}
                    <div className="muted small">
                      {v.authorOrganisation.name} · {f.dateTime(v.createdAt)}
                    </div>
                  </Table.Cell>
                  <Table.Cell>{v.changeNote || '–'}</Table.Cell>
                  <Table.Cell>
                    {v.content === 'FILE'
                      ? `${v.fileName ?? ''} (${formatSize(v.size, f.number)})`
                      : t('documents.textVersion')}
                  </Table.Cell>
                  <Table.Cell>
                    <div className="row">
                      <a href={v.downloadPath} download>
                        {t('documents.download', { number: v.number })}
                      </a>
                      {v.content === 'TEXT' && previousText && (
                        <Button
                          data-size="sm"
                          variant="tertiary"
                          onClick={() => setDiff({ from: previousText.number, to: v.number })}
                        >
                          {t('documents.compareWith', { from: previousText.number, to: v.number })}
                        </Button>
                      )}
                    </div>
                  </Table.Cell>
                </Table.Row>
              );
            })}
          </Table.Body>
        </Table>
        {textVersions.length >= 2 && (
          <div className="row">
            <SelectField
              label={t('documents.diffFrom')}
              value={String(diff?.from ?? textVersions.at(-2)!.number)}
              onChange={(e) => setDiff({ from: Number(e.target.value), to: diff?.to ?? textVersions.at(-1)!.number })}
              options={textVersions.map((v) => ({ value: String(v.number), label: String(v.number) }))}
            />
            <SelectField
              label={t('documents.diffTo')}
              value={String(diff?.to ?? textVersions.at(-1)!.number)}
              onChange={(e) => setDiff({ from: diff?.from ?? textVersions.at(-2)!.number, to: Number(e.target.value) })}
              options={textVersions.map((v) => ({ value: String(v.number), label: String(v.number) }))}
            />
            {!diff && (
              <Button
                variant="secondary"
                onClick={() => setDiff({ from: textVersions.at(-2)!.number, to: textVersions.at(-1)!.number })}
              >
                {t('documents.showDiff')}
              </Button>
            )}
          </div>
        )}
        {diff && diff.from !== diff.to && (
          <section aria-labelledby="diff-heading" className="stack-sm">
            <Heading level={4} data-size="2xs" id="diff-heading">
              {t('documents.diffTitle', { from: diff.from, to: diff.to })}
            </Heading>
            <DiffView documentId={doc.id} from={diff.from} to={diff.to} />
          </section>
        )}
      </section>

      <form onSubmit={submitFile} className="stack panel" aria-labelledby="upload-heading">
        <Heading level={3} data-size="xs" id="upload-heading">
          {t('documents.uploadTitle')}
        </Heading>
        <div className="field">
          <Label htmlFor="upload-file">{t('documents.file')}</Label>
          <input
            id="upload-file"
            type="file"
            className="file-input"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </div>
        <Textfield label={t('documents.changeNote')} value={fileNote} onChange={(e) => setFileNote(e.target.value)} />
        {uploadError && (
          <Alert data-color="danger" role="alert">
            <Paragraph>{uploadError}</Paragraph>
          </Alert>
        )}
        <ErrorAlert
          error={fileSaved.error && errorCode(fileSaved.error) !== 'CONFLICT' ? fileSaved.error : undefined}
        />
        <div>
          <Button type="submit" variant="secondary" loading={uploading}>
            {t('documents.upload')}
          </Button>
        </div>
      </form>
    </div>
  );
}
