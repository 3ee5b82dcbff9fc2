import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import autocannon, { type Result } from 'autocannon';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { orgs, users } from '../../db/schema/index.js';
import { hashPassword } from '../../platform/crypto.js';
import { DB_KIND, openTestDb, USER_PASSWORD } from '../../../test/harness.js';
import { startServerProcess, type ServerProcess } from '../../../test/server-process.js';

/**
 * Issue 21 item 1, as the issue measured it: the real server (a child process on a loopback port, PostgreSQL), a
 * 50-connection login flood from one address, and a real user signing in from another address meanwhile (addresses in
 * X-Forwarded-For, SHANGMI_TRUST_PROXY on). Before the fix the real sign-in took 9 s during such a flood and the
 * backlog made it 75 s after (`npm run bench -- login-flood --modes none` reproduces it: p95 12–14 s, 2 sign-ins in 10 s).
 *
 * The bound: the 1 s for the median of the real sign-ins, or 2.5 × the same sign-in on the idle server when that
 * is already slow (a shared 2-core machine where other work runs makes one scrypt alone take 300–500 ms): the test is
 * about the flood not adding to a sign-in, which a busy neighbour must not turn into a failure. The figures on this
 * machine are in docs/security.md (bench/login-flood.ts).
 */
const FLOOD_IP = '203.0.113.7';
const REAL_IP = '198.51.100.23';
let database: Database;
let drop: () => Promise<void>;
let server: ServerProcess;

async function signIn(ip: string, username: string, password: string) {
  const t0 = performance.now();
  const res = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ username, password }),
  });
  await res.arrayBuffer();
  return { ms: performance.now() - t0, status: res.status };
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe.runIf(DB_KIND === 'pg')('a real sign-in during a 50-connection login flood (issue 21 item 1)', () => {
  beforeAll(async () => {
    const opened = await openTestDb();
    database = opened.database;
    drop = opened.drop;
    const [o] = await database.db.select().from(orgs).where(eq(orgs.name, '金凤区市场监督管理局'));
    await database.db.insert(users).values({ username: 'real_user', displayName: 'real', orgId: o.id, orgPath: o.path, passwordHash: await hashPassword(USER_PASSWORD), mustChangePassword: false });
    server = await startServerProcess({ DATABASE_URL: opened.url!, SHANGMI_TRUST_PROXY: 'true', LOG_LEVEL: 'warn' });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await database?.close();
    await drop?.();
  });

  it('stays as quick as on an idle server, and the flood is refused before any hashing', async () => {
    const alone: number[] = [];
    for (let i = 0; i < 3; i++) alone.push((await signIn(REAL_IP, 'real_user', USER_PASSWORD)).ms);

    const statuses = new Map<number, number>();
    let n = 0;
    let finish!: (r: Result) => void;
    const done = new Promise<Result>((resolve) => (finish = resolve));
    const flood = autocannon(
      {
        url: `${server.url}/api/auth/login`,
        connections: 50,
        duration: 8,
        method: 'POST',
        timeout: 120,
        headers: { 'content-type': 'application/json', 'x-forwarded-for': FLOOD_IP },
        requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify({ username: `spray_${n++ % 5000}`, password: 'Wrong#Guess1' }) }) }],
      },
      (_err, r) => finish(r),
    );
    flood.on('response', (_c: unknown, status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1));

    const during: { ms: number; status: number }[] = [];
    let flooding = true;
    void done.then(() => (flooding = false));
    await new Promise((r) => setTimeout(r, 500));
    while (flooding) {
      during.push(await signIn(REAL_IP, 'real_user', USER_PASSWORD));
      await new Promise((r) => setTimeout(r, 300));
    }
    await done;
    const after = await signIn(REAL_IP, 'real_user', USER_PASSWORD);

    const bound = Math.max(1000, 2.5 * median(alone));
    const summary = { aloneMs: alone.map(Math.round), duringMs: during.map((d) => Math.round(d.ms)), afterMs: Math.round(after.ms), bound, flood: Object.fromEntries(statuses) };
    console.info('login flood', JSON.stringify(summary));
    expect(during.every((d) => d.status === 200), JSON.stringify(summary)).toBe(true);
    expect(during.length, JSON.stringify(summary)).toBeGreaterThanOrEqual(5);
    expect(median(during.map((d) => d.ms)), JSON.stringify(summary)).toBeLessThan(bound);
    expect(after.status).toBe(200);
    expect(after.ms, JSON.stringify(summary)).toBeLessThan(bound);
    // the flood was answered 429 (before any hashing) but for a handful of hashes
    const total = [...statuses.values()].reduce((a, b) => a + b, 0);
    expect((statuses.get(429) ?? 0) / total).toBeGreaterThan(0.9);
    expect(statuses.get(401) ?? 0).toBeLessThanOrEqual(30);
  });
});
