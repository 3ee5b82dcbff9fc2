import { bigint, date, index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.js';
import { orgs } from './orgs.js';
import { users } from './users.js';

/**
 * Uploaded files (evidence, import workbooks). The bytes live in the data folder under their SHA-256
 * (`files/sha256/ab/cd/<hex>`), so the same content is stored once; a row is one upload of it, with its own name.
 * A file belongs to whoever uploaded it until a module links it to a record; from then on that module's routes
 * serve it under the record's own permission and scope.
 */
export const files = pgTable(
  'files',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    sha256: text().notNull(),
    size: bigint({ mode: 'number' }).notNull(),
    name: text().notNull(),
    mime: text().notNull(),
    uploadedBy: integer().references(() => users.id),
    orgId: integer()
      .notNull()
      .references(() => orgs.id),
    createdAt: createdAt(),
  },
  (t) => [index('files_sha256_idx').on(t.sha256), index('files_uploader_idx').on(t.uploadedBy, t.createdAt)],
);

/**
 * What anonymous uploads used per day (Asia/Shanghai): one row per client address (`ip:<address>`) and one for all of
 * them (`all`), so the disk the public may fill is bounded on every node alike. Charged in the upload's transaction.
 */
export const uploadBudget = pgTable(
  'upload_budget',
  {
    day: date().notNull(),
    key: text().notNull(),
    files: integer().notNull(),
    bytes: bigint({ mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.key] })],
);
