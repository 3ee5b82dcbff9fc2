import type { Deps } from '../../platform/context.js';
import { tryAdvisoryXactLock } from '../../platform/jobs.js';
import { channelsFor, sendDueMessages, type Channels, type SenderOptions } from '../../platform/outbox.js';
import { remindWorkflowLimits } from '../../platform/workflow/index.js';

/** Advisory lock of the workflow reminder scan: one node at a time (the notices' dedupe keys hold even without it). */
export const REMINDER_LOCK = 7_310_801;

/** One pass of the outbox sender (every node may run it: rows are claimed with SKIP LOCKED). */
export function sendOutboxOnce(deps: Pick<Deps, 'database' | 'sealer' | 'log' | 'config'>, channels: Channels, opts?: SenderOptions) {
  return sendDueMessages(deps, channels, opts);
}

/** One pass of the workflow time-limit reminders, in one transaction under the advisory lock (another node: skipped). */
export async function remindLimitsOnce(deps: Pick<Deps, 'database' | 'config'>, now = new Date()): Promise<{ instances: number; notices: number; skipped?: true }> {
  return deps.database.db.transaction(async (tx) => {
    if (!(await tryAdvisoryXactLock(tx, REMINDER_LOCK))) return { instances: 0, notices: 0, skipped: true as const };
    return remindWorkflowLimits(tx, deps.config, now);
  });
}

/**
 * The inbox's background work on this node, through the jobs service: the outbox sender (SHANGMI_OUTBOX_INTERVAL_MS;
 * every node, rows claimed with SKIP LOCKED) and the workflow reminder scan (SHANGMI_REMINDER_INTERVAL_MS; one node, the
 * jobs service's advisory lock). 0 leaves either off on this node.
 */
export function addInboxJobs(deps: Deps): Channels {
  const channels = channelsFor(deps.config, deps.log);
  if (deps.config.outboxIntervalMs) {
    deps.jobs.add({ name: 'inbox.outbox', every: deps.config.outboxIntervalMs, run: () => sendOutboxOnce(deps, channels) });
  }
  if (deps.config.reminderIntervalMs) {
    deps.jobs.add({ name: 'inbox.workflow-reminders', every: deps.config.reminderIntervalMs, lock: REMINDER_LOCK, run: (job) => remindWorkflowLimits(job.db, deps.config, job.now) });
  }
  return channels;
}
