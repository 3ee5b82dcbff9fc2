import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import autocannon from 'autocannon';
import { DB_KIND, openTestDb } from '../../test/harness.js';
import { startServerProcess, type ServerProcess } from '../../test/server-process.js';

/**
 * Issue 21 item 7: after load, SIGTERM must end the process within its 20 s even when requests are still in flight
 * (here: clients that started a request and never finished sending it — a slow upload, a stalled proxy), and the log
 * must say what was cut. Before the fix the process waited for them until its 20 s timer killed it with exit code 1
 * and no word of what had held it.
 */
let server: ServerProcess;
let drop: (() => Promise<void>) | undefined;
let close: (() => Promise<void>) | undefined;

beforeAll(async () => {
  const env: Record<string, string> = { LOG_LEVEL: 'info' };
  if (DB_KIND === 'pg') {
    const opened = await openTestDb();
    env.DATABASE_URL = opened.url!;
    drop = opened.drop;
    close = () => opened.database.close();
  }
  server = await startServerProcess(env);
}, 120_000);
afterAll(async () => {
  await server?.stop(1000);
  await close?.();
  await drop?.();
});

/**
 * A request whose body never finishes arriving: it stays in flight until the server gives up on it. Resolves once the
 * server has taken the request in (it answers `100 Continue` when it has parsed the head), so the signal comes after.
 */
function stalledRequest(port: number, path: string): Promise<net.Socket> {
  const s = net.connect(port, '127.0.0.1');
  s.on('error', () => undefined);
  s.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\nExpect: 100-continue\r\n\r\n`);
  return new Promise((resolve) =>
    s.once('data', () => {
      s.write('{"username":"x');
      resolve(s);
    }),
  );
}

describe('shutdown after load with requests in flight', () => {
  it('drains within the limit, cuts what is left, says what it cut and exits 0', async () => {
    // load first: keep-alive connections and a warm pool
    await new Promise((resolve) =>
      autocannon({ url: `${server.url}/api/health`, connections: 20, duration: 2 }, resolve),
    );
    const stalled = await Promise.all([stalledRequest(server.port, '/api/auth/login'), stalledRequest(server.port, '/api/public/cases'), stalledRequest(server.port, '/api/auth/login')]);
    // a quick request in flight at the signal still gets its answer
    const quick = fetch(`${server.url}/api/health`);
    const t0 = Date.now();
    server.proc.kill('SIGTERM');
    expect((await quick).status).toBe(200);
    const { code } = await server.exited;
    const ms = Date.now() - t0;
    for (const s of stalled) s.destroy();
    const out = server.output();
    expect(ms, out).toBeLessThan(20_000);
    expect(code, out).toBe(0);
    expect(out).toMatch(/shutting down/);
    // the log names what was cut: three requests, their routes
    const cut = out.split('\n').find((l) => l.includes('"cut"'));
    expect(cut, out).toBeDefined();
    const line = JSON.parse(cut!) as { cut: { method: string; url: string; ageMs: number }[]; msg: string };
    expect(line.cut.map((c) => c.url).sort()).toEqual(['/api/auth/login', '/api/auth/login', '/api/public/cases']);
    expect(line.msg).toMatch(/cut 3 requests/);
  }, 60_000);
});
