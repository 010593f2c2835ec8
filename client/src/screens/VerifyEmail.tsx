import { Alert, Button, Heading, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import {
  AccountStatePage,
  TokenProblem,
  tokenProblem,
  useAccountErrorText,
  type TokenRule,
} from '../components/AccountLinks';
import { fieldProblems } from '../lib/errors';
import { useSession, type UserStatus } from '../lib/session';
import { usePageTitle } from '../lib/title';

/**
 * /verify-email?token=…, from the mail sent at registration. The password chosen then proves that
 * whoever registered is whoever reads the mailbox; the link alone is not enough.
 */
export function VerifyEmail() {
  const { t } = useTranslation();
  const { verifyEmail } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const token = params.get('token')?.trim() ?? '';
  const errorText = useAccountErrorText();
  const [password, setPassword] = useState('');
  const [passwordError, setPasswordError] = useState<string>();
  const [formError, setFormError] = useState('');
  const [busy, setBusy] = useState(false);
  // Without a token there is nothing to confirm: the link was cut short.
  const [problem, setProblem] = useState<TokenRule | undefined>(token ? undefined : 'invalid');
  const [outcome, setOutcome] = useState<{ status: UserStatus; email: string; organisationName: string } | null>(null);
  usePageTitle(
    problem
      ? t(`link.${problem}.title`)
      : outcome?.status === 'SUSPENDED'
        ? t('accountState.suspended.title')
        : outcome
          ? t('accountState.approval.title')
          : t('verifyEmail.title'),
  );

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFormError('');
    if (!password) {
      setPasswordError(t('common.required'));
      return;
    }
    setPasswordError(undefined);
    setBusy(true);
    const r = await verifyEmail(token, password);
    setBusy(false);
    if (!r.error) {
      // ACTIVE: signed in already (the session renewed the clients); otherwise say what comes next.
      if (r.status === 'ACTIVE') navigate('/', { replace: true });
      else setOutcome({ status: r.status, email: r.email, organisationName: r.organisationName });
      return;
    }
    const rule = tokenProblem(r.error);
    if (rule) setProblem(rule);
    else if (fieldProblems(r.error).some((p) => p.field === 'password')) {
      setPasswordError(t('verifyEmail.wrongPassword'));
    } else setFormError(errorText(r.error));
  };

  if (problem) return <TokenProblem rule={problem} kind="verify" />;
  if (outcome) {
    return (
      <AccountStatePage status={outcome.status} email={outcome.email} organisationName={outcome.organisationName} />
    );
  }

  return (
    <section className="narrow stack">
      <Heading level={1} data-size="lg">
        {t('verifyEmail.title')}
      </Heading>
      <Paragraph>{t('verifyEmail.intro')}</Paragraph>
      <form onSubmit={submit} className="stack" noValidate>
        {formError && (
          <Alert data-color="danger" role="alert">
            <Paragraph>{formError}</Paragraph>
          </Alert>
        )}
        <Textfield
          label={t('verifyEmail.password')}
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={passwordError}
          required
        />
        <div>
          <Button type="submit" loading={busy}>
            {t('verifyEmail.submit')}
          </Button>
        </div>
      </form>
    </section>
  );
}
