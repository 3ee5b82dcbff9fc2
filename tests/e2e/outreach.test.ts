/**
 * Outreach: a 金凤区 officer organises a training in the browser; an enterprise administrator enrols, then on a
 * phone-sized page opens the check-in link the QR code carries and checks in; their record shows the hours and gives
 * the certificate (a Word file). Second journey: the enterprise subscribes to new articles; an editor writes a 以案说法
 * article with a script in it and submits it; the city publishes it; it shows on the portal home and in the Atom feed
 * with no script (asserted on the public page's HTML); the subscriber finds the notice in the 消息中心. Third: the city
 * publishes a new version of a model text; the page shows it, and the old version stays readable with its dates and
 * what changed. Also: the officer gives the training a short quiz; the participant takes it on the phone after checking
 * in (the certificate needs a pass); a visitor subscribes on the portal without an account, confirms by the link the
 * outbox holds, and the published article's message to them is in the outbox. Screenshots: test-results/screenshots/or-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { like } from 'drizzle-orm';
import { buildCreditCode, shanghaiDate } from '@shangmi/shared';
import { outbox } from '../../apps/server/src/db/schema/index.js';
import { ApiSession, launchBrowser, shot, signedInPage, startServer, WAIT, type E2eServer } from './support.js';

const INITIAL = 'Init#Admin2026';
const ADMIN = 'Yinchuan#Root2026';
const PASSWORD = 'Outreach#Flow2026';
const ENT_CODE = buildCreditCode('91', '640106', 'MA5CR0T1');
const TRAINING = '商业秘密保护实务培训（第一期）';
const ARTICLE = '以案说法：前员工带走配方被判赔偿一百万元';

let server: E2eServer;
let browser: Browser;
const session = new ApiSession(() => server);
const api = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: unknown) => session.call(method, url, payload);
const signedIn = (username: string) => signedInPage(browser, server, username, PASSWORD);
let checkinLink = '';
/** The outbox rows (the e2e server has no SMTP: they wait there, as a test mailbox) whose dedupe key starts so. */
const outboxRows = (prefix: string) => server.database.db.select().from(outbox).where(like(outbox.dedupeKey, `${prefix}%`));

beforeAll(async () => {
  server = await startServer(INITIAL);
  browser = await launchBrowser();
  await session.signIn('admin', INITIAL);
  await api('POST', '/api/auth/password', { currentPassword: INITIAL, newPassword: ADMIN });
  await session.signIn('admin', ADMIN);
  const jinfeng = await session.orgId('金凤区市场监督管理局');
  const city = await session.orgId('银川市市场监督管理局');
  await session.createUser('jf_trainer', '金凤区 李培训', jinfeng, 'district_staff', PASSWORD);
  await session.createUser('jf_editor', '金凤区 王编辑', jinfeng, 'district_staff', PASSWORD);
  await session.createUser('city_pub', '市局 张发布', city, 'city_staff', PASSWORD);
  const ent = await api('POST', '/api/enterprises', { creditCode: ENT_CODE, name: '宁夏培训示范科技有限公司', districtCode: '640106' });
  await session.createUser('ent_learner', '示范科技 陈经理', ent.orgId, 'enterprise_admin', PASSWORD);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const ok = (page: Page) => page.locator('.ant-modal').last().getByRole('button', { name: /确\s*定/ });

describe('a training from the plan to the certificate', () => {
  it('the officer organises it', async () => {
    const { ctx, page } = await signedIn('jf_trainer');
    await page.goto(`${server.url}/outreach/trainings`);
    await page.getByRole('button', { name: '组织培训' }).click();
    await page.locator('#trainingForm_title').fill(TRAINING);
    await page.locator('#trainingForm_heldOn').fill(shanghaiDate(new Date()));
    await page.locator('#trainingForm_hours').fill('2.5');
    await page.locator('#trainingForm_capacity').fill('30');
    await page.locator('#trainingForm_place').fill('金凤区市场监管局三楼会议室');
    await shot(page, 'or-1-training-form');
    await ok(page).click();
    await expect.poll(() => page.getByRole('cell', { name: TRAINING }).count(), WAIT).toBe(1);
    await page.getByRole('button', { name: '名单与签到码' }).click();
    const link = page.getByTestId('checkin-link');
    await link.waitFor({ state: 'visible', timeout: WAIT.timeout });
    checkinLink = (await link.innerText()).trim();
    expect(checkinLink).toMatch(/\/checkin\/[\w-]+$/);
    await expect.poll(() => page.getByTestId('checkin-qr').evaluate((el) => {
      const img = el as unknown as { complete: boolean; naturalWidth: number };
      return img.complete && img.naturalWidth > 0;
    }), WAIT).toBe(true);
    await shot(page, 'or-2-roster-qr');
    // a short quiz: the certificate only with a pass (60)
    await page.getByTestId('quiz-text').fill('商业秘密须具备哪些要件？\n- 只要秘密性\n* 秘密性、价值性、保密措施\n\n员工离职时应当？\n* 交还载体并签署保密承诺\n- 无需处理');
    await page.getByLabel('及格才发证书').check();
    await page.getByTestId('quiz-save').click();
    await expect.poll(() => page.getByText('已保存').count(), WAIT).toBeGreaterThan(0);
    await shot(page, 'or-2b-quiz-editor');
    await ctx.close();
  });

  it('the enterprise enrols, checks in on a phone by the link, gets its hours and the certificate', async () => {
    const { ctx, page } = await signedIn('ent_learner');
    await page.goto(`${server.url}/outreach/trainings`);
    const row = page.getByRole('row').filter({ hasText: TRAINING });
    await row.getByRole('button', { name: '报名' }).click();
    await expect.poll(() => row.getByText('已报名').count(), WAIT).toBeGreaterThan(0);

    // the phone: the same account, a phone-sized screen, the address the QR code holds
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}${new URL(checkinLink).pathname}`);
    await expect.poll(() => page.getByText(TRAINING).count(), WAIT).toBeGreaterThan(0);
    await shot(page, 'or-3-checkin-phone');
    const button = page.getByTestId('checkin-button');
    const box = await button.boundingBox();
    expect(box!.width).toBeLessThanOrEqual(390);
    await button.click();
    await expect.poll(() => page.getByText('签到成功，已记 2.5 学时').count(), WAIT).toBeGreaterThan(0);
    await shot(page, 'or-4-checked-in');
    // the quiz, on the same phone: one wrong answer first (50, below the pass mark), then all right
    await page.getByTestId('quiz-link').click();
    await page.getByTestId('quiz-q0').getByText('只要秘密性').click();
    await page.getByTestId('quiz-q1').getByText('交还载体并签署保密承诺').click();
    await page.getByTestId('quiz-submit').click();
    await expect.poll(() => page.getByTestId('quiz-result').innerText(), WAIT).toContain('得分 50');
    await page.getByRole('button', { name: '再试一次' }).click();
    await page.getByTestId('quiz-q0').getByText('秘密性、价值性、保密措施').click();
    await page.getByTestId('quiz-submit').click();
    await expect.poll(() => page.getByTestId('quiz-result').innerText(), WAIT).toContain('得分 100');
    await shot(page, 'or-4b-quiz-phone');
    // the quiz card fits the phone's width (the page scrolls only downwards)
    expect((await page.getByTestId('quiz-result').boundingBox())!.width).toBeLessThanOrEqual(390);
    // and so does the signed-in header above it (it was 570 px wide: the words of its buttons in one row)
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    expect(await page.getByRole('button', { name: '退出登录' }).isVisible()).toBe(true);

    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${server.url}/outreach/mine`);
    await expect.poll(() => page.getByTestId('my-hours').innerText(), WAIT).toBe('2.5');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '培训证明' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    await shot(page, 'or-5-my-training');
    await ctx.close();
  });
});

describe('the dashboard of the year', () => {
  it('the officer sees the year as charts by month and by district', async () => {
    const { ctx, page } = await signedIn('jf_trainer');
    await page.goto(`${server.url}/outreach/counts`);
    const month = page.getByRole('img', { name: /培训场次 · 按月/ });
    await expect.poll(() => month.locator('canvas').count(), WAIT).toBeGreaterThan(0);
    await expect.poll(() => page.getByRole('img', { name: /培训场次 · 按区县/ }).locator('canvas').count(), WAIT).toBeGreaterThan(0);
    await page.getByTestId('counts-metric').getByText('培训学时').click();
    await expect.poll(() => page.getByRole('img', { name: /培训学时 · 按月/ }).count(), WAIT).toBe(1);
    await shot(page, 'or-5b-counts-charts');
    await ctx.close();
  });
});

describe('an article from the editor to the portal and the subscriber', () => {
  it('the enterprise subscribes to new articles', async () => {
    const { ctx, page } = await signedIn('ent_learner');
    await page.goto(`${server.url}/outreach/mine`);
    await page.getByLabel('新发布的资讯与指南').check();
    await page.getByTestId('save-subscriptions').click();
    await expect.poll(() => page.getByText('订阅已保存').count(), WAIT).toBeGreaterThan(0);
    await ctx.close();
  });

  it('a visitor subscribes on the portal (phone, no account) and confirms by the link sent to them', async () => {
    const ctx = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 390, height: 844 } });
    const page = await ctx.newPage();
    await page.goto(`${server.url}/`);
    await page.getByTestId('portal-subscribe').click();
    await page.getByTestId('subscribe-address').fill('reader@example.com');
    await shot(page, 'or-6a-subscribe-phone');
    await page.getByTestId('subscribe-submit').click();
    await expect.poll(() => page.getByTestId('subscribe-sent').count(), WAIT).toBe(1);
    // nothing counts yet; the confirmation message waits in the outbox with its link
    const [confirm] = await outboxRows('outreach-sub-confirm:');
    const link = /https?:\/\/\S+\/subscribe\/confirm\?token=[\w-]+/.exec(confirm!.body)![0];
    await page.goto(`${server.url}${new URL(link).pathname}${new URL(link).search}`);
    await page.getByTestId('subscription-button').click();
    await expect.poll(() => page.getByTestId('subscription-done').innerText(), WAIT).toContain('以案说法');
    await shot(page, 'or-6b-subscription-confirmed');
    await ctx.close();
  });

  it('the editor writes and submits a 以案说法 article; the city publishes it', async () => {
    const editor = await signedIn('jf_editor');
    let page = editor.page;
    await page.goto(`${server.url}/outreach/articles`);
    await page.getByRole('button', { name: '撰写文章' }).click();
    await page.locator('#articleForm_category').click();
    await page.locator('.ant-select-dropdown').getByText('以案说法', { exact: true }).click();
    await page.locator('#articleForm_title').fill(ARTICLE);
    await page.locator('#articleForm_summary').fill('法院认定构成侵犯商业秘密，判令赔偿一百万元。');
    await page.locator('#articleForm_body').fill('<p>案情：<strong>某化工公司</strong>前工艺员离职后带走配方。</p><script>alert("x")</script><p onclick="alert(1)">法院判决赔偿一百万元。</p>');
    await ok(page).click();
    await page.waitForURL(/\/outreach\/articles\/\d+$/, { timeout: WAIT.timeout });
    await expect.poll(() => page.getByTestId('article-state').innerText(), WAIT).toBe('草稿');
    await page.getByTestId('step-submit').click();
    await expect.poll(() => page.getByTestId('article-state').innerText(), WAIT).toBe('待审核');
    const url = page.url();
    await editor.ctx.close();

    const pub = await signedIn('city_pub');
    page = pub.page;
    await page.goto(url);
    await page.getByTestId('step-publish').click();
    await ok(page).click();
    await expect.poll(() => page.getByTestId('article-state').innerText(), WAIT).toBe('已发布');
    await shot(page, 'or-6-article-published');
    await pub.ctx.close();
    // the visitor's message, once, through the outbox: the article's link and a stop link
    const pushed = await outboxRows('outreach-push:article.');
    expect(pushed).toHaveLength(1);
    expect(pushed[0]).toMatchObject({ channel: 'email', subject: `【商秘通·以案说法】${ARTICLE}` });
    expect(pushed[0]!.body).toMatch(/\/portal\/articles\/\d+[\s\S]*\/subscribe\/stop\?token=/);
  });

  it('it shows on the portal home and in the feed, without the script', async () => {
    const ctx = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 390, height: 844 } });
    const page = await ctx.newPage();
    // the portal is the home of a visitor without a session
    await page.goto(`${server.url}/`);
    const cases = page.getByTestId('portal-cases');
    await expect.poll(() => cases.getByText(ARTICLE).count(), WAIT).toBe(1);
    await shot(page, 'or-7-portal-phone');
    await cases.getByText(ARTICLE).click();
    await expect.poll(() => page.getByTestId('article-body').innerText(), WAIT).toContain('法院判决赔偿一百万元');
    expect(await page.getByTestId('article-body').locator('script, [onclick]').count()).toBe(0);
    // the whole public page as the browser holds it: no trace of the injected script or handler
    const html = await page.content();
    expect(html).toContain('法院判决赔偿一百万元');
    expect(html).not.toMatch(/alert\(|onclick/i);
    await shot(page, 'or-8-portal-article');
    const feed = await page.request.get(`${server.url}/api/public/outreach/feed.atom`);
    const xml = await feed.text();
    expect(xml).toContain(ARTICLE);
    expect(xml).not.toMatch(/&lt;script|onclick/);
    await ctx.close();
  });

  it('the subscriber finds the notice in the 消息中心', async () => {
    const { ctx, page } = await signedIn('ent_learner');
    await page.goto(`${server.url}/inbox`);
    await expect.poll(() => page.getByText(`【以案说法】${ARTICLE}`).count(), WAIT).toBe(1);
    await shot(page, 'or-9-inbox');
    await ctx.close();
  });
});

describe('a new version of a model text', () => {
  it('the city publishes a new version of a model text and the old one is still readable', async () => {
    const { ctx, page } = await signedIn('city_pub');
    await page.goto(`${server.url}/model-documents/visitor-notice`);
    await page.getByRole('button', { name: '发布新版本' }).click();
    const drawer = page.locator('.ant-drawer');
    await drawer.locator('#versionForm_version').fill('2.0');
    await drawer.locator('#versionForm_date').fill('2027-01-01');
    await drawer.locator('#versionForm_note').fill('访客须实名登记');
    // the first text block (the greeting paragraph) rewritten
    const clauses = drawer.locator('textarea[id^="versionForm_b_"]').filter({ hasText: /./ });
    const first = clauses.first();
    const text = await first.inputValue();
    await first.fill(['访客须出示有效身份证件实名登记，并全程佩戴访客证。', ...text.split('\n').slice(1)].join('\n'));
    await shot(page, 'or-10-model-text-edit');
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(() => page.getByText('新版本已发布').count(), WAIT).toBeGreaterThan(0);
    const versions = page.getByTestId('model-doc-versions');
    await expect.poll(() => versions.getByText('第 2.0 版').count(), WAIT).toBe(1);
    await expect.poll(() => page.locator('.model-doc-text').innerText(), WAIT).toContain('访客须出示有效身份证件实名登记');
    await expect.poll(() => page.getByTestId('model-doc-diff').innerText(), WAIT).toContain('＋ ');
    await shot(page, 'or-11-model-text-new');
    await ctx.close();

    // a visitor reads the old version by its number, with its dates, and is pointed to the one in force
    const visitor = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const v = await visitor.newPage();
    await v.goto(`${server.url}/model-documents/visitor-notice`);
    await v.getByTestId('model-doc-versions').getByRole('link', { name: '阅读此版本' }).click();
    await v.waitForURL(/version=/);
    await expect.poll(() => v.getByTestId('model-doc-old').innerText(), WAIT).toMatch(/历史版本 1\.0（\d{4}-\d{2}-\d{2} 至 2027-01-01 施行），现行版本为 2\.0/);
    expect(await v.locator('.model-doc-text').innerText()).not.toContain('访客须出示有效身份证件实名登记');
    await shot(v, 'or-12-model-text-old');
    await visitor.close();
  });
});

describe('the expert pool', () => {
  it('a city officer adds an expert, records a use, and sees who used them when', async () => {
    const { ctx, page } = await signedIn('city_pub');
    await page.goto(`${server.url}/outreach/experts`);
    await page.getByRole('button', { name: '专家入库' }).click();
    await page.locator('#expertForm_name').fill('马教授');
    await page.locator('#expertForm_affiliation').fill('宁夏大学法学院 教授');
    await page.locator('#expertForm_fields').fill('商业秘密');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await ok(page).click();
    await expect.poll(() => page.getByRole('cell', { name: '马教授' }).count(), WAIT).toBe(1);
    await page.getByRole('cell', { name: '马教授' }).getByText('马教授').click();
    await page.locator('.ant-drawer').getByRole('button', { name: '登记使用' }).click();
    await page.locator('#expertUseForm_note').fill('为企业培训授课');
    await ok(page).click();
    await expect.poll(() => page.getByTestId('expert-history').innerText(), WAIT).toContain('培训授课 · 银川市市场监督管理局 · 为企业培训授课');
    await shot(page, 'or-13-experts');
    await ctx.close();
  });
});
