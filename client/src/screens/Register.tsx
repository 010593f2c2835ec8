import { Alert, Button, Details, Heading, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { RequestLinkForm, StateHeading, useAccountErrorText } from '../components/AccountLinks';
import { errorCode, errorExtensions, errorMessage } from '../lib/errors';
import { currentLocale } from '../lib/i18n';
import { useSession } from '../lib/session';
import { usePageTitle } from '../lib/title';

/**
 * After registering: the same words whether or not the address already had an account (the server
 * mails its owner either way), and a new link for a mail that did not arrive.
 */
function CheckEmail({ email, onStartOver }: { email: string; onStartOver: () => void }) {
  const { t } = useTranslation();
  return (
    <section className="narrow stack">
      <StateHeading>{t('register.checkEmail.title')}</StateHeading>
      {/* Neutral on purpose: the page never says whether the address already had an account. */}
      <Alert data-color="info">
        <Paragraph>{t('register.checkEmail.text', { email })}</Paragraph>
      </Alert>
      <Paragraph>{t('register.checkEmail.next')}</Paragraph>
      <Heading level={2} data-size="sm">
        {t('register.checkEmail.noMail')}
      </Heading>
      <Paragraph>{t('register.checkEmail.noMailHelp')}</Paragraph>
      <RequestLinkForm kind="verify" initialEmail={email} />
      <div>
        <Button variant="tertiary" onClick={onStartOver}>
          {t('register.checkEmail.startOver')}
        </Button>
      </div>
    </section>
  );
}

/**
 * An account in an existing organisation. The server finds the organisation from the address's
 * e-mail domain; only when several organisations share a domain is the organisation needed, and
 * organisations are not listed to strangers, so a colleague shares a link naming it (Profile >
 * "Invite colleagues"): /register?organisation=<id>.
 */
export function Register() {
  const { t } = useTranslation();
  const { register } = useSession();
  const errorText = useAccountErrorText();
  const [params] = useSearchParams();
  const [organisationId, setOrganisationId] = useState(params.get('organisation') ?? '');
  // The organisation field is open when the link fills it in or the server asks which one.
  const [showOrganisation, setShowOrganisation] = useState(Boolean(params.get('organisation')));
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  /** The address a confirmation link went to (or would have): the "check your e-mail" state. */
  const [sentTo, setSentTo] = useState<string | null>(null);
  usePageTitle(sentTo === null ? t('register.title') : t('register.checkEmail.title'));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!displayName.trim()) local.displayName = t('common.required');
    if (!email.trim()) local.email = t('common.required');
    if (password.length < 12) local.password = t('register.passwordTooShort');
    setErrors(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    const err = await register({
      organisationId: organisationId.trim() || null,
      displayName: displayName.trim(),
      email: email.trim(),
      password,
      locale: currentLocale(),
    });
    setBusy(false);
    if (!err) {
      // No session: the account is pending until the address is confirmed from its mailbox.
      setSentTo(email.trim());
      setPassword('');
      return;
    }
    const code = errorCode(err);
    const field = String(errorExtensions(err).field ?? '').replace(/^input\./, '');
    const rule = String(errorExtensions(err).rule ?? '');
    // Known rules in the interface language; any other in the server's words.
    const known: Record<string, string> = {
      exists: t('register.errors.unknownOrganisation'),
      registrationOpen: t('register.errors.registrationClosed'),
      // Without an organisation the server looked for one admitting the address's domain.
      organisationDomain: organisationId.trim()
        ? t('register.errors.organisationDomain')
        : t('register.errors.noOrganisationForDomain'),
      required: t('register.errors.severalOrganisations'),
      isEmail: t('register.errors.invalidEmail'),
    };
    if (code === 'BAD_USER_INPUT' && field === 'organisationId') setShowOrganisation(true);
    if (code === 'BAD_USER_INPUT' && field) setErrors({ [field]: known[rule] ?? errorMessage(err) });
    else setErrors({ form: errorText(err) });
  };

  if (sentTo !== null) return <CheckEmail email={sentTo} onStartOver={() => setSentTo(null)} />;

  return (
    <section className="narrow">
      <Heading level={1} data-size="lg">
        {t('register.title')}
      </Heading>
      <Paragraph>{t('register.intro')}</Paragraph>
      <form onSubmit={submit} className="stack" noValidate>
        {errors.form && (
          <Alert data-color="danger" role="alert">
            <Paragraph>{errors.form}</Paragraph>
          </Alert>
        )}
        <Textfield
          label={t('register.displayName')}
          autoComplete="name"
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
          error={errors.displayName}
          required
        />
        <Textfield
          label={t('register.email')}
          description={t('register.emailHelp')}
          type="email"
          autoComplete="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={errors.email}
          required
        />
        <Textfield
          label={t('register.password')}
          description={t('register.passwordHelp')}
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.password}
          required
        />
        <Details open={showOrganisation} onToggle={(e) => setShowOrganisation((e.target as HTMLDetailsElement).open)}>
          <Details.Summary>{t('register.organisationLink')}</Details.Summary>
          <Details.Content>
            <Textfield
              label={t('register.organisationId')}
              description={t('register.organisationIdHelp')}
              value={organisationId}
              onChange={(e) => setOrganisationId(e.target.value)}
              error={errors.organisationId}
            />
          </Details.Content>
        </Details>
        <div>
          <Button type="submit" loading={busy}>
            {t('register.submit')}
          </Button>
        </div>
      </form>
      <Paragraph>
        {t('register.haveAccount')} <RouterLink to="/sign-in">{t('register.signInLink')}</RouterLink>
      </Paragraph>
    </section>
  );
}
