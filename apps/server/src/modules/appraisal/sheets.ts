/**
 * A district's sheet: the district adds evidence to the manual items and submits (its own sheet only, until it has
 * submitted); the city scores the manual items and gives bonus and deduction points with a reason (scoring, after the
 * district submitted); once published, the district may object once within the period; the city answers (upheld:
 * the items re-scored in the same request; rejected). Every write locks the sheet row first, so two officers scoring at
 * once take turns and the totals always equal the sum of the items.
 */
import { and, eq } from 'drizzle-orm';
import type { AppraisalItem, AppraisalSheet, appraisalAnswer, appraisalEvidence, appraisalScore } from '@shangmi/shared';
import type { z } from 'zod';
import { appraisalScores, appraisalSheets } from '../../db/schema/index.js';
import { requireActor } from '../../platform/access.js';
import { todayIn } from '../../platform/calendar.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, conflict, fieldError, forbidden, notFound } from '../../platform/errors.js';
import { takeStep } from '../../platform/workflow/index.js';
import { claimFiles, filesByIds, type FileRow } from '../files/files.service.js';
import { findDistrict } from '../regions/regions.service.js';
import { M } from './appraisal.messages.js';
import { sheetPath } from './path.js';
import { assertOwnDistrict, findRound, findSheet, scoreRow, scoresOf, sheetHome, type RoundRow, type SheetRow } from './scope.js';
import { fromCenti, toCenti } from './scoring.js';
import { recomputeSheet, sheetView } from './views.js';

export async function getSheet(ctx: Ctx, id: number): Promise<AppraisalSheet> {
  return sheetView(ctx, await findSheet(ctx, id));
}

async function homeOf(ctx: Ctx, sheet: SheetRow, round: RoundRow) {
  const d = await findDistrict(ctx, sheet.districtCode!);
  return sheetHome(sheet, `${d?.name ?? sheet.districtCode}：${round.scheme.title.zh}`);
}

function itemOf(round: RoundRow, key: string, field = 'key'): AppraisalItem {
  const item = round.scheme.items.find((i) => i.key === key);
  if (!item) throw fieldError(field, M.noItem);
  return item;
}

/** The district's evidence for a manual item (replaces what it gave before; the log keeps the old). */
export async function putEvidence(ctx: Ctx, id: number, key: string, input: z.output<typeof appraisalEvidence>): Promise<AppraisalSheet> {
  const actor = requireActor(ctx);
  const sheet = await findSheet(ctx, id, true);
  assertOwnDistrict(actor, sheet);
  const round = await findRound(ctx, sheet.roundId);
  const item = itemOf(round, key);
  if (item.rule.type !== 'manual') throw fieldError('key', M.evidenceNotManual);
  if (sheet.state !== 'filling' || (round.status !== 'open' && round.status !== 'scoring')) throw conflict(M.evidenceClosed);
  const files: FileRow[] = input.fileIds.length ? await claimFiles(ctx, input.fileIds, 'fileIds') : [];
  const [before] = await scoreRow(ctx, id, key);
  await ctx.db
    .update(appraisalScores)
    .set({ evidence: input.evidence, fileIds: files.map((f) => f.id) })
    .where(and(eq(appraisalScores.sheetId, id), eq(appraisalScores.itemKey, key)));
  ctx.audit = { targetType: 'appraisal_sheet', targetId: id, before: { key, evidence: before?.evidence ?? null, fileIds: before?.fileIds ?? [] }, after: { key, evidence: input.evidence, fileIds: files.map((f) => f.id) } };
  return sheetView(ctx, sheet);
}

export async function submitSheet(ctx: Ctx, id: number): Promise<AppraisalSheet> {
  const actor = requireActor(ctx);
  const sheet = await findSheet(ctx, id, true);
  assertOwnDistrict(actor, sheet);
  const round = await findRound(ctx, sheet.roundId);
  if (sheet.state !== 'filling' || (round.status !== 'open' && round.status !== 'scoring')) throw new AppError('TRANSITION_NOT_ALLOWED');
  const scores = new Map((await scoresOf(ctx, id)).map((s) => [s.itemKey, s]));
  for (const item of round.scheme.items) {
    if (item.rule.type === 'manual' && item.rule.evidenceRequired && !scores.get(item.key)?.evidence) throw fieldError(`items.${item.key}.evidence`, M.evidenceMissing(item.name.zh));
  }
  await takeStep(ctx, sheetPath, id, 'submit', { home: await homeOf(ctx, sheet, round) });
  await ctx.db.update(appraisalSheets).set({ state: 'submitted', submittedAt: ctx.now }).where(eq(appraisalSheets.id, id));
  ctx.audit = { targetType: 'appraisal_sheet', targetId: id, before: { state: sheet.state }, after: { state: 'submitted' } };
  return sheetView(ctx, sheet);
}

/** Checks and writes one city score (manual, bonus or deduction item); the sheet is locked by the caller. */
async function writeScore(ctx: Ctx, round: RoundRow, sheet: SheetRow, key: string, score: number, reason: string | null | undefined, field: string) {
  const item = itemOf(round, key, `${field}key`);
  if (!['manual', 'bonus', 'deduction'].includes(item.rule.type)) throw fieldError(`${field}key`, M.notComputedItem);
  if (score > item.points) throw fieldError(`${field}score`, M.overPoints(item.points));
  if (item.rule.type !== 'manual' && score > 0 && !reason) throw fieldError(`${field}reason`, M.reasonRequired);
  const [before] = await scoreRow(ctx, sheet.id, key);
  await ctx.db
    .update(appraisalScores)
    .set({ scoreCenti: toCenti(score), reason: reason ?? null, scoredBy: requireActor(ctx).userId, scoredAt: ctx.now })
    .where(and(eq(appraisalScores.sheetId, sheet.id), eq(appraisalScores.itemKey, key)));
  return { key, before: before?.scoreCenti === null || before?.scoreCenti === undefined ? null : fromCenti(before.scoreCenti), after: score, reason: reason ?? null };
}

/** The city scores one item of a submitted sheet while the round is being scored. */
export async function scoreItem(ctx: Ctx, id: number, key: string, input: z.output<typeof appraisalScore>): Promise<AppraisalSheet> {
  const sheet = await findSheet(ctx, id, true);
  const round = await findRound(ctx, sheet.roundId);
  if (requireActor(ctx).orgPath.startsWith(sheet.orgPath)) throw forbidden();
  if (round.status !== 'scoring') throw conflict(M.notScoring);
  if (sheet.state !== 'submitted') throw conflict(M.notSubmitted);
  const change = await writeScore(ctx, round, sheet, key, input.score, input.reason, '');
  const totals = await recomputeSheet(ctx, sheet, round.scheme);
  ctx.audit = { targetType: 'appraisal_sheet', targetId: id, before: { key, score: change.before, totalCenti: sheet.totalCenti }, after: { key, score: input.score, reason: change.reason, totalCenti: totals.totalCenti } };
  return sheetView(ctx, sheet);
}

/** The district objects to the published result: once per round, within the period, with a reason. */
export async function objectSheet(ctx: Ctx, id: number, reason: string): Promise<AppraisalSheet> {
  const actor = requireActor(ctx);
  const sheet = await findSheet(ctx, id, true);
  assertOwnDistrict(actor, sheet);
  const round = await findRound(ctx, sheet.roundId);
  // the rule first, before the path's state: a second objection is refused naming it even while the first is open
  if (sheet.objectedAt) throw new AppError('CONFLICT', { message: M.objectOnce(todayIn(sheet.objectedAt)), details: { rule: 'appraisal.objectOnce' } });
  if (round.status !== 'published' || sheet.state !== 'published') throw conflict(M.notPublished);
  if (round.objectionDue && todayIn(ctx.now) > round.objectionDue) throw conflict(M.objectionLate(round.objectionDue));
  await takeStep(ctx, sheetPath, id, 'object', { home: await homeOf(ctx, sheet, round), comment: reason });
  await ctx.db.update(appraisalSheets).set({ state: 'objected', objection: reason, objectedAt: ctx.now }).where(eq(appraisalSheets.id, id));
  ctx.audit = { targetType: 'appraisal_sheet', targetId: id, before: { state: 'published' }, after: { state: 'objected', reason } };
  return sheetView(ctx, sheet);
}

/** The city answers an objection: upheld (re-scoring the items named) or rejected; the result stands published again. */
export async function answerObjection(ctx: Ctx, id: number, input: z.output<typeof appraisalAnswer>): Promise<AppraisalSheet> {
  const sheet = await findSheet(ctx, id, true);
  const round = await findRound(ctx, sheet.roundId);
  if (requireActor(ctx).orgPath.startsWith(sheet.orgPath)) throw forbidden();
  if (sheet.state !== 'objected') throw new AppError('TRANSITION_NOT_ALLOWED');
  if (input.decision === 'upheld' && input.scores.length === 0) throw fieldError('scores', M.upheldNeedsScores);
  if (input.decision === 'rejected' && input.scores.length > 0) throw fieldError('scores', M.rejectedNoScores);
  const changes = [];
  for (const [i, s] of input.scores.entries()) changes.push(await writeScore(ctx, round, sheet, s.key, s.score, s.reason, `scores.${i}.`));
  const totals = await recomputeSheet(ctx, sheet, round.scheme);
  await takeStep(ctx, sheetPath, id, 'answer', { home: await homeOf(ctx, sheet, round), comment: input.reason, data: { decision: input.decision } });
  await ctx.db.update(appraisalSheets).set({ state: 'published', objectionDecision: input.decision, objectionAnswer: input.reason, answeredAt: ctx.now }).where(eq(appraisalSheets.id, id));
  ctx.audit = { targetType: 'appraisal_sheet', targetId: id, before: { state: 'objected', totalCenti: sheet.totalCenti }, after: { state: 'published', decision: input.decision, changes, totalCenti: totals.totalCenti } };
  return sheetView(ctx, sheet);
}

/** An evidence file of one of the sheet's items, served under the sheet's scope. */
export async function sheetFile(ctx: Ctx, id: number, fileId: number): Promise<FileRow> {
  await findSheet(ctx, id);
  if (!(await scoresOf(ctx, id)).some((s) => s.fileIds.includes(fileId))) throw notFound();
  const [f] = await filesByIds(ctx, [fileId]);
  if (!f) throw notFound();
  return f;
}
