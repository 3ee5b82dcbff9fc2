import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { cultivationEntries } from '../../db/schema/index.js';
import { json, readXlsx, type Json } from '../../../test/harness.js';
import { t, city, city2, jinfeng, jinfeng2, xingqing, site, org, JINFENG, XINGQING, YEAR, enterprise, list, evidence, ids, advance } from './cultivation.fixture.js';

describe('withdrawal', () => {
  it('is requested with a reason, reviewed and approved; the entry leaves the list, and may come back next year', async () => {
    const e = await enterprise('宁夏退出培育有限公司', JINFENG);
    const entry = await list(jinfeng, { enterpriseId: e.id });
    const req = await jinfeng.post(`/api/cultivation/${entry.id}/request`, { toStage: 'withdrawn', comment: '企业经营困难，主动申请退出' });
    expect(req.statusCode, req.body).toBe(200);
    await jinfeng2.post(`/api/cultivation/${entry.id}/review`, { decision: 'pass' });
    const done = json(await city.post(`/api/cultivation/${entry.id}/approve`, { decision: 'pass' }));
    expect(done).toMatchObject({ stage: 'withdrawn', review: 'none' });
    expect(ids(json(await jinfeng.get('/api/cultivation?pageSize=200')))).not.toContain(entry.id);
    expect(ids(json(await jinfeng.get('/api/cultivation?stage=withdrawn&pageSize=200')))).toContain(entry.id);
    expect(done.allowed).toMatchObject({ edit: false, request: false });
    expect((await jinfeng.patch(`/api/cultivation/${entry.id}`, { note: '只读' })).statusCode).toBe(409);
    expect((await jinfeng.post(`/api/cultivation/${entry.id}/plan`, { title: '只读' })).statusCode).toBe(409);
    expect(json(await jinfeng.post('/api/cultivation', { enterpriseId: e.id, year: YEAR, batch: 2 })).error.fields[0].field).toBe('year');
    const back = await list(jinfeng, { enterpriseId: e.id, year: YEAR + 1 });
    expect(back.stage).toBe('candidate');
    const timeline = json(await jinfeng.get(`/api/cultivation/by-enterprise/${e.id}`));
    expect(timeline.map((x: Json) => [x.year, x.stage])).toEqual([
      [YEAR + 1, 'candidate'],
      [YEAR, 'withdrawn'],
    ]);
  });

  it('an enterprise without a district goes straight to the city', async () => {
    const e = await enterprise('银川市级登记培育有限公司', '640100');
    expect(e.districtCode).toBeNull();
    const entry = await list(city, { enterpriseId: e.id });
    const f = await evidence(city);
    expect(json(await city.post(`/api/cultivation/${entry.id}/request`, { toStage: 'cultivating', comment: '申请', fileIds: [f.id] })).review).toBe('city');
    expect((await city.post(`/api/cultivation/${entry.id}/approve`, { decision: 'pass' })).statusCode).toBe(403);
    expect(json(await city2.post(`/api/cultivation/${entry.id}/approve`, { decision: 'pass' })).stage).toBe('cultivating');
  });
});

describe('list, board counts and export', () => {
  beforeAll(async () => {
    const a = await enterprise('宁夏统计甲有限公司', XINGQING, { kinds: ['time_honoured'], industryCode: '14' });
    const b = await enterprise('宁夏统计乙有限公司', XINGQING, { kinds: ['time_honoured', 'innovative'], industryCode: '52' });
    await list(city, { enterpriseId: a.id, year: 2027, batch: 1, mentorName: '赵老师' });
    const eb = await list(city, { enterpriseId: b.id, year: 2027, batch: 2 });
    await xingqing.post(`/api/cultivation/${eb.id}/plan`, { title: '诊断体检', dueDate: '2099-01-01' });
    const f = await evidence(xingqing);
    await xingqing.post(`/api/cultivation/${eb.id}/request`, { toStage: 'cultivating', comment: '申请', fileIds: [f.id] });
    // an accepted entry coached by the site, for the stage and site filters (in one file with the stage workflow, that
    // workflow's entry served; this file makes its own)
    const accepted = await list(jinfeng, { enterpriseId: (await enterprise('宁夏统计已认定有限公司', JINFENG, { siteOrgId: org.site })).id });
    await advance(accepted.id, 'cultivating');
    await advance(accepted.id, 'created');
    await advance(accepted.id, 'accepted', { requester: site, reviewer: jinfeng, approver: city2 });
  });

  it('filters by year, batch, stage, review state, district, industry, kind, site and name', async () => {
    const q = async (query: string) => json(await city.get(`/api/cultivation?pageSize=200&${query}`));
    const names = (p: Json) => p.items.map((x: Json) => x.enterpriseName).sort();
    expect(names(await q('year=2027'))).toEqual(['宁夏统计乙有限公司', '宁夏统计甲有限公司']);
    expect(names(await q('year=2027&batch=2'))).toEqual(['宁夏统计乙有限公司']);
    expect(names(await q('year=2027&review=district'))).toEqual(['宁夏统计乙有限公司']);
    expect((await q('stage=accepted')).items.every((x: Json) => x.stage === 'accepted')).toBe(true);
    expect((await q('stage=accepted')).total).toBeGreaterThan(0);
    expect((await q(`districtCode=${XINGQING}&year=2027`)).total).toBe(2);
    expect(names(await q('year=2027&industryCode=F'))).toEqual(['宁夏统计乙有限公司']);
    expect(names(await q('year=2027&kind=innovative'))).toEqual(['宁夏统计乙有限公司']);
    expect(names(await q(`q=${encodeURIComponent('统计甲')}`))).toEqual(['宁夏统计甲有限公司']);
    const bySite = await q(`siteOrgId=${org.site}`);
    expect(bySite.total).toBeGreaterThan(0);
    expect(bySite.items.every((x: Json) => x.siteOrgId === org.site)).toBe(true);
    expect((await city.get('/api/cultivation?stage=bogus')).statusCode).toBe(400);
    expect(json(await city.get('/api/cultivation?year=abc')).error.fields[0].field).toBe('year');
    const all = json(await city.get('/api/cultivation?pageSize=200&sort=name&order=asc'));
    const p2 = json(await city.get('/api/cultivation?pageSize=2&page=2&sort=name&order=asc'));
    expect(p2.total).toBe(all.total);
    expect(ids(p2)).toEqual(ids(all).slice(2, 4));
  });

  it('counts by stage (every stage), district, industry, kind, review and year', async () => {
    const s = json(await city.get('/api/cultivation/stats'));
    const list = json(await city.get('/api/cultivation?pageSize=1'));
    expect(s.total).toBe(list.total);
    const sum = (b: Json[]) => b.reduce((n: number, x: Json) => n + x.count, 0);
    for (const key of ['byDistrict', 'byIndustry', 'byReview', 'byYear']) expect(sum(s[key]), key).toBe(s.total);
    const stages = Object.fromEntries(s.byStage.map((b: Json) => [b.key, b.count]));
    expect(stages.withdrawn).toBeGreaterThanOrEqual(1);
    expect(sum(s.byStage) - stages.withdrawn).toBe(s.total);
    expect(s.byKind.find((b: Json) => b.key === 'time_honoured').count).toBe(2);
    expect(s.byYear.find((b: Json) => b.key === '2027').count).toBe(2);
    const y = json(await city.get('/api/cultivation/stats?year=2027'));
    expect(y.total).toBe(2);
    expect(y.byReview.find((b: Json) => b.key === 'district').count).toBe(1);
  });

  it('exports the list as an office circulates it: title, 序号, labels, plan progress', async () => {
    const rows = await readXlsx(await city.get('/api/cultivation/export?year=2027'));
    expect(rows[0][0]).toBe('银川市商业秘密保护创新试点培育企业清单（2027年）');
    expect(rows[1]).toEqual([
      '序号',
      '企业名称',
      '统一社会信用代码',
      '所属区县',
      '行业',
      '企业类型',
      '批次',
      '当前阶段',
      '审核状态',
      '服务站点',
      '辅导老师',
      '辅导老师电话',
      '辅导计划完成情况',
      '列入时间',
      '阶段变更时间',
      '备注',
    ]);
    expect(rows.slice(2).map((r) => [r[0], r[1], r[6], r[7], r[8], r[12]])).toEqual([
      ['1', '宁夏统计甲有限公司', '2027年第一批', '意向', '', '0/0'],
      ['2', '宁夏统计乙有限公司', '2027年第二批', '意向', '待区县审核（培育）', '0/1'],
    ]);
    expect(rows[2][3]).toBe('兴庆区');
    expect(rows[2][4]).toBe('食品制造业');
    expect(rows[3][5]).toBe('老字号、创新型');
    expect(rows[2][10]).toBe('赵老师');
    expect(rows[2][13]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    city.locale = 'en-US';
    const en = await readXlsx(await city.get('/api/cultivation/export?year=2027&batch=2'));
    city.locale = 'zh-CN';
    expect(en[0][0]).toBe('Yinchuan trade secret protection pilot: cultivation list (2027 batch 2)');
    expect(en[1].slice(0, 3)).toEqual(['No.', 'Enterprise', 'Credit code']);
    expect(en[2][7]).toBe('Candidate');
  });
});

describe('merged enterprises', () => {
  it('moves a duplicate\'s entries to the survivor; where they clash, the further one stays with both histories', async () => {
    const keep = await enterprise('宁夏合并保留培育有限公司', JINFENG);
    const dup = await enterprise('宁夏合并重复培育有限公司', JINFENG);
    const keepEntry = await list(jinfeng, { enterpriseId: keep.id });
    await jinfeng.post(`/api/cultivation/${keepEntry.id}/plan`, { title: '保留方事项' });
    const dupEntry = await list(jinfeng, { enterpriseId: dup.id, year: YEAR - 1 });
    await jinfeng.post(`/api/cultivation/${dupEntry.id}/plan`, { title: '重复方事项' });
    await advance(dupEntry.id, 'cultivating');
    const merged = await jinfeng.post(`/api/enterprises/${dup.id}/merge`, { intoId: keep.id });
    expect(merged.statusCode, merged.body).toBe(200);
    const rows = await t.database.db.select().from(cultivationEntries).where(eq(cultivationEntries.enterpriseId, keep.id));
    expect(rows.map((r) => [r.id, r.stage])).toEqual([[dupEntry.id, 'cultivating']]);
    expect(await t.database.db.select().from(cultivationEntries).where(eq(cultivationEntries.enterpriseId, dup.id))).toEqual([]);
    const d = json(await jinfeng.get(`/api/cultivation/${dupEntry.id}`));
    expect(d).toMatchObject({ enterpriseId: keep.id, enterpriseName: '宁夏合并保留培育有限公司' });
    expect(d.plan.map((i: Json) => i.title).sort()).toEqual(['保留方事项', '重复方事项']);
    expect(d.events[0]).toMatchObject({ action: 'merged', fromStage: 'candidate', toStage: 'cultivating' });
    expect(d.events.filter((ev: Json) => ev.action === 'created')).toHaveLength(2);
    expect((await jinfeng.get(`/api/cultivation/${keepEntry.id}`)).statusCode).toBe(404);
  });
});

describe('the enterprise list\'s stage filter', () => {
  it('finds enterprises by their current stage; withdrawn means withdrawn and not listed again', async () => {
    const a = await enterprise('宁夏阶段筛选甲有限公司', JINFENG);
    const b = await enterprise('宁夏阶段筛选乙有限公司', JINFENG);
    const c = await enterprise('宁夏阶段筛选丙有限公司', JINFENG);
    await list(jinfeng, { enterpriseId: a.id });
    const eb = await list(jinfeng, { enterpriseId: b.id });
    await advance(eb.id, 'cultivating');
    const ec = await list(jinfeng, { enterpriseId: c.id, year: 2023 });
    await jinfeng.post(`/api/cultivation/${ec.id}/request`, { toStage: 'withdrawn', comment: '退出' });
    await jinfeng2.post(`/api/cultivation/${ec.id}/review`, { decision: 'pass' });
    await city.post(`/api/cultivation/${ec.id}/approve`, { decision: 'pass' });
    const names = async (stage: string) =>
      json(await jinfeng.get(`/api/enterprises?pageSize=200&q=${encodeURIComponent('阶段筛选')}&stage=${stage}`)).items.map((e: Json) => e.name);
    expect(await names('candidate')).toEqual(['宁夏阶段筛选甲有限公司']);
    expect(await names('cultivating')).toEqual(['宁夏阶段筛选乙有限公司']);
    expect(await names('withdrawn')).toEqual(['宁夏阶段筛选丙有限公司']);
    await list(jinfeng, { enterpriseId: c.id, year: 2024 });
    expect(await names('withdrawn')).toEqual([]);
    expect(await names('candidate')).toEqual(expect.arrayContaining(['宁夏阶段筛选甲有限公司', '宁夏阶段筛选丙有限公司']));
    const stats = json(await jinfeng.get('/api/enterprises/stats?stage=cultivating'));
    expect(stats.total).toBeGreaterThanOrEqual(1);
    expect((await jinfeng.get('/api/enterprises?stage=bogus')).statusCode).toBe(400);
  });
});
