import { and, eq, isNotNull, lt, lte } from 'drizzle-orm';
import { addCalendarDays, type WorkCalendar } from '@shangmi/shared';
import type { Db } from '../../db/client.js';
import { workflowInstances } from '../../db/schema/index.js';
import type { Config } from '../../config.js';
import { loadCalendar, todayIn, workingDaysBetween } from '../calendar.js';
import { notify } from '../inbox.js';
import { workflowOf } from './define.js';
import { recipientsOf } from './recipients.js';

/** Working days before a limit at which the first reminder goes out. */
export const REMIND_BEFORE = 3;
/** 3 working days can span a week of holidays (国庆): look this far ahead in calendar days. */
const HORIZON_DAYS = 21;

export type ReminderLevel = 0 | 1 | 2 | 3;
export const LEVEL_NAMES = { 1: 'soon', 2: 'today', 3: 'overdue' } as const;

/** Which reminder a limit calls for today: 1 within 3 working days, 2 on the day, 3 once overdue; 0 none yet. */
export function reminderLevel(cal: WorkCalendar, today: string, due: string): ReminderLevel {
  if (today > due) return 3;
  if (today === due) return 2;
  return workingDaysBetween(cal, today, due) <= REMIND_BEFORE ? 1 : 0;
}

const PREFIX: Record<1 | 2 | 3, { zh: string; en: string }> = {
  1: { zh: '【即将到期】', en: '[Due soon] ' },
  2: { zh: '【今日到期】', en: '[Due today] ' },
  3: { zh: '【已逾期】', en: '[Overdue] ' },
};
export const levelPrefix = (l: 1 | 2 | 3) => PREFIX[l];

/**
 * Reminds of workflow time limits running out: each state's limit gets at most three reminders (3 working days before,
 * on the day, overdue), each written once — the instance's `reminded` level moves only forward, and each notice carries
 * a dedupe key (instance, version, level) unique per user, so two nodes running this at once write it once.
 * Runs in the caller's transaction.
 */
export async function remindWorkflowLimits(db: Db, config: Pick<Config, 'smtp' | 'sms' | 'publicUrl'>, now: Date): Promise<{ instances: number; notices: number }> {
  const today = todayIn(now);
  const rows = await db
    .select()
    .from(workflowInstances)
    .where(and(isNotNull(workflowInstances.dueOn), lte(workflowInstances.dueOn, addCalendarDays(today, HORIZON_DAYS)), lt(workflowInstances.reminded, 3)));
  if (!rows.length) return { instances: 0, notices: 0 };
  const cal = await loadCalendar(db);
  let instances = 0;
  let notices = 0;
  for (const inst of rows) {
    const def = workflowOf(inst.kind);
    const limit = def?.limits?.[inst.state];
    const notice = def?.notify?.[inst.state];
    if (!def || !limit || !notice) continue;
    const level = reminderLevel(cal, today, inst.dueOn!);
    if (level <= inst.reminded) continue;
    const p = PREFIX[level as 1 | 2 | 3];
    const label = inst.label || `#${inst.recordId}`;
    const w = await notify(
      db,
      config,
      recipientsOf(inst, notice.to, null),
      {
        event: 'deadline',
        title: { zh: `${p.zh}${limit.label.zh}：${label}`, en: `${p.en}${limit.label.en}: ${label}` },
        body: { zh: `${def.label.zh}，到期日 ${inst.dueOn}`, en: `${def.label.en}, due on ${inst.dueOn}` },
        link: def.link(inst.recordId),
        record: { kind: inst.kind, id: inst.recordId },
        dedupeKey: `wf:${inst.id}:${inst.version}:${LEVEL_NAMES[level as 1 | 2 | 3]}`,
      },
      now,
    );
    // only forward, and only if the path has not moved on meanwhile
    await db
      .update(workflowInstances)
      .set({ reminded: level })
      .where(and(eq(workflowInstances.id, inst.id), eq(workflowInstances.version, inst.version), lt(workflowInstances.reminded, level)));
    instances++;
    notices += w.notices;
  }
  return { instances, notices };
}

