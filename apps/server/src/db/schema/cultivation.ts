import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, tstz, updatedAt } from './columns.js';
import { enterprises } from './enterprises.js';
import { files } from './files.js';
import { orgs } from './orgs.js';
import { regions } from './regions.js';
import { users } from './users.js';

const STAGES = ['candidate', 'cultivating', 'created', 'accepted', 'withdrawn'] as const;

/**
 * The cultivation list (培育企业清单): one row per enterprise and list year, in a batch. The stage changes only through a
 * request that the district bureau reviews and the city bureau approves; the open request lives on the row
 * (`request_stage`, `review`), its history in `cultivation_events`. `site_org_path` copies the coaching site's path so
 * the site's staff (and the bureaus above it) see the row by an indexed prefix match, as for enterprises.
 */
export const cultivationEntries = pgTable(
  'cultivation_entries',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    regionCode: text()
      .notNull()
      .references(() => regions.code),
    enterpriseId: integer()
      .notNull()
      .references(() => enterprises.id),
    year: integer().notNull(),
    batch: integer().notNull(),
    stage: text({ enum: STAGES }).notNull().default('candidate'),
    stageChangedAt: tstz().notNull().defaultNow(),
    siteOrgId: integer().references(() => orgs.id),
    siteOrgPath: text(),
    mentorName: text(),
    mentorPhone: text(),
    note: text(),
    review: text({ enum: ['none', 'district', 'city', 'returned'] })
      .notNull()
      .default('none'),
    requestStage: text({ enum: STAGES }),
    requestComment: text(),
    requestedBy: integer().references(() => users.id),
    requestedAt: tstz(),
    districtReviewedBy: integer().references(() => users.id),
    districtReviewedAt: tstz(),
    returnReason: text(),
    returnedAt: tstz(),
    /** willingness (issue 24 item 3): the day the enterprise signed its intention, and a note */
    intentionSignedOn: date({ mode: 'string' }),
    intentionNote: text(),
    createdBy: integer().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('cultivation_entries_enterprise_year_uq').on(t.enterpriseId, t.year),
    // an enterprise is on the list once at a time: a withdrawn one may come back in a later year
    uniqueIndex('cultivation_entries_open_uq')
      .on(t.enterpriseId)
      .where(sql`${t.stage} <> 'withdrawn'`),
    index('cultivation_entries_list_idx').on(t.regionCode, t.year, t.batch),
    index('cultivation_entries_stage_idx').on(t.stage, t.review),
    index('cultivation_entries_review_idx').on(t.review),
    index('cultivation_entries_site_idx').on(t.siteOrgId),
    index('cultivation_entries_site_path_idx').using('btree', sql`${t.siteOrgPath} text_pattern_ops`),
  ],
);

/** The coaching plan (辅导计划): items with a due date, done or not. */
export const cultivationPlanItems = pgTable(
  'cultivation_plan_items',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    entryId: integer()
      .notNull()
      .references(() => cultivationEntries.id),
    title: text().notNull(),
    dueDate: date({ mode: 'string' }),
    note: text(),
    sort: integer().notNull().default(0),
    doneAt: tstz(),
    doneBy: integer().references(() => users.id),
    doneNote: text(),
    createdBy: integer().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('cultivation_plan_items_entry_idx').on(t.entryId, t.sort, t.id)],
);

/**
 * The whole history of an entry, append-only: who (name and organisation as they were), when, what, the stages it
 * moved between, the comment or reason, and the files it brought.
 */
export const cultivationEvents = pgTable(
  'cultivation_events',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    entryId: integer()
      .notNull()
      .references(() => cultivationEntries.id),
    at: tstz().notNull().defaultNow(),
    userId: integer().references(() => users.id),
    userName: text(),
    orgId: integer().references(() => orgs.id),
    orgName: text(),
    action: text().notNull(),
    fromStage: text({ enum: STAGES }),
    toStage: text({ enum: STAGES }),
    comment: text(),
    fileIds: integer().array().notNull().default(sql`'{}'::integer[]`),
    /** structured details (a plan item's title and due date, a merge's source) */
    data: jsonb(),
  },
  (t) => [index('cultivation_events_entry_idx').on(t.entryId, t.at, t.id)],
);

/** Evidence (佐证材料) linked to an entry; served by the cultivation routes under the entry's scope. */
export const cultivationEvidence = pgTable(
  'cultivation_evidence',
  {
    entryId: integer()
      .notNull()
      .references(() => cultivationEntries.id),
    fileId: integer()
      .notNull()
      .references(() => files.id),
    stage: text({ enum: STAGES }).notNull(),
    note: text(),
    addedBy: integer().references(() => users.id),
    addedAt: tstz().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.entryId, t.fileId] }), index('cultivation_evidence_file_idx').on(t.fileId)],
);
