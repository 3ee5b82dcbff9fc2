/** Reading enterprises within the caller's scope: the list with Chinese full-text search, the export, statistics, one record. */
import { alias } from 'drizzle-orm/pg-core';
import { arrayContains, asc, count, desc, eq, getTableColumns, ilike, inArray, like, ne, or, sql, type SQL } from 'drizzle-orm';
import {
  queryTokens,
  toTsQuery,
  type Enterprise,
  type EnterpriseListQuery,
  type Page,
  type PageQuery,
} from '@shangmi/shared';
import { cultivationEntries, enterprises, orgs } from '../../db/schema/index.js';
import { andAll, can, containsPattern, likeEscape, requireActor } from '../../platform/access.js';
import { cachedCount, cappedCount, one, pageTotal, type CappedTotal } from '../../platform/count-cache.js';
import type { Actor, Ctx } from '../../platform/context.js';
import { fieldError, notFound } from '../../platform/errors.js';
import { common } from '../../platform/messages.js';
import { type Row, enterpriseScope } from './scope.js';
import { msg } from './enterprises.messages.js';
import { tallyCount } from './tallies.js';

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
export function filterConditions(actor: Actor, q: EnterpriseFilters): { where: SQL | undefined; relevance?: SQL<number> } {
  const tsq = q.q ? toTsQuery(queryTokens(q.q)) : undefined;
  // a bureau's search names its scope in the text query (the `@<path>` lexemes of migration 0019): the text index
  // answers words and scope at once; the name's partial match (no text index) keeps the scope as a condition
  const scopeLexeme = tsq && actor.orgKind !== 'enterprise' && actor.scope === 'org_and_below' ? `'@${actor.orgPath}'` : undefined;
  const conds: (SQL | undefined)[] = [scopeLexeme ? undefined : enterpriseScope(actor)];
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
    if (!can(actor, 'cultivation:read')) throw fieldError('stage', msg.needsCultivationRead, 'FORBIDDEN');
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
    // the trigram index serves three characters or more; shorter queries are whole tokens (a bigram, a prefix), which
    // the text index answers alone — a two-character LIKE would read the whole trigram index
    const partial = [...q.q].length >= 3 || !tsq ? ilike(enterprises.name, containsPattern(q.q)) : undefined;
    const similarity = sql<number>`similarity(${enterprises.name}, ${q.q})`;
    if (tsq) {
      const query = sql`to_tsquery('simple', ${tsq})`;
      const matches = scopeLexeme ? sql`${enterprises.search} @@ (${query} && ${scopeLexeme}::tsquery)` : sql`${enterprises.search} @@ ${query}`;
      conds.push(partial ? or(matches, scopeLexeme ? andAll(partial, enterpriseScope(actor)) : partial) : matches);
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
    // exact from the tallies of the actor's scope when the filters are among their columns (tallies.ts); else capped
    // (count-cache.ts pageTotal): a district's working set counted exactly, a city's 1,000,000 not walked
    tallyCount(ctx, actor, q).then((n) => (n === undefined ? pageTotal(ctx.db, enterprises, where) : { total: n })),
  ]);
  return { items: rows.map(toEnterprise), ...total, page: q.page, pageSize: q.pageSize };
}

/**
 * 首页待办: how many enterprises in scope await confirmation. Count only (no page is read), capped
 * (platform/count-cache.ts cappedCount): the same conditions as the list with `status=pending`, so the number matches it.
 */
export function pendingEnterpriseCount(ctx: Ctx): Promise<CappedTotal> {
  const { where } = filterConditions(requireActor(ctx), { status: 'pending' });
  return cappedCount(ctx.db, (limit) => ctx.db.select({ one }).from(enterprises).where(where).limit(limit));
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

/**
 * The registered enterprise with a credit code in a region (its node and district), or null. No access check: the credit
 * module files a penalty under the enterprise it concerns (its district and its own accounts then see it).
 */
export async function enterpriseByCode(ctx: Ctx, regionCode: string, creditCode: string) {
  const [row] = await ctx.db
    .select({ id: enterprises.id, orgId: enterprises.orgId, orgPath: enterprises.orgPath, districtCode: enterprises.districtCode, name: enterprises.name, creditCode: enterprises.creditCode })
    .from(enterprises)
    .where(andAll(eq(enterprises.regionCode, regionCode), eq(enterprises.creditCode, creditCode), ne(enterprises.status, 'merged')))
    .limit(1);
  return row ?? null;
}

/** The enterprise whose organisation node this is (an enterprise user's own), or null. */
export async function enterpriseOfOrg(ctx: Ctx, orgId: number) {
  const [row] = await ctx.db
    .select({ id: enterprises.id, orgId: enterprises.orgId, orgPath: enterprises.orgPath, districtCode: enterprises.districtCode, name: enterprises.name, creditCode: enterprises.creditCode, regionCode: enterprises.regionCode })
    .from(enterprises)
    .where(eq(enterprises.orgId, orgId))
    .limit(1);
  return row ?? null;
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
    if (field) throw fieldError(field, common.notInScope);
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
