/**
 * The needs and opinions tracker (诉求/意见建议): every need found in a visit, a forum, an interview, a survey answer or
 * a help request is an item, assigned with a due date, replied to, and closed when the enterprise confirms (or by the
 * bureau, with a reason). The path is the engine's `listening.need` (need-path.ts); the need keeps its copy of the
 * state, the due date and the reply for lists and counts.
 */
import { and, asc, desc, eq, lt, sql } from 'drizzle-orm';
import { computeDue, type Need, type NeedCreate, type NeedDetail, type NeedStats } from '@shangmi/shared';
import type { z } from 'zod';
import type { needAssign, needExportQuery, needLink, needListPageQuery, needListQuery } from '@shangmi/shared';
import { enterprises, listeningNeeds, listeningResponses, orgs } from '../../db/schema/index.js';
import { andAll, requireActor } from '../../platform/access.js';
import { loadCalendar, todayIn } from '../../platform/calendar.js';
import type { Ctx } from '../../platform/context.js';
import { cachedCount } from '../../platform/count-cache.js';
import { fieldError, notFound } from '../../platform/errors.js';
import { instanceOf, mayTake, stepsOf, takeStep } from '../../platform/workflow/index.js';
import { findEnterpriseInScope } from '../enterprises/enterprises.service.js';
import { findOrgInScope } from '../orgs/orgs.service.js';
import { M } from './listening.messages.js';
import { needPath, REOPEN_WORKING_DAYS } from './need-path.js';
import { assertStaff, enterpriseReach, findNeed, findSurvey, isAssociationUser, needHome, needScope, type NeedRow } from './scope.js';

type ListQuery = z.infer<typeof needListQuery>;
const ASSIGNEE_KINDS = ['city_bureau', 'district_bureau', 'site', 'provider', 'department', 'association'];

/** An association's account records needs of its current members only (its own scope holds no enterprise). */
async function memberOf(ctx: Ctx, enterpriseId: number, field: string) {
  const [e] = await ctx.db.select().from(enterprises).where(and(eq(enterprises.id, enterpriseId), enterpriseReach(requireActor(ctx)) ?? sql`false`));
  if (!e) throw fieldError(field, M.notMember);
  return e;
}

/** Inserts a need of an enterprise within the actor's scope (visits, forums and the tracker's own form). */
export async function insertNeed(ctx: Ctx, input: NeedCreate, field = 'enterpriseId'): Promise<number> {
  const actor = requireActor(ctx);
  const e = isAssociationUser(actor) ? await memberOf(ctx, input.enterpriseId, field) : await findEnterpriseInScope(ctx, input.enterpriseId, field);
  const [row] = await ctx.db
    .insert(listeningNeeds)
    .values({
      regionCode: e.regionCode,
      districtCode: e.districtCode,
      orgId: actor.orgId,
      orgPath: actor.orgPath,
      enterpriseId: e.id,
      enterpriseOrgId: e.orgId,
      enterpriseOrgPath: e.orgPath,
      kind: input.kind,
      category: input.category,
      title: input.title,
      detail: input.detail ?? null,
      source: input.source,
      sourceId: input.sourceId ?? null,
      createdBy: actor.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning({ id: listeningNeeds.id });
  return row!.id;
}

/**
 * The tracker's own form, a survey answer turned into a need (results page) and a help request's need (services page):
 * with `assigneeOrgId` and `dueOn` it is assigned in the same transaction (a refused assignment leaves no need behind).
 * A need from a survey names the survey; its enterprise must have sent a named answer to it.
 */
export async function createNeed(ctx: Ctx, input: NeedCreate): Promise<NeedDetail> {
  assertStaff(requireActor(ctx));
  if (input.assigneeOrgId && !input.dueOn) throw fieldError('dueOn', M.dueRequired);
  if (input.source === 'survey' && input.sourceId) {
    const survey = await findSurvey(ctx, input.sourceId).catch(() => null);
    if (!survey) throw fieldError('sourceId', M.surveyUnknown);
    const [answered] = await ctx.db
      .select({ id: listeningResponses.id })
      .from(listeningResponses)
      .where(and(eq(listeningResponses.surveyId, survey.id), eq(listeningResponses.enterpriseId, input.enterpriseId)))
      .limit(1);
    if (!answered) throw fieldError('enterpriseId', M.notRespondent);
  }
  const id = await insertNeed(ctx, input);
  ctx.audit = { targetType: 'listening_need', targetId: id, after: { enterpriseId: input.enterpriseId, title: input.title, source: input.source, sourceId: input.sourceId ?? null } };
  if (input.assigneeOrgId && input.dueOn) {
    const audit = ctx.audit;
    const assigned = await assignNeed(ctx, id, { assigneeOrgId: input.assigneeOrgId, dueOn: input.dueOn, comment: null });
    ctx.audit = { ...audit, after: { ...(audit.after as object), assigneeOrgId: input.assigneeOrgId, dueOn: input.dueOn } };
    return assigned;
  }
  return getNeed(ctx, id);
}

const selectNeeds = (ctx: Ctx) =>
  // enterprise and organisation names joined read-only (one statement for a page; docs/architecture.md § Tables)
  ctx.db
    .select({ n: listeningNeeds, enterpriseName: enterprises.name, orgName: sql<string>`(select name from orgs where id = ${listeningNeeds.orgId})`, assigneeName: orgs.name })
    .from(listeningNeeds)
    .innerJoin(enterprises, eq(enterprises.id, listeningNeeds.enterpriseId))
    .leftJoin(orgs, eq(orgs.id, listeningNeeds.assigneeOrgId));

type Joined = { n: NeedRow; enterpriseName: string; orgName: string; assigneeName: string | null };
function toNeed(x: Joined, today: string): Need {
  const n = x.n;
  return {
    id: n.id,
    kind: n.kind,
    category: n.category,
    title: n.title,
    detail: n.detail,
    source: n.source,
    sourceId: n.sourceId,
    enterpriseId: n.enterpriseId,
    enterpriseName: x.enterpriseName,
    districtCode: n.districtCode,
    orgName: x.orgName,
    state: n.state,
    assigneeOrgId: n.assigneeOrgId,
    assigneeName: x.assigneeName,
    dueOn: n.dueOn,
    overdue: n.state === 'assigned' && !!n.dueOn && n.dueOn < today,
    reply: n.reply,
    repliedAt: n.repliedAt?.toISOString() ?? null,
    closedAt: n.closedAt?.toISOString() ?? null,
    confirmed: n.confirmed,
    reopenCount: n.reopenCount,
    linkKind: n.linkKind,
    linkId: n.linkId,
    createdAt: n.createdAt.toISOString(),
  };
}

export async function getNeed(ctx: Ctx, id: number): Promise<NeedDetail> {
  const actor = requireActor(ctx);
  const [x] = await selectNeeds(ctx).where(andAll(eq(listeningNeeds.id, id), needScope(actor)));
  if (!x) throw notFound();
  const [inst, steps] = await Promise.all([instanceOf(ctx, needPath, id), stepsOf(ctx, needPath, [id])]);
  const allowed = needPath.transitions.map((t) => t.name).filter((name) => mayTake(actor, needPath, inst, name, x.n.assigneeOrgPath ? undefined : { orgId: x.n.orgId, orgPath: x.n.orgPath, label: '' }));
  if (x.n.state !== 'closed' && actor.orgKind !== 'enterprise' && actor.permissions.has('listening:manage') && !x.n.linkKind) allowed.push('link');
  return {
    ...toNeed(x, todayIn(ctx.now)),
    allowed,
    history: steps
      .map((s) => ({ at: s.at.toISOString(), userName: s.userName, orgName: s.orgName, step: s.transition, label: needPath.transitions.find((t) => t.name === s.transition)?.label[ctx.locale === 'en-US' ? 'en' : 'zh'] ?? s.transition, comment: s.comment }))
      .reverse(),
  };
}

function listWhere(ctx: Ctx, q: ListQuery) {
  const actor = requireActor(ctx);
  const today = todayIn(ctx.now);
  return andAll(
    needScope(actor),
    q.state ? eq(listeningNeeds.state, q.state) : undefined,
    q.kind ? eq(listeningNeeds.kind, q.kind) : undefined,
    q.source ? eq(listeningNeeds.source, q.source) : undefined,
    q.enterpriseId ? eq(listeningNeeds.enterpriseId, q.enterpriseId) : undefined,
    q.districtCode ? eq(listeningNeeds.districtCode, q.districtCode) : undefined,
    q.mine ? eq(listeningNeeds.assigneeOrgId, actor.orgId) : undefined,
    q.overdue === true ? and(eq(listeningNeeds.state, 'assigned'), lt(listeningNeeds.dueOn, today)) : undefined,
  );
}

export async function listNeeds(ctx: Ctx, q: z.infer<typeof needListPageQuery>) {
  const where = listWhere(ctx, q);
  const dir = q.order === 'asc' ? asc : desc;
  const [rows, total] = await Promise.all([
    selectNeeds(ctx)
      .where(where)
      .orderBy(dir(listeningNeeds.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    cachedCount(ctx.db.select({ total: sql<number>`count(*)::int` }).from(listeningNeeds).where(where)),
  ]);
  const today = todayIn(ctx.now);
  return { items: rows.map((x) => toNeed(x, today)), total, page: q.page, pageSize: q.pageSize };
}

export async function needsForExport(ctx: Ctx, q: z.infer<typeof needExportQuery>, limit: number): Promise<Need[]> {
  const rows = await selectNeeds(ctx)
    .where(listWhere(ctx, q))
    .orderBy((q.order === 'asc' ? asc : desc)(listeningNeeds.id))
    .limit(limit);
  const today = todayIn(ctx.now);
  return rows.map((x) => toNeed(x, today));
}

/** Counts by kind, source and state, and the overdue ones, within scope and the list's filters. */
export async function needStats(ctx: Ctx, q: ListQuery): Promise<NeedStats> {
  const where = listWhere(ctx, q);
  const today = todayIn(ctx.now);
  const rows = await ctx.db
    .select({
      kind: listeningNeeds.kind,
      source: listeningNeeds.source,
      state: listeningNeeds.state,
      n: sql<number>`count(*)::int`,
      overdue: sql<number>`(count(*) filter (where ${listeningNeeds.state} = 'assigned' and ${listeningNeeds.dueOn} < ${today}))::int`,
    })
    .from(listeningNeeds)
    .where(where)
    .groupBy(listeningNeeds.kind, listeningNeeds.source, listeningNeeds.state);
  const sum = (key: 'kind' | 'source' | 'state') => {
    const m = new Map<string, number>();
    for (const r of rows) m.set(r[key], (m.get(r[key]) ?? 0) + r.n);
    return [...m].map(([k, count]) => ({ key: k, count })).sort((a, b) => b.count - a.count);
  };
  const total = rows.reduce((s, r) => s + r.n, 0);
  return {
    total,
    open: rows.filter((r) => r.state !== 'closed').reduce((s, r) => s + r.n, 0),
    overdue: rows.reduce((s, r) => s + r.overdue, 0),
    byKind: sum('kind'),
    bySource: sum('source'),
    byState: sum('state'),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Steps

async function enterpriseName(ctx: Ctx, id: number) {
  const [e] = await ctx.db.select({ name: enterprises.name }).from(enterprises).where(eq(enterprises.id, id));
  return e?.name ?? '';
}

async function step(ctx: Ctx, n: NeedRow, name: string, input: { comment?: string | null; data?: Record<string, unknown>; dueOn?: string; assignee?: { id: number; path: string } }) {
  // not yet assigned: the recording bureau is its home (the engine refuses any step but `assign` there)
  const assignee = input.assignee ?? (n.assigneeOrgId && n.assigneeOrgPath ? { id: n.assigneeOrgId, path: n.assigneeOrgPath } : { id: n.orgId, path: n.orgPath });
  return takeStep(ctx, needPath, n.id, name, { home: needHome(n, assignee, await enterpriseName(ctx, n.enterpriseId)), comment: input.comment ?? null, data: input.data, dueOn: input.dueOn });
}

const view = (n: NeedRow) => ({ state: n.state, assigneeOrgId: n.assigneeOrgId, dueOn: n.dueOn, reply: n.reply });

/** Assigns (or reassigns) a need to an organisation within the actor's scope, with its due date. */
export async function assignNeed(ctx: Ctx, id: number, input: z.infer<typeof needAssign>): Promise<NeedDetail> {
  assertStaff(requireActor(ctx));
  const n = await findNeed(ctx, id, true);
  const org = await findOrgInScope(ctx, input.assigneeOrgId, 'assigneeOrgId');
  if (!ASSIGNEE_KINDS.includes(org.kind)) throw fieldError('assigneeOrgId', M.assigneeKind);
  if (input.dueOn < todayIn(ctx.now)) throw fieldError('dueOn', M.dueInPast);
  await step(ctx, n, 'assign', { comment: input.comment, data: { assigneeOrgId: org.id, assigneeName: org.name }, dueOn: input.dueOn, assignee: { id: org.id, path: org.path } });
  await ctx.db
    .update(listeningNeeds)
    .set({ state: 'assigned', assigneeOrgId: org.id, assigneeOrgPath: org.path, dueOn: input.dueOn, updatedAt: ctx.now })
    .where(eq(listeningNeeds.id, id));
  ctx.audit = { targetType: 'listening_need', targetId: id, before: view(n), after: { state: 'assigned', assigneeOrgId: org.id, dueOn: input.dueOn } };
  return getNeed(ctx, id);
}

export async function replyNeed(ctx: Ctx, id: number, reply: string): Promise<NeedDetail> {
  const n = await findNeed(ctx, id, true);
  await step(ctx, n, 'reply', { data: { reply }, comment: reply });
  await ctx.db.update(listeningNeeds).set({ state: 'replied', reply, repliedAt: ctx.now, updatedAt: ctx.now }).where(eq(listeningNeeds.id, id));
  ctx.audit = { targetType: 'listening_need', targetId: id, before: view(n), after: { state: 'replied', reply } };
  return getNeed(ctx, id);
}

export async function confirmNeed(ctx: Ctx, id: number, comment: string | null): Promise<NeedDetail> {
  const n = await findNeed(ctx, id, true);
  await step(ctx, n, 'confirm', { comment });
  await ctx.db.update(listeningNeeds).set({ state: 'closed', closedAt: ctx.now, confirmed: true, updatedAt: ctx.now }).where(eq(listeningNeeds.id, id));
  ctx.audit = { targetType: 'listening_need', targetId: id, before: view(n), after: { state: 'closed', confirmed: true } };
  return getNeed(ctx, id);
}

/** The enterprise is not satisfied: back to the assignee with a new due date (REOPEN_WORKING_DAYS working days). */
export async function reopenNeed(ctx: Ctx, id: number, comment: string): Promise<NeedDetail> {
  const n = await findNeed(ctx, id, true);
  const due = computeDue(await loadCalendar(ctx.db), { start: todayIn(ctx.now), length: REOPEN_WORKING_DAYS, unit: 'working' }).due ?? todayIn(ctx.now);
  await step(ctx, n, 'reopen', { comment, dueOn: due });
  await ctx.db
    .update(listeningNeeds)
    .set({ state: 'assigned', dueOn: due, reopenCount: sql`${listeningNeeds.reopenCount} + 1`, updatedAt: ctx.now })
    .where(eq(listeningNeeds.id, id));
  ctx.audit = { targetType: 'listening_need', targetId: id, before: view(n), after: { state: 'assigned', dueOn: due } };
  return getNeed(ctx, id);
}

export async function closeNeed(ctx: Ctx, id: number, comment: string): Promise<NeedDetail> {
  assertStaff(requireActor(ctx));
  const n = await findNeed(ctx, id, true);
  await step(ctx, n, 'close', { comment });
  await ctx.db.update(listeningNeeds).set({ state: 'closed', closedAt: ctx.now, confirmed: false, updatedAt: ctx.now }).where(eq(listeningNeeds.id, id));
  ctx.audit = { targetType: 'listening_need', targetId: id, before: view(n), after: { state: 'closed', confirmed: false } };
  return getNeed(ctx, id);
}

/**
 * Records what the need became in another module, by typed reference: a help request (services, issue 15) or a
 * cultivation coaching item. The other module owns that record; the link is kept here and shown on the need.
 */
export async function linkNeed(ctx: Ctx, id: number, input: z.infer<typeof needLink>): Promise<NeedDetail> {
  assertStaff(requireActor(ctx));
  const n = await findNeed(ctx, id, true);
  if (n.state === 'closed') throw fieldError('kind', M.openOnly, 'CONFLICT');
  if (n.linkKind) throw fieldError('kind', M.linkExists, 'CONFLICT');
  await ctx.db.update(listeningNeeds).set({ linkKind: input.kind, linkId: input.id, updatedAt: ctx.now }).where(eq(listeningNeeds.id, id));
  ctx.audit = { targetType: 'listening_need', targetId: id, after: { linkKind: input.kind, linkId: input.id } };
  return getNeed(ctx, id);
}
