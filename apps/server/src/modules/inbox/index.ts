import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../platform/context.js';
import { moveWorkflowPaths } from '../../platform/workflow/index.js';
import { onOrgSubtreeMoved } from '../orgs/orgs.service.js';
import { addInboxJobs } from './inbox.jobs.js';
import { inboxRoutes } from './inbox.routes.js';

// the workflow engine keeps copies of organisation paths (who may act, the to-dos): they follow a moved subtree
onOrgSubtreeMoved((ctx, { oldPrefix, newPrefix }) => moveWorkflowPaths(ctx, oldPrefix, newPrefix));

/** The inbox module: its routes, and the node's outbox sender and workflow reminder scan (jobs). */
export function register(app: FastifyInstance, deps: Deps) {
  inboxRoutes(app);
  const channels = addInboxJobs(deps);
  app.addHook('onClose', async () => channels.email?.close?.());
}
