/**
 * Pieces shared by the benchmark driver (run.ts) and its server child (server.ts): the IPC messages, the SQL a request
 * issued (as captured from the driver), the closed-loop load runner for the raw SQL reference, and percentiles.
 */

/** One statement as the application sent it to the database driver. */
export interface CapturedQuery {
  text: string;
  params: unknown[];
  /** drizzle asks for array rows; the raw reference does the same */
  rowMode?: 'array';
  /** a prepared statement's name (node-postgres), replayed as such */
  name?: string;
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
  | { id: number; cmd: 'capture-stop' }
  | { id: number; cmd: 'raw'; plan: RawPlan; concurrency: number; warmupMs: number; durationMs: number };

export type ChildReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

export type ChildHello = { ready: true; apiPort: number; barePort: number; driver: string; dbPool: number; serverVersion: string };

/**
 * The SQL of one API request, in the order the service issues it: the statements of `parallel` together
 * (listUsers runs the page and the count with Promise.all), then each of `then` in turn (the role hydration).
 */
export interface RawPlan {
  parallel: CapturedQuery[];
  then: CapturedQuery[];
}

/** Splits what one request captured into the plan; the session lookup (the platform's own query) is left out. */
export function planOf(captured: CapturedQuery[]): { plan: RawPlan; session: CapturedQuery[] } {
  const session = captured.filter((q) => /\bfrom sessions s\b/.test(q.text));
  const rest = captured.filter((q) => !session.includes(q));
  const isHydration = (q: CapturedQuery) => /from "user_roles"/.test(q.text) && /"user_roles"\."user_id" in/.test(q.text);
  return { plan: { parallel: rest.filter((q) => !isHydration(q)), then: rest.filter(isHydration) }, session };
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

/** One raw-SQL unit for a plan, given how to run a statement. */
export function rawUnit(plan: RawPlan, exec: (q: CapturedQuery) => Promise<unknown>): () => Promise<void> {
  return async () => {
    await Promise.all(plan.parallel.map(exec));
    for (const q of plan.then) await exec(q);
  };
}

/** A captured statement as a node-postgres query config: same text, values, row mode and prepared-statement name. */
export function pgQuery(q: CapturedQuery): { text: string; values: unknown[]; rowMode?: 'array'; name?: string } {
  return { text: q.text, values: q.params, ...(q.rowMode ? { rowMode: q.rowMode } : {}), ...(q.name ? { name: q.name } : {}) };
}
