import fs from 'node:fs';
import path from 'node:path';
import { modelDocument, modelDocumentSlugOf, type Framework, type ModelDocument, type ModelDocumentSummary } from '@shangmi/shared';
import { notFound } from '../../platform/errors.js';
import { ConfigFileError, lineOf, parseConfigText } from '../../platform/config-file.js';

/**
 * 示范文本库: the model documents are files in config/model-documents/<slug>.yaml, read once and validated at start (a
 * broken file stops the start naming the file, line and path); they change with a release, not in the database.
 */
// the Word file another module fills (the protection file's template generator) is part of the service face
export { buildModelDocumentDocx } from './model-documents.docx.js';

export const MODEL_DOCUMENTS_DIR = path.resolve(import.meta.dirname, '../../../../../config/model-documents');

export class ModelDocumentFileError extends ConfigFileError {}

/** Parses and validates one model document; `file` names it in errors and its base name must be the slug. */
export function parseModelDocumentText(text: string, file: string): ModelDocument {
  const { data, doc, lines } = parseConfigText(text, file, modelDocument, ModelDocumentFileError);
  const base = path.basename(file).replace(/\.(ya?ml|json)$/, '');
  if (data.slug !== base) {
    throw new ModelDocumentFileError(file, [{ line: lineOf(doc, lines, ['slug']), path: 'slug', message: `the slug "${data.slug}" differs from the file name "${base}"` }]);
  }
  return data;
}

/** Every model document in `dir`, in the library's order. */
export function loadModelDocuments(dir = MODEL_DOCUMENTS_DIR): ModelDocument[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .map((f) => parseModelDocumentText(fs.readFileSync(path.join(dir, f), 'utf8'), `config/model-documents/${f}`))
    .sort((a, b) => a.order - b.order || a.slug.localeCompare(b.slug));
}

/** The framework's document links (`model-documents/<slug>`) that no model document answers, with the requirement naming each. */
export function unresolvedDocumentLinks(f: Framework, docs: ModelDocument[]): { requirementId: string; href: string }[] {
  const slugs = new Set(docs.map((d) => d.slug));
  return f.dimensions.flatMap((d) =>
    d.requirements.flatMap((r) =>
      (r.documents ?? []).filter((x) => { const s = modelDocumentSlugOf(x.href); return !s || !slugs.has(s); }).map((x) => ({ requirementId: r.id, href: x.href })),
    ),
  );
}

let cache: ModelDocument[] | null = null;

/** The library, read on first use (the routes call it at registration, so a broken file stops the start). */
export function modelDocuments(): ModelDocument[] {
  cache ??= loadModelDocuments();
  return cache;
}

export function list(): ModelDocumentSummary[] {
  return modelDocuments().map(({ slug, order, title, purpose, legalBasis, version, date }) => ({ slug, order, title, purpose, legalBasis, version, date }));
}

export function get(slug: string): ModelDocument {
  const doc = modelDocuments().find((d) => d.slug === slug);
  if (!doc) throw notFound();
  return doc;
}
