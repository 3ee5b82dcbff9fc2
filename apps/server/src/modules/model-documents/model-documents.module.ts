import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../platform/context.js';
import { modelDocumentsRoutes } from './model-documents.routes.js';
import { modelDocuments } from './model-documents.service.js';

/**
 * The public model-document library (docs/model-documents.md). A broken file in `config/model-documents/` stops the
 * start, naming the file and the path.
 */
export function register(app: FastifyInstance, _deps: Deps) {
  modelDocuments(); // read and validated now, not at the first request
  modelDocumentsRoutes(app);
}
