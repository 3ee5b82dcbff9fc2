import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildApp } from '../../apps/server/src/app.js';
import { loadConfig } from '../../apps/server/src/config.js';
import { openDb, type Database } from '../../apps/server/src/db/client.js';
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
export async function startServer(adminPassword: string): Promise<E2eServer> {
  const webDir = path.join(ROOT, 'apps/web/dist');
  if (!fs.existsSync(path.join(webDir, 'index.html'))) throw new Error('apps/web/dist is missing: run `npm run build` (npm test does)');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shangmi-e2e-'));
  const config = loadConfig({ SHANGMI_DATA_DIR: dataDir, LOG_LEVEL: 'silent', SHANGMI_WEB_DIR: webDir });
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
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}
