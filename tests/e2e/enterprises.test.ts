/**
 * Enterprises journeys: a 金凤区 officer imports a workbook with bad rows, reads the row errors, fixes the file and
 * imports it; an enterprise registers itself, the district confirms it, and its administrator invites a member.
 * Screenshots go to test-results/screenshots (e-*.png).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { buildCreditCode } from '@shangmi/shared';
import { enterprises, orgs, roles, userRoles, users } from '../../apps/server/src/db/schema/index.js';
import { hashPassword } from '../../apps/server/src/platform/crypto.js';
import { INITIAL, launchBrowser, login, newContext, openMenu, shot, startServer, submitLogin, type E2eServer, still } from './support.js';

const STAFF_PASSWORD = 'Jinfeng#Staff2026';
const ENT_PASSWORD = 'Qiye#Admin2026';
const WAIT = { timeout: 20_000 };

let server: E2eServer;
let browser: Browser;
let tmp: string;

function code(division: string, n: number): string {
  return buildCreditCode('91', division, `${String(n).padStart(4, '0')}MA5E`);
}
const wrongCheck = (c: string) => c.slice(0, 17) + (c[17] === '0' ? '1' : '0');

async function staffUser(username: string, orgName: string, role: string) {
  const db = server.database.db;
  const [o] = await db.select().from(orgs).where(eq(orgs.name, orgName));
  const [u] = await db
    .insert(users)
    .values({ username, displayName: '金凤区业务员', orgId: o.id, orgPath: o.path, passwordHash: await hashPassword(STAFF_PASSWORD), mustChangePassword: false })
    .returning({ id: users.id });
  const rs = await db.select().from(roles).where(inArray(roles.code, [role]));
  await db.insert(userRoles).values(rs.map((r) => ({ userId: u.id, roleId: r.id })));
}

async function workbook(file: string, rows: unknown[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('企业名录');
  ws.addRow(['企业名称', '统一社会信用代码', '所属区县', '所属行业', '企业规模', '企业类型', '主营产品', '联系人', '联系电话']);
  for (const r of rows) ws.addRow(r);
  await wb.xlsx.writeFile(file);
}

beforeAll(async () => {
  server = await startServer(INITIAL);
  browser = await launchBrowser();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shangmi-e2e-files-'));
  await staffUser('jf_officer', '金凤区市场监督管理局', 'district_staff');
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('bulk import', () => {
  it('shows the bad rows, takes the fixed file, and imports with progress', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await login(page, server, 'jf_officer', STAFF_PASSWORD);
    await page.goto(`${server.url}/enterprises`);
    await page.getByRole('button', { name: '批量导入' }).click();
    await page.waitForURL(/\/enterprises\/import/);

    // the template downloads (in its own tab: a browser allows one automatic download per page before asking)
    const tplPage = await ctx.newPage();
    await tplPage.goto(`${server.url}/enterprises/import`);
    const [template] = await Promise.all([tplPage.waitForEvent('download'), tplPage.getByRole('button', { name: '下载导入模板' }).click()]);
    expect(template.suggestedFilename()).toBe('企业导入模板.xlsx');
    await tplPage.close();

    const bad = path.join(tmp, '金凤区企业名录.xlsx');
    const ok1 = code('640106', 1);
    const ok2 = code('640106', 2);
    const fixMe = code('640106', 3);
    await workbook(bad, [
      ['宁夏凤城智能装备有限公司', ok1, '金凤区', 'C35', '中型', '高新技术企业、专精特新', '智能装备', '王工', '13800000001'],
      ['宁夏阅海数据科技有限公司', ok2, '金凤区', '65', '小型', '创新型', '数据服务', '李工', '13800000002'],
      ['宁夏校验位有误有限公司', wrongCheck(fixMe), '金凤区', '', '小型'],
      ['', code('640106', 4), '金凤区'],
      ['宁夏规模有误有限公司', code('640106', 5), '金凤区', '', '超大型'],
    ]);
    await page.locator('input[type=file]').setInputFiles(bad);
    await expect.poll(() => page.getByText('有错误的行').count(), WAIT).toBeGreaterThan(0);
    await expect.poll(() => page.getByText('校验位不正确').count(), WAIT).toBeGreaterThan(0);
    await expect.poll(() => page.getByText('必填').count(), WAIT).toBeGreaterThan(0);
    await shot(page, 'e-01-import-check-errors');

    // the error workbook carries the reasons
    const [errors] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载错误行' }).first().click()]);
    const errorFile = path.join(tmp, 'errors.xlsx');
    await errors.saveAs(errorFile);
    const ewb = new ExcelJS.Workbook();
    await ewb.xlsx.readFile(errorFile);
    expect(ewb.worksheets[0].rowCount).toBe(4);
    expect(String(ewb.worksheets[0].getRow(2).getCell(17).value)).toContain('统一社会信用代码');

    // fix the file and choose it again: everything is valid now
    await page.getByRole('button', { name: '重新选择文件' }).click();
    const fixed = path.join(tmp, '金凤区企业名录（修改后）.xlsx');
    await workbook(fixed, [
      ['宁夏凤城智能装备有限公司', ok1, '金凤区', 'C35', '中型', '高新技术企业、专精特新', '智能装备', '王工', '13800000001'],
      ['宁夏阅海数据科技有限公司', ok2, '金凤区', '65', '小型', '创新型', '数据服务', '李工', '13800000002'],
      ['宁夏校验位已改正有限公司', fixMe, '金凤区', '', '小型'],
      ['宁夏补全名称有限公司', code('640106', 4), '金凤区'],
      ['宁夏规模已改正有限公司', code('640106', 5), '金凤区', '', '微型'],
    ]);
    await page.locator('input[type=file]').setInputFiles(fixed);
    await expect.poll(() => page.getByText('全部 5 行校验通过').count(), WAIT).toBe(1);
    await shot(page, 'e-02-import-check-ok');
    await page.getByRole('button', { name: '导入 5 行' }).click();
    await expect.poll(() => page.getByText('导入完成').count(), WAIT).toBe(1);
    await expect.poll(() => page.getByText('新增 5 家，更新 0 家').count(), WAIT).toBeGreaterThan(0);
    await shot(page, 'e-03-import-done');

    const rows = await server.database.db.select().from(enterprises).where(eq(enterprises.source, 'import'));
    expect(rows.map((r) => r.name).sort()).toEqual(
      ['宁夏凤城智能装备有限公司', '宁夏阅海数据科技有限公司', '宁夏校验位已改正有限公司', '宁夏补全名称有限公司', '宁夏规模已改正有限公司'].sort(),
    );
    await page.getByRole('button', { name: '查看企业名录' }).click();
    await page.waitForURL(/\/enterprises$/);
    await expect.poll(() => page.getByText('宁夏凤城智能装备有限公司').count(), WAIT).toBeGreaterThan(0);
    await shot(page, 'e-04-list-after-import');
    await ctx.close();
  });
});

describe('merge', () => {
  it('staff fold a duplicate record into the one kept', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await login(page, server, 'jf_officer', STAFF_PASSWORD);
    const [dup] = await server.database.db.select().from(enterprises).where(eq(enterprises.name, '宁夏补全名称有限公司'));
    const [kept] = await server.database.db.select().from(enterprises).where(eq(enterprises.name, '宁夏凤城智能装备有限公司'));
    await page.goto(`${server.url}/enterprises/${dup.id}`);
    await page.getByRole('button', { name: '合并重复企业' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('合并到（保留的企业）').fill('凤城智能');
    await page.locator('.ant-select-item-option', { hasText: '宁夏凤城智能装备有限公司' }).click();
    await still(page);
    await shot(page, 'e-05a-merge');
    await dialog.getByRole('button', { name: '合并重复企业' }).click();
    await page.waitForURL(new RegExp(`/enterprises/${kept.id}$`), WAIT);
    const [after] = await server.database.db.select().from(enterprises).where(eq(enterprises.id, dup.id));
    expect(after).toMatchObject({ status: 'merged', mergedIntoId: kept.id });
    await ctx.close();
  });
});

describe('self-registration', () => {
  const entCode = code('640106', 50);

  it('an enterprise registers, the district confirms it, its administrator invites a member', async () => {
    // 1. the enterprise registers itself
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByRole('link', { name: /企业注册|注册/ }).first().click();
    await page.waitForURL(/\/register/);
    await page.getByLabel('统一社会信用代码').fill(entCode);
    await page.getByLabel('企业名称').fill('宁夏塞上老字号食品有限公司');
    await page.getByLabel('联系人').fill('马经理');
    await page.getByLabel('手机号').fill('13900000050');
    // no user name to choose: the administrator signs in with the credit code (a taken name cannot be probed)
    await expect.poll(() => page.getByText(/登录用户名即统一社会信用代码/).count(), WAIT).toBe(1);
    await page.getByLabel('密码', { exact: true }).fill(ENT_PASSWORD);
    await page.getByLabel('确认密码').fill(ENT_PASSWORD);
    await shot(page, 'e-05-register-form');
    await page.getByRole('button', { name: '提交注册' }).click();
    await expect.poll(() => page.getByText('注册已提交', { exact: true }).count(), WAIT).toBe(1);
    await expect.poll(() => page.getByText(new RegExp(`用户名“${entCode}”`)).count(), WAIT).toBe(1);
    await shot(page, 'e-06-register-done');

    // not yet confirmed: the account does not work
    await submitLogin(page, server, entCode, ENT_PASSWORD);
    await expect.poll(() => page.getByText(/企业注册尚待/).count(), WAIT).toBeGreaterThan(0);
    await shot(page, 'e-06a-login-pending');
    expect(page.url()).toContain('/login');

    // 2. the district confirms it
    const staffCtx = await newContext(browser);
    const staff = await staffCtx.newPage();
    await login(staff, server, 'jf_officer', STAFF_PASSWORD);
    // the home page says what waits: one registration to confirm, which opens the list filtered to it
    const tile = staff.getByTestId('todo-enterprises.pending');
    await expect.poll(async () => (await tile.count()) && (await tile.textContent()), WAIT).toBe('企业注册待审核1');
    await shot(staff, 'e-06b-home-todos');
    await tile.click();
    await staff.waitForURL(/\/enterprises\?status=pending/);
    const row = staff.locator('tr', { hasText: '宁夏塞上老字号食品有限公司' });
    await expect.poll(() => row.getByText('待确认').count(), WAIT).toBe(1);
    expect(await staff.locator('tbody tr.ant-table-row').count()).toBe(1);
    await shot(staff, 'e-07-pending-registration');
    await row.getByRole('button', { name: '确认' }).click();
    const pop = staff.locator('.ant-popconfirm, .ant-popover').last();
    if (await pop.getByRole('button', { name: /确\s*定|确认/ }).count()) await pop.getByRole('button', { name: /确\s*定|确认/ }).click();
    // confirmed: it leaves the pending list, is 正常 in the whole list, and the home page has nothing left to confirm
    await expect.poll(() => row.count(), WAIT).toBe(0);
    await staff.goto(`${server.url}/enterprises`);
    await expect.poll(() => row.getByText('正常').count(), WAIT).toBe(1);
    await staff.goto(`${server.url}/`);
    await expect.poll(async () => (await tile.count()) && (await tile.textContent()), WAIT).toBe('企业注册待审核0');
    await staffCtx.close();

    // 3. its administrator signs in and invites a member
    await login(page, server, entCode, ENT_PASSWORD);
    await openMenu(page, '用户管理');
    await page.getByRole('button', { name: '新增用户' }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByLabel('用户名').fill('saishang_li');
    await drawer.getByLabel('姓名').fill('李会计');
    // the enterprise itself is the organisation, already chosen
    await expect.poll(() => drawer.getByText('宁夏塞上老字号食品有限公司').count(), WAIT).toBeGreaterThan(0);
    await drawer.getByLabel('角色').click();
    await page.locator('.ant-select-item-option', { hasText: '企业成员' }).click();
    await page.keyboard.press('Escape');
    const pw = drawer.getByLabel('初始密码');
    if ((await pw.inputValue()) === '') await pw.fill('Member#Init2026');
    await shot(page, 'e-08-invite-member');
    await drawer.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.locator('tr', { hasText: 'saishang_li' }).count(), WAIT).toBe(1);
    await shot(page, 'e-09-enterprise-users');

    const [member] = await server.database.db.select().from(users).where(eq(users.username, 'saishang_li'));
    const [ent] = await server.database.db.select().from(enterprises).where(eq(enterprises.creditCode, entCode));
    expect(member.orgId).toBe(ent.orgId);
    const memberRoles = await server.database.db
      .select({ code: roles.code })
      .from(userRoles)
      .innerJoin(roles, eq(roles.id, userRoles.roleId))
      .where(eq(userRoles.userId, member.id));
    expect(memberRoles.map((r) => r.code)).toEqual(['enterprise_member']);

    // the enterprise's own page lists its accounts
    await page.goto(`${server.url}/enterprises/${ent.id}`);
    const accounts = page.locator('.ant-card', { hasText: '企业账号' });
    await expect.poll(() => accounts.getByText('saishang_li').count(), WAIT).toBe(1);
    await shot(page, 'e-10-enterprise-detail');
    await ctx.close();
  });

  it('the district rejects a wave of registrations at once, with one reason', async () => {
    const names = ['宁夏批量虚假注册一有限公司', '宁夏批量虚假注册二有限公司'];
    for (const [i, name] of names.entries()) {
      const res = await fetch(`${server.url}/api/enterprises/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ creditCode: code('640106', 60 + i), name, contactName: '某某', contactPhone: '13900000060', password: ENT_PASSWORD }),
      });
      expect(res.status).toBe(200);
    }
    const ctx = await newContext(browser);
    const staff = await ctx.newPage();
    await login(staff, server, 'jf_officer', STAFF_PASSWORD);
    await staff.goto(`${server.url}/enterprises?status=pending`);
    for (const name of names) {
      const row = staff.locator('tr', { hasText: name });
      await expect.poll(() => row.count(), WAIT).toBe(1);
      await row.locator('input[type="checkbox"]').check();
    }
    await staff.getByRole('button', { name: '批量驳回（2）' }).click();
    const dialog = staff.getByRole('dialog');
    await dialog.getByLabel('驳回原因').fill('同一地址批量提交的虚假注册');
    await shot(staff, 'e-11-bulk-reject');
    await dialog.getByRole('button', { name: '驳回' }).click();
    await expect.poll(() => staff.getByText('已驳回 2 项；0 项未驳回（已确认或不在您的范围内）').count(), WAIT).toBe(1);
    for (const name of names) await expect.poll(() => staff.locator('tr', { hasText: name }).count(), WAIT).toBe(0);
    const left = await server.database.db.select().from(enterprises).where(eq(enterprises.name, names[0]));
    expect(left).toHaveLength(0);
    await ctx.close();
  });
});
