/**
 * Pieces shared by the benchmark driver (run.ts) and its server child (server.ts): the IPC messages, the SQL a request
 * issued (as captured from the driver), the closed-loop load runner for the raw SQL reference, and percentiles.
 */

/** One statement as the application sent it to the database driver. */
/**
 * Benchmarks measure the platform as deployed unless BENCH_FAST=1: PostgreSQL with fsync, synchronous commit and
 * full-page writes on, the server's logger at its default level (info; written to /dev/null, so the cost of making
 * every line is paid, not the terminal's). BENCH_FAST=1 gives the earlier setting (fsync off, logger off) for quick runs.
 */
export const AS_DEPLOYED = process.env.BENCH_FAST !== '1';

export interface CapturedQuery {
  text: string;
  params: unknown[];
  /** drizzle asks for array rows; the raw reference does the same */
  rowMode?: 'array';
  /** a prepared statement's name (node-postgres), replayed as such */
  name?: string;
  /** when the application issued it and when the driver answered (ms, the server's clock): tells parallel from sequential */
  startedAt?: number;
  endedAt?: number;
}

export interface LatencySummary {
  /** completed units (requests, or raw SQL round sets) in the measured window */
  count: number;
  errors: number;
  /** closed-loop replay only: units that finished after the window (their latency is not counted, their CPU is) */
  drained?: number;
  elapsedMs: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export type ChildRequest =
  | { id: number; cmd: 'idle'; quietMs: number; timeoutMs: number }
  | { id: number; cmd: 'capture-start' }
  /** forgets the server's short-lived caches (list counts, dashboards), so the next request computes everything */
  | { id: number; cmd: 'forget-caches' }
  /** keep: the statements stay in the child (a bulk import's are tens of MB) and only a summary comes back */
  | { id: number; cmd: 'capture-stop'; keep?: boolean }
  | { id: number; cmd: 'raw'; plan: RawPlan; concurrency: number; warmupMs: number; durationMs: number }
  /** the plan alone, one unit after the other (see alone()) */
  | { id: number; cmd: 'raw-alone'; plan: RawPlan }
  /**
   * In one transaction that is rolled back: run `before`, then (timed) the kept statements whose text matches `match`,
   * in the order they were captured.
   */
  | { id: number; cmd: 'replay-tx'; before: string[]; match: string }
  /** one statement on the server's database handle (rows as objects) */
  | { id: number; cmd: 'query'; text: string; params?: unknown[] }
  /** the child's process.memoryUsage(), after a full garbage collection when asked (the child runs with --expose-gc) */
  | { id: number; cmd: 'memory'; gc?: boolean }
  /** the credit export's XLSX writer alone in the server's process: `rows` 双公示 rows made in memory, written to a sink */
  | { id: number; cmd: 'xlsx-alone'; rows: number };

/** What a kept capture holds: how many statements, grouped by the start of their text, and when each ran. */
export interface CaptureSummary {
  statements: number;
  kinds: { head: string; count: number }[];
  /** every statement: its text (the first 1,000 characters), issued and answered (ms, the server's clock) */
  timeline: { text: string; startedAt: number; endedAt: number }[];
}

export interface ReplayResult {
  ms: number;
  statements: number;
  /** rows the replayed statements returned (an INSERT … RETURNING id: rows written) */
  rows: number;
}

export type ChildReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

export type ChildHello = { ready: true; apiPort: number; barePort: number; driver: string; dbPool: number; serverVersion: string };

/**
 * The SQL of one API request, as the service issued it: steps one after the other, the statements of a step together
 * (a list runs its page and its count with Promise.all: one step of two).
 */
export interface RawPlan {
  steps: CapturedQuery[][];
}

/**
 * The session lookup, and the refresh of the session's last-seen time that follows it now and then: the platform's own
 * statements, not the route's.
 */
export const isSessionLookup = (q: CapturedQuery) => /\bfrom sessions s\b/.test(q.text) || /^\s*update "sessions" set "last_seen_at"/.test(q.text);

/**
 * What one request captured, as a plan; the session lookup is left out. A statement issued while another of the
 * current step was still in flight joins that step (it was issued in parallel); one issued after they all finished
 * starts the next step.
 */
export function planOf(captured: CapturedQuery[]): { plan: RawPlan; session: CapturedQuery[] } {
  const session = captured.filter(isSessionLookup);
  const steps: CapturedQuery[][] = [];
  let stepEnd = -Infinity;
  for (const q of captured.filter((x) => !isSessionLookup(x))) {
    const started = q.startedAt ?? Infinity;
    if (steps.length && started < stepEnd) steps[steps.length - 1].push(q);
    else {
      steps.push([q]);
      stepEnd = -Infinity;
    }
    stepEnd = Math.max(stepEnd, q.endedAt ?? Infinity);
  }
  return { plan: { steps }, session };
}

/** "2 in parallel", "2 in parallel, then 1" */
export function describePlan(plan: RawPlan): string {
  return plan.steps.map((s) => (s.length > 1 ? `${s.length} in parallel` : '1')).join(', then ');
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function summarize(latencies: number[], errors: number, elapsedMs: number): LatencySummary {
  const s = Float64Array.from(latencies).sort();
  const arr = Array.from(s);
  return {
    count: arr.length,
    errors,
    elapsedMs,
    perSecond: arr.length / (elapsedMs / 1000),
    p50: percentile(arr, 50),
    p95: percentile(arr, 95),
    p99: percentile(arr, 99),
    max: arr.length ? arr[arr.length - 1] : NaN,
  };
}

/**
 * Closed loop, the way autocannon drives connections: `concurrency` workers each run `unit` back to back. A warm-up
 * loop of `warmupMs` runs first and is discarded; then a fresh measured loop of `durationMs` records every unit that
 * completes within it (units still in flight at the end are dropped, as autocannon drops its in-flight requests).
 */
export async function closedLoop(unit: () => Promise<void>, opts: { concurrency: number; warmupMs: number; durationMs: number }): Promise<LatencySummary> {
  if (opts.warmupMs > 0) await loop(unit, opts.concurrency, opts.warmupMs);
  return loop(unit, opts.concurrency, opts.durationMs);
}

async function loop(unit: () => Promise<void>, concurrency: number, durationMs: number): Promise<LatencySummary> {
  const latencies: number[] = [];
  let errors = 0;
  let drained = 0;
  let firstError: unknown;
  const start = performance.now();
  const end = start + durationMs;
  const worker = async () => {
    while (performance.now() < end) {
      const t = performance.now();
      try {
        await unit();
        const done = performance.now();
        if (done <= end) latencies.push(done - t);
        else drained++;
      } catch (err) {
        errors++;
        firstError ??= err;
        if (errors > 1000) throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (errors && !latencies.length) throw firstError;
  return { ...summarize(latencies, errors, durationMs), drained };
}

/**
 * Latency with nothing else running: `unit` back to back (one at a time) for at least `minMs` and `minRuns` runs, at
 * most `maxRuns`; the median. What one request costs before any queueing.
 */
export async function alone(unit: () => Promise<unknown>, opts: { minMs?: number; minRuns?: number; maxRuns?: number } = {}): Promise<number> {
  const { minMs = 1000, minRuns = 3, maxRuns = 30 } = opts;
  const times: number[] = [];
  const start = performance.now();
  while (times.length < maxRuns && (times.length < minRuns || performance.now() - start < minMs)) {
    const t = performance.now();
    await unit();
    times.push(performance.now() - t);
  }
  return percentile(times.sort((a, b) => a - b), 50);
}

/** One raw-SQL unit for a plan, given how to run a statement. */
export function rawUnit(plan: RawPlan, exec: (q: CapturedQuery) => Promise<unknown>): () => Promise<void> {
  return async () => {
    for (const step of plan.steps) await Promise.all(step.map(exec));
  };
}

/** A captured statement as a node-postgres query config: same text, values, row mode and prepared-statement name. */
export function pgQuery(q: CapturedQuery): { text: string; values: unknown[]; rowMode?: 'array'; name?: string } {
  return { text: q.text, values: q.params, ...(q.rowMode ? { rowMode: q.rowMode } : {}), ...(q.name ? { name: q.name } : {}) };
}
