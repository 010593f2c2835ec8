import { Heading, Paragraph } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { RequestLinkForm } from '../components/AccountLinks';
import { usePageTitle } from '../lib/title';

/** /forgot-password: a link to choose a new password, mailed only if the address has an account. */
export function ForgotPassword() {
  const { t } = useTranslation();
  usePageTitle(t('forgotPassword.title'));
  return (
    <section className="narrow stack">
      <Heading level={1} data-size="lg">
        {t('forgotPassword.title')}
      </Heading>
      <Paragraph>{t('forgotPassword.intro')}</Paragraph>
      <RequestLinkForm kind="reset" submitLabel={t('forgotPassword.submit')} />
      <Paragraph>
        <RouterLink to="/sign-in">{t('forgotPassword.back')}</RouterLink>
      </Paragraph>
    </section>
  );
}
