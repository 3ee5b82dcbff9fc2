/**
 * Services at scale (`npm run bench -- services [--ledger N] [--providers N] [--requests N] [--duration S] …`), on
 * PostgreSQL (issue 15's numbers: 1,000,000 ledger rows, 10,000 providers; the defaults are those — run small with
 * e.g. `--ledger 50000` on a shared machine):
 *
 * 1. **Data.** seed-scale's organisations (its sites deliver), then by SQL: `--providers` providers of the first region
 *    (organisation nodes under the city bureau, registry rows, two offerings each, a qualification — one in twenty
 *    expired), `--requests` help requests assigned to them (open ones load a provider, rated ones rate it), and
 *    `--ledger` ledger rows over the providers and the sites, four service kinds, three years, the region's districts.
 * 2. **Ledger aggregates** against the real server (bench/server.ts child) as the city's and a district's account: `GET
 *    /api/services/ledger/summary?by=` district, serviceKind, org (a page of 100), month; autocannon; reference: the
 *    statement the route sends over the maintained aggregates, as raw SQL through a pool at the same concurrency, API ÷ SQL
 *    (p50, and one request at a time), and the GROUP BY over the ledger itself once (what it cost before the aggregates).
 * 3. **The suggestion (精准对接)** over the providers, as an enterprise of 金凤区 asks: `GET /api/services/suggest`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { BENCH_ACCOUNTS, seedScale } from '../apps/server/src/cli/seed-scale.js';
import { openDb, type Database } from '../apps/server/src/db/client.js';
import { startPgCluster, type PgCluster } from '../apps/server/test/pg-cluster.js';
import { cannon, login, startChild, stopChild } from './cases.js';
import { alone, closedLoop, type LatencySummary } from './lib.js';
import { refreshCandidates } from '../apps/server/src/modules/services/candidates.js';
import type { Ctx } from '../apps/server/src/platform/context.js';

const log = (m: string) => console.error(`[bench:services] ${m}`);
const ASKER = 'bench_enterprise';
const KINDS = ['consulting', 'rights_assistance', 'training', 'publicity'];

export interface ServicesBenchOptions {
  ledger: number;
  providers: number;
  requests: number;
  durationS: number;
  warmupS: number;
  connections: number;
  seed: number;
  /** skip the ledger summaries (the suggestion only: before/after of the candidates' walk) */
  suggestOnly?: boolean;
}

/**
 * The statements the summary route sends (ledger-summary.ts), scope given as the bureau's path ($1) and id ($2): by
 * district, kind and month from the rollup per parent node; by organisation a page of 100 from the tallies per
 * organisation. `LEDGER_SQL`: the GROUP BY over the ledger itself, the route's statement before the aggregates (once).
 */
const ROLLUP_KEYS: Record<string, string> = { district: 'district_code', serviceKind: 'service_kind', month: "to_char(month, 'YYYY-MM')" };
const SCOPE = `(%PATH% like $1 || '%' or district_code in (select district_code from orgs where id = $2 and district_code is not null))`;
const SUMS = 'sum(n)::int, sum(hours)::float8, sum(people)::float8, sum(enterprise_services)::int';
const summarySql = (by: string) =>
  by === 'org'
    ? `select org_id::text as key, ${SUMS} from service_ledger_tallies where ${SCOPE.replace('%PATH%', 'org_path')} group by org_id having sum(n) <> 0 order by org_id limit 100`
    : `select ${ROLLUP_KEYS[by]} as key, ${SUMS} from service_ledger_rollup where ${SCOPE.replace('%PATH%', 'parent_path')} group by 1 having sum(n) <> 0 order by 1`;
/**
 * The suggestion's statements for an enterprise of district $3 asking for kind $2 in region $1 on day $4 (weights of
 * config/services/rules.json: 2, 3.5, 0.5; limit 10). `RANK_ALL_SQL`: the ranking over all offerers (catalogue.ts
 * `rankAll`, the route's statement before the candidates); `WALK_SQL`: the walk over `service_candidates`
 * (candidates.ts `walkCandidates`, the route's statement now).
 */
const RANK_ALL_SQL = `
  select * from (
    select distinct on (o.org_id) o.org_id, g.name, o.org_kind, o.id, o.title, o.free, o.response_days,
           coalesce(o.district_code = $3, false) same, coalesce(a.open_requests, 0) open, (a.rating_sum::float8 / nullif(a.rating_n, 0)) rating,
           round((((case when coalesce(o.district_code = $3, false) then 2::float8 else 0 end) + coalesce((a.rating_sum::float8 / nullif(a.rating_n, 0)), 3.5::float8) - 0.5::float8 * coalesce(a.open_requests, 0))::float8)::numeric, 2)::float8 score
      from service_offerings o join orgs g on g.id = o.org_id
      left join service_providers p on p.org_id = o.org_id left join sites s on s.org_id = o.org_id
      left join service_assignee_tallies a on a.org_id = o.org_id
     where o.region_code = $1 and o.service_kind = $2 and o.active
       and ((o.org_kind = 'site' and s.status is distinct from 'revoked' and (o.district_code is null or o.district_code = $3))
         or (o.org_kind = 'provider' and p.active and (cardinality(p.districts) = 0 or $3 = any(p.districts))
             and not exists (select 1 from provider_qualifications q where q.provider_id = p.id and q.valid_until < $4::date)))
     order by o.org_id, o.id) x
  order by score desc, open, org_id limit 10`;
const WALK_ARM = (d: string) => `(
    select c.* from service_candidates c
     where c.region_code = $1 and c.service_kind = $2 and c.district_code = ${d}
       and (c.qualified_until is null or c.qualified_until >= $4::date)
       and (c.org_kind <> 'site' or not exists (select 1 from sites s where s.org_id = c.org_id and s.status = 'revoked'))
     order by c.score desc nulls last, c.open_requests, c.org_id limit 10)`;
const WALK_SQL = `
  select c.org_id, g.name, c.org_kind, c.offering_id, o.title, o.free, o.response_days, c.same_district, c.open_requests, c.rating, c.score
    from (${WALK_ARM('$3')} union all ${WALK_ARM("'*'")}) c
    join orgs g on g.id = c.org_id join service_offerings o on o.id = c.offering_id
   order by c.score desc, c.open_requests, c.org_id limit 10`;
const LEDGER_KEYS: Record<string, string> = { district: 'district_code', serviceKind: 'service_kind', org: 'org_id::text', month: "to_char(occurred_on, 'YYYY-MM')" };
const ledgerSql = (by: string) =>
  `select ${LEDGER_KEYS[by]} as key, count(*)::int, coalesce(sum(hours), 0)::float8, coalesce(sum(people), 0)::int, count(enterprise_id)::int
     from service_ledger where ${SCOPE.replace('%PATH%', 'org_path')} group by 1 order by 1`;

/**
 * The services data at scale, set-based (also the steering bench's ledger): `providers` providers of the first region
 * (organisation nodes under the city bureau, registry rows, two offerings each, a qualification — one in twenty
 * expired), the region's sites offering too, `requests` help requests assigned to them (open ones load a provider, rated
 * ones rate it), and `ledger` ledger rows over the providers and the sites, four service kinds, three years, the
 * region's districts. Needs seed-scale's organisations first.
 */
export async function seedServices(database: Database, o: Pick<ServicesBenchOptions, 'providers' | 'requests' | 'ledger'>): Promise<{ city: Record<string, unknown>; region: string; ms: number }> {
  const q = (text: string, params: unknown[] = []) => database.query(text, params);
  const [city] = await q(`select id, path, region_code from orgs where kind = 'city_bureau' order by id limit 1`);
  const region = String(city!.region_code);
  const districts = ((await q(`select code from districts where region_code = $1 order by code`, [region])) as { code: string }[]).map((d) => d.code);
  const t0 = performance.now();
  // providers: organisation nodes under the city bureau (path: the city's + id), registry rows, offerings, a qualification
  await q(
    `with n as (select nextval(pg_get_serial_sequence('orgs', 'id'))::int id, g from generate_series(1, $3::int) g)
     insert into orgs (id, parent_id, path, name, kind, region_code) select id, $1::int, $2 || id || '/', '服务机构' || g, 'provider', $4 from n`,
    [city!.id, city!.path, o.providers, region],
  );
  await q(
    `insert into service_providers (org_id, org_path, region_code, name, kind, districts, service_kinds)
     select id, path, region_code, name, (array['ip_agency','forensic','law_firm','association','alliance','enterprise','university'])[1 + id % 7],
            case when id % 3 = 0 then array[($2::text[])[1 + id % cardinality($2::text[])]] else '{}' end, array['rights_assistance','consulting']
       from orgs where kind = 'provider' and region_code = $1`,
    [region, districts],
  );
  await q(
    `insert into service_offerings (org_id, org_path, org_kind, region_code, service_kind, title)
     select p.org_id, p.org_path, 'provider', p.region_code, k, p.name || ' ' || k from service_providers p, unnest(array['rights_assistance','consulting']) k`,
  );
  await q(
    `insert into provider_qualifications (provider_id, kind, number, valid_until)
     select id, '执业许可证', 'Q' || id, case when id % 20 = 0 then current_date - 30 else current_date + 400 end from service_providers`,
  );
  // sites offer too (their district's)
  await q(
    `insert into service_offerings (org_id, org_path, org_kind, region_code, district_code, service_kind, title)
     select id, path, 'site', region_code, district_code, 'rights_assistance', name || ' 协助维权' from orgs where kind = 'site' and region_code = $1`,
    [region],
  );
  // requests: open ones load their provider, confirmed ones rate it
  await q(
    `insert into help_requests (region_code, district_code, requester_org_id, requester_org_path, public_name, service_kind, title, need, contact_name, contact_phone,
                                assignee_org_id, assignee_org_path, assignee_kind, state, rating)
     select $1, ($4::text[])[1 + g % cardinality($4::text[])], $2::int, $3, '求助人' || g, 'rights_assistance', '求助' || g, '需要协助', '联系人', '13800000000',
            p.org_id, p.org_path, 'provider', (array['assigned','accepted','confirmed','confirmed','confirmed'])[1 + g % 5],
            case when g % 5 >= 2 then 1 + g % 5 else null end
       from generate_series(1, $5::int) g join lateral (select org_id, org_path from service_providers order by id offset (g::bigint * 7919) % $6::int limit 1) p on true`,
    [region, city!.id, city!.path, districts, o.requests, o.providers],
  );
  // the ledger: over providers and sites, kinds, three years, the region's districts
  await q(`create temp table deliverers as select row_number() over (order by id) n, id, path, kind, district_code from orgs where kind in ('provider', 'site') and region_code = $1`, [region]);
  const [{ m }] = (await q(`select count(*)::int m from deliverers`)) as { m: number }[];
  await q(
    `insert into service_ledger (org_id, org_path, org_kind, region_code, district_code, source, service_kind, title, occurred_on, hours, people)
     select d.id, d.path, d.kind, $1, coalesce(d.district_code, ($2::text[])[1 + g % cardinality($2::text[])]), 'activity', ($3::text[])[1 + g % 4], '服务' || g,
            current_date - (g % 1095), 1 + g % 8, 1 + g % 40
       from generate_series(1, $4::int) g join deliverers d on d.n = 1 + (g::bigint * 7919) % $5::int`,
    [region, districts, KINDS, o.ledger, m],
  );
  const ms = performance.now() - t0;
  log(`${o.providers} providers, ${o.requests} requests, ${o.ledger} ledger rows over ${m} sites and providers in ${(ms / 1000).toFixed(1)} s`);
  // the suggestion's candidates, filled from what was seeded (what the migration's fill does on an existing database)
  const t2 = performance.now();
  await database.db.transaction(async (tx) => refreshCandidates({ db: tx } as unknown as Ctx, 'all'));
  const [{ cands }] = (await q(`select count(*)::int cands from service_candidates`)) as { cands: number }[];
  log(`${cands} candidate rows filled in ${((performance.now() - t2) / 1000).toFixed(1)} s`);
  return { city: city!, region, ms };
}

export async function runServicesBench(o: ServicesBenchOptions): Promise<string> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shangmi-bench-services-'));
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
    await seedScale(database, { users: 2000, enterprises: 200, seed: o.seed });
    const q = (text: string, params: unknown[] = []) => database.query(text, params);
    const { city, region } = await seedServices(database, o);
    // an enterprise account of 金凤区 asks for the suggestion
    const [ent] = await q(`select id, path from orgs where kind = 'enterprise' and district_code = '640106' and id in (select org_id from enterprises) order by id limit 1`);
    const [role] = await q(`select id from roles where code = 'enterprise_admin'`);
    const [asker] = await q(
      `insert into users (username, display_name, org_id, org_path, password_hash, must_change_password)
       select $1, '企业经办人', $2::int, $3, password_hash, false from users where username = $4 returning id`,
      [ASKER, ent!.id, ent!.path, BENCH_ACCOUNTS.district],
    );
    await q(`insert into user_roles (user_id, role_id) values ($1, $2)`, [asker!.id, role!.id]);
    for (const t of ['orgs', 'service_providers', 'service_offerings', 'provider_qualifications', 'help_requests', 'service_ledger', 'service_ledger_tallies', 'service_ledger_rollup', 'service_assignee_tallies', 'service_candidates']) await q(`vacuum analyze ${t}`);
    await database.close();

    const env = { ...process.env, DATABASE_URL: databaseUrl, SHANGMI_DATA_DIR: tmp, SHANGMI_SECRET_KEY: 'ab'.repeat(32), LOG_LEVEL: 'silent', SHANGMI_OUTBOX_INTERVAL_MS: '0', SHANGMI_REMINDER_INTERVAL_MS: '0', SHANGMI_LOG_INTERVAL_MS: '200' };
    const child = await startChild(env);
    proc = child.proc;
    const base = `http://127.0.0.1:${child.hello.apiPort}`;
    const cityCookie = await login(base, BENCH_ACCOUNTS.city);
    const askerCookie = await login(base, ASKER);
    pool.current = new pg.Pool({ connectionString: databaseUrl, max: o.connections + 2, options: '-c jit=off' });
    const p = pool.current;
    const rows: { scenario: string; api: LatencySummary & { non2xx: number }; apiAlone: number; sql?: LatencySummary; sqlAlone?: number; groups?: number; ledgerOnce?: number }[] = [];
    const fetchOk = async (url: string, cookie: string) => {
      const res = await fetch(base + url, { headers: { cookie } });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`${url}: ${res.status} ${body.slice(0, 200)}`);
      return body;
    };
    const district = (await p.query<{ id: number; path: string }>(`select o.id, o.path from orgs o join users u on u.org_id = o.id where u.username = $1`, [BENCH_ACCOUNTS.district])).rows[0]!;
    const districtCookie = await login(base, BENCH_ACCOUNTS.district);
    const scopes = [
      { name: 'city', cookie: cityCookie, params: [city!.path, city!.id] },
      { name: 'district', cookie: districtCookie, params: [district.path, district.id] },
    ];
    const suggestRows: { kind: string; walk: LatencySummary; walkAlone: number; walkBuffers: number; rankAll: LatencySummary; rankAllAlone: number; rankAllBuffers: number }[] = [];
    for (const sc of o.suggestOnly ? [] : scopes) {
      for (const by of Object.keys(LEDGER_KEYS)) {
        const url = `/api/services/ledger/summary?by=${by}`;
        const groups = (JSON.parse(await fetchOk(url, sc.cookie)) as unknown[]).length;
        await cannon(base + url, sc.cookie, o.connections, o.warmupS);
        const api = await cannon(base + url, sc.cookie, o.connections, o.durationS);
        const apiAlone = await alone(() => fetchOk(url, sc.cookie));
        const unit = async () => void (await p.query(summarySql(by), sc.params));
        const sql = await closedLoop(unit, { concurrency: o.connections, warmupMs: o.warmupS * 1000, durationMs: o.durationS * 1000 });
        const sqlAlone = await alone(unit);
        const t1 = performance.now();
        await p.query(ledgerSql(by), sc.params);
        const ledgerOnce = performance.now() - t1;
        log(`${sc.name} summary by ${by} (${groups} groups): API p50 ${api.p50.toFixed(1)} p95 ${api.p95.toFixed(1)} ms, SQL p50 ${sql.p50.toFixed(1)} ms, alone ${apiAlone.toFixed(1)} / ${sqlAlone.toFixed(1)} ms, ledger GROUP BY ${ledgerOnce.toFixed(0)} ms`);
        rows.push({ scenario: `${sc.name} · ledger summary by ${by}`, api, apiAlone, sql, sqlAlone, groups, ledgerOnce });
      }
    }
    for (const kind of ['rights_assistance', 'consulting']) {
      const url = `/api/services/suggest?serviceKind=${kind}`;
      const answer = (await (await fetch(base + url, { headers: { cookie: askerCookie } })).json()) as { orgId: number; score: number }[];
      await cannon(base + url, askerCookie, o.connections, o.warmupS);
      const api = await cannon(base + url, askerCookie, o.connections, o.durationS);
      const apiAlone = await alone(() => fetchOk(url, askerCookie));
      const params = [region, kind, '640106', new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)];
      // the same answer from the walk and from the ranking over all offerers (the route answers the walk's)
      const walked = (await p.query(WALK_SQL, params)).rows.map((r) => Number(r.org_id));
      const ranked = (await p.query(RANK_ALL_SQL, params)).rows.map((r) => Number(r.org_id));
      if (JSON.stringify(walked) !== JSON.stringify(ranked) || JSON.stringify(walked) !== JSON.stringify(answer.map((a) => a.orgId))) throw new Error(`suggest ${kind}: walk ${walked} ≠ ranking ${ranked} / API ${answer.map((a) => a.orgId)}`);
      const walk = async () => void (await p.query(WALK_SQL, params));
      const sql = await closedLoop(walk, { concurrency: o.connections, warmupMs: o.warmupS * 1000, durationMs: o.durationS * 1000 });
      const sqlAlone = await alone(walk);
      const before = async () => void (await p.query(RANK_ALL_SQL, params));
      const rankAll = await closedLoop(before, { concurrency: o.connections, warmupMs: o.warmupS * 1000, durationMs: o.durationS * 1000 });
      const rankAllAlone = await alone(before);
      const plan = ((await p.query(`explain (analyze, buffers, format json) ${WALK_SQL}`, params)).rows[0]['QUERY PLAN'] as { Plan: { 'Shared Hit Blocks': number; 'Shared Read Blocks': number } }[])[0]!.Plan;
      const planBefore = ((await p.query(`explain (analyze, buffers, format json) ${RANK_ALL_SQL}`, params)).rows[0]['QUERY PLAN'] as { Plan: { 'Shared Hit Blocks': number; 'Shared Read Blocks': number } }[])[0]!.Plan;
      const blocks = (x: typeof plan) => x['Shared Hit Blocks'] + x['Shared Read Blocks'];
      log(
        `suggest ${kind}: API p50 ${api.p50.toFixed(1)} p95 ${api.p95.toFixed(1)} ms, alone ${apiAlone.toFixed(1)} ms; walk SQL p50 ${sql.p50.toFixed(1)} p95 ${sql.p95.toFixed(1)}, alone ${sqlAlone.toFixed(1)} ms, ${blocks(plan)} buffers; ranking over all p50 ${rankAll.p50.toFixed(1)} p95 ${rankAll.p95.toFixed(1)}, alone ${rankAllAlone.toFixed(1)} ms, ${blocks(planBefore)} buffers`,
      );
      rows.push({ scenario: `suggestion · ${kind}`, api, apiAlone, sql, sqlAlone });
      suggestRows.push({ kind, walk: sql, walkAlone: sqlAlone, walkBuffers: blocks(plan), rankAll, rankAllAlone, rankAllBuffers: blocks(planBefore) });
    }
    await stopChild(proc);

    const f = (v: number) => v.toFixed(1);
    const ratio = (a: number, b?: number) => (b ? (a / b).toFixed(2) : '—');
    return [
      '## Services: ledger aggregates and the suggestion (PostgreSQL)',
      '',
      `${o.ledger.toLocaleString('en-US')} ledger rows, ${o.providers.toLocaleString('en-US')} providers (two offerings each, one in twenty with an expired qualification), ${o.requests.toLocaleString('en-US')} help requests assigned to them. ${o.connections} connections, ${o.warmupS}+${o.durationS} s per row.`,
      '',
      `Load average when the run started: ${load.toFixed(2)} on ${os.cpus().length} CPUs (other work on a shared machine inflates the concurrent figures; "alone" is one request at a time).`,
      '',
      '| scenario | groups | API req/s | API p50 | API p95 | API alone | SQL req/s | SQL p50 | SQL p95 | SQL alone | API÷SQL p50 | API÷SQL alone | ledger GROUP BY (once) |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      ...rows.map(
        (r) =>
          `| ${r.scenario} | ${r.groups ?? '—'} | ${r.api.perSecond.toFixed(0)} | ${f(r.api.p50)} | ${f(r.api.p95)} | ${f(r.apiAlone)} | ${r.sql ? r.sql.perSecond.toFixed(0) : '—'} | ${r.sql ? f(r.sql.p50) : '—'} | ${r.sql ? f(r.sql.p95) : '—'} | ${r.sqlAlone ? f(r.sqlAlone) : '—'} | ${ratio(r.api.p50, r.sql?.p50)} | ${ratio(r.apiAlone, r.sqlAlone)} | ${r.ledgerOnce === undefined ? '—' : f(r.ledgerOnce)} |${r.api.non2xx ? ` (${r.api.non2xx} non-2xx)` : ''}`,
      ),
      '',
      '### The suggestion: the walk over the candidates (now) against the ranking over all offerers (before), as SQL at the same concurrency',
      '',
      '| kind | walk p50 | walk p95 | walk alone | walk buffers | ranking-over-all p50 | ranking-over-all p95 | ranking-over-all alone | its buffers |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      ...suggestRows.map((r) => `| ${r.kind} | ${f(r.walk.p50)} | ${f(r.walk.p95)} | ${f(r.walkAlone)} | ${r.walkBuffers} | ${f(r.rankAll.p50)} | ${f(r.rankAll.p95)} | ${f(r.rankAllAlone)} | ${r.rankAllBuffers} |`),
      '',
      'Both statements answered the same ten offerers, and the API the same (checked each run). Buffers: shared blocks hit or read by one execution (EXPLAIN ANALYZE, BUFFERS).',
      '',
      'SQL: the statement the route sends (ledger-summary.ts) for the scope, through a pg.Pool at the same concurrency: by district, kind and month a GROUP BY over the rollup per parent node (`service_ledger_rollup`), by organisation a page of 100 over the tallies per organisation (`service_ledger_tallies`). "ledger GROUP BY (once)": the same summary grouped over the ledger itself (what the route sent before the aggregates), one run. The suggestion\'s SQL column: the walk over `service_candidates` (the statement the route sends since session 7).',
    ].join('\n');
  } finally {
    await pool.current?.end();
    if (proc && proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    cluster?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** `npm run bench -- services …`: the driver on its own. */
if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string, d: number) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : d;
  };
  const out = process.argv.includes('--out') ? process.argv[process.argv.indexOf('--out') + 1] : undefined;
  runServicesBench({
    ledger: arg('ledger', 1_000_000),
    providers: arg('providers', 10_000),
    requests: arg('requests', 50_000),
    durationS: arg('duration', 10),
    warmupS: arg('warmup', 2),
    connections: arg('connections', 20),
    seed: arg('seed', 1),
    suggestOnly: process.argv.includes('--suggest-only'),
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
