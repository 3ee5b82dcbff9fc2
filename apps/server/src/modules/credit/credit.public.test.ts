/**
 * What leaves the platform, over the API on PGlite and PostgreSQL: every public credit route walked and searched for each
 * value that is not published (the case's secret terms and story, the discretion facts, review and statement comments,
 * the officers); 以案说法 from approved summaries only; the 双公示 files (XLSX header = DOMAIN.md's list in order, CSV,
 * JSON), full and incremental with their ledger; the token pull API; the Excel import with its row errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { count } from 'drizzle-orm';
import { DOUBLE_PUBLICITY_COLUMNS, shanghaiDate } from '@shangmi/shared';
import { creditRecords } from '../../db/schema/index.js';
import { createTestApp, json, readXlsx, type Client, type Json, type TestApp } from '../../../test/harness.js';
import { creditCode, decidedCase, ok, publishedRecord, recordInput } from '../../../test/credit.js';

let t: TestApp;
let admin: Client;
let jf: Client;
let jf2: Client;
let xq: Client;
let city: Client;
const today = () => shanghaiDate(new Date());
const recordCount = async () => (await t.database.db.select({ n: count() }).from(creditRecords))[0].n;

/** DOMAIN.md § Legal anchors, the 双公示 fields in order ("(+信用代码)" is the authority's and the source's own column). */
const DOMAIN_COLUMNS = [
  '行政相对人名称',
  '统一社会信用代码',
  '法定代表人',
  '行政处罚决定书文号',
  '违法行为类型',
  '违法事实',
  '处罚依据',
  '处罚类别',
  '处罚内容',
  '罚款金额(万元)',
  '没收违法所得金额(万元)',
  '暂扣或吊销证照名称及编号',
  '处罚决定日期',
  '处罚有效期',
  '公示截止期',
  '处罚机关',
  '处罚机关统一社会信用代码',
  '数据来源单位',
  '数据来源单位统一社会信用代码',
  '备注',
];

beforeAll(async () => {
  t = await createTestApp({ rateLimits: null });
  admin = await t.admin();
  const jinfeng = await t.orgId('金凤区市场监督管理局');
  await t.createUser({ username: 'cp_officer_jf', orgId: jinfeng, roles: ['district_staff'] });
  await t.createUser({ username: 'cp_reviewer_jf', orgId: jinfeng, roles: ['district_staff'] });
  await t.createUser({ username: 'cp_officer_xq', orgId: await t.orgId('兴庆区市场监督管理局'), roles: ['district_staff'] });
  await t.createUser({ username: 'cp_decider_city', orgId: await t.orgId('银川市市场监督管理局'), roles: ['city_staff'] });
  [jf, jf2, xq, city] = await Promise.all(['cp_officer_jf', 'cp_reviewer_jf', 'cp_officer_xq', 'cp_decider_city'].map((u) => t.loginAs(u)));
});
afterAll(async () => t?.close());

describe('public credit routes carry only published fields', () => {
  const CODE = creditCode('640106');
  /** Values that exist on the records, the listing, the case and the steps, and are never published. */
  const hidden = {
    secretTerm: '甲苯回收塔操作窗口',
    caseSecretTerm: '客户返利对照表',
    caseTitle: '前员工带走客户名单',
    caseDescription: '某公司前销售经理离职后将客户名单和报价体系交给竞争对手使用。',
    lossFen: '987654321',
    illegalGainFen: '123454321',
    reviewComment: '审核意见：事实部分已删去配方细节',
    submitComment: '报审说明：请尽快审核',
    statement: '陈述申辩：当事人称系员工个人行为',
    seriousComment: '列入决定意见：情节严重，社会影响恶劣',
    officer: 'cp_officer_jf',
    reviewer: 'cp_reviewer_jf',
    decider: 'cp_decider_city',
    procedure: 'ordinary',
  };
  const seen: string[] = [];
  const walked = new Set<string>();
  const get = async (route: string, url: string) => {
    const res = await t.client().get(url);
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    walked.add(route);
    seen.push(res.body);
    return json(res);
  };

  it('a published record, a listing and a case story, each with values that must stay inside', async () => {
    const caseId = await decidedCase(t, jf, { respondentName: '宁夏隐私检验有限公司', creditCode: CODE, close: true });
    await ok(await jf.put(`/api/cases/${caseId}/secret-terms`, { terms: [hidden.caseSecretTerm] }));
    const r = await ok(
      await jf.post(
        '/api/credit/records',
        recordInput({ caseId, decidedOn: today(), partyName: '宁夏隐私检验有限公司', creditCode: CODE, secretTerms: [hidden.secretTerm], lossFen: Number(hidden.lossFen), illegalGainFen: Number(hidden.illegalGainFen), discretionFactors: [] }),
      ),
    );
    await ok(await jf.post(`/api/credit/records/${r.id}/submit`, { comment: hidden.submitComment }));
    await ok(await jf2.post(`/api/credit/records/${r.id}/review`, { factsConfirmed: true, comment: hidden.reviewComment }));
    await ok(await jf2.post(`/api/credit/records/${r.id}/publish`, {}));
    const s = await ok(await jf.post('/api/credit/serious', { recordId: r.id, reason: '侵犯商业秘密，情节严重', basis: '总局令第44号 第九条' }));
    await ok(await jf.post(`/api/credit/serious/${s.id}/notify`, {}));
    await ok(await jf.post(`/api/credit/serious/${s.id}/heard`, { statement: hidden.statement }));
    await ok(await city.post(`/api/credit/serious/${s.id}/decide`, { comment: hidden.seriousComment }));
    await ok(await jf2.post(`/api/credit/serious/${s.id}/publish`, {}));
    await ok(await jf.post(`/api/cases/${caseId}/summary`, { text: '某科技公司以不正当手段获取竞争对手经营信息，被依法处以罚款。' }));
    await ok(await jf2.post(`/api/cases/${caseId}/summary/approve`));
    // the staff view does hold them (so the search below could find them if they leaked)
    const staff = JSON.stringify(await ok(await jf.get(`/api/credit/records/${r.id}`)));
    for (const v of [hidden.secretTerm, hidden.lossFen, hidden.illegalGainFen, hidden.reviewComment]) expect(staff).toContain(v);
  });

  it('walks every public credit route (the OpenAPI document lists them) and finds none of those values', async () => {
    const doc = await ok(await t.client().get('/api/openapi.json'));
    const routes = Object.keys(doc.paths).filter((p) => p.startsWith('/api/public/credit'));
    expect(routes.sort()).toEqual(['/api/public/credit/records', '/api/public/credit/records/{id}', '/api/public/credit/serious', '/api/public/credit/stories']);
    for (const q of ['', '隐私检验', '隐私', CODE, CODE.toLowerCase()]) {
      const page = await get('/api/public/credit/records', `/api/public/credit/records?q=${encodeURIComponent(q)}`);
      expect(page.items.length).toBeGreaterThan(0);
      for (const item of page.items) await get('/api/public/credit/records/{id}', `/api/public/credit/records/${item.id}`);
      const listed = await get('/api/public/credit/serious', `/api/public/credit/serious?q=${encodeURIComponent(q)}`);
      expect(listed.items.length).toBeGreaterThan(0);
    }
    const stories = await get('/api/public/credit/stories', '/api/public/credit/stories?pageSize=20');
    expect(stories.items.map((x: Json) => x.summary)).toContain('某科技公司以不正当手段获取竞争对手经营信息，被依法处以罚款。');
    expect([...walked].sort()).toEqual(routes.sort());
    const all = seen.join('\n');
    expect(all).toContain('宁夏隐私检验有限公司');
    for (const [name, value] of Object.entries(hidden)) expect(all.includes(value), `${name} (${value}) leaked`).toBe(false);
  });

  it('以案说法 tells approved summaries only', async () => {
    const caseId = await decidedCase(t, jf, { close: true });
    const draft = '某公司员工离职后违规披露客户信息，已被立案查处。';
    await ok(await jf.post(`/api/cases/${caseId}/summary`, { text: draft }));
    const before = await ok(await t.client().get('/api/public/credit/stories?pageSize=20'));
    expect(before.items.map((x: Json) => x.summary)).not.toContain(draft);
    await ok(await jf2.post(`/api/cases/${caseId}/summary/approve`));
    const after = await ok(await t.client().get('/api/public/credit/stories?pageSize=20'));
    expect(after.items[0]).toMatchObject({ id: caseId, summary: draft, districtCode: '640106', approvedOn: today() });
    expect(Object.keys(after.items[0]).sort()).toEqual(['approvedOn', 'districtCode', 'id', 'regionCode', 'summary']);
  });
});

describe('双公示 files, the ledger and incremental export', () => {
  let kept: number;
  let gone: number;

  it('a full XLSX export: the header row is DOMAIN.md’s list in order; amounts in 万元; within the exporter’s scope', async () => {
    kept = (await publishedRecord(jf, jf2, { partyName: '宁夏导出保留有限公司', penaltyKinds: ['fine', 'confiscation'], fineFen: 20_000_000, confiscationFen: 1_234_567 })).id;
    gone = (await publishedRecord(jf, jf2, { partyName: '宁夏导出撤回有限公司' })).id;
    const res = await jf.get('/api/credit/exports?target=gsxt&format=xlsx&mode=full');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/attachment/);
    const rows = await readXlsx(res);
    expect(rows[0]).toEqual(DOMAIN_COLUMNS);
    const line = rows.find((r) => r[0] === '宁夏导出保留有限公司')!;
    expect(line[9]).toBe('20.000000');
    expect(line[10]).toBe('1.234567');
    expect(line[7]).toBe('罚款；没收违法所得、没收非法财物');
    expect(rows.some((r) => r[0] === '宁夏导出撤回有限公司')).toBe(true);
    // another district exports its own (none of 金凤区's)
    const other = await readXlsx(await xq.get('/api/credit/exports?target=gsxt&format=xlsx&mode=full'));
    expect(other).toEqual([DOMAIN_COLUMNS]);
  });

  it('CSV (UTF-8 with BOM) and JSON carry the same columns', async () => {
    const csv = await jf.get('/api/credit/exports?target=xyyc&format=csv&mode=full');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body.startsWith('\uFEFF')).toBe(true);
    expect(csv.body.slice(1).split('\r\n')[0]).toBe(DOMAIN_COLUMNS.join(','));
    const j = await ok(await jf.get('/api/credit/exports?target=xyyc&format=json&mode=full'));
    expect(j.rows.find((r: Json) => r.id === kept)).toMatchObject({ partyName: '宁夏导出保留有限公司', fineWan: '20.000000' });
  });

  it('the decision revoked and withdrawn: the next incremental export lists the withdrawal; the one after is empty; the ledger tells who and when', async () => {
    // a first incremental export for 信用银川 sets its cursor after the full ones
    const first = await readXlsx(await jf.get('/api/credit/exports?target=xyyc&format=xlsx&mode=incremental'));
    expect(first[0]).toEqual([...DOMAIN_COLUMNS, '变更类型', '变更说明']);
    await ok(await jf.post(`/api/credit/records/${gone}/revoke`, { kind: 'revoked', documentNo: '宁市监复决字〔2026〕11号', on: today(), comment: '复议撤销' }));
    await ok(await jf2.post(`/api/credit/records/${gone}/withdraw`, { comment: '原处罚决定已被撤销' }));
    const next = await readXlsx(await jf.get('/api/credit/exports?target=xyyc&format=xlsx&mode=incremental'));
    expect(next.slice(1).map((r) => [r[0], r[20], r[21]])).toEqual([['宁夏导出撤回有限公司', '撤回', '原处罚决定已被撤销']]);
    const empty = await readXlsx(await jf.get('/api/credit/exports?target=xyyc&format=xlsx&mode=incremental'));
    expect(empty).toHaveLength(1);
    const ledger = await ok(await jf.get('/api/credit/exports/ledger?target=xyyc'));
    expect(ledger.items.map((l: Json) => [l.mode, l.format, l.rows])).toEqual([
      ['incremental', 'xlsx', 0],
      ['incremental', 'xlsx', 1],
      ['incremental', 'xlsx', expect.any(Number)],
      ['full', 'json', expect.any(Number)],
      ['full', 'csv', expect.any(Number)],
    ]);
    expect(ledger.items[1]).toMatchObject({ byName: 'cp_officer_jf', toSeq: expect.any(Number) });
    // the other district's ledger does not show 金凤区's exports
    expect((await ok(await xq.get('/api/credit/exports/ledger?target=xyyc'))).items).toEqual([]);
  });

  it('export needs its permission; a bad format is named', async () => {
    expect((await t.client().get('/api/credit/exports?target=gsxt')).statusCode).toBe(401);
    const bad = await jf.get('/api/credit/exports?target=gsxt&format=pdf');
    expect(bad.statusCode).toBe(400);
    expect(json(bad).error.fields[0].field).toBe('format');
  });
});

describe('the pull API for a credit platform', () => {
  it('a token (shown once) pulls the changes in order; no token, a wrong or revoked one answers 401', async () => {
    const created = await ok(await admin.post('/api/credit/tokens', { name: '信用银川平台' }));
    expect(created.token).toMatch(/^smct_/);
    expect(JSON.stringify(await ok(await admin.get('/api/credit/tokens')))).not.toContain(created.token);
    const anon = t.client();
    expect((await anon.get('/api/credit/feed')).statusCode).toBe(401);
    expect((await anon.get('/api/credit/feed', { authorization: 'Bearer smct_wrong' })).statusCode).toBe(401);
    const auth = { authorization: `Bearer ${created.token}` };
    const page = await ok(await anon.get('/api/credit/feed?limit=2', auth));
    expect(page.items).toHaveLength(2);
    expect(page.more).toBe(true);
    expect(page.items[0].seq).toBeLessThan(page.items[1].seq);
    const rest = await ok(await anon.get(`/api/credit/feed?after=${page.next}&limit=1000`, auth));
    const all = [...page.items, ...rest.items];
    const withdrawn = all.find((x: Json) => x.change === 'withdrawn');
    expect(withdrawn).toMatchObject({ reason: '原处罚决定已被撤销', record: null });
    const fresh = all.find((x: Json) => x.change === 'new');
    expect(Object.keys(fresh.record)).toEqual(['id', ...DOUBLE_PUBLICITY_COLUMNS.map((c) => c.key)]);
    expect(rest.more).toBe(false);
    const ledger = await ok(await admin.get('/api/credit/exports/ledger'));
    expect(ledger.items[0]).toMatchObject({ target: 'api:信用银川平台', byName: '接口令牌 信用银川平台', fromSeq: page.next });
    await ok(await admin.delete(`/api/credit/tokens/${created.id}`));
    expect((await anon.get('/api/credit/feed', auth)).statusCode).toBe(401);
  });
});

describe('import from Excel', () => {
  const AUTH = creditCode('640106', '11');
  async function workbook(rows: Record<string, string>[]): Promise<Buffer> {
    const tpl = await jf.get('/api/credit/imports/template');
    expect(tpl.statusCode).toBe(200);
    const header = (await readXlsx(tpl))[0];
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('行政处罚信息');
    ws.addRow(header);
    for (const r of rows) ws.addRow(header.map((h) => r[h] ?? ''));
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
  const row = (extra: Record<string, string> = {}): Record<string, string> => ({
    行政相对人名称: '宁夏导入测试有限公司',
    '相对人类别（法人/个体）': '法人',
    统一社会信用代码: creditCode('640106'),
    行政处罚决定书文号: `银金市监处罚〔2025〕${Math.floor(Math.random() * 1e6)}号`,
    违法行为类型: '侵犯商业秘密',
    违法事实: '当事人披露权利人的经营信息。',
    处罚依据: '《中华人民共和国反不正当竞争法》第二十一条',
    处罚类别: '罚款',
    处罚内容: '罚款人民币五万元',
    '罚款金额(万元)': '5',
    处罚决定日期: '2025-09-01',
    '程序（普通/简易）': '普通',
    处罚机关: '金凤区市场监督管理局',
    处罚机关统一社会信用代码: AUTH,
    数据来源单位: '金凤区市场监督管理局',
    数据来源单位统一社会信用代码: AUTH,
    ...extra,
  });

  it('row errors name the row and the column; nothing is written; the corrected file is imported whole', async () => {
    const before = await recordCount();
    const bad = await workbook([row(), row({ 统一社会信用代码: '91640100MA76R8X01Z' }), row({ '罚款金额(万元)': '-1' }), row({ '罚款金额(万元)': '1.1234567' })]);
    const f = await jf.upload('处罚信息.xlsx', bad);
    const checked = await ok(await jf.post('/api/credit/imports', { fileId: f.id, commit: true }));
    expect(checked).toMatchObject({ rows: 4, valid: 1, committed: false, created: [] });
    expect(checked.errors.map((e: Json) => [e.row, e.field])).toEqual([
      [3, 'creditCode'],
      [4, 'fineWan'],
      [5, 'fineWan'],
    ]);
    expect(checked.errors[0].message).toMatch(/统一社会信用代码/);
    expect(await recordCount()).toBe(before);
    const errs = await jf.get(`/api/credit/imports/errors?fileId=${f.id}`);
    expect(errs.statusCode).toBe(200);
    expect((await readXlsx(errs)).length).toBeGreaterThan(1);
    const good = await jf.upload('处罚信息-改.xlsx', await workbook([row(), row({ 行政相对人名称: '宁夏导入第二有限公司', 统一社会信用代码: creditCode('640106') })]));
    const dry = await ok(await jf.post('/api/credit/imports', { fileId: good.id }));
    expect(dry).toMatchObject({ rows: 2, valid: 2, committed: false });
    expect(await recordCount()).toBe(before);
    const done = await ok(await jf.post('/api/credit/imports', { fileId: good.id, commit: true }));
    expect(done).toMatchObject({ committed: true });
    expect(done.created).toHaveLength(2);
    const d = await ok(await jf.get(`/api/credit/records/${done.created[0]}`));
    expect(d).toMatchObject({ source: 'import', state: 'draft', fineFen: 5_000_000, orgName: '金凤区市场监督管理局' });
    // the same file again: every decision already exists
    const again = await ok(await jf.post('/api/credit/imports', { fileId: good.id, commit: true }));
    expect(again.committed).toBe(false);
    expect(again.errors.map((e: Json) => e.field)).toEqual(['decisionNo', 'decisionNo']);
    // another officer's upload is not one's own
    expect((await xq.post('/api/credit/imports', { fileId: good.id })).statusCode).toBe(404);
  });
});
