import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, desc, eq } from 'drizzle-orm';
import { enterprises, oplog, orgs, users } from '../../db/schema/index.js';
import { createTestApp, json, readXlsx, type Client, type Json, type TestApp } from '../../../test/harness.js';
import { creditCodes } from '../../../test/fixtures.js';

let t: TestApp;
let admin: Client;
let cityStaff: Client;
let jinfengStaff: Client;
let xingqingStaff: Client;
let siteStaff: Client;
let roleIds: Record<string, number>;
const org: Record<string, number> = {};

const STRONG = 'Strong#Pass2026';
const JINFENG = '640106';
const XINGQING = '640104';
const XIXIA = '640105';

/** A valid 统一社会信用代码 registered in `division` (GB 32100: 91 + 行政区划 + 9-character id + check character). */
const creditCode = creditCodes('MA5C');
/** The same code with its check character changed. */
function withWrongCheck(code: string): string {
  const alt = code[17] === '0' ? '1' : '0';
  return code.slice(0, 17) + alt;
}

const enterpriseCount = async () => (await t.database.db.select({ n: count() }).from(enterprises))[0].n;
const lastOplog = async () => (await t.database.db.select().from(oplog).orderBy(desc(oplog.seq)).limit(1))[0];

async function create(c: Client, body: Record<string, unknown>): Promise<Json> {
  const res = await c.post('/api/enterprises', body);
  if (res.statusCode !== 200) throw new Error(`create ${String(body.name)}: ${res.body}`);
  return json(res);
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  roleIds = Object.fromEntries(json(await admin.get('/api/roles')).items.map((r: Json) => [r.code, r.id]));
  org.city = await t.orgId('银川市市场监督管理局');
  org.jinfeng = await t.orgId('金凤区市场监督管理局');
  org.xingqing = await t.orgId('兴庆区市场监督管理局');
  org.xixia = await t.orgId('西夏区市场监督管理局');
  org.site = json(await admin.post('/api/orgs', { parentId: org.jinfeng, name: '金凤区商业秘密保护工作站', kind: 'site' })).id;
  await t.createUser({ username: 'ent_city', orgId: org.city, roles: ['city_staff'] });
  await t.createUser({ username: 'ent_jf', orgId: org.jinfeng, roles: ['district_staff'] });
  await t.createUser({ username: 'ent_xq', orgId: org.xingqing, roles: ['district_staff'] });
  await t.createUser({ username: 'ent_site', orgId: org.site, roles: ['site_staff'] });
  [cityStaff, jinfengStaff, xingqingStaff, siteStaff] = await Promise.all(['ent_city', 'ent_jf', 'ent_xq', 'ent_site'].map((u) => t.loginAs(u)));
});
afterAll(async () => t?.close());

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

describe('update', () => {
  let e: Json;
  beforeAll(async () => {
    e = await create(jinfengStaff, { creditCode: creditCode(JINFENG), name: '金凤修改测试有限公司', kinds: ['innovative'] });
  });

  it('changes only the fields sent, keeps the organisation in step and refreshes search', async () => {
    const res = await jinfengStaff.patch(`/api/enterprises/${e.id}`, { name: '金凤改名测试有限公司', products: '光伏逆变器', size: 'medium' });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({ name: '金凤改名测试有限公司', products: '光伏逆变器', size: 'medium', kinds: ['innovative'], districtCode: JINFENG });
    expect(json(await admin.get(`/api/orgs/${e.orgId}`)).name).toBe('金凤改名测试有限公司');
    expect(json(await jinfengStaff.get(`/api/enterprises?q=${encodeURIComponent('逆变器')}`)).items.map((x: Json) => x.id)).toEqual([e.id]);
    expect(json(await jinfengStaff.get(`/api/enterprises?q=${encodeURIComponent('修改测试')}`)).total).toBe(0);
    const log = await lastOplog();
    expect(log).toMatchObject({ action: 'enterprises.update', targetId: String(e.id) });
    expect((log.before as Json).name).toBe('金凤修改测试有限公司');
    expect((log.after as Json).name).toBe('金凤改名测试有限公司');
    // the credit code is checked like on create
    const bad = await jinfengStaff.patch(`/api/enterprises/${e.id}`, { creditCode: withWrongCheck(e.creditCode) });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).error.fields[0].field).toBe('creditCode');
    expect((await jinfengStaff.patch(`/api/enterprises/${e.id}`, { status: 'merged' })).statusCode).toBe(400);
  });

  it('moving the district moves the organisation under the new bureau, with its users', async () => {
    const userId = await t.createUser({ username: 'ent_move_user', orgId: e.orgId, roles: ['enterprise_member'] });
    // a district officer cannot push it out of their own district
    const out = await jinfengStaff.patch(`/api/enterprises/${e.id}`, { districtCode: XIXIA });
    expect(out.statusCode).toBe(403);
    expect(json(out).error.fields[0].field).toBe('districtCode');
    expect(json(await jinfengStaff.get(`/api/enterprises/${e.id}`)).districtCode).toBe(JINFENG);

    const res = await cityStaff.patch(`/api/enterprises/${e.id}`, { districtCode: XIXIA });
    expect(res.statusCode).toBe(200);
    expect(json(res).districtCode).toBe(XIXIA);
    const node = json(await admin.get(`/api/orgs/${e.orgId}`));
    expect(node).toMatchObject({ parentId: org.xixia, districtCode: XIXIA });
    const [u] = await t.database.db.select().from(users).where(eq(users.id, userId));
    expect(u.orgPath).toBe(node.path);
    const [row] = await t.database.db.select().from(enterprises).where(eq(enterprises.id, e.id));
    expect(row.orgPath).toBe(node.path);
    expect((await jinfengStaff.get(`/api/enterprises/${e.id}`)).statusCode).toBe(404);
    expect(json(await cityStaff.get(`/api/enterprises?districtCode=${XIXIA}`)).items.map((x: Json) => x.id)).toContain(e.id);
    // and back, by the organisation API this time: the record follows its organisation
    expect((await admin.patch(`/api/orgs/${e.orgId}`, { parentId: org.jinfeng })).statusCode).toBe(200);
    const back = json(await jinfengStaff.get(`/api/enterprises/${e.id}`));
    expect(back.districtCode).toBe(JINFENG);
    // but its name, code and contacts are the registry's: the organisation API refuses them, naming the field
    const rename = await admin.patch(`/api/orgs/${e.orgId}`, { name: '绕过企业名录改名' });
    expect(rename.statusCode).toBe(409);
    expect(json(rename).error.fields[0]).toMatchObject({ field: 'name', message: expect.stringContaining('由企业名录维护') });
    expect(json(await jinfengStaff.get(`/api/enterprises/${e.id}`)).name).toBe(back.name);
  });
});

describe('merge', () => {
  it('folds a duplicate into the survivor: status, pointer, users, audit; merged records leave the default list', async () => {
    const keep = await create(jinfengStaff, { creditCode: creditCode(JINFENG), name: '合并保留有限公司' });
    const dup = await create(jinfengStaff, { creditCode: creditCode(JINFENG), name: '合并保留有限责任公司' });
    const older = await create(jinfengStaff, { creditCode: creditCode(JINFENG), name: '更早的重复记录' });
    expect((await jinfengStaff.post(`/api/enterprises/${older.id}/merge`, { intoId: dup.id })).statusCode).toBe(200);
    const member = await t.createUser({ username: 'ent_dup_member', orgId: dup.orgId, roles: ['enterprise_member'] });

    expect((await jinfengStaff.post(`/api/enterprises/${dup.id}/merge`, { intoId: dup.id })).statusCode).toBe(400);
    const res = await jinfengStaff.post(`/api/enterprises/${dup.id}/merge`, { intoId: keep.id });
    expect(res.statusCode).toBe(200);
    expect(json(res).id).toBe(keep.id);
    const merged = json(await jinfengStaff.get(`/api/enterprises/${dup.id}`));
    expect(merged).toMatchObject({ status: 'merged', mergedIntoId: keep.id });
    expect(json(await jinfengStaff.get(`/api/enterprises/${older.id}`)).mergedIntoId).toBe(keep.id);
    const [u] = await t.database.db.select().from(users).where(eq(users.id, member));
    expect(u.orgId).toBe(keep.orgId);
    const [node] = await t.database.db.select().from(orgs).where(eq(orgs.id, dup.orgId));
    expect(node.status).toBe('disabled');

    const log = await lastOplog();
    expect(log).toMatchObject({ action: 'enterprises.merge', targetType: 'enterprise', targetId: String(dup.id) });
    expect((log.before as Json).source.name).toBe('合并保留有限责任公司');
    expect((log.after as Json).target).toMatchObject({ id: keep.id, name: '合并保留有限公司' });
    expect((log.after as Json).movedUserIds).toEqual([member]);

    const list = json(await jinfengStaff.get('/api/enterprises?pageSize=200'));
    expect(list.items.map((e: Json) => e.id)).not.toContain(dup.id);
    expect(json(await jinfengStaff.get('/api/enterprises?status=merged&pageSize=200')).items.map((e: Json) => e.id)).toContain(dup.id);

    expect((await jinfengStaff.post(`/api/enterprises/${dup.id}/merge`, { intoId: keep.id })).statusCode).toBe(409);
    expect((await jinfengStaff.patch(`/api/enterprises/${dup.id}`, { contactName: 'x' })).statusCode).toBe(409);
    const into = await jinfengStaff.post(`/api/enterprises/${keep.id}/merge`, { intoId: dup.id });
    expect(into.statusCode).toBe(409);
    expect(json(into).error.fields[0].field).toBe('intoId');
  });

  it('both records must be in scope', async () => {
    const mine = await create(jinfengStaff, { creditCode: creditCode(JINFENG), name: '金凤合并测试' });
    const theirs = await create(xingqingStaff, { creditCode: creditCode(XINGQING), name: '兴庆合并测试' });
    const res = await jinfengStaff.post(`/api/enterprises/${mine.id}/merge`, { intoId: theirs.id });
    expect(res.statusCode).toBe(400);
    expect(json(res).error.fields[0].field).toBe('intoId');
    expect((await jinfengStaff.post(`/api/enterprises/${theirs.id}/merge`, { intoId: mine.id })).statusCode).toBe(404);
    expect(json(await xingqingStaff.get(`/api/enterprises/${theirs.id}`)).status).toBe('active');
  });
});

describe('tenancy and sites', () => {
  let a: Json;
  let b: Json;
  let aAdmin: Client;
  let aMember: Client;

  beforeAll(async () => {
    a = await create(jinfengStaff, { creditCode: creditCode(JINFENG), name: '租户甲有限公司', contactName: '甲' });
    b = await create(jinfengStaff, { creditCode: creditCode(JINFENG), name: '租户乙有限公司', contactName: '乙' });
    await t.createUser({ username: 'tenant_a_admin', orgId: a.orgId, roles: ['enterprise_admin'] });
    await t.createUser({ username: 'tenant_a_member', orgId: a.orgId, roles: ['enterprise_member'] });
    aAdmin = await t.loginAs('tenant_a_admin');
    aMember = await t.loginAs('tenant_a_member');
  });

  it('enterprise A\'s users read nothing of enterprise B', async () => {
    for (const c of [aAdmin, aMember]) {
      expect((await c.get(`/api/enterprises/${b.id}`)).statusCode).toBe(404);
      const list = json(await c.get('/api/enterprises?pageSize=200'));
      expect(list.items.map((e: Json) => e.id)).toEqual([a.id]);
      expect(json(await c.get(`/api/enterprises?q=${encodeURIComponent('租户乙')}`)).total).toBe(0);
      const rows = await readXlsx(await c.get('/api/enterprises/export'));
      expect(rows.slice(1).map((r) => r[1])).toEqual(['租户甲有限公司']);
      expect(json(await c.get('/api/enterprises/stats')).total).toBe(1);
      expect((await c.get(`/api/enterprises/${a.id}`)).statusCode).toBe(200);
    }
    expect((await aAdmin.patch(`/api/enterprises/${b.id}`, { contactName: '越界' })).statusCode).toBe(404);
    expect((await aMember.patch(`/api/enterprises/${a.id}`, { contactName: '成员' })).statusCode).toBe(403);
    expect(json(await jinfengStaff.get(`/api/enterprises/${b.id}`)).contactName).toBe('乙');
  });

  it('an enterprise administrator edits the profile, not the registry fields', async () => {
    const ok = await aAdmin.patch(`/api/enterprises/${a.id}`, { contactName: '甲二', contactPhone: '13900000002', products: '芯片封装', industryCode: '39' });
    expect(ok.statusCode).toBe(200);
    expect(json(ok)).toMatchObject({ contactName: '甲二', products: '芯片封装', industrySection: 'C' });
    for (const patch of [{ name: '改名' }, { creditCode: creditCode(JINFENG) }, { districtCode: XIXIA }, { status: 'closed' }, { kinds: ['innovative'] }, { siteOrgId: org.site }]) {
      const res = await aAdmin.patch(`/api/enterprises/${a.id}`, { contactName: '不应保存', ...patch });
      expect(res.statusCode, JSON.stringify(patch)).toBe(403);
      expect(json(res).error.fields.map((f: Json) => f.field)).toEqual(Object.keys(patch));
    }
    expect(json(await aAdmin.get(`/api/enterprises/${a.id}`))).toMatchObject({ name: '租户甲有限公司', contactName: '甲二', status: 'active', districtCode: JINFENG });
    // nor create, merge or confirm
    expect((await aAdmin.post('/api/enterprises', { creditCode: creditCode(JINFENG), name: '企业建企业' })).statusCode).toBe(403);
    expect((await aAdmin.post(`/api/enterprises/${a.id}/merge`, { intoId: b.id })).statusCode).toBe(403);
  });

  it('a site sees the enterprises it serves, wherever they are; a 金凤区 officer then sees those its site serves', async () => {
    const xq = await create(xingqingStaff, { creditCode: creditCode(XINGQING), name: '兴庆站点服务企业' });
    expect(json(await siteStaff.get('/api/enterprises')).total).toBe(0);
    expect((await siteStaff.get(`/api/enterprises/${xq.id}`)).statusCode).toBe(404);
    // the 兴庆区 officer cannot assign a 金凤区 site; the city can
    const refused = await xingqingStaff.patch(`/api/enterprises/${xq.id}`, { siteOrgId: org.site });
    expect(refused.statusCode).toBe(400);
    expect(json(refused).error.fields[0].field).toBe('siteOrgId');
    const assigned = await cityStaff.patch(`/api/enterprises/${xq.id}`, { siteOrgId: org.site });
    expect(assigned.statusCode).toBe(200);
    expect(json(assigned)).toMatchObject({ siteOrgId: org.site, siteOrgName: '金凤区商业秘密保护工作站' });
    const list = json(await siteStaff.get('/api/enterprises'));
    expect(list.items.map((e: Json) => e.id)).toEqual([xq.id]);
    expect((await siteStaff.get(`/api/enterprises/${xq.id}`)).statusCode).toBe(200);
    expect((await siteStaff.get(`/api/enterprises/${a.id}`)).statusCode).toBe(404);
    expect(json(await siteStaff.get(`/api/enterprises?siteOrgId=${org.site}`)).total).toBe(1);
    expect((await jinfengStaff.get(`/api/enterprises/${xq.id}`)).statusCode).toBe(200);
    // site staff read and confirm; they do not edit
    expect((await siteStaff.patch(`/api/enterprises/${xq.id}`, { contactName: 'x' })).statusCode).toBe(403);
  });
});

describe('enterprise accounts', () => {
  const registration = (over: Record<string, unknown> = {}) => ({
    creditCode: creditCode(JINFENG),
    name: '自助注册测试有限公司',
    contactName: '王五',
    contactPhone: '13700000003',
    password: STRONG,
    ...over,
  });

  it('self-registration: pending, cannot sign in, confirmed by 金凤区 staff, then can', async () => {
    const anon = t.client();
    const body = registration({ name: '自助注册确认有限公司' });
    const res = await anon.post('/api/enterprises/register', body);
    expect(res.statusCode, res.body).toBe(200);
    const reg = json(res);
    // the administrator's user name is the credit code
    expect(reg).toEqual({ id: expect.any(Number), name: '自助注册确认有限公司', status: 'pending', username: body.creditCode });
    expect((await lastOplog()).action).toBe('enterprises.register');

    const login = await t.client().login(body.creditCode, STRONG);
    expect(login.statusCode).toBe(403);
    expect(json(login).error).toMatchObject({ code: 'ACCOUNT_DISABLED', message: expect.stringContaining('企业注册尚待'), details: { reason: 'registration_pending' } });
    // a wrong password learns nothing about the registration
    const wrong = await t.client().login(body.creditCode, 'Wrong#Pass2026');
    expect(json(wrong).error.code).toBe('INVALID_CREDENTIALS');

    const pending = json(await jinfengStaff.get('/api/enterprises?status=pending&pageSize=200'));
    const mine = pending.items.find((e: Json) => e.id === reg.id);
    expect(mine).toMatchObject({ source: 'self', districtCode: JINFENG, contactName: '王五', creditCode: body.creditCode });
    expect(json(await xingqingStaff.get('/api/enterprises?status=pending&pageSize=200')).items.map((e: Json) => e.id)).not.toContain(reg.id);
    expect((await xingqingStaff.post(`/api/enterprises/${reg.id}/confirm`)).statusCode).toBe(404);
    // a pending registration is confirmed or rejected, not activated by an edit
    expect((await jinfengStaff.patch(`/api/enterprises/${reg.id}`, { status: 'active' })).statusCode).toBe(409);

    const ok = await jinfengStaff.post(`/api/enterprises/${reg.id}/confirm`);
    expect(ok.statusCode).toBe(200);
    expect(json(ok).status).toBe('active');
    expect((await jinfengStaff.post(`/api/enterprises/${reg.id}/confirm`)).statusCode).toBe(409);

    const c = t.client();
    const signedIn = await c.login(body.creditCode, STRONG);
    expect(signedIn.statusCode).toBe(200);
    expect(json(signedIn).user).toMatchObject({ mustChangePassword: false, orgKind: 'enterprise', roles: [{ code: 'enterprise_admin' }] });
    const own = json(await c.get('/api/enterprises'));
    expect(own.items.map((e: Json) => e.id)).toEqual([reg.id]);
  });

  it('refuses bad registrations and creates nothing', async () => {
    const anon = t.client();
    const before = await enterpriseCount();
    const noContact = await anon.post('/api/enterprises/register', registration({ contactPhone: undefined }));
    expect(noContact.statusCode).toBe(400);
    expect(json(noContact).error.fields.map((f: Json) => f.field)).toEqual(['contactPhone', 'contactEmail']);
    const weak = await anon.post('/api/enterprises/register', registration({ password: 'weakpass' }));
    expect(weak.statusCode).toBe(400);
    expect(json(weak).error.code).toBe('WEAK_PASSWORD');
    const badCode = await anon.post('/api/enterprises/register', registration({ creditCode: withWrongCheck(creditCode(JINFENG)) }));
    expect(json(badCode).error.fields[0].field).toBe('creditCode');
    expect(await enterpriseCount()).toBe(before);
  });

  it('a taken credit code is a plain 409 to the public: no pointer to the record', async () => {
    const existing = await create(jinfengStaff, { creditCode: creditCode(JINFENG), name: '已登记企业' });
    const res = await t.client().post('/api/enterprises/register', registration({ creditCode: existing.creditCode, contactPhone: null, contactEmail: 'a@b.cn' }));
    expect(res.statusCode).toBe(409);
    const err = json(res).error;
    expect(err.fields[0].field).toBe('creditCode');
    expect(Object.keys(err).sort()).toEqual(['code', 'fields', 'message', 'requestId']);
    expect(err.fields).toEqual([{ field: 'creditCode', message: '统一社会信用代码：已登记，如需开通账号请联系所在区县市场监督管理局' }]);
    expect(res.body).not.toContain('已登记企业');
  });

  it('rejection removes the registration and frees the credit code and the user name', async () => {
    const body = registration({ name: '冒名注册有限公司' });
    const reg = json(await t.client().post('/api/enterprises/register', body));
    expect((await jinfengStaff.post(`/api/enterprises/${reg.id}/reject`, {})).statusCode).toBe(400);
    const res = await jinfengStaff.post(`/api/enterprises/${reg.id}/reject`, { reason: '营业执照信息不符' });
    expect(res.statusCode).toBe(200);
    expect((await jinfengStaff.get(`/api/enterprises/${reg.id}`)).statusCode).toBe(404);
    expect((await t.client().login(body.creditCode, STRONG)).statusCode).toBe(401);
    const log = await lastOplog();
    expect(log).toMatchObject({ action: 'enterprises.reject', targetId: String(reg.id) });
    expect(log.after).toEqual({ rejected: true, reason: '营业执照信息不符' });
    expect((log.before as Json).name).toBe('冒名注册有限公司');
    const again = await t.client().post('/api/enterprises/register', { ...body, name: '真实企业有限公司' });
    expect(again.statusCode).toBe(200);
    // only pending registrations are rejected
    const active = await create(jinfengStaff, { creditCode: creditCode(JINFENG), name: '正常企业不可驳回' });
    expect((await jinfengStaff.post(`/api/enterprises/${active.id}/reject`, { reason: 'x' })).statusCode).toBe(409);
  });

  it('the serving site confirms a registration assigned to it', async () => {
    const reg = json(await t.client().post('/api/enterprises/register', registration({ name: '站点确认有限公司' })));
    expect((await siteStaff.post(`/api/enterprises/${reg.id}/confirm`)).statusCode).toBe(404);
    expect((await jinfengStaff.patch(`/api/enterprises/${reg.id}`, { siteOrgId: org.site })).statusCode).toBe(200);
    const ok = await siteStaff.post(`/api/enterprises/${reg.id}/confirm`);
    expect(ok.statusCode).toBe(200);
    expect(json(ok).status).toBe('active');
  });

  it('staff invite an administrator, who invites members and cannot grant staff roles', async () => {
    const e = await create(jinfengStaff, { creditCode: creditCode(JINFENG), name: '邀请测试有限公司' });
    const other = await create(jinfengStaff, { creditCode: creditCode(JINFENG), name: '邀请测试另一家' });
    const invite = await jinfengStaff.post(`/api/enterprises/${e.id}/invite`, { username: 'invited_admin', displayName: '赵六', password: STRONG, phone: '13600000004' });
    expect(invite.statusCode, invite.body).toBe(200);
    expect(json(invite)).toMatchObject({ username: 'invited_admin', orgId: e.orgId, status: 'active', mustChangePassword: true });
    expect((await lastOplog()).action).toBe('enterprises.invite');
    expect((await xingqingStaff.post(`/api/enterprises/${e.id}/invite`, { username: 'invited_x', displayName: 'x', password: STRONG })).statusCode).toBe(404);
    const weak = await jinfengStaff.post(`/api/enterprises/${e.id}/invite`, { username: 'invited_weak', displayName: 'x', password: 'short' });
    expect(json(weak).error.code).toBe('WEAK_PASSWORD');

    const c = t.client();
    expect((await c.login('invited_admin', STRONG)).statusCode).toBe(200);
    expect(json(await c.get('/api/enterprises')).error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await c.post('/api/auth/password', { currentPassword: STRONG, newPassword: 'Another#Pass2026' })).statusCode).toBe(200);
    expect(json(await c.get('/api/enterprises')).items.map((x: Json) => x.id)).toEqual([e.id]);

    const member = { displayName: '成员', orgId: e.orgId, password: 'Member#Pass2026' };
    const m = await c.post('/api/users', { ...member, username: 'invited_member', roleIds: [roleIds.enterprise_member] });
    expect(m.statusCode, m.body).toBe(200);
    expect(json(m).roles.map((r: Json) => r.code)).toEqual(['enterprise_member']);
    expect((await c.post('/api/users', { ...member, username: 'invited_admin2', roleIds: [roleIds.enterprise_admin] })).statusCode).toBe(200);
    for (const role of ['district_staff', 'site_staff', 'city_admin']) {
      const res = await c.post('/api/users', { ...member, username: `invited_${role}`, roleIds: [roleIds[role]] });
      expect(res.statusCode, role).toBe(403);
      expect(json(res).error.code).toBe('FORBIDDEN');
    }
    const elsewhere = await c.post('/api/users', { ...member, orgId: other.orgId, username: 'invited_elsewhere', roleIds: [roleIds.enterprise_member] });
    expect(elsewhere.statusCode).toBe(400);
    expect(json(elsewhere).error.fields[0].field).toBe('orgId');
    expect((await c.patch(`/api/users/${json(m).id}`, { roleIds: [roleIds.district_staff] })).statusCode).toBe(403);

    const mc = t.client();
    await mc.login('invited_member', 'Member#Pass2026');
    await mc.post('/api/auth/password', { currentPassword: 'Member#Pass2026', newPassword: 'Member#Pass2027' });
    expect(json(await mc.get(`/api/enterprises/${e.id}`)).name).toBe('邀请测试有限公司');
    expect((await mc.get(`/api/enterprises/${other.id}`)).statusCode).toBe(404);

    // no accounts for a pending registration until it is confirmed
    const reg = json(await t.client().post('/api/enterprises/register', registration({ name: '待确认不可邀请' })));
    expect((await jinfengStaff.post(`/api/enterprises/${reg.id}/invite`, { username: 'invited_pending', displayName: 'x', password: STRONG })).statusCode).toBe(409);
  });
});
