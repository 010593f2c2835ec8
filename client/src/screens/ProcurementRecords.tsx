import { Button, Paragraph, Table, Tag } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { DataTable } from '../components/DataTable';
import { LiveStatus, ProblemAlert, QueryState } from '../components/Feedback';
import { Collapsible, CollapsibleForm } from '../components/Form';
import { Section } from '../components/Section';
import { SelectField } from '../components/SelectField';
import { errorCode, fieldProblems } from '../lib/errors';
import { useForm } from '../lib/form';
import { useFormat } from '../lib/format';
import { graphql, type ResultOf } from '../lib/graphql';
import { useProcurementRefetch } from '../lib/procurement';
import { downloadWithProgress, type Progress } from '../lib/records';

const CaseFileQuery = graphql(`
  query ProcurementCaseFile($id: ID!) {
    legalBases {
      code
      reference
      description
    }
    jointProcurement(id: $id) {
      id
      caseFile {
        closedAt
        records {
          id
          kind
          subject
          title
          author
          organisationName
          direction
          createdAt
          deletedAt
          versions
          viewerRecord {
            id
            journalNumber
            classification
            documentVersion
            legalBasis {
              reference
            }
          }
        }
      }
    }
  }
`);

const ArchiveQuery = graphql(`
  query ProcurementArchive($id: ID!, $format: ArchiveFormat) {
    jointProcurement(id: $id) {
      id
      caseFile {
        archive(format: $format) {
          format
          url
          fileName
          fileCount
          byteSize
        }
      }
    }
  }
`);

const VersionsQuery = graphql(`
  query RecordDocumentVersions($id: ID!) {
    document(id: $id) {
      id
      versions {
        id
        number
      }
    }
  }
`);

const MarkAsRecord = graphql(`
  mutation MarkAsRecord($input: MarkAsRecordInput!) {
    markAsRecord(input: $input) {
      id
      journalNumber
      classification
    }
  }
`);

type CaseData = NonNullable<ResultOf<typeof CaseFileQuery>['jointProcurement']>['caseFile'];
type Archive = NonNullable<ResultOf<typeof ArchiveQuery>['jointProcurement']>['caseFile']['archive'];
type CaseRecord = CaseData['records'][number];
type Basis = ResultOf<typeof CaseFileQuery>['legalBases'][number];

const directionColor = (d: CaseRecord['direction']) =>
  d === 'RECEIVED' ? 'info' : d === 'SENT' ? 'success' : 'neutral';

/**
 * Marks one record for the viewer's authority's journal: public, or exempt with a legal basis of
 * its country; a document at its latest version. Marking again reclassifies (the number stays).
 */
function MarkForm({ record, bases, onMarked }: { record: CaseRecord; bases: readonly Basis[]; onMarked: () => void }) {
  const { t } = useTranslation();
  const [result, mark] = useMutation(MarkAsRecord);
  const [{ data: docData }] = useQuery({
    query: VersionsQuery,
    variables: { id: record.id },
    pause: record.subject !== 'DOCUMENT',
  });
  const [status, setStatus] = useState('');
  const form = useForm({
    classification: record.viewerRecord?.classification ?? 'PUBLIC',
    legalBasis: '',
  });
  const refused = Object.fromEntries(fieldProblems(result.error).map((p) => [p.field, p.message]));
  const exempt = form.values.classification === 'EXEMPT';

  const submit = async () => {
    if (exempt && !form.check({ legalBasis: !form.values.legalBasis && t('records.basisRequired') })) return;
    const versions = docData?.document?.versions ?? [];
    const latest = versions.reduce<(typeof versions)[number] | null>(
      (a, v) => (!a || v.number > a.number ? v : a),
      null,
    );
    const subject =
      record.subject === 'MESSAGE'
        ? { messageId: record.id }
        : record.subject === 'DECISION'
          ? { decisionId: record.id }
          : { documentVersionId: latest?.id ?? '' };
    const r = await mark({
      input: {
        ...subject,
        classification: form.values.classification as 'PUBLIC' | 'EXEMPT',
        legalBasis: exempt ? form.values.legalBasis : null,
      },
    });
    if (r.data) {
      setStatus(t('records.marked', { number: r.data.markAsRecord.journalNumber }));
      onMarked();
    }
  };

  return (
    <CollapsibleForm
      summary={record.viewerRecord ? t('records.reclassify') : t('records.mark')}
      onSubmit={submit}
      busy={result.fetching}
      error={Object.keys(refused).length ? undefined : result.error}
      status={status}
      submitLabel={record.viewerRecord ? t('records.saveClassification') : t('records.markSubmit')}
      size="sm"
    >
      <SelectField
        label={t('records.classification')}
        {...form.field('classification')}
        options={(['PUBLIC', 'EXEMPT'] as const).map((c) => ({ value: c, label: t(`records.classificationOf.${c}`) }))}
      />
      {exempt && (
        <SelectField
          label={t('records.legalBasis')}
          {...form.field('legalBasis')}
          error={form.errors.legalBasis ?? refused.legalBasis}
          options={[
            { value: '', label: t('records.chooseBasis') },
            ...bases.map((b) => ({ value: b.code, label: `${b.reference}: ${b.description}` })),
          ]}
        />
      )}
      {exempt && !bases.length && <ProblemAlert text={t('records.noBases')} size="sm" />}
    </CollapsibleForm>
  );
}

/** The package's download, with how far it has come (the server announces its length). */
function ArchiveDownload({ archive }: { archive: Archive }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [progress, setProgress] = useState<Progress | null>(null);
  const [failed, setFailed] = useState(false);
  const megabytes = (n: number) => f.number(Math.round((n / 1_048_576) * 10) / 10);
  const start = async () => {
    setFailed(false);
    try {
      await downloadWithProgress(archive.url, archive.fileName, setProgress);
    } catch {
      setFailed(true);
    }
  };
  const busy = progress !== null && progress.received < progress.total;
  return (
    <div className="stack-sm">
      <Paragraph data-size="sm">
        {t(`records.format.${archive.format}`)} ·{' '}
        {t('records.packageSize', { files: archive.fileCount, size: megabytes(archive.byteSize) })}
      </Paragraph>
      <div className="row">
        <Button type="button" data-size="sm" onClick={() => void start()} loading={busy}>
          {t('records.export')}
        </Button>
        {progress && (
          <progress
            max={progress.total || undefined}
            value={progress.received}
            aria-label={t('records.progressLabel')}
          />
        )}
      </div>
      <LiveStatus small>
        {progress &&
          (busy
            ? t('records.progress', { received: megabytes(progress.received), total: megabytes(progress.total) })
            : t('records.done', { name: archive.fileName }))}
      </LiveStatus>
      {failed && <ProblemAlert text={t('records.failed')} size="sm" />}
    </div>
  );
}

/**
 * The authority's archive package: its format (Noark 5 in Norway, an E-ARK SIP elsewhere, or the
 * one chosen) and size, asked for only when opened (the server builds the package to answer).
 */
function ArchivePanel({ procurementId }: { procurementId: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [format, setFormat] = useState<'NOARK5' | 'EARK' | ''>('');
  const [{ data, fetching, error }] = useQuery({
    query: ArchiveQuery,
    variables: { id: procurementId, format: format || null },
    pause: !open,
  });
  const archive = data?.jointProcurement?.caseFile.archive;
  return (
    <Collapsible summary={t('records.archiveTitle')} open={open} onOpenChange={setOpen}>
      <div className="stack-sm">
        <Paragraph data-size="sm">{t('records.archiveIntro')}</Paragraph>
        <SelectField
          label={t('records.formatLabel')}
          value={format}
          onChange={(e) => setFormat(e.target.value as 'NOARK5' | 'EARK' | '')}
          options={[
            { value: '', label: t('records.formatDefault') },
            { value: 'NOARK5', label: t('records.format.NOARK5') },
            { value: 'EARK', label: t('records.format.EARK') },
          ]}
        />
        <QueryState error={error} loading={open && !data && fetching} size="sm" />
        {archive && <ArchiveDownload archive={archive} />}
      </div>
    </Collapsible>
  );
}

/**
 * The procurement's case file as the viewer's authority took part in it: each record with its
 * direction (received, sent, internal), marking for the authority's journal with the access
 * classification, and the authority's archive package (Noark 5 or E-ARK) with its download progress.
 */
export function RecordsSection({ procurementId }: { procurementId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [{ data, fetching, error }, refetch] = useQuery({ query: CaseFileQuery, variables: { id: procurementId } });
  useProcurementRefetch(['records', 'messages', 'documents', 'decisions', 'mandates'], refetch);
  const caseFile = data?.jointProcurement?.caseFile;
  const reload = () => refetch({ requestPolicy: 'network-only' });
  // An authority that took no part in the procurement has no case file here (the server says NOT_FOUND).
  const noPart = errorCode(error) === 'NOT_FOUND';
  const columns = [
    t('records.date'),
    t('records.kindLabel'),
    t('records.recordTitle'),
    t('records.origin'),
    t('records.direction'),
    t('records.journal'),
  ];
  return (
    <Section id="records" title={t('records.title')}>
      <Paragraph data-size="sm">{t('records.intro')}</Paragraph>
      {noPart ? (
        <Paragraph data-size="sm">{t('records.noPart')}</Paragraph>
      ) : (
        <QueryState
          error={error}
          loading={!data && fetching}
          empty={caseFile && !caseFile.records.length && t('records.none')}
        />
      )}
      {caseFile && (
        <>
          <ArchivePanel procurementId={procurementId} />
          {caseFile.records.length > 0 && (
            <DataTable caption={t('records.title')} columns={columns}>
              {caseFile.records.map((r) => (
                <Table.Row key={r.id}>
                  <Table.Cell>{f.dateTime(r.createdAt)}</Table.Cell>
                  <Table.Cell>{t(`records.kind.${r.kind}`)}</Table.Cell>
                  <Table.HeaderCell scope="row">
                    {r.title}{' '}
                    {r.deletedAt && (
                      <Tag data-size="sm" data-color="danger">
                        {t('records.deleted', { date: f.date(r.deletedAt) })}
                      </Tag>
                    )}
                  </Table.HeaderCell>
                  <Table.Cell>
                    {r.author ? `${r.author}, ` : ''}
                    {r.organisationName}
                  </Table.Cell>
                  <Table.Cell>
                    <Tag data-size="sm" data-color={directionColor(r.direction)}>
                      {t(`records.directionOf.${r.direction}`)}
                    </Tag>
                  </Table.Cell>
                  <Table.Cell>
                    {r.viewerRecord && (
                      <Paragraph data-size="sm">
                        {r.viewerRecord.journalNumber} ·{' '}
                        {t(`records.classificationOf.${r.viewerRecord.classification}`)}
                        {r.viewerRecord.legalBasis ? ` (${r.viewerRecord.legalBasis.reference})` : ''}
                      </Paragraph>
                    )}
                    {r.subject && !r.deletedAt && <MarkForm record={r} bases={data!.legalBases} onMarked={reload} />}
                  </Table.Cell>
                </Table.Row>
              ))}
            </DataTable>
          )}
        </>
      )}
    </Section>
  );
}
