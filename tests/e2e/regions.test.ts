/**
 * Regions without a restart (issue 24 item 6): the platform administrator adds 石嘴山市 from the web — a code that is
 * no division code first, refused under its field — with two districts and a park; a city administrator of the new
 * region signs in at once and sees its empty construction dashboard (its districts, no sites). Same server throughout.
 * Screenshots: test-results/screenshots/r-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ADMIN, ApiSession, INITIAL, launchBrowser, shot, signedInPage, startServer, still, WAIT, type E2eServer } from './support.js';

const PASSWORD = 'Shizuishan#2026';
let server: E2eServer;
let browser: Browser;
const session = new ApiSession(() => server);

beforeAll(async () => {
  server = await startServer(INITIAL);
  browser = await launchBrowser();
  await session.signInAsAdmin();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('a pilot region added from the web', () => {
  it('the platform administrator adds a region with two districts and a park; its city administrator sees its empty dashboard', async () => {
    const { ctx, page } = await signedInPage(browser, server, 'admin', ADMIN);
    await page.getByRole('menuitem', { name: '试点地区' }).click();
    await page.waitForURL(/\/system\/regions/);
    await page.getByRole('cell', { name: '640100' }).waitFor(WAIT);
    await page.getByRole('button', { name: '新增地区' }).click();
    const drawer = page.locator('.ant-drawer').filter({ hasText: '新增试点地区' });
    await page.locator('#regionForm_code').waitFor(WAIT);

    await page.locator('#regionForm_code').fill('64020');
    await page.locator('#regionForm_name').fill('石嘴山市');
    await page.locator('#regionForm_nameEn').fill('Shizuishan');
    await page.locator('#regionForm_cityBureau').fill('石嘴山市市场监督管理局');
    await page.getByLabel('区县代码 1').fill('640202');
    await page.getByLabel('区县名称 1').fill('大武口区');
    await page.getByLabel('区县英文名称 1').fill('Dawukou District');
    await page.getByLabel('区县市场监管局名称 1').fill('大武口区市场监督管理局');
    await page.getByRole('button', { name: '添加区县' }).click();
    await page.getByLabel('区县代码 2').fill('640205');
    await page.getByLabel('区县名称 2').fill('惠农区');
    await page.getByLabel('区县英文名称 2').fill('Huinong District');
    await page.getByLabel('区县市场监管局名称 2').fill('惠农区市场监督管理局');
    await page.getByRole('button', { name: '添加园区' }).click();
    await page.getByLabel('园区名称 1').fill('石嘴山经济技术开发区');
    await page.getByLabel('园区英文名称 1').fill('Shizuishan Economic and Technological Development Zone');
    await page.getByLabel('所在区县（可空） 1').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '大武口区（640202）' }).click();

    // a code that is no prefecture-level division code: refused, the message under the field, nothing saved
    let answer = page.waitForResponse((r) => r.url().endsWith('/api/regions') && r.request().method() === 'POST');
    await drawer.getByRole('button', { name: '保存' }).click();
    expect((await answer).status()).toBe(400);
    await drawer.getByText('不是有效的地级行政区划代码', { exact: false }).waitFor(WAIT);
    await shot(page, 'r-01-bad-code');

    await page.locator('#regionForm_code').fill('640200');
    answer = page.waitForResponse((r) => r.url().endsWith('/api/regions') && r.request().method() === 'POST');
    await drawer.getByRole('button', { name: '保存' }).click();
    expect((await answer).status()).toBe(200);
    await page.getByRole('cell', { name: '640200' }).waitFor(WAIT);
    await page.getByRole('cell', { name: '大武口区、惠农区' }).waitFor(WAIT);
    await still(page);
    await shot(page, 'r-02-added');
    await ctx.close();

    // the new region's city administrator (an account opened by the platform), on the same running server
    const cityOrg = await session.orgId('石嘴山市市场监督管理局');
    await session.createUser('szs_admin', '石嘴山 市局管理员', cityOrg, 'city_admin', PASSWORD);
    const city = await signedInPage(browser, server, 'szs_admin', PASSWORD);
    const dash = city.page.waitForResponse((r) => r.url().includes('/api/sites/dashboard') && r.status() === 200);
    await city.page.goto(`${server.url}/sites/dashboard`);
    const body = await (await dash).json();
    expect(body.regionCode).toBe('640200');
    expect(body.pipeline).toEqual([]);
    await city.page.getByText('惠农区').first().waitFor(WAIT);
    await expect.poll(() => city.page.getByText('兴庆区').count(), WAIT).toBe(0);
    await still(city.page);
    await shot(city.page, 'r-03-empty-dashboard');
    await city.ctx.close();
  });
});
