import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../platform/context.js';
import { moveWorkflowPaths } from '../../platform/workflow/index.js';
import { addInboxJobs } from './inbox.jobs.js';
import { inboxRoutes } from './inbox.routes.js';

/**
 * The inbox (docs/workflows.md): its routes, the node's outbox sender and the workflow reminder scan (jobs). The workflow
 * engine keeps copies of organisation paths (who may act, the to-dos): they follow a moved subtree.
 */
export function register(app: FastifyInstance, deps: Deps) {
  inboxRoutes(app);
  deps.hooks.on('orgs.subtreeMoved', (ctx, { oldPrefix, newPrefix }) => moveWorkflowPaths(ctx, oldPrefix, newPrefix));
  const channels = addInboxJobs(deps);
  app.addHook('onClose', async () => channels.email?.close?.());
}
