/**
 * Meetings of the task force (联席会议 / 专班会议): agenda, attendees (member units and named people), minutes (text and
 * files of the files module) and decisions; each decision's tasks are assigned at once (tasks.ts). Recorded by the
 * office (a city or district bureau holding taskforce:manage); seen by it, the bureaus above and the units that attended.
 */
import { and, asc, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { TfMeeting, decisionCreate, tfMeetingCreate, tfMeetingListPageQuery, tfMeetingUpdate } from '@shangmi/shared';
import type { z } from 'zod';
import { orgs, taskforceDecisions, taskforceMeetings, taskforceTasks } from '../../db/schema/index.js';
import { andAll, requireActor } from '../../platform/access.js';
import { todayIn } from '../../platform/calendar.js';
import type { Ctx } from '../../platform/context.js';
import { pageTotal } from '../../platform/count-cache.js';
import { fieldError, notFound } from '../../platform/errors.js';
import { claimFiles, filesByIds, type FileRow } from '../files/files.service.js';
import { assertOffice, findMeeting, meetingScope, type MeetingRow } from './scope.js';
import { M } from './taskforce.messages.js';
import { assignTask, tasksOfMeetings } from './tasks.js';
import { memberOrgIds } from './units.js';

async function checkAttendees(ctx: Ctx, ids: number[]) {
  const members = await memberOrgIds(ctx, ids);
  if (ids.some((i) => !members.has(i))) throw fieldError('attendeeOrgIds', M.notAttendee);
}

/** Adds the decisions (numbered after the meeting's last) and their tasks. */
async function addDecisions(ctx: Ctx, m: MeetingRow, decisions: z.output<typeof decisionCreate>[], field: (i: number) => string) {
  const [last] = await ctx.db.select({ seq: sql<number>`coalesce(max(${taskforceDecisions.seq}), 0)::int` }).from(taskforceDecisions).where(eq(taskforceDecisions.meetingId, m.id));
  let seq = last?.seq ?? 0;
  for (const [i, d] of decisions.entries()) {
    const [row] = await ctx.db.insert(taskforceDecisions).values({ meetingId: m.id, seq: ++seq, text: d.text, createdAt: ctx.now }).returning({ id: taskforceDecisions.id });
    // a decision added on its own has no prefix: its fields are the body's own (tasks.0.dueOn)
    for (const [j, t] of d.tasks.entries()) await assignTask(ctx, m, row!.id, t, [field(i), `tasks.${j}`].filter(Boolean).join('.'));
  }
}

export async function createMeeting(ctx: Ctx, input: z.output<typeof tfMeetingCreate>): Promise<TfMeeting> {
  const actor = requireActor(ctx);
  assertOffice(actor);
  if (input.heldOn > todayIn(ctx.now)) throw fieldError('heldOn', M.heldInFuture);
  await checkAttendees(ctx, input.attendeeOrgIds);
  const files = input.minutesFileIds.length ? await claimFiles(ctx, input.minutesFileIds, 'minutesFileIds') : [];
  const [own] = await ctx.db.select({ districtCode: orgs.districtCode, regionCode: orgs.regionCode }).from(orgs).where(eq(orgs.id, actor.orgId));
  const [m] = await ctx.db
    .insert(taskforceMeetings)
    .values({
      regionCode: own?.regionCode ?? actor.regionCode ?? '',
      districtCode: own?.districtCode ?? null,
      orgId: actor.orgId,
      orgPath: actor.orgPath,
      kind: input.kind,
      title: input.title,
      heldOn: input.heldOn,
      place: input.place ?? null,
      agenda: input.agenda,
      attendeeOrgIds: [...new Set(input.attendeeOrgIds)],
      attendees: input.attendees ?? null,
      minutes: input.minutes ?? null,
      minutesFileIds: files.map((f) => f.id),
      createdBy: actor.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning();
  await addDecisions(ctx, m!, input.decisions, (i) => `decisions.${i}`);
  ctx.audit = { targetType: 'taskforce_meeting', targetId: m!.id, after: { kind: m!.kind, title: m!.title, heldOn: m!.heldOn, decisions: input.decisions.length, tasks: input.decisions.reduce((s, d) => s + d.tasks.length, 0) } };
  return getMeeting(ctx, m!.id);
}

export async function updateMeeting(ctx: Ctx, id: number, input: z.output<typeof tfMeetingUpdate>): Promise<TfMeeting> {
  assertOffice(requireActor(ctx));
  const m = await findMeeting(ctx, id, true);
  if (!isOffice(ctx, m)) throw notFound();
  const fresh = input.minutesFileIds ? input.minutesFileIds.filter((f) => !m.minutesFileIds.includes(f)) : [];
  if (fresh.length) await claimFiles(ctx, fresh, 'minutesFileIds');
  const set = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  await ctx.db.update(taskforceMeetings).set({ ...set, updatedAt: ctx.now }).where(eq(taskforceMeetings.id, id));
  ctx.audit = { targetType: 'taskforce_meeting', targetId: id, before: Object.fromEntries(Object.keys(set).map((k) => [k, m[k as keyof MeetingRow]])), after: set };
  return getMeeting(ctx, id);
}

/** A decision (with its tasks) added after the meeting was recorded (议定事项补录). */
export async function addDecision(ctx: Ctx, id: number, input: z.output<typeof decisionCreate>): Promise<TfMeeting> {
  assertOffice(requireActor(ctx));
  const m = await findMeeting(ctx, id, true);
  if (!isOffice(ctx, m)) throw notFound();
  await addDecisions(ctx, m, [input], () => '');
  ctx.audit = { targetType: 'taskforce_meeting', targetId: id, after: { decision: input.text, tasks: input.tasks.length } };
  return getMeeting(ctx, id);
}

/** The office that recorded the meeting, or a bureau above it (not a unit that attended). */
function isOffice(ctx: Ctx, m: MeetingRow) {
  const a = requireActor(ctx);
  return a.scope === 'all' || (a.scope === 'org_and_below' && m.orgPath.startsWith(a.orgPath)) || m.orgId === a.orgId;
}

async function orgNames(ctx: Ctx, ids: number[]) {
  if (!ids.length) return new Map<number, string>();
  return new Map((await ctx.db.select({ id: orgs.id, name: orgs.name }).from(orgs).where(inArray(orgs.id, ids))).map((o) => [o.id, o.name]));
}

export async function getMeeting(ctx: Ctx, id: number): Promise<TfMeeting> {
  const m = await findMeeting(ctx, id);
  const [decisions, tasks, names, files] = await Promise.all([
    ctx.db.select().from(taskforceDecisions).where(eq(taskforceDecisions.meetingId, id)).orderBy(asc(taskforceDecisions.seq)),
    tasksOfMeetings(ctx, [id]),
    orgNames(ctx, m.attendeeOrgIds),
    filesByIds(ctx, m.minutesFileIds),
  ]);
  return {
    id: m.id,
    kind: m.kind,
    title: m.title,
    heldOn: m.heldOn,
    place: m.place,
    agenda: m.agenda,
    attendeeOrgIds: m.attendeeOrgIds,
    attendeeNames: m.attendeeOrgIds.map((o) => names.get(o) ?? ''),
    attendees: m.attendees,
    minutes: m.minutes,
    minutesFiles: files.map((f) => ({ id: f.id, name: f.name })),
    decisions: decisions.map((d) => ({ id: d.id, seq: d.seq, text: d.text, tasks: tasks.filter((t) => t.decisionId === d.id) })),
    openTasks: tasks.filter((t) => t.state !== 'done').length,
    overdueTasks: tasks.filter((t) => t.overdue).length,
    editable: isOffice(ctx, m) && requireActor(ctx).permissions.has('taskforce:manage'),
  };
}

export async function listMeetings(ctx: Ctx, q: z.infer<typeof tfMeetingListPageQuery>) {
  const actor = requireActor(ctx);
  const where: SQL | undefined = andAll(
    meetingScope(actor),
    q.kind ? eq(taskforceMeetings.kind, q.kind) : undefined,
    q.year ? and(gte(taskforceMeetings.heldOn, `${q.year}-01-01`), lt(taskforceMeetings.heldOn, `${q.year + 1}-01-01`)) : undefined,
  );
  const today = todayIn(ctx.now);
  const [rows, total] = await Promise.all([
    ctx.db
      .select({
        m: taskforceMeetings,
        decisions: sql<number>`(select count(*)::int from ${taskforceDecisions} d where d.meeting_id = ${taskforceMeetings.id})`,
        tasks: sql<number>`(select count(*)::int from ${taskforceTasks} t where t.meeting_id = ${taskforceMeetings.id})`,
        open: sql<number>`(select count(*)::int from ${taskforceTasks} t where t.meeting_id = ${taskforceMeetings.id} and t.state <> 'done')`,
        overdue: sql<number>`(select count(*)::int from ${taskforceTasks} t where t.meeting_id = ${taskforceMeetings.id} and t.state in ('assigned', 'reported') and t.due_on < ${today})`,
      })
      .from(taskforceMeetings)
      .where(where)
      .orderBy((q.order === 'asc' ? asc : desc)(taskforceMeetings.heldOn), desc(taskforceMeetings.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    pageTotal(ctx.db, taskforceMeetings, where),
  ]);
  const names = await orgNames(ctx, [...new Set(rows.flatMap((r) => r.m.attendeeOrgIds))]);
  return {
    items: rows.map(({ m, ...c }) => ({
      id: m.id,
      kind: m.kind,
      title: m.title,
      heldOn: m.heldOn,
      place: m.place,
      attendeeOrgIds: m.attendeeOrgIds,
      attendeeNames: m.attendeeOrgIds.map((o) => names.get(o) ?? ''),
      attendees: m.attendees,
      decisions: c.decisions,
      tasks: c.tasks,
      openTasks: c.open,
      overdueTasks: c.overdue,
      editable: isOffice(ctx, m) && actor.permissions.has('taskforce:manage'),
    })),
    ...total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** A minutes file, served under the meeting's scope. */
export async function meetingFile(ctx: Ctx, id: number, fileId: number): Promise<FileRow> {
  const m = await findMeeting(ctx, id);
  if (!m.minutesFileIds.includes(fileId)) throw notFound();
  const [f] = await filesByIds(ctx, [fileId]);
  if (!f) throw notFound();
  return f;
}
