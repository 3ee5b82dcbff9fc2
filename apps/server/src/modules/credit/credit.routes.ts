import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  CREDIT_STATE_LABELS,
  PENALTY_KIND_LABELS,
  PUBLISH_STATE_LABELS,
  creditDiscretionQuery,
  creditIdParams,
  creditImportErrorsQuery,
  creditImportInput,
  creditImportResult,
  creditPendingCases,
  creditPrefill,
  creditRecordCreate,
  creditRecordDetail,
  creditRecordExportQuery,
  creditRecordListPageQuery,
  creditRecordPage,
  creditRecordUpdate,
  creditRevoke,
  creditRulePartParams,
  creditRulesUpdate,
  creditRulesView,
  creditStep,
  creditSuggestion,
  creditWithdraw,
  fenToWan,
  pick,
} from '@shangmi/shared';
import { EXPORT_LIMIT, sendXlsx } from '../../platform/export.js';
import * as svc from './credit.service.js';

/** Penalty records and their publication, the import, what cases give, the discretion table, the rules (docs/credit.md). */
export function creditRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['credit'];
  const detail = { 200: creditRecordDetail };

  r.get(
    '/api/credit/records',
    { schema: { operationId: 'credit.list', tags, summary: '行政处罚信息列表 List penalty records', querystring: creditRecordListPageQuery, response: { 200: creditRecordPage } }, config: { access: 'credit:read' } },
    (req) => svc.listRecords(req.ctx(), req.query),
  );

  r.get(
    '/api/credit/records/export',
    { schema: { operationId: 'credit.exportList', tags, summary: '导出行政处罚信息列表（含公示状态） Export the list (xlsx)', querystring: creditRecordExportQuery }, config: { access: 'credit:read' } },
    async (req, reply) => {
      const ctx = req.ctx();
      const rows = await svc.recordsForExport(ctx, req.query, EXPORT_LIMIT);
      const l = ctx.locale;
      return sendXlsx(reply, {
        locale: l,
        fileZh: '行政处罚信息',
        fileEn: 'Penalty records',
        columns: [
          { zh: '行政相对人名称', en: 'Party', width: 28, value: (x) => x.partyName },
          { zh: '统一社会信用代码', en: 'Credit code', width: 22, value: (x) => x.creditCode },
          { zh: '行政处罚决定书文号', en: 'Decision number', width: 26, value: (x) => x.decisionNo },
          { zh: '处罚类别', en: 'Kinds', width: 18, value: (x) => x.penaltyKinds.map((k) => pick(PENALTY_KIND_LABELS[k], l)).join('；') },
          { zh: '罚款金额(万元)', en: 'Fine (10k yuan)', width: 14, value: (x) => fenToWan(x.fineFen) },
          { zh: '处罚决定日期', en: 'Decided on', width: 12, value: (x) => x.decidedOn },
          { zh: '处罚机关', en: 'Authority', width: 24, value: (x) => x.authorityName },
          { zh: '办理状态', en: 'State', width: 12, value: (x) => pick(CREDIT_STATE_LABELS[x.state], l) },
          { zh: '公示状态', en: 'Publication', width: 12, value: (x) => pick(PUBLISH_STATE_LABELS[x.publishState], l) },
          { zh: '公示期限（决定之日起二十个工作日）', en: 'Publish by', width: 14, value: (x) => x.publishDueOn ?? '' },
          { zh: '公示日期', en: 'Published on', width: 12, value: (x) => x.publishedOn ?? '' },
          { zh: '按期公示', en: 'On time', width: 10, value: (x) => (x.onTime === null ? '' : x.onTime ? '是' : '否') },
          { zh: '公示截止期', en: 'Public until', width: 12, value: (x) => x.publicUntil ?? '' },
        ],
        rows,
      });
    },
  );

  r.post(
    '/api/credit/records',
    { schema: { operationId: 'credit.create', tags, summary: '录入行政处罚信息（案件预填或手工） Enter a penalty record', body: creditRecordCreate, response: detail }, config: { access: 'credit:manage', action: 'credit.create' } },
    (req) => req.mutate(async (ctx) => svc.getRecordDetail(ctx, (await svc.createRecord(ctx, req.body)).id)),
  );

  r.get(
    '/api/credit/records/:id',
    { schema: { operationId: 'credit.get', tags, summary: '行政处罚信息详情 A penalty record', params: creditIdParams, response: detail }, config: { access: 'credit:read' } },
    (req) => svc.getRecordDetail(req.ctx(), req.params.id),
  );

  r.patch(
    '/api/credit/records/:id',
    { schema: { operationId: 'credit.update', tags, summary: '修改（草稿、退回）或更正（已公示，须说明理由） Edit or correct', params: creditIdParams, body: creditRecordUpdate, response: detail }, config: { access: 'credit:manage', action: 'credit.update' } },
    (req) => req.mutate(async (ctx) => svc.getRecordDetail(ctx, (await svc.updateRecordAndFeed(ctx, req.params.id, req.body)).id)),
  );

  const stepRoute = (path: string, operationId: string, summary: string, access: 'credit:manage' | 'credit:review' | 'credit:publish', run: typeof svc.submitRecord) =>
    r.post(
      `/api/credit/records/:id/${path}`,
      { schema: { operationId, tags, summary, params: creditIdParams, body: creditStep, response: detail }, config: { access, action: operationId } },
      (req) =>
        req.mutate(async (ctx) => {
          await run(ctx, req.params.id, req.body);
          return svc.getRecordDetail(ctx, req.params.id);
        }),
    );
  stepRoute('submit', 'credit.submit', '提交审核 Submit for review', 'credit:manage', svc.submitRecord);
  stepRoute('return', 'credit.return', '审核退回（须说明理由） Return to the officer', 'credit:review', svc.returnRecord);
  stepRoute('review', 'credit.review', '审核通过（确认违法事实不含商业秘密） Review: the facts hold no secret', 'credit:review', svc.reviewRecord);
  stepRoute('publish', 'credit.publish', '公示 Publish', 'credit:publish', svc.publishRecord);

  r.post(
    '/api/credit/records/:id/revoke',
    { schema: { operationId: 'credit.revoke', tags, summary: '登记处罚决定变更、撤销、确认违法或无效 Record a changed or revoked decision', params: creditIdParams, body: creditRevoke, response: detail }, config: { access: 'credit:manage', action: 'credit.revoke' } },
    (req) =>
      req.mutate(async (ctx) => {
        await svc.revokeRecord(ctx, req.params.id, req.body);
        return svc.getRecordDetail(ctx, req.params.id);
      }),
  );
  r.post(
    '/api/credit/records/:id/withdraw',
    { schema: { operationId: 'credit.withdraw', tags, summary: '撤回公示并说明理由（三个工作日内） Withdraw, with the reason', params: creditIdParams, body: creditWithdraw, response: detail }, config: { access: 'credit:publish', action: 'credit.withdraw' } },
    (req) =>
      req.mutate(async (ctx) => {
        await svc.withdrawRecord(ctx, req.params.id, req.body.comment);
        return svc.getRecordDetail(ctx, req.params.id);
      }),
  );

  r.get(
    '/api/credit/cases/pending',
    { schema: { operationId: 'credit.pendingCases', tags, summary: '已作出处罚决定尚未录入公示信息的案件 Cases still waiting for their record', response: { 200: creditPendingCases } }, config: { access: 'credit:manage' } },
    (req) => svc.pendingCases(req.ctx()),
  );
  r.get(
    '/api/credit/cases/:id/prefill',
    { schema: { operationId: 'credit.prefill', tags, summary: '从案件预填 What a case gives its record', params: creditIdParams, response: { 200: creditPrefill } }, config: { access: 'credit:manage' } },
    (req) => svc.prefillFromCase(req.ctx(), req.params.id),
  );

  r.get(
    '/api/credit/imports/template',
    { schema: { operationId: 'credit.importTemplate', tags, summary: '导入模板 The import template (xlsx)' }, config: { access: 'credit:manage' } },
    (req, reply) => svc.sendTemplate(reply, req.locale),
  );
  r.post(
    '/api/credit/imports',
    { schema: { operationId: 'credit.import', tags, summary: '检查或导入 Excel（有错则全部不导入） Check or import a workbook', body: creditImportInput, response: { 200: creditImportResult } }, config: { access: 'credit:manage', action: 'credit.import' } },
    (req) => req.mutate((ctx) => svc.importRecords(ctx, req.body)),
  );
  r.get(
    '/api/credit/imports/errors',
    { schema: { operationId: 'credit.importErrors', tags, summary: '错误行工作簿 The rows with errors (xlsx)', querystring: creditImportErrorsQuery }, config: { access: 'credit:manage' } },
    (req, reply) => svc.sendImportErrorWorkbook(req.ctx(), reply, req.query.fileId),
  );

  r.get(
    '/api/credit/discretion',
    { schema: { operationId: 'credit.discretion', tags, summary: '裁量基准建议 The discretion table’s suggestion', querystring: creditDiscretionQuery, response: { 200: creditSuggestion } }, config: { access: 'credit:read' } },
    (req) => svc.discretionSuggestion(req.ctx(), req.query),
  );

  r.get(
    '/api/credit/rules',
    { schema: { operationId: 'credit.rules', tags, summary: '信用规则（条文、期限、裁量基准、惩戒措施） The rules in force', response: { 200: creditRulesView } }, config: { access: 'credit:read' } },
    (req) => svc.rulesView(req.ctx()),
  );
  r.put(
    '/api/credit/rules/:part',
    { schema: { operationId: 'credit.updateRules', tags, summary: '更正规则（新版本，自生效日起适用） Correct a part of the rules', params: creditRulePartParams, body: creditRulesUpdate, response: { 200: creditRulesView } }, config: { access: 'credit:rules', action: 'credit.rules-update' } },
    (req) => req.mutate((ctx) => svc.updateRules(ctx, req.params.part, req.body.data, req.body.note)),
  );
}
