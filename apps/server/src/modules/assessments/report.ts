/** The report of a submitted check: its result, the change since the previous one, and its rank among peers. */
import { and, desc, eq, sql } from 'drizzle-orm';
import { MIN_AGGREGATE_GROUP, type AssessmentReport, type ScoreResult } from '@shangmi/shared';
import { assessmentFrameworks, assessments, enterprises } from '../../db/schema/index.js';
import { rowsOf } from '../../db/sql.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { summarySelection, toSummary } from './read.js';
import { type AssessmentRow, loadVisible } from './scope.js';
import { msg } from './assessments.messages.js';

export async function getReport(ctx: Ctx, id: number): Promise<AssessmentReport> {
  const { a } = await loadVisible(ctx, id);
  if (a.status !== 'submitted') throw new AppError('CONFLICT', { message: msg.reportAfterSubmit });
  const [summary] = await ctx.db.select(summarySelection()).from(assessments).innerJoin(enterprises, eq(enterprises.id, assessments.enterpriseId)).where(eq(assessments.id, id));
  const [prev] = await ctx.db
    .select()
    .from(assessments)
    .where(and(eq(assessments.enterpriseId, a.enterpriseId), eq(assessments.status, 'submitted'), sql`${assessments.submittedAt} < ${a.submittedAt!.toISOString()}`))
    .orderBy(desc(assessments.submittedAt))
    .limit(1);
  return {
    assessment: toSummary(summary),
    result: a.result as ScoreResult,
    asOf: a.asOf,
    previous: prev
      ? {
          id: prev.id,
          submittedAt: prev.submittedAt!.toISOString(),
          overall: prev.score ?? 0,
          level: prev.level ?? 1,
          dimensions: (prev.dimensionScores ?? {}) as Record<string, number | null>,
        }
      : null,
    percentile: await percentileOf(ctx, a),
  };
}

/**
 * Where the assessment stands among peers: the latest submitted assessment of every other enterprise of the region on the
 * same framework code, same industry section (or, with fewer than 5 of those, same district). Reveals a rank, never a peer.
 */
async function percentileOf(ctx: Ctx, a: AssessmentRow): Promise<AssessmentReport['percentile']> {
  const [fw] = await ctx.db.select({ code: assessmentFrameworks.code }).from(assessmentFrameworks).where(eq(assessmentFrameworks.id, a.frameworkId));
  for (const basis of ['industry', 'district'] as const) {
    const value = basis === 'industry' ? a.industrySection : a.districtCode;
    if (!value) continue;
    const col = basis === 'industry' ? 'industry_section' : 'district_code';
    const rows = await ctx.db.execute(sql`
      with latest as (
        select x.score
          from assessments x join assessment_frameworks f on f.id = x.framework_id
         where x.latest and x.region_code = ${a.regionCode} and f.code = ${fw.code}
           and x.${sql.raw(col)} = ${value} and x.enterprise_id <> ${a.enterpriseId}
      )
      select count(*)::int as peers,
             count(*) filter (where score < ${a.score})::int as below,
             count(*) filter (where score = ${a.score})::int as equal
        from latest`);
    const [r] = rowsOf<Record<string, unknown>>(rows);
    const peers = Number(r.peers);
    if (peers >= MIN_AGGREGATE_GROUP) {
      return { basis, peers, value: Math.round(((Number(r.below) + Number(r.equal) / 2) / peers) * 1000) / 10 };
    }
  }
  return null;
}
