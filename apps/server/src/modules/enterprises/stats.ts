/** 企业统计: counts for charts over what the enterprise list with the same filters shows (issue 23 item 2). */
import { sql } from 'drizzle-orm';
import type { EnterpriseStats } from '@shangmi/shared';
import { enterpriseTallies, enterprises } from '../../db/schema/index.js';
import { rowsOf } from '../../db/sql.js';
import { andAll, requireActor } from '../../platform/access.js';
import { cachedValue } from '../../platform/count-cache.js';
import type { Actor, Ctx } from '../../platform/context.js';
import { filterConditions, type EnterpriseFilters } from './read.js';
import { tallyConditions } from './tallies.js';

/**
 * Read from the maintained aggregates (`enterprise_tallies`, tallies.ts) when the scope and the filters are among their
 * columns — a bureau's scope (all, or its subtree and the sites below it: one key of the tallies), region, district,
 * industry section, size, status: an equality on the key's leading column, a few thousand rows at most whatever the
 * number of enterprises. Any other filter (search, park, division, kind, site, cultivation stage) or scope reads the
 * matching enterprises once. Either answer is kept 10 s per scope and filters (`cachedValue`), forgotten on every local
 * commit.
 */
export function enterpriseStats(ctx: Ctx, q: EnterpriseFilters): Promise<EnterpriseStats> {
  const actor = requireActor(ctx);
  // everything enterpriseScope and filterConditions read from the actor
  const who = `${actor.orgKind}|${actor.scope}|${actor.orgId}|${actor.orgPath}`;
  return cachedValue(`enterprises.stats|${who}|${JSON.stringify(q)}`, () => (fromTallies(actor, q) ? tallyStats(ctx, actor, q) : scanStats(ctx, actor, q)));
}

/** Whether the tallies answer this scope and these filters (a kind filter would need kinds by kind: read directly). */
export function fromTallies(actor: Actor, q: EnterpriseFilters): boolean {
  return !q.kind && tallyConditions(actor, q) !== undefined;
}

type StatRow = { dim: 'total' | 'district' | 'industry' | 'size' | 'status' | 'kind'; key: string | null; n: number | string };

async function tallyStats(ctx: Ctx, actor: Actor, q: EnterpriseFilters): Promise<EnterpriseStats> {
  const t = enterpriseTallies;
  const where = andAll(sql`${t.n} <> 0`, tallyConditions(actor, q));
  const matching = ctx.db.select({ districtCode: t.districtCode, industrySection: t.industrySection, size: t.size, status: t.status, kind: t.kind, n: t.n }).from(t).where(where);
  const rows = rowsOf<StatRow>(
    await ctx.db.execute(sql`
      with e as materialized (${matching})
      select case when grouping(district_code) = 0 then 'district' when grouping(industry_section) = 0 then 'industry'
                  when grouping(size) = 0 then 'size' when grouping(status) = 0 then 'status' else 'total' end as dim,
             coalesce(district_code, industry_section, size, status) as key, sum(n) as n
        from e where kind is null
       group by grouping sets ((), (district_code), (industry_section), (size), (status))
      union all
      select 'kind', kind, sum(n) from e where kind is not null group by kind`),
  );
  return toStats(rows);
}

async function scanStats(ctx: Ctx, actor: Actor, q: EnterpriseFilters): Promise<EnterpriseStats> {
  const { where } = filterConditions(actor, q);
  const matching = ctx.db
    .select({ districtCode: enterprises.districtCode, industrySection: enterprises.industrySection, size: enterprises.size, status: enterprises.status, kinds: enterprises.kinds })
    .from(enterprises)
    .where(where);
  const rows = rowsOf<StatRow>(
    await ctx.db.execute(sql`
      with e as materialized (${matching})
      select case when grouping(district_code) = 0 then 'district' when grouping(industry_section) = 0 then 'industry'
                  when grouping(size) = 0 then 'size' when grouping(status) = 0 then 'status' else 'total' end as dim,
             coalesce(district_code, industry_section, size, status) as key, count(*) as n
        from e
       group by grouping sets ((), (district_code), (industry_section), (size), (status))
      union all
      select 'kind', k, count(*) from e, unnest(e.kinds) as k group by k`),
  );
  return toStats(rows);
}

/** Exported for the test that compares both sources. */
export const statsSources = { tallyStats, scanStats };

function toStats(rows: StatRow[]): EnterpriseStats {
  const buckets = (dim: StatRow['dim']) =>
    rows
      .filter((r) => r.dim === dim)
      .map((r) => ({ key: r.key, count: Number(r.n) }))
      // the largest first, then by key (nulls last, as the database orders them)
      .sort((a, b) => b.count - a.count || (a.key === null ? 1 : b.key === null ? -1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const total = Number(rows.find((r) => r.dim === 'total')?.n ?? 0);
  return { total, byDistrict: buckets('district'), byIndustry: buckets('industry'), byKind: buckets('kind'), bySize: buckets('size'), byStatus: buckets('status') };
}
