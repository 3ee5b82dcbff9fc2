import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../platform/context.js';
import { steeringRoutes } from './steering.routes.js';
import { reportRoutes } from './report.routes.js';

/** Steering (docs/steering.md): the indicators, the leadership picture and the annual report. No job: values are computed on read and kept 20 s (answered up to a minute old while a reload runs). */
export function register(app: FastifyInstance, _deps: Deps) {
  steeringRoutes(app);
  reportRoutes(app);
}
