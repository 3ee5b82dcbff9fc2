import { sql } from 'drizzle-orm';
import { date, doublePrecision, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import type { AppraisalScheme } from '@shangmi/shared';
import { scopeColumns } from './scope-columns.js';
import { tstz } from './columns.js';
import { regions } from './regions.js';
import { users } from './users.js';

/**
 * 考核 (issue 19 item 4; docs/appraisal.md). A round per region and year, kept by the city bureau (`org_*`), holding a
 * snapshot of the year's scheme (config/appraisal/) so a later correction of the file never changes an opened round.
 */
export const appraisalRounds = pgTable(
  'appraisal_rounds',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    ...scopeColumns(),
    year: integer().notNull(),
    status: text({ enum: ['open', 'scoring', 'published', 'final'] }).notNull().default('open'),
    scheme: jsonb().$type<AppraisalScheme>().notNull(),
    /** the version of appraisal_scheme_versions the snapshot was taken from */
    schemeVersion: integer(),
    openedBy: integer().references(() => users.id),
    openedAt: tstz().notNull(),
    computedAt: tstz().notNull(),
    scoringAt: tstz(),
    publishedAt: tstz(),
    objectionDue: date({ mode: 'string' }),
    finalisedAt: tstz(),
  },
  (t) => [uniqueIndex('appraisal_rounds_region_year_uq').on(t.regionCode, t.year)],
);

/**
 * A district's sheet in a round, homed at the district bureau (`org_*`: the district sees its own, the city all).
 * `state` is the module's copy of the engine's `appraisal.sheet` path; the totals are recomputed under the sheet's row
 * lock on every score, so they always equal the sum of the items.
 */
export const appraisalSheets = pgTable(
  'appraisal_sheets',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    roundId: integer()
      .notNull()
      .references(() => appraisalRounds.id),
    ...scopeColumns(),
    state: text({ enum: ['filling', 'submitted', 'published', 'objected', 'final'] }).notNull().default('filling'),
    submittedAt: tstz(),
    baseCenti: integer().notNull().default(0),
    bonusCenti: integer().notNull().default(0),
    deductionCenti: integer().notNull().default(0),
    totalCenti: integer().notNull().default(0),
    objection: text(),
    objectedAt: tstz(),
    objectionDecision: text({ enum: ['upheld', 'rejected'] }),
    objectionAnswer: text(),
    answeredAt: tstz(),
  },
  (t) => [uniqueIndex('appraisal_sheets_round_district_uq').on(t.roundId, t.districtCode), index('appraisal_sheets_org_path_idx').on(t.orgPath.op('text_pattern_ops'))],
);

/** One item of a sheet: the indicator's value (computed items), the district's evidence (manual), the city's score. */
export const appraisalScores = pgTable(
  'appraisal_scores',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    sheetId: integer()
      .notNull()
      .references(() => appraisalSheets.id),
    itemKey: text().notNull(),
    value: doublePrecision(),
    scoreCenti: integer(),
    evidence: text(),
    fileIds: integer().array().notNull().default(sql`'{}'::int[]`),
    reason: text(),
    scoredBy: integer().references(() => users.id),
    scoredAt: tstz(),
  },
  (t) => [uniqueIndex('appraisal_scores_sheet_item_uq').on(t.sheetId, t.itemKey)],
);

/**
 * The scheme's versions per region and year (考核方案管理). The shipped file seeds version 1 (`source` file); the city
 * adds a version as a draft (a new row), edits it and publishes it. A published row is never changed; at most one draft
 * per region and year (a partial unique index).
 */
export const appraisalSchemeVersions = pgTable(
  'appraisal_scheme_versions',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    regionCode: text()
      .notNull()
      .references(() => regions.code),
    year: integer().notNull(),
    version: integer().notNull(),
    status: text({ enum: ['draft', 'published'] }).notNull(),
    source: text({ enum: ['file', 'edit'] }).notNull(),
    scheme: jsonb().$type<AppraisalScheme>().notNull(),
    createdBy: integer().references(() => users.id),
    createdAt: tstz().notNull().defaultNow(),
    updatedAt: tstz().notNull().defaultNow(),
    publishedBy: integer().references(() => users.id),
    publishedAt: tstz(),
  },
  (t) => [
    uniqueIndex('appraisal_scheme_versions_uq').on(t.regionCode, t.year, t.version),
    uniqueIndex('appraisal_scheme_versions_draft_uq').on(t.regionCode, t.year).where(sql`status = 'draft'`),
  ],
);
