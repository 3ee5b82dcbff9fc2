import { z } from 'zod';
import { exportOrder, id, idValue, optionalText, pageOf, pageQuery, text } from './common.js';
import type { Locale } from './wire.js';
import { storedFile } from './files.js';

/**
 * The pilot cultivation list (培育企业清单). An enterprise is put on a year's list in a batch ("成熟一批、创建一批") as a
 * candidate and moves one stage at a time, each move requested with evidence, reviewed by its district bureau and
 * approved by the city bureau: candidate 意向 → cultivating 培育 → created 创建 → accepted 认定 (示范企业); it may be
 * withdrawn (退出) from any stage by the same request, review and approval.
 */
export const CULTIVATION_STAGES = ['candidate', 'cultivating', 'created', 'accepted', 'withdrawn'] as const;
export type CultivationStage = (typeof CULTIVATION_STAGES)[number];
/** The stages in their order; `withdrawn` is off the path. */
export const CULTIVATION_PATH = ['candidate', 'cultivating', 'created', 'accepted'] as const satisfies readonly CultivationStage[];

export const CULTIVATION_STAGE_LABELS: Record<CultivationStage, { zh: string; en: string }> = {
  candidate: { zh: '意向', en: 'Candidate' },
  cultivating: { zh: '培育', en: 'Cultivating' },
  created: { zh: '创建', en: 'Created' },
  accepted: { zh: '认定（示范）', en: 'Accepted (model)' },
  withdrawn: { zh: '已退出', en: 'Withdrawn' },
};

/** The stage a request may move an entry to, or null when it is at the end of the path (or off it). */
export function nextCultivationStage(stage: CultivationStage): CultivationStage | null {
  const i = (CULTIVATION_PATH as readonly string[]).indexOf(stage);
  return i >= 0 && i < CULTIVATION_PATH.length - 1 ? CULTIVATION_PATH[i + 1] : null;
}

/**
 * Where the entry's request stands: `none` — no request; `district` — waiting for the district bureau's review;
 * `city` — reviewed, waiting for the city bureau's approval; `returned` — sent back (at either level) with a reason.
 */
export const CULTIVATION_REVIEW_STATES = ['none', 'district', 'city', 'returned'] as const;
export type CultivationReviewState = (typeof CULTIVATION_REVIEW_STATES)[number];
export const CULTIVATION_REVIEW_LABELS: Record<CultivationReviewState, { zh: string; en: string }> = {
  none: { zh: '无待办', en: 'No request' },
  district: { zh: '待区县审核', en: 'Awaiting district review' },
  city: { zh: '待市局审批', en: 'Awaiting city approval' },
  returned: { zh: '已退回', en: 'Returned' },
};

/** What the history records; every change to an entry, its plan or its evidence leaves one event. */
export const CULTIVATION_EVENT_ACTIONS = [
  'created',
  'updated',
  'plan_added',
  'plan_updated',
  'plan_completed',
  'plan_reopened',
  'plan_deleted',
  'evidence_added',
  'requested',
  'cancelled',
  'district_passed',
  'district_returned',
  'city_passed',
  'city_returned',
  'merged',
] as const;
export type CultivationEventAction = (typeof CULTIVATION_EVENT_ACTIONS)[number];
export const CULTIVATION_EVENT_LABELS: Record<CultivationEventAction, { zh: string; en: string }> = {
  created: { zh: '列入培育清单', en: 'Added to the list' },
  updated: { zh: '修改培育信息', en: 'Details changed' },
  plan_added: { zh: '新增辅导事项', en: 'Coaching item added' },
  plan_updated: { zh: '修改辅导事项', en: 'Coaching item changed' },
  plan_completed: { zh: '完成辅导事项', en: 'Coaching item done' },
  plan_reopened: { zh: '重新打开辅导事项', en: 'Coaching item reopened' },
  plan_deleted: { zh: '删除辅导事项', en: 'Coaching item removed' },
  evidence_added: { zh: '上传佐证材料', en: 'Evidence added' },
  requested: { zh: '提交阶段申请', en: 'Stage requested' },
  cancelled: { zh: '撤回阶段申请', en: 'Request cancelled' },
  district_passed: { zh: '区县审核通过', en: 'District review passed' },
  district_returned: { zh: '区县审核退回', en: 'Returned by the district' },
  city_passed: { zh: '市局审批通过', en: 'Approved by the city' },
  city_returned: { zh: '市局审批退回', en: 'Returned by the city' },
  merged: { zh: '合并重复企业的培育记录', en: 'Merged from a duplicate enterprise' },
};

const CN_DIGITS = '零一二三四五六七八九';
/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (batches and list titles are written this way in circulars). */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 99) return String(n);
  if (n < 10) return CN_DIGITS[n];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : CN_DIGITS[tens]}十${ones ? CN_DIGITS[ones] : ''}`;
}

/** 第一批 / batch 1. */
export function batchName(batch: number, locale: Locale): string {
  return locale === 'en-US' ? `batch ${batch}` : `第${chineseNumber(batch)}批`;
}

/** 2025年第一批 / 2025 batch 1. */
export function batchLabel(year: number, batch: number, locale: Locale): string {
  return locale === 'en-US' ? `${year} ${batchName(batch, locale)}` : `${year}年${batchName(batch, locale)}`;
}

export const CULTIVATION_MIN_YEAR = 2020;
export const CULTIVATION_MAX_YEAR = 2100;
const year = z.number().int().min(CULTIVATION_MIN_YEAR).max(CULTIVATION_MAX_YEAR);
const batch = z.number().int().min(1).max(99);
const phone = z
  .string()
  .trim()
  .regex(/^[0-9+\- ]{5,20}$/);
/** A calendar day, yyyy-MM-dd (Asia/Shanghai, as people read it). */
const day = z.iso.date();
const fileIds = z.array(idValue).max(20);

export const cultivationPlanItem = z.object({
  id: z.number().int(),
  title: z.string(),
  dueDate: z.string().nullable(),
  note: z.string().nullable(),
  sort: z.number().int(),
  doneAt: z.string().nullable(),
  doneByName: z.string().nullable(),
  doneNote: z.string().nullable(),
  createdAt: z.string(),
});
export type CultivationPlanItem = z.infer<typeof cultivationPlanItem>;

export const cultivationEvent = z.object({
  id: z.number().int(),
  at: z.string(),
  userName: z.string().nullable(),
  orgName: z.string().nullable(),
  action: z.enum(CULTIVATION_EVENT_ACTIONS),
  fromStage: z.enum(CULTIVATION_STAGES).nullable(),
  toStage: z.enum(CULTIVATION_STAGES).nullable(),
  comment: z.string().nullable(),
  /** evidence this step brought (their details are in the entry's `evidence`) */
  fileIds: z.array(z.number().int()),
  /** for `updated`: the fields that changed (their labels are FIELD_LABELS) */
  changed: z.array(z.string()),
});
export type CultivationEvent = z.infer<typeof cultivationEvent>;

export const cultivationEvidence = storedFile.extend({
  /** the stage the entry was at (or asked for) when the evidence came */
  stage: z.enum(CULTIVATION_STAGES),
  note: z.string().nullable(),
  addedByName: z.string().nullable(),
  addedAt: z.string(),
});
export type CultivationEvidence = z.infer<typeof cultivationEvidence>;

/** One enterprise on the list, with what the list and the export show of it. */
export const cultivationEntry = z.object({
  id: z.number().int(),
  regionCode: z.string(),
  enterpriseId: z.number().int(),
  enterpriseName: z.string(),
  creditCode: z.string(),
  districtCode: z.string().nullable(),
  industryCode: z.string().nullable(),
  industrySection: z.string().nullable(),
  kinds: z.array(z.string()),
  year: z.number().int(),
  batch: z.number().int(),
  stage: z.enum(CULTIVATION_STAGES),
  stageChangedAt: z.string(),
  siteOrgId: z.number().int().nullable(),
  siteOrgName: z.string().nullable(),
  mentorName: z.string().nullable(),
  mentorPhone: z.string().nullable(),
  note: z.string().nullable(),
  review: z.enum(CULTIVATION_REVIEW_STATES),
  /** the stage the open (or last returned) request asks for */
  requestStage: z.enum(CULTIVATION_STAGES).nullable(),
  requestComment: z.string().nullable(),
  requestedAt: z.string().nullable(),
  requestedByName: z.string().nullable(),
  /** district review of the open request */
  districtReviewedAt: z.string().nullable(),
  districtReviewedByName: z.string().nullable(),
  returnReason: z.string().nullable(),
  returnedAt: z.string().nullable(),
  planTotal: z.number().int(),
  planDone: z.number().int(),
  /** items past their due date and not done */
  planOverdue: z.number().int(),
  /** willingness: the day the enterprise signed its intention (issue 24 item 3) */
  intentionSignedOn: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CultivationEntry = z.infer<typeof cultivationEntry>;

/** What the caller may do with an entry now (the server checks again; the page only hides what would be refused). */
export const cultivationAllowed = z.object({
  edit: z.boolean(),
  request: z.boolean(),
  cancel: z.boolean(),
  review: z.boolean(),
  approve: z.boolean(),
});
export type CultivationAllowed = z.infer<typeof cultivationAllowed>;

export const cultivationDetail = cultivationEntry.extend({
  plan: z.array(cultivationPlanItem),
  events: z.array(cultivationEvent),
  evidence: z.array(cultivationEvidence),
  allowed: cultivationAllowed,
});
export type CultivationDetail = z.infer<typeof cultivationDetail>;

/** An enterprise's cultivation history (the enterprise page): every entry it had, each with its events, newest first. */
export const cultivationTimeline = z.array(
  z.object({
    id: z.number().int(),
    year: z.number().int(),
    batch: z.number().int(),
    stage: z.enum(CULTIVATION_STAGES),
    review: z.enum(CULTIVATION_REVIEW_STATES),
    requestStage: z.enum(CULTIVATION_STAGES).nullable(),
    events: z.array(cultivationEvent),
  }),
);
export type CultivationTimeline = z.infer<typeof cultivationTimeline>;

export const CULTIVATION_SORTS = ['id', 'name', 'year', 'stageChangedAt', 'createdAt', 'updatedAt'] as const;

export const cultivationListQuery = z.object({
  /** enterprise name or credit code (Chinese full-text, like the enterprise list) */
  q: z.string().trim().max(100).optional(),
  regionCode: z.string().regex(/^\d{6}$/).optional(),
  year: z.coerce.number().int().min(CULTIVATION_MIN_YEAR).max(CULTIVATION_MAX_YEAR).optional(),
  batch: z.coerce.number().int().min(1).max(99).optional(),
  /** without it, withdrawn entries are left out */
  stage: z.enum(CULTIVATION_STAGES).optional(),
  review: z.enum(CULTIVATION_REVIEW_STATES).optional(),
  districtCode: z.string().regex(/^\d{6}$/).optional(),
  /** a section letter includes its divisions */
  industryCode: z.string().trim().max(10).optional(),
  kind: z.string().trim().max(50).optional(),
  siteOrgId: id.optional(),
  /** ready (or not) for the next stage by config/cultivation/readiness.json (issue 24 item 3) */
  readiness: z.enum(['ready', 'not_ready']).optional(),
  sort: z.enum(CULTIVATION_SORTS).optional(),
});
export type CultivationListQuery = z.infer<typeof cultivationListQuery>;

const statBucket = z.object({ key: z.string().nullable(), count: z.number().int() });
export const cultivationStats = z.object({
  total: z.number().int(),
  /** every stage, withdrawn included, whatever the `stage` filter (the board's column counts) */
  byStage: z.array(statBucket),
  byDistrict: z.array(statBucket),
  /** GB/T 4754 section letter */
  byIndustry: z.array(statBucket),
  byKind: z.array(statBucket),
  byReview: z.array(statBucket),
  byYear: z.array(statBucket),
});
export type CultivationStats = z.infer<typeof cultivationStats>;

const entryFields = {
  batch,
  /** the site that coaches the enterprise; defaults to the enterprise's serving site */
  siteOrgId: idValue.optional().nullable(),
  mentorName: optionalText(50),
  mentorPhone: phone.optional().nullable(),
  note: optionalText(1000),
};

export const cultivationCreate = z.strictObject({
  enterpriseId: idValue,
  year,
  ...entryFields,
});
export type CultivationCreate = z.infer<typeof cultivationCreate>;

/** A patch: only the fields sent change. The stage changes only through requests. */
export const cultivationUpdate = z.strictObject({ year, ...entryFields }).partial();
export type CultivationUpdate = z.infer<typeof cultivationUpdate>;

export const cultivationPlanCreate = z.strictObject({
  title: text(200),
  dueDate: day.optional().nullable(),
  note: optionalText(1000),
});
export const cultivationPlanUpdate = z.strictObject({
  title: text(200),
  dueDate: day.nullable(),
  note: optionalText(1000),
  sort: z.number().int().min(0).max(10000),
}).partial();
export const cultivationPlanComplete = z.strictObject({ doneNote: optionalText(1000), fileIds: fileIds.optional() });

export const cultivationEvidenceAdd = z.strictObject({ fileIds: fileIds.min(1), note: optionalText(500) });

/** Ask for the next stage (evidence required) or for withdrawal (a reason required). */
export const cultivationRequest = z.strictObject({
  toStage: z.enum(CULTIVATION_STAGES),
  comment: text(1000),
  fileIds: fileIds.default([]),
});
export type CultivationRequest = z.infer<typeof cultivationRequest>;

export const cultivationCancel = z.strictObject({ comment: optionalText(500) });

/** A decision at either level: pass it on (district) / approve it (city), or return it with a reason. */
export const cultivationDecision = z.strictObject({
  decision: z.enum(['pass', 'return']),
  /** the reason when returning; an optional opinion when passing */
  comment: optionalText(1000),
});
export type CultivationDecision = z.infer<typeof cultivationDecision>;

// -- the routes' request and response shapes
export const cultivationListPageQuery = cultivationListQuery.extend(pageQuery.shape);
/** The board and charts count what the list would show, whatever its order. */
export const cultivationStatsQuery = cultivationListQuery.omit({ sort: true });
export const cultivationExportQuery = cultivationListQuery.extend(exportOrder);
export const cultivationPage = pageOf(cultivationEntry);
/** One item of an entry's coaching plan. */
export const cultivationItemParams = z.object({ id, itemId: id });
