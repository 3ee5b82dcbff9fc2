/**
 * Who sees what of the task force (docs/taskforce.md § Scope). A meeting belongs to the office (bureau) that recorded
 * it: its users and the bureaus above see it, and so do the member units that attended. A task is seen by the office
 * (its path) and by the organisation it is assigned to and the bureaus above that (a district bureau sees the tasks of
 * its district's units). Member units are read by anyone holding taskforce:read in the region. Outside: 404.
 */
import { and, eq, or, sql, type SQL } from 'drizzle-orm';
import { taskforceMeetings, taskforceTasks } from '../../db/schema/index.js';
import { andAll, requireActor, scopeCondition } from '../../platform/access.js';
import type { Actor, Ctx } from '../../platform/context.js';
import { forbidden, notFound } from '../../platform/errors.js';
import type { Home } from '../../platform/workflow/index.js';
import { M } from './taskforce.messages.js';

export type MeetingRow = typeof taskforceMeetings.$inferSelect;
export type TaskRow = typeof taskforceTasks.$inferSelect;

export function meetingScope(actor: Actor): SQL | undefined {
  const own = scopeCondition(actor, { orgPath: taskforceMeetings.orgPath, orgId: taskforceMeetings.orgId });
  if (own === undefined) return undefined;
  return or(own, sql`${actor.orgId} = any(${taskforceMeetings.attendeeOrgIds})`);
}

export function taskScope(actor: Actor): SQL | undefined {
  const own = scopeCondition(actor, { orgPath: taskforceTasks.orgPath, orgId: taskforceTasks.orgId });
  if (own === undefined) return undefined;
  return or(own, scopeCondition(actor, { orgPath: taskforceTasks.assigneeOrgPath, orgId: taskforceTasks.assigneeOrgId }));
}

/**
 * The office: staff holding taskforce:manage in a government organisation — a bureau, or the 专班办公室 as a node of its
 * own under the city bureau — never an enterprise, a site or a provider.
 */
export function assertOffice(actor: Actor) {
  if (!actor.permissions.has('taskforce:manage') || ['enterprise', 'site', 'provider'].includes(actor.orgKind)) throw forbidden(M.officeOnly);
}

/** The assigned organisation's own users (or those of an organisation below it) report on a task; not the office. */
export const isAssignee = (actor: Actor, t: Pick<TaskRow, 'assigneeOrgPath'>) => actor.orgPath.startsWith(t.assigneeOrgPath);

export async function findMeeting(ctx: Ctx, id: number, lock = false): Promise<MeetingRow> {
  const q = ctx.db.select().from(taskforceMeetings).where(andAll(eq(taskforceMeetings.id, id), meetingScope(requireActor(ctx))));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw notFound();
  return row;
}

export async function findTask(ctx: Ctx, id: number, lock = false): Promise<TaskRow> {
  const q = ctx.db.select().from(taskforceTasks).where(and(eq(taskforceTasks.id, id), taskScope(requireActor(ctx)) ?? sql`true`));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw notFound();
  return row;
}

/** Where a task lives for the engine: the assignee (its users report), also seen under the office (which accepts). */
export function taskHome(t: Pick<TaskRow, 'assigneeOrgId' | 'assigneeOrgPath' | 'orgPath' | 'regionCode' | 'title'>, assigneeName: string): Home {
  return { orgId: t.assigneeOrgId, orgPath: t.assigneeOrgPath, alsoPaths: [t.orgPath], regionCode: t.regionCode, label: `${assigneeName}：${t.title}` };
}
