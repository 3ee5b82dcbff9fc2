/**
 * Consultations (咨询问答) over the API, on PGlite and PostgreSQL: every step of the engine's `services.consult` path
 * (ask → answered → follow-up → answered; routed by the district when addressed to no one; consent by each side; publish;
 * unpublish), publication refused until both sides consented and while a name remains, scope (an enterprise its own, a
 * site or provider what is addressed to it, a district its district), the overdue answer (list flag, filter, the inbox's
 * reminder), the public FAQ without signing in (search, category, region), and bad input naming the field with nothing
 * changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { consultationMessages, consultations, notifications, workflowInstances } from '../../db/schema/index.js';
import { remindWorkflowLimits } from '../../platform/workflow/index.js';
import { createTestApp, ok, refused, type Client, type Json, type TestApp } from '../../../test/harness.js';
import { creditCodes } from '../../../test/fixtures.js';

let t: TestApp;
let city: Client;
let jf: Client;
let xq: Client;
let site1: Client;
let prov1: Client;
let ent1: Client;
let ent2: Client;
let ent3: Client;
let anon: Client;
const org: Record<string, number> = {};
const uid: Record<string, number> = {};
const code = creditCodes('XW9C');
const YEAR = new Date().getFullYear();
const rows = async () => (await t.database.db.select({ n: count() }).from(consultations))[0].n;
const messages = async () => (await t.database.db.select({ n: count() }).from(consultationMessages))[0].n;

const ask = (c: Client, extra: Record<string, unknown> = {}) =>
  c.post('/api/services/consultations', { category: 'employees', title: '竞业限制协议怎么约定', question: '研发人员离职时，竞业限制补偿金应如何约定才有效？（不含秘密内容）', ...extra });
const faq = (query = '') => anon.get(`/api/public/services/faq${query}`);

beforeAll(async () => {
  t = await createTestApp({ rateLimits: null });
  const admin = await t.admin();
  anon = t.client();
  org.city = await t.orgId('银川市市场监督管理局');
  org.jf = await t.orgId('金凤区市场监督管理局');
  org.xq = await t.orgId('兴庆区市场监督管理局');
  await t.createUser({ username: 'zx_city', orgId: org.city, roles: ['city_staff'] });
  uid.jf = await t.createUser({ username: 'zx_jf', orgId: org.jf, roles: ['district_staff'] });
  await t.createUser({ username: 'zx_xq', orgId: org.xq, roles: ['district_staff'] });
  [city, jf, xq] = await Promise.all(['zx_city', 'zx_jf', 'zx_xq'].map((u) => t.loginAs(u)));
  const site = await ok(await jf.post('/api/sites', { kind: 'station', name: '金凤咨询工作站', services: ['consulting'] }));
  org.site = site.orgId;
  uid.site = await t.createUser({ username: 'zx_site', orgId: org.site, roles: ['site_staff'] });
  const p1 = await ok(
    await city.post('/api/services/providers', { name: '宁夏咨询律师事务所', kind: 'law_firm', serviceKinds: ['legal_consulting'], qualifications: [{ kind: '律师事务所执业许可证', number: 'ZX-1', validUntil: `${YEAR + 1}-12-31` }] }),
  );
  org.p1 = p1.orgId;
  uid.prov1 = await t.createUser({ username: 'zx_prov1', orgId: org.p1, roles: ['provider_staff'] });
  const e1 = await ok(await admin.post('/api/enterprises', { creditCode: code('640106'), name: '宁夏问答科技有限公司', districtCode: '640106' }));
  const e2 = await ok(await admin.post('/api/enterprises', { creditCode: code('640106'), name: '宁夏旁观科技有限公司', districtCode: '640106' }));
  const e3 = await ok(await admin.post('/api/enterprises', { creditCode: code('640104'), name: '宁夏兴庆问答有限公司', districtCode: '640104' }));
  org.e1 = e1.orgId;
  await t.createUser({ username: 'zx_ent1', orgId: e1.orgId, roles: ['enterprise_admin'] });
  await t.createUser({ username: 'zx_ent2', orgId: e2.orgId, roles: ['enterprise_admin'] });
  await t.createUser({ username: 'zx_ent3', orgId: e3.orgId, roles: ['enterprise_admin'] });
  [site1, prov1, ent1, ent2, ent3] = await Promise.all(['zx_site', 'zx_prov1', 'zx_ent1', 'zx_ent2', 'zx_ent3'].map((u) => t.loginAs(u)));
});
afterAll(async () => t?.close());

describe('a consultation from question to the public FAQ', () => {
  let id: number;

  it('ask → answer → follow-up → answer; each side sees it, no one else does', async () => {
    const q = await ok(await ask(ent1, { assigneeOrgId: org.site }));
    id = q.id;
    expect(q).toMatchObject({ state: 'asked', assigneeOrgId: org.site, enterpriseName: '宁夏问答科技有限公司', askerConsent: false, answererConsent: false, overdue: false, allowed: [] });
    expect(q.dueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(q.messages).toEqual([expect.objectContaining({ kind: 'question', orgName: '宁夏问答科技有限公司' })]);
    // the site is told in its inbox
    const notes = await t.database.db.select().from(notifications).where(eq(notifications.userId, uid.site));
    expect(notes.map((n) => n.titleZh)).toContain('新的企业咨询待答复：宁夏问答科技有限公司：竞业限制协议怎么约定');
    // scope: the site, the district and the city see it; another enterprise, another district, a provider not asked: 404
    expect((await ok(await site1.get(`/api/services/consultations/${id}`))).allowed).toEqual(['answer']);
    await ok(await jf.get(`/api/services/consultations/${id}`));
    await ok(await city.get(`/api/services/consultations/${id}`));
    for (const c of [ent2, ent3, xq, prov1]) refused(await c.get(`/api/services/consultations/${id}`), 404);
    for (const c of [ent2, xq, prov1]) expect((await ok(await c.get('/api/services/consultations'))).items.map((x: Json) => x.id)).not.toContain(id);
    expect((await ok(await ent1.get('/api/services/consultations'))).items.map((x: Json) => x.id)).toContain(id);
    expect((await ok(await site1.get('/api/services/consultations?state=asked'))).items.map((x: Json) => x.id)).toContain(id);

    // only the site asked answers: a provider not asked 404, the enterprise 403; an empty answer names the field
    refused(await prov1.post(`/api/services/consultations/${id}/answer`, { text: '越权答复' }), 404);
    refused(await ent1.post(`/api/services/consultations/${id}/answer`, { text: '自问自答' }), 403);
    refused(await site1.post(`/api/services/consultations/${id}/answer`, { text: '  ' }), 400, 'text');
    // a follow-up before any answer is refused by the path
    refused(await ent1.post(`/api/services/consultations/${id}/follow-up`, { text: '还有一个问题' }), 409);
    const a = await ok(await site1.post(`/api/services/consultations/${id}/answer`, { text: '竞业限制期限不超过二年，离职后按月支付经济补偿。' }));
    expect(a).toMatchObject({ state: 'answered', dueOn: null });
    expect((await ok(await ent1.get(`/api/services/consultations/${id}`))).allowed).toEqual(['followUp', 'consent']);

    // the enterprise consents, then asks a follow-up: the thread changed, so its consent lapses
    expect((await ok(await ent1.post(`/api/services/consultations/${id}/consent`, {}))).askerConsent).toBe(true);
    const f = await ok(await ent1.post(`/api/services/consultations/${id}/follow-up`, { text: '补偿标准低于法定标准时协议是否有效？' }));
    expect(f).toMatchObject({ state: 'asked', askerConsent: false, answererConsent: false });
    await ok(await site1.post(`/api/services/consultations/${id}/answer`, { text: '补偿过低时，劳动者可请求按法定标准支付。' }));
    const full = await ok(await jf.get(`/api/services/consultations/${id}`));
    expect(full.messages.map((m: Json) => m.kind)).toEqual(['question', 'answer', 'question', 'answer']);
    expect(full.history.map((h: Json) => h.action).reverse()).toEqual(['ask', 'answer', 'consent', 'followUp', 'answer']);
  });

  it('publication needs both sides’ consent and a text with the names removed; the public FAQ then shows it', async () => {
    const edited = { category: 'employees', question: '企业与研发人员约定竞业限制，补偿金应如何约定？', answer: '期限不超过二年，离职后按月支付经济补偿；补偿过低时劳动者可请求按法定标准支付。' };
    // no consent yet: refused with the rule, nothing published
    const e = refused(await jf.post(`/api/services/consultations/${id}/publish`, edited), 409);
    expect(e.message).toMatch(/提问企业、答复单位尚未同意/);
    await ok(await ent1.post(`/api/services/consultations/${id}/consent`, {}));
    refused(await ent1.post(`/api/services/consultations/${id}/consent`, {}), 409);
    // a bureau is no side of the question
    refused(await jf.post(`/api/services/consultations/${id}/consent`, {}), 403);
    expect(refused(await jf.post(`/api/services/consultations/${id}/publish`, edited), 409).message).toMatch(/答复单位尚未同意/);
    const both = await ok(await site1.post(`/api/services/consultations/${id}/consent`, {}));
    expect(both).toMatchObject({ askerConsent: true, answererConsent: true });
    expect((await ok(await jf.get(`/api/services/consultations/${id}`))).allowed).toContain('publish');

    // a name left in the text is refused naming the field; the site, the enterprise and another district cannot publish
    refused(await jf.post(`/api/services/consultations/${id}/publish`, { ...edited, question: '宁夏问答科技有限公司问：竞业限制如何约定？' }), 400, 'question');
    refused(await jf.post(`/api/services/consultations/${id}/publish`, { ...edited, answer: '金凤咨询工作站答：不超过二年。' }), 400, 'answer');
    refused(await jf.post(`/api/services/consultations/${id}/publish`, { ...edited, category: 'gossip' }), 400, 'category');
    refused(await site1.post(`/api/services/consultations/${id}/publish`, edited), 403);
    refused(await ent1.post(`/api/services/consultations/${id}/publish`, edited), 403);
    refused(await xq.post(`/api/services/consultations/${id}/publish`, edited), 404);
    expect((await ok(await faq())).items).toEqual([]);

    const p = await ok(await jf.post(`/api/services/consultations/${id}/publish`, edited));
    expect(p).toMatchObject({ state: 'published', faq: edited });
    expect(p.publishedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // without signing in: the edited text only, searchable, by category
    const pub = await ok(await faq());
    expect(pub.items).toEqual([{ id, category: 'employees', question: edited.question, answer: edited.answer, publishedOn: p.publishedOn }]);
    expect(JSON.stringify(pub)).not.toMatch(/宁夏问答科技|金凤咨询工作站/);
    expect((await ok(await faq('?q=' + encodeURIComponent('补偿金')))).total).toBe(1);
    expect((await ok(await faq('?q=' + encodeURIComponent('商标')))).total).toBe(0);
    expect((await ok(await faq('?category=employees'))).total).toBe(1);
    expect((await ok(await faq('?category=evidence'))).total).toBe(0);
    refused(await faq('?category=gossip'), 400, 'category');
    // both sides hear of it
    const notes = await t.database.db.select().from(notifications).where(eq(notifications.userId, uid.site));
    expect(notes.map((n) => n.titleZh)).toContain('咨询已隐去名称公开：宁夏问答科技有限公司：竞业限制协议怎么约定');

    // withdrawn with a reason: gone from the FAQ, back to answered
    refused(await jf.post(`/api/services/consultations/${id}/unpublish`, {}), 400, 'comment');
    expect((await ok(await jf.post(`/api/services/consultations/${id}/unpublish`, { comment: '法规修订，待更新' }))).state).toBe('answered');
    expect((await ok(await faq())).total).toBe(0);
    await ok(await city.post(`/api/services/consultations/${id}/publish`, edited));
    expect((await ok(await faq())).total).toBe(1);
  });
});

describe('routing, the time to answer, bad input', () => {
  it('a question addressed to no one goes to the district, which names who answers', async () => {
    const q = await ok(await ask(ent1, { category: 'evidence', title: '如何固定证据' }));
    expect(q).toMatchObject({ state: 'routing', assigneeOrgId: null });
    const notes = await t.database.db.select().from(notifications).where(eq(notifications.userId, uid.jf));
    expect(notes.map((n) => n.titleZh)).toContain('企业咨询待指定答复单位：宁夏问答科技有限公司：如何固定证据');
    refused(await xq.post(`/api/services/consultations/${q.id}/route`, { assigneeOrgId: org.p1 }), 404);
    refused(await site1.post(`/api/services/consultations/${q.id}/route`, { assigneeOrgId: org.p1 }), 403);
    refused(await jf.post(`/api/services/consultations/${q.id}/route`, { assigneeOrgId: org.e1 }), 400, 'assigneeOrgId');
    refused(await prov1.get(`/api/services/consultations/${q.id}`), 404);
    const r = await ok(await jf.post(`/api/services/consultations/${q.id}/route`, { assigneeOrgId: org.p1 }));
    expect(r).toMatchObject({ state: 'asked', assigneeOrgId: org.p1, assigneeName: '宁夏咨询律师事务所' });
    expect((await ok(await prov1.get(`/api/services/consultations/${q.id}`))).allowed).toEqual(['answer']);
    refused(await jf.post(`/api/services/consultations/${q.id}/route`, { assigneeOrgId: org.site }), 409);
  });

  it('an answer past its day is overdue: flagged in the list, filtered, and the answerer is reminded in the inbox', async () => {
    const q = await ok(await ask(ent1, { assigneeOrgId: org.p1, title: '保密协议模板' }));
    expect((await ok(await prov1.get('/api/services/consultations?overdue=true'))).items.map((x: Json) => x.id)).not.toContain(q.id);
    // the question waited past its day (moved back on the engine's instance: the test cannot wait five working days)
    await t.database.db
      .update(workflowInstances)
      .set({ dueOn: '2020-01-06' })
      .where(and(eq(workflowInstances.kind, 'services.consult'), eq(workflowInstances.recordId, q.id)));
    const listed = await ok(await prov1.get('/api/services/consultations?overdue=true'));
    expect(listed.items.map((x: Json) => x.id)).toEqual([q.id]);
    expect(listed.items[0]).toMatchObject({ overdue: true, dueOn: '2020-01-06' });
    await remindWorkflowLimits(t.database.db, t.config, new Date());
    const notes = await t.database.db.select().from(notifications).where(eq(notifications.userId, uid.prov1));
    expect(notes.some((n) => n.titleZh.includes('保密协议模板') && n.titleZh.includes('逾期'))).toBe(true);
    // answered: no longer overdue
    await ok(await prov1.post(`/api/services/consultations/${q.id}/answer`, { text: '可参考示范文本。' }));
    expect((await ok(await prov1.get('/api/services/consultations?overdue=true'))).items).toEqual([]);
  });

  it('bad input names the field and creates nothing; only an enterprise asks', async () => {
    const [n, m] = [await rows(), await messages()];
    // a pasted document instead of a question
    expect(refused(await ask(ent1, { question: '配方'.repeat(501) }), 400, 'question').fields[0].message).toMatch(/1000/);
    refused(await ask(ent1, { category: 'gossip' }), 400, 'category');
    refused(await ask(ent1, { title: '' }), 400, 'title');
    refused(await ask(ent1, { assigneeOrgId: org.jf }), 400, 'assigneeOrgId');
    refused(await ask(jf), 403);
    refused(await ask(site1), 403);
    expect([await rows(), await messages()]).toEqual([n, m]);
    // English when asked
    ent1.locale = 'en-US';
    expect(refused(await ask(ent1, { assigneeOrgId: org.jf }), 400, 'assigneeOrgId').fields[0].message).toMatch(/site or a service provider/);
    ent1.locale = 'zh-CN';
  });
});
