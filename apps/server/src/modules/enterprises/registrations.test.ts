import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desc, eq, inArray } from 'drizzle-orm';
import { enterprises, oplog, users } from '../../db/schema/index.js';
import { createTestApp, json, type Client, type Json, type TestApp } from '../../../test/harness.js';
import { creditCodes } from '../../../test/fixtures.js';

/**
 * Issue 21 item 3: self-registration says nothing about which user names exist, is limited per address, and a wave of
 * registrations costs the district one action to reject.
 */
let t: TestApp;
let jinfeng: Client;
let xingqing: Client;
let serial = 0;
const STRONG = 'Strong#Pass2026';
const creditCode = creditCodes('RG7T');
const code = (division = '640106') => creditCode(division);
const registration = (over: Record<string, unknown> = {}) => ({ creditCode: code(), name: `自助注册${++serial}有限公司`, contactName: '王五', contactPhone: '13700000003', password: STRONG, ...over });
const register = (body: unknown, ip = '10.9.0.1') =>
  t.app.inject({ method: 'POST', url: '/api/enterprises/register', remoteAddress: ip, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });

beforeAll(async () => {
  t = await createTestApp({ rateLimits: { filing: { limit: 100, windowMs: 60_000 }, lookup: { limit: 100, windowMs: 60_000 }, material: { limit: 100, windowMs: 60_000 }, acknowledge: { limit: 100, windowMs: 60_000 }, login: { limit: 1000, windowMs: 60_000 }, register: { limit: 3, windowMs: 60 * 60_000 } } });
  await t.createUser({ username: 'reg_jf', orgId: await t.orgId('金凤区市场监督管理局'), roles: ['district_staff'] });
  await t.createUser({ username: 'reg_xq', orgId: await t.orgId('兴庆区市场监督管理局'), roles: ['district_staff'] });
  [jinfeng, xingqing] = await Promise.all([t.loginAs('reg_jf'), t.loginAs('reg_xq')]);
});
afterAll(async () => t?.close());

describe('self-registration reveals no user names', () => {
  it('no user name is chosen: the account is named by the credit code, and no answer mentions user names', async () => {
    // the old form's field is refused as unknown, whatever its value — it cannot probe names any more
    const probe = await register({ ...registration(), username: 'admin' }, '10.9.1.1');
    expect(probe.statusCode).toBe(400);
    expect(probe.body).not.toContain('已被使用');
    const body = registration();
    const res = await register(body, '10.9.1.1');
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toMatchObject({ status: 'pending', username: body.creditCode });
    const [u] = await t.database.db.select().from(users).where(eq(users.username, body.creditCode));
    expect(u).toMatchObject({ status: 'disabled' });
    // the same code again: the public fact that it is registered, on the credit code, as before
    const again = await register({ ...registration(), creditCode: body.creditCode.toLowerCase() }, '10.9.1.1');
    expect(again.statusCode).toBe(409);
    expect(json(again).error.fields).toEqual([{ field: 'creditCode', message: '统一社会信用代码：已登记，如需开通账号请联系所在区县市场监督管理局' }]);
  });
});

describe('per-address limit', () => {
  it('answers 429 with Retry-After past the limit; another address is not affected; a refused one creates nothing', async () => {
    for (let i = 0; i < 3; i++) expect((await register(registration(), '10.9.2.1')).statusCode).toBe(200);
    const before = (await t.database.db.select({ id: enterprises.id }).from(enterprises)).length;
    const over = await register(registration(), '10.9.2.1');
    expect(over.statusCode).toBe(429);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect(json(over).error.code).toBe('RATE_LIMITED');
    expect((await t.database.db.select({ id: enterprises.id }).from(enterprises)).length).toBe(before);
    expect((await register(registration(), '10.9.2.2')).statusCode).toBe(200);
  });
});

describe('bulk rejection', () => {
  it('rejects many pending registrations with one reason and one audit row; skips what is not pending or not in scope', async () => {
    const mine: number[] = [];
    for (let i = 0; i < 3; i++) mine.push(json(await register(registration(), `10.9.3.${i}`)).id);
    const confirmed = json(await register(registration(), '10.9.3.9')).id;
    expect((await jinfeng.post(`/api/enterprises/${confirmed}/confirm`)).statusCode).toBe(200);
    const theirs = json(await register(registration({ creditCode: code('640104') }), '10.9.3.8')).id; // 兴庆区

    const res = await jinfeng.post('/api/enterprises/reject-registrations', { ids: [...mine, confirmed, theirs], reason: '批量虚假注册' });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toEqual({
      rejected: mine,
      skipped: [
        { id: confirmed, reason: 'not_pending' },
        { id: theirs, reason: 'not_found' },
      ],
    });
    expect(await t.database.db.select().from(enterprises).where(inArray(enterprises.id, mine))).toHaveLength(0);
    const [log] = await t.database.db.select().from(oplog).orderBy(desc(oplog.seq)).limit(1);
    expect(log).toMatchObject({ action: 'enterprises.reject-many', result: 'success' });
    expect((log.after as Json).ids).toEqual(mine);
    expect((log.after as Json).reason).toBe('批量虚假注册');
    expect(log.before as Json[]).toHaveLength(3);
    // 兴庆区's own registration is still there for 兴庆区
    expect((await xingqing.get(`/api/enterprises/${theirs}`)).statusCode).toBe(200);
    // a reason is required, and so is a permission
    expect((await jinfeng.post('/api/enterprises/reject-registrations', { ids: [theirs] })).statusCode).toBe(400);
    expect((await t.client().post('/api/enterprises/reject-registrations', { ids: [theirs], reason: 'x' })).statusCode).toBe(401);
  });
});
