/**
 * Services over the API, on PGlite and PostgreSQL: the provider registry (qualifications, expiry), the catalogue and the
 * suggestion, help requests through every step of the engine's path (accept, decline, reassign, deliver, confirm and
 * rate, cancel) and its escalation once the time to accept has run out, scope (a provider sees only what is assigned to
 * it, an enterprise only its own, a district only its own), the ledger (its rows are the delivered services), contracts
 * (their progress is the ledger), the yearly review against the standard, and bad input refused naming the field or the
 * rule, changing nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq, sql } from 'drizzle-orm';
import { shanghaiDate } from '@shangmi/shared';
import { helpRequests, notifications, serviceLedger, workflowSteps } from '../../db/schema/index.js';
import { createTestApp, ok, readXlsx, refused, type Client, type Json, type TestApp } from '../../../test/harness.js';
import { ctxOf } from '../../../test/actors.js';
import { creditCodes } from '../../../test/fixtures.js';
import { escalateOverdue } from './services.service.js';

let t: TestApp;
let admin: Client;
let city: Client;
let jf: Client;
let xq: Client;
let site1: Client;
let prov1: Client;
let prov2: Client;
let ent1: Client;
let ent2: Client;
let ent3: Client;
const org: Record<string, number> = {};
const ids: Record<string, number> = {};
const code = creditCodes('WX7A');
const today = () => shanghaiDate(new Date());
const YEAR = Number(today().slice(0, 4));
const requestCount = async () => (await t.database.db.select({ n: count() }).from(helpRequests))[0].n;
const ledgerCount = async () => (await t.database.db.select({ n: count() }).from(serviceLedger))[0].n;
const noticesOf = async (userId: number) => t.database.db.select().from(notifications).where(eq(notifications.userId, userId));
const userIds: Record<string, number> = {};


const ask = (c: Client, extra: Record<string, unknown> = {}) =>
  c.post('/api/services/requests', { serviceKind: 'rights_assistance', title: '前员工带走客户名单', need: '需要协助固定证据并评估维权路径（不含秘密内容）', contactName: '王经理', contactPhone: '13900000000', ...extra });
const deliver = (c: Client, id: number, extra: Record<string, unknown> = {}) =>
  c.post(`/api/services/requests/${id}/deliver`, { deliveredOn: today(), hours: 3, people: 2, outcome: '指导企业固定证据，提出维权建议', ...extra });

beforeAll(async () => {
  t = await createTestApp({ rateLimits: null });
  admin = await t.admin();
  org.city = await t.orgId('银川市市场监督管理局');
  org.jinfeng = await t.orgId('金凤区市场监督管理局');
  org.xingqing = await t.orgId('兴庆区市场监督管理局');
  userIds.city = await t.createUser({ username: 'sv_city', orgId: org.city, roles: ['city_staff'] });
  userIds.jf = await t.createUser({ username: 'sv_jf', orgId: org.jinfeng, roles: ['district_staff'] });
  userIds.xq = await t.createUser({ username: 'sv_xq', orgId: org.xingqing, roles: ['district_staff'] });
  [city, jf, xq] = await Promise.all(['sv_city', 'sv_jf', 'sv_xq'].map((u) => t.loginAs(u)));
  const site = await ok(await jf.post('/api/sites', { kind: 'station', name: '金凤商业秘密保护工作站', services: ['rights_assistance'] }));
  ids.site = site.id;
  org.site = site.orgId;
  userIds.site1 = await t.createUser({ username: 'sv_site1', orgId: org.site, roles: ['site_staff'] });
  const e1 = await ok(await admin.post('/api/enterprises', { creditCode: code('640106'), name: '宁夏求助科技有限公司', districtCode: '640106' }));
  const e2 = await ok(await admin.post('/api/enterprises', { creditCode: code('640106'), name: '宁夏邻居科技有限公司', districtCode: '640106' }));
  const e3 = await ok(await admin.post('/api/enterprises', { creditCode: code('640104'), name: '宁夏兴庆科技有限公司', districtCode: '640104' }));
  ids.e1 = e1.id;
  userIds.ent1 = await t.createUser({ username: 'sv_ent1', orgId: e1.orgId, roles: ['enterprise_admin'] });
  await t.createUser({ username: 'sv_ent2', orgId: e2.orgId, roles: ['enterprise_admin'] });
  await t.createUser({ username: 'sv_ent3', orgId: e3.orgId, roles: ['enterprise_admin'] });
  [site1, ent1, ent2, ent3] = await Promise.all(['sv_site1', 'sv_ent1', 'sv_ent2', 'sv_ent3'].map((u) => t.loginAs(u)));
});
afterAll(async () => t?.close());

describe('providers and the catalogue', () => {
  it('the city registers providers under its bureau with qualifications; a district reads but cannot register', async () => {
    const p1 = await ok(
      await city.post('/api/services/providers', {
        name: '宁夏明理律师事务所',
        kind: 'law_firm',
        serviceKinds: ['rights_assistance', 'legal_consulting'],
        qualifications: [{ kind: '律师事务所执业许可证', number: '31640000XX', validUntil: `${YEAR + 1}-12-31` }],
      }),
    );
    expect(p1).toMatchObject({ kind: 'law_firm', qualified: true, districts: [], openRequests: 0, rating: null });
    org.p1 = p1.orgId;
    ids.p1 = p1.id;
    const p2 = await ok(await city.post('/api/services/providers', { name: '宁夏知产服务中心', kind: 'ip_agency', serviceKinds: ['legal_consulting'], districts: ['640106'] }));
    org.p2 = p2.orgId;
    const p3 = await ok(
      await city.post('/api/services/providers', { name: '宁夏某司法鉴定所', kind: 'forensic', serviceKinds: ['rights_assistance', 'appraisal'], qualifications: [{ kind: '司法鉴定许可证', number: 'JD-1', validUntil: `${YEAR + 1}-06-30` }] }),
    );
    org.p3 = p3.orgId;
    ids.p3 = p3.id;
    userIds.prov1 = await t.createUser({ username: 'sv_prov1', orgId: org.p1, roles: ['provider_staff'] });
    userIds.prov2 = await t.createUser({ username: 'sv_prov2', orgId: org.p2, roles: ['provider_staff'] });
    await t.createUser({ username: 'sv_prov3', orgId: org.p3, roles: ['provider_staff'] });
    [prov1, prov2] = await Promise.all(['sv_prov1', 'sv_prov2'].map((u) => t.loginAs(u)));
    // a district reads the registry (it reassigns to providers) but the registry is the city's
    expect((await ok(await jf.get('/api/services/providers'))).items.map((p: Json) => p.name)).toEqual(expect.arrayContaining(['宁夏明理律师事务所', '宁夏知产服务中心']));
    refused(await jf.post('/api/services/providers', { name: '区县自建', kind: 'association', serviceKinds: ['consulting'] }), 403);
    // a provider sees itself only
    expect((await ok(await prov1.get('/api/services/providers'))).items.map((p: Json) => p.id)).toEqual([p1.id]);
    // bad input names the field
    expect(refused(await city.post('/api/services/providers', { name: 'x', kind: 'law_firm', serviceKinds: ['dancing'] }), 400, 'serviceKinds').fields[0].message).toMatch(/dancing/);
    refused(await city.post('/api/services/providers', { name: 'x', kind: 'bank', serviceKinds: ['consulting'] }), 400, 'kind');
  });

  it('sites and providers list their services; nobody lists for another', async () => {
    await ok(await site1.post('/api/services/offerings', { serviceKind: 'rights_assistance', title: '协助维权', description: '证据固定指引、维权路径建议', responseDays: 2 }));
    await ok(await prov1.post('/api/services/offerings', { serviceKind: 'rights_assistance', title: '维权援助（公益）' }));
    await ok(await prov1.post('/api/services/offerings', { serviceKind: 'legal_consulting', title: '商业秘密法律咨询' }));
    await ok(await prov2.post('/api/services/offerings', { serviceKind: 'legal_consulting', title: '知产法律咨询' }));
    const prov3 = await t.loginAs('sv_prov3');
    await ok(await prov3.post('/api/services/offerings', { serviceKind: 'rights_assistance', title: '鉴定与维权' }));
    refused(await prov1.post('/api/services/offerings', { orgId: org.p2, serviceKind: 'legal_consulting', title: '冒名' }), 400, 'orgId');
    refused(await ent1.post('/api/services/offerings', { serviceKind: 'legal_consulting', title: '企业不能' }), 403);
    expect((await ok(await ent1.get('/api/services/offerings?serviceKind=legal_consulting'))).length).toBe(2);
  });

  it('a qualification past its date takes the provider out of suggestions and assignments', async () => {
    const before = (await ok(await ent1.get('/api/services/suggest?serviceKind=rights_assistance'))).map((s: Json) => s.orgId);
    expect(before).toEqual(expect.arrayContaining([org.site, org.p1, org.p3]));
    // the site of the enterprise's own district comes first
    expect(before[0]).toBe(org.site);
    await ok(await city.patch(`/api/services/providers/${ids.p3}`, { qualifications: [{ kind: '司法鉴定许可证', number: 'JD-1', validUntil: '2020-06-30' }] }));
    expect((await ok(await city.get(`/api/services/providers/${ids.p3}`))).qualified).toBe(false);
    const after = (await ok(await ent1.get('/api/services/suggest?serviceKind=rights_assistance'))).map((s: Json) => s.orgId);
    expect(after).not.toContain(org.p3);
    const n = await requestCount();
    const e = refused(await ask(ent1, { assigneeOrgId: org.p3 }), 400, 'assigneeOrgId');
    expect(e.fields[0].message).toMatch(/司法鉴定许可证.*2020-06-30 过期/);
    expect(await requestCount()).toBe(n);
  });
});

describe('a help request through its path', () => {
  let id: number;

  it('refuses a need pasted beyond the allowed length (the form asks for the need, not the secret), changing nothing', async () => {
    const n = await requestCount();
    const e = refused(await ask(ent1, { need: '配方：'.repeat(400) }), 400, 'need');
    expect(e.fields[0].message).toMatch(/1000/);
    refused(await ask(ent1, { serviceKind: 'dancing' }), 400, 'serviceKind');
    refused(await ask(jf), 403);
    expect(await requestCount()).toBe(n);
  });

  it('an enterprise asks; the best suggestion (its district’s site) is assigned and told', async () => {
    const r = await ok(await ask(ent1));
    id = r.id;
    expect(r).toMatchObject({ state: 'assigned', assigneeOrgId: org.site, assigneeKind: 'site', enterpriseName: '宁夏求助科技有限公司', districtCode: '640106' });
    expect(r.dueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(r.allowed).toEqual(['cancel']);
    const notes = await noticesOf(userIds.site1);
    expect(notes.map((x) => x.titleZh)).toContain('新的服务求助待受理：宁夏求助科技有限公司：前员工带走客户名单');
  });

  it('scope: the assignee and the district see it; another provider, enterprise or district does not', async () => {
    expect((await ok(await site1.get(`/api/services/requests/${id}`))).allowed).toEqual(expect.arrayContaining(['accept', 'decline']));
    await ok(await jf.get(`/api/services/requests/${id}`));
    await ok(await city.get(`/api/services/requests/${id}`));
    for (const c of [prov1, ent2, ent3, xq]) refused(await c.get(`/api/services/requests/${id}`), 404);
    expect((await ok(await prov1.get('/api/services/requests'))).items).toEqual([]);
    expect((await ok(await ent2.get('/api/services/requests'))).items).toEqual([]);
    expect((await ok(await xq.get('/api/services/requests'))).items).toEqual([]);
    expect((await ok(await site1.get('/api/services/requests'))).items.map((x: Json) => x.id)).toEqual([id]);
  });

  it('only the assignee accepts; the enterprise hears of it', async () => {
    refused(await prov1.post(`/api/services/requests/${id}/accept`, {}), 404);
    refused(await jf.post(`/api/services/requests/${id}/accept`, {}), 403);
    const r = await ok(await site1.post(`/api/services/requests/${id}/accept`, {}));
    expect(r.state).toBe('accepted');
    expect(r.acceptedAt).not.toBeNull();
    refused(await site1.post(`/api/services/requests/${id}/accept`, {}), 409);
    expect((await noticesOf(userIds.ent1)).map((x) => x.titleZh)).toContain('您的求助已受理：宁夏求助科技有限公司：前员工带走客户名单');
  });

  it('a delivery from a provider not assigned is refused; the assignee delivers with an attachment and the ledger gets its row', async () => {
    const ledger = await ledgerCount();
    refused(await deliver(prov1, id), 404);
    refused(await deliver(site1, id, { deliveredOn: '2999-01-01' }), 400, 'deliveredOn');
    refused(await deliver(site1, id, { hours: 0 }), 400, 'hours');
    const foreign = await ent1.upload('企业的文件.pdf', Buffer.from('%PDF-1.4 not yours'), 'application/pdf');
    refused(await deliver(site1, id, { fileIds: [foreign.id] }), 400, 'fileIds');
    expect(await ledgerCount()).toBe(ledger);
    expect((await ok(await site1.get(`/api/services/requests/${id}`))).state).toBe('accepted');
    const f = await site1.upload('服务记录.pdf', Buffer.from('%PDF-1.4 service record'), 'application/pdf');
    const r = await ok(await deliver(site1, id, { fileIds: [f.id] }));
    expect(r).toMatchObject({ state: 'delivered', deliveredOn: today(), hours: 3, people: 2, deliveryFileIds: [f.id] });
    expect(await ledgerCount()).toBe(ledger + 1);
    // the enterprise downloads the attachment; another enterprise cannot
    expect((await ent1.get(`/api/services/requests/${id}/files/${f.id}`)).statusCode).toBe(200);
    refused(await ent2.get(`/api/services/requests/${id}/files/${f.id}`), 404);
    const rows = (await ok(await site1.get('/api/services/ledger'))).items;
    expect(rows).toEqual([expect.objectContaining({ source: 'request', requestId: id, serviceKind: 'rights_assistance', enterpriseName: '宁夏求助科技有限公司', hours: 3, people: 2 })]);
    expect((await ok(await prov1.get('/api/services/ledger'))).items).toEqual([]);
    expect((await ok(await jf.get('/api/services/ledger'))).items.map((x: Json) => x.requestId)).toContain(id);
    expect((await ok(await xq.get('/api/services/ledger'))).items).toEqual([]);
    expect((await ok(await ent1.get('/api/services/ledger'))).items).toEqual([]);
  });

  it('a rating from another enterprise is refused; the enterprise confirms and rates (1–5)', async () => {
    refused(await ent2.post(`/api/services/requests/${id}/confirm`, { rating: 5 }), 404);
    refused(await ent1.post(`/api/services/requests/${id}/confirm`, { rating: 6 }), 400, 'rating');
    refused(await site1.post(`/api/services/requests/${id}/confirm`, { rating: 5 }), 403);
    const r = await ok(await ent1.post(`/api/services/requests/${id}/confirm`, { rating: 5, comment: '及时专业' }));
    expect(r).toMatchObject({ state: 'confirmed', rating: 5, ratingComment: '及时专业' });
    expect(r.history.map((h: Json) => h.action)).toEqual(['confirm', 'deliver', 'accept', 'submit']);
    expect((await noticesOf(userIds.site1)).map((x) => x.titleZh)).toContain('企业已确认并评价：宁夏求助科技有限公司：前员工带走客户名单');
  });
});

describe('declined, reassigned, escalated on time, withdrawn', () => {
  it('a decline needs a reason and goes to the district, which reassigns (another district cannot)', async () => {
    const r = await ok(await ask(ent1, { assigneeOrgId: org.site, title: '请求实地指导' }));
    refused(await site1.post(`/api/services/requests/${r.id}/decline`, {}), 400, 'comment');
    const d = await ok(await site1.post(`/api/services/requests/${r.id}/decline`, { comment: '本站本周无律师值班' }));
    expect(d).toMatchObject({ state: 'escalated' });
    expect((await noticesOf(userIds.jf)).map((x) => x.titleZh)).toContain('服务求助待分派：宁夏求助科技有限公司：请求实地指导');
    // the site no longer holds it … but it is still its own (assignee until reassigned)
    refused(await xq.post(`/api/services/requests/${r.id}/reassign`, { assigneeOrgId: org.p1, comment: '改派' }), 404);
    refused(await site1.post(`/api/services/requests/${r.id}/reassign`, { assigneeOrgId: org.p1, comment: '改派' }), 403);
    refused(await jf.post(`/api/services/requests/${r.id}/reassign`, { assigneeOrgId: org.p1 }), 400, 'comment');
    refused(await jf.post(`/api/services/requests/${r.id}/reassign`, { assigneeOrgId: org.p3, comment: '改派' }), 400, 'assigneeOrgId');
    refused(await jf.post(`/api/services/requests/${r.id}/reassign`, { assigneeOrgId: org.jinfeng, comment: '改派' }), 400, 'assigneeOrgId');
    const a = await ok(await jf.post(`/api/services/requests/${r.id}/reassign`, { assigneeOrgId: org.p1, comment: '改派律所' }));
    expect(a).toMatchObject({ state: 'assigned', assigneeOrgId: org.p1, assigneeKind: 'provider' });
    // now the provider sees and accepts it; the site that declined does not see it any more
    refused(await site1.get(`/api/services/requests/${r.id}`), 404);
    await ok(await prov1.post(`/api/services/requests/${r.id}/accept`, {}));
    await ok(await deliver(prov1, r.id));
    ids.p1Delivered = r.id;
  });

  it('a request not accepted within its limit escalates to the district (not before), by a system step', async () => {
    const r = await ok(await ask(ent1, { serviceKind: 'legal_consulting', assigneeOrgId: org.p2, title: '咨询竞业限制' }));
    expect(r.state).toBe('assigned');
    const run = (now: Date) => t.database.db.transaction((tx) => escalateOverdue(ctxOf(t, null, tx, now)));
    expect(await run(new Date())).toBe(0);
    const dueDay = new Date(`${r.dueOn}T12:00:00+08:00`);
    expect(await run(dueDay)).toBe(0);
    expect((await ok(await prov2.get(`/api/services/requests/${r.id}`))).state).toBe('assigned');
    const before = (await noticesOf(userIds.jf)).length;
    expect(await run(new Date(dueDay.getTime() + 24 * 3600 * 1000))).toBeGreaterThanOrEqual(1);
    const e = await ok(await jf.get(`/api/services/requests/${r.id}`));
    expect(e.state).toBe('escalated');
    expect(e.history[0]).toMatchObject({ action: 'escalate', userName: '系统' });
    const [step] = await t.database.db.select().from(workflowSteps).where(and(eq(workflowSteps.kind, 'services.request'), eq(workflowSteps.recordId, r.id), eq(workflowSteps.transition, 'escalate')));
    expect(step.userId).toBeNull();
    expect((await noticesOf(userIds.jf)).length).toBe(before + 1);
    // a person cannot take the system's step, and a second run finds nothing
    expect(await run(new Date(dueDay.getTime() + 48 * 3600 * 1000))).toBe(0);
    refused(await prov2.post(`/api/services/requests/${r.id}/accept`, {}), 409);
  });

  it('the district may redirect a request still awaiting acceptance (not a to-do of its own)', async () => {
    const r = await ok(await ask(ent1, { serviceKind: 'legal_consulting', assigneeOrgId: org.p2, title: '改派未受理的求助' }));
    refused(await jf.post(`/api/services/requests/${r.id}/reassign`, { assigneeOrgId: org.p2, comment: '同一单位' }), 400, 'assigneeOrgId');
    const d = await ok(await jf.post(`/api/services/requests/${r.id}/reassign`, { assigneeOrgId: org.p1, comment: '律所更合适' }));
    expect(d).toMatchObject({ state: 'assigned', assigneeOrgId: org.p1 });
    expect(d.history[0]).toMatchObject({ action: 'redirect', comment: '律所更合适' });
    refused(await prov2.get(`/api/services/requests/${r.id}`), 404);
    expect((await noticesOf(userIds.prov1)).map((x) => x.titleZh)).toContain('新的服务求助待受理：宁夏求助科技有限公司：改派未受理的求助');
    await ok(await prov1.post(`/api/services/requests/${r.id}/decline`, { comment: '不属于本所业务' }));
  });

  it('the enterprise may withdraw a request nobody has accepted yet, not one under way', async () => {
    const r = await ok(await ask(ent1, { serviceKind: 'legal_consulting', assigneeOrgId: org.p2, title: '撤回测试' }));
    const c = await ok(await ent1.post(`/api/services/requests/${r.id}/cancel`, {}));
    expect(c.state).toBe('cancelled');
    refused(await prov2.post(`/api/services/requests/${r.id}/accept`, {}), 409);
    const u = await ok(await ask(ent1, { serviceKind: 'legal_consulting', assigneeOrgId: org.p2, title: '已受理不能撤回' }));
    await ok(await prov2.post(`/api/services/requests/${u.id}/accept`, {}));
    refused(await ent1.post(`/api/services/requests/${u.id}/cancel`, {}), 409);
    refused(await ent2.post(`/api/services/requests/${u.id}/cancel`, {}), 404);
  });

  it('the ledger’s rows are the delivered services, one each', async () => {
    const [{ delivered }] = await t.database.db.select({ delivered: sql<number>`count(*)::int` }).from(helpRequests).where(sql`state in ('delivered', 'confirmed')`);
    const [{ rows }] = await t.database.db.select({ rows: sql<number>`count(*)::int` }).from(serviceLedger).where(eq(serviceLedger.source, 'request'));
    expect(Number(rows)).toBe(Number(delivered));
    const byOrg = await ok(await city.get('/api/services/ledger/summary?by=org'));
    expect(byOrg.find((x: Json) => x.key === String(org.site))).toMatchObject({ services: 1, label: '金凤商业秘密保护工作站' });
    expect(byOrg.find((x: Json) => x.key === String(org.p1))).toMatchObject({ services: 1 });
    const xlsx = await readXlsx(await site1.get('/api/services/ledger/export'));
    expect(xlsx[0]).toContain('服务企业');
    expect(xlsx).toHaveLength(2);
  });
});

describe('contracts: progress is the ledger', () => {
  let cid: number;

  it('a district purchases from a provider; the provider’s delivered services in the period count against the quotas', async () => {
    refused(await jf.post('/api/services/contracts', { number: 'JF-2026-01', title: '维权援助服务', providerOrgId: org.p1, budgetFen: 5_000_000, startOn: `${YEAR}-12-31`, endOn: `${YEAR}-01-01`, quotas: [{ serviceKind: 'rights_assistance', quota: 2 }] }), 400, 'endOn');
    refused(await jf.post('/api/services/contracts', { number: 'JF-2026-01', title: '鉴定', providerOrgId: org.p3, budgetFen: 5_000_000, startOn: `${YEAR}-01-01`, endOn: `${YEAR}-12-31`, quotas: [{ serviceKind: 'appraisal', quota: 2 }] }), 400, 'providerOrgId');
    refused(await prov1.post('/api/services/contracts', { number: 'X', title: 'x', providerOrgId: org.p1, budgetFen: 1, startOn: `${YEAR}-01-01`, endOn: `${YEAR}-12-31`, quotas: [{ serviceKind: 'training', quota: 1 }] }), 403);
    const c = await ok(
      await jf.post('/api/services/contracts', {
        number: 'JF-2026-01',
        title: '金凤区商业秘密维权援助服务',
        providerOrgId: org.p1,
        budgetFen: 5_000_000,
        startOn: `${YEAR}-01-01`,
        endOn: `${YEAR}-12-31`,
        quotas: [
          { serviceKind: 'rights_assistance', quota: 2 },
          { serviceKind: 'training', quota: 1 },
        ],
      }),
    );
    cid = c.id;
    expect(c.progress).toEqual([
      { serviceKind: 'rights_assistance', quota: 2, delivered: 1 },
      { serviceKind: 'training', quota: 1, delivered: 0 },
    ]);
    refused(await jf.post('/api/services/contracts', { number: 'JF-2026-01', title: '重复', providerOrgId: org.p1, budgetFen: 1, startOn: `${YEAR}-01-01`, endOn: `${YEAR}-12-31`, quotas: [{ serviceKind: 'training', quota: 1 }] }), 409, 'number');
  });

  it('each new delivery or activity moves the progress, as the ledger counts it; scope of contracts', async () => {
    const r = await ok(await ask(ent1, { assigneeOrgId: org.p1, title: '第二次维权援助' }));
    await ok(await prov1.post(`/api/services/requests/${r.id}/accept`, {}));
    await ok(await deliver(prov1, r.id));
    await ok(await prov1.post('/api/services/ledger', { serviceKind: 'training', title: '商业秘密保护专题培训', occurredOn: today(), hours: 2, people: 40 }));
    const c = await ok(await prov1.get(`/api/services/contracts/${cid}`));
    const [{ n }] = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(serviceLedger).where(and(eq(serviceLedger.contractId, cid), eq(serviceLedger.serviceKind, 'rights_assistance')));
    expect(c.progress[0]).toEqual({ serviceKind: 'rights_assistance', quota: 2, delivered: Number(n) });
    expect(c.progress[0].delivered).toBe(2);
    expect(c.progress[1].delivered).toBe(1);
    refused(await prov2.get(`/api/services/contracts/${cid}`), 404);
    refused(await xq.get(`/api/services/contracts/${cid}`), 404);
    refused(await ent1.get(`/api/services/contracts/${cid}`), 404);
    await ok(await city.get(`/api/services/contracts/${cid}`));
  });

  it('payments stay within the budget; acceptance on the engine; the evaluation sheet', async () => {
    await ok(await jf.post(`/api/services/contracts/${cid}/payments`, { paidOn: today(), amountFen: 3_000_000 }));
    const e = refused(await jf.post(`/api/services/contracts/${cid}/payments`, { paidOn: today(), amountFen: 2_000_001 }), 400, 'amountFen');
    expect(e.fields[0].message).toMatch(/20000\.00/);
    refused(await prov1.post(`/api/services/contracts/${cid}/payments`, { paidOn: today(), amountFen: 1 }), 403);
    expect((await ok(await jf.get(`/api/services/contracts/${cid}`))).paidFen).toBe(3_000_000);
    refused(await jf.post(`/api/services/contracts/${cid}/accept`, {}), 409);
    expect((await ok(await prov1.post(`/api/services/contracts/${cid}/submit`, {}))).state).toBe('review');
    refused(await jf.post(`/api/services/contracts/${cid}/return`, {}), 400, 'comment');
    expect((await ok(await jf.post(`/api/services/contracts/${cid}/accept`, { comment: '完成约定数量' }))).state).toBe('accepted');
    refused(await jf.put(`/api/services/contracts/${cid}/evaluation`, { scores: [{ indicator: '完成数量', weight: 60, score: 100 }], conclusion: '良好' }), 400, 'scores');
    const ev = await ok(await jf.put(`/api/services/contracts/${cid}/evaluation`, { scores: [{ indicator: '完成数量', weight: 60, score: 100 }, { indicator: '企业满意度', weight: 40, score: 90 }], conclusion: '良好' }));
    expect(ev.evaluation).toMatchObject({ total: 96, conclusion: '良好' });
  });
});

describe('the site’s yearly review and the dashboard', () => {
  it('the standard’s quantitative items against the ledger’s counts of the year', async () => {
    const before = await ok(await site1.get(`/api/services/sites/${ids.site}/review?year=${YEAR}`));
    const f1 = before.items.find((i: Json) => i.code === 'F1');
    const e2 = before.items.find((i: Json) => i.code === 'E2');
    expect(f1).toMatchObject({ measure: 'services', min: 2, count: 0, met: false });
    expect(e2).toMatchObject({ measure: 'enterprises', min: 10, count: 1, met: false });
    for (const k of ['training', 'publicity']) await ok(await site1.post('/api/services/ledger', { serviceKind: k, title: `${k} 活动`, occurredOn: today(), people: 30 }));
    refused(await site1.post('/api/services/ledger', { serviceKind: 'consulting', title: '非活动', occurredOn: today() }), 400, 'serviceKind');
    refused(await site1.post('/api/services/ledger', { orgId: org.p1, serviceKind: 'training', title: '替别人登记', occurredOn: today() }), 400, 'orgId');
    const after = await ok(await jf.get(`/api/services/sites/${ids.site}/review?year=${YEAR}`));
    expect(after.items.find((i: Json) => i.code === 'F1')).toMatchObject({ count: 2, met: true });
    expect(after.totals).toEqual({ services: 1, activities: 2, enterprises: 1 });
    expect((await ok(await jf.get(`/api/services/sites/${ids.site}/review?year=${YEAR - 1}`))).items.find((i: Json) => i.code === 'F1').count).toBe(0);
    refused(await xq.get(`/api/services/sites/${ids.site}/review?year=${YEAR}`), 404);
  });

  it('trainings and publicity events the site holds (outreach) are rows of its ledger, counted in its review', async () => {
    const before = (await ok(await site1.get(`/api/services/sites/${ids.site}/review?year=${YEAR}`))).totals.activities;
    const training = { title: '工作站商业秘密保护培训', audience: 'enterprises', heldOn: today(), startTime: '09:30', hours: 2, place: '金凤区工作站', capacity: 10 };
    const tr = await ok(await site1.post('/api/outreach/trainings', training));
    const token = tr.checkinPath.split('/').pop();
    for (const c of [ent1, ent2]) await ok(await c.post(`/api/outreach/trainings/${tr.id}/enrol`));
    // two check-ins at once (concurrent on PostgreSQL): the row's people add up in SQL, one row for the training
    const ins = await Promise.all([ent1, ent2].map((c) => c.post('/api/outreach/checkin', { token })));
    expect(ins.map((r) => r.statusCode)).toEqual([200, 200]);
    const ev = await ok(await site1.post('/api/outreach/events', { kind: 'park', title: '工作站进园区宣传', heldOn: today(), place: '银川经济技术开发区' }));
    await ok(await site1.post(`/api/outreach/events/${ev.id}/result`, { participants: 40, result: '发放资料 100 份' }));
    // the result corrected: the same row, the new count
    await ok(await site1.post(`/api/outreach/events/${ev.id}/result`, { participants: 45, result: '发放资料 120 份' }));
    const refs = [`outreach_training:${tr.id}`, `outreach_event:${ev.id}`];
    const rows = await t.database.db.select().from(serviceLedger).where(sql`${serviceLedger.activityRef} = any(${`{${refs.join(',')}}`}::text[])`);
    expect(rows.map((r) => [r.serviceKind, r.people, r.hours, r.orgId, r.source]).sort()).toEqual([
      ['publicity', 45, 0, org.site, 'activity'],
      ['training', 2, 2, org.site, 'activity'],
    ]);
    const after = await ok(await jf.get(`/api/services/sites/${ids.site}/review?year=${YEAR}`));
    expect(after.totals.activities).toBe(before + 2);
    // a bureau's own training is no site's ledger
    const own = await ok(await jf.post('/api/outreach/trainings', { ...training, title: '区局培训', place: '金凤区市场监管局' }));
    await ok(await ent1.post(`/api/outreach/trainings/${own.id}/enrol`));
    await ok(await ent1.post('/api/outreach/checkin', { token: own.checkinPath.split('/').pop() }));
    expect(await t.database.db.select().from(serviceLedger).where(eq(serviceLedger.activityRef, `outreach_training:${own.id}`))).toEqual([]);
  });

  it('the dashboard counts requests, response time and satisfaction within scope', async () => {
    const d = await ok(await city.get('/api/services/dashboard'));
    expect(d.requests).toBe(await requestCount());
    expect(d.avgRating).toBe(5);
    expect(d.byServiceKind.find((x: Json) => x.key === 'rights_assistance')).toMatchObject({ label: '维权援助' });
    expect(d.byDistrict[0]).toMatchObject({ key: '640106', label: '金凤区' });
    expect((await ok(await xq.get('/api/services/dashboard'))).requests).toBe(0);
    refused(await site1.get('/api/services/dashboard'), 403);
  });
});
