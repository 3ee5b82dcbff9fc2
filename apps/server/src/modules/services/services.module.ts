import type { FastifyInstance } from 'fastify';
import { systemCtx, type Deps } from '../../platform/context.js';
import { ledgerFromActivity } from './ledger.js';
import { ledgerRoutes } from './ledger.routes.js';
import { servicesRoutes } from './services.routes.js';
import { consultationRoutes } from './consultations.routes.js';
import { ESCALATE_LOCK, escalateOverdue, remindQualifications, rescoreCandidates } from './services.service.js';

/**
 * Services (docs/services.md): the routes, and the timed work with the other time-limit jobs (every
 * SHANGMI_REMINDER_INTERVAL_MS; 0 = none on this node), one node at a time by the advisory lock: requests not accepted
 * within their limit escalate to the district, and providers hear of a qualification about to expire.
 */
export function register(app: FastifyInstance, deps: Deps) {
  servicesRoutes(app);
  ledgerRoutes(app);
  consultationRoutes(app);
  // trainings and publicity events held by a site or provider (outreach) are rows of its ledger
  deps.hooks.on('outreach.activityHeld', ledgerFromActivity);
  if (deps.config.reminderIntervalMs) {
    deps.jobs.add({
      name: 'services.escalate',
      every: deps.config.reminderIntervalMs,
      lock: ESCALATE_LOCK,
      run: async ({ db, now }) => {
        const ctx = systemCtx(deps, db, now);
        await escalateOverdue(ctx);
        await remindQualifications(ctx);
        // the suggestion's stored scores follow the rules' weights if config/services/rules.json changed
        await rescoreCandidates(ctx);
      },
    });
  }
}
