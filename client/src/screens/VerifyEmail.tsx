import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { LinkPasswordPage } from '../components/LinkPasswordPage';
import { useSession } from '../lib/session';

/**
 * /verify-email?token=…, from the mail sent at registration. The password chosen then proves that
 * whoever registered is whoever reads the mailbox; the link alone is not enough.
 */
export function VerifyEmail() {
  const { t } = useTranslation();
  const { verifyEmail } = useSession();
  const navigate = useNavigate();
  return (
    <LinkPasswordPage
      kind="verify"
      title={t('verifyEmail.title')}
      intro={t('verifyEmail.intro')}
      label={t('verifyEmail.password')}
      autoComplete="current-password"
      submitLabel={t('verifyEmail.submit')}
      check={(password) => (password ? undefined : t('common.required'))}
      send={verifyEmail}
      passwordError={() => t('verifyEmail.wrongPassword')}
      // Signed in already (the session renewed the clients); otherwise the page says what comes next.
      onActive={() => navigate('/', { replace: true })}
    />
  );
}
