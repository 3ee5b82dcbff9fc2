import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { Button, Result } from 'antd';
import type { Permission } from '@shangmi/shared';
import { useAuth } from '../lib/auth';
import { useCan } from '../lib/access';
import { useT } from '../lib/i18n';
import { SYSTEM_NAV } from './nav';
import { FullPageSpinner } from '../components/Spinner';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { useDocumentTitle } from '../components/PageHeader';
import { ChangePasswordPage, EnrollTotpPage, HomePage, InboxPage, ProfilePage, PUBLIC_ROUTES, SIGNED_IN_ROUTES, SYSTEM_PAGES } from './routes';

// The signed-in shell is its own chunk: the login page does not download it.
const AppLayout = lazy(() => import('./layout').then((m) => ({ default: m.AppLayout })));

type Forced = 'password' | 'totp';

/** Signed-in users only; forced steps (initial password, TOTP enrolment) come before anything else. */
function RequireAuth({ children, forced }: { children: ReactNode; forced?: Forced }) {
  const { status, me, notice } = useAuth();
  const location = useLocation();
  const t = useT();
  if (status === 'loading') return <FullPageSpinner label={t('auth.restoring')} />;
  if (!me) {
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

function BackHome() {
  const t = useT();
  const navigate = useNavigate();
  return (
    <Button type="primary" onClick={() => navigate('/')}>
      {t('common.backHome')}
    </Button>
  );
}

function Forbidden() {
  const t = useT();
  useDocumentTitle(t('errors.forbiddenTitle'));
  return (
    <Result
      status="403"
      title={t('errors.forbiddenTitle')}
      subTitle={t('errors.forbiddenDesc')}
      extra={<BackHome />}
    />
  );
}

function RequirePerm({ perm, children }: { perm: Permission; children: ReactNode }) {
  return useCan(perm) ? children : <Forbidden />;
}

export function NotFound() {
  const t = useT();
  useDocumentTitle(t('errors.notFoundTitle'));
  return (
    <Result
      status="404"
      title={t('errors.notFoundTitle')}
      subTitle={t('errors.notFoundDesc')}
      extra={<BackHome />}
    />
  );
}

export function AppRoutes() {
  return (
    <ErrorBoundary>
      <Suspense fallback={<FullPageSpinner />}>
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
            {SYSTEM_NAV.map((item) => (
              <Route
                key={item.path}
                path={item.path.slice(1)}
                element={<RequirePerm perm={item.perm}>{SYSTEM_PAGES[item.path]}</RequirePerm>}
              />
            ))}
            {SIGNED_IN_ROUTES.map((r) => (
              <Route key={r.path} path={r.path} element={<RequirePerm perm={r.perm}>{r.element}</RequirePerm>} />
            ))}
            <Route path="profile" element={<ProfilePage />} />
            <Route path="inbox" element={<InboxPage />} />
            <Route path="*" element={<NotFound />} />
          </Route>
        </Routes>
      </Suspense>
    </ErrorBoundary>
  );
}
