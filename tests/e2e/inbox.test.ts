/**
 * The inbox (消息中心) with e-mail: a station's staff applies for acceptance; the 金凤区 officer finds the task in the
 * inbox (the bell counts it), opens the station from the notice and returns the application with a reason; the station's
 * staff sees the decision in the inbox and receives it by e-mail in a real local SMTP server the platform sends to
 * through its outbox. Screenshots: test-results/screenshots/i-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { users } from '../../apps/server/src/db/schema/index.js';
import { startSmtp, type LocalSmtp } from '../../apps/server/test/smtp.js';
import { ApiSession, dialog, launchBrowser, shot, signedInPage, startServer, WAIT, type E2eServer } from './support.js';

const INITIAL = 'Init#Admin2026';
const ADMIN = 'Inbox#Root2026';
const PASSWORD = 'Inbox#Officer2026';
const STATION = '金凤区消息中心测试工作站';
const REASON = '场地照片不清晰，请补充后重新申请';

let server: E2eServer;
let browser: Browser;
let smtp: LocalSmtp;
let stationId = 0;
const session = new ApiSession(() => server);
const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) => session.call(method, url, payload);
const signedIn = (username: string) => signedInPage(browser, server, username, PASSWORD);

beforeAll(async () => {
  smtp = await startSmtp();
  // the outbox sender runs every 200 ms against the local SMTP server
  server = await startServer(INITIAL, { SHANGMI_SMTP_URL: smtp.url, SHANGMI_SMTP_FROM: '商秘通 <noreply@shangmi.test>', SHANGMI_OUTBOX_INTERVAL_MS: '200' });
  browser = await launchBrowser();
  await session.signIn('admin', INITIAL);
  await api('POST', '/api/auth/password', { currentPassword: INITIAL, newPassword: ADMIN });
  await session.signIn('admin', ADMIN);
  const jinfeng = (await api('GET', `/api/orgs?q=${encodeURIComponent('金凤区市场监督管理局')}`)).items[0].id as number;
  await session.createUser('jf_inbox', '金凤区 孙悦', jinfeng, 'district_staff', PASSWORD);
  const station = await api('POST', '/api/sites', { kind: 'station', name: STATION, districtCode: '640106', status: 'building' });
  stationId = station.id;
  await api('POST', `/api/sites/${stationId}/staff`, { username: 'station_inbox', displayName: '工作站 周宁', password: PASSWORD, email: 'station@example.test' });
  await server.database.db.update(users).set({ mustChangePassword: false }).where(eq(users.username, 'station_inbox'));

  // the station's staff applies: every item of the standard scored, with evidence
  const staff = new ApiSession(() => server);
  await staff.signIn('station_inbox', PASSWORD);
  const detail = await staff.call('GET', `/api/sites/${stationId}`);
  const items = [];
  for (const it of detail.standard.items as { code: string; weight: number }[]) {
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/files',
      headers: { cookie: staff.cookie, 'x-csrf-token': staff.csrf, 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(`${it.code}.pdf`) },
      payload: Buffer.from(`%PDF-1.4 ${it.code}`),
    });
    items.push({ code: it.code, score: it.weight, fileIds: [res.json().id] });
  }
  await staff.call('POST', `/api/sites/${stationId}/acceptance`, { statement: '工作站已按标准建成，申请验收。', items });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await smtp?.close();
});

describe('inbox journey', () => {
  it('the district officer opens the task from the inbox and returns the application with a reason', async () => {
    const { ctx, page } = await signedIn('jf_inbox');
    const bell = page.getByRole('link', { name: '1 条未读消息' });
    await expect.poll(async () => bell.count(), WAIT).toBe(1);
    await bell.click();
    await page.waitForURL(/\/inbox$/);
    const notice = page.getByText(`站点验收待区县审核：${STATION}`);
    await expect.poll(async () => notice.count(), WAIT).toBe(1);
    await shot(page, 'i-01-inbox-task');
    await notice.click();
    await page.waitForURL(new RegExp(`/sites/${stationId}$`));
    // opened: read, the bell is quiet
    await expect.poll(async () => page.getByRole('link', { name: '消息中心' }).count(), WAIT).toBe(1);
    await page.getByRole('button', { name: '区县审核' }).click();
    const d = await dialog(page);
    await d.getByText('退回', { exact: true }).click();
    await d.getByLabel('退回原因').fill(REASON);
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && /\/review$/.test(new URL(r.url()).pathname), { timeout: 30_000 }),
      d.getByRole('button', { name: '确定' }).click(),
    ]);
    expect(res.status(), await res.text()).toBe(200);
    await expect.poll(async () => page.getByText(`退回原因：${REASON}`).count(), WAIT).toBeGreaterThan(0);
    await ctx.close();
  });

  it('the station’s staff sees the decision in the inbox and receives it by e-mail', async () => {
    const { ctx, page } = await signedIn('station_inbox');
    await expect.poll(async () => page.getByRole('link', { name: '1 条未读消息' }).count(), WAIT).toBe(1);
    await page.goto(`${server.url}/inbox`);
    const decision = page.getByText(`站点验收申请被退回：${STATION}`);
    await expect.poll(async () => decision.count(), WAIT).toBe(1);
    await expect.poll(async () => page.getByText(REASON, { exact: false }).count(), WAIT).toBeGreaterThan(0);
    await shot(page, 'i-02-inbox-decision');
    // the filters: the decision is a 审核结果; no 待办任务 for the station
    await page.locator('#inboxFilter_event').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '待办任务' }).click();
    await expect.poll(async () => page.getByText('暂无消息').count(), WAIT).toBe(1);
    await ctx.close();

    const mails = await smtp.waitFor(1, 30_000);
    const mail = mails.find((m) => m.to.includes('station@example.test'))!;
    expect(mail.subject).toBe(`【商秘通】站点验收申请被退回：${STATION}`);
    expect(mail.text).toContain(REASON);
    expect(mail.text).toContain(`/sites/${stationId}`);
    // the district officer has no address: no e-mail went to them
    expect(smtp.received.every((m) => m.to.includes('station@example.test'))).toBe(true);
  });
});
