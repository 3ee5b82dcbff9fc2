/**
 * The shared form dialogs (apps/web/src/components/FormDialog.tsx): when the server refuses a field, the message
 * stands under that field in the user's language, the dialog stays open with what was typed, and once corrected the
 * same dialog saves, says so and closes. One drawer (新增用户, FormDrawer) and one modal (登记见证方, FormModal), the
 * modal also in English. Then the other system dialogs that no journey opens: 新增角色 and 新增字典类型 (drawers, a taken
 * code) and 重置密码 (modal, saved and closed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { ADMIN, ApiSession, INITIAL, launchBrowser, openMenu, shot, signedInPage, startServer, WAIT, type E2eServer } from './support.js';


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

/** The error text under the form item that holds the input with this id. */
const errorUnder = (scope: Locator, inputId: string) =>
  scope
    .locator('.ant-form-item')
    .filter({ has: scope.page().locator(`#${inputId}`) })
    .locator('.ant-form-item-explain-error');

/** The error has finished sliding in under its field (antd animates it), so a screenshot shows it. */
async function settledError(scope: Locator, inputId: string) {
  const explain = scope.locator('.ant-form-item').filter({ has: scope.page().locator(`#${inputId}`) }).locator('.ant-form-item-explain');
  await expect.poll(async () => explain.evaluate((el) => el.className), WAIT).not.toMatch(/show-help-(appear|enter|leave)/);
}

/** Clicks `button` and answers the status of the request to `path` it sends. */
async function statusOf(page: Page, method: string, path: string, click: () => Promise<void>): Promise<number> {
  const [res] = await Promise.all([page.waitForResponse((r) => r.request().method() === method && new URL(r.url()).pathname === path), click()]);
  return res.status();
}

describe('form dialogs: server-side field errors', () => {
  it('新增用户 (drawer): a taken user name is refused under 用户名; renamed, the user is created and the drawer closes with 已新增', async () => {
    const { ctx, page } = await signedInPage(browser, server, 'admin', ADMIN);
    await page.goto(`${server.url}/system/users`);
    await expect.poll(async () => page.getByRole('cell', { name: 'admin', exact: true }).count(), WAIT).toBeGreaterThan(0);
    await page.getByRole('button', { name: '新增用户' }).click();
    const drawer = page.getByRole('dialog').filter({ hasText: '新增用户' });
    await drawer.waitFor({ state: 'visible' });
    await drawer.getByLabel('用户名').fill('admin');
    await drawer.getByLabel('姓名').fill('重名测试');
    await drawer.getByLabel('所属机构').click();
    await page.keyboard.type('金凤');
    await page.locator('.ant-select-tree-node-content-wrapper', { hasText: '金凤区市场监督管理局' }).first().click();
    await drawer.getByLabel('角色').click();
    await page.locator('.ant-select-item-option', { hasText: '区县业务人员' }).first().click();
    await page.keyboard.press('Escape');
    await drawer.getByLabel('初始密码').fill('Jinfeng#Init2026');

    const save = () => drawer.getByRole('button', { name: /保\s*存/ }).click();
    expect(await statusOf(page, 'POST', '/api/users', save)).toBeGreaterThanOrEqual(400);
    // the server's words, without the label the form item already shows
    await expect.poll(async () => errorUnder(drawer, 'userForm_username').innerText(), WAIT).toBe('已被使用');
    expect(await errorUnder(drawer, 'userForm_displayName').count()).toBe(0);
    expect(await drawer.isVisible()).toBe(true);
    expect(await drawer.getByLabel('用户名').inputValue()).toBe('admin');
    expect(await drawer.getByLabel('姓名').inputValue()).toBe('重名测试');
    await settledError(drawer, 'userForm_username');
    await shot(page, 'dlg-1-user-drawer-username-taken');

    // typing into the field clears its error; the corrected form saves and the drawer closes
    await drawer.getByLabel('用户名').fill('dlg_staff');
    await expect.poll(async () => errorUnder(drawer, 'userForm_username').count(), WAIT).toBe(0);
    expect(await statusOf(page, 'POST', '/api/users', save)).toBe(200);
    await expect.poll(async () => page.locator('.ant-message-notice').filter({ hasText: '已新增' }).count(), WAIT).toBe(1);
    await expect.poll(async () => drawer.isVisible(), WAIT).toBe(false);
    await expect.poll(async () => page.getByRole('cell', { name: 'dlg_staff', exact: true }).count(), WAIT).toBe(1);
    const listed = (await session.call('GET', '/api/users?q=dlg_staff')).items as { username: string }[];
    expect(listed.map((u) => u.username)).toEqual(['dlg_staff']);
    await ctx.close();
  });

  it('登记见证方 (modal): a key of the wrong kind is refused under 验证公钥, in Chinese and, switched, in English', async () => {
    const { ctx, page } = await signedInPage(browser, server, 'admin', ADMIN);
    await openMenu(page, '存证见证方');
    await page.getByRole('button', { name: '登记见证方' }).click();
    let modal = page.locator('.ant-modal').filter({ hasText: '登记见证方' }).last();
    await modal.waitFor({ state: 'visible' });
    await modal.getByLabel('见证方名称').fill('银川市公证处');
    // the platform's own log key is a verifier key, but of type 0x01, not a witness's cosignature key
    const logKey = (await session.call('GET', '/api/proofs/log-key')).key as string;
    await modal.getByLabel('验证公钥').fill(logKey);
    const ok = () => modal.getByRole('button', { name: /确\s*定|OK/ }).click();
    expect(await statusOf(page, 'POST', '/api/proofs/witnesses', ok)).toBe(400);
    await expect.poll(async () => errorUnder(modal, 'vkey').innerText(), WAIT).toContain('不是有效的见证方验证公钥');
    expect(await modal.isVisible()).toBe(true);
    expect(await modal.getByLabel('见证方名称').inputValue()).toBe('银川市公证处');
    await expect.poll(async () => page.locator('.ant-message-notice').filter({ hasText: '提交的内容有误，请检查标出的字段' }).count(), WAIT).toBeGreaterThan(0);
    await settledError(modal, 'vkey');
    await shot(page, 'dlg-2-witness-modal-bad-key');
    await modal.getByRole('button', { name: /取\s*消/ }).click();
    await expect.poll(async () => modal.isVisible(), WAIT).toBe(false);

    // English: the same refusal in English; the dialog opens empty again (nothing kept from the cancelled one)
    await page.getByText('English').first().click();
    await page.getByRole('button', { name: 'Register a witness' }).click();
    modal = page.locator('.ant-modal').filter({ hasText: 'Register a witness' }).last();
    await modal.waitFor({ state: 'visible' });
    expect(await modal.getByLabel('Witness', { exact: true }).inputValue()).toBe('');
    await modal.getByLabel('Witness', { exact: true }).fill('Yinchuan notary');
    await modal.getByLabel('Verifier key').fill(logKey);
    expect(await statusOf(page, 'POST', '/api/proofs/witnesses', ok)).toBe(400);
    await expect.poll(async () => errorUnder(modal, 'vkey').innerText(), WAIT).toContain('is not a cosignature/v1 verifier key');
    await expect.poll(async () => page.locator('.ant-message-notice').filter({ hasText: 'Some fields are invalid; please check them' }).count(), WAIT).toBeGreaterThan(0);
    await settledError(modal, 'vkey');
    await shot(page, 'dlg-3-witness-modal-bad-key-en');
    const witnesses = (await session.call('GET', '/api/proofs/witnesses')) as unknown[];
    expect(witnesses).toEqual([]);
    await ctx.close();
  });

  it('新增角色 and 新增字典类型 (drawers) refuse a taken code under 编码; 重置密码 (modal) saves and closes', async () => {
    const { ctx, page } = await signedInPage(browser, server, 'admin', ADMIN);

    await page.goto(`${server.url}/system/roles`);
    await page.getByRole('button', { name: '新增角色' }).click();
    const role = page.getByRole('dialog').filter({ hasText: '新增角色' });
    await role.waitFor({ state: 'visible' });
    await role.getByLabel('中文名称').fill('督查专员');
    await role.getByLabel('英文名称').fill('Inspector');
    await role.getByLabel('角色编码').fill('district_staff');
    const saveRole = () => role.getByRole('button', { name: /保\s*存/ }).click();
    expect(await statusOf(page, 'POST', '/api/roles', saveRole)).toBeGreaterThanOrEqual(400);
    await expect.poll(async () => errorUnder(role, 'roleForm_code').innerText(), WAIT).toBe('已被使用');
    expect(await role.getByLabel('中文名称').inputValue()).toBe('督查专员');
    await role.getByLabel('角色编码').fill('dlg_inspector');
    expect(await statusOf(page, 'POST', '/api/roles', saveRole)).toBe(200);
    await expect.poll(async () => role.isVisible(), WAIT).toBe(false);
    await expect.poll(async () => page.getByText('督查专员').count(), WAIT).toBeGreaterThan(0);

    await page.goto(`${server.url}/system/dicts`);
    await page.getByRole('button', { name: '新增类型' }).click();
    const dict = page.getByRole('dialog').filter({ hasText: '新增字典类型' });
    await dict.waitFor({ state: 'visible' });
    await dict.getByLabel('类型编码').fill('enterprise_kind');
    await dict.getByLabel('中文名称').fill('企业类型二');
    await dict.getByLabel('英文名称').fill('Kind two');
    expect(await statusOf(page, 'POST', '/api/dicts', () => dict.getByRole('button', { name: /保\s*存/ }).click())).toBeGreaterThanOrEqual(400);
    await expect.poll(async () => errorUnder(dict, 'dictTypeForm_code').innerText(), WAIT).toBe('已被使用');
    await settledError(dict, 'dictTypeForm_code');
    await shot(page, 'dlg-4-dict-type-drawer-code-taken');
    await dict.getByRole('button', { name: /取\s*消/ }).click();
    await expect.poll(async () => dict.isVisible(), WAIT).toBe(false);

    const orgId = (await session.call('GET', `/api/orgs?q=${encodeURIComponent('金凤区市场监督管理局')}`)).items[0].id as number;
    await session.createUser('dlg_reset', '重置测试', orgId, 'district_staff', 'Jinfeng#Init2026');
    await page.goto(`${server.url}/system/users`);
    const row = page.locator('.ant-table-row').filter({ hasText: 'dlg_reset' });
    await expect.poll(async () => row.count(), WAIT).toBe(1);
    await row.getByRole('button', { name: '重置密码' }).click();
    const modal = page.locator('.ant-modal').filter({ hasText: '重置“重置测试”的密码' }).last();
    await modal.waitFor({ state: 'visible' });
    await modal.getByLabel('新密码').fill('Reset#Pass2026');
    const path = `/api/users/${(await session.call('GET', '/api/users?q=dlg_reset')).items[0].id}/reset-password`;
    expect(await statusOf(page, 'POST', path, () => modal.getByRole('button', { name: /保\s*存/ }).click())).toBe(200);
    await expect.poll(async () => page.locator('.ant-message-notice').filter({ hasText: '密码已重置，请将新密码告知用户' }).count(), WAIT).toBe(1);
    await expect.poll(async () => modal.isVisible(), WAIT).toBe(false);
    // the new password is the one that works now
    await new ApiSession(() => server).signIn('dlg_reset', 'Reset#Pass2026');
    await ctx.close();
  });
});
