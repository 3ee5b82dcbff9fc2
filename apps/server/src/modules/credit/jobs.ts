/**
 * What ends by itself (docs/credit.md): a publication at its 公示截止期 (令45 Art. 13) and a listing after its term
 * (令44). A job (`credit.terms`, hourly, one node at a time) takes records and entries whose last day has passed off the
 * public view, records why in their history, and appends the ends to the feed the credit systems read. Bounded batches:
 * the job holds one transaction (the jobs service's advisory lock).
 */
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import { shanghaiDate } from '@shangmi/shared';
import { creditEvents, creditRecords, creditSerious } from '../../db/schema/index.js';
import type { Ctx } from '../../platform/context.js';
import { appendChange } from './publication.js';

export const TERMS_LOCK = 7_310_914;
const BATCH = 5_000;

export async function endTerms(ctx: Ctx): Promise<{ expired: number; removed: number }> {
  const today = shanghaiDate(ctx.now);
  let expired = 0;
  let removed = 0;
  for (;;) {
    const due = await ctx.db
      .select({ id: creditRecords.id })
      .from(creditRecords)
      .where(and(eq(creditRecords.public, true), lt(creditRecords.publicUntil, today)))
      .limit(BATCH)
      .for('update', { skipLocked: true });
    if (!due.length) break;
    const rows = await ctx.db
      .update(creditRecords)
      .set({ public: false, endedOn: sql`${creditRecords.publicUntil} + 1`, endReason: 'expired', updatedAt: ctx.now })
      .where(inArray(creditRecords.id, due.map((d) => d.id)))
      .returning({ id: creditRecords.id, orgPath: creditRecords.orgPath, publicUntil: creditRecords.publicUntil });
    await ctx.db.insert(creditEvents).values(rows.map((r) => ({ subject: 'record' as const, subjectId: r.id, at: ctx.now, action: 'expired', comment: `公示截止期 ${r.publicUntil}` })));
    for (const r of rows) await appendChange(ctx, r, 'expired', `公示截止期 ${r.publicUntil}`);
    expired += rows.length;
    if (due.length < BATCH) break;
  }
  for (;;) {
    const rows = await ctx.db
      .update(creditSerious)
      .set({ public: false, state: 'removed', removedOn: today, removalKind: 'expired', updatedAt: ctx.now })
      .where(inArray(
        creditSerious.id,
        ctx.db.select({ id: creditSerious.id }).from(creditSerious).where(and(eq(creditSerious.public, true), lt(creditSerious.endsOn, today))).limit(BATCH),
      ))
      .returning({ id: creditSerious.id, endsOn: creditSerious.endsOn });
    if (!rows.length) break;
    await ctx.db.insert(creditEvents).values(rows.map((r) => ({ subject: 'serious' as const, subjectId: r.id, at: ctx.now, action: 'removed_expired', comment: `列入期满 ${r.endsOn}` })));
    removed += rows.length;
    if (rows.length < BATCH) break;
  }
  return { expired, removed };
}
