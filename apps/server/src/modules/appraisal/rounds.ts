/**
 * Rounds (考核轮次): the city opens one per region and year (a snapshot of the year's scheme and one sheet per district,
 * every computable item filled from the live indicators), refreshes the figures while the districts add evidence,
 * starts scoring (the figures are then frozen), publishes the result to the districts (the objection period starts)
 * and finalises the ranking once every objection is answered and the period is over.
 */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { AppraisalRound, AppraisalScheme } from '@shangmi/shared';
import { addCalendarDays } from '@shangmi/shared';
import { appraisalRounds, appraisalScores, appraisalSheets } from '../../db/schema/index.js';
import { andAll, orgInScope, requireActor } from '../../platform/access.js';
import { todayIn } from '../../platform/calendar.js';
import type { Ctx } from '../../platform/context.js';
import { conflict, fieldError, forbidden } from '../../platform/errors.js';
import { takeStep } from '../../platform/workflow/index.js';
import { findDistrict } from '../regions/regions.service.js';
import { requireBureau } from '../orgs/orgs.service.js';
import { forgetValues, indicatorValues, steeringScope } from '../steering/steering.service.js';
import { M } from './appraisal.messages.js';
import { sheetPath } from './path.js';
import { publishedScheme } from './schemes.js';
import { findRound, lockSheets, sheetHome, type RoundRow, type SheetRow } from './scope.js';
import { computedCenti, indicatorOf } from './scoring.js';
import { recomputeSheet, roundHead, roundView } from './views.js';

export async function listRounds(ctx: Ctx, q: { regionCode?: string; year?: number }) {
  const actor = requireActor(ctx);
  const regionCode = q.regionCode ?? actor.regionCode;
  const rows = await ctx.db
    .select()
    .from(appraisalRounds)
    .where(andAll(actor.scope === 'all' ? undefined : eq(appraisalRounds.regionCode, actor.regionCode ?? ''), regionCode ? eq(appraisalRounds.regionCode, regionCode) : undefined, q.year ? eq(appraisalRounds.year, q.year) : undefined))
    .orderBy(desc(appraisalRounds.year), asc(appraisalRounds.regionCode));
  return rows.map(roundHead);
}

const label = (name: string, scheme: AppraisalScheme) => `${name}：${scheme.title.zh}`;

/** Fills the sheet's computable items from the live indicator values (steering's face), then its totals. Sheet locked. */
async function fillComputed(ctx: Ctx, round: Pick<RoundRow, 'regionCode' | 'year' | 'scheme'>, sheet: SheetRow) {
  const values = await indicatorValues(ctx, round.regionCode, round.year, sheet.districtCode);
  for (const item of round.scheme.items) {
    const key = indicatorOf(item);
    if (!key) continue;
    const value = values[key] ?? null;
    await ctx.db
      .update(appraisalScores)
      .set({ value, scoreCenti: computedCenti(item, sheet.districtCode!, value), scoredAt: ctx.now, scoredBy: null })
      .where(and(eq(appraisalScores.sheetId, sheet.id), eq(appraisalScores.itemKey, item.key)));
  }
  return recomputeSheet(ctx, sheet, round.scheme);
}

export async function openRound(ctx: Ctx, input: { regionCode?: string; year: number }): Promise<AppraisalRound> {
  const actor = requireActor(ctx);
  const { region, districtCode } = await steeringScope(ctx, { regionCode: input.regionCode });
  const city = await requireBureau(ctx, region.code, null);
  if (districtCode || !orgInScope(actor, city.path)) throw forbidden();
  // the newest published version; the round keeps this snapshot whatever versions come later
  const current = await publishedScheme(ctx, region.code, input.year);
  if (!current) throw fieldError('year', M.noScheme(input.year));
  const { scheme, version: schemeVersion } = current;
  const [exists] = await ctx.db.select({ id: appraisalRounds.id }).from(appraisalRounds).where(and(eq(appraisalRounds.regionCode, region.code), eq(appraisalRounds.year, input.year)));
  if (exists) throw fieldError('year', M.roundExists(input.year), 'CONFLICT');
  const [round] = await ctx.db
    .insert(appraisalRounds)
    .values({ regionCode: region.code, districtCode: null, orgId: city.id, orgPath: city.path, year: input.year, scheme, schemeVersion, openedBy: actor.userId, openedAt: ctx.now, computedAt: ctx.now })
    .returning();
  // the live figures, not the ones kept for the cockpit (≤ a minute old)
  forgetValues(region.code);
  for (const d of region.districts) {
    const bureau = await requireBureau(ctx, region.code, d.code);
    const [sheet] = await ctx.db
      .insert(appraisalSheets)
      .values({ roundId: round!.id, regionCode: region.code, districtCode: d.code, orgId: bureau.id, orgPath: bureau.path })
      .returning();
    await ctx.db.insert(appraisalScores).values(scheme.items.map((item) => ({ sheetId: sheet!.id, itemKey: item.key })));
    await fillComputed(ctx, round!, sheet!);
    await takeStep(ctx, sheetPath, sheet!.id, 'open', { home: sheetHome(sheet!, label(d.name, scheme)) });
  }
  ctx.audit = { targetType: 'appraisal_round', targetId: round!.id, after: { regionCode: region.code, year: input.year, schemeVersion, districts: region.districts.length, items: scheme.items.length } };
  return roundView(ctx, round!.id);
}

/** The city's round only: a district bureau's officer (even with the permission) never drives the round. */
async function cityRound(ctx: Ctx, id: number): Promise<RoundRow> {
  const round = await findRound(ctx, id, true);
  if (!orgInScope(requireActor(ctx), round.orgPath)) throw forbidden();
  return round;
}

async function refreshAll(ctx: Ctx, round: RoundRow) {
  forgetValues(round.regionCode);
  for (const sheet of await lockSheets(ctx, round.id)) await fillComputed(ctx, round, sheet);
  await ctx.db.update(appraisalRounds).set({ computedAt: ctx.now }).where(eq(appraisalRounds.id, round.id));
}

/** Fills every computable item again from the live indicators (until scoring starts). */
export async function refreshRound(ctx: Ctx, id: number): Promise<AppraisalRound> {
  const round = await cityRound(ctx, id);
  if (round.status !== 'open') throw conflict(M.notOpen);
  await refreshAll(ctx, round);
  ctx.audit = { targetType: 'appraisal_round', targetId: id, after: { refreshed: ctx.now.toISOString() } };
  return roundView(ctx, id);
}

/** Scoring starts: the figures are filled one last time and frozen from now on. */
export async function startScoring(ctx: Ctx, id: number): Promise<AppraisalRound> {
  const round = await cityRound(ctx, id);
  if (round.status !== 'open') throw conflict(M.notOpen);
  await refreshAll(ctx, round);
  await ctx.db.update(appraisalRounds).set({ status: 'scoring', scoringAt: ctx.now }).where(eq(appraisalRounds.id, id));
  ctx.audit = { targetType: 'appraisal_round', targetId: id, before: { status: 'open' }, after: { status: 'scoring' } };
  return roundView(ctx, id);
}

async function names(ctx: Ctx, sheets: SheetRow[]) {
  const out: string[] = [];
  for (const s of sheets) out.push((await findDistrict(ctx, s.districtCode!))?.name ?? s.districtCode!);
  return out.join('、');
}

/** Publishes the result to every district: all submitted, every manual item scored. The objection period starts today. */
export async function publishRound(ctx: Ctx, id: number): Promise<AppraisalRound> {
  const round = await cityRound(ctx, id);
  if (round.status !== 'scoring') throw conflict(M.notScoring);
  const sheets = await lockSheets(ctx, id);
  const unsubmitted = sheets.filter((s) => s.state !== 'submitted');
  if (unsubmitted.length) throw conflict(M.notAllSubmitted(await names(ctx, unsubmitted)));
  const manual = new Set(round.scheme.items.filter((i) => i.rule.type === 'manual').map((i) => i.key));
  const unscored = await ctx.db.select({ sheetId: appraisalScores.sheetId, key: appraisalScores.itemKey, score: appraisalScores.scoreCenti }).from(appraisalScores).where(inArray(appraisalScores.sheetId, sheets.map((s) => s.id)));
  const open = sheets.filter((s) => unscored.some((x) => x.sheetId === s.id && manual.has(x.key) && x.score === null));
  if (open.length) throw conflict(M.notAllScored(await names(ctx, open)));
  const objectionDue = addCalendarDays(todayIn(ctx.now), round.scheme.objectionDays);
  for (const s of sheets) {
    await takeStep(ctx, sheetPath, s.id, 'publish', { home: sheetHome(s, label((await findDistrict(ctx, s.districtCode!))?.name ?? '', round.scheme)), comment: `异议期至 ${objectionDue}` });
    await ctx.db.update(appraisalSheets).set({ state: 'published' }).where(eq(appraisalSheets.id, s.id));
  }
  await ctx.db.update(appraisalRounds).set({ status: 'published', publishedAt: ctx.now, objectionDue }).where(eq(appraisalRounds.id, id));
  ctx.audit = { targetType: 'appraisal_round', targetId: id, before: { status: 'scoring' }, after: { status: 'published', objectionDue } };
  return roundView(ctx, id);
}

/**
 * The final ranking: no objection waiting for an answer, and the objection period over — or the city says it finalises
 * early (`early`, recorded in the log; the page asks first), e.g. when every district has said it will not object.
 */
export async function finaliseRound(ctx: Ctx, id: number, early: boolean): Promise<AppraisalRound> {
  const round = await cityRound(ctx, id);
  if (round.status !== 'published') throw conflict(M.notPublished);
  const sheets = await lockSheets(ctx, id);
  const waiting = sheets.filter((s) => s.state === 'objected');
  if (waiting.length) throw conflict(M.objectedOpen(await names(ctx, waiting)));
  if (!early && round.objectionDue && todayIn(ctx.now) <= round.objectionDue) throw conflict(M.objectionNotDue(round.objectionDue));
  for (const s of sheets) {
    await takeStep(ctx, sheetPath, s.id, 'finalise', { home: sheetHome(s, label((await findDistrict(ctx, s.districtCode!))?.name ?? '', round.scheme)) });
    await ctx.db.update(appraisalSheets).set({ state: 'final' }).where(eq(appraisalSheets.id, s.id));
  }
  await ctx.db.update(appraisalRounds).set({ status: 'final', finalisedAt: ctx.now }).where(eq(appraisalRounds.id, id));
  ctx.audit = { targetType: 'appraisal_round', targetId: id, before: { status: 'published' }, after: { status: 'final', early } };
  return roundView(ctx, id);
}
