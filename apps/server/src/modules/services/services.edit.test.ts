/**
 * What the edit pages rest on, and 精准对接 as an index walk (issue 15), on PGlite and PostgreSQL:
 * - payments are money: a wrong one is reversed by a new entry with its reason (冲销), never deleted; the paid amount
 *   follows; twice, a reversal itself, no reason, another district, a provider → refused, nothing changed;
 * - the registry's edit: a qualification put past its date blocks assignment and suggestion; renewed, it is back;
 *   bad input names the field and changes nothing; a district or the provider itself cannot edit;
 * - the suggestion's walk over the maintained candidates answers exactly what the ranking over all offerers answers, on a
 *   fixture of sites and providers (districts served, several offerings, inactive, expired, load and ratings), after
 *   every kind of write; and the candidates kept equal a rebuild from scratch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { shanghaiDate } from '@shangmi/shared';
import { notifications, oplog, oplogPending } from '../../db/schema/index.js';
import { createTestApp, ok, refused, type Client, type Json, type TestApp } from '../../../test/harness.js';
import { ctxOf } from '../../../test/actors.js';
import { creditCodes } from '../../../test/fixtures.js';
import { rankAll, suggest } from './catalogue.js';
import { refreshCandidates } from './candidates.js';
import { remindQualifications } from './jobs.js';

let t: TestApp;
let admin: Client;
let city: Client;
let jf: Client;
let xq: Client;
let site1: Client;
let prov1: Client;
let ent1: Client;
let ent2: Client;
const org: Record<string, number> = {};
const ids: Record<string, number> = {};
const users: Record<string, number> = {};
const code = creditCodes('ED9K');
const today = () => shanghaiDate(new Date());
const YEAR = Number(today().slice(0, 4));
const REGION = '640100';
const DISTRICTS = ['640104', '640105', '640106', '640121'];
const KINDS = ['rights_assistance', 'legal_consulting', 'training'];


/** The walk and the full ranking, for every district and kind of the fixture (and the enterprise's own district). */
async function compareRankings(now = new Date()): Promise<number> {
  const ctx = ctxOf(t, null, t.database.db, now);
  let compared = 0;
  for (const d of DISTRICTS)
    for (const k of KINDS) {
      const walk = await suggest(ctx, REGION, k, d);
      const all = await rankAll(ctx, REGION, k, d);
      expect(walk, `${k} in ${d}`).toEqual(all);
      compared += all.length;
    }
  return compared;
}
/** Candidates kept by the writes, against a rebuild from scratch (rolled back). */
async function candidateDrift(): Promise<unknown[]> {
  const q = `select org_id, service_kind, district_code, region_code, org_kind, offering_id, same_district, open_requests, rating, score, qualified_until::text from service_candidates`;
  const kept = await t.database.query(q);
  let fresh: unknown[] = [];
  await t.database.db
    .transaction(async (tx) => {
      await refreshCandidates(ctxOf(t, null, tx), 'all');
      fresh = (await tx.execute(q as never)) as unknown as unknown[];
      throw new Error('rollback');
    })
    .catch((e: Error) => {
      if (e.message !== 'rollback') throw e;
    });
  const rows = Array.isArray(fresh) ? fresh : ((fresh as { rows: unknown[] }).rows ?? []);
  const key = (r: unknown) => JSON.stringify(r);
  const a = kept.map(key).sort();
  const b = rows.map(key).sort();
  return [...a.filter((x) => !b.includes(x)).map((x) => ['kept', x]), ...b.filter((x) => !a.includes(x)).map((x) => ['fresh', x])];
}

const ask = (c: Client, extra: Record<string, unknown> = {}) =>
  c.post('/api/services/requests', { serviceKind: 'rights_assistance', title: '客户名单外泄', need: '需要协助固定证据（不含秘密内容）', contactName: '王经理', contactPhone: '13900000000', ...extra });

beforeAll(async () => {
  t = await createTestApp({ rateLimits: null });
  admin = await t.admin();
  org.city = await t.orgId('银川市市场监督管理局');
  org.jinfeng = await t.orgId('金凤区市场监督管理局');
  org.xingqing = await t.orgId('兴庆区市场监督管理局');
  await t.createUser({ username: 'ed_city', orgId: org.city, roles: ['city_staff'] });
  await t.createUser({ username: 'ed_jf', orgId: org.jinfeng, roles: ['district_staff'] });
  await t.createUser({ username: 'ed_xq', orgId: org.xingqing, roles: ['district_staff'] });
  [city, jf, xq] = await Promise.all(['ed_city', 'ed_jf', 'ed_xq'].map((u) => t.loginAs(u)));
  const site = await ok(await jf.post('/api/sites', { kind: 'station', name: '金凤编辑工作站', services: ['rights_assistance'] }));
  org.site = site.orgId;
  await t.createUser({ username: 'ed_site', orgId: org.site, roles: ['site_staff'] });
  const p1 = await ok(
    await city.post('/api/services/providers', {
      name: '宁夏编辑律师事务所',
      kind: 'law_firm',
      serviceKinds: ['rights_assistance', 'legal_consulting'],
      districts: ['640106', '640104'],
      qualifications: [{ kind: '律师事务所执业许可证', number: 'LS-1', validUntil: `${YEAR + 1}-12-31` }],
    }),
  );
  org.p1 = p1.orgId;
  ids.p1 = p1.id;
  users.prov1 = await t.createUser({ username: 'ed_prov1', orgId: org.p1, roles: ['provider_staff'] });
  const e1 = await ok(await admin.post('/api/enterprises', { creditCode: code('640106'), name: '宁夏编辑科技有限公司', districtCode: '640106' }));
  const e2 = await ok(await admin.post('/api/enterprises', { creditCode: code('640106'), name: '宁夏编辑材料有限公司', districtCode: '640106' }));
  await t.createUser({ username: 'ed_ent1', orgId: e1.orgId, roles: ['enterprise_admin'] });
  await t.createUser({ username: 'ed_ent2', orgId: e2.orgId, roles: ['enterprise_admin'] });
  [site1, prov1, ent1, ent2] = await Promise.all(['ed_site', 'ed_prov1', 'ed_ent1', 'ed_ent2'].map((u) => t.loginAs(u)));
  await ok(await site1.post('/api/services/offerings', { serviceKind: 'rights_assistance', title: '协助维权（公益）' }));
  await ok(await prov1.post('/api/services/offerings', { serviceKind: 'rights_assistance', title: '维权援助' }));
  await ok(await prov1.post('/api/services/offerings', { serviceKind: 'legal_consulting', title: '法律咨询' }));
});
afterAll(async () => t?.close());

describe('payments are money: a wrong one is reversed, never deleted', () => {
  it('records, reverses with a reason, refuses twice / a reversal / no reason / another district / a provider — nothing changed', async () => {
    const c = await ok(
      await jf.post('/api/services/contracts', { number: `ED-${YEAR}-01`, title: '金凤区维权援助服务', providerOrgId: org.p1, budgetFen: 1_000_000, startOn: `${YEAR}-01-01`, endOn: `${YEAR}-12-31`, quotas: [{ serviceKind: 'rights_assistance', quota: 5 }] }),
    );
    const paid = await ok(await jf.post(`/api/services/contracts/${c.id}/payments`, { paidOn: today(), amountFen: 600_000, note: '首期' }));
    expect(paid.paidFen).toBe(600_000);
    expect(paid.payments).toHaveLength(1);
    const first = paid.payments[0];
    expect(first).toMatchObject({ amountFen: 600_000, note: '首期', reversesId: null, reversedById: null });
    // over the budget: named, nothing recorded
    refused(await jf.post(`/api/services/contracts/${c.id}/payments`, { paidOn: today(), amountFen: 400_001 }), 400, 'amountFen');
    // the reversal: a new entry of the opposite amount, with its reason; the paid amount drops back
    refused(await jf.post(`/api/services/contracts/${c.id}/payments/${first.id}/reverse`, {}), 400, 'reason');
    refused(await jf.post(`/api/services/contracts/${c.id}/payments/${first.id}/reverse`, { reason: '' }), 400, 'reason');
    refused(await xq.post(`/api/services/contracts/${c.id}/payments/${first.id}/reverse`, { reason: '别的区' }), 404);
    refused(await prov1.post(`/api/services/contracts/${c.id}/payments/${first.id}/reverse`, { reason: '服务机构' }), 403);
    refused(await jf.post(`/api/services/contracts/${c.id}/payments/999999/reverse`, { reason: '不存在' }), 404);
    expect((await ok(await jf.get(`/api/services/contracts/${c.id}`))).payments).toHaveLength(1);
    const rev = await ok(await jf.post(`/api/services/contracts/${c.id}/payments/${first.id}/reverse`, { reason: '金额录错' }));
    expect(rev.paidFen).toBe(0);
    expect(rev.payments).toHaveLength(2);
    const reversal = rev.payments.find((p: Json) => p.reversesId === first.id);
    expect(reversal).toMatchObject({ amountFen: -600_000, reason: '金额录错', paidOn: today(), reversedById: null });
    expect(rev.payments.find((p: Json) => p.id === first.id)).toMatchObject({ amountFen: 600_000, reversedById: reversal.id });
    refused(await jf.post(`/api/services/contracts/${c.id}/payments/${first.id}/reverse`, { reason: '再次冲销' }), 409);
    refused(await jf.post(`/api/services/contracts/${c.id}/payments/${reversal.id}/reverse`, { reason: '冲销的冲销' }), 409);
    const after = await ok(await jf.get(`/api/services/contracts/${c.id}`));
    expect(after.paidFen).toBe(0);
    expect(after.payments).toHaveLength(2);
    // the budget is free again; the audit keeps who reversed what and why
    expect((await ok(await jf.post(`/api/services/contracts/${c.id}/payments`, { paidOn: today(), amountFen: 1_000_000 }))).paidFen).toBe(1_000_000);
    const done = (tbl: typeof oplog | typeof oplogPending) => and(eq(tbl.action, 'services.reversePayment'), eq(tbl.result, 'success'));
    const log = [...(await t.database.db.select().from(oplog).where(done(oplog))), ...(await t.database.db.select().from(oplogPending).where(done(oplogPending)))];
    expect(log).toHaveLength(1);
    expect(log[0]!.after).toMatchObject({ paidFen: 0, reversed: first.id, reversal: reversal.id, reason: '金额录错' });
    // the evaluation sheet is typed in the answer
    const ev = await ok(await jf.put(`/api/services/contracts/${c.id}/evaluation`, { scores: [{ indicator: '完成数量', weight: 70, score: 80 }, { indicator: '满意度', weight: 30, score: 100 }], conclusion: '合格' }));
    expect(ev.evaluation).toMatchObject({ total: 86, conclusion: '合格', scores: [{ indicator: '完成数量', weight: 70, score: 80 }, { indicator: '满意度', weight: 30, score: 100 }] });
    expect(typeof ev.evaluation.at).toBe('string');
  });
});

describe('the registry’s edit', () => {
  it('a qualification put past its date blocks assignment and suggestion; renewed, it is back; bad input and others refused', async () => {
    const before = await ok(await city.get(`/api/services/providers/${ids.p1}`));
    // bad input: the field is named, nothing changes
    refused(await city.patch(`/api/services/providers/${ids.p1}`, { qualifications: [{ kind: '执业许可证', number: 'LS-1', validUntil: '2026-13-40' }] }), 400, 'qualifications.0.validUntil');
    refused(await city.patch(`/api/services/providers/${ids.p1}`, { serviceKinds: [] }), 400, 'serviceKinds');
    refused(await city.patch(`/api/services/providers/${ids.p1}`, { districts: ['999999'] }), 400);
    refused(await jf.patch(`/api/services/providers/${ids.p1}`, { name: '区县改名' }), 403);
    refused(await prov1.patch(`/api/services/providers/${ids.p1}`, { name: '自己改名' }), 403);
    expect(await ok(await city.get(`/api/services/providers/${ids.p1}`))).toEqual(before);
    // expired: not suggested, not assignable
    const exp = await ok(await city.patch(`/api/services/providers/${ids.p1}`, { qualifications: [{ kind: '律师事务所执业许可证', number: 'LS-1', validUntil: '2020-06-30' }] }));
    expect(exp).toMatchObject({ qualified: false, qualifications: [{ expired: true }] });
    const sug = (await ok(await ent1.get('/api/services/suggest?serviceKind=rights_assistance'))) as Json[];
    expect(sug.map((s) => s.orgId)).not.toContain(org.p1);
    const e = refused(await ask(ent1, { assigneeOrgId: org.p1 }), 400, 'assigneeOrgId');
    expect(e.fields[0].message).toMatch(/过期/);
    // renewed: back
    await ok(await city.patch(`/api/services/providers/${ids.p1}`, { qualifications: [{ kind: '律师事务所执业许可证', number: 'LS-2', validUntil: `${YEAR + 2}-12-31` }], contactName: '刘律师', intro: '商业秘密维权' }));
    expect(((await ok(await ent1.get('/api/services/suggest?serviceKind=rights_assistance'))) as Json[]).map((s) => s.orgId)).toContain(org.p1);
    expect((await ok(await ask(ent1, { assigneeOrgId: org.p1 }))).assigneeOrgId).toBe(org.p1);
    expect(await candidateDrift()).toEqual([]);
  });
});

describe('the reminder before a qualification expires', () => {
  it('the provider’s staff hear of it within the rules’ days before (not earlier), once per validity; a renewed date again', async () => {
    const noticesOfProv = async () =>
      (await t.database.db.select().from(notifications).where(and(eq(notifications.userId, users.prov1!), eq(notifications.recordKind, 'services.qualification')))).map((n) => n.titleZh);
    await ok(await city.patch(`/api/services/providers/${ids.p1}`, { qualifications: [{ kind: '律师事务所执业许可证', number: 'LS-9', validUntil: `${YEAR + 1}-03-31` }] }));
    const at = (day: string) => ctxOf(t, null, t.database.db, new Date(`${day}T02:00:00Z`));
    await remindQualifications(at(`${YEAR + 1}-02-15`)); // 44 days before: too early (30 in rules.json)
    expect(await noticesOfProv()).toEqual([]);
    await remindQualifications(at(`${YEAR + 1}-03-10`));
    await remindQualifications(at(`${YEAR + 1}-03-11`));
    expect(await noticesOfProv()).toEqual([expect.stringContaining(`将于 ${YEAR + 1}-03-31 到期`)]);
    // renewed to a date that is near again (the same row's date changed): a new reminder for the new validity
    await ok(await city.patch(`/api/services/providers/${ids.p1}`, { qualifications: [{ kind: '律师事务所执业许可证', number: 'LS-9', validUntil: `${YEAR + 1}-04-05` }] }));
    await remindQualifications(at(`${YEAR + 1}-03-12`));
    expect(await noticesOfProv()).toHaveLength(2);
    // back to a far date for what follows
    await ok(await city.patch(`/api/services/providers/${ids.p1}`, { qualifications: [{ kind: '律师事务所执业许可证', number: 'LS-2', validUntil: `${YEAR + 2}-12-31` }] }));
  });
});

describe('精准对接 as an index walk', () => {
  it('the walk answers exactly what the ranking over all offerers answers, after every kind of write', async () => {
    // the fixture: 16 more providers serving various districts (some all), several offerings each, one inactive, one
    // expired, one with an inactive offering only; two more sites; then the fill (as the migration does)
    const provs: number[] = [];
    for (let i = 0; i < 16; i++) {
      const p = await ok(
        await city.post('/api/services/providers', {
          name: `宁夏对接服务机构${i}`,
          kind: i % 2 ? 'ip_agency' : 'law_firm',
          serviceKinds: KINDS,
          districts: i % 4 === 0 ? [] : [DISTRICTS[i % 4]!, DISTRICTS[(i + 1) % 4]!],
          qualifications: i === 5 ? [{ kind: '执业许可证', number: `Q-${i}`, validUntil: '2021-01-01' }] : [{ kind: '执业许可证', number: `Q-${i}`, validUntil: `${YEAR + 1}-01-01` }],
        }),
      );
      provs.push(p.orgId);
      if (i === 7) await ok(await city.patch(`/api/services/providers/${p.id}`, { active: false }));
    }
    const xqSite = await ok(await xq.post('/api/sites', { kind: 'station', name: '兴庆对接工作站', services: ['rights_assistance'] }));
    const jfSite2 = await ok(await jf.post('/api/sites', { kind: 'point', name: '金凤对接服务点', services: ['rights_assistance'] }));
    const offer = (orgId: number, kind: string, title: string, active = true) =>
      t.database.query(`
        insert into service_offerings (org_id, org_path, org_kind, region_code, district_code, service_kind, title, free, response_days, active)
        select o.id, o.path, case when o.kind = 'provider' then 'provider' else 'site' end, '${REGION}', s.district_code, '${kind}', '${title}', true, 2, ${active}
          from orgs o left join sites s on s.org_id = o.id where o.id = ${orgId}`);
    for (const [i, p] of provs.entries()) {
      await offer(p, 'rights_assistance', `维权${i}`, i !== 9);
      if (i % 3 === 0) await offer(p, 'rights_assistance', `维权（第二项）${i}`);
      if (i % 2 === 0) await offer(p, 'legal_consulting', `咨询${i}`);
      await offer(p, 'training', `培训${i}`);
    }
    await offer(xqSite.orgId, 'rights_assistance', '兴庆维权');
    await offer(jfSite2.orgId, 'rights_assistance', '金凤维权');
    await t.database.db.transaction(async (tx) => refreshCandidates(ctxOf(t, null, tx), 'all'));
    expect(await compareRankings()).toBeGreaterThan(40);
    expect(await candidateDrift()).toEqual([]);
    // the cut matters: more candidates than the limit in 金凤区
    const ctx = ctxOf(t, null);
    expect((await rankAll(ctx, REGION, 'rights_assistance', '640106')).length).toBe(10);

    // load and ratings: requests to several assignees, delivered, rated, cancelled, declined and reassigned
    const steps: Json[] = [];
    for (const a of [org.p1, org.site, org.p1, org.site]) steps.push(await ok(await ask(ent1, { assigneeOrgId: a })));
    await ok(await ask(ent2)); // the best suggestion
    await ok(await prov1.post(`/api/services/requests/${steps[0]!.id}/accept`, {}));
    await ok(await prov1.post(`/api/services/requests/${steps[0]!.id}/deliver`, { deliveredOn: today(), hours: 1, people: 1, outcome: '指导' }));
    await ok(await ent1.post(`/api/services/requests/${steps[0]!.id}/confirm`, { rating: 2 }));
    await ok(await site1.post(`/api/services/requests/${steps[1]!.id}/accept`, {}));
    await ok(await site1.post(`/api/services/requests/${steps[1]!.id}/deliver`, { deliveredOn: today(), hours: 1, people: 1, outcome: '指导' }));
    await ok(await ent1.post(`/api/services/requests/${steps[1]!.id}/confirm`, { rating: 5 }));
    await ok(await ent1.post(`/api/services/requests/${steps[2]!.id}/cancel`, {}));
    await ok(await site1.post(`/api/services/requests/${steps[3]!.id}/decline`, { comment: '人手不足' }));
    await ok(await jf.post(`/api/services/requests/${steps[3]!.id}/reassign`, { assigneeOrgId: jfSite2.orgId, comment: '改派服务点' }));
    expect(await compareRankings()).toBeGreaterThan(40);
    expect(await candidateDrift()).toEqual([]);

    // the catalogue and the registry change: an offering withdrawn and edited, districts changed, a provider
    // deactivated and reactivated
    const mine = (await ok(await prov1.get(`/api/services/offerings?orgId=${org.p1}`))) as Json[];
    await ok(await prov1.patch(`/api/services/offerings/${mine.find((o) => o.serviceKind === 'legal_consulting').id}`, { active: false }));
    await ok(await prov1.patch(`/api/services/offerings/${mine.find((o) => o.serviceKind === 'rights_assistance').id}`, { title: '维权援助（改）' }));
    await ok(await city.patch(`/api/services/providers/${ids.p1}`, { districts: ['640105'] }));
    const list = (await ok(await city.get('/api/services/providers?q=对接服务机构1&pageSize=50'))) as Json;
    const p10 = list.items.find((p: Json) => p.name === '宁夏对接服务机构10');
    await ok(await city.patch(`/api/services/providers/${p10.id}`, { active: false }));
    expect(await compareRankings()).toBeGreaterThan(30);
    await ok(await city.patch(`/api/services/providers/${p10.id}`, { active: true, districts: [] }));
    expect(await compareRankings()).toBeGreaterThan(30);
    expect(await candidateDrift()).toEqual([]);
    // qualifications passing their date with no write (most of the fixture's end on 1 January next year): the walk
    // leaves them out at read time, as the ranking does
    const later = new Date(`${YEAR + 1}-06-01T04:00:00Z`);
    expect(await compareRankings(later)).toBeGreaterThan(0);
    expect((await suggest(ctxOf(t, null, t.database.db, later), REGION, 'rights_assistance', '640106')).map((s) => s.orgId)).not.toContain(provs[2]);
  });
});
