/**
 * The protection file (issue 18): an enterprise registers a secret (under the never-paste-the-secret warning), links
 * two existing proofs, records three measures with evidence (one a file hashed in the browser and deposited) while the
 * readiness score rises, adds an employee and sends them a notice; the employee acknowledges it through the link on a
 * phone, without an account (a second use is refused); the enterprise generates the employee's NDA filled with their
 * name and downloads the litigation pack, and `shangmi verify` checks every receipt in it offline.
 * Screenshots: test-results/screenshots/pt-*.png.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import type { Browser, Page } from 'playwright-core';
import { buildCreditCode } from '@shangmi/shared';
import type { CliIo } from '../../apps/server/src/cli/io.js';
import { run as verify } from '../../apps/server/src/cli/verify.js';
import { depositBody } from '../../apps/server/test/protection.js';
import { ApiSession, chooseOption, WAIT, dialog, launchBrowser, shot, signedInPage, startServer, type E2eServer } from './support.js';

const INITIAL = 'Init#Admin2026';
const ADMIN = 'Yinchuan#Root2026';
const PASSWORD = 'Protect#2026';
const ENTERPRISE = '宁夏贺兰精铸科技有限公司';
const SECRET = '高温合金叶片精铸工艺';
const EMPLOYEE = '李明轩';

let server: E2eServer;
let browser: Browser;
let tmp: string;
const admin = new ApiSession(() => server);
const keeper = new ApiSession(() => server);
const files = { drawing: crypto.randomBytes(30_000), sample: crypto.randomBytes(12_000), marking: crypto.randomBytes(40_000) };
const proofIds: number[] = [];

beforeAll(async () => {
  server = await startServer(INITIAL);
  browser = await launchBrowser();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shangmi-e2e-protection-'));
  await admin.signIn('admin', INITIAL);
  await admin.call('POST', '/api/auth/password', { currentPassword: INITIAL, newPassword: ADMIN });
  await admin.signIn('admin', ADMIN);
  const e = await admin.call('POST', '/api/enterprises', { creditCode: buildCreditCode('91', '640106', '0001PT7E'), name: ENTERPRISE, districtCode: '640106' });
  await admin.createUser('hl_keeper', '贺兰精铸 法务 王静', e.orgId, 'enterprise_admin', PASSWORD);
  await keeper.signIn('hl_keeper', PASSWORD);
  // two deposits made before the register existed (as the proofs page makes them: digests only)
  proofIds.push((await keeper.call('POST', '/api/proofs', depositBody([{ name: '叶片图纸.dwg', bytes: files.drawing }], '叶片图纸 2026 版'))).id);
  proofIds.push((await keeper.call('POST', '/api/proofs', depositBody([{ name: '试样照片.jpg', bytes: files.sample }], '试样照片'))).id);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});


const score = async (page: Page) => Number(await page.getByTestId('readiness-score').textContent());

describe('the protection file', () => {
  let secretId = 0;
  let link = '';

  it('an enterprise registers a secret, links two proofs and records three measures; readiness rises with each', async () => {
    const { ctx, page } = await signedInPage(browser, server, 'hl_keeper', PASSWORD);
    await page.getByRole('menuitem', { name: '保护档案' }).click();
    await page.getByRole('menuitem', { name: '商业秘密清单' }).click();
    await page.waitForURL((u) => u.pathname === '/protection');
    await page.getByRole('button', { name: '登记秘密事项' }).click();
    const drawer = page.locator('.ant-drawer-content-wrapper').last();
    await drawer.getByTestId('no-secret-warning').waitFor();
    await drawer.getByLabel('编号', { exact: true }).fill('JS-2026-01');
    await drawer.getByLabel('名称', { exact: true }).fill(SECRET);
    await chooseOption(page, drawer, '细项', '工艺');
    await chooseOption(page, drawer, '级别', '核心');
    await drawer.getByLabel('责任部门', { exact: true }).fill('精铸车间');
    await drawer.getByLabel('责任人', { exact: true }).fill('周工');
    await drawer.getByRole('button', { name: '添加载体' }).click();
    await chooseOption(page, drawer, '载体类型', '电子');
    await drawer.getByLabel('载体名称（文件名、样品编号等）', { exact: true }).fill('工艺卡 GY-07');
    await drawer.getByLabel('存放位置', { exact: true }).fill('PLM 系统');
    await shot(page, 'pt-1-register');
    const [created] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/protection/secrets'),
      drawer.getByRole('button', { name: '保存' }).click(),
    ]);
    expect(created.status(), await created.text()).toBe(200);
    secretId = (await created.json()).id;
    await page.waitForURL((u) => u.pathname === `/protection/secrets/${secretId}`);
    await page.getByTestId('readiness-score').waitFor();
    const r0 = await score(page);

    // link the two deposits made earlier
    await page.getByRole('tab', { name: /存证/ }).click();
    await page.getByRole('button', { name: '关联已有存证' }).click();
    let d = await dialog(page);
    await chooseOption(page, d, '选择存证', '叶片图纸');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '试样照片' }).first().click();
    // both chosen before the dialog is sent (the multiple select re-renders between the clicks)
    await expect.poll(async () => page.locator('.ant-select-dropdown:visible .ant-select-item-option-selected').count(), WAIT).toBe(2);
    await d.locator('.ant-modal-title').click();
    const [linkedRes] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/api/protection/secrets/${secretId}/proofs`)),
      d.getByRole('button', { name: /确\s*定|OK/ }).click(),
    ]);
    expect(linkedRes.status(), await linkedRes.text()).toBe(200);
    await expect.poll(async () => page.locator('[role=tabpanel]:visible .ant-table-row').count(), WAIT).toBe(2);

    // three measures, each with its evidence; the catalog names them as the health check does
    const catalog = (await keeper.call('GET', '/api/protection/catalog')).items as { id: string; text: { zh: string } }[];
    const text = (id: string) => catalog.find((c) => c.id === id)!.text.zh;
    const scores = [r0];
    await page.getByRole('tab', { name: /保密措施/ }).click();
    const measures: { id: string; evidence: 'file' | 'proof' }[] = [
      { id: 'carriers.marking', evidence: 'file' },
      { id: 'personnel.nda', evidence: 'proof' },
      { id: ['it.access_levels', 'areas.access', 'carriers.storage'].find((x) => catalog.some((c) => c.id === x))!, evidence: 'proof' },
    ];
    for (const m of measures) {
      await page.getByRole('button', { name: '记录保密措施' }).click();
      d = await dialog(page);
      const want = text(m.id);
      await chooseOption(page, d, '措施（诊断框架）', want.slice(0, 12), want.slice(0, 6));
      if (m.evidence === 'file') {
        await d.getByText('文件（本机计算摘要后存证）').click();
        await d.locator('input[type=file]').setInputFiles({ name: '标识照片.jpg', mimeType: 'application/octet-stream', buffer: files.marking });
        await expect.poll(async () => d.getByText('摘要已算出').count(), WAIT).toBe(1);
      } else {
        await d.getByText('已有存证', { exact: true }).click();
        await chooseOption(page, d, '选择存证', m.id === 'personnel.nda' ? '叶片图纸' : '试样照片');
      }
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/api/protection/secrets/${secretId}/measures`)),
        d.getByRole('button', { name: /确\s*定|OK/ }).click(),
      ]);
      expect(res.status(), await res.text()).toBe(200);
      const before = scores[scores.length - 1]!;
      await expect.poll(async () => score(page), WAIT).toBeGreaterThan(before);
      scores.push(await score(page));
    }
    expect(await page.locator('[role=tabpanel]:visible .ant-table-row').count()).toBe(3);
    await shot(page, 'pt-2-secret');
    await ctx.close();
  });

  it('adds an employee who knows the secret and sends them a notice; they acknowledge it on a phone without an account, once', async () => {
    const { ctx, page } = await signedInPage(browser, server, 'hl_keeper', PASSWORD);
    await page.goto(`${server.url}/protection/people`);
    await page.getByRole('button', { name: '登记人员' }).click();
    const drawer = page.locator('.ant-drawer-content-wrapper').last();
    await drawer.getByLabel('姓名', { exact: true }).fill(EMPLOYEE);
    await drawer.getByLabel('责任部门', { exact: true }).fill('精铸车间');
    await drawer.getByLabel('岗位', { exact: true }).fill('工艺工程师');
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/protection/people' && r.status() === 200),
      drawer.getByRole('button', { name: '保存' }).click(),
    ]);
    await page.waitForURL((u) => /^\/protection\/people\/\d+$/.test(u.pathname));

    await page.goto(`${server.url}/protection/secrets/${secretId}`);
    await page.getByRole('tab', { name: /知悉人员/ }).click();
    await page.getByRole('button', { name: '添加知悉人员' }).click();
    let d = await dialog(page);
    await chooseOption(page, d, '知悉人员', EMPLOYEE);
    await page.keyboard.press('Escape');
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/knowers') && r.status() === 200),
      d.getByRole('button', { name: /确\s*定|OK/ }).click(),
    ]);
    await expect.poll(async () => page.locator('[role=tabpanel]:visible .ant-table-row').filter({ hasText: EMPLOYEE }).count(), WAIT).toBe(1);
    await page.getByRole('button', { name: '发送保密告知书' }).click();
    d = await dialog(page);
    // the person and the secret come filled in from the page
    await expect.poll(async () => d.getByText(EMPLOYEE).count(), WAIT).toBeGreaterThan(0);
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/protection/notices' && r.status() === 200),
      d.getByRole('button', { name: /确\s*定|OK/ }).click(),
    ]);
    const linkEl = page.getByTestId('notice-link');
    await linkEl.waitFor();
    link = (await linkEl.textContent()) ?? '';
    expect(link).toMatch(/\/acknowledge\/[A-Za-z0-9_-]{43}$/);
    await shot(page, 'pt-3-links');
    await ctx.close();

    // the employee's phone: no account, the link only
    const phone = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 390, height: 844 }, isMobile: true });
    const p = await phone.newPage();
    const token = link.slice(link.lastIndexOf('/') + 1);
    await p.goto(`${server.url}/acknowledge/${token}`);
    const text = p.getByTestId('notice-text');
    await text.waitFor();
    expect(await text.textContent()).toContain(SECRET);
    await p.getByLabel('请输入您的姓名以签署确认').fill(EMPLOYEE);
    await p.getByText('我已阅读并知悉上述内容，将履行保密义务').click();
    const [ack] = await Promise.all([
      p.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/acknowledge')),
      p.getByRole('button', { name: '确认' }).click(),
    ]);
    expect(ack.status(), await ack.text()).toBe(200);
    await p.getByTestId('ack-done').waitFor();
    expect(await p.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await shot(p, 'pt-4-acknowledged-phone');
    // the link works once
    await p.goto(`${server.url}/acknowledge/${token}`);
    await p.getByText('链接无效、已使用或已过期，请联系发出告知书的企业').waitFor();
    await phone.close();
  });

  it('generates the employee’s NDA with their name, downloads the litigation pack, and every receipt in it verifies', async () => {
    const { ctx, page } = await signedInPage(browser, server, 'hl_keeper', PASSWORD);
    const people = await keeper.call('GET', `/api/protection/people?q=${encodeURIComponent(EMPLOYEE)}`);
    await page.goto(`${server.url}/protection/people/${people.items[0].id}`);
    const [nda] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /员工保密协议/ }).click()]);
    const docx = await JSZip.loadAsync(fs.readFileSync(await nda.path()));
    const xml = await docx.file('word/document.xml')!.async('string');
    expect(xml).toContain(EMPLOYEE);
    expect(xml).toContain(ENTERPRISE);

    // every deposit involved is in the log before the pack is made (the integrator runs about every second)
    await expect
      .poll(async () => {
        const d = await keeper.call('GET', `/api/protection/secrets/${secretId}`);
        return d.proofs.every((p: { logIndex: number | null }) => p.logIndex !== null) && d.notices.every((n: { status: string }) => n.status === 'acknowledged');
      }, WAIT)
      .toBe(true);
    // and the acknowledgement's deposit too
    await expect.poll(async () => (await keeper.call('GET', `/api/protection/notices?secretId=${secretId}`)).items[0].proofLogIndex, WAIT).not.toBeNull();

    await page.goto(`${server.url}/protection/secrets/${secretId}`);
    await page.getByTestId('readiness-score').waitFor();
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '维权证据包' }).click()]);
    expect(dl.suggestedFilename()).toMatch(/\.zip$/);
    const zip = await JSZip.loadAsync(fs.readFileSync(await dl.path()));
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string'));
    expect(manifest.secret.name).toBe(SECRET);
    expect(manifest.measures).toHaveLength(3);
    expect(manifest.acknowledgements[0]).toMatchObject({ person: EMPLOYEE, typedName: EMPLOYEE });
    const receipts = (manifest.proofs as { receipt: string | null }[]).filter((p) => p.receipt);
    // the two linked, the one deposited for the marking measure, and the acknowledgement
    expect(receipts.length).toBe(4);
    const keyFile = path.join(tmp, 'log-key.txt');
    fs.writeFileSync(keyFile, await zip.file('log-key.txt')!.async('string'));
    for (const p of receipts) {
      const receipt = path.join(tmp, path.basename(p.receipt!));
      fs.writeFileSync(receipt, await zip.file(p.receipt!)!.async('string'));
      const out: string[] = [];
      const err: string[] = [];
      const io: CliIo = { config: undefined as never, out: (l) => out.push(l), err: (l) => err.push(l), open: async () => server.database };
      expect(await verify([receipt, '--key', keyFile], io), err.join('\n')).toBe(0);
      expect(out.join('\n')).toContain('VALID');
    }
    await shot(page, 'pt-5-pack');
    await ctx.close();
  });
});
