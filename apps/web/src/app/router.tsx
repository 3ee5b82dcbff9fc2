import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import type { Permission } from '@shangmi/shared';
import { useAuth } from '../lib/auth';
import { useCan } from '../lib/access';
import { useT } from '../lib/i18n';
import { FullPageSpinner } from '../components/Spinner';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { ChangePasswordPage, EnrollTotpPage, HomePage, InboxPage, PortalPage, ProfilePage, PUBLIC_ROUTES, SIGNED_IN_ROUTES, SYSTEM_ROUTES } from './routes';

// The signed-in shell is its own chunk: the login page does not download it; nor the 403/404 pages (antd's Result and
// its illustrations), which only a wrong address or a missing permission shows.
const Forbidden = lazy(() => import('./status-pages').then((m) => ({ default: m.Forbidden })));
const NotFound = lazy(() => import('./status-pages').then((m) => ({ default: m.NotFound })));
const AppLayout = lazy(() => import('./layout').then((m) => ({ default: m.AppLayout })));

type Forced = 'password' | 'totp';

/**
 * Signed-in users only; forced steps (initial password, TOTP enrolment) come before anything else. A visitor without a
 * session at `/` gets the public portal there (issue 16); signed-in users keep their workspace home at `/`.
 */
function RequireAuth({ children, forced }: { children: ReactNode; forced?: Forced }) {
  const { status, me, notice } = useAuth();
  const location = useLocation();
  const t = useT();
  if (status === 'loading') return <FullPageSpinner label={t('auth.restoring')} />;
  if (!me) {
    if (location.pathname === '/' && !forced) return <PortalPage />;
    // After an expiry come back here; after a deliberate sign-out start from the home page.
    const here = location.pathname + location.search;
    const back = notice !== 'loggedOut' && notice !== 'passwordChanged' && here !== '/' && !forced;
    return <Navigate to={back ? `/login?redirect=${encodeURIComponent(here)}` : '/login'} replace />;
  }
  if (me.mustChangePassword) return forced === 'password' ? children : <Navigate to="/change-password" replace />;
  if (me.mustEnrollTotp) return forced === 'totp' ? children : <Navigate to="/enroll-totp" replace />;
  // A forced page with nothing left to force (the same tasks live in the profile).
  if (forced) return <Navigate to="/" replace />;
  return children;
}

function RequirePerm({ perm, children }: { perm: Permission; children: ReactNode }) {
  return useCan(perm) ? children : <Forbidden />;
}

/**
 * antd's App (the message, modal and notification hooks pages call through App.useApp) wraps every page but the login
 * page, which needs none of it: its chunk
 * (~30 kB gzip) is fetched with the first page that does (docs/architecture.md § Web, first load).
 */
const AntApp = lazy(() => import('antd/es/app'));

export function AppRoutes() {
  const { pathname } = useLocation();
  const firstScreen = pathname === '/login';
  const routes = (
    <Routes>
      {PUBLIC_ROUTES.map((r) => (
        <Route key={r.path} path={r.path} element={r.element} />
      ))}
      <Route
        path="/change-password"
        element={
          <RequireAuth forced="password">
            <ChangePasswordPage />
          </RequireAuth>
        }
      />
      <Route
        path="/enroll-totp"
        element={
          <RequireAuth forced="totp">
            <EnrollTotpPage />
          </RequireAuth>
        }
      />
      <Route
        element={
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        }
      >
        <Route index element={<HomePage />} />
        {SYSTEM_ROUTES.map((r) => (
          <Route key={r.path} path={r.path.slice(1)} element={<RequirePerm perm={r.perm}>{r.element}</RequirePerm>} />
        ))}
        {SIGNED_IN_ROUTES.map((r) => (
          <Route key={r.path} path={r.path} element={<RequirePerm perm={r.perm}>{r.element}</RequirePerm>} />
        ))}
        <Route path="profile" element={<ProfilePage />} />
        <Route path="inbox" element={<InboxPage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
  return (
    <ErrorBoundary>
      <Suspense fallback={<FullPageSpinner />}>{firstScreen ? routes : <AntApp>{routes}</AntApp>}</Suspense>
    </ErrorBoundary>
  );
}
