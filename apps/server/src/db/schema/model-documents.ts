import { date, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import type { ModelDocument } from '@shangmi/shared';
import { createdAt } from './columns.js';
import { users } from './users.js';

/**
 * 示范文本的新版本 (docs/model-documents.md § Versions): the shipped file in config/model-documents/ is a document's first
 * version; each version the city publishes later is a row here holding the whole document as published. Rows are never
 * changed or deleted, so every old version stays readable with its dates.
 */
export const modelDocumentVersions = pgTable(
  'model_document_versions',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    slug: text().notNull(),
    version: text().notNull(),
    /** the date the version takes effect (the document's `date`) */
    effectiveOn: date({ mode: 'string' }).notNull(),
    /** what changed, in the publisher's words (shown in the version list) */
    note: text().notNull(),
    /** the whole document as published (validated with `modelDocument`) */
    body: jsonb().$type<ModelDocument>().notNull(),
    publishedBy: integer()
      .notNull()
      .references(() => users.id),
    publishedAt: createdAt(),
  },
  (t) => [uniqueIndex('model_document_versions_slug_version_uq').on(t.slug, t.version), index('model_document_versions_slug_idx').on(t.slug, t.publishedAt)],
);
