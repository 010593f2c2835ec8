import { Alert, Heading, Paragraph, Tag } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { useFormat } from '../lib/format';
import { usePageTitle } from '../lib/title';

/** A guest's placeholder organisation (named by the affiliation): no organisation on Samverka. */
export const isGuestOrganisation = (organisation: { kind: string } | null | undefined) =>
  organisation?.kind === 'GUEST';

/**
 * A guest's end in words: the day alone for the usual end of a chosen day (23:59 here), else the
 * day and the time (an end set to another time through the API).
 */
export function useGuestUntil(): (iso: string) => string {
  const f = useFormat();
  return (iso) => {
    const d = new Date(iso);
    return d.getHours() === 23 && d.getMinutes() >= 54 ? f.date(iso) : f.dateTime(iso);
  };
}

/**
 * "Guest" beside a name or an organisation: a person who takes part in one group for a while and
 * acts for no organisation. A word, not only a colour, so screen readers say it too.
 */
export function GuestTag() {
  const { t } = useTranslation();
  return (
    <Tag data-size="sm" data-color="warning" className="guest-tag">
      {t('guests.badge')}
    </Tag>
  );
}

/**
 * What a guest sees instead of a group once the access ended (a coordinator ended it, or the end
 * date passed): said as an alert, since it can replace the page the guest was working in.
 */
export function GuestAccessEnded({ groupName }: { groupName?: string }) {
  const { t } = useTranslation();
  usePageTitle(t('guests.accessEnded.title'));
  return (
    <section className="stack narrow" aria-labelledby="guest-ended-heading">
      <Heading level={1} data-size="lg" id="guest-ended-heading">
        {t('guests.accessEnded.title')}
      </Heading>
      <Alert data-color="warning" role="alert">
        <Paragraph>
          {groupName ? t('guests.accessEnded.text', { group: groupName }) : t('guests.accessEnded.textNoName')}
        </Paragraph>
      </Alert>
      <Paragraph>
        <RouterLink to="/">{t('notFound.home')}</RouterLink>
      </Paragraph>
    </section>
  );
}
