/**
 * Who sees what of services (docs/services.md § Scope). An enterprise's accounts: their enterprise's requests (an
 * enterprise member: the ones they asked). A site's or provider's staff: what is assigned to their organisation, its
 * ledger and its contracts — never another's. A bureau (scope org_and_below): requests of the enterprises below it and
 * those assigned to sites below it, the ledger of the sites below it (and of providers working there), contracts it or
 * a bureau below it purchased. A record outside the scope answers 404.
 */
import { and, eq, like, lt, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { helpRequests, orgs, providerQualifications, serviceContracts, serviceLedger, serviceProviders, sites } from '../../db/schema/index.js';
import { likeEscape, requireActor } from '../../platform/access.js';
import type { Actor, Ctx } from '../../platform/context.js';
import { fieldError, notFound } from '../../platform/errors.js';
import { todayIn } from '../../platform/calendar.js';
import { msg } from './services.messages.js';

export type RequestRow = typeof helpRequests.$inferSelect;
export type ContractRow = typeof serviceContracts.$inferSelect;

export const isEnterpriseUser = (a: Actor) => a.orgKind === 'enterprise';
/** Site and provider staff: they deliver, and see only what is their organisation's. */
export const isDelivererUser = (a: Actor) => a.orgKind === 'site' || a.orgKind === 'provider';
const under = (col: SQL | typeof helpRequests.requesterOrgPath, a: Actor) => like(col as typeof helpRequests.requesterOrgPath, `${likeEscape(a.orgPath)}%`);

export function requestScope(a: Actor): SQL | undefined {
  const r = helpRequests;
  if (isEnterpriseUser(a)) return a.scope === 'self' ? and(eq(r.requesterOrgId, a.orgId), eq(r.requestedBy, a.userId)) : eq(r.requesterOrgId, a.orgId);
  if (isDelivererUser(a)) return eq(r.assigneeOrgId, a.orgId);
  switch (a.scope) {
    case 'all':
      return undefined;
    case 'org_and_below':
      return or(under(r.requesterOrgPath, a), under(r.assigneeOrgPath as never, a));
    default:
      return sql`false`;
  }
}

export function ledgerScope(a: Actor): SQL | undefined {
  return ledgerScopeOn(a, { orgId: serviceLedger.orgId, orgPath: serviceLedger.orgPath, districtCode: serviceLedger.districtCode });
}

/**
 * The ledger's scope over any table carrying its columns (the ledger, its maintained aggregates). `orgId` absent (the
 * rollup per parent node, whose `orgPath` is the parent's path: a node lies below a bureau exactly when its parent
 * does): a site's or provider's staff cannot be answered from it — the caller reads the per-organisation tallies.
 */
export function ledgerScopeOn(a: Actor, c: { orgId?: AnyColumn; orgPath: AnyColumn; districtCode: AnyColumn }): SQL | undefined {
  if (isEnterpriseUser(a)) return sql`false`;
  if (isDelivererUser(a)) return c.orgId ? sql`${c.orgId} = ${a.orgId}` : sql`false`;
  switch (a.scope) {
    case 'all':
      return undefined;
    case 'org_and_below':
      // a provider's node sits under the city: a district sees its rows through the district they served
      return or(under(c.orgPath as never, a), a.regionCode ? sql`${c.districtCode} in (select district_code from ${orgs} where id = ${a.orgId} and district_code is not null)` : undefined);
    default:
      return sql`false`;
  }
}

export function contractScope(a: Actor): SQL | undefined {
  const c = serviceContracts;
  if (isEnterpriseUser(a)) return sql`false`;
  if (isDelivererUser(a)) return eq(c.providerOrgId, a.orgId);
  switch (a.scope) {
    case 'all':
      return undefined;
    case 'org_and_below':
      return under(c.purchaserOrgPath as never, a);
    default:
      return sql`false`;
  }
}

export async function findRequest(ctx: Ctx, id: number, opts: { lock?: boolean } = {}): Promise<RequestRow> {
  const q = ctx.db.select().from(helpRequests).where(and(eq(helpRequests.id, id), requestScope(requireActor(ctx))));
  const [row] = opts.lock ? await q.for('update') : await q;
  if (!row) throw notFound();
  return row;
}

export async function findContract(ctx: Ctx, id: number, opts: { lock?: boolean } = {}): Promise<ContractRow> {
  const q = ctx.db.select().from(serviceContracts).where(and(eq(serviceContracts.id, id), contractScope(requireActor(ctx))));
  const [row] = opts.lock ? await q.for('update') : await q;
  if (!row) throw notFound();
  return row;
}

export interface Deliverer {
  orgId: number;
  orgPath: string;
  name: string;
  kind: 'site' | 'provider';
  regionCode: string;
  districtCode: string | null;
}

/**
 * A site or provider that may be given work (an assignment, a contract): of the region, not revoked or inactive, and —
 * a provider — with no qualification past its date. Reads the sites' table read-only (one query; the registry is theirs).
 */
export async function requireDeliverer(ctx: Ctx, orgId: number, regionCode: string | null, field: string): Promise<Deliverer> {
  const [o] = await ctx.db
    .select({ id: orgs.id, path: orgs.path, kind: orgs.kind, regionCode: orgs.regionCode, districtCode: orgs.districtCode, name: orgs.name })
    .from(orgs)
    .where(eq(orgs.id, orgId));
  // regionCode null: the caller's own organisation (its region is whatever the node says)
  if (!o || !o.regionCode || (regionCode !== null && o.regionCode !== regionCode) || (o.kind !== 'site' && o.kind !== 'provider')) throw fieldError(field, msg.notDeliverer);
  const region = o.regionCode;
  if (o.kind === 'site') {
    const [s] = await ctx.db.select({ status: sites.status, districtCode: sites.districtCode }).from(sites).where(eq(sites.orgId, orgId));
    if (!s || s.status === 'revoked') throw fieldError(field, msg.notDeliverer);
    return { orgId, orgPath: o.path, name: o.name, kind: 'site', regionCode: region, districtCode: s.districtCode };
  }
  const [p] = await ctx.db.select().from(serviceProviders).where(eq(serviceProviders.orgId, orgId));
  if (!p) throw fieldError(field, msg.notDeliverer);
  if (!p.active) throw fieldError(field, msg.providerInactive);
  const [e] = await ctx.db
    .select({ kind: providerQualifications.kind, validUntil: providerQualifications.validUntil })
    .from(providerQualifications)
    .where(and(eq(providerQualifications.providerId, p.id), lt(providerQualifications.validUntil, todayIn(ctx.now))))
    .orderBy(providerQualifications.validUntil)
    .limit(1);
  if (e) throw fieldError(field, msg.qualificationExpired(e.kind, e.validUntil));
  return { orgId, orgPath: o.path, name: o.name, kind: 'provider', regionCode: region, districtCode: null };
}
