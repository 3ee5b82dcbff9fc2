import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  NEED_CATEGORY_LABELS,
  NEED_KIND_LABELS,
  NEED_SOURCE_LABELS,
  NEED_STATE_LABELS,
  fileParams,
  idParams,
  meeting,
  meetingCreate,
  meetingListPageQuery,
  meetingPage,
  meetingRecord,
  meetingUpdate,
  needAssign,
  needCreate,
  needToCultivation,
  needDecision,
  needDetail,
  needExportQuery,
  needLink,
  needListPageQuery,
  needListQuery,
  needPage,
  needReason,
  needReply,
  needStats,
  pick,
} from '@shangmi/shared';
import { EXPORT_LIMIT, sendXlsx } from '../../platform/export.js';
import { sendStoredFile } from '../files/files.service.js';
import * as svc from './listening.service.js';

/** Visits, forums and interviews, and the needs tracker (docs/listening.md § API). */
export function listeningRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['listening'];
  const one = { 200: meeting };
  const detail = { 200: needDetail };

  r.get('/api/listening/meetings', { schema: { operationId: 'listening.listMeetings', tags, summary: '走访、座谈会与访谈列表 List visits, forums, interviews', querystring: meetingListPageQuery, response: { 200: meetingPage } }, config: { access: 'listening:read' } }, (req) =>
    svc.listMeetings(req.ctx(), req.query),
  );
  r.get('/api/listening/meetings/:id', { schema: { operationId: 'listening.getMeeting', tags, summary: '一次走访、座谈会或访谈 One meeting', params: idParams, response: one }, config: { access: 'listening:read' } }, (req) =>
    svc.getMeeting(req.ctx(), req.params.id),
  );
  r.post('/api/listening/meetings', { schema: { operationId: 'listening.planMeeting', tags, summary: '计划走访、座谈会或访谈 Plan a meeting', body: meetingCreate, response: one }, config: { access: 'listening:manage', action: 'listening.planMeeting' } }, (req) =>
    req.mutate((ctx) => svc.planMeeting(ctx, req.body)),
  );
  r.patch('/api/listening/meetings/:id', { schema: { operationId: 'listening.updateMeeting', tags, summary: '修改计划 Change a planned meeting', params: idParams, body: meetingUpdate, response: one }, config: { access: 'listening:manage', action: 'listening.updateMeeting' } }, (req) =>
    req.mutate((ctx) => svc.updateMeeting(ctx, req.params.id, req.body)),
  );
  r.post('/api/listening/meetings/:id/record', { schema: { operationId: 'listening.recordMeeting', tags, summary: '记录走访情况（含发现的诉求） Record a meeting', params: idParams, body: meetingRecord, response: one }, config: { access: 'listening:manage', action: 'listening.recordMeeting' } }, (req) =>
    req.mutate((ctx) => svc.recordMeeting(ctx, req.params.id, req.body)),
  );
  r.get('/api/listening/meetings/:id/photos/:fileId', { schema: { operationId: 'listening.meetingPhoto', tags, summary: '走访照片 A photo of a meeting', params: fileParams }, config: { access: 'listening:read' } }, async (req, reply) => {
    const ctx = req.ctx();
    return sendStoredFile(ctx, reply, await svc.meetingPhoto(ctx, req.params.id, req.params.fileId));
  });
  r.post('/api/listening/meetings/:id/cancel', { schema: { operationId: 'listening.cancelMeeting', tags, summary: '取消计划 Cancel a planned meeting', params: idParams, response: one }, config: { access: 'listening:manage', action: 'listening.cancelMeeting' } }, (req) =>
    req.mutate((ctx) => svc.cancelMeeting(ctx, req.params.id)),
  );

  r.get('/api/listening/needs', { schema: { operationId: 'listening.listNeeds', tags, summary: '企业诉求与意见建议 List needs', querystring: needListPageQuery, response: { 200: needPage } }, config: { access: 'listening:read' } }, (req) =>
    svc.listNeeds(req.ctx(), req.query),
  );
  r.get('/api/listening/needs/stats', { schema: { operationId: 'listening.needStats', tags, summary: '诉求统计（按类型、来源、状态，逾期数） Need counts', querystring: needListQuery, response: { 200: needStats } }, config: { access: 'listening:read' } }, (req) =>
    svc.needStats(req.ctx(), req.query),
  );
  r.get('/api/listening/needs/export', { schema: { operationId: 'listening.exportNeeds', tags, summary: '导出诉求台账 Export needs (xlsx)', querystring: needExportQuery }, config: { access: 'listening:read' } }, async (req, reply) => {
    const ctx = req.ctx();
    const l = ctx.locale;
    const rows = await svc.needsForExport(ctx, req.query, EXPORT_LIMIT);
    return sendXlsx(reply, {
      locale: l,
      fileZh: '企业诉求台账',
      fileEn: 'Enterprise needs',
      columns: [
        { zh: '编号', en: 'No.', width: 8, value: (x) => x.id },
        { zh: '企业', en: 'Enterprise', width: 28, value: (x) => x.enterpriseName },
        { zh: '类型', en: 'Kind', width: 10, value: (x) => pick(NEED_KIND_LABELS[x.kind], l) },
        { zh: '类别', en: 'Category', width: 12, value: (x) => pick(NEED_CATEGORY_LABELS[x.category], l) },
        { zh: '标题', en: 'Title', width: 36, value: (x) => x.title },
        { zh: '来源', en: 'Source', width: 10, value: (x) => pick(NEED_SOURCE_LABELS[x.source], l) },
        { zh: '承办单位', en: 'Assigned to', width: 24, value: (x) => x.assigneeName ?? '' },
        { zh: '办理期限', en: 'Due', width: 12, value: (x) => x.dueOn ?? '' },
        { zh: '状态', en: 'State', width: 12, value: (x) => pick(NEED_STATE_LABELS[x.state], l) },
        { zh: '逾期', en: 'Overdue', width: 8, value: (x) => (x.overdue ? '是' : '') },
        { zh: '答复', en: 'Reply', width: 40, value: (x) => x.reply ?? '' },
      ],
      rows,
    });
  });
  r.get('/api/listening/needs/:id', { schema: { operationId: 'listening.getNeed', tags, summary: '一条诉求（含办理记录） One need with its history', params: idParams, response: detail }, config: { access: 'listening:read' } }, (req) =>
    svc.getNeed(req.ctx(), req.params.id),
  );
  r.post('/api/listening/needs', { schema: { operationId: 'listening.createNeed', tags, summary: '登记诉求或意见建议 Record a need', body: needCreate, response: detail }, config: { access: 'listening:manage', action: 'listening.createNeed' } }, (req) =>
    req.mutate((ctx) => svc.createNeed(ctx, req.body)),
  );
  r.post('/api/listening/needs/:id/assign', { schema: { operationId: 'listening.assignNeed', tags, summary: '交办（部门、区县、站点或服务机构，限期） Assign with a due date', params: idParams, body: needAssign, response: detail }, config: { access: 'listening:manage', action: 'listening.assignNeed' } }, (req) =>
    req.mutate((ctx) => svc.assignNeed(ctx, req.params.id, req.body)),
  );
  r.post('/api/listening/needs/:id/reply', { schema: { operationId: 'listening.replyNeed', tags, summary: '答复企业 Reply to the enterprise', params: idParams, body: needReply, response: detail }, config: { access: 'listening:handle', action: 'listening.replyNeed' } }, (req) =>
    req.mutate((ctx) => svc.replyNeed(ctx, req.params.id, req.body.reply)),
  );
  r.post('/api/listening/needs/:id/confirm', { schema: { operationId: 'listening.confirmNeed', tags, summary: '企业确认办结 The enterprise confirms', params: idParams, body: needDecision, response: detail }, config: { access: 'listening:answer', action: 'listening.confirmNeed' } }, (req) =>
    req.mutate((ctx) => svc.confirmNeed(ctx, req.params.id, req.body.comment ?? null)),
  );
  r.post('/api/listening/needs/:id/reopen', { schema: { operationId: 'listening.reopenNeed', tags, summary: '企业重新打开（须说明理由） The enterprise reopens', params: idParams, body: needReason, response: detail }, config: { access: 'listening:answer', action: 'listening.reopenNeed' } }, (req) =>
    req.mutate((ctx) => svc.reopenNeed(ctx, req.params.id, req.body.comment)),
  );
  r.post('/api/listening/needs/:id/close', { schema: { operationId: 'listening.closeNeed', tags, summary: '未经企业确认办结（须说明理由） Close without confirmation', params: idParams, body: needReason, response: detail }, config: { access: 'listening:manage', action: 'listening.closeNeed' } }, (req) =>
    req.mutate((ctx) => svc.closeNeed(ctx, req.params.id, req.body.comment)),
  );
  r.post('/api/listening/needs/:id/to-cultivation', { schema: { operationId: 'listening.needToCultivation', tags, summary: '转为培育辅导事项 Make the need a cultivation coaching item', params: idParams, body: needToCultivation, response: detail }, config: { access: 'listening:manage', action: 'listening.needToCultivation' } }, (req) =>
    req.mutate((ctx) => svc.needToCultivation(ctx, req.params.id, req.body)),
  );
  r.post('/api/listening/needs/:id/link', { schema: { operationId: 'listening.linkNeed', tags, summary: '关联服务求助或培育辅导 Link to a help request or coaching', params: idParams, body: needLink, response: detail }, config: { access: 'listening:manage', action: 'listening.linkNeed' } }, (req) =>
    req.mutate((ctx) => svc.linkNeed(ctx, req.params.id, req.body)),
  );
}
