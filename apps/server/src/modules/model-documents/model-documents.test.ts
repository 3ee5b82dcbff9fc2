import fs from 'node:fs';
import JSZip from 'jszip';
import { count } from 'drizzle-orm';
import { modelDocumentVersions } from '../../db/schema/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type Client, type TestApp } from '../../../test/harness.js';
import { loadModelDocuments } from './model-documents.service.js';

let t: TestApp;
let anon: Client;
const files = loadModelDocuments();

beforeAll(async () => {
  t = await createTestApp();
  anon = t.client();
});
afterAll(async () => t?.close());

describe('the model-document library over HTTP (public)', () => {
  it('lists the documents without signing in, in the library’s order, without their bodies', async () => {
    const res = await anon.get('/api/public/model-documents');
    expect(res.statusCode).toBe(200);
    const list = json(res);
    expect(list.map((d: { slug: string }) => d.slug)).toEqual(files.map((d) => d.slug));
    expect(list[0]).toMatchObject({ slug: files[0].slug, title: files[0].title, version: files[0].version });
    expect(list[0].sections).toBeUndefined();
  });

  it('gives one document with its structured body, and 404 for an unknown or malformed slug', async () => {
    const nc = files.find((d) => d.slug === 'non-compete')!;
    const res = await anon.get('/api/public/model-documents/non-compete');
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual(nc);
    expect((await anon.get('/api/public/model-documents/no-such-document')).statusCode).toBe(404);
    expect((await anon.get('/api/public/model-documents/no-such-document/docx')).statusCode).toBe(404);
    expect((await anon.get('/api/public/model-documents/Bad_Slug')).statusCode).toBe(400);
  });

  it('downloads a Word file named after the document, with the Chinese body', async () => {
    for (const slug of ['employee-nda', 'secret-register']) {
      const d = files.find((x) => x.slug === slug)!;
      const res = await anon.get(`/api/public/model-documents/${slug}/docx`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('wordprocessingml');
      const disposition = String(res.headers['content-disposition']);
      expect(disposition).toContain(`filename="${slug}-v${d.version}.docx"`);
      expect(disposition).toContain(encodeURIComponent(d.title.zh.replace(/（示范文本）|模板$/g, '').slice(0, 6)));
      const zip = await JSZip.loadAsync(res.rawPayload);
      const xml = await zip.file('word/document.xml')!.async('string');
      expect(xml).toContain(d.title.zh);
      const firstText = d.sections[0].blocks.find((b) => b.type === 'clauses')?.items[0] ?? '';
      expect(xml).toContain(firstText.slice(0, 12));
      // kept for rendering (libreoffice → pdftoppm) by hand
      fs.mkdirSync('test-results', { recursive: true });
      fs.writeFileSync(`test-results/model-document-${slug}-${process.env.TEST_DB ?? 'x'}.docx`, res.rawPayload);
    }
  });

  it('answers in the signed-in session too (public routes ignore the session)', async () => {
    const admin = await t.admin();
    expect((await admin.get('/api/public/model-documents/policy')).statusCode).toBe(200);
  });
});

describe('versions: the city publishes a new text, the old one stays readable (issue 16)', () => {
  const slug = 'visitor-notice';
  const first = files.find((d) => d.slug === slug)!;
  const rows = async () => (await t.database.db.select({ n: count() }).from(modelDocumentVersions))[0].n;
  // the new text: the first clause block changed, one clause added
  const sections = structuredClone(first.sections);
  const block = sections.flatMap((s) => s.blocks).find((b) => b.type === 'clauses')!;
  if (block.type === 'clauses') block.items = ['访客应当在前台登记并佩戴访客证（2027年修订）。', ...block.items.slice(1)];
  const input = { basedOn: first.version, version: '2.0', date: '2027-01-01', note: '访客登记改为实名并佩戴访客证', sections };
  let city: Client;
  let district: Client;

  beforeAll(async () => {
    await t.createUser({ username: 'md_city', orgId: await t.orgId('银川市市场监督管理局'), roles: ['city_staff'] });
    await t.createUser({ username: 'md_district', orgId: await t.orgId('金凤区市场监督管理局'), roles: ['district_staff'] });
    city = await t.loginAs('md_city');
    district = await t.loginAs('md_district');
  });

  it('only the city publishes: a district bureau 403, the public 401, bad input names the field; nothing written', async () => {
    expect((await district.post(`/api/model-documents/${slug}/versions`, input)).statusCode).toBe(403);
    expect((await anon.post(`/api/model-documents/${slug}/versions`, input)).statusCode).toBe(401);
    const same = await city.post(`/api/model-documents/${slug}/versions`, { ...input, version: first.version });
    expect(same.statusCode).toBe(409);
    expect(json(same).error.fields[0]).toMatchObject({ field: 'version' });
    const early = await city.post(`/api/model-documents/${slug}/versions`, { ...input, date: '2020-01-01' }, { 'x-shangmi-locale': 'en-US' });
    expect(early.statusCode).toBe(400);
    expect(json(early).error.fields[0].field).toBe('date');
    expect(json(early).error.fields[0].message).toContain(`cannot be before the date of the version in force (${first.date})`);
    const empty = await city.post(`/api/model-documents/${slug}/versions`, { ...input, note: ' ', sections: [] });
    expect(empty.statusCode).toBe(400);
    expect(json(empty).error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['note', 'sections']);
    expect((await city.post('/api/model-documents/no-such-document/versions', input)).statusCode).toBe(404);
    expect(await rows()).toBe(0);
  });

  it('publishes 2.0: the library, the page and the Word file show it; 1.0 stays readable by number with its dates; the diff shows the change', async () => {
    const res = await city.post(`/api/model-documents/${slug}/versions`, input);
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toMatchObject([
      { version: first.version, date: first.date, until: '2027-01-01', current: false, note: null },
      { version: '2.0', date: '2027-01-01', until: null, current: true, note: input.note, publishedBy: expect.any(String) },
    ]);
    const now = json(await anon.get(`/api/public/model-documents/${slug}`));
    expect(now).toMatchObject({ slug, version: '2.0', date: '2027-01-01', title: first.title });
    expect(JSON.stringify(now.sections)).toContain('2027年修订');
    expect(json(await anon.get('/api/public/model-documents')).find((d: { slug: string }) => d.slug === slug)).toMatchObject({ version: '2.0', order: first.order });
    const docx = await anon.get(`/api/public/model-documents/${slug}/docx`);
    expect(String(docx.headers['content-disposition'])).toContain(`${slug}-v2.0.docx`);

    const old = await anon.get(`/api/public/model-documents/${slug}/versions/${first.version}`);
    expect(old.statusCode).toBe(200);
    expect(json(old)).toEqual(first);
    const oldDocx = await anon.get(`/api/public/model-documents/${slug}/versions/${first.version}/docx`);
    expect(String(oldDocx.headers['content-disposition'])).toContain(`${slug}-v${first.version}.docx`);
    expect((await anon.get(`/api/public/model-documents/${slug}/versions/9.9`)).statusCode).toBe(404);
    expect((await anon.get(`/api/public/model-documents/${slug}/versions`)).statusCode).toBe(200);

    const diff = json(await anon.get(`/api/public/model-documents/${slug}/diff?from=${first.version}&to=2.0`));
    const changed = diff.lines.filter((l: { op: string }) => l.op !== 'same');
    expect(changed.some((l: { op: string; text: string }) => l.op === 'added' && l.text.includes('2027年修订'))).toBe(true);
    expect(changed.filter((l: { op: string }) => l.op === 'removed')).toHaveLength(1);
    expect(changed).toHaveLength(2);
  });

  it('refuses an edit of a superseded text (basedOn) and a taken number; the other documents are untouched', async () => {
    const stale = await city.post(`/api/model-documents/${slug}/versions`, { ...input, version: '2.1' });
    expect(stale.statusCode).toBe(409);
    expect(json(stale).error.fields[0]).toMatchObject({ field: 'basedOn' });
    const taken = await city.post(`/api/model-documents/${slug}/versions`, { ...input, basedOn: '2.0' });
    expect(json(taken).error.fields[0]).toMatchObject({ field: 'version' });
    expect(await rows()).toBe(1);
    expect(json(await anon.get('/api/public/model-documents/policy')).version).toBe(files.find((d) => d.slug === 'policy')!.version);
  });
});
