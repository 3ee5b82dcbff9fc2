import fs from 'node:fs';
import path from 'node:path';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Region, RegionConfig } from '@shangmi/shared';
import type { z } from 'zod';
import type { parkCreate } from '@shangmi/shared';
import { districts, orgs, parks, regions } from '../../db/schema/index.js';
import type { Ctx } from '../../platform/context.js';
import { fieldError, notFound, registerUniqueField } from '../../platform/errors.js';
import { common } from '../../platform/messages.js';
import { loadStandardFiles, seedRegion } from '../../seed.js';

// two administrators adding the same region (or district) at once: the loser's duplicate still names the field
registerUniqueField('regions_pkey', 'code');
registerUniqueField('districts_pkey', 'districts');

export { publicRegionConfig, publicRegions, resolvePublicRegion } from './public.js';

export async function listRegions(ctx: Ctx): Promise<Region[]> {
  // one after another: other modules call this inside their transaction, where queries cannot run side by side
  const rs = await ctx.db.select().from(regions).orderBy(asc(regions.code));
  const ds = await ctx.db.select().from(districts).orderBy(asc(districts.sort), asc(districts.code));
  const ps = await ctx.db.select().from(parks).orderBy(asc(parks.sort), asc(parks.id));
  return rs.map((r) => ({
    code: r.code,
    name: r.name,
    nameEn: r.nameEn,
    districts: ds.filter((d) => d.regionCode === r.code).map((d) => ({ code: d.code, name: d.name, nameEn: d.nameEn, sort: d.sort })),
    parks: ps
      .filter((p) => p.regionCode === r.code)
      .map((p) => ({ id: p.id, name: p.name, nameEn: p.nameEn, districtCode: p.districtCode, sort: p.sort })),
  }));
}

/** A district code of the region, or a validation error on `districtCode` (null passes: no district). */
export function checkDistrict(region: Region, districtCode: string | null): string | null {
  if (districtCode && !region.districts.some((d) => d.code === districtCode)) throw fieldError('districtCode', common.notDistrictOfRegion);
  return districtCode;
}

/** A park of the region, or a validation error on `parkId` (null passes: no park). */
export function checkPark(region: Region, parkId: number | null): number | null {
  if (parkId && !region.parks.some((p) => p.id === parkId)) throw fieldError('parkId', common.notParkOfRegion);
  return parkId;
}

/** A district by its code, or null (no access check: districts are public reference data). */
export async function findDistrict(ctx: Ctx, code: string): Promise<typeof districts.$inferSelect | null> {
  const [d] = await ctx.db.select().from(districts).where(eq(districts.code, code));
  return d ?? null;
}

/**
 * A pilot region added on the web (issue 24 item 6): validated by the same schema as config/regions/*.json, then seeded by
 * the same code as the files at start — region, districts, parks, the shipped construction standards, targets, the city and
 * district bureaus and partners. No restart: every page reads regions from the database. The `default` mark is ignored here
 * (which region the public pages serve is the deployment's choice: SHANGMI_PUBLIC_REGION, the files).
 */
export async function createRegion(ctx: Ctx, input: RegionConfig): Promise<Region> {
  const [dup] = await ctx.db.select({ code: regions.code }).from(regions).where(eq(regions.code, input.code));
  if (dup) throw fieldError('code', common.exists, 'CONFLICT');
  const codes = input.districts.map((d) => d.code);
  const taken = await ctx.db.select({ code: districts.code }).from(districts).where(inArray(districts.code, codes));
  if (taken.length) throw fieldError(`districts.${codes.indexOf(taken[0].code)}.code`, common.exists, 'CONFLICT');
  const [root] = await ctx.db.select({ id: orgs.id, path: orgs.path }).from(orgs).where(and(eq(orgs.kind, 'platform'), isNull(orgs.parentId)));
  await seedRegion(ctx.db, root, { ...input, default: undefined }, loadStandardFiles());
  ctx.audit = { targetType: 'region', targetId: input.code, after: input };
  return (await listRegions(ctx)).find((r) => r.code === input.code)!;
}

type ParkInput = z.infer<typeof parkCreate>;

async function checkRegionAndDistrict(ctx: Ctx, regionCode: string, districtCode: string | null | undefined) {
  const [r] = await ctx.db.select().from(regions).where(eq(regions.code, regionCode));
  if (!r) throw notFound();
  if (districtCode) {
    const [d] = await ctx.db.select().from(districts).where(and(eq(districts.code, districtCode), eq(districts.regionCode, regionCode)));
    if (!d) throw fieldError('districtCode', common.notDistrictOfRegion);
  }
}

export async function createPark(ctx: Ctx, regionCode: string, input: ParkInput) {
  await checkRegionAndDistrict(ctx, regionCode, input.districtCode);
  const [dup] = await ctx.db.select().from(parks).where(and(eq(parks.regionCode, regionCode), eq(parks.name, input.name)));
  if (dup) throw fieldError('name', common.exists, 'CONFLICT');
  const [p] = await ctx.db
    .insert(parks)
    .values({ ...input, districtCode: input.districtCode ?? null, nameEn: input.nameEn ?? null, regionCode, createdAt: ctx.now, updatedAt: ctx.now })
    .returning();
  ctx.audit = { targetType: 'park', targetId: p.id, after: input };
  return { id: p.id, name: p.name, nameEn: p.nameEn, districtCode: p.districtCode, sort: p.sort };
}

export async function updatePark(ctx: Ctx, regionCode: string, id: number, input: Partial<ParkInput>) {
  const [before] = await ctx.db.select().from(parks).where(and(eq(parks.id, id), eq(parks.regionCode, regionCode))).for('update');
  if (!before) throw notFound();
  await checkRegionAndDistrict(ctx, regionCode, input.districtCode);
  const [p] = await ctx.db.update(parks).set({ ...input, updatedAt: ctx.now }).where(eq(parks.id, id)).returning();
  ctx.audit = { targetType: 'park', targetId: id, before: { name: before.name, districtCode: before.districtCode }, after: input };
  return { id: p.id, name: p.name, nameEn: p.nameEn, districtCode: p.districtCode, sort: p.sort };
}

export async function deletePark(ctx: Ctx, regionCode: string, id: number) {
  const [before] = await ctx.db.select().from(parks).where(and(eq(parks.id, id), eq(parks.regionCode, regionCode)));
  if (!before) throw notFound();
  await ctx.db.delete(parks).where(eq(parks.id, id));
  ctx.audit = { targetType: 'park', targetId: id, before: { name: before.name } };
}

export const MAPS_DIR = path.resolve(import.meta.dirname, '../../../../../config/maps');
const maps = new Map<string, string | null>();

/**
 * A region's district boundaries, as configuration: config/maps/<code>.json (see scripts/region-map.mjs), read once.
 * null when the region ships none (the pages then draw the sites on plain axes).
 */
export function regionMap(code: string): string | null {
  if (!maps.has(code)) {
    const file = path.join(MAPS_DIR, `${code}.json`);
    maps.set(code, fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null);
  }
  return maps.get(code)!;
}
