import { sql } from 'drizzle-orm';
import { doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { createdAt, tstz, updatedAt } from './columns.js';
import { files } from './files.js';
import { orgs } from './orgs.js';
import { districts, parks, regions } from './regions.js';
import { users } from './users.js';

const KINDS = ['base', 'station', 'point', 'centre'] as const;
const STATUSES = ['planned', 'building', 'applying', 'accredited', 'operating', 'suspended', 'revoked'] as const;

/**
 * The protection network: one row per base, station or point. Each is also an organisation (kind `site`) under its
 * parent site or, for a site without one, under its district bureau — so district scope covers it and its staff accounts
 * belong to it. `org_path` copies the node's path (kept in step when organisations move), so scoped lists filter one table.
 */
export const sites = pgTable(
  'sites',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    orgId: integer()
      .notNull()
      .references(() => orgs.id),
    orgPath: text().notNull(),
    regionCode: text()
      .notNull()
      .references(() => regions.code),
    districtCode: text().references(() => districts.code),
    parkId: integer().references(() => parks.id),
    kind: text({ enum: KINDS }).notNull(),
    level: text({ enum: ['city', 'district'] }).notNull(),
    name: text().notNull(),
    parentSiteId: integer().references((): AnyPgColumn => sites.id),
    /**
     * The host (依托单位) as an organisation of the registry — an enterprise or another organisation (issue 24 item 2), so
     * the dashboard can count sites by the host's kind. `host_name` keeps the name as typed; a name not yet linked to an
     * organisation (host_org_id null) is listed for a person to link (待关联).
     */
    hostOrgId: integer().references(() => orgs.id),
    hostName: text(),
    /** dictionary `site_host_kind` */
    hostKind: text(),
    address: text(),
    lng: doublePrecision(),
    lat: doublePrecision(),
    contactName: text(),
    contactPhone: text(),
    contactEmail: text(),
    hours: text(),
    /** dictionary `site_service` */
    services: text().array().notNull().default(sql`'{}'::text[]`),
    intro: text(),
    status: text({ enum: STATUSES }).notNull().default('planned'),
    statusChangedAt: tstz().notNull().defaultNow(),
    /** when the city accredited it (the targets count by this), and its plaque */
    accreditedAt: tstz(),
    plaqueNo: text(),
    revokedAt: tstz(),
    /** the open or last acceptance (its state is copied here so lists and the dashboard filter one table) */
    acceptanceId: integer(),
    acceptance: text({ enum: ['district', 'city', 'returned', 'withdrawn', 'approved'] }),
    submittedAt: tstz(),
    createdBy: integer().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('sites_org_uq').on(t.orgId),
    uniqueIndex('sites_plaque_uq').on(t.plaqueNo),
    index('sites_org_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`, t.id),
    index('sites_region_status_idx').on(t.regionCode, t.status, t.kind),
    index('sites_region_accredited_idx').on(t.regionCode, t.accreditedAt),
    index('sites_district_idx').on(t.districtCode),
    index('sites_park_idx').on(t.parkId),
    index('sites_host_org_idx').on(t.hostOrgId),
    index('sites_parent_idx').on(t.parentSiteId),
    index('sites_acceptance_idx').on(t.acceptance, t.submittedAt),
    index('sites_services_idx').using('gin', t.services),
    index('sites_name_trgm_idx').using('gin', t.name.op('gin_trgm_ops')),
    // the public directory searches these too (ILIKE), and pages in this order over the public sites
    index('sites_host_trgm_idx').using('gin', t.hostName.op('gin_trgm_ops')),
    index('sites_address_trgm_idx').using('gin', t.address.op('gin_trgm_ops')),
    index('sites_public_order_idx')
      .on(t.districtCode.asc().nullsFirst(), t.kind, t.name, t.id)
      .where(sql`${t.status} in ('accredited', 'operating')`),
  ],
);

/** The whole history of a site, append-only: who (name and organisation as they were), when, what and why. */
export const siteEvents = pgTable(
  'site_events',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    siteId: integer()
      .notNull()
      .references(() => sites.id),
    at: tstz().notNull().defaultNow(),
    userId: integer().references(() => users.id),
    userName: text(),
    orgId: integer().references(() => orgs.id),
    orgName: text(),
    action: text().notNull(),
    fromStatus: text({ enum: STATUSES }),
    toStatus: text({ enum: STATUSES }),
    comment: text(),
    fileIds: integer().array().notNull().default(sql`'{}'::integer[]`),
    data: jsonb(),
  },
  (t) => [index('site_events_site_idx').on(t.siteId, t.at, t.id)],
);

/** Photos and acceptance evidence linked to a site; served under the site's scope (photos of accepted sites: publicly). */
export const siteFiles = pgTable(
  'site_files',
  {
    siteId: integer()
      .notNull()
      .references(() => sites.id),
    fileId: integer()
      .notNull()
      .references(() => files.id),
    purpose: text({ enum: ['photo', 'evidence'] }).notNull(),
    acceptanceId: integer(),
    itemCode: text(),
    addedBy: integer().references(() => users.id),
    addedAt: tstz().notNull().defaultNow(),
    /** a removed photo stays linked (history points at it) but is no longer shown */
    removedAt: tstz(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.fileId] }), index('site_files_file_idx').on(t.fileId)],
);

/**
 * The construction standard (建设标准): one version of one kind's checklist for a region. Shipped versions come from
 * config/standards/*.json; a city administrator's edit is a new version (the highest is current). Acceptances point at
 * the version they were made against, so a later edit never changes a past score.
 */
export const siteStandards = pgTable(
  'site_standards',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    regionCode: text()
      .notNull()
      .references(() => regions.code),
    kind: text({ enum: KINDS }).notNull(),
    version: integer().notNull(),
    title: text().notNull(),
    basis: text(),
    passScore: integer().notNull(),
    items: jsonb().notNull(),
    source: text({ enum: ['file', 'edit'] }).notNull(),
    /** the shipped file's own version this row was loaded from (source 'file'); a region's numbering may differ */
    fileVersion: integer(),
    createdBy: integer().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('site_standards_version_uq').on(t.regionCode, t.kind, t.version)],
);

/**
 * One acceptance (验收): the site's self-evaluation (a score and evidence per item), the district's scores and decision,
 * the city's decision. `state`: district → city → approved, or returned (at either level) with a reason, or withdrawn by
 * the applicant before the decision (the reason in returnReason, the time in returnedAt).
 */
export const siteAcceptances = pgTable(
  'site_acceptances',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    siteId: integer()
      .notNull()
      .references(() => sites.id),
    standardId: integer()
      .notNull()
      .references(() => siteStandards.id),
    state: text({ enum: ['district', 'city', 'returned', 'withdrawn', 'approved'] }).notNull(),
    statement: text().notNull(),
    /** [{ code, selfScore, note, fileIds, districtScore, districtComment }] */
    items: jsonb().notNull(),
    selfTotal: integer().notNull(),
    districtTotal: integer(),
    submittedBy: integer().references(() => users.id),
    submittedAt: tstz().notNull(),
    districtBy: integer().references(() => users.id),
    districtAt: tstz(),
    districtComment: text(),
    cityBy: integer().references(() => users.id),
    cityAt: tstz(),
    cityComment: text(),
    returnReason: text(),
    returnedAt: tstz(),
    plaqueNo: text(),
  },
  (t) => [index('site_acceptances_site_idx').on(t.siteId, t.id)],
);

/** Goals per region, year and target kind (district_code null) and their split into district quotas. */
export const siteTargets = pgTable(
  'site_targets',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    regionCode: text()
      .notNull()
      .references(() => regions.code),
    year: integer().notNull(),
    kind: text({ enum: ['base', 'station_point', 'centre'] }).notNull(),
    districtCode: text().references(() => districts.code),
    cumulative: integer().notNull(),
    newPerYear: integer().notNull(),
    updatedBy: integer().references(() => users.id),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('site_targets_uq').on(t.regionCode, t.year, t.kind, sql`coalesce(${t.districtCode}, '')`)],
);

/** One bulk import of sites: the workbook, what its check found, what its commit wrote. */
export const siteImports = pgTable(
  'site_imports',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    fileId: integer()
      .notNull()
      .references(() => files.id),
    status: text({ enum: ['checked', 'committed'] }).notNull(),
    /** the region the file was checked for (its error workbook is checked again for the same one) */
    regionCode: text(),
    totalRows: integer().notNull().default(0),
    validRows: integer().notNull().default(0),
    errorRows: integer().notNull().default(0),
    inserted: integer().notNull().default(0),
    errors: jsonb().notNull().default([]),
    /** the valid rows as checked, written by the commit */
    rows: jsonb().notNull().default([]),
    createdBy: integer()
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    committedAt: tstz(),
  },
  (t) => [index('site_imports_creator_idx').on(t.createdBy, t.id)],
);
