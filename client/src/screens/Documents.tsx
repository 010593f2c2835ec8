import { Heading, Table, Tag, Textfield } from '@digdir/designsystemet-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { DataTable } from '../components/DataTable';
import { QueryState } from '../components/Feedback';
import { CollapsibleForm } from '../components/Form';
import { SelectField } from '../components/SelectField';
import { DOCUMENT_KINDS, DOCUMENT_LANGUAGES } from '../lib/enums';
import { useForm } from '../lib/form';
import { useFormat } from '../lib/format';
import { graphql, type ResultOf } from '../lib/graphql';
import { currentLocale } from '../lib/i18n';
import { useGroup, useGroupRefetch } from './GroupShell';

/** What a list of documents shows of each (the group's list and a procurement's). */
export const DOCUMENT_FIELDS = `id title kind language visibility currentVersion publishedVersion updatedAt
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

const CreateDocument = graphql(`
  mutation CreateDocument($input: CreateDocumentInput!) {
    createDocument(input: $input) {
      id
    }
  }
`);

type Kind = (typeof DOCUMENT_KINDS)[number];
type Language = (typeof DOCUMENT_LANGUAGES)[number];
export type DocumentRow = ResultOf<typeof DocumentsQuery>['buyerGroup']['documents']['nodes'][number];
/** Where a document opened from a list leads back to (see DocumentView); the group's list by default. */
export type BackState = { backTo: string } | undefined;

/**
 * Documents as a table: name (with the need it belongs to), kind, version, the last change; `extra`
 * adds a column (a procurement's: who may see the document).
 */
export function DocumentTable({
  documents,
  backState,
  extra,
}: {
  documents: readonly DocumentRow[];
  backState?: BackState;
  extra?: { label: string; cell: (d: DocumentRow) => ReactNode };
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const { group } = useGroup();
  return (
    <DataTable
      caption={t('documents.title')}
      columns={[
        t('documents.name'),
        t('documents.kind'),
        { label: t('documents.version'), num: true },
        t('documents.lastChanged'),
        extra?.label,
      ]}
    >
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
          {extra && <Table.Cell>{extra.cell(d)}</Table.Cell>}
        </Table.Row>
      ))}
    </DataTable>
  );
}

/**
 * A new document, opened in the editor once made: the group's (optionally for one of its needs),
 * or with `procurementId` one procurement's.
 */
export function NewDocumentForm({
  procurementId,
  needs,
  backState,
}: {
  procurementId?: string;
  needs?: readonly { id: string; title: string }[];
  backState?: BackState;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { group } = useGroup();
  const [created, createDocument] = useMutation(CreateDocument);
  const form = useForm(() => ({
    title: '',
    kind: 'NEED_DESCRIPTION' as Kind,
    language: currentLocale() as Language,
    needId: '',
    text: '',
  }));

  const submit = async () => {
    if (!form.check(form.missing('title'))) return;
    const { title, kind, language, needId, text } = form.values;
    const r = await createDocument({
      input: {
        groupId: group.id,
        procurementId: procurementId ?? null,
        title: title.trim(),
        kind,
        language,
        needId: needs ? needId || null : null,
        text: text || null,
      },
    });
    if (r.data) navigate(`/groups/${group.id}/documents/${r.data.createDocument.id}`, { state: backState });
  };

  return (
    <CollapsibleForm
      summary={t('documents.create')}
      onSubmit={submit}
      result={created}
      submitLabel={t('documents.createSubmit')}
    >
      <Textfield label={t('documents.name')} {...form.field('title')} required />
      <div className="row">
        <SelectField
          label={t('documents.kind')}
          {...form.field('kind')}
          options={DOCUMENT_KINDS.map((k) => ({ value: k, label: t(`documentKind.${k}`) }))}
        />
        <SelectField
          label={t('documents.language')}
          {...form.field('language')}
          options={DOCUMENT_LANGUAGES.map((l) => ({ value: l, label: t(`documentLanguage.${l}`) }))}
        />
        {needs && (
          <SelectField
            label={t('documents.attachTo')}
            {...form.field('needId')}
            options={[
              { value: '', label: t('documents.wholeGroup') },
              ...needs.map((n) => ({ value: n.id, label: n.title })),
            ]}
          />
        )}
      </div>
      <Textfield
        label={t('documents.initialText')}
        description={t('documents.initialTextHelp')}
        multiline
        rows={6}
        {...form.field('text')}
      />
    </CollapsibleForm>
  );
}

/** The group's documents, and a new one. */
export function Documents() {
  const { t } = useTranslation();
  const { group } = useGroup();
  const [{ data, fetching, error }, refetch] = useQuery({ query: DocumentsQuery, variables: { id: group.id } });
  useGroupRefetch(['documents'], refetch);
  const documents = data?.buyerGroup.documents.nodes;
  return (
    <div className="stack-lg">
      <Heading level={2} data-size="md">
        {t('documents.title')}
      </Heading>
      <QueryState
        error={error}
        loading={!documents && fetching}
        empty={documents?.length === 0 && t('documents.none')}
      />
      {documents && documents.length > 0 && <DocumentTable documents={documents} />}
      <NewDocumentForm needs={data?.buyerGroup.needs.nodes ?? []} />
    </div>
  );
}
