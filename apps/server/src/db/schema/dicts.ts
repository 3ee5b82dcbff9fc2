import { boolean, index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from './columns.js';

export const dictTypes = pgTable('dict_types', {
  code: text().primaryKey(),
  nameZh: text().notNull(),
  nameEn: text().notNull(),
  /** seeded by the platform: items may be edited and disabled, the type not deleted */
  system: boolean().notNull().default(false),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const dictItems = pgTable(
  'dict_items',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    typeCode: text()
      .notNull()
      .references(() => dictTypes.code),
    value: text().notNull(),
    labelZh: text().notNull(),
    labelEn: text().notNull(),
    parentValue: text(),
    sort: integer().notNull().default(0),
    enabled: boolean().notNull().default(true),
    system: boolean().notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('dict_items_type_value_uq').on(t.typeCode, t.value), index('dict_items_type_idx').on(t.typeCode, t.sort)],
);
