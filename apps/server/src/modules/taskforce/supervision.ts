/**
 * 督办: every open task by unit or district, overdue first — per assignee the open, overdue, awaiting-acceptance and
 * done counts and the earliest open due date, within the caller's scope; the list of the tasks themselves is the task
 * list in its default order (overdue first). Urging (催办) is the engine's `urge` step (tasks.ts).
 */
import { sql } from 'drizzle-orm';
import type { Supervision } from '@shangmi/shared';
import { orgs, taskforceTasks } from '../../db/schema/index.js';
import { requireActor } from '../../platform/access.js';
import { todayIn } from '../../platform/calendar.js';
import type { Ctx } from '../../platform/context.js';
import { taskScope } from './scope.js';

export async function supervision(ctx: Ctx): Promise<Supervision> {
  const today = todayIn(ctx.now);
  const t = taskforceTasks;
  const open = sql`${t.state} <> 'done'`;
  const late = sql`${t.state} in ('assigned', 'reported') and ${t.dueOn} < ${today}`;
  const rows = await ctx.db
    .select({
      assigneeOrgId: t.assigneeOrgId,
      assigneeName: sql<string>`min(${orgs.name})`,
      districtCode: sql<string | null>`min(${t.assigneeDistrictCode})`,
      open: sql<number>`(count(*) filter (where ${open}))::int`,
      overdue: sql<number>`(count(*) filter (where ${late}))::int`,
      awaitingAcceptance: sql<number>`(count(*) filter (where ${t.state} = 'submitted'))::int`,
      done: sql<number>`(count(*) filter (where ${t.state} = 'done'))::int`,
      earliestDue: sql<string | null>`min(${t.dueOn}) filter (where ${open})`,
    })
    .from(t)
    .innerJoin(orgs, sql`${orgs.id} = ${t.assigneeOrgId}`)
    .where(taskScope(requireActor(ctx)))
    .groupBy(t.assigneeOrgId);
  rows.sort((a, b) => b.overdue - a.overdue || b.open - a.open || (a.earliestDue ?? '9').localeCompare(b.earliestDue ?? '9'));
  const earliest = rows.map((r) => ({ ...r, earliestDue: r.earliestDue ? String(r.earliestDue).slice(0, 10) : null }));
  return { rows: earliest, open: rows.reduce((s, r) => s + r.open, 0), overdue: rows.reduce((s, r) => s + r.overdue, 0) };
}
