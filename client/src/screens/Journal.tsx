import { Paragraph, Table, Tag, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { DataTable } from '../components/DataTable';
import { QueryState } from '../components/Feedback';
import { Page } from '../components/Section';
import { useFormat } from '../lib/format';
import { graphql } from '../lib/graphql';
import { localToday } from '../lib/procurement';

const JournalQuery = graphql(`
  query RecordJournal($from: LocalDate!, $to: LocalDate!, $after: String) {
    recordJournal(from: $from, to: $to, first: 100, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        journalNumber
        createdAt
        direction
        title
        counterparts
        classification
        documentVersion
        caseNumber
        legalBasis {
          reference
        }
      }
    }
  }
`);

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The authority's running journal (journal / diarium): what its people marked for the record in a
 * period, as an archivist reads it, and the same as a spreadsheet.
 */
export function Journal() {
  const { t } = useTranslation();
  const f = useFormat();
  const today = localToday();
  const [from, setFrom] = useState(`${today.slice(0, 8)}01`);
  const [to, setTo] = useState(today);
  const valid = DATE.test(from) && DATE.test(to) && from <= to;
  const [{ data, fetching, error }] = useQuery({ query: JournalQuery, variables: { from, to }, pause: !valid });
  const journal = data?.recordJournal;
  const file = (format: 'csv' | 'xlsx') => `/records/journal.${format}?from=${from}&to=${to}`;
  return (
    <Page title={t('records.journalTitle')}>
      <Paragraph>{t('records.journalIntro')}</Paragraph>
      <div className="row">
        <Textfield label={t('records.fromDate')} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        <Textfield
          label={t('records.toDate')}
          type="date"
          value={to}
          onChange={(e) => setTo(e.target.value)}
          error={valid ? undefined : t('records.badPeriod')}
        />
      </div>
      {valid && (
        <Paragraph data-size="sm">
          <a href={file('csv')} download>
            {t('records.journalCsv')}
          </a>{' '}
          ·{' '}
          <a href={file('xlsx')} download>
            {t('records.journalXlsx')}
          </a>
        </Paragraph>
      )}
      <QueryState
        error={error}
        loading={!data && fetching}
        empty={journal && !journal.totalCount && t('records.journalEmpty')}
      />
      {journal && journal.totalCount > 0 && (
        <DataTable
          caption={t('records.journalCaption', { count: journal.totalCount })}
          showCaption
          columns={[
            t('records.journal'),
            t('records.date'),
            t('records.direction'),
            t('records.recordTitle'),
            t('records.counterparts'),
            t('records.classification'),
            t('records.caseNumber'),
          ]}
        >
          {journal.nodes.map((m) => (
            <Table.Row key={m.id}>
              <Table.HeaderCell scope="row">{m.journalNumber}</Table.HeaderCell>
              <Table.Cell>{f.date(m.createdAt)}</Table.Cell>
              <Table.Cell>{t(`records.directionOf.${m.direction}`)}</Table.Cell>
              <Table.Cell>
                {m.title}
                {m.documentVersion ? ` (${t('records.version', { number: m.documentVersion })})` : ''}
              </Table.Cell>
              <Table.Cell>{m.counterparts}</Table.Cell>
              <Table.Cell>
                <Tag data-size="sm" data-color={m.classification === 'EXEMPT' ? 'warning' : 'neutral'}>
                  {t(`records.classificationOf.${m.classification}`)}
                </Tag>
                {m.legalBasis ? ` ${m.legalBasis.reference}` : ''}
              </Table.Cell>
              <Table.Cell>{m.caseNumber}</Table.Cell>
            </Table.Row>
          ))}
        </DataTable>
      )}
      {journal?.pageInfo.hasNextPage && <Paragraph data-size="sm">{t('records.journalMore')}</Paragraph>}
    </Page>
  );
}
