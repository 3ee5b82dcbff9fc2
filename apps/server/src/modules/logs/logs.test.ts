import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, count, desc, eq, sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { loginlog, oplog, oplogPending, orgs, roles, users } from '../../db/schema/index.js';
import { appendOplog, linkOplog, oplogLinker, verifyOplogChain } from '../../platform/audit.js';
import { createTestApp, json, NEW_ADMIN_PASSWORD, USER_PASSWORD, type Client, type Json, type TestApp, readXlsx } from '../../../test/harness.js';

let t: TestApp;
let admin: Client;
let jinfeng: number;
let xixia: number;
let roleIds: Record<string, number>;

const CREATED_PASSWORD = 'Created#Secret2026';
const RESET_PASSWORD = 'Reset#Secret2026';
const CHANGED_PASSWORD = 'Changed#Secret2026';
const WRONG_PASSWORD = 'Wrong#Secret2026';

const n = async (table: typeof users | typeof orgs | typeof roles | typeof oplog | typeof oplogPending | typeof loginlog) =>
  (await t.database.db.select({ n: count() }).from(table))[0].n;
const lastOplog = async () => (await t.database.db.select().from(oplog).orderBy(desc(oplog.seq)).limit(1))[0];
const pathOf = async (id: number) => (await t.database.db.select({ path: orgs.path }).from(orgs).where(eq(orgs.id, id)))[0].path;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  jinfeng = await t.orgId('金凤区市场监督管理局');
  xixia = await t.orgId('西夏区市场监督管理局');
  roleIds = Object.fromEntries(json(await admin.get('/api/roles')).items.map((r: Json) => [r.code, r.id]));
});
afterAll(async () => t?.close());

describe('operation log', () => {
  let createdId: number;

  it('records each state change with actor, action, target, masked before/after, IP, result and duration', async () => {
    const res = await admin.post('/api/users', {
      username: 'logged_user',
      displayName: '日志用户',
      orgId: jinfeng,
      roleIds: [roleIds.district_staff],
      phone: '13912345678',
      email: 'logged@example.cn',
      password: CREATED_PASSWORD,
    });
    expect(res.statusCode).toBe(200);
    createdId = json(res).id;
    const page = json(await admin.get('/api/oplog?action=users.create'));
    const row = page.items.find((e: Json) => e.targetId === String(createdId));
    expect(row).toMatchObject({
      username: 'admin',
      orgName: '商秘通平台',
      action: 'users.create',
      method: 'POST',
      path: '/api/users',
      targetType: 'user',
      result: 'success',
      errorCode: null,
      ip: '127.0.0.1',
    });
    expect(row.durationMs).toBeGreaterThanOrEqual(0);
    expect(row.requestId).toBeTruthy();
    expect(row.after).toMatchObject({ username: 'logged_user', displayName: '日志用户', orgId: jinfeng });
    // contact details partly masked, never the password
    expect(row.after.phone).toBe('139****5678');
    expect(row.after.email).toBe('l***@example.cn');
    expect(JSON.stringify(row)).not.toContain(CREATED_PASSWORD);

    const up = await admin.patch(`/api/users/${createdId}`, { displayName: '日志用户改', phone: '13800001111' });
    expect(up.statusCode).toBe(200);
    const upd = json(await admin.get('/api/oplog?action=users.update')).items[0];
    expect(upd.before).toMatchObject({ displayName: '日志用户', phone: '139****5678' });
    expect(upd.after).toMatchObject({ displayName: '日志用户改', phone: '138****1111' });
  });

  it('keeps no password, hash or secret anywhere in the log', async () => {
    expect((await admin.post(`/api/users/${createdId}/reset-password`, { password: RESET_PASSWORD })).statusCode).toBe(200);
    const c = t.client();
    expect((await c.login('logged_user', RESET_PASSWORD)).statusCode).toBe(200);
    expect((await c.post('/api/auth/password', { currentPassword: RESET_PASSWORD, newPassword: CHANGED_PASSWORD })).statusCode).toBe(200);
    expect((await c.post('/api/auth/totp/setup')).statusCode).toBe(200);
    // a failed attempt carrying a password in its body
    expect((await c.post('/api/auth/password', { currentPassword: WRONG_PASSWORD, newPassword: 'Another#Secret2026' })).statusCode).toBe(400);
    expect((await t.client().login('logged_user', WRONG_PASSWORD)).statusCode).toBe(401);

    const [{ dump }] = await t.database.query<{ dump: string }>(`select coalesce(string_agg(o::text, E'\\n'), '') as dump from oplog o`);
    const [{ logins }] = await t.database.query<{ logins: string }>(`select coalesce(string_agg(l::text, E'\\n'), '') as logins from loginlog l`);
    expect(dump.length).toBeGreaterThan(100);
    for (const text of [dump, logins]) {
      expect(text).not.toContain('scrypt$');
      for (const secret of [CREATED_PASSWORD, RESET_PASSWORD, CHANGED_PASSWORD, WRONG_PASSWORD, NEW_ADMIN_PASSWORD, USER_PASSWORD]) {
        expect(text).not.toContain(secret);
      }
    }
    const [u] = await t.database.db.select().from(users).where(eq(users.id, createdId));
    expect(u.totpSecret).toBeTruthy();
    expect(dump).not.toContain(u.totpSecret!);
    expect(dump).not.toContain(u.passwordHash);
    // what the API returns is the same table
    const api = JSON.stringify(json(await admin.get('/api/oplog?pageSize=200')).items);
    expect(api).not.toContain('scrypt$');
    expect(api).not.toContain(CREATED_PASSWORD);
  });

  it('filters by action, result, text and time, and pages in either order', async () => {
    const all = json(await admin.get('/api/oplog?pageSize=200'));
    expect(all.total).toBe(await n(oplog));
    const seqs = all.items.map((e: Json) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    const ascending = json(await admin.get('/api/oplog?order=asc&pageSize=3'));
    expect(ascending.items.map((e: Json) => e.seq)).toEqual([1, 2, 3]);
    const p2 = json(await admin.get('/api/oplog?order=asc&pageSize=3&page=2'));
    expect(p2.items.map((e: Json) => e.seq)).toEqual([4, 5, 6]);
    expect(p2.total).toBe(all.total);

    const failures = json(await admin.get('/api/oplog?result=failure&pageSize=200'));
    expect(failures.total).toBeGreaterThan(0);
    expect(failures.items.every((e: Json) => e.result === 'failure' && e.errorCode)).toBe(true);
    const successes = json(await admin.get('/api/oplog?result=success&pageSize=200'));
    expect(successes.total + failures.total).toBe(all.total);

    const pw = json(await admin.get('/api/oplog?action=reset-password'));
    expect(pw.total).toBe(1);
    expect(pw.items[0]).toMatchObject({ action: 'users.reset-password', targetId: String(createdId) });

    const byUser = json(await admin.get('/api/oplog?q=logged_user&pageSize=200'));
    expect(byUser.total).toBeGreaterThan(0);
    expect(byUser.items.every((e: Json) => e.username === 'logged_user')).toBe(true);

    const future = new Date(Date.now() + 3600_000).toISOString();
    const past = new Date(Date.now() - 3600_000).toISOString();
    expect(json(await admin.get(`/api/oplog?from=${future}`)).total).toBe(0);
    expect(json(await admin.get(`/api/oplog?to=${past}`)).total).toBe(0);
    expect(json(await admin.get(`/api/oplog?from=${past}&to=${future}`)).total).toBe(all.total);
    const bad = await admin.get('/api/oplog?from=yesterday');
    expect(bad.statusCode).toBe(400);
    expect(json(bad).error.fields[0].field).toBe('from');
  });

  it('exports what the filters select, with a Chinese header row', async () => {
    const res = await admin.get('/api/oplog/export?action=users.');
    expect(res.statusCode).toBe(200);
    const rows = await readXlsx(res);
    expect(rows[0]).toEqual(['序号', '时间', '用户', '机构', '操作', '操作代码', '对象', '结果', 'IP', '耗时(ms)', '变更前', '变更后']);
    const expected = json(await admin.get('/api/oplog?action=users.&pageSize=200'));
    expect(rows.length - 1).toBe(expected.total);
    expect(rows.slice(1).every((r) => r[5].startsWith('users.'))).toBe(true);
    // the readable action name stands beside its code
    expect(rows.slice(1).some((r) => r[4] === '新增用户' && r[5] === 'users.create')).toBe(true);
    expect(rows.slice(1).map((r) => Number(r[0]))).toEqual(expected.items.map((e: Json) => e.seq));
    const text = rows.flat().join('\n');
    expect(text).not.toContain('scrypt$');
    expect(text).not.toContain(CREATED_PASSWORD);
  });
});

describe('login log', () => {
  it('records successes, failures and sign-outs, with the user\'s organisation', async () => {
    await t.createUser({ username: 'll_user', orgId: xixia, roles: ['district_staff'] });
    await t.client().login('ll_user', 'Wrong#Pass2026');
    await t.client().login('ll_nobody', 'Wrong#Pass2026');
    const c = await t.loginAs('ll_user');
    await c.post('/api/auth/logout');

    const mine = json(await admin.get('/api/loginlog?q=ll_&pageSize=200'));
    expect(mine.items.map((e: Json) => [e.username, e.result])).toEqual([
      ['ll_user', 'logout'],
      ['ll_user', 'success'],
      ['ll_nobody', 'unknown_user'],
      ['ll_user', 'bad_password'],
    ]);
    expect(mine.items[0]).toMatchObject({ orgName: '西夏区市场监督管理局', ip: '127.0.0.1', userAgent: 'lightMyRequest' });
    expect(mine.items[2]).toMatchObject({ userId: null, orgName: null });

    const bad = json(await admin.get('/api/loginlog?result=bad_password&pageSize=200'));
    expect(bad.items.length).toBeGreaterThan(0);
    expect(bad.items.every((e: Json) => e.result === 'bad_password')).toBe(true);
    expect((await admin.get('/api/loginlog?result=hacked')).statusCode).toBe(400);
    const future = new Date(Date.now() + 3600_000).toISOString();
    expect(json(await admin.get(`/api/loginlog?from=${future}`)).total).toBe(0);
    const byOrg = json(await admin.get(`/api/loginlog?q=${encodeURIComponent('西夏区')}&pageSize=200`));
    expect(byOrg.items.length).toBeGreaterThan(0);
    expect(byOrg.items.every((e: Json) => e.orgName === '西夏区市场监督管理局')).toBe(true);

    const rows = await readXlsx(await admin.get('/api/loginlog/export?q=ll_'));
    expect(rows[0]).toEqual(['时间', '用户名', '机构', 'IP', '浏览器', '结果']);
    expect(rows.slice(1).map((r) => r[5])).toEqual(['退出登录', '登录成功', '用户不存在', '密码错误']);
  });
});

describe('scope', () => {
  it('a district officer sees only rows of their own district; a self-scoped reader only their own', async () => {
    await t.createUser({ username: 'scope_jf', orgId: jinfeng, roles: ['district_staff'] });
    await t.createUser({ username: 'scope_xx', orgId: xixia, roles: ['district_staff'] });
    const jf = await t.loginAs('scope_jf');
    const xx = await t.loginAs('scope_xx');
    // each leaves rows: a failed and a successful change
    await jf.post('/api/roles', { code: 'jf_try', nameZh: 'x', nameEn: 'x', dataScope: 'org', permissions: [] });
    await xx.post('/api/roles', { code: 'xx_try', nameZh: 'x', nameEn: 'x', dataScope: 'org', permissions: [] });
    await jf.post('/api/auth/totp/setup');
    await xx.post('/api/auth/totp/setup');

    const xxPath = await pathOf(xixia);
    const xxOrgs = new Set((await t.database.query<{ id: number; name: string }>('select id, name from orgs where path like $1', [`${xxPath}%`])).map((o) => o.id));
    const xxNames = new Set((await t.database.query<{ name: string }>('select name from orgs where path like $1', [`${xxPath}%`])).map((o) => o.name));

    const ops = json(await xx.get('/api/oplog?pageSize=200'));
    expect(ops.items.length).toBeGreaterThan(0);
    expect(ops.items.every((e: Json) => xxOrgs.has(e.orgId))).toBe(true);
    expect(ops.items.map((e: Json) => e.username)).toContain('scope_xx');
    const [{ inScope }] = await t.database.query<{ inScope: number }>('select count(*)::int as "inScope" from oplog where org_path like $1', [`${xxPath}%`]);
    expect(ops.total).toBe(inScope);

    const logins = json(await xx.get('/api/loginlog?pageSize=200'));
    expect(logins.items.length).toBeGreaterThan(0);
    expect(logins.items.every((e: Json) => xxNames.has(e.orgName))).toBe(true);
    expect(logins.items.map((e: Json) => e.username)).not.toContain('scope_jf');

    const opRows = await readXlsx(await xx.get('/api/oplog/export'));
    expect(opRows.length - 1).toBe(ops.total);
    expect(opRows.slice(1).every((r) => xxNames.has(r[3]))).toBe(true);
    const loginRows = await readXlsx(await xx.get('/api/loginlog/export'));
    expect(loginRows.length - 1).toBe(logins.total);
    expect(loginRows.slice(1).every((r) => xxNames.has(r[2]))).toBe(true);

    // a role that reads logs with scope "self"
    await admin.post('/api/roles', { code: 'own_log_reader', nameZh: '本人日志', nameEn: 'Own logs', dataScope: 'self', permissions: ['oplog:read', 'loginlog:read'] });
    await t.createUser({ username: 'scope_self', orgId: jinfeng, roles: ['own_log_reader'] });
    const self = await t.loginAs('scope_self');
    await self.post('/api/auth/totp/setup');
    const own = json(await self.get('/api/oplog?pageSize=200'));
    expect(own.total).toBe(1);
    expect(own.items[0].username).toBe('scope_self');
    const ownLogins = json(await self.get('/api/loginlog?pageSize=200'));
    expect(ownLogins.items.every((e: Json) => e.username === 'scope_self')).toBe(true);
  });
});

describe('hash chain', () => {
  it('stays intact after many writes, some of them concurrent', async () => {
    const before = await n(oplog);
    await admin.post('/api/dicts', { code: 'chain_test', nameZh: '链', nameEn: 'Chain' });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => admin.post('/api/dicts/chain_test/items', { value: `v${i}`, labelZh: `值${i}`, labelEn: `Value ${i}` })),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(20).fill(200));
    // and some failures in between
    await Promise.all(Array.from({ length: 5 }, () => admin.post('/api/dicts/chain_test/items', { value: 'v0', labelZh: '重复', labelEn: 'dup' })));
    expect(await n(oplog)).toBe(before + 26);
    const seqs = (await t.database.db.select({ seq: oplog.seq }).from(oplog).orderBy(asc(oplog.seq))).map((r) => r.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    const report = await verifyOplogChain(t.database);
    expect(report).toEqual({ ok: true, checked: seqs.length });
  });

  const jobRow = (i: number) => ({ at: new Date(), userId: null, username: null, orgId: null, orgName: null, orgPath: null, action: 'test.concurrent', method: 'JOB', path: `test/${i}`, targetType: null, targetId: null, before: null, after: { i }, ip: null, result: 'success' as const, errorCode: null, durationMs: 0, requestId: null });

  it('stays one chain when many transactions append at once and linkers run concurrently', async () => {
    const before = await n(oplog);
    const linker = oplogLinker(t.database);
    await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        await t.database.db.transaction((tx) => appendOplog(tx, jobRow(i)));
        // every other writer also runs a pass of its own (as a second node would), beside the shared linker
        await (i % 2 ? linkOplog(t.database) : linker.link());
      }),
    );
    expect(await n(oplog)).toBe(before + 40);
    expect(await n(oplogPending)).toBe(0);
    const report = await verifyOplogChain(t.database);
    expect(report.ok, report.firstBad?.reason).toBe(true);
  });

  it('does not make a writer wait for another writer still in its transaction; the row joins the chain after commit', async () => {
    if (t.database.driver !== 'postgres') return; // PGlite runs one transaction at a time: nothing to overlap
    const before = await n(oplog);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let open!: () => void;
    const opened = new Promise<void>((r) => (open = r));
    // A: writes its audit row, then stays open
    const slow = t.database.db.transaction(async (tx) => {
      await appendOplog(tx, jobRow(1001));
      open();
      await held;
    });
    await opened;
    // B: its audit row commits while A is open; a lock shared with A (the old head row) would make it time out
    await t.database.db.transaction(async (tx) => {
      await tx.execute(sql`set local lock_timeout = '3s'`);
      await appendOplog(tx, jobRow(1002));
    });
    await oplogLinker(t.database).link();
    const [b] = await t.database.db.select().from(oplog).orderBy(desc(oplog.seq)).limit(1);
    expect(b.path).toBe('test/1002'); // linked without A
    expect(await n(oplog)).toBe(before + 1);
    release();
    await slow;
    await oplogLinker(t.database).link();
    expect((await lastOplog()).path).toBe('test/1001'); // A follows, in commit order
    expect((await verifyOplogChain(t.database)).ok).toBe(true);
  });

  it('an uncommitted (rolled back) change leaves no audit row, linked or pending', async () => {
    const before = await n(oplog);
    await expect(
      t.database.db.transaction(async (tx) => {
        await appendOplog(tx, jobRow(2001));
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await linkOplog(t.database);
    expect(await n(oplog)).toBe(before);
    expect(await n(oplogPending)).toBe(0);
  });

  it('detects an edited row and a deleted newest row', async () => {
    const [row] = await t.database.db.select().from(oplog).where(eq(oplog.seq, 2));
    await t.database.db.update(oplog).set({ ip: '6.6.6.6' }).where(eq(oplog.seq, 2));
    const edited = await verifyOplogChain(t.database);
    expect(edited.ok).toBe(false);
    expect(edited.firstBad?.seq).toBe(2);
    await t.database.db.update(oplog).set({ ip: row.ip }).where(eq(oplog.seq, 2));
    expect((await verifyOplogChain(t.database)).ok).toBe(true);

    const last = await lastOplog();
    await t.database.db.delete(oplog).where(eq(oplog.seq, last.seq));
    const deleted = await verifyOplogChain(t.database);
    expect(deleted.ok).toBe(false);
    expect(deleted.firstBad?.reason).toMatch(/deleted/);
    await t.database.db.insert(oplog).values(last);
    expect((await verifyOplogChain(t.database)).ok).toBe(true);
  });

  it('a failed request adds one failure row and changes nothing else', async () => {
    const target = await t.createUser({ username: 'fail_target', orgId: jinfeng, roles: ['district_staff'] });
    await t.createUser({ username: 'fail_city', orgId: await t.orgId('银川市市场监督管理局'), roles: ['city_admin'] });
    const cityAdmin = await t.loginAs('fail_city');
    const counts = async () => ({ users: await n(users), orgs: await n(orgs), roles: await n(roles) });
    const start = await counts();
    const [targetBefore] = await t.database.db.select().from(users).where(eq(users.id, target));

    const attempts: [() => Promise<LightMyRequestResponse>, number, string][] = [
      // passes the permission check, then the service refuses (the display name must not be saved either)
      [() => cityAdmin.patch(`/api/users/${target}`, { displayName: '不应保存', roleIds: [roleIds.platform_admin] }), 403, 'FORBIDDEN'],
      [() => admin.post('/api/users', { username: 'FAIL_TARGET', displayName: 'x', orgId: jinfeng, roleIds: [roleIds.district_staff], password: 'Strong#Pass2026' }), 409, 'CONFLICT'],
      [() => admin.post('/api/roles', { code: 'platform_admin', nameZh: 'x', nameEn: 'x', dataScope: 'org', permissions: [] }), 409, 'CONFLICT'],
      [() => admin.delete(`/api/orgs/${jinfeng}`), 409, 'CONFLICT'],
      [() => admin.patch(`/api/orgs/${jinfeng}`, { parentId: jinfeng }), 400, 'VALIDATION'],
      [() => admin.post('/api/orgs', { parentId: jinfeng, name: '', kind: 'site' }), 400, 'VALIDATION'],
      [() => admin.post('/api/users', { username: 'x' }, { 'x-csrf-token': 'forged' }), 403, 'CSRF'],
    ];
    for (const [send, status, code] of attempts) {
      const seqBefore = (await lastOplog()).seq;
      const res = await send();
      expect(res.statusCode, res.body).toBe(status);
      expect(json(res).error.code).toBe(code);
      const rows = await t.database.db.select().from(oplog).where(eq(oplog.seq, seqBefore + 1));
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ result: 'failure', errorCode: code, before: null, after: null });
      expect((await lastOplog()).seq).toBe(seqBefore + 1);
    }
    expect(await counts()).toEqual(start);
    const [targetAfter] = await t.database.db.select().from(users).where(eq(users.id, target));
    expect(targetAfter.displayName).toBe(targetBefore.displayName);
    expect(targetAfter.updatedAt.getTime()).toBe(targetBefore.updatedAt.getTime());
    expect((await verifyOplogChain(t.database)).ok).toBe(true);

    // anonymous failures do not enter the chain
    const seq = (await lastOplog()).seq;
    expect((await t.client().post('/api/roles', { code: 'anon' })).statusCode).toBe(401);
    expect((await lastOplog()).seq).toBe(seq);
  });
});
