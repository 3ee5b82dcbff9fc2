/**
 * Complaints and enforcement: an anonymous member of the public reports infringement and gets a tracking code; a 金凤区
 * officer verifies the lead, files the case and transfers it to the police (proposal → approval → hand-over); the police
 * officer, in the partner menu, sees only that case and acknowledges it; the reporter checks the status with the code
 * and attaches a file, which the officer downloads; the officer reads the sharing register (filter, export), the police
 * see only their own row.
 * Screenshots: test-results/screenshots/c-*.png.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { computeDue, buildCreditCode, isValidTrackingCode, officialYearLoaded, shanghaiDate, WorkCalendar } from '@shangmi/shared';
import { caseClocks, cases } from '../../apps/server/src/db/schema/index.js';
import { ADMIN, ApiSession, INITIAL, launchBrowser, newContext, openMenu, shot, signedInPage, startServer, WAIT, type E2eServer } from './support.js';

const PASSWORD = 'Cases#Flow2026';
/** a small PNG-like payload: the bytes must come back unchanged */
const EVIDENCE = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('聊天记录 evidence bytes '.repeat(40))]);
const CREDIT_JF = buildCreditCode('91', '640106', 'MA5CJQ4N');

let server: E2eServer;
let browser: Browser;
const session = new ApiSession(() => server);
const user = (username: string, displayName: string, orgId: number, role: string) => session.createUser(username, displayName, orgId, role, PASSWORD);
const signedIn = (username: string, password = PASSWORD) => signedInPage(browser, server, username, password);
let trackingCode = '';
let caseId = 0;

beforeAll(async () => {
  server = await startServer(INITIAL);
  browser = await launchBrowser();
  await session.signInAsAdmin();
  const orgId = (name: string) => session.orgId(name);
  await user('jf_cases', '金凤区 马强', await orgId('金凤区市场监督管理局'), 'district_staff');
  await user('police_cases', '市公安局 李警官', await orgId('银川市公安局'), 'partner_staff');
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function pick(page: Page, scope: ReturnType<Page['locator']> | Page, label: string, option: string) {
  await scope.getByLabel(label, { exact: true }).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first().click();
}
/** The table faded back in after loading and no dropdown is still open or closing. */
const settled = (page: Page) =>
  page.evaluate<boolean>(
    "[...document.querySelectorAll('.ant-spin-container, .ant-table')].every((e) => getComputedStyle(e).opacity === '1') && ![...document.querySelectorAll('.ant-select-dropdown')].some((e) => getComputedStyle(e).display !== 'none' && !e.classList.contains('ant-select-dropdown-hidden'))",
  );
/** Dialog masks still on screen (a closing dialog fades out). */
const openMasks = (page: Page) =>
  page.evaluate<number>(
    "[...document.querySelectorAll('.ant-modal-mask')].filter((e) => { const st = getComputedStyle(e); return st.display !== 'none' && st.opacity !== '0'; }).length",
  );

/** The reason dialog a step opens (titled by the step); the page's state afterwards is what the caller waits for. */
async function answerReason(page: Page, title: string, reason: string) {
  const d = page.getByRole('dialog', { name: title });
  await d.waitFor({ state: 'visible' });
  await d.getByLabel('理由/意见').fill(reason);
  await d.getByRole('button', { name: '确定' }).click();
}

describe('an anonymous report to a police transfer', () => {
  it('the public form says who sees what, and answers with a 16-digit tracking code', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${server.url}/report`);
    await expect.poll(() => page.getByText('谁能看到什么').count(), WAIT).toBe(1);
    await page.getByLabel('标题').fill('前技术员带走配方给竞争对手');
    await page.getByLabel('具体情况').fill('某化工公司招用我厂前技术员后，生产出与我厂配方一致的产品。');
    await page.getByLabel('被投诉举报人名称').fill('宁夏某某化工有限公司');
    await page.getByLabel('统一社会信用代码（选填）').fill(CREDIT_JF);
    await shot(page, 'c-1-public-form');
    await page.getByRole('button', { name: '提交' }).click();
    const code = page.getByTestId('tracking-code');
    await code.waitFor({ state: 'visible', timeout: WAIT.timeout });
    trackingCode = (await code.innerText()).trim();
    expect(isValidTrackingCode(trackingCode)).toBe(true);
    const [row] = await server.database.db.select().from(cases).where(eq(cases.trackingCode, trackingCode));
    expect(row).toMatchObject({ anonymous: true, reporterSealed: null, districtCode: '640106' });
    caseId = row.id;
    await shot(page, 'c-2-tracking-code');
    await ctx.close();
  });

  it('the 金凤区 officer verifies, files and transfers the case to the police', async () => {
    const { ctx, page } = await signedIn('jf_cases');
    await page.goto(`${server.url}/cases/queue`);
    await expect.poll(() => page.getByRole('link', { name: '前技术员带走配方给竞争对手' }).count(), WAIT).toBeGreaterThan(0);
    // the table fades back in after loading
    await expect
      .poll(() => page.evaluate<boolean>("[...document.querySelectorAll('.ant-spin-container, .ant-table')].every((e) => getComputedStyle(e).opacity === '1')"), WAIT)
      .toBe(true);
    await shot(page, 'c-3-work-queue');
    await page.getByRole('link', { name: '前技术员带走配方给竞争对手' }).first().click();
    await page.waitForURL(`**/cases/${caseId}`);
    await pick(page, page, '办理步骤', '开始核查');
    await page.getByLabel('理由/意见').fill('调取对方产品说明书比对');
    await page.getByRole('button', { name: '执行' }).click();
    await expect.poll(() => page.getByTestId('case-status').innerText(), WAIT).toBe('核查中');
    await pick(page, page, '办理步骤', '立案');
    await page.getByLabel('案件编号').fill('银金市监立字〔2026〕21号');
    await page.getByLabel('理由/意见').fill('线索属实，同意立案');
    await page.getByRole('button', { name: '执行' }).click();
    await expect.poll(() => page.getByTestId('case-status').innerText(), WAIT).toBe('已立案调查');

    await page.getByRole('button', { name: '移送公安' }).click();
    const d = page.getByRole('dialog', { name: '移送公安' });
    await d.waitFor({ state: 'visible' });
    await pick(page, d, '公安机关', '银川市公安局');
    await d.getByLabel('涉案损失（元）').fill('450000');
    await d.getByLabel('理由/意见').fill('涉嫌侵犯商业秘密罪，损失45万元');
    await d.getByRole('button', { name: '确定' }).click();
    await expect.poll(() => page.getByTestId('share-status').first().innerText(), WAIT).toBe('待审批');
    await page.getByRole('button', { name: '批准移送' }).click();
    await answerReason(page, '批准移送', '同意移送公安机关');
    await expect.poll(() => page.getByTestId('share-status').first().innerText(), WAIT).toBe('已批准待移交');
    // 24 hours from the approval: a due time, not a date
    await expect.poll(() => page.locator('[data-due-at]').first().innerText(), WAIT).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    await page.getByRole('button', { name: '移交案卷' }).click();
    await answerReason(page, '移交案卷', '案卷及证据材料已移交');
    await expect.poll(() => page.getByTestId('share-status').first().innerText(), WAIT).toBe('已移交待签收');
    // the transfer's clocks are on the page: approve in 3 days, hand over in 24 h, police decide in 3 days
    await expect.poll(() => page.getByText('公安机关决定是否立案').count(), WAIT).toBe(1);
    await expect.poll(() => openMasks(page), WAIT).toBe(0);
    await shot(page, 'c-4-case-transferred');
    await ctx.close();
  });

  it('the police officer sees only the transferred case, in the partner menu, and acknowledges it', async () => {
    const other = await server.app.inject({ method: 'POST', url: '/api/public/cases', payload: { tracks: ['report'], title: '另一条未移送线索', description: '不应被公安看到', respondentName: '某公司', anonymous: true } });
    expect(other.statusCode).toBe(200);
    const { ctx, page } = await signedIn('police_cases');
    await expect.poll(() => page.getByText('协作办案').count(), WAIT).toBeGreaterThan(0);
    expect(await page.getByText('投诉举报与执法').count()).toBe(0);
    await page.goto(`${server.url}/cases`);
    await expect.poll(() => page.getByRole('link', { name: '前技术员带走配方给竞争对手' }).count(), WAIT).toBe(1);
    expect(await page.getByText('另一条未移送线索').count()).toBe(0);
    await page.getByRole('link', { name: '前技术员带走配方给竞争对手' }).click();
    await expect.poll(() => page.getByText('协作部门视图：仅显示移送或通报给本单位的内容').count(), WAIT).toBe(1);
    expect(await page.getByText(trackingCode).count()).toBe(0);
    await page.getByRole('button', { name: '签收' }).click();
    await answerReason(page, '签收', '已签收案卷，三日内决定是否立案');
    await expect.poll(() => page.getByTestId('share-status').first().innerText(), WAIT).toBe('已签收');
    // the dialog fades out: wait for its mask to leave before the picture
    await expect.poll(() => openMasks(page), WAIT).toBe(0);
    await shot(page, 'c-5-police-acknowledged');
    await ctx.close();
  });

  it('the reporter checks the status with the code, without an account', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${server.url}/track`);
    await page.getByLabel('查询码').fill(trackingCode);
    await page.getByRole('button', { name: '查询' }).click();
    await expect.poll(() => page.getByTestId('status-report').innerText().catch(() => ''), WAIT).toBe('已立案调查');
    expect(await page.getByText('立案').count()).toBeGreaterThan(0);
    await shot(page, 'c-6-status-by-code');
    // a file attached with the code: the page shows its name only
    await page.locator('input[type=file]').setInputFiles({ name: '聊天记录截图.png', mimeType: 'image/png', buffer: EVIDENCE });
    await expect.poll(() => page.getByTestId('sent-file').allInnerTexts(), WAIT).toEqual(['聊天记录截图.png']);
    await shot(page, 'c-6b-file-attached');
    await ctx.close();
  });

  it('the 金凤区 officer downloads the reporter\'s file and reads the sharing register; the police see their own rows', async () => {
    const { ctx, page } = await signedIn('jf_cases');
    await page.goto(`${server.url}/cases/${caseId}`);
    await expect.poll(() => page.getByRole('button', { name: '聊天记录截图.png' }).count(), WAIT).toBe(1);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '聊天记录截图.png' }).click()]);
    expect(download.suggestedFilename()).toBe('聊天记录截图.png');
    expect(fs.readFileSync(await download.path()).equals(EVIDENCE)).toBe(true);
    expect(await page.getByText('文件名：聊天记录截图.png').count()).toBe(1);
    await page.evaluate('window.scrollTo(0, 0)');
    await shot(page, 'c-6e-case-files');
    await openMenu(page, '信息共享台账', '**/cases/shares');
    const row = page.locator('.ant-table-row').filter({ hasText: '前技术员带走配方给竞争对手' });
    await expect.poll(() => row.count(), WAIT).toBe(1);
    expect(await row.innerText()).toContain('银川市公安局');
    expect(await row.innerText()).toContain('已签收');
    await pick(page, page, '共享方式', '案情通报');
    await expect.poll(() => row.count(), WAIT).toBe(0);
    await pick(page, page, '共享方式', '移送公安');
    await expect.poll(() => row.count(), WAIT).toBe(1);
    await expect.poll(() => settled(page), WAIT).toBe(true);
    await shot(page, 'c-6c-share-register');
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 Excel' }).click()]);
    expect(xlsx.suggestedFilename()).toMatch(/信息共享台账.*\.xlsx$/);
    await ctx.close();
    const police = await signedIn('police_cases');
    await police.page.goto(`${server.url}/cases/shares`);
    await expect.poll(() => police.page.locator('.ant-table-row').count(), WAIT).toBe(1);
    expect(await police.page.locator('.ant-table-row').innerText()).toContain('前技术员带走配方给竞争对手');
    expect(await police.page.getByLabel('接收单位').count()).toBe(0);
    await expect.poll(() => settled(police.page), WAIT).toBe(true);
    await shot(police.page, 'c-6d-share-register-police');
    await police.ctx.close();
  });

  it('the administrator reveals the reporter of a named report with a reason; the dashboard and an English case page', async () => {
    const named = await server.app.inject({
      method: 'POST',
      url: '/api/public/cases',
      payload: { tracks: ['report'], title: '实名举报：客户名单被带走', description: '销售经理离职带走客户名单', respondentName: '宁夏某贸易有限公司', anonymous: false, reporter: { name: '王实名', phone: '13912345678' } },
    });
    const namedId = named.json().cases[0].id as number;
    const { ctx, page } = await signedIn('admin', ADMIN);
    await page.goto(`${server.url}/cases/${namedId}`);
    await expect.poll(() => page.getByText('已加密保存').count(), WAIT).toBe(1);
    expect(await page.getByText('王实名').count()).toBe(0);
    await page.getByRole('button', { name: '查看举报人身份' }).click();
    await answerReason(page, '查看举报人身份', '需电话核实举报细节');
    await expect.poll(() => page.getByTestId('identity').innerText().catch(() => ''), WAIT).toContain('王实名');
    await expect.poll(() => page.getByText('需电话核实举报细节').count(), WAIT).toBeGreaterThan(0);
    await expect.poll(() => openMasks(page), WAIT).toBe(0);
    await shot(page, 'c-7-identity-revealed');
    await page.goto(`${server.url}/cases/dashboard`);
    await expect.poll(() => page.getByText('每月受理量').count(), WAIT).toBe(1);
    await shot(page, 'c-8-dashboard');
    await page.goto(`${server.url}/cases/${caseId}`);
    await page.getByText('English', { exact: true }).click();
    await expect.poll(() => page.getByText('Statutory limits').count(), WAIT).toBe(1);
    await shot(page, 'c-9-case-en');
    // the calendar: an administrator declares a day off; open clocks are recomputed. The decision clock is moved to start
    // on 07-03 of the first year chinese-days does not carry: its 90 days end on 国庆节, where the arrangement is unknown
    let year = Number(shanghaiDate(new Date()).slice(0, 4));
    while (officialYearLoaded(year)) year++;
    const start = `${year}-07-03`;
    await server.database.db.update(caseClocks).set({ startedOn: start }).where(and(eq(caseClocks.caseId, caseId), eq(caseClocks.ruleKey, 'case.decision')));
    await page.getByText('中文', { exact: true }).click();
    await page.goto(`${server.url}/cases/calendar`);
    await page.getByLabel('日期').fill('2027-01-04');
    await page.getByLabel('说明').fill('临时调整示例');
    await page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByRole('cell', { name: '临时调整示例' }).count(), WAIT).toBe(1);
    await shot(page, 'c-10-calendar');
    // the case page shows that clock as 暂定 with the range of dates the arrangement can give
    const range = computeDue(new WorkCalendar([{ date: '2027-01-04', work: false }]), { start, length: 90, unit: 'calendar' });
    expect(range.due! < range.latest!).toBe(true);
    await page.goto(`${server.url}/cases/${caseId}`);
    await expect.poll(() => page.locator('[data-provisional]').filter({ hasText: `${range.due} – ${range.latest}` }).filter({ hasText: '暂定' }).count(), WAIT).toBe(1);
    await shot(page, 'c-11-provisional-range');
    await ctx.close();
  });
});
