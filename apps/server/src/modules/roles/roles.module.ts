import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../platform/context.js';
import { rolesRoutes } from './roles.routes.js';

/** Roles, their permissions and data scope, and the permission catalogue. */
export function register(app: FastifyInstance, _deps: Deps) {
  rolesRoutes(app);
}
