/**
 * Reversing a spending (冲销): a wrong entry is never deleted or edited — the books keep it, and a new entry of the
 * opposite amount with its reason cancels it, so the line's spent amount and execution rate drop back and the log
 * shows who reversed what and why. Under the line's row lock like every spending; an entry is reversed at most once
 * (and a reversal itself cannot be reversed: record the spending again instead).
 */
import { and, eq, sql } from 'drizzle-orm';
import type { BudgetLineDetail, spendingReverse } from '@shangmi/shared';
import type { z } from 'zod';
import { fundingLines, fundingSpendings } from '../../db/schema/index.js';
import { requireActor } from '../../platform/access.js';
import { todayIn } from '../../platform/calendar.js';
import type { Ctx } from '../../platform/context.js';
import { conflict, notFound } from '../../platform/errors.js';
import { M } from './funding.messages.js';
import { getLine } from './lines.js';
import { findLine } from './scope.js';

export async function reverseSpending(ctx: Ctx, lineId: number, spendingId: number, input: z.output<typeof spendingReverse>): Promise<BudgetLineDetail> {
  const actor = requireActor(ctx);
  const line = await findLine(ctx, lineId, true); // outside the scope: 404; the lock orders this with other entries
  const [entry] = await ctx.db
    .select()
    .from(fundingSpendings)
    .where(and(eq(fundingSpendings.id, spendingId), eq(fundingSpendings.lineId, lineId)));
  if (!entry) throw notFound();
  if (entry.reversesId !== null) throw conflict(M.reversalOfReversal);
  const [done] = await ctx.db.select({ id: fundingSpendings.id }).from(fundingSpendings).where(eq(fundingSpendings.reversesId, spendingId));
  if (done) throw conflict(M.alreadyReversed);
  const [row] = await ctx.db
    .insert(fundingSpendings)
    .values({
      lineId,
      spentOn: todayIn(ctx.now),
      amountFen: -entry.amountFen,
      description: entry.description,
      payee: entry.payee,
      contractId: entry.contractId,
      reversesId: entry.id,
      reason: input.reason,
      createdBy: actor.userId,
      createdAt: ctx.now,
    })
    .returning({ id: fundingSpendings.id });
  await ctx.db
    .update(fundingLines)
    .set({ spentFen: sql`${fundingLines.spentFen} - ${entry.amountFen}`, spendings: sql`${fundingLines.spendings} + 1`, updatedAt: ctx.now })
    .where(eq(fundingLines.id, lineId));
  ctx.audit = {
    targetType: 'funding_line',
    targetId: lineId,
    before: { spentFen: line.spentFen },
    after: { spentFen: line.spentFen - entry.amountFen, reversed: entry.id, reversal: row!.id, amountFen: -entry.amountFen, reason: input.reason },
  };
  return getLine(ctx, lineId);
}
