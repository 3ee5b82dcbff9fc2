/** Construction targets (the city's goals and district quotas) and the progress dashboard with its map. */
import { and, asc, count, eq, gte, inArray, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import {
  TARGET_KINDS,
  targetKindOf,
  yearOf,
  type SiteDashboard,
  type SiteMapPoint,
  type SiteMapQuery,
  type SiteTarget,
  type TargetKind,
  type TargetsPut,
} from '@shangmi/shared';
import { sites, siteTargets } from '../../db/schema/index.js';
import { andAll, requireActor } from '../../platform/access.js';
import type { Actor, Ctx } from '../../platform/context.js';
import { fieldError } from '../../platform/errors.js';
import { common } from '../../platform/messages.js';
import { findOrgInScope } from '../orgs/orgs.service.js';
import { checkDistrict } from '../regions/regions.service.js';
import { hostCounts } from './host.js';
import { regionOf, siteScope } from './scope.js';

export async function listTargets(ctx: Ctx, q: { regionCode?: string }): Promise<SiteTarget[]> {
  const actor = requireActor(ctx);
  const region = await regionOf(ctx, actor, q.regionCode);
  const rows = await ctx.db
    .select()
    .from(siteTargets)
    .where(eq(siteTargets.regionCode, region.code))
    .orderBy(asc(siteTargets.year), asc(siteTargets.kind), sql`${siteTargets.districtCode} asc nulls first`);
  return rows.map((r) => ({ year: r.year, kind: r.kind, districtCode: r.districtCode, cumulative: r.cumulative, newPerYear: r.newPerYear }));
}

/** Replaces a year's goals and district quotas (the city's decision; a quota larger than the goal is allowed: it is a plan). */
export async function putTargets(ctx: Ctx, year: number, input: TargetsPut): Promise<SiteTarget[]> {
  const actor = requireActor(ctx);
  const region = await regionOf(ctx, actor, input.regionCode);
  const seen = new Set<string>();
  input.goals.forEach((g, i) => {
    if (seen.has(g.kind)) throw fieldError(`goals.${i}.kind`, common.repeated);
    seen.add(g.kind);
  });
  input.quotas.forEach((g, i) => {
    checkDistrict(region, g.districtCode);
    const k = `${g.districtCode}:${g.kind}`;
    if (seen.has(k)) throw fieldError(`quotas.${i}.districtCode`, common.repeated);
    seen.add(k);
  });
  // a year's targets are replaced as a whole: two saves at once take turns (else both delete, then both insert)
  await ctx.db.execute(sql`select pg_advisory_xact_lock(hashtext(${`site-targets:${region.code}`}))`);
  const before = await listTargets(ctx, { regionCode: region.code });
  await ctx.db.delete(siteTargets).where(and(eq(siteTargets.regionCode, region.code), eq(siteTargets.year, year)));
  const rows = [...input.goals.map((g) => ({ ...g, districtCode: null })), ...input.quotas];
  if (rows.length) {
    await ctx.db.insert(siteTargets).values(rows.map((g) => ({ ...g, regionCode: region.code, year, updatedBy: actor.userId, updatedAt: ctx.now })));
  }
  ctx.audit = { targetType: 'site_targets', targetId: `${region.code}:${year}`, before: before.filter((t) => t.year === year), after: rows };
  return listTargets(ctx, { regionCode: region.code });
}

interface Counted {
  targetKind: TargetKind;
  districtCode: string | null;
  accreditedYear: number;
  revokedYear: number | null;
  n: number;
}

function progressOf(counted: Counted[], year: number, kind: TargetKind, goal?: { cumulative: number; newPerYear: number }) {
  // counted toward a year: accredited by 31 December, and not revoked by then
  const live = counted.filter((c) => c.targetKind === kind && c.accreditedYear <= year && (c.revokedYear === null || c.revokedYear > year));
  return {
    kind,
    goalCumulative: goal?.cumulative ?? null,
    goalNew: goal?.newPerYear ?? null,
    builtCumulative: live.reduce((a, c) => a + c.n, 0),
    builtNew: live.filter((c) => c.accreditedYear === year).reduce((a, c) => a + c.n, 0),
  };
}

/** The dashboard's region and district (a district officer's is their district's) and its conditions. */
async function dashboardScope(ctx: Ctx, actor: Actor, q: { regionCode?: string; districtCode?: string }) {
  const region = await regionOf(ctx, actor, q.regionCode);
  let districtCode = q.districtCode ?? null;
  if (!districtCode && actor.scope !== 'all') {
    const own = await findOrgInScope(ctx, actor.orgId);
    if (own.regionCode === region.code && own.districtCode && own.kind === 'district_bureau') districtCode = own.districtCode;
  }
  if (districtCode) checkDistrict(region, districtCode);
  const base = andAll(siteScope(actor), eq(sites.regionCode, region.code));
  const where = andAll(base, districtCode ? eq(sites.districtCode, districtCode) : undefined);
  return { region, districtCode, base, where };
}

export async function dashboard(ctx: Ctx, q: { regionCode?: string; districtCode?: string }): Promise<SiteDashboard> {
  const actor = requireActor(ctx);
  const { region, districtCode, base, where } = await dashboardScope(ctx, actor, q);
  const tz = sql.raw(`'Asia/Shanghai'`);
  const counted = (
    await ctx.db
      .select({
        kind: sites.kind,
        level: sites.level,
        districtCode: sites.districtCode,
        accreditedYear: sql<number>`extract(year from ${sites.accreditedAt} at time zone ${tz})::int`,
        revokedYear: sql<number | null>`extract(year from ${sites.revokedAt} at time zone ${tz})::int`,
        n: count(),
      })
      .from(sites)
      .where(andAll(base, isNotNull(sites.accreditedAt)))
      .groupBy(sql`1, 2, 3, 4, 5`)
  )
    .map((r) => ({ ...r, targetKind: targetKindOf(r.kind, r.level), accreditedYear: Number(r.accreditedYear), revokedYear: r.revokedYear === null ? null : Number(r.revokedYear), n: Number(r.n) }))
    .filter((r): r is Counted & typeof r => r.targetKind !== null);
  const inDistrict = districtCode ? counted.filter((c) => c.districtCode === districtCode) : counted;

  const targets = await listTargets(ctx, { regionCode: region.code });
  const thisYear = yearOf(ctx.now);
  const years = [...new Set([...targets.map((t) => t.year), thisYear])].sort((a, b) => a - b);
  const goalOf = (year: number, kind: TargetKind, d: string | null) => targets.find((t) => t.year === year && t.kind === kind && t.districtCode === d);

  const districts = districtCode ? region.districts.filter((d) => d.code === districtCode) : region.districts;
  const pipeline = await ctx.db
    .select({ kind: sites.kind, status: sites.status, count: count() })
    .from(sites)
    .where(where)
    .groupBy(sites.kind, sites.status)
    .orderBy(asc(sites.kind), asc(sites.status));
  const waiting = await ctx.db
    .select({ id: sites.id, name: sites.name, kind: sites.kind, districtCode: sites.districtCode, acceptance: sites.acceptance, submittedAt: sites.submittedAt })
    .from(sites)
    .where(andAll(where, inArray(sites.acceptance, ['district', 'city'])))
    .orderBy(asc(sites.submittedAt), asc(sites.id))
    .limit(10);
  return {
    regionCode: region.code,
    districtCode,
    years: years.map((year) => ({ year, items: TARGET_KINDS.map((k) => progressOf(inDistrict, year, k, goalOf(year, k, districtCode))) })),
    byDistrict: years.flatMap((year) =>
      districts.map((d) => ({ year, districtCode: d.code, items: TARGET_KINDS.map((k) => progressOf(counted.filter((c) => c.districtCode === d.code), year, k, goalOf(year, k, d.code))) })),
    ),
    pipeline: pipeline.map((p) => ({ ...p, count: Number(p.count) })),
    hosts: await hostCounts(ctx, where),
    waiting: waiting.map((w) => ({
      id: w.id,
      name: w.name,
      kind: w.kind,
      districtCode: w.districtCode,
      acceptance: w.acceptance!,
      submittedAt: w.submittedAt!.toISOString(),
      days: Math.max(0, Math.floor((ctx.now.getTime() - w.submittedAt!.getTime()) / 86_400_000)),
    })),
  };
}

/**
 * The dashboard's map points: the scope's sites as they are (revoked ones left out), or with a year the sites that count
 * toward it — accredited by 31 December of that year (Asia/Shanghai) and not revoked by then, the rule of the progress.
 */
export async function dashboardMap(ctx: Ctx, q: SiteMapQuery): Promise<SiteMapPoint[]> {
  const actor = requireActor(ctx);
  const { where } = await dashboardScope(ctx, actor, q);
  if (q.year === undefined) return mapPoints(ctx, andAll(where, sql`${sites.status} <> 'revoked'`), 5000);
  const end = new Date(`${q.year + 1}-01-01T00:00:00+08:00`);
  return mapPoints(ctx, andAll(where, lt(sites.accreditedAt, end), or(isNull(sites.revokedAt), gte(sites.revokedAt, end))), 5000);
}

export async function mapPoints(ctx: Ctx, where: SQL | undefined, limit: number): Promise<SiteMapPoint[]> {
  const rows = await ctx.db
    .select({ id: sites.id, name: sites.name, kind: sites.kind, status: sites.status, lng: sites.lng, lat: sites.lat })
    .from(sites)
    .where(andAll(where, isNotNull(sites.lng), isNotNull(sites.lat)))
    .orderBy(asc(sites.id))
    .limit(limit);
  return rows.map((r) => ({ ...r, lng: r.lng!, lat: r.lat! }));
}
