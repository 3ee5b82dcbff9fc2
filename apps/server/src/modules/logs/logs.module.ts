import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../platform/context.js';
import { logsRoutes } from './logs.routes.js';

/** The operation log and the login log: lists and exports within the caller's scope. */
export function register(app: FastifyInstance, _deps: Deps) {
  logsRoutes(app);
}
