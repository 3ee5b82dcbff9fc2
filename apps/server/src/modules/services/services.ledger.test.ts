/**
 * The ledger's maintained aggregates and the assignees' tallies (issue 15's benchmark), on PGlite and PostgreSQL: after
 * every kind of write (a delivery, an activity typed in, an activity from outreach's hook and its check-ins, a row
 * moved or removed in SQL) the tallies equal a GROUP BY over the ledger and the requests; the summaries answer what the
 * ledger itself says, within the caller's scope exactly (a site its own, a district its own, the city all), for whole
 * and partial months; the by-organisation summary pages; concurrent deliveries and activities lose no count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDate } from '@shangmi/shared';
import { createTestApp, ok, type Client, type Json, type TestApp } from '../../../test/harness.js';
import { actorOf, ctxOf } from '../../../test/actors.js';
import { creditCodes } from '../../../test/fixtures.js';
import { ledgerFromActivity } from './ledger.js';

let t: TestApp;
let admin: Client;
let city: Client;
let jf: Client;
let xq: Client;
let site1: Client;
let prov1: Client;
let ent1: Client;
const org: Record<string, number> = {};
const users: Record<string, number> = {};
const code = creditCodes('LT8D');
const today = () => shanghaiDate(new Date());


const DELTA = (src: string, per: string) => `
  select ${per}, service_kind, date_trunc('month', occurred_on)::date as month, count(*)::int as n, sum(hours)::float8 as hours,
         sum(people)::bigint as people, count(enterprise_id)::int as es from ${src} group by ${per}, service_kind, date_trunc('month', occurred_on)`;
/** rows where the kept aggregates and a GROUP BY over the ledger differ (none when the triggers kept them) */
async function drift(): Promise<unknown[]> {
  const tallies = await t.database.query(`
    with kept as (select org_id, org_path, org_kind, region_code, district_code, service_kind, month, n, round(hours::numeric, 3) hours, people, enterprise_services es
                    from service_ledger_tallies where n <> 0 or people <> 0),
    counted as (select org_id, org_path, org_kind, region_code, district_code, service_kind, month, n, round(hours::numeric, 3), people, es
                  from (${DELTA('service_ledger', 'org_id, org_path, org_kind, region_code, district_code')}) x)
    (select 'tallies kept' side, * from kept except all select 'tallies kept', * from counted)
    union all (select 'tallies counted', * from counted except all select 'tallies counted', * from kept)`);
  const rollup = await t.database.query(`
    with kept as (select parent_path, region_code, district_code, service_kind, month, n, round(hours::numeric, 3) hours, people, enterprise_services es
                    from service_ledger_rollup where n <> 0 or people <> 0),
    counted as (select p, region_code, district_code, service_kind, month, n, round(hours::numeric, 3), people, es
                  from (${DELTA("(select *, regexp_replace(org_path, '[0-9]+/$', '') p from service_ledger) l", 'p, region_code, district_code')}) x)
    (select 'rollup kept' side, * from kept except all select 'rollup kept', * from counted)
    union all (select 'rollup counted', * from counted except all select 'rollup counted', * from kept)`);
  const assignees = await t.database.query(`
    with kept as (select org_id, open_requests, rating_sum, rating_n from service_assignee_tallies where open_requests <> 0 or rating_n <> 0),
    counted as (select assignee_org_id, count(*) filter (where state in ('assigned', 'accepted'))::int o, coalesce(sum(rating), 0)::int s, count(rating)::int c
                  from help_requests where assignee_org_id is not null group by 1 having count(*) filter (where state in ('assigned', 'accepted')) > 0 or count(rating) > 0)
    (select 'assignees kept' side, * from kept except all select 'assignees kept', * from counted)
    union all (select 'assignees counted', * from counted except all select 'assignees counted', * from kept)`);
  return [...tallies, ...rollup, ...assignees];
}

/** What the ledger itself says for a summary: a GROUP BY over the rows the caller may see (given as a condition). */
async function fromLedger(by: 'district' | 'serviceKind' | 'org' | 'month', where: string) {
  const key = { district: 'district_code', serviceKind: 'service_kind', org: 'org_id::text', month: "to_char(occurred_on, 'YYYY-MM')" }[by];
  const rows = await t.database.query<{ key: string | null; services: number; people: number; es: number }>(
    `select ${key} as key, count(*)::int services, sum(people)::int people, count(enterprise_id)::int es from service_ledger where ${where} group by 1 order by 1`,
  );
  return rows.map((r) => ({ key: r.key, services: Number(r.services), people: Number(r.people), enterpriseServices: Number(r.es) }));
}
const summary = async (c: Client, qs: string) =>
  ((await ok(await c.get(`/api/services/ledger/summary?${qs}`))) as Json[]).map((r) => ({ key: r.key, services: r.services, people: r.people, enterpriseServices: r.enterpriseServices }));

const ask = (extra: Record<string, unknown> = {}) =>
  ent1.post('/api/services/requests', { serviceKind: 'rights_assistance', assigneeOrgId: org.p1, title: '客户名单外泄', need: '需要协助固定证据（不含秘密内容）', contactName: '王经理', contactPhone: '13900000000', ...extra });
async function delivered(by: Client, assignee: number, on = today()) {
  const r = await ok(await ask({ assigneeOrgId: assignee }));
  await ok(await by.post(`/api/services/requests/${r.id}/accept`, {}));
  return ok(await by.post(`/api/services/requests/${r.id}/deliver`, { deliveredOn: on, hours: 2.5, people: 3, outcome: '指导固定证据' }));
}

beforeAll(async () => {
  t = await createTestApp({ rateLimits: null });
  admin = await t.admin();
  org.city = await t.orgId('银川市市场监督管理局');
  org.jinfeng = await t.orgId('金凤区市场监督管理局');
  org.xingqing = await t.orgId('兴庆区市场监督管理局');
  await t.createUser({ username: 'lt_city', orgId: org.city, roles: ['city_staff'] });
  await t.createUser({ username: 'lt_jf', orgId: org.jinfeng, roles: ['district_staff'] });
  await t.createUser({ username: 'lt_xq', orgId: org.xingqing, roles: ['district_staff'] });
  [city, jf, xq] = await Promise.all(['lt_city', 'lt_jf', 'lt_xq'].map((u) => t.loginAs(u)));
  const site = await ok(await jf.post('/api/sites', { kind: 'station', name: '金凤台账工作站', services: ['rights_assistance'] }));
  org.site = site.orgId;
  users.site = await t.createUser({ username: 'lt_site', orgId: org.site, roles: ['site_staff'] });
  const p1 = await ok(await city.post('/api/services/providers', { name: '宁夏台账律师事务所', kind: 'law_firm', serviceKinds: ['rights_assistance', 'training'] }));
  org.p1 = p1.orgId;
  await t.createUser({ username: 'lt_prov1', orgId: org.p1, roles: ['provider_staff'] });
  const e1 = await ok(await admin.post('/api/enterprises', { creditCode: code('640106'), name: '宁夏台账科技有限公司', districtCode: '640106' }));
  await t.createUser({ username: 'lt_ent1', orgId: e1.orgId, roles: ['enterprise_admin'] });
  [site1, prov1, ent1] = await Promise.all(['lt_site', 'lt_prov1', 'lt_ent1'].map((u) => t.loginAs(u)));
});
afterAll(async () => t?.close());

describe('the ledger’s maintained aggregates', () => {
  it('every kind of write keeps the aggregates equal to a GROUP BY over the ledger, and the assignees’ tallies to the requests', async () => {
    expect(await drift()).toEqual([]);
    // request steps: submitted (open), accepted (open), delivered (not open), confirmed and rated
    const d = await delivered(prov1, org.p1);
    expect(await drift()).toEqual([]);
    await ok(await ent1.post(`/api/services/requests/${d.id}/confirm`, { rating: 4, comment: '很好' }));
    await delivered(site1, org.site);
    const open = await ok(await ask());
    expect(await drift()).toEqual([]);
    const [tally] = await t.database.query<{ open_requests: number; rating_sum: number; rating_n: number }>(`select * from service_assignee_tallies where org_id = ${org.p1}`);
    expect(tally).toMatchObject({ open_requests: 1, rating_sum: 4, rating_n: 1 });
    await ok(await ent1.post(`/api/services/requests/${open.id}/cancel`, {}));
    // an activity typed in by a site's staff, last month and today
    const lastMonth = `${shanghaiDate(new Date(Date.now() - 40 * 86_400_000)).slice(0, 8)}15`;
    await ok(await site1.post('/api/services/ledger', { serviceKind: 'training', title: '保密培训', occurredOn: lastMonth, hours: 2, people: 30 }));
    await ok(await prov1.post('/api/services/ledger', { serviceKind: 'training', title: '律所讲座', occurredOn: today(), hours: 1.5, people: 12 }));
    // outreach's hook: the activity, then check-ins adding people (an upsert updating the row), then a recount (set)
    const act = { ref: 'outreach_training:9001', orgId: org.site, serviceKind: 'publicity' as const, title: '宣传周', occurredOn: today(), hours: 3 };
    const actor = await actorOf(t.database, users.site);
    const hook = async (people: { add: number } | { set: number }) => t.database.db.transaction(async (tx) => ledgerFromActivity(ctxOf(t, actor, tx), { ...act, people }));
    await hook({ set: 10 });
    await hook({ add: 5 });
    await hook({ add: 2 });
    expect(await drift()).toEqual([]);
    await hook({ set: 40 });
    const [row] = await t.database.query<{ people: number }>(`select people from service_ledger where activity_ref = 'outreach_training:9001'`);
    expect(Number(row!.people)).toBe(40);
    expect(await drift()).toEqual([]);
    // rows moved to another month and removed (no route does it today; the triggers count whatever SQL does)
    await t.database.query(`update service_ledger set occurred_on = occurred_on - 62 where activity_ref = 'outreach_training:9001'`);
    expect(await drift()).toEqual([]);
    await t.database.query(`delete from service_ledger where activity_ref = 'outreach_training:9001'`);
    expect(await drift()).toEqual([]);
  });

  it('the summaries answer what the ledger says, within the caller’s scope exactly, for whole and partial months', async () => {
    // a district's provider-served row outside its district: 兴庆 sees it, 金凤 does not
    await ok(await prov1.post('/api/services/ledger', { serviceKind: 'training', title: '兴庆区讲座', occurredOn: today(), hours: 1, people: 7 }));
    await t.database.query(`update service_ledger set district_code = '640104' where title = '兴庆区讲座'`);
    const jinfengSees = `(org_path like (select path from orgs where id = ${org.jinfeng}) || '%' or district_code = '640106')`;
    const xingqingSees = `(org_path like (select path from orgs where id = ${org.xingqing}) || '%' or district_code = '640104')`;
    const start = `${today().slice(0, 8)}01`;
    const periods = ['', `&from=${start}`, `&from=${today()}`, `&to=${today()}`, `&from=2020-01-02&to=${today()}`];
    const between = (qs: string) => {
      const from = /from=([0-9-]+)/.exec(qs)?.[1];
      const to = /to=([0-9-]+)/.exec(qs)?.[1];
      return `${from ? ` and occurred_on >= '${from}'` : ''}${to ? ` and occurred_on <= '${to}'` : ''}`;
    };
    for (const by of ['district', 'serviceKind', 'month', 'org'] as const) {
      for (const p of periods) {
        expect(await summary(city, `by=${by}${p}`), `city ${by}${p}`).toEqual(await fromLedger(by, `true${between(p)}`));
        expect(await summary(jf, `by=${by}${p}`), `jinfeng ${by}${p}`).toEqual(await fromLedger(by, `${jinfengSees}${between(p)}`));
        expect(await summary(xq, `by=${by}${p}`), `xingqing ${by}${p}`).toEqual(await fromLedger(by, `${xingqingSees}${between(p)}`));
        expect(await summary(site1, `by=${by}${p}`), `site ${by}${p}`).toEqual(await fromLedger(by, `org_id = ${org.site}${between(p)}`));
        expect(await summary(prov1, `by=${by}${p}`), `provider ${by}${p}`).toEqual(await fromLedger(by, `org_id = ${org.p1}${between(p)}`));
      }
      expect(await summary(city, `by=${by}&orgId=${org.p1}&serviceKind=training`)).toEqual(await fromLedger(by, `org_id = ${org.p1} and service_kind = 'training'`));
    }
    // a site cannot read another's rows by naming it; an enterprise reads none
    expect(await summary(site1, `by=org&orgId=${org.p1}`)).toEqual([]);
    expect(await summary(ent1, 'by=district')).toEqual([]);
    expect((await summary(jf, 'by=district')).map((r) => r.key)).toEqual(['640106']);
  });

  it('the by-organisation summary is a page: limit, then after the last one seen', async () => {
    const all = await summary(city, 'by=org');
    expect(all.length).toBeGreaterThanOrEqual(2);
    const first = await summary(city, 'by=org&limit=1');
    expect(first).toEqual(all.slice(0, 1));
    const rest = await summary(city, `by=org&limit=1000&after=${first[0]!.key}`);
    expect(rest).toEqual(all.slice(1));
    // partial months page alike (the days around the whole months come from the ledger, cut at the same bound)
    const fullP = await summary(city, `by=org&from=2020-01-02&to=${today()}`);
    expect(await summary(city, `by=org&limit=1&from=2020-01-02&to=${today()}`)).toEqual(fullP.slice(0, 1));
    const r = await city.get('/api/services/ledger/summary?by=org&limit=1001');
    expect(r.statusCode).toBe(400);
  });

  it('concurrent deliveries and activities of one organisation lose no count (PostgreSQL runs them at once)', async () => {
    const before = await summary(prov1, 'by=serviceKind');
    const n = (rows: typeof before, kind: string) => rows.find((r) => r.key === kind)?.services ?? 0;
    const reqs: Json[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await ok(await ask({ title: `并发交付 ${i}` }));
      await ok(await prov1.post(`/api/services/requests/${r.id}/accept`, {}));
      reqs.push(r);
    }
    const results = await Promise.all([
      ...reqs.map((r) => prov1.post(`/api/services/requests/${r.id}/deliver`, { deliveredOn: today(), hours: 1, people: 1, outcome: '并发' })),
      ...Array.from({ length: 6 }, (_, i) => prov1.post('/api/services/ledger', { serviceKind: 'training', title: `并发活动 ${i}`, occurredOn: today(), hours: 1, people: 2 })),
    ]);
    expect(results.map((r) => r.statusCode)).toEqual(Array(12).fill(200));
    const after = await summary(prov1, 'by=serviceKind');
    expect(n(after, 'rights_assistance')).toBe(n(before, 'rights_assistance') + 6);
    expect(n(after, 'training')).toBe(n(before, 'training') + 6);
    expect(await drift()).toEqual([]);
  });
});
