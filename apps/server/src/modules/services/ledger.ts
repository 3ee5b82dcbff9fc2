/**
 * The service ledger (工作台账): a row per delivered request (written by the delivery, once: `request_id` unique) and per
 * training or publicity activity a site or provider records. A row is counted against the assignee's contract whose
 * period covers its date and whose quotas name its service kind (the oldest such contract): contract progress is a
 * count of the ledger, never a typed figure.
 */
import { and, asc, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { LedgerRow, Page, ledgerActivity } from '@shangmi/shared';
import type { z } from 'zod';
import { enterprises, orgs, serviceContracts, serviceLedger, sites } from '../../db/schema/index.js';
import { andAll, requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import type { HookMap } from '../../platform/hooks.js';
import { cachedCount } from '../../platform/count-cache.js';
import { fieldError, forbidden } from '../../platform/errors.js';
import { todayIn } from '../../platform/calendar.js';
import { isDelivererUser, ledgerScope, requireDeliverer, type RequestRow } from './scope.js';
import { msg } from './services.messages.js';

/** The contract a row counts against: the org's, covering the date, with a quota of the kind, not yet accepted. */
async function contractFor(ctx: Ctx, orgId: number, serviceKind: string, on: string): Promise<number | null> {
  const [c] = await ctx.db
    .select({ id: serviceContracts.id })
    .from(serviceContracts)
    .where(
      and(
        eq(serviceContracts.providerOrgId, orgId),
        lte(serviceContracts.startOn, on),
        gte(serviceContracts.endOn, on),
        sql`${serviceContracts.state} <> 'accepted'`,
        sql`${serviceContracts.quotas} @> ${JSON.stringify([{ serviceKind }])}::jsonb`,
      ),
    )
    .orderBy(asc(serviceContracts.id))
    .limit(1);
  return c?.id ?? null;
}

export async function recordDelivery(ctx: Ctx, r: RequestRow): Promise<void> {
  await ctx.db.insert(serviceLedger).values({
    orgId: r.assigneeOrgId!,
    orgPath: r.assigneeOrgPath!,
    orgKind: r.assigneeKind!,
    regionCode: r.regionCode,
    districtCode: r.districtCode,
    source: 'request',
    requestId: r.id,
    enterpriseId: r.enterpriseId,
    contractId: await contractFor(ctx, r.assigneeOrgId!, r.serviceKind, r.deliveredOn!),
    serviceKind: r.serviceKind,
    title: r.title,
    occurredOn: r.deliveredOn!,
    hours: r.hours ?? 0,
    people: r.people ?? 0,
    outcome: r.outcome,
    createdBy: ctx.actor?.userId ?? null,
    createdAt: ctx.now,
  });
}

/**
 * A training or publicity activity a site or provider held in the outreach module (hook `outreach.activityHeld`): one
 * ledger row per activity (`activity_ref` unique), its people counted in SQL as check-ins arrive, so concurrent check-ins
 * add up (no read-merge-write). A bureau's own activity is not a site's ledger: left out. A provider whose qualification
 * lapsed still held the activity: it is counted (the qualification rules who may be assigned work, not what happened).
 */
export async function ledgerFromActivity(ctx: Ctx, a: Parameters<HookMap['outreach.activityHeld']>[1]): Promise<void> {
  const [o] = await ctx.db
    .select({ path: orgs.path, kind: orgs.kind, regionCode: orgs.regionCode, districtCode: orgs.districtCode, siteDistrict: sites.districtCode })
    .from(orgs)
    .leftJoin(sites, eq(sites.orgId, orgs.id))
    .where(eq(orgs.id, a.orgId));
  if (!o?.regionCode || (o.kind !== 'site' && o.kind !== 'provider')) return;
  const people = 'add' in a.people ? a.people.add : a.people.set;
  await ctx.db
    .insert(serviceLedger)
    .values({
      orgId: a.orgId,
      orgPath: o.path,
      orgKind: o.kind,
      regionCode: o.regionCode,
      districtCode: o.siteDistrict ?? o.districtCode,
      source: 'activity',
      activityRef: a.ref,
      contractId: await contractFor(ctx, a.orgId, a.serviceKind, a.occurredOn),
      serviceKind: a.serviceKind,
      title: a.title,
      occurredOn: a.occurredOn,
      hours: a.hours,
      people,
      createdBy: ctx.actor?.userId ?? null,
      createdAt: ctx.now,
    })
    .onConflictDoUpdate({
      target: serviceLedger.activityRef,
      set: { title: a.title, hours: a.hours, people: 'add' in a.people ? sql`${serviceLedger.people} + ${a.people.add}` : a.people.set },
    });
}

/** A site's or provider's staff record a training or publicity activity of their organisation. */
export async function addActivity(ctx: Ctx, input: z.output<typeof ledgerActivity>): Promise<LedgerRow> {
  const actor = requireActor(ctx);
  if (!isDelivererUser(actor)) throw forbidden(msg.notDelivererUser);
  if (input.orgId !== undefined && input.orgId !== actor.orgId) throw fieldError('orgId', msg.ownOrgOnly);
  if (input.occurredOn > todayIn(ctx.now)) throw fieldError('occurredOn', msg.deliveredInFuture);
  const d = await requireDeliverer(ctx, actor.orgId, null, 'orgId');
  const [row] = await ctx.db
    .insert(serviceLedger)
    .values({
      orgId: d.orgId,
      orgPath: d.orgPath,
      orgKind: d.kind,
      regionCode: d.regionCode,
      districtCode: d.districtCode,
      source: 'activity',
      contractId: await contractFor(ctx, d.orgId, input.serviceKind, input.occurredOn),
      serviceKind: input.serviceKind,
      title: input.title,
      occurredOn: input.occurredOn,
      hours: input.hours,
      people: input.people,
      outcome: input.outcome ?? null,
      createdBy: actor.userId,
      createdAt: ctx.now,
    })
    .returning();
  ctx.audit = { targetType: 'service_ledger', targetId: row.id, after: { serviceKind: row.serviceKind, title: row.title, occurredOn: row.occurredOn, contractId: row.contractId } };
  return (await ledgerRows(ctx, eq(serviceLedger.id, row.id), 1, 0, 'desc'))[0]!;
}

type Filters = { orgId?: number; serviceKind?: string; from?: string; to?: string };
const filtersOf = (ctx: Ctx, q: Filters) =>
  andAll(
    ledgerScope(requireActor(ctx)),
    q.orgId ? eq(serviceLedger.orgId, q.orgId) : undefined,
    q.serviceKind ? eq(serviceLedger.serviceKind, q.serviceKind) : undefined,
    q.from ? gte(serviceLedger.occurredOn, q.from) : undefined,
    q.to ? lte(serviceLedger.occurredOn, q.to) : undefined,
  );

async function ledgerRows(ctx: Ctx, where: SQL | undefined, limit: number, offset: number, order: 'asc' | 'desc'): Promise<LedgerRow[]> {
  const l = serviceLedger;
  const rows = await ctx.db
    .select({ l, orgName: orgs.name, enterpriseName: enterprises.name })
    .from(l)
    .innerJoin(orgs, eq(orgs.id, l.orgId))
    .leftJoin(enterprises, eq(enterprises.id, l.enterpriseId))
    .where(where)
    .orderBy(order === 'asc' ? asc(l.occurredOn) : desc(l.occurredOn), order === 'asc' ? asc(l.id) : desc(l.id))
    .limit(limit)
    .offset(offset);
  return rows.map(({ l: r, orgName, enterpriseName }) => ({
    id: r.id,
    orgId: r.orgId,
    orgName,
    orgKind: r.orgKind,
    districtCode: r.districtCode,
    source: r.source,
    requestId: r.requestId,
    enterpriseName: enterpriseName ?? null,
    contractId: r.contractId,
    serviceKind: r.serviceKind,
    title: r.title,
    occurredOn: r.occurredOn,
    hours: r.hours,
    people: r.people,
    outcome: r.outcome,
  }));
}

export async function listLedger(ctx: Ctx, q: Filters & { page: number; pageSize: number; order: 'asc' | 'desc' }): Promise<Page<LedgerRow>> {
  const where = filtersOf(ctx, q);
  const items = await ledgerRows(ctx, where, q.pageSize, (q.page - 1) * q.pageSize, q.order);
  const total = await cachedCount(ctx.db.select({ total: sql<number>`count(*)::int` }).from(serviceLedger).where(where));
  return { items, total, page: q.page, pageSize: q.pageSize };
}

export const ledgerForExport = (ctx: Ctx, q: Filters & { order: 'asc' | 'desc' }, limit: number) => ledgerRows(ctx, filtersOf(ctx, q), limit, 0, q.order);

/** Counts of one organisation's ledger in a period, per service kind, with the distinct enterprises served (the yearly review). */
export async function ledgerCounts(ctx: Ctx, orgId: number, from: string, to: string) {
  const l = serviceLedger;
  const rows = await ctx.db
    .select({ serviceKind: l.serviceKind, source: l.source, n: sql<number>`count(*)::int`, enterpriseIds: sql<number[]>`coalesce(array_agg(distinct ${l.enterpriseId}) filter (where ${l.enterpriseId} is not null), '{}')` })
    .from(l)
    .where(and(eq(l.orgId, orgId), gte(l.occurredOn, from), lte(l.occurredOn, to)))
    .groupBy(l.serviceKind, l.source);
  return rows.map((r) => ({ ...r, n: Number(r.n), enterpriseIds: (r.enterpriseIds ?? []).map(Number) }));
}
