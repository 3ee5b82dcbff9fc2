import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  FUNDING_CATEGORY_LABELS,
  FUNDING_LEVEL_LABELS,
  FUNDING_SOURCE_LABELS,
  budgetLineCreate,
  budgetLineDetail,
  budgetLineExportQuery,
  budgetLineListPageQuery,
  budgetLinePage,
  budgetLineUpdate,
  execution,
  executionQuery,
  fundingIdParams,
  pick,
  spendingCreate,
  spendingParams,
  spendingReverse,
} from '@shangmi/shared';
import { EXPORT_LIMIT, sendXlsx } from '../../platform/export.js';
import * as svc from './funding.service.js';

const yuan = (fen: number) => Math.round(fen) / 100;

/** Budget lines, spending, the execution rate (docs/funding.md § API). */
export function fundingRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['funding'];
  const params = fundingIdParams;
  const one = { 200: budgetLineDetail };

  r.get('/api/funding/lines', { schema: { operationId: 'funding.listLines', tags, summary: '预算科目（含执行率） Budget lines', querystring: budgetLineListPageQuery, response: { 200: budgetLinePage } }, config: { access: 'funding:read' } }, (req) =>
    svc.listLines(req.ctx(), req.query),
  );
  r.get('/api/funding/lines/export', { schema: { operationId: 'funding.exportLines', tags, summary: '导出预算执行表 Export budget lines (xlsx)', querystring: budgetLineExportQuery }, config: { access: 'funding:read' } }, async (req, reply) => {
    const ctx = req.ctx();
    const l = ctx.locale;
    return sendXlsx(reply, {
      locale: l,
      fileZh: '试点资金预算执行表',
      fileEn: 'Pilot budget execution',
      columns: [
        { zh: '年度', en: 'Year', width: 8, value: (x) => x.year },
        { zh: '层级', en: 'Level', width: 10, value: (x) => pick(FUNDING_LEVEL_LABELS[x.level], l) },
        { zh: '县（市）区', en: 'District', width: 14, value: (x) => x.districtName ?? '' },
        { zh: '园区', en: 'Park', width: 20, value: (x) => x.parkName ?? '' },
        { zh: '类别', en: 'Category', width: 12, value: (x) => pick(FUNDING_CATEGORY_LABELS[x.category], l) },
        { zh: '资金来源', en: 'Source', width: 16, value: (x) => pick(FUNDING_SOURCE_LABELS[x.source], l) },
        { zh: '科目', en: 'Line', width: 30, value: (x) => x.title },
        { zh: '预算（元）', en: 'Budget (yuan)', width: 14, value: (x) => yuan(x.amountFen) },
        { zh: '已支出（元）', en: 'Spent (yuan)', width: 14, value: (x) => yuan(x.spentFen) },
        { zh: '余额（元）', en: 'Left (yuan)', width: 14, value: (x) => yuan(x.remainingFen) },
        { zh: '执行率', en: 'Execution rate', width: 10, value: (x) => `${(x.rate * 100).toFixed(2)}%` },
      ],
      rows: await svc.linesForExport(ctx, req.query, EXPORT_LIMIT),
    });
  });
  r.get('/api/funding/execution', { schema: { operationId: 'funding.execution', tags, summary: '预算执行率（按县区） Execution rate by district', querystring: executionQuery, response: { 200: execution } }, config: { access: 'funding:read' } }, (req) =>
    svc.execution(req.ctx(), req.query.year),
  );
  r.post('/api/funding/lines', { schema: { operationId: 'funding.createLine', tags, summary: '新增预算科目 Add a budget line', body: budgetLineCreate, response: one }, config: { access: 'funding:manage', action: 'funding.createLine' } }, (req) =>
    req.mutate((ctx) => svc.createLine(ctx, req.body)),
  );
  r.get('/api/funding/lines/:id', { schema: { operationId: 'funding.getLine', tags, summary: '一个预算科目及其支出 A budget line with its spending', params, response: one }, config: { access: 'funding:read' } }, (req) => svc.getLine(req.ctx(), req.params.id));
  r.patch('/api/funding/lines/:id', { schema: { operationId: 'funding.updateLine', tags, summary: '调整预算科目 Edit a budget line', params, body: budgetLineUpdate, response: one }, config: { access: 'funding:manage', action: 'funding.updateLine' } }, (req) =>
    req.mutate((ctx) => svc.updateLine(ctx, req.params.id, req.body)),
  );
  r.post('/api/funding/lines/:id/spendings', { schema: { operationId: 'funding.addSpending', tags, summary: '登记支出 Record a spending', params, body: spendingCreate, response: one }, config: { access: 'funding:manage', action: 'funding.addSpending' } }, (req) =>
    req.mutate((ctx) => svc.addSpending(ctx, req.params.id, req.body)),
  );
  r.post(
    '/api/funding/lines/:id/spendings/:spendingId/reverse',
    { schema: { operationId: 'funding.reverseSpending', tags, summary: '冲销一笔支出（附原因） Reverse a spending with a reason (a new entry, never a delete)', params: spendingParams, body: spendingReverse, response: one }, config: { access: 'funding:manage', action: 'funding.reverseSpending' } },
    (req) => req.mutate((ctx) => svc.reverseSpending(ctx, req.params.id, req.params.spendingId, req.body)),
  );
}
