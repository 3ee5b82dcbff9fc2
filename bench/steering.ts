/**
 * Steering (`npm run bench -- steering [--enterprises N] [--sites N] [--duration S]`), on PostgreSQL: the leadership
 * picture (`GET /api/steering/cockpit`) for the city at 50 connections — its values are kept 30 s, so this measures the
 * kept answer and, separately, one cold computation (the first request after start) — and the annual report's Word file
 * generated 5 times one at a time. Reference in the same run: the sites dashboard (`GET /api/sites/dashboard`), the
 * figure the cockpit's site indicators match. Issue 19 asks for the full scale (1,000,000 enterprises and cases, the
 * service ledger): the defaults here are a small scale (seed-scale's 2,000 users, 2,000 enterprises, 1,000 sites); the
 * full scale is not run by this session.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { BENCH_ACCOUNTS, seedScale } from '../apps/server/src/cli/seed-scale.js';
import { openDb } from '../apps/server/src/db/client.js';
import { startPgCluster, type PgCluster } from '../apps/server/test/pg-cluster.js';
import { cannon, login, startChild, stopChild } from './cases.js';

const log = (m: string) => console.error(`[bench:steering] ${m}`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export interface SteeringBenchOptions {
  enterprises: number;
  sites: number;
  durationS: number;
  warmupS: number;
  connections: number;
}

export async function runSteeringBench(o: SteeringBenchOptions): Promise<string> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shangmi-bench-steering-'));
  let cluster: PgCluster | undefined;
  let proc: ChildProcess | undefined;
  const load = os.loadavg()[0];
  try {
    cluster = await startPgCluster();
    const admin = new pg.Client({ connectionString: cluster.url('postgres') });
    await admin.connect();
    await admin.query('create database shangmi_bench');
    await admin.end();
    const databaseUrl = cluster.url('shangmi_bench');
    const database = await openDb({ databaseUrl, poolSize: 4 });
    await database.migrate();
    const t0 = performance.now();
    await seedScale(database, { users: 2000, enterprises: o.enterprises, sites: o.sites });
    log(`seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    await database.close();
    const env = { ...process.env, DATABASE_URL: databaseUrl, SHANGMI_DATA_DIR: tmp, SHANGMI_SECRET_KEY: 'ab'.repeat(32), LOG_LEVEL: 'silent', SHANGMI_OUTBOX_INTERVAL_MS: '0', SHANGMI_REMINDER_INTERVAL_MS: '0' };
    const child = await startChild(env);
    proc = child.proc;
    const base = `http://127.0.0.1:${child.hello.apiPort}`;
    const cookie = await login(base, BENCH_ACCOUNTS.city);
    const year = new Date().getFullYear();
    const t1 = performance.now();
    const first = await fetch(`${base}/api/steering/cockpit`, { headers: { cookie } });
    if (first.status !== 200) throw new Error(`cockpit: ${first.status} ${await first.text()}`);
    await first.arrayBuffer();
    const coldMs = performance.now() - t1;
    const rows: { scenario: string; p50: number; p95: number; p99: number; rps: number; non2xx: number }[] = [];
    for (const [scenario, url] of [
      ['cockpit (city)', '/api/steering/cockpit'],
      [`cockpit (city, ${year - 1})`, `/api/steering/cockpit?year=${year - 1}`],
      ['reference: sites dashboard (city)', '/api/sites/dashboard'],
    ] as const) {
      await cannon(base + url, cookie, o.connections, o.warmupS);
      const r = await cannon(base + url, cookie, o.connections, o.durationS);
      log(`${scenario}: p95 ${r.p95.toFixed(1)} ms`);
      rows.push({ scenario, p50: r.p50, p95: r.p95, p99: r.p99, rps: r.perSecond, non2xx: r.non2xx });
    }
    const reports: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      const res = await fetch(`${base}/api/steering/report.docx?year=${year - 1}`, { headers: { cookie } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`report: ${res.status}`);
      reports.push(performance.now() - t);
    }
    await stopChild(proc);
    const f = (v: number) => v.toFixed(1);
    return [
      '## Steering: the cockpit and the annual report (PostgreSQL, small scale)',
      '',
      `seed-scale with 2,000 users, ${o.enterprises.toLocaleString('en-US')} enterprises, ${o.sites.toLocaleString('en-US')} sites. ${o.connections} connections, ${o.warmupS}+${o.durationS} s per row. Goal (issue 19, at full scale — not run here): p95 ≤ 100 ms, report < 10 s.`,
      '',
      `Load average when the run started: ${load.toFixed(2)} on ${os.cpus().length} CPUs.`,
      '',
      `First cockpit request after start (every source read, nothing kept): ${coldMs.toFixed(0)} ms.`,
      '',
      '| scenario | req/s | p50 | p95 | p99 |',
      '| --- | --- | --- | --- | --- |',
      ...rows.map((r) => `| ${r.scenario} | ${r.rps.toFixed(0)} | ${f(r.p50)} | ${f(r.p95)} | ${f(r.p99)}${r.non2xx ? ` (${r.non2xx} non-2xx)` : ''} |`),
      '',
      `Annual report (Word) for ${year - 1}, one at a time, 5 runs: ${reports.map((x) => x.toFixed(0)).join(', ')} ms, median ${median(reports).toFixed(0)} ms.`,
    ].join('\n');
  } finally {
    if (proc && proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    cluster?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** `npm run bench -- steering …`: the driver on its own. */
if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string, d: number) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : d;
  };
  runSteeringBench({ enterprises: arg('enterprises', 2000), sites: arg('sites', 1000), durationS: arg('duration', 5), warmupS: arg('warmup', 1), connections: arg('connections', 50) }).then(
    (md) => console.log(md),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
