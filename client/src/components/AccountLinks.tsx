import { Alert, Heading, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { useMutation, type CombinedError } from 'urql';
import { fieldProblems, retryAfterSeconds } from '../lib/errors';
import { useErrorText } from '../lib/error-text';
import { useFormat } from '../lib/format';
import { graphql } from '../lib/graphql';
import { useViewer, type UserStatus } from '../lib/session';
import { Form } from './Form';

/** Also the sign-in page's "send a new link" for an address that is not confirmed yet. */
export const ResendVerification = graphql(`
  mutation ResendVerificationEmail($email: String!) {
    resendVerificationEmail(input: { email: $email }) {
      message
    }
  }
`);
/** Also the profile's "choose a password" for an account that signs in by single sign-on only. */
export const RequestPasswordReset = graphql(`
  mutation RequestPasswordReset($email: String!) {
    requestPasswordReset(input: { email: $email }) {
      message
    }
  }
`);

/**
 * An error of the account screens in the interface language: when to try again after too many
 * attempts, else the words lib/error-text.ts finds (rule violations the screen did not place).
 */
export function useAccountErrorText(): (error: CombinedError | undefined) => string {
  const { t } = useTranslation();
  const f = useFormat();
  const { text } = useErrorText();
  return useCallback(
    (error) => {
      if (!error) return '';
      const seconds = retryAfterSeconds(error);
      if (seconds !== undefined) {
        const at = new Date(Date.now() + seconds * 1000).toISOString();
        return t('errors.rateLimited', { count: Math.ceil(seconds / 60), time: f.time(at) });
      }
      return text(error);
    },
    [t, f, text],
  );
}

/**
 * The first heading of a screen that replaced another without navigation (form → "check your
 * e-mail"): focus moves to it, so a screen reader reads the new state and keyboard users start there.
 */
export function StateHeading({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <Heading level={1} data-size="lg" ref={ref} tabIndex={-1}>
      {children}
    </Heading>
  );
}

/**
 * Asks for a new link by e-mail: a verification link, or a password link. The answer is the same
 * whether or not the address has an account, so the page never says which addresses exist.
 */
export function RequestLinkForm({
  kind,
  initialEmail = '',
  submitLabel,
}: {
  kind: 'verify' | 'reset';
  initialEmail?: string;
  submitLabel?: string;
}) {
  const { t } = useTranslation();
  const errorText = useAccountErrorText();
  const [email, setEmail] = useState(initialEmail);
  const [fieldError, setFieldError] = useState<string>();
  const [formError, setFormError] = useState('');
  const [sent, setSent] = useState('');
  const [resend, resendVerification] = useMutation(ResendVerification);
  const [reset, requestReset] = useMutation(RequestPasswordReset);

  const submit = async () => {
    setSent('');
    setFormError('');
    if (!email.trim()) {
      setFieldError(t('common.required'));
      return;
    }
    setFieldError(undefined);
    const r =
      kind === 'verify'
        ? await resendVerification({ email: email.trim() })
        : await requestReset({ email: email.trim() });
    if (!r.error) {
      setSent(t(kind === 'verify' ? 'link.verifySent' : 'link.resetSent', { email: email.trim() }));
      return;
    }
    if (fieldProblems(r.error).some((p) => p.field === 'email')) setFieldError(t('link.invalidEmail'));
    else setFormError(errorText(r.error));
  };

  return (
    <Form
      onSubmit={submit}
      variant="secondary"
      problem={formError}
      status={sent}
      statusAlert
      submitLabel={submitLabel ?? t('link.send')}
      busy={resend.fetching || reset.fetching}
    >
      <Textfield
        label={t('link.email')}
        type="email"
        autoComplete="email"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        error={fieldError}
        required
      />
    </Form>
  );
}

/** Onwards from a link's page: to sign-in, or home for someone signed in already. */
function Onwards({ before }: { before?: string }) {
  const { t } = useTranslation();
  const viewer = useViewer();
  return (
    <Paragraph>
      {before && `${before} `}
      {viewer ? (
        <RouterLink to="/">{t('notFound.home')}</RouterLink>
      ) : (
        <RouterLink to="/sign-in">{t('link.signIn')}</RouterLink>
      )}
    </Paragraph>
  );
}

export type TokenRule = 'invalid' | 'used' | 'expired';

/** The token problem of a link's answer (BAD_USER_INPUT on `token`), if that is what failed. */
export function tokenProblem(error: CombinedError | undefined): TokenRule | undefined {
  const problem = fieldProblems(error).find((p) => p.field === 'token');
  if (!problem) return undefined;
  return problem.rule === 'used' || problem.rule === 'expired' ? problem.rule : 'invalid';
}

/** A link that cannot be used: why, in plain words, and a form for a new one. */
export function TokenProblem({ rule, kind }: { rule: TokenRule; kind: 'verify' | 'reset' }) {
  const { t } = useTranslation();
  return (
    <section className="narrow stack">
      <StateHeading>{t(`link.${rule}.title`)}</StateHeading>
      <Alert data-color={rule === 'invalid' ? 'danger' : 'warning'} role="alert">
        <Paragraph>{t(`link.${rule}.text`)}</Paragraph>
      </Alert>
      {rule === 'used' && <Onwards before={t('link.usedSignIn')} />}
      <Heading level={2} data-size="sm">
        {t(kind === 'verify' ? 'link.newVerifyTitle' : 'link.newResetTitle')}
      </Heading>
      <Paragraph>{t(kind === 'verify' ? 'link.newVerifyHelp' : 'link.newResetHelp')}</Paragraph>
      <RequestLinkForm kind={kind} />
    </section>
  );
}

/**
 * Where a link left an account that is not signed in: waiting for an administrator of its
 * organisation (named, so the person knows whom to ask), or suspended.
 */
export function AccountStatePage({
  status,
  email,
  organisationName,
}: {
  status: UserStatus;
  email: string;
  organisationName: string;
}) {
  const { t } = useTranslation();
  const key = status === 'SUSPENDED' ? 'suspended' : status === 'PENDING_VERIFICATION' ? 'unconfirmed' : 'approval';
  return (
    <section className="narrow stack">
      <StateHeading>{t(`accountState.${key}.title`)}</StateHeading>
      <Alert data-color={key === 'suspended' ? 'warning' : 'info'}>
        <Paragraph>{t(`accountState.${key}.text`, { email, organisation: organisationName })}</Paragraph>
      </Alert>
      {key === 'approval' && <Paragraph>{t('accountState.approval.next')}</Paragraph>}
      <Onwards />
    </section>
  );
}
