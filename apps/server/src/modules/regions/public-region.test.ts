import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { RegionConfig } from '@shangmi/shared';
import { cases } from '../../db/schema/index.js';
import { seedReferenceData } from '../../seed.js';
import { createTestApp, json, type TestApp } from '../../../test/harness.js';
import { creditCodes, reportFiling } from '../../../test/fixtures.js';
import { publicRegionConfig } from './regions.service.js';

// Regions whose codes sort before Yinchuan's (640100): the public region must never come from sort order.
const other = (code: string, name: string, district: string): RegionConfig => ({
  code,
  name,
  nameEn: name,
  cityBureau: `${name}市场监督管理局`,
  districts: [{ code: district, name: `${name}一区`, nameEn: 'District 1', bureau: `${name}一区市场监督管理局` }],
  parks: [{ name: `${name}园区`, nameEn: 'Park', districtCode: null }],
  partners: [{ kind: 'police', name: `${name}公安局` }],
});
const beijing = other('110100', '北京市', '110101');
const tianjin = other('120100', '天津市', '120101');

let t: TestApp;
const creditCode = creditCodes('PRGN');
const anon = () => t.client();
const caseRow = async (id: number) => (await t.database.db.select().from(cases).where(eq(cases.id, id)))[0];

beforeAll(async () => {
  t = await createTestApp();
  await seedReferenceData(t.database.db, [beijing, tianjin]);
});
afterAll(async () => t?.close());

describe('the public region', () => {
  it('is configured: the file marked default, else the only file, else the first of SHANGMI_PUBLIC_REGION; several unmarked files: the visitor chooses', () => {
    const yc = { ...other('640100', '银川市', '640106'), default: true };
    expect(publicRegionConfig({ publicRegions: null }, [beijing, yc, tianjin])).toEqual({ codes: ['640100', '110100', '120100'], defaultCode: '640100' });
    expect(publicRegionConfig({ publicRegions: null }, [tianjin])).toEqual({ codes: ['120100'], defaultCode: '120100' });
    expect(publicRegionConfig({ publicRegions: null }, [beijing, tianjin])).toEqual({ codes: ['110100', '120100'], defaultCode: null });
    expect(publicRegionConfig({ publicRegions: ['640100', '110100'] }, [beijing, tianjin])).toEqual({ codes: ['640100', '110100'], defaultCode: '640100' });
  });

  it('is Yinchuan although Beijing and Tianjin sort first: a complaint with an address in 金凤区 reaches 金凤区, and the filer is told', async () => {
    const pr = json(await anon().get('/api/public/region'));
    expect(pr.defaultCode).toBe('640100');
    expect(pr.regions.map((r: { code: string }) => r.code)).toEqual(['640100']);
    expect(pr.regions[0].districts).toHaveLength(6);

    const res = await anon().post('/api/public/cases', reportFiling(null as unknown as string, { respondentCreditCode: null, respondentAddress: '银川市金凤区阅海湾中央商务区万寿路 1 号' }));
    expect(res.statusCode, res.body).toBe(200);
    const r = json(res);
    expect(r).toMatchObject({ regionCode: '640100', districtCode: '640106', bureauName: '金凤区市场监督管理局' });
    expect(await caseRow(r.cases[0].id)).toMatchObject({ regionCode: '640100', districtCode: '640106' });
    const st = json(await anon().get(`/api/public/cases/${r.trackingCode}`));
    expect(st.items[0].bureauName).toBe('金凤区市场监督管理局');
  });

  it('a district the filer names wins over the suggestion; one of another region is refused on its field', async () => {
    const named = json(await anon().post('/api/public/cases', reportFiling(creditCode('640106'), { districtCode: '640104' })));
    expect(named).toMatchObject({ regionCode: '640100', districtCode: '640104', bureauName: '兴庆区市场监督管理局' });
    const wrong = await anon().post('/api/public/cases', reportFiling(creditCode('640106'), { districtCode: '110101' }));
    expect(wrong.statusCode).toBe(400);
    expect(json(wrong).error.fields.map((f: { field: string }) => f.field)).toEqual(['districtCode']);
  });

  it('a region that is not public is refused by name, on the filing and the directory alike', async () => {
    const res = await anon().post('/api/public/cases', reportFiling(creditCode('640106'), { regionCode: '110100' }));
    expect(res.statusCode).toBe(400);
    expect(json(res).error.fields[0]).toMatchObject({ field: 'regionCode', message: expect.stringContaining('不是本平台服务的试点地区') });
    expect((await anon().get('/api/public/sites?regionCode=110100')).statusCode).toBe(400);
    expect((await anon().get('/api/public/sites/map?regionCode=110100')).statusCode).toBe(400);
    expect((await anon().get('/api/public/sites')).statusCode).toBe(200);
  });

  it('a host name chooses its region; a multi-region deployment without a default asks the visitor', async () => {
    const saved = { regions: t.config.publicRegions, hosts: t.config.publicHosts };
    try {
      t.config.publicHosts = { 'tj.example.test': '120100' };
      const byHost = json(await anon().get('/api/public/region', { host: 'tj.example.test:8080' }));
      expect(byHost.defaultCode).toBe('120100');
      const filed = json(await anon().post('/api/public/cases', reportFiling(creditCode('120101')), { host: 'tj.example.test' }));
      expect(filed).toMatchObject({ regionCode: '120100', districtCode: '120101', bureauName: '天津市一区市场监督管理局' });

      t.config.publicHosts = {};
      t.config.publicRegions = ['110100', '640100'];
      expect(json(await anon().get('/api/public/region')).defaultCode).toBe('110100');
      const chosen = json(await anon().post('/api/public/cases', reportFiling(creditCode('640106'), { regionCode: '640100' })));
      expect(chosen).toMatchObject({ regionCode: '640100', districtCode: '640106' });
    } finally {
      t.config.publicRegions = saved.regions;
      t.config.publicHosts = saved.hosts;
    }
  });
});
