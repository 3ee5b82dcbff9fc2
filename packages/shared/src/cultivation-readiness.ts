/**
 * Cultivation criteria (issue 24 item 3; plan task 3 “根据企业商业秘密保护实际情况、主观意愿等因素”): an entry's willingness
 * (a signed intention, with its date), the enterprise's latest health-check score and dimension gaps, and its readiness
 * for the next stage computed from rules kept as data (config/cultivation/readiness.json).
 */
import { z } from 'zod';
import { CULTIVATION_STAGES } from './cultivation.js';

const stageRule = z.strictObject({
  /** a signed intention (意向书) must be on file */
  requireIntention: z.boolean(),
  /** the latest health check's overall score at least this (null: no check needed) */
  minScore: z.number().min(0).max(100).nullable(),
  /** no “required” (必备) or red-line requirement answered non-compliant in that check */
  noFailedMustHave: z.boolean(),
  /** the check no older than this many days on the day asked (null: any age) */
  maxCheckAgeDays: z.number().int().min(1).max(3650).nullable(),
  /** a dimension scoring below this is listed as a gap (shown; it does not decide readiness) */
  dimensionGapBelow: z.number().min(0).max(100),
});
export type ReadinessStageRule = z.infer<typeof stageRule>;

/** The rules file: for each stage an entry may move to, what must hold; with its basis and the day it takes effect. */
export const readinessRules = z.strictObject({
  version: z.number().int().min(1),
  effectiveFrom: z.iso.date(),
  basis: z.string().min(1),
  stages: z.strictObject({ cultivating: stageRule, created: stageRule, accepted: stageRule }),
});
export type ReadinessRules = z.infer<typeof readinessRules>;

export const READINESS_CHECKS = ['intention', 'checkExists', 'score', 'mustHave', 'checkAge'] as const;
export type ReadinessCheck = (typeof READINESS_CHECKS)[number];

/** Why an entry is (not) ready: every rule of the next stage with its outcome, and the dimension gaps. */
export const cultivationReadiness = z.object({
  entryId: z.number().int(),
  stage: z.enum(CULTIVATION_STAGES),
  /** null at the end of the path (or withdrawn): nothing to be ready for */
  nextStage: z.enum(CULTIVATION_STAGES).nullable(),
  ready: z.boolean(),
  intentionSignedOn: z.string().nullable(),
  check: z
    .object({ id: z.number().int(), score: z.number().nullable(), level: z.number().int().nullable(), submittedAt: z.string().nullable(), asOf: z.string().nullable() })
    .nullable(),
  dimensionGaps: z.array(z.object({ id: z.string(), score: z.number().nullable() })),
  failedMustHave: z.array(z.string()),
  reasons: z.array(z.object({ check: z.enum(READINESS_CHECKS), ok: z.boolean(), zh: z.string(), en: z.string() })),
  rulesVersion: z.number().int(),
  basis: z.string(),
});
export type CultivationReadiness = z.infer<typeof cultivationReadiness>;

/** The willingness: the day the enterprise signed its intention (null: withdraw the record of it), and a note. */
export const cultivationIntention = z.strictObject({
  signedOn: z.iso.date().nullable(),
  note: z.string().trim().max(500).optional().nullable(),
});
export type CultivationIntentionInput = z.infer<typeof cultivationIntention>;
export const READINESS_FILTERS = ['ready', 'not_ready'] as const;
