import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import type { TrainingQuiz } from '@shangmi/shared';
import { scopeColumns } from './scope-columns.js';
import { createdAt, tstz, updatedAt } from './columns.js';
import { orgs } from './orgs.js';
import { regions } from './regions.js';
import { users } from './users.js';

/**
 * 宣传培训 (docs/outreach.md). Every row carries its organiser's node (`org_id`/`org_path`): the data scope, and the
 * key the service ledger counts activities by (outreach.service `activityCounts`).
 */

/** A training session (one day, one place or link): organised by a bureau, a site or a provider. */
export const outreachTrainings = pgTable(
  'outreach_trainings',
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
    audience: text({ enum: ['officers', 'enterprises', 'all'] }).notNull(),
    heldOn: date({ mode: 'string' }).notNull(),
    startTime: text().notNull(),
    /** the hours a participant is credited with, in minutes (no floats for hours) */
    minutes: integer().notNull(),
    place: text(),
    onlineUrl: text(),
    capacity: integer().notNull(),
    description: text(),
    materialFileIds: integer().array().notNull().default(sql`'{}'::int[]`),
    state: text({ enum: ['planned', 'held', 'cancelled'] }).notNull().default('planned'),
    /** the random part of the check-in link the QR code carries (not guessable: a check-in needs an enrolment too) */
    checkinToken: text().notNull(),
    enrolled: integer().notNull().default(0),
    /** the optional short quiz taken after check-in (questions with their answers; never sent to participants as is) */
    quiz: jsonb().$type<TrainingQuiz>(),
    createdBy: integer().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('outreach_trainings_org_idx').on(t.orgPath, t.heldOn),
    index('outreach_trainings_held_idx').on(t.regionCode, t.heldOn),
    uniqueIndex('outreach_trainings_token_uq').on(t.checkinToken),
  ],
);

/** One person enrolled in one session; `checked_in_at` once, on the day; `minutes` credited at check-in. */
export const outreachEnrolments = pgTable(
  'outreach_enrolments',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    trainingId: integer()
      .notNull()
      .references(() => outreachTrainings.id),
    userId: integer()
      .notNull()
      .references(() => users.id),
    /** the participant's organisation when enrolled: hours by district and agency are counted over it */
    orgId: integer()
      .notNull()
      .references(() => orgs.id),
    orgPath: text().notNull(),
    enrolledBy: integer().references(() => users.id),
    enrolledAt: createdAt(),
    checkedInAt: tstz(),
    minutes: integer().notNull().default(0),
    certificateNo: text(),
    /** the quiz: the best score so far (percent) and how often it was taken */
    quizScore: integer(),
    quizAttempts: integer().notNull().default(0),
  },
  (t) => [uniqueIndex('outreach_enrolments_uq').on(t.trainingId, t.userId), index('outreach_enrolments_user_idx').on(t.userId, t.checkedInAt), index('outreach_enrolments_org_idx').on(t.orgPath)],
);

/** A publicity activity on the calendar: planned, then done with its results (or cancelled). */
export const outreachEvents = pgTable(
  'outreach_events',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    ...scopeColumns(),
    kind: text().notNull(),
    title: text().notNull(),
    heldOn: date({ mode: 'string' }).notNull(),
    endsOn: date({ mode: 'string' }),
    place: text(),
    audience: text(),
    state: text({ enum: ['planned', 'done', 'cancelled'] }).notNull().default('planned'),
    participants: integer(),
    reach: integer(),
    links: text().array().notNull().default(sql`'{}'::text[]`),
    photoFileIds: integer().array().notNull().default(sql`'{}'::int[]`),
    result: text(),
    /** when subscribers were told of it (once) */
    announcedAt: tstz(),
    createdBy: integer().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('outreach_events_org_idx').on(t.orgPath, t.heldOn), index('outreach_events_held_idx').on(t.regionCode, t.heldOn)],
);

/**
 * An article (news, 以案说法, policy interpretation, 公示曝光, guidance). `state` copies the engine's `outreach.article`
 * path; `publish_at` is when a published article becomes visible (scheduled publishing); `announced_at` when its
 * subscribers were told (the job sets it once).
 */
export const outreachArticles = pgTable(
  'outreach_articles',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    regionCode: text()
      .notNull()
      .references(() => regions.code),
    orgId: integer()
      .notNull()
      .references(() => orgs.id),
    orgPath: text().notNull(),
    category: text().notNull(),
    title: text().notNull(),
    summary: text(),
    /** sanitised HTML (outreach/html.ts): what is stored is what the public page shows */
    body: text().notNull(),
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    imageFileIds: integer().array().notNull().default(sql`'{}'::int[]`),
    attachmentFileIds: integer().array().notNull().default(sql`'{}'::int[]`),
    state: text().notNull().default('draft'),
    publishAt: tstz(),
    announcedAt: tstz(),
    createdBy: integer().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('outreach_articles_org_idx').on(t.orgPath, t.updatedAt),
    index('outreach_articles_public_idx')
      .on(t.regionCode, t.publishAt)
      .where(sql`state = 'published'`),
  ],
);

/** A user's subscription to a topic (new articles, events, trainings), optionally only for one district. */
export const outreachSubscriptions = pgTable(
  'outreach_subscriptions',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    userId: integer()
      .notNull()
      .references(() => users.id),
    regionCode: text().notNull(),
    topic: text({ enum: ['articles', 'events', 'trainings'] }).notNull(),
    districtCode: text(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('outreach_subscriptions_uq').on(t.userId, t.topic), index('outreach_subscriptions_topic_idx').on(t.regionCode, t.topic)],
);

/**
 * 人才库/专家库: an expert kept by a bureau (judges, lawyers, appraisers, professors, officers) with fields and
 * availability. The pool is shared within the region (every reader of outreach there finds them); the keeping bureau
 * (its scope) edits them. Contact goes through the keeping bureau: no personal phone is kept here.
 */
export const outreachExperts = pgTable(
  'outreach_experts',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    regionCode: text()
      .notNull()
      .references(() => regions.code),
    orgId: integer()
      .notNull()
      .references(() => orgs.id),
    orgPath: text().notNull(),
    name: text().notNull(),
    kind: text({ enum: ['judge', 'lawyer', 'appraiser', 'professor', 'officer', 'other'] }).notNull(),
    /** employer and title (宁夏大学法学院 教授) */
    affiliation: text(),
    fields: text().array().notNull().default(sql`'{}'::text[]`),
    availability: text({ enum: ['available', 'limited', 'unavailable'] }).notNull().default('available'),
    note: text(),
    createdBy: integer().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('outreach_experts_region_idx').on(t.regionCode, t.name), index('outreach_experts_org_idx').on(t.orgPath)],
);

/** Who used an expert when, for what (a training, an on-site check, a mediation, an appraisal); by which organisation. */
export const outreachExpertUses = pgTable(
  'outreach_expert_uses',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    expertId: integer()
      .notNull()
      .references(() => outreachExperts.id),
    orgId: integer()
      .notNull()
      .references(() => orgs.id),
    purpose: text({ enum: ['training', 'onsite_check', 'mediation', 'appraisal', 'other'] }).notNull(),
    usedOn: date({ mode: 'string' }).notNull(),
    note: text(),
    createdBy: integer().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('outreach_expert_uses_expert_idx').on(t.expertId, t.usedOn)],
);

/**
 * A member of the public subscribed without an account (e-mail, or SMS through the outbox's SMS channel). Double
 * opt-in: a request stores the wanted topics as `pending_topics` and sends a confirmation link; only the link moves
 * them into `topics` (so nobody can change another person's subscription by typing their address). The address and the
 * link's token are sealed (AES-256-GCM, AAD bound to the row's hash); the token's SHA-256 finds the row. One token
 * per subscriber for its life: the confirmation link and the stop link of every message.
 */
export const outreachPublicSubscribers = pgTable(
  'outreach_public_subscribers',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    regionCode: text()
      .notNull()
      .references(() => regions.code),
    channel: text({ enum: ['email', 'sms'] }).notNull(),
    addressSealed: text().notNull(),
    /** SHA-256 of region, channel and the normalised address: one row per address and region */
    addressHash: text().notNull(),
    tokenSealed: text().notNull(),
    tokenHash: text().notNull(),
    topics: text().array().notNull().default(sql`'{}'::text[]`),
    pendingTopics: text().array(),
    confirmedAt: tstz(),
    stoppedAt: tstz(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('outreach_public_subscribers_address_uq').on(t.regionCode, t.addressHash),
    uniqueIndex('outreach_public_subscribers_token_uq').on(t.tokenHash),
    index('outreach_public_subscribers_topics_idx').using('gin', t.topics),
  ],
);
