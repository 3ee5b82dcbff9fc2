import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../platform/context.js';
import { grantsRoutes } from './grants.routes.js';
import { peopleRoutes } from './people.routes.js';
import { protectionRoutes } from './protection.routes.js';
import { rules, templateSpecs } from './protection.service.js';

/**
 * The enterprise's protection file (docs/protection.md): the register, measures and readiness, people, notices and
 * their public acknowledgement link, access grants, templates and the litigation pack. Reviews run on the workflow
 * engine (review.ts), whose reminder scan tells the enterprise's keepers when a review falls due.
 */
export function register(app: FastifyInstance, _deps: Deps) {
  // a broken rules or templates file stops the start, naming what to fix
  rules();
  templateSpecs();
  protectionRoutes(app);
  peopleRoutes(app);
  grantsRoutes(app);
}
