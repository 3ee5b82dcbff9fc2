import { and, asc, count, eq, ilike, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Org, OrgCreate, OrgUpdate, Page } from '@shangmi/shared';
import { districts, orgs, users } from '../../db/schema/index.js';
import { andAll, containsPattern, likeEscape, requireActor, scopeCondition } from '../../platform/access.js';
import type { Actor, Ctx } from '../../platform/context.js';
import { AppError, conflict, fieldError, notFound } from '../../platform/errors.js';

/** Organisations a user may see: their scope, where even `self` sees its own organisation. */
export function orgScope(actor: Actor): SQL | undefined {
  if (actor.scope === 'self') return eq(orgs.id, actor.orgId);
  return scopeCondition(actor, { orgPath: orgs.path, orgId: orgs.id });
}

// written out: drizzle leaves single-table select fields unqualified, which would bind "id" to the inner table
const hasChildren = sql<boolean>`exists (select 1 from orgs as c where c.parent_id = orgs.id)`.as('has_children');

type OrgRow = typeof orgs.$inferSelect & { hasChildren: boolean };

function toOrg(r: OrgRow): Org {
  return {
    id: r.id,
    parentId: r.parentId,
    path: r.path,
    name: r.name,
    shortName: r.shortName,
    kind: r.kind,
    regionCode: r.regionCode,
    districtCode: r.districtCode,
    creditCode: r.creditCode,
    contactName: r.contactName,
    contactPhone: r.contactPhone,
    address: r.address,
    sort: r.sort,
    status: r.status,
    hasChildren: !!r.hasChildren,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

async function selectOrgs(ctx: Ctx, where: SQL | undefined, limit: number, offset: number) {
  const rows = await ctx.db
    .select({
      id: orgs.id,
      parentId: orgs.parentId,
      path: orgs.path,
      name: orgs.name,
      shortName: orgs.shortName,
      kind: orgs.kind,
      regionCode: orgs.regionCode,
      districtCode: orgs.districtCode,
      creditCode: orgs.creditCode,
      contactName: orgs.contactName,
      contactPhone: orgs.contactPhone,
      address: orgs.address,
      sort: orgs.sort,
      status: orgs.status,
      createdAt: orgs.createdAt,
      updatedAt: orgs.updatedAt,
      hasChildren,
    })
    .from(orgs)
    .where(where)
    .orderBy(asc(orgs.sort), asc(orgs.id))
    .limit(limit)
    .offset(offset);
  return rows.map((r) => toOrg(r as OrgRow));
}

export interface OrgListQuery {
  parentId?: number;
  kind?: string;
  q?: string | null;
  status?: 'active' | 'disabled';
  page: number;
  pageSize: number;
}

function listWhere(actor: Actor, q: Omit<OrgListQuery, 'page' | 'pageSize'>): SQL | undefined {
  const conds: (SQL | undefined)[] = [orgScope(actor)];
  if (q.parentId) conds.push(eq(orgs.parentId, q.parentId));
  else if (!q.q && !q.kind && !q.status) {
    // the roots of what this user may see
    conds.push(actor.scope === 'all' ? isNull(orgs.parentId) : eq(orgs.id, actor.orgId));
  }
  if (q.kind) conds.push(eq(orgs.kind, q.kind));
  if (q.status) conds.push(eq(orgs.status, q.status));
  if (q.q) {
    const pat = containsPattern(q.q);
    conds.push(or(ilike(orgs.name, pat), ilike(orgs.shortName, pat), ilike(orgs.creditCode, pat)));
  }
  return andAll(...conds);
}

export async function listOrgs(ctx: Ctx, q: OrgListQuery): Promise<Page<Org>> {
  const actor = requireActor(ctx);
  const where = listWhere(actor, q);
  const [items, [{ total }]] = await Promise.all([
    selectOrgs(ctx, where, q.pageSize, (q.page - 1) * q.pageSize),
    ctx.db.select({ total: count() }).from(orgs).where(where),
  ]);
  return { items, total, page: q.page, pageSize: q.pageSize };
}

export async function exportOrgs(ctx: Ctx, q: Omit<OrgListQuery, 'page' | 'pageSize'>, limit: number): Promise<Org[]> {
  const actor = requireActor(ctx);
  // an export without filters is the whole visible tree, not just its roots
  const where = q.parentId || q.q || q.kind || q.status ? listWhere(actor, q) : orgScope(actor);
  return selectOrgs(ctx, where, limit, 0);
}

/** An organisation inside the actor's scope. With `field`, a miss is a validation error on that field; else 404. */
export async function findOrgInScope(ctx: Ctx, id: number, field?: string): Promise<typeof orgs.$inferSelect> {
  const actor = requireActor(ctx);
  const [o] = await ctx.db.select().from(orgs).where(andAll(eq(orgs.id, id), orgScope(actor)));
  if (!o) {
    if (field) throw fieldError(field, { zh: '不存在或不在您的管理范围内', en: 'does not exist or is outside your scope' });
    throw notFound();
  }
  return o;
}

export async function getOrg(ctx: Ctx, id: number): Promise<Org> {
  const actor = requireActor(ctx);
  const [o] = await selectOrgs(ctx, andAll(eq(orgs.id, id), orgScope(actor)), 1, 0);
  if (!o) throw notFound();
  return o;
}

async function checkDistrict(ctx: Ctx, regionCode: string | null, districtCode: string | null | undefined) {
  if (!districtCode) return;
  const [d] = await ctx.db.select().from(districts).where(eq(districts.code, districtCode));
  if (!d || (regionCode && d.regionCode !== regionCode)) {
    throw fieldError('districtCode', { zh: '不属于本地区', en: 'is not a district of this region' });
  }
}

function assertManageable(actor: Actor, childPathPrefix: string) {
  // the new organisation sits below `childPathPrefix`; the actor must be able to see it afterwards
  if (actor.scope !== 'all' && !(actor.scope === 'org_and_below' && childPathPrefix.startsWith(actor.orgPath))) {
    throw new AppError('FORBIDDEN', {
      message: { zh: '只能在本单位及下级范围内管理机构', en: 'You may only manage organisations below your own' },
    });
  }
}

const auditView = (o: typeof orgs.$inferSelect) => ({
  name: o.name,
  shortName: o.shortName,
  kind: o.kind,
  parentId: o.parentId,
  districtCode: o.districtCode,
  creditCode: o.creditCode,
  contactName: o.contactName,
  contactPhone: o.contactPhone,
  address: o.address,
  sort: o.sort,
  status: o.status,
});

export async function createOrg(ctx: Ctx, input: OrgCreate): Promise<Org> {
  const actor = requireActor(ctx);
  const parent = await findOrgInScope(ctx, input.parentId, 'parentId');
  assertManageable(actor, parent.path);
  const districtCode = input.districtCode ?? parent.districtCode;
  await checkDistrict(ctx, parent.regionCode, districtCode);
  const [row] = await ctx.db
    .insert(orgs)
    .values({
      parentId: parent.id,
      path: '/',
      name: input.name,
      shortName: input.shortName ?? null,
      kind: input.kind,
      regionCode: parent.regionCode,
      districtCode: districtCode ?? null,
      creditCode: input.creditCode ?? null,
      contactName: input.contactName ?? null,
      contactPhone: input.contactPhone ?? null,
      address: input.address ?? null,
      sort: input.sort,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning();
  const [created] = await ctx.db
    .update(orgs)
    .set({ path: `${parent.path}${row.id}/` })
    .where(eq(orgs.id, row.id))
    .returning();
  ctx.audit = { targetType: 'org', targetId: row.id, after: auditView(created) };
  return getOrg(ctx, row.id);
}

export async function updateOrg(ctx: Ctx, id: number, input: OrgUpdate): Promise<Org> {
  const actor = requireActor(ctx);
  const before = await findOrgInScope(ctx, id);
  assertManageable(actor, before.parentId === null ? '/' : before.path.slice(0, before.path.slice(0, -1).lastIndexOf('/') + 1));
  const set: Partial<typeof orgs.$inferInsert> = { updatedAt: ctx.now };
  for (const k of ['name', 'shortName', 'kind', 'creditCode', 'contactName', 'contactPhone', 'address', 'sort', 'status'] as const) {
    if (input[k] !== undefined) (set as Record<string, unknown>)[k] = input[k];
  }
  if (input.districtCode !== undefined) {
    await checkDistrict(ctx, before.regionCode, input.districtCode);
    set.districtCode = input.districtCode;
  }
  if (input.parentId !== undefined && input.parentId !== before.parentId) {
    if (before.parentId === null) throw fieldError('parentId', { zh: '根机构不能移动', en: 'the root cannot be moved' });
    const parent = await findOrgInScope(ctx, input.parentId, 'parentId');
    if (parent.path.startsWith(before.path)) {
      throw fieldError('parentId', { zh: '不能移动到自身或其下级之下', en: 'cannot be moved under itself or its descendants' });
    }
    assertManageable(actor, parent.path);
    const newPath = `${parent.path}${id}/`;
    // the subtree moves with it: organisations' and users' paths, in this transaction
    const oldPrefix = before.path;
    await ctx.db.execute(
      sql`update ${orgs} set path = ${newPath} || substr(path, ${oldPrefix.length + 1}) where path like ${`${likeEscape(oldPrefix)}%`}`,
    );
    await ctx.db.execute(
      sql`update ${users} set org_path = ${newPath} || substr(org_path, ${oldPrefix.length + 1}) where org_path like ${`${likeEscape(oldPrefix)}%`}`,
    );
    set.parentId = parent.id;
    // moved into another district: the subtree takes the new district unless the patch names one
    if (input.districtCode === undefined && parent.districtCode && parent.districtCode !== before.districtCode) {
      await ctx.db.execute(
        sql`update ${orgs} set district_code = ${parent.districtCode} where path like ${`${likeEscape(newPath)}%`} and district_code is not distinct from ${before.districtCode}`,
      );
      set.districtCode = parent.districtCode;
    }
  }
  const [after] = await ctx.db.update(orgs).set(set).where(eq(orgs.id, id)).returning();
  ctx.audit = { targetType: 'org', targetId: id, before: auditView(before), after: auditView(after) };
  return getOrg(ctx, id);
}

export async function deleteOrg(ctx: Ctx, id: number): Promise<void> {
  const actor = requireActor(ctx);
  const o = await findOrgInScope(ctx, id);
  if (o.parentId === null) throw conflict({ zh: '根机构不能删除', en: 'The root cannot be deleted' });
  assertManageable(actor, o.path.slice(0, o.path.slice(0, -1).lastIndexOf('/') + 1));
  if (o.id === actor.orgId) throw conflict({ zh: '不能删除自己所在的机构', en: 'You cannot delete your own organisation' });
  const [{ children }] = await ctx.db.select({ children: count() }).from(orgs).where(eq(orgs.parentId, id));
  const [{ members }] = await ctx.db.select({ members: count() }).from(users).where(eq(users.orgId, id));
  if (children || members) {
    throw conflict(
      { zh: `该机构下还有 ${children} 个下级机构、${members} 个用户，不能删除；可改为停用`, en: `It still has ${children} sub-organisations and ${members} users; disable it instead` },
      { children, members },
    );
  }
  await ctx.db.delete(orgs).where(and(eq(orgs.id, id)));
  ctx.audit = { targetType: 'org', targetId: id, before: auditView(o) };
}
