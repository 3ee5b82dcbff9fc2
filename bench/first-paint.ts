/**
 * `npm run bench -- first-paint [--runs N]`: the first contentful paint of `/` (the login page for a visitor) in headless
 * Chromium, cold cache and warm, beside a static HTML page's served by a bare node:http server in the same run; and what
 * the login page downloads: its JavaScript and all of it, as sent (compressed) and as decoded.
 *
 * The server is the real one (`apps/server/src/main.ts` in a child process, on a fresh PGlite data folder, the built web
 * app of apps/web/dist), so precompressed assets and cache headers are measured as deployed. Run `npm run build` first.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

const ROOT = path.resolve(import.meta.dirname, '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const RUNS = arg('runs', 7);

const STATIC_HTML = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>商秘通</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: sans-serif; margin: 0"><div style="background:#1f5fbf;color:#fff;padding:16px 24px">商秘通 · 商业秘密保护创新试点平台</div>
<h1 style="text-align:center">登录</h1><p style="text-align:center">静态页面（参照）</p></body></html>`;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

async function waitHealthy(url: string, ms = 120_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server at ${url} did not become healthy`);
}

const PAGE_MEASURE = `(async () => {
  const fcp = await new Promise((resolve) => {
    new PerformanceObserver((list) => {
      const e = list.getEntries().find((x) => x.name === 'first-contentful-paint');
      if (e) resolve(e.startTime);
    }).observe({ type: 'paint', buffered: true });
  });
  const res = performance.getEntriesByType('resource');
  const nav = performance.getEntriesByType('navigation')[0];
  const js = res.filter((x) => x.initiatorType === 'script' || x.name.endsWith('.js'));
  const sum = (xs, k) => xs.reduce((a, x) => a + x[k], 0);
  return {
    fcp,
    files: js.map((x) => [x.name.replace(location.origin, ''), x.encodedBodySize, x.decodedBodySize]),
    js: { sent: sum(js, 'encodedBodySize'), decoded: sum(js, 'decodedBodySize'), files: js.length },
    all: { sent: sum(res, 'encodedBodySize') + nav.encodedBodySize, decoded: sum(res, 'decodedBodySize') + nav.decodedBodySize },
  };
})()`;

interface PaintRun { fcp: number; files: [string, number, number][]; js: { sent: number; decoded: number; files: number }; all: { sent: number; decoded: number } }

async function measure(browser: Browser, url: string, warm: boolean): Promise<PaintRun> {
  const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
  const page = await ctx.newPage();
  if (warm) await page.goto(url, { waitUntil: 'networkidle' });
  await page.goto(url, { waitUntil: 'networkidle' });
  // a string, not a function: tsx would wrap a function's inner names in a helper the page does not have
  const r = (await page.evaluate(PAGE_MEASURE)) as PaintRun;
  await ctx.close();
  return r;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kB = (n: number) => `${(n / 1024).toFixed(1)} kB`;

async function main() {
  if (!fs.existsSync(path.join(ROOT, 'apps/web/dist/index.html'))) throw new Error('apps/web/dist is missing: run `npm run build` first');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shangmi-fcp-'));
  const port = await freePort();
  const server = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'apps/server/src/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', SHANGMI_DATA_DIR: dataDir, SHANGMI_ADMIN_PASSWORD: 'Bench#First2026', LOG_LEVEL: 'warn', SHANGMI_LOG_INTERVAL_MS: '0' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const bare = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(STATIC_HTML));
  const barePort = await freePort();
  await new Promise<void>((r) => bare.listen(barePort, '127.0.0.1', r));
  let browser: Browser | null = null;
  try {
    const url = `http://127.0.0.1:${port}`;
    await waitHealthy(url);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    const rows: string[] = [];
    let login: PaintRun | null = null;
    for (const [name, target] of [['/ (the login page)', `${url}/`], ['static HTML (reference)', `http://127.0.0.1:${barePort}/`]] as const) {
      for (const warm of [false, true]) {
        const runs: PaintRun[] = [];
        for (let i = 0; i < RUNS; i++) runs.push(await measure(browser, target, warm));
        login ??= runs[0];
        const f = runs.map((r) => r.fcp);
        rows.push(`| ${name} | ${warm ? 'warm' : 'cold'} | ${median(f).toFixed(0)} ms | ${Math.min(...f).toFixed(0)}–${Math.max(...f).toFixed(0)} ms |`);
      }
    }
    console.log(`\nFirst contentful paint, headless Chromium, ${RUNS} runs each (median, range); load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}\n`);
    console.log('| page | cache | FCP | range |\n| --- | --- | --- | --- |');
    for (const r of rows) console.log(r);
    if (login) {
      if (process.argv.includes('--files')) for (const [f, sent, dec] of login.files.sort((a, b) => b[1] - a[1])) console.log(`  ${f}  ${kB(sent)} (${kB(dec)})`);
      // the same files as gzip (the build's .gz beside each; Chromium itself takes brotli): the budget is 200 kB gzip
      const dist = path.join(ROOT, 'apps/web/dist');
      const gz = login.files.reduce((a, [f]) => {
        const file = path.join(dist, f.split('?')[0]);
        return a + (fs.existsSync(`${file}.gz`) ? fs.statSync(`${file}.gz`).size : fs.existsSync(file) ? fs.statSync(file).size : 0);
      }, 0);
      console.log(`\nThe login page's JavaScript as gzip: ${kB(gz)}`);
      console.log(`The login page downloads: JavaScript ${kB(login.js.sent)} as sent (${kB(login.js.decoded)} decoded, ${login.js.files} files); everything ${kB(login.all.sent)} as sent (${kB(login.all.decoded)} decoded)`);
    }
  } finally {
    await browser?.close();
    bare.close();
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
