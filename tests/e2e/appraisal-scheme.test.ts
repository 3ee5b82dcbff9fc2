/**
 * 考核方案管理 (issue 19 item 4, the scheme from the web): the city opens the 2026 round (version 1, the shipped file) →
 * on 考核方案 makes version 2 (a draft), moves 5 points off the stations item and saves: refused, the page names the sum
 * (95 / 100); gives them to the health checks, points an item at an unknown indicator and saves: refused naming the
 * indicator; corrects it, saves and publishes → the open round still shows version 1 with its old weights → a district
 * officer reads the versions, read-only, without the button. Screenshots: test-results/screenshots/sv-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { ApiSession, launchBrowser, shot, signedInPage, startServer, still, WAIT, type E2eServer } from './support.js';

const INITIAL = 'Init#Admin2026';
const PASSWORD = 'Sche#Flow2026';

let server: E2eServer;
let browser: Browser;
const admin = new ApiSession(() => server);
const city = new ApiSession(() => server);
const signedIn = (username: string) => signedInPage(browser, server, username, PASSWORD);
let roundId = 0;

/** Clicks and waits for the page's own write to `path`, returning its status. */
async function answerOf(page: Page, path: RegExp, click: () => Promise<unknown>): Promise<number> {
  const res = page.waitForResponse((r) => path.test(new URL(r.url()).pathname) && r.request().method() !== 'GET', WAIT);
  await click();
  return (await res).status();
}
const confirm = (page: Page) => page.locator('.ant-popconfirm').last().getByRole('button', { name: /确\s*定/ }).click();
const numberInput = (page: Page, testid: string) => page.locator(`input[data-testid="${testid}"], [data-testid="${testid}"] input`).first();
const textInput = (page: Page, testid: string) => page.locator(`input[data-testid="${testid}"]`).first();

beforeAll(async () => {
  server = await startServer(INITIAL);
  browser = await launchBrowser();
  await admin.signInAsAdmin();
  await admin.createUser('sv_city', '市局考核 王丽', await admin.orgId('银川市市场监督管理局'), 'city_staff', PASSWORD);
  await admin.createUser('sv_jf', '金凤区 马红', await admin.orgId('金凤区市场监督管理局'), 'district_staff', PASSWORD);
  await city.signIn('sv_city', PASSWORD);
  roundId = (await city.call('POST', '/api/appraisal/rounds', { year: 2026 })).id;
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the city edits the appraisal scheme as versions', () => {
  it('makes version 2, is refused with the field named, corrects it and publishes it; the open round keeps version 1', async () => {
    const { ctx, page } = await signedIn('sv_city');
    await page.goto(`${server.url}/appraisal`);
    await expect.poll(() => page.getByTestId('ap-scheme-version').textContent(), WAIT).toBe('第 1 版');
    await page.getByTestId('ap-schemes').click();
    await page.waitForURL(/\/appraisal\/schemes$/, WAIT);
    await expect.poll(() => page.getByTestId('sv-versions').locator('tbody tr.ant-table-row').count(), WAIT).toBe(1);
    expect(await page.getByTestId('sv-versions').textContent()).toContain('已发布');
    await still(page);
    await shot(page, 'sv-1-version-1');

    // a new version: a draft copied from version 1
    expect(await answerOf(page, /^\/api\/appraisal\/scheme-versions$/, () => page.getByTestId('sv-new').click())).toBe(200);
    await expect.poll(() => page.getByTestId('sv-versions').locator('tbody tr.ant-table-row').count(), WAIT).toBe(2);
    await expect.poll(() => page.getByTestId('sv-save').count(), WAIT).toBe(1);
    expect(await page.getByTestId('sv-versions').textContent()).toContain('草稿');

    // 5 points off the stations item: the sum shows 95, the server refuses naming it
    await numberInput(page, 'sv-points-stations').fill('10');
    await expect.poll(() => page.getByTestId('sv-sum').textContent(), WAIT).toBe('基础项合计 95 / 100 分');
    expect(await answerOf(page, /^\/api\/appraisal\/scheme-versions\/\d+$/, () => page.getByTestId('sv-save').click())).toBe(400);
    await expect.poll(() => page.getByTestId('sv-errors').textContent(), WAIT).toContain('基础项分值合计为 95，应为 100');
    await shot(page, 'sv-2-sum-refused');

    // to the health checks; an unknown indicator on the services item: refused naming the indicator
    await numberInput(page, 'sv-points-checkups').fill('15');
    await expect.poll(() => page.getByTestId('sv-sum').textContent(), WAIT).toBe('基础项合计 100 / 100 分');
    await textInput(page, 'sv-indicator-services').fill('services.nothing');
    expect(await answerOf(page, /^\/api\/appraisal\/scheme-versions\/\d+$/, () => page.getByTestId('sv-save').click())).toBe(400);
    await expect.poll(() => page.getByTestId('sv-errors').textContent(), WAIT).toContain('指标 services.nothing 不存在');
    await still(page);
    await shot(page, 'sv-3-indicator-refused');

    // corrected, saved, published
    await textInput(page, 'sv-indicator-services').fill('services.delivered');
    expect(await answerOf(page, /^\/api\/appraisal\/scheme-versions\/\d+$/, () => page.getByTestId('sv-save').click())).toBe(200);
    await expect.poll(() => page.getByTestId('sv-errors').count(), WAIT).toBe(0);
    await page.getByTestId('sv-publish').click();
    expect(await answerOf(page, /^\/api\/appraisal\/scheme-versions\/\d+\/publish$/, () => confirm(page))).toBe(200);
    await expect.poll(() => page.getByTestId('sv-save').count(), WAIT).toBe(0);
    await expect.poll(async () => (await page.getByTestId('sv-versions').textContent()) ?? '', WAIT).not.toContain('草稿');
    await still(page);
    await shot(page, 'sv-4-version-2-published');

    // what was saved: version 2 has the new weights; the open round keeps version 1 and its weights
    const versions = await city.call('GET', '/api/appraisal/scheme-versions?year=2026');
    expect(versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
      [2, 'published'],
      [1, 'published'],
    ]);
    const v2 = await city.call('GET', `/api/appraisal/scheme-versions/${versions[0].id}`);
    const points = (s: { items: { key: string; points: number }[] }, key: string) => s.items.find((i) => i.key === key)!.points;
    expect([points(v2.scheme, 'stations'), points(v2.scheme, 'checkups')]).toEqual([10, 15]);
    const round = await city.call('GET', `/api/appraisal/rounds/${roundId}`);
    expect(round.schemeVersion).toBe(1);
    expect([points(round.scheme, 'stations'), points(round.scheme, 'checkups')]).toEqual([15, 10]);
    await page.goto(`${server.url}/appraisal`);
    await expect.poll(() => page.getByTestId('ap-scheme-version').textContent(), WAIT).toBe('第 1 版');
    await ctx.close();
  });

  it('a district officer reads the versions, read-only, with no button to make one', async () => {
    const { ctx, page } = await signedIn('sv_jf');
    await page.goto(`${server.url}/appraisal/schemes`);
    await expect.poll(() => page.getByTestId('sv-versions').locator('tbody tr.ant-table-row').count(), WAIT).toBe(2);
    await expect.poll(() => page.getByTestId('sv-items').locator('tbody tr.ant-table-row').count(), WAIT).toBe(16);
    expect(await page.getByTestId('sv-new').count()).toBe(0);
    expect(await page.getByTestId('sv-save').count()).toBe(0);
    expect(await page.getByText('已发布的版本不能修改').count()).toBe(1);
    await still(page);
    await shot(page, 'sv-5-district-reads');
    await ctx.close();
  });
});
