/**
 * The cultivation list's year: a 金凤区 officer puts an enterprise on the list, plans its coaching and asks for each
 * stage with evidence; another officer of the district reviews (the requester may not), the city approves — once returning a request with a reason — until the
 * enterprise is accepted as a model enterprise. The board, the detail with its history, the list, the charts and the
 * enterprise page are photographed into test-results/screenshots (c-*.png).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildCreditCode } from '@shangmi/shared';
import { ADMIN, ApiSession, dialog, INITIAL, launchBrowser, shot, signedInPage, startServer, WAIT, type E2eServer, still } from './support.js';

const PASSWORD = 'Cultivate#2026';
const ENTERPRISE = '宁夏塞上智造科技有限公司';

let server: E2eServer;
let browser: Browser;

const session = new ApiSession(() => server);
const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) => session.call(method, url, payload);
const signIn = (username: string, password: string) => session.signIn(username, password);
const user = (username: string, displayName: string, orgId: number, role: string) => session.createUser(username, displayName, orgId, role, PASSWORD);
const signedIn = (username: string) => signedInPage(browser, server, username, username === 'admin' ? ADMIN : PASSWORD);
const org: Record<string, number> = {};

let serial = 0;
function creditCode(division: string): string {
  return buildCreditCode('91', division, `${String(++serial).padStart(4, '0')}E2C0`);
}

beforeAll(async () => {
  server = await startServer(INITIAL);
  browser = await launchBrowser();
  await session.signInAsAdmin();
  const orgId = (name: string) => session.orgId(name);
  org.city = await orgId('银川市市场监督管理局');
  org.jinfeng = await orgId('金凤区市场监督管理局');
  org.xingqing = await orgId('兴庆区市场监督管理局');
  org.site = (await api('POST', '/api/orgs', { parentId: org.jinfeng, name: '阅海湾商业秘密保护工作站', kind: 'site' })).id;
  await user('jf_cultivate', '金凤区 张敏', org.jinfeng, 'district_staff');
  await user('jf_review', '金凤区 刘洋', org.jinfeng, 'district_staff');
  await user('xq_cultivate', '兴庆区 马骏', org.xingqing, 'district_staff');
  await user('city_approve', '市局 李航', org.city, 'city_staff');

  // the enterprise of the journey, and a list already under way so the board has something in every column
  await api('POST', '/api/enterprises', {
    creditCode: creditCode('640106'),
    name: ENTERPRISE,
    industryCode: '39',
    kinds: ['technology_intensive', 'specialised'],
    siteOrgId: org.site,
  });
  const others: [string, string, string, string[]][] = [
    ['宁夏枸杞生物科技有限公司', '640106', '14', ['innovative']],
    ['银川老字号食品有限公司', '640104', '14', ['time_honoured']],
    ['宁夏新材料研究院有限公司', '640106', '30', ['high_tech']],
    ['银川数智软件有限公司', '640104', '65', ['knowledge_intensive']],
    ['宁夏葡萄酒酿造有限公司', '640106', '15', ['time_honoured', 'innovative']],
  ];
  const year = new Date().getFullYear();
  const entries: number[] = [];
  for (const [name, division, industryCode, kinds] of others) {
    const e = await api('POST', '/api/enterprises', { creditCode: creditCode(division), name, industryCode, kinds });
    entries.push((await api('POST', '/api/cultivation', { enterpriseId: e.id, year, batch: 1, mentorName: '王老师' })).id);
  }
  // admin asks, a district officer reviews, the city officer approves: two of them move on
  const file = await server.app.inject({
    method: 'POST',
    url: '/api/files',
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent('材料.pdf') },
    payload: Buffer.from('%PDF-1.4 seed'),
  });
  const fileId = file.json().id as number;
  for (const id of [entries[2], entries[4], entries[3]]) {
    await api('POST', `/api/cultivation/${id}/request`, { toStage: 'cultivating', comment: '申请进入培育', fileIds: [fileId] });
  }
  await api('POST', `/api/cultivation/${entries[1]}/plan`, { title: '保密制度建设', dueDate: `${year}-12-31` });
  await signIn('jf_review', PASSWORD);
  for (const id of [entries[2], entries[4]]) await api('POST', `/api/cultivation/${id}/review`, { decision: 'pass' });
  await signIn('city_approve', PASSWORD);
  await api('POST', `/api/cultivation/${entries[4]}/approve`, { decision: 'pass', comment: '同意' });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Clicks and waits for the API call it makes, which must succeed. */
async function submits(page: Page, path: RegExp, click: () => Promise<void>) {
  const [res] = await Promise.all([page.waitForResponse((r) => r.request().method() !== 'GET' && path.test(new URL(r.url()).pathname), { timeout: 30_000 }), click()]);
  expect(res.status(), await res.text()).toBe(200);
}

async function openEntry(page: Page, id: number) {
  await page.goto(`${server.url}/cultivation/${id}`);
  await expect.poll(async () => page.getByRole('heading', { name: ENTERPRISE }).count(), WAIT).toBeGreaterThan(0);
}

/** 提交阶段申请 with a statement and an evidence file. */
async function request(page: Page, stage: string, comment: string, file: string) {
  await page.getByRole('button', { name: '提交阶段申请' }).click();
  const d = await dialog(page);
  await expect.poll(async () => d.getByText(`进入“${stage}”阶段`).count(), WAIT).toBeGreaterThan(0);
  await d.getByLabel('申请说明').fill(comment);
  await d.locator('input[type=file]').setInputFiles({ name: file, mimeType: 'application/pdf', buffer: Buffer.from(`%PDF-1.4 ${file}`) });
  await expect.poll(async () => d.locator('.ant-upload-list-item-done').count(), WAIT).toBe(1);
  await submits(page, /\/request$/, () => d.getByRole('button', { name: '确定' }).click());
  await expect.poll(async () => page.locator('.ant-modal-wrap:visible, .ant-modal-mask:visible').count(), WAIT).toBe(0);
  await expect.poll(async () => page.getByText('待区县审核').count(), WAIT).toBeGreaterThan(0);
}

/** 区县审核 or 市局审批: pass, or return with a reason. */
async function decide(page: Page, action: '区县审核' | '市局审批', reason?: string) {
  await page.getByRole('button', { name: action }).click();
  const d = await dialog(page);
  await expect.poll(async () => d.getByText('审核结果').count(), WAIT).toBeGreaterThan(0);
  if (reason) {
    await d.getByText('退回', { exact: true }).click();
    await d.getByLabel('退回原因').fill(reason);
  }
  await submits(page, action === '区县审核' ? /\/review$/ : /\/approve$/, () => d.getByRole('button', { name: '确定' }).click());
  try {
    await expect.poll(async () => page.locator('.ant-modal-wrap:visible, .ant-modal-mask:visible').count(), WAIT).toBe(0);
  } catch (e) {
    await shot(page, 'c-debug-decide');
    throw e;
  }
}

describe('cultivation journey', () => {
  let entryId = 0;

  it('a 金凤区 officer lists the enterprise, plans its coaching and asks for the cultivating stage', async () => {
    const { ctx, page } = await signedIn('jf_cultivate');
    await page.goto(`${server.url}/cultivation`);
    await expect.poll(async () => page.getByRole('cell', { name: /宁夏枸杞生物科技有限公司/ }).count(), WAIT).toBeGreaterThan(0);
    // another district's entries are not here
    expect(await page.locator('.ant-table-tbody').innerText()).not.toContain('银川老字号食品有限公司');
    await page.getByRole('button', { name: '列入培育清单' }).click();
    const d = await dialog(page);
    await d.getByLabel('企业').click();
    await page.keyboard.type('塞上智造');
    await page.locator('.ant-select-item-option', { hasText: ENTERPRISE }).first().click();
    await expect.poll(async () => page.locator('.ant-select-dropdown:visible').count(), WAIT).toBe(0);
    await d.getByLabel('辅导老师', { exact: true }).fill('周立');
    await d.getByLabel('辅导老师电话').fill('13995000001');
    await d.getByLabel('备注').fill('专精特新企业，重点培育');
    await shot(page, 'c-01-add-to-list');
    await d.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(/\/cultivation\/\d+$/);
    entryId = Number(new URL(page.url()).pathname.split('/').pop());
    await expect.poll(async () => page.getByRole('heading', { name: ENTERPRISE }).count(), WAIT).toBeGreaterThan(0);
    // the enterprise's own serving site came along
    await expect.poll(async () => page.getByText('阅海湾商业秘密保护工作站').count(), WAIT).toBeGreaterThan(0);

    const next = new Date().getFullYear() + 1;
    for (const [title, due] of [
      ['建立商业秘密管理制度', `${next}-03-31`],
      ['核心技术秘密识别与分级', `${next}-06-30`],
      ['涉密人员保密培训', `${next}-09-30`],
    ]) {
      await page.getByRole('button', { name: '新增辅导事项' }).click();
      const m = await dialog(page);
      await m.getByLabel('辅导事项').fill(title);
      await m.getByLabel('完成期限').fill(due);
      await m.getByLabel('完成期限').press('Enter');
      await m.getByRole('button', { name: '保存' }).click();
      await expect.poll(async () => page.getByRole('cell', { name: title }).count(), WAIT).toBeGreaterThan(0);
    }
    await page.getByRole('row', { name: /建立商业秘密管理制度/ }).getByRole('button', { name: '完成' }).click();
    const done = await dialog(page);
    await done.getByLabel('完成情况').fill('已印发《商业秘密保护管理办法》');
    await done.getByRole('button', { name: '保存' }).click();
    await expect.poll(async () => page.getByText('已完成').count(), WAIT).toBeGreaterThan(0);

    await request(page, '培育', '企业已建立保密管理制度，申请进入培育阶段。', '培育申请表.pdf');
    await shot(page, 'c-02-requested');
    await ctx.close();
  });

  it('the district returns it for a missing document; the officer resubmits; the district passes it', async () => {
    const reviewer = await signedIn('jf_review');
    await openEntry(reviewer.page, entryId);
    await decide(reviewer.page, '区县审核', '缺少企业保密承诺书，请补充后重新提交');
    await expect.poll(async () => reviewer.page.getByText('退回原因：缺少企业保密承诺书，请补充后重新提交').count(), WAIT).toBeGreaterThan(0);
    await shot(reviewer.page, 'c-03-returned');
    const officer = await signedIn('jf_cultivate');
    await openEntry(officer.page, entryId);
    await request(officer.page, '培育', '已补充企业保密承诺书。', '保密承诺书.pdf');
    // the requester has no review button of their own
    await expect.poll(async () => officer.page.getByRole('button', { name: '区县审核' }).count(), WAIT).toBe(0);
    await openEntry(reviewer.page, entryId);
    await decide(reviewer.page, '区县审核');
    await expect.poll(async () => reviewer.page.getByText('待市局审批').count(), WAIT).toBeGreaterThan(0);
    await officer.ctx.close();
    await reviewer.ctx.close();
  });

  it('the 兴庆区 officer cannot open it', async () => {
    const { ctx, page } = await signedIn('xq_cultivate');
    await page.goto(`${server.url}/cultivation/${entryId}`);
    await expect.poll(async () => page.getByText('培育记录不存在或不在您的数据范围内').count(), WAIT).toBeGreaterThan(0);
    await ctx.close();
  });

  it('the city approves; then created and accepted go the same way', async () => {
    const city = await signedIn('city_approve');
    await openEntry(city.page, entryId);
    await shot(city.page, 'c-04-city-approval');
    await decide(city.page, '市局审批');
    await expect.poll(async () => city.page.locator('.ant-steps-item-process').getByText('培育').count(), WAIT).toBe(1);

    const district = await signedIn('jf_cultivate');
    const reviewer = await signedIn('jf_review');
    for (const [stage, file] of [
      ['创建', '创建工作总结.pdf'],
      ['认定（示范）', '示范企业申报书.pdf'],
    ]) {
      await openEntry(district.page, entryId);
      await request(district.page, stage, `申请进入${stage}阶段，材料齐全。`, file);
      await openEntry(reviewer.page, entryId);
      await decide(reviewer.page, '区县审核');
      await openEntry(city.page, entryId);
      await decide(city.page, '市局审批');
      await expect.poll(async () => city.page.getByText('待市局审批').count(), WAIT).toBe(0);
    }
    await openEntry(city.page, entryId);
    await expect.poll(async () => city.page.getByText('该企业已认定为示范企业。').count(), WAIT).toBe(1);
    const history = await city.page.locator('.ant-timeline').innerText();
    for (const text of ['列入培育清单', '区县审核退回', '退回原因：缺少企业保密承诺书', '市局审批通过', '创建 → 认定（示范）', '市局 李航 · 银川市市场监督管理局']) {
      expect(history).toContain(text);
    }
    await shot(city.page, 'c-05-detail-accepted');
    await district.ctx.close();
    await reviewer.ctx.close();

    await city.page.goto(`${server.url}/cultivation/board`);
    const column = (name: string) => city.page.getByRole('region', { name, exact: true });
    await expect.poll(async () => column('认定（示范）').getByText(ENTERPRISE).count(), WAIT).toBe(1);
    await expect.poll(async () => column('培育').getByText('宁夏葡萄酒酿造有限公司').count(), WAIT).toBe(1);
    // reviewed by the district, waiting for the city: still a candidate
    await expect.poll(async () => column('意向').getByText('宁夏新材料研究院有限公司').count(), WAIT).toBe(1);
    await shot(city.page, 'c-06-board');

    await city.page.goto(`${server.url}/cultivation`);
    await expect.poll(async () => city.page.getByRole('cell', { name: new RegExp(ENTERPRISE) }).count(), WAIT).toBeGreaterThan(0);
    await shot(city.page, 'c-07-list');
    await city.page.goto(`${server.url}/cultivation/stats`);
    await expect.poll(async () => city.page.locator('canvas').count(), WAIT).toBeGreaterThanOrEqual(4);
    await still(city.page);
    await shot(city.page, 'c-08-stats');

    const enterprise = (await api('GET', `/api/cultivation/${entryId}`)).enterpriseId as number;
    await city.page.goto(`${server.url}/enterprises/${enterprise}`);
    await expect.poll(async () => city.page.getByText('试点培育').count(), WAIT).toBeGreaterThan(0);
    await expect.poll(async () => city.page.getByText('查看培育详情').count(), WAIT).toBeGreaterThan(0);
    await shot(city.page, 'c-09-enterprise-timeline');

    // English
    await city.page.getByText('English').first().click();
    await openEntry(city.page, entryId);
    await expect.poll(async () => city.page.getByText('Approved by the city').count(), WAIT).toBeGreaterThan(0);
    await shot(city.page, 'c-10-detail-en');
    await city.page.getByText('中文').first().click();
    await city.ctx.close();
  });
});
