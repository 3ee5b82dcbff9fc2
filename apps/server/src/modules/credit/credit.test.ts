/**
 * Penalty records and their publication over the API, on PGlite and PostgreSQL: a case decided with a penalty prefills its
 * record; submit → review (the facts confirmed free of the secret) → publish within the 20-working-day clock (the case's
 * clock closes); the public finds it; a revoked decision is withdrawn; bad input is refused naming the field or the rule,
 * changing nothing; scope across districts and enterprises.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { addMonths, computeDue, shanghaiDate, WorkCalendar } from '@shangmi/shared';
import { creditChanges, creditRecords } from '../../db/schema/index.js';
import { createTestApp, json, type Client, type Json, type TestApp } from '../../../test/harness.js';
import { creditCode, decidedCase, ids, ok, publishedRecord, recordInput } from '../../../test/credit.js';

let t: TestApp;
let admin: Client;
let jf: Client;
let jf2: Client;
let xq: Client;
let city: Client;
let ent: Client;
let ent2: Client;
const org: Record<string, number> = {};
const ENT_CODE = creditCode('640106');
const today = () => shanghaiDate(new Date());
const recordCount = async () => (await t.database.db.select({ n: count() }).from(creditRecords))[0].n;

beforeAll(async () => {
  t = await createTestApp({ rateLimits: null });
  admin = await t.admin();
  org.city = await t.orgId('银川市市场监督管理局');
  org.jinfeng = await t.orgId('金凤区市场监督管理局');
  org.xingqing = await t.orgId('兴庆区市场监督管理局');
  const e1 = json(await admin.post('/api/enterprises', { creditCode: ENT_CODE, name: '宁夏受罚科技有限公司', districtCode: '640106' }));
  const e2 = json(await admin.post('/api/enterprises', { creditCode: creditCode('640106'), name: '宁夏邻居科技有限公司', districtCode: '640106' }));
  await t.createUser({ username: 'cr_jf', orgId: org.jinfeng, roles: ['district_staff'] });
  await t.createUser({ username: 'cr_jf2', orgId: org.jinfeng, roles: ['district_staff'] });
  await t.createUser({ username: 'cr_xq', orgId: org.xingqing, roles: ['district_staff'] });
  await t.createUser({ username: 'cr_city', orgId: org.city, roles: ['city_staff'] });
  await t.createUser({ username: 'cr_ent', orgId: e1.orgId, roles: ['enterprise_admin'] });
  await t.createUser({ username: 'cr_ent2', orgId: e2.orgId, roles: ['enterprise_admin'] });
  [jf, jf2, xq, city, ent, ent2] = await Promise.all(['cr_jf', 'cr_jf2', 'cr_xq', 'cr_city', 'cr_ent', 'cr_ent2'].map((u) => t.loginAs(u)));
});
afterAll(async () => t?.close());

describe('from a case to the public page', () => {
  let caseId: number;
  let recordId: number;

  it('a case decided with a penalty waits for its record, and prefills it', async () => {
    caseId = await decidedCase(t, jf, { respondentName: '宁夏受罚科技有限公司', creditCode: ENT_CODE, fineFen: 20_000_000, decisionNo: '银金市监处罚〔2026〕88号', close: true });
    expect((await ok(await jf.get('/api/credit/cases/pending'))).map((c: Json) => c.caseId)).toContain(caseId);
    const p = await ok(await jf.get(`/api/credit/cases/${caseId}/prefill`));
    expect(p).toMatchObject({ caseId, partyName: '宁夏受罚科技有限公司', creditCode: ENT_CODE, decisionNo: '银金市监处罚〔2026〕88号', fineFen: 20_000_000, decidedOn: today(), authorityName: '金凤区市场监督管理局', existingRecordId: null });
    // another district does not see the case
    expect((await xq.get(`/api/credit/cases/${caseId}/prefill`)).statusCode).toBe(404);
  });

  it('the officer completes every 双公示 field; the 20-working-day clock counts from the decision', async () => {
    const r = await ok(await jf.post('/api/credit/records', recordInput({ caseId, partyName: '宁夏受罚科技有限公司', creditCode: ENT_CODE, decisionNo: '银金市监处罚〔2026〕88号', decidedOn: today() })));
    recordId = r.id;
    const due = computeDue(new WorkCalendar(), { start: today(), length: 20, unit: 'working' });
    expect(r).toMatchObject({ source: 'case', caseId, state: 'draft', publishState: 'pending', publishDueOn: due.due, orgName: '金凤区市场监督管理局', districtCode: '640106' });
    expect(r.allowed).toEqual(expect.arrayContaining(['edit', 'submit']));
    expect((await ok(await jf.get('/api/credit/cases/pending'))).map((c: Json) => c.caseId)).not.toContain(caseId);
    // one record per case
    const again = await jf.post('/api/credit/records', recordInput({ caseId, decidedOn: today() }));
    expect(again.statusCode).toBe(409);
    expect(json(again).error.fields[0].field).toBe('caseId');
  });

  it('publication needs a review by someone else, who confirms the facts hold no secret', async () => {
    // straight to publication: refused, nothing changes
    const early = await jf2.post(`/api/credit/records/${recordId}/publish`, {});
    expect(early.statusCode).toBe(409);
    expect(json(early).error.code).toBe('TRANSITION_NOT_ALLOWED');
    await ok(await jf.post(`/api/credit/records/${recordId}/submit`, {}));
    expect(json(await jf2.post(`/api/credit/records/${recordId}/publish`, {})).error.message).toMatch(/须经审核后才能公示/);
    const self = await jf.post(`/api/credit/records/${recordId}/review`, { factsConfirmed: true });
    expect(self.statusCode).toBe(403);
    expect(json(self).error.code).toBe('SEPARATION_OF_DUTIES');
    const unconfirmed = await jf2.post(`/api/credit/records/${recordId}/review`, {});
    expect(unconfirmed.statusCode).toBe(400);
    expect(json(unconfirmed).error.fields[0]).toMatchObject({ field: 'factsConfirmed' });
    const reviewed = await ok(await jf2.post(`/api/credit/records/${recordId}/review`, { factsConfirmed: true }));
    expect(reviewed).toMatchObject({ state: 'reviewed', allowed: expect.arrayContaining(['publish']) });
  });

  it('published: three years from today, on time, the case’s clock closed and its history told', async () => {
    const d = await ok(await jf2.post(`/api/credit/records/${recordId}/publish`, {}));
    expect(d).toMatchObject({ state: 'published', publishState: 'public', publishedOn: today(), onTime: true, term: 'long', publicUntil: addMonths(today(), 36) });
    expect(d.history.map((h: Json) => h.action)).toEqual(['publish', 'review', 'submit', 'created']);
    const c = await ok(await jf.get(`/api/cases/${caseId}`));
    expect(c.clocks.find((k: Json) => k.ruleKey === 'case.publish')).toMatchObject({ closedOn: today(), state: 'closed_on_time' });
    expect(c.events.map((e: Json) => e.action)).toContain('credit_publish');
    const [change] = await t.database.db.select().from(creditChanges).where(eq(creditChanges.recordId, recordId));
    expect(change).toMatchObject({ change: 'new' });
  });

  it('the public finds it by a fragment of the name or by the credit code, and sees only published fields', async () => {
    const anon = t.client();
    const byName = await ok(await anon.get(`/api/public/credit/records?q=${encodeURIComponent('受罚科技')}`));
    expect(ids(byName)).toContain(recordId);
    const two = await ok(await anon.get(`/api/public/credit/records?q=${encodeURIComponent('受罚')}`));
    expect(ids(two)).toContain(recordId);
    const byCode = await ok(await anon.get(`/api/public/credit/records?q=${ENT_CODE.toLowerCase()}`));
    expect(ids(byCode)).toEqual([recordId]);
    const one = await ok(await anon.get(`/api/public/credit/records/${recordId}`));
    expect(one).toMatchObject({ decisionNo: '银金市监处罚〔2026〕88号', fineWan: '20.000000', penaltyKinds: ['罚款'], publishedOn: today() });
    expect(Object.keys(one)).not.toContain('caseId');
  });

  it('the enterprise sees its own published record with its term; another enterprise does not', async () => {
    const mine = await ok(await ent.get('/api/credit/mine'));
    expect(mine.records.map((r: Json) => r.id)).toContain(recordId);
    expect(mine.records.find((r: Json) => r.id === recordId)).toMatchObject({ publishState: 'public', publicUntil: addMonths(today(), 36), repairFrom: addMonths(today(), 6) });
    expect((await ent.get(`/api/credit/records/${recordId}`)).statusCode).toBe(200);
    expect((await ent2.get(`/api/credit/records/${recordId}`)).statusCode).toBe(404);
    expect((await ok(await ent2.get('/api/credit/mine'))).records).toEqual([]);
  });

  it('a revoked decision is recorded, withdrawn with its reason, and leaves the public page', async () => {
    const missing = await jf.post(`/api/credit/records/${recordId}/revoke`, { kind: 'revoked', on: today(), comment: '行政复议撤销' });
    expect(missing.statusCode).toBe(400);
    expect(json(missing).error.fields.map((f: Json) => f.field)).toContain('documentNo');
    const rv = await ok(await jf.post(`/api/credit/records/${recordId}/revoke`, { kind: 'revoked', documentNo: '宁市监复决字〔2026〕3号', on: today(), comment: '经行政复议撤销原处罚决定' }));
    const due = computeDue(new WorkCalendar(), { start: today(), length: 3, unit: 'working' }).due;
    expect(rv).toMatchObject({ state: 'withdrawing', withdrawDueOn: due, revocation: { kind: 'revoked', documentNo: '宁市监复决字〔2026〕3号' } });
    const noReason = await jf2.post(`/api/credit/records/${recordId}/withdraw`, { comment: '' });
    expect(noReason.statusCode).toBe(400);
    const w = await ok(await jf2.post(`/api/credit/records/${recordId}/withdraw`, { comment: '原行政处罚决定已被撤销' }));
    expect(w).toMatchObject({ state: 'withdrawn', publishState: 'withdrawn', withdrawnOn: today(), withdrawReason: '原行政处罚决定已被撤销' });
    expect((await t.client().get(`/api/public/credit/records/${recordId}`)).statusCode).toBe(404);
    expect(ids(await ok(await t.client().get(`/api/public/credit/records?q=${ENT_CODE}`)))).toEqual([]);
    const c = await ok(await jf.get(`/api/cases/${caseId}`));
    expect(c.events.map((e: Json) => e.action)).toContain('credit_withdraw');
  });
});

describe('nothing published may contain the secret (令126 Art. 21)', () => {
  it('review and publication refuse a term the case marks as secret', async () => {
    const caseId = await decidedCase(t, jf);
    await ok(await jf.put(`/api/cases/${caseId}/secret-terms`, { terms: ['温控曲线', 'PID参数表'] }));
    const leaky = recordInput({ caseId, decidedOn: today(), facts: '当事人获取了权利人的反应釜温控 曲线并用于生产。' });
    const r = await ok(await jf.post('/api/credit/records', leaky));
    expect(r.checkedTerms).toEqual(['温控曲线', 'PID参数表']);
    await ok(await jf.post(`/api/credit/records/${r.id}/submit`, {}));
    const refused = await jf2.post(`/api/credit/records/${r.id}/review`, { factsConfirmed: true });
    expect(refused.statusCode).toBe(400);
    expect(json(refused).error.fields[0]).toMatchObject({ field: 'facts' });
    expect(json(refused).error.fields[0].message).toMatch(/第二十一条/);
    expect((await ok(await jf.get(`/api/credit/records/${r.id}`))).state).toBe('review');
    await ok(await jf2.post(`/api/credit/records/${r.id}/return`, { comment: '违法事实含技术秘密内容，请改写' }));
    await ok(await jf.patch(`/api/credit/records/${r.id}`, { facts: '当事人以不正当手段获取并使用权利人的技术信息。' }));
    await ok(await jf.post(`/api/credit/records/${r.id}/submit`, {}));
    await ok(await jf2.post(`/api/credit/records/${r.id}/review`, { factsConfirmed: true }));
    // a term the case marks after the review still stops publication
    await ok(await jf.put(`/api/cases/${caseId}/secret-terms`, { terms: ['温控曲线', '技术信息'] }));
    const late = await jf2.post(`/api/credit/records/${r.id}/publish`, {});
    expect(late.statusCode).toBe(400);
    expect(json(late).error.fields[0].message).toMatch(/技术信息/);
    expect((await ok(await jf.get(`/api/credit/records/${r.id}`))).state).toBe('reviewed');
  });

  it('the case’s secret terms are never shown to a partner agency nor repeated in the case’s history', async () => {
    const caseId = await decidedCase(t, jf);
    await ok(await jf.put(`/api/cases/${caseId}/secret-terms`, { terms: ['独家配方比例'] }));
    const c = await ok(await jf.get(`/api/cases/${caseId}`));
    expect(c.secretTerms).toEqual(['独家配方比例']);
    expect(JSON.stringify(c.events)).not.toContain('独家配方比例');
  });
});

describe('bad input: a clear 4xx naming the field or the rule, nothing changed', () => {
  const refused = async (body: Record<string, unknown>, field: string, message?: RegExp) => {
    const before = await recordCount();
    const res = await jf.post('/api/credit/records', recordInput(body));
    expect(res.statusCode, res.body).toBe(400);
    const f = json(res).error.fields.find((x: Json) => x.field === field);
    expect(f, res.body).toBeTruthy();
    if (message) expect(f.message).toMatch(message);
    expect(await recordCount()).toBe(before);
  };
  it('an invalid credit code', () => refused({ creditCode: '91640100MA76R8X01Z' }, 'creditCode', /统一社会信用代码/));
  it('a negative amount', () => refused({ fineFen: -100 }, 'fineFen', /^罚款：不能小于 0/));
  it('a fine without its amount, with the rule’s citation', () => refused({ fineFen: null }, 'fineFen', /处罚类别含“罚款”时必填（行政处罚法 第九条/));
  it('a permit revoked without its name and number', () => refused({ penaltyKinds: ['revoke_permit'], fineFen: null }, 'licenceInfo', /吊销许可证件/));
  it('dates out of order', () => refused({ validUntil: '2026-01-01' }, 'validUntil', /不能早于处罚决定日期/));
  it('a decision in the future', () => refused({ decidedOn: '2099-01-01' }, 'decidedOn', /不能晚于今天/));
  it('in English too', async () => {
    jf.locale = 'en-US';
    try {
      const res = await jf.post('/api/credit/records', recordInput({ fineFen: -1 }));
      expect(json(res).error.fields[0].message).toMatch(/^Fine must be at least 0/);
    } finally {
      jf.locale = 'zh-CN';
    }
  });
  it('a publication before review, and a step outside one’s scope', async () => {
    const r = await ok(await jf.post('/api/credit/records', recordInput()));
    expect((await jf.post(`/api/credit/records/${r.id}/publish`, {})).statusCode).toBe(409);
    expect((await xq.post(`/api/credit/records/${r.id}/submit`, {})).statusCode).toBe(404);
    expect((await ok(await jf.get(`/api/credit/records/${r.id}`))).state).toBe('draft');
  });
});

describe('what is published and for how long', () => {
  it('a warning alone, or a penalty under the simple procedure, is recorded but not published', async () => {
    const w = await ok(await jf.post('/api/credit/records', recordInput({ penaltyKinds: ['warning'], fineFen: null })));
    expect(w).toMatchObject({ publishState: 'unpublishable', publishDueOn: null, notPublished: { citation: expect.stringMatching(/第二条第二款/) } });
    const submit = await jf.post(`/api/credit/records/${w.id}/submit`, {});
    expect(submit.statusCode).toBe(409);
    expect(json(submit).error.message).toMatch(/仅受到警告行政处罚的不予公示/);
    const s = await ok(await jf.post('/api/credit/records', recordInput({ procedure: 'simple' })));
    expect(s.notPublished.citation).toMatch(/第二条第一款/);
  });

  it('通报批评 or a low fine is published for three months; a low fine is the region’s figure', async () => {
    const low = await publishedRecord(jf, jf2, { fineFen: 800_000 });
    expect(low).toMatchObject({ term: 'short', publicUntil: addMonths(today(), 3) });
    const crit = await publishedRecord(jf, jf2, { penaltyKinds: ['criticism'], fineFen: null });
    expect(crit.term).toBe('short');
    const high = await publishedRecord(jf, jf2, { fineFen: 1_000_001 });
    expect(high.term).toBe('long');
  });

  it('a correction of a published record (令45 Art. 12) needs a reason, keeps the facts, and is fed as changed', async () => {
    const r = await publishedRecord(jf, jf2);
    expect((await jf.patch(`/api/credit/records/${r.id}`, { remark: '更正' })).statusCode).toBe(400);
    const facts = await jf.patch(`/api/credit/records/${r.id}`, { facts: '改写的事实', comment: '更正' });
    expect(json(facts).error.fields[0].field).toBe('facts');
    const c = await ok(await jf.patch(`/api/credit/records/${r.id}`, { legalRep: '李四', comment: '法定代表人录入错误' }));
    expect(c).toMatchObject({ legalRep: '李四', state: 'published' });
    expect(c.history[0]).toMatchObject({ action: 'corrected', comment: '法定代表人录入错误', changed: ['legalRep'] });
    const changes = await t.database.db.select().from(creditChanges).where(eq(creditChanges.recordId, r.id));
    expect(changes.map((x) => x.change)).toEqual(['new', 'changed']);
  });
});

describe('scope', () => {
  it('another district sees neither the record nor it in lists; the city sees both districts', async () => {
    const r = await ok(await jf.post('/api/credit/records', recordInput({ partyName: '宁夏范围测试有限公司' })));
    expect((await xq.get(`/api/credit/records/${r.id}`)).statusCode).toBe(404);
    expect(ids(await ok(await xq.get('/api/credit/records?q=范围测试')))).toEqual([]);
    expect(ids(await ok(await city.get('/api/credit/records?q=范围测试')))).toEqual([r.id]);
    // an enterprise never sees a draft about itself
    const own = await ok(await jf.post('/api/credit/records', recordInput({ creditCode: ENT_CODE })));
    expect((await ent.get(`/api/credit/records/${own.id}`)).statusCode).toBe(404);
  });

  it('the enterprise’s credit on its profile, for staff who see the enterprise', async () => {
    const e = json(await admin.get(`/api/enterprises?q=${ENT_CODE}`)).items[0];
    const s = await ok(await jf.get(`/api/credit/enterprises/${e.id}`));
    expect(s.creditCode).toBe(ENT_CODE);
    expect(s.records.length).toBeGreaterThanOrEqual(2);
    expect((await xq.get(`/api/credit/enterprises/${e.id}`)).statusCode).toBe(404);
  });

  it('the dashboard counts per district within scope', async () => {
    const d = await ok(await city.get('/api/credit/dashboard'));
    const jfRow = d.rows.find((r: Json) => r.districtCode === '640106');
    expect(jfRow.onTime).toBeGreaterThanOrEqual(4);
    expect(jfRow.withdrawn).toBeGreaterThanOrEqual(1);
    expect(d.total.decided).toBeGreaterThanOrEqual(jfRow.decided);
    const x = await ok(await xq.get('/api/credit/dashboard'));
    expect(x.rows.find((r: Json) => r.districtCode === '640106')).toBeUndefined();
  });
});

describe('rules as data, correctable by an administrator', () => {
  it('shows each part’s source; a correction is validated (problems named by path) and applies as a new version', async () => {
    const v = await ok(await city.get('/api/credit/rules'));
    expect(v.sources.map((s: Json) => s.source)).toEqual(['file', 'file', 'file']);
    expect(v.rules.publication.dueCitation).toMatch(/第四十五号|第45号/);
    expect((await city.put('/api/credit/rules/rules', { data: v.rules })).statusCode).toBe(403);
    const bad = await admin.put('/api/credit/rules/rules', { data: { ...v.rules, publication: { ...v.rules.publication, dueWorkingDays: -1 } } });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).error.message).toMatch(/data\.publication\.dueWorkingDays/);
    const lowFine = v.rules.lowFine.map((l: Json) => (l.regionPrefix === '64' ? { ...l, legalPersonFen: 500_000, provisional: false, note: '按自治区文件更正' } : l));
    const after = await ok(await admin.put('/api/credit/rules/rules', { data: { ...v.rules, effectiveFrom: '2026-01-01', lowFine }, note: '较低数额罚款按自治区文件更正' }));
    expect(after.sources[0]).toMatchObject({ source: 'edit', version: 1, editedBy: '系统管理员' });
    // 8,000 yuan is no longer a low fine for a legal person: three years
    const r = await publishedRecord(jf, jf2, { fineFen: 800_000 });
    expect(r.term).toBe('long');
  });
});
