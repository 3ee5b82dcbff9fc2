/**
 * Coordination with partner agencies: the police transfer (a timed sub-workflow), case notices, joint cases, and the
 * register of everything shared (信息共享台账).
 */
import { alias } from 'drizzle-orm/pg-core';
import { and, asc, desc, eq, gte, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { type Page, type PageQuery, type ShareRegisterQuery, type ShareRegisterRow } from '@shangmi/shared';
import { cases, caseShares, orgs } from '../../db/schema/index.js';
import { andAll, can, requireActor } from '../../platform/access.js';
import type { Actor, Ctx } from '../../platform/context.js';
import { asPageTotal, cappedCount, one } from '../../platform/count-cache.js';
import { conflict, fieldError, forbidden, notFound } from '../../platform/errors.js';
import { closeClocks, loadCalendar, startClock, todayOf } from './clocks.js';
import { getDetail } from './queries.js';
import { PARTNER_KINDS, type ShareRow, addEvent, caseScope, findCase, findOwnCase, isPartner, partnerShareCond } from './scope.js';
import { msg } from './cases.messages.js';

export async function proposePoliceTransfer(ctx: Ctx, caseId: number, input: { policeOrgId: number; reason: string; lossFen?: number | null; includeIdentity?: boolean }) {
  const row = await findOwnCase(ctx, caseId);
  if (row.track !== 'report') throw conflict(msg.onlyReportsTransferred);
  const [police] = await ctx.db.select().from(orgs).where(eq(orgs.id, input.policeOrgId));
  if (!police || police.kind !== 'police') throw fieldError('policeOrgId', msg.notPolice);
  const open = await ctx.db.select().from(caseShares).where(and(eq(caseShares.caseId, caseId), eq(caseShares.kind, 'transfer'), inArray(caseShares.status, ['proposed', 'approved', 'handed_over', 'acknowledged', 'reconsideration'])));
  if (open.length) throw conflict(msg.transferUnderWay);
  const [share] = await ctx.db
    .insert(caseShares)
    .values({ caseId, orgId: police.id, kind: 'transfer', status: 'proposed', reason: input.reason, lossFen: input.lossFen ?? null, identityRequested: !!input.includeIdentity, proposedBy: ctx.actor!.userId, proposedAt: ctx.now })
    .returning();
  const cal = await loadCalendar(ctx);
  await startClock(ctx, cal, row, 'transfer.approve', todayOf(ctx), share.id);
  // ≥ ¥300,000 is 情节严重 (2025 两高 interpretation): the threshold the form points to
  await addEvent(ctx, caseId, 'transfer_propose', { reason: input.reason, data: { police: police.name, lossFen: input.lossFen ?? null, overThreshold: (input.lossFen ?? 0) >= 30_000_000 } });
  ctx.audit = { action: 'cases.transfer-propose', targetType: 'case', targetId: caseId, after: { police: police.id } };
  return getDetail(ctx, caseId);
}

const TRANSFER_STEPS: Record<string, { from: string[]; to: string; partner: boolean; approve?: boolean; closes: string; starts?: string }> = {
  approve: { from: ['proposed'], to: 'approved', partner: false, approve: true, closes: 'transfer_approve', starts: 'transfer.handover' },
  refuse: { from: ['proposed'], to: 'refused', partner: false, approve: true, closes: 'transfer_refuse' },
  handover: { from: ['approved'], to: 'handed_over', partner: false, closes: 'transfer_handover', starts: 'transfer.police_decide' },
  acknowledge: { from: ['handed_over', 'reconsideration'], to: 'acknowledged', partner: true, closes: '' },
  police_accept: { from: ['handed_over', 'acknowledged', 'reconsideration'], to: 'accepted', partner: true, closes: 'police_accept' },
  police_reject: { from: ['handed_over', 'acknowledged', 'reconsideration'], to: 'rejected', partner: true, closes: 'police_reject' },
  reconsider: { from: ['rejected'], to: 'reconsideration', partner: false, closes: '', starts: 'transfer.reconsideration' },
};

export async function transferStep(ctx: Ctx, caseId: number, shareId: number, input: { step: string; reason: string }) {
  const actor = requireActor(ctx);
  const def = TRANSFER_STEPS[input.step];
  const partner = isPartner(actor);
  if (def.partner !== partner) throw forbidden(partner ? msg.bureauTakesStep : msg.policeTakeStep);
  if (def.partner && !can(actor, 'cases:partner')) throw forbidden();
  if (!def.partner && !can(actor, 'cases:handle')) throw forbidden();
  if (def.approve && !can(actor, 'cases:approve')) throw forbidden(msg.transferNeedsApprover);
  // a partner's step locks the case too: the transfer's status checked below is the one this step changes
  const row = partner ? await findCase(ctx, caseId, { lock: true }) : await findOwnCase(ctx, caseId);
  const [share] = await ctx.db.select().from(caseShares).where(and(eq(caseShares.id, shareId), eq(caseShares.caseId, caseId), eq(caseShares.kind, 'transfer')));
  if (!share || (partner && share.orgId !== actor.orgId)) throw notFound();
  if (!def.from.includes(share.status)) throw conflict(msg.transferStepNotNow);
  const now = ctx.now;
  const today = todayOf(ctx);
  const set: Partial<ShareRow> = { status: def.to };
  if (input.step === 'approve') Object.assign(set, { approvedBy: actor.userId, approvedAt: now, identityApproved: share.identityRequested });
  if (input.step === 'handover') set.handedOverAt = now;
  if (input.step === 'acknowledge') Object.assign(set, { acknowledgedBy: actor.userId, acknowledgedAt: now });
  if (input.step === 'police_accept' || input.step === 'police_reject') Object.assign(set, { decidedAt: now, decision: input.step === 'police_accept' ? 'accepted' : 'rejected', decisionReason: input.reason });
  await ctx.db.update(caseShares).set(set).where(eq(caseShares.id, shareId));
  if (def.closes) await closeClocks(ctx, caseId, def.closes, today, shareId);
  if (def.starts) await startClock(ctx, await loadCalendar(ctx), row, def.starts, today, shareId);
  // once handed over, the police see this step in the case's timeline
  const shared = ['handover', 'acknowledge', 'police_accept', 'police_reject', 'reconsider'].includes(input.step) ? share.orgId : null;
  await addEvent(ctx, caseId, `transfer_${input.step}`, { reason: input.reason, data: { shareId, from: share.status, to: def.to }, sharedOrgId: shared });
  ctx.audit = { action: `cases.transfer-${input.step}`, targetType: 'case', targetId: caseId, before: { status: share.status }, after: { status: def.to } };
  return getDetail(ctx, caseId);
}

/** The partner agencies a bureau may transfer or notify to (outside its own data scope by nature). */
export async function listPartners(ctx: Ctx) {
  const actor = requireActor(ctx);
  const rows = await ctx.db
    .select({ id: orgs.id, name: orgs.name, kind: orgs.kind })
    .from(orgs)
    .where(and(inArray(orgs.kind, [...PARTNER_KINDS]), eq(orgs.status, 'active'), actor.regionCode ? or(eq(orgs.regionCode, actor.regionCode), isNull(orgs.regionCode)) : undefined))
    .orderBy(asc(orgs.kind), asc(orgs.path));
  return rows;
}

export async function sendNotices(ctx: Ctx, caseId: number, input: { orgIds: number[]; message: string }) {
  const row = await findOwnCase(ctx, caseId);
  const targets = await ctx.db.select().from(orgs).where(inArray(orgs.id, input.orgIds));
  if (targets.length !== new Set(input.orgIds).size || targets.some((o) => !PARTNER_KINDS.has(o.kind))) {
    throw fieldError('orgIds', msg.noticeOnlyPartners);
  }
  for (const o of targets) {
    await ctx.db.insert(caseShares).values({ caseId, orgId: o.id, kind: 'notice', status: 'sent', reason: input.message, message: input.message, proposedBy: ctx.actor!.userId, proposedAt: ctx.now });
    await addEvent(ctx, caseId, 'notice_send', { reason: input.message, data: { org: o.name }, sharedOrgId: o.id });
  }
  ctx.audit = { action: 'cases.notice', targetType: 'case', targetId: row.id, after: { orgs: targets.map((o) => o.id) } };
  return getDetail(ctx, caseId);
}

/** 联合办案: the handling bureau invites agencies into the case space. */
export async function openJoint(ctx: Ctx, caseId: number, input: { orgIds: number[]; message: string }) {
  const row = await findOwnCase(ctx, caseId);
  const targets = await ctx.db.select().from(orgs).where(inArray(orgs.id, input.orgIds));
  if (targets.length !== new Set(input.orgIds).size || targets.some((o) => !PARTNER_KINDS.has(o.kind))) {
    throw fieldError('orgIds', msg.jointOnlyPartners);
  }
  const existing = await ctx.db.select().from(caseShares).where(and(eq(caseShares.caseId, caseId), eq(caseShares.kind, 'joint')));
  for (const o of targets) {
    if (existing.some((e) => e.orgId === o.id)) continue;
    await ctx.db.insert(caseShares).values({ caseId, orgId: o.id, kind: 'joint', status: 'active', reason: input.message, message: input.message, proposedBy: ctx.actor!.userId, proposedAt: ctx.now });
    await addEvent(ctx, caseId, 'joint_open', { reason: input.message, data: { org: o.name }, sharedOrgId: o.id });
  }
  ctx.audit = { action: 'cases.joint', targetType: 'case', targetId: row.id, after: { orgs: targets.map((o) => o.id) } };
  return getDetail(ctx, caseId);
}

/**
 * A note in the joint case space, shared with the members named (the bureau handling the case always sees it; a
 * partner's own note is shared with itself). A member sees only the notes shared with it.
 */
export async function addJointNote(ctx: Ctx, caseId: number, input: { text: string; shareWith: number[] }) {
  const actor = requireActor(ctx);
  const partner = isPartner(actor);
  if (!can(actor, partner ? 'cases:partner' : 'cases:handle')) throw forbidden();
  const row = partner ? await findCase(ctx, caseId) : await findOwnCase(ctx, caseId);
  const members = await ctx.db.select().from(caseShares).where(and(eq(caseShares.caseId, caseId), eq(caseShares.kind, 'joint')));
  if (partner && !members.some((m) => m.orgId === actor.orgId)) throw forbidden(msg.notJointMember);
  const memberIds = new Set(members.map((m) => m.orgId));
  const bad = input.shareWith.filter((o) => !memberIds.has(o));
  if (bad.length) throw fieldError('shareWith', msg.shareOutsideJoint);
  const targets = new Set(input.shareWith);
  if (partner) targets.add(actor.orgId);
  // one row for the bureau's full timeline, one per member it is shared with
  await addEvent(ctx, caseId, 'joint_note', { reason: input.text, data: { sharedWith: [...targets] } });
  for (const o of targets) await addEvent(ctx, caseId, 'joint_note', { reason: input.text, data: { sharedWith: [...targets] }, sharedOrgId: o });
  ctx.audit = { action: 'cases.joint-note', targetType: 'case', targetId: row.id, after: { sharedWith: [...targets] } };
  return getDetail(ctx, caseId);
}

export async function acknowledgeNotice(ctx: Ctx, caseId: number, shareId: number) {
  const actor = requireActor(ctx);
  await findCase(ctx, caseId);
  const [share] = await ctx.db.select().from(caseShares).where(and(eq(caseShares.id, shareId), eq(caseShares.caseId, caseId), eq(caseShares.kind, 'notice'), eq(caseShares.orgId, actor.orgId)));
  if (!share) throw notFound();
  await ctx.db.update(caseShares).set({ status: 'acknowledged', acknowledgedBy: actor.userId, acknowledgedAt: ctx.now }).where(eq(caseShares.id, shareId));
  await addEvent(ctx, caseId, 'notice_acknowledge', { sharedOrgId: actor.orgId });
  ctx.audit = { action: 'cases.notice-acknowledge', targetType: 'case', targetId: caseId };
  return getDetail(ctx, caseId);
}

// 信息共享台账: what was sent to whom and when, across cases

const senderOrg = alias(orgs, 'sender_org');

/** Bureaus: the shares of the cases in their scope; partner agencies: their own rows, as on a case page. */
function registerWhere(actor: Actor, q: ShareRegisterQuery): SQL | undefined {
  const dayStart = (d: string) => new Date(`${d}T00:00:00+08:00`);
  return andAll(
    isPartner(actor) ? partnerShareCond(actor) : caseScope(actor),
    q.orgId ? eq(caseShares.orgId, q.orgId) : undefined,
    q.kind ? eq(caseShares.kind, q.kind) : undefined,
    q.from ? gte(caseShares.proposedAt, dayStart(q.from)) : undefined,
    q.to ? sql`${caseShares.proposedAt} < ${new Date(dayStart(q.to).getTime() + 86_400_000)}` : undefined,
  );
}

function registerQuery(ctx: Ctx, where: SQL | undefined) {
  return ctx.db
    .select({
      s: caseShares,
      caseTitle: cases.title,
      caseNumber: cases.caseNumber,
      fromOrgName: senderOrg.name,
      orgName: orgs.name,
    })
    .from(caseShares)
    .innerJoin(cases, eq(cases.id, caseShares.caseId))
    .innerJoin(orgs, eq(orgs.id, caseShares.orgId))
    .innerJoin(senderOrg, eq(senderOrg.id, cases.orgId))
    .where(where)
    .orderBy(desc(caseShares.proposedAt), desc(caseShares.id));
}

type RegisterRow = Awaited<ReturnType<typeof registerQuery>>[number];
const toRegisterRow = (r: RegisterRow): ShareRegisterRow => ({
  id: r.s.id,
  caseId: r.s.caseId,
  caseTitle: r.caseTitle,
  caseNumber: r.caseNumber,
  fromOrgName: r.fromOrgName,
  orgId: r.s.orgId,
  orgName: r.orgName,
  kind: r.s.kind,
  status: r.s.status,
  reason: r.s.reason,
  proposedAt: r.s.proposedAt.toISOString(),
  handedOverAt: r.s.handedOverAt?.toISOString() ?? null,
  acknowledgedAt: r.s.acknowledgedAt?.toISOString() ?? null,
  decidedAt: r.s.decidedAt?.toISOString() ?? null,
  decision: r.s.decision,
});

export async function shareRegister(ctx: Ctx, q: ShareRegisterQuery & PageQuery): Promise<Page<ShareRegisterRow>> {
  const actor = requireActor(ctx);
  const where = registerWhere(actor, q);
  const rows = await registerQuery(ctx, where)
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const total = await cappedCount(ctx.db, (limit) => ctx.db.select({ one }).from(caseShares).innerJoin(cases, eq(cases.id, caseShares.caseId)).where(where).limit(limit));
  return { items: rows.map(toRegisterRow), ...asPageTotal(total), page: q.page, pageSize: q.pageSize };
}

export async function exportShareRegister(ctx: Ctx, q: ShareRegisterQuery, limit: number): Promise<ShareRegisterRow[]> {
  const actor = requireActor(ctx);
  return (await registerQuery(ctx, registerWhere(actor, q)).limit(limit)).map(toRegisterRow);
}
