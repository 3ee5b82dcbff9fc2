/**
 * Benchmark of the health check (诊断体检) on PostgreSQL: the regional aggregate over N submitted assessments, and
 * submitting (server-side scoring and storing) an answered assessment.
 *
 *   npx tsx bench/assessments.ts [--assessments 100000] [--duration 10] [--warmup 2] [--connections 50]
 *                               [--submit-connections 10] [--out bench/results/assessments-100k.md | --no-write]
 *
 * A throwaway PostgreSQL cluster, migrated and seeded with seedScale (2,000 users, N/2 registry enterprises), then N
 * submitted assessments written with one set-based INSERT … SELECT (two per enterprise, half a year apart; the newer one
 * marked `latest`, as submission marks it: the picture reads each enterprise's latest), then VACUUM ANALYZE. The server runs in a child process (bench/server.ts, as
 * `npm run bench` runs it); the load comes from this process.
 *
 * - regional · <by>: GET /api/assessments/regional?by=… as bench_city (whole city) and bench_district (金凤区), through
 *   the API at --connections in a closed loop, with the route's 10 s cache (what users get under load), "alone"
 *   uncached (caches forgotten before each request), and the raw SQL the request issued (captured at the driver inside
 *   the server, replayed at the same concurrency) as the reference.
 * - submit + score: drafts of 100 enterprise accounts, fully answered, submitted in a closed loop at
 *   --submit-connections (each request: load, score 70 requirements, store result, complete campaign tasks, audit row).
 */
import { fork, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { allRequirements, choicesOf, type Framework } from '@shangmi/shared';
import { openDb } from '../apps/server/src/db/client.js';
import { hashPassword } from '../apps/server/src/platform/crypto.js';
import { BENCH_ACCOUNTS, BENCH_PASSWORD, seedScale } from '../apps/server/src/cli/seed-scale.js';
import { startPgCluster } from '../apps/server/test/pg-cluster.js';
import { closedLoop, alone, planOf, describePlan, type CapturedQuery, type ChildHello, type ChildReply, type LatencySummary, AS_DEPLOYED } from './lib.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const opt = (name: string, def: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const N = opt('--assessments', 100_000);
const DURATION = opt('--duration', 10) * 1000;
const WARMUP = opt('--warmup', 2) * 1000;
const CONNECTIONS = opt('--connections', 50);
const SUBMIT_CONNECTIONS = opt('--submit-connections', 10);
const outArg = args.indexOf('--out');
const OUT = args.includes('--no-write') ? null : outArg >= 0 ? args[outArg + 1] : path.join(ROOT, `bench/results/assessments-${N >= 1000 ? `${Math.round(N / 1000)}k` : N}.md`);
const log = (s: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${s}`);

class Child {
  private nextId = 1;
  private pending = new Map<number, (m: ChildReply) => void>();
  constructor(
    readonly proc: ChildProcess,
    readonly hello: ChildHello,
  ) {
    proc.on('message', (m: ChildReply) => {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      p?.(m);
    });
  }
  static async start(env: NodeJS.ProcessEnv): Promise<Child> {
    const proc = fork(path.join(ROOT, 'bench/server.ts'), [], { cwd: ROOT, env, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const hello = await new Promise<ChildHello>((resolve, reject) => {
      proc.once('exit', (c) => reject(new Error(`server child exited (${c})`)));
      proc.once('message', (m: ChildHello) => resolve(m));
    });
    return new Child(proc, hello);
  }
  call<T>(req: Record<string, unknown>): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, (m) => (m.ok ? resolve(m.result as T) : reject(new Error(m.error))));
      this.proc.send({ ...req, id });
    });
  }
}

async function login(base: string, username: string, password: string) {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0];
  return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

const fmt = (n: number | null | undefined) => (n === null || n === undefined || Number.isNaN(n) ? '—' : n >= 100 ? n.toFixed(0) : n.toFixed(1));
const row = (name: string, s: LatencySummary, aloneMs: number | null) =>
  `| ${name} | ${fmt(s.perSecond)} | ${fmt(s.p50)} | ${fmt(s.p95)} | ${fmt(s.p99)} | ${aloneMs === null ? '—' : fmt(aloneMs)} | ${s.errors} |`;

async function main() {
  const started = Date.now();
  const cluster = await startPgCluster({ durable: AS_DEPLOYED });
  const url = cluster.url('postgres');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shangmi-bench-assess-'));
  let child: Child | null = null;
  const lines: string[] = [];
  try {
    const database = await openDb({ databaseUrl: url });
    await database.migrate();
    const enterprises = Math.ceil(N / 2);
    log(`seeding 2,000 users and ${enterprises.toLocaleString('en-US')} enterprises …`);
    await seedScale(database, { users: 2000, enterprises, seed: 42 });
    const [fw] = await database.query<{ id: number; data: Framework }>(`select id, data from assessment_frameworks order by id desc limit 1`);
    const f = fw.data;
    const dims = f.dimensions.map((d) => d.id);
    const reqIds = allRequirements(f).map((r) => r.id);
    const [admin] = await database.query<{ id: number }>(`select id from users where username = 'bench_city'`);
    log(`seeding ${N.toLocaleString('en-US')} submitted assessments (set-based) …`);
    const t0 = performance.now();
    // each enterprise twice, half a year apart; scores drawn per dimension, the overall their mean, the level by the
    // framework's thresholds, about 15 % of the requirements failed
    await database.query(
      `insert into assessments (region_code, enterprise_id, org_id, org_path, framework_id, kind, status, latest, district_code, industry_section, kinds,
                                as_of, score, level, risk, dimension_scores, failed, started_by, submitted_by, submitted_at, created_at, updated_at)
       select e.region_code, e.id, e.org_id, e.org_path, $1, 'self', 'submitted', g = 0, e.district_code, e.industry_section, e.kinds,
              (now() - g * interval '180 days')::date, s.score,
              case when s.score >= 90 then 5 when s.score >= 75 then 4 when s.score >= 60 then 3 when s.score >= 40 then 2 else 1 end,
              case when s.score >= 75 then 'low' when s.score >= 60 then 'medium' else 'high' end,
              s.dims, s.failed, $2, $2, now() - g * interval '180 days', now() - g * interval '180 days', now() - g * interval '180 days'
         from (select * from enterprises order by id limit $3) e
        cross join generate_series(0, 1) g
        cross join lateral (
          select (select jsonb_object_agg(d, round((20 + random() * 80 + e.id * 0)::numeric, 1)) from unnest($4::text[]) d) as dims,
                 array(select r from unnest($5::text[]) r where random() < 0.15 + e.id * 0) as failed
        ) x
        cross join lateral (select round((select avg(v::float8) from jsonb_each_text(x.dims) t(k, v))::numeric, 1)::real as score, x.dims, x.failed) s`,
      [fw.id, admin.id, enterprises, `{${dims.join(',')}}`, `{${reqIds.join(',')}}`],
    );
    const [{ n }] = await database.query<{ n: number }>(`select count(*)::int as n from assessments`);
    const seedMs = performance.now() - t0;
    log(`${n.toLocaleString('en-US')} assessments in ${(seedMs / 1000).toFixed(1)} s`);

    // 100 enterprise accounts, each with 12 answered drafts to submit
    const hash = await hashPassword(BENCH_PASSWORD);
    await database.query(
      `with picked as (select e.id, e.org_id, e.org_path, row_number() over (order by e.id) as i from enterprises e order by e.id limit 100),
            u as (insert into users (username, display_name, org_id, org_path, password_hash, must_change_password)
                  select 'bench_ent' || i, '压测企业' || i, org_id, org_path, $1, false from picked returning id)
       insert into user_roles (user_id, role_id) select u.id, r.id from u, roles r where r.code = 'enterprise_admin'`,
      [hash],
    );
    const answers = Object.fromEntries(
      allRequirements(f).map((r, i) => {
        const q = r.question;
        if (q.type === 'number') return [r.id, { value: 90 }];
        if (q.type === 'date') return [r.id, { value: '2026-05-01' }];
        if (q.type === 'text') return [r.id, { value: '核心工艺（名称）' }];
        const cs = choicesOf(f, q).filter((c) => c.result !== 'not_applicable');
        const c = cs[i % cs.length];
        return [r.id, { value: q.type === 'multiple' ? [c.value] : c.value, note: i % 4 ? null : '现场查阅' }];
      }),
    );
    await database.query(
      `insert into assessments (region_code, enterprise_id, org_id, org_path, framework_id, kind, status, profile, answers, started_by)
       select e.region_code, e.id, e.org_id, e.org_path, $1, 'self', 'draft', '{"size":"medium"}', $2::jsonb, u.id
         from users u join enterprises e on e.org_id = u.org_id cross join generate_series(1, 12)
        where u.username like 'bench_ent%'`,
      [fw.id, JSON.stringify(answers)],
    );
    await database.query('vacuum analyze');
    await database.close();

    child = await Child.start({
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      SHANGMI_DATA_DIR: tmp,
      SHANGMI_SECRET_KEY: crypto.randomBytes(32).toString('hex'),
      SHANGMI_COOKIE_SECURE: 'false',
      DATABASE_URL: url,
    });
    const base = `http://127.0.0.1:${child.hello.apiPort}`;
    log(`server child on ${base} (${child.hello.serverVersion}, pool ${child.hello.dbPool})`);
    const city = await login(base, BENCH_ACCOUNTS.city, BENCH_PASSWORD);
    const district = await login(base, BENCH_ACCOUNTS.district, BENCH_PASSWORD);

    lines.push(
      `# Health check benchmark (PostgreSQL, ${n.toLocaleString('en-US')} assessments)`,
      '',
      `Run ${new Date().toISOString()} on ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? ''}), ${child.hello.serverVersion}; seeded ${n.toLocaleString('en-US')} submitted assessments of ${enterprises.toLocaleString('en-US')} enterprises in ${(seedMs / 1000).toFixed(1)} s (one INSERT … SELECT).`,
      `Closed loops: ${WARMUP / 1000} s warm-up, ${DURATION / 1000} s measured. Latencies in ms. "alone" = median of one request at a time, caches forgotten before each.`,
      '',
      '| scenario | req/s | p50 | p95 | p99 | alone | errors |',
      '| --- | --- | --- | --- | --- | --- | --- |',
    );

    const scenarios: [string, { cookie: string }, string][] = [
      ['regional · city · by district', city, '/api/assessments/regional?by=district'],
      ['regional · city · by industry', city, '/api/assessments/regional?by=industry'],
      ['regional · city · by kind', city, '/api/assessments/regional?by=kind'],
      ['regional · 金凤区 · by industry', district, '/api/assessments/regional?by=industry'],
    ];
    const plans: string[] = [];
    for (const [name, who, p] of scenarios) {
      const get = async () => {
        const res = await fetch(base + p, { headers: { cookie: who.cookie } });
        if (!res.ok) throw new Error(`${p}: ${res.status}`);
        await res.arrayBuffer();
      };
      const uncached = async () => {
        await child!.call({ cmd: 'forget-caches' });
        await get();
      };
      await child.call({ cmd: 'forget-caches' });
      await child.call({ cmd: 'capture-start' });
      const body = (await (await fetch(base + p, { headers: { cookie: who.cookie } })).json()) as { total: { enterprises: number } | null; groups: unknown[] };
      const captured = await child.call<CapturedQuery[]>({ cmd: 'capture-stop' });
      const { plan } = planOf(captured);
      log(`${name}: ${body.total?.enterprises ?? 0} enterprises, ${body.groups.length} groups; API ${CONNECTIONS} connections …`);
      const api = await closedLoop(get, { concurrency: CONNECTIONS, warmupMs: WARMUP, durationMs: DURATION });
      const aloneMs = await alone(uncached, { minRuns: 5, maxRuns: 10 });
      const raw = await child.call<LatencySummary>({ cmd: 'raw', plan, concurrency: CONNECTIONS, warmupMs: WARMUP, durationMs: DURATION });
      const rawAlone = await child.call<number>({ cmd: 'raw-alone', plan });
      log(`${name}: raw ${JSON.stringify(raw)}`);
      lines.push(row(`${name} (API, 10 s cache)`, api, aloneMs), row(`${name} (raw SQL)`, raw, rawAlone));
      plans.push(`- ${name}: ${body.total?.enterprises ?? 0} enterprises in scope, ${body.groups.length} groups shown; SQL ${describePlan(plan)}`);
      log(`${name}: API p95 ${fmt(api.p95)} ms (alone uncached ${fmt(aloneMs)}), raw p95 ${fmt(raw.p95)} ms (alone ${fmt(rawAlone)})`);
    }

    // submit + score: every request takes the next draft
    const accounts = await Promise.all(Array.from({ length: 100 }, (_, i) => login(base, `bench_ent${i + 1}`, BENCH_PASSWORD)));
    const drafts: { id: number; who: (typeof accounts)[number] }[] = [];
    for (const a of accounts) {
      const res = await fetch(`${base}/api/assessments?status=draft&pageSize=50`, { headers: { cookie: a.cookie } });
      for (const it of ((await res.json()) as { items: { id: number }[] }).items) drafts.push({ id: it.id, who: a });
    }
    drafts.sort((x, y) => (x.id % 97) - (y.id % 97) || x.id - y.id);
    let next = 0;
    const submit = async () => {
      const d = drafts[next++];
      if (!d) throw new Error('out of drafts');
      const res = await fetch(`${base}/api/assessments/${d.id}/submit`, { method: 'POST', headers: { cookie: d.who.cookie, 'x-csrf-token': d.who.csrf } });
      if (!res.ok) throw new Error(`submit: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    };
    log(`submit + score: ${drafts.length} drafts, ${SUBMIT_CONNECTIONS} connections …`);
    const aloneSubmit = await alone(submit, { minRuns: 10, maxRuns: 20 });
    const sub = await closedLoop(submit, { concurrency: SUBMIT_CONNECTIONS, warmupMs: Math.min(WARMUP, 1000), durationMs: Math.min(DURATION, 5000) });
    lines.push(row(`submit + score (${SUBMIT_CONNECTIONS} connections)`, sub, aloneSubmit));
    log(`submit: p95 ${fmt(sub.p95)} ms, ${fmt(sub.perSecond)}/s (alone ${fmt(aloneSubmit)} ms); used ${next} of ${drafts.length} drafts`);
    lines.push('', ...plans, '', `Submissions used ${next} of ${drafts.length} prepared drafts. Total run ${((Date.now() - started) / 1000).toFixed(0)} s.`);
    const report = lines.join('\n') + '\n';
    console.log(`\n${report}`);
    if (OUT) {
      fs.mkdirSync(path.dirname(OUT), { recursive: true });
      fs.writeFileSync(OUT, report);
      log(`written to ${path.relative(ROOT, OUT)}`);
    }
  } finally {
    child?.proc.kill();
    cluster.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
