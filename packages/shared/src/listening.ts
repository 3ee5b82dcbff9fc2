import { z } from 'zod';
import { id, idValue, optionalText, pageOf, pageQuery, text } from './common.js';

/**
 * 倾听企业 (issue 17): visits, forums and interviews (one table of meetings), and the needs and opinions tracker. Surveys
 * are in listening-surveys.ts. A need runs on the workflow engine (`listening.need`): assigned with a due date → replied
 * → confirmed by the enterprise (closed) or reopened.
 */
const day = z.iso.date();
type L = { zh: string; en: string };

export const MEETING_KINDS = ['visit', 'forum', 'interview'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];
export const MEETING_KIND_LABELS: Record<MeetingKind, L> = {
  visit: { zh: '走访', en: 'Visit' },
  forum: { zh: '座谈会', en: 'Forum' },
  interview: { zh: '一对一访谈', en: 'Interview' },
};
export const MEETING_STATUSES = ['planned', 'recorded', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];
export const MEETING_STATUS_LABELS: Record<MeetingStatus, L> = {
  planned: { zh: '计划中', en: 'Planned' },
  recorded: { zh: '已记录', en: 'Recorded' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};

export const NEED_KINDS = ['need', 'opinion'] as const;
export type NeedKind = (typeof NEED_KINDS)[number];
export const NEED_KIND_LABELS: Record<NeedKind, L> = { need: { zh: '诉求', en: 'Need' }, opinion: { zh: '意见建议', en: 'Opinion' } };
/** Where a need was found. `help` is a help request of the services module (issue 15), by its id. */
export const NEED_SOURCES = ['visit', 'forum', 'interview', 'survey', 'help', 'other'] as const;
export type NeedSource = (typeof NEED_SOURCES)[number];
export const NEED_SOURCE_LABELS: Record<NeedSource, L> = {
  visit: { zh: '走访', en: 'Visit' },
  forum: { zh: '座谈会', en: 'Forum' },
  interview: { zh: '访谈', en: 'Interview' },
  survey: { zh: '问卷', en: 'Survey' },
  help: { zh: '求助', en: 'Help request' },
  other: { zh: '其他', en: 'Other' },
};
export const NEED_CATEGORIES = ['policy', 'training', 'legal', 'rights', 'funding', 'other'] as const;
export const NEED_CATEGORY_LABELS: Record<(typeof NEED_CATEGORIES)[number], L> = {
  policy: { zh: '政策咨询', en: 'Policy' },
  training: { zh: '培训辅导', en: 'Training and coaching' },
  legal: { zh: '法律服务', en: 'Legal services' },
  rights: { zh: '维权援助', en: 'Enforcement help' },
  funding: { zh: '资金支持', en: 'Funding' },
  other: { zh: '其他', en: 'Other' },
};
/** The need path's states (the engine's `listening.need`), copied on the need for lists. */
export const NEED_STATES = ['open', 'assigned', 'replied', 'closed'] as const;
export type NeedState = (typeof NEED_STATES)[number];
export const NEED_STATE_LABELS: Record<NeedState, L> = {
  open: { zh: '待交办', en: 'To assign' },
  assigned: { zh: '办理中', en: 'In hand' },
  replied: { zh: '已答复待确认', en: 'Replied, to confirm' },
  closed: { zh: '已办结', en: 'Closed' },
};
/**
 * What a need became in another module, by typed reference (the other module owns the record): a help request of the
 * services module (issue 15, `service_request`) or a cultivation entry's coaching item (`cultivation`).
 */
export const NEED_LINK_KINDS = ['service_request', 'cultivation'] as const;
export const NEED_LINK_LABELS: Record<(typeof NEED_LINK_KINDS)[number], L> = {
  service_request: { zh: '服务求助', en: 'Help request' },
  cultivation: { zh: '培育辅导', en: 'Cultivation coaching' },
};

// ---------------------------------------------------------------------------------------------------------------
// Meetings: visits, forums, interviews

const attendee = z.strictObject({ name: text(50), title: optionalText(50), enterpriseId: idValue.nullable().optional() });
export const meetingNeedInput = z.strictObject({
  kind: z.enum(NEED_KINDS).default('need'),
  category: z.enum(NEED_CATEGORIES).default('other'),
  title: text(200),
  detail: optionalText(4000),
  /** for a forum: the enterprise that raised it (one of the attendees); a visit or interview: its enterprise */
  enterpriseId: idValue.optional(),
});

export const meetingCreate = z.strictObject({
  kind: z.enum(MEETING_KINDS),
  /** a visit or an interview: its enterprise; a forum: the enterprises attending */
  enterpriseIds: z.array(idValue).min(1).max(200),
  plannedOn: day,
  staff: z.array(text(50)).min(1).max(20),
  purpose: text(1000),
  agenda: optionalText(4000),
  /** an association's activity: the association (its own account's meetings are its activities without saying so) */
  associationId: idValue.nullable().optional(),
});
export type MeetingCreate = z.infer<typeof meetingCreate>;
export const meetingUpdate = meetingCreate.omit({ kind: true, associationId: true }).partial().strict();

/** Recording what happened: notes (minutes), people met, photos, the situation, and the needs found (each becomes an item). */
export const meetingRecord = z.strictObject({
  heldOn: day,
  notes: text(20000),
  peopleMet: z.array(attendee).max(200).default([]),
  situation: optionalText(4000),
  photoFileIds: z.array(idValue).max(30).default([]),
  needs: z.array(meetingNeedInput).max(50).default([]),
});
export type MeetingRecord = z.infer<typeof meetingRecord>;

export const meeting = z.object({
  id: z.number().int(),
  kind: z.enum(MEETING_KINDS),
  status: z.enum(MEETING_STATUSES),
  orgId: z.number().int(),
  orgName: z.string(),
  associationId: z.number().int().nullable(),
  districtCode: z.string().nullable(),
  quarter: z.string(),
  enterprises: z.array(z.object({ id: z.number().int(), name: z.string() })),
  plannedOn: z.string(),
  heldOn: z.string().nullable(),
  staff: z.array(z.string()),
  purpose: z.string(),
  agenda: z.string().nullable(),
  notes: z.string().nullable(),
  peopleMet: z.array(z.object({ name: z.string(), title: z.string().nullable().optional(), enterpriseId: z.number().int().nullable().optional() })),
  situation: z.string().nullable(),
  photoFileIds: z.array(z.number().int()),
  needIds: z.array(z.number().int()),
  createdAt: z.string(),
});
export type Meeting = z.infer<typeof meeting>;
export const meetingListQuery = z.object({
  kind: z.enum(MEETING_KINDS).optional(),
  status: z.enum(MEETING_STATUSES).optional(),
  enterpriseId: id.optional(),
  associationId: id.optional(),
  quarter: z
    .string()
    .regex(/^\d{4}Q[1-4]$/)
    .optional(),
  districtCode: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
});
export const meetingListPageQuery = meetingListQuery.extend(pageQuery.shape);
export const meetingPage = pageOf(meeting);

// ---------------------------------------------------------------------------------------------------------------
// Needs and opinions

export const needCreate = z.strictObject({
  enterpriseId: idValue,
  kind: z.enum(NEED_KINDS).default('need'),
  category: z.enum(NEED_CATEGORIES).default('other'),
  title: text(200),
  detail: optionalText(4000),
  source: z.enum(NEED_SOURCES).default('other'),
  /** the meeting, survey or help request it came from */
  sourceId: idValue.nullable().optional(),
  /** assigned at once (the results page's and the help request's dialog): where it goes and by when */
  assigneeOrgId: idValue.optional(),
  dueOn: day.optional(),
});
export type NeedCreate = z.infer<typeof needCreate>;

export const needAssign = z.strictObject({
  /** a department, district bureau, site or provider: an organisation within the assigner's scope */
  assigneeOrgId: idValue,
  dueOn: day,
  comment: optionalText(1000),
});
export const needReply = z.strictObject({ reply: text(4000) });
export const needDecision = z.strictObject({ comment: optionalText(1000) });
export const needReason = z.strictObject({ comment: text(1000) });
export const needLink = z.strictObject({ kind: z.enum(NEED_LINK_KINDS), id: idValue });
/** A need becomes a coaching item of its enterprise's cultivation plan (the need links the entry). */
export const needToCultivation = z.strictObject({ title: text(200), dueDate: day.nullable().optional(), note: optionalText(1000) });

export const needHistoryLine = z.object({
  at: z.string(),
  userName: z.string().nullable(),
  orgName: z.string().nullable(),
  step: z.string(),
  label: z.string(),
  comment: z.string().nullable(),
});
export const need = z.object({
  id: z.number().int(),
  kind: z.enum(NEED_KINDS),
  category: z.enum(NEED_CATEGORIES),
  title: z.string(),
  detail: z.string().nullable(),
  source: z.enum(NEED_SOURCES),
  sourceId: z.number().int().nullable(),
  enterpriseId: z.number().int(),
  enterpriseName: z.string(),
  districtCode: z.string().nullable(),
  orgName: z.string(),
  state: z.enum(NEED_STATES),
  assigneeOrgId: z.number().int().nullable(),
  assigneeName: z.string().nullable(),
  dueOn: z.string().nullable(),
  overdue: z.boolean(),
  reply: z.string().nullable(),
  repliedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  confirmed: z.boolean().nullable(),
  reopenCount: z.number().int(),
  linkKind: z.enum(NEED_LINK_KINDS).nullable(),
  linkId: z.number().int().nullable(),
  createdAt: z.string(),
});
export type Need = z.infer<typeof need>;
export const needDetail = need.extend({ allowed: z.array(z.string()), history: z.array(needHistoryLine) });
export type NeedDetail = z.infer<typeof needDetail>;
export const needListQuery = z.object({
  state: z.enum(NEED_STATES).optional(),
  kind: z.enum(NEED_KINDS).optional(),
  source: z.enum(NEED_SOURCES).optional(),
  enterpriseId: id.optional(),
  overdue: z.stringbool().optional(),
  /** needs assigned to the caller's own organisation */
  mine: z.stringbool().optional(),
  districtCode: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
});
export const needListPageQuery = needListQuery.extend(pageQuery.shape);
export const needExportQuery = needListQuery.extend({ order: pageQuery.shape.order });
export const needPage = pageOf(need);
export const needStats = z.object({
  total: z.number().int(),
  open: z.number().int(),
  overdue: z.number().int(),
  byKind: z.array(z.object({ key: z.string(), count: z.number().int() })),
  bySource: z.array(z.object({ key: z.string(), count: z.number().int() })),
  byState: z.array(z.object({ key: z.string(), count: z.number().int() })),
});
export type NeedStats = z.infer<typeof needStats>;
