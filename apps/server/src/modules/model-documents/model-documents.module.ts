import type { FastifyInstance } from 'fastify';
import type { Ctx, Deps } from '../../platform/context.js';
import { modelDocumentsRoutes } from './model-documents.routes.js';
import { modelDocuments } from './model-documents.service.js';

/** A new version of a model text was published (by the city; `regionCode` its region, null for a platform-wide one). */
export type ModelDocumentVersionPublished = { slug: string; title: { zh: string; en: string }; version: string; date: string; regionCode: string | null };

declare module '../../platform/hooks.js' {
  interface HookMap {
    'modelDocuments.versionPublished': (ctx: Ctx, v: ModelDocumentVersionPublished) => Promise<void>;
  }
}

/**
 * The public model-document library (docs/model-documents.md). A broken file in `config/model-documents/` stops the
 * start, naming the file and the path.
 */
export function register(app: FastifyInstance, _deps: Deps) {
  modelDocuments(); // read and validated now, not at the first request
  modelDocumentsRoutes(app);
}
