/**
 * Who sees what of an appraisal (docs/appraisal.md § Scope). A round belongs to its region: the region's users holding
 * appraisal:read see it (another region's: 404). A sheet is homed at its district bureau: the district sees its own,
 * the city bureau (above) every sheet of the region; another district's sheet answers 404. After the round is final,
 * every district of the region sees the ranking (the summaries), never another district's items or evidence.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { appraisalRounds, appraisalScores, appraisalSheets } from '../../db/schema/index.js';
import { andAll, requireActor, scopeCondition } from '../../platform/access.js';
import type { Actor, Ctx } from '../../platform/context.js';
import { forbidden, notFound } from '../../platform/errors.js';
import type { Home } from '../../platform/workflow/index.js';
import { M } from './appraisal.messages.js';

export type RoundRow = typeof appraisalRounds.$inferSelect;
export type SheetRow = typeof appraisalSheets.$inferSelect;
export type ScoreRow = typeof appraisalScores.$inferSelect;

const roundScope = (actor: Actor) => (actor.scope === 'all' ? undefined : actor.regionCode ? eq(appraisalRounds.regionCode, actor.regionCode) : sql`false`);
export const sheetScope = (actor: Actor) => scopeCondition(actor, { orgPath: appraisalSheets.orgPath, orgId: appraisalSheets.orgId });

export async function findRound(ctx: Ctx, id: number, lock = false): Promise<RoundRow> {
  const q = ctx.db.select().from(appraisalRounds).where(andAll(eq(appraisalRounds.id, id), roundScope(requireActor(ctx))));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw notFound();
  return row;
}

export async function findSheet(ctx: Ctx, id: number, lock = false): Promise<SheetRow> {
  const q = ctx.db.select().from(appraisalSheets).where(andAll(eq(appraisalSheets.id, id), sheetScope(requireActor(ctx))));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw notFound();
  return row;
}

/** The round's sheets, locked in id order (every writer locks them in the same order: no deadlock). */
export async function lockSheets(ctx: Ctx, roundId: number): Promise<SheetRow[]> {
  return ctx.db.select().from(appraisalSheets).where(eq(appraisalSheets.roundId, roundId)).orderBy(asc(appraisalSheets.id)).for('update');
}

export async function scoresOf(ctx: Ctx, sheetId: number): Promise<ScoreRow[]> {
  return ctx.db.select().from(appraisalScores).where(eq(appraisalScores.sheetId, sheetId)).orderBy(asc(appraisalScores.id));
}

export const scoreRow = (ctx: Ctx, sheetId: number, key: string) =>
  ctx.db.select().from(appraisalScores).where(and(eq(appraisalScores.sheetId, sheetId), eq(appraisalScores.itemKey, key)));

/** The district's own users (its bureau or below) add evidence, submit and object; the city never does it for them. */
export function assertOwnDistrict(actor: Actor, sheet: Pick<SheetRow, 'orgPath'>) {
  if (!actor.orgPath.startsWith(sheet.orgPath)) throw forbidden(M.ownDistrictOnly);
}

export const sheetHome = (s: Pick<SheetRow, 'orgId' | 'orgPath' | 'regionCode'>, label: string): Home => ({ orgId: s.orgId, orgPath: s.orgPath, regionCode: s.regionCode, label });
