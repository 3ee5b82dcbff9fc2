/**
 * The jobs service on a real database: a job's runs never overlap on one node, a job with a lock runs on one node at
 * a time (asserted on PostgreSQL: PGlite runs one transaction at a time, so two nodes never race there), errors of
 * scheduled runs are logged with the job's name and the schedule goes on, and stop() waits for a run in progress.
 * No test waits for a fixed time: each waits for the run it asserts on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyBaseLogger } from 'fastify';
import pg from 'pg';
import type { Database } from '../db/client.js';
import { rowsOf } from '../db/sql.js';
import { sql } from 'drizzle-orm';
import { Jobs, tryAdvisoryXactLock } from './jobs.js';
import { createTestApp, DB_KIND, openTestDb } from '../../test/harness.js';

interface Line {
  level: string;
  obj: Record<string, unknown>;
  msg: string;
}
/** A logger that keeps what it is given. */
function captureLog() {
  const lines: Line[] = [];
  const at = (level: string) => (obj: Record<string, unknown>, msg: string) => void lines.push({ level, obj, msg });
  const log = { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug'), trace: at('trace'), fatal: at('fatal') };
  return { lines, log: { ...log, child: () => log, level: 'debug' } as unknown as FastifyBaseLogger };
}

/** A promise with its resolve at hand. */
function gate<T = void>() {
  let open!: (v: T) => void;
  const promise = new Promise<T>((r) => (open = r));
  return { promise, open };
}

let database: Database;
let drop: () => Promise<void>;
beforeAll(async () => ({ database, drop } = await openTestDb()));
afterAll(async () => {
  await database.close();
  await drop();
});

describe('jobs', () => {
  it('refuses a second job of the same name, a job without a schedule and an unknown name', () => {
    const jobs = new Jobs(database, captureLog().log);
    jobs.add({ name: 'a.b', every: 1000, run: async () => 1 });
    expect(() => jobs.add({ name: 'a.b', every: 1000, run: async () => 2 })).toThrow(/twice/);
    expect(() => jobs.add({ name: 'a.c', run: async () => 2 })).toThrow(/every and next/);
    expect(() => jobs.runNow('a.d')).toThrow(/no job named a\.d/);
    expect(jobs.names()).toEqual(['a.b']);
  });

  it('runNow answers what the job answers; a job with a lock runs in a transaction that holds it', async () => {
    const jobs = new Jobs(database, captureLog().log);
    jobs.add({ name: 'plain', every: 60_000, run: async ({ now }) => now instanceof Date });
    jobs.add({
      name: 'locked',
      every: 60_000,
      lock: 7_399_001,
      // the advisory lock is held by this transaction: asking again in it is granted (the same session holds it)
      run: async ({ db }) => {
        const [r] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from pg_locks where locktype = 'advisory' and objid = 7399001 and granted`));
        return { held: r?.n ?? 0, again: await tryAdvisoryXactLock(db, 7_399_001) };
      },
    });
    expect(await jobs.runNow('plain')).toBe(true);
    expect(await jobs.runNow('locked')).toEqual({ held: 1, again: true });
  });

  it('never runs a job twice at once on one node: a second run waits for the first', async () => {
    const jobs = new Jobs(database, captureLog().log);
    let running = 0;
    let most = 0;
    let runs = 0;
    const first = gate();
    const entered = gate();
    jobs.add({
      name: 'slow',
      every: 60_000,
      run: async () => {
        running++;
        most = Math.max(most, running);
        runs++;
        if (runs === 1) {
          entered.open();
          await first.promise;
        }
        running--;
        return runs;
      },
    });
    const a = jobs.runNow<number>('slow');
    await entered.promise;
    const b = jobs.runNow<number>('slow');
    first.open();
    expect(await a).toBe(1);
    expect(await b).toBe(2);
    expect(most).toBe(1);
  });

  it('a scheduled run that fails is logged with the job name, and the schedule goes on', async () => {
    const { lines, log } = captureLog();
    const jobs = new Jobs(database, log);
    const second = gate<number>();
    let runs = 0;
    jobs.add({
      name: 'flaky',
      every: 1,
      runAtStart: true,
      run: async () => {
        runs++;
        if (runs === 1) throw new Error('first run fails');
        second.open(runs);
      },
    });
    jobs.start();
    expect(await second.promise).toBe(2);
    await jobs.stop();
    const failed = lines.find((l) => l.level === 'error');
    expect(failed?.obj.job).toBe('flaky');
    expect(failed?.msg).toBe('job flaky failed');
    expect((failed?.obj.err as Error).message).toBe('first run fails');
  });

  it('a job scheduled by `next` runs when it says, again and again', async () => {
    const jobs = new Jobs(database, captureLog().log);
    const asked: Date[] = [];
    const twice = gate();
    let runs = 0;
    jobs.add({
      name: 'by-next',
      next: (after) => {
        asked.push(after);
        return after; // at once
      },
      run: async () => {
        if (++runs === 2) twice.open();
      },
    });
    jobs.start();
    await twice.promise;
    await jobs.stop();
    expect(asked.length).toBeGreaterThanOrEqual(2);
    expect(asked.every((d) => d instanceof Date)).toBe(true);
  });

  it('stop() waits for the run in progress, then nothing more runs', async () => {
    const jobs = new Jobs(database, captureLog().log);
    const entered = gate();
    const release = gate();
    let finished = false;
    jobs.add({
      name: 'long',
      every: 1,
      runAtStart: true,
      run: async () => {
        entered.open();
        await release.promise;
        finished = true;
      },
    });
    jobs.start();
    await entered.promise;
    let stopped = false;
    const stopping = jobs.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    release.open();
    await stopping;
    expect(finished).toBe(true);
    expect(() => jobs.runNow('long')).toThrow(/stopped/);
  });

  it.skipIf(DB_KIND !== 'pg')('a job with a lock runs on one node at a time; the other skips (PostgreSQL)', async () => {
    const nodeA = new Jobs(database, captureLog().log);
    const nodeB = new Jobs(database, captureLog().log);
    const entered = gate();
    const release = gate();
    let runs = 0;
    const spec = (name: string) => ({
      name,
      every: 60_000,
      lock: 7_399_002,
      run: async () => {
        runs++;
        if (name === 'A') {
          entered.open();
          await release.promise;
        }
        return name;
      },
    });
    nodeA.add(spec('A'));
    nodeB.add(spec('B'));
    const a = nodeA.runNow('A');
    await entered.promise;
    expect(await nodeB.runNow('B')).toBeNull();
    release.open();
    expect(await a).toBe('A');
    expect(runs).toBe(1);

    // the lock is the transaction's: once A committed, B takes it; a lock held by another session skips B again
    expect(await nodeB.runNow('B')).toBe('B');
    const other = new pg.Client({ connectionString: (database.pool!.options as { connectionString: string }).connectionString });
    await other.connect();
    try {
      await other.query('begin');
      await other.query('select pg_advisory_xact_lock(7399002)');
      expect(await nodeB.runNow('B')).toBeNull();
      await other.query('commit');
      expect(await nodeB.runNow('B')).toBe('B');
    } finally {
      await other.end();
    }
  });
});

describe('the app’s jobs', () => {
  it('are the modules’ own (case reminders, the outbox, workflow reminders, the proof-log integrator, the end of credit terms, scheduled articles, help requests past their limit), run on demand and stop with the app', async () => {
    const t = await createTestApp({ reminderIntervalMs: 3_600_000, outboxIntervalMs: 60_000 });
    try {
      expect(t.app.deps.jobs.names().sort()).toEqual(['cases.reminders', 'credit.terms', 'inbox.outbox', 'inbox.workflow-reminders', 'outreach.announce', 'proofs.integrate', 'services.escalate']);
      expect(await t.app.deps.jobs.runNow('cases.reminders')).toEqual({ clocks: 0, sent: 0, escalated: 0 });
    } finally {
      await t.close();
    }
    expect(() => t.app.deps.jobs.runNow('cases.reminders')).toThrow(/stopped/);
    // intervals of 0: none of them on this node (the test harness's default for the reminders and the outbox)
    const quiet = await createTestApp({ logIntervalMs: 0 });
    await quiet.close();
    expect(quiet.app.deps.jobs.names()).toEqual([]);
  });
});
