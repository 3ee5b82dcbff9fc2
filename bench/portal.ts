/**
 * The public portal under a crowd (`npm run bench -- portal [--articles N] [--connections 50] [--duration 10]`), on
 * PostgreSQL (issue 16: the portal home and an article page at ≥ 2,000 req/s with p95 ≤ 50 ms at 50 connections):
 *
 * 1. The platform's reference seed (regions, the bureaus: `seedReferenceData`), then `--articles` published articles of the city bureau (every
 *    category, a page of rich text each) written straight into outreach_articles, as the publishing step leaves them.
 * 2. Against the real server (bench/server.ts child), no session (a visitor): the portal home's API, one article's API,
 *    and the page shell (`/`, the SPA's index.html) when the web is built; beside them, in the same run, the bare
 *    Fastify hello-world of the same child (the framework's floor on this machine at this moment).
 * The home and an article are answered from the in-process cache of encoded JSON (platform/count-cache.ts, forgotten on
 * every local commit — a publication is one), with `cache-control: public, max-age=60` for browsers and proxies.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { openDb } from '../apps/server/src/db/client.js';
import { seedReferenceData } from '../apps/server/src/seed.js';
import { startPgCluster, type PgCluster } from '../apps/server/test/pg-cluster.js';
import { cannon, startChild, stopChild } from './cases.js';
import { alone, AS_DEPLOYED, type LatencySummary } from './lib.js';

const log = (m: string) => console.error(`[bench:portal] ${m}`);

export interface PortalBenchOptions {
  articles: number;
  durationS: number;
  warmupS: number;
  connections: number;
}

const CATEGORIES = ['news', 'case', 'policy', 'exposure', 'guide'];
const BODY = `<p>${'某公司前员工离职时带走工艺配方和客户名单，法院认定构成侵犯商业秘密，判令赔偿经济损失一百万元。'.repeat(12)}</p><p><strong>典型意义：</strong>${'企业应当签订保密协议、划分密级、限制接触范围。'.repeat(8)}</p>`;

export async function runPortalBench(o: PortalBenchOptions): Promise<string> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shangmi-bench-portal-'));
  let cluster: PgCluster | undefined;
  let proc: ChildProcess | undefined;
  const load = os.loadavg()[0];
  try {
    cluster = await startPgCluster({ durable: AS_DEPLOYED });
    const admin = new pg.Client({ connectionString: cluster.url('postgres') });
    await admin.connect();
    await admin.query('create database shangmi_bench');
    await admin.end();
    const databaseUrl = cluster.url('shangmi_bench');
    const database = await openDb({ databaseUrl, poolSize: 2 });
    await database.migrate();
    await seedReferenceData(database.db);
    const q = (text: string, params: unknown[] = []) => database.query(text, params);
    const [city] = await q(`select id, path, region_code from orgs where kind = 'city_bureau' order by id limit 1`);
    if (!city) throw new Error('the seed made no city bureau');
    await q(
      `insert into outreach_articles (region_code, org_id, org_path, category, title, summary, body, tags, state, publish_at, announced_at)
       select $1, $2::int, $3, ($4::text[])[1 + g % 5], '商业秘密保护资讯 第' || g || '期', '摘要 ' || g, $5, array['压测'], 'published',
              now() - make_interval(mins => g), now() - make_interval(mins => g)
         from generate_series(1, $6::int) g`,
      [city.region_code, city.id, city.path, CATEGORIES, BODY, o.articles],
    );
    const [art] = await q(`select id from outreach_articles order by publish_at desc limit 1`);
    await q('vacuum analyze outreach_articles');
    await database.close();
    log(`${o.articles} published articles of ${city.region_code}`);

    const env = { ...process.env, DATABASE_URL: databaseUrl, SHANGMI_DATA_DIR: tmp, SHANGMI_SECRET_KEY: 'ab'.repeat(32), LOG_LEVEL: AS_DEPLOYED ? 'info' : 'silent', SHANGMI_OUTBOX_INTERVAL_MS: '0', SHANGMI_REMINDER_INTERVAL_MS: '0' };
    const child = await startChild(env);
    proc = child.proc;
    const base = `http://127.0.0.1:${child.hello.apiPort}`;
    const scenarios: [string, string][] = [
      ['portal home (API)', `${base}/api/public/outreach/home?regionCode=${city.region_code}`],
      ['an article (API)', `${base}/api/public/outreach/articles/${art!.id}`],
    ];
    const shell = await fetch(`${base}/`);
    if (shell.status === 200 && (shell.headers.get('content-type') ?? '').includes('text/html')) scenarios.push(['the page shell / (index.html)', `${base}/`]);
    else log(`/ answered ${shell.status}: the web is not built, the shell row is left out`);
    scenarios.push(['reference: bare Fastify /hello', `http://127.0.0.1:${child.hello.barePort}/hello`]);

    const rows: { scenario: string; api: LatencySummary & { non2xx: number }; alone: number; cacheControl: string }[] = [];
    for (const [scenario, url] of scenarios) {
      const head = await fetch(url);
      const cacheControl = head.headers.get('cache-control') ?? '—';
      if (head.status !== 200) throw new Error(`${scenario}: ${head.status} ${await head.text()}`);
      await cannon(url, '', o.connections, o.warmupS);
      const api = await cannon(url, '', o.connections, o.durationS);
      const one = await alone(async () => void (await (await fetch(url)).arrayBuffer()));
      log(`${scenario}: ${api.perSecond.toFixed(0)}/s, p95 ${api.p95.toFixed(1)} ms, alone ${one.toFixed(1)} ms`);
      rows.push({ scenario, api, alone: one, cacheControl });
    }
    await stopChild(proc);

    const f = (v: number) => v.toFixed(1);
    const met = (r: (typeof rows)[number]) => (r.scenario.startsWith('reference') ? '—' : r.api.perSecond >= 2000 && r.api.p95 <= 50 ? 'met' : 'MISSED');
    return [
      '## Public portal (PostgreSQL, no session)',
      '',
      `${o.articles} published articles; ${o.connections} connections, ${o.warmupS}+${o.durationS} s per row; server ${AS_DEPLOYED ? 'as deployed (logger at info)' : 'BENCH_FAST'}. Goal: ≥ 2,000 req/s and p95 ≤ 50 ms.`,
      '',
      `Load average when the run started: ${load.toFixed(2)} on ${os.cpus().length} CPUs (other work on a shared machine lowers the concurrent figures; the bare-Fastify row measured in the same run shows the machine's ceiling at this moment).`,
      '',
      '| scenario | req/s | p50 | p95 | p99 | alone | cache-control | goal |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      ...rows.map((r) => `| ${r.scenario} | ${r.api.perSecond.toFixed(0)} | ${f(r.api.p50)} | ${f(r.api.p95)} | ${f(r.api.p99)} | ${f(r.alone)} | ${r.cacheControl} | ${met(r)}${r.api.non2xx ? ` (${r.api.non2xx} non-2xx)` : ''} |`),
    ].join('\n');
  } finally {
    if (proc && proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    cluster?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** `npm run bench -- portal …`: the driver on its own. */
if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string, d: number) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : d;
  };
  const out = process.argv.includes('--out') ? process.argv[process.argv.indexOf('--out') + 1] : undefined;
  runPortalBench({ articles: arg('articles', 500), durationS: arg('duration', 10), warmupS: arg('warmup', 2), connections: arg('connections', 50) }).then(
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
