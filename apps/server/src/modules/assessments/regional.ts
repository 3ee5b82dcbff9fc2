/**
 * Regional picture: over the latest submitted assessment of each enterprise in the viewer's area, no consent needed
 * because nothing individual leaves: groups under MIN_AGGREGATE_GROUP enterprises are dropped (and counted).
 */
import { eq, sql, type SQL } from 'drizzle-orm';
import { MIN_AGGREGATE_GROUP, type RegionalPicture } from '@shangmi/shared';
import { assessments } from '../../db/schema/index.js';
import { rowsOf } from '../../db/sql.js';
import { andAll, requireActor, scopeCondition } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { cachedValue } from '../../platform/count-cache.js';
import { forbidden } from '../../platform/errors.js';
import { currentFrameworkId, frameworkById } from './framework-versions.js';
import { isEnterpriseUser } from './scope.js';

export async function regionalPicture(ctx: Ctx, q: { by: 'district' | 'industry' | 'kind'; frameworkId?: number; districtCode?: string }): Promise<RegionalPicture> {
  const actor = requireActor(ctx);
  if (isEnterpriseUser(actor)) throw forbidden();
  const frameworkId = q.frameworkId ?? (await currentFrameworkId(ctx).catch(() => null));
  if (!frameworkId) return { frameworkId: null, by: q.by, minGroup: MIN_AGGREGATE_GROUP, total: null, groups: [], suppressed: 0 };
  const f = await frameworkById(ctx, frameworkId);
  const key = `assessments:regional:${actor.scope}:${actor.orgPath}:${actor.orgId}:${frameworkId}:${q.by}:${q.districtCode ?? ''}`;
  return cachedValue(key, async () => {
    // the enterprise's own organisation path, copied on the assessment (kept in step when organisations move)
    const where = andAll(
      eq(assessments.frameworkId, frameworkId),
      eq(assessments.latest, true),
      scopeCondition(actor, { orgPath: assessments.orgPath, orgId: assessments.orgId }),
      q.districtCode ? eq(assessments.districtCode, q.districtCode) : undefined,
    );
    const groupExpr =
      q.by === 'district' ? sql`coalesce(district_code, '')` : q.by === 'industry' ? sql`coalesce(industry_section, '')` : sql`unnest(case when cardinality(kinds) = 0 then array[''] else kinds end)`;
    const dimIds = f.dimensions.map((d) => d.id);
    // districts and industry sections partition the enterprises: the total adds the groups up; kinds overlap (an
    // enterprise of two kinds is in both groups), so their total is a pass of its own
    const [parts, totalParts] = await Promise.all([aggregate(ctx, where, groupExpr, dimIds), q.by === 'kind' ? aggregate(ctx, where, sql`''`, dimIds) : null]);
    const groups = parts.map((g) => finish(g, dimIds, 5)).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const total = combine(totalParts ?? parts, dimIds);
    const shown = groups.filter((g) => g.enterprises >= MIN_AGGREGATE_GROUP);
    return {
      frameworkId,
      by: q.by,
      minGroup: MIN_AGGREGATE_GROUP,
      total: total && total.n >= MIN_AGGREGATE_GROUP ? finish(total, dimIds, 10) : null,
      groups: shown,
      suppressed: groups.length - shown.length,
    };
  });
}

/** A group's sums (not yet averages), so groups add up to a total exactly. */
interface GroupSums {
  key: string;
  n: number;
  scoreSum: number;
  dims: { sum: number; n: number }[];
  levels: number[];
  failed: Map<string, number>;
}

/**
 * Two statements over the latest checks, run together (each can use parallel workers): per group the count, the sums
 * of the overall and of each dimension (with their counts: 不适用 dimensions are null) and the level distribution; and
 * per group and requirement the number of checks that failed it.
 */
async function aggregate(ctx: Ctx, where: SQL | undefined, groupExpr: SQL, dimIds: string[]): Promise<GroupSums[]> {
  const [sums, fails] = await Promise.all([
    ctx.db.execute(sql`
      select ${groupExpr} as g, count(*)::int as n, coalesce(sum(score), 0)::float8 as s,
             ${sql.join(
               dimIds.map((d, i) => sql`coalesce(sum((dimension_scores->>${d})::float8), 0)::float8 as ${sql.raw(`d${i}`)}, count(dimension_scores->>${d})::int as ${sql.raw(`c${i}`)}`),
               sql`, `,
             )},
             ${sql.join([1, 2, 3, 4, 5].map((l) => sql`count(*) filter (where level = ${l})::int as ${sql.raw(`l${l}`)}`), sql`, `)}
        from assessments where ${where} group by 1`),
    ctx.db.execute(sql`select g, r, count(*)::int as c from (select ${groupExpr} as g, failed from assessments where ${where}) x, unnest(x.failed) r group by g, r`),
  ]);
  const failedBy = new Map<string, Map<string, number>>();
  for (const f of rowsOf<{ g: string; r: string; c: number }>(fails)) {
    const m = failedBy.get(String(f.g)) ?? new Map<string, number>();
    m.set(f.r, Number(f.c));
    failedBy.set(String(f.g), m);
  }
  return rowsOf<Record<string, unknown>>(sums).map((r) => ({
    key: String(r.g),
    n: Number(r.n),
    scoreSum: Number(r.s),
    dims: dimIds.map((_, i) => ({ sum: Number(r[`d${i}`]), n: Number(r[`c${i}`]) })),
    levels: [1, 2, 3, 4, 5].map((l) => Number(r[`l${l}`])),
    failed: failedBy.get(String(r.g)) ?? new Map(),
  }));
}

function combine(parts: GroupSums[], dimIds: string[]): GroupSums | null {
  if (!parts.length) return null;
  const failed = new Map<string, number>();
  for (const p of parts) for (const [r, c] of p.failed) failed.set(r, (failed.get(r) ?? 0) + c);
  return {
    key: '',
    n: parts.reduce((s, p) => s + p.n, 0),
    scoreSum: parts.reduce((s, p) => s + p.scoreSum, 0),
    dims: dimIds.map((_, i) => ({ sum: parts.reduce((s, p) => s + p.dims[i].sum, 0), n: parts.reduce((s, p) => s + p.dims[i].n, 0) })),
    levels: [0, 1, 2, 3, 4].map((i) => parts.reduce((s, p) => s + p.levels[i], 0)),
    failed,
  };
}

const round1 = (x: number) => Math.round(x * 10) / 10;

function finish(g: GroupSums, dimIds: string[], topFailed: number): RegionalPicture['groups'][number] {
  return {
    key: g.key,
    enterprises: g.n,
    average: g.n ? round1(g.scoreSum / g.n) : 0,
    dimensions: Object.fromEntries(dimIds.map((d, i) => [d, g.dims[i].n ? round1(g.dims[i].sum / g.dims[i].n) : null])),
    levels: g.levels,
    mostFailed: [...g.failed]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, topFailed)
      .map(([requirementId, count]) => ({ requirementId, count })),
  };
}
