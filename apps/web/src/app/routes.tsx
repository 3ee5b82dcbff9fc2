import { lazy, type ReactNode } from 'react';
import type { Permission } from '@shangmi/shared';
import { SYSTEM_PERMS, type SystemPath } from './system-perms';

// Every page is its own chunk: a screen downloads only what it shows.
const LoginPage = lazy(() => import('../pages/auth/LoginPage'));
export const ChangePasswordPage = lazy(() => import('../pages/auth/ChangePasswordPage'));
export const EnrollTotpPage = lazy(() => import('../pages/auth/EnrollTotpPage'));
export const HomePage = lazy(() => import('../pages/home/HomePage'));
const OrgsPage = lazy(() => import('../pages/orgs/OrgsPage'));
const UsersPage = lazy(() => import('../pages/users/UsersPage'));
const RolesPage = lazy(() => import('../pages/roles/RolesPage'));
const OplogPage = lazy(() => import('../pages/logs/OplogPage'));
const LoginlogPage = lazy(() => import('../pages/logs/LoginlogPage'));
const DictsPage = lazy(() => import('../pages/dicts/DictsPage'));
const RegionsPage = lazy(() => import('../pages/regions/RegionsPage'));
export const ProfilePage = lazy(() => import('../pages/profile/ProfilePage'));
export const InboxPage = lazy(() => import('../pages/inbox/InboxPage'));
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
const SystemsPublicPage = lazy(() => import('../pages/sites/SystemsPublicPage'));
const ServiceSystemsPage = lazy(() => import('../pages/sites/ServiceSystemsPage'));
const ProofsPage = lazy(() => import('../pages/proofs/ProofsPage'));
const ProofCertificatePage = lazy(() => import('../pages/proofs/ProofCertificatePage'));
const VerifyPage = lazy(() => import('../pages/proofs/VerifyPage'));
const WitnessesPage = lazy(() => import('../pages/proofs/WitnessesPage'));
const PublicReportPage = lazy(() => import('../pages/cases/PublicReportPage'));
const PublicHelpPage = lazy(() => import('../pages/services/PublicHelpPage'));
const PublicHelpStatusPage = lazy(() => import('../pages/services/PublicHelpStatusPage'));
const PublicFaqPage = lazy(() => import('../pages/services/PublicFaqPage'));
const PublicTrackPage = lazy(() => import('../pages/cases/PublicTrackPage'));
const PublicUnfollowPage = lazy(() => import('../pages/cases/PublicUnfollowPage'));
const CasesPage = lazy(() => import('../pages/cases/CasesPage'));
const CaseQueuePage = lazy(() => import('../pages/cases/CaseQueuePage'));
const ShareRegisterPage = lazy(() => import('../pages/cases/ShareRegisterPage'));
const CaseDetailPage = lazy(() => import('../pages/cases/CaseDetailPage'));
const CasesDashboardPage = lazy(() => import('../pages/cases/CasesDashboardPage'));
const CaseCalendarPage = lazy(() => import('../pages/cases/CaseCalendarPage'));
const ModelDocumentsPage = lazy(() => import('../pages/model-documents/ModelDocumentsPage'));
const ModelDocumentPage = lazy(() => import('../pages/model-documents/ModelDocumentPage'));
const PublicCreditPage = lazy(() => import('../pages/credit/PublicCreditPage'));
const CreditRecordsPage = lazy(() => import('../pages/credit/CreditRecordsPage'));
const CreditRecordPage = lazy(() => import('../pages/credit/CreditRecordPage'));
const CreditSeriousPage = lazy(() => import('../pages/credit/CreditSeriousPage'));
const CreditRepairsPage = lazy(() => import('../pages/credit/CreditRepairsPage'));
const CreditExportsPage = lazy(() => import('../pages/credit/CreditExportsPage'));
const CreditDashboardPage = lazy(() => import('../pages/credit/CreditDashboardPage'));
const MyCreditPage = lazy(() => import('../pages/credit/MyCreditPage'));
const CreditSharedPage = lazy(() => import('../pages/credit/CreditSharedPage'));
const TfMeetingsPage = lazy(() => import('../pages/taskforce/MeetingsPage'));
const TfMeetingPage = lazy(() => import('../pages/taskforce/MeetingPage'));
const TfTasksPage = lazy(() => import('../pages/taskforce/TasksPage'));
const TfTaskPage = lazy(() => import('../pages/taskforce/TaskPage'));
const TfUnitsPage = lazy(() => import('../pages/taskforce/UnitsPage'));
const FundingPage = lazy(() => import('../pages/funding/FundingPage'));
const FundingLinePage = lazy(() => import('../pages/funding/LinePage'));
const AppraisalPage = lazy(() => import('../pages/appraisal/AppraisalPage'));
const AppraisalSheetPage = lazy(() => import('../pages/appraisal/SheetPage'));
const AppraisalSchemesPage = lazy(() => import('../pages/appraisal/SchemesPage'));
const VisitsPage = lazy(() => import('../pages/listening/VisitsPage'));
const VisitPage = lazy(() => import('../pages/listening/VisitPage'));
const NeedsPage = lazy(() => import('../pages/listening/NeedsPage'));
const NeedPage = lazy(() => import('../pages/listening/NeedPage'));
const SurveysPage = lazy(() => import('../pages/listening/SurveysPage'));
const SurveyResultsPage = lazy(() => import('../pages/listening/SurveyResultsPage'));
const SurveyBuilderPage = lazy(() => import('../pages/listening/SurveyBuilderPage'));
const MySurveysPage = lazy(() => import('../pages/listening/MySurveysPage'));
const AssociationsPage = lazy(() => import('../pages/listening/AssociationsPage'));
const AssociationPage = lazy(() => import('../pages/listening/AssociationPage'));
const AnswerPage = lazy(() => import('../pages/listening/AnswerPage'));
const ServicesHelpPage = lazy(() => import('../pages/services/HelpPage'));
const ServicesRequestsPage = lazy(() => import('../pages/services/RequestsPage'));
const ServicesRequestPage = lazy(() => import('../pages/services/RequestPage'));
const ServicesLedgerPage = lazy(() => import('../pages/services/LedgerPage'));
const ServicesProvidersPage = lazy(() => import('../pages/services/ProvidersPage'));
const ServicesContractsPage = lazy(() => import('../pages/services/ContractsPage'));
const ServicesDashboardPage = lazy(() => import('../pages/services/DashboardPage'));
const CockpitPage = lazy(() => import('../pages/steering/CockpitPage'));
const ServicesReviewPage = lazy(() => import('../pages/services/ReviewPage'));
const ConsultationsPage = lazy(() => import('../pages/services/ConsultationsPage'));
const ConsultationPage = lazy(() => import('../pages/services/ConsultationPage'));
const OfferingsPage = lazy(() => import('../pages/services/OfferingsPage'));
const ProtectionRegisterPage = lazy(() => import('../pages/protection/RegisterPage'));
const SecretDetailPage = lazy(() => import('../pages/protection/SecretDetailPage'));
const ProtectionPeoplePage = lazy(() => import('../pages/protection/PeoplePage'));
const PersonDetailPage = lazy(() => import('../pages/protection/PersonDetailPage'));
const ProtectionNoticesPage = lazy(() => import('../pages/protection/NoticesPage'));
const ProtectionTemplatesPage = lazy(() => import('../pages/protection/TemplatesPage'));
const ProtectionGrantsPage = lazy(() => import('../pages/protection/GrantsPage'));
const ProtectionGrantedPage = lazy(() => import('../pages/protection/GrantedPage'));
const AcknowledgePage = lazy(() => import('../pages/protection/AcknowledgePage'));
// also the home of a visitor without a session (router.tsx RequireAuth at `/`)
export const PortalPage = lazy(() => import('../pages/outreach/PortalPage'));
const PortalArticlePage = lazy(() => import('../pages/outreach/PortalArticlePage'));
const TrainingsPage = lazy(() => import('../pages/outreach/TrainingsPage'));
const CheckinPage = lazy(() => import('../pages/outreach/CheckinPage'));
const MyOutreachPage = lazy(() => import('../pages/outreach/MyOutreachPage'));
const ArticlesPage = lazy(() => import('../pages/outreach/ArticlesPage'));
const ArticlePage = lazy(() => import('../pages/outreach/ArticlePage'));
const EventsPage = lazy(() => import('../pages/outreach/EventsPage'));
const ExpertsPage = lazy(() => import('../pages/outreach/ExpertsPage'));
const CountsPage = lazy(() => import('../pages/outreach/CountsPage'));
const QuizPage = lazy(() => import('../pages/outreach/QuizPage'));
const PublicSubscribePage = lazy(() => import('../pages/outreach/PublicSubscribePage'));
const PublicSubscriptionLinkPage = lazy(() => import('../pages/outreach/PublicSubscriptionLinkPage'));

/** Pages anyone may open, signed in or not. */
export const PUBLIC_ROUTES: { path: string; element: ReactNode }[] = [
  { path: '/login', element: <LoginPage /> },
  { path: '/register', element: <RegisterEnterprisePage /> },
  { path: '/directory', element: <DirectoryPage /> },
  { path: '/service-systems', element: <SystemsPublicPage /> },
  { path: '/verify', element: <VerifyPage /> },
  { path: '/report', element: <PublicReportPage /> },
  { path: '/help', element: <PublicHelpPage /> },
  { path: '/help-status', element: <PublicHelpStatusPage /> },
  { path: '/faq', element: <PublicFaqPage /> },
  { path: '/track', element: <PublicTrackPage /> },
  { path: '/track/unsubscribe', element: <PublicUnfollowPage /> },
  { path: '/model-documents', element: <ModelDocumentsPage /> },
  { path: '/model-documents/:slug', element: <ModelDocumentPage /> },
  { path: '/credit', element: <PublicCreditPage /> },
  { path: '/acknowledge/:token', element: <AcknowledgePage /> },
  { path: '/s/:token', element: <AnswerPage /> },
  { path: '/portal', element: <PortalPage /> },
  { path: '/portal/articles/:id', element: <PortalArticlePage /> },
  { path: '/subscribe', element: <PublicSubscribePage /> },
  { path: '/subscribe/confirm', element: <PublicSubscriptionLinkPage action="confirm" /> },
  { path: '/subscribe/stop', element: <PublicSubscriptionLinkPage action="stop" /> },
];

/** Pages inside the signed-in frame, each with the permission that opens it (the menu in nav.tsx reads the same). */
export const SIGNED_IN_ROUTES: { path: string; perm: Permission; element: ReactNode }[] = [
  { path: 'enterprises', perm: 'enterprises:read', element: <EnterprisesPage /> },
  { path: 'enterprises/stats', perm: 'enterprises:read', element: <EnterpriseStatsPage /> },
  { path: 'enterprises/import', perm: 'enterprises:import', element: <EnterpriseImportPage /> },
  { path: 'enterprises/:id', perm: 'enterprises:read', element: <EnterpriseDetailPage /> },
  { path: 'assessments', perm: 'assessments:read', element: <AssessmentsPage /> },
  { path: 'assessments/regional', perm: 'assessments:stats', element: <AssessmentsRegionalPage /> },
  { path: 'assessments/campaigns', perm: 'assessments:campaigns', element: <AssessmentCampaignsPage /> },
  { path: 'assessments/:id', perm: 'assessments:read', element: <AssessmentPage /> },
  { path: 'cultivation', perm: 'cultivation:read', element: <CultivationListPage /> },
  { path: 'cultivation/board', perm: 'cultivation:read', element: <CultivationBoardPage /> },
  { path: 'cultivation/stats', perm: 'cultivation:read', element: <CultivationStatsPage /> },
  { path: 'cultivation/:id', perm: 'cultivation:read', element: <CultivationDetailPage /> },
  { path: 'cases', perm: 'cases:read', element: <CasesPage /> },
  { path: 'cases/queue', perm: 'cases:read', element: <CaseQueuePage /> },
  { path: 'cases/dashboard', perm: 'cases:read', element: <CasesDashboardPage /> },
  { path: 'cases/calendar', perm: 'cases:calendar', element: <CaseCalendarPage /> },
  { path: 'cases/shares', perm: 'cases:read', element: <ShareRegisterPage /> },
  { path: 'cases/:id', perm: 'cases:read', element: <CaseDetailPage /> },
  { path: 'sites', perm: 'sites:read', element: <SitesPage /> },
  { path: 'sites/dashboard', perm: 'sites:read', element: <SitesDashboardPage /> },
  { path: 'sites/standards', perm: 'sites:read', element: <StandardsPage /> },
  { path: 'sites/systems', perm: 'sites:read', element: <ServiceSystemsPage /> },
  { path: 'sites/:id', perm: 'sites:read', element: <SiteDetailPage /> },
  { path: 'sites/:id/certificate', perm: 'sites:read', element: <SiteCertificatePage /> },
  { path: 'proofs', perm: 'proofs:read', element: <ProofsPage /> },
  { path: 'proofs/witnesses', perm: 'proofs:witnesses', element: <WitnessesPage /> },
  { path: 'proofs/:id/certificate', perm: 'proofs:read', element: <ProofCertificatePage /> },
  { path: 'credit/records', perm: 'credit:read', element: <CreditRecordsPage /> },
  { path: 'credit/records/:id', perm: 'credit:read', element: <CreditRecordPage /> },
  { path: 'credit/serious', perm: 'credit:read', element: <CreditSeriousPage /> },
  // the engine's notices link to one entry or application: the list opens with it
  { path: 'credit/serious/:id', perm: 'credit:read', element: <CreditSeriousPage /> },
  { path: 'credit/repairs', perm: 'credit:read', element: <CreditRepairsPage /> },
  { path: 'credit/repairs/:id', perm: 'credit:read', element: <CreditRepairsPage /> },
  { path: 'credit/exports', perm: 'credit:export', element: <CreditExportsPage /> },
  { path: 'credit/dashboard', perm: 'credit:read', element: <CreditDashboardPage /> },
  { path: 'credit/mine', perm: 'credit:read', element: <MyCreditPage /> },
  { path: 'credit/shared', perm: 'credit:partner', element: <CreditSharedPage /> },
  { path: 'taskforce/meetings', perm: 'taskforce:read', element: <TfMeetingsPage /> },
  { path: 'taskforce/meetings/:id', perm: 'taskforce:read', element: <TfMeetingPage /> },
  { path: 'taskforce/tasks', perm: 'taskforce:read', element: <TfTasksPage /> },
  { path: 'taskforce/tasks/:id', perm: 'taskforce:read', element: <TfTaskPage /> },
  { path: 'taskforce/units', perm: 'taskforce:read', element: <TfUnitsPage /> },
  { path: 'funding', perm: 'funding:read', element: <FundingPage /> },
  { path: 'funding/lines/:id', perm: 'funding:read', element: <FundingLinePage /> },
  { path: 'appraisal', perm: 'appraisal:read', element: <AppraisalPage /> },
  { path: 'appraisal/sheets/:id', perm: 'appraisal:read', element: <AppraisalSheetPage /> },
  { path: 'appraisal/schemes', perm: 'appraisal:read', element: <AppraisalSchemesPage /> },
  { path: 'listening/visits', perm: 'listening:read', element: <VisitsPage /> },
  { path: 'listening/visits/:id', perm: 'listening:read', element: <VisitPage /> },
  { path: 'listening/needs', perm: 'listening:read', element: <NeedsPage /> },
  { path: 'listening/needs/:id', perm: 'listening:read', element: <NeedPage /> },
  { path: 'listening/surveys', perm: 'listening:survey', element: <SurveysPage /> },
  { path: 'listening/surveys/new', perm: 'listening:survey', element: <SurveyBuilderPage /> },
  { path: 'listening/surveys/:id/edit', perm: 'listening:survey', element: <SurveyBuilderPage /> },
  { path: 'listening/surveys/:id', perm: 'listening:survey', element: <SurveyResultsPage /> },
  { path: 'listening/associations', perm: 'listening:associations', element: <AssociationsPage /> },
  { path: 'listening/associations/:id', perm: 'listening:associations', element: <AssociationPage /> },
  { path: 'listening/my', perm: 'listening:answer', element: <MySurveysPage /> },
  { path: 'listening/answer/:id', perm: 'listening:answer', element: <AnswerPage /> },
  { path: 'services/help', perm: 'services:request', element: <ServicesHelpPage /> },
  { path: 'services/requests', perm: 'services:read', element: <ServicesRequestsPage /> },
  { path: 'services/queue', perm: 'services:read', element: <ServicesRequestsPage /> },
  { path: 'services/requests/:id', perm: 'services:read', element: <ServicesRequestPage /> },
  { path: 'services/consultations', perm: 'services:read', element: <ConsultationsPage /> },
  { path: 'services/consultations/:id', perm: 'services:read', element: <ConsultationPage /> },
  { path: 'services/offerings', perm: 'services:deliver', element: <OfferingsPage /> },
  { path: 'services/ledger', perm: 'services:read', element: <ServicesLedgerPage /> },
  { path: 'services/providers', perm: 'services:read', element: <ServicesProvidersPage /> },
  { path: 'services/contracts', perm: 'services:read', element: <ServicesContractsPage /> },
  { path: 'services/dashboard', perm: 'services:stats', element: <ServicesDashboardPage /> },
  { path: 'steering', perm: 'steering:read', element: <CockpitPage /> },
  { path: 'services/review', perm: 'sites:read', element: <ServicesReviewPage /> },
  { path: 'protection', perm: 'protection:read', element: <ProtectionRegisterPage /> },
  { path: 'protection/secrets/:id', perm: 'protection:read', element: <SecretDetailPage /> },
  { path: 'protection/people', perm: 'protection:read', element: <ProtectionPeoplePage /> },
  { path: 'protection/people/:id', perm: 'protection:read', element: <PersonDetailPage /> },
  { path: 'protection/notices', perm: 'protection:read', element: <ProtectionNoticesPage /> },
  { path: 'protection/templates', perm: 'protection:read', element: <ProtectionTemplatesPage /> },
  { path: 'protection/grants', perm: 'protection:read', element: <ProtectionGrantsPage /> },
  { path: 'protection/granted', perm: 'protection:granted', element: <ProtectionGrantedPage /> },
  { path: 'outreach/trainings', perm: 'outreach:enrol', element: <TrainingsPage /> },
  // the page a training's QR code opens on a participant's phone
  { path: 'checkin/:token', perm: 'outreach:enrol', element: <CheckinPage /> },
  { path: 'outreach/mine', perm: 'outreach:enrol', element: <MyOutreachPage /> },
  { path: 'outreach/trainings/:id/quiz', perm: 'outreach:enrol', element: <QuizPage /> },
  { path: 'outreach/events', perm: 'outreach:read', element: <EventsPage /> },
  { path: 'outreach/experts', perm: 'outreach:read', element: <ExpertsPage /> },
  { path: 'outreach/articles', perm: 'outreach:read', element: <ArticlesPage /> },
  { path: 'outreach/articles/:id', perm: 'outreach:read', element: <ArticlePage /> },
  { path: 'outreach/counts', perm: 'outreach:read', element: <CountsPage /> },
];

/** The 系统管理 pages, each opened by its permission in SYSTEM_PERMS (SYSTEM_NAV in nav.tsx, the menu, reads the same). */
const SYSTEM_PAGES: Record<SystemPath, ReactNode> = {
  '/system/orgs': <OrgsPage />,
  '/system/users': <UsersPage />,
  '/system/roles': <RolesPage />,
  '/system/oplog': <OplogPage />,
  '/system/loginlog': <LoginlogPage />,
  '/system/dicts': <DictsPage />,
  '/system/regions': <RegionsPage />,
};
export const SYSTEM_ROUTES = (Object.keys(SYSTEM_PAGES) as SystemPath[]).map((path) => ({ path, perm: SYSTEM_PERMS[path] as Permission, element: SYSTEM_PAGES[path] }));
