/**
 * Services linked with other modules, over the API on PGlite and PostgreSQL: a listening need turned into a help
 * request (转为求助 — one transaction: the request opens and the need records the link, or nothing happens), and from a
 * delivered request the follow-ups the issue names — an on-site health check, a rights-holder report, a cultivation
 * entry — each through its owning module's rules, once per kind, nothing changed on refusal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { shanghaiDate } from '@shangmi/shared';
import { assessments, cases, cultivationEntries, helpRequests, listeningNeeds, serviceLedger } from '../../db/schema/index.js';
import { createTestApp, json, ok, refused, type Client, type Json, type TestApp } from '../../../test/harness.js';
import { creditCodes } from '../../../test/fixtures.js';

let t: TestApp;
let jf: Client;
let xq: Client;
let site1: Client;
let ent1: Client;
let ent2: Client;
const ids: Record<string, number> = {};
const code = creditCodes('WL8B');
const today = () => shanghaiDate(new Date());
const YEAR = Number(today().slice(0, 4));
const rows = async (table: typeof helpRequests | typeof assessments | typeof cases | typeof cultivationEntries) => (await t.database.db.select({ n: count() }).from(table))[0].n;

const fromNeed = (c: Client, needId: number, extra: Record<string, unknown> = {}) =>
  c.post('/api/services/requests/from-need', { needId, serviceKind: 'rights_assistance', contactName: '王经理', contactPhone: '13900000000', ...extra });

beforeAll(async () => {
  // the public form's bucket (filing) small, so its limit is shown; the others out of the way
  const roomy = { limit: 1000, windowMs: 60_000 };
  t = await createTestApp({ rateLimits: { filing: { limit: 3, windowMs: 600_000 }, lookup: roomy, material: roomy, acknowledge: roomy, login: roomy, register: roomy } });
  const admin = await t.admin();
  const jinfeng = await t.orgId('金凤区市场监督管理局');
  const xingqing = await t.orgId('兴庆区市场监督管理局');
  await t.createUser({ username: 'sl_jf', orgId: jinfeng, roles: ['district_staff'] });
  await t.createUser({ username: 'sl_xq', orgId: xingqing, roles: ['district_staff'] });
  [jf, xq] = await Promise.all(['sl_jf', 'sl_xq'].map((u) => t.loginAs(u)));
  const site = await ok(await jf.post('/api/sites', { kind: 'station', name: '金凤联动工作站', services: ['rights_assistance'] }));
  ids.siteOrg = site.orgId;
  await t.createUser({ username: 'sl_site', orgId: site.orgId, roles: ['site_staff'] });
  // the first enterprise is served by the site (its on-site health checks are the site's to do); the second is not
  const e1 = await ok(await admin.post('/api/enterprises', { creditCode: code('640106'), name: '宁夏联动科技有限公司', districtCode: '640106', siteOrgId: site.orgId }));
  const e2 = await ok(await admin.post('/api/enterprises', { creditCode: code('640106'), name: '宁夏另一科技有限公司', districtCode: '640106' }));
  ids.e1 = e1.id;
  ids.e2 = e2.id;
  await t.createUser({ username: 'sl_ent1', orgId: e1.orgId, roles: ['enterprise_admin'] });
  await t.createUser({ username: 'sl_ent2', orgId: e2.orgId, roles: ['enterprise_admin'] });
  [site1, ent1, ent2] = await Promise.all(['sl_site', 'sl_ent1', 'sl_ent2'].map((u) => t.loginAs(u)));
  await ok(await site1.post('/api/services/offerings', { serviceKind: 'rights_assistance', title: '协助维权' }));
});
afterAll(async () => t?.close());

describe('转为求助: a listening need becomes a help request', () => {
  it('opens the request for the need’s enterprise and the need records the link, in one step', async () => {
    const need = await ok(await jf.post('/api/listening/needs', { enterpriseId: ids.e1, category: 'rights', title: '核心技术员工离职后疑似泄密', detail: '企业希望得到维权指导（不含秘密内容）', source: 'visit' }));
    const r = await ok(await fromNeed(jf, need.id));
    expect(r).toMatchObject({ enterpriseId: ids.e1, needId: need.id, title: '核心技术员工离职后疑似泄密', need: '企业希望得到维权指导（不含秘密内容）', state: 'assigned', assigneeOrgId: ids.siteOrg });
    expect(await ok(await jf.get(`/api/listening/needs/${need.id}`))).toMatchObject({ linkKind: 'service_request', linkId: r.id });
    // the enterprise sees the request among its own, the assigned site in its queue
    expect((await ok(await ent1.get('/api/services/requests'))).items.map((x: Json) => x.id)).toContain(r.id);
    expect((await ok(await site1.get(`/api/services/requests/${r.id}`))).needId).toBe(need.id);
    // twice: the need is linked already — refused naming the field, no second request
    const before = await rows(helpRequests);
    refused(await fromNeed(jf, need.id), 409, 'needId');
    expect(await rows(helpRequests)).toBe(before);
  });

  it('refuses another district’s need (404), a closed need, an enterprise account (403), bad input — nothing changes', async () => {
    const need = await ok(await jf.post('/api/listening/needs', { enterpriseId: ids.e2, title: '需要法律咨询', source: 'forum' }));
    const before = await rows(helpRequests);
    refused(await fromNeed(xq, need.id), 404);
    refused(await fromNeed(ent2, need.id), 403);
    refused(await fromNeed(jf, need.id, { serviceKind: 'dancing' }), 400, 'serviceKind');
    refused(await fromNeed(jf, need.id, { need: '密'.repeat(1001) }), 400, 'need');
    refused(await fromNeed(jf, need.id, { contactPhone: 'abc' }), 400, 'contactPhone');
    expect(await rows(helpRequests)).toBe(before);
    expect((await t.database.db.select().from(listeningNeeds).where(eq(listeningNeeds.id, need.id)))[0].linkId).toBeNull();
    // closed (the tracker's own path to it is listening's business; the state is what counts here)
    await t.database.db.update(listeningNeeds).set({ state: 'closed' }).where(eq(listeningNeeds.id, need.id));
    refused(await fromNeed(jf, need.id), 409, 'needId');
    expect(await rows(helpRequests)).toBe(before);
  });
});

describe('from a delivered request: a health check, a report, a cultivation entry', () => {
  let reqId: number;
  beforeAll(async () => {
    const r = await ok(await ent1.post('/api/services/requests', { serviceKind: 'rights_assistance', title: '客户名单被带走', need: '请协助评估维权路径（不含秘密内容）', contactName: '李总', contactPhone: '13900000001' }));
    reqId = r.id;
    expect(r.assigneeOrgId).toBe(ids.siteOrg);
  });

  it('not before delivery', async () => {
    await ok(await site1.post(`/api/services/requests/${reqId}/accept`, {}));
    const before = await rows(cultivationEntries);
    refused(await jf.post(`/api/services/requests/${reqId}/follow-up`, { kind: 'cultivation', entry: { year: YEAR, batch: 1 } }), 409, 'kind');
    expect(await rows(cultivationEntries)).toBe(before);
    await ok(await site1.post(`/api/services/requests/${reqId}/deliver`, { deliveredOn: today(), hours: 2, people: 1, outcome: '提出维权建议' }));
  });

  it('the site starts an on-site health check with the enterprise’s consent; once', async () => {
    const before = await rows(assessments);
    refused(await site1.post(`/api/services/requests/${reqId}/follow-up`, { kind: 'health_check', consentBy: '李总' }), 400, 'consentDate');
    const d = await ok(await site1.post(`/api/services/requests/${reqId}/follow-up`, { kind: 'health_check', consentBy: '李总', consentDate: today() }));
    expect(d.followUps).toEqual([expect.objectContaining({ kind: 'health_check' })]);
    const [a] = await t.database.db.select().from(assessments).where(eq(assessments.id, d.followUps[0].id));
    expect(a).toMatchObject({ enterpriseId: ids.e1, kind: 'onsite', siteOrgId: ids.siteOrg, consentBy: '李总' });
    refused(await site1.post(`/api/services/requests/${reqId}/follow-up`, { kind: 'health_check', consentBy: '李总', consentDate: today() }), 409, 'kind');
    expect(await rows(assessments)).toBe(before + 1);
  });

  it('the enterprise files a rights-holder report; another enterprise gets 404; the site may not', async () => {
    const report = { title: '前员工带走客户名单', respondentName: '某竞争公司', secretSummary: '客户名单（概述）', measures: '保密协议', infringementLeads: '前员工入职竞争公司后客户流失', contact: { name: '李总', phone: '13900000001' } };
    const before = await rows(cases);
    refused(await ent2.post(`/api/services/requests/${reqId}/follow-up`, { kind: 'report', report }), 404);
    refused(await site1.post(`/api/services/requests/${reqId}/follow-up`, { kind: 'report', report }), 403);
    refused(await ent1.post(`/api/services/requests/${reqId}/follow-up`, { kind: 'report', report: { ...report, title: '' } }), 400);
    expect(await rows(cases)).toBe(before);
    const d = await ok(await ent1.post(`/api/services/requests/${reqId}/follow-up`, { kind: 'report', report }));
    const started = d.followUps.find((f: Json) => f.kind === 'report');
    const [c] = await t.database.db.select().from(cases).where(eq(cases.id, started.id));
    expect(c).toMatchObject({ track: 'report', source: 'enterprise', title: '前员工带走客户名单' });
  });

  it('the district lists the enterprise for cultivation; another district 404; a second entry refused by cultivation’s rule', async () => {
    const before = await rows(cultivationEntries);
    refused(await xq.post(`/api/services/requests/${reqId}/follow-up`, { kind: 'cultivation', entry: { year: YEAR, batch: 1 } }), 404);
    refused(await jf.post(`/api/services/requests/${reqId}/follow-up`, { kind: 'cultivation', entry: { year: 1990, batch: 1 } }), 400);
    expect(await rows(cultivationEntries)).toBe(before);
    const d = await ok(await jf.post(`/api/services/requests/${reqId}/follow-up`, { kind: 'cultivation', entry: { year: YEAR, batch: 2, note: '维权援助后列入培育' } }));
    expect(d.followUps.map((f: Json) => f.kind)).toEqual(['health_check', 'report', 'cultivation']);
    const [e] = await t.database.db.select().from(cultivationEntries).where(eq(cultivationEntries.id, d.followUps[2].id));
    expect(e).toMatchObject({ enterpriseId: ids.e1, year: YEAR, batch: 2, stage: 'candidate' });
    expect(await rows(cultivationEntries)).toBe(before + 1);
  });
});

describe('a member of the public asks without an account', () => {
  const ask = (ip: string, extra: Record<string, unknown> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/api/public/services/requests',
      remoteAddress: ip,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ districtCode: '640106', publicName: '张三（个体工商户）', serviceKind: 'rights_assistance', title: '配方被前合伙人使用', need: '想了解如何维权（不含配方内容）', contactName: '张三', contactPhone: '13800000000', ...extra }),
    });

  it('lands in the same queue: assigned to the district’s site; the district and the site see it, no enterprise does', async () => {
    const res = await ask('10.9.0.1');
    expect(res.statusCode, res.body).toBe(200);
    const out = json(res);
    expect(out).toMatchObject({ state: 'assigned', assigneeName: '金凤联动工作站', bureauName: '金凤区市场监督管理局' });
    const seen = await ok(await jf.get(`/api/services/requests/${out.id}`));
    expect(seen).toMatchObject({ enterpriseId: null, fromPublic: true, enterpriseName: '张三（个体工商户）', contactPhone: '13800000000', assigneeOrgId: ids.siteOrg });
    // no user took the first step: the history says the platform (系统) received it
    expect(seen.history.map((h: Json) => [h.action, h.userName])).toEqual([['publicSubmit', '系统']]);
    expect((await ok(await site1.get('/api/services/requests?state=assigned'))).items.map((x: Json) => x.id)).toContain(out.id);
    refused(await xq.get(`/api/services/requests/${out.id}`), 404);
    refused(await ent1.get(`/api/services/requests/${out.id}`), 404);
    // the site works it as any other; the ledger row has no enterprise; nothing to follow up with
    await ok(await site1.post(`/api/services/requests/${out.id}/accept`, {}));
    const d = await ok(await site1.post(`/api/services/requests/${out.id}/deliver`, { deliveredOn: today(), hours: 1, people: 1, outcome: '电话指导' }));
    expect(d.state).toBe('delivered');
    const [l] = await t.database.db.select().from(serviceLedger).where(eq(serviceLedger.requestId, out.id));
    expect(l).toMatchObject({ orgId: ids.siteOrg, enterpriseId: null, districtCode: '640106' });
    refused(await jf.post(`/api/services/requests/${out.id}/follow-up`, { kind: 'cultivation', entry: { year: YEAR, batch: 1 } }), 409, 'kind');
  });

  it('bad input names the field and creates nothing; the address is limited like the public complaint form', async () => {
    const before = await rows(helpRequests);
    let n = 0;
    for (const [extra, field] of [
      [{ publicName: '' }, 'publicName'],
      [{ need: '秘'.repeat(1001) }, 'need'],
      [{ contactPhone: 'call me' }, 'contactPhone'],
      [{ districtCode: '640999' }, 'districtCode'],
      [{ regionCode: '110000' }, 'regionCode'],
      [{ serviceKind: 'dancing' }, 'serviceKind'],
      [{ assigneeOrgId: ids.siteOrg }, undefined],
    ] as const) {
      const res = await ask(`10.9.1.${++n}`, extra); // one address each: the limit is not what is tested here
      expect(res.statusCode, res.body).toBe(400);
      if (field) expect(json(res).error.fields?.[0]?.field, res.body).toBe(field);
    }
    expect(await rows(helpRequests)).toBe(before);
    // three filings per address in the window (this test's configuration), then 429 naming the wait; another address is free
    for (let i = 0; i < 3; i++) expect((await ask('10.9.0.3')).statusCode).toBe(200);
    const over = await ask('10.9.0.3');
    expect(over.statusCode).toBe(429);
    expect(json(over).error.message).toMatch(/提交过于频繁/);
    expect((await ask('10.9.0.4')).statusCode).toBe(200);
    expect(await rows(helpRequests)).toBe(before + 4);
  });
});
