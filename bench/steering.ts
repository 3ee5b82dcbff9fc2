/**
 * Steering (`npm run bench -- steering [--enterprises N] [--sites N] [--duration S]`), on PostgreSQL: the leadership
 * picture (`GET /api/steering/cockpit`) for the city at 50 connections — its values are kept (values.ts), so this measures
 * the kept answer and, separately, one cold computation (the first request after start) — and the annual report's Word file
 * generated 5 times one at a time. Reference in the same run: the sites dashboard (`GET /api/sites/dashboard`), the
 * figure the cockpit's site indicators match. Issue 19 asks for the full scale (1,000,000 enterprises and cases, the
 * service ledger of 1,000,000 rows): `--cases N` seeds cases with the cases bench's seeder (bench/cases.ts seedCases) and
 * `--ledger N` the services data with the services bench's (bench/services.ts seedServices: `--providers`, `--requests`
 * and the ledger). The defaults are a small scale (2,000 enterprises, 1,000 sites, no cases, no ledger); the full scale:
 * `npm run bench -- steering --enterprises 1000000 --cases 1000000 --ledger 1000000 --sites 5000 --duration 40`.
 * The cockpit's rows are kept 20 s (then answered while one reload runs): a measured window longer than that includes
 * reloads of every source.
 * `--keep` leaves the seeded cluster running and prints its URL; `--database-url URL` measures an already seeded
 * database again (no seeding), e.g. after a change to the server.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { BENCH_ACCOUNTS, seedScale } from '../apps/server/src/cli/seed-scale.js';
import { openDb } from '../apps/server/src/db/client.js';
import { startPgCluster, type PgCluster } from '../apps/server/test/pg-cluster.js';
import { cannon, login, seedCases, startChild, stopChild } from './cases.js';
import { seedServices } from './services.js';

const log = (m: string) => console.error(`[bench:steering] ${m}`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export interface SteeringBenchOptions {
  enterprises: number;
  sites: number;
  cases: number;
  ledger: number;
  providers: number;
  requests: number;
  /** measure this database (seeded before) instead of seeding a new cluster */
  databaseUrl?: string;
  /** leave the cluster running after the run (its URL is printed) */
  keep?: boolean;
  durationS: number;
  warmupS: number;
  connections: number;
}

async function tableCounts(url: string): Promise<string> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const out: string[] = [];
    for (const t of ['enterprises', 'sites', 'cases', 'case_clocks', 'help_requests', 'service_ledger']) {
      const { rows } = await c.query(`select count(*)::int as n from ${t}`);
      out.push(`${t} ${Number(rows[0].n).toLocaleString('en-US')}`);
    }
    return out.join(', ');
  } finally {
    await c.end();
  }
}

export async function runSteeringBench(o: SteeringBenchOptions): Promise<string> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shangmi-bench-steering-'));
  let cluster: PgCluster | undefined;
  let proc: ChildProcess | undefined;
  const loadAt = () => os.loadavg().map((x) => x.toFixed(1)).join(' / ');
  try {
    let databaseUrl = o.databaseUrl;
    const seeded: string[] = [];
    if (!databaseUrl) {
      cluster = await startPgCluster();
      const admin = new pg.Client({ connectionString: cluster.url('postgres') });
      await admin.connect();
      await admin.query('create database shangmi_bench');
      await admin.end();
      databaseUrl = cluster.url('shangmi_bench');
      if (o.keep) log(`the cluster stays after the run: ${databaseUrl}`);
      const database = await openDb({ databaseUrl, poolSize: 4 });
      await database.migrate();
      const t0 = performance.now();
      const r = await seedScale(database, { users: 2000, enterprises: o.enterprises, sites: o.sites, log });
      seeded.push(`seed-scale (2,000 users, ${o.enterprises.toLocaleString('en-US')} enterprises, ${o.sites.toLocaleString('en-US')} sites) ${(r.ms / 1000).toFixed(1)} s`);
      log(seeded.at(-1)!);
      if (o.ledger || o.requests) {
        const sv = await seedServices(database, { providers: o.providers, requests: o.requests, ledger: o.ledger });
        for (const t of ['orgs', 'help_requests', 'service_ledger', 'service_ledger_tallies', 'service_ledger_rollup', 'service_assignee_tallies']) await database.query(`vacuum analyze ${t}`);
        seeded.push(`services (${o.providers.toLocaleString('en-US')} providers, ${o.requests.toLocaleString('en-US')} help requests, ${o.ledger.toLocaleString('en-US')} ledger rows) ${(sv.ms / 1000).toFixed(1)} s`);
        log(seeded.at(-1)!);
      }
      await database.close();
      if (o.cases) {
        const c = new pg.Client({ connectionString: databaseUrl });
        await c.connect();
        const r2 = await seedCases(c, o.cases);
        await c.end();
        seeded.push(`cases (${o.cases.toLocaleString('en-US')}, one clock each, ${r2.open.toLocaleString('en-US')} open) ${(r2.ms / 1000).toFixed(1)} s`);
        log(seeded.at(-1)!);
      }
      log(`seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    const counts = await tableCounts(databaseUrl);
    const env = { ...process.env, DATABASE_URL: databaseUrl, SHANGMI_DATA_DIR: tmp, SHANGMI_SECRET_KEY: 'ab'.repeat(32), LOG_LEVEL: 'silent', SHANGMI_OUTBOX_INTERVAL_MS: '0', SHANGMI_REMINDER_INTERVAL_MS: '0' };
    const child = await startChild(env);
    proc = child.proc;
    const base = `http://127.0.0.1:${child.hello.apiPort}`;
    const cookie = await login(base, BENCH_ACCOUNTS.city);
    const year = new Date().getFullYear();
    const load = loadAt();
    log(`load average (1/5/15 min) before the measurements: ${load}`);
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
      log(`report ${i + 1}: ${(performance.now() - t).toFixed(0)} ms`);
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`report: ${res.status}`);
      reports.push(performance.now() - t);
    }
    await stopChild(proc);
    const loadAfter = loadAt();
    const f = (v: number) => v.toFixed(1);
    return [
      `## Steering: the cockpit and the annual report (PostgreSQL) · ${new Date().toISOString()}`,
      '',
      `Rows in the database: ${counts}. ${o.connections} connections, ${o.warmupS}+${o.durationS} s per row (the cockpit's rows are kept 20 s, then answered while one reload runs beside them: a window over 20 s includes reloads of every source). Goal (issue 19, at full scale): p95 ≤ 100 ms, report < 10 s.`,
      ...(seeded.length ? ['', `Seeding: ${seeded.join('; ')}.`] : []),
      '',
      `Load average (1 / 5 / 15 min) on ${os.cpus().length} CPUs shared with other work: ${load} before the measurements, ${loadAfter} after.`,
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
    if (!o.keep) cluster?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** `npm run bench -- steering …`: the driver on its own. */
if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string, d: number) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : d;
  };
  const str = (name: string) => (process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1] : undefined);
  runSteeringBench({
    enterprises: arg('enterprises', 2000),
    sites: arg('sites', 1000),
    cases: arg('cases', 0),
    ledger: arg('ledger', 0),
    providers: arg('providers', 10_000),
    requests: arg('requests', arg('ledger', 0) ? 50_000 : 0),
    databaseUrl: str('database-url'),
    keep: process.argv.includes('--keep'),
    durationS: arg('duration', 5),
    warmupS: arg('warmup', 1),
    connections: arg('connections', 50),
  }).then(
    (md) => {
      console.log(md);
      const out = str('out');
      if (out) fs.writeFileSync(out, `${md}\n`);
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
