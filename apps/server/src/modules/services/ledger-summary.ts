/**
 * The ledger's summaries (台账汇总: by district, service kind, organisation, month) within the caller's scope, from the
 * maintained aggregates (db/schema/services.ts `service_ledger_tallies`, `service_ledger_rollup`, kept by triggers in the
 * writing transaction) so that they answer in milliseconds at 1,000,000 ledger rows:
 * - whole months of the period come from the aggregates: the rollup per parent node for a bureau (a few thousand rows
 *   for a region), the tallies per organisation for a site's or provider's staff, the `orgId` filter and `by=org`;
 * - the partial months at either end of a period (`from` not a month's first day, `to` not its last) are grouped from
 *   the ledger itself over those days only, and added in;
 * - `by=org` is a page of organisations in id order (`after` the last one seen, `limit` of them): a city has thousands.
 * `enterpriseServices` counts services to a named enterprise; distinct enterprises do not add up across months or
 * organisations, so they are not summarised here (the yearly review counts them exactly, for one site and year).
 */
import { and, gt, gte, lte, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { LedgerSummary, ledgerSummaryQuery } from '@shangmi/shared';
import type { z } from 'zod';
import { orgs, serviceLedger, serviceLedgerRollup, serviceLedgerTallies } from '../../db/schema/index.js';
import { andAll, requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { isDelivererUser, ledgerScopeOn } from './scope.js';

type Query = z.output<typeof ledgerSummaryQuery>;
type Row = { key: string | null; services: number; hours: number; people: number; enterpriseServices: number };

const pad = (n: number) => String(n).padStart(2, '0');
const monthStart = (d: string) => `${d.slice(0, 7)}-01`;
/** the first day of the month `delta` months from `d`'s */
function addMonths(d: string, delta: number): string {
  const m = Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7)) - 1 + delta;
  return `${Math.floor(m / 12)}-${pad((m % 12) + 1)}-01`;
}
const monthEnd = (d: string) => new Date(Date.parse(`${addMonths(d, 1)}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/**
 * A period as whole months (first days, inclusive; null: unbounded) and the days around them (inclusive ranges).
 * `months` null: no whole month lies inside the period.
 */
export function splitPeriod(from?: string, to?: string): { months: { from: string | null; to: string | null } | null; edges: [string, string][] } {
  if (from && to && from > to) return { months: null, edges: [] };
  const headWhole = !from || from.endsWith('-01');
  const tailWhole = !to || to === monthEnd(to);
  if (from && to && monthStart(from) === monthStart(to) && !(headWhole && tailWhole)) return { months: null, edges: [[from, to]] };
  const edges: [string, string][] = [];
  if (from && !headWhole) edges.push([from, monthEnd(from)]);
  if (to && !tailWhole) edges.push([monthStart(to), to]);
  const first = from ? (headWhole ? from : addMonths(from, 1)) : null;
  const last = to ? (tailWhole ? monthStart(to) : addMonths(to, -1)) : null;
  return { months: first && last && first > last ? null : { from: first, to: last }, edges };
}

const sums = (n: AnyNum, hours: AnyNum, people: AnyNum, es: AnyNum) => ({
  services: sql<number>`coalesce(sum(${n}), 0)::int`,
  hours: sql<number>`coalesce(sum(${hours}), 0)::float8`,
  people: sql<number>`coalesce(sum(${people}), 0)::float8`,
  enterpriseServices: sql<number>`coalesce(sum(${es}), 0)::int`,
});
type AnyNum = SQL | AnyColumn;

export async function ledgerSummary(ctx: Ctx, q: Query): Promise<LedgerSummary> {
  const actor = requireActor(ctx);
  const { months, edges } = splitPeriod(q.from, q.to);
  const perOrg = isDelivererUser(actor) || q.orgId !== undefined || q.by === 'org';
  const byOrg = q.by === 'org';
  const limit = byOrg ? q.limit : undefined;
  const parts: Row[][] = [];

  if (months) {
    if (perOrg) {
      const t = serviceLedgerTallies;
      const key = { district: sql`${t.districtCode}`, serviceKind: sql`${t.serviceKind}`, org: sql`${t.orgId}`, month: sql`${t.month}` }[q.by];
      const where = andAll(
        ledgerScopeOn(actor, { orgId: t.orgId, orgPath: t.orgPath, districtCode: t.districtCode }),
        q.orgId ? sql`${t.orgId} = ${q.orgId}` : undefined,
        q.serviceKind ? sql`${t.serviceKind} = ${q.serviceKind}` : undefined,
        months.from ? gte(t.month, months.from) : undefined,
        months.to ? lte(t.month, months.to) : undefined,
        byOrg && q.after ? gt(t.orgId, q.after) : undefined,
      );
      const base = ctx.db.select({ key: sql<string | null>`${keyText(q.by, key)}`, ...sums(t.n, t.hours, t.people, t.enterpriseServices) }).from(t).where(where).groupBy(key).having(sql`sum(${t.n}) <> 0`).orderBy(key);
      parts.push(await (limit ? base.limit(limit) : base));
    } else {
      const r = serviceLedgerRollup;
      const key = { district: sql`${r.districtCode}`, serviceKind: sql`${r.serviceKind}`, org: sql`null`, month: sql`${r.month}` }[q.by];
      const where = andAll(
        ledgerScopeOn(actor, { orgPath: r.parentPath, districtCode: r.districtCode }),
        q.serviceKind ? sql`${r.serviceKind} = ${q.serviceKind}` : undefined,
        months.from ? gte(r.month, months.from) : undefined,
        months.to ? lte(r.month, months.to) : undefined,
      );
      parts.push(await ctx.db.select({ key: sql<string | null>`${keyText(q.by, key)}`, ...sums(r.n, r.hours, r.people, r.enterpriseServices) }).from(r).where(where).groupBy(key).having(sql`sum(${r.n}) <> 0`).orderBy(key));
    }
  }

  for (const [from, to] of edges) {
    const l = serviceLedger;
    const key = { district: sql`${l.districtCode}`, serviceKind: sql`${l.serviceKind}`, org: sql`${l.orgId}`, month: sql`date_trunc('month', ${l.occurredOn})::date` }[q.by];
    const where = andAll(
      ledgerScopeOn(actor, { orgId: l.orgId, orgPath: l.orgPath, districtCode: l.districtCode }),
      q.orgId ? sql`${l.orgId} = ${q.orgId}` : undefined,
      q.serviceKind ? sql`${l.serviceKind} = ${q.serviceKind}` : undefined,
      and(gte(l.occurredOn, from), lte(l.occurredOn, to)),
      byOrg && q.after ? gt(l.orgId, q.after) : undefined,
    );
    const base = ctx.db
      .select({ key: sql<string | null>`${keyText(q.by, key)}`, ...sums(sql`1`, l.hours, l.people, sql`(${l.enterpriseId} is not null)::int`) })
      .from(l)
      .where(where)
      .groupBy(key)
      .orderBy(key);
    parts.push(await (limit ? base.limit(limit) : base));
  }

  let rows = merge(parts, q.by);
  if (limit) {
    // a page of organisations: each part holds every organisation up to its last key when it came back full
    const bound = Math.min(...parts.filter((p) => p.length === limit).map((p) => Number(p[p.length - 1]!.key)));
    rows = rows.filter((r) => Number(r.key) <= bound).slice(0, limit);
  }
  const labels = byOrg && rows.length ? new Map((await ctx.db.select({ id: orgs.id, name: orgs.name }).from(orgs).where(sql`${orgs.id} = any(${`{${rows.map((r) => r.key).join(',')}}`}::int[])`)).map((o) => [String(o.id), o.name])) : null;
  return rows.map((r) => ({ ...r, label: labels?.get(r.key ?? '') ?? null }));
}

/** The group's key as the API gives it: an organisation's id, a month as YYYY-MM, else the code. */
const keyText = (by: Query['by'], key: SQL) => (by === 'month' ? sql`to_char(${key}, 'YYYY-MM')` : by === 'org' ? sql`(${key})::text` : key);

function merge(parts: Row[][], by: Query['by']): Row[] {
  const out = new Map<string | null, Row>();
  for (const r of parts.flat()) {
    const o = out.get(r.key);
    const row = { key: r.key, services: Number(r.services), hours: Number(r.hours), people: Number(r.people), enterpriseServices: Number(r.enterpriseServices) };
    if (!o) out.set(r.key, row);
    else Object.assign(o, { services: o.services + row.services, hours: o.hours + row.hours, people: o.people + row.people, enterpriseServices: o.enterpriseServices + row.enterpriseServices });
  }
  const rows = [...out.values()];
  const num = (k: string | null) => Number(k);
  return rows.sort((a, b) => (a.key === null ? 1 : b.key === null ? -1 : by === 'org' ? num(a.key) - num(b.key) : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

