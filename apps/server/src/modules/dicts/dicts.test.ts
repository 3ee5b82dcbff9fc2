import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { ORG_KINDS } from '@shangmi/shared';
import { dictItems, dictTypes } from '../../db/schema/index.js';
import { createTestApp, json, type Client, type Json, type TestApp } from '../../../test/harness.js';

let t: TestApp;
let admin: Client;

const dicts = async (c: Client = t.client()) => json(await c.get('/api/dicts'));
const typeOf = (body: Json, code: string) => body.types.find((x: Json) => x.code === code);
const itemCount = async () => (await t.database.db.select({ n: count() }).from(dictItems))[0].n;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
});
afterAll(async () => t?.close());

describe('reading', () => {
  it('is public and holds the seeded dictionaries', async () => {
    const res = await t.client().get('/api/dicts');
    expect(res.statusCode).toBe(200);
    const body = json(res);
    expect(body.version).toMatch(/^[0-9a-f]{16}$/);
    const codes = body.types.map((x: Json) => x.code);
    expect(codes).toEqual(expect.arrayContaining(['org_kind', 'enterprise_kind', 'enterprise_size', 'industry']));
    const kinds = typeOf(body, 'org_kind');
    expect(kinds).toMatchObject({ system: true, nameZh: '机构类型' });
    expect(kinds.items.map((i: Json) => i.value)).toEqual([...ORG_KINDS]);
    expect(kinds.items.find((i: Json) => i.value === 'police')).toMatchObject({ labelZh: '公安机关', labelEn: 'Police', enabled: true, parentValue: null });
    // the industry classification is a tree: every parent value exists in the same dictionary
    const industry = typeOf(body, 'industry').items;
    expect(industry.length).toBeGreaterThan(20);
    const values = new Set(industry.map((i: Json) => i.value));
    const children = industry.filter((i: Json) => i.parentValue);
    expect(children.length).toBeGreaterThan(0);
    for (const c of children) expect(values.has(c.parentValue), c.value).toBe(true);
    // the same for every reader
    expect((await dicts(admin)).version).toBe(body.version);
  });
});

describe('editing', () => {
  it('creates a dictionary and items; the version changes with every edit', async () => {
    const v0 = (await dicts()).version;
    const res = await admin.post('/api/dicts', { code: 'secret_level', nameZh: '密级', nameEn: 'Secrecy levels' });
    expect(json(res)).toEqual({ ok: true });
    const v1 = (await dicts()).version;
    expect(v1).not.toBe(v0);
    expect(typeOf(await dicts(), 'secret_level')).toMatchObject({ system: false, nameZh: '密级', items: [] });

    const core = json(await admin.post('/api/dicts/secret_level/items', { value: 'core', labelZh: '核心', labelEn: 'Core', sort: 1 }));
    expect(core).toMatchObject({ typeCode: 'secret_level', value: 'core', labelZh: '核心', enabled: true, parentValue: null, sort: 1 });
    const v2 = (await dicts()).version;
    expect(v2).not.toBe(v1);
    const sub = await admin.post('/api/dicts/secret_level/items', { value: 'core.a', labelZh: '核心甲', labelEn: 'Core A', parentValue: 'core', sort: 2 });
    expect(json(sub)).toMatchObject({ parentValue: 'core' });

    const up = await admin.patch(`/api/dicts/secret_level/items/${core.id}`, { labelZh: '核心秘密' });
    expect(up.statusCode).toBe(200);
    expect(json(up)).toMatchObject({ labelZh: '核心秘密', labelEn: 'Core' });
    const v3 = (await dicts()).version;
    expect(v3).not.toBe(v2);
    // reading again without changes keeps the version
    expect((await dicts()).version).toBe(v3);
    expect(typeOf(await dicts(), 'secret_level').items.map((i: Json) => i.value)).toEqual(['core', 'core.a']);
  });

  it('refuses a duplicate dictionary code or item value', async () => {
    const dupType = await admin.post('/api/dicts', { code: 'org_kind', nameZh: '重复', nameEn: 'Dup' });
    expect(dupType.statusCode).toBe(409);
    expect(json(dupType).error.fields[0].field).toBe('code');
    const before = await itemCount();
    const dup = await admin.post('/api/dicts/org_kind/items', { value: 'police', labelZh: '又一个公安', labelEn: 'Police again' });
    expect(dup.statusCode).toBe(409);
    expect(json(dup).error).toMatchObject({ code: 'CONFLICT', fields: [{ field: 'value' }] });
    expect(await itemCount()).toBe(before);
    const badValue = await admin.post('/api/dicts/org_kind/items', { value: 'has space', labelZh: 'x', labelEn: 'x' });
    expect(badValue.statusCode).toBe(400);
    expect(json(badValue).error.fields[0].field).toBe('value');
    const unknownType = await admin.post('/api/dicts/no_such_dict/items', { value: 'x', labelZh: 'x', labelEn: 'x' });
    expect(unknownType.statusCode).toBe(404);
  });

  it('concurrent creates of one value: one wins, the others 409 (never a 500)', async () => {
    await admin.post('/api/dicts', { code: 'race_dict', nameZh: '并发', nameEn: 'Race' });
    const results = await Promise.all(Array.from({ length: 8 }, () => admin.post('/api/dicts/race_dict/items', { value: 'same', labelZh: '同', labelEn: 'Same' })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, ...Array(7).fill(409)]);
    expect(typeOf(await dicts(), 'race_dict').items).toHaveLength(1);
  });

  it('checks the parent value exists in the same dictionary and is not the item itself', async () => {
    await admin.post('/api/dicts', { code: 'tree_check', nameZh: '树', nameEn: 'Tree' });
    const before = await itemCount();
    const orphan = await admin.post('/api/dicts/tree_check/items', { value: 'leaf', labelZh: '叶', labelEn: 'Leaf', parentValue: 'nowhere' });
    expect(orphan.statusCode).toBe(400);
    expect(json(orphan).error.fields[0].field).toBe('parentValue');
    // a value of another dictionary is not a parent here
    const foreign = await admin.post('/api/dicts/tree_check/items', { value: 'leaf', labelZh: '叶', labelEn: 'Leaf', parentValue: 'police' });
    expect(foreign.statusCode).toBe(400);
    expect(await itemCount()).toBe(before);
    const root = json(await admin.post('/api/dicts/tree_check/items', { value: 'root', labelZh: '根', labelEn: 'Root' }));
    const self = await admin.patch(`/api/dicts/tree_check/items/${root.id}`, { parentValue: 'root' });
    expect(self.statusCode).toBe(400);
    expect(json(self).error.fields[0].field).toBe('parentValue');
    const leaf = json(await admin.post('/api/dicts/tree_check/items', { value: 'leaf', labelZh: '叶', labelEn: 'Leaf', parentValue: 'root' }));
    // an item with children stays
    const delRoot = await admin.delete(`/api/dicts/tree_check/items/${root.id}`);
    expect(delRoot.statusCode).toBe(409);
    expect((await admin.delete(`/api/dicts/tree_check/items/${leaf.id}`)).statusCode).toBe(200);
    expect((await admin.delete(`/api/dicts/tree_check/items/${root.id}`)).statusCode).toBe(200);
    expect(typeOf(await dicts(), 'tree_check').items).toEqual([]);
  });

  it('an item is addressed within its dictionary', async () => {
    const police = typeOf(await dicts(), 'org_kind').items.find((i: Json) => i.value === 'police');
    expect((await admin.patch(`/api/dicts/enterprise_size/items/${police.id}`, { labelZh: '错位' })).statusCode).toBe(404);
    expect((await admin.delete(`/api/dicts/enterprise_size/items/${police.id}`)).statusCode).toBe(404);
  });
});

describe('system items', () => {
  it('cannot be deleted but can be disabled and enabled again', async () => {
    const micro = typeOf(await dicts(), 'enterprise_size').items.find((i: Json) => i.value === 'micro');
    const del = await admin.delete(`/api/dicts/enterprise_size/items/${micro.id}`);
    expect(del.statusCode).toBe(409);
    expect(json(del).error.code).toBe('CONFLICT');
    const [row] = await t.database.db.select().from(dictItems).where(eq(dictItems.id, micro.id));
    expect(row).toBeDefined();

    const off = await admin.patch(`/api/dicts/enterprise_size/items/${micro.id}`, { enabled: false });
    expect(off.statusCode).toBe(200);
    expect(json(off).enabled).toBe(false);
    expect(typeOf(await dicts(), 'enterprise_size').items.find((i: Json) => i.value === 'micro').enabled).toBe(false);
    const on = await admin.patch(`/api/dicts/enterprise_size/items/${micro.id}`, { enabled: true });
    expect(json(on).enabled).toBe(true);
  });

  it('relabelling a disabled item keeps it disabled and in its place', async () => {
    const small = typeOf(await dicts(), 'enterprise_size').items.find((i: Json) => i.value === 'small');
    expect(small.sort).toBeGreaterThan(0);
    await admin.patch(`/api/dicts/enterprise_size/items/${small.id}`, { enabled: false });
    const res = await admin.patch(`/api/dicts/enterprise_size/items/${small.id}`, { labelEn: 'Small enterprise' });
    expect(res.statusCode).toBe(200);
    // a partial update must not re-enable the item nor reset its order
    expect(json(res)).toMatchObject({ labelEn: 'Small enterprise', enabled: false, sort: small.sort });
    const [row] = await t.database.db
      .select()
      .from(dictItems)
      .where(and(eq(dictItems.typeCode, 'enterprise_size'), eq(dictItems.value, 'small')));
    expect(row.enabled).toBe(false);
  });
});

describe('access', () => {
  it('only holders of dicts:update edit, and nothing changes when they are refused', async () => {
    await t.createUser({ username: 'dict_reader', orgId: await t.orgId('金凤区市场监督管理局'), roles: ['district_staff'] });
    const c = await t.loginAs('dict_reader');
    const v = (await dicts()).version;
    const before = await itemCount();
    expect((await c.post('/api/dicts', { code: 'nope', nameZh: 'x', nameEn: 'x' })).statusCode).toBe(403);
    expect((await c.post('/api/dicts/org_kind/items', { value: 'nope', labelZh: 'x', labelEn: 'x' })).statusCode).toBe(403);
    expect((await t.client().post('/api/dicts/org_kind/items', { value: 'nope', labelZh: 'x', labelEn: 'x' })).statusCode).toBe(401);
    expect(await itemCount()).toBe(before);
    expect((await t.database.db.select().from(dictTypes).where(eq(dictTypes.code, 'nope'))).length).toBe(0);
    expect((await dicts()).version).toBe(v);
  });
});
