/**
 * `npm run bench`: the scoped user list at scale, on PostgreSQL and on PGlite, against the same SQL issued directly.
 *
 * For each backend: a fresh database (a throwaway PostgreSQL 15 cluster / a temp PGlite folder), migrated and seeded
 * with `seedScale` (100,000 users by default), the real server started in a child process (bench/server.ts), the
 * benchmark accounts signed in, then for every scenario autocannon (50 connections) against the API and a closed
 * loop of the very statements that request sent to the database (captured from the server's driver), at the same
 * concurrency. One table: throughput, p50/p95/p99, and API p95 ÷ raw SQL p95. See bench/README.md.
 *
 * Options: --users N  --duration S  --warmup S  --connections C  --backends postgres,pglite  --seed S  --q TEXT
 *          --db-pool N (the server's SHANGMI_DB_POOL; default the server's own default)  --out FILE  --no-write
 */
import { fork, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { BENCH_ACCOUNTS, BENCH_PASSWORD, seedScale, type SeedScaleResult } from '../apps/server/src/cli/seed-scale.js';
import { openDb } from '../apps/server/src/db/client.js';
import { startPgCluster, type PgCluster } from '../apps/server/test/pg-cluster.js';
import { cpuBetween, parentPid, sampleCpu, withCpu, type CpuUse } from './cpu.js';
import {
  closedLoop,
  pgQuery,
  planOf,
  rawUnit,
  summarize,
  type CapturedQuery,
  type ChildHello,
  type ChildReply,
  type ChildRequest,
  type LatencySummary,
  type RawPlan,
} from './lib.js';

const ROOT = path.resolve(import.meta.dirname, '..');
type Backend = 'postgres' | 'pglite';

interface Options {
  users: number;
  durationS: number;
  warmupS: number;
  connections: number;
  backends: Backend[];
  seed: number;
  q: string;
  dbPool?: number;
  out: string | null;
  districtDeepPage: number;
  cityDeepPage: number;
  pageSize: number;
}

function parseOptions(argv: string[]): Options {
  const o: Options = {
    users: 100_000,
    durationS: 10,
    warmupS: 2,
    connections: 50,
    backends: ['postgres', 'pglite'],
    seed: 42,
    q: 'zhang',
    out: path.join(ROOT, 'bench/results/latest.md'),
    districtDeepPage: 100,
    cityDeepPage: 2000,
    pageSize: 20,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const num = () => {
      const v = Number(value().replace(/[_,]/g, ''));
      if (!Number.isFinite(v) || v <= 0) throw new Error(`${flag} needs a positive number`);
      return v;
    };
    switch (flag) {
      case '--users':
        o.users = Math.round(num());
        break;
      case '--duration':
        o.durationS = num();
        break;
      case '--warmup':
        o.warmupS = Number(value());
        break;
      case '--connections':
        o.connections = Math.round(num());
        break;
      case '--backends':
      case '--backend': {
        const list = value().split(',').map((s) => s.trim()) as Backend[];
        for (const b of list) if (b !== 'postgres' && b !== 'pglite') throw new Error(`unknown backend ${b} (postgres, pglite)`);
        o.backends = list;
        break;
      }
      case '--seed':
        o.seed = Math.round(num());
        break;
      case '--q':
        o.q = value();
        break;
      case '--db-pool':
        o.dbPool = Math.round(num());
        break;
      case '--out':
        o.out = path.resolve(value());
        break;
      case '--no-write':
        o.out = null;
        break;
      case '--help':
      case '-h':
        console.log(
          'npm run bench -- [--users N] [--duration S] [--warmup S] [--connections C] [--backends postgres,pglite] [--seed S] [--q TEXT] [--db-pool N] [--out FILE | --no-write]',
        );
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${a} (--help lists them)`);
    }
  }
  return o;
}

/** What to undo if the run is interrupted (Ctrl-C): each entry is synchronous or best effort. */
const cleanups = new Set<() => void>();
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    console.error(`\n[bench] ${sig}: cleaning up`);
    for (const c of cleanups) {
      try {
        c();
      } catch {
        // keep going: the rest still needs undoing
      }
    }
    process.exit(130);
  });
}

const ms = (v: number | null) => (typeof v === 'number' && Number.isFinite(v) ? (v < 10 ? v.toFixed(2) : v.toFixed(1)) : '—');
const rate = (v: number | null) => (typeof v === 'number' && Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : '—');

const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

// ---------------------------------------------------------------- the server child

class Child {
  private nextId = 1;
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  exited: Promise<void>;

  private constructor(
    readonly proc: ChildProcess,
    readonly hello: ChildHello,
  ) {
    proc.on('message', (m: ChildReply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.result);
      else p.reject(new Error(`server child: ${m.error}`));
    });
    this.exited = new Promise((resolve) => proc.once('exit', () => resolve()));
    proc.once('exit', (code) => {
      for (const p of this.pending.values()) p.reject(new Error(`server child exited (${code})`));
      this.pending.clear();
    });
  }

  static async start(env: NodeJS.ProcessEnv): Promise<Child> {
    const proc = fork(path.join(ROOT, 'bench/server.ts'), [], {
      cwd: ROOT,
      env,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const hello = await new Promise<ChildHello>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`server child exited before it was ready (${code})`));
      proc.once('exit', onExit);
      proc.once('message', (m: ChildHello) => {
        proc.off('exit', onExit);
        resolve(m);
      });
    });
    return new Child(proc, hello);
  }

  call<T>(req: ChildRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.proc.send({ ...req, id } as ChildRequest);
    });
  }

  async stop() {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    this.proc.disconnect();
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------- HTTP

async function login(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: BENCH_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: HTTP ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('shangmi_sid='));
  if (!cookie) throw new Error(`login ${username}: no session cookie`);
  return cookie.split(';')[0];
}

async function getJson(base: string, url: string, cookie: string): Promise<{ total?: number; items?: unknown[] }> {
  const res = await fetch(`${base}${url}`, { headers: { cookie } });
  if (res.status !== 200) throw new Error(`GET ${url}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as { total?: number; items?: unknown[] };
}

/** autocannon, keeping every 2xx response time so p95 is exact (autocannon itself reports p97.5, not p95). */
function cannon(url: string, headers: Record<string, string>, connections: number, durationS: number): Promise<LatencySummary & { non2xx: number }> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    let non2xx = 0;
    const inst = autocannon({ url, connections, duration: durationS, headers, timeout: 60 }, (err, result) => {
      if (err) return reject(err);
      const elapsedMs = result.finish.getTime() - result.start.getTime();
      // requests still in flight when autocannon stopped: the server finishes them anyway (their CPU is spent)
      const drained = Math.max(0, (result.requests.sent ?? 0) - latencies.length - non2xx - result.errors - result.timeouts);
      resolve({ ...summarize(latencies, result.errors + result.timeouts, elapsedMs), non2xx, drained });
    });
    inst.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
      else non2xx++;
    });
  });
}

// ---------------------------------------------------------------- one backend

interface Row {
  backend: Backend;
  scenario: string;
  url: string;
  rows: number | null;
  api: LatencySummary & { non2xx: number };
  raw: LatencySummary | null;
  /** CPU used by each party while the API / the raw SQL was measured */
  apiCpu: CpuUse | null;
  rawCpu: CpuUse | null;
  /** statements per request: the session lookup, then listUsers' own */
  sql: { session: number; parallel: number; then: number } | null;
  plan: RawPlan | null;
  reference: boolean;
}

interface BackendRun {
  backend: Backend;
  /** share of the machine busy with other work in the second before the measurements started */
  idleBusy: number | null;
  version: string;
  seeded: SeedScaleResult;
  migrateMs: number;
  dbPool: number;
  rows: Row[];
}

async function runBackend(backend: Backend, o: Options): Promise<BackendRun> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `shangmi-bench-${backend}-`));
  let cluster: PgCluster | undefined;
  let child: Child | undefined;
  let rawPool: pg.Pool | undefined;
  let postmaster: number | undefined;
  const undo = () => {
    if (child && child.proc.exitCode === null) child.proc.kill('SIGKILL');
    cluster?.stop();
    cluster = undefined;
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  cleanups.add(undo);
  try {
    let databaseUrl: string | undefined;
    if (backend === 'postgres') {
      log('starting a throwaway PostgreSQL cluster');
      cluster = await startPgCluster();
      const admin = new pg.Client({ connectionString: cluster.url('postgres') });
      await admin.connect();
      await admin.query('create database shangmi_bench');
      const backendPid = Number((await admin.query('select pg_backend_pid() as pid')).rows[0].pid);
      postmaster = parentPid(backendPid) ?? undefined;
      await admin.end();
      databaseUrl = cluster.url('shangmi_bench');
    }

    // ---- migrate and seed in this process, then hand the database to the server child
    const database = await openDb({ databaseUrl, pgliteDir: databaseUrl ? undefined : path.join(tmp, 'pglite'), poolSize: 4 });
    let seeded: SeedScaleResult;
    let migrateMs: number;
    let version: string;
    try {
      const tm = performance.now();
      await database.migrate();
      migrateMs = performance.now() - tm;
      version = String((await database.query<{ v: string }>('select version() as v'))[0].v).split(' on ')[0].split(',')[0];
      log(`${backend}: ${version}; migrated in ${(migrateMs / 1000).toFixed(1)} s; seeding ${o.users.toLocaleString('en-US')} users …`);
      seeded = await seedScale(database, { users: o.users, seed: o.seed });
    } finally {
      await database.close();
    }
    log(
      `${backend}: seeded ${seeded.users.toLocaleString('en-US')} users, ${seeded.orgs} organisations in ${(seeded.ms / 1000).toFixed(1)} s (` +
        Object.entries(seeded.phases)
          .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`)
          .join(', ') +
        ')',
    );

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      SHANGMI_DATA_DIR: tmp,
      SHANGMI_SECRET_KEY: crypto.randomBytes(32).toString('hex'),
      SHANGMI_COOKIE_SECURE: 'false',
    };
    if (databaseUrl) env.DATABASE_URL = databaseUrl;
    else delete env.DATABASE_URL;
    if (o.dbPool) env.SHANGMI_DB_POOL = String(o.dbPool);
    else delete env.SHANGMI_DB_POOL;
    child = await Child.start(env);
    const base = `http://127.0.0.1:${child.hello.apiPort}`;
    log(`${backend}: server child pid ${child.proc.pid} on ${base} (db pool ${child.hello.dbPool}); bare Fastify on :${child.hello.barePort}`);

    const cookies = { district: await login(base, BENCH_ACCOUNTS.district), city: await login(base, BENCH_ACCOUNTS.city) };
    /** waits until the server has finished what an earlier load left behind (see server.ts) */
    const settle = async () => {
      const waited = await child!.call<number>({ cmd: 'idle', quietMs: 200, timeoutMs: 300_000 });
      if (waited > 1000) log(`${backend}: waited ${(waited / 1000).toFixed(1)} s for the server to finish requests left over from the last load`);
    };
    const capture = async (url: string, cookie: string) => {
      await settle();
      await child!.call({ cmd: 'capture-start' });
      const body = await getJson(base, url, cookie);
      const captured = await child!.call<CapturedQuery[]>({ cmd: 'capture-stop' });
      return { body, captured };
    };

    if (backend === 'postgres') rawPool = new pg.Pool({ connectionString: databaseUrl, max: o.connections });
    const pool = rawPool;
    const pids = () => ({ server: child!.proc.pid, postmaster });
    const runRaw = async (plan: RawPlan): Promise<{ raw: LatencySummary; cpu: CpuUse | null }> => {
      const loop = (durationMs: number) => {
        const opts = { concurrency: o.connections, warmupMs: 0, durationMs };
        if (pool) return closedLoop(rawUnit(plan, (q: CapturedQuery) => pool.query(pgQuery(q))), opts);
        return child!.call<LatencySummary>({ cmd: 'raw', plan, ...opts });
      };
      await settle();
      if (o.warmupS > 0) {
        await loop(o.warmupS * 1000);
        await settle();
      }
      const { result, cpu } = await withCpu(pids(), () => loop(o.durationS * 1000));
      return { raw: result, cpu };
    };
    /**
     * Warm-up, then (server idle) one request with its SQL captured — after the warm-up, so it is a steady-state
     * request (warm caches, prepared statements, anything the application keeps) — then the measured run.
     */
    const runApi = async (url: string, cookie: string | null, captureSql: boolean) => {
      const headers: Record<string, string> = cookie ? { cookie } : {};
      await settle();
      if (o.warmupS > 0) {
        await cannon(url, headers, o.connections, o.warmupS);
        await settle();
      }
      const captured = captureSql ? await capture(url.slice(base.length), cookie ?? '') : null;
      await settle();
      // the CPU window runs until the server has finished what was in flight when autocannon stopped
      const { result, cpu } = await withCpu(pids(), async () => {
        const r = await cannon(url, headers, o.connections, o.durationS);
        await settle();
        return r;
      });
      return { api: result, cpu, captured };
    };

    const size = o.pageSize;
    const list = (params: string) => `/api/users?${params}`;
    const scenarios: { scenario: string; who: keyof typeof cookies; url: string }[] = [];
    const deep = async (who: keyof typeof cookies, wanted: number) => {
      const first = await getJson(base, list(`page=1&pageSize=${size}`), cookies[who]);
      return Math.max(1, Math.min(wanted, Math.floor((first.total ?? 0) / size)));
    };
    scenarios.push({ scenario: 'district · page 1', who: 'district', url: list(`page=1&pageSize=${size}`) });
    const dPage = await deep('district', o.districtDeepPage);
    scenarios.push({ scenario: `district · page ${dPage}`, who: 'district', url: list(`page=${dPage}&pageSize=${size}`) });
    scenarios.push({
      scenario: `city · q=${o.q} & active`,
      who: 'city',
      url: list(`q=${encodeURIComponent(o.q)}&status=active&page=1&pageSize=${size}`),
    });
    const cPage = await deep('city', o.cityDeepPage);
    scenarios.push({ scenario: `city · page ${cPage}`, who: 'city', url: list(`page=${cPage}&pageSize=${size}`) });

    // how busy is the machine with other work before we start? (one second, our processes idle)
    await settle();
    const quietA = sampleCpu(child.proc.pid, postmaster);
    await new Promise((r) => setTimeout(r, 1000));
    const quiet = cpuBetween(quietA, sampleCpu(child.proc.pid, postmaster));
    const idleBusy = quiet ? quiet.elsewhere / (quiet.wallMs * quiet.cores) : null;
    if (idleBusy !== null && idleBusy > 0.1) log(`warning: ${(idleBusy * 100).toFixed(0)} % of the machine is busy with other work before the measurements start; numbers will be lower than on a quiet machine`);
    const rows: Row[] = [];
    for (const s of scenarios) {
      log(`${backend}: ${s.scenario} — API ${o.connections} connections …`);
      const { api, cpu: apiCpu, captured: c } = await runApi(`${base}${s.url}`, cookies[s.who], true);
      // what that request sent to the database, captured at the driver in the server
      const { body, captured } = c!;
      const { plan, session } = planOf(captured);
      if (!plan.parallel.length) throw new Error(`${s.scenario}: no SQL captured besides the session lookup`);
      log(`${backend}: ${s.scenario} — ${body.total} rows; API ${rate(api.perSecond)} req/s, p95 ${ms(api.p95)} ms; raw SQL …`);
      const { raw, cpu: rawCpu } = await runRaw(plan);
      log(`${backend}: ${s.scenario} — raw ${rate(raw.perSecond)}/s, p95 ${ms(raw.p95)} ms`);
      rows.push({
        backend,
        scenario: s.scenario,
        url: s.url,
        rows: body.total ?? null,
        api,
        raw,
        apiCpu,
        rawCpu,
        sql: { session: session.length, parallel: plan.parallel.length, then: plan.then.length },
        plan,
        reference: false,
      });
    }

    // references: the session check alone (platform overhead with one statement), and bare Fastify (framework floor)
    {
      const url = '/api/auth/session';
      log(`${backend}: reference ${url} …`);
      const { api, cpu: apiCpu, captured: c } = await runApi(`${base}${url}`, cookies.district, true);
      const captured = c!.captured;
      const plan: RawPlan = { parallel: captured, then: [] };
      const { raw, cpu: rawCpu } = await runRaw(plan);
      rows.push({ backend, scenario: 'ref · session check (GET /api/auth/session)', url, rows: null, api, raw, apiCpu, rawCpu, sql: { session: captured.length, parallel: 0, then: 0 }, plan, reference: true });
    }
    {
      log(`${backend}: reference bare Fastify …`);
      const { api, cpu: apiCpu } = await runApi(`http://127.0.0.1:${child.hello.barePort}/hello`, null, false);
      rows.push({ backend, scenario: 'ref · bare Fastify hello world', url: '/hello', rows: null, api, raw: null, apiCpu, rawCpu: null, sql: null, plan: null, reference: true });
    }
    return { backend, idleBusy, version, seeded, migrateMs, dbPool: child.hello.dbPool, rows };
  } finally {
    await rawPool?.end().catch(() => undefined);
    await child?.stop().catch(() => undefined);
    try {
      cluster?.stop();
    } catch (err) {
      log(`could not stop the PostgreSQL cluster: ${(err as Error).message}`);
    }
    fs.rmSync(tmp, { recursive: true, force: true });
    cleanups.delete(undo);
  }
}

// ---------------------------------------------------------------- the report


const GOAL_P95_MS = 50;
const GOAL_RATIO = 2;

/** API p95 ÷ raw SQL p95; NaN when either is missing (e.g. nothing completed in the window). */
const ratioOf = (r: Row) => (r.raw && r.raw.p95 ? r.api.p95 / r.raw.p95 : NaN);

function mark(r: Row): string {
  if (r.reference || !r.raw) return '—';
  const misses: string[] = [];
  if (r.backend === 'postgres' && !(r.api.p95 <= GOAL_P95_MS)) misses.push(`p95 > ${GOAL_P95_MS}`);
  if (!(ratioOf(r) <= GOAL_RATIO)) misses.push(`ratio > ${GOAL_RATIO}`);
  if (misses.length) return `FAIL (${misses.join(', ')})`;
  return r.backend === 'postgres' ? 'PASS' : 'PASS (ratio; no p95 goal)';
}

function table(runs: BackendRun[]): string {
  const head = ['backend', 'scenario', 'rows', 'API req/s', 'p50', 'p95', 'p99', 'SQL/s', 'SQL p50', 'SQL p95', 'SQL p99', 'API÷SQL p95', 'goal'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((h, i) => (i < 2 ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const run of runs) {
    for (const r of run.rows) {
      const errs = r.api.errors + r.api.non2xx;
      lines.push(
        `| ${[
          r.backend,
          r.scenario + (errs ? ` ⚠ ${errs} errors` : ''),
          r.rows === null ? '' : r.rows.toLocaleString('en-US'),
          rate(r.api.perSecond),
          ms(r.api.p50),
          ms(r.api.p95),
          ms(r.api.p99),
          r.raw ? rate(r.raw.perSecond) : '',
          r.raw ? ms(r.raw.p50) : '',
          r.raw ? ms(r.raw.p95) : '',
          r.raw ? ms(r.raw.p99) : '',
          r.raw ? (Number.isFinite(ratioOf(r)) ? ratioOf(r).toFixed(2) : '—') : '',
          mark(r),
        ].join(' | ')} |`,
      );
    }
  }
  return lines.join('\n');
}

/** requests or replayed units whose CPU the window holds: those measured, and those finished after it */
const unitsOf = (raw: LatencySummary) => raw.count + (raw.drained ?? 0);

function cpuTable(runs: BackendRun[]): string {
  const head = ['backend', 'scenario', 'API: server', 'database', 'load gen', 'elsewhere', 'SQL: database', 'client', 'elsewhere'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i < 2 ? ' --- ' : ' ---: ')).join('|')}|`];
  const per = (v: number, n: number) => (n > 0 && Number.isFinite(v) ? (v / n).toFixed(2) : '—');
  const pct = (c: CpuUse) => `${((c.elsewhere / (c.wallMs * c.cores)) * 100).toFixed(0)} %${c.elsewhere / (c.wallMs * c.cores) > 0.1 ? ' ⚠' : ''}`;
  for (const run of runs) {
    for (const r of run.rows) {
      const a = r.apiCpu;
      const q = r.rawCpu;
      const pgl = r.backend === 'pglite';
      lines.push(
        `| ${[
          r.backend,
          r.scenario,
          a ? per(a.server, unitsOf(r.api)) : '—',
          a ? (pgl ? 'in server' : per(a.database, unitsOf(r.api))) : '—',
          a ? per(a.driver, unitsOf(r.api)) : '—',
          a ? pct(a) : '—',
          q && r.raw ? (pgl ? per(q.server, unitsOf(r.raw)) : per(q.database, unitsOf(r.raw))) : '',
          q && r.raw ? (pgl ? 'in server' : per(q.driver, unitsOf(r.raw))) : '',
          q ? pct(q) : '',
        ].join(' | ')} |`,
      );
    }
  }
  return lines.join('\n');
}

function report(runs: BackendRun[], o: Options, startedAt: Date, wallS: number): string {
  const cpus = os.cpus();
  const out: string[] = [];
  out.push('# Benchmark: scoped user list (`npm run bench`)', '');
  out.push(
    `Run ${startedAt.toISOString()} · ${wallS.toFixed(0)} s wall · ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB · Node ${process.version} · ${os.platform()} ${os.release()}`,
  );
  out.push(
    `Load: ${o.connections} connections, ${o.warmupS} s warm-up + ${o.durationS} s measured per row · ${o.users.toLocaleString('en-US')} generated users (seed ${o.seed}) · page size ${o.pageSize} · search q=\`${o.q}\``,
  );
  for (const r of runs) {
    out.push(
      `- **${r.backend}**: ${r.version}; server pool ${r.dbPool} connections (raw SQL: ${r.backend === 'postgres' ? `pg.Pool of ${o.connections} in the driver process` : 'in the server process, same PGlite instance'}); ` +
        `seeded ${r.seeded.users.toLocaleString('en-US')} users / ${r.seeded.orgs} organisations in ${(r.seeded.ms / 1000).toFixed(1)} s ` +
        `(${Object.entries(r.seeded.phases)
          .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`)
          .join(', ')}), migrations ${(r.migrateMs / 1000).toFixed(1)} s` +
        (r.idleBusy === null ? '' : `; other work on the machine before the measurements: ${(r.idleBusy * 100).toFixed(0)} % of its CPU`),
    );
  }
  out.push('', table(runs), '');
  out.push(
    `Latencies in ms. API: autocannon, every 2xx response time. SQL: the statements the same request sent to the database (captured at the driver), ` +
      `replayed in a closed loop at the same concurrency — page + count together, then the role hydration; the session lookup is not in it. ` +
      `Goal: p95 ≤ ${GOAL_P95_MS} ms on PostgreSQL, API p95 ÷ SQL p95 ≤ ${GOAL_RATIO} (marks are informative; the bench does not fail on them).`,
  );
  out.push('', cpuTable(runs), '');
  out.push(
    'CPU per completed request (API) or per replayed statement set (SQL), in ms, from /proc: the load generator and the raw-SQL client ' +
      '(this process), the server child (with PGlite, the database too), PostgreSQL (all its processes). "Elsewhere" is the share of the ' +
      "machine's CPU that other work used during the measurement; where it is high the row's figures are low for reasons outside the benchmark.",
  );
  const sqlLines = runs.flatMap((run) =>
    run.rows
      .filter((r) => r.sql && !r.reference)
      .map((r) => `- ${run.backend} · ${r.scenario}: \`GET ${r.url}\` → ${r.sql!.session} session lookup + ${r.sql!.parallel} in parallel + ${r.sql!.then} after`),
  );
  if (sqlLines.length) out.push('', 'Statements per request:', ...sqlLines);
  const sample = runs.flatMap((r) => r.rows).find((r) => r.plan && !r.reference && r.scenario.startsWith('city · q='));
  if (sample?.plan) {
    out.push('', `SQL of \`${sample.url}\` as captured:`, '', '```sql');
    for (const q of [...sample.plan.parallel, ...sample.plan.then]) out.push(`${q.text};  -- ${JSON.stringify(q.params).slice(0, 200)}`);
    out.push('```');
  }
  return out.join('\n') + '\n';
}

// ---------------------------------------------------------------- main

async function main() {
  const o = parseOptions(process.argv.slice(2));
  const startedAt = new Date();
  const t0 = performance.now();
  log(
    `${o.users.toLocaleString('en-US')} users · ${o.connections} connections · ${o.warmupS}+${o.durationS} s per row · backends ${o.backends.join(', ')} · ${os.cpus().length} CPUs`,
  );
  const runs: BackendRun[] = [];
  for (const b of o.backends) runs.push(await runBackend(b, o));
  const text = report(runs, o, startedAt, (performance.now() - t0) / 1000);
  console.log(`\n${text}`);
  if (o.out) {
    fs.mkdirSync(path.dirname(o.out), { recursive: true });
    fs.writeFileSync(o.out, text);
    log(`written to ${path.relative(process.cwd(), o.out) || o.out}`);
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
