/** The registry: create and validate, list, search and filters (shared setup: enterprises.fixture.ts) */
import { beforeAll, describe, expect, it } from 'vitest';
import { json, readXlsx, type Json } from '../../../test/harness.js';
import { admin, cityStaff, jinfengStaff, xingqingStaff, org, JINFENG, XINGQING, XIXIA, creditCode, withWrongCheck, enterpriseCount, lastOplog, create } from './enterprises.fixture.js';

describe('create and validate', () => {
  it('refuses a wrong credit code naming the field and the problem, in Chinese and English', async () => {
    const before = await enterpriseCount();
    const cases: [string, RegExp, RegExp][] = [
      ['91640106MA5C', /长度/, /18 characters/],
      ['91640106MA5C0O1234', /字符/, /invalid character/],
      [withWrongCheck(creditCode(JINFENG)), /校验位/, /check character/],
    ];
    for (const [code, zh, en] of cases) {
      const res = await jinfengStaff.post('/api/enterprises', { creditCode: code, name: '测试企业' });
      expect(res.statusCode, code).toBe(400);
      const err = json(res).error;
      expect(err.code).toBe('VALIDATION');
      expect(err.fields).toHaveLength(1);
      expect(err.fields[0].field).toBe('creditCode');
      expect(err.fields[0].message).toMatch(/^统一社会信用代码：/);
      expect(err.fields[0].message).toMatch(zh);
      jinfengStaff.locale = 'en-US';
      const resEn = await jinfengStaff.post('/api/enterprises', { creditCode: code, name: 'Test' });
      jinfengStaff.locale = 'zh-CN';
      expect(json(resEn).error.fields[0].message).toMatch(/^Unified social credit code: /);
      expect(json(resEn).error.fields[0].message).toMatch(en);
    }
    expect(await enterpriseCount()).toBe(before);
  });

  it('checks dictionary values, the park, the site and the district', async () => {
    const base = { creditCode: creditCode(JINFENG), name: '字典校验企业' };
    const bad: [Record<string, unknown>, string][] = [
      [{ industryCode: 'ZZ' }, 'industryCode'],
      [{ size: 'huge' }, 'size'],
      [{ kinds: ['innovative', 'nonsense'] }, 'kinds'],
      [{ districtCode: '110101' }, 'districtCode'],
      [{ parkId: 999999 }, 'parkId'],
      [{ siteOrgId: org.jinfeng }, 'siteOrgId'],
      [{ siteOrgId: 999999 }, 'siteOrgId'],
    ];
    for (const [extra, field] of bad) {
      const res = await jinfengStaff.post('/api/enterprises', { ...base, ...extra });
      expect(res.statusCode, field).toBe(400);
      expect(json(res).error.fields[0].field, field).toBe(field);
    }
    expect((await jinfengStaff.post('/api/enterprises', { ...base, bogus: 1 })).statusCode).toBe(400);
  });

  it('creates the record and its organisation under the district bureau the credit code names', async () => {
    const code = creditCode(JINFENG);
    const e = await create(jinfengStaff, {
      creditCode: code.toLowerCase(),
      name: '宁夏金凤科技有限公司',
      legalRep: '张三',
      industryCode: '52',
      size: 'small',
      kinds: ['innovative', 'technology_intensive', 'innovative'],
      products: '智能传感器',
      contactName: '李四',
      contactPhone: '13800000001',
      contactEmail: 'li@example.cn',
    });
    expect(e).toMatchObject({
      creditCode: code,
      name: '宁夏金凤科技有限公司',
      regionCode: '640100',
      districtCode: JINFENG,
      industryCode: '52',
      industrySection: 'F',
      size: 'small',
      kinds: ['innovative', 'technology_intensive'],
      status: 'active',
      source: 'staff',
      mergedIntoId: null,
    });
    expect(e).not.toHaveProperty('search');
    expect(e).not.toHaveProperty('orgPath');
    const node = json(await admin.get(`/api/orgs/${e.orgId}`));
    expect(node).toMatchObject({ kind: 'enterprise', parentId: org.jinfeng, name: e.name, creditCode: code, districtCode: JINFENG });
    const log = await lastOplog();
    expect(log).toMatchObject({ action: 'enterprises.create', targetType: 'enterprise', targetId: String(e.id), result: 'success', username: 'ent_jf' });
    expect((log.after as Json).contactPhone).toBe('138****0001');
    expect((await jinfengStaff.get(`/api/enterprises/${e.id}`)).statusCode).toBe(200);
  });

  it('suggests the district from the credit code; a city-level code goes under the city bureau', async () => {
    const xq = await create(admin, { creditCode: creditCode(XINGQING), name: '兴庆区建议测试公司' });
    expect(xq.districtCode).toBe(XINGQING);
    expect(json(await admin.get(`/api/orgs/${xq.orgId}`)).parentId).toBe(org.xingqing);
    const city = await create(admin, { creditCode: creditCode('640100'), name: '市级登记测试公司' });
    expect(city.districtCode).toBeNull();
    expect(json(await admin.get(`/api/orgs/${city.orgId}`)).parentId).toBe(org.city);
    // an explicit district wins over the code; an explicit null means none
    const explicit = await create(admin, { creditCode: creditCode(XINGQING), name: '显式区县测试公司', districtCode: XIXIA });
    expect(explicit.districtCode).toBe(XIXIA);
    const none = await create(admin, { creditCode: creditCode(XINGQING), name: '无区县测试公司', districtCode: null });
    expect(none.districtCode).toBeNull();
    // a district officer's own district when the code names none of the region's districts
    const own = await create(jinfengStaff, { creditCode: creditCode('640100'), name: '金凤默认区县测试公司' });
    expect(own.districtCode).toBe(JINFENG);
  });

  it('a district officer cannot create outside their district', async () => {
    const before = await enterpriseCount();
    const res = await jinfengStaff.post('/api/enterprises', { creditCode: creditCode(XINGQING), name: '越界企业' });
    expect(res.statusCode).toBe(403);
    expect(json(res).error.fields[0].field).toBe('districtCode');
    const none = await jinfengStaff.post('/api/enterprises', { creditCode: creditCode(JINFENG), name: '越界企业', districtCode: null });
    expect(none.statusCode).toBe(403);
    expect(await enterpriseCount()).toBe(before);
  });

  it('refuses a duplicate credit code with 409 pointing at the existing record', async () => {
    const code = creditCode(JINFENG);
    const first = await create(jinfengStaff, { creditCode: code, name: '原有企业' });
    const before = await enterpriseCount();
    const res = await jinfengStaff.post('/api/enterprises', { creditCode: ` ${code.toLowerCase()} `, name: '重复企业' });
    expect(res.statusCode).toBe(409);
    const err = json(res).error;
    expect(err.code).toBe('CONFLICT');
    expect(err.fields[0].field).toBe('creditCode');
    expect(err.fields[0].message).toContain('原有企业');
    expect(err.details).toEqual({ existingId: first.id, existingName: '原有企业', existingInScope: true });
    // someone who cannot open it is told it is not theirs to open
    const other = await admin.post('/api/enterprises', { creditCode: code, name: '重复企业' });
    expect(json(other).error.details.existingId).toBe(first.id);
    const xq = await xingqingStaff.post('/api/enterprises', { creditCode: code, name: '重复企业', districtCode: XINGQING });
    expect(xq.statusCode).toBe(409);
    expect(json(xq).error.details.existingInScope).toBe(false);
    expect(await enterpriseCount()).toBe(before);
  });

  it('concurrent creates of one credit code: one wins, the others 409 naming the field', async () => {
    const code = creditCode(JINFENG);
    const results = await Promise.all([1, 2, 3].map((i) => admin.post('/api/enterprises', { creditCode: code, name: `并发企业${i}` })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409]);
    for (const r of results.filter((x) => x.statusCode === 409)) expect(json(r).error.fields[0].field).toBe('creditCode');
  });
});

describe('list, search, filters', () => {
  let xinhua: Json;
  let bookstore: Json;
  let mall: Json;
  let cashmere: Json;
  let park: number;

  beforeAll(async () => {
    park = json(await admin.get('/api/regions')).find((r: Json) => r.code === '640100').parks.find((p: Json) => p.name === '阅海湾科创港').id;
    xinhua = await create(cityStaff, {
      creditCode: creditCode(XINGQING),
      name: '银川新华百货商店有限公司',
      regAddress: '宁夏银川市兴庆区解放西街2号',
      industryCode: '52',
      size: 'large',
      kinds: ['time_honoured'],
    });
    bookstore = await create(cityStaff, { creditCode: creditCode(XINGQING), name: '宁夏新华书店有限公司', industryCode: '51', size: 'medium' });
    mall = await create(cityStaff, { creditCode: creditCode(JINFENG), name: '银川百货大楼股份有限公司', industryCode: 'F', size: 'large', parkId: park });
    cashmere = await create(cityStaff, {
      creditCode: creditCode(JINFENG),
      name: '宁夏塞外香清真食品有限公司',
      products: '羊绒制品、清真牛羊肉',
      opAddress: '金凤区阅海湾中央商务区',
      industryCode: '14',
      size: 'small',
      kinds: ['time_honoured', 'innovative'],
    });
    await create(cityStaff, { creditCode: creditCode(XINGQING), name: '宁夏ABCDEF智能科技有限公司' });
  });

  const names = (page: Json) => page.items.map((e: Json) => e.name);

  it('finds 银川新华百货商店有限公司 from 新华百货, 百货 and the partial 华百, best match first', async () => {
    const full = json(await cityStaff.get(`/api/enterprises?q=${encodeURIComponent('新华百货')}`));
    expect(names(full)[0]).toBe('银川新华百货商店有限公司');
    expect(names(full)).not.toContain('宁夏新华书店有限公司');
    expect(names(full)).not.toContain('银川百货大楼股份有限公司');
    const word = json(await cityStaff.get(`/api/enterprises?q=${encodeURIComponent('百货')}`));
    expect(names(word)).toEqual(expect.arrayContaining(['银川新华百货商店有限公司', '银川百货大楼股份有限公司']));
    expect(names(word)).not.toContain('宁夏新华书店有限公司');
    const partial = json(await cityStaff.get(`/api/enterprises?q=${encodeURIComponent('华百')}`));
    expect(names(partial)).toContain('银川新华百货商店有限公司');
    expect(partial.total).toBe(partial.items.length);
  });

  it('searches addresses, products and the credit code too', async () => {
    expect(names(json(await cityStaff.get(`/api/enterprises?q=${encodeURIComponent('解放西街')}`)))).toEqual(['银川新华百货商店有限公司']);
    expect(names(json(await cityStaff.get(`/api/enterprises?q=${encodeURIComponent('羊绒')}`)))).toEqual(['宁夏塞外香清真食品有限公司']);
    expect(names(json(await cityStaff.get(`/api/enterprises?q=${cashmere.creditCode.slice(0, 14)}`)))).toEqual(['宁夏塞外香清真食品有限公司']);
    expect(names(json(await cityStaff.get(`/api/enterprises?q=${cashmere.creditCode.toLowerCase()}`)))).toEqual(['宁夏塞外香清真食品有限公司']);
    // a word typed from its start is a token prefix; from its middle, the name's trigram match finds it
    expect(names(json(await cityStaff.get('/api/enterprises?q=abcd')))).toEqual(['宁夏ABCDEF智能科技有限公司']);
    expect(names(json(await cityStaff.get('/api/enterprises?q=CDEF')))).toEqual(['宁夏ABCDEF智能科技有限公司']);
    // nothing to tokenise: the name's partial match still answers, and LIKE wildcards are literal
    expect(json(await cityStaff.get(`/api/enterprises?q=${encodeURIComponent('%')}`)).total).toBe(0);
  });

  it('filters by district, park, industry (a section includes its divisions), kind, size and site', async () => {
    const page = async (query: string) => json(await cityStaff.get(`/api/enterprises?pageSize=200&${query}`));
    const xq = await page(`districtCode=${XINGQING}`);
    expect(xq.items.every((e: Json) => e.districtCode === XINGQING)).toBe(true);
    expect(names(xq)).toEqual(expect.arrayContaining(['银川新华百货商店有限公司', '宁夏新华书店有限公司']));
    expect(names(await page(`parkId=${park}`))).toEqual(['银川百货大楼股份有限公司']);
    const f = await page('industryCode=F');
    expect(names(f)).toEqual(expect.arrayContaining(['银川新华百货商店有限公司', '宁夏新华书店有限公司', '银川百货大楼股份有限公司']));
    expect(names(f)).not.toContain('宁夏塞外香清真食品有限公司');
    expect(f.items.every((e: Json) => e.industrySection === 'F')).toBe(true);
    expect(names(await page('industryCode=51'))).toEqual(['宁夏新华书店有限公司']);
    expect(names(await page('kind=time_honoured')).sort()).toEqual(['宁夏塞外香清真食品有限公司', '银川新华百货商店有限公司'].sort());
    const large = await page('size=large');
    expect(names(large)).toEqual(expect.arrayContaining(['银川新华百货商店有限公司', '银川百货大楼股份有限公司']));
    expect(large.items.every((e: Json) => e.size === 'large')).toBe(true);
    expect((await page(`siteOrgId=${org.site}`)).total).toBe(0);
    expect(names(await page(`kind=time_honoured&districtCode=${JINFENG}`))).toEqual(['宁夏塞外香清真食品有限公司']);
  });

  it('paginates and sorts', async () => {
    const all = json(await cityStaff.get('/api/enterprises?pageSize=200&sort=name&order=asc'));
    const sorted = [...names(all)].sort((a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0));
    expect(names(all)).toEqual(sorted);
    const p1 = json(await cityStaff.get('/api/enterprises?pageSize=2&page=1'));
    const p2 = json(await cityStaff.get('/api/enterprises?pageSize=2&page=2'));
    expect(p1.total).toBe(all.total);
    expect(p1.items.map((e: Json) => e.id)).toEqual(all.items.map((e: Json) => e.id).sort((a: number, b: number) => b - a).slice(0, 2));
    expect(p2.items[0].id).toBeLessThan(p1.items[1].id);
    expect((await cityStaff.get('/api/enterprises?sort=search')).statusCode).toBe(400);
  });

  it('scopes results: a 金凤区 officer finds only 金凤区 records, whatever the query', async () => {
    const q = json(await jinfengStaff.get(`/api/enterprises?q=${encodeURIComponent('百货')}`));
    expect(names(q)).toEqual(['银川百货大楼股份有限公司']);
    const all = json(await jinfengStaff.get('/api/enterprises?pageSize=200'));
    expect(all.items.every((e: Json) => e.districtCode === JINFENG)).toBe(true);
    expect(json(await jinfengStaff.get(`/api/enterprises?districtCode=${XINGQING}`)).total).toBe(0);
    expect((await jinfengStaff.get(`/api/enterprises/${xinhua.id}`)).statusCode).toBe(404);
    expect((await jinfengStaff.patch(`/api/enterprises/${xinhua.id}`, { contactName: '越界' })).statusCode).toBe(404);
    expect((await jinfengStaff.get(`/api/enterprises/${bookstore.id}`)).statusCode).toBe(404);
    expect((await jinfengStaff.get(`/api/enterprises/${mall.id}`)).statusCode).toBe(200);
  });

  it('counts by district, industry section, kind, size and status, within scope', async () => {
    const stats = json(await cityStaff.get('/api/enterprises/stats'));
    const list = json(await cityStaff.get('/api/enterprises?pageSize=1'));
    expect(stats.total).toBe(list.total);
    const sum = (buckets: Json[]) => buckets.reduce((n: number, b: Json) => n + b.count, 0);
    for (const key of ['byDistrict', 'byIndustry', 'bySize', 'byStatus']) expect(sum(stats[key]), key).toBe(stats.total);
    expect(stats.byIndustry.find((b: Json) => b.key === 'F').count).toBeGreaterThanOrEqual(3);
    expect(stats.byKind.find((b: Json) => b.key === 'time_honoured').count).toBe(2);
    const jf = json(await jinfengStaff.get('/api/enterprises/stats'));
    expect(jf.byDistrict.map((b: Json) => b.key)).toEqual([JINFENG]);
    expect(jf.total).toBe(json(await jinfengStaff.get('/api/enterprises?pageSize=1')).total);
    const filtered = json(await cityStaff.get('/api/enterprises/stats?kind=time_honoured'));
    expect(filtered.total).toBe(2);
  });

  it('exports what the list shows, with labels, in the caller\'s language', async () => {
    const rows = await readXlsx(await cityStaff.get(`/api/enterprises/export?districtCode=${XINGQING}`));
    expect(rows[0].slice(0, 5)).toEqual(['编号', '企业名称', '统一社会信用代码', '法定代表人', '所属区县']);
    const list = json(await cityStaff.get(`/api/enterprises?districtCode=${XINGQING}&pageSize=200`));
    expect(rows.length - 1).toBe(list.total);
    const row = rows.find((r) => r[1] === '银川新华百货商店有限公司')!;
    expect(row[4]).toBe('兴庆区');
    expect(row[6]).toBe('批发和零售业');
    expect(row[7]).toBe('零售业');
    expect(row[8]).toBe('大型');
    expect(row[9]).toBe('老字号');
    expect(row[17]).toBe('正常');
    cityStaff.locale = 'en-US';
    const en = await readXlsx(await cityStaff.get(`/api/enterprises/export?q=${encodeURIComponent('新华百货')}`));
    cityStaff.locale = 'zh-CN';
    expect(en[0][1]).toBe('Name');
    expect(en[1][1]).toBe('银川新华百货商店有限公司');
    expect(en[1][8]).toBe('Large');
    const jf = await readXlsx(await jinfengStaff.get('/api/enterprises/export'));
    expect(jf.slice(1).every((r) => r[4] === '金凤区')).toBe(true);
  });
});
