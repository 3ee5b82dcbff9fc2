import { WorkCalendar, shanghaiDate } from '@shangmi/shared';
import type { Db } from '../db/client.js';
import { calendarOverrides, calendarYears } from '../db/schema/index.js';

/**
 * The working-day calendar as the administrators keep it (their corrections and the years they entered in full) over
 * the State Council's arrangement: what every time limit is counted on (cases' clocks, workflow limits).
 */
export async function loadCalendar(db: Db): Promise<WorkCalendar> {
  const ov = await db.select().from(calendarOverrides);
  const ys = await db.select().from(calendarYears);
  return new WorkCalendar(
    ov.map((o) => ({ date: o.date, work: o.work, note: o.note })),
    ys.map((y) => y.year),
  );
}

/** Today in Asia/Shanghai: the day legal time limits are counted in. */
export const todayIn = (now: Date) => shanghaiDate(now);

/** Working days from `from` (not counted) to `to` (counted); 0 when `to` is not after `from`. */
export function workingDaysBetween(cal: WorkCalendar, from: string, to: string): number {
  let n = 0;
  for (let d = nextDay(from); d <= to; d = nextDay(d)) if (cal.isWorkday(d)) n++;
  return n;
}
const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
