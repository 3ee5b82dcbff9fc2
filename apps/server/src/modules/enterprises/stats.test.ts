import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type Client, type Json, type TestApp } from '../../../test/harness.js';
import { creditCodes } from '../../../test/fixtures.js';
import { actorOf, ctxOf } from '../../../test/actors.js';
import type { EnterpriseFilters } from './read.js';
import { fromTallies, statsSources } from './stats.js';

/** 企业统计 from the maintained tallies (issue 23 item 2): always what a pass over the enterprises themselves counts. */
let t: TestApp;
let admin: Client;
const JINFENG = '640106';
const XINGQING = '640104';
const creditCode = creditCodes('TJ5C');
const users: Record<string, number> = {};

async function create(body: Record<string, unknown>): Promise<Json> {
  const res = await admin.post('/api/enterprises', { creditCode: creditCode(String(body.districtCode ?? JINFENG)), ...body });
  expect(res.statusCode, res.body).toBe(200);
  return json(res);
}

/** the tallies summed per key, and the same counted from the enterprises: equal when the triggers kept them */
const KEY = `regexp_replace(e.org_path, '[0-9]+/$', ''), e.site_org_path, e.region_code, e.district_code, e.industry_section, e.size, e.status`;
async function tallyDrift(): Promise<unknown[]> {
  return t.database.query(`
    with kept as (select parent_path, site_org_path, region_code, district_code, industry_section, size, status, kind, n from enterprise_tallies where n <> 0),
    counted as (
      select ${KEY}, null::text as kind, count(*)::int as n from enterprises e group by ${KEY}
      union all
      select ${KEY}, k, count(*)::int from enterprises e, unnest(e.kinds) k group by ${KEY}, k)
    (select 'kept' as side, * from kept except all select 'kept', * from counted)
    union all
    (select 'counted', * from counted except all select 'counted', * from kept)`);
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  users.city = await t.createUser({ username: 'st_city', orgId: await t.orgId('银川市市场监督管理局'), roles: ['city_staff'] });
  users.jinfeng = await t.createUser({ username: 'st_jf', orgId: await t.orgId('金凤区市场监督管理局'), roles: ['district_staff'] });
});
afterAll(async () => t?.close());

describe('企业统计 from maintained tallies', () => {
  it('every write keeps the tallies equal to a count of the enterprises, and both sources answer alike', async () => {
    expect(await tallyDrift()).toEqual([]); // the migration's initial fill of the seeded data
    const a = await create({ name: '统计甲制造有限公司', industryCode: 'C', size: 'small', kinds: ['high_tech', 'innovative'] });
    const b = await create({ name: '统计乙商贸有限公司', industryCode: 'F', size: 'medium', kinds: ['time_honoured'] });
    const c = await create({ name: '统计丙制造有限公司', districtCode: XINGQING, industryCode: 'C', size: 'small' });
    const d = await create({ name: '统计丁科技有限公司', industryCode: 'I', kinds: ['high_tech'] });
    const e = await create({ name: '统计戊有限公司' });
    expect(await tallyDrift()).toEqual([]);
    // moved to another district, kinds changed, closed, merged, deleted
    expect((await admin.patch(`/api/enterprises/${a.id}`, { districtCode: XINGQING, kinds: ['innovative'] })).statusCode).toBe(200);
    expect((await admin.patch(`/api/enterprises/${b.id}`, { status: 'closed', size: 'small' })).statusCode).toBe(200);
    const merged = await admin.post(`/api/enterprises/${d.id}/merge`, { intoId: c.id });
    expect(merged.statusCode, merged.body).toBe(200);
    await t.database.query(`delete from enterprises where id = $1`, [e.id]);
    expect(await tallyDrift()).toEqual([]);

    const filters: EnterpriseFilters[] = [
      {},
      { districtCode: JINFENG },
      { districtCode: XINGQING, industryCode: 'C' },
      { size: 'small' },
      { status: 'closed' },
      { status: 'merged' },
      { regionCode: '640100' },
    ];
    for (const who of ['city', 'jinfeng'] as const) {
      const actor = await actorOf(t.database, users[who]!);
      for (const q of filters) {
        expect(fromTallies(actor, q), JSON.stringify(q)).toBe(true);
        const ctx = ctxOf(t, actor);
        expect(await statsSources.tallyStats(ctx, actor, q), `${who} ${JSON.stringify(q)}`).toEqual(await statsSources.scanStats(ctx, actor, q));
      }
    }
    // the district officer's answer holds their district only; the tallies' total moved with the writes
    const jf = json(await (await t.loginAs('st_jf')).get('/api/enterprises/stats'));
    expect(jf.byDistrict.map((x: Json) => x.key)).toEqual([JINFENG]);
    const city = json(await (await t.loginAs('st_city')).get(`/api/enterprises/stats?districtCode=${XINGQING}&industryCode=C`));
    expect(city.byKind).toEqual([{ key: 'innovative', count: 1 }]);
  });

  it('filters the tallies do not hold are counted from the enterprises', async () => {
    const actor = await actorOf(t.database, users.city!);
    for (const q of [{ q: '统计' }, { kind: 'high_tech' }, { industryCode: 'C13' }, { parkId: 1 }] as EnterpriseFilters[]) expect(fromTallies(actor, q)).toBe(false);
    const ent = await actorOf(t.database, await t.createUser({ username: 'st_ent', orgId: (await create({ name: '统计己有限公司' })).orgId, roles: ['enterprise_admin'] }));
    expect(fromTallies(ent, {})).toBe(false);
  });

  it('concurrent registrations of one district and kind are all counted (the upserts queue per key, none is lost)', async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => admin.post('/api/enterprises', { creditCode: creditCode(JINFENG), name: `统计并发${i}有限公司`, industryCode: 'C', size: 'small', kinds: ['high_tech'] })),
    );
    for (const r of results) expect(r.statusCode, r.body).toBe(200);
    expect(await tallyDrift()).toEqual([]);
  });
});
