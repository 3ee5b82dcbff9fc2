/**
 * Funding over the API, on PGlite and PostgreSQL: budget lines for the city, a district and a park; spending against a
 * line (one paying a purchased-service contract); the execution rate by line and by district equal to a hand-computed
 * value; scope (a district keeps and sees its own lines only; another district's line answers 404); bad input — a
 * spending beyond what is left (refused), negative or zero amounts, another district's line, a date outside the year —
 * refused naming the field, changing nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { shanghaiDate } from '@shangmi/shared';
import { fundingLines, fundingSpendings, oplog, oplogPending } from '../../db/schema/index.js';
import { createTestApp, ok, readXlsx, refused, type Client, type Json, type TestApp } from '../../../test/harness.js';

let t: TestApp;
const c: Record<string, Client> = {};
const org: Record<string, number> = {};
const TODAY = shanghaiDate(new Date());
const YEAR = Number(TODAY.slice(0, 4));

const state = async () => {
  const db = t.database.db;
  const lines = await db.select({ id: fundingLines.id, amountFen: fundingLines.amountFen, spentFen: fundingLines.spentFen, spendings: fundingLines.spendings }).from(fundingLines).orderBy(fundingLines.id);
  const [s] = await db.select({ n: count() }).from(fundingSpendings);
  return { lines, spendings: s!.n };
};
const line = (extra: Record<string, unknown>) => ({ year: YEAR, category: 'services', source: 'district_budget', title: '商业秘密保护服务经费', amountFen: 1_000_000, ...extra });
const spend = (extra: Record<string, unknown> = {}) => ({ spentOn: TODAY, amountFen: 250_000, description: '工作站运行经费', ...extra });

let parks: Json[];
const ids: Record<string, number> = {};

beforeAll(async () => {
  t = await createTestApp({ rateLimits: null });
  c.admin = await t.admin();
  org.city = await t.orgId('银川市市场监督管理局');
  org.jinfeng = await t.orgId('金凤区市场监督管理局');
  org.xingqing = await t.orgId('兴庆区市场监督管理局');
  await t.createUser({ username: 'fd_city', orgId: org.city, roles: ['city_staff'] });
  await t.createUser({ username: 'fd_jf', orgId: org.jinfeng, roles: ['district_staff'] });
  await t.createUser({ username: 'fd_xq', orgId: org.xingqing, roles: ['district_staff'] });
  await t.createUser({ username: 'fd_office', orgId: org.city, roles: ['taskforce_office'] });
  for (const u of ['city', 'jf', 'xq', 'office']) c[u] = await t.loginAs(`fd_${u}`);
  parks = (await ok(await c.admin.get('/api/regions'))).find((r: Json) => r.code === '640100').parks;
});
afterAll(async () => t?.close());

describe('budget lines', () => {
  it('the city keeps a city line; a district its own district and park lines', async () => {
    ids.city = (await ok(await c.city.post('/api/funding/lines', line({ level: 'city', source: 'city_budget', title: '试点项目市级资金', amountFen: 5_000_000 })))).id;
    const jf = await ok(await c.jf.post('/api/funding/lines', line({ level: 'district', districtCode: '640106' })));
    expect(jf).toMatchObject({ level: 'district', districtCode: '640106', districtName: '金凤区', amountFen: 1_000_000, spentFen: 0, remainingFen: 1_000_000, rate: 0 });
    ids.jf = jf.id;
    const yuehai = parks.find((p) => p.name === '阅海湾科创港');
    const park = await ok(await c.jf.post('/api/funding/lines', line({ level: 'park', parkId: yuehai.id, source: 'park_budget', category: 'demonstration', title: '园区示范引领资金', amountFen: 400_000 })));
    expect(park).toMatchObject({ level: 'park', districtCode: '640106', parkName: '阅海湾科创港' });
    ids.park = park.id;
    ids.xq = (await ok(await c.xq.post('/api/funding/lines', line({ level: 'district', districtCode: '640104', amountFen: 300_000 })))).id;
  });

  it('bad input names the field and changes nothing: another district, the city level, a park elsewhere, amounts', async () => {
    const before = await state();
    refused(await c.jf.post('/api/funding/lines', line({ level: 'district', districtCode: '640104' })), 400, 'districtCode');
    refused(await c.jf.post('/api/funding/lines', line({ level: 'city' })), 400, 'level');
    refused(await c.jf.post('/api/funding/lines', line({ level: 'park', parkId: parks.find((p) => p.name === '银川经济技术开发区').id })), 400, 'parkId');
    refused(await c.jf.post('/api/funding/lines', line({ level: 'district' })), 400, 'districtCode');
    refused(await c.city.post('/api/funding/lines', line({ level: 'city', districtCode: '640106' })), 400, 'districtCode');
    refused(await c.city.post('/api/funding/lines', line({ level: 'district', districtCode: '110101' })), 400, 'districtCode');
    refused(await c.jf.post('/api/funding/lines', line({ level: 'district', districtCode: '640106', amountFen: -100 })), 400, 'amountFen');
    refused(await c.jf.post('/api/funding/lines', line({ level: 'district', districtCode: '640106', amountFen: 12.5 })), 400, 'amountFen');
    refused(await c.office.post('/api/funding/lines', line({ level: 'city' })), 403);
    expect(await state()).toEqual(before);
  });

  it('scope: a district lists its own lines; another district’s line answers 404', async () => {
    expect((await ok(await c.jf.get(`/api/funding/lines?year=${YEAR}`))).items.map((x: Json) => x.id).sort()).toEqual([ids.jf, ids.park].sort());
    expect((await ok(await c.city.get(`/api/funding/lines?year=${YEAR}`))).total).toBe(4);
    expect((await ok(await c.office.get(`/api/funding/lines?year=${YEAR}&districtCode=640104`))).items.map((x: Json) => x.id)).toEqual([ids.xq]);
    expect((await c.xq.get(`/api/funding/lines/${ids.jf}`)).statusCode).toBe(404);
  });
});

describe('spending and the execution rate', () => {
  it('two spendings give the line its execution rate (375,000 ÷ 1,000,000 = 37.5 %)', async () => {
    await ok(await c.jf.post(`/api/funding/lines/${ids.jf}/spendings`, spend()));
    const after = await ok(await c.jf.post(`/api/funding/lines/${ids.jf}/spendings`, spend({ amountFen: 125_000, description: '维权援助服务', payee: '宁夏明理律师事务所' })));
    expect(after).toMatchObject({ spentFen: 375_000, remainingFen: 625_000, rate: 0.375, spendings: 2 });
    expect(after.spendingList.map((s: Json) => s.amountFen).sort()).toEqual([125_000, 250_000]);
  });

  it('a spending may pay a purchased-service contract the caller sees', async () => {
    const site = await ok(await c.jf.post('/api/sites', { kind: 'station', name: '金凤资金测试工作站', services: ['rights_assistance'] }));
    const contract = await ok(await c.jf.post('/api/services/contracts', { number: 'JF-FD-01', title: '维权援助服务', providerOrgId: site.orgId, budgetFen: 200_000, startOn: `${YEAR}-01-01`, endOn: `${YEAR}-12-31`, quotas: [{ serviceKind: 'rights_assistance', quota: 2 }] }));
    const x = await ok(await c.jf.post(`/api/funding/lines/${ids.park}/spendings`, spend({ amountFen: 100_000, description: '购买服务首付款', contractId: contract.id })));
    expect(x.spendingList[0]).toMatchObject({ contractId: contract.id, contractNumber: 'JF-FD-01' });
    // another district does not see that contract: named as the field
    refused(await c.xq.post(`/api/funding/lines/${ids.xq}/spendings`, spend({ amountFen: 1, contractId: contract.id })), 400, 'contractId');
  });

  it('bad input names the field and changes nothing: beyond what is left, negative, zero, outside the year, another district’s line', async () => {
    const before = await state();
    const e = refused(await c.jf.post(`/api/funding/lines/${ids.jf}/spendings`, spend({ amountFen: 625_001 })), 400, 'amountFen');
    expect(e.fields[0].message).toContain('6250.00');
    refused(await c.jf.post(`/api/funding/lines/${ids.jf}/spendings`, spend({ amountFen: -5 })), 400, 'amountFen');
    refused(await c.jf.post(`/api/funding/lines/${ids.jf}/spendings`, spend({ amountFen: 0 })), 400, 'amountFen');
    refused(await c.jf.post(`/api/funding/lines/${ids.jf}/spendings`, spend({ spentOn: `${YEAR - 1}-12-31` })), 400, 'spentOn');
    refused(await c.jf.post(`/api/funding/lines/${ids.jf}/spendings`, spend({ description: '' })), 400, 'description');
    refused(await c.jf.post(`/api/funding/lines/${ids.xq}/spendings`, spend()), 404);
    refused(await c.jf.patch(`/api/funding/lines/${ids.jf}`, { amountFen: 374_999 }), 400, 'amountFen');
    refused(await c.office.post(`/api/funding/lines/${ids.jf}/spendings`, spend()), 403);
    expect(await state()).toEqual(before);
    // exactly what is left passes: the line is then fully executed
    const full = await ok(await c.jf.post(`/api/funding/lines/${ids.jf}/spendings`, spend({ amountFen: 625_000 })));
    expect(full).toMatchObject({ remainingFen: 0, rate: 1 });
    // raising the line lowers the rate: 1,000,000 ÷ 1,250,000 = 80 %
    expect(await ok(await c.jf.patch(`/api/funding/lines/${ids.jf}`, { amountFen: 1_250_000 }))).toMatchObject({ rate: 0.8, remainingFen: 250_000 });
  });

  it('the execution rate by district equals the hand-computed sums; a district sees its own row only', async () => {
    await ok(await c.city.post(`/api/funding/lines/${ids.city}/spendings`, spend({ amountFen: 1_000_000, description: '平台运维' })));
    const all = await ok(await c.city.get(`/api/funding/execution?year=${YEAR}`));
    // city: 1,000,000 of 5,000,000 = 0.2; 金凤: (1,000,000 + 100,000) of (1,250,000 + 400,000) = 0.6667; 兴庆: 0 of 300,000
    expect(all.rows).toEqual([
      { level: 'city', districtCode: null, name: '市级', lines: 1, amountFen: 5_000_000, spentFen: 1_000_000, rate: 0.2 },
      { level: 'district', districtCode: '640104', name: '兴庆区', lines: 1, amountFen: 300_000, spentFen: 0, rate: 0 },
      { level: 'district', districtCode: '640106', name: '金凤区', lines: 2, amountFen: 1_650_000, spentFen: 1_100_000, rate: 0.6667 },
    ]);
    expect(all.total).toMatchObject({ lines: 4, amountFen: 6_950_000, spentFen: 2_100_000, rate: 0.3022 });
    const jf = await ok(await c.jf.get(`/api/funding/execution?year=${YEAR}`));
    expect(jf.rows.map((r: Json) => r.districtCode)).toEqual(['640106']);
    expect((await ok(await c.jf.get(`/api/funding/execution?year=${YEAR - 1}`))).rows).toEqual([]);
  });

  it('the export holds the lines in scope with their execution rate', async () => {
    const rows = await readXlsx(await c.jf.get(`/api/funding/lines/export?year=${YEAR}`));
    expect(rows[0]).toContain('执行率');
    expect(rows).toHaveLength(3);
    expect(rows.flat()).toContain('80.00%');
  });
});

describe('reversing a spending (冲销)', () => {
  // done reversals (a refused request is logged too, as a failure); the row is in the chain or still waiting for the linker
  const done = (tbl: typeof oplog | typeof oplogPending) => and(eq(tbl.action, 'funding.reverseSpending'), eq(tbl.result, 'success'));
  const logged = async () => [...(await t.database.db.select().from(oplog).where(done(oplog))), ...(await t.database.db.select().from(oplogPending).where(done(oplogPending)))];

  it('a reversal is a new entry with its reason, audited, never a delete; the execution rate follows', async () => {
    const line = await ok(await c.city.get(`/api/funding/lines/${ids.city}`));
    const entry = line.spendingList.find((s: Json) => s.amountFen === 1_000_000);
    const before = await state();
    const x = await ok(await c.city.post(`/api/funding/lines/${ids.city}/spendings/${entry.id}/reverse`, { reason: '重复登记' }));
    // 1,000,000 − 1,000,000 = 0 of 5,000,000; both entries stay on the books
    expect(x).toMatchObject({ spentFen: 0, remainingFen: 5_000_000, rate: 0, spendings: 2 });
    const rev = x.spendingList.find((s: Json) => s.reversesId === entry.id);
    expect(rev).toMatchObject({ amountFen: -1_000_000, reason: '重复登记', spentOn: TODAY, reversedById: null });
    expect(x.spendingList.find((s: Json) => s.id === entry.id)).toMatchObject({ amountFen: 1_000_000, reversedById: rev.id });
    expect((await state()).spendings).toBe(before.spendings + 1);
    const log = await logged();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ targetId: String(ids.city), before: { spentFen: 1_000_000 }, after: { spentFen: 0, reversed: entry.id, reversal: rev.id, reason: '重复登记' } });
    // the district table follows: the city row drops to 0 %, the total to 1,100,000 ÷ 6,950,000
    const all = await ok(await c.city.get(`/api/funding/execution?year=${YEAR}`));
    expect(all.rows[0]).toMatchObject({ level: 'city', spentFen: 0, rate: 0 });
    expect(all.total).toMatchObject({ spentFen: 1_100_000, rate: 0.1583 });
  });

  it('refused, changing nothing: twice, a reversal itself, without a reason, another line’s entry, another district, no permission', async () => {
    const line = await ok(await c.city.get(`/api/funding/lines/${ids.city}`));
    const entry = line.spendingList.find((s: Json) => s.amountFen === 1_000_000);
    const rev = line.spendingList.find((s: Json) => s.reversesId === entry.id);
    const jf = await ok(await c.jf.get(`/api/funding/lines/${ids.jf}`));
    const before = await state();
    refused(await c.city.post(`/api/funding/lines/${ids.city}/spendings/${entry.id}/reverse`, { reason: '再次冲销' }), 409);
    refused(await c.city.post(`/api/funding/lines/${ids.city}/spendings/${rev.id}/reverse`, { reason: '冲销的冲销' }), 409);
    refused(await c.jf.post(`/api/funding/lines/${ids.jf}/spendings/${jf.spendingList[0].id}/reverse`, { reason: '' }), 400, 'reason');
    refused(await c.jf.post(`/api/funding/lines/${ids.jf}/spendings/${jf.spendingList[0].id}/reverse`, {}), 400, 'reason');
    refused(await c.city.post(`/api/funding/lines/${ids.city}/spendings/${jf.spendingList[0].id}/reverse`, { reason: '别的科目' }), 404);
    refused(await c.xq.post(`/api/funding/lines/${ids.jf}/spendings/${jf.spendingList[0].id}/reverse`, { reason: '别的区' }), 404);
    refused(await c.office.post(`/api/funding/lines/${ids.jf}/spendings/${jf.spendingList[0].id}/reverse`, { reason: '无权限' }), 403);
    expect(await state()).toEqual(before);
    expect(await logged()).toHaveLength(1);
  });
});

