import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.js';
import { loginFailures, loginlog, notifications, securityEvents, users } from '../../db/schema/index.js';
import { Sealer } from '../../platform/crypto.js';
import { createTestApp, json, USER_PASSWORD, type TestApp } from '../../../test/harness.js';

/**
 * Issue 21 item 2: guesses back off per name and address, the owner at a known address is never locked out by other
 * people's guesses, the account locks only when guesses come from many places (and the owner is told), and all of it
 * holds across app nodes sharing the database.
 */
let t: TestApp;
let node2: FastifyInstance;
beforeAll(async () => {
  t = await createTestApp();
  // a second app node on the same database: the back-off and the lock are state in the database, not in memory
  node2 = await buildApp({ config: t.config, database: t.database, sealer: new Sealer(Buffer.alloc(32, 7)), logger: false });
  await node2.ready();
});
afterAll(async () => {
  await node2?.close();
  await t?.close();
});

const signIn = (ip: string, username: string, password: string, app: FastifyInstance = t.app) =>
  app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: ip, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ username, password }) });
const jinfeng = () => t.orgId('金凤区市场监督管理局');

describe('back-off per name and address', () => {
  it('answers 429 with a growing Retry-After after a few failures, before checking any password; another address is unaffected', async () => {
    await t.createUser({ username: 'bo', orgId: await jinfeng(), roles: ['district_staff'] });
    for (let i = 0; i < 4; i++) expect((await signIn('10.0.0.1', 'bo', `Wrong#${i}aaa`)).statusCode).toBe(401);
    const blocked = await signIn('10.0.0.1', 'bo', USER_PASSWORD);
    expect(blocked.statusCode).toBe(429);
    expect(json(blocked).error).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/^登录失败次数过多，请 \d+ 秒后再试$/) });
    const first = Number(blocked.headers['retry-after']);
    expect(first).toBeGreaterThanOrEqual(1);
    expect(first).toBeLessThanOrEqual(5);
    // the owner at their own place signs in
    expect((await signIn('10.0.0.2', 'bo', USER_PASSWORD)).statusCode).toBe(200);
    // once the block has run out, the next failure blocks twice as long
    await t.database.db.update(loginFailures).set({ blockedUntil: new Date(Date.now() - 1) }).where(and(eq(loginFailures.nameKey, 'bo'), eq(loginFailures.ip, '10.0.0.1')));
    expect((await signIn('10.0.0.1', 'bo', 'Wrong#5aaa')).statusCode).toBe(401);
    const second = Number((await signIn('10.0.0.1', 'bo', USER_PASSWORD)).headers['retry-after']);
    expect(second).toBeGreaterThan(5);
    expect(second).toBeLessThanOrEqual(10);
    const results = (await t.database.db.select().from(loginlog).where(eq(loginlog.username, 'bo'))).map((r) => r.result);
    expect(results.filter((r) => r === 'throttled')).toHaveLength(2);
    expect(results.filter((r) => r === 'bad_password')).toHaveLength(5);
  });

  it('treats a name nobody has exactly like a real one', async () => {
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push((await signIn('10.0.1.1', 'no_such_user', `Wrong#${i}aaa`)).statusCode);
    expect(answers).toEqual([401, 401, 401, 401, 429]);
  });

  it('a success forgets the failures of that address', async () => {
    await t.createUser({ username: 'typo', orgId: await jinfeng(), roles: ['district_staff'] });
    for (let i = 0; i < 3; i++) await signIn('10.0.2.1', 'typo', `Wrong#${i}aaa`);
    expect((await signIn('10.0.2.1', 'typo', USER_PASSWORD)).statusCode).toBe(200);
    for (let i = 0; i < 3; i++) expect((await signIn('10.0.2.1', 'typo', `Wrong#${i}aaa`)).statusCode).toBe(401);
  });
});

describe('the account lock: only guesses from many places, never at the owner\'s usual place', () => {
  it('locks after failures from 10 addresses (split over two nodes), tells the owner once, and lets the owner in from a known address', async () => {
    const id = await t.createUser({ username: 'carl', orgId: await jinfeng(), roles: ['district_staff'] });
    expect((await signIn('10.1.0.1', 'carl', USER_PASSWORD)).statusCode).toBe(200); // the owner's office: now known
    for (let i = 1; i <= 10; i++) {
      const res = await signIn(`10.2.0.${i}`, 'carl', `Wrong#${i}aaa`, i % 2 ? t.app : node2);
      expect(res.statusCode, `guess ${i}`).toBe(401);
    }
    // a new place, even with the right password: locked (423), on either node, without a password check
    for (const app of [t.app, node2]) {
      const res = await signIn('10.3.0.1', 'carl', USER_PASSWORD, app);
      expect(res.statusCode).toBe(423);
      expect(json(res).error.code).toBe('ACCOUNT_LOCKED');
    }
    // the owner at the known address is not locked out by someone else's guesses
    expect((await signIn('10.1.0.1', 'carl', USER_PASSWORD, node2)).statusCode).toBe(200);
    const events = await t.database.db.select().from(securityEvents).where(eq(securityEvents.userId, id));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'account_locked', data: expect.objectContaining({ addresses: 10 }) });
    expect(events[0].notifiedAt).toBeInstanceOf(Date);
    // the owner's notice is in their inbox (a security alert, once), with the lock's time
    const notices = await t.database.db.select().from(notifications).where(eq(notifications.userId, id));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ event: 'security', titleZh: '您的账号已被临时锁定', link: '/profile' });
    expect(notices[0].bodyZh).toContain('来自 10 个不同地址');
    const [u] = await t.database.db.select().from(users).where(eq(users.id, id));
    expect(u.lockedUntil!.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    // the administrator sees the lock and lifts it; the counts start again
    const admin = await t.admin();
    expect(json(await admin.get(`/api/users/${id}`)).locked).toBe(true);
    expect((await admin.post(`/api/users/${id}/unlock`)).statusCode).toBe(200);
    expect((await signIn('10.3.0.1', 'carl', USER_PASSWORD)).statusCode).toBe(200);
    const owner = await t.loginAs('carl');
    expect(json(await owner.get('/api/inbox?event=security')).items.map((n: { title: string }) => n.title)).toEqual(['您的账号已被临时锁定']);
  });

  it('a name nobody has is "locked" by the same count, with the same answer', async () => {
    for (let i = 1; i <= 10; i++) await signIn(`10.4.0.${i}`, 'ghost', `Wrong#${i}aaa`);
    const res = await signIn('10.5.0.1', 'ghost', USER_PASSWORD);
    expect(res.statusCode).toBe(423);
    expect(json(res).error.message).toBe('该账号近期在多个地点登录失败，已临时锁定；请在常用地点登录，或联系管理员解锁');
  });

  it('concurrent guesses from many places lock once and tell the owner once', async () => {
    const id = await t.createUser({ username: 'dora', orgId: await jinfeng(), roles: ['district_staff'] });
    const answers = await Promise.all(Array.from({ length: 14 }, (_, i) => signIn(`10.6.0.${i + 1}`, 'dora', `Wrong#${i}aaa`, i % 2 ? t.app : node2)));
    expect(answers.every((r) => r.statusCode === 401 || r.statusCode === 423)).toBe(true);
    const events = await t.database.db.select().from(securityEvents).where(eq(securityEvents.userId, id));
    expect(events).toHaveLength(1);
  });
});
