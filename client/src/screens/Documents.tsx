import { Button, Details, Heading, Paragraph, Table, Tag, Textfield } from '@digdir/designsystemet-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { ErrorAlert, Loading } from '../components/Feedback';
import { SelectField } from '../components/SelectField';
import { DOCUMENT_KINDS, DOCUMENT_LANGUAGES } from '../lib/enums';
import { useFormat } from '../lib/format';
import { graphql } from '../lib/graphql';
import { currentLocale } from '../lib/i18n';
import { useCoalesced } from '../lib/live';
import { useProcurementListener } from '../lib/procurement';
import { useGroup, useGroupListener } from './GroupShell';

const DOCUMENT_FIELDS = `id title kind language visibility currentVersion publishedVersion updatedAt
  need { id title }
  latestVersion { id author { id displayName } createdAt }`;

const DocumentsQuery = graphql(`
  query GroupDocuments($id: ID!) {
    buyerGroup(id: $id) {
      id
      needs(first: 100) {
        nodes {
          id
          title
        }
      }
      documents(first: 100) {
        totalCount
        nodes { ${DOCUMENT_FIELDS} }
      }
    }
  }
`);

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

const CreateDocument = graphql(`
  mutation CreateDocument($input: CreateDocumentInput!) {
    createDocument(input: $input) {
      id
    }
  }
`);

type Kind = (typeof DOCUMENT_KINDS)[number];
type Language = (typeof DOCUMENT_LANGUAGES)[number];

/** The group's documents. */
export function Documents() {
  return <DocumentList />;
}

/**
 * A list of documents with the form for a new one: the group's, or (with `procurement`) one
 * procurement's, where coordinators also publish documents to the registered suppliers.
 */
export function DocumentList({ procurement }: { procurement?: { id: string; canPublish: boolean } }) {
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const { group } = useGroup();
  const [groupDocs, refetchGroup] = useQuery({
    query: DocumentsQuery,
    variables: { id: group.id },
    pause: !!procurement,
  });
  const [procurementDocs, refetchProcurement] = useQuery({
    query: ProcurementDocumentsQuery,
    variables: { id: procurement?.id ?? '' },
    pause: !procurement,
  });
  const { fetching, error } = procurement ? procurementDocs : groupDocs;
  const documents = procurement
    ? procurementDocs.data?.jointProcurement.documents.nodes
    : groupDocs.data?.buyerGroup.documents.nodes;
  const refresh = useCoalesced(() =>
    procurement
      ? refetchProcurement({ requestPolicy: 'network-only' })
      : refetchGroup({ requestPolicy: 'network-only' }),
  );
  useGroupListener((e) => {
    if (e.type.startsWith('document.') || e.type === 'resync') refresh();
  });
  useProcurementListener((e) => {
    if (e.type.startsWith('document.') || e.type === 'resync') refresh();
  });
  const [published, publishDocument] = useMutation(PublishDocument);
  const [publishStatus, setPublishStatus] = useState('');
  const [created, createDocument] = useMutation(CreateDocument);
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<Kind>('NEED_DESCRIPTION');
  const [language, setLanguage] = useState<Language>(currentLocale());
  const [needId, setNeedId] = useState('');
  const [text, setText] = useState('');
  const [titleError, setTitleError] = useState<string>();

  // A procurement's documents open with a way back to the procurement (see DocumentView).
  const backState = procurement
    ? { backTo: `/groups/${group.id}/procurements/${procurement.id}#documents` }
    : undefined;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!title.trim()) return setTitleError(t('common.required'));
    setTitleError(undefined);
    const r = await createDocument({
      input: {
        groupId: group.id,
        procurementId: procurement?.id ?? null,
        title: title.trim(),
        kind,
        language,
        needId: procurement ? null : needId || null,
        text: text || null,
      },
    });
    if (r.data) navigate(`/groups/${group.id}/documents/${r.data.createDocument.id}`, { state: backState });
  };

  return (
    <div className="stack-lg">
      <Heading level={2} data-size="md" id={procurement ? 'procurement-documents-heading' : undefined}>
        {t('documents.title')}
      </Heading>
      <ErrorAlert error={error ?? published.error} />
      <div role="status" aria-live="polite">
        {publishStatus}
      </div>
      {!documents && fetching && <Loading />}
      {documents && documents.length === 0 && <Paragraph>{t('documents.none')}</Paragraph>}
      {documents && documents.length > 0 && (
        <Table data-size="sm" zebra>
          <caption className="visually-hidden">{t('documents.title')}</caption>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>{t('documents.name')}</Table.HeaderCell>
              <Table.HeaderCell>{t('documents.kind')}</Table.HeaderCell>
              <Table.HeaderCell className="num">{t('documents.version')}</Table.HeaderCell>
              <Table.HeaderCell>{t('documents.lastChanged')}</Table.HeaderCell>
              {procurement && <Table.HeaderCell>{t('documents.visibility')}</Table.HeaderCell>}
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {documents.map((d) => (
              <Table.Row key={d.id}>
                <Table.HeaderCell scope="row">
                  <RouterLink to={`/groups/${group.id}/documents/${d.id}`} state={backState}>
                    {d.title}
                  </RouterLink>
                  {d.need && <div className="muted small">{d.need.title}</div>}
                </Table.HeaderCell>
                <Table.Cell>
                  <Tag data-size="sm">{t(`documentKind.${d.kind}`)}</Tag>
                </Table.Cell>
                <Table.Cell className="num">{d.currentVersion}</Table.Cell>
                <Table.Cell>
                  {d.latestVersion
                    ? t('documents.changedBy', {
                        name: d.latestVersion.author.displayName,
                        date: f.dateTime(d.latestVersion.createdAt),
                      })
                    : f.dateTime(d.updatedAt)}
                </Table.Cell>
                {procurement && (
                  <Table.Cell>
                    <div className="stack-sm">
                      <Tag data-size="sm" data-color={d.visibility === 'PUBLISHED' ? 'success' : 'neutral'}>
                        {d.visibility === 'PUBLISHED'
                          ? t('documents.publishedVersion', { number: d.publishedVersion ?? d.currentVersion })
                          : t('documents.groupOnly')}
                      </Tag>
                      {procurement.canPublish &&
                        d.currentVersion > 0 &&
                        (d.visibility !== 'PUBLISHED' || (d.publishedVersion ?? 0) < d.currentVersion) && (
                          <div>
                            <Button
                              data-size="sm"
                              variant="secondary"
                              onClick={async () => {
                                const r = await publishDocument({ id: d.id, visibility: 'PUBLISHED' });
                                if (!r.error) {
                                  setPublishStatus(t('documents.publishedStatus', { title: d.title }));
                                  refresh();
                                }
                              }}
                            >
                              {t('documents.publish', { title: d.title, number: d.currentVersion })}
                            </Button>
                          </div>
                        )}
                    </div>
                  </Table.Cell>
                )}
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
      <Details>
        <Details.Summary>{t('documents.create')}</Details.Summary>
        <Details.Content>
          <form onSubmit={submit} className="stack" noValidate>
            <ErrorAlert error={created.error} />
            <Textfield
              label={t('documents.name')}
              value={title}
              onChange={(e) => setTitle(e.target.value)}
              error={titleError}
              required
            />
            <div className="row">
              <SelectField
                label={t('documents.kind')}
                value={kind}
                onChange={(e) => setKind(e.target.value as Kind)}
                options={DOCUMENT_KINDS.map((k) => ({ value: k, label: t(`documentKind.${k}`) }))}
              />
              <SelectField
                label={t('documents.language')}
                value={language}
                onChange={(e) => setLanguage(e.target.value as Language)}
                options={DOCUMENT_LANGUAGES.map((l) => ({ value: l, label: t(`documentLanguage.${l}`) }))}
              />
              {!procurement && (
                <SelectField
                  label={t('documents.attachTo')}
                  value={needId}
                  onChange={(e) => setNeedId(e.target.value)}
                  options={[
                    { value: '', label: t('documents.wholeGroup') },
                    ...(groupDocs.data?.buyerGroup.needs.nodes ?? []).map((n) => ({ value: n.id, label: n.title })),
                  ]}
                />
              )}
            </div>
            <Textfield
              label={t('documents.initialText')}
              description={t('documents.initialTextHelp')}
              multiline
              rows={6}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
            <div>
              <Button type="submit" loading={created.fetching}>
                {t('documents.createSubmit')}
              </Button>
            </div>
          </form>
        </Details.Content>
      </Details>
    </div>
  );
}
