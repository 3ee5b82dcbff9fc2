/**
 * The login-flood benchmark's server child (bench/login-flood.ts): the real application (buildApp, as main.ts builds
 * it, logger off) on a loopback port, with the sign-in protections switched as the driver asks (BENCH_LOGIN_MODE):
 *   none   — as before issue 21: no per-address limit, no back-off, every hash handed straight to libuv's threadpool
 *   queue  — the fair hashing queue only
 *   limits — the per-address limit and the back-off only (hashes unqueued)
 *   all    — everything, as shipped
 * It reports the event loop's delay (perf_hooks) over IPC when asked.
 */
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { buildApp } from '../apps/server/src/app.js';
import { loadConfig, type Config } from '../apps/server/src/config.js';
import { openDb } from '../apps/server/src/db/client.js';

const mode = process.env.BENCH_LOGIN_MODE ?? 'all';
const base = loadConfig(process.env);
const off: Partial<Config> = {};
if (mode === 'none' || mode === 'limits') off.hashQueue = { concurrency: 100_000, perKey: 100_000, total: 100_000, reserved: 0 };
if (mode === 'none' || mode === 'queue') {
  off.rateLimits = base.rateLimits && { ...base.rateLimits, login: { limit: 1_000_000_000, windowMs: 60_000 } };
  off.loginGuard = { ...base.loginGuard, freeFailures: 1_000_000_000, lockDistinctIps: 1_000_000_000 };
}
const config = loadConfig(process.env, off);
const database = await openDb({
  databaseUrl: config.databaseUrl,
  pgliteDir: config.databaseUrl ? undefined : path.join(config.dataDir, 'pglite'),
  poolSize: config.dbPool,
});
const app = await buildApp({ config, database, logger: false });
await app.listen({ port: 0, host: '127.0.0.1' });
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
process.on('message', (msg: { type: 'delay-reset' | 'delay' | 'stop' }) => {
  if (msg.type === 'delay-reset') {
    delay.reset();
    process.send!({ type: 'ok' });
  } else if (msg.type === 'delay') {
    process.send!({ type: 'delay', p50: delay.percentile(50) / 1e6, p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 });
  } else if (msg.type === 'stop') {
    void app.close().then(() => database.close()).then(() => process.exit(0));
  }
});
process.send!({ type: 'ready', port: (app.server.address() as { port: number }).port, mode, hashConcurrency: config.hashQueue.concurrency, threadpool: process.env.UV_THREADPOOL_SIZE ?? '4' });
