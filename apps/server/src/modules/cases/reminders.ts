import { and, eq, inArray, isNotNull, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { addCalendarDays, DEFAULT_LEAD_DAYS, type DeadlineRule } from '@shangmi/shared';
import { caseClocks, caseReminders, cases, orgs, roles, userRoles, users } from '../../db/schema/index.js';
import type { Ctx } from '../../platform/context.js';
import { tryAdvisoryXactLock } from '../../platform/jobs.js';
import { escalateSilentTransfers, RULES, todayOf } from './cases.service.js';
import { refreshProvisionalClocks } from './calendar.js';
import { clockOverdue, clockRule, dueText } from './clocks.js';

/** Someone a reminder goes to. */
export interface ReminderRecipient {
  userId: number;
  username: string;
  phone: string | null;
  email: string | null;
}

/**
 * An outbound channel (e-mail, SMS). Every reminder is also kept in-app (`case_reminders`); channels are extra.
 * A deployment wires its SMS gateway or mail relay here; the built-in one writes the message to the application log.
 */
export interface ReminderChannel {
  readonly name: string;
  send(to: ReminderRecipient, message: string): Promise<void>;
}

export class LoggingChannel implements ReminderChannel {
  readonly name = 'log';
  constructor(private readonly log: { info(obj: object, msg: string): void }) {}
  async send(to: ReminderRecipient, message: string) {
    this.log.info({ channel: this.name, userId: to.userId, username: to.username }, `reminder: ${message}`);
  }
}

/** The reminders' advisory lock: the hourly job (cases.module.ts) and the route that sends them now both take it. */
export const REMINDERS_LOCK = 7_310_701;

const leadDays = (r: DeadlineRule) => r.leadDays ?? DEFAULT_LEAD_DAYS;

/** Users of an organisation holding a permission (through any active role). */
async function holders(ctx: Ctx, orgId: number, permission: string): Promise<ReminderRecipient[]> {
  return ctx.db
    .selectDistinct({ userId: users.id, username: users.username, phone: users.phone, email: users.email })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .where(and(eq(users.orgId, orgId), eq(users.status, 'active'), sql`${permission} = any(${roles.permissions})`));
}

/**
 * Sends today's reminders: each open clock within its lead time (or overdue) goes, once a day, to the officers of the
 * handling bureau (cases:handle) and to its supervisors one level up (cases:approve). One node does it (advisory lock).
 */
export async function runReminders(ctx: Ctx, channels: ReminderChannel[]): Promise<{ clocks: number; sent: number; escalated: number }> {
  // taken here too (the route runs this outside the job); in the job's own run it is held already and granted again
  if (!(await tryAdvisoryXactLock(ctx.db, REMINDERS_LOCK))) return { clocks: 0, sent: 0, escalated: 0 };
  const today = todayOf(ctx);
  // a newer chinese-days may carry a year that was provisional: such clocks get their final dates first
  await refreshProvisionalClocks(ctx);
  const escalated = await escalateSilentTransfers(ctx);
  const horizon = addCalendarDays(today, Math.max(...[...RULES.values()].flat().map(leadDays)));
  // a limit in hours gets its overdue reminder once its due time passes, even on a day it was already reminded
  const overdueHours = and(
    isNotNull(caseClocks.dueAt),
    lte(caseClocks.dueAt, ctx.now),
    sql`not exists (select 1 from ${caseReminders} where ${caseReminders.clockId} = ${caseClocks.id} and ${caseReminders.at} >= ${caseClocks.dueAt})`,
  );
  const candidates = await ctx.db
    .select({ clock: caseClocks, title: cases.title, orgId: cases.orgId, parentId: orgs.parentId })
    .from(caseClocks)
    .innerJoin(cases, eq(cases.id, caseClocks.caseId))
    .innerJoin(orgs, eq(orgs.id, cases.orgId))
    .where(and(isNull(caseClocks.closedOn), sql`${caseClocks.dueOn} <= ${horizon}`, or(isNull(caseClocks.remindedOn), lt(caseClocks.remindedOn, today), overdueHours)));
  const due = candidates.filter((c) => c.clock.dueOn && c.clock.dueOn <= addCalendarDays(today, leadDays(clockRule(c.clock))));
  let sent = 0;
  for (const c of due) {
    const r = clockRule(c.clock);
    const overdue = clockOverdue(c.clock, ctx.now);
    const message = `${overdue ? '【已逾期】' : '【即将到期】'}${c.title}：${r.label.zh}，${c.clock.dueAt ? '到期时间' : '到期日'} ${dueText(c.clock)}`;
    const to = [...(await holders(ctx, c.orgId, 'cases:handle')), ...(c.parentId ? await holders(ctx, c.parentId, 'cases:approve') : [])];
    const unique = [...new Map(to.map((u) => [u.userId, u])).values()];
    if (unique.length) await ctx.db.insert(caseReminders).values(unique.map((u) => ({ clockId: c.clock.id, userId: u.userId, message, at: ctx.now })));
    for (const u of unique) for (const ch of channels) await ch.send(u, message);
    sent += unique.length;
  }
  if (due.length) await ctx.db.update(caseClocks).set({ remindedOn: today }).where(inArray(caseClocks.id, due.map((c) => c.clock.id)));
  ctx.audit = { action: 'cases.reminders', targetType: 'calendar', targetId: today, after: { clocks: due.length, sent, escalated } };
  return { clocks: due.length, sent, escalated };
}

export async function myReminders(ctx: Ctx, userId: number) {
  const rows = await ctx.db
    .select({ id: caseReminders.id, message: caseReminders.message, at: caseReminders.at, caseId: caseClocks.caseId, readAt: caseReminders.readAt })
    .from(caseReminders)
    .innerJoin(caseClocks, eq(caseClocks.id, caseReminders.clockId))
    .where(eq(caseReminders.userId, userId))
    .orderBy(sql`${caseReminders.at} desc`)
    .limit(100);
  return rows.map((r) => ({ ...r, at: r.at.toISOString(), readAt: r.readAt?.toISOString() ?? null }));
}
