/** Calendar administration: admins' working-day overrides and loaded years; every change recomputes the open clocks. */
import { and, asc, eq, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { calendarOverrides, calendarYears, caseClocks } from '../../db/schema/index.js';
import { requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { clockDue, clockRule, loadCalendar, todayOf } from './clocks.js';

export async function listCalendar(ctx: Ctx) {
  const ov = await ctx.db.select().from(calendarOverrides).orderBy(asc(calendarOverrides.date));
  const ys = await ctx.db.select().from(calendarYears).orderBy(asc(calendarYears.year));
  return { overrides: ov.map((o) => ({ date: o.date, work: o.work, note: o.note })), loadedYears: ys.map((y) => y.year) };
}

/**
 * Recomputes open clocks' due dates on the current calendar (all of them, or those `which` names): a provisional range
 * narrows to the date once the year is entered. Limits in hours do not depend on the calendar. Calendar changes take
 * turns (advisory lock), and the clocks are locked as they are read, so a pause or an extension made meanwhile is
 * recomputed as it now stands.
 */
async function recomputeOpenClocks(ctx: Ctx, which?: SQL): Promise<number> {
  const cal = await loadCalendar(ctx);
  const open = await ctx.db
    .select()
    .from(caseClocks)
    .where(and(isNull(caseClocks.closedOn), which))
    .for('update');
  let changed = 0;
  for (const c of open) {
    if (clockRule(c).unit === 'hours') continue;
    const d = clockDue(cal, c);
    if (d.dueOn === c.dueOn && d.dueLatest === c.dueLatest && d.provisional === c.provisional) continue;
    await ctx.db.update(caseClocks).set(d).where(eq(caseClocks.id, c.id));
    changed++;
  }
  return changed;
}

/**
 * Provisional clocks once more: when a newer chinese-days carries a year (an upgrade) their dates become final without an
 * administrator. Only a clock whose whole range lies before the first year still unpublished can have become final (a
 * range in late December waits for the next year's 元旦). Run with the reminders.
 */
export async function refreshProvisionalClocks(ctx: Ctx): Promise<number> {
  const cal = await loadCalendar(ctx);
  let year = Number(todayOf(ctx).slice(0, 4)) - 1;
  while (cal.yearLoaded(year)) year++;
  const before = `${year}-01-01`;
  return recomputeOpenClocks(ctx, and(eq(caseClocks.provisional, true), lt(caseClocks.dueOn, before), sql`coalesce(${caseClocks.dueLatest}, ${caseClocks.dueOn}) < ${before}`));
}

const lockCalendar = (ctx: Ctx) => ctx.db.execute(sql`select pg_advisory_xact_lock(hashtext('cases-calendar'))`);

export async function setCalendarOverride(ctx: Ctx, input: { date: string; work: boolean; note?: string | null }) {
  const actor = requireActor(ctx);
  await lockCalendar(ctx);
  await ctx.db
    .insert(calendarOverrides)
    .values({ date: input.date, work: input.work, note: input.note ?? null, updatedBy: actor.userId })
    .onConflictDoUpdate({ target: calendarOverrides.date, set: { work: input.work, note: input.note ?? null, updatedBy: actor.userId, updatedAt: ctx.now } });
  const recomputed = await recomputeOpenClocks(ctx);
  ctx.audit = { action: 'cases.calendar-override', targetType: 'calendar', targetId: input.date, after: { ...input, recomputed } };
  return listCalendar(ctx);
}

export async function markYearLoaded(ctx: Ctx, year: number) {
  const actor = requireActor(ctx);
  await lockCalendar(ctx);
  await ctx.db.insert(calendarYears).values({ year, loadedBy: actor.userId }).onConflictDoNothing();
  const recomputed = await recomputeOpenClocks(ctx);
  ctx.audit = { action: 'cases.calendar-year', targetType: 'calendar', targetId: year, after: { recomputed } };
  return listCalendar(ctx);
}
