import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../platform/context.js';
import { healthRoutes } from './health.routes.js';

/** Liveness and the database's latency (`GET /api/health`, public). */
export function register(app: FastifyInstance, deps: Deps) {
  healthRoutes(app, deps);
}
