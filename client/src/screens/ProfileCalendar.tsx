import { Button, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { ErrorAlert, LiveStatus, Loading } from '../components/Feedback';
import { Section } from '../components/Section';
import { useFormat } from '../lib/format';
import { graphql } from '../lib/graphql';

const CalendarFeedQuery = graphql(`
  query ViewerCalendarFeed {
    viewerCalendarFeed {
      createdAt
      lastFetchedAt
    }
  }
`);

const CreateCalendarFeed = graphql(`
  mutation CreateCalendarFeed {
    createCalendarFeed {
      url
      feed {
        createdAt
        lastFetchedAt
      }
    }
  }
`);

const RevokeCalendarFeed = graphql(`
  mutation RevokeCalendarFeed {
    revokeCalendarFeed
  }
`);

/**
 * The viewer's private calendar feed: a secret address a calendar app subscribes to without signing
 * in. The server keeps only a hash of it, so the address is shown once, right after it is made; a
 * lost one is replaced by making a new one (the old one stops working), and revoking ends it.
 */
export function CalendarFeedSection() {
  const { t } = useTranslation();
  const f = useFormat();
  const [{ data, fetching, error }, refetch] = useQuery({ query: CalendarFeedQuery, requestPolicy: 'network-only' });
  const [created, create] = useMutation(CreateCalendarFeed);
  const [revoked, revoke] = useMutation(RevokeCalendarFeed);
  const [url, setUrl] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const feed = data?.viewerCalendarFeed ?? null;
  const refresh = () => refetch({ requestPolicy: 'network-only' });

  const make = async () => {
    setStatus('');
    const r = await create({});
    if (r.data) {
      setUrl(r.data.createCalendarFeed.url);
      setStatus(t('profile.calendar.created'));
      refresh();
    }
  };

  const copy = async () => {
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      setStatus(t('profile.calendar.copied'));
    } catch {
      // No clipboard (an insecure origin, or refused): the field is selected for copying by hand.
      (document.getElementById('calendar-feed-url') as HTMLInputElement | null)?.select();
      setStatus(t('profile.calendar.copyByHand'));
    }
  };

  return (
    <Section id="calendar" title={t('profile.calendar.title')} size="sm" className="stack-sm">
      <Paragraph data-size="sm">{t('profile.calendar.intro')}</Paragraph>
      <ErrorAlert error={error ?? created.error ?? revoked.error} />
      <LiveStatus>{status}</LiveStatus>
      {!data && fetching && <Loading />}
      {url && (
        <div className="stack-sm">
          <Textfield
            id="calendar-feed-url"
            label={t('profile.calendar.urlLabel')}
            description={t('profile.calendar.showOnce')}
            readOnly
            value={url}
            onFocus={(e) => e.target.select()}
          />
          <div className="row">
            <Button data-size="sm" variant="primary" onClick={copy}>
              {t('profile.calendar.copy')}
            </Button>
            <a href={url.replace(/^https?:/, 'webcal:')}>{t('profile.calendar.openInApp')}</a>
          </div>
        </div>
      )}
      {feed ? (
        <>
          <Paragraph data-size="sm" className="muted">
            {t('profile.calendar.since', { date: f.dateTime(feed.createdAt) })} ·{' '}
            {feed.lastFetchedAt
              ? t('profile.calendar.lastFetched', { date: f.dateTime(feed.lastFetchedAt) })
              : t('profile.calendar.neverFetched')}
          </Paragraph>
          <div className="row">
            <Button data-size="sm" variant="secondary" loading={created.fetching} onClick={make}>
              {t('profile.calendar.createNew')}
            </Button>
            <Button
              data-size="sm"
              variant="secondary"
              data-color="danger"
              loading={revoked.fetching}
              onClick={async () => {
                setStatus('');
                const r = await revoke({});
                if (!r.error) {
                  setUrl(null);
                  setStatus(t('profile.calendar.revoked'));
                  refresh();
                }
              }}
            >
              {t('profile.calendar.revoke')}
            </Button>
          </div>
          <Paragraph data-size="sm" className="muted">
            {t('profile.calendar.replaceHelp')}
          </Paragraph>
        </>
      ) : (
        data && (
          <div>
            <Button data-size="sm" variant="secondary" loading={created.fetching} onClick={make}>
              {t('profile.calendar.create')}
            </Button>
          </div>
        )
      )}
    </Section>
  );
}
