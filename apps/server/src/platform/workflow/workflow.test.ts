import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { addCalendarDays, shanghaiDate } from '@shangmi/shared';
import { createTestApp, DB_KIND, type TestApp } from '../../../test/harness.js';
import { actorOf, ctxOf, depsOf } from '../../../test/actors.js';
import { openDb } from '../../db/client.js';
import { notifications, orgs, workflowInstances, workflowSteps } from '../../db/schema/index.js';
import type { Actor } from '../context.js';
import { AppError } from '../errors.js';
import { remindLimitsOnce } from '../../modules/inbox/inbox.jobs.js';
import { defineWorkflow, instanceOf, mayTake, pendingCount, takeStep, type Home } from './index.js';

const L = (zh: string, en: string) => ({ zh, en });

/** A path like the ones wave-2 modules declare: submit → district review → city approval, returns, a withdrawal. */
const permit = defineWorkflow({
  kind: 'test.permit',
  label: L('测试许可申请', 'Test permit request'),
  states: {
    draft: { label: L('草稿', 'Draft') },
    district: { label: L('待区县审核', 'Awaiting district review') },
    city: { label: L('待市局审批', 'Awaiting city approval') },
    returned: { label: L('已退回', 'Returned') },
    approved: { label: L('已批准', 'Approved') },
  },
  initial: 'draft',
  transitions: [
    { name: 'submit', from: ['draft', 'returned'], to: ['district', 'city'], permission: 'cultivation:manage', startsRound: true, requires: { files: 1, fields: ['purpose'] }, label: L('提交申请', 'Submitted') },
    { name: 'review', from: 'district', to: 'city', permission: 'cultivation:review', by: 'bureau', separateFrom: ['submit'], label: L('区县审核通过', 'Passed by the district') },
    { name: 'return', from: ['district', 'city'], to: 'returned', permission: 'cultivation:review', by: 'bureau', requires: { reason: true }, separateFrom: ['submit'], label: L('退回', 'Returned') },
    { name: 'approve', from: 'city', to: 'approved', permission: 'cultivation:approve', by: 'bureau', separateFrom: ['submit', 'review'], label: L('批准', 'Approved') },
    { name: 'withdraw', from: ['district', 'city'], to: 'draft', permission: 'cultivation:manage', onlyBy: 'submit', label: L('撤回', 'Withdrawn') },
  ],
  limits: { district: { length: 5, unit: 'working', label: L('区县审核时限', 'District review limit') } },
  notify: {
    district: { event: 'task', to: [{ holders: 'cultivation:review', at: 'above' }], title: L('待审核：{record}', 'To review: {record}') },
    city: { event: 'task', to: [{ holders: 'cultivation:approve', at: 'above' }], title: L('待审批：{record}', 'To approve: {record}') },
    returned: { event: 'decision', to: [{ steps: ['submit'] }], title: L('已退回：{record}', 'Returned: {record}') },
    approved: { event: 'decision', to: [{ steps: ['submit'] }], title: L('已批准：{record}', 'Approved: {record}') },
  },
  link: (id) => `/test/${id}`,
});

let t: TestApp;
let home: Home;
const actors: Record<string, Actor> = {};
let nextRecord = 1000;

const ctx = (a: Actor) => ctxOf(t, a);
/** one step in its own transaction, as req.mutate runs it */
const step = (a: Actor, record: number, name: string, input: Record<string, unknown> = {}) =>
  t.database.db.transaction((tx) => takeStep({ ...ctxOf(t, a, tx) }, permit, record, name, { home, ...input }));
const refusedWith = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return e as AppError;
  }
  throw new Error('the step was taken');
};
const submitted = async (record: number, by = actors.site!) => {
  return step(by, record, 'submit', { to: 'district', fileIds: [1], data: { purpose: '开设分站' }, comment: '申请' });
};

beforeAll(async () => {
  t = await createTestApp();
  const jinfeng = await t.orgId('金凤区市场监督管理局');
  const city = await t.orgId('银川市市场监督管理局');
  const [bureau] = await t.database.db.select().from(orgs).where(eq(orgs.id, jinfeng));
  // the record's home: an organisation below 金凤区 (a site)
  const [site] = await t.database.db
    .insert(orgs)
    .values({ parentId: jinfeng, path: 'pending', name: '工作流测试站', kind: 'site', regionCode: bureau.regionCode, districtCode: bureau.districtCode })
    .returning();
  const [placed] = await t.database.db.update(orgs).set({ path: `${bureau.path}${site.id}/` }).where(eq(orgs.id, site.id)).returning();
  home = { orgId: placed.id, orgPath: placed.path, regionCode: placed.regionCode, label: '工作流测试站' };
  const make = async (name: string, orgId: number, roles: string[]) => (actors[name] = await actorOf(t.database, await t.createUser({ username: `wf_${name}`, orgId, roles })));
  await make('site', placed.id, ['site_staff']);
  await make('site2', placed.id, ['site_staff']);
  await make('district', jinfeng, ['district_staff']);
  await make('district2', jinfeng, ['district_staff']);
  await make('city', city, ['city_staff']);
  await make('cityAdmin', city, ['city_admin']);
  await make('xingqing', await t.orgId('兴庆区市场监督管理局'), ['district_staff']);
});
afterAll(async () => t?.close());

describe('the engine refuses every illegal transition', () => {
  it('a step the state does not allow is a 409 in the user’s language, and changes nothing', async () => {
    const rec = nextRecord++;
    for (const [who, name] of [
      ['district', 'review'],
      ['cityAdmin', 'approve'],
      ['district', 'return'],
      ['site', 'withdraw'],
    ] as const) {
      const err = await refusedWith(step(actors[who]!, rec, name, { comment: '理由' }));
      expect(err.status, `${name} from draft`).toBe(409);
      expect(err.code).toBe('TRANSITION_NOT_ALLOWED');
      expect(err.messageFor('zh-CN')).toMatch(/^测试许可申请当前为“草稿”，不能/);
      expect(err.messageFor('en-US')).toMatch(/^The test permit request is now “Draft”: it cannot be/);
    }
    expect(await instanceOf(ctx(actors.site!), permit, rec)).toBeNull();
    await submitted(rec);
    // from district: submit again and approve are illegal
    expect((await refusedWith(step(actors.site!, rec, 'submit', { fileIds: [1], data: { purpose: 'y' } }))).code).toBe('TRANSITION_NOT_ALLOWED');
    expect((await refusedWith(step(actors.cityAdmin!, rec, 'approve'))).code).toBe('TRANSITION_NOT_ALLOWED');
    await step(actors.district!, rec, 'review');
    await step(actors.city!, rec, 'approve');
    // approved is terminal: nothing leaves it
    for (const name of ['submit', 'review', 'return', 'approve', 'withdraw']) {
      expect((await refusedWith(step(actors.cityAdmin!, rec, name, { comment: 'x', fileIds: [1], data: { purpose: 'z' } }))).status).toBe(409);
    }
    const steps = await t.database.db.select().from(workflowSteps).where(and(eq(workflowSteps.kind, permit.kind), eq(workflowSteps.recordId, rec)));
    expect(steps.map((s) => `${s.fromState}>${s.toState}`)).toEqual(['draft>district', 'district>city', 'city>approved']);
  });

  it('permission, scope and requirements: 403 or a named field, before anything is written', async () => {
    const rec = nextRecord++;
    // no evidence, no purpose: the fields are named
    const bare = await refusedWith(step(actors.site!, rec, 'submit', { to: 'district' }));
    expect(bare.code).toBe('VALIDATION');
    expect(bare.fieldsFor('zh-CN')![0]!.field).toBe('purpose');
    const noFiles = await refusedWith(step(actors.site!, rec, 'submit', { to: 'district', data: { purpose: 'p' } }));
    expect(noFiles.fieldsFor('en-US')![0]).toMatchObject({ field: 'fileIds' });
    await submitted(rec);
    // the site holds no review permission; another district is not above the home; the home cannot review itself
    expect((await refusedWith(step(actors.site!, rec, 'review'))).status).toBe(403);
    expect((await refusedWith(step(actors.xingqing!, rec, 'review'))).status).toBe(403);
    // a return needs its reason
    const noReason = await refusedWith(step(actors.district!, rec, 'return'));
    expect(noReason.fieldsFor('zh-CN')![0]).toMatchObject({ field: 'comment', message: '意见说明：退回时须填写理由' });
    // only the submitter takes it back
    expect((await refusedWith(step(actors.site2!, rec, 'withdraw'))).status).toBe(403);
    expect((await step(actors.site!, rec, 'withdraw')).to).toBe('draft');
    // a stale version is told so
    const inst = (await instanceOf(ctx(actors.site!), permit, rec))!;
    const stale = await refusedWith(step(actors.site!, rec, 'submit', { to: 'district', fileIds: [1], data: { purpose: 'p' }, version: inst.version - 1 }));
    expect(stale.code).toBe('TRANSITION_CONFLICT');
    expect(stale.messageFor('en-US')).toBe('Someone else acted on this record meanwhile; reload and try again');
  });
});

describe('separation of duties', () => {
  it('the submitter may not review or approve; the reviewer may not approve; a new round forgets', async () => {
    const rec = nextRecord++;
    // the city administrator holds every permission: they submit, and may then neither review nor approve
    await step(actors.cityAdmin!, rec, 'submit', { to: 'district', fileIds: [1], data: { purpose: 'p' } });
    const selfReview = await refusedWith(step(actors.cityAdmin!, rec, 'review'));
    expect(selfReview).toMatchObject({ code: 'SEPARATION_OF_DUTIES', status: 403 });
    expect(selfReview.messageFor('zh-CN')).toBe('同一申请的申请、审核与审批须由不同的人完成');
    expect(mayTake(actors.cityAdmin!, permit, await instanceOf(ctx(actors.cityAdmin!), permit, rec), 'review')).toBe(false);
    expect(mayTake(actors.district!, permit, await instanceOf(ctx(actors.district!), permit, rec), 'review')).toBe(true);
    await step(actors.district!, rec, 'review');
    // the reviewer holds approve too (a city administrator reviewing): still not the approver
    const rec2 = nextRecord++;
    await submitted(rec2);
    await step(actors.cityAdmin!, rec2, 'review');
    expect((await refusedWith(step(actors.cityAdmin!, rec2, 'approve'))).code).toBe('SEPARATION_OF_DUTIES');
    await step(actors.city!, rec2, 'approve');
    // returned, then submitted again by someone else: the first submitter may review the new round
    await step(actors.district2!, rec, 'return', { comment: '补充材料' });
    await step(actors.site!, rec, 'submit', { to: 'district', fileIds: [1], data: { purpose: 'p' } });
    expect((await step(actors.cityAdmin!, rec, 'review')).to).toBe('city');
  });
});

describe('two people acting at once', () => {
  it('50 concurrent approvals of one step: exactly one succeeds, the others get a 409, one step is recorded', async () => {
    const rec = nextRecord++;
    await submitted(rec);
    await step(actors.district!, rec, 'review');
    const city = await t.orgId('银川市市场监督管理局');
    const approvers = await Promise.all(Array.from({ length: 50 }, async (_, i) => actorOf(t.database, await t.createUser({ username: `wf_approver_${i}`, orgId: city, roles: ['city_staff'] }))));
    const results = await Promise.allSettled(approvers.map((a) => step(a, rec, 'approve', { comment: `第${a.userId}号` })));
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as AppError);
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(49);
    expect(new Set(refused.map((e) => `${e.status} ${e.code}`))).toEqual(new Set(['409 TRANSITION_NOT_ALLOWED']));
    const steps = await t.database.db.select().from(workflowSteps).where(and(eq(workflowSteps.recordId, rec), eq(workflowSteps.transition, 'approve')));
    expect(steps).toHaveLength(1);
    const inst = (await instanceOf(ctx(actors.city!), permit, rec))!;
    expect(inst).toMatchObject({ state: 'approved', version: 3 });
  }, 120_000);
});

describe('notices and to-dos', () => {
  it('each state tells whom it concerns: the nearest bureau above, the submitter of the decision; never the actor', async () => {
    const rec = nextRecord++;
    await submitted(rec);
    const mine = async (a: Actor) =>
      t.database.db.select().from(notifications).where(and(eq(notifications.userId, a.userId), eq(notifications.recordKind, permit.kind), eq(notifications.recordId, rec)));
    expect((await mine(actors.district!)).map((n) => n.titleZh)).toEqual(['待审核：工作流测试站']);
    expect((await mine(actors.district!))[0]).toMatchObject({ event: 'task', link: `/test/${rec}`, titleEn: 'To review: 工作流测试站' });
    // the district's task is the district's: the city above it and another district hear nothing, nor the submitter
    expect(await mine(actors.city!)).toHaveLength(0);
    expect(await mine(actors.xingqing!)).toHaveLength(0);
    expect(await mine(actors.site!)).toHaveLength(0);
    await step(actors.district!, rec, 'return', { comment: '缺少场地照片' });
    const [decision] = await mine(actors.site!);
    expect(decision).toMatchObject({ event: 'decision', titleZh: '已退回：工作流测试站' });
    expect(decision!.bodyZh).toContain('缺少场地照片');
    expect(await mine(actors.site2!)).toHaveLength(0);
    // to-dos: what waits for whom, within scope and separation of duties
    const rec2 = nextRecord++;
    await submitted(rec2, actors.district2!);
    expect(await pendingCount(ctx(actors.district!), permit, 'district')).toBeGreaterThanOrEqual(1);
    const before = await pendingCount(ctx(actors.district2!), permit, 'district');
    expect(before).toBe((await pendingCount(ctx(actors.district!), permit, 'district')) - 1);
    expect(await pendingCount(ctx(actors.xingqing!), permit, 'district')).toBe(0);
  });

  it('a time limit’s reminders go out once each — 3 working days before, on the day, overdue — even with two nodes', async () => {
    const rec = nextRecord++;
    await submitted(rec);
    const inst = (await instanceOf(ctx(actors.site!), permit, rec))!;
    expect(inst.dueOn).not.toBeNull();
    const today = shanghaiDate(new Date());
    const reminders = async () =>
      t.database.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, actors.district!.userId), eq(notifications.event, 'deadline'), eq(notifications.recordId, rec)));
    // a second "node": another app's database handle on the same database (PostgreSQL: its own pool)
    const other = DB_KIND === 'pg' ? await openDb({ databaseUrl: t.database.pool!.options.connectionString as string, poolSize: 4 }) : t.database;
    const nodeB = { ...depsOf(t), database: other };
    try {
      for (const [due, expected] of [
        [addCalendarDays(today, 40), 0],
        [addCalendarDays(today, 1), 1],
        [today, 2],
        [addCalendarDays(today, -1), 3],
      ] as const) {
        await t.database.db.update(workflowInstances).set({ dueOn: due }).where(eq(workflowInstances.id, inst.id));
        const runs = await Promise.all([remindLimitsOnce(depsOf(t)), remindLimitsOnce(nodeB), remindLimitsOnce(depsOf(t)), remindLimitsOnce(nodeB)]);
        expect(runs.filter((r) => !r.skipped).length).toBeGreaterThanOrEqual(1);
        expect(await reminders()).toHaveLength(expected);
        // and again: nothing new
        await remindLimitsOnce(nodeB);
        expect(await reminders()).toHaveLength(expected);
      }
      const titles = (await reminders()).map((n) => n.titleZh).sort();
      expect(titles).toEqual(['【今日到期】区县审核时限：工作流测试站', '【即将到期】区县审核时限：工作流测试站', '【已逾期】区县审核时限：工作流测试站']);
    } finally {
      if (other !== t.database) await other.close();
    }
  });
});
