import { z } from 'zod';

/**
 * Health-check frameworks (诊断框架) as data: dimensions → requirements, each with a question whose choices carry a score
 * and a result. Validated on load (server) and used by the scoring engine (assessments-scoring.ts) on both sides.
 */
export const bilingual = z.object({ zh: z.string().trim().min(1), en: z.string().trim().min(1) }).strict();
export type Bilingual = z.infer<typeof bilingual>;

export const RESULTS = ['compliant', 'partial', 'non_compliant', 'not_applicable'] as const;
export type RequirementResult = (typeof RESULTS)[number];
export const RESULT_LABELS: Record<RequirementResult | 'unanswered', Bilingual> = {
  compliant: { zh: '符合', en: 'Compliant' },
  partial: { zh: '部分符合', en: 'Partly compliant' },
  non_compliant: { zh: '不符合', en: 'Not compliant' },
  not_applicable: { zh: '不适用', en: 'Not applicable' },
  unanswered: { zh: '未作答', en: 'Not answered' },
};
/** Better results rank higher; a higher-scored choice may never carry a worse result (checked on load). */
export const RESULT_RANK: Record<Exclude<RequirementResult, 'not_applicable'>, number> = { non_compliant: 0, partial: 1, compliant: 2 };

export const IMPORTANCES = ['required', 'recommended', 'advanced'] as const;
export type Importance = (typeof IMPORTANCES)[number];
export const IMPORTANCE_LABELS: Record<Importance, Bilingual> = {
  required: { zh: '必备', en: 'Required' },
  recommended: { zh: '推荐', en: 'Recommended' },
  advanced: { zh: '提升', en: 'Advanced' },
};

export const QUESTION_TYPES = ['single', 'multiple', 'yes_no', 'number', 'date', 'text'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const RISK_LEVELS = ['high', 'medium', 'low'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
export const RISK_LABELS: Record<RiskLevel, Bilingual> = {
  high: { zh: '高风险', en: 'High risk' },
  medium: { zh: '中风险', en: 'Medium risk' },
  low: { zh: '低风险', en: 'Low risk' },
};

const code = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, _ . - only');

export const frameworkChoice = z
  .object({
    value: z.string().min(1),
    text: bilingual,
    score: z.number().min(0).max(100),
    result: z.enum(RESULTS),
  })
  .strict();
export type FrameworkChoice = z.infer<typeof frameworkChoice>;

/** A band of a number or date question: the first band whose bound the answer meets decides. */
const band = z
  .object({
    /** number questions: the answer is ≥ min */
    min: z.number().optional(),
    /** date questions: the date is at most this many days before the assessment day */
    maxAgeDays: z.number().int().min(0).optional(),
    score: z.number().min(0).max(100),
    result: z.enum(RESULTS).exclude(['not_applicable']),
    text: bilingual.optional(),
  })
  .strict();

export const frameworkQuestion = z
  .object({
    type: z.enum(QUESTION_TYPES),
    /** a named scale of the framework (`scales`), instead of listing the choices */
    scale: code.optional(),
    choices: z.array(frameworkChoice).min(2).optional(),
    bands: z.array(band).min(1).optional(),
    unit: bilingual.optional(),
    /** text questions: the score of a written answer (empty = unanswered) */
    answeredScore: z.number().min(0).max(100).optional(),
  })
  .strict();
export type FrameworkQuestion = z.infer<typeof frameworkQuestion>;

/** A condition on a profile answer. All conditions of a requirement must hold for it to apply. */
export const profileCondition = z
  .object({
    profile: code,
    /** the answer (or, for a multiple-choice profile question, one of the answers) is one of these */
    in: z.array(z.string()).min(1).optional(),
    /** the answer is none of these */
    notIn: z.array(z.string()).min(1).optional(),
    /** number answers: at least */
    min: z.number().optional(),
  })
  .strict();
export type ProfileCondition = z.infer<typeof profileCondition>;

export const profileQuestion = z
  .object({
    id: code,
    text: bilingual,
    type: z.enum(['single', 'multiple', 'yes_no', 'number']),
    choices: z.array(z.object({ value: z.string().min(1), text: bilingual }).strict()).optional(),
    /** filled from the enterprise record when it knows: size, industrySection, kinds */
    from: z.enum(['size', 'industrySection', 'kinds']).optional(),
  })
  .strict();
export type ProfileQuestion = z.infer<typeof profileQuestion>;

export const SPC_ART6_ITEMS = [1, 2, 3, 4, 5, 6, 7] as const;
export const RULE126_MEASURES = ['access_levels', 'masking', 'operation_logs'] as const;
export type Rule126Measure = (typeof RULE126_MEASURES)[number];

export const frameworkRequirement = z
  .object({
    id: code,
    text: bilingual,
    guidance: bilingual,
    legalBasis: z.array(bilingual).min(1),
    /** which item of 法释〔2020〕7号 第六条 this requirement is a measure of (1–7) */
    spcArt6: z.array(z.number().int().min(1).max(7)).optional(),
    /** which measures named by 商业秘密保护规定 (2026) it covers */
    rule126: z.array(z.enum(RULE126_MEASURES)).optional(),
    weight: z.number().positive().max(10),
    importance: z.enum(IMPORTANCES),
    /** failing a red line (不符合) caps the maturity level */
    redLine: z.object({ capLevel: z.number().int().min(1).max(4) }).strict().optional(),
    applicable: z.array(profileCondition).optional(),
    question: frameworkQuestion,
    evidence: z.array(bilingual),
    recommendation: bilingual,
    /** model documents (示范文本) that help close the gap */
    documents: z.array(z.object({ title: bilingual, href: z.string().min(1) }).strict()).optional(),
  })
  .strict();
export type FrameworkRequirement = z.infer<typeof frameworkRequirement>;

export const frameworkDimension = z
  .object({
    id: code,
    name: bilingual,
    description: bilingual.optional(),
    weight: z.number().positive().max(10),
    requirements: z.array(frameworkRequirement).min(1),
  })
  .strict();
export type FrameworkDimension = z.infer<typeof frameworkDimension>;

export const frameworkLevel = z.object({ level: z.number().int().min(1).max(5), name: bilingual, minScore: z.number().min(0).max(100), description: bilingual.optional() }).strict();

export const framework = z
  .object({
    code,
    version: z.string().regex(/^\d+(\.\d+)*$/, 'a version such as 1 or 1.2'),
    title: bilingual,
    description: bilingual.optional(),
    /** why the weights are what they are */
    weightsRationale: bilingual,
    levels: z.array(frameworkLevel).length(5),
    /** risk by maturity level (index 0 = level 1) */
    riskByLevel: z.array(z.enum(RISK_LEVELS)).length(5),
    scales: z.record(code, z.array(frameworkChoice).min(2)).default({}),
    /** free room for YAML anchors (legal bases, documents) that requirements refer to; not read otherwise */
    refs: z.record(z.string(), z.unknown()).optional(),
    profile: z.array(profileQuestion),
    dimensions: z.array(frameworkDimension).min(1),
  })
  .strict()
  .superRefine((f, ctx) => {
    const levels = f.levels.map((l) => l.level);
    levels.forEach((l, i) => {
      if (l !== i + 1) ctx.addIssue({ code: 'custom', path: ['levels', i, 'level'], message: 'levels are 1 to 5 in order' });
      if (i > 0 && f.levels[i].minScore <= f.levels[i - 1].minScore) {
        ctx.addIssue({ code: 'custom', path: ['levels', i, 'minScore'], message: 'each level needs a higher minimum score than the one before' });
      }
    });
    const profileIds = new Map(f.profile.map((p) => [p.id, p]));
    const seen = new Set<string>();
    const dimIds = new Set<string>();
    f.dimensions.forEach((d, di) => {
      if (dimIds.has(d.id)) ctx.addIssue({ code: 'custom', path: ['dimensions', di, 'id'], message: `duplicate dimension id ${d.id}` });
      dimIds.add(d.id);
      d.requirements.forEach((r, ri) => {
        const at = ['dimensions', di, 'requirements', ri];
        if (seen.has(r.id)) ctx.addIssue({ code: 'custom', path: [...at, 'id'], message: `duplicate requirement id ${r.id}` });
        seen.add(r.id);
        r.applicable?.forEach((c, ci) => {
          if (!profileIds.has(c.profile)) ctx.addIssue({ code: 'custom', path: [...at, 'applicable', ci, 'profile'], message: `unknown profile question ${c.profile}` });
        });
        const q = r.question;
        const qa = [...at, 'question'];
        if (q.type === 'single' || q.type === 'multiple' || q.type === 'yes_no') {
          if (!q.choices && !q.scale) ctx.addIssue({ code: 'custom', path: qa, message: 'a choice question needs choices or a scale' });
          if (q.scale && !f.scales[q.scale]) ctx.addIssue({ code: 'custom', path: [...qa, 'scale'], message: `unknown scale ${q.scale}` });
          const choices = q.choices ?? (q.scale ? f.scales[q.scale] : undefined) ?? [];
          const values = new Set<string>();
          choices.forEach((c, ci) => {
            if (values.has(c.value)) ctx.addIssue({ code: 'custom', path: [...qa, 'choices', ci, 'value'], message: `duplicate choice ${c.value}` });
            values.add(c.value);
          });
          const scored = choices.filter((c) => c.result !== 'not_applicable');
          for (const a of scored) {
            for (const b of scored) {
              if (a.score > b.score && RESULT_RANK[a.result as keyof typeof RESULT_RANK] < RESULT_RANK[b.result as keyof typeof RESULT_RANK]) {
                ctx.addIssue({ code: 'custom', path: q.choices ? [...qa, 'choices'] : [...qa, 'scale'], message: `choice ${a.value} scores higher than ${b.value} but has a worse result` });
              }
            }
          }
        }
        if ((q.type === 'number' || q.type === 'date') && !q.bands) ctx.addIssue({ code: 'custom', path: qa, message: `a ${q.type} question needs bands` });
        q.bands?.forEach((b, bi) => {
          if (q.type === 'number' && b.min === undefined) ctx.addIssue({ code: 'custom', path: [...qa, 'bands', bi, 'min'], message: 'a number band needs min' });
          if (q.type === 'date' && b.maxAgeDays === undefined) ctx.addIssue({ code: 'custom', path: [...qa, 'bands', bi, 'maxAgeDays'], message: 'a date band needs maxAgeDays' });
        });
      });
    });
  });
export type Framework = z.infer<typeof framework>;

/** The choices of a choice question (its own, or its scale's). */
export function choicesOf(f: Pick<Framework, 'scales'>, q: FrameworkQuestion): FrameworkChoice[] {
  return q.choices ?? (q.scale ? (f.scales[q.scale] ?? []) : []);
}

export function allRequirements(f: Pick<Framework, 'dimensions'>): (FrameworkRequirement & { dimensionId: string })[] {
  return f.dimensions.flatMap((d) => d.requirements.map((r) => ({ ...r, dimensionId: d.id })));
}
