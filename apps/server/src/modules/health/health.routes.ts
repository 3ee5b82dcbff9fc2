import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { healthResponse } from '@shangmi/shared';
import { VERSION } from '../../config.js';
import { ping } from '../../db/client.js';
import type { Deps } from '../../platform/context.js';
import { status as logStatus } from '../proofs/log.service.js';

export function healthRoutes(app: FastifyInstance, deps: Deps) {
  const version = VERSION;
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/health',
    { schema: { operationId: 'health.get', tags: ['health'], summary: '健康检查 Health', response: { 200: healthResponse, 503: healthResponse } }, config: { access: 'public' } },
    async (_req, reply) => {
      try {
        const latencyMs = await ping(deps.database);
        const log = await logStatus(deps.database.db);
        // a halted log is degraded service, not a dead node: 200, so a load balancer keeps the node (the rest works)
        return {
          status: log.halted ? ('degraded' as const) : ('ok' as const),
          version,
          database: { ok: true, driver: deps.database.driver, latencyMs },
          proofLog: { ok: !log.halted, size: log.size, halted: log.halted, haltedAt: log.haltedAt },
        };
      } catch {
        return reply.status(503).send({ status: 'degraded' as const, version, database: { ok: false, driver: deps.database.driver, latencyMs: null }, proofLog: null });
      }
    },
  );
}
