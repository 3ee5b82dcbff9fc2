import { integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from './columns.js';

/** A pilot region (地区), by its GB/T 2260 code. Regions are configuration: files under config/regions/. */
export const regions = pgTable('regions', {
  code: text().primaryKey(),
  name: text().notNull(),
  nameEn: text(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const districts = pgTable('districts', {
  code: text().primaryKey(),
  regionCode: text()
    .notNull()
    .references(() => regions.code),
  name: text().notNull(),
  nameEn: text(),
  sort: integer().notNull().default(0),
});

export const parks = pgTable(
  'parks',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    regionCode: text()
      .notNull()
      .references(() => regions.code),
    districtCode: text().references(() => districts.code),
    name: text().notNull(),
    nameEn: text(),
    sort: integer().notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('parks_region_name_uq').on(t.regionCode, t.name)],
);
