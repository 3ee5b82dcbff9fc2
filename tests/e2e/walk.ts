/**
 * The per-role walk (issue 22): open every entry of the left menu and every tile of the home page as one user — or every
 * service of the public header as a visitor, on a desktop and on a phone — and report what a first-time user would take
 * for a broken platform: an answer 4xx/5xx, a console error or uncaught exception, a blank page, a 403/404/error page, a
 * page wider than the screen, an entry that cannot be clicked (covered, out of reach).
 *
 * The walk reads the menu and the tiles from the page itself, so a new module's menu entries are walked without any
 * change here. It returns the problems found (an empty list when all is well) so one run names all of them; each page
 * is captured as test-results/screenshots/w-<who>-<nn>-<page>.png.
 */
import type { Page, Request, Response } from 'playwright-core';
import { expect } from 'vitest';
import { shot, WAIT } from './support.js';

/** What happened while one page was opened. */
interface Watch {
  /** requests sent and not yet answered (a set, not a count: one sent before the watch began may end during it) */
  pending: Set<Request>;
  problems: string[];
}

export interface WalkOptions {
  /** the screenshots' prefix (w-<who>-…) */
  who: string;
  /** answers expected to be refused (e.g. the session probe of a signed-out visitor); `METHOD /path` regexps */
  allowStatus?: RegExp[];
  /** console messages expected (none by default) */
  allowConsole?: RegExp[];
}

export interface WalkResult {
  /** the addresses opened, in order */
  visited: string[];
  problems: string[];
}

/** Listens to the page: answers ≥ 400 of our server, console errors and uncaught exceptions, requests in flight. */
function watch(page: Page, origin: string, opts: WalkOptions): Watch {
  const w: Watch = { pending: new Set(), problems: [] };
  page.on('request', (r) => w.pending.add(r));
  page.on('requestfinished', (r) => w.pending.delete(r));
  page.on('requestfailed', (r) => {
    w.pending.delete(r);
    // a request the page gave up itself (a query cancelled when the user moved on) is no failure
    if (!/ERR_ABORTED|cancelled/i.test(r.failure()?.errorText ?? '')) w.problems.push(`request failed: ${r.method()} ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('response', (res: Response) => {
    const url = new URL(res.url());
    if (url.origin !== origin || res.status() < 400) return;
    const line = `${res.request().method()} ${url.pathname}${url.search}`;
    if (!(opts.allowStatus ?? []).some((re) => re.test(line))) w.problems.push(`${res.status()} ${line}`);
  });
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const text = m.text();
    // the browser's own line for an answer ≥ 400 is already counted (or allowed) above
    if (/^Failed to load resource: the server responded with a status of/.test(text)) return;
    if (!(opts.allowConsole ?? []).some((re) => re.test(text))) w.problems.push(`console error: ${text.slice(0, 300)}`);
  });
  page.on('pageerror', (e) => w.problems.push(`uncaught: ${e.message.slice(0, 300)}`));
  return w;
}

/** The page's state for the checks, read in the page. */
interface Looks {
  busy: boolean;
  text: number;
  result: string | null;
  overflow: number;
  boundary: boolean;
  /** form fields, images, charts: a page of one search box is not blank */
  things: number;
}

const LOOKS = `(() => {
  const main = document.querySelector('.app-content, .public-body, main') ?? document.body;
  const busy = [...document.querySelectorAll('.ant-spin-spinning, .ant-skeleton-active, [aria-busy="true"]')].some((e) => e.getClientRects().length > 0)
    || [...document.querySelectorAll('.ant-spin-container, .ant-table')].some((e) => getComputedStyle(e).opacity !== '1');
  const result = main.querySelector('.ant-result-403, .ant-result-404, .ant-result-500, .ant-result-error');
  const root = document.documentElement;
  return {
    busy,
    text: (main.innerText ?? '').trim().length,
    result: result ? result.className + ' ' + (result.textContent ?? '').slice(0, 80) : null,
    overflow: root.scrollWidth - root.clientWidth,
    boundary: !!document.querySelector('[data-error-boundary]'),
    things: main.querySelectorAll('input, textarea, button, img, canvas, svg, table').length,
  };
})()`;

/** Waits until nothing is loading (no request in flight, no spinner, twice in a row) and the page has content. */
async function settle(page: Page, w: Watch): Promise<Looks> {
  let last = '';
  let looks: Looks | undefined;
  await expect
    .poll(async () => {
      looks = await page.evaluate<Looks>(LOOKS);
      const now = JSON.stringify({ ...looks, inFlight: w.pending.size });
      const quiet = w.pending.size === 0 && !looks.busy && (looks.text > 0 || looks.result !== null);
      const same = quiet && now === last;
      last = now;
      return same;
    }, { timeout: 30_000, interval: 250 })
    .toBe(true)
    .catch(() => undefined);
  return looks ?? (await page.evaluate<Looks>(LOOKS));
}

const slug = (path: string) => path.replace(/^\//, '').replace(/[^a-z0-9]+/gi, '-').replace(/-$/, '') || 'home';

/** One page opened: its problems, prefixed with where. */
async function check(page: Page, w: Watch, where: string, opts: WalkOptions, n: number, path: string): Promise<string[]> {
  const looks = await settle(page, w);
  const found = [...w.problems];
  w.problems.length = 0;
  if (looks.busy || w.pending.size > 0) found.push(`still loading after 30 s: ${JSON.stringify(looks)} in flight: ${[...w.pending].map((r) => `${r.method()} ${r.url()}`).join(', ')}`);
  if (looks.result) found.push(`error page: ${looks.result}`);
  if (looks.boundary) found.push('the page crashed (error boundary)');
  if (!looks.result && (looks.text < 10 || looks.things === 0)) found.push(`blank page (${looks.text} characters, ${looks.things} fields or pictures)`);
  if (looks.overflow > 1) found.push(`wider than the screen by ${looks.overflow}px (horizontal scroll)`);
  await shot(page, `w-${opts.who}-${String(n).padStart(2, '0')}-${slug(path)}`);
  return found.map((p) => `${opts.who} ${where}: ${p}`);
}

/** Clicks a link that must be reachable: no covering element, in view (a short timeout: a covered link fails fast). */
async function follow(page: Page, link: ReturnType<Page['locator']>, path: string): Promise<string | null> {
  try {
    await link.scrollIntoViewIfNeeded({ timeout: 5_000 });
    await link.click({ timeout: 5_000 });
  } catch (e) {
    return `cannot be clicked: ${(e as Error).message.split('\n')[0]}`;
  }
  const want = new URL(path, 'http://x');
  await page.waitForURL((u) => u.pathname === want.pathname, WAIT).catch(() => undefined);
  const at = new URL(page.url());
  return at.pathname === want.pathname ? null : `opened ${at.pathname} instead`;
}

/** The links of a region of the page, by address, once it has rendered them. */
async function linksIn(page: Page, selector: string): Promise<{ href: string; name: string }[]> {
  return page.evaluate<{ href: string; name: string }[]>(`[...document.querySelectorAll(${JSON.stringify(selector)})]
    .filter((a) => (a.getAttribute('href') ?? '').startsWith('/'))
    .map((a) => ({ href: a.getAttribute('href'), name: (a.innerText || a.getAttribute('aria-label') || '').trim().replace(/\\s+/g, ' ') }))`);
}

/** After a public page the menu opened (示范文本库 is outside the signed-in frame): back to the workspace. */
async function backInFrame(page: Page, origin: string, w: Watch): Promise<void> {
  if (await page.locator('.app-sider').count()) return;
  await page.goto(`${origin}/`);
  await page.locator('.app-sider .ant-menu-root').waitFor(WAIT);
  await settle(page, w);
}

/**
 * A signed-in user's walk from the home page: every entry of the left menu (clicked in the menu, as a user would, so a
 * covered or out-of-reach entry fails), then every tile and shortcut of the home page (clicked on the home page).
 */
export async function walkMenus(page: Page, origin: string, opts: WalkOptions): Promise<WalkResult> {
  const w = watch(page, origin, opts);
  const problems: string[] = [];
  const visited: string[] = [];
  let n = 0;
  await page.goto(`${origin}/`);
  await page.locator('.app-sider .ant-menu-root').waitFor(WAIT);
  problems.push(...(await check(page, w, 'home', opts, n++, '/')));
  const tiles = (await linksIn(page, '.app-content a')).filter((l) => l.href !== '/');
  const menu = (await linksIn(page, '.app-sider a')).filter((l) => l.href !== '/');
  if (!menu.length) problems.push(`${opts.who}: no menu entry at all`);

  for (const entry of menu) {
    await backInFrame(page, origin, w);
    const link = page.locator(`.app-sider a[href="${entry.href}"]`).first();
    const failed = await follow(page, link, entry.href);
    visited.push(entry.href);
    if (failed) problems.push(`${opts.who} menu ${entry.name} (${entry.href}): ${failed}`);
    problems.push(...(await check(page, w, `menu ${entry.name} (${entry.href})`, opts, n++, entry.href)));
  }
  for (const tile of tiles) {
    await backInFrame(page, origin, w);
    await page.locator('.app-sider a[href="/"]').first().click();
    await page.waitForURL((u) => u.pathname === '/', WAIT);
    await settle(page, w);
    w.problems.length = 0; // the home page itself was checked above
    const link = page.locator(`.app-content a[href="${tile.href}"]`).first();
    const failed = await follow(page, link, tile.href);
    visited.push(tile.href);
    if (failed) problems.push(`${opts.who} home tile ${tile.name} (${tile.href}): ${failed}`);
    problems.push(...(await check(page, w, `home tile ${tile.name} (${tile.href})`, opts, n++, tile.href)));
  }
  return { visited, problems };
}

/**
 * A visitor's walk: the page `start` (the login page), then every service of the public header, each clicked in the
 * header; on a phone the header wraps, and nothing may be wider than the screen.
 */
export async function walkPublic(page: Page, origin: string, start: string, opts: WalkOptions): Promise<WalkResult> {
  // a visitor's page asks whether someone is signed in; "no" is 401 (lib/auth.tsx), not a fault
  const w = watch(page, origin, { ...opts, allowStatus: [/^GET \/api\/auth\/session$/, ...(opts.allowStatus ?? [])] });
  const problems: string[] = [];
  const visited: string[] = [start];
  let n = 0;
  await page.goto(`${origin}${start}`);
  await page.locator('.public-header').waitFor(WAIT);
  problems.push(...(await check(page, w, start, opts, n++, start)));
  const services = await linksIn(page, '.public-header .public-nav a');
  if (!services.length) problems.push(`${opts.who}: the public header has no services`);
  for (const s of services) {
    const failed = await follow(page, page.locator(`.public-header .public-nav a[href="${s.href}"]`).first(), s.href);
    visited.push(s.href);
    if (failed) problems.push(`${opts.who} ${s.name} (${s.href}): ${failed}`);
    problems.push(...(await check(page, w, `${s.name} (${s.href})`, opts, n++, s.href)));
  }
  // and back to the login page from the last one
  const login = page.locator('.public-header a[href="/login"]').first();
  const failed = await follow(page, login, '/login');
  if (failed) problems.push(`${opts.who} 登录 (/login): ${failed}`);
  problems.push(...(await check(page, w, '登录 (/login)', opts, n++, '/login-again')));
  return { visited, problems };
}
