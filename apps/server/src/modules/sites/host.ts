/**
 * A site's host (依托单位) is an organisation of the registry — an enterprise or another organisation — not free text
 * (issue 24 item 2; task 5 builds stations "以知识密集型企业、技术密集型企业、创新型企业、老字号企业为重点"), so the dashboard
 * answers how many sites sit in which kind of host. A name typed without a link is linked when exactly one organisation
 * of the region bears that exact name (the migration's rule); otherwise it stays 待关联 for a person to link.
 */
import { and, count, eq, ilike, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import { FOCUS_ENTERPRISE_KINDS, HOST_ORG_KINDS, type SiteHostCounts, type SiteHostOption, type SiteKind } from '@shangmi/shared';
import { enterprises, orgs, sites } from '../../db/schema/index.js';
import { rowsOf } from '../../db/sql.js';
import { andAll, containsPattern, requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { fieldError } from '../../platform/errors.js';
import { common } from '../../platform/messages.js';
import { regionOf } from './scope.js';

export interface Host {
  hostOrgId: number | null;
  hostName: string | null;
  /** the host is an enterprise of the registry */
  enterprise: boolean;
}

/** The organisation `id` as a host of a site of `regionCode`, or a 400 naming `hostOrgId`. */
async function hostById(ctx: Ctx, regionCode: string, id: number): Promise<Host> {
  const [o] = await ctx.db
    .select({ id: orgs.id, name: orgs.name, kind: orgs.kind })
    .from(orgs)
    .where(and(eq(orgs.id, id), eq(orgs.regionCode, regionCode), inArray(orgs.kind, [...HOST_ORG_KINDS, 'enterprise']), eq(orgs.status, 'active')));
  if (!o) throw fieldError('hostOrgId', common.notExist);
  return { hostOrgId: o.id, hostName: o.name, enterprise: o.kind === 'enterprise' };
}

/** The one organisation of the region bearing exactly this name (enterprises by their indexed name), else none. */
export async function hostByName(ctx: Ctx, regionCode: string, name: string): Promise<Host> {
  const rows = rowsOf<{ id: number; enterprise: boolean }>(
    await ctx.db.execute(sql`
    (select ${enterprises.orgId} as id, true as enterprise from ${enterprises}
      where ${enterprises.regionCode} = ${regionCode} and ${enterprises.name} = ${name} and ${enterprises.status} in ('active', 'pending') limit 2)
    union all
    (select ${orgs.id}, false from ${orgs}
      where ${inArray(orgs.kind, [...HOST_ORG_KINDS])} and ${orgs.regionCode} = ${regionCode} and ${orgs.name} = ${name} and ${orgs.status} = 'active' limit 2)`),
  );
  if (rows.length !== 1) return { hostOrgId: null, hostName: name, enterprise: false };
  return { hostOrgId: Number(rows[0].id), hostName: name, enterprise: rows[0].enterprise };
}

/**
 * The host a write asks for: `hostOrgId` (null unlinks) wins; a bare name is linked when it matches one organisation.
 * `undefined`: the write does not touch the host.
 */
export async function resolveHost(ctx: Ctx, regionCode: string, input: { hostOrgId?: number | null; hostName?: string | null }): Promise<Host | undefined> {
  if (input.hostOrgId) return hostById(ctx, regionCode, input.hostOrgId);
  if (input.hostName) return hostByName(ctx, regionCode, input.hostName);
  if (input.hostOrgId === null || input.hostName === null) return { hostOrgId: null, hostName: input.hostName ?? null, enterprise: false };
  return undefined;
}

/**
 * Hosts to pick (the site form): up to 20 enterprises (trigram index on the name) and 20 other organisations of the
 * region whose name contains `q`. Names and kinds only — what the public directory shows of a host anyway.
 */
export async function searchHosts(ctx: Ctx, query: { q: string; regionCode?: string }): Promise<SiteHostOption[]> {
  const regionCode = (await regionOf(ctx, requireActor(ctx), query.regionCode)).code;
  const pat = containsPattern(query.q);
  const ents = await ctx.db
    .select({ id: enterprises.orgId, name: enterprises.name, kinds: enterprises.kinds })
    .from(enterprises)
    .where(and(eq(enterprises.regionCode, regionCode), ilike(enterprises.name, pat), inArray(enterprises.status, ['active', 'pending'])))
    .orderBy(enterprises.name)
    .limit(20);
  const others = await ctx.db
    .select({ id: orgs.id, name: orgs.name, kind: orgs.kind })
    .from(orgs)
    .where(and(inArray(orgs.kind, [...HOST_ORG_KINDS]), eq(orgs.regionCode, regionCode), ilike(orgs.name, pat), eq(orgs.status, 'active')))
    .orderBy(orgs.name)
    .limit(20);
  return [...ents.map((e) => ({ id: e.id, name: e.name, kind: 'enterprise', enterpriseKinds: e.kinds })), ...others.map((o) => ({ ...o, enterpriseKinds: [] }))];
}

/** The sites of a dashboard's scope (revoked ones out) counted by their host: its organisation kind, its enterprise kinds. */
export async function hostCounts(ctx: Ctx, where: SQL | undefined): Promise<SiteHostCounts> {
  const live = andAll(where, sql`${sites.status} <> 'revoked'`);
  const linked = await ctx.db
    .select({ siteKind: sites.kind, orgKind: orgs.kind, kinds: enterprises.kinds, n: count() })
    .from(sites)
    .innerJoin(orgs, eq(orgs.id, sites.hostOrgId))
    .leftJoin(enterprises, eq(enterprises.orgId, sites.hostOrgId))
    .where(live)
    .groupBy(sites.kind, orgs.kind, enterprises.kinds);
  const unlinked = await ctx.db
    .select({ siteKind: sites.kind, n: count() })
    .from(sites)
    .where(andAll(live, isNull(sites.hostOrgId), isNotNull(sites.hostName)))
    .groupBy(sites.kind);
  const add = <K extends string>(m: Map<string, { siteKind: SiteKind; key: K; count: number }>, siteKind: SiteKind, key: K, n: number) => {
    const k = `${siteKind}:${key}`;
    const cur = m.get(k) ?? { siteKind, key, count: 0 };
    cur.count += n;
    m.set(k, cur);
  };
  const byOrgKind = new Map<string, { siteKind: SiteKind; key: string; count: number }>();
  const byEnterpriseKind = new Map<string, { siteKind: SiteKind; key: string; count: number }>();
  const focus = new Map<string, { siteKind: SiteKind; key: 'focus'; count: number }>();
  for (const r of linked) {
    const n = Number(r.n);
    add(byOrgKind, r.siteKind, r.orgKind, n);
    // an enterprise of two kinds counts under each; "in a focus-kind enterprise" counts it once
    for (const k of r.kinds ?? []) add(byEnterpriseKind, r.siteKind, k, n);
    if ((r.kinds ?? []).some((k) => (FOCUS_ENTERPRISE_KINDS as readonly string[]).includes(k))) add(focus, r.siteKind, 'focus', n);
  }
  return {
    byOrgKind: [...byOrgKind.values()].map(({ siteKind, key, count: c }) => ({ siteKind, orgKind: key, count: c })),
    byEnterpriseKind: [...byEnterpriseKind.values()].map(({ siteKind, key, count: c }) => ({ siteKind, enterpriseKind: key, count: c })),
    focus: [...focus.values()].map(({ siteKind, count: c }) => ({ siteKind, count: c })),
    unlinked: unlinked.map((r) => ({ siteKind: r.siteKind, count: Number(r.n) })),
  };
}
