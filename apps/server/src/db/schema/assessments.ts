import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgTable, primaryKey, real, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, tstz, updatedAt } from './columns.js';
import { enterprises } from './enterprises.js';
import { files } from './files.js';
import { orgs } from './orgs.js';
import { regions } from './regions.js';
import { users } from './users.js';

/**
 * Health-check frameworks (诊断框架), one row per code and version: the validated file as JSON. Shipped files load at
 * start (`source = file`); a city admin may upload a new version. An assessment points at the row it started with.
 */
export const assessmentFrameworks = pgTable(
  'assessment_frameworks',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    code: text().notNull(),
    version: text().notNull(),
    title: text().notNull(),
    data: jsonb().notNull(),
    source: text({ enum: ['file', 'upload'] }).notNull(),
    createdBy: integer().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('assessment_frameworks_version_uq').on(t.code, t.version)],
);

/**
 * One health check (诊断体检) of one enterprise: a self-check, or an on-site check by a site's staff with the
 * enterprise's recorded consent. Answers and notes are one JSON object keyed by requirement (autosave merges into it).
 * `shared` is the enterprise's consent to let the bureaus above it read the individual assessment; without it they see
 * aggregates only. The enterprise's district, industry section and kinds are copied at submission, so the regional
 * picture groups one table. `dimension_scores` and `failed` are the stored result in the shape the aggregates read.
 */
export const assessments = pgTable(
  'assessments',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    regionCode: text()
      .notNull()
      .references(() => regions.code),
    enterpriseId: integer()
      .notNull()
      .references(() => enterprises.id),
    orgId: integer()
      .notNull()
      .references(() => orgs.id),
    orgPath: text().notNull(),
    frameworkId: integer()
      .notNull()
      .references(() => assessmentFrameworks.id),
    kind: text({ enum: ['self', 'onsite'] }).notNull(),
    siteOrgId: integer().references(() => orgs.id),
    siteOrgPath: text(),
    consentBy: text(),
    consentDate: date({ mode: 'string' }),
    consentNote: text(),
    shared: boolean().notNull().default(false),
    status: text({ enum: ['draft', 'submitted'] })
      .notNull()
      .default('draft'),
    /** the enterprise's latest submitted check (one per enterprise): what the regional picture and peer ranks read */
    latest: boolean().notNull().default(false),
    profile: jsonb().notNull().default({}),
    answers: jsonb().notNull().default({}),
    campaignId: integer(),
    districtCode: text(),
    industrySection: text(),
    kinds: text().array().notNull().default(sql`'{}'::text[]`),
    asOf: date({ mode: 'string' }),
    result: jsonb(),
    score: real(),
    level: integer(),
    risk: text(),
    dimensionScores: jsonb(),
    failed: text().array(),
    startedBy: integer()
      .notNull()
      .references(() => users.id),
    submittedBy: integer().references(() => users.id),
    submittedAt: tstz(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('assessments_enterprise_idx').on(t.enterpriseId, t.submittedAt),
    index('assessments_org_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`),
    index('assessments_site_path_idx').using('btree', sql`${t.siteOrgPath} text_pattern_ops`),
    // the regional picture and peer percentiles read the latest check of each enterprise
    index('assessments_latest_idx').on(t.frameworkId, t.regionCode).where(sql`${t.latest}`),
    uniqueIndex('assessments_latest_uq').on(t.enterpriseId).where(sql`${t.latest}`),
    index('assessments_campaign_idx').on(t.campaignId),
  ],
);

/** Evidence files per requirement (the files module stores them). */
export const assessmentEvidence = pgTable(
  'assessment_evidence',
  {
    assessmentId: integer()
      .notNull()
      .references(() => assessments.id),
    requirementId: text().notNull(),
    fileId: integer()
      .notNull()
      .references(() => files.id),
    addedBy: integer().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.assessmentId, t.requirementId, t.fileId] })],
);

/** A reviewer's (site staff's) comment on an assessment or one of its requirements. */
export const assessmentComments = pgTable(
  'assessment_comments',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    assessmentId: integer()
      .notNull()
      .references(() => assessments.id),
    requirementId: text(),
    body: text().notNull(),
    authorId: integer()
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('assessment_comments_assessment_idx').on(t.assessmentId)],
);

/**
 * A campaign (体检活动, e.g. 2026 年服务月体检): a bureau asks a set of enterprises to complete a health check by a deadline.
 * The set is fixed at launch (targets); a target is done when the enterprise submits an assessment for the campaign.
 */
export const assessmentCampaigns = pgTable(
  'assessment_campaigns',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    regionCode: text()
      .notNull()
      .references(() => regions.code),
    orgId: integer()
      .notNull()
      .references(() => orgs.id),
    orgPath: text().notNull(),
    title: text().notNull(),
    frameworkId: integer()
      .notNull()
      .references(() => assessmentFrameworks.id),
    deadline: date({ mode: 'string' }).notNull(),
    criteria: jsonb().notNull(),
    createdBy: integer().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('assessment_campaigns_org_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`)],
);

export const assessmentCampaignTargets = pgTable(
  'assessment_campaign_targets',
  {
    campaignId: integer()
      .notNull()
      .references(() => assessmentCampaigns.id),
    enterpriseId: integer()
      .notNull()
      .references(() => enterprises.id),
    assessmentId: integer().references(() => assessments.id),
    completedAt: tstz(),
    remindedCount: integer().notNull().default(0),
    lastRemindedAt: tstz(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.enterpriseId] }), index('assessment_campaign_targets_enterprise_idx').on(t.enterpriseId)],
);
