/**
 * The protection file at scale (`npm run bench -- protection [--secrets N] [--people N] [--acks N] [--pack-proofs N]`),
 * on PostgreSQL (issue 18's numbers: 5,000 secrets, 2,000 people, 100,000 acknowledgements for one enterprise):
 *
 * 1. **One enterprise's file.** seed-scale's organisations, then for one enterprise of 金凤区: `--secrets` entries (three
 *    levels, both categories, carriers), `--people`, each secret known by 2–6 of them, `--acks` acknowledged notices
 *    spread over people and secrets (with their notice_secrets rows), 1–4 measures per secret; then every secret's
 *    readiness computed by the module's own `refreshReadiness` (the shared function), as the service stores it.
 * 2. **Lists and readiness** against the real server (bench/server.ts child): the register's first page, a filter by level
 *    sorted by readiness, a name search, the readiness overview, the people list; autocannon, p95 against the 50 ms goal;
 *    reference: the register page and its capped count as plain SQL through a pool at the same concurrency.
 * 3. **The litigation pack** of one secret with `--pack-proofs` (200) deposits linked (made through the API as the browser
 *    makes them, integrated by the server's log), built 5 times one at a time; goal < 3 s.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { BENCH_ACCOUNTS, seedScale } from '../apps/server/src/cli/seed-scale.js';
import { buildApp } from '../apps/server/src/app.js';
import { DemoWorld } from '../apps/server/src/cli/demo-context.js';
import { loadConfig } from '../apps/server/src/config.js';
import { openDb } from '../apps/server/src/db/client.js';
import { refreshReadiness } from '../apps/server/src/modules/protection/readiness.js';
import { recountTotals } from '../apps/server/src/modules/protection/totals.js';
import { startPgCluster, type PgCluster } from '../apps/server/test/pg-cluster.js';
import { depositBody } from '../apps/server/test/protection.js';
import { cannon, login, startChild, stopChild } from './cases.js';
import { alone, closedLoop, type LatencySummary } from './lib.js';

const log = (m: string) => console.error(`[bench:protection] ${m}`);
const KEEPER = 'bench_keeper';

export interface ProtectionBenchOptions {
  secrets: number;
  people: number;
  acks: number;
  packProofs: number;
  durationS: number;
  warmupS: number;
  connections: number;
  seed: number;
}

/** The statements each scenario's route sends (register.ts listSecrets, readiness.ts readinessOverview), for EXPLAIN. */
const LIST_COLS = `"id", "code", "name", "category", "sub_kind", "level", "department", "custodian_name", "status", "carrier_kinds", "readiness", "measure_count", "proof_count", "knower_count", "next_review_on", "created_at", "updated_at"`;
const EXPLAIN: Record<string, (org: number) => { label: string; text: string; params: unknown[] }[]> = {
  'register · page 1': (org) => [
    { label: 'page', text: `select ${LIST_COLS} from "secrets" where "secrets"."org_id" = $1 order by "secrets"."id" desc limit $2`, params: [org, 20] },
    { label: 'count (cached 10 s)', text: `select count(*)::int from "secrets" where "secrets"."org_id" = $1`, params: [org] },
  ],
  'register · core, by readiness': (org) => [
    { label: 'page', text: `select ${LIST_COLS} from "secrets" where ("secrets"."org_id" = $1 and "secrets"."level" = $2) order by "secrets"."readiness" asc, "secrets"."id" asc limit $3`, params: [org, 'core', 20] },
  ],
  'register · search 配方': (org) => [
    { label: 'page', text: `select ${LIST_COLS} from "secrets" where ("secrets"."org_id" = $1 and ("secrets"."name" ilike $2 or "secrets"."code" ilike $2 or "secrets"."department" ilike $2)) order by "secrets"."id" desc limit $3`, params: [org, '%配方%', 20] },
  ],
  'readiness overview': (org) => [
    { label: 'totals', text: `select * from "protection_readiness_totals" where "org_id" = $1`, params: [org] },
    { label: 'weakest ten', text: `select "id", "name", "level", "readiness" from "secrets" where ("secrets"."org_id" = $1 and "secrets"."status" = 'active') order by "secrets"."readiness", "secrets"."level" desc, "secrets"."id" limit $2`, params: [org, 10] },
    { label: 'reviews due', text: `select count(*)::int from "secrets" where (("secrets"."org_id" = $1 and "secrets"."status" = 'active') and "secrets"."next_review_on" <= current_date)`, params: [org] },
  ],
};

async function explain(p: pg.Pool, text: string, params: unknown[]): Promise<string> {
  const { rows } = await p.query(`explain (analyze, buffers) ${text}`, params);
  return rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function runProtectionBench(o: ProtectionBenchOptions): Promise<string> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shangmi-bench-protection-'));
  let cluster: PgCluster | undefined;
  let proc: ChildProcess | undefined;
  const pool = { current: null as pg.Pool | null };
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
    await seedScale(database, { users: 2000, seed: o.seed });
    const q = (text: string, params: unknown[] = []) => database.query(text, params);
    const [ent] = await q(`select o.id, o.path from orgs o where o.kind = 'enterprise' and o.district_code = '640106' order by o.id limit 1`);
    if (!ent) throw new Error('seed-scale made no enterprise in 640106');
    const orgId = Number(ent.id);
    const [role] = await q(`select id from roles where code = 'enterprise_admin'`);
    const [keeper] = await q(
      `insert into users (username, display_name, org_id, org_path, password_hash, must_change_password)
       select $1, '保密专员', $2::int, $3, password_hash, false from users where username = $4 returning id`,
      [KEEPER, orgId, ent.path, BENCH_ACCOUNTS.district],
    );
    await q(`insert into user_roles (user_id, role_id) values ($1, $2)`, [keeper!.id, role!.id]);

    const t0 = performance.now();
    await q(
      `insert into secrets (org_id, code, name, category, sub_kind, level, department, custodian_name, created_on, review_months, next_review_on, carriers, carrier_kinds, value)
       select $1::int, 'SM-' || lpad(g::text, 5, '0'),
              (array['工艺参数','配方','客户名单','源代码','报价体系','设备图纸'])[1 + g % 6] || ' 第' || g || '号',
              case when g % 3 = 0 then 'business' else 'technical' end,
              case when g % 3 = 0 then 'customer' else 'process' end,
              (array['core','important','general'])[1 + g % 3], '部门' || (g % 12), '责任人' || (g % 40),
              date '2020-01-01' + (g % 1800), 12, current_date + (g % 400) - 30,
              '[{"kind":"electronic","description":"文档","location":"服务器"}]'::jsonb, '{electronic}', '{"advantages":["cost"],"notPublic":["not_published"]}'::jsonb
         from generate_series(1, $2::int) g`,
      [orgId, o.secrets],
    );
    await q(
      `insert into protection_people (org_id, name, kind, department, agreement_signed_on)
       select $1::int, '员工' || g, case when g % 10 = 0 then 'supplier' else 'employee' end, '部门' || (g % 12), case when g % 4 = 0 then null else date '2022-01-01' + (g % 900) end
         from generate_series(1, $2::int) g`,
      [orgId, o.people],
    );
    const [{ s0, p0 }] = (await q(`select (select min(id) from secrets where org_id = $1) s0, (select min(id) from protection_people where org_id = $1) p0`, [orgId])) as { s0: number; p0: number }[];
    await q(
      `insert into secret_knowers (secret_id, person_id, org_id)
       select distinct $2::int + s, $3::int + ((s * 7 + k * 131) % $5::int), $1::int from generate_series(0, $4::int - 1) s, generate_series(0, 2 + s % 4) k
       on conflict do nothing`,
      [orgId, s0, p0, o.secrets, o.people],
    );
    const reqs = ['carriers.marking', 'personnel.nda', 'carriers.storage', 'training.notice', 'it.access_levels', 'identify.register'];
    await q(
      `insert into secret_measures (secret_id, org_id, requirement_id, taken_on, evidence_kind)
       select $2::int + s, $1::int, ($4::text[])[1 + (s + k) % 6], date '2025-01-01' + (s % 300), case when (s + k) % 3 = 0 then 'none' else 'record' end
         from generate_series(0, $3::int - 1) s, generate_series(0, s % 4) k on conflict do nothing`,
      [orgId, s0, o.secrets, reqs],
    );
    await q(
      `insert into protection_notices (org_id, person_id, secret_ids, secret_names, title, text, text_sha256, token_hash, expires_at, sent_at, acknowledged_at, typed_name)
       select $1::int, $2::int + (g % $4::int), array[$3::int + (g % $5::int)], array['第' || (g % $5::int) || '号'], '保密告知书', '告知书正文', md5(g::text), md5('t' || g::text) || md5('u' || g::text),
              now() + interval '14 days', now() - make_interval(secs => g * 30), now() - make_interval(secs => g * 30 - 600), '员工'
         from generate_series(1, $6::int) g`,
      [orgId, p0, s0, o.people, o.secrets, o.acks],
    );
    await q(
      `insert into notice_secrets (notice_id, secret_id, person_id, acknowledged_at)
       select id, secret_ids[1], person_id, acknowledged_at from protection_notices where org_id = $1`,
      [orgId],
    );
    await q(`update protection_people p set last_acknowledged_at = x.at from (select person_id, max(acknowledged_at) at from protection_notices where org_id = $1 group by person_id) x where p.id = x.person_id`, [orgId]);
    log(`file of one enterprise: ${o.secrets} secrets, ${o.people} people, ${o.acks} acknowledgements in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    // readiness as the service stores it: the shared function over each secret's measures and people
    const config = loadConfig({ SHANGMI_DATA_DIR: tmp, SHANGMI_SECRET_KEY: 'ab'.repeat(32), LOG_LEVEL: 'silent' });
    // the services' dependencies as the server builds them (no routes are served here, no jobs started)
    const app = await buildApp({ config, database, logger: false });
    const w = new DemoWorld(app.deps, 'unused');
    const ids = ((await q(`select id from secrets where org_id = $1 order by id`, [orgId])) as { id: number }[]).map((r) => Number(r.id));
    const t1 = performance.now();
    for (let i = 0; i < ids.length; i += 500) await w.read(KEEPER, (ctx) => refreshReadiness(ctx, ids.slice(i, i + 500)));
    const refreshMs = performance.now() - t1;
    log(`readiness of ${ids.length} secrets computed and stored in ${(refreshMs / 1000).toFixed(1)} s`);
    // the secrets above were inserted around the service: their overview totals are counted once, as a migration would
    await w.read(KEEPER, (ctx) => recountTotals(ctx, orgId));
    await app.close();
    for (const t of ['secrets', 'protection_people', 'secret_knowers', 'secret_measures', 'protection_notices', 'notice_secrets']) await q(`vacuum analyze ${t}`);
    await database.close();

    const env = { ...process.env, DATABASE_URL: databaseUrl, SHANGMI_DATA_DIR: tmp, SHANGMI_SECRET_KEY: 'ab'.repeat(32), LOG_LEVEL: 'silent', SHANGMI_OUTBOX_INTERVAL_MS: '0', SHANGMI_REMINDER_INTERVAL_MS: '0', SHANGMI_LOG_INTERVAL_MS: '200' };
    const child = await startChild(env);
    proc = child.proc;
    const base = `http://127.0.0.1:${child.hello.apiPort}`;
    const cookie = await login(base, KEEPER);
    pool.current = new pg.Pool({ connectionString: databaseUrl, max: o.connections + 2, options: '-c jit=off' });
    const p = pool.current;
    const registerPage = async () => {
      await Promise.all([
        p.query(`select * from secrets where org_id = $1 order by id desc limit 20`, [orgId]),
        p.query(`select count(*)::int from (select 1 from secrets where org_id = $1 limit 10001) c`, [orgId]),
      ]);
    };
    const scenarios: [string, string][] = [
      ['register · page 1', '/api/protection/secrets?page=1&pageSize=20'],
      ['register · core, by readiness', '/api/protection/secrets?level=core&sort=readiness&order=asc&pageSize=20'],
      ['register · search 配方', `/api/protection/secrets?q=${encodeURIComponent('配方')}&pageSize=20`],
      ['readiness overview', '/api/protection/readiness'],
      ['people · page 1', '/api/protection/people?page=1&pageSize=20'],
    ];
    const rows: { scenario: string; api: LatencySummary & { non2xx: number }; apiAlone: number }[] = [];
    const plans: string[] = [];
    for (const [scenario, url] of scenarios) {
      await cannon(base + url, cookie, o.connections, o.warmupS);
      // the statements' plans while the scenario's load runs (half-way through), as the server sends them
      const explains = EXPLAIN[scenario]?.(orgId) ?? [];
      const planned = new Promise<string[]>((resolve) => setTimeout(() => void Promise.all(explains.map((x) => explain(p, x.text, x.params))).then(resolve), (o.durationS * 1000) / 2));
      const api = await cannon(base + url, cookie, o.connections, o.durationS);
      for (const [k, plan] of (await planned).entries()) plans.push(`### ${scenario} — ${explains[k]!.label}\n\n\`\`\`\n${plan}\n\`\`\``);
      const apiAlone = await alone(async () => void (await (await fetch(base + url, { headers: { cookie } })).arrayBuffer()));
      log(`${scenario}: p95 ${api.p95.toFixed(1)} ms (${api.perSecond.toFixed(0)}/s), alone ${apiAlone.toFixed(1)} ms`);
      rows.push({ scenario, api, apiAlone });
    }
    const ref = await closedLoop(registerPage, { concurrency: o.connections, warmupMs: o.warmupS * 1000, durationMs: o.durationS * 1000 });
    const refAlone = await alone(registerPage);

    // the pack: one secret with --pack-proofs deposits, made through the API and integrated by the server's log
    const csrf = (await (await fetch(`${base}/api/auth/session`, { headers: { cookie } })).json()) as { csrfToken: string };
    const headers = { cookie, 'content-type': 'application/json', 'x-csrf-token': csrf.csrfToken as string };
    const packSecret = ids[0]!;
    for (let i = 0; i < o.packProofs; i++) {
      const res = await fetch(`${base}/api/protection/secrets/${packSecret}/deposit`, { method: 'POST', headers, body: JSON.stringify(depositBody([{ name: `文件${i}.bin`, bytes: crypto.randomBytes(64) }], `证据 ${i}`)) });
      if (res.status !== 200) throw new Error(`deposit ${i}: ${res.status} ${await res.text()}`);
    }
    for (let tries = 0; ; tries++) {
      const d = (await (await fetch(`${base}/api/protection/secrets/${packSecret}`, { headers: { cookie } })).json()) as { proofs: { logIndex: number | null }[] };
      if (d.proofs.every((x) => x.logIndex !== null)) break;
      if (tries > 600) throw new Error('deposits not integrated after 60 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    const packs: number[] = [];
    let size = 0;
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      const res = await fetch(`${base}/api/protection/secrets/${packSecret}/pack`, { headers: { cookie } });
      const buf = Buffer.from(await res.arrayBuffer());
      if (res.status !== 200) throw new Error(`pack: ${res.status} ${buf.toString().slice(0, 200)}`);
      packs.push(performance.now() - t);
      size = buf.length;
    }
    log(`pack with ${o.packProofs} proofs: ${packs.map((x) => x.toFixed(0)).join(', ')} ms (${(size / 1024).toFixed(0)} KB)`);
    await stopChild(proc);

    const f = (v: number) => v.toFixed(1);
    return [
      '## Protection file: one enterprise at scale (PostgreSQL)',
      '',
      `One enterprise with ${o.secrets.toLocaleString('en-US')} secrets, ${o.people.toLocaleString('en-US')} people and ${o.acks.toLocaleString('en-US')} acknowledgements; readiness of every secret computed by the shared function and stored in ${(refreshMs / 1000).toFixed(1)} s. ${o.connections} connections, ${o.warmupS}+${o.durationS} s per row. Goal: p95 ≤ 50 ms.`,
      '',
      `Load average when the run started: ${load.toFixed(2)} on ${os.cpus().length} CPUs (other work on a shared machine inflates the concurrent figures; "alone" is one request at a time).`,
      '',
      '| scenario | API req/s | API p50 | API p95 | API p99 | API alone | goal |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      ...rows.map((r) => `| ${r.scenario} | ${r.api.perSecond.toFixed(0)} | ${f(r.api.p50)} | ${f(r.api.p95)} | ${f(r.api.p99)} | ${f(r.apiAlone)} | ${r.api.p95 <= 50 ? 'met' : 'MISSED'}${r.api.non2xx ? ` (${r.api.non2xx} non-2xx)` : ''} |`),
      `| reference: the register page + capped count as raw SQL | ${ref.perSecond.toFixed(0)} | ${f(ref.p50)} | ${f(ref.p95)} | ${f(ref.p99)} | ${f(refAlone)} | — |`,
      '',
      '',
      `Raw-SQL reference of the register page: its page and capped count through a pg.Pool at ${o.connections} connections (the count uncached, as the API's is every 10 s).`,
      '',
      `Litigation pack of one secret with ${o.packProofs} linked deposits (zip ${(size / 1024).toFixed(0)} KB: Word summary, ${o.packProofs} receipts and private records, manifest), one request at a time, 5 runs: ${packs.map((x) => x.toFixed(0)).join(', ')} ms, median ${median(packs).toFixed(0)} ms. Goal: < 3 s — ${median(packs) < 3000 ? 'met' : 'MISSED'}.`,
      '',
      '## Plans under load',
      '',
      'EXPLAIN (ANALYZE, BUFFERS) of the statements the routes send, run once half-way through each scenario\'s measured load (times inflated by that load).',
      '',
      ...plans,
    ].join('\n');
  } finally {
    await pool.current?.end();
    if (proc && proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    cluster?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** `npm run bench -- protection …`: the driver on its own. */
if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string, d: number) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : d;
  };
  const out = process.argv.includes('--out') ? process.argv[process.argv.indexOf('--out') + 1] : undefined;
  runProtectionBench({
    secrets: arg('secrets', 5000),
    people: arg('people', 2000),
    acks: arg('acks', 100_000),
    packProofs: arg('pack-proofs', 200),
    durationS: arg('duration', 10),
    warmupS: arg('warmup', 2),
    connections: arg('connections', 20),
    seed: arg('seed', 1),
  }).then(
    (md) => {
      console.log(md);
      if (out) fs.writeFileSync(out, `${md}\n`);
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
