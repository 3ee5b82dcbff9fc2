/**
 * The `proofs` scenario group: the existence-proof log on PostgreSQL, and hashing in the browser.
 *   node --import tsx bench/proofs.ts [--entries N] [--append-s S] [--connections C] [--hash-mb M] [--hash-large-mb M] [--out FILE]
 *
 * 1. A throwaway PostgreSQL cluster (as run.ts: fsync off); the log seeded directly with SQL to N entries (leaf and
 *    perfect-subtree hashes computed here with the shared code, a checkpoint signed with the log's own key).
 * 2. The real server in a child process (bench/server.ts), its integrator on (every 500 ms).
 * 3. Appends through the API: autocannon POST /api/proofs (an enterprise account; deposit + audit row per request) for
 *    S seconds; then appends straight into the pending queue from C connections (the log's own capacity, without
 *    HTTP and the audit chain); for both, time-to-integration p50/p95 from each record's created → integrated times.
 * 4. Inclusion proofs at the seeded size: autocannon GET /api/proofs/log/inclusion with a random index per request;
 *    reference: the same statement (one primary-key read of the O(log n) nodes) replayed raw in a closed loop.
 * 5. Browser hashing in headless Chromium (bench/hashing.ts, which says what it measures): files of M MB (default 256, the
 *    WebCrypto path) and of --hash-large-mb MB (default 1024, streamed in constant memory; 0 skips), picked through a file
 *    input and hashed by the web app's own worker (apps/web/dist: run `npm run build` first); reference: node:crypto
 *    hashing the same files, in the same run. --hash-mb 0 skips the browser.
 */
import crypto from 'node:crypto';
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon, { type Options as CannonOptions } from 'autocannon';
import pg from 'pg';
import { appendNodes, hashCover, leafHash, perfectCover, inclusionRanges, nodesFor } from '@shangmi/shared/merkle';
import { checkpointBody, encodeEntry, formatNote, signatureLine, toHex, utf8 } from '@shangmi/shared/tlog';
import { buildCreditCode } from '@shangmi/shared';
import { openDb } from '../apps/server/src/db/client.js';
import { seedReferenceData, ensureInitialAdmin } from '../apps/server/src/seed.js';
import { loadLogKeys, sha256, sm3 } from '../apps/server/src/modules/proofs/node-crypto.js';
import { startPgCluster } from '../apps/server/test/pg-cluster.js';
import { alone, closedLoop, percentile, type ChildHello } from './lib.js';
import { hashingRows } from './hashing.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const opt = (name: string, d: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : d;
};
const ENTRIES = opt('--entries', 1_000_000);
const APPEND_S = opt('--append-s', 10);
const CONNECTIONS = opt('--connections', 50);
const HASH_MB = opt('--hash-mb', 256);
const HASH_LARGE_MB = opt('--hash-large-mb', 1024);
const OUT = args.includes('--out') ? args[args.indexOf('--out') + 1]! : path.join(ROOT, args.includes('--hash-only') ? 'bench/results/proofs-hashing.md' : 'bench/results/proofs-latest.md');
const ORIGIN = 'bench.shangmi/proofs';
const log = (l: string) => console.log(`[proofs ${new Date().toISOString().slice(11, 19)}] ${l}`);
const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(v < 10 ? 2 : 0) : '—');
const rows: string[][] = [];
const loadAtStart = os.loadavg()[0]!;
const row = (...cells: (string | number)[]) => rows.push(cells.map(String));

// ------------------------------------------------------------------------------------------------ seeding the log

async function seedLog(client: pg.Pool, n: number, dataDir: string) {
  const started = performance.now();
  const keys = loadLogKeys(dataDir, ORIGIN);
  const edge = new Map<string, Uint8Array>();
  const BATCH = 50_000;
  const at = Date.now() - 86_400_000;
  for (let from = 0; from < n; from += BATCH) {
    const count = Math.min(BATCH, n - from);
    const entries = Array.from({ length: count }, (_, i) => encodeEntry(sha256(utf8(`seed ${from + i}`)), at + from + i));
    const nodes = appendNodes(sha256, from, edge, entries.map((e) => leafHash(sha256, e)));
    // keep only the right edge in memory
    for (const x of nodes) {
      if (x.level === 0) continue;
      edge.delete(`${x.level - 1}/${x.index * 2}`);
      edge.delete(`${x.level - 1}/${x.index * 2 + 1}`);
    }
    await client.query(`insert into proof_entries (idx, entry) select i, decode(e, 'hex') from unnest($1::bigint[], $2::text[]) as t(i, e)`, [
      entries.map((_, i) => from + i),
      entries.map((e) => toHex(e)),
    ]);
    await client.query(`insert into proof_nodes (level, idx, hash) select l, i, decode(h, 'hex') from unnest($1::smallint[], $2::bigint[], $3::text[]) as t(l, i, h)`, [
      nodes.map((x) => x.level),
      nodes.map((x) => x.index),
      nodes.map((x) => toHex(x.hash)),
    ]);
    if ((from / BATCH) % 4 === 0) log(`seeded ${(from + count).toLocaleString('en-US')} entries`);
  }
  const root = n === 0 ? sha256() : hashCover(sha256, perfectCover(0, n).map((x) => edge.get(`${x.level}/${x.index}`)!));
  const body = checkpointBody(ORIGIN, n, root);
  const note = formatNote(body, [signatureLine(keys.current.name, keys.current.keyId, keys.current.sign(utf8(body)))]);
  await client.query('insert into proof_checkpoints (size, root, note, key_name) values ($1, $2, $3, $4)', [n, Buffer.from(root), note, keys.current.vkey]);
  await client.query('insert into proof_log_head (id, size, root, checked_to) values (1, $1, $2, 0)', [n, Buffer.from(root)]);
  await client.query('vacuum analyze proof_entries');
  await client.query('vacuum analyze proof_nodes');
  return (performance.now() - started) / 1000;
}

// ------------------------------------------------------------------------------------------------ the server child

async function startServer(env: NodeJS.ProcessEnv): Promise<{ proc: ChildProcess; hello: ChildHello }> {
  const proc = fork(path.join(ROOT, 'bench/server.ts'), [], { cwd: ROOT, env, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const hello = await new Promise<ChildHello>((resolve, reject) => {
    proc.once('exit', (c) => reject(new Error(`server exited (${c})`)));
    proc.once('message', (m: ChildHello) => resolve(m));
  });
  return { proc, hello };
}

async function call(base: string, method: string, url: string, body?: unknown, session?: { cookie: string; csrf: string }) {
  const res = await fetch(base + url, {
    method,
    headers: { 'content-type': 'application/json', ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${text}`);
  return { json: text ? JSON.parse(text) : null, cookie: res.headers.get('set-cookie')?.split(';')[0] ?? '' };
}

async function login(base: string, username: string, password: string) {
  const r = await call(base, 'POST', '/api/auth/login', { username, password });
  return { cookie: r.cookie, csrf: r.json.csrfToken as string };
}

function depositBody() {
  const salt = crypto.randomBytes(32).toString('hex');
  const bytes = crypto.randomBytes(64);
  const files = [{ name: 'bench.bin', size: 64, sha256: toHex(sha256(bytes)), sm3: toHex(sm3(bytes)) }];
  const metadataJson = JSON.stringify({ title: 'bench', files: [{ name: 'bench.bin', size: 64 }] });
  const h = crypto.createHash('sha256').update(Buffer.from(salt, 'hex')).update(Buffer.from(files[0]!.sha256, 'hex')).update(Buffer.from(files[0]!.sm3, 'hex'));
  h.update(crypto.createHash('sha256').update(metadataJson).digest());
  return { title: 'bench', files, salt, metadataJson, commitment: h.digest('hex') };
}

function cannon(opts: CannonOptions): Promise<{ perSecond: number; p50: number; p95: number; p99: number; non2xx: number; count: number }> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const inst = autocannon({ ...opts }, (err, result) => {
      if (err) return reject(err);
      const s = latencies.sort((a, b) => a - b);
      resolve({ perSecond: s.length / (result.duration || 1), p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), non2xx: result.non2xx, count: s.length });
    });
    inst.on('response', (_c: unknown, status: number, _b: unknown, responseTime: number) => {
      if (status < 300) latencies.push(responseTime);
    });
  });
}

/** Waits until nothing is pending, then time-to-integration of the records created in [t0, t1). */
async function integrationTimes(pool: pg.Pool, t0: Date, t1: Date) {
  for (let i = 0; i < 600; i++) {
    const [p] = (await pool.query('select count(*)::int as n from proof_pending')).rows as { n: number }[];
    if (p!.n === 0) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const { rows: r } = await pool.query(
    `select count(*)::int as n, min(created_at) as first, max(integrated_at) as last,
       percentile_cont(0.5) within group (order by extract(epoch from integrated_at - created_at)) * 1000 as p50,
       percentile_cont(0.95) within group (order by extract(epoch from integrated_at - created_at)) * 1000 as p95,
       max(extract(epoch from integrated_at - created_at)) * 1000 as max
     from proof_records where created_at >= $1 and created_at < $2 and integrated_at is not null`,
    [t0, t1],
  );
  const x = r[0] as Record<string, unknown>;
  return { n: Number(x.n), p50: Number(x.p50), p95: Number(x.p95), max: Number(x.max) };
}

// ------------------------------------------------------------------------------------------------ main

const cluster = await startPgCluster();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shangmi-bench-proofs-'));
let child: ChildProcess | undefined;
try {
  const url = cluster.url('postgres');
  const database = await openDb({ databaseUrl: url, poolSize: 4 });
  await database.migrate();
  await seedReferenceData(database.db);
  await ensureInitialAdmin(database.db, 'Init#Bench2026');
  await database.close();
  const pool = new pg.Pool({ connectionString: url, max: 16 });
  let seedS = 0;
  if (!args.includes('--hash-only')) {

  log(`seeding ${ENTRIES.toLocaleString('en-US')} log entries with SQL …`);
  seedS = await seedLog(pool, ENTRIES, dataDir);
  log(`seeded in ${seedS.toFixed(1)} s`);

  const started = await startServer({ ...process.env, DATABASE_URL: url, SHANGMI_DATA_DIR: dataDir, SHANGMI_LOG_ORIGIN: ORIGIN, SHANGMI_LOG_INTERVAL_MS: '500', LOG_LEVEL: 'silent' });
  child = started.proc;
  const base = `http://127.0.0.1:${started.hello.apiPort}`;

  // accounts: the admin changes the initial password, makes an enterprise and its administrator
  let admin = await login(base, 'admin', 'Init#Bench2026');
  await call(base, 'POST', '/api/auth/password', { currentPassword: 'Init#Bench2026', newPassword: 'Bench#Root2026' }, admin);
  admin = await login(base, 'admin', 'Bench#Root2026');
  const ent = (await call(base, 'POST', '/api/enterprises', { creditCode: buildCreditCode('91', '640106', '0001BP7T'), name: '宁夏基准测试有限公司' }, admin)).json;
  const roles = (await call(base, 'GET', '/api/roles', undefined, admin)).json.items as { id: number; code: string }[];
  const u = (await call(base, 'POST', '/api/users', { username: 'bench_proofs', displayName: 'bench', orgId: ent.orgId, roleIds: [roles.find((r) => r.code === 'enterprise_admin')!.id], password: 'Bench#Proof2026' }, admin)).json;
  await pool.query('update users set must_change_password = false where id = $1', [u.id]);
  const s = await login(base, 'bench_proofs', 'Bench#Proof2026');

  // ---- appends through the API
  log(`appends through the API: ${CONNECTIONS} connections, ${APPEND_S} s …`);
  const bodies = Array.from({ length: 200 }, () => JSON.stringify(depositBody()));
  let k = 0;
  await cannon({ url: base + '/api/proofs', method: 'POST', connections: CONNECTIONS, duration: 2, headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrf }, requests: [{ setupRequest: (r: Record<string, unknown>) => ({ ...r, body: bodies[k++ % bodies.length] }) }] });
  await integrationTimes(pool, new Date(0), new Date(0));
  const t0 = new Date();
  const api = await cannon({ url: base + '/api/proofs', method: 'POST', connections: CONNECTIONS, duration: APPEND_S, headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrf }, requests: [{ setupRequest: (r: Record<string, unknown>) => ({ ...r, body: bodies[k++ % bodies.length] }) }] });
  const t1 = new Date();
  const apiInt = await integrationTimes(pool, t0, t1);
  const depositAlone = await alone(() => call(base, 'POST', '/api/proofs', JSON.parse(bodies[k++ % bodies.length]!), s), { minRuns: 20, maxRuns: 50 });
  row('appends · API (POST /api/proofs: deposit + audit row)', `${Math.round(api.perSecond).toLocaleString('en-US')} /s`, `request p95 ${ms(api.p95)} ms (alone ${ms(depositAlone)} ms)`, `time-to-integration p50 ${ms(apiInt.p50)} ms, p95 ${ms(apiInt.p95)} ms, max ${ms(apiInt.max)} ms (${apiInt.n} records; ${api.non2xx} non-2xx)`);

  // ---- appends straight into the queue (the log's capacity)
  log(`appends straight into the pending queue: ${CONNECTIONS} connections, ${APPEND_S} s …`);
  const recordId = (await pool.query('select id from proof_records limit 1')).rows[0].id as number;
  const q0 = new Date();
  const direct = await closedLoop(
    async () => {
      // one deposit's worth of writes: its private record row and its pending commitment, in one transaction
      const c = crypto.randomBytes(32).toString('hex');
      await pool.query(
        `with r as (insert into proof_records (org_id, org_path, title, files, salt, metadata_json, commitment)
                    select org_id, org_path, 'bench', files, salt, metadata_json, $1 from proof_records where id = $2 returning id)
         insert into proof_pending (record_id, commitment) select id, decode($1, 'hex') from r`,
        [c, recordId],
      );
    },
    { concurrency: Math.min(CONNECTIONS, 16), warmupMs: 0, durationMs: APPEND_S * 1000 },
  );
  const q1 = new Date();
  const directInt = await integrationTimes(pool, q0, q1);
  const [{ size: sizeAfter }] = (await pool.query('select size::int as size from proof_log_head')).rows as { size: number }[];
  row('appends · direct (record + pending rows, 16 connections)', `${Math.round(direct.perSecond).toLocaleString('en-US')} /s`, `insert p95 ${ms(direct.p95)} ms`, `time-to-integration p50 ${ms(directInt.p50)} ms, p95 ${ms(directInt.p95)} ms, max ${ms(directInt.max)} ms (${directInt.n} records)`);

  // ---- inclusion proofs at the seeded size
  log(`inclusion proofs at size ${sizeAfter.toLocaleString('en-US')} …`);
  const rnd = () => Math.floor(Math.random() * ENTRIES);
  const inc = await cannon({ url: base, connections: CONNECTIONS, duration: APPEND_S, requests: [{ setupRequest: (r: Record<string, unknown>) => ({ ...r, path: `/api/proofs/log/inclusion?index=${rnd()}&size=${sizeAfter}` }) }] });
  const raw = await closedLoop(
    async () => {
      const nodes = nodesFor(inclusionRanges(rnd(), sizeAfter));
      await pool.query(
        `select n.level, n.idx, n.hash from proof_nodes n join unnest($1::smallint[], $2::bigint[]) as k(level, idx) on n.level = k.level and n.idx = k.idx`,
        [nodes.map((x) => x.level), nodes.map((x) => x.index)],
      );
    },
    { concurrency: Math.min(CONNECTIONS, 16), warmupMs: 1000, durationMs: APPEND_S * 1000 },
  );
  const inc1 = await cannon({ url: base, connections: 1, duration: Math.max(3, APPEND_S / 2), requests: [{ setupRequest: (r: Record<string, unknown>) => ({ ...r, path: `/api/proofs/log/inclusion?index=${rnd()}&size=${sizeAfter}` }) }] });
  const incAlone = await alone(() => fetch(`${base}/api/proofs/log/inclusion?index=${rnd()}&size=${sizeAfter}`).then((r) => r.text()), { minRuns: 50, maxRuns: 200 });
  const rawAlone = await alone(
    async () => {
      const nodes = nodesFor(inclusionRanges(rnd(), sizeAfter));
      await pool.query(`select n.level, n.idx, n.hash from proof_nodes n join unnest($1::smallint[], $2::bigint[]) as k(level, idx) on n.level = k.level and n.idx = k.idx`, [
        nodes.map((x) => x.level),
        nodes.map((x) => x.index),
      ]);
    },
    { minRuns: 50, maxRuns: 200 },
  );
  row(`inclusion proof · API at size ${sizeAfter.toLocaleString('en-US')}`, `${Math.round(inc.perSecond).toLocaleString('en-US')} /s`, `p50 ${ms(inc.p50)} ms, p95 ${ms(inc.p95)} ms, p99 ${ms(inc.p99)} ms (${CONNECTIONS} connections)`, `alone (one at a time): ${ms(incAlone)} ms; ${inc.non2xx} non-2xx`);
  row(`inclusion proof · API at size ${sizeAfter.toLocaleString('en-US')}, 1 connection`, `${Math.round(inc1.perSecond).toLocaleString('en-US')} /s`, `p50 ${ms(inc1.p50)} ms, p95 ${ms(inc1.p95)} ms, p99 ${ms(inc1.p99)} ms`, `${inc1.non2xx} non-2xx`);
  row('inclusion proof · raw SQL (the nodes read, 16 connections)', `${Math.round(raw.perSecond).toLocaleString('en-US')} /s`, `p50 ${ms(raw.p50)} ms, p95 ${ms(raw.p95)} ms`, `reference; alone ${ms(rawAlone)} ms`);

  child.disconnect();
  child.kill();
  child = undefined;
  await pool.end();
  } // --hash-only skips the log

  // ---- browser hashing vs node:crypto (bench/hashing.ts)
  if (HASH_MB > 0) rows.push(...(await hashingRows({ mb: HASH_MB, largeMb: HASH_LARGE_MB, dir: dataDir, log })));

  const report = [
    `# Existence-proof log and browser hashing — ${new Date().toISOString().slice(0, 16)}Z`,
    '',
    `Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), shared (1-minute load average ${loadAtStart.toFixed(1)} at the start, ${os.loadavg()[0]!.toFixed(1)} at the end); PostgreSQL throwaway cluster (fsync off). Log seeded with ${ENTRIES.toLocaleString('en-US')} entries in ${seedS.toFixed(1)} s.`,
    `Command: \`node --import tsx bench/proofs.ts ${args.join(' ')}\``,
    '',
    '| scenario | throughput | latency | notes |',
    '| --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
  ].join('\n');
  console.log(`\n${report}`);
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, report);
} finally {
  child?.kill();
  cluster.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
