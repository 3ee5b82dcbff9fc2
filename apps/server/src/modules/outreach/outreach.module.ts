import type { FastifyInstance } from 'fastify';
import { systemCtx, type Deps } from '../../platform/context.js';
import { followOrgMove } from './moves.js';
import { outreachRoutes } from './outreach.routes.js';
import { announceDue } from './outreach.service.js';
import { outreachPublicRoutes } from './public.routes.js';

/** Advisory lock of the announcing job (one node at a time; the UPDATE … announced_at is null makes it once anyway). */
export const ANNOUNCE_LOCK = 0x6f757472;

/**
 * 宣传培训 (docs/outreach.md): trainings, events, articles on the engine, the public portal's API, subscriptions, the
 * year's counts. The job announces scheduled articles when their time comes (every minute at most).
 */
export function register(app: FastifyInstance, deps: Deps) {
  outreachRoutes(app);
  outreachPublicRoutes(app);
  deps.hooks.on('orgs.subtreeMoved', followOrgMove);
  // with the other time-based jobs (off where SHANGMI_REMINDER_INTERVAL_MS is 0: tests run it themselves); at least every minute
  const every = deps.config.reminderIntervalMs;
  if (every) deps.jobs.add({ name: 'outreach.announce', every: Math.min(every, 60_000), lock: ANNOUNCE_LOCK, run: ({ db, now }) => announceDue(systemCtx(deps, db, now)).then(() => undefined) });
}
