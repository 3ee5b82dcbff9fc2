import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../platform/context.js';
import { filesRoutes } from './files.routes.js';

/**
 * Uploads (content-addressed in the data folder) and downloads of one's own files; other modules link and serve them.
 */
export function register(app: FastifyInstance, _deps: Deps) {
  filesRoutes(app);
}
