import type { FastifyInstance } from 'fastify';
import { systemCtx, type Deps } from '../../platform/context.js';
import { casesRoutes } from './cases.routes.js';
import { LoggingChannel, REMINDERS_LOCK, runReminders, type ReminderChannel } from './reminders.js';

const HOUR = 3_600_000;

/**
 * Complaints, reports and enforcement (docs/cases.md): the routes, and the hourly reminders of the time limits
 * (each open clock at most once a day, on whichever node takes the lock).
 */
export function register(app: FastifyInstance, deps: Deps) {
  // a deployment adds its SMS gateway or mail relay here; the built-in channel writes to the application log
  const channels: ReminderChannel[] = [new LoggingChannel(deps.log)];
  casesRoutes(app, channels);
  deps.jobs.add({
    name: 'cases.reminders',
    every: HOUR,
    lock: REMINDERS_LOCK,
    run: ({ db, now }) => runReminders(systemCtx(deps, db, now), channels),
  });
}
