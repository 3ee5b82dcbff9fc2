import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRequirements, choicesOf, type Framework } from '@shangmi/shared';
import { sha256, sm3 } from '../modules/proofs/node-crypto.js';
import { createTestApp, DB_KIND, json, type Client, type Json, type TestApp } from '../../test/harness.js';
import { creditCodes } from '../../test/fixtures.js';

/**
 * Partial updates of one record sent at once (autosaves, two officers editing one record, two tabs): every change that was
 * acknowledged must be stored. PGlite runs one transaction at a time, so the races only show on PostgreSQL; the same
 * assertions run on both. Each case failed on PostgreSQL before the record was locked while merged (read-merge-write).
 */

let t: TestApp;
let admin: Client;
let jinfeng: Client;
let ent: Client;
let f: Framework;
const org: Record<string, number> = {};
let enterprise: Json;

const creditCode = creditCodes('CU7R');
const ok = (res: { statusCode: number; body: string }) => expect(res.statusCode, res.body).toBe(200);

/** A value for a requirement that differs from round to round, so each round's answers are new. */
function valueFor(r: ReturnType<typeof allRequirements>[number], round: number): unknown {
  const q = r.question;
  if (q.type === 'number') return round;
  if (q.type === 'date') return `2026-0${(round % 9) + 1}-1${round % 10}`;
  if (q.type === 'text') return `答案 ${round}`;
  const cs = choicesOf(f, q).filter((c) => c.result !== 'not_applicable');
  const c = cs[round % cs.length];
  return q.type === 'multiple' ? [c.value] : c.value;
}

beforeAll(async () => {
  t = await createTestApp({ logIntervalMs: 0 });
  admin = await t.admin();
  org.jinfeng = await t.orgId('金凤区市场监督管理局');
  enterprise = json(await admin.post('/api/enterprises', { creditCode: creditCode('640106'), name: '宁夏并发测试有限公司', industryCode: '52', size: 'small' }));
  await t.createUser({ username: 'cu_jf', orgId: org.jinfeng, roles: ['district_staff'] });
  await t.createUser({ username: 'cu_ent', orgId: enterprise.orgId, roles: ['enterprise_admin'] });
  [jinfeng, ent] = await Promise.all([t.loginAs('cu_jf'), t.loginAs('cu_ent')]);
  const list = json(await ent.get('/api/assessments/frameworks'));
  f = json(await ent.get(`/api/assessments/frameworks/${list.find((x: Json) => x.current && x.code === 'trade-secret-health').id}`));
});
afterAll(async () => t?.close());

describe(`concurrent partial updates lose nothing (${DB_KIND})`, () => {
  it('health check: 40 autosaves at once of 40 different answers, ten rounds — every acknowledged answer is stored', async () => {
    const a = json(await ent.post('/api/assessments', { kind: 'self' }));
    const reqs = allRequirements(f).slice(0, 40);
    expect(reqs.length).toBe(40);
    for (let round = 1; round <= 10; round++) {
      const sent = reqs.map((r) => [r.id, valueFor(r, round)] as const);
      const answers = await Promise.all(sent.map(([id, value]) => ent.patch(`/api/assessments/${a.id}/answers`, { answers: { [id]: { value } } })));
      answers.forEach(ok);
      const stored = json(await ent.get(`/api/assessments/${a.id}`)).answers;
      const lost = sent.filter(([id, value]) => JSON.stringify(stored[id]?.value) !== JSON.stringify(value));
      expect(lost.map(([id]) => id), `round ${round}: acknowledged answers lost`).toEqual([]);
    }
  });

  it('health check: a note and a value of one item, and profile answers, saved at once — all kept', async () => {
    const a = json(await ent.post('/api/assessments', { kind: 'self' }));
    const r = allRequirements(f)[0];
    const profileIds = f.profile.map((p) => p.id).slice(0, 3);
    const res = await Promise.all([
      ent.patch(`/api/assessments/${a.id}/answers`, { answers: { [r.id]: { value: valueFor(r, 1) } } }),
      ent.patch(`/api/assessments/${a.id}/answers`, { answers: { [r.id]: { note: '见制度第三条' } } }),
      ...profileIds.map((p) => ent.patch(`/api/assessments/${a.id}/answers`, { profile: { [p]: null } })),
    ]);
    res.forEach(ok);
    const d = json(await ent.get(`/api/assessments/${a.id}`));
    expect(d.answers[r.id]).toMatchObject({ value: valueFor(r, 1), note: '见制度第三条' });
    for (const p of profileIds) expect(p in d.profile).toBe(true);
  });

  it('enterprise: different fields patched at once are all stored, and the organisation and search follow the last name', async () => {
    const e = json(await admin.post('/api/enterprises', { creditCode: creditCode('640106'), name: '宁夏并发字段有限公司', industryCode: '52', size: 'small' }));
    const patches = [
      { name: '宁夏并发更名有限公司' },
      { products: '枸杞深加工' },
      { regAddress: '金凤区正源街 1 号' },
      { opAddress: '金凤区正源街 2 号' },
      { contactName: '王经理' },
      { contactPhone: '13800000001' },
      { legalRep: '李法人' },
      { contactEmail: 'ops@example.cn' },
    ];
    (await Promise.all(patches.map((p) => jinfeng.patch(`/api/enterprises/${e.id}`, p)))).forEach(ok);
    const after = json(await jinfeng.get(`/api/enterprises/${e.id}`));
    for (const p of patches) expect(after).toMatchObject(p);
    const node = json(await admin.get(`/api/orgs/${e.orgId}`));
    expect(node.name).toBe('宁夏并发更名有限公司');
    const found = json(await jinfeng.get(`/api/enterprises?q=${encodeURIComponent('枸杞深加工')}`)).items.map((x: Json) => x.id);
    expect(found).toContain(e.id);
    const byName = json(await jinfeng.get(`/api/enterprises?q=${encodeURIComponent('并发更名')}`)).items.map((x: Json) => x.id);
    expect(byName).toContain(e.id);
  });

  it('protection site: different fields patched at once are all stored', async () => {
    const s = json(await jinfeng.post('/api/sites', { kind: 'station', name: '并发测试工作站', districtCode: '640106', services: [] }));
    const patches = [{ hours: '工作日 9:00-17:00' }, { intro: '并发测试' }, { contactName: '张站长' }, { address: '金凤区 1 号' }, { hostName: '某协会' }, { contactPhone: '13800000002' }];
    (await Promise.all(patches.map((p) => jinfeng.patch(`/api/sites/${s.id}`, p)))).forEach(ok);
    const after = json(await jinfeng.get(`/api/sites/${s.id}`));
    for (const p of patches) expect(after).toMatchObject(p);
  });

  it('organisation: different fields patched at once are all stored', async () => {
    const o = json(await admin.post('/api/orgs', { parentId: org.jinfeng, name: '并发测试协会', kind: 'association' }));
    const patches = [{ shortName: '并发科' }, { contactName: '赵科长' }, { address: '金凤区 3 号' }, { sort: 7 }, { contactPhone: '13800000003' }];
    (await Promise.all(patches.map((p) => admin.patch(`/api/orgs/${o.id}`, p)))).forEach(ok);
    const after = json(await admin.get(`/api/orgs/${o.id}`));
    for (const p of patches) expect(after).toMatchObject(p);
  });

  it('user: role changes and profile fields at once — no error, and the roles are exactly one request’s', async () => {
    const id = await t.createUser({ username: 'cu_target', orgId: org.jinfeng, roles: ['district_staff'] });
    const roles = json(await admin.get('/api/roles')).items ?? json(await admin.get('/api/roles'));
    const pick = (code: string) => roles.find((r: Json) => r.code === code).id;
    const sets = [[pick('district_staff')], [pick('district_staff'), pick('city_staff')], [pick('city_staff')]];
    const res = await Promise.all([
      ...sets.map((roleIds) => admin.patch(`/api/users/${id}`, { roleIds })),
      admin.patch(`/api/users/${id}`, { displayName: '并发用户' }),
      admin.patch(`/api/users/${id}`, { phone: '13800000004' }),
    ]);
    res.forEach(ok);
    const u = json(await admin.get(`/api/users/${id}`));
    expect(u).toMatchObject({ displayName: '并发用户', phone: '13800000004' });
    const got = (u.roles as Json[]).map((r) => r.id).sort();
    expect(sets.map((s) => [...s].sort()).map((s) => JSON.stringify(s))).toContain(JSON.stringify(got));
  });

  it('existence proof tags: ten tags added at once by two people are all kept', async () => {
    const bytes = crypto.randomBytes(64);
    const salt = crypto.randomBytes(32).toString('hex');
    const digest = { name: 'a.bin', size: bytes.length, sha256: Buffer.from(sha256(bytes)).toString('hex'), sm3: Buffer.from(sm3(bytes)).toString('hex') };
    const metadataJson = JSON.stringify({ title: '并发标签', files: [{ name: digest.name, size: digest.size }] });
    const h = crypto.createHash('sha256').update(Buffer.from(salt, 'hex')).update(Buffer.from(digest.sha256, 'hex')).update(Buffer.from(digest.sm3, 'hex'));
    h.update(crypto.createHash('sha256').update(metadataJson).digest());
    const p = json(await ent.post('/api/proofs', { title: '并发标签', tags: [], files: [digest], salt, metadataJson, commitment: h.digest('hex') }));
    const tags = Array.from({ length: 10 }, (_, i) => `标签${i}`);
    (await Promise.all(tags.map((tag) => ent.put(`/api/proofs/${p.id}/tags`, { add: [tag] })))).forEach(ok);
    expect(json(await ent.get(`/api/proofs/${p.id}`)).tags.sort()).toEqual([...tags].sort());
    ok(await ent.put(`/api/proofs/${p.id}/tags`, { remove: ['标签0'], add: ['标签X'] }));
    expect(json(await ent.get(`/api/proofs/${p.id}`)).tags).toContain('标签X');
    expect((await ent.put(`/api/proofs/${p.id}/tags`, { add: ['a'], tags: ['b'] })).statusCode).toBe(400);
  });

  it('cultivation entry: fields and plan items written at once are all stored', async () => {
    const e = json(await admin.post('/api/enterprises', { creditCode: creditCode('640106'), name: '宁夏并发培育有限公司', industryCode: '52', size: 'small' }));
    const entry = json(await jinfeng.post('/api/cultivation', { year: 2026, batch: 1, enterpriseId: e.id }));
    const items = Array.from({ length: 8 }, (_, i) => `整改事项 ${i}`);
    const res = await Promise.all([
      ...items.map((title) => jinfeng.post(`/api/cultivation/${entry.id}/plan`, { title })),
      jinfeng.patch(`/api/cultivation/${entry.id}`, { note: '并发备注' }),
    ]);
    res.forEach(ok);
    const d = json(await jinfeng.get(`/api/cultivation/${entry.id}`));
    expect(d.plan.map((x: Json) => x.title).sort()).toEqual([...items].sort());
    expect(d.entry?.note ?? d.note).toBe('并发备注');
  });

  it('site targets: one year replaced by two saves at once — no error, no duplicate, one save’s figures', async () => {
    const city = await t.loginAs('cu_city').catch(async () => {
      await t.createUser({ username: 'cu_city', orgId: await t.orgId('银川市市场监督管理局'), roles: ['city_admin'] });
      return t.loginAs('cu_city');
    });
    const bodies = [7, 9].map((n) => ({ goals: [{ kind: 'station_point', cumulative: n, newPerYear: n }], quotas: [{ districtCode: '640106', kind: 'station_point', cumulative: n, newPerYear: n }] }));
    (await Promise.all(bodies.map((b) => city.put('/api/sites/targets/2031', b)))).forEach(ok);
    const rows = (json(await city.get('/api/sites/targets')) as Json[]).filter((r) => r.year === 2031);
    expect(rows.length).toBe(2);
    expect([7, 9]).toContain(rows[0].cumulative);
    expect(rows[1].cumulative).toBe(rows[0].cumulative);
  });

  it('dictionary item: label and sort patched at once are both stored', async () => {
    const itemsOf = async () => json(await admin.get('/api/dicts')).types.find((x: Json) => x.code === 'enterprise_size').items as Json[];
    const item = (await itemsOf())[0];
    (await Promise.all([admin.patch(`/api/dicts/enterprise_size/items/${item.id}`, { labelEn: 'Concurrent' }), admin.patch(`/api/dicts/enterprise_size/items/${item.id}`, { sort: 42 })])).forEach(ok);
    const after = (await itemsOf()).find((x: Json) => x.id === item.id) ?? null;
    expect(after).toMatchObject({ labelEn: 'Concurrent', sort: 42 });
  });

  it('case: ten officers take the same step at once — exactly one step is taken, the others are told it no longer applies', async () => {
    const filed = await t.client().post('/api/public/cases', {
      tracks: ['report'],
      title: '并发核查',
      description: '某公司前员工带走客户名单。',
      respondentName: '宁夏某某并发有限公司',
      respondentCreditCode: creditCode('640106'),
      anonymous: true,
    });
    ok(filed);
    const id = json(filed).cases[0].id;
    const res = await Promise.all(Array.from({ length: 10 }, () => jinfeng.post(`/api/cases/${id}/actions`, { action: 'verify', reason: '开始核查' })));
    expect(res.filter((r) => r.statusCode === 200).length).toBe(1);
    expect(res.filter((r) => r.statusCode !== 200).map((r) => r.statusCode)).toEqual(Array(9).fill(409));
    const events = json(await jinfeng.get(`/api/cases/${id}`)).events.filter((e: Json) => e.action === 'verify');
    expect(events.length).toBe(1);
  });
});
