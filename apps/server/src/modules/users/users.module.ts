import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../platform/context.js';
import { usersRoutes } from './users.routes.js';
import { followOrgMove, orgMembers } from './users.service.js';

/**
 * User accounts. Users keep a copy of their organisation's path, so they follow a moved subtree; an organisation with
 * users cannot be deleted.
 */
export function register(app: FastifyInstance, deps: Deps) {
  usersRoutes(app);
  deps.hooks.on('orgs.subtreeMoved', followOrgMove);
  deps.hooks.on('orgs.references', orgMembers);
}
