import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Database, Db } from '../db/client.js';
import { rowsOf } from '../db/sql.js';

/**
 * Background work: one service runs every job of the platform (docs/architecture.md § Jobs). A module adds its jobs
 * in its `register(app, deps)`; the app starts them when it is ready and stops them on close. Nothing else in the
 * server keeps a timer of its own for recurring work.
 *
 * - **Schedule**: `every` (ms from one start to the next) or `next` (when to run next, given when the last run ended).
 *   A run never overlaps another run of the same job on this node: a tick that comes while one is running waits for it,
 *   and a run longer than `every` is followed at once by the next.
 * - **One node at a time**: a job with `lock` runs inside one transaction that first takes
 *   `pg_try_advisory_xact_lock(lock)`; when another node holds it, this node skips the tick (runNow answers null).
 *   Chosen over a session lock on a dedicated connection because the transaction's lock is released by its commit or
 *   rollback whatever happens (a failed run, a lost connection, a killed node: nothing to unlock, no connection kept
 *   out of the pool between runs), the job's writes commit together with the lock that guarded them, and on PGlite
 *   (one connection, one transaction at a time) it is granted at once and costs nothing. The price: a job with a lock
 *   holds one transaction for its whole run, so such a job does its work in bounded batches.
 *   A job whose work spans several transactions leaves `lock` unset and takes the same kind of lock itself with
 *   `tryAdvisoryXactLock` (the proof-log integrator does: it halts the log in a second transaction after a failed check).
 * - **Errors** of a scheduled run are logged with the job's name and the schedule goes on; `runNow` throws them.
 * - **Stop**: `stop()` (on the app's close) cancels what is scheduled and waits for a run in progress to finish.
 */

/** What a run of a job gets. */
export interface JobRun {
  /** the job's transaction (holding its advisory lock) when it declares `lock`; else the database itself */
  db: Db;
  database: Database;
  /** when this run started */
  now: Date;
  log: FastifyBaseLogger;
}

export interface JobSpec<R = unknown> {
  /** unique within the app: `<module>.<what>`, e.g. `cases.reminders` (logs and runNow use it) */
  name: string;
  /** milliseconds from one start to the next */
  every?: number;
  /** or: the time of the next run, given when the last one ended (e.g. the next morning at 08:00) */
  next?: (after: Date) => Date;
  /** a PostgreSQL advisory lock key (a 32-bit integer, unique per job): only the node holding it runs a tick */
  lock?: number;
  /** the first run as soon as the app is ready (default: one interval after) */
  runAtStart?: boolean;
  run(job: JobRun): Promise<R>;
}

interface Entry {
  spec: JobSpec;
  timer?: NodeJS.Timeout;
  /** the last run queued on this node (settled), so runs of one job follow each other */
  tail: Promise<unknown>;
}

/** `pg_try_advisory_xact_lock(key)` in the current transaction: true when this transaction holds the lock now. */
export async function tryAdvisoryXactLock(db: Db, key: number): Promise<boolean> {
  const [row] = rowsOf<{ ok: boolean }>(await db.execute(sql`select pg_try_advisory_xact_lock(${key}) as ok`));
  return row?.ok === true;
}

export class Jobs {
  private readonly entries = new Map<string, Entry>();
  private started = false;
  private stopped = false;

  constructor(
    private readonly database: Database,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Adds a job; once the service has started, it is scheduled at once. */
  add<R>(spec: JobSpec<R>): void {
    if (this.entries.has(spec.name)) throw new Error(`job ${spec.name} is added twice`);
    if ((spec.every === undefined) === (spec.next === undefined)) throw new Error(`job ${spec.name}: give exactly one of every and next`);
    if (spec.every !== undefined && !(spec.every > 0)) throw new Error(`job ${spec.name}: every must be > 0 ms`);
    const entry: Entry = { spec: spec as JobSpec, tail: Promise.resolve() };
    this.entries.set(spec.name, entry);
    if (this.started && !this.stopped) this.schedule(entry, spec.runAtStart ? 0 : this.delayAfter(spec, Date.now(), Date.now()));
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  /** Schedules every job (the app calls it when ready). */
  start(): void {
    if (this.started) return;
    this.started = true;
    const now = Date.now();
    for (const entry of this.entries.values()) this.schedule(entry, entry.spec.runAtStart ? 0 : this.delayAfter(entry.spec, now, now));
  }

  /** Cancels what is scheduled and waits for runs in progress (the app calls it on close). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const entry of this.entries.values()) clearTimeout(entry.timer);
    await Promise.all([...this.entries.values()].map((e) => e.tail));
  }

  /**
   * Runs a job once now, after a run of it in progress on this node (tests, the CLI, an operator's button). Answers
   * what the job answered, or null when another node holds the job's lock. Errors are thrown, not logged.
   */
  runNow<R = unknown>(name: string): Promise<R | null> {
    const entry = this.entries.get(name);
    if (!entry) throw new Error(`no job named ${name} (known: ${this.names().join(', ') || 'none'})`);
    if (this.stopped) throw new Error(`jobs are stopped: ${name} cannot run`);
    return this.enqueue(entry) as Promise<R | null>;
  }

  private enqueue(entry: Entry): Promise<unknown> {
    const result = entry.tail.then(() => this.execute(entry.spec));
    entry.tail = result.catch(() => undefined);
    return result;
  }

  private async execute(spec: JobSpec): Promise<unknown> {
    const now = new Date();
    if (spec.lock === undefined) return spec.run({ db: this.database.db, database: this.database, now, log: this.log });
    const key = spec.lock;
    return this.database.db.transaction(async (tx) => {
      if (!(await tryAdvisoryXactLock(tx, key))) {
        this.log.debug({ job: spec.name }, 'job skipped: another node holds its lock');
        return null;
      }
      return spec.run({ db: tx, database: this.database, now, log: this.log });
    });
  }

  private delayAfter(spec: JobSpec, startedAt: number, endedAt: number): number {
    if (spec.every !== undefined) return Math.max(0, spec.every - (endedAt - startedAt));
    return Math.max(0, spec.next!(new Date(endedAt)).getTime() - endedAt);
  }

  private schedule(entry: Entry, delay: number): void {
    if (this.stopped) return;
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => this.tick(entry), delay);
    // the server's listening socket keeps the process alive; a job alone must not (tests, CLI)
    entry.timer.unref();
  }

  private tick(entry: Entry): void {
    if (this.stopped) return;
    const startedAt = Date.now();
    void this.enqueue(entry)
      .catch((err: unknown) => this.log.error({ err, job: entry.spec.name }, `job ${entry.spec.name} failed`))
      .finally(() => this.schedule(entry, this.delayAfter(entry.spec, startedAt, Date.now())));
  }
}
