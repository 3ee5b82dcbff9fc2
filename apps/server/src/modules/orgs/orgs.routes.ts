import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { formatDateTime, idParams, okResponse, org, orgCreate, orgListPageQuery, orgListQuery, orgPage, orgUpdate } from '@shangmi/shared';
import { EXPORT_LIMIT, sendXlsx } from '../../platform/export.js';
import * as svc from './orgs.service.js';

export function orgsRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['orgs'];

  r.get(
    '/api/orgs',
    { schema: { operationId: 'orgs.list', tags, summary: '组织机构 List organisations', querystring: orgListPageQuery, response: { 200: orgPage } }, config: { access: 'orgs:read' } },
    (req) => svc.listOrgs(req.ctx(), req.query),
  );

  r.get(
    '/api/orgs/export',
    { schema: { operationId: 'orgs.export', tags, summary: '导出组织机构 Export organisations (xlsx)', querystring: orgListQuery }, config: { access: 'orgs:read' } },
    async (req, reply) => {
      const rows = await svc.exportOrgs(req.ctx(), req.query, EXPORT_LIMIT);
      return sendXlsx(reply, {
        locale: req.locale,
        fileZh: '组织机构',
        fileEn: 'organisations',
        rows,
        columns: [
          { zh: '编号', en: 'ID', width: 8, value: (o) => o.id },
          { zh: '名称', en: 'Name', width: 32, value: (o) => o.name },
          { zh: '类型', en: 'Kind', value: (o) => o.kind },
          { zh: '上级编号', en: 'Parent ID', width: 10, value: (o) => o.parentId },
          { zh: '区划代码', en: 'District code', value: (o) => o.districtCode },
          { zh: '统一社会信用代码', en: 'Credit code', width: 22, value: (o) => o.creditCode },
          { zh: '联系人', en: 'Contact', value: (o) => o.contactName },
          { zh: '联系电话', en: 'Phone', value: (o) => o.contactPhone },
          { zh: '地址', en: 'Address', width: 36, value: (o) => o.address },
          { zh: '状态', en: 'Status', value: (o) => o.status },
          { zh: '创建时间', en: 'Created', width: 20, value: (o) => formatDateTime(o.createdAt) },
        ],
      });
    },
  );

  r.get(
    '/api/orgs/:id',
    { schema: { operationId: 'orgs.get', tags, summary: '机构详情 Get an organisation', params: idParams, response: { 200: org } }, config: { access: 'orgs:read' } },
    (req) => svc.getOrg(req.ctx(), req.params.id),
  );

  r.post(
    '/api/orgs',
    { schema: { operationId: 'orgs.create', tags, summary: '新增机构 Create an organisation', body: orgCreate, response: { 200: org } }, config: { access: 'orgs:create', action: 'orgs.create' } },
    (req) => req.mutate((ctx) => svc.createOrg(ctx, req.body)),
  );

  r.patch(
    '/api/orgs/:id',
    { schema: { operationId: 'orgs.update', tags, summary: '修改机构 Update an organisation', params: idParams, body: orgUpdate, response: { 200: org } }, config: { access: 'orgs:update', action: 'orgs.update' } },
    (req) => req.mutate((ctx) => svc.updateOrg(ctx, req.params.id, req.body)),
  );

  r.delete(
    '/api/orgs/:id',
    { schema: { operationId: 'orgs.delete', tags, summary: '删除机构 Delete an organisation', params: idParams, response: { 200: okResponse } }, config: { access: 'orgs:delete', action: 'orgs.delete' } },
    async (req) => {
      await req.mutate((ctx) => svc.deleteOrg(ctx, req.params.id));
      return { ok: true as const };
    },
  );
}
