/**
 * Steering (issue 19 items 5–6). First journey: the 专班 office records a joint meeting with a decision whose task goes
 * to 金凤区 (held ten days ago, due two days ago: overdue at once) → the district finds it in its inbox, sees the overdue
 * flag and reports progress with an attachment → the supervision view lists 金凤区 overdue first → the district submits
 * completion → the office accepts it (done, no flag). Second: a district officer adds a budget line of 10,000 yuan and
 * records two spendings (2,500 and 1,250): the line shows 37.50 % executed, and so does the district's row.
 * Screenshots: test-results/screenshots/tf-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { shanghaiDate } from '@shangmi/shared';
import { ApiSession, dialog, launchBrowser, openMenu, shot, signedInPage, startServer, still, WAIT, type E2eServer } from './support.js';

const INITIAL = 'Init#Admin2026';
const PASSWORD = 'Steer#Flow2026';
const day = (offset: number) => shanghaiDate(new Date(Date.now() + offset * 86_400_000));

let server: E2eServer;
let browser: Browser;
const session = new ApiSession(() => server);
const signedIn = (username: string) => signedInPage(browser, server, username, PASSWORD);
let taskId = 0;
let meetingPath = '';
let linePath = '';

beforeAll(async () => {
  server = await startServer(INITIAL);
  browser = await launchBrowser();
  await session.signInAsAdmin();
  const city = await session.orgId('银川市市场监督管理局');
  const jinfeng = await session.orgId('金凤区市场监督管理局');
  await session.createUser('tf_office', '专班办公室 赵敏', city, 'taskforce_office', PASSWORD);
  await session.createUser('tf_jinfeng', '金凤区 马红', jinfeng, 'district_staff', PASSWORD);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('a meeting’s decision becomes a task for a district, reported on, overdue, accepted', () => {
  it('the office records a joint meeting with a decision and a task to 金凤区', async () => {
    const { ctx, page } = await signedIn('tf_office');
    await openMenu(page, '联席会议', /\/taskforce\/meetings$/);
    await page.getByTestId('tf-record').click();
    await page.locator('#meetingForm_title').fill('全市商业秘密保护创新试点联席会议（第二次）');
    await page.locator('#meetingForm_heldOn').fill(day(-10));
    await page.locator('#meetingForm_agenda').fill('一、通报站点建设进度；二、研究滞后区县整改');
    await page.locator('#meetingForm_decisions_0_text').fill('建设滞后的县（市）区限期完成工作站建设。');
    await page.locator('#meetingForm_decisions_0_tasks_0_title').fill('金凤区完成2个工作站建设');
    await page.locator('#meetingForm_decisions_0_tasks_0_assigneeOrgId').click();
    await page.locator('.ant-select-item-option', { hasText: '金凤区市场监督管理局' }).click();
    await page.locator('#meetingForm_decisions_0_tasks_0_dueOn').fill(day(-2));
    await shot(page, 'tf-1-record-meeting');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.waitForURL(/\/taskforce\/meetings\/\d+$/);
    const link = page.getByRole('link', { name: '金凤区完成2个工作站建设' });
    await link.waitFor({ state: 'visible', timeout: WAIT.timeout });
    await expect.poll(() => page.getByText('逾期').count(), WAIT).toBeGreaterThan(0);
    await still(page);
    await shot(page, 'tf-2-meeting');
    meetingPath = new URL(page.url()).pathname;
    await link.click();
    await page.waitForURL(/\/taskforce\/tasks\/\d+$/);
    taskId = Number(page.url().split('/').pop());
    await ctx.close();
  });

  it('the district finds it in its inbox, sees it overdue and reports progress with an attachment', async () => {
    const { ctx, page } = await signedIn('tf_jinfeng');
    await page.goto(`${server.url}/inbox`);
    await page.getByText('专班交办任务待办理').first().click();
    await page.waitForURL(new RegExp(`/taskforce/tasks/${taskId}$`));
    await expect.poll(() => page.getByTestId('task-state').textContent(), WAIT).toBe('办理中');
    await page.getByTestId('task-overdue').waitFor({ state: 'visible', timeout: WAIT.timeout });
    await page.getByTestId('task-report').click();
    const d = await dialog(page);
    await d.locator('#taskStep_comment').fill('已完成选址，1个站点进入验收。');
    await d.locator('input[type=file]').setInputFiles({ name: '进展材料.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 progress') });
    await d.getByText('进展材料.pdf').waitFor({ state: 'visible', timeout: WAIT.timeout });
    await d.getByRole('button', { name: /确\s*定/ }).click();
    await expect.poll(() => page.getByTestId('task-state').textContent(), WAIT).toBe('已报进展');
    await page.getByRole('link', { name: '进展材料.pdf' }).waitFor({ state: 'visible', timeout: WAIT.timeout });
    await expect.poll(() => page.getByTestId('task-overdue').count(), WAIT).toBe(1);
    await still(page);
    await shot(page, 'tf-3-task-reported-overdue');
    await ctx.close();
  });

  it('the supervision view lists 金凤区 overdue first', async () => {
    const { ctx, page } = await signedIn('tf_office');
    await openMenu(page, '交办督办', /\/taskforce\/tasks$/);
    const row = page.getByTestId('tf-supervision').locator('tr.ant-table-row').first();
    await expect.poll(() => row.textContent(), WAIT).toContain('金凤区市场监督管理局');
    expect(await row.locator('.ant-tag-red').textContent()).toBe('1');
    await still(page);
    await shot(page, 'tf-4-supervision');
    await ctx.close();
  });

  it('the district submits completion and the office accepts it: done, no overdue flag', async () => {
    const district = await signedIn('tf_jinfeng');
    await district.page.goto(`${server.url}/taskforce/tasks/${taskId}`);
    await district.page.getByTestId('task-complete').click();
    const d = await dialog(district.page);
    await d.locator('#taskStep_comment').fill('2个工作站已建成并通过区级验收。');
    await d.getByRole('button', { name: /确\s*定/ }).click();
    await expect.poll(() => district.page.getByTestId('task-state').textContent(), WAIT).toBe('待验收');
    await district.ctx.close();

    const { ctx, page } = await signedIn('tf_office');
    await page.goto(`${server.url}/inbox`);
    await page.getByText('交办任务待验收').first().click();
    await page.waitForURL(new RegExp(`/taskforce/tasks/${taskId}$`));
    await page.getByTestId('task-accept').click();
    const a = await dialog(page);
    await a.getByRole('button', { name: /确\s*定/ }).click();
    await expect.poll(() => page.getByTestId('task-state').textContent(), WAIT).toBe('已办结');
    expect(await page.getByTestId('task-overdue').count()).toBe(0);
    await still(page);
    await shot(page, 'tf-5-task-accepted');
    await ctx.close();
  });
  it('the office corrects the minutes and adds a decision to the meeting, its task to 金凤区', async () => {
    const { ctx, page } = await signedIn('tf_office');
    await page.goto(`${server.url}${meetingPath}`);
    await page.getByTestId('tf-edit-minutes').click();
    const m = await dialog(page);
    await m.locator('#minutesForm_minutes').fill('会议纪要（定稿）：会议议定两项事项。');
    await m.getByRole('button', { name: /确\s*定/ }).click();
    await expect.poll(() => page.getByTestId('tf-minutes').textContent(), WAIT).toBe('会议纪要（定稿）：会议议定两项事项。');
    await page.getByTestId('tf-add-decision').click();
    await page.locator('#decisionForm_text').fill('各县（市）区每月报送站点建设进度。');
    await page.locator('#decisionForm_tasks_0_title').fill('金凤区报送站点建设月报');
    await page.locator('#decisionForm_tasks_0_assigneeOrgId').click();
    await page.locator('.ant-select-item-option', { hasText: '金凤区市场监督管理局' }).click();
    await page.locator('#decisionForm_tasks_0_dueOn').fill(day(20));
    await shot(page, 'tf-2b-add-decision');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByRole('link', { name: '金凤区报送站点建设月报' }).waitFor({ state: 'visible', timeout: WAIT.timeout });
    await expect.poll(() => page.getByText('议定事项 2：各县（市）区每月报送站点建设进度。').count(), WAIT).toBe(1);
    await still(page);
    await shot(page, 'tf-2c-meeting-edited');
    await ctx.close();
  });
});

describe('a budget line with two spendings shows its execution rate', () => {
  it('the district adds a line of 10,000 yuan and records 2,500 and 1,250: 37.50 %', async () => {
    const { ctx, page } = await signedIn('tf_jinfeng');
    await openMenu(page, '资金保障', /\/funding$/);
    await page.getByTestId('fd-add-line').click();
    const d = await dialog(page);
    await d.locator('#lineForm_districtCode').click();
    await page.locator('.ant-select-item-option', { hasText: '金凤区' }).click();
    await d.locator('#lineForm_title').fill('金凤区商业秘密保护服务经费');
    await d.locator('#lineForm_amountYuan').fill('10000');
    await d.getByRole('button', { name: /确\s*定/ }).click();
    const link = page.getByRole('link', { name: '金凤区商业秘密保护服务经费' });
    await link.waitFor({ state: 'visible', timeout: WAIT.timeout });
    await link.click();
    await page.waitForURL(/\/funding\/lines\/\d+$/);
    for (const [amount, what] of [
      ['2500', '工作站运行经费'],
      ['1250', '维权援助服务'],
    ] as const) {
      await page.getByTestId('fd-add-spending').click();
      const s = await dialog(page);
      await s.locator('#spendingForm_amountYuan').fill(amount);
      await s.locator('#spendingForm_description').fill(what);
      await s.getByRole('button', { name: /确\s*定/ }).click();
      await page.getByRole('cell', { name: what }).waitFor({ state: 'visible', timeout: WAIT.timeout });
    }
    await expect.poll(() => page.getByTestId('fd-rate').textContent(), WAIT).toBe('37.50%');
    linePath = new URL(page.url()).pathname;
    await still(page);
    await shot(page, 'tf-6-line-rate');
    await openMenu(page, '资金保障', /\/funding$/);
    const row = page.getByTestId('fd-execution').locator('tbody tr', { hasText: '金凤区' });
    await expect.poll(() => row.textContent(), WAIT).toContain('37.5%');
    await still(page);
    await shot(page, 'tf-7-funding');
    await ctx.close();
  });

  it('the district reverses the 1,250 spending with a reason: a reversal entry, the rate back to 25.00 %', async () => {
    const { ctx, page } = await signedIn('tf_jinfeng');
    await page.goto(`${server.url}${linePath}`);
    const entry = page.locator('tbody tr', { hasText: '维权援助服务' }).first();
    await entry.waitFor({ state: 'visible', timeout: WAIT.timeout });
    await entry.getByRole('button', { name: /冲\s*销/ }).click();
    const d = await dialog(page);
    await d.locator('#reverseForm_reason').fill('重复登记，冲销');
    await d.getByRole('button', { name: /确\s*定/ }).click();
    await expect.poll(() => page.getByTestId('fd-rate').textContent(), WAIT).toBe('25.00%');
    await expect.poll(() => page.locator('[data-testid^="fd-reversal-"]').textContent(), WAIT).toContain('重复登记，冲销');
    await expect.poll(() => page.getByText('已冲销').count(), WAIT).toBe(1);
    await still(page);
    await shot(page, 'tf-8-reversal');
    await ctx.close();
  });
});
