import { Card, Heading, Paragraph, Tag } from '@digdir/designsystemet-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { useQuery } from 'urql';
import { ErrorAlert, Loading } from '../components/Feedback';
import { useFormat } from '../lib/format';
import { graphql } from '../lib/graphql';
import { usePageTitle } from '../lib/title';

const MarketDialoguesQuery = graphql(`
  query MarketDialogues {
    marketDialogues(first: 50) {
      id
      title
      phase
      open
      publishedAt
      questionDeadline
      registered
      leadAuthority {
        name
      }
    }
  }
`);

/** Where a dialogue stands: open or closed (and `children`, e.g. its phase), and whether the viewer registered. */
export function DialogueTags({
  open,
  registered,
  children,
}: {
  open: boolean;
  registered: boolean;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className="row">
      <Tag data-size="sm" data-color={open ? 'success' : 'neutral'}>
        {open ? t('dialogue.open') : t('dialogue.closed')}
      </Tag>
      {children}
      {registered && (
        <Tag data-size="sm" data-color="info">
          {t('dialogue.registered')}
        </Tag>
      )}
    </div>
  );
}

/** Published market dialogue notices: the board suppliers browse (also on a supplier's home). */
export function DialogueList({ headingLevel = 1 }: { headingLevel?: 1 | 2 }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [{ data, fetching, error }] = useQuery({ query: MarketDialoguesQuery });
  if (!data) return fetching ? <Loading /> : <ErrorAlert error={error} />;
  return (
    <section className="stack" aria-labelledby="dialogues-heading">
      <Heading level={headingLevel} data-size={headingLevel === 1 ? 'lg' : 'md'} id="dialogues-heading">
        {t('dialogue.listTitle')}
      </Heading>
      <Paragraph data-size="sm">{t('dialogue.listIntro')}</Paragraph>
      {data.marketDialogues.length === 0 && <Paragraph>{t('dialogue.noneListed')}</Paragraph>}
      <div className="card-grid">
        {data.marketDialogues.map((d) => (
          <Card key={d.id} data-color="neutral">
            <Heading level={headingLevel === 1 ? 2 : 3} data-size="xs">
              <RouterLink to={`/market-dialogues/${d.id}`}>{d.title}</RouterLink>
            </Heading>
            <Paragraph data-size="sm">{d.leadAuthority.name}</Paragraph>
            <DialogueTags open={d.open} registered={d.registered} />
            {d.questionDeadline && (
              <Paragraph data-size="sm" className="muted">
                {t('dialogue.questionDeadline', { date: f.dateTime(d.questionDeadline) })}
              </Paragraph>
            )}
          </Card>
        ))}
      </div>
    </section>
  );
}

export function MarketDialogues() {
  const { t } = useTranslation();
  usePageTitle(t('dialogue.listTitle'));
  return <DialogueList />;
}
