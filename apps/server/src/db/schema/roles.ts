import { boolean, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from './columns.js';

export const roles = pgTable(
  'roles',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    code: text().notNull(),
    nameZh: text().notNull(),
    nameEn: text().notNull(),
    builtin: boolean().notNull().default(false),
    dataScope: text({ enum: ['all', 'org_and_below', 'org', 'self'] }).notNull(),
    permissions: text().array().notNull().default([]),
    totpRequired: boolean().notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('roles_code_uq').on(t.code)],
);
