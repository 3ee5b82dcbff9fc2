/**
 * Honest clocks (issue 21, items 11–13): a limit in hours counted in hours, provisional dates that are never later than the
 * real ones and become final when the year is entered, and each clock under the rule version in force on its start date.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { addCalendarDays, computeDue, officialYearLoaded, shanghaiDate, shanghaiDateTime, WorkCalendar } from '@shangmi/shared';
import { caseClocks } from '../../db/schema/index.js';
import { COUNT_CAP, forgetCounts } from '../../platform/count-cache.js';
import { createTestApp, json, type Client, type Json, type TestApp } from '../../../test/harness.js';
import { creditCodes } from '../../../test/fixtures.js';

let t: TestApp;
let admin: Client;
let jinfeng: Client;
const org: Record<string, number> = {};

const creditCode = creditCodes('CB7F');

async function staffCase(extra: Record<string, unknown> = {}) {
  const res = await jinfeng.post('/api/cases', {
    tracks: ['report'],
    title: '时限测试线索',
    description: '前员工将工艺参数带至竞争对手。',
    respondentName: '宁夏时限测试有限公司',
    respondentCreditCode: creditCode('640106'),
    anonymous: true,
    source: 'phone',
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(200);
  return json(res).cases[0].id as number;
}

async function act(id: number, body: Record<string, unknown>) {
  const res = await jinfeng.post(`/api/cases/${id}/actions`, body);
  expect(res.statusCode, res.body).toBe(200);
  return json(res);
}

const clockOf = (d: Json, key: string) => d.clocks.find((c: Json) => c.ruleKey === key);

beforeAll(async () => {
  t = await createTestApp({ rateLimits: null });
  admin = await t.admin();
  org.jinfeng = await t.orgId('金凤区市场监督管理局');
  org.police = await t.orgId('银川市公安局');
  await t.createUser({ username: 'ck_jf', orgId: org.jinfeng, roles: ['district_staff'] });
  jinfeng = await t.loginAs('ck_jf');
});
afterAll(async () => t?.close());

describe('a limit in hours (国务院令第310号 第五条: hand over within 24 hours of approval)', () => {
  it('falls due 24 hours after the approval, to the minute, on no account moved past a holiday; the calendar does not move it', async () => {
    const id = await staffCase();
    await act(id, { action: 'verify', reason: '核查' });
    const p = json(await jinfeng.post(`/api/cases/${id}/police-transfer`, { policeOrgId: org.police, reason: '涉嫌犯罪，移送公安', lossFen: 40_000_000 }));
    const shareId = p.shares[0].id;
    const d = json(await jinfeng.post(`/api/cases/${id}/transfers/${shareId}`, { step: 'approve', reason: '同意移送' }));
    const clock = clockOf(d, 'transfer.handover');
    const approvedAt = new Date(d.shares[0].approvedAt);
    expect(clock).toMatchObject({ unit: 'hours', provisional: false, dueLatest: null, state: 'on_track' }); // due soon in its last 8 hours
    expect(new Date(clock.dueAt).getTime() - approvedAt.getTime()).toBe(24 * 3_600_000);
    expect(clock.dueOn).toBe(shanghaiDate(new Date(clock.dueAt)));

    // the day it falls due declared a holiday: a limit in hours stays where it is
    const res = await admin.put('/api/cases-calendar/overrides', { date: clock.dueOn, work: false, note: '临时放假' });
    expect(res.statusCode, res.body).toBe(200);
    expect(clockOf(json(await jinfeng.get(`/api/cases/${id}`)), 'transfer.handover')).toMatchObject({ dueAt: clock.dueAt, dueOn: clock.dueOn });

    // the decree allows no extension
    expect((await jinfeng.post(`/api/cases/${id}/clocks/${clock.id}/extend`, { days: 1, reason: '延长' })).statusCode).toBe(409);
  });

  it('is overdue the minute its time passes — on the page, in the home counts and in the reminders — and closes by the instant', async () => {
    const id = await staffCase({ title: '逾期移送测试' });
    await act(id, { action: 'verify', reason: '核查' });
    const shareId = json(await jinfeng.post(`/api/cases/${id}/police-transfer`, { policeOrgId: org.police, reason: '移送', lossFen: 40_000_000 })).shares[0].id;
    const d = json(await jinfeng.post(`/api/cases/${id}/transfers/${shareId}`, { step: 'approve', reason: '同意移送' }));
    const clock = clockOf(d, 'transfer.handover');
    // a minute past its due time, still today: a limit in days would not be overdue before tomorrow
    const dueAt = new Date(Date.now() - 60_000);
    await t.database.db.update(caseClocks).set({ dueAt, dueOn: shanghaiDate(dueAt), reminded: `${shanghaiDate(dueAt)}:1` }).where(eq(caseClocks.id, clock.id));
    forgetCounts();
    expect(clockOf(json(await jinfeng.get(`/api/cases/${id}`)), 'transfer.handover').state).toBe('overdue');
    const home = Object.fromEntries((json(await jinfeng.get('/api/home/todos')).items as Json[]).map((i) => [i.key, i]));
    const queue = json(await jinfeng.get('/api/cases/queue?pageSize=200')).items as Json[];
    expect(queue.find((q) => q.id === clock.id).state).toBe('overdue');
    expect(home['cases.overdue'].count).toBe(queue.filter((q) => q.state === 'overdue').length);

    // reminded today already (as due soon): the passing of its due time still sends the overdue reminder, once
    expect((await admin.post('/api/cases/reminders/run')).statusCode).toBe(200);
    const mine = (json(await jinfeng.get('/api/cases/reminders')) as Json[]).filter((m) => m.caseId === id);
    expect(mine.map((m) => m.message)).toEqual([`【已逾期】逾期移送测试：批准后24小时内移送，到期时间 ${shanghaiDateTime(dueAt)}`]);
    await admin.post('/api/cases/reminders/run');
    expect((json(await jinfeng.get('/api/cases/reminders')) as Json[]).filter((m) => m.caseId === id)).toHaveLength(1);

    const h = json(await jinfeng.post(`/api/cases/${id}/transfers/${shareId}`, { step: 'handover', reason: '案卷已移交' }));
    expect(clockOf(h, 'transfer.handover')).toMatchObject({ state: 'closed_late' });
  });
});

describe('a provisional due date', () => {
  // the first year chinese-days does not carry (2027 as this is written)
  const year = (() => {
    let y = Number(shanghaiDate(new Date()).slice(0, 4));
    while (officialYearLoaded(y)) y++;
    return y;
  })();
  // one possible arrangement of 国庆节 that year, as an administrator would enter it
  const arrangement = [
    ...[1, 2, 3, 4, 5, 6, 7].map((d) => ({ date: `${year}-10-0${d}`, work: false, note: '国庆节' })),
    ...[`${year}-09-26`, `${year}-10-09`].filter((d) => [0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay())).map((date) => ({ date, work: true, note: '调休上班' })),
  ];

  it('is the earliest date any arrangement gives, with the latest as its range; entering the year makes it final', async () => {
    const id = await staffCase({ title: '暂定时限测试' });
    const start = `${year}-09-28`;
    const [verify] = (json(await jinfeng.get(`/api/cases/${id}`)).clocks as Json[]).filter((c) => c.ruleKey === 'report.verify');
    await t.database.db.update(caseClocks).set({ startedOn: start }).where(eq(caseClocks.id, verify.id));
    // any calendar change recomputes the open clocks
    expect((await admin.put('/api/cases-calendar/overrides', { date: `${year + 3}-03-03`, work: true, note: '无关调整' })).statusCode).toBe(200);
    const expected = computeDue(new WorkCalendar([{ date: `${year + 3}-03-03`, work: true }]), { start, length: 15, unit: 'working' });
    const provisional = clockOf(json(await jinfeng.get(`/api/cases/${id}`)), 'report.verify');
    expect(provisional).toMatchObject({ provisional: true, dueOn: expected.due, dueLatest: expected.latest });
    expect(provisional.dueOn < provisional.dueLatest).toBe(true);

    // the administrator enters the year's 国庆节 and marks the year loaded: the clock is final
    for (const o of arrangement) expect((await admin.put('/api/cases-calendar/overrides', o)).statusCode).toBe(200);
    expect(clockOf(json(await jinfeng.get(`/api/cases/${id}`)), 'report.verify').provisional).toBe(true);
    expect((await admin.post('/api/cases-calendar/years', { year })).statusCode).toBe(200);
    const final = clockOf(json(await jinfeng.get(`/api/cases/${id}`)), 'report.verify');
    const entered = computeDue(new WorkCalendar([...arrangement, { date: `${year + 3}-03-03`, work: true }], [year]), { start, length: 15, unit: 'working' });
    expect(final).toMatchObject({ provisional: false, dueOn: entered.due, dueLatest: null });
    expect(final.dueOn >= provisional.dueOn && final.dueOn <= provisional.dueLatest).toBe(true);
  });

  it('a stale provisional date (the package now carries the year) is made final by the reminder run', async () => {
    const id = await staffCase({ title: '过期暂定测试' });
    const [clock] = (json(await jinfeng.get(`/api/cases/${id}`)).clocks as Json[]).filter((c) => c.ruleKey === 'report.verify');
    await t.database.db.update(caseClocks).set({ startedOn: '2026-02-13', dueOn: '2026-03-05', dueLatest: '2026-03-20', provisional: true }).where(eq(caseClocks.id, clock.id));
    expect((await admin.post('/api/cases/reminders/run')).statusCode).toBe(200);
    const after = clockOf(json(await jinfeng.get(`/api/cases/${id}`)), 'report.verify');
    expect(after).toMatchObject({ provisional: false, dueLatest: null });
    // 15 working days from 2026-02-13 over the published 2026 (Spring Festival, 02-14 and 02-28 working), the admin's days aside
    const cal = new WorkCalendar(json(await admin.get('/api/cases-calendar')).overrides, json(await admin.get('/api/cases-calendar')).loadedYears);
    expect(after.dueOn).toBe(computeDue(cal, { start: '2026-02-13', length: 15, unit: 'working' }).due);
  });
});

describe('each clock follows the text in force on its start date', () => {
  it('a complaint received before 2026-04-15 is measured against the 暂行办法, one received after against 令121', async () => {
    const old = await staffCase({ tracks: ['complaint'], receivedOn: '2026-04-10' });
    const now = await staffCase({ tracks: ['complaint'], receivedOn: '2026-04-20' });
    expect(clockOf(json(await jinfeng.get(`/api/cases/${old}`)), 'complaint.accept').citation).toBe('市场监督管理投诉举报处理暂行办法 第十四条');
    const accept = clockOf(json(await jinfeng.get(`/api/cases/${now}`)), 'complaint.accept');
    expect(accept.citation).toBe('市场监督管理投诉举报处理办法 第十五条');
    expect(accept.dueOn).toBe('2026-04-29'); // 7 working days after Monday 04-20
    // mediation accepted today (after 2026-04-15): 60 days, not 45 working days
    const d = await act(now, { action: 'accept', reason: '受理并组织调解' });
    const med = clockOf(d, 'complaint.mediation');
    const cal = new WorkCalendar(json(await admin.get('/api/cases-calendar')).overrides, json(await admin.get('/api/cases-calendar')).loadedYears);
    const today = shanghaiDate(new Date());
    expect(med).toMatchObject({ unit: 'calendar', citation: '市场监督管理投诉举报处理办法 第二十三条第一款第（五）项、第二十二条' });
    expect(med.dueOn).toBe(computeDue(cal, { start: today, length: 60, unit: 'calendar' }).due);
    expect(med.dueOn >= addCalendarDays(today, 60)).toBe(true);
  });

  it('a filing decision for a named reporter starts no 5-working-day clock under 令121; a decision of no penalty starts the closing clock', async () => {
    const id = await staffCase({ anonymous: false, reporter: { name: '实名举报人', phone: '13811112222' } });
    await act(id, { action: 'verify', reason: '核查' });
    let d = await act(id, { action: 'file', reason: '立案', caseNumber: '银金市监立字〔2026〕99号' });
    expect(d.clocks.map((c: Json) => c.ruleKey).sort()).toEqual(['case.decision', 'report.verify']);
    d = await act(id, { action: 'notify_reporter', reason: '已电话告知' });
    d = await act(id, { action: 'decide', reason: '违法事实不能成立', decisionKind: 'no_penalty' });
    expect(clockOf(d, 'case.close')).toMatchObject({ unit: 'working', citation: '市场监督管理行政处罚程序规定 第七十七条', closedOn: null });
    d = await act(id, { action: 'close', reason: '结案' });
    expect(clockOf(d, 'case.close').state).toBe('closed_on_time');
  });
});

describe('the queue at city size', () => {
  it('its total is capped: past 10,000 open clocks the queue and its home tile say "10,000+" without walking them all', async () => {
    const id = await staffCase({ title: '上限测试' });
    const [open] = (json(await jinfeng.get(`/api/cases/${id}`)).clocks as Json[]).filter((c) => !c.closedOn);
    const [{ last }] = await t.database.query<{ last: number }>(`select max(id)::int as last from case_clocks`);
    // 10,001 copies of the case's open clock, due later than anything else in the queue, written beside the app
    await t.database.query(
      `insert into case_clocks (case_id, share_id, rule_key, started_on, due_on, org_path)
       select case_id, share_id, rule_key, started_on, due_on + 400, org_path from case_clocks, generate_series(1, $2) where id = $1`,
      [open.id, COUNT_CAP + 1],
    );
    forgetCounts();
    try {
      expect(json(await jinfeng.get('/api/cases/queue?pageSize=1'))).toMatchObject({ total: COUNT_CAP, capped: true });
      const home = Object.fromEntries((json(await jinfeng.get('/api/home/todos')).items as Json[]).map((i) => [i.key, i]));
      expect(home['cases.queue']).toMatchObject({ count: COUNT_CAP, capped: true });
      // below the cap a total is exact and says nothing of a cap (the cases list)
      const list = json(await jinfeng.get('/api/cases?pageSize=1'));
      expect(list.total).toBeGreaterThan(0);
      expect(list.total).toBeLessThan(COUNT_CAP);
      expect(list.capped).toBeUndefined();
    } finally {
      await t.database.query(`delete from case_clocks where case_id = $1 and id > $2`, [id, last]);
      forgetCounts();
    }
  });
});
