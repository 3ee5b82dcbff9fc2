import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type Client, type Json, type TestApp } from '../../../test/harness.js';
import { creditCodes } from '../../../test/fixtures.js';

/**
 * A bureau's search names its scope in the text query (issue 23 item 3): the enterprises' search vectors carry one
 * `@<path>` lexeme per organisation above their node and their serving site. Whatever moves an enterprise, the
 * lexemes must say exactly what the scope's path conditions say.
 */
let t: TestApp;
let admin: Client;
let jinfeng: Client;
let xingqing: Client;
const org: Record<string, number> = {};
const JINFENG = '640106';
const XINGQING = '640104';
const creditCode = creditCodes('RW5C');

/** organisations whose `@<path>` lexeme disagrees with `org_path like P% or site_org_path like P%` for some enterprise */
async function lexemeDrift(): Promise<unknown[]> {
  return t.database.query(`
    select o.path, count(*)::int as wrong
      from orgs o cross join enterprises e
     where (e.search @@ format('%L', '@' || o.path)::tsquery) <> (e.org_path like o.path || '%' or coalesce(e.site_org_path like o.path || '%', false))
     group by o.path`);
}

const names = (page: Json) => (page.items as Json[]).map((e) => e.name as string).sort();

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  org.jinfeng = await t.orgId('金凤区市场监督管理局');
  org.xingqing = await t.orgId('兴庆区市场监督管理局');
  await t.createUser({ username: 'ss_jf', orgId: org.jinfeng, roles: ['district_staff'] });
  await t.createUser({ username: 'ss_xq', orgId: org.xingqing, roles: ['district_staff'] });
  [jinfeng, xingqing] = await Promise.all(['ss_jf', 'ss_xq'].map((u) => t.loginAs(u)));
});
afterAll(async () => t?.close());

describe('scoped Chinese search', () => {
  it('finds within the officer’s district, by the words and the scope in one text query, as the lists’ scope says', async () => {
    expect(await lexemeDrift()).toEqual([]); // the migration's backfill of the seeded data
    const site = json(await admin.post('/api/orgs', { parentId: org.xingqing, name: '兴庆区搜索范围工作站', kind: 'site' })).id as number;
    const made: Record<string, Json> = {};
    for (const [key, name, district, extra] of [
      ['a', '塞外搜索甲科技有限公司', JINFENG, {}],
      ['b', '塞外搜索乙科技有限公司', XINGQING, {}],
      ['c', '塞外搜索丙科技有限公司', JINFENG, { siteOrgId: site }],
    ] as const) {
      const res = await admin.post('/api/enterprises', { creditCode: creditCode(district), name, districtCode: district, ...extra });
      expect(res.statusCode, res.body).toBe(200);
      made[key] = json(res);
    }
    expect(await lexemeDrift()).toEqual([]);
    // 丙 is served by a 兴庆区 site: both districts see it
    expect(names(json(await jinfeng.get(`/api/enterprises?q=${encodeURIComponent('塞外搜索')}`)))).toEqual(['塞外搜索丙科技有限公司', '塞外搜索甲科技有限公司']);
    expect(names(json(await xingqing.get(`/api/enterprises?q=${encodeURIComponent('塞外搜索')}`)))).toEqual(['塞外搜索丙科技有限公司', '塞外搜索乙科技有限公司']);
    // moved to 兴庆区 (its organisation moves under that bureau), renamed, the site taken away: the lexemes follow
    expect((await admin.patch(`/api/enterprises/${made.a!.id}`, { districtCode: XINGQING })).statusCode).toBe(200);
    expect((await admin.patch(`/api/enterprises/${made.c!.id}`, { siteOrgId: null, name: '塞外搜索丁科技有限公司' })).statusCode).toBe(200);
    expect(await lexemeDrift()).toEqual([]);
    expect(names(json(await jinfeng.get(`/api/enterprises?q=${encodeURIComponent('塞外搜索')}`)))).toEqual(['塞外搜索丁科技有限公司']);
    const xq = json(await xingqing.get(`/api/enterprises?q=${encodeURIComponent('塞外搜索')}`));
    expect(names(xq)).toEqual(['塞外搜索乙科技有限公司', '塞外搜索甲科技有限公司']);
    expect(xq.total).toBe(2);
    // a partial word (the name's trigram match, no text index) keeps the scope as a condition
    expect(names(json(await jinfeng.get(`/api/enterprises?q=${encodeURIComponent('搜索丁科')}`)))).toEqual(['塞外搜索丁科技有限公司']);
    expect(json(await xingqing.get(`/api/enterprises?q=${encodeURIComponent('搜索丁科')}`)).total).toBe(0);
    // the scope lexemes are never words: no query word (letters and digits match as prefixes: 'in':*) finds one
    expect(json(await admin.get(`/api/enterprises?q=in`)).total).toBe(0);
  });
});
