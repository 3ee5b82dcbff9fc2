/**
 * The public region with the demo's 46 pilot regions (issue 22 item 1): the regions and a few hundred sites the demo
 * seeds through seed-scale, 22 of the 46 sorting before Yinchuan's 640100. A complaint filed on /report for an address
 * in 金凤区 is in the 金凤区 officer's queue; the directory lists Yinchuan's sites unless the visitor asks for another
 * public region; its map answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type Json, type TestApp } from '../../../test/harness.js';
import { reportFiling } from '../../../test/fixtures.js';
import { seedSites } from '../../cli/seed-scale/sites.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  await seedSites(t.database, 300, 22, () => {}, () => {});
  await t.createUser({ username: 'prd_jf', orgId: await t.orgId('金凤区市场监督管理局'), roles: ['district_staff'] });
  await t.createUser({ username: 'prd_xq', orgId: await t.orgId('兴庆区市场监督管理局'), roles: ['district_staff'] });
});
afterAll(async () => t?.close());

describe('the public region among the demo’s 46 regions', () => {
  it('the regions are there, most sorting before Yinchuan, with sites in many of them', async () => {
    const codes = (await t.database.query<{ code: string }>('select code from regions order by code')).map((r) => r.code);
    expect(codes).toHaveLength(46);
    expect(codes[0]! < '640100').toBe(true);
    const regionsWithSites = await t.database.query<{ n: number }>("select count(distinct region_code)::int as n from sites where status in ('accredited', 'operating')");
    expect(regionsWithSites[0]!.n).toBeGreaterThan(10);
  });

  it('a complaint for an address in 金凤区 reaches the 金凤区 queue, and nobody else’s', async () => {
    const pr = json(await t.client().get('/api/public/region'));
    expect(pr.defaultCode).toBe('640100');
    const filed = await t.client().post('/api/public/cases', reportFiling(null as unknown as string, { respondentCreditCode: null, respondentAddress: '宁夏银川市金凤区北京中路 168 号' }));
    expect(filed.statusCode, filed.body).toBe(200);
    expect(json(filed)).toMatchObject({ regionCode: '640100', districtCode: '640106', bureauName: '金凤区市场监督管理局' });
    const caseId = json(filed).cases[0].id as number;
    const queueOf = async (username: string) => json(await (await t.loginAs(username)).get('/api/cases/queue?pageSize=200')).items as Json[];
    expect((await queueOf('prd_jf')).map((q) => q.caseId)).toContain(caseId);
    expect((await queueOf('prd_xq')).map((q) => q.caseId)).not.toContain(caseId);
  });

  it('the directory shows Yinchuan’s sites by default, and its map', async () => {
    const list = json(await t.client().get('/api/public/sites?pageSize=200'));
    expect(list.total).toBeGreaterThan(0);
    expect(new Set((list.items as Json[]).map((s) => s.regionCode))).toEqual(new Set(['640100']));
    const map = await t.client().get('/api/public/sites/map');
    expect(map.statusCode, map.body).toBe(200);
    const yinchuan = new Set((await t.database.query<{ id: number }>("select id from sites where region_code = '640100'")).map((r) => r.id));
    const points = json(map) as Json[];
    expect(points.length).toBeGreaterThan(0);
    expect(points.filter((p) => !yinchuan.has(p.id))).toEqual([]);
    // a region the deployment does not serve is refused, not silently shown
    expect((await t.client().get('/api/public/sites?regionCode=110100')).statusCode).toBe(400);
  });
});
