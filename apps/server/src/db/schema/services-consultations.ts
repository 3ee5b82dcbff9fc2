import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt, tstz, updatedAt } from './columns.js';
import { enterprises } from './enterprises.js';
import { orgs } from './orgs.js';
import { users } from './users.js';

/**
 * Consultations (咨询问答, issue 15 item 4): an enterprise's written question to a site or provider (none: its district
 * picks one), answered on the engine's `services.consult` path (`state` is the module's copy). Both sides consent to
 * publication (the two `*_consent_at`); the city or district then publishes a version stripped of names (`faq_*`) to
 * the region's public FAQ. The thread itself is `consultation_messages`.
 */
export const consultations = pgTable(
  'consultations',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    regionCode: text().notNull(),
    districtCode: text(),
    enterpriseId: integer()
      .notNull()
      .references(() => enterprises.id),
    requesterOrgId: integer()
      .notNull()
      .references(() => orgs.id),
    requesterOrgPath: text().notNull(),
    askedBy: integer().references(() => users.id),
    category: text().notNull(),
    title: text().notNull(),
    assigneeOrgId: integer().references(() => orgs.id),
    assigneeOrgPath: text(),
    assigneeKind: text({ enum: ['site', 'provider'] }),
    state: text().notNull(),
    askerConsentAt: tstz(),
    answererConsentAt: tstz(),
    faqCategory: text(),
    faqQuestion: text(),
    faqAnswer: text(),
    publishedAt: tstz(),
    publishedBy: integer().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('consultations_requester_idx').on(t.requesterOrgId, t.id),
    index('consultations_assignee_idx').on(t.assigneeOrgId, t.state),
    index('consultations_requester_path_idx').using('btree', sql`${t.requesterOrgPath} text_pattern_ops`, t.id),
    index('consultations_assignee_path_idx').using('btree', sql`${t.assigneeOrgPath} text_pattern_ops`),
    // the public FAQ: a region's published entries, newest first
    index('consultations_faq_idx').on(t.regionCode, t.publishedAt).where(sql`${t.publishedAt} is not null`),
  ],
);

/** A consultation's thread: the question, answers and follow-up questions, in order. */
export const consultationMessages = pgTable(
  'consultation_messages',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    consultationId: integer()
      .notNull()
      .references(() => consultations.id),
    kind: text({ enum: ['question', 'answer'] }).notNull(),
    body: text().notNull(),
    orgId: integer()
      .notNull()
      .references(() => orgs.id),
    createdBy: integer().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('consultation_messages_consultation_idx').on(t.consultationId, t.id)],
);
