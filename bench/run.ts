/**
 * `npm run bench`: the scoped user list at scale, on PostgreSQL and on PGlite, against the same SQL issued directly;
 * with --enterprises N, the enterprise registry too (search, filtered lists, and a bulk import); with --sites N, the
 * protection network (the dashboard, and the public directory without signing in) over 46 pilot regions.
 *
 * For each backend: a fresh database (a throwaway PostgreSQL 15 cluster / a temp PGlite folder), migrated and seeded
 * with `seedScale` (100,000 users by default), the real server started in a child process (bench/server.ts), the
 * benchmark accounts signed in, then for every scenario autocannon (50 connections) against the API and a closed
 * loop of the very statements that request sent to the database (captured from the server's driver), at the same
 * concurrency. One table: throughput, p50/p95/p99, and API p95 ÷ raw SQL p95. The import (upload, check, commit of an
 * .xlsx through the real API) is compared with its own INSERT statements replayed in a transaction. See bench/README.md.
 *
 * Options: --users N  --enterprises N  --import-rows N  --ent-q a,b,c  --sites N  --sites-q TEXT  --duration S  --warmup S
 *          --connections C  --backends postgres,pglite  --scenarios users,enterprises,import,sites  --seed S  --q TEXT  --explain
 *          --db-pool N (the server's SHANGMI_DB_POOL; default the server's own default)  --out FILE  --no-write
 *          --scenarios cases [--cases N] [--submitters N] [--kill-after S]: complaints intake under SIGKILL and the work queue (bench/cases.ts)
 *          --scenarios inbox [--fanout N] [--notices N]: one event fanned out to N users, a heavy user's inbox list (bench/inbox.ts)
 *          --scenarios credit [--credit-records N] [--credit-export N] [--credit-export-runs N]: the public credit search and the streamed 双公示 XLSX (bench/credit.ts)
 */
import { fork, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { IMPORT_COLUMNS, type ImportColumnKey } from '@shangmi/shared';
import { GBT4754_2017 } from '@shangmi/shared/data/industries';
import {
  BENCH_ACCOUNTS,
  BENCH_DISTRICT_CODE,
  BENCH_PASSWORD,
  enterpriseGenerator,
  seedScale,
  type DistrictRef,
  type SeedScaleResult,
} from '../apps/server/src/cli/seed-scale.js';
import { openDb } from '../apps/server/src/db/client.js';
import { DICT_SEEDS } from '../apps/server/src/seed.js';
import { startPgCluster, type PgCluster } from '../apps/server/test/pg-cluster.js';
import { runCasesBench } from './cases.js';
import { runInboxBench } from './inbox.js';
import { runCreditBench } from './credit.js';
import { cpuBetween, parentPid, sampleCpu, withCpu, type CpuUse } from './cpu.js';
import {
  alone,
  closedLoop,
  describePlan,
  pgQuery,
  planOf,
  rawUnit,
  summarize,
  type CapturedQuery,
  type CaptureSummary,
  type ChildHello,
  type ChildReply,
  type ChildRequest,
  type LatencySummary,
  type RawPlan,
  type ReplayResult,
  AS_DEPLOYED,
} from './lib.js';

const ROOT = path.resolve(import.meta.dirname, '..');
type Backend = 'postgres' | 'pglite';
type ScenarioGroup = 'users' | 'enterprises' | 'import' | 'sites' | 'cases' | 'inbox' | 'credit';

interface Options {
  users: number;
  /** registry enterprises seeded (0: none, and no enterprise scenarios) */
  enterprises: number;
  /** rows of the import file (0: no import) */
  importRows: number;
  /** search words of the enterprise search scenarios */
  entQ: string[];
  /** protection sites seeded over 46 pilot regions (0: none, and no site scenarios) */
  sites: number;
  /** search text of the public directory's name search */
  sitesQ: string;
  /** district and service of the directory's filtered scenario */
  sitesDistrict: string;
  sitesService: string;
  scenarios: Set<ScenarioGroup>;
  /** cases seeded for the work-queue scenarios of the `cases` group (PostgreSQL) */
  cases: number;
  /** the `inbox` group: users one event is fanned out to, and the notices of the heavy user whose list is measured */
  fanout: number;
  notices: number;
  /** the `credit` group: penalty records on public view searched, and those of 金凤区 exported as XLSX */
  creditRecords: number;
  creditExport: number;
  /** downloads of the export (and runs of the writer alone beside them) */
  creditExportRuns: number;
  /** concurrent public-form submitters of the intake/SIGKILL scenario */
  submitters: number;
  /** seconds of intake before the server is killed */
  killAfterS: number;
  /** EXPLAIN (ANALYZE, BUFFERS) of every scenario's statements into the report (PostgreSQL) */
  explain: boolean;
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
    enterprises: 0,
    importRows: 100_000,
    // a word in many names (12 %); part of one 字号 (three characters: the trigram index and bigrams); a 字号 bigram (0.5 %)
    entQ: ['科技', '新华百', '塞上'],
    sites: 0,
    cases: 0,
    fanout: 10_000,
    notices: 100_000,
    creditRecords: 1_000_000,
    creditExport: 100_000,
    creditExportRuns: 5,
    submitters: 200,
    killAfterS: 8,
    // what a directory visitor types: in the names of the sites hosted by IP agencies (~12 %); four characters, so the
    // name's trigram index could serve it (two trigrams)
    sitesQ: '知识产权',
    sitesDistrict: BENCH_DISTRICT_CODE,
    sitesService: 'rights_assistance',
    scenarios: new Set(),
    explain: false,
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
  let out: string | null | undefined;
  let scenarios: ScenarioGroup[] | undefined;
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
    const count = () => {
      const v = value().replace(/[_,]/g, '');
      if (!/^\d+$/.test(v)) throw new Error(`${flag} needs a whole number`);
      return Number(v);
    };
    switch (flag) {
      case '--users':
        o.users = Math.round(num());
        break;
      case '--enterprises':
        o.enterprises = count();
        break;
      case '--import-rows':
        o.importRows = count();
        break;
      case '--sites':
        o.sites = count();
        break;
      case '--sites-q':
        o.sitesQ = value().trim();
        break;
      case '--ent-q':
        o.entQ = value()
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        break;
      case '--scenarios': {
        const list = value().split(',').map((s) => s.trim()) as ScenarioGroup[];
        for (const g of list) if (!['users', 'enterprises', 'import', 'sites', 'cases', 'inbox', 'credit'].includes(g)) throw new Error(`unknown scenario group ${g} (users, enterprises, import, sites, cases, inbox, credit)`);
        scenarios = list;
        break;
      }
      case '--fanout':
        o.fanout = Number(value());
        break;
      case '--notices':
        o.notices = Number(value());
        break;
      case '--cases':
        o.cases = Number(value());
        break;
      case '--credit-records':
        o.creditRecords = Number(value());
        break;
      case '--credit-export':
        o.creditExport = Number(value());
        break;
      case '--credit-export-runs':
        o.creditExportRuns = Number(value());
        break;
      case '--submitters':
        o.submitters = Number(value());
        break;
      case '--kill-after':
        o.killAfterS = Number(value());
        break;
      case '--explain':
        o.explain = true;
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
        out = path.resolve(value());
        break;
      case '--no-write':
        out = null;
        break;
      case '--help':
      case '-h':
        console.log(
          'npm run bench -- [--users N] [--enterprises N] [--import-rows N] [--ent-q a,b,c] [--sites N] [--sites-q TEXT] [--duration S] [--warmup S] [--connections C] ' +
            '[--backends postgres,pglite] [--scenarios users,enterprises,import,sites] [--seed S] [--q TEXT] [--explain] [--db-pool N] [--out FILE | --no-write]',
        );
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${a} (--help lists them)`);
    }
  }
  if (o.enterprises >= IMPORT_INDEX_BASE) throw new Error(`--enterprises must stay below ${IMPORT_INDEX_BASE.toLocaleString('en-US')}`);
  o.scenarios = new Set(scenarios ?? ['users', ...(o.enterprises ? (['enterprises', 'import'] as const) : []), ...(o.sites ? (['sites'] as const) : [])]);
  if (!o.enterprises) {
    for (const g of ['enterprises', 'import'] as const) if (o.scenarios.delete(g)) log(`--scenarios ${g} needs --enterprises N: skipped`);
  }
  if (!o.sites && o.scenarios.delete('sites')) log('--scenarios sites needs --sites N: skipped');
  if (!o.importRows) o.scenarios.delete('import');
  // the default run keeps latest.md; an enterprise run gets its own file (enterprises-1m.md …), a sites run too (sites-100k.md)
  o.out =
    out !== undefined
      ? out
      : o.enterprises
        ? path.join(ROOT, `bench/results/enterprises-${shortCount(o.enterprises)}.md`)
        : o.sites
          ? path.join(ROOT, `bench/results/sites-${shortCount(o.sites)}.md`)
          : o.out;
  return o;
}

/** 1000000 → 1m, 20000 → 20k */
const shortCount = (n: number) => (n % 1_000_000 === 0 ? `${n / 1_000_000}m` : n % 1000 === 0 ? `${n / 1000}k` : String(n));

/** Generated credit codes are unique per index: the import file's rows take indexes from here, the seeded ones below. */
const IMPORT_INDEX_BASE = 100_000_000;

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

interface Session {
  cookie: string;
  csrf: string;
}

async function login(base: string, username: string): Promise<Session> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: BENCH_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: HTTP ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('shangmi_sid='));
  if (!cookie) throw new Error(`login ${username}: no session cookie`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie: cookie.split(';')[0], csrf: csrfToken };
}

/** A streamed job (NDJSON progress lines, then done or error): when each phase first reported, and the outcome. */
async function ndjson(
  base: string,
  url: string,
  session: Session,
  body: unknown,
): Promise<{ ms: number; phaseAt: Record<string, number>; result?: Record<string, unknown>; error?: unknown }> {
  const t0 = performance.now();
  const res = await fetch(`${base}${url}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf },
    body: JSON.stringify(body),
  });
  if (res.status !== 200 || !res.body) throw new Error(`POST ${url}: HTTP ${res.status} ${await res.text()}`);
  const phaseAt: Record<string, number> = {};
  let last: { type: string; phase?: string; result?: Record<string, unknown>; error?: unknown } | undefined;
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (value) buf += decoder.decode(value, { stream: true });
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl).trim();
      buf = buf.slice(nl + 1);
      if (!line) continue;
      last = JSON.parse(line) as typeof last;
      if (last?.type === 'progress' && last.phase && phaseAt[last.phase] === undefined) phaseAt[last.phase] = performance.now() - t0;
    }
    if (done) break;
  }
  const ms = performance.now() - t0;
  if (last?.type === 'done') return { ms, phaseAt, result: last.result };
  return { ms, phaseAt, error: last?.error ?? 'the stream ended without a result' };
}

/** A list's page (total, items) or the sites dashboard (pipeline: sites in scope by kind and status). No cookie: a public route. */
async function getJson(base: string, url: string, cookie: string): Promise<{ total?: number; items?: unknown[]; pipeline?: { count: number }[] }> {
  const res = await fetch(`${base}${url}`, { headers: cookie ? { cookie } : {} });
  if (res.status !== 200) throw new Error(`GET ${url}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as { total?: number; items?: unknown[]; pipeline?: { count: number }[] };
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
  group: ScenarioGroup | 'ref';
  scenario: string;
  url: string;
  rows: number | null;
  api: LatencySummary & { non2xx: number };
  raw: LatencySummary | null;
  /** median latency of one request (API) / one statement set (SQL) at a time, the server otherwise idle; `cold`: one
   * request with the server's counts and cached answers forgotten just before */
  alone: { api: number; raw: number | null; cold?: number | null };
  /** CPU used by each party while the API / the raw SQL was measured */
  apiCpu: CpuUse | null;
  rawCpu: CpuUse | null;
  /** statements per request: the session lookup, then the route's own (steps, see planOf) */
  sql: { session: number; plan: string } | null;
  plan: RawPlan | null;
  reference: boolean;
  /** EXPLAIN (ANALYZE, BUFFERS) of each statement of the plan (--explain, PostgreSQL) */
  explain?: string[];
}

/** The bulk import through the API, and its writes replayed as raw SQL. */
interface ImportRun {
  backend: Backend;
  rows: number;
  fileBytes: number;
  /** building the .xlsx in the driver (not part of any timing) */
  buildMs: number;
  uploadMs: number;
  /**
   * POST /api/enterprises/imports: reading the file and checking its rows, then the registry (the duplicate check, 1,000
   * codes a statement) and the job; split where the first duplicate-check statement was issued (the server's clock)
   */
  check: { ms: number; readMs: number; registryMs: number; validRows: number; errorRows: number } | null;
  /** POST …/commit: reading and checking again (in the transaction), then writing (from the first id allocation on) */
  commit: { ms: number; recheckMs: number; writeMs: number; inserted: number } | null;
  /** imported records with U+FFFD (a character the reader broke) in a text column */
  garbled: number | null;
  totalMs: number;
  /** the commit's INSERT statements, replayed in order in one transaction (rolled back) */
  raw: ReplayResult | null;
  captured: CaptureSummary | null;
  cpu: { check: CpuUse | null; commit: CpuUse | null };
  error?: string;
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
  imported: ImportRun | null;
  /** 1-minute load average when the backend started and when it finished */
  load: { before: number; after: number };
}

async function runBackend(backend: Backend, o: Options): Promise<BackendRun> {
  const loadBefore = os.loadavg()[0];
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
      cluster = await startPgCluster({ durable: AS_DEPLOYED });
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
    let districts: DistrictRef[];
    try {
      const tm = performance.now();
      await database.migrate();
      migrateMs = performance.now() - tm;
      version = String((await database.query<{ v: string }>('select version() as v'))[0].v).split(' on ')[0].split(',')[0];
      log(
        `${backend}: ${version}; migrated in ${(migrateMs / 1000).toFixed(1)} s; seeding ${o.users.toLocaleString('en-US')} users` +
          (o.enterprises ? ` and ${o.enterprises.toLocaleString('en-US')} enterprises` : '') +
          (o.sites ? ` and ${o.sites.toLocaleString('en-US')} sites` : '') +
          ' …',
      );
      seeded = await seedScale(database, {
        users: o.users,
        enterprises: o.enterprises,
        sites: o.sites,
        seed: o.seed,
        log: o.enterprises || o.sites ? (l) => log(`${backend}: ${l.trim()}`) : undefined,
      });
      districts = await database.query<DistrictRef>(
        `select d.code, d.name from districts d where exists (select 1 from orgs o where o.kind = 'district_bureau' and o.district_code = d.code) order by d.sort, d.code`,
      );
    } finally {
      await database.close();
    }
    log(
      `${backend}: seeded ${seeded.users.toLocaleString('en-US')} users, ${seeded.orgs} organisations` +
        (seeded.enterprises ? `, ${seeded.enterprises.toLocaleString('en-US')} enterprises` : '') +
        (seeded.sites ? `, ${seeded.sites.toLocaleString('en-US')} sites` : '') +
        ` in ${(seeded.ms / 1000).toFixed(1)} s (` +
        Object.entries(seeded.phases)
          .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`)
          .join(', ') +
        ')',
    );

    // the import file, built before anything is measured (its rows: see buildImportFile)
    let importFile: { file: string; bytes: number; ms: number } | null = null;
    if (o.scenarios.has('import')) {
      log(`${backend}: building a ${o.importRows.toLocaleString('en-US')}-row import workbook …`);
      importFile = await buildImportFile(path.join(tmp, `企业导入-${o.importRows}.xlsx`), o.importRows, o.seed, districts);
      log(`${backend}: import workbook ${(importFile.bytes / 2 ** 20).toFixed(1)} MB in ${(importFile.ms / 1000).toFixed(1)} s`);
    }

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

    const sessions = { district: await login(base, BENCH_ACCOUNTS.district), city: await login(base, BENCH_ACCOUNTS.city) };
    /**
     * Sessions end after 30 idle minutes, and a slow scenario of one account can outlast that for the other: show both
     * to the server before each scenario (a new sign-in if one ended anyway).
     */
    const keepAlive = async () => {
      for (const who of ['district', 'city'] as const) {
        const res = await fetch(`${base}/api/auth/session`, { headers: { cookie: sessions[who].cookie } });
        await res.arrayBuffer();
        if (res.status !== 200) sessions[who] = await login(base, BENCH_ACCOUNTS[who]);
      }
    };
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
    const runRaw = async (plan: RawPlan): Promise<{ raw: LatencySummary; cpu: CpuUse | null; alone: number }> => {
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
      const by1 = pool ? await alone(rawUnit(plan, (q: CapturedQuery) => pool.query(pgQuery(q)))) : await child!.call<number>({ cmd: 'raw-alone', plan });
      await settle();
      const { result, cpu } = await withCpu(pids(), () => loop(o.durationS * 1000));
      return { raw: result, cpu, alone: by1 };
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
      const by1 = await alone(async () => {
        const res = await fetch(url, { headers });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`GET ${url}: HTTP ${res.status}`);
      });
      await settle();
      // cold: the server's counts and cached answers forgotten before each request (what the first reader after a write,
      // or of a scope nobody asked for in the last 10 s, waits for), median of three
      const colds: number[] = [];
      for (let i = 0; captureSql && i < 3; i++) {
        await child!.call({ cmd: 'forget-caches' });
        const t0 = performance.now();
        const res = await fetch(url, { headers });
        await res.arrayBuffer();
        colds.push(performance.now() - t0);
      }
      const cold = colds.length ? colds.sort((a, b) => a - b)[1]! : null;
      await settle();
      // the CPU window runs until the server has finished what was in flight when autocannon stopped
      const { result, cpu } = await withCpu(pids(), async () => {
        const r = await cannon(url, headers, o.connections, o.durationS);
        await settle();
        return r;
      });
      return { api: result, cpu, captured, alone: by1, cold };
    };
    /** EXPLAIN (ANALYZE, BUFFERS) of each statement of a plan, once, the server idle (PostgreSQL) */
    const explain = async (plan: RawPlan): Promise<string[] | undefined> => {
      if (!o.explain || !pool) return undefined;
      await settle();
      const out: string[] = [];
      for (const q of plan.steps.flat()) {
        const r = await pool.query({ text: `explain (analyze, buffers) ${q.text}`, values: q.params });
        out.push(r.rows.map((x: Record<string, string>) => x['QUERY PLAN']).join('\n'));
      }
      return out;
    };

    const size = o.pageSize;
    const list = (params: string) => `/api/users?${params}`;
    /** who: a benchmark account, or null for a public route (no cookie) */
    const scenarios: { group: ScenarioGroup; scenario: string; who: keyof typeof sessions | null; url: string }[] = [];
    if (o.scenarios.has('users')) {
      const deep = async (who: keyof typeof sessions, wanted: number) => {
        const first = await getJson(base, list(`page=1&pageSize=${size}`), sessions[who].cookie);
        return Math.max(1, Math.min(wanted, Math.floor((first.total ?? 0) / size)));
      };
      const users = (scenario: string, who: keyof typeof sessions, url: string) => scenarios.push({ group: 'users', scenario, who, url });
      users('district · page 1', 'district', list(`page=1&pageSize=${size}`));
      const dPage = await deep('district', o.districtDeepPage);
      users(`district · page ${dPage}`, 'district', list(`page=${dPage}&pageSize=${size}`));
      users(`city · q=${o.q} & active`, 'city', list(`q=${encodeURIComponent(o.q)}&status=active&page=1&pageSize=${size}`));
      const cPage = await deep('city', o.cityDeepPage);
      users(`city · page ${cPage}`, 'city', list(`page=${cPage}&pageSize=${size}`));
    }
    if (o.scenarios.has('enterprises')) {
      const ent = (scenario: string, who: keyof typeof sessions, params: string) =>
        scenarios.push({
          group: 'enterprises',
          scenario: `enterprises · ${scenario}`,
          who,
          url: `/api/enterprises?${[params, `page=1&pageSize=${size}`].filter(Boolean).join('&')}`,
        });
      // search: common, partial and rare words, in the city's scope and in a district's (issue 23 item 3)
      for (const q of o.entQ) ent(`city · q=${q}`, 'city', `q=${encodeURIComponent(q)}`);
      for (const q of o.entQ) ent(`district · q=${q}`, 'district', `q=${encodeURIComponent(q)}`);
      ent(`district · industry C & small`, 'district', `districtCode=${BENCH_DISTRICT_CODE}&industryCode=C&size=small`);
      ent(`district · kind=high_tech`, 'district', `kind=high_tech`);
      ent(`district · page 1`, 'district', '');
      ent(`city · page 1`, 'city', '');
      // 企业统计 (maintained tallies) and 首页待办 (count-only, capped), each as a district and a city officer sees them
      for (const who of ['district', 'city'] as const) {
        scenarios.push({ group: 'enterprises', scenario: `enterprises · ${who} · 企业统计`, who, url: '/api/enterprises/stats' });
        scenarios.push({ group: 'enterprises', scenario: `home · ${who} · 首页待办`, who, url: '/api/home/todos' });
      }
    }
    if (o.scenarios.has('sites')) {
      // the dashboard: the city's (Yinchuan, its own region) and a district officer's (their district), every year up to this one
      scenarios.push({ group: 'sites', scenario: 'sites · city · dashboard', who: 'city', url: '/api/sites/dashboard' });
      scenarios.push({ group: 'sites', scenario: 'sites · district · dashboard', who: 'district', url: '/api/sites/dashboard' });
      // the dashboard's map: every site of the city as a point (its own answer since the dashboard split it off)
      scenarios.push({ group: 'sites', scenario: 'sites · city · map', who: 'city', url: '/api/sites/map' });
      // the public directory, no sign-in: all 46 regions' accredited and operating sites
      const dir = (scenario: string, params: string) =>
        scenarios.push({
          group: 'sites',
          scenario: `sites · public · ${scenario}`,
          who: null,
          url: `/api/public/sites?${[params, `page=1&pageSize=${size}`].filter(Boolean).join('&')}`,
        });
      dir(`q=${o.sitesQ}`, `q=${encodeURIComponent(o.sitesQ)}`);
      dir(`district ${o.sitesDistrict} & ${o.sitesService}`, `districtCode=${o.sitesDistrict}&service=${encodeURIComponent(o.sitesService)}`);
      dir('page 1', '');
    }

    // how busy is the machine with other work before we start? (one second, our processes idle)
    await settle();
    const quietA = sampleCpu(child.proc.pid, postmaster);
    await new Promise((r) => setTimeout(r, 1000));
    const quiet = cpuBetween(quietA, sampleCpu(child.proc.pid, postmaster));
    const idleBusy = quiet ? quiet.elsewhere / (quiet.wallMs * quiet.cores) : null;
    if (idleBusy !== null && idleBusy > 0.1) log(`warning: ${(idleBusy * 100).toFixed(0)} % of the machine is busy with other work before the measurements start; numbers will be lower than on a quiet machine`);
    const rows: Row[] = [];
    for (const s of scenarios) {
      await keepAlive();
      log(`${backend}: ${s.scenario} — API ${o.connections} connections …`);
      const { api, cpu: apiCpu, captured: c, alone: apiAlone, cold } = await runApi(`${base}${s.url}`, s.who ? sessions[s.who].cookie : null, true);
      // what that request sent to the database, captured at the driver in the server
      let { body, captured } = c!;
      let { plan, session } = planOf(captured);
      if (!plan.steps.length) {
        // the answer came whole from a short-lived cache (a dashboard): the reference is the SQL of computing it
        await child!.call({ cmd: 'forget-caches' });
        ({ body, captured } = await capture(s.url, s.who ? sessions[s.who].cookie : ''));
        ({ plan, session } = planOf(captured));
        log(`${backend}: ${s.scenario} — served from the server's 10 s cache under load; the raw reference is the SQL of an uncached request`);
      }
      if (!plan.steps.length) throw new Error(`${s.scenario}: no SQL captured besides the session lookup`);
      const total = body.total ?? body.pipeline?.reduce((a, p) => a + p.count, 0) ?? null;
      log(`${backend}: ${s.scenario} — ${total ?? '—'} rows; API ${rate(api.perSecond)} req/s, p95 ${ms(api.p95)} ms; raw SQL (${describePlan(plan)}) …`);
      const { raw, cpu: rawCpu, alone: rawAlone } = await runRaw(plan);
      log(`${backend}: ${s.scenario} — raw ${rate(raw.perSecond)}/s, p95 ${ms(raw.p95)} ms (alone: API ${ms(apiAlone)} ms, SQL ${ms(rawAlone)} ms)`);
      rows.push({
        backend,
        group: s.group,
        scenario: s.scenario,
        url: s.url,
        rows: total,
        api,
        raw,
        alone: { api: apiAlone, raw: rawAlone, cold },
        apiCpu,
        rawCpu,
        sql: { session: session.length, plan: describePlan(plan) },
        plan,
        reference: false,
        explain: await explain(plan),
      });
    }

    // references: the session check alone (platform overhead with one statement), and bare Fastify (framework floor)
    {
      const url = '/api/auth/session';
      await keepAlive();
      log(`${backend}: reference ${url} …`);
      const { api, cpu: apiCpu, captured: c, alone: apiAlone } = await runApi(`${base}${url}`, sessions.district.cookie, true);
      const captured = c!.captured;
      const plan: RawPlan = { steps: [captured] };
      const { raw, cpu: rawCpu, alone: rawAlone } = await runRaw(plan);
      rows.push({
        backend,
        group: 'ref',
        scenario: 'ref · session check (GET /api/auth/session)',
        url,
        rows: null,
        api,
        raw,
        alone: { api: apiAlone, raw: rawAlone },
        apiCpu,
        rawCpu,
        sql: { session: captured.length, plan: '' },
        plan,
        reference: true,
      });
    }
    {
      log(`${backend}: reference bare Fastify …`);
      const { api, cpu: apiCpu, alone: apiAlone } = await runApi(`http://127.0.0.1:${child.hello.barePort}/hello`, null, false);
      rows.push({
        backend,
        group: 'ref',
        scenario: 'ref · bare Fastify hello world',
        url: '/hello',
        rows: null,
        api,
        raw: null,
        alone: { api: apiAlone, raw: null },
        apiCpu,
        rawCpu: null,
        sql: null,
        plan: null,
        reference: true,
      });
    }

    // last, since it adds rows: the bulk import
    let imported: ImportRun | null = null;
    if (importFile) {
      await settle();
      await keepAlive();
      imported = await runImport({ backend, base, child, session: sessions.city, file: importFile, rows: o.importRows, pids: pids(), settle });
    }
    return { backend, idleBusy, version, seeded, migrateMs, dbPool: child.hello.dbPool, rows, imported, load: { before: loadBefore, after: os.loadavg()[0] } };
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

// ---------------------------------------------------------------- the import

/** A captured request's time before the first statement matching `re` was issued, and from then to its last answer. */
function splitAt(c: CaptureSummary, re: RegExp): { before: number; after: number } {
  const t0 = c.timeline[0]?.startedAt ?? NaN;
  const end = Math.max(...c.timeline.map((x) => x.endedAt));
  const at = c.timeline.find((x) => re.test(x.text))?.startedAt ?? end;
  return { before: at - t0, after: end - at };
}

/**
 * An .xlsx as a user fills the import template: the template's header row (IMPORT_COLUMNS, in order), one enterprise a
 * row with 企业名称, 统一社会信用代码, 所属区县, 所属行业, 企业规模, 企业类型, 主营产品, 经营地址, 联系人, 联系电话 filled
 * the way people write them (district names, industry as C39 / 39 / its name, size and kind labels). Generated like the
 * seeded enterprises, from credit-code indexes no seeded enterprise uses, so no row collides with the registry.
 */
async function buildImportFile(file: string, rows: number, seed: number, districts: DistrictRef[]): Promise<{ file: string; bytes: number; ms: number }> {
  const t = performance.now();
  const gen = enterpriseGenerator(seed + 1, districts);
  const label = (type: string) => new Map((DICT_SEEDS.find((d) => d.code === type)?.items ?? []).map((i) => [i.value, i.labelZh]));
  const sizes = label('enterprise_size');
  const kinds = label('enterprise_kind');
  const industryName = new Map(GBT4754_2017.map((e) => [e.code, e.nameZh]));
  const districtName = new Map(districts.map((d) => [d.code, d.name]));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: false });
  const ws = wb.addWorksheet('企业名录');
  ws.addRow(IMPORT_COLUMNS.map((c) => c.zh)).commit();
  for (let k = 0; k < rows; k++) {
    const e = gen(IMPORT_INDEX_BASE + k);
    const r = e.draw[0];
    const cells: Partial<Record<ImportColumnKey, string>> = {
      name: e.name,
      creditCode: e.creditCode,
      district: districtName.get(e.districtCode) ?? e.districtCode,
      industry: r < 0.6 ? `${e.industrySection}${e.industryCode}` : r < 0.85 ? e.industryCode : (industryName.get(e.industryCode) ?? e.industryCode),
      size: e.size ? (sizes.get(e.size) ?? e.size) : '',
      kinds: e.kinds.map((x) => kinds.get(x) ?? x).join('、'),
      products: e.products ?? '',
      opAddress: e.opAddress ?? e.regAddress ?? '',
      contactName: e.contactName ?? '',
      contactPhone: e.contactPhone ?? '',
    };
    ws.addRow(IMPORT_COLUMNS.map((c) => cells[c.key] ?? '')).commit();
  }
  ws.commit();
  await wb.commit();
  return { file, bytes: fs.statSync(file).size, ms: performance.now() - t };
}

/**
 * The import through the real API, as the import page drives it: upload the bytes (POST /api/files), check
 * (POST /api/enterprises/imports, NDJSON), commit (POST …/commit, NDJSON) with its SQL captured; then the commit's
 * INSERT statements (orgs, then enterprises, per batch) replayed in order in one transaction on the database as it
 * was before the commit (the imported rows deleted first, inside that transaction), and rolled back.
 */
async function runImport(a: {
  backend: Backend;
  base: string;
  child: Child;
  session: Session;
  file: { file: string; bytes: number; ms: number };
  rows: number;
  pids: { server?: number; postmaster?: number };
  settle: () => Promise<void>;
}): Promise<ImportRun> {
  const { backend, base, child, session } = a;
  const run: ImportRun = {
    backend,
    rows: a.rows,
    fileBytes: a.file.bytes,
    buildMs: a.file.ms,
    uploadMs: NaN,
    check: null,
    commit: null,
    totalMs: NaN,
    raw: null,
    captured: null,
    cpu: { check: null, commit: null },
    garbled: null,
  };
  log(`${backend}: import — upload ${(a.file.bytes / 2 ** 20).toFixed(1)} MB …`);
  const t0 = performance.now();
  const up = await fetch(`${base}/api/files`, {
    method: 'POST',
    headers: {
      'content-type': 'application/octet-stream',
      'x-file-name': encodeURIComponent(path.basename(a.file.file)),
      cookie: session.cookie,
      'x-csrf-token': session.csrf,
    },
    body: fs.readFileSync(a.file.file),
  });
  if (up.status !== 200) throw new Error(`upload: HTTP ${up.status} ${await up.text()}`);
  const { id: fileId } = (await up.json()) as { id: number };
  run.uploadMs = performance.now() - t0;

  log(`${backend}: import — check …`);
  await child.call({ cmd: 'capture-start' });
  const { result: checked, cpu: checkCpu } = await withCpu(a.pids, () => ndjson(base, '/api/enterprises/imports', session, { fileId, mode: 'insert' }));
  const checkSql = await child.call<CaptureSummary>({ cmd: 'capture-stop', keep: true });
  run.cpu.check = checkCpu;
  if (!checked.result) {
    run.error = `check: ${JSON.stringify(checked.error)}`;
    log(`${backend}: import — ${run.error}`);
    return run;
  }
  const job = checked.result as { id: number; validRows: number; errorRows: number; errors: { row: number; column: string; message: string }[] };
  const registry = splitAt(checkSql, /from "enterprises" where .*"credit_code" in \(/);
  run.check = { ms: checked.ms, readMs: registry.before, registryMs: registry.after, validRows: job.validRows, errorRows: job.errorRows };
  if (job.errorRows) log(`${backend}: import — ${job.errorRows} rows with errors, e.g. ${JSON.stringify(job.errors.slice(0, 3))}`);

  log(`${backend}: import — commit ${job.validRows.toLocaleString('en-US')} rows …`);
  await child.call({ cmd: 'capture-start' });
  const { result: committed, cpu: commitCpu } = await withCpu(a.pids, () => ndjson(base, `/api/enterprises/imports/${job.id}/commit`, session, {}));
  run.captured = await child.call<CaptureSummary>({ cmd: 'capture-stop', keep: true });
  run.cpu.commit = commitCpu;
  run.totalMs = performance.now() - t0;
  if (!committed.result) {
    run.error = `commit: ${JSON.stringify(committed.error)}`;
    log(`${backend}: import — ${run.error}`);
    return run;
  }
  const write = splitAt(run.captured, /^select nextval\(/);
  run.commit = { ms: committed.ms, recheckMs: write.before, writeMs: write.after, inserted: Number((committed.result as { inserted?: number }).inserted ?? 0) };
  log(
    `${backend}: import — upload ${(run.uploadMs / 1000).toFixed(1)} s, check ${(run.check.ms / 1000).toFixed(1)} s, commit ${(run.commit.ms / 1000).toFixed(1)} s: ` +
      `${rate(a.rows / (run.totalMs / 1000))} rows/s end to end; raw SQL …`,
  );

  await a.settle();
  const me = `(select id from users where username = '${BENCH_ACCOUNTS.city}')`;
  const [{ n: garbled }] = await child.call<{ n: number }[]>({
    cmd: 'query',
    text: `select count(*)::int as n from enterprises where source = 'import' and created_by = ${me}
              and concat_ws('|', name, products, op_address, contact_name, contact_phone) like '%' || chr(65533) || '%'`,
  });
  run.garbled = garbled;
  if (garbled) log(`${backend}: import — ${garbled} imported records hold U+FFFD (characters broken while reading the workbook)`);
  // the state before the commit, inside the replay's transaction: the imported rows deleted (foreign-key triggers off
  // meanwhile: nothing refers to them, and enterprises.merged_into_id has no index to make that check cheap)
  run.raw = await child.call<ReplayResult>({
    cmd: 'replay-tx',
    before: [
      `set local session_replication_role = replica`,
      `with gone as (delete from enterprises where source = 'import' and created_by = ${me} returning org_id)
       delete from orgs where id in (select org_id from gone)`,
      `set local session_replication_role = origin`,
    ],
    match: '^\\s*insert into (orgs|enterprises) ',
  });
  log(`${backend}: import — raw SQL: ${run.raw.statements} INSERT statements, ${run.raw.rows.toLocaleString('en-US')} rows in ${(run.raw.ms / 1000).toFixed(1)} s`);
  return run;
}

// ---------------------------------------------------------------- the report


const GOAL_P95_MS = 50;
/** the protection network's goal (issue 3): dashboard and public directory with 100,000 sites */
const GOAL_SITES_P95_MS = 100;
const GOAL_RATIO = 2;
const goalP95 = (r: Row) => (r.group === 'sites' ? GOAL_SITES_P95_MS : GOAL_P95_MS);

/** API p95 ÷ raw SQL p95; NaN when either is missing (e.g. nothing completed in the window). */
const ratioOf = (r: Row) => (r.raw && r.raw.p95 ? r.api.p95 / r.raw.p95 : NaN);

function mark(r: Row): string {
  if (r.reference || !r.raw) return '—';
  const misses: string[] = [];
  if (r.backend === 'postgres' && !(r.api.p95 <= goalP95(r))) misses.push(`p95 > ${goalP95(r)}`);
  if (!(ratioOf(r) <= GOAL_RATIO)) misses.push(`ratio > ${GOAL_RATIO}`);
  if (misses.length) return `FAIL (${misses.join(', ')})`;
  return r.backend === 'postgres' ? 'PASS' : 'PASS (ratio; no p95 goal)';
}

function table(runs: BackendRun[]): string {
  const head = ['backend', 'scenario', 'rows', 'alone', 'cold', 'API req/s', 'p50', 'p95', 'p99', 'SQL alone', 'SQL/s', 'SQL p50', 'SQL p95', 'SQL p99', 'API÷SQL p95', 'goal'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((h, i) => (i < 2 ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const run of runs) {
    for (const r of run.rows) {
      const errs = r.api.errors + r.api.non2xx;
      lines.push(
        `| ${[
          r.backend,
          r.scenario + (errs ? ` ⚠ ${errs} errors` : ''),
          r.rows === null ? '' : r.rows.toLocaleString('en-US'),
          ms(r.alone.api),
          r.alone.cold == null ? '' : ms(r.alone.cold),
          rate(r.api.perSecond),
          ms(r.api.p50),
          ms(r.api.p95),
          ms(r.api.p99),
          r.alone.raw === null ? '' : ms(r.alone.raw),
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

const GOAL_IMPORT_S = 30;
const GOAL_IMPORT_ROWS = 100_000;

function importTable(runs: BackendRun[]): string {
  const head = ['backend', 'rows', 'inserted', 'file MB', 'upload s', 'check s (rows + registry)', 'commit s (re-check + write)', 'end to end s', 'rows/s', 'raw SQL s', 'raw rows/s', 'API÷SQL', 'goal'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i < 1 ? ' --- ' : ' ---: ')).join('|')}|`];
  const s = (v: number | undefined) => (typeof v === 'number' && Number.isFinite(v) ? (v / 1000).toFixed(1) : '—');
  for (const run of runs) {
    const r = run.imported;
    if (!r) continue;
    const inserted = r.commit?.inserted ?? 0;
    const perS = inserted / (r.totalMs / 1000);
    const rawPerS = r.raw ? r.raw.rows / (r.raw.ms / 1000) : NaN;
    // the goal is stated for a file of 100,000 rows on PostgreSQL
    const goal = r.error
      ? `FAIL (${r.error.slice(0, 80)})`
      : run.backend !== 'postgres' || r.rows < GOAL_IMPORT_ROWS
        ? '—'
        : r.totalMs / 1000 <= GOAL_IMPORT_S
          ? 'PASS'
          : `FAIL (> ${GOAL_IMPORT_S} s)`;
    lines.push(
      `| ${[
        r.backend,
        r.rows.toLocaleString('en-US'),
        inserted.toLocaleString('en-US') +
          (r.check?.errorRows ? ` ⚠ ${r.check.errorRows} rows refused` : '') +
          (r.garbled ? ` ⚠ ${r.garbled} with U+FFFD` : ''),
        (r.fileBytes / 2 ** 20).toFixed(1),
        s(r.uploadMs),
        r.check ? `${s(r.check.ms)} (${s(r.check.readMs)} + ${s(r.check.registryMs)})` : '—',
        r.commit ? `${s(r.commit.ms)} (${s(r.commit.recheckMs)} + ${s(r.commit.writeMs)})` : '—',
        s(r.totalMs),
        rate(perS),
        r.raw ? s(r.raw.ms) : '—',
        rate(rawPerS),
        r.raw && r.commit ? (r.totalMs / r.raw.ms).toFixed(1) : '—',
        goal,
      ].join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

function report(runs: BackendRun[], o: Options, startedAt: Date, wallS: number): string {
  const cpus = os.cpus();
  const out: string[] = [];
  const title = [
    o.scenarios.has('users') ? 'scoped lists' : null,
    o.scenarios.has('enterprises') || o.scenarios.has('import') ? 'the enterprise registry' : null,
    o.scenarios.has('sites') ? `the protection network (${o.sites.toLocaleString('en-US')} sites, 46 regions)` : null,
  ].filter(Boolean);
  out.push(`# Benchmark: ${title.length ? title.join(', ') : 'scoped user list'} (\`npm run bench\`)`, '');
  out.push(
    `Run ${startedAt.toISOString()} · ${wallS.toFixed(0)} s wall · ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB · Node ${process.version} · ${os.platform()} ${os.release()}`,
  );
  out.push(
    `Load: ${o.connections} connections, ${o.warmupS} s warm-up + ${o.durationS} s measured per row · ${o.users.toLocaleString('en-US')} generated users` +
      (o.enterprises ? ` and ${o.enterprises.toLocaleString('en-US')} enterprises` : '') +
      (o.sites ? ` and ${o.sites.toLocaleString('en-US')} protection sites over 46 regions` : '') +
      ` (seed ${o.seed}) · page size ${o.pageSize} · user search q=\`${o.q}\`` +
      (o.scenarios.has('enterprises') ? ` · enterprise search q=${o.entQ.map((q) => `\`${q}\``).join(', ')}` : '') +
      (o.scenarios.has('import') ? ` · import of ${o.importRows.toLocaleString('en-US')} rows` : '') +
      (o.scenarios.has('sites') ? ` · directory search q=\`${o.sitesQ}\`, filter district ${o.sitesDistrict} & service ${o.sitesService}` : ''),
  );
  out.push(
    AS_DEPLOYED
      ? 'As deployed: PostgreSQL with fsync, synchronous commit and full-page writes on; the server\'s logger at info (lines made, written to /dev/null).'
      : '**BENCH_FAST**: PostgreSQL with fsync off and the logger off — not what a deployment runs.',
  );
  for (const r of runs) {
    out.push(
      `- **${r.backend}**: ${r.version}; server pool ${r.dbPool} connections (raw SQL: ${r.backend === 'postgres' ? `pg.Pool of ${o.connections} in the driver process` : 'in the server process, same PGlite instance'}); ` +
        `seeded ${r.seeded.users.toLocaleString('en-US')} users / ${r.seeded.orgs} organisations` +
        (r.seeded.enterprises ? ` / ${r.seeded.enterprises.toLocaleString('en-US')} enterprises` : '') +
        (r.seeded.sites ? ` / ${r.seeded.sites.toLocaleString('en-US')} sites` : '') +
        ` in ${(r.seeded.ms / 1000).toFixed(1)} s ` +
        `(${Object.entries(r.seeded.phases)
          .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`)
          .join(', ')}), migrations ${(r.migrateMs / 1000).toFixed(1)} s` +
        (r.idleBusy === null ? '' : `; other work on the machine before the measurements: ${(r.idleBusy * 100).toFixed(0)} % of its CPU`) +
        `; load average (1 min) ${r.load.before.toFixed(2)} before, ${r.load.after.toFixed(2)} after`,
    );
  }
  if (o.enterprises && !runs.some((r) => r.rows.some((x) => x.group === 'enterprises'))) {
    out.push('', '_Enterprise scenarios were not run (see --scenarios)._');
  }
  out.push('', table(runs), '');
  out.push(
    `Latencies in ms. API: autocannon, every 2xx response time. SQL: the statements the same request sent to the database (captured at the driver), ` +
      `replayed in a closed loop at the same concurrency, in the same steps (statements the service issued together, e.g. a page and its count, run together); the session lookup is not in it. ` +
      `Goal: p95 ≤ ${GOAL_P95_MS} ms on PostgreSQL (the sites scenarios: ≤ ${GOAL_SITES_P95_MS} ms), API p95 ÷ SQL p95 ≤ ${GOAL_RATIO} (marks are informative; the bench does not fail on them). ` +
      `Rows: the list's total; for a dashboard, the sites in its scope (the pipeline's sum). A public route has no session lookup. ` +
      `A list's count is cached by the server for a few seconds per exact statement (cachedCount), so under load the API mostly skips it; the raw replay runs it every time.`,
  );
  if (runs.some((r) => r.imported)) {
    out.push('', '**Enterprise import** (one run of the real flow: upload, check, commit of an .xlsx in the template\'s columns):', '', importTable(runs), '');
    out.push(
      'Times in s. check = POST /api/enterprises/imports: reading the workbook and checking its rows, then the registry (duplicate credit codes, 1,000 a statement) ' +
        'and the job record; commit = POST …/commit: in its transaction the file read and checked again, then written (from the first id allocation on). ' +
        'The splits come from when the server issued its statements (captured at the driver). end to end = upload + check + commit (as the client saw them); ' +
        'rows/s = inserted ÷ end to end. ' +
        'raw SQL = the INSERT statements the commit sent (organisations, then enterprises, 5,000 rows each, captured at the driver) replayed in order in one transaction ' +
        '(the imported rows deleted first in that transaction, then rolled back); API÷SQL = end to end ÷ raw. ' +
        `Goal: ${GOAL_IMPORT_ROWS.toLocaleString('en-US')} rows in under ${GOAL_IMPORT_S} s end to end on PostgreSQL.`,
    );
    for (const run of runs) {
      const r = run.imported;
      if (!r) continue;
      const cpu = (c: CpuUse | null) =>
        c ? `server ${(c.server / 1000).toFixed(1)} s, ${run.backend === 'pglite' ? 'database in server' : `PostgreSQL ${(c.database / 1000).toFixed(1)} s`}, elsewhere ${((c.elsewhere / (c.wallMs * c.cores)) * 100).toFixed(0)} %` : '—';
      out.push(
        '',
        `- ${run.backend}: workbook built in ${(r.buildMs / 1000).toFixed(1)} s (not timed); CPU during the check: ${cpu(r.cpu.check)}; during the commit: ${cpu(r.cpu.commit)}` +
          (r.captured ? `; the commit sent ${r.captured.statements} statements: ${r.captured.kinds.map((k) => `${k.count} × \`${k.head.slice(0, 40)}…\``).join(', ')}` : ''),
      );
    }
  }
  out.push('', cpuTable(runs), '');
  out.push(
    'CPU per completed request (API) or per replayed statement set (SQL), in ms, from /proc: the load generator and the raw-SQL client ' +
      '(this process), the server child (with PGlite, the database too), PostgreSQL (all its processes). "Elsewhere" is the share of the ' +
      "machine's CPU that other work used during the measurement; where it is high the row's figures are low for reasons outside the benchmark.",
  );
  const sqlLines = runs.flatMap((run) =>
    run.rows
      .filter((r) => r.sql && !r.reference)
      .map((r) => `- ${run.backend} · ${r.scenario}: \`GET ${r.url}\` → ${r.sql!.session} session lookup + ${r.sql!.plan}`),
  );
  if (sqlLines.length) out.push('', 'Statements per request:', ...sqlLines);
  const all = runs.flatMap((r) => r.rows).filter((r) => r.plan && !r.reference);
  const samples = [
    all.find((r) => r.scenario.startsWith('city · q=')),
    all.find((r) => r.scenario.startsWith('enterprises · city · q=')),
    all.find((r) => r.scenario.startsWith('enterprises · district · industry')),
    all.find((r) => r.scenario === 'sites · city · dashboard'),
    all.find((r) => r.scenario.startsWith('sites · public · q=')),
    all.find((r) => r.scenario.startsWith('sites · public · district')),
  ];
  for (const sample of samples) {
    if (!sample?.plan) continue;
    out.push('', `SQL of \`${sample.url}\` (${sample.backend}) as captured:`, '', '```sql');
    for (const q of sample.plan.steps.flat()) out.push(`${q.text};  -- ${JSON.stringify(q.params).slice(0, 200)}`);
    out.push('```');
  }
  const explained = all.filter((r) => r.explain?.length);
  if (explained.length) {
    out.push('', '## EXPLAIN (ANALYZE, BUFFERS)', '', 'Each statement of each scenario, run once with the server idle, after the measurements of that scenario.');
    for (const r of explained) {
      out.push('', `### ${r.backend} · ${r.scenario}`, '');
      r.plan!.steps.flat().forEach((q, i) => {
        out.push('```', `${q.text.replace(/\s+/g, ' ').slice(0, 300)}${q.text.length > 300 ? ' …' : ''}`, `-- ${JSON.stringify(q.params).slice(0, 200)}`, '', r.explain![i], '```');
      });
    }
  }
  return out.join('\n') + '\n';
}

// ---------------------------------------------------------------- main

async function main() {
  const o = parseOptions(process.argv.slice(2));
  const startedAt = new Date();
  const t0 = performance.now();
  log(
    `${o.users.toLocaleString('en-US')} users` +
      (o.enterprises ? ` · ${o.enterprises.toLocaleString('en-US')} enterprises` : '') +
      (o.sites ? ` · ${o.sites.toLocaleString('en-US')} sites` : '') +
      ` (${[...o.scenarios].join(', ')})` +
      ` · ${o.connections} connections · ${o.warmupS}+${o.durationS} s per row · backends ${o.backends.join(', ')} · ${os.cpus().length} CPUs`,
  );
  const runs: BackendRun[] = [];
  const onlyCases = [...o.scenarios].every((g) => g === 'cases' || g === 'inbox' || g === 'credit');
  if (!onlyCases) for (const b of o.backends) runs.push(await runBackend(b, o));
  let text = onlyCases ? `# Benchmark ${startedAt.toISOString()} · ${os.cpus().length} CPUs · ${os.loadavg()[0].toFixed(2)} load` : report(runs, o, startedAt, (performance.now() - t0) / 1000);
  if (o.scenarios.has('cases')) {
    text += `\n\n${await runCasesBench({
      backends: o.backends,
      cases: o.cases,
      submitters: o.submitters,
      killAfterS: o.killAfterS,
      durationS: o.durationS,
      warmupS: o.warmupS,
      connections: o.connections,
      seed: o.seed,
    })}`;
  }
  if (o.scenarios.has('inbox')) {
    text += `\n\n${await runInboxBench({ fanout: o.fanout, notices: o.notices, durationS: o.durationS, warmupS: o.warmupS, connections: o.connections, seed: o.seed })}`;
  }
  if (o.scenarios.has('credit')) {
    text += `\n\n${await runCreditBench({ records: o.creditRecords, exportRows: o.creditExport, exportRuns: o.creditExportRuns, durationS: o.durationS, warmupS: o.warmupS, connections: o.connections, seed: o.seed })}`;
  }
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
