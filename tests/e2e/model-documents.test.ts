/**
 * The model-document library (示范文本库): a visitor who has not signed in opens it from the login page, reads the
 * non-compete model text and downloads its Word file; an unknown document is a 404 page. An enterprise user finds the
 * library in the signed-in menu, and the gaps of its health-check report link to the documents. Screenshots:
 * test-results/screenshots/md-*.png; the Word file: test-results/md-non-compete.docx.
 */
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { allRequirements, choicesOf, buildCreditCode, type Framework } from '@shangmi/shared';
import { loadModelDocuments } from '../../apps/server/src/modules/model-documents/model-documents.service.js';
import { ApiSession, INITIAL, launchBrowser, login, newContext, ROOT, shot, startServer, WAIT, type E2eServer } from './support.js';

const PASSWORD = 'Library#2026';
const DOCS = loadModelDocuments();

let server: E2eServer;
let browser: Browser;
const session = new ApiSession(() => server);
const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) => session.call(method, url, payload);
const signIn = (username: string, password = PASSWORD) => session.signIn(username, password);
let assessmentId = 0;

beforeAll(async () => {
  server = await startServer(INITIAL);
  browser = await launchBrowser();
  await session.signInAsAdmin();
  const e = await api('POST', '/api/enterprises', { creditCode: buildCreditCode('91', '640106', '0001M5C0'), name: '宁夏示范文本测试有限公司', industryCode: '32', size: 'small' });
  await session.createUser('ent_library', '示范 张经理', e.orgId, 'enterprise_admin', PASSWORD);
  // the enterprise's submitted check with the worst answers: every gap, so its recommendations name model documents
  await signIn('ent_library');
  const fw = (await api('GET', '/api/assessments/frameworks')) as { id: number; current: boolean }[];
  const f: Framework = await api('GET', `/api/assessments/frameworks/${fw.find((x) => x.current)!.id}`);
  const worst = (r: ReturnType<typeof allRequirements>[number]) => {
    const q = r.question;
    if (q.type === 'number') return { value: 0 };
    if (q.type === 'date') return { value: '2018-01-01' };
    if (q.type === 'text') return { value: '无' };
    const cs = choicesOf(f, q).filter((c) => c.result !== 'not_applicable').sort((a, b) => a.score - b.score);
    return { value: q.type === 'multiple' ? [cs[0].value] : cs[0].value };
  };
  const a = await api('POST', '/api/assessments', { kind: 'self' });
  await api('PATCH', `/api/assessments/${a.id}/answers`, { answers: Object.fromEntries(allRequirements(f).map((r) => [r.id, worst(r)])) });
  await api('POST', `/api/assessments/${a.id}/submit`);
  assessmentId = a.id;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the model-document library', () => {
  it('opens without signing in: the list from the login page, one document, its Word file; an unknown one is a 404 page', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByRole('link', { name: '示范文本库' }).click();
    await page.waitForURL((u) => u.pathname === '/model-documents');
    await expect.poll(async () => page.locator('.model-doc-card').count(), WAIT).toBe(DOCS.length);
    expect(await page.locator('.model-doc-card').first().getAttribute('data-doc')).toBe(DOCS[0].slug);
    await expect.poll(async () => page.getByText('本文本为示范文本').count(), WAIT).toBeGreaterThan(0);
    await shot(page, 'md-list');

    const nc = DOCS.find((d) => d.slug === 'non-compete')!;
    await page.locator('[data-doc="non-compete"]').getByRole('link', { name: nc.title.zh }).click();
    await page.waitForURL((u) => u.pathname === '/model-documents/non-compete');
    await expect.poll(async () => page.getByText('竞业限制期限自劳动关系解除或者终止之日起计算').count(), WAIT).toBe(1);
    expect(await page.locator('h2.model-doc-title').textContent()).toBe(nc.title.zh);
    expect(await page.locator('.model-doc-signature > div').count()).toBe(nc.signature.length);
    await shot(page, 'md-non-compete');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /下载 Word/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/竞业限制协议.*\.docx$/);
    const file = path.join(ROOT, 'test-results/md-non-compete.docx');
    await download.saveAs(file);
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
    expect(xml).toContain(nc.title.zh);
    expect(xml).toContain('最长不得超过二年');

    // the register is a table template, read on the page too
    await page.goto(`${server.url}/model-documents/secret-register`);
    await expect.poll(async () => page.locator('.model-doc-table th', { hasText: '秘密点描述' }).count(), WAIT).toBe(1);
    await shot(page, 'md-secret-register');

    await page.goto(`${server.url}/model-documents/no-such-document`);
    await expect.poll(async () => page.getByText('没有找到这份示范文本').count(), WAIT).toBe(1);

    // English: the frame and the titles switch, the body stays Chinese
    await page.goto(`${server.url}/model-documents/employee-nda`);
    await page.getByText('English').first().click();
    await expect.poll(async () => page.getByRole('heading', { level: 3, name: 'Employee confidentiality agreement (model text)' }).count(), WAIT).toBe(1);
    await expect.poll(async () => page.getByRole('link', { name: /Download Word/ }).count(), WAIT).toBe(1);
    expect(await page.locator('h2.model-doc-title').textContent()).toBe('员工保密协议（示范文本）');
    await shot(page, 'md-employee-nda-en');
    await ctx.close();
  });

  it('an enterprise user finds it in the menu, and the report’s model documents link to their pages', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await login(page, server, 'ent_library', PASSWORD);
    await expect.poll(async () => page.getByRole('menuitem', { name: /示范文本库/ }).count(), WAIT).toBe(1);

    await page.goto(`${server.url}/assessments/${assessmentId}`);
    const link = page.locator('a[href^="/model-documents/"]').first();
    await link.waitFor({ state: 'visible', timeout: WAIT.timeout });
    const href = (await link.getAttribute('href'))!;
    expect(DOCS.map((d) => `/model-documents/${d.slug}`)).toContain(href);
    await link.scrollIntoViewIfNeeded();
    await shot(page, 'md-report-links');
    await link.click();
    await page.waitForURL((u) => u.pathname === href);
    const doc = DOCS.find((d) => `/model-documents/${d.slug}` === href)!;
    await expect.poll(async () => page.locator('h2.model-doc-title').textContent(), WAIT).toBe(doc.title.zh);
    // signed in: the frame leads back to the workspace rather than to the login page
    await expect.poll(async () => page.getByRole('button', { name: '返回工作台' }).count(), WAIT).toBe(1);
    await ctx.close();
  });
});
