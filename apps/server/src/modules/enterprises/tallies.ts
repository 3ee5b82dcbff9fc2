/**
 * Reading the maintained tallies (`enterprise_tallies`, kept by statement triggers on `enterprises` in the writing
 * transaction): how many enterprises share each combination of region, district, industry section, size, status and
 * kind, per **scope node** — every organisation whose data scope shows the enterprise (its parent chain and its serving
 * site's chain, each node once) and `/` for everything. An `org_and_below` bureau's enterprises are then the rows of one
 * key (`scope_path = its path`), an `all` actor's the rows of `/`: an equality on the key's leading column, whatever the
 * number of enterprises. 企业统计 (stats.ts) and the list's total (read.ts) read them when the scope and filters allow.
 */
import { eq, isNull, ne, sql, type SQL } from 'drizzle-orm';
import type { EnterpriseListQuery } from '@shangmi/shared';
import { enterpriseTallies } from '../../db/schema/index.js';
import { andAll } from '../../platform/access.js';
import { cachedCount } from '../../platform/count-cache.js';
import type { Actor, Ctx } from '../../platform/context.js';
import { isEnterpriseUser } from './scope.js';

/** read.ts's EnterpriseFilters (written out here: read.ts imports this file) */
type EnterpriseFilters = Omit<EnterpriseListQuery, 'sort'>;

/** The key that holds this actor's enterprises, or undefined when the tallies do not answer the actor's scope. */
export function tallyScope(actor: Actor): string | undefined {
  if (isEnterpriseUser(actor)) return undefined; // their own enterprise: one row, read directly
  if (actor.scope === 'all') return '/';
  if (actor.scope === 'org_and_below') return actor.orgPath;
  return undefined; // `org` (the actor's organisation exactly) and `self` are small sets: read directly
}

/** Filters the tallies hold as columns: a section letter, never a division (codes nest below the section). */
const sectionOnly = (q: EnterpriseFilters) => !q.industryCode || /^[A-Z]$/.test(q.industryCode);
const outsideTallies = (q: EnterpriseFilters) => !!(q.q || q.parkId || q.siteOrgId || q.stage) || !sectionOnly(q);

/**
 * The tallies' rows of this actor's scope and the column filters (kind aside), or undefined when another filter or the
 * scope rules them out. Without `status`, merged records are left out, as the list does.
 */
export function tallyConditions(actor: Actor, q: EnterpriseFilters): SQL | undefined {
  const scope = tallyScope(actor);
  if (scope === undefined || outsideTallies(q)) return undefined;
  const t = enterpriseTallies;
  return andAll(
    eq(t.scopePath, scope),
    q.regionCode ? eq(t.regionCode, q.regionCode) : undefined,
    q.districtCode ? eq(t.districtCode, q.districtCode) : undefined,
    q.industryCode ? eq(t.industrySection, q.industryCode) : undefined,
    q.size ? eq(t.size, q.size) : undefined,
    q.status ? eq(t.status, q.status) : ne(t.status, 'merged'),
  );
}

/**
 * The exact number of enterprises the list shows for these filters, from the tallies (a sum over the rows of one scope
 * key), or undefined when the tallies cannot answer. A `kind` filter reads that kind's rows (one per enterprise holding
 * it), otherwise the enterprises' own rows (kind null). Cached like every count (cachedCount: 10 s, forgotten on commit).
 */
export async function tallyCount(ctx: Ctx, actor: Actor, q: EnterpriseFilters): Promise<number | undefined> {
  const where = tallyConditions(actor, q);
  if (!where) return undefined;
  const t = enterpriseTallies;
  return cachedCount(
    ctx.db
      .select({ total: sql<number>`coalesce(sum(${t.n}), 0)::int` })
      .from(t)
      .where(andAll(where, q.kind ? eq(t.kind, q.kind) : isNull(t.kind))),
  );
}
