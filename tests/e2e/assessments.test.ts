/**
 * The health check (诊断体检): the city launches a campaign for 金凤区's innovative enterprises; the enterprise sees the
 * task, starts its self-check, answers (most answers are already saved through the API, as autosave would have; the
 * last ones through the page), attaches evidence, watches the live score — the same number the server computes —
 * submits, reads its report and downloads the Word file. The city then sees the campaign completed and the regional
 * picture over six enterprises. Screenshots: test-results/screenshots/a-*.png; the Word file: test-results/a-report.docx.
 */
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, Response } from 'playwright-core';
import { allRequirements, choicesOf, buildCreditCode, type Framework } from '@shangmi/shared';
import { ApiSession, dialog, INITIAL, launchBrowser, ROOT, shot, signedInPage, startServer, WAIT, type E2eServer, still } from './support.js';

const PASSWORD = 'Checkup#2026';
const ENTERPRISE = '宁夏贺兰山新材料科技有限公司';
const CAMPAIGN = '2026年服务月体检';

let server: E2eServer;
let browser: Browser;
let f: Framework;
const sessions = new Map<string, ApiSession>();
let who = 'admin';
const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) => sessions.get(who)!.call(method, url, payload);
async function signIn(username: string, password = PASSWORD) {
  const session = new ApiSession(() => server);
  await session.signIn(username, password);
  sessions.set(username, session);
  who = username;
}
const user = (username: string, displayName: string, orgId: number, role: string) => sessions.get('admin')!.createUser(username, displayName, orgId, role, PASSWORD);
const signedIn = (username: string) => signedInPage(browser, server, username, PASSWORD);

let serial = 0;
function creditCode(division: string): string {
  return buildCreditCode('91', division, `${String(++serial).padStart(4, '0')}E5C0`);
}

const as = async (username: string) => {
  if (!sessions.has(username)) await signIn(username);
  who = username;
};

type Level = 'best' | 'mid' | 'worst';
/** An answer of the given quality for every requirement (the mid one for most, to leave gaps in the report). */
function answer(r: ReturnType<typeof allRequirements>[number], level: Level) {
  const q = r.question;
  if (q.type === 'number') return { value: level === 'best' ? 100 : level === 'mid' ? 80 : 0 };
  if (q.type === 'date') return { value: level === 'worst' ? '2018-01-01' : '2026-03-01' };
  if (q.type === 'text') return { value: '高温合金熔炼工艺参数（名称）：加密存储、限定 5 人知悉、工艺文件标识“核心秘密”' };
  const cs = choicesOf(f, q)
    .filter((c) => c.result !== 'not_applicable')
    .sort((a, b) => b.score - a.score);
  const c = level === 'best' ? cs[0] : level === 'worst' ? cs[cs.length - 1] : cs[Math.min(1, cs.length - 1)];
  return { value: q.type === 'multiple' ? [c.value] : c.value };
}

beforeAll(async () => {
  server = await startServer(INITIAL);
  browser = await launchBrowser();
  const admin = new ApiSession(() => server);
  await admin.signInAsAdmin();
  sessions.set('admin', admin);
  const orgId = (name: string) => admin.orgId(name);
  const city = await orgId('银川市市场监督管理局');
  await user('city_checkup', '市局 王晓', city, 'city_staff');

  const main = await api('POST', '/api/enterprises', { creditCode: creditCode('640106'), name: ENTERPRISE, industryCode: '32', size: 'medium', kinds: ['innovative', 'high_tech'] });
  await user('ent_checkup', '贺兰山 刘经理', main.orgId, 'enterprise_admin');
  const fw = (await api('GET', '/api/assessments/frameworks')) as { id: number; current: boolean }[];
  f = await api('GET', `/api/assessments/frameworks/${fw.find((x) => x.current)!.id}`);

  // five peers in 金凤区 have checked already: the regional picture needs at least five enterprises
  const peers: [string, string, Level][] = [
    ['宁夏六盘山精密制造有限公司', '34', 'worst'],
    ['宁夏黄河智能装备有限公司', '34', 'mid'],
    ['银川沙湖电子科技有限公司', '39', 'best'],
    ['宁夏西夏王陵文化传媒有限公司', '86', 'mid'],
    ['宁夏宁东化工新材料有限公司', '26', 'worst'],
  ];
  for (const [i, [name, industryCode, level]] of peers.entries()) {
    who = 'admin';
    const e = await api('POST', '/api/enterprises', { creditCode: creditCode('640106'), name, industryCode, size: 'small' });
    await user(`peer_checkup${i}`, `企业 ${i}`, e.orgId, 'enterprise_member');
    await as(`peer_checkup${i}`);
    const a = await api('POST', '/api/assessments', { kind: 'self' });
    await api('PATCH', `/api/assessments/${a.id}/answers`, { answers: Object.fromEntries(allRequirements(f).map((r) => [r.id, answer(r, level)])) });
    await api('POST', `/api/assessments/${a.id}/submit`);
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The answer to the write the click causes; `carrying` picks it by its body where an earlier autosave may still be answering. */
async function submits(page: Page, pathRe: RegExp, click: () => Promise<void>, carrying?: string) {
  const ours = (r: Response) => r.request().method() !== 'GET' && pathRe.test(new URL(r.url()).pathname) && (!carrying || (r.request().postData() ?? '').includes(carrying));
  const [res] = await Promise.all([page.waitForResponse(ours, { timeout: 30_000 }), click()]);
  expect(res.status(), await res.text()).toBe(200);
  return res;
}

describe('health check journey', () => {
  let campaignId = 0;
  let assessmentId = 0;

  it('the city launches a campaign for 金凤区’s innovative enterprises', async () => {
    const { ctx, page } = await signedIn('city_checkup');
    await page.goto(`${server.url}/assessments/campaigns`);
    await page.getByRole('button', { name: '发起体检活动' }).click();
    const d = await dialog(page);
    await d.getByLabel('活动名称').fill(CAMPAIGN);
    await d.getByLabel('截止日期').click();
    await d.getByLabel('截止日期').fill('2026-12-31');
    await d.getByLabel('截止日期').press('Enter');
    await d.getByLabel('区县').click();
    await page.locator('.ant-select-dropdown:visible').getByText('金凤区', { exact: true }).click();
    await d.getByLabel('区县').press('Escape');
    await d.getByLabel('企业类型').click();
    await page.locator('.ant-select-dropdown:visible').getByText('创新型', { exact: true }).click();
    await d.getByLabel('企业类型').press('Escape');
    const res = await submits(page, /^\/api\/assessments\/campaigns$/, () => d.getByRole('button', { name: '发 起' }).or(d.getByRole('button', { name: '发起' })).click());
    const c = await res.json();
    campaignId = c.id;
    expect(c.items.map((x: { enterpriseName: string }) => x.enterpriseName)).toEqual([ENTERPRISE]);
    await expect.poll(async () => page.locator('.ant-drawer').getByText(ENTERPRISE).count(), WAIT).toBeGreaterThan(0);
    await shot(page, 'a-campaign-launched');
    await ctx.close();
  });

  it('the enterprise sees the task, answers with evidence, watches the live score, submits and reads its report', async () => {
    const { ctx, page } = await signedIn('ent_checkup');
    await page.goto(`${server.url}/assessments`);
    const task = page.locator('.ant-card').filter({ hasText: '待完成的体检任务' });
    await expect.poll(async () => task.getByText(CAMPAIGN).count(), WAIT).toBe(1);
    await shot(page, 'a-enterprise-task');
    await task.getByRole('button', { name: '开始体检' }).click();
    await page.waitForURL(/\/assessments\/\d+$/);
    assessmentId = Number(new URL(page.url()).pathname.split('/').pop());
    // back on the list, the started task continues this draft rather than starting a second check
    await page.goto(`${server.url}/assessments`);
    await expect.poll(async () => task.getByRole('button', { name: '继续填写' }).count(), WAIT).toBe(1);
    await task.getByRole('button', { name: '继续填写' }).click();
    await page.waitForURL(new RegExp(`/assessments/${assessmentId}$`));
    // 开始自查 in the page's header opens the same draft too (it once started a second one beside the campaign's)
    await page.goto(`${server.url}/assessments`);
    await page.getByRole('button', { name: '开始自查' }).click();
    await page.waitForURL(new RegExp(`/assessments/${assessmentId}$`));
    await page.goto(`${server.url}/assessments`);
    await expect.poll(async () => page.locator('.ant-table-row').filter({ hasText: '填写中' }).count(), WAIT).toBe(1);
    await still(page);
    await shot(page, 'a-one-draft');
    await page.goto(`${server.url}/assessments/${assessmentId}`);

    // most answers were saved before (autosave through the API); three are left for the page
    await as('ent_checkup');
    const left = ['policy.main', 'training.yearly', 'org.leader'];
    const answers = Object.fromEntries(allRequirements(f).filter((r) => !left.includes(r.id)).map((r, i) => [r.id, answer(r, i % 3 === 0 ? 'best' : 'mid')]));
    await api('PATCH', `/api/assessments/${assessmentId}/answers`, { answers });
    await page.reload();
    const card = (id: string) => page.locator(`[data-requirement="${id}"]`);
    await expect.poll(async () => page.getByTestId('live-score').count(), WAIT).toBe(1);

    // 制度建设: the policy exists (符合) — without evidence it warns, with evidence it does not
    await page.getByRole('tab', { name: /制度建设/ }).click();
    const policy = card('policy.main');
    const saved = submits(page, /\/answers$/, () => policy.getByText('已全面做到并有书面记录').click());
    const autosave = await (await saved).json();
    await expect.poll(async () => policy.getByText('尚未上传佐证材料', { exact: false }).count(), WAIT).toBe(1);
    // the page's live score is the server's on the same answers
    await expect.poll(async () => Number(await page.getByTestId('live-score').textContent()), WAIT).toBe(autosave.result.overall);
    await policy.locator('textarea[aria-label="备注"]').fill('《商业秘密保护管理办法》2025年3月印发');
    await submits(page, /\/evidence$/, () =>
      policy.locator('input[type=file]').setInputFiles({ name: '商业秘密保护管理办法.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 商业秘密保护管理办法') }),
    );
    await expect.poll(async () => policy.getByText('商业秘密保护管理办法.pdf').count(), WAIT).toBe(1);
    await expect.poll(async () => policy.getByText('尚未上传佐证材料', { exact: false }).count(), WAIT).toBe(0);

    await page.getByRole('tab', { name: /宣传培训/ }).click();
    const dateInput = card('training.yearly').locator('.ant-picker input');
    await dateInput.click();
    await dateInput.fill('2026-06-18');
    await dateInput.press('Enter');
    await expect.poll(async () => dateInput.inputValue(), WAIT).toBe('2026-06-18');
    await page.getByRole('tab', { name: /组织建设/ }).click();
    const last = submits(page, /\/answers$/, () => card('org.leader').getByText('部分做到或没有书面记录').click(), 'org.leader');
    const final = await (await last).json();
    await expect.poll(async () => Number(await page.getByTestId('live-score').textContent()), WAIT).toBe(final.result.overall);
    await expect.poll(async () => page.getByTestId('autosave').textContent(), WAIT).toMatch(/已自动保存/);
    await shot(page, 'a-answering');

    await page.getByRole('button', { name: '提交体检' }).click();
    const submitted = await submits(page, /\/submit$/, () => page.locator('.ant-popconfirm').getByRole('button', { name: /确\s*定/ }).click());
    const stored = await submitted.json();
    // the authoritative score is the one the page showed
    expect(stored.score).toBe(final.result.overall);
    await expect.poll(async () => page.getByTestId('report-score').textContent(), WAIT).toBe(stored.score.toFixed(1));
    await expect.poll(async () => page.getByText('在同区县 5 家已体检企业中', { exact: false }).or(page.getByText('已体检企业中，得分高于', { exact: false })).count(), WAIT).toBeGreaterThan(0);
    await expect.poll(async () => page.locator('canvas').count(), WAIT).toBeGreaterThan(0);
    await still(page);
    await shot(page, 'a-report');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载 Word 报告' }).click()]);
    const file = path.join(ROOT, 'test-results/a-report.docx');
    await download.saveAs(file);
    expect(download.suggestedFilename()).toContain('诊断体检报告');
    const zip = await JSZip.loadAsync(fs.readFileSync(file));
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain(ENTERPRISE);
    expect(xml).toContain('差距与整改建议');
    await ctx.close();
  });

  it('the city sees the campaign completed and the regional picture over six enterprises', async () => {
    const { ctx, page } = await signedIn('city_checkup');
    await page.goto(`${server.url}/assessments/campaigns`);
    const row = page.locator('tr').filter({ hasText: CAMPAIGN });
    await expect.poll(async () => row.getByText('1/1').count(), WAIT).toBe(1);
    await row.getByText(CAMPAIGN).click();
    await expect.poll(async () => page.locator('.ant-drawer').getByText('已完成', { exact: false }).count(), WAIT).toBeGreaterThan(0);
    // the drawer has finished sliding in
    await expect.poll(async () => page.locator('.ant-drawer-content-wrapper').evaluate((el) => `${el.className} ${el.parentElement?.className ?? ''}`), WAIT).not.toMatch(/motion|slide/);
    await still(page);
    await shot(page, 'a-campaign-completed');
    expect(campaignId).toBeGreaterThan(0);

    await page.goto(`${server.url}/assessments/regional`);
    await expect.poll(async () => page.getByTestId('regional-enterprises').textContent(), WAIT).toBe('6');
    await expect.poll(async () => page.locator('canvas').count(), WAIT).toBeGreaterThanOrEqual(3);
    await still(page);
    await shot(page, 'a-regional');
    // the city never opens the unshared assessment itself
    await page.goto(`${server.url}/assessments/${assessmentId}`);
    await expect.poll(async () => page.getByText('加载失败').count(), WAIT).toBeGreaterThan(0);
    await ctx.close();
  });
});
