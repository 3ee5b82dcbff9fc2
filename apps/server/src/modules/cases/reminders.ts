import { and, desc, eq, isNull, or, sql } from 'drizzle-orm';
import { addCalendarDays } from '@shangmi/shared';
import { caseClocks, cases, notifications, orgs } from '../../db/schema/index.js';
import { loadCalendar } from '../../platform/calendar.js';
import type { Ctx } from '../../platform/context.js';
import { notify } from '../../platform/inbox.js';
import { tryAdvisoryXactLock } from '../../platform/jobs.js';
import { levelPrefix, reminderLevel } from '../../platform/workflow/index.js';
import { escalateSilentTransfers, todayOf } from './cases.service.js';
import { refreshProvisionalClocks } from './calendar.js';
import { clockOverdue, clockRule, dueText } from './clocks.js';

/** Advisory lock of the cases reminder run: one node at a time (the notices' dedupe keys hold even without it). */
export const CASES_REMINDER_LOCK = 7_310_701;
/** 3 working days can span a week of holidays: look this far ahead in calendar days. */
const HORIZON_DAYS = 21;

/** Active users of an organisation holding a permission through any role, as a query of user ids. */
const holders = (orgId: number, permission: string) =>
  sql`select u.id from users u join user_roles ur on ur.user_id = u.id join roles r on r.id = ur.role_id
       where u.org_id = ${orgId} and u.status = 'active' and ${permission} = any(r.permissions)`;

/**
 * Reminds of the cases' time limits through the inbox (and each officer's e-mail/SMS preferences): every open clock gets
 * at most three reminders per due date — 3 working days before, on the day, overdue — sent to the officers of the
 * handling bureau (cases:handle) and its supervisors one level up (cases:approve). `case_clocks.reminded` records the
 * last one (`<due>:<level>`: a new due date after an extension re-arms them); each notice's dedupe key makes it
 * once-only per user even if two nodes ran at once. One node does it (advisory lock); runs in the caller's transaction.
 */
export async function runReminders(ctx: Ctx): Promise<{ clocks: number; sent: number; escalated: number }> {
  // taken here too (the route runs this outside the job); in the job's own run it is held already and granted again
  if (!(await tryAdvisoryXactLock(ctx.db, CASES_REMINDER_LOCK))) return { clocks: 0, sent: 0, escalated: 0 };
  const today = todayOf(ctx);
  // a newer chinese-days may carry a year that was provisional: such clocks get their final dates first
  await refreshProvisionalClocks(ctx);
  const escalated = await escalateSilentTransfers(ctx);
  const candidates = await ctx.db
    .select({ clock: caseClocks, title: cases.title, orgId: cases.orgId, parentId: orgs.parentId })
    .from(caseClocks)
    .innerJoin(cases, eq(cases.id, caseClocks.caseId))
    .innerJoin(orgs, eq(orgs.id, cases.orgId))
    .where(
      and(
        isNull(caseClocks.closedOn),
        sql`${caseClocks.dueOn} <= ${addCalendarDays(today, HORIZON_DAYS)}`,
        // the last reminder of this due date went out already
        or(isNull(caseClocks.reminded), sql`${caseClocks.reminded} <> ${caseClocks.dueOn}::text || ':3'`),
      ),
    );
  const cal = candidates.length ? await loadCalendar(ctx.db) : null;
  let clocks = 0;
  let sent = 0;
  for (const c of candidates) {
    const due = c.clock.dueOn as string;
    // a limit in hours is overdue the minute its time passes, even on its due day (clocks.ts clockOverdue)
    const level = clockOverdue(c.clock, ctx.now) ? 3 : reminderLevel(cal!, today, due);
    const [lastDue, lastLevel] = (c.clock.reminded ?? '').split(':');
    if (level === 0 || (lastDue === due && Number(lastLevel) >= level)) continue;
    const r = clockRule(c.clock);
    const p = levelPrefix(level);
    const who = c.parentId ? sql`${holders(c.orgId, 'cases:handle')} union ${holders(c.parentId, 'cases:approve')}` : holders(c.orgId, 'cases:handle');
    const w = await notify(
      ctx.db,
      ctx.deps.config,
      who,
      {
        event: 'deadline',
        title: {
          zh: `${p.zh}${c.title}：${r.label.zh}，${c.clock.dueAt ? '到期时间' : '到期日'} ${dueText(c.clock)}`,
          en: `${p.en}${c.title}: ${r.label.en}, due ${c.clock.dueAt ? 'at' : 'on'} ${dueText(c.clock, 'en')}`,
        },
        link: `/cases/${c.clock.caseId}`,
        record: { kind: 'case', id: c.clock.caseId },
        dedupeKey: `case-clock:${c.clock.id}:${due}:${level}`,
      },
      ctx.now,
    );
    await ctx.db.update(caseClocks).set({ reminded: `${due}:${level}` }).where(eq(caseClocks.id, c.clock.id));
    clocks++;
    sent += w.notices;
  }
  ctx.audit = { action: 'cases.reminders', targetType: 'calendar', targetId: today, after: { clocks, sent, escalated } };
  return { clocks, sent, escalated };
}

/** The user's time-limit reminders about cases (the inbox's, filtered), newest first. */
export async function myReminders(ctx: Ctx, userId: number) {
  const rows = await ctx.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.recordKind, 'case'), eq(notifications.event, 'deadline')))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(100);
  const en = ctx.locale === 'en-US';
  return rows.map((r) => ({ id: Number(r.id), message: en ? r.titleEn : r.titleZh, at: r.createdAt.toISOString(), caseId: r.recordId!, readAt: r.readAt?.toISOString() ?? null }));
}
