/**
 * The first hour, per role (issue 22): the city, a district, a site, a partner agency and an enterprise each open every
 * entry of their menu and every tile of their home page; a visitor opens every public service from the public header on
 * a desktop and on a phone. Nothing may answer 4xx/5xx, log a console error, show a blank or error page, scroll
 * sideways or hide an entry out of reach (walk.ts). Screenshots: test-results/screenshots/w-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { caseClocks, users } from '../../apps/server/src/db/schema/index.js';
import { creditCodes } from '../../apps/server/test/fixtures.js';
import { ApiSession, launchBrowser, newContext, shot, signedInPage, startServer, WAIT, type E2eServer } from './support.js';
import { walkMenus, walkPublic, type WalkOptions } from './walk.js';

const INITIAL = 'Init#Admin2026';
const ADMIN = 'Walk#Root2026';
const PASSWORD = 'Walk#Officer2026';
const creditCode = creditCodes('WK22');
/** a walk opens 10–30 pages; on a loaded 2-core machine each takes 5–10 s */
const LONG = 600_000;

let server: E2eServer;
let browser: Browser;
let enterpriseUser = '';
const session = new ApiSession(() => server);
const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) => session.call(method, url, payload);

beforeAll(async () => {
  server = await startServer(INITIAL);
  browser = await launchBrowser();
  await session.signIn('admin', INITIAL);
  await api('POST', '/api/auth/password', { currentPassword: INITIAL, newPassword: ADMIN });
  await session.signIn('admin', ADMIN);
  const org = async (name: string) => session.orgId(name);
  await session.createUser('city_walk', '市局 赵敏', await org('银川市市场监督管理局'), 'city_admin', PASSWORD);
  await session.createUser('jf_walk', '金凤区 陈晨', await org('金凤区市场监督管理局'), 'district_staff', PASSWORD);
  await session.createUser('police_walk', '市公安局 王警官', await org('银川市公安局'), 'partner_staff', PASSWORD);

  // a station of 金凤区 with its staff
  const station = await api('POST', '/api/sites', { kind: 'station', name: '金凤区首访测试工作站', districtCode: '640106', status: 'building' });
  await api('POST', `/api/sites/${station.id}/staff`, { username: 'station_walk', displayName: '工作站 周宁', password: PASSWORD });
  await server.database.db.update(users).set({ mustChangePassword: false }).where(eq(users.username, 'station_walk'));

  // an enterprise of 金凤区, registered by itself and confirmed: its administrator signs in with the credit code
  const registered = await server.app.inject({
    method: 'POST',
    url: '/api/enterprises/register',
    payload: { creditCode: creditCode('640106'), name: '宁夏首访测试科技有限公司', contactName: '李娜', contactPhone: '13700000022', password: PASSWORD },
  });
  expect(registered.statusCode, registered.body).toBe(200);
  enterpriseUser = registered.json().username;
  await api('POST', `/api/enterprises/${registered.json().id}/confirm`);

  // something in the queues: a public complaint for an address in 金凤区, one of its time limits long past
  const filed = await server.app.inject({
    method: 'POST',
    url: '/api/public/cases',
    payload: {
      tracks: ['complaint'],
      title: '前员工带走客户名单',
      description: '某公司前销售经理离职后带走客户名单并联系客户。',
      respondentName: '宁夏某贸易有限公司',
      districtCode: '640106',
      anonymous: true,
    },
  });
  expect(filed.statusCode, filed.body).toBe(200);
  const caseId = filed.json().cases[0].id as number;
  await server.database.db.update(caseClocks).set({ dueOn: '2020-01-02' }).where(eq(caseClocks.caseId, caseId));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Signs in as `username` and walks the menu and the home page; every problem found is named in the failure. */
async function walkAs(username: string, password: string, who: string) {
  const { ctx, page } = await signedInPage(browser, server, username, password);
  try {
    const opts: WalkOptions = { who };
    const { visited, problems } = await walkMenus(page, server.url, opts);
    expect(problems).toEqual([]);
    return visited;
  } finally {
    await ctx.close();
  }
}

describe('every role’s first clicks', () => {
  it('the city opens every menu entry and home tile, down to the last (字典管理) at 1440×900', async () => {
    const visited = await walkAs('city_walk', PASSWORD, 'city');
    expect(visited).toEqual(expect.arrayContaining(['/system/dicts', '/cases/queue', '/sites', '/enterprises', '/assessments/campaigns']));
  }, LONG);

  it('a district officer: every entry, down to 登录日志, and the overdue tile', async () => {
    const visited = await walkAs('jf_walk', PASSWORD, 'district');
    expect(visited).toEqual(expect.arrayContaining(['/system/loginlog', '/cases/queue?overdue=true']));
  }, LONG);

  it('a site’s staff', async () => {
    const visited = await walkAs('station_walk', PASSWORD, 'site');
    expect(visited).toEqual(expect.arrayContaining(['/sites', '/enterprises']));
  }, LONG);

  it('a partner agency (the police): its joint-work menu', async () => {
    const visited = await walkAs('police_walk', PASSWORD, 'partner');
    expect(visited).toEqual(expect.arrayContaining(['/cases/queue', '/cases', '/cases/shares']));
  }, LONG);

  it('an enterprise: its own health checks, proofs and model documents, no staff page', async () => {
    const visited = await walkAs(enterpriseUser, PASSWORD, 'enterprise');
    expect(visited).toEqual(expect.arrayContaining(['/assessments', '/proofs', '/model-documents']));
    expect(visited).not.toContain('/assessments/campaigns');
  }, LONG);

  it('the public complaint form and the registration form check a credit code with one rule and one wording', async () => {
    const ctx = await newContext(browser);
    try {
      const page = await ctx.newPage();
      const good = creditCode('640106');
      // the same code with another check digit (the last character)
      const wrong = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
      const said: Record<string, string[]> = {};
      for (const [path, label] of [
        ['/report', '统一社会信用代码（选填）'],
        ['/register', '统一社会信用代码'],
      ] as const) {
        await page.goto(`${server.url}${path}`);
        const field = page.getByLabel(label, { exact: true });
        await field.waitFor();
        const item = page.locator('.ant-form-item').filter({ has: field });
        said[path] = [];
        // each code's own message (the field keeps showing the previous one until it is checked again: wait for the text)
        for (const [code, message] of [
          [good.slice(0, 17), '长度应为 18 位'],
          [wrong, '校验位不正确'],
        ] as const) {
          await field.fill(code);
          await field.blur();
          const error = item.locator('.ant-form-item-explain-error');
          await expect.poll(async () => ((await error.count()) === 1 ? await error.textContent() : null), WAIT).toBe(message);
          said[path].push((await error.textContent()) ?? '');
        }
        await field.fill(good);
        await expect.poll(async () => item.locator('.ant-form-item-explain-error').count(), WAIT).toBe(0);
        await field.fill(wrong);
        await expect.poll(async () => item.locator('.ant-form-item-explain-error').count(), WAIT).toBe(1);
        await shot(page, `w-credit-code${path.replace('/', '-')}`);
      }
      expect(said['/report']).toEqual(['长度应为 18 位', '校验位不正确']);
      expect(said['/register']).toEqual(said['/report']);
    } finally {
      await ctx.close();
    }
  }, LONG);

  for (const [who, viewport] of [
    ['public', { width: 1440, height: 900 }],
    ['phone', { width: 390, height: 844 }],
  ] as const) {
    it(`the public (${who === 'phone' ? 'a phone' : 'a desktop'}): every service of the public header from the login page`, async () => {
      const ctx =
        who === 'phone'
          ? await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport, isMobile: true, hasTouch: true, deviceScaleFactor: 2 })
          : await newContext(browser);
      try {
        const page = await ctx.newPage();
        const { visited, problems } = await walkPublic(page, server.url, '/login', { who });
        expect(problems).toEqual([]);
        expect(visited).toEqual(expect.arrayContaining(['/report', '/track', '/directory', '/verify', '/model-documents']));
      } finally {
        await ctx.close();
      }
    }, LONG);
  }
});
