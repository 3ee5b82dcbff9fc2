/**
 * 行业协会 and 保护联盟 over the API, on PGlite and PostgreSQL: a district registers an association; scope (the city
 * above sees it, another district and another association do not, an enterprise has no access); the association's own
 * account keeps its members and its versioned 自律规范 (a new version never overwrites the old one; concurrent versions
 * get distinct numbers on PostgreSQL); its activities are meetings whose needs join the tracker and reach the district;
 * it runs a survey of its members (only they get it); bad input names the field and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCreditCode, shanghaiDate } from '@shangmi/shared';
import { createTestApp, type Client, type Json, type TestApp } from '../../../test/harness.js';
import { creditCode } from '../../../test/protection.js';

let t: TestApp;
let admin: Client;
const c: Record<string, Client> = {};
const org: Record<string, number> = {};
const ent: Record<string, Json> = {};
const today = () => shanghaiDate(new Date());
const count = async (table: string) => Number((await t.database.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0].n);
const ok = async (res: { statusCode: number; body: string }) => {
  if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`);
  return JSON.parse(res.body) as Json;
};
const refusal = (res: { statusCode: number; body: string }) => ({ status: res.statusCode, ...JSON.parse(res.body).error });
let assoc: Json;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  org.city = await t.orgId('银川市市场监督管理局');
  org.jinfeng = await t.orgId('金凤区市场监督管理局');
  org.xingqing = await t.orgId('兴庆区市场监督管理局');
  ent.a = await ok(await admin.post('/api/enterprises', { creditCode: creditCode('AT0A'), name: '宁夏协会甲软件有限公司', districtCode: '640106' }));
  ent.b = await ok(await admin.post('/api/enterprises', { creditCode: creditCode('AT0B'), name: '宁夏协会乙软件有限公司', districtCode: '640106' }));
  ent.c = await ok(await admin.post('/api/enterprises', { creditCode: creditCode('AT0C'), name: '宁夏协会丙软件有限公司', districtCode: '640106' }));
  await t.createUser({ username: 'as_city', orgId: org.city, roles: ['city_staff'] });
  await t.createUser({ username: 'as_jf', orgId: org.jinfeng, roles: ['district_staff'] });
  await t.createUser({ username: 'as_xq', orgId: org.xingqing, roles: ['district_staff'] });
  await t.createUser({ username: 'as_ent_a', orgId: ent.a.orgId, roles: ['enterprise_admin'] });
  await t.createUser({ username: 'as_ent_c', orgId: ent.c.orgId, roles: ['enterprise_admin'] });
  for (const u of ['city', 'jf', 'xq', 'ent_a', 'ent_c']) c[u] = await t.loginAs(`as_${u}`);
});
afterAll(async () => t?.close());

describe('the registry', () => {
  it('a district registers an association; bad input names the field and creates nothing', async () => {
    const before = await count('listening_associations');
    const bad = refusal(await c.jf.post('/api/listening/associations', { name: '金凤区软件行业协会', kind: 'club', trade: '软件' }));
    expect(bad).toMatchObject({ status: 400, fields: [{ field: 'kind' }] });
    expect(await count('listening_associations')).toBe(before);
    assoc = await ok(await c.jf.post('/api/listening/associations', { name: '金凤区软件行业协会', kind: 'association', trade: '软件和信息服务', intro: '会员企业自律', contactName: '王会长' }));
    expect(assoc).toMatchObject({ name: '金凤区软件行业协会', kind: 'association', parentName: '金凤区市场监督管理局', members: 0, memberList: [], normList: [] });
    // the association is an organisation under the district: its own account can be made there
    await t.createUser({ username: 'as_assoc', orgId: assoc.id, roles: ['association_staff'] });
    c.assoc = await t.loginAs('as_assoc');
  });

  it('scope: the city above sees it; another district 404; an enterprise has no access; an association registers none', async () => {
    expect((await ok(await c.city.get('/api/listening/associations'))).items.map((x: Json) => x.id)).toContain(assoc.id);
    expect((await c.xq.get(`/api/listening/associations/${assoc.id}`)).statusCode).toBe(404);
    expect((await ok(await c.xq.get('/api/listening/associations'))).items).toHaveLength(0);
    expect((await c.ent_a.get('/api/listening/associations')).statusCode).toBe(403);
    expect(refusal(await c.assoc.post('/api/listening/associations', { name: '子协会', kind: 'alliance', trade: '软件' })).status).toBe(403);
    const other = await ok(await c.xq.post('/api/listening/associations', { name: '兴庆区商业秘密保护联盟', kind: 'alliance', trade: '综合' }));
    expect((await c.assoc.get(`/api/listening/associations/${other.id}`)).statusCode).toBe(404);
    expect((await ok(await c.assoc.get('/api/listening/associations'))).items.map((x: Json) => x.id)).toEqual([assoc.id]);
  });
});

describe('the association’s own account', () => {
  it('the member picker: only name, credit code and district, only its region; no other enterprise data', async () => {
    // a second region with an enterprise of the same name pattern: never offered
    await ok(
      await admin.post('/api/regions', { code: '640200', name: '石嘴山市', nameEn: 'Shizuishan', cityBureau: '石嘴山市市场监督管理局', districts: [{ code: '640202', name: '大武口区', nameEn: 'Dawukou District', bureau: '大武口区市场监督管理局' }], parks: [] }),
    );
    const far = await ok(await admin.post('/api/enterprises', { creditCode: buildCreditCode('91', '640202', '0001AT0F'), name: '宁夏协会丁软件有限公司', districtCode: '640202' }));
    expect(far.regionCode).toBe('640200');
    const found = await ok(await c.assoc.get(`/api/listening/associations/${assoc.id}/candidates?q=${encodeURIComponent('协会')}`));
    expect(found.map((x: Json) => x.id).sort()).toEqual([ent.a.id, ent.b.id, ent.c.id].sort());
    // the decided fields, nothing else
    for (const x of found) expect(Object.keys(x).sort()).toEqual(['creditCode', 'districtCode', 'id', 'member', 'name']);
    expect(found.find((x: Json) => x.id === ent.a.id)).toEqual({ id: ent.a.id, name: '宁夏协会甲软件有限公司', creditCode: ent.a.creditCode, districtCode: '640106', member: false });
    // by the start of the credit code
    const byCode = await ok(await c.assoc.get(`/api/listening/associations/${assoc.id}/candidates?q=${ent.b.creditCode.slice(0, 14)}`));
    expect(byCode.map((x: Json) => x.id)).toEqual([ent.b.id]);
    expect(await ok(await c.assoc.get(`/api/listening/associations/${assoc.id}/candidates?q=${far.creditCode}`))).toEqual([]);
    // a LIKE wildcard is a character, not a pattern
    expect(await ok(await c.assoc.get(`/api/listening/associations/${assoc.id}/candidates?q=%25`))).toEqual([]);
    // the picker is no way into the registry: the enterprise routes stay closed to an association
    expect((await c.assoc.get('/api/enterprises')).statusCode).toBe(403);
    expect((await c.assoc.get(`/api/enterprises/${ent.a.id}`)).statusCode).toBe(403);
    // nor into another association's picker; an enterprise has none
    const other = (await ok(await c.xq.get('/api/listening/associations'))).items[0];
    expect((await c.assoc.get(`/api/listening/associations/${other.id}/candidates`)).statusCode).toBe(404);
    expect((await c.ent_a.get(`/api/listening/associations/${assoc.id}/candidates`)).statusCode).toBe(403);
    // a bureau searching for an association it keeps: its own scope (兴庆区 keeps none of 金凤区's)
    expect((await ok(await c.jf.get(`/api/listening/associations/${assoc.id}/candidates?q=${encodeURIComponent('协会')}`))).length).toBe(3);
    // and the enterprise of the other region cannot be added by its id either
    expect(refusal(await c.assoc.post(`/api/listening/associations/${assoc.id}/members`, { enterpriseIds: [far.id] }))).toMatchObject({ status: 400, fields: [{ field: 'enterpriseIds' }] });
  });

  it('adds members; an unknown enterprise is refused naming the field; a member leaves once', async () => {
    const bad = refusal(await c.assoc.post(`/api/listening/associations/${assoc.id}/members`, { enterpriseIds: [ent.a.id, 999999] }));
    expect(bad).toMatchObject({ status: 400, fields: [{ field: 'enterpriseIds' }] });
    expect(await count('listening_association_members')).toBe(0);
    const a = await ok(await c.assoc.post(`/api/listening/associations/${assoc.id}/members`, { enterpriseIds: [ent.a.id, ent.b.id, ent.c.id] }));
    expect(a.members).toBe(3);
    expect((await ok(await c.assoc.get(`/api/listening/associations/${assoc.id}/candidates?q=${encodeURIComponent('协会甲')}`)))[0].member).toBe(true);
    const left = await ok(await c.assoc.delete(`/api/listening/associations/${assoc.id}/members/${ent.c.id}`));
    expect(left.members).toBe(2);
    expect(left.memberList.find((m: Json) => m.enterpriseId === ent.c.id)).toMatchObject({ leftOn: today() });
    expect(refusal(await c.assoc.delete(`/api/listening/associations/${assoc.id}/members/${ent.c.id}`))).toMatchObject({ status: 400, fields: [{ field: 'enterpriseId' }] });
  });

  it('norms are versioned: a new version is a new row, the old one stays readable', async () => {
    const v1 = await ok(await c.assoc.post(`/api/listening/associations/${assoc.id}/norms`, { title: '软件行业商业秘密保护自律公约', kind: 'convention', body: '第一条 会员企业应建立商业秘密保护制度。', effectiveOn: '2026-01-01' }));
    expect(v1).toMatchObject({ version: 1, kind: 'convention' });
    const v2 = await ok(await c.assoc.post(`/api/listening/associations/${assoc.id}/norms`, { code: v1.code, title: '软件行业商业秘密保护自律公约', kind: 'convention', body: '第一条 会员企业应建立商业秘密保护制度并每年自查。', effectiveOn: '2026-07-01', note: '增加年度自查' }));
    expect(v2).toMatchObject({ code: v1.code, version: 2 });
    const versions = await ok(await c.assoc.get(`/api/listening/associations/${assoc.id}/norms/${v1.code}`));
    expect(versions.map((v: Json) => [v.version, v.body.length > 0])).toEqual([
      [2, true],
      [1, true],
    ]);
    expect(versions[1].body).toBe('第一条 会员企业应建立商业秘密保护制度。');
    const detail = await ok(await c.jf.get(`/api/listening/associations/${assoc.id}`));
    expect(detail.normList).toHaveLength(1);
    expect(detail.normList[0].version).toBe(2);
    // a version of a document that does not exist: refused naming the field, nothing written
    const before = await count('listening_association_norms');
    expect(refusal(await c.assoc.post(`/api/listening/associations/${assoc.id}/norms`, { code: 'nope', title: 'x', body: 'y', effectiveOn: '2026-01-01' }))).toMatchObject({ status: 400, fields: [{ field: 'code' }] });
    expect(refusal(await c.assoc.post(`/api/listening/associations/${assoc.id}/norms`, { title: 'x', body: '', effectiveOn: '2026-01-01' })).fields[0].field).toBe('body');
    expect(await count('listening_association_norms')).toBe(before);
  });

  it('three new versions at once get three distinct numbers (PostgreSQL runs them concurrently)', async () => {
    const [n] = (await ok(await c.jf.get(`/api/listening/associations/${assoc.id}`))).normList;
    const res = await Promise.all([1, 2, 3].map((i) => c.assoc.post(`/api/listening/associations/${assoc.id}/norms`, { code: n.code, kind: 'convention', title: n.title, body: `修订 ${i}`, effectiveOn: '2026-09-01' })));
    expect(res.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(res.map((r) => JSON.parse(r.body).version).sort()).toEqual([3, 4, 5]);
  });

  it('an activity with its members feeds the tracker: the need reaches the district; a non-member is refused', async () => {
    const body = { kind: 'forum', enterpriseIds: [ent.a.id, ent.b.id], plannedOn: today(), staff: ['王会长'], purpose: '会员企业商业秘密保护座谈' };
    expect(refusal(await c.assoc.post('/api/listening/meetings', { ...body, enterpriseIds: [ent.a.id, ent.c.id] }))).toMatchObject({ status: 400, fields: [{ field: 'enterpriseIds' }] });
    const m = await ok(await c.assoc.post('/api/listening/meetings', body));
    expect(m).toMatchObject({ associationId: assoc.id, orgName: '金凤区软件行业协会' });
    await ok(await c.assoc.post(`/api/listening/meetings/${m.id}/record`, { heldOn: today(), notes: '会员企业反映离职员工带走源代码问题', needs: [{ title: '希望提供离职员工保密协议范本', enterpriseId: ent.b.id, category: 'legal' }] }));
    const detail = await ok(await c.assoc.get(`/api/listening/associations/${assoc.id}`));
    expect(detail.activityList).toEqual([expect.objectContaining({ id: m.id, status: 'recorded', needs: 1 })]);
    expect(detail.activities).toBe(1);
    // the district above sees the activity and the need, and assigns it like any other
    expect((await ok(await c.jf.get(`/api/listening/meetings?associationId=${assoc.id}`))).items.map((x: Json) => x.id)).toEqual([m.id]);
    const needs = (await ok(await c.jf.get(`/api/listening/needs?source=forum`))).items;
    expect(needs.map((x: Json) => x.title)).toContain('希望提供离职员工保密协议范本');
    expect((await ok(await c.xq.get('/api/listening/needs'))).items).toHaveLength(0);
    // a bureau holds an activity for the association: the association's account sees it too
    const held = await ok(await c.jf.post('/api/listening/meetings', { ...body, associationId: assoc.id, purpose: '区局为协会会员举办培训' }));
    expect((await ok(await c.assoc.get(`/api/listening/meetings/${held.id}`))).associationId).toBe(assoc.id);
    expect(refusal(await c.xq.post('/api/listening/meetings', { ...body, enterpriseIds: [], associationId: assoc.id })).status).toBe(400);
  });

  it('runs a survey of its members: only current members get it', async () => {
    const s = await ok(await c.assoc.post('/api/listening/surveys/from-template', { template: 'protection-needs', title: '会员企业保护需求调查' }));
    const sent = await ok(await c.assoc.post(`/api/listening/surveys/${s.id}/distribute`, {}));
    expect(sent.targets).toBe(2);
    expect((await ok(await c.ent_a.get('/api/listening/my/surveys'))).map((x: Json) => x.id)).toContain(s.id);
    // the enterprise that left does not get it; the district does not see the association's survey results? it does: below it
    expect((await c.ent_c.get(`/api/listening/my/surveys/${s.id}`)).statusCode).toBe(404);
    expect((await c.xq.get(`/api/listening/surveys/${s.id}`)).statusCode).toBe(404);
    expect((await ok(await c.jf.get(`/api/listening/surveys/${s.id}`))).id).toBe(s.id);
  });
});
