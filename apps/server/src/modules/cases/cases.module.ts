import type { FastifyInstance } from 'fastify';
import { systemCtx, type Deps } from '../../platform/context.js';
import { casesRoutes } from './cases.routes.js';
import { referralRoutes } from './referrals.routes.js';
import { CASES_REMINDER_LOCK, runReminders } from './reminders.js';

/**
 * Complaints, reports and enforcement (docs/cases.md): the routes, and the reminders of the time limits through the inbox
 * (SHANGMI_REMINDER_INTERVAL_MS, hourly by default; 0 = none on this node), on whichever node takes the lock.
 */
export function register(app: FastifyInstance, deps: Deps) {
  casesRoutes(app);
  referralRoutes(app);
  if (deps.config.reminderIntervalMs) {
    deps.jobs.add({
      name: 'cases.reminders',
      every: deps.config.reminderIntervalMs,
      lock: CASES_REMINDER_LOCK,
      run: ({ db, now }) => runReminders(systemCtx(deps, db, now)),
    });
  }
}
