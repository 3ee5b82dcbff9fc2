/** A duplicate enterprise merged into another: its entries move to the survivor. */
import { asc, eq, sql } from 'drizzle-orm';
import { batchLabel, CULTIVATION_STAGE_LABELS, type CultivationStage } from '@shangmi/shared';
import { cultivationEntries, cultivationEvents, cultivationEvidence, cultivationPlanItems, enterprises } from '../../db/schema/index.js';
import type { Ctx } from '../../platform/context.js';
import { mergeRecords, setHome } from '../../platform/workflow/index.js';
import type { EnterprisesMerged } from '../enterprises/enterprises.service.js';
import { stagePath } from './stage-path.js';
import { homeOf, type EntryRow } from './scope.js';
import { addEvent, touch } from './writes.js';

const RANK: Record<CultivationStage, number> = { withdrawn: 0, candidate: 1, cultivating: 2, created: 3, accepted: 4 };

/**
 * Each entry of the duplicate moves to the surviving enterprise. Where the two would clash (the same year, or two open
 * entries), the further-advanced entry is kept and the other's plan, evidence and history fold into it (an event says
 * so), so nothing of either is lost and the survivor keeps one entry per year and one open entry.
 */
export const followEnterpriseMerge: EnterprisesMerged = async (ctx, { fromId, intoId }) => {
  const from = await ctx.db.select().from(cultivationEntries).where(eq(cultivationEntries.enterpriseId, fromId)).orderBy(asc(cultivationEntries.year));
  if (!from.length) return;
  let into = await ctx.db.select().from(cultivationEntries).where(eq(cultivationEntries.enterpriseId, intoId));
  const isOpen = (e: EntryRow) => e.stage !== 'withdrawn';
  const clashOf = (e: EntryRow) => into.find((i) => i.id !== e.id && (i.year === e.year || (isOpen(i) && isOpen(e))));
  for (const f of from) {
    let moving: EntryRow | null = f;
    for (let clash = clashOf(f); moving && clash; clash = moving ? clashOf(moving) : undefined) {
      const keepMoving: boolean = RANK[moving.stage] > RANK[clash.stage];
      const [keep, drop]: [EntryRow, EntryRow] = keepMoving ? [moving, clash] : [clash, moving];
      await foldEntry(ctx, keep, drop, fromId);
      if (keepMoving) into = into.filter((i) => i.id !== drop.id);
      else moving = null; // folded into the survivor's entry, which already fits
    }
    if (moving) {
      await ctx.db.update(cultivationEntries).set({ enterpriseId: intoId, updatedAt: ctx.now }).where(eq(cultivationEntries.id, moving.id));
      // its stage path now lives under the surviving enterprise
      const [survivor] = await ctx.db.select().from(enterprises).where(eq(enterprises.id, intoId));
      if (survivor) await setHome(ctx, stagePath, moving.id, homeOf(moving, survivor));
      into.push({ ...moving, enterpriseId: intoId });
    }
  }
};

/** Moves `drop`'s plan, history and evidence into `keep`, removes `drop`, and says so in `keep`'s history. */
async function foldEntry(ctx: Ctx, keep: EntryRow, drop: EntryRow, fromEnterpriseId: number) {
  await ctx.db.update(cultivationPlanItems).set({ entryId: keep.id }).where(eq(cultivationPlanItems.entryId, drop.id));
  await ctx.db.update(cultivationEvents).set({ entryId: keep.id }).where(eq(cultivationEvents.entryId, drop.id));
  await mergeRecords(ctx, stagePath, drop.id, keep.id);
  // a file linked to both stays linked once
  await ctx.db.execute(sql`update ${cultivationEvidence} set entry_id = ${keep.id}
    where entry_id = ${drop.id} and file_id not in (select file_id from ${cultivationEvidence} where entry_id = ${keep.id})`);
  await ctx.db.delete(cultivationEvidence).where(eq(cultivationEvidence.entryId, drop.id));
  await ctx.db.delete(cultivationEntries).where(eq(cultivationEntries.id, drop.id));
  await touch(ctx, keep.id);
  await addEvent(ctx, keep.id, {
    action: 'merged',
    fromStage: drop.stage,
    toStage: keep.stage,
    comment: `#${drop.id} ${batchLabel(drop.year, drop.batch, 'zh-CN')} · ${CULTIVATION_STAGE_LABELS[drop.stage].zh}`,
    data: { fromEnterpriseId, droppedEntryId: drop.id, droppedYear: drop.year, droppedBatch: drop.batch, droppedStage: drop.stage },
  });
}
