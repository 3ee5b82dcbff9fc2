/**
 * Scope: an assessment belongs to its enterprise. Besides the enterprise, the site staff who ran an on-site check see it;
 * anyone else (site serving the enterprise, district, city, platform) sees it only when the enterprise shares it.
 */
import { eq, like, or, type SQL } from 'drizzle-orm';
import { formatDateTime } from '@shangmi/shared';
import { assessments, enterprises } from '../../db/schema/index.js';
import { andAll, likeEscape, requireActor } from '../../platform/access.js';
import type { Actor, Ctx } from '../../platform/context.js';
import { AppError, forbidden, notFound } from '../../platform/errors.js';
import { enterpriseScope, visibleTo, type Placement } from '../enterprises/enterprises.service.js';
import { msg } from './assessments.messages.js';

export type AssessmentRow = typeof assessments.$inferSelect;
export type EnterpriseRow = typeof enterprises.$inferSelect;

export const isEnterpriseUser = (actor: Actor) => actor.orgKind === 'enterprise';
export const isSiteUser = (actor: Actor) => actor.orgKind === 'site';
export const iso = (d: Date | null) => (d ? d.toISOString() : null);
/** Today in Asia/Shanghai: date questions age from the assessment day there. */
export const today = (ctx: Ctx) => formatDateTime(ctx.now).slice(0, 10);

function conductedBy(actor: Actor): SQL | undefined {
  // the consent of an on-site check covers the site that ran it, not the bureaus above the site
  if (!isSiteUser(actor)) return undefined;
  switch (actor.scope) {
    case 'org_and_below':
      return like(assessments.siteOrgPath, `${likeEscape(actor.orgPath)}%`);
    case 'org':
      return eq(assessments.siteOrgId, actor.orgId);
    default:
      return undefined;
  }
}

export function assessmentScope(actor: Actor): SQL {
  if (isEnterpriseUser(actor)) return eq(assessments.orgId, actor.orgId);
  const shared = andAll(eq(assessments.shared, true), enterpriseScope(actor))!;
  return or(eq(assessments.startedBy, actor.userId), conductedBy(actor), shared)!;
}

function canSee(actor: Actor, a: AssessmentRow, e: Placement): boolean {
  if (isEnterpriseUser(actor)) return a.orgId === actor.orgId;
  if (a.startedBy === actor.userId) return true;
  if (isSiteUser(actor) && actor.scope === 'org' && a.siteOrgId === actor.orgId) return true;
  if (isSiteUser(actor) && actor.scope === 'org_and_below' && !!a.siteOrgPath?.startsWith(actor.orgPath)) return true;
  // shared: whoever sees the enterprise sees it (assessmentScope's condition, for a row in hand)
  return a.shared && visibleTo(actor, e);
}

/** Who may answer: the enterprise's own users for a self-check; the conducting site's staff (and the starter) on site. */
export function canAnswer(actor: Actor, a: AssessmentRow): boolean {
  if (!actor.permissions.has('assessments:answer') || a.status !== 'draft') return false;
  if (isEnterpriseUser(actor)) return a.orgId === actor.orgId;
  return a.kind === 'onsite' && (a.startedBy === actor.userId || a.siteOrgId === actor.orgId);
}

export async function loadVisible(ctx: Ctx, id: number, opts: { lock?: boolean } = {}): Promise<{ a: AssessmentRow; e: EnterpriseRow }> {
  const actor = requireActor(ctx);
  const q = ctx.db.select({ a: assessments, e: enterprises }).from(assessments).innerJoin(enterprises, eq(enterprises.id, assessments.enterpriseId)).where(eq(assessments.id, id));
  const [row] = opts.lock ? await q.for('update', { of: assessments }) : await q;
  if (!row || !canSee(actor, row.a, row.e)) throw notFound();
  return row;
}

/**
 * A draft the actor may answer, locked for this transaction: autosaves merge their answers into the stored ones, so two
 * saves at once must take turns (otherwise the later write drops what the earlier one added), and a save cannot land in
 * a check that a submission is turning into its result.
 */
export async function loadForAnswer(ctx: Ctx, id: number): Promise<{ a: AssessmentRow; e: EnterpriseRow }> {
  const row = await loadVisible(ctx, id, { lock: true });
  if (row.a.status !== 'draft') throw new AppError('CONFLICT', { message: msg.submittedReadOnly });
  if (!canAnswer(requireActor(ctx), row.a)) throw forbidden(msg.cannotAnswer);
  return row;
}
