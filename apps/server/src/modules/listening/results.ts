/**
 * A survey's results: counts per option of every choice, scale and matrix question in one pass over the answers (SQL
 * over jsonb; 100,000 answers are one scan, bench/listening.ts), the same counts cross-tabbed by district, industry
 * section or enterprise kind (named answers only: anonymous ones carry none, their group is ''), and the newest
 * free-text answers. The export writes one row per answer, one column per question.
 */
import { desc, eq, sql } from 'drizzle-orm';
import type { SurveyDefinition, SurveyQuestion, SurveyResults } from '@shangmi/shared';
import { enterprises, listeningResponses } from '../../db/schema/index.js';
import { rowsOf } from '../../db/sql.js';
import type { Ctx } from '../../platform/context.js';
import { findSurvey } from './scope.js';

const questionsOf = (def: SurveyDefinition) => def.flatMap((s) => s.questions);
const isChoice = (q: SurveyQuestion) => q.kind !== 'text' && q.kind !== 'textarea';
const GROUP = { district: sql`r.district_code`, industry: sql`r.industry_section`, kind: sql`r.enterprise_kind` } as const;

/** Each answer's values flattened: a multi choice gives one value per option, a matrix `row=column` per row. */
const VALUES = sql`cross join lateral jsonb_each(r.answers) as e(q, v)
  cross join lateral (
    select jsonb_array_elements_text(e.v) as val where jsonb_typeof(e.v) = 'array'
    union all select e.v #>> '{}' where jsonb_typeof(e.v) in ('string', 'number')
    union all select m.k || '=' || m.c from jsonb_each_text(case when jsonb_typeof(e.v) = 'object' then e.v else '{}'::jsonb end) as m(k, c)
  ) as x`;

export async function surveyResults(ctx: Ctx, id: number, by?: keyof typeof GROUP): Promise<SurveyResults> {
  const s = await findSurvey(ctx, id);
  const qs = questionsOf(s.sections);
  const choice = qs.filter(isChoice).map((q) => q.id);
  const texts = qs.filter((q) => !isChoice(q)).map((q) => q.id);
  const group = by ? GROUP[by] : sql`''`;
  const [total, counts, answered, textRows] = await Promise.all([
    ctx.db
      .select({ n: sql<number>`count(*)::int` })
      .from(listeningResponses)
      .where(eq(listeningResponses.surveyId, id)),
    choice.length
      ? ctx.db.execute(sql`select e.q, x.val as value, coalesce(${group}, '') as g, count(*)::int as n
          from listening_responses r ${VALUES}
          where r.survey_id = ${id} and e.q = any(${`{${choice.join(',')}}`}::text[])
          group by 1, 2, 3`)
      : Promise.resolve([]),
    ctx.db.execute(sql`select e.q, count(*)::int as n from listening_responses r cross join lateral jsonb_each(r.answers) as e(q, v)
        where r.survey_id = ${id} and e.v not in ('""'::jsonb, '[]'::jsonb, '{}'::jsonb, 'null'::jsonb) group by 1`),
    Promise.all(
      texts.map((q) =>
        ctx.db
          // a named answer's enterprise (an anonymous one has none): the results page turns it into a need
          .select({ t: sql<string>`${listeningResponses.answers} ->> ${q}`, responseId: listeningResponses.id, enterpriseId: listeningResponses.enterpriseId, enterpriseName: enterprises.name })
          .from(listeningResponses)
          .leftJoin(enterprises, eq(enterprises.id, listeningResponses.enterpriseId))
          .where(sql`${listeningResponses.surveyId} = ${id} and coalesce(${listeningResponses.answers} ->> ${q}, '') <> ''`)
          .orderBy(desc(listeningResponses.submittedOn))
          .limit(200),
      ),
    ),
  ]);
  const countRows = rowsOf<{ q: string; value: string; g: string; n: number }>(counts);
  const answeredBy = new Map(rowsOf<{ q: string; n: number }>(answered).map((r) => [r.q, Number(r.n)]));
  return {
    responses: total[0]!.n,
    questions: qs.map((q) => {
      const mine = countRows.filter((r) => r.q === q.id);
      const sum = new Map<string, number>();
      for (const r of mine) sum.set(r.value, (sum.get(r.value) ?? 0) + Number(r.n));
      const ti = texts.indexOf(q.id);
      return {
        id: q.id,
        kind: q.kind,
        title: q.title,
        answered: answeredBy.get(q.id) ?? 0,
        counts: [...sum].map(([value, count]) => ({ value, count })),
        texts: ti >= 0 ? textRows[ti]!.map((r) => r.t) : [],
        textAnswers: ti >= 0 ? textRows[ti]!.map((r) => ({ responseId: r.responseId, text: r.t, enterpriseId: r.enterpriseId, enterpriseName: r.enterpriseName })) : [],
        cross: by ? mine.map((r) => ({ group: r.g, value: r.value, count: Number(r.n) })) : [],
      };
    }),
  };
}

/** The label of an answer value as a person reads it (options by their label, a matrix as `row：column`). */
export function answerText(q: SurveyQuestion, v: unknown): string {
  if (v === undefined || v === null) return '';
  const label = (val: string) => q.options?.find((o) => o.value === val)?.label ?? val;
  switch (q.kind) {
    case 'single':
      return label(String(v));
    case 'multi':
      return Array.isArray(v) ? v.map((x) => label(String(x))).join('；') : '';
    case 'matrix':
      return Object.entries(v as Record<string, string>)
        .map(([r, c]) => `${q.rows?.find((x) => x.value === r)?.label ?? r}：${label(c)}`)
        .join('；');
    default:
      return String(v);
  }
}

/** The export's sheet: one row per answer (newest first), the questions as columns. */
export async function resultsForExport(ctx: Ctx, id: number, limit: number) {
  const s = await findSurvey(ctx, id);
  const rows = await ctx.db
    .select({ answers: listeningResponses.answers, submittedOn: listeningResponses.submittedOn, districtCode: listeningResponses.districtCode, industrySection: listeningResponses.industrySection, enterpriseKind: listeningResponses.enterpriseKind, enterpriseId: listeningResponses.enterpriseId, enterpriseName: sql<string | null>`(select name from enterprises where id = ${listeningResponses.enterpriseId})` })
    .from(listeningResponses)
    .where(eq(listeningResponses.surveyId, id))
    .orderBy(desc(listeningResponses.submittedOn))
    .limit(limit);
  return { survey: s, questions: questionsOf(s.sections), rows };
}
