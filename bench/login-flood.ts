/**
 * `npm run bench -- login-flood`: what a sign-in flood does to a real user's sign-in, and what each protection buys
 * (issue 21 item 1). On a throwaway PostgreSQL cluster, the real server runs in a child process (bench/login-server.ts)
 * with the protections switched per run; the flood comes from this process (autocannon, `--connections` connections,
 * `--duration` seconds, wrong passwords for ever new names, all from one address given in X-Forwarded-For), while a real
 * user signs in from another address every 300 ms. Reported per run: the real user's sign-in alone (idle server), during
 * the flood (p50, p95, max) and right after it (the backlog the flood left), GET /api/health during the flood, the
 * event loop's delay in the server, and what the flood got (2xx/401/429 counts, requests per second).
 *
 *   npm run bench -- login-flood [--duration 10] [--connections 50] [--modes none,queue,limits,all] [--threadpool 4]
 *                                [--hash-concurrency N]
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon, { type Result } from 'autocannon';
import { eq } from 'drizzle-orm';
import { openDb } from '../apps/server/src/db/client.js';
import { orgs, users } from '../apps/server/src/db/schema/index.js';
import { hashPassword } from '../apps/server/src/platform/crypto.js';
import { seedReferenceData } from '../apps/server/src/seed.js';
import { startPgCluster } from '../apps/server/test/pg-cluster.js';
import { percentile } from './lib.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const log = (m: string) => console.error(`[bench:login-flood] ${m}`);
const REAL = { username: 'real_user', password: 'Real#User2026' };
const FLOOD_IP = '203.0.113.7';
const REAL_IP = '198.51.100.23';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
const durationS = Number(arg('duration', '10'));
const connections = Number(arg('connections', '50'));
const modes = arg('modes', 'none,queue,limits,all').split(',');
const threadpools = arg('threadpool', '4').split(',');
const hashConcurrency = arg('hash-concurrency', '');

interface Child {
  proc: ChildProcess;
  port: number;
  ask<T>(msg: { type: string }): Promise<T>;
}

function startChild(env: NodeJS.ProcessEnv): Promise<Child> {
  const proc = fork(path.join(ROOT, 'bench/login-server.ts'), [], { cwd: ROOT, env, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    proc.once('exit', (code) => reject(new Error(`server child exited before it was ready (${code})`)));
    proc.once('message', (m: { type: string; port: number }) => {
      const ask = <T>(msg: { type: string }) =>
        new Promise<T>((res) => {
          proc.once('message', (r) => res(r as T));
          proc.send(msg);
        });
      resolve({ proc, port: m.port, ask });
    });
  });
}

async function signIn(port: number, ip: string, username: string, password: string): Promise<{ ms: number; status: number }> {
  const t0 = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ username, password }),
    signal: AbortSignal.timeout(180_000),
  });
  await res.arrayBuffer();
  return { ms: performance.now() - t0, status: res.status };
}

async function timed(url: string): Promise<number> {
  const t0 = performance.now();
  await (await fetch(url)).arrayBuffer();
  return performance.now() - t0;
}

const round = (n: number) => (n >= 100 ? Math.round(n) : Math.round(n * 10) / 10);

async function main() {
  log('starting a throwaway PostgreSQL cluster');
  const cluster = await startPgCluster();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shangmi-flood-'));
  const rows: string[] = [];
  try {
    const admin = await openDb({ databaseUrl: cluster.url('postgres'), poolSize: 1 });
    await admin.query('create database flood');
    await admin.close();
    const url = cluster.url('flood');
    const database = await openDb({ databaseUrl: url, poolSize: 2 });
    await database.migrate();
    await seedReferenceData(database.db);
    const [root] = await database.db.select().from(orgs).where(eq(orgs.kind, 'platform'));
    await database.db.insert(users).values({ username: REAL.username, displayName: 'real', orgId: root.id, orgPath: root.path, passwordHash: await hashPassword(REAL.password), mustChangePassword: false });

    for (const tp of threadpools) {
      for (const mode of modes) {
        await database.query('delete from login_failures; delete from user_known_ips; delete from loginlog; delete from sessions; update users set locked_until = null');
        const child = await startChild({
          ...process.env,
          DATABASE_URL: url,
          SHANGMI_DATA_DIR: dataDir,
          SHANGMI_TRUST_PROXY: 'true',
          SHANGMI_LOG_INTERVAL_MS: '0',
          LOG_LEVEL: 'silent',
          UV_THREADPOOL_SIZE: tp,
          BENCH_LOGIN_MODE: mode,
          ...(hashConcurrency ? { SHANGMI_HASH_CONCURRENCY: hashConcurrency } : {}),
        });
        try {
          const alone: number[] = [];
          for (let i = 0; i < 5; i++) alone.push((await signIn(child.port, REAL_IP, REAL.username, REAL.password)).ms);
          await child.ask({ type: 'delay-reset' });
          let n = 0;
          let finish!: (r: Result) => void;
          const floodDone = new Promise<Result>((resolve) => (finish = resolve));
          const flood = autocannon(
            {
            url: `http://127.0.0.1:${child.port}/api/auth/login`,
            connections,
            duration: durationS,
            method: 'POST',
            timeout: 600,
            headers: { 'content-type': 'application/json', 'x-forwarded-for': FLOOD_IP },
            requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify({ username: `spray_${n++ % 5000}`, password: 'Wrong#Guess1' }) }) }],
            },
            (err, r) => (err ? log(`flood: ${err.message}`) : finish(r)),
          );
          const statuses = new Map<number, number>();
          flood.on('response', (_c: unknown, status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1));
          const during: number[] = [];
          const health: number[] = [];
          const bad: number[] = [];
          const end = Date.now() + durationS * 1000 - 500;
          await new Promise((r) => setTimeout(r, 500));
          while (Date.now() < end) {
            const [login, h] = await Promise.all([signIn(child.port, REAL_IP, REAL.username, REAL.password), timed(`http://127.0.0.1:${child.port}/api/health`)]);
            during.push(login.ms);
            health.push(h);
            if (login.status !== 200) bad.push(login.status);
            await new Promise((r) => setTimeout(r, 300));
          }
          const result = await floodDone;
          const delay = await child.ask<{ p50: number; p99: number; max: number }>({ type: 'delay' });
          const after = await signIn(child.port, REAL_IP, REAL.username, REAL.password);
          during.sort((a, b) => a - b);
          health.sort((a, b) => a - b);
          alone.sort((a, b) => a - b);
          const count = (lo: number, hi: number) => [...statuses].filter(([s]) => s >= lo && s < hi).reduce((a, [, c]) => a + c, 0);
          rows.push(
            `| ${mode} | ${tp} | ${round(percentile(alone, 50))} | ${round(percentile(during, 50))} | ${round(percentile(during, 95))} | ${round(during[during.length - 1])} | ${during.length}${bad.length ? ` (${bad.length} not 200: ${[...new Set(bad)].join('/')})` : ''} | ${round(after.ms)} | ${round(percentile(health, 50))} / ${round(percentile(health, 95))} | ${round(delay.p99)} / ${round(delay.max)} | ${Math.round(result.requests.total / durationS)} | ${count(200, 300)} / ${statuses.get(401) ?? 0} / ${statuses.get(429) ?? 0} |`,
          );
          log(rows[rows.length - 1]);
        } finally {
          const exited = new Promise((r) => child.proc.once('exit', r));
          child.proc.send({ type: 'stop' });
          await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
          child.proc.kill('SIGKILL');
        }
      }
    }
    await database.close();
  } finally {
    cluster.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(`\n## Sign-in during a ${connections}-connection login flood (${durationS} s), PostgreSQL, ${os.availableParallelism()} cores\n`);
  console.log('| protections | UV_THREADPOOL_SIZE | real sign-in alone, ms p50 | during flood p50 | p95 | max | real sign-ins | first sign-in after the flood, ms | /api/health during, p50 / p95 ms | event-loop delay p99 / max, ms | flood req/s | flood 2xx / 401 / 429 |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) console.log(r);
}

await main();
