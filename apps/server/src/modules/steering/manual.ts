/** Manual indicators (source `manual` in config/indicators/): a value for a year, the region's or a district's, with its evidence. */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { ManualValue, ManualValuePut } from '@shangmi/shared';
import { steeringManualValues } from '../../db/schema/index.js';
import { requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { fieldError } from '../../platform/errors.js';
import { common } from '../../platform/messages.js';
import { INDICATORS } from './config.js';
import { forgetValues, manualRows, steeringScope } from './values.js';

const toValue = (r: typeof steeringManualValues.$inferSelect): ManualValue => ({
  key: r.indicatorKey,
  year: r.year,
  districtCode: r.districtCode,
  value: r.value,
  evidence: r.evidence,
  fileIds: r.fileIds,
  enteredAt: r.enteredAt.toISOString(),
});

export async function listManual(ctx: Ctx, q: { regionCode?: string; districtCode?: string }): Promise<ManualValue[]> {
  const { region, districtCode } = await steeringScope(ctx, q);
  return (await manualRows(ctx, region.code, districtCode)).map(toValue);
}

/** Enters (or replaces) a manual value; a district officer enters their own district's only (steeringScope). */
export async function putManual(ctx: Ctx, input: ManualValuePut): Promise<ManualValue> {
  const actor = requireActor(ctx);
  if (!INDICATORS.some((d) => d.key === input.key && d.source === 'manual')) throw fieldError('key', common.notExist);
  const { region, districtCode: own } = await steeringScope(ctx, { regionCode: input.regionCode, districtCode: input.districtCode ?? undefined });
  // a district officer asking for the region's value gets their own district's (the scope narrows, never widens)
  const districtCode = input.districtCode ?? own;
  const where = and(
    eq(steeringManualValues.regionCode, region.code),
    eq(steeringManualValues.indicatorKey, input.key),
    eq(steeringManualValues.year, input.year),
    districtCode ? eq(steeringManualValues.districtCode, districtCode) : isNull(steeringManualValues.districtCode),
  );
  // one value per indicator, year and district: entries for the same one take turns (else both insert)
  await ctx.db.execute(sql`select pg_advisory_xact_lock(hashtext(${`steering-manual:${region.code}:${input.key}:${input.year}:${districtCode ?? ''}`}))`);
  const [before] = await ctx.db.select().from(steeringManualValues).where(where);
  const fields = { value: input.value, evidence: input.evidence, fileIds: input.fileIds, orgId: actor.orgId, enteredBy: actor.userId, enteredAt: ctx.now };
  const [row] = before
    ? await ctx.db.update(steeringManualValues).set(fields).where(eq(steeringManualValues.id, before.id)).returning()
    : await ctx.db
        .insert(steeringManualValues)
        .values({ ...fields, regionCode: region.code, districtCode, indicatorKey: input.key, year: input.year })
        .returning();
  ctx.audit = { targetType: 'steering_manual_values', targetId: String(row!.id), before: before ? toValue(before) : undefined, after: toValue(row!) };
  forgetValues(region.code);
  return toValue(row!);
}
