import fs from 'node:fs';
import JSZip from 'jszip';
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
