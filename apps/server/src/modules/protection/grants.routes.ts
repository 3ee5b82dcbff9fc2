import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { grant, grantCreate, grantDetail, grantedList, grantedPart, grantedPartParams, granteeOptions, granteeQuery, grantList, protectionIdParams } from '@shangmi/shared';
import * as svc from './protection.service.js';

/** Access grants: the enterprise opens parts of its file for a while; the grantee reads them, every view logged. */
export function grantsRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['protection'];

  r.get(
    '/api/protection/grants',
    { schema: { operationId: 'protection.listGrants', tags, summary: '档案授权 The enterprise’s grants, with their views', response: { 200: grantList } }, config: { access: 'protection:read' } },
    (req) => svc.listGrants(req.ctx()),
  );

  r.get(
    '/api/protection/grantees',
    { schema: { operationId: 'protection.granteeOptions', tags, summary: '可授权的单位和人员（本地区）Who a grant may go to (the enterprise’s region)', querystring: granteeQuery, response: { 200: granteeOptions } }, config: { access: 'protection:grant' } },
    (req) => svc.granteeOptions(req.ctx(), req.query.q),
  );

  r.get(
    '/api/protection/grants/:id',
    { schema: { operationId: 'protection.getGrant', tags, summary: '授权详情及查看记录 A grant with every view', params: protectionIdParams, response: { 200: grantDetail } }, config: { access: 'protection:read' } },
    (req) => svc.getGrant(req.ctx(), req.params.id),
  );

  r.post(
    '/api/protection/grants',
    { schema: { operationId: 'protection.createGrant', tags, summary: '限时开放档案 Open parts of the file until a day', body: grantCreate, response: { 200: grant } }, config: { access: 'protection:grant' } },
    (req) => req.mutate((ctx) => svc.createGrant(ctx, req.body)),
  );

  r.post(
    '/api/protection/grants/:id/revoke',
    { schema: { operationId: 'protection.revokeGrant', tags, summary: '撤销授权 Revoke a grant', params: protectionIdParams, response: { 200: grant } }, config: { access: 'protection:grant' } },
    (req) => req.mutate((ctx) => svc.revokeGrant(ctx, req.params.id)),
  );

  r.get(
    '/api/protection/granted',
    { schema: { operationId: 'protection.listGranted', tags, summary: '企业向我开放的档案 Grants made to me or my organisation', response: { 200: grantedList } }, config: { access: 'protection:granted' } },
    (req) => svc.listGranted(req.ctx()),
  );

  r.get(
    '/api/protection/granted/:id/:part',
    { schema: { operationId: 'protection.viewGranted', tags, summary: '查看开放的内容（留痕）View a granted part (logged)', params: grantedPartParams, response: { 200: grantedPart } }, config: { access: 'protection:granted' } },
    (req) => req.mutate((ctx) => svc.viewGranted(ctx, req.params.id, req.params.part)),
  );
}
