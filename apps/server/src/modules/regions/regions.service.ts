import fs from 'node:fs';
import path from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import type { Region } from '@shangmi/shared';
import type { z } from 'zod';
import type { parkCreate } from '@shangmi/shared';
import { districts, parks, regions } from '../../db/schema/index.js';
import type { Ctx } from '../../platform/context.js';
import { fieldError, notFound } from '../../platform/errors.js';
import { common } from '../../platform/messages.js';

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
