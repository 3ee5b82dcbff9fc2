/**
 * An enterprise's applications from its own account, with its materials: credit repair of a penalty's publication
 * (信用修复, the publication ends early) and early removal from the serious-violation list (令44). The district reviews
 * (or returns for more material), the city decides within the rule's limit; an approval ends the publication or the
 * listing in the same transaction, and the repair is on record (history, the feed, the operation log).
 */
import { and, asc, desc, eq, ilike, inArray, or, type SQL } from 'drizzle-orm';
import { repairOpensOn, type CreditRepair, type CreditRepairCreate, type CreditRepairDetail, type CreditRepairStep, type Page, type PageQuery, type PenaltyKind } from '@shangmi/shared';
import { creditRecords, creditRepairs, files } from '../../db/schema/index.js';
import { andAll, containsPattern, requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { pageTotal } from '../../platform/count-cache.js';
import { AppError, fieldError, registerUniqueField } from '../../platform/errors.js';
import { instanceOf, mayTake, stepsOf, takeStep, type WorkflowDef } from '../../platform/workflow/index.js';
import { claimFiles, toStoredFile } from '../files/files.service.js';
import { M } from './credit.messages.js';
import { removalPath, repairPath } from './paths.js';
import { appendChange, recordHistory } from './publication.js';
import { todayOf } from './records.js';
import { currentRules } from './rules.js';
import { addEvent, findRecord, findRepair, findSerious, isEnterpriseUser, repairHome, repairScope, type RepairRow } from './scope.js';
import { removeEarly } from './serious.js';

registerUniqueField('credit_repairs_record_open_uq', 'targetId');
registerUniqueField('credit_repairs_serious_open_uq', 'targetId');

const pathOf = (kind: RepairRow['kind']): WorkflowDef => (kind === 'record' ? repairPath : removalPath) as unknown as WorkflowDef;

export function toRepair(p: RepairRow, version = 0): CreditRepair {
  return {
    id: p.id,
    kind: p.kind,
    recordId: p.recordId,
    seriousId: p.seriousId,
    partyName: p.partyName,
    creditCode: p.creditCode,
    decisionNo: p.decisionNo,
    districtCode: p.districtCode,
    reason: p.reason,
    state: p.state as CreditRepair['state'],
    appliedAt: p.appliedAt.toISOString(),
    dueOn: p.dueOn,
    decidedAt: p.decidedAt?.toISOString() ?? null,
    decisionComment: p.decisionComment,
    version,
  };
}

/** What the application is about, checked: on public view now, past the waiting time the rules set, not excluded. */
async function targetOf(ctx: Ctx, input: CreditRepairCreate) {
  const today = todayOf(ctx);
  if (input.kind === 'record') {
    const r = await findRecord(ctx, input.targetId, { lock: true }).catch(() => {
      throw fieldError('targetId', { zh: '不存在或不是本企业的信息', en: 'does not exist or is not your enterprise’s' });
    });
    if (r.state !== 'published' || !r.public) throw new AppError('CONFLICT', { message: M.notPublic });
    const { rules } = await currentRules(ctx);
    const opens = repairOpensOn(rules, { penaltyKinds: r.penaltyKinds as PenaltyKind[], term: r.term, publishedOn: r.publishedOn });
    if (!opens.from) throw new AppError('CONFLICT', { message: opens.reason! });
    if (today < opens.from) throw new AppError('CONFLICT', { message: M.repairTooEarly(opens.from) });
    return { recordId: r.id, seriousId: null, regionCode: r.regionCode, districtCode: r.districtCode, bureauPath: r.orgPath, partyName: r.partyName, creditCode: r.creditCode, decisionNo: r.decisionNo };
  }
  const s = await findSerious(ctx, input.targetId, { lock: true }).catch(() => {
    throw fieldError('targetId', { zh: '不存在或不是本企业的名单条目', en: 'does not exist or is not your enterprise’s' });
  });
  if (s.state !== 'listed' || !s.public) throw new AppError('CONFLICT', { message: M.notListed });
  if (s.earlyFrom && today < s.earlyFrom) throw new AppError('CONFLICT', { message: M.removalTooEarly(s.earlyFrom) });
  return { recordId: null, seriousId: s.id, regionCode: s.regionCode, districtCode: s.districtCode, bureauPath: s.orgPath, partyName: s.partyName, creditCode: s.creditCode, decisionNo: s.decisionNo };
}

/** The enterprise applies from its own account (another enterprise's record is not found: 400 naming the field). */
export async function applyRepair(ctx: Ctx, input: CreditRepairCreate): Promise<number> {
  const actor = requireActor(ctx);
  if (!isEnterpriseUser(actor)) throw new AppError('FORBIDDEN', { message: M.noEnterprise });
  const target = await targetOf(ctx, input);
  const openCol = input.kind === 'record' ? creditRepairs.recordId : creditRepairs.seriousId;
  const [open] = await ctx.db
    .select({ id: creditRepairs.id })
    .from(creditRepairs)
    .where(and(eq(creditRepairs.kind, input.kind), eq(openCol, input.targetId), inArray(creditRepairs.state, ['district', 'city', 'returned'])));
  if (open) throw fieldError('targetId', M.repairOpen, 'CONFLICT');
  const proof = await claimFiles(ctx, input.fileIds, 'fileIds');
  const [row] = await ctx.db
    .insert(creditRepairs)
    .values({ kind: input.kind, ...target, orgId: actor.orgId, orgPath: actor.orgPath, reason: input.reason, state: 'district', fileIds: proof.map((f) => f.id), appliedBy: actor.userId, appliedAt: ctx.now, updatedAt: ctx.now })
    .returning();
  const { instance } = await takeStep(ctx, pathOf(input.kind), row.id, 'apply', { home: repairHome(row), comment: input.reason, fileIds: proof.map((f) => f.id) });
  await ctx.db.update(creditRepairs).set({ dueOn: instance.dueOn }).where(eq(creditRepairs.id, row.id));
  ctx.audit = { action: 'credit.repair-apply', targetType: 'credit_repair', targetId: row.id, after: { kind: input.kind, targetId: input.targetId, files: proof.length } };
  return row.id;
}

export type RepairStepName = 'resubmit' | 'district_pass' | 'district_return' | 'approve' | 'reject';

/** A step of an application; approval ends the publication (or the listing) at once. */
export async function repairStep(ctx: Ctx, id: number, name: RepairStepName, input: CreditRepairStep) {
  const p = await findRepair(ctx, id, { lock: true });
  const engineName = name === 'resubmit' ? 'apply' : name;
  let fileIds = p.fileIds;
  let newFiles: number[] = [];
  if (name === 'resubmit') {
    newFiles = (await claimFiles(ctx, input.fileIds ?? [], 'fileIds')).map((f) => f.id);
    fileIds = [...new Set([...p.fileIds, ...newFiles])];
  }
  const { to, instance } = await takeStep(ctx, pathOf(p.kind), id, engineName, {
    home: repairHome(p),
    comment: input.comment ?? null,
    fileIds: name === 'resubmit' ? (newFiles.length ? newFiles : p.fileIds) : undefined,
    version: input.version,
  });
  const decided = to === 'approved' || to === 'rejected';
  await ctx.db
    .update(creditRepairs)
    .set({ state: to, fileIds, dueOn: instance.dueOn, updatedAt: ctx.now, ...(decided ? { decidedAt: ctx.now, decisionComment: input.comment ?? null } : {}) })
    .where(eq(creditRepairs.id, id));
  if (to === 'approved') {
    const comment = input.comment?.trim() || '准予信用修复';
    if (p.kind === 'record' && p.recordId) {
      const [r] = await ctx.db
        .update(creditRecords)
        .set({ public: false, endedOn: todayOf(ctx), endReason: 'repaired', updatedAt: ctx.now })
        .where(eq(creditRecords.id, p.recordId))
        .returning();
      await addEvent(ctx, 'record', r.id, 'repaired', { comment });
      await appendChange(ctx, r, 'repaired', comment);
    } else if (p.seriousId) {
      await removeEarly(ctx, await findSerious(ctx, p.seriousId, { lock: true }), comment);
    }
  }
  ctx.audit = { action: `credit.repair-${name.replace('_', '-')}`, targetType: 'credit_repair', targetId: id, before: { state: p.state }, after: { state: to, comment: input.comment } };
}

const REPAIR_STEPS = ['resubmit', 'district_pass', 'district_return', 'approve', 'reject'] as const;

export async function getRepairDetail(ctx: Ctx, id: number): Promise<CreditRepairDetail> {
  const actor = requireActor(ctx);
  const p = await findRepair(ctx, id);
  const def = pathOf(p.kind);
  // one after another: inside a request's transaction the statements share one connection
  const inst = await instanceOf(ctx, def, id);
  const steps = await stepsOf(ctx, def, [id]);
  const fileRows = p.fileIds.length ? await ctx.db.select().from(files).where(inArray(files.id, p.fileIds)).orderBy(asc(files.id)) : [];
  return {
    ...toRepair(p, inst?.version ?? 0),
    files: fileRows.map(toStoredFile),
    history: await recordHistory(ctx, 'repair', id, steps),
    allowed: REPAIR_STEPS.filter((n) => mayTake(actor, def, inst, n === 'resubmit' ? 'apply' : n, repairHome(p)) && (n !== 'resubmit' || p.state === 'returned')),
  };
}

/** A file of an application, for whoever sees the application. */
export async function repairFile(ctx: Ctx, id: number, fileId: number) {
  const p = await findRepair(ctx, id);
  if (!p.fileIds.includes(fileId)) throw new AppError('NOT_FOUND');
  const [f] = await ctx.db.select().from(files).where(eq(files.id, fileId));
  if (!f) throw new AppError('NOT_FOUND');
  return f;
}

export async function listRepairs(ctx: Ctx, q: { state?: string; kind?: string; q?: string } & PageQuery): Promise<Page<CreditRepair>> {
  const actor = requireActor(ctx);
  const t = creditRepairs;
  const conds: (SQL | undefined)[] = [repairScope(actor)];
  if (q.state) conds.push(eq(t.state, q.state));
  if (q.kind) conds.push(eq(t.kind, q.kind as RepairRow['kind']));
  if (q.q) conds.push(or(ilike(t.partyName, containsPattern(q.q)), ilike(t.decisionNo, containsPattern(q.q)), eq(t.creditCode, q.q.toUpperCase())));
  const where = andAll(...conds);
  const dir = q.order === 'asc' ? asc : desc;
  const [rows, total] = await Promise.all([
    ctx.db.select().from(t).where(where).orderBy(dir(t.appliedAt), dir(t.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    pageTotal(ctx.db, t, where),
  ]);
  return { items: rows.map((r) => toRepair(r)), ...total, page: q.page, pageSize: q.pageSize };
}
