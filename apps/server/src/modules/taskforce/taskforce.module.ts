import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../platform/context.js';
import { taskforceRoutes } from './taskforce.routes.js';

/**
 * 工作专班 and 联席会议 (docs/taskforce.md): member units, meetings and decisions, tasks on the workflow engine. Its due
 * dates are reminded by the engine's reminder scan (the overdue flag in the inbox): no job of its own.
 */
export function register(app: FastifyInstance, _deps: Deps) {
  taskforceRoutes(app);
}
