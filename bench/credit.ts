/**
 * The `credit` scenario group (`npm run bench -- --scenarios credit [--credit-records N] [--credit-export N]`), on
 * PostgreSQL:
 *
 * 1. **Public credit search** over `--credit-records` (1,000,000) penalty records on public view (set-based seed: one
 *    `INSERT … SELECT FROM generate_series` per 200,000 rows; 2,400 distinct names made of two vocabularies, each name's
 *    search tokens made by the service's own tokenizer; one record in 1,000 no longer public). autocannon against
 *    `GET /api/public/credit/records` (anonymous) for a name fragment and for an exact credit code; reference: the
 *    route's two statements (the page and the capped count) replayed through a pool at the same concurrency.
 * 2. **XLSX export streamed**: `--credit-export` (100,000) of those records belong to 金凤区; `bench_district` downloads
 *    the full 双公示 workbook (`GET /api/credit/exports?target=gsxt&format=xlsx&mode=full`). Reported: time to the last
 *    byte, size, rows read back, and the server process's RSS sampled every 100 ms (before, at each quarter of the
 *    download, peak) — flat memory means the quarters do not climb. Goal: < 10 s.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { buildCreditCode, queryTokens, searchTokens, shanghaiDate, toTsQuery } from '@shangmi/shared';
import { BENCH_ACCOUNTS, seedScale } from '../apps/server/src/cli/seed-scale.js';
import { openDb } from '../apps/server/src/db/client.js';
import { startPgCluster, type PgCluster } from '../apps/server/test/pg-cluster.js';
import { cannon, login, startChild, stopChild } from './cases.js';
import { alone, closedLoop, type ChildReply, type LatencySummary } from './lib.js';

const log = (m: string) => console.error(`[bench:credit] ${m}`);

export interface CreditBenchOptions {
  records: number;
  exportRows: number;
  durationS: number;
  warmupS: number;
  connections: number;
  seed: number;
  /** how many times the workbook is downloaded (and the writer run alone) */
  exportRuns: number;
}

const FIRST = '晨曦 瑞丰 恒通 金泰 华信 宏达 鑫源 永盛 天元 正阳 博远 东方 新华 长城 银河 星辰 明珠 汇通 安泰 德润 嘉禾 万通 兴业 利民 宝丰 和谐 九州 中原 塞上 贺兰 六盘 黄河 沙湖 凤城 宁安 丝路 朔方 西夏 灵武 永宁'.split(' ');
const SECOND = '精细化工 科技 物流 贸易 电子 生物 食品 机械 建材 纺织 医药 能源 新材料 农业 信息 软件 文化 商贸 实业 装备 环保 汽车 服饰 葡萄酒 枸杞 乳业 羊绒 光伏 煤化 矿业 冶金 塑料 印刷 包装 餐饮 酒店 旅游 咨询 检测 传媒 置业 制药 电气 设备 仪器 通信 数据 智能 光电 化学 建设 运输 供应链 农牧 饲料 种业 水务 燃气 热力'.split(' ');
const NAMES = FIRST.flatMap((a) => SECOND.map((b) => `宁夏${a}${b}有限公司`));
const code = (body: string) => buildCreditCode(body.slice(0, 2), body.slice(2, 8), body.slice(8, 16));
/** The one exact code searched for (valid: the route treats an 18-character valid code as exact). */
const TARGET_CODE = code('91640106MA7CR0D00');

interface Row {
  scenario: string;
  matches: number;
  api: LatencySummary & { non2xx: number };
  sql: LatencySummary;
  apiAlone: number;
  sqlAlone: number;
}

interface Download {
  kind: 'API download' | 'writer alone';
  i: number;
  ms: number;
  bytes: number;
  rows: number;
  before: number;
  peak: number;
  after: number;
  heap: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** One request to the server child's IPC side channel (bench/server.ts). */
let callId = 1;
function childCall<T>(proc: ChildProcess, msg: Record<string, unknown>): Promise<T> {
  const id = 1_000_000 + callId++;
  return new Promise<T>((resolve, reject) => {
    const on = (m: ChildReply) => {
      if (m.id !== id) return;
      proc.off('message', on);
      if (m.ok) resolve(m.result as T);
      else reject(new Error(m.error));
    };
    proc.on('message', on);
    proc.send({ ...msg, id });
  });
}

function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}
const mb = (b: number) => (b / 1024 / 1024).toFixed(0);

/** N records on public view, the first `local` of them 金凤区's (the export's scope), in batches. */
async function seedRecords(c: pg.Client, n: number, local: number): Promise<number> {
  const t = performance.now();
  await c.query(`create temp table bench_names (k int primary key, name text, tokens text)`);
  await c.query(`insert into bench_names select k - 1, name, tokens from unnest($1::text[], $2::text[]) with ordinality as u(name, tokens, k)`, [NAMES, NAMES.map((x) => searchTokens(x).join(' '))]);
  const { rows: bureaus } = await c.query(`select id, path, district_code from orgs where kind = 'district_bureau' and region_code = '640100' order by (district_code = '640106') desc, id`);
  const jf = bureaus[0]!;
  const others = bureaus.slice(1);
  const today = shanghaiDate(new Date());
  const BATCH = 200_000;
  for (let from = 1; from <= n; from += BATCH) {
    const to = Math.min(n, from + BATCH - 1);
    await c.query(
      `insert into credit_records (region_code, district_code, org_id, org_path, source, party_name, party_kind, credit_code, decision_no,
         violation_type, facts, basis, penalty_kinds, content, fine_fen, decided_on, procedure, authority_name, authority_code, source_name,
         source_code, state, publishable, publish_due_on, published_on, term, public_until, public, search)
       select '640100', case when g <= $3 then $4 else (($5::text[])[1 + g % $6]) end,
              case when g <= $3 then $7 else (($8::int[])[1 + g % $6]) end,
              case when g <= $3 then $9 else (($10::text[])[1 + g % $6]) end,
              'manual', nm.name, 'legal', case when g = 1 then $11 else '916401BNC' || lpad(g::text, 9, '0') end,
              '银市监处罚〔2025〕' || g || '号', '侵犯商业秘密', '当事人以不正当手段获取并使用权利人的经营信息。',
              '《中华人民共和国反不正当竞争法》第二十一条', array['fine'], '罚款', 10000000 + (g % 90) * 1000000,
              $12::date - (g % 900), 'ordinary', '银川市市场监督管理局', $13, '银川市市场监督管理局', $13,
              case when g % 1000 = 0 then 'withdrawn' else 'published' end, true, $12::date - (g % 900) + 28, $12::date - (g % 900) + 10,
              'long', $12::date - (g % 900) + 10 + 1095, g % 1000 <> 0, to_tsvector('simple', nm.tokens)
         from generate_series($1::int, $2::int) g join bench_names nm on nm.k = g % ${NAMES.length}`,
      [from, to, local, jf.district_code, others.map((b) => b.district_code), others.length, jf.id, others.map((b) => b.id), jf.path, others.map((b) => b.path), TARGET_CODE, today, code('11640100MB0000000')],
    );
    log(`seeded ${to.toLocaleString('en-US')} records (${((performance.now() - t) / 1000).toFixed(0)} s)`);
  }
  await c.query('vacuum analyze credit_records');
  return performance.now() - t;
}

export async function runCreditBench(o: CreditBenchOptions): Promise<string> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shangmi-bench-credit-'));
  let cluster: PgCluster | undefined;
  let proc: ChildProcess | undefined;
  let pool: pg.Pool | undefined;
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
    await database.close();
    const c = new pg.Client({ connectionString: databaseUrl });
    await c.connect();
    log(`seeding ${o.records.toLocaleString('en-US')} penalty records (${o.exportRows.toLocaleString('en-US')} of 金凤区) …`);
    const seedMs = await seedRecords(c, o.records, o.exportRows);
    await c.end();

    const env = { ...process.env, DATABASE_URL: databaseUrl, SHANGMI_DATA_DIR: tmp, SHANGMI_SECRET_KEY: 'ab'.repeat(32), LOG_LEVEL: 'silent', SHANGMI_OUTBOX_INTERVAL_MS: '0', SHANGMI_REMINDER_INTERVAL_MS: '0', SHANGMI_PUBLIC_RATE_LIMIT: 'off' };
    const child = await startChild(env, ['--expose-gc']);
    proc = child.proc;
    const base = `http://127.0.0.1:${child.hello.apiPort}`;
    pool = new pg.Pool({ connectionString: databaseUrl, max: o.connections, options: '-c jit=off' });
    const p = pool;
    const today = shanghaiDate(new Date());

    // 1. the public search: the route's page and capped count (public.ts), replayed as the reference
    const COLS = `id, party_name, credit_code, legal_rep, decision_no, violation_type, facts, basis, penalty_kinds, content, fine_fen, confiscation_fen,
                  licence_info, decided_on, valid_until, published_on, public_until, authority_name, authority_code, source_name, source_code, remark`;
    const onView = `public and public_until >= $1`;
    const fragment = '晨曦精细';
    const tsq = toTsQuery(queryTokens(fragment))!;
    const byName = async () => {
      await Promise.all([
        p.query(`select ${COLS} from credit_records where ${onView} and (search @@ to_tsquery('simple', $2) or party_name ilike $3) order by published_on desc, id desc limit 10`, [today, tsq, `%${fragment}%`]),
        p.query(`select count(*)::int from (select 1 from credit_records where ${onView} and (search @@ to_tsquery('simple', $2) or party_name ilike $3) limit 1001) m`, [today, tsq, `%${fragment}%`]),
      ]);
    };
    const byCode = async () => {
      await Promise.all([
        p.query(`select ${COLS} from credit_records where ${onView} and credit_code = $2 order by published_on desc, id desc limit 10`, [today, TARGET_CODE]),
        p.query(`select count(*)::int from (select 1 from credit_records where ${onView} and credit_code = $2 limit 1001) m`, [today, TARGET_CODE]),
      ]);
    };
    const scenarios: [string, string, () => Promise<void>][] = [
      [`name fragment “${fragment}”`, `/api/public/credit/records?q=${encodeURIComponent(fragment)}`, byName],
      ['exact credit code', `/api/public/credit/records?q=${TARGET_CODE}`, byCode],
    ];
    const rows: Row[] = [];
    for (const [scenario, url, unit] of scenarios) {
      const first = (await (await fetch(base + url)).json()) as { total: number; items: unknown[] };
      if (!first.items.length) throw new Error(`${scenario}: the search found nothing`);
      await cannon(base + url, '', o.connections, o.warmupS);
      const api = await cannon(base + url, '', o.connections, o.durationS);
      const ref = await closedLoop(unit, { concurrency: o.connections, warmupMs: o.warmupS * 1000, durationMs: o.durationS * 1000 });
      const apiAlone = await alone(async () => void (await (await fetch(base + url)).arrayBuffer()));
      const sqlAlone = await alone(unit);
      log(`${scenario}: API p95 ${api.p95.toFixed(1)} ms (${api.perSecond.toFixed(0)}/s), SQL p95 ${ref.p95.toFixed(1)} ms; alone API ${apiAlone.toFixed(1)} ms, SQL ${sqlAlone.toFixed(1)} ms (matches ${first.total})`);
      rows.push({ scenario, matches: first.total, api, sql: ref, apiAlone, sqlAlone });
    }

    // 2. the streamed XLSX export of 金凤区's records: first the reference in the server's process (the export's writer
    //    alone, rows made in memory), then the real download several times, the server's RSS sampled all along
    const cookie = await login(base, BENCH_ACCOUNTS.district);
    const pid = proc.pid!;
    const call = <T>(msg: { cmd: 'memory'; gc?: boolean } | { cmd: 'xlsx-alone'; rows: number }) => childCall<T>(proc!, msg);
    const runs: Download[] = [];
    let readBack = 0;
    const measured = async (kind: Download['kind'], i: number, work: () => Promise<{ bytes: number; rows: number }>) => {
      const before = rssOf(pid);
      let peak = before;
      const timer = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 50);
      const t = performance.now();
      const got = await work();
      const ms = performance.now() - t;
      clearInterval(timer);
      const after = rssOf(pid);
      const heap = (await call<NodeJS.MemoryUsage>({ cmd: 'memory' })).heapUsed;
      const d: Download = { kind, i, ms, bytes: got.bytes, rows: got.rows, before, peak: Math.max(peak, after), after, heap };
      log(`${kind} #${i}: ${(ms / 1000).toFixed(1)} s, ${mb(got.bytes)} MB, ${got.rows} rows; RSS ${mb(before)} → peak ${mb(d.peak)} → ${mb(after)} MB, heap used ${mb(d.heap)} MB`);
      runs.push(d);
    };
    // the reference first, from the server's idle baseline: what the writer alone makes of the process's memory
    for (let i = 1; i <= o.exportRuns; i++) {
      await measured('writer alone', i, async () => {
        const r = await call<{ ms: number; bytes: number }>({ cmd: 'xlsx-alone', rows: o.exportRows });
        return { bytes: r.bytes, rows: o.exportRows };
      });
    }
    for (let i = 1; i <= o.exportRuns; i++) {
      await measured('API download', i, async () => {
        const res = await fetch(`${base}/api/credit/exports?target=gsxt&format=xlsx&mode=full`, { headers: { cookie } });
        if (res.status !== 200) throw new Error(`export: HTTP ${res.status} ${await res.text()}`);
        const file = path.join(tmp, 'export.xlsx');
        const out = fs.createWriteStream(file);
        let bytes = 0;
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          bytes += chunk.length;
          if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
        }
        await new Promise<void>((r) => out.end(r));
        return { bytes, rows: 0 };
      });
      if (i === 1) {
        // the rows read back from the first file, after its run is measured (reading 100,000 rows takes seconds)
        const reader = new ExcelJS.stream.xlsx.WorkbookReader(path.join(tmp, 'export.xlsx'), {});
        for await (const sheet of reader) for await (const _row of sheet) readBack++;
      }
      runs[runs.length - 1]!.rows = readBack - 1;
    }
    const settled = await call<NodeJS.MemoryUsage>({ cmd: 'memory', gc: true });
    const rssSettled = rssOf(pid);
    log(`after a full GC: RSS ${mb(rssSettled)} MB, heap used ${mb(settled.heapUsed)} MB, external ${mb(settled.external)} MB`);
    await stopChild(proc);

    const f = (v: number) => v.toFixed(1);
    return [
      `## Credit: the public search over ${o.records.toLocaleString('en-US')} penalty records, and the 双公示 XLSX export (PostgreSQL)`,
      '',
      `Seeded in ${(seedMs / 1000).toFixed(0)} s. ${o.connections} connections, ${o.warmupS}+${o.durationS} s per row, anonymous; SQL = the route's page and capped count replayed through a pool at the same concurrency. Load average when the run started: ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} CPUs.`,
      '',
      '| search | matches (capped 1,000) | API req/s | API p50 | API p95 | API p99 | SQL p95 | API ÷ SQL (p95) | API alone | SQL alone |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...rows.map((r) => `| ${r.scenario} | ${r.matches.toLocaleString('en-US')} | ${r.api.perSecond.toFixed(0)} | ${f(r.api.p50)} | ${f(r.api.p95)} | ${f(r.api.p99)} | ${f(r.sql.p95)} | ${(r.api.p95 / r.sql.p95).toFixed(1)} | ${f(r.apiAlone)} | ${f(r.sqlAlone)} |`),
      '',
      `XLSX export of ${(readBack - 1).toLocaleString('en-US')} records (bench_district, full, streamed), downloaded ${o.exportRuns} times one after another, after the reference — the export's XLSX writer alone (\`writeXlsx\`) on ${o.exportRows.toLocaleString('en-US')} rows made in memory, into a sink — ${o.exportRuns} times in the same server process, from its idle baseline. RSS of the server process (\`/proc/<pid>/status\`, sampled every 50 ms); heap used = V8's \`heapUsed\` right after (no forced GC). Goal: < 10 s, memory flat across downloads.`,
      '',
      '| run | time s | MB | rows | RSS before | peak | after | heap used after |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...runs.map((d) => `| ${d.kind} #${d.i} | ${(d.ms / 1000).toFixed(1)} | ${mb(d.bytes)} | ${d.rows.toLocaleString('en-US')} | ${mb(d.before)} | ${mb(d.peak)} | ${mb(d.after)} | ${mb(d.heap)} |`),
      '',
      `Downloads: median ${(median(runs.filter((d) => d.kind === 'API download').map((d) => d.ms)) / 1000).toFixed(1)} s (goal < 10 s: ${median(runs.filter((d) => d.kind === 'API download').map((d) => d.ms)) < 10_000 ? 'met' : 'MISSED'}). After all runs and a forced full GC: RSS ${mb(rssSettled)} MB, heap used ${mb(settled.heapUsed)} MB, external ${mb(settled.external)} MB.`,
    ].join('\n');
  } finally {
    await pool?.end();
    if (proc && proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    cluster?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
