import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../platform/context.js';
import { fundingRoutes } from './funding.routes.js';

/** 资金保障 (docs/funding.md): budget lines per year for the city, districts and parks; spending; execution rate. */
export function register(app: FastifyInstance, _deps: Deps) {
  fundingRoutes(app);
}
