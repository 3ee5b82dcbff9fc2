/**
 * Who sees what of credit (docs/credit.md § Scope): bureaus see the records their organisation (and below) decided, and
 * those about enterprises registered below them; an enterprise's accounts see their own enterprise's records once
 * published, their list entries once decided, and their own applications; partner departments see only the list shared
 * with them (partners.ts). A record outside the scope answers 404.
 */
import { and, eq, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import { creditEvents, creditRecords, creditRepairs, creditSerious, enterprises } from '../../db/schema/index.js';
import { likeEscape, requireActor } from '../../platform/access.js';
import type { Actor, Ctx } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import type { Home } from '../../platform/workflow/index.js';

export type RecordRow = typeof creditRecords.$inferSelect;
export type SeriousRow = typeof creditSerious.$inferSelect;
export type RepairRow = typeof creditRepairs.$inferSelect;

export const isEnterpriseUser = (actor: Actor) => actor.orgKind === 'enterprise';
const under = (col: SQL | typeof creditRecords.orgPath, actor: Actor) => like(col as typeof creditRecords.orgPath, `${likeEscape(actor.orgPath)}%`);

/** What an enterprise sees of its own penalties: from publication on (a draft is the bureau's business). */
export const ENTERPRISE_VISIBLE_STATES = ['published', 'withdrawing', 'withdrawn'];

/**
 * Rows about the enterprise an enterprise user belongs to, matched by its region and credit code (a read-only look at
 * the registry: a record entered before the enterprise registered is still its own).
 */
const ownEnterprise = (actor: Actor, region: SQL | typeof creditRecords.regionCode, code: SQL | typeof creditRecords.creditCode) =>
  sql`(${region}, ${code}) = (select e.region_code, e.credit_code from ${enterprises} e where e.org_id = ${actor.orgId})`;

export function recordScope(actor: Actor): SQL | undefined {
  const r = creditRecords;
  if (isEnterpriseUser(actor)) return and(ownEnterprise(actor, r.regionCode, r.creditCode), inArray(r.state, ENTERPRISE_VISIBLE_STATES));
  switch (actor.scope) {
    case 'all':
      return undefined;
    case 'org_and_below':
      return or(under(r.orgPath, actor), under(r.enterpriseOrgPath as never, actor));
    case 'org':
      return eq(r.orgId, actor.orgId);
    case 'self':
      return eq(r.createdBy, actor.userId);
  }
}

export function seriousScope(actor: Actor): SQL | undefined {
  const s = creditSerious;
  if (isEnterpriseUser(actor)) return and(ownEnterprise(actor, s.regionCode as never, s.creditCode as never), inArray(s.state, ['decided', 'listed', 'removed']));
  switch (actor.scope) {
    case 'all':
      return undefined;
    case 'org_and_below':
      return or(under(s.orgPath as never, actor), under(s.enterpriseOrgPath as never, actor));
    case 'org':
      return eq(s.orgId, actor.orgId);
    case 'self':
      return eq(s.createdBy, actor.userId);
  }
}

export function repairScope(actor: Actor): SQL | undefined {
  const p = creditRepairs;
  if (isEnterpriseUser(actor)) return eq(p.orgId, actor.orgId);
  switch (actor.scope) {
    case 'all':
      return undefined;
    case 'org_and_below':
      return or(under(p.orgPath as never, actor), under(p.bureauPath as never, actor));
    case 'org':
      return or(eq(p.orgId, actor.orgId), eq(p.bureauPath, actor.orgPath));
    case 'self':
      return eq(p.appliedBy, actor.userId);
  }
}

/** A record in the actor's scope, locked for this transaction when asked (the lock comes before the read). */
export async function findRecord(ctx: Ctx, id: number, opts: { lock?: boolean } = {}): Promise<RecordRow> {
  const actor = requireActor(ctx);
  const q = ctx.db.select().from(creditRecords).where(and(eq(creditRecords.id, id), recordScope(actor)));
  const [row] = opts.lock ? await q.for('update') : await q;
  if (!row) throw notFound();
  return row;
}

export async function findSerious(ctx: Ctx, id: number, opts: { lock?: boolean } = {}): Promise<SeriousRow> {
  const actor = requireActor(ctx);
  const q = ctx.db.select().from(creditSerious).where(and(eq(creditSerious.id, id), seriousScope(actor)));
  const [row] = opts.lock ? await q.for('update') : await q;
  if (!row) throw notFound();
  return row;
}

export async function findRepair(ctx: Ctx, id: number, opts: { lock?: boolean } = {}): Promise<RepairRow> {
  const actor = requireActor(ctx);
  const q = ctx.db.select().from(creditRepairs).where(and(eq(creditRepairs.id, id), repairScope(actor)));
  const [row] = opts.lock ? await q.for('update') : await q;
  if (!row) throw notFound();
  return row;
}

/** Where a record lives for the engine: its deciding bureau, also seen under the enterprise's node. */
export const recordHome = (r: RecordRow): Home => ({
  orgId: r.orgId,
  orgPath: r.orgPath,
  alsoPaths: [r.enterpriseOrgPath],
  regionCode: r.regionCode,
  label: `${r.partyName}（${r.decisionNo}）`,
});
export const seriousHome = (s: SeriousRow): Home => ({
  orgId: s.orgId,
  orgPath: s.orgPath,
  alsoPaths: [s.enterpriseOrgPath],
  regionCode: s.regionCode,
  label: `${s.partyName}（${s.decisionNo}）`,
});
/** An application's home is the enterprise (the bureaus above it review and decide); the deciding bureau sees it too. */
export const repairHome = (p: RepairRow): Home => ({
  orgId: p.orgId,
  orgPath: p.orgPath,
  alsoPaths: [p.bureauPath],
  regionCode: p.regionCode,
  label: `${p.partyName}（${p.decisionNo}）`,
});

/** One line of the module's own history. */
export async function addEvent(ctx: Ctx, subject: 'record' | 'serious' | 'repair', subjectId: number, action: string, extra: { comment?: string | null; changed?: string[] } = {}) {
  const a = ctx.actor;
  await ctx.db.insert(creditEvents).values({
    subject,
    subjectId,
    at: ctx.now,
    userId: a?.userId ?? null,
    userName: a?.displayName ?? null,
    orgName: a?.orgName ?? null,
    action,
    comment: extra.comment ?? null,
    changed: extra.changed ?? [],
  });
}

