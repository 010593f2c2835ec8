import { Paragraph, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { Form } from '../components/Form';
import { GuestTag, isGuestOrganisation } from '../components/Guest';
import { LanguageSelect } from '../components/Layout';
import { Page, Section } from '../components/Section';
import { SelectField } from '../components/SelectField';
import { useFormat } from '../lib/format';
import { graphql } from '../lib/graphql';
import { useViewer } from '../lib/session';
import { CalendarFeedSection } from './ProfileCalendar';
import { PrivacySection } from './ProfilePrivacy';
import { NotificationSettingsSection } from './ProfileNotifications';
import { ChangePasswordForm, ChoosePasswordSection, LinkedIdentities, SessionList } from './ProfileSecurity';
import { SignInProvidersQuery } from './SignIn';

/** Whether the viewer has a password at all (an account made by single sign-on may have none). */
const PasswordStateQuery = graphql(`
  query ViewerPasswordState {
    viewer {
      id
      hasPassword
    }
  }
`);

const UpdateName = graphql(`
  mutation UpdateDisplayName($displayName: String!) {
    updateProfile(input: { displayName: $displayName }) {
      id
      displayName
    }
  }
`);

const TimeZoneQuery = graphql(`
  query ViewerTimeZone {
    viewer {
      id
      timeZone
    }
    timeZones
  }
`);

const UpdateTimeZone = graphql(`
  mutation UpdateTimeZone($timeZone: String!) {
    updateProfile(input: { timeZone: $timeZone }) {
      id
      timeZone
    }
  }
`);

/** The Nordic zones first: nearly everyone here is in one of them. */
const NORDIC_ZONES = ['Europe/Oslo', 'Europe/Stockholm', 'Europe/Copenhagen', 'Europe/Helsinki'];

/**
 * A zone as the list shows it: its identifier (a code, the same in every language) and the zone's
 * name in the interface language, e.g. "Europe/Oslo (sentraleuropeisk tid)".
 */
function useZoneLabel() {
  const f = useFormat();
  return (zone: string) => {
    let name: string | undefined;
    try {
      name = new Intl.DateTimeFormat(f.tag, { timeZone: zone, timeZoneName: 'longGeneric' })
        .formatToParts(new Date())
        .find((p) => p.type === 'timeZoneName')?.value;
    } catch {
      // A zone this browser does not know: the identifier alone.
    }
    const id = zone.replace(/_/g, ' ');
    return name && name !== zone ? `${id} (${name})` : id;
  };
}

/** The viewer's time zone: downloads (and mails) show times in it, whatever the browser's clock says. */
function TimeZoneSection() {
  const { t } = useTranslation();
  const [{ data }] = useQuery({ query: TimeZoneQuery });
  const [result, update] = useMutation(UpdateTimeZone);
  const [choice, setChoice] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const zones = data?.timeZones ?? [];
  const current = choice ?? data?.viewer?.timeZone ?? '';
  const options = [...NORDIC_ZONES.filter((z) => zones.includes(z)), ...zones.filter((z) => !NORDIC_ZONES.includes(z))];
  const zoneLabel = useZoneLabel();

  const submit = async () => {
    const r = await update({ timeZone: current });
    if (r.data) setStatus(t('profile.saved'));
  };

  return (
    <Section headingId="time-zone-heading" title={t('profile.timeZone')} size="sm" className="stack-sm">
      <Form
        onSubmit={submit}
        result={result}
        status={status}
        submitLabel={t('common.save')}
        intro={t('profile.timeZoneHelp')}
        aria-labelledby="time-zone-heading"
      >
        <SelectField
          label={t('profile.timeZone')}
          value={current}
          disabled={!data}
          options={options.map((z) => ({ value: z, label: zoneLabel(z), identifier: true }))}
          onChange={(e) => {
            setChoice(e.target.value);
            setStatus('');
          }}
        />
      </Form>
    </Section>
  );
}

export function Profile() {
  const { t } = useTranslation();
  const viewer = useViewer()!;
  const [name, setName] = useState(viewer.displayName);
  const [result, updateName] = useMutation(UpdateName);
  const [status, setStatus] = useState('');
  const [{ data: providerData }] = useQuery({ query: SignInProvidersQuery });
  const [{ data: passwordData, fetching: passwordFetching }] = useQuery({
    query: PasswordStateQuery,
    requestPolicy: 'network-only',
  });
  /** undefined until known: neither password form shows before then (unless the question failed). */
  const hasPassword = passwordData?.viewer?.hasPassword ?? undefined;
  const showChangePassword = hasPassword === true || (hasPassword === undefined && !passwordFetching);
  const guestAccount = isGuestOrganisation(viewer.organisation);
  const providers = providerData?.signInProviders ?? [];
  // A changed password ends the other sessions: the list is loaded afresh.
  const [passwordChanges, setPasswordChanges] = useState(0);
  const link = `${window.location.origin}/register?organisation=${encodeURIComponent(viewer.organisation.id)}`;

  const submit = async () => {
    const r = await updateName({ displayName: name.trim() });
    if (r.data) setStatus(t('profile.saved'));
  };

  return (
    <Page title={t('profile.title')} className="stack-lg narrow">
      <Paragraph>
        {viewer.email} · {viewer.organisation.name}
        {guestAccount && (
          <>
            {' '}
            <GuestTag />
          </>
        )}
      </Paragraph>
      {guestAccount && <Paragraph data-size="sm">{t('guests.profile')}</Paragraph>}
      <Form onSubmit={submit} result={result} status={status} submitLabel={t('common.save')}>
        <Textfield label={t('register.displayName')} value={name} onChange={(e) => setName(e.target.value)} />
      </Form>
      <Section headingId="language-heading" title={t('profile.language')} size="sm" className="stack-sm">
        <Paragraph data-size="sm">{t('profile.languageHelp')}</Paragraph>
        <LanguageSelect />
      </Section>
      <TimeZoneSection />
      <CalendarFeedSection />
      <NotificationSettingsSection />
      {/* A guest's placeholder organisation has no colleagues to invite (the server refuses its link). */}
      {!guestAccount && (
        <Section headingId="colleagues-heading" title={t('profile.colleagues')} size="sm" className="stack-sm">
          <Paragraph data-size="sm">
            {t('profile.colleaguesHelp', { organisation: viewer.organisation.name })}
          </Paragraph>
          <Textfield label={t('profile.registrationLink')} readOnly value={link} onFocus={(e) => e.target.select()} />
        </Section>
      )}
      {showChangePassword && <ChangePasswordForm onChanged={() => setPasswordChanges((n) => n + 1)} />}
      {/* Single sign-on only: a password is chosen through the mailed link, as no current one exists. */}
      {hasPassword === false && <ChoosePasswordSection email={viewer.email} />}
      <SessionList key={passwordChanges} providers={providers} />
      <LinkedIdentities providers={providers} hasPassword={hasPassword} />
      <PrivacySection email={viewer.email} hasPassword={hasPassword} />
    </Page>
  );
}
