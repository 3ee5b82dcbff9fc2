import { and, asc, eq } from 'drizzle-orm';
import { shanghaiDate } from '@shangmi/shared';
import { orgs, parks } from '../db/schema/index.js';
import * as funding from '../modules/funding/funding.service.js';
import * as tf from '../modules/taskforce/taskforce.service.js';
import type { DemoWorld } from './demo-context.js';

/**
 * The 专班 and the funding for the tour (docs/taskforce.md, docs/funding.md), through the modules' services as the
 * people who take each step: the office (demo_taskforce, at the city bureau) lists the city bureau and the police as
 * member units and records a joint meeting 20 days ago with two decisions and three tasks — 金凤区's accepted after a
 * progress report, the police's overdue after a report, 兴庆区's open; the city and 金凤区 keep budget lines for the
 * year with spending (金凤区's line 37.5 % executed).
 */
export async function seedDemoTaskforce(w: DemoWorld, o: { city: string; district: string; officers: Record<string, string>; regionCode: string }): Promise<{ tasks: number; lines: number }> {
  const db = w.database.db;
  const city = await w.actor(o.city);
  const bureau = async (code: string) => (await db.select().from(orgs).where(and(eq(orgs.kind, 'district_bureau'), eq(orgs.districtCode, code))).orderBy(asc(orgs.id)).limit(1))[0];
  const jinfeng = await bureau('640106');
  const xingqing = await bureau('640104');
  const [police] = await db.select().from(orgs).where(and(eq(orgs.kind, 'police'), eq(orgs.regionCode, o.regionCode))).orderBy(asc(orgs.id)).limit(1);
  if (!jinfeng || !xingqing || !police || !o.officers['640104']) return { tasks: 0, lines: 0 };
  await w.createUser({ username: 'demo_taskforce', displayName: '专班办公室 赵敏', orgId: city.orgId, role: 'taskforce_office' });
  const office = 'demo_taskforce';
  const day = (ago: number) => shanghaiDate(w.daysAgo(ago));
  await w.act(office, 'taskforce.createUnit', w.daysAgo(30), (ctx) => tf.createUnit(ctx, { orgId: city.orgId, role: 'lead', duty: '专班办公室设在市市场监管局，负责统筹协调、督办', contacts: [{ name: '赵敏', title: '专班办公室主任', phone: '0951-5100001' }] }));
  await w.act(office, 'taskforce.createUnit', w.daysAgo(30), (ctx) => tf.createUnit(ctx, { orgId: police.id, role: 'member', duty: '侵犯商业秘密刑事案件侦办、线索快速移送', contacts: [{ name: '韩警官', title: '经侦支队', phone: '0951-5100002' }] }));
  const m = await w.act(office, 'taskforce.createMeeting', w.daysAgo(20), (ctx) =>
    tf.createMeeting(ctx, {
      kind: 'joint',
      title: '银川市商业秘密保护创新试点联席会议（第一次）',
      heldOn: day(20),
      place: '市市场监管局三楼会议室',
      agenda: '一、通报试点工作进展；二、研究保护工作站建设滞后问题；三、商业秘密案件快速移送机制',
      attendeeOrgIds: [police.id],
      attendees: '市市场监管局、市公安局及各县（市）区市场监管局分管负责同志',
      minutes: '会议听取了试点进展汇报。会议指出，2025年度站点建设目标未完成，议定事项如下。',
      minutesFileIds: [],
      decisions: [
        {
          text: '各县（市）区加快商业秘密保护工作站建设，限期完成年度目标。',
          tasks: [
            { title: '金凤区完成2个工作站建设并报验收', assigneeOrgId: jinfeng.id, dueOn: day(2) },
            { title: '兴庆区报送工作站建设整改方案', assigneeOrgId: xingqing.id, dueOn: day(-20) },
          ],
        },
        { text: '公安机关建立侵犯商业秘密案件线索快速移送机制。', tasks: [{ title: '制定线索快速移送工作指引', assigneeOrgId: police.id, dueOn: day(5) }] },
      ],
    }),
  );
  const [jfTask, , policeTask] = m.decisions.flatMap((d) => d.tasks);
  await w.act(o.district, 'taskforce.reportTask', w.daysAgo(10), (ctx) => tf.taskStep(ctx, jfTask!.id, 'report', { comment: '已完成选址，1个站点进入验收' }));
  await w.act(o.district, 'taskforce.completeTask', w.daysAgo(4), (ctx) => tf.taskStep(ctx, jfTask!.id, 'complete', { comment: '2个工作站已建成并通过区级验收' }));
  await w.act(office, 'taskforce.acceptTask', w.daysAgo(3), (ctx) => tf.taskStep(ctx, jfTask!.id, 'accept', { comment: '同意办结' }));
  await w.act('demo_police', 'taskforce.reportTask', w.daysAgo(8), (ctx) => tf.taskStep(ctx, policeTask!.id, 'report', { comment: '指引初稿已形成，正在征求检察院意见' }));
  await w.act(office, 'taskforce.urgeTask', w.daysAgo(1), (ctx) => tf.taskStep(ctx, policeTask!.id, 'urge', { comment: '已逾期，请于本周内报送' }));

  const year = Number(day(0).slice(0, 4));
  const inYear = (ago: number) => (day(ago) < `${year}-01-01` ? day(0) : day(ago));
  const cityLine = await w.act(o.city, 'funding.createLine', w.daysAgo(60), (ctx) =>
    funding.createLine(ctx, { year, level: 'city', category: 'platform', source: 'city_budget', title: '商业秘密保护创新试点项目（市级）', amountFen: 300_000_000 }),
  );
  const jfLine = await w.act(o.district, 'funding.createLine', w.daysAgo(60), (ctx) =>
    funding.createLine(ctx, { year, level: 'district', districtCode: '640106', category: 'services', source: 'district_budget', title: '金凤区商业秘密保护服务经费', amountFen: 100_000_000 }),
  );
  const [yuehai] = await db.select().from(parks).where(and(eq(parks.regionCode, o.regionCode), eq(parks.districtCode, '640106'))).limit(1);
  if (yuehai) {
    await w.act(o.district, 'funding.createLine', w.daysAgo(60), (ctx) =>
      funding.createLine(ctx, { year, level: 'park', parkId: yuehai.id, category: 'demonstration', source: 'park_budget', title: '园区示范引领资金', amountFen: 40_000_000 }),
    );
  }
  await w.act(o.city, 'funding.addSpending', w.daysAgo(30), (ctx) => funding.addSpending(ctx, cityLine.id, { spentOn: inYear(30), amountFen: 120_000_000, description: '商秘通平台建设一期', payee: '平台承建单位' }));
  await w.act(o.district, 'funding.addSpending', w.daysAgo(20), (ctx) => funding.addSpending(ctx, jfLine.id, { spentOn: inYear(20), amountFen: 25_000_000, description: '工作站运行经费' }));
  await w.act(o.district, 'funding.addSpending', w.daysAgo(5), (ctx) => funding.addSpending(ctx, jfLine.id, { spentOn: inYear(5), amountFen: 12_500_000, description: '维权援助购买服务', payee: '宁夏明理律师事务所' }));
  return { tasks: 3, lines: yuehai ? 3 : 2 };
}
