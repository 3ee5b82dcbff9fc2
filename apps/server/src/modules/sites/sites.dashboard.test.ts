/** The protection network: targets and the dashboard, construction standards, bulk import (shared setup: sites.fixture.ts) */
import { describe, expect, it } from 'vitest';
import { and, desc, eq } from 'drizzle-orm';
import { siteStandards, sites } from '../../db/schema/index.js';
import { loadStandardFiles, seedReferenceData } from '../../seed.js';
import { json, readXlsx, type Json } from '../../../test/harness.js';
import { t, admin, city, jinfeng, xingqing, JINFENG, XINGQING, lastOplog, create, selfEvaluation, fullScores, staffOf } from './sites.fixture.js';

describe('targets and the dashboard', () => {
  it('seeds the plan\'s goals: 3/20 by 2025, 5/40 by 2026, 6/60 by 2027, 20 new stations and points a year', async () => {
    const targets = json(await jinfeng.get('/api/sites/targets'));
    const goal = (year: number, kind: string) => targets.find((x: Json) => x.year === year && x.kind === kind && x.districtCode === null);
    expect(goal(2025, 'base')).toMatchObject({ cumulative: 3, newPerYear: 3 });
    expect(goal(2025, 'station_point')).toMatchObject({ cumulative: 20, newPerYear: 20 });
    expect(goal(2026, 'base')).toMatchObject({ cumulative: 5 });
    expect(goal(2026, 'station_point')).toMatchObject({ cumulative: 40, newPerYear: 20 });
    expect(goal(2027, 'base')).toMatchObject({ cumulative: 6 });
    expect(goal(2027, 'station_point')).toMatchObject({ cumulative: 60, newPerYear: 20 });
  });

  it('only the city edits targets and splits them into district quotas', async () => {
    const body = {
      goals: [
        { kind: 'base', cumulative: 5, newPerYear: 2 },
        { kind: 'station_point', cumulative: 40, newPerYear: 20 },
      ],
      quotas: [
        { districtCode: JINFENG, kind: 'station_point', cumulative: 12, newPerYear: 6 },
        { districtCode: XINGQING, kind: 'station_point', cumulative: 10, newPerYear: 5 },
      ],
    };
    expect((await jinfeng.put('/api/sites/targets/2026', body)).statusCode).toBe(403);
    expect((await city.put('/api/sites/targets/2026', body)).statusCode).toBe(403);
    const dup = await admin.put('/api/sites/targets/2026', { ...body, quotas: [body.quotas[0], body.quotas[0]] });
    expect(json(dup).error.fields[0].field).toBe('quotas.1.districtCode');
    const ok = await admin.put('/api/sites/targets/2026', body);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(json(ok).filter((x: Json) => x.year === 2026 && x.districtCode === JINFENG)).toEqual([{ year: 2026, kind: 'station_point', districtCode: JINFENG, cumulative: 12, newPerYear: 6 }]);
    expect((await lastOplog()).action).toBe('sites.targets');
  });

  it('counts a site toward a year when accredited by 31 December (Asia/Shanghai), and not once revoked', async () => {
    // three accredited stations so far (all this year); put them around the turn of 2025/2026 to see the rule
    const accredited = await t.database.db.select().from(sites).where(eq(sites.kind, 'station'));
    const done = accredited.filter((x) => x.accreditedAt).sort((a, b) => a.id - b.id);
    expect(done.length).toBe(2);
    await t.database.db.update(sites).set({ accreditedAt: new Date('2025-12-31T23:59:00+08:00') }).where(eq(sites.id, done[0].id));
    await t.database.db.update(sites).set({ accreditedAt: new Date('2026-01-01T00:00:00+08:00') }).where(eq(sites.id, done[1].id));
    const dash = json(await city.get('/api/sites/dashboard'));
    const year = (y: number) => dash.years.find((x: Json) => x.year === y).items.find((i: Json) => i.kind === 'station_point');
    expect(year(2025)).toMatchObject({ goalCumulative: 20, builtCumulative: 1, builtNew: 1 });
    // the point accredited in the previous test counts this year
    expect(year(2026)).toMatchObject({ goalCumulative: 40, goalNew: 20, builtCumulative: 3, builtNew: 2 });
    expect(year(2027)).toMatchObject({ builtCumulative: 3, builtNew: 0 });
    const jf = dash.byDistrict.find((x: Json) => x.year === 2026 && x.districtCode === JINFENG).items.find((i: Json) => i.kind === 'station_point');
    expect(jf).toMatchObject({ goalCumulative: 12, goalNew: 6, builtCumulative: 3 });
    expect(dash.pipeline.find((p: Json) => p.kind === 'base' && p.status === 'planned').count).toBe(1);
    const points = json(await city.get('/api/sites/map'));
    expect(points.map((p: Json) => p.name)).toEqual(expect.arrayContaining(['阅海湾商业秘密保护基地', '阅海湾司法鉴定工作站']));
    expect(points.every((p: Json) => typeof p.lng === 'number' && typeof p.lat === 'number')).toBe(true);
    // a district officer's dashboard is their district's, with its quota as the goal
    const jfDash = json(await jinfeng.get('/api/sites/dashboard'));
    expect(jfDash.districtCode).toBe(JINFENG);
    expect(jfDash.years.find((x: Json) => x.year === 2026).items.find((i: Json) => i.kind === 'station_point')).toMatchObject({ goalCumulative: 12, builtCumulative: 3 });

    // revoked in 2026: still counted for 2025, no longer for 2026
    // (a city officer holds sites:approve but not sites:update: the city administrator revokes)
    expect((await city.post(`/api/sites/${done[0].id}/status`, { to: 'revoked', reason: '不再符合建设标准' })).statusCode).toBe(403);
    const res = await admin.post(`/api/sites/${done[0].id}/status`, { to: 'revoked', reason: '不再符合建设标准' });
    expect(res.statusCode, res.body).toBe(200);
    const after = json(await city.get('/api/sites/dashboard'));
    const y = (yr: number) => after.years.find((x: Json) => x.year === yr).items.find((i: Json) => i.kind === 'station_point');
    expect(y(2025).builtCumulative).toBe(1);
    expect(y(2026).builtCumulative).toBe(2);
    // the map of a year shows the sites counting toward it: the revoked station still in 2025's, not in 2026's or today's
    expect((await admin.patch(`/api/sites/${done[1].id}`, { lng: 106.25, lat: 38.47 })).statusCode).toBe(200);
    const named = async (q: string) => json(await city.get(`/api/sites/map${q}`)).map((p: Json) => p.id);
    expect(await named('?year=2025')).toContain(done[0].id);
    expect(await named('?year=2025')).not.toContain(done[1].id);
    expect(await named('?year=2026')).toEqual(expect.arrayContaining([done[1].id]));
    expect(await named('?year=2026')).not.toContain(done[0].id);
    expect(await named('')).not.toContain(done[0].id);
    expect((await city.get('/api/sites/map?year=1999')).statusCode).toBe(400);
    // a district officer's map is their district's
    expect(json(await jinfeng.get('/api/sites/map')).map((p: Json) => p.id)).toContain(done[1].id);
    expect(json(await xingqing.get('/api/sites/map')).map((p: Json) => p.id)).not.toContain(done[1].id);
    expect((await admin.patch(`/api/sites/${done[0].id}`, { hours: 'x' })).statusCode).toBe(409);
  });

  it('the applicant withdraws an acceptance under review with a reason; the site is back under construction and may apply again', async () => {
    const w = await create(jinfeng, { kind: 'point', name: '撤回验收服务点', status: 'building' });
    const st = await staffOf(w.id, 'si_withdraw_staff');
    const sub = await st.post(`/api/sites/${w.id}/acceptance`, await selfEvaluation(st, json(await st.get(`/api/sites/${w.id}`))));
    expect(json(sub).allowed).toMatchObject({ withdraw: true, submit: false });
    // only the applicant's side: a district officer does not hold sites:submit, another site's staff does not see it
    expect((await jinfeng.post(`/api/sites/${w.id}/acceptance/withdraw`, { reason: '误报' })).statusCode).toBe(403);
    const other = await staffOf((await create(jinfeng, { kind: 'point', name: '另一个服务点', status: 'building' })).id, 'si_other_staff');
    expect((await other.post(`/api/sites/${w.id}/acceptance/withdraw`, { reason: '误报' })).statusCode).toBe(404);
    // the reason is required and named
    const blank = await st.post(`/api/sites/${w.id}/acceptance/withdraw`, { reason: ' ' });
    expect(blank.statusCode).toBe(400);
    expect(json(blank).error.fields[0]).toMatchObject({ field: 'reason', message: expect.stringMatching(/^原因/) });
    expect(json(await st.get(`/api/sites/${w.id}`)).acceptance).toBe('district');

    const res = await st.post(`/api/sites/${w.id}/acceptance/withdraw`, { reason: '补充消防验收材料后再申请' });
    expect(res.statusCode, res.body).toBe(200);
    const d = json(res);
    expect(d).toMatchObject({ status: 'building', acceptance: 'withdrawn', allowed: { withdraw: false, submit: true } });
    expect(d.acceptances[0]).toMatchObject({ state: 'withdrawn', returnReason: '补充消防验收材料后再申请' });
    expect(d.events[0]).toMatchObject({ action: 'withdrawn', fromStatus: 'applying', toStatus: 'building', comment: '补充消防验收材料后再申请' });
    expect(await lastOplog()).toMatchObject({ action: 'sites.withdraw', targetId: String(w.id) });
    // nothing left to review or to withdraw
    expect((await jinfeng.post(`/api/sites/${w.id}/acceptance/review`, { decision: 'pass', items: fullScores(d) })).statusCode).toBe(409);
    expect((await st.post(`/api/sites/${w.id}/acceptance/withdraw`, { reason: '再次撤回' })).statusCode).toBe(409);
    // a new application opens a new acceptance
    const again = await st.post(`/api/sites/${w.id}/acceptance`, await selfEvaluation(st, d));
    expect(again.statusCode, again.body).toBe(200);
    expect(json(again).acceptances.map((a: Json) => a.state)).toEqual(['district', 'withdrawn']);
    expect((await st.post(`/api/sites/${w.id}/acceptance/withdraw`, { reason: '暂缓申请' })).statusCode).toBe(200);
  });

  it('lists the sites that have waited longest for review', async () => {
    const w = await create(jinfeng, { kind: 'point', name: '等待审核服务点', status: 'building' });
    const st = await staffOf(w.id, 'si_waiting_staff');
    await st.post(`/api/sites/${w.id}/acceptance`, await selfEvaluation(st, json(await st.get(`/api/sites/${w.id}`))));
    const dash = json(await city.get('/api/sites/dashboard'));
    expect(dash.waiting[0]).toMatchObject({ name: '等待审核服务点', acceptance: 'district', days: 0 });
    expect(json(await city.get('/api/sites?acceptance=district')).items.map((x: Json) => x.name)).toEqual(['等待审核服务点']);
  });
});

describe('construction standard versions', () => {
  it('a city administrator publishes a new version; acceptances keep the version they were made against', async () => {
    const current = json(await admin.get('/api/sites/standards?kind=point'))[0];
    const items = current.items.map((it: Json) => ({ code: it.code, category: it.category, title: it.title, weight: it.weight, evidence: it.evidence, required: it.required }));
    expect((await jinfeng.post('/api/sites/standards', { kind: 'point', title: 'x', passScore: 70, items })).statusCode).toBe(403);
    const dup = await admin.post('/api/sites/standards', { kind: 'point', title: '第2版', passScore: 70, items: [...items, items[0]] });
    expect(json(dup).error.fields[0]).toMatchObject({ field: `items.${items.length}.code` });
    const high = await admin.post('/api/sites/standards', { kind: 'point', title: '第2版', passScore: 101, items });
    expect(json(high).error.fields[0]).toMatchObject({ field: 'passScore', message: '合格分：不能超过各项分值之和（100）' });
    const ok = await admin.post('/api/sites/standards', { kind: 'point', title: '商业秘密保护服务点建设标准（第2版）', passScore: 75, items });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(json(ok)).toMatchObject({ version: current.version + 1, source: 'edit', passScore: 75 });
    expect(json(await jinfeng.get('/api/sites/standards?kind=point'))[0].version).toBe(current.version + 1);
    expect(json(await jinfeng.get('/api/sites/standards?kind=point&all=true')).map((x: Json) => x.version)).toEqual([current.version + 1, current.version]);
    const waiting = json(await city.get('/api/sites?acceptance=district')).items[0];
    expect(json(await city.get(`/api/sites/${waiting.id}`)).acceptances[0].standardVersion).toBe(current.version);
  });
});

describe('shipped standard versions', () => {
  const YINCHUAN = '640100';
  const rowsOf = (kind: string) =>
    t.database.db.select().from(siteStandards).where(and(eq(siteStandards.regionCode, YINCHUAN), eq(siteStandards.kind, kind as 'base'))).orderBy(desc(siteStandards.version));

  it('a newer shipped file becomes the next version where the city has not edited the kind; restarting adds nothing', async () => {
    const shipped = loadStandardFiles();
    const base = shipped.find((s) => s.kind === 'base')!;
    const before = await rowsOf('base');
    expect(before[0]).toMatchObject({ source: 'file', fileVersion: base.version });
    const v2 = { ...base, version: base.version + 1, title: '商业秘密保护基地建设标准（系统第2版）' };
    await seedReferenceData(t.database.db, undefined, [...shipped, v2]);
    await seedReferenceData(t.database.db, undefined, [...shipped, v2]);
    const after = await rowsOf('base');
    expect(after.length).toBe(before.length + 1);
    expect(after[0]).toMatchObject({ version: before[0].version + 1, fileVersion: v2.version, source: 'file', title: v2.title });
    expect(json(await jinfeng.get('/api/sites/standards?kind=base'))[0]).toMatchObject({ title: v2.title, fileVersion: v2.version });
    // an older file never comes back
    await seedReferenceData(t.database.db, undefined, shipped);
    expect((await rowsOf('base')).length).toBe(after.length);
  });

  it('where the city has edited the kind, its edit stays current and the newer file is offered to the city administrator to adopt', async () => {
    const station = json(await admin.get('/api/sites/standards?kind=station'))[0];
    const items = station.items.map((it: Json) => ({ code: it.code, category: it.category, title: it.title, weight: it.weight, evidence: it.evidence, required: it.required }));
    const edited = await admin.post('/api/sites/standards', { kind: 'station', title: '工作站建设标准（本市修订）', passScore: 72, items });
    expect(edited.statusCode, edited.body).toBe(200);
    // the region's shipped station rows predate file versioning: the shipped file is newer than anything it took
    await t.database.db.update(siteStandards).set({ fileVersion: null }).where(and(eq(siteStandards.regionCode, YINCHUAN), eq(siteStandards.kind, 'station')));
    await seedReferenceData(t.database.db);
    expect(json(await jinfeng.get('/api/sites/standards?kind=station'))[0]).toMatchObject({ title: '工作站建设标准（本市修订）', source: 'edit' });

    expect((await jinfeng.get('/api/sites/standards/shipped')).statusCode).toBe(403);
    const offered = json(await admin.get('/api/sites/standards/shipped'));
    const file = loadStandardFiles().find((s) => s.kind === 'station')!;
    expect(offered).toEqual([expect.objectContaining({ kind: 'station', fileVersion: file.version, title: file.title, itemCount: file.items.length })]);
    expect((await jinfeng.post('/api/sites/standards/adopt', { kind: 'station' })).statusCode).toBe(403);
    const adopted = await admin.post('/api/sites/standards/adopt', { kind: 'station' });
    expect(adopted.statusCode, adopted.body).toBe(200);
    expect(json(adopted)).toMatchObject({ version: json(edited).version + 1, fileVersion: file.version, source: 'file', title: file.title });
    expect(await lastOplog()).toMatchObject({ action: 'sites.standard-adopt' });
    expect(json(await admin.get('/api/sites/standards/shipped'))).toEqual([]);
    expect((await admin.post('/api/sites/standards/adopt', { kind: 'station' })).statusCode).toBe(409);
    expect((await admin.post('/api/sites/standards/adopt', { kind: 'office' })).statusCode).toBe(400);
  });
});

describe('bulk import', () => {
  async function workbook(rows: (string | number)[][]): Promise<Buffer> {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('站点');
    ws.addRow(['站点名称', '类型', '级别', '上级站点', '所属区县', '所属园区', '依托单位类型', '经度', '纬度', '联系电话', '服务内容']);
    for (const r of rows) ws.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
  const lines = (res: { body: string }) => res.body.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Json);

  it('checks every row and names the errors before writing anything; the commit writes the valid rows, parents first', async () => {
    expect((await jinfeng.get('/api/sites/import-template')).statusCode).toBe(200);
    const buf = await workbook([
      ['导入基地', '基地', '市级', '', '金凤区', '阅海湾科创港', '园区管委会', 106.2, 38.5, '0951-1234567', '咨询、培训'],
      ['导入工作站', '站', '', '导入基地', '', '', '律师事务所', '', '', '', '维权援助'],
      ['导入服务点', '点', '', '导入工作站', '', '', '', '', '', '', ''],
      ['错误类型', '中心', '', '', '', '', '', '', '', '', ''],
      ['越界站', '站', '', '', '兴庆区', '', '', '', '', '', ''],
      ['坐标不全', '点', '', '', '', '', '', 106.2, '', 'abc', '跳舞'],
      ['导入基地', '基地', '', '', '', '', '', '', '', '', ''],
      ['挂错上级', '站', '', '导入服务点', '', '', '', '', '', '', ''],
    ]);
    const file = await jinfeng.upload('站点导入.xlsx', buf);
    const before = json(await city.get('/api/sites?pageSize=200')).total;
    const check = await jinfeng.post('/api/sites/imports', { fileId: file.id });
    expect(check.statusCode).toBe(200);
    const out = lines(check);
    expect(out.some((l) => l.type === 'progress')).toBe(true);
    const job = out.at(-1).result;
    expect(job).toMatchObject({ status: 'checked', totalRows: 8, validRows: 3, errorRows: 5 });
    const byRow = (row: number) => job.errors.filter((e: Json) => e.row === row).map((e: Json) => `${e.column}:${e.message}`);
    expect(byRow(5)).toEqual(['kind:类型“中心”无效（基地、站或点）']);
    expect(byRow(6)[0]).toMatch(/^district:超出您的管理范围/);
    expect(byRow(7)).toEqual(expect.arrayContaining(['services:服务内容“跳舞”无效', 'lat:经度和纬度须同时填写', 'contactPhone:电话格式不正确']));
    expect(byRow(8)).toEqual(['name:与第 2 行重名']);
    expect(byRow(9)[0]).toMatch(/^parent:站不能设在点之下/);
    expect(json(await city.get('/api/sites?pageSize=200')).total).toBe(before);

    // the error workbook: the five rows as given, their row numbers and the reasons, to fix and import again
    const wb = await jinfeng.get(`/api/sites/imports/${job.id}/errors`);
    expect(wb.statusCode).toBe(200);
    expect(wb.headers['content-disposition']).toMatch(/filename\*=UTF-8''/);
    const errRows = await readXlsx(wb);
    expect(errRows[0].slice(0, 2)).toEqual(['站点名称', '类型']);
    expect(errRows[0].slice(-2)).toEqual(['原行号', '错误说明']);
    expect(errRows.slice(1).map((r) => r.at(-2))).toEqual(['5', '6', '7', '8', '9']);
    const row7 = errRows.find((r) => r.at(-2) === '7')!;
    expect(row7[0]).toBe('坐标不全');
    expect(row7.at(-1)).toContain('服务内容：服务内容“跳舞”无效');
    expect((await xingqing.get(`/api/sites/imports/${job.id}/errors`)).statusCode).toBe(404);

    const commit = await jinfeng.post(`/api/sites/imports/${job.id}/commit`);
    const done = lines(commit).at(-1);
    expect(done.type, commit.body).toBe('done');
    expect(done.result).toMatchObject({ status: 'committed', inserted: 3 });
    const created = json(await jinfeng.get(`/api/sites?q=${encodeURIComponent('导入')}&pageSize=50`)).items;
    const named = (n: string) => created.find((s: Json) => s.name === n);
    expect(named('导入基地')).toMatchObject({ kind: 'base', level: 'city', districtCode: JINFENG, parkName: '阅海湾科创港', services: ['consulting', 'training'] });
    expect(named('导入工作站')).toMatchObject({ parentSiteName: '导入基地', districtCode: JINFENG, hostKind: 'law_firm' });
    expect(named('导入服务点').parentSiteName).toBe('导入工作站');
    expect((await jinfeng.post(`/api/sites/imports/${job.id}/commit`)).body).toMatch(/"type":"error"/);
    // imports are personal: another officer does not see the job
    expect((await xingqing.get(`/api/sites/imports/${job.id}`)).statusCode).toBe(404);
  });
});
