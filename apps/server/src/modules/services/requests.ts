/**
 * Help requests (求助/服务申请) on the engine's `services.request` path (paths.ts): an enterprise asks, naming a site or
 * provider or taking the best suggestion (none: the district assigns); the assignee accepts within the limit (else the
 * job escalates it to the district), or declines with a reason (to the district); the district or city reassigns; the
 * assignee delivers (date, hours, people, outcome, files) — a ledger row of the assignee, counted against its contract;
 * the enterprise confirms and rates. Every step locks the request, then takes the engine's step in the same transaction.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { HelpRequest, HelpRequestDetail, Page, RequestAction, RequestState, requestConfirm, requestCreate, requestDeliver, requestListQuery } from '@shangmi/shared';
import type { z } from 'zod';
import { enterprises, helpRequests, orgs, workflowInstances } from '../../db/schema/index.js';
import { andAll, requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { cachedCount } from '../../platform/count-cache.js';
import { AppError, fieldError, forbidden } from '../../platform/errors.js';
import { todayIn } from '../../platform/calendar.js';
import { historyLine, instanceOf, mayTake, newestFirst, overdueRecords, stepsOf, takeStep, type Home } from '../../platform/workflow/index.js';
import { claimFiles } from '../files/files.service.js';
import { enterpriseOfOrg } from '../enterprises/enterprises.service.js';
import { suggest } from './catalogue.js';
import { touchCandidates } from './candidates.js';
import { recordDelivery } from './ledger.js';
import { checkServiceKinds } from './providers.js';
import { requestPath } from './paths.js';
import { findRequest, isEnterpriseUser, requestScope, requireDeliverer, type RequestRow } from './scope.js';
import { msg } from './services.messages.js';

const homeOf = (r: Pick<RequestRow, 'requesterOrgId' | 'requesterOrgPath' | 'assigneeOrgPath' | 'regionCode' | 'title'>, enterpriseName: string): Home => ({
  orgId: r.requesterOrgId,
  orgPath: r.requesterOrgPath,
  alsoPaths: [r.assigneeOrgPath],
  regionCode: r.regionCode,
  label: `${enterpriseName}：${r.title}`,
});

const assignee = sql<string | null>`(select name from ${orgs} where id = ${helpRequests.assigneeOrgId})`;
// a member of the public's request has no enterprise: the name they gave stands in
const columns = { r: helpRequests, enterpriseName: sql<string>`coalesce(${enterprises.name}, ${helpRequests.publicName}, '')`, assigneeName: assignee, dueOn: workflowInstances.dueOn, version: workflowInstances.version };

function toRequest(x: { r: RequestRow; enterpriseName: string; assigneeName: string | null; dueOn: string | null }): HelpRequest {
  const r = x.r;
  return {
    id: r.id,
    regionCode: r.regionCode,
    districtCode: r.districtCode,
    enterpriseId: r.enterpriseId,
    enterpriseName: x.enterpriseName,
    fromPublic: r.enterpriseId === null,
    serviceKind: r.serviceKind,
    title: r.title,
    need: r.need,
    contactName: r.contactName,
    contactPhone: r.contactPhone,
    assigneeOrgId: r.assigneeOrgId,
    assigneeName: x.assigneeName,
    assigneeKind: r.assigneeKind,
    state: r.state as RequestState,
    dueOn: r.state === 'assigned' ? x.dueOn : null,
    acceptedAt: r.acceptedAt?.toISOString() ?? null,
    deliveredOn: r.deliveredOn,
    hours: r.hours,
    people: r.people,
    outcome: r.outcome,
    deliveryFileIds: r.deliveryFileIds,
    rating: r.rating,
    ratingComment: r.ratingComment,
    createdAt: r.createdAt.toISOString(),
  };
}

const joined = (ctx: Ctx) =>
  ctx.db
    .select(columns)
    .from(helpRequests)
    .leftJoin(enterprises, eq(enterprises.id, helpRequests.enterpriseId))
    .leftJoin(workflowInstances, and(eq(workflowInstances.kind, requestPath.kind), eq(workflowInstances.recordId, helpRequests.id)));

export async function listRequests(ctx: Ctx, q: z.output<typeof requestListQuery> & { page: number; pageSize: number; order: 'asc' | 'desc' }): Promise<Page<HelpRequest>> {
  const actor = requireActor(ctx);
  const where = andAll(
    requestScope(actor),
    q.state ? eq(helpRequests.state, q.state) : undefined,
    q.serviceKind ? eq(helpRequests.serviceKind, q.serviceKind) : undefined,
    q.districtCode ? eq(helpRequests.districtCode, q.districtCode) : undefined,
  );
  const rows = await joined(ctx)
    .where(where)
    .orderBy(q.order === 'asc' ? asc(helpRequests.id) : desc(helpRequests.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const total = await cachedCount(ctx.db.select({ total: sql<number>`count(*)::int` }).from(helpRequests).where(where));
  return { items: rows.map(toRequest), total, page: q.page, pageSize: q.pageSize };
}

const ACTIONS: RequestAction[] = ['accept', 'decline', 'deliver', 'confirm', 'reassign', 'cancel'];

export async function getRequest(ctx: Ctx, id: number): Promise<HelpRequestDetail> {
  const actor = requireActor(ctx);
  await findRequest(ctx, id);
  const [x] = await joined(ctx).where(eq(helpRequests.id, id));
  const inst = await instanceOf(ctx, requestPath, id);
  const history = (await stepsOf(ctx, requestPath, [id])).map(historyLine).sort(newestFirst);
  return {
    ...toRequest(x!),
    needId: x!.r.needId,
    followUps: x!.r.followUps.map((f) => ({ kind: f.kind, id: f.id, at: f.at })),
    version: inst?.version ?? 0,
    allowed: ACTIONS.filter((a) => mayTake(actor, requestPath, inst, a) || (a === 'reassign' && mayTake(actor, requestPath, inst, 'redirect'))),
    history: history.map((h) => ({ id: h.id, at: h.at, userName: h.userName, orgName: h.orgName, action: h.action, comment: h.comment })),
  };
}

/** An enterprise's account asks for help. Its need is described, not its secret (the form says so; the length is capped). */
export async function createRequest(ctx: Ctx, input: z.output<typeof requestCreate>): Promise<HelpRequestDetail> {
  const actor = requireActor(ctx);
  if (!isEnterpriseUser(actor)) throw forbidden(msg.onlyEnterprise);
  const ent = await enterpriseOfOrg(ctx, actor.orgId);
  if (!ent) throw forbidden(msg.onlyEnterprise);
  return getRequest(ctx, await insertRequest(ctx, { ...ent, enterpriseId: ent.id }, input, { step: 'submit' }));
}

/** Who asks: an enterprise (id set), or a member of the public placed under the district bureau the request goes to. */
export type Requester = { enterpriseId: number | null; orgId: number; orgPath: string; regionCode: string; districtCode: string | null; name: string; publicName?: string | null };

/**
 * Opens a request: an enterprise's account asking (`submit`), a bureau turning a listening need into one (`open`), a
 * member of the public through the public form (`publicSubmit`, no user). Returns the new request's id.
 */
export async function insertRequest(ctx: Ctx, who: Requester, input: z.output<typeof requestCreate>, opts: { step: 'submit' | 'open' | 'publicSubmit'; needId?: number }): Promise<number> {
  await checkServiceKinds(ctx, [input.serviceKind], 'serviceKind');
  let target: { orgId: number; orgPath: string; kind: 'site' | 'provider' } | null = null;
  if (input.assigneeOrgId) {
    target = await requireDeliverer(ctx, input.assigneeOrgId, who.regionCode, 'assigneeOrgId');
  } else {
    const best = (await suggest(ctx, who.regionCode, input.serviceKind, who.districtCode))[0];
    if (best) target = await requireDeliverer(ctx, best.orgId, who.regionCode, 'assigneeOrgId');
  }
  const [row] = await ctx.db
    .insert(helpRequests)
    .values({
      regionCode: who.regionCode,
      districtCode: who.districtCode,
      enterpriseId: who.enterpriseId,
      requesterOrgId: who.orgId,
      requesterOrgPath: who.orgPath,
      requestedBy: ctx.actor?.userId ?? null,
      publicName: who.publicName ?? null,
      serviceKind: input.serviceKind,
      title: input.title,
      need: input.need,
      contactName: input.contactName,
      contactPhone: input.contactPhone,
      assigneeOrgId: target?.orgId ?? null,
      assigneeOrgPath: target?.orgPath ?? null,
      assigneeKind: target?.kind ?? null,
      state: target ? 'assigned' : 'escalated',
      needId: opts.needId ?? null,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning();
  await takeStep(ctx, requestPath, row.id, opts.step, { home: homeOf(row, who.name), to: target ? 'assigned' : 'escalated' });
  await touchCandidates(ctx, [row.assigneeOrgId]);
  ctx.audit = { targetType: 'help_request', targetId: row.id, after: { serviceKind: row.serviceKind, title: row.title, assigneeOrgId: row.assigneeOrgId, state: row.state, needId: row.needId, public: !who.enterpriseId } };
  return row.id;
}

async function enterpriseName(ctx: Ctx, r: RequestRow): Promise<string> {
  if (!r.enterpriseId) return r.publicName ?? '';
  const [e] = await ctx.db.select({ name: enterprises.name }).from(enterprises).where(eq(enterprises.id, r.enterpriseId));
  return e?.name ?? '';
}

/** Locks the request in scope, takes the step, writes the module's copy. */
async function step(
  ctx: Ctx,
  id: number,
  name: RequestAction | 'escalate' | 'redirect',
  opts: { comment?: string | null; version?: number; fileIds?: number[]; data?: Record<string, unknown>; set?: (r: RequestRow) => Promise<Partial<typeof helpRequests.$inferInsert>> | Partial<typeof helpRequests.$inferInsert>; before?: (r: RequestRow) => Promise<void> },
): Promise<RequestRow> {
  const before = ctx.actor ? await findRequest(ctx, id, { lock: true }) : (await ctx.db.select().from(helpRequests).where(eq(helpRequests.id, id)).for('update'))[0]!;
  await opts.before?.(before);
  const set = opts.set ? await opts.set(before) : {};
  const next = { ...before, ...set } as RequestRow;
  const res = await takeStep(ctx, requestPath, id, name, { home: homeOf(next, await enterpriseName(ctx, before)), comment: opts.comment, version: opts.version, fileIds: opts.fileIds, data: opts.data });
  const [after] = await ctx.db
    .update(helpRequests)
    .set({ ...set, state: res.to, updatedAt: ctx.now })
    .where(eq(helpRequests.id, id))
    .returning();
  await touchCandidates(ctx, [before.assigneeOrgId, after.assigneeOrgId]);
  ctx.audit = { targetType: 'help_request', targetId: id, before: { state: before.state, assigneeOrgId: before.assigneeOrgId }, after: { state: after.state, assigneeOrgId: after.assigneeOrgId, ...opts.data } };
  return after;
}

export async function acceptRequest(ctx: Ctx, id: number, input: { comment?: string | null; version?: number }) {
  await step(ctx, id, 'accept', { ...input, set: () => ({ acceptedAt: ctx.now }) });
  return getRequest(ctx, id);
}

/** The assignee declines with its reason: the request goes to the enterprise's district to reassign. */
export async function declineRequest(ctx: Ctx, id: number, input: { comment: string }) {
  await step(ctx, id, 'decline', { comment: input.comment, data: { declinedBy: ctx.actor?.orgName } });
  return getRequest(ctx, id);
}

export async function reassignRequest(ctx: Ctx, id: number, input: { assigneeOrgId: number; comment: string }) {
  // escalated: the district's work; still awaiting acceptance: a redirect (the same rule, not a to-do)
  const [cur] = await ctx.db.select({ state: helpRequests.state }).from(helpRequests).where(eq(helpRequests.id, id));
  await step(ctx, id, cur?.state === 'assigned' ? 'redirect' : 'reassign', {
    comment: input.comment,
    data: { assigneeOrgId: input.assigneeOrgId },
    set: async (r) => {
      if (r.assigneeOrgId === input.assigneeOrgId && r.state === 'assigned') throw fieldError('assigneeOrgId', msg.sameAssignee);
      const d = await requireDeliverer(ctx, input.assigneeOrgId, r.regionCode, 'assigneeOrgId');
      return { assigneeOrgId: d.orgId, assigneeOrgPath: d.orgPath, assigneeKind: d.kind, acceptedAt: null };
    },
  });
  return getRequest(ctx, id);
}

/** The assignee records what it delivered; the ledger gets its row (counted against a contract covering it). */
export async function deliverRequest(ctx: Ctx, id: number, input: z.output<typeof requestDeliver>) {
  const after = await step(ctx, id, 'deliver', {
    data: { deliveredOn: input.deliveredOn, hours: input.hours, people: input.people },
    before: async (r) => {
      if (input.deliveredOn > todayIn(ctx.now)) throw fieldError('deliveredOn', msg.deliveredInFuture);
      if (input.deliveredOn < todayIn(r.createdAt)) throw fieldError('deliveredOn', msg.deliveredBeforeRequest);
      if (input.fileIds.length) await claimFiles(ctx, input.fileIds, 'fileIds');
    },
    fileIds: input.fileIds,
    set: () => ({ deliveredOn: input.deliveredOn, hours: input.hours, people: input.people, outcome: input.outcome, deliveryFileIds: input.fileIds }),
  });
  await recordDelivery(ctx, after);
  return getRequest(ctx, id);
}

/** The enterprise confirms and rates (1–5). Only its own request is in its scope: another enterprise gets 404. */
export async function confirmRequest(ctx: Ctx, id: number, input: z.output<typeof requestConfirm>) {
  await step(ctx, id, 'confirm', { comment: input.comment, data: { rating: input.rating }, set: () => ({ rating: input.rating, ratingComment: input.comment ?? null, confirmedAt: ctx.now }) });
  return getRequest(ctx, id);
}

export async function cancelRequest(ctx: Ctx, id: number, input: { comment?: string | null }) {
  await step(ctx, id, 'cancel', { comment: input.comment });
  return getRequest(ctx, id);
}

/**
 * The job's work: requests still unaccepted after their limit (the due day is theirs) go to the enterprise's district
 * (a system step: the district is told, the history says why). Runs in the job's transaction, in batches.
 */
export async function escalateOverdue(ctx: Ctx): Promise<number> {
  const due = await overdueRecords(ctx, requestPath, 'assigned');
  let n = 0;
  for (const inst of due) {
    try {
      await step(ctx, inst.recordId, 'escalate', { data: { dueOn: inst.dueOn } });
      n++;
    } catch (e) {
      // another node or a person acted first: the state moved on, nothing to escalate
      if (!(e instanceof AppError && e.code === 'TRANSITION_NOT_ALLOWED')) throw e;
    }
  }
  return n;
}

/** Requests by id in scope (the dashboard's drill-down, tests). */
export async function requestsByIds(ctx: Ctx, ids: number[]) {
  if (!ids.length) return [];
  return ctx.db.select().from(helpRequests).where(and(inArray(helpRequests.id, ids), requestScope(requireActor(ctx))));
}
