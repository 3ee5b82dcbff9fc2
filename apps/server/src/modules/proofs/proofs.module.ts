import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../platform/context.js';
import { integrate } from './log.service.js';
import { loadLogKeys, type LogKeys } from './node-crypto.js';
import { proofsRoutes } from './proofs.routes.js';

/** idle, the stored log is re-checked every 10 s rather than every tick (each check re-hashes up to 4,096 entries) */
const IDLE_CHECK_MS = 10_000;

/**
 * Existence proofs (docs/proofs.md): the routes, and the integrator that appends pending deposits to the log and signs
 * checkpoints every SHANGMI_LOG_INTERVAL_MS on each node where it is > 0 (one node at a time: `integrate` takes its
 * advisory lock itself, because a failed check halts the log in a second transaction after the first rolled back).
 */
export function register(app: FastifyInstance, deps: Deps) {
  const origin = deps.config.logOrigin;
  let keys: LogKeys | undefined;
  const logKeys = () => (keys ??= loadLogKeys(deps.config.dataDir, origin));
  proofsRoutes(app, deps, { origin, keys: logKeys });
  app.addHook('onReady', async () => void logKeys()); // the key exists from the first start on

  if (deps.config.logIntervalMs > 0) {
    let lastCheck = 0;
    deps.jobs.add({
      name: 'proofs.integrate',
      // one start every interval: a long integration (a big batch) is followed at once by the next
      every: deps.config.logIntervalMs,
      runAtStart: true,
      run: ({ database }) => {
        const started = performance.now();
        const skipIdle = started - lastCheck < IDLE_CHECK_MS;
        if (!skipIdle) lastCheck = started;
        return integrate(database, logKeys(), origin, undefined, { skipIdle, anchorEveryMs: deps.config.auditAnchorMs, notices: deps.config });
      },
    });
  }
}
