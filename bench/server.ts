/**
 * The benchmark's server child: the real application (buildApp, as main.ts builds it; logger at info unless BENCH_FAST=1) on a loopback port,
 * a bare Fastify hello-world beside it (the framework's floor), and an IPC side channel for the driver (run.ts):
 *   capture-start / capture-stop  record the SQL the application sends to the driver meanwhile (one request's worth,
 *                                 with when each statement was issued and answered; transactions included)
 *   raw                           run a captured plan in a closed loop against this process's database handle
 *   replay-tx                     replay kept statements (a bulk import's writes) in a transaction rolled back
 * PGlite is single-process, so its raw-SQL reference has to run here, on the same instance the server uses.
 * Configuration comes from the environment, as for the server (DATABASE_URL or SHANGMI_DATA_DIR, SHANGMI_DB_POOL …).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import type pg from 'pg';
import type { QueryConfig } from 'pg';
import { buildApp, VERSION } from '../apps/server/src/app.js';
import { loadConfig } from '../apps/server/src/config.js';
import { openDb, type Database } from '../apps/server/src/db/client.js';
import { forgetCounts } from '../apps/server/src/platform/count-cache.js';
import { writeXlsx } from '../apps/server/src/modules/credit/exports.js';
import { DOUBLE_PUBLICITY_COLUMNS } from '@shangmi/shared';
import {
  alone,
  closedLoop,
  pgQuery,
  rawUnit,
  type CapturedQuery,
  type CaptureSummary,
  type ChildHello,
  type ChildReply,
  type ChildRequest,
  type ReplayResult,
  AS_DEPLOYED,
} from './lib.js';

const config = loadConfig(process.env);
const database = await openDb({
  databaseUrl: config.databaseUrl,
  pgliteDir: config.databaseUrl ? undefined : path.join(config.dataDir, 'pglite'),
  poolSize: config.dbPool,
});

let recording: CapturedQuery[] | null = null;
/** the last capture stopped with `keep` */
let kept: CapturedQuery[] = [];
const record = (text: string, params: unknown, rowMode: unknown, name?: unknown): CapturedQuery | null => {
  if (!recording) return null;
  const q: CapturedQuery = {
    text,
    params: Array.isArray(params) ? [...params] : [],
    ...(rowMode === 'array' ? { rowMode: 'array' as const } : {}),
    ...(typeof name === 'string' && name ? { name } : {}),
    startedAt: performance.now(),
  };
  recording.push(q);
  return q;
};

// Statements in flight. When autocannon stops it drops its connections, but the server still finishes the requests
// it had accepted (with PGlite, a long queue of them); the driver waits for this to reach zero before it captures
// or measures anything, so one measurement's leftovers never land in the next.
let inFlight = 0;
let lastActivity = performance.now();
function track<T>(p: T, q: CapturedQuery | null): T {
  if (!(p instanceof Promise)) return p;
  inFlight++;
  lastActivity = performance.now();
  const done = () => {
    inFlight--;
    lastActivity = performance.now();
    if (q) q.endedAt = lastActivity;
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

// Tap the driver entry points: drizzle and the session lookup go through pool.query / pglite.query, and a transaction
// through the client it checked out (node-postgres: pool.connect(); PGlite: the object pglite.transaction() hands out).
type QueryFn = (...a: unknown[]) => unknown;
const tapPg = (orig: QueryFn): QueryFn => (...a) => {
  const [cfg, values] = a;
  let q: CapturedQuery | null = null;
  if (typeof cfg === 'string') q = record(cfg, values, undefined);
  else {
    const c = cfg as QueryConfig & { rowMode?: string };
    q = record(c.text, values ?? c.values, c.rowMode, c.name);
  }
  return track(orig(...a), q);
};
const tapPglite = (orig: QueryFn): QueryFn => (...a) => {
  const [text, params, opts] = a as [string, unknown[] | undefined, { rowMode?: string } | undefined];
  return track(orig(...a), record(text, params, opts?.rowMode));
};
if (database.pool) {
  const pool = database.pool as unknown as { query: QueryFn; connect: (...a: unknown[]) => unknown };
  pool.query = tapPg(pool.query.bind(pool));
  const connect = pool.connect.bind(pool);
  pool.connect = (...a: unknown[]) => {
    // pool.query checks a client out with a callback: its statement is tapped above already
    if (a.length) return connect(...a);
    return (connect() as Promise<pg.PoolClient>).then((client) => {
      const c = client as unknown as { query: QueryFn; release: (...r: unknown[]) => unknown };
      const release = c.release;
      c.query = tapPg(client.query.bind(client) as QueryFn);
      c.release = (...r: unknown[]) => {
        delete (c as Partial<typeof c>).query; // back to the prototype's
        c.release = release;
        return release.apply(client, r);
      };
      return client;
    });
  };
} else if (database.pglite) {
  const pglite = database.pglite as unknown as { query: QueryFn; transaction: (cb: (tx: { query: QueryFn }) => unknown) => unknown };
  pglite.query = tapPglite(pglite.query.bind(pglite));
  const transaction = pglite.transaction.bind(pglite);
  pglite.transaction = (cb) =>
    transaction((tx) => {
      tx.query = tapPglite(tx.query.bind(tx));
      return cb(tx);
    });
}

const summarizeCapture = (qs: CapturedQuery[]): CaptureSummary => {
  const kinds = new Map<string, number>();
  const timeline: CaptureSummary['timeline'] = [];
  for (const q of qs) {
    const text = q.text.replace(/\s+/g, ' ').trim();
    const head = text.slice(0, 60);
    kinds.set(head, (kinds.get(head) ?? 0) + 1);
    timeline.push({ text: text.slice(0, 1000), startedAt: q.startedAt ?? NaN, endedAt: q.endedAt ?? NaN });
  }
  return { statements: qs.length, kinds: [...kinds].map(([head, count]) => ({ head, count })), timeline };
};

/** Kept statements matching `match`, replayed in order inside a transaction that is rolled back; `before` runs first. */
async function replayTx(before: string[], match: string): Promise<ReplayResult> {
  const re = new RegExp(match, 'i');
  const todo = kept.filter((q) => re.test(q.text));
  const run = async (exec: (q: CapturedQuery) => Promise<number>, raw: (text: string) => Promise<unknown>): Promise<ReplayResult> => {
    for (const b of before) await raw(b);
    let rows = 0;
    const t = performance.now();
    for (const q of todo) rows += await exec(q);
    return { ms: performance.now() - t, statements: todo.length, rows };
  };
  if (database.pglite) {
    let result: ReplayResult | undefined;
    await database.pglite.transaction(async (tx) => {
      result = await run(
        async (q) => (await tx.query(q.text, q.params, q.rowMode ? { rowMode: q.rowMode } : undefined)).rows.length,
        (text) => tx.exec(text),
      );
      await tx.rollback();
    });
    return result!;
  }
  const client = await database.pool!.connect();
  try {
    await client.query('begin');
    const result = await run(
      async (q) => (await client.query(pgQuery(q))).rows.length,
      (text) => client.query(text),
    );
    await client.query('rollback');
    return result;
  } finally {
    client.release();
  }
}

function exec(db: Database, q: CapturedQuery): Promise<unknown> {
  if (db.pglite) return db.pglite.query(q.text, q.params, q.rowMode ? { rowMode: q.rowMode } : undefined);
  return db.pool!.query(pgQuery(q));
}

/**
 * The reference of the credit export: its XLSX writer (writeXlsx) alone, on 双公示 rows made in memory like the
 * benchmark's seeded records, into a sink that drops the bytes. Same process as the server, so its RSS compares.
 */
async function xlsxAlone(rows: number): Promise<{ ms: number; bytes: number }> {
  const header = DOUBLE_PUBLICITY_COLUMNS.map((c) => c.zh);
  let bytes = 0;
  const sink = new Writable({ write: (chunk: Buffer, _enc, cb) => ((bytes += chunk.length), cb()) });
  async function* batches() {
    for (let from = 1; from <= rows; from += 2000) {
      const batch: unknown[][] = [];
      for (let g = from; g < Math.min(rows + 1, from + 2000); g++) {
        batch.push([`宁夏晨曦精细化工有限公司${g % 2400}`, `916401BNC${String(g).padStart(9, '0')}`, '', `银市监处罚〔2025〕${g}号`, '侵犯商业秘密',
          '当事人以不正当手段获取并使用权利人的经营信息。', '《中华人民共和国反不正当竞争法》第二十一条', '罚款', '罚款', String(10 + (g % 90)), '0', '',
          '2025-06-01', '', '2028-06-11', '银川市市场监督管理局', '11640100MB0000000', '银川市市场监督管理局', '11640100MB0000000', ''].slice(0, header.length));
      }
      yield batch;
      await new Promise((r) => setImmediate(r)); // as the export yields to the event loop between its reads
    }
  }
  const t = performance.now();
  await writeXlsx(sink, header, batches());
  await new Promise<void>((r) => (sink.writableFinished ? r() : sink.once('finish', () => r())));
  return { ms: performance.now() - t, bytes };
}

// as deployed: the logger at its default level, its lines made and written (to /dev/null) for every request
const app = await buildApp({
  config,
  database,
  logger: AS_DEPLOYED ? { level: 'info', redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]'], stream: fs.createWriteStream('/dev/null') } : false,
});
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
      case 'forget-caches':
        forgetCounts();
        return reply({ id: msg.id, ok: true, result: null });
      case 'capture-stop': {
        const got = recording ?? [];
        recording = null;
        if (!msg.keep) return reply({ id: msg.id, ok: true, result: got });
        kept = got;
        return reply({ id: msg.id, ok: true, result: summarizeCapture(got) });
      }
      case 'replay-tx':
        return reply({ id: msg.id, ok: true, result: await replayTx(msg.before, msg.match) });
      case 'raw-alone':
        return reply({ id: msg.id, ok: true, result: await alone(rawUnit(msg.plan, (q) => exec(database, q))) });
      case 'query':
        return reply({ id: msg.id, ok: true, result: await database.query(msg.text, msg.params ?? []) });
      case 'memory': {
        const gc = (globalThis as { gc?: () => void }).gc;
        if (msg.gc && gc) gc();
        return reply({ id: msg.id, ok: true, result: process.memoryUsage() });
      }
      case 'xlsx-alone':
        return reply({ id: msg.id, ok: true, result: await xlsxAlone(msg.rows) });
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
