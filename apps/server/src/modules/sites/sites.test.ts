import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { orgs, sites, users } from '../../db/schema/index.js';
import { json, readXlsx, type Client, type Json } from '../../../test/harness.js';
import { t, admin, city, city2, jinfeng, xingqing, anon, org, parkId, JINFENG, XINGQING, THIS_YEAR, lastOplog, create, evidence, selfEvaluation, fullScores, accredit } from './sites.fixture.js';

async function staffOf(siteId: number, username: string): Promise<Client> {
  const res = await jinfeng.post(`/api/sites/${siteId}/staff`, { username, displayName: `站点 ${username}`, password: 'Site#Staff2026' });
  expect(res.statusCode, res.body).toBe(200);
  await t.database.db.update(users).set({ mustChangePassword: false }).where(eq(users.username, username));
  return t.loginAs(username, 'Site#Staff2026');
}

describe('the network: bases, stations and points in the organisation tree', () => {
  let base: Json;
  let station: Json;

  it('a 金凤区 officer creates a base in 阅海湾科创港, a station under it and a point under the station', async () => {
    base = await create(jinfeng, {
      kind: 'base',
      name: '阅海湾商业秘密保护基地',
      parkId,
      hostName: '阅海湾科创港管委会',
      hostKind: 'park_committee',
      address: '银川市金凤区阅海湾中央商务区',
      lng: 106.2201,
      lat: 38.5102,
      contactName: '马主任',
      contactPhone: '0951-6000001',
      hours: '工作日 9:00-17:30',
      services: ['consulting', 'checkup', 'training'],
    });
    expect(base).toMatchObject({ kind: 'base', level: 'city', districtCode: JINFENG, parkName: '阅海湾科创港', status: 'planned', parentSiteId: null });
    expect(base.events.map((e: Json) => e.action)).toEqual(['created']);
    station = await create(jinfeng, { kind: 'station', name: '阅海湾律所商业秘密保护工作站', parentSiteId: base.id, parkId, hostKind: 'law_firm', services: ['consulting', 'rights_assistance'] });
    expect(station).toMatchObject({ level: 'district', districtCode: JINFENG, parentSiteName: '阅海湾商业秘密保护基地' });
    const point = await create(jinfeng, { kind: 'point', name: '阅海湾企业服务点', parentSiteId: station.id });
    // the tree: bureau → base → station → point, each an organisation of kind site
    const nodes = await t.database.db.select().from(orgs).where(eq(orgs.kind, 'site'));
    const node = (id: number) => nodes.find((o) => o.id === id)!;
    expect(node(base.orgId).parentId).toBe(org.jinfeng);
    expect(node(station.orgId).parentId).toBe(base.orgId);
    expect(node(point.orgId).parentId).toBe(station.orgId);
    expect(node(point.orgId).path).toBe(`${node(station.orgId).path}${point.orgId}/`);
    expect(json(await jinfeng.get(`/api/sites/${base.id}`)).children.map((c: Json) => c.name)).toEqual(['阅海湾律所商业秘密保护工作站']);
    const log = await lastOplog();
    expect(log).toMatchObject({ action: 'sites.create', targetType: 'site', targetId: String(point.id), result: 'success' });
  });

  it('validates kinds, parents, coordinates and dictionaries, naming the fields', async () => {
    const cases: [Record<string, unknown>, string, RegExp, number?][] = [
      [{ name: '缺类型' }, 'kind', /^类型：/],
      [{ kind: 'station', name: '站挂站', parentSiteId: station.id }, 'parentSiteId', /^上级站点：站只能设在基地之下/],
      [{ kind: 'base', name: '基地挂基地', parentSiteId: base.id }, 'parentSiteId', /^上级站点：基地不设上级站点/],
      [{ kind: 'point', name: '只有经度', lng: 106.2 }, 'lat', /^纬度：经度和纬度须同时填写/],
      [{ kind: 'point', name: '经度越界', lng: 200, lat: 38 }, 'lng', /^经度：不能大于 136/],
      [{ kind: 'point', name: '服务无效', services: ['dancing'] }, 'services', /^服务内容：包含无效的取值：dancing/],
      [{ kind: 'point', name: '依托类型无效', hostKind: 'bank' }, 'hostKind', /^依托单位类型：不是有效的取值/],
      [{ kind: 'point', name: '区县不一致', parentSiteId: station.id, districtCode: XINGQING }, 'districtCode', /^所属区县：须与上级站点所在区县一致/],
      [{ kind: 'point', name: '直接认定', status: 'accredited' }, 'status', /^状态：取值无效/],
    ];
    for (const [body, field, message] of cases) {
      const res = await jinfeng.post('/api/sites', body);
      expect(res.statusCode, field).toBe(400);
      expect(json(res).error.fields[0].field, field).toBe(field);
      expect(json(res).error.fields[0].message, field).toMatch(message);
    }
    jinfeng.locale = 'en-US';
    const en = json(await jinfeng.post('/api/sites', { kind: 'station', name: 'x', parentSiteId: station.id })).error;
    jinfeng.locale = 'zh-CN';
    expect(en.fields[0].message).toBe('Parent site: a station can only hang under a base');
  });

  it('holds the district scope: 金凤区 cannot see or edit a 兴庆区 site, nor create one there', async () => {
    const xq = await create(xingqing, { kind: 'station', name: '兴庆区老字号商业秘密保护工作站', hostKind: 'association' });
    expect(xq.districtCode).toBe(XINGQING);
    expect((await jinfeng.get(`/api/sites/${xq.id}`)).statusCode).toBe(404);
    const edit = await jinfeng.patch(`/api/sites/${xq.id}`, { name: '被改名' });
    expect(edit.statusCode).toBe(404);
    expect((await jinfeng.post(`/api/sites/${xq.id}/status`, { to: 'building', reason: '越权' })).statusCode).toBe(404);
    expect((await jinfeng.post(`/api/sites/${xq.id}/staff`, { username: 'si_smuggle', displayName: 'x', password: 'Smuggle#2026x' })).statusCode).toBe(404);
    const [row] = await t.database.db.select().from(sites).where(eq(sites.id, xq.id));
    expect(row.name).toBe('兴庆区老字号商业秘密保护工作站');
    // nor put a site in 兴庆区, nor under a 兴庆区 site, nor move one there
    const there = await jinfeng.post('/api/sites', { kind: 'point', name: '越界点', districtCode: XINGQING });
    expect(there.statusCode).toBe(403);
    expect(json(there).error.fields[0].field).toBe('districtCode');
    const under = await jinfeng.post('/api/sites', { kind: 'point', name: '越界点', parentSiteId: xq.id });
    expect(json(under).error.fields[0]).toMatchObject({ field: 'parentSiteId' });
    const move = await jinfeng.patch(`/api/sites/${station.id}`, { parentSiteId: null, districtCode: XINGQING });
    expect(move.statusCode).toBe(403);
    // lists, the dashboard and exports stay in the district
    const mine = json(await jinfeng.get('/api/sites?pageSize=200'));
    expect(mine.items.every((s: Json) => s.districtCode === JINFENG)).toBe(true);
    expect(json(await xingqing.get('/api/sites?pageSize=200')).items.map((s: Json) => s.name)).toEqual(['兴庆区老字号商业秘密保护工作站']);
    const rows = await readXlsx(await jinfeng.get('/api/sites/export'));
    expect(rows[0].slice(0, 3)).toEqual(['序号', '站点名称', '类型']);
    expect(rows.slice(1).map((r) => r[1])).not.toContain('兴庆区老字号商业秘密保护工作站');
    expect(json(await xingqing.get('/api/sites/dashboard')).districtCode).toBe(XINGQING);
    // the city sees both
    expect(json(await city.get(`/api/sites?q=${encodeURIComponent('工作站')}`)).total).toBe(2);
  });

  it('filters by kind, status, district, park, host kind and service', async () => {
    const q = async (query: string) => json(await city.get(`/api/sites?${query}&pageSize=200`)).items.map((s: Json) => s.name).sort();
    expect(await q('kind=base')).toEqual(['阅海湾商业秘密保护基地']);
    expect(await q(`parkId=${parkId}`)).toEqual(['阅海湾商业秘密保护基地', '阅海湾律所商业秘密保护工作站']);
    expect(await q('hostKind=law_firm')).toEqual(['阅海湾律所商业秘密保护工作站']);
    expect(await q('service=rights_assistance')).toEqual(['阅海湾律所商业秘密保护工作站']);
    expect(await q(`districtCode=${XINGQING}`)).toEqual(['兴庆区老字号商业秘密保护工作站']);
    expect((await q('status=planned')).length).toBe(4);
    expect(await q(`parentSiteId=${base.id}`)).toEqual(['阅海湾律所商业秘密保护工作站']);
  });

  it('moves a station with its points when its district bureau changes, keeping paths and districts in step', async () => {
    const st = await create(jinfeng, { kind: 'station', name: '待迁移工作站' });
    const pt = await create(jinfeng, { kind: 'point', name: '待迁移服务点', parentSiteId: st.id });
    const moved = await admin.patch(`/api/sites/${st.id}`, { districtCode: XINGQING });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(json(moved).events[0].action).toBe('moved');
    const [p] = await t.database.db.select().from(sites).where(eq(sites.id, pt.id));
    const [o] = await t.database.db.select().from(orgs).where(eq(orgs.id, p.orgId));
    expect(p).toMatchObject({ districtCode: XINGQING, orgPath: o.path });
    expect(o.path).toContain(`/${org.xingqing}/`);
    expect(o.districtCode).toBe(XINGQING);
    expect((await jinfeng.get(`/api/sites/${pt.id}`)).statusCode).toBe(404);
    expect((await xingqing.get(`/api/sites/${pt.id}`)).statusCode).toBe(200);
  });
});

describe('status, staff, profile, photos', () => {
  let s: Json;
  let staff: Client;

  beforeAll(async () => {
    s = await create(jinfeng, { kind: 'station', name: '金凤区知识产权服务工作站', hostKind: 'ip_service' });
    staff = await staffOf(s.id, 'si_station_staff');
  });

  it('opens a staff account (site_staff, initial password to change) in the site\'s organisation', async () => {
    const [u] = await t.database.db.select().from(users).where(eq(users.username, 'si_station_staff'));
    expect(u.orgId).toBe(s.orgId);
    const d = json(await staff.get(`/api/sites/${s.id}`));
    expect(d.staff.map((x: Json) => x.username)).toEqual(['si_station_staff']);
    expect(d.events[0]).toMatchObject({ action: 'staff_added', userName: 'si_jf', orgName: '金凤区市场监督管理局' });
    // site staff see their own site only
    expect(json(await staff.get('/api/sites')).items.map((x: Json) => x.id)).toEqual([s.id]);
  });

  it('lets site staff edit their own profile fields, not the bureau\'s', async () => {
    const ok = await staff.patch(`/api/sites/${s.id}`, { hours: '周一至周五 9:00-17:00', contactPhone: '0951-5000002', services: ['consulting'], lng: 106.23, lat: 38.48 });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(json(ok).events[0]).toMatchObject({ action: 'updated', changed: expect.arrayContaining(['hours', 'contactPhone', 'services', 'lng', 'lat']) });
    const no = await staff.patch(`/api/sites/${s.id}`, { name: '自封基地', level: 'city' });
    expect(no.statusCode).toBe(403);
    expect(json(no).error.fields.map((f: Json) => f.field).sort()).toEqual(['level', 'name']);
    expect(json(no).error.fields[0].message).toMatch(/由主管部门维护/);
    expect((await staff.post('/api/sites', { kind: 'point', name: '自建点' })).statusCode).toBe(403);
    expect(json(await staff.get(`/api/sites/${s.id}`)).allowed).toMatchObject({ edit: true, editProfileOnly: true, addStaff: false });
  });

  it('changes status with a reason; 申请验收 and 已认定 come only from the workflow', async () => {
    expect((await jinfeng.post(`/api/sites/${s.id}/status`, { to: 'building' })).statusCode).toBe(400);
    const bad = await jinfeng.post(`/api/sites/${s.id}/status`, { to: 'accredited', reason: '直接认定' });
    expect(bad.statusCode).toBe(409);
    expect(json(bad).error.fields[0].message).toMatch(/只能通过验收申请和市局认定取得/);
    const ok = await jinfeng.post(`/api/sites/${s.id}/status`, { to: 'building', reason: '场地装修开工' });
    expect(ok.statusCode).toBe(200);
    expect(json(ok).events[0]).toMatchObject({ action: 'status_changed', fromStatus: 'planned', toStatus: 'building', comment: '场地装修开工', userName: 'si_jf' });
    expect((await lastOplog()).action).toBe('sites.status');
  });

  it('keeps photos (images only), served to staff and, once accepted, to the public', async () => {
    const png = await staff.upload('挂牌.png', Buffer.from('\x89PNG\r\n\x1a\n fake', 'latin1'), 'image/png');
    const pdf = await evidence(staff);
    const notImage = await staff.post(`/api/sites/${s.id}/photos`, { fileIds: [pdf.id] });
    expect(json(notImage).error.fields[0]).toMatchObject({ field: 'fileIds' });
    const ok = await staff.post(`/api/sites/${s.id}/photos`, { fileIds: [png.id] });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(json(ok).files.filter((f: Json) => f.purpose === 'photo').map((f: Json) => f.name)).toEqual(['挂牌.png']);
    expect((await jinfeng.get(`/api/sites/${s.id}/files/${png.id}`)).statusCode).toBe(200);
    expect((await xingqing.get(`/api/sites/${s.id}/files/${png.id}`)).statusCode).toBe(404);
    // not public before acceptance
    expect((await anon.get(`/api/public/sites/${s.id}/photos/${png.id}`)).statusCode).toBe(404);
  });
});

describe('acceptance: self-evaluation → district review → city approval', () => {
  let s: Json;
  let staff: Client;

  beforeAll(async () => {
    s = await create(jinfeng, { kind: 'station', name: '阅海湾司法鉴定工作站', parkId, hostKind: 'forensic', services: ['consulting', 'evidence'], lng: 106.21, lat: 38.5, status: 'building' });
    staff = await staffOf(s.id, 'si_forensic_staff');
  });

  it('ships the first construction standard of each kind, from the files', async () => {
    const list = json(await jinfeng.get('/api/sites/standards'));
    expect(list.map((x: Json) => x.kind).sort()).toEqual(['base', 'centre', 'point', 'station']);
    const st = list.find((x: Json) => x.kind === 'station');
    expect(st).toMatchObject({ version: 1, source: 'file', totalScore: 100, passScore: 75 });
    expect(st.items.map((i: Json) => i.category)).toEqual(expect.arrayContaining(['场地设施', '人员队伍', '工作制度', '服务内容', '宣传培训', '工作台账']));
    expect(st.basis).toMatch(/银川市建设全国商业秘密保护创新试点实施方案/);
  });

  it('refuses incomplete self-evaluations, naming what is missing', async () => {
    const d = json(await staff.get(`/api/sites/${s.id}`));
    expect(d.allowed.submit).toBe(true);
    const full = await selfEvaluation(staff, d);
    const missing = await staff.post(`/api/sites/${s.id}/acceptance`, { ...full, items: full.items.slice(1) });
    expect(json(missing).error.fields[0]).toMatchObject({ field: 'items', message: expect.stringMatching(/^评分项：缺少自评项：A1/) });
    const over = await staff.post(`/api/sites/${s.id}/acceptance`, { ...full, items: full.items.map((it: Json, i: number) => (i === 0 ? { ...it, score: 99 } : it)) });
    expect(json(over).error.fields[0]).toMatchObject({ field: 'items.0.score', message: '得分：不能超过该项分值 10' });
    const noProof = await staff.post(`/api/sites/${s.id}/acceptance`, { ...full, items: full.items.map((it: Json, i: number) => (i === 0 ? { ...it, fileIds: [] } : it)) });
    expect(json(noProof).error.fields[0].field).toBe('items.0.fileIds');
    const foreign = await jinfeng.upload('别人的.pdf', Buffer.from('%PDF other'));
    const stolen = await staff.post(`/api/sites/${s.id}/acceptance`, { ...full, items: full.items.map((it: Json, i: number) => (i === 0 ? { ...it, fileIds: [foreign.id] } : it)) });
    expect(json(stolen).error.fields[0].field).toBe('fileIds');
    expect(json(await staff.get(`/api/sites/${s.id}`)).status).toBe('building');
  });

  it('goes through the district and the city; a return sends the site back to 建设中 with the reason', async () => {
    const d = json(await staff.get(`/api/sites/${s.id}`));
    const sub = await staff.post(`/api/sites/${s.id}/acceptance`, await selfEvaluation(staff, d, 0.8));
    expect(sub.statusCode, sub.body).toBe(200);
    expect(json(sub)).toMatchObject({ status: 'applying', acceptance: 'district' });
    expect(json(sub).acceptances[0]).toMatchObject({ state: 'district', selfTotal: expect.any(Number), standardVersion: 1, submittedByName: '站点 si_forensic_staff' });
    expect((await staff.post(`/api/sites/${s.id}/acceptance`, await selfEvaluation(staff, d))).statusCode).toBe(409);
    // only the district reviews, and a site cannot review itself; the city cannot approve before the district
    expect((await staff.post(`/api/sites/${s.id}/acceptance/review`, { decision: 'pass', items: fullScores(d) })).statusCode).toBe(403);
    expect((await city.post(`/api/sites/${s.id}/acceptance/approve`, { decision: 'pass' })).statusCode).toBe(409);
    expect((await xingqing.post(`/api/sites/${s.id}/acceptance/review`, { decision: 'pass', items: fullScores(d) })).statusCode).toBe(404);
    // a score below the pass mark cannot pass
    const low = await jinfeng.post(`/api/sites/${s.id}/acceptance/review`, { decision: 'pass', items: d.standard.items.map((it: Json) => ({ code: it.code, score: Math.floor(it.weight / 2) })) });
    expect(low.statusCode).toBe(400);
    expect(json(low).error.fields[0].message).toMatch(/低于合格分 75/);
    expect((await jinfeng.post(`/api/sites/${s.id}/acceptance/review`, { decision: 'return' })).statusCode).toBe(400);
    const ret = await jinfeng.post(`/api/sites/${s.id}/acceptance/review`, { decision: 'return', comment: '制度未上墙公示，请补充照片' });
    expect(ret.statusCode, ret.body).toBe(200);
    expect(json(ret)).toMatchObject({ status: 'building', acceptance: 'returned' });
    expect(json(ret).acceptances[0]).toMatchObject({ state: 'returned', returnReason: '制度未上墙公示，请补充照片' });
    expect((await lastOplog()).action).toBe('sites.return');

    // again: the district passes, the reviewer cannot approve as city (another city officer does)
    const again = await staff.post(`/api/sites/${s.id}/acceptance`, await selfEvaluation(staff, d));
    expect(again.statusCode, again.body).toBe(200);
    const pass = await jinfeng.post(`/api/sites/${s.id}/acceptance/review`, { decision: 'pass', items: fullScores(d), comment: '材料齐全' });
    expect(pass.statusCode, pass.body).toBe(200);
    expect(json(pass).acceptances[0]).toMatchObject({ state: 'city', districtTotal: 100, districtByName: 'si_jf' });
    expect(json(await city.get(`/api/sites/${s.id}`)).allowed.approve).toBe(true);
    expect((await admin.post(`/api/sites/${s.id}/acceptance/approve`, { decision: 'return' })).statusCode).toBe(400);
    const approved = await city.post(`/api/sites/${s.id}/acceptance/approve`, { decision: 'pass', comment: '同意认定' });
    expect(approved.statusCode, approved.body).toBe(200);
    const a = json(approved);
    expect(a).toMatchObject({ status: 'accredited', acceptance: 'approved', cityBureauName: '银川市市场监督管理局' });
    expect(a.plaqueNo).toMatch(new RegExp(`^640100-Z-${THIS_YEAR}-\\d{3}$`));
    expect(a.accreditedAt).toBeTruthy();
    expect(a.acceptances[0]).toMatchObject({ state: 'approved', plaqueNo: a.plaqueNo, cityByName: 'si_city' });
    // the timeline has it all, newest first, with the evidence it brought
    expect(a.events.map((e: Json) => e.action).slice(0, 6)).toEqual(['city_approved', 'district_passed', 'submitted', 'district_returned', 'submitted', 'staff_added']);
    expect(a.events.find((e: Json) => e.action === 'submitted').fileIds.length).toBe(d.standard.items.length);
    expect(a.files.filter((f: Json) => f.purpose === 'evidence').length).toBeGreaterThanOrEqual(d.standard.items.length);
    // the next plaque of the same kind and year follows
    const s2 = await create(jinfeng, { kind: 'station', name: '第二个工作站', status: 'building' });
    const b = await accredit(s2.id, await staffOf(s2.id, 'si_second_staff'));
    expect(Number(b.plaqueNo.slice(-3))).toBe(Number(a.plaqueNo.slice(-3)) + 1);
  });

  it('keeps the approver apart from the reviewer, and the plaque number unique', async () => {
    const s3 = await create(jinfeng, { kind: 'point', name: '第三个服务点', status: 'building' });
    const st = await staffOf(s3.id, 'si_third_staff');
    const d = json(await st.get(`/api/sites/${s3.id}`));
    await st.post(`/api/sites/${s3.id}/acceptance`, await selfEvaluation(st, d));
    await admin.post(`/api/sites/${s3.id}/acceptance/review`, { decision: 'pass', items: fullScores(d) });
    const self = await admin.post(`/api/sites/${s3.id}/acceptance/approve`, { decision: 'pass' });
    expect(self.statusCode).toBe(403);
    const taken = await city2.post(`/api/sites/${s3.id}/acceptance/approve`, { decision: 'pass', plaqueNo: json(await city.get(`/api/sites/${s.id}`)).plaqueNo });
    expect(taken.statusCode).toBe(409);
    expect(json(taken).error.fields[0].field).toBe('plaqueNo');
    const own = await city2.post(`/api/sites/${s3.id}/acceptance/approve`, { decision: 'pass', plaqueNo: '银市商秘点〔2026〕1号' });
    expect(json(own).plaqueNo).toBe('银市商秘点〔2026〕1号');
  });

  it('is public once accepted: the directory lists public fields only, by district, park, service or name', async () => {
    const page = json(await anon.get(`/api/public/sites?q=${encodeURIComponent('司法鉴定')}`));
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({ name: '阅海湾司法鉴定工作站', parkName: '阅海湾科创港', services: ['consulting', 'evidence'], status: 'accredited' });
    expect(Object.keys(page.items[0])).not.toContain('orgId');
    expect(json(await anon.get(`/api/public/sites?service=evidence&parkId=${parkId}`)).items.map((x: Json) => x.name)).toEqual(['阅海湾司法鉴定工作站']);
    expect(json(await anon.get(`/api/public/sites?districtCode=${XINGQING}`)).total).toBe(0);
    // planned and building sites are not there
    const all = json(await anon.get('/api/public/sites?pageSize=200'));
    expect(all.items.every((x: Json) => ['accredited', 'operating'].includes(x.status))).toBe(true);
    expect(all.items.map((x: Json) => x.name)).not.toContain('阅海湾商业秘密保护基地');
    const base = json(await city.get('/api/sites?kind=base')).items[0];
    expect((await anon.get(`/api/public/sites/${base.id}`)).statusCode).toBe(404);
    expect(json(await anon.get('/api/public/sites/map')).map((p: Json) => p.name)).toContain('阅海湾司法鉴定工作站');
    const map = await anon.get('/api/regions/640100/map');
    expect(map.statusCode).toBe(200);
    expect(json(map).features.map((f: Json) => f.id).sort()).toEqual(['640104', '640105', '640106', '640121', '640122', '640181']);
  });

  it('suspension is the district\'s, revoking an accredited site the city\'s', async () => {
    const op = await staff.post(`/api/sites/${s.id}/status`, { to: 'operating', reason: '正式对外服务' });
    expect(op.statusCode, op.body).toBe(200);
    expect((await staff.post(`/api/sites/${s.id}/status`, { to: 'suspended', reason: '自行暂停' })).statusCode).toBe(403);
    expect((await jinfeng.post(`/api/sites/${s.id}/status`, { to: 'revoked', reason: '区县撤销' })).statusCode).toBe(403);
    const sus = await jinfeng.post(`/api/sites/${s.id}/status`, { to: 'suspended', reason: '场地搬迁' });
    expect(sus.statusCode).toBe(200);
    expect(json(await anon.get(`/api/public/sites?q=${encodeURIComponent('司法鉴定')}`)).total).toBe(0);
    expect((await jinfeng.post(`/api/sites/${s.id}/status`, { to: 'operating', reason: '搬迁完成' })).statusCode).toBe(200);
  });
});

describe('targets and the dashboard', () => {
  it('seeds the plan\'s goals: 3/20 by 2025, 5/40 by 2026, 6/60 by 2027, 20 new stations and points a year', async () => {
    const targets = json(await jinfeng.get('/api/sites/targets'));
    const goal = (year: number, kind: string) => targets.find((x: Json) => x.year === year && x.kind === kind && x.districtCode === null);
    expect(goal(2025, 'base')).toMatchObject({ cumulative: 3, newPerYear: 3 });
    expect(goal(2025, 'station_point')).toMatchObject({ cumulative: 20, newPerYear: 20 });
    expect(goal(2026, 'base')).toMatchObject({ cumulative: 5 });
    expect(goal(2026, 'station_point')).toMatchObject({ cumulative: 40, newPerYear: 20 });
    expect(goal(2027, 'base')).toMatchObject({ cumulative: 6 });
    expect(goal(2027, 'station_point')).toMatchObject({ cumulative: 60, newPerYear: 20 });
  });

  it('only the city edits targets and splits them into district quotas', async () => {
    const body = {
      goals: [
        { kind: 'base', cumulative: 5, newPerYear: 2 },
        { kind: 'station_point', cumulative: 40, newPerYear: 20 },
      ],
      quotas: [
        { districtCode: JINFENG, kind: 'station_point', cumulative: 12, newPerYear: 6 },
        { districtCode: XINGQING, kind: 'station_point', cumulative: 10, newPerYear: 5 },
      ],
    };
    expect((await jinfeng.put('/api/sites/targets/2026', body)).statusCode).toBe(403);
    expect((await city.put('/api/sites/targets/2026', body)).statusCode).toBe(403);
    const dup = await admin.put('/api/sites/targets/2026', { ...body, quotas: [body.quotas[0], body.quotas[0]] });
    expect(json(dup).error.fields[0].field).toBe('quotas.1.districtCode');
    const ok = await admin.put('/api/sites/targets/2026', body);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(json(ok).filter((x: Json) => x.year === 2026 && x.districtCode === JINFENG)).toEqual([{ year: 2026, kind: 'station_point', districtCode: JINFENG, cumulative: 12, newPerYear: 6 }]);
    expect((await lastOplog()).action).toBe('sites.targets');
  });

  it('counts a site toward a year when accredited by 31 December (Asia/Shanghai), and not once revoked', async () => {
    // three accredited stations so far (all this year); put them around the turn of 2025/2026 to see the rule
    const accredited = await t.database.db.select().from(sites).where(eq(sites.kind, 'station'));
    const done = accredited.filter((x) => x.accreditedAt).sort((a, b) => a.id - b.id);
    expect(done.length).toBe(2);
    await t.database.db.update(sites).set({ accreditedAt: new Date('2025-12-31T23:59:00+08:00') }).where(eq(sites.id, done[0].id));
    await t.database.db.update(sites).set({ accreditedAt: new Date('2026-01-01T00:00:00+08:00') }).where(eq(sites.id, done[1].id));
    const dash = json(await city.get('/api/sites/dashboard'));
    const year = (y: number) => dash.years.find((x: Json) => x.year === y).items.find((i: Json) => i.kind === 'station_point');
    expect(year(2025)).toMatchObject({ goalCumulative: 20, builtCumulative: 1, builtNew: 1 });
    // the point accredited in the previous test counts this year
    expect(year(2026)).toMatchObject({ goalCumulative: 40, goalNew: 20, builtCumulative: 3, builtNew: 2 });
    expect(year(2027)).toMatchObject({ builtCumulative: 3, builtNew: 0 });
    const jf = dash.byDistrict.find((x: Json) => x.year === 2026 && x.districtCode === JINFENG).items.find((i: Json) => i.kind === 'station_point');
    expect(jf).toMatchObject({ goalCumulative: 12, goalNew: 6, builtCumulative: 3 });
    expect(dash.pipeline.find((p: Json) => p.kind === 'base' && p.status === 'planned').count).toBe(1);
    const points = json(await city.get('/api/sites/map'));
    expect(points.map((p: Json) => p.name)).toEqual(expect.arrayContaining(['阅海湾商业秘密保护基地', '阅海湾司法鉴定工作站']));
    expect(points.every((p: Json) => typeof p.lng === 'number' && typeof p.lat === 'number')).toBe(true);
    // a district officer's dashboard is their district's, with its quota as the goal
    const jfDash = json(await jinfeng.get('/api/sites/dashboard'));
    expect(jfDash.districtCode).toBe(JINFENG);
    expect(jfDash.years.find((x: Json) => x.year === 2026).items.find((i: Json) => i.kind === 'station_point')).toMatchObject({ goalCumulative: 12, builtCumulative: 3 });

    // revoked in 2026: still counted for 2025, no longer for 2026
    // (a city officer holds sites:approve but not sites:update: the city administrator revokes)
    expect((await city.post(`/api/sites/${done[0].id}/status`, { to: 'revoked', reason: '不再符合建设标准' })).statusCode).toBe(403);
    const res = await admin.post(`/api/sites/${done[0].id}/status`, { to: 'revoked', reason: '不再符合建设标准' });
    expect(res.statusCode, res.body).toBe(200);
    const after = json(await city.get('/api/sites/dashboard'));
    const y = (yr: number) => after.years.find((x: Json) => x.year === yr).items.find((i: Json) => i.kind === 'station_point');
    expect(y(2025).builtCumulative).toBe(1);
    expect(y(2026).builtCumulative).toBe(2);
    // the map of a year shows the sites counting toward it: the revoked station still in 2025's, not in 2026's or today's
    expect((await admin.patch(`/api/sites/${done[1].id}`, { lng: 106.25, lat: 38.47 })).statusCode).toBe(200);
    const named = async (q: string) => json(await city.get(`/api/sites/map${q}`)).map((p: Json) => p.id);
    expect(await named('?year=2025')).toContain(done[0].id);
    expect(await named('?year=2025')).not.toContain(done[1].id);
    expect(await named('?year=2026')).toEqual(expect.arrayContaining([done[1].id]));
    expect(await named('?year=2026')).not.toContain(done[0].id);
    expect(await named('')).not.toContain(done[0].id);
    expect((await city.get('/api/sites/map?year=1999')).statusCode).toBe(400);
    // a district officer's map is their district's
    expect(json(await jinfeng.get('/api/sites/map')).map((p: Json) => p.id)).toContain(done[1].id);
    expect(json(await xingqing.get('/api/sites/map')).map((p: Json) => p.id)).not.toContain(done[1].id);
    expect((await admin.patch(`/api/sites/${done[0].id}`, { hours: 'x' })).statusCode).toBe(409);
  });

  it('the applicant withdraws an acceptance under review with a reason; the site is back under construction and may apply again', async () => {
    const w = await create(jinfeng, { kind: 'point', name: '撤回验收服务点', status: 'building' });
    const st = await staffOf(w.id, 'si_withdraw_staff');
    const sub = await st.post(`/api/sites/${w.id}/acceptance`, await selfEvaluation(st, json(await st.get(`/api/sites/${w.id}`))));
    expect(json(sub).allowed).toMatchObject({ withdraw: true, submit: false });
    // only the applicant's side: a district officer does not hold sites:submit, another site's staff does not see it
    expect((await jinfeng.post(`/api/sites/${w.id}/acceptance/withdraw`, { reason: '误报' })).statusCode).toBe(403);
    const other = await staffOf((await create(jinfeng, { kind: 'point', name: '另一个服务点', status: 'building' })).id, 'si_other_staff');
    expect((await other.post(`/api/sites/${w.id}/acceptance/withdraw`, { reason: '误报' })).statusCode).toBe(404);
    // the reason is required and named
    const blank = await st.post(`/api/sites/${w.id}/acceptance/withdraw`, { reason: ' ' });
    expect(blank.statusCode).toBe(400);
    expect(json(blank).error.fields[0]).toMatchObject({ field: 'reason', message: expect.stringMatching(/^原因/) });
    expect(json(await st.get(`/api/sites/${w.id}`)).acceptance).toBe('district');

    const res = await st.post(`/api/sites/${w.id}/acceptance/withdraw`, { reason: '补充消防验收材料后再申请' });
    expect(res.statusCode, res.body).toBe(200);
    const d = json(res);
    expect(d).toMatchObject({ status: 'building', acceptance: 'withdrawn', allowed: { withdraw: false, submit: true } });
    expect(d.acceptances[0]).toMatchObject({ state: 'withdrawn', returnReason: '补充消防验收材料后再申请' });
    expect(d.events[0]).toMatchObject({ action: 'withdrawn', fromStatus: 'applying', toStatus: 'building', comment: '补充消防验收材料后再申请' });
    expect(await lastOplog()).toMatchObject({ action: 'sites.withdraw', targetId: String(w.id) });
    // nothing left to review or to withdraw
    expect((await jinfeng.post(`/api/sites/${w.id}/acceptance/review`, { decision: 'pass', items: fullScores(d) })).statusCode).toBe(409);
    expect((await st.post(`/api/sites/${w.id}/acceptance/withdraw`, { reason: '再次撤回' })).statusCode).toBe(409);
    // a new application opens a new acceptance
    const again = await st.post(`/api/sites/${w.id}/acceptance`, await selfEvaluation(st, d));
    expect(again.statusCode, again.body).toBe(200);
    expect(json(again).acceptances.map((a: Json) => a.state)).toEqual(['district', 'withdrawn']);
    expect((await st.post(`/api/sites/${w.id}/acceptance/withdraw`, { reason: '暂缓申请' })).statusCode).toBe(200);
  });

  it('lists the sites that have waited longest for review', async () => {
    const w = await create(jinfeng, { kind: 'point', name: '等待审核服务点', status: 'building' });
    const st = await staffOf(w.id, 'si_waiting_staff');
    await st.post(`/api/sites/${w.id}/acceptance`, await selfEvaluation(st, json(await st.get(`/api/sites/${w.id}`))));
    const dash = json(await city.get('/api/sites/dashboard'));
    expect(dash.waiting[0]).toMatchObject({ name: '等待审核服务点', acceptance: 'district', days: 0 });
    expect(json(await city.get('/api/sites?acceptance=district')).items.map((x: Json) => x.name)).toEqual(['等待审核服务点']);
  });
});

describe('construction standard versions', () => {
  it('a city administrator publishes a new version; acceptances keep the version they were made against', async () => {
    const current = json(await admin.get('/api/sites/standards?kind=point'))[0];
    const items = current.items.map((it: Json) => ({ code: it.code, category: it.category, title: it.title, weight: it.weight, evidence: it.evidence, required: it.required }));
    expect((await jinfeng.post('/api/sites/standards', { kind: 'point', title: 'x', passScore: 70, items })).statusCode).toBe(403);
    const dup = await admin.post('/api/sites/standards', { kind: 'point', title: '第2版', passScore: 70, items: [...items, items[0]] });
    expect(json(dup).error.fields[0]).toMatchObject({ field: `items.${items.length}.code` });
    const high = await admin.post('/api/sites/standards', { kind: 'point', title: '第2版', passScore: 101, items });
    expect(json(high).error.fields[0]).toMatchObject({ field: 'passScore', message: '合格分：不能超过各项分值之和（100）' });
    const ok = await admin.post('/api/sites/standards', { kind: 'point', title: '商业秘密保护服务点建设标准（第2版）', passScore: 75, items });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(json(ok)).toMatchObject({ version: current.version + 1, source: 'edit', passScore: 75 });
    expect(json(await jinfeng.get('/api/sites/standards?kind=point'))[0].version).toBe(current.version + 1);
    expect(json(await jinfeng.get('/api/sites/standards?kind=point&all=true')).map((x: Json) => x.version)).toEqual([current.version + 1, current.version]);
    const waiting = json(await city.get('/api/sites?acceptance=district')).items[0];
    expect(json(await city.get(`/api/sites/${waiting.id}`)).acceptances[0].standardVersion).toBe(current.version);
  });
});
