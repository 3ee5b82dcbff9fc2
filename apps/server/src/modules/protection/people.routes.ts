import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  acknowledged,
  acknowledgement,
  departure,
  departureUpsert,
  formatDateTime,
  noticeExportQuery,
  noticeLink,
  noticeListPageQuery,
  noticePage,
  noticeSend,
  noticeSent,
  NOTICE_STATUS_LABELS,
  noticeTokenParams,
  protectionNotice,
  okResponse,
  person,
  personCreate,
  personDetail,
  personExportQuery,
  personListPageQuery,
  personPage,
  personUpdate,
  pick,
  protectionIdParams,
  protectionItemParams,
  publicNotice,
  ruleLabel,
  training,
  trainingCreate,
} from '@shangmi/shared';
import { attachment, EXPORT_LIMIT, sendXlsx } from '../../platform/export.js';
import * as svc from './protection.service.js';

/** People who know the secrets, their trainings and departures; notices and the public acknowledgement link. */
export function peopleRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['protection'];

  // -- people ------------------------------------------------------------------------------------------------------
  r.get(
    '/api/protection/people',
    { schema: { operationId: 'protection.listPeople', tags, summary: '涉密人员 People who know the secrets', querystring: personListPageQuery, response: { 200: personPage } }, config: { access: 'protection:read' } },
    (req) => svc.listPeople(req.ctx(), req.query),
  );

  r.get(
    '/api/protection/people/export',
    { schema: { operationId: 'protection.exportPeople', tags, summary: '导出涉密人员 Export the people (xlsx)', querystring: personExportQuery }, config: { access: 'protection:read' } },
    async (req, reply) => {
      const rows = await svc.exportPeople(req.ctx(), req.query, EXPORT_LIMIT);
      const kinds = svc.rules().people.kinds;
      const locale = req.locale;
      return sendXlsx(reply, {
        locale,
        fileZh: '涉密人员',
        fileEn: 'people',
        rows,
        columns: [
          { zh: '姓名', en: 'Name', width: 12, value: (p) => p.name },
          { zh: '类型', en: 'Kind', width: 10, value: (p) => pick(ruleLabel(kinds, p.kind), locale) },
          { zh: '所在单位', en: 'Organisation', width: 24, value: (p) => p.organisation },
          { zh: '部门', en: 'Department', width: 14, value: (p) => p.department },
          { zh: '岗位', en: 'Position', width: 14, value: (p) => p.position },
          { zh: '工号', en: 'Employee number', width: 10, value: (p) => p.employeeNo },
          { zh: '保密协议', en: 'Agreement signed', width: 12, value: (p) => p.agreementSignedOn },
          { zh: '竞业限制起', en: 'Non-compete from', width: 12, value: (p) => p.nonCompeteFrom },
          { zh: '竞业限制止', en: 'Non-compete until', width: 12, value: (p) => p.nonCompeteTo },
          { zh: '知悉事项数', en: 'Secrets known', width: 10, value: (p) => p.secretCount },
          { zh: '最近确认告知', en: 'Last acknowledgement', width: 18, value: (p) => formatDateTime(p.lastAcknowledgedAt) },
          { zh: '状态', en: 'Status', width: 8, value: (p) => (p.status === 'departed' ? (locale === 'en-US' ? 'Left' : '已离职') : locale === 'en-US' ? 'Active' : '在职/合作中') },
          { zh: '离职日期', en: 'Left on', width: 12, value: (p) => p.departedOn },
        ],
      });
    },
  );

  r.post(
    '/api/protection/people',
    { schema: { operationId: 'protection.createPerson', tags, summary: '登记涉密人员 Add a person', body: personCreate, response: { 200: person } }, config: { access: 'protection:manage' } },
    (req) => req.mutate((ctx) => svc.createPerson(ctx, req.body)),
  );

  r.get(
    '/api/protection/people/:id',
    { schema: { operationId: 'protection.getPerson', tags, summary: '涉密人员详情 A person with their secrets, trainings, notices and departure', params: protectionIdParams, response: { 200: personDetail } }, config: { access: 'protection:read' } },
    (req) => svc.getPerson(req.ctx(), req.params.id),
  );

  r.patch(
    '/api/protection/people/:id',
    { schema: { operationId: 'protection.updatePerson', tags, summary: '修改涉密人员 Edit a person (agreement, non-compete …)', params: protectionIdParams, body: personUpdate, response: { 200: person } }, config: { access: 'protection:manage' } },
    (req) => req.mutate((ctx) => svc.updatePerson(ctx, req.params.id, req.body)),
  );

  r.post(
    '/api/protection/people/:id/trainings',
    { schema: { operationId: 'protection.addTraining', tags, summary: '记录培训 Record a training', params: protectionIdParams, body: trainingCreate, response: { 200: training } }, config: { access: 'protection:manage' } },
    (req) => req.mutate((ctx) => svc.addTraining(ctx, req.params.id, req.body)),
  );

  r.delete(
    '/api/protection/people/:id/trainings/:itemId',
    { schema: { operationId: 'protection.removeTraining', tags, summary: '删除培训记录 Remove a training', params: protectionItemParams, response: { 200: okResponse } }, config: { access: 'protection:manage' } },
    (req) => req.mutate((ctx) => svc.removeTraining(ctx, req.params.id, req.params.itemId)),
  );

  r.put(
    '/api/protection/people/:id/departure',
    { schema: { operationId: 'protection.departure', tags, summary: '离职交接清单（登记、返还、清除、销毁、承诺）The departure checklist', params: protectionIdParams, body: departureUpsert, response: { 200: departure } }, config: { access: 'protection:manage' } },
    (req) => req.mutate((ctx) => svc.upsertDeparture(ctx, req.params.id, req.body)),
  );

  // -- notices -----------------------------------------------------------------------------------------------------
  r.get(
    '/api/protection/notices',
    { schema: { operationId: 'protection.listNotices', tags, summary: '保密告知 Notices and their acknowledgements', querystring: noticeListPageQuery, response: { 200: noticePage } }, config: { access: 'protection:read' } },
    (req) => svc.listNotices(req.ctx(), req.query),
  );

  r.get(
    '/api/protection/notices/export',
    { schema: { operationId: 'protection.exportNotices', tags, summary: '导出保密告知 Export the notices (xlsx)', querystring: noticeExportQuery }, config: { access: 'protection:read' } },
    async (req, reply) => {
      const rows = await svc.listNoticesOf(req.ctx(), req.query, EXPORT_LIMIT);
      const locale = req.locale;
      return sendXlsx(reply, {
        locale,
        fileZh: '保密告知确认',
        fileEn: 'acknowledgements',
        rows,
        columns: [
          { zh: '告知书', en: 'Notice', width: 8, value: (n) => n.id },
          { zh: '对象', en: 'Person', width: 12, value: (n) => n.personName },
          { zh: '点名事项', en: 'Secrets named', width: 40, value: (n) => n.secretNames.join(locale === 'en-US' ? '; ' : '；') },
          { zh: '状态', en: 'Status', width: 10, value: (n) => pick(NOTICE_STATUS_LABELS[n.status], locale) },
          { zh: '发送时间', en: 'Sent', width: 18, value: (n) => formatDateTime(n.sentAt) },
          { zh: '发送人', en: 'Sent by', width: 10, value: (n) => n.sentByName },
          { zh: '确认时间', en: 'Acknowledged', width: 18, value: (n) => formatDateTime(n.acknowledgedAt) },
          { zh: '签名', en: 'Signed', width: 10, value: (n) => n.typedName },
          { zh: '告知书摘要 SHA-256', en: 'Notice SHA-256', width: 30, value: (n) => n.textSha256 },
          { zh: '确认文书 SHA-256', en: 'Document SHA-256', width: 30, value: (n) => n.documentSha256 },
          { zh: '存证日志序号', en: 'Log index', width: 10, value: (n) => n.proofLogIndex },
        ],
      });
    },
  );

  r.post(
    '/api/protection/notices',
    { schema: { operationId: 'protection.sendNotices', tags, summary: '发送保密告知书（每人一个一次性链接）Send notices (a single-use link each)', body: noticeSend, response: { 200: noticeSent } }, config: { access: 'protection:manage' } },
    (req) => req.mutate((ctx) => svc.sendNotices(ctx, req.body)),
  );

  r.post(
    '/api/protection/notices/:id/reissue',
    { schema: { operationId: 'protection.reissueNotice', tags, summary: '重新生成链接（原链接作废）A new link (the old one stops working)', params: protectionIdParams, response: { 200: noticeLink } }, config: { access: 'protection:manage' } },
    (req) => req.mutate((ctx) => svc.reissueNotice(ctx, req.params.id)),
  );

  r.post(
    '/api/protection/notices/:id/revoke',
    { schema: { operationId: 'protection.revokeNotice', tags, summary: '撤回告知书 Withdraw a notice', params: protectionIdParams, response: { 200: protectionNotice } }, config: { access: 'protection:manage' } },
    (req) => req.mutate((ctx) => svc.revokeNotice(ctx, req.params.id)),
  );

  r.get(
    '/api/protection/notices/:id/document',
    { schema: { operationId: 'protection.acknowledgementDocument', tags, summary: '确认文书原文（已存证）The acknowledgement document as deposited', params: protectionIdParams }, config: { access: 'protection:read' } },
    async (req, reply) => {
      const doc = await svc.acknowledgementDocument(req.ctx(), req.params.id);
      return reply.type('application/json; charset=utf-8').header('content-disposition', attachment(doc.name)).send(doc.bytes);
    },
  );

  // -- the link (no account) ----------------------------------------------------------------------------------------
  r.get(
    '/api/public/protection/notices/:token',
    { schema: { operationId: 'protection.publicNotice', tags, summary: '阅读告知书（凭链接，无需账号）Read a notice (by its link)', params: noticeTokenParams, response: { 200: publicNotice } }, config: { access: 'public', rateLimit: 'lookup' } },
    (req) => svc.publicNotice(req.ctx(), req.params.token),
  );

  r.post(
    '/api/public/protection/notices/:token/acknowledge',
    { schema: { operationId: 'protection.acknowledge', tags, summary: '确认告知书（一次性）Acknowledge a notice (once)', params: noticeTokenParams, body: acknowledgement, response: { 200: acknowledged } }, config: { access: 'public', rateLimit: 'acknowledge' } },
    (req) => req.mutate((ctx) => svc.acknowledge(ctx, req.params.token, req.body)),
  );
}
