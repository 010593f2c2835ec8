import { Alert, Button, Heading, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { RequestLinkForm, StateHeading, useAccountErrorText } from '../components/AccountLinks';
import { Collapsible, Form, PasswordField } from '../components/Form';
import { useErrorText } from '../lib/error-text';
import { errorCode, errorExtensions, fieldProblems } from '../lib/errors';
import { useForm } from '../lib/form';
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
  const { problem } = useErrorText();
  const [params] = useSearchParams();
  const [organisationId, setOrganisationId] = useState(params.get('organisation') ?? '');
  // The organisation field is open when the link fills it in or the server asks which one.
  const [showOrganisation, setShowOrganisation] = useState(Boolean(params.get('organisation')));
  const form = useForm({ displayName: '', email: '', password: '' });
  const [busy, setBusy] = useState(false);
  /** The address a confirmation link went to (or would have): the "check your e-mail" state. */
  const [sentTo, setSentTo] = useState<string | null>(null);
  usePageTitle(sentTo === null ? t('register.title') : t('register.checkEmail.title'));

  const submit = async () => {
    const { displayName, email, password } = form.values;
    const found = {
      ...form.missing('displayName', 'email'),
      password: password.length < 12 && t('register.passwordTooShort'),
    };
    if (!form.check(found)) return;
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
      form.reset('password');
      return;
    }
    const code = errorCode(err);
    const field = String(errorExtensions(err).field ?? '').replace(/^input\./, '');
    const rule = String(errorExtensions(err).rule ?? '');
    // The rules this form knows in its own words; any other in the common words for its rule.
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
    const first = fieldProblems(err)[0];
    if (code === 'BAD_USER_INPUT' && field)
      form.setErrors({ [field]: known[rule] ?? (first ? problem(first) : errorText(err)) });
    else form.setErrors({ form: errorText(err) });
  };

  if (sentTo !== null) return <CheckEmail email={sentTo} onStartOver={() => setSentTo(null)} />;

  return (
    <section className="narrow">
      <Heading level={1} data-size="lg">
        {t('register.title')}
      </Heading>
      <Paragraph>{t('register.intro')}</Paragraph>
      <Form onSubmit={submit} problem={form.errors.form} submitLabel={t('register.submit')} busy={busy}>
        <Textfield label={t('register.displayName')} autoComplete="name" {...form.field('displayName')} required />
        <Textfield
          label={t('register.email')}
          description={t('register.emailHelp')}
          type="email"
          autoComplete="email"
          {...form.field('email')}
          required
        />
        <PasswordField
          label={t('register.password')}
          description={t('register.passwordHelp')}
          isNew
          {...form.field('password')}
        />
        <Collapsible
          summary={t('register.organisationLink')}
          open={showOrganisation}
          onOpenChange={setShowOrganisation}
        >
          <Textfield
            label={t('register.organisationId')}
            description={t('register.organisationIdHelp')}
            value={organisationId}
            onChange={(e) => setOrganisationId(e.target.value)}
            error={form.errors.organisationId}
          />
        </Collapsible>
      </Form>
      <Paragraph>
        {t('register.haveAccount')} <RouterLink to="/sign-in">{t('register.signInLink')}</RouterLink>
      </Paragraph>
    </section>
  );
}
