import { Heading, Paragraph } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { fieldProblems, type FieldProblem } from '../lib/errors';
import type { LinkOutcome, UserStatus, Viewer } from '../lib/session';
import { usePageTitle } from '../lib/title';
import { AccountStatePage, TokenProblem, tokenProblem, useAccountErrorText, type TokenRule } from './AccountLinks';
import { Form, PasswordField } from './Form';

/**
 * A mail's link that asks for a password (/verify-email, /reset-password): the form, the link's
 * problems and the account's state afterwards are the same for both, so they are written once here.
 */
export function LinkPasswordPage({
  kind,
  title,
  intro,
  label,
  description,
  autoComplete,
  submitLabel,
  check,
  send,
  passwordError,
  onActive,
}: {
  kind: 'verify' | 'reset';
  title: string;
  intro: string;
  label: string;
  description?: string;
  autoComplete: 'new-password' | 'current-password';
  submitLabel: string;
  /** Checked before sending: the field's error, if any. */
  check: (password: string) => string | undefined;
  send: (token: string, password: string) => Promise<LinkOutcome>;
  /** The server's refusal of the password, in words. */
  passwordError: (problem: FieldProblem) => string;
  /** Signed in (the account is ACTIVE): where to go is the screen's to say. */
  onActive: (user: Viewer | null) => void;
}) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token')?.trim() ?? '';
  const errorText = useAccountErrorText();
  const [password, setPassword] = useState('');
  const [fieldError, setFieldError] = useState<string>();
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
          : title,
  );

  const submit = async () => {
    setFormError('');
    const local = check(password);
    if (local) {
      setFieldError(local);
      return;
    }
    setFieldError(undefined);
    setBusy(true);
    const r = await send(token, password);
    setBusy(false);
    if (!r.error) {
      if (r.status === 'ACTIVE') onActive(r.user);
      else setOutcome({ status: r.status, email: r.email, organisationName: r.organisationName });
      return;
    }
    const rule = tokenProblem(r.error);
    const refused = fieldProblems(r.error).find((p) => p.field === 'password');
    if (rule) setProblem(rule);
    else if (refused) setFieldError(passwordError(refused));
    else setFormError(errorText(r.error));
  };

  if (problem) return <TokenProblem rule={problem} kind={kind} />;
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
      <Paragraph>{intro}</Paragraph>
      <Form onSubmit={submit} problem={formError} submitLabel={submitLabel} busy={busy}>
        <PasswordField
          label={label}
          description={description}
          isNew={autoComplete === 'new-password'}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={fieldError}
        />
      </Form>
    </section>
  );
}
