import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../platform/context.js';
import { homeRoutes } from './home.routes.js';

/** The home page's to-dos: counted by each module's own list within the caller's scope. */
export function register(app: FastifyInstance, _deps: Deps) {
  homeRoutes(app);
}
