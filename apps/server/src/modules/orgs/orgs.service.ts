import { and, asc, count, eq, ilike, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Org, OrgCreate, OrgUpdate, Page } from '@shangmi/shared';
import { orgs } from '../../db/schema/index.js';
import { rowsOf } from '../../db/sql.js';
import { andAll, containsPattern, likeEscape, requireActor, scopeCondition } from '../../platform/access.js';
import type { Actor, Ctx } from '../../platform/context.js';
import { AppError, conflict, fieldError, notFound } from '../../platform/errors.js';
import { common, type Msg } from '../../platform/messages.js';
import { findDistrict } from '../regions/regions.service.js';
import { msg } from './orgs.messages.js';

/** A subtree moved: modules that keep copies of organisation paths rewrite them, in the same transaction. */
export type OrgSubtreeMoved = (ctx: Ctx, move: { oldPrefix: string; newPrefix: string }) => Promise<void>;
/** What else refers to an organisation about to be deleted, counted (`key` names the count in the error's details). */
export type OrgReferences = (ctx: Ctx, orgId: number) => Promise<{ key: string; count: number; noun: Msg }>;
/**
 * Whether a module keeps a record behind this organisation node (an enterprise's, a site's): then the node mirrors the
 * record, and the answer is the message under each field that must be changed there instead. Null: not this module's.
 */
export type OrgRecordKept = (ctx: Ctx, org: { id: number; kind: string }) => Promise<Msg | null>;

/**
 * The organisation tree is below every other module: it never reads their tables. What they need from it, they add
 * in their register() (platform/hooks.ts).
 */
declare module '../../platform/hooks.js' {
  interface HookMap {
    'orgs.subtreeMoved': OrgSubtreeMoved;
    'orgs.references': OrgReferences;
    'orgs.recordKept': OrgRecordKept;
  }
}

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
export async function findOrgInScope(ctx: Ctx, id: number, field?: string, opts: { lock?: boolean } = {}): Promise<typeof orgs.$inferSelect> {
  const actor = requireActor(ctx);
  const q = ctx.db.select().from(orgs).where(andAll(eq(orgs.id, id), orgScope(actor)));
  const [o] = opts.lock ? await q.for('update') : await q;
  if (!o) {
    if (field) throw fieldError(field, common.notInScope);
    throw notFound();
  }
  return o;
}

/**
 * The bureau an organisation of a district belongs under: the district's bureau, or (no district, or a district without
 * one) the region's city bureau. No access check.
 */
export async function findBureau(ctx: Ctx, regionCode: string, districtCode: string | null): Promise<typeof orgs.$inferSelect | null> {
  if (districtCode) {
    const [d] = await ctx.db
      .select()
      .from(orgs)
      .where(and(eq(orgs.kind, 'district_bureau'), eq(orgs.regionCode, regionCode), eq(orgs.districtCode, districtCode)))
      .orderBy(asc(orgs.id))
      .limit(1);
    if (d) return d;
  }
  const [city] = await ctx.db
    .select()
    .from(orgs)
    .where(and(eq(orgs.kind, 'city_bureau'), eq(orgs.regionCode, regionCode)))
    .orderBy(asc(orgs.id))
    .limit(1);
  return city ?? null;
}

/** findBureau, or a conflict when the region has no market regulation bureau configured (nothing can be placed). */
export async function requireBureau(ctx: Ctx, regionCode: string, districtCode: string | null): Promise<typeof orgs.$inferSelect> {
  const bureau = await findBureau(ctx, regionCode, districtCode);
  if (!bureau) throw new AppError('CONFLICT', { message: common.noBureau });
  return bureau;
}

export async function getOrg(ctx: Ctx, id: number): Promise<Org> {
  const actor = requireActor(ctx);
  const [o] = await selectOrgs(ctx, andAll(eq(orgs.id, id), orgScope(actor)), 1, 0);
  if (!o) throw notFound();
  return o;
}

async function checkDistrict(ctx: Ctx, regionCode: string | null, districtCode: string | null | undefined) {
  if (!districtCode) return;
  const d = await findDistrict(ctx, districtCode);
  if (!d || (regionCode && d.regionCode !== regionCode)) {
    throw fieldError('districtCode', common.notDistrictOfRegion);
  }
}

function assertManageable(actor: Actor, childPathPrefix: string) {
  // the new organisation sits below `childPathPrefix`; the actor must be able to see it afterwards
  if (actor.scope !== 'all' && !(actor.scope === 'org_and_below' && childPathPrefix.startsWith(actor.orgPath))) {
    throw new AppError('FORBIDDEN', {
      message: msg.onlyBelowOwn,
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

type OrgNode = typeof orgs.$inferSelect;
type OrgValues = Omit<typeof orgs.$inferInsert, 'id' | 'path' | 'parentId' | 'regionCode' | 'createdAt' | 'updatedAt'>;

/**
 * Inserts an organisation under `parent` (taking its region) and sets its path. No access check: createOrg checks the
 * actor; other modules that own organisation nodes (an enterprise is one) check their own rules first.
 */
export async function insertOrgNode(ctx: Ctx, parent: Pick<OrgNode, 'id' | 'path' | 'regionCode'>, values: OrgValues): Promise<OrgNode> {
  const [row] = await ctx.db
    .insert(orgs)
    .values({ ...values, parentId: parent.id, path: '/', regionCode: parent.regionCode, createdAt: ctx.now, updatedAt: ctx.now })
    .returning({ id: orgs.id });
  const [created] = await ctx.db
    .update(orgs)
    .set({ path: `${parent.path}${row.id}/` })
    .where(eq(orgs.id, row.id))
    .returning();
  return created;
}

/** The fields of a node that a bulk writer gives (the enterprise import: thousands of nodes in one statement). */
export interface OrgNodeRow {
  parentId: number;
  parentPath: string;
  name: string;
  districtCode: string | null;
  creditCode: string | null;
  contactName: string | null;
  contactPhone: string | null;
  address: string | null;
}

const col = (values: unknown[], type: string) => sql`${sql.param(values)}::${sql.raw(type)}[]`;

/**
 * Inserts many nodes of one kind and region in one statement, for bulk writers that check their own rules first (no
 * access check). The ids are drawn from the sequence before the insert (a node's path holds its own id); they come
 * back in the order of `rows`.
 */
export async function insertOrgNodes(ctx: Ctx, kind: string, regionCode: string, rows: OrgNodeRow[]): Promise<{ id: number; path: string }[]> {
  if (!rows.length) return [];
  const allocated = await ctx.db.execute(sql`select nextval(pg_get_serial_sequence('orgs', 'id'))::int as id from generate_series(1, ${rows.length}::int)`);
  const ids = rowsOf<{ id: number }>(allocated).map((r) => Number(r.id));
  const paths = rows.map((r, i) => `${r.parentPath}${ids[i]}/`);
  const now = ctx.now.toISOString();
  const of = <K extends keyof OrgNodeRow>(k: K) => rows.map((r) => r[k]);
  await ctx.db.execute(sql`
    insert into ${orgs} (id, parent_id, path, name, kind, region_code, district_code, credit_code, contact_name, contact_phone, address,
      created_at, updated_at)
    select id, parent_id, path, name, ${kind}, ${regionCode}, district_code, credit_code, contact_name, contact_phone, address,
      ${now}::timestamptz, ${now}::timestamptz
    from unnest(${col(ids, 'int')}, ${col(of('parentId'), 'int')}, ${col(paths, 'text')}, ${col(of('name'), 'text')},
      ${col(of('districtCode'), 'text')}, ${col(of('creditCode'), 'text')}, ${col(of('contactName'), 'text')},
      ${col(of('contactPhone'), 'text')}, ${col(of('address'), 'text')})
      as t(id, parent_id, path, name, district_code, credit_code, contact_name, contact_phone, address)`);
  return ids.map((id, i) => ({ id, path: paths[i] }));
}

/** Sets the name and contacts of many nodes in one statement (bulk writers; no access check, no move). */
export async function setOrgNodesFields(
  ctx: Ctx,
  rows: { id: number; name: string; contactName: string | null; contactPhone: string | null; address: string | null }[],
): Promise<void> {
  if (!rows.length) return;
  const values = sql.join(
    rows.map((r) => sql`(${r.id}::int, ${r.name}::text, ${r.contactName}::text, ${r.contactPhone}::text, ${r.address}::text)`),
    sql`, `,
  );
  await ctx.db.execute(sql`
    update ${orgs} as o set name = v.name, contact_name = v.contact_name, contact_phone = v.contact_phone, address = v.address,
      updated_at = ${ctx.now.toISOString()}::timestamptz
    from (values ${values}) as v(id, name, contact_name, contact_phone, address)
    where o.id = v.id`);
}

/** Changes fields of an organisation node that another module owns (no access check, no move: see moveOrgSubtree). */
export async function setOrgFields(ctx: Ctx, id: number, fields: Partial<Omit<OrgValues, 'kind'>>): Promise<void> {
  await ctx.db.update(orgs).set({ ...fields, updatedAt: ctx.now }).where(eq(orgs.id, id));
}

/** Deletes an organisation node that another module owns, once it has no children and no users (no access check). */
export async function deleteOrgNode(ctx: Ctx, id: number): Promise<void> {
  await ctx.db.delete(orgs).where(eq(orgs.id, id));
}

/**
 * Moves an organisation with its subtree under `parent`: every path below it and the copies other modules keep
 * (their users' paths among them: the `orgs.subtreeMoved` handlers). Moved into another district, the subtree takes the new district unless `keepDistrict`.
 * No access check: callers check the actor first.
 */
export async function moveOrgSubtree(ctx: Ctx, org: OrgNode, parent: OrgNode, opts: { keepDistrict?: boolean } = {}): Promise<void> {
  const oldPrefix = org.path;
  const newPrefix = `${parent.path}${org.id}/`;
  const below = `${likeEscape(oldPrefix)}%`;
  await ctx.db.execute(sql`update ${orgs} set path = ${newPrefix} || substr(path, ${oldPrefix.length + 1}) where path like ${below}`);
  await ctx.db.update(orgs).set({ parentId: parent.id, updatedAt: ctx.now }).where(eq(orgs.id, org.id));
  if (!opts.keepDistrict && parent.districtCode && parent.districtCode !== org.districtCode) {
    await ctx.db.execute(
      sql`update ${orgs} set district_code = ${parent.districtCode} where path like ${`${likeEscape(newPrefix)}%`} and district_code is not distinct from ${org.districtCode}`,
    );
  }
  for (const listener of ctx.deps.hooks.all('orgs.subtreeMoved')) await listener(ctx, { oldPrefix, newPrefix });
}

export async function createOrg(ctx: Ctx, input: OrgCreate): Promise<Org> {
  const actor = requireActor(ctx);
  const parent = await findOrgInScope(ctx, input.parentId, 'parentId');
  assertManageable(actor, parent.path);
  const districtCode = input.districtCode ?? parent.districtCode;
  await checkDistrict(ctx, parent.regionCode, districtCode);
  const created = await insertOrgNode(ctx, parent, {
    name: input.name,
    shortName: input.shortName ?? null,
    kind: input.kind,
    districtCode: districtCode ?? null,
    creditCode: input.creditCode ?? null,
    contactName: input.contactName ?? null,
    contactPhone: input.contactPhone ?? null,
    address: input.address ?? null,
    sort: input.sort,
  });
  ctx.audit = { targetType: 'org', targetId: created.id, after: auditView(created) };
  return getOrg(ctx, created.id);
}

// the fields an enterprise's or a site's node mirrors from its record (企业名录 / 基地站点); a move (parentId) is fine:
// the records follow their node (orgs.subtreeMoved)
const REGISTRY_FIELDS = ['name', 'kind', 'creditCode', 'districtCode', 'contactName', 'contactPhone', 'address'] as const;

async function assertNotRegistryField(ctx: Ctx, org: { id: number; kind: string }, input: OrgUpdate) {
  const fields = REGISTRY_FIELDS.filter((k) => input[k] !== undefined);
  if (!fields.length) return;
  for (const kept of ctx.deps.hooks.all('orgs.recordKept')) {
    const message = await kept(ctx, org);
    if (message) throw new AppError('CONFLICT', { fields: fields.map((field) => ({ field, message })) });
  }
}

export async function updateOrg(ctx: Ctx, id: number, input: OrgUpdate): Promise<Org> {
  const actor = requireActor(ctx);
  const before = await findOrgInScope(ctx, id, undefined, { lock: true });
  assertManageable(actor, before.parentId === null ? '/' : before.path.slice(0, before.path.slice(0, -1).lastIndexOf('/') + 1));
  await assertNotRegistryField(ctx, before, input);
  const set: Partial<typeof orgs.$inferInsert> = { updatedAt: ctx.now };
  for (const k of ['name', 'shortName', 'kind', 'creditCode', 'contactName', 'contactPhone', 'address', 'sort', 'status'] as const) {
    if (input[k] !== undefined) (set as Record<string, unknown>)[k] = input[k];
  }
  if (input.districtCode !== undefined) {
    await checkDistrict(ctx, before.regionCode, input.districtCode);
    set.districtCode = input.districtCode;
  }
  let newParent: OrgNode | undefined;
  if (input.parentId !== undefined && input.parentId !== before.parentId) {
    if (before.parentId === null) throw fieldError('parentId', msg.rootNotMoved);
    const parent = await findOrgInScope(ctx, input.parentId, 'parentId');
    if (parent.path.startsWith(before.path)) {
      throw fieldError('parentId', msg.moveUnderItself);
    }
    assertManageable(actor, parent.path);
    newParent = parent;
  }
  await ctx.db.update(orgs).set(set).where(eq(orgs.id, id));
  // fields first, then the move: what listeners of the move read is already the organisation as patched
  if (newParent) await moveOrgSubtree(ctx, before, newParent, { keepDistrict: input.districtCode !== undefined });
  const [after] = await ctx.db.select().from(orgs).where(eq(orgs.id, id));
  ctx.audit = { targetType: 'org', targetId: id, before: auditView(before), after: auditView(after) };
  return getOrg(ctx, id);
}

export async function deleteOrg(ctx: Ctx, id: number): Promise<void> {
  const actor = requireActor(ctx);
  const o = await findOrgInScope(ctx, id);
  if (o.parentId === null) throw conflict(msg.rootNotDeleted);
  assertManageable(actor, o.path.slice(0, o.path.slice(0, -1).lastIndexOf('/') + 1));
  if (o.id === actor.orgId) throw conflict(msg.notOwnDeleted);
  const [{ children }] = await ctx.db.select({ children: count() }).from(orgs).where(eq(orgs.parentId, id));
  const refs: Awaited<ReturnType<OrgReferences>>[] = [];
  for (const references of ctx.deps.hooks.all('orgs.references')) refs.push(await references(ctx, id));
  if (children || refs.some((r) => r.count)) {
    throw conflict(msg.stillInUse(children, refs), { children, ...Object.fromEntries(refs.map((r) => [r.key, r.count])) });
  }
  await ctx.db.delete(orgs).where(and(eq(orgs.id, id)));
  ctx.audit = { targetType: 'org', targetId: id, before: auditView(o) };
}
