import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { parks } from '../../db/schema/index.js';
import { createTestApp, json, type Client, type Json, type TestApp } from '../../../test/harness.js';

let t: TestApp;
let admin: Client;
let cityAdmin: Client;

const yinchuan = async () => json(await t.client().get('/api/regions')).find((r: Json) => r.code === '640100');
const parkCount = async () => (await t.database.db.select({ n: count() }).from(parks))[0].n;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  await t.createUser({ username: 'regions_city', orgId: await t.orgId('银川市市场监督管理局'), roles: ['city_admin'] });
  cityAdmin = await t.loginAs('regions_city');
});
afterAll(async () => t?.close());

describe('regions', () => {
  it('Yinchuan (640100) is public, with its 6 districts in order and its 3 parks', async () => {
    const res = await t.client().get('/api/regions');
    expect(res.statusCode).toBe(200);
    const yc = json(res).find((r: Json) => r.code === '640100');
    expect(yc).toMatchObject({ code: '640100', name: '银川市', nameEn: 'Yinchuan' });
    expect(yc.districts.map((d: Json) => [d.code, d.name])).toEqual([
      ['640104', '兴庆区'],
      ['640105', '西夏区'],
      ['640106', '金凤区'],
      ['640121', '永宁县'],
      ['640122', '贺兰县'],
      ['640181', '灵武市'],
    ]);
    expect(yc.districts.every((d: Json) => typeof d.nameEn === 'string' && d.nameEn.length > 0)).toBe(true);
    expect(yc.parks.map((p: Json) => [p.name, p.districtCode])).toEqual([
      ['银川经济技术开发区', '640105'],
      ['苏银产业园', null],
      ['阅海湾科创港', '640106'],
    ]);
  });
});

describe('parks', () => {
  it('a platform administrator creates, edits and deletes a park', async () => {
    const res = await admin.post('/api/regions/640100/parks', { name: '测试园区', nameEn: 'Test Park', districtCode: '640104', sort: 5 });
    expect(res.statusCode).toBe(200);
    const p = json(res);
    expect(p).toMatchObject({ name: '测试园区', nameEn: 'Test Park', districtCode: '640104', sort: 5 });
    expect((await yinchuan()).parks.map((x: Json) => x.id)).toContain(p.id);

    const up = await admin.patch(`/api/regions/640100/parks/${p.id}`, { districtCode: '640121', sort: 6 });
    expect(json(up)).toMatchObject({ name: '测试园区', districtCode: '640121', sort: 6 });
    const clear = await admin.patch(`/api/regions/640100/parks/${p.id}`, { districtCode: null });
    expect(json(clear).districtCode).toBeNull();

    expect(json(await admin.delete(`/api/regions/640100/parks/${p.id}`))).toEqual({ ok: true });
    expect((await yinchuan()).parks.map((x: Json) => x.id)).not.toContain(p.id);
    expect((await admin.delete(`/api/regions/640100/parks/${p.id}`)).statusCode).toBe(404);
  });

  it('renaming a park keeps its order', async () => {
    const p = json(await admin.post('/api/regions/640100/parks', { name: '排序园区', sort: 8 }));
    const res = await admin.patch(`/api/regions/640100/parks/${p.id}`, { name: '排序园区（新名）' });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({ name: '排序园区（新名）', sort: 8 });
  });

  it('validates the region, the district and the name', async () => {
    const before = await parkCount();
    const dup = await admin.post('/api/regions/640100/parks', { name: '苏银产业园' });
    expect(dup.statusCode).toBe(409);
    expect(json(dup).error.fields[0].field).toBe('name');
    const wrongDistrict = await admin.post('/api/regions/640100/parks', { name: '外地园区', districtCode: '110101' });
    expect(wrongDistrict.statusCode).toBe(400);
    expect(json(wrongDistrict).error.fields[0].field).toBe('districtCode');
    const noRegion = await admin.post('/api/regions/110100/parks', { name: '北京园区' });
    expect(noRegion.statusCode).toBe(404);
    const badCode = await admin.post('/api/regions/abc/parks', { name: '坏编码' });
    expect(badCode.statusCode).toBe(400);
    const empty = await admin.post('/api/regions/640100/parks', { name: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(json(empty).error.fields[0].field).toBe('name');
    // a park is addressed within its region
    const [p] = await t.database.db.select().from(parks).where(eq(parks.name, '苏银产业园'));
    expect((await admin.patch(`/api/regions/110100/parks/${p.id}`, { sort: 1 })).statusCode).toBe(404);
    expect(await parkCount()).toBe(before);
  });

  it('only the platform administrator manages parks', async () => {
    const before = await parkCount();
    const [p] = await t.database.db.select().from(parks).where(eq(parks.name, '阅海湾科创港'));
    const create = await cityAdmin.post('/api/regions/640100/parks', { name: '市局园区' });
    expect(create.statusCode).toBe(403);
    expect(json(create).error.code).toBe('FORBIDDEN');
    expect((await cityAdmin.patch(`/api/regions/640100/parks/${p.id}`, { name: '被改' })).statusCode).toBe(403);
    expect((await cityAdmin.delete(`/api/regions/640100/parks/${p.id}`)).statusCode).toBe(403);
    expect((await t.client().delete(`/api/regions/640100/parks/${p.id}`)).statusCode).toBe(401);
    expect(await parkCount()).toBe(before);
    const [still] = await t.database.db.select().from(parks).where(eq(parks.id, p.id));
    expect(still.name).toBe('阅海湾科创港');
  });
});
