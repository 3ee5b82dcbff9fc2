/** The round's and the sheet's answers, and the sheet totals recomputed from its items (under the sheet's row lock). */
import { asc, eq, inArray } from 'drizzle-orm';
import type { AppraisalRound, AppraisalScheme, AppraisalSheet, AppraisalSheetSummary } from '@shangmi/shared';
import { appraisalSheets, districts } from '../../db/schema/index.js';
import { andAll, requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { filesByIds } from '../files/files.service.js';
import { findRound, scoresOf, sheetScope, type RoundRow, type ScoreRow, type SheetRow } from './scope.js';
import { fromCenti, indicatorOf, ranksOf, targetOf, totalsOf } from './scoring.js';

/** Writes the sheet's totals from its items' scores; the caller holds the sheet's row lock. */
export async function recomputeSheet(ctx: Ctx, sheet: SheetRow, scheme: AppraisalScheme) {
  const scores = await scoresOf(ctx, sheet.id);
  const t = totalsOf(scheme, new Map(scores.map((s) => [s.itemKey, s.scoreCenti])));
  await ctx.db.update(appraisalSheets).set(t).where(eq(appraisalSheets.id, sheet.id));
  return t;
}

async function districtNames(ctx: Ctx, codes: string[]) {
  const rows = codes.length ? await ctx.db.select({ code: districts.code, name: districts.name }).from(districts).where(inArray(districts.code, codes)) : [];
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** Every sheet of the round with its rank among all of them (the rank is the region's, whoever asks). */
async function ranked(ctx: Ctx, round: RoundRow) {
  const all = await ctx.db.select().from(appraisalSheets).where(eq(appraisalSheets.roundId, round.id)).orderBy(asc(appraisalSheets.id));
  const ranks = ranksOf(all);
  const names = await districtNames(ctx, all.map((s) => s.districtCode!));
  return { all, ranks, names };
}

function summaryOf(s: SheetRow, name: string, rank: number | null): AppraisalSheetSummary {
  return {
    id: s.id,
    roundId: s.roundId,
    districtCode: s.districtCode!,
    districtName: name,
    state: s.state,
    submittedAt: s.submittedAt?.toISOString() ?? null,
    base: fromCenti(s.baseCenti),
    bonus: fromCenti(s.bonusCenti),
    deduction: fromCenti(s.deductionCenti),
    total: fromCenti(s.totalCenti),
    rank,
    objected: s.objectedAt !== null,
  };
}

export const roundHead = (r: RoundRow) => ({
  id: r.id,
  regionCode: r.regionCode,
  year: r.year,
  status: r.status,
  title: r.scheme.title,
  schemeVersion: r.schemeVersion,
  openedAt: r.openedAt.toISOString(),
  computedAt: r.computedAt.toISOString(),
  scoringAt: r.scoringAt?.toISOString() ?? null,
  publishedAt: r.publishedAt?.toISOString() ?? null,
  objectionDue: r.objectionDue,
  finalisedAt: r.finalisedAt?.toISOString() ?? null,
});

/**
 * The round as the caller sees it: the city every sheet with the provisional ranks; a district its own sheet (its rank
 * once published); once final, every district sees the whole ranking.
 */
export async function roundView(ctx: Ctx, id: number): Promise<AppraisalRound> {
  const round = await findRound(ctx, id);
  const actor = requireActor(ctx);
  const { all, ranks, names } = await ranked(ctx, round);
  const visible = new Set(
    round.status === 'final'
      ? all.map((s) => s.id)
      : (
          await ctx.db
            .select({ id: appraisalSheets.id })
            .from(appraisalSheets)
            .where(andAll(eq(appraisalSheets.roundId, round.id), sheetScope(actor)))
        ).map((s) => s.id),
  );
  const seesAll = visible.size === all.length;
  const showRank = seesAll || round.status === 'published' || round.status === 'final';
  return {
    ...roundHead(round),
    scheme: round.scheme,
    sheets: all.filter((s) => visible.has(s.id)).map((s) => summaryOf(s, names.get(s.districtCode!) ?? s.districtCode!, showRank ? ranks.get(s)! : null)),
  };
}

function itemsOf(round: RoundRow, sheet: SheetRow, scores: ScoreRow[], fileNames: Map<number, string>) {
  const byKey = new Map(scores.map((s) => [s.itemKey, s]));
  return round.scheme.items.map((item) => {
    const s = byKey.get(item.key);
    return {
      key: item.key,
      name: item.name,
      group: item.group,
      type: item.rule.type,
      points: item.points,
      indicator: indicatorOf(item),
      value: s?.value ?? null,
      target: targetOf(item, sheet.districtCode!),
      score: s?.scoreCenti === null || s?.scoreCenti === undefined ? null : fromCenti(s.scoreCenti),
      evidence: s?.evidence ?? null,
      files: (s?.fileIds ?? []).map((f) => ({ id: f, name: fileNames.get(f) ?? '' })),
      reason: s?.reason ?? null,
      scoredAt: s?.scoredAt?.toISOString() ?? null,
    };
  });
}

export async function sheetView(ctx: Ctx, sheet: SheetRow): Promise<AppraisalSheet> {
  const round = await findRound(ctx, sheet.roundId);
  const { ranks, names, all } = await ranked(ctx, round);
  const fresh = all.find((s) => s.id === sheet.id) ?? sheet;
  const scores = await scoresOf(ctx, sheet.id);
  const files = await filesByIds(ctx, [...new Set(scores.flatMap((s) => s.fileIds))]);
  const cityView = !requireActor(ctx).orgPath.startsWith(sheet.orgPath);
  const showRank = cityView || round.status === 'published' || round.status === 'final';
  return {
    ...summaryOf(fresh, names.get(fresh.districtCode!) ?? fresh.districtCode!, showRank ? ranks.get(fresh)! : null),
    regionCode: round.regionCode,
    year: round.year,
    roundStatus: round.status,
    title: round.scheme.title,
    objectionDue: round.objectionDue,
    computedAt: round.computedAt.toISOString(),
    bonusCap: round.scheme.bonusCap,
    deductionCap: round.scheme.deductionCap,
    items: itemsOf(round, fresh, scores, new Map(files.map((f) => [f.id, f.name]))),
    objection: fresh.objection
      ? { reason: fresh.objection, at: fresh.objectedAt!.toISOString(), decision: fresh.objectionDecision, answer: fresh.objectionAnswer, answeredAt: fresh.answeredAt?.toISOString() ?? null }
      : null,
  };
}
