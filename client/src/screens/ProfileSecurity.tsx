import { Alert, Button, Paragraph, Tag } from '@digdir/designsystemet-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useNavigate, useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { RequestPasswordReset, useAccountErrorText } from '../components/AccountLinks';
import { Form, PasswordField } from '../components/Form';
import { ErrorAlert, LiveStatus, Loading, ProblemAlert, QueryState } from '../components/Feedback';
import { Section } from '../components/Section';
import { describeUserAgent } from '../lib/devices';
import { errorCode, fieldProblems } from '../lib/errors';
import { useForm } from '../lib/form';
import { useFormat } from '../lib/format';
import { graphql, type ResultOf } from '../lib/graphql';
import { useSession } from '../lib/session';
import { providerLink, SignInProvidersQuery, useSsoErrorText } from './SignIn';

const ChangePasswordMutation = graphql(`
  mutation ChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input)
  }
`);

const SessionsQuery = graphql(`
  query ViewerSessions {
    viewerSessions {
      id
      createdAt
      expiresAt
      ip
      userAgent
      method
      current
    }
  }
`);

const RevokeSession = graphql(`
  mutation RevokeSession($id: ID!) {
    revokeSession(id: $id)
  }
`);

const SignOutOthers = graphql(`
  mutation SignOutOtherSessions {
    signOutOtherSessions
  }
`);

const IdentitiesQuery = graphql(`
  query ViewerIdentities {
    viewerIdentities {
      provider
      email
      createdAt
      lastSignInAt
    }
  }
`);

const UnlinkIdentity = graphql(`
  mutation UnlinkIdentity($provider: ID!) {
    unlinkIdentity(provider: $provider)
  }
`);

type Provider = ResultOf<typeof SignInProvidersQuery>['signInProviders'][number];

const MIN_PASSWORD = 12;

/** Changing the password signs out every other session (the server does), so the list is refreshed. */
export function ChangePasswordForm({ onChanged }: { onChanged: () => void }) {
  const { t } = useTranslation();
  const errorText = useAccountErrorText();
  const form = useForm({ current: '', next: '' });
  const [status, setStatus] = useState('');
  const [result, change] = useMutation(ChangePasswordMutation);

  const submit = async () => {
    setStatus('');
    const { current, next } = form.values;
    const found = {
      current: !current && t('common.required'),
      next: next.length < MIN_PASSWORD && t('register.passwordTooShort'),
    };
    if (!form.check(found)) return;
    const r = await change({ input: { currentPassword: current, newPassword: next } });
    if (!r.error) {
      form.reset();
      setStatus(t('profile.password.changed'));
      onChanged();
      return;
    }
    const problems = fieldProblems(r.error);
    if (problems.some((p) => p.field === 'currentPassword'))
      form.setErrors({ current: t('profile.password.wrongCurrent') });
    else if (problems.some((p) => p.field === 'newPassword')) form.setErrors({ next: t('register.passwordTooShort') });
    else form.setErrors({ form: errorText(r.error) });
  };

  return (
    <Section headingId="password-heading" title={t('profile.password.title')} size="sm" className="stack-sm">
      <Form
        onSubmit={submit}
        problem={form.errors.form}
        status={status}
        submitLabel={t('profile.password.submit')}
        busy={result.fetching}
      >
        <PasswordField label={t('profile.password.current')} {...form.field('current')} />
        <PasswordField
          label={t('profile.password.new')}
          description={t('profile.password.newHelp')}
          isNew
          {...form.field('next')}
        />
      </Form>
      <Paragraph data-size="sm" className="muted">
        {t('profile.password.forgotCurrent')}{' '}
        <RouterLink to="/forgot-password">{t('profile.password.forgotCurrentLink')}</RouterLink>
      </Paragraph>
    </Section>
  );
}

/**
 * For an account without a password (made by single sign-on): there is no current password to
 * change, so a password is chosen with the link the reset flow mails to the viewer's address.
 */
export function ChoosePasswordSection({ email }: { email: string }) {
  const { t } = useTranslation();
  const errorText = useAccountErrorText();
  const [result, request] = useMutation(RequestPasswordReset);
  const [status, setStatus] = useState('');
  return (
    <Section headingId="password-heading" title={t('profile.password.title')} size="sm" className="stack-sm">
      <Paragraph data-size="sm">{t('profile.choosePassword.text', { email })}</Paragraph>
      <ProblemAlert text={errorText(result.error)} />
      <LiveStatus>{status}</LiveStatus>
      <div>
        <Button
          variant="secondary"
          loading={result.fetching}
          onClick={async () => {
            setStatus('');
            const r = await request({ email });
            if (!r.error) setStatus(t('profile.choosePassword.sent', { email }));
          }}
        >
          {t('profile.choosePassword.submit')}
        </Button>
      </div>
    </Section>
  );
}

/** Where the viewer is signed in, this browser marked; any other can be signed out from here. */
export function SessionList({ providers }: { providers: readonly Provider[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const { signOut } = useSession();
  const [{ data, fetching, error }, refetch] = useQuery({ query: SessionsQuery, requestPolicy: 'network-only' });
  const [revoked, revoke] = useMutation(RevokeSession);
  const [othersResult, signOutOthers] = useMutation(SignOutOthers);
  const [status, setStatus] = useState('');
  const sessions = data?.viewerSessions ?? [];
  const others = sessions.filter((s) => !s.current).length;
  const refresh = () => refetch({ requestPolicy: 'network-only' });

  const deviceOf = (ua: string | null) => {
    const { browser, os } = describeUserAgent(ua);
    if (browser && os) return t('profile.sessions.device', { browser, os });
    return browser ?? os ?? t('profile.sessions.unknownDevice');
  };
  const methodOf = (method: string) => {
    if (!method.startsWith('oidc:')) return t('profile.sessions.withPassword');
    const id = method.slice('oidc:'.length);
    return t('profile.sessions.withProvider', { provider: providers.find((p) => p.id === id)?.name ?? id });
  };

  return (
    <Section headingId="sessions-heading" title={t('profile.sessions.title')} size="sm" className="stack-sm">
      <Paragraph data-size="sm">{t('profile.sessions.intro')}</Paragraph>
      <ErrorAlert error={error ?? revoked.error ?? othersResult.error} />
      {!data && fetching && <Loading />}
      <ul className="plain-list stack-sm">
        {sessions.map((s) => {
          const device = deviceOf(s.userAgent);
          const since = f.dateTime(s.createdAt);
          return (
            <li key={s.id} className="panel session-item">
              <div className="stack-sm">
                <div className="row">
                  <strong>{device}</strong>
                  {s.current && (
                    <Tag data-color="success" data-size="sm">
                      {t('profile.sessions.current')}
                    </Tag>
                  )}
                </div>
                <span className="small muted">
                  {t('profile.sessions.signedIn', { date: since, method: methodOf(s.method) })}
                  {s.ip ? ` · ${t('profile.sessions.from', { ip: s.ip })}` : ''}
                </span>
              </div>
              <Button
                data-size="sm"
                variant="secondary"
                aria-label={t('profile.sessions.signOutLabel', { device, date: since })}
                onClick={async () => {
                  if (s.current) {
                    await signOut();
                    navigate('/sign-in');
                    return;
                  }
                  const r = await revoke({ id: s.id });
                  if (!r.error) setStatus(t('profile.sessions.signedOut', { device }));
                  refresh();
                }}
              >
                {t('profile.sessions.signOut')}
              </Button>
            </li>
          );
        })}
      </ul>
      {others > 0 && (
        <div>
          <Button
            variant="secondary"
            loading={othersResult.fetching}
            onClick={async () => {
              const r = await signOutOthers({});
              if (r.data) setStatus(t('profile.sessions.signedOutOthers', { count: r.data.signOutOtherSessions }));
              refresh();
            }}
          >
            {t('profile.sessions.signOutOthers')}
          </Button>
        </div>
      )}
      <LiveStatus>{status}</LiveStatus>
    </Section>
  );
}

/**
 * Single sign-on identities: linked ones can be unlinked; the configured providers not linked yet
 * can be linked (the browser goes to the provider and comes back to /profile?sso_linked=<id>, or
 * ?sso_error=<reason> with the reason the sign-in page also explains).
 */
export function LinkedIdentities({
  providers,
  hasPassword,
}: {
  providers: readonly Provider[];
  /** false: single sign-on is the only way in, so the last identity cannot be unlinked. */
  hasPassword?: boolean;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  // Read once: the query is cleared below, so a reload does not repeat the message.
  const [notice] = useState(() => ({
    linked: params.get('sso_linked'),
    error: params.get('sso_error'),
    provider: params.get('provider'),
  }));
  useEffect(() => {
    if (params.has('sso_linked') || params.has('sso_error')) setParams({}, { replace: true });
  }, [params, setParams]);
  const [{ data, fetching, error }, refetch] = useQuery({ query: IdentitiesQuery, requestPolicy: 'network-only' });
  const refresh = () => refetch({ requestPolicy: 'network-only' });
  const [unlinked, unlink] = useMutation(UnlinkIdentity);
  const [status, setStatus] = useState('');
  const ssoErrorText = useSsoErrorText(providers);
  const identities = data?.viewerIdentities ?? [];
  const nameOf = (id: string) => providers.find((p) => p.id === id)?.name ?? id;
  const unlinkable = providers.filter((p) => !identities.some((i) => i.provider === p.id));
  // The server refuses to unlink the only way to sign in; the button says so before it is pressed.
  const onlyWay = hasPassword === false && identities.length === 1;

  if (providers.length === 0 && identities.length === 0 && !notice.error) return null;

  const noticeProvider = nameOf(notice.linked ?? notice.provider ?? '') || t('sso.theProvider');
  return (
    <Section headingId="identities-heading" title={t('profile.identities.title')} size="sm" className="stack-sm">
      <Paragraph data-size="sm">{t('profile.identities.intro')}</Paragraph>
      {notice.linked && (
        <Alert data-color="success" role="status">
          <Paragraph>{t('profile.identities.linkedNow', { provider: noticeProvider })}</Paragraph>
        </Alert>
      )}
      {notice.error && (
        <Alert data-color="danger" role="alert">
          <Paragraph>{ssoErrorText(notice.error, notice.provider)}</Paragraph>
        </Alert>
      )}
      {errorCode(unlinked.error) === 'INVALID_STATE' ? (
        <Alert data-color="warning" role="alert">
          <Paragraph>{t('profile.identities.onlyWay')}</Paragraph>
        </Alert>
      ) : (
        <ErrorAlert error={error ?? unlinked.error} />
      )}
      <QueryState
        error={undefined}
        loading={!data && fetching}
        empty={data && identities.length === 0 && t('profile.identities.none')}
        size="sm"
      />
      <ul className="plain-list stack-sm">
        {identities.map((i) => (
          <li key={i.provider} className="panel session-item">
            <div className="stack-sm">
              <strong>{nameOf(i.provider)}</strong>
              <span className="small muted">
                {i.email ? `${i.email} · ` : ''}
                {t('profile.identities.linkedOn', { date: f.date(i.createdAt) })} ·{' '}
                {i.lastSignInAt
                  ? t('profile.identities.lastUsed', { date: f.dateTime(i.lastSignInAt) })
                  : t('profile.identities.neverUsed')}
              </span>
              {onlyWay && (
                <span className="small" id={`only-way-${i.provider}`}>
                  {t('profile.identities.onlyWayHint')}
                </span>
              )}
            </div>
            <Button
              data-size="sm"
              variant="secondary"
              disabled={onlyWay}
              aria-describedby={onlyWay ? `only-way-${i.provider}` : undefined}
              onClick={async () => {
                const r = await unlink({ provider: i.provider });
                if (!r.error) setStatus(t('profile.identities.unlinked', { provider: nameOf(i.provider) }));
                refresh();
              }}
            >
              {t('profile.identities.unlink', { provider: nameOf(i.provider) })}
            </Button>
          </li>
        ))}
      </ul>
      {unlinkable.length > 0 && (
        <ul className="plain-list row">
          {unlinkable.map((p) => (
            <li key={p.id}>
              <Button asChild variant="secondary" data-size="sm">
                <a href={providerLink(p.startUrl, { link: '1' })}>
                  {t('profile.identities.link', { provider: p.name })}
                </a>
              </Button>
            </li>
          ))}
        </ul>
      )}
      <LiveStatus>{status}</LiveStatus>
    </Section>
  );
}
