/**
 * Visits and the needs tracker over the API, on PGlite and PostgreSQL: a district plans and records a visit with a need
 * → the need is assigned to a station with a due date → the station replies → the enterprise confirms (or reopens, and
 * the bureau closes); scope (a district sees its own visits and needs, an enterprise only its own); every transition,
 * refused ones changing nothing; bad input naming the field; due dates, overdue counts and the engine's reminders.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeDue, shanghaiDate, WorkCalendar } from '@shangmi/shared';
import { remindWorkflowLimits } from '../../platform/workflow/index.js';
import { createTestApp, type Client, type Json, type TestApp } from '../../../test/harness.js';
import { creditCode } from '../../../test/protection.js';

let t: TestApp;
let admin: Client;
const c: Record<string, Client> = {};
const org: Record<string, number> = {};
const ent: Record<string, Json> = {};
const day = (offset: number) => shanghaiDate(new Date(Date.now() + offset * 86_400_000));
const count = async (table: string) => Number((await t.database.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0].n);
const ok = async (res: { statusCode: number; body: string }) => {
  if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`);
  return JSON.parse(res.body) as Json;
};
const refusal = (res: { statusCode: number; body: string }) => ({ status: res.statusCode, ...JSON.parse(res.body).error });
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const inbox = async (client: Client) => (await ok(await client.get('/api/inbox'))).items as Json[];

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  org.city = await t.orgId('银川市市场监督管理局');
  org.jinfeng = await t.orgId('金凤区市场监督管理局');
  org.xingqing = await t.orgId('兴庆区市场监督管理局');
  org.station = (await ok(await admin.post('/api/orgs', { parentId: org.jinfeng, name: '金凤区倾听测试工作站', kind: 'site' }))).id;
  org.xqStation = (await ok(await admin.post('/api/orgs', { parentId: org.xingqing, name: '兴庆区倾听测试工作站', kind: 'site' }))).id;
  ent.a = await ok(await admin.post('/api/enterprises', { creditCode: creditCode('LT0A'), name: '宁夏倾听甲科技有限公司', districtCode: '640106' }));
  ent.b = await ok(await admin.post('/api/enterprises', { creditCode: creditCode('LT0B'), name: '宁夏倾听乙科技有限公司', districtCode: '640106' }));
  ent.x = await ok(await admin.post('/api/enterprises', { creditCode: creditCode('LT0X'), name: '宁夏倾听兴庆科技有限公司', districtCode: '640104' }));
  await t.createUser({ username: 'ls_city', orgId: org.city, roles: ['city_staff'] });
  await t.createUser({ username: 'ls_jf', orgId: org.jinfeng, roles: ['district_staff'] });
  await t.createUser({ username: 'ls_xq', orgId: org.xingqing, roles: ['district_staff'] });
  await t.createUser({ username: 'ls_site', orgId: org.station, roles: ['site_staff'] });
  await t.createUser({ username: 'ls_ent_a', orgId: ent.a.orgId, roles: ['enterprise_admin'] });
  await t.createUser({ username: 'ls_ent_b', orgId: ent.b.orgId, roles: ['enterprise_admin'] });
  for (const u of ['city', 'jf', 'xq', 'site', 'ent_a', 'ent_b']) c[u] = await t.loginAs(`ls_${u}`);
});
afterAll(async () => t?.close());

const visitBody = (extra: Record<string, unknown> = {}) => ({ kind: 'visit', enterpriseIds: [ent.a.id], plannedOn: day(3), staff: ['马科长', '李干事'], purpose: '了解企业商业秘密保护需求', ...extra });

describe('visits, forums and interviews', () => {
  let visitId: number;

  it('a district plans a visit; bad input names the field and creates nothing', async () => {
    const before = await count('listening_meetings');
    const two = refusal(await c.jf.post('/api/listening/meetings', visitBody({ enterpriseIds: [ent.a.id, ent.b.id] })));
    expect(two).toMatchObject({ status: 400, fields: [{ field: 'enterpriseIds' }] });
    const foreign = refusal(await c.jf.post('/api/listening/meetings', visitBody({ enterpriseIds: [ent.x.id] })));
    expect(foreign).toMatchObject({ status: 400, fields: [{ field: 'enterpriseIds' }] });
    const noStaff = refusal(await c.jf.post('/api/listening/meetings', visitBody({ staff: [] })));
    expect(noStaff.fields[0].field).toBe('staff');
    expect(await count('listening_meetings')).toBe(before);
    const v = await ok(await c.jf.post('/api/listening/meetings', visitBody()));
    visitId = v.id;
    expect(v).toMatchObject({ kind: 'visit', status: 'planned', orgName: '金凤区市场监督管理局', districtCode: '640106', enterprises: [{ id: ent.a.id, name: '宁夏倾听甲科技有限公司' }] });
    expect(v.quarter).toMatch(/^\d{4}Q[1-4]$/);
    // a district's visit plan for a quarter: the list by quarter and district
    const plan = (await ok(await c.jf.get(`/api/listening/meetings?quarter=${v.quarter}&districtCode=640106&kind=visit`))).items.map((x: Json) => x.id);
    expect(plan).toContain(v.id);
    const [y, qn] = v.quarter.split('Q');
    const other = Number(qn) === 4 ? `${Number(y) + 1}Q1` : `${y}Q${Number(qn) + 1}`;
    expect((await ok(await c.jf.get(`/api/listening/meetings?quarter=${other}`))).items.map((x: Json) => x.id)).not.toContain(v.id);
  });

  it('scope: the district and the enterprise visited see it; another district and another enterprise do not', async () => {
    expect((await c.xq.get(`/api/listening/meetings/${visitId}`)).statusCode).toBe(404);
    expect((await ok(await c.xq.get('/api/listening/meetings'))).items.map((m: Json) => m.id)).not.toContain(visitId);
    expect((await ok(await c.city.get(`/api/listening/meetings?enterpriseId=${ent.a.id}`))).items.map((m: Json) => m.id)).toContain(visitId);
    // the enterprise's visit history
    expect((await ok(await c.ent_a.get('/api/listening/meetings'))).items.map((m: Json) => m.id)).toEqual([visitId]);
    expect((await c.ent_b.get(`/api/listening/meetings/${visitId}`)).statusCode).toBe(404);
    // an enterprise cannot plan or record
    expect((await c.ent_a.post('/api/listening/meetings', visitBody())).statusCode).toBe(403);
  });

  it('recording: a need for an enterprise not met is refused naming it, nothing changes', async () => {
    const res = refusal(await c.jf.post(`/api/listening/meetings/${visitId}/record`, { heldOn: day(0), notes: '座谈记录', needs: [{ title: '希望开展员工保密培训', enterpriseId: ent.b.id }] }));
    expect(res).toMatchObject({ status: 400, fields: [{ field: 'needs.0.enterpriseId' }] });
    expect((await ok(await c.jf.get(`/api/listening/meetings/${visitId}`))).status).toBe('planned');
    expect(await count('listening_needs')).toBe(0);
  });

  it('a photo that is not a picture (by its content) is refused naming the field; nothing is recorded', async () => {
    const fake = await c.jf.upload('现场.png', Buffer.from('%PDF-1.4 not an image'), 'image/png');
    const res = refusal(await c.jf.post(`/api/listening/meetings/${visitId}/record`, { heldOn: day(0), notes: '记录', photoFileIds: [fake.id] }));
    expect(res).toMatchObject({ status: 400, fields: [{ field: 'photoFileIds' }] });
    const theirs = await c.xq.upload('别人的.png', PNG, 'image/png');
    expect(refusal(await c.jf.post(`/api/listening/meetings/${visitId}/record`, { heldOn: day(0), notes: '记录', photoFileIds: [theirs.id] })).fields[0].field).toBe('photoFileIds');
    expect((await ok(await c.jf.get(`/api/listening/meetings/${visitId}`))).status).toBe('planned');
  });

  it('recording on site: notes, people met, the situation, photos and the needs found (each a tracker item)', async () => {
    const photo = await c.jf.upload('现场照片.png', PNG, 'image/png');
    const m = await ok(
      await c.jf.post(`/api/listening/meetings/${visitId}/record`, {
        heldOn: day(0),
        notes: '企业研发部门较多，尚未建立涉密人员台账。',
        peopleMet: [{ name: '王总', title: '总经理', enterpriseId: ent.a.id }],
        situation: '已签订保密协议，缺少分级管理',
        photoFileIds: [photo.id],
        needs: [
          { title: '希望开展员工保密培训', category: 'training' },
          { title: '建议简化维权证据提交流程', kind: 'opinion', category: 'rights' },
        ],
      }),
    );
    expect(m).toMatchObject({ status: 'recorded', heldOn: day(0), peopleMet: [{ name: '王总' }] });
    expect(m.needIds).toHaveLength(2);
    // the photo is served to those who see the visit (the enterprise visited too), not to another district
    expect(m.photoFileIds).toEqual([photo.id]);
    const served = await c.ent_a.get(`/api/listening/meetings/${visitId}/photos/${photo.id}`);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect((await c.xq.get(`/api/listening/meetings/${visitId}/photos/${photo.id}`)).statusCode).toBe(404);
    const n = await ok(await c.jf.get(`/api/listening/needs/${m.needIds[0]}`));
    expect(n).toMatchObject({ state: 'open', source: 'visit', sourceId: visitId, enterpriseId: ent.a.id, category: 'training', assigneeOrgId: null });
    expect(n.allowed).toContain('assign');
    // recorded once: a second record is refused
    expect(refusal(await c.jf.post(`/api/listening/meetings/${visitId}/record`, { heldOn: day(0), notes: 'x' })).status).toBe(409);
  });

  it('a forum has several enterprises; an interview one', async () => {
    const f = await ok(await c.jf.post('/api/listening/meetings', { kind: 'forum', enterpriseIds: [ent.a.id, ent.b.id], plannedOn: day(10), staff: ['马科长'], purpose: '季度座谈', agenda: '一、政策解读；二、企业发言' }));
    expect(f.enterprises).toHaveLength(2);
    expect((await ok(await c.ent_b.get('/api/listening/meetings'))).items.map((m: Json) => m.id)).toEqual([f.id]);
    const cancelled = await ok(await c.jf.post(`/api/listening/meetings/${f.id}/cancel`));
    expect(cancelled.status).toBe('cancelled');
    const i = await ok(await c.jf.post('/api/listening/meetings', { kind: 'interview', enterpriseIds: [ent.b.id], plannedOn: day(5), staff: ['李干事'], purpose: '一对一访谈' }));
    expect((await ok(await c.jf.get(`/api/listening/meetings?kind=interview`))).items.map((m: Json) => m.id)).toEqual([i.id]);
  });
});

describe('a need: assigned to a station → replied → confirmed by the enterprise', () => {
  let needId: number;

  it('the district records a need; another district, another enterprise and the station before assignment do not see it', async () => {
    const n = await ok(await c.jf.post('/api/listening/needs', { enterpriseId: ent.a.id, title: '商业秘密认定咨询', category: 'legal', source: 'other' }));
    needId = n.id;
    expect((await c.xq.get(`/api/listening/needs/${needId}`)).statusCode).toBe(404);
    expect((await c.ent_b.get(`/api/listening/needs/${needId}`)).statusCode).toBe(404);
    expect((await c.site.get(`/api/listening/needs/${needId}`)).statusCode).toBe(404);
    expect((await ok(await c.ent_a.get(`/api/listening/needs/${needId}`))).title).toBe('商业秘密认定咨询');
    expect(refusal(await c.xq.post('/api/listening/needs', { enterpriseId: ent.a.id, title: 'x' }))).toMatchObject({ status: 400, fields: [{ field: 'enterpriseId' }] });
  });

  it('assigning: bad input names the field and changes nothing', async () => {
    const past = refusal(await c.jf.post(`/api/listening/needs/${needId}/assign`, { assigneeOrgId: org.station, dueOn: day(-1) }));
    expect(past).toMatchObject({ status: 400, fields: [{ field: 'dueOn' }] });
    const foreign = refusal(await c.jf.post(`/api/listening/needs/${needId}/assign`, { assigneeOrgId: org.xqStation, dueOn: day(10) }));
    expect(foreign).toMatchObject({ status: 400, fields: [{ field: 'assigneeOrgId' }] });
    const enterpriseOrg = refusal(await c.jf.post(`/api/listening/needs/${needId}/assign`, { assigneeOrgId: ent.b.orgId, dueOn: day(10) }));
    expect(enterpriseOrg.fields[0].field).toBe('assigneeOrgId');
    expect((await c.site.post(`/api/listening/needs/${needId}/assign`, { assigneeOrgId: org.station, dueOn: day(10) })).statusCode).toBe(403);
    // replying before assignment: the path refuses
    expect(refusal(await c.jf.post(`/api/listening/needs/${needId}/reply`, { reply: '已答复' })).code).toBe('TRANSITION_NOT_ALLOWED');
    expect((await ok(await c.jf.get(`/api/listening/needs/${needId}`))).state).toBe('open');
    expect(await count('workflow_steps where kind = \'listening.need\'')).toBe(0);
  });

  it('assigned to the station with a due date: the station gets a task in its inbox and sees the need', async () => {
    const due = day(10);
    const n = await ok(await c.jf.post(`/api/listening/needs/${needId}/assign`, { assigneeOrgId: org.station, dueOn: due, comment: '请工作站一周内联系企业' }));
    expect(n).toMatchObject({ state: 'assigned', assigneeOrgId: org.station, assigneeName: '金凤区倾听测试工作站', dueOn: due, overdue: false });
    const [task] = (await inbox(c.site)).filter((x) => x.recordKind === 'listening.need' || x.link === `/listening/needs/${needId}`);
    expect(task).toMatchObject({ event: 'task', link: `/listening/needs/${needId}` });
    expect(task.title).toContain('商业秘密认定咨询');
    const mine = await ok(await c.site.get('/api/listening/needs?mine=true&state=assigned'));
    expect(mine.items.map((x: Json) => x.id)).toEqual([needId]);
    expect((await ok(await c.site.get(`/api/listening/needs/${needId}`))).allowed).toEqual(['reply']);
    // the enterprise cannot confirm before a reply
    expect(refusal(await c.ent_a.post(`/api/listening/needs/${needId}/confirm`, {})).code).toBe('TRANSITION_NOT_ALLOWED');
  });

  it('the station replies (a reply is required); the enterprise hears of it', async () => {
    expect(refusal(await c.site.post(`/api/listening/needs/${needId}/reply`, { reply: '  ' })).fields[0].field).toBe('reply');
    const n = await ok(await c.site.post(`/api/listening/needs/${needId}/reply`, { reply: '已约定下周上门讲解认定要件' }));
    expect(n).toMatchObject({ state: 'replied', reply: '已约定下周上门讲解认定要件' });
    const told = (await inbox(c.ent_a)).filter((x) => x.link === `/listening/needs/${needId}`);
    expect(told).toHaveLength(1);
    expect(told[0].event).toBe('reply');
    // not the other enterprise, not another district
    expect((await inbox(c.ent_b)).filter((x) => x.link === `/listening/needs/${needId}`)).toHaveLength(0);
    expect((await inbox(c.xq)).filter((x) => x.link === `/listening/needs/${needId}`)).toHaveLength(0);
  });

  it('only its enterprise confirms; then it is closed and its history shows each step', async () => {
    expect((await c.ent_b.post(`/api/listening/needs/${needId}/confirm`, {})).statusCode).toBe(404);
    expect((await c.site.post(`/api/listening/needs/${needId}/confirm`, {})).statusCode).toBe(403);
    const n = await ok(await c.ent_a.post(`/api/listening/needs/${needId}/confirm`, { comment: '满意' }));
    expect(n).toMatchObject({ state: 'closed', confirmed: true });
    expect(n.history.map((h: Json) => h.step)).toEqual(['assign', 'reply', 'confirm']);
    expect(refusal(await c.ent_a.post(`/api/listening/needs/${needId}/reopen`, { comment: '再议' })).code).toBe('TRANSITION_NOT_ALLOWED');
  });
});

describe('reopened, closed by the bureau, overdue, reminded, linked', () => {
  let needId: number;

  it('the enterprise reopens with a reason: back to the station with a new due date', async () => {
    needId = (await ok(await c.jf.post('/api/listening/needs', { enterpriseId: ent.a.id, title: '申请维权援助', category: 'rights' }))).id;
    await ok(await c.jf.post(`/api/listening/needs/${needId}/assign`, { assigneeOrgId: org.station, dueOn: day(7) }));
    await ok(await c.site.post(`/api/listening/needs/${needId}/reply`, { reply: '请提供材料' }));
    expect(refusal(await c.ent_a.post(`/api/listening/needs/${needId}/reopen`, { comment: '' })).fields[0].field).toBe('comment');
    const n = await ok(await c.ent_a.post(`/api/listening/needs/${needId}/reopen`, { comment: '材料已提供，仍未处理' }));
    const due = computeDue(new WorkCalendar(), { start: day(0), length: 10, unit: 'working' }).due;
    expect(n).toMatchObject({ state: 'assigned', reopenCount: 1 });
    // the engine's calendar may hold corrections; the built-in one is what the seeded database starts with
    expect(n.dueOn).toBe(due);
  });

  it('the bureau closes a reply the enterprise leaves unconfirmed, with a reason', async () => {
    await ok(await c.site.post(`/api/listening/needs/${needId}/reply`, { reply: '已立案协助' }));
    expect(refusal(await c.jf.post(`/api/listening/needs/${needId}/close`, { comment: '' })).fields[0].field).toBe('comment');
    expect((await c.site.post(`/api/listening/needs/${needId}/close`, { comment: '超期未确认' })).statusCode).toBe(403);
    const n = await ok(await c.jf.post(`/api/listening/needs/${needId}/close`, { comment: '企业15日未确认' }));
    expect(n).toMatchObject({ state: 'closed', confirmed: false });
  });

  it('overdue: flagged on the need, counted by the stats, filtered by the list, reminded by the engine once', async () => {
    const id = (await ok(await c.jf.post('/api/listening/needs', { enterpriseId: ent.b.id, title: '资金支持政策咨询', category: 'funding' }))).id;
    await ok(await c.jf.post(`/api/listening/needs/${id}/assign`, { assigneeOrgId: org.station, dueOn: day(0) }));
    // the due date passes (time moved by rewriting the dates, as the engine would find them days later)
    await t.database.query(`update listening_needs set due_on = '${day(-2)}' where id = ${id}`);
    await t.database.query(`update workflow_instances set due_on = '${day(-2)}' where kind = 'listening.need' and record_id = ${id}`);
    const n = await ok(await c.jf.get(`/api/listening/needs/${id}`));
    expect(n.overdue).toBe(true);
    const stats = await ok(await c.jf.get('/api/listening/needs/stats'));
    expect(stats.overdue).toBe(1);
    expect(stats.bySource.find((x: Json) => x.key === 'visit').count).toBe(2);
    expect(stats.byKind.find((x: Json) => x.key === 'opinion').count).toBe(1);
    expect((await ok(await c.jf.get('/api/listening/needs?overdue=true'))).items.map((x: Json) => x.id)).toEqual([id]);
    // another district counts none of them
    expect((await ok(await c.xq.get('/api/listening/needs/stats'))).total).toBe(0);
    // the engine's scan reminds the station, once
    await remindWorkflowLimits(t.database.db, t.config, new Date());
    await remindWorkflowLimits(t.database.db, t.config, new Date());
    const reminders = (await inbox(c.site)).filter((x) => x.event === 'deadline' && x.link === `/listening/needs/${id}`);
    expect(reminders).toHaveLength(1);
    expect(reminders[0].title).toContain('逾期');
  });

  it('a need becomes a cultivation coaching item or a help request by typed reference', async () => {
    const id = (await ok(await c.jf.post('/api/listening/needs', { enterpriseId: ent.a.id, title: '希望纳入培育', category: 'training' }))).id;
    expect(refusal(await c.jf.post(`/api/listening/needs/${id}/link`, { kind: 'elsewhere', id: 1 })).fields[0].field).toBe('kind');
    const n = await ok(await c.jf.post(`/api/listening/needs/${id}/link`, { kind: 'cultivation', id: 42 }));
    expect(n).toMatchObject({ linkKind: 'cultivation', linkId: 42 });
    expect(refusal(await c.jf.post(`/api/listening/needs/${id}/link`, { kind: 'service_request', id: 7 })).status).toBe(409);
  });

  it('a need becomes a coaching item of its enterprise’s cultivation plan in one request; refusals change nothing', async () => {
    const id = (await ok(await c.jf.post('/api/listening/needs', { enterpriseId: ent.b.id, title: '希望工作站辅导建立涉密人员台账', category: 'training' }))).id;
    // not on the cultivation list yet: refused, nothing linked
    expect(refusal(await c.jf.post(`/api/listening/needs/${id}/to-cultivation`, { title: '建立涉密人员台账' }))).toMatchObject({ status: 409, fields: [{ field: 'title' }] });
    expect((await ok(await c.jf.get(`/api/listening/needs/${id}`))).linkKind).toBeNull();
    const entry = await ok(await c.jf.post('/api/cultivation', { enterpriseId: ent.b.id, year: Number(day(0).slice(0, 4)), batch: 1 }));
    const plan = async () => (await ok(await c.jf.get(`/api/cultivation/${entry.id}`))).plan as Json[];
    const before = (await plan()).length;
    expect(refusal(await c.jf.post(`/api/listening/needs/${id}/to-cultivation`, { title: '' })).fields[0].field).toBe('title');
    // the station keeps no needs (listening:manage), the enterprise neither
    expect((await c.site.post(`/api/listening/needs/${id}/to-cultivation`, { title: '建立涉密人员台账' })).statusCode).toBe(403);
    expect((await c.ent_b.post(`/api/listening/needs/${id}/to-cultivation`, { title: '建立涉密人员台账' })).statusCode).toBe(403);
    expect(await plan()).toHaveLength(before);
    const n = await ok(await c.jf.post(`/api/listening/needs/${id}/to-cultivation`, { title: '建立涉密人员台账', dueDate: day(30) }));
    expect(n).toMatchObject({ linkKind: 'cultivation', linkId: entry.id });
    const items = await plan();
    expect(items).toHaveLength(before + 1);
    expect(items.at(-1)).toMatchObject({ title: '建立涉密人员台账', dueDate: day(30), note: `来自企业诉求 #${id}` });
    // once only
    expect(refusal(await c.jf.post(`/api/listening/needs/${id}/to-cultivation`, { title: '再一次' })).status).toBe(409);
    expect(await plan()).toHaveLength(before + 1);
  });

  it('a help request’s need: source help, assigned with a due date in the same request', async () => {
    const n = await ok(await c.jf.post('/api/listening/needs', { enterpriseId: ent.a.id, title: '求助中反映：希望提供保密协议范本', source: 'help', sourceId: 77, assigneeOrgId: org.station, dueOn: day(5) }));
    expect(n).toMatchObject({ source: 'help', sourceId: 77, state: 'assigned', assigneeOrgId: org.station, dueOn: day(5) });
    expect((await ok(await c.site.get(`/api/listening/needs/${n.id}`))).id).toBe(n.id);
    // an assignee outside the district: refused, and no need left behind
    const before = await count('listening_needs');
    expect(refusal(await c.jf.post('/api/listening/needs', { enterpriseId: ent.a.id, title: '另一个', source: 'help', sourceId: 78, assigneeOrgId: org.xqStation, dueOn: day(5) }))).toMatchObject({ status: 400, fields: [{ field: 'assigneeOrgId' }] });
    expect(await count('listening_needs')).toBe(before);
  });

  it('the export lists the needs in scope', async () => {
    const res = await c.jf.get('/api/listening/needs/export');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
  });
});
