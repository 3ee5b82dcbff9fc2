/**
 * Who sees what of outreach (docs/outreach.md § Scope). Trainings and events belong to their organiser's node: staff
 * see those organised within their data scope; anyone who may enrol also sees the trainings offered to them (their
 * region, their audience) and those they enrolled in. Articles are the organiser's until published (then public).
 * A record outside the scope answers 404.
 */
import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { shanghaiDate } from '@shangmi/shared';
import { orgs, outreachArticles, outreachEnrolments, outreachEvents, outreachTrainings } from '../../db/schema/index.js';
import { requireActor, scopeCondition } from '../../platform/access.js';
import type { Actor, Ctx } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { M } from './outreach.messages.js';

export type TrainingRow = typeof outreachTrainings.$inferSelect;
export type EventRow = typeof outreachEvents.$inferSelect;
export type ArticleRow = typeof outreachArticles.$inferSelect;
export type EnrolmentRow = typeof outreachEnrolments.$inferSelect;

export const todayOf = (ctx: Ctx) => shanghaiDate(ctx.now);
export const isEnterpriseUser = (actor: Actor) => actor.orgKind === 'enterprise';
/** The audiences a person belongs to: enterprises' people, or staff (bureaus, partners, sites, providers). */
export const audiencesOf = (actor: Actor) => (isEnterpriseUser(actor) ? ['enterprises', 'all'] : ['officers', 'all']);

/** Trainings organised within the actor's data scope (the organiser's view). */
export function organisedScope(actor: Actor): SQL | undefined {
  if (isEnterpriseUser(actor) || !actor.permissions.has('outreach:read')) return sql`false`;
  return scopeCondition(actor, { orgPath: outreachTrainings.orgPath, orgId: outreachTrainings.orgId, owner: outreachTrainings.createdBy });
}

/** Trainings offered to the actor: their region, their audience (any state: a cancelled one still reads as cancelled). */
export function offeredScope(actor: Actor): SQL {
  if (!actor.permissions.has('outreach:enrol') || !actor.regionCode) return sql`false`;
  return and(eq(outreachTrainings.regionCode, actor.regionCode), inArray(outreachTrainings.audience, audiencesOf(actor) as TrainingRow['audience'][]))!;
}

const enrolledIn = (actor: Actor) =>
  sql`exists (select 1 from ${outreachEnrolments} e where e.training_id = ${outreachTrainings.id} and e.user_id = ${actor.userId})`;

/** Every training the actor may read. */
export function trainingScope(actor: Actor): SQL | undefined {
  const organised = organisedScope(actor);
  if (organised === undefined) return undefined;
  return or(organised, offeredScope(actor), enrolledIn(actor));
}

export async function findTraining(ctx: Ctx, id: number, opts: { lock?: boolean; manage?: boolean } = {}): Promise<TrainingRow> {
  const actor = requireActor(ctx);
  const cond = opts.manage ? (actor.permissions.has('outreach:manage') ? organisedScope(actor) : sql`false`) : trainingScope(actor);
  const q = ctx.db.select().from(outreachTrainings).where(and(eq(outreachTrainings.id, id), cond));
  const [row] = opts.lock ? await q.for('update') : await q;
  if (!row) throw notFound();
  return row;
}

/** Whether the actor organises this training (may edit it, see its enrolments, enrol others). */
export function mayManage(actor: Actor, t: Pick<TrainingRow, 'orgPath' | 'orgId' | 'createdBy'>): boolean {
  if (isEnterpriseUser(actor) || !actor.permissions.has('outreach:manage')) return false;
  switch (actor.scope) {
    case 'all':
      return true;
    case 'org_and_below':
      return t.orgPath.startsWith(actor.orgPath);
    case 'org':
      return t.orgId === actor.orgId;
    case 'self':
      return t.createdBy === actor.userId;
  }
}

export function eventScope(actor: Actor): SQL | undefined {
  if (isEnterpriseUser(actor)) return sql`false`;
  return scopeCondition(actor, { orgPath: outreachEvents.orgPath, orgId: outreachEvents.orgId, owner: outreachEvents.createdBy });
}

export async function findEvent(ctx: Ctx, id: number, opts: { lock?: boolean } = {}): Promise<EventRow> {
  const actor = requireActor(ctx);
  const q = ctx.db.select().from(outreachEvents).where(and(eq(outreachEvents.id, id), eventScope(actor)));
  const [row] = opts.lock ? await q.for('update') : await q;
  if (!row) throw notFound();
  return row;
}

export function articleScope(actor: Actor): SQL | undefined {
  if (isEnterpriseUser(actor)) return sql`false`;
  return scopeCondition(actor, { orgPath: outreachArticles.orgPath, orgId: outreachArticles.orgId, owner: outreachArticles.createdBy });
}

export async function findArticle(ctx: Ctx, id: number, opts: { lock?: boolean } = {}): Promise<ArticleRow> {
  const actor = requireActor(ctx);
  const q = ctx.db.select().from(outreachArticles).where(and(eq(outreachArticles.id, id), articleScope(actor)));
  const [row] = opts.lock ? await q.for('update') : await q;
  if (!row) throw notFound();
  return row;
}

/** The organiser of a new record: the actor's organisation, in its region. */
export async function organiserOf(ctx: Ctx): Promise<{ orgId: number; orgPath: string; regionCode: string }> {
  const actor = requireActor(ctx);
  if (!actor.regionCode) throw new AppError('CONFLICT', { message: M.bureauRegion });
  return { orgId: actor.orgId, orgPath: actor.orgPath, regionCode: actor.regionCode };
}

/** Organisation names by id (one query). */
export async function orgNames(ctx: Ctx, ids: number[]): Promise<Map<number, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await ctx.db.select({ id: orgs.id, name: orgs.name }).from(orgs).where(inArray(orgs.id, unique));
  return new Map(rows.map((r) => [r.id, r.name]));
}
