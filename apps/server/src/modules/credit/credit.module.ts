import type { FastifyInstance } from 'fastify';
import type { Ctx, Deps } from '../../platform/context.js';
import { creditRoutes } from './credit.routes.js';
import { endTerms, TERMS_LOCK } from './credit.service.js';
import { creditListRoutes } from './list.routes.js';
import { creditPublicRoutes } from './public.routes.js';

const HOUR = 3_600_000;

/** The context of work no request asked for (the job): no actor, the job's transaction and clock. */
const jobCtx = (deps: Deps, db: Ctx['db'], now: Date): Ctx => ({ db, actor: null, now, locale: 'zh-CN', deps, audit: {}, ip: null, userAgent: null });

/**
 * 信用联合惩戒 (docs/credit.md): the routes, and the hourly job that ends publications and listings whose term is over
 * (one node at a time, by the jobs service's advisory lock).
 */
export function register(app: FastifyInstance, deps: Deps) {
  creditRoutes(app);
  creditListRoutes(app);
  creditPublicRoutes(app);
  deps.jobs.add({ name: 'credit.terms', every: HOUR, lock: TERMS_LOCK, runAtStart: true, run: ({ db, now }) => endTerms(jobCtx(deps, db, now)) });
}
