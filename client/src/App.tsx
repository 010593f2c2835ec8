import { Heading, Paragraph } from '@digdir/designsystemet-react';
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation, Link as RouterLink } from 'react-router';
import { Loading } from './components/Feedback';
import { Layout } from './components/Layout';
import { SessionProvider, useSession } from './lib/session';
import { usePageTitle } from './lib/title';
import { Home } from './screens/Home';
import { ForgotPassword } from './screens/ForgotPassword';
import { Register } from './screens/Register';
import { ResetPassword } from './screens/ResetPassword';
import { SignIn } from './screens/SignIn';
import { VerifyEmail } from './screens/VerifyEmail';

// The first screens come with the app; the rest (with the markdown renderer) load when opened.
const Discussions = lazy(() => import('./screens/Discussions').then((m) => ({ default: m.Discussions })));
const Documents = lazy(() => import('./screens/Documents').then((m) => ({ default: m.Documents })));
const DocumentView = lazy(() => import('./screens/DocumentView').then((m) => ({ default: m.DocumentView })));
const GroupMembers = lazy(() => import('./screens/GroupMembers').then((m) => ({ default: m.GroupMembers })));
const GroupNeeds = lazy(() => import('./screens/GroupNeeds').then((m) => ({ default: m.GroupNeeds })));
const Groups = lazy(() => import('./screens/Groups').then((m) => ({ default: m.Groups })));
const GroupShell = lazy(() => import('./screens/GroupShell').then((m) => ({ default: m.GroupShell })));
const GroupProcurements = lazy(() =>
  import('./screens/GroupProcurements').then((m) => ({ default: m.GroupProcurements })),
);
const MarketDialogue = lazy(() => import('./screens/MarketDialogue').then((m) => ({ default: m.MarketDialogue })));
const MarketDialogues = lazy(() => import('./screens/MarketDialogues').then((m) => ({ default: m.MarketDialogues })));
const Procurement = lazy(() => import('./screens/Procurement').then((m) => ({ default: m.Procurement })));
const Need = lazy(() => import('./screens/Need').then((m) => ({ default: m.Need })));
const Profile = lazy(() => import('./screens/Profile').then((m) => ({ default: m.Profile })));
const AdminOrganisation = lazy(() =>
  import('./screens/AdminOrganisation').then((m) => ({ default: m.AdminOrganisation })),
);
const AdminPlatform = lazy(() => import('./screens/AdminPlatform').then((m) => ({ default: m.AdminPlatform })));
const Search = lazy(() => import('./screens/Search').then((m) => ({ default: m.Search })));

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
  usePageTitle(t('notFound.title'));
  return (
    <div className="stack">
      <Heading level={1} data-size="lg">
        {t('notFound.title')}
      </Heading>
      <Paragraph>
        <RouterLink to="/">{t('notFound.home')}</RouterLink>
      </Paragraph>
    </div>
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
          <Route
            path="/"
            element={
              <RequireViewer>
                <Home />
              </RequireViewer>
            }
          />
          <Route
            path="/groups"
            element={
              <RequireViewer>
                <Groups />
              </RequireViewer>
            }
          />
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
          </Route>
          {/* Not /dialogue/…: that prefix belongs to the server's published-document downloads. */}
          <Route
            path="/market-dialogues"
            element={
              <RequireViewer>
                <MarketDialogues />
              </RequireViewer>
            }
          />
          <Route
            path="/market-dialogues/:procurementId"
            element={
              <RequireViewer>
                <MarketDialogue />
              </RequireViewer>
            }
          />
          <Route
            path="/needs/:needId"
            element={
              <RequireViewer>
                <Need />
              </RequireViewer>
            }
          />
          <Route
            path="/search"
            element={
              <RequireViewer>
                <Search />
              </RequireViewer>
            }
          />
          <Route
            path="/profile"
            element={
              <RequireViewer>
                <Profile />
              </RequireViewer>
            }
          />
          <Route
            path="/admin/organisation"
            element={
              <RequireViewer>
                <AdminOrganisation />
              </RequireViewer>
            }
          />
          <Route
            path="/admin/platform"
            element={
              <RequireViewer>
                <AdminPlatform />
              </RequireViewer>
            }
          />
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
