import { z } from 'zod';
import { exportOrder, id, idValue, optionalText, pageOf, pageQuery, text, TIME_ZONE } from './common.js';
import { storedFile } from './files.js';
import { username } from './users.js';
import { shippedStandard, SITE_KINDS, siteStandard, standardsQuery, type SiteKind } from './sites-standard.js';

/**
 * The protection network (保护网络): bases 基地, stations 站 and points 点 — "一基地一站多点". Each site is an organisation
 * of kind `site` in the tree (a station may hang under a base, a point under a station or a base), with a profile in
 * `sites`, a status with its history, and an acceptance (验收) against the construction standard (建设标准) of its kind.
 */
/** The kinds a site of each kind may hang under (none: under its district bureau). A centre is a district's own. */
export const SITE_PARENT_KINDS: Record<SiteKind, readonly SiteKind[]> = { base: [], station: ['base'], point: ['station', 'base'], centre: [] };

/**
 * A site's host (依托单位) is an organisation of the registry: an enterprise, or an organisation of one of these kinds
 * (a park's committee or a law firm is registered as `other`/`provider`). Sites and the platform cannot host.
 */
export const HOST_ORG_KINDS = ['provider', 'association', 'department', 'other', 'city_bureau', 'district_bureau', 'police', 'procuratorate', 'court', 'justice'] as const;
/** Task 5: stations and points "以知识密集型企业、技术密集型企业、创新型企业、老字号企业为重点" (dictionary `enterprise_kind`). */
export const FOCUS_ENTERPRISE_KINDS = ['knowledge_intensive', 'technology_intensive', 'innovative', 'time_honoured'] as const;

export const SITE_LEVELS = ['city', 'district'] as const;
export type SiteLevel = (typeof SITE_LEVELS)[number];
export const SITE_LEVEL_LABELS: Record<SiteLevel, { zh: string; en: string }> = {
  city: { zh: '市级', en: 'City level' },
  district: { zh: '区级', en: 'District level' },
};

/**
 * 规划 → 建设中 → 申请验收 → 已认定 → 运行中, with 暂停 and 撤销. `applying` and `accredited` are reached only through the
 * acceptance workflow (submission; city approval); the others by a status change with a reason.
 */
export const SITE_STATUSES = ['planned', 'building', 'applying', 'accredited', 'operating', 'suspended', 'revoked'] as const;
export type SiteStatus = (typeof SITE_STATUSES)[number];
export const SITE_STATUS_LABELS: Record<SiteStatus, { zh: string; en: string }> = {
  planned: { zh: '规划', en: 'Planned' },
  building: { zh: '建设中', en: 'Under construction' },
  applying: { zh: '申请验收', en: 'Applying for acceptance' },
  accredited: { zh: '已认定', en: 'Accredited' },
  operating: { zh: '运行中', en: 'Operating' },
  suspended: { zh: '暂停', en: 'Suspended' },
  revoked: { zh: '撤销', en: 'Revoked' },
};
/** The main path, for progress steps. */
export const SITE_PATH = ['planned', 'building', 'applying', 'accredited', 'operating'] as const satisfies readonly SiteStatus[];
/** Statuses of a site that has been accepted and still counts (the public directory shows these). */
export const SITE_ACCEPTED_STATUSES = ['accredited', 'operating', 'suspended'] as const satisfies readonly SiteStatus[];
/** The directory lists sites that serve: accredited and operating (a suspended site is out until it resumes). */
export const SITE_PUBLIC_STATUSES = ['accredited', 'operating'] as const satisfies readonly SiteStatus[];

/** Manual status changes (with a reason); `applying` and `accredited` come from the acceptance workflow only. */
export const SITE_STATUS_MOVES: Record<SiteStatus, readonly SiteStatus[]> = {
  planned: ['building', 'revoked'],
  building: ['planned', 'revoked'],
  applying: [],
  accredited: ['operating', 'suspended', 'revoked'],
  operating: ['suspended', 'revoked'],
  suspended: ['operating', 'revoked'],
  revoked: [],
};

/**
 * The permission a status change needs: suspending and resuming is the district's (sites:review); revoking an accepted
 * site is the city's (sites:approve), as its acceptance was; the rest is keeping the site (sites:update).
 */
export function statusMovePermission(from: SiteStatus, to: SiteStatus, everAccredited: boolean): 'sites:update' | 'sites:review' | 'sites:approve' {
  if (to === 'revoked') return everAccredited ? 'sites:approve' : 'sites:review';
  if (to === 'suspended' || from === 'suspended') return 'sites:review';
  return 'sites:update';
}

export const SITE_EVENT_ACTIONS = [
  'created',
  'updated',
  'moved',
  'status_changed',
  'photos_added',
  'photo_removed',
  'staff_added',
  'submitted',
  'district_passed',
  'district_returned',
  'city_approved',
  'city_returned',
  'withdrawn',
] as const;
export type SiteEventAction = (typeof SITE_EVENT_ACTIONS)[number];
export const SITE_EVENT_LABELS: Record<SiteEventAction, { zh: string; en: string }> = {
  created: { zh: '新建站点', en: 'Site created' },
  updated: { zh: '修改站点信息', en: 'Profile changed' },
  moved: { zh: '调整上级', en: 'Moved' },
  status_changed: { zh: '变更状态', en: 'Status changed' },
  photos_added: { zh: '上传照片', en: 'Photos added' },
  photo_removed: { zh: '删除照片', en: 'Photo removed' },
  staff_added: { zh: '开通工作人员账号', en: 'Staff account opened' },
  submitted: { zh: '提交验收申请（自评）', en: 'Acceptance submitted (self-evaluation)' },
  district_passed: { zh: '区县审核通过', en: 'Passed by the district' },
  district_returned: { zh: '区县审核退回', en: 'Returned by the district' },
  city_approved: { zh: '市局认定通过', en: 'Accredited by the city' },
  city_returned: { zh: '市局审批退回', en: 'Returned by the city' },
  withdrawn: { zh: '撤回验收申请', en: 'Acceptance withdrawn' },
};

/** Where an acceptance stands. */
export const ACCEPTANCE_STATES = ['district', 'city', 'returned', 'withdrawn', 'approved'] as const;
export type AcceptanceState = (typeof ACCEPTANCE_STATES)[number];
export const ACCEPTANCE_STATE_LABELS: Record<AcceptanceState, { zh: string; en: string }> = {
  district: { zh: '待区县审核', en: 'Awaiting district review' },
  city: { zh: '待市局审批', en: 'Awaiting city approval' },
  returned: { zh: '已退回', en: 'Returned' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
  approved: { zh: '已认定', en: 'Accredited' },
};

/**
 * Targets are counted as the plan counts them: regional municipal bases (区域性市级基地: bases of level 市级), and
 * stations and points together (站、点). 维权指导中心 are counted on their own: the plan sets no number ("鼓励有条件的县
 * （市）区设立"), so a goal or a district's quota for them is optional data.
 */
export const TARGET_KINDS = ['base', 'station_point', 'centre'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];
export const TARGET_KIND_LABELS: Record<TargetKind, { zh: string; en: string }> = {
  base: { zh: '市级基地', en: 'City-level bases' },
  station_point: { zh: '站、点', en: 'Stations & points' },
  centre: { zh: '维权指导中心', en: 'Guidance centres' },
};
export const targetKindOf = (kind: SiteKind, level: SiteLevel): TargetKind | null =>
  kind === 'centre' ? 'centre' : kind === 'base' ? (level === 'city' ? 'base' : null) : 'station_point';

/** The first instant of 1 January of `year + 1` in Asia/Shanghai: a site accepted before it counts toward `year`. */
export function yearEnd(year: number): Date {
  return new Date(`${year + 1}-01-01T00:00:00+08:00`);
}
/** The year (Asia/Shanghai) of an instant. */
export function yearOf(at: Date | string): number {
  return Number(new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric' }).format(new Date(at)));
}

/** Plaque number: `<region>-<J|Z|D|W>-<year>-<3 digits>` (基地 J, 站 Z, 点 D, 维权指导中心 W), unique. */
export const PLAQUE_LETTERS: Record<SiteKind, string> = { base: 'J', station: 'Z', point: 'D', centre: 'W' };
export function plaqueNumber(regionCode: string, kind: SiteKind, year: number, seq: number): string {
  return `${regionCode}-${PLAQUE_LETTERS[kind]}-${year}-${String(seq).padStart(3, '0')}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Sites

const phone = z
  .string()
  .trim()
  .regex(/^[0-9+\- ]{5,20}$/);
const lng = z.number().min(73).max(136);
const lat = z.number().min(3).max(54);
const fileIds = z.array(idValue).max(20);

export const siteStaffMember = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  status: z.enum(['active', 'disabled']),
});

export const site = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  regionCode: z.string(),
  districtCode: z.string().nullable(),
  parkId: z.number().int().nullable(),
  parkName: z.string().nullable(),
  kind: z.enum(SITE_KINDS),
  level: z.enum(SITE_LEVELS),
  name: z.string(),
  parentSiteId: z.number().int().nullable(),
  parentSiteName: z.string().nullable(),
  /** the host organisation of the registry; null with a hostName: 待关联 (to be linked by a person) */
  hostOrgId: z.number().int().nullable(),
  /** its organisation kind (`enterprise`, `association` …) */
  hostOrgKind: z.string().nullable(),
  hostName: z.string().nullable(),
  hostKind: z.string().nullable(),
  address: z.string().nullable(),
  lng: z.number().nullable(),
  lat: z.number().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  contactEmail: z.string().nullable(),
  hours: z.string().nullable(),
  services: z.array(z.string()),
  intro: z.string().nullable(),
  status: z.enum(SITE_STATUSES),
  statusChangedAt: z.string(),
  accreditedAt: z.string().nullable(),
  plaqueNo: z.string().nullable(),
  /** the open or last acceptance's state, null before the first submission */
  acceptance: z.enum(ACCEPTANCE_STATES).nullable(),
  submittedAt: z.string().nullable(),
  childCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Site = z.infer<typeof site>;

export const siteEvent = z.object({
  id: z.number().int(),
  at: z.string(),
  userName: z.string().nullable(),
  orgName: z.string().nullable(),
  action: z.enum(SITE_EVENT_ACTIONS),
  fromStatus: z.enum(SITE_STATUSES).nullable(),
  toStatus: z.enum(SITE_STATUSES).nullable(),
  comment: z.string().nullable(),
  fileIds: z.array(z.number().int()),
  /** for `updated`: the fields that changed (labels: FIELD_LABELS) */
  changed: z.array(z.string()),
});
export type SiteEvent = z.infer<typeof siteEvent>;

export const siteFile = storedFile.extend({
  purpose: z.enum(['photo', 'evidence']),
  acceptanceId: z.number().int().nullable(),
  itemCode: z.string().nullable(),
  addedByName: z.string().nullable(),
  addedAt: z.string(),
});
export type SiteFile = z.infer<typeof siteFile>;

export const acceptanceItem = z.object({
  code: z.string(),
  selfScore: z.number().int(),
  note: z.string().nullable(),
  fileIds: z.array(z.number().int()),
  districtScore: z.number().int().nullable(),
  districtComment: z.string().nullable(),
});

export const siteAcceptance = z.object({
  id: z.number().int(),
  standardId: z.number().int(),
  standardVersion: z.number().int(),
  state: z.enum(ACCEPTANCE_STATES),
  statement: z.string(),
  items: z.array(acceptanceItem),
  selfTotal: z.number().int(),
  districtTotal: z.number().int().nullable(),
  passScore: z.number().int(),
  submittedByName: z.string().nullable(),
  submittedAt: z.string(),
  districtByName: z.string().nullable(),
  districtAt: z.string().nullable(),
  districtComment: z.string().nullable(),
  cityByName: z.string().nullable(),
  cityAt: z.string().nullable(),
  cityComment: z.string().nullable(),
  returnReason: z.string().nullable(),
  returnedAt: z.string().nullable(),
  plaqueNo: z.string().nullable(),
});
export type SiteAcceptance = z.infer<typeof siteAcceptance>;

/** What the caller may do with a site now (the server checks again). */
export const siteAllowed = z.object({
  edit: z.boolean(),
  /** only the profile fields (site staff) */
  editProfileOnly: z.boolean(),
  statusTo: z.array(z.enum(SITE_STATUSES)),
  addStaff: z.boolean(),
  submit: z.boolean(),
  /** take back an acceptance still waiting for a decision (the applicant's side) */
  withdraw: z.boolean(),
  review: z.boolean(),
  approve: z.boolean(),
});
export type SiteAllowed = z.infer<typeof siteAllowed>;

export const siteDetail = site.extend({
  /** the approving bureau's name, for the certificate */
  cityBureauName: z.string().nullable(),
  events: z.array(siteEvent),
  files: z.array(siteFile),
  staff: z.array(siteStaffMember),
  children: z.array(z.object({ id: z.number().int(), name: z.string(), kind: z.enum(SITE_KINDS), status: z.enum(SITE_STATUSES) })),
  acceptances: z.array(siteAcceptance),
  /** the standard a new submission is made against (the current version for the site's kind) */
  standard: siteStandard.nullable(),
  allowed: siteAllowed,
});
export type SiteDetail = z.infer<typeof siteDetail>;

export const SITE_SORTS = ['id', 'name', 'status', 'statusChangedAt', 'accreditedAt', 'createdAt'] as const;

export const siteListQuery = z.object({
  q: z.string().trim().max(100).optional(),
  regionCode: z.string().regex(/^\d{6}$/).optional(),
  kind: z.enum(SITE_KINDS).optional(),
  level: z.enum(SITE_LEVELS).optional(),
  status: z.enum(SITE_STATUSES).optional(),
  districtCode: z.string().regex(/^\d{6}$/).optional(),
  parkId: id.optional(),
  hostKind: z.string().trim().max(50).optional(),
  /** `unlinked`: a host name not yet linked to an organisation (待关联); `linked`: a host organisation */
  host: z.enum(['linked', 'unlinked']).optional(),
  hostOrgId: id.optional(),
  service: z.string().trim().max(50).optional(),
  parentSiteId: id.optional(),
  acceptance: z.enum(ACCEPTANCE_STATES).optional(),
  sort: z.enum(SITE_SORTS).optional(),
});
export type SiteListQuery = z.infer<typeof siteListQuery>;

/** The profile fields site staff may change on their own site; the rest is the bureau's. */
export const SITE_SELF_FIELDS = ['address', 'lng', 'lat', 'contactName', 'contactPhone', 'contactEmail', 'hours', 'services', 'intro', 'hostName', 'hostOrgId'] as const;

const siteFields = {
  name: text(100),
  level: z.enum(SITE_LEVELS),
  districtCode: z.string().regex(/^\d{6}$/).nullable(),
  parkId: idValue.nullable(),
  parentSiteId: idValue.nullable(),
  /** the host organisation (an enterprise or another organisation of the region); wins over hostName */
  hostOrgId: idValue.nullable().optional(),
  hostName: optionalText(100),
  hostKind: optionalText(50),
  address: optionalText(200),
  lng: lng.nullable(),
  lat: lat.nullable(),
  contactName: optionalText(50),
  contactPhone: phone.optional().nullable(),
  contactEmail: z.email().max(100).optional().nullable(),
  hours: optionalText(200),
  services: z.array(z.string().trim().min(1).max(50)).max(30),
  intro: optionalText(2000),
};

export const siteCreate = z.strictObject({
  regionCode: z.string().regex(/^\d{6}$/).optional(),
  kind: z.enum(SITE_KINDS),
  ...siteFields,
  /** default: 市级 for a base, 区级 otherwise */
  level: siteFields.level.optional(),
  districtCode: siteFields.districtCode.optional(),
  parkId: siteFields.parkId.optional(),
  parentSiteId: siteFields.parentSiteId.optional(),
  lng: siteFields.lng.optional(),
  lat: siteFields.lat.optional(),
  services: siteFields.services.default([]),
  /** planned (default) or already building */
  status: z.enum(['planned', 'building']).default('planned'),
});
export type SiteCreate = z.infer<typeof siteCreate>;

/** A patch: only the fields sent change. Kind and status change otherwise (status: its own route). */
export const siteUpdate = z.strictObject(siteFields).partial();
export type SiteUpdate = z.infer<typeof siteUpdate>;

export const siteStatusChange = z.strictObject({ to: z.enum(SITE_STATUSES), reason: text(1000) });

export const siteStaffCreate = z.strictObject({
  username,
  displayName: text(50),
  password: z.string().min(1).max(128),
  phone: phone.optional().nullable(),
  email: z.email().max(100).optional().nullable(),
});

export const sitePhotosAdd = z.strictObject({ fileIds: fileIds.min(1) });

/** The site's self-evaluation: a score (0…weight) per item of the standard, with notes and evidence. */
export const acceptanceSubmit = z.strictObject({
  statement: text(2000),
  items: z
    .array(z.strictObject({ code: z.string().trim().min(1).max(20), score: z.number().int().min(0).max(1000), note: optionalText(1000), fileIds: fileIds.default([]) }))
    .min(1)
    .max(200),
});
export type AcceptanceSubmit = z.infer<typeof acceptanceSubmit>;

/** The district's review: its own score per item, then pass it on to the city or return it with a reason. */
export const acceptanceReview = z.strictObject({
  decision: z.enum(['pass', 'return']),
  comment: optionalText(1000),
  items: z
    .array(z.strictObject({ code: z.string().trim().min(1).max(20), score: z.number().int().min(0).max(1000), comment: optionalText(500) }))
    .max(200)
    .default([]),
});
export type AcceptanceReview = z.infer<typeof acceptanceReview>;

/** The city's decision: approve (a plaque number is issued: given, or the next in sequence) or return with a reason. */
/** 撤回: the applicant takes back an acceptance still under review, with the reason (the site returns to 建设中). */
export const acceptanceWithdraw = z.strictObject({ reason: text(1000) });
export type AcceptanceWithdraw = z.infer<typeof acceptanceWithdraw>;

export const acceptanceApprove = z.strictObject({
  decision: z.enum(['pass', 'return']),
  comment: optionalText(1000),
  plaqueNo: z.string().trim().min(3).max(40).optional().nullable(),
});
export type AcceptanceApprove = z.infer<typeof acceptanceApprove>;

// ---------------------------------------------------------------------------------------------------------------
// Targets and the dashboard

export const siteTarget = z.object({
  year: z.number().int(),
  kind: z.enum(TARGET_KINDS),
  /** null: the region's goal; a district code: that district's quota */
  districtCode: z.string().nullable(),
  /** built by the end of the year, counting earlier years */
  cumulative: z.number().int(),
  /** built within the year */
  newPerYear: z.number().int(),
});
export type SiteTarget = z.infer<typeof siteTarget>;

export const targetsQuery = z.object({ regionCode: z.string().regex(/^\d{6}$/).optional() });

const goal = { kind: z.enum(TARGET_KINDS), cumulative: z.number().int().min(0).max(100000), newPerYear: z.number().int().min(0).max(100000) };
/** A year's goals for the region and, optionally, its split into district quotas; replaces what the year had. */
export const targetsPut = z.strictObject({
  regionCode: z.string().regex(/^\d{6}$/).optional(),
  goals: z.array(z.strictObject(goal)).max(TARGET_KINDS.length),
  quotas: z.array(z.strictObject({ ...goal, districtCode: z.string().regex(/^\d{6}$/) })).max(200).default([]),
});
export type TargetsPut = z.infer<typeof targetsPut>;

export const dashboardQuery = z.object({
  regionCode: z.string().regex(/^\d{6}$/).optional(),
  districtCode: z.string().regex(/^\d{6}$/).optional(),
});

const progress = z.object({
  kind: z.enum(TARGET_KINDS),
  goalCumulative: z.number().int().nullable(),
  goalNew: z.number().int().nullable(),
  builtCumulative: z.number().int(),
  builtNew: z.number().int(),
});

/** Hosts to link a site to: organisations of the region whose name contains `q` (enterprises and HOST_ORG_KINDS). */
export const siteHostQuery = z.object({ q: z.string().trim().min(1).max(100), regionCode: z.string().regex(/^\d{6}$/).optional() });
export const siteHostOption = z.object({ id: z.number().int(), name: z.string(), kind: z.string(), enterpriseKinds: z.array(z.string()) });
export const siteHostOptionList = z.array(siteHostOption);
export type SiteHostOption = z.infer<typeof siteHostOption>;

/** Sites (revoked ones out) by their host: the organisation's kind, each enterprise kind it holds, focus kinds, 待关联. */
export const siteHostCounts = z.object({
  byOrgKind: z.array(z.object({ siteKind: z.enum(SITE_KINDS), orgKind: z.string(), count: z.number().int() })),
  /** an enterprise holding two kinds counts under each */
  byEnterpriseKind: z.array(z.object({ siteKind: z.enum(SITE_KINDS), enterpriseKind: z.string(), count: z.number().int() })),
  /** hosted by an enterprise of a focus kind (FOCUS_ENTERPRISE_KINDS), each site once */
  focus: z.array(z.object({ siteKind: z.enum(SITE_KINDS), count: z.number().int() })),
  /** a host name not linked to an organisation */
  unlinked: z.array(z.object({ siteKind: z.enum(SITE_KINDS), count: z.number().int() })),
});
export type SiteHostCounts = z.infer<typeof siteHostCounts>;

export const siteDashboard = z.object({
  regionCode: z.string(),
  districtCode: z.string().nullable(),
  years: z.array(z.object({ year: z.number().int(), items: z.array(progress) })),
  byDistrict: z.array(z.object({ year: z.number().int(), districtCode: z.string().nullable(), items: z.array(progress) })),
  pipeline: z.array(z.object({ kind: z.enum(SITE_KINDS), status: z.enum(SITE_STATUSES), count: z.number().int() })),
  hosts: siteHostCounts,
  waiting: z.array(
    z.object({
      id: z.number().int(),
      name: z.string(),
      kind: z.enum(SITE_KINDS),
      districtCode: z.string().nullable(),
      acceptance: z.enum(ACCEPTANCE_STATES),
      submittedAt: z.string(),
      days: z.number().int(),
    }),
  ),
});
export type SiteDashboard = z.infer<typeof siteDashboard>;

function mapPoint() {
  return z.object({ id: z.number().int(), name: z.string(), kind: z.enum(SITE_KINDS), status: z.enum(SITE_STATUSES), lng: z.number(), lat: z.number() });
}
export const siteMapPoint = mapPoint();
export type SiteMapPoint = z.infer<typeof siteMapPoint>;

/**
 * The dashboard's map: the sites of the scope as they are now (all but revoked ones), or with `year` the sites that
 * count toward that year's goal (accredited by 31 December, not revoked by then).
 */
export const siteMapQuery = dashboardQuery.extend({ year: z.coerce.number().int().min(2000).max(2100).optional() });
export type SiteMapQuery = z.infer<typeof siteMapQuery>;

// ---------------------------------------------------------------------------------------------------------------
// The public directory

export const publicSite = z.object({
  id: z.number().int(),
  regionCode: z.string(),
  name: z.string(),
  kind: z.enum(SITE_KINDS),
  level: z.enum(SITE_LEVELS),
  districtCode: z.string().nullable(),
  parkId: z.number().int().nullable(),
  parkName: z.string().nullable(),
  hostName: z.string().nullable(),
  hostKind: z.string().nullable(),
  address: z.string().nullable(),
  lng: z.number().nullable(),
  lat: z.number().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  contactEmail: z.string().nullable(),
  hours: z.string().nullable(),
  services: z.array(z.string()),
  intro: z.string().nullable(),
  status: z.enum(SITE_STATUSES),
  plaqueNo: z.string().nullable(),
  accreditedAt: z.string().nullable(),
  photoIds: z.array(z.number().int()),
});
export type PublicSite = z.infer<typeof publicSite>;

export const publicSiteQuery = z.object({
  q: z.string().trim().max(100).optional(),
  regionCode: z.string().regex(/^\d{6}$/).optional(),
  kind: z.enum(SITE_KINDS).optional(),
  districtCode: z.string().regex(/^\d{6}$/).optional(),
  parkId: id.optional(),
  service: z.string().trim().max(50).optional(),
});
export type PublicSiteQuery = z.infer<typeof publicSiteQuery>;

// ---------------------------------------------------------------------------------------------------------------
// Bulk import

/**
 * The columns of the site import workbook, in template order; headers match by their Chinese or English text, so an edited
 * export imports back. Kinds, levels, host kinds and services take the code or the label (several services: 、 , ; or
 * spaces). A parent site is named: an existing site in the caller's area, or a row above in the same file.
 */
export const SITE_IMPORT_COLUMNS = [
  { key: 'name', zh: '站点名称', en: 'Name', required: true, width: 32 },
  { key: 'kind', zh: '类型', en: 'Kind', required: true, width: 8 },
  { key: 'level', zh: '级别', en: 'Level', width: 8 },
  { key: 'parent', zh: '上级站点', en: 'Parent site', width: 28 },
  { key: 'district', zh: '所属区县', en: 'District', width: 12 },
  { key: 'park', zh: '所属园区', en: 'Park', width: 20 },
  { key: 'hostName', zh: '依托单位', en: 'Host organisation', width: 28 },
  { key: 'hostKind', zh: '依托单位类型', en: 'Host kind', width: 16 },
  { key: 'address', zh: '地址', en: 'Address', width: 32 },
  { key: 'lng', zh: '经度', en: 'Longitude', width: 12 },
  { key: 'lat', zh: '纬度', en: 'Latitude', width: 12 },
  { key: 'contactName', zh: '联系人', en: 'Contact', width: 12 },
  { key: 'contactPhone', zh: '联系电话', en: 'Contact phone', width: 16 },
  { key: 'contactEmail', zh: '联系邮箱', en: 'Contact e-mail', width: 22 },
  { key: 'hours', zh: '开放时间', en: 'Opening hours', width: 22 },
  { key: 'services', zh: '服务内容', en: 'Services', width: 30 },
  { key: 'intro', zh: '简介', en: 'Introduction', width: 30 },
] as const;
export type SiteImportColumnKey = (typeof SITE_IMPORT_COLUMNS)[number]['key'];

export const siteImportStart = z.strictObject({ fileId: idValue, regionCode: z.string().regex(/^\d{6}$/).optional() });

export const siteImportJob = z.object({
  id: z.number().int(),
  fileId: z.number().int(),
  fileName: z.string(),
  status: z.enum(['checked', 'committed']),
  totalRows: z.number().int(),
  validRows: z.number().int(),
  errorRows: z.number().int(),
  inserted: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), column: z.string(), message: z.string() })),
  createdAt: z.string(),
  committedAt: z.string().nullable(),
});
export type SiteImportJob = z.infer<typeof siteImportJob>;

// -- the routes' request and response shapes
export const siteListPageQuery = siteListQuery.extend(pageQuery.shape);
export const siteExportQuery = siteListQuery.extend(exportOrder);
export const sitePage = pageOf(site);
export const siteMapPointList = z.array(siteMapPoint);
export const siteTargetList = z.array(siteTarget);
/** The year whose goals are replaced. */
export const targetsYearParams = z.object({ year: z.coerce.number().int().min(2020).max(2100) });
export const siteStandardList = z.array(siteStandard);
export const shippedStandardsQuery = standardsQuery.pick({ regionCode: true });
export const shippedStandardList = z.array(shippedStandard);
/** The public directory pages without an order choice (by district, then name). */
export const publicSitePageQuery = publicSiteQuery.extend(pageQuery.omit({ order: true }).shape);
export const publicSitePage = pageOf(publicSite);
