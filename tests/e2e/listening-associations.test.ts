/**
 * 行业协会 (issue 17 item 5), as the association's own account works: it adds a member with the picker (the region's
 * registry by name or credit code: name, credit code and district only) → publishes a new version of its 自律公约 →
 * sends a survey to its members → a member answers from its inbox → the association reads the answer in the results.
 * Screenshots: test-results/screenshots/la-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buildCreditCode } from '@shangmi/shared';
import { ADMIN, ApiSession, dialog, launchBrowser, shot, signedInPage, startServer, still, WAIT, type E2eServer } from './support.js';

const INITIAL = 'Init#Admin2026';
const PASSWORD = 'Assoc#Flow2026';

let server: E2eServer;
let browser: Browser;
const session = new ApiSession(() => server);
const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) => session.call(method, url, payload);
const signedIn = (username: string) => signedInPage(browser, server, username, PASSWORD);
const enterprises: { id: number; orgId: number; name: string; creditCode: string }[] = [];
let associationId = 0;
let normCode = '';

beforeAll(async () => {
  server = await startServer(INITIAL);
  browser = await launchBrowser();
  await session.signInAsAdmin();
  const jinfeng = await session.orgId('金凤区市场监督管理局');
  await session.createUser('jf_assoc', '金凤区 马红', jinfeng, 'district_staff', PASSWORD);
  for (let i = 0; i < 3; i++) {
    const name = `宁夏协会样本${'甲乙丙'[i]}软件有限公司`;
    const creditCode = buildCreditCode('91', '640106', `${String(i + 1).padStart(4, '0')}AC9E`);
    const e = await api('POST', '/api/enterprises', { creditCode, name, districtCode: '640106' });
    enterprises.push({ id: e.id, orgId: e.orgId, name, creditCode });
    await session.createUser(`ent_assoc_${i}`, `${name.slice(2, 8)} 联系人`, e.orgId, 'enterprise_admin', PASSWORD);
  }
  // the district registers the association; its account is made in it; two members and the convention's first version
  await session.signIn('jf_assoc', PASSWORD);
  associationId = (await api('POST', '/api/listening/associations', { name: '金凤区软件行业协会', kind: 'association', trade: '软件和信息服务', contactName: '刘秘书长' })).id;
  await session.signIn('admin', ADMIN);
  await session.createUser('assoc_staff', '协会 刘秘书长', associationId, 'association_staff', PASSWORD);
  await session.signIn('assoc_staff', PASSWORD);
  await api('POST', `/api/listening/associations/${associationId}/members`, { enterpriseIds: [enterprises[0]!.id] });
  normCode = (await api('POST', `/api/listening/associations/${associationId}/norms`, { kind: 'convention', title: '软件行业商业秘密保护自律公约', body: '第一条 会员企业应建立商业秘密保护制度。', effectiveOn: '2026-01-01' })).code;
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('an association: a member by the picker → a norm version → a member survey → answered from the inbox → results', () => {
  let surveyId = 0;

  it('the association’s account finds an enterprise by its credit code and adds it as a member', async () => {
    const { ctx, page } = await signedIn('assoc_staff');
    await page.goto(`${server.url}/listening/associations/${associationId}`);
    await page.locator('#add-members').waitFor({ state: 'visible', timeout: WAIT.timeout });
    await page.locator('#add-members').click();
    const target = enterprises[1]!;
    await page.keyboard.type(target.creditCode.slice(0, 14));
    // the option shows what an association may see: name, credit code, district
    const option = page.locator('.ant-select-item-option', { hasText: target.name });
    await option.waitFor({ state: 'visible', timeout: WAIT.timeout });
    expect(await option.textContent()).toContain(`${target.creditCode} · 金凤区`);
    await shot(page, 'la-1-member-picker');
    await option.click();
    await page.keyboard.press('Escape');
    const saved = page.waitForResponse((r) => r.url().endsWith(`/api/listening/associations/${associationId}/members`) && r.request().method() === 'POST');
    await page.getByTestId('add-members').click();
    expect((await saved).status()).toBe(200);
    await expect.poll(() => page.locator('.ant-table-row', { hasText: target.name }).count(), WAIT).toBe(1);
    await ctx.close();
  });

  it('publishes a new version of its convention; both versions stay readable', async () => {
    const { ctx, page } = await signedIn('assoc_staff');
    await page.goto(`${server.url}/listening/associations/${associationId}`);
    const row = page.locator('.ant-table-row', { hasText: '软件行业商业秘密保护自律公约' });
    await row.getByRole('button', { name: '发布新版本' }).click();
    const d = await dialog(page);
    await d.locator('#normForm_body').fill('第一条 会员企业应建立商业秘密保护制度，并每年开展一次自查。');
    await d.locator('#normForm_note').fill('增加年度自查');
    await d.getByRole('button', { name: /确\s*定/ }).click();
    await expect.poll(() => row.locator('.ant-tag').textContent(), WAIT).toBe('v2');
    await row.getByRole('button', { name: '历次版本' }).click();
    await expect.poll(() => page.locator('.ant-modal .ant-card').count(), WAIT).toBe(2);
    await shot(page, 'la-2-norm-versions');
    await ctx.close();
    expect((await api('GET', `/api/listening/associations/${associationId}/norms/${normCode}`)).map((v: { version: number }) => v.version)).toEqual([2, 1]);
  });

  it('sends a survey to its members (only they get it)', async () => {
    const { ctx, page } = await signedIn('assoc_staff');
    await page.goto(`${server.url}/listening/surveys`);
    await page.getByTestId('survey-from-template').click();
    const d = await dialog(page);
    await d.locator('#templateForm_title').fill('会员企业保护需求调查');
    await d.getByRole('button', { name: /确\s*定/ }).click();
    await page.waitForURL(/\/listening\/surveys\/\d+$/);
    surveyId = Number(page.url().split('/').pop());
    await page.goto(`${server.url}/listening/surveys`);
    await page.getByTestId(`survey-send-${surveyId}`).click();
    const s = await dialog(page);
    await s.getByTestId('send-to-members').waitFor({ state: 'visible', timeout: WAIT.timeout });
    await s.getByRole('button', { name: /确\s*定/ }).click();
    await expect.poll(async () => (await api('GET', `/api/listening/surveys/${surveyId}`)).targets, WAIT).toBe(2);
    await ctx.close();
  });

  it('a member answers it from its inbox', async () => {
    const { ctx, page } = await signedIn('ent_assoc_1');
    await page.goto(`${server.url}/inbox`);
    await page.getByText('请填写问卷：会员企业保护需求调查').first().click();
    await page.waitForURL(new RegExp(`/listening/answer/${surveyId}$`));
    await page.getByTestId('q-has_system').getByText('部分建立').click();
    await page.getByTestId('q-awareness').getByText('3', { exact: true }).click();
    await page.getByTestId('q-services').getByText('培训辅导').click();
    await page.getByTestId('q-infringed').getByText('否', { exact: true }).click();
    await page.getByTestId('q-suggestion').locator('input').fill('希望协会组织会员间保密管理交流');
    await page.getByTestId('submit-answer').click();
    await page.getByTestId('answer-done').waitFor({ state: 'visible', timeout: WAIT.timeout });
    await ctx.close();
    // the enterprise that is not a member got nothing
    await session.signIn('ent_assoc_2', PASSWORD);
    expect((await api('GET', '/api/listening/my/surveys')).map((x: { id: number }) => x.id)).not.toContain(surveyId);
    await session.signIn('assoc_staff', PASSWORD);
  });

  it('the association reads the answer in the results', async () => {
    const { ctx, page } = await signedIn('assoc_staff');
    await page.goto(`${server.url}/listening/surveys/${surveyId}`);
    await expect.poll(() => page.getByTestId('survey-responses').textContent(), WAIT).toBe('答卷数：1');
    const answer = page.getByTestId('text-answer').filter({ hasText: '希望协会组织会员间保密管理交流' });
    await expect.poll(() => answer.count(), WAIT).toBe(1);
    expect(await answer.textContent()).toContain(enterprises[1]!.name);
    await still(page);
    await shot(page, 'la-3-results');
    await ctx.close();
  });
});
