import { sql } from 'drizzle-orm';
import { customType, index, integer, pgTable, text, unique, uniqueIndex, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from './columns.js';
import { orgs } from './orgs.js';
import { districts, parks, regions } from './regions.js';

/** Written by the service (never read back by the API): tokens of the shared tokenizer, see shared/src/search.ts. */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * The enterprise registry. Each enterprise is also an organisation (kind `enterprise`) under its district bureau, so its
 * own users belong to it and district scope covers it. `org_path` and `site_org_path` copy the paths of that
 * organisation and of the serving site, so scoped lists filter one table (kept in step when organisations move).
 */
export const enterprises = pgTable(
  'enterprises',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    orgId: integer()
      .notNull()
      .references(() => orgs.id),
    orgPath: text().notNull(),
    regionCode: text()
      .notNull()
      .references(() => regions.code),
    creditCode: text().notNull(),
    name: text().notNull(),
    legalRep: text(),
    regAddress: text(),
    opAddress: text(),
    districtCode: text().references(() => districts.code),
    parkId: integer().references(() => parks.id),
    /** dictionary `industry` (GB/T 4754) */
    industryCode: text(),
    /** the section letter (门类) of industry_code, so a section filter or chart is one indexed column */
    industrySection: text(),
    /** dictionary `enterprise_size` */
    size: text(),
    /** dictionary `enterprise_kind` */
    kinds: text().array().notNull().default(sql`'{}'::text[]`),
    products: text(),
    contactName: text(),
    contactPhone: text(),
    contactEmail: text(),
    siteOrgId: integer().references(() => orgs.id),
    siteOrgPath: text(),
    status: text({ enum: ['pending', 'active', 'merged', 'closed'] })
      .notNull()
      .default('active'),
    mergedIntoId: integer().references((): AnyPgColumn => enterprises.id),
    source: text({ enum: ['staff', 'self', 'import'] })
      .notNull()
      .default('staff'),
    search: tsvector().notNull(),
    createdBy: integer(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('enterprises_region_credit_code_uq').on(t.regionCode, t.creditCode),
    uniqueIndex('enterprises_org_uq').on(t.orgId),
    index('enterprises_org_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`, t.id),
    index('enterprises_site_org_path_idx').using('btree', sql`${t.siteOrgPath} text_pattern_ops`),
    index('enterprises_site_org_idx').on(t.siteOrgId),
    index('enterprises_district_idx').on(t.districtCode),
    index('enterprises_park_idx').on(t.parkId),
    index('enterprises_industry_idx').on(t.industrySection, t.industryCode),
    index('enterprises_status_idx').on(t.status),
    // merging re-points earlier merges, and deleting a record checks this self-reference: without it, full scans
    index('enterprises_merged_into_idx')
      .on(t.mergedIntoId)
      .where(sql`${t.mergedIntoId} is not null`),
    index('enterprises_name_idx').on(t.name),
    index('enterprises_created_idx').on(t.createdAt),
    index('enterprises_kinds_idx').using('gin', t.kinds),
    index('enterprises_search_idx').using('gin', t.search),
    // partial words: name ILIKE '%…%' (pg_trgm, created at the top of the migration)
    index('enterprises_name_trgm_idx').using('gin', t.name.op('gin_trgm_ops')),
  ],
);

/**
 * 企业统计 and the enterprise list's totals from maintained aggregates (issue 23 items 1–2): how many enterprises share
 * each combination of the statistics' columns, per **scope node** — `scope_path` is every organisation whose data scope
 * shows the enterprise (the organisations above its own node and its serving site with the organisations above that,
 * each node once) and `/` for the whole registry — so a bureau's scope is an equality on the key's leading column.
 * `kind` null is the enterprise itself; one row more per kind it holds. Kept by statement triggers on `enterprises`
 * (function in migration 0040_enterprise_scope_tallies, triggers from 0021) in the writing transaction; never written by
 * the application. Rows may reach n = 0 and stay (a later insert reuses them).
 */
export const enterpriseTallies = pgTable(
  'enterprise_tallies',
  {
    scopePath: text().notNull(),
    districtCode: text(),
    industrySection: text(),
    size: text(),
    status: text().notNull(),
    kind: text(),
    regionCode: text().notNull(),
    n: integer().notNull(),
  },
  (t) => [
    unique('enterprise_tallies_key')
      .on(t.scopePath, t.districtCode, t.industrySection, t.size, t.status, t.kind, t.regionCode)
      .nullsNotDistinct(),
  ],
);
