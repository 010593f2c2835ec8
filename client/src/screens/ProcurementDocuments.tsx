import { Button, Paragraph, Tag } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, type UseQueryState } from 'urql';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorAlert, LiveStatus, Loading, QueryState } from '../components/Feedback';
import { Markdown } from '../components/Markdown';
import { errorCode } from '../lib/errors';
import { Section } from '../components/Section';
import { useStatus } from '../lib/form';
import { graphql, type ResultOf } from '../lib/graphql';
import { concerns } from '../lib/live';
import { useProcurementRefetch } from '../lib/procurement';
import { useUnpublish } from './DocumentManage';
import { DOCUMENT_FIELDS, DocumentTable, NewDocumentForm, type DocumentRow } from './Documents';
import { useGroup, useGroupListener } from './GroupShell';

const ProcurementDocumentsQuery = graphql(`
  query ProcurementDocuments($id: ID!) {
    jointProcurement(id: $id) {
      id
      documents(first: 100) {
        totalCount
        nodes { ${DOCUMENT_FIELDS} }
      }
    }
  }
`);

const PublishDocument = graphql(`
  mutation PublishDocument($id: ID!, $version: Int!) {
    updateDocument(id: $id, input: { visibility: PUBLISHED, expectedVersion: $version }) {
      id
      visibility
      publishedVersion
    }
  }
`);

/** What the suppliers will read once a document is published: its latest version. */
const PublishPreviewQuery = graphql(`
  query PublishPreview($id: ID!) {
    document(id: $id) {
      id
      title
      currentVersion
      latestVersion {
        id
        number
        content
        text
        fileName
        size
      }
    }
  }
`);

/**
 * The latest version as the registered suppliers will get it (the text, or the file's name), shown
 * before a coordinator publishes it. Publishing names the version shown: if another is saved in the
 * meantime the server refuses (CONFLICT), and the preview shows the newer one to look at first.
 */
function PublishPreview({ data, fetching, error }: UseQueryState<ResultOf<typeof PublishPreviewQuery>>) {
  const { t } = useTranslation();
  const v = data?.document.latestVersion;
  if (!data) return fetching ? <Loading /> : <ErrorAlert error={error} />;
  return (
    <figure className="preview stack-sm" aria-label={t('confirm.suppliersSee')}>
      <figcaption className="small muted">
        {t('confirm.suppliersSee')} · {t('documents.versionOf', { number: v?.number ?? 0 })}
      </figcaption>
      <Paragraph>
        <strong>{data.document.title}</strong>
      </Paragraph>
      {v?.content === 'FILE' ? (
        <Paragraph>{t('confirm.documentFile', { name: v.fileName ?? '' })}</Paragraph>
      ) : v?.text ? (
        <Markdown className="document-text">{v.text}</Markdown>
      ) : (
        <Paragraph className="muted">{t('documents.empty')}</Paragraph>
      )}
    </figure>
  );
}

/** A version the suppliers have not seen yet: never published, or published at an older version. */
const unpublished = (d: DocumentRow) =>
  d.currentVersion > 0 && (d.visibility !== 'PUBLISHED' || (d.publishedVersion ?? 0) < d.currentVersion);

/**
 * A procurement's documents: who may see each (the buyers, or the registered suppliers too), the
 * coordinators' publishing of the latest version, and a new document for the procurement.
 */
export function DocumentsSection({ procurementId, canPublish }: { procurementId: string; canPublish: boolean }) {
  const { t } = useTranslation();
  const { group } = useGroup();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: ProcurementDocumentsQuery,
    variables: { id: procurementId },
  });
  const refresh = useProcurementRefetch(['documents'], refetch);
  useGroupListener((e) => {
    if (concerns(e, ['documents'])) refresh();
  });
  const [published, publishDocument] = useMutation(PublishDocument);
  const { status, report } = useStatus(refresh);
  // Coordinators take a published document back from the suppliers here too, after its dialog.
  const unpublish = useUnpublish((text) => report({}, text));
  /** The document whose publishing waits for the coordinator to look at what suppliers will read. */
  const [confirming, setConfirming] = useState<DocumentRow | null>(null);
  const [stale, setStale] = useState(false);
  const [preview, refetchPreview] = useQuery({
    query: PublishPreviewQuery,
    variables: { id: confirming?.id ?? '' },
    pause: !confirming,
    requestPolicy: 'network-only',
  });
  // Only the asked document's answer (not the one before, while the new one loads).
  const previewData = preview.data?.document.id === confirming?.id ? preview.data : undefined;
  const shownVersion = previewData?.document.latestVersion?.number;
  const documents = data?.jointProcurement.documents.nodes;
  // The documents open with a way back to the procurement (see DocumentView).
  const backState = { backTo: `/groups/${group.id}/procurements/${procurementId}#documents` };

  const visibility = (d: DocumentRow) => (
    <div className="stack-sm">
      <Tag data-size="sm" data-color={d.visibility === 'PUBLISHED' ? 'success' : 'neutral'}>
        {d.visibility === 'PUBLISHED'
          ? t('documents.publishedVersion', { number: d.publishedVersion ?? d.currentVersion })
          : t('documents.groupOnly')}
      </Tag>
      {canPublish && d.visibility === 'PUBLISHED' && (
        <div>
          <Button data-size="sm" variant="tertiary" onClick={() => unpublish.ask(d)}>
            {t('documentManage.unpublishNamed', { title: d.title })}
          </Button>
        </div>
      )}
      {canPublish && unpublished(d) && (
        <div>
          <Button
            data-size="sm"
            variant="secondary"
            onClick={() => {
              setStale(false);
              setConfirming(d);
            }}
          >
            {t('documents.publish', { title: d.title, number: d.currentVersion })}
          </Button>
        </div>
      )}
    </div>
  );

  return (
    <Section id="documents" headingId="procurement-documents-heading" title={t('documents.title')} className="stack-lg">
      <QueryState
        error={error ?? (errorCode(published.error) === 'CONFLICT' ? undefined : published.error)}
        loading={!documents && fetching}
        empty={documents?.length === 0 && t('documents.none')}
      />
      <LiveStatus>{status}</LiveStatus>
      {unpublish.feedback}
      {unpublish.dialog}
      {documents && documents.length > 0 && (
        <DocumentTable
          documents={documents}
          backState={backState}
          extra={{ label: t('documents.visibility'), cell: visibility }}
        />
      )}
      <NewDocumentForm procurementId={procurementId} backState={backState} />
      <ConfirmDialog
        open={confirming !== null}
        title={t('confirm.documentTitle', { title: confirming?.title ?? '' })}
        confirmLabel={t('confirm.documentPublish')}
        busy={published.fetching}
        problem={stale ? t('confirm.documentStale') : undefined}
        onConfirm={async () => {
          if (!confirming || shownVersion === undefined || preview.fetching) return;
          // Exactly the version the preview shows.
          const r = await publishDocument({ id: confirming.id, version: shownVersion });
          if (errorCode(r.error) === 'CONFLICT') {
            setStale(true);
            refetchPreview({ requestPolicy: 'network-only' });
            return;
          }
          setConfirming(null);
          report(r, t('documents.publishedStatus', { title: confirming.title }));
        }}
        onCancel={() => setConfirming(null)}
      >
        <Paragraph>{t('confirm.documentAudience')}</Paragraph>
        {confirming && <PublishPreview {...preview} data={previewData} />}
      </ConfirmDialog>
    </Section>
  );
}
