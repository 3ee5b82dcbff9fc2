import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from './columns.js';
import { districts, regions } from './regions.js';

/**
 * One tree of every organisation. `path` is the materialized path of ids (`/1/2/9/`), so a subtree is a prefix match
 * served by the text_pattern_ops index.
 */
export const orgs = pgTable(
  'orgs',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    parentId: integer().references((): AnyPgColumn => orgs.id),
    path: text().notNull(),
    name: text().notNull(),
    shortName: text(),
    kind: text().notNull(),
    regionCode: text().references(() => regions.code),
    districtCode: text().references(() => districts.code),
    creditCode: text(),
    contactName: text(),
    contactPhone: text(),
    address: text(),
    sort: integer().notNull().default(0),
    status: text({ enum: ['active', 'disabled'] })
      .notNull()
      .default('active'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('orgs_path_idx').using('btree', sql`${t.path} text_pattern_ops`),
    index('orgs_parent_idx').on(t.parentId, t.sort, t.id),
    index('orgs_kind_idx').on(t.kind),
  ],
);
