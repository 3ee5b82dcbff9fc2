import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../platform/context.js';
import { enterprisesRoutes } from './enterprises.routes.js';
import { followOrgMove, keepsOrgRecord, pendingRegistration } from './enterprises.service.js';
import { enterpriseImportsRoutes } from './imports.routes.js';

/**
 * The enterprise registry and its bulk import. An enterprise is an organisation node: its records follow a moved
 * subtree, and its node's registry fields change only here; a self-registered administrator's sign-in is told the
 * registration still waits for confirmation.
 */
export function register(app: FastifyInstance, deps: Deps) {
  enterprisesRoutes(app);
  enterpriseImportsRoutes(app);
  deps.hooks.on('orgs.subtreeMoved', followOrgMove);
  deps.hooks.on('orgs.recordKept', keepsOrgRecord);
  deps.hooks.on('auth.whyDisabled', pendingRegistration);
}
