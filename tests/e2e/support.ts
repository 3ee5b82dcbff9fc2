import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { buildApp } from '../../apps/server/src/app.js';
import { loadConfig } from '../../apps/server/src/config.js';
import { openDb, type Database } from '../../apps/server/src/db/client.js';
import { users } from '../../apps/server/src/db/schema/index.js';
import { ensureInitialAdmin, seedReferenceData } from '../../apps/server/src/seed.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');
/** The administrator's initial password (startServer sets it) and the one every journey changes it to. */
export const INITIAL = 'Init#Admin2026';
export const ADMIN = 'Yinchuan#Root2026';
export const SHOTS = path.join(ROOT, 'test-results/screenshots');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface E2eServer {
  url: string;
  app: FastifyInstance;
  database: Database;
  close(): Promise<void>;
}

/** The real server on the built web app, on an embedded database in a temp folder, listening on loopback. */
export async function startServer(adminPassword: string, env: Record<string, string> = {}): Promise<E2eServer> {
  const webDir = path.join(ROOT, 'apps/web/dist');
  if (!fs.existsSync(path.join(webDir, 'index.html'))) throw new Error('apps/web/dist is missing: run `npm run build` (npm test does)');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shangmi-e2e-'));
  // the journeys sign in and register many times from 127.0.0.1: the per-address limits are lifted; `env`: more
  // configuration (a journey's local SMTP server); background work off unless it asks for it
  const config = loadConfig({
    SHANGMI_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    SHANGMI_WEB_DIR: webDir,
    SHANGMI_RATE_LOGINS: '100000',
    SHANGMI_RATE_REGISTRATIONS: '100000',
    SHANGMI_OUTBOX_INTERVAL_MS: '0',
    SHANGMI_REMINDER_INTERVAL_MS: '0',
    ...env,
  });
  const database = await openDb({ pgliteDir: path.join(dataDir, 'pglite') });
  await database.migrate();
  await seedReferenceData(database.db);
  await ensureInitialAdmin(database.db, adminPassword);
  const app = await buildApp({ config, database, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    database,
    async close() {
      await app.close();
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}

export async function newContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1440, height: 900 } });
}

export async function shot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  // a full-page capture draws the fixed header and menu where the page is scrolled to: from the top they sit in place
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** How long a journey waits for the page to settle (a loaded 2-core machine is slow). */
export const WAIT = { timeout: 15_000, interval: 200 };

/** A signed-in API caller over inject (no browser): to set the stage and to check what the pages did. */
export class ApiSession {
  cookie = '';
  csrf = '';
  constructor(private readonly server: () => E2eServer) {}

  /** The administrator, past the forced change of the initial password (ADMIN from then on). */
  async signInAsAdmin(): Promise<void> {
    await this.signIn('admin', INITIAL);
    await this.call('POST', '/api/auth/password', { currentPassword: INITIAL, newPassword: ADMIN });
    await this.signIn('admin', ADMIN);
  }

  async signIn(username: string, password: string): Promise<void> {
    const res = await this.server().app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.body}`);
    this.cookie = `shangmi_sid=${res.cookies.find((c) => c.name === 'shangmi_sid')!.value}`;
    this.csrf = res.json().csrfToken;
  }

  /** The answer's JSON; anything but 200 throws with the body. */
  async call(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown) {
    const headers = { cookie: this.cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': this.csrf }) };
    const res = await this.server().app.inject({ method, url, headers, payload: payload as never });
    if (res.statusCode !== 200) throw new Error(`${method} ${url}: ${res.body}`);
    return res.json();
  }

  /** The id of the first organisation found by name (e.g. 金凤区市场监督管理局). */
  async orgId(name: string): Promise<number> {
    return (await this.call('GET', `/api/orgs?q=${encodeURIComponent(name)}`)).items[0].id as number;
  }

  /** A user of `orgId` with the built-in role `role`, ready to work (the forced first change is the admin journey's). */
  async createUser(username: string, displayName: string, orgId: number, role: string, password: string): Promise<number> {
    const roles = (await this.call('GET', '/api/roles')).items as { id: number; code: string }[];
    const u = await this.call('POST', '/api/users', { username, displayName, orgId, roleIds: [roles.find((r) => r.code === role)!.id], password });
    await this.server().database.db.update(users).set({ mustChangePassword: false }).where(eq(users.id, u.id));
    return u.id as number;
  }
}

/** The login page's form filled and sent; what follows (a forced step, a refusal, the home page) is the caller's to wait for. */
export async function submitLogin(page: Page, server: E2eServer, username: string, password: string): Promise<void> {
  await page.goto(`${server.url}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

/** Signs in through the login page and waits until the app has left it. */
export async function login(page: Page, server: E2eServer, username: string, password: string): Promise<void> {
  await submitLogin(page, server, username, password);
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** A new browser context signed in through the login page. */
export async function signedInPage(browser: Browser, server: E2eServer, username: string, password: string): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  await login(page, server, username, password);
  return { ctx, page };
}

/** The forced (or chosen) password change on its page. */
export async function changePassword(page: Page, current: string, next: string): Promise<void> {
  await page.waitForURL(/\/change-password/);
  await page.getByLabel('当前密码').fill(current);
  await page.getByLabel('新密码').fill(next);
  await page.getByLabel('确认密码').fill(next);
  await page.getByRole('button', { name: /保存|确认修改|修改密码/ }).click();
}

export async function logout(page: Page): Promise<void> {
  await page.getByText('退出登录').first().click();
  await page.waitForURL(/\/login/);
}

/** Opens a page from the left menu (its entry's name) and, when given, waits for its address. */
export async function openMenu(page: Page, name: string | RegExp, url?: string | RegExp | ((u: URL) => boolean)): Promise<void> {
  await page.getByRole('menuitem', { name }).click();
  if (url) await page.waitForURL(url);
}

export const dialogOf = (page: Page) => page.locator('.ant-modal').filter({ has: page.locator('.ant-modal-title') }).last();

/** The open modal, once its zoom-in has finished: a click during the animation can miss on a loaded machine. */
export async function dialog(page: Page) {
  const d = dialogOf(page);
  await d.waitFor({ state: 'visible', timeout: WAIT.timeout });
  await expect.poll(async () => d.evaluate((el) => `${el.className} ${el.parentElement?.className ?? ''}`), WAIT).not.toMatch(/zoom|fade/);
  return d;
}

/**
 * Before a screenshot: nothing on the page still moves — no finite CSS animation or transition running (a spinner's
 * endless one aside) and every chart's canvas the same between two looks. In place of a fixed wait, which a loaded
 * machine outlasts (issue 22 item 10).
 */
export async function still(page: Page): Promise<void> {
  let last = '';
  await expect
    .poll(async () => {
      const now = await page.evaluate<string>(`(() => {
        const moving = document.getAnimations().filter((a) => a.playState === 'running' && a.effect?.getTiming().iterations !== Infinity).length;
        const pictures = [...document.querySelectorAll('canvas')].map((c) => { const d = c.toDataURL(); return d.length + ':' + d.slice(-48); }).join('|');
        return moving + '#' + pictures;
      })()`);
      const same = now === last && now.startsWith('0#');
      last = now;
      return same;
    }, WAIT)
    .toBe(true);
}

/** Some element shows exactly this text (a state tag, a saved value). */
export const showsText = (page: Page, text: string) => expect.poll(() => page.getByText(text, { exact: true }).count(), WAIT).toBeGreaterThan(0);

/** The dialog of this title, once visible. */
export async function dialogNamed(page: Page, title: string): Promise<Locator> {
  const d = page.getByRole('dialog', { name: title });
  await d.waitFor({ state: 'visible', timeout: WAIT.timeout });
  return d;
}

/**
 * A workflow step: clicks its button, answers the dialog of the same title (`fill`), confirms, and waits for the
 * server's answer to the POST under `path`.
 */
export async function dialogStep(page: Page, button: string, path: string, fill?: (d: Locator) => Promise<void>): Promise<void> {
  await page.getByRole('button', { name: button, exact: true }).click();
  const d = await dialogNamed(page, button);
  if (fill) await fill(d);
  const answer = page.waitForResponse((r) => r.url().includes(`${path}/`) && r.request().method() === 'POST');
  await d.getByRole('button', { name: /确\s*定|OK/ }).click();
  expect((await answer).status()).toBe(200);
}

/**
 * Picks `option` in the select labelled `label` (typing `typed` first, for a searching select) and checks that the
 * field shows it: on a loaded machine the list can re-render under the click (a filtered list settling, a query
 * arriving) and the click lands on nothing, so the form would refuse to send (the CI failure of stop 29). Tries again
 * up to three times.
 */
export async function chooseOption(page: Page, scope: Locator, label: string, option: string, typed?: string): Promise<void> {
  const item = scope.locator('.ant-form-item').filter({ has: page.getByLabel(label, { exact: true }) });
  for (let attempt = 1; ; attempt++) {
    // open it — on a retry only if its list is not still open from the missed click (Escape would close the dialog)
    if (attempt === 1 || (await page.locator('.ant-select-dropdown:visible').count()) === 0) {
      await scope.getByLabel(label, { exact: true }).click();
      if (typed) await page.keyboard.type(typed);
    }
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first().click();
    try {
      await expect.poll(async () => (await item.textContent()) ?? '', { timeout: 5_000 }).toContain(option);
      return;
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
}
