/**
 * 考核方案管理: the scheme's versions per region and year, edited on the web (docs/appraisal.md § Scheme versions). The
 * shipped file seeds version 1 (seed.ts); the city's officer adds a version as a draft (a new row, numbered next), edits
 * it, publishes it; a published version is never edited. A round opened later takes the newest published version; an
 * open round keeps the snapshot it was opened with. Every write checks the scheme (schemeProblem: keys, indicators, the
 * base points summing to the total; the error names the field) and is audited (before/after).
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { AppraisalScheme, AppraisalSchemeVersion } from '@shangmi/shared';
import { appraisalRounds, appraisalSchemeVersions, regions, users } from '../../db/schema/index.js';
import { orgInScope, requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { conflict, fieldError, forbidden, notFound } from '../../platform/errors.js';
import { requireBureau } from '../orgs/orgs.service.js';
import { steeringScope } from '../steering/steering.service.js';
import { M } from './appraisal.messages.js';
import { schemeProblem } from './config.js';

type VersionRow = typeof appraisalSchemeVersions.$inferSelect;

/** The region the caller reads (a district: its own region; another region: 404 through steering's scope). */
async function readRegion(ctx: Ctx, regionCode?: string) {
  const { region } = await steeringScope(ctx, { regionCode });
  return region;
}

/** The city bureau's officers (or above) only: a district officer never edits the scheme, even holding the permission. */
async function cityOnly(ctx: Ctx, regionCode: string) {
  const { region, districtCode } = await steeringScope(ctx, { regionCode });
  const city = await requireBureau(ctx, region.code, null);
  if (districtCode || !orgInScope(requireActor(ctx), city.path)) throw forbidden(M.cityOnlyScheme);
  return region;
}

function check(scheme: AppraisalScheme) {
  const p = schemeProblem(scheme);
  if (p) throw fieldError(`scheme.${p.field}`, p.message);
}

async function roundsOf(ctx: Ctx, row: VersionRow) {
  return ctx.db
    .select({ id: appraisalRounds.id, year: appraisalRounds.year, status: appraisalRounds.status })
    .from(appraisalRounds)
    .where(and(eq(appraisalRounds.regionCode, row.regionCode), eq(appraisalRounds.year, row.year), eq(appraisalRounds.schemeVersion, row.version)));
}

async function view(ctx: Ctx, row: VersionRow): Promise<AppraisalSchemeVersion> {
  const [by] = row.createdBy ? await ctx.db.select({ name: users.displayName }).from(users).where(eq(users.id, row.createdBy)) : [];
  return {
    id: row.id,
    regionCode: row.regionCode,
    year: row.year,
    version: row.version,
    status: row.status,
    source: row.source,
    scheme: row.scheme,
    createdAt: row.createdAt.toISOString(),
    createdByName: by?.name ?? null,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    rounds: await roundsOf(ctx, row),
  };
}

export async function listSchemeVersions(ctx: Ctx, q: { regionCode?: string; year?: number }) {
  const region = await readRegion(ctx, q.regionCode);
  const rows = await ctx.db
    .select()
    .from(appraisalSchemeVersions)
    .where(and(eq(appraisalSchemeVersions.regionCode, region.code), q.year ? eq(appraisalSchemeVersions.year, q.year) : undefined))
    .orderBy(desc(appraisalSchemeVersions.year), desc(appraisalSchemeVersions.version));
  const out = [];
  for (const row of rows) {
    const { scheme, ...rest } = await view(ctx, row);
    out.push({ ...rest, title: scheme.title });
  }
  return out;
}

async function findVersion(ctx: Ctx, id: number, lock = false): Promise<VersionRow> {
  const q = ctx.db.select().from(appraisalSchemeVersions).where(eq(appraisalSchemeVersions.id, id));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw notFound();
  const actor = requireActor(ctx);
  if (actor.scope !== 'all' && actor.regionCode !== row.regionCode) throw notFound();
  return row;
}

export async function getSchemeVersion(ctx: Ctx, id: number): Promise<AppraisalSchemeVersion> {
  const row = await findVersion(ctx, id);
  await readRegion(ctx, row.regionCode);
  return view(ctx, row);
}

/** The newest published version of every year of the caller's regions (all regions for a platform administrator). */
export async function currentSchemes(ctx: Ctx): Promise<AppraisalScheme[]> {
  const actor = requireActor(ctx);
  const rows = await ctx.db
    .select({ regionCode: appraisalSchemeVersions.regionCode, year: appraisalSchemeVersions.year, scheme: appraisalSchemeVersions.scheme })
    .from(appraisalSchemeVersions)
    .where(and(eq(appraisalSchemeVersions.status, 'published'), actor.scope === 'all' ? undefined : eq(appraisalSchemeVersions.regionCode, actor.regionCode ?? '')))
    .orderBy(appraisalSchemeVersions.regionCode, appraisalSchemeVersions.year, desc(appraisalSchemeVersions.version));
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(`${r.regionCode}:${r.year}`) && seen.add(`${r.regionCode}:${r.year}`)).map((r) => r.scheme);
}

/** The newest published version of the region's scheme for the year (what a round opened now takes), or null. */
export async function publishedScheme(ctx: Ctx, regionCode: string, year: number): Promise<{ version: number; scheme: AppraisalScheme } | null> {
  const [row] = await ctx.db
    .select({ version: appraisalSchemeVersions.version, scheme: appraisalSchemeVersions.scheme })
    .from(appraisalSchemeVersions)
    .where(and(eq(appraisalSchemeVersions.regionCode, regionCode), eq(appraisalSchemeVersions.year, year), eq(appraisalSchemeVersions.status, 'published')))
    .orderBy(desc(appraisalSchemeVersions.version))
    .limit(1);
  return row ?? null;
}

const summary = (s: AppraisalScheme) => ({ items: s.items.map((i) => `${i.key}:${i.points}:${i.rule.type}${'indicator' in i.rule ? `:${i.rule.indicator}` : ''}`), bonusCap: s.bonusCap, deductionCap: s.deductionCap, objectionDays: s.objectionDays });

/** A new version as a draft (the next number for the region and year); one draft at a time. */
export async function createDraft(ctx: Ctx, input: { scheme: AppraisalScheme }): Promise<AppraisalSchemeVersion> {
  const { scheme } = input;
  const region = await cityOnly(ctx, scheme.regionCode);
  check(scheme);
  // the region's row lock: two officers adding a version at once take the next numbers one after the other
  await ctx.db.select({ code: regions.code }).from(regions).where(eq(regions.code, region.code)).for('update');
  const rows = await ctx.db
    .select({ version: appraisalSchemeVersions.version, status: appraisalSchemeVersions.status })
    .from(appraisalSchemeVersions)
    .where(and(eq(appraisalSchemeVersions.regionCode, region.code), eq(appraisalSchemeVersions.year, scheme.year)));
  const draft = rows.find((r) => r.status === 'draft');
  if (draft) throw fieldError('scheme.year', M.draftExists(scheme.year, draft.version), 'CONFLICT');
  const version = rows.reduce((m, r) => Math.max(m, r.version), 0) + 1;
  const [row] = await ctx.db
    .insert(appraisalSchemeVersions)
    .values({ regionCode: region.code, year: scheme.year, version, status: 'draft', source: 'edit', scheme, createdBy: requireActor(ctx).userId, createdAt: ctx.now, updatedAt: ctx.now })
    .returning();
  ctx.audit = { targetType: 'appraisal_scheme', targetId: row!.id, after: { regionCode: region.code, year: scheme.year, version, status: 'draft', ...summary(scheme) } };
  return view(ctx, row!);
}

/** Edits a draft (a published version is never edited: a new version is made instead). */
export async function updateDraft(ctx: Ctx, id: number, input: { scheme: AppraisalScheme }): Promise<AppraisalSchemeVersion> {
  const row = await findVersion(ctx, id, true);
  await cityOnly(ctx, row.regionCode);
  if (row.status !== 'draft') throw conflict(M.publishedFrozen(row.version));
  const { scheme } = input;
  if (scheme.regionCode !== row.regionCode) throw fieldError('scheme.regionCode', M.versionOf(row.regionCode, row.year));
  if (scheme.year !== row.year) throw fieldError('scheme.year', M.versionOf(row.regionCode, row.year));
  check(scheme);
  const [next] = await ctx.db.update(appraisalSchemeVersions).set({ scheme, updatedAt: ctx.now }).where(eq(appraisalSchemeVersions.id, id)).returning();
  ctx.audit = { targetType: 'appraisal_scheme', targetId: id, before: summary(row.scheme), after: summary(scheme) };
  return view(ctx, next!);
}

/** Publishes a draft: rounds opened from now on take it; rounds already open keep theirs. */
export async function publishVersion(ctx: Ctx, id: number): Promise<AppraisalSchemeVersion> {
  const row = await findVersion(ctx, id, true);
  await cityOnly(ctx, row.regionCode);
  if (row.status !== 'draft') throw conflict(M.publishedFrozen(row.version));
  check(row.scheme);
  const [next] = await ctx.db
    .update(appraisalSchemeVersions)
    .set({ status: 'published', publishedAt: ctx.now, publishedBy: requireActor(ctx).userId, updatedAt: ctx.now })
    .where(eq(appraisalSchemeVersions.id, id))
    .returning();
  ctx.audit = { targetType: 'appraisal_scheme', targetId: id, before: { status: 'draft' }, after: { status: 'published', version: row.version } };
  return view(ctx, next!);
}

/** Drops a draft (never a published version). */
export async function deleteDraft(ctx: Ctx, id: number): Promise<{ ok: true }> {
  const row = await findVersion(ctx, id, true);
  await cityOnly(ctx, row.regionCode);
  if (row.status !== 'draft') throw conflict(M.publishedFrozen(row.version));
  await ctx.db.delete(appraisalSchemeVersions).where(and(eq(appraisalSchemeVersions.id, id), eq(appraisalSchemeVersions.status, sql`'draft'`)));
  ctx.audit = { targetType: 'appraisal_scheme', targetId: id, before: { version: row.version, status: 'draft' } };
  return { ok: true };
}
