import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  creditDashboard,
  creditDashboardQuery,
  creditEnterpriseParams,
  creditEnterpriseState,
  creditExportLedgerPage,
  creditExportLedgerQuery,
  creditExportQuery,
  creditFeed,
  creditFeedQuery,
  creditIdParams,
  creditMine,
  creditPublicPage,
  creditPublicQuery,
  creditPublicRecord,
  creditPublicSeriousPage,
  creditStoryPage,
  creditStoryQuery,
  creditTokenCreate,
  creditTokenCreated,
  creditTokenList,
} from '@shangmi/shared';
import * as svc from './credit.service.js';

/**
 * The public credit page's API (no sign-in, published fields only), the 双公示 files and their ledger, the pull API
 * and its tokens, the dashboard and the enterprise views.
 */
export function creditPublicRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['credit'];
  const publicTags = ['credit-public'];

  r.get(
    '/api/public/credit/records',
    { schema: { operationId: 'credit.publicSearch', tags: publicTags, summary: '公示中的行政处罚信息（按名称片段或统一社会信用代码） Search published penalties', querystring: creditPublicQuery, response: { 200: creditPublicPage } }, config: { access: 'public' } },
    (req) => svc.publicSearch(req.ctx(), req.query),
  );
  r.get(
    '/api/public/credit/records/:id',
    { schema: { operationId: 'credit.publicRecord', tags: publicTags, summary: '一条公示中的行政处罚信息 One published penalty', params: creditIdParams, response: { 200: creditPublicRecord } }, config: { access: 'public' } },
    (req) => svc.publicRecord(req.ctx(), req.params.id),
  );
  r.get(
    '/api/public/credit/serious',
    { schema: { operationId: 'credit.publicSerious', tags: publicTags, summary: '严重违法失信名单（公示中） The serious-violation list', querystring: creditPublicQuery, response: { 200: creditPublicSeriousPage } }, config: { access: 'public' } },
    (req) => svc.publicSerious(req.ctx(), req.query),
  );
  r.get(
    '/api/public/credit/stories',
    { schema: { operationId: 'credit.publicStories', tags: publicTags, summary: '以案说法（经审核的案件公开摘要） Case stories', querystring: creditStoryQuery, response: { 200: creditStoryPage } }, config: { access: 'public' } },
    (req) => svc.publicStories(req.ctx(), req.query),
  );

  r.get(
    '/api/credit/exports',
    {
      schema: {
        operationId: 'credit.export',
        tags,
        summary: '导出双公示数据（XLSX/CSV/JSON，全量或增量，记入导出台账） Export 双公示 files',
        description: '列顺序与国家双公示模板一致；增量导出在其后加“变更类型”“变更说明”两列。The columns follow the national template; an incremental file adds the change and its reason.',
        querystring: creditExportQuery,
      },
      config: { access: 'credit:export', action: 'credit.export' },
    },
    async (req, reply) => {
      const cut = await req.mutate((ctx) => svc.startExport(ctx, req.query));
      return svc.sendExport(req.ctx(), reply, cut);
    },
  );
  r.get(
    '/api/credit/exports/ledger',
    { schema: { operationId: 'credit.exportLedger', tags, summary: '导出台账 The export ledger', querystring: creditExportLedgerQuery, response: { 200: creditExportLedgerPage } }, config: { access: 'credit:export' } },
    async (req) => {
      const page = await svc.exportLedger(req.ctx(), req.query);
      return { ...page, items: page.items.map(svc.ledgerView) };
    },
  );

  r.get(
    '/api/credit/feed',
    {
      schema: {
        operationId: 'credit.feed',
        tags: ['credit-api'],
        summary: '信用平台拉取接口（令牌认证） Pull API for a credit platform',
        description:
          '`Authorization: Bearer <token>`（由“信用规则 → 接口令牌”生成）。按序返回 `after` 之后的变更：新增、变更含公示字段；撤回、期满、修复只含标识与理由。下次以 `next` 为 `after` 继续，`more` 为真时还有。Changes after `after`, in order; continue with `next`.',
        querystring: creditFeedQuery,
        response: { 200: creditFeed },
        security: [{ creditToken: [] }],
      },
      config: { access: 'public', action: 'credit.feed' },
    },
    (req) => req.mutate((ctx) => svc.pullFeed(ctx, req.headers.authorization, req.query)),
  );
  r.get(
    '/api/credit/tokens',
    { schema: { operationId: 'credit.tokens', tags, summary: '接口令牌 API tokens', response: { 200: creditTokenList } }, config: { access: 'credit:rules' } },
    (req) => svc.listTokens(req.ctx()),
  );
  r.post(
    '/api/credit/tokens',
    { schema: { operationId: 'credit.tokenCreate', tags, summary: '生成接口令牌（仅显示一次） Create a token (shown once)', body: creditTokenCreate, response: { 200: creditTokenCreated } }, config: { access: 'credit:rules', action: 'credit.token-create' } },
    (req) => req.mutate((ctx) => svc.createToken(ctx, req.body.name)),
  );
  r.delete(
    '/api/credit/tokens/:id',
    { schema: { operationId: 'credit.tokenRevoke', tags, summary: '停用接口令牌 Revoke a token', params: creditIdParams, response: { 200: creditTokenList } }, config: { access: 'credit:rules', action: 'credit.token-revoke' } },
    (req) => req.mutate((ctx) => svc.revokeToken(ctx, req.params.id)),
  );

  r.get(
    '/api/credit/dashboard',
    { schema: { operationId: 'credit.dashboard', tags, summary: '信用看板（按区县：按期、逾期、撤回、修复） Credit dashboard per district', querystring: creditDashboardQuery, response: { 200: creditDashboard } }, config: { access: 'credit:read' } },
    (req) => svc.creditDashboard(req.ctx(), req.query),
  );
  r.get(
    '/api/credit/mine',
    { schema: { operationId: 'credit.mine', tags, summary: '本企业信用（处罚、期限、修复进度） My enterprise’s credit', response: { 200: creditMine } }, config: { access: 'credit:read' } },
    (req) => svc.creditMine(req.ctx()),
  );
  r.get(
    '/api/credit/enterprises/:enterpriseId',
    { schema: { operationId: 'credit.enterprise', tags, summary: '企业信用状况（企业详情页） An enterprise’s credit', params: creditEnterpriseParams, response: { 200: creditEnterpriseState } }, config: { access: 'credit:read' } },
    (req) => svc.enterpriseState(req.ctx(), req.params.enterpriseId),
  );
}
