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

// Every page is its own chunk, and so is the signed-in shell: the login page downloads neither.
const AppLayout = lazy(() => import('./layout').then((m) => ({ default: m.AppLayout })));
const LoginPage = lazy(() => import('../pages/auth/LoginPage'));
const ChangePasswordPage = lazy(() => import('../pages/auth/ChangePasswordPage'));
const EnrollTotpPage = lazy(() => import('../pages/auth/EnrollTotpPage'));
const HomePage = lazy(() => import('../pages/home/HomePage'));
const OrgsPage = lazy(() => import('../pages/orgs/OrgsPage'));
const UsersPage = lazy(() => import('../pages/users/UsersPage'));
const RolesPage = lazy(() => import('../pages/roles/RolesPage'));
const OplogPage = lazy(() => import('../pages/logs/OplogPage'));
const LoginlogPage = lazy(() => import('../pages/logs/LoginlogPage'));
const DictsPage = lazy(() => import('../pages/dicts/DictsPage'));
const ProfilePage = lazy(() => import('../pages/profile/ProfilePage'));
const EnterprisesPage = lazy(() => import('../pages/enterprises/EnterprisesPage'));
const EnterpriseDetailPage = lazy(() => import('../pages/enterprises/EnterpriseDetailPage'));
const EnterpriseStatsPage = lazy(() => import('../pages/enterprises/EnterpriseStatsPage'));
const EnterpriseImportPage = lazy(() => import('../pages/enterprises/EnterpriseImportPage'));
const RegisterEnterprisePage = lazy(() => import('../pages/enterprises/RegisterEnterprisePage'));
const AssessmentsPage = lazy(() => import('../pages/assessments/AssessmentsPage'));
const AssessmentPage = lazy(() => import('../pages/assessments/AssessmentPage'));
const AssessmentsRegionalPage = lazy(() => import('../pages/assessments/RegionalPage'));
const AssessmentCampaignsPage = lazy(() => import('../pages/assessments/CampaignsPage'));
const CultivationListPage = lazy(() => import('../pages/cultivation/CultivationListPage'));
const CultivationBoardPage = lazy(() => import('../pages/cultivation/CultivationBoardPage'));
const CultivationStatsPage = lazy(() => import('../pages/cultivation/CultivationStatsPage'));
const CultivationDetailPage = lazy(() => import('../pages/cultivation/CultivationDetailPage'));
const SitesPage = lazy(() => import('../pages/sites/SitesPage'));
const SitesDashboardPage = lazy(() => import('../pages/sites/SitesDashboardPage'));
const SiteDetailPage = lazy(() => import('../pages/sites/SiteDetailPage'));
const StandardsPage = lazy(() => import('../pages/sites/StandardsPage'));
const SiteCertificatePage = lazy(() => import('../pages/sites/SiteCertificatePage'));
const DirectoryPage = lazy(() => import('../pages/sites/DirectoryPage'));
const ProofsPage = lazy(() => import('../pages/proofs/ProofsPage'));
const ProofCertificatePage = lazy(() => import('../pages/proofs/ProofCertificatePage'));
const VerifyPage = lazy(() => import('../pages/proofs/VerifyPage'));
const WitnessesPage = lazy(() => import('../pages/proofs/WitnessesPage'));
const PublicReportPage = lazy(() => import('../pages/cases/PublicReportPage'));
const PublicTrackPage = lazy(() => import('../pages/cases/PublicTrackPage'));
const CasesPage = lazy(() => import('../pages/cases/CasesPage'));
const CaseQueuePage = lazy(() => import('../pages/cases/CaseQueuePage'));
const ShareRegisterPage = lazy(() => import('../pages/cases/ShareRegisterPage'));
const CaseDetailPage = lazy(() => import('../pages/cases/CaseDetailPage'));
const CasesDashboardPage = lazy(() => import('../pages/cases/CasesDashboardPage'));
const CaseCalendarPage = lazy(() => import('../pages/cases/CaseCalendarPage'));
const ModelDocumentsPage = lazy(() => import('../pages/model-documents/ModelDocumentsPage'));
const ModelDocumentPage = lazy(() => import('../pages/model-documents/ModelDocumentPage'));

const SYSTEM_PAGES: Record<string, ReactNode> = {
  '/system/orgs': <OrgsPage />,
  '/system/users': <UsersPage />,
  '/system/roles': <RolesPage />,
  '/system/oplog': <OplogPage />,
  '/system/loginlog': <LoginlogPage />,
  '/system/dicts': <DictsPage />,
};

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
          <Route path="/login" element={<LoginPage />} />
          <Route path="/register" element={<RegisterEnterprisePage />} />
          <Route path="/directory" element={<DirectoryPage />} />
          <Route path="/verify" element={<VerifyPage />} />
          <Route path="/report" element={<PublicReportPage />} />
          <Route path="/track" element={<PublicTrackPage />} />
          <Route path="/model-documents" element={<ModelDocumentsPage />} />
          <Route path="/model-documents/:slug" element={<ModelDocumentPage />} />
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
            <Route
              path="enterprises"
              element={
                <RequirePerm perm="enterprises:read">
                  <EnterprisesPage />
                </RequirePerm>
              }
            />
            <Route
              path="enterprises/stats"
              element={
                <RequirePerm perm="enterprises:read">
                  <EnterpriseStatsPage />
                </RequirePerm>
              }
            />
            <Route
              path="enterprises/import"
              element={
                <RequirePerm perm="enterprises:import">
                  <EnterpriseImportPage />
                </RequirePerm>
              }
            />
            <Route
              path="enterprises/:id"
              element={
                <RequirePerm perm="enterprises:read">
                  <EnterpriseDetailPage />
                </RequirePerm>
              }
            />
            <Route
              path="assessments"
              element={
                <RequirePerm perm="assessments:read">
                  <AssessmentsPage />
                </RequirePerm>
              }
            />
            <Route
              path="assessments/regional"
              element={
                <RequirePerm perm="assessments:stats">
                  <AssessmentsRegionalPage />
                </RequirePerm>
              }
            />
            <Route
              path="assessments/campaigns"
              element={
                <RequirePerm perm="assessments:campaigns">
                  <AssessmentCampaignsPage />
                </RequirePerm>
              }
            />
            <Route
              path="assessments/:id"
              element={
                <RequirePerm perm="assessments:read">
                  <AssessmentPage />
                </RequirePerm>
              }
            />
            <Route
              path="cultivation"
              element={
                <RequirePerm perm="cultivation:read">
                  <CultivationListPage />
                </RequirePerm>
              }
            />
            <Route
              path="cultivation/board"
              element={
                <RequirePerm perm="cultivation:read">
                  <CultivationBoardPage />
                </RequirePerm>
              }
            />
            <Route
              path="cultivation/stats"
              element={
                <RequirePerm perm="cultivation:read">
                  <CultivationStatsPage />
                </RequirePerm>
              }
            />
            <Route
              path="cultivation/:id"
              element={
                <RequirePerm perm="cultivation:read">
                  <CultivationDetailPage />
                </RequirePerm>
              }
            />
            <Route path="cases" element={<RequirePerm perm="cases:read"><CasesPage /></RequirePerm>} />
            <Route path="cases/queue" element={<RequirePerm perm="cases:read"><CaseQueuePage /></RequirePerm>} />
            <Route path="cases/dashboard" element={<RequirePerm perm="cases:read"><CasesDashboardPage /></RequirePerm>} />
            <Route path="cases/calendar" element={<RequirePerm perm="cases:calendar"><CaseCalendarPage /></RequirePerm>} />
            <Route path="cases/shares" element={<RequirePerm perm="cases:read"><ShareRegisterPage /></RequirePerm>} />
            <Route path="cases/:id" element={<RequirePerm perm="cases:read"><CaseDetailPage /></RequirePerm>} />
            <Route
              path="sites"
              element={
                <RequirePerm perm="sites:read">
                  <SitesPage />
                </RequirePerm>
              }
            />
            <Route
              path="sites/dashboard"
              element={
                <RequirePerm perm="sites:read">
                  <SitesDashboardPage />
                </RequirePerm>
              }
            />
            <Route
              path="sites/standards"
              element={
                <RequirePerm perm="sites:read">
                  <StandardsPage />
                </RequirePerm>
              }
            />
            <Route
              path="sites/:id"
              element={
                <RequirePerm perm="sites:read">
                  <SiteDetailPage />
                </RequirePerm>
              }
            />
            <Route
              path="sites/:id/certificate"
              element={
                <RequirePerm perm="sites:read">
                  <SiteCertificatePage />
                </RequirePerm>
              }
            />
            <Route
              path="proofs"
              element={
                <RequirePerm perm="proofs:read">
                  <ProofsPage />
                </RequirePerm>
              }
            />
            <Route
              path="proofs/witnesses"
              element={
                <RequirePerm perm="proofs:witnesses">
                  <WitnessesPage />
                </RequirePerm>
              }
            />
            <Route
              path="proofs/:id/certificate"
              element={
                <RequirePerm perm="proofs:read">
                  <ProofCertificatePage />
                </RequirePerm>
              }
            />
            <Route path="profile" element={<ProfilePage />} />
            <Route path="*" element={<NotFound />} />
          </Route>
        </Routes>
      </Suspense>
    </ErrorBoundary>
  );
}
