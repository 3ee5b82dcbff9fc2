import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { cultivationIntention, cultivationReadiness, idParams } from '@shangmi/shared';
import * as svc from './cultivation.service.js';

/** Cultivation criteria (issue 24 item 3): why an entry is (not) ready for its next stage, and the willingness on file. */
export function readinessRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['cultivation'];

  r.get(
    '/api/cultivation/:id/readiness',
    {
      schema: { operationId: 'cultivation.readiness', tags, summary: '培育条件 Readiness for the next stage, rule by rule, with the latest health check and its gaps', params: idParams, response: { 200: cultivationReadiness } },
      config: { access: 'cultivation:read' },
    },
    (req) => svc.entryReadiness(req.ctx(), req.params.id),
  );
  r.put(
    '/api/cultivation/:id/intention',
    {
      schema: { operationId: 'cultivation.setIntention', tags, summary: '登记培育意向 Record the signed intention (date) or take it back', params: idParams, body: cultivationIntention, response: { 200: cultivationReadiness } },
      config: { access: 'cultivation:manage', action: 'cultivation.intention' },
    },
    (req) => req.mutate((ctx) => svc.setIntention(ctx, req.params.id, req.body)),
  );
}
