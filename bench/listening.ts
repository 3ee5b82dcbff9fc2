/**
 * Surveys at scale (`npm run bench -- listening [--responses N] [--submit N] [--connections C] [--submit-connections C]
 * [--duration S] [--out file | --no-write]`), on PostgreSQL, issue 17's numbers:
 *
 * 1. **Aggregation.** One survey made from the template through the API by the city, then `--responses` (100,000)
 *    answers inserted set-based (every question's shape as the answer check lets through, skip logic respected, spread
 *    over Yinchuan's districts, industry sections and enterprise kinds). `GET /api/listening/surveys/:id/results` per
 *    question, and `?by=district` (the cross-tab), against the real server (bench/server.ts child) at `--connections`
 *    in a closed loop, and one at a time; beside each, the very statements that request sent (captured at the driver
 *    in the server) replayed as raw SQL at the same concurrency: API ÷ SQL.
 * 2. **Submission.** A second survey, `--submit` (5,000) single-use link tokens issued through the API, then every
 *    token's answer `POST /api/public/listening/s/:token/answer` at `--submit-connections`, timed; afterwards the
 *    responses are counted in the database (none lost) and the results route is asked for its total.
 *
 * The bulk rows carry a district, industry section and kind as a named answer does, with no enterprise id: one survey
 * takes one named answer per enterprise (a unique index), and the aggregation reads neither the id nor the
 * enterprises table, so 100,000 answers need no 100,000 registry enterprises.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb } from '../apps/server/src/db/client.js';
import { BENCH_ACCOUNTS, BENCH_PASSWORD, seedScale } from '../apps/server/src/cli/seed-scale.js';
import { startPgCluster } from '../apps/server/test/pg-cluster.js';
import { AS_DEPLOYED, alone, closedLoop, describePlan, planOf, type CapturedQuery, type ChildHello, type ChildReply, type LatencySummary } from './lib.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const opt = (name: string, def: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const N = opt('--responses', 100_000);
const SUBMIT = opt('--submit', 5000);
const DURATION = opt('--duration', 10) * 1000;
const WARMUP = opt('--warmup', 2) * 1000;
const CONNECTIONS = opt('--connections', 4);
const SUBMIT_CONNECTIONS = opt('--submit-connections', 20);
const outArg = args.indexOf('--out');
const OUT = args.includes('--no-write') ? null : outArg >= 0 ? args[outArg + 1] : path.join(ROOT, `bench/results/listening-${N >= 1000 ? `${Math.round(N / 1000)}k` : N}.md`);
const log = (s: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${s}`);

/** The server child with its IPC side channel (capture, raw replay). */
class Child {
  private nextId = 1;
  private pending = new Map<number, (m: ChildReply) => void>();
  constructor(
    readonly proc: ChildProcess,
    readonly hello: ChildHello,
  ) {
    proc.on('message', (m: ChildReply) => {
      this.pending.get(m.id)?.(m);
      this.pending.delete(m.id);
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

async function login(base: string, username: string) {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: BENCH_PASSWORD }) });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

const fmt = (n: number | null | undefined) => (n === null || n === undefined || Number.isNaN(n) ? '—' : n >= 100 ? n.toFixed(0) : n.toFixed(1));
const row = (name: string, s: LatencySummary, aloneMs: number) => `| ${name} | ${fmt(s.perSecond)} | ${fmt(s.p50)} | ${fmt(s.p95)} | ${fmt(s.p99)} | ${fmt(aloneMs)} | ${s.errors} |`;

/** N answers to the protection-needs template, set-based; skip logic respected (why_not only after no, the detail only after yes). */
const BULK = `
insert into listening_responses (survey_id, district_code, industry_section, enterprise_kind, answers, submitted_on)
select $1::int, ($3::text[])[1 + (g * 7) % array_length($3::text[], 1)], (array['C','I','M','F','G'])[1 + g % 5], (array['sme','hightech','specialised','listed'])[1 + g % 4],
       jsonb_strip_nulls(jsonb_build_object(
         'has_system', (array['yes','partial','no'])[1 + g % 3],
         'why_not', case when g % 3 = 2 then to_jsonb((array['cost','no_staff','unaware','other'])[1:1 + g % 4]) end,
         'awareness', 1 + (g * 13) % 5,
         'services', to_jsonb((array['training','diagnosis','legal','rights','proof'])[1 + g % 5 : 1 + g % 5 + (g / 5) % 3]),
         'satisfaction', jsonb_build_object('policy', (array['good','fair','poor'])[1 + g % 3], 'station', (array['good','fair','poor'])[1 + (g / 3) % 3]),
         'infringed', case when g % 11 = 0 then 'yes' else 'no' end,
         'infringement_detail', case when g % 11 = 0 then '前员工带走客户名单，第 ' || g || ' 号' end,
         'suggestion', case when g % 10 = 0 then '希望多组织培训 ' || g end)),
       current_date - (g % 30)
  from generate_series(1, $2::int) g`;

async function main() {
  const load = os.loadavg()[0]!;
  const cluster = await startPgCluster({ durable: AS_DEPLOYED });
  const url = cluster.url('postgres');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shangmi-bench-listening-'));
  let child: Child | null = null;
  const lines: string[] = [];
  try {
    const database = await openDb({ databaseUrl: url });
    await database.migrate();
    log('seeding 2,000 users …');
    await seedScale(database, { users: 2000, seed: 42 });
    const districts = (await database.query<{ d: string }>(`select district_code as d from orgs where kind = 'district_bureau' and district_code like '6401%' order by 1`)).map((r) => r.d);
    await database.close();

    const env = { ...process.env, DATABASE_URL: url, SHANGMI_DATA_DIR: tmp, SHANGMI_SECRET_KEY: 'ab'.repeat(32), LOG_LEVEL: 'silent', SHANGMI_RATE_SURVEY_ANSWERS: '100000', SHANGMI_OUTBOX_INTERVAL_MS: '0', SHANGMI_REMINDER_INTERVAL_MS: '0' };
    child = await Child.start(env);
    const c = child;
    const base = `http://127.0.0.1:${c.hello.apiPort}`;
    const city = await login(base, BENCH_ACCOUNTS.city);
    const post = async <T>(p: string, body: unknown, who = city): Promise<T> => {
      const res = await fetch(base + p, { method: 'POST', headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (!res.ok) throw new Error(`${p}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };
    const survey = await post<{ id: number }>('/api/listening/surveys/from-template', { template: 'protection-needs', title: '压测问卷' });
    await post(`/api/listening/surveys/${survey.id}/tokens`, { count: 1 }); // opens it
    log(`inserting ${N.toLocaleString('en-US')} answers …`);
    const t0 = performance.now();
    await c.call({ cmd: 'query', text: BULK, params: [survey.id, N, districts] });
    await c.call({ cmd: 'query', text: 'vacuum analyze listening_responses' });
    const seedS = (performance.now() - t0) / 1000;
    log(`inserted in ${seedS.toFixed(1)} s`);

    lines.push(
      '## Surveys: 100,000 answers aggregated, 5,000 submitted (PostgreSQL)',
      '',
      `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; ${AS_DEPLOYED ? 'as deployed (fsync, synchronous commit on)' : 'BENCH_FAST (fsync off)'}; load average ${load.toFixed(2)} on ${os.cpus().length} CPUs when the run started (a shared machine: concurrent figures are inflated by other work). ` +
        `${N.toLocaleString('en-US')} answers to the 8-question template (inserted set-based in ${seedS.toFixed(1)} s) over ${districts.length} districts; ${CONNECTIONS} connections, ${WARMUP / 1000}+${DURATION / 1000} s per row; "alone" is one request at a time.`,
      '',
      '| scenario | req/s | p50 ms | p95 ms | p99 ms | alone ms | errors |',
      '| --- | --- | --- | --- | --- | --- | --- |',
    );
    const notes: string[] = [];
    for (const [name, p] of [
      ['results per question', `/api/listening/surveys/${survey.id}/results`],
      ['results × district (cross-tab)', `/api/listening/surveys/${survey.id}/results?by=district`],
    ] as const) {
      const get = async () => {
        const res = await fetch(base + p, { headers: { cookie: city.cookie } });
        if (!res.ok) throw new Error(`${p}: ${res.status}`);
        await res.arrayBuffer();
      };
      await c.call({ cmd: 'capture-start' });
      const body = (await (await fetch(base + p, { headers: { cookie: city.cookie } })).json()) as { responses: number; questions: { id: string; cross?: unknown[] }[] };
      const captured = await c.call<CapturedQuery[]>({ cmd: 'capture-stop' });
      const { plan } = planOf(captured);
      if (body.responses !== N) throw new Error(`results counted ${body.responses}, expected ${N}`);
      log(`${name}: API …`);
      const api = await closedLoop(get, { concurrency: CONNECTIONS, warmupMs: WARMUP, durationMs: DURATION });
      const apiAlone = await alone(get, { minRuns: 3, maxRuns: 10 });
      log(`${name}: raw SQL …`);
      const raw = await c.call<LatencySummary>({ cmd: 'raw', plan, concurrency: CONNECTIONS, warmupMs: WARMUP, durationMs: DURATION });
      const rawAlone = await c.call<number>({ cmd: 'raw-alone', plan });
      lines.push(row(`${name} · API`, api, apiAlone), row(`${name} · raw SQL`, raw, rawAlone), `| ${name} · API ÷ SQL | | ${fmt(api.p50 / raw.p50)} | ${fmt(api.p95 / raw.p95)} | | ${fmt(apiAlone / rawAlone)} | |`);
      const cross = body.questions.reduce((k, q) => k + (q.cross?.length ?? 0), 0);
      notes.push(`- ${name}: ${body.responses.toLocaleString('en-US')} answers, ${body.questions.length} questions${cross ? `, ${cross} district × option cells` : ''}; SQL ${describePlan(plan)}.`);
      log(`${name}: API p95 ${fmt(api.p95)} (alone ${fmt(apiAlone)}), raw p95 ${fmt(raw.p95)} (alone ${fmt(rawAlone)})`);
    }

    // submission: SUBMIT link tokens on a second survey, every one answered once through the public route
    const second = await post<{ id: number }>('/api/listening/surveys/from-template', { template: 'protection-needs', title: '压测提交' });
    const tokens: string[] = [];
    while (tokens.length < SUBMIT) tokens.push(...(await post<{ tokens: string[] }>(`/api/listening/surveys/${second.id}/tokens`, { count: Math.min(500, SUBMIT - tokens.length) })).tokens);
    // the public route takes the CSRF-free answer of a link (no session), as a phone does
    const answer = (i: number) => JSON.stringify({ answers: { has_system: i % 2 ? 'yes' : 'partial', awareness: 1 + (i % 5), services: ['training'], infringed: 'no', suggestion: `建议 ${i}` } });
    let next = 0;
    let failed = 0;
    const lat: number[] = [];
    log(`submitting ${SUBMIT.toLocaleString('en-US')} answers at ${SUBMIT_CONNECTIONS} connections …`);
    const t1 = performance.now();
    await Promise.all(
      Array.from({ length: SUBMIT_CONNECTIONS }, async () => {
        for (let i = next++; i < tokens.length; i = next++) {
          const s = performance.now();
          const res = await fetch(`${base}/api/public/listening/s/${tokens[i]}/answer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: answer(i) });
          await res.arrayBuffer();
          if (res.status === 200) lat.push(performance.now() - s);
          else failed++;
        }
      }),
    );
    const submitS = (performance.now() - t1) / 1000;
    const [{ n }] = await c.call<{ n: number }[]>({ cmd: 'query', text: 'select count(*)::int as n from listening_responses where survey_id = $1', params: [second.id] });
    const [{ used }] = await c.call<{ used: number }[]>({ cmd: 'query', text: 'select count(*) filter (where used)::int as used from listening_survey_tokens where survey_id = $1', params: [second.id] });
    const results = (await (await fetch(`${base}/api/listening/surveys/${second.id}/results`, { headers: { cookie: city.cookie } })).json()) as { responses: number };
    lat.sort((a, b) => a - b);
    const pct = (p: number) => lat[Math.min(lat.length - 1, Math.floor((lat.length * p) / 100))] ?? NaN;
    log(`submitted in ${submitS.toFixed(1)} s, ${failed} failed; counted ${n} rows, ${used} tokens used, results ${results.responses}`);
    lines.push(
      '',
      ...notes,
      '',
      `**Submission**: ${SUBMIT.toLocaleString('en-US')} link answers (\`POST /api/public/listening/s/:token/answer\`, each checked against the definition, its token taken atomically, the row and an audit entry written in one transaction) at ${SUBMIT_CONNECTIONS} connections: ` +
        `${submitS.toFixed(1)} s (${(SUBMIT / submitS).toFixed(0)}/s; p50 ${fmt(pct(50))} ms, p95 ${fmt(pct(95))} ms), ${failed} refused. Counted afterwards: ${n.toLocaleString('en-US')} rows, ${used.toLocaleString('en-US')} tokens used, the results route says ${results.responses.toLocaleString('en-US')}. ` +
        `Goal: ${SUBMIT.toLocaleString('en-US')} in one minute without loss — ${submitS <= 60 && n === SUBMIT && failed === 0 ? 'met' : 'MISSED'}.`,
    );
    const md = lines.join('\n');
    console.log(`\n${md}\n`);
    if (OUT) fs.writeFileSync(OUT, `${md}\n`);
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
