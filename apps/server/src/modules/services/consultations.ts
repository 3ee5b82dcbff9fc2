/**
 * Consultations (咨询问答, issue 15 item 4) on the engine's `services.consult` path (consult-path.ts): an enterprise asks
 * in writing — a site or provider it names, or its district routes the question; the assignee answers within the limit;
 * the enterprise may follow up; each side consents to publication; the city or district publishes a version with the
 * names removed to the region's public FAQ (faq.ts). Scope: an enterprise sees its own, a site or provider what is
 * addressed to it, a bureau its area (the enterprise below it, or the site it answers through). Outside: 404.
 */
import { and, asc, desc, eq, lt, sql, type SQL } from 'drizzle-orm';
import type { ConsultAction, Consultation, ConsultationDetail, ConsultState, Page, consultationCreate, consultationListQuery, consultationPublish } from '@shangmi/shared';
import type { z } from 'zod';
import { consultationMessages, consultations, enterprises, orgs, workflowInstances } from '../../db/schema/index.js';
import { andAll, likeEscape, requireActor } from '../../platform/access.js';
import type { Actor, Ctx } from '../../platform/context.js';
import { asPageTotal, cappedCount, one } from '../../platform/count-cache.js';
import { conflict, fieldError, forbidden, notFound } from '../../platform/errors.js';
import { todayIn } from '../../platform/calendar.js';
import { historyLine, instanceOf, mayTake, newestFirst, stepsOf, takeStep, type Home } from '../../platform/workflow/index.js';
import { enterpriseOfOrg } from '../enterprises/enterprises.service.js';
import { consultPath } from './consult-path.js';
import { isDelivererUser, isEnterpriseUser, requireDeliverer } from './scope.js';
import { consultMsg } from './consultations.messages.js';

type Row = typeof consultations.$inferSelect;
const c = consultations;

export function consultScope(a: Actor): SQL | undefined {
  if (isEnterpriseUser(a)) return a.scope === 'self' ? and(eq(c.requesterOrgId, a.orgId), eq(c.askedBy, a.userId)) : eq(c.requesterOrgId, a.orgId);
  if (isDelivererUser(a)) return eq(c.assigneeOrgId, a.orgId);
  switch (a.scope) {
    case 'all':
      return undefined;
    case 'org_and_below': {
      const p = `${likeEscape(a.orgPath)}%`;
      return sql`(${c.requesterOrgPath} like ${p} or ${c.assigneeOrgPath} like ${p})`;
    }
    default:
      return sql`false`;
  }
}

async function findConsultation(ctx: Ctx, id: number, opts: { lock?: boolean } = {}): Promise<Row> {
  const q = ctx.db.select().from(c).where(and(eq(c.id, id), consultScope(requireActor(ctx))));
  const [row] = opts.lock ? await q.for('update') : await q;
  if (!row) throw notFound();
  return row;
}

const homeOf = (r: Pick<Row, 'requesterOrgId' | 'requesterOrgPath' | 'assigneeOrgPath' | 'regionCode' | 'title'>, enterpriseName: string): Home => ({
  orgId: r.requesterOrgId,
  orgPath: r.requesterOrgPath,
  alsoPaths: [r.assigneeOrgPath],
  regionCode: r.regionCode,
  label: `${enterpriseName}：${r.title}`,
});

const columns = {
  r: c,
  enterpriseName: sql<string>`coalesce(${enterprises.name}, '')`,
  assigneeName: sql<string | null>`(select name from ${orgs} where id = ${c.assigneeOrgId})`,
  dueOn: workflowInstances.dueOn,
};
const joined = (ctx: Ctx) =>
  ctx.db
    .select(columns)
    .from(c)
    .innerJoin(enterprises, eq(enterprises.id, c.enterpriseId))
    .leftJoin(workflowInstances, and(eq(workflowInstances.kind, consultPath.kind), eq(workflowInstances.recordId, c.id)));

function toConsultation(x: { r: Row; enterpriseName: string; assigneeName: string | null; dueOn: string | null }, today: string): Consultation {
  const r = x.r;
  const dueOn = r.state === 'asked' ? x.dueOn : null;
  return {
    id: r.id,
    districtCode: r.districtCode,
    enterpriseId: r.enterpriseId,
    enterpriseName: x.enterpriseName,
    category: r.category as Consultation['category'],
    title: r.title,
    assigneeOrgId: r.assigneeOrgId,
    assigneeName: x.assigneeName,
    state: r.state as ConsultState,
    dueOn,
    overdue: !!dueOn && dueOn < today,
    askerConsent: !!r.askerConsentAt,
    answererConsent: !!r.answererConsentAt,
    publishedOn: r.publishedAt ? todayIn(r.publishedAt) : null,
    createdAt: r.createdAt.toISOString(),
  };
}

export async function listConsultations(ctx: Ctx, q: z.output<typeof consultationListQuery> & { page: number; pageSize: number; order: 'asc' | 'desc' }): Promise<Page<Consultation>> {
  const today = todayIn(ctx.now);
  const where = andAll(
    consultScope(requireActor(ctx)),
    q.state ? eq(c.state, q.state) : undefined,
    q.category ? eq(c.category, q.category) : undefined,
    q.overdue === 'true' ? and(eq(c.state, 'asked'), lt(workflowInstances.dueOn, today)) : undefined,
  );
  const rows = await joined(ctx)
    .where(where)
    .orderBy(q.order === 'asc' ? asc(c.id) : desc(c.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  // the overdue filter reads the engine's due day: count over the same join, capped like every list's total
  const total = asPageTotal(
    await cappedCount(ctx.db, (limit) =>
      ctx.db
        .select({ one })
        .from(c)
        .leftJoin(workflowInstances, and(eq(workflowInstances.kind, consultPath.kind), eq(workflowInstances.recordId, c.id)))
        .where(where)
        .limit(limit),
    ),
  );
  return { items: rows.map((x) => toConsultation(x, today)), ...total, page: q.page, pageSize: q.pageSize };
}

/** Which side of the question the actor is: the enterprise asking, the site or provider answering, or neither. */
function sideOf(a: Actor, r: Row): 'asker' | 'answerer' | null {
  if (isEnterpriseUser(a) && a.orgId === r.requesterOrgId) return 'asker';
  if (isDelivererUser(a) && a.orgId === r.assigneeOrgId) return 'answerer';
  return null;
}

const ACTIONS: ConsultAction[] = ['route', 'answer', 'followUp', 'consent', 'publish', 'unpublish'];

export async function getConsultation(ctx: Ctx, id: number): Promise<ConsultationDetail> {
  const actor = requireActor(ctx);
  const row = await findConsultation(ctx, id);
  const [x] = await joined(ctx).where(eq(c.id, id));
  const inst = await instanceOf(ctx, consultPath, id);
  const messages = await ctx.db
    .select({ id: consultationMessages.id, kind: consultationMessages.kind, text: consultationMessages.body, orgName: orgs.name, at: consultationMessages.createdAt })
    .from(consultationMessages)
    .innerJoin(orgs, eq(orgs.id, consultationMessages.orgId))
    .where(eq(consultationMessages.consultationId, id))
    .orderBy(asc(consultationMessages.id));
  const side = sideOf(actor, row);
  const consented = side === 'asker' ? !!row.askerConsentAt : side === 'answerer' ? !!row.answererConsentAt : true;
  const history = (await stepsOf(ctx, consultPath, [id])).map(historyLine).sort(newestFirst);
  return {
    ...toConsultation(x!, todayIn(ctx.now)),
    messages: messages.map((m) => ({ ...m, at: m.at.toISOString() })),
    faq: row.faqQuestion ? { category: row.faqCategory as Consultation['category'], question: row.faqQuestion, answer: row.faqAnswer ?? '' } : null,
    version: inst?.version ?? 0,
    allowed: ACTIONS.filter((a) => mayTake(actor, consultPath, inst, a) && (a !== 'consent' || !consented) && (a !== 'publish' || (!!row.askerConsentAt && !!row.answererConsentAt))),
    history: history.map((h) => ({ id: h.id, at: h.at, userName: h.userName, orgName: h.orgName, action: h.action, comment: h.comment })),
  };
}

async function addMessage(ctx: Ctx, id: number, kind: 'question' | 'answer', body: string) {
  const actor = requireActor(ctx);
  await ctx.db.insert(consultationMessages).values({ consultationId: id, kind, body, orgId: actor.orgId, createdBy: actor.userId, createdAt: ctx.now });
}

/** An enterprise's account asks. The question is a description, not the secret (the form says so; the length is capped). */
export async function createConsultation(ctx: Ctx, input: z.output<typeof consultationCreate>): Promise<ConsultationDetail> {
  const actor = requireActor(ctx);
  if (!isEnterpriseUser(actor)) throw forbidden(consultMsg.onlyEnterprise);
  const ent = await enterpriseOfOrg(ctx, actor.orgId);
  if (!ent) throw forbidden(consultMsg.onlyEnterprise);
  const target = input.assigneeOrgId ? await requireDeliverer(ctx, input.assigneeOrgId, ent.regionCode, 'assigneeOrgId') : null;
  const [row] = await ctx.db
    .insert(c)
    .values({
      regionCode: ent.regionCode,
      districtCode: ent.districtCode,
      enterpriseId: ent.id,
      requesterOrgId: ent.orgId,
      requesterOrgPath: ent.orgPath,
      askedBy: actor.userId,
      category: input.category,
      title: input.title,
      assigneeOrgId: target?.orgId ?? null,
      assigneeOrgPath: target?.orgPath ?? null,
      assigneeKind: target?.kind ?? null,
      state: target ? 'asked' : 'routing',
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning();
  await addMessage(ctx, row.id, 'question', input.question);
  await takeStep(ctx, consultPath, row.id, 'ask', { home: homeOf(row, ent.name), to: target ? 'asked' : 'routing' });
  ctx.audit = { targetType: 'consultation', targetId: row.id, after: { category: row.category, title: row.title, assigneeOrgId: row.assigneeOrgId, state: row.state } };
  return getConsultation(ctx, row.id);
}

/** Locks the consultation in scope, runs the module's checks, takes the step, writes the module's copy. */
async function step(
  ctx: Ctx,
  id: number,
  name: ConsultAction,
  opts: { comment?: string | null; version?: number; data?: Record<string, unknown>; set?: (r: Row) => Promise<Partial<typeof c.$inferInsert>> | Partial<typeof c.$inferInsert> },
): Promise<Row> {
  const before = await findConsultation(ctx, id, { lock: true });
  const set = opts.set ? await opts.set(before) : {};
  const next = { ...before, ...set } as Row;
  const [e] = await ctx.db.select({ name: enterprises.name }).from(enterprises).where(eq(enterprises.id, before.enterpriseId));
  const res = await takeStep(ctx, consultPath, id, name, { home: homeOf(next, e?.name ?? ''), comment: opts.comment, version: opts.version, data: opts.data });
  const [after] = await ctx.db
    .update(c)
    .set({ ...set, state: res.to, updatedAt: ctx.now })
    .where(eq(c.id, id))
    .returning();
  ctx.audit = { targetType: 'consultation', targetId: id, before: { state: before.state, assigneeOrgId: before.assigneeOrgId }, after: { state: after!.state, assigneeOrgId: after!.assigneeOrgId, ...opts.data } };
  return after!;
}

/** The district (or the city) names the site or provider that answers a question the enterprise addressed to no one. */
export async function routeConsultation(ctx: Ctx, id: number, input: { assigneeOrgId: number; version?: number }) {
  await step(ctx, id, 'route', {
    version: input.version,
    data: { assigneeOrgId: input.assigneeOrgId },
    set: async (r) => {
      const d = await requireDeliverer(ctx, input.assigneeOrgId, r.regionCode, 'assigneeOrgId');
      return { assigneeOrgId: d.orgId, assigneeOrgPath: d.orgPath, assigneeKind: d.kind };
    },
  });
  return getConsultation(ctx, id);
}

export async function answerConsultation(ctx: Ctx, id: number, input: { text: string; version?: number }) {
  await step(ctx, id, 'answer', { version: input.version });
  await addMessage(ctx, id, 'answer', input.text);
  return getConsultation(ctx, id);
}

/** A follow-up question: back to the same site or provider, on a new time limit; the thread changed, so both consents lapse. */
export async function followUpConsultation(ctx: Ctx, id: number, input: { text: string; version?: number }) {
  await step(ctx, id, 'followUp', { version: input.version, set: () => ({ askerConsentAt: null, answererConsentAt: null }) });
  await addMessage(ctx, id, 'question', input.text);
  return getConsultation(ctx, id);
}

/** One side consents to publication (names removed): the enterprise that asked, or the site or provider that answered. */
export async function consentConsultation(ctx: Ctx, id: number, input: { version?: number }) {
  const actor = requireActor(ctx);
  await step(ctx, id, 'consent', {
    version: input.version,
    set: (r) => {
      const side = sideOf(actor, r);
      if (!side) throw forbidden(consultMsg.notASide);
      if (side === 'asker' ? r.askerConsentAt : r.answererConsentAt) throw conflict(consultMsg.consentGiven);
      return side === 'asker' ? { askerConsentAt: ctx.now } : { answererConsentAt: ctx.now };
    },
    data: { side: isEnterpriseUser(actor) ? 'asker' : 'answerer' },
  });
  return getConsultation(ctx, id);
}

/**
 * The city or district publishes the edited version. Both sides must have consented; neither the enterprise's name,
 * its credit code nor the answering organisation's name may remain in the text (each refusal names the field).
 */
export async function publishConsultation(ctx: Ctx, id: number, input: z.output<typeof consultationPublish>) {
  await step(ctx, id, 'publish', {
    version: input.version,
    data: { category: input.category },
    set: async (r) => {
      if (!r.askerConsentAt || !r.answererConsentAt) throw conflict(consultMsg.consentMissing(!r.askerConsentAt, !r.answererConsentAt));
      const [e] = await ctx.db.select({ name: enterprises.name, creditCode: enterprises.creditCode }).from(enterprises).where(eq(enterprises.id, r.enterpriseId));
      const [o] = r.assigneeOrgId ? await ctx.db.select({ name: orgs.name }).from(orgs).where(eq(orgs.id, r.assigneeOrgId)) : [];
      const names = [e?.name, e?.creditCode, o?.name].filter((n): n is string => !!n && n.length >= 2);
      for (const field of ['question', 'answer'] as const) {
        const hit = names.find((n) => input[field].includes(n));
        if (hit) throw fieldError(field, consultMsg.nameInFaq(hit));
      }
      return { faqCategory: input.category, faqQuestion: input.question, faqAnswer: input.answer, publishedAt: ctx.now, publishedBy: requireActor(ctx).userId };
    },
  });
  return getConsultation(ctx, id);
}

export async function unpublishConsultation(ctx: Ctx, id: number, input: { comment: string; version?: number }) {
  await step(ctx, id, 'unpublish', { comment: input.comment, version: input.version, set: () => ({ publishedAt: null }) });
  return getConsultation(ctx, id);
}
