/**
 * The protection file's register, measures, readiness and proofs on both databases: only the enterprise's own users (by
 * role) see it, bad input changes nothing, the stored readiness is the shared function's, old free-text refs are matched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { proofRecords, secrets } from '../../db/schema/index.js';
import { createTestApp, json, type Client, type Json, type TestApp } from '../../../test/harness.js';
import { depositBody, fileEnterprise, secretBody, type FileEnterprise } from '../../../test/protection.js';

let t: TestApp;
let admin: Client;
let ent: FileEnterprise;
let other: FileEnterprise;
let officer: Client;
let member: Client;
let district: Client;

const count = async (table: string) => Number((await t.database.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0].n);

beforeAll(async () => {
  t = await createTestApp({ logIntervalMs: 0 });
  admin = await t.admin();
  ent = await fileEnterprise(t, admin, 'pf', '宁夏保护档案科技有限公司');
  other = await fileEnterprise(t, admin, 'pf2', '宁夏别家档案科技有限公司', 'QT7E0');
  await t.createUser({ username: 'pf_officer', orgId: ent.orgId, roles: ['enterprise_protection'] });
  await t.createUser({ username: 'pf_member', orgId: ent.orgId, roles: ['enterprise_member'] });
  await t.createUser({ username: 'pf_district', orgId: await t.orgId('金凤区市场监督管理局'), roles: ['district_staff'] });
  officer = await t.loginAs('pf_officer');
  member = await t.loginAs('pf_member');
  district = await t.loginAs('pf_district');
});
afterAll(async () => t?.close());

describe('the register', () => {
  it('registers a secret by description, and lists, reads and exports it', async () => {
    const res = await ent.admin.post('/api/protection/secrets', secretBody('耐候涂料配方', { code: 'SM-2026-001', level: 'core' }));
    expect(res.statusCode, res.body).toBe(200);
    const s = json(res);
    expect(s).toMatchObject({ name: '耐候涂料配方', level: 'core', status: 'active', reviewMonths: 6, carrierKinds: ['electronic'] });
    expect(s.nextReviewOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const page = json(await officer.get('/api/protection/secrets?q=涂料'));
    expect(page.items.map((x: Json) => x.id)).toEqual([s.id]);
    const detail = json(await officer.get(`/api/protection/secrets/${s.id}`));
    expect(detail.secret.value.advantages).toEqual(['cost', 'revenue']);
    expect(detail.review).toMatchObject({ state: 'scheduled', dueOn: s.nextReviewOn });
    expect(detail.history.map((h: Json) => h.action)).toEqual(expect.arrayContaining(['created', 'review.scheduled']));
    const xlsx = await officer.get('/api/protection/secrets/export');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
  });

  it('refuses a 50,000-character summary, an unknown kind and a taken name, naming the field; nothing changes', async () => {
    const before = await count('secrets');
    const long = await ent.admin.post('/api/protection/secrets', secretBody('超长描述', { summary: '密'.repeat(50_000) }));
    expect(long.statusCode).toBe(400);
    expect(json(long).error.fields[0]).toMatchObject({ field: 'summary' });
    expect(json(long).error.fields[0].message).toContain('最多 300 个字符');
    const kind = await ent.admin.post('/api/protection/secrets', secretBody('错类别', { category: 'business', subKind: 'formula' }));
    expect(kind.statusCode).toBe(400);
    expect(json(kind).error.fields[0].field).toBe('subKind');
    const dup = await ent.admin.post('/api/protection/secrets', secretBody('耐候涂料配方'));
    expect(dup.statusCode).toBe(409);
    expect(json(dup).error.fields[0].field).toBe('name');
    const future = await ent.admin.post('/api/protection/secrets', secretBody('未来秘密', { createdOn: '2999-01-01' }));
    expect(json(future).error.fields[0].field).toBe('createdOn');
    expect(await count('secrets')).toBe(before);
    // a long value note and an unknown carrier are refused the same way
    expect(json(await ent.admin.post('/api/protection/secrets', secretBody('备注过长', { value: { advantages: [], notPublic: [], note: 'x'.repeat(301) } }))).error.fields[0].field).toBe('value.note');
    expect(json(await ent.admin.post('/api/protection/secrets', secretBody('载体错', { carriers: [{ kind: 'telepathy' }] }))).error.fields[0].field).toBe('carriers.0.kind');
  });

  it('is the enterprise’s alone: another enterprise, the bureau, a platform administrator and a member without the role see nothing', async () => {
    const [s] = json(await ent.admin.get('/api/protection/secrets')).items;
    // another enterprise's administrator holds the permission: an empty register and 404s
    expect(json(await other.admin.get('/api/protection/secrets')).total).toBe(0);
    expect((await other.admin.get(`/api/protection/secrets/${s.id}`)).statusCode).toBe(404);
    expect((await other.admin.patch(`/api/protection/secrets/${s.id}`, { name: '被改' })).statusCode).toBe(404);
    expect((await other.admin.post(`/api/protection/secrets/${s.id}/review`, {})).statusCode).toBe(404);
    expect((await other.admin.get(`/api/protection/secrets/${s.id}/pack`)).statusCode).toBe(404);
    // the platform administrator holds every permission and is still no keeper of this file
    expect(json(await admin.get('/api/protection/secrets')).total).toBe(0);
    expect((await admin.get(`/api/protection/secrets/${s.id}`)).statusCode).toBe(404);
    expect((await admin.post('/api/protection/secrets', secretBody('平台登记'))).statusCode).toBe(403);
    // the district bureau and an enterprise member without the role: no permission
    expect((await district.get('/api/protection/secrets')).statusCode).toBe(403);
    expect((await member.get('/api/protection/secrets')).statusCode).toBe(403);
    expect((await member.get(`/api/protection/secrets/${s.id}`)).statusCode).toBe(403);
    const [row] = await t.database.db.select().from(secrets).where(eq(secrets.id, s.id));
    expect(row!.name).toBe('耐候涂料配方');
  });

  it('edits, reviews and retires a secret; the review path follows and a retired one cannot be reviewed', async () => {
    const s = json(await officer.post('/api/protection/secrets', secretBody('客户名单', { category: 'business', subKind: 'customer', level: 'general' })));
    expect(s.reviewMonths).toBe(24);
    const up = json(await officer.patch(`/api/protection/secrets/${s.id}`, { level: 'important', department: '销售部' }));
    expect(up).toMatchObject({ level: 'important', department: '销售部', reviewMonths: 12 });
    const reviewed = json(await officer.post(`/api/protection/secrets/${s.id}/review`, { note: '年度复核' }));
    expect(reviewed.lastReviewedOn).toMatch(/^\d{4}/);
    const retired = await officer.post(`/api/protection/secrets/${s.id}/status`, { status: 'retired', note: '产品停产' });
    expect(json(retired).status).toBe('retired');
    const again = await officer.post(`/api/protection/secrets/${s.id}/review`, {});
    expect(again.statusCode).toBe(409);
    const detail = json(await officer.get(`/api/protection/secrets/${s.id}`));
    expect(detail.review.state).toBe('closed');
    expect(detail.history.map((h: Json) => h.action)).toEqual(expect.arrayContaining(['updated', 'reviewed', 'status', 'review.reviewed', 'review.closed']));
  });
});

describe('measures and readiness', () => {
  let id: number;
  let proofA: number;
  let proofB: number;

  beforeAll(async () => {
    id = json(await ent.admin.post('/api/protection/secrets', secretBody('烧结工艺曲线', { code: 'SM-2026-002', subKind: 'process' }))).id;
    proofA = json(await ent.admin.post('/api/proofs', depositBody([{ name: '工艺.xlsx', bytes: Buffer.from('curve') }], '工艺曲线存证'))).id;
    proofB = json(await ent.admin.post('/api/proofs', depositBody([{ name: '保密协议.pdf', bytes: Buffer.from('nda') }], '保密协议扫描件'))).id;
  });

  const readiness = async () => json(await ent.admin.get(`/api/protection/secrets/${id}`)).readiness.score as number;
  const stored = async () => (await t.database.db.select().from(secrets).where(eq(secrets.id, id)))[0]!.readiness;

  it('offers the framework’s Art. 6 measures', async () => {
    const cat = json(await officer.get('/api/protection/catalog'));
    expect(cat.items.length).toBeGreaterThan(30);
    expect(cat.items.every((i: Json) => i.items.every((n: number) => n >= 1 && n <= 6))).toBe(true);
    expect(cat.items.map((i: Json) => i.id)).toEqual(expect.arrayContaining(['personnel.nda', 'carriers.marking', 'it.access_levels', 'personnel.exit_return']));
  });

  it('rises as measures and evidence are added, and the stored score is always the live one', async () => {
    const scores = [await readiness()];
    expect(scores[0]).toBe(0);
    const add = (body: Json) => ent.admin.post(`/api/protection/secrets/${id}/measures`, body);
    expect((await add({ requirementId: 'carriers.marking', takenOn: '2025-01-10' })).statusCode).toBe(200);
    scores.push(await readiness());
    expect((await add({ requirementId: 'personnel.nda', takenOn: '2025-01-11', evidence: { kind: 'proof', proofId: proofB } })).statusCode).toBe(200);
    scores.push(await readiness());
    expect((await add({ requirementId: 'it.access_levels', takenOn: '2025-02-01', evidence: { kind: 'proof', proofId: proofA } })).statusCode).toBe(200);
    scores.push(await readiness());
    for (let i = 1; i < scores.length; i++) expect(scores[i]).toBeGreaterThan(scores[i - 1]!);
    expect(await stored()).toBe(scores.at(-1));
    // evidence added to the first measure raises it again
    const m = json(await ent.admin.get(`/api/protection/secrets/${id}`)).measures.find((x: Json) => x.requirementId === 'carriers.marking');
    expect(m.evidenceKind).toBe('none');
    expect((await ent.admin.patch(`/api/protection/secrets/${id}/measures/${m.id}`, { evidence: { kind: 'proof', proofId: proofA } })).statusCode).toBe(200);
    const withEvidence = await readiness();
    expect(withEvidence).toBeGreaterThan(scores.at(-1)!);
    expect(await stored()).toBe(withEvidence);
    const list = json(await ent.admin.get('/api/protection/secrets?sort=readiness&order=desc'));
    expect(list.items.find((x: Json) => x.id === id)).toMatchObject({ readiness: withEvidence, measureCount: 3 });
  });

  it('refuses a measure the framework does not have, a future date, twice the same, or another enterprise’s proof', async () => {
    const before = await count('secret_measures');
    const add = (body: Json) => ent.admin.post(`/api/protection/secrets/${id}/measures`, body);
    expect(json(await add({ requirementId: 'no.such', takenOn: '2025-01-01' })).error.fields[0].field).toBe('requirementId');
    expect(json(await add({ requirementId: 'areas.access', takenOn: '2999-01-01' })).error.fields[0].field).toBe('takenOn');
    expect((await add({ requirementId: 'personnel.nda', takenOn: '2025-01-01' })).statusCode).toBe(409);
    const theirs = json(await other.admin.post('/api/proofs', depositBody([{ name: 'x', bytes: Buffer.from('x') }]))).id;
    expect(json(await add({ requirementId: 'areas.access', takenOn: '2025-01-01', evidence: { kind: 'proof', proofId: theirs } })).error.fields[0].field).toBe('evidence.proofId');
    expect(await count('secret_measures')).toBe(before);
  });

  it('links existing proofs and deposits new ones for the secret; 我的存证 shows the link to those who read the register', async () => {
    const linked = await ent.admin.post(`/api/protection/secrets/${id}/proofs`, { proofIds: [proofA, proofB] });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(json(linked).map((p: Json) => p.proofId).sort()).toEqual([proofA, proofB].sort());
    const dep = await officer.post(`/api/protection/secrets/${id}/deposit`, depositBody([{ name: '样品照片.jpg', bytes: Buffer.from('photo') }], '样品照片'));
    expect(dep.statusCode, dep.body).toBe(200);
    expect(json(dep).secrets).toEqual([{ id, name: '烧结工艺曲线' }]);
    const detail = json(await ent.admin.get(`/api/protection/secrets/${id}`));
    expect(detail.proofs.map((p: Json) => p.source).sort()).toEqual(['deposit', 'link', 'link']);
    const mine = json(await ent.admin.get(`/api/proofs/${proofA}`));
    expect(mine.secrets).toEqual([{ id, name: '烧结工艺曲线' }]);
    // a member (no register role) sees their deposits without the register's names
    const theirs = json(await member.post('/api/proofs', depositBody([{ name: 'm', bytes: Buffer.from('m') }])));
    expect(theirs.secrets).toEqual([]);
    // another enterprise's proof cannot be linked
    const foreign = json(await other.admin.post('/api/proofs', depositBody([{ name: 'y', bytes: Buffer.from('y') }]))).id;
    const refused = await ent.admin.post(`/api/protection/secrets/${id}/proofs`, { proofIds: [foreign] });
    expect(json(refused).error.fields[0].field).toBe('proofIds');
    expect((await ent.admin.request('DELETE', `/api/protection/secrets/${id}/proofs/${proofB}`)).statusCode).toBe(200);
    expect(json(await ent.admin.get(`/api/protection/secrets/${id}`)).proofs).toHaveLength(2);
  });

  it('matches deposits that carried a free-text reference before the register existed', async () => {
    // as a deposit made before the register: its secret_ref names a number and a name
    const e1 = json(await ent.admin.post('/api/proofs', depositBody([{ name: 'old1', bytes: Buffer.from('1') }], '旧存证一'))).id;
    const e2 = json(await ent.admin.post('/api/proofs', depositBody([{ name: 'old2', bytes: Buffer.from('2') }], '旧存证二'))).id;
    const e3 = json(await other.admin.post('/api/proofs', depositBody([{ name: 'old3', bytes: Buffer.from('3') }], '别家旧存证'))).id;
    await t.database.db.update(proofRecords).set({ secretRef: ' sm-2026-009 ' }).where(eq(proofRecords.id, e1));
    await t.database.db.update(proofRecords).set({ secretRef: '电机控制算法' }).where(eq(proofRecords.id, e2));
    await t.database.db.update(proofRecords).set({ secretRef: 'SM-2026-009' }).where(eq(proofRecords.id, e3));
    const s = json(await ent.admin.post('/api/protection/secrets', secretBody('电机控制算法', { code: 'SM-2026-009', subKind: 'algorithm' })));
    const detail = json(await ent.admin.get(`/api/protection/secrets/${s.id}`));
    expect(detail.proofs.map((p: Json) => [p.proofId, p.source]).sort()).toEqual([
      [e1, 'legacy'],
      [e2, 'legacy'],
    ]);
    expect(detail.history.map((h: Json) => h.action)).toContain('proofs-matched');
    // the migration's statement finds the same ones (and nothing of the other enterprise)
    await t.database.db.execute(sql`delete from secret_proofs where secret_id = ${s.id}`);
    await t.database.db.execute(sql`INSERT INTO "secret_proofs" ("secret_id", "proof_id", "org_id", "source", "linked_at")
      SELECT s.id, r.id, r.org_id, 'legacy', now() FROM "proof_records" r JOIN "secrets" s ON s.org_id = r.org_id
       WHERE r.secret_ref IS NOT NULL AND (lower(trim(r.secret_ref)) = lower(trim(s.name)) OR lower(trim(r.secret_ref)) = lower(trim(s.code)))
      ON CONFLICT DO NOTHING`);
    const again = json(await ent.admin.get(`/api/protection/secrets/${s.id}`));
    expect(again.proofs.map((p: Json) => p.proofId).sort()).toEqual([e1, e2].sort());
  });

  it('gives an overview of readiness over the register', async () => {
    const o = json(await officer.get('/api/protection/readiness'));
    expect(o.total).toBeGreaterThanOrEqual(3);
    expect(o.bands.reduce((a: number, b: number) => a + b, 0)).toBe(o.total);
    expect(o.items).toHaveLength(6);
    expect(o.weakest[0].readiness).toBeLessThanOrEqual(o.weakest.at(-1).readiness);
    expect(json(await other.admin.get('/api/protection/readiness')).total).toBe(0);
  });
});
