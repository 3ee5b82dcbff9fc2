import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  publicServiceSystemQuery,
  serviceSystem,
  serviceSystemCreate,
  serviceSystemList,
  serviceSystemParams,
  serviceSystemPatch,
  serviceSystemQuery,
  serviceSystemReferral,
  serviceSystemReferralCreate,
  serviceSystemStats,
  serviceSystemStatsQuery,
} from '@shangmi/shared';
import { resolvePublicRegion } from '../regions/regions.service.js';
import * as svc from './systems.js';

/** Other public service systems (issue 24 item 5): the directory, its public page, referrals and their counts. */
export function systemsRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['sites'];

  r.get(
    '/api/service-systems',
    { schema: { operationId: 'sites.listSystems', tags, summary: '其他服务体系名录 The region’s other public service systems', querystring: serviceSystemQuery, response: { 200: serviceSystemList } }, config: { access: 'self' } },
    (req) => svc.listSystems(req.ctx(), req.query),
  );
  r.get(
    '/api/service-systems/stats',
    {
      schema: { operationId: 'sites.systemStats', tags, summary: '其他服务体系转介统计 Referrals per entry within the caller’s scope', querystring: serviceSystemStatsQuery, response: { 200: serviceSystemStats } },
      config: { access: 'sites:read' },
    },
    (req) => svc.systemStats(req.ctx(), req.query),
  );
  r.post(
    '/api/service-systems',
    { schema: { operationId: 'sites.createSystem', tags, summary: '新增服务体系条目 Add an entry', body: serviceSystemCreate, response: { 200: serviceSystem } }, config: { access: 'sites:systems', action: 'sites.system-create' } },
    (req) => req.mutate((ctx) => svc.createSystem(ctx, req.body)),
  );
  r.patch(
    '/api/service-systems/:id',
    {
      schema: { operationId: 'sites.updateSystem', tags, summary: '修改、停用服务体系条目 Edit or deactivate an entry', params: serviceSystemParams, body: serviceSystemPatch, response: { 200: serviceSystem } },
      config: { access: 'sites:systems', action: 'sites.system-update' },
    },
    (req) => req.mutate((ctx) => svc.updateSystem(ctx, req.params.id, req.body)),
  );
  r.post(
    '/api/service-systems/:id/referrals',
    {
      schema: {
        operationId: 'sites.referToSystem',
        tags,
        summary: '转介到其他服务体系 An enterprise follows an entry, or an officer records sending an enterprise there',
        params: serviceSystemParams,
        body: serviceSystemReferralCreate,
        response: { 200: serviceSystemReferral },
      },
      config: { access: 'self', action: 'sites.system-referral' },
    },
    (req) => req.mutate((ctx) => svc.referToSystem(ctx, req.params.id, req.body)),
  );
  r.get(
    '/api/public/service-systems',
    { schema: { operationId: 'sites.publicSystems', tags, summary: '其他服务体系（公开） The public directory of other service systems', querystring: publicServiceSystemQuery, response: { 200: serviceSystemList } }, config: { access: 'public' } },
    async (req) => svc.publicSystems(req.ctx(), { ...req.query, regionCode: await resolvePublicRegion(req.ctx(), req.query.regionCode, req.hostname) }),
  );
}
