import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildApp } from '../../apps/server/src/app.js';
import { loadConfig } from '../../apps/server/src/config.js';
import { openDb, type Database } from '../../apps/server/src/db/client.js';
import { users } from '../../apps/server/src/db/schema/index.js';
import { ensureInitialAdmin, seedReferenceData } from '../../apps/server/src/seed.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');
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
  // `env`: more configuration (a journey's local SMTP server); background work off unless it asks for it
  const config = loadConfig({ SHANGMI_DATA_DIR: dataDir, LOG_LEVEL: 'silent', SHANGMI_WEB_DIR: webDir, SHANGMI_OUTBOX_INTERVAL_MS: '0', SHANGMI_REMINDER_INTERVAL_MS: '0', ...env });
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

  /** A user of `orgId` with the built-in role `role`, ready to work (the forced first change is the admin journey's). */
  async createUser(username: string, displayName: string, orgId: number, role: string, password: string): Promise<number> {
    const roles = (await this.call('GET', '/api/roles')).items as { id: number; code: string }[];
    const u = await this.call('POST', '/api/users', { username, displayName, orgId, roleIds: [roles.find((r) => r.code === role)!.id], password });
    await this.server().database.db.update(users).set({ mustChangePassword: false }).where(eq(users.id, u.id));
    return u.id as number;
  }
}

/** A new browser context signed in through the login page. */
export async function signedInPage(browser: Browser, server: E2eServer, username: string, password: string): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  await page.goto(`${server.url}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return { ctx, page };
}

export const dialogOf = (page: Page) => page.locator('.ant-modal').filter({ has: page.locator('.ant-modal-title') }).last();

/** The open modal, once its zoom-in has finished: a click during the animation can miss on a loaded machine. */
export async function dialog(page: Page) {
  const d = dialogOf(page);
  await d.waitFor({ state: 'visible', timeout: WAIT.timeout });
  await expect.poll(async () => d.evaluate((el) => `${el.className} ${el.parentElement?.className ?? ''}`), WAIT).not.toMatch(/zoom|fade/);
  return d;
}
