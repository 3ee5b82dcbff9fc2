/**
 * The provider registry (服务机构名录): each provider is an organisation node of kind `provider` under its region's city
 * bureau (its staff accounts belong to it), with its kind, qualifications and their expiry, service kinds and the
 * districts it serves. Bureaus of the region read it (a district reassigns requests to providers); the city keeps it.
 */
import { and, asc, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Page, Provider, ProviderKind, providerCreate, providerUpdate } from '@shangmi/shared';
import type { z } from 'zod';
import { helpRequests, providerQualifications, serviceProviders } from '../../db/schema/index.js';
import { andAll, containsPattern, orgInScope, requireActor } from '../../platform/access.js';
import type { Actor, Ctx } from '../../platform/context.js';
import { cachedCount } from '../../platform/count-cache.js';
import { fieldError, forbidden, notFound } from '../../platform/errors.js';
import { common } from '../../platform/messages.js';
import { todayIn } from '../../platform/calendar.js';
import { isDictValue } from '../dicts/dicts.service.js';
import { insertOrgNode, requireBureau, setOrgFields } from '../orgs/orgs.service.js';
import { checkDistrict, listRegions } from '../regions/regions.service.js';
import { isDelivererUser, isEnterpriseUser } from './scope.js';
import { refreshCandidates } from './candidates.js';

type Row = typeof serviceProviders.$inferSelect;
type QualRow = typeof providerQualifications.$inferSelect;

/** Who sees the registry: the region's bureaus, sites and enterprises (they choose among providers); a provider itself. */
function providerScope(a: Actor): SQL | undefined {
  if (a.orgKind === 'provider') return eq(serviceProviders.orgId, a.orgId);
  if (a.scope === 'all') return undefined;
  return a.regionCode ? eq(serviceProviders.regionCode, a.regionCode) : sql`false`;
}

export async function checkServiceKinds(ctx: Ctx, kinds: string[], field: string): Promise<string[]> {
  const unique = [...new Set(kinds)];
  const bad: string[] = [];
  for (const k of unique) if (!(await isDictValue(ctx, 'service_kind', k))) bad.push(k);
  if (bad.length) throw fieldError(field, common.invalidValues(bad));
  return unique;
}

async function stats(ctx: Ctx, orgIds: number[]): Promise<Map<number, { rating: number | null; open: number }>> {
  if (!orgIds.length) return new Map();
  const rows = await ctx.db
    .select({
      orgId: helpRequests.assigneeOrgId,
      rating: sql<number | null>`avg(${helpRequests.rating})::float8`,
      open: sql<number>`count(*) filter (where ${helpRequests.state} in ('assigned', 'accepted'))::int`,
    })
    .from(helpRequests)
    .where(inArray(helpRequests.assigneeOrgId, orgIds))
    .groupBy(helpRequests.assigneeOrgId);
  return new Map(rows.map((r) => [r.orgId!, { rating: r.rating === null ? null : Math.round(Number(r.rating) * 10) / 10, open: Number(r.open) }]));
}

async function toProviders(ctx: Ctx, rows: Row[]): Promise<Provider[]> {
  const ids = rows.map((r) => r.id);
  const quals: QualRow[] = ids.length ? await ctx.db.select().from(providerQualifications).where(inArray(providerQualifications.providerId, ids)).orderBy(asc(providerQualifications.id)) : [];
  const st = await stats(
    ctx,
    rows.map((r) => r.orgId),
  );
  const today = todayIn(ctx.now);
  return rows.map((r) => {
    const q = quals.filter((x) => x.providerId === r.id).map((x) => ({ id: x.id, kind: x.kind, number: x.number, validUntil: x.validUntil, expired: x.validUntil < today }));
    return {
      id: r.id,
      orgId: r.orgId,
      regionCode: r.regionCode,
      name: r.name,
      kind: r.kind as ProviderKind,
      creditCode: r.creditCode,
      districts: r.districts,
      serviceKinds: r.serviceKinds,
      contactName: r.contactName,
      contactPhone: r.contactPhone,
      intro: r.intro,
      active: r.active,
      qualifications: q,
      qualified: !q.some((x) => x.expired),
      rating: st.get(r.orgId)?.rating ?? null,
      openRequests: st.get(r.orgId)?.open ?? 0,
    };
  });
}

export async function listProviders(ctx: Ctx, q: { q?: string; kind?: ProviderKind; serviceKind?: string; page: number; pageSize: number; order: 'asc' | 'desc' }): Promise<Page<Provider>> {
  const actor = requireActor(ctx);
  const where = andAll(
    providerScope(actor),
    q.q ? or(ilike(serviceProviders.name, containsPattern(q.q)), eq(serviceProviders.creditCode, q.q)) : undefined,
    q.kind ? eq(serviceProviders.kind, q.kind) : undefined,
    q.serviceKind ? sql`${q.serviceKind} = any(${serviceProviders.serviceKinds})` : undefined,
  );
  const rows = await ctx.db
    .select()
    .from(serviceProviders)
    .where(where)
    .orderBy(q.order === 'asc' ? asc(serviceProviders.id) : desc(serviceProviders.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const total = await cachedCount(ctx.db.select({ total: sql<number>`count(*)::int` }).from(serviceProviders).where(where));
  return { items: await toProviders(ctx, rows), total, page: q.page, pageSize: q.pageSize };
}

export async function getProvider(ctx: Ctx, id: number): Promise<Provider> {
  const [row] = await ctx.db.select().from(serviceProviders).where(and(eq(serviceProviders.id, id), providerScope(requireActor(ctx))));
  if (!row) throw notFound();
  return (await toProviders(ctx, [row]))[0]!;
}

async function putQualifications(ctx: Ctx, providerId: number, list: { kind: string; number: string; validUntil: string }[]) {
  await ctx.db.delete(providerQualifications).where(eq(providerQualifications.providerId, providerId));
  if (list.length) await ctx.db.insert(providerQualifications).values(list.map((q) => ({ providerId, ...q, createdAt: ctx.now })));
}

export async function createProvider(ctx: Ctx, input: z.output<typeof providerCreate>): Promise<Provider> {
  const actor = requireActor(ctx);
  if (isEnterpriseUser(actor) || isDelivererUser(actor)) throw forbidden();
  const regions = await listRegions(ctx);
  const region = regions.find((r) => r.code === (input.regionCode ?? actor.regionCode));
  if (!region) throw fieldError('regionCode', common.chooseRegion);
  const districts = [...new Set(input.districts)].map((d) => checkDistrict(region, d)!);
  const serviceKinds = await checkServiceKinds(ctx, input.serviceKinds, 'serviceKinds');
  const city = await requireBureau(ctx, region.code, null);
  // the registry is the city's: its node sits under the city bureau, which the actor must manage
  if (!orgInScope(actor, `${city.path}0/`)) throw forbidden();
  const org = await insertOrgNode(ctx, city, { kind: 'provider', name: input.name, creditCode: input.creditCode ?? null, contactName: input.contactName ?? null, contactPhone: input.contactPhone ?? null });
  const [row] = await ctx.db
    .insert(serviceProviders)
    .values({
      orgId: org.id,
      orgPath: org.path,
      regionCode: region.code,
      name: input.name,
      kind: input.kind,
      creditCode: input.creditCode ?? null,
      districts,
      serviceKinds,
      contactName: input.contactName ?? null,
      contactPhone: input.contactPhone ?? null,
      intro: input.intro ?? null,
      createdBy: actor.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning();
  await putQualifications(ctx, row.id, input.qualifications);
  ctx.audit = { targetType: 'service_provider', targetId: row.id, after: { name: row.name, kind: row.kind, serviceKinds, districts, qualifications: input.qualifications } };
  return getProvider(ctx, row.id);
}

export async function updateProvider(ctx: Ctx, id: number, input: z.output<typeof providerUpdate>): Promise<Provider> {
  const actor = requireActor(ctx);
  const [before] = await ctx.db.select().from(serviceProviders).where(and(eq(serviceProviders.id, id), providerScope(actor))).for('update');
  if (!before) throw notFound();
  if (!orgInScope(actor, before.orgPath) || before.orgId === actor.orgId) throw forbidden();
  const region = (await listRegions(ctx)).find((r) => r.code === before.regionCode)!;
  const set: Partial<typeof serviceProviders.$inferInsert> = { updatedAt: ctx.now };
  if (input.name !== undefined) set.name = input.name;
  if (input.districts !== undefined) set.districts = [...new Set(input.districts)].map((d) => checkDistrict(region, d)!);
  if (input.serviceKinds !== undefined) set.serviceKinds = await checkServiceKinds(ctx, input.serviceKinds, 'serviceKinds');
  for (const k of ['contactName', 'contactPhone', 'intro'] as const) if (input[k] !== undefined) set[k] = input[k] ?? null;
  if (input.active !== undefined) set.active = input.active;
  await ctx.db.update(serviceProviders).set(set).where(eq(serviceProviders.id, id));
  if (set.name || set.contactName !== undefined || set.contactPhone !== undefined) {
    await setOrgFields(ctx, before.orgId, { ...(set.name ? { name: set.name } : {}), ...(set.contactName !== undefined ? { contactName: set.contactName } : {}), ...(set.contactPhone !== undefined ? { contactPhone: set.contactPhone } : {}) });
  }
  if (input.qualifications) await putQualifications(ctx, id, input.qualifications);
  await refreshCandidates(ctx, [before.orgId]);
  ctx.audit = { targetType: 'service_provider', targetId: id, before: { name: before.name, active: before.active }, after: input };
  return getProvider(ctx, id);
}
