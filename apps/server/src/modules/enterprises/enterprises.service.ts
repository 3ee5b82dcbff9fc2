import { alias, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { arrayContains, asc, count, desc, eq, getTableColumns, ilike, inArray, like, ne, or, sql, type SQL } from 'drizzle-orm';
import {
  creditCodeDivision,
  creditCodeMessage,
  ENTERPRISE_SELF_FIELDS,
  normalizeCreditCode,
  queryTokens,
  searchTokens,
  suggestDistrictCode,
  toTsQuery,
  type Enterprise,
  type EnterpriseCreate,
  type EnterpriseListQuery,
  type EnterpriseRegistration,
  type EnterpriseStats,
  type EnterpriseUpdate,
  type Page,
  type PageQuery,
  type Region,
} from '@shangmi/shared';
import { cultivationEntries, enterprises, orgs } from '../../db/schema/index.js';
import { andAll, can, containsPattern, likeEscape, requireActor, scopeCondition } from '../../platform/access.js';
import { cachedCount } from '../../platform/count-cache.js';
import type { Actor, Ctx } from '../../platform/context.js';
import { AppError, conflict, fieldError, notFound, registerUniqueField } from '../../platform/errors.js';
import { dictRoot, isDictValue } from '../dicts/dicts.service.js';
import {
  deleteOrgNode,
  findBureau,
  findOrgInScope,
  insertOrgNode,
  moveOrgSubtree,
  onOrgSubtreeMoved,
  setOrgFields,
} from '../orgs/orgs.service.js';
import { listRegions } from '../regions/regions.service.js';
import { roleIdByCode } from '../roles/roles.service.js';
import { deleteOrgUsers, enableOrgUsers, insertUser, isUsernameTaken, moveOrgUsers } from '../users/users.service.js';

type Row = typeof enterprises.$inferSelect;
type Msg = { zh: string; en: string };

// a concurrent create that slipped past the duplicate check still names the field
registerUniqueField('enterprises_region_credit_code_uq', 'creditCode');

// the path copies follow their organisations when a subtree moves (by the orgs API or by a district change here);
// an enterprise's district is its organisation's
onOrgSubtreeMoved(async (ctx, { oldPrefix, newPrefix }) => {
  const below = `${likeEscape(oldPrefix)}%`;
  const cut = oldPrefix.length + 1;
  await ctx.db.execute(sql`update ${enterprises} set org_path = ${newPrefix} || substr(org_path, ${cut}) where org_path like ${below}`);
  await ctx.db.execute(
    sql`update ${enterprises} set site_org_path = ${newPrefix} || substr(site_org_path, ${cut}) where site_org_path like ${below}`,
  );
  await ctx.db.execute(
    sql`update ${enterprises} as e set district_code = o.district_code from ${orgs} as o
         where o.id = e.org_id and e.org_path like ${`${likeEscape(newPrefix)}%`} and e.district_code is distinct from o.district_code`,
  );
});

export type EnterprisesMerged = (ctx: Ctx, merge: { fromId: number; intoId: number }) => Promise<void>;
const mergeListeners: EnterprisesMerged[] = [];
/** Modules holding rows about an enterprise (cultivation, checkups…) move them to the record it was merged into. */
export function onEnterprisesMerged(listener: EnterprisesMerged): void {
  mergeListeners.push(listener);
}

// ---------------------------------------------------------------------------------------------------------------
// Scope

const isEnterpriseUser = (actor: Actor) => actor.orgKind === 'enterprise';

/**
 * The enterprises an actor may see, as a bound condition. Enterprise users (whose organisation is an enterprise) see
 * their own enterprise only, whatever their roles. Others by data scope: `all`; `org_and_below` — the enterprise's
 * organisation or its serving site below the actor's; `org` — the actor's own enterprise, or those the actor's
 * organisation serves; `self` — the actor's own enterprise.
 */
export function enterpriseScope(actor: Actor): SQL | undefined {
  if (isEnterpriseUser(actor)) return eq(enterprises.orgId, actor.orgId);
  switch (actor.scope) {
    case 'all':
      return undefined;
    case 'org_and_below':
      return or(scopeCondition(actor, { orgPath: enterprises.orgPath }), scopeCondition(actor, { orgPath: enterprises.siteOrgPath }));
    case 'org':
      return or(eq(enterprises.orgId, actor.orgId), eq(enterprises.siteOrgId, actor.orgId));
    case 'self':
      return eq(enterprises.orgId, actor.orgId);
  }
}

export type Placement = Pick<Row, 'orgId' | 'orgPath' | 'siteOrgId' | 'siteOrgPath'>;

/** enterpriseScope for a row in hand (or about to be written). */
export function visibleTo(actor: Actor, e: Placement): boolean {
  if (isEnterpriseUser(actor)) return e.orgId === actor.orgId;
  switch (actor.scope) {
    case 'all':
      return true;
    case 'org_and_below':
      return e.orgPath.startsWith(actor.orgPath) || !!e.siteOrgPath?.startsWith(actor.orgPath);
    case 'org':
      return e.orgId === actor.orgId || e.siteOrgId === actor.orgId;
    case 'self':
      return e.orgId === actor.orgId;
  }
}

const outsideScope = (field: string) =>
  fieldError(field, { zh: '超出您的管理范围（请选择本辖区）', en: 'is outside your area (choose one within it)' }, 'FORBIDDEN');

function assertStaff(actor: Actor) {
  if (isEnterpriseUser(actor)) {
    throw new AppError('FORBIDDEN', { message: { zh: '企业用户不能执行此操作', en: 'Enterprise users cannot do this' } });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

const site = alias(orgs, 'site');
// the search vector stays in the database: it is large and means nothing to a client
const { search: _search, ...columns } = getTableColumns(enterprises);
const selection = { ...columns, siteOrgName: site.name };

function toEnterprise(r: Omit<Row, 'search'> & { siteOrgName: string | null }): Enterprise {
  return {
    id: r.id,
    orgId: r.orgId,
    regionCode: r.regionCode,
    creditCode: r.creditCode,
    name: r.name,
    legalRep: r.legalRep,
    regAddress: r.regAddress,
    opAddress: r.opAddress,
    districtCode: r.districtCode,
    parkId: r.parkId,
    industryCode: r.industryCode,
    industrySection: r.industrySection,
    size: r.size,
    kinds: r.kinds,
    products: r.products,
    contactName: r.contactName,
    contactPhone: r.contactPhone,
    contactEmail: r.contactEmail,
    siteOrgId: r.siteOrgId,
    siteOrgName: r.siteOrgName,
    status: r.status,
    mergedIntoId: r.mergedIntoId,
    source: r.source,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export type EnterpriseFilters = Omit<EnterpriseListQuery, 'sort'>;

/** The list's conditions, and (with `q`) the relevance of a row: text rank plus the name's trigram similarity. */
function filterConditions(actor: Actor, q: EnterpriseFilters): { where: SQL | undefined; relevance?: SQL<number> } {
  const conds: (SQL | undefined)[] = [enterpriseScope(actor)];
  if (q.regionCode) conds.push(eq(enterprises.regionCode, q.regionCode));
  if (q.districtCode) conds.push(eq(enterprises.districtCode, q.districtCode));
  if (q.parkId) conds.push(eq(enterprises.parkId, q.parkId));
  if (q.industryCode) {
    // a section letter covers its divisions; a division code (GB/T 4754 codes nest by prefix) covers its groups
    conds.push(
      /^[A-Z]$/.test(q.industryCode)
        ? eq(enterprises.industrySection, q.industryCode)
        : like(enterprises.industryCode, `${likeEscape(q.industryCode)}%`),
    );
  }
  if (q.kind) conds.push(arrayContains(enterprises.kinds, [q.kind]));
  if (q.size) conds.push(eq(enterprises.size, q.size));
  // merged records are pointers to the surviving one: out of lists and counts unless asked for
  conds.push(q.status ? eq(enterprises.status, q.status) : ne(enterprises.status, 'merged'));
  if (q.siteOrgId) conds.push(eq(enterprises.siteOrgId, q.siteOrgId));
  if (q.stage) {
    if (!can(actor, 'cultivation:read')) throw fieldError('stage', { zh: '您没有查看培育清单的权限', en: 'needs the right to view the cultivation list' }, 'FORBIDDEN');
    // written out (enterprises.id): a single-table count leaves its columns unqualified
    const open = sql`exists (select 1 from ${cultivationEntries} c where c.enterprise_id = enterprises.id and c.stage <> 'withdrawn')`;
    conds.push(
      q.stage === 'withdrawn'
        ? sql`exists (select 1 from ${cultivationEntries} c where c.enterprise_id = enterprises.id and c.stage = 'withdrawn') and not ${open}`
        : sql`exists (select 1 from ${cultivationEntries} c where c.enterprise_id = enterprises.id and c.stage = ${q.stage})`,
    );
  }
  let relevance: SQL<number> | undefined;
  if (q.q) {
    const tsq = toTsQuery(queryTokens(q.q));
    // the trigram index serves three characters or more; shorter queries are whole tokens (a bigram, a prefix), which
    // the text index answers alone — a two-character LIKE would read the whole trigram index
    const partial = [...q.q].length >= 3 || !tsq ? ilike(enterprises.name, containsPattern(q.q)) : undefined;
    const similarity = sql<number>`similarity(${enterprises.name}, ${q.q})`;
    if (tsq) {
      const query = sql`to_tsquery('simple', ${tsq})`;
      const matches = sql`${enterprises.search} @@ ${query}`;
      conds.push(partial ? or(matches, partial) : matches);
      relevance = sql<number>`ts_rank(${enterprises.search}, ${query}) + ${similarity}`;
    } else {
      conds.push(partial);
      relevance = similarity;
    }
  }
  return { where: andAll(...conds), relevance };
}

const sortColumns = { id: enterprises.id, name: enterprises.name, createdAt: enterprises.createdAt, updatedAt: enterprises.updatedAt };

function selectEnterprises(ctx: Ctx) {
  return ctx.db.select(selection).from(enterprises).leftJoin(site, eq(site.id, enterprises.siteOrgId));
}

/**
 * A search ranks at most this many matches, the newest: ranking every match of a common word (科技: one name in eight
 * of a million) costs a second, and nobody pages past the first screens of a ranked list. More matches than this:
 * the page says so (`capped`) and asks for a narrower search.
 */
export const RANKED_MATCHES = 1000;

export async function listEnterprises(ctx: Ctx, q: EnterpriseListQuery & PageQuery): Promise<Page<Enterprise>> {
  const actor = requireActor(ctx);
  const { where, relevance } = filterConditions(actor, q);
  const dir = q.order === 'asc' ? asc : desc;
  if (relevance && !q.sort) {
    const candidates = ctx.db.select({ id: enterprises.id }).from(enterprises).where(where).orderBy(desc(enterprises.id)).limit(RANKED_MATCHES);
    const capped = ctx.db.select({ one: sql`1` }).from(enterprises).where(where).limit(RANKED_MATCHES + 1).as('m');
    const [rows, total] = await Promise.all([
      selectEnterprises(ctx)
        .where(inArray(enterprises.id, candidates))
        .orderBy(desc(relevance), desc(enterprises.id))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      cachedCount(ctx.db.select({ total: count() }).from(capped)),
    ]);
    return { items: rows.map(toEnterprise), total: Math.min(total, RANKED_MATCHES), page: q.page, pageSize: q.pageSize, capped: total > RANKED_MATCHES };
  }
  const [rows, total] = await Promise.all([
    selectEnterprises(ctx)
      .where(where)
      .orderBy(dir(sortColumns[q.sort ?? 'id']), dir(enterprises.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    cachedCount(ctx.db.select({ total: count() }).from(enterprises).where(where)),
  ]);
  return { items: rows.map(toEnterprise), total, page: q.page, pageSize: q.pageSize };
}

export async function exportEnterprises(ctx: Ctx, q: EnterpriseListQuery & Pick<PageQuery, 'order'>, limit: number): Promise<Enterprise[]> {
  const actor = requireActor(ctx);
  const { where, relevance } = filterConditions(actor, q);
  const dir = q.order === 'asc' ? asc : desc;
  const orderBy = relevance && !q.sort ? [desc(relevance), desc(enterprises.id)] : [dir(sortColumns[q.sort ?? 'id']), dir(enterprises.id)];
  const rows = await selectEnterprises(ctx)
    .where(where)
    .orderBy(...orderBy)
    .limit(limit);
  return rows.map(toEnterprise);
}

/** Counts for charts, over what the list with the same filters would show. */
export async function enterpriseStats(ctx: Ctx, q: EnterpriseFilters): Promise<EnterpriseStats> {
  const actor = requireActor(ctx);
  const { where } = filterConditions(actor, q);
  const by = (col: AnyPgColumn) =>
    ctx.db
      .select({ key: sql<string | null>`${col}`, count: count() })
      .from(enterprises)
      .where(where)
      .groupBy(col)
      .orderBy(desc(count()), asc(col));
  const kinds = ctx.db
    .select({ kind: sql<string>`unnest(${enterprises.kinds})`.as('kind') })
    .from(enterprises)
    .where(where)
    .as('k');
  const [[{ total }], byDistrict, byIndustry, byKind, bySize, byStatus] = await Promise.all([
    ctx.db.select({ total: count() }).from(enterprises).where(where),
    by(enterprises.districtCode),
    by(enterprises.industrySection),
    ctx.db.select({ key: kinds.kind, count: count() }).from(kinds).groupBy(kinds.kind).orderBy(desc(count()), asc(kinds.kind)),
    by(enterprises.size),
    by(enterprises.status),
  ]);
  return { total, byDistrict, byIndustry, byKind, bySize, byStatus };
}

/**
 * The registered district of an enterprise by credit code in a region, or null. No access check and only the district:
 * the cases module routes a (possibly anonymous) filing about the enterprise to its district bureau.
 */
export async function registryDistrict(ctx: Ctx, regionCode: string, creditCode: string): Promise<string | null> {
  const [row] = await ctx.db
    .select({ districtCode: enterprises.districtCode })
    .from(enterprises)
    .where(andAll(eq(enterprises.regionCode, regionCode), eq(enterprises.creditCode, creditCode)))
    .limit(1);
  return row?.districtCode ?? null;
}

/** An enterprise within the actor's scope. With `field`, a miss is a validation error on that field; else 404. */
export async function findEnterpriseInScope(ctx: Ctx, id: number, field?: string, opts: { lock?: boolean } = {}): Promise<Row> {
  const actor = requireActor(ctx);
  const q = ctx.db
    .select()
    .from(enterprises)
    .where(andAll(eq(enterprises.id, id), enterpriseScope(actor)));
  const [row] = opts.lock ? await q.for('update') : await q;
  if (!row) {
    if (field) throw fieldError(field, { zh: '不存在或不在您的管理范围内', en: 'does not exist or is outside your scope' });
    throw notFound();
  }
  return row;
}

export async function getEnterprise(ctx: Ctx, id: number): Promise<Enterprise> {
  const actor = requireActor(ctx);
  const [row] = await selectEnterprises(ctx).where(andAll(eq(enterprises.id, id), enterpriseScope(actor)));
  if (!row) throw notFound();
  return toEnterprise(row);
}

// ---------------------------------------------------------------------------------------------------------------
// Validation shared by create, update and registration

const INVALID_VALUE: Msg = { zh: '不是有效的取值', en: 'is not an allowed value' };

function checkCreditCode(code: string): string {
  const problem = creditCodeMessage(code);
  if (problem) throw fieldError('creditCode', problem);
  return normalizeCreditCode(code);
}

/** The record already holding a credit code in a region (and not `exceptId`). */
async function holderOf(ctx: Ctx, regionCode: string, creditCode: string, exceptId?: number) {
  const [dup] = await ctx.db
    .select({ id: enterprises.id, name: enterprises.name, orgId: enterprises.orgId, orgPath: enterprises.orgPath, siteOrgId: enterprises.siteOrgId, siteOrgPath: enterprises.siteOrgPath })
    .from(enterprises)
    .where(andAll(eq(enterprises.regionCode, regionCode), eq(enterprises.creditCode, creditCode), exceptId ? ne(enterprises.id, exceptId) : undefined));
  return dup;
}

/**
 * Staff are told which record holds the code (id and name: the pair is public in the national registry), and whether
 * they may open it; a duplicate merge starts from here.
 */
async function assertCreditCodeFree(ctx: Ctx, actor: Actor, regionCode: string, creditCode: string, exceptId?: number) {
  const dup = await holderOf(ctx, regionCode, creditCode, exceptId);
  if (!dup) return;
  throw new AppError('CONFLICT', {
    fields: [{ field: 'creditCode', message: { zh: `已登记为「${dup.name}」`, en: `is already registered, as “${dup.name}”` } }],
    details: { existingId: dup.id, existingName: dup.name, existingInScope: visibleTo(actor, dup) },
  });
}

async function regionOf(ctx: Ctx, regionCode: string): Promise<Region> {
  const region = (await listRegions(ctx)).find((r) => r.code === regionCode);
  if (!region) throw fieldError('regionCode', { zh: '不存在', en: 'does not exist' });
  return region;
}

/**
 * The region of a new enterprise: as given; else the creator's; else the one its district or its credit code's
 * 行政区划 names (a district, the city itself, or the city of a county-level code); else the only region there is.
 */
async function resolveRegion(ctx: Ctx, actor: Actor | null, input: { regionCode?: string; districtCode?: string | null; creditCode: string }): Promise<Region> {
  const regions = await listRegions(ctx);
  const pick = (code: string | null | undefined) => (code ? regions.find((r) => r.code === code) : undefined);
  if (input.regionCode) return regionOf(ctx, input.regionCode);
  const own = pick(actor?.regionCode);
  if (own) return own;
  const byDistrict = (code: string | null | undefined) => (code ? regions.find((r) => r.districts.some((d) => d.code === code)) : undefined);
  const division = creditCodeDivision(input.creditCode);
  const found = byDistrict(input.districtCode) ?? byDistrict(division) ?? pick(division) ?? pick(`${division.slice(0, 4)}00`);
  if (found) return found;
  if (regions.length === 1) return regions[0];
  throw fieldError('regionCode', { zh: '请选择所属地区', en: 'is required (choose a region)' });
}

function checkDistrict(region: Region, districtCode: string | null): string | null {
  if (districtCode && !region.districts.some((d) => d.code === districtCode)) {
    throw fieldError('districtCode', { zh: '不属于本地区', en: 'is not a district of this region' });
  }
  return districtCode;
}

function checkPark(region: Region, parkId: number | null): number | null {
  if (parkId && !region.parks.some((p) => p.id === parkId)) throw fieldError('parkId', { zh: '不是本地区的园区', en: 'is not a park of this region' });
  return parkId;
}

async function checkIndustry(ctx: Ctx, code: string | null): Promise<{ industryCode: string | null; industrySection: string | null }> {
  if (!code) return { industryCode: null, industrySection: null };
  if (!(await isDictValue(ctx, 'industry', code))) throw fieldError('industryCode', INVALID_VALUE);
  return { industryCode: code, industrySection: await dictRoot(ctx, 'industry', code) };
}

async function checkSize(ctx: Ctx, size: string | null): Promise<string | null> {
  if (size && !(await isDictValue(ctx, 'enterprise_size', size))) throw fieldError('size', INVALID_VALUE);
  return size;
}

async function checkKinds(ctx: Ctx, kinds: string[]): Promise<string[]> {
  const unique = [...new Set(kinds)];
  const bad: string[] = [];
  for (const k of unique) if (!(await isDictValue(ctx, 'enterprise_kind', k))) bad.push(k);
  if (bad.length) throw fieldError('kinds', { zh: `包含无效的取值：${bad.join('、')}`, en: `contains values that are not allowed: ${bad.join(', ')}` });
  return unique;
}

/** The serving site: an organisation of kind `site` of the same region, within the actor's scope. */
async function checkSite(ctx: Ctx, regionCode: string, siteOrgId: number | null): Promise<{ siteOrgId: number | null; siteOrgPath: string | null }> {
  if (!siteOrgId) return { siteOrgId: null, siteOrgPath: null };
  const o = await findOrgInScope(ctx, siteOrgId, 'siteOrgId');
  if (o.kind !== 'site' || o.regionCode !== regionCode) {
    throw fieldError('siteOrgId', { zh: '不是本地区的服务站点', en: 'is not a protection site of this region' });
  }
  return { siteOrgId: o.id, siteOrgPath: o.path };
}

async function bureauOf(ctx: Ctx, regionCode: string, districtCode: string | null) {
  const bureau = await findBureau(ctx, regionCode, districtCode);
  if (!bureau) {
    throw new AppError('CONFLICT', { message: { zh: '该地区尚未配置市场监管局机构', en: 'This region has no market regulation bureau configured' } });
  }
  return bureau;
}

/** The district of a new record: as given; else the credit code's; else the creator's own district. */
async function defaultDistrict(ctx: Ctx, actor: Actor | null, region: Region, creditCode: string): Promise<string | null> {
  const suggested = suggestDistrictCode(creditCode, region.districts.map((d) => d.code));
  if (suggested || !actor) return suggested;
  const own = await findOrgInScope(ctx, actor.orgId);
  return own.regionCode === region.code && own.districtCode ? own.districtCode : null;
}

/** The tokens of the search vector: names and codes weigh more than addresses and products in the ranking. */
export function searchText(v: Pick<Row, 'name' | 'creditCode' | 'regAddress' | 'opAddress' | 'products'>): { strong: string; weak: string } {
  return { strong: searchTokens(v.name, v.creditCode).join(' '), weak: searchTokens(v.regAddress, v.opAddress, v.products).join(' ') };
}

export function searchVector(v: Pick<Row, 'name' | 'creditCode' | 'regAddress' | 'opAddress' | 'products'>): SQL {
  const { strong, weak } = searchText(v);
  return sql`setweight(to_tsvector('simple', ${strong}), 'A') || to_tsvector('simple', ${weak})`;
}

const auditView = (e: Row) => ({
  creditCode: e.creditCode,
  name: e.name,
  regionCode: e.regionCode,
  districtCode: e.districtCode,
  parkId: e.parkId,
  industryCode: e.industryCode,
  size: e.size,
  kinds: e.kinds,
  legalRep: e.legalRep,
  regAddress: e.regAddress,
  opAddress: e.opAddress,
  products: e.products,
  contactName: e.contactName,
  contactPhone: e.contactPhone,
  contactEmail: e.contactEmail,
  siteOrgId: e.siteOrgId,
  status: e.status,
  mergedIntoId: e.mergedIntoId,
  source: e.source,
});

export const orgFieldsOf = (e: Pick<Row, 'name' | 'creditCode' | 'districtCode' | 'contactName' | 'contactPhone' | 'regAddress' | 'opAddress'>) => ({
  name: e.name,
  creditCode: e.creditCode,
  districtCode: e.districtCode,
  contactName: e.contactName,
  contactPhone: e.contactPhone,
  address: e.regAddress ?? e.opAddress,
});

type NewEnterprise = Omit<typeof enterprises.$inferInsert, 'id' | 'orgId' | 'orgPath' | 'search' | 'createdAt' | 'updatedAt'>;

/** The organisation node under the bureau, then the record pointing at it. */
async function insertEnterprise(ctx: Ctx, values: NewEnterprise): Promise<Row> {
  const bureau = await bureauOf(ctx, values.regionCode, values.districtCode ?? null);
  const fields = { legalRep: null, regAddress: null, opAddress: null, contactName: null, contactPhone: null, ...values };
  const org = await insertOrgNode(ctx, bureau, { kind: 'enterprise', ...orgFieldsOf({ ...fields, districtCode: values.districtCode ?? null }) });
  const [row] = await ctx.db
    .insert(enterprises)
    .values({
      ...values,
      orgId: org.id,
      orgPath: org.path,
      search: searchVector({ products: null, ...fields }),
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning();
  return row;
}

// ---------------------------------------------------------------------------------------------------------------
// Writing

export async function createEnterprise(ctx: Ctx, input: EnterpriseCreate): Promise<Enterprise> {
  const actor = requireActor(ctx);
  assertStaff(actor);
  const creditCode = checkCreditCode(input.creditCode);
  const region = await resolveRegion(ctx, actor, { ...input, creditCode });
  const districtCode = checkDistrict(region, input.districtCode === undefined ? await defaultDistrict(ctx, actor, region, creditCode) : input.districtCode);
  const siteFields = await checkSite(ctx, region.code, input.siteOrgId ?? null);
  const bureau = await bureauOf(ctx, region.code, districtCode);
  if (!visibleTo(actor, { orgId: -1, orgPath: bureau.path, ...siteFields })) throw outsideScope('districtCode');
  await assertCreditCodeFree(ctx, actor, region.code, creditCode);
  const row = await insertEnterprise(ctx, {
    regionCode: region.code,
    creditCode,
    name: input.name,
    legalRep: input.legalRep ?? null,
    regAddress: input.regAddress ?? null,
    opAddress: input.opAddress ?? null,
    districtCode,
    parkId: checkPark(region, input.parkId ?? null),
    ...(await checkIndustry(ctx, input.industryCode ?? null)),
    size: await checkSize(ctx, input.size ?? null),
    kinds: await checkKinds(ctx, input.kinds),
    products: input.products ?? null,
    contactName: input.contactName ?? null,
    contactPhone: input.contactPhone ?? null,
    contactEmail: input.contactEmail ?? null,
    ...siteFields,
    status: 'active',
    source: 'staff',
    createdBy: actor.userId,
  });
  ctx.audit = { targetType: 'enterprise', targetId: row.id, after: auditView(row) };
  return getEnterprise(ctx, row.id);
}

export async function updateEnterprise(ctx: Ctx, id: number, input: EnterpriseUpdate): Promise<Enterprise> {
  const actor = requireActor(ctx);
  // locked: the organisation's fields and the search vector are written from the whole record as it is now
  const before = await findEnterpriseInScope(ctx, id, undefined, { lock: true });
  const sent = (Object.keys(input) as (keyof EnterpriseUpdate)[]).filter((k) => input[k] !== undefined);
  if (isEnterpriseUser(actor)) {
    const registryFields = sent.filter((k) => !(ENTERPRISE_SELF_FIELDS as readonly string[]).includes(k));
    if (registryFields.length) {
      throw new AppError('FORBIDDEN', {
        fields: registryFields.map((field) => ({
          field,
          message: { zh: '由主管部门维护，企业不能修改', en: 'is kept by the bureau; the enterprise cannot change it' },
        })),
      });
    }
  }
  if (before.status === 'merged') throw conflict({ zh: '已合并的企业记录不能修改', en: 'A merged record cannot be changed' });
  if (input.status !== undefined && input.status !== before.status && before.status === 'pending') {
    throw fieldError('status', { zh: '待确认的注册请通过“确认”或“驳回”处理', en: 'a pending registration is confirmed or rejected, not edited' }, 'CONFLICT');
  }
  const region = await regionOf(ctx, before.regionCode);
  const set: Partial<typeof enterprises.$inferInsert> = {};
  for (const k of ['name', 'legalRep', 'regAddress', 'opAddress', 'products', 'contactName', 'contactPhone', 'contactEmail', 'status'] as const) {
    if (input[k] !== undefined) (set as Record<string, unknown>)[k] = input[k];
  }
  if (input.creditCode !== undefined) {
    const creditCode = checkCreditCode(input.creditCode);
    if (creditCode !== before.creditCode) {
      await assertCreditCodeFree(ctx, actor, before.regionCode, creditCode, id);
      set.creditCode = creditCode;
    }
  }
  if (input.parkId !== undefined) set.parkId = checkPark(region, input.parkId);
  if (input.industryCode !== undefined) Object.assign(set, await checkIndustry(ctx, input.industryCode));
  if (input.size !== undefined) set.size = await checkSize(ctx, input.size);
  if (input.kinds !== undefined) set.kinds = await checkKinds(ctx, input.kinds);
  if (input.siteOrgId !== undefined && input.siteOrgId !== before.siteOrgId) Object.assign(set, await checkSite(ctx, before.regionCode, input.siteOrgId));

  let bureau: Awaited<ReturnType<typeof bureauOf>> | undefined;
  if (input.districtCode !== undefined && input.districtCode !== before.districtCode) {
    set.districtCode = checkDistrict(region, input.districtCode);
    bureau = await bureauOf(ctx, before.regionCode, set.districtCode);
  }
  // the actor must still see the record afterwards: no pushing it out of one's own area
  const placement = {
    orgId: before.orgId,
    orgPath: bureau ? `${bureau.path}${before.orgId}/` : before.orgPath,
    siteOrgId: set.siteOrgId !== undefined ? set.siteOrgId : before.siteOrgId,
    siteOrgPath: set.siteOrgPath !== undefined ? set.siteOrgPath : before.siteOrgPath,
  };
  if (!visibleTo(actor, placement)) throw outsideScope(bureau ? 'districtCode' : 'siteOrgId');

  const merged = { ...before, ...set };
  await setOrgFields(ctx, before.orgId, orgFieldsOf(merged));
  if (bureau) {
    const [org, parent] = [await findOrgInScope(ctx, before.orgId), await findOrgInScope(ctx, bureau.id, 'districtCode')];
    if (org.parentId !== parent.id) await moveOrgSubtree(ctx, org, parent, { keepDistrict: true });
  }
  const textChanged = (['name', 'creditCode', 'regAddress', 'opAddress', 'products'] as const).some((k) => set[k] !== undefined);
  const [after] = await ctx.db
    .update(enterprises)
    .set({ ...set, ...(textChanged ? { search: searchVector(merged) } : {}), updatedAt: ctx.now })
    .where(eq(enterprises.id, id))
    .returning();
  ctx.audit = { targetType: 'enterprise', targetId: id, before: auditView(before), after: auditView(after) };
  return getEnterprise(ctx, id);
}

/**
 * Folds a duplicate into the surviving record: the duplicate becomes `merged` (pointing at it), its users move to the
 * survivor's organisation, its organisation is disabled, and records merged into it earlier now point at the survivor.
 */
export async function mergeEnterprise(ctx: Ctx, id: number, intoId: number): Promise<Enterprise> {
  const actor = requireActor(ctx);
  assertStaff(actor);
  if (id === intoId) throw fieldError('intoId', { zh: '不能合并到自身', en: 'cannot be the record itself' });
  // both locked, the lower id first (two merges of the same pair in opposite directions must not deadlock)
  const [first, second] = id < intoId ? [id, intoId] : [intoId, id];
  const locked = new Map<number, Row>();
  locked.set(first, await findEnterpriseInScope(ctx, first, first === intoId ? 'intoId' : undefined, { lock: true }));
  locked.set(second, await findEnterpriseInScope(ctx, second, second === intoId ? 'intoId' : undefined, { lock: true }));
  const source = locked.get(id)!;
  const target = locked.get(intoId)!;
  if (source.status === 'merged') throw conflict({ zh: '该企业已被合并', en: 'This record is already merged' });
  if (target.status !== 'active') {
    throw fieldError('intoId', { zh: '只能合并到状态正常的企业', en: 'must be an active enterprise' }, 'CONFLICT');
  }
  if (source.regionCode !== target.regionCode) throw fieldError('intoId', { zh: '不属于同一地区', en: 'is in another region' }, 'CONFLICT');
  const movedUserIds = await moveOrgUsers(ctx, source.orgId, { id: target.orgId, path: target.orgPath });
  await ctx.db.update(enterprises).set({ mergedIntoId: target.id, updatedAt: ctx.now }).where(eq(enterprises.mergedIntoId, source.id));
  await ctx.db.update(enterprises).set({ status: 'merged', mergedIntoId: target.id, updatedAt: ctx.now }).where(eq(enterprises.id, source.id));
  await setOrgFields(ctx, source.orgId, { status: 'disabled' });
  for (const listener of mergeListeners) await listener(ctx, { fromId: source.id, intoId: target.id });
  const brief = (e: Row) => ({ id: e.id, name: e.name, creditCode: e.creditCode, status: e.status });
  ctx.audit = {
    targetType: 'enterprise',
    targetId: source.id,
    before: { source: auditView(source), target: brief(target) },
    after: { source: { status: 'merged', mergedIntoId: target.id }, target: brief(target), movedUserIds },
  };
  return getEnterprise(ctx, target.id);
}

async function findPending(ctx: Ctx, id: number): Promise<Row> {
  const actor = requireActor(ctx);
  assertStaff(actor);
  const e = await findEnterpriseInScope(ctx, id, undefined, { lock: true });
  if (e.status !== 'pending') throw conflict({ zh: '该企业不是待确认的注册', en: 'This is not a pending registration' });
  return e;
}

/** A pending self-registration becomes active, and so do its accounts (which signed up with their own password). */
export async function confirmEnterprise(ctx: Ctx, id: number): Promise<Enterprise> {
  const e = await findPending(ctx, id);
  await ctx.db.update(enterprises).set({ status: 'active', updatedAt: ctx.now }).where(eq(enterprises.id, id));
  const enabledUserIds = await enableOrgUsers(ctx, e.orgId);
  ctx.audit = { targetType: 'enterprise', targetId: id, before: { status: e.status }, after: { status: 'active', enabledUserIds } };
  return getEnterprise(ctx, id);
}

/**
 * A rejected registration is removed — record, organisation and accounts — so the credit code and user name are free
 * again (an impostor's registration must not block the real enterprise). The audit row keeps what was registered and why
 * it was rejected.
 */
export async function rejectEnterprise(ctx: Ctx, id: number, reason: string): Promise<void> {
  const e = await findPending(ctx, id);
  const before = await removeRegistration(ctx, e);
  ctx.audit = { targetType: 'enterprise', targetId: id, before, after: { rejected: true, reason } };
}

/** Deletes a pending registration's accounts, record and node; answers what the audit row keeps of it. */
async function removeRegistration(ctx: Ctx, e: Row) {
  const removedUsers = await deleteOrgUsers(ctx, e.orgId);
  await ctx.db.delete(enterprises).where(eq(enterprises.id, e.id));
  await deleteOrgNode(ctx, e.orgId);
  return { ...auditView(e), users: removedUsers.map((u) => u.username) };
}

/**
 * 批量驳回: pending registrations rejected at once with one reason — a wave of bogus sign-ups costs the district one
 * action. Rows are locked first (a colleague confirming one of them meanwhile waits, then it is skipped as no longer
 * pending); records outside the caller's scope are skipped as not found, never named. One audit row lists them all.
 */
export async function rejectEnterprises(ctx: Ctx, ids: number[], reason: string) {
  const actor = requireActor(ctx);
  assertStaff(actor);
  const wanted = [...new Set(ids)];
  const rows = await ctx.db
    .select()
    .from(enterprises)
    .where(andAll(inArray(enterprises.id, wanted), enterpriseScope(actor)))
    .orderBy(asc(enterprises.id))
    .for('update');
  const byId = new Map(rows.map((r) => [r.id, r]));
  const rejected: number[] = [];
  const skipped: { id: number; reason: 'not_found' | 'not_pending' }[] = [];
  const removed = [];
  for (const id of wanted) {
    const e = byId.get(id);
    if (!e) skipped.push({ id, reason: 'not_found' });
    else if (e.status !== 'pending') skipped.push({ id, reason: 'not_pending' });
    else {
      removed.push(await removeRegistration(ctx, e));
      rejected.push(id);
    }
  }
  ctx.audit = { targetType: 'enterprise', targetId: rejected.join(',').slice(0, 500), before: removed, after: { rejected: true, reason, ids: rejected, skipped } };
  return { rejected, skipped };
}

export interface AccountInput {
  username: string;
  displayName: string;
  password: string;
  phone?: string | null;
  email?: string | null;
}

/** Staff open an enterprise administrator account; the initial password must be changed at first sign-in. */
export async function inviteEnterpriseAdmin(ctx: Ctx, id: number, input: AccountInput) {
  const actor = requireActor(ctx);
  assertStaff(actor);
  const e = await findEnterpriseInScope(ctx, id);
  if (e.status !== 'active') {
    throw conflict({ zh: '只能为状态正常的企业开通账号（待确认的注册请先确认）', en: 'Accounts are opened for active enterprises only (confirm a pending registration first)' });
  }
  const u = await insertUser(ctx, {
    ...input,
    org: { id: e.orgId, path: e.orgPath },
    roleIds: [await roleIdByCode(ctx, 'enterprise_admin')],
    mustChangePassword: true,
    createdBy: actor.userId,
  });
  ctx.audit = {
    targetType: 'user',
    targetId: u.id,
    after: { username: u.username, displayName: u.displayName, enterpriseId: e.id, role: 'enterprise_admin', phone: u.phone, email: u.email },
  };
  return { id: u.id, username: u.username, displayName: u.displayName, orgId: u.orgId, status: u.status, mustChangePassword: u.mustChangePassword };
}

/**
 * Public self-registration: the enterprise (pending, under its district's bureau) and its first administrator (disabled
 * until the district or the serving site confirms). Says nothing about other records beyond a 409 on a taken credit code.
 */
export async function registerEnterprise(ctx: Ctx, input: EnterpriseRegistration) {
  if (!input.contactPhone && !input.contactEmail) {
    throw new AppError('VALIDATION', {
      fields: [
        { field: 'contactPhone', message: { zh: '手机号与电子邮箱至少填写一项', en: 'give a mobile number or an e-mail address' } },
        { field: 'contactEmail', message: { zh: '手机号与电子邮箱至少填写一项', en: 'give a mobile number or an e-mail address' } },
      ],
    });
  }
  const creditCode = checkCreditCode(input.creditCode);
  const region = await resolveRegion(ctx, null, { ...input, creditCode });
  const districtCode = checkDistrict(region, input.districtCode ?? (await defaultDistrict(ctx, null, region, creditCode)));
  // the administrator's user name is the credit code (no chosen name, so no answer about which names exist); taken
  // only when the code is registered here or holds an account elsewhere — both said as the same public fact
  if ((await isUsernameTaken(ctx, creditCode)) || (await holderOf(ctx, region.code, creditCode))) {
    throw fieldError(
      'creditCode',
      { zh: '已登记，如需开通账号请联系所在区县市场监督管理局', en: 'is already registered; ask your district market regulation bureau for an account' },
      'CONFLICT',
    );
  }
  const row = await insertEnterprise(ctx, {
    regionCode: region.code,
    creditCode,
    name: input.name,
    districtCode,
    kinds: [],
    contactName: input.contactName,
    contactPhone: input.contactPhone ?? null,
    contactEmail: input.contactEmail ?? null,
    status: 'pending',
    source: 'self',
    createdBy: null,
  });
  const u = await insertUser(ctx, {
    username: creditCode,
    displayName: input.contactName,
    org: { id: row.orgId, path: row.orgPath },
    phone: input.contactPhone ?? null,
    email: input.contactEmail ?? null,
    password: input.password,
    roleIds: [await roleIdByCode(ctx, 'enterprise_admin')],
    status: 'disabled',
    mustChangePassword: false,
    createdBy: null,
  });
  ctx.audit = { targetType: 'enterprise', targetId: row.id, after: { ...auditView(row), username: u.username } };
  return { id: row.id, name: row.name, status: row.status, username: u.username };
}
