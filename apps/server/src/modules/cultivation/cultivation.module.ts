import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../platform/context.js';
import { cultivationRoutes } from './cultivation.routes.js';
import { currentRules, followEnterpriseMerge, followOrgMove } from './cultivation.service.js';
import { readinessRoutes } from './readiness.routes.js';

/**
 * The pilot cultivation list (docs/cultivation.md). Its coaching sites' paths follow a moved subtree; a merged
 * enterprise's entries move to the survivor.
 */
export function register(app: FastifyInstance, deps: Deps) {
  cultivationRoutes(app);
  readinessRoutes(app);
  // the readiness rules are read (and checked) at start: a broken config/cultivation/readiness.json stops it here
  currentRules();
  deps.hooks.on('orgs.subtreeMoved', followOrgMove);
  deps.hooks.on('enterprises.merged', followEnterpriseMerge);
}
