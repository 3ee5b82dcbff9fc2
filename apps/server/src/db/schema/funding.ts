import { bigint, date, index, integer, pgTable, text, uniqueIndex, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { scopeColumns } from './scope-columns.js';
import { createdAt, updatedAt } from './columns.js';
import { parks } from './regions.js';
import { serviceContracts } from './services.js';
import { users } from './users.js';

/**
 * 资金保障 (issue 19 item 6). A budget line of a year for the city, a district or a park; `org_*` is the bureau that
 * keeps it (the city bureau for city lines and parks without a district, the district bureau otherwise): the data scope.
 * `spent_fen` is the sum of its spending, kept under the line's row lock so two entries at once cannot overrun it.
 */
export const fundingLines = pgTable(
  'funding_lines',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    ...scopeColumns(),
    year: integer().notNull(),
    level: text({ enum: ['city', 'district', 'park'] }).notNull(),
    parkId: integer().references(() => parks.id),
    category: text({ enum: ['demonstration', 'services', 'enforcement', 'publicity', 'platform', 'other'] }).notNull(),
    source: text({ enum: ['city_budget', 'district_budget', 'park_budget', 'higher_transfer', 'other'] }).notNull(),
    title: text().notNull(),
    amountFen: bigint({ mode: 'number' }).notNull(),
    spentFen: bigint({ mode: 'number' }).notNull().default(0),
    spendings: integer().notNull().default(0),
    note: text(),
    createdBy: integer().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('funding_lines_org_path_idx').on(t.orgPath.op('text_pattern_ops'), t.year), index('funding_lines_year_idx').on(t.regionCode, t.year, t.districtCode)],
);

/** A spending entry against a line, optionally paying a purchased-service contract (services module, read-only link). */
export const fundingSpendings = pgTable(
  'funding_spendings',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    lineId: integer()
      .notNull()
      .references(() => fundingLines.id),
    spentOn: date({ mode: 'string' }).notNull(),
    amountFen: bigint({ mode: 'number' }).notNull(),
    description: text().notNull(),
    payee: text(),
    contractId: integer().references(() => serviceContracts.id),
    /** a reversal (冲销): the entry it cancels; its amount is the negative of that entry's (never a delete: the books keep both) */
    reversesId: integer().references((): AnyPgColumn => fundingSpendings.id),
    /** why it was reversed (a reversal only) */
    reason: text(),
    createdBy: integer().references(() => users.id),
    createdAt: createdAt(),
  },
  // an entry is reversed at most once: the unique index settles two reversals at once
  (t) => [index('funding_spendings_line_idx').on(t.lineId, t.spentOn), uniqueIndex('funding_spendings_reverses_uq').on(t.reversesId)],
);
