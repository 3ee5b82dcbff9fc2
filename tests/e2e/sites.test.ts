/**
 * The protection network: a 金凤区 officer creates a base in 阅海湾科创港, a station under it and a point under the
 * station; opens the station's staff account; the station's staff applies for acceptance with evidence; the district
 * reviews and scores; the city accredits (plaque number, certificate). The dashboard's progress and the public directory
 * change accordingly. Screenshots: test-results/screenshots/s-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { sites, users } from '../../apps/server/src/db/schema/index.js';
import { ADMIN, ApiSession, dialog, dialogOf, INITIAL, launchBrowser, newContext, shot, signedInPage, startServer, still, WAIT, type E2eServer } from './support.js';

const PASSWORD = 'Network#2026';
const STAFF_PASSWORD = 'Station#Staff2026';
const BASE = '阅海湾商业秘密保护基地';
const STATION = '阅海湾律所商业秘密保护工作站';
const POINT = '阅海湾科创企业服务点';
const THIS_YEAR = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));

let server: E2eServer;
let browser: Browser;
const org: Record<string, number> = {};
let stationId = 0;

const session = new ApiSession(() => server);
const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) => session.call(method, url, payload);
const signIn = (username: string, password: string) => session.signIn(username, password);
const user = (username: string, displayName: string, orgId: number, role: string) => session.createUser(username, displayName, orgId, role, PASSWORD);
const signedIn = (username: string, password = PASSWORD) => signedInPage(browser, server, username, password);

/** Sites already running (accredited in earlier years), so the dashboard, the map and the directory are not empty. */
async function existingNetwork() {
  const parks = (await api('GET', '/api/regions'))[0].parks as { id: number; name: string }[];
  const park = (name: string) => parks.find((p) => p.name === name)!.id;
  const seed: [string, string, string, number | null, number, number, string, string][] = [
    ['base', '银川经开区商业秘密保护基地', '640105', park('银川经济技术开发区'), 106.132, 38.505, '2025-06-18T10:00:00+08:00', 'park_committee'],
    ['base', '苏银产业园商业秘密保护基地', '640181', park('苏银产业园'), 106.42, 38.1, '2025-09-02T10:00:00+08:00', 'park_committee'],
    ['station', '兴庆区老字号商业秘密保护工作站', '640104', null, 106.29, 38.47, '2025-07-01T10:00:00+08:00', 'association'],
    ['station', '西夏区高校商业秘密保护工作站', '640105', null, 106.13, 38.49, '2025-11-20T10:00:00+08:00', 'university'],
    ['point', '贺兰县企业服务点', '640122', null, 106.35, 38.55, '2026-03-15T10:00:00+08:00', 'enterprise'],
    ['point', '永宁县知识产权服务点', '640121', null, 106.25, 38.28, '2026-05-20T10:00:00+08:00', 'ip_service'],
  ];
  let n = 0;
  for (const [kind, name, districtCode, parkId, lng, lat, at, hostKind] of seed) {
    const s = await api('POST', '/api/sites', {
      kind,
      name,
      districtCode,
      parkId,
      lng,
      lat,
      hostKind,
      hostName: name.replace(/商业秘密保护(基地|工作站)|服务点/, ''),
      address: `银川市${name.slice(0, 3)}`,
      contactName: '联络员',
      contactPhone: `0951-60000${++n}0`,
      hours: '工作日 9:00-17:30',
      services: ['consulting', 'checkup', 'training'],
    });
    const y = at.slice(0, 4);
    await server.database.db
      .update(sites)
      .set({ status: 'operating', accreditedAt: new Date(at), plaqueNo: `640100-${kind === 'base' ? 'J' : kind === 'station' ? 'Z' : 'D'}-${y}-9${n}0`, acceptance: 'approved' })
      .where(eq(sites.id, s.id));
  }
  // one still under construction
  await api('POST', '/api/sites', { kind: 'station', name: '灵武市工作站（建设中）', districtCode: '640181', lng: 106.34, lat: 38.1, status: 'building' });
}

beforeAll(async () => {
  server = await startServer(INITIAL);
  browser = await launchBrowser();
  await session.signInAsAdmin();
  const orgId = (name: string) => session.orgId(name);
  org.city = await orgId('银川市市场监督管理局');
  org.jinfeng = await orgId('金凤区市场监督管理局');
  await user('jf_network', '金凤区 王磊', org.jinfeng, 'district_staff');
  await user('city_network', '市局 赵敏', org.city, 'city_staff');
  await existingNetwork();
  // a site's host is an organisation of the registry (issue 24 item 2): the two hosts the journey picks
  for (const name of ['阅海湾科创港管委会', '宁夏阅海律师事务所']) await api('POST', '/api/orgs', { parentId: org.city, name, kind: 'other' });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function closed(page: Page) {
  await expect.poll(async () => page.locator('.ant-modal-wrap:visible, .ant-modal-mask:visible').count(), WAIT).toBe(0);
}

async function submits(page: Page, method: string, path: RegExp, click: () => Promise<void>) {
  const [res] = await Promise.all([page.waitForResponse((r) => r.request().method() === method && path.test(new URL(r.url()).pathname), { timeout: 30_000 }), click()]);
  expect(res.status(), await res.text()).toBe(200);
  return res.json();
}

async function choose(page: Page, label: string, option: string | RegExp, typed?: string) {
  const d = dialogOf(page);
  await d.getByLabel(label, { exact: true }).click();
  if (typed) await page.keyboard.type(typed);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
  // a multiple select stays open
  if (label === '服务内容') await page.keyboard.press('Escape');
  await expect.poll(async () => page.locator('.ant-select-dropdown:visible').count(), WAIT).toBe(0);
}

/** 新建站点 through the form; answers the new site's id (the page moves to it). */
async function createSite(page: Page, kind: '基地' | '站' | '点', name: string, fill: (d: ReturnType<typeof dialogOf>) => Promise<void>) {
  await page.goto(`${server.url}/sites`);
  await page.getByRole('button', { name: '新建站点' }).click();
  const d = await dialog(page);
  await d.locator('.ant-radio-button-wrapper', { hasText: new RegExp(`^${kind}$`) }).click();
  await d.getByLabel('名称', { exact: true }).fill(name);
  await fill(d);
  const saved = await submits(page, 'POST', /^\/api\/sites$/, () => d.getByRole('button', { name: '保存' }).click());
  await page.waitForURL(new RegExp(`/sites/${saved.id}$`));
  await expect.poll(async () => page.getByRole('heading', { name }).count(), WAIT).toBeGreaterThan(0);
  return saved.id as number;
}

const progress = async (year: number) => {
  const dash = await api('GET', '/api/sites/dashboard');
  const y = dash.years.find((x: { year: number }) => x.year === year);
  return Object.fromEntries(y.items.map((i: { kind: string; builtCumulative: number }) => [i.kind, i.builtCumulative]));
};

describe('protection network journey', () => {
  let before2025: Record<string, number>;
  let beforeNow: Record<string, number>;

  it('a 金凤区 officer creates a base in 阅海湾科创港, a station under it and a point under the station', async () => {
    await signIn('admin', ADMIN);
    before2025 = await progress(2025);
    beforeNow = await progress(THIS_YEAR);
    expect(before2025).toEqual({ base: 2, station_point: 2, centre: 0 });

    const { ctx, page } = await signedIn('jf_network');
    const baseId = await createSite(page, '基地', BASE, async (d) => {
      await choose(page, '所属园区', '阅海湾科创港');
      await choose(page, '依托单位类型', '园区管委会');
      await choose(page, '依托单位', '阅海湾科创港管委会', '阅海湾科创港');
      await d.getByLabel('地址').fill('银川市金凤区阅海湾中央商务区万寿路 1 号');
      await d.getByLabel('经度').fill('106.2201');
      await d.getByLabel('纬度').fill('38.5102');
      await d.getByLabel('开放时间').fill('工作日 9:00-17:30');
      await choose(page, '服务内容', '咨询');
      await shot(page, 's-01-new-base');
    });
    expect(baseId).toBeGreaterThan(0);
    await expect.poll(async () => page.getByText('阅海湾科创港', { exact: true }).count(), WAIT).toBeGreaterThan(0);

    stationId = await createSite(page, '站', STATION, async (d) => {
      await choose(page, '上级站点', BASE, '阅海湾');
      await choose(page, '所属园区', '阅海湾科创港');
      await choose(page, '依托单位类型', '律师事务所');
      await choose(page, '依托单位', '宁夏阅海律师事务所', '阅海律师');
      await d.getByLabel('经度').fill('106.2262');
      await d.getByLabel('纬度').fill('38.5031');
      await d.getByLabel('联系人').fill('刘律师');
      await d.getByLabel('联系电话').fill('0951-6000123');
      await d.getByLabel('开放时间').fill('周一至周五 9:00-17:00');
      await choose(page, '服务内容', '维权援助');
      await d.getByText('建设中', { exact: true }).click();
    });
    await expect.poll(async () => page.getByRole('link', { name: BASE }).count(), WAIT).toBeGreaterThan(0);

    await createSite(page, '点', POINT, async (d) => {
      await choose(page, '上级站点', STATION, '律所');
      await d.getByLabel('经度').fill('106.2135');
      await d.getByLabel('纬度').fill('38.5166');
    });
    // the base shows its station, the station its point
    await page.goto(`${server.url}/sites/${baseId}`);
    await expect.poll(async () => page.getByText(`站 · ${STATION}`).count(), WAIT).toBe(1);

    // the station's staff account
    await page.goto(`${server.url}/sites/${stationId}`);
    await expect.poll(async () => page.getByText(`点 · ${POINT}`).count(), WAIT).toBe(1);
    await page.getByRole('button', { name: '开通工作人员账号' }).click();
    const d = await dialog(page);
    await d.getByLabel('用户名').fill('yhw_station');
    await d.getByLabel('姓名').fill('阅海湾工作站 刘洋');
    await d.getByLabel('初始密码').fill(STAFF_PASSWORD);
    await submits(page, 'POST', /\/staff$/, () => d.getByRole('button', { name: '确定' }).click());
    await closed(page);
    await expect.poll(async () => page.locator('.ant-tag', { hasText: '阅海湾工作站 刘洋（yhw_station）' }).count(), WAIT).toBe(1);
    await shot(page, 's-02-station');
    await ctx.close();
    await server.database.db.update(users).set({ mustChangePassword: false }).where(eq(users.username, 'yhw_station'));
  });

  it('the station\'s staff applies for acceptance, scoring every item with evidence', async () => {
    const { ctx, page } = await signedIn('yhw_station', STAFF_PASSWORD);
    await page.goto(`${server.url}/sites/${stationId}`);
    await page.getByRole('button', { name: '申请验收' }).click();
    const d = await dialog(page);
    await d.locator('#siteSubmit_statement').fill('工作站已按建设标准完成场地、人员、制度和服务建设，申请验收。');
    const inputs = d.locator('input[type=file]');
    const n = await inputs.count();
    expect(n).toBe(9);
    for (let i = 0; i < n; i++) {
      await inputs.nth(i).setInputFiles({ name: `佐证材料-${i + 1}.pdf`, mimeType: 'application/pdf', buffer: Buffer.from(`%PDF-1.4 evidence ${i}`) });
    }
    await expect.poll(async () => d.locator('.ant-upload-list-item-done').count(), WAIT).toBe(n);
    await shot(page, 's-03-self-evaluation');
    await submits(page, 'POST', /\/acceptance$/, () => d.getByRole('button', { name: '确定' }).click());
    await closed(page);
    await expect.poll(async () => page.getByText('待区县审核').count(), WAIT).toBeGreaterThan(0);
    await ctx.close();
  });

  it('the district reviews and scores, the city accredits with a plaque number and a certificate', async () => {
    const jf = await signedIn('jf_network');
    await jf.page.goto(`${server.url}/sites/${stationId}`);
    await jf.page.getByRole('button', { name: '区县审核' }).click();
    const d = await dialog(jf.page);
    await d.getByLabel('意见').fill('材料齐全，现场核查符合标准');
    await submits(jf.page, 'POST', /\/review$/, () => d.getByRole('button', { name: '确定' }).click());
    await closed(jf.page);
    await expect.poll(async () => jf.page.getByText('待市局审批').count(), WAIT).toBeGreaterThan(0);
    await jf.ctx.close();

    const city = await signedIn('city_network');
    await city.page.goto(`${server.url}/sites/${stationId}`);
    await city.page.getByRole('button', { name: '市局认定' }).click();
    const c = await dialog(city.page);
    await c.getByLabel('意见').fill('同意认定');
    const accredited = await submits(city.page, 'POST', /\/approve$/, () => c.getByRole('button', { name: '确定' }).click());
    await closed(city.page);
    expect(accredited.plaqueNo).toMatch(new RegExp(`^640100-Z-${THIS_YEAR}-001$`));
    await expect.poll(async () => city.page.getByText(`已认定，牌匾编号 ${accredited.plaqueNo}`).count(), WAIT).toBe(1);
    const timeline = await city.page.locator('.ant-timeline').innerText();
    for (const step of ['市局认定通过', '区县审核通过', '提交验收申请（自评）', '开通工作人员账号', '新建站点']) expect(timeline).toContain(step);
    await shot(city.page, 's-04-accredited');
    await city.page.getByRole('button', { name: '认定证书' }).click();
    await expect.poll(async () => city.page.getByTestId('certificate').innerText(), WAIT).toContain(accredited.plaqueNo);
    await shot(city.page, 's-05-certificate');
    await city.ctx.close();
  });

  it('the dashboard counts the station toward this year, and the map shows the network', async () => {
    await signIn('admin', ADMIN);
    expect(await progress(2025)).toEqual(before2025);
    const now = await progress(THIS_YEAR);
    expect(now.station_point).toBe(beforeNow.station_point + 1);
    expect(now.base).toBe(beforeNow.base);

    const { ctx, page } = await signedIn('city_network');
    await page.goto(`${server.url}/sites/dashboard`);
    const card = page.getByTestId(`progress-${THIS_YEAR}-station_point`);
    await expect.poll(async () => card.innerText(), WAIT).toContain(`${now.station_point}`);
    await expect.poll(async () => page.getByTestId('site-map').locator('canvas').count(), WAIT).toBeGreaterThan(0);
    await still(page);
    await shot(page, 's-06-dashboard');
    await page.getByTestId('site-map').screenshot({ path: 'test-results/screenshots/s-07-map.png' });
    // 2025 on the year selector
    await page.getByLabel('年度').click();
    await page.locator('.ant-select-item-option', { hasText: '2025年' }).click();
    await expect.poll(async () => page.getByTestId('progress-2025-base').innerText(), WAIT).toContain('/ 3');
    await expect.poll(async () => page.locator('.ant-select-dropdown:visible').count(), WAIT).toBe(0);
    await shot(page, 's-08-dashboard-2025');
    // the map follows the year when asked: only the sites counting toward 2025 (the new station was accredited later)
    const mapOf2025 = page.waitForResponse((r) => r.url().includes('/api/sites/map?') && r.url().includes('year=2025'));
    await page.getByRole('switch', { name: '只看计入2025年的' }).click();
    const points2025 = (await (await mapOf2025).json()) as { id: number }[];
    expect(points2025.map((p) => p.id)).not.toContain(stationId);
    await expect.poll(async () => page.getByText('计入2025年目标的站点').count(), WAIT).toBeGreaterThan(0);
    await still(page);
    await shot(page, 's-12-dashboard-map-2025');
    // in English
    await page.getByText('English').first().click();
    await expect.poll(async () => page.getByText('Pipeline by status', { exact: false }).count(), WAIT).toBeGreaterThan(0);
    await still(page);
    await shot(page, 's-13-dashboard-en');
    await page.getByText('中文').first().click();
    // the construction standard the acceptance was made against
    await page.goto(`${server.url}/sites/standards`);
    await page.getByRole('tab', { name: '站', exact: true }).click();
    await expect.poll(async () => page.locator('.ant-tabs-tab-active').innerText(), WAIT).toBe('站');
    await still(page);
    await expect.poll(async () => page.getByText('商业秘密保护工作站建设标准（第1版）').count(), WAIT).toBeGreaterThan(0);
    await shot(page, 's-11-standard');
    await ctx.close();
  });

  it('the public directory, reached from the login page without signing in, lists the accredited station', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByRole('link', { name: '查看保护站点名录' }).click();
    await page.waitForURL(/\/directory$/);
    await expect.poll(async () => page.locator(`[data-site="${STATION}"]`).count(), WAIT).toBe(1);
    // the base and the point are not accepted yet: not public
    expect(await page.locator(`[data-site="${BASE}"]`).count()).toBe(0);
    expect(await page.locator(`[data-site="${POINT}"]`).count()).toBe(0);
    await expect.poll(async () => page.getByTestId('site-map').locator('canvas').count(), WAIT).toBeGreaterThan(0);
    await still(page);
    await shot(page, 's-09-directory');
    await page.getByLabel('搜索').fill('律所');
    await page.getByRole('button', { name: '查询' }).click();
    await expect.poll(async () => page.getByText('共 1 个站点').count(), WAIT).toBe(1);
    const card = await page.locator(`[data-site="${STATION}"]`).innerText();
    for (const text of ['周一至周五 9:00-17:00', '0951-6000123', '维权援助', '宁夏阅海律师事务所']) expect(card).toContain(text);
    await shot(page, 's-10-directory-search');
    await page.getByText('English').first().click();
    await expect.poll(async () => page.getByText('Trade-secret protection bases, stations and points').count(), WAIT).toBeGreaterThan(0);
    await still(page);
    await shot(page, 's-14-directory-en');
    await ctx.close();
  });
});
