import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { orgs, users } from '../../db/schema/index.js';
import { createTestApp, json, type Client, type Json, type TestApp, readXlsx } from '../../../test/harness.js';

let t: TestApp;
let admin: Client;
let root: number;
let city: number;
let jinfeng: number;
let xixia: number;
let police: number;

const orgRow = async (id: number) => (await t.database.db.select().from(orgs).where(eq(orgs.id, id)))[0];
const orgCount = async () => (await t.database.db.select({ n: count() }).from(orgs))[0].n;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  root = await t.orgId('商秘通平台');
  city = await t.orgId('银川市市场监督管理局');
  jinfeng = await t.orgId('金凤区市场监督管理局');
  xixia = await t.orgId('西夏区市场监督管理局');
  police = await t.orgId('银川市公安局');
});
afterAll(async () => t?.close());

describe('browse the tree', () => {
  it('lists lazily: the roots first, then the children of one organisation, each saying whether it has children', async () => {
    const roots = json(await admin.get('/api/orgs'));
    expect(roots.items.map((o: Json) => o.name)).toEqual(['商秘通平台']);
    expect(roots.items[0]).toMatchObject({ id: root, parentId: null, kind: 'platform', hasChildren: true, path: `/${root}/` });

    const level1 = json(await admin.get(`/api/orgs?parentId=${root}`));
    expect(level1.items.map((o: Json) => o.name)).toEqual(['银川市市场监督管理局']);
    expect(level1.items[0]).toMatchObject({ kind: 'city_bureau', regionCode: '640100', hasChildren: true });

    const level2 = json(await admin.get(`/api/orgs?parentId=${city}`));
    expect(level2.total).toBe(10);
    const names = level2.items.map((o: Json) => o.name);
    // districts in their configured order, partners after them
    expect(names).toEqual([
      '兴庆区市场监督管理局',
      '西夏区市场监督管理局',
      '金凤区市场监督管理局',
      '永宁县市场监督管理局',
      '贺兰县市场监督管理局',
      '灵武市市场监督管理局',
      '银川市公安局',
      '银川市人民检察院',
      '银川市中级人民法院',
      '银川市司法局',
    ]);
    const jf = level2.items.find((o: Json) => o.id === jinfeng);
    expect(jf).toMatchObject({ kind: 'district_bureau', districtCode: '640106', hasChildren: false, path: `/${root}/${city}/${jinfeng}/` });
    expect(level2.items.find((o: Json) => o.id === police)).toMatchObject({ kind: 'police', districtCode: null });

    const kid = json(await admin.post('/api/orgs', { parentId: jinfeng, name: '金凤区浏览测试站', kind: 'site' }));
    const again = json(await admin.get(`/api/orgs?parentId=${city}`)).items.find((o: Json) => o.id === jinfeng);
    expect(again.hasChildren).toBe(true);
    expect(json(await admin.get(`/api/orgs?parentId=${jinfeng}`)).items.map((o: Json) => o.id)).toEqual([kid.id]);
    expect(json(await admin.get(`/api/orgs/${kid.id}`))).toMatchObject({ hasChildren: false, parentId: jinfeng });
  });

  it('searches by name anywhere in the visible tree, and filters by kind and status', async () => {
    const found = json(await admin.get(`/api/orgs?q=${encodeURIComponent('金凤')}`));
    expect(found.items.length).toBeGreaterThan(0);
    expect(found.items.every((o: Json) => o.name.includes('金凤'))).toBe(true);
    expect(found.items.map((o: Json) => o.id)).toContain(jinfeng);

    const districts = json(await admin.get('/api/orgs?kind=district_bureau'));
    expect(districts.total).toBe(6);
    const police2 = json(await admin.get(`/api/orgs?q=${encodeURIComponent('公安')}&kind=police`));
    expect(police2.items.map((o: Json) => o.id)).toEqual([police]);
    expect(json(await admin.get(`/api/orgs?q=${encodeURIComponent('不存在的机构名')}`)).total).toBe(0);
  });

  it('shows a district officer only their own subtree', async () => {
    await t.createUser({ username: 'jf_reader', orgId: jinfeng, roles: ['district_staff'] });
    const c = await t.loginAs('jf_reader');
    const roots = json(await c.get('/api/orgs'));
    expect(roots.items.map((o: Json) => o.id)).toEqual([jinfeng]);
    // children of an organisation above them: only what lies in their scope
    expect(json(await c.get(`/api/orgs?parentId=${city}`)).items.map((o: Json) => o.id)).toEqual([jinfeng]);
    expect(json(await c.get(`/api/orgs?parentId=${root}`)).items).toEqual([]);
    expect((await c.get(`/api/orgs/${xixia}`)).statusCode).toBe(404);
    expect((await c.get(`/api/orgs/${city}`)).statusCode).toBe(404);
    const searched = json(await c.get(`/api/orgs?q=${encodeURIComponent('市场监督管理局')}`));
    expect(searched.items.map((o: Json) => o.id)).toEqual([jinfeng]);
    const exported = await readXlsx(await c.get('/api/orgs/export'));
    expect(exported[0]).toEqual(['编号', '名称', '类型', '上级编号', '区划代码', '统一社会信用代码', '联系人', '联系电话', '地址', '状态', '创建时间']);
    const jfPath = (await orgRow(jinfeng)).path;
    const visible = await t.database.query<{ id: number }>('select id from orgs where path like $1', [`${jfPath}%`]);
    expect(exported.slice(1).map((r) => Number(r[0])).sort()).toEqual(visible.map((v) => v.id).sort());
  });

  it('exports the whole visible tree for an administrator', async () => {
    const rows = await readXlsx(await admin.get('/api/orgs/export'));
    expect(rows.length - 1).toBe(await orgCount());
    admin.locale = 'en-US';
    const en = await readXlsx(await admin.get('/api/orgs/export?kind=police'));
    admin.locale = 'zh-CN';
    expect(en[0].slice(0, 3)).toEqual(['ID', 'Name', 'Kind']);
    expect(en.slice(1).map((r) => r[1])).toEqual(['银川市公安局']);
  });
});

describe('create', () => {
  it('creates under a parent in scope, inheriting region and district', async () => {
    await t.createUser({ username: 'org_city_admin', orgId: city, roles: ['city_admin'] });
    const c = await t.loginAs('org_city_admin');
    const res = await c.post('/api/orgs', {
      parentId: jinfeng,
      name: '金凤区保护工作站',
      shortName: '金凤站',
      kind: 'site',
      contactName: '王五',
      contactPhone: '0951-1234567',
      address: '金凤区某路 1 号',
      sort: 3,
    });
    expect(res.statusCode).toBe(200);
    const o = json(res);
    expect(o).toMatchObject({
      parentId: jinfeng,
      name: '金凤区保护工作站',
      shortName: '金凤站',
      kind: 'site',
      regionCode: '640100',
      districtCode: '640106',
      sort: 3,
      status: 'active',
      hasChildren: false,
    });
    expect(o.path).toBe(`${(await orgRow(jinfeng)).path}${o.id}/`);

    const bad = await c.post('/api/orgs', { parentId: jinfeng, name: '错区站', kind: 'site', districtCode: '110101' });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).error.fields[0].field).toBe('districtCode');
    const badKind = await c.post('/api/orgs', { parentId: jinfeng, name: '错类型', kind: 'spaceship' });
    expect(badKind.statusCode).toBe(400);
    expect(json(badKind).error.fields[0].field).toBe('kind');
    const badParent = await c.post('/api/orgs', { parentId: root, name: '平台下级', kind: 'other' });
    expect(badParent.statusCode).toBe(400);
    expect(json(badParent).error.fields[0].field).toBe('parentId');
  });

  it('a district officer cannot create organisations outside their subtree, even with orgs:create', async () => {
    await t.createUser({ username: 'jf_plain', orgId: jinfeng, roles: ['district_staff'] });
    const plain = await t.loginAs('jf_plain');
    const before = await orgCount();
    const denied = await plain.post('/api/orgs', { parentId: jinfeng, name: '越权站', kind: 'site' });
    expect(denied.statusCode).toBe(403);
    expect(json(denied).error.code).toBe('FORBIDDEN');

    const role = json(
      await admin.post('/api/roles', {
        code: 'district_org_admin',
        nameZh: '区县机构管理',
        nameEn: 'District org admin',
        dataScope: 'org_and_below',
        permissions: ['orgs:read', 'orgs:create', 'orgs:update', 'orgs:delete'],
      }),
    );
    expect(role.id).toBeGreaterThan(0);
    await t.createUser({ username: 'jf_orgadmin', orgId: jinfeng, roles: ['district_staff', 'district_org_admin'] });
    const c = await t.loginAs('jf_orgadmin');
    for (const parentId of [xixia, city, root, police]) {
      const res = await c.post('/api/orgs', { parentId, name: `越权机构${parentId}`, kind: 'site' });
      expect(res.statusCode, `parent ${parentId}`).toBe(400);
      expect(json(res).error.fields[0].field).toBe('parentId');
    }
    expect(await orgCount()).toBe(before);
    // below their own organisation they may
    const own = await c.post('/api/orgs', { parentId: jinfeng, name: '金凤区自建站', kind: 'site' });
    expect(own.statusCode).toBe(200);
    // but they may not edit or delete their own organisation or a sibling district
    expect((await c.patch(`/api/orgs/${jinfeng}`, { shortName: '金凤' })).statusCode).toBe(403);
    expect((await c.patch(`/api/orgs/${xixia}`, { shortName: '西夏' })).statusCode).toBe(404);
    expect((await c.delete(`/api/orgs/${xixia}`)).statusCode).toBe(404);
    // nor move their own site out of their subtree
    const moved = await c.patch(`/api/orgs/${json(own).id}`, { parentId: xixia });
    expect(moved.statusCode).toBe(400);
    expect((await orgRow(json(own).id)).parentId).toBe(jinfeng);
  });
});

describe('update and move', () => {
  it('edits fields without resetting the ones not sent', async () => {
    const o = json(await admin.post('/api/orgs', { parentId: jinfeng, name: '排序测试站', kind: 'site', sort: 7, contactName: '甲' }));
    const res = await admin.patch(`/api/orgs/${o.id}`, { contactPhone: '0951-7654321' });
    expect(res.statusCode).toBe(200);
    // a partial update must leave `sort` (and everything else not sent) as it was
    expect(json(res)).toMatchObject({ contactPhone: '0951-7654321', contactName: '甲', sort: 7, name: '排序测试站' });
  });

  it('disables and re-enables', async () => {
    const o = json(await admin.post('/api/orgs', { parentId: jinfeng, name: '停用测试站', kind: 'site' }));
    expect(json(await admin.patch(`/api/orgs/${o.id}`, { status: 'disabled' })).status).toBe('disabled');
    expect(json(await admin.get('/api/orgs?status=disabled')).items.map((x: Json) => x.id)).toContain(o.id);
    expect(json(await admin.patch(`/api/orgs/${o.id}`, { status: 'active' })).status).toBe('active');
  });

  it('moves a subtree: every path below it and its users\' organisation paths follow', async () => {
    const a = json(await admin.post('/api/orgs', { parentId: jinfeng, name: '迁移甲', kind: 'site' }));
    const b = json(await admin.post('/api/orgs', { parentId: a.id, name: '迁移乙', kind: 'enterprise' }));
    const c = json(await admin.post('/api/orgs', { parentId: b.id, name: '迁移丙', kind: 'enterprise' }));
    const ua = await t.createUser({ username: 'mv_a', orgId: a.id, roles: ['site_staff'] });
    const uc = await t.createUser({ username: 'mv_c', orgId: c.id, roles: ['enterprise_admin'] });
    const other = await t.createUser({ username: 'mv_bystander', orgId: jinfeng, roles: ['district_staff'] });
    await t.createUser({ username: 'mv_jf', orgId: jinfeng, roles: ['district_staff'] });
    await t.createUser({ username: 'mv_xx', orgId: xixia, roles: ['district_staff'] });
    const jfStaff = await t.loginAs('mv_jf');
    const xxStaff = await t.loginAs('mv_xx');
    expect(json(await jfStaff.get('/api/users?q=mv_c')).total).toBe(1);
    expect(json(await xxStaff.get('/api/users?q=mv_c')).total).toBe(0);

    const res = await admin.patch(`/api/orgs/${a.id}`, { parentId: xixia });
    expect(res.statusCode).toBe(200);
    const xPath = (await orgRow(xixia)).path;
    expect(json(res)).toMatchObject({ parentId: xixia, path: `${xPath}${a.id}/` });
    expect((await orgRow(b.id)).path).toBe(`${xPath}${a.id}/${b.id}/`);
    expect((await orgRow(c.id)).path).toBe(`${xPath}${a.id}/${b.id}/${c.id}/`);
    const byId = async (id: number) => (await t.database.db.select().from(users).where(eq(users.id, id)))[0];
    expect((await byId(ua)).orgPath).toBe(`${xPath}${a.id}/`);
    expect((await byId(uc)).orgPath).toBe(`${xPath}${a.id}/${b.id}/${c.id}/`);
    expect((await byId(other)).orgPath).toBe((await orgRow(jinfeng)).path);

    // scope follows at once
    expect(json(await jfStaff.get('/api/users?q=mv_c')).total).toBe(0);
    expect(json(await xxStaff.get('/api/users?q=mv_c')).total).toBe(1);
    expect((await xxStaff.get(`/api/orgs/${c.id}`)).statusCode).toBe(200);
    expect((await jfStaff.get(`/api/orgs/${c.id}`)).statusCode).toBe(404);
    expect(json(await admin.get(`/api/orgs?parentId=${jinfeng}`)).items.map((o: Json) => o.id)).not.toContain(a.id);
  });

  it('refuses to move an organisation under itself or its descendants, and never moves the root', async () => {
    const a = json(await admin.post('/api/orgs', { parentId: jinfeng, name: '环路甲', kind: 'site' }));
    const b = json(await admin.post('/api/orgs', { parentId: a.id, name: '环路乙', kind: 'site' }));
    const c = json(await admin.post('/api/orgs', { parentId: b.id, name: '环路丙', kind: 'site' }));
    for (const target of [a.id, b.id, c.id]) {
      const res = await admin.patch(`/api/orgs/${a.id}`, { parentId: target });
      expect(res.statusCode, `under ${target}`).toBe(400);
      expect(json(res).error.fields[0].field).toBe('parentId');
    }
    expect((await orgRow(a.id)).path).toBe(`${(await orgRow(jinfeng)).path}${a.id}/`);
    expect((await orgRow(a.id)).parentId).toBe(jinfeng);
    const moveRoot = await admin.patch(`/api/orgs/${root}`, { parentId: city });
    expect(moveRoot.statusCode).toBe(400);
    expect((await orgRow(root)).parentId).toBeNull();
    const missing = await admin.patch(`/api/orgs/${a.id}`, { parentId: 987654 });
    expect(missing.statusCode).toBe(400);
  });
});

describe('delete', () => {
  it('refuses while there are children or users, then deletes a leaf', async () => {
    const a = json(await admin.post('/api/orgs', { parentId: jinfeng, name: '删除甲', kind: 'site' }));
    const b = json(await admin.post('/api/orgs', { parentId: a.id, name: '删除乙', kind: 'site' }));
    const withChild = await admin.delete(`/api/orgs/${a.id}`);
    expect(withChild.statusCode).toBe(409);
    expect(json(withChild).error).toMatchObject({ code: 'CONFLICT', details: { children: 1, members: 0 } });

    const u = await t.createUser({ username: 'del_member', orgId: b.id, roles: ['site_staff'] });
    const withUser = await admin.delete(`/api/orgs/${b.id}`);
    expect(withUser.statusCode).toBe(409);
    expect(json(withUser).error.details).toEqual({ children: 0, members: 1 });
    expect(await orgRow(b.id)).toBeDefined();

    await admin.patch(`/api/users/${u}`, { orgId: jinfeng });
    expect(json(await admin.delete(`/api/orgs/${b.id}`))).toEqual({ ok: true });
    expect((await admin.get(`/api/orgs/${b.id}`)).statusCode).toBe(404);
    expect(json(await admin.get(`/api/orgs/${a.id}`)).hasChildren).toBe(false);
    expect((await admin.delete(`/api/orgs/${a.id}`)).statusCode).toBe(200);
    expect((await admin.delete(`/api/orgs/${a.id}`)).statusCode).toBe(404);
  });

  it('never deletes the root or a seeded bureau with members', async () => {
    expect((await admin.delete(`/api/orgs/${root}`)).statusCode).toBe(409);
    expect((await admin.delete(`/api/orgs/${city}`)).statusCode).toBe(409);
    expect(await orgRow(root)).toBeDefined();
  });
});
