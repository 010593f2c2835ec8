import { Paragraph } from '@digdir/designsystemet-react';
import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation, Link as RouterLink } from 'react-router';
import { Loading } from './components/Feedback';
import { Layout } from './components/Layout';
import { Page } from './components/Section';
import { SessionProvider, useSession } from './lib/session';
import { Home } from './screens/Home';
import { ForgotPassword } from './screens/ForgotPassword';
import { Register } from './screens/Register';
import { ResetPassword } from './screens/ResetPassword';
import { SignIn } from './screens/SignIn';
import { VerifyEmail } from './screens/VerifyEmail';

/** A screen loaded when first opened (with the markdown renderer), by its module and export name. */
function later<M extends Record<string, unknown>>(load: () => Promise<M>, name: keyof M & string) {
  return lazy(() => load().then((m) => ({ default: m[name] as ComponentType })));
}

// The first screens come with the app; the rest load when opened.
const Discussions = later(() => import('./screens/Discussions'), 'Discussions');
const Documents = later(() => import('./screens/Documents'), 'Documents');
const DocumentView = later(() => import('./screens/DocumentView'), 'DocumentView');
const GroupMembers = later(() => import('./screens/GroupMembers'), 'GroupMembers');
const GroupNeeds = later(() => import('./screens/GroupNeeds'), 'GroupNeeds');
const Groups = later(() => import('./screens/Groups'), 'Groups');
const GroupShell = later(() => import('./screens/GroupShell'), 'GroupShell');
const GroupSettings = later(() => import('./screens/GroupSettings'), 'GroupSettings');
const GroupProcurements = later(() => import('./screens/GroupProcurements'), 'GroupProcurements');
const MarketDialogue = later(() => import('./screens/MarketDialogue'), 'MarketDialogue');
const MarketDialogues = later(() => import('./screens/MarketDialogues'), 'MarketDialogues');
const Procurement = later(() => import('./screens/Procurement'), 'Procurement');
const Need = later(() => import('./screens/Need'), 'Need');
const Profile = later(() => import('./screens/Profile'), 'Profile');
const AdminOrganisation = later(() => import('./screens/AdminOrganisation'), 'AdminOrganisation');
const AdminPlatform = later(() => import('./screens/AdminPlatform'), 'AdminPlatform');
const Journal = later(() => import('./screens/Journal'), 'Journal');
const Search = later(() => import('./screens/Search'), 'Search');
const Notifications = later(() => import('./screens/Notifications'), 'Notifications');

/**
 * The top-level screens for signed-in users, by path. The market dialogues are not under
 * /dialogue/…: that prefix belongs to the server's published-document downloads.
 */
const SIGNED_IN: [string, ComponentType][] = [
  ['/', Home],
  ['/groups', Groups],
  ['/market-dialogues', MarketDialogues],
  ['/market-dialogues/:procurementId', MarketDialogue],
  ['/needs/:needId', Need],
  ['/search', Search],
  ['/notifications', Notifications],
  ['/profile', Profile],
  ['/admin/organisation', AdminOrganisation],
  ['/admin/platform', AdminPlatform],
  ['/journal', Journal],
];

/** Screens for signed-in users; others go to sign-in and come back afterwards. */
function RequireViewer({ children }: { children: ReactNode }) {
  const { viewer } = useSession();
  const location = useLocation();
  if (viewer === undefined) return <Loading />;
  if (!viewer) return <Navigate to="/sign-in" replace state={{ from: location.pathname + location.search }} />;
  return children;
}

/** Older mails and bookmarks say /signin (the server's links now say /sign-in): the query is kept. */
function SignInAlias() {
  const location = useLocation();
  return <Navigate to={{ pathname: '/sign-in', search: location.search }} replace state={location.state} />;
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <Page title={t('notFound.title')} className="stack">
      <Paragraph>
        <RouterLink to="/">{t('notFound.home')}</RouterLink>
      </Paragraph>
    </Page>
  );
}

function AppRoutes() {
  const { api, viewer } = useSession();
  // viewer decides sign-in redirects below; api.id remounts the screens on a new session.
  return (
    <Layout>
      {/* Keyed by session: a new sign-in starts every screen afresh on the new clients. */}
      <Suspense fallback={<Loading />}>
        <Routes key={api.id}>
          <Route path="/sign-in" element={viewer ? <Navigate to="/" replace /> : <SignIn />} />
          <Route path="/signin" element={<SignInAlias />} />
          <Route path="/register" element={viewer ? <Navigate to="/" replace /> : <Register />} />
          {/* Links from mails work signed in or not: they act on the account the token names. */}
          <Route path="/verify-email" element={<VerifyEmail />} />
          <Route path="/reset-password" element={<ResetPassword />} />
          <Route path="/forgot-password" element={<ForgotPassword />} />
          {SIGNED_IN.map(([path, Screen]) => (
            <Route
              key={path}
              path={path}
              element={
                <RequireViewer>
                  <Screen />
                </RequireViewer>
              }
            />
          ))}
          <Route
            path="/groups/:groupId"
            element={
              <RequireViewer>
                <GroupShell />
              </RequireViewer>
            }
          >
            <Route index element={<GroupMembers />} />
            <Route path="needs" element={<GroupNeeds />} />
            <Route path="threads" element={<Discussions />} />
            <Route path="threads/:threadId" element={<Discussions />} />
            <Route path="documents" element={<Documents />} />
            <Route path="documents/:documentId" element={<DocumentView />} />
            <Route path="procurements" element={<GroupProcurements />} />
            <Route path="procurements/:procurementId" element={<Procurement />} />
            <Route path="settings" element={<GroupSettings />} />
          </Route>
          <Route path="*" element={<NotFound />} />
        </Routes>
      </Suspense>
    </Layout>
  );
}

export function App() {
  return (
    <BrowserRouter>
      <SessionProvider>
        <AppRoutes />
      </SessionProvider>
    </BrowserRouter>
  );
}
