import { Alert, Button, Details, Heading, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useNavigate, useSearchParams } from 'react-router';
import { errorCode, errorExtensions, errorMessage } from '../lib/errors';
import { currentLocale } from '../lib/i18n';
import { useSession } from '../lib/session';
import { usePageTitle } from '../lib/title';

/**
 * An account in an existing organisation. The server finds the organisation from the address's
 * e-mail domain; only when several organisations share a domain is the organisation needed, and
 * organisations are not listed to strangers, so a colleague shares a link naming it (Profile >
 * "Invite colleagues"): /register?organisation=<id>.
 */
export function Register() {
  const { t } = useTranslation();
  usePageTitle(t('register.title'));
  const { register } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [organisationId, setOrganisationId] = useState(params.get('organisation') ?? '');
  // The organisation field is open when the link fills it in or the server asks which one.
  const [showOrganisation, setShowOrganisation] = useState(Boolean(params.get('organisation')));
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

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
      navigate('/', { replace: true });
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
    };
    if (code === 'BAD_USER_INPUT' && field === 'organisationId') setShowOrganisation(true);
    if (code === 'BAD_USER_INPUT' && field) setErrors({ [field]: known[rule] ?? errorMessage(err) });
    else if (code === 'CONFLICT') setErrors({ email: t('register.emailTaken') });
    else setErrors({ form: code === 'NETWORK' ? t('errors.network') : errorMessage(err) || t('errors.unexpected') });
  };

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
