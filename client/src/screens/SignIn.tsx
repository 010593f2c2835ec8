import { Alert, Button, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useLocation, useNavigate, useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { ResendVerification, useAccountErrorText } from '../components/AccountLinks';
import { LiveStatus } from '../components/Feedback';
import { PasswordField } from '../components/Form';
import { Page } from '../components/Section';
import { isSsoError } from '../lib/enums';
import { errorCode, errorExtensions } from '../lib/errors';
import { useForm } from '../lib/form';
import { graphql } from '../lib/graphql';
import { useSession } from '../lib/session';

export const SignInProvidersQuery = graphql(`
  query SignInProviders {
    signInProviders {
      id
      name
      startUrl
    }
  }
`);

/** A provider's start URL with extra query parameters (`returnTo`, `link`), kept on this site. */
export function providerLink(startUrl: string, params: Record<string, string>): string {
  const url = new URL(startUrl, window.location.origin);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.origin === window.location.origin ? url.pathname + url.search : url.href;
}

/** A failed single sign-on (`sso_error`) in words, naming the provider (its id if it is not listed). */
export function useSsoErrorText(providers: readonly { id: string; name: string }[]) {
  const { t } = useTranslation();
  return (reason: string, providerId: string | null): string => {
    const name = providers.find((p) => p.id === providerId)?.name ?? providerId ?? '';
    const text = t(`sso.${isSsoError(reason) ? reason : 'unexpected'}`, { provider: name || t('sso.theProvider') });
    // Without a name the sentence may start with "the provider …".
    return text.charAt(0).toUpperCase() + text.slice(1);
  };
}

/** Why signing in did not give a session; the reasons come after a correct password only. */
type Failure =
  { kind: 'text'; text: string } | { kind: 'notVerified' } | { kind: 'awaitingApproval' } | { kind: 'suspended' };

export function SignIn() {
  const { t } = useTranslation();
  const { signIn } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const errorText = useAccountErrorText();
  const [params] = useSearchParams();
  const [{ data: providerData }] = useQuery({ query: SignInProvidersQuery });
  const providers = providerData?.signInProviders ?? [];
  const form = useForm({ email: '', password: '' });
  const { email, password } = form.values;
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  const [resent, resend] = useMutation(ResendVerification);
  const [resentText, setResentText] = useState('');

  const from = (location.state as { from?: string } | null)?.from;
  const returnTo = from && from !== '/sign-in' ? from : '/';

  // A single sign-on that failed came back here with its reason (and the provider's id).
  const ssoErrorText = useSsoErrorText(providers);
  const ssoReason = params.get('sso_error');
  const ssoText = ssoReason ? ssoErrorText(ssoReason, params.get('provider')) : '';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setFailure(null);
    setResentText('');
    const err = await signIn(email.trim(), password);
    setBusy(false);
    if (!err) {
      navigate(returnTo, { replace: true });
      return;
    }
    const code = errorCode(err);
    const reason = errorExtensions(err).reason;
    if (code === 'UNAUTHENTICATED' && reason === 'EMAIL_NOT_VERIFIED') setFailure({ kind: 'notVerified' });
    else if (code === 'UNAUTHENTICATED' && reason === 'AWAITING_APPROVAL') setFailure({ kind: 'awaitingApproval' });
    else if (code === 'UNAUTHENTICATED' && reason === 'SUSPENDED') setFailure({ kind: 'suspended' });
    else if (code === 'UNAUTHENTICATED' || code === 'BAD_USER_INPUT')
      setFailure({ kind: 'text', text: t('signIn.failed') });
    else setFailure({ kind: 'text', text: errorText(err) });
  };

  const sendNewLink = async () => {
    setResentText('');
    const r = await resend({ email: email.trim() });
    setResentText(r.error ? errorText(r.error) : t('signIn.newLinkSent'));
  };

  return (
    <Page title={t('signIn.title')} className="narrow stack">
      {params.get('account_deleted') && (
        <Alert data-color="success" role="status">
          <Paragraph>{t('signIn.accountDeleted')}</Paragraph>
        </Alert>
      )}
      {ssoText && (
        <Alert data-color="danger" role="alert">
          <Paragraph>{ssoText}</Paragraph>
        </Alert>
      )}
      <Paragraph>{t('signIn.intro')}</Paragraph>
      {providers.length > 0 && (
        <>
          <ul className="plain-list stack-sm" aria-label={t('signIn.providers')}>
            {providers.map((p) => (
              <li key={p.id}>
                {/* A plain link: the browser leaves for the provider and comes back signed in. */}
                <Button asChild variant="secondary" className="sso-button">
                  <a href={providerLink(p.startUrl, { returnTo })}>{t('signIn.withProvider', { name: p.name })}</a>
                </Button>
              </li>
            ))}
          </ul>
          <p className="divider">
            <span>{t('signIn.orPassword')}</span>
          </p>
        </>
      )}
      <form onSubmit={submit} className="stack" noValidate>
        {failure && (
          <Alert data-color={failure.kind === 'text' ? 'danger' : 'warning'} role="alert">
            {failure.kind === 'text' && <Paragraph>{failure.text}</Paragraph>}
            {failure.kind === 'awaitingApproval' && <Paragraph>{t('signIn.awaitingApproval')}</Paragraph>}
            {failure.kind === 'suspended' && <Paragraph>{t('signIn.suspended')}</Paragraph>}
            {failure.kind === 'notVerified' && <Paragraph>{t('signIn.emailNotVerified')}</Paragraph>}
          </Alert>
        )}
        {failure?.kind === 'notVerified' && (
          <div className="stack-sm">
            <div>
              <Button type="button" variant="secondary" loading={resent.fetching} onClick={() => void sendNewLink()}>
                {t('signIn.sendNewLink')}
              </Button>
            </div>
            <LiveStatus>{resentText}</LiveStatus>
          </div>
        )}
        <Textfield label={t('signIn.email')} type="email" autoComplete="username" required {...form.field('email')} />
        <PasswordField label={t('signIn.password')} {...form.field('password')} />
        <div className="row spread">
          <Button type="submit" loading={busy}>
            {t('signIn.submit')}
          </Button>
          <RouterLink to="/forgot-password">{t('signIn.forgotLink')}</RouterLink>
        </div>
      </form>
      <Paragraph>
        {t('signIn.noAccount')} <RouterLink to="/register">{t('signIn.registerLink')}</RouterLink>
      </Paragraph>
    </Page>
  );
}
