/**
 * Rounding out the network (issue 24) in a browser:
 * - item 5: the city administrator adds an entry to 其他服务体系 (a bad website refused under its field); the public page
 *   lists it without signing in; an enterprise asking for help follows an entry from the hint under the form; the
 *   referral shows in the counts card on 建设进度.
 * - item 4: a 金凤区 officer refers a complaint to people's mediation (without a body first: refused under 接收机构),
 *   records the outcome, sees it on the case, and the cases dashboard counts it by channel.
 * - item 3: the district opens a cultivation entry and sees why it is not ready (no signed intention), records the
 *   intention and sees it ready; the board filtered by readiness shows it only under the matching choice.
 * Screenshots: test-results/screenshots/nr-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildCreditCode, shanghaiDate } from '@shangmi/shared';
import { ApiSession, chooseOption, dialogOf, INITIAL, launchBrowser, shot, signedInPage, startServer, still, WAIT, type E2eServer } from './support.js';

const PASSWORD = 'Network#Round2026';
const ENTERPRISE = '宁夏圆满科技有限公司';
let server: E2eServer;
let browser: Browser;
const session = new ApiSession(() => server);
const ids: Record<string, number> = {};
const year = Number(shanghaiDate(new Date()).slice(0, 4));

beforeAll(async () => {
  server = await startServer(INITIAL);
  browser = await launchBrowser();
  await session.signInAsAdmin();
  await session.createUser('nr_city', '市局管理员', await session.orgId('银川市市场监督管理局'), 'city_admin', PASSWORD);
  await session.createUser('nr_jf', '金凤区 业务员', await session.orgId('金凤区市场监督管理局'), 'district_staff', PASSWORD);
  const e = await session.call('POST', '/api/enterprises', { creditCode: buildCreditCode('91', '640106', '0001NR1E'), name: ENTERPRISE, districtCode: '640106' });
  ids.enterprise = e.id;
  await session.createUser('nr_ent', '圆满 管理员', e.orgId, 'enterprise_admin', PASSWORD);
  ids.entry = (await session.call('POST', '/api/cultivation', { enterpriseId: e.id, year, batch: 1 })).id;
  const filed = await server.app.inject({
    method: 'POST',
    url: '/api/public/cases',
    payload: { tracks: ['complaint'], title: '合作方泄露报价单', description: '合作方将我司报价单转给竞争对手。', respondentName: '宁夏某某贸易有限公司', respondentCreditCode: buildCreditCode('91', '640106', '0002NR1E'), anonymous: true },
  });
  expect(filed.statusCode, filed.body).toBe(200);
  ids.case = filed.json().cases[0].id;
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});


const posted = (page: Page, path: RegExp) => page.waitForResponse((r) => path.test(new URL(r.url()).pathname) && r.request().method() !== 'GET');

describe('other service systems (item 5)', () => {
  it('the city administrator adds an entry; the public page lists it; an enterprise follows one; the counts show it', async () => {
    const city = await signedInPage(browser, server, 'nr_city', PASSWORD);
    await city.page.goto(`${server.url}/sites/systems`);
    await city.page.getByRole('cell', { name: '银川市知识产权综合服务窗口', exact: true }).waitFor(WAIT);
    await city.page.getByTestId('system-add').click();
    const d = dialogOf(city.page);
    await chooseOption(city.page, d, '类别', '创业孵化载体');
    await d.getByLabel('名称', { exact: true }).fill('金凤区众创空间');
    await d.getByLabel('服务内容').fill('孵化场地、创业辅导与投融资对接');
    await d.getByLabel('电话').fill('0951-5550000');
    await d.getByLabel('网址').fill('www.example.org');
    let answer = posted(city.page, /^\/api\/service-systems$/);
    await d.getByRole('button', { name: /确\s*定|OK/ }).click();
    expect((await answer).status()).toBe(400);
    await d.getByText('网址格式不正确').waitFor(WAIT);
    await shot(city.page, 'nr-01-system-bad-url');
    await d.getByLabel('网址').fill('');
    answer = posted(city.page, /^\/api\/service-systems$/);
    await d.getByRole('button', { name: /确\s*定|OK/ }).click();
    expect((await answer).status()).toBe(200);
    await city.page.getByRole('cell', { name: '金凤区众创空间', exact: true }).waitFor(WAIT);
    await still(city.page);
    await shot(city.page, 'nr-02-systems-page');

    // the public page, without signing in, from the public header
    const anon = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1280, height: 900 } });
    const pub = await anon.newPage();
    await pub.goto(`${server.url}/directory`);
    await pub.getByRole('link', { name: '服务体系' }).click();
    await pub.waitForURL(/\/service-systems/);
    await pub.locator('[data-system="金凤区众创空间"]').waitFor(WAIT);
    expect(await pub.locator('[data-system]').count()).toBeGreaterThanOrEqual(6);
    await shot(pub, 'nr-03-public');
    await anon.close();

    // an enterprise asking for help: the hint under the form, and it follows the new entry (no website: nothing opens)
    const ent = await signedInPage(browser, server, 'nr_ent', PASSWORD);
    await ent.page.goto(`${server.url}/services/help`);
    const hint = ent.page.getByTestId('systems-hint');
    await hint.locator('[data-system="金凤区众创空间"]').waitFor(WAIT);
    answer = posted(ent.page, /^\/api\/service-systems\/\d+\/referrals$/);
    await hint.locator('[data-system="金凤区众创空间"]').getByRole('button', { name: '去这里办理' }).click();
    expect((await answer).status()).toBe(200);
    await ent.page.getByText('已记录，请按联系方式前往').waitFor(WAIT);
    await shot(ent.page, 'nr-04-help-hint');
    await ent.ctx.close();

    // counted on 建设进度 (the city's area): one referral, by an enterprise
    await city.page.goto(`${server.url}/sites/dashboard`);
    const row = city.page.getByTestId('systems-stats').locator('tr', { hasText: '金凤区众创空间' });
    await expect.poll(() => row.locator('td').allInnerTexts(), WAIT).toEqual([expect.stringContaining('金凤区众创空间'), '1', '1', '0']);
    await city.page.getByTestId('systems-stats').scrollIntoViewIfNeeded();
    await still(city.page);
    await shot(city.page, 'nr-05-dashboard-counts');
    await city.ctx.close();
  });
});

describe('referral channels (item 4)', () => {
  it('a complaint is referred to people’s mediation; its outcome shows on the case; the dashboard counts it', async () => {
    const { ctx, page } = await signedInPage(browser, server, 'nr_jf', PASSWORD);
    await page.goto(`${server.url}/cases/${ids.case}`);
    const card = page.getByTestId('case-referrals');
    await card.getByTestId('referral-create').click();
    const d = dialogOf(page);
    await chooseOption(page, d, '转介渠道', '人民调解');
    // no body referred to: refused, the message under 接收机构, nothing saved
    let answer = posted(page, /^\/api\/cases\/\d+\/referrals$/);
    await d.getByRole('button', { name: /确\s*定|OK/ }).click();
    expect((await answer).status()).toBe(400);
    await d.locator('.ant-form-item').filter({ hasText: '接收机构' }).locator('.ant-form-item-explain-error').waitFor(WAIT);
    await shot(page, 'nr-06-referral-no-body');
    await d.getByLabel('接收机构').fill('金凤区人民调解委员会');
    answer = posted(page, /^\/api\/cases\/\d+\/referrals$/);
    await d.getByRole('button', { name: /确\s*定|OK/ }).click();
    expect((await answer).status()).toBe(200);
    await card.getByRole('cell', { name: '金凤区人民调解委员会' }).waitFor(WAIT);

    await card.getByRole('button', { name: '登记结果' }).click();
    const o = dialogOf(page);
    await chooseOption(page, o, '结果', '达成调解协议');
    await o.getByLabel('结果说明').fill('双方达成调解协议');
    answer = posted(page, /\/outcome$/);
    await o.getByRole('button', { name: /确\s*定|OK/ }).click();
    expect((await answer).status()).toBe(200);
    await card.getByText('双方达成调解协议').waitFor(WAIT);
    await card.scrollIntoViewIfNeeded();
    await still(page);
    await shot(page, 'nr-07-referral-outcome');

    await page.goto(`${server.url}/cases/dashboard`);
    const row = page.getByTestId('referral-counts').locator('tr', { hasText: '人民调解' }).first();
    // 渠道, 转介数, 待反馈, 已反馈, 达成协议
    await expect.poll(() => row.locator('td').allInnerTexts(), WAIT).toEqual(['人民调解', '1', '0', '1', '1']);
    await page.getByTestId('referral-counts').scrollIntoViewIfNeeded();
    await still(page);
    await shot(page, 'nr-08-referral-counts');
    await ctx.close();
  });
});

describe('cultivation readiness (item 3)', () => {
  it('the district sees why an entry is not ready, records the intention, sees it ready; the board filters by readiness', async () => {
    const { ctx, page } = await signedInPage(browser, server, 'nr_jf', PASSWORD);
    const boardShows = async (choice: string) => {
      await page.goto(`${server.url}/cultivation/board`);
      await page.getByLabel('培育条件').click();
      const list = page.waitForResponse((r) => r.url().includes('/api/cultivation?') && r.url().includes('readiness='));
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: choice }).first().click();
      await list;
      await still(page);
      return page.getByRole('link', { name: ENTERPRISE }).count();
    };
    expect(await boardShows('暂不符合')).toBe(1);
    expect(await boardShows('符合下一阶段条件')).toBe(0);

    await page.goto(`${server.url}/cultivation/${ids.entry}`);
    const card = page.getByTestId('cultivation-readiness');
    await card.getByText('尚未签订培育意向书').waitFor(WAIT);
    await card.getByText('暂不符合进入', { exact: false }).waitFor(WAIT);
    await card.scrollIntoViewIfNeeded();
    await still(page);
    await shot(page, 'nr-09-not-ready');
    await card.getByRole('button', { name: '登记培育意向' }).click();
    const answer = posted(page, /\/intention$/);
    await dialogOf(page).getByRole('button', { name: /确\s*定|OK/ }).click();
    expect((await answer).status()).toBe(200);
    await card.getByText('已签订培育意向', { exact: false }).waitFor(WAIT);
    await card.getByText('符合进入', { exact: false }).waitFor(WAIT);
    await still(page);
    await shot(page, 'nr-10-ready');

    expect(await boardShows('符合下一阶段条件')).toBe(1);
    expect(await boardShows('暂不符合')).toBe(0);
    await shot(page, 'nr-11-board-ready');
    await ctx.close();
  });
});
