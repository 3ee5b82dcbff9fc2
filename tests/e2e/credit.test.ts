/**
 * Credit: a case closed with a ¥200,000 fine waits for its record; the 金凤区 officer enters it prefilled from the case,
 * completes the 双公示 fields and submits; a colleague reviews it (confirming the facts hold no secret) and publishes it
 * within its clock; the public finds it on /credit by a fragment of the name; the officer exports the 双公示 XLSX (its
 * header row is DOMAIN.md's list in order); the decision is revoked, the publication withdrawn and gone from /credit,
 * and the next incremental export lists the withdrawal. Second journey: the enterprise applies for credit repair from
 * its own account; the district passes it, the city approves, and the record leaves the public page.
 * Screenshots: test-results/screenshots/cr-*.png.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import type { Browser, Download, Page } from 'playwright-core';
import { addMonths, buildCreditCode, shanghaiDate } from '@shangmi/shared';
import { creditRecords } from '../../apps/server/src/db/schema/index.js';
import { ApiSession, dialogNamed, showsText, launchBrowser, newContext, shot, signedInPage, startServer, WAIT, type E2eServer } from './support.js';

const INITIAL = 'Init#Admin2026';
const ADMIN = 'Yinchuan#Root2026';
const PASSWORD = 'Credit#Flow2026';
const code = (body: string) => buildCreditCode(body.slice(0, 2), body.slice(2, 8), body.slice(8, 16));
const PARTY_CODE = code('91640106MA5CR0D01');
const AUTHORITY_CODE = code('11640106MB0123456');
const PARTY = '宁夏晨曦精细化工有限公司';
/** DOMAIN.md § Legal anchors: the 双公示 fields in order (处罚机关 and 数据来源单位 each with their credit code). */
const DOMAIN_COLUMNS = ['行政相对人名称', '统一社会信用代码', '法定代表人', '行政处罚决定书文号', '违法行为类型', '违法事实', '处罚依据', '处罚类别', '处罚内容', '罚款金额(万元)', '没收违法所得金额(万元)', '暂扣或吊销证照名称及编号', '处罚决定日期', '处罚有效期', '公示截止期', '处罚机关', '处罚机关统一社会信用代码', '数据来源单位', '数据来源单位统一社会信用代码', '备注'];

let server: E2eServer;
let browser: Browser;
const session = new ApiSession(() => server);
const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) => session.call(method, url, payload);
const user = (username: string, displayName: string, orgId: number, role: string) => session.createUser(username, displayName, orgId, role, PASSWORD);
const signedIn = (username: string) => signedInPage(browser, server, username, PASSWORD);
const today = () => shanghaiDate(new Date());
let caseId = 0;
let recordId = 0;
let enterpriseUser = '';

beforeAll(async () => {
  server = await startServer(INITIAL);
  browser = await launchBrowser();
  await session.signIn('admin', INITIAL);
  await api('POST', '/api/auth/password', { currentPassword: INITIAL, newPassword: ADMIN });
  await session.signIn('admin', ADMIN);
  const orgId = async (name: string) => (await api('GET', `/api/orgs?q=${encodeURIComponent(name)}`)).items[0].id as number;
  const jinfeng = await orgId('金凤区市场监督管理局');
  await user('jf_credit', '金凤区 王磊', jinfeng, 'district_staff');
  await user('jf_review', '金凤区 赵敏', jinfeng, 'district_staff');
  await user('city_credit', '市局 孙涛', await orgId('银川市市场监督管理局'), 'city_staff');
  const ent = await api('POST', '/api/enterprises', { creditCode: PARTY_CODE, name: PARTY, districtCode: '640106' });
  enterpriseUser = 'chenxi_admin';
  await user(enterpriseUser, '晨曦化工 刘总', ent.orgId, 'enterprise_admin');
  // the case, decided with a ¥200,000 fine and closed (the cases journey walks these steps in the browser)
  await session.signIn('jf_credit', PASSWORD);
  const filed = await api('POST', '/api/public/cases', { tracks: ['report'], title: '前工艺员带走催化剂配方', description: '前工艺员离职后将催化剂配方交给竞争对手使用。', respondentName: PARTY, respondentCreditCode: PARTY_CODE, anonymous: true });
  caseId = filed.cases[0].id;
  const act = (body: Record<string, unknown>) => api('POST', `/api/cases/${caseId}/actions`, body);
  await act({ action: 'verify', reason: '核查线索' });
  await act({ action: 'file', reason: '同意立案', caseNumber: '银金市监立字〔2026〕77号' });
  await act({ action: 'decide', reason: '依法作出处罚决定', decisionKind: 'penalty', decisionNo: '银金市监处罚〔2026〕77号', fineFen: 20_000_000 });
  await act({ action: 'execute', reason: '罚款已缴清' });
  await act({ action: 'close', reason: '执行完毕结案' });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function rowsOf(download: Download): Promise<string[][]> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'credit-e2e-')), download.suggestedFilename());
  await download.saveAs(file);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const rows: string[][] = [];
  wb.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
  return rows;
}
async function exportXlsx(page: Page, mode: '全量' | '增量'): Promise<string[][]> {
  await page.goto(`${server.url}/credit/exports`);
  await page.getByLabel(mode === '全量' ? '全量（公示中的全部信息）' : '增量（自上次导出以来的新增、变更、撤回、期满、修复）').check();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出/ }).click()]);
  return rowsOf(download);
}
async function publicSearch(page: Page, q: string) {
  await page.goto(`${server.url}/credit?q=${encodeURIComponent(q)}`);
  await expect.poll(() => page.locator('.credit-public-record, .ant-empty').count(), WAIT).toBeGreaterThan(0);
}

describe('from a closed case to the public page and back', () => {
  it('the officer enters the record prefilled from the case, completes it and submits it', async () => {
    const { ctx, page } = await signedIn('jf_credit');
    await page.goto(`${server.url}/credit/records`);
    const pending = page.locator('.credit-pending');
    await expect.poll(() => pending.getByText('前工艺员带走催化剂配方').count(), WAIT).toBe(1);
    await shot(page, 'cr-1-pending-case');
    await pending.getByRole('button', { name: '录入', exact: true }).click();
    const drawer = page.locator('.ant-drawer').filter({ hasText: '由案件' });
    await drawer.waitFor({ state: 'visible', timeout: WAIT.timeout });
    // prefilled from the case: party, code, decision number and date, the fine in 万元
    await expect.poll(() => drawer.locator('#creditRecord_partyName').inputValue(), WAIT).toBe(PARTY);
    expect(await drawer.locator('#creditRecord_creditCode').inputValue()).toBe(PARTY_CODE);
    expect(await drawer.locator('#creditRecord_decisionNo').inputValue()).toBe('银金市监处罚〔2026〕77号');
    expect(await drawer.locator('#creditRecord_fineWan').inputValue()).toBe('20.000000');
    await drawer.locator('#creditRecord_facts').fill('当事人以不正当手段获取权利人的技术信息并用于生产经营。');
    await drawer.locator('#creditRecord_basis').fill('《中华人民共和国反不正当竞争法》第九条、第二十一条');
    await drawer.locator('#creditRecord_content').fill('责令停止违法行为，罚款人民币二十万元');
    await drawer.locator('#creditRecord_authorityCode').fill(AUTHORITY_CODE);
    await drawer.locator('#creditRecord_sourceCode').fill(AUTHORITY_CODE);
    await shot(page, 'cr-2-record-form');
    await drawer.getByRole('button', { name: '保存', exact: true }).click();
    await page.waitForURL(/\/credit\/records\/\d+$/, { timeout: WAIT.timeout });
    recordId = Number(page.url().split('/').pop());
    await showsText(page, '草稿');
    await page.getByRole('button', { name: '提交审核', exact: true }).click();
    await showsText(page, '待审核');
    const [row] = await server.database.db.select().from(creditRecords).where(eq(creditRecords.id, recordId));
    expect(row).toMatchObject({ caseId, fineFen: 20_000_000, state: 'review', source: 'case' });
    await ctx.close();
  });

  it('a colleague reviews it (the facts hold no secret) and publishes it within its clock', async () => {
    const { ctx, page } = await signedIn('jf_review');
    await page.goto(`${server.url}/credit/records/${recordId}`);
    await page.getByRole('button', { name: '审核通过', exact: true }).click();
    const d = await dialogNamed(page, '审核公示信息');
    await d.getByRole('button', { name: /确\s*定/ }).click();
    // not confirmed: the form says what is missing
    await expect.poll(() => d.locator('.ant-form-item-explain-error').count(), WAIT).toBeGreaterThan(0);
    await d.getByLabel('我已核对违法事实，确认不含商业秘密').check();
    await d.getByRole('button', { name: /确\s*定/ }).click();
    await showsText(page, '已审核待公示');
    await page.getByRole('button', { name: '公示', exact: true }).click();
    await showsText(page, '公示中');
    await showsText(page, '按期公示');
    await shot(page, 'cr-3-published');
    const [row] = await server.database.db.select().from(creditRecords).where(eq(creditRecords.id, recordId));
    expect(row).toMatchObject({ state: 'published', public: true, publishedOn: today(), publicUntil: addMonths(today(), 36) });
    expect(row.publishedOn! <= row.publishDueOn!).toBe(true);
    await ctx.close();
  });

  it('the public finds it on /credit by a fragment of the name', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${server.url}/credit`);
    await page.getByLabel('输入企业名称中的几个字或统一社会信用代码').fill('晨曦精细');
    await page.getByRole('button', { name: '查询', exact: true }).click();
    const card = page.locator(`.credit-public-record[data-record="${recordId}"]`);
    await card.waitFor({ state: 'visible', timeout: WAIT.timeout });
    expect(await card.innerText()).toContain('银金市监处罚〔2026〕77号');
    expect(await card.innerText()).toContain('20.000000');
    await shot(page, 'cr-4-public-found');
    await ctx.close();
  });

  it('the officer exports the 双公示 XLSX: its header row is DOMAIN.md’s list in order', async () => {
    const { ctx, page } = await signedIn('jf_credit');
    const rows = await exportXlsx(page, '全量');
    expect(rows[0]).toEqual(DOMAIN_COLUMNS);
    expect(rows.slice(1).map((r) => [r[0], r[3], r[9]])).toEqual([[PARTY, '银金市监处罚〔2026〕77号', '20.000000']]);
    await expect.poll(() => page.locator('.credit-ledger .ant-table-row').count(), WAIT).toBe(1);
    await shot(page, 'cr-5-export-ledger');
    await ctx.close();
  });

  it('the decision is revoked and the publication withdrawn: gone from /credit; the next incremental export lists the withdrawal', async () => {
    const officer = await signedIn('jf_credit');
    let page = officer.page;
    await page.goto(`${server.url}/credit/records/${recordId}`);
    await page.getByRole('button', { name: '登记决定变更/撤销', exact: true }).click();
    const d = await dialogNamed(page, '登记处罚决定变更或撤销');
    await d.getByLabel('情形').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '行政处罚决定被依法撤销' }).click();
    await d.getByLabel('变更或撤销文书文号').fill('宁市监复决字〔2026〕5号');
    await d.getByLabel('变更或撤销日期').fill(today());
    await d.getByLabel('变更或撤销日期').press('Enter');
    await d.getByLabel('说明').fill('经行政复议，原处罚决定被撤销');
    await d.getByRole('button', { name: /确\s*定/ }).click();
    await showsText(page, '待撤回');
    await officer.ctx.close();

    const reviewer = await signedIn('jf_review');
    page = reviewer.page;
    await page.goto(`${server.url}/credit/records/${recordId}`);
    await page.getByRole('button', { name: '撤回公示', exact: true }).click();
    const w = await dialogNamed(page, '撤回公示');
    await w.getByLabel('撤回理由').fill('原行政处罚决定已被依法撤销');
    await w.getByRole('button', { name: /确\s*定/ }).click();
    await showsText(page, '已撤回');
    await shot(page, 'cr-6-withdrawn');
    await reviewer.ctx.close();

    const pub = await newContext(browser);
    const anon = await pub.newPage();
    await publicSearch(anon, '晨曦精细');
    expect(await anon.locator(`.credit-public-record[data-record="${recordId}"]`).count()).toBe(0);
    await pub.close();

    const again = await signedIn('jf_credit');
    const rows = await exportXlsx(again.page, '增量');
    expect(rows[0]).toEqual([...DOMAIN_COLUMNS, '变更类型', '变更说明']);
    expect(rows.slice(1).map((r) => [r[0], r[20], r[21]])).toEqual([[PARTY, '撤回', '原行政处罚决定已被依法撤销']]);
    await again.ctx.close();
  });
});

describe('credit repair from the enterprise’s own account', () => {
  let repaired = 0;

  it('the enterprise applies with its materials', async () => {
    // a second penalty, published seven months ago (the rules open repair six months after publication)
    await session.signIn('jf_credit', PASSWORD);
    const r = await api('POST', '/api/credit/records', {
      partyName: PARTY, partyKind: 'legal', creditCode: PARTY_CODE, decisionNo: '银金市监处罚〔2026〕12号', violationType: '侵犯商业秘密',
      facts: '当事人披露权利人的经营信息。', basis: '《中华人民共和国反不正当竞争法》第二十一条', penaltyKinds: ['fine'], content: '罚款人民币十五万元', fineFen: 15_000_000,
      decidedOn: '2026-03-02', procedure: 'ordinary', authorityName: '金凤区市场监督管理局', authorityCode: AUTHORITY_CODE, sourceName: '金凤区市场监督管理局', sourceCode: AUTHORITY_CODE,
    });
    repaired = r.id;
    await api('POST', `/api/credit/records/${repaired}/submit`, {});
    await session.signIn('jf_review', PASSWORD);
    await api('POST', `/api/credit/records/${repaired}/review`, { factsConfirmed: true });
    await api('POST', `/api/credit/records/${repaired}/publish`, {});
    await server.database.db.update(creditRecords).set({ publishedOn: addMonths(today(), -7), publicUntil: addMonths(today(), 29) }).where(eq(creditRecords.id, repaired));

    const { ctx, page } = await signedIn(enterpriseUser);
    await page.goto(`${server.url}/credit/mine`);
    await page.getByRole('button', { name: '申请信用修复', exact: true }).click();
    const d = await dialogNamed(page, '申请信用修复');
    await d.getByLabel('申请理由').fill('已缴清罚款，完成整改并建立商业秘密保护制度，申请提前停止公示。');
    await d.locator('input[type=file]').setInputFiles({ name: '信用修复承诺书.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 信用修复承诺书') });
    await expect.poll(() => d.getByText('信用修复承诺书.pdf').count(), WAIT).toBeGreaterThan(0);
    await d.getByRole('button', { name: /确\s*定/ }).click();
    await expect.poll(() => page.getByText('待区县审核', { exact: true }).count(), WAIT).toBe(1);
    await shot(page, 'cr-7-repair-applied');
    await ctx.close();
  });

  it('the district passes it, the city approves it, and the record leaves the public page', async () => {
    const district = await signedIn('jf_review');
    let page = district.page;
    await page.goto(`${server.url}/credit/repairs`);
    await page.getByRole('button', { name: PARTY }).click();
    await page.locator('.repair-actions').getByRole('button', { name: '审核通过', exact: true }).click();
    let d = await dialogNamed(page, '审核通过');
    await d.getByLabel('意见').fill('材料齐全，同意修复');
    await d.getByRole('button', { name: /确\s*定/ }).click();
    await expect.poll(() => page.locator('.ant-drawer').getByText('待市局决定', { exact: true }).count(), WAIT).toBe(1);
    await district.ctx.close();

    const city = await signedIn('city_credit');
    page = city.page;
    await page.goto(`${server.url}/credit/repairs?state=city`);
    await page.getByRole('button', { name: PARTY }).click();
    await page.locator('.repair-actions').getByRole('button', { name: '准予修复', exact: true }).click();
    d = await dialogNamed(page, '准予修复');
    await d.getByLabel('意见').fill('符合信用修复条件，准予修复');
    await d.getByRole('button', { name: /确\s*定/ }).click();
    await expect.poll(() => page.locator('.ant-drawer').getByText('准予修复', { exact: true }).count(), WAIT).toBeGreaterThan(0);
    await shot(page, 'cr-8-repair-approved');
    await city.ctx.close();

    const [row] = await server.database.db.select().from(creditRecords).where(eq(creditRecords.id, repaired));
    expect(row).toMatchObject({ public: false, endReason: 'repaired', endedOn: today() });
    const pub = await newContext(browser);
    const anon = await pub.newPage();
    await publicSearch(anon, PARTY_CODE);
    expect(await anon.locator(`.credit-public-record[data-record="${repaired}"]`).count()).toBe(0);
    await shot(anon, 'cr-9-public-after-repair');
    await pub.close();
  });
});
