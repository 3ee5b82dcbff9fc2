/**
 * The expert pool (人才库/专家库) over the API, on PGlite and PostgreSQL: a bureau adds experts; the region's bureaus
 * find them by field, kind and availability; only the keeping bureau's scope edits them; any organiser records a use
 * (who used them when, for what); bad input names the field and writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { shanghaiDate } from '@shangmi/shared';
import { outreachExpertUses, outreachExperts } from '../../db/schema/index.js';
import { createTestApp, json, type Client, type TestApp } from '../../../test/harness.js';
import { creditCode } from '../../../test/credit.js';

let t: TestApp;
let city: Client;
let jf: Client;
let xq: Client;
let ent: Client;
let expertId = 0;
const rows = async () => [(await t.database.db.select({ n: count() }).from(outreachExperts))[0].n, (await t.database.db.select({ n: count() }).from(outreachExpertUses))[0].n];
const professor = { name: '马教授', kind: 'professor', affiliation: '宁夏大学法学院 教授', fields: ['商业秘密', '反不正当竞争', '商业秘密'], note: '可承担培训授课' };

beforeAll(async () => {
  t = await createTestApp({ rateLimits: null });
  const admin = await t.admin();
  await t.createUser({ username: 'ex_city', orgId: await t.orgId('银川市市场监督管理局'), roles: ['city_staff'] });
  await t.createUser({ username: 'ex_jf', orgId: await t.orgId('金凤区市场监督管理局'), roles: ['district_staff'] });
  await t.createUser({ username: 'ex_xq', orgId: await t.orgId('兴庆区市场监督管理局'), roles: ['district_staff'] });
  const e = json(await admin.post('/api/enterprises', { creditCode: creditCode('640106'), name: '宁夏专家库测试科技有限公司', districtCode: '640106' }));
  await t.createUser({ username: 'ex_ent', orgId: e.orgId, roles: ['enterprise_admin'] });
  [city, jf, xq, ent] = await Promise.all(['ex_city', 'ex_jf', 'ex_xq', 'ex_ent'].map((u) => t.loginAs(u)));
});
afterAll(() => t?.close());

describe('the expert pool', () => {
  it('a district bureau adds an expert; the region’s bureaus find them, an enterprise does not', async () => {
    const res = await jf.post('/api/outreach/experts', professor);
    expect(res.statusCode, res.body).toBe(200);
    const x = json(res);
    expertId = x.id;
    expect(x).toMatchObject({ name: '马教授', kind: 'professor', fields: ['商业秘密', '反不正当竞争'], availability: 'available', orgName: '金凤区市场监督管理局', uses: 0, lastUsedOn: null, mayEdit: true, history: [] });
    await jf.post('/api/outreach/experts', { name: '李律师', kind: 'lawyer', fields: ['劳动争议'], availability: 'limited' });
    const seen = json(await xq.get('/api/outreach/experts?field=商业秘密'));
    expect(seen.items.map((i: { name: string }) => i.name)).toEqual(['马教授']);
    expect(seen.items[0].mayEdit).toBe(false);
    expect(json(await city.get('/api/outreach/experts?availability=limited')).items.map((i: { name: string }) => i.name)).toEqual(['李律师']);
    expect(json(await city.get(`/api/outreach/experts?q=${encodeURIComponent('法学院')}`)).total).toBe(1);
    expect(json(await city.get('/api/outreach/experts?kind=judge')).total).toBe(0);
    expect((await ent.get('/api/outreach/experts')).statusCode).toBe(403);
    expect((await ent.get(`/api/outreach/experts/${expertId}`)).statusCode).toBe(403);
  });

  it('bad input names the field (zh/en) and writes nothing; an enterprise cannot add', async () => {
    const before = await rows();
    const bad = await jf.post('/api/outreach/experts', { name: ' ', kind: 'wizard', fields: [] });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['fields', 'kind', 'name']);
    const tomorrow = shanghaiDate(new Date(Date.now() + 36 * 3600_000));
    const future = await xq.post(`/api/outreach/experts/${expertId}/uses`, { purpose: 'training', usedOn: tomorrow }, { 'x-shangmi-locale': 'en-US' });
    expect(future.statusCode).toBe(400);
    expect(json(future).error.fields[0]).toMatchObject({ field: 'usedOn', message: expect.stringContaining('after today') });
    expect((await ent.post('/api/outreach/experts', professor)).statusCode).toBe(403);
    expect(await rows()).toEqual(before);
  });

  it('only the keeping bureau’s scope edits: another district 404 and nothing changed; the city above it may', async () => {
    const other = await xq.patch(`/api/outreach/experts/${expertId}`, { availability: 'unavailable' });
    expect(other.statusCode).toBe(404);
    expect(json(await jf.get(`/api/outreach/experts/${expertId}`)).availability).toBe('available');
    const byCity = await city.patch(`/api/outreach/experts/${expertId}`, { availability: 'limited' });
    expect(byCity.statusCode, byCity.body).toBe(200);
    expect(json(byCity)).toMatchObject({ availability: 'limited', fields: ['商业秘密', '反不正当竞争'], mayEdit: true });
    expect(json(await jf.patch(`/api/outreach/experts/${expertId}`, { fields: ['商业秘密', '技术鉴定'] })).fields).toEqual(['商业秘密', '技术鉴定']);
    expect((await jf.patch('/api/outreach/experts/999999', { note: 'x' })).statusCode).toBe(404);
  });

  it('any organiser of the region records a use: who used them when, for what', async () => {
    const today = shanghaiDate(new Date());
    const a = await xq.post(`/api/outreach/experts/${expertId}/uses`, { purpose: 'training', usedOn: '2026-03-15', note: '兴庆区企业培训授课' });
    expect(a.statusCode, a.body).toBe(200);
    const b = json(await jf.post(`/api/outreach/experts/${expertId}/uses`, { purpose: 'mediation', usedOn: today }));
    expect(b.uses).toBe(2);
    expect(b.lastUsedOn).toBe(today);
    expect(b.history.map((h: { purpose: string; orgName: string; usedOn: string }) => [h.purpose, h.orgName, h.usedOn])).toEqual([
      ['mediation', '金凤区市场监督管理局', today],
      ['training', '兴庆区市场监督管理局', '2026-03-15'],
    ]);
    const listed = json(await city.get('/api/outreach/experts?field=商业秘密')).items[0];
    expect(listed).toMatchObject({ uses: 2, lastUsedOn: today });
  });
});
