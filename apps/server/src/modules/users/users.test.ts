import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as OTPAuth from 'otpauth';
import { count, eq, sql } from 'drizzle-orm';
import { sessions, users } from '../../db/schema/index.js';
import { createTestApp, json, USER_PASSWORD, type Client, type Json, type TestApp, readXlsx } from '../../../test/harness.js';

let t: TestApp;
let admin: Client;
let roleIds: Record<string, number>;
let jinfeng: number;
let xixia: number;
let city: number;

const STRONG = 'Strong#Pass2026';

const userCount = async () => (await t.database.db.select({ n: count() }).from(users))[0].n;
const sessionCount = async (userId: number) => (await t.database.db.select({ n: count() }).from(sessions).where(eq(sessions.userId, userId)))[0].n;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  roleIds = Object.fromEntries(json(await admin.get('/api/roles')).items.map((r: Json) => [r.code, r.id]));
  jinfeng = await t.orgId('金凤区市场监督管理局');
  xixia = await t.orgId('西夏区市场监督管理局');
  city = await t.orgId('银川市市场监督管理局');
});
afterAll(async () => t?.close());

describe('create', () => {
  it('checks the initial password against the policy, and the new user must change it at first login', async () => {
    const before = await userCount();
    const base = { username: 'newbie', displayName: '新用户', orgId: jinfeng, roleIds: [roleIds.district_staff] };
    // too short; two character classes only; contains the user name
    for (const weak of ['Sh#1', 'alllowercase1', 'Newbie#2026x']) {
      const res = await admin.post('/api/users', { ...base, password: weak });
      expect(res.statusCode, weak).toBe(400);
      expect(json(res).error.code).toBe('WEAK_PASSWORD');
      expect(json(res).error.fields[0]).toMatchObject({ field: 'password' });
      expect(json(res).error.fields[0].message).toMatch(/^密码：/);
    }
    expect(await userCount()).toBe(before);

    const res = await admin.post('/api/users', { ...base, phone: '13912345678', email: 'newbie@example.cn', password: STRONG });
    expect(res.statusCode).toBe(200);
    const u = json(res);
    expect(u).toMatchObject({
      username: 'newbie',
      displayName: '新用户',
      orgId: jinfeng,
      orgName: '金凤区市场监督管理局',
      status: 'active',
      mustChangePassword: true,
      totpEnabled: false,
      locked: false,
      phone: '13912345678',
      email: 'newbie@example.cn',
    });
    expect(u.roles.map((r: Json) => r.code)).toEqual(['district_staff']);
    expect(u).not.toHaveProperty('passwordHash');
    expect(await userCount()).toBe(before + 1);

    const c = t.client();
    const login = await c.login('newbie', STRONG);
    expect(login.statusCode).toBe(200);
    expect(json(login).user.mustChangePassword).toBe(true);
    const blocked = await c.get('/api/users');
    expect(blocked.statusCode).toBe(403);
    expect(json(blocked).error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await c.post('/api/auth/password', { currentPassword: STRONG, newPassword: 'Changed#Pass2026' })).statusCode).toBe(200);
    expect((await c.get('/api/users')).statusCode).toBe(200);
  });

  it('refuses a user name already taken, whatever its case, naming the field', async () => {
    await t.createUser({ username: 'Taken.Name', orgId: jinfeng, roles: ['district_staff'] });
    const before = await userCount();
    const res = await admin.post('/api/users', { username: 'taken.NAME', displayName: 'x', orgId: jinfeng, roleIds: [roleIds.district_staff], password: STRONG });
    expect(res.statusCode).toBe(409);
    const err = json(res).error;
    expect(err.code).toBe('CONFLICT');
    expect(err.fields).toEqual([{ field: 'username', message: expect.stringMatching(/^用户名：/) }]);
    admin.locale = 'en-US';
    const en = await admin.post('/api/users', { username: 'TAKEN.name', displayName: 'x', orgId: jinfeng, roleIds: [roleIds.district_staff], password: STRONG });
    admin.locale = 'zh-CN';
    expect(json(en).error.fields[0].message).toMatch(/^User name/);
    expect(await userCount()).toBe(before);
  });

  it('concurrent creates of one user name: one wins, the others are told it is taken (never a 500)', async () => {
    const results = await Promise.all(
      ['race.user', 'RACE.user', 'race.USER', 'Race.User'].map((username) =>
        admin.post('/api/users', { username, displayName: '并发', orgId: jinfeng, roleIds: [roleIds.district_staff], password: STRONG }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409]);
    const [{ n }] = await t.database.db.select({ n: count() }).from(users).where(sql`lower(${users.username}) = 'race.user'`);
    expect(n).toBe(1);
  });

  it('validates the organisation and the roles', async () => {
    const unknownOrg = await admin.post('/api/users', { username: 'orgless', displayName: 'x', orgId: 999999, roleIds: [roleIds.district_staff], password: STRONG });
    expect(unknownOrg.statusCode).toBe(400);
    expect(json(unknownOrg).error.fields[0].field).toBe('orgId');
    const unknownRole = await admin.post('/api/users', { username: 'roleless', displayName: 'x', orgId: jinfeng, roleIds: [999999], password: STRONG });
    expect(unknownRole.statusCode).toBe(400);
    expect(json(unknownRole).error.fields[0].field).toBe('roleIds');
    const noRole = await admin.post('/api/users', { username: 'roleless', displayName: 'x', orgId: jinfeng, roleIds: [], password: STRONG });
    expect(noRole.statusCode).toBe(400);
    expect(json(noRole).error.fields[0].field).toBe('roleIds');
  });
});

describe('list', () => {
  let child: number;
  beforeAll(async () => {
    child = json(await admin.post('/api/orgs', { parentId: jinfeng, name: '金凤区列表测试站', kind: 'site' })).id;
    await t.createUser({ username: 'lst_alpha', orgId: jinfeng, roles: ['district_staff'] });
    await t.createUser({ username: 'lst_bravo', orgId: child, roles: ['site_staff'] });
    await t.createUser({ username: 'lst_charlie', orgId: child, roles: ['site_staff'], status: 'disabled' });
    await t.createUser({ username: 'lst_delta', orgId: xixia, roles: ['district_staff'] });
    await t.database.db.update(users).set({ phone: '18800001111', displayName: '列表测试甲' }).where(eq(users.username, 'lst_alpha'));
  });

  const names = (body: Json) => body.items.map((u: Json) => u.username);

  it('filters by text in user name, display name or phone', async () => {
    expect(names(json(await admin.get('/api/users?q=lst_'))).sort()).toEqual(['lst_alpha', 'lst_bravo', 'lst_charlie', 'lst_delta']);
    expect(names(json(await admin.get(`/api/users?q=${encodeURIComponent('列表测试甲')}`)))).toEqual(['lst_alpha']);
    expect(names(json(await admin.get('/api/users?q=8800001')))).toEqual(['lst_alpha']);
    // LIKE wildcards are text, not patterns
    expect(json(await admin.get('/api/users?q=lst%25')).total).toBe(0);
  });

  it('filters by organisation, with or without its subtree', async () => {
    const subtree = names(json(await admin.get(`/api/users?orgId=${jinfeng}&q=lst_`))).sort();
    expect(subtree).toEqual(['lst_alpha', 'lst_bravo', 'lst_charlie']);
    const only = names(json(await admin.get(`/api/users?orgId=${jinfeng}&subtree=false&q=lst_`)));
    expect(only).toEqual(['lst_alpha']);
    expect(names(json(await admin.get(`/api/users?orgId=${child}`))).sort()).toEqual(['lst_bravo', 'lst_charlie']);
  });

  it('filters by role and status', async () => {
    expect(names(json(await admin.get(`/api/users?roleId=${roleIds.site_staff}&q=lst_`))).sort()).toEqual(['lst_bravo', 'lst_charlie']);
    expect(names(json(await admin.get('/api/users?status=disabled&q=lst_')))).toEqual(['lst_charlie']);
    expect(names(json(await admin.get(`/api/users?status=active&roleId=${roleIds.site_staff}&q=lst_`)))).toEqual(['lst_bravo']);
  });

  it('sorts and paginates with a total that does not depend on the page', async () => {
    const asc = names(json(await admin.get('/api/users?q=lst_&sort=username&order=asc')));
    expect(asc).toEqual(['lst_alpha', 'lst_bravo', 'lst_charlie', 'lst_delta']);
    const desc = names(json(await admin.get('/api/users?q=lst_&sort=username&order=desc')));
    expect(desc).toEqual([...asc].reverse());
    const p1 = json(await admin.get('/api/users?q=lst_&sort=username&order=asc&page=1&pageSize=3'));
    const p2 = json(await admin.get('/api/users?q=lst_&sort=username&order=asc&page=2&pageSize=3'));
    const p3 = json(await admin.get('/api/users?q=lst_&sort=username&order=asc&page=3&pageSize=3'));
    expect(p1).toMatchObject({ total: 4, page: 1, pageSize: 3 });
    expect(p2).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(names(p1)).toEqual(asc.slice(0, 3));
    expect(names(p2)).toEqual(asc.slice(3));
    expect(p3).toMatchObject({ total: 4, items: [] });
    const all = json(await admin.get('/api/users?pageSize=200'));
    expect(all.total).toBe(await userCount());
  });
});

describe('update', () => {
  it('edits contact details and moves a user to another organisation', async () => {
    const id = await t.createUser({ username: 'upd_one', orgId: jinfeng, roles: ['district_staff'] });
    const res = await admin.patch(`/api/users/${id}`, { displayName: '改名后', phone: '13700000000', email: 'upd@example.cn', orgId: xixia });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({ displayName: '改名后', phone: '13700000000', email: 'upd@example.cn', orgId: xixia, orgName: '西夏区市场监督管理局' });
    const [row] = await t.database.db.select().from(users).where(eq(users.id, id));
    const [x] = await t.database.query<{ path: string }>('select path from orgs where id = $1', [xixia]);
    expect(row.orgPath).toBe(x.path);
    expect(json(await admin.get(`/api/users/${id}`))).toMatchObject({ displayName: '改名后', orgId: xixia });
    // clearing optional fields
    expect(json(await admin.patch(`/api/users/${id}`, { phone: null, email: null }))).toMatchObject({ phone: null, email: null });
  });

  it('replaces roles; a re-roled user signs in again', async () => {
    const id = await t.createUser({ username: 'upd_roles', orgId: jinfeng, roles: ['district_staff'] });
    const c = await t.loginAs('upd_roles');
    const res = await admin.patch(`/api/users/${id}`, { roleIds: [roleIds.site_staff, roleIds.district_staff] });
    expect(res.statusCode).toBe(200);
    expect(json(res).roles.map((r: Json) => r.code).sort()).toEqual(['district_staff', 'site_staff']);
    expect((await c.get('/api/auth/session')).statusCode).toBe(401);
  });

  it('answers 404 for a user that does not exist', async () => {
    expect((await admin.get('/api/users/987654')).statusCode).toBe(404);
    expect((await admin.patch('/api/users/987654', { displayName: 'x' })).statusCode).toBe(404);
  });
});

describe('disable, unlock, reset', () => {
  it('disabling ends the user\'s sessions and refuses their login; enabling lets them back in', async () => {
    const id = await t.createUser({ username: 'dis_one', orgId: jinfeng, roles: ['district_staff'] });
    const c = await t.loginAs('dis_one');
    expect((await c.get('/api/auth/session')).statusCode).toBe(200);
    const res = await admin.patch(`/api/users/${id}`, { status: 'disabled' });
    expect(res.statusCode).toBe(200);
    expect(json(res).status).toBe('disabled');
    expect(await sessionCount(id)).toBe(0);
    expect((await c.get('/api/auth/session')).statusCode).toBe(401);
    const refused = await t.client().login('dis_one', USER_PASSWORD);
    expect(refused.statusCode).toBe(403);
    expect(json(refused).error.code).toBe('ACCOUNT_DISABLED');
    expect((await admin.patch(`/api/users/${id}`, { status: 'active' })).statusCode).toBe(200);
    expect((await t.client().login('dis_one', USER_PASSWORD)).statusCode).toBe(200);
  });

  it('nobody disables themself or changes their own roles', async () => {
    const me = json(await admin.get('/api/auth/session')).user.id;
    const res = await admin.patch(`/api/users/${me}`, { status: 'disabled' });
    expect(res.statusCode).toBe(400);
    expect(json(res).error.fields[0].field).toBe('status');
    const roles = await admin.patch(`/api/users/${me}`, { roleIds: [roleIds.city_staff] });
    expect(roles.statusCode).toBe(400);
    expect(json(roles).error.fields[0].field).toBe('roleIds');
    const [row] = await t.database.db.select().from(users).where(eq(users.id, me));
    expect(row.status).toBe('active');
    expect((await admin.get('/api/auth/session')).statusCode).toBe(200);
  });

  it('unlock clears a lockout', async () => {
    const id = await t.createUser({ username: 'lock_one', orgId: jinfeng, roles: ['district_staff'] });
    await t.database.db
      .update(users)
      .set({ lockedUntil: new Date(Date.now() + 10 * 60_000) })
      .where(eq(users.id, id));
    expect(json(await admin.get(`/api/users/${id}`)).locked).toBe(true);
    expect((await t.client().login('lock_one', USER_PASSWORD)).statusCode).toBe(423);
    expect(json(await admin.post(`/api/users/${id}/unlock`))).toEqual({ ok: true });
    expect(json(await admin.get(`/api/users/${id}`)).locked).toBe(false);
    expect((await t.client().login('lock_one', USER_PASSWORD)).statusCode).toBe(200);
  });

  it('reset password: policy-checked, ends sessions, the old password stops working and the new one must be changed', async () => {
    const id = await t.createUser({ username: 'reset_pw', orgId: jinfeng, roles: ['district_staff'] });
    const c = await t.loginAs('reset_pw');
    const weak = await admin.post(`/api/users/${id}/reset-password`, { password: 'weakweak' });
    expect(weak.statusCode).toBe(400);
    expect(json(weak).error).toMatchObject({ code: 'WEAK_PASSWORD', fields: [{ field: 'password' }] });
    expect((await c.get('/api/auth/session')).statusCode).toBe(200);

    expect((await admin.post(`/api/users/${id}/reset-password`, { password: 'Reset#Pass2026' })).statusCode).toBe(200);
    expect((await c.get('/api/auth/session')).statusCode).toBe(401);
    expect((await t.client().login('reset_pw', USER_PASSWORD)).statusCode).toBe(401);
    const fresh = t.client();
    const login = await fresh.login('reset_pw', 'Reset#Pass2026');
    expect(login.statusCode).toBe(200);
    expect(json(login).user.mustChangePassword).toBe(true);
    expect(json(await fresh.get('/api/orgs')).error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(json(await admin.get(`/api/users/${id}`)).mustChangePassword).toBe(true);
  });

  it('an administrator resets their own password only through their profile', async () => {
    const me = json(await admin.get('/api/auth/session')).user.id;
    const res = await admin.post(`/api/users/${me}/reset-password`, { password: 'Reset#Self2026' });
    expect(res.statusCode).toBe(403);
  });

  it('reset TOTP removes the authenticator so the user signs in with the password alone', async () => {
    const id = await t.createUser({ username: 'lost_phone', orgId: jinfeng, roles: ['district_staff'] });
    const c = await t.loginAs('lost_phone');
    const setup = json(await c.post('/api/auth/totp/setup'));
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(setup.secret as string), digits: 6, period: 30 });
    expect((await c.post('/api/auth/totp/enable', { code: totp.generate() })).statusCode).toBe(200);
    expect(json(await admin.get(`/api/users/${id}`)).totpEnabled).toBe(true);
    expect(json(await t.client().login('lost_phone', USER_PASSWORD)).error.code).toBe('TOTP_REQUIRED');

    expect((await admin.post(`/api/users/${id}/reset-totp`)).statusCode).toBe(200);
    expect(json(await admin.get(`/api/users/${id}`)).totpEnabled).toBe(false);
    expect((await c.get('/api/auth/session')).statusCode).toBe(401);
    const [row] = await t.database.db.select().from(users).where(eq(users.id, id));
    expect(row.totpSecret).toBeNull();
    expect((await t.client().login('lost_phone', USER_PASSWORD)).statusCode).toBe(200);
    // nothing left to reset
    expect((await admin.post(`/api/users/${id}/reset-totp`)).statusCode).toBe(409);
  });
});

describe('no one grants more than they hold', () => {
  let cityAdmin: Client;
  let entAdmin: Client;
  let ent: number;
  beforeAll(async () => {
    await t.createUser({ username: 'grant_city', orgId: city, roles: ['city_admin'] });
    cityAdmin = await t.loginAs('grant_city');
    ent = json(await admin.post('/api/orgs', { parentId: jinfeng, name: '授权测试企业', kind: 'enterprise' })).id;
    await t.createUser({ username: 'grant_ent', orgId: ent, roles: ['enterprise_admin'] });
    entAdmin = await t.loginAs('grant_ent');
  });

  it('a city administrator cannot create or make a platform administrator', async () => {
    const before = await userCount();
    const res = await cityAdmin.post('/api/users', { username: 'would_be_root', displayName: 'x', orgId: jinfeng, roleIds: [roleIds.platform_admin], password: STRONG });
    expect(res.statusCode).toBe(403);
    expect(json(res).error.code).toBe('FORBIDDEN');
    expect(await userCount()).toBe(before);
    const id = await t.createUser({ username: 'grant_target', orgId: jinfeng, roles: ['district_staff'] });
    const up = await cityAdmin.patch(`/api/users/${id}`, { roleIds: [roleIds.platform_admin] });
    expect(up.statusCode).toBe(403);
    expect(json(await admin.get(`/api/users/${id}`)).roles.map((r: Json) => r.code)).toEqual(['district_staff']);
    // what they hold, they may grant
    expect((await cityAdmin.patch(`/api/users/${id}`, { roleIds: [roleIds.city_staff] })).statusCode).toBe(200);
  });

  it('nor take away a role they could not grant', async () => {
    const id = await t.createUser({ username: 'grant_root2', orgId: jinfeng, roles: ['platform_admin'] });
    const res = await cityAdmin.patch(`/api/users/${id}`, { roleIds: [roleIds.district_staff] });
    expect(res.statusCode).toBe(403);
    expect(json(await admin.get(`/api/users/${id}`)).roles.map((r: Json) => r.code)).toEqual(['platform_admin']);
  });

  it('an enterprise administrator can grant neither more permissions nor a wider scope', async () => {
    const more = await entAdmin.post('/api/users', { username: 'ent_more', displayName: 'x', orgId: ent, roleIds: [roleIds.district_staff], password: STRONG });
    expect(more.statusCode).toBe(403);
    // same permissions as their own, but a wider scope
    const wide = json(
      await admin.post('/api/roles', { code: 'wide_users_reader', nameZh: '宽范围用户查看', nameEn: 'Wide user reader', dataScope: 'org_and_below', permissions: ['users:read'] }),
    );
    const wider = await entAdmin.post('/api/users', { username: 'ent_wide', displayName: 'x', orgId: ent, roleIds: [wide.id], password: STRONG });
    expect(wider.statusCode).toBe(403);
    const ok = await entAdmin.post('/api/users', { username: 'ent_member1', displayName: '企业成员', orgId: ent, roleIds: [roleIds.enterprise_member], password: STRONG });
    expect(ok.statusCode).toBe(200);
    // and only in their own organisation
    const elsewhere = await entAdmin.post('/api/users', { username: 'ent_elsewhere', displayName: 'x', orgId: jinfeng, roleIds: [roleIds.enterprise_member], password: STRONG });
    expect(elsewhere.statusCode).toBe(400);
    expect(json(elsewhere).error.fields[0].field).toBe('orgId');
    const [{ n }] = await t.database.db.select({ n: count() }).from(users).where(sql`${users.username} in ('ent_more', 'ent_wide', 'ent_elsewhere')`);
    expect(n).toBe(0);
  });

  it('nor takes over an account that holds more than they do', async () => {
    // a platform administrator whose account sits in the city bureau, inside the city administrator's scope
    const id = await t.createUser({ username: 'strong_in_city', orgId: city, roles: ['platform_admin'] });
    const reset = await cityAdmin.post(`/api/users/${id}/reset-password`, { password: 'Taken#Over2026' });
    expect(reset.statusCode).toBe(403);
    expect((await t.client().login('strong_in_city', 'Taken#Over2026')).statusCode).toBe(401);
    const disable = await cityAdmin.patch(`/api/users/${id}`, { status: 'disabled' });
    expect(disable.statusCode).toBe(403);
    const [row] = await t.database.db.select().from(users).where(eq(users.id, id));
    expect(row.status).toBe('active');
  });

  it('a city administrator does not see the platform administrator', async () => {
    const me = json(await admin.get('/api/auth/session')).user.id;
    expect((await cityAdmin.get(`/api/users/${me}`)).statusCode).toBe(404);
    expect((await cityAdmin.patch(`/api/users/${me}`, { status: 'disabled' })).statusCode).toBe(404);
    expect((await cityAdmin.post(`/api/users/${me}/reset-password`, { password: 'Taken#Over2026' })).statusCode).toBe(404);
    expect(json(await cityAdmin.get('/api/users?q=admin&pageSize=200')).items.map((u: Json) => u.username)).not.toContain('admin');
  });
});

describe('export', () => {
  it('is an xlsx with a Chinese header row and the rows of the filtered list', async () => {
    await t.createUser({ username: 'exp_one', orgId: jinfeng, roles: ['district_staff'] });
    await t.createUser({ username: 'exp_two', orgId: jinfeng, roles: ['district_staff'], status: 'disabled' });
    const res = await admin.get('/api/users/export?q=exp_');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/spreadsheetml/);
    expect(String(res.headers['content-disposition'])).toMatch(/filename\*=UTF-8''/);
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain('用户列表');
    const rows = await readXlsx(res);
    expect(rows[0]).toEqual(['用户名', '姓名', '所属机构', '角色', '手机号', '电子邮箱', '状态', '双因素', '最近登录', '创建时间']);
    expect(rows.length).toBe(3);
    const byName = Object.fromEntries(rows.slice(1).map((r) => [r[0], r]));
    expect(byName.exp_one[2]).toBe('金凤区市场监督管理局');
    expect(byName.exp_one[3]).toBe('区县业务人员');
    expect(byName.exp_one[6]).toBe('正常');
    expect(byName.exp_two[6]).toBe('停用');
    expect(byName.exp_one[9]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);

    admin.locale = 'en-US';
    const en = await readXlsx(await admin.get('/api/users/export?q=exp_&status=disabled'));
    admin.locale = 'zh-CN';
    expect(en[0][0]).toBe('User name');
    expect(en.slice(1).map((r) => r[0])).toEqual(['exp_two']);
    expect(en[1][3]).toBe('District bureau officer');
  });
});

describe('assignable roles', () => {
  it('offers only roles the caller may grant; an enterprise administrator gets the enterprise roles', async () => {
    const all = json(await admin.get('/api/users/assignable-roles')).map((r: Json) => r.code);
    expect(all).toEqual(expect.arrayContaining(['platform_admin', 'district_staff', 'enterprise_member']));
    await t.createUser({ username: 'assign_district', orgId: jinfeng, roles: ['district_staff'] });
    const district = json(await (await t.loginAs('assign_district')).get('/api/users/assignable-roles')).map((r: Json) => r.code);
    expect(district).not.toContain('city_admin');
    expect(district).not.toContain('platform_admin');
    expect(district).toContain('district_staff');
    const entOrg = json(await admin.post('/api/orgs', { parentId: jinfeng, name: '宁夏可授予角色测试有限公司', kind: 'enterprise' })).id;
    await t.createUser({ username: 'assign_ent', orgId: entOrg, roles: ['enterprise_admin'] });
    const ent = json(await (await t.loginAs('assign_ent')).get('/api/users/assignable-roles')).map((r: Json) => r.code);
    expect(ent.sort()).toEqual(['enterprise_admin', 'enterprise_member', 'enterprise_protection']);
  });
});
