/**
 * The benchmark's server child: the real application (buildApp, as main.ts builds it, logger off) on a loopback port,
 * a bare Fastify hello-world beside it (the framework's floor), and an IPC side channel for the driver (run.ts):
 *   capture-start / capture-stop  record the SQL the application sends to the driver meanwhile (one request's worth)
 *   raw                           run a captured plan in a closed loop against this process's database handle
 * PGlite is single-process, so its raw-SQL reference has to run here, on the same instance the server uses.
 * Configuration comes from the environment, as for the server (DATABASE_URL or SHANGMI_DATA_DIR, SHANGMI_DB_POOL …).
 */
import path from 'node:path';
import Fastify from 'fastify';
import type { QueryConfig } from 'pg';
import { buildApp, VERSION } from '../apps/server/src/app.js';
import { loadConfig } from '../apps/server/src/config.js';
import { openDb, type Database } from '../apps/server/src/db/client.js';
import { closedLoop, pgQuery, rawUnit, type CapturedQuery, type ChildHello, type ChildReply, type ChildRequest } from './lib.js';

const config = loadConfig(process.env);
const database = await openDb({
  databaseUrl: config.databaseUrl,
  pgliteDir: config.databaseUrl ? undefined : path.join(config.dataDir, 'pglite'),
  poolSize: config.dbPool,
});

let recording: CapturedQuery[] | null = null;
const record = (text: string, params: unknown, rowMode: unknown, name?: unknown) => {
  recording?.push({
    text,
    params: Array.isArray(params) ? [...params] : [],
    ...(rowMode === 'array' ? { rowMode: 'array' as const } : {}),
    ...(typeof name === 'string' && name ? { name } : {}),
  });
};

// Statements in flight. When autocannon stops it drops its connections, but the server still finishes the requests
// it had accepted (with PGlite, a long queue of them); the driver waits for this to reach zero before it captures
// or measures anything, so one measurement's leftovers never land in the next.
let inFlight = 0;
let lastActivity = performance.now();
function track<T>(p: T): T {
  if (!(p instanceof Promise)) return p;
  inFlight++;
  lastActivity = performance.now();
  const done = () => {
    inFlight--;
    lastActivity = performance.now();
  };
  p.then(done, done);
  return p;
}

/** Resolves once no statement has been in flight for `quietMs`; returns how long that took. */
async function idle(quietMs: number, timeoutMs: number): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    const now = performance.now();
    if (inFlight === 0 && now - lastActivity >= quietMs) return Math.round(now - t0);
    if (now - t0 > timeoutMs) throw new Error(`server still busy after ${timeoutMs} ms (${inFlight} statements in flight)`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

// Tap the driver entry points: drizzle and the session lookup both go through pool.query / pglite.query.
if (database.pool) {
  const pool = database.pool;
  const orig = pool.query.bind(pool) as (...a: unknown[]) => unknown;
  (pool as unknown as { query: (...a: unknown[]) => unknown }).query = (...a: unknown[]) => {
    const [cfg, values] = a;
    if (recording) {
      if (typeof cfg === 'string') record(cfg, values, undefined);
      else {
        const c = cfg as QueryConfig & { rowMode?: string };
        record(c.text, values ?? c.values, c.rowMode, c.name);
      }
    }
    return track(orig(...a));
  };
} else if (database.pglite) {
  const pglite = database.pglite;
  const orig = pglite.query.bind(pglite) as (...a: unknown[]) => unknown;
  (pglite as unknown as { query: (...a: unknown[]) => unknown }).query = (...a: unknown[]) => {
    const [text, params, opts] = a as [string, unknown[] | undefined, { rowMode?: string } | undefined];
    if (recording) record(text, params, opts?.rowMode);
    return track(orig(...a));
  };
}

function exec(db: Database, q: CapturedQuery): Promise<unknown> {
  if (db.pglite) return db.pglite.query(q.text, q.params, q.rowMode ? { rowMode: q.rowMode } : undefined);
  return db.pool!.query(pgQuery(q));
}

const app = await buildApp({ config, database, logger: false });
await app.listen({ port: 0, host: '127.0.0.1' });
const bare = Fastify({ logger: false });
bare.get('/hello', async () => ({ hello: 'world' }));
await bare.listen({ port: 0, host: '127.0.0.1' });

const portOf = (addr: ReturnType<typeof app.server.address>) => (typeof addr === 'object' && addr ? addr.port : 0);

process.on('message', async (msg: ChildRequest) => {
  const reply = (r: ChildReply) => process.send!(r);
  try {
    switch (msg.cmd) {
      case 'idle':
        return reply({ id: msg.id, ok: true, result: await idle(msg.quietMs, msg.timeoutMs) });
      case 'capture-start':
        recording = [];
        return reply({ id: msg.id, ok: true, result: null });
      case 'capture-stop': {
        const got = recording ?? [];
        recording = null;
        return reply({ id: msg.id, ok: true, result: got });
      }
      case 'raw': {
        const summary = await closedLoop(
          rawUnit(msg.plan, (q) => exec(database, q)),
          { concurrency: msg.concurrency, warmupMs: msg.warmupMs, durationMs: msg.durationMs },
        );
        return reply({ id: msg.id, ok: true, result: summary });
      }
    }
  } catch (err) {
    reply({ id: msg.id, ok: false, error: err instanceof Error ? err.stack ?? err.message : String(err) });
  }
});

let closing = false;
async function shutdown() {
  if (closing) return;
  closing = true;
  await bare.close().catch(() => undefined);
  await app.close().catch(() => undefined);
  await database.close().catch(() => undefined);
  process.exit(0);
}
process.on('disconnect', () => void shutdown());
process.on('SIGTERM', () => void shutdown());

const hello: ChildHello = {
  ready: true,
  apiPort: portOf(app.server.address()),
  barePort: portOf(bare.server.address()),
  driver: database.driver,
  dbPool: config.dbPool,
  serverVersion: VERSION,
};
process.send!(hello);
