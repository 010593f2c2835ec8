import { Alert, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useMutation } from 'urql';
import { Form } from '../components/Form';
import { Section } from '../components/Section';
import { graphql } from '../lib/graphql';
import { useSession } from '../lib/session';

const DeleteAccount = graphql(`
  mutation DeleteAccount($input: DeleteAccountInput!) {
    deleteAccount(input: $input)
  }
`);

/**
 * The person's own data: a download of everything about them, and deleting the account. Deleting
 * asks for the address (and the password, where there is one) so a session left open on a shared
 * machine cannot do it; the page says what stays (records, under role and organisation) and what goes.
 */
export function PrivacySection({ email, hasPassword }: { email: string; hasPassword: boolean | undefined }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { signOut } = useSession();
  const [result, remove] = useMutation(DeleteAccount);
  const [confirmEmail, setConfirmEmail] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | undefined>();

  const submit = async () => {
    setProblem(undefined);
    if (confirmEmail.trim().toLowerCase() !== email.toLowerCase()) {
      setProblem(t('profile.privacy.emailMismatch'));
      return;
    }
    const r = await remove({ input: { confirmEmail: confirmEmail.trim(), password: hasPassword ? password : null } });
    if (r.data?.deleteAccount) {
      // The server ended every session already; this forgets the local one.
      await signOut().catch(() => undefined);
      navigate('/sign-in?account_deleted=1', { replace: true });
    }
  };

  return (
    <Section headingId="privacy-heading" title={t('profile.privacy.title')} size="sm" className="stack-sm">
      <Paragraph data-size="sm">{t('profile.privacy.downloadIntro')}</Paragraph>
      <div>
        <a href="/me/data.zip" download>
          {t('profile.privacy.download')}
        </a>
      </div>
      <Section
        headingId="delete-account-heading"
        title={t('profile.privacy.deleteTitle')}
        size="xs"
        className="stack-sm"
      >
        <Alert data-color="warning">
          <Paragraph data-size="sm">{t('profile.privacy.deleteIntro')}</Paragraph>
        </Alert>
        <Form
          onSubmit={submit}
          result={result}
          problem={problem}
          danger
          submitLabel={t('profile.privacy.deleteSubmit')}
        >
          <Textfield
            label={t('profile.privacy.confirmEmail', { email })}
            autoComplete="off"
            value={confirmEmail}
            onChange={(e) => setConfirmEmail(e.target.value)}
          />
          {hasPassword && (
            <Textfield
              label={t('profile.password.current')}
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Form>
      </Section>
    </Section>
  );
}
