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
import { isGuestOrganisation } from '../components/Guest';
import { fieldProblems } from '../lib/errors';
import { useSession, type UserStatus } from '../lib/session';
import { usePageTitle } from '../lib/title';

/** The server's minimum, checked here first so the person learns it before sending. */
const MIN_PASSWORD = 12;

/**
 * /reset-password?token=…: a new password from a reset mail, or (`&first=1`) the first password
 * of an administrator the operators named, which also confirms the address.
 */
export function ResetPassword() {
  const { t } = useTranslation();
  const { resetPassword } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const token = params.get('token')?.trim() ?? '';
  const first = params.get('first') === '1';
  const errorText = useAccountErrorText();
  const [password, setPassword] = useState('');
  const [passwordError, setPasswordError] = useState<string>();
  const [formError, setFormError] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<TokenRule | undefined>(token ? undefined : 'invalid');
  const [outcome, setOutcome] = useState<{ status: UserStatus; email: string; organisationName: string } | null>(null);
  const title = first ? t('resetPassword.firstTitle') : t('resetPassword.title');
  usePageTitle(
    problem
      ? t(`link.${problem}.title`)
      : outcome?.status === 'SUSPENDED'
        ? t('accountState.suspended.title')
        : outcome
          ? t('accountState.approval.title')
          : title,
  );

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFormError('');
    if (password.length < MIN_PASSWORD) {
      setPasswordError(t('register.passwordTooShort'));
      return;
    }
    setPasswordError(undefined);
    setBusy(true);
    const r = await resetPassword(token, password);
    setBusy(false);
    if (!r.error) {
      // A first administrator starts where the organisation is set up; a new guest in the group
      // they were invited to (the home page takes them there); anyone else at home.
      if (r.status === 'ACTIVE') {
        if (first && r.user?.role === 'ADMIN') navigate('/admin/organisation', { replace: true });
        else if (isGuestOrganisation(r.user?.organisation))
          navigate('/', { replace: true, state: { guestWelcome: true } });
        else navigate('/', { replace: true });
      } else setOutcome({ status: r.status, email: r.email, organisationName: r.organisationName });
      return;
    }
    const rule = tokenProblem(r.error);
    const passwordProblem = fieldProblems(r.error).find((p) => p.field === 'password');
    if (rule) setProblem(rule);
    else if (passwordProblem) {
      setPasswordError(passwordProblem.rule === 'minLength' ? t('register.passwordTooShort') : passwordProblem.message);
    } else setFormError(errorText(r.error));
  };

  if (problem) return <TokenProblem rule={problem} kind="reset" />;
  if (outcome) {
    return (
      <AccountStatePage status={outcome.status} email={outcome.email} organisationName={outcome.organisationName} />
    );
  }

  return (
    <section className="narrow stack">
      <Heading level={1} data-size="lg">
        {title}
      </Heading>
      <Paragraph>{first ? t('resetPassword.firstIntro') : t('resetPassword.intro')}</Paragraph>
      <form onSubmit={submit} className="stack" noValidate>
        {formError && (
          <Alert data-color="danger" role="alert">
            <Paragraph>{formError}</Paragraph>
          </Alert>
        )}
        <Textfield
          label={t('resetPassword.password')}
          description={t('register.passwordHelp')}
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={passwordError}
          required
        />
        <div>
          <Button type="submit" loading={busy}>
            {t('resetPassword.submit')}
          </Button>
        </div>
      </form>
    </section>
  );
}
