import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../platform/context.js';
import { orgsRoutes } from './orgs.routes.js';

/**
 * The organisation tree. It sits below every other module: what they need from it (a moved subtree, a delete check,
 * the fields a registry keeps) they add through the `orgs.*` hooks in their own register().
 */
export function register(app: FastifyInstance, _deps: Deps) {
  orgsRoutes(app);
}
