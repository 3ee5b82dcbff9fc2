import { sql } from 'drizzle-orm';
import { index, integer, pgTable, real, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.js';
import { orgs } from './orgs.js';
import { regions } from './regions.js';
import { users } from './users.js';

/**
 * A manual indicator's value (config/indicators/, source `manual`) for a year, for the region (district null) or one
 * district, with the evidence it rests on. One row per indicator, year and district: a new entry replaces the value
 * (the operation log keeps the old one).
 */
export const steeringManualValues = pgTable(
  'steering_manual_values',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    regionCode: text()
      .notNull()
      .references(() => regions.code),
    districtCode: text(),
    indicatorKey: text().notNull(),
    year: integer().notNull(),
    value: real().notNull(),
    evidence: text().notNull(),
    fileIds: integer().array().notNull().default(sql`'{}'::int[]`),
    orgId: integer()
      .notNull()
      .references(() => orgs.id),
    enteredBy: integer().references(() => users.id),
    enteredAt: createdAt(),
  },
  (t) => [
    uniqueIndex('steering_manual_values_uq').on(t.regionCode, t.indicatorKey, t.year, sql`coalesce(${t.districtCode}, '')`),
    index('steering_manual_values_region_idx').on(t.regionCode, t.year),
  ],
);
