import { z } from 'zod';
import { exportOrder, id, idValue, optionalText, pageOf, pageQuery, text } from './common.js';
import { creditCodeDivision } from './credit-code.js';
import { CULTIVATION_STAGES } from './cultivation.js';
import { username } from './users.js';

/**
 * Enterprise status: `pending` registered itself and waits for its district or serving site to confirm it;
 * `merged` was a duplicate folded into another record (`mergedIntoId`); `closed` no longer operates.
 */
export const ENTERPRISE_STATUSES = ['pending', 'active', 'merged', 'closed'] as const;
export type EnterpriseStatus = (typeof ENTERPRISE_STATUSES)[number];
export const ENTERPRISE_STATUS_LABELS: Record<EnterpriseStatus, { zh: string; en: string }> = {
  pending: { zh: '待确认', en: 'Pending' },
  active: { zh: '正常', en: 'Active' },
  merged: { zh: '已合并', en: 'Merged' },
  closed: { zh: '已注销', en: 'Closed' },
};

/** How a record came in: entered by staff, registered by the enterprise itself, or bulk-imported. */
export const ENTERPRISE_SOURCES = ['staff', 'self', 'import'] as const;
export type EnterpriseSource = (typeof ENTERPRISE_SOURCES)[number];

/**
 * What an enterprise's own users may change in its profile. The rest (name, credit code, district, park, kinds,
 * serving site, status) is the registry's, kept by the bureau and its sites.
 */
export const ENTERPRISE_SELF_FIELDS = [
  'legalRep',
  'regAddress',
  'opAddress',
  'industryCode',
  'size',
  'products',
  'contactName',
  'contactPhone',
  'contactEmail',
] as const;

/** The district a credit code's 行政区划 part names, when it is one of `districtCodes`. */
export function suggestDistrictCode(creditCode: string, districtCodes: readonly string[]): string | null {
  const division = creditCodeDivision(creditCode);
  return /^\d{6}$/.test(division) && districtCodes.includes(division) ? division : null;
}

export const enterprise = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  regionCode: z.string(),
  creditCode: z.string(),
  name: z.string(),
  legalRep: z.string().nullable(),
  regAddress: z.string().nullable(),
  opAddress: z.string().nullable(),
  districtCode: z.string().nullable(),
  parkId: z.number().int().nullable(),
  industryCode: z.string().nullable(),
  /** GB/T 4754 section letter (门类) of `industryCode` */
  industrySection: z.string().nullable(),
  size: z.string().nullable(),
  kinds: z.array(z.string()),
  products: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  contactEmail: z.string().nullable(),
  siteOrgId: z.number().int().nullable(),
  siteOrgName: z.string().nullable(),
  status: z.enum(ENTERPRISE_STATUSES),
  mergedIntoId: z.number().int().nullable(),
  source: z.enum(ENTERPRISE_SOURCES),
  createdBy: z.number().int().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Enterprise = z.infer<typeof enterprise>;

const phone = z
  .string()
  .trim()
  .regex(/^[0-9+\- ]{5,20}$/);
const districtCode = z.string().regex(/^\d{6}$/);
/** Checked by the service with the GB 32100 rules, so the message can say what is wrong (length, character, check). */
const creditCode = z.string().trim().min(1).max(50);

const enterpriseFields = {
  creditCode,
  name: text(200),
  legalRep: optionalText(50),
  regAddress: optionalText(200),
  opAddress: optionalText(200),
  districtCode: districtCode.optional().nullable(),
  parkId: idValue.optional().nullable(),
  /** dictionary `industry` (GB/T 4754: a section letter or a division) */
  industryCode: z.string().trim().max(10).optional().nullable(),
  /** dictionary `enterprise_size` */
  size: z.string().trim().max(50).optional().nullable(),
  /** dictionary `enterprise_kind`, several */
  kinds: z.array(z.string().trim().min(1).max(50)).max(20),
  products: optionalText(1000),
  contactName: optionalText(50),
  contactPhone: phone.optional().nullable(),
  contactEmail: z.email().max(100).optional().nullable(),
  /** the serving site (an organisation of kind `site`) */
  siteOrgId: idValue.optional().nullable(),
};

export const enterpriseCreate = z.strictObject({
  ...enterpriseFields,
  /** defaults to the creator's region, else the one the district or the credit code names */
  regionCode: districtCode.optional(),
  kinds: enterpriseFields.kinds.default([]),
});
export type EnterpriseCreate = z.infer<typeof enterpriseCreate>;

/**
 * A patch: only the fields sent change (no defaults here, or an absent field would be reset). Status moves between
 * active and closed here; pending ends by confirm/reject, merged by merge.
 */
export const enterpriseUpdate = z.strictObject({ ...enterpriseFields, status: z.enum(['active', 'closed']) }).partial();
export type EnterpriseUpdate = z.infer<typeof enterpriseUpdate>;

export const ENTERPRISE_SORTS = ['id', 'name', 'createdAt', 'updatedAt'] as const;

export const enterpriseListQuery = z.object({
  /** full-text search over name, credit code, addresses and products; results come by relevance unless `sort` is given */
  q: z.string().trim().max(100).optional(),
  regionCode: districtCode.optional(),
  districtCode: districtCode.optional(),
  parkId: id.optional(),
  /** a division, or a section letter (which includes its divisions) */
  industryCode: z.string().trim().max(10).optional(),
  kind: z.string().trim().max(50).optional(),
  size: z.string().trim().max(50).optional(),
  /** without it, merged records are left out */
  status: z.enum(ENTERPRISE_STATUSES).optional(),
  siteOrgId: id.optional(),
  /** the enterprise's current stage on the cultivation list (`withdrawn`: withdrawn and not listed again); needs cultivation:read */
  stage: z.enum(CULTIVATION_STAGES).optional(),
  sort: z.enum(ENTERPRISE_SORTS).optional(),
});
export type EnterpriseListQuery = z.infer<typeof enterpriseListQuery>;

const statBucket = z.object({ key: z.string().nullable(), count: z.number().int() });
export const enterpriseStats = z.object({
  total: z.number().int(),
  byDistrict: z.array(statBucket),
  /** by GB/T 4754 section letter */
  byIndustry: z.array(statBucket),
  byKind: z.array(statBucket),
  bySize: z.array(statBucket),
  byStatus: z.array(statBucket),
});
export type EnterpriseStats = z.infer<typeof enterpriseStats>;

export const enterpriseMerge = z.strictObject({ intoId: idValue });
export const enterpriseReject = z.strictObject({ reason: text(500) });

/** 批量驳回: many pending registrations rejected at once with one reason (a wave of bogus sign-ups). */
export const enterpriseBulkReject = z.strictObject({ ids: z.array(idValue).min(1).max(200), reason: text(500) });
export const enterpriseBulkRejected = z.object({
  rejected: z.array(z.number().int()),
  /** not rejected: not in the caller's scope (or gone), or no longer pending (confirmed meanwhile) */
  skipped: z.array(z.object({ id: z.number().int(), reason: z.enum(['not_found', 'not_pending']) })),
});
export type EnterpriseBulkRejected = z.infer<typeof enterpriseBulkRejected>;

const accountFields = {
  username,
  password: z.string().min(1).max(128),
  phone: phone.optional().nullable(),
  email: z.email().max(100).optional().nullable(),
};

/** Staff open an enterprise's administrator account; its initial password must be changed at first sign-in. */
export const enterpriseInvite = z.strictObject({ ...accountFields, displayName: text(50) });

/** An enterprise's account as its inviter sees it. */
export const enterpriseAccount = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  orgId: z.number().int(),
  status: z.enum(['active', 'disabled']),
  mustChangePassword: z.boolean(),
});

/**
 * Public self-registration: the enterprise (pending) and its first administrator (disabled until confirmed).
 * A mobile number or an e-mail address is required (either). The administrator's user name is the credit code: no
 * name is chosen, so the answer never says whether a name like `admin` exists (issue 21 item 3).
 */
export const enterpriseRegistration = z.strictObject({
  creditCode,
  name: text(200),
  regionCode: districtCode.optional(),
  districtCode: districtCode.optional().nullable(),
  contactName: text(50),
  contactPhone: phone.optional().nullable(),
  contactEmail: z.email().max(100).optional().nullable(),
  password: accountFields.password,
});
export type EnterpriseRegistration = z.infer<typeof enterpriseRegistration>;

export const enterpriseRegistered = z.object({
  id: z.number().int(),
  name: z.string(),
  status: z.enum(ENTERPRISE_STATUSES),
  /** the administrator's user name: the credit code */
  username: z.string(),
});

// -- the routes' request and response shapes
export const enterpriseListPageQuery = enterpriseListQuery.extend(pageQuery.shape);
/** The charts count what the list would show, whatever its order. */
export const enterpriseStatsQuery = enterpriseListQuery.omit({ sort: true });
export const enterpriseExportQuery = enterpriseListQuery.extend(exportOrder);
export const enterprisePage = pageOf(enterprise);
