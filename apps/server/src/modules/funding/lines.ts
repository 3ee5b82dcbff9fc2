/**
 * Budget lines (预算科目) and their spending (支出). A line is a year's amount for the city, a district or a park, in one
 * category and from one source; each spending is recorded against a line under the line's row lock, and one that
 * would take the line past its amount is refused (decision: refuse, not flag — a budget line is the appropriation;
 * the bureau raises the line first, which the log records), so `spent_fen` never exceeds `amount_fen`.
 */
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { BudgetLine, BudgetLineDetail, budgetLineCreate, budgetLineListPageQuery, budgetLineListQuery, budgetLineUpdate, spendingCreate } from '@shangmi/shared';
import type { z } from 'zod';
import { districts, fundingLines, fundingSpendings, parks, serviceContracts } from '../../db/schema/index.js';
import { andAll, orgInScope, requireActor } from '../../platform/access.js';
import { todayIn } from '../../platform/calendar.js';
import type { Ctx } from '../../platform/context.js';
import { pageTotal } from '../../platform/count-cache.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { common } from '../../platform/messages.js';
import { requireBureau } from '../orgs/orgs.service.js';
import { findDistrict } from '../regions/regions.service.js';
import { getContract } from '../services/services.service.js';
import { M } from './funding.messages.js';
import { findLine, lineScope, rateOf, type LineRow } from './scope.js';

type ListQuery = z.infer<typeof budgetLineListQuery>;

/** Where a new line lives: its district (from the park for a park line) and the bureau that keeps it. */
async function placeOf(ctx: Ctx, regionCode: string, input: z.output<typeof budgetLineCreate>) {
  if (input.level === 'city') {
    if (input.districtCode || input.parkId) throw fieldError(input.districtCode ? 'districtCode' : 'parkId', M.cityNoDistrict);
    return { districtCode: null, parkId: null, field: 'level' };
  }
  if (input.level === 'district') {
    if (!input.districtCode) throw fieldError('districtCode', M.districtRequired);
    const d = await findDistrict(ctx, input.districtCode);
    if (!d || d.regionCode !== regionCode) throw fieldError('districtCode', common.notDistrictOfRegion);
    return { districtCode: d.code, parkId: null, field: 'districtCode' };
  }
  if (!input.parkId) throw fieldError('parkId', M.parkRequired);
  // the parks table is the regions module's reference data, read here only
  const [p] = await ctx.db.select().from(parks).where(and(eq(parks.id, input.parkId), eq(parks.regionCode, regionCode)));
  if (!p) throw fieldError('parkId', common.notParkOfRegion);
  return { districtCode: p.districtCode, parkId: p.id, field: 'parkId' };
}

export async function createLine(ctx: Ctx, input: z.output<typeof budgetLineCreate>): Promise<BudgetLineDetail> {
  const actor = requireActor(ctx);
  if (!actor.regionCode) throw new AppError('FORBIDDEN', { message: M.noRegion });
  const place = await placeOf(ctx, actor.regionCode, input);
  const bureau = await requireBureau(ctx, actor.regionCode, place.districtCode);
  // a district keeps its own lines only: another district's (or the city's) is outside its area
  if (!orgInScope(actor, bureau.path)) throw fieldError(place.field, common.outsideArea);
  const [row] = await ctx.db
    .insert(fundingLines)
    .values({
      regionCode: actor.regionCode,
      districtCode: place.districtCode,
      orgId: bureau.id,
      orgPath: bureau.path,
      year: input.year,
      level: input.level,
      parkId: place.parkId,
      category: input.category,
      source: input.source,
      title: input.title,
      amountFen: input.amountFen,
      note: input.note ?? null,
      createdBy: actor.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning();
  ctx.audit = { targetType: 'funding_line', targetId: row!.id, after: { year: input.year, level: input.level, districtCode: place.districtCode, parkId: place.parkId, amountFen: input.amountFen } };
  return getLine(ctx, row!.id);
}

export async function updateLine(ctx: Ctx, id: number, input: z.output<typeof budgetLineUpdate>): Promise<BudgetLineDetail> {
  const line = await findLine(ctx, id, true);
  if (input.amountFen !== undefined && input.amountFen < line.spentFen) throw fieldError('amountFen', M.belowSpent(line.spentFen));
  const set = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  await ctx.db.update(fundingLines).set({ ...set, updatedAt: ctx.now }).where(eq(fundingLines.id, id));
  ctx.audit = { targetType: 'funding_line', targetId: id, before: Object.fromEntries(Object.keys(set).map((k) => [k, line[k as keyof LineRow]])), after: set };
  return getLine(ctx, id);
}

/** A spending against a line: the line is locked, so two entries at once cannot overrun it together. */
export async function addSpending(ctx: Ctx, id: number, input: z.output<typeof spendingCreate>): Promise<BudgetLineDetail> {
  const actor = requireActor(ctx);
  const line = await findLine(ctx, id, true);
  if (input.spentOn > todayIn(ctx.now)) throw fieldError('spentOn', M.inFuture);
  if (Number(input.spentOn.slice(0, 4)) !== line.year) throw fieldError('spentOn', M.notLineYear(line.year));
  if (input.contractId) {
    // the contract must be one the caller sees (the services module's scope): a miss names the field
    await getContract(ctx, input.contractId).catch((e: unknown) => {
      if (e instanceof AppError && e.code === 'NOT_FOUND') throw fieldError('contractId', common.notInScope);
      throw e;
    });
  }
  if (line.spentFen + input.amountFen > line.amountFen) throw fieldError('amountFen', M.overLine(line.amountFen - line.spentFen));
  await ctx.db.insert(fundingSpendings).values({
    lineId: id,
    spentOn: input.spentOn,
    amountFen: input.amountFen,
    description: input.description,
    payee: input.payee ?? null,
    contractId: input.contractId ?? null,
    createdBy: actor.userId,
    createdAt: ctx.now,
  });
  await ctx.db
    .update(fundingLines)
    .set({ spentFen: sql`${fundingLines.spentFen} + ${input.amountFen}`, spendings: sql`${fundingLines.spendings} + 1`, updatedAt: ctx.now })
    .where(eq(fundingLines.id, id));
  ctx.audit = { targetType: 'funding_line', targetId: id, before: { spentFen: line.spentFen }, after: { spentFen: line.spentFen + input.amountFen, amountFen: input.amountFen, contractId: input.contractId ?? null } };
  return getLine(ctx, id);
}

const selectLines = (ctx: Ctx) =>
  // district and park names joined read-only (reference data of the regions module)
  ctx.db
    .select({ l: fundingLines, districtName: districts.name, parkName: parks.name })
    .from(fundingLines)
    .leftJoin(districts, eq(districts.code, fundingLines.districtCode))
    .leftJoin(parks, eq(parks.id, fundingLines.parkId));

function toLine(x: { l: LineRow; districtName: string | null; parkName: string | null }): BudgetLine {
  const l = x.l;
  return {
    id: l.id,
    year: l.year,
    level: l.level,
    districtCode: l.districtCode,
    districtName: x.districtName,
    parkId: l.parkId,
    parkName: x.parkName,
    category: l.category,
    source: l.source,
    title: l.title,
    amountFen: l.amountFen,
    spentFen: l.spentFen,
    remainingFen: l.amountFen - l.spentFen,
    rate: rateOf(l.spentFen, l.amountFen),
    spendings: l.spendings,
    note: l.note,
  };
}

export async function getLine(ctx: Ctx, id: number): Promise<BudgetLineDetail> {
  const line = await findLine(ctx, id);
  const [x] = await selectLines(ctx).where(eq(fundingLines.id, line.id));
  const rows = await ctx.db
    .select({ s: fundingSpendings, contractNumber: serviceContracts.number })
    .from(fundingSpendings)
    .leftJoin(serviceContracts, eq(serviceContracts.id, fundingSpendings.contractId))
    .where(eq(fundingSpendings.lineId, id))
    .orderBy(desc(fundingSpendings.spentOn), desc(fundingSpendings.id));
  const reversedBy = new Map(rows.filter(({ s }) => s.reversesId !== null).map(({ s }) => [s.reversesId!, s.id]));
  return {
    ...toLine(x!),
    spendingList: rows.map(({ s, contractNumber }) => ({
      id: s.id,
      lineId: s.lineId,
      spentOn: s.spentOn,
      amountFen: s.amountFen,
      description: s.description,
      payee: s.payee,
      contractId: s.contractId,
      contractNumber,
      reversesId: s.reversesId,
      reason: s.reason,
      reversedById: reversedBy.get(s.id) ?? null,
      createdAt: s.createdAt.toISOString(),
    })),
  };
}

export function lineWhere(ctx: Ctx, q: ListQuery): SQL | undefined {
  return andAll(
    lineScope(requireActor(ctx)),
    q.year ? eq(fundingLines.year, q.year) : undefined,
    q.level ? eq(fundingLines.level, q.level) : undefined,
    q.districtCode ? eq(fundingLines.districtCode, q.districtCode) : undefined,
    q.category ? eq(fundingLines.category, q.category) : undefined,
  );
}

export async function listLines(ctx: Ctx, q: z.infer<typeof budgetLineListPageQuery>) {
  const where = lineWhere(ctx, q);
  const dir = q.order === 'asc' ? asc : desc;
  const [rows, total] = await Promise.all([
    selectLines(ctx)
      .where(where)
      .orderBy(dir(fundingLines.year), asc(fundingLines.level), asc(fundingLines.districtCode), asc(fundingLines.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    pageTotal(ctx.db, fundingLines, where),
  ]);
  return { items: rows.map(toLine), ...total, page: q.page, pageSize: q.pageSize };
}

export async function linesForExport(ctx: Ctx, q: ListQuery & { order?: 'asc' | 'desc' }, limit: number): Promise<BudgetLine[]> {
  const rows = await selectLines(ctx)
    .where(lineWhere(ctx, q))
    .orderBy((q.order === 'asc' ? asc : desc)(fundingLines.year), asc(fundingLines.level), asc(fundingLines.districtCode), asc(fundingLines.id))
    .limit(limit);
  return rows.map(toLine);
}
