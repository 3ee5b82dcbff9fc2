/** Cases: public intake, reporter protection, district scope, lifecycle and clocks (shared setup: cases.fixture.ts) */
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import JSZip from 'jszip';
import { computeDue, isValidTrackingCode, shanghaiDate, WorkCalendar } from '@shangmi/shared';
import { cases } from '../../db/schema/index.js';
import { json, readXlsx, type Json } from '../../../test/harness.js';
import { t, admin, city, jinfeng, xingqing, police, enterprise, org, anon, creditCode, filing, file, act, lastOplog } from './cases.fixture.js';

describe('public intake', () => {
  it('an anonymous report gets a 16-digit tracking code with a check digit, committed before the answer', async () => {
    const r = await file();
    expect(r.trackingCode).toMatch(/^\d{16}$/);
    expect(isValidTrackingCode(r.trackingCode)).toBe(true);
    const [row] = await t.database.db.select().from(cases).where(eq(cases.id, r.cases[0].id));
    expect(row).toMatchObject({ trackingCode: r.trackingCode, track: 'report', status: 'lead', anonymous: true, reporterSealed: null, source: 'public' });
    // the respondent's credit code names 金凤区: the case goes to its bureau
    expect(row.suggestedDistrictCode).toBe('640106');
    expect(row.orgId).toBe(org.jinfeng);
    // codes are random: two filings never share one
    expect((await file()).trackingCode).not.toBe(r.trackingCode);
  });

  it('the reporter sees the status and adds material with the code, without an account; a mistyped code is refused', async () => {
    const r = await file();
    const st = json(await anon().get(`/api/public/cases/${r.trackingCode}`));
    expect(st.items).toHaveLength(1);
    expect(st.items[0]).toMatchObject({ track: 'report', status: 'lead', receivedOn: shanghaiDate(new Date()) });
    expect(st.items[0].steps.map((s: Json) => s.action)).toEqual(['intake']);
    const add = await anon().post(`/api/public/cases/${r.trackingCode}/material`, { text: '补充：对方网站仍在销售相关产品。' });
    expect(add.statusCode, add.body).toBe(200);
    expect(json(await anon().get(`/api/public/cases/${r.trackingCode}`)).items[0].steps.map((s: Json) => s.action)).toEqual(['intake', 'material']);
    // one digit changed breaks the check digit (400 before any lookup); a valid but unknown code is 404
    const bad = r.trackingCode.slice(0, 3) + ((Number(r.trackingCode[3]) + 1) % 10) + r.trackingCode.slice(4);
    expect((await anon().get(`/api/public/cases/${bad}`)).statusCode).toBe(400);
    let other = '100000000000000';
    other += String((10 - ([...other].reduce((s, d, i) => s + (i % 2 === 0 ? ((2 * +d) % 10) + Math.floor((2 * +d) / 10) : +d), 0) % 10)) % 10);
    expect((await anon().get(`/api/public/cases/${other}`)).statusCode).toBe(404);
  });

  it('a filing that asks for both mediation and enforcement splits into two tracks under one code', async () => {
    const r = await file({ tracks: ['complaint', 'report'] });
    expect(r.cases.map((c) => c.track).sort()).toEqual(['complaint', 'report']);
    const a = json(await jinfeng.get(`/api/cases/${r.cases[0].id}`));
    const b = json(await jinfeng.get(`/api/cases/${r.cases[1].id}`));
    expect(a.siblingId).toBe(b.id);
    expect(b.siblingId).toBe(a.id);
    const complaint = [a, b].find((c) => c.track === 'complaint');
    expect(complaint.status).toBe('received');
    expect(complaint.clocks.map((c: Json) => c.ruleKey)).toEqual(['complaint.accept']);
    const st = json(await anon().get(`/api/public/cases/${r.trackingCode}`));
    expect(st.items.map((i: Json) => i.track)).toEqual(['complaint', 'report']);
  });

  it('names the fields in the user’s language; a named filing needs the reporter', async () => {
    const res = await anon().post('/api/public/cases', filing({ anonymous: false }));
    expect(res.statusCode).toBe(400);
    expect(json(res).error.fields[0]).toMatchObject({ field: 'reporter' });
    expect(json(res).error.fields[0].message).toMatch(/^投诉举报人信息：/);
    const res2 = await anon().post('/api/public/cases', { ...filing(), title: '' });
    expect(json(res2).error.fields[0].message).toMatch(/^标题：/);
  });

  it('the registry decides the district when the respondent is a registered enterprise (over the code’s division)', async () => {
    const code = creditCode('640106'); // issued in 金凤区 …
    const e = await admin.post('/api/enterprises', { creditCode: code, name: '宁夏迁址科技有限公司', districtCode: '640104' }); // … now registered in 兴庆区
    expect(e.statusCode, e.body).toBe(200);
    const r = await file({ respondentCreditCode: code });
    const [row] = await t.database.db.select().from(cases).where(eq(cases.id, r.cases[0].id));
    expect(row).toMatchObject({ suggestedDistrictCode: '640104', orgId: org.xingqing });
  });

  it('staff enter a phone call; the address suggests the district when there is no credit code', async () => {
    const res = await jinfeng.post('/api/cases', {
      ...filing({ respondentCreditCode: null, respondentAddress: '银川市兴庆区解放西街1号' }),
      source: 'phone',
      tracks: ['complaint'],
    });
    expect(res.statusCode, res.body).toBe(200);
    const [row] = await t.database.db.select().from(cases).where(eq(cases.id, json(res).cases[0].id));
    expect(row).toMatchObject({ source: 'phone', suggestedDistrictCode: '640104', orgId: org.xingqing });
  });

  it('an enterprise reports as rights holder with the Art. 17–18 fields and attachments', async () => {
    const f = await enterprise.upload('保密协议.pdf', Buffer.from('%PDF-1.4 nda'), 'application/pdf');
    const res = await enterprise.post('/api/cases/rightholder', {
      title: '核心工艺参数被竞争对手使用',
      respondentName: '宁夏仿冒科技有限公司',
      respondentCreditCode: creditCode('640104'),
      secretSummary: '反应釜温控曲线参数表（技术信息）',
      measures: '保密协议、分级授权、涉密区域门禁',
      infringementLeads: '对方新产品与我方参数一致，离职员工入职对方。',
      receiptRefs: ['SM-RCPT-0001'],
      lossFen: 50_000_000,
      contact: { name: '王经理', phone: '0951-1234567' },
      fileIds: [f.id],
    });
    expect(res.statusCode, res.body).toBe(200);
    const d = json(await xingqing.get(`/api/cases/${json(res).cases[0].id}`));
    expect(d).toMatchObject({ source: 'enterprise', track: 'report', anonymous: false, hasReporter: true, lossFen: 50_000_000 });
    expect(d.rightholder).toMatchObject({ measures: '保密协议、分级授权、涉密区域门禁', receiptRefs: ['SM-RCPT-0001'] });
    expect(d.files.map((x: Json) => x.name)).toEqual(['保密协议.pdf']);
    // bureau staff cannot file as a rights holder, and enterprises cannot read the case list
    expect((await jinfeng.post('/api/cases/rightholder', {})).statusCode).toBe(403);
    expect((await enterprise.get('/api/cases')).statusCode).toBe(403);
  });
});

describe('reporter protection', () => {
  it('identity is sealed at rest; only cases:identity reveals it, with a reason, and every reveal is listed and logged', async () => {
    const r = await file({ anonymous: false, reporter: { name: '张举报', phone: '13800000000', email: 'zhang@example.com' } });
    const id = r.cases[0].id;
    const [row] = await t.database.db.select().from(cases).where(eq(cases.id, id));
    expect(row.reporterSealed).toMatch(/^v1\./);
    expect(row.reporterSealed).not.toContain('张举报');
    expect(row.reporterSealed).not.toContain('13800000000');
    // the detail never carries the identity
    const d = json(await jinfeng.get(`/api/cases/${id}`));
    expect(d.hasReporter).toBe(true);
    expect(JSON.stringify(d)).not.toContain('张举报');
    // district staff hold no cases:identity
    expect((await jinfeng.post(`/api/cases/${id}/identity`, { reason: '核实举报内容需要联系举报人' })).statusCode).toBe(403);
    expect((await police.post(`/api/cases/${id}/identity`, { reason: '核实举报内容需要联系举报人' })).statusCode).toBe(403);
    // a reason is required
    const noReason = await admin.post(`/api/cases/${id}/identity`, { reason: '' });
    expect(noReason.statusCode).toBe(400);
    const rev = await admin.post(`/api/cases/${id}/identity`, { reason: '核实举报内容需要联系举报人' });
    expect(rev.statusCode, rev.body).toBe(200);
    expect(json(rev)).toMatchObject({ name: '张举报', phone: '13800000000', email: 'zhang@example.com' });
    const log = await lastOplog();
    expect(log).toMatchObject({ action: 'cases.identity-reveal', targetType: 'case', targetId: String(id), result: 'success' });
    expect(JSON.stringify(log.after)).toContain('核实举报内容需要联系举报人');
    expect(JSON.stringify(log.after)).not.toContain('张举报');
    const after = json(await jinfeng.get(`/api/cases/${id}`));
    expect(after.reveals).toEqual([expect.objectContaining({ username: 'admin', reason: '核实举报内容需要联系举报人' })]);
    expect(after.events.map((e: Json) => e.action)).toContain('identity_reveal');
  });

  it('an anonymous report has nothing to reveal', async () => {
    const r = await file();
    expect((await admin.post(`/api/cases/${r.cases[0].id}/identity`, { reason: '尝试查看匿名举报人' })).statusCode).toBe(409);
  });
});

describe('district scope', () => {
  it('兴庆区 cannot read, list, act on or export 金凤区’s case; the city sees both', async () => {
    const r = await file();
    const id = r.cases[0].id;
    expect((await jinfeng.get(`/api/cases/${id}`)).statusCode).toBe(200);
    expect((await xingqing.get(`/api/cases/${id}`)).statusCode).toBe(404);
    expect(json(await xingqing.get('/api/cases?pageSize=200')).items.map((c: Json) => c.id)).not.toContain(id);
    expect(json(await jinfeng.get('/api/cases?pageSize=200')).items.map((c: Json) => c.id)).toContain(id);
    expect((await xingqing.post(`/api/cases/${id}/actions`, { action: 'verify', reason: '越权核查' })).statusCode).toBe(404);
    expect((await xingqing.get(`/api/cases/${id}/documents/filing-approval`)).statusCode).toBe(404);
    const rows = await readXlsx(await xingqing.get('/api/cases/export'));
    expect(rows.flat()).not.toContain(r.trackingCode);
    expect((await city.get(`/api/cases/${id}`)).statusCode).toBe(200);
    const q = json(await xingqing.get('/api/cases/queue?pageSize=200'));
    expect(q.items.map((c: Json) => c.caseId)).not.toContain(id);
  });

  it('a hand-over to another district: the receiver may dispute, and the case goes to the city', async () => {
    const r = await file();
    const id = r.cases[0].id;
    const tr = await jinfeng.post(`/api/cases/${id}/district-transfer`, { toDistrictCode: '640104', reason: '被举报人实际经营地在兴庆区' });
    expect(tr.statusCode, tr.body).toBe(200);
    const clock = json(tr).clocks.find((c: Json) => c.ruleKey === 'district.dispute');
    const cal = new WorkCalendar();
    expect(clock.dueOn).toBe(computeDue(cal, { start: clock.startedOn, length: 7, unit: 'working' }).due);
    // 西夏区 is not asked and cannot answer
    const ans = await xingqing.post(`/api/cases/${id}/district-transfer/answer`, { accept: false, reason: '注册地在金凤区，应由金凤区管辖' });
    expect(ans.statusCode, ans.body).toBe(200);
    const [row] = await t.database.db.select().from(cases).where(eq(cases.id, id));
    expect(row.orgId).toBe(org.city);
    expect((await jinfeng.get(`/api/cases/${id}`)).statusCode).toBe(404);
    // the city assigns
    const as = await city.post(`/api/cases/${id}/assign`, { districtCode: '640104', reason: '经营地在兴庆区，指定兴庆区管辖' });
    expect(as.statusCode, as.body).toBe(200);
    expect(json(await xingqing.get(`/api/cases/${id}`)).orgId).toBe(org.xingqing);
    expect((await jinfeng.post(`/api/cases/${id}/assign`, { districtCode: '640106', reason: '区县不能指定管辖' })).statusCode).toBe(403);
  });
});

describe('lifecycle and clocks', () => {
  it('lead → verifying → 立案 → decision → execution → 结案, with clocks started and stopped, and the Word documents', async () => {
    const r = await file({ anonymous: false, reporter: { name: '李实名', phone: '13900000000' } });
    const id = r.cases[0].id;
    let d = await act(jinfeng, id, { action: 'verify', reason: '调取对方产品说明书核查' });
    expect(d.status).toBe('verifying');
    expect((await jinfeng.post(`/api/cases/${id}/actions`, { action: 'file', reason: '同意立案' })).statusCode).toBe(400); // no case number
    expect((await jinfeng.post(`/api/cases/${id}/actions`, { action: 'execute', reason: '跳步' })).statusCode).toBe(409);
    // a reason over the limit is refused under the label the case dialogs show (理由/意见), and changes nothing
    const long = await jinfeng.post(`/api/cases/${id}/actions`, { action: 'file', reason: '理'.repeat(2001), caseNumber: '银金市监立字〔2026〕15号' });
    expect(long.statusCode).toBe(400);
    expect(json(long).error.fields[0]).toEqual({ field: 'reason', message: '理由/意见：最多 2000 个字符' });
    expect(json(await jinfeng.get(`/api/cases/${id}`)).status).toBe('verifying');
    d = await act(jinfeng, id, { action: 'file', reason: '同意立案', caseNumber: '银金市监立字〔2026〕15号' });
    expect(d.status).toBe('investigating');
    const verify = d.clocks.find((c: Json) => c.ruleKey === 'report.verify');
    expect(verify.closedOn).toBe(shanghaiDate(new Date()));
    expect(verify.state).toBe('closed_on_time');
    const decision = d.clocks.find((c: Json) => c.ruleKey === 'case.decision');
    expect(decision.dueOn).toBe(computeDue(new WorkCalendar(), { start: decision.startedOn, length: 90, unit: 'calendar' }).due);
    // 令121 (from 2026-04-15) keeps no 5-working-day limit for telling a named reporter: no clock (cases.clocks.test.ts)
    expect(d.clocks.map((c: Json) => c.ruleKey)).not.toContain('report.notify_reporter');

    // appraisal pauses the 90 days; resuming gives the due date back later than before
    const paused = json(await jinfeng.post(`/api/cases/${id}/clocks/${decision.id}/pause`, { reason: 'appraisal', note: '委托司法鉴定' }));
    expect(paused.clocks.find((c: Json) => c.id === decision.id)).toMatchObject({ dueOn: null, state: 'paused' });
    expect((await jinfeng.post(`/api/cases/${id}/clocks/${decision.id}/pause`, { reason: 'appraisal', note: '再次' })).statusCode).toBe(409);
    const resumed = json(await jinfeng.post(`/api/cases/${id}/clocks/${decision.id}/resume`, { note: '鉴定意见已出具' }));
    const afterPause = resumed.clocks.find((c: Json) => c.id === decision.id);
    expect(afterPause.dueOn >= decision.dueOn).toBe(true);
    // +30 days with approval; more only by collective decision
    expect((await jinfeng.post(`/api/cases/${id}/clocks/${decision.id}/extend`, { days: 31, reason: '案情复杂' })).statusCode).toBe(400);
    const ext = json(await jinfeng.post(`/api/cases/${id}/clocks/${decision.id}/extend`, { days: 30, reason: '案情复杂，经负责人批准延长' }));
    const extended = ext.clocks.find((c: Json) => c.id === decision.id);
    expect(extended.extension).toBe(30);
    expect(extended.dueOn > afterPause.dueOn).toBe(true);
    const coll = await jinfeng.post(`/api/cases/${id}/clocks/${decision.id}/extend`, { days: 30, reason: '集体讨论决定继续延长', collective: true });
    expect(coll.statusCode, coll.body).toBe(200);

    d = await act(jinfeng, id, { action: 'notify_reporter', reason: '电话告知举报人已立案' });
    d = await act(jinfeng, id, { action: 'evidence', reason: '调取对方生产记录' });
    d = await act(jinfeng, id, { action: 'notice', reason: '拟罚款人民币30万元' });
    expect((await jinfeng.post(`/api/cases/${id}/actions`, { action: 'decide', reason: '处罚', decisionKind: 'penalty' })).statusCode).toBe(400);
    d = await act(jinfeng, id, { action: 'decide', reason: '依法作出处罚', decisionKind: 'penalty', decisionNo: '银金市监处罚〔2026〕8号', fineFen: 30_000_000, confiscationFen: 1_250_000 });
    expect(d).toMatchObject({ status: 'decided', fineFen: 30_000_000, decisionNo: '银金市监处罚〔2026〕8号' });
    expect(d.clocks.find((c: Json) => c.ruleKey === 'case.decision').closedOn).not.toBeNull();
    expect(d.clocks.map((c: Json) => c.ruleKey)).toContain('case.publish');
    d = await act(jinfeng, id, { action: 'execute', reason: '罚没款已缴清' });
    expect(d.clocks.find((c: Json) => c.ruleKey === 'case.close').state).not.toBe('overdue');
    d = await act(jinfeng, id, { action: 'close', reason: '执行完毕，结案' });
    expect(d.status).toBe('closed');
    expect(d.clocks.every((c: Json) => c.closedOn !== null)).toBe(true);
    expect(d.events.map((e: Json) => e.action)).toEqual(['intake', 'verify', 'file', 'pause', 'resume', 'extend', 'extend', 'notify_reporter', 'evidence', 'notice', 'decide', 'execute', 'close']);
    expect(d.events.find((e: Json) => e.action === 'file')).toMatchObject({ actorName: 'cs_jf', reason: '同意立案', fromStatus: 'verifying', toStatus: 'investigating' });

    for (const kind of ['filing-approval', 'penalty-notice', 'penalty-decision']) {
      const res = await jinfeng.get(`/api/cases/${id}/documents/${kind}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-disposition']).toMatch(/^attachment;/);
      const zip = await JSZip.loadAsync(res.rawPayload);
      const xml = await zip.file('word/document.xml')!.async('string');
      expect(xml).toContain('宁夏某某化工有限公司');
      expect(xml).not.toContain('李实名'); // the reporter never appears in a document
      if (kind === 'filing-approval') expect(xml).toContain('银金市监立字〔2026〕15号');
      if (kind === 'penalty-decision') expect(xml).toContain('300,000.00 元');
    }
    // the reporter sees the closing with the code
    const st = json(await anon().get(`/api/public/cases/${r.trackingCode}`));
    expect(st.items[0]).toMatchObject({ status: 'closed' });
    expect(st.items[0].steps.map((s: Json) => s.action)).toContain('file');
    expect(JSON.stringify(st)).not.toContain('cs_jf');
  });

  it('a complaint: accepted within 7 working days, mediation clock of 60 days (令121), mediation ends the case', async () => {
    const r = await file({ tracks: ['complaint'] });
    const id = r.cases[0].id;
    const today = shanghaiDate(new Date());
    let d = await act(jinfeng, id, { action: 'accept', reason: '符合受理条件，予以受理' });
    expect(d.status).toBe('mediating');
    expect(d.clocks.find((c: Json) => c.ruleKey === 'complaint.accept')).toMatchObject({ closedOn: today, state: 'closed_on_time' });
    const med = d.clocks.find((c: Json) => c.ruleKey === 'complaint.mediation');
    expect(med.dueOn).toBe(computeDue(new WorkCalendar(), { start: today, length: 60, unit: 'calendar' }).due);
    expect((await jinfeng.post(`/api/cases/${id}/police-transfer`, { policeOrgId: org.police, reason: '投诉不能移送' })).statusCode).toBe(409);
    d = await act(jinfeng, id, { action: 'mediation_end', reason: '双方达成调解协议' });
    expect(d).toMatchObject({ status: 'closed', closedOn: today });
    expect(d.clocks.every((c: Json) => c.closedOn === today)).toBe(true);
    // refused complaints close their acceptance clock too
    const r2 = await file({ tracks: ['complaint'] });
    const d2 = await act(jinfeng, r2.cases[0].id, { action: 'reject', reason: '不属于本部门职责范围' });
    expect(d2.status).toBe('rejected');
    expect(d2.clocks[0].closedOn).toBe(today);
  });

  it('the public summary is reviewed by someone else and may not quote the secret', async () => {
    const res = await enterprise.post('/api/cases/rightholder', {
      title: '客户名单泄露',
      respondentName: '宁夏对手贸易有限公司',
      respondentAddress: '兴庆区北京东路8号',
      secretSummary: '重点客户名单及报价底价表',
      measures: '保密协议',
      infringementLeads: '对方以我方底价报价',
      contact: { name: '赵总' },
    });
    const id = json(res).cases[0].id;
    expect((await xingqing.post(`/api/cases/${id}/summary`, { text: '涉及重点客户名单及报价底价表的泄露' })).statusCode).toBe(400);
    expect((await xingqing.post(`/api/cases/${id}/summary`, { text: '某贸易公司侵犯商业秘密案已立案调查。' })).statusCode).toBe(200);
    expect((await xingqing.post(`/api/cases/${id}/summary/approve`)).statusCode).toBe(403);
    await t.createUser({ username: 'cs_xq2', orgId: org.xingqing, roles: ['district_staff'] });
    const other = await t.loginAs('cs_xq2');
    const ok = await other.post(`/api/cases/${id}/summary/approve`);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(json(ok).publicSummaryStatus).toBe('approved');
  });
});
