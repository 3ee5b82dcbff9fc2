import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { districts, orgs, regions, siteStandards, siteTargets } from '../../db/schema/index.js';
import { loadRegionConfigs } from '../../seed.js';
import { createTestApp, json, type Client, type Json, type TestApp } from '../../../test/harness.js';

/** Issue 24 item 6: a pilot region added on the web, validated like config/regions, live without a restart. */
let t: TestApp;
let admin: Client;

const shizuishan = () => ({
  code: '640200',
  name: '石嘴山市',
  nameEn: 'Shizuishan',
  cityBureau: '石嘴山市市场监督管理局',
  districts: [
    { code: '640202', name: '大武口区', nameEn: 'Dawukou District', bureau: '大武口区市场监督管理局' },
    { code: '640205', name: '惠农区', nameEn: 'Huinong District', bureau: '惠农区市场监督管理局' },
  ],
  parks: [{ name: '石嘴山经济技术开发区', nameEn: 'Shizuishan Economic and Technological Development Zone', districtCode: '640202' }],
  siteTargets: [{ year: 2026, kind: 'station_point', cumulative: 10, newPerYear: 10 }],
});
const regionCount = async () => (await t.database.db.select({ n: count() }).from(regions))[0].n;
const orgCount = async () => (await t.database.db.select({ n: count() }).from(orgs))[0].n;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
});
afterAll(async () => t?.close());

describe('adding a pilot region on the web', () => {
  it('bad input names the field and changes nothing', async () => {
    const before = [await regionCount(), await orgCount()];
    const cases: [Json, string][] = [
      [{ ...shizuishan(), code: '64020' }, 'code'],
      [{ ...shizuishan(), code: '990100' }, 'code'], // no province 99
      [{ ...shizuishan(), code: '640000' }, 'code'], // a province, not a prefecture-level city
      [{ ...shizuishan(), code: '64020a' }, 'code'],
      [{ ...shizuishan(), districts: [{ ...shizuishan().districts[0], code: '610102' }], parks: [] }, 'districts.0.code'], // another city's prefix
      [{ ...shizuishan(), districts: [shizuishan().districts[0], shizuishan().districts[0]] }, 'districts.1.code'],
      [{ ...shizuishan(), parks: [{ ...shizuishan().parks[0], districtCode: '640106' }] }, 'parks.0.districtCode'],
      [{ ...shizuishan(), districts: [] }, 'districts'],
      [{ ...shizuishan(), name: '' }, 'name'],
    ];
    for (const [body, field] of cases) {
      const res = await admin.post('/api/regions', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(json(res).error.fields.map((f: Json) => f.field)).toContain(field);
    }
    const res = await admin.post('/api/regions', { ...shizuishan(), code: '64020' });
    expect(json(res).error.fields[0].message).toMatch(/编码：不是有效的地级行政区划代码/);
    const en = await admin.request('POST', '/api/regions', { ...shizuishan(), code: '64020' }, { 'x-shangmi-locale': 'en-US' });
    expect(json(en).error.fields[0].message).toMatch(/Code is not a prefecture-level division code/);
    // Yinchuan exists (the shipped seed); one of its district codes under another region is taken
    const dup = await admin.post('/api/regions', { ...shizuishan(), code: '640100', districts: [{ ...shizuishan().districts[0], code: '640199' }], parks: [] });
    expect(dup.statusCode).toBe(409);
    expect(json(dup).error.fields[0].field).toBe('code');
    expect([await regionCount(), await orgCount()]).toEqual(before);
  });

  it('only a platform administrator may add one', async () => {
    await t.createUser({ username: 'rc_city', orgId: await t.orgId('银川市市场监督管理局'), roles: ['city_admin'] });
    const city = await t.loginAs('rc_city');
    expect((await city.post('/api/regions', shizuishan())).statusCode).toBe(403);
    expect((await t.client().post('/api/regions', shizuishan())).statusCode).toBe(401);
  });

  it('a platform administrator adds 石嘴山市 with two districts and a park; its city administrator sees its empty dashboard at once', async () => {
    const res = await admin.post('/api/regions', shizuishan());
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({
      code: '640200',
      name: '石嘴山市',
      districts: [
        { code: '640202', name: '大武口区', sort: 0 },
        { code: '640205', name: '惠农区', sort: 1 },
      ],
      parks: [{ name: '石嘴山经济技术开发区', districtCode: '640202' }],
    });
    expect(json(await t.client().get('/api/regions')).map((r: Json) => r.code)).toEqual(['640100', '640200']);
    // the organisations, the shipped standards and the targets, as the files would have given them
    const bureaus = await t.database.db.select({ name: orgs.name, kind: orgs.kind, districtCode: orgs.districtCode }).from(orgs).where(eq(orgs.regionCode, '640200'));
    expect(bureaus).toEqual(
      expect.arrayContaining([
        { name: '石嘴山市市场监督管理局', kind: 'city_bureau', districtCode: null },
        { name: '大武口区市场监督管理局', kind: 'district_bureau', districtCode: '640202' },
        { name: '惠农区市场监督管理局', kind: 'district_bureau', districtCode: '640205' },
      ]),
    );
    expect(bureaus).toHaveLength(3);
    const standards = await t.database.db.select({ kind: siteStandards.kind }).from(siteStandards).where(eq(siteStandards.regionCode, '640200'));
    const yinchuanStandards = await t.database.db.select({ kind: siteStandards.kind }).from(siteStandards).where(eq(siteStandards.regionCode, '640100'));
    expect(standards.length).toBeGreaterThan(0);
    expect(standards.map((s) => s.kind).sort()).toEqual(yinchuanStandards.map((s) => s.kind).sort());
    expect(await t.database.db.select({ year: siteTargets.year, cumulative: siteTargets.cumulative }).from(siteTargets).where(eq(siteTargets.regionCode, '640200'))).toEqual([
      { year: 2026, cumulative: 10 },
    ]);
    const log = json(await admin.get('/api/oplog?action=regions.create'));
    expect(log.items[0]).toMatchObject({ action: 'regions.create', targetId: '640200' });

    await t.createUser({ username: 'szs_city', orgId: await t.orgId('石嘴山市市场监督管理局'), roles: ['city_admin'] });
    const city = await t.loginAs('szs_city');
    const dash = json(await city.get('/api/sites/dashboard'));
    expect(dash.regionCode).toBe('640200');
    expect(dash.pipeline).toEqual([]);
    expect(dash.waiting).toEqual([]);
    const y2026 = dash.years.find((y: Json) => y.year === 2026);
    expect(y2026.items.find((i: Json) => i.kind === 'station_point')).toMatchObject({ goalCumulative: 10, builtCumulative: 0 });
    // its own region only: Yinchuan's sites and standards are not its business
    expect(json(await city.get('/api/sites/standards')).every((s: Json) => s.regionCode === '640200')).toBe(true);

    // the same region again: a conflict on the code; another city cannot take its districts (not under its prefix)
    expect((await admin.post('/api/regions', shizuishan())).statusCode).toBe(409);
    const again = await admin.post('/api/regions', { ...shizuishan(), code: '640300', districts: [{ ...shizuishan().districts[0], code: '640202' }], parks: [] });
    expect(again.statusCode).toBe(400);
    expect(json(again).error.fields[0].field).toBe('districts.0.code');
  });
});

describe('config/regions files are checked by the same rules', () => {
  it('the shipped file passes; a file with a bad code stops the start naming the file and field', () => {
    expect(loadRegionConfigs().map((r) => r.code)).toContain('640100');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regions-'));
    fs.writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ ...shizuishan(), code: '6402', partners: [] }));
    expect(() => loadRegionConfigs(dir)).toThrow(/config\/regions\/bad\.json: code: is not a prefecture-level/);
    fs.rmSync(dir, { recursive: true });
  });
  it('the districts of the shipped seed are untouched by a region added later', async () => {
    expect((await t.database.db.select({ n: count() }).from(districts).where(eq(districts.regionCode, '640100')))[0].n).toBe(6);
  });
});
