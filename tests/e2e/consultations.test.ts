/**
 * Consultations and the public FAQ (issue 15 item 4): an enterprise asks the site of its district in writing → the
 * site answers → each side consents to publication → the district edits the text (names removed) and publishes it →
 * the question appears on the public FAQ (/faq, linked from the public header) without signing in, and is found by
 * search. Then a member of the public asks at /help, gets a tracking code, follows the request at /help-status and
 * rates it once it is delivered. Screenshots: test-results/screenshots/zx-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buildCreditCode, shanghaiDate } from '@shangmi/shared';
import { ApiSession, chooseOption, dialogNamed, dialogStep, showsText, launchBrowser, newContext, shot, signedInPage, startServer, still, WAIT, type E2eServer } from './support.js';

const INITIAL = 'Init#Admin2026';
const PASSWORD = 'Consult#Flow2026';
const ENTERPRISE = '宁夏贺兰山新材料有限公司';
const SITE = '金凤区商业秘密咨询工作站';
const TITLE = '研发人员竞业限制怎么约定';

let server: E2eServer;
let browser: Browser;
const session = new ApiSession(() => server);
const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) => session.call(method, url, payload);
const signedIn = (username: string) => signedInPage(browser, server, username, PASSWORD);
let consultPath = '';

beforeAll(async () => {
  server = await startServer(INITIAL);
  browser = await launchBrowser();
  await session.signInAsAdmin();
  const jinfeng = await session.orgId('金凤区市场监督管理局');
  await session.createUser('zx_jf', '金凤区 王芳', jinfeng, 'district_staff', PASSWORD);
  const site = await api('POST', '/api/sites', { kind: 'station', name: SITE, districtCode: '640106', services: ['consulting', 'rights_assistance'] });
  await session.createUser('zx_site', '工作站 陈律师', site.orgId, 'site_staff', PASSWORD);
  const ent = await api('POST', '/api/enterprises', { creditCode: buildCreditCode('91', '640106', '0001XW8D'), name: ENTERPRISE, districtCode: '640106' });
  await session.createUser('zx_ent', '贺兰山新材料 刘总', ent.orgId, 'enterprise_admin', PASSWORD);
  await session.signIn('zx_site', PASSWORD);
  await api('POST', '/api/services/offerings', { serviceKind: 'consulting', title: '商业秘密保护咨询' });
  await api('POST', '/api/services/offerings', { serviceKind: 'rights_assistance', title: '协助维权（公益）' });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});


describe('ask → answer → consent ×2 → publish → the public FAQ', () => {
  it('the enterprise asks the site in writing (the form warns against the secret itself)', async () => {
    const { ctx, page } = await signedIn('zx_ent');
    await page.goto(`${server.url}/services/consultations`);
    await page.getByRole('button', { name: '提出咨询' }).click();
    const d = await dialogNamed(page, '向站点或服务机构提问');
    await d.getByText(/请勿填写商业秘密的具体内容/).waitFor(WAIT);
    await chooseOption(page, d, '类别', '员工与竞业限制');
    await d.getByLabel('标题').fill(TITLE);
    await d.getByLabel('问题').fill('核心研发人员离职，竞业限制补偿金应如何约定才有效？期限最长多久？（不含技术内容）');
    await chooseOption(page, d, '答复单位', SITE);
    await still(page);
    await shot(page, 'zx-ask');
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/services/consultations') && r.request().method() === 'POST');
    await d.getByRole('button', { name: /确\s*定|OK/ }).click();
    expect((await answer).status()).toBe(200);
    await page.waitForURL(/\/services\/consultations\/\d+$/, WAIT);
    consultPath = new URL(page.url()).pathname;
    await showsText(page, '待答复');
    await ctx.close();
  });

  it('the site answers it from its list, and consents', async () => {
    const { ctx, page } = await signedIn('zx_site');
    await page.goto(`${server.url}/services/consultations`);
    await page.getByRole('button', { name: TITLE }).click();
    await page.waitForURL(new RegExp(`${consultPath}$`), WAIT);
    const apiPath = consultPath.replace('/services/', '/api/services/');
    await dialogStep(page, '答复', apiPath, async (d) => {
      await d.getByLabel('答复').fill('竞业限制期限不得超过二年；应在劳动者离职后按月给予经济补偿，未约定或过低时劳动者可请求按法定标准支付。');
    });
    await showsText(page, '已答复');
    await dialogStep(page, '同意隐去名称后公开', apiPath);
    await expect.poll(() => page.getByTestId('answerer-consent').innerText(), WAIT).toContain('✓');
    await ctx.close();
  });

  it('the enterprise consents too', async () => {
    const { ctx, page } = await signedIn('zx_ent');
    await page.goto(`${server.url}${consultPath}`);
    await showsText(page, '已答复');
    await dialogStep(page, '同意隐去名称后公开', consultPath.replace('/services/', '/api/services/'));
    await expect.poll(() => page.getByTestId('asker-consent').innerText(), WAIT).toContain('✓');
    await still(page);
    await shot(page, 'zx-consented');
    await ctx.close();
  });

  it('the district edits the text (a name left in is refused) and publishes it', async () => {
    const { ctx, page } = await signedIn('zx_jf');
    await page.goto(`${server.url}${consultPath}`);
    await page.getByRole('button', { name: '编辑并发布到公开问答', exact: true }).click();
    const d = await dialogNamed(page, '编辑并发布到公开问答');
    await d.getByLabel('公开的问题').fill(`${ENTERPRISE}问：研发人员竞业限制如何约定？`);
    const refusedAnswer = page.waitForResponse((r) => r.url().endsWith('/publish') && r.request().method() === 'POST');
    await d.getByRole('button', { name: /确\s*定|OK/ }).click();
    expect((await refusedAnswer).status()).toBe(400);
    await d.getByText(/须隐去名称/).waitFor(WAIT);
    await still(page);
    await shot(page, 'zx-publish-refused');
    await d.getByLabel('公开的问题').fill('企业与核心研发人员约定竞业限制，补偿金和期限应如何约定？');
    const answer = page.waitForResponse((r) => r.url().endsWith('/publish') && r.request().method() === 'POST');
    await d.getByRole('button', { name: /确\s*定|OK/ }).click();
    expect((await answer).status()).toBe(200);
    await showsText(page, '已公开');
    await still(page);
    await shot(page, 'zx-published');
    await ctx.close();
  });

  it('anyone reads it on the public FAQ without signing in, linked from the public header, and finds it by search', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${server.url}/help`);
    await page.locator('.public-nav').getByRole('link', { name: '公开问答' }).click();
    await page.waitForURL(/\/faq$/, WAIT);
    const item = page.getByTestId('faq-list').getByText('企业与核心研发人员约定竞业限制，补偿金和期限应如何约定？');
    await item.waitFor(WAIT);
    await item.click();
    await page.getByText(/竞业限制期限不得超过二年/).waitFor(WAIT);
    expect(await page.getByText(ENTERPRISE).count()).toBe(0);
    expect(await page.getByText(SITE).count()).toBe(0);
    await still(page);
    await shot(page, 'zx-faq');
    const searched = page.waitForResponse((r) => r.url().includes('/api/public/services/faq') && r.url().includes('q='));
    await page.getByRole('searchbox', { name: '搜索问题或答复' }).fill('商标');
    await page.getByRole('searchbox', { name: '搜索问题或答复' }).press('Enter');
    await searched;
    await page.getByText('暂无公开问答').waitFor(WAIT);
    await ctx.close();
  });
});

describe('a member of the public follows and rates a help request by its code', () => {
  it('asks at /help, gets a code, follows it at /help-status and rates it once delivered', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${server.url}/help`);
    await page.getByLabel('所在区县').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '金凤区' }).first().click();
    await page.getByLabel('您的姓名或单位名称').fill('赵六');
    await page.getByLabel('服务类型').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '维权援助' }).first().click();
    await page.getByLabel('求助事项').fill('客户名单被前员工带走');
    await page.getByLabel('需求描述').fill('想了解维权途径（不含名单内容）。');
    await page.getByLabel('联系人').fill('赵六');
    await page.getByLabel('联系电话').fill('13800000002');
    const asked = page.waitForResponse((r) => r.url().endsWith('/api/public/services/requests') && r.request().method() === 'POST');
    await page.getByRole('button', { name: '提交求助' }).click();
    const res = await asked;
    expect(res.status()).toBe(200);
    const { id, trackingCode } = (await res.json()) as { id: number; trackingCode: string };
    await expect.poll(() => page.getByTestId('help-tracking-code').innerText(), WAIT).toContain(trackingCode);
    await still(page);
    await shot(page, 'zx-help-code');
    await page.getByRole('link', { name: '查看进度' }).click();
    await page.waitForURL(/\/help-status\?code=\d{16}$/, WAIT);
    await expect.poll(() => page.getByTestId('help-status-state').innerText(), WAIT).toBe('待受理');

    // the site takes it up and delivers it (its own pages are shown in services.test.ts)
    await session.signIn('zx_site', PASSWORD);
    await api('POST', `/api/services/requests/${id}/accept`, {});
    await api('POST', `/api/services/requests/${id}/deliver`, { deliveredOn: shanghaiDate(new Date()), hours: 1, people: 1, outcome: '电话指导，建议先固定证据' });

    await page.reload();
    await expect.poll(() => page.getByTestId('help-status-state').innerText(), WAIT).toBe('待您确认评价');
    await page.getByText('电话指导，建议先固定证据').waitFor(WAIT);
    await page.locator('.ant-rate').last().locator('.ant-rate-star').nth(3).locator('[role=radio]').click();
    await page.getByLabel('意见').fill('很有帮助');
    const rated = page.waitForResponse((r) => r.url().endsWith('/rate') && r.request().method() === 'POST');
    await page.getByRole('button', { name: '评价本次服务' }).click();
    expect((await rated).status()).toBe(200);
    await page.locator('.ant-result-title').getByText('感谢您的评价').waitFor(WAIT);
    await expect.poll(() => page.getByTestId('help-status-state').innerText(), WAIT).toBe('已评价');
    expect(await page.getByRole('button', { name: '评价本次服务' }).count()).toBe(0);
    await still(page);
    await shot(page, 'zx-help-rated');
    await ctx.close();
  });
});

describe('the site keeps its catalogue', () => {
  it('edits an entry and withdraws it on 本单位服务目录', async () => {
    const { ctx, page } = await signedIn('zx_site');
    await page.goto(`${server.url}/services/offerings`);
    const row = page.locator('.ant-table-row').filter({ hasText: '商业秘密保护咨询' });
    await row.waitFor(WAIT);
    await row.getByRole('button', { name: '修改' }).click();
    const d = await dialogNamed(page, '修改');
    await d.getByLabel('标题').fill('商业秘密保护咨询（含书面答复）');
    const saved = page.waitForResponse((r) => /\/api\/services\/offerings\/\d+$/.test(r.url()) && r.request().method() === 'PATCH');
    await d.getByRole('button', { name: /确\s*定|OK/ }).click();
    expect((await saved).status()).toBe(200);
    const edited = page.locator('.ant-table-row').filter({ hasText: '商业秘密保护咨询（含书面答复）' });
    await edited.waitFor(WAIT);
    const off = page.waitForResponse((r) => /\/api\/services\/offerings\/\d+$/.test(r.url()) && r.request().method() === 'PATCH');
    await edited.getByRole('button', { name: '停用' }).click();
    expect((await off).status()).toBe(200);
    await expect.poll(() => edited.getByText('已停用').count(), WAIT).toBe(1);
    await still(page);
    await shot(page, 'zx-offerings');
    await ctx.close();
  });
});
