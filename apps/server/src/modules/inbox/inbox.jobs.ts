import { sql } from 'drizzle-orm';
import type { Deps } from '../../platform/context.js';
import { rowsOf } from '../../db/sql.js';
import { channelsFor, sendDueMessages, type Channels, type SenderOptions } from '../../platform/outbox.js';
import { remindWorkflowLimits } from '../../platform/workflow/index.js';

/** Advisory lock of the workflow reminder scan: one node at a time (the dedupe keys hold even without it). */
const REMINDER_LOCK = 7_310_801;

/** One pass of the outbox sender (every node may run it: rows are claimed with SKIP LOCKED). */
export function sendOutboxOnce(deps: Deps, channels: Channels, opts?: SenderOptions) {
  return sendDueMessages(deps, channels, opts);
}

/** One pass of the workflow time-limit reminders, in one transaction under the advisory lock (another node: skipped). */
export async function remindLimitsOnce(deps: Deps, now = new Date()): Promise<{ instances: number; notices: number; skipped?: true }> {
  return deps.database.db.transaction(async (tx) => {
    const [got] = rowsOf<{ ok: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(${REMINDER_LOCK}) as ok`));
    if (!got?.ok) return { instances: 0, notices: 0, skipped: true as const };
    return remindWorkflowLimits(tx, deps.config, now);
  });
}

/**
 * The inbox's background work on this node: the outbox sender (SHANGMI_OUTBOX_INTERVAL_MS) and the workflow reminder
 * scan (SHANGMI_REMINDER_INTERVAL_MS); 0 turns either off. Stopped by the returned function (the app's onClose).
 */
export function startInboxJobs(deps: Deps): () => Promise<void> {
  const channels = channelsFor(deps.config, deps.log);
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  const every = (ms: number, name: string, fn: () => Promise<unknown>) => {
    if (!ms) return;
    let busy = false;
    const t = setInterval(() => {
      if (busy) return;
      busy = true;
      const p = fn()
        .catch((err: unknown) => deps.log.error({ err, job: name }, `${name} failed`))
        .finally(() => {
          busy = false;
          running.delete(p);
        });
      running.add(p);
    }, ms);
    t.unref();
    timers.push(t);
  };
  every(deps.config.outboxIntervalMs, 'outbox', () => sendOutboxOnce(deps, channels));
  every(deps.config.reminderIntervalMs, 'workflow-reminders', () => remindLimitsOnce(deps));
  return async () => {
    timers.forEach(clearInterval);
    await Promise.allSettled([...running]);
    channels.email?.close?.();
  };
}
