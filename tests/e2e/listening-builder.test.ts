/**
 * Listening (issue 17): the survey designer. The city builds a survey in the browser — a section, a single-choice question
 * and a long-text question shown only when the first was answered 已建立 — saves the draft, opens it again, sends it to an
 * enterprise, and the enterprise sees the second question appear only after its condition; then the enterprise's page
 * shows its visit history. Screenshots: ls-7, ls-8, ls-9.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buildCreditCode, shanghaiDate } from '@shangmi/shared';
import { ApiSession, launchBrowser, shot, signedInPage, startServer, WAIT, type E2eServer } from './support.js';

const INITIAL = 'Init#Admin2026';
const PASSWORD = 'Listen#Design2026';

let server: E2eServer;
let browser: Browser;
const session = new ApiSession(() => server);
const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) => session.call(method, url, payload);
const signedIn = (username: string) => signedInPage(browser, server, username, PASSWORD);
const enterprises: { id: number; orgId: number; name: string }[] = [];

beforeAll(async () => {
  server = await startServer(INITIAL);
  browser = await launchBrowser();
  await session.signInAsAdmin();
  await session.createUser('city_listen', '市局 周宁', await session.orgId('银川市市场监督管理局'), 'city_staff', PASSWORD);
  const name = '宁夏问卷设计样本科技有限公司';
  const e = await api('POST', '/api/enterprises', { creditCode: buildCreditCode('91', '640106', '0001LD9E'), name, districtCode: '640106' });
  enterprises.push({ id: e.id, orgId: e.orgId, name });
  await session.createUser('ent_listen_0', '问卷设计 联系人', e.orgId, 'enterprise_admin', PASSWORD);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the city designs a survey in the browser: sections, a choice question, a text question shown by skip logic', () => {
  it('builds it, saves the draft, and the saved definition is what was designed; the question shows only after its condition', async () => {
    const { ctx, page } = await signedIn('city_listen');
    await page.goto(`${server.url}/listening/surveys`);
    await page.getByTestId('survey-new').click();
    await page.waitForURL(/\/listening\/surveys\/new$/);
    await page.locator('#surveyBuilder_title').fill('企业保密制度建设情况调查');
    await page.locator('#surveyBuilder_sections_0_title').fill('基本情况');
    await page.locator('#surveyBuilder_sections_0_questions_0_title').fill('是否建立了商业秘密保护制度？');
    await page.locator('#surveyBuilder_sections_0_questions_0_optionsText').fill('已建立\n尚未建立');
    await page.getByTestId('builder-add-question-0').click();
    const q2 = page.getByTestId('builder-q-0-1');
    await q2.waitFor({ state: 'visible', timeout: WAIT.timeout });
    await page.locator('#surveyBuilder_sections_0_questions_1_kind').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '详答' }).first().click();
    await page.locator('#surveyBuilder_sections_0_questions_1_title').fill('请简述制度的主要内容');
    await page.locator('#surveyBuilder_sections_0_questions_1_showIfQuestion').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'q1' }).first().click();
    await page.locator('#surveyBuilder_sections_0_questions_1_showIfAnyOf').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '已建立' }).first().click();
    await page.keyboard.press('Escape');
    await shot(page, 'ls-7-survey-builder');
    await page.getByTestId('builder-save').click();
    await page.waitForURL(/\/listening\/surveys$/);
    await session.signIn('city_listen', PASSWORD);
    const list = await api('GET', '/api/listening/surveys?status=draft');
    const made = (list.items as { id: number; title: string }[]).find((s) => s.title === '企业保密制度建设情况调查');
    expect(made).toBeTruthy();
    const s = await api('GET', `/api/listening/surveys/${made!.id}`);
    expect(s.status).toBe('draft');
    expect(s.sections).toEqual([
      {
        id: 's1',
        title: '基本情况',
        questions: [
          { id: 'q1', kind: 'single', title: '是否建立了商业秘密保护制度？', required: true, options: [{ value: 'o1', label: '已建立' }, { value: 'o2', label: '尚未建立' }] },
          { id: 'q2', kind: 'textarea', title: '请简述制度的主要内容', required: false, showIf: { question: 'q1', anyOf: ['o1'] } },
        ],
      },
    ]);
    // the draft opens again in the designer with what was saved; sent to one enterprise, the text question appears
    // only once the choice it depends on is made
    await page.getByTestId(`survey-design-${made!.id}`).click();
    await expect.poll(() => page.locator('#surveyBuilder_sections_0_questions_0_optionsText').inputValue(), WAIT).toBe('已建立\n尚未建立');
    await api('POST', `/api/listening/surveys/${made!.id}/distribute`, { enterpriseIds: [enterprises[0]!.id] });
    await ctx.close();
    const ent = await signedIn('ent_listen_0');
    await ent.page.goto(`${server.url}/listening/answer/${made!.id}`);
    await ent.page.getByTestId('q-q1').waitFor({ state: 'visible', timeout: WAIT.timeout });
    expect(await ent.page.getByTestId('q-q2').count()).toBe(0);
    await ent.page.getByTestId('q-q1').getByText('已建立', { exact: true }).click();
    await ent.page.getByTestId('q-q2').waitFor({ state: 'visible', timeout: WAIT.timeout });
    await shot(ent.page, 'ls-8-designed-survey-answer');
    await ent.ctx.close();
  });

  it('the enterprise page lists the visits that included it (visit history on the profile)', async () => {
    await session.signIn('city_listen', PASSWORD);
    await api('POST', '/api/listening/meetings', { kind: 'visit', enterpriseIds: [enterprises[0]!.id], plannedOn: shanghaiDate(new Date()), staff: ['周宁'], purpose: '走访了解保密制度落实情况' });
    const { ctx, page } = await signedIn('city_listen');
    await page.goto(`${server.url}/enterprises/${enterprises[0]!.id}`);
    const card = page.getByTestId('enterprise-visits');
    await expect.poll(() => card.textContent(), WAIT).toContain('走访了解保密制度落实情况');
    expect(await card.textContent()).toContain('共 1 次');
    await shot(page, 'ls-9-enterprise-visit-history');
    await ctx.close();
  });
});
