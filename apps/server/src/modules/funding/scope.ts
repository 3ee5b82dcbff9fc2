/**
 * Who sees what of the funding (docs/funding.md § Scope): a budget line belongs to the bureau that keeps it — the city
 * bureau for city lines (and parks without a district), the district bureau for district and park lines — so the city
 * sees every line of the region and a district its own. A line outside the scope answers 404 (a spending against
 * another district's line, too).
 */
import { and, eq, sql } from 'drizzle-orm';
import { fundingLines } from '../../db/schema/index.js';
import { requireActor, scopeCondition } from '../../platform/access.js';
import type { Actor, Ctx } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';

export type LineRow = typeof fundingLines.$inferSelect;

export const lineScope = (actor: Actor) => scopeCondition(actor, { orgPath: fundingLines.orgPath, orgId: fundingLines.orgId });

export async function findLine(ctx: Ctx, id: number, lock = false): Promise<LineRow> {
  const q = ctx.db
    .select()
    .from(fundingLines)
    .where(and(eq(fundingLines.id, id), lineScope(requireActor(ctx)) ?? sql`true`));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw notFound();
  return row;
}

/** spent ÷ amount, four decimals (0.3750 = 37.50 %); 0 for an empty line. */
export const rateOf = (spent: number, amount: number) => (amount > 0 ? Math.round((spent * 10000) / amount) / 10000 : 0);
