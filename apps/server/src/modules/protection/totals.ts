/**
 * The readiness overview's totals per enterprise (table protection_readiness_totals): what the overview used to
 * aggregate over the whole register on every request, kept instead in the transaction of each write that changes a
 * secret's contribution — its level, its status (only active secrets count) or its stored score and items.
 *
 * Correct under concurrent writers without a read-merge-write: every writer holds the secret rows it changes locked
 * (`FOR UPDATE`) from reading their old values until commit, computes old → new as a difference, and adds that
 * difference to the totals row in SQL (`x = x + delta`, element-wise for the arrays), which takes the row's lock for
 * the rest of its transaction. Differences commute, so any interleaving of committed writers sums to the recount.
 * `recountTotals` rebuilds a row from the register (rows loaded in bulk: the benchmark, a migration).
 */
import { eq, sql } from 'drizzle-orm';
import { SECRET_LEVELS } from '@shangmi/shared';
import { protectionReadinessTotals } from '../../db/schema/index.js';
import { rowsOf } from '../../db/sql.js';
import type { Ctx } from '../../platform/context.js';
import type { SecretRow } from './scope.js';

/** What one secret adds to its enterprise's totals. */
export type Contribution = Pick<SecretRow, 'orgId' | 'level' | 'status' | 'readiness' | 'readinessItems'>;

export interface Totals {
  levelCount: number[];
  levelSum: number[];
  /** histogram[s] = active secrets with score s (0–100) */
  histogram: number[];
  itemExpected: number[];
  itemCovered: number[];
  itemSum: number[];
}

const SCORES = 101;
const empty = (): Totals => ({ levelCount: [0, 0, 0], levelSum: [0, 0, 0], histogram: new Array<number>(SCORES).fill(0), itemExpected: [], itemCovered: [], itemSum: [] });
const bump = (a: number[], i: number, by: number) => {
  while (a.length <= i) a.push(0);
  a[i] += by;
};

function add(t: Totals, c: Contribution, sign: 1 | -1): void {
  if (c.status !== 'active') return;
  const l = SECRET_LEVELS.indexOf(c.level);
  const score = Math.max(0, Math.min(100, c.readiness));
  t.levelCount[l] += sign;
  t.levelSum[l] += sign * score;
  t.histogram[score] += sign;
  c.readinessItems.forEach((coverage, i) => {
    if (coverage < 0) return; // not expected of this secret
    bump(t.itemExpected, i, sign);
    bump(t.itemCovered, i, coverage >= 100 ? sign : 0);
    bump(t.itemSum, i, sign * coverage);
  });
}

/** Adds the difference between the secrets' contributions before and after a write to their enterprises' totals. */
export async function applyTotals(ctx: Ctx, before: readonly Contribution[], after: readonly Contribution[]): Promise<void> {
  const byOrg = new Map<number, Totals>();
  const of = (orgId: number) => byOrg.get(orgId) ?? byOrg.set(orgId, empty()).get(orgId)!;
  for (const c of before) add(of(c.orgId), c, -1);
  for (const c of after) add(of(c.orgId), c, 1);
  // one enterprise per statement, in id order: a write touching two enterprises' rows cannot deadlock with another
  for (const [orgId, d] of [...byOrg].sort((a, b) => a[0] - b[0])) {
    if (Object.values(d).every((a: number[]) => a.every((x) => x === 0))) continue;
    const plus = (col: string) => sql.raw(`(select array_agg(coalesce(a, 0) + coalesce(b, 0) order by n) from unnest(t.${col}, excluded.${col}) with ordinality u(a, b, n))`);
    await ctx.db.execute(sql`
      insert into protection_readiness_totals as t (org_id, level_count, level_sum, histogram, item_expected, item_covered, item_sum)
      values (${orgId}, ${pgArray(d.levelCount)}::int[], ${pgArray(d.levelSum)}::int[], ${pgArray(d.histogram)}::int[],
              ${pgArray(d.itemExpected)}::int[], ${pgArray(d.itemCovered)}::int[], ${pgArray(d.itemSum)}::int[])
      on conflict (org_id) do update set
        level_count = ${plus('level_count')}, level_sum = ${plus('level_sum')}, histogram = ${plus('histogram')},
        item_expected = ${plus('item_expected')}, item_covered = ${plus('item_covered')}, item_sum = ${plus('item_sum')}`);
  }
}

const pgArray = (a: readonly (number | string)[]) => `{${a.join(',')}}`;

/** The totals recounted from the register now (what the kept row must equal). */
export async function countTotals(ctx: Ctx, orgId: number): Promise<Totals> {
  const [r] = rowsOf<Record<keyof Totals, number[] | null>>(
    await ctx.db.execute(sql`
      with a as (select level, readiness, readiness_items from secrets where org_id = ${orgId} and status = 'active'),
           i as (select n, count(*) filter (where c >= 0)::int as e, count(*) filter (where c >= 100)::int as v, coalesce(sum(c) filter (where c >= 0), 0)::int as s
                   from a, unnest(a.readiness_items) with ordinality as x(c, n) group by n)
      select (select array_agg((select count(*)::int from a where a.level = l.v) order by l.o) from unnest(${pgArray([...SECRET_LEVELS])}::text[]) with ordinality l(v, o)) as "levelCount",
             (select array_agg((select coalesce(sum(readiness), 0)::int from a where a.level = l.v) order by l.o) from unnest(${pgArray([...SECRET_LEVELS])}::text[]) with ordinality l(v, o)) as "levelSum",
             (select array_agg((select count(*)::int from a where a.readiness = g) order by g) from generate_series(0, 100) g) as histogram,
             (select array_agg(coalesce(i.e, 0) order by g) from generate_series(1, (select max(n) from i)) g left join i on i.n = g) as "itemExpected",
             (select array_agg(coalesce(i.v, 0) order by g) from generate_series(1, (select max(n) from i)) g left join i on i.n = g) as "itemCovered",
             (select array_agg(coalesce(i.s, 0) order by g) from generate_series(1, (select max(n) from i)) g left join i on i.n = g) as "itemSum"`),
  );
  const n = (a: number[] | null | undefined) => (a ?? []).map(Number);
  return { levelCount: n(r?.levelCount), levelSum: n(r?.levelSum), histogram: n(r?.histogram), itemExpected: n(r?.itemExpected), itemCovered: n(r?.itemCovered), itemSum: n(r?.itemSum) };
}

/** The kept totals of an enterprise (zeros when it has registered nothing yet). */
export async function readTotals(ctx: Ctx, orgId: number): Promise<Totals> {
  const [r] = await ctx.db.select().from(protectionReadinessTotals).where(eq(protectionReadinessTotals.orgId, orgId));
  if (!r) return empty();
  return { levelCount: r.levelCount, levelSum: r.levelSum, histogram: r.histogram, itemExpected: r.itemExpected, itemCovered: r.itemCovered, itemSum: r.itemSum };
}

/**
 * Rebuilds an enterprise's row from the register, under the row's lock (rows written around the service: the benchmark's
 * bulk load). Writers of that enterprise wait for it; their differences then apply to the recount.
 */
export async function recountTotals(ctx: Ctx, orgId: number): Promise<void> {
  await ctx.db.execute(sql`insert into protection_readiness_totals (org_id) values (${orgId}) on conflict do nothing`);
  await ctx.db.execute(sql`select 1 from protection_readiness_totals where org_id = ${orgId} for update`);
  const t = await countTotals(ctx, orgId);
  await ctx.db
    .update(protectionReadinessTotals)
    .set({ levelCount: t.levelCount, levelSum: t.levelSum, histogram: t.histogram, itemExpected: t.itemExpected, itemCovered: t.itemCovered, itemSum: t.itemSum })
    .where(eq(protectionReadinessTotals.orgId, orgId));
}
