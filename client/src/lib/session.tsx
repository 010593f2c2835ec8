import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { CombinedError, Provider as UrqlProvider } from 'urql';
import { createApi, type Api } from './api';
import { graphql, type ResultOf, type VariablesOf } from './graphql';
import { applyLocale, isLocale, type Locale } from './i18n';

// role: organisation admins get the administration page.
const VIEWER_FIELDS = `id displayName email locale isAdmin role organisation { id name kind country }`;
/**
 * What a link from a mail led to; the session's user is the new viewer when the account is ACTIVE.
 * organisationName: whose administrators approve an account that waits for them.
 */
const OUTCOME_FIELDS = `status email organisationName session { user { ${VIEWER_FIELDS} } }`;

export const ViewerQuery = graphql(`query Viewer { viewer { ${VIEWER_FIELDS} } }`);
const SignInMutation = graphql(`
  mutation SignIn($input: SignInInput!) { signIn(input: $input) { user { ${VIEWER_FIELDS} } } }
`);
const RegisterMutation = graphql(`
  mutation Register($input: RegisterInput!) {
    register(input: $input) {
      message
    }
  }
`);
const VerifyEmailMutation = graphql(`
  mutation VerifyEmail($input: TokenPasswordInput!) { verifyEmail(input: $input) { ${OUTCOME_FIELDS} } }
`);
const ResetPasswordMutation = graphql(`
  mutation ResetPassword($input: NewPasswordInput!) { resetPassword(input: $input) { ${OUTCOME_FIELDS} } }
`);
const SignOutMutation = graphql(`
  mutation SignOut {
    signOut
  }
`);
const UpdateLocaleMutation = graphql(`
  mutation UpdateLocale($locale: Locale!) {
    updateProfile(input: { locale: $locale }) {
      id
      locale
    }
  }
`);

export type Viewer = NonNullable<ResultOf<typeof ViewerQuery>['viewer']>;
export type UserStatus = ResultOf<typeof VerifyEmailMutation>['verifyEmail']['status'];

/** A link from a mail: the account's state afterwards (signed in when ACTIVE), or why it failed. */
export type LinkOutcome =
  | { error: CombinedError; status?: undefined; email?: undefined }
  | {
      error?: undefined;
      status: UserStatus;
      email: string;
      organisationName: string;
      /** The signed-in user (the new viewer) when the account is ACTIVE. */
      user: Viewer | null;
    };

interface Session {
  /** undefined while the first viewer query runs. */
  viewer: Viewer | null | undefined;
  api: Api;
  signIn(email: string, password: string): Promise<CombinedError | undefined>;
  register(input: VariablesOf<typeof RegisterMutation>['input']): Promise<CombinedError | undefined>;
  /** Confirms the address with the mail's token and the password chosen when registering. */
  verifyEmail(token: string, password: string): Promise<LinkOutcome>;
  /** Sets a new (or a first admin's first) password with the mail's token. */
  resetPassword(token: string, password: string): Promise<LinkOutcome>;
  signOut(): Promise<void>;
  setLocale(locale: Locale): Promise<void>;
}

/** An answer without data or error (a proxy's empty reply) counts as a network failure. */
const noAnswer = () => new CombinedError({ networkError: new Error('No answer from the server') });

const SessionContext = createContext<Session | null>(null);

function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside <SessionProvider>');
  return session;
}

export const useViewer = () => useSession().viewer;
export const useApi = () => useSession().api;
export { useSession };

/**
 * The signed-in user and the clients that act for them. Signing in or out replaces the clients,
 * so no cached data or open socket of one session outlives it.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [viewer, setViewer] = useState<Viewer | null | undefined>(undefined);
  const [api, setApi] = useState<Api>(() => createApi(() => setViewer(null)));

  const renew = useCallback((next: Viewer | null) => {
    setApi((old) => {
      old.dispose();
      return createApi(() => setViewer(null));
    });
    setViewer(next);
    // The profile's language wins over the one chosen before signing in.
    if (next && isLocale(next.locale)) applyLocale(next.locale);
  }, []);

  useEffect(() => {
    let current = true;
    void api.urql
      .query(ViewerQuery, {}, { requestPolicy: 'network-only' })
      .toPromise()
      .then((r) => {
        if (!current) return;
        const v = r.data?.viewer ?? null;
        setViewer(v);
        if (v && isLocale(v.locale)) applyLocale(v.locale);
      });
    return () => {
      current = false;
    };
    // Only on start: later sessions come from renew().
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const session = useMemo<Session>(
    () => ({
      viewer,
      api,
      async signIn(email, password) {
        const r = await api.urql.mutation(SignInMutation, { input: { email, password } }).toPromise();
        if (r.error || !r.data) return r.error;
        renew(r.data.signIn.user);
        return undefined;
      },
      async register(input) {
        // A new account is pending until its address is confirmed: no session yet.
        const r = await api.urql.mutation(RegisterMutation, { input }).toPromise();
        return r.error ?? undefined;
      },
      async verifyEmail(token, password) {
        const r = await api.urql.mutation(VerifyEmailMutation, { input: { token, password } }).toPromise();
        if (r.error || !r.data) return { error: r.error ?? noAnswer() };
        const { status, email, organisationName, session } = r.data.verifyEmail;
        // The server set the session cookie with the answer: the clients start afresh as this user.
        if (session) renew(session.user);
        return { status, email, organisationName, user: session?.user ?? null };
      },
      async resetPassword(token, password) {
        const r = await api.urql.mutation(ResetPasswordMutation, { input: { token, password } }).toPromise();
        if (r.error || !r.data) return { error: r.error ?? noAnswer() };
        const { status, email, organisationName, session } = r.data.resetPassword;
        // Every earlier session of the account ended; this browser's, if any, is replaced.
        if (session) renew(session.user);
        else if (viewer && viewer.email === email) renew(null);
        return { status, email, organisationName, user: session?.user ?? null };
      },
      async signOut() {
        await api.urql.mutation(SignOutMutation, {}).toPromise();
        renew(null);
      },
      async setLocale(locale) {
        applyLocale(locale);
        if (viewer) {
          const r = await api.urql.mutation(UpdateLocaleMutation, { locale }).toPromise();
          if (r.data) setViewer({ ...viewer, locale: r.data.updateProfile.locale });
        }
      },
    }),
    [viewer, api, renew],
  );

  return (
    <SessionContext.Provider value={session}>
      <UrqlProvider value={api.urql}>{children}</UrqlProvider>
    </SessionContext.Provider>
  );
}
