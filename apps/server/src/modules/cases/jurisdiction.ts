/** Jurisdiction: the city assigns a case to a district; districts hand cases over, with the 7-working-day dispute rule. */
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { caseClocks, caseEvents, cases, districts, orgs } from '../../db/schema/index.js';
import { requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, conflict, fieldError, notFound } from '../../platform/errors.js';
import { findBureau } from '../orgs/orgs.service.js';
import { closeClocks, loadCalendar, startClock, todayOf } from './clocks.js';
import { getDetail } from './queries.js';
import { type CaseRow, addEvent, findOwnCase } from './scope.js';
import { msg } from './cases.messages.js';

async function districtBureau(ctx: Ctx, regionCode: string, districtCode: string) {
  const [d] = await ctx.db.select().from(districts).where(and(eq(districts.code, districtCode), eq(districts.regionCode, regionCode)));
  if (!d) throw fieldError('districtCode', msg.notDistrictOfRegion);
  const b = await findBureau(ctx, regionCode, districtCode);
  if (!b || b.kind !== 'district_bureau') throw fieldError('districtCode', msg.noDistrictBureau);
  return b;
}

async function moveCase(ctx: Ctx, row: CaseRow, bureau: typeof orgs.$inferSelect) {
  await ctx.db.update(cases).set({ orgId: bureau.id, orgPath: bureau.path, districtCode: bureau.districtCode, updatedAt: ctx.now }).where(eq(cases.id, row.id));
  await ctx.db.update(caseClocks).set({ orgPath: bureau.path }).where(eq(caseClocks.caseId, row.id));
}

/** The city (or whoever covers both) assigns a case to a district bureau. */
export async function assignCase(ctx: Ctx, caseId: number, input: { districtCode: string; reason: string }) {
  const row = await findOwnCase(ctx, caseId);
  const b = await districtBureau(ctx, row.regionCode, input.districtCode);
  await moveCase(ctx, row, b);
  await closeClocks(ctx, caseId, 'district_accept', todayOf(ctx));
  await addEvent(ctx, caseId, 'assign', { reason: input.reason, data: { from: row.districtCode, to: input.districtCode } });
  ctx.audit = { action: 'cases.assign', targetType: 'case', targetId: caseId, before: { districtCode: row.districtCode }, after: { districtCode: input.districtCode } };
  return getDetail(ctx, caseId);
}

/**
 * A district hands a case to another district. The receiving bureau accepts or disputes within 7 working days; a
 * dispute (or silence past the limit) goes to the city bureau, which assigns.
 */
export async function requestDistrictTransfer(ctx: Ctx, caseId: number, input: { toDistrictCode: string; reason: string }) {
  const row = await findOwnCase(ctx, caseId);
  if (input.toDistrictCode === row.districtCode) throw fieldError('toDistrictCode', msg.isCurrentDistrict);
  const open = await ctx.db.select().from(caseClocks).where(and(eq(caseClocks.caseId, caseId), eq(caseClocks.ruleKey, 'district.dispute'), isNull(caseClocks.closedOn)));
  if (open.length) throw conflict(msg.handOverPending);
  await districtBureau(ctx, row.regionCode, input.toDistrictCode);
  const cal = await loadCalendar(ctx);
  await startClock(ctx, cal, row, 'district.dispute', todayOf(ctx));
  await addEvent(ctx, caseId, 'district_transfer', { reason: input.reason, data: { from: row.districtCode, to: input.toDistrictCode } });
  ctx.audit = { action: 'cases.district-transfer', targetType: 'case', targetId: caseId, after: { to: input.toDistrictCode } };
  return getDetail(ctx, caseId);
}

async function pendingDistrictTransfer(ctx: Ctx, caseId: number) {
  const [ev] = await ctx.db
    .select()
    .from(caseEvents)
    .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.action, 'district_transfer')))
    .orderBy(desc(caseEvents.id))
    .limit(1);
  const [clock] = await ctx.db.select().from(caseClocks).where(and(eq(caseClocks.caseId, caseId), eq(caseClocks.ruleKey, 'district.dispute'), isNull(caseClocks.closedOn)));
  if (!ev || !clock) return null;
  return { toDistrictCode: String((ev.data as { to: string }).to), clock };
}

/** The receiving district answers (it sees the case only through this question, so the row is read without scope). */
export async function answerDistrictTransfer(ctx: Ctx, caseId: number, input: { accept: boolean; reason: string }) {
  const actor = requireActor(ctx);
  const [row] = await ctx.db.select().from(cases).where(eq(cases.id, caseId));
  if (!row) throw notFound();
  const pending = await pendingDistrictTransfer(ctx, caseId);
  if (!pending) throw notFound();
  const target = await districtBureau(ctx, row.regionCode, pending.toDistrictCode);
  if (!(actor.scope === 'all' || (actor.scope !== 'self' && target.path.startsWith(actor.orgPath)))) throw notFound();
  const today = todayOf(ctx);
  if (input.accept) {
    await moveCase(ctx, row, target);
    await closeClocks(ctx, caseId, 'district_accept', today);
    await addEvent(ctx, caseId, 'district_accept', { reason: input.reason, data: { to: pending.toDistrictCode } });
  } else {
    const city = await findBureau(ctx, row.regionCode, null);
    if (!city) throw new AppError('INTERNAL');
    await moveCase(ctx, row, city);
    await closeClocks(ctx, caseId, 'district_escalate', today);
    await addEvent(ctx, caseId, 'district_escalate', { reason: input.reason, data: { disputedBy: pending.toDistrictCode } });
  }
  ctx.audit = { action: input.accept ? 'cases.district-accept' : 'cases.district-dispute', targetType: 'case', targetId: caseId, after: { reason: input.reason } };
  return { ok: true as const };
}

/** Hand-overs nobody answered within 7 working days go to the city bureau (run by the reminder job, or on demand). */
export async function escalateSilentTransfers(ctx: Ctx): Promise<number> {
  const today = todayOf(ctx);
  const late = await ctx.db
    .select()
    .from(caseClocks)
    .where(and(eq(caseClocks.ruleKey, 'district.dispute'), isNull(caseClocks.closedOn), sql`${caseClocks.dueOn} < ${today}`));
  for (const c of late) {
    const [row] = await ctx.db.select().from(cases).where(eq(cases.id, c.caseId));
    const city = await findBureau(ctx, row.regionCode, null);
    if (!city) continue;
    await moveCase(ctx, row, city);
    await ctx.db.update(caseClocks).set({ closedOn: today }).where(eq(caseClocks.id, c.id));
    await addEvent(ctx, row.id, 'district_escalate', { reason: '逾期未答复，报请市局指定管辖', data: { silent: true } });
  }
  return late.length;
}
