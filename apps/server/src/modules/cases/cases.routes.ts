import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Readable } from 'node:stream';
import {
  calendarOverrideInput,
  calendarView,
  calendarYearInput,
  CASE_SOURCE_LABELS,
  CASE_STATUS_LABELS,
  CASE_TRACK_LABELS,
  caseActionInput,
  CASE_LABELS,
  caseAssign,
  caseClockParams,
  caseDetail,
  caseDistrictAnswer,
  caseDistrictTransfer,
  caseDocumentParams,
  caseExportQuery,
  caseListPageQuery,
  casePage,
  caseReminderList,
  caseShareParams,
  type CaseSource,
  caseStats,
  type CaseStatus,
  clockExtend,
  clockPause,
  clockResume,
  FILE_NAME_HEADER,
  fileParams,
  formatDateTime,
  identityReveal,
  idParams,
  intakeResult,
  jointInput,
  jointNoteInput,
  noticeInput,
  okResponse,
  partnerAgencyList,
  pick,
  policeTransferInput,
  progressReportInput,
  publicFileAdded,
  caseFollow,
  caseUnfollow,
  publicIntake,
  publicMaterial,
  publicStatus,
  publicSummaryInput,
  caseSecretTermsInput,
  queuePage,
  queueQuery,
  remindersRun,
  revealedIdentity,
  rightholderReport,
  SHARE_KIND_LABELS,
  SHARE_STATUS_LABELS,
  shareRegisterPage,
  shareRegisterPageQuery,
  shareRegisterQuery,
  staffIntake,
  superviseInput,
  trackingCodeParams,
  transferStepInput,
} from '@shangmi/shared';
import { attachment, EXPORT_LIMIT, sendXlsx } from '../../platform/export.js';
import { DOCUMENT_TITLES, renderDocument } from './cases.docx.js';
import { requireActor } from '../../platform/access.js';
import { fieldError } from '../../platform/errors.js';
import { cleanFileName, sendStoredFile, storeUpload } from '../files/files.service.js';
import * as svc from './cases.service.js';
import { followCase, unfollowCase } from './followers.js';
import { myReminders, runReminders } from './reminders.js';

export function casesRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['cases'];

  r.get('/api/cases/reminders', { schema: { operationId: 'cases.myReminders', tags, summary: '我的到期提醒 My reminders', response: { 200: caseReminderList } }, config: { access: 'cases:read' } }, (req) => {
    const ctx = req.ctx();
    return myReminders(ctx, requireActor(ctx).userId);
  });
  r.post(
    '/api/cases/reminders/run',
    { schema: { operationId: 'cases.runReminders', tags, summary: '立即发送到期提醒 Send due reminders now', response: { 200: remindersRun } }, config: { access: 'cases:calendar', action: 'cases.reminders' } },
    (req) => req.mutate((ctx) => runReminders(ctx)),
  );

  // -- public: no account; the tracking code is the key ------------------------------------------------------------
  r.post(
    '/api/public/cases',
    {
      schema: { operationId: 'cases.publicIntake', tags, summary: '网上投诉举报（公开，可匿名） File a complaint or report (public, anonymous allowed)', body: publicIntake, response: { 200: intakeResult } },
      // the code is acknowledged only after the transaction holding the filing commits
      config: { access: 'public', action: 'cases.intake', rateLimit: 'filing' },
    },
    (req) => req.mutate((ctx) => svc.publicIntake(ctx, req.body, req.hostname)),
  );
  r.get(
    '/api/public/cases/:code',
    { schema: { operationId: 'cases.publicStatus', tags, summary: '凭查询码查看办理进度 Status by tracking code', params: trackingCodeParams, response: { 200: publicStatus } }, config: { access: 'public', rateLimit: 'lookup' } },
    (req) => svc.publicStatus(req.ctx(), req.params.code),
  );
  r.post(
    '/api/public/cases/:code/follow',
    {
      schema: { operationId: 'cases.publicFollow', tags, summary: '凭查询码订阅进度邮件 Follow a case by e-mail (each step the tracking page shows)', params: trackingCodeParams, body: caseFollow, response: { 200: okResponse } },
      config: { access: 'public', action: 'cases.subscribe', rateLimit: 'material' },
    },
    (req) => req.mutate((ctx) => followCase(ctx, req.params.code, req.body.email)),
  );
  r.post(
    '/api/public/cases/unfollow',
    {
      schema: { operationId: 'cases.publicUnfollow', tags, summary: '退订进度邮件（邮件中的链接）Stop the e-mails (the link in each one)', body: caseUnfollow, response: { 200: okResponse } },
      config: { access: 'public', action: 'cases.unsubscribe', rateLimit: 'lookup' },
    },
    (req) => req.mutate((ctx) => unfollowCase(ctx, req.body.token)),
  );
  r.post(
    '/api/public/cases/:code/material',
    { schema: { operationId: 'cases.publicAddMaterial', tags, summary: '凭查询码补充材料 Add material by tracking code', params: trackingCodeParams, body: publicMaterial, response: { 200: okResponse } }, config: { access: 'public', action: 'cases.material', rateLimit: 'material' } },
    (req) => req.mutate((ctx) => svc.addPublicMaterial(ctx, req.params.code, req.body.text)),
  );
  r.post(
    '/api/public/cases/:code/files',
    {
      schema: {
        operationId: 'cases.publicAddFile',
        tags,
        summary: '凭查询码补充材料文件（application/octet-stream，x-file-name） Attach a file by tracking code',
        params: trackingCodeParams,
        response: { 200: publicFileAdded },
      },
      config: { access: 'public', action: 'cases.material-file', rateLimit: 'material' },
    },
    async (req) => {
      const name = cleanFileName(req.headers[FILE_NAME_HEADER] as string | undefined);
      const body = req.body as Readable | undefined;
      if (!body || typeof body.pipe !== 'function') {
        throw fieldError('file', { zh: '请以 application/octet-stream 上传文件内容', en: 'send the bytes as application/octet-stream' });
      }
      // an unknown or closed code is refused before any byte is stored (same 404 as the status lookup)
      await svc.openCasesByCode(req.ctx(), req.params.code);
      // anonymous: allow-listed types by their bytes, a smaller file limit and a daily budget per address and in all
      const ip = req.ip ?? 'unknown';
      const stored = await storeUpload(req.ctx(), body, { anonymousIp: ip });
      // acknowledged only once the file row, its links, the budget and the audit row have committed
      return req.mutate((ctx) => svc.addPublicFile(ctx, req.params.code, stored, { name, mime: stored.mime, ip }));
    },
  );

  // -- intake by staff and enterprises -----------------------------------------------------------------------------
  r.post(
    '/api/cases',
    { schema: { operationId: 'cases.staffIntake', tags, summary: '登记投诉举报（电话、信件、转办） Enter a filing', body: staffIntake, response: { 200: intakeResult } }, config: { access: 'cases:create', action: 'cases.intake' } },
    (req) => req.mutate((ctx) => svc.staffIntake(ctx, req.body)),
  );
  r.post(
    '/api/cases/rightholder',
    { schema: { operationId: 'cases.rightholderReport', tags, summary: '权利人举报 Rights-holder report (Art. 17–18)', body: rightholderReport, response: { 200: intakeResult } }, config: { access: 'cases:report', action: 'cases.intake' } },
    (req) => req.mutate((ctx) => svc.rightholderReport(ctx, req.body)),
  );

  // -- views -------------------------------------------------------------------------------------------------------
  r.get(
    '/api/cases',
    { schema: { operationId: 'cases.list', tags, summary: '案件列表 List cases', querystring: caseListPageQuery, response: { 200: casePage } }, config: { access: 'cases:read' } },
    (req) => svc.listCases(req.ctx(), req.query),
  );
  r.get(
    '/api/cases/queue',
    { schema: { operationId: 'cases.queue', tags, summary: '我的待办（按到期日） My work queue by due date', querystring: queueQuery, response: { 200: queuePage } }, config: { access: 'cases:read' } },
    (req) => svc.workQueue(req.ctx(), req.query),
  );
  r.get('/api/cases/stats', { schema: { operationId: 'cases.stats', tags, summary: '案件看板 Dashboard figures', response: { 200: caseStats } }, config: { access: 'cases:read' } }, (req) => svc.caseStats(req.ctx()));
  r.get(
    '/api/cases/export',
    { schema: { operationId: 'cases.export', tags, summary: '导出案件列表 Export cases (xlsx)', querystring: caseExportQuery }, config: { access: 'cases:read' } },
    async (req, reply) => {
      const rows = await svc.exportCases(req.ctx(), req.query, EXPORT_LIMIT);
      const locale = req.locale;
      return sendXlsx(reply, {
        locale,
        fileZh: '投诉举报案件',
        fileEn: 'cases',
        rows,
        columns: [
          { zh: '查询码', en: 'Tracking code', width: 20, value: (c) => c.trackingCode },
          { zh: '类别', en: 'Track', value: (c) => pick(CASE_TRACK_LABELS[c.track], locale) },
          { zh: '来源', en: 'Source', value: (c) => (CASE_SOURCE_LABELS[c.source as CaseSource] ? pick(CASE_SOURCE_LABELS[c.source as CaseSource], locale) : c.source) },
          { zh: '标题', en: 'Title', width: 36, value: (c) => c.title },
          { zh: '被投诉举报人', en: 'Respondent', width: 30, value: (c) => c.respondentName },
          { zh: '状态', en: 'Status', value: (c) => (CASE_STATUS_LABELS[c.status as CaseStatus] ? pick(CASE_STATUS_LABELS[c.status as CaseStatus], locale) : c.status) },
          { zh: '承办单位', en: 'Handled by', width: 26, value: (c) => c.orgName },
          { zh: '受理日期', en: 'Received', width: 12, value: (c) => c.receivedOn },
          { zh: '最近到期', en: 'Next due', width: 12, value: (c) => c.nextDue },
          { zh: '办结日期', en: 'Closed', width: 12, value: (c) => c.closedOn },
        ],
      });
    },
  );
  r.get(
    '/api/cases/shares',
    {
      schema: { operationId: 'cases.listShares', tags, summary: '信息共享台账（移送、通报、联合办案） Information-sharing register across cases', querystring: shareRegisterPageQuery, response: { 200: shareRegisterPage } },
      config: { access: 'cases:read' },
    },
    (req) => svc.shareRegister(req.ctx(), req.query),
  );
  r.get(
    '/api/cases/shares/export',
    { schema: { operationId: 'cases.exportShares', tags, summary: '导出信息共享台账 Export the sharing register (xlsx)', querystring: shareRegisterQuery }, config: { access: 'cases:read' } },
    async (req, reply) => {
      const rows = await svc.exportShareRegister(req.ctx(), req.query, EXPORT_LIMIT);
      const locale = req.locale;
      const time = (v: string | null) => (v ? formatDateTime(v) : '');
      return sendXlsx(reply, {
        locale,
        fileZh: '信息共享台账',
        fileEn: 'sharing-register',
        rows,
        columns: [
          { zh: '共享方式', en: 'Kind', width: 12, value: (s) => pick(SHARE_KIND_LABELS[s.kind], locale) },
          { zh: '案件', en: 'Case', width: 36, value: (s) => s.caseTitle },
          { zh: '立案号', en: 'Case number', width: 20, value: (s) => s.caseNumber },
          { zh: '发送单位', en: 'From', width: 26, value: (s) => s.fromOrgName },
          { zh: '接收单位', en: 'To', width: 26, value: (s) => s.orgName },
          { zh: '事由', en: 'Reason', width: 36, value: (s) => s.reason },
          { zh: '状态', en: 'Status', width: 12, value: (s) => (SHARE_STATUS_LABELS[s.status] ? pick(SHARE_STATUS_LABELS[s.status], locale) : s.status) },
          { zh: '发起时间', en: 'Made', width: 18, value: (s) => time(s.proposedAt) },
          { zh: '移交时间', en: 'Handed over', width: 18, value: (s) => time(s.handedOverAt) },
          { zh: '签收时间', en: 'Acknowledged', width: 18, value: (s) => time(s.acknowledgedAt) },
          { zh: '决定时间', en: 'Decided', width: 18, value: (s) => time(s.decidedAt) },
        ],
      });
    },
  );
  r.get(
    '/api/cases/partners',
    { schema: { operationId: 'cases.listPartners', tags, summary: '可移送、通报的协作部门 Partner agencies', response: { 200: partnerAgencyList } }, config: { access: 'cases:handle' } },
    (req) => svc.listPartners(req.ctx()),
  );
  r.get('/api/cases/:id', { schema: { operationId: 'cases.get', tags, summary: '案件详情 A case with clocks, timeline, shares', params: idParams, response: { 200: caseDetail } }, config: { access: 'cases:read' } }, (req) =>
    svc.getDetail(req.ctx(), req.params.id),
  );
  r.get(
    '/api/cases/:id/files/:fileId',
    { schema: { operationId: 'cases.downloadFile', tags, summary: '下载案件材料 Download a case file', params: fileParams }, config: { access: 'cases:read' } },
    async (req, reply) => {
      const ctx = req.ctx();
      return sendStoredFile(ctx, reply, await svc.caseFile(ctx, req.params.id, req.params.fileId));
    },
  );
  r.get(
    '/api/cases/:id/documents/:kind',
    { schema: { operationId: 'cases.document', tags, summary: '生成文书（Word） Standard documents as .docx', params: caseDocumentParams }, config: { access: 'cases:handle' } },
    async (req, reply) => {
      const ctx = req.ctx();
      const { row, org, events } = await svc.caseForDocument(ctx, req.params.id);
      const buf = await renderDocument(req.params.kind, row, org, events, ctx.now);
      const name = `${DOCUMENT_TITLES[req.params.kind]}-${row.caseNumber ?? row.id}.docx`;
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        .header('content-disposition', attachment(name, `${req.params.kind}-${row.id}.docx`))
        .send(buf);
    },
  );

  // -- lifecycle ---------------------------------------------------------------------------------------------------
  r.post(
    '/api/cases/:id/actions',
    { schema: { operationId: 'cases.applyAction', tags, summary: '办理步骤（受理、立案、决定、结案…） Take a lifecycle step', params: idParams, body: caseActionInput, response: { 200: caseDetail } }, config: { access: 'cases:handle', action: 'cases.action', labels: CASE_LABELS } },
    (req) => req.mutate((ctx) => svc.applyAction(ctx, req.params.id, req.body)),
  );
  r.post(
    '/api/cases/:id/clocks/:clockId/extend',
    { schema: { operationId: 'cases.extendClock', tags, summary: '延长时限（审批） Extend a limit', params: caseClockParams, body: clockExtend, response: { 200: caseDetail } }, config: { access: 'cases:approve', action: 'cases.extend', labels: CASE_LABELS } },
    (req) => req.mutate((ctx) => svc.extendClock(ctx, req.params.id, req.params.clockId, req.body)),
  );
  r.post(
    '/api/cases/:id/clocks/:clockId/pause',
    { schema: { operationId: 'cases.pauseClock', tags, summary: '中止计时（鉴定、听证…，审批） Pause a clock', params: caseClockParams, body: clockPause, response: { 200: caseDetail } }, config: { access: 'cases:approve', action: 'cases.pause' } },
    (req) => req.mutate((ctx) => svc.pauseClock(ctx, req.params.id, req.params.clockId, req.body)),
  );
  r.post(
    '/api/cases/:id/clocks/:clockId/resume',
    { schema: { operationId: 'cases.resumeClock', tags, summary: '恢复计时 Resume a clock', params: caseClockParams, body: clockResume, response: { 200: caseDetail } }, config: { access: 'cases:handle', action: 'cases.resume' } },
    (req) => req.mutate((ctx) => svc.resumeClock(ctx, req.params.id, req.params.clockId, req.body)),
  );
  r.post(
    '/api/cases/:id/identity',
    { schema: { operationId: 'cases.revealIdentity', tags, summary: '查看举报人身份（须填理由，留痕） Reveal the reporter', params: idParams, body: identityReveal, response: { 200: revealedIdentity } }, config: { access: 'cases:identity', action: 'cases.identity-reveal', labels: CASE_LABELS } },
    (req) => req.mutate((ctx) => svc.revealIdentity(ctx, req.params.id, req.body.reason)),
  );
  r.post(
    '/api/cases/:id/summary',
    { schema: { operationId: 'cases.writeSummary', tags, summary: '撰写公开摘要 Write the public summary', params: idParams, body: publicSummaryInput, response: { 200: caseDetail } }, config: { access: 'cases:handle', action: 'cases.summary-write' } },
    (req) => req.mutate((ctx) => svc.writeSummary(ctx, req.params.id, req.body.text)),
  );
  r.put(
    '/api/cases/:id/secret-terms',
    { schema: { operationId: 'cases.setSecretTerms', tags, summary: '标记涉密词语（公开摘要与公示信息不得包含） Mark the secret terms', params: idParams, body: caseSecretTermsInput, response: { 200: caseDetail } }, config: { access: 'cases:handle', action: 'cases.secret-terms' } },
    (req) => req.mutate((ctx) => svc.setSecretTerms(ctx, req.params.id, req.body.terms)),
  );
  r.post(
    '/api/cases/:id/summary/approve',
    { schema: { operationId: 'cases.approveSummary', tags, summary: '审核公开摘要 Approve the public summary', params: idParams, response: { 200: caseDetail } }, config: { access: 'cases:approve', action: 'cases.summary-approve' } },
    (req) => req.mutate((ctx) => svc.approveSummary(ctx, req.params.id)),
  );

  r.post(
    '/api/cases/:id/supervision',
    { schema: { operationId: 'cases.supervise', tags, summary: '督办（市局） Supervise a major case', params: idParams, body: superviseInput, response: { 200: caseDetail } }, config: { access: 'cases:assign', action: 'cases.supervise' } },
    (req) => req.mutate((ctx) => svc.superviseCase(ctx, req.params.id, req.body)),
  );
  r.post(
    '/api/cases/:id/supervision/report',
    { schema: { operationId: 'cases.reportProgress', tags, summary: '报送督办进展 Report progress', params: idParams, body: progressReportInput, response: { 200: caseDetail } }, config: { access: 'cases:handle', action: 'cases.progress-report' } },
    (req) => req.mutate((ctx) => svc.reportProgress(ctx, req.params.id, req.body.text)),
  );

  // -- jurisdiction ------------------------------------------------------------------------------------------------
  r.post(
    '/api/cases/:id/assign',
    { schema: { operationId: 'cases.assign', tags, summary: '指定管辖 Assign to a district bureau', params: idParams, body: caseAssign, response: { 200: caseDetail } }, config: { access: 'cases:assign', action: 'cases.assign', labels: CASE_LABELS } },
    (req) => req.mutate((ctx) => svc.assignCase(ctx, req.params.id, req.body)),
  );
  r.post(
    '/api/cases/:id/district-transfer',
    { schema: { operationId: 'cases.requestDistrictTransfer', tags, summary: '移交其他县区 Hand over to another district', params: idParams, body: caseDistrictTransfer, response: { 200: caseDetail } }, config: { access: 'cases:handle', action: 'cases.district-transfer', labels: CASE_LABELS } },
    (req) => req.mutate((ctx) => svc.requestDistrictTransfer(ctx, req.params.id, req.body)),
  );
  r.post(
    '/api/cases/:id/district-transfer/answer',
    { schema: { operationId: 'cases.answerDistrictTransfer', tags, summary: '接收或提出管辖争议 Accept or dispute a hand-over', params: idParams, body: caseDistrictAnswer, response: { 200: okResponse } }, config: { access: 'cases:handle', action: 'cases.district-answer', labels: CASE_LABELS } },
    (req) => req.mutate((ctx) => svc.answerDistrictTransfer(ctx, req.params.id, req.body)),
  );

  // -- coordination ------------------------------------------------------------------------------------------------
  r.post(
    '/api/cases/:id/police-transfer',
    { schema: { operationId: 'cases.proposePoliceTransfer', tags, summary: '提请移送公安 Propose a transfer to police', params: idParams, body: policeTransferInput, response: { 200: caseDetail } }, config: { access: 'cases:handle', action: 'cases.transfer-propose', labels: CASE_LABELS } },
    (req) => req.mutate((ctx) => svc.proposePoliceTransfer(ctx, req.params.id, req.body)),
  );
  r.post(
    '/api/cases/:id/transfers/:shareId',
    {
      schema: { operationId: 'cases.transferStep', tags, summary: '移送步骤（批准、移交、签收、公安决定、复议） A transfer step', params: caseShareParams, body: transferStepInput, response: { 200: caseDetail } },
      // bureau steps need cases:handle, police steps cases:partner: checked by the service per step
      config: { access: 'cases:read', action: 'cases.transfer-step', labels: CASE_LABELS },
    },
    (req) => req.mutate((ctx) => svc.transferStep(ctx, req.params.id, req.params.shareId, req.body)),
  );
  r.post(
    '/api/cases/:id/transfers/:shareId/identity',
    {
      schema: { operationId: 'cases.partnerRevealIdentity', tags, summary: '公安查看随案移送的举报人身份（须填理由） Police open the identity sent with an approved transfer', params: caseShareParams, body: identityReveal, response: { 200: revealedIdentity } },
      config: { access: 'cases:partner', action: 'cases.identity-reveal', labels: CASE_LABELS },
    },
    (req) => req.mutate((ctx) => svc.partnerRevealIdentity(ctx, req.params.id, req.params.shareId, req.body.reason)),
  );
  r.post(
    '/api/cases/:id/notices',
    { schema: { operationId: 'cases.sendNotices', tags, summary: '案情通报 Notify partner agencies', params: idParams, body: noticeInput, response: { 200: caseDetail } }, config: { access: 'cases:handle', action: 'cases.notice' } },
    (req) => req.mutate((ctx) => svc.sendNotices(ctx, req.params.id, req.body)),
  );
  r.post(
    '/api/cases/:id/notices/:shareId/acknowledge',
    { schema: { operationId: 'cases.acknowledgeNotice', tags, summary: '签收通报 Acknowledge a notice', params: caseShareParams, response: { 200: caseDetail } }, config: { access: 'cases:partner', action: 'cases.notice-acknowledge' } },
    (req) => req.mutate((ctx) => svc.acknowledgeNotice(ctx, req.params.id, req.params.shareId)),
  );

  r.post(
    '/api/cases/:id/joint',
    { schema: { operationId: 'cases.openJoint', tags, summary: '发起联合办案 Open a joint case with partner agencies', params: idParams, body: jointInput, response: { 200: caseDetail } }, config: { access: 'cases:handle', action: 'cases.joint' } },
    (req) => req.mutate((ctx) => svc.openJoint(ctx, req.params.id, req.body)),
  );
  r.post(
    '/api/cases/:id/joint/notes',
    {
      schema: { operationId: 'cases.addJointNote', tags, summary: '联合办案记录（指定共享单位） A joint-case note shared with chosen members', params: idParams, body: jointNoteInput, response: { 200: caseDetail } },
      // the bureau (cases:handle) or a member agency (cases:partner): checked by the service
      config: { access: 'cases:read', action: 'cases.joint-note' },
    },
    (req) => req.mutate((ctx) => svc.addJointNote(ctx, req.params.id, req.body)),
  );

  // -- calendar ----------------------------------------------------------------------------------------------------
  r.get('/api/cases-calendar', { schema: { operationId: 'cases.calendar', tags, summary: '工作日历调整 Calendar overrides', response: { 200: calendarView } }, config: { access: 'cases:read' } }, (req) => svc.listCalendar(req.ctx()));
  r.put(
    '/api/cases-calendar/overrides',
    { schema: { operationId: 'cases.setCalendarOverride', tags, summary: '调整某日（工作日/休息日） Amend a day', body: calendarOverrideInput, response: { 200: calendarView } }, config: { access: 'cases:calendar', action: 'cases.calendar-override' } },
    (req) => req.mutate((ctx) => svc.setCalendarOverride(ctx, req.body)),
  );
  r.post(
    '/api/cases-calendar/years',
    { schema: { operationId: 'cases.markYearLoaded', tags, summary: '标记年度安排已录入 Mark a year’s arrangement loaded', body: calendarYearInput, response: { 200: calendarView } }, config: { access: 'cases:calendar', action: 'cases.calendar-year' } },
    (req) => req.mutate((ctx) => svc.markYearLoaded(ctx, req.body.year)),
  );
}
