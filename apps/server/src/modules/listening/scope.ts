/**
 * Who sees what (docs/listening.md § Scope). A meeting belongs to the bureau that holds it; an enterprise sees the
 * meetings it attended. A need is seen by the bureau that recorded it, the organisation it is assigned to and its
 * enterprise. A survey belongs to the bureau that made it; enterprises reach theirs through the targets.
 */
import { and, eq, or, sql, type SQL } from 'drizzle-orm';
import { enterprises, listeningAssociationMembers, listeningAssociations, listeningMeetings, listeningNeeds, listeningSurveys } from '../../db/schema/index.js';
import { andAll, requireActor, scopeCondition } from '../../platform/access.js';
import type { Actor, Ctx } from '../../platform/context.js';
import { fieldError, forbidden, notFound } from '../../platform/errors.js';
import { enterpriseScope } from '../enterprises/enterprises.service.js';
import type { Home } from '../../platform/workflow/index.js';
import { M } from './listening.messages.js';

export type MeetingRow = typeof listeningMeetings.$inferSelect;
export type NeedRow = typeof listeningNeeds.$inferSelect;
export type SurveyRow = typeof listeningSurveys.$inferSelect;

export const isEnterpriseUser = (actor: Actor) => actor.orgKind === 'enterprise';
export const isAssociationUser = (actor: Actor) => actor.orgKind === 'association';
export type AssociationRow = typeof listeningAssociations.$inferSelect;

/**
 * The enterprises an actor may name in a meeting or send a survey to: a bureau's by its data scope; an association's
 * account its current members (its own scope holds no enterprise).
 */
export function enterpriseReach(actor: Actor): SQL | undefined {
  if (isAssociationUser(actor)) {
    return sql`${enterprises.id} in (select m.enterprise_id from ${listeningAssociationMembers} m where m.association_org_id = ${actor.orgId} and m.left_on is null)`;
  }
  return enterpriseScope(actor);
}

/** Associations: a bureau sees those registered under it; an association's account sees its own. */
export function associationScope(actor: Actor): SQL | undefined {
  return scopeCondition(actor, { orgPath: listeningAssociations.orgPath, orgId: listeningAssociations.orgId });
}

export async function findAssociation(ctx: Ctx, id: number, field?: string, lock = false): Promise<AssociationRow> {
  const actor = requireActor(ctx);
  assertStaff(actor);
  const q = ctx.db.select().from(listeningAssociations).where(andAll(eq(listeningAssociations.orgId, id), associationScope(actor)));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw field ? fieldError(field, M.associationUnknown) : notFound();
  return row;
}

export function assertStaff(actor: Actor) {
  if (isEnterpriseUser(actor)) throw forbidden(M.staffOnly);
}

export function meetingScope(actor: Actor): SQL | undefined {
  if (isEnterpriseUser(actor)) {
    return sql`exists (select 1 from enterprises e where e.org_id = ${actor.orgId} and e.id = any(${listeningMeetings.enterpriseIds}))`;
  }
  const own = scopeCondition(actor, { orgPath: listeningMeetings.orgPath, orgId: listeningMeetings.orgId });
  // an association's account also sees the activities a bureau held for it
  return isAssociationUser(actor) ? or(own, eq(listeningMeetings.associationOrgId, actor.orgId)) : own;
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
