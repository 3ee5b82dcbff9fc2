/**
 * A case's lifecycle 线索 → 核查 → 立案 → 调查 → 告知 → 决定 → 执行 → 结案: the steps, extending or pausing their time limits, the
 * public summary, and 督办.
 */
import { and, desc, eq, isNull } from 'drizzle-orm';
import { CASE_ACTIONS, daysBetween, type CaseAction, type CaseActionInput, type CaseDetail, type PauseReason } from '@shangmi/shared';
import { caseClocks, caseEvents, caseFiles, cases } from '../../db/schema/index.js';
import { can, requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { conflict, fieldError, forbidden, notFound } from '../../platform/errors.js';
import { common } from '../../platform/messages.js';
import { claimFiles } from '../files/files.service.js';
import { clockDue, clockRule, closeClocks, loadCalendar, startClock, todayOf } from './clocks.js';
import { getDetail } from './queries.js';
import { type CaseRow, addEvent, findOwnCase } from './scope.js';
import { msg } from './cases.messages.js';

export async function applyAction(ctx: Ctx, id: number, input: CaseActionInput): Promise<CaseDetail> {
  const actor = requireActor(ctx);
  const row = await findOwnCase(ctx, id);
  const def = CASE_ACTIONS[input.action as CaseAction];
  if (!(def.from as readonly string[]).includes(row.status)) {
    throw conflict(msg.actionNotNow(def));
  }
  if ('approve' in def && def.approve && !can(actor, 'cases:approve')) {
    throw forbidden(msg.actionNeedsApprover(def));
  }
  const today = todayOf(ctx);
  const cal = await loadCalendar(ctx);
  const set: Partial<CaseRow> = { updatedAt: ctx.now };
  if (def.to) set.status = def.to;
  const data: Record<string, unknown> = {};
  switch (input.action) {
    case 'file':
      if (!input.caseNumber) throw fieldError('caseNumber', msg.fileNeedsCaseNumber);
      set.caseNumber = input.caseNumber;
      data.caseNumber = input.caseNumber;
      break;
    case 'decide':
      if (!input.decisionKind) throw fieldError('decisionKind', common.required);
      if (input.decisionKind === 'penalty' && !input.decisionNo) throw fieldError('decisionNo', msg.penaltyNeedsDecisionNo);
      Object.assign(set, {
        decisionKind: input.decisionKind,
        decisionNo: input.decisionNo ?? null,
        fineFen: input.fineFen ?? null,
        confiscationFen: input.confiscationFen ?? null,
      });
      Object.assign(data, { decisionKind: input.decisionKind, decisionNo: input.decisionNo, fineFen: input.fineFen, confiscationFen: input.confiscationFen });
      break;
    case 'execute':
      if (row.decisionKind !== 'penalty') throw conflict(msg.noPenaltyToExecute);
      break;
    case 'close':
    case 'mediation_end':
      set.closedOn = today;
      break;
  }
  await ctx.db.update(cases).set(set).where(eq(cases.id, id));
  await closeClocks(ctx, id, input.action, today);
  // the clocks each step starts
  if (input.action === 'accept') await startClock(ctx, cal, row, 'complaint.mediation', today);
  if (input.action === 'file') {
    await startClock(ctx, cal, row, 'case.decision', today);
    if (!row.anonymous && row.reporterSealed) await startClock(ctx, cal, row, 'report.notify_reporter', today);
  }
  if (input.action === 'not_file' && !row.anonymous && row.reporterSealed) await startClock(ctx, cal, row, 'report.notify_reporter', today);
  if (input.action === 'decide' && input.decisionKind === 'penalty') await startClock(ctx, cal, row, 'case.publish', today);
  // Art. 77: 15 working days to close once a penalty is executed, or at once after a decision of no penalty or a transfer
  if (input.action === 'execute' || (input.action === 'decide' && input.decisionKind !== 'penalty')) await startClock(ctx, cal, row, 'case.close', today);
  if (input.action === 'close') {
    await ctx.db.update(caseClocks).set({ closedOn: today, closedAt: ctx.now }).where(and(eq(caseClocks.caseId, id), isNull(caseClocks.closedOn), isNull(caseClocks.shareId)));
  }
  if (input.fileIds?.length) {
    const fs2 = await claimFiles(ctx, input.fileIds, 'fileIds');
    await ctx.db.insert(caseFiles).values(fs2.map((f) => ({ caseId: id, fileId: f.id, kind: 'evidence' as const, note: input.reason, addedBy: actor.userId })));
    data.files = fs2.map((f) => f.name);
  }
  await addEvent(ctx, id, input.action, { fromStatus: row.status, toStatus: def.to ?? row.status, reason: input.reason, data });
  ctx.audit = { action: `cases.${input.action}`, targetType: 'case', targetId: id, before: { status: row.status }, after: { status: def.to ?? row.status, ...data } };
  return getDetail(ctx, id);
}

export async function extendClock(ctx: Ctx, caseId: number, clockId: number, input: { days: number; reason: string; collective?: boolean }) {
  const row = await findOwnCase(ctx, caseId);
  const [c] = await ctx.db.select().from(caseClocks).where(and(eq(caseClocks.id, clockId), eq(caseClocks.caseId, caseId))).for('update');
  if (!c || c.closedOn) throw notFound();
  const r = clockRule(c);
  const plain = r.extensions.filter((e) => !e.collective).reduce((s, e) => s + e.length, 0);
  const allowsCollective = r.extensions.some((e) => e.collective);
  if (!r.extensions.length) throw conflict(msg.notExtendable);
  if (c.extension + input.days > plain && !(allowsCollective && input.collective)) {
    throw fieldError('days', msg.extendAtMost(plain, allowsCollective));
  }
  const cal = await loadCalendar(ctx);
  const next = { ...c, extension: c.extension + input.days };
  const d = clockDue(cal, next);
  await ctx.db.update(caseClocks).set({ extension: next.extension, ...d }).where(eq(caseClocks.id, clockId));
  await addEvent(ctx, caseId, 'extend', { reason: input.reason, data: { clock: c.ruleKey, days: input.days, collective: !!input.collective, dueBefore: c.dueOn, dueAfter: d.dueOn } });
  ctx.audit = { action: 'cases.extend', targetType: 'case', targetId: row.id, before: { dueOn: c.dueOn }, after: { dueOn: d.dueOn, days: input.days } };
  return getDetail(ctx, caseId);
}

export async function pauseClock(ctx: Ctx, caseId: number, clockId: number, input: { reason: PauseReason; note: string; on?: string }) {
  await findOwnCase(ctx, caseId);
  const [c] = await ctx.db.select().from(caseClocks).where(and(eq(caseClocks.id, clockId), eq(caseClocks.caseId, caseId))).for('update');
  if (!c || c.closedOn) throw notFound();
  if (!clockRule(c).pauses.includes(input.reason)) throw fieldError('reason', msg.notPausedBy);
  if (c.pauses.some((p) => p.to === null)) throw conflict(msg.alreadyPaused);
  const on = input.on ?? todayOf(ctx);
  const pauses = [...c.pauses, { from: on, to: null, reason: input.reason }];
  await ctx.db.update(caseClocks).set({ pauses, dueOn: null, dueLatest: null }).where(eq(caseClocks.id, clockId));
  await addEvent(ctx, caseId, 'pause', { reason: input.note, data: { clock: c.ruleKey, pause: input.reason, from: on } });
  ctx.audit = { action: 'cases.pause', targetType: 'case', targetId: caseId, after: { clock: c.ruleKey, from: on } };
  return getDetail(ctx, caseId);
}

export async function resumeClock(ctx: Ctx, caseId: number, clockId: number, input: { note: string; on?: string }) {
  await findOwnCase(ctx, caseId);
  const [c] = await ctx.db.select().from(caseClocks).where(and(eq(caseClocks.id, clockId), eq(caseClocks.caseId, caseId))).for('update');
  if (!c || c.closedOn) throw notFound();
  const open = c.pauses.find((p) => p.to === null);
  if (!open) throw conflict(msg.notPaused);
  const on = input.on ?? todayOf(ctx);
  if (on < open.from) throw fieldError('on', msg.resumeBeforePause);
  const pauses = c.pauses.map((p) => (p === open ? { ...p, to: on } : p));
  const cal = await loadCalendar(ctx);
  const d = clockDue(cal, { ...c, pauses });
  await ctx.db.update(caseClocks).set({ pauses, ...d }).where(eq(caseClocks.id, clockId));
  await addEvent(ctx, caseId, 'resume', { reason: input.note, data: { clock: c.ruleKey, to: on, dueAfter: d.dueOn } });
  ctx.audit = { action: 'cases.resume', targetType: 'case', targetId: caseId, after: { clock: c.ruleKey, dueOn: d.dueOn } };
  return getDetail(ctx, caseId);
}

// Public summary (written, then reviewed by someone else; Art. 21: it may not contain the secret)

/** The summary may not name the secret: the rights holder's description of it, or any term the case marks. */
function checkSummary(row: CaseRow, textIn: string) {
  const secret = row.rightholder?.secretSummary?.trim();
  const flat = textIn.replace(/\s+/g, '');
  const hit = row.secretTerms.some((t) => t.trim().length >= 2 && flat.includes(t.replace(/\s+/g, '')));
  if (hit || (secret && secret.length >= 6 && textIn.includes(secret.slice(0, Math.min(secret.length, 20))))) {
    throw fieldError('text', msg.summaryHasSecret);
  }
}

export async function writeSummary(ctx: Ctx, caseId: number, textIn: string) {
  const row = await findOwnCase(ctx, caseId);
  checkSummary(row, textIn);
  await ctx.db.update(cases).set({ publicSummary: textIn, publicSummaryStatus: 'draft' }).where(eq(cases.id, caseId));
  await addEvent(ctx, caseId, 'summary_write', { data: { length: textIn.length } });
  ctx.audit = { action: 'cases.summary-write', targetType: 'case', targetId: caseId };
  return getDetail(ctx, caseId);
}

export async function approveSummary(ctx: Ctx, caseId: number) {
  const actor = requireActor(ctx);
  const row = await findOwnCase(ctx, caseId);
  if (row.publicSummaryStatus !== 'draft') throw conflict(msg.noSummaryToReview);
  const [writer] = await ctx.db.select().from(caseEvents).where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.action, 'summary_write'))).orderBy(desc(caseEvents.id)).limit(1);
  if (writer?.actorId === actor.userId) throw forbidden(msg.summaryReviewerIsWriter);
  // terms marked after the summary was written count too: approval publishes it (the public credit page's 以案说法)
  checkSummary(row, row.publicSummary ?? '');
  await ctx.db.update(cases).set({ publicSummaryStatus: 'approved' }).where(eq(cases.id, caseId));
  await addEvent(ctx, caseId, 'summary_approve');
  ctx.audit = { action: 'cases.summary-approve', targetType: 'case', targetId: caseId };
  return getDetail(ctx, caseId);
}

// 督办 (supervision): the city marks a major case, sets when progress is due, and the handling bureau reports

export async function superviseCase(ctx: Ctx, caseId: number, input: { dueOn: string; requirement: string }) {
  const row = await findOwnCase(ctx, caseId);
  const today = todayOf(ctx);
  const days = daysBetween(today, input.dueOn);
  if (days < 1) throw fieldError('dueOn', msg.afterToday);
  // a new deadline replaces the open one
  await ctx.db
    .update(caseClocks)
    .set({ closedOn: today, closedAt: ctx.now })
    .where(and(eq(caseClocks.caseId, caseId), eq(caseClocks.ruleKey, 'supervision.report'), isNull(caseClocks.closedOn)));
  await ctx.db.update(cases).set({ supervised: true, updatedAt: ctx.now }).where(eq(cases.id, caseId));
  const cal = await loadCalendar(ctx);
  const base = { ruleKey: 'supervision.report', startedOn: today, startedAt: null, extension: days, pauses: [] };
  const d = clockDue(cal, base);
  await ctx.db.insert(caseClocks).values({ ...base, ...d, caseId, orgPath: row.orgPath });
  await addEvent(ctx, caseId, 'supervise', { reason: input.requirement, data: { dueOn: d.dueOn } });
  ctx.audit = { action: 'cases.supervise', targetType: 'case', targetId: caseId, after: { dueOn: d.dueOn } };
  return getDetail(ctx, caseId);
}

export async function reportProgress(ctx: Ctx, caseId: number, textIn: string) {
  const actor = requireActor(ctx);
  const row = await findOwnCase(ctx, caseId);
  if (!row.supervised) throw conflict(msg.notSupervised);
  // the report comes from the bureau handling the case, not from the supervisor
  if (row.orgId !== actor.orgId && actor.scope !== 'all') throw forbidden(msg.handlerReportsProgress);
  await closeClocks(ctx, caseId, 'supervision_report', todayOf(ctx));
  await addEvent(ctx, caseId, 'progress_report', { reason: textIn });
  ctx.audit = { action: 'cases.progress-report', targetType: 'case', targetId: caseId };
  return getDetail(ctx, caseId);
}
