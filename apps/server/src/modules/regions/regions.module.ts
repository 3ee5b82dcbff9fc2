import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../platform/context.js';
import { regionsRoutes } from './regions.routes.js';

/** Regions, their districts and parks (configuration in `config/regions/`, then edited here), and the district maps. */
export function register(app: FastifyInstance, _deps: Deps) {
  regionsRoutes(app);
}
