/** Calendar administration: admins' working-day overrides and loaded years; every change recomputes the open clocks. */
import { asc, eq, isNull, sql } from 'drizzle-orm';
import { calendarOverrides, calendarYears, caseClocks } from '../../db/schema/index.js';
import { requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { clockDue, loadCalendar, rule } from './clocks.js';

export async function listCalendar(ctx: Ctx) {
  const ov = await ctx.db.select().from(calendarOverrides).orderBy(asc(calendarOverrides.date));
  const ys = await ctx.db.select().from(calendarYears).orderBy(asc(calendarYears.year));
  return { overrides: ov.map((o) => ({ date: o.date, work: o.work, note: o.note })), loadedYears: ys.map((y) => y.year) };
}

/**
 * Every open clock's due date again, after the calendar changed. Calendar changes take turns (advisory lock), and the
 * clocks are locked as they are read, so a pause or an extension made meanwhile is recomputed as it now stands.
 */
async function recomputeOpenClocks(ctx: Ctx) {
  const cal = await loadCalendar(ctx);
  const open = await ctx.db.select().from(caseClocks).where(isNull(caseClocks.closedOn)).for('update');
  for (const c of open) {
    const r = rule(c.ruleKey);
    if (r.unit === 'calendar' && !c.provisional && c.dueOn && !cal.day(c.dueOn).provisional && cal.isWorkday(c.dueOn)) continue;
    const d = clockDue(cal, c);
    if (d.due !== c.dueOn || d.provisional !== c.provisional) await ctx.db.update(caseClocks).set({ dueOn: d.due, provisional: d.provisional }).where(eq(caseClocks.id, c.id));
  }
}

const lockCalendar = (ctx: Ctx) => ctx.db.execute(sql`select pg_advisory_xact_lock(hashtext('cases-calendar'))`);

export async function setCalendarOverride(ctx: Ctx, input: { date: string; work: boolean; note?: string | null }) {
  const actor = requireActor(ctx);
  await lockCalendar(ctx);
  await ctx.db
    .insert(calendarOverrides)
    .values({ date: input.date, work: input.work, note: input.note ?? null, updatedBy: actor.userId })
    .onConflictDoUpdate({ target: calendarOverrides.date, set: { work: input.work, note: input.note ?? null, updatedBy: actor.userId, updatedAt: ctx.now } });
  await recomputeOpenClocks(ctx);
  ctx.audit = { action: 'cases.calendar-override', targetType: 'calendar', targetId: input.date, after: input };
  return listCalendar(ctx);
}

export async function markYearLoaded(ctx: Ctx, year: number) {
  const actor = requireActor(ctx);
  await lockCalendar(ctx);
  await ctx.db.insert(calendarYears).values({ year, loadedBy: actor.userId }).onConflictDoNothing();
  await recomputeOpenClocks(ctx);
  ctx.audit = { action: 'cases.calendar-year', targetType: 'calendar', targetId: year };
  return listCalendar(ctx);
}
