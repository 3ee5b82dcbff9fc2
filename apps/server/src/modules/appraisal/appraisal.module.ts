import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../platform/context.js';
import { appraisalRoutes } from './appraisal.routes.js';

/** 考核 (docs/appraisal.md): the yearly scheme as data, a round per region and year, a sheet per district on the engine. No job. */
export function register(app: FastifyInstance, _deps: Deps) {
  appraisalRoutes(app);
}
