/**
 * District appraisal (考核, issue 19 item 4; seed plan 三(四) 完善考核激励: "将商业秘密保护工作纳入公平竞争工作考核体系，
 * 加大监督、指导与考核力度，加强考核结果运用"). A yearly scheme as data (config/appraisal/): items with points and a
 * scoring rule — computed from a steering indicator (linear to a target with a cap, thresholds, yes/no), manual with
 * evidence, bonus and deduction with caps. A round per region and year snapshots the scheme; each district has a sheet.
 * Points are kept in hundredths (centipoints, integers) and shown with two decimals.
 */
import { z } from 'zod';
import { id, text as plainText } from './common.js';

const L = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });
const code6 = z.string().regex(/^\d{6}$/);
const year = z.number().int().min(2020).max(2100);
const indicator = z.string().regex(/^[a-z][a-z0-9_.]*$/);

export const APPRAISAL_RULE_TYPES = ['linear', 'threshold', 'yesno', 'manual', 'bonus', 'deduction'] as const;
export type AppraisalRuleType = (typeof APPRAISAL_RULE_TYPES)[number];

export const appraisalRule = z.discriminatedUnion('type', [
  /** points × min(value ÷ target, cap); a district may have its own target */
  z.strictObject({ type: z.literal('linear'), indicator, target: z.number().positive(), cap: z.number().min(0).max(2).default(1), targets: z.record(code6, z.number().positive()).default({}) }),
  /** points × the share of the highest step reached (value ≥ atLeast); none reached: 0 */
  z.strictObject({ type: z.literal('threshold'), indicator, steps: z.array(z.strictObject({ atLeast: z.number(), share: z.number().min(0).max(1) })).min(1) }),
  /** full points when the value is at least `atLeast` (default 1), else 0 */
  z.strictObject({ type: z.literal('yesno'), indicator, atLeast: z.number().default(1) }),
  /** scored by the city from 0 to the points, on the district's evidence */
  z.strictObject({ type: z.literal('manual'), evidenceRequired: z.boolean().default(true), hint: L.optional() }),
  /** added by the city with a reason, up to the item's points (and all bonus items together up to the scheme's bonusCap) */
  z.strictObject({ type: z.literal('bonus') }),
  /** taken off by the city with a reason, up to the item's points (and all deductions together up to deductionCap) */
  z.strictObject({ type: z.literal('deduction') }),
]);
export type AppraisalRule = z.infer<typeof appraisalRule>;

export const appraisalItem = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_]*$/),
  name: L,
  /** the group it is shown under (基础工作、重点任务 …) */
  group: L,
  /** the item's weight: its full points (bonus/deduction: at most this many) */
  points: z.number().positive().max(100),
  rule: appraisalRule,
  /** what the item measures and why (the plan's task) */
  basis: z.string().optional(),
});
export type AppraisalItem = z.infer<typeof appraisalItem>;

export const appraisalScheme = z.strictObject({
  regionCode: code6,
  year,
  title: L,
  effectiveFrom: z.iso.date(),
  citation: z.strictObject({ document: z.string().min(1), clause: z.string().min(1), text: z.string().min(1) }),
  /** how long a district may object once the result is published (calendar days, counted from the publication day) */
  objectionDays: z.number().int().min(1).max(60),
  bonusCap: z.number().min(0).max(100),
  deductionCap: z.number().min(0).max(100),
  items: z.array(appraisalItem).min(1),
  note: z.string().optional(),
});
export type AppraisalScheme = z.infer<typeof appraisalScheme>;

/** A round: the city opens it (open), scores (scoring), publishes to the districts (published), then finalises (final). */
export const APPRAISAL_ROUND_STATUSES = ['open', 'scoring', 'published', 'final'] as const;
export type AppraisalRoundStatus = (typeof APPRAISAL_ROUND_STATUSES)[number];
export const APPRAISAL_ROUND_STATUS_LABELS: Record<AppraisalRoundStatus, { zh: string; en: string }> = {
  open: { zh: '自评举证中', en: 'Districts adding evidence' },
  scoring: { zh: '评分中', en: 'Scoring' },
  published: { zh: '已公布（异议期）', en: 'Published (objection period)' },
  final: { zh: '已终定', en: 'Final' },
};
/** A district's sheet on the engine's `appraisal.sheet` path (its copy of the state). */
export const APPRAISAL_SHEET_STATES = ['filling', 'submitted', 'published', 'objected', 'final'] as const;
export type AppraisalSheetState = (typeof APPRAISAL_SHEET_STATES)[number];
export const APPRAISAL_SHEET_STATE_LABELS: Record<AppraisalSheetState, { zh: string; en: string }> = {
  filling: { zh: '待提交', en: 'To submit' },
  submitted: { zh: '已提交', en: 'Submitted' },
  published: { zh: '已公布', en: 'Published' },
  objected: { zh: '异议待答复', en: 'Objection to answer' },
  final: { zh: '已终定', en: 'Final' },
};

const points = z.number();
export const appraisalSheetItem = z.object({
  key: z.string(),
  name: L,
  group: L,
  type: z.enum(APPRAISAL_RULE_TYPES),
  points,
  indicator: z.string().nullable(),
  /** the indicator's value when last filled (computed items) */
  value: z.number().nullable(),
  target: z.number().nullable(),
  /** null: not scored yet (manual, bonus, deduction) */
  score: points.nullable(),
  evidence: z.string().nullable(),
  files: z.array(z.object({ id: z.number().int(), name: z.string() })),
  reason: z.string().nullable(),
  scoredAt: z.string().nullable(),
});
export type AppraisalSheetItem = z.infer<typeof appraisalSheetItem>;

export const appraisalSheetSummary = z.object({
  id: z.number().int(),
  roundId: z.number().int(),
  districtCode: z.string(),
  districtName: z.string(),
  state: z.enum(APPRAISAL_SHEET_STATES),
  submittedAt: z.string().nullable(),
  base: points,
  bonus: points,
  deduction: points,
  total: points,
  /** 1 = first; equal totals share a rank */
  rank: z.number().int().nullable(),
  objected: z.boolean(),
});
export type AppraisalSheetSummary = z.infer<typeof appraisalSheetSummary>;

export const appraisalRound = z.object({
  id: z.number().int(),
  regionCode: z.string(),
  year: z.number().int(),
  status: z.enum(APPRAISAL_ROUND_STATUSES),
  title: L,
  /** the scheme version the round was opened with (it keeps it; null: opened before versions existed) */
  schemeVersion: z.number().int().nullable(),
  scheme: appraisalScheme,
  openedAt: z.string(),
  computedAt: z.string(),
  scoringAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  objectionDue: z.string().nullable(),
  finalisedAt: z.string().nullable(),
  /** the sheets the caller sees (a district: its own; everyone after the round is final) */
  sheets: z.array(appraisalSheetSummary),
});
export type AppraisalRound = z.infer<typeof appraisalRound>;

export const appraisalSheet = appraisalSheetSummary.extend({
  regionCode: z.string(),
  year: z.number().int(),
  roundStatus: z.enum(APPRAISAL_ROUND_STATUSES),
  title: L,
  objectionDue: z.string().nullable(),
  computedAt: z.string(),
  bonusCap: points,
  deductionCap: points,
  items: z.array(appraisalSheetItem),
  objection: z
    .object({ reason: z.string(), at: z.string(), decision: z.enum(['upheld', 'rejected']).nullable(), answer: z.string().nullable(), answeredAt: z.string().nullable() })
    .nullable(),
});
export type AppraisalSheet = z.infer<typeof appraisalSheet>;

export const appraisalRoundList = z.array(appraisalRound.omit({ scheme: true, sheets: true }));
export const appraisalRoundQuery = z.object({ regionCode: code6.optional(), year: z.coerce.number().int().min(2020).max(2100).optional() });
export const appraisalRoundOpen = z.strictObject({ regionCode: code6.optional(), year });
export const appraisalIdParams = z.object({ id });
export const appraisalItemParams = z.object({ id, key: z.string().regex(/^[a-z][a-z0-9_]*$/) });
export const appraisalFileParams = z.object({ id, fileId: id });
export const appraisalEvidence = z.strictObject({ evidence: plainText(2000), fileIds: z.array(z.number().int().positive()).max(20).default([]) });
/** a score in points, two decimals at most */
const score = z.number().min(0).max(100).multipleOf(0.01);
export const appraisalScore = z.strictObject({ score, reason: z.string().trim().max(1000).optional().nullable() });
export const appraisalObjection = z.strictObject({ reason: plainText(2000) });
export const appraisalAnswer = z.strictObject({
  decision: z.enum(['upheld', 'rejected']),
  reason: plainText(2000),
  /** upheld: the items re-scored */
  scores: z.array(z.strictObject({ key: z.string(), score, reason: z.string().trim().max(1000).optional().nullable() })).max(50).default([]),
});
/** finalise before the objection period is over: the city says so (the page asks first; the log records it) */
export const appraisalFinalise = z.strictObject({ early: z.boolean().default(false) });
export const appraisalSchemeList = z.array(appraisalScheme);

/**
 * The scheme edited on the web (考核方案管理): versions per region and year. The shipped file (config/appraisal/) seeds
 * version 1; the city makes a new version as a draft (a new row), edits it, then publishes it. A published version is
 * never edited; a round opened later takes the newest published version, a round already open keeps its snapshot.
 */
export const APPRAISAL_SCHEME_STATUSES = ['draft', 'published'] as const;
export const APPRAISAL_SCHEME_STATUS_LABELS: Record<(typeof APPRAISAL_SCHEME_STATUSES)[number], { zh: string; en: string }> = {
  draft: { zh: '草稿', en: 'Draft' },
  published: { zh: '已发布', en: 'Published' },
};
export const appraisalSchemeVersion = z.object({
  id,
  regionCode: z.string(),
  year: z.number().int(),
  version: z.number().int(),
  status: z.enum(APPRAISAL_SCHEME_STATUSES),
  /** file: seeded from config/appraisal/; edit: made on the web */
  source: z.enum(['file', 'edit']),
  scheme: appraisalScheme,
  createdAt: z.string(),
  createdByName: z.string().nullable(),
  publishedAt: z.string().nullable(),
  /** the rounds opened with this version */
  rounds: z.array(z.object({ id, year: z.number().int(), status: z.enum(APPRAISAL_ROUND_STATUSES) })),
});
export type AppraisalSchemeVersion = z.infer<typeof appraisalSchemeVersion>;
export const appraisalSchemeVersionList = z.array(appraisalSchemeVersion.omit({ scheme: true }).extend({ title: L }));
export const appraisalSchemeVersionQuery = z.object({ regionCode: code6.optional(), year: z.coerce.number().int().min(2020).max(2100).optional() });
/** a new draft: the scheme as edited (region and year from the scheme itself) */
export const appraisalSchemeDraft = z.strictObject({ scheme: appraisalScheme });
