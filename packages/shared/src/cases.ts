import { z } from 'zod';
import { exportOrder, id, idValue, optionalText, pageOf, pageQuery, text } from './common.js';
import { creditCodeField } from './credit-code.js';
import { CLOCK_STATES, DEADLINE_UNITS, PAUSE_REASONS } from './deadlines.js';

/** Complaints (投诉: a private dispute → mediation) and reports (举报: a violation → enforcement). */
export const CASE_TRACKS = ['complaint', 'report'] as const;
export type CaseTrack = (typeof CASE_TRACKS)[number];
export const CASE_TRACK_LABELS: Record<CaseTrack, { zh: string; en: string }> = {
  complaint: { zh: '投诉', en: 'Complaint' },
  report: { zh: '举报', en: 'Report' },
};

export const CASE_SOURCES = ['public', 'enterprise', 'phone', 'letter', 'transfer_12315', 'transfer_office', 'visit'] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];
export const CASE_SOURCE_LABELS: Record<CaseSource, { zh: string; en: string }> = {
  public: { zh: '网上投诉举报', en: 'Online form' },
  enterprise: { zh: '权利人举报', en: 'Rights-holder report' },
  phone: { zh: '电话', en: 'Phone call' },
  letter: { zh: '信件', en: 'Letter' },
  transfer_12315: { zh: '12315平台转办', en: 'Transferred from 12315' },
  transfer_office: { zh: '其他部门移交', en: 'Transferred by another office' },
  visit: { zh: '来访', en: 'Walk-in' },
};

/**
 * Statuses: a complaint is received → accepted (mediating) / rejected → closed; a report is a lead (线索) → verifying (核查)
 * → investigating (立案) / not_filed (不予立案) → notice (告知/听证) → decided → executing → closed.
 */
export const CASE_STATUSES = [
  'received',
  'mediating',
  'rejected',
  'lead',
  'verifying',
  'not_filed',
  'investigating',
  'notice',
  'decided',
  'executing',
  'closed',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const CASE_STATUS_LABELS: Record<CaseStatus, { zh: string; en: string }> = {
  received: { zh: '待受理', en: 'Received' },
  mediating: { zh: '调解中', en: 'Mediating' },
  rejected: { zh: '不予受理', en: 'Not accepted' },
  lead: { zh: '线索', en: 'Lead' },
  verifying: { zh: '核查中', en: 'Verifying' },
  not_filed: { zh: '不予立案', en: 'Not filed' },
  investigating: { zh: '已立案调查', en: 'Investigating' },
  notice: { zh: '告知/听证', en: 'Notice / hearing' },
  decided: { zh: '已作出决定', en: 'Decided' },
  executing: { zh: '执行中', en: 'Executing' },
  closed: { zh: '已结案', en: 'Closed' },
};

/** Lifecycle actions: from which statuses, to which, and the permission each needs (besides `cases:handle`). */
export const CASE_ACTIONS = {
  accept: { from: ['received'], to: 'mediating', zh: '受理', en: 'Accept' },
  reject: { from: ['received'], to: 'rejected', zh: '不予受理', en: 'Do not accept' },
  mediation_end: { from: ['mediating'], to: 'closed', zh: '调解终结', en: 'End mediation' },
  verify: { from: ['lead'], to: 'verifying', zh: '开始核查', en: 'Start verification' },
  file: { from: ['lead', 'verifying'], to: 'investigating', approve: true, zh: '立案', en: 'File the case' },
  not_file: { from: ['lead', 'verifying'], to: 'not_filed', approve: true, zh: '不予立案', en: 'Do not file' },
  notify_reporter: { from: ['investigating', 'not_filed', 'notice', 'decided', 'executing'], to: null, zh: '告知举报人', en: 'Tell the reporter' },
  evidence: { from: ['verifying', 'investigating', 'notice'], to: null, zh: '登记证据', en: 'Log evidence' },
  interview: { from: ['verifying', 'investigating', 'notice'], to: null, zh: '询问笔录', en: 'Record an interview' },
  appraisal: { from: ['verifying', 'investigating'], to: null, zh: '委托鉴定', en: 'Request an appraisal' },
  notice: { from: ['investigating'], to: 'notice', approve: true, zh: '行政处罚告知', en: 'Notice of proposed penalty' },
  decide: { from: ['investigating', 'notice'], to: 'decided', approve: true, zh: '作出决定', en: 'Decide' },
  execute: { from: ['decided'], to: 'executing', zh: '执行完毕', en: 'Execution done' },
  close: { from: ['executing', 'decided', 'not_filed', 'rejected'], to: 'closed', zh: '结案', en: 'Close' },
} as const satisfies Record<string, { from: readonly CaseStatus[]; to: CaseStatus | null; approve?: boolean; zh: string; en: string }>;
export type CaseAction = keyof typeof CASE_ACTIONS;
export const CASE_ACTION_KEYS = Object.keys(CASE_ACTIONS) as CaseAction[];

export const DECISION_KINDS = ['penalty', 'no_penalty', 'transfer'] as const;
export const DECISION_KIND_LABELS: Record<(typeof DECISION_KINDS)[number], { zh: string; en: string }> = {
  penalty: { zh: '行政处罚', en: 'Penalty' },
  no_penalty: { zh: '不予行政处罚', en: 'No penalty' },
  transfer: { zh: '移送司法机关', en: 'Transfer to the judiciary' },
};

/** A 16-digit tracking code: 15 random digits and a Luhn check digit (catches every single-digit slip and most swaps). */
export function luhnCheckDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}
export const isValidTrackingCode = (code: string) => /^\d{16}$/.test(code) && luhnCheckDigit(code.slice(0, 15)) === code[15];
export const trackingCode = z
  .string()
  .transform((s) => s.replace(/[\s-]/g, ''))
  .refine(isValidTrackingCode, { message: 'invalid tracking code' });

// ---------------------------------------------------------------------------------------------------------------
// Intake

const phone = z.string().trim().regex(/^[\d\-+() ]{5,30}$/);
export const reporterInput = z.strictObject({
  name: text(50),
  phone: phone.optional().nullable(),
  email: z.string().trim().email().max(100).optional().nullable(),
  idNumber: optionalText(30),
  address: optionalText(200),
});
export type ReporterInput = z.infer<typeof reporterInput>;

const respondent = {
  respondentName: text(200),
  respondentCreditCode: creditCodeField().optional().nullable(),
  respondentAddress: optionalText(200),
};

/** The public form: named or anonymous; asking for both mediation and enforcement splits it into two tracks. */
export const publicIntake = z.strictObject({
  tracks: z.array(z.enum(CASE_TRACKS)).min(1).max(2),
  title: text(100),
  description: text(5000),
  ...respondent,
  anonymous: z.boolean(),
  reporter: reporterInput.optional().nullable(),
  /** the pilot region the filing goes to; omitted: the deployment's public region for this host (GET /api/public/region) */
  regionCode: z.string().regex(/^\d{6}$/).optional(),
  /** the district the filer names; omitted: derived from the credit code or the address, else the city bureau receives it */
  districtCode: z.string().regex(/^\d{6}$/).optional().nullable(),
});
export type PublicIntake = z.infer<typeof publicIntake>;

/** Staff entry of a phone call, letter, walk-in or a transfer from 12315 or another office. */
export const staffIntake = publicIntake.extend({
  source: z.enum(['phone', 'letter', 'transfer_12315', 'transfer_office', 'visit']),
  receivedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  fileIds: z.array(idValue).max(20).optional(),
});
export type StaffIntake = z.infer<typeof staffIntake>;

/** 商业秘密保护规定 Art. 17–18: a rights holder's report carries preliminary proof of the secret and its measures, and concrete leads. */
export const rightholderReport = z.strictObject({
  title: text(100),
  ...respondent,
  secretSummary: text(2000),
  measures: text(2000),
  infringementLeads: text(5000),
  receiptRefs: z.array(z.string().trim().min(1).max(100)).max(20).optional(),
  lossFen: z.number().int().min(0).max(1e15).optional().nullable(),
  contact: reporterInput,
  fileIds: z.array(idValue).max(20).optional(),
});
export type RightholderReport = z.infer<typeof rightholderReport>;

export const intakeResult = z.object({
  trackingCode: z.string(),
  cases: z.array(z.object({ id: z.number().int(), track: z.enum(CASE_TRACKS) })),
  /** where the filing went, shown to the filer: the region, the district (null: the city bureau) and the receiving bureau */
  regionCode: z.string(),
  districtCode: z.string().nullable(),
  bureauName: z.string(),
});
export type IntakeResult = z.infer<typeof intakeResult>;

export const publicStatus = z.object({
  trackingCode: z.string(),
  items: z.array(
    z.object({
      track: z.enum(CASE_TRACKS),
      status: z.string(),
      receivedOn: z.string(),
      closedOn: z.string().nullable(),
      /** the bureau handling it now (a public office, never an officer) */
      bureauName: z.string(),
      steps: z.array(z.object({ at: z.string(), action: z.string() })),
    }),
  ),
});
export type PublicStatus = z.infer<typeof publicStatus>;
export const publicMaterial = z.strictObject({ text: text(5000) });

// ---------------------------------------------------------------------------------------------------------------
// Staff views

export const caseListQuery = z.object({
  q: z.string().trim().max(100).optional(),
  track: z.enum(CASE_TRACKS).optional(),
  status: z.enum(CASE_STATUSES).optional(),
  districtCode: z.string().regex(/^\d{6}$/).optional(),
  source: z.enum(CASE_SOURCES).optional(),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
});
export type CaseListQuery = z.infer<typeof caseListQuery>;

/** 信息共享台账: every transfer, notice and joint-case share across cases in scope. Dates filter the day it was made (Asia/Shanghai). */
export const SHARE_KINDS = ['transfer', 'notice', 'joint'] as const;
export const shareRegisterQuery = z.object({
  orgId: z.coerce.number().int().positive().optional(),
  kind: z.enum(SHARE_KINDS).optional(),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
});
export type ShareRegisterQuery = z.infer<typeof shareRegisterQuery>;
export const shareRegisterRow = z.object({
  id: z.number().int(),
  caseId: z.number().int(),
  caseTitle: z.string(),
  caseNumber: z.string().nullable(),
  /** the bureau handling the case (the sender) */
  fromOrgName: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  kind: z.enum(SHARE_KINDS),
  status: z.string(),
  reason: z.string(),
  proposedAt: z.string(),
  handedOverAt: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decision: z.string().nullable(),
});
export type ShareRegisterRow = z.infer<typeof shareRegisterRow>;

export const clockView = z.object({
  id: z.number().int(),
  caseId: z.number().int(),
  shareId: z.number().int().nullable(),
  ruleKey: z.string(),
  label: z.object({ zh: z.string(), en: z.string() }),
  citation: z.string(),
  /** working or calendar days, or hours (then `dueAt` is the due instant) */
  unit: z.enum(DEADLINE_UNITS),
  startedOn: z.string(),
  /** the due date; while `provisional`, the earliest date the year's holiday arrangement can give */
  dueOn: z.string().nullable(),
  /** while provisional: the latest date it can give */
  dueLatest: z.string().nullable(),
  /** limits in hours: the due instant (ISO 8601) */
  dueAt: z.string().nullable(),
  provisional: z.boolean(),
  extension: z.number().int(),
  pauses: z.array(z.object({ from: z.string(), to: z.string().nullable(), reason: z.string() })),
  closedOn: z.string().nullable(),
  state: z.enum(CLOCK_STATES),
});
export type ClockView = z.infer<typeof clockView>;

export const caseSummary = z.object({
  id: z.number().int(),
  trackingCode: z.string(),
  track: z.enum(CASE_TRACKS),
  source: z.string(),
  status: z.string(),
  title: z.string(),
  respondentName: z.string().nullable(),
  districtCode: z.string().nullable(),
  suggestedDistrictCode: z.string().nullable(),
  orgId: z.number().int(),
  orgName: z.string(),
  anonymous: z.boolean(),
  receivedOn: z.string(),
  closedOn: z.string().nullable(),
  nextDue: z.string().nullable(),
  siblingId: z.number().int().nullable(),
});
export type CaseSummary = z.infer<typeof caseSummary>;

export const caseEvent = z.object({
  id: z.number().int(),
  at: z.string(),
  actorName: z.string().nullable(),
  actorOrgName: z.string().nullable(),
  action: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  reason: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
});
export const caseShare = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  kind: z.enum(['transfer', 'notice', 'joint']),
  status: z.string(),
  reason: z.string(),
  message: z.string().nullable(),
  lossFen: z.number().nullable(),
  identityRequested: z.boolean(),
  identityApproved: z.boolean(),
  proposedAt: z.string(),
  approvedAt: z.string().nullable(),
  handedOverAt: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decision: z.string().nullable(),
  decisionReason: z.string().nullable(),
});
export type CaseShare = z.infer<typeof caseShare>;

export const caseDetail = caseSummary.extend({
  description: z.string(),
  respondentCreditCode: z.string().nullable(),
  respondentAddress: z.string().nullable(),
  hasReporter: z.boolean(),
  rightholder: z
    .object({ secretSummary: z.string(), measures: z.string(), infringementLeads: z.string(), receiptRefs: z.array(z.string()) })
    .nullable(),
  lossFen: z.number().nullable(),
  caseNumber: z.string().nullable(),
  decisionKind: z.string().nullable(),
  decisionNo: z.string().nullable(),
  fineFen: z.number().nullable(),
  confiscationFen: z.number().nullable(),
  publicSummary: z.string().nullable(),
  publicSummaryStatus: z.string(),
  /** words the case marks as the secret (never shown to partner agencies): nothing published may contain them */
  secretTerms: z.array(z.string()),
  supervised: z.boolean(),
  clocks: z.array(clockView),
  events: z.array(caseEvent),
  shares: z.array(caseShare),
  files: z.array(z.object({ id: z.number().int(), name: z.string(), size: z.number(), kind: z.string(), addedAt: z.string() })),
  reveals: z.array(z.object({ username: z.string(), reason: z.string(), at: z.string() })),
  /** what the viewer may do here */
  allowed: z.array(z.string()),
  /** the viewer is a partner agency: sees only what was shared */
  partnerView: z.boolean(),
});
export type CaseDetail = z.infer<typeof caseDetail>;

/**
 * The case forms' own label of a step's `reason` (one field for a reason or an opinion): the dialogs show it and the
 * server's refusals name it so (the platform-wide label of `reason` is 原因).
 */
export const CASE_LABELS = { reason: { zh: '理由/意见', en: 'Reason / opinion' } };

export const caseActionInput = z.strictObject({
  action: z.enum(CASE_ACTION_KEYS as [CaseAction, ...CaseAction[]]),
  reason: text(2000),
  caseNumber: optionalText(60),
  decisionKind: z.enum(DECISION_KINDS).optional(),
  decisionNo: optionalText(60),
  fineFen: z.number().int().min(0).max(1e15).optional().nullable(),
  confiscationFen: z.number().int().min(0).max(1e15).optional().nullable(),
  fileIds: z.array(idValue).max(20).optional(),
});
export type CaseActionInput = z.infer<typeof caseActionInput>;

export const identityReveal = z.strictObject({ reason: z.string().trim().min(4).max(500) });
export const revealedIdentity = reporterInput.extend({ phone: z.string().nullable().optional(), email: z.string().nullable().optional() });

export const clockExtend = z.strictObject({ days: z.number().int().min(1).max(365), reason: text(1000), collective: z.boolean().optional() });
export const clockPause = z.strictObject({ reason: z.enum(PAUSE_REASONS), note: text(1000), on: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() });
export const clockResume = z.strictObject({ note: text(1000), on: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() });

export const caseAssign = z.strictObject({ districtCode: z.string().regex(/^\d{6}$/), reason: text(1000) });
export const caseDistrictTransfer = z.strictObject({ toDistrictCode: z.string().regex(/^\d{6}$/), reason: text(1000) });
export const caseDistrictAnswer = z.strictObject({ accept: z.boolean(), reason: text(1000) });

export const policeTransferInput = z.strictObject({
  policeOrgId: idValue,
  reason: text(2000),
  lossFen: z.number().int().min(0).max(1e15).optional().nullable(),
  /** the reporter's identity goes with the file only when the approver agrees */
  includeIdentity: z.boolean().optional(),
});
export const transferStepInput = z.strictObject({
  step: z.enum(['approve', 'refuse', 'handover', 'acknowledge', 'police_accept', 'police_reject', 'reconsider']),
  reason: text(2000),
});
export const noticeInput = z.strictObject({ orgIds: z.array(idValue).min(1).max(20), message: text(2000) });
/** 联合办案: members from several agencies share one case space; each note names the agencies it is shared with. */
export const jointInput = z.strictObject({ orgIds: z.array(idValue).min(1).max(20), message: text(2000) });
export const jointNoteInput = z.strictObject({ text: text(5000), shareWith: z.array(idValue).max(20) });
export const publicSummaryInput = z.strictObject({ text: text(2000) });
/** The case's secret terms (令126 Art. 21): the public summary and the published penalty record are checked against them. */
export const caseSecretTermsInput = z.strictObject({ terms: z.array(z.string().trim().min(2).max(100)).max(50) });
/** 督办: the city marks a major case and sets the date its next progress report is due. */
export const superviseInput = z.strictObject({ dueOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), requirement: text(2000) });
export const progressReportInput = z.strictObject({ text: text(5000) });

export const queueItem = clockView.extend({
  caseTitle: z.string(),
  caseStatus: z.string(),
  trackingCode: z.string(),
  orgName: z.string(),
});
export type QueueItem = z.infer<typeof queueItem>;

export const caseStats = z.object({
  intakeByMonth: z.array(z.object({ month: z.string(), complaint: z.number().int(), report: z.number().int() })),
  byDistrict: z.array(z.object({ districtCode: z.string().nullable(), open: z.number().int(), overdue: z.number().int(), onTimeRate: z.number().nullable() })),
  transfers: z.array(z.object({ status: z.string(), count: z.number().int() })),
  onTimeRate: z.number().nullable(),
});
export type CaseStats = z.infer<typeof caseStats>;

export const calendarOverrideInput = z.strictObject({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  work: z.boolean(),
  note: optionalText(100),
});
export const calendarYearInput = z.strictObject({ year: z.number().int().min(2000).max(2100) });
export const caseIdParams = z.object({ id });
export type { PauseReason } from './deadlines.js';

/** Names of every timeline entry: lifecycle actions and the other steps a case records. */
export const CASE_EVENT_LABELS: Record<string, { zh: string; en: string }> = {
  ...Object.fromEntries(Object.entries(CASE_ACTIONS).map(([k, v]) => [k, { zh: v.zh, en: v.en }])),
  referral: { zh: '转介（调解、仲裁、诉讼）', en: 'Referred (mediation, arbitration, suit)' },
  referral_outcome: { zh: '转介结果', en: 'Referral outcome' },
  intake: { zh: '登记受理', en: 'Received' },
  material: { zh: '补充材料', en: 'Material added' },
  pause: { zh: '中止计时', en: 'Clock paused' },
  resume: { zh: '恢复计时', en: 'Clock resumed' },
  extend: { zh: '延长时限', en: 'Limit extended' },
  identity_reveal: { zh: '查看举报人身份', en: 'Reporter identity opened' },
  assign: { zh: '指定管辖', en: 'Jurisdiction assigned' },
  district_transfer: { zh: '移交其他县区', en: 'Handed to another district' },
  district_accept: { zh: '接收管辖', en: 'Hand-over accepted' },
  district_escalate: { zh: '管辖争议报市局', en: 'Jurisdiction dispute sent to the city' },
  transfer_propose: { zh: '提请移送公安', en: 'Police transfer proposed' },
  transfer_approve: { zh: '批准移送', en: 'Transfer approved' },
  transfer_refuse: { zh: '不批准移送', en: 'Transfer refused' },
  transfer_handover: { zh: '移交公安', en: 'Handed over to police' },
  transfer_acknowledge: { zh: '公安签收', en: 'Police acknowledged' },
  transfer_police_accept: { zh: '公安立案', en: 'Police opened a case' },
  transfer_police_reject: { zh: '公安不予立案', en: 'Police declined' },
  transfer_reconsider: { zh: '提请复议', en: 'Reconsideration requested' },
  notice_send: { zh: '案情通报', en: 'Case notice sent' },
  notice_acknowledge: { zh: '签收通报', en: 'Notice acknowledged' },
  summary_write: { zh: '撰写公开摘要', en: 'Public summary written' },
  summary_approve: { zh: '审核公开摘要', en: 'Public summary approved' },
  secret_terms: { zh: '标记涉密词语', en: 'Secret terms marked' },
  credit_publish: { zh: '公示行政处罚信息', en: 'Penalty record published' },
  credit_withdraw: { zh: '撤回行政处罚公示信息', en: 'Penalty publication withdrawn' },
  supervise: { zh: '督办', en: 'Supervision set' },
  progress_report: { zh: '报送督办进展', en: 'Progress reported' },
  joint_open: { zh: '联合办案', en: 'Joint case opened' },
  joint_note: { zh: '联合办案记录', en: 'Joint case note' },
};

export const SHARE_KIND_LABELS: Record<(typeof SHARE_KINDS)[number], { zh: string; en: string }> = {
  transfer: { zh: '移送公安', en: 'Police transfer' },
  notice: { zh: '案情通报', en: 'Case notice' },
  joint: { zh: '联合办案', en: 'Joint case' },
};
export const SHARE_STATUS_LABELS: Record<string, { zh: string; en: string }> = {
  proposed: { zh: '待审批', en: 'Awaiting approval' },
  approved: { zh: '已批准待移交', en: 'Approved, to hand over' },
  refused: { zh: '未批准', en: 'Refused' },
  handed_over: { zh: '已移交待签收', en: 'Handed over' },
  acknowledged: { zh: '已签收', en: 'Acknowledged' },
  accepted: { zh: '公安已立案', en: 'Police opened a case' },
  rejected: { zh: '公安不予立案', en: 'Police declined' },
  reconsideration: { zh: '复议中', en: 'Under reconsideration' },
  sent: { zh: '已通报', en: 'Sent' },
  active: { zh: '联合办案中', en: 'Joint case member' },
};

// -- the routes' request and response shapes
export const caseListPageQuery = caseListQuery.extend(pageQuery.shape);
export const caseExportQuery = caseListQuery.extend(exportOrder);
export const casePage = pageOf(caseSummary);
export const queuePage = pageOf(queueItem);
/** The work queue's query: `overdue=true` keeps the clocks past their due date (the home page's 已逾期 tile opens it so). */
export const queueQuery = pageQuery.extend({ overdue: z.stringbool().optional() });
export const shareRegisterPageQuery = shareRegisterQuery.extend(pageQuery.shape);
export const shareRegisterPage = pageOf(shareRegisterRow);
/** A clock of a case, a share (transfer, notice) of a case, a file of a case; a filing by its tracking code. */
export const caseClockParams = z.object({ id, clockId: id });
export const caseShareParams = z.object({ id, shareId: id });
export const trackingCodeParams = z.object({ code: trackingCode });
/** The standard documents a case prints as Word files. */
export const CASE_DOCUMENT_KINDS = ['filing-approval', 'penalty-notice', 'penalty-decision'] as const;
export type CaseDocumentKind = (typeof CASE_DOCUMENT_KINDS)[number];
export const caseDocumentParams = z.object({ id, kind: z.enum(CASE_DOCUMENT_KINDS) });
/** The working-day calendar's amendments and the years whose official arrangement is loaded. */
export const calendarView = z.object({
  overrides: z.array(z.object({ date: z.string(), work: z.boolean(), note: z.string().nullable() })),
  loadedYears: z.array(z.number().int()),
});
export const caseReminder = z.object({ id: z.number().int(), message: z.string(), at: z.string(), caseId: z.number().int(), readAt: z.string().nullable() });
export const caseReminderList = z.array(caseReminder);
/** What a run of the reminders did: clocks due, reminders sent, silent transfers escalated. */
export const remindersRun = z.object({ clocks: z.number().int(), sent: z.number().int(), escalated: z.number().int() });
/** A file the public added by tracking code. */
export const publicFileAdded = z.object({ ok: z.literal(true), name: z.string(), size: z.number() });
export const partnerAgency = z.object({ id: z.number().int(), name: z.string(), kind: z.string() });
export const partnerAgencyList = z.array(partnerAgency);
/** The public tracking page: follow a complaint by e-mail (each step the page shows is sent), or stop with the link's token. */
export const caseFollow = z.strictObject({ email: z.email().max(200) });
export type CaseFollow = z.infer<typeof caseFollow>;
export const caseUnfollow = z.strictObject({ token: z.string().min(16).max(100) });
