import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { ALL_PERMISSIONS, BUILTIN_ROLES } from '@shangmi/shared';
import { roles } from '../../db/schema/index.js';
import { createTestApp, json, type Client, type Json, type TestApp } from '../../../test/harness.js';

let t: TestApp;
let admin: Client;
let cityAdmin: Client;
let jinfeng: number;
let byCode: Record<string, Json>;

const roleCount = async () => (await t.database.db.select({ n: count() }).from(roles))[0].n;
const roleRow = async (id: number) => (await t.database.db.select().from(roles).where(eq(roles.id, id)))[0];

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  jinfeng = await t.orgId('金凤区市场监督管理局');
  await t.createUser({ username: 'roles_city_admin', orgId: await t.orgId('银川市市场监督管理局'), roles: ['city_admin'] });
  cityAdmin = await t.loginAs('roles_city_admin');
  byCode = Object.fromEntries(json(await admin.get('/api/roles')).items.map((r: Json) => [r.code, r]));
});
afterAll(async () => t?.close());

describe('built-in roles', () => {
  it('lists every built-in role with its permissions, scope and user count', async () => {
    for (const b of BUILTIN_ROLES) {
      expect(byCode[b.code], b.code).toMatchObject({ builtin: true, dataScope: b.dataScope, nameZh: b.nameZh, nameEn: b.nameEn });
      expect([...byCode[b.code].permissions].sort(), b.code).toEqual([...b.permissions].sort());
    }
    expect(byCode.platform_admin.userCount).toBe(1);
    expect(byCode.city_admin.userCount).toBe(1);
    expect(byCode.enterprise_member.userCount).toBe(0);
    expect(json(await admin.get(`/api/roles/${byCode.city_staff.id}`))).toMatchObject({ code: 'city_staff', builtin: true });
    expect((await admin.get('/api/roles/987654')).statusCode).toBe(404);
  });

  it('the permission catalog names every permission in both languages', async () => {
    const cat = json(await cityAdmin.get('/api/permissions'));
    expect(cat.map((p: Json) => p.code).sort()).toEqual([...ALL_PERMISSIONS].sort());
    expect(cat.every((p: Json) => p.zh && p.en)).toBe(true);
  });

  it('cannot be deleted, and keep their code', async () => {
    const before = await roleCount();
    const res = await admin.delete(`/api/roles/${byCode.enterprise_member.id}`);
    expect(res.statusCode).toBe(409);
    expect(json(res).error.code).toBe('CONFLICT');
    expect(json(res).error.message).toContain('内置角色');
    const rename = await admin.patch(`/api/roles/${byCode.city_staff.id}`, { code: 'renamed' });
    expect(rename.statusCode).toBe(400);
    expect(json(rename).error.fields[0].field).toBe('code');
    expect(await roleCount()).toBe(before);
    expect((await roleRow(byCode.city_staff.id)).code).toBe('city_staff');
  });

  it('the platform administrator role must keep roles:update', async () => {
    const without = ALL_PERMISSIONS.filter((p) => p !== 'roles:update');
    const res = await admin.patch(`/api/roles/${byCode.platform_admin.id}`, { permissions: without });
    expect(res.statusCode).toBe(400);
    expect(json(res).error.fields[0].field).toBe('permissions');
    expect((await roleRow(byCode.platform_admin.id)).permissions).toContain('roles:update');
    // still an administrator
    expect((await admin.get('/api/roles')).statusCode).toBe(200);
  });
});

describe('custom roles', () => {
  it('create, read, update and delete', async () => {
    const res = await admin.post('/api/roles', {
      code: 'auditor',
      nameZh: '审计员',
      nameEn: 'Auditor',
      dataScope: 'org_and_below',
      permissions: ['oplog:read', 'loginlog:read', 'oplog:read'],
    });
    expect(res.statusCode).toBe(200);
    const r = json(res);
    expect(r).toMatchObject({ code: 'auditor', builtin: false, dataScope: 'org_and_below', totpRequired: false, userCount: 0 });
    // duplicates collapse
    expect([...r.permissions].sort()).toEqual(['loginlog:read', 'oplog:read']);
    expect(json(await admin.get(`/api/roles/${r.id}`))).toMatchObject({ code: 'auditor' });

    const up = await admin.patch(`/api/roles/${r.id}`, { nameZh: '安全审计员', permissions: ['oplog:read'], dataScope: 'org' });
    expect(up.statusCode).toBe(200);
    expect(json(up)).toMatchObject({ nameZh: '安全审计员', nameEn: 'Auditor', permissions: ['oplog:read'], dataScope: 'org' });

    expect(json(await admin.delete(`/api/roles/${r.id}`))).toEqual({ ok: true });
    expect((await admin.get(`/api/roles/${r.id}`)).statusCode).toBe(404);
    expect(await roleRow(r.id)).toBeUndefined();
  });

  it('the code is unique and well-formed', async () => {
    const body = { code: 'dup_role', nameZh: '重复', nameEn: 'Dup', dataScope: 'org', permissions: [] };
    expect((await admin.post('/api/roles', body)).statusCode).toBe(200);
    const before = await roleCount();
    const dup = await admin.post('/api/roles', { ...body, nameZh: '重复2' });
    expect(dup.statusCode).toBe(409);
    expect(json(dup).error).toMatchObject({ code: 'CONFLICT', fields: [{ field: 'code' }] });
    const builtinCode = await admin.post('/api/roles', { ...body, code: 'platform_admin' });
    expect(builtinCode.statusCode).toBe(409);
    const badCode = await admin.post('/api/roles', { ...body, code: 'Bad Code!' });
    expect(badCode.statusCode).toBe(400);
    expect(json(badCode).error.fields[0].field).toBe('code');
    const badPerm = await admin.post('/api/roles', { ...body, code: 'bad_perm', permissions: ['everything:all'] });
    expect(badPerm.statusCode).toBe(400);
    expect(json(badPerm).error.fields[0].field).toMatch(/^permissions/);
    expect(await roleCount()).toBe(before);
  });

  it('concurrent creates of one code: one wins, the others 409 (never a 500)', async () => {
    const body = { code: 'race_role', nameZh: '并发', nameEn: 'Race', dataScope: 'org', permissions: [] };
    const results = await Promise.all(Array.from({ length: 8 }, () => admin.post('/api/roles', body)));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, ...Array(7).fill(409)]);
    expect((await t.database.db.select().from(roles).where(eq(roles.code, 'race_role'))).length).toBe(1);
  });

  it('a role held by users cannot be deleted', async () => {
    const r = json(await admin.post('/api/roles', { code: 'held_role', nameZh: '有人用', nameEn: 'Held', dataScope: 'org', permissions: ['orgs:read'] }));
    const uid = await t.createUser({ username: 'holder', orgId: jinfeng, roles: ['held_role'] });
    expect(json(await admin.get(`/api/roles/${r.id}`)).userCount).toBe(1);
    const res = await admin.delete(`/api/roles/${r.id}`);
    expect(res.statusCode).toBe(409);
    expect(json(res).error.details).toEqual({ users: 1 });
    expect(await roleRow(r.id)).toBeDefined();
    // once nobody holds it, it goes
    await admin.patch(`/api/users/${uid}`, { roleIds: [byCode.district_staff.id] });
    expect((await admin.delete(`/api/roles/${r.id}`)).statusCode).toBe(200);
  });

  it('a change of permissions applies to its holders at their next request', async () => {
    const r = json(await admin.post('/api/roles', { code: 'live_role', nameZh: '即时', nameEn: 'Live', dataScope: 'org_and_below', permissions: ['orgs:read'] }));
    await t.createUser({ username: 'live_holder', orgId: jinfeng, roles: ['live_role'] });
    const c = await t.loginAs('live_holder');
    expect((await c.get('/api/orgs')).statusCode).toBe(200);
    expect((await c.get('/api/users')).statusCode).toBe(403);
    await admin.patch(`/api/roles/${r.id}`, { permissions: ['users:read'] });
    expect((await c.get('/api/users')).statusCode).toBe(200);
    expect((await c.get('/api/orgs')).statusCode).toBe(403);
  });

  it('editing a role\'s name keeps what was not sent (mandatory two factors, permissions, scope)', async () => {
    const r = json(
      await admin.post('/api/roles', { code: 'strict_role', nameZh: '强制双因素', nameEn: 'Strict', dataScope: 'org', permissions: ['orgs:read'], totpRequired: true }),
    );
    expect(r.totpRequired).toBe(true);
    const res = await admin.patch(`/api/roles/${r.id}`, { nameZh: '强制双因素（改名）' });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({ nameZh: '强制双因素（改名）', permissions: ['orgs:read'], dataScope: 'org' });
    // renaming must not silently drop mandatory two-factor login
    expect(json(res).totpRequired).toBe(true);
    expect((await roleRow(r.id)).totpRequired).toBe(true);
  });
});

describe('no one makes a role stronger than themself', () => {
  it('a city administrator cannot create a role with a permission they lack or a wider scope', async () => {
    const before = await roleCount();
    const perm = await cityAdmin.post('/api/roles', { code: 'city_regions', nameZh: '地区', nameEn: 'Regions', dataScope: 'org', permissions: ['regions:update'] });
    expect(perm.statusCode).toBe(400);
    expect(json(perm).error.fields[0]).toMatchObject({ field: 'permissions' });
    expect(json(perm).error.fields[0].message).toContain('regions:update');
    const scope = await cityAdmin.post('/api/roles', { code: 'city_all', nameZh: '全部', nameEn: 'All', dataScope: 'all', permissions: ['orgs:read'] });
    expect(scope.statusCode).toBe(400);
    expect(json(scope).error.fields[0].field).toBe('dataScope');
    expect(await roleCount()).toBe(before);
    const ok = await cityAdmin.post('/api/roles', { code: 'city_helper', nameZh: '助手', nameEn: 'Helper', dataScope: 'org_and_below', permissions: ['orgs:read', 'users:read'] });
    expect(ok.statusCode).toBe(200);
  });

  it('nor raise an existing role above themself, including their own', async () => {
    const own = byCode.city_admin;
    const widen = await cityAdmin.patch(`/api/roles/${own.id}`, { dataScope: 'all' });
    expect(widen.statusCode).toBe(400);
    const add = await cityAdmin.patch(`/api/roles/${own.id}`, { permissions: [...own.permissions, 'regions:update'] });
    expect(add.statusCode).toBe(400);
    const row = await roleRow(own.id);
    expect(row.dataScope).toBe('org_and_below');
    expect(row.permissions).not.toContain('regions:update');
    // a role holding more than they do is not theirs to edit
    const pa = await cityAdmin.patch(`/api/roles/${byCode.platform_admin.id}`, { nameZh: '被改名' });
    expect(pa.statusCode).toBe(400);
    expect((await roleRow(byCode.platform_admin.id)).nameZh).toBe('平台管理员');
  });

  it('a district officer may only read roles', async () => {
    await t.createUser({ username: 'roles_reader', orgId: jinfeng, roles: ['district_staff'] });
    const c = await t.loginAs('roles_reader');
    expect((await c.get('/api/roles')).statusCode).toBe(200);
    const res = await c.post('/api/roles', { code: 'sneaky', nameZh: '偷偷', nameEn: 'Sneaky', dataScope: 'all', permissions: [] });
    expect(res.statusCode).toBe(403);
    expect((await c.patch(`/api/roles/${byCode.district_staff.id}`, { permissions: ALL_PERMISSIONS })).statusCode).toBe(403);
  });
});
