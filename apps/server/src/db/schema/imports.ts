import { index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt, tstz, updatedAt } from './columns.js';
import { files } from './files.js';
import { users } from './users.js';

/**
 * One bulk import of enterprises: the uploaded workbook, what its check found, and what its commit wrote.
 * `checked` → `committed`; a check with errors stays `checked` with `error_rows` > 0 (the valid rows may still go in).
 */
export const enterpriseImports = pgTable(
  'enterprise_imports',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    fileId: integer()
      .notNull()
      .references(() => files.id),
    /** insert: a credit code already registered is an error; upsert: it updates that record */
    mode: text({ enum: ['insert', 'upsert'] }).notNull(),
    /** the region the file was checked for (the commit imports into the same one) */
    regionCode: text(),
    status: text({ enum: ['checked', 'committed'] }).notNull(),
    totalRows: integer().notNull().default(0),
    validRows: integer().notNull().default(0),
    errorRows: integer().notNull().default(0),
    /** of the valid rows: new credit codes, and (upsert) codes already registered */
    newRows: integer().notNull().default(0),
    existingRows: integer().notNull().default(0),
    /** rows the commit inserted and updated */
    inserted: integer().notNull().default(0),
    updated: integer().notNull().default(0),
    /** the first errors, for the page (the error workbook has them all) */
    errors: jsonb().notNull().default([]),
    createdBy: integer()
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    committedAt: tstz(),
  },
  (t) => [index('enterprise_imports_creator_idx').on(t.createdBy, t.id)],
);
