import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../platform/context.js';
import { assessmentsRoutes } from './assessments.routes.js';
import { followOrgMove } from './assessments.service.js';

/** Health checks (docs/assessments.md). Checks and campaigns keep organisation paths, which follow a moved subtree. */
export function register(app: FastifyInstance, deps: Deps) {
  assessmentsRoutes(app);
  deps.hooks.on('orgs.subtreeMoved', followOrgMove);
}
