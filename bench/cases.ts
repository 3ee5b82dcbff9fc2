/**
 * The `cases` scenario group (`npm run bench -- --scenarios cases [--cases N]`):
 *
 * 1. **Public intake under load, then SIGKILL.** The real server in a child process; `--submitters` (200) anonymous
 *    clients each post the public complaint form in a closed loop; after `--kill-after` seconds the server is killed with
 *    SIGKILL mid-run, restarted on the same database, and every tracking code the server had acknowledged (HTTP 200) is
 *    looked up through the public status route. Reported: acknowledged filings per second, latency, and how many
 *    acknowledged codes are missing after the restart (must be 0). Run on each backend: on PostgreSQL the killed process
 *    is the application only; on PGlite the database lives in the killed process, so this is the embedded durability test.
 * 2. **Work queue at scale (PostgreSQL).** `--cases N` cases seeded with set-based SQL (generate_series: one statement
 *    for the cases, one for their clocks; 80 % closed), then autocannon against `GET /api/cases/queue` and
 *    `GET /api/cases` for a district officer and the city administrator.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { BENCH_ACCOUNTS, BENCH_PASSWORD, seedScale } from '../apps/server/src/cli/seed-scale.js';
import { openDb } from '../apps/server/src/db/client.js';
import { startPgCluster, type PgCluster } from '../apps/server/test/pg-cluster.js';
import { summarize, type ChildHello, type LatencySummary, AS_DEPLOYED } from './lib.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const log = (m: string) => console.error(`[bench:cases] ${m}`);

export interface CasesBenchOptions {
  backends: ('postgres' | 'pglite')[];
  cases: number;
  submitters: number;
  killAfterS: number;
  durationS: number;
  warmupS: number;
  connections: number;
  seed: number;
}

interface IntakeResult {
  backend: string;
  submitters: number;
  acknowledged: number;
  failed: number;
  elapsedS: number;
  latency: LatencySummary;
  missing: number;
  restartMs: number;
}
interface QueueRow {
  scenario: string;
  total: number;
  latency: LatencySummary & { non2xx: number };
}

export function startChild(env: NodeJS.ProcessEnv, execArgv: string[] = []): Promise<{ proc: ChildProcess; hello: ChildHello }> {
  const proc = fork(path.join(ROOT, 'bench/server.ts'), [], { cwd: ROOT, env, execArgv: ['--import', 'tsx', ...execArgv], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`server child exited before it was ready (${code})`));
    proc.once('exit', onExit);
    proc.once('message', (m: ChildHello) => {
      proc.off('exit', onExit);
      resolve({ proc, hello: m });
    });
  });
}
const exited = (proc: ChildProcess) => new Promise<void>((r) => (proc.exitCode !== null || proc.signalCode !== null ? r() : proc.once('exit', () => r())));
export async function stopChild(proc: ChildProcess) {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  proc.disconnect();
  const t = setTimeout(() => proc.kill('SIGKILL'), 10_000);
  await exited(proc);
  clearTimeout(t);
}

const filing = (i: number) =>
  JSON.stringify({
    tracks: i % 5 === 0 ? ['complaint', 'report'] : ['report'],
    title: `压测举报 ${i}`,
    description: '某公司前员工带走技术资料，交给竞争对手使用。',
    respondentName: `宁夏压测${i % 97}科技有限公司`,
    respondentAddress: ['银川市金凤区', '银川市兴庆区', '银川市西夏区'][i % 3],
    anonymous: i % 2 === 0,
    reporter: i % 2 === 0 ? null : { name: '压测实名', phone: '13800000000' },
  });

async function intake(base: string, o: CasesBenchOptions, proc: ChildProcess): Promise<Omit<IntakeResult, 'backend' | 'missing' | 'restartMs'> & { codes: string[] }> {
  const codes: string[] = [];
  const latencies: number[] = [];
  let failed = 0;
  let stop = false;
  let n = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (!stop) {
      const i = n++;
      const s = performance.now();
      try {
        const res = await fetch(`${base}/api/public/cases`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: filing(i) });
        const body = (await res.json()) as { trackingCode?: string };
        if (res.status === 200 && body.trackingCode) {
          codes.push(body.trackingCode);
          latencies.push(performance.now() - s);
        } else failed++;
      } catch {
        failed++; // the connection died with the server: never acknowledged
        if (stop) return;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  };
  const workers = Array.from({ length: o.submitters }, worker);
  await new Promise((r) => setTimeout(r, o.killAfterS * 1000));
  proc.kill('SIGKILL');
  const elapsedMs = performance.now() - t0;
  await exited(proc);
  stop = true;
  await Promise.all(workers);
  return { submitters: o.submitters, acknowledged: codes.length, failed, elapsedS: elapsedMs / 1000, latency: summarize(latencies, failed, elapsedMs), codes };
}

/** Acknowledged codes the restarted server does not know (404). Any other answer is a broken check, not a verdict. */
async function countMissing(base: string, codes: string[]): Promise<number> {
  let missing = 0;
  let i = 0;
  const worker = async () => {
    while (i < codes.length) {
      const code = codes[i++];
      const res = await fetch(`${base}/api/public/cases/${code}`);
      if (res.status === 404) missing++;
      else if (res.status !== 200) throw new Error(`checking ${code}: HTTP ${res.status} ${await res.text()}`);
      else await res.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: 20 }, worker));
  return missing;
}

/** N cases over the six district bureaus, one clock each; 80 % closed. Two statements. */
export async function seedCases(client: pg.Client, n: number): Promise<{ ms: number; open: number }> {
  const t = performance.now();
  await client.query(`
    insert into cases (region_code, tracking_code, track, source, status, title, description, respondent_name, suggested_district_code,
                       district_code, org_id, org_path, anonymous, received_on, closed_on)
    select '640100', lpad(g::text, 16, '0'), case when g % 3 = 0 then 'complaint' else 'report' end, 'public',
           case when g % 5 = 0 then (case when g % 3 = 0 then 'received' else 'verifying' end) else 'closed' end,
           '批量线索 ' || g, '压测数据', '宁夏批量' || (g % 1000) || '有限公司', b.district_code, b.district_code, b.id, b.path,
           g % 2 = 0, date '2023-01-01' + (g % 1400), case when g % 5 = 0 then null else date '2023-01-01' + (g % 1400) + 9 end
      from generate_series(1, $1::int) g
      join (select id, path, district_code, (row_number() over (order by id)) - 1 as k from orgs where kind = 'district_bureau') b
        on b.k = g % 6`, [n]);
  await client.query(`
    insert into case_clocks (case_id, rule_key, started_on, due_on, closed_on, org_path)
    select id, case when track = 'complaint' then 'complaint.accept' else 'report.verify' end, received_on, received_on + 21, closed_on, org_path
      from cases where tracking_code ~ '^0'`);
  await client.query('vacuum analyze cases');
  await client.query('vacuum analyze case_clocks');
  const open = Number((await client.query('select count(*) as n from case_clocks where closed_on is null')).rows[0].n);
  return { ms: performance.now() - t, open };
}

export function cannon(url: string, cookie: string, connections: number, durationS: number): Promise<LatencySummary & { non2xx: number }> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    let non2xx = 0;
    const inst = autocannon({ url, connections, duration: durationS, headers: { cookie }, timeout: 60 }, (err, result) => {
      if (err) return reject(err);
      resolve({ ...summarize(latencies, result.errors + result.timeouts, result.finish.getTime() - result.start.getTime()), non2xx });
    });
    inst.on('response', (_c: unknown, status: number, _b: number, ms: number) => {
      if (status >= 200 && status < 300) latencies.push(ms);
      else non2xx++;
    });
  });
}

export async function login(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: BENCH_PASSWORD }) });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  return res.headers.getSetCookie().find((c) => c.startsWith('shangmi_sid='))!.split(';')[0];
}

export async function runCasesBench(o: CasesBenchOptions): Promise<string> {
  const intakeRows: IntakeResult[] = [];
  const queueRows: QueueRow[] = [];
  let seeded: { ms: number; open: number } | null = null;
  for (const backend of o.backends) {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `shangmi-bench-cases-${backend}-`));
    let cluster: PgCluster | undefined;
    let proc: ChildProcess | undefined;
    try {
      let databaseUrl: string | undefined;
      if (backend === 'postgres') {
        cluster = await startPgCluster({ durable: AS_DEPLOYED });
        const admin = new pg.Client({ connectionString: cluster.url('postgres') });
        await admin.connect();
        await admin.query('create database shangmi_bench');
        await admin.end();
        databaseUrl = cluster.url('shangmi_bench');
      }
      const database = await openDb({ databaseUrl, pgliteDir: databaseUrl ? undefined : path.join(tmp, 'pglite'), poolSize: 4 });
      await database.migrate();
      await seedScale(database, { users: 2000, seed: o.seed });
      await database.close();
      if (databaseUrl && o.cases) {
        const c = new pg.Client({ connectionString: databaseUrl });
        await c.connect();
        log(`postgres: seeding ${o.cases.toLocaleString('en-US')} cases …`);
        seeded = await seedCases(c, o.cases);
        log(`postgres: seeded in ${(seeded.ms / 1000).toFixed(1)} s (${seeded.open.toLocaleString('en-US')} open clocks)`);
        await c.end();
      }
      const env = {
        ...process.env,
        ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
        SHANGMI_DATA_DIR: tmp,
        SHANGMI_SECRET_KEY: 'ab'.repeat(32),
        LOG_LEVEL: 'silent',
        // 200 submitters from 127.0.0.1: the per-IP limit on public routes would answer 429 (see bench/README.md)
        SHANGMI_PUBLIC_RATE_LIMIT: 'off',
      };
      let child = await startChild(env);
      proc = child.proc;
      let base = `http://127.0.0.1:${child.hello.apiPort}`;

      if (backend === 'postgres' && o.cases) {
        const sessions = { district: await login(base, BENCH_ACCOUNTS.district), city: await login(base, BENCH_ACCOUNTS.city) };
        const scen: [string, string, keyof typeof sessions][] = [
          ['queue · district (金凤区)', '/api/cases/queue?page=1&pageSize=20', 'district'],
          ['queue · city', '/api/cases/queue?page=1&pageSize=20', 'city'],
          ['list · district', '/api/cases?page=1&pageSize=20', 'district'],
        ];
        for (const [scenario, url, who] of scen) {
          const total = ((await (await fetch(base + url, { headers: { cookie: sessions[who] } })).json()) as { total: number }).total;
          await cannon(base + url, sessions[who], o.connections, o.warmupS);
          const latency = await cannon(base + url, sessions[who], o.connections, o.durationS);
          log(`${scenario}: p95 ${latency.p95.toFixed(1)} ms, ${latency.perSecond.toFixed(0)} req/s (total ${total})`);
          queueRows.push({ scenario, total, latency });
        }
      }

      log(`${backend}: ${o.submitters} submitters on the public form; SIGKILL after ${o.killAfterS} s`);
      const r = await intake(base, o, proc);
      const t = performance.now();
      child = await startChild(env);
      proc = child.proc;
      const restartMs = performance.now() - t;
      base = `http://127.0.0.1:${child.hello.apiPort}`;
      const missing = await countMissing(base, r.codes);
      log(`${backend}: ${r.acknowledged} acknowledged (${(r.acknowledged / r.elapsedS).toFixed(0)}/s), ${r.failed} failed at the kill, ${missing} missing after restart`);
      intakeRows.push({ backend, ...r, missing, restartMs });
      await stopChild(proc);
    } finally {
      if (proc && proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      cluster?.stop();
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
  const f = (v: number) => v.toFixed(1);
  const lines = [
    '## Cases: public intake under load, SIGKILL, restart',
    '',
    '| backend | submitters | acknowledged | per second | p50 ms | p95 ms | p99 ms | failed at the kill | restart | acknowledged but missing after restart |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...intakeRows.map(
      (r) =>
        `| ${r.backend} | ${r.submitters} | ${r.acknowledged.toLocaleString('en-US')} | ${(r.acknowledged / r.elapsedS).toFixed(0)} | ${f(r.latency.p50)} | ${f(r.latency.p95)} | ${f(r.latency.p99)} | ${r.failed} | ${(r.restartMs / 1000).toFixed(1)} s | **${r.missing}** |`,
    ),
  ];
  if (queueRows.length) {
    lines.push(
      '',
      `## Cases: work queue and list over ${o.cases.toLocaleString('en-US')} cases (PostgreSQL; ${seeded ? `seeded in ${(seeded.ms / 1000).toFixed(1)} s, ${seeded.open.toLocaleString('en-US')} open clocks` : ''}), ${o.connections} connections, ${o.durationS} s`,
      '',
      '| scenario | rows in scope | req/s | p50 ms | p95 ms | p99 ms | non-2xx |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...queueRows.map((q) => `| ${q.scenario} | ${q.total.toLocaleString('en-US')} | ${q.latency.perSecond.toFixed(0)} | ${f(q.latency.p50)} | ${f(q.latency.p95)} | ${f(q.latency.p99)} | ${q.latency.non2xx} |`),
    );
  }
  return lines.join('\n');
}
