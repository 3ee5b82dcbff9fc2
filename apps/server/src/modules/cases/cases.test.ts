import { describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import JSZip from 'jszip';
import { computeDue, isValidTrackingCode, shanghaiDate, WorkCalendar } from '@shangmi/shared';
import { cases, oplog } from '../../db/schema/index.js';
import { rowsOf } from '../../db/sql.js';
import { json, readXlsx, type Json } from '../../../test/harness.js';
import { t, admin, city, jinfeng, xingqing, police, police2, procurator, enterprise, org, anon, creditCode, filing, file, act, lastOplog } from './cases.fixture.js';

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

describe('police transfer and notices', () => {
  it('police see only what was handed over to them; each step is timed; the police acknowledge and decide', async () => {
    const r = await file({ anonymous: false, reporter: { name: '周线索', phone: '13700000000' } });
    const other = await file();
    const id = r.cases[0].id;
    await act(jinfeng, id, { action: 'verify', reason: '核查' });
    const p = await jinfeng.post(`/api/cases/${id}/police-transfer`, { policeOrgId: org.police, reason: '涉嫌侵犯商业秘密罪，损失逾30万元', lossFen: 45_000_000 });
    expect(p.statusCode, p.body).toBe(200);
    const share = json(p).shares[0];
    expect(share).toMatchObject({ kind: 'transfer', status: 'proposed', orgId: org.police });
    const approveClock = json(p).clocks.find((c: Json) => c.ruleKey === 'transfer.approve');
    expect(approveClock.dueOn).toBe(computeDue(new WorkCalendar(), { start: approveClock.startedOn, length: 3, unit: 'calendar' }).due);
    // proposed is internal: the police see nothing yet
    expect((await police.get(`/api/cases/${id}`)).statusCode).toBe(404);
    expect((await police.post(`/api/cases/${id}/transfers/${share.id}`, { step: 'acknowledge', reason: '签收' })).statusCode).toBe(404);
    // police cannot take a bureau step, the bureau cannot take a police step
    expect((await jinfeng.post(`/api/cases/${id}/transfers/${share.id}`, { step: 'police_accept', reason: '越权' })).statusCode).toBe(403);
    let d = json(await jinfeng.post(`/api/cases/${id}/transfers/${share.id}`, { step: 'approve', reason: '同意移送' }));
    expect(d.clocks.map((c: Json) => c.ruleKey)).toContain('transfer.handover');
    d = json(await jinfeng.post(`/api/cases/${id}/transfers/${share.id}`, { step: 'handover', reason: '案卷已移交' }));
    expect(d.shares[0].status).toBe('handed_over');

    // now the police see the case, without the reporter, the code or the internal timeline
    const list = json(await police.get('/api/cases?pageSize=200'));
    expect(list.items.map((c: Json) => c.id)).toEqual([id]);
    expect((await police.get(`/api/cases/${other.cases[0].id}`)).statusCode).toBe(404);
    const pv = json(await police.get(`/api/cases/${id}`));
    expect(pv).toMatchObject({ partnerView: true, hasReporter: false, trackingCode: '', rightholder: null });
    expect(JSON.stringify(pv)).not.toContain('周线索');
    expect(pv.events.map((e: Json) => e.action)).toEqual(['transfer_handover']);
    expect(pv.clocks.map((c: Json) => c.ruleKey)).toEqual(['transfer.approve', 'transfer.handover', 'transfer.police_decide']);
    // another police unit sees nothing
    expect((await police2.get(`/api/cases/${id}`)).statusCode).toBe(404);
    expect(json(await police2.get('/api/cases')).items).toEqual([]);
    // the police's queue holds their decision clock
    const pq = json(await police.get('/api/cases/queue'));
    expect(pq.items.map((q: Json) => q.ruleKey)).toEqual(['transfer.police_decide']);
    // its total is the queue's, not the page's (it once answered the page's length)
    expect(json(await police.get('/api/cases/queue?pageSize=1&page=2')).total).toBe(pq.total);
    expect(pq.total).toBe(1);
    // their dashboard counts only that case
    const ps = json(await police.get('/api/cases/stats'));
    expect(ps.intakeByMonth.reduce((n: number, m: Json) => n + m.complaint + m.report, 0)).toBe(1);
    expect(ps.transfers).toEqual([{ status: 'handed_over', count: 1 }]);
    // partners cannot act on the case itself
    expect((await police.post(`/api/cases/${id}/actions`, { action: 'file', reason: '越权', caseNumber: 'x' })).statusCode).toBe(403);

    d = json(await police.post(`/api/cases/${id}/transfers/${share.id}`, { step: 'acknowledge', reason: '已签收案卷' }));
    expect(d.shares[0]).toMatchObject({ status: 'acknowledged' });
    d = json(await police.post(`/api/cases/${id}/transfers/${share.id}`, { step: 'police_reject', reason: '证据不足，不予立案' }));
    expect(d.shares[0]).toMatchObject({ status: 'rejected', decision: 'rejected' });
    // the bureau asks for reconsideration: the police's own 3 days to decide on it (第九条)
    d = json(await jinfeng.post(`/api/cases/${id}/transfers/${share.id}`, { step: 'reconsider', reason: '补充鉴定意见，提请复议' }));
    expect(d.clocks.filter((c: Json) => c.ruleKey === 'transfer.police_decide')).toHaveLength(1);
    expect(d.clocks.find((c: Json) => c.ruleKey === 'transfer.reconsideration')).toMatchObject({ closedOn: null, citation: expect.stringContaining('第九条') });
    d = json(await police.post(`/api/cases/${id}/transfers/${share.id}`, { step: 'police_accept', reason: '复议后立案侦查' }));
    expect(d.shares[0]).toMatchObject({ status: 'accepted' });
    const stats = json(await city.get('/api/cases/stats'));
    expect(stats.transfers).toContainEqual({ status: 'accepted', count: 1 });
  });

  it('the reporter’s identity goes to the police only with a transfer approved with it, opened with a reason and logged', async () => {
    const r = await file({ anonymous: false, reporter: { name: '吴证人', phone: '13600000000' } });
    const id = r.cases[0].id;
    const p = json(await jinfeng.post(`/api/cases/${id}/police-transfer`, { policeOrgId: org.police, reason: '需公安联系举报人取证', includeIdentity: true }));
    const share = p.shares[0];
    await jinfeng.post(`/api/cases/${id}/transfers/${share.id}`, { step: 'approve', reason: '同意移送，附举报人身份' });
    await jinfeng.post(`/api/cases/${id}/transfers/${share.id}`, { step: 'handover', reason: '已移交' });
    const pv = json(await police.get(`/api/cases/${id}`));
    expect(pv.hasReporter).toBe(true);
    expect(JSON.stringify(pv)).not.toContain('吴证人');
    expect((await police.post(`/api/cases/${id}/transfers/${share.id}/identity`, { reason: '' })).statusCode).toBe(400);
    const rev = await police.post(`/api/cases/${id}/transfers/${share.id}/identity`, { reason: '联系举报人制作询问笔录' });
    expect(rev.statusCode, rev.body).toBe(200);
    expect(json(rev).name).toBe('吴证人');
    expect(json(await jinfeng.get(`/api/cases/${id}`)).reveals).toEqual([expect.objectContaining({ username: 'cs_police', reason: '联系举报人制作询问笔录' })]);
    expect(await lastOplog()).toMatchObject({ action: 'cases.identity-reveal', username: 'cs_police', targetId: String(id) });

    // a transfer approved without the identity does not open it
    const r2 = await file({ anonymous: false, reporter: { name: '郑保密', phone: '13500000000' } });
    const id2 = r2.cases[0].id;
    const s2 = json(await jinfeng.post(`/api/cases/${id2}/police-transfer`, { policeOrgId: org.police, reason: '移送' })).shares[0];
    await jinfeng.post(`/api/cases/${id2}/transfers/${s2.id}`, { step: 'approve', reason: '同意移送' });
    await jinfeng.post(`/api/cases/${id2}/transfers/${s2.id}`, { step: 'handover', reason: '已移交' });
    expect(json(await police.get(`/api/cases/${id2}`)).hasReporter).toBe(false);
    expect((await police.post(`/api/cases/${id2}/transfers/${s2.id}/identity`, { reason: '想看看举报人是谁' })).statusCode).toBe(403);
    // another police unit cannot reach either
    expect((await police2.post(`/api/cases/${id}/transfers/${share.id}/identity`, { reason: '越权查看举报人' })).statusCode).toBe(404);
  });

  it('a notice (案情通报) makes the case visible to the chosen agency, which acknowledges it', async () => {
    const r = await file();
    const id = r.cases[0].id;
    expect((await procurator.get(`/api/cases/${id}`)).statusCode).toBe(404);
    expect((await jinfeng.post(`/api/cases/${id}/notices`, { orgIds: [org.xingqing], message: '通报' })).statusCode).toBe(400);
    const n = await jinfeng.post(`/api/cases/${id}/notices`, { orgIds: [org.procuratorate], message: '通报：涉嫌侵犯商业秘密线索一条' });
    expect(n.statusCode, n.body).toBe(200);
    const pv = json(await procurator.get(`/api/cases/${id}`));
    expect(pv.shares).toHaveLength(1);
    const ack = await procurator.post(`/api/cases/${id}/notices/${pv.shares[0].id}/acknowledge`);
    expect(ack.statusCode, ack.body).toBe(200);
    expect(json(await jinfeng.get(`/api/cases/${id}`)).shares[0].status).toBe('acknowledged');
    expect((await police.get(`/api/cases/${id}`)).statusCode).toBe(404);
  });
});

describe('views and calendar', () => {
  it('the work queue runs by due date; the dashboard counts intake and the on-time rate; export has the columns', async () => {
    const q = json(await jinfeng.get('/api/cases/queue?pageSize=200'));
    const dues = q.items.map((i: Json) => i.dueOn).filter(Boolean);
    expect(dues).toEqual([...dues].sort());
    expect(q.items.every((i: Json) => i.closedOn === null)).toBe(true);
    const s = json(await city.get('/api/cases/stats'));
    const month = shanghaiDate(new Date()).slice(0, 7);
    const [{ n }] = rowsOf<{ n: number }>(await t.database.db.execute(sql`select count(*)::int as n from cases where to_char(received_on,'YYYY-MM') = ${month} and track = 'report'`));
    expect(s.intakeByMonth.find((m: Json) => m.month === month).report).toBe(n);
    expect(s.byDistrict.find((d: Json) => d.districtCode === '640106').open).toBeGreaterThan(0);
    expect(s.onTimeRate).toBe(1); // everything closed so far closed on time, nothing is overdue yet
    const rows = await readXlsx(await jinfeng.get('/api/cases/export'));
    expect(rows[0]).toEqual(['查询码', '类别', '来源', '标题', '被投诉举报人', '状态', '承办单位', '受理日期', '最近到期', '办结日期']);
    expect(rows.length - 1).toBe(json(await jinfeng.get('/api/cases?pageSize=1')).total);
  });

  it('an admin amends the calendar: open clocks move, and only cases:calendar may do it', async () => {
    const r = await file();
    const before = json(await jinfeng.get(`/api/cases/${r.cases[0].id}`)).clocks[0];
    expect((await jinfeng.put('/api/cases-calendar/overrides', { date: before.dueOn, work: false, note: '临时' })).statusCode).toBe(403);
    const res = await admin.put('/api/cases-calendar/overrides', { date: before.dueOn, work: false, note: '临时调休' });
    expect(res.statusCode, res.body).toBe(200);
    const after = json(await jinfeng.get(`/api/cases/${r.cases[0].id}`)).clocks[0];
    expect(after.dueOn > before.dueOn).toBe(true);
    const y = await admin.post('/api/cases-calendar/years', { year: 2027 });
    expect(json(y).loadedYears).toEqual([2027]);
    const log = await t.database.db.select().from(oplog).where(and(eq(oplog.action, 'cases.calendar-override'))).limit(1);
    expect(log).toHaveLength(1);
  });
});
