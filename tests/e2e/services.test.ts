/**
 * Services (issue 15): an enterprise asks for 维权援助 on 我要求助 (the need, never the secret), choosing the suggested site of
 * its district → the site's staff accept it → deliver it with an attachment → the enterprise confirms and rates it → the
 * ledger row appears in the site's 工作台账, the site's purchased-service contract shows the delivery in its progress,
 * and the site's yearly review counts the enterprise served against the construction standard's quantitative item.
 * Screenshots: test-results/screenshots/sv-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buildCreditCode, shanghaiDate } from '@shangmi/shared';
import { ApiSession, dialogStep, showsText, launchBrowser, newContext, shot, signedInPage, startServer, still, WAIT, type E2eServer } from './support.js';

const INITIAL = 'Init#Admin2026';
const PASSWORD = 'Service#Flow2026';
const ENTERPRISE = '宁夏塞上精密机械有限公司';
const SITE = '金凤区商业秘密保护工作站';
const TITLE = '离职技术员带走图纸';
const YEAR = Number(shanghaiDate(new Date()).slice(0, 4));

let server: E2eServer;
let browser: Browser;
const session = new ApiSession(() => server);
const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) => session.call(method, url, payload);
const signedIn = (username: string) => signedInPage(browser, server, username, PASSWORD);
let siteId = 0;
let contractId = 0;
let requestPath = '';

beforeAll(async () => {
  server = await startServer(INITIAL);
  browser = await launchBrowser();
  await session.signInAsAdmin();
  const jinfeng = await session.orgId('金凤区市场监督管理局');
  await session.createUser('sv_jf', '金凤区 李娜', jinfeng, 'district_staff', PASSWORD);
  const site = await api('POST', '/api/sites', { kind: 'station', name: SITE, districtCode: '640106', services: ['rights_assistance'] });
  siteId = site.id;
  await session.createUser('sv_site', '工作站 周律师', site.orgId, 'site_staff', PASSWORD);
  const ent = await api('POST', '/api/enterprises', { creditCode: buildCreditCode('91', '640106', '0001WX7D'), name: ENTERPRISE, districtCode: '640106' });
  await session.createUser('sv_ent', '塞上精密 马总', ent.orgId, 'enterprise_admin', PASSWORD);
  // the site lists 维权援助; the district purchases five from it this year
  await session.signIn('sv_site', PASSWORD);
  await api('POST', '/api/services/offerings', { serviceKind: 'rights_assistance', title: '协助维权（公益）', description: '证据固定指引、维权路径建议' });
  await session.signIn('sv_jf', PASSWORD);
  const c = await api('POST', '/api/services/contracts', {
    number: `JF-${YEAR}-07`,
    title: '金凤区商业秘密维权援助服务',
    providerOrgId: site.orgId,
    budgetFen: 5_000_000,
    startOn: `${YEAR}-01-01`,
    endOn: `${YEAR}-12-31`,
    quotas: [{ serviceKind: 'rights_assistance', quota: 5 }],
  });
  contractId = c.id;
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});


describe('from 我要求助 to the ledger, the contract and the yearly review', () => {
  it('the enterprise asks for 维权援助 and chooses the suggested site of its district', async () => {
    const { ctx, page } = await signedIn('sv_ent');
    await page.goto(`${server.url}/services/help`);
    await page.getByText('平台只记录需求，不接收商业秘密本身').waitFor(WAIT);
    await page.getByLabel('服务类型', { exact: true }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '维权援助' }).first().click();
    await page.getByLabel('求助事项').fill(TITLE);
    await page.getByLabel('需求描述').fill('离职技术员可能带走了产品图纸，需要指导证据固定和维权路径（不含图纸内容）。');
    await page.getByLabel('联系人').fill('马总');
    await page.getByLabel('联系电话').fill('13900001111');
    const suggested = page.getByRole('radio', { name: new RegExp(SITE) });
    await suggested.waitFor(WAIT);
    await expect.poll(() => page.getByText('本区县', { exact: true }).count(), WAIT).toBeGreaterThan(0);
    await suggested.check();
    await shot(page, 'sv-help');
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/services/requests') && r.request().method() === 'POST');
    await page.getByRole('button', { name: '提交求助' }).click();
    expect((await answer).status()).toBe(200);
    await page.waitForURL(/\/services\/requests\/\d+$/, WAIT);
    requestPath = new URL(page.url()).pathname;
    await showsText(page, '待受理');
    await still(page);
    await shot(page, 'sv-request');
    await ctx.close();
  });

  it('the site accepts, then delivers with an attachment', async () => {
    const { ctx, page } = await signedIn('sv_site');
    await page.goto(`${server.url}${requestPath}`);
    await showsText(page, '待受理');
    const api = requestPath.replace('/services/', '/api/services/');
    await dialogStep(page, '受理', api);
    await showsText(page, '服务中');
    await dialogStep(page, '服务办结', api, async (d) => {
      await d.getByLabel('服务成效').fill('指导企业固定证据，出具维权路径建议书');
      const uploaded = page.waitForResponse((r) => r.url().endsWith('/api/files') && r.request().method() === 'POST');
      await d.locator('input[type=file]').setInputFiles({ name: '维权路径建议书.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 维权路径建议书') });
      expect((await uploaded).status()).toBe(200);
    });
    await showsText(page, '待企业确认');
    await expect.poll(() => page.locator('a[href*="/files/"]').count(), WAIT).toBe(1);
    await still(page);
    await shot(page, 'sv-delivered');
    await ctx.close();
  });

  it('the enterprise confirms and rates it', async () => {
    const { ctx, page } = await signedIn('sv_ent');
    await page.goto(`${server.url}${requestPath}`);
    await showsText(page, '待企业确认');
    await dialogStep(page, '确认并评价', requestPath.replace('/services/', '/api/services/'), async (d) => {
      await d.locator('.ant-rate-star').nth(4).locator('[role=radio]').click();
      await expect.poll(() => d.locator('.ant-rate-star-full').count(), WAIT).toBe(5);
      await d.getByLabel('评价意见').fill('响应及时，建议实用');
    });
    await showsText(page, '已评价');
    await ctx.close();
  });

  it('the ledger row, the contract’s progress and the yearly review count it', async () => {
    const { ctx, page } = await signedIn('sv_site');
    await page.goto(`${server.url}/services/ledger`);
    await expect.poll(() => page.locator('.ant-table-row').filter({ hasText: TITLE }).count(), WAIT).toBe(1);
    await expect.poll(() => page.locator('.ant-table-row').filter({ hasText: ENTERPRISE }).count(), WAIT).toBe(1);
    await still(page);
    await shot(page, 'sv-ledger');
    await page.goto(`${server.url}/services/contracts`);
    await expect.poll(() => page.getByTestId(`progress-${contractId}-rights_assistance`).textContent(), WAIT).toMatch(/维权援助 1\/5/);
    await still(page);
    await shot(page, 'sv-contracts');
    await page.goto(`${server.url}/services/review?siteId=${siteId}`);
    await expect.poll(() => page.getByTestId('review-E2').textContent(), WAIT).toBe('1');
    await expect.poll(() => page.getByTestId('review-F1').textContent(), WAIT).toBe('0');
    await still(page);
    await shot(page, 'sv-review');
    await ctx.close();
  });
});

describe('what a delivered request starts, and a member of the public asking', () => {
  it('the district lists the enterprise for cultivation from the delivered request (后续事项)', async () => {
    const { ctx, page } = await signedIn('sv_jf');
    await page.goto(`${server.url}${requestPath}`);
    await page.getByTestId('follow-ups').waitFor(WAIT);
    await dialogStep(page, '列入培育库', requestPath.replace('/services/', '/api/services/'));
    await expect.poll(() => page.getByTestId('follow-ups').getByText(/^列入培育库 #\d+/).count(), WAIT).toBe(1);
    await expect.poll(() => page.getByTestId('follow-up-cultivation').count(), WAIT).toBe(0);
    await still(page);
    await shot(page, 'sv-follow-up');
    await ctx.close();
  });

  it('a member of the public asks at /help without an account; the district’s site takes it up', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${server.url}/help`);
    await page.getByText('平台只记录需求，不接收商业秘密本身').waitFor(WAIT);
    await page.getByLabel('所在区县').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '金凤区' }).first().click();
    await page.getByLabel('您的姓名或单位名称').fill('张三（个体工商户）');
    await page.getByLabel('服务类型').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '维权援助' }).first().click();
    await page.getByLabel('求助事项').fill('配方被前合伙人使用');
    await page.getByLabel('需求描述').fill('想了解如何维权（不含配方内容）。');
    await page.getByLabel('联系人').fill('张三');
    await page.getByLabel('联系电话').fill('13800000000');
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/public/services/requests') && r.request().method() === 'POST');
    await page.getByRole('button', { name: '提交求助' }).click();
    expect((await answer).status()).toBe(200);
    await expect.poll(() => page.getByTestId('public-sent-to').innerText(), WAIT).toContain(SITE);
    await shot(page, 'sv-public-help');
    await ctx.close();
  });
});
