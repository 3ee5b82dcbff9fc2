/**
 * People, notices and their acknowledgement link, departures and the filled templates, on both databases: the link works
 * once and not after its time, a bad acknowledgement changes nothing, the acknowledgement is deposited in the proof log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import JSZip from 'jszip';
import { proofRecords, protectionNotices } from '../../db/schema/index.js';
import { createTestApp, DB_KIND, json, type Client, type Json, type TestApp } from '../../../test/harness.js';
import { fileEnterprise, secretBody, textSha256, tokenOf, type FileEnterprise } from '../../../test/protection.js';

let t: TestApp;
let admin: Client;
let ent: FileEnterprise;
let other: FileEnterprise;
let secretId: number;
let zhang: number;
let li: number;

const publicClient = () => t.client();
const count = async (table: string) => Number((await t.database.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0].n);

beforeAll(async () => {
  t = await createTestApp({ logIntervalMs: 0, rateLimits: null });
  admin = await t.admin();
  ent = await fileEnterprise(t, admin, 'pp', '宁夏涉密人员科技有限公司', 'RT7E0');
  other = await fileEnterprise(t, admin, 'pp2', '宁夏别家人员科技有限公司', 'UT7E0');
  secretId = json(await ent.admin.post('/api/protection/secrets', secretBody('电池浆料配方', { code: 'SM-01' }))).id;
  zhang = json(await ent.admin.post('/api/protection/people', { name: '张三', kind: 'employee', department: '研发部', position: '工艺工程师', email: 'zhangsan@example.com' })).id;
  li = json(await ent.admin.post('/api/protection/people', { name: '李四', kind: 'supplier', organisation: '宁夏某材料供应公司' })).id;
});
afterAll(async () => t?.close());

describe('people', () => {
  it('are added, listed, filtered and exported; a non-compete over two years is refused', async () => {
    const page = json(await ent.admin.get('/api/protection/people?kind=employee'));
    expect(page.items.map((p: Json) => p.name)).toEqual(['张三']);
    const bad = await ent.admin.patch(`/api/protection/people/${zhang}`, { nonCompeteFrom: '2026-01-01', nonCompeteTo: '2028-03-01' });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).error.fields[0].field).toBe('nonCompeteTo');
    expect(json(bad).error.fields[0].message).toContain('二年');
    expect(json(await ent.admin.patch(`/api/protection/people/${zhang}`, { nonCompeteFrom: '2026-01-01', nonCompeteTo: '2027-12-31' })).nonCompeteTo).toBe('2027-12-31');
    expect(json(await ent.admin.post('/api/protection/people', { name: '王五', kind: 'astronaut' })).error.fields[0].field).toBe('kind');
    expect((await ent.admin.get('/api/protection/people/export')).statusCode).toBe(200);
    expect(json(await other.admin.get('/api/protection/people')).total).toBe(0);
    expect((await other.admin.get(`/api/protection/people/${zhang}`)).statusCode).toBe(404);
  });

  it('who know a secret raise its readiness as they sign agreements; a new one without raises nothing', async () => {
    const score = async () => json(await ent.admin.get(`/api/protection/secrets/${secretId}`)).readiness;
    await ent.admin.post(`/api/protection/secrets/${secretId}/measures`, { requirementId: 'personnel.nda', takenOn: '2025-01-01' });
    const base = await score();
    const add = await ent.admin.post(`/api/protection/secrets/${secretId}/knowers`, { add: [zhang] });
    expect(json(add).map((k: Json) => k.name)).toEqual(['张三']);
    const withKnower = await score();
    expect(withKnower.people.knowers).toBe(1);
    expect(withKnower.score).toBeLessThan(base.score); // someone knows it and signed nothing: a gap
    await ent.admin.patch(`/api/protection/people/${zhang}`, { agreementSignedOn: '2025-01-02' });
    const signed = await score();
    expect(signed.people.withAgreement).toBe(1);
    expect(signed.score).toBeGreaterThan(withKnower.score);
    const foreign = json(await other.admin.post('/api/protection/people', { name: '外人', kind: 'employee' })).id;
    expect(json(await ent.admin.post(`/api/protection/secrets/${secretId}/knowers`, { add: [foreign] })).error.fields[0].field).toBe('add');
  });
});

describe('notices and the acknowledgement link', () => {
  let link: string;
  let noticeId: number;

  it('sends a notice naming the secret; the person reads it without an account', async () => {
    const res = await ent.admin.post('/api/protection/notices', { personIds: [zhang, li], secretIds: [secretId] });
    expect(res.statusCode, res.body).toBe(200);
    const items = json(res).items;
    expect(items).toHaveLength(2);
    ({ link, noticeId } = items.find((i: Json) => i.personId === zhang));
    expect(link).toMatch(/\/acknowledge\/[A-Za-z0-9_-]{43}$/);
    const n = json(await publicClient().get(`/api/public/protection/notices/${tokenOf(link)}`));
    expect(n).toMatchObject({ enterpriseName: '宁夏涉密人员科技有限公司', personName: '张三' });
    expect(n.text).toContain('电池浆料配方（编号 SM-01）');
    expect(n.textSha256).toBe(textSha256(n.text));
    // the supplier became a knower too
    expect(json(await ent.admin.get(`/api/protection/secrets/${secretId}`)).knowers.map((k: Json) => k.name).sort()).toEqual(['张三', '李四'].sort());
    expect((await publicClient().get('/api/public/protection/notices/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).statusCode).toBe(404);
    expect((await publicClient().get('/api/public/protection/notices/short')).statusCode).toBe(400);
  });

  it('refuses a text that is not the notice’s and a name that is not the person’s, changing nothing', async () => {
    const token = tokenOf(link);
    const n = json(await publicClient().get(`/api/public/protection/notices/${token}`));
    const proofsBefore = await count('proof_records');
    const wrongText = await publicClient().post(`/api/public/protection/notices/${token}/acknowledge`, { typedName: '张三', textSha256: textSha256(`${n.text}。`), agree: true });
    expect(wrongText.statusCode).toBe(400);
    expect(json(wrongText).error.fields[0].field).toBe('textSha256');
    const wrongName = await publicClient().post(`/api/public/protection/notices/${token}/acknowledge`, { typedName: '张 四', textSha256: n.textSha256, agree: true });
    expect(json(wrongName).error.fields[0].field).toBe('typedName');
    const noAgree = await publicClient().post(`/api/public/protection/notices/${token}/acknowledge`, { typedName: '张三', textSha256: n.textSha256, agree: false });
    expect(noAgree.statusCode).toBe(400);
    expect(await count('proof_records')).toBe(proofsBefore);
    const [row] = await t.database.db.select().from(protectionNotices).where(eq(protectionNotices.id, noticeId));
    expect(row!.acknowledgedAt).toBeNull();
  });

  it('is acknowledged once: recorded with the time and the text’s hash, deposited in the proof log; a second use is 409', async () => {
    const token = tokenOf(link);
    const n = json(await publicClient().get(`/api/public/protection/notices/${token}`));
    const before = json(await ent.admin.get(`/api/protection/secrets/${secretId}`)).readiness;
    const ok = await publicClient().post(`/api/public/protection/notices/${token}/acknowledge`, { typedName: ' 张三 ', textSha256: n.textSha256, agree: true }, { 'user-agent': 'Vitest' });
    expect(ok.statusCode, ok.body).toBe(200);
    const [row] = await t.database.db.select().from(protectionNotices).where(eq(protectionNotices.id, noticeId));
    expect(row!.acknowledgedAt).not.toBeNull();
    const doc = JSON.parse(row!.document!);
    expect(doc).toMatchObject({ format: 'shangmi-acknowledgement/v1', person: '张三', textSha256: n.textSha256, text: n.text, secrets: ['电池浆料配方'], userAgent: 'Vitest' });
    expect(json(ok).documentSha256).toBe(textSha256(row!.document!));
    const [proof] = await t.database.db.select().from(proofRecords).where(eq(proofRecords.id, row!.proofId!));
    expect(proof).toMatchObject({ orgId: ent.orgId, createdBy: null });
    expect((proof!.files as Json[])[0]).toMatchObject({ name: `acknowledgement-${noticeId}.json`, sha256: json(ok).documentSha256 });
    // used twice: a clear 409, nothing changed
    const again = await publicClient().post(`/api/public/protection/notices/${token}/acknowledge`, { typedName: '张三', textSha256: n.textSha256, agree: true });
    expect(again.statusCode).toBe(409);
    expect(json(again).error.message).toContain('只能使用一次');
    expect((await publicClient().get(`/api/public/protection/notices/${token}`)).statusCode).toBe(409);
    const [same] = await t.database.db.select().from(protectionNotices).where(eq(protectionNotices.id, noticeId));
    expect(same!.acknowledgedAt!.getTime()).toBe(row!.acknowledgedAt!.getTime());
    // the readiness follows (item 2: the person who knows it acknowledged a notice naming it)
    const after = json(await ent.admin.get(`/api/protection/secrets/${secretId}`)).readiness;
    expect(after.people.acknowledged).toBe(1);
    expect(after.score).toBeGreaterThan(before.score);
    // the enterprise downloads the document as deposited
    const d = await ent.admin.get(`/api/protection/notices/${noticeId}/document`);
    expect(d.body).toBe(row!.document);
    expect((await other.admin.get(`/api/protection/notices/${noticeId}/document`)).statusCode).toBe(404);
    const listed = json(await ent.admin.get(`/api/protection/notices?status=acknowledged`)).items;
    expect(listed.map((x: Json) => x.id)).toEqual([noticeId]);
  });

  it('after its time the link answers 410 and acknowledges nothing; a withdrawn one too; a reissued link replaces the old', async () => {
    const res = json(await ent.admin.post('/api/protection/notices', { personIds: [zhang], secretIds: [secretId] }));
    const { noticeId: id, link: l } = res.items[0];
    await t.database.db.update(protectionNotices).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(protectionNotices.id, id));
    const n = await publicClient().post(`/api/public/protection/notices/${tokenOf(l)}/acknowledge`, { typedName: '张三', textSha256: '0'.repeat(64), agree: true });
    expect(n.statusCode).toBe(410);
    expect(json(n).error.message).toContain('过期');
    const re = json(await ent.admin.post(`/api/protection/notices/${id}/reissue`));
    expect(re.link).not.toBe(l);
    expect((await publicClient().get(`/api/public/protection/notices/${tokenOf(l)}`)).statusCode).toBe(404);
    const fresh = json(await publicClient().get(`/api/public/protection/notices/${tokenOf(re.link)}`));
    expect(fresh.personName).toBe('张三');
    expect(json(await ent.admin.post(`/api/protection/notices/${id}/revoke`)).status).toBe('revoked');
    expect((await publicClient().get(`/api/public/protection/notices/${tokenOf(re.link)}`)).statusCode).toBe(410);
    const [row] = await t.database.db.select().from(protectionNotices).where(eq(protectionNotices.id, id));
    expect(row!.acknowledgedAt).toBeNull();
  });

  it.runIf(DB_KIND === 'pg')('two acknowledgements through one link at once: exactly one is recorded', async () => {
    const res = json(await ent.admin.post('/api/protection/notices', { personIds: [li], secretIds: [secretId] }));
    const token = tokenOf(res.items[0].link);
    const n = json(await publicClient().get(`/api/public/protection/notices/${token}`));
    const proofsBefore = await count('proof_records');
    const results = await Promise.all(
      Array.from({ length: 6 }, () => publicClient().post(`/api/public/protection/notices/${token}/acknowledge`, { typedName: '李四', textSha256: n.textSha256, agree: true })),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409, 409, 409]);
    expect(await count('proof_records')).toBe(proofsBefore + 1);
  });

  it('names only active secrets of the enterprise and its own people', async () => {
    const foreign = json(await other.admin.post('/api/protection/secrets', secretBody('别家配方'))).id;
    expect(json(await ent.admin.post('/api/protection/notices', { personIds: [zhang], secretIds: [foreign] })).error.fields[0].field).toBe('secretIds');
    const stranger = json(await other.admin.post('/api/protection/people', { name: '别家员工', kind: 'employee' })).id;
    expect(json(await ent.admin.post('/api/protection/notices', { personIds: [stranger], secretIds: [secretId] })).error.fields[0].field).toBe('personIds');
  });
});

describe('departures and trainings', () => {
  it('a complete checklist marks the person departed and covers item 6; a future date or an unknown item is refused', async () => {
    expect(json(await ent.admin.put(`/api/protection/people/${zhang}/departure`, { departedOn: '2026-01-10', items: { telepathy: '2026-01-10' } })).error.fields[0].field).toBe('items.telepathy');
    expect(json(await ent.admin.put(`/api/protection/people/${zhang}/departure`, { departedOn: '2999-01-10', items: {} })).error.fields[0].field).toBe('departedOn');
    const partial = json(await ent.admin.put(`/api/protection/people/${zhang}/departure`, { departedOn: '2026-01-10', items: { register: '2026-01-05', return: '2026-01-08' } }));
    expect(partial.complete).toBe(false);
    const r1 = json(await ent.admin.get(`/api/protection/secrets/${secretId}`)).readiness;
    expect(r1.people).toMatchObject({ departed: 1, departedComplete: 0 });
    const done = json(
      await ent.admin.put(`/api/protection/people/${zhang}/departure`, { departedOn: '2026-01-10', items: { register: '2026-01-05', return: '2026-01-08', erase: '2026-01-08', destroy: '2026-01-09', undertaking: '2026-01-10' } }),
    );
    expect(done).toMatchObject({ complete: true, completedOn: '2026-01-10' });
    const r2 = json(await ent.admin.get(`/api/protection/secrets/${secretId}`)).readiness;
    expect(r2.score).toBeGreaterThan(r1.score);
    const p = json(await ent.admin.get(`/api/protection/people/${zhang}`));
    expect(p.person).toMatchObject({ status: 'departed', departedOn: '2026-01-10' });
    expect(p.secrets.map((s: Json) => s.name)).toEqual(['电池浆料配方']);
    expect(p.notices.length).toBeGreaterThanOrEqual(2);
    const tr = json(await ent.admin.post(`/api/protection/people/${zhang}/trainings`, { title: '年度保密培训', on: '2025-06-01' }));
    expect(json(await ent.admin.get(`/api/protection/people/${zhang}`)).trainings.map((x: Json) => x.id)).toEqual([tr.id]);
    expect((await ent.admin.request('DELETE', `/api/protection/people/${zhang}/trainings/${tr.id}`)).statusCode).toBe(200);
  });
});

describe('templates', () => {
  it('fill an NDA with the employee’s name and the secrets they know, and the register with its entries', async () => {
    const list = json(await ent.admin.get('/api/protection/templates'));
    expect(list.map((x: Json) => x.slug)).toEqual(['policy', 'employee-nda', 'non-compete', 'exit-undertaking', 'partner-nda', 'visitor-notice', 'secret-register']);
    const nda = await ent.admin.get(`/api/protection/templates/employee-nda/docx?personId=${zhang}`);
    expect(nda.statusCode, nda.body).toBe(200);
    expect(nda.headers['content-disposition']).toContain(encodeURIComponent('张三'));
    const xml = await (await JSZip.loadAsync(nda.rawPayload)).file('word/document.xml')!.async('string');
    expect(xml).toContain('张三');
    expect(xml).toContain('宁夏涉密人员科技有限公司');
    expect(xml).toContain('电池浆料配方（编号 SM-01）');
    expect(xml).toContain('研发部 工艺工程师');
    const reg = await ent.admin.get('/api/protection/templates/secret-register/docx');
    const regXml = await (await JSZip.loadAsync(reg.rawPayload)).file('word/document.xml')!.async('string');
    expect(regXml).toContain('SM-01');
    expect(regXml).toContain('电池浆料配方');
    const partner = await ent.admin.get(`/api/protection/templates/partner-nda/docx?personId=${li}`);
    expect(await (await JSZip.loadAsync(partner.rawPayload)).file('word/document.xml')!.async('string')).toContain('宁夏某材料供应公司');
    expect(json(await ent.admin.get('/api/protection/templates/employee-nda/docx')).error.fields[0].field).toBe('personId');
    expect((await ent.admin.get('/api/protection/templates/incident-plan/docx')).statusCode).toBe(404);
    expect(json(await other.admin.get(`/api/protection/templates/employee-nda/docx?personId=${zhang}`)).error.fields[0].field).toBe('personId');
  });
});
