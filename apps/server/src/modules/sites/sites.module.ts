import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../platform/context.js';
import { sitesRoutes } from './sites.routes.js';
import { followOrgMove, keepsOrgRecord } from './sites.service.js';
import { systemsRoutes } from './systems.routes.js';

/**
 * The protection network: bases, stations and points (docs/sites.md). A site is an organisation node: its record
 * follows a moved subtree, and its node's registry fields change only here.
 */
export function register(app: FastifyInstance, deps: Deps) {
  sitesRoutes(app);
  systemsRoutes(app);
  deps.hooks.on('orgs.subtreeMoved', followOrgMove);
  deps.hooks.on('orgs.recordKept', keepsOrgRecord);
}
