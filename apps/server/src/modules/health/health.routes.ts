import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { healthResponse } from '@shangmi/shared';
import { ping } from '../../db/client.js';
import { VERSION } from '../../config.js';
import type { Deps } from '../../platform/context.js';

export function healthRoutes(app: FastifyInstance, deps: Deps) {
  const version = VERSION;
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/health',
    { schema: { operationId: 'health.get', tags: ['health'], summary: '健康检查 Health', response: { 200: healthResponse, 503: healthResponse } }, config: { access: 'public' } },
    async (_req, reply) => {
      try {
        const latencyMs = await ping(deps.database);
        return { status: 'ok' as const, version, database: { ok: true, driver: deps.database.driver, latencyMs } };
      } catch {
        return reply.status(503).send({ status: 'degraded' as const, version, database: { ok: false, driver: deps.database.driver, latencyMs: null } });
      }
    },
  );
}
