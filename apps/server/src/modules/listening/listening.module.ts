import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../platform/context.js';
import { listeningRoutes } from './listening.routes.js';
import { surveyRoutes } from './surveys.routes.js';
import { associationRoutes } from './associations.routes.js';
import { surveyTemplates } from './listening.service.js';

/**
 * 倾听企业 (docs/listening.md): visits, forums and interviews, the needs tracker (on the workflow engine: its due dates
 * are reminded by the engine's reminder scan, no job of its own), surveys. The survey templates are checked at start.
 */
export function register(app: FastifyInstance, _deps: Deps) {
  surveyTemplates();
  listeningRoutes(app);
  surveyRoutes(app);
  associationRoutes(app);
}
