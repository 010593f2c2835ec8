import { Button, Tag } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { LiveStatus, QueryState } from '../components/Feedback';
import { Section } from '../components/Section';
import { useStatus } from '../lib/form';
import { graphql } from '../lib/graphql';
import { concerns } from '../lib/live';
import { useProcurementRefetch } from '../lib/procurement';
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
  mutation PublishDocument($id: ID!, $visibility: DocumentVisibility!) {
    updateDocument(id: $id, input: { visibility: $visibility }) {
      id
      visibility
      publishedVersion
    }
  }
`);

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
      {canPublish && unpublished(d) && (
        <div>
          <Button
            data-size="sm"
            variant="secondary"
            onClick={async () =>
              report(
                await publishDocument({ id: d.id, visibility: 'PUBLISHED' }),
                t('documents.publishedStatus', { title: d.title }),
              )
            }
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
        error={error ?? published.error}
        loading={!documents && fetching}
        empty={documents?.length === 0 && t('documents.none')}
      />
      <LiveStatus>{status}</LiveStatus>
      {documents && documents.length > 0 && (
        <DocumentTable
          documents={documents}
          backState={backState}
          extra={{ label: t('documents.visibility'), cell: visibility }}
        />
      )}
      <NewDocumentForm procurementId={procurementId} backState={backState} />
    </Section>
  );
}
