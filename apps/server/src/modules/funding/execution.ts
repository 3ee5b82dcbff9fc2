/**
 * The execution rate (执行率) of a year's budget: per district (its district and park lines) and for the city's own
 * lines (city lines and parks without a district), and the total — sums of the lines within the caller's scope,
 * spent ÷ amount. One grouped statement; a district sees its own row and its total only.
 */
import { eq, sql } from 'drizzle-orm';
import type { Execution } from '@shangmi/shared';
import { districts, fundingLines } from '../../db/schema/index.js';
import { andAll, requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { lineScope, rateOf } from './scope.js';

export async function execution(ctx: Ctx, year: number): Promise<Execution> {
  const l = fundingLines;
  const en = ctx.locale === 'en-US';
  const rows = await ctx.db
    .select({
      districtCode: l.districtCode,
      name: sql<string | null>`min(${en ? sql`coalesce(${districts.nameEn}, ${districts.name})` : districts.name})`,
      lines: sql<number>`count(*)::int`,
      amountFen: sql<string>`sum(${l.amountFen})`,
      spentFen: sql<string>`sum(${l.spentFen})`,
    })
    .from(l)
    .leftJoin(districts, eq(districts.code, l.districtCode))
    .where(andAll(lineScope(requireActor(ctx)), eq(l.year, year)))
    .groupBy(l.districtCode)
    .orderBy(sql`${l.districtCode} nulls first`);
  const out = rows.map((r) => {
    const amount = Number(r.amountFen);
    const spent = Number(r.spentFen);
    return {
      level: r.districtCode ? ('district' as const) : ('city' as const),
      districtCode: r.districtCode,
      name: r.name ?? (en ? 'City' : '市级'),
      lines: r.lines,
      amountFen: amount,
      spentFen: spent,
      rate: rateOf(spent, amount),
    };
  });
  const amount = out.reduce((s, r) => s + r.amountFen, 0);
  const spent = out.reduce((s, r) => s + r.spentFen, 0);
  return { year, rows: out, total: { level: null, districtCode: null, name: en ? 'Total' : '合计', lines: out.reduce((s, r) => s + r.lines, 0), amountFen: amount, spentFen: spent, rate: rateOf(spent, amount) } };
}
