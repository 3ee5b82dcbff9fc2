/** Reading cases: the list and export, the work queue and its counts, one case's detail, statistics, a case for a document. */
import { and, asc, count, desc, eq, gte, ilike, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import {
  CASE_ACTIONS,
  clockState,
  onTimeRate,
  type CaseDetail,
  type CaseListQuery,
  type CaseShare,
  type CaseStats,
  type CaseSummary,
  type Page,
  type PageQuery,
  type QueueItem,
} from '@shangmi/shared';
import { caseClocks, caseEvents, caseFiles, caseIdentityReveals, cases, caseShares, files, orgs } from '../../db/schema/index.js';
import { andAll, can, containsPattern, requireActor, scopeCondition } from '../../platform/access.js';
import type { Actor, Ctx } from '../../platform/context.js';
import { asPageTotal, cappedCount, minuteOf, one, pageTotal, type CappedTotal } from '../../platform/count-cache.js';
import { toClockView, todayOf } from './clocks.js';
import { type CaseRow, type ShareRow, caseScope, findCase, findOwnCase, isPartner, partnerShareCond } from './scope.js';

function summarySelect() {
  return {
    id: cases.id,
    trackingCode: cases.trackingCode,
    track: cases.track,
    source: cases.source,
    status: cases.status,
    title: cases.title,
    respondentName: cases.respondentName,
    districtCode: cases.districtCode,
    suggestedDistrictCode: cases.suggestedDistrictCode,
    orgId: cases.orgId,
    orgName: orgs.name,
    anonymous: cases.anonymous,
    receivedOn: cases.receivedOn,
    closedOn: cases.closedOn,
    siblingId: cases.siblingId,
    nextDue: sql<string | null>`(select min(${caseClocks.dueOn})::text from ${caseClocks} where ${caseClocks.caseId} = ${cases.id} and ${caseClocks.closedOn} is null)`,
  };
}

function listWhere(actor: Actor, q: CaseListQuery): SQL | undefined {
  return andAll(
    caseScope(actor),
    q.track ? eq(cases.track, q.track) : undefined,
    q.status ? eq(cases.status, q.status) : undefined,
    q.districtCode ? eq(cases.districtCode, q.districtCode) : undefined,
    q.source ? eq(cases.source, q.source) : undefined,
    q.from ? gte(cases.receivedOn, q.from) : undefined,
    q.to ? lte(cases.receivedOn, q.to) : undefined,
    q.q ? or(ilike(cases.title, containsPattern(q.q)), ilike(cases.respondentName, containsPattern(q.q)), eq(cases.trackingCode, q.q.replace(/\s/g, ''))) : undefined,
  );
}

export async function listCases(ctx: Ctx, q: CaseListQuery & PageQuery): Promise<Page<CaseSummary>> {
  const actor = requireActor(ctx);
  const where = listWhere(actor, q);
  const order = q.order === 'asc' ? asc : desc;
  const items = await ctx.db
    .select(summarySelect())
    .from(cases)
    .innerJoin(orgs, eq(orgs.id, cases.orgId))
    .where(where)
    .orderBy(order(cases.receivedOn), order(cases.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const total = await pageTotal(ctx.db, cases, where);
  return { items, ...total, page: q.page, pageSize: q.pageSize };
}

export async function exportCases(ctx: Ctx, q: CaseListQuery & { order?: 'asc' | 'desc' }, limit: number): Promise<CaseSummary[]> {
  const actor = requireActor(ctx);
  return ctx.db
    .select(summarySelect())
    .from(cases)
    .innerJoin(orgs, eq(orgs.id, cases.orgId))
    .where(listWhere(actor, q))
    .orderBy(desc(cases.receivedOn), desc(cases.id))
    .limit(limit);
}

/** Open clocks in the actor's scope, soonest due first (paused clocks last). */
/**
 * The open clocks a user's queue holds: a bureau's within its scope; a partner agency's, those of the transfers, notices
 * and joint cases shared with it. The queue, its total and the home page's counts all start from here.
 */
function queueClocks(ctx: Ctx) {
  const actor = requireActor(ctx);
  const partner = isPartner(actor);
  const where = partner ? and(isNull(caseClocks.closedOn), partnerShareCond(actor))! : andAll(isNull(caseClocks.closedOn), scopeCondition(actor, { orgPath: caseClocks.orgPath }));
  // the clocks counted (capped: a city's queue is not walked for its total), any condition on top of `where`
  const counted = (w: SQL | undefined) => (limit: number) => {
    const base = ctx.db.select({ one }).from(caseClocks);
    return (partner ? base.innerJoin(caseShares, eq(caseShares.id, caseClocks.shareId)) : base).where(w).limit(limit);
  };
  return { partner, where, counted };
}

/** Past its due date: a limit in hours from its due instant, a limit in days from the day after its due date (Asia/Shanghai). */
const overdueClock = (ctx: Ctx, at: Date = ctx.now) => sql`coalesce(${caseClocks.dueAt} < ${at}, ${caseClocks.dueOn} < ${todayOf(ctx)})`;

export async function workQueue(ctx: Ctx, q: PageQuery & { overdue?: boolean }): Promise<Page<QueueItem>> {
  const scoped = queueClocks(ctx);
  const { partner, counted } = scoped;
  const where = q.overdue ? and(scoped.where, overdueClock(ctx)) : scoped.where;
  const select = ctx.db
    .select({ clock: caseClocks, caseTitle: cases.title, caseStatus: cases.status, trackingCode: cases.trackingCode, orgName: orgs.name })
    .from(caseClocks)
    .innerJoin(cases, eq(cases.id, caseClocks.caseId))
    .innerJoin(orgs, eq(orgs.id, cases.orgId));
  // the police's queue: their transfers' decision clocks
  const rows = await (partner ? select.innerJoin(caseShares, eq(caseShares.id, caseClocks.shareId)) : select)
    .where(where)
    .orderBy(sql`${caseClocks.dueOn} asc nulls last`, asc(caseClocks.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const total = await cappedCount(ctx.db, counted(where));
  const today = todayOf(ctx);
  return {
    items: rows.map((r) => ({ ...toClockView(r.clock, today, ctx.now), caseTitle: r.caseTitle, caseStatus: r.caseStatus, trackingCode: r.trackingCode, orgName: r.orgName })),
    ...asPageTotal(total),
    page: q.page,
    pageSize: q.pageSize,
  };
}

/**
 * The home page's counts of the queue: its open clocks, and those past their due date (Asia/Shanghai today). Capped
 * (platform/count-cache.ts cappedCount): a city's whole queue is not walked to print "10,000+".
 */
export async function queueCounts(ctx: Ctx): Promise<{ open: CappedTotal; overdue: CappedTotal }> {
  const { where, counted } = queueClocks(ctx);
  // the queue's overdue=true condition, to the minute: the count's cache key must not change every request
  const overdue = overdueClock(ctx, minuteOf(ctx.now));
  const [open, late] = await Promise.all([cappedCount(ctx.db, counted(where)), cappedCount(ctx.db, counted(and(where, overdue)))]);
  return { open, overdue: late };
}

function allowedActions(actor: Actor, row: CaseRow, partner: boolean): string[] {
  if (partner) return can(actor, 'cases:partner') ? ['transfer_step', 'joint_note', ...(row.reporterSealed ? ['transfer_identity'] : [])] : [];
  const out: string[] = [];
  if (can(actor, 'cases:handle')) {
    for (const [k, def] of Object.entries(CASE_ACTIONS)) {
      if (!(def.from as readonly string[]).includes(row.status)) continue;
      if ('approve' in def && def.approve && !can(actor, 'cases:approve')) continue;
      if (k === 'execute' && row.decisionKind !== 'penalty') continue;
      out.push(k);
    }
    out.push('transfer', 'notice', 'joint', 'joint_note', 'district_transfer', 'summary', 'clock');
  }
  if (can(actor, 'cases:assign')) out.push('assign', 'supervise');
  if (row.supervised && can(actor, 'cases:handle') && (row.orgId === actor.orgId || actor.scope === 'all')) out.push('progress_report');
  if (can(actor, 'cases:identity') && row.reporterSealed) out.push('identity');
  return out;
}

function shareView(s: ShareRow, orgName: string): CaseShare {
  return {
    id: s.id,
    orgId: s.orgId,
    orgName,
    kind: s.kind,
    status: s.status,
    reason: s.reason,
    message: s.message,
    lossFen: s.lossFen,
    identityRequested: s.identityRequested,
    identityApproved: s.identityApproved,
    proposedAt: s.proposedAt.toISOString(),
    approvedAt: s.approvedAt?.toISOString() ?? null,
    handedOverAt: s.handedOverAt?.toISOString() ?? null,
    acknowledgedAt: s.acknowledgedAt?.toISOString() ?? null,
    decidedAt: s.decidedAt?.toISOString() ?? null,
    decision: s.decision,
    decisionReason: s.decisionReason,
  };
}

export async function getDetail(ctx: Ctx, id: number): Promise<CaseDetail> {
  const actor = requireActor(ctx);
  const row = await findCase(ctx, id);
  const partner = isPartner(actor);
  const today = todayOf(ctx);
  const [org] = await ctx.db.select({ name: orgs.name }).from(orgs).where(eq(orgs.id, row.orgId));
  const shareRows = await ctx.db
    .select({ s: caseShares, orgName: orgs.name })
    .from(caseShares)
    .innerJoin(orgs, eq(orgs.id, caseShares.orgId))
    .where(andAll(eq(caseShares.caseId, id), partner ? partnerShareCond(actor) : undefined))
    .orderBy(asc(caseShares.id));
  const shareIds = shareRows.map((r) => r.s.id);
  const clockRows = await ctx.db
    .select()
    .from(caseClocks)
    .where(andAll(eq(caseClocks.caseId, id), partner ? (shareIds.length ? inArray(caseClocks.shareId, shareIds) : sql`false`) : undefined))
    .orderBy(asc(caseClocks.id));
  const evs = await ctx.db
    .select()
    .from(caseEvents)
    .where(
      andAll(
        eq(caseEvents.caseId, id),
        // partners: what was shared with them; the bureau: everything, each joint note once
        partner ? eq(caseEvents.sharedOrgId, actor.orgId) : sql`not (${caseEvents.action} = 'joint_note' and ${caseEvents.sharedOrgId} is not null)`,
      ),
    )
    .orderBy(asc(caseEvents.at), asc(caseEvents.id));
  const fileRows = partner
    ? []
    : await ctx.db
        .select({ id: files.id, name: files.name, size: files.size, kind: caseFiles.kind, addedAt: caseFiles.addedAt })
        .from(caseFiles)
        .innerJoin(files, eq(files.id, caseFiles.fileId))
        .where(eq(caseFiles.caseId, id))
        .orderBy(asc(caseFiles.addedAt));
  const reveals = partner ? [] : await ctx.db.select().from(caseIdentityReveals).where(eq(caseIdentityReveals.caseId, id)).orderBy(asc(caseIdentityReveals.id));
  const nextDue = clockRows.filter((c) => !c.closedOn && c.dueOn).map((c) => c.dueOn as string).sort()[0] ?? null;
  return {
    id: row.id,
    trackingCode: partner ? '' : row.trackingCode,
    track: row.track,
    source: row.source,
    status: row.status,
    title: row.title,
    respondentName: row.respondentName,
    districtCode: row.districtCode,
    suggestedDistrictCode: row.suggestedDistrictCode,
    orgId: row.orgId,
    orgName: org?.name ?? '',
    anonymous: row.anonymous,
    receivedOn: row.receivedOn,
    closedOn: row.closedOn,
    siblingId: partner ? null : row.siblingId,
    nextDue,
    description: row.description,
    respondentCreditCode: row.respondentCreditCode,
    respondentAddress: row.respondentAddress,
    hasReporter: !!row.reporterSealed && (!partner || shareRows.some((r) => r.s.kind === 'transfer' && r.s.identityApproved)),
    // the rights holder's description of its secret stays with the bureau
    rightholder: partner ? null : row.rightholder,
    lossFen: row.lossFen,
    caseNumber: row.caseNumber,
    decisionKind: row.decisionKind,
    decisionNo: row.decisionNo,
    fineFen: row.fineFen,
    confiscationFen: row.confiscationFen,
    publicSummary: partner ? null : row.publicSummary,
    publicSummaryStatus: row.publicSummaryStatus,
    secretTerms: partner ? [] : row.secretTerms,
    supervised: row.supervised,
    clocks: clockRows.map((c) => toClockView(c, today, ctx.now)),
    events: evs.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      actorName: e.actorName,
      actorOrgName: e.actorOrgName,
      action: e.action,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      reason: e.reason,
      data: e.data ?? null,
    })),
    shares: shareRows.map((r) => shareView(r.s, r.orgName)),
    files: fileRows.map((f) => ({ ...f, addedAt: f.addedAt.toISOString() })),
    reveals: reveals.map((r) => ({ username: r.username, reason: r.reason, at: r.at.toISOString() })),
    allowed: allowedActions(actor, row, partner),
    partnerView: partner,
  };
}

export async function caseStats(ctx: Ctx): Promise<CaseStats> {
  const actor = requireActor(ctx);
  const scope = caseScope(actor);
  const months = await ctx.db
    .select({ month: sql<string>`to_char(${cases.receivedOn}, 'YYYY-MM')`, track: cases.track, n: count() })
    .from(cases)
    .where(scope)
    .groupBy(sql`1`, cases.track)
    .orderBy(sql`1`);
  const byMonth = new Map<string, { month: string; complaint: number; report: number }>();
  for (const m of months) {
    const e = byMonth.get(m.month) ?? { month: m.month, complaint: 0, report: 0 };
    e[m.track] = m.n;
    byMonth.set(m.month, e);
  }
  const today = todayOf(ctx);
  const clocks = await ctx.db
    .select({ districtCode: cases.districtCode, dueOn: caseClocks.dueOn, closedOn: caseClocks.closedOn, dueAt: caseClocks.dueAt, closedAt: caseClocks.closedAt })
    .from(caseClocks)
    .innerJoin(cases, eq(cases.id, caseClocks.caseId))
    .where(andAll(scope, isNull(caseClocks.shareId)));
  const byDistrict = new Map<string | null, { open: number; overdue: number; states: ReturnType<typeof clockState>[] }>();
  for (const c of clocks) {
    const e = byDistrict.get(c.districtCode) ?? { open: 0, overdue: 0, states: [] };
    const s = clockState({ due: c.dueOn, closedOn: c.closedOn, dueAt: c.dueAt, closedAt: c.closedAt }, today, undefined, ctx.now);
    e.states.push(s);
    if (!c.closedOn) e.open++;
    if (s === 'overdue') e.overdue++;
    byDistrict.set(c.districtCode, e);
  }
  const transfers = await ctx.db
    .select({ status: caseShares.status, count: count() })
    .from(caseShares)
    .innerJoin(cases, eq(cases.id, caseShares.caseId))
    .where(andAll(scope, eq(caseShares.kind, 'transfer')))
    .groupBy(caseShares.status);
  return {
    intakeByMonth: [...byMonth.values()],
    byDistrict: [...byDistrict.entries()].map(([districtCode, e]) => ({ districtCode, open: e.open, overdue: e.overdue, onTimeRate: onTimeRate(e.states) })),
    transfers,
    onTimeRate: onTimeRate([...byDistrict.values()].flatMap((e) => e.states)),
  };
}

export async function caseForDocument(ctx: Ctx, id: number) {
  const row = await findOwnCase(ctx, id, false);
  const [org] = await ctx.db.select().from(orgs).where(eq(orgs.id, row.orgId));
  const evs = await ctx.db.select().from(caseEvents).where(eq(caseEvents.caseId, id)).orderBy(asc(caseEvents.at));
  return { row, org, events: evs };
}
