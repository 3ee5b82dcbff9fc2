/**
 * Tasks (交办事项) of the task force's decisions, on the engine's `taskforce.task` path (path.ts): assigned to a member
 * unit or a district bureau with a due date; the assignee reports progress and submits completion, with attachments
 * (files module); the office accepts or returns, and urges (催办) open tasks. The task keeps its copy of the state, the
 * due date and the counts for lists and the supervision view; the engine keeps the history and sends every notice.
 */
import { and, asc, desc, eq, inArray, lt, ne, sql, type SQL } from 'drizzle-orm';
import type { TfTask, TfTaskDetail, TfTaskState, tfTaskAssign, tfTaskListPageQuery, tfTaskListQuery } from '@shangmi/shared';
import type { z } from 'zod';
import { orgs, taskforceDecisions, taskforceMeetings, taskforceTasks } from '../../db/schema/index.js';
import { andAll, requireActor } from '../../platform/access.js';
import { todayIn } from '../../platform/calendar.js';
import type { Ctx } from '../../platform/context.js';
import { pageTotal } from '../../platform/count-cache.js';
import { fieldError, forbidden, notFound } from '../../platform/errors.js';
import { instanceOf, mayTake, stepsOf, takeStep } from '../../platform/workflow/index.js';
import { claimFiles, filesByIds, type FileRow } from '../files/files.service.js';
import { findOrgInScope } from '../orgs/orgs.service.js';
import { taskPath } from './path.js';
import { findTask, isAssignee, taskHome, taskScope, type MeetingRow, type TaskRow } from './scope.js';
import { M } from './taskforce.messages.js';
import { memberOrgIds } from './units.js';

type ListQuery = z.infer<typeof tfTaskListQuery>;
const OPEN_STATES = ['assigned', 'reported'] as const;

const isOverdue = (t: Pick<TaskRow, 'state' | 'dueOn'>, today: string) => (OPEN_STATES as readonly string[]).includes(t.state) && t.dueOn < today;

/** Creates one task of a decision and takes the engine's first step (the unit hears of it in its inbox). */
export async function assignTask(ctx: Ctx, meeting: MeetingRow, decisionId: number, input: z.output<typeof tfTaskAssign>, field: string): Promise<number> {
  const actor = requireActor(ctx);
  const org = await findOrgInScope(ctx, input.assigneeOrgId, `${field}.assigneeOrgId`);
  const member = (await memberOrgIds(ctx, [org.id])).has(org.id);
  if (!member && !(org.kind === 'district_bureau' && org.regionCode === meeting.regionCode)) throw fieldError(`${field}.assigneeOrgId`, M.notMemberOrDistrict);
  if (input.dueOn < meeting.heldOn) throw fieldError(`${field}.dueOn`, M.dueInPast);
  const [row] = await ctx.db
    .insert(taskforceTasks)
    .values({
      regionCode: meeting.regionCode,
      districtCode: meeting.districtCode,
      orgId: meeting.orgId,
      orgPath: meeting.orgPath,
      meetingId: meeting.id,
      decisionId,
      title: input.title,
      detail: input.detail ?? null,
      assigneeOrgId: org.id,
      assigneeOrgPath: org.path,
      assigneeDistrictCode: org.districtCode,
      dueOn: input.dueOn,
      createdBy: actor.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning();
  await takeStep(ctx, taskPath, row!.id, 'assign', { home: taskHome(row!, org.name), comment: input.detail ?? null, dueOn: input.dueOn, data: { assigneeOrgId: org.id, assigneeName: org.name, dueOn: input.dueOn } });
  return row!.id;
}

const selectTasks = (ctx: Ctx) =>
  // the meeting's title, the decision's text and the assignee's name joined read-only: one statement per page
  ctx.db
    .select({ t: taskforceTasks, meetingTitle: taskforceMeetings.title, decisionText: taskforceDecisions.text, assigneeName: orgs.name })
    .from(taskforceTasks)
    .innerJoin(taskforceMeetings, eq(taskforceMeetings.id, taskforceTasks.meetingId))
    .innerJoin(taskforceDecisions, eq(taskforceDecisions.id, taskforceTasks.decisionId))
    .innerJoin(orgs, eq(orgs.id, taskforceTasks.assigneeOrgId));

type Joined = { t: TaskRow; meetingTitle: string; decisionText: string; assigneeName: string };
function toTask(x: Joined, today: string): TfTask {
  const t = x.t;
  return {
    id: t.id,
    meetingId: t.meetingId,
    meetingTitle: x.meetingTitle,
    decisionId: t.decisionId,
    decisionText: x.decisionText,
    title: t.title,
    detail: t.detail,
    assigneeOrgId: t.assigneeOrgId,
    assigneeName: x.assigneeName,
    districtCode: t.assigneeDistrictCode,
    dueOn: t.dueOn,
    state: t.state,
    overdue: isOverdue(t, today),
    reports: t.reports,
    lastReportAt: t.lastReportAt?.toISOString() ?? null,
    urged: t.urged,
    completedAt: t.completedAt?.toISOString() ?? null,
    acceptedAt: t.acceptedAt?.toISOString() ?? null,
  };
}

/** Tasks of some meetings (a meeting's page), within the caller's scope. */
export async function tasksOfMeetings(ctx: Ctx, meetingIds: number[]): Promise<TfTask[]> {
  if (!meetingIds.length) return [];
  const rows = await selectTasks(ctx)
    .where(andAll(inArray(taskforceTasks.meetingId, meetingIds), taskScope(requireActor(ctx))))
    .orderBy(asc(taskforceTasks.id));
  const today = todayIn(ctx.now);
  return rows.map((x) => toTask(x, today));
}

export async function getTask(ctx: Ctx, id: number): Promise<TfTaskDetail> {
  const actor = requireActor(ctx);
  const [x] = await selectTasks(ctx).where(andAll(eq(taskforceTasks.id, id), taskScope(actor)));
  if (!x) throw notFound();
  const [inst, steps] = await Promise.all([instanceOf(ctx, taskPath, id), stepsOf(ctx, taskPath, [id])]);
  const files = new Map((await filesByIds(ctx, [...new Set(steps.flatMap((s) => s.fileIds))])).map((f) => [f.id, f.name]));
  const home = taskHome(x.t, x.assigneeName);
  const allowed = taskPath.transitions
    .map((t) => t.name)
    .filter((name) => name !== 'assign' && mayTake(actor, taskPath, inst, name, home))
    .filter((name) => (name === 'report' || name === 'complete' ? isAssignee(actor, x.t) : true));
  const en = ctx.locale === 'en-US';
  return {
    ...toTask(x, todayIn(ctx.now)),
    allowed,
    history: steps.map((s) => ({
      at: s.at.toISOString(),
      userName: s.userName ?? '',
      orgName: s.orgName,
      step: s.transition,
      label: taskPath.transitions.find((t) => t.name === s.transition)?.label[en ? 'en' : 'zh'] ?? s.transition,
      comment: s.comment,
      files: s.fileIds.map((f) => ({ id: f, name: files.get(f) ?? '' })),
    })),
  };
}

function listWhere(ctx: Ctx, q: ListQuery): SQL | undefined {
  const actor = requireActor(ctx);
  const today = todayIn(ctx.now);
  return andAll(
    taskScope(actor),
    q.state ? eq(taskforceTasks.state, q.state) : undefined,
    q.open ? ne(taskforceTasks.state, 'done') : undefined,
    q.overdue ? and(inArray(taskforceTasks.state, [...OPEN_STATES]), lt(taskforceTasks.dueOn, today)) : undefined,
    q.assigneeOrgId ? eq(taskforceTasks.assigneeOrgId, q.assigneeOrgId) : undefined,
    q.districtCode ? eq(taskforceTasks.assigneeDistrictCode, q.districtCode) : undefined,
    q.meetingId ? eq(taskforceTasks.meetingId, q.meetingId) : undefined,
    q.mine ? eq(taskforceTasks.assigneeOrgId, actor.orgId) : undefined,
  );
}

/** Overdue first (open and past due), then by due date: the order the supervision view reads. */
const supervisionOrder = (today: string) => [
  sql`(${taskforceTasks.state} in ('assigned', 'reported') and ${taskforceTasks.dueOn} < ${today}) desc`,
  sql`(${taskforceTasks.state} = 'done')`,
  asc(taskforceTasks.dueOn),
  asc(taskforceTasks.id),
];

export async function listTasks(ctx: Ctx, q: z.infer<typeof tfTaskListPageQuery>) {
  const where = listWhere(ctx, q);
  const today = todayIn(ctx.now);
  const order = q.sort === 'id' ? [(q.order === 'asc' ? asc : desc)(taskforceTasks.id)] : supervisionOrder(today);
  const [rows, total] = await Promise.all([
    selectTasks(ctx)
      .where(where)
      .orderBy(...order)
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    pageTotal(ctx.db, taskforceTasks, where),
  ]);
  return { items: rows.map((x) => toTask(x, today)), ...total, page: q.page, pageSize: q.pageSize };
}

export async function tasksForExport(ctx: Ctx, q: ListQuery, limit: number): Promise<TfTask[]> {
  const today = todayIn(ctx.now);
  const rows = await selectTasks(ctx)
    .where(listWhere(ctx, q))
    .orderBy(...supervisionOrder(today))
    .limit(limit);
  return rows.map((x) => toTask(x, today));
}

// ---------------------------------------------------------------------------------------------------------------
// Steps

type StepName = 'report' | 'complete' | 'accept' | 'return' | 'urge';
const NEXT: Record<StepName, TfTaskState | null> = { report: 'reported', complete: 'submitted', accept: 'done', return: 'assigned', urge: 'assigned' };

/** One step on a task: the row locked, the engine's refusals first, then the module's own rule (only the assignee reports). */
export async function taskStep(ctx: Ctx, id: number, name: StepName, input: { comment?: string | null; fileIds?: number[] }): Promise<TfTaskDetail> {
  const actor = requireActor(ctx);
  const t = await findTask(ctx, id, true);
  if ((name === 'report' || name === 'complete') && !isAssignee(actor, t)) throw forbidden(M.assigneeOnly);
  const [a] = await ctx.db.select({ name: orgs.name }).from(orgs).where(eq(orgs.id, t.assigneeOrgId));
  const files: FileRow[] = input.fileIds?.length ? await claimFiles(ctx, input.fileIds, 'fileIds') : [];
  // the due date stays the office's through every step (the engine's limit has no length of its own)
  await takeStep(ctx, taskPath, id, name, { home: taskHome(t, a?.name ?? ''), comment: input.comment ?? null, fileIds: files.map((f) => f.id), dueOn: t.dueOn });
  const to = NEXT[name]!;
  await ctx.db
    .update(taskforceTasks)
    .set({
      state: to,
      updatedAt: ctx.now,
      ...(name === 'report' ? { reports: sql`${taskforceTasks.reports} + 1`, lastReportAt: ctx.now } : {}),
      ...(name === 'complete' ? { completedAt: ctx.now, lastReportAt: ctx.now } : {}),
      ...(name === 'accept' ? { acceptedAt: ctx.now } : {}),
      ...(name === 'return' ? { completedAt: null } : {}),
      ...(name === 'urge' ? { urged: sql`${taskforceTasks.urged} + 1` } : {}),
    })
    .where(eq(taskforceTasks.id, id));
  ctx.audit = { targetType: 'taskforce_task', targetId: id, before: { state: t.state }, after: { state: to, step: name, files: files.length } };
  return getTask(ctx, id);
}

/** An attachment of one of the task's steps, served under the task's scope. */
export async function taskFile(ctx: Ctx, id: number, fileId: number): Promise<FileRow> {
  await findTask(ctx, id);
  const steps = await stepsOf(ctx, taskPath, [id]);
  if (!steps.some((s) => s.fileIds.includes(fileId))) throw notFound();
  const [f] = await filesByIds(ctx, [fileId]);
  if (!f) throw notFound();
  return f;
}
