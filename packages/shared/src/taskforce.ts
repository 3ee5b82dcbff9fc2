import { z } from 'zod';
import { id, idValue, optionalText, pageOf, pageQuery, text } from './common.js';

/**
 * 工作专班 and 联席会议 (issue 19 item 5; seed plan 三(二): "在联席会议下设…工作专班…研究…困难问题和重大事项").
 * Member units with their contacts; meetings with agenda, attendees, minutes and decisions; each decision becomes tasks
 * (交办) assigned to a member unit or a district bureau with a due date, on the workflow engine (`taskforce.task`):
 * assigned → progress reported → completion submitted → accepted by the 专班 office (or returned).
 */
const day = z.iso.date();
type L = { zh: string; en: string };

/** Organisation kinds that may be member units (never an enterprise, a site or a provider). */
export const UNIT_ORG_KINDS = ['city_bureau', 'district_bureau', 'police', 'procuratorate', 'court', 'justice', 'association', 'department', 'other'] as const;
export const UNIT_ROLES = ['lead', 'member'] as const;
export type UnitRole = (typeof UNIT_ROLES)[number];
export const UNIT_ROLE_LABELS: Record<UnitRole, L> = { lead: { zh: '牵头单位', en: 'Lead unit' }, member: { zh: '成员单位', en: 'Member unit' } };

export const unitContact = z.strictObject({
  name: text(50),
  title: optionalText(50),
  phone: z.string().trim().regex(/^[0-9+\-() ]{5,20}$/).optional().nullable(),
  email: z.email().max(200).optional().nullable(),
});
export const unitCreate = z.strictObject({
  orgId: idValue,
  role: z.enum(UNIT_ROLES).default('member'),
  duty: optionalText(1000),
  contacts: z.array(unitContact).min(1).max(10),
});
export const unitUpdate = z.strictObject({
  role: z.enum(UNIT_ROLES).optional(),
  duty: optionalText(1000),
  contacts: z.array(unitContact).min(1).max(10).optional(),
  active: z.boolean().optional(),
});
export const unit = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  orgKind: z.string(),
  role: z.enum(UNIT_ROLES),
  duty: z.string().nullable(),
  contacts: z.array(z.object({ name: z.string(), title: z.string().nullable().optional(), phone: z.string().nullable().optional(), email: z.string().nullable().optional() })),
  active: z.boolean(),
  openTasks: z.number().int(),
  overdueTasks: z.number().int(),
});
export type Unit = z.infer<typeof unit>;
export const unitList = z.object({ items: z.array(unit) });

export const TF_MEETING_KINDS = ['joint', 'taskforce'] as const;
export type TfMeetingKind = (typeof TF_MEETING_KINDS)[number];
export const TF_MEETING_KIND_LABELS: Record<TfMeetingKind, L> = {
  joint: { zh: '联席会议', en: 'Joint meeting' },
  taskforce: { zh: '专班会议', en: 'Task-force meeting' },
};

export const tfTaskAssign = z.strictObject({
  title: text(200),
  detail: optionalText(2000),
  assigneeOrgId: idValue,
  dueOn: day,
});
export const decisionCreate = z.strictObject({
  text: text(2000),
  tasks: z.array(tfTaskAssign).max(20).default([]),
});
export const tfMeetingCreate = z.strictObject({
  kind: z.enum(TF_MEETING_KINDS),
  title: text(200),
  heldOn: day,
  place: optionalText(200),
  agenda: text(4000),
  attendeeOrgIds: z.array(idValue).max(100).default([]),
  attendees: optionalText(2000),
  minutes: optionalText(20000),
  minutesFileIds: z.array(idValue).max(20).default([]),
  decisions: z.array(decisionCreate).max(30).default([]),
});
export const tfMeetingUpdate = z.strictObject({
  title: text(200).optional(),
  place: optionalText(200),
  agenda: text(4000).optional(),
  attendees: optionalText(2000),
  minutes: optionalText(20000),
  minutesFileIds: z.array(idValue).max(20).optional(),
});

export const TF_TASK_STATES = ['assigned', 'reported', 'submitted', 'done'] as const;
export type TfTaskState = (typeof TF_TASK_STATES)[number];
export const TF_TASK_STATE_LABELS: Record<TfTaskState, L> = {
  assigned: { zh: '办理中', en: 'In hand' },
  reported: { zh: '已报进展', en: 'Progress reported' },
  submitted: { zh: '待验收', en: 'Awaiting acceptance' },
  done: { zh: '已办结', en: 'Done' },
};

export const tfTask = z.object({
  id: z.number().int(),
  meetingId: z.number().int(),
  meetingTitle: z.string(),
  decisionId: z.number().int(),
  decisionText: z.string(),
  title: z.string(),
  detail: z.string().nullable(),
  assigneeOrgId: z.number().int(),
  assigneeName: z.string(),
  districtCode: z.string().nullable(),
  dueOn: z.string(),
  state: z.enum(TF_TASK_STATES),
  overdue: z.boolean(),
  reports: z.number().int(),
  lastReportAt: z.string().nullable(),
  urged: z.number().int(),
  completedAt: z.string().nullable(),
  acceptedAt: z.string().nullable(),
});
export type TfTask = z.infer<typeof tfTask>;
export const tfTaskHistoryLine = z.object({
  at: z.string(),
  userName: z.string(),
  orgName: z.string().nullable(),
  step: z.string(),
  label: z.string(),
  comment: z.string().nullable(),
  files: z.array(z.object({ id: z.number().int(), name: z.string() })),
});
export const tfTaskDetail = tfTask.extend({ allowed: z.array(z.string()), history: z.array(tfTaskHistoryLine) });
export type TfTaskDetail = z.infer<typeof tfTaskDetail>;

export const tfDecision = z.object({ id: z.number().int(), seq: z.number().int(), text: z.string(), tasks: z.array(tfTask) });
export const tfMeeting = z.object({
  id: z.number().int(),
  kind: z.enum(TF_MEETING_KINDS),
  title: z.string(),
  heldOn: z.string(),
  place: z.string().nullable(),
  agenda: z.string(),
  attendeeOrgIds: z.array(z.number().int()),
  attendeeNames: z.array(z.string()),
  attendees: z.string().nullable(),
  minutes: z.string().nullable(),
  minutesFiles: z.array(z.object({ id: z.number().int(), name: z.string() })),
  decisions: z.array(tfDecision),
  openTasks: z.number().int(),
  overdueTasks: z.number().int(),
  editable: z.boolean(),
});
export type TfMeeting = z.infer<typeof tfMeeting>;
export const tfMeetingSummary = tfMeeting.omit({ decisions: true, minutes: true, agenda: true, minutesFiles: true }).extend({ decisions: z.number().int(), tasks: z.number().int() });
export const tfMeetingListQuery = z.object({ kind: z.enum(TF_MEETING_KINDS).optional(), year: z.coerce.number().int().min(2000).max(2100).optional() });
export const tfMeetingListPageQuery = tfMeetingListQuery.extend(pageQuery.shape);
export const tfMeetingPage = pageOf(tfMeetingSummary);

export const tfTaskListQuery = z.object({
  state: z.enum(TF_TASK_STATES).optional(),
  /** open: every state but done */
  open: z.stringbool().optional(),
  overdue: z.stringbool().optional(),
  assigneeOrgId: id.optional(),
  districtCode: z.string().max(12).optional(),
  meetingId: id.optional(),
  /** tasks assigned to the caller's own organisation */
  mine: z.stringbool().optional(),
  /** default: overdue first, then by due date (督办); `id`: newest or oldest first by `order` */
  sort: z.enum(['due', 'id']).optional(),
});
export const tfTaskListPageQuery = tfTaskListQuery.extend(pageQuery.shape);
export const tfTaskExportQuery = tfTaskListQuery.extend({ order: pageQuery.shape.order });
export const tfTaskPage = pageOf(tfTask);

/** A progress report or a completion: what was done, with attachments (files module uploads). */
export const tfTaskReport = z.strictObject({ comment: text(4000), fileIds: z.array(idValue).max(20).default([]) });
export const tfTaskDecision = z.strictObject({ comment: optionalText(1000) });
export const tfTaskReason = z.strictObject({ comment: text(1000) });

/** 督办: per assignee, open and overdue tasks, the oldest due date open. */
export const supervisionRow = z.object({
  assigneeOrgId: z.number().int(),
  assigneeName: z.string(),
  districtCode: z.string().nullable(),
  open: z.number().int(),
  overdue: z.number().int(),
  awaitingAcceptance: z.number().int(),
  done: z.number().int(),
  earliestDue: z.string().nullable(),
});
export const supervision = z.object({ rows: z.array(supervisionRow), open: z.number().int(), overdue: z.number().int() });
export type Supervision = z.infer<typeof supervision>;
