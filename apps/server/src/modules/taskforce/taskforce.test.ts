/**
 * The task force over the API, on PGlite and PostgreSQL: member units and contacts, a meeting with decisions whose tasks
 * are assigned at once (the unit hears of it in its inbox), every step of a task on the engine (report with an
 * attachment, urge, complete, return, complete, accept), scope (a unit and a district see only their own tasks; a
 * meeting is seen by the office and the units that attended), overdue (flagged on the task, first in the supervision
 * view, and reminded in the inbox by the engine's scan at a later clock), and bad input refused naming the field,
 * changing nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { shanghaiDate } from '@shangmi/shared';
import { notifications, taskforceMeetings, taskforceTasks, workflowInstances } from '../../db/schema/index.js';
import { remindWorkflowLimits } from '../../platform/workflow/index.js';
import { creditCodes } from '../../../test/fixtures.js';
import { createTestApp, ok, readXlsx, refused, type Client, type Json, type TestApp } from '../../../test/harness.js';

let t: TestApp;
const c: Record<string, Client> = {};
const org: Record<string, number> = {};
const uid: Record<string, number> = {};
const day = (offset: number, from = Date.now()) => shanghaiDate(new Date(from + offset * 86_400_000));

const counts = async () => {
  const db = t.database.db;
  const [m] = await db.select({ n: count() }).from(taskforceMeetings);
  const [k] = await db.select({ n: count() }).from(taskforceTasks);
  const [w] = await db.select({ n: count() }).from(workflowInstances).where(eq(workflowInstances.kind, 'taskforce.task'));
  return { meetings: m!.n, tasks: k!.n, instances: w!.n };
};
const noticesOf = async (user: string) => t.database.db.select().from(notifications).where(eq(notifications.userId, uid[user]!));

const meetingBody = (extra: Record<string, unknown> = {}) => ({
  kind: 'joint',
  title: '全市商业秘密保护创新试点联席会议（第一次）',
  heldOn: day(-1),
  place: '市市场监管局三楼会议室',
  agenda: '一、通报试点进展；二、研究站点建设滞后问题；三、部署下一阶段工作',
  attendeeOrgIds: [org.police],
  attendees: '市市场监管局、市公安局及各县（市）区分管负责同志',
  minutes: '会议听取了试点进展汇报，议定以下事项。',
  decisions: [
    {
      text: '各县（市）区加快保护工作站建设，年底前完成年度目标。',
      tasks: [{ title: '金凤区完成2个工作站建设并报验收', assigneeOrgId: org.jinfeng, dueOn: day(20) }],
    },
    { text: '公安机关建立商业秘密案件快速移送机制。', tasks: [{ title: '制定快速移送工作指引', assigneeOrgId: org.police, dueOn: day(10) }] },
  ],
  ...extra,
});

beforeAll(async () => {
  t = await createTestApp({ rateLimits: null });
  c.admin = await t.admin();
  org.city = await t.orgId('银川市市场监督管理局');
  org.jinfeng = await t.orgId('金凤区市场监督管理局');
  org.xingqing = await t.orgId('兴庆区市场监督管理局');
  org.police = await t.orgId('银川市公安局');
  org.justice = await t.orgId('银川市司法局');
  uid.office = await t.createUser({ username: 'tf_office', orgId: org.city, roles: ['taskforce_office'] });
  uid.city = await t.createUser({ username: 'tf_city', orgId: org.city, roles: ['city_staff'] });
  uid.jf = await t.createUser({ username: 'tf_jf', orgId: org.jinfeng, roles: ['district_staff'] });
  uid.xq = await t.createUser({ username: 'tf_xq', orgId: org.xingqing, roles: ['district_staff'] });
  uid.police = await t.createUser({ username: 'tf_police', orgId: org.police, roles: ['partner_staff'] });
  for (const u of ['office', 'city', 'jf', 'xq', 'police']) c[u] = await t.loginAs(`tf_${u}`);
});
afterAll(async () => t?.close());

describe('member units', () => {
  it('the office adds a member unit with its contacts; units read it; a district may not add one', async () => {
    const u = await ok(await c.office.post('/api/taskforce/units', { orgId: org.police, role: 'member', duty: '商业秘密刑事案件侦办、快速移送', contacts: [{ name: '李警官', title: '经侦支队副支队长', phone: '0951-1234567' }] }));
    expect(u).toMatchObject({ orgId: org.police, orgName: '银川市公安局', role: 'member', active: true, openTasks: 0 });
    await ok(await c.office.post('/api/taskforce/units', { orgId: org.city, role: 'lead', contacts: [{ name: '王处长', phone: '0951-7654321' }] }));
    const list = await ok(await c.police.get('/api/taskforce/units'));
    expect(list.items.map((x: Json) => x.orgName)).toEqual(['银川市市场监督管理局', '银川市公安局']);
    refused(await c.jf.post('/api/taskforce/units', { orgId: org.jinfeng, contacts: [{ name: '张三' }] }), 403);
  });

  it('bad input names the field: no contact, a duplicate unit, an enterprise', async () => {
    refused(await c.office.post('/api/taskforce/units', { orgId: org.justice, contacts: [] }), 400, 'contacts');
    refused(await c.office.post('/api/taskforce/units', { orgId: org.police, contacts: [{ name: '重复' }] }), 409, 'orgId');
    const e = await ok(await c.admin.post('/api/enterprises', { creditCode: creditCodes('TF7A')('640106'), name: '宁夏专班测试企业有限公司', districtCode: '640106' }));
    refused(await c.office.post('/api/taskforce/units', { orgId: e.orgId, contacts: [{ name: '企业' }] }), 400, 'orgId');
    expect((await ok(await c.office.get('/api/taskforce/units'))).items).toHaveLength(2);
  });
});

let meeting: Json;
let jfTask: number;
let policeTask: number;

describe('a meeting with decisions becomes tasks', () => {
  it('bad input names the field and changes nothing', async () => {
    const before = await counts();
    refused(await c.office.post('/api/taskforce/meetings', meetingBody({ attendeeOrgIds: [org.xingqing] })), 400, 'attendeeOrgIds');
    const toJustice = meetingBody({ decisions: [{ text: '司法局', tasks: [{ title: 'x', assigneeOrgId: org.justice, dueOn: day(5) }] }] });
    refused(await c.office.post('/api/taskforce/meetings', toJustice), 400, 'decisions.0.tasks.0.assigneeOrgId');
    const early = meetingBody({ decisions: [{ text: '过早', tasks: [{ title: 'x', assigneeOrgId: org.jinfeng, dueOn: day(-5) }] }] });
    refused(await c.office.post('/api/taskforce/meetings', early), 400, 'decisions.0.tasks.0.dueOn');
    refused(await c.office.post('/api/taskforce/meetings', meetingBody({ heldOn: day(3) })), 400, 'heldOn');
    refused(await c.office.post('/api/taskforce/meetings', meetingBody({ agenda: '' })), 400, 'agenda');
    refused(await c.jf.post('/api/taskforce/meetings', meetingBody()), 403);
    expect(await counts()).toEqual(before);
  });

  it('the office records a joint meeting: decisions numbered, each task assigned on the engine and told to its unit', async () => {
    meeting = await ok(await c.office.post('/api/taskforce/meetings', meetingBody()));
    expect(meeting.decisions.map((d: Json) => [d.seq, d.tasks.length])).toEqual([
      [1, 1],
      [2, 1],
    ]);
    jfTask = meeting.decisions[0].tasks[0].id;
    policeTask = meeting.decisions[1].tasks[0].id;
    expect(meeting.decisions[0].tasks[0]).toMatchObject({ state: 'assigned', assigneeName: '金凤区市场监督管理局', overdue: false, districtCode: '640106' });
    expect(meeting).toMatchObject({ attendeeNames: ['银川市公安局'], openTasks: 2, overdueTasks: 0, editable: true });
    expect((await noticesOf('jf')).filter((n) => n.event === 'task' && n.link === `/taskforce/tasks/${jfTask}`)).toHaveLength(1);
    expect((await noticesOf('police')).filter((n) => n.link === `/taskforce/tasks/${policeTask}`)).toHaveLength(1);
    expect((await noticesOf('xq')).filter((n) => n.link?.startsWith('/taskforce/'))).toHaveLength(0);
  });

  it('scope: a district sees its task only, another district nothing, the attending unit the meeting and its task', async () => {
    expect((await ok(await c.jf.get('/api/taskforce/tasks'))).items.map((x: Json) => x.id)).toEqual([jfTask]);
    expect((await ok(await c.xq.get('/api/taskforce/tasks'))).items).toEqual([]);
    expect((await c.xq.get(`/api/taskforce/tasks/${jfTask}`)).statusCode).toBe(404);
    expect((await ok(await c.police.get('/api/taskforce/tasks'))).items.map((x: Json) => x.id)).toEqual([policeTask]);
    expect((await c.police.get(`/api/taskforce/tasks/${jfTask}`)).statusCode).toBe(404);
    // the police attended: they see the meeting, and in it only their own task; Jinfeng did not attend
    const seen = await ok(await c.police.get(`/api/taskforce/meetings/${meeting.id}`));
    expect(seen.decisions.flatMap((d: Json) => d.tasks.map((x: Json) => x.id))).toEqual([policeTask]);
    expect(seen.editable).toBe(false);
    expect((await c.jf.get(`/api/taskforce/meetings/${meeting.id}`)).statusCode).toBe(404);
    expect((await ok(await c.office.get('/api/taskforce/tasks'))).total).toBe(2);
    expect((await ok(await c.xq.get('/api/taskforce/supervision'))).rows).toEqual([]);
  });
});

describe('a task through every step of its path', () => {
  it('the district reports progress with an attachment; the office hears of it; only the assignee may report', async () => {
    refused(await c.jf.post(`/api/taskforce/tasks/${jfTask}/report`, { comment: '' }), 400, 'comment');
    refused(await c.city.post(`/api/taskforce/tasks/${jfTask}/report`, { comment: '代报' }), 403);
    expect((await c.xq.post(`/api/taskforce/tasks/${jfTask}/report`, { comment: '越权' })).statusCode).toBe(404);
    const file = await c.jf.upload('进展照片.png', Buffer.from('png-bytes-of-the-site'), 'image/png');
    refused(await c.xq.post(`/api/taskforce/tasks/${policeTask}/report`, { comment: 'x', fileIds: [file.id] }), 404);
    const x = await ok(await c.jf.post(`/api/taskforce/tasks/${jfTask}/report`, { comment: '已完成选址，1个站点进入验收', fileIds: [file.id] }));
    expect(x).toMatchObject({ state: 'reported', reports: 1 });
    expect(x.history[0]).toMatchObject({ step: 'report', files: [{ id: file.id, name: '进展照片.png' }] });
    expect((await t.client().get(`/api/taskforce/tasks/${jfTask}/files/${file.id}`)).statusCode).toBe(401);
    expect((await c.office.get(`/api/taskforce/tasks/${jfTask}/files/${file.id}`)).statusCode).toBe(200);
    expect((await c.xq.get(`/api/taskforce/tasks/${jfTask}/files/${file.id}`)).statusCode).toBe(404);
    expect((await noticesOf('office')).filter((n) => n.event === 'reply' && n.link === `/taskforce/tasks/${jfTask}`)).toHaveLength(1);
  });

  it('the office urges (催办): the unit hears again; a unit may not urge', async () => {
    const before = (await noticesOf('jf')).length;
    refused(await c.jf.post(`/api/taskforce/tasks/${jfTask}/urge`, {}), 403);
    const x = await ok(await c.office.post(`/api/taskforce/tasks/${jfTask}/urge`, { comment: '请加快进度' }));
    expect(x).toMatchObject({ state: 'assigned', urged: 1 });
    const fresh = (await noticesOf('jf')).slice(before);
    expect(fresh).toHaveLength(1);
    expect(fresh[0]!.bodyZh).toContain('催办');
  });

  it('completion, a return with a reason, completion again, acceptance by the office; then nothing more', async () => {
    refused(await c.office.post(`/api/taskforce/tasks/${jfTask}/accept`, {}), 409);
    await ok(await c.jf.post(`/api/taskforce/tasks/${jfTask}/complete`, { comment: '2个工作站已建成' }));
    refused(await c.office.post(`/api/taskforce/tasks/${jfTask}/return`, { comment: '' }), 400, 'comment');
    refused(await c.jf.post(`/api/taskforce/tasks/${jfTask}/accept`, {}), 403);
    const back = await ok(await c.office.post(`/api/taskforce/tasks/${jfTask}/return`, { comment: '缺验收材料' }));
    expect(back).toMatchObject({ state: 'assigned', completedAt: null });
    await ok(await c.jf.post(`/api/taskforce/tasks/${jfTask}/complete`, { comment: '补充验收材料' }));
    const done = await ok(await c.office.post(`/api/taskforce/tasks/${jfTask}/accept`, { comment: '同意办结' }));
    expect(done).toMatchObject({ state: 'done', overdue: false, allowed: [] });
    expect(done.history.map((h: Json) => h.step)).toEqual(['accept', 'complete', 'return', 'complete', 'urge', 'report', 'assign']);
    refused(await c.jf.post(`/api/taskforce/tasks/${jfTask}/report`, { comment: '再报' }), 409);
    expect((await noticesOf('jf')).filter((n) => n.event === 'decision' && n.link === `/taskforce/tasks/${jfTask}`)).toHaveLength(1);
  });
});

describe('overdue', () => {
  it('a task past its due date is flagged, first in supervision and the list, and filtered', async () => {
    const late = await ok(
      await c.office.post('/api/taskforce/meetings', meetingBody({ kind: 'taskforce', title: '专班会议（补录）', heldOn: day(-30), decisions: [{ text: '兴庆区报送工作方案', tasks: [{ title: '报送兴庆区试点工作方案', assigneeOrgId: org.xingqing, dueOn: day(-10) }] }] })),
    );
    const id = late.decisions[0].tasks[0].id;
    expect(late.decisions[0].tasks[0]).toMatchObject({ overdue: true, state: 'assigned' });
    const sup = await ok(await c.office.get('/api/taskforce/supervision'));
    expect(sup.rows[0]).toMatchObject({ assigneeOrgId: org.xingqing, overdue: 1, open: 1, earliestDue: day(-10) });
    expect(sup).toMatchObject({ open: 2, overdue: 1 });
    expect((await ok(await c.office.get('/api/taskforce/tasks'))).items[0].id).toBe(id);
    expect((await ok(await c.office.get('/api/taskforce/tasks?overdue=true'))).items.map((x: Json) => x.id)).toEqual([id]);
    expect((await ok(await c.xq.get('/api/taskforce/tasks?overdue=true'))).items.map((x: Json) => x.id)).toEqual([id]);
    expect((await ok(await c.jf.get('/api/taskforce/tasks?overdue=true'))).items).toEqual([]);
    // reporting progress does not lift the flag: only completion does
    expect((await ok(await c.xq.post(`/api/taskforce/tasks/${id}/report`, { comment: '方案已起草' }))).overdue).toBe(true);
  });

  it("the engine's clock: a task due in 10 days is reminded in the unit's inbox as overdue once that day has passed, once", async () => {
    const reminders = async () => (await noticesOf('police')).filter((n) => n.event === 'deadline' && n.link === `/taskforce/tasks/${policeTask}`);
    await remindWorkflowLimits(t.database.db, t.config, new Date());
    expect(await reminders()).toHaveLength(0);
    const later = new Date(Date.now() + 12 * 86_400_000);
    await remindWorkflowLimits(t.database.db, t.config, later);
    await remindWorkflowLimits(t.database.db, t.config, later);
    const r = await reminders();
    expect(r).toHaveLength(1);
    expect(r[0]!.titleZh).toContain('逾期');
  });

  it('the supervision export lists the tasks in scope, overdue first', async () => {
    const rows = await readXlsx(await c.office.get('/api/taskforce/tasks/export'));
    expect(rows[0]).toContain('承办单位');
    expect(rows).toHaveLength(4);
    expect(rows[1]).toContain('兴庆区市场监督管理局');
    expect((await readXlsx(await c.jf.get('/api/taskforce/tasks/export'))).length).toBe(2);
  });
});
