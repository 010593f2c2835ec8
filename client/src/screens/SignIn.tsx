import { Alert, Button, Heading, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useLocation, useNavigate } from 'react-router';
import { errorCode, errorExtensions } from '../lib/errors';
import { useSession } from '../lib/session';
import { usePageTitle } from '../lib/title';

export function SignIn() {
  const { t } = useTranslation();
  usePageTitle(t('signIn.title'));
  const { signIn } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const err = await signIn(email.trim(), password);
    setBusy(false);
    if (!err) {
      const from = (location.state as { from?: string } | null)?.from;
      navigate(from && from !== '/sign-in' ? from : '/', { replace: true });
      return;
    }
    const code = errorCode(err);
    if (code === 'RATE_LIMITED') {
      const minutes = Math.ceil(Number(errorExtensions(err).retryAfterSeconds ?? 60) / 60);
      setError(t('signIn.rateLimited', { count: minutes }));
    } else if (code === 'NETWORK') setError(t('errors.network'));
    else setError(t('signIn.failed'));
  };

  return (
    <section className="narrow">
      <Heading level={1} data-size="lg">
        {t('signIn.title')}
      </Heading>
      <Paragraph>{t('signIn.intro')}</Paragraph>
      <form onSubmit={submit} className="stack" noValidate>
        {error && (
          <Alert data-color="danger" role="alert">
            <Paragraph>{error}</Paragraph>
          </Alert>
        )}
        <Textfield
          label={t('signIn.email')}
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <Textfield
          label={t('signIn.password')}
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <div>
          <Button type="submit" loading={busy}>
            {t('signIn.submit')}
          </Button>
        </div>
      </form>
      <Paragraph>
        {t('signIn.noAccount')} <RouterLink to="/register">{t('signIn.registerLink')}</RouterLink>
      </Paragraph>
    </section>
  );
}
