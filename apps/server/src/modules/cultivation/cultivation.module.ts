import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../platform/context.js';
import { cultivationRoutes } from './cultivation.routes.js';
import { followEnterpriseMerge, followOrgMove } from './cultivation.service.js';

/**
 * The pilot cultivation list (docs/cultivation.md). Its coaching sites' paths follow a moved subtree; a merged
 * enterprise's entries move to the survivor.
 */
export function register(app: FastifyInstance, deps: Deps) {
  cultivationRoutes(app);
  deps.hooks.on('orgs.subtreeMoved', followOrgMove);
  deps.hooks.on('enterprises.merged', followEnterpriseMerge);
}
