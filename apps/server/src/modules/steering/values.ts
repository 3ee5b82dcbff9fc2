/**
 * Indicator values per year, quarter, district and month, with each target's pace. The region's rows are read once and
 * kept CACHE_MS (20 s; then answered while a reload runs up to STALE_MS, 40 s, so a figure is never more than a minute
 * old with the route's encoded answer; a manual entry forgets them at once); the city's and
 * every district's picture are cut from the same rows. `indicatorValues` is the face an appraisal (考核, issue 19 item 4)
 * reads: one value per indicator for a year and a district.
 */
import { and, eq } from 'drizzle-orm';
import { yearOf, type Cockpit, type IndicatorDef, type IndicatorValue, type SiteTarget, type SteeringQuery } from '@shangmi/shared';
import { steeringManualValues } from '../../db/schema/index.js';
import { requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { fieldError, notFound } from '../../platform/errors.js';
import { common } from '../../platform/messages.js';
import { findOrgInScope } from '../orgs/orgs.service.js';
import { checkDistrict, listRegions } from '../regions/regions.service.js';
import { listTargets } from '../sites/sites.service.js';
import { INDICATORS, STATUS_RULES } from './config.js';
import { elapsedOf, paceOf } from './forecast.js';
import { isPercent, sourceRows, type Row } from './sources.js';

export const CACHE_MS = 20_000;
/**
 * The oldest rows that still answer while a reload runs. With the route's encoded answer (kept at most ANSWER_MS, see
 * steering.routes.ts) a figure shown is never more than STALE_MS + ANSWER_MS = a minute old.
 */
export const STALE_MS = 40_000;
export const ANSWER_MS = 20_000;
/** The plan's years (实施方案 2025–2027); the current year is added when outside them. */
export const PLAN_YEARS = [2025, 2026, 2027];

interface RegionData {
  at: Date;
  rows: Map<string, Row[]>;
  siteTargets: SiteTarget[];
  manual: { key: string; year: number; district: string | null; value: number }[];
}
interface Kept {
  at: number;
  data: Promise<RegionData>;
  /** the rows have arrived (a stale entry answers only then) */
  settled: boolean;
  /** the reload running beside the stale rows */
  next?: Promise<void>;
}
const cache = new Map<string, Kept>();
/** Finished answers per region, district and year, valid while the rows they were cut from are the kept ones. */
const answers = new Map<string, { data: RegionData; value: Cockpit }>();

/** Forgets the kept values (a manual entry, a test that changes data and reads at once). */
export function forgetValues(regionCode?: string) {
  if (regionCode) cache.delete(regionCode);
  else cache.clear();
  answers.clear();
}

async function load(ctx: Ctx, regionCode: string): Promise<RegionData> {
  const rows = new Map<string, Row[]>();
  // one statement at a time: PGlite serves one query at a time anyway, and PostgreSQL's pool is shared with requests
  for (const def of INDICATORS) rows.set(def.key, await sourceRows(ctx, def, regionCode));
  const manual = await ctx.db
    .select({ key: steeringManualValues.indicatorKey, year: steeringManualValues.year, district: steeringManualValues.districtCode, value: steeringManualValues.value })
    .from(steeringManualValues)
    .where(eq(steeringManualValues.regionCode, regionCode));
  return { at: ctx.now, rows, siteTargets: await listTargets(ctx, { regionCode }), manual };
}

/**
 * The region's rows: kept CACHE_MS; after that, while younger than STALE_MS, the kept rows still answer and one
 * reload runs beside them (so a reload at full scale — seconds of grouped reads — never holds requests up); older, or
 * nothing kept, the caller waits for the reload. The reload runs on the pool, not on the caller's transaction.
 */
function regionData(ctx: Ctx, regionCode: string): Promise<RegionData> {
  const kept = cache.get(regionCode);
  const t = Date.now();
  if (kept && t - kept.at < CACHE_MS) return kept.data;
  if (kept?.settled && t - kept.at < STALE_MS) {
    if (!kept.next) {
      const started = Date.now();
      kept.next = load({ ...ctx, db: ctx.deps.database.db }, regionCode).then(
        (data) => {
          if (cache.get(regionCode) === kept) cache.set(regionCode, { at: started, data: Promise.resolve(data), settled: true });
        },
        () => {
          kept.next = undefined;
        },
      );
    }
    return kept.data;
  }
  const data = load(ctx, regionCode);
  const entry: Kept = { at: t, data, settled: false };
  cache.set(regionCode, entry);
  data.then(
    () => (entry.settled = true),
    () => cache.get(regionCode) === entry && cache.delete(regionCode),
  );
  return data;
}

/** The region and district the caller steers: a district bureau's officer always their own district; the city any or none. */
export async function steeringScope(ctx: Ctx, q: { regionCode?: string; districtCode?: string }) {
  const actor = requireActor(ctx);
  const regions = await listRegions(ctx);
  const wanted = q.regionCode ?? actor.regionCode ?? (regions.length === 1 ? regions[0]!.code : undefined);
  const region = regions.find((r) => r.code === wanted);
  if (!region) throw fieldError('regionCode', q.regionCode ? common.notExist : common.chooseRegion);
  let own: string | null = null;
  if (actor.scope !== 'all') {
    const org = await findOrgInScope(ctx, actor.orgId);
    if (org.regionCode !== region.code) throw notFound();
    if (org.districtCode) own = org.districtCode;
  }
  if (own && q.districtCode && q.districtCode !== own) throw notFound();
  const districtCode = own ?? q.districtCode ?? null;
  if (districtCode) checkDistrict(region, districtCode);
  return { region, districtCode };
}

const monthsOf = (year: number) => Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);

/** A value over months [from, to] ('YYYY-MM'); a stock counts everything up to `to`. */
function valueOf(def: IndicatorDef, rows: Row[], district: string | null, from: string, to: string): number | null {
  let n = 0;
  let d = 0;
  for (const r of rows) {
    if (district && r.district !== district) continue;
    if (r.month > to || (def.kind !== 'cumulative' && r.month < from)) continue;
    n += r.n;
    d += r.d;
  }
  if (def.kind !== 'rate') return n;
  if (d === 0) return null;
  return isPercent(def.source) ? (n / d) * 100 : n / d;
}

function manualValue(data: RegionData, def: IndicatorDef, year: number, district: string | null): number | null {
  const mine = data.manual.filter((m) => m.key === def.key && m.year === year);
  if (district) return mine.find((m) => m.district === district)?.value ?? null;
  const region = mine.find((m) => m.district === null);
  if (region) return region.value;
  const parts = mine.filter((m) => m.district !== null);
  return parts.length && def.kind !== 'rate' ? parts.reduce((a, m) => a + m.value, 0) : null;
}

function yearValue(data: RegionData, def: IndicatorDef, year: number, district: string | null): number | null {
  if (def.source === 'manual') return manualValue(data, def, year, district);
  return valueOf(def, data.rows.get(def.key) ?? [], district, `${year}-01`, `${year}-12`);
}

function targetOf(data: RegionData, def: IndicatorDef, year: number, district: string | null): number | null {
  const own = def.targets.find((t) => t.year === year && t.districtCode === district);
  if (own) return own.value;
  if (def.source === 'sites.built') {
    const t = data.siteTargets.find((x) => x.year === year && x.kind === def.filters.targetKind && x.districtCode === district);
    if (t) return t.cumulative;
  }
  return null;
}

function paceFor(ctx: Ctx, data: RegionData, def: IndicatorDef, year: number, district: string | null) {
  const done = yearValue(data, def, year, district);
  const start = def.kind === 'cumulative' ? (yearValue(data, def, year - 1, district) ?? 0) : 0;
  return paceOf({ kind: def.kind, year, target: targetOf(data, def, year, district), done, start, elapsed: elapsedOf(year, ctx.now) }, STATUS_RULES);
}

function linkOf(def: IndicatorDef, year: number, district: string | null) {
  if (!def.link) return null;
  const query: Record<string, string> = { ...def.link.query };
  if (district && def.link.district) query.districtCode = district;
  if (def.link.yearParam) query[def.link.yearParam] = String(year);
  return { path: def.link.path, query, district: def.link.district };
}

function indicatorOf(ctx: Ctx, data: RegionData, def: IndicatorDef, years: number[], year: number, district: string | null, districts: string[]): IndicatorValue {
  // this month in Asia/Shanghai (UTC+8, no summer time): later months of the year are not shown
  const thisMonth = new Date(ctx.now.getTime() + 8 * 3600_000).toISOString().slice(0, 7);
  const months = monthsOf(year).filter((m) => m <= thisMonth);
  const rows = data.rows.get(def.key) ?? [];
  const manual = def.source === 'manual';
  return {
    key: def.key,
    name: def.name,
    unit: def.unit,
    module: def.module,
    source: def.source,
    kind: def.kind,
    task: def.task ?? null,
    planned: years.some((y) => targetOf(data, def, y, null) !== null),
    link: linkOf(def, year, district),
    years: years.map((y) => paceFor(ctx, data, def, y, district)),
    quarters: [1, 2, 3, 4].map((q) => {
      const from = `${year}-${String(q * 3 - 2).padStart(2, '0')}`;
      const to = `${year}-${String(q * 3).padStart(2, '0')}`;
      return { quarter: q, value: manual ? null : valueOf(def, rows, district, from, to) };
    }),
    districts: districts.map((d) => {
      const p = paceFor(ctx, data, def, year, d);
      return { districtCode: d, value: p.done, target: p.target, status: p.status };
    }),
    months: months.map((m) => ({ month: m, value: manual ? null : valueOf(def, rows, district, m, m) })),
  };
}

/** The leadership picture's figures for the caller's city or district. */
export async function cockpitOf(ctx: Ctx, q: SteeringQuery): Promise<Cockpit> {
  const { region, districtCode } = await steeringScope(ctx, q);
  const data = await regionData(ctx, region.code);
  const year = q.year ?? yearOf(ctx.now);
  const years = [...new Set([...PLAN_YEARS, yearOf(ctx.now), year])].sort((a, b) => a - b);
  const districts = districtCode ? [districtCode] : region.districts.map((d) => d.code);
  const key = `${region.code}:${districtCode ?? ''}:${year}`;
  const kept = answers.get(key);
  if (kept?.data === data) return kept.value;
  const value: Cockpit = {
    regionCode: region.code,
    districtCode,
    year,
    years,
    computedAt: data.at.toISOString(),
    indicators: INDICATORS.map((def) => indicatorOf(ctx, data, def, years, year, districtCode, districts)),
  };
  answers.set(key, { data, value });
  return value;
}

/** One value per indicator for a year and a district (null: the region) — what an appraisal scheme reads. */
export async function indicatorValues(ctx: Ctx, regionCode: string, year: number, districtCode: string | null): Promise<Record<string, number | null>> {
  const data = await regionData(ctx, regionCode);
  return Object.fromEntries(INDICATORS.map((def) => [def.key, yearValue(data, def, year, districtCode)]));
}

/** Manual values entered for the region (the caller's district only, for a district officer). */
export async function manualRows(ctx: Ctx, regionCode: string, districtCode: string | null) {
  return ctx.db
    .select()
    .from(steeringManualValues)
    .where(and(eq(steeringManualValues.regionCode, regionCode), districtCode ? eq(steeringManualValues.districtCode, districtCode) : undefined));
}
