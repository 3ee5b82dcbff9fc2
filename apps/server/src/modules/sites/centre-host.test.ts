/**
 * Issue 24 items 1 and 2: the 维权指导中心 as a kind of site (its standard, acceptance, targets, dashboard, map, directory),
 * and a site's host as an organisation of the registry (linking, 待关联, counts by host kind, the migration's matching).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq, sql } from 'drizzle-orm';
import { sites, users } from '../../db/schema/index.js';
import { createTestApp, json, type Client, type Json, type TestApp } from '../../../test/harness.js';
import { creditCode } from '../../../test/protection.js';

let t: TestApp;
let admin: Client;
let cityAdmin: Client;
let jinfeng: Client;
let xingqing: Client;
let anon: Client;
const JINFENG = '640106';
const THIS_YEAR = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));

async function create(c: Client, body: Record<string, unknown>): Promise<Json> {
  const res = await c.post('/api/sites', body);
  if (res.statusCode !== 200) throw new Error(`site ${JSON.stringify(body)}: ${res.body}`);
  return json(res);
}
const siteCount = async () => Number((await t.database.db.select({ n: count() }).from(sites))[0].n);

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  const cityOrg = await t.orgId('银川市市场监督管理局');
  await t.createUser({ username: 'ch_city_admin', orgId: cityOrg, roles: ['city_admin'] });
  await t.createUser({ username: 'ch_jf', orgId: await t.orgId('金凤区市场监督管理局'), roles: ['district_staff'] });
  await t.createUser({ username: 'ch_xq', orgId: await t.orgId('兴庆区市场监督管理局'), roles: ['district_staff'] });
  [cityAdmin, jinfeng, xingqing] = await Promise.all(['ch_city_admin', 'ch_jf', 'ch_xq'].map((u) => t.loginAs(u)));
  anon = t.client();
});
afterAll(async () => t?.close());

describe('维权指导中心: a kind of site', () => {
  let centre: Json;

  it('ships its own construction standard, citing the plan', async () => {
    const [st] = json(await jinfeng.get('/api/sites/standards?kind=centre'));
    expect(st).toMatchObject({ kind: 'centre', version: 1, fileVersion: 1, title: '商业秘密保护维权指导中心建设标准（第1版）', passScore: 75, totalScore: 100 });
    expect(st.basis).toContain('鼓励有条件的县（市）区设立商业秘密保护维权指导中心');
    expect(st.items.filter((i: Json) => i.required).map((i: Json) => i.code)).toEqual(['A1', 'B1', 'C1', 'D1']);
  });

  it('belongs to a district, has no parent site and is district level; bad input names the field and changes nothing', async () => {
    const before = await siteCount();
    const base = await create(jinfeng, { kind: 'base', name: '中心测试基地' });
    const cases: [Client, Record<string, unknown>, string, RegExp][] = [
      [jinfeng, { kind: 'centre', name: '挂在基地下的中心', parentSiteId: base.id }, 'parentSiteId', /^上级站点：维权指导中心不设上级站点/],
      [admin, { kind: 'centre', name: '没有区县的中心' }, 'districtCode', /^所属区县：维权指导中心须属于一个区县/],
      [jinfeng, { kind: 'centre', name: '市级中心', level: 'city' }, 'level', /^级别：维权指导中心为区县级/],
      [jinfeng, { kind: 'centrum', name: '未知类型' }, 'kind', /^类型：/],
    ];
    for (const [c, body, field, message] of cases) {
      const res = await c.post('/api/sites', body);
      expect(res.statusCode, res.body).toBe(400);
      expect(json(res).error.fields[0], res.body).toMatchObject({ field });
      expect(json(res).error.fields[0].message, res.body).toMatch(message);
    }
    expect(await siteCount()).toBe(before + 1);
    centre = await create(jinfeng, { kind: 'centre', name: '金凤区商业秘密保护维权指导中心', lng: 106.24, lat: 38.49, services: ['consulting', 'rights_assistance'] });
    expect(centre).toMatchObject({ kind: 'centre', level: 'district', districtCode: JINFENG, parentSiteId: null, status: 'planned' });
    expect(centre.standard).toMatchObject({ kind: 'centre', version: 1 });
    // a district's own: 兴庆区 neither sees it nor moves it out of 金凤区's tree
    expect((await xingqing.get(`/api/sites/${centre.id}`)).statusCode).toBe(404);
    const unset = await jinfeng.patch(`/api/sites/${centre.id}`, { districtCode: null });
    expect(unset.statusCode, unset.body).toBe(400);
    expect(json(unset).error.fields[0]).toMatchObject({ field: 'districtCode', message: '所属区县：维权指导中心须属于一个区县' });
  });

  it('goes through acceptance against its standard and gets a W plaque', async () => {
    expect((await jinfeng.post(`/api/sites/${centre.id}/status`, { to: 'building', reason: '区政府批复设立' })).statusCode).toBe(200);
    const username = 'ch_centre_staff';
    expect((await jinfeng.post(`/api/sites/${centre.id}/staff`, { username, displayName: '中心工作人员', password: 'Site#Staff2026' })).statusCode).toBe(200);
    await t.database.db.update(users).set({ mustChangePassword: false }).where(eq(users.username, username));
    const staff = await t.loginAs(username, 'Site#Staff2026');
    const d = json(await staff.get(`/api/sites/${centre.id}`));
    const items = [];
    for (const it of d.standard.items) {
      const f = await staff.upload(`${it.code}.pdf`, Buffer.from(`%PDF-1.4 centre ${it.code}`), 'application/pdf');
      items.push({ code: it.code, score: it.weight, note: `自评 ${it.code}`, fileIds: [f.id] });
    }
    const sub = await staff.post(`/api/sites/${centre.id}/acceptance`, { statement: '中心已按建设标准建成，申请验收', items });
    expect(sub.statusCode, sub.body).toBe(200);
    const scores = d.standard.items.map((it: Json) => ({ code: it.code, score: it.weight }));
    expect((await jinfeng.post(`/api/sites/${centre.id}/acceptance/review`, { decision: 'pass', items: scores, comment: '符合标准' })).statusCode).toBe(200);
    const ok = await cityAdmin.post(`/api/sites/${centre.id}/acceptance/approve`, { decision: 'pass', comment: '同意认定' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(json(ok)).toMatchObject({ status: 'accredited', plaqueNo: `640100-W-${THIS_YEAR}-001` });
  });

  it('counts on the dashboard on its own; a goal and a district quota for it are optional data', async () => {
    const progress = (dash: Json, kind: string) => dash.years.find((y: Json) => y.year === THIS_YEAR).items.find((i: Json) => i.kind === kind);
    let dash = json(await cityAdmin.get('/api/sites/dashboard'));
    expect(progress(dash, 'centre')).toEqual({ kind: 'centre', goalCumulative: null, goalNew: null, builtCumulative: 1, builtNew: 1 });
    // the centre is not a station or point
    expect(progress(dash, 'station_point').builtCumulative).toBe(0);
    expect(dash.pipeline).toContainEqual({ kind: 'centre', status: 'accredited', count: 1 });
    const put = await cityAdmin.put(`/api/sites/targets/${THIS_YEAR}`, {
      goals: [{ kind: 'centre', cumulative: 3, newPerYear: 1 }],
      quotas: [{ kind: 'centre', districtCode: JINFENG, cumulative: 1, newPerYear: 1 }],
    });
    expect(put.statusCode, put.body).toBe(200);
    dash = json(await cityAdmin.get('/api/sites/dashboard'));
    expect(progress(dash, 'centre')).toMatchObject({ goalCumulative: 3, builtCumulative: 1 });
    const jf = dash.byDistrict.find((d: Json) => d.year === THIS_YEAR && d.districtCode === JINFENG);
    expect(jf.items.find((i: Json) => i.kind === 'centre')).toMatchObject({ goalCumulative: 1, builtCumulative: 1 });
    const xq = json(await xingqing.get('/api/sites/dashboard'));
    expect(progress(xq, 'centre')).toMatchObject({ goalCumulative: null, builtCumulative: 0 });
  });

  it('is on the map and in the public directory', async () => {
    const map = json(await jinfeng.get(`/api/sites/map?year=${THIS_YEAR}`));
    expect(map).toContainEqual(expect.objectContaining({ id: centre.id, kind: 'centre', lng: 106.24 }));
    const pub = json(await anon.get('/api/public/sites?kind=centre'));
    expect(pub.items.map((s: Json) => s.name)).toEqual(['金凤区商业秘密保护维权指导中心']);
    expect(json(await anon.get('/api/public/sites/map')).map((p: Json) => p.kind)).toContain('centre');
  });
});

describe('a site’s host is an organisation of the registry', () => {
  const ent: Record<string, Json> = {};
  const st: Record<string, Json> = {};

  beforeAll(async () => {
    const mk = async (key: string, name: string, kinds: string[], tag: string) => {
      const res = await admin.post('/api/enterprises', { creditCode: creditCode(tag), name, districtCode: JINFENG, kinds });
      expect(res.statusCode, res.body).toBe(200);
      ent[key] = json(res);
    };
    await mk('know', '宁夏知识密集科技有限公司', ['knowledge_intensive', 'innovative'], 'HTKA');
    await mk('old', '银川老字号食品有限公司', ['time_honoured'], 'HTLB');
    await mk('plain', '宁夏普通贸易有限公司', [], 'HTPC');
  });

  it('links by id (the name and kind come from the registry) or by an exact name; an unknown name waits to be linked', async () => {
    st.a = await create(jinfeng, { kind: 'station', name: '知识密集企业工作站', hostOrgId: ent.know.orgId });
    expect(st.a).toMatchObject({ hostOrgId: ent.know.orgId, hostOrgKind: 'enterprise', hostName: '宁夏知识密集科技有限公司', hostKind: 'enterprise' });
    // the form's picker: organisations of the region by a part of their name
    const picked = json(await jinfeng.get(`/api/sites/hosts?q=${encodeURIComponent('老字号')}`));
    expect(picked).toEqual([{ id: ent.old.orgId, name: '银川老字号食品有限公司', kind: 'enterprise', enterpriseKinds: ['time_honoured'] }]);
    expect((await jinfeng.get('/api/sites/hosts')).statusCode).toBe(400);
    st.b = await create(jinfeng, { kind: 'point', name: '老字号服务点', hostName: '银川老字号食品有限公司' });
    expect(st.b).toMatchObject({ hostOrgId: ent.old.orgId, hostOrgKind: 'enterprise' });
    st.c = await create(jinfeng, { kind: 'point', name: '普通企业服务点', hostOrgId: ent.plain.orgId });
    st.d = await create(jinfeng, { kind: 'station', name: '待关联工作站', hostName: '宁夏还没登记的协会', hostKind: 'association' });
    expect(st.d).toMatchObject({ hostOrgId: null, hostOrgKind: null, hostName: '宁夏还没登记的协会' });
    const unlinked = json(await jinfeng.get('/api/sites?host=unlinked'));
    expect(unlinked.items.map((s: Json) => s.id)).toEqual([st.d.id]);
    expect(json(await jinfeng.get(`/api/sites?hostOrgId=${ent.know.orgId}`)).items.map((s: Json) => s.id)).toEqual([st.a.id]);
  });

  it('a host that does not exist, is not in the region or cannot host → 400 naming hostOrgId; nothing changes', async () => {
    const before = await siteCount();
    const base = json(await jinfeng.get('/api/sites?kind=base')).items[0];
    for (const hostOrgId of [999999, base.orgId, await t.orgId('商秘通平台')]) {
      const res = await jinfeng.post('/api/sites', { kind: 'point', name: `坏依托单位 ${hostOrgId}`, hostOrgId });
      expect(res.statusCode, res.body).toBe(400);
      expect(json(res).error.fields).toEqual([expect.objectContaining({ field: 'hostOrgId', message: '依托单位：不存在' })]);
    }
    expect(await siteCount()).toBe(before);
    const upd = await jinfeng.patch(`/api/sites/${st.d.id}`, { hostOrgId: 999999 });
    expect(upd.statusCode).toBe(400);
    expect(json(await jinfeng.get(`/api/sites/${st.d.id}`)).hostName).toBe('宁夏还没登记的协会');
    const en = await jinfeng.post('/api/sites', { kind: 'point', name: '坏依托单位', hostOrgId: 999999 }, { 'x-shangmi-locale': 'en-US' });
    expect(json(en).error.fields[0]).toMatchObject({ field: 'hostOrgId', message: 'Host organisation: does not exist' });
  });

  it('a person links a 待关联 host; the dashboard counts sites by host kind and focus kind', async () => {
    const assoc = json(await admin.post('/api/orgs', { parentId: await t.orgId('银川市市场监督管理局'), name: '宁夏还没登记的协会', kind: 'association' }));
    const linked = await jinfeng.patch(`/api/sites/${st.d.id}`, { hostOrgId: assoc.id });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(json(linked)).toMatchObject({ hostOrgId: assoc.id, hostOrgKind: 'association' });
    expect(json(await jinfeng.get('/api/sites?host=unlinked')).total).toBe(0);
    const { hosts } = json(await jinfeng.get('/api/sites/dashboard'));
    expect(hosts.byOrgKind).toEqual(
      expect.arrayContaining([
        { siteKind: 'station', orgKind: 'enterprise', count: 1 },
        { siteKind: 'point', orgKind: 'enterprise', count: 2 },
        { siteKind: 'station', orgKind: 'association', count: 1 },
      ]),
    );
    expect(hosts.byEnterpriseKind).toEqual(
      expect.arrayContaining([
        { siteKind: 'station', enterpriseKind: 'knowledge_intensive', count: 1 },
        { siteKind: 'station', enterpriseKind: 'innovative', count: 1 },
        { siteKind: 'point', enterpriseKind: 'time_honoured', count: 1 },
      ]),
    );
    // "how many stations sit in focus-kind enterprises": the 知识密集型+创新型 one counts once; the plain enterprise not
    expect(hosts.focus.sort((a: Json, b: Json) => a.siteKind.localeCompare(b.siteKind))).toEqual([
      { siteKind: 'point', count: 1 },
      { siteKind: 'station', count: 1 },
    ]);
    expect(hosts.unlinked).toEqual([]);
    // 兴庆区 sees none of 金凤区's
    expect(json(await xingqing.get('/api/sites/dashboard')).hosts.byOrgKind).toEqual([]);
  });

  it('the migration links existing free-text hosts by exact name and leaves the rest 待关联', async () => {
    const file = fs.readdirSync(path.resolve(import.meta.dirname, '../../db/migrations')).find((f) => f.endsWith('_site_host_org.sql'))!;
    const text = fs.readFileSync(path.resolve(import.meta.dirname, '../../db/migrations', file), 'utf8');
    const block = text.slice(text.indexOf('-- hand-written: begin'), text.indexOf('-- hand-written: end'));
    expect(block).toContain('update sites');
    // three sites as the old schema left them: a host name, no link
    await t.database.db.update(sites).set({ hostOrgId: null, hostName: '宁夏普通贸易有限公司' }).where(eq(sites.id, st.c.id));
    await t.database.db.update(sites).set({ hostOrgId: null, hostName: '银川老字号食品有限公司 ' }).where(eq(sites.id, st.b.id));
    await t.database.db.update(sites).set({ hostOrgId: null, hostName: '不存在的单位' }).where(eq(sites.id, st.a.id));
    await t.database.db.execute(sql.raw(block.split('\n').filter((l) => !l.startsWith('--') && l.trim() !== '--> statement-breakpoint').join('\n')));
    const after = async (id: number) => (await t.database.db.select({ hostOrgId: sites.hostOrgId }).from(sites).where(eq(sites.id, id)))[0].hostOrgId;
    expect(await after(st.c.id)).toBe(ent.plain.orgId);
    // exact: a trailing space is not the same name
    expect(await after(st.b.id)).toBeNull();
    expect(await after(st.a.id)).toBeNull();
    expect(json(await jinfeng.get('/api/sites?host=unlinked')).items.map((s: Json) => s.id).sort()).toEqual([st.a.id, st.b.id].sort());
  });
});
