import { z } from 'zod';
import { idValue, optionalText, pageOf, pageQuery, text } from './common.js';
import { bilingual, RESULTS, RISK_LEVELS } from './assessments-framework.js';
import { storedFile } from './files.js';

/**
 * Health checks (诊断体检): API schemas. The framework and the scoring engine live in assessments-framework.ts and
 * assessments-scoring.ts.
 */
export const ASSESSMENT_KINDS = ['self', 'onsite'] as const;
export type AssessmentKind = (typeof ASSESSMENT_KINDS)[number];
export const ASSESSMENT_KIND_LABELS: Record<AssessmentKind, { zh: string; en: string }> = {
  self: { zh: '企业自查', en: 'Self-check' },
  onsite: { zh: '现场诊断', en: 'On-site check' },
};
export const ASSESSMENT_STATUSES = ['draft', 'submitted'] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];
export const ASSESSMENT_STATUS_LABELS: Record<AssessmentStatus, { zh: string; en: string }> = {
  draft: { zh: '填写中', en: 'In progress' },
  submitted: { zh: '已提交', en: 'Submitted' },
};
/** Aggregates (regional picture, peer percentiles) are shown only over at least this many enterprises. */
export const MIN_AGGREGATE_GROUP = 5;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

export const frameworkSummary = z.object({
  id: z.number().int(),
  code: z.string(),
  version: z.string(),
  title: bilingual,
  source: z.enum(['file', 'upload']),
  dimensions: z.number().int(),
  requirements: z.number().int(),
  createdAt: z.string(),
  /** the newest version of its code: new assessments start on it */
  current: z.boolean(),
});
export type FrameworkSummary = z.infer<typeof frameworkSummary>;

export const frameworkUpload = z.object({
  /** the framework file's text (YAML or JSON) */
  text: z.string().min(1).max(2_000_000),
});

export const answerValue = z.union([z.string().max(4000), z.array(z.string().max(100)).max(50), z.number(), z.null()]);
export const answerEntry = z.object({ value: answerValue.optional(), note: z.string().max(2000).optional().nullable() }).strict();
export type AnswerEntry = z.infer<typeof answerEntry>;
export const profileValue = z.union([z.string().max(100), z.array(z.string().max(100)).max(50), z.number(), z.null()]);

export const assessmentCreate = z
  .object({
    kind: z.enum(ASSESSMENT_KINDS),
    /** on-site checks: the enterprise assessed (an enterprise's own users always check their own) */
    enterpriseId: idValue.optional(),
    /** on-site checks: who at the enterprise agreed, when, and how */
    consentBy: optionalText(100),
    consentDate: isoDate.optional().nullable(),
    consentNote: optionalText(500),
    campaignId: idValue.optional().nullable(),
  })
  .strict();
export type AssessmentCreate = z.infer<typeof assessmentCreate>;

export const assessmentAnswersUpdate = z
  .object({
    profile: z.record(z.string().max(60), profileValue).optional(),
    answers: z.record(z.string().max(60), answerEntry).optional(),
  })
  .strict();
export type AssessmentAnswersUpdate = z.infer<typeof assessmentAnswersUpdate>;

export const assessmentEvidenceAdd = z.object({ requirementId: text(60), fileIds: z.array(idValue).min(1).max(20) }).strict();
export const assessmentCommentCreate = z.object({ requirementId: z.string().max(60).optional().nullable(), body: text(2000) }).strict();
export const assessmentShare = z.object({ shared: z.boolean() }).strict();

export const assessmentListQuery = z.object({
  enterpriseId: z.coerce.number().int().positive().optional(),
  status: z.enum(ASSESSMENT_STATUSES).optional(),
  kind: z.enum(ASSESSMENT_KINDS).optional(),
  campaignId: z.coerce.number().int().positive().optional(),
});

const scoreResultSchema = z.object({
  overall: z.number(),
  levelByScore: z.number().int(),
  level: z.number().int(),
  cappedBy: z.array(z.string()),
  risk: z.enum(RISK_LEVELS),
  dimensions: z.array(z.object({ id: z.string(), score: z.number().nullable(), counted: z.number(), answered: z.number(), applicable: z.number() })),
  requirements: z.array(
    z.object({ id: z.string(), dimensionId: z.string(), applicable: z.boolean(), result: z.enum([...RESULTS, 'unanswered']), score: z.number().nullable(), share: z.number() }),
  ),
  progress: z.object({ answered: z.number(), applicable: z.number() }),
  warnings: z.array(z.object({ requirementId: z.string(), kind: z.literal('compliant_without_evidence') })),
  gaps: z.array(
    z.object({
      requirementId: z.string(),
      dimensionId: z.string(),
      result: z.enum([...RESULTS, 'unanswered']),
      score: z.number(),
      importance: z.enum(['required', 'recommended', 'advanced']),
      redLine: z.boolean(),
      priority: z.number(),
    }),
  ),
});
export { scoreResultSchema };

export const assessmentSummary = z.object({
  id: z.number().int(),
  enterpriseId: z.number().int(),
  enterpriseName: z.string(),
  districtCode: z.string().nullable(),
  frameworkId: z.number().int(),
  frameworkTitle: z.string(),
  kind: z.enum(ASSESSMENT_KINDS),
  status: z.enum(ASSESSMENT_STATUSES),
  shared: z.boolean(),
  siteOrgName: z.string().nullable(),
  campaignId: z.number().int().nullable(),
  score: z.number().nullable(),
  level: z.number().int().nullable(),
  risk: z.enum(RISK_LEVELS).nullable(),
  startedByName: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  submittedAt: z.string().nullable(),
});
export type AssessmentSummary = z.infer<typeof assessmentSummary>;

export const assessmentDetail = assessmentSummary.extend({
  profile: z.record(z.string(), profileValue),
  answers: z.record(z.string(), answerEntry),
  consentBy: z.string().nullable(),
  consentDate: z.string().nullable(),
  consentNote: z.string().nullable(),
  asOf: z.string().nullable(),
  evidence: z.array(z.object({ requirementId: z.string(), file: storedFile })),
  comments: z.array(z.object({ id: z.number().int(), requirementId: z.string().nullable(), body: z.string(), authorName: z.string(), authorOrgName: z.string(), createdAt: z.string() })),
  /** the stored result once submitted; the live one while a draft */
  result: scoreResultSchema,
  /** what the viewer may do */
  canAnswer: z.boolean(),
  canComment: z.boolean(),
  canShare: z.boolean(),
});
export type AssessmentDetail = z.infer<typeof assessmentDetail>;

export const assessmentReport = z.object({
  assessment: assessmentSummary,
  result: scoreResultSchema,
  asOf: z.string().nullable(),
  previous: z
    .object({
      id: z.number().int(),
      submittedAt: z.string(),
      overall: z.number(),
      level: z.number().int(),
      dimensions: z.record(z.string(), z.number().nullable()),
    })
    .nullable(),
  /** share of peers (same industry section, else same district) scoring below, 0–100; null under 5 peers */
  percentile: z.object({ basis: z.enum(['industry', 'district']), peers: z.number().int(), value: z.number() }).nullable(),
});
export type AssessmentReport = z.infer<typeof assessmentReport>;

export const REGIONAL_GROUPINGS = ['district', 'industry', 'kind'] as const;
export const regionalQuery = z.object({
  by: z.enum(REGIONAL_GROUPINGS).default('district'),
  frameworkId: z.coerce.number().int().positive().optional(),
  districtCode: z.string().max(12).optional(),
});
export const regionalGroup = z.object({
  key: z.string(),
  enterprises: z.number().int(),
  average: z.number(),
  dimensions: z.record(z.string(), z.number().nullable()),
  /** enterprises per maturity level 1–5 */
  levels: z.array(z.number().int()).length(5),
  mostFailed: z.array(z.object({ requirementId: z.string(), count: z.number().int() })),
});
export const regionalPicture = z.object({
  frameworkId: z.number().int().nullable(),
  by: z.enum(REGIONAL_GROUPINGS),
  minGroup: z.number().int(),
  total: regionalGroup.nullable(),
  groups: z.array(regionalGroup),
  /** groups left out because they hold fewer than minGroup enterprises */
  suppressed: z.number().int(),
});
export type RegionalPicture = z.infer<typeof regionalPicture>;

export const campaignCriteria = z
  .object({
    /** enterprises on the cultivation list (any open stage) */
    cultivation: z.boolean().optional(),
    districtCodes: z.array(z.string().max(12)).max(50).optional(),
    industrySections: z.array(z.string().regex(/^[A-Z]$/)).max(30).optional(),
    kinds: z.array(z.string().max(50)).max(20).optional(),
    enterpriseIds: z.array(idValue).max(5000).optional(),
  })
  .strict();
export const campaignCreate = z
  .object({
    title: text(100),
    deadline: isoDate,
    frameworkId: idValue.optional(),
    criteria: campaignCriteria,
  })
  .strict();
export type CampaignCreate = z.infer<typeof campaignCreate>;

export const campaignSummary = z.object({
  id: z.number().int(),
  title: z.string(),
  orgName: z.string(),
  frameworkId: z.number().int(),
  deadline: z.string(),
  criteria: campaignCriteria,
  targets: z.number().int(),
  completed: z.number().int(),
  createdAt: z.string(),
  /** for an enterprise: its own task */
  task: z
    .object({ assessmentId: z.number().int().nullable(), completedAt: z.string().nullable(), remindedCount: z.number().int(), lastRemindedAt: z.string().nullable() })
    .nullable(),
});
export type CampaignSummary = z.infer<typeof campaignSummary>;
export const campaignDetail = campaignSummary.extend({
  items: z.array(
    z.object({
      enterpriseId: z.number().int(),
      enterpriseName: z.string(),
      districtCode: z.string().nullable(),
      assessmentId: z.number().int().nullable(),
      completedAt: z.string().nullable(),
      remindedCount: z.number().int(),
      lastRemindedAt: z.string().nullable(),
    }),
  ),
});
export type CampaignDetail = z.infer<typeof campaignDetail>;
export const campaignRemind = z.object({ enterpriseIds: z.array(idValue).max(5000).optional() }).strict();

// -- the routes' request and response shapes
export const frameworkSummaryList = z.array(frameworkSummary);
export const campaignSummaryList = z.array(campaignSummary);
export const assessmentListPageQuery = assessmentListQuery.extend(pageQuery.shape);
export const assessmentPage = pageOf(assessmentSummary);
/** What an autosave answers: when it was saved and the live score. */
export const assessmentAnswersSaved = z.object({ updatedAt: z.string(), result: scoreResultSchema });
/** Which requirement an evidence file is unlinked from. */
export const assessmentEvidenceRemoveQuery = z.object({ requirementId: z.string().min(1).max(60) });
