/**
 * 人才库/专家库 (docs/outreach.md § Experts): experts kept by a bureau, shared within the region — anyone reading outreach
 * there finds them (by name, kind, field, availability) with how often and when they were last used; the keeping
 * bureau's scope edits them; any organiser of the region records a use (who used them when, for what).
 */
import { and, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { ExpertCreate, ExpertDetail, ExpertListQuery, ExpertRow, ExpertUpdate, ExpertUseCreate, Page } from '@shangmi/shared';
import { outreachExperts, outreachExpertUses } from '../../db/schema/index.js';
import { andAll, containsPattern, requireActor } from '../../platform/access.js';
import type { Actor, Ctx } from '../../platform/context.js';
import { cachedCount } from '../../platform/count-cache.js';
import { fieldError, forbidden, notFound } from '../../platform/errors.js';
import { mayManage, orgNames, organiserOf, todayOf } from './scope.js';

type Row = typeof outreachExperts.$inferSelect;
const e = outreachExperts;
const u = outreachExpertUses;

const M = {
  bureauOnly: { zh: '专家库由市、区县市场监管局维护', en: 'The expert pool is kept by the city and district bureaus' },
  future: { zh: '不能晚于今天', en: 'cannot be after today' },
};

/** The region's pool (enterprises see none: it is the bureaus' working list). */
function poolScope(actor: Actor): SQL {
  if (actor.orgKind === 'enterprise' || !actor.regionCode) return sql`false`;
  return eq(e.regionCode, actor.regionCode);
}

const mayEdit = (actor: Actor, r: Row) => actor.permissions.has('outreach:manage') && mayManage(actor, { orgPath: r.orgPath, orgId: r.orgId, createdBy: r.createdBy });

async function find(ctx: Ctx, id: number, opts: { lock?: boolean } = {}): Promise<Row> {
  const q = ctx.db.select().from(e).where(and(eq(e.id, id), poolScope(requireActor(ctx))));
  const [row] = opts.lock ? await q.for('update') : await q;
  if (!row) throw notFound();
  return row;
}

/** How often and when last each expert was used (one grouped query for a page). */
async function usageOf(ctx: Ctx, ids: number[]): Promise<Map<number, { uses: number; last: string | null }>> {
  if (!ids.length) return new Map();
  const rows = await ctx.db
    .select({ id: u.expertId, uses: sql<number>`count(*)::int`, last: sql<string | null>`max(${u.usedOn})::text` })
    .from(u)
    .where(inArray(u.expertId, ids))
    .groupBy(u.expertId);
  return new Map(rows.map((r) => [r.id, { uses: Number(r.uses), last: r.last }]));
}

export async function listExperts(ctx: Ctx, q: ExpertListQuery): Promise<Page<ExpertRow>> {
  const actor = requireActor(ctx);
  const where = andAll(
    poolScope(actor),
    q.q ? or(ilike(e.name, containsPattern(q.q)), ilike(e.affiliation, containsPattern(q.q))) : undefined,
    q.kind ? eq(e.kind, q.kind) : undefined,
    q.field ? sql`${q.field} = any(${e.fields})` : undefined,
    q.availability ? eq(e.availability, q.availability) : undefined,
  );
  const rows = await ctx.db
    .select()
    .from(e)
    .where(where)
    .orderBy(q.order === 'asc' ? e.name : desc(e.updatedAt), e.id)
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const total = await cachedCount(ctx.db.select({ total: sql<number>`count(*)::int` }).from(e).where(where));
  const names = await orgNames(ctx, rows.map((r) => r.orgId));
  const used = await usageOf(ctx, rows.map((r) => r.id));
  return { items: rows.map((r) => view(actor, r, names.get(r.orgId) ?? '', used.get(r.id)?.uses ?? 0, used.get(r.id)?.last ?? null)), total, page: q.page, pageSize: q.pageSize };
}

function view(actor: Actor, r: Row, orgName: string, uses: number, lastUsedOn: string | null): ExpertRow {
  return { id: r.id, name: r.name, kind: r.kind, affiliation: r.affiliation, fields: r.fields, availability: r.availability, note: r.note, orgId: r.orgId, orgName, uses, lastUsedOn, mayEdit: mayEdit(actor, r) };
}

export async function getExpert(ctx: Ctx, id: number): Promise<ExpertDetail> {
  const actor = requireActor(ctx);
  const r = await find(ctx, id);
  const history = await ctx.db.select().from(u).where(eq(u.expertId, id)).orderBy(desc(u.usedOn), desc(u.id));
  const names = await orgNames(ctx, [r.orgId, ...history.map((h) => h.orgId)]);
  return {
    ...view(actor, r, names.get(r.orgId) ?? '', history.length, history[0]?.usedOn ?? null),
    history: history.map((h) => ({ id: h.id, purpose: h.purpose, usedOn: h.usedOn, note: h.note, orgName: names.get(h.orgId) ?? '' })),
  };
}

export async function createExpert(ctx: Ctx, input: ExpertCreate): Promise<ExpertDetail> {
  const actor = requireActor(ctx);
  if (actor.orgKind !== 'city_bureau' && actor.orgKind !== 'district_bureau') throw forbidden(M.bureauOnly);
  const home = await organiserOf(ctx);
  const [r] = await ctx.db
    .insert(e)
    .values({ ...home, ...input, fields: [...new Set(input.fields)], affiliation: input.affiliation ?? null, note: input.note ?? null, createdBy: actor.userId, createdAt: ctx.now, updatedAt: ctx.now })
    .returning();
  ctx.audit = { action: 'outreach.expert-create', targetType: 'outreach_expert', targetId: r!.id, after: { name: r!.name, kind: r!.kind } };
  return getExpert(ctx, r!.id);
}

/** Changes the given fields (the row locked: two editors' changes do not overwrite each other's other fields). */
export async function updateExpert(ctx: Ctx, id: number, input: ExpertUpdate): Promise<ExpertDetail> {
  const actor = requireActor(ctx);
  const r = await find(ctx, id, { lock: true });
  if (!mayEdit(actor, r)) throw notFound();
  const set = { ...input, ...(input.fields ? { fields: [...new Set(input.fields)] } : {}), updatedAt: ctx.now };
  await ctx.db.update(e).set(set).where(eq(e.id, id));
  ctx.audit = { action: 'outreach.expert-update', targetType: 'outreach_expert', targetId: id, before: { availability: r.availability, fields: r.fields }, after: input };
  return getExpert(ctx, id);
}

/** Records that the actor's organisation used the expert (a date not after today). */
export async function recordUse(ctx: Ctx, id: number, input: ExpertUseCreate): Promise<ExpertDetail> {
  const actor = requireActor(ctx);
  await find(ctx, id);
  if (input.usedOn > todayOf(ctx)) throw fieldError('usedOn', M.future);
  await ctx.db.insert(u).values({ expertId: id, orgId: actor.orgId, purpose: input.purpose, usedOn: input.usedOn, note: input.note ?? null, createdBy: actor.userId, createdAt: ctx.now });
  ctx.audit = { action: 'outreach.expert-use', targetType: 'outreach_expert', targetId: id, after: input };
  return getExpert(ctx, id);
}
