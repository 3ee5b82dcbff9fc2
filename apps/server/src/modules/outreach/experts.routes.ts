import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { expertCreate, expertDetail, expertListQuery, expertPage, expertParams, expertUpdate, expertUseCreate } from '@shangmi/shared';
import * as svc from './outreach.service.js';

/** 人才库/专家库 (docs/outreach.md § Experts): the region's pool, kept by the bureaus; uses recorded by any organiser. */
export function expertRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['outreach'];
  r.get(
    '/api/outreach/experts',
    { schema: { operationId: 'outreach.listExperts', tags, summary: '专家库 The region’s expert pool', querystring: expertListQuery, response: { 200: expertPage } }, config: { access: 'outreach:read' } },
    (req) => svc.listExperts(req.ctx(), req.query),
  );
  r.post(
    '/api/outreach/experts',
    { schema: { operationId: 'outreach.createExpert', tags, summary: '入库专家 Add an expert', body: expertCreate, response: { 200: expertDetail } }, config: { access: 'outreach:manage', action: 'outreach.expert-create' } },
    (req) => req.mutate((ctx) => svc.createExpert(ctx, req.body)),
  );
  r.get(
    '/api/outreach/experts/:id',
    { schema: { operationId: 'outreach.getExpert', tags, summary: '专家及其使用记录 An expert and who used them when', params: expertParams, response: { 200: expertDetail } }, config: { access: 'outreach:read' } },
    (req) => svc.getExpert(req.ctx(), req.params.id),
  );
  r.patch(
    '/api/outreach/experts/:id',
    { schema: { operationId: 'outreach.updateExpert', tags, summary: '修改专家信息 Change an expert', params: expertParams, body: expertUpdate, response: { 200: expertDetail } }, config: { access: 'outreach:manage', action: 'outreach.expert-update' } },
    (req) => req.mutate((ctx) => svc.updateExpert(ctx, req.params.id, req.body)),
  );
  r.post(
    '/api/outreach/experts/:id/uses',
    { schema: { operationId: 'outreach.recordExpertUse', tags, summary: '登记专家使用 Record a use of an expert', params: expertParams, body: expertUseCreate, response: { 200: expertDetail } }, config: { access: 'outreach:manage', action: 'outreach.expert-use' } },
    (req) => req.mutate((ctx) => svc.recordUse(ctx, req.params.id, req.body)),
  );
}
