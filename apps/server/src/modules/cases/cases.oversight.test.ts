import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { computeDue, shanghaiDate, WorkCalendar } from '@shangmi/shared';
import { caseClocks, orgs } from '../../db/schema/index.js';
import { json, readXlsx, type Client, type Json } from '../../../test/harness.js';
import { t, admin, city, jinfeng, xingqing, police, police2, procurator, enterprise, org, creditCode, file, act } from './cases.fixture.js';

describe('reminders', () => {
  it('a clock due today reminds the handling officers and the supervisor above through the inbox, once', async () => {
    const r = await file({ title: '提醒测试线索' });
    const id = r.cases[0].id;
    const today = shanghaiDate(new Date());
    // the lead was found long ago: its 15 working days end today
    // a fixed date, not a provisional range (late in the year the range reaches into a year whose calendar is not loaded,
    // and the run would first move a provisional clock back to its computed range)
    await t.database.db.update(caseClocks).set({ dueOn: today, dueLatest: null, provisional: false }).where(eq(caseClocks.caseId, id));
    expect((await jinfeng.post('/api/cases/reminders/run')).statusCode).toBe(403);
    const run = await admin.post('/api/cases/reminders/run');
    expect(run.statusCode, run.body).toBe(200);
    expect(json(run).clocks).toBeGreaterThanOrEqual(1);
    const mine = json(await jinfeng.get('/api/cases/reminders'));
    // three reminders per due date (3 working days before, on the day, overdue): this one is the day's
    expect(mine.find((m: Json) => m.caseId === id).message).toBe(`【今日到期】提醒测试线索：核查线索、决定是否立案，到期日 ${today}`);
    expect(json(await jinfeng.get('/api/inbox?event=deadline')).items.find((n: Json) => n.recordId === id)).toMatchObject({ link: `/cases/${id}`, recordKind: 'case' });
    // the city bureau supervises 金凤区 (cases:approve one level up); 兴庆区 hears nothing
    expect(json(await city.get('/api/cases/reminders')).some((m: Json) => m.caseId === id)).toBe(true);
    expect(json(await xingqing.get('/api/cases/reminders')).some((m: Json) => m.caseId === id)).toBe(false);
    // the same day again: nothing new for that clock
    await admin.post('/api/cases/reminders/run');
    expect(json(await jinfeng.get('/api/cases/reminders')).filter((m: Json) => m.caseId === id)).toHaveLength(1);
  });
});

describe('supervision (督办)', () => {
  it('the city marks a major case and sets the report date; the handling district reports; districts cannot supervise', async () => {
    const r = await file({ title: '重大督办线索' });
    const id = r.cases[0].id;
    const today = shanghaiDate(new Date());
    const due = new Date(Date.parse(`${today}T00:00:00Z`) + 10 * 86_400_000).toISOString().slice(0, 10);
    expect((await jinfeng.post(`/api/cases/${id}/supervision`, { dueOn: due, requirement: '每十日报送进展' })).statusCode).toBe(403);
    expect((await city.post(`/api/cases/${id}/supervision`, { dueOn: today, requirement: '当日报送' })).statusCode).toBe(400);
    const s = await city.post(`/api/cases/${id}/supervision`, { dueOn: due, requirement: '列为重大案件督办，十日内报送进展' });
    expect(s.statusCode, s.body).toBe(200);
    const clock = json(s).clocks.find((c: Json) => c.ruleKey === 'supervision.report');
    expect(clock.dueOn).toBe(computeDue(new WorkCalendar(), { start: today, length: 10, unit: 'calendar' }).due);
    expect(json(s).supervised).toBe(true);
    // the city supervises; it does not report for the district
    expect((await city.post(`/api/cases/${id}/supervision/report`, { text: '代报' })).statusCode).toBe(403);
    const rep = await jinfeng.post(`/api/cases/${id}/supervision/report`, { text: '已调取生产记录，正在委托鉴定' });
    expect(rep.statusCode, rep.body).toBe(200);
    expect(json(rep).clocks.find((c: Json) => c.ruleKey === 'supervision.report').closedOn).toBe(today);
    expect(json(rep).events.map((e: Json) => e.action).slice(-2)).toEqual(['supervise', 'progress_report']);
  });
});

describe('joint cases (联合办案)', () => {
  it('members share one case space; each agency sees only the notes shared with it', async () => {
    const r = await file({ title: '联合办案线索' });
    const id = r.cases[0].id;
    expect((await police.post(`/api/cases/${id}/joint`, { orgIds: [org.police], message: '越权' })).statusCode).toBe(403);
    const j = await jinfeng.post(`/api/cases/${id}/joint`, { orgIds: [org.police, org.procuratorate], message: '邀请公安、检察提前介入' });
    expect(j.statusCode, j.body).toBe(200);
    expect(json(j).shares.filter((s: Json) => s.kind === 'joint').map((s: Json) => s.orgId).sort()).toEqual([org.police, org.procuratorate].sort());
    // both members now see the case; another police unit does not
    expect((await police.get(`/api/cases/${id}`)).statusCode).toBe(200);
    expect((await procurator.get(`/api/cases/${id}`)).statusCode).toBe(200);
    expect((await police2.get(`/api/cases/${id}`)).statusCode).toBe(404);
    expect((await police2.post(`/api/cases/${id}/joint/notes`, { text: '外单位', shareWith: [] })).statusCode).toBe(404);
    // the bureau shares a note with the police only
    expect((await jinfeng.post(`/api/cases/${id}/joint/notes`, { text: '不能共享给非成员', shareWith: [org.xingqing] })).statusCode).toBe(400);
    expect((await jinfeng.post(`/api/cases/${id}/joint/notes`, { text: '鉴定意见：技术信息构成商业秘密', shareWith: [org.police] })).statusCode).toBe(200);
    // the procuratorate writes a note for itself and the bureau only
    expect((await procurator.post(`/api/cases/${id}/joint/notes`, { text: '建议补充调取银行流水', shareWith: [] })).statusCode).toBe(200);
    const notes = (c: Json) => c.events.filter((e: Json) => e.action === 'joint_note').map((e: Json) => e.reason);
    expect(notes(json(await police.get(`/api/cases/${id}`)))).toEqual(['鉴定意见：技术信息构成商业秘密']);
    expect(notes(json(await procurator.get(`/api/cases/${id}`)))).toEqual(['建议补充调取银行流水']);
    expect(notes(json(await jinfeng.get(`/api/cases/${id}`)))).toEqual(['鉴定意见：技术信息构成商业秘密', '建议补充调取银行流水']);
  });
});

describe('information-sharing register (信息共享台账)', () => {
  it('lists what was sent to whom and when across cases in scope; partners see their own rows; filters and export', async () => {
    const a = (await file()).cases[0].id; // 金凤区
    const b = (await file({ respondentCreditCode: creditCode('640104') })).cases[0].id; // 兴庆区
    const c = (await file()).cases[0].id; // 金凤区
    expect(json(await xingqing.get(`/api/cases/${b}`)).orgId).toBe(org.xingqing);
    await act(jinfeng, a, { action: 'verify', reason: '核查' });
    expect((await jinfeng.post(`/api/cases/${a}/notices`, { orgIds: [org.police, org.procuratorate], message: '通报：线索甲' })).statusCode).toBe(200);
    expect((await xingqing.post(`/api/cases/${b}/notices`, { orgIds: [org.police], message: '通报：线索乙' })).statusCode).toBe(200);
    // a proposed transfer is the bureau's internal matter: on the bureau's register, not the police's
    expect((await jinfeng.post(`/api/cases/${a}/police-transfer`, { policeOrgId: org.police, reason: '涉嫌犯罪，提请移送' })).statusCode).toBe(200);
    expect((await jinfeng.post(`/api/cases/${c}/joint`, { orgIds: [org.procuratorate], message: '联合办案' })).statusCode).toBe(200);
    const mine = new Set([a, b, c]);
    const rows = async (client: Client, query = '') => {
      const res = await client.get(`/api/cases/shares?pageSize=200${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return (json(res).items as Json[]).filter((s) => mine.has(s.caseId));
    };
    const key = (s: Json) => `${s.caseId}:${s.kind}:${s.orgName}:${s.status}`;
    const policeName = '银川市公安局';
    const procName = (await t.database.db.select().from(orgs).where(eq(orgs.id, org.procuratorate)))[0].name;

    // the district sees its own cases' rows, the sender named, newest first
    const jf = await rows(jinfeng);
    expect(jf.map(key).sort()).toEqual(
      [`${a}:notice:${policeName}:sent`, `${a}:notice:${procName}:sent`, `${a}:transfer:${policeName}:proposed`, `${c}:joint:${procName}:active`].sort(),
    );
    expect(jf.every((s) => s.fromOrgName === '金凤区市场监督管理局')).toBe(true);
    expect(jf.map((s) => s.proposedAt)).toEqual([...jf.map((s) => s.proposedAt)].sort().reverse());
    expect((await rows(xingqing)).map(key)).toEqual([`${b}:notice:${policeName}:sent`]);
    // the city sees both districts
    expect((await rows(city)).length).toBe(5);
    // the police: both notices sent to them, not the transfer still awaiting approval, nothing sent to others
    expect((await rows(police)).map(key).sort()).toEqual([`${a}:notice:${policeName}:sent`, `${b}:notice:${policeName}:sent`].sort());
    expect((await rows(procurator)).map(key).sort()).toEqual([`${a}:notice:${procName}:sent`, `${c}:joint:${procName}:active`].sort());
    // a partner cannot widen its view with a filter
    expect(await rows(police, `&orgId=${org.procuratorate}`)).toEqual([]);
    // enterprises do not read the register
    expect((await enterprise.get('/api/cases/shares')).statusCode).toBe(403);

    // filters: agency, kind, date range (Asia/Shanghai days)
    expect((await rows(city, `&orgId=${org.procuratorate}`)).map(key).sort()).toEqual([`${a}:notice:${procName}:sent`, `${c}:joint:${procName}:active`].sort());
    expect((await rows(city, '&kind=transfer')).map(key)).toEqual([`${a}:transfer:${policeName}:proposed`]);
    const today = shanghaiDate(new Date());
    const yesterday = shanghaiDate(new Date(Date.now() - 86_400_000));
    expect((await rows(city, `&from=${today}&to=${today}`)).length).toBe(5);
    expect(await rows(city, `&to=${yesterday}`)).toEqual([]);
    expect((await city.get('/api/cases/shares?kind=mail')).statusCode).toBe(400);

    // export: the same rows as the list, with the Chinese headers
    const res = await city.get(`/api/cases/shares/export?orgId=${org.procuratorate}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/spreadsheetml/);
    const sheet = await readXlsx(res);
    expect(sheet[0].slice(0, 5)).toEqual(['共享方式', '案件', '立案号', '发送单位', '接收单位']);
    const listed = json(await city.get(`/api/cases/shares?pageSize=200&orgId=${org.procuratorate}`));
    expect(sheet.length - 1).toBe(listed.total);
    expect(sheet.slice(1).every((r) => r[4] === procName)).toBe(true);
    expect(sheet.slice(1).map((r) => r[0])).toContain('联合办案');
    const policeSheet = await readXlsx(await police.get('/api/cases/shares/export'));
    expect(policeSheet.slice(1).every((r) => r[4] === policeName)).toBe(true);
    expect(policeSheet.length - 1).toBe(json(await police.get('/api/cases/shares')).total);
  });
});
