/**
 * Issue 24 item 5, over the API on PGlite and PostgreSQL: the directory of other public service systems — seeded from
 * config/service-systems, kept by the city administrator (bad input names the field, nothing written), read by everyone
 * of the region and by the public, another region's entry 404 — and referrals to it (an enterprise from its help request,
 * an officer for an enterprise of their district) counted per entry within the caller's scope.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { serviceSystemReferrals, serviceSystems } from '../../db/schema/index.js';
import { createTestApp, json, ok, type Client, type Json, type TestApp } from '../../../test/harness.js';
import { creditCodes } from '../../../test/fixtures.js';
import { loadSystemsFile } from './systems-seed.js';

let t: TestApp;
let admin: Client;
let cityAdmin: Client;
let jf: Client;
let xq: Client;
let ent: Client;
let otherCity: Client;
const ids: Record<string, number> = {};
const code = creditCodes('XT1Y');
const rows = async (table: typeof serviceSystems | typeof serviceSystemReferrals) => (await t.database.db.select({ n: count() }).from(table))[0].n;

const incubator = { kind: 'incubator', name: '金凤区众创空间', operator: '金凤区科技局', services: '孵化场地与创业辅导', districtCode: '640106', url: 'https://example.org/zc' };

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  await t.createUser({ username: 'ss_city', orgId: await t.orgId('银川市市场监督管理局'), roles: ['city_admin'] });
  await t.createUser({ username: 'ss_jf', orgId: await t.orgId('金凤区市场监督管理局'), roles: ['district_staff'] });
  await t.createUser({ username: 'ss_xq', orgId: await t.orgId('兴庆区市场监督管理局'), roles: ['district_staff'] });
  const e = await ok(await admin.post('/api/enterprises', { creditCode: code('640106'), name: '宁夏体系科技有限公司', districtCode: '640106' }));
  ids.ent = e.id;
  await t.createUser({ username: 'ss_ent', orgId: e.orgId, roles: ['enterprise_admin'] });
  [cityAdmin, jf, xq, ent] = await Promise.all(['ss_city', 'ss_jf', 'ss_xq', 'ss_ent'].map((u) => t.loginAs(u)));
  // a second region, added on the web, with its own city administrator
  await ok(
    await admin.post('/api/regions', {
      code: '640200',
      name: '石嘴山市',
      nameEn: 'Shizuishan',
      cityBureau: '石嘴山市市场监督管理局',
      districts: [{ code: '640202', name: '大武口区', nameEn: 'Dawukou District', bureau: '大武口区市场监督管理局' }],
      parks: [],
    }),
  );
  await t.createUser({ username: 'ss_szs', orgId: await t.orgId('石嘴山市市场监督管理局'), roles: ['city_admin'] });
  otherCity = await t.loginAs('ss_szs');
});
afterAll(async () => t?.close());

describe('the directory of other service systems', () => {
  it('is seeded from config/service-systems for Yinchuan, read by the region and the public; another region has none', async () => {
    const list = await ok(await ent.get('/api/service-systems'));
    expect(list.length).toBeGreaterThanOrEqual(5);
    expect(new Set(list.map((s: Json) => s.kind))).toEqual(new Set(['ip_protection', 'ip_service', 'innovation', 'entrepreneurship', 'incubator']));
    expect(list.every((s: Json) => s.regionCode === '640100' && s.source === 'file')).toBe(true);
    // a district's view: its own entries and the region-wide ones, not another district's
    const jinfeng = await ok(await ent.get('/api/service-systems?districtCode=640106'));
    expect(jinfeng.some((s: Json) => s.districtCode === '640105')).toBe(false);
    expect(jinfeng.some((s: Json) => s.districtCode === '640106')).toBe(true);
    const pub = await ok(await t.client().get('/api/public/service-systems?regionCode=640100&kind=ip_protection'));
    expect(pub.length).toBe(1);
    expect(await ok(await otherCity.get('/api/service-systems'))).toEqual([]);
    expect((await t.client().get('/api/service-systems')).statusCode).toBe(401);
  });

  it('the seed file is checked: a district outside the region or a repeated name stops with file and field', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'systems-'));
    const rc = { code: '640100', districts: [{ code: '640106', name: '金凤区', nameEn: null, bureau: '金凤区市场监督管理局' }] };
    const file = (systems: Json[]) => fs.writeFileSync(path.join(dir, '640100.json'), JSON.stringify({ regionCode: '640100', basis: '任务三', systems }));
    file([{ ...incubator, districtCode: '640202' }]);
    expect(() => loadSystemsFile(rc as never, dir)).toThrow('config/service-systems/640100.json: systems.0.districtCode');
    file([incubator, incubator]);
    expect(() => loadSystemsFile(rc as never, dir)).toThrow('systems.1.name');
    file([{ ...incubator, url: 'ftp://x' }]);
    expect(() => loadSystemsFile(rc as never, dir)).toThrow('systems.0.url');
    file([incubator]);
    expect(loadSystemsFile(rc as never, dir)?.systems[0].name).toBe('金凤区众创空间');
    fs.rmSync(dir, { recursive: true });
  });

  it('the city administrator adds and edits entries; bad input names the field (zh, en) and writes nothing', async () => {
    const before = await rows(serviceSystems);
    const bad: [Json, string][] = [
      [{ ...incubator, kind: 'bank' }, 'kind'],
      [{ ...incubator, name: ' ' }, 'name'],
      [{ ...incubator, services: undefined }, 'services'],
      [{ ...incubator, districtCode: '640202' }, 'districtCode'], // not a district of 银川
      [{ ...incubator, districtCode: '6401' }, 'districtCode'],
      [{ ...incubator, url: 'www.example.org' }, 'url'],
      [{ ...incubator, name: '银川市知识产权综合服务窗口' }, 'name'], // taken
    ];
    for (const [body, field] of bad) {
      const res = await cityAdmin.post('/api/service-systems', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(json(res).error.fields[0].field).toBe(field);
    }
    const en = await cityAdmin.post('/api/service-systems', { ...incubator, url: 'x' }, { 'x-shangmi-locale': 'en-US' });
    expect(json(en).error.fields[0].message).toBe('Website has the wrong format');
    const zh = await cityAdmin.post('/api/service-systems', { ...incubator, districtCode: '640202' });
    expect(json(zh).error.fields[0].message).toBe('所属区县：不属于本地区');
    expect(await rows(serviceSystems)).toBe(before);

    // a district officer cannot keep the directory
    expect((await jf.post('/api/service-systems', incubator)).statusCode).toBe(403);

    const created = await ok(await cityAdmin.post('/api/service-systems', incubator));
    expect(created).toMatchObject({ regionCode: '640100', source: 'edit', active: true, districtCode: '640106' });
    ids.created = created.id;
    const seeded = (await ok(await cityAdmin.get('/api/service-systems'))).find((s: Json) => s.kind === 'ip_protection');
    ids.seeded = seeded.id;
    const edited = await ok(await cityAdmin.patch(`/api/service-systems/${seeded.id}`, { phone: '0951-0000000', url: 'https://example.org/ipc' }));
    expect(edited).toMatchObject({ phone: '0951-0000000', source: 'edit' });
    expect((await cityAdmin.patch(`/api/service-systems/${seeded.id}`, { name: '金凤区众创空间' })).statusCode).toBe(400);
    // another region's administrator: 404, for editing as for referring
    expect((await otherCity.patch(`/api/service-systems/${seeded.id}`, { phone: '1' })).statusCode).toBe(404);
    expect((await otherCity.post(`/api/service-systems/${seeded.id}/referrals`, {})).statusCode).toBe(404);
    const log = await ok(await cityAdmin.get('/api/oplog?action=sites.system-update'));
    // the refused edits are logged too (without a target); the edit that went through names the entry
    expect(log.items.filter((i: Json) => i.targetId === String(seeded.id))).toHaveLength(1);
  });

  it('referrals: an enterprise from its help request, an officer for an enterprise; bad ones refused; counted within scope', async () => {
    const before = await rows(serviceSystemReferrals);
    // an enterprise cannot refer another enterprise; an officer cannot name one outside their district; unknown request
    expect(json(await ent.post(`/api/service-systems/${ids.seeded}/referrals`, { enterpriseId: ids.ent + 1000 })).error.fields[0].field).toBe('enterpriseId');
    expect(json(await xq.post(`/api/service-systems/${ids.seeded}/referrals`, { enterpriseId: ids.ent })).error.fields[0].field).toBe('enterpriseId');
    expect(json(await ent.post(`/api/service-systems/${ids.seeded}/referrals`, { requestId: 999999 })).error.fields[0].field).toBe('requestId');
    expect((await ent.post('/api/service-systems/999999/referrals', {})).statusCode).toBe(404);
    expect(await rows(serviceSystemReferrals)).toBe(before);

    const req = await ok(await ent.post('/api/services/requests', { serviceKind: 'consulting', title: '申请专利的流程', need: '想了解专利申请（不含秘密内容）', contactName: '李总', contactPhone: '13900000001' }));
    const r1 = await ok(await ent.post(`/api/service-systems/${ids.seeded}/referrals`, { requestId: req.id }));
    expect(r1).toMatchObject({ via: 'enterprise', enterpriseId: ids.ent, requestId: req.id });
    await ok(await jf.post(`/api/service-systems/${ids.seeded}/referrals`, { enterpriseId: ids.ent, note: '电话告知' }));
    await ok(await jf.post(`/api/service-systems/${ids.created}/referrals`, {}));
    await ok(await xq.post(`/api/service-systems/${ids.created}/referrals`, {}));

    const byId = (stats: Json[]) => Object.fromEntries(stats.map((s) => [s.systemId, s]));
    const city = byId(await ok(await cityAdmin.get('/api/service-systems/stats')));
    expect(city[ids.seeded]).toMatchObject({ total: 2, byEnterprise: 1, byOfficer: 1 });
    expect(city[ids.created]).toMatchObject({ total: 2, byEnterprise: 0, byOfficer: 2 });
    const jinfeng = byId(await ok(await jf.get('/api/service-systems/stats')));
    expect(jinfeng[ids.seeded].total).toBe(2);
    expect(jinfeng[ids.created].total).toBe(1);
    const xingqing = byId(await ok(await xq.get('/api/service-systems/stats')));
    expect(xingqing[ids.seeded].total).toBe(0);
    expect(xingqing[ids.created].total).toBe(1);
    const past = byId(await ok(await cityAdmin.get('/api/service-systems/stats?to=2020-01-01')));
    expect(past[ids.seeded].total).toBe(0);
    // an enterprise does not read the counts
    expect((await ent.get('/api/service-systems/stats')).statusCode).toBe(403);

    // a deactivated entry leaves the directory and the public page and takes no referral; the administrator still sees it
    await ok(await cityAdmin.patch(`/api/service-systems/${ids.created}`, { active: false }));
    expect((await ok(await ent.get('/api/service-systems'))).some((s: Json) => s.id === ids.created)).toBe(false);
    expect((await ok(await t.client().get('/api/public/service-systems?regionCode=640100'))).some((s: Json) => s.id === ids.created)).toBe(false);
    expect((await ok(await cityAdmin.get('/api/service-systems?all=true'))).some((s: Json) => s.id === ids.created)).toBe(true);
    expect((await ent.post(`/api/service-systems/${ids.created}/referrals`, {})).statusCode).toBe(404);
  });
});
