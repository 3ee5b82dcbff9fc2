/**
 * Who sees what (docs/listening.md § Scope). A meeting belongs to the bureau that holds it; an enterprise sees the
 * meetings it attended. A need is seen by the bureau that recorded it, the organisation it is assigned to and its
 * enterprise. A survey belongs to the bureau that made it; enterprises reach theirs through the targets.
 */
import { and, eq, or, sql, type SQL } from 'drizzle-orm';
import { listeningMeetings, listeningNeeds, listeningSurveys } from '../../db/schema/index.js';
import { andAll, requireActor, scopeCondition } from '../../platform/access.js';
import type { Actor, Ctx } from '../../platform/context.js';
import { forbidden, notFound } from '../../platform/errors.js';
import type { Home } from '../../platform/workflow/index.js';
import { M } from './listening.messages.js';

export type MeetingRow = typeof listeningMeetings.$inferSelect;
export type NeedRow = typeof listeningNeeds.$inferSelect;
export type SurveyRow = typeof listeningSurveys.$inferSelect;

export const isEnterpriseUser = (actor: Actor) => actor.orgKind === 'enterprise';

export function assertStaff(actor: Actor) {
  if (isEnterpriseUser(actor)) throw forbidden(M.staffOnly);
}

export function meetingScope(actor: Actor): SQL | undefined {
  if (isEnterpriseUser(actor)) {
    return sql`exists (select 1 from enterprises e where e.org_id = ${actor.orgId} and e.id = any(${listeningMeetings.enterpriseIds}))`;
  }
  return scopeCondition(actor, { orgPath: listeningMeetings.orgPath, orgId: listeningMeetings.orgId });
}

/** A need: its enterprise (tenancy), or the recording bureau's or the assignee's path within the actor's scope. */
export function needScope(actor: Actor): SQL | undefined {
  if (isEnterpriseUser(actor)) return eq(listeningNeeds.enterpriseOrgId, actor.orgId);
  const own = scopeCondition(actor, { orgPath: listeningNeeds.orgPath, orgId: listeningNeeds.orgId });
  if (own === undefined) return undefined;
  const assigned = scopeCondition(actor, { orgPath: listeningNeeds.assigneeOrgPath, orgId: listeningNeeds.assigneeOrgId });
  const ofEnterprise = actor.scope === 'org_and_below' ? scopeCondition(actor, { orgPath: listeningNeeds.enterpriseOrgPath }) : undefined;
  return or(own, assigned, ofEnterprise);
}

export function surveyScope(actor: Actor): SQL | undefined {
  return scopeCondition(actor, { orgPath: listeningSurveys.orgPath, orgId: listeningSurveys.orgId });
}

export async function findMeeting(ctx: Ctx, id: number, lock = false): Promise<MeetingRow> {
  const q = ctx.db.select().from(listeningMeetings).where(andAll(eq(listeningMeetings.id, id), meetingScope(requireActor(ctx))));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw notFound();
  return row;
}

export async function findNeed(ctx: Ctx, id: number, lock = false): Promise<NeedRow> {
  const q = ctx.db.select().from(listeningNeeds).where(andAll(eq(listeningNeeds.id, id), needScope(requireActor(ctx))));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw notFound();
  return row;
}

export async function findSurvey(ctx: Ctx, id: number, lock = false): Promise<SurveyRow> {
  const actor = requireActor(ctx);
  assertStaff(actor);
  const q = ctx.db.select().from(listeningSurveys).where(and(eq(listeningSurveys.id, id), surveyScope(actor) ?? sql`true`));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw notFound();
  return row;
}

/**
 * Where a need lives for the workflow engine: the organisation it is assigned to (its staff reply, the bureaus above
 * it see it), also seen under the recording bureau and the enterprise (which confirms and hears the reply).
 */
export function needHome(n: Pick<NeedRow, 'orgPath' | 'enterpriseOrgPath' | 'regionCode' | 'title'>, assignee: { id: number; path: string }, enterpriseName: string): Home {
  return { orgId: assignee.id, orgPath: assignee.path, alsoPaths: [n.orgPath, n.enterpriseOrgPath], regionCode: n.regionCode, label: `${enterpriseName}：${n.title}` };
}

/** The quarter of a day, `2026Q4`. */
export const quarterOf = (day: string) => `${day.slice(0, 4)}Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
