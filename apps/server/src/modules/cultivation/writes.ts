/** Writing the cultivation list: entries, coaching plans, evidence; the locks and history every change goes through. */
import { and, eq, max, ne, or } from 'drizzle-orm';
import {
  batchLabel,
  type CultivationCreate,
  type CultivationEntry,
  type CultivationEventAction,
  type CultivationStage,
  type CultivationUpdate,
} from '@shangmi/shared';
import { cultivationEntries, cultivationEvents, cultivationEvidence, cultivationPlanItems, enterprises } from '../../db/schema/index.js';
import { andAll, requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, conflict, fieldError, notFound } from '../../platform/errors.js';
import { setHome } from '../../platform/workflow/index.js';
import { findEnterpriseInScope } from '../enterprises/enterprises.service.js';
import { claimFiles, type FileRow } from '../files/files.service.js';
import { findOrgInScope } from '../orgs/orgs.service.js';
import { stagePath } from './stage-path.js';
import { getDetail, getEntry } from './read.js';
import { assertStaff, entryScope, homeOf, stageName, visibleTo, type EnterpriseRow, type EntryRow, type Msg } from './scope.js';

export interface Locked {
  entry: EntryRow;
  enterprise: EnterpriseRow;
}

/** The entry (in scope) and its enterprise, locked for this transaction: two reviewers cannot act on one request at once. */
export async function lockEntry(ctx: Ctx, id: number): Promise<Locked> {
  const actor = requireActor(ctx);
  const [row] = await ctx.db
    .select({ entry: cultivationEntries, enterprise: enterprises })
    .from(cultivationEntries)
    .innerJoin(enterprises, eq(enterprises.id, cultivationEntries.enterpriseId))
    .where(andAll(eq(cultivationEntries.id, id), entryScope(actor)))
    .for('update', { of: cultivationEntries });
  if (!row) throw notFound();
  return row;
}

export async function lockForChange(ctx: Ctx, id: number): Promise<Locked> {
  assertStaff(requireActor(ctx));
  const locked = await lockEntry(ctx, id);
  if (locked.entry.stage === 'withdrawn') {
    throw conflict({ zh: '该企业已退出培育，记录只读', en: 'This enterprise has been withdrawn; its entry is read-only' });
  }
  return locked;
}

export async function addEvent(
  ctx: Ctx,
  entryId: number,
  ev: { action: CultivationEventAction; fromStage?: CultivationStage | null; toStage?: CultivationStage | null; comment?: string | null; fileIds?: number[]; data?: unknown },
) {
  const actor = requireActor(ctx);
  await ctx.db.insert(cultivationEvents).values({
    entryId,
    at: ctx.now,
    userId: actor.userId,
    userName: actor.displayName,
    orgId: actor.orgId,
    orgName: actor.orgName,
    action: ev.action,
    fromStage: ev.fromStage ?? null,
    toStage: ev.toStage ?? null,
    comment: ev.comment ?? null,
    fileIds: ev.fileIds ?? [],
    data: ev.data ?? null,
  });
}

export async function linkEvidence(ctx: Ctx, entryId: number, rows: FileRow[], stage: CultivationStage, note: string | null) {
  if (!rows.length) return;
  const actor = requireActor(ctx);
  await ctx.db
    .insert(cultivationEvidence)
    .values(rows.map((f) => ({ entryId, fileId: f.id, stage, note, addedBy: actor.userId, addedAt: ctx.now })))
    .onConflictDoNothing();
}

export async function touch(ctx: Ctx, id: number, set: Partial<typeof cultivationEntries.$inferInsert> = {}): Promise<EntryRow> {
  const [row] = await ctx.db
    .update(cultivationEntries)
    .set({ ...set, updatedAt: ctx.now })
    .where(eq(cultivationEntries.id, id))
    .returning();
  return row;
}

/** The coaching site: an organisation of kind `site` of the enterprise's region, within the actor's scope. */
export async function checkSite(ctx: Ctx, regionCode: string, siteOrgId: number | null): Promise<{ id: number | null; path: string | null }> {
  if (!siteOrgId) return { id: null, path: null };
  const o = await findOrgInScope(ctx, siteOrgId, 'siteOrgId');
  if (o.kind !== 'site' || o.regionCode !== regionCode) {
    throw fieldError('siteOrgId', { zh: '不是本地区的服务站点', en: 'is not a protection site of this region' });
  }
  return { id: o.id, path: o.path };
}

const yearTaken = (year: number): Msg => ({ zh: `该企业已列入 ${year} 年培育清单`, en: `already has an entry for ${year}` });

/** The enterprise's entry that blocks a new one: the same year, or any entry still open (not withdrawn). */
export async function assertNoOpenEntry(ctx: Ctx, enterpriseId: number, year: number, exceptId?: number) {
  const rows = await ctx.db
    .select()
    .from(cultivationEntries)
    .where(
      andAll(
        eq(cultivationEntries.enterpriseId, enterpriseId),
        or(eq(cultivationEntries.year, year), ne(cultivationEntries.stage, 'withdrawn')),
        exceptId ? ne(cultivationEntries.id, exceptId) : undefined,
      ),
    );
  const sameYear = rows.find((r) => r.year === year);
  if (sameYear) throw fieldError('year', yearTaken(year), 'CONFLICT');
  const open = rows.find((r) => r.stage !== 'withdrawn');
  if (open) {
    const stage = stageName(open.stage);
    throw new AppError('CONFLICT', {
      fields: [
        {
          field: 'enterpriseId',
          message: {
            zh: `已在培育清单中（${batchLabel(open.year, open.batch, 'zh-CN')}，当前阶段：${stage.zh}），退出后方可重新列入`,
            en: `is already on the list (${batchLabel(open.year, open.batch, 'en-US')}, stage: ${stage.en}); it can be listed again once withdrawn`,
          },
        },
      ],
      details: { existingId: open.id },
    });
  }
}

export const auditView = (e: EntryRow) => ({
  enterpriseId: e.enterpriseId,
  year: e.year,
  batch: e.batch,
  stage: e.stage,
  siteOrgId: e.siteOrgId,
  mentorName: e.mentorName,
  mentorPhone: e.mentorPhone,
  note: e.note,
  review: e.review,
  requestStage: e.requestStage,
});

/** Puts an active enterprise on a year's list, in a batch, as a candidate (意向). */
export async function createEntry(ctx: Ctx, input: CultivationCreate): Promise<CultivationEntry> {
  const actor = requireActor(ctx);
  assertStaff(actor);
  const ent = await findEnterpriseInScope(ctx, input.enterpriseId, 'enterpriseId');
  if (ent.status !== 'active') {
    throw fieldError('enterpriseId', { zh: '只能列入状态正常的企业', en: 'must be an active enterprise' }, 'CONFLICT');
  }
  const s = input.siteOrgId === undefined ? { id: ent.siteOrgId, path: ent.siteOrgPath } : await checkSite(ctx, ent.regionCode, input.siteOrgId);
  if (!visibleTo(actor, ent, s)) throw fieldError('siteOrgId', { zh: '超出您的管理范围', en: 'is outside your area' }, 'FORBIDDEN');
  await assertNoOpenEntry(ctx, ent.id, input.year);
  const [row] = await ctx.db
    .insert(cultivationEntries)
    .values({
      regionCode: ent.regionCode,
      enterpriseId: ent.id,
      year: input.year,
      batch: input.batch,
      stage: 'candidate',
      stageChangedAt: ctx.now,
      siteOrgId: s.id,
      siteOrgPath: s.path,
      mentorName: input.mentorName ?? null,
      mentorPhone: input.mentorPhone ?? null,
      note: input.note ?? null,
      createdBy: actor.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning();
  await addEvent(ctx, row.id, { action: 'created', toStage: 'candidate', comment: input.note ?? null, data: { year: row.year, batch: row.batch } });
  ctx.audit = { targetType: 'cultivation', targetId: row.id, after: { ...auditView(row), enterpriseName: ent.name } };
  return getEntry(ctx, row.id);
}

export async function updateEntry(ctx: Ctx, id: number, input: CultivationUpdate): Promise<CultivationEntry> {
  const actor = requireActor(ctx);
  const { entry: before, enterprise: ent } = await lockForChange(ctx, id);
  const set: Partial<typeof cultivationEntries.$inferInsert> = {};
  for (const k of ['batch', 'mentorName', 'mentorPhone', 'note'] as const) {
    if (input[k] !== undefined && input[k] !== before[k]) (set as Record<string, unknown>)[k] = input[k];
  }
  if (input.year !== undefined && input.year !== before.year) {
    await assertNoOpenEntry(ctx, before.enterpriseId, input.year, id);
    set.year = input.year;
  }
  if (input.siteOrgId !== undefined && input.siteOrgId !== before.siteOrgId) {
    const s = await checkSite(ctx, before.regionCode, input.siteOrgId);
    if (!visibleTo(actor, ent, s)) throw fieldError('siteOrgId', { zh: '超出您的管理范围', en: 'is outside your area' }, 'FORBIDDEN');
    set.siteOrgId = s.id;
    set.siteOrgPath = s.path;
  }
  const changed = Object.keys(set) as (keyof typeof set)[];
  ctx.audit = { targetType: 'cultivation', targetId: id };
  if (!changed.length) return getEntry(ctx, id);
  const after = await touch(ctx, id, set);
  // another coaching site: the path's copy of where the entry is seen follows
  if (set.siteOrgPath !== undefined) await setHome(ctx, stagePath, id, homeOf(after, ent));
  const changes = Object.fromEntries(changed.filter((k) => k !== 'siteOrgPath').map((k) => [k, { from: before[k], to: after[k] }]));
  await addEvent(ctx, id, { action: 'updated', data: changes });
  ctx.audit = { targetType: 'cultivation', targetId: id, before: auditView(before), after: auditView(after) };
  return getEntry(ctx, id);
}

// -- coaching plan ------------------------------------------------------------------------------------------------

async function findItem(ctx: Ctx, entryId: number, itemId: number) {
  const [item] = await ctx.db
    .select()
    .from(cultivationPlanItems)
    .where(and(eq(cultivationPlanItems.id, itemId), eq(cultivationPlanItems.entryId, entryId)));
  if (!item) throw notFound();
  return item;
}

const itemView = (i: typeof cultivationPlanItems.$inferSelect) => ({ title: i.title, dueDate: i.dueDate, note: i.note, done: !!i.doneAt });

export async function addPlanItem(ctx: Ctx, entryId: number, input: { title: string; dueDate?: string | null; note?: string | null }) {
  const actor = requireActor(ctx);
  await lockForChange(ctx, entryId);
  const [{ last }] = await ctx.db
    .select({ last: max(cultivationPlanItems.sort) })
    .from(cultivationPlanItems)
    .where(eq(cultivationPlanItems.entryId, entryId));
  const [item] = await ctx.db
    .insert(cultivationPlanItems)
    .values({
      entryId,
      title: input.title,
      dueDate: input.dueDate ?? null,
      note: input.note ?? null,
      sort: (last ?? 0) + 1,
      createdBy: actor.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning();
  await touch(ctx, entryId);
  await addEvent(ctx, entryId, { action: 'plan_added', comment: item.title, data: { itemId: item.id, dueDate: item.dueDate } });
  ctx.audit = { targetType: 'cultivation', targetId: entryId, after: { itemId: item.id, ...itemView(item) } };
  return getDetail(ctx, entryId);
}

export async function updatePlanItem(
  ctx: Ctx,
  entryId: number,
  itemId: number,
  input: { title?: string; dueDate?: string | null; note?: string | null; sort?: number },
) {
  await lockForChange(ctx, entryId);
  const before = await findItem(ctx, entryId, itemId);
  ctx.audit = { targetType: 'cultivation', targetId: entryId };
  const set: Partial<typeof cultivationPlanItems.$inferInsert> = {};
  for (const k of ['title', 'dueDate', 'note', 'sort'] as const) {
    if (input[k] !== undefined && input[k] !== before[k]) (set as Record<string, unknown>)[k] = input[k];
  }
  if (Object.keys(set).length) {
    const [after] = await ctx.db
      .update(cultivationPlanItems)
      .set({ ...set, updatedAt: ctx.now })
      .where(eq(cultivationPlanItems.id, itemId))
      .returning();
    await touch(ctx, entryId);
    // reordering alone is not history worth reading
    if (Object.keys(set).some((k) => k !== 'sort')) {
      await addEvent(ctx, entryId, { action: 'plan_updated', comment: after.title, data: { itemId, before: itemView(before), after: itemView(after) } });
    }
    ctx.audit = { targetType: 'cultivation', targetId: entryId, before: { itemId, ...itemView(before) }, after: { itemId, ...itemView(after) } };
  }
  return getDetail(ctx, entryId);
}

export async function deletePlanItem(ctx: Ctx, entryId: number, itemId: number) {
  await lockForChange(ctx, entryId);
  const item = await findItem(ctx, entryId, itemId);
  await ctx.db.delete(cultivationPlanItems).where(eq(cultivationPlanItems.id, itemId));
  await touch(ctx, entryId);
  await addEvent(ctx, entryId, { action: 'plan_deleted', comment: item.title, data: { itemId, ...itemView(item) } });
  ctx.audit = { targetType: 'cultivation', targetId: entryId, before: { itemId, ...itemView(item) } };
  return getDetail(ctx, entryId);
}

export async function completePlanItem(ctx: Ctx, entryId: number, itemId: number, input: { doneNote?: string | null; fileIds?: number[] }) {
  const actor = requireActor(ctx);
  const { entry } = await lockForChange(ctx, entryId);
  const item = await findItem(ctx, entryId, itemId);
  if (item.doneAt) throw conflict({ zh: '该辅导事项已完成', en: 'This coaching item is already done' });
  const proof = await claimFiles(ctx, input.fileIds ?? [], 'fileIds');
  await ctx.db
    .update(cultivationPlanItems)
    .set({ doneAt: ctx.now, doneBy: actor.userId, doneNote: input.doneNote ?? null, updatedAt: ctx.now })
    .where(eq(cultivationPlanItems.id, itemId));
  await linkEvidence(ctx, entryId, proof, entry.stage, item.title);
  await touch(ctx, entryId);
  await addEvent(ctx, entryId, { action: 'plan_completed', comment: item.title, fileIds: proof.map((f) => f.id), data: { itemId, doneNote: input.doneNote ?? null } });
  ctx.audit = { targetType: 'cultivation', targetId: entryId, after: { itemId, title: item.title, done: true, fileIds: proof.map((f) => f.id) } };
  return getDetail(ctx, entryId);
}

export async function reopenPlanItem(ctx: Ctx, entryId: number, itemId: number) {
  await lockForChange(ctx, entryId);
  const item = await findItem(ctx, entryId, itemId);
  if (!item.doneAt) throw conflict({ zh: '该辅导事项尚未完成', en: 'This coaching item is not done' });
  await ctx.db
    .update(cultivationPlanItems)
    .set({ doneAt: null, doneBy: null, doneNote: null, updatedAt: ctx.now })
    .where(eq(cultivationPlanItems.id, itemId));
  await touch(ctx, entryId);
  await addEvent(ctx, entryId, { action: 'plan_reopened', comment: item.title, data: { itemId } });
  ctx.audit = { targetType: 'cultivation', targetId: entryId, before: { itemId, done: true }, after: { itemId, done: false } };
  return getDetail(ctx, entryId);
}

// -- evidence -----------------------------------------------------------------------------------------------------

export async function addEvidence(ctx: Ctx, entryId: number, input: { fileIds: number[]; note?: string | null }) {
  const { entry } = await lockForChange(ctx, entryId);
  const rows = await claimFiles(ctx, input.fileIds, 'fileIds');
  await linkEvidence(ctx, entryId, rows, entry.stage, input.note ?? null);
  await touch(ctx, entryId);
  await addEvent(ctx, entryId, { action: 'evidence_added', comment: input.note ?? null, fileIds: rows.map((f) => f.id) });
  ctx.audit = { targetType: 'cultivation', targetId: entryId, after: { files: rows.map((f) => ({ id: f.id, name: f.name, sha256: f.sha256 })) } };
  return getDetail(ctx, entryId);
}
