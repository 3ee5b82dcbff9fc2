/**
 * Editing a recorded meeting over the API, on PGlite and PostgreSQL: the office corrects the minutes (and adds a minutes
 * file), and adds a decision (补录议定事项) whose task is assigned on the engine and told to its unit at once; only the
 * office edits (a unit that attended or a district is refused; another district does not see the meeting); bad input
 * names the field and changes nothing; every edit is in the operation log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { shanghaiDate } from '@shangmi/shared';
import { notifications, oplog, oplogPending, taskforceDecisions, taskforceMeetings, taskforceTasks, workflowInstances } from '../../db/schema/index.js';
import { createTestApp, ok, refused, type Client, type Json, type TestApp } from '../../../test/harness.js';

let t: TestApp;
const c: Record<string, Client> = {};
const org: Record<string, number> = {};
const uid: Record<string, number> = {};
const day = (offset: number) => shanghaiDate(new Date(Date.now() + offset * 86_400_000));
let meeting: Json;

const state = async () => {
  const db = t.database.db;
  const [m] = await db.select({ minutes: taskforceMeetings.minutes, files: taskforceMeetings.minutesFileIds, agenda: taskforceMeetings.agenda }).from(taskforceMeetings).where(eq(taskforceMeetings.id, meeting.id));
  const [d] = await db.select({ n: count() }).from(taskforceDecisions);
  const [k] = await db.select({ n: count() }).from(taskforceTasks);
  const [w] = await db.select({ n: count() }).from(workflowInstances).where(eq(workflowInstances.kind, 'taskforce.task'));
  return { ...m, decisions: d!.n, tasks: k!.n, instances: w!.n };
};
// done edits only (a refused request is logged too, as a failure); the row is in the chain or still waiting for the linker
const logged = async (action: string) => [
  ...(await t.database.db.select().from(oplog).where(and(eq(oplog.action, action), eq(oplog.result, 'success')))),
  ...(await t.database.db.select().from(oplogPending).where(and(eq(oplogPending.action, action), eq(oplogPending.result, 'success')))),
];

beforeAll(async () => {
  t = await createTestApp({ rateLimits: null });
  org.city = await t.orgId('银川市市场监督管理局');
  org.jinfeng = await t.orgId('金凤区市场监督管理局');
  org.xingqing = await t.orgId('兴庆区市场监督管理局');
  org.police = await t.orgId('银川市公安局');
  uid.office = await t.createUser({ username: 'te_office', orgId: org.city, roles: ['taskforce_office'] });
  uid.xq = await t.createUser({ username: 'te_xq', orgId: org.xingqing, roles: ['district_staff'] });
  uid.jf = await t.createUser({ username: 'te_jf', orgId: org.jinfeng, roles: ['district_staff'] });
  uid.police = await t.createUser({ username: 'te_police', orgId: org.police, roles: ['partner_staff'] });
  for (const u of ['office', 'xq', 'jf', 'police']) c[u] = await t.loginAs(`te_${u}`);
  await ok(await c.office.post('/api/taskforce/units', { orgId: org.police, role: 'member', contacts: [{ name: '李警官', phone: '0951-1234567' }] }));
  meeting = await ok(
    await c.office.post('/api/taskforce/meetings', {
      kind: 'joint',
      title: '联席会议（纪要补正）',
      heldOn: day(-2),
      agenda: '研究站点建设',
      attendeeOrgIds: [org.police],
      minutes: '初稿',
      decisions: [{ text: '公安机关建立快速移送机制。', tasks: [{ title: '制定移送指引', assigneeOrgId: org.police, dueOn: day(10) }] }],
    }),
  );
});
afterAll(async () => t?.close());

describe('editing a recorded meeting', () => {
  it('the office corrects the minutes and adds a minutes file; the log keeps before and after', async () => {
    const file = await c.office.upload('纪要.pdf', Buffer.from('%PDF-1.4 minutes'), 'application/pdf');
    const m = await ok(await c.office.patch(`/api/taskforce/meetings/${meeting.id}`, { minutes: '会议纪要（定稿）：议定两项。', minutesFileIds: [file.id] }));
    expect(m).toMatchObject({ minutes: '会议纪要（定稿）：议定两项。', agenda: '研究站点建设' });
    expect(m.minutesFiles.map((f: Json) => f.name)).toEqual(['纪要.pdf']);
    const log = await logged('taskforce.updateMeeting');
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ targetId: String(meeting.id), before: { minutes: '初稿' }, after: { minutes: '会议纪要（定稿）：议定两项。' } });
  });

  it('the office adds a decision to the meeting: numbered next, its task assigned on the engine and told to the district', async () => {
    const before = await state();
    const m = await ok(await c.office.post(`/api/taskforce/meetings/${meeting.id}/decisions`, { text: '金凤区月底前报送站点建设计划。', tasks: [{ title: '报送站点建设计划', assigneeOrgId: org.jinfeng, dueOn: day(15) }] }));
    expect(m.decisions.map((d: Json) => [d.seq, d.text, d.tasks.length])).toEqual([
      [1, '公安机关建立快速移送机制。', 1],
      [2, '金凤区月底前报送站点建设计划。', 1],
    ]);
    const task = m.decisions[1].tasks[0];
    expect(task).toMatchObject({ state: 'assigned', assigneeName: '金凤区市场监督管理局', districtCode: '640106', overdue: false });
    expect(await state()).toMatchObject({ decisions: before.decisions + 1, tasks: before.tasks + 1, instances: before.instances + 1 });
    const told = await t.database.db.select().from(notifications).where(eq(notifications.userId, uid.jf!));
    expect(told.filter((n) => n.link === `/taskforce/tasks/${task.id}`)).toHaveLength(1);
    expect((await ok(await c.jf.get('/api/taskforce/tasks'))).items.map((x: Json) => x.id)).toEqual([task.id]);
    expect(await logged('taskforce.addDecision')).toHaveLength(1);
  });

  it('refused, changing nothing: bad input names the field; a unit, a district and another district may not edit', async () => {
    const before = await state();
    refused(await c.office.patch(`/api/taskforce/meetings/${meeting.id}`, { agenda: '' }), 400, 'agenda');
    refused(await c.office.patch(`/api/taskforce/meetings/${meeting.id}`, { minutes: 'x'.repeat(20001) }), 400, 'minutes');
    refused(await c.office.post(`/api/taskforce/meetings/${meeting.id}/decisions`, { text: '' }), 400, 'text');
    refused(await c.office.post(`/api/taskforce/meetings/${meeting.id}/decisions`, { text: '过期', tasks: [{ title: 'x', assigneeOrgId: org.jinfeng, dueOn: day(-5) }] }), 400, 'tasks.0.dueOn');
    refused(await c.police.patch(`/api/taskforce/meetings/${meeting.id}`, { minutes: '改' }), 403);
    refused(await c.jf.post(`/api/taskforce/meetings/${meeting.id}/decisions`, { text: '区里加一条' }), 403);
    refused(await c.xq.get(`/api/taskforce/meetings/${meeting.id}`), 404);
    expect(await state()).toEqual(before);
  });
});
