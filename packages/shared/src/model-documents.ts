import { z } from 'zod';
import { bilingual } from './assessments-framework.js';
import { chineseNumber } from './cultivation.js';

/**
 * 示范文本库: the model documents the health check's recommendations link to (`href: "model-documents/<slug>"`). Each is
 * a file config/model-documents/<slug>.yaml, validated with `modelDocument` on load. The body is Chinese and structured
 * (sections of paragraphs, numbered clauses and tables, then a signature block) so the web page and the Word file are
 * both rendered from it.
 */
export const MODEL_DOCUMENT_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const modelDocumentSlug = z.string().regex(MODEL_DOCUMENT_SLUG, 'lower-case words joined by "-"');

const text = z.string().trim().min(1);

export const modelDocumentBlock = z.discriminatedUnion('type', [
  /** a paragraph of running text */
  z.object({ type: z.literal('paragraph'), text }).strict(),
  /** numbered clauses: 第N条 counted through the whole document (clauseStyle article) or （一）（二） within the section (list) */
  z.object({ type: z.literal('clauses'), items: z.array(text).min(1) }).strict(),
  /** a table template: column titles with their share of the width (%), example rows, then blank rows to fill */
  z
    .object({
      type: z.literal('table'),
      columns: z.array(z.object({ title: text, width: z.number().int().min(3).max(80) }).strict()).min(2).max(12),
      rows: z.array(z.array(z.string())).default([]),
      blankRows: z.number().int().min(0).max(30).default(0),
    })
    .strict()
    .refine((t) => t.rows.every((r) => r.length === t.columns.length), { message: 'every row has one cell per column', path: ['rows'] })
    .refine((t) => Math.abs(t.columns.reduce((s, c) => s + c.width, 0) - 100) <= 1, { message: 'column widths add up to 100', path: ['columns'] }),
]);
export type ModelDocumentBlock = z.infer<typeof modelDocumentBlock>;

export const modelDocumentSection = z.object({ heading: text.optional(), blocks: z.array(modelDocumentBlock).min(1) }).strict();

export const modelDocument = z
  .object({
    slug: modelDocumentSlug,
    /** place in the library's list */
    order: z.number().int().min(0),
    title: bilingual,
    purpose: bilingual,
    /** the rules the document helps meet (法释〔2020〕7号 第六条…, 反不正当竞争法 第九条…) */
    legalBasis: z.array(bilingual).min(1),
    version: z.string().trim().min(1).max(20),
    date: z.iso.date(),
    /** 第N条 numbered through the document (rules, plans) or （一）（二） within each section (agreements) */
    clauseStyle: z.enum(['article', 'list']).default('list'),
    /** a wide table template prints on landscape pages */
    landscape: z.boolean().default(false),
    /** lines before the body: the parties, with blanks to fill (甲方：＿＿＿＿) */
    parties: z.array(text).default([]),
    sections: z.array(modelDocumentSection).min(1),
    /** signature blocks side by side, one per party; each a list of lines */
    signature: z.array(z.array(text).min(1)).max(3).default([]),
  })
  .strict();
export type ModelDocument = z.infer<typeof modelDocument>;

export const modelDocumentSummary = z.object({
  slug: modelDocumentSlug,
  order: z.number(),
  title: bilingual,
  purpose: bilingual,
  legalBasis: z.array(bilingual),
  version: z.string(),
  date: z.string(),
});
export type ModelDocumentSummary = z.infer<typeof modelDocumentSummary>;

/** Shown with every model document, on the page and in the Word file. */
export const MODEL_DOCUMENT_NOTE = {
  zh: '本文本为示范文本，供企业结合自身实际修改使用，不构成法律意见；签订或发布前建议由法务人员或律师审核。',
  en: 'This is a model text for an enterprise to adapt to its own circumstances. It is not legal advice; have it reviewed by in-house counsel or a lawyer before use.',
} as const;

/**
 * The document's clauses with their numbers (第N条 through the document, or （N） within each section), so the page and
 * the Word file number them the same way: `numbers[sectionIndex][blockIndex][itemIndex]`.
 */
export function numberClauses(doc: Pick<ModelDocument, 'clauseStyle' | 'sections'>): string[][][] {
  let article = 0;
  return doc.sections.map((s) => {
    let item = 0;
    return s.blocks.map((b) =>
      b.type === 'clauses' ? b.items.map(() => (doc.clauseStyle === 'article' ? `第${chineseNumber(++article)}条` : `（${chineseNumber(++item)}）`)) : [],
    );
  });
}

/** The slug a framework `href` points to (`model-documents/policy` → `policy`), or null for another kind of link. */
export function modelDocumentSlugOf(href: string): string | null {
  const m = /^\/?model-documents\/([^/?#]+)$/.exec(href);
  return m ? m[1] : null;
}

// -- the routes' request and response shapes
export const modelDocumentList = z.array(modelDocumentSummary);
export const modelDocumentParams = z.object({ slug: modelDocumentSlug });

// -- versions (issue 16): the shipped file is version one; the city publishes later versions, old ones stay readable
export const modelDocumentVersionParams = z.object({ slug: modelDocumentSlug, version: z.string().trim().min(1).max(20) });

/** One version in a document's history: its dates (in force from `date` until the next version's `date`) and what changed. */
export const modelDocumentVersionSummary = z.object({
  version: z.string(),
  date: z.string(),
  /** the next version's date, or null for the version in force */
  until: z.string().nullable(),
  current: z.boolean(),
  /** null for the shipped text */
  note: z.string().nullable(),
  publishedAt: z.string().nullable(),
  publishedBy: z.string().nullable(),
});
export type ModelDocumentVersionSummary = z.infer<typeof modelDocumentVersionSummary>;
export const modelDocumentVersionList = z.array(modelDocumentVersionSummary);

/**
 * A new version as the city publishes it: the new number, the date it takes effect, what changed, and the document's text
 * (title, purpose, parties, sections, signature; the slug, order, legal basis and layout carry over unless given).
 * `basedOn` is the version the editor started from: publishing over a version someone else published meanwhile is refused.
 */
export const modelDocumentVersionCreate = z
  .object({
    basedOn: z.string().trim().min(1).max(20),
    version: z.string().trim().min(1).max(20),
    date: z.iso.date(),
    note: z.string().trim().min(1).max(500),
    title: bilingual.optional(),
    purpose: bilingual.optional(),
    legalBasis: z.array(bilingual).min(1).optional(),
    parties: z.array(text).optional(),
    sections: z.array(modelDocumentSection).min(1),
    signature: z.array(z.array(text).min(1)).max(3).optional(),
  })
  .strict();
export type ModelDocumentVersionCreate = z.infer<typeof modelDocumentVersionCreate>;

export const modelDocumentDiffQuery = z.object({ from: z.string().trim().min(1).max(20), to: z.string().trim().min(1).max(20) });
export const modelDocumentDiffLine = z.object({ op: z.enum(['same', 'added', 'removed']), text: z.string() });
export type ModelDocumentDiffLine = z.infer<typeof modelDocumentDiffLine>;
export const modelDocumentDiff = z.object({ from: z.string(), to: z.string(), lines: z.array(modelDocumentDiffLine) });

/** The document as lines of text, in reading order (numbered clauses as numbered), so two versions can be compared line by line. */
export function modelDocumentLines(doc: ModelDocument): string[] {
  const numbers = numberClauses(doc);
  return [
    doc.title.zh,
    ...doc.parties,
    ...doc.sections.flatMap((s, si) => [
      ...(s.heading ? [s.heading] : []),
      ...s.blocks.flatMap((b, bi) =>
        b.type === 'paragraph' ? [b.text] : b.type === 'clauses' ? b.items.map((x, k) => `${numbers[si][bi][k]}${x}`) : [b.columns.map((c) => c.title).join(' | '), ...b.rows.map((r) => r.join(' | '))],
      ),
    ]),
    ...doc.signature.flat(),
  ];
}

/** A line diff (longest common subsequence): what was removed from `a` and added in `b`, with the unchanged lines between. */
export function diffLines(a: string[], b: string[]): ModelDocumentDiffLine[] {
  // lcs[i][j] = length of the longest common subsequence of a[i..] and b[j..]; documents have a few hundred lines at most
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: ModelDocumentDiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ op: 'same', text: a[i++] });
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) out.push({ op: 'removed', text: a[i++] });
    else out.push({ op: 'added', text: b[j++] });
  }
  while (i < a.length) out.push({ op: 'removed', text: a[i++] });
  while (j < b.length) out.push({ op: 'added', text: b[j++] });
  return out;
}
