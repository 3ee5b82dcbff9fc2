/**
 * Other public service systems (issue 24 item 5; docs/sites.md § Other service systems): the region's directory, kept by
 * the city administrator, read by everyone signed in and by the public, and the referrals to its entries counted per
 * entry within the caller's scope. An entry of another region answers 404.
 */
import { and, asc, eq, isNull, or, sql } from 'drizzle-orm';
import type {
  PublicServiceSystemQuery,
  ServiceSystem,
  ServiceSystemCreate,
  ServiceSystemPatch,
  ServiceSystemQuery,
  ServiceSystemReferral,
  ServiceSystemReferralCreate,
  ServiceSystemStats,
  ServiceSystemStatsQuery,
} from '@shangmi/shared';
import { serviceSystemReferrals, serviceSystems } from '../../db/schema/index.js';
import { andAll, can, requireActor, scopeCondition } from '../../platform/access.js';
import type { Actor, Ctx } from '../../platform/context.js';
import { AppError, fieldError, notFound } from '../../platform/errors.js';
import { common } from '../../platform/messages.js';
import { enterpriseOfOrg, findEnterpriseInScope } from '../enterprises/enterprises.service.js';
import { getRequest } from '../services/services.service.js';
import { regionOf } from './scope.js';

type Row = typeof serviceSystems.$inferSelect;
const view = (r: Row): ServiceSystem => ({
  id: r.id,
  regionCode: r.regionCode,
  kind: r.kind,
  name: r.name,
  nameEn: r.nameEn,
  operator: r.operator,
  services: r.services,
  districtCode: r.districtCode,
  address: r.address,
  phone: r.phone,
  url: r.url,
  active: r.active,
  sort: r.sort,
  source: r.source,
  updatedAt: r.updatedAt.toISOString(),
});

const msg = {
  notOwnEnterprise: { zh: '只能为本企业登记', en: 'can only be your own enterprise' },
  requestNotInScope: { zh: '不存在或不是您可查看的求助', en: 'does not exist or is not a request you can see' },
};

const ordered = [asc(serviceSystems.sort), asc(serviceSystems.kind), asc(serviceSystems.id)] as const;
const districtWhere = (code: string | undefined) => (code ? or(isNull(serviceSystems.districtCode), eq(serviceSystems.districtCode, code)) : undefined);

/** The caller's region's directory (active entries; an administrator asks for all of them). */
export async function listSystems(ctx: Ctx, q: ServiceSystemQuery): Promise<ServiceSystem[]> {
  const actor = requireActor(ctx);
  const region = await regionOf(ctx, actor, undefined);
  const all = q.all === 'true' && can(actor, 'sites:systems');
  const rows = await ctx.db
    .select()
    .from(serviceSystems)
    .where(andAll(eq(serviceSystems.regionCode, region.code), all ? undefined : eq(serviceSystems.active, true), q.kind ? eq(serviceSystems.kind, q.kind) : undefined, districtWhere(q.districtCode)))
    .orderBy(...ordered);
  return rows.map(view);
}

/** The public page: active entries, of one region or all. */
export async function publicSystems(ctx: Ctx, q: PublicServiceSystemQuery): Promise<ServiceSystem[]> {
  const rows = await ctx.db
    .select()
    .from(serviceSystems)
    .where(andAll(eq(serviceSystems.active, true), q.regionCode ? eq(serviceSystems.regionCode, q.regionCode) : undefined, q.kind ? eq(serviceSystems.kind, q.kind) : undefined, districtWhere(q.districtCode)))
    .orderBy(asc(serviceSystems.regionCode), ...ordered)
    .limit(500);
  return rows.map(view);
}

async function checkEntry(ctx: Ctx, regionCode: string, input: Partial<ServiceSystemCreate>, selfId?: number) {
  if (input.districtCode) {
    const region = await regionOf(ctx, requireActor(ctx), regionCode);
    if (!region.districts.some((d) => d.code === input.districtCode)) throw fieldError('districtCode', common.notDistrictOfRegion);
  }
  if (input.name) {
    const [same] = await ctx.db
      .select({ id: serviceSystems.id })
      .from(serviceSystems)
      .where(and(eq(serviceSystems.regionCode, regionCode), eq(serviceSystems.name, input.name)));
    if (same && same.id !== selfId) throw fieldError('name', common.exists);
  }
}

export async function createSystem(ctx: Ctx, input: ServiceSystemCreate): Promise<ServiceSystem> {
  const region = await regionOf(ctx, requireActor(ctx), undefined);
  await checkEntry(ctx, region.code, input);
  const [r] = await ctx.db
    .insert(serviceSystems)
    .values({ ...input, regionCode: region.code, districtCode: input.districtCode ?? null, source: 'edit', createdAt: ctx.now, updatedAt: ctx.now })
    .returning();
  ctx.audit = { action: 'sites.system-create', targetType: 'service_system', targetId: r.id, after: view(r) };
  return view(r);
}

/** An entry of the caller's region, locked for the change (another region's: 404). */
async function ownEntry(ctx: Ctx, id: number, lock: boolean): Promise<Row> {
  const actor = requireActor(ctx);
  const where = andAll(eq(serviceSystems.id, id), actor.scope === 'all' ? undefined : eq(serviceSystems.regionCode, actor.regionCode ?? ''));
  const q = ctx.db.select().from(serviceSystems).where(where);
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw notFound();
  return row;
}

export async function updateSystem(ctx: Ctx, id: number, patch: ServiceSystemPatch): Promise<ServiceSystem> {
  const before = await ownEntry(ctx, id, true);
  await checkEntry(ctx, before.regionCode, patch, id);
  const [r] = await ctx.db
    .update(serviceSystems)
    .set({ ...patch, source: 'edit', updatedAt: ctx.now })
    .where(eq(serviceSystems.id, id))
    .returning();
  ctx.audit = { action: 'sites.system-update', targetType: 'service_system', targetId: id, before: view(before), after: view(r) };
  return view(r);
}

/** Where a referral is counted: the enterprise's place when one is named, else the officer's organisation. */
async function referrer(ctx: Ctx, actor: Actor, input: ServiceSystemReferralCreate) {
  let requestEnterpriseId: number | null = null;
  if (input.requestId) {
    try {
      requestEnterpriseId = (await getRequest(ctx, input.requestId)).enterpriseId;
    } catch (e) {
      if (e instanceof AppError && e.code === 'NOT_FOUND') throw fieldError('requestId', msg.requestNotInScope);
      throw e;
    }
  }
  if (actor.orgKind === 'enterprise') {
    const own = await enterpriseOfOrg(ctx, actor.orgId);
    if (!own || (input.enterpriseId && input.enterpriseId !== own.id)) throw fieldError('enterpriseId', msg.notOwnEnterprise);
    return { via: 'enterprise' as const, enterpriseId: own.id, districtCode: own.districtCode, orgId: own.orgId, orgPath: own.orgPath };
  }
  const enterpriseId = input.enterpriseId ?? requestEnterpriseId;
  if (enterpriseId) {
    const e = await findEnterpriseInScope(ctx, enterpriseId, 'enterpriseId');
    return { via: 'officer' as const, enterpriseId: e.id, districtCode: e.districtCode, orgId: e.orgId, orgPath: e.orgPath };
  }
  return { via: 'officer' as const, enterpriseId: null, districtCode: null, orgId: actor.orgId, orgPath: actor.orgPath };
}

/** An enterprise follows an active entry of its region, or an officer records that they sent an enterprise there. */
export async function referToSystem(ctx: Ctx, id: number, input: ServiceSystemReferralCreate): Promise<ServiceSystemReferral> {
  const actor = requireActor(ctx);
  const entry = await ownEntry(ctx, id, false);
  if (!entry.active) throw notFound();
  const who = await referrer(ctx, actor, input);
  const [r] = await ctx.db
    .insert(serviceSystemReferrals)
    .values({ systemId: id, regionCode: entry.regionCode, ...who, requestId: input.requestId ?? null, note: input.note ?? null, createdBy: actor.userId, createdAt: ctx.now })
    .returning();
  ctx.audit = { action: 'sites.system-referral', targetType: 'service_system', targetId: id, after: { referralId: r.id, via: r.via, enterpriseId: r.enterpriseId, requestId: r.requestId } };
  return { id: r.id, systemId: id, via: r.via, enterpriseId: r.enterpriseId, requestId: r.requestId, createdAt: r.createdAt.toISOString() };
}

/** Referrals per entry of the caller's region, counting those made within the caller's scope (and date range, Asia/Shanghai). */
export async function systemStats(ctx: Ctx, q: ServiceSystemStatsQuery): Promise<ServiceSystemStats> {
  const actor = requireActor(ctx);
  const region = await regionOf(ctx, actor, undefined);
  const r = serviceSystemReferrals;
  const day = sql`(${r.createdAt} at time zone 'Asia/Shanghai')::date`;
  const joinOn = andAll(
    eq(r.systemId, serviceSystems.id),
    scopeCondition(actor, { orgPath: r.orgPath, orgId: r.orgId, owner: r.createdBy }),
    q.from ? sql`${day} >= ${q.from}::date` : undefined,
    q.to ? sql`${day} <= ${q.to}::date` : undefined,
  );
  const rows = await ctx.db
    .select({
      systemId: serviceSystems.id,
      name: serviceSystems.name,
      kind: serviceSystems.kind,
      total: sql<number>`count(${r.id})::int`,
      byEnterprise: sql<number>`count(${r.id}) filter (where ${r.via} = 'enterprise')::int`,
      byOfficer: sql<number>`count(${r.id}) filter (where ${r.via} = 'officer')::int`,
    })
    .from(serviceSystems)
    .leftJoin(r, joinOn)
    .where(eq(serviceSystems.regionCode, region.code))
    .groupBy(serviceSystems.id)
    .orderBy(...ordered);
  return rows;
}
