import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../platform/context.js';
import { dictsRoutes } from './dicts.routes.js';

/** Dictionaries (reference data: kinds, industries …), public to read. */
export function register(app: FastifyInstance, _deps: Deps) {
  dictsRoutes(app);
}
