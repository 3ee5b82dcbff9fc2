import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { Packer } from 'docx';
import { describe, expect, it } from 'vitest';
import { numberClauses, type ModelDocument } from '@shangmi/shared';
import { loadFrameworkFiles } from '../assessments/frameworks.js';
import { buildModelDocumentDocx } from './model-documents.docx.js';
import { loadModelDocuments, MODEL_DOCUMENTS_DIR, ModelDocumentFileError, parseModelDocumentText, unresolvedDocumentLinks } from './model-documents.service.js';

const docs = loadModelDocuments();
const bySlug = new Map(docs.map((d) => [d.slug, d]));
const frameworks = loadFrameworkFiles();

/** Every Chinese character of the body a reader sees (parties, headings, paragraphs, clauses, table cells, signatures). */
function bodyText(d: ModelDocument): string {
  return [
    ...d.parties,
    ...d.sections.flatMap((s) => [s.heading ?? '', ...s.blocks.flatMap((b) => (b.type === 'paragraph' ? [b.text] : b.type === 'clauses' ? b.items : [...b.columns.map((c) => c.title), ...b.rows.flat()]))]),
    ...d.signature.flat(),
  ].join('');
}

describe('the model-document library (示范文本库)', () => {
  it('loads the 8 documents, each a real text of a few hundred to ~2,000 characters with blanks to fill', () => {
    expect(docs.map((d) => d.slug).sort()).toEqual(['employee-nda', 'exit-undertaking', 'incident-plan', 'non-compete', 'partner-nda', 'policy', 'secret-register', 'visitor-notice']);
    expect(docs.map((d) => d.order)).toEqual([...docs.map((d) => d.order)].sort((a, b) => a - b));
    for (const d of docs) {
      const n = bodyText(d).length;
      expect(n, d.slug).toBeGreaterThan(300);
      expect(n, d.slug).toBeLessThan(2600);
      expect(bodyText(d), d.slug).toContain('＿＿');
      expect(d.legalBasis.length, d.slug).toBeGreaterThan(0);
    }
  });

  it('every document link of every shipped framework resolves, and every document is linked', () => {
    expect(frameworks.length).toBeGreaterThan(0);
    const linked = new Set<string>();
    for (const f of frameworks) {
      expect(unresolvedDocumentLinks(f, docs), `${f.code} v${f.version}`).toEqual([]);
      for (const d of f.dimensions) for (const r of d.requirements) for (const x of r.documents ?? []) linked.add(x.href);
    }
    expect([...linked].sort()).toEqual(docs.map((d) => `model-documents/${d.slug}`).sort());
  });

  it('reports a link to an unknown slug, or one that is not a model document, with its requirement', () => {
    const f = structuredClone(frameworks[0]);
    const r = f.dimensions[0].requirements[0];
    r.documents = [...(r.documents ?? []), { title: { zh: '不存在', en: 'missing' }, href: 'model-documents/no-such-document' }, { title: { zh: '外链', en: 'other' }, href: 'https://example.org/x' }];
    expect(unresolvedDocumentLinks(f, docs)).toEqual([
      { requirementId: r.id, href: 'model-documents/no-such-document' },
      { requirementId: r.id, href: 'https://example.org/x' },
    ]);
    // and a library without one of the documents leaves its links unresolved
    expect(unresolvedDocumentLinks(frameworks[0], docs.filter((d) => d.slug !== 'policy')).map((x) => x.href)).toContain('model-documents/policy');
  });

  it('says what Chinese law requires where the texts turn on it', () => {
    const nc = bodyText(bySlug.get('non-compete')!);
    expect(nc).toContain('最长不得超过二年');
    expect(nc).toContain('按月向乙方支付经济补偿');
    expect(nc).toContain('百分之三十');
    expect(bySlug.get('non-compete')!.legalBasis.map((b) => b.zh).join()).toContain('第二十三条、第二十四条');
    const nda = bodyText(bySlug.get('employee-nda')!);
    expect(nda).toContain('保密义务不以甲方支付保密费或者其他对价为前提');
    expect(nda).not.toMatch(/竞业限制期限|经济补偿/);
    expect(bySlug.get('policy')!.legalBasis.map((b) => b.zh).join()).toMatch(/第六条/);
    const reg = bySlug.get('secret-register')!;
    const tables = reg.sections.flatMap((s) => s.blocks.filter((b) => b.type === 'table'));
    expect(tables[0].columns.map((c) => c.title)).toEqual(expect.arrayContaining(['秘密点描述', '密级', '知悉范围', '保密期限']));
    expect(reg.landscape).toBe(true);
  });

  it('numbers clauses 第N条 through an article-style document and （N） within each section of a list-style one', () => {
    const policy = numberClauses(bySlug.get('policy')!).flat(2);
    expect(policy.slice(0, 3)).toEqual(['第一条', '第二条', '第三条']);
    expect(policy.at(-1)).toBe(`第${['', '一', '二', '三'][Math.floor(policy.length / 10)]}十${['', '一', '二', '三', '四', '五', '六', '七', '八', '九'][policy.length % 10]}条`.replace('第一十', '第十'));
    const nda = numberClauses(bySlug.get('employee-nda')!);
    expect(nda[0].flat()).toEqual(['（一）', '（二）', '（三）', '（四）']);
    expect(nda[1].flat()[0]).toBe('（一）');
  });

  it('a broken file is refused naming the file, the line and the path; a slug must match its file name', () => {
    const text = fs.readFileSync(path.join(MODEL_DOCUMENTS_DIR, 'policy.yaml'), 'utf8');
    const broken = text.replace('version: "1.0"', 'version: ""').replace('      - type: clauses\n        items:\n          - 为保护', '      - type: clause\n        items:\n          - 为保护');
    let err: unknown;
    try {
      parseModelDocumentText(broken, 'config/model-documents/policy.yaml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ModelDocumentFileError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/^config\/model-documents\/policy\.yaml: /);
    expect(msg).toMatch(/line \d+ \(version\)/);
    expect(msg).toMatch(/line \d+ \(sections\.0\.blocks\.0\.type\)/);
    expect(() => parseModelDocumentText(text, 'config/model-documents/rules.yaml')).toThrow(/rules\.yaml: line 2 \(slug\): the slug "policy" differs from the file name "rules"/);
    expect(() => parseModelDocumentText('slug: [', 'x.yaml')).toThrow(/^x\.yaml: line 1/);
  });

  it('each document makes a Word file: 宋体/黑体 East Asian fonts, the title, numbered clauses, tables, page numbers', async () => {
    for (const d of docs) {
      const zip = await JSZip.loadAsync(await Packer.toBuffer(buildModelDocumentDocx(d)));
      const xml = await zip.file('word/document.xml')!.async('string');
      expect(xml, d.slug).toContain(d.title.zh);
      expect(xml).toContain('w:eastAsia="宋体"');
      expect(xml).toContain('w:eastAsia="黑体"');
      expect(xml).toContain('示范文本');
      const first = numberClauses(d).flat(2)[0];
      if (first) expect(xml, d.slug).toContain(first);
      if (d.sections.some((s) => s.blocks.some((b) => b.type === 'table'))) expect(xml, d.slug).toContain('<w:tbl>');
      expect(xml.includes('w:orient="landscape"'), d.slug).toBe(d.landscape);
      const footers = await Promise.all(Object.keys(zip.files).filter((n) => /footer\d*\.xml$/.test(n)).map((n) => zip.file(n)!.async('string')));
      expect(footers.join('')).toMatch(/PAGE/);
    }
  });
});
