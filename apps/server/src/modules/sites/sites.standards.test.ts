import { describe, expect, it } from 'vitest';
import { and, desc, eq } from 'drizzle-orm';
import { siteStandards } from '../../db/schema/index.js';
import { loadStandardFiles, seedReferenceData } from '../../seed.js';
import { json, readXlsx, type Json } from '../../../test/harness.js';
import { t, admin, city, jinfeng, xingqing, JINFENG, lastOplog } from './sites.fixture.js';

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
