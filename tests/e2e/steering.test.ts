/**
 * Steering (issue 19): the city opens 领导驾驶舱 and sees 2025's stations and points as missed (9 of 20, the demo's
 * figure), 2026's projection, clicks a figure and lands on the list it counts (the sites list, filtered), a district
 * officer sees their own district only, and the city generates the annual report (the Word file is saved to
 * test-results/steering-annual-report.docx for rendering). Screenshots: test-results/screenshots/st-*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { shanghaiDate } from '@shangmi/shared';
import { rowsOf } from '../../apps/server/src/db/sql.js';
import { ApiSession, launchBrowser, openMenu, ROOT, shot, signedInPage, startServer, still, WAIT, type E2eServer } from './support.js';

const INITIAL = 'Init#Admin2026';
const PASSWORD = 'Steer#Cockpit2026';
const YEAR = Number(shanghaiDate(new Date()).slice(0, 4));

let server: E2eServer;
let browser: Browser;
const session = new ApiSession(() => server);

/** Accredited stations written straight into the sites table (as the demo's generator does): `n` in `district` on `day`. */
async function stations(district: string, bureau: number, n: number, day: string) {
  const db = server.database.db;
  for (let i = 0; i < n; i++) {
    const name = `${district}工作站${day}-${i}`;
    const [o] = rowsOf<{ id: number }>(await db.execute(sql`insert into orgs (parent_id, path, name, kind, region_code, district_code) values (${bureau}, '', ${name}, 'site', '640100', ${district}) returning id`));
    const id = o!.id;
    const [parent] = rowsOf<{ path: string }>(await db.execute(sql`select path from orgs where id = ${bureau}`));
    const p = `${parent!.path}${id}/`;
    await db.execute(sql`update orgs set path = ${p} where id = ${id}`);
    await db.execute(sql`insert into sites (org_id, org_path, region_code, district_code, kind, level, name, status, accredited_at)
      values (${id}, ${p}, '640100', ${district}, 'station', 'district', ${name}, 'accredited', ${`${day}T10:00:00+08:00`})`);
  }
}

beforeAll(async () => {
  server = await startServer(INITIAL);
  browser = await launchBrowser();
  await session.signInAsAdmin();
  const city = await session.orgId('银川市市场监督管理局');
  const jinfeng = await session.orgId('金凤区市场监督管理局');
  const xingqing = await session.orgId('兴庆区市场监督管理局');
  await session.createUser('st_city', '市局 王主任', city, 'city_staff', PASSWORD);
  await session.createUser('st_jf', '金凤区 李娜', jinfeng, 'district_staff', PASSWORD);
  // 2025: 9 stations (6 in Jinfeng, 3 in Xingqing) against the plan's 20; this year: 5 more in Jinfeng by March
  await stations('640106', jinfeng, 6, '2025-05-10');
  await stations('640104', xingqing, 3, '2025-09-10');
  if (YEAR > 2025) await stations('640106', jinfeng, 5, `${YEAR}-03-01`);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the leadership picture', () => {
  it('the city sees 2025 missed (9/20) and this year’s projection, and a figure opens the list it counts', async () => {
    const { ctx, page } = await signedInPage(browser, server, 'st_city', PASSWORD);
    await openMenu(page, '领导驾驶舱', /\/steering/);
    const y25 = page.getByTestId('pace-sites.stations_points-2025');
    await expect.poll(() => y25.innerText(), WAIT).toContain('未完成');
    const text = await y25.innerText();
    expect(text).toContain('9');
    expect(text).toContain('/ 20');
    expect(text).toContain('差 11');
    if (YEAR === 2026) {
      // 9 at the start of 2026, 14 now: the year's pace projects beyond 14, below the 40 planned
      const projected = page.getByTestId('projected-sites.stations_points-2026');
      await expect.poll(() => projected.count(), WAIT).toBe(1);
      expect(await page.getByTestId('pace-sites.stations_points-2026').innerText()).toMatch(/滞后|有风险/);
    }
    await still(page);
    await shot(page, 'st-cockpit-city');
    // the figure is a link to the sites list with the filters it counts
    await y25.getByTestId('figure-sites.stations_points').click();
    await page.waitForURL(/\/sites\?status=accredited/);
    await expect.poll(() => page.locator('.ant-table-row').count(), WAIT).toBeGreaterThanOrEqual(9);
    await shot(page, 'st-figure-list');
    await ctx.close();
  });

  it('a district officer sees their own district only', async () => {
    const { ctx, page } = await signedInPage(browser, server, 'st_jf', PASSWORD);
    await page.goto(`${server.url}/steering`);
    const y25 = page.getByTestId('pace-sites.stations_points-2025');
    await expect.poll(() => y25.innerText(), WAIT).toContain('6');
    await expect.poll(() => page.getByText('金凤区').count(), WAIT).toBeGreaterThan(0);
    await expect.poll(() => page.getByText('兴庆区').count(), WAIT).toBe(0);
    await ctx.close();
  });

  it('the city generates the annual report as a Word file', async () => {
    const { ctx, page } = await signedInPage(browser, server, 'st_city', PASSWORD);
    await page.goto(`${server.url}/steering`);
    await page.getByTestId('pace-sites.stations_points-2025').waitFor(WAIT);
    await page.getByRole('combobox', { name: '年度' }).click();
    await page.locator('.ant-select-item-option').filter({ hasText: '2025' }).click();
    await expect.poll(() => page.getByTestId('pace-sites.stations_points-2025').count(), WAIT).toBe(1);
    const [download] = await Promise.all([page.waitForEvent('download', WAIT), page.getByRole('button', { name: /年度工作总结/ }).click()]);
    const file = path.join(ROOT, 'test-results/steering-annual-report.docx');
    await download.saveAs(file);
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    expect(download.suggestedFilename()).toContain('2025');
    // the pilot acceptance summary (2025–2027) from the same page
    await page.getByTestId('acceptance').hover();
    const [summary] = await Promise.all([page.waitForEvent('download', WAIT), page.getByTestId('acceptance-docx').click()]);
    const summaryFile = path.join(ROOT, 'test-results/steering-acceptance.docx');
    await summary.saveAs(summaryFile);
    expect(fs.readFileSync(summaryFile).subarray(0, 2).toString()).toBe('PK');
    expect(summary.suggestedFilename()).toContain('验收总结');
    await ctx.close();
  });
});
