import { boolean, index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from './columns.js';
import { regions } from './regions.js';
import { scopeColumns } from './scope-columns.js';
import { users } from './users.js';

/**
 * A region's directory of the other public service systems (issue 24 item 5; docs/sites.md § Other service systems):
 * IP protection centres, 知识产权综合服务, innovation and start-up guidance, incubators. Seeded from
 * config/service-systems/<region>.json (`source` file), then kept by the city administrator (`source` edit). Public.
 */
export const serviceSystems = pgTable(
  'service_systems',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    regionCode: text()
      .notNull()
      .references(() => regions.code),
    kind: text({ enum: ['ip_protection', 'ip_service', 'innovation', 'entrepreneurship', 'incubator', 'other'] }).notNull(),
    name: text().notNull(),
    nameEn: text(),
    operator: text(),
    services: text().notNull(),
    /** null: serves the whole region */
    districtCode: text(),
    address: text(),
    phone: text(),
    url: text(),
    active: boolean().notNull().default(true),
    sort: integer().notNull().default(0),
    source: text({ enum: ['file', 'edit'] }).notNull().default('edit'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('service_systems_region_name_uq').on(t.regionCode, t.name), index('service_systems_region_idx').on(t.regionCode, t.kind, t.sort)],
);

/**
 * One referral to an entry: an enterprise following it (from its help request or the directory) or an officer recording
 * that they sent an enterprise there. Scoped where the referrer stands (the enterprise's, else the officer's organisation),
 * so a district counts its own and the city all of them.
 */
export const serviceSystemReferrals = pgTable(
  'service_system_referrals',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    systemId: integer()
      .notNull()
      .references(() => serviceSystems.id),
    ...scopeColumns(),
    via: text({ enum: ['enterprise', 'officer'] }).notNull(),
    enterpriseId: integer(),
    /** the help request (services module) it came from, if any */
    requestId: integer(),
    note: text(),
    createdBy: integer().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('service_system_referrals_system_idx').on(t.systemId, t.createdAt), index('service_system_referrals_org_path_idx').on(t.orgPath)],
);
