import { z } from 'zod';
import { bilingual } from './assessments-framework.js';
import { MODEL_DOCUMENT_SLUG, type ModelDocument } from './model-documents.js';

/**
 * The template generator: model documents of the library (config/model-documents/*.yaml) filled from the enterprise's
 * profile and register. How each is filled is data (config/protection/templates.yaml): a blank (＿＿＿) after a label is
 * replaced by a value, a clause naming the secrets is added to a section, a table gets the register's rows. The filling
 * is this one pure function, so the Word file and its test see the same document.
 */
export const TEMPLATE_VALUES = [
  'enterprise.name',
  'enterprise.creditCode',
  'enterprise.legalRep',
  'enterprise.address',
  'person.name',
  'person.post',
  'person.organisation',
  'person.departedOn',
  'today',
] as const;
export type TemplateValue = (typeof TEMPLATE_VALUES)[number];

export const templateSpec = z
  .object({
    slug: z.string().regex(MODEL_DOCUMENT_SLUG),
    /** whom the document is made for: nobody in particular, an employee, or an outside party's person */
    needs: z.enum(['none', 'person', 'partner']),
    /** what the generator fills, for the page that offers it */
    fills: z.array(bilingual).min(1),
    blanks: z
      .array(
        z
          .object({
            /** only texts containing this (the 甲方 line, not the 乙方 line) */
            in: z.string().min(1).optional(),
            after: z.string().min(1),
            value: z.enum(TEMPLATE_VALUES),
          })
          .strict(),
      )
      .default([]),
    /** a clause added to the section whose heading starts with `section`: `{secrets}` is the list of register names */
    secretsClause: z.object({ section: z.string().min(1), text: z.string().includes('{secrets}') }).strict().optional(),
    /** the first table of the section whose heading starts with `section` gets rows: the register, or the person's secrets */
    table: z.object({ section: z.string().min(1), rows: z.enum(['register', 'knownSecrets']) }).strict().optional(),
  })
  .strict();
export type TemplateSpec = z.infer<typeof templateSpec>;
export const templatesFile = z.array(templateSpec).min(1);

export interface TemplateData {
  values: Partial<Record<TemplateValue, string | null>>;
  /** the secrets the document names (a person's, or those chosen), by register name and number */
  secrets: { code: string | null; name: string }[];
  /** table rows, one string per column of the table */
  rows?: string[][];
}

/** A run of blanks, or a blank date (＿＿＿＿年＿＿月＿＿日), right after the label. */
const BLANK = /^[ \u3000]*＿+(?:年＿+月＿+日)?/;

export function fillText(text: string, spec: Pick<TemplateSpec, 'blanks'>, values: TemplateData['values']): string {
  let out = text;
  for (const b of spec.blanks) {
    const v = values[b.value];
    if (!v || (b.in && !out.includes(b.in))) continue;
    const at = out.indexOf(b.after);
    if (at < 0) continue;
    const rest = out.slice(at + b.after.length);
    const m = BLANK.exec(rest);
    if (!m) continue;
    out = out.slice(0, at + b.after.length) + v + rest.slice(m[0].length);
  }
  return out;
}

const secretList = (secrets: TemplateData['secrets']) => secrets.map((s) => (s.code ? `${s.name}（编号 ${s.code}）` : s.name)).join('；');

/** The model document filled in (a new object; the library's stays as it is). */
export function fillModelDocument(doc: ModelDocument, spec: TemplateSpec, data: TemplateData): ModelDocument {
  const f = (t: string) => fillText(t, spec, data.values);
  return {
    ...doc,
    parties: doc.parties.map(f),
    sections: doc.sections.map((s) => {
      const heading = s.heading ?? '';
      let blocks = s.blocks.map((b) =>
        b.type === 'paragraph' ? { ...b, text: f(b.text) } : b.type === 'clauses' ? { ...b, items: b.items.map(f) } : { ...b },
      );
      if (spec.secretsClause && data.secrets.length && heading.startsWith(spec.secretsClause.section)) {
        const clause = spec.secretsClause.text.replace('{secrets}', secretList(data.secrets));
        const last = blocks.map((b) => b.type).lastIndexOf('clauses');
        if (last >= 0) blocks = blocks.map((b, i) => (i === last && b.type === 'clauses' ? { ...b, items: [...b.items, clause] } : b));
        else blocks = [...blocks, { type: 'clauses' as const, items: [clause] }];
      }
      if (spec.table && data.rows && heading.startsWith(spec.table.section)) {
        const at = blocks.findIndex((b) => b.type === 'table');
        if (at >= 0) {
          blocks = blocks.map((b, i) => {
            if (i !== at || b.type !== 'table') return b;
            const rows = data.rows!.map((r) => b.columns.map((_, c) => r[c] ?? ''));
            return { ...b, rows, blankRows: Math.max(0, Math.min(b.blankRows, 2)) };
          });
        }
      }
      return { ...s, blocks };
    }),
    signature: doc.signature.map((lines) => lines.map(f)),
  };
}
