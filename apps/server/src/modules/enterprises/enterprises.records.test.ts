/** The registry's records: update, merge, tenancy and sites, enterprise accounts (shared setup: enterprises.fixture.ts) */
import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { enterprises, orgs, users } from '../../db/schema/index.js';
import { json, readXlsx, type Client, type Json } from '../../../test/harness.js';
import { t, admin, cityStaff, jinfengStaff, xingqingStaff, siteStaff, roleIds, org, STRONG, JINFENG, XINGQING, XIXIA, creditCode, withWrongCheck, enterpriseCount, lastOplog, create } from './enterprises.fixture.js';

describe('update', () => {
  let e: Json;
  beforeAll(async () => {
    e = await create(jinfengStaff, { creditCode: creditCode(JINFENG), name: '金凤修改测试有限公司', kinds: ['innovative'] });
  });

  it('changes only the fields sent, keeps the organisation in step and refreshes search', async () => {
    const res = await jinfengStaff.patch(`/api/enterprises/${e.id}`, { name: '金凤改名测试有限公司', products: '光伏逆变器', size: 'medium' });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({ name: '金凤改名测试有限公司', products: '光伏逆变器', size: 'medium', kinds: ['innovative'], districtCode: JINFENG });
    expect(json(await admin.get(`/api/orgs/${e.orgId}`)).name).toBe('金凤改名测试有限公司');
    expect(json(await jinfengStaff.get(`/api/enterprises?q=${encodeURIComponent('逆变器')}`)).items.map((x: Json) => x.id)).toEqual([e.id]);
    expect(json(await jinfengStaff.get(`/api/enterprises?q=${encodeURIComponent('修改测试')}`)).total).toBe(0);
    const log = await lastOplog();
    expect(log).toMatchObject({ action: 'enterprises.update', targetId: String(e.id) });
    expect((log.before as Json).name).toBe('金凤修改测试有限公司');
    expect((log.after as Json).name).toBe('金凤改名测试有限公司');
    // the credit code is checked like on create
    const bad = await jinfengStaff.patch(`/api/enterprises/${e.id}`, { creditCode: withWrongCheck(e.creditCode) });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).error.fields[0].field).toBe('creditCode');
    expect((await jinfengStaff.patch(`/api/enterprises/${e.id}`, { status: 'merged' })).statusCode).toBe(400);
  });

  it('moving the district moves the organisation under the new bureau, with its users', async () => {
    const userId = await t.createUser({ username: 'ent_move_user', orgId: e.orgId, roles: ['enterprise_member'] });
    // a district officer cannot push it out of their own district
    const out = await jinfengStaff.patch(`/api/enterprises/${e.id}`, { districtCode: XIXIA });
    expect(out.statusCode).toBe(403);
    expect(json(out).error.fields[0].field).toBe('districtCode');
    expect(json(await jinfengStaff.get(`/api/enterprises/${e.id}`)).districtCode).toBe(JINFENG);

    const res = await cityStaff.patch(`/api/enterprises/${e.id}`, { districtCode: XIXIA });
    expect(res.statusCode).toBe(200);
    expect(json(res).districtCode).toBe(XIXIA);
    const node = json(await admin.get(`/api/orgs/${e.orgId}`));
    expect(node).toMatchObject({ parentId: org.xixia, districtCode: XIXIA });
    const [u] = await t.database.db.select().from(users).where(eq(users.id, userId));
    expect(u.orgPath).toBe(node.path);
    const [row] = await t.database.db.select().from(enterprises).where(eq(enterprises.id, e.id));
    expect(row.orgPath).toBe(node.path);
    expect((await jinfengStaff.get(`/api/enterprises/${e.id}`)).statusCode).toBe(404);
    expect(json(await cityStaff.get(`/api/enterprises?districtCode=${XIXIA}`)).items.map((x: Json) => x.id)).toContain(e.id);
    // and back, by the organisation API this time: the record follows its organisation
    expect((await admin.patch(`/api/orgs/${e.orgId}`, { parentId: org.jinfeng })).statusCode).toBe(200);
    const back = json(await jinfengStaff.get(`/api/enterprises/${e.id}`));
    expect(back.districtCode).toBe(JINFENG);
    // but its name, code and contacts are the registry's: the organisation API refuses them, naming the field
    const rename = await admin.patch(`/api/orgs/${e.orgId}`, { name: '绕过企业名录改名' });
    expect(rename.statusCode).toBe(409);
    expect(json(rename).error.fields[0]).toMatchObject({ field: 'name', message: expect.stringContaining('由企业名录维护') });
    expect(json(await jinfengStaff.get(`/api/enterprises/${e.id}`)).name).toBe(back.name);
  });
});

describe('merge', () => {
  it('folds a duplicate into the survivor: status, pointer, users, audit; merged records leave the default list', async () => {
    const keep = await create(jinfengStaff, { creditCode: creditCode(JINFENG), name: '合并保留有限公司' });
    const dup = await create(jinfengStaff, { creditCode: creditCode(JINFENG), name: '合并保留有限责任公司' });
    const older = await create(jinfengStaff, { creditCode: creditCode(JINFENG), name: '更早的重复记录' });
    expect((await jinfengStaff.post(`/api/enterprises/${older.id}/merge`, { intoId: dup.id })).statusCode).toBe(200);
    const member = await t.createUser({ username: 'ent_dup_member', orgId: dup.orgId, roles: ['enterprise_member'] });

    expect((await jinfengStaff.post(`/api/enterprises/${dup.id}/merge`, { intoId: dup.id })).statusCode).toBe(400);
    const res = await jinfengStaff.post(`/api/enterprises/${dup.id}/merge`, { intoId: keep.id });
    expect(res.statusCode).toBe(200);
    expect(json(res).id).toBe(keep.id);
    const merged = json(await jinfengStaff.get(`/api/enterprises/${dup.id}`));
    expect(merged).toMatchObject({ status: 'merged', mergedIntoId: keep.id });
    expect(json(await jinfengStaff.get(`/api/enterprises/${older.id}`)).mergedIntoId).toBe(keep.id);
    const [u] = await t.database.db.select().from(users).where(eq(users.id, member));
    expect(u.orgId).toBe(keep.orgId);
    const [node] = await t.database.db.select().from(orgs).where(eq(orgs.id, dup.orgId));
    expect(node.status).toBe('disabled');

    const log = await lastOplog();
    expect(log).toMatchObject({ action: 'enterprises.merge', targetType: 'enterprise', targetId: String(dup.id) });
    expect((log.before as Json).source.name).toBe('合并保留有限责任公司');
    expect((log.after as Json).target).toMatchObject({ id: keep.id, name: '合并保留有限公司' });
    expect((log.after as Json).movedUserIds).toEqual([member]);

    const list = json(await jinfengStaff.get('/api/enterprises?pageSize=200'));
    expect(list.items.map((e: Json) => e.id)).not.toContain(dup.id);
    expect(json(await jinfengStaff.get('/api/enterprises?status=merged&pageSize=200')).items.map((e: Json) => e.id)).toContain(dup.id);

    expect((await jinfengStaff.post(`/api/enterprises/${dup.id}/merge`, { intoId: keep.id })).statusCode).toBe(409);
    expect((await jinfengStaff.patch(`/api/enterprises/${dup.id}`, { contactName: 'x' })).statusCode).toBe(409);
    const into = await jinfengStaff.post(`/api/enterprises/${keep.id}/merge`, { intoId: dup.id });
    expect(into.statusCode).toBe(409);
    expect(json(into).error.fields[0].field).toBe('intoId');
  });

  it('both records must be in scope', async () => {
    const mine = await create(jinfengStaff, { creditCode: creditCode(JINFENG), name: '金凤合并测试' });
    const theirs = await create(xingqingStaff, { creditCode: creditCode(XINGQING), name: '兴庆合并测试' });
    const res = await jinfengStaff.post(`/api/enterprises/${mine.id}/merge`, { intoId: theirs.id });
    expect(res.statusCode).toBe(400);
    expect(json(res).error.fields[0].field).toBe('intoId');
    expect((await jinfengStaff.post(`/api/enterprises/${theirs.id}/merge`, { intoId: mine.id })).statusCode).toBe(404);
    expect(json(await xingqingStaff.get(`/api/enterprises/${theirs.id}`)).status).toBe('active');
  });
});

describe('tenancy and sites', () => {
  let a: Json;
  let b: Json;
  let aAdmin: Client;
  let aMember: Client;

  beforeAll(async () => {
    a = await create(jinfengStaff, { creditCode: creditCode(JINFENG), name: '租户甲有限公司', contactName: '甲' });
    b = await create(jinfengStaff, { creditCode: creditCode(JINFENG), name: '租户乙有限公司', contactName: '乙' });
    await t.createUser({ username: 'tenant_a_admin', orgId: a.orgId, roles: ['enterprise_admin'] });
    await t.createUser({ username: 'tenant_a_member', orgId: a.orgId, roles: ['enterprise_member'] });
    aAdmin = await t.loginAs('tenant_a_admin');
    aMember = await t.loginAs('tenant_a_member');
  });

  it('enterprise A\'s users read nothing of enterprise B', async () => {
    for (const c of [aAdmin, aMember]) {
      expect((await c.get(`/api/enterprises/${b.id}`)).statusCode).toBe(404);
      const list = json(await c.get('/api/enterprises?pageSize=200'));
      expect(list.items.map((e: Json) => e.id)).toEqual([a.id]);
      expect(json(await c.get(`/api/enterprises?q=${encodeURIComponent('租户乙')}`)).total).toBe(0);
      const rows = await readXlsx(await c.get('/api/enterprises/export'));
      expect(rows.slice(1).map((r) => r[1])).toEqual(['租户甲有限公司']);
      expect(json(await c.get('/api/enterprises/stats')).total).toBe(1);
      expect((await c.get(`/api/enterprises/${a.id}`)).statusCode).toBe(200);
    }
    expect((await aAdmin.patch(`/api/enterprises/${b.id}`, { contactName: '越界' })).statusCode).toBe(404);
    expect((await aMember.patch(`/api/enterprises/${a.id}`, { contactName: '成员' })).statusCode).toBe(403);
    expect(json(await jinfengStaff.get(`/api/enterprises/${b.id}`)).contactName).toBe('乙');
  });

  it('an enterprise administrator edits the profile, not the registry fields', async () => {
    const ok = await aAdmin.patch(`/api/enterprises/${a.id}`, { contactName: '甲二', contactPhone: '13900000002', products: '芯片封装', industryCode: '39' });
    expect(ok.statusCode).toBe(200);
    expect(json(ok)).toMatchObject({ contactName: '甲二', products: '芯片封装', industrySection: 'C' });
    for (const patch of [{ name: '改名' }, { creditCode: creditCode(JINFENG) }, { districtCode: XIXIA }, { status: 'closed' }, { kinds: ['innovative'] }, { siteOrgId: org.site }]) {
      const res = await aAdmin.patch(`/api/enterprises/${a.id}`, { contactName: '不应保存', ...patch });
      expect(res.statusCode, JSON.stringify(patch)).toBe(403);
      expect(json(res).error.fields.map((f: Json) => f.field)).toEqual(Object.keys(patch));
    }
    expect(json(await aAdmin.get(`/api/enterprises/${a.id}`))).toMatchObject({ name: '租户甲有限公司', contactName: '甲二', status: 'active', districtCode: JINFENG });
    // nor create, merge or confirm
    expect((await aAdmin.post('/api/enterprises', { creditCode: creditCode(JINFENG), name: '企业建企业' })).statusCode).toBe(403);
    expect((await aAdmin.post(`/api/enterprises/${a.id}/merge`, { intoId: b.id })).statusCode).toBe(403);
  });

  it('a site sees the enterprises it serves, wherever they are; a 金凤区 officer then sees those its site serves', async () => {
    const xq = await create(xingqingStaff, { creditCode: creditCode(XINGQING), name: '兴庆站点服务企业' });
    expect(json(await siteStaff.get('/api/enterprises')).total).toBe(0);
    expect((await siteStaff.get(`/api/enterprises/${xq.id}`)).statusCode).toBe(404);
    // the 兴庆区 officer cannot assign a 金凤区 site; the city can
    const refused = await xingqingStaff.patch(`/api/enterprises/${xq.id}`, { siteOrgId: org.site });
    expect(refused.statusCode).toBe(400);
    expect(json(refused).error.fields[0].field).toBe('siteOrgId');
    const assigned = await cityStaff.patch(`/api/enterprises/${xq.id}`, { siteOrgId: org.site });
    expect(assigned.statusCode).toBe(200);
    expect(json(assigned)).toMatchObject({ siteOrgId: org.site, siteOrgName: '金凤区商业秘密保护工作站' });
    const list = json(await siteStaff.get('/api/enterprises'));
    expect(list.items.map((e: Json) => e.id)).toEqual([xq.id]);
    expect((await siteStaff.get(`/api/enterprises/${xq.id}`)).statusCode).toBe(200);
    expect((await siteStaff.get(`/api/enterprises/${a.id}`)).statusCode).toBe(404);
    expect(json(await siteStaff.get(`/api/enterprises?siteOrgId=${org.site}`)).total).toBe(1);
    expect((await jinfengStaff.get(`/api/enterprises/${xq.id}`)).statusCode).toBe(200);
    // site staff read and confirm; they do not edit
    expect((await siteStaff.patch(`/api/enterprises/${xq.id}`, { contactName: 'x' })).statusCode).toBe(403);
  });
});

describe('enterprise accounts', () => {
  const registration = (over: Record<string, unknown> = {}) => ({
    creditCode: creditCode(JINFENG),
    name: '自助注册测试有限公司',
    contactName: '王五',
    contactPhone: '13700000003',
    password: STRONG,
    ...over,
  });

  it('self-registration: pending, cannot sign in, confirmed by 金凤区 staff, then can', async () => {
    const anon = t.client();
    const body = registration({ name: '自助注册确认有限公司' });
    const res = await anon.post('/api/enterprises/register', body);
    expect(res.statusCode, res.body).toBe(200);
    const reg = json(res);
    // the administrator's user name is the credit code
    expect(reg).toEqual({ id: expect.any(Number), name: '自助注册确认有限公司', status: 'pending', username: body.creditCode });
    expect((await lastOplog()).action).toBe('enterprises.register');

    const login = await t.client().login(body.creditCode, STRONG);
    expect(login.statusCode).toBe(403);
    expect(json(login).error).toMatchObject({ code: 'ACCOUNT_DISABLED', message: expect.stringContaining('企业注册尚待'), details: { reason: 'registration_pending' } });
    // a wrong password learns nothing about the registration
    const wrong = await t.client().login(body.creditCode, 'Wrong#Pass2026');
    expect(json(wrong).error.code).toBe('INVALID_CREDENTIALS');

    const pending = json(await jinfengStaff.get('/api/enterprises?status=pending&pageSize=200'));
    const mine = pending.items.find((e: Json) => e.id === reg.id);
    expect(mine).toMatchObject({ source: 'self', districtCode: JINFENG, contactName: '王五', creditCode: body.creditCode });
    expect(json(await xingqingStaff.get('/api/enterprises?status=pending&pageSize=200')).items.map((e: Json) => e.id)).not.toContain(reg.id);
    expect((await xingqingStaff.post(`/api/enterprises/${reg.id}/confirm`)).statusCode).toBe(404);
    // a pending registration is confirmed or rejected, not activated by an edit
    expect((await jinfengStaff.patch(`/api/enterprises/${reg.id}`, { status: 'active' })).statusCode).toBe(409);

    const ok = await jinfengStaff.post(`/api/enterprises/${reg.id}/confirm`);
    expect(ok.statusCode).toBe(200);
    expect(json(ok).status).toBe('active');
    expect((await jinfengStaff.post(`/api/enterprises/${reg.id}/confirm`)).statusCode).toBe(409);

    const c = t.client();
    const signedIn = await c.login(body.creditCode, STRONG);
    expect(signedIn.statusCode).toBe(200);
    expect(json(signedIn).user).toMatchObject({ mustChangePassword: false, orgKind: 'enterprise', roles: [{ code: 'enterprise_admin' }] });
    const own = json(await c.get('/api/enterprises'));
    expect(own.items.map((e: Json) => e.id)).toEqual([reg.id]);
  });

  it('refuses bad registrations and creates nothing', async () => {
    const anon = t.client();
    const before = await enterpriseCount();
    const noContact = await anon.post('/api/enterprises/register', registration({ contactPhone: undefined }));
    expect(noContact.statusCode).toBe(400);
    expect(json(noContact).error.fields.map((f: Json) => f.field)).toEqual(['contactPhone', 'contactEmail']);
    const weak = await anon.post('/api/enterprises/register', registration({ password: 'weakpass' }));
    expect(weak.statusCode).toBe(400);
    expect(json(weak).error.code).toBe('WEAK_PASSWORD');
    const badCode = await anon.post('/api/enterprises/register', registration({ creditCode: withWrongCheck(creditCode(JINFENG)) }));
    expect(json(badCode).error.fields[0].field).toBe('creditCode');
    expect(await enterpriseCount()).toBe(before);
  });

  it('a taken credit code is a plain 409 to the public: no pointer to the record', async () => {
    const existing = await create(jinfengStaff, { creditCode: creditCode(JINFENG), name: '已登记企业' });
    const res = await t.client().post('/api/enterprises/register', registration({ creditCode: existing.creditCode, contactPhone: null, contactEmail: 'a@b.cn' }));
    expect(res.statusCode).toBe(409);
    const err = json(res).error;
    expect(err.fields[0].field).toBe('creditCode');
    expect(Object.keys(err).sort()).toEqual(['code', 'fields', 'message', 'requestId']);
    expect(err.fields).toEqual([{ field: 'creditCode', message: '统一社会信用代码：已登记，如需开通账号请联系所在区县市场监督管理局' }]);
    expect(res.body).not.toContain('已登记企业');
  });

  it('rejection removes the registration and frees the credit code and the user name', async () => {
    const body = registration({ name: '冒名注册有限公司' });
    const reg = json(await t.client().post('/api/enterprises/register', body));
    expect((await jinfengStaff.post(`/api/enterprises/${reg.id}/reject`, {})).statusCode).toBe(400);
    const res = await jinfengStaff.post(`/api/enterprises/${reg.id}/reject`, { reason: '营业执照信息不符' });
    expect(res.statusCode).toBe(200);
    expect((await jinfengStaff.get(`/api/enterprises/${reg.id}`)).statusCode).toBe(404);
    expect((await t.client().login(body.creditCode, STRONG)).statusCode).toBe(401);
    const log = await lastOplog();
    expect(log).toMatchObject({ action: 'enterprises.reject', targetId: String(reg.id) });
    expect(log.after).toEqual({ rejected: true, reason: '营业执照信息不符' });
    expect((log.before as Json).name).toBe('冒名注册有限公司');
    const again = await t.client().post('/api/enterprises/register', { ...body, name: '真实企业有限公司' });
    expect(again.statusCode).toBe(200);
    // only pending registrations are rejected
    const active = await create(jinfengStaff, { creditCode: creditCode(JINFENG), name: '正常企业不可驳回' });
    expect((await jinfengStaff.post(`/api/enterprises/${active.id}/reject`, { reason: 'x' })).statusCode).toBe(409);
  });

  it('the serving site confirms a registration assigned to it', async () => {
    const reg = json(await t.client().post('/api/enterprises/register', registration({ name: '站点确认有限公司' })));
    expect((await siteStaff.post(`/api/enterprises/${reg.id}/confirm`)).statusCode).toBe(404);
    expect((await jinfengStaff.patch(`/api/enterprises/${reg.id}`, { siteOrgId: org.site })).statusCode).toBe(200);
    const ok = await siteStaff.post(`/api/enterprises/${reg.id}/confirm`);
    expect(ok.statusCode).toBe(200);
    expect(json(ok).status).toBe('active');
  });

  it('staff invite an administrator, who invites members and cannot grant staff roles', async () => {
    const e = await create(jinfengStaff, { creditCode: creditCode(JINFENG), name: '邀请测试有限公司' });
    const other = await create(jinfengStaff, { creditCode: creditCode(JINFENG), name: '邀请测试另一家' });
    const invite = await jinfengStaff.post(`/api/enterprises/${e.id}/invite`, { username: 'invited_admin', displayName: '赵六', password: STRONG, phone: '13600000004' });
    expect(invite.statusCode, invite.body).toBe(200);
    expect(json(invite)).toMatchObject({ username: 'invited_admin', orgId: e.orgId, status: 'active', mustChangePassword: true });
    expect((await lastOplog()).action).toBe('enterprises.invite');
    expect((await xingqingStaff.post(`/api/enterprises/${e.id}/invite`, { username: 'invited_x', displayName: 'x', password: STRONG })).statusCode).toBe(404);
    const weak = await jinfengStaff.post(`/api/enterprises/${e.id}/invite`, { username: 'invited_weak', displayName: 'x', password: 'short' });
    expect(json(weak).error.code).toBe('WEAK_PASSWORD');

    const c = t.client();
    expect((await c.login('invited_admin', STRONG)).statusCode).toBe(200);
    expect(json(await c.get('/api/enterprises')).error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await c.post('/api/auth/password', { currentPassword: STRONG, newPassword: 'Another#Pass2026' })).statusCode).toBe(200);
    expect(json(await c.get('/api/enterprises')).items.map((x: Json) => x.id)).toEqual([e.id]);

    const member = { displayName: '成员', orgId: e.orgId, password: 'Member#Pass2026' };
    const m = await c.post('/api/users', { ...member, username: 'invited_member', roleIds: [roleIds.enterprise_member] });
    expect(m.statusCode, m.body).toBe(200);
    expect(json(m).roles.map((r: Json) => r.code)).toEqual(['enterprise_member']);
    expect((await c.post('/api/users', { ...member, username: 'invited_admin2', roleIds: [roleIds.enterprise_admin] })).statusCode).toBe(200);
    for (const role of ['district_staff', 'site_staff', 'city_admin']) {
      const res = await c.post('/api/users', { ...member, username: `invited_${role}`, roleIds: [roleIds[role]] });
      expect(res.statusCode, role).toBe(403);
      expect(json(res).error.code).toBe('FORBIDDEN');
    }
    const elsewhere = await c.post('/api/users', { ...member, orgId: other.orgId, username: 'invited_elsewhere', roleIds: [roleIds.enterprise_member] });
    expect(elsewhere.statusCode).toBe(400);
    expect(json(elsewhere).error.fields[0].field).toBe('orgId');
    expect((await c.patch(`/api/users/${json(m).id}`, { roleIds: [roleIds.district_staff] })).statusCode).toBe(403);

    const mc = t.client();
    await mc.login('invited_member', 'Member#Pass2026');
    await mc.post('/api/auth/password', { currentPassword: 'Member#Pass2026', newPassword: 'Member#Pass2027' });
    expect(json(await mc.get(`/api/enterprises/${e.id}`)).name).toBe('邀请测试有限公司');
    expect((await mc.get(`/api/enterprises/${other.id}`)).statusCode).toBe(404);

    // no accounts for a pending registration until it is confirmed
    const reg = json(await t.client().post('/api/enterprises/register', registration({ name: '待确认不可邀请' })));
    expect((await jinfengStaff.post(`/api/enterprises/${reg.id}/invite`, { username: 'invited_pending', displayName: 'x', password: STRONG })).statusCode).toBe(409);
  });
});
