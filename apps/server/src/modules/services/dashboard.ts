/**
 * The services dashboard (服务统计) within the caller's scope: requests by state, the time to accept, satisfaction, and
 * the same by district, service kind and provider (site or provider). Grouped in SQL over the requests table.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { ServicesDashboard } from '@shangmi/shared';
import { districts, helpRequests, orgs } from '../../db/schema/index.js';
import { requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { requestScope } from './scope.js';

const num = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10);

export async function servicesDashboard(ctx: Ctx): Promise<ServicesDashboard> {
  const scope = requestScope(requireActor(ctx)) ?? sql`true`;
  const h = helpRequests;
  const [head] = await ctx.db
    .select({
      n: sql<number>`count(*)::int`,
      hours: sql<number | null>`avg(extract(epoch from (${h.acceptedAt} - ${h.createdAt})) / 3600)::float8`,
      rating: sql<number | null>`avg(${h.rating})::float8`,
    })
    .from(h)
    .where(scope);
  const byState = await ctx.db
    .select({ state: h.state, n: sql<number>`count(*)::int` })
    .from(h)
    .where(scope)
    .groupBy(h.state);
  const group = async (key: SQL, label: SQL) =>
    (
      await ctx.db
        .select({
          key: sql<string | null>`${key}`,
          label: sql<string | null>`${label}`,
          requests: sql<number>`count(*)::int`,
          delivered: sql<number>`count(*) filter (where ${h.state} in ('delivered', 'confirmed'))::int`,
          avgRating: sql<number | null>`avg(${h.rating})::float8`,
        })
        .from(h)
        .where(scope)
        .groupBy(key, label)
        .orderBy(sql`count(*) desc`)
        .limit(50)
    ).map((r) => ({ key: r.key, label: r.label, requests: Number(r.requests), delivered: Number(r.delivered), avgRating: num(r.avgRating) }));
  const byDistrict = await group(sql`${h.districtCode}`, sql`(select name from ${districts} d where d.code = ${h.districtCode})`);
  const byServiceKind = await group(sql`${h.serviceKind}`, sql`(select label_zh from dict_items i where i.type_code = 'service_kind' and i.value = ${h.serviceKind})`);
  const byProvider = await group(sql`${h.assigneeOrgId}::text`, sql`(select name from ${orgs} o where o.id = ${h.assigneeOrgId})`);
  return {
    requests: Number(head?.n ?? 0),
    byState: byState.map((r) => ({ state: r.state, n: Number(r.n) })),
    avgResponseHours: num(head?.hours),
    avgRating: num(head?.rating),
    byDistrict,
    byServiceKind: byServiceKind.map((r) => ({ ...r, key: r.key ?? '' })),
    byProvider: byProvider.filter((r) => r.key !== null).map((r) => ({ ...r, key: r.key! })),
  };
}
