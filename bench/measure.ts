/**
 * How one scenario is measured against the server child: warm-up, one request with its SQL captured, one request at a
 * time (alone) and cold (caches forgotten), then autocannon at the set concurrency; the captured statements replayed in a
 * closed loop (raw SQL) and, with --explain, EXPLAIN (ANALYZE, BUFFERS) of each.
 */
import type pg from 'pg';
import { BENCH_ACCOUNTS } from '../apps/server/src/cli/seed-scale.js';
import { cannon, type Child, getJson, login, type Session } from './child.js';
import { log, ms, rate } from './common.js';
import { withCpu, type CpuUse } from './cpu.js';
import { alone, closedLoop, describePlan, pgQuery, planOf, rawUnit, type CapturedQuery, type LatencySummary, type RawPlan } from './lib.js';
import { type Backend, type Options, shortCount } from './options.js';
import type { Row } from './report.js';
import type { Scenario } from './scenarios.js';

export type Sessions = { district: Session; city: Session };

export interface MeasureContext {
  backend: Backend;
  o: Options;
  child: Child;
  /** the server's API, http://127.0.0.1:port */
  base: string;
  /** the benchmark accounts' sessions (renewed by keepAlive when one ended) */
  sessions: Sessions;
  /** PostgreSQL: the raw-SQL client's pool (PGlite: the raw SQL runs in the server child) */
  pool?: pg.Pool;
  postmaster?: number;
}

export function measurer({ backend, o, child, base, sessions, pool, postmaster }: MeasureContext) {
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
    const waited = await child.call<number>({ cmd: 'idle', quietMs: 200, timeoutMs: 300_000 });
    if (waited > 1000) log(`${backend}: waited ${(waited / 1000).toFixed(1)} s for the server to finish requests left over from the last load`);
  };
  const capture = async (url: string, cookie: string) => {
    await settle();
    await child.call({ cmd: 'capture-start' });
    const body = await getJson(base, url, cookie);
    const captured = await child.call<CapturedQuery[]>({ cmd: 'capture-stop' });
    return { body, captured };
  };

  const pids = () => ({ server: child.proc.pid, postmaster });
  const runRaw = async (plan: RawPlan): Promise<{ raw: LatencySummary; cpu: CpuUse | null; alone: number }> => {
    const loop = (durationMs: number) => {
      const opts = { concurrency: o.connections, warmupMs: 0, durationMs };
      if (pool) return closedLoop(rawUnit(plan, (q: CapturedQuery) => pool.query(pgQuery(q))), opts);
      return child.call<LatencySummary>({ cmd: 'raw', plan, ...opts });
    };
    await settle();
    if (o.warmupS > 0) {
      await loop(o.warmupS * 1000);
      await settle();
    }
    const by1 = pool ? await alone(rawUnit(plan, (q: CapturedQuery) => pool.query(pgQuery(q)))) : await child.call<number>({ cmd: 'raw-alone', plan });
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
      await child.call({ cmd: 'forget-caches' });
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
      // a transaction's begin/commit caught in the capture window (a timer's work beside the request) has no plan
      if (/^\s*(begin|commit|rollback|set|savepoint|release)\b/i.test(q.text)) continue;
      const r = await pool.query({ text: `explain (analyze, buffers) ${q.text}`, values: q.params });
      out.push(r.rows.map((x: Record<string, string>) => x['QUERY PLAN']).join('\n'));
    }
    return out;
  };

  /** One scenario's row of the table: the API under load, the SQL it sent replayed under the same load, and their plans. */
  const scenarioRow = async (s: Scenario, size: number | null): Promise<Row> => {
    await keepAlive();
    log(`${backend}: ${s.scenario}${size === null ? '' : ` (${shortCount(size)})`} — API ${o.connections} connections …`);
    const { api, cpu: apiCpu, captured: c, alone: apiAlone, cold } = await runApi(`${base}${s.url}`, s.who ? sessions[s.who].cookie : null, true);
    // what that request sent to the database, captured at the driver in the server
    let { body, captured } = c!;
    let { plan, session } = planOf(captured);
    if (!plan.steps.length) {
      // the answer came whole from a short-lived cache (a dashboard): the reference is the SQL of computing it
      await child.call({ cmd: 'forget-caches' });
      ({ body, captured } = await capture(s.url, s.who ? sessions[s.who].cookie : ''));
      ({ plan, session } = planOf(captured));
      log(`${backend}: ${s.scenario} — served from the server's 10 s cache under load; the raw reference is the SQL of an uncached request`);
    }
    if (!plan.steps.length) throw new Error(`${s.scenario}: no SQL captured besides the session lookup`);
    const total = body.total ?? body.pipeline?.reduce((a, p) => a + p.count, 0) ?? null;
    log(`${backend}: ${s.scenario} — ${total ?? '—'}${body.capped ? '+' : ''} rows; API ${rate(api.perSecond)} req/s, p95 ${ms(api.p95)} ms; raw SQL (${describePlan(plan)}) …`);
    const { raw, cpu: rawCpu, alone: rawAlone } = await runRaw(plan);
    log(`${backend}: ${s.scenario} — raw ${rate(raw.perSecond)}/s, p95 ${ms(raw.p95)} ms (alone: API ${ms(apiAlone)} ms, SQL ${ms(rawAlone)} ms)`);
    return {
      backend,
      size,
      group: s.group,
      scenario: s.scenario,
      url: s.url,
      rows: total,
      capped: !!body.capped,
      api,
      raw,
      alone: { api: apiAlone, raw: rawAlone, cold },
      apiCpu,
      rawCpu,
      sql: { session: session.length, plan: describePlan(plan) },
      plan,
      reference: false,
      explain: await explain(plan),
    };
  };

  /** The references: the session check alone (platform overhead with one statement), and bare Fastify (framework floor). */
  const referenceRows = async (): Promise<Row[]> => {
    const url = '/api/auth/session';
    await keepAlive();
    log(`${backend}: reference ${url} …`);
    const session = await runApi(`${base}${url}`, sessions.district.cookie, true);
    const captured = session.captured!.captured;
    const plan: RawPlan = { steps: [captured] };
    const sql = await runRaw(plan);
    log(`${backend}: reference bare Fastify …`);
    const bare = await runApi(`http://127.0.0.1:${child.hello.barePort}/hello`, null, false);
    const ref = { backend, size: null, rows: null, capped: false, reference: true } as const;
    return [
      {
        ...ref,
        group: 'ref',
        scenario: 'ref · session check (GET /api/auth/session)',
        url,
        api: session.api,
        raw: sql.raw,
        alone: { api: session.alone, raw: sql.alone },
        apiCpu: session.cpu,
        rawCpu: sql.cpu,
        sql: { session: captured.length, plan: '' },
        plan,
      },
      {
        ...ref,
        group: 'ref',
        scenario: 'ref · bare Fastify hello world',
        url: '/hello',
        api: bare.api,
        raw: null,
        alone: { api: bare.alone, raw: null },
        apiCpu: bare.cpu,
        rawCpu: null,
        sql: null,
        plan: null,
      },
    ];
  };

  return { keepAlive, settle, capture, pids, runRaw, runApi, explain, scenarioRow, referenceRows };
}
