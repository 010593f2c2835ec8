import { Paragraph } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { RequestLinkForm } from '../components/AccountLinks';
import { Page } from '../components/Section';

/** /forgot-password: a link to choose a new password, mailed only if the address has an account. */
export function ForgotPassword() {
  const { t } = useTranslation();
  return (
    <Page title={t('forgotPassword.title')} className="narrow stack">
      <Paragraph>{t('forgotPassword.intro')}</Paragraph>
      <RequestLinkForm kind="reset" submitLabel={t('forgotPassword.submit')} />
      <Paragraph>
        <RouterLink to="/sign-in">{t('forgotPassword.back')}</RouterLink>
      </Paragraph>
    </Page>
  );
}
