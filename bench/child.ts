/** The server under measurement as a child process (bench/server.ts), and the HTTP helpers that drive it. */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import autocannon from 'autocannon';
import { BENCH_PASSWORD } from '../apps/server/src/cli/seed-scale.js';
import { summarize, type ChildHello, type ChildReply, type ChildRequest, type LatencySummary } from './lib.js';
import { ROOT } from './options.js';

// ---------------------------------------------------------------- the server child

export class Child {
  private nextId = 1;
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  exited: Promise<void>;

  private constructor(
    readonly proc: ChildProcess,
    readonly hello: ChildHello,
  ) {
    proc.on('message', (m: ChildReply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.result);
      else p.reject(new Error(`server child: ${m.error}`));
    });
    this.exited = new Promise((resolve) => proc.once('exit', () => resolve()));
    proc.once('exit', (code) => {
      for (const p of this.pending.values()) p.reject(new Error(`server child exited (${code})`));
      this.pending.clear();
    });
  }

  static async start(env: NodeJS.ProcessEnv): Promise<Child> {
    const proc = fork(path.join(ROOT, 'bench/server.ts'), [], {
      cwd: ROOT,
      env,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const hello = await new Promise<ChildHello>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`server child exited before it was ready (${code})`));
      proc.once('exit', onExit);
      proc.once('message', (m: ChildHello) => {
        proc.off('exit', onExit);
        resolve(m);
      });
    });
    return new Child(proc, hello);
  }

  call<T>(req: ChildRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.proc.send({ ...req, id } as ChildRequest);
    });
  }

  async stop() {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    this.proc.disconnect();
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------- HTTP

export interface Session {
  cookie: string;
  csrf: string;
}

export async function login(base: string, username: string): Promise<Session> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: BENCH_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: HTTP ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('shangmi_sid='));
  if (!cookie) throw new Error(`login ${username}: no session cookie`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie: cookie.split(';')[0], csrf: csrfToken };
}

/** A streamed job (NDJSON progress lines, then done or error): when each phase first reported, and the outcome. */
export async function ndjson(
  base: string,
  url: string,
  session: Session,
  body: unknown,
): Promise<{ ms: number; phaseAt: Record<string, number>; result?: Record<string, unknown>; error?: unknown }> {
  const t0 = performance.now();
  const res = await fetch(`${base}${url}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf },
    body: JSON.stringify(body),
  });
  if (res.status !== 200 || !res.body) throw new Error(`POST ${url}: HTTP ${res.status} ${await res.text()}`);
  const phaseAt: Record<string, number> = {};
  let last: { type: string; phase?: string; result?: Record<string, unknown>; error?: unknown } | undefined;
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (value) buf += decoder.decode(value, { stream: true });
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl).trim();
      buf = buf.slice(nl + 1);
      if (!line) continue;
      last = JSON.parse(line) as typeof last;
      if (last?.type === 'progress' && last.phase && phaseAt[last.phase] === undefined) phaseAt[last.phase] = performance.now() - t0;
    }
    if (done) break;
  }
  const ms = performance.now() - t0;
  if (last?.type === 'done') return { ms, phaseAt, result: last.result };
  return { ms, phaseAt, error: last?.error ?? 'the stream ended without a result' };
}

/** A list's page (total, capped, items) or the sites dashboard (pipeline), as getJson reads it. */
export type ListAnswer = { total?: number; capped?: boolean; items?: unknown[]; pipeline?: { count: number }[] };

/** A list's page (total, items) or the sites dashboard (pipeline: sites in scope by kind and status). No cookie: a public route. */
export async function getJson(base: string, url: string, cookie: string): Promise<ListAnswer> {
  const res = await fetch(`${base}${url}`, { headers: cookie ? { cookie } : {} });
  if (res.status !== 200) throw new Error(`GET ${url}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as ListAnswer;
}

/** autocannon, keeping every 2xx response time so p95 is exact (autocannon itself reports p97.5, not p95). */
export function cannon(url: string, headers: Record<string, string>, connections: number, durationS: number): Promise<LatencySummary & { non2xx: number }> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    let non2xx = 0;
    const inst = autocannon({ url, connections, duration: durationS, headers, timeout: 60 }, (err, result) => {
      if (err) return reject(err);
      const elapsedMs = result.finish.getTime() - result.start.getTime();
      // requests still in flight when autocannon stopped: the server finishes them anyway (their CPU is spent)
      const drained = Math.max(0, (result.requests.sent ?? 0) - latencies.length - non2xx - result.errors - result.timeouts);
      resolve({ ...summarize(latencies, result.errors + result.timeouts, elapsedMs), non2xx, drained });
    });
    inst.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
      else non2xx++;
    });
  });
}
