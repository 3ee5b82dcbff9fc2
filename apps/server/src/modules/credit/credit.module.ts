import type { FastifyInstance } from 'fastify';
import { systemCtx, type Deps } from '../../platform/context.js';
import { creditRoutes } from './credit.routes.js';
import { endTerms, TERMS_LOCK } from './credit.service.js';
import { creditListRoutes } from './list.routes.js';
import { creditPublicRoutes } from './public.routes.js';

/**
 * 信用联合惩戒 (docs/credit.md): the routes, and the job that ends publications and listings whose term is over, with the
 * other time-limit jobs (every SHANGMI_REMINDER_INTERVAL_MS, hourly by default; 0 = none on this node), one node at a time
 * by the jobs service's advisory lock. The public page does not wait for it: it hides a term ended since the last run.
 */
export function register(app: FastifyInstance, deps: Deps) {
  creditRoutes(app);
  creditListRoutes(app);
  creditPublicRoutes(app);
  if (deps.config.reminderIntervalMs) {
    deps.jobs.add({ name: 'credit.terms', every: deps.config.reminderIntervalMs, lock: TERMS_LOCK, runAtStart: true, run: ({ db, now }) => endTerms(systemCtx(deps, db, now)) });
  }
}
