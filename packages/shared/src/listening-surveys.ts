import { z } from 'zod';
import { id, idValue, optionalText, pageOf, pageQuery, text } from './common.js';

/**
 * 调查问卷 (issue 17): the builder's definition, the answer check both sides run (the server's is the one that counts),
 * distribution, results. A definition is sections of questions; a question may be shown only when an earlier choice
 * question's answer includes one of some options (simple skip logic).
 */
type L = { zh: string; en: string };

export const QUESTION_KINDS = ['single', 'multi', 'scale', 'matrix', 'text', 'textarea'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];
export const QUESTION_KIND_LABELS: Record<QuestionKind, L> = {
  single: { zh: '单选', en: 'Single choice' },
  multi: { zh: '多选', en: 'Multiple choice' },
  scale: { zh: '量表', en: 'Scale' },
  matrix: { zh: '矩阵', en: 'Matrix' },
  text: { zh: '简答', en: 'Short text' },
  textarea: { zh: '详答', en: 'Long text' },
};
/** The longest answer a text question takes (short / long); a longer one is refused naming the question. */
export const TEXT_LIMITS = { text: 200, textarea: 5000 } as const;

const key = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/);
const option = z.strictObject({ value: key, label: text(200) });
export const surveyQuestion = z.strictObject({
  id: key,
  kind: z.enum(QUESTION_KINDS),
  title: text(500),
  required: z.boolean().default(false),
  /** single, multi: the choices; matrix: the columns (each row takes one) */
  options: z.array(option).max(50).optional(),
  /** matrix: the rows */
  rows: z.array(option).max(50).optional(),
  /** scale: from min to max (e.g. 1–5) */
  scale: z.strictObject({ min: z.number().int().min(0).max(1), max: z.number().int().min(2).max(10) }).optional(),
  /** shown only when the earlier choice question `question` was answered with one of `anyOf` */
  showIf: z.strictObject({ question: key, anyOf: z.array(key).min(1) }).optional(),
});
export type SurveyQuestion = z.infer<typeof surveyQuestion>;
export const surveySection = z.strictObject({ id: key, title: text(200), questions: z.array(surveyQuestion).min(1).max(100) });
export const surveyDefinition = z.array(surveySection).min(1).max(20);
export type SurveyDefinition = z.infer<typeof surveyDefinition>;

/** The definition's own problems (ids, options, skip logic pointing backwards to a choice), as field + message. */
export function definitionProblem(def: SurveyDefinition): { field: string; message: L } | null {
  const seen = new Map<string, SurveyQuestion>();
  for (const [si, s] of def.entries()) {
    for (const [qi, q] of s.questions.entries()) {
      const field = `sections.${si}.questions.${qi}`;
      if (seen.has(q.id)) return { field: `${field}.id`, message: { zh: `题目编号 ${q.id} 重复`, en: `question id ${q.id} is used twice` } };
      if ((q.kind === 'single' || q.kind === 'multi' || q.kind === 'matrix') && !(q.options?.length ?? 0)) {
        return { field: `${field}.options`, message: { zh: `“${q.title}”须有选项`, en: `“${q.title}” needs options` } };
      }
      if (q.kind === 'matrix' && !(q.rows?.length ?? 0)) return { field: `${field}.rows`, message: { zh: `“${q.title}”须有行`, en: `“${q.title}” needs rows` } };
      if (q.kind === 'scale' && !q.scale) return { field: `${field}.scale`, message: { zh: `“${q.title}”须设置量表范围`, en: `“${q.title}” needs a range` } };
      if (q.showIf) {
        const ref = seen.get(q.showIf.question);
        if (!ref || (ref.kind !== 'single' && ref.kind !== 'multi')) {
          return { field: `${field}.showIf`, message: { zh: `“${q.title}”的显示条件须引用前面的选择题`, en: `“${q.title}”: the condition must name an earlier choice question` } };
        }
        const values = new Set(ref.options!.map((o) => o.value));
        if (q.showIf.anyOf.some((v) => !values.has(v))) return { field: `${field}.showIf`, message: { zh: `“${q.title}”的显示条件含有不存在的选项`, en: `“${q.title}”: the condition names an unknown option` } };
      }
      seen.set(q.id, q);
    }
  }
  return null;
}

export type SurveyAnswerValue = string | number | string[] | Record<string, string>;
export type Answers = Record<string, SurveyAnswerValue>;
const questionsOf = (def: SurveyDefinition) => def.flatMap((s) => s.questions);

/** Whether a question is shown, given the answers so far (its condition's question shown and answered with one of the values). */
export function isShown(def: SurveyDefinition, q: SurveyQuestion, answers: Answers): boolean {
  if (!q.showIf) return true;
  const ref = questionsOf(def).find((x) => x.id === q.showIf!.question);
  if (!ref || !isShown(def, ref, answers)) return false;
  const a = answers[ref.id];
  const picked = Array.isArray(a) ? a : typeof a === 'string' ? [a] : [];
  return picked.some((v) => q.showIf!.anyOf.includes(v));
}

const empty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0);

/**
 * The first problem of a set of answers, naming the question (`answers.<id>`): an unknown question, a required one
 * skipped, an answer to a question its condition hides, a value of the wrong shape or outside the options, a text over
 * its limit. `draft`: only shapes and limits (a draft may be incomplete).
 */
export function answerProblem(def: SurveyDefinition, answers: Record<string, unknown>, draft = false): { field: string; message: L } | null {
  const qs = questionsOf(def);
  const byId = new Map(qs.map((q) => [q.id, q]));
  for (const k of Object.keys(answers)) {
    if (!byId.has(k)) return { field: `answers.${k}`, message: { zh: `问卷中没有题目 ${k}`, en: `the survey has no question ${k}` } };
  }
  for (const q of qs) {
    const field = `answers.${q.id}`;
    const name = { zh: `“${q.title}”`, en: `“${q.title}”` };
    const v = answers[q.id];
    if (!draft && !isShown(def, q, answers as Answers)) {
      if (!empty(v)) return { field, message: { zh: `${name.zh}按前面的回答不应作答`, en: `${name.en} is hidden by an earlier answer and takes no answer` } };
      continue;
    }
    if (empty(v)) {
      if (q.required && !draft) return { field, message: { zh: `${name.zh}为必答题`, en: `${name.en} is required` } };
      continue;
    }
    const values = new Set((q.options ?? []).map((o) => o.value));
    const bad = { field, message: { zh: `${name.zh}的回答无效`, en: `${name.en}: the answer is not valid` } };
    switch (q.kind) {
      case 'single':
        if (typeof v !== 'string' || !values.has(v)) return bad;
        break;
      case 'multi':
        if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || !values.has(x)) || new Set(v).size !== v.length) return bad;
        break;
      case 'scale':
        if (typeof v !== 'number' || !Number.isInteger(v) || v < q.scale!.min || v > q.scale!.max) return bad;
        break;
      case 'matrix': {
        if (typeof v !== 'object' || Array.isArray(v)) return bad;
        const rows = new Set((q.rows ?? []).map((r) => r.value));
        const entries = Object.entries(v as Record<string, unknown>);
        if (entries.some(([r, c]) => !rows.has(r) || typeof c !== 'string' || !values.has(c))) return bad;
        if (q.required && !draft && entries.length < rows.size) return { field, message: { zh: `${name.zh}每一行都须作答`, en: `${name.en}: every row needs an answer` } };
        break;
      }
      case 'text':
      case 'textarea': {
        if (typeof v !== 'string') return bad;
        const max = TEXT_LIMITS[q.kind];
        if (v.length > max) return { field, message: { zh: `${name.zh}最多 ${max} 个字符（现有 ${v.length}）`, en: `${name.en}: at most ${max} characters (${v.length} given)` } };
        break;
      }
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// The API's shapes

export const SURVEY_STATUSES = ['draft', 'open', 'closed'] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];
export const SURVEY_STATUS_LABELS: Record<SurveyStatus, L> = {
  draft: { zh: '草稿', en: 'Draft' },
  open: { zh: '收集中', en: 'Open' },
  closed: { zh: '已结束', en: 'Closed' },
};

export const surveyCreate = z.strictObject({
  title: text(200),
  intro: optionalText(2000),
  anonymous: z.boolean().default(false),
  sections: surveyDefinition,
});
export type SurveyCreate = z.infer<typeof surveyCreate>;
export const surveyUpdate = surveyCreate.partial().strict();
export const surveyFromTemplate = z.strictObject({ template: text(50), title: optionalText(200) });

/** Which enterprises get the survey (within the sender's scope): every filter given must hold. */
export const surveyDistribute = z.strictObject({
  districtCodes: z.array(z.string().regex(/^\d{6}$/)).max(50).optional(),
  industrySections: z.array(z.string().regex(/^[A-T]$/)).max(20).optional(),
  kinds: z.array(text(50)).max(20).optional(),
  enterpriseIds: z.array(idValue).max(5000).optional(),
});
export const surveyTokensCreate = z.strictObject({ count: z.number().int().min(1).max(500) });
/** `qr`: each link's QR code as SVG markup (the full address under the public URL), for the first QR_LIMIT links only. */
export const surveyTokens = z.object({ tokens: z.array(z.string()), links: z.array(z.string()), qr: z.array(z.string()) });
export const SURVEY_QR_LIMIT = 100;

export const survey = z.object({
  id: z.number().int(),
  title: z.string(),
  intro: z.string().nullable(),
  anonymous: z.boolean(),
  status: z.enum(SURVEY_STATUSES),
  orgName: z.string(),
  sections: surveyDefinition,
  targets: z.number().int(),
  responses: z.number().int(),
  openedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Survey = z.infer<typeof survey>;
export const surveySummary = survey.omit({ sections: true });
export const surveyListQuery = z.object({ status: z.enum(SURVEY_STATUSES).optional() });
export const surveyListPageQuery = surveyListQuery.extend(pageQuery.shape);
export const surveyPage = pageOf(surveySummary);
export const surveyTemplate = z.object({ key: z.string(), title: z.string(), sections: surveyDefinition });
export const surveyTemplateList = z.array(surveyTemplate);

/** What an enterprise account (or a link holder) sees to answer: the form, its draft, whether it answered already. */
export const surveyForm = z.object({
  id: z.number().int(),
  title: z.string(),
  intro: z.string().nullable(),
  anonymous: z.boolean(),
  status: z.enum(SURVEY_STATUSES),
  sections: surveyDefinition,
  draft: z.record(z.string(), z.unknown()).nullable(),
  answered: z.boolean(),
});
export type SurveyForm = z.infer<typeof surveyForm>;
export const surveyAnswer = z.strictObject({ answers: z.record(z.string(), z.unknown()) });
export const surveyMine = z.array(z.object({ id: z.number().int(), title: z.string(), status: z.enum(SURVEY_STATUSES), anonymous: z.boolean(), answered: z.boolean(), hasDraft: z.boolean() }));
export const surveyTokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,64}$/) });
export const surveyIdParams = z.object({ id });

export const CROSS_BY = ['district', 'industry', 'kind'] as const;
export const CROSS_BY_LABELS: Record<(typeof CROSS_BY)[number], L> = {
  district: { zh: '按区县', en: 'By district' },
  industry: { zh: '按行业', en: 'By industry' },
  kind: { zh: '按企业类型', en: 'By enterprise kind' },
};
export const surveyResultsQuery = z.object({ by: z.enum(CROSS_BY).optional() });
const countRow = z.object({ value: z.string(), count: z.number().int() });
export const surveyResults = z.object({
  responses: z.number().int(),
  questions: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(QUESTION_KINDS),
      title: z.string(),
      answered: z.number().int(),
      counts: z.array(countRow),
      /** text questions: the newest answers (at most 200) */
      texts: z.array(z.string()),
      /** the same answers with their response and, when the survey is named, the enterprise that gave them */
      textAnswers: z.array(z.object({ responseId: z.number().int(), text: z.string(), enterpriseId: z.number().int().nullable(), enterpriseName: z.string().nullable() })),
      /** with `by`: the counts per group (district code, industry section, enterprise kind; '' = not known) */
      cross: z.array(z.object({ group: z.string(), value: z.string(), count: z.number().int() })),
    }),
  ),
});
export type SurveyResults = z.infer<typeof surveyResults>;
