import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  enterprise,
  ENTERPRISE_STATUS_LABELS,
  enterpriseAccount,
  enterpriseBulkReject,
  enterpriseBulkRejected,
  enterpriseCreate,
  enterpriseExportQuery,
  enterpriseInvite,
  enterpriseListPageQuery,
  enterpriseMerge,
  enterprisePage,
  enterpriseRegistered,
  enterpriseRegistration,
  enterpriseReject,
  enterpriseStats,
  enterpriseStatsQuery,
  enterpriseUpdate,
  formatDateTime,
  idParams,
  okResponse,
  pick,
} from '@shangmi/shared';
import { EXPORT_LIMIT, sendXlsx } from '../../platform/export.js';
import { dictLabels } from '../dicts/dicts.service.js';
import { listRegions } from '../regions/regions.service.js';
import * as svc from './enterprises.service.js';

export function enterprisesRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['enterprises'];

  r.get(
    '/api/enterprises',
    {
      schema: { operationId: 'enterprises.list', tags, summary: '企业列表 List enterprises', querystring: enterpriseListPageQuery, response: { 200: enterprisePage } },
      config: { access: 'enterprises:read' },
    },
    (req) => svc.listEnterprises(req.ctx(), req.query),
  );

  r.get(
    '/api/enterprises/stats',
    {
      schema: { operationId: 'enterprises.stats', tags, summary: '企业统计 Enterprise counts for charts', querystring: enterpriseStatsQuery, response: { 200: enterpriseStats } },
      config: { access: 'enterprises:read' },
    },
    (req) => svc.enterpriseStats(req.ctx(), req.query),
  );

  r.get(
    '/api/enterprises/export',
    {
      schema: { operationId: 'enterprises.export', tags, summary: '导出企业 Export enterprises (xlsx)', querystring: enterpriseExportQuery },
      config: { access: 'enterprises:read' },
    },
    async (req, reply) => {
      const ctx = req.ctx();
      const [rows, labels, regions] = await Promise.all([
        svc.exportEnterprises(ctx, req.query, EXPORT_LIMIT),
        dictLabels(ctx, ['industry', 'enterprise_size', 'enterprise_kind']),
        listRegions(ctx),
      ]);
      const en = req.locale === 'en-US';
      const label = (type: string, value: string | null) => {
        if (!value) return '';
        const l = labels.get(type)?.get(value);
        return l ? pick(l, req.locale) : value;
      };
      const districtNames = new Map(regions.flatMap((rg) => rg.districts.map((d) => [d.code, en ? (d.nameEn ?? d.name) : d.name] as const)));
      const parkNames = new Map(regions.flatMap((rg) => rg.parks.map((p) => [p.id, en ? (p.nameEn ?? p.name) : p.name] as const)));
      return sendXlsx(reply, {
        locale: req.locale,
        fileZh: '企业名录',
        fileEn: 'enterprises',
        rows,
        columns: [
          { zh: '编号', en: 'ID', width: 8, value: (e) => e.id },
          { zh: '企业名称', en: 'Name', width: 36, value: (e) => e.name },
          { zh: '统一社会信用代码', en: 'Credit code', width: 22, value: (e) => e.creditCode },
          { zh: '法定代表人', en: 'Legal representative', value: (e) => e.legalRep },
          { zh: '所属区县', en: 'District', value: (e) => (e.districtCode ? (districtNames.get(e.districtCode) ?? e.districtCode) : '') },
          { zh: '所属园区', en: 'Park', width: 24, value: (e) => (e.parkId ? (parkNames.get(e.parkId) ?? e.parkId) : '') },
          { zh: '行业门类', en: 'Industry section', width: 24, value: (e) => label('industry', e.industrySection) },
          { zh: '所属行业', en: 'Industry', width: 30, value: (e) => label('industry', e.industryCode) },
          { zh: '企业规模', en: 'Size', value: (e) => label('enterprise_size', e.size) },
          { zh: '企业类型', en: 'Kinds', width: 30, value: (e) => e.kinds.map((k) => label('enterprise_kind', k)).join(en ? ', ' : '、') },
          { zh: '主营产品', en: 'Main products', width: 30, value: (e) => e.products },
          { zh: '注册地址', en: 'Registered address', width: 36, value: (e) => e.regAddress },
          { zh: '经营地址', en: 'Operating address', width: 36, value: (e) => e.opAddress },
          { zh: '联系人', en: 'Contact', value: (e) => e.contactName },
          { zh: '联系电话', en: 'Phone', value: (e) => e.contactPhone },
          { zh: '联系邮箱', en: 'E-mail', width: 26, value: (e) => e.contactEmail },
          { zh: '服务站点', en: 'Serving site', width: 28, value: (e) => e.siteOrgName },
          { zh: '状态', en: 'Status', value: (e) => pick(ENTERPRISE_STATUS_LABELS[e.status], req.locale) },
          { zh: '创建时间', en: 'Created', width: 20, value: (e) => formatDateTime(e.createdAt) },
        ],
      });
    },
  );

  r.get(
    '/api/enterprises/:id',
    { schema: { operationId: 'enterprises.get', tags, summary: '企业详情 Get an enterprise', params: idParams, response: { 200: enterprise } }, config: { access: 'enterprises:read' } },
    (req) => svc.getEnterprise(req.ctx(), req.params.id),
  );

  r.post(
    '/api/enterprises',
    {
      schema: { operationId: 'enterprises.create', tags, summary: '新增企业 Create an enterprise', body: enterpriseCreate, response: { 200: enterprise } },
      config: { access: 'enterprises:create', action: 'enterprises.create' },
    },
    (req) => req.mutate((ctx) => svc.createEnterprise(ctx, req.body)),
  );

  r.patch(
    '/api/enterprises/:id',
    {
      schema: { operationId: 'enterprises.update', tags, summary: '修改企业 Update an enterprise', params: idParams, body: enterpriseUpdate, response: { 200: enterprise } },
      config: { access: 'enterprises:update', action: 'enterprises.update' },
    },
    (req) => req.mutate((ctx) => svc.updateEnterprise(ctx, req.params.id, req.body)),
  );

  r.post(
    '/api/enterprises/:id/merge',
    {
      schema: { operationId: 'enterprises.merge', tags, summary: '合并重复企业 Merge a duplicate into another enterprise (returns the survivor)', params: idParams, body: enterpriseMerge, response: { 200: enterprise } },
      config: { access: 'enterprises:merge', action: 'enterprises.merge' },
    },
    (req) => req.mutate((ctx) => svc.mergeEnterprise(ctx, req.params.id, req.body.intoId)),
  );

  r.post(
    '/api/enterprises/register',
    {
      schema: { operationId: 'enterprises.register', tags, summary: '企业自助注册 Self-registration (pending until confirmed)', body: enterpriseRegistration, response: { 200: enterpriseRegistered } },
      config: { access: 'public', action: 'enterprises.register', rateLimit: 'register' },
    },
    (req) => req.mutate((ctx) => svc.registerEnterprise(ctx, req.body)),
  );

  r.post(
    '/api/enterprises/:id/confirm',
    {
      schema: { operationId: 'enterprises.confirm', tags, summary: '确认企业注册 Confirm a registration', params: idParams, response: { 200: enterprise } },
      config: { access: 'enterprises:confirm', action: 'enterprises.confirm' },
    },
    (req) => req.mutate((ctx) => svc.confirmEnterprise(ctx, req.params.id)),
  );

  r.post(
    '/api/enterprises/:id/reject',
    {
      schema: { operationId: 'enterprises.reject', tags, summary: '驳回企业注册 Reject a registration (removes it)', params: idParams, body: enterpriseReject, response: { 200: okResponse } },
      config: { access: 'enterprises:confirm', action: 'enterprises.reject' },
    },
    async (req) => {
      await req.mutate((ctx) => svc.rejectEnterprise(ctx, req.params.id, req.body.reason));
      return { ok: true as const };
    },
  );

  r.post(
    '/api/enterprises/reject-registrations',
    {
      schema: {
        operationId: 'enterprises.rejectMany',
        tags,
        summary: '批量驳回企业注册 Reject many registrations with one reason (answers which were rejected and which skipped)',
        body: enterpriseBulkReject,
        response: { 200: enterpriseBulkRejected },
      },
      config: { access: 'enterprises:confirm', action: 'enterprises.reject-many' },
    },
    (req) => req.mutate((ctx) => svc.rejectEnterprises(ctx, req.body.ids, req.body.reason)),
  );

  r.post(
    '/api/enterprises/:id/invite',
    {
      schema: { operationId: 'enterprises.invite', tags, summary: '开通企业管理员账号 Open an enterprise administrator account', params: idParams, body: enterpriseInvite, response: { 200: enterpriseAccount } },
      config: { access: 'enterprises:create', action: 'enterprises.invite' },
    },
    (req) => req.mutate((ctx) => svc.inviteEnterpriseAdmin(ctx, req.params.id, req.body)),
  );
}
