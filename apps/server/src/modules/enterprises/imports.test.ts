import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, desc, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { buildCreditCode } from '@shangmi/shared';
import { enterprises, oplog, orgs } from '../../db/schema/index.js';
import { createTestApp, json, ndjson, readXlsx, type Client, type Json, type TestApp } from '../../../test/harness.js';
import { creditCodes } from '../../../test/fixtures.js';

let t: TestApp;
let jinfeng: Client;
let xingqing: Client;
const org: Record<string, number> = {};

const JINFENG = '640106';
const XINGQING = '640104';
const HEADER = ['企业名称', '统一社会信用代码', '法定代表人', '所属区县', '所属园区', '所属行业', '企业规模', '企业类型', '主营产品', '联系人', '联系电话', '联系邮箱'];

const creditCode = creditCodes('AM7X');
const withWrongCheck = (code: string) => code.slice(0, 17) + (code[17] === '0' ? '1' : '0');

async function workbook(rows: unknown[][], header = HEADER): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('企业');
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Uploads, checks; returns the check's lines and its job. */
async function check(c: Client, name: string, bytes: Buffer, mode: 'insert' | 'upsert' = 'insert') {
  const file = await c.upload(name, bytes);
  const res = await c.post('/api/enterprises/imports', { fileId: file.id, mode });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toContain('application/x-ndjson');
  const lines = ndjson(res);
  const last = lines[lines.length - 1];
  return { lines, last, job: last.type === 'done' ? (last.result as Json) : null };
}

async function commit(c: Client, id: number) {
  const lines = ndjson(await c.post(`/api/enterprises/imports/${id}/commit`));
  return { lines, last: lines[lines.length - 1] };
}

const byCode = async (code: string) => (await t.database.db.select().from(enterprises).where(eq(enterprises.creditCode, code)))[0];
const total = async () => (await t.database.db.select({ n: count() }).from(enterprises))[0].n;

beforeAll(async () => {
  t = await createTestApp();
  await t.admin();
  org.jinfeng = await t.orgId('金凤区市场监督管理局');
  org.xingqing = await t.orgId('兴庆区市场监督管理局');
  await t.createUser({ username: 'imp_jf', orgId: org.jinfeng, roles: ['district_staff'] });
  await t.createUser({ username: 'imp_xq', orgId: org.xingqing, roles: ['district_staff'] });
  await t.createUser({ username: 'imp_ent', orgId: org.jinfeng, roles: ['enterprise_member'] });
  [jinfeng, xingqing] = await Promise.all([t.loginAs('imp_jf'), t.loginAs('imp_xq')]);
});
afterAll(async () => t?.close());

describe('template', () => {
  it('downloads a workbook whose first sheet has every column and whose second explains them', async () => {
    const res = await jinfeng.get('/api/enterprises/import-template');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('企业导入模板.xlsx'));
    const rows = await readXlsx(res);
    expect(rows[0]).toEqual(expect.arrayContaining(['企业名称', '统一社会信用代码', '所属区县', '所属行业', '企业类型', '服务站点']));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    expect(wb.worksheets[1].name).toBe('填写说明');
    expect(JSON.stringify(wb.worksheets[1].getSheetValues())).toContain('金凤区');
  });

  it('is refused to users who may not import', async () => {
    const member = await t.loginAs('imp_ent');
    expect((await member.get('/api/enterprises/import-template')).statusCode).toBe(403);
  });
});

describe('check, fix and import', () => {
  const good1 = creditCode(JINFENG);
  const good2 = creditCode(JINFENG);
  const dupInFile = creditCode(JINFENG);
  const registered = creditCode(JINFENG);
  let jobId = 0;

  beforeAll(async () => {
    const res = await jinfeng.post('/api/enterprises', { creditCode: registered, name: '宁夏已登记科技有限公司' });
    expect(res.statusCode).toBe(200);
  });

  it('reports every bad row with the column named, writes nothing, and streams progress', async () => {
    const before = await total();
    const bytes = await workbook([
      ['宁夏导入一号科技有限公司', good1, '张三', '金凤区', '', 'C39', '小型', '高新技术企业、专精特新', '工业传感器', '李四', '13800000001', 'a@example.cn'],
      ['', creditCode(JINFENG), '', '金凤区'], // row 3: no name
      ['宁夏错码公司', withWrongCheck(creditCode(JINFENG))], // row 4: wrong check character
      ['宁夏导入二号有限公司', good2, '', '', '', '计算机、通信和其他电子设备制造业', '中型', '', '', '', '', ''],
      ['宁夏区县有误公司', creditCode(JINFENG), '', '火星区'], // row 6
      ['宁夏重复一号', dupInFile],
      ['宁夏重复二号', dupInFile], // row 8: repeats row 7
      ['宁夏已登记（文件中）', registered], // row 9: already registered
      ['宁夏类型有误', creditCode(JINFENG), '', '', '', '', '', '独角兽'], // row 10
      ['宁夏邮箱有误', creditCode(JINFENG), '', '', '', '', '', '', '', '', '', 'not-an-email'], // row 11
      ['宁夏兴庆企业', creditCode(XINGQING), '', '兴庆区'], // row 12: outside 金凤区's area
      [],
    ]);
    const { lines, job } = await check(jinfeng, '企业名录.xlsx', bytes);
    expect(lines.some((l) => l.type === 'progress' && l.phase === 'read')).toBe(true);
    expect(job).toMatchObject({ status: 'checked', totalRows: 11, validRows: 3, errorRows: 8, newRows: 3, existingRows: 0, inserted: 0 });
    const byRow = (row: number) => job.errors.filter((e: Json) => e.row === row);
    expect(byRow(3)[0]).toMatchObject({ column: 'name', message: '必填' });
    expect(byRow(4)[0]).toMatchObject({ column: 'creditCode', message: expect.stringContaining('校验位不正确') });
    expect(byRow(6)[0]).toMatchObject({ column: 'district', message: expect.stringContaining('不是本地区的区县') });
    expect(byRow(8)[0]).toMatchObject({ column: 'creditCode', message: '与第 7 行重复' });
    expect(byRow(9)[0]).toMatchObject({ column: 'creditCode', message: expect.stringContaining('已登记为「宁夏已登记科技有限公司」') });
    expect(byRow(10)[0]).toMatchObject({ column: 'kinds', message: expect.stringContaining('独角兽') });
    expect(byRow(11)[0]).toMatchObject({ column: 'contactEmail' });
    expect(byRow(12)[0]).toMatchObject({ column: 'district', message: expect.stringContaining('超出您的管理范围') });
    expect(await total()).toBe(before);
    jobId = job.id;
  });

  it('gives the rows with errors as a workbook with the reason on each', async () => {
    const res = await jinfeng.get(`/api/enterprises/imports/${jobId}/errors`);
    expect(res.statusCode).toBe(200);
    const rows = await readXlsx(res);
    expect(rows[0].slice(-2)).toEqual(['原行号', '错误说明']);
    expect(rows).toHaveLength(1 + 8);
    const row4 = rows.find((r) => r[r.length - 2] === '4')!;
    expect(row4[0]).toBe('宁夏错码公司');
    expect(row4[row4.length - 1]).toContain('统一社会信用代码：校验位不正确');
  });

  it('keeps an import to its owner', async () => {
    expect((await xingqing.get(`/api/enterprises/imports/${jobId}`)).statusCode).toBe(404);
    expect((await xingqing.post(`/api/enterprises/imports/${jobId}/commit`)).body).toContain('NOT_FOUND');
    expect((await xingqing.get(`/api/enterprises/imports/${jobId}/errors`)).statusCode).toBe(404);
  });

  it('imports the valid rows in one go, under the right bureaus, searchable, audited — and only once', async () => {
    const before = await total();
    const { lines, last } = await commit(jinfeng, jobId);
    expect(last.type).toBe('done');
    expect(lines.some((l) => l.type === 'progress' && l.phase === 'write')).toBe(true);
    expect(last.result).toMatchObject({ status: 'committed', inserted: 3, updated: 0 });
    expect(await total()).toBe(before + 3);
    const e = await byCode(good1);
    expect(e).toMatchObject({ name: '宁夏导入一号科技有限公司', districtCode: JINFENG, industryCode: '39', industrySection: 'C', size: 'small', source: 'import', status: 'active' });
    expect(e.kinds.length).toBe(2);
    const [o] = await t.database.db.select().from(orgs).where(eq(orgs.id, e.orgId));
    expect(o).toMatchObject({ kind: 'enterprise', parentId: org.jinfeng, path: `${(await t.database.db.select().from(orgs).where(eq(orgs.id, org.jinfeng)))[0].path}${o.id}/` });
    expect((await byCode(good2)).industryCode).toBe('39'); // given by name
    const found = json(await jinfeng.get(`/api/enterprises?q=${encodeURIComponent('导入一号')}`));
    expect(found.items.map((x: Json) => x.creditCode)).toContain(good1);
    const [log] = await t.database.db.select().from(oplog).where(eq(oplog.action, 'enterprises.import')).orderBy(desc(oplog.seq)).limit(1);
    expect(log).toMatchObject({ result: 'success', targetType: 'enterprise_import', targetId: String(jobId) });
    expect(log.after).toMatchObject({ inserted: 3, updated: 0 });
    const again = await commit(jinfeng, jobId);
    expect(again.last).toMatchObject({ type: 'error', error: { code: 'CONFLICT' } });
    expect(await total()).toBe(before + 3);
  });

  it('updates instead of duplicating when asked, keeping what the file leaves blank', async () => {
    const before = await total();
    const bytes = await workbook([
      ['宁夏导入一号科技有限公司', good1, '', '', '', '', '', '', '新型工业传感器', '', '13900000009', ''],
      ['宁夏导入新增有限公司', creditCode(JINFENG)],
    ]);
    const insertOnly = await check(jinfeng, 'again.xlsx', bytes, 'insert');
    expect(insertOnly.job).toMatchObject({ validRows: 1, errorRows: 1 });
    const { job } = await check(jinfeng, 'again.xlsx', bytes, 'upsert');
    expect(job).toMatchObject({ validRows: 2, errorRows: 0, newRows: 1, existingRows: 1 });
    const { last } = await commit(jinfeng, job.id);
    expect(last.result).toMatchObject({ inserted: 1, updated: 1 });
    expect(await total()).toBe(before + 1);
    const e = await byCode(good1);
    expect(e).toMatchObject({ products: '新型工业传感器', contactPhone: '13900000009', legalRep: '张三', size: 'small', contactEmail: 'a@example.cn' });
    const found = json(await jinfeng.get(`/api/enterprises?q=${encodeURIComponent('新型工业传感器')}`));
    expect(found.items.map((x: Json) => x.id)).toContain(e.id);
    const [o] = await t.database.db.select().from(orgs).where(eq(orgs.id, e.orgId));
    expect(o.contactPhone).toBe('13900000009');
  });

  it('does not update a record of another district', async () => {
    const theirs = creditCode(XINGQING);
    expect((await xingqing.post('/api/enterprises', { creditCode: theirs, name: '兴庆区某公司' })).statusCode).toBe(200);
    const { job } = await check(jinfeng, 'theirs.xlsx', await workbook([['兴庆区某公司（改名）', theirs]]), 'upsert');
    expect(job.errors[0]).toMatchObject({ column: 'creditCode', message: expect.stringContaining('无权更新') });
    expect((await byCode(theirs)).name).toBe('兴庆区某公司');
  });

  it('stops a commit when the registry changed since the check', async () => {
    const code = creditCode(JINFENG);
    const { job } = await check(jinfeng, 'race.xlsx', await workbook([['宁夏竞态有限公司', code]]));
    expect(job.errorRows).toBe(0);
    expect((await jinfeng.post('/api/enterprises', { creditCode: code, name: '宁夏抢先登记有限公司' })).statusCode).toBe(200);
    const before = await total();
    const { last } = await commit(jinfeng, job.id);
    expect(last).toMatchObject({ type: 'error', error: { code: 'CONFLICT', message: expect.stringContaining('请重新校验') } });
    expect(await total()).toBe(before);
    const [log] = await t.database.db.select().from(oplog).where(eq(oplog.action, 'enterprises.import')).orderBy(desc(oplog.seq)).limit(1);
    expect(log).toMatchObject({ result: 'failure', errorCode: 'CONFLICT' });
  });
});

describe('files', () => {
  it('reads CSV in UTF-8 with BOM and in GB18030, matching headers in any order', async () => {
    const a = creditCode(JINFENG);
    const b = creditCode(JINFENG);
    const text = `统一社会信用代码,企业名称,企业规模\r\n${a},宁夏逗号分隔有限公司,微型\r\n`;
    const utf8 = await check(jinfeng, 'list.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    expect(utf8.job).toMatchObject({ totalRows: 1, validRows: 1 });
    const gbk = await check(jinfeng, 'list-gbk.csv', gb18030(`统一社会信用代码,企业名称\r\n${b},"宁夏国标编码有限公司"\r\n`));
    expect(gbk.job).toMatchObject({ totalRows: 1, validRows: 1 });
    expect((await commit(jinfeng, gbk.job.id)).last.type).toBe('done');
    expect((await byCode(b)).name).toBe('宁夏国标编码有限公司');
  });

  it('keeps every Chinese character of a large workbook (no character split between two read chunks is lost)', async () => {
    const n = 20_000;
    const names = Array.from({ length: n }, (_, i) => `宁夏回族自治区银川市${'塞上江南鱼米之乡'.slice(i % 5)}第${i}号智能制造科技有限责任公司`);
    const rows = names.map((name, i) => {
      return [name, buildCreditCode('91', '640106', `${String(i).padStart(7, '0')}H`), '', '金凤区', '', '', '', '', `${name}的主营产品：传感器、仪器仪表、工业软件`];
    });
    const { job } = await check(jinfeng, '大表.xlsx', await workbook(rows));
    expect(job, JSON.stringify(job.errors.slice(0, 3))).toMatchObject({ totalRows: n, errorRows: 0 });
    expect((await commit(jinfeng, job.id)).last.type).toBe('done');
    const stored = await t.database.db.select({ name: enterprises.name, products: enterprises.products }).from(enterprises).where(eq(enterprises.source, 'import'));
    const got = new Set(stored.map((e) => e.name));
    expect(names.filter((x) => !got.has(x))).toEqual([]);
    expect(stored.filter((e) => e.name.includes('\uFFFD') || e.products?.includes('\uFFFD'))).toEqual([]);
    // a search matching 20,000 ranks the newest 1,000 and says there are more
    const found = json(await jinfeng.get(`/api/enterprises?q=${encodeURIComponent('智能制造')}&pageSize=20`));
    expect(found).toMatchObject({ total: 1000, capped: true });
    expect(found.items).toHaveLength(20);
    expect(json(await jinfeng.get(`/api/enterprises?q=${encodeURIComponent('智能制造')}&pageSize=20&page=51`)).items).toHaveLength(0);
    const exact = json(await jinfeng.get(`/api/enterprises?q=${encodeURIComponent('第19999号')}`));
    expect(exact.capped).toBeFalsy();
    expect(exact.items[0].name).toBe(names[19999]);
  }, 120_000);

  it('refuses a file without the required columns, or not a spreadsheet, naming the file', async () => {
    const noCode = await check(jinfeng, 'bad.xlsx', await workbook([['宁夏某公司']], ['企业名称']));
    expect(noCode.last).toMatchObject({ type: 'error', error: { code: 'VALIDATION', message: expect.stringContaining('缺少必填列：统一社会信用代码') } });
    const old = await check(jinfeng, 'old.xls', Buffer.from('not really a workbook'));
    expect(old.last.error.message).toContain('.xls');
    const junk = await check(jinfeng, 'junk.xlsx', Buffer.from('PK this is not a zip'));
    expect(junk.last.error.fields[0]).toMatchObject({ field: 'file' });
  });

  it('names a credit code Excel turned into a number', async () => {
    const { job } = await check(jinfeng, 'number.xlsx', await workbook([['宁夏数字代码有限公司', Number('916401060012345678')]]));
    expect(job.errors[0]).toMatchObject({ column: 'creditCode', message: expect.stringContaining('文本') });
  });

  it('answers in English when asked', async () => {
    jinfeng.locale = 'en-US';
    try {
      const { job } = await check(jinfeng, 'en.xlsx', await workbook([['', creditCode(JINFENG)]]));
      expect(job.errors[0]).toMatchObject({ column: 'name', message: 'is required' });
    } finally {
      jinfeng.locale = 'zh-CN';
    }
  });

  it('only lets the uploader use or download an upload', async () => {
    const f = await jinfeng.upload('私密.xlsx', await workbook([]));
    expect((await jinfeng.get(`/api/files/${f.id}`)).statusCode).toBe(200);
    expect((await xingqing.get(`/api/files/${f.id}`)).statusCode).toBe(404);
    const res = await xingqing.post('/api/enterprises/imports', { fileId: f.id });
    expect(ndjson(res).pop()).toMatchObject({ type: 'error', error: { fields: [{ field: 'fileId' }] } });
  });

  it('stores the same bytes once, and refuses an empty upload', async () => {
    const bytes = Buffer.from('same content');
    const [a, b] = [await jinfeng.upload('a.txt', bytes), await xingqing.upload('b.txt', bytes)];
    expect(a.sha256).toBe(b.sha256);
    expect(a.id).not.toBe(b.id);
    const res = await jinfeng.post('/api/files', Buffer.alloc(0), { 'x-file-name': 'empty.txt' });
    expect(res.statusCode).toBe(400);
    const rows = await t.database.db.select({ n: count() }).from(enterprises).where(and(eq(enterprises.source, 'import')));
    expect(rows[0].n).toBeGreaterThan(0);
  });
});

/** GB18030 bytes of a text (a table built by decoding every two-byte code; ASCII as is). */
function gb18030(text: string): Buffer {
  const table = new Map<string, number[]>();
  const dec = new TextDecoder('gb18030');
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = dec.decode(new Uint8Array([hi, lo]));
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
    else out.push(...table.get(ch)!);
  }
  return Buffer.from(out);
}
