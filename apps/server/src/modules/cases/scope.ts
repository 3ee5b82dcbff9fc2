/**
 * Who sees a case (bureaus by data scope, partner agencies through what was shared with them), finding one in scope, and
 * the case's timeline (events) every section writes to.
 */
import { and, eq, exists, inArray, or, sql, type SQL } from 'drizzle-orm';
import { caseClocks, caseEvents, cases, caseShares } from '../../db/schema/index.js';
import { andAll, requireActor, scopeCondition } from '../../platform/access.js';
import type { Actor, Ctx } from '../../platform/context.js';
import { forbidden, notFound } from '../../platform/errors.js';
import { msg } from './cases.messages.js';
import { tellFollowers } from './followers.js';

export type CaseRow = typeof cases.$inferSelect;
export type ClockRow = typeof caseClocks.$inferSelect;
export type ShareRow = typeof caseShares.$inferSelect;

export const PARTNER_KINDS = new Set(['police', 'procuratorate', 'court', 'justice']);
export const isPartner = (actor: Actor) => PARTNER_KINDS.has(actor.orgKind);
/** A transfer becomes the police's business when it is handed over; until then it is the bureau's internal matter. */
const PARTNER_VISIBLE_TRANSFER = ['handed_over', 'acknowledged', 'accepted', 'rejected', 'reconsideration'];

export function partnerShareCond(actor: Actor): SQL {
  return and(
    eq(caseShares.orgId, actor.orgId),
    or(inArray(caseShares.kind, ['notice', 'joint']), inArray(caseShares.status, PARTNER_VISIBLE_TRANSFER)),
  ) as SQL;
}

/** Bureaus see the cases their organisation (and below) handles; partner agencies only what was transferred or notified to them. */
export function caseScope(actor: Actor): SQL | undefined {
  if (isPartner(actor)) {
    return exists(
      sql`(select 1 from ${caseShares} where ${caseShares.caseId} = ${cases.id} and ${partnerShareCond(actor)})`,
    );
  }
  if (actor.orgKind === 'enterprise') return sql`false`;
  return scopeCondition(actor, { orgPath: cases.orgPath, orgId: cases.orgId, owner: cases.createdBy });
}

export async function findCase(ctx: Ctx, id: number, opts: { lock?: boolean } = {}): Promise<CaseRow> {
  const actor = requireActor(ctx);
  const q = ctx.db
    .select()
    .from(cases)
    .where(andAll(eq(cases.id, id), caseScope(actor)));
  const [row] = opts.lock ? await q.for('update') : await q;
  if (!row) throw notFound();
  return row;
}

/**
 * A case the actor's bureau handles (not merely sees through a share), locked for this transaction unless only read:
 * the lock comes before the read, so the status a step checks is the one it changes.
 */
export async function findOwnCase(ctx: Ctx, id: number, forUpdate = true): Promise<CaseRow> {
  const actor = requireActor(ctx);
  if (isPartner(actor)) throw forbidden(msg.partnerDoesNotHandle);
  return findCase(ctx, id, { lock: forUpdate });
}

export async function addEvent(
  ctx: Ctx,
  caseId: number,
  action: string,
  extra: { fromStatus?: string | null; toStatus?: string | null; reason?: string | null; data?: Record<string, unknown> | null; sharedOrgId?: number | null } = {},
) {
  const a = ctx.actor;
  const [ev] = await ctx.db.insert(caseEvents).values({
    caseId,
    at: ctx.now,
    actorId: a?.userId ?? null,
    actorName: a?.displayName ?? null,
    actorOrgName: a?.orgName ?? null,
    action,
    fromStatus: extra.fromStatus ?? null,
    toStatus: extra.toStatus ?? null,
    reason: extra.reason ?? null,
    data: extra.data ?? null,
    sharedOrgId: extra.sharedOrgId ?? null,
  }).returning({ id: caseEvents.id });
  // a step the public tracking page shows is told to whoever follows the case by e-mail (not their own filing or material)
  if (PUBLIC_STEPS.includes(action) && action !== 'intake' && action !== 'material') await tellFollowers(ctx, caseId, action, extra.toStatus ?? null, ev!.id);
}

/** The steps the public tracking page shows (and e-mails to followers). */
export const PUBLIC_STEPS = ['intake', 'material', 'accept', 'reject', 'mediation_end', 'verify', 'file', 'not_file', 'notify_reporter', 'decide', 'close', 'assign', 'district_accept'];
