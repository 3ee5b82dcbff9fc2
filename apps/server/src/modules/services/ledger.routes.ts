import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ledgerActivity, ledgerExportQuery, ledgerListPageQuery, ledgerPage, ledgerRow, ledgerSummary, ledgerSummaryQuery, servicesIdParams, yearlyReview, yearlyReviewQuery } from '@shangmi/shared';
import { EXPORT_LIMIT, sendXlsx } from '../../platform/export.js';
import * as svc from './services.service.js';

/** The service ledger (工作台账), its export in the form a site hands in, its aggregates, and a site's yearly review. */
export function ledgerRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['services'];

  r.get('/api/services/ledger', { schema: { operationId: 'services.listLedger', tags, summary: '工作台账 The service ledger', querystring: ledgerListPageQuery, response: { 200: ledgerPage } }, config: { access: 'services:read' } }, (req) =>
    svc.listLedger(req.ctx(), req.query),
  );
  r.get('/api/services/ledger/export', { schema: { operationId: 'services.exportLedger', tags, summary: '导出工作台账（xlsx） Export the ledger', querystring: ledgerExportQuery }, config: { access: 'services:read' } }, async (req, reply) => {
    const ctx = req.ctx();
    const rows = await svc.ledgerForExport(ctx, req.query, EXPORT_LIMIT);
    return sendXlsx(reply, {
      locale: ctx.locale,
      fileZh: '工作台账',
      fileEn: 'Service ledger',
      columns: [
        { zh: '日期', en: 'Date', width: 12, value: (x) => x.occurredOn },
        { zh: '服务单位', en: 'Provider or site', width: 26, value: (x) => x.orgName },
        { zh: '服务类型', en: 'Service kind', width: 14, value: (x) => x.serviceKind },
        { zh: '事项', en: 'Title', width: 30, value: (x) => x.title },
        { zh: '服务企业', en: 'Enterprise', width: 26, value: (x) => x.enterpriseName ?? '' },
        { zh: '来源', en: 'Source', width: 10, value: (x) => (x.source === 'request' ? (ctx.locale === 'en-US' ? 'Request' : '求助') : ctx.locale === 'en-US' ? 'Activity' : '活动') },
        { zh: '时长（小时）', en: 'Hours', width: 10, value: (x) => x.hours },
        { zh: '人数', en: 'People', width: 8, value: (x) => x.people },
        { zh: '成效', en: 'Outcome', width: 40, value: (x) => x.outcome ?? '' },
        { zh: '合同', en: 'Contract', width: 10, value: (x) => (x.contractId === null ? '' : `#${x.contractId}`) },
      ],
      rows,
    });
  });
  r.get('/api/services/ledger/summary', { schema: { operationId: 'services.ledgerSummary', tags, summary: '台账汇总（区县、服务类型、单位、月份） Ledger aggregates', querystring: ledgerSummaryQuery, response: { 200: ledgerSummary } }, config: { access: 'services:read' } }, (req) =>
    svc.ledgerSummary(req.ctx(), req.query),
  );
  r.post('/api/services/ledger', { schema: { operationId: 'services.addActivity', tags, summary: '登记培训、宣传活动 Record an activity', body: ledgerActivity, response: { 200: ledgerRow } }, config: { access: 'services:deliver', action: 'services.addActivity' } }, (req) =>
    req.mutate((ctx) => svc.addActivity(ctx, req.body)),
  );
  r.get('/api/services/sites/:id/review', { schema: { operationId: 'services.yearlyReview', tags, summary: '站点年度评估（台账对照建设标准量化指标） A site’s yearly review', params: servicesIdParams, querystring: yearlyReviewQuery, response: { 200: yearlyReview } }, config: { access: 'services:read' } }, (req) =>
    svc.yearlyReview(req.ctx(), req.params.id, req.query.year),
  );
}
