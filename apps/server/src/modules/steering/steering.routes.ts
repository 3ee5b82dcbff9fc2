import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { cockpit, manualValue, manualValueList, manualValuePut, steeringQuery } from '@shangmi/shared';
import { actorCacheKey, sendCachedJson } from '../../platform/count-cache.js';
import * as svc from './steering.service.js';

const tags = ['steering'];

export function steeringRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/steering/cockpit',
    {
      schema: { operationId: 'steering.cockpit', tags, summary: '领导驾驶舱 The leadership picture: every indicator per year, quarter, district and month with its targets’ pace', querystring: steeringQuery, response: { 200: cockpit } },
      config: { access: 'steering:read' },
    },
    // one encoded answer per scope and query (forgotten on every local commit, a manual value's too): spares the scope
    // lookups and the encoding per request. Its key changes every ANSWER_MS, so an answer is never kept longer than that
    // past the figures it was cut from (themselves ≤ STALE_MS old): never more than a minute in all
    (req, reply) =>
      sendCachedJson(reply, `steering.cockpit|${Math.floor(Date.now() / svc.ANSWER_MS)}|${actorCacheKey(req)}|${JSON.stringify(req.query)}`, cockpit, () => svc.cockpitOf(req.ctx(), req.query)),
  );
  r.get(
    '/api/steering/manual',
    { schema: { operationId: 'steering.listManual', tags, summary: '手工填报指标 Manual indicator values', querystring: steeringQuery, response: { 200: manualValueList } }, config: { access: 'steering:read' } },
    (req) => svc.listManual(req.ctx(), req.query),
  );
  r.put(
    '/api/steering/manual',
    {
      schema: { operationId: 'steering.putManual', tags, summary: '填报手工指标（附证明材料） Enter a manual indicator value with its evidence', body: manualValuePut, response: { 200: manualValue } },
      config: { access: 'steering:manage', action: 'steering.putManual' },
    },
    (req) => req.mutate((ctx) => svc.putManual(ctx, req.body)),
  );
}
