import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import type { Answers, SurveyDefinition } from '@shangmi/shared';
import { scopeColumns } from './scope-columns.js';
import { createdAt, tstz, updatedAt } from './columns.js';
import { enterprises } from './enterprises.js';
import { listeningAssociations } from './listening-associations.js';
import { orgs } from './orgs.js';
import { regions } from './regions.js';
import { users } from './users.js';

/**
 * 倾听企业 (issue 17). A meeting is a visit, a forum or an interview, held by a bureau (`org_id`/`org_path`: the data
 * scope); `enterprise_ids` are the enterprises met (one for a visit or an interview), so an enterprise's profile lists its
 * visit history through the GIN index.
 */
export const listeningMeetings = pgTable(
  'listening_meetings',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    kind: text({ enum: ['visit', 'forum', 'interview'] }).notNull(),
    status: text({ enum: ['planned', 'recorded', 'cancelled'] })
      .notNull()
      .default('planned'),
    ...scopeColumns(),
    enterpriseIds: integer().array().notNull(),
    /** the quarter of the plan, `2026Q4` (a district's visit plan for a quarter is a filter on it) */
    quarter: text().notNull(),
    plannedOn: date({ mode: 'string' }).notNull(),
    heldOn: date({ mode: 'string' }),
    staff: text().array().notNull(),
    purpose: text().notNull(),
    agenda: text(),
    notes: text(),
    peopleMet: jsonb().$type<{ name: string; title?: string | null; enterpriseId?: number | null }[]>().notNull().default([]),
    situation: text(),
    photoFileIds: integer().array().notNull().default(sql`'{}'::int[]`),
    /** an association's activity (its forum, training, visit): the association that held it or that it was held for */
    associationOrgId: integer().references(() => listeningAssociations.orgId),
    createdBy: integer().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('listening_meetings_org_path_idx').on(t.orgPath.op('text_pattern_ops'), t.plannedOn),
    index('listening_meetings_enterprises_idx').using('gin', t.enterpriseIds),
    index('listening_meetings_association_idx')
      .on(t.associationOrgId, t.plannedOn)
      .where(sql`association_org_id is not null`),
  ],
);

/**
 * A need or opinion (诉求/意见建议) of one enterprise. Seen by the bureau that recorded it (`org_path`), by the
 * organisation it is assigned to (`assignee_org_path`) and by the enterprise (`enterprise_org_id`). `state` copies the
 * engine's `listening.need` path; `due_on` its limit. `link_kind`/`link_id`: what it became in another module.
 */
export const listeningNeeds = pgTable(
  'listening_needs',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    ...scopeColumns(),
    enterpriseId: integer()
      .notNull()
      .references(() => enterprises.id),
    enterpriseOrgId: integer().notNull(),
    enterpriseOrgPath: text().notNull(),
    kind: text({ enum: ['need', 'opinion'] }).notNull(),
    category: text({ enum: ['policy', 'training', 'legal', 'rights', 'funding', 'other'] }).notNull(),
    title: text().notNull(),
    detail: text(),
    source: text({ enum: ['visit', 'forum', 'interview', 'survey', 'help', 'other'] }).notNull(),
    sourceId: integer(),
    state: text({ enum: ['open', 'assigned', 'replied', 'closed'] })
      .notNull()
      .default('open'),
    assigneeOrgId: integer().references(() => orgs.id),
    assigneeOrgPath: text(),
    dueOn: date({ mode: 'string' }),
    reply: text(),
    repliedAt: tstz(),
    closedAt: tstz(),
    /** true: the enterprise confirmed; false: closed by the bureau without confirmation; null: not closed */
    confirmed: boolean(),
    reopenCount: integer().notNull().default(0),
    linkKind: text({ enum: ['service_request', 'cultivation'] }),
    linkId: integer(),
    createdBy: integer().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('listening_needs_org_path_idx').on(t.orgPath.op('text_pattern_ops'), t.id),
    index('listening_needs_assignee_idx').on(t.assigneeOrgPath.op('text_pattern_ops'), t.id),
    index('listening_needs_enterprise_idx').on(t.enterpriseOrgId, t.id),
    index('listening_needs_open_due_idx').on(t.dueOn).where(sql`state in ('assigned')`),
  ],
);

/** A survey: its definition (sections of questions), kept by the bureau that made it. */
export const listeningSurveys = pgTable(
  'listening_surveys',
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
    intro: text(),
    anonymous: boolean().notNull().default(false),
    status: text({ enum: ['draft', 'open', 'closed'] })
      .notNull()
      .default('draft'),
    sections: jsonb().$type<SurveyDefinition>().notNull(),
    templateKey: text(),
    openedAt: tstz(),
    closedAt: tstz(),
    createdBy: integer().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('listening_surveys_org_path_idx').on(t.orgPath.op('text_pattern_ops'), t.id)],
);

/**
 * The enterprises a survey was sent to. `answered` is the receipt that keeps an account from answering twice; it is
 * never linked to the response (an anonymous answer cannot be traced back through it).
 */
export const listeningSurveyTargets = pgTable(
  'listening_survey_targets',
  {
    surveyId: integer()
      .notNull()
      .references(() => listeningSurveys.id, { onDelete: 'cascade' }),
    enterpriseId: integer()
      .notNull()
      .references(() => enterprises.id),
    enterpriseOrgId: integer().notNull(),
    answered: boolean().notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.surveyId, t.enterpriseId] }), index('listening_survey_targets_org_idx').on(t.enterpriseOrgId)],
);

/** Link tokens (public link / QR code): each answers once. Only the SHA-256 is kept; `used` is the receipt. */
export const listeningSurveyTokens = pgTable(
  'listening_survey_tokens',
  {
    tokenHash: text().primaryKey(),
    surveyId: integer()
      .notNull()
      .references(() => listeningSurveys.id, { onDelete: 'cascade' }),
    used: boolean().notNull().default(false),
  },
  (t) => [index('listening_survey_tokens_survey_idx').on(t.surveyId)],
);

/**
 * One answer. A named answer carries its enterprise and the enterprise's district, industry section and first kind (the
 * cross-tabs); an anonymous one carries none of these, no user, no token, and only the day it came in.
 */
export const listeningResponses = pgTable(
  'listening_responses',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    surveyId: integer()
      .notNull()
      .references(() => listeningSurveys.id, { onDelete: 'cascade' }),
    enterpriseId: integer().references(() => enterprises.id),
    enterpriseOrgId: integer(),
    districtCode: text(),
    industrySection: text(),
    enterpriseKind: text(),
    answers: jsonb().$type<Answers>().notNull(),
    submittedOn: date({ mode: 'string' }).notNull(),
  },
  (t) => [
    index('listening_responses_survey_idx').on(t.surveyId),
    // one named answer per enterprise (the receipt on the target says the same; this is the last guard)
    uniqueIndex('listening_responses_enterprise_uq').on(t.surveyId, t.enterpriseId),
  ],
);

/** A draft being answered (an account's, by enterprise; a link's, by token hash), removed when the answer is sent. */
export const listeningDrafts = pgTable(
  'listening_drafts',
  {
    surveyId: integer()
      .notNull()
      .references(() => listeningSurveys.id, { onDelete: 'cascade' }),
    ownerKey: text().notNull(),
    answers: jsonb().$type<Record<string, unknown>>().notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.surveyId, t.ownerKey] })],
);
