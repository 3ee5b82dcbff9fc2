/**
 * Services' edit pages (issue 15): the city edits a provider in 服务机构名录 — a qualification put past its date shows as
 * 已过期 / 暂停分派 and the provider leaves the enterprise's suggestions; renewed, it is back. The district records a
 * payment on a purchased-service contract, is refused one beyond the budget (the message under 金额, nothing recorded),
 * reverses the first with a reason (冲销: a new entry, the original kept) and fills in the 绩效评价 sheet (weights not
 * adding up to 100 refused under the list, then saved with its weighted total). A member of the public whose request
 * was delivered reads 待您确认评价 on /help-status (and "Delivered — awaiting your rating" in English).
 * Screenshots: test-results/screenshots/sve-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildCreditCode, shanghaiDate } from '@shangmi/shared';
import { ADMIN, ApiSession, dialog, launchBrowser, newContext, shot, signedInPage, startServer, still, WAIT, type E2eServer } from './support.js';

const INITIAL = 'Init#Admin2026';
const PASSWORD = 'Service#Edit2026';
const PROVIDER = '宁夏明理律师事务所';
const SITE = '金凤区商业秘密保护服务站';
const YEAR = Number(shanghaiDate(new Date()).slice(0, 4));

let server: E2eServer;
let browser: Browser;
const session = new ApiSession(() => server);
const api = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: unknown) => session.call(method, url, payload);
const signedIn = (username: string) => signedInPage(browser, server, username, PASSWORD);
let providerId = 0;
let providerOrgId = 0;
let contractId = 0;

beforeAll(async () => {
  server = await startServer(INITIAL);
  browser = await launchBrowser();
  await session.signInAsAdmin();
  const city = await session.orgId('银川市市场监督管理局');
  const jinfeng = await session.orgId('金凤区市场监督管理局');
  await session.createUser('sve_city', '市局 张科长', city, 'city_staff', PASSWORD);
  await session.createUser('sve_jf', '金凤区 李娜', jinfeng, 'district_staff', PASSWORD);
  const ent = await api('POST', '/api/enterprises', { creditCode: buildCreditCode('91', '640106', '0001ED7K'), name: '宁夏塞上编辑科技有限公司', districtCode: '640106' });
  await session.createUser('sve_ent', '塞上编辑 马总', ent.orgId, 'enterprise_admin', PASSWORD);
  await session.signIn('sve_city', PASSWORD);
  const p = await api('POST', '/api/services/providers', {
    name: PROVIDER,
    kind: 'law_firm',
    serviceKinds: ['rights_assistance'],
    districts: ['640106'],
    qualifications: [{ kind: '律师事务所执业许可证', number: 'LS-2026-01', validUntil: `${YEAR + 1}-12-31` }],
  });
  providerId = p.id;
  providerOrgId = p.orgId;
  await session.signIn('admin', ADMIN);
  await session.createUser('sve_prov', '明理 刘律师', p.orgId, 'provider_staff', PASSWORD);
  await session.signIn('sve_prov', PASSWORD);
  await api('POST', '/api/services/offerings', { serviceKind: 'rights_assistance', title: '商业秘密维权援助' });
  await session.signIn('sve_jf', PASSWORD);
  const site = await api('POST', '/api/sites', { kind: 'station', name: SITE, districtCode: '640106', services: ['rights_assistance'] });
  await session.signIn('admin', ADMIN);
  await session.createUser('sve_site', '服务站 周律师', site.orgId, 'site_staff', PASSWORD);
  await session.signIn('sve_jf', PASSWORD);
  const c = await api('POST', '/api/services/contracts', {
    number: `JF-${YEAR}-21`,
    title: '金凤区商业秘密维权援助服务（编辑）',
    providerOrgId: p.orgId,
    budgetFen: 10_000_000,
    startOn: `${YEAR}-01-01`,
    endOn: `${YEAR}-12-31`,
    quotas: [{ serviceKind: 'rights_assistance', quota: 10 }],
  });
  contractId = c.id;
  await session.signIn('sve_site', PASSWORD);
  await api('POST', '/api/services/offerings', { serviceKind: 'legal_consulting', title: '法律咨询（公益）' });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const row = (page: Page, text: string) => page.locator('.ant-table-row').filter({ hasText: text });
/** Sets the (only) antd DatePicker inside `scope` to `day`, typed as a person would, and waits until it shows it. */
async function pickDate(scope: ReturnType<Page['locator']>, day: string) {
  const input = scope.locator('.ant-picker input').last();
  await input.click();
  await input.fill(day);
  await input.press('Enter');
  await expect.poll(() => input.inputValue(), WAIT).toBe(day);
}
async function suggestedOrgIds(): Promise<number[]> {
  await session.signIn('sve_ent', PASSWORD);
  return ((await api('GET', '/api/services/suggest?serviceKind=rights_assistance')) as { orgId: number }[]).map((s) => s.orgId);
}

describe('the edit pages', () => {
  it('the city puts a qualification past its date: 已过期, 暂停分派, out of the suggestions; renewed, back', async () => {
    expect(await suggestedOrgIds()).toContain(providerOrgId);
    const { ctx, page } = await signedIn('sve_city');
    await page.goto(`${server.url}/services/providers`);
    await row(page, PROVIDER).waitFor(WAIT);
    await page.getByRole('button', { name: `编辑 ${PROVIDER}` }).click();
    let d = await dialog(page);
    await expect.poll(() => d.getByLabel('证书编号').inputValue(), WAIT).toBe('LS-2026-01');
    await pickDate(d, '2021-06-30');
    let saved = page.waitForResponse((r) => r.url().endsWith(`/api/services/providers/${providerId}`) && r.request().method() === 'PATCH');
    await d.getByRole('button', { name: /确\s*定|OK|保\s*存/ }).click();
    expect((await saved).status()).toBe(200);
    await expect.poll(() => page.getByTestId(`paused-${providerId}`).count(), WAIT).toBe(1);
    await expect.poll(() => row(page, PROVIDER).getByText(/已过期/).count(), WAIT).toBe(1);
    expect(await suggestedOrgIds()).not.toContain(providerOrgId);
    // the form says what an expired qualification does
    await page.getByRole('button', { name: `编辑 ${PROVIDER}` }).click();
    d = await dialog(page);
    await d.getByTestId('qual-expired').waitFor(WAIT);
    await still(page);
    await shot(page, 'sve-provider-expired');
    await pickDate(d, `${YEAR + 2}-12-31`);
    await d.getByLabel('证书编号').fill('LS-2026-02');
    saved = page.waitForResponse((r) => r.url().endsWith(`/api/services/providers/${providerId}`) && r.request().method() === 'PATCH');
    await d.getByRole('button', { name: /确\s*定|OK|保\s*存/ }).click();
    expect((await saved).status()).toBe(200);
    await expect.poll(() => page.getByTestId(`paused-${providerId}`).count(), WAIT).toBe(0);
    await session.signIn('sve_city', PASSWORD);
    expect((await api('GET', `/api/services/providers/${providerId}`)).qualifications).toMatchObject([{ number: 'LS-2026-02', validUntil: `${YEAR + 2}-12-31`, expired: false }]);
    expect(await suggestedOrgIds()).toContain(providerOrgId);
    await ctx.close();
  });

  it('the district records a payment, is refused one beyond the budget, reverses the first and fills in the 绩效评价 sheet', async () => {
    await session.signIn('sve_jf', PASSWORD); // the API checks below read as the district
    const { ctx, page } = await signedIn('sve_jf');
    await page.goto(`${server.url}/services/contracts`);
    await page.getByRole('button', { name: `JF-${YEAR}-21` }).click();
    const drawer = page.locator('.ant-drawer').filter({ hasText: '支付记录' });
    await drawer.getByTestId('contract-paid').waitFor(WAIT);
    const pay = async (yuan: string, note: string) => {
      await drawer.getByRole('button', { name: '登记支付' }).click();
      const d = await dialog(page);
      await d.getByLabel('金额（元）').fill(yuan);
      await d.getByLabel('摘要').fill(note);
      const answer = page.waitForResponse((r) => r.url().endsWith(`/api/services/contracts/${contractId}/payments`) && r.request().method() === 'POST');
      await d.getByRole('button', { name: /确\s*定|OK/ }).click();
      return { d, status: (await answer).status() };
    };
    expect((await pay('60000', '首期款')).status).toBe(200);
    await expect.poll(() => drawer.getByTestId('contract-paid').innerText(), WAIT).toBe('60,000.00 / 100,000.00');
    // beyond the budget: refused under the amount, nothing recorded
    const over = await pay('50000', '二期款');
    expect(over.status).toBe(400);
    await expect.poll(() => over.d.locator('.ant-form-item-explain-error').allInnerTexts(), WAIT).toEqual([expect.stringContaining('超出合同预算（尚可支付 40000.00 元）')]);
    await still(page);
    await shot(page, 'sve-payment-over-budget');
    await over.d.getByRole('button', { name: /取\s*消|Cancel/ }).click();
    expect((await api('GET', `/api/services/contracts/${contractId}`)).payments).toHaveLength(1);
    // 冲销 with its reason: a new entry, the original kept
    const first = (await api('GET', `/api/services/contracts/${contractId}`)).payments[0];
    await drawer.getByRole('button', { name: `冲销 #${first.id}` }).click();
    const r = await dialog(page);
    await r.getByLabel('冲销原因').fill('金额录入错误，应为五万元');
    const reversed = page.waitForResponse((x) => x.url().endsWith(`/payments/${first.id}/reverse`) && x.request().method() === 'POST');
    await r.getByRole('button', { name: /确\s*定|OK/ }).click();
    expect((await reversed).status()).toBe(200);
    await expect.poll(() => drawer.getByTestId('contract-paid').innerText(), WAIT).toBe('0.00 / 100,000.00');
    await expect.poll(() => drawer.getByText(`冲销 #${first.id}`, { exact: true }).count(), WAIT).toBe(1);
    await expect.poll(() => drawer.getByText('已冲销', { exact: true }).count(), WAIT).toBe(1);
    const after = await api('GET', `/api/services/contracts/${contractId}`);
    expect(after.payments).toMatchObject([
      { id: first.id, amountFen: 6_000_000, reversedById: expect.any(Number) },
      { amountFen: -6_000_000, reversesId: first.id, reason: '金额录入错误，应为五万元' },
    ]);
    expect((await pay('50000', '首期款（更正）')).status).toBe(200);
    await expect.poll(() => drawer.getByTestId('contract-paid').innerText(), WAIT).toBe('50,000.00 / 100,000.00');
    await still(page);
    await shot(page, 'sve-payments');

    // the evaluation sheet: weights must add up to 100
    await drawer.getByRole('button', { name: '填写绩效评价' }).click();
    const e = await dialog(page);
    await e.getByLabel('权重 1').fill('50');
    for (const [i, s] of [[1, '90'], [2, '85'], [3, '100']] as const) await e.getByLabel(`得分 ${i}`).fill(s);
    await e.getByLabel('评价结论').fill('完成约定服务，企业满意度高');
    await expect.poll(() => e.getByTestId('weights-sum').innerText(), WAIT).toContain('110');
    let sent = page.waitForResponse((x) => x.url().endsWith(`/api/services/contracts/${contractId}/evaluation`) && x.request().method() === 'PUT');
    await e.getByRole('button', { name: /确\s*定|OK/ }).click();
    expect((await sent).status()).toBe(400);
    await expect.poll(() => e.getByText('各指标权重之和须为 100').count(), WAIT).toBeGreaterThan(0);
    expect((await api('GET', `/api/services/contracts/${contractId}`)).evaluation).toBeNull();
    await e.getByLabel('权重 1').fill('40');
    await expect.poll(() => e.getByTestId('weights-sum').innerText(), WAIT).toContain('100');
    sent = page.waitForResponse((x) => x.url().endsWith(`/api/services/contracts/${contractId}/evaluation`) && x.request().method() === 'PUT');
    await e.getByRole('button', { name: /确\s*定|OK/ }).click();
    expect((await sent).status()).toBe(200);
    // 0.4 × 90 + 0.3 × 85 + 0.3 × 100 = 91.5
    await expect.poll(() => drawer.getByTestId('evaluation-total').innerText(), WAIT).toBe('91.5');
    await still(page);
    await shot(page, 'sve-evaluation');
    await ctx.close();
  });
});

describe('the public status wording', () => {
  it('a member of the public whose request was delivered reads 待您确认评价, in English "awaiting your rating"', async () => {
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/public/services/requests',
      payload: { districtCode: '640106', publicName: '王先生', serviceKind: 'legal_consulting', title: '竞业限制咨询', need: '想了解离职后竞业限制协议的效力（不含任何秘密内容）', contactName: '王先生', contactPhone: '13900002222' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const { id, trackingCode, state } = res.json() as { id: number; trackingCode: string; state: string };
    expect(state).toBe('assigned');
    await session.signIn('sve_site', PASSWORD);
    await api('POST', `/api/services/requests/${id}/accept`, {});
    await api('POST', `/api/services/requests/${id}/deliver`, { deliveredOn: shanghaiDate(new Date()), hours: 1, people: 1, outcome: '电话解答竞业限制问题' });
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${server.url}/help-status?code=${trackingCode}`);
    await expect.poll(() => page.getByTestId('help-status-state').innerText(), WAIT).toBe('待您确认评价');
    await expect.poll(() => page.getByText('待企业确认').count(), WAIT).toBe(0);
    await still(page);
    await shot(page, 'sve-public-status');
    await ctx.close();
    const en = await newContext(browser);
    await en.addInitScript("localStorage.setItem('shangmi.locale', 'en-US')");
    const enPage = await en.newPage();
    await enPage.goto(`${server.url}/help-status?code=${trackingCode}`);
    await expect.poll(() => enPage.getByTestId('help-status-state').innerText(), WAIT).toBe('Delivered — awaiting your rating');
    await en.close();
  });
});
