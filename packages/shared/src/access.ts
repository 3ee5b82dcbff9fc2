import { z } from 'zod';

/**
 * Every permission the platform knows, `domain:action`. Routes name one of these (or the pseudo-permissions
 * `public` and `self`); roles hold them. Later modules append their own entries here.
 */
export const PERMISSIONS = {
  'orgs:read': { zh: '查看组织机构', en: 'View organisations' },
  'orgs:create': { zh: '新增组织机构', en: 'Create organisations' },
  'orgs:update': { zh: '修改组织机构', en: 'Edit organisations' },
  'orgs:delete': { zh: '删除组织机构', en: 'Delete organisations' },
  'users:read': { zh: '查看用户', en: 'View users' },
  'users:create': { zh: '新增用户', en: 'Create users' },
  'users:update': { zh: '修改、停用、解锁用户', en: 'Edit, disable and unlock users' },
  'users:reset-password': { zh: '重置用户密码', en: 'Reset user passwords' },
  'roles:read': { zh: '查看角色', en: 'View roles' },
  'roles:create': { zh: '新增角色', en: 'Create roles' },
  'roles:update': { zh: '修改角色', en: 'Edit roles' },
  'roles:delete': { zh: '删除角色', en: 'Delete roles' },
  'oplog:read': { zh: '查看操作日志', en: 'View the operation log' },
  'loginlog:read': { zh: '查看登录日志', en: 'View the login log' },
  'dicts:update': { zh: '维护字典', en: 'Edit dictionaries' },
  'regions:update': { zh: '维护地区配置', en: 'Edit region configuration' },
  'enterprises:read': { zh: '查看企业', en: 'View enterprises' },
  'enterprises:create': { zh: '新增企业、开通企业账号', en: 'Create enterprises and open their accounts' },
  'enterprises:update': { zh: '修改企业信息', en: 'Edit enterprises' },
  'enterprises:merge': { zh: '合并重复企业', en: 'Merge duplicate enterprises' },
  'enterprises:confirm': { zh: '审核企业注册', en: 'Confirm or reject enterprise registrations' },
  'enterprises:import': { zh: '批量导入企业', en: 'Import enterprises in bulk' },
  'cultivation:read': { zh: '查看培育企业清单', en: 'View the cultivation list' },
  'cultivation:manage': { zh: '维护培育企业清单（列入、辅导计划、提交阶段申请）', en: 'Keep the cultivation list (add, coaching plans, stage requests)' },
  'cultivation:review': { zh: '区县审核培育阶段', en: 'Review cultivation stages (district)' },
  'cultivation:approve': { zh: '市局审批培育阶段', en: 'Approve cultivation stages (city)' },
  'sites:read': { zh: '查看保护基地/站/点', en: 'View protection sites' },
  'sites:create': { zh: '新增站点、开通站点账号', en: 'Create sites and open their staff accounts' },
  'sites:update': { zh: '修改站点信息与状态', en: 'Edit sites and their status' },
  'sites:submit': { zh: '提交站点验收申请', en: 'Submit a site for acceptance' },
  'sites:review': { zh: '区县审核站点验收、暂停站点', en: 'Review site acceptance (district), suspend sites' },
  'sites:approve': { zh: '市局认定站点、撤销认定', en: 'Accredit sites (city), revoke accreditation' },
  'sites:targets': { zh: '维护建设目标与区县分解', en: 'Set network targets and district quotas' },
  'sites:standards': { zh: '维护站点建设标准', en: 'Edit the construction standard' },
  'sites:import': { zh: '批量导入站点', en: 'Import sites in bulk' },
  'sites:systems': { zh: '维护其他服务体系名录（知识产权保护中心、孵化载体等）', en: 'Keep the directory of other public service systems' },
  'assessments:read': { zh: '查看诊断体检（企业本身、实施现场诊断的站点，或经企业同意共享的）', en: 'View health checks (own, conducted on site, or shared by consent)' },
  'assessments:answer': { zh: '开展诊断体检（企业自查、站点现场诊断）', en: 'Carry out health checks (self-check, on-site check)' },
  'assessments:review': { zh: '点评诊断体检', en: 'Comment on health checks' },
  'assessments:stats': { zh: '查看区域体检画像（汇总）', en: 'View the regional health-check picture (aggregates)' },
  'assessments:campaigns': { zh: '发起体检活动、催办', en: 'Launch health-check campaigns and send reminders' },
  'assessments:frameworks': { zh: '上传诊断框架新版本', en: 'Load new health-check framework versions' },
  'proofs:read': { zh: '查看本企业存证', en: "View one's enterprise's existence proofs" },
  'proofs:deposit': { zh: '提交存证', en: 'Deposit existence proofs' },
  'proofs:witnesses': { zh: '管理存证见证方', en: 'Register proof-log witnesses' },
  'cases:read': { zh: '查看投诉举报与案件', en: 'View complaints, reports and cases' },
  'cases:create': { zh: '登记投诉举报（电话、信件、转办）', en: 'Enter complaints and reports (phone, letter, transfers)' },
  'cases:handle': { zh: '办理投诉举报与案件', en: 'Handle complaints, reports and cases' },
  'cases:approve': { zh: '审批立案、处罚、延期与移送', en: 'Approve filing, penalties, extensions and transfers' },
  'cases:assign': { zh: '指定管辖（市局）', en: 'Assign jurisdiction (city)' },
  'cases:identity': { zh: '查看举报人身份（须说明理由，留痕）', en: 'Reveal a reporter’s identity (with a reason, logged)' },
  'cases:partner': { zh: '协作部门办理移送与通报', en: 'Partner agencies: act on transfers and notices' },
  'cases:report': { zh: '权利人举报（企业）', en: 'Report as rights holder (enterprise)' },
  'cases:calendar': { zh: '维护工作日历与时限', en: 'Keep the working-day calendar' },
  'credit:read': { zh: '查看行政处罚信息与信用状况（企业：本企业）', en: 'View penalty records and credit standing (enterprises: their own)' },
  'credit:manage': { zh: '录入、导入行政处罚信息，提请列入严重违法失信名单，登记决定变更撤销', en: 'Enter and import penalty records, propose serious-list entries, record revocations' },
  'credit:review': { zh: '审核公示信息、初审信用修复申请', en: 'Review publications and repair applications' },
  'credit:publish': { zh: '公示与撤回行政处罚信息、公示名单', en: 'Publish and withdraw penalty records and list entries' },
  'credit:decide': { zh: '作出列入名单、信用修复与提前移出决定（市局）', en: 'Decide listings, repairs and early removals (city)' },
  'credit:export': { zh: '导出双公示数据、查看导出台账', en: 'Export 双公示 files and read the export ledger' },
  'credit:rules': { zh: '维护信用规则、惩戒措施目录、协同部门与接口令牌', en: 'Keep the credit rules, measures, partner departments and API tokens' },
  'credit:partner': { zh: '协同部门查看并签收严重违法失信名单', en: 'Partner departments: see and acknowledge the serious-violation list' },
  'credit:apply': { zh: '企业申请信用修复、提前移出名单', en: 'Enterprises: apply for credit repair or early removal' },
  'outreach:read': { zh: '查看培训、宣传活动、文章与年度统计', en: 'View trainings, publicity events, articles and the year’s counts' },
  'outreach:manage': { zh: '组织培训与宣传活动、撰写文章', en: 'Organise trainings and events, write articles' },
  'outreach:publish': { zh: '审核、发布与撤下文章', en: 'Review, publish and withdraw articles' },
  'outreach:enrol': { zh: '报名参加培训并扫码签到', en: 'Enrol in trainings and check in' },
  'protection:read': { zh: '查看本企业保护档案（商业秘密清单、措施、涉密人员、告知确认）', en: "View one's enterprise's protection file (register, measures, people, acknowledgements)" },
  'protection:manage': { zh: '维护本企业保护档案、发送保密告知', en: "Keep one's enterprise's protection file and send notices" },
  'protection:grant': { zh: '向站点、服务机构或执法人员限时开放档案', en: 'Open parts of the file to a site, a provider or an officer, for a limited time' },
  'protection:granted': { zh: '查看企业向本单位或本人开放的档案内容（每次查看留痕）', en: 'View what an enterprise opened to one’s organisation or oneself (every view logged)' },
  // listening (issue 17)
  'listening:read': { zh: '查看走访、座谈访谈、问卷与企业诉求', en: 'View visits, forums, surveys and enterprise needs' },
  'listening:manage': { zh: '计划与记录走访、座谈访谈，登记并交办企业诉求', en: 'Plan and record visits and forums, record and assign needs' },
  'listening:handle': { zh: '办理并答复交办的企业诉求', en: 'Handle and reply to needs assigned to one’s organisation' },
  'listening:survey': { zh: '设计、发放、关闭问卷，查看与导出结果', en: 'Build, send and close surveys, read and export results' },
  'listening:associations': { zh: '管理行业协会与保护联盟（会员、自律规范）', en: 'Keep associations and alliances (members, norms)' },
  'listening:answer': { zh: '企业填写问卷，确认或重新打开诉求答复', en: 'Enterprises: answer surveys, confirm or reopen replies to their needs' },
  'services:read': { zh: '查看服务（本企业求助；站点、服务机构：分派给本单位的求助与台账；主管部门：辖区）', en: 'View services (enterprises: their requests; sites and providers: what is assigned to them; bureaus: their area)' },
  'services:request': { zh: '企业求助、确认服务并评价', en: 'Enterprises: ask for help, confirm and rate services' },
  'services:deliver': { zh: '受理、退回、办结求助，登记培训宣传活动，维护本单位服务目录', en: 'Accept, decline and deliver requests, record activities, keep one’s catalogue' },
  'services:assign': { zh: '分派、改派求助（区县、市局）', en: 'Assign and reassign requests (district, city)' },
  'services:providers': { zh: '维护服务机构名录与资质', en: 'Keep the provider registry and qualifications' },
  'services:contracts': { zh: '政府购买服务：合同、支付、验收、绩效评价', en: 'Government-purchased services: contracts, payments, acceptance, evaluation' },
  'services:stats': { zh: '查看服务统计', en: 'View service statistics' },
  // steering (issue 19)
  'steering:read': { zh: '查看领导驾驶舱、试点指标与年度工作总结', en: 'View the leadership picture, the pilot indicators and the annual report' },
  'steering:manage': { zh: '填报手工指标（附证明材料）', en: 'Enter manual indicator values with evidence' },
  // taskforce and funding (issue 19 items 5–6)
  'taskforce:read': { zh: '查看专班成员单位、会议与交办任务（成员单位、区县：本单位参会的会议与交办给本单位的任务）', en: 'View the task force: member units, meetings and assigned tasks (units and districts: their own)' },
  'taskforce:manage': { zh: '专班办公室：维护成员单位，记录联席会议、专班会议与议定事项，交办、验收、催办', en: 'Task-force office: keep member units, record meetings and decisions, assign, accept and urge tasks' },
  'taskforce:report': { zh: '办理交办任务：报送进展、提交办结', en: 'Work on assigned tasks: report progress, submit completion' },
  'funding:read': { zh: '查看试点资金预算与执行（区县：本辖区）', en: 'View the pilot budget and its execution (districts: their own)' },
  'funding:manage': { zh: '维护预算科目、登记资金支出', en: 'Keep budget lines and record spending' },
  // appraisal (issue 19 item 4)
  'appraisal:read': { zh: '查看考核（区县：本区县评分表；终定后全市排名）', en: 'View the appraisal (districts: their own sheet; the ranking once final)' },
  'appraisal:manage': { zh: '开启考核、评分、公布结果、答复异议、终定排名', en: 'Open the appraisal, score, publish, answer objections, finalise' },
  'appraisal:submit': { zh: '补充本区县考核证明材料、提交、提出异议', en: 'Add the district’s evidence, submit, object' },
} as const satisfies Record<string, { zh: string; en: string }>;

export type Permission = keyof typeof PERMISSIONS;
export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];
export const permissionSchema = z.enum(ALL_PERMISSIONS as [Permission, ...Permission[]]);

/**
 * A route's access: a real permission, `self` (any signed-in user acting on their own account) or `public`.
 */
export type RouteAccess = Permission | 'self' | 'public';

/**
 * Data scope, RuoYi semantics, widest first. The scope is relative to the user's own organisation.
 * A user holding several roles gets the widest of their scopes.
 */
export const DATA_SCOPES = ['all', 'org_and_below', 'org', 'self'] as const;
export type DataScope = (typeof DATA_SCOPES)[number];
export const DATA_SCOPE_LABELS: Record<DataScope, { zh: string; en: string }> = {
  all: { zh: '全部数据', en: 'All data' },
  org_and_below: { zh: '本单位及以下', en: 'Own organisation and below' },
  org: { zh: '仅本单位', en: 'Own organisation only' },
  self: { zh: '仅本人', en: 'Own records only' },
};
export function widestScope(scopes: DataScope[]): DataScope {
  for (const s of DATA_SCOPES) if (scopes.includes(s)) return s;
  return 'self';
}

const READ_PLATFORM: Permission[] = ['orgs:read', 'users:read', 'roles:read', 'oplog:read', 'loginlog:read'];
/** Bureau officers keep the enterprise registry of their area (city: the region; district: the district). */
const ENTERPRISE_STAFF: Permission[] = [
  'enterprises:read',
  'enterprises:create',
  'enterprises:update',
  'enterprises:merge',
  'enterprises:confirm',
  'enterprises:import',
  'cultivation:read',
  'cultivation:manage',
];

/**
 * Bureaus see health checks only when the enterprise shares them (assessments:read is filtered by consent), the regional
 * picture over at least 5 enterprises, and run campaigns.
 */
const CHECKUP_BUREAU: Permission[] = ['assessments:read', 'assessments:stats', 'assessments:campaigns'];

/**
 * Bureau case officers. Revealing a reporter (cases:identity) and the calendar stay with administrators unless a role
 * is given them; a district's head approves with cases:approve.
 */
const CASE_STAFF: Permission[] = ['cases:read', 'cases:create', 'cases:handle', 'cases:approve'];

/** Bureau credit officers: enter, review and publish penalties and export them; the city also decides (listing, repair). */
const CREDIT_STAFF: Permission[] = ['credit:read', 'credit:manage', 'credit:review', 'credit:publish', 'credit:export'];
/** Listening to enterprises (issue 17): bureaus visit, hold forums, run surveys and track the needs found. */
const LISTENING_BUREAU: Permission[] = ['listening:read', 'listening:manage', 'listening:handle', 'listening:survey', 'listening:associations'];
/** An enterprise's protection file is its own: the enterprise keeps it; outsiders see only what it opens to them, for a while. */
/** Bureaus organise, write and publish; sites and providers organise and write; everyone may enrol and check in. */
const OUTREACH_BUREAU: Permission[] = ['outreach:read', 'outreach:manage', 'outreach:publish', 'outreach:enrol'];
const OUTREACH_ORGANISER: Permission[] = ['outreach:read', 'outreach:manage', 'outreach:enrol'];
const PROTECTION_KEEPER: Permission[] = ['protection:read', 'protection:manage'];
/** Bureaus keep the providers and contracts of their area, assign what the sites and providers leave, and read the figures. */
const SERVICES_BUREAU: Permission[] = ['services:read', 'services:assign', 'services:providers', 'services:contracts', 'services:stats'];
/** Sites and providers deliver what is assigned to them and keep their ledger (scope: their organisation, enforced by the service). */
const SERVICES_DELIVER: Permission[] = ['services:read', 'services:deliver'];
/** Units and districts work on what the task force assigned them; bureaus keep their budget lines and spending. */
const TASKFORCE_UNIT: Permission[] = ['taskforce:read', 'taskforce:report'];
const FUNDING_BUREAU: Permission[] = ['funding:read', 'funding:manage'];
/** The city appraises the districts; a district adds its evidence, submits and may object (issue 19 item 4). */
const APPRAISAL_CITY: Permission[] = ['appraisal:read', 'appraisal:manage'];
const APPRAISAL_DISTRICT: Permission[] = ['appraisal:read', 'appraisal:submit'];
/** An enterprise asks for help and rates what it got. */
const SERVICES_ASK: Permission[] = ['services:read', 'services:request'];
/** Bureaus read the pilot's indicators (a district its own) and enter the manual ones (issue 19). */
const STEERING_BUREAU: Permission[] = ['steering:read', 'steering:manage'];

export interface BuiltinRole {
  code: string;
  nameZh: string;
  nameEn: string;
  dataScope: DataScope;
  permissions: Permission[];
}

/** The built-in roles the plan's actors need. Admins may edit their permissions but not delete them. */
export const BUILTIN_ROLES: BuiltinRole[] = [
  { code: 'platform_admin', nameZh: '平台管理员', nameEn: 'Platform administrator', dataScope: 'all', permissions: ALL_PERMISSIONS },
  {
    code: 'city_admin',
    nameZh: '市局管理员',
    nameEn: 'City bureau administrator',
    dataScope: 'org_and_below',
    permissions: ALL_PERMISSIONS.filter((p) => p !== 'regions:update'),
  },
  {
    code: 'city_staff',
    nameZh: '市局业务人员',
    nameEn: 'City bureau officer',
    dataScope: 'org_and_below',
    // the city gives the last approval of each cultivation stage, and accredits sites
    permissions: [...READ_PLATFORM, ...ENTERPRISE_STAFF, 'cultivation:approve', 'sites:read', 'sites:approve', ...CHECKUP_BUREAU, ...CASE_STAFF, 'cases:assign', ...CREDIT_STAFF, 'credit:decide', 'protection:granted', ...LISTENING_BUREAU, ...OUTREACH_BUREAU, ...SERVICES_BUREAU, ...STEERING_BUREAU, ...TASKFORCE_UNIT, ...FUNDING_BUREAU, ...APPRAISAL_CITY],
  },
  {
    code: 'district_staff',
    nameZh: '区县业务人员',
    nameEn: 'District bureau officer',
    dataScope: 'org_and_below',
    // the district reviews each cultivation stage first, and manages its district's sites
    permissions: [...READ_PLATFORM, ...ENTERPRISE_STAFF, 'cultivation:review', 'sites:read', 'sites:create', 'sites:update', 'sites:review', 'sites:import', ...CHECKUP_BUREAU, ...CASE_STAFF, ...CREDIT_STAFF, 'protection:granted', ...LISTENING_BUREAU, ...OUTREACH_BUREAU, ...SERVICES_BUREAU, ...STEERING_BUREAU, ...TASKFORCE_UNIT, ...FUNDING_BUREAU, ...APPRAISAL_DISTRICT],
  },
  // a site sees the enterprises it serves and may confirm their registrations
  {
    code: 'site_staff',
    nameZh: '站点工作人员',
    nameEn: 'Site staff',
    dataScope: 'org',
    // sites:update on their own site's profile only (SITE_SELF_FIELDS), enforced by the service
    permissions: ['orgs:read', 'users:read', 'enterprises:read', 'enterprises:confirm', 'cultivation:read', 'cultivation:manage', 'sites:read', 'sites:update', 'sites:submit', 'assessments:read', 'assessments:answer', 'assessments:review', 'protection:granted', 'listening:read', 'listening:handle', ...OUTREACH_ORGANISER, ...SERVICES_DELIVER],
  },
  // police, procuratorate, court: only what a bureau transferred or notified to their organisation (enforced by the cases service)
  { code: 'partner_staff', nameZh: '协作部门人员', nameEn: 'Partner agency officer', dataScope: 'org', permissions: ['orgs:read', 'cases:read', 'cases:partner', 'outreach:enrol', ...TASKFORCE_UNIT] },
  // 联合惩戒 partners (财政、发改、住建 …): the serious-violation list shared with their department, to acknowledge
  { code: 'credit_partner', nameZh: '信用协同部门人员', nameEn: 'Credit partner department officer', dataScope: 'org', permissions: ['orgs:read', 'credit:partner', ...TASKFORCE_UNIT] },
  // the 专班 office (工作专班办公室, seed plan 三(二)), usually at the city bureau: member units, meetings, assigning and
  // accepting tasks, supervision (督办); it reads the pilot's budget
  {
    code: 'taskforce_office',
    nameZh: '专班办公室人员',
    nameEn: 'Task-force office staff',
    dataScope: 'org_and_below',
    permissions: ['orgs:read', 'users:read', 'taskforce:read', 'taskforce:manage', 'taskforce:report', 'funding:read'],
  },
  // a provider's staff: what is assigned to their organisation (requests, its ledger, its contracts), never other providers'
  // an association's or alliance's own account (issue 17 item 5): its members and norms, its activities, surveys of its members
  { code: 'association_staff', nameZh: '协会联盟工作人员', nameEn: 'Association staff', dataScope: 'org', permissions: ['orgs:read', 'listening:read', 'listening:manage', 'listening:survey', 'listening:associations', 'outreach:enrol'] },
  { code: 'provider_staff', nameZh: '服务机构人员', nameEn: 'Service provider staff', dataScope: 'org', permissions: ['orgs:read', 'protection:granted', 'listening:read', 'listening:handle', ...OUTREACH_ORGANISER, ...SERVICES_DELIVER] },
  {
    code: 'enterprise_admin',
    nameZh: '企业管理员',
    nameEn: 'Enterprise administrator',
    dataScope: 'org',
    // enterprises:update on their own enterprise's profile only (ENTERPRISE_SELF_FIELDS), enforced by the service;
    // orgs:read (scope org: the enterprise itself) so the member form can name the organisation
    permissions: ['orgs:read', 'users:read', 'users:create', 'users:update', 'users:reset-password', 'enterprises:read', 'enterprises:update', 'cultivation:read', 'assessments:read', 'assessments:answer', 'proofs:read', 'proofs:deposit', 'cases:report', 'credit:read', 'credit:apply', ...PROTECTION_KEEPER, 'protection:grant', 'listening:read', 'listening:answer', 'outreach:enrol', ...SERVICES_ASK],
  },
  // keeps the protection file day to day (register, measures, people, notices) without opening it to outsiders
  {
    code: 'enterprise_protection',
    nameZh: '企业保密专员',
    nameEn: 'Enterprise protection officer',
    dataScope: 'org',
    permissions: ['enterprises:read', 'cultivation:read', 'assessments:read', 'proofs:read', 'proofs:deposit', ...PROTECTION_KEEPER, 'outreach:enrol'],
  },
  { code: 'enterprise_member', nameZh: '企业成员', nameEn: 'Enterprise member', dataScope: 'self', permissions: ['enterprises:read', 'cultivation:read', 'assessments:read', 'assessments:answer', 'proofs:read', 'proofs:deposit', 'credit:read', 'outreach:enrol', ...SERVICES_ASK] },
];

export const ADMIN_ROLE_CODES = ['platform_admin', 'city_admin'];
