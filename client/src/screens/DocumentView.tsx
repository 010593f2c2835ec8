import { Alert, Button, Heading, Label, Paragraph, Table, Tag, Textfield } from '@digdir/designsystemet-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useLocation, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { DataTable } from '../components/DataTable';
import { ErrorAlert, LiveStatus, Loading } from '../components/Feedback';
import { Form, MarkdownField } from '../components/Form';
import { GuestTag, isGuestOrganisation } from '../components/Guest';
import { Markdown } from '../components/Markdown';
import { Section } from '../components/Section';
import { SelectField } from '../components/SelectField';
import { errorCode } from '../lib/errors';
import { useFormat } from '../lib/format';
import { graphql } from '../lib/graphql';
import { concerns, useRefresh } from '../lib/live';
import { useViewer } from '../lib/session';
import { usePageTitle } from '../lib/title';
import { uploadFile, UploadFailed } from '../lib/upload';
import { DiffView, Presence, type Draft } from './DocumentEditing';
import { MergeDialog, NewerVersionBanner } from './DocumentMerge';
import { DocumentManage } from './DocumentManage';
import { useGroup, useGroupListener } from './GroupShell';

const DocumentQuery = graphql(`
  query DocumentView($id: ID!) {
    document(id: $id) {
      id
      title
      kind
      language
      visibility
      currentVersion
      publishedVersion
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
        mergedFromVersion
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

const formatSize = (bytes: number, n: (v: number) => string) =>
  bytes < 1024 ? `${n(bytes)} B` : bytes < 1024 ** 2 ? `${n(bytes / 1024)} kB` : `${n(bytes / 1024 ** 2)} MB`;

export function DocumentView() {
  const { t } = useTranslation();
  const f = useFormat();
  const { documentId, groupId } = useParams<{ documentId: string; groupId: string }>();
  // Opened from a procurement (the procurement's document table passes where it came from): the way back leads there.
  const backTo = (useLocation().state as { backTo?: string } | null)?.backTo;
  const [{ data, fetching, error }, refetch] = useQuery({ query: DocumentQuery, variables: { id: documentId! } });
  const doc = data?.document;
  usePageTitle(doc?.title);
  const refresh = useRefresh(refetch);
  useGroupListener((e) => {
    if (e.kind === 'RESYNC' || e.scopeId === documentId) refresh();
    else if (concerns(e, ['documents']) && e.data && 'documentId' in e.data && e.data.documentId === documentId)
      refresh();
  });
  const [saved, addTextVersion] = useMutation(AddTextVersion);
  const [fileSaved, addFileVersion] = useMutation(AddFileVersion);
  const [, setEditing] = useMutation(SetEditing);
  const [draft, setDraft] = useState<Draft | null>(null);
  /** The merge dialog is open: a save came after another version, or the editor asked to merge. */
  const [merging, setMerging] = useState(false);
  const [showTheirs, setShowTheirs] = useState(false);
  const [status, setStatus] = useState('');
  const [diff, setDiff] = useState<{ from: number; to: number } | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [fileNote, setFileNote] = useState('');
  const [uploadError, setUploadError] = useState('');
  const [uploading, setUploading] = useState(false);
  /** The title of the document this viewer just deleted: the page says so instead of "not found". */
  const [deleted, setDeleted] = useState<string | null>(null);
  const { isCoordinator, isGuest, actsForOrganisation } = useGroup();
  const viewer = useViewer();

  const editing = draft !== null;
  useEffect(() => {
    if (!editing) return;
    void setEditing({ documentId: documentId!, editing: true });
    return () => void setEditing({ documentId: documentId!, editing: false });
  }, [editing, documentId, setEditing]);

  const back = backTo ? (
    <RouterLink to={backTo}>{t('documents.backToProcurement')}</RouterLink>
  ) : (
    <RouterLink to={`/groups/${groupId}/documents`}>{t('documents.back')}</RouterLink>
  );
  if (deleted !== null) {
    return (
      <div className="stack">
        <Alert data-color="success">
          <Paragraph>{t('documentManage.deleted', { title: deleted })}</Paragraph>
        </Alert>
        <Paragraph>{back}</Paragraph>
      </div>
    );
  }
  if (!doc) {
    if (fetching) return <Loading />;
    // Deleted by someone else while open, or never this viewer's to see: the way back stays.
    return (
      <div className="stack">
        <ErrorAlert error={error} />
        <Paragraph>{back}</Paragraph>
      </div>
    );
  }
  // The document's own organisation (acting for it, or its guest) and the coordinators manage it.
  const manages =
    isCoordinator || ((actsForOrganisation || isGuest) && doc.organisation.id === viewer?.organisation.id);
  const textVersions = doc.versions.filter((v) => v.content === 'TEXT');
  /** The newest version, when it came after the one being edited. */
  const newer = draft && doc.currentVersion > draft.base ? doc.versions.at(-1) : undefined;

  const save = async (d: Draft) => {
    const r = await addTextVersion({
      input: { documentId: doc.id, baseVersion: d.base, text: d.text, changeNote: d.note },
    });
    if (errorCode(r.error) === 'CONFLICT') {
      // Nothing was saved: the edit is merged with the newer version, for the editor to check.
      setMerging(true);
      refresh();
      return;
    }
    if (r.data) {
      setDraft(null);
      setStatus(t('documents.savedVersion', { number: r.data.addTextVersion.number }));
      refresh();
    }
  };

  const submitFile = async () => {
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
        <Paragraph data-size="sm">{back}</Paragraph>
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
          {doc.visibility === 'PUBLISHED' && (
            <Tag data-size="sm" data-color="success">
              {t('documents.publishedVersion', { number: doc.publishedVersion ?? doc.currentVersion })}
            </Tag>
          )}
        </div>
        <Presence documentId={doc.id} />
      </div>
      {manages && !draft && (
        <DocumentManage doc={doc} versionCount={doc.versions.length} onChange={refresh} onDeleted={setDeleted} />
      )}
      <LiveStatus success>{status}</LiveStatus>
      {/* Announced as it appears: another version was saved while this one is being edited. */}
      <div aria-live="polite">
        {newer && draft && (
          <NewerVersionBanner
            current={doc.currentVersion}
            base={draft.base}
            name={newer.author.displayName}
            showingChanges={showTheirs}
            onShowChanges={
              draft.base > 0 && textVersions.some((v) => v.number === draft.base) && newer.content === 'TEXT'
                ? () => setShowTheirs((v) => !v)
                : null
            }
            onMerge={() => setMerging(true)}
          />
        )}
      </div>
      {newer && draft && showTheirs && (
        <section aria-labelledby="their-changes-heading" className="stack-sm">
          <Heading level={3} data-size="2xs" id="their-changes-heading">
            {t('documents.theirChanges', { base: draft.base, current: doc.currentVersion })}
          </Heading>
          <DiffView documentId={doc.id} from={draft.base} to={doc.currentVersion} />
        </section>
      )}

      {draft ? (
        <Form
          onSubmit={() => save(draft)}
          className="stack panel"
          intro={t('documents.editingFrom', { base: draft.base })}
          error={errorCode(saved.error) === 'CONFLICT' ? undefined : saved.error}
          submitLabel={t('documents.saveVersion')}
          busy={saved.fetching}
          onCancel={() => setDraft(null)}
        >
          <MarkdownField
            label={t('documents.text')}
            rows={14}
            value={draft.text}
            onChange={(e) => setDraft({ ...draft, text: e.target.value })}
          />
          <Textfield
            label={t('documents.changeNote')}
            value={draft.note}
            onChange={(e) => setDraft({ ...draft, note: e.target.value })}
          />
        </Form>
      ) : (
        <Section headingId="doc-content-heading" title={t('documents.content')} level={3} size="xs">
          {doc.latestVersion?.content === 'TEXT' || !doc.latestVersion ? (
            <>
              {doc.latestVersion?.text ? (
                <Markdown className="document-text">{doc.latestVersion.text}</Markdown>
              ) : (
                <Paragraph className="muted">{t('documents.empty')}</Paragraph>
              )}
              <div>
                <Button
                  onClick={() => {
                    setShowTheirs(false);
                    setDraft({ base: doc.currentVersion, text: doc.latestVersion?.text ?? '', note: '' });
                  }}
                >
                  {t('documents.edit')}
                </Button>
              </div>
            </>
          ) : (
            <Paragraph>{t('documents.fileLatest')}</Paragraph>
          )}
        </Section>
      )}

      {draft && merging && (
        <MergeDialog
          documentId={doc.id}
          draft={draft}
          onSaved={(number, mergedWith) => {
            setMerging(false);
            setDraft(null);
            setShowTheirs(false);
            setStatus(t('merge.saved', { number, current: mergedWith }));
            refresh();
          }}
          onKeepEditing={(d) => {
            // The text and the version it is based on stay as they were (or as the merge left them).
            setDraft(d);
            setMerging(false);
          }}
          onDiscard={() => {
            setMerging(false);
            setDraft(null);
            setShowTheirs(false);
          }}
        />
      )}

      <Section headingId="versions-heading" title={t('documents.versions')} level={3} size="xs">
        <DataTable
          caption={t('documents.versions')}
          columns={[
            { label: t('documents.version'), num: true },
            t('documents.author'),
            t('documents.changeNote'),
            t('documents.contentColumn'),
            t('common.actions'),
          ]}
        >
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
                <Table.Cell>
                  {v.changeNote || '–'}
                  {v.mergedFromVersion !== null && (
                    <div className="muted small">
                      {t('merge.versionMerged', { from: v.mergedFromVersion, with: v.number - 1 })}
                    </div>
                  )}
                </Table.Cell>
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
        </DataTable>
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
      </Section>

      <Form
        onSubmit={submitFile}
        className="stack panel"
        aria-labelledby="upload-heading"
        variant="secondary"
        problem={uploadError}
        error={errorCode(fileSaved.error) === 'CONFLICT' ? undefined : fileSaved.error}
        submitLabel={t('documents.upload')}
        busy={uploading}
      >
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
      </Form>
    </div>
  );
}
