import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Provider as UrqlProvider, type CombinedError } from 'urql';
import { createApi, type Api } from './api';
import { graphql, type ResultOf, type VariablesOf } from './graphql';
import { applyLocale, isLocale, type Locale } from './i18n';

const VIEWER_FIELDS = `id displayName email locale isAdmin organisation { id name kind country }`;

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

interface Session {
  /** undefined while the first viewer query runs. */
  viewer: Viewer | null | undefined;
  api: Api;
  signIn(email: string, password: string): Promise<CombinedError | undefined>;
  register(input: VariablesOf<typeof RegisterMutation>['input']): Promise<CombinedError | undefined>;
  signOut(): Promise<void>;
  setLocale(locale: Locale): Promise<void>;
}

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
