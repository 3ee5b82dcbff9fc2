import { beforeAll, describe, expect, it } from 'vitest';
import { desc, eq } from 'drizzle-orm';
import { oplog } from '../../db/schema/index.js';
import { json, readXlsx, type Json } from '../../../test/harness.js';
import { t, admin, city, city2, jinfeng, jinfeng2, xingqing, site, org, JINFENG, XINGQING, YEAR, enterprise, list, evidence, lastOplog, ids, advance } from './cultivation.fixture.js';

describe('adding to the list', () => {
  it('validates the fields, naming them in Chinese and English', async () => {
    const e = await enterprise('宁夏校验培育有限公司', JINFENG);
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ enterpriseId: e.id, year: 1999, batch: 1 }, 'year', /^年度：不能小于 2020/],
      [{ enterpriseId: e.id, year: YEAR }, 'batch', /^批次：必填/],
      [{ enterpriseId: e.id, year: YEAR, batch: 0 }, 'batch', /^批次：/],
      [{ enterpriseId: e.id, year: YEAR, batch: 1, mentorPhone: 'call me' }, 'mentorPhone', /^辅导老师电话：格式不正确/],
      [{ year: YEAR, batch: 1 }, 'enterpriseId', /^企业：必填/],
      [{ enterpriseId: e.id, year: YEAR, batch: 1, stage: 'accepted' }, 'stage', /不允许的字段：stage/],
    ];
    for (const [body, field, message] of cases) {
      const res = await jinfeng.post('/api/cultivation', body);
      expect(res.statusCode, field).toBe(400);
      const err = json(res).error;
      expect(err.code).toBe('VALIDATION');
      expect(err.fields[0].field, field).toBe(field);
      expect(err.fields[0].message, field).toMatch(message);
    }
    jinfeng.locale = 'en-US';
    const en = json(await jinfeng.post('/api/cultivation', { enterpriseId: e.id, year: YEAR })).error;
    jinfeng.locale = 'zh-CN';
    expect(en.fields[0].message).toBe('Batch is required');
    // a site of another district, an organisation that is no site
    const badSite = await jinfeng.post('/api/cultivation', { enterpriseId: e.id, year: YEAR, batch: 1, siteOrgId: org.xqSite });
    expect(json(badSite).error.fields[0].field).toBe('siteOrgId');
    const notSite = await jinfeng.post('/api/cultivation', { enterpriseId: e.id, year: YEAR, batch: 1, siteOrgId: org.jinfeng });
    expect(json(notSite).error.fields[0]).toMatchObject({ field: 'siteOrgId', message: '服务站点：不是本地区的服务站点' });
    expect(json(await jinfeng.get(`/api/cultivation?q=${encodeURIComponent('校验培育')}`)).total).toBe(0);
  });

  it('lists an active enterprise as a candidate, with the enterprise\'s serving site by default', async () => {
    const e = await enterprise('宁夏列入培育有限公司', JINFENG, { siteOrgId: org.site, kinds: ['innovative'], industryCode: '39' });
    const entry = await list(jinfeng, { enterpriseId: e.id, batch: 2, mentorName: '王老师', mentorPhone: '13900001111', note: '重点培育' });
    expect(entry).toMatchObject({
      enterpriseId: e.id,
      enterpriseName: '宁夏列入培育有限公司',
      creditCode: e.creditCode,
      districtCode: JINFENG,
      industrySection: 'C',
      kinds: ['innovative'],
      year: YEAR,
      batch: 2,
      stage: 'candidate',
      review: 'none',
      siteOrgId: org.site,
      siteOrgName: '金凤区培育测试工作站',
      mentorName: '王老师',
      planTotal: 0,
      planDone: 0,
    });
    const log = await lastOplog();
    expect(log).toMatchObject({ action: 'cultivation.create', targetType: 'cultivation', targetId: String(entry.id), result: 'success', username: 'cu_jf' });
    expect((log.after as Json).mentorPhone).toBe('139****1111');
    const detail = json(await jinfeng.get(`/api/cultivation/${entry.id}`));
    expect(detail.events).toHaveLength(1);
    expect(detail.events[0]).toMatchObject({ action: 'created', toStage: 'candidate', userName: 'cu_jf', orgName: '金凤区市场监督管理局' });
    expect(detail.allowed).toEqual({ edit: true, request: true, cancel: false, review: false, approve: false });

    // once a year, and once at a time
    const again = await jinfeng.post('/api/cultivation', { enterpriseId: e.id, year: YEAR, batch: 1 });
    expect(again.statusCode).toBe(409);
    expect(json(again).error.fields[0]).toMatchObject({ field: 'year', message: `年度：该企业已列入 ${YEAR} 年培育清单` });
    const nextYear = await jinfeng.post('/api/cultivation', { enterpriseId: e.id, year: YEAR + 1, batch: 1 });
    expect(nextYear.statusCode).toBe(409);
    expect(json(nextYear).error.fields[0].field).toBe('enterpriseId');
    expect(json(nextYear).error.fields[0].message).toContain('2025年第二批');
  });

  it('refuses enterprises outside the caller\'s area, and enterprise users', async () => {
    const xq = await enterprise('兴庆越界培育有限公司', XINGQING);
    const res = await jinfeng.post('/api/cultivation', { enterpriseId: xq.id, year: YEAR, batch: 1 });
    expect(res.statusCode).toBe(400);
    expect(json(res).error.fields[0]).toMatchObject({ field: 'enterpriseId', message: '企业：不存在或不在您的管理范围内' });
    const own = await enterprise('宁夏企业自荐有限公司', JINFENG);
    await t.createUser({ username: 'cu_self_admin', orgId: own.orgId, roles: ['enterprise_admin'] });
    const self = await t.loginAs('cu_self_admin');
    expect((await self.post('/api/cultivation', { enterpriseId: own.id, year: YEAR, batch: 1 })).statusCode).toBe(403);
    // a closed enterprise is not listed
    const closed = await enterprise('宁夏已注销培育有限公司', JINFENG);
    await admin.patch(`/api/enterprises/${closed.id}`, { status: 'closed' });
    const refused = await jinfeng.post('/api/cultivation', { enterpriseId: closed.id, year: YEAR, batch: 1 });
    expect(refused.statusCode).toBe(409);
    expect(json(refused).error.fields[0].field).toBe('enterpriseId');
  });

  it('edits year, batch, site, mentor and note; the history says what changed', async () => {
    const e = await enterprise('宁夏修改培育有限公司', JINFENG);
    const entry = await list(jinfeng, { enterpriseId: e.id });
    const res = await jinfeng.patch(`/api/cultivation/${entry.id}`, { batch: 3, mentorName: '李老师', siteOrgId: org.site });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toMatchObject({ batch: 3, mentorName: '李老师', siteOrgId: org.site, stage: 'candidate' });
    const detail = json(await jinfeng.get(`/api/cultivation/${entry.id}`));
    expect(detail.events[0].action).toBe('updated');
    expect((await lastOplog()).action).toBe('cultivation.update');
    expect((await jinfeng.patch(`/api/cultivation/${entry.id}`, { stage: 'accepted' })).statusCode).toBe(400);
    expect((await site.patch(`/api/cultivation/${entry.id}`, { siteOrgId: null })).statusCode).toBe(403);
  });
});

describe('the stage workflow', () => {
  let e: Json;
  let entry: Json;

  beforeAll(async () => {
    e = await enterprise('宁夏培育全流程有限公司', JINFENG, { siteOrgId: org.site });
    entry = await list(jinfeng, { enterpriseId: e.id });
  });

  it('a request names the next stage and carries evidence', async () => {
    const skip = await jinfeng.post(`/api/cultivation/${entry.id}/request`, { toStage: 'created', comment: '跳级' });
    expect(skip.statusCode).toBe(400);
    expect(json(skip).error.fields[0]).toMatchObject({ field: 'toStage', message: '申请阶段：只能申请进入下一阶段（培育）' });
    const bare = await jinfeng.post(`/api/cultivation/${entry.id}/request`, { toStage: 'cultivating', comment: '申请培育' });
    expect(bare.statusCode).toBe(400);
    expect(json(bare).error.fields[0]).toMatchObject({ field: 'fileIds', message: '佐证材料：申请进入“培育”阶段须上传佐证材料' });
    const noComment = await jinfeng.post(`/api/cultivation/${entry.id}/request`, { toStage: 'cultivating' });
    expect(json(noComment).error.fields[0]).toMatchObject({ field: 'comment', message: '意见说明：必填' });
    const foreign = await evidence(xingqing);
    const stolen = await jinfeng.post(`/api/cultivation/${entry.id}/request`, { toStage: 'cultivating', comment: '申请培育', fileIds: [foreign.id] });
    expect(stolen.statusCode).toBe(400);
    expect(json(stolen).error.fields[0].field).toBe('fileIds');
  });

  it('district review, a return with its reason, a resubmission, a city return, and the approval', async () => {
    // the serving site asks
    const f = await evidence(site, '培育申请表.pdf');
    const req = await site.post(`/api/cultivation/${entry.id}/request`, { toStage: 'cultivating', comment: '企业已建立保密制度，申请进入培育', fileIds: [f.id] });
    expect(req.statusCode, req.body).toBe(200);
    expect(json(req)).toMatchObject({ review: 'district', requestStage: 'cultivating', requestedByName: 'cu_site', stage: 'candidate' });
    expect(json(req).evidence.map((x: Json) => x.name)).toEqual(['培育申请表.pdf']);
    expect(json(req).evidence[0].stage).toBe('cultivating');
    expect((await site.post(`/api/cultivation/${entry.id}/request`, { toStage: 'cultivating', comment: '再次', fileIds: [f.id] })).statusCode).toBe(409);

    // no skipping the district; other districts and the site cannot review
    expect((await city.post(`/api/cultivation/${entry.id}/approve`, { decision: 'pass' })).statusCode).toBe(409);
    expect((await xingqing.post(`/api/cultivation/${entry.id}/review`, { decision: 'pass' })).statusCode).toBe(404);
    expect((await site.post(`/api/cultivation/${entry.id}/review`, { decision: 'pass' })).statusCode).toBe(403);
    expect(json(await jinfeng.get(`/api/cultivation/${entry.id}`)).allowed).toMatchObject({ review: true, approve: false, cancel: false, request: false });
    expect(json(await site.get(`/api/cultivation/${entry.id}`)).allowed).toMatchObject({ review: false, approve: false, cancel: true, request: false });

    // returned: a reason is required, and is kept
    const noReason = await jinfeng.post(`/api/cultivation/${entry.id}/review`, { decision: 'return' });
    expect(noReason.statusCode).toBe(400);
    expect(json(noReason).error.fields[0]).toMatchObject({ field: 'comment', message: '意见说明：退回时须填写退回原因' });
    const back = await jinfeng.post(`/api/cultivation/${entry.id}/review`, { decision: 'return', comment: '缺少保密制度文本' });
    expect(back.statusCode).toBe(200);
    expect(json(back)).toMatchObject({ review: 'returned', returnReason: '缺少保密制度文本', stage: 'candidate', requestStage: 'cultivating' });
    expect(await lastOplog()).toMatchObject({ action: 'cultivation.return', result: 'success', username: 'cu_jf' });
    expect((await jinfeng.post(`/api/cultivation/${entry.id}/review`, { decision: 'pass' })).statusCode).toBe(409);

    // resubmitted with the missing document, passed by the district, returned by the city
    const doc = await evidence(site, '保密制度.pdf');
    expect((await site.post(`/api/cultivation/${entry.id}/request`, { toStage: 'cultivating', comment: '已补充保密制度', fileIds: [doc.id] })).statusCode).toBe(200);
    const passed = await jinfeng.post(`/api/cultivation/${entry.id}/review`, { decision: 'pass', comment: '材料齐全' });
    expect(json(passed)).toMatchObject({ review: 'city', districtReviewedByName: 'cu_jf', returnReason: null });
    expect((await jinfeng.post(`/api/cultivation/${entry.id}/approve`, { decision: 'pass' })).statusCode).toBe(403);
    const cityBack = await city.post(`/api/cultivation/${entry.id}/approve`, { decision: 'return', comment: '请补充辅导计划' });
    expect(json(cityBack)).toMatchObject({ review: 'returned', returnReason: '请补充辅导计划', stage: 'candidate' });

    // third time: approved, the stage changes
    expect((await site.post(`/api/cultivation/${entry.id}/request`, { toStage: 'cultivating', comment: '已补充辅导计划', fileIds: [doc.id] })).statusCode).toBe(200);
    await jinfeng.post(`/api/cultivation/${entry.id}/review`, { decision: 'pass' });
    const ok = await city.post(`/api/cultivation/${entry.id}/approve`, { decision: 'pass', comment: '同意进入培育' });
    expect(ok.statusCode, ok.body).toBe(200);
    const d = json(ok);
    expect(d).toMatchObject({ stage: 'cultivating', review: 'none', requestStage: null, returnReason: null });
    expect(await lastOplog()).toMatchObject({ action: 'cultivation.approve', username: 'cu_city' });
    expect(d.events.map((ev: Json) => ev.action).reverse()).toEqual([
      'created',
      'requested',
      'district_returned',
      'requested',
      'district_passed',
      'city_returned',
      'requested',
      'district_passed',
      'city_passed',
    ]);
    expect(d.events[0]).toMatchObject({ fromStage: 'candidate', toStage: 'cultivating', comment: '同意进入培育', userName: 'cu_city', orgName: '银川市市场监督管理局' });
    expect(d.events.find((ev: Json) => ev.action === 'district_returned').comment).toBe('缺少保密制度文本');
    expect(d.evidence.map((x: Json) => x.name).sort()).toEqual(['保密制度.pdf', '培育申请表.pdf']);
  });

  it('the requester may not review their own request; another officer of the district may', async () => {
    const e = await enterprise('宁夏职责分离有限公司', JINFENG);
    const entry = await list(jinfeng, { enterpriseId: e.id });
    const f = await evidence(jinfeng);
    expect((await jinfeng.post(`/api/cultivation/${entry.id}/request`, { toStage: 'cultivating', comment: '申请', fileIds: [f.id] })).statusCode).toBe(200);
    expect(json(await jinfeng.get(`/api/cultivation/${entry.id}`)).allowed.review).toBe(false);
    const own = await jinfeng.post(`/api/cultivation/${entry.id}/review`, { decision: 'pass' });
    expect(own.statusCode).toBe(403);
    expect(json(own).error).toMatchObject({ code: 'SEPARATION_OF_DUTIES', message: '审核人不能是该申请的申请人' });
    expect(json(await jinfeng2.get(`/api/cultivation/${entry.id}`)).allowed.review).toBe(true);
    expect((await jinfeng2.post(`/api/cultivation/${entry.id}/review`, { decision: 'pass' })).statusCode).toBe(200);
  });

  it('the approver is not the requester or the district reviewer', async () => {
    const f = await evidence(admin);
    await admin.post(`/api/cultivation/${entry.id}/request`, { toStage: 'created', comment: '申请创建', fileIds: [f.id] });
    expect((await jinfeng.post(`/api/cultivation/${entry.id}/review`, { decision: 'pass' })).statusCode).toBe(200);
    const self = await admin.post(`/api/cultivation/${entry.id}/approve`, { decision: 'pass' });
    expect(self.statusCode).toBe(403);
    expect(json(self).error.message).toBe('审批人不能是该申请的申请人或区县审核人');
    expect(json(await admin.get(`/api/cultivation/${entry.id}`)).allowed.approve).toBe(false);
    // the requester takes it back; nobody else can
    const notMine = await jinfeng.post(`/api/cultivation/${entry.id}/cancel`, {});
    expect(notMine.statusCode).toBe(403);
    expect(json(notMine).error.message).toBe('只有申请人可以撤回申请');
    const cancelled = await admin.post(`/api/cultivation/${entry.id}/cancel`, { comment: '重新准备材料' });
    expect(json(cancelled)).toMatchObject({ review: 'none', requestStage: null, stage: 'cultivating' });
    expect(json(cancelled).events[0]).toMatchObject({ action: 'cancelled', comment: '重新准备材料' });
  });

  it('goes on to created and accepted, and no further', async () => {
    expect((await advance(entry.id, 'created')).stage).toBe('created');
    expect((await advance(entry.id, 'accepted', { requester: site, reviewer: jinfeng, approver: city2 })).stage).toBe('accepted');
    const f = await evidence(jinfeng);
    const beyond = await jinfeng.post(`/api/cultivation/${entry.id}/request`, { toStage: 'accepted', comment: '再认定', fileIds: [f.id] });
    expect(beyond.statusCode).toBe(409);
    expect(json(beyond).error.fields[0].field).toBe('toStage');
  });

  it('two approvers at once: one decides, the other is told there is nothing left to approve', async () => {
    const other = await list(jinfeng, { enterpriseId: (await enterprise('宁夏并发审批有限公司', JINFENG)).id });
    const f = await evidence(jinfeng);
    await jinfeng.post(`/api/cultivation/${other.id}/request`, { toStage: 'cultivating', comment: '申请', fileIds: [f.id] });
    await jinfeng2.post(`/api/cultivation/${other.id}/review`, { decision: 'pass' });
    const results = await Promise.all([
      city.post(`/api/cultivation/${other.id}/approve`, { decision: 'pass' }),
      city2.post(`/api/cultivation/${other.id}/approve`, { decision: 'return', comment: '并发退回' }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const d = json(await jinfeng.get(`/api/cultivation/${other.id}`));
    expect(d.events.filter((ev: Json) => ev.action === 'city_passed' || ev.action === 'city_returned')).toHaveLength(1);
    const [failed] = await t.database.db.select().from(oplog).where(eq(oplog.result, 'failure')).orderBy(desc(oplog.seq)).limit(1);
    // the engine's code for a step the state no longer allows (it was CONFLICT before the workflow engine)
    expect(failed).toMatchObject({ action: 'cultivation.approve', errorCode: 'TRANSITION_NOT_ALLOWED' });
  });

  it('serves evidence within the entry\'s scope only', async () => {
    const d = json(await jinfeng.get(`/api/cultivation/${entry.id}`));
    const file = d.evidence.find((x: Json) => x.name === '培育申请表.pdf');
    const res = await jinfeng.get(`/api/cultivation/${entry.id}/evidence/${file.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('培育申请表.pdf'));
    expect(res.body).toContain('培育申请表.pdf');
    expect((await xingqing.get(`/api/cultivation/${entry.id}/evidence/${file.id}`)).statusCode).toBe(404);
    const other = await list(jinfeng, { enterpriseId: (await enterprise('宁夏另一培育有限公司', JINFENG)).id });
    expect((await jinfeng.get(`/api/cultivation/${other.id}/evidence/${file.id}`)).statusCode).toBe(404);
    // the enterprise itself reads its own evidence
    await t.createUser({ username: 'cu_flow_member', orgId: e.orgId, roles: ['enterprise_member'] });
    const member = await t.loginAs('cu_flow_member');
    expect((await member.get(`/api/cultivation/${entry.id}/evidence/${file.id}`)).statusCode).toBe(200);
  });
});

describe('the coaching plan', () => {
  let entry: Json;
  beforeAll(async () => {
    entry = await list(jinfeng, { enterpriseId: (await enterprise('宁夏辅导计划有限公司', JINFENG)).id });
  });

  it('adds, edits, completes with evidence, reopens and removes items; counts show in the list', async () => {
    const bad = await jinfeng.post(`/api/cultivation/${entry.id}/plan`, { title: '制度建设', dueDate: '2025-13-40' });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).error.fields[0]).toMatchObject({ field: 'dueDate', message: '完成期限：格式不正确' });
    expect(json(await jinfeng.post(`/api/cultivation/${entry.id}/plan`, { title: '  ' })).error.fields[0].field).toBe('title');

    await jinfeng.post(`/api/cultivation/${entry.id}/plan`, { title: '建立商业秘密管理制度', dueDate: '2025-03-31' });
    await jinfeng.post(`/api/cultivation/${entry.id}/plan`, { title: '涉密人员保密培训', dueDate: '2099-06-30', note: '全员' });
    const added = json(await jinfeng.post(`/api/cultivation/${entry.id}/plan`, { title: '临时事项' }));
    expect(added.plan.map((i: Json) => i.title)).toEqual(['建立商业秘密管理制度', '涉密人员保密培训', '临时事项']);
    const [rules, training, temp] = added.plan;
    expect(await lastOplog()).toMatchObject({ action: 'cultivation.plan-add' });

    const edited = json(await jinfeng.patch(`/api/cultivation/${entry.id}/plan/${training.id}`, { dueDate: '2099-07-31' }));
    expect(edited.plan.find((i: Json) => i.id === training.id).dueDate).toBe('2099-07-31');
    expect(json(await jinfeng.delete(`/api/cultivation/${entry.id}/plan/${temp.id}`)).plan).toHaveLength(2);

    const listed = json(await jinfeng.get(`/api/cultivation?q=${encodeURIComponent('辅导计划')}`)).items[0];
    expect(listed).toMatchObject({ planTotal: 2, planDone: 0, planOverdue: 1 });

    const proof = await evidence(jinfeng, '管理制度.docx');
    const done = json(await jinfeng.post(`/api/cultivation/${entry.id}/plan/${rules.id}/complete`, { doneNote: '已发文', fileIds: [proof.id] }));
    expect(done.plan[0]).toMatchObject({ doneByName: 'cu_jf', doneNote: '已发文' });
    expect(done.plan[0].doneAt).toBeTruthy();
    expect(done.evidence.map((x: Json) => x.name)).toEqual(['管理制度.docx']);
    expect((await jinfeng.post(`/api/cultivation/${entry.id}/plan/${rules.id}/complete`, {})).statusCode).toBe(409);
    expect(json(await jinfeng.get(`/api/cultivation?q=${encodeURIComponent('辅导计划')}`)).items[0]).toMatchObject({ planTotal: 2, planDone: 1, planOverdue: 0 });

    const reopened = json(await jinfeng.post(`/api/cultivation/${entry.id}/plan/${rules.id}/reopen`));
    expect(reopened.plan[0].doneAt).toBeNull();
    await jinfeng.post(`/api/cultivation/${entry.id}/plan/${rules.id}/complete`, {});
    expect(reopened.events.map((ev: Json) => ev.action).slice(0, 3)).toEqual(['plan_reopened', 'plan_completed', 'plan_deleted']);

    // items belong to their entry
    const other = await list(jinfeng, { enterpriseId: (await enterprise('宁夏别家计划有限公司', JINFENG)).id });
    expect((await jinfeng.patch(`/api/cultivation/${other.id}/plan/${rules.id}`, { title: 'x' })).statusCode).toBe(404);
    // and to the entry's scope
    expect((await xingqing.post(`/api/cultivation/${entry.id}/plan`, { title: '越界' })).statusCode).toBe(404);
  });
});

describe('scope and tenancy', () => {
  let jf: Json;
  let xq: Json;
  let jfEnt: Json;
  let xqEnt: Json;

  beforeAll(async () => {
    jfEnt = await enterprise('宁夏金凤范围培育有限公司', JINFENG);
    xqEnt = await enterprise('宁夏兴庆范围培育有限公司', XINGQING);
    jf = await list(jinfeng, { enterpriseId: jfEnt.id, batch: 1 });
    xq = await list(xingqing, { enterpriseId: xqEnt.id, batch: 1 });
  });

  it('a 金凤区 officer neither sees nor acts on 兴庆区 entries', async () => {
    const page = json(await jinfeng.get('/api/cultivation?pageSize=200'));
    expect(ids(page)).toContain(jf.id);
    expect(ids(page)).not.toContain(xq.id);
    expect(page.items.every((x: Json) => x.districtCode === JINFENG)).toBe(true);
    expect(json(await jinfeng.get(`/api/cultivation?districtCode=${XINGQING}`)).total).toBe(0);
    for (const res of [
      await jinfeng.get(`/api/cultivation/${xq.id}`),
      await jinfeng.patch(`/api/cultivation/${xq.id}`, { mentorName: '越界' }),
      await jinfeng.post(`/api/cultivation/${xq.id}/plan`, { title: '越界' }),
      await jinfeng.post(`/api/cultivation/${xq.id}/request`, { toStage: 'withdrawn', comment: '越界' }),
      await jinfeng.post(`/api/cultivation/${xq.id}/review`, { decision: 'pass' }),
    ]) {
      expect(res.statusCode).toBe(404);
    }
    expect(json(await jinfeng.get(`/api/cultivation/by-enterprise/${xqEnt.id}`))).toEqual([]);
    const rows = await readXlsx(await jinfeng.get('/api/cultivation/export'));
    expect(rows.slice(2).every((r) => r[3] === '金凤区')).toBe(true);
    expect(rows.slice(2).map((r) => r[1])).not.toContain('宁夏兴庆范围培育有限公司');
    const stats = json(await jinfeng.get('/api/cultivation/stats'));
    expect(stats.byDistrict.map((b: Json) => b.key)).toEqual([JINFENG]);
    // and the 兴庆区 officer the other way round
    expect((await xingqing.get(`/api/cultivation/${jf.id}`)).statusCode).toBe(404);
    expect(ids(json(await xingqing.get('/api/cultivation?pageSize=200')))).toEqual([xq.id]);
  });

  it('a 兴庆区 request is reviewed by 兴庆区, not by 金凤区, even when a 金凤区 site coaches it', async () => {
    const coached = await enterprise('宁夏跨区辅导有限公司', XINGQING);
    const entry = await list(city, { enterpriseId: coached.id, siteOrgId: org.site });
    // the 金凤区 site and bureau see it through the site …
    expect((await site.get(`/api/cultivation/${entry.id}`)).statusCode).toBe(200);
    expect((await jinfeng.get(`/api/cultivation/${entry.id}`)).statusCode).toBe(200);
    const f = await evidence(site);
    expect((await site.post(`/api/cultivation/${entry.id}/request`, { toStage: 'cultivating', comment: '申请', fileIds: [f.id] })).statusCode).toBe(200);
    // … but the review is the enterprise's own district's
    const jfReview = await jinfeng.post(`/api/cultivation/${entry.id}/review`, { decision: 'pass' });
    expect(jfReview.statusCode).toBe(403);
    expect(json(jfReview).error.message).toBe('只有企业所在区县可以审核');
    expect((await xingqing.post(`/api/cultivation/${entry.id}/review`, { decision: 'pass' })).statusCode).toBe(200);
  });

  it('an enterprise\'s users see their own entry only, and change nothing', async () => {
    await t.createUser({ username: 'cu_tenant_admin', orgId: jfEnt.orgId, roles: ['enterprise_admin'] });
    await t.createUser({ username: 'cu_tenant_member', orgId: jfEnt.orgId, roles: ['enterprise_member'] });
    const other = await list(jinfeng, { enterpriseId: (await enterprise('宁夏租户乙培育有限公司', JINFENG)).id });
    for (const c of [await t.loginAs('cu_tenant_admin'), await t.loginAs('cu_tenant_member')]) {
      expect(ids(json(await c.get('/api/cultivation?pageSize=200')))).toEqual([jf.id]);
      expect((await c.get(`/api/cultivation/${jf.id}`)).statusCode).toBe(200);
      expect(json(await c.get(`/api/cultivation/${jf.id}`)).allowed).toEqual({ edit: false, request: false, cancel: false, review: false, approve: false });
      expect((await c.get(`/api/cultivation/${other.id}`)).statusCode).toBe(404);
      expect(json(await c.get(`/api/cultivation/by-enterprise/${other.enterpriseId}`))).toEqual([]);
      expect(json(await c.get('/api/cultivation/stats')).total).toBe(1);
      const rows = await readXlsx(await c.get('/api/cultivation/export'));
      expect(rows.slice(2).map((r) => r[1])).toEqual(['宁夏金凤范围培育有限公司']);
      expect((await c.patch(`/api/cultivation/${jf.id}`, { mentorName: '自己' })).statusCode).toBe(403);
      expect((await c.post(`/api/cultivation/${jf.id}/plan`, { title: '自己' })).statusCode).toBe(403);
    }
    const timeline = json(await (await t.loginAs('cu_tenant_member')).get(`/api/cultivation/by-enterprise/${jfEnt.id}`));
    expect(timeline).toHaveLength(1);
    expect(timeline[0]).toMatchObject({ id: jf.id, year: YEAR, stage: 'candidate' });
    expect(timeline[0].events[0].action).toBe('created');
  });

  it('a site sees and keeps the entries of the enterprises it serves, and reviews nothing', async () => {
    const served = await enterprise('宁夏站点服务培育有限公司', JINFENG, { siteOrgId: org.site });
    const entry = await list(site, { enterpriseId: served.id });
    expect(entry.siteOrgId).toBe(org.site);
    const page = json(await site.get('/api/cultivation?pageSize=200'));
    expect(ids(page)).toContain(entry.id);
    expect(ids(page)).not.toContain(jf.id);
    expect((await site.get(`/api/cultivation/${jf.id}`)).statusCode).toBe(404);
    expect((await site.post('/api/cultivation', { enterpriseId: jfEnt.id, year: YEAR + 1, batch: 1 })).statusCode).toBe(400);
    expect((await site.post(`/api/cultivation/${entry.id}/plan`, { title: '站点走访' })).statusCode).toBe(200);
  });
});
