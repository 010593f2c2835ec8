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
import { useGroup, useGroupListener } from './GroupShell';

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
        nodes {
          id
          title
          kind
          language
          visibility
          currentVersion
          updatedAt
          need {
            id
            title
          }
          latestVersion {
            id
            author {
              id
              displayName
            }
            createdAt
            content
          }
        }
      }
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

export function Documents() {
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const { group } = useGroup();
  const [{ data, fetching, error }, refetch] = useQuery({ query: DocumentsQuery, variables: { id: group.id } });
  const refresh = useCoalesced(() => refetch({ requestPolicy: 'network-only' }));
  useGroupListener((e) => {
    if (e.type.startsWith('document.') || e.type === 'resync') refresh();
  });
  const [created, createDocument] = useMutation(CreateDocument);
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<Kind>('NEED_DESCRIPTION');
  const [language, setLanguage] = useState<Language>(currentLocale());
  const [needId, setNeedId] = useState('');
  const [text, setText] = useState('');
  const [titleError, setTitleError] = useState<string>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!title.trim()) return setTitleError(t('common.required'));
    setTitleError(undefined);
    const r = await createDocument({
      input: { groupId: group.id, title: title.trim(), kind, language, needId: needId || null, text: text || null },
    });
    if (r.data) navigate(`/groups/${group.id}/documents/${r.data.createDocument.id}`);
  };

  return (
    <div className="stack-lg">
      <Heading level={2} data-size="md">
        {t('documents.title')}
      </Heading>
      <ErrorAlert error={error} />
      {!data && fetching && <Loading />}
      {data && data.buyerGroup.documents.nodes.length === 0 && <Paragraph>{t('documents.none')}</Paragraph>}
      {data && data.buyerGroup.documents.nodes.length > 0 && (
        <Table data-size="sm" zebra>
          <caption className="visually-hidden">{t('documents.title')}</caption>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>{t('documents.name')}</Table.HeaderCell>
              <Table.HeaderCell>{t('documents.kind')}</Table.HeaderCell>
              <Table.HeaderCell className="num">{t('documents.version')}</Table.HeaderCell>
              <Table.HeaderCell>{t('documents.lastChanged')}</Table.HeaderCell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {data.buyerGroup.documents.nodes.map((d) => (
              <Table.Row key={d.id}>
                <Table.HeaderCell scope="row">
                  <RouterLink to={`/groups/${group.id}/documents/${d.id}`}>{d.title}</RouterLink>
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
              <SelectField
                label={t('documents.attachTo')}
                value={needId}
                onChange={(e) => setNeedId(e.target.value)}
                options={[
                  { value: '', label: t('documents.wholeGroup') },
                  ...(data?.buyerGroup.needs.nodes ?? []).map((n) => ({ value: n.id, label: n.title })),
                ]}
              />
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
