import { integer, text } from 'drizzle-orm/pg-core';
import { orgs } from './orgs.js';
import { regions } from './regions.js';

/**
 * Where a module's record lives, as every scoped query reads it (platform/access.ts `scopeCondition`): its region, the
 * district, the owning organisation and that organisation's path. A fresh set per table (a drizzle column belongs to one
 * table): `...scopeColumns()` in the table's columns, at the place the columns stand in its migration.
 */
export const scopeColumns = () => ({
  regionCode: text()
    .notNull()
    .references(() => regions.code),
  districtCode: text(),
  orgId: integer()
    .notNull()
    .references(() => orgs.id),
  orgPath: text().notNull(),
});
