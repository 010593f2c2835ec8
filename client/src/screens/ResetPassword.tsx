import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { isGuestOrganisation } from '../components/Guest';
import { LinkPasswordPage } from '../components/LinkPasswordPage';
import { useErrorText } from '../lib/error-text';
import { useSession } from '../lib/session';

/** The server's minimum, checked here first so the person learns it before sending. */
const MIN_PASSWORD = 12;

/**
 * /reset-password?token=…: a new password from a reset mail, or (`&first=1`) the first password
 * of an administrator the operators named, which also confirms the address.
 */
export function ResetPassword() {
  const { t } = useTranslation();
  const { problem } = useErrorText();
  const { resetPassword } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const first = params.get('first') === '1';
  return (
    <LinkPasswordPage
      kind="reset"
      title={first ? t('resetPassword.firstTitle') : t('resetPassword.title')}
      intro={first ? t('resetPassword.firstIntro') : t('resetPassword.intro')}
      label={t('resetPassword.password')}
      description={t('register.passwordHelp')}
      autoComplete="new-password"
      submitLabel={t('resetPassword.submit')}
      check={(password) => (password.length < MIN_PASSWORD ? t('register.passwordTooShort') : undefined)}
      send={resetPassword}
      passwordError={(p) => (p.rule === 'minLength' ? t('register.passwordTooShort') : problem(p))}
      // A first administrator starts where the organisation is set up; a new guest in the group
      // they were invited to (the home page takes them there); anyone else at home.
      onActive={(user) => {
        if (first && user?.role === 'ADMIN') navigate('/admin/organisation', { replace: true });
        else if (isGuestOrganisation(user?.organisation))
          navigate('/', { replace: true, state: { guestWelcome: true } });
        else navigate('/', { replace: true });
      }}
    />
  );
}
