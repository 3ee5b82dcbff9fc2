import type { ReactNode } from 'react';
import {
  ReadOutlined,
  ApartmentOutlined,
  SwapOutlined,
  AimOutlined,
  FileProtectOutlined,
  FileTextOutlined,
  FileWordOutlined,
  KeyOutlined,
  NotificationOutlined,
  SafetyOutlined,
  ShareAltOutlined,
  UserSwitchOutlined,
  ClusterOutlined,
  DashboardOutlined,
  FlagOutlined,
  MedicineBoxOutlined,
  AuditOutlined,
  AlertOutlined,
  CalendarOutlined,
  FileSearchOutlined,
  ScheduleOutlined,
  QuestionCircleOutlined,
  BarChartOutlined,
  BookOutlined,
  LockOutlined,
  LoginOutlined,
  PieChartOutlined,
  ProjectOutlined,
  SafetyCertificateOutlined,
  ShopOutlined,
  TeamOutlined,
  TrophyOutlined,
  CreditCardOutlined,
  ExportOutlined,
  GlobalOutlined,
  StopOutlined,
  ToolOutlined,
  UnorderedListOutlined,
  CustomerServiceOutlined,
  ContainerOutlined,
  FundProjectionScreenOutlined,
} from '@ant-design/icons';
import type { Permission } from '@shangmi/shared';
import type { MessageKey } from '../lib/i18n';
import { SYSTEM_PERMS } from './system-perms';

export interface NavItem {
  path: string;
  label: MessageKey;
  icon: ReactNode;
  perm: Permission;
  /** left out of an enterprise user's menu (a chart or board of one's own enterprise means nothing) */
  staffOnly?: boolean;
  /** the entry's name in an enterprise user's menu */
  enterpriseLabel?: MessageKey;
  /** only in an enterprise user's menu (its own account's view: an administrator holding the permission has nothing of its own here) */
  enterpriseOnly?: boolean;
}

/** The 系统管理 group: one entry per page, with the permission that opens it (menu and route guard read the same list). */
export const SYSTEM_NAV: NavItem[] = [
  { path: '/system/orgs', label: 'menu.orgs', icon: <ApartmentOutlined />, perm: SYSTEM_PERMS['/system/orgs'] },
  { path: '/system/users', label: 'menu.users', icon: <TeamOutlined />, perm: SYSTEM_PERMS['/system/users'] },
  { path: '/system/roles', label: 'menu.roles', icon: <SafetyCertificateOutlined />, perm: SYSTEM_PERMS['/system/roles'] },
  { path: '/system/oplog', label: 'menu.oplog', icon: <AuditOutlined />, perm: SYSTEM_PERMS['/system/oplog'] },
  { path: '/system/loginlog', label: 'menu.loginlog', icon: <LoginOutlined />, perm: SYSTEM_PERMS['/system/loginlog'] },
  { path: '/system/dicts', label: 'menu.dicts', icon: <BookOutlined />, perm: SYSTEM_PERMS['/system/dicts'] },
  { path: '/system/regions', label: 'regions.menu', icon: <GlobalOutlined />, perm: SYSTEM_PERMS['/system/regions'] },
];

/** The 企业服务 group. Detail pages (/enterprises/:id) highlight 企业名录. */
export const ENTERPRISE_NAV: NavItem[] = [
  { path: '/enterprises', label: 'menu.enterprises', icon: <ShopOutlined />, perm: 'enterprises:read', enterpriseLabel: 'menu.ownEnterprise' },
  { path: '/enterprises/stats', label: 'menu.enterpriseStats', icon: <BarChartOutlined />, perm: 'enterprises:read', staffOnly: true },
  { path: '/cultivation', label: 'cultivation.menuList', icon: <TrophyOutlined />, perm: 'cultivation:read' },
  { path: '/cultivation/board', label: 'cultivation.menuBoard', icon: <ProjectOutlined />, perm: 'cultivation:read', staffOnly: true },
  { path: '/cultivation/stats', label: 'cultivation.menuStats', icon: <PieChartOutlined />, perm: 'cultivation:read', staffOnly: true },
  { path: '/assessments', label: 'assessments.menuList', icon: <MedicineBoxOutlined />, perm: 'assessments:read' },
  { path: '/assessments/regional', label: 'assessments.menuRegional', icon: <DashboardOutlined />, perm: 'assessments:stats', staffOnly: true },
  { path: '/assessments/campaigns', label: 'assessments.menuCampaigns', icon: <FlagOutlined />, perm: 'assessments:campaigns', staffOnly: true },
  // the public library (its own page outside the signed-in frame); listed for whoever may see health checks
  { path: '/model-documents', label: 'modelDocs.menu', icon: <FileTextOutlined />, perm: 'assessments:read' },
  { path: '/proofs', label: 'proofs.menu', icon: <LockOutlined />, perm: 'proofs:read' },
  { path: '/proofs/witnesses', label: 'proofs.witnessesTitle', icon: <SafetyCertificateOutlined />, perm: 'proofs:witnesses', staffOnly: true },
];

/** The 保护网络 group: bases, stations and points, and the progress against the plan's targets. */
export const NETWORK_NAV: NavItem[] = [
  { path: '/sites', label: 'sites.menuList', icon: <ClusterOutlined />, perm: 'sites:read' },
  { path: '/sites/dashboard', label: 'sites.menuDashboard', icon: <AimOutlined />, perm: 'sites:read' },
  { path: '/sites/standards', label: 'sites.menuStandards', icon: <FileProtectOutlined />, perm: 'sites:read' },
  { path: '/sites/systems', label: 'systems.menu', icon: <ApartmentOutlined />, perm: 'sites:read' },
];

/**
 * The 投诉举报与执法 group. Partner agencies (公安, 检察院, 法院) get their own group from the same pages: the server
 * shows them only what was transferred or notified to them.
 */
export const CASES_NAV: NavItem[] = [
  { path: '/cases/queue', label: 'cases.menuQueue', icon: <ScheduleOutlined />, perm: 'cases:read' },
  { path: '/cases', label: 'cases.menuList', icon: <FileSearchOutlined />, perm: 'cases:read' },
  { path: '/cases/dashboard', label: 'cases.menuDashboard', icon: <DashboardOutlined />, perm: 'cases:read' },
  { path: '/cases/shares', label: 'cases.menuShares', icon: <SwapOutlined />, perm: 'cases:read' },
  { path: '/cases/calendar', label: 'cases.menuCalendar', icon: <CalendarOutlined />, perm: 'cases:calendar' },
];
export const PARTNER_NAV: NavItem[] = [
  { path: '/cases/queue', label: 'cases.menuQueue', icon: <ScheduleOutlined />, perm: 'cases:partner' },
  { path: '/cases', label: 'cases.partnerMenuList', icon: <AlertOutlined />, perm: 'cases:partner' },
  { path: '/cases/shares', label: 'cases.menuShares', icon: <SwapOutlined />, perm: 'cases:partner' },
];
export const PARTNER_ORG_KINDS = ['police', 'procuratorate', 'court', 'justice'];

/**
 * The 信用联合惩戒 group: bureau staff see the records, the list, repairs, exports and the dashboard; an enterprise its own
 * credit; a partner department (财政、发改 …) the list shared with it. The public page is linked for everyone who works here.
 */
export const CREDIT_NAV: NavItem[] = [
  { path: '/credit/records', label: 'credit.menuRecords', icon: <FileProtectOutlined />, perm: 'credit:manage', staffOnly: true },
  { path: '/credit/serious', label: 'credit.menuSerious', icon: <StopOutlined />, perm: 'credit:manage', staffOnly: true },
  { path: '/credit/repairs', label: 'credit.menuRepairs', icon: <ToolOutlined />, perm: 'credit:review', staffOnly: true },
  { path: '/credit/exports', label: 'credit.menuExports', icon: <ExportOutlined />, perm: 'credit:export', staffOnly: true },
  { path: '/credit/dashboard', label: 'credit.menuDashboard', icon: <DashboardOutlined />, perm: 'credit:manage', staffOnly: true },
  { path: '/credit/mine', label: 'credit.menuMine', icon: <CreditCardOutlined />, perm: 'credit:read', enterpriseOnly: true },
  { path: '/credit/shared', label: 'credit.menuShared', icon: <UnorderedListOutlined />, perm: 'credit:partner' },
  { path: '/credit', label: 'credit.menuPublic', icon: <GlobalOutlined />, perm: 'credit:read' },
];

/** The 倾听企业 group (issue 17): staff see visits, needs and surveys; an enterprise its needs and the surveys sent to it. */
export const LISTENING_NAV: NavItem[] = [
  { path: '/listening/visits', label: 'listening.menuVisits', icon: <TeamOutlined />, perm: 'listening:manage', staffOnly: true },
  { path: '/listening/needs', label: 'listening.menuNeeds', icon: <FlagOutlined />, perm: 'listening:read' },
  { path: '/listening/surveys', label: 'listening.menuSurveys', icon: <FileSearchOutlined />, perm: 'listening:survey', staffOnly: true },
  { path: '/listening/associations', label: 'listening.menuAssociations', icon: <ApartmentOutlined />, perm: 'listening:associations', staffOnly: true },
  { path: '/listening/my', label: 'listening.menuMine', icon: <FileTextOutlined />, perm: 'listening:answer', enterpriseOnly: true },
];

/**
 * The 服务对接 group: an enterprise asks and follows its requests; a site or provider works its queue and keeps its ledger;
 * a bureau assigns, keeps the provider registry and the purchased-service contracts, and reads the statistics.
 */
export const SERVICES_NAV: NavItem[] = [
  { path: '/services/help', label: 'services.menuHelp', icon: <CustomerServiceOutlined />, perm: 'services:request', enterpriseOnly: true },
  { path: '/services/requests', label: 'services.menuMine', icon: <UnorderedListOutlined />, perm: 'services:request', enterpriseOnly: true },
  { path: '/services/queue', label: 'services.menuQueue', icon: <ScheduleOutlined />, perm: 'services:read', staffOnly: true },
  { path: '/services/consultations', label: 'consult.menu', icon: <QuestionCircleOutlined />, perm: 'services:read' },
  { path: '/services/offerings', label: 'consult.offerings', icon: <UnorderedListOutlined />, perm: 'services:deliver', staffOnly: true },
  { path: '/services/ledger', label: 'services.menuLedger', icon: <BookOutlined />, perm: 'services:read', staffOnly: true },
  { path: '/services/review', label: 'services.menuReview', icon: <AuditOutlined />, perm: 'sites:read', staffOnly: true },
  { path: '/services/providers', label: 'services.menuProviders', icon: <TeamOutlined />, perm: 'services:providers', staffOnly: true },
  { path: '/services/contracts', label: 'services.menuContracts', icon: <ContainerOutlined />, perm: 'services:read', staffOnly: true },
  { path: '/services/dashboard', label: 'services.menuDashboard', icon: <BarChartOutlined />, perm: 'services:stats', staffOnly: true },
];

/** The 试点统筹 group (issue 19): the leadership picture; the 专班's meetings, tasks and supervision, its member units; the pilot's funding. */
export const STEERING_NAV: NavItem[] = [
  { path: '/steering', label: 'steering.menuCockpit', icon: <FundProjectionScreenOutlined />, perm: 'steering:read', staffOnly: true },
  { path: '/taskforce/tasks', label: 'taskforce.menuTasks', icon: <ScheduleOutlined />, perm: 'taskforce:read', staffOnly: true },
  { path: '/taskforce/meetings', label: 'taskforce.menuMeetings', icon: <TeamOutlined />, perm: 'taskforce:read', staffOnly: true },
  { path: '/taskforce/units', label: 'taskforce.menuUnits', icon: <ContainerOutlined />, perm: 'taskforce:read', staffOnly: true },
  { path: '/funding', label: 'taskforce.menuFunding', icon: <BarChartOutlined />, perm: 'funding:read', staffOnly: true },
  { path: '/appraisal', label: 'appraisal.menu', icon: <AuditOutlined />, perm: 'appraisal:read', staffOnly: true },
];

/** The 保护档案 group: the enterprise's own file; outsiders see only what a grant opens to them. */
export const PROTECTION_NAV: NavItem[] = [
  { path: '/protection', label: 'protection.menuRegister', icon: <SafetyOutlined />, perm: 'protection:read', enterpriseOnly: true },
  { path: '/protection/people', label: 'protection.menuPeople', icon: <UserSwitchOutlined />, perm: 'protection:read', enterpriseOnly: true },
  { path: '/protection/notices', label: 'protection.menuNotices', icon: <NotificationOutlined />, perm: 'protection:read', enterpriseOnly: true },
  { path: '/protection/templates', label: 'protection.menuTemplates', icon: <FileWordOutlined />, perm: 'protection:read', enterpriseOnly: true },
  { path: '/protection/grants', label: 'protection.menuGrants', icon: <ShareAltOutlined />, perm: 'protection:read', enterpriseOnly: true },
  { path: '/protection/granted', label: 'protection.menuGranted', icon: <KeyOutlined />, perm: 'protection:granted', staffOnly: true },
];

/** The 宣传培训 group: trainings and one's own record for everyone; events, articles and the counts for staff. */
export const OUTREACH_NAV: NavItem[] = [
  { path: '/outreach/trainings', label: 'outreach.menuTrainings', icon: <ReadOutlined />, perm: 'outreach:enrol' },
  { path: '/outreach/mine', label: 'outreach.menuMine', icon: <UserSwitchOutlined />, perm: 'outreach:enrol' },
  { path: '/outreach/events', label: 'outreach.menuEvents', icon: <CalendarOutlined />, perm: 'outreach:read', staffOnly: true },
  { path: '/outreach/experts', label: 'outreach.menuExperts', icon: <TeamOutlined />, perm: 'outreach:read', staffOnly: true },
  { path: '/outreach/articles', label: 'outreach.menuArticles', icon: <FileTextOutlined />, perm: 'outreach:read', staffOnly: true },
  { path: '/outreach/counts', label: 'outreach.menuCounts', icon: <DashboardOutlined />, perm: 'outreach:read', staffOnly: true },
  { path: '/portal', label: 'publicNav.portal', icon: <GlobalOutlined />, perm: 'outreach:enrol' },
];

/** What one user's menu holds, group by group (the layout's menu and the home page's 常用功能 read the same). */
export function visibleNav(orgKind: string, can: (p: Permission) => boolean) {
  const enterpriseUser = orgKind === 'enterprise';
  const partner = PARTNER_ORG_KINDS.includes(orgKind);
  return {
    enterpriseUser,
    partner,
    enterprise: ENTERPRISE_NAV.filter((item) => can(item.perm) && !(item.staffOnly && enterpriseUser)),
    network: NETWORK_NAV.filter((item) => can(item.perm)),
    // the enterprise's own file: its users see their pages, staff only what a grant opened to them
    protection: PROTECTION_NAV.filter((item) => can(item.perm) && (enterpriseUser ? !item.staffOnly : !item.enterpriseOnly)),
    cases: (partner ? PARTNER_NAV : CASES_NAV).filter((item) => can(item.perm)),
    services: SERVICES_NAV.filter((item) => can(item.perm) && !(item.staffOnly && enterpriseUser) && !(item.enterpriseOnly && !enterpriseUser)),
    credit: CREDIT_NAV.filter((item) => can(item.perm) && !(item.staffOnly && enterpriseUser) && !(item.enterpriseOnly && !enterpriseUser)),
    listening: LISTENING_NAV.filter((item) => can(item.perm) && !(item.staffOnly && enterpriseUser) && !(item.enterpriseOnly && !enterpriseUser)),
    outreach: OUTREACH_NAV.filter((item) => can(item.perm) && !(item.staffOnly && enterpriseUser)),
    steering: STEERING_NAV.filter((item) => can(item.perm) && !(item.staffOnly && enterpriseUser)),
    system: SYSTEM_NAV.filter((item) => can(item.perm)),
  };
}

/**
 * The home page's 常用功能: the user's own work first — for an enterprise 诊断体检, 存证, 示范文本库 and its record; for
 * staff the first page of each group they work in — then the system pages, six at most.
 */
export function quickLinks(orgKind: string, can: (p: Permission) => boolean): NavItem[] {
  const v = visibleNav(orgKind, can);
  if (v.enterpriseUser) {
    const order = ['/assessments', '/proofs', '/model-documents', '/enterprises', '/cultivation'];
    return order.map((p) => v.enterprise.find((i) => i.path === p)).filter((i): i is NavItem => !!i);
  }
  const firsts = [v.cases[0], v.enterprise[0], v.network[0], v.enterprise.find((i) => i.path === '/assessments'), v.enterprise.find((i) => i.path === '/cultivation')];
  const seen = new Set<string>();
  return [...firsts, ...v.system]
    .filter((i): i is NavItem => !!i && !seen.has(i.path) && !!seen.add(i.path))
    .slice(0, 6);
}
