/**
 * The serious-violation list, joint measures with partner departments, credit repair and early removal, over the API on
 * PGlite and PostgreSQL: every transition, who may take it, what it sets; an enterprise applies from its own account
 * (another's answers 400 naming the field); a repaired record leaves the public page; two people acting at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { addMonths, computeDue, shanghaiDate, WorkCalendar } from '@shangmi/shared';
import { creditChanges, creditRecords, creditSerious, notifications, users } from '../../db/schema/index.js';
import { createTestApp, json, type Client, type Json, type TestApp } from '../../../test/harness.js';
import { creditCode, ids, ok, publishedRecord, recordInput } from '../../../test/credit.js';

let t: TestApp;
let admin: Client;
let jf: Client;
let jf2: Client;
let city: Client;
let city2: Client;
let ent: Client;
let ent2: Client;
let partner: Client;
let partnerOrg: number;
const ENT_CODE = creditCode('640106');
const today = () => shanghaiDate(new Date());
const evidence = (c: Client, name: string) => c.upload(name, Buffer.from(`%PDF-1.4 ${name} ${Math.random()}`), 'application/pdf');

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  const cityOrg = await t.orgId('银川市市场监督管理局');
  const jinfeng = await t.orgId('金凤区市场监督管理局');
  const e1 = json(await admin.post('/api/enterprises', { creditCode: ENT_CODE, name: '宁夏列严测试有限公司', districtCode: '640106' }));
  const e2 = json(await admin.post('/api/enterprises', { creditCode: creditCode('640106'), name: '宁夏旁观测试有限公司', districtCode: '640106' }));
  partnerOrg = json(await admin.post('/api/orgs', { parentId: cityOrg, name: '银川市财政局', kind: 'department' })).id;
  await t.createUser({ username: 'cs_jf', orgId: jinfeng, roles: ['district_staff'] });
  await t.createUser({ username: 'cs_jf2', orgId: jinfeng, roles: ['district_staff'] });
  await t.createUser({ username: 'cs_city', orgId: cityOrg, roles: ['city_staff'] });
  await t.createUser({ username: 'cs_city2', orgId: cityOrg, roles: ['city_staff'] });
  await t.createUser({ username: 'cs_ent', orgId: e1.orgId, roles: ['enterprise_admin'] });
  await t.createUser({ username: 'cs_ent2', orgId: e2.orgId, roles: ['enterprise_admin'] });
  await t.createUser({ username: 'cs_fin', orgId: partnerOrg, roles: ['credit_partner'] });
  [jf, jf2, city, city2, ent, ent2, partner] = await Promise.all(['cs_jf', 'cs_jf2', 'cs_city', 'cs_city2', 'cs_ent', 'cs_ent2', 'cs_fin'].map((u) => t.loginAs(u)));
});
afterAll(async () => t?.close());

describe('the serious-violation list', () => {
  let recordId: number;
  let entryId: number;

  it('a proposal needs a published penalty and a reason', async () => {
    const draft = await ok(await jf.post('/api/credit/records', recordInput({ creditCode: ENT_CODE })));
    expect((await jf.post('/api/credit/serious', { recordId: draft.id, reason: '情节严重', basis: '令44' })).statusCode).toBe(409);
    const r = await publishedRecord(jf, jf2, { partyName: '宁夏列严测试有限公司', creditCode: ENT_CODE });
    recordId = r.id;
    expect(r.allowed).toContain('propose_serious');
    const noReason = await jf.post('/api/credit/serious', { recordId, reason: '', basis: '令44' });
    expect(noReason.statusCode).toBe(400);
    const s = await ok(await jf.post('/api/credit/serious', { recordId, reason: '侵犯商业秘密，情节严重，社会危害较大', basis: '总局令第44号 第九条第（一）项' }));
    entryId = s.id;
    expect(s).toMatchObject({ state: 'proposed', allowed: expect.arrayContaining(['notify']) });
    expect((await jf.post('/api/credit/serious', { recordId, reason: '再次', basis: '令44' })).statusCode).toBe(409);
  });

  it('notice of intent (the statement period on the engine), the statement, the decision by the city, publication', async () => {
    const n = await ok(await jf.post(`/api/credit/serious/${entryId}/notify`, {}));
    expect(n).toMatchObject({ state: 'noticed', noticedOn: today() });
    expect(n.statementDueOn > today()).toBe(true);
    const noStatement = await jf.post(`/api/credit/serious/${entryId}/heard`, {});
    expect(noStatement.statusCode).toBe(400);
    expect(json(noStatement).error.fields[0].field).toBe('statement');
    await ok(await jf.post(`/api/credit/serious/${entryId}/heard`, { statement: '当事人提出陈述申辩，称已停止使用相关信息；经复核，理由不成立。' }));
    // the district may not decide; the city decides
    expect((await jf.post(`/api/credit/serious/${entryId}/decide`, {})).statusCode).toBe(403);
    expect((await ok(await city.post(`/api/credit/serious/${entryId}/decide`, {}))).state).toBe('decided');
    // the enterprise now sees the decision, the public not yet
    expect((await ent.get(`/api/credit/serious/${entryId}`)).statusCode).toBe(200);
    expect(ids(await ok(await t.client().get(`/api/public/credit/serious?q=${ENT_CODE}`)))).toEqual([]);
    const p = await ok(await jf2.post(`/api/credit/serious/${entryId}/publish`, {}));
    expect(p).toMatchObject({ state: 'listed', listedOn: today(), earlyFrom: addMonths(today(), 12), endsOn: addMonths(today(), 36) });
    expect(p.history.map((h: Json) => h.action)).toEqual(['publish', 'decide', 'heard', 'notify', 'propose']);
    const pub = await ok(await t.client().get(`/api/public/credit/serious?q=${encodeURIComponent('列严测试')}`));
    expect(pub.items[0]).toMatchObject({ id: entryId, partyName: '宁夏列严测试有限公司', authorityName: '金凤区市场监督管理局', listedOn: today() });
  });

  it('not listing needs a reason; a decided state cannot be undone', async () => {
    expect((await city.post(`/api/credit/serious/${entryId}/not-list`, { comment: '不予列入' })).statusCode).toBe(409);
  });

  it('partner departments get the current list with the measures they apply, and acknowledge it', async () => {
    expect((await jf.put('/api/credit/partners', { orgId: partnerOrg, measureKeys: ['procurement'] })).statusCode).toBe(403);
    const bad = await admin.put('/api/credit/partners', { orgId: partnerOrg, measureKeys: ['nonexistent'] });
    expect(json(bad).error.fields[0].field).toBe('measureKeys');
    const notDept = await admin.put('/api/credit/partners', { orgId: await t.orgId('银川市公安局'), measureKeys: ['procurement'] });
    expect(json(notDept).error.fields[0].field).toBe('orgId');
    const list = await ok(await admin.put('/api/credit/partners', { orgId: partnerOrg, measureKeys: ['procurement', 'subsidies'] }));
    expect(list.find((p: Json) => p.orgId === partnerOrg)).toMatchObject({ orgName: '银川市财政局', measureKeys: ['procurement', 'subsidies'], users: 1 });
    const shared = await ok(await partner.get('/api/credit/shared'));
    expect(shared.items[0]).toMatchObject({ seriousId: entryId, partyName: '宁夏列严测试有限公司', acknowledgedAt: null });
    expect(shared.items[0].measures.map((m: Json) => m.key)).toEqual(['procurement', 'subsidies']);
    // a partner sees nothing else of credit
    expect((await partner.get('/api/credit/records')).statusCode).toBe(403);
    const ack = await ok(await partner.post('/api/credit/shared/acknowledge', { seriousIds: [entryId] }));
    expect(ack.acknowledged).toBe(1);
    expect((await ok(await partner.post('/api/credit/shared/acknowledge', { seriousIds: [entryId] }))).acknowledged).toBe(0);
    expect((await ok(await partner.get('/api/credit/shared?acknowledged=no'))).items).toEqual([]);
    const detail = await ok(await jf.get(`/api/credit/serious/${entryId}`));
    expect(detail.shares[0]).toMatchObject({ orgName: '银川市财政局', acknowledgedAt: expect.any(String) });
  });

  it('early removal opens after a year; then accepted by the district, decided by the city, and off the list', async () => {
    const f = await evidence(ent, '整改报告.pdf');
    const early = await ent.post('/api/credit/repairs', { kind: 'serious', targetId: entryId, reason: '已整改', fileIds: [f.id] });
    expect(early.statusCode).toBe(409);
    expect(json(early).error.message).toMatch(/满一年/);
    // a year later (the listing's dates moved back for the test)
    await t.database.db.update(creditSerious).set({ listedOn: addMonths(today(), -13), earlyFrom: addMonths(today(), -1) }).where(eq(creditSerious.id, entryId));
    const other = await ent2.post('/api/credit/repairs', { kind: 'serious', targetId: entryId, reason: '冒名申请', fileIds: [(await evidence(ent2, 'x.pdf')).id] });
    expect(other.statusCode).toBe(400);
    expect(json(other).error.fields[0].field).toBe('targetId');
    const app = await ok(await ent.post('/api/credit/repairs', { kind: 'serious', targetId: entryId, reason: '已履行处罚决定，主动消除影响，申请提前移出', fileIds: [f.id] }));
    expect(app).toMatchObject({ kind: 'serious', state: 'district', files: [expect.objectContaining({ name: '整改报告.pdf' })] });
    // 令44's limits as the engine counts them (config/credit/rules.json): accepted within 2 working days, decided within 15
    const due = (n: number) => computeDue(new WorkCalendar(), { start: today(), length: n, unit: 'working' }).due;
    expect(app.dueOn).toBe(due(2));
    await ok(await jf.post(`/api/credit/repairs/${app.id}/district-pass`, { comment: '材料齐全，予以受理' }));
    expect((await ok(await jf.get(`/api/credit/repairs/${app.id}`))).dueOn).toBe(due(15));
    const decided = await ok(await city.post(`/api/credit/repairs/${app.id}/approve`, { comment: '准予提前移出' }));
    expect(decided).toMatchObject({ state: 'approved', decisionComment: '准予提前移出' });
    const s = await ok(await jf.get(`/api/credit/serious/${entryId}`));
    expect(s).toMatchObject({ state: 'removed', removalKind: 'early', removedOn: today() });
    expect(ids(await ok(await t.client().get(`/api/public/credit/serious?q=${ENT_CODE}`)))).toEqual([]);
    expect((await ok(await partner.get('/api/credit/shared'))).items).toEqual([]);
  });
});

describe('credit repair of a published penalty', () => {
  let recordId: number;
  let appId: number;

  it('opens six months after publication; only the enterprise’s own account applies, with materials', async () => {
    const r = await publishedRecord(jf, jf2, { partyName: '宁夏列严测试有限公司', creditCode: ENT_CODE });
    recordId = r.id;
    const f = await evidence(ent, '信用修复申请书.pdf');
    const tooEarly = await ent.post('/api/credit/repairs', { kind: 'record', targetId: recordId, reason: '申请修复', fileIds: [f.id] });
    expect(tooEarly.statusCode).toBe(409);
    expect(json(tooEarly).error.message).toContain(addMonths(today(), 6));
    await t.database.db.update(creditRecords).set({ publishedOn: addMonths(today(), -7), publicUntil: addMonths(today(), 29) }).where(eq(creditRecords.id, recordId));
    const staff = await jf.post('/api/credit/repairs', { kind: 'record', targetId: recordId, reason: '代为申请', fileIds: [(await evidence(jf, 'a.pdf')).id] });
    expect(staff.statusCode).toBe(403);
    const other = await ent2.post('/api/credit/repairs', { kind: 'record', targetId: recordId, reason: '冒名申请', fileIds: [(await evidence(ent2, 'b.pdf')).id] });
    expect(other.statusCode).toBe(400);
    expect(json(other).error.fields[0]).toMatchObject({ field: 'targetId' });
    const noFiles = await ent.post('/api/credit/repairs', { kind: 'record', targetId: recordId, reason: '申请修复', fileIds: [] });
    expect(noFiles.statusCode).toBe(400);
    const app = await ok(await ent.post('/api/credit/repairs', { kind: 'record', targetId: recordId, reason: '已缴清罚款并完成整改，申请提前停止公示', fileIds: [f.id] }));
    appId = app.id;
    expect(app.state).toBe('district');
    // the district reviews within 3 working days (the repair rule's limit, config/credit/rules.json)
    expect(app.dueOn).toBe(computeDue(new WorkCalendar(), { start: today(), length: 3, unit: 'working' }).due);
    expect((await ent.post('/api/credit/repairs', { kind: 'record', targetId: recordId, reason: '再次', fileIds: [(await evidence(ent, 'c.pdf')).id] })).statusCode).toBe(409);
  });

  it('returned for more material, resubmitted, passed by the district; the city decides (not the district reviewer)', async () => {
    expect((await jf.post(`/api/credit/repairs/${appId}/district-return`, {})).statusCode).toBe(400);
    await ok(await jf.post(`/api/credit/repairs/${appId}/district-return`, { comment: '请补充罚款缴纳凭证' }));
    const more = await evidence(ent, '缴款凭证.pdf');
    const re = await ok(await ent.post(`/api/credit/repairs/${appId}/resubmit`, { comment: '已补充', fileIds: [more.id] }));
    expect(re.files.map((x: Json) => x.name)).toEqual(['信用修复申请书.pdf', '缴款凭证.pdf']);
    // the city officer who passes it at district level may not also decide it
    await ok(await city.post(`/api/credit/repairs/${appId}/district-pass`, {}));
    const self = await city.post(`/api/credit/repairs/${appId}/approve`, {});
    expect(json(self).error.code).toBe('SEPARATION_OF_DUTIES');
    expect((await jf.post(`/api/credit/repairs/${appId}/approve`, {})).statusCode).toBe(403);
    await ok(await city2.post(`/api/credit/repairs/${appId}/approve`, { comment: '符合修复条件，准予修复' }));
  });

  it('the repaired record leaves the public page; the repair is on record and in the feed', async () => {
    const d = await ok(await jf.get(`/api/credit/records/${recordId}`));
    expect(d).toMatchObject({ publishState: 'repaired', endedOn: today() });
    expect(d.history[0]).toMatchObject({ action: 'repaired', comment: '符合修复条件，准予修复' });
    expect((await t.client().get(`/api/public/credit/records/${recordId}`)).statusCode).toBe(404);
    const changes = await t.database.db.select().from(creditChanges).where(eq(creditChanges.recordId, recordId));
    expect(changes.map((c) => c.change)).toEqual(['new', 'repaired']);
    const mine = await ok(await ent.get('/api/credit/mine'));
    expect(mine.repairs.find((x: Json) => x.id === appId)).toMatchObject({ state: 'approved' });
    expect(mine.records.find((x: Json) => x.id === recordId)).toMatchObject({ publishState: 'repaired' });
    // a file of the application, for whoever sees it; not for another enterprise
    const app = await ok(await jf.get(`/api/credit/repairs/${appId}`));
    expect((await jf.get(`/api/credit/repairs/${appId}/files/${app.files[0].id}`)).statusCode).toBe(200);
    expect((await ent2.get(`/api/credit/repairs/${appId}/files/${app.files[0].id}`)).statusCode).toBe(404);
  });
});

describe('credit repair refused', () => {
  it('the city refuses with its reason: the record stays on the public page, the refusal is on record, the enterprise is told and may apply again', async () => {
    const r = await publishedRecord(jf, jf2, { partyName: '宁夏列严测试有限公司', creditCode: ENT_CODE });
    await t.database.db.update(creditRecords).set({ publishedOn: addMonths(today(), -7), publicUntil: addMonths(today(), 29) }).where(eq(creditRecords.id, r.id));
    const app = await ok(await ent.post('/api/credit/repairs', { kind: 'record', targetId: r.id, reason: '已缴清罚款，申请信用修复', fileIds: [(await evidence(ent, 'd.pdf')).id] }));
    await ok(await jf.post(`/api/credit/repairs/${app.id}/district-pass`, {}));
    // a refusal names its reason; the district may not refuse for the city
    expect((await city.post(`/api/credit/repairs/${app.id}/reject`, {})).statusCode).toBe(400);
    expect((await jf2.post(`/api/credit/repairs/${app.id}/reject`, { comment: '不予修复' })).statusCode).toBe(403);
    expect((await ok(await jf.get(`/api/credit/repairs/${app.id}`))).state).toBe('city');
    await ok(await city.post(`/api/credit/repairs/${app.id}/reject`, { comment: '整改材料与事实不符，不予修复' }));
    const d = await ok(await ent.get(`/api/credit/repairs/${app.id}`));
    expect(d).toMatchObject({ state: 'rejected', decisionComment: '整改材料与事实不符，不予修复' });
    expect((await t.client().get(`/api/public/credit/records/${r.id}`)).statusCode).toBe(200);
    expect((await ok(await jf.get(`/api/credit/records/${r.id}`))).publishState).toBe('public');
    const changes = await t.database.db.select().from(creditChanges).where(eq(creditChanges.recordId, r.id));
    expect(changes.map((c) => c.change)).toEqual(['new']);
    const mine = await ok(await ent.get('/api/credit/mine'));
    expect(mine.repairs.find((x: Json) => x.id === app.id)).toMatchObject({ state: 'rejected' });
    const [applicant] = await t.database.db.select().from(users).where(eq(users.username, 'cs_ent'));
    const told = await t.database.db.select().from(notifications).where(eq(notifications.userId, applicant.id));
    expect(told.some((n) => n.titleZh.includes('未获准许') && n.link === `/credit/repairs/${app.id}`)).toBe(true);
    const again = await ok(await ent.post('/api/credit/repairs', { kind: 'record', targetId: r.id, reason: '补充整改后再次申请', fileIds: [(await evidence(ent, 'e.pdf')).id] }));
    expect(again).toMatchObject({ state: 'district' });
    expect(again.id).not.toBe(app.id);
  });
});

describe('two people acting at once', () => {
  it('two publishers publish the same record: one succeeds, the other is told it moved on', async () => {
    const r = await ok(await jf.post('/api/credit/records', recordInput()));
    await ok(await jf.post(`/api/credit/records/${r.id}/submit`, {}));
    await ok(await jf2.post(`/api/credit/records/${r.id}/review`, { factsConfirmed: true }));
    const res = await Promise.all([jf2.post(`/api/credit/records/${r.id}/publish`, {}), city.post(`/api/credit/records/${r.id}/publish`, {})]);
    expect(res.map((x) => x.statusCode).sort()).toEqual([200, 409]);
    const refused = res.find((x) => x.statusCode === 409)!;
    expect(json(refused).error.code).toBe('TRANSITION_NOT_ALLOWED');
    const changes = await t.database.db.select().from(creditChanges).where(eq(creditChanges.recordId, r.id));
    expect(changes).toHaveLength(1);
  });
});
